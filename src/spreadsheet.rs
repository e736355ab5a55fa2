//! Cells that a spreadsheet would run (OWASP "CSV injection").
//!
//! A commune agent opens `/donnees/*.csv` in a spreadsheet: a cell that starts with `=`, `@`, a
//! tab or a carriage return, or with `+` or `-` not followed by a number, is read as a formula
//! (`=HYPERLINK(…)`, `=cmd|…`). Such a cell is published with a leading apostrophe, which
//! spreadsheets read as "text". Phone numbers (`+33 …`) and negative numbers stay as they are,
//! so the open data stays valid.

use std::borrow::Cow;

/// Whether a spreadsheet would read `cell` as a formula.
pub fn is_formula(cell: &str) -> bool {
    let mut chars = cell.chars();
    match chars.next() {
        Some('=' | '@' | '\t' | '\r') => true,
        Some('+' | '-') => {
            let rest = chars.as_str().trim_start_matches(' ');
            let rest = rest.strip_prefix('.').unwrap_or(rest);
            !rest.starts_with(|c: char| c.is_ascii_digit())
        }
        _ => false,
    }
}

/// `cell`, made inert when a spreadsheet would run it.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if is_formula(cell) { Cow::Owned(format!("'{cell}")) } else { Cow::Borrowed(cell) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_made_inert_and_numbers_are_not() {
        for f in [
            "=HYPERLINK(\"http://x\",\"clic\")",
            "=cmd|' /C calc'!A0",
            "@SUM(A1)",
            "\t=1+1",
            "\r=1",
            "+A1",
            "-A1",
            "+",
            "- texte",
        ] {
            assert!(is_formula(f), "{f:?}");
            assert_eq!(neutralise(f), format!("'{f}"));
        }
        for n in ["+33 5 53 00 00 00", "+33553000000", "-1.5", "-.5", "- 3", "12", "texte = formule", "", "Ça va"] {
            assert!(!is_formula(n), "{n:?}");
            assert_eq!(neutralise(n), n);
        }
    }
}
