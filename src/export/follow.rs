//! The follow-up's open data: `actions.csv` (a row per fiche), `indicateurs.csv` (a row per
//! measure), and `datapackage.json`, the Frictionless description of every CSV the site
//! publishes (the format schema.data.gouv.fr uses). Each column is declared once, with its type
//! and meaning: the CSV header and the schema both come from these tables.

use crate::Site;
use crate::content::Action;
use crate::route::Route;
use serde::Serialize;
use serde_json::json;

/// A column: its name, its Table Schema type, and what it holds.
pub struct Column {
    pub name: &'static str,
    pub kind: &'static str,
    pub description: &'static str,
}

pub(super) const fn col(name: &'static str, kind: &'static str, description: &'static str) -> Column {
    Column { name, kind, description }
}

pub const ACTION_COLUMNS: &[Column] = &[
    col("numero", "string", "Numéro de la fiche-action (axe.objectif.action)"),
    col("titre", "string", "Titre de l'action"),
    col("axe", "string", "Identifiant de l'axe"),
    col("axe_titre", "string", "Titre de l'axe"),
    col("objectif", "string", "Identifiant de l'objectif"),
    col("objectif_titre", "string", "Titre de l'objectif"),
    col("statut", "string", "Statut actuel (referentiels.statuts)"),
    col("debut", "date", "Date de début"),
    col("fin", "date", "Date de fin prévue"),
    col("date_maj", "date", "Dernière mise à jour de la fiche"),
    col("pilotes", "string", "Pilotes, séparés par |"),
    col("copilotes", "string", "Copilotes, séparés par |"),
    col("communes", "string", "Codes INSEE des communes, séparés par | ; vide : tout le territoire"),
    col("financement_montant", "number", "Montant déclaré pour toute la durée du contrat, en euros"),
    col("financeurs", "string", "Financeurs, séparés par |"),
    col("nb_bilans", "integer", "Nombre de bilans écrits par les pilotes"),
    col("dernier_bilan", "date", "Date du dernier bilan"),
    col("url", "string", "Adresse de la fiche sur le site"),
];

pub const INDICATOR_COLUMNS: &[Column] = &[
    col("action_numero", "string", "Numéro de la fiche-action"),
    col("action_titre", "string", "Titre de l'action"),
    col("indicateur", "string", "Libellé de l'indicateur"),
    col("type", "string", "processus, activite ou resultat"),
    col("unite", "string", "Unité des valeurs"),
    col("cible", "number", "Valeur cible"),
    col("reference", "number", "Valeur de départ"),
    col("date_reference", "date", "Date de la valeur de départ"),
    col("date", "date", "Date de la mesure"),
    col("valeur", "number", "Valeur mesurée ; vide quand la mesure est un constat"),
    col("constat", "string", "Constat qualitatif ; vide quand la mesure est un nombre"),
];

pub(super) fn number(x: Option<f64>) -> String {
    x.map(|x| x.to_string()).unwrap_or_default()
}

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

pub(super) fn csv(columns: &[Column], rows: impl Iterator<Item = Vec<String>>) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(columns.iter().map(|c| c.name));
    for row in rows {
        // Every cell, whatever its column, is made inert for spreadsheets.
        let _ = w.write_record(row.iter().map(|c| crate::spreadsheet::neutralise(c).into_owned()));
    }
    w.into_inner().unwrap_or_default()
}

fn action_row(site: &Site, a: &Action) -> Vec<String> {
    let cfg = &site.config;
    let axe = cfg.axe(&a.axe);
    let objectif = axe.and_then(|x| x.objectifs.iter().find(|o| o.id == a.objectif.v));
    let f = a.financement.as_ref();
    vec![
        a.numero.v.clone(),
        a.titre.clone(),
        a.axe.v.clone(),
        axe.map(|x| x.titre.clone()).unwrap_or_default(),
        a.objectif.v.clone(),
        objectif.map(|o| o.titre.clone()).unwrap_or_default(),
        a.statut.v.code().to_string(),
        date(a.debut),
        date(a.fin),
        date(a.date_maj.as_ref().map(|d| d.v)),
        a.pilotes.join("|"),
        a.copilotes.join("|"),
        a.communes.iter().map(|c| c.v.as_str()).collect::<Vec<_>>().join("|"),
        number(f.and_then(|f| f.montant)),
        f.map(|f| f.financeurs.join("|")).unwrap_or_default(),
        a.bilans.len().to_string(),
        date(a.bilans.iter().map(|b| b.date.v).max()),
        format!("{}{}", cfg.url, a.origin.path),
    ]
}

pub fn actions_csv(site: &Site) -> Vec<u8> {
    csv(ACTION_COLUMNS, site.content.actions.iter().map(|a| action_row(site, a)))
}

pub fn indicators_csv(site: &Site) -> Vec<u8> {
    let rows = site.content.actions.iter().flat_map(|a| {
        a.indicateurs.iter().flat_map(move |i| {
            i.mesures.iter().map(move |m| {
                vec![
                    a.numero.v.clone(),
                    a.titre.clone(),
                    i.libelle.clone(),
                    i.kind.map(|k| k.code().to_string()).unwrap_or_default(),
                    i.unite.clone().unwrap_or_default(),
                    number(i.cible),
                    number(i.reference),
                    date(i.date_reference.as_ref().map(|d| d.v)),
                    m.date.v.to_string(),
                    number(m.valeur),
                    m.constat.clone().unwrap_or_default(),
                ]
            })
        })
    });
    csv(INDICATOR_COLUMNS, rows)
}

#[derive(Serialize)]
struct Field {
    name: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    description: &'static str,
}

fn schema(columns: &[Column]) -> serde_json::Value {
    let fields: Vec<Field> =
        columns.iter().map(|c| Field { name: c.name, kind: c.kind, description: c.description }).collect();
    json!({ "fields": fields, "missingValues": [""] })
}

/// The directory's columns: data·inclusion's own names, all text but dates and coordinates.
fn directory_schema(columns: &[&'static str]) -> serde_json::Value {
    let fields: Vec<Field> = columns
        .iter()
        .map(|&name| {
            let kind = match name {
                "date_maj" => "date",
                "latitude" | "longitude" => "number",
                _ => "string",
            };
            Field { name, kind, description: "Champ du schéma data·inclusion (version 1)" }
        })
        .collect();
    json!({ "fields": fields, "missingValues": [""] })
}

/// The Data Package: one resource per CSV of `/donnees/`, paths relative to it.
pub fn datapackage(site: &Site) -> Vec<u8> {
    let cfg = &site.config;
    let name = |route: Route| route.path().trim_start_matches("donnees/").to_string();
    let resource = |n: &str, title: &str, path: String, schema: serde_json::Value| {
        json!({
            "name": n,
            "title": title,
            "path": path,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": schema,
        })
    };
    let pkg = json!({
        "profile": "tabular-data-package",
        "name": crate::slug::slugify(&cfg.source_id),
        "title": format!("Données ouvertes — {}", cfg.titre),
        "homepage": cfg.url,
        "resources": [
            resource("actions", "Fiches-actions du contrat", name(Route::Data("actions.csv")), schema(ACTION_COLUMNS)),
            resource("indicateurs", "Mesures des indicateurs", name(Route::Data("indicateurs.csv")), schema(INDICATOR_COLUMNS)),
            resource("annuaire", "Annuaire des services (data·inclusion)", name(Route::Data("annuaire.csv")), directory_schema(super::di::SERVICE_COLUMNS)),
            resource("structures", "Structures de l'annuaire (data·inclusion)", name(Route::Data("structures.csv")), directory_schema(super::di::STRUCTURE_COLUMNS)),
        ],
    });
    let mut pkg = pkg;
    if site.content.diagnostic.is_some()
        && let Some(list) = pkg.get_mut("resources").and_then(|r| r.as_array_mut())
    {
        let path = name(Route::Data("diagnostic.csv"));
        list.push(resource(
            "diagnostic",
            "Diagnostic local de santé : valeurs des indicateurs",
            path,
            schema(super::diagnostic::COLUMNS),
        ));
    }
    serde_json::to_vec_pretty(&pkg).unwrap_or_default()
}
