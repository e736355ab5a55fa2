//! What the content model accepts with a warning, and what an export must never carry: each
//! test breaks the minimal site in one way and checks the finding and the output.

mod common;

use common::*;
use std::path::Path;

fn site() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_tree(&fixture("minimal"), &root);
    (tmp, root)
}

fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} ne contient pas {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn check_json(root: &Path) -> (Option<i32>, serde_json::Value) {
    let out = portail(&["check", "--root", root.to_str().unwrap(), "--format", "json"]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    (out.status.code(), serde_json::from_slice(&out.stdout).expect("JSON"))
}

fn finding<'a>(json: &'a serde_json::Value, kind: &str, rule: &str) -> Option<&'a serde_json::Value> {
    json[kind].as_array().into_iter().flatten().find(|d| d["rule"] == rule)
}

const ACTION: &str = "content/actions/1.1.1-droits.md";

#[test]
fn follow_up_fields_of_the_content_model_build() {
    let (_tmp, root) = site();
    edit(
        &root,
        ACTION,
        "[[partenaires]]",
        "[financement]\nmontant = 12000\nfinanceurs = [\"ARS\"]\n\n[[etapes]]\ntitre = \"Former\"\ndebut = 2025-01-06\nfin = 2025-06-30\nstatut = \"realisee\"\n\n[[bilans]]\ndate = 2025-12-15\nstatut = \"en-cours\"\ntexte = \"Six sessions.\"\nsuite = \"Continuer.\"\n\n[[indicateurs]]\ntype = \"resultat\"\nlibelle = \"Part des personnes\"\ncible = 60\nunite = \"%\"\nreference = 35\ndate_reference = 2024-01-31\n  [[indicateurs.mesures]]\n  date = 2025-12-31\n  valeur = 52\n  [[indicateurs.mesures]]\n  date = 2026-06-30\n  constat = \"Des délais plus courts.\"\n\n[[partenaires]]",
    );
    let out = portail(&["build", "--root", root.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let page = std::fs::read_to_string(root.join("public/actions/1.1.1-droits/index.html")).unwrap();
    assert!(page.contains("Des délais plus courts."), "le constat est montré en texte");
    let feed = std::fs::read_to_string(root.join("public/donnees/actions.json")).unwrap();
    assert!(feed.contains("\"constat\":\"Des délais plus courts.\""), "{feed}");
}

#[test]
fn warnings_name_the_file_the_line_and_the_field() {
    let (_tmp, root) = site();
    edit(&root, ACTION, "Texte de la fiche.", "# Un\n\nTexte de la fiche.\n\n### Trois");
    edit(&root, ACTION, "date_maj = 2026-03-01", "date_maj = 1996-03-01");
    edit(
        &root,
        ACTION,
        "[[partenaires]]",
        "[[bilans]]\ndate = 2025-12-15\nstatut = \"realisee\"\ntexte = \"Terminé.\"\n\n[[partenaires]]",
    );
    let (code, json) = check_json(&root);
    assert_eq!(code, Some(0), "des avertissements seulement : {json}");
    let jump = finding(&json, "warnings", "niveau-de-titre").expect("saut de niveau");
    assert_eq!(jump["file"], ACTION);
    assert_eq!(jump["line"], 27);
    assert!(jump["message"].as_str().unwrap().contains("niveau 3 juste après un titre de niveau 1"));
    let old = finding(&json, "warnings", "date-improbable").expect("date avant 2000");
    assert_eq!((old["line"].as_u64(), old["field"].as_str()), (Some(8), Some("date_maj")));
    let bilan = finding(&json, "warnings", "bilan-contredit-statut").expect("bilan contredit le statut");
    assert_eq!((bilan["line"].as_u64(), bilan["field"].as_str()), (Some(6), Some("statut")));
    assert!(bilan["suggestion"].as_str().unwrap().contains("statut = \"realisee\""));
    // --strict turns them into a failure.
    let strict = portail(&["check", "--root", root.to_str().unwrap(), "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
}

#[test]
fn spreadsheet_formulas_are_warned_on_import_and_inert_in_every_export() {
    let (_tmp, root) = site();
    std::fs::write(
        root.join("content/annuaire/import.csv"),
        "id,nom,porteur,thematiques,date_maj,telephone,description\n\
         ligne-a,=HYPERLINK(\"http://x.example/\";\"clic\"),Mairie,acces-aux-droits,2026-01-05,+33 1 99 00 71 00,@SUM(A1)\n\
         ligne-b,Service B,\"=cmd|' /C calc'!A0\",sante-mentale,2026-01-05,01 99 00 72 00,-2+3\n",
    )
    .unwrap();
    let (code, json) = check_json(&root);
    assert_eq!(code, Some(0), "{json}");
    let warned: Vec<(u64, &str)> = json["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "csv-formule")
        .map(|d| (d["line"].as_u64().unwrap(), d["field"].as_str().unwrap()))
        .collect();
    assert_eq!(warned, [(2, "description"), (2, "nom"), (3, "porteur")]);
    let out = portail(&["build", "--root", root.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let mut csvs = 0;
    for (path, bytes) in snapshot_tree(&root.join("public")) {
        if !path.ends_with(".csv") {
            continue;
        }
        csvs += 1;
        let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(bytes.as_slice());
        for record in reader.records() {
            for cell in record.unwrap().iter() {
                let live = cell.starts_with(['=', '@', '\t', '\r'])
                    || cell.starts_with(['+', '-'])
                        && !cell[1..].trim_start().starts_with(|c: char| c.is_ascii_digit());
                assert!(!live, "{path} : cellule active {cell:?}");
            }
        }
        let text = String::from_utf8(bytes).unwrap();
        if path == "donnees/annuaire.csv" {
            assert!(text.contains("'=HYPERLINK"), "{text}");
            assert!(text.contains(",+33199007100,"), "un téléphone reste tel quel : {text}");
        }
    }
    assert!(csvs >= 2, "annuaire.csv et structures.csv");
}

#[test]
fn formulas_in_an_imported_json_are_warned_with_their_row() {
    let (_tmp, root) = site();
    std::fs::write(
        root.join("content/annuaire/import.json"),
        "[\n  {\"id\": \"j\", \"nom\": \"=HYPERLINK(\\\"http://x.example/\\\")\", \"porteur\": \"Mairie\", \"date_maj\": \"2026-01-02\"}\n]\n",
    )
    .unwrap();
    let (code, json) = check_json(&root);
    assert_eq!(code, Some(0), "{json}");
    let w = finding(&json, "warnings", "csv-formule").expect("formule signalée");
    assert_eq!(w["file"], "content/annuaire/import.json");
    assert_eq!((w["line"].as_u64(), w["field"].as_str()), (Some(2), Some("nom")));
}
