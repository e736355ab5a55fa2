//! French formatting of dates and numbers for residents.

use chrono::{Datelike, NaiveDate};

const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// `1er mars 2026`, `15 janvier 2026`.
pub fn date(d: NaiveDate) -> String {
    let day = if d.day() == 1 { "1er".to_string() } else { d.day().to_string() };
    format!("{day} {} {}", MONTHS[d.month0() as usize], d.year())
}

/// `jeudi`.
pub fn weekday(d: NaiveDate) -> &'static str {
    ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
        [d.weekday().num_days_from_monday() as usize]
}

/// `mars 2026`.
pub fn month(d: NaiveDate) -> String {
    format!("{} {}", MONTHS[d.month0() as usize], d.year())
}

pub use crate::text::number;

/// ISO 8601 form of an event time, as written in the content.
pub fn iso(w: &crate::content::reader::When) -> String {
    match (w.time, w.offset_min) {
        (Some(t), Some(o)) => {
            let sign = if o < 0 { '-' } else { '+' };
            format!("{}T{}{sign}{:02}:{:02}", w.date, t.format("%H:%M:%S"), o.abs() / 60, o.abs() % 60)
        }
        (Some(t), None) => format!("{}T{}", w.date, t.format("%H:%M:%S")),
        _ => w.date.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_dates_and_numbers() {
        assert_eq!(date(NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()), "1er mars 2026");
        assert_eq!(date(NaiveDate::from_ymd_opt(2026, 8, 15).unwrap()), "15 août 2026");
        assert_eq!(number(1500.0), "1\u{202F}500");
        assert_eq!(number(12.5), "12,5");
        assert_eq!(number(6.0), "6");
        assert_eq!(number(1234567.25), "1\u{202F}234\u{202F}567,25");
    }
}
