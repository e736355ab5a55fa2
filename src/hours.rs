//! Opening hours (OpenStreetMap syntax) said in French sentences.
//!
//! Covers what directories use: weekdays, time ranges, public holidays, comments.
//! Anything richer (months, week numbers, sunrise) returns `None` and the page shows the raw value.

use chrono::{Duration, NaiveDate};
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

/// A week of opening spans in minutes from midnight, Monday first, and whether public
/// holidays are closed (`PH off`). `None` when the expression is beyond a weekly schedule.
pub type Week = ([Vec<(u16, u16)>; 7], bool);

pub fn weekly(value: &str) -> Option<Week> {
    let expr = opening_hours_syntax::parse(value).ok()?;
    let mut week: [Vec<(u16, u16)>; 7] = Default::default();
    let mut holidays_off = false;
    for rule in &expr.rules {
        let ds = &rule.day_selector;
        if rule.operator == RuleOperator::Fallback
            || !ds.year.is_empty()
            || !ds.monthday.is_empty()
            || !ds.week.is_empty()
        {
            return None;
        }
        let mut days = Vec::new();
        for r in &ds.weekday {
            match r {
                WeekDayRange::Fixed { range, offset: 0, nth_from_start, nth_from_end }
                    if !nth_from_start.contains(&false) && !nth_from_end.contains(&false) =>
                {
                    let (a, b) =
                        (range.start().num_days_from_monday() as usize, range.end().num_days_from_monday() as usize);
                    let mut d = a;
                    loop {
                        days.push(d);
                        if d == b {
                            break;
                        }
                        d = (d + 1) % 7;
                    }
                }
                WeekDayRange::Holiday { kind: HolidayKind::Public, offset: 0 } if rule.kind == RuleKind::Closed => {
                    holidays_off = true;
                }
                _ => return None,
            }
        }
        if ds.weekday.is_empty() {
            days = (0..7).collect();
        } else if days.is_empty() {
            continue;
        }
        let mut spans = Vec::new();
        for span in &rule.time_selector.spans {
            let (Time::Fixed(a), Time::Fixed(b)) = (span.range.start, span.range.end) else { return None };
            if span.repeats.is_some() || span.open_end {
                return None;
            }
            spans.push((a.mins_from_midnight(), b.mins_from_midnight().min(24 * 60)));
        }
        for d in days {
            match (rule.kind, rule.operator) {
                (RuleKind::Open, RuleOperator::Additional) => week[d].extend(spans.iter().copied()),
                (RuleKind::Open, _) => week[d] = spans.clone(),
                (RuleKind::Closed, _) => week[d].clear(),
                (RuleKind::Unknown, _) => return None,
            }
        }
    }
    for day in &mut week {
        day.sort_unstable();
    }
    Some((week, holidays_off))
}

/// Easter Sunday (Gregorian computus, Meeus/Jones/Butcher). Written here because French
/// holidays are all the client needs, and they are Easter plus fixed dates.
fn easter(year: i32) -> NaiveDate {
    let (a, b, c) = (year % 19, year / 100, year % 100);
    let (d, e) = (b / 4, b % 4);
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).unwrap_or_default()
}

/// Public holidays in metropolitan France.
pub fn french_holidays(year: i32) -> Vec<NaiveDate> {
    let e = easter(year);
    let fixed = [(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)];
    let mut out: Vec<NaiveDate> = fixed.iter().filter_map(|(m, d)| NaiveDate::from_ymd_opt(year, *m, *d)).collect();
    out.extend([e + Duration::days(1), e + Duration::days(39), e + Duration::days(50)]);
    out.sort();
    out
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
    fn weekly_schedule_follows_osm_rule_order() {
        let (week, ph) = weekly("Mo-Fr 08:30-12:00,13:30-16:30; We 09:00-12:00; PH off").unwrap();
        assert_eq!(week[0], [(510, 720), (810, 990)]);
        assert_eq!(week[2], [(540, 720)], "a later rule replaces the day");
        assert!(week[5].is_empty() && week[6].is_empty());
        assert!(ph);
        assert!(weekly("Jan-Mar Mo 10:00-12:00").is_none());
    }

    #[test]
    fn french_public_holidays() {
        let h = french_holidays(2026);
        assert_eq!(easter(2026).to_string(), "2026-04-05");
        assert_eq!(easter(2027).to_string(), "2027-03-28");
        assert_eq!(h.len(), 11);
        assert!(h.contains(&"2026-04-06".parse().unwrap()), "lundi de Pâques");
        assert!(h.contains(&"2026-05-14".parse().unwrap()), "Ascension");
        assert!(h.contains(&"2026-05-25".parse().unwrap()), "lundi de Pentecôte");
    }

    #[test]
    fn rich_expressions_fall_back() {
        assert_eq!(describe("Jan-Mar Mo 10:00-12:00"), None);
        assert_eq!(describe("pas une syntaxe"), None);
    }
}
