//! The directory in data·inclusion v1 shape: `{ "structures": [...], "services": [...] }`.

use crate::Site;
use crate::content::check::tel_href;
use crate::content::query::service_lieu;
use crate::content::{Lieu, Service, Structure};
use crate::referentiels as refs;
use rayon::prelude::*;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// data·inclusion ids are `<source>--<local id>`.
pub fn di_id(source: &str, id: &str) -> String {
    format!("{source}--{id}")
}

/// Local id of the structure exported for a service that names only its `porteur`.
pub fn porteur_id(porteur: &str) -> String {
    format!("porteur-{}", crate::slug::slugify(porteur))
}

/// The phone in E.164 when it is a French ten-digit number, as data·inclusion prefers.
fn phone(p: &Option<String>) -> Value {
    match p {
        Some(p) => {
            let e164 = tel_href(p);
            Value::from(if e164.starts_with("+33") { e164 } else { p.clone() })
        }
        None => Value::Null,
    }
}

fn opt(v: &Option<String>) -> Value {
    v.as_ref().map_or(Value::Null, |s| Value::from(s.as_str()))
}

fn list(v: Vec<String>) -> Value {
    if v.is_empty() { Value::Null } else { Value::from(v) }
}

fn address(m: &mut Map<String, Value>, lieu: Option<&Lieu>) {
    let l = lieu.cloned().unwrap_or_default();
    m.insert("adresse".into(), opt(&l.adresse));
    m.insert("complement_adresse".into(), opt(&l.complement_adresse));
    m.insert("code_postal".into(), opt(&l.code_postal));
    m.insert("commune".into(), opt(&l.commune));
    m.insert("code_insee".into(), l.code_insee.map_or(Value::Null, |c| Value::from(c.v)));
    m.insert("latitude".into(), l.latitude.map_or(Value::Null, Value::from));
    m.insert("longitude".into(), l.longitude.map_or(Value::Null, Value::from));
}

/// Text of at least five characters, as the schema requires of descriptions.
fn description(text: &str) -> Option<String> {
    let t = text.trim();
    (t.chars().count() >= 5).then(|| t.chars().take(10_000).collect())
}

/// Local codes mapped to data·inclusion, plus the data·inclusion codes given as such; sorted, unique.
fn mapped(local: &[String], list: refs::List, extra: &[String]) -> Vec<String> {
    let mut out: Vec<String> = local
        .iter()
        .filter_map(|c| list.get(c))
        .flat_map(|c| c.di.clone().unwrap_or_else(|| vec![c.code.clone()]))
        .chain(extra.iter().cloned())
        .collect();
    out.sort();
    out.dedup();
    out
}

pub fn structure(site: &Site, s: &Structure) -> Value {
    let source = &site.config.source_id;
    let mut m = Map::new();
    m.insert("source".into(), Value::from(source.as_str()));
    m.insert("id".into(), Value::from(di_id(source, &s.id.v)));
    m.insert("nom".into(), Value::from(s.titre.as_str()));
    m.insert("date_maj".into(), s.date_maj.as_ref().map_or(Value::Null, |d| Value::from(d.v.to_string())));
    m.insert("description".into(), description(&s.body.text).map_or(Value::Null, Value::from));
    m.insert("lien_source".into(), Value::from(format!("{}{}", site.config.url, s.origin.path)));
    m.insert("siret".into(), opt(&s.siret));
    m.insert("telephone".into(), phone(&s.telephone));
    m.insert("courriel".into(), opt(&s.courriel));
    m.insert("site_web".into(), opt(&s.site_web));
    m.insert("horaires_accueil".into(), opt(&s.horaires_accueil));
    m.insert("accessibilite_lieu".into(), Value::Null);
    m.insert("reseaux_porteurs".into(), list(s.reseaux_porteurs.clone()));
    address(&mut m, s.lieu.as_ref());
    Value::Object(m)
}

pub fn service(site: &Site, s: &Service) -> Value {
    let source = &site.config.source_id;
    let structure_id = match (&s.structure, &s.porteur) {
        (Some(id), _) => id.v.clone(),
        (None, Some(p)) => porteur_id(p),
        (None, None) => String::new(),
    };
    let mut publics = mapped(&s.publics, refs::publics(), &s.publics_di);
    // data·inclusion requires `tous-publics` alone.
    if publics.len() > 1 {
        publics.retain(|p| p != "tous-publics");
    }
    let desc = description(&s.body.text)
        .or_else(|| s.resume.clone().and_then(|r| description(&r)))
        .unwrap_or_else(|| format!("Service : {}", s.titre));
    let mut m = Map::new();
    m.insert("source".into(), Value::from(source.as_str()));
    m.insert("structure_id".into(), Value::from(di_id(source, &structure_id)));
    m.insert("id".into(), Value::from(di_id(source, &s.id.v)));
    m.insert("nom".into(), Value::from(s.titre.as_str()));
    m.insert("description".into(), Value::from(desc));
    m.insert("lien_source".into(), Value::from(format!("{}{}", site.config.url, s.origin.path)));
    m.insert("date_maj".into(), s.date_maj.as_ref().map_or(Value::Null, |d| Value::from(d.v.to_string())));
    m.insert("type".into(), opt(&s.kind.map(|k| k.code().to_string())));
    m.insert("thematiques".into(), list(mapped(&s.thematiques, refs::thematiques(), &s.thematiques_di)));
    m.insert("frais".into(), opt(&s.frais.map(|f| f.code().to_string())));
    m.insert("frais_precisions".into(), opt(&s.frais_precisions));
    m.insert("publics".into(), list(publics));
    m.insert("publics_precisions".into(), opt(&s.publics_precisions));
    m.insert("conditions_acces".into(), opt(&s.conditions_acces));
    m.insert("modes_accueil".into(), list(s.modes_accueil.iter().map(|x| x.code().to_string()).collect()));
    m.insert("mobilisable_par".into(), list(s.mobilisable_par.iter().map(|x| x.code().to_string()).collect()));
    m.insert("modes_mobilisation".into(), list(s.modes_mobilisation.iter().map(|x| x.code().to_string()).collect()));
    m.insert("mobilisation_precisions".into(), opt(&s.mobilisation_precisions));
    m.insert("lien_mobilisation".into(), opt(&s.lien_mobilisation));
    m.insert("zone_eligibilite".into(), list(s.zone_eligibilite.iter().map(|z| z.v.clone()).collect()));
    m.insert("horaires_accueil".into(), opt(&s.horaires_accueil));
    m.insert("telephone".into(), phone(&s.telephone));
    m.insert("courriel".into(), opt(&s.courriel));
    m.insert("contact_nom_prenom".into(), Value::Null);
    m.insert("volume_horaire_hebdomadaire".into(), Value::Null);
    m.insert("nombre_semaines".into(), Value::Null);
    address(&mut m, service_lieu(&site.content, s));
    Value::Object(m)
}

/// The directory in data·inclusion shape, made service by service: each service is converted
/// once and kept only as its JSON text and CSV row. The values of every service at once would be
/// the largest allocation of a regional build; the per-commune slices reuse the same texts.
pub struct Directory {
    services: Vec<Row>,
    /// Per service, the data·inclusion id of its structure (or of its `porteur`).
    structure_of: Vec<Option<String>>,
    /// Structures by data·inclusion id: sorted as the export lists them.
    structures: BTreeMap<String, Row>,
}

struct Row {
    json: Vec<u8>,
    csv: Vec<u8>,
}

impl Row {
    fn new(v: &Value, columns: &[&str]) -> Self {
        Row { json: serde_json::to_vec(v).unwrap_or_default(), csv: csv_row(v, columns) }
    }
}

impl Directory {
    pub fn new(site: &Site) -> Self {
        let c = &site.content;
        let source = &site.config.source_id;
        let services: Vec<Row> = c.services.par_iter().map(|s| Row::new(&service(site, s), SERVICE_COLUMNS)).collect();
        // The date of a `porteur` is that of its most recent service.
        let mut porteurs: BTreeMap<&str, Option<chrono::NaiveDate>> = BTreeMap::new();
        for s in c.services.iter().filter(|s| s.structure.is_none()) {
            if let Some(p) = &s.porteur {
                let date = porteurs.entry(p).or_default();
                *date = (*date).max(s.date_maj.as_ref().map(|d| d.v));
            }
        }
        let mut structures = BTreeMap::new();
        let mut structure_of = Vec::with_capacity(c.services.len());
        for s in &c.services {
            let id = match (&s.structure, &s.porteur) {
                (Some(id), _) => c.structure(id).map(|st| {
                    let key = di_id(source, &st.id.v);
                    if !structures.contains_key(&key) {
                        structures.insert(key.clone(), Row::new(&structure(site, st), STRUCTURE_COLUMNS));
                    }
                    key
                }),
                (None, Some(p)) => {
                    let key = di_id(source, &porteur_id(p));
                    if !structures.contains_key(&key) {
                        let date = porteurs.get(p.as_str()).copied().flatten();
                        let v = json!({
                            "source": source,
                            "id": key,
                            "nom": p,
                            "date_maj": date.map(|d| d.to_string()),
                        });
                        structures.insert(key.clone(), Row::new(&v, STRUCTURE_COLUMNS));
                    }
                    Some(key)
                }
                (None, None) => None,
            };
            structure_of.push(id);
        }
        Directory { services, structure_of, structures }
    }

    /// `{"services": [...], "structures": [...]}` of the services at `picked` (positions in the
    /// model) and their structures: what `serde_json` writes for the same values.
    pub fn json(&self, picked: &[usize]) -> Vec<u8> {
        let ids: BTreeSet<&str> = picked.iter().filter_map(|&i| self.structure_of[i].as_deref()).collect();
        let mut out = b"{\"services\":[".to_vec();
        join(&mut out, picked.iter().map(|&i| &self.services[i].json));
        out.extend_from_slice(b"],\"structures\":[");
        join(&mut out, ids.iter().filter_map(|id| self.structures.get(*id)).map(|r| &r.json));
        out.extend_from_slice(b"]}");
        out
    }

    /// Every service, in the model's order.
    pub fn all(&self) -> Vec<usize> {
        (0..self.services.len()).collect()
    }

    pub fn services_csv(&self) -> Vec<u8> {
        table(SERVICE_COLUMNS, self.services.iter().map(|r| &r.csv))
    }

    pub fn structures_csv(&self) -> Vec<u8> {
        table(STRUCTURE_COLUMNS, self.structures.values().map(|r| &r.csv))
    }
}

fn join<'a>(out: &mut Vec<u8>, items: impl Iterator<Item = &'a Vec<u8>>) {
    for (n, item) in items.enumerate() {
        if n > 0 {
            out.push(b',');
        }
        out.extend_from_slice(item);
    }
}

fn table<'a>(columns: &[&str], rows: impl Iterator<Item = &'a Vec<u8>>) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(columns);
    let mut out = w.into_inner().unwrap_or_default();
    rows.for_each(|r| out.extend_from_slice(r));
    out
}

/// Columns of the CSV export, in the schema's order of importance.
pub const SERVICE_COLUMNS: &[&str] = &[
    "id",
    "source",
    "structure_id",
    "nom",
    "description",
    "lien_source",
    "date_maj",
    "type",
    "thematiques",
    "frais",
    "frais_precisions",
    "publics",
    "publics_precisions",
    "conditions_acces",
    "modes_accueil",
    "mobilisable_par",
    "modes_mobilisation",
    "mobilisation_precisions",
    "lien_mobilisation",
    "zone_eligibilite",
    "horaires_accueil",
    "telephone",
    "courriel",
    "adresse",
    "complement_adresse",
    "code_postal",
    "commune",
    "code_insee",
    "latitude",
    "longitude",
];

pub const STRUCTURE_COLUMNS: &[&str] = &[
    "id",
    "source",
    "nom",
    "date_maj",
    "description",
    "lien_source",
    "siret",
    "telephone",
    "courriel",
    "site_web",
    "horaires_accueil",
    "reseaux_porteurs",
    "adresse",
    "complement_adresse",
    "code_postal",
    "commune",
    "code_insee",
    "latitude",
    "longitude",
];

/// One CSV line of a value: lists joined with `|`, absent values empty.
fn csv_row(r: &Value, columns: &[&str]) -> Vec<u8> {
    let record: Vec<String> = columns
        .iter()
        .map(|c| match &r[*c] {
            Value::Null => String::new(),
            Value::String(s) => s.clone(),
            Value::Array(a) => {
                a.iter().map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string)).collect::<Vec<_>>().join("|")
            }
            other => other.to_string(),
        })
        .map(|cell| crate::spreadsheet::neutralise(&cell).into_owned())
        .collect();
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(&record);
    w.into_inner().unwrap_or_default()
}
