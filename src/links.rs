//! Checking every internal link and anchor of the rendered site, as a reader would follow them.
//!
//! The Markdown stage already resolves links to files; this stage also sees anchors
//! (`page.md#section`) and everything templates wrote, on the final HTML.

use crate::diag::{Diagnostic, Pos};
use crate::render::Output;
use std::collections::{BTreeMap, BTreeSet};

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

/// Finds internal links that lead nowhere. `files` are all output paths, `base` the path prefix,
/// `sources` maps an output page to the content file it renders.
pub fn check(
    outputs: &[Output],
    files: &BTreeSet<String>,
    base: &str,
    sources: &BTreeMap<String, Source>,
) -> Vec<Diagnostic> {
    check_with(outputs, files, base, sources, &|_| None)
}

/// The same, where pages that were not re-rendered are found through `other`.
pub fn check_with(
    outputs: &[Output],
    files: &BTreeSet<String>,
    base: &str,
    sources: &BTreeMap<String, Source>,
    other: &dyn Fn(&str) -> Option<String>,
) -> Vec<Diagnostic> {
    let mut elsewhere: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut ids: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let html: Vec<(&str, &str)> = outputs
        .iter()
        .filter(|o| o.path.ends_with(".html"))
        .filter_map(|o| std::str::from_utf8(&o.bytes).ok().map(|t| (o.path.as_str(), t)))
        .collect();
    for (path, text) in &html {
        ids.insert(path, attr_values(text, "id").into_iter().collect());
    }
    let mut out = Vec::new();
    for (page, text) in &html {
        for link in attr_values(text, "href").into_iter().chain(attr_values(text, "src")) {
            let link = link.replace("&amp;", "&");
            let Some(rest) = link.strip_prefix(base) else { continue };
            if link.starts_with("//") {
                continue;
            }
            let (path, frag) = match rest.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (rest, None),
            };
            let path = path.split('?').next().unwrap_or(path);
            let file =
                if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.to_string() };
            let problem = if !files.contains(&file) {
                Some(format!("le lien « {link} » mène à une page qui n'existe pas"))
            } else if let Some(f) = frag.filter(|f| !f.is_empty())
                && file.ends_with(".html")
                && !ids.get(file.as_str()).map_or_else(
                    || {
                        let found = elsewhere.entry(file.clone()).or_insert_with(|| {
                            other(&file)
                                .map(|h| attr_values(&h, "id").into_iter().map(str::to_string).collect())
                                .unwrap_or_default()
                        });
                        found.contains(f)
                    },
                    |s| s.contains(f),
                )
            {
                Some(format!("l'ancre « #{f} » n'existe pas dans {}", if path.is_empty() { "la page" } else { path }))
            } else {
                None
            };
            if let Some(msg) = problem {
                let src = sources.get(*page);
                let needle = frag.map(|f| format!("#{f}")).unwrap_or_else(|| link.clone());
                let line = src.and_then(|s| s.line_of(&needle));
                let d = Diagnostic::error("lien-casse", msg).file(src.map_or(page.to_string(), |s| s.file.to_string()));
                out.push(match line {
                    Some(l) => d.at(Pos::line(l)),
                    None => d,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_missing_pages_and_anchors() {
        let page = |path: &str, html: &str| Output { path: path.into(), bytes: html.as_bytes().to_vec() };
        let outputs = vec![
            page(
                "a/index.html",
                "<a href=\"/cls/b/#ici\">x</a><a href=\"/cls/b/#la\">y</a><a href=\"/cls/c/\">z</a><a href=\"https://x.org/\">e</a>",
            ),
            page("b/index.html", "<h2 id=\"ici\">b</h2>"),
        ];
        let files: BTreeSet<String> = ["a/index.html", "b/index.html"].iter().map(|s| s.to_string()).collect();
        let mut sources = BTreeMap::new();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "titre\n[y](b.md#la)\n").unwrap();
        sources
            .insert("a/index.html".to_string(), Source { file: "content/a.md", disk: Some(dir.path().join("a.md")) });
        let found = check(&outputs, &files, "/cls/", &sources);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].file, "content/a.md");
        assert_eq!(found[0].line, Some(2));
        assert!(found[0].message.contains("#la"));
        assert!(found[1].message.contains("/cls/c/"));
    }
}
