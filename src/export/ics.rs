//! iCalendar (RFC 5545) feeds of the fiches' events, in Europe/Paris time.

use crate::Site;
use crate::content::reader::When;
use crate::content::{Action, Evenement};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};

fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let mut d = NaiveDate::from_ymd_opt(year, month + 1, 1).unwrap_or_default() - Duration::days(1);
    while d.weekday() != Weekday::Sun {
        d -= Duration::days(1);
    }
    d
}

/// Paris' UTC offset in minutes at a UTC instant: summer time runs from the last Sunday of
/// March to the last Sunday of October, switching at 01:00 UTC.
pub fn paris_offset(utc: NaiveDateTime) -> i64 {
    let y = utc.year();
    let start = last_sunday(y, 3).and_hms_opt(1, 0, 0).unwrap_or_default();
    let end = last_sunday(y, 10).and_hms_opt(1, 0, 0).unwrap_or_default();
    if utc >= start && utc < end { 120 } else { 60 }
}

/// The event time in Paris local time (content may give any offset).
pub fn paris_local(w: &When) -> Option<NaiveDateTime> {
    let t = w.time?;
    let local = w.date.and_time(t);
    Some(match w.offset_min {
        Some(o) => {
            let utc = local - Duration::minutes(o.into());
            utc + Duration::minutes(paris_offset(utc))
        }
        None => local,
    })
}

/// Escapes TEXT values (RFC 5545 §3.3.11).
pub fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace("\r\n", "\\n").replace('\n', "\\n")
}

/// Folds a content line at 75 octets (RFC 5545 §3.1), on character boundaries.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

const VTIMEZONE: &[&str] = &[
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Paris",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
];

fn host(site: &Site) -> String {
    site.config.url.split("://").nth(1).and_then(|r| r.split('/').next()).unwrap_or("portail").to_string()
}

/// A stable identifier: the fiche, the day and the title, not the event's position in the file.
pub fn uid(site: &Site, a: &Action, e: &Evenement) -> String {
    let slug = a.origin.path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    format!("{slug}-{}-{}@{}", e.debut.date.format("%Y%m%d"), crate::slug::slugify(&e.titre), host(site))
}

fn when_line(name: &str, w: &When) -> String {
    match paris_local(w) {
        Some(t) => format!("{name};TZID=Europe/Paris:{}", t.format("%Y%m%dT%H%M%S")),
        None => format!("{name};VALUE=DATE:{}", w.date.format("%Y%m%d")),
    }
}

/// A calendar of the events of `actions`.
pub fn calendar<'a>(site: &Site, name: &str, events: impl Iterator<Item = (&'a Action, &'a Evenement)>) -> String {
    let mut out = String::new();
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//portail//Contrat local de sante//FR",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        fold(l, &mut out);
    }
    fold(&format!("X-WR-CALNAME:{}", escape(name)), &mut out);
    fold("X-WR-TIMEZONE:Europe/Paris", &mut out);
    for l in VTIMEZONE {
        fold(l, &mut out);
    }
    for (a, e) in events {
        let url = format!("{}{}", site.config.url, a.origin.path);
        // DTSTAMP must not change from one build to the next: the fiche's last update.
        let stamp = a.date_maj.as_ref().map_or(e.debut.date, |d| d.v);
        fold("BEGIN:VEVENT", &mut out);
        fold(&format!("UID:{}", uid(site, a, e)), &mut out);
        fold(&format!("DTSTAMP:{}T000000Z", stamp.format("%Y%m%d")), &mut out);
        fold(&when_line("DTSTART", &e.debut), &mut out);
        match &e.fin {
            Some(f) => fold(&when_line("DTEND", f), &mut out),
            None if e.debut.time.is_none() => {
                fold(&format!("DTEND;VALUE=DATE:{}", (e.debut.date + Duration::days(1)).format("%Y%m%d")), &mut out)
            }
            None => {}
        }
        fold(&format!("SUMMARY:{}", escape(&e.titre)), &mut out);
        let commune = e.commune.as_ref().and_then(|c| site.config.commune(c)).map(|c| c.nom.clone());
        let location: Vec<String> = [e.lieu.clone(), commune].into_iter().flatten().collect();
        if !location.is_empty() {
            fold(&format!("LOCATION:{}", escape(&location.join(", "))), &mut out);
        }
        let mut desc = format!("Action {} : {}", a.numero.v, a.titre);
        if let Some(d) = &e.description {
            desc = format!("{d}\n{desc}");
        }
        fold(&format!("DESCRIPTION:{}", escape(&format!("{desc}\n{url}"))), &mut out);
        fold(&format!("URL:{}", e.lien.as_deref().unwrap_or(&url)), &mut out);
        fold("END:VEVENT", &mut out);
    }
    fold("END:VCALENDAR", &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paris_time_follows_summer_time() {
        let w = |d: &str, t: &str, o: i32| When {
            date: d.parse().unwrap(),
            time: Some(t.parse().unwrap()),
            offset_min: Some(o),
        };
        assert_eq!(paris_local(&w("2026-05-12", "14:00:00", 120)).unwrap().to_string(), "2026-05-12 14:00:00");
        assert_eq!(paris_local(&w("2026-05-12", "12:00:00", 0)).unwrap().to_string(), "2026-05-12 14:00:00");
        assert_eq!(paris_local(&w("2026-12-03", "08:00:00", 0)).unwrap().to_string(), "2026-12-03 09:00:00");
        assert_eq!(last_sunday(2026, 3).to_string(), "2026-03-29");
        assert_eq!(last_sunday(2026, 10).to_string(), "2026-10-25");
    }

    #[test]
    fn text_is_escaped_and_lines_folded() {
        assert_eq!(escape("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
        let mut out = String::new();
        fold(&format!("SUMMARY:{}", "é".repeat(60)), &mut out);
        assert!(out.split("\r\n").all(|l| l.len() <= 75), "{out}");
        assert_eq!(out.replace("\r\n ", ""), format!("SUMMARY:{}\r\n", "é".repeat(60)));
    }
}
