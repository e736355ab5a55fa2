//! The diagnostic's open data: `diagnostic.csv`, every value joined with its indicator's
//! definition (one self-contained table, as observatories publish them), and one CSV per
//! indicator for its page's download. Declared in `datapackage.json` like the others.

use super::follow::{Column, col, csv, number};
use crate::Site;
use crate::content::profile::Indicator;

pub const COLUMNS: &[Column] = &[
    col("indicateur", "string", "Identifiant de l'indicateur"),
    col("libelle", "string", "Ce que l'indicateur mesure"),
    col("portrait", "string", "territoire, sante ou ressources"),
    col("thematique", "string", "Thématique (referentiels.thematiques)"),
    col("unite", "string", "Unité des valeurs"),
    col("sens", "string", "hausse-favorable, hausse-defavorable ou neutre"),
    col("definition", "string", "Comment l'indicateur est calculé"),
    col("source", "string", "Qui a publié la valeur, et dans quoi"),
    col("url_source", "string", "Adresse de la source"),
    col("echelle", "string", "territoire, commune, departement, region ou france"),
    col("code", "string", "Code INSEE de la commune, du département ou de la région"),
    col("nom", "string", "Nom du lieu, quand il est donné"),
    col("periode", "string", "Année, ou années séparées par un tiret"),
    col("annee_debut", "year", "Première année de la période"),
    col("annee_fin", "year", "Dernière année de la période"),
    col("valeur", "number", "Valeur ; vide quand elle est couverte par le secret statistique"),
    col("ic_bas", "number", "Borne basse de l'intervalle de confiance à 95 %"),
    col("ic_haut", "number", "Borne haute de l'intervalle de confiance à 95 %"),
    col("effectif", "number", "Effectif derrière le taux ou la part"),
    col("secret", "boolean", "Vrai quand la valeur est masquée (secret statistique)"),
    col("note", "string", "Remarque sur la valeur"),
];

fn rows(i: &Indicator) -> impl Iterator<Item = Vec<String>> + '_ {
    i.values.iter().map(move |v| {
        vec![
            i.id.clone(),
            i.libelle.clone(),
            i.portrait.code().to_string(),
            i.thematique.clone().unwrap_or_default(),
            i.unite.clone(),
            i.sens.code().to_string(),
            i.definition.clone().unwrap_or_default(),
            i.source.clone(),
            i.url_source.clone().unwrap_or_default(),
            v.echelle.code().to_string(),
            v.code.clone().unwrap_or_default(),
            v.nom.clone().unwrap_or_default(),
            v.periode.text(),
            v.periode.start.to_string(),
            v.periode.end.to_string(),
            number(v.valeur),
            number(v.ic.map(|x| x.0)),
            number(v.ic.map(|x| x.1)),
            number(v.effectif),
            v.secret.to_string(),
            v.note.clone().unwrap_or_default(),
        ]
    })
}

pub fn all_csv(site: &Site) -> Vec<u8> {
    let indicators = site.content.diagnostic.iter().flat_map(|d| &d.indicators);
    csv(COLUMNS, indicators.flat_map(rows))
}

pub fn indicator_csv(i: &Indicator) -> Vec<u8> {
    csv(COLUMNS, rows(i))
}
