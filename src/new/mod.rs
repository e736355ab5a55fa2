//! `portail new`: a minimal working portal, with the CI files that publish it on push.
//!
//! The CI files and `publier.sh` install the exact version that wrote them from PyPI, and
//! `site.toml` states the range of versions that can build it (crate::version): a new portal
//! publishes on its first push, with nothing to edit.

pub mod territory;

use crate::version::{VERSION, range_of};
use std::path::Path;
use territory::Territory;

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

/// A TOML basic string.
fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// `site.toml` for a territory of the official lists: its name and its communes.
fn site_for(text: &str, t: &Territory) -> String {
    let mut communes = String::new();
    for c in &t.communes {
        communes.push_str(&format!("[[communes]]\ncode = {}\nnom = {}\n", quoted(&c.code), quoted(&c.nom)));
        if !c.codes_postaux.is_empty() {
            let list: Vec<String> = c.codes_postaux.iter().map(|p| quoted(p)).collect();
            communes.push_str(&format!("codes_postaux = [{}]\n", list.join(", ")));
        }
        communes.push('\n');
    }
    let start = text.find("[[communes]]").unwrap_or(text.len());
    let end = text[start..].find("\n\n").map_or(text.len(), |i| start + i + 2);
    let header = format!(
        "# Les {} communes du territoire, d'après la liste officielle (@etalab/decoupage-administratif {}).\n",
        t.communes.len(),
        t.version
    );
    let text = format!("{}{header}{communes}{}", &text[..start], &text[end..]);
    text.replace(
        "titre = \"Contrat local de santé de mon territoire\"",
        &format!("titre = {}", quoted(&format!("Contrat local de santé — {}", t.nom))),
    )
    .replace("territoire = \"Communauté de communes de mon territoire\"", &format!("territoire = {}", quoted(&t.nom)))
    .replace(
        "source_id = \"cls-mon-territoire\"",
        &format!("source_id = {}", quoted(&format!("cls-{}", crate::slug::slugify(&t.nom)))),
    )
}

/// The diagnostic a new portal starts from: the legal population of each commune and of the
/// territory, with their source. The coordinator adds the observatory's figures beside them.
fn diagnostic_for(t: &Territory) -> Vec<(&'static str, String)> {
    let source = format!(
        "Insee, populations légales {} (liste officielle @etalab/decoupage-administratif {})",
        t.annee, t.version
    );
    let mut indicateurs = String::from("id,libelle,portrait,unite,sens,definition,source\n");
    indicateurs.push_str(&format!(
        "population,Population municipale,territoire,habitants,neutre,Population municipale légale de chaque commune.,{}\n",
        csv_cell(&source)
    ));
    let mut valeurs = String::from("indicateur,echelle,code,nom,periode,valeur\n");
    let total: Option<u64> = t.communes.iter().map(|c| c.population).sum();
    if let Some(total) = total.filter(|_| t.communes.len() > 1) {
        valeurs.push_str(&format!("population,territoire,,,{},{total}\n", t.annee));
    }
    for c in &t.communes {
        if let Some(p) = c.population {
            let scale = if t.communes.len() > 1 { "commune" } else { "territoire" };
            let code = if scale == "commune" { c.code.as_str() } else { "" };
            valeurs.push_str(&format!("population,{scale},{code},,{},{p}\n", t.annee));
        }
    }
    let intro = "+++\ntitre = \"Diagnostic local de santé\"\n+++\n\nLa population de chaque commune vient de l'Insee. \
                 Ajoutez dans `indicateurs.csv` et `valeurs.csv` les chiffres du diagnostic de l'observatoire \
                 régional de la santé, et les constats dans `constats.toml` (voir la documentation de portail).\n"
        .to_string();
    vec![
        ("content/diagnostic/_index.md", intro),
        ("content/diagnostic/indicateurs.csv", indicateurs),
        ("content/diagnostic/valeurs.csv", valeurs),
    ]
}

fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

/// `portail new`: the territory from the official lists when an EPCI or a commune is named.
pub fn create(dir: &Path, epci: Option<&str>, commune: Option<&str>) -> Result<Vec<&'static str>, String> {
    let territory = match (epci, commune) {
        (Some(e), _) => Some(territory::epci(e)?),
        (None, Some(c)) => Some(territory::commune(c)?),
        (None, None) => None,
    };
    scaffold_for(dir, territory.as_ref())
}

/// Writes a new portal into `dir`, which must be absent or empty. Returns the files written.
pub fn scaffold(dir: &Path) -> Result<Vec<&'static str>, String> {
    scaffold_for(dir, None)
}

/// Writes a new portal for a territory of the official lists (or the placeholder one).
pub fn scaffold_for(dir: &Path, territory: Option<&Territory>) -> Result<Vec<&'static str>, String> {
    if dir.exists() && std::fs::read_dir(dir).map_or(true, |mut d| d.next().is_some()) {
        return Err(format!("{} existe déjà et n'est pas vide : choisissez un nouveau dossier", dir.display()));
    }
    let extra = territory.map(diagnostic_for).unwrap_or_default();
    let all = FILES.iter().map(|(p, t)| (*p, fill(t))).chain(extra.iter().map(|(p, t)| (*p, t.clone())));
    let mut written = Vec::new();
    for (path, text) in all {
        let text = match territory {
            Some(t) if path == "site.toml" => site_for(&text, t),
            _ => text,
        };
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{} : création impossible : {e}", parent.display()))?;
        }
        std::fs::write(&target, text).map_err(|e| format!("{} : écriture impossible : {e}", target.display()))?;
        written.push(path);
        #[cfg(unix)]
        if path.ends_with(".sh") {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o755))
                .map_err(|e| format!("{} : droits impossibles à régler : {e}", target.display()))?;
        }
    }
    Ok(written)
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
