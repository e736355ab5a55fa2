//! Short, known words: a long word is a hint (the report shows it; `check` does not).

use crate::falc::text::words;
use crate::falc::{Hit, Level, Page};

pub fn check(p: &Page) -> Vec<Hit> {
    let mut out = Vec::new();
    for b in p.blocks {
        for (at, w) in words(&b.text) {
            let letters = w.chars().filter(|c| c.is_alphabetic()).count();
            // Compound words (« rendez-vous ») read as their parts.
            let longest = w.split(['-', '\'', '’']).map(|x| x.chars().count()).max().unwrap_or(0);
            if letters > p.settings.mot_long && longest > p.settings.mot_long && !p.known.acronyms.contains_key(w) {
                out.push(
                    Hit::new("mot-long", Level::Info, b.source(at), format!("mot long : « {w} »"))
                        .suggest("cherchez un mot plus court et plus courant".into()),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::falc::rules::testing::flags;

    #[test]
    fn long_words() {
        assert!(flags(check, "Les institutions agissent conjointement."));
        assert!(flags(check, "La contractualisation avance."));
        assert!(!flags(check, "Le médecin vous reçoit."));
        assert!(!flags(check, "Prenez rendez-vous au centre."));
    }
}
