//! The dashboard (`/suivi/`) and the annual reports (`/suivi/<année>/`) against figures computed
//! here, independently, from the fiches' TOML: on a fixture with known numbers and on the demo.

mod common;

use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use toml::Value;

const STATUTS: [&str; 5] = ["a-venir", "en-cours", "realisee", "reportee", "abandonnee"];

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn build(root: &Path, today: &str) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let opts = portail::Options {
        root: root.to_path_buf(),
        output: Some(out.path().join("public")),
        today: Some(day(today)),
        ..Default::default()
    };
    portail::build(&opts).unwrap_or_else(|e| panic!("{e:?}"));
    out
}

/// The front matter of every fiche-action, read with `toml` alone.
fn fiches(root: &Path) -> Vec<Value> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(root.join("content/actions")).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".md") || name.ends_with(".falc.md") || name.starts_with('_') {
            continue;
        }
        let text = std::fs::read_to_string(e.path()).unwrap();
        let front = text.split("+++").nth(1).unwrap();
        out.push(toml::from_str::<Value>(front).unwrap());
    }
    out.sort_by(|a, b| a["numero"].as_str().cmp(&b["numero"].as_str()));
    out
}

fn date_of(v: &Value) -> NaiveDate {
    match v {
        Value::Datetime(d) => day(&d.to_string()[..10]),
        Value::String(s) => day(&s[..10]),
        other => panic!("{other:?}"),
    }
}

fn list<'a>(f: &'a Value, key: &str) -> Vec<&'a Value> {
    f.get(key).and_then(Value::as_array).map(|a| a.iter().collect()).unwrap_or_default()
}

/// The status at the end of `d`: the fiche's own from the build day on, else the last
/// assessment's, else « a-venir » before the start.
fn status_at(f: &Value, d: NaiveDate, today: NaiveDate) -> Option<String> {
    if d >= today {
        return Some(f["statut"].as_str().unwrap().to_string());
    }
    let mut bilans: Vec<(NaiveDate, &str)> =
        list(f, "bilans").iter().map(|b| (date_of(&b["date"]), b["statut"].as_str().unwrap())).collect();
    bilans.sort();
    if let Some((_, s)) = bilans.iter().rev().find(|(bd, _)| *bd <= d) {
        return Some(s.to_string());
    }
    f.get("debut").map(date_of).filter(|start| *start > d).map(|_| "a-venir".to_string())
}

/// Whether a fiche has a dated fact in `year`, none after the build day.
fn active(f: &Value, year: i32, today: NaiveDate) -> bool {
    let within = |d: NaiveDate| d.year() == year && d <= today;
    let bilan = list(f, "bilans").iter().any(|b| within(date_of(&b["date"])));
    let mesure = list(f, "indicateurs").iter().flat_map(|i| list(i, "mesures")).any(|m| within(date_of(&m["date"])));
    let event = list(f, "evenements").iter().any(|e| within(date_of(&e["debut"])));
    let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
    let last = NaiveDate::from_ymd_opt(year, 12, 31).unwrap().min(today);
    let stage = list(f, "etapes").iter().any(|e| {
        let start = e.get("debut").or(e.get("fin")).map(date_of);
        let end = e.get("fin").or(e.get("debut")).map(date_of);
        matches!((start, end), (Some(s), Some(x)) if s <= last && x >= first)
    });
    bilan || mesure || event || stage
}

/// The cells of each body row of the table that follows `marker`.
fn table_after(html: &str, marker: &str) -> Vec<Vec<String>> {
    let at = html.find(marker).unwrap_or_else(|| panic!("{marker} absent"));
    let rest = &html[at..];
    let table = &rest[rest.find("<tbody>").unwrap()..rest.find("</tbody>").unwrap()];
    table
        .split("<tr>")
        .skip(1)
        .map(|row| {
            row.split("<td")
                .skip(1)
                .map(|cell| {
                    let inner = &cell[cell.find('>').unwrap() + 1..cell.find("</td>").unwrap()];
                    inner.to_string()
                })
                .collect()
        })
        .collect()
}

fn read(out: &tempfile::TempDir, path: &str) -> String {
    std::fs::read_to_string(out.path().join("public").join(path)).unwrap_or_else(|e| panic!("{path} : {e}"))
}

/// Counts by status: the whole contract, then each axis in `axes` order.
fn counts(fiches: &[Value], axes: &[String], status: &dyn Fn(&Value) -> Option<String>) -> Vec<Vec<String>> {
    let row = |pick: &dyn Fn(&Value) -> bool| {
        let mut n = [0usize; 5];
        for f in fiches.iter().filter(|f| pick(f)) {
            if let Some(s) = status(f) {
                n[STATUTS.iter().position(|x| *x == s).unwrap()] += 1;
            }
        }
        let mut cells: Vec<String> = n.iter().map(|x| x.to_string()).collect();
        cells.push(n.iter().sum::<usize>().to_string());
        cells
    };
    let mut out = vec![row(&|_| true)];
    for axe in axes.iter().filter(|x| fiches.iter().any(|f| f["axe"].as_str() == Some(x.as_str()))) {
        out.push(row(&|f| f["axe"].as_str() == Some(axe)));
    }
    out
}

fn axes(root: &Path) -> Vec<String> {
    let site: Value = toml::from_str(&std::fs::read_to_string(root.join("site.toml")).unwrap()).unwrap();
    list(&site, "axes").iter().map(|a| a["id"].as_str().unwrap().to_string()).collect()
}

fn periode(root: &Path) -> (i32, i32) {
    let site: Value = toml::from_str(&std::fs::read_to_string(root.join("site.toml")).unwrap()).unwrap();
    (date_of(&site["periode"]["debut"]).year(), date_of(&site["periode"]["fin"]).year())
}

/// Whether a narrowed dashboard (by its key) counts a fiche.
type Keeps = dyn Fn(&Value, &str) -> bool;

/// Every figure of the dashboard and of each report, recomputed from the files.
fn compare(root: &Path, today: &str) {
    let today = day(today);
    let out = build(root, &today.to_string());
    let fiches = fiches(root);
    let axes = axes(root);
    let strip = |rows: Vec<Vec<String>>| -> Vec<Vec<String>> {
        rows.into_iter().map(|r| r.into_iter().map(|c| c.trim().to_string()).collect()).collect()
    };

    // The dashboard: actions by status, overall and per axis.
    let dash = read(&out, "suivi/index.html");
    let current = counts(&fiches, &axes, &|f| f["statut"].as_str().map(str::to_string));
    assert_eq!(strip(table_after(&dash, "id=\"g-statuts-titre\"")), current, "statuts du tableau de bord");

    // The dashboard narrowed to an axis, a status, a commune: the first row counts its actions.
    let narrowed: [(&str, &Keeps); 3] = [
        ("axes", &|f, id| f["axe"].as_str() == Some(id)),
        ("statuts", &|f, code| f["statut"].as_str() == Some(code)),
        ("communes", &|f, code| list(f, "communes").iter().any(|x| x.as_str() == Some(code))),
    ];
    let mut pages = 0;
    for (facet, keeps) in narrowed {
        let dir = out.path().join("public/suivi").join(facet);
        let keys: BTreeSet<String> = match std::fs::read_dir(&dir) {
            Ok(d) => d.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect(),
            Err(_) => BTreeSet::new(),
        };
        if facet == "communes" {
            // A commune has a dashboard exactly when a fiche names it.
            let named: BTreeSet<String> = fiches
                .iter()
                .flat_map(|f| list(f, "communes"))
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect();
            assert_eq!(keys, named, "tableaux de bord des communes");
        }
        for key in keys {
            let html = read(&out, &format!("suivi/{facet}/{key}/index.html"));
            let mine: Vec<Value> = fiches.iter().filter(|f| keeps(f, &key)).cloned().collect();
            if mine.is_empty() {
                // A status no fiche has: the chart says there is nothing to draw.
                assert!(html.contains("class=\"graphique-vide\""), "suivi/{facet}/{key}/");
            } else {
                let expected = counts(&mine, &axes, &|f| f["statut"].as_str().map(str::to_string));
                assert_eq!(strip(table_after(&html, "id=\"g-statuts-titre\"")), expected, "suivi/{facet}/{key}/");
            }
            pages += 1;
        }
    }
    assert!(pages >= 4, "{pages} pages filtrées");

    // Funding: the total declared, and each funder's.
    let total: f64 = fiches
        .iter()
        .filter_map(|f| {
            f.get("financement")?
                .get("montant")?
                .as_float()
                .or_else(|| f["financement"]["montant"].as_integer().map(|i| i as f64))
        })
        .sum();
    let mut funders: BTreeMap<String, f64> = BTreeMap::new();
    for f in fiches.iter().filter_map(|f| f.get("financement")) {
        let m = f.get("montant").and_then(|m| m.as_float().or(m.as_integer().map(|i| i as f64))).unwrap_or(0.0);
        for n in list(f, "financeurs") {
            *funders.entry(n.as_str().unwrap().to_string()).or_default() += m;
        }
    }
    let at = dash.find("id=\"g-financeurs-titre\"").unwrap();
    let body = &dash[at..][..dash[at..].find("</tbody>").unwrap()];
    let shown: BTreeMap<String, f64> = body
        .split("<th scope=\"row\">")
        .skip(1)
        .map(|row| {
            let name = row[..row.rfind(" (").unwrap()].to_string();
            let amount = row.split("data-valeur=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
            (name, amount)
        })
        .collect();
    assert_eq!(shown, funders, "montants par financeur");
    let total_text = format!("{} €", portail_number(total));
    assert!(dash.contains(&format!("{total_text} déclarés")), "total {total_text}");

    // The reports: exactly the years of the contract with a dated fact, up to today.
    let (from, to) = periode(root);
    let years: Vec<i32> =
        (from..=to.min(today.year())).filter(|y| fiches.iter().any(|f| active(f, *y, today))).collect();
    let made: BTreeSet<i32> = std::fs::read_dir(out.path().join("public/suivi"))
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().to_string_lossy().parse().ok())
        .collect();
    assert_eq!(made, years.iter().copied().collect(), "années des rapports");
    assert!(!years.is_empty());
    for y in years {
        let report = read(&out, &format!("suivi/{y}/index.html"));
        // The actions « réalisées ou avancées » are exactly those the dates put in the year.
        let listed: BTreeSet<String> = report
            .split("<article class=\"action-rapport\" aria-labelledby=\"r-")
            .skip(1)
            .map(|s| s[..s.find('"').unwrap()].to_string())
            .collect();
        let expected: BTreeSet<String> =
            fiches.iter().filter(|f| active(f, y, today)).map(|f| f["numero"].as_str().unwrap().to_string()).collect();
        assert_eq!(listed, expected, "actions avancées en {y}");
        // Statuses at the end of the year, overall and per axis.
        let end = NaiveDate::from_ymd_opt(y, 12, 31).unwrap();
        let at_end = counts(&fiches, &axes, &|f| status_at(f, end, today));
        assert_eq!(strip(table_after(&report, "id=\"g-statuts-titre\"")), at_end, "statuts au 31 décembre {y}");
        // Each measure of the year, once.
        let measures = fiches
            .iter()
            .flat_map(|f| list(f, "indicateurs"))
            .flat_map(|i| list(i, "mesures"))
            .filter(|m| {
                let d = date_of(&m["date"]);
                d.year() == y && d <= today
            })
            .count();
        let rows = if report.contains("Chaque mesure datée de") {
            table_after(&report, "Chaque mesure datée de").len()
        } else {
            0
        };
        assert_eq!(rows, measures, "mesures de {y}");
    }

    // The open data: a row per fiche, a row per measure.
    let csv_rows = |path: &str| read(&out, path).lines().count() - 1;
    assert_eq!(csv_rows("donnees/actions.csv"), fiches.len());
    let all_measures = fiches.iter().flat_map(|f| list(f, "indicateurs")).flat_map(|i| list(i, "mesures")).count();
    assert_eq!(csv_rows("donnees/indicateurs.csv"), all_measures);
}

/// French number as the site writes it (thin no-break space between thousands).
fn portail_number(x: f64) -> String {
    let n = x.round() as i64;
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    out
}

#[test]
fn the_fixture_s_figures_are_the_files_figures() {
    compare(&common::fixture("suivi"), "2026-06-30");
}

#[test]
fn the_demo_s_figures_are_the_files_figures() {
    compare(&common::manifest_dir(), "2026-12-01");
}

#[test]
fn known_numbers_of_the_fixture() {
    // Written by hand from the fixture, so that the independent computation above is itself checked.
    let out = build(&common::fixture("suivi"), "2026-06-30");
    let report = read(&out, "suivi/2024/index.html");
    for n in ["r-1.1.1\"", "r-1.1.2\"", "r-2.1.1\""] {
        assert!(report.contains(n), "{n}");
    }
    assert!(!report.contains("r-2.2.1\"") && !report.contains("r-2.1.2\""));
    let r2025 = read(&out, "suivi/2025/index.html");
    let abandoned = &r2025[r2025.find("r-2.1.1\"").unwrap()..];
    assert!(
        abandoned.contains(
            "Statut au 1er janvier : <strong>En cours</strong>. Au 31 décembre : <strong>Abandonnée</strong>"
        )
    );
    // 2026: only the forum (1er mars); the second forum's stage starts after the build day.
    let r2026 = read(&out, "suivi/2026/index.html");
    assert!(r2026.contains("r-2.2.1\"") && !r2026.contains("r-1.1.1\""));
    assert!(r2026.contains("Cantine") && r2026.contains("Début prévu le 1er janvier 2027"));
    assert!(!std::path::Path::new(&out.path().join("public/suivi/2027")).exists());
    let dash = read(&out, "suivi/index.html");
    assert!(
        dash.contains("1\u{202f}500 € déclarés dans 2 fiches-actions"),
        "{}",
        &dash[dash.find("déclarés").unwrap() - 80..][..120]
    );
    // Fonds un: 1 000 + 500; Fonds deux: 1 000.
    assert!(dash.contains("Fonds un (2 actions)</th><td data-valeur=\"1500.0\">1\u{202f}500 €"), "{dash}");
    // The baseline, the latest value and the target of the indicator; the finding as text.
    assert!(dash.contains("2 dossiers") && dash.contains("7 dossiers") && dash.contains("10 dossiers"));
    assert!(dash.contains("« Les dossiers sont plus complets. »"));
    assert!(read(&out, "donnees/indicateurs.csv").contains("1.1.1,Droits ouverts,Dossiers ouverts,activite,dossiers,10,2,2023-01-31,2025-06-30,,Les dossiers sont plus complets."));
}

#[test]
fn legend_swatches_are_hidden_from_screen_readers_and_their_labels_are_not() {
    let out = build(&common::fixture("suivi"), "2026-06-30");
    let html = read(&out, "suivi/index.html");
    let legends: Vec<&str> =
        html.split("<ul class=\"legende\"").skip(1).map(|l| &l[..l.find("</ul>").unwrap()]).collect();
    assert!(!legends.is_empty(), "le tableau de bord a une légende");
    for l in legends {
        assert!(!l.starts_with(" aria-hidden"), "les libellés de la légende restent lisibles");
        let swatches = l.matches("<svg").count();
        assert!(swatches > 0);
        assert_eq!(l.matches("<svg aria-hidden=\"true\" focusable=\"false\"").count(), swatches, "{l}");
    }
}

/// Past a page of pilots (`follow::PILOTS_PER_PAGE`), the dashboards link to the index of pilots
/// instead of naming every pilot, and the index, split by initial, still leads to each pilot's
/// dashboard without JavaScript.
#[test]
fn many_pilots_are_reached_through_their_index_not_named_on_every_dashboard() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    common::copy_tree(&common::fixture("minimal"), &root);
    let pilots = portail::content::follow::PILOTS_PER_PAGE + 1;
    for p in 0..pilots {
        let name = format!("{}{p} Pilote", (b'A' + (p % 26) as u8) as char);
        for k in 0..portail::content::follow::PILOT_PAGE_MIN {
            let n = 2 + p * 3 + k;
            std::fs::write(
                root.join(format!("content/actions/1.1.{n}-a.md")),
                format!(
                    "+++\ntitre = \"Action {n}\"\nnumero = \"1.1.{n}\"\naxe = \"acces\"\nobjectif = \"droits\"\nstatut = \"en-cours\"\nresume = \"Une action.\"\ndate_maj = 2026-03-01\npilotes = [\"{name}\"]\npublics = [\"seniors\"]\n+++\nTexte.\n"
                ),
            )
            .unwrap();
        }
    }
    let out = build(&root, "2026-06-01");
    let public = out.path().join("public");
    let dashboards = |html: &str| -> BTreeSet<String> {
        common::attr_values(html, "href")
            .into_iter()
            .filter(|h| h.starts_with("/suivi/pilotes/") && h.matches('/').count() == 4 && h.contains("-pilote"))
            .collect()
    };
    let overview = read(&out, "suivi/index.html");
    assert!(overview.contains("href=\"/suivi/pilotes/\""), "le tableau de bord renvoie à l'index des pilotes");
    assert!(dashboards(&overview).is_empty(), "{:?}", dashboards(&overview));
    let mine = read(&out, "suivi/pilotes/a0-pilote/index.html");
    assert!(mine.contains("href=\"/suivi/pilotes/\""));
    assert!(dashboards(&mine).len() <= 1, "{:?}", dashboards(&mine));
    // Every dashboard is named on a page of the index.
    let mut reached = BTreeSet::new();
    for entry in std::fs::read_dir(public.join("suivi/pilotes")).unwrap() {
        let dir = entry.unwrap().path();
        let page = dir.join("index.html");
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        if dir.is_dir() && !name.contains("-pilote") {
            reached.extend(dashboards(&std::fs::read_to_string(&page).unwrap()));
        }
    }
    let index = std::fs::read_to_string(public.join("suivi/pilotes/index.html")).unwrap();
    reached.extend(dashboards(&index));
    assert_eq!(reached.len(), pilots, "{reached:?}");
}
