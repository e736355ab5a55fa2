//! Dates in full: « mardi 12 mars 2026 », not « 12/03/2026 » or « 2026-03-12 ».

use crate::falc::{Hit, Level, Page};
use chrono::NaiveDate;

fn parse(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%d/%m/%Y")
        .or_else(|_| NaiveDate::parse_from_str(s, "%Y-%m-%d"))
        .or_else(|_| NaiveDate::parse_from_str(s, "%d.%m.%Y"))
        .ok()
}

pub fn check(p: &Page) -> Vec<Hit> {
    let mut out = Vec::new();
    for b in p.blocks {
        let t = &b.text;
        let mut start = None;
        for (i, c) in t.char_indices().chain([(t.len(), ' ')]) {
            let part = c.is_ascii_digit() || matches!(c, '/' | '-' | '.');
            match (part, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    let token = t[s..i].trim_end_matches(['.', '-', '/']);
                    let numeric = token.matches(['/', '-', '.']).count() == 2;
                    if numeric {
                        let suggestion = parse(token).map_or_else(
                            || "écrivez la date en toutes lettres : « mardi 12 mars 2026 »".to_string(),
                            |d| format!("écrivez « {} {} »", crate::format::weekday(d), crate::format::date(d)),
                        );
                        out.push(
                            Hit::new(
                                "date-numerique",
                                Level::Warning,
                                b.source(s),
                                format!("date en chiffres : « {token} »"),
                            )
                            .suggest(suggestion),
                        );
                    }
                    start = None;
                }
                _ => {}
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::falc::rules::testing::{flags, run};

    #[test]
    fn numeric_dates() {
        let hits = run(check, "Venez le 12/03/2026.");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].suggestion.as_deref(), Some("écrivez « jeudi 12 mars 2026 »"));
        assert!(flags(check, "Rendez-vous le 2026-03-12."));
        assert!(!flags(check, "Venez le jeudi 12 mars 2026."));
        assert!(!flags(check, "Appelez le 01 99 00 12 34."));
    }
}
