//! Helpers shared by the integration tests: copying fixture sites, running the binary,
//! and checking every internal link of a built site.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    manifest_dir().join("tests/fixtures").join(name)
}

/// Copies a directory tree (fixtures are edited in place by some tests).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), dest).unwrap();
        }
    }
}

/// Runs the `portail` binary.
pub fn portail(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_portail")).args(args).output().expect("portail runs")
}

/// Every file under `dir` with its bytes, for before/after comparisons.
pub fn snapshot_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).unwrap().to_string_lossy().replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    walk(dir, dir, &mut out);
    out
}

/// Values of `attr="…"` in an HTML text, unescaped for `&amp;`.
pub fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        if let Some(end) = rest.find('"') {
            out.push(rest[..end].replace("&amp;", "&"));
            rest = &rest[end..];
        }
    }
    out
}

/// Checks that every internal `href` and `src` of every HTML page in `public` leads to an
/// existing file, and that every `#fragment` exists in its target. `base` is the path prefix.
/// Returns the broken links, as `page → link`.
pub fn broken_links(public: &Path, base: &str) -> Vec<String> {
    let files = snapshot_tree(public);
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, bytes) in &files {
        if path.ends_with(".html") {
            let html = String::from_utf8_lossy(bytes);
            ids.insert(path.clone(), attr_values(&html, "id").into_iter().collect());
        }
    }
    let mut broken = Vec::new();
    for (page, bytes) in &files {
        if !page.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        let dir = page.rsplit_once('/').map_or("", |(d, _)| d);
        for link in attr_values(&html, "href").into_iter().chain(attr_values(&html, "src")) {
            if link.contains("://") || link.starts_with("mailto:") || link.starts_with("tel:") {
                continue;
            }
            let (path, frag) = link.split_once('#').map_or((link.as_str(), None), |(p, f)| (p, Some(f)));
            let target = if path.is_empty() {
                page.clone()
            } else if let Some(abs) = path.strip_prefix(base) {
                abs.to_string()
            } else if path.starts_with('/') {
                broken.push(format!("{page} → {link} (hors du préfixe {base})"));
                continue;
            } else {
                format!("{dir}/{path}")
            };
            let file =
                if target.is_empty() || target.ends_with('/') { format!("{target}index.html") } else { target.clone() };
            if !files.contains_key(&file) {
                broken.push(format!("{page} → {link}"));
                continue;
            }
            if let Some(f) = frag
                && !f.is_empty()
                && !ids.get(&file).is_some_and(|s| s.contains(f))
            {
                broken.push(format!("{page} → {link} (ancre absente)"));
            }
        }
    }
    broken
}

/// The text between `<main` and `</main>`, for snapshots.
pub fn main_of(html: &str) -> String {
    let start = html.find("<main").expect("<main>");
    let end = html.find("</main>").expect("</main>") + "</main>".len();
    html[start..end].to_string()
}
