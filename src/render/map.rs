//! The geometry of the static maps: the territory's outlines and the services' markers,
//! projected into the SVG's own units. No tile, no request: the map is made at build time from
//! the coordinates in the content; the theme draws it (`cartes.html`).

use crate::content::model::Territory;
use minijinja::{Value, context};
use std::fmt::Write;

/// Width of the drawing, in SVG units.
const WIDTH: f64 = 640.0;
const MARGIN: f64 = 16.0;

/// An equirectangular projection fitted to a box: at a territory's scale (a few tens of
/// kilometres) it is as good as any, and it needs no library.
pub struct Projection {
    lon0: f64,
    lat1: f64,
    k: f64,
    scale: f64,
    pub height: f64,
}

impl Projection {
    /// Fits every point, keeping east-west distances true at the box's mean latitude.
    pub fn fit(points: &[(f64, f64)]) -> Option<Projection> {
        let (mut lo0, mut lo1, mut la0, mut la1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for (lon, lat) in points {
            lo0 = lo0.min(*lon);
            lo1 = lo1.max(*lon);
            la0 = la0.min(*lat);
            la1 = la1.max(*lat);
        }
        if points.is_empty() {
            return None;
        }
        let k = ((la0 + la1) / 2.0).to_radians().cos();
        // A single point, or points on a line, still get a box of about a kilometre.
        let w = ((lo1 - lo0) * k).max(0.01);
        let h = (la1 - la0).max(0.01);
        let scale = (WIDTH - 2.0 * MARGIN) / w;
        let height = (h * scale + 2.0 * MARGIN).min(WIDTH * 1.5);
        let scale = scale.min((height - 2.0 * MARGIN) / h);
        Some(Projection {
            lon0: lo0 - (w / k - (lo1 - lo0)) / 2.0,
            lat1: la1 + (h - (la1 - la0)) / 2.0,
            k,
            scale,
            height: height.round(),
        })
    }

    pub fn xy(&self, lon: f64, lat: f64) -> (f64, f64) {
        let x = MARGIN + (lon - self.lon0) * self.k * self.scale;
        let y = MARGIN + (self.lat1 - lat) * self.scale;
        ((x * 10.0).round() / 10.0, (y * 10.0).round() / 10.0)
    }
}

/// A service on the map.
pub struct Marker {
    pub titre: String,
    pub url: String,
    pub longitude: f64,
    pub latitude: f64,
    /// Placed at its commune's centre, not at its own address.
    pub approx: bool,
}

/// An SVG path of outlines: rings joined, points that round to the same unit dropped (an IGN
/// outline has thousands of points a screen cannot show).
fn path(p: &Projection, polygons: &[Vec<Vec<(f64, f64)>>]) -> String {
    let mut d = String::new();
    for ring in polygons.iter().flatten() {
        let mut last = None;
        for (i, (lon, lat)) in ring.iter().enumerate() {
            let (x, y) = p.xy(*lon, *lat);
            let q = (x.round() as i64, y.round() as i64);
            if last == Some(q) {
                continue;
            }
            last = Some(q);
            let _ = write!(d, "{}{x} {y}", if i == 0 { "M" } else { "L" });
        }
        d.push('Z');
    }
    d
}

/// The map of `markers` over the territory; `highlight` is the INSEE code of a commune drawn
/// apart. `None` when nothing has coordinates.
pub fn map(territory: Option<&Territory>, markers: &[Marker], highlight: Option<&str>) -> Option<Value> {
    let mut points: Vec<(f64, f64)> = markers.iter().map(|m| (m.longitude, m.latitude)).collect();
    if markers.is_empty() {
        return None;
    }
    if let Some(t) = territory {
        points.extend(t.shapes.iter().flat_map(|s| s.polygons.iter().flatten().flatten().copied()));
    }
    let p = Projection::fit(&points)?;
    let formes: Vec<Value> = territory
        .map(|t| {
            t.shapes
                .iter()
                .map(|s| {
                    context! {
                        d => path(&p, &s.polygons),
                        nom => s.nom,
                        actif => highlight.is_some_and(|h| s.code.as_deref() == Some(h)),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    // Markers at one spot (services placed at their commune's centre) are spread on a small
    // circle, so each stays a link of its own.
    let mut seen: std::collections::HashMap<(i64, i64), usize> = std::collections::HashMap::new();
    let marqueurs: Vec<Value> = markers
        .iter()
        .map(|m| {
            let (x, y) = p.xy(m.longitude, m.latitude);
            let n = seen.entry((x.round() as i64, y.round() as i64)).or_default();
            let (dx, dy) = if *n == 0 {
                (0.0, 0.0)
            } else {
                let a = *n as f64 * 2.4;
                let r = 9.0 + 2.0 * (*n as f64).sqrt();
                (a.cos() * r, a.sin() * r)
            };
            *n += 1;
            let round = |v: f64| (v * 10.0).round() / 10.0;
            context! { x => round(x + dx), y => round(y + dy), titre => m.titre, url => m.url, approx => m.approx }
        })
        .collect();
    Some(context! { largeur => WIDTH, hauteur => p.height, formes => formes, marqueurs => marqueurs })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_projection_fits_the_box_and_keeps_north_up() {
        let p = Projection::fit(&[(0.6, 45.0), (0.9, 45.3)]).unwrap();
        let (x0, y0) = p.xy(0.6, 45.3);
        let (x1, y1) = p.xy(0.9, 45.0);
        assert!(x0 >= MARGIN - 0.1 && x1 <= WIDTH - MARGIN + 0.1, "{x0} {x1}");
        assert!(y0 < y1, "le nord est en haut");
        assert!(y1 <= p.height - MARGIN + 0.1);
        // A degree of longitude is shorter than a degree of latitude at 45°.
        let (xa, _) = p.xy(0.7, 45.1);
        let (xb, _) = p.xy(0.8, 45.1);
        let (_, ya) = p.xy(0.7, 45.1);
        let (_, yb) = p.xy(0.7, 45.2);
        assert!(((xb - xa) / (ya - yb) - 45.15f64.to_radians().cos()).abs() < 0.02);
    }

    #[test]
    fn markers_at_one_spot_are_spread_and_no_marker_no_map() {
        let m = |t: &str| Marker { titre: t.into(), url: "/x/".into(), longitude: 0.7, latitude: 45.1, approx: true };
        assert!(map(None, &[], None).is_none());
        let v = map(None, &[m("a"), m("b")], None).unwrap();
        let list = v.get_attr("marqueurs").unwrap();
        let a = list.get_item(&Value::from(0)).unwrap();
        let b = list.get_item(&Value::from(1)).unwrap();
        assert_ne!(a.get_attr("x").unwrap().to_string(), b.get_attr("x").unwrap().to_string());
    }
}
