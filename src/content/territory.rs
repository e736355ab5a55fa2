//! `content/territoire.geojson`: the outline of the territory and its communes, drawn under the
//! static maps. Any GeoJSON of polygons will do; the communes' code and name are read from the
//! keys the usual sources use: IGN ADMIN EXPRESS (`INSEE_COM`, `NOM`), OpenStreetMap boundaries
//! (`ref:INSEE`, `name`), or plain `code` and `nom`.

use super::model::{Shape, Territory};
use crate::diag::{Diagnostic, Pos};
use serde_json::Value;

const CODE_KEYS: [&str; 5] = ["code", "INSEE_COM", "insee_com", "ref:INSEE", "code_insee"];
const NAME_KEYS: [&str; 4] = ["nom", "NOM", "name", "NOM_COM"];

/// Reads the file's text; findings name `file`.
pub fn read(text: &str, file: &str, diags: &mut Vec<Diagnostic>) -> Option<Territory> {
    let json: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            diags.push(
                Diagnostic::error("geojson-illisible", format!("le fichier du territoire ne se lit pas en JSON : {e}"))
                    .file(file)
                    .at(Pos { line: e.line().max(1), column: Some(e.column().max(1)) })
                    .suggest(Some(
                        "exportez-le de nouveau en GeoJSON (par exemple depuis QGIS : Exporter › Sauvegarder les entités sous › GeoJSON)"
                            .into(),
                    )),
            );
            return None;
        }
    };
    let features: Vec<&Value> = match json.get("type").and_then(Value::as_str) {
        Some("FeatureCollection") => {
            json.get("features").and_then(Value::as_array).map(|f| f.iter().collect()).unwrap_or_default()
        }
        Some("Feature") => vec![&json],
        _ => {
            diags.push(
                Diagnostic::error(
                    "geojson-invalide",
                    "le fichier du territoire n'est pas une FeatureCollection GeoJSON",
                )
                .file(file)
                .field("type")
                .suggest(Some("attendu : { \"type\": \"FeatureCollection\", \"features\": [ … ] }".into())),
            );
            return None;
        }
    };
    let mut shapes = Vec::new();
    let mut ignored = 0;
    for (n, f) in features.iter().enumerate() {
        let props = f.get("properties");
        let pick = |keys: &[&str]| {
            keys.iter().find_map(|k| props?.get(*k)).and_then(|v| match v {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
        };
        let geometry = f.get("geometry");
        let polygons: Vec<&Value> = match geometry.and_then(|g| g.get("type")).and_then(Value::as_str) {
            Some("Polygon") => geometry.and_then(|g| g.get("coordinates")).into_iter().collect(),
            Some("MultiPolygon") => geometry
                .and_then(|g| g.get("coordinates"))
                .and_then(Value::as_array)
                .map(|a| a.iter().collect())
                .unwrap_or_default(),
            _ => {
                ignored += 1;
                continue;
            }
        };
        let mut rings_of = Vec::new();
        for p in polygons {
            let mut rings = Vec::new();
            for ring in p.as_array().into_iter().flatten() {
                let mut points = Vec::new();
                for pt in ring.as_array().into_iter().flatten() {
                    let (lon, lat) = match pt
                        .as_array()
                        .map(|a| (a.first().and_then(Value::as_f64), a.get(1).and_then(Value::as_f64)))
                    {
                        Some((Some(lon), Some(lat)))
                            if (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat) =>
                        {
                            (lon, lat)
                        }
                        _ => {
                            diags.push(
                                Diagnostic::error(
                                    "geojson-invalide",
                                    format!("objet n° {} : un point n'est pas [longitude, latitude] en degrés ({pt})", n + 1),
                                )
                                .file(file)
                                .field("features.geometry.coordinates")
                                .suggest(Some(
                                    "le GeoJSON s'écrit en degrés WGS 84 (EPSG:4326), longitude d'abord : reprojetez le fichier".into(),
                                )),
                            );
                            return None;
                        }
                    };
                    points.push((lon, lat));
                }
                if points.len() >= 3 {
                    rings.push(points);
                }
            }
            if !rings.is_empty() {
                rings_of.push(rings);
            }
        }
        if !rings_of.is_empty() {
            shapes.push(Shape { code: pick(&CODE_KEYS), nom: pick(&NAME_KEYS), polygons: rings_of });
        }
    }
    if ignored > 0 {
        diags.push(
            Diagnostic::warning(
                "geojson-ignore",
                format!("{ignored} objet(s) du territoire ne sont pas des polygones : ils ne sont pas dessinés"),
            )
            .file(file)
            .suggest(Some(
                "gardez les contours (Polygon, MultiPolygon) ; les points et les lignes n'y servent pas".into(),
            )),
        );
    }
    if shapes.is_empty() {
        diags.push(
            Diagnostic::warning(
                "geojson-vide",
                "le fichier du territoire n'a aucun contour : la carte n'en dessine pas",
            )
            .file(file),
        );
        return None;
    }
    Some(Territory { shapes })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ign_and_osm_keys_polygons_and_multipolygons() {
        let text = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"INSEE_COM":"24322","NOM":"Périgueux"},"geometry":{"type":"Polygon","coordinates":[[[0.7,45.1],[0.8,45.1],[0.8,45.2],[0.7,45.1]]]}},
            {"type":"Feature","properties":{"ref:INSEE":"24001","name":"Abjat"},"geometry":{"type":"MultiPolygon","coordinates":[[[[0,45],[1,45],[1,46],[0,45]]],[[[2,45],[3,45],[3,46],[2,45]]]]}},
            {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[0.7,45.1]}}]}"#;
        let mut d = Vec::new();
        let t = read(text, "content/territoire.geojson", &mut d).unwrap();
        assert_eq!(t.shapes.len(), 2);
        assert_eq!((t.shapes[0].code.as_deref(), t.shapes[0].nom.as_deref()), (Some("24322"), Some("Périgueux")));
        assert_eq!(t.shapes[1].polygons.len(), 2);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].rule, "geojson-ignore");
    }

    #[test]
    fn broken_json_and_projected_coordinates_are_errors_with_their_cause() {
        let mut d = Vec::new();
        assert!(read("{\"type\": \"FeatureCollection\",\n \"features\": [", "t.geojson", &mut d).is_none());
        assert_eq!((d[0].rule, d[0].line), ("geojson-illisible", Some(2)));
        let lambert = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[520000,6450000],[530000,6450000],[530000,6460000],[520000,6450000]]]}}]}"#;
        let mut d = Vec::new();
        assert!(read(lambert, "t.geojson", &mut d).is_none());
        assert!(d[0].message.contains("longitude, latitude") && d[0].suggestion.as_deref().unwrap().contains("WGS 84"));
    }
}
