//! No words in capitals: they are hard to read (acronyms have their own rule).

use super::acronym::is_acronym;
use crate::falc::text::words;
use crate::falc::{Hit, Level, Page};

fn capitals(w: &str) -> bool {
    w.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && w.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase)
}

pub fn check(p: &Page) -> Vec<Hit> {
    let mut out = Vec::new();
    for b in p.blocks {
        let ws = words(&b.text);
        let mut i = 0;
        while i < ws.len() {
            let mut j = i;
            while j < ws.len() && capitals(ws[j].1) {
                j += 1;
            }
            // Two words in a row, unless every one is a known acronym (« CCAS CIAS »).
            let known = ws[i..j].iter().all(|(_, w)| is_acronym(w) && p.known.acronyms.contains_key(*w));
            if j - i >= 2 && !known {
                out.push(
                    Hit::new(
                        "majuscules",
                        Level::Error,
                        b.source(ws[i].0),
                        format!("mots en capitales : « {} … »", ws[i].1),
                    )
                    .suggest("écrivez en minuscules ; pour insister, mettez en gras".into()),
                );
            }
            i = j.max(i + 1);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::falc::rules::testing::flags;

    #[test]
    fn words_in_capitals() {
        assert!(flags(check, "ATTENTION AU DÉPART du car."));
        assert!(flags(check, "Le centre est FERMÉ LE LUNDI."));
        assert!(!flags(check, "Le centre est fermé le lundi."));
        assert!(!flags(check, "Allez à la CPAM le matin."));
    }
}
