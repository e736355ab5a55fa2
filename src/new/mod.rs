//! `portail new`: a minimal working portal, with the CI files that publish it on push.
//!
//! The CI files and `publier.sh` install the exact version that wrote them from PyPI, and
//! `site.toml` states the range of versions that can build it (crate::version): a new portal
//! publishes on its first push, with nothing to edit.

use crate::version::{VERSION, range_of};
use std::path::Path;

/// Files of a new portal. Dotfiles are stored without their dot so this repository's own
/// tooling does not take them for its own.
const FILES: &[(&str, &str)] = &[
    ("site.toml", include_str!("modele/site.toml")),
    ("content/_index.md", include_str!("modele/content/_index.md")),
    ("content/actions/1.1.1-premiere-action.md", include_str!("modele/content/actions/1.1.1-premiere-action.md")),
    ("content/annuaire/premier-service.md", include_str!("modele/content/annuaire/premier-service.md")),
    ("content/glossaire.toml", include_str!("modele/content/glossaire.toml")),
    ("README.md", include_str!("modele/README.md")),
    (".gitignore", include_str!("modele/gitignore")),
    (".gitlab-ci.yml", include_str!("modele/gitlab-ci.yml")),
    (".github/workflows/pages.yml", include_str!("modele/github-pages.yml")),
    ("publier.sh", include_str!("modele/publier.sh")),
];

/// A model file with this version filled in: `@VERSION@` (the pinned version) and `@RANGE@`
/// (the range written in `site.toml`).
pub fn fill(text: &str) -> String {
    text.replace("@VERSION@", VERSION).replace("@RANGE@", &range_of(VERSION))
}

/// Writes a new portal into `dir`, which must be absent or empty. Returns the files written.
pub fn scaffold(dir: &Path) -> Result<Vec<&'static str>, String> {
    if dir.exists() && std::fs::read_dir(dir).map_or(true, |mut d| d.next().is_some()) {
        return Err(format!("{} existe déjà et n'est pas vide : choisissez un nouveau dossier", dir.display()));
    }
    for (path, text) in FILES {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{} : création impossible : {e}", parent.display()))?;
        }
        std::fs::write(&target, fill(text)).map_err(|e| format!("{} : écriture impossible : {e}", target.display()))?;
        #[cfg(unix)]
        if path.ends_with(".sh") {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o755))
                .map_err(|e| format!("{} : droits impossibles à régler : {e}", target.display()))?;
        }
    }
    Ok(FILES.iter().map(|(p, _)| *p).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_a_folder_that_has_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x"), "").unwrap();
        assert!(scaffold(dir.path()).is_err());
        let files = scaffold(&dir.path().join("neuf")).unwrap();
        assert!(files.contains(&".gitlab-ci.yml"));
        assert!(dir.path().join("neuf/.github/workflows/pages.yml").is_file());
    }

    #[test]
    fn every_model_file_is_filled_and_names_no_placeholder_address() {
        for (path, text) in FILES {
            let filled = fill(text);
            let marker = filled
                .split('@')
                .skip(1)
                .any(|w| w.len() > 1 && w.chars().take_while(|c| *c != '@').all(|c| c.is_ascii_uppercase()));
            assert!(!marker, "{path} : marque non remplacée");
            for fake in ["example.org", "example.com", "example.fr", "forge.example", "PORTAIL_GIT", "cargo install"] {
                assert!(!filled.contains(fake), "{path} contient « {fake} »");
            }
        }
        for (path, text) in
            FILES.iter().filter(|(p, _)| [".gitlab-ci.yml", ".github/workflows/pages.yml", "publier.sh"].contains(p))
        {
            let filled = fill(text);
            let pin = [format!("PORTAIL_VERSION: \"{VERSION}\""), format!("PORTAIL_VERSION=\"{VERSION}\"")];
            assert!(pin.iter().any(|p| filled.contains(p)), "{path} ne fixe pas la version");
            assert!(filled.contains("\"portail-cls==$PORTAIL_VERSION\""), "{path} n'installe pas la version fixée");
        }
        assert!(fill(FILES[0].1).contains(&format!("portail = \"{}\"", range_of(VERSION))));
    }
}
