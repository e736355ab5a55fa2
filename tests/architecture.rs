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
    ("gzip", 0),
    ("spreadsheet", 0),
    ("route", 0),
    ("version", 1),
    ("falc_settings", 1),
    ("referentiels", 1),
    ("hours", 1),
    // The stages, in the order data flows.
    ("config", 2),
    ("content", 3),
    ("format", 4),
    ("plan", 5),
    ("falc", 6),
    ("images", 6),
    ("qr", 6),
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
const KNOWN: &[(&str, &str, &str)] = &[(
    "config",
    "content",
    "site.toml is read with content::reader and content::check: the positioned TOML reader belongs below config",
)];

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

/// The module files of `src/` by path (`content::reader`), each with the module files it imports.
/// `use crate::a::{b::c, d}` is expanded; an import names the deepest module file it reaches.
fn file_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    let name_of = |f: &Path| {
        let rel = f.strip_prefix(&src).unwrap().with_extension("");
        let mut parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().to_string()).collect();
        if parts.last().is_some_and(|p| p == "mod") {
            parts.pop();
        }
        parts.join("::")
    };
    let known: BTreeSet<String> = files.iter().map(|f| name_of(f)).collect();
    let mut g = BTreeMap::new();
    for f in &files {
        let me = name_of(f);
        if me == "lib" || me == "main" {
            continue;
        }
        let text = std::fs::read_to_string(f).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or(&text);
        let mut deps = BTreeSet::new();
        // `super::x` inside `a::b` is `a::x`.
        let parent = me.rsplit_once("::").map_or(String::new(), |(p, _)| p.to_string());
        let found = code
            .match_indices("crate::")
            .flat_map(|(i, _)| use_paths(&code[i + 7..]))
            .chain(code.match_indices("super::").filter(|_| !parent.is_empty()).flat_map(|(i, _)| {
                use_paths(&code[i + 7..]).into_iter().map(|p| format!("{parent}::{p}")).collect::<Vec<_>>()
            }))
            .collect::<Vec<_>>();
        for path in found {
            let parts: Vec<&str> = path.split("::").collect();
            if let Some(m) = (1..=parts.len()).rev().map(|n| parts[..n].join("::")).find(|m| known.contains(m))
                && m != me
            {
                deps.insert(m);
            }
        }
        g.insert(me, deps);
    }
    g
}

/// The paths of a use tree written after `crate::`: `a::{b::c, d}` → `a::b::c`, `a::d`.
fn use_paths(rest: &str) -> Vec<String> {
    fn tree(s: &[u8], i: &mut usize, prefix: &str, out: &mut Vec<String>) {
        let mut path = prefix.to_string();
        loop {
            let start = *i;
            while *i < s.len() && (s[*i].is_ascii_alphanumeric() || s[*i] == b'_') {
                *i += 1;
            }
            let ident = std::str::from_utf8(&s[start..*i]).unwrap();
            if !ident.is_empty() {
                path = if path.is_empty() { ident.to_string() } else { format!("{path}::{ident}") };
            }
            if s[*i..].starts_with(b"::{") {
                *i += 3;
                loop {
                    while *i < s.len() && s[*i].is_ascii_whitespace() {
                        *i += 1;
                    }
                    tree(s, i, &path, out);
                    while *i < s.len() && s[*i].is_ascii_whitespace() {
                        *i += 1;
                    }
                    match s.get(*i) {
                        Some(b',') => *i += 1,
                        Some(b'}') => {
                            *i += 1;
                            return;
                        }
                        _ => return,
                    }
                    if s.get(*i..).is_some_and(|r| r.iter().find(|c| !c.is_ascii_whitespace()) == Some(&b'}')) {
                        while s[*i] != b'}' {
                            *i += 1;
                        }
                        *i += 1;
                        return;
                    }
                }
            } else if s[*i..].starts_with(b"::") {
                *i += 2;
            } else {
                out.push(path);
                return;
            }
        }
    }
    let bytes = rest.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    if bytes.first() == Some(&b'{') {
        // `crate::{a, b::c}`
        let wrapped = format!("x::{rest}");
        let mut j = 0;
        tree(wrapped.as_bytes(), &mut j, "", &mut out);
        return out.into_iter().map(|p| p.trim_start_matches("x::").to_string()).collect();
    }
    tree(bytes, &mut i, "", &mut out);
    out
}

/// A circle of imports between modules: each arrow may point down the order, yet a chain of them
/// returns where it started (the issue "All or nothing" found config → falc → content::follow →
/// content::query → config). Arrows inside one top module do not count: a stage's own files may
/// use each other.
#[test]
fn no_import_circle_between_modules() {
    let g = file_graph();
    let top = |m: &str| m.split("::").next().unwrap().to_string();
    let mut circles = Vec::new();
    for start in g.keys() {
        // Depth-first search for a path back to `start` that leaves its top module.
        let mut stack: Vec<(String, Vec<String>)> = vec![(start.clone(), vec![start.clone()])];
        let mut seen = BTreeSet::new();
        while let Some((node, path)) = stack.pop() {
            for next in g.get(&node).into_iter().flatten() {
                if next == start && path.iter().any(|p| top(p) != top(start)) {
                    let mut c = path.clone();
                    c.push(start.clone());
                    circles.push(c.join(" → "));
                } else if seen.insert(next.clone()) {
                    let mut p = path.clone();
                    p.push(next.clone());
                    stack.push((next.clone(), p));
                }
            }
        }
    }
    circles.sort_by_key(|c| c.len());
    assert!(circles.is_empty(), "cercles d'imports : {:?}", circles.iter().take(5).collect::<Vec<_>>());
}

#[test]
fn the_file_scanner_expands_use_trees() {
    let mut p = use_paths("content::{check, reader::{At, Fields}};");
    p.sort();
    assert_eq!(p, ["content::check", "content::reader::At", "content::reader::Fields"]);
    assert_eq!(use_paths("config::Config;"), ["config::Config"]);
    let mut p = use_paths("{config::Config, content::Content};");
    p.sort();
    assert_eq!(p, ["config::Config", "content::Content"]);
}
