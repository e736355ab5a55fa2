//! The geometry of the follow-up charts: positions and sizes in the SVG's own units, and each
//! number as text. The theme draws them (`graphiques.html`), with a table of the same numbers
//! beside each chart; nothing here writes markup.

use crate::format;
use minijinja::{Value, context};
use serde::Serialize;

/// Width of every chart's drawing, in SVG units (its `viewBox`); the page scales it.
pub const WIDTH: f64 = 640.0;
/// Where bars start: the labels take the left of the drawing.
const LABELS: f64 = 230.0;
/// Room for the number written after a bar.
const VALUE: f64 = 70.0;
/// Height of a row.
pub const ROW: f64 = 30.0;

fn round(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// A label cut to fit the left of a drawing (the table beside it has it whole).
pub fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max - 1).collect();
    format!("{}…", cut.trim_end())
}

/// One bar of a bar chart.
#[derive(Debug, Clone, Serialize)]
pub struct Bar {
    pub libelle: String,
    pub court: String,
    /// The number, for tests and the table (`data-valeur`).
    pub valeur: f64,
    /// The number in French, with its unit.
    pub texte: String,
    pub url: Option<String>,
    pub y: f64,
    pub largeur: f64,
}

/// Horizontal bars, scaled to the largest.
pub fn bars(rows: Vec<(String, f64, String, Option<String>)>) -> Value {
    let max = rows.iter().map(|r| r.1).fold(0.0, f64::max);
    let span = WIDTH - LABELS - VALUE;
    let bars: Vec<Bar> = rows
        .into_iter()
        .enumerate()
        .map(|(i, (libelle, valeur, texte, url))| Bar {
            court: short(&libelle, 28),
            libelle,
            valeur,
            texte,
            url,
            y: i as f64 * ROW,
            largeur: if max > 0.0 { round(valeur / max * span) } else { 0.0 },
        })
        .collect();
    context! {
        hauteur => bars.len() as f64 * ROW,
        largeur => WIDTH,
        x0 => LABELS,
        barres => bars,
    }
}

/// A series of a stacked bar chart (a status, with its code for the colour).
pub struct Series {
    pub code: String,
    pub libelle: String,
}

/// Rows of stacked segments, each row as wide as its total's share of the largest.
pub fn stacked(series: &[Series], rows: Vec<(String, Option<String>, Vec<usize>)>) -> Value {
    let span = WIDTH - LABELS - VALUE;
    let max = rows.iter().map(|r| r.2.iter().sum::<usize>()).max().unwrap_or(0);
    let lignes: Vec<Value> = rows
        .into_iter()
        .enumerate()
        .map(|(i, (libelle, url, counts))| {
            let total: usize = counts.iter().sum();
            let mut x = LABELS;
            let segments: Vec<Value> = counts
                .iter()
                .zip(series)
                .filter(|(n, _)| **n > 0)
                .map(|(n, s)| {
                    let w = round(*n as f64 / max as f64 * span);
                    let seg = context! { code => s.code, libelle => s.libelle, valeur => n, x => round(x), largeur => w };
                    x += w;
                    seg
                })
                .collect();
            let cells: Vec<Value> = counts.iter().map(|n| Value::from(*n)).collect();
            context! { court => short(&libelle, 28), libelle => libelle, url => url, y => i as f64 * ROW, total => total, fin => round(x), segments => segments, valeurs => cells }
        })
        .collect();
    let legende: Vec<Value> = series.iter().map(|s| context! { code => s.code, libelle => s.libelle }).collect();
    context! {
        hauteur => lignes.len() as f64 * ROW,
        largeur => WIDTH,
        x0 => LABELS,
        lignes => lignes,
        series => legende,
        // Nothing to draw: no status is known (a report's year before any assessment).
        vide => max == 0,
    }
}

/// A small line of an indicator's numeric measures (at least two), oldest first, with the
/// baseline and the target when known: points in a 120 × 32 box.
pub fn trend(points: &[(chrono::NaiveDate, f64)], cible: Option<f64>) -> Option<Value> {
    if points.len() < 2 {
        return None;
    }
    let (w, h) = (120.0, 32.0);
    let first = points.first()?.0;
    let last = points.last()?.0;
    let days = (last - first).num_days().max(1) as f64;
    let values = points.iter().map(|p| p.1).chain(cible);
    let lo = values.clone().fold(f64::INFINITY, f64::min).min(0.0);
    let hi = values.fold(f64::NEG_INFINITY, f64::max);
    let span = if hi > lo { hi - lo } else { 1.0 };
    let y = |v: f64| round(h - 2.0 - (v - lo) / span * (h - 4.0));
    let xy: Vec<String> = points
        .iter()
        .map(|(d, v)| format!("{},{}", round(2.0 + (*d - first).num_days() as f64 / days * (w - 4.0)), y(*v)))
        .collect();
    let words: Vec<String> =
        points.iter().map(|(d, v)| format!("{} le {}", format::number(*v), format::date(*d))).collect();
    Some(context! {
        largeur => w,
        hauteur => h,
        points => xy.join(" "),
        cible_y => cible.map(y),
        texte => words.join(", "),
    })
}

/// A calendar: positions of dates between two bounds, on the bar area.
pub struct Timeline {
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
}

impl Timeline {
    pub fn x(&self, d: chrono::NaiveDate) -> f64 {
        let d = d.clamp(self.from, self.to);
        let days = (self.to - self.from).num_days().max(1) as f64;
        round(LABELS + (d - self.from).num_days() as f64 / days * (WIDTH - LABELS - 10.0))
    }

    /// A span as x and width, at least 2 units so a one-day stage shows.
    pub fn span(&self, a: chrono::NaiveDate, b: chrono::NaiveDate) -> (f64, f64) {
        let (x1, x2) = (self.x(a), self.x(b.max(a)));
        (x1, round((x2 - x1).max(2.0)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_and_keep_their_numbers() {
        let v = bars(vec![("a".into(), 10.0, "10".into(), None), ("b".into(), 5.0, "5".into(), None)]);
        let b = v.get_attr("barres").unwrap();
        let first = b.get_item(&Value::from(0)).unwrap();
        let second = b.get_item(&Value::from(1)).unwrap();
        let w = |x: &Value| {
            x.get_attr("largeur")
                .unwrap()
                .as_i64()
                .map(|v| v as f64)
                .unwrap_or_else(|| x.get_attr("largeur").unwrap().to_string().parse().unwrap())
        };
        assert_eq!(w(&first), WIDTH - LABELS - VALUE);
        assert_eq!(w(&second), (WIDTH - LABELS - VALUE) / 2.0);
        assert_eq!(second.get_attr("y").unwrap().to_string(), "30.0");
    }

    #[test]
    fn a_timeline_clamps_dates_to_its_bounds() {
        let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
        let t = Timeline { from: d("2024-01-01"), to: d("2024-12-31") };
        assert_eq!(t.x(d("2020-01-01")), LABELS);
        assert_eq!(t.x(d("2030-01-01")), WIDTH - 10.0);
        assert!(t.span(d("2024-05-01"), d("2024-05-01")).1 >= 2.0);
    }

    #[test]
    fn a_trend_needs_two_numbers() {
        let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
        assert!(trend(&[(d("2024-01-01"), 3.0)], None).is_none());
        let t = trend(&[(d("2024-01-01"), 3.0), (d("2025-01-01"), 6.0)], Some(6.0)).unwrap();
        assert_eq!(t.get_attr("texte").unwrap().to_string(), "3 le 1er janvier 2024, 6 le 1er janvier 2025");
        assert_eq!(t.get_attr("points").unwrap().to_string(), "2,16 118,2");
    }
}
