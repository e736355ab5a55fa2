//! Search: judged queries on the demo portal, the command line, and the index's shape.

mod common;

use common::*;
use portail::search::query::{Engine, Query, folder};
use std::path::Path;

fn build_demo(out: &Path) {
    let run = portail(&["build", "--root", manifest_dir().to_str().unwrap(), "--output", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
}

fn ranked(public: &Path, q: &str, filters: &[(&str, &str)]) -> Vec<String> {
    let dir = folder(public).unwrap();
    let mut engine = Engine::open(&dir).unwrap();
    let query =
        Query { text: q.to_string(), filters: filters.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect() };
    let docs = engine.search(&query).docs;
    docs.into_iter().map(|d| engine.hit(d).expect("carte").path).collect()
}

#[test]
fn judged_queries_find_their_pages_in_the_top_three() {
    let tmp = tempfile::tempdir().unwrap();
    let public = tmp.path().join("public");
    build_demo(&public);
    let judged: toml::Table =
        toml::from_str(&std::fs::read_to_string(manifest_dir().join("tests/recherche/pertinence.toml")).unwrap())
            .unwrap();
    let queries = judged["requete"].as_array().unwrap();
    assert!(queries.len() >= 30, "au moins 30 requêtes jugées");
    let mut failures = Vec::new();
    for r in queries {
        let q = r["q"].as_str().unwrap();
        let got = ranked(&public, q, &[]);
        let top: Vec<&str> = got.iter().take(3).map(String::as_str).collect();
        if r.get("aucun").and_then(|v| v.as_bool()) == Some(true) {
            if !got.is_empty() {
                failures.push(format!("« {q} » ne devait rien trouver : {top:?}"));
            }
            continue;
        }
        if let Some(first) = r.get("premier").and_then(|v| v.as_str())
            && top.first() != Some(&first)
        {
            failures.push(format!("« {q} » : {first} devait être premier : {top:?}"));
        }
        for want in r["top3"].as_array().unwrap() {
            let want = want.as_str().unwrap();
            if !top.contains(&want) {
                failures.push(format!("« {q} » : {want} absent des 3 premiers {top:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn acronyms_pin_their_scheme_and_facets_filter() {
    let tmp = tempfile::tempdir().unwrap();
    let public = tmp.path().join("public");
    build_demo(&public);
    // Exact acronyms and names pin the page the glossary points at, before anything else.
    for q in ["PTA", "pta", "Plateforme territoriale d'appui", "MAIA", "DAC"] {
        assert_eq!(ranked(&public, q, &[]).first().map(String::as_str), Some("annuaire/dac-val-de-lezere/"), "{q}");
    }
    let services = ranked(&public, "santé mentale", &[("type", "service")]);
    assert!(!services.is_empty());
    assert!(services.iter().all(|p| p.starts_with("annuaire/") && !p.contains("thematiques")), "{services:?}");
    let all = ranked(&public, "santé mentale", &[]);
    assert!(all.len() > services.len());
    // Within a facet: any value; across facets: all of them.
    let vernac = ranked(&public, "santé", &[("commune", "24905")]);
    let both = ranked(&public, "santé", &[("commune", "24905"), ("type", "action")]);
    assert!(!vernac.is_empty() && both.len() < vernac.len() && both.iter().all(|p| vernac.contains(p)), "{both:?}");
}

#[test]
fn the_command_prints_ranked_paths() {
    let tmp = tempfile::tempdir().unwrap();
    let public = tmp.path().join("public");
    build_demo(&public);
    let run = portail(&["search", "--output", public.to_str().unwrap(), "--limit", "2", "pfidas"]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let out = String::from_utf8(run.stdout).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert_eq!(lines[0], "/annuaire/pfidass/");
    let filtered = portail(&["search", "--output", public.to_str().unwrap(), "--filtre", "type=action", "pfidass"]);
    let out = String::from_utf8(filtered.stdout).unwrap();
    assert!(!out.is_empty() && out.lines().all(|l| l.starts_with("/actions/")), "{out}");

    let missing = portail(&["search", "--output", tmp.path().join("rien").to_str().unwrap(), "pfidass"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("lancez d'abord « portail build »"));
}

#[test]
fn the_index_is_small_hashed_and_deterministic() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    build_demo(&a);
    build_demo(&b);
    let dir = a.join("recherche/index");
    let files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    assert!(files.len() < 50, "{} fichiers", files.len());
    for f in &files {
        let name = f.file_name().unwrap().to_str().unwrap();
        if name == "entree.json" {
            continue;
        }
        // <kind>.<16 hex digits of a hash of the bytes>.bin, gzip inside.
        let parts: Vec<&str> = name.split('.').collect();
        assert_eq!(parts.len(), 3, "{name}");
        assert!(parts[1].len() == 16 && parts[1].chars().all(|c| c.is_ascii_hexdigit()), "{name}");
        let bytes = std::fs::read(f).unwrap();
        assert_eq!(&bytes[..2], &[0x1f, 0x8b], "{name} est compressé");
        assert_eq!(format!("{:016x}", portail::diag::fnv1a(&bytes)), parts[1], "{name}");
        assert!(bytes.len() < 16_000, "{name} : {} octets", bytes.len());
    }
    assert_eq!(snapshot_tree(&dir), snapshot_tree(&b.join("recherche/index")));
    let page = std::fs::read_to_string(a.join("recherche/index.html")).unwrap();
    let meta = std::fs::read_to_string(dir.join("entree.json")).unwrap();
    let name = meta.split('"').nth(3).unwrap();
    assert!(page.contains(&format!("data-index=\"/recherche/index/{name}\"")), "la page nomme le fichier méta");
}

#[test]
fn the_client_weighs_at_most_ten_kilobytes_compressed() {
    use std::io::Write;
    let js = std::fs::read(manifest_dir().join("themes/defaut/assets/recherche.js")).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&js).unwrap();
    let size = gz.finish().unwrap().len();
    assert!(size <= 10 * 1024, "recherche.js : {size} octets compressés");
    // No framework, no WebAssembly: a plain module.
    let text = String::from_utf8(js).unwrap();
    assert!(!text.contains("import ") && !text.contains("WebAssembly"));
}

/// The index of the minimal fixture, committed: the format written (`search::format`) and read
/// by `portail search` stays what `docs/recherche.md` says. A deliberate change of the format
/// updates these files and the version (`format::VERSION`); the browser test checks that the
/// JavaScript reader ranks like the Rust one on the demo's index.
const GOLDEN: &str = "tests/recherche/index-minimal";

#[test]
fn the_index_format_is_the_golden_one_and_both_readers_read_it() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_tree(&fixture("minimal"), &root);
    let out = portail(&["build", "--quiet", "--root", root.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let built = snapshot_tree(&root.join("public/recherche/index"));
    let golden_dir = manifest_dir().join(GOLDEN);
    if std::env::var_os("PORTAIL_GOLDEN").is_some() {
        let _ = std::fs::remove_dir_all(&golden_dir);
        copy_tree(&root.join("public/recherche/index"), &golden_dir);
    }
    let golden = snapshot_tree(&golden_dir);
    assert_eq!(
        built.keys().collect::<Vec<_>>(),
        golden.keys().collect::<Vec<_>>(),
        "fichiers de l'index ; si le format change exprès : PORTAIL_GOLDEN=1 cargo test --test search"
    );
    assert!(built == golden, "octets de l'index différents du fichier de référence");
    // The Rust reader, on the committed files.
    let source = GoldenFolder(golden_dir);
    let mut engine = Engine::open(&source).expect("index de référence lisible");
    let outcome = engine.search(&Query { text: "pfidass".into(), ..Query::default() });
    let first = engine.hit(*outcome.docs.first().expect("un résultat")).unwrap();
    assert_eq!(first.path, "annuaire/pfidass/");
    assert_eq!(first.kind, "service");
}

/// The committed index, read as `portail search` reads `public/recherche/index/`.
struct GoldenFolder(std::path::PathBuf);

impl portail::search::query::Source for GoldenFolder {
    fn read(&self, name: &str) -> Result<Vec<u8>, std::io::Error> {
        std::fs::read(self.0.join(name))
    }
}

#[test]
fn an_index_of_another_format_version_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("index");
    copy_tree(&manifest_dir().join(GOLDEN), &dir);
    let entry: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.join("entree.json")).unwrap()).unwrap();
    let meta_name = entry["meta"].as_str().unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(
        &mut flate2::read::GzDecoder::new(&std::fs::read(dir.join(meta_name)).unwrap()[..]),
        &mut text,
    )
    .unwrap();
    let mut meta: serde_json::Value = serde_json::from_str(&text).unwrap();
    meta["v"] = serde_json::json!(2);
    std::fs::write(dir.join(meta_name), serde_json::to_vec(&meta).unwrap()).unwrap();
    let err = Engine::open(&GoldenFolder(dir)).err().expect("refusé");
    assert!(matches!(err.kind, portail::search::query::IndexErrorKind::Version { found: 2, expected: 1 }), "{err:?}");
    assert!(err.to_string().contains("format 2") && err.file == meta_name, "{err}");
}

#[test]
fn every_glossary_acronym_lists_each_page_once_and_the_help_before_the_definition() {
    let tmp = tempfile::tempdir().unwrap();
    let public = tmp.path().join("public");
    build_demo(&public);
    let glossary: toml::Table =
        toml::from_str(&std::fs::read_to_string(manifest_dir().join("content/glossaire.toml")).unwrap()).unwrap();
    let terms = glossary["termes"].as_array().unwrap();
    let mut checked = 0;
    for t in terms {
        let Some(sigle) = t.get("sigle").and_then(|s| s.as_str()) else { continue };
        // A trailing space: the word is complete, not the beginning of a longer one (CLS, CLSM).
        let hits = ranked(&public, &format!("{sigle} "), &[]);
        let unique: std::collections::BTreeSet<&String> = hits.iter().collect();
        assert_eq!(unique.len(), hits.len(), "{sigle} : une page répétée dans {hits:?}");
        let own = hits.iter().position(|p| p.starts_with("glossaire/#"));
        let help = hits.iter().position(|p| p.starts_with("annuaire/") || p.starts_with("actions/"));
        if let (Some(own), Some(help)) = (own, help) {
            assert!(
                help < own,
                "{sigle} : le service ou l'action ({}) passe avant la définition : {hits:?}",
                hits[help]
            );
        }
        checked += 1;
    }
    assert!(checked >= 10, "{checked} sigles");
}
