//! Checking every internal link and anchor of the rendered site, as a reader would follow them.
//!
//! The Markdown stage already resolves links to files; this stage also sees anchors
//! (`page.md#section`) and everything templates wrote, on the final HTML.

use crate::diag::{Diagnostic, Pos};
use std::collections::{BTreeMap, HashSet};

/// Values of `attr="…"` in HTML written by our templates (always double-quoted).
pub fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        if let Some(end) = rest.find('"') {
            out.push(&rest[..end]);
            rest = &rest[end..];
        }
    }
    out
}

/// A page of the site and the content file it comes from, for messages.
pub struct Source<'a> {
    pub file: &'a str,
    /// Where to read the file's text to find a link's line; `None` for bulk rows.
    pub disk: Option<std::path::PathBuf>,
}

impl Source<'_> {
    /// Line of the first occurrence of `needle` in the file, read only when a link is broken.
    pub fn line_of(&self, needle: &str) -> Option<usize> {
        let text = std::fs::read_to_string(self.disk.as_ref()?).ok()?;
        text.lines().position(|l| l.contains(needle)).map(|i| i + 1)
    }
}

/// What one rendered page links to, read as soon as the page is made: the page itself can then
/// be written and forgotten. Links to missing files are known at once (every output path is
/// planned before rendering); anchors wait until every page's ids are known.
#[derive(Debug, Default)]
pub struct Scan {
    page: String,
    problems: Vec<Pending>,
    /// Hashes of the page's ids (`file#id`): eight bytes each, whatever the id's length.
    ids: Vec<u64>,
}

#[derive(Debug)]
enum Pending {
    Missing { link: String },
    Anchor { file: String, frag: String, shown: String },
}

fn id_hash(file: &str, id: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    // SipHash with fixed keys: the same on every run.
    #[allow(deprecated)]
    let mut h = std::hash::SipHasher::new();
    (file, id).hash(&mut h);
    h.finish()
}

/// Reads internal links against the set of output files.
pub struct Checker<'a> {
    files: &'a HashSet<String>,
    base: &'a str,
}

impl<'a> Checker<'a> {
    /// `files` are all output paths, `base` the site's path prefix.
    pub fn new(files: &'a HashSet<String>, base: &'a str) -> Self {
        Checker { files, base }
    }

    /// The links and ids of one output; anything but HTML has none.
    pub fn scan(&self, page: &str, bytes: &[u8]) -> Scan {
        let mut scan = Scan { page: page.to_string(), ..Scan::default() };
        if !page.ends_with(".html") {
            return scan;
        }
        // One pass over the page's bytes for its ids and links, the page's largest cost after
        // its template: each quote is found by memchr, and an attribute's value is a quote after
        // `=` up to the next quote. Only the values are read as text.
        let (mut hrefs, mut srcs) = (Vec::new(), Vec::new());
        let mut at = 0;
        while let Some(q) = memchr::memchr(b'"', &bytes[at..]).map(|q| at + q) {
            at = q + 1;
            if q == 0 || bytes[q - 1] != b'=' {
                continue;
            }
            let Some(end) = memchr::memchr(b'"', &bytes[at..]).map(|e| at + e) else { break };
            let before = &bytes[..q - 1];
            let value = &bytes[at..end];
            at = end + 1;
            // Only the values read are checked as UTF-8, not every class and label.
            let text = || std::str::from_utf8(value).ok();
            if before.ends_with(b" id") {
                if let Some(value) = text() {
                    scan.ids.push(id_hash(page, value));
                }
            } else if before.ends_with(b" href") {
                hrefs.extend(text());
            } else if before.ends_with(b" src") {
                srcs.extend(text());
            }
        }
        let mut file = String::new();
        for raw in hrefs.into_iter().chain(srcs) {
            let link: std::borrow::Cow<str> =
                if raw.contains('&') { raw.replace("&amp;", "&").into() } else { raw.into() };
            let Some(rest) = link.strip_prefix(self.base) else { continue };
            if link.starts_with("//") {
                continue;
            }
            let (path, frag) = match rest.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (rest, None),
            };
            let path = path.split('?').next().unwrap_or(path);
            file.clear();
            file.push_str(path);
            if path.is_empty() || path.ends_with('/') {
                file.push_str("index.html");
            }
            if !self.files.contains(file.as_str()) {
                scan.problems.push(Pending::Missing { link: link.into_owned() });
            } else if let Some(f) = frag.filter(|f| !f.is_empty())
                && file.ends_with(".html")
            {
                let shown = if path.is_empty() { "la page".to_string() } else { path.to_string() };
                let frag = f.to_string();
                scan.problems.push(Pending::Anchor { file: file.clone(), frag, shown });
            }
        }
        scan
    }
}

/// Finds the links of `scans` that lead nowhere. Anchors into pages that were not scanned
/// (the preview re-renders a few pages) are looked up in the HTML `other` returns.
/// `sources` maps each page to its content file; it is only asked for when a link is broken.
pub fn report<'s>(
    scans: &[Scan],
    sources: impl FnOnce() -> BTreeMap<String, Source<'s>>,
    other: &dyn Fn(&str) -> Option<String>,
) -> Vec<Diagnostic> {
    let scanned: HashSet<&str> = scans.iter().map(|s| s.page.as_str()).collect();
    let mut ids: HashSet<u64> = scans.iter().flat_map(|s| s.ids.iter().copied()).collect();
    let mut read: HashSet<String> = HashSet::new();
    let mut broken: Vec<(&str, String, String)> = Vec::new();
    for scan in scans {
        for problem in &scan.problems {
            let (msg, needle) = match problem {
                Pending::Missing { link } => {
                    (format!("le lien « {link} » mène à une page qui n'existe pas"), link.clone())
                }
                Pending::Anchor { file, frag, shown } => {
                    if !scanned.contains(file.as_str()) && read.insert(file.clone()) {
                        let html = other(file).unwrap_or_default();
                        ids.extend(attr_values(&html, "id").into_iter().map(|id| id_hash(file, id)));
                    }
                    if ids.contains(&id_hash(file, frag)) {
                        continue;
                    }
                    (format!("l'ancre « #{frag} » n'existe pas dans {shown}"), format!("#{frag}"))
                }
            };
            broken.push((&scan.page, msg, needle));
        }
    }
    if broken.is_empty() {
        return Vec::new();
    }
    let sources = sources();
    broken
        .into_iter()
        .map(|(page, msg, needle)| {
            let src = sources.get(page);
            let d = Diagnostic::error("lien-casse", msg).file(src.map_or(page.to_string(), |s| s.file.to_string()));
            match src.and_then(|s| s.line_of(&needle)) {
                Some(l) => d.at(Pos::line(l)),
                None => d,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_missing_pages_and_anchors() {
        let files: HashSet<String> = ["a/index.html", "b/index.html"].iter().map(|s| s.to_string()).collect();
        let checker = Checker::new(&files, "/cls/");
        let scans = vec![
            checker.scan(
                "a/index.html",
                b"<a href=\"/cls/b/#ici\">x</a><a href=\"/cls/b/#la\">y</a><a href=\"/cls/c/\">z</a><a href=\"https://x.org/\">e</a>",
            ),
            checker.scan("b/index.html", b"<h2 id=\"ici\">b</h2>"),
        ];
        let mut sources = BTreeMap::new();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "titre\n[y](b.md#la)\n").unwrap();
        sources
            .insert("a/index.html".to_string(), Source { file: "content/a.md", disk: Some(dir.path().join("a.md")) });
        let found = report(&scans, || sources, &|_| None);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].file, "content/a.md");
        assert_eq!(found[0].line, Some(2));
        assert!(found[0].message.contains("#la"));
        assert!(found[1].message.contains("/cls/c/"));
    }

    #[test]
    fn anchors_into_pages_not_rendered_again_are_read_from_them() {
        let files: HashSet<String> = ["a/index.html", "b/index.html"].iter().map(|s| s.to_string()).collect();
        let checker = Checker::new(&files, "/");
        let scans = vec![checker.scan("a/index.html", b"<a href=\"/b/#ici\">x</a><a href=\"/b/#la\">y</a>")];
        let other = |p: &str| (p == "b/index.html").then(|| "<h2 id=\"ici\">b</h2>".to_string());
        let found = report(&scans, BTreeMap::new, &other);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("#la"));
        assert_eq!(found[0].file, "a/index.html");
    }

    /// The one pass reads `id`, `href` and `src` and no attribute that ends like them
    /// (`data-id`, `data-src`), nor an `=` and a quote inside a value; `&amp;` is read as `&`.
    #[test]
    fn the_scan_reads_ids_and_links_and_nothing_else() {
        let files: HashSet<String> = ["a/index.html", "b/index.html", "c.png"].iter().map(|s| s.to_string()).collect();
        let checker = Checker::new(&files, "/");
        let page = "<p id=\"haut\" data-id=\"/faux/\"><a title=\"x=\" href=\"/b/?q=1&amp;r=2#bas\">b</a>\
            <img data-src=\"/faux.png\" src=\"/c.png\" alt=\"\"><a href=\"/d/\">d</a><img src=\"/e.png\" alt=\"\"></p>";
        let scan = checker.scan("a/index.html", page.as_bytes());
        assert_eq!(scan.ids, vec![id_hash("a/index.html", "haut")]);
        let missing: Vec<&str> = scan
            .problems
            .iter()
            .filter_map(|p| match p {
                Pending::Missing { link } => Some(link.as_str()),
                Pending::Anchor { .. } => None,
            })
            .collect();
        assert_eq!(missing, ["/d/", "/e.png"]);
        let anchors: Vec<(&str, &str)> = scan
            .problems
            .iter()
            .filter_map(|p| match p {
                Pending::Anchor { file, frag, .. } => Some((file.as_str(), frag.as_str())),
                Pending::Missing { .. } => None,
            })
            .collect();
        assert_eq!(anchors, [("b/index.html", "bas")]);
    }
}
