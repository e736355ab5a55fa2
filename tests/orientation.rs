//! Orientation on a portal without any coordinates and on the demo: the map exists only where
//! something can be placed, says so otherwise, and the open data carries what is known.

mod common;

fn build(root: &std::path::Path) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let opts = portail::Options {
        root: root.to_path_buf(),
        output: Some(out.path().join("public")),
        today: Some("2026-12-01".parse().unwrap()),
        ..Default::default()
    };
    portail::build(&opts).unwrap_or_else(|e| panic!("{e:?}"));
    out
}

fn read(out: &tempfile::TempDir, path: &str) -> String {
    std::fs::read_to_string(out.path().join("public").join(path)).unwrap_or_else(|e| panic!("{path} : {e}"))
}

#[test]
fn without_coordinates_no_map_a_clear_message_and_the_rest_unchanged() {
    let out = build(&common::fixture("minimal"));
    assert!(!out.path().join("public/annuaire/carte/index.html").exists());
    let directory = read(&out, "annuaire/index.html");
    assert!(directory.contains("Pas de carte pour l&#39;instant") || directory.contains("Pas de carte pour l'instant"));
    assert!(!directory.contains("data-lat="));
    // Near me and the selection are still offered (the selection needs no coordinates).
    assert!(read(&out, "selection/index.html").contains("Ma sélection"));
    let geo: serde_json::Value = serde_json::from_str(&read(&out, "donnees/annuaire.geojson")).unwrap();
    assert_eq!(geo["features"].as_array().unwrap().len(), 0);
}

#[test]
fn the_demo_map_places_every_located_service_and_lists_the_others() {
    let root = common::manifest_dir();
    let out = build(&root);
    let map = read(&out, "annuaire/carte/index.html");
    let markers = map.matches("<circle class=\"marqueur").count();
    let geo: serde_json::Value = serde_json::from_str(&read(&out, "donnees/annuaire.geojson")).unwrap();
    let features = geo["features"].as_array().unwrap();
    assert_eq!(markers, features.len(), "un marqueur par service placé");
    // Every service is on the page: on the map and in the list, or listed as not placed.
    let directory = read(&out, "annuaire/index.html");
    let services = directory.matches("<li class=\"carte\" data-id=").count();
    assert_eq!(map.matches("<li class=\"carte\" data-id=").count(), services);
    // A service placed at its commune's centre says so in the open data.
    assert!(features.iter().any(|f| f["properties"]["precision"] == "commune"));
    assert!(features.iter().any(|f| f["properties"]["precision"] == "adresse"));
    // The map calls no one: no outside address in it.
    let svg = &map[map.find("<svg").unwrap()..map.find("</svg>").unwrap()];
    assert!(!svg.contains("http"), "{svg}");
    // A commune's page shows its own outline drawn apart.
    assert!(read(&out, "annuaire/communes/24901/index.html").contains("forme forme-active"));
}

#[test]
fn the_orientation_script_stays_within_the_theme_budget() {
    use std::io::Write;
    // The search client's ceiling applies to each new script: 10 KB compressed, no dependency.
    let js = std::fs::read(common::manifest_dir().join("themes/defaut/assets/orientation.js")).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&js).unwrap();
    let size = gz.finish().unwrap().len();
    assert!(size <= 10 * 1024, "orientation.js : {size} octets compressés");
    let text = String::from_utf8(js).unwrap();
    assert!(!text.contains("import ") && !text.contains("WebAssembly"));
    // Nothing is sent: the script only reads files of the site itself.
    for call in ["XMLHttpRequest", "sendBeacon", "http://", "https://"] {
        assert!(!text.contains(call), "{call}");
    }
}
