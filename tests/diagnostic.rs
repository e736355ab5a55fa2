//! The shared diagnostic on the fixture of seed 001's chapter 3 (`tests/fixtures/diagnostic`):
//! every validation rule with its file, line (or sheet and cell), field and suggestion; the CSV
//! and spreadsheet forms of the same tables giving the same site; what the pages say.

mod common;

use common::*;
use std::path::{Path, PathBuf};

fn site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_tree(&fixture("diagnostic"), &root);
    (tmp, root)
}

/// portail on the fixture's day (`SOURCE_DATE_EPOCH`: 2026-12-01), so that its dates never age.
fn run(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_portail"))
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1796083200")
        .output()
        .unwrap()
}

fn check(root: &Path) -> (serde_json::Value, i32) {
    let run = run(&["check", "--root", root.to_str().unwrap(), "--format", "json"]);
    (serde_json::from_slice(&run.stdout).unwrap(), run.status.code().unwrap())
}

const DIR: &str = "content/diagnostic";

/// Sets cells of the first row whose first cells are `key` (`recours-mg,territoire`) and
/// returns that row's line.
fn set_cells(root: &Path, file: &str, key: &str, cells: &[(&str, &str)]) -> usize {
    let path = root.join(DIR).join(file);
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    let mut rows: Vec<Vec<String>> =
        reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
    let n = key.split(',').count();
    let i = rows.iter().position(|r| r[..n].join(",") == key).unwrap_or_else(|| panic!("{key} absent de {file}"));
    for (col, value) in cells {
        let c = header.iter().position(|h| h == col).unwrap();
        rows[i][c] = value.to_string();
    }
    let mut w = csv::Writer::from_path(&path).unwrap();
    w.write_record(&header).unwrap();
    for r in &rows {
        w.write_record(r).unwrap();
    }
    w.flush().unwrap();
    i + 2
}

fn append(root: &Path, file: &str, line: &str) -> usize {
    let path = root.join(DIR).join(file);
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(line);
    text.push('\n');
    std::fs::write(&path, &text).unwrap();
    text.lines().count()
}

fn replace(root: &Path, file: &str, from: &str, to: &str) -> usize {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from} absent de {file}");
    let text = text.replacen(from, to, 1);
    std::fs::write(&path, &text).unwrap();
    text.lines().position(|l| l.contains(to.lines().next().unwrap())).unwrap() + 1
}

/// One finding of `rule`, or a failure listing what `check` said.
fn finding<'v>(v: &'v serde_json::Value, kind: &str, rule: &str) -> &'v serde_json::Value {
    v[kind]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == rule)
        .unwrap_or_else(|| panic!("pas de « {rule} » parmi les {kind} : {v:#}"))
}

#[test]
fn the_fixture_of_seed_001_is_clean() {
    let (_tmp, root) = site();
    let (v, code) = check(&root);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["errors"].as_array().unwrap().len(), 0, "{v:#}");
    assert_eq!(v["warnings"].as_array().unwrap().len(), 0, "{v:#}");
}

/// Each rule of the content model's section 9, on a copy of the fixture with one thing broken:
/// the finding names the file, the line and the field, and says what to write instead.
#[test]
fn every_rule_names_the_file_the_line_and_the_field() {
    /// What is broken, how (returns the line), the file, the rule, the field, and a word of
    /// the suggestion.
    type Case = (&'static str, fn(&Path) -> usize, &'static str, &'static str, &'static str, Option<&'static str>);
    let cases: Vec<Case> = vec![
        // (what, how, file, rule, field, suggestion contains)
        (
            "indicateur inconnu",
            |r| set_cells(r, "valeurs.csv", "recours-mg,territoire", &[("indicateur", "recours-mgg")]),
            "valeurs.csv",
            "reference-cassee",
            "indicateur",
            Some("recours-mg"),
        ),
        (
            "commune inconnue",
            |r| set_cells(r, "valeurs.csv", "population,commune,24002", &[("code", "24999")]),
            "valeurs.csv",
            "reference-cassee",
            "code",
            None,
        ),
        (
            "ligne en double",
            |r| append(r, "valeurs.csv", "recours-mg,region,75,Nouvelle-Aquitaine,2016,85,,,,,"),
            "valeurs.csv",
            "doublon",
            "periode",
            Some("une seule ligne"),
        ),
        (
            "pourcentage hors de 0 à 100",
            |r| set_cells(r, "valeurs.csv", "mg-60-ans,territoire", &[("valeur", "138")]),
            "valeurs.csv",
            "hors-limites",
            "valeur",
            None,
        ),
        (
            "période future",
            |r| set_cells(r, "valeurs.csv", "recours-mg,territoire", &[("periode", "2025-2031")]),
            "valeurs.csv",
            "date-future",
            "periode",
            None,
        ),
        (
            "source manquante",
            |r| set_cells(r, "indicateurs.csv", "psychotropes", &[("source", "")]),
            "indicateurs.csv",
            "champ-manquant",
            "source",
            None,
        ),
        (
            "sens manquant",
            |r| set_cells(r, "indicateurs.csv", "psychotropes", &[("sens", "")]),
            "indicateurs.csv",
            "champ-manquant",
            "sens",
            None,
        ),
        (
            "sens inconnu",
            |r| set_cells(r, "indicateurs.csv", "psychotropes", &[("sens", "hausse-defavorabl")]),
            "indicateurs.csv",
            "code-inconnu",
            "sens",
            Some("hausse-defavorable"),
        ),
        (
            "valeur secrète donnée",
            |r| set_cells(r, "valeurs.csv", "psychotropes,territoire", &[("secret", "oui")]),
            "valeurs.csv",
            "secret-avec-valeur",
            "valeur",
            Some("videz"),
        ),
        (
            "intervalle qui ne contient pas la valeur",
            |r| set_cells(r, "valeurs.csv", "recours-mg,territoire,,,2016", &[("ic_bas", "83"), ("ic_haut", "90")]),
            "valeurs.csv",
            "intervalle-invalide",
            "ic_bas",
            None,
        ),
        (
            "nombre avec son unité",
            |r| set_cells(r, "valeurs.csv", "recours-mg,territoire", &[("valeur", "82 %")]),
            "valeurs.csv",
            "nombre-invalide",
            "valeur",
            Some("82"),
        ),
        (
            "valeur vide sans secret",
            |r| set_cells(r, "valeurs.csv", "recours-mg,territoire", &[("valeur", "")]),
            "valeurs.csv",
            "champ-manquant",
            "valeur",
            Some("secret"),
        ),
        (
            "indicateur sans valeur",
            |r| append(r, "indicateurs.csv", "orphelin,Sans valeur,sante,,%,neutre,,ORS,"),
            "indicateurs.csv",
            "indicateur-sans-valeur",
            "id",
            None,
        ),
        (
            "colonne inconnue",
            |r| replace(r, "content/diagnostic/valeurs.csv", ",secret,note", ",secret,notes"),
            "valeurs.csv",
            "colonne-inconnue",
            "notes",
            Some("note"),
        ),
        (
            "constat qui nomme un indicateur inconnu",
            |r| replace(r, "content/diagnostic/constats.toml", "\"recours-mg\"]", "\"recours-mgg\"]"),
            "constats.toml",
            "reference-cassee",
            "constats.indicateurs[3]",
            Some("recours-mg"),
        ),
        (
            "aucun constat, alors que des fiches en nomment",
            |r| {
                std::fs::write(r.join(DIR).join("constats.toml"), "# bientôt\n").unwrap();
                1
            },
            "constats.toml",
            "constats-manquants",
            "constats",
            Some("[[constats]]"),
        ),
        (
            "fiche qui nomme un constat inconnu",
            |r| {
                replace(
                    r,
                    "content/actions/1.2.1-acces-aux-droits.md",
                    "constats = [\"precarite\"]",
                    "constats = [\"precarit\"]",
                )
            },
            "1.2.1-acces-aux-droits.md",
            "reference-cassee",
            "constats",
            Some("precarite"),
        ),
        (
            "fiche qui nomme un indicateur du diagnostic inconnu",
            |r| {
                replace(
                    r,
                    "content/actions/1.1.1-installer-des-medecins.md",
                    "indicateur_diagnostic = \"densite-mg\"",
                    "indicateur_diagnostic = \"densite-m\"",
                )
            },
            "1.1.1-installer-des-medecins.md",
            "reference-cassee",
            "indicateurs[1].indicateur_diagnostic",
            Some("densite-mg"),
        ),
    ];
    for (what, how, file, rule, field, hint) in cases {
        let (_tmp, root) = site();
        let line = how(&root);
        let (v, code) = check(&root);
        assert_eq!(code, 1, "{what} : {v:#}");
        let d = finding(&v, "errors", rule);
        assert!(d["file"].as_str().unwrap().ends_with(file), "{what} : {d:#}");
        assert_eq!(d["line"].as_u64(), Some(line as u64), "{what} : {d:#}");
        assert_eq!(d["field"].as_str(), Some(field), "{what} : {d:#}");
        if let Some(h) = hint {
            let s = d["suggestion"].as_str().unwrap_or_else(|| panic!("{what} : pas de suggestion : {d:#}"));
            assert!(s.contains(h), "{what} : « {s} » ne dit pas « {h} »");
        }
        assert_eq!(v["errors"].as_array().unwrap().len(), 1, "{what} : une cause, un message : {v:#}");
    }
}

#[test]
fn a_small_count_that_is_not_withheld_is_a_warning() {
    let (_tmp, root) = site();
    let line = set_cells(&root, "valeurs.csv", "menages-pauvres,territoire", &[("effectif", "8")]);
    let (v, code) = check(&root);
    assert_eq!(code, 0, "{v:#}");
    let d = finding(&v, "warnings", "petit-effectif");
    assert_eq!((d["line"].as_u64(), d["field"].as_str()), (Some(line as u64), Some("effectif")));
    assert!(d["message"].as_str().unwrap().contains("moins de 11"));
}

#[test]
fn a_broken_diagnostic_leaves_the_published_site_untouched() {
    let (_tmp, root) = site();
    let ok = run(&["build", "--quiet", "--root", root.to_str().unwrap()]);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    let before = snapshot_tree(&root.join("public"));
    set_cells(&root, "valeurs.csv", "mg-60-ans,territoire", &[("valeur", "138")]);
    let ko = run(&["build", "--quiet", "--root", root.to_str().unwrap()]);
    assert_eq!(ko.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&ko.stderr).contains("valeurs.csv:"));
    assert!(snapshot_tree(&root.join("public")) == before);
}

/// The tables of the fixture as cells: numbers as numbers, as an observatory's spreadsheet
/// holds them.
fn sheets(root: &Path) -> Vec<(&'static str, Vec<Vec<String>>)> {
    ["indicateurs", "valeurs"]
        .into_iter()
        .map(|name| {
            let mut r = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_path(root.join(DIR).join(format!("{name}.csv")))
                .unwrap();
            (name, r.records().map(|x| x.unwrap().iter().map(str::to_string).collect()).collect())
        })
        .collect()
}

fn as_number(cell: &str) -> Option<f64> {
    let n = cell.replace(',', ".");
    n.parse().ok().filter(|_| !cell.is_empty() && cell.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.'))
}

fn write_xlsx(root: &Path, tables: &[(&str, Vec<Vec<String>>)]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    for (name, rows) in tables {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                // Codes stay text, as a spreadsheet keeps « 24 » typed in a text column.
                match as_number(cell).filter(|_| r > 0 && rows[0][c] != "code") {
                    Some(n) => sheet.write_number(r as u32, c as u16, n).map(|_| ()).unwrap(),
                    None if cell.is_empty() => {}
                    None => sheet.write_string(r as u32, c as u16, cell).map(|_| ()).unwrap(),
                }
            }
        }
    }
    book.save(root.join(DIR).join("diagnostic.xlsx")).unwrap();
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// An OpenDocument spreadsheet, as LibreOffice saves the same tables.
fn write_ods(root: &Path, tables: &[(&str, Vec<Vec<String>>)]) {
    use std::io::Write;
    let mut body = String::new();
    for (name, rows) in tables {
        body.push_str(&format!("<table:table table:name=\"{name}\">"));
        for (r, row) in rows.iter().enumerate() {
            body.push_str("<table:table-row>");
            for (c, cell) in row.iter().enumerate() {
                match as_number(cell).filter(|_| r > 0 && rows[0][c] != "code") {
                    Some(n) => body.push_str(&format!(
                        "<table:table-cell office:value-type=\"float\" office:value=\"{n}\"><text:p>{cell}</text:p></table:table-cell>"
                    )),
                    None if cell.is_empty() => body.push_str("<table:table-cell/>"),
                    None => body.push_str(&format!(
                        "<table:table-cell office:value-type=\"string\"><text:p>{}</text:p></table:table-cell>",
                        xml(cell)
                    )),
                }
            }
            body.push_str("</table:table-row>");
        }
        body.push_str("</table:table>");
    }
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content \
         xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
         xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
         xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">\
         <office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"
    );
    let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest \
         xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\
         <manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\
         <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>";
    let file = std::fs::File::create(root.join(DIR).join("diagnostic.ods")).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
    let deflated = zip::write::SimpleFileOptions::default();
    zip.start_file("META-INF/manifest.xml", deflated).unwrap();
    zip.write_all(manifest.as_bytes()).unwrap();
    zip.start_file("content.xml", deflated).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap();
}

fn build(root: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let run = run(&["build", "--quiet", "--root", root.to_str().unwrap()]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    snapshot_tree(&root.join("public"))
}

#[test]
fn the_csv_and_spreadsheet_forms_give_byte_identical_sites() {
    let (_tmp, root) = site();
    let from_csv = build(&root);
    let tables = sheets(&root);
    for (kind, write) in [("xlsx", write_xlsx as fn(&Path, &[(&str, Vec<Vec<String>>)])), ("ods", write_ods)] {
        let (_t, other) = site();
        std::fs::remove_file(other.join(DIR).join("indicateurs.csv")).unwrap();
        std::fs::remove_file(other.join(DIR).join("valeurs.csv")).unwrap();
        write(&other, &tables);
        let built = build(&other);
        assert_eq!(built.keys().collect::<Vec<_>>(), from_csv.keys().collect::<Vec<_>>(), "{kind}");
        let differ: Vec<&String> = built.iter().filter(|(k, v)| from_csv.get(*k) != Some(v)).map(|(k, _)| k).collect();
        assert!(differ.is_empty(), "{kind} : fichiers différents : {differ:?}");
    }
}

#[test]
fn spreadsheet_findings_name_the_sheet_and_the_cell() {
    let (_tmp, root) = site();
    set_cells(&root, "valeurs.csv", "mg-60-ans,territoire", &[("valeur", "138")]);
    let tables = sheets(&root);
    std::fs::remove_file(root.join(DIR).join("indicateurs.csv")).unwrap();
    std::fs::remove_file(root.join(DIR).join("valeurs.csv")).unwrap();
    write_xlsx(&root, &tables);
    let row = tables[1].1.iter().position(|r| r[0] == "mg-60-ans" && r[1] == "territoire").unwrap() + 1;
    let (v, code) = check(&root);
    assert_eq!(code, 1);
    let d = finding(&v, "errors", "hors-limites");
    assert!(d["file"].as_str().unwrap().ends_with("diagnostic.xlsx"));
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(row as u64), Some(6)));
    let msg = d["message"].as_str().unwrap();
    assert!(msg.starts_with(&format!("feuille « valeurs », cellule F{row} :")), "{msg}");
    // A missing sheet names the sheets there are.
    let (_t, other) = site();
    std::fs::remove_file(other.join(DIR).join("indicateurs.csv")).unwrap();
    std::fs::remove_file(other.join(DIR).join("valeurs.csv")).unwrap();
    write_xlsx(&other, &[("indicateurs", tables[0].1.clone()), ("Valeurs 2018", tables[1].1.clone())]);
    let (v, _) = check(&other);
    let d = finding(&v, "errors", "feuille-manquante");
    assert!(d["suggestion"].as_str().unwrap().contains("Valeurs 2018"), "{d:#}");
}

fn page(public: &Path, path: &str) -> String {
    std::fs::read_to_string(public.join(path).join("index.html")).unwrap_or_else(|_| panic!("{path}"))
}

#[test]
fn the_pages_say_the_comparisons_in_words_and_link_findings_to_actions() {
    let (_tmp, root) = site();
    build(&root);
    let public = root.join("public");
    let mg = page(&public, "diagnostic/indicateurs/densite-mg");
    assert!(
        mg.contains("Plus bas que dans la région (99 pour 100\u{202F}000 habitants) : défavorable."),
        "{}",
        main_of(&mg)
    );
    // The department's value is of 2017, the territory's of 2018: the page says which.
    assert!(mg.contains("Valeur du département de 2017, la plus proche avant 2018."));
    // The table of numbers comes before the chart, and the chart has the same numbers.
    let table = mg.find("<table class=\"valeurs\"").unwrap();
    let chart = mg.find("<svg class=\"points\"").unwrap();
    assert!(table < chart);
    for n in ["85.0", "87.0", "99.0"] {
        assert!(mg.contains(&format!("data-valeur=\"{n}\"")), "{n}");
    }
    assert!(mg.contains("valeurs.csv"));
    // No territory value: the department is compared with the region, and says so.
    let hs = page(&public, "diagnostic/indicateurs/hospitalisation-suicide");
    assert!(
        hs.contains("Département : plus élevé que dans la région (14,1 pour 10\u{202F}000 habitants) : défavorable.")
            && !hs.contains("10 000 habitants")
    );
    // Every commune's population, highest first.
    let pop = page(&public, "diagnostic/indicateurs/population");
    let perigueux = pop.find(">Périgueux</a>").unwrap();
    let agonac = pop.find(">Agonac</a>").unwrap();
    assert!(perigueux < agonac);
    // The front page: each finding with the action that answers it and its status.
    let front = page(&public, "diagnostic");
    assert!(front.contains("Une médecine générale fragile"));
    assert!(front.contains("Aider les communes à accueillir des médecins"));
    // A fiche says which finding it answers, and its baseline comes from the diagnostic.
    let fiche = page(&public, "actions/1.1.1-installer-des-medecins");
    assert!(fiche.contains("Une médecine générale fragile"));
    assert!(fiche.contains("Point de départ dans le diagnostic"));
    // The open data joins each value with its indicator's definition.
    let csv = std::fs::read_to_string(public.join("donnees/diagnostic.csv")).unwrap();
    assert!(csv.lines().any(|l| l.starts_with("densite-mg,Médecins généralistes libéraux,ressources,")));
    let pkg = std::fs::read_to_string(public.join("donnees/datapackage.json")).unwrap();
    assert!(pkg.contains("\"path\": \"diagnostic.csv\""));
    assert!(broken_links(&public, "/").is_empty(), "{:?}", broken_links(&public, "/"));
}

#[test]
fn search_finds_indicators_findings_and_communes() {
    let (_tmp, root) = site();
    build(&root);
    let search = |q: &str| {
        let out = run(&["search", "--root", root.to_str().unwrap(), q]);
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(
        search("pauvreté").lines().take(3).any(|l| l == "/diagnostic/indicateurs/menages-pauvres/"),
        "{}",
        search("pauvreté")
    );
    assert!(
        search("médecins généralistes").lines().take(3).any(|l| l.starts_with("/diagnostic/")),
        "{}",
        search("médecins généralistes")
    );
    assert!(
        search("suicide").lines().any(|l| l.contains("diagnostic/constats/sante-mentale/")),
        "{}",
        search("suicide")
    );
    assert!(search("Agonac").lines().any(|l| l.contains("diagnostic/indicateurs/population/")), "{}", search("Agonac"));
}

/// The diagnostic's cost, held without timing: a diagnostic of 300 indicators (a third with a
/// value for each of the 43 communes) and 60 findings writes exactly one page per indicator and
/// per finding, one CSV per indicator, and no page over its budget. A change that raises a
/// budget raises it here, and says why in its commit.
#[test]
fn a_large_diagnostic_stays_within_its_budgets() {
    const INDICATORS: usize = 300;
    const FINDINGS: usize = 60;
    /// Bytes: the largest indicator page (the commune table of 43 communes), the list of every
    /// indicator, the front page with every finding, everything. Measured on 2026-12-04: 18 746,
    /// 206 624, 40 045 and 6 273 596 bytes.
    const INDICATOR_PAGE: u64 = 24_000;
    const LIST_PAGE: u64 = 240_000;
    const FRONT_PAGE: u64 = 50_000;
    const ALL_BYTES: u64 = 7_000_000;
    let (_tmp, root) = site();
    let dir = root.join(DIR);
    let communes: Vec<String> = {
        let cfg: toml::Table = std::fs::read_to_string(root.join("site.toml")).unwrap().parse().unwrap();
        cfg["communes"].as_array().unwrap().iter().map(|c| c["code"].as_str().unwrap().to_string()).collect()
    };
    let mut ind = String::from("id,libelle,portrait,unite,sens,source\n");
    let mut val = String::from("indicateur,echelle,code,periode,valeur,ic_bas,ic_haut,secret\n");
    for i in 0..INDICATORS {
        let unit = ["%", "pour 100 000 habitants", "habitants"][i % 3];
        let sens = ["hausse-favorable", "hausse-defavorable", "neutre"][i % 3];
        ind.push_str(&format!(
            "i-{i:03},Indicateur numéro {i},{},{unit},{sens},Banc\n",
            ["territoire", "sante", "ressources"][i % 3]
        ));
        let base = 10.0 + (i % 50) as f64;
        for (k, year) in [2016, 2018, 2020].iter().enumerate() {
            let v = base + k as f64;
            val.push_str(&format!("i-{i:03},territoire,,{year},{v},{},{},\n", v - 1.0, v + 1.0));
        }
        for (scale, code) in [("departement", "24"), ("region", "75"), ("france", "")] {
            val.push_str(&format!("i-{i:03},{scale},{code},2020,{},,,\n", base + 3.0));
        }
        if i % 3 == 0 {
            for (k, c) in communes.iter().enumerate() {
                match k % 10 {
                    0 => val.push_str(&format!("i-{i:03},commune,{c},2020,,,,oui\n")),
                    _ => val.push_str(&format!("i-{i:03},commune,{c},2020,{},,,\n", base + k as f64 / 10.0)),
                }
            }
        }
    }
    let mut findings = String::new();
    for k in 0..FINDINGS {
        findings.push_str(&format!(
            "[[constats]]\nid = \"c-{k:03}\"\ntitre = \"Constat {k}\"\nportrait = \"sante\"\ntexte = \"Texte du constat.\"\nindicateurs = [\"i-{:03}\", \"i-{:03}\"]\n\n",
            k * 5,
            k * 5 + 1
        ));
    }
    std::fs::write(dir.join("indicateurs.csv"), ind).unwrap();
    std::fs::write(dir.join("valeurs.csv"), val).unwrap();
    std::fs::write(dir.join("constats.toml"), findings).unwrap();
    let text = std::fs::read_to_string(dir.join("_index.md")).unwrap();
    let text = text.replace(
        "chiffres_cles = [\"population\", \"densite-mg\", \"recours-mg\", \"menages-pauvres\"]",
        "chiffres_cles = [\"i-000\", \"i-001\", \"i-002\"]",
    );
    std::fs::write(dir.join("_index.md"), text).unwrap();
    for f in ["1.1.1-installer-des-medecins.md", "1.2.1-acces-aux-droits.md", "2.1.1-prevenir-le-suicide.md"] {
        let path = root.join("content/actions").join(f);
        let t = std::fs::read_to_string(&path).unwrap();
        let t = t
            .lines()
            .filter(|l| !l.starts_with("constats =") && !l.starts_with("indicateur_diagnostic"))
            .collect::<Vec<_>>();
        std::fs::write(&path, t.join("\n") + "\n").unwrap();
    }
    let built = build(&root);
    let mine: Vec<(&String, u64)> = built
        .iter()
        .filter(|(k, _)| k.starts_with("diagnostic/") || k.as_str() == "donnees/diagnostic.csv")
        .map(|(k, v)| (k, v.len() as u64))
        .collect();
    // One page per indicator and per finding, their CSV, the list, the front page, the chapter
    // (none here), the easy-to-read page, and the open data.
    let pages = mine.iter().filter(|(k, _)| k.ends_with(".html")).count();
    assert_eq!(pages, INDICATORS + FINDINGS + 3, "pages du diagnostic");
    assert_eq!(mine.len(), pages + INDICATORS + 1, "fichiers du diagnostic");
    let size = |p: &str| built[p].len() as u64;
    let largest = mine
        .iter()
        .filter(|(k, _)| {
            k.starts_with("diagnostic/indicateurs/") && k.ends_with("/index.html") && k.matches('/').count() == 3
        })
        .map(|(_, n)| *n)
        .max()
        .unwrap();
    println!(
        "page d'indicateur la plus grande {largest} o, liste {} o, accueil du diagnostic {} o, total {} o",
        size("diagnostic/indicateurs/index.html"),
        size("diagnostic/index.html"),
        mine.iter().map(|(_, n)| n).sum::<u64>()
    );
    assert!(largest <= INDICATOR_PAGE, "page d'indicateur : {largest} octets");
    assert!(size("diagnostic/indicateurs/index.html") <= LIST_PAGE, "liste des indicateurs");
    assert!(size("diagnostic/index.html") <= FRONT_PAGE, "accueil du diagnostic");
    assert!(mine.iter().map(|(_, n)| n).sum::<u64>() <= ALL_BYTES, "octets du diagnostic");
}
