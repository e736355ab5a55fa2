//! Acronyms must be written in full or explained (`PMI veut dire…`, or the full name in the page).

use crate::falc::text::words;
use crate::falc::{Hit, Level, Page};
use std::collections::BTreeSet;

/// An acronym: two or more capitals, maybe a digit or a plural « s » (`CPTS`, `C2S`, `EHPADs`).
pub fn is_acronym(w: &str) -> bool {
    let core = w.strip_suffix('s').filter(|c| c.chars().count() >= 2).unwrap_or(w);
    let letters = core.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2
        && core.chars().next().is_some_and(char::is_uppercase)
        && core.chars().all(|c| (c.is_alphabetic() && c.is_uppercase()) || c.is_ascii_digit())
}

fn fold(s: &str) -> String {
    crate::text::fold(&s.to_lowercase())
}

pub fn check(p: &Page) -> Vec<Hit> {
    let all: String = p.blocks.iter().map(|b| b.text.as_str()).collect::<Vec<_>>().join("\n");
    let folded = fold(&all);
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for b in p.blocks {
        for (at, w) in words(&b.text) {
            if !is_acronym(w) || !seen.insert(w.to_string()) {
                continue;
            }
            let explained = ["veut dire", "signifie", "c'est", ": "].iter().any(|x| all.contains(&format!("{w} {x}")))
                || all.contains(&format!("{w} :"))
                || all.contains(&format!("({w})"));
            if explained {
                continue;
            }
            let base = w.strip_suffix('s').filter(|c| p.known.acronyms.contains_key(*c)).unwrap_or(w);
            match p.known.acronyms.get(base) {
                Some(name) if folded.contains(&fold(name)) => {}
                Some(name) => out.push(
                    Hit::new(
                        "sigle-inexplique",
                        Level::Warning,
                        b.source(at),
                        format!("le sigle {w} n'est pas expliqué dans la page"),
                    )
                    .suggest(format!("écrivez « {name} », ou « {w} veut dire {name} »")),
                ),
                None => out.push(
                    Hit::new(
                        "sigle-inexplique",
                        Level::Error,
                        b.source(at),
                        format!("le sigle {w} n'est ni dans le glossaire ni expliqué"),
                    )
                    .suggest(format!("écrivez le nom en entier, ou « {w} veut dire … », ou ajoutez-le au glossaire")),
                ),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::falc::Known;
    use crate::falc::rules::testing::{flags, run_with};

    #[test]
    fn unexplained_acronyms_are_flagged() {
        assert!(flags(check, "Allez à la CPAM."));
        assert!(flags(check, "Le CLS aide les habitants."));
        let known = Known { acronyms: [("PMI".to_string(), "Protection maternelle et infantile".to_string())].into() };
        let hits = run_with(check, "La PMI vous reçoit.", &known);
        assert_eq!(hits[0].level, Level::Warning, "dans le glossaire mais pas expliqué");
    }

    #[test]
    fn explained_acronyms_and_ordinary_words_pass() {
        assert!(!flags(check, "La CPAM veut dire la caisse d'assurance maladie.\nAllez à la CPAM."));
        assert!(!flags(check, "La caisse d'assurance maladie (CPAM) vous aide."));
        assert!(!flags(check, "Prenez de la vitamine C. Le matin, à 9 h."));
        let known = Known { acronyms: [("PMI".to_string(), "Protection maternelle et infantile".to_string())].into() };
        assert!(run_with(check, "La protection maternelle et infantile, la PMI, vous reçoit.", &known).is_empty());
    }
}
