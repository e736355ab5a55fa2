//! Every output path, checked before anything is written: what a file system would refuse makes
//! `check` fail as `build` would, with the content file and field that made the path.
//!
//! The limits are those of the file systems a site is built on or copied to: a name of at most
//! 255 bytes (ext4, XFS, Btrfs; NTFS and APFS count 255 UTF-16 units, never fewer than 255 bytes of
//! UTF-8 allow), a path of at most 1 024 bytes under the output folder (PATH_MAX is 4 096 on Linux,
//! and the folder itself takes its share), no character that Windows or a shared drive refuses,
//! and no two paths that differ only by case (macOS and Windows would hold one of them).

use crate::content::model::{Asset, Content};
use crate::diag::{Diagnostic, Pos};
use crate::text::shorten;
use std::collections::BTreeMap;

/// The longest name of a file or folder, in bytes.
pub const NAME_MAX: usize = 255;
/// The longest path under the output folder, in bytes.
pub const PATH_MAX: usize = 1024;

/// Where a path comes from: the file and field that made it.
struct Source {
    file: String,
    line: Option<usize>,
    field: &'static str,
}

/// Checks every path of the site; `files` are the generated ones, `assets` the copied ones.
pub fn check(
    files: impl Iterator<Item = String>,
    content: &Content,
    pilots: &[crate::content::follow::Pilot],
    root: &std::path::Path,
) -> Vec<Diagnostic> {
    let sources = sources(content, pilots);
    let mut out = Vec::new();
    let mut folded: BTreeMap<String, String> = BTreeMap::new();
    let all = files
        .map(|f| (f, None))
        .chain(content.assets.iter().map(|a: &Asset| (a.path.clone(), Some(crate::diag::rel(root, &a.source)))));
    for (path, asset_file) in all {
        let source = || match &asset_file {
            Some(f) => Source { file: f.clone(), line: None, field: "nom du fichier" },
            None => source_of(&path, &sources),
        };
        if let Some(problem) = problem(&path) {
            let s = source();
            let mut d = Diagnostic::error("adresse-impossible", format!("l'adresse /{} {problem}", shorten(&path, 120)))
                .file(s.file)
                .field(s.field)
                .suggest(Some(format!(
                    "raccourcissez ou renommez-le : un nom de {NAME_MAX} octets au plus, sans \\ : * ? \" < > | ni caractère de contrôle"
                )));
            if let Some(l) = s.line {
                d = d.at(Pos::line(l));
            }
            out.push(d);
            continue;
        }
        if let Some(first) = folded.insert(path.to_lowercase(), path.clone())
            && first != path
        {
            let s = source();
            let mut d = Diagnostic::error(
                "adresse-en-double",
                format!("/{path} et /{first} ne diffèrent que par les majuscules : sous Windows et macOS, l'un remplacerait l'autre"),
            )
            .file(s.file)
            .field(s.field)
            .suggest(Some("écrivez les noms de fichiers en minuscules".into()));
            if let Some(l) = s.line {
                d = d.at(Pos::line(l));
            }
            out.push(d);
        }
    }
    out
}

/// What a file system would refuse in `path`, said for a person.
pub fn problem(path: &str) -> Option<String> {
    if path.len() > PATH_MAX {
        return Some(format!(
            "a {} octets : au-delà des {PATH_MAX} qu'un système de fichiers accepte sous le dossier du site",
            path.len()
        ));
    }
    for name in path.split('/') {
        if name.len() > NAME_MAX {
            return Some(format!(
                "contient un nom de {} octets (« {} ») : au-delà des {NAME_MAX} que permettent les systèmes de fichiers",
                name.len(),
                shorten(name, 40)
            ));
        }
        if let Some(c) = name.chars().find(|c| c.is_control() || "\\:*?\"<>|".contains(*c)) {
            let shown = if c.is_control() { format!("U+{:04X}", c as u32) } else { c.to_string() };
            return Some(format!("contient le caractère « {shown} », refusé par Windows et les partages de fichiers"));
        }
        if name.ends_with(' ') || (name.ends_with('.') && name != "." && name != "..") {
            return Some(format!(
                "contient le nom « {name} », qui finit par un point ou une espace (refusé par Windows)"
            ));
        }
        let stem = name.split('.').next().unwrap_or("").to_ascii_uppercase();
        let reserved = ["CON", "PRN", "AUX", "NUL"].contains(&stem.as_str())
            || (stem.len() == 4
                && (stem.starts_with("COM") || stem.starts_with("LPT"))
                && stem.as_bytes()[3].is_ascii_digit());
        if reserved {
            return Some(format!("contient le nom « {name} », réservé par Windows"));
        }
    }
    None
}

/// The content behind each address prefix, longest first.
fn sources(c: &Content, pilots: &[crate::content::follow::Pilot]) -> Vec<(String, Source)> {
    let mut out: Vec<(String, Source)> = Vec::new();
    let pages = c.home.iter().chain(&c.sections).chain(&c.chapters).chain(&c.news).chain(&c.pages);
    for p in pages {
        out.push((
            p.origin.path.clone(),
            Source { file: p.origin.file.clone(), line: p.origin.line, field: "nom du fichier" },
        ));
    }
    for a in &c.actions {
        out.push((a.origin.path.clone(), Source { file: a.origin.file.clone(), line: a.origin.line, field: "numero" }));
    }
    for s in &c.services {
        out.push((s.origin.path.clone(), Source { file: s.origin.file.clone(), line: s.origin.line, field: "id" }));
    }
    for s in &c.structures {
        out.push((s.origin.path.clone(), Source { file: s.origin.file.clone(), line: s.origin.line, field: "id" }));
    }
    for p in pilots {
        if let Some(a) = p.actions.first().and_then(|&i| c.actions.get(i)) {
            let path = crate::route::Route::FollowUpBy(crate::route::Facet::Pilote, &p.slug).path().to_string();
            out.push((path, Source { file: a.origin.file.clone(), line: a.origin.line, field: "pilotes" }));
        }
    }
    out.retain(|(p, _)| !p.is_empty());
    out.sort_by_key(|s| std::cmp::Reverse(s.0.len()));
    out
}

fn source_of(path: &str, sources: &[(String, Source)]) -> Source {
    sources
        .iter()
        .find(|(prefix, _)| path.starts_with(prefix.as_str()))
        .map(|(_, s)| Source { file: s.file.clone(), line: s.line, field: s.field })
        .unwrap_or(Source { file: "site.toml".into(), line: None, field: "adresse" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_paths_and_characters_past_the_file_systems_limits() {
        assert_eq!(problem("annuaire/pfidass/index.html"), None);
        assert_eq!(problem(&format!("annuaire/{}/index.html", "a".repeat(255))), None);
        let long = problem(&format!("annuaire/{}/index.html", "a".repeat(256))).unwrap();
        assert!(long.contains("256 octets") && long.contains("255"), "{long}");
        let deep = format!("{}/index.html", vec!["dossier"; 140].join("/"));
        assert!(problem(&deep).unwrap().contains("1024"), "{deep}");
        assert!(problem("docs/a:b.pdf").unwrap().contains("« : »"));
        assert!(problem("docs/a\u{7}.pdf").unwrap().contains("U+0007"));
        assert!(problem("docs/con.pdf").unwrap().contains("réservé"));
        assert!(problem("docs/com1/x.html").unwrap().contains("réservé"));
        assert_eq!(problem("docs/compte/x.html"), None);
        assert!(problem("docs/a./x.html").unwrap().contains("point"));
    }
}
