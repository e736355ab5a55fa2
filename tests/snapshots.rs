//! Snapshots of the HTML shape of the main page types (the `<main>` element only).
//! Review changes with `cargo insta review`; CI fails on any difference.

mod common;

use common::*;
use std::sync::OnceLock;

fn public() -> &'static std::path::Path {
    static SITE: OnceLock<tempfile::TempDir> = OnceLock::new();
    SITE.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        copy_tree(&fixture("complet"), &root);
        // A fixed build day: the agenda and the holiday list depend on it.
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_portail"))
            .args(["build", "--root", root.to_str().unwrap()])
            .env("SOURCE_DATE_EPOCH", "1780000000")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        tmp
    })
    .path()
    .join("site/public")
    .leak()
}

fn main_html(path: &str) -> String {
    main_of(&std::fs::read_to_string(public().join(path)).unwrap())
}

#[test]
fn fiche_action() {
    insta::assert_snapshot!(main_html("actions/1.1.1-pfidass/index.html"));
}

#[test]
fn service() {
    insta::assert_snapshot!(main_html("annuaire/pfidass-test/index.html"));
}

#[test]
fn axe() {
    insta::assert_snapshot!(main_html("actions/axes/acces/index.html"));
}
