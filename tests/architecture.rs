//! Module dependencies point one way: a stage may use the stages before it and the shared
//! modules below all of them, never a later stage. The table is here, not in the code it
//! guards; ARCHITECTURE.md draws it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Modules in pipeline order. A module may import modules of a lower rank only.
const ORDER: &[(&str, u32)] = &[
    // Below every stage: shared types and helpers.
    ("diag", 0),
    ("slug", 0),
    ("text", 0),
    ("spreadsheet", 0),
    ("route", 0),
    ("version", 1),
    ("referentiels", 1),
    ("hours", 1),
    // The stages, in the order data flows.
    ("config", 2),
    ("content", 3),
    ("format", 4),
    ("plan", 5),
    ("falc", 6),
    ("images", 6),
    ("markdown", 7),
    ("search", 8),
    ("render", 9),
    ("export", 10),
    ("links", 11),
    ("output", 12),
    // Drivers: they run the stages.
    ("links_external", 20),
    ("live", 20),
    ("serve", 21),
    ("cms", 20),
    ("new", 20),
];

/// Imports against the order that remain, each with the reason; removing one is progress, adding
/// one fails the test.
const KNOWN: &[(&str, &str, &str)] = &[
    (
        "config",
        "content",
        "site.toml is read with content::reader and content::check: the positioned TOML reader belongs below config",
    ),
    ("config", "falc", "[falc] ignorer is checked against the lint's rule ids"),
    ("content", "falc", "falc_ignorer in front matter is checked against the lint's rule ids"),
];

fn module_of(path: &Path, src: &Path) -> String {
    let rel = path.strip_prefix(src).unwrap();
    let first = rel.components().next().unwrap().as_os_str().to_string_lossy().to_string();
    first.trim_end_matches(".rs").to_string()
}

fn imports(text: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (i, _) in text.match_indices("crate::") {
        let rest = &text[i + 7..];
        if let Some(group) = rest.strip_prefix('{') {
            // `use crate::{config::Config, content::Content};`
            let inner = &group[..group.find('}').unwrap_or(group.len())];
            for part in inner.split(',') {
                let name: String = part.trim().chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect();
                if modules.contains(&name) {
                    out.insert(name);
                }
            }
            continue;
        }
        let name: String = rest.chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect();
        if modules.contains(&name) {
            out.insert(name);
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    let modules: BTreeSet<String> = lib
        .lines()
        .filter_map(|l| l.strip_prefix("pub mod ").or_else(|| l.strip_prefix("mod ")))
        .map(|l| l.trim_end_matches(';').to_string())
        .collect();
    let mut files = Vec::new();
    walk(&src, &mut files);
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in files {
        let m = module_of(&f, &src);
        if m == "lib" || m == "main" {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        // Tests beside the code may reach further (they build whole sites).
        let code = text.split("#[cfg(test)]").next().unwrap_or(&text);
        let deps = g.entry(m.clone()).or_default();
        deps.extend(imports(code, &modules).into_iter().filter(|d| *d != m));
    }
    g
}

#[test]
fn every_module_has_a_place_in_the_order() {
    let rank: BTreeMap<&str, u32> = ORDER.iter().copied().collect();
    let missing: Vec<String> = graph().keys().filter(|m| !rank.contains_key(m.as_str())).cloned().collect();
    assert!(missing.is_empty(), "modules sans rang dans ORDER : {missing:?}");
}

#[test]
fn no_stage_imports_a_later_stage() {
    let rank: BTreeMap<&str, u32> = ORDER.iter().copied().collect();
    let mut backwards = Vec::new();
    let mut seen_known = BTreeSet::new();
    for (m, deps) in graph() {
        let Some(&r) = rank.get(m.as_str()) else { continue };
        for d in deps {
            let Some(&rd) = rank.get(d.as_str()) else { continue };
            if rd >= r {
                match KNOWN.iter().find(|(a, b, _)| *a == m && *b == d) {
                    Some(k) => {
                        seen_known.insert((k.0, k.1));
                    }
                    None => backwards.push(format!("{m} → {d}")),
                }
            }
        }
    }
    assert!(backwards.is_empty(), "imports à contre-sens (voir ARCHITECTURE.md) : {backwards:?}");
    let fixed: Vec<String> = KNOWN
        .iter()
        .filter(|(a, b, _)| !seen_known.contains(&(*a, *b)))
        .map(|(a, b, _)| format!("{a} → {b}"))
        .collect();
    assert!(fixed.is_empty(), "exceptions corrigées : retirez-les de KNOWN : {fixed:?}");
}

#[test]
fn the_scanner_sees_grouped_and_nested_imports() {
    let modules: BTreeSet<String> = ["config", "content", "render"].iter().map(|s| s.to_string()).collect();
    let found = imports("use crate::{config::Config, content::Content};\nlet x = crate::render::Output;", &modules);
    assert_eq!(found, modules);
}
