//! No roman numerals: write `21e siècle`, `Louis 14`.

use crate::falc::text::words;
use crate::falc::{Hit, Level, Page};

const CONTEXT: &[&str] = &["siècle", "siècles", "arrondissement", "république", "titre", "chapitre", "partie"];

fn value(r: &str) -> Option<u32> {
    let digit = |c| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        'D' => Some(500),
        'M' => Some(1000),
        _ => None,
    };
    let ds: Vec<u32> = r.chars().map(digit).collect::<Option<_>>()?;
    let mut total = 0;
    for (i, d) in ds.iter().enumerate() {
        if ds.get(i + 1).is_some_and(|n| n > d) {
            total -= *d as i64;
        } else {
            total += *d as i64;
        }
    }
    let v = u32::try_from(total).ok().filter(|v| *v > 0)?;
    // Only the canonical spelling counts: « IIII » or « VX » are not numerals.
    (to_roman(v) == r).then_some(v)
}

fn to_roman(mut v: u32) -> String {
    let table = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (n, r) in table {
        while v >= n {
            s.push_str(r);
            v -= n;
        }
    }
    s
}

pub fn check(p: &Page) -> Vec<Hit> {
    let mut out = Vec::new();
    for b in p.blocks {
        let ws = words(&b.text);
        for (i, (at, w)) in ws.iter().enumerate() {
            let split = w.find(|c: char| !c.is_ascii_uppercase()).unwrap_or(w.len());
            let (num, suffix) = w.split_at(split);
            if num.is_empty() || !matches!(suffix, "" | "e" | "er" | "re" | "ère" | "ème" | "es") {
                continue;
            }
            // Acronyms spelled with roman letters (contrat CDI, CV).
            if p.known.acronyms.contains_key(num) || ["CDI", "CDD", "CV", "DC", "CM", "MD"].contains(&num) {
                continue;
            }
            let Some(v) = value(num) else { continue };
            let next = ws.get(i + 1).map(|x| x.1.to_lowercase());
            let in_context = next.as_deref().is_some_and(|n| CONTEXT.contains(&n));
            // A lone letter (vitamine C, le plan D, « Le ») is a numeral only before a context word,
            // or as I, V or X with an ordinal suffix (Ier, Ve).
            let numeral = num.len() >= 2 || if suffix.is_empty() { in_context } else { matches!(num, "I" | "V" | "X") };
            if numeral && suffix != "s" {
                out.push(
                    Hit::new("chiffres-romains", Level::Error, b.source(*at), format!("chiffres romains : « {w} »"))
                        .suggest(format!("écrivez « {v}{} »", if suffix.is_empty() { "" } else { "e" })),
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
    fn roman_numerals() {
        assert!(flags(check, "Le XXIe siècle."));
        assert!(flags(check, "Le chapitre IV du contrat."));
        assert!(flags(check, "Louis XIV a vécu ici."));
        assert!(flags(check, "La Ve République."));
        assert!(!flags(check, "Le matin."));
        assert!(!flags(check, "Prenez de la vitamine C."));
        assert!(!flags(check, "Le plan D est prêt."));
        assert!(!flags(check, "De 9 h à midi."));
        assert!(!flags(check, "Allez au CMP."));
        assert!(!flags(check, "Vous avez un CDI."));
    }
}
