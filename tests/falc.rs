//! The easy-to-read lint on the demo portal: findings in `check` at the right place, silencing,
//! strict mode, and the editorial report.

mod common;

use common::*;
use std::path::{Path, PathBuf};

/// A copy of the demo portal where the contact page's easy-to-read twin gets `extra` appended.
fn demo_with(extra: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::copy(manifest_dir().join("site.toml"), root.join("site.toml")).unwrap();
    copy_tree(&manifest_dir().join("content"), &root.join("content"));
    copy_tree(&manifest_dir().join("static"), &root.join("static"));
    let twin = root.join("content/pages/contact.falc.md");
    let mut text = std::fs::read_to_string(&twin).unwrap();
    text.push_str(extra);
    std::fs::write(&twin, text).unwrap();
    (tmp, root)
}

fn check_json(root: &Path) -> (serde_json::Value, Option<i32>) {
    let run = portail(&["check", "--root", root.to_str().unwrap(), "--format", "json"]);
    (serde_json::from_slice(&run.stdout).unwrap(), run.status.code())
}

fn falc_findings(v: &serde_json::Value, kind: &str) -> Vec<(String, u64, u64)> {
    v[kind]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"].as_str().unwrap().starts_with("falc-"))
        .map(|d| (d["rule"].as_str().unwrap().to_string(), d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()))
        .collect()
}

#[test]
fn the_demo_portal_passes() {
    let (v, code) = check_json(&manifest_dir());
    assert_eq!(code, Some(0));
    assert!(falc_findings(&v, "errors").is_empty() && falc_findings(&v, "warnings").is_empty(), "{v}");
}

#[test]
fn findings_point_at_the_line_and_column() {
    let twin = std::fs::read_to_string(manifest_dir().join("content/pages/contact.falc.md")).unwrap();
    let first = twin.lines().count() + 1;
    let (_tmp, root) = demo_with(
        "\nLe XXIe siècle commence. Le contrat est signé par le préfet.\n\nPour venir, [cliquez ici](/annuaire/).\n",
    );
    let (v, code) = check_json(&root);
    assert_eq!(code, Some(0), "sans [falc] strict, les constats ne bloquent pas : {v}");
    let found = falc_findings(&v, "warnings");
    let line = first as u64 + 1;
    for want in [
        ("falc-chiffres-romains".to_string(), line, 4),
        ("falc-une-phrase-par-ligne".to_string(), line, 26),
        ("falc-voix-passive".to_string(), line, 37),
        ("falc-lien-generique".to_string(), line + 2, 13),
    ] {
        assert!(found.contains(&want), "{want:?} absent de {found:?}");
    }
    let w = v["warnings"].as_array().unwrap().iter().find(|d| d["rule"] == "falc-chiffres-romains").unwrap();
    assert_eq!(w["file"], "content/pages/contact.falc.md");
    assert!(w["message"].as_str().unwrap().contains("XXIe"));
    assert_eq!(w["suggestion"], "écrivez « 21e »");

    // Every output format carries them.
    for format in ["text", "github", "gitlab"] {
        let run = portail(&["check", "--root", root.to_str().unwrap(), "--format", format]);
        let out = String::from_utf8_lossy(&run.stdout).into_owned() + &String::from_utf8_lossy(&run.stderr);
        assert!(out.contains("falc-chiffres-romains") || out.contains("chiffres romains"), "{format} : {out}");
    }
}

#[test]
fn rules_are_silenced_per_line_per_page_and_strict_mode_blocks() {
    let (_tmp, root) = demo_with("\nLe XXIe siècle commence. <!-- falc-ignore: chiffres-romains -->\n");
    let (v, _) = check_json(&root);
    assert!(!falc_findings(&v, "warnings").iter().any(|f| f.0 == "falc-chiffres-romains"), "{v}");

    let (_tmp, root) = demo_with("\nLe XXIe siècle commence.\n");
    let twin = root.join("content/pages/contact.falc.md");
    let text =
        std::fs::read_to_string(&twin).unwrap().replacen("+++\n", "+++\nfalc_ignorer = [\"chiffres-romains\"]\n", 1);
    std::fs::write(&twin, text).unwrap();
    let (v, _) = check_json(&root);
    assert!(!falc_findings(&v, "warnings").iter().any(|f| f.0 == "falc-chiffres-romains"), "{v}");

    let (_tmp, root) = demo_with("\nLe XXIe siècle commence.\n");
    let site = std::fs::read_to_string(root.join("site.toml")).unwrap();
    std::fs::write(root.join("site.toml"), format!("{site}\n[falc]\nstrict = true\n")).unwrap();
    let (v, code) = check_json(&root);
    assert_eq!(code, Some(1));
    assert!(falc_findings(&v, "errors").iter().any(|f| f.0 == "falc-chiffres-romains"), "{v}");

    // A misspelt rule id is an error that names the right one.
    let (_tmp, root) = demo_with("");
    let site = std::fs::read_to_string(root.join("site.toml")).unwrap();
    std::fs::write(root.join("site.toml"), format!("{site}\n[falc]\nignorer = [\"chifres-romains\"]\n")).unwrap();
    let (v, code) = check_json(&root);
    assert_eq!(code, Some(1));
    let e = v["errors"].as_array().unwrap().iter().find(|d| d["field"] == "falc.ignorer").unwrap();
    assert!(e["suggestion"].as_str().unwrap().contains("chiffres-romains"), "{e}");
}

#[test]
fn the_report_lists_scores_findings_and_missing_twins() {
    let (tmp, root) =
        demo_with("\nLe contrat est signé par le préfet et par les maires des communes du territoire intercommunal.\n");
    let report = tmp.path().join("falc.html");
    let run = portail(&["check", "--root", root.to_str().unwrap(), "--report", report.to_str().unwrap()]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<html lang=\"fr\">"));
    assert!(html.contains("Kandel et Moles") && html.contains("LIX"));
    assert!(html.contains("voix passive") && html.contains("phrase de 16 mots"), "constats phrase par phrase");
    // Missing twins: the home has one; services come before actions.
    let missing = &html[html.find("id=\"manquants\"").unwrap()..];
    let service = missing.find("(service,").unwrap();
    let action = missing.find("(action,").unwrap();
    assert!(service < action, "les services avant les actions");
    assert!(!missing.contains("(accueil,"), "l'accueil a sa version facile à lire");
}

#[test]
fn the_falc_command_scores_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("texte.md");
    std::fs::write(&f, "+++\ntitre = \"x\"\n+++\nVous avez mal aux dents.\n\nLe XXIe siècle.\n").unwrap();
    let run = portail(&["falc", "--json", f.to_str().unwrap()]);
    assert!(run.status.success());
    let v: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let file = &v["files"][0];
    assert_eq!(file["scores"]["mots"], 8);
    assert_eq!(file["findings"][0]["rule"], "chiffres-romains");
    assert_eq!(file["findings"][0]["line"], 6, "lignes du fichier, en-tête compris");
}
