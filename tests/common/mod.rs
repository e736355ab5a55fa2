//! Helpers shared by the integration tests: copying fixture sites, running the binary,
//! and checking every internal link of a built site.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The benchmark's corpus of `pages` pages (`bench/gen_corpus.py`, seed 1), in a temporary
/// folder: the folder, and the site's root in it.
pub fn bench_corpus(pages: usize) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("corpus");
    let out = Command::new("python3")
        .arg(manifest_dir().join("bench/gen_corpus.py"))
        .args(["--pages", &pages.to_string(), "--format", "portail", "--seed", "1", "--out"])
        .arg(&root)
        .output()
        .expect("python3 lance le générateur du corpus");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    (tmp, root)
}

pub fn fixture(name: &str) -> PathBuf {
    manifest_dir().join("tests/fixtures").join(name)
}

/// Copies a directory tree (fixtures are edited in place by some tests). A build's cache and output
/// left in the fixture by a run by hand are not copied: the copy is the fixture as committed.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if [".portail-cache", "public"].iter().any(|n| entry.file_name() == *n) && from.join("site.toml").is_file() {
            continue;
        }
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
            if link.contains("://")
                || link.starts_with("mailto:")
                || link.starts_with("tel:")
                || link.starts_with("sms:")
                // The QR codes the build draws itself; content's `data:` addresses are refused
                // (tests/mutations.rs).
                || link.starts_with("data:image/png;base64,")
            {
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

/// Structure checks a static tool can make on every page (RGAA 8.3, 8.5, 8.6, 9.1): `lang="fr"`,
/// a non-empty title unique across the site, exactly one `h1`, no heading level skipped going
/// down, unique `id`s. Returns the problems found.
pub fn structure_problems(public: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let mut titles: BTreeMap<String, String> = BTreeMap::new();
    for (path, bytes) in snapshot_tree(public) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(&bytes);
        if !html.contains("<html lang=\"fr\">") {
            problems.push(format!("{path} : pas de lang=\"fr\""));
        }
        let title =
            html.split_once("<title>").and_then(|(_, r)| r.split_once("</title>")).map(|(t, _)| t.trim().to_string());
        match title {
            None => problems.push(format!("{path} : pas de <title>")),
            Some(t) if t.is_empty() => problems.push(format!("{path} : <title> vide")),
            Some(t) => {
                if let Some(other) = titles.insert(t.clone(), path.clone())
                    && path != "404.html"
                    && other != "404.html"
                {
                    problems.push(format!("{path} et {other} ont le même titre « {t} »"));
                }
            }
        }
        let levels: Vec<u8> = html
            .match_indices("<h")
            .filter_map(|(i, _)| html.as_bytes().get(i + 2).copied())
            .filter(|b| (b'1'..=b'6').contains(b))
            .map(|b| b - b'0')
            .collect();
        if levels.iter().filter(|&&l| l == 1).count() != 1 {
            problems.push(format!("{path} : {} h1", levels.iter().filter(|&&l| l == 1).count()));
        }
        for w in levels.windows(2) {
            if w[1] > w[0] + 1 {
                problems.push(format!("{path} : h{} suivi de h{}", w[0], w[1]));
                break;
            }
        }
        let ids = attr_values(&html, "id");
        let unique: BTreeSet<&String> = ids.iter().collect();
        if unique.len() != ids.len() {
            problems.push(format!("{path} : identifiants en double"));
        }
    }
    problems
}
