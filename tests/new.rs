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

/// `--epci`: the territory's communes and their legal populations, from the official list; the
/// portal checks clean with no edits and its diagnostic gives each commune's population.
#[test]
fn a_new_portal_for_an_epci_has_its_communes_and_their_populations() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("grand-perigueux");
    let out = portail(&["new", dir.to_str().unwrap(), "--epci", "200040392"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let site: toml::Table = std::fs::read_to_string(dir.join("site.toml")).unwrap().parse().unwrap();
    assert_eq!(site["territoire"].as_str(), Some("Communauté d'agglomération Le Grand Périgueux"));
    let communes = site["communes"].as_array().unwrap();
    assert_eq!(communes.len(), 43);
    assert!(communes.iter().any(|c| c["code"].as_str() == Some("24322") && c["nom"].as_str() == Some("Périgueux")));
    let check = portail(&["check", "--root", dir.to_str().unwrap(), "--strict"]);
    assert_eq!(check.status.code(), Some(0), "{}", String::from_utf8_lossy(&check.stderr));
    let build = portail(&["build", "--quiet", "--root", dir.to_str().unwrap()]);
    assert!(build.status.success());
    let page = std::fs::read_to_string(dir.join("public/diagnostic/indicateurs/population/index.html")).unwrap();
    assert!(page.contains(">Périgueux</a>") && page.contains(">Agonac</a>"));
    // A postcode instead of an INSEE code is explained, and nothing is written.
    let other = tmp.path().join("ville");
    let out = portail(&["new", other.to_str().unwrap(), "--commune", "24000"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("24322 (Périgueux)"));
    assert!(!other.exists());
}

#[test]
fn a_new_portal_states_the_versions_that_build_it_and_pins_its_ci_to_this_one() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    assert!(portail(&["new", dir.to_str().unwrap()]).status.success());
    let version = env!("CARGO_PKG_VERSION");
    let site = std::fs::read_to_string(dir.join("site.toml")).unwrap();
    assert!(site.contains(&format!("portail = \">={version}, <")), "{site}");
    for ci in [".gitlab-ci.yml", ".github/workflows/pages.yml", "publier.sh"] {
        let text = std::fs::read_to_string(dir.join(ci)).unwrap();
        assert!(text.contains(&format!("\"{version}\"")), "{ci} fixe la version {version}");
        assert!(
            text.contains("pip") && text.contains(" install ") && text.contains("\"portail-cls==$PORTAIL_VERSION\""),
            "{ci}"
        );
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.join("publier.sh")).unwrap().permissions().mode();
        assert_eq!(mode & 0o111, 0o111, "publier.sh est exécutable");
    }
}

#[test]
fn a_site_that_asks_for_another_portail_stops_at_once_and_leaves_public_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    assert!(portail(&["new", dir.to_str().unwrap()]).status.success());
    assert!(portail(&["build", "--quiet", "--root", dir.to_str().unwrap()]).status.success());
    let before = snapshot_tree(&dir.join("public"));
    let site = std::fs::read_to_string(dir.join("site.toml")).unwrap();
    let (line, _) = site.lines().enumerate().find(|(_, l)| l.starts_with("portail = ")).unwrap();
    let newer: String = site
        .lines()
        .map(|l| if l.starts_with("portail = ") { "portail = \">=99.0.0\"" } else { l })
        .collect::<Vec<_>>()
        .join("\n");
    // A field this portail does not know: a newer format. Only the version is reported.
    std::fs::write(dir.join("site.toml"), format!("{newer}\nchamp_de_demain = 1\n")).unwrap();
    for cmd in ["build", "check"] {
        let out = portail(&[cmd, "--root", dir.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{cmd} : {stderr}");
        let version = env!("CARGO_PKG_VERSION");
        assert!(
            stderr.contains(&format!("site.toml:{} : erreur (champ « portail ») : ce site demande portail >=99.0.0 ; vous utilisez portail {version}", line + 1)),
            "{cmd} : {stderr}"
        );
        assert!(stderr.contains("pipx upgrade portail-cls"), "{stderr}");
        assert!(!stderr.contains("champ_de_demain"), "une seule cause, un seul message : {stderr}");
    }
    assert_eq!(snapshot_tree(&dir.join("public")), before);
}

#[test]
fn version_prints_the_version_and_the_commit() {
    let out = portail(&["--version"]);
    let text = String::from_utf8_lossy(&out.stdout);
    let version = env!("CARGO_PKG_VERSION");
    assert!(text.starts_with(&format!("portail {version} (")), "{text}");
    let commit = text.trim().trim_end_matches(')').rsplit('(').next().unwrap();
    assert!(commit == "inconnu" || (commit.len() == 12 && commit.chars().all(|c| c.is_ascii_hexdigit())), "{text}");
}
