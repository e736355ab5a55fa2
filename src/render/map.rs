//! The geometry of the static maps: the territory's outlines and the services' markers,
//! projected into the SVG's own units. No tile, no request: the map is made at build time from
//! the coordinates in the content; the theme draws it (`cartes.html`).

use crate::content::model::Territory;
use minijinja::{Value, context};
use std::fmt::Write;

/// Width of the drawing at most, in SVG units; its height at most is one and a half times it.
const WIDTH: f64 = 640.0;
const MAX_HEIGHT: f64 = WIDTH * 1.5;
const MARGIN: f64 = 24.0;
/// A marker's radius, and a group's: two markers closer than `GAP` would overlap.
const RADIUS: f64 = 7.0;
const GROUP_RADIUS: f64 = 12.0;
const GAP: f64 = 2.0 * GROUP_RADIUS + 2.0;

/// An equirectangular projection corrected by the cosine of the mean latitude, fitted to the
/// points: at a territory's scale (a few tens of kilometres) it is as good as any, and it needs no
/// library. The drawing takes the points' aspect: a tall territory gives a narrow drawing, not a
/// wide box half empty.
pub struct Projection {
    lon0: f64,
    lat1: f64,
    k: f64,
    scale: f64,
    pub width: f64,
    pub height: f64,
}

impl Projection {
    /// Fits every point, keeping east-west distances true at the box's mean latitude.
    pub fn fit(points: &[(f64, f64)]) -> Option<Projection> {
        if points.is_empty() {
            return None;
        }
        let (mut lo0, mut lo1, mut la0, mut la1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for (lon, lat) in points {
            lo0 = lo0.min(*lon);
            lo1 = lo1.max(*lon);
            la0 = la0.min(*lat);
            la1 = la1.max(*lat);
        }
        let k = ((la0 + la1) / 2.0).to_radians().cos();
        // A single point, or points on a line, still get a box of about a kilometre.
        let w = ((lo1 - lo0) * k).max(0.01);
        let h = (la1 - la0).max(0.01);
        let scale = ((WIDTH - 2.0 * MARGIN) / w).min((MAX_HEIGHT - 2.0 * MARGIN) / h);
        // The narrow side keeps a minimum, so a territory along a road is still readable.
        let width = (w * scale + 2.0 * MARGIN).max(WIDTH / 3.0);
        let height = (h * scale + 2.0 * MARGIN).max(WIDTH / 3.0);
        Some(Projection {
            lon0: lo0 - ((width - 2.0 * MARGIN) / scale - w) / 2.0 / k,
            lat1: la1 + ((height - 2.0 * MARGIN) / scale - h) / 2.0,
            k,
            scale,
            width: width.ceil(),
            height: height.ceil(),
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
    /// Its commune: name, and the address of the commune's list of services.
    pub commune: Option<(String, String)>,
}

/// Markers that would overlap, drawn as one: a group says how many services it holds and links
/// to the list of that place.
struct Group<'m> {
    x: f64,
    y: f64,
    members: Vec<&'m Marker>,
}

/// Greedy grouping, repeated until no two groups overlap: each marker joins the nearest group
/// closer than `GAP`, whose centre moves to its members' mean.
fn group<'m>(p: &Projection, markers: &'m [Marker]) -> Vec<Group<'m>> {
    let mut groups: Vec<Group> = markers
        .iter()
        .map(|m| {
            let (x, y) = p.xy(m.longitude, m.latitude);
            Group { x, y, members: vec![m] }
        })
        .collect();
    loop {
        let mut merged = false;
        let mut out: Vec<Group> = Vec::with_capacity(groups.len());
        for g in groups {
            let near = out
                .iter_mut()
                .map(|o| ((o.x - g.x).hypot(o.y - g.y), o))
                .filter(|(d, _)| *d < GAP)
                .min_by(|a, b| a.0.total_cmp(&b.0));
            match near {
                Some((_, o)) => {
                    let (n, m) = (o.members.len() as f64, g.members.len() as f64);
                    o.x = (o.x * n + g.x * m) / (n + m);
                    o.y = (o.y * n + g.y * m) / (n + m);
                    o.members.extend(g.members);
                    merged = true;
                }
                None => out.push(g),
            }
        }
        groups = out;
        if !merged {
            return groups;
        }
    }
}

/// An SVG path of outlines: rings joined, points that round to the same unit dropped (an IGN
/// outline has thousands of points a screen cannot show).
pub fn path(p: &Projection, polygons: &[Vec<Vec<(f64, f64)>>]) -> String {
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
    let round = |v: f64| (v * 10.0).round() / 10.0;
    let groups = group(&p, markers);
    let marqueurs: Vec<Value> = groups
        .iter()
        .map(|g| {
            let first = g.members[0];
            let approx = g.members.iter().all(|m| m.approx);
            if g.members.len() == 1 {
                return context! { x => round(g.x), y => round(g.y), titre => first.titre, url => first.url, approx, nombre => 1 };
            }
            // The list of the place: the commune most of the group is in.
            let mut communes: Vec<&(String, String)> = g.members.iter().filter_map(|m| m.commune.as_ref()).collect();
            communes.sort();
            let place = communes
                .iter()
                .max_by_key(|c| communes.iter().filter(|d| d == c).count())
                .map(|c| (c.0.clone(), c.1.clone()));
            let titre = match &place {
                Some((nom, _)) => format!("{} services à {nom} et autour", g.members.len()),
                None => format!("{} services", g.members.len()),
            };
            let url = place.map_or_else(|| first.url.clone(), |(_, url)| url);
            context! { x => round(g.x), y => round(g.y), titre, url, approx, nombre => g.members.len() }
        })
        .collect();
    // The communes named at the mean of their markers, under them: without an outline, the
    // names are what tells a person where things are.
    let mut by_commune: std::collections::BTreeMap<&str, (f64, f64, f64)> = std::collections::BTreeMap::new();
    for m in markers {
        if let Some((nom, _)) = &m.commune {
            let (x, y) = p.xy(m.longitude, m.latitude);
            let e = by_commune.entry(nom.as_str()).or_insert((0.0, 0.0, 0.0));
            *e = (e.0 + x, e.1.max(y), e.2 + 1.0);
        }
    }
    // Most services first; a name that would cover one already placed is left out (the list
    // beside the map names every place).
    let mut order: Vec<(&str, (f64, f64, f64))> = by_commune.into_iter().collect();
    order.sort_by(|a, b| b.1.2.total_cmp(&a.1.2).then(a.0.cmp(b.0)));
    let mut placed: Vec<(f64, f64, f64, f64)> = Vec::new();
    let mut noms: Vec<Value> = Vec::new();
    for (nom, (x, y, n)) in order {
        let half = nom.chars().count() as f64 * 3.6;
        let x = round((x / n).clamp(MARGIN + half, (p.width - MARGIN - half).max(MARGIN + half)));
        let y = round((y + GROUP_RADIUS + 13.0).min(p.height - 4.0));
        let b = (x - half, y - 12.0, x + half, y + 3.0);
        if placed.iter().any(|o| b.0 < o.2 && o.0 < b.2 && b.1 < o.3 && o.1 < b.3) {
            continue;
        }
        placed.push(b);
        noms.push(context! { nom, x, y });
    }
    Some(context! {
        largeur => p.width,
        hauteur => p.height,
        formes => formes,
        marqueurs => marqueurs,
        noms => noms,
        rayon => RADIUS,
        rayon_groupe => GROUP_RADIUS,
    })
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
    fn markers_at_one_spot_are_one_group_that_counts_them_and_no_marker_no_map() {
        let commune = Some(("Lézignac".to_string(), "/annuaire/communes/24901/".to_string()));
        let m = |t: &str, lon: f64| Marker {
            titre: t.into(),
            url: format!("/{t}/"),
            longitude: lon,
            latitude: 45.1,
            approx: true,
            commune: commune.clone(),
        };
        assert!(map(None, &[], None).is_none());
        let v = map(None, &[m("a", 0.7), m("b", 0.7), m("c", 0.9)], None).unwrap();
        let list = v.get_attr("marqueurs").unwrap();
        assert_eq!(list.len(), Some(2));
        let group = list.get_item(&Value::from(0)).unwrap();
        assert_eq!(group.get_attr("nombre").unwrap().to_string(), "2");
        assert_eq!(group.get_attr("url").unwrap().to_string(), "/annuaire/communes/24901/");
        assert!(group.get_attr("titre").unwrap().to_string().starts_with("2 services à Lézignac"));
        let noms = v.get_attr("noms").unwrap();
        assert_eq!(noms.len(), Some(1), "one name per commune");
    }

    #[test]
    fn a_tall_territory_gives_a_narrow_drawing() {
        let p = Projection::fit(&[(0.70, 44.0), (0.72, 45.0)]).unwrap();
        assert!(p.width < WIDTH / 2.0 && p.height <= MAX_HEIGHT, "{} × {}", p.width, p.height);
        let (x0, y0) = p.xy(0.70, 45.0);
        let (x1, y1) = p.xy(0.72, 44.0);
        assert!((y1 - y0) >= 0.8 * p.height, "{y0} {y1} {}", p.height);
        assert!(x0 >= 0.0 && x1 <= p.width);
    }
}
