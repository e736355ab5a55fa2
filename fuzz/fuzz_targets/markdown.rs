//! Markdown to HTML, with link resolution and acronyms.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::collections::{BTreeMap, BTreeSet, HashMap};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let pages: BTreeMap<String, String> = [("content/annuaire/a.md".to_string(), "annuaire/a/".to_string())].into_iter().collect();
    let outputs: BTreeSet<String> = ["annuaire/", "annuaire/a/"].iter().map(|s| s.to_string()).collect();
    let glossary: HashMap<String, String> = [("CLS".to_string(), "Contrat local de santé".to_string())].into_iter().collect();
    let sizes = BTreeMap::new();
    let images = std::collections::BTreeMap::new();
    let files: BTreeSet<String> = ["content/actions/a.jpg".to_string()].into_iter().collect();
    let links = portail::markdown::Links { base: "/cls/", pages: &pages, outputs: &outputs, glossary: &glossary, sizes: &sizes, allow_html: data.first() == Some(&b"!"[0]), images: &images, files: &files };
    let (html, _) = portail::markdown::render(text, "content/actions/a.md", 3, &links);
    // Whatever comes in, no script element comes out.
    assert!(!html.to_ascii_lowercase().contains("<script"));
});
