//! Link texts say where they lead: not « cliquez ici » or « en savoir plus ».

use crate::falc::text::Mark;
use crate::falc::{Hit, Level, Page};

const GENERIC: &[&str] = &[
    "ici",
    "cliquez ici",
    "cliquer ici",
    "clic",
    "lien",
    "ce lien",
    "en savoir plus",
    "savoir plus",
    "lire la suite",
    "la suite",
    "suite",
    "plus",
    "voir",
    "voir plus",
    "page",
    "cette page",
    "là",
    "->",
    "→",
];

pub fn check(p: &Page) -> Vec<Hit> {
    let mut out = Vec::new();
    for (at, mark) in p.marks {
        if let Mark::Link(text) = mark {
            let t = text.trim().trim_end_matches(['.', '!', ':']).to_lowercase();
            if GENERIC.contains(&t.as_str()) {
                out.push(
                    Hit::new(
                        "lien-generique",
                        Level::Error,
                        *at,
                        format!("lien « {} » : on ne sait pas où il mène", text.trim()),
                    )
                    .suggest("écrivez où mène le lien : « la page de la PMI », « le formulaire de demande »".into()),
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
    fn generic_links() {
        assert!(flags(check, "Pour vous inscrire, [cliquez ici](x)."));
        assert!(flags(check, "[En savoir plus](x)"));
        assert!(!flags(check, "Lisez [les horaires de la PMI](x)."));
        assert!(!flags(check, "Appelez le [01 99 00 12 34](tel:0199001234)."));
    }
}
