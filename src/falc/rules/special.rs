//! Special characters and abbreviations: `( ) / & ; § # * < >`, `etc.`, `…`, `cf.`, `M.`, `tél.`.

use crate::falc::text::words;
use crate::falc::{Hit, Level, Page};

const CHARACTERS: &[char] = &['(', ')', '/', '&', ';', '§', '#', '*', '<', '>', '…', '[', ']', '{', '}', '|', '~'];
const ABBREVIATIONS: &[&str] = &[
    "etc", "cf", "M", "Mme", "Mmes", "Mlle", "Dr", "Pr", "n°", "N°", "tél", "Tél", "env", "ex", "hab", "p", "av", "bd",
];

pub fn check(p: &Page) -> Vec<Hit> {
    let mut out = Vec::new();
    for b in p.blocks {
        let mut reported = false;
        for (i, c) in b.text.char_indices() {
            // A slash between digits is a date or a fraction: other rules say it better.
            let around = |d: usize| {
                b.text[..i].ends_with(|x: char| x.is_ascii_digit())
                    && b.text[i + d..].starts_with(|x: char| x.is_ascii_digit())
            };
            if CHARACTERS.contains(&c) && !(c == '/' && around(1)) && !reported {
                out.push(
                    Hit::new("caracteres-speciaux", Level::Warning, b.source(i), format!("caractère spécial « {c} »"))
                        .suggest("écrivez une phrase simple, sans parenthèses ni symboles".into()),
                );
                reported = true;
            }
        }
        for (at, w) in words(&b.text) {
            let abbreviated = b.text[at + w.len()..].starts_with('.') && ABBREVIATIONS.contains(&w);
            let numero = w == "n" && b.text[at + 1..].starts_with('°');
            if abbreviated || numero {
                out.push(
                    Hit::new("caracteres-speciaux", Level::Warning, b.source(at), format!("abréviation « {w}. »"))
                        .suggest("écrivez le mot en entier (« Madame », « téléphone », « numéro »)".into()),
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
    fn special_characters_and_abbreviations() {
        assert!(flags(check, "Apportez vos papiers (carte Vitale, etc.)."));
        assert!(flags(check, "Parents & enfants."));
        assert!(flags(check, "Appelez Mme. Roux au tél. indiqué."));
        assert!(flags(check, "Le n° de dossier."));
        assert!(!flags(check, "Apportez votre carte Vitale."));
        assert!(!flags(check, "Venez à 9 h 30, le 12/03/2026."));
    }
}
