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
    let geo: serde_json::Value = serde_json::from_str(&read(&out, "donnees/annuaire.geojson")).unwrap();
    let features = geo["features"].as_array().unwrap();
    let placed: usize = markers(&map).iter().map(|m| m.3).sum();
    assert_eq!(placed, features.len(), "chaque service placé est sur la carte, seul ou dans un groupe");
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

/// A marker of a map: x, y, radius, services held.
type Mark = (f64, f64, f64, usize);

/// The markers of a map.
fn markers(html: &str) -> Vec<Mark> {
    let attr = |tag: &str, name: &str| -> String {
        let start = tag.find(&format!(" {name}=\"")).unwrap_or_else(|| panic!("{name} dans {tag}")) + name.len() + 3;
        tag[start..start + tag[start..].find('"').unwrap()].to_string()
    };
    html.split("<circle class=\"marqueur")
        .skip(1)
        .map(|t| &t[..t.find('>').unwrap()])
        .map(|t| {
            let n = |k| attr(t, k).parse::<f64>().unwrap();
            (n("cx"), n("cy"), n("r"), attr(t, "data-nombre").parse().unwrap())
        })
        .collect()
}

#[test]
fn without_an_outline_the_map_fills_its_drawing_names_the_communes_and_no_markers_overlap() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let demo = common::manifest_dir();
    common::copy_tree(&demo.join("content"), &root.join("content"));
    common::copy_tree(&demo.join("static"), &root.join("static"));
    std::fs::copy(demo.join("site.toml"), root.join("site.toml")).unwrap();
    std::fs::remove_file(root.join("content/territoire.geojson")).unwrap();
    let out = build(&root);
    let map = read(&out, "annuaire/carte/index.html");
    let figure = &map[map.find("<figure class=\"carte-statique\">").unwrap()..];
    let svg = &figure[figure.find("<svg").unwrap()..figure.find("</svg>").unwrap()];
    assert!(!svg.contains("<path class=\"forme"), "pas de contour");
    let view: Vec<f64> =
        svg["<svg viewBox=\"".len()..].split('"').next().unwrap().split(' ').map(|v| v.parse().unwrap()).collect();
    let (w, h) = (view[2], view[3]);
    let m = markers(svg);
    assert!(m.len() > 3, "{m:?}");
    let span = |f: &dyn Fn(&Mark) -> f64| {
        let lo = m.iter().map(|x| f(x) - x.2).fold(f64::MAX, f64::min);
        let hi = m.iter().map(|x| f(x) + x.2).fold(f64::MIN, f64::max);
        hi - lo
    };
    assert!(span(&|x| x.0) >= 0.8 * w, "largeur : {} sur {w}", span(&|x| x.0));
    assert!(span(&|x| x.1) >= 0.8 * h, "hauteur : {} sur {h}", span(&|x| x.1));
    for (i, a) in m.iter().enumerate() {
        for b in &m[i + 1..] {
            assert!((a.0 - b.0).hypot(a.1 - b.1) >= a.2 + b.2, "deux marqueurs se chevauchent : {a:?} {b:?}");
        }
    }
    // Services at one spot are grouped: the group says how many, and leads to the place's list.
    let geo: serde_json::Value = serde_json::from_str(&read(&out, "donnees/annuaire.geojson")).unwrap();
    assert_eq!(m.iter().map(|x| x.3).sum::<usize>(), geo["features"].as_array().unwrap().len());
    assert!(m.iter().any(|x| x.3 > 1), "au moins un groupe");
    assert!(
        svg.contains("services à ") && svg.contains("annuaire/communes/"),
        "le groupe mène à la liste de sa commune"
    );
    // The communes are named on the drawing.
    let site: toml::Table = toml::from_str(&std::fs::read_to_string(root.join("site.toml")).unwrap()).unwrap();
    let names: Vec<&str> = site["communes"].as_array().unwrap().iter().map(|c| c["nom"].as_str().unwrap()).collect();
    let shown = names.iter().filter(|n| svg.contains(&format!(">{}</text>", n.replace('\'', "&#39;")))).count();
    assert!(shown >= 3, "{shown} communes nommées sur {}", names.len());
}

/// A service's page lists every action that names it among its resources, once each and in the
/// contract's order; no other. The demo, with one action naming the same service twice.
#[test]
fn a_service_lists_the_actions_that_name_it_once_each() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    for part in ["content", "static"] {
        common::copy_tree(&common::manifest_dir().join(part), &root.join(part));
    }
    std::fs::copy(common::manifest_dir().join("site.toml"), root.join("site.toml")).unwrap();
    let twice = root.join("content/actions/1.1.1-faire-connaitre-la-mission-accompagnement-sante.md");
    let text = std::fs::read_to_string(&twice).unwrap();
    let text = text.replace(
        r#"ressources = ["pfidass", "france-services-lezignac"]"#,
        r#"ressources = ["pfidass", "france-services-lezignac", "pfidass"]"#,
    );
    assert!(text.contains(r#""pfidass"]"#), "la fiche de démonstration a changé");
    std::fs::write(&twice, text).unwrap();

    let mut files: Vec<_> =
        std::fs::read_dir(root.join("content/actions")).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let mut wanted: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for f in files.iter().filter(|f| f.extension().is_some_and(|e| e == "md")) {
        let text = std::fs::read_to_string(f).unwrap();
        let Some(line) = text.lines().find(|l| l.starts_with("ressources = [")) else { continue };
        let stem = f.file_stem().unwrap().to_string_lossy().to_string();
        let mut ids: Vec<&str> = line.split('"').skip(1).step_by(2).collect();
        ids.sort();
        ids.dedup();
        for id in ids {
            wanted.entry(id.to_string()).or_default().push(format!("/actions/{stem}/"));
        }
    }
    assert!(wanted.len() > 5, "{wanted:?}");
    let out = build(&root);
    for (id, actions) in &wanted {
        let page = read(&out, &format!("annuaire/{id}/index.html"));
        let start = page.find("id=\"titre-actions\"").unwrap_or_else(|| panic!("{id} : pas de liste d'actions"));
        let section = &page[start..start + page[start..].find("</section>").unwrap()];
        let listed: Vec<String> =
            common::attr_values(section, "href").into_iter().filter(|h| h.starts_with("/actions/")).collect();
        assert_eq!(&listed, actions, "{id}");
    }
    // A service no action names has no such list.
    assert!(!read(&out, "annuaire/carte/index.html").contains("id=\"titre-actions\""));
}
