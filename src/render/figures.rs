//! The geometry of the diagnostic's charts: a dot plot of the territory against its references,
//! a trend over the periods, and the communes shaded by value. Positions are in the SVG's own
//! units, every number also as text; the theme draws them (`figures.html`) beside a table of
//! the same numbers, and nothing here writes markup.

use crate::content::model::Territory;
use crate::content::profile::{Indicator, Value as Point, compare};
use minijinja::{Value, context};

/// Narrow enough that a phone shows the text at a readable size (a 360 px screen draws it at
/// about 0.8), wide enough for four places and their numbers.
const WIDTH: f64 = 440.0;
/// Left of the drawing: the places' names.
const LABELS: f64 = 140.0;
/// Right of the drawing: room for the last value's text.
const RIGHT: f64 = 24.0;
const ROW: f64 = 36.0;
/// Height of the axis under the rows.
const AXIS: f64 = 28.0;

fn round(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// About five round ticks between `lo` and `hi` (1, 2 or 5 times a power of ten apart).
pub fn ticks(lo: f64, hi: f64) -> Vec<f64> {
    let span = (hi - lo).max(f64::EPSILON);
    let raw = span / 5.0;
    let power = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * power).find(|s| span / s <= 6.0).unwrap_or(10.0 * power);
    let mut out = Vec::new();
    let mut t = (lo / step).ceil() * step;
    while t <= hi + step * 1e-9 {
        out.push((t * 1e9).round() / 1e9);
        t += step;
    }
    out
}

/// The scale of a chart: from 0 (or below, for negative values) to a round number above the
/// largest value, so that dots are compared from a true zero.
fn scale(values: impl Iterator<Item = f64> + Clone) -> (f64, f64) {
    let lo = values.clone().fold(0.0, f64::min);
    let hi = values.fold(f64::NEG_INFINITY, f64::max).max(lo + 1.0);
    let t = ticks(lo, hi * 1.05);
    let step = if t.len() > 1 { t[1] - t[0] } else { hi };
    (lo, (hi / step).ceil() * step)
}

/// The territory's latest value beside its references, one row each: a dot, its interval when
/// known, and its number written after it. `None` with fewer than two values to place.
pub fn dots(ind: &Indicator) -> Option<Value> {
    let summary = compare::summary(ind);
    let subject = summary.subject.filter(|s| s.valeur.is_some())?;
    let mut rows: Vec<(&Point, bool)> = vec![(subject, true)];
    rows.extend(summary.comparisons.iter().map(|c| (c.reference, false)));
    if rows.len() < 2 {
        return None;
    }
    let numbers = rows.iter().flat_map(|(v, _)| {
        let (lo, hi) = v.ic.unwrap_or((v.valeur.unwrap_or(0.0), v.valeur.unwrap_or(0.0)));
        [v.valeur.unwrap_or(0.0), lo, hi]
    });
    let (lo, hi) = scale(numbers.collect::<Vec<_>>().into_iter());
    let x = |v: f64| round(LABELS + (v - lo) / (hi - lo) * (WIDTH - LABELS - RIGHT));
    let lignes: Vec<Value> = rows
        .iter()
        .enumerate()
        .map(|(i, (v, principal))| {
            let n = v.valeur.unwrap_or(0.0);
            let libelle = compare::place_name(v);
            context! {
                // The table beside the chart has the whole name.
                court => match (&v.nom, v.echelle) {
                    (None, crate::referentiels::Echelle::Territoire) => "Territoire".to_string(),
                    _ => super::charts::short(&libelle, 16),
                },
                libelle => libelle,
                periode => v.periode.text(),
                principal => principal,
                y => round(i as f64 * ROW + ROW / 2.0),
                x => x(n),
                valeur => n,
                texte => compare::show(ind, v),
                // The number alone by its dot: the unit is in the caption.
                nombre => if ind.is_share() { format!("{}\u{a0}%", crate::text::number(n)) } else { crate::text::number(n) },
                ic => v.ic.map(|(a, b)| context! { x1 => x(a), x2 => x(b) }),
            }
        })
        .collect();
    let height = rows.len() as f64 * ROW;
    let graduations: Vec<Value> =
        ticks(lo, hi).into_iter().map(|t| context! { x => x(t), texte => crate::text::number(t) }).collect();
    Some(context! {
        largeur => WIDTH,
        hauteur => height + AXIS,
        axe_y => height,
        x0 => LABELS,
        x1 => WIDTH - RIGHT,
        lignes => lignes,
        graduations => graduations,
    })
}

/// The values of one place over the periods, oldest first.
pub struct Series<'a> {
    pub libelle: String,
    /// `territoire`, `region`…: the theme gives each its line style and marker shape.
    pub code: &'static str,
    pub points: Vec<&'a Point>,
}

/// The territory's values (and its references') over the periods: lines with a marker at each
/// value, years along the bottom. `None` with fewer than two periods of the territory.
pub fn trend(series: &[Series]) -> Option<Value> {
    let main = series.first()?;
    if main.points.iter().filter(|p| p.valeur.is_some()).count() < 2 {
        return None;
    }
    let known = || series.iter().flat_map(|s| s.points.iter().filter_map(|p| p.valeur.map(|v| (p.periode.end, v))));
    let (y0, y1) = known().fold((i32::MAX, i32::MIN), |(a, b), (y, _)| (a.min(y), b.max(y)));
    let (lo, hi) = scale(known().map(|(_, v)| v).collect::<Vec<_>>().into_iter());
    let (left, right, top, height) = (48.0, WIDTH - 20.0, 12.0, 180.0);
    let x = |year: i32| round(left + f64::from(year - y0) / f64::from((y1 - y0).max(1)) * (right - left));
    let y = |v: f64| round(top + height - (v - lo) / (hi - lo) * height);
    let lignes: Vec<Value> = series
        .iter()
        .map(|s| {
            let pts: Vec<Value> = s
                .points
                .iter()
                .filter_map(|p| {
                    p.valeur.map(
                        |v| context! { x => x(p.periode.end), y => y(v), valeur => v, periode => p.periode.text() },
                    )
                })
                .collect();
            let chemin: Vec<String> =
                s.points.iter().filter_map(|p| p.valeur.map(|v| format!("{},{}", x(p.periode.end), y(v)))).collect();
            context! { libelle => s.libelle, code => s.code, points => pts, chemin => chemin.join(" ") }
        })
        .collect();
    let annees: Vec<Value> = {
        let mut years: Vec<i32> = known().map(|(y, _)| y).collect();
        years.sort_unstable();
        years.dedup();
        years.into_iter().map(|a| context! { x => x(a), texte => a }).collect()
    };
    let graduations: Vec<Value> =
        ticks(lo, hi).into_iter().map(|t| context! { y => y(t), texte => crate::text::number(t) }).collect();
    Some(context! {
        largeur => WIDTH,
        hauteur => top + height + 30.0,
        gauche => left,
        droite => right,
        bas => top + height,
        lignes => lignes,
        annees => annees,
        graduations => graduations,
    })
}

/// Four classes of equal width between the smallest and the largest commune value: a person
/// reads « de 12 à 15 % » in the legend, and the shade only repeats it.
pub fn classes(values: &[f64]) -> Vec<(f64, f64)> {
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !lo.is_finite() {
        return Vec::new();
    }
    if hi <= lo {
        return vec![(lo, hi)];
    }
    // Bounds as precise as the values, no more: « de 12,1 à 14,5 % », not « 14,45 ».
    let decimals =
        values.iter().map(|v| v.to_string().split_once('.').map_or(0, |(_, f)| f.len().min(2))).max().unwrap_or(0);
    let k = 10f64.powi(decimals as i32);
    let r = |x: f64| (x * k).round() / k;
    let step = (hi - lo) / 4.0;
    (0..4).map(|i| (r(lo + step * f64::from(i)), if i == 3 { hi } else { r(lo + step * f64::from(i + 1)) })).collect()
}

/// The class of a value (0 for the lowest).
pub fn class_of(classes: &[(f64, f64)], v: f64) -> usize {
    classes.iter().position(|(_, hi)| v <= *hi).unwrap_or(classes.len().saturating_sub(1))
}

/// The communes' outlines shaded by class, each with its value as text for its tooltip; a
/// withheld value is hatched. `None` without outlines for the communes.
pub fn shaded(
    territory: Option<&Territory>,
    values: &[(String, Option<f64>, String)],
    classes: &[(f64, f64)],
) -> Option<Value> {
    let t = territory?;
    let shapes: Vec<_> = t.shapes.iter().filter(|s| s.code.is_some()).collect();
    if shapes.is_empty() || !values.iter().any(|(code, ..)| shapes.iter().any(|s| s.code.as_deref() == Some(code))) {
        return None;
    }
    let points: Vec<(f64, f64)> = shapes.iter().flat_map(|s| s.polygons.iter().flatten().flatten().copied()).collect();
    let p = super::map::Projection::fit(&points)?;
    let formes: Vec<Value> = shapes
        .iter()
        .map(|s| {
            let found = values.iter().find(|(code, ..)| s.code.as_deref() == Some(code));
            let classe = found.and_then(|(_, v, _)| v.map(|v| class_of(classes, v)));
            context! {
                d => super::map::path(&p, &s.polygons),
                nom => s.nom,
                classe => classe,
                secret => found.is_some_and(|(_, v, _)| v.is_none()),
                texte => found.map(|(.., t)| t.clone()),
            }
        })
        .collect();
    Some(context! { largeur => p.width, hauteur => p.height, formes => formes })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round() {
        assert_eq!(ticks(0.0, 100.0), [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        assert_eq!(ticks(0.0, 24.5), [0.0, 5.0, 10.0, 15.0, 20.0]);
        assert_eq!(scale([85.0, 99.0].into_iter()), (0.0, 100.0));
    }

    #[test]
    fn classes_cover_every_value() {
        let c = classes(&[12.0, 16.0, 20.0]);
        assert_eq!(c.len(), 4);
        assert_eq!(class_of(&c, 12.0), 0);
        assert_eq!(class_of(&c, 20.0), 3);
        assert_eq!(class_of(&c, 15.0), 1);
        assert_eq!(classes(&[12.1, 21.5]), [(12.1, 14.5), (14.5, 16.8), (16.8, 19.2), (19.2, 21.5)]);
        assert_eq!(classes(&[5.0, 5.0]), [(5.0, 5.0)]);
        assert!(classes(&[]).is_empty());
    }
}
