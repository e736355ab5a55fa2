//! `portail new`: a minimal working portal, with the CI files that publish it on push.

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
];

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
        std::fs::write(&target, text).map_err(|e| format!("{} : écriture impossible : {e}", target.display()))?;
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
}
