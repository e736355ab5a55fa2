//! Numbers: no percentages or fractions, no large numbers, digits rather than letters.

use crate::falc::text::words;
use crate::falc::{Hit, Level, Page};

const FRACTIONS: &[&str] =
    &["pour cent", "pourcent", "un tiers", "deux tiers", "un quart", "trois quarts", "trois quart"];

pub fn percentages(p: &Page) -> Vec<Hit> {
    let mut out = Vec::new();
    for b in p.blocks {
        let lower = b.text.to_lowercase();
        let ws = words(&b.text);
        for (i, (at, w)) in ws.iter().enumerate() {
            if !w.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.') {
                continue;
            }
            let after = &b.text[at + w.len()..];
            let percent = after.trim_start_matches([' ', '\u{a0}', '\u{202f}']).starts_with('%');
            let fraction = after.starts_with('/')
                && ws.get(i + 1).is_some_and(|(_, n)| n.chars().all(|c| c.is_ascii_digit()))
                && !after[1..].trim_start_matches(|c: char| c.is_ascii_digit()).starts_with('/');
            let is_date_part = i > 0 && b.text[..*at].ends_with('/');
            if (percent || fraction) && !is_date_part {
                out.push(
                    Hit::new(
                        "pourcentage",
                        Level::Warning,
                        b.source(*at),
                        format!("{} : difficile à comprendre", if percent { "pourcentage" } else { "fraction" }),
                    )
                    .suggest("écrivez « la moitié », « beaucoup », « peu », ou « 1 personne sur 4 »".into()),
                );
            }
        }
        for f in FRACTIONS {
            if let Some(i) = lower.find(f) {
                out.push(
                    Hit::new("pourcentage", Level::Warning, b.source(i), format!("« {f} » : difficile à comprendre"))
                        .suggest("écrivez « la moitié », « beaucoup », « peu », ou « 1 personne sur 4 »".into()),
                );
            }
        }
    }
    out
}

pub fn big(p: &Page) -> Vec<Hit> {
    let mut out = Vec::new();
    for b in p.blocks {
        let ws = words(&b.text);
        let mut i = 0;
        while i < ws.len() {
            let (at, w) = ws[i];
            if !w.chars().all(|c| c.is_ascii_digit()) {
                i += 1;
                continue;
            }
            // « 12 000 » : groups of three digits after a space are one number.
            let mut digits = w.to_string();
            let mut j = i + 1;
            while j < ws.len()
                && ws[j].1.len() == 3
                && ws[j].1.chars().all(|c| c.is_ascii_digit())
                && b.text[ws[j - 1].0 + ws[j - 1].1.len()..ws[j].0]
                    .chars()
                    .all(|c| matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
            {
                digits.push_str(ws[j].1);
                j += 1;
            }
            let year = digits.len() == 4 && (1900..2100).contains(&digits.parse::<u64>().unwrap_or(0));
            let postcode = digits.len() == 5
                && j == i + 1
                && ws.get(j).is_some_and(|(_, next)| next.chars().next().is_some_and(char::is_uppercase));
            if !year && !postcode && digits.parse::<u64>().is_ok_and(|n| n >= p.settings.grand_nombre) {
                out.push(
                    Hit::new("grand-nombre", Level::Warning, b.source(at), format!("grand nombre : {digits}"))
                        .suggest("écrivez « beaucoup », ou arrondissez (« plus de 10 000 »)".into()),
                );
            }
            i = j;
        }
    }
    out
}

const IN_LETTERS: &[&str] = &[
    "deux",
    "trois",
    "quatre",
    "cinq",
    "six",
    "sept",
    "huit",
    "neuf",
    "dix",
    "onze",
    "douze",
    "treize",
    "quatorze",
    "quinze",
    "seize",
    "vingt",
    "trente",
    "quarante",
    "cinquante",
    "soixante",
    "cent",
    "mille",
];

pub fn in_letters(p: &Page) -> Vec<Hit> {
    let mut out = Vec::new();
    for b in p.blocks {
        for (at, w) in words(&b.text) {
            let lower = w.to_lowercase();
            let base = lower.split('-').next().unwrap_or("");
            if IN_LETTERS.contains(&base) {
                let n = match base {
                    "deux" => "2",
                    "trois" => "3",
                    "quatre" => "4",
                    "cinq" => "5",
                    "six" => "6",
                    "sept" => "7",
                    "huit" => "8",
                    "neuf" => "9",
                    "dix" => "10",
                    _ => "le nombre",
                };
                out.push(
                    Hit::new(
                        "nombre-en-lettres",
                        Level::Warning,
                        b.source(at),
                        format!("nombre écrit en lettres : « {w} »"),
                    )
                    .suggest(format!("écrivez {n} en chiffres")),
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
    fn percentages_and_fractions() {
        assert!(flags(percentages, "30 % des habitants."));
        assert!(flags(percentages, "Un tiers des enfants."));
        assert!(flags(percentages, "Il reste 3/4 des places."));
        assert!(!flags(percentages, "Venez le 12/03/2026."));
        assert!(!flags(percentages, "La moitié des places."));
    }

    #[test]
    fn big_numbers() {
        assert!(flags(big, "Le territoire compte 45 000 habitants."));
        assert!(flags(big, "Il y a 12500 personnes."));
        assert!(!flags(big, "En 2026, 300 personnes."));
        assert!(!flags(big, "Écrivez au 24000 Lézignac."));
    }

    #[test]
    fn numbers_in_letters() {
        assert!(flags(in_letters, "Venez avec trois documents."));
        assert!(flags(in_letters, "Il y a vingt places."));
        assert!(!flags(in_letters, "Venez avec 3 documents."));
        assert!(!flags(in_letters, "Un médecin vous reçoit."));
    }
}
