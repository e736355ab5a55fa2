//! The demo portal at the repository root: complete, valid, fictional, deterministic.

mod common;

use common::*;
use portail::content::load::load;
use std::collections::BTreeSet;

#[test]
fn demo_builds_without_errors_and_without_broken_links() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let run = portail(&["build", "--root", manifest_dir().to_str().unwrap(), "--output", out.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(stderr.contains("0 erreur"), "{stderr}");
    let broken = broken_links(&out, "/");
    assert!(broken.is_empty(), "liens cassés :\n{}", broken.join("\n"));
    let problems = structure_problems(&out);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn demo_content_covers_the_whole_model() {
    let root = manifest_dir();
    let mut diags = Vec::new();
    let config = portail::config::parse(&std::fs::read_to_string(root.join("site.toml")).unwrap(), &mut diags).unwrap();
    let c = load(&root, &mut diags);
    assert!(diags.iter().all(|d| d.severity == portail::diag::Severity::Warning), "{diags:?}");
    assert!(config.communes.len() >= 10);
    assert!((3..=4).contains(&config.axes.len()));
    assert!(c.actions.len() >= 20);
    let statuts: BTreeSet<&str> = c.actions.iter().map(|a| a.statut.v.code()).collect();
    assert_eq!(statuts.len(), 5, "toutes les valeurs de statut : {statuts:?}");
    assert!(c.services.len() >= 25);
    let dispositifs: BTreeSet<&str> = c.services.iter().filter_map(|s| s.dispositif.as_deref()).collect();
    for d in
        ["pfidass", "dac", "cpts", "msp", "cmp", "pmi", "csapa", "maison-des-adolescents", "france-services", "ccas"]
    {
        assert!(dispositifs.contains(d), "l'annuaire de démonstration doit avoir un service {d}");
    }
    let dac = c.services.iter().find(|s| s.dispositif.as_deref() == Some("dac")).unwrap();
    assert!(dac.alias.iter().any(|a| a == "PTA") && dac.alias.iter().any(|a| a == "MAIA"));
    assert!(c.glossary.len() >= 30);
    assert!(c.news.len() >= 3);
    assert!(c.twins.len() >= 5);
    let rich = c.actions.iter().filter(|a| !a.indicateurs.is_empty() && !a.partenaires.is_empty()).count();
    let minimal = c.actions.iter().filter(|a| a.partenaires.is_empty() && a.indicateurs.is_empty()).count();
    assert!(rich >= 3 && minimal >= 3, "des fiches riches et des fiches minimales");
}

#[test]
fn demo_contacts_are_fictional() {
    let root = manifest_dir();
    let mut diags = Vec::new();
    let c = load(&root, &mut diags);
    for s in &c.services {
        if let Some(t) = &s.telephone {
            assert!(t.starts_with("01 99 00"), "{} : {t} n'est pas dans la tranche réservée à la fiction", s.id.v);
        }
        if let Some(m) = &s.courriel {
            assert!(m.ends_with("example.org"), "{} : {m}", s.id.v);
        }
    }
    let text = std::fs::read_to_string(root.join("site.toml")).unwrap();
    assert!(text.contains("01 99 00 10 00"));
}

#[test]
fn two_builds_are_byte_identical_whatever_the_thread_count() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    let root = manifest_dir();
    let first = portail(&["build", "--root", root.to_str().unwrap(), "--output", a.to_str().unwrap()]);
    assert!(first.status.success());
    let second = std::process::Command::new(env!("CARGO_BIN_EXE_portail"))
        .args(["build", "--root", root.to_str().unwrap(), "--output", b.to_str().unwrap()])
        .env("RAYON_NUM_THREADS", "1")
        .output()
        .unwrap();
    assert!(second.status.success());
    let (ta, tb) = (snapshot_tree(&a), snapshot_tree(&b));
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (k, v) in &ta {
        assert!(v == &tb[k], "{k} diffère entre deux constructions");
    }
    assert!(ta.len() > 100);
}
