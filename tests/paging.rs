//! Long lists cut into pages (`src/plan/parts.rs`): on a corpus whose lists outgrow one page,
//! the pages of each public, theme and axis, and of the actions without a recent assessment,
//! hold every item of their list once, link to each other, and stay small.

mod common;

use common::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The most items a page holds (`plan::parts::PART_ITEMS`).
const PER_PAGE: usize = 500;
/// The largest page of a cut list: 500 lines and the page around them (the largest was 184 KB
/// at 10 000 pages, an axis's first page of 500 cards).
const PAGE_MAX: usize = 200_000;

/// What a content file's front matter says, by the address of its page.
fn front_matters(dir: &Path, prefix: &str) -> BTreeMap<String, toml::Table> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_none_or(|x| x != "md") || p.to_string_lossy().ends_with(".falc.md") {
            continue;
        }
        let text = std::fs::read_to_string(&p).unwrap();
        let front = text.strip_prefix("+++\n").and_then(|t| t.split_once("\n+++")).map(|(f, _)| f).unwrap();
        let stem = p.file_stem().unwrap().to_string_lossy().to_string();
        out.insert(format!("/{prefix}/{stem}/"), front.parse::<toml::Table>().unwrap());
    }
    out
}

fn has(t: &toml::Table, key: &str, code: &str) -> bool {
    match t.get(key) {
        Some(toml::Value::Array(a)) => a.iter().any(|v| v.as_str() == Some(code)),
        Some(toml::Value::String(s)) => s == code,
        _ => false,
    }
}

/// The pages of the list whose first page is `first` (`annuaire/publics/seniors/`), in order.
fn parts(public: &Path, first: &str) -> Vec<String> {
    let mut out = vec![std::fs::read_to_string(public.join(first).join("index.html")).unwrap()];
    while let Ok(page) = std::fs::read_to_string(public.join(first).join(format!("page-{}/index.html", out.len() + 1)))
    {
        out.push(page);
    }
    out
}

/// The links of a page's main content to the pages of `prefix` (`/annuaire/`, `/actions/`), or
/// for `#` the anchors of its list items (the pilots).
fn items(html: &str, prefix: &str) -> Vec<String> {
    if prefix == "#" {
        return main_of(html).split("<li id=\"").skip(1).map(|x| x.split('"').next().unwrap().to_string()).collect();
    }
    attr_values(&main_of(html), "href")
        .into_iter()
        .filter(|h| {
            h.starts_with(prefix)
                && h.len() > prefix.len()
                && h.ends_with('/')
                && h[prefix.len()..].matches('/').count() == 1
        })
        .filter(|h| !["/annuaire/carte/", "/annuaire/communes/"].iter().any(|x| h.starts_with(x)))
        .collect()
}

/// Checks a cut list: every page says which it is and links to the others without JavaScript,
/// stays under [`PAGE_MAX`], and the pages together hold `expected` once each, in order.
/// Returns how many pages the list took.
fn check_list(public: &Path, first: &str, expected: &[(&str, BTreeSet<String>)]) -> usize {
    let pages = parts(public, first);
    let n = pages.len();
    let mut seen: Vec<Vec<String>> = vec![Vec::new(); expected.len()];
    for (k, html) in pages.iter().enumerate() {
        let k = k + 1;
        assert!(html.len() <= PAGE_MAX, "/{first} page {k} pèse {} octets, plus de {PAGE_MAX}", html.len());
        if n > 1 {
            let title = html.split("<title>").nth(1).and_then(|t| t.split("</title>").next()).unwrap();
            assert!(title.contains(&format!("(page {k} sur {n})")), "titre de /{first} page {k} : {title}");
            let me = if k == 1 { format!("/{first}") } else { format!("/{first}page-{k}/") };
            // Both pagers (above and below the list) mark this page and link to every other.
            let pagers: Vec<&str> =
                html.split("<nav class=\"pagination\"").skip(1).map(|x| x.split("</nav>").next().unwrap()).collect();
            assert_eq!(pagers.len(), 2, "/{first} page {k} : deux barres de pages");
            for p in &pagers {
                assert_eq!(p.matches("aria-current").count(), 1, "/{first} page {k}");
                assert!(p.contains(&format!("<a href=\"{me}\" aria-current=\"page\">")), "/{first} page {k}");
            }
            for j in (1..=n).filter(|&j| j != k) {
                let other = if j == 1 { format!("/{first}") } else { format!("/{first}page-{j}/") };
                assert!(html.contains(&format!("<a href=\"{other}\">")), "/{first} page {k} ne mène pas à {other}");
            }
            assert_eq!(html.contains("rel=\"prev\""), k > 1, "/{first} page {k} : page précédente");
            assert_eq!(html.contains("rel=\"next\""), k < n, "/{first} page {k} : page suivante");
        } else {
            assert!(!html.contains("class=\"pagination\""), "/{first} tient en une page");
        }
        let mut on_page = 0;
        for (i, (prefix, _)) in expected.iter().enumerate() {
            let found = items(html, prefix);
            on_page += found.len();
            seen[i].extend(found);
        }
        assert!(on_page <= PER_PAGE, "/{first} page {k} : {on_page} éléments");
    }
    for ((prefix, want), got) in expected.iter().zip(&seen) {
        let unique: BTreeSet<String> = got.iter().cloned().collect();
        assert_eq!(unique.len(), got.len(), "/{first} : un élément {prefix} sur deux pages");
        let missing: Vec<_> = want.difference(&unique).take(3).collect();
        let extra: Vec<_> = unique.difference(want).take(3).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "/{first} : éléments {prefix} absents {missing:?}, en trop {extra:?} ({} attendus, {} trouvés)",
            want.len(),
            unique.len()
        );
    }
    n
}

#[test]
fn long_lists_are_cut_into_pages_that_hold_each_item_once() {
    let (_tmp, root) = bench_corpus(7000);
    // Every fiche's first pilot renamed « Service … »: the initial S gets more pilots than a
    // page holds (as at 50 000 pages, 1 588). And one of 700 pilots « Pôle n » added to each
    // fiche: with 3 or 4 actions each, 700 pilots have a dashboard, more than a list shows.
    let mut files: Vec<_> =
        std::fs::read_dir(root.join("content/actions")).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    for (i, p) in files.iter().enumerate() {
        let text = std::fs::read_to_string(p).unwrap();
        let pole = format!("\npilotes = [\"Pôle {}\", \"Service ", i % 700);
        std::fs::write(p, text.replacen("\npilotes = [\"", &pole, 1)).unwrap();
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_portail"))
        .args(["build", "-q", "--root", root.to_str().unwrap()])
        .env("SOURCE_DATE_EPOCH", "1796385600")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let public = root.join("public");
    let services = front_matters(&root.join("content/annuaire"), "annuaire");
    let actions = front_matters(&root.join("content/actions"), "actions");
    let select = |m: &BTreeMap<String, toml::Table>, keep: &dyn Fn(&toml::Table) -> bool| -> BTreeSet<String> {
        m.iter().filter(|(_, t)| keep(t)).map(|(u, _)| u.clone()).collect()
    };

    let mut cut = BTreeMap::new();
    let codes = |dir: &str| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(public.join(dir))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        v.sort();
        v
    };
    for code in codes("annuaire/publics") {
        let s = select(&services, &|t| has(t, "publics", &code) || has(t, "publics", "tous-publics"));
        let a = select(&actions, &|t| has(t, "publics", &code));
        let n = check_list(&public, &format!("annuaire/publics/{code}/"), &[("/annuaire/", s), ("/actions/", a)]);
        *cut.entry("publics").or_insert(0) += n - 1;
    }
    for code in codes("annuaire/thematiques") {
        let s = select(&services, &|t| has(t, "thematiques", &code));
        let a = select(&actions, &|t| has(t, "thematiques", &code));
        let n = check_list(&public, &format!("annuaire/thematiques/{code}/"), &[("/annuaire/", s), ("/actions/", a)]);
        *cut.entry("thematiques").or_insert(0) += n - 1;
    }
    for axe in codes("actions/axes") {
        let a = select(&actions, &|t| has(t, "axe", &axe));
        let n = check_list(&public, &format!("actions/axes/{axe}/"), &[("/actions/", a)]);
        *cut.entry("axes").or_insert(0) += n - 1;
    }
    // The late actions depend on the day: the first page's count is the oracle.
    let first = std::fs::read_to_string(public.join("suivi/sans-bilan/index.html")).unwrap();
    let late: usize = first.split("<p class=\"chapo\">").nth(1).unwrap().split(' ').next().unwrap().parse().unwrap();
    let got: BTreeSet<String> =
        parts(&public, "suivi/sans-bilan/").iter().flat_map(|h| items(h, "/actions/")).collect();
    assert_eq!(got.len(), late, "les actions sans bilan, toutes pages réunies");
    let n = check_list(&public, "suivi/sans-bilan/", &[("/actions/", got)]);
    *cut.entry("sans-bilan").or_insert(0) += n - 1;

    // The pilots of the initial S, by their anchors (an action has several pilots).
    let pilots: BTreeSet<String> = actions
        .values()
        .flat_map(|t| t["pilotes"].as_array().unwrap().iter().map(|p| portail::slug::slugify(p.as_str().unwrap())))
        .filter(|s| s.starts_with('s'))
        .collect();
    let n = check_list(&public, "suivi/pilotes/lettre-s/", &[("#", pilots)]);
    *cut.entry("pilotes").or_insert(0) += n - 1;

    // The 700 dashboards are reached from the pilots' names, not listed on the pilots' page.
    let index = std::fs::read_to_string(public.join("suivi/pilotes/index.html")).unwrap();
    assert!(!index.contains("class=\"colonnes\""), "la liste des tableaux de bord : {}", main_of(&index));
    let said = index.split(" pilotes qui en ont un y mènent par leur nom").next().unwrap();
    let n: usize = said.rsplit("Les ").next().unwrap().replace(['\u{202f}', ' '], "").parse().unwrap();
    assert!(n >= 700, "{n} tableaux de bord : {}", main_of(&index));
    assert!(index.len() < 20_000, "/suivi/pilotes/ : {} octets", index.len());
    let pole = parts(&public, "suivi/pilotes/lettre-p/").concat();
    assert!(pole.contains("<a href=\"/suivi/pilotes/pole-7/\">Pôle 7</a>"), "le nom mène au tableau de bord");

    // Each kind of list was cut somewhere (else this test would check nothing of the cutting).
    for kind in ["publics", "thematiques", "axes", "sans-bilan", "pilotes"] {
        assert!(cut.get(kind).is_some_and(|&n| n > 0), "aucune liste « {kind} » coupée : {cut:?}");
    }
    // The site map lists every page of every list.
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    let listed = sitemap.matches("/page-").count();
    assert!(listed >= cut.values().sum::<usize>());
    assert_eq!(listed, later_pages(&public), "les pages suivantes des listes dans le plan du site");
}

/// How many `page-<n>/` folders the site has: the later pages of every cut list.
fn later_pages(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| usize::from(e.file_name().to_string_lossy().starts_with("page-")) + later_pages(&e.path()))
        .sum()
}
