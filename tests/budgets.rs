//! Costs held without timing (issue « Weight »): what a rebuild redoes. Timings stay in the
//! benchmark (`bench/`).

mod common;

use common::*;

fn drawn(stderr: &str) -> usize {
    stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("codes QR dessinés"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("pas de compte des codes QR : {stderr}"))
}

/// Every service's QR code is encoded once; a rebuild takes them all from the cache, and a
/// service's new address is the only code encoded again. The cache keeps no code of an address
/// that is gone.
#[test]
fn a_rebuild_draws_no_qr_code() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_tree(&fixture("complet"), &root);
    let build = || {
        let out = portail(&["build", "-q", "-v", "--root", root.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        assert!(out.status.success(), "{stderr}");
        drawn(&stderr)
    };
    let first = build();
    let codes: Vec<_> = walk(&root.join("public")).into_iter().filter(|p| p.ends_with("qr.png")).collect();
    assert!(first > 0 && first == codes.len(), "{first} codes pour {} fichiers", codes.len());
    assert_eq!(build(), 0, "une reconstruction ne dessine aucun code");
    // One service renamed: one code drawn; the old one is gone from the cache, so renaming it
    // back draws it again.
    assert!(root.join(".portail-cache/qr.bin").is_file());
    let file = root.join("content/annuaire/dac.md");
    std::fs::rename(&file, file.with_file_name("dac-renomme.md")).unwrap();
    assert_eq!(build(), 1);
    assert_eq!(build(), 0);
    std::fs::rename(file.with_file_name("dac-renomme.md"), &file).unwrap();
    assert_eq!(build(), 1);
}

fn walk(dir: &std::path::Path) -> Vec<String> {
    snapshot_tree(dir).into_keys().collect()
}
