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
#[derive(Clone)]
struct Source {
    file: String,
    line: Option<usize>,
    field: &'static str,
}

impl Source {
    /// `d`, placed at this source.
    fn place(self, d: Diagnostic) -> Diagnostic {
        let d = d.file(self.file).field(self.field);
        match self.line {
            Some(l) => d.at(Pos::line(l)),
            None => d,
        }
    }
}

/// Checks every path of the site; `files` are the generated ones, `assets` the copied ones.
pub fn check(
    files: impl Iterator<Item = String>,
    content: &Content,
    pilots: &[crate::content::follow::Pilot],
    root: &std::path::Path,
) -> Vec<Diagnostic> {
    // The content behind each address is looked up only when a path has a problem.
    let mut sources: Option<Vec<(String, Source)>> = None;
    let mut out = Vec::new();
    let mut folded: BTreeMap<String, String> = BTreeMap::new();
    let all = files
        .map(|f| (f, None))
        .chain(content.assets.iter().map(|a: &Asset| (a.path.clone(), Some(crate::diag::rel(root, &a.source)))));
    for (path, asset_file) in all {
        let mut source = || match &asset_file {
            Some(f) => Source { file: f.clone(), line: None, field: "nom du fichier" },
            None => source_of(&path, sources.get_or_insert_with(|| sources_of(content, pilots))),
        };
        if let Some(problem) = problem(&path) {
            let d = Diagnostic::error("adresse-impossible", format!("l'adresse /{} {problem}", shorten(&path, 120)))
                .suggest(Some(format!(
                    "raccourcissez ou renommez-le : un nom de {NAME_MAX} octets au plus, sans \\ : * ? \" < > | ni caractère de contrôle"
                )));
            out.push(source().place(d));
            continue;
        }
        if let Some(first) = folded.insert(path.to_lowercase(), path.clone())
            && first != path
        {
            let d = Diagnostic::error(
                "adresse-en-double",
                format!("/{path} et /{first} ne diffèrent que par les majuscules : sous Windows et macOS, l'un remplacerait l'autre"),
            )
            .suggest(Some("écrivez les noms de fichiers en minuscules".into()));
            out.push(source().place(d));
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
fn sources_of(c: &Content, pilots: &[crate::content::follow::Pilot]) -> Vec<(String, Source)> {
    use crate::content::model::Origin;
    let at = |o: &Origin, field| (o.path.clone(), Source { file: o.file.clone(), line: o.line, field });
    let pages = c.home.iter().chain(&c.sections).chain(&c.chapters).chain(&c.news).chain(&c.pages);
    let pages = pages.chain(c.diagnostic_chapters());
    let mut out: Vec<(String, Source)> = pages.map(|p| at(&p.origin, "nom du fichier")).collect();
    out.extend(c.actions.iter().map(|a| at(&a.origin, "numero")));
    out.extend(c.services.iter().map(|s| at(&s.origin, "id")));
    out.extend(c.structures.iter().map(|s| at(&s.origin, "id")));
    if let Some(d) = &c.diagnostic {
        out.extend(d.indicators.iter().map(|i| at(&i.origin, "id")));
        out.extend(d.findings.iter().map(|f| at(&f.origin, "id")));
    }
    for p in pilots.iter().filter(|p| p.has_page()) {
        if let Some(a) = p.actions.first().and_then(|&i| c.actions.get(i)) {
            let path = crate::route::Route::FollowUpBy(crate::route::Facet::Pilote, &p.slug).path().to_string();
            out.push((path, at(&a.origin, "pilotes").1));
        }
    }
    out.retain(|(p, _)| !p.is_empty());
    out.sort_by_key(|s| std::cmp::Reverse(s.0.len()));
    out
}

fn source_of(path: &str, sources: &[(String, Source)]) -> Source {
    sources.iter().find(|(prefix, _)| path.starts_with(prefix.as_str())).map(|(_, s)| s.clone()).unwrap_or(Source {
        file: "site.toml".into(),
        line: None,
        field: "adresse",
    })
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
