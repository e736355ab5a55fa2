//! Opening hours (OpenStreetMap syntax) said in French sentences.
//!
//! Covers what directories use: weekdays, time ranges, public holidays, comments.
//! Anything richer (months, week numbers, sunrise) returns `None` and the page shows the raw value.

use opening_hours_syntax::ExtendedTime;
use opening_hours_syntax::rules::day::{HolidayKind, WeekDayRange};
use opening_hours_syntax::rules::time::Time;
use opening_hours_syntax::rules::{RuleKind, RuleOperator};

const DAYS: [&str; 7] = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];

/// One line per rule, or `None` when the expression is beyond plain words.
pub fn describe(value: &str) -> Option<Vec<String>> {
    let expr = opening_hours_syntax::parse(value).ok()?;
    let mut lines = Vec::new();
    for rule in &expr.rules {
        if rule.operator == RuleOperator::Fallback {
            return None;
        }
        let ds = &rule.day_selector;
        if !ds.year.is_empty() || !ds.monthday.is_empty() || !ds.week.is_empty() {
            return None;
        }
        let days = days_text(&ds.weekday)?;
        let times = times_text(&rule.time_selector.spans)?;
        let mut line = match (rule.kind, days.as_str(), times.as_str()) {
            (RuleKind::Open, "", "") => "Ouvert 24 h sur 24, 7 jours sur 7".to_string(),
            (RuleKind::Open, "", t) => format!("Tous les jours : {t}"),
            (RuleKind::Open, d, "") => format!("{} : toute la journée", capitalize(d)),
            (RuleKind::Open, d, t) => format!("{} : {t}", capitalize(d)),
            (RuleKind::Closed, "", _) => "Fermé".to_string(),
            (RuleKind::Closed, d, "") => format!("Fermé {d}"),
            (RuleKind::Closed, d, t) => format!("Fermé {d}, {t}"),
            (RuleKind::Unknown, d, _) if !rule.comment.is_empty() => capitalize(d).to_string(),
            (RuleKind::Unknown, _, _) => return None,
        };
        if !rule.comment.is_empty() {
            if line.is_empty() {
                line = rule.comment.to_string();
            } else {
                line = format!("{line} ({})", rule.comment);
            }
        }
        lines.push(line);
    }
    Some(lines)
}

fn days_text(ranges: &[WeekDayRange]) -> Option<String> {
    let mut parts = Vec::new();
    for r in ranges {
        match r {
            WeekDayRange::Fixed { range, offset: 0, nth_from_start, nth_from_end }
                if !nth_from_start.contains(&false) && !nth_from_end.contains(&false) =>
            {
                let (a, b) =
                    (range.start().num_days_from_monday() as usize, range.end().num_days_from_monday() as usize);
                parts.push(if a == b {
                    format!("le {}", DAYS[a])
                } else if (a + 1) % 7 == b {
                    format!("le {} et le {}", DAYS[a], DAYS[b])
                } else {
                    format!("du {} au {}", DAYS[a], DAYS[b])
                });
            }
            WeekDayRange::Holiday { kind: HolidayKind::Public, offset: 0 } => parts.push("les jours fériés".into()),
            WeekDayRange::Holiday { kind: HolidayKind::School, offset: 0 } => {
                parts.push("pendant les vacances scolaires".into())
            }
            _ => return None,
        }
    }
    Some(join_fr(&parts))
}

fn times_text(spans: &[opening_hours_syntax::rules::time::TimeSpan]) -> Option<String> {
    let mut parts = Vec::new();
    for s in spans {
        if s.repeats.is_some() {
            return None;
        }
        let (Time::Fixed(a), Time::Fixed(b)) = (s.range.start, s.range.end) else {
            return None;
        };
        if a.hour() == 0 && a.minute() == 0 && b.hour() == 24 && b.minute() == 0 {
            continue;
        }
        if s.open_end {
            parts.push(format!("à partir de {}", time(a)));
        } else {
            parts.push(format!("de {} à {}", time(a), time(b)));
        }
    }
    Some(join_fr(&parts))
}

/// `8 h 30`, `12 h`: the French typographic way.
fn time(t: ExtendedTime) -> String {
    match t.minute() {
        0 => format!("{} h", t.hour()),
        m => format!("{} h {m:02}", t.hour()),
    }
}

fn join_fr(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} et {last}", init.join(", ")),
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekly_hours_in_words() {
        assert_eq!(
            describe("Mo-Fr 08:30-12:00,13:30-16:30; PH off").unwrap(),
            ["Du lundi au vendredi : de 8 h 30 à 12 h et de 13 h 30 à 16 h 30", "Fermé les jours fériés"]
        );
        assert_eq!(describe("Tu,Th 14:00-17:00").unwrap(), ["Le mardi et le jeudi : de 14 h à 17 h"]);
        assert_eq!(
            describe("Sa 09:00-12:00 \"sur rendez-vous\"").unwrap(),
            ["Le samedi : de 9 h à 12 h (sur rendez-vous)"]
        );
        assert_eq!(describe("24/7").unwrap(), ["Ouvert 24 h sur 24, 7 jours sur 7"]);
    }

    #[test]
    fn rich_expressions_fall_back() {
        assert_eq!(describe("Jan-Mar Mo 10:00-12:00"), None);
        assert_eq!(describe("pas une syntaxe"), None);
    }
}
