//! `portail new`: the scaffolded portal builds and checks clean with no edits.

mod common;

use common::*;

#[test]
fn a_new_portal_builds_with_no_edits() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("mon-portail");
    let out = portail(&["new", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let build = portail(&["build", "--root", dir.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert!(build.status.success(), "{stderr}");
    assert!(!stderr.contains("avertissement :"), "aucun avertissement : {stderr}");
    let check = portail(&["check", "--root", dir.to_str().unwrap(), "--strict"]);
    assert_eq!(check.status.code(), Some(0), "{}", String::from_utf8_lossy(&check.stderr));
    for f in [".gitlab-ci.yml", ".github/workflows/pages.yml", "README.md", ".gitignore"] {
        assert!(dir.join(f).is_file(), "{f}");
    }
    assert!(broken_links(&dir.join("public"), "/").is_empty());
    // A second `new` into the same folder refuses instead of overwriting.
    let again = portail(&["new", dir.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1));
}
