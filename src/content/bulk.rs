//! Bulk directory files: data·inclusion v1 JSON and CSV in `content/annuaire/`.
//!
//! Each row is turned into the same TOML a `.md` service would hold and read by the same
//! reader, so bulk data is validated exactly like hand-written entries, and every finding
//! names the file and the row's line.

use super::model::{Body, Origin, Service, Structure};
use super::reader::{Doc, Fields};
use super::service::{self, Source};
use crate::diag::{Diagnostic, Pos};
use crate::route::Route;
use serde_json::Value;
use std::collections::BTreeSet;

/// Services and structures read from one bulk file.
#[derive(Debug, Default)]
pub struct Bulk {
    pub services: Vec<Service>,
    pub structures: Vec<Structure>,
}

/// Columns that data·inclusion v0 used, with their v1 name.
const V0: &[(&str, &str)] = &[
    ("profils", "publics"),
    ("presentation_resume", "resume"),
    ("presentation_detail", "description"),
    ("prise_rdv", "lien_mobilisation"),
    ("formulaire_en_ligne", "lien_mobilisation"),
    ("page_web", "lien_mobilisation"),
    ("types", "type"),
    ("recurrence", "horaires_accueil"),
    ("horaires_ouverture", "horaires_accueil"),
    ("pre_requis", "conditions_acces"),
    ("justificatifs", "conditions_acces"),
    ("zone_diffusion_code", "zone_eligibilite"),
];

/// data·inclusion columns the portal reads but does not show.
const IGNORED: &[&str] = &[
    "source",
    "lien_source",
    "structure_id_source",
    "contact_nom_prenom",
    "volume_horaire_hebdomadaire",
    "nombre_semaines",
    "score_qualite",
    "zone_diffusion_type",
    "zone_diffusion_nom",
    "modes_orientation_accompagnateur",
    "modes_orientation_beneficiaire",
    "modes_orientation_accompagnateur_autres",
    "modes_orientation_beneficiaire_autres",
    "typologie",
    "labels_nationaux",
    "labels_autres",
    "antenne",
    "cumulable",
    "contact_public",
];

const SERVICE_FIELDS: &[&str] = &[
    "id",
    "nom",
    "titre",
    "structure_id",
    "structure",
    "porteur",
    "sigle",
    "alias",
    "dispositif",
    "description",
    "resume",
    "thematiques",
    "type",
    "publics",
    "publics_precisions",
    "conditions_acces",
    "frais",
    "frais_precisions",
    "modes_accueil",
    "mobilisable_par",
    "modes_mobilisation",
    "mobilisation_precisions",
    "lien_mobilisation",
    "zone_eligibilite",
    "horaires_accueil",
    "telephone",
    "courriel",
    "site_web",
    "accessibilite_lieu",
    "date_maj",
    "adresse",
    "complement_adresse",
    "code_postal",
    "commune",
    "code_insee",
    "latitude",
    "longitude",
];

const STRUCTURE_FIELDS: &[&str] = &[
    "id",
    "nom",
    "titre",
    "sigle",
    "siret",
    "reseaux_porteurs",
    "site_web",
    "telephone",
    "courriel",
    "horaires_accueil",
    "date_maj",
    "description",
    "adresse",
    "complement_adresse",
    "code_postal",
    "commune",
    "code_insee",
    "latitude",
    "longitude",
    "accessibilite_lieu",
];

const LIST_FIELDS: &[&str] = &[
    "alias",
    "thematiques",
    "publics",
    "modes_accueil",
    "mobilisable_par",
    "modes_mobilisation",
    "zone_eligibilite",
    "reseaux_porteurs",
];

const LIEU_FIELDS: &[&str] =
    &["adresse", "complement_adresse", "code_postal", "commune", "code_insee", "latitude", "longitude"];

/// One row: its line in the file and its fields.
struct Row {
    line: usize,
    fields: serde_json::Map<String, Value>,
}

/// An imported value that a spreadsheet would run once exported to CSV: a warning, the export
/// makes it inert.
fn formula(file: &str, line: usize, field: &str, value: &str) -> Diagnostic {
    Diagnostic::warning(
        "csv-formule",
        format!(
            "la colonne « {field} » commence par « {} » : un tableur la lirait comme une formule",
            value.chars().next().map_or(String::new(), |c| c.escape_default().to_string())
        ),
    )
    .file(file)
    .at(Pos::line(line))
    .field(field.to_string())
    .suggest(Some("vérifiez cette valeur ; portail la publie précédée d'une apostrophe, comme du texte".into()))
}

pub fn read_json(file: &str, text: &str, diags: &mut Vec<Diagnostic>) -> Bulk {
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let why = if text.trim().is_empty() {
                "le fichier est vide".to_string()
            } else {
                match e.classify() {
                    serde_json::error::Category::Eof => {
                        "le fichier s'arrête au milieu : un crochet ] ou une accolade } manque".into()
                    }
                    serde_json::error::Category::Syntax => {
                        "syntaxe incorrecte : une virgule, un guillemet ou un deux-points manque ou est en trop".into()
                    }
                    _ => "contenu illisible".into(),
                }
            };
            diags.push(
                Diagnostic::error("json-invalide", format!("JSON invalide : {why}"))
                    .file(file)
                    .at(Pos { line: e.line().max(1), column: Some(e.column().max(1)) })
                    .suggest(Some("ouvrez le fichier dans un validateur JSON, ou exportez-le de nouveau".into())),
            );
            return Bulk::default();
        }
    };
    let lines = object_lines(text);
    let rows = |key: Option<&str>, items: &[Value], diags: &mut Vec<Diagnostic>| -> Vec<Row> {
        let starts = lines.iter().filter(|(k, _)| k.as_deref() == key).map(|(_, l)| *l).collect::<Vec<_>>();
        items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| {
                let line = starts.get(i).copied().unwrap_or(1);
                match item {
                    Value::Object(fields) => {
                        for (key, v) in fields {
                            let texts: Vec<&str> = match v {
                                Value::String(s) => vec![s.as_str()],
                                Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                                _ => Vec::new(),
                            };
                            for t in texts.into_iter().filter(|t| crate::spreadsheet::is_formula(t)) {
                                diags.push(formula(file, line, key, t));
                            }
                        }
                        Some(Row { line, fields: fields.clone() })
                    }
                    _ => {
                        diags.push(
                            Diagnostic::error("json-invalide", format!("l'élément {} n'est pas un objet {{…}}", i + 1))
                                .file(file)
                                .at(Pos::line(line)),
                        );
                        None
                    }
                }
            })
            .collect()
    };
    match &value {
        Value::Array(items) => {
            let services = rows(None, items, diags);
            build(file, Vec::new(), services, diags)
        }
        Value::Object(o) => {
            let structures = o
                .get("structures")
                .and_then(Value::as_array)
                .map(|a| rows(Some("structures"), a, diags))
                .unwrap_or_default();
            let services = o
                .get("services")
                .and_then(Value::as_array)
                .map(|a| rows(Some("services"), a, diags))
                .unwrap_or_default();
            if !o.contains_key("services") && !o.contains_key("structures") {
                diags.push(
                    Diagnostic::error("json-invalide", "le fichier doit contenir une liste de services, ou un objet { \"structures\": […], \"services\": […] }")
                        .file(file)
                        .at(Pos::line(1)),
                );
            }
            build(file, structures, services, diags)
        }
        _ => {
            diags.push(
                Diagnostic::error("json-invalide", "le fichier doit contenir une liste de services")
                    .file(file)
                    .at(Pos::line(1)),
            );
            Bulk::default()
        }
    }
}

pub fn read_csv(file: &str, text: &str, diags: &mut Vec<Diagnostic>) -> Bulk {
    // Spreadsheets in French locales save with `;`.
    let header = text.lines().next().unwrap_or("");
    let delimiter = if header.matches(';').count() > header.matches(',').count() { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(false).from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.iter().map(|h| h.trim().to_string()).collect::<Vec<_>>(),
        Err(e) => {
            diags.push(
                Diagnostic::error("csv-invalide", format!("en-tête CSV illisible : {e}")).file(file).at(Pos::line(1)),
            );
            return Bulk::default();
        }
    };
    let mut rows = Vec::new();
    let mut lines = super::profile::CsvLines::new(text);
    for record in reader.records() {
        match record {
            Ok(r) => {
                let line = r.position().map_or(1, |p| lines.at(p.byte()));
                let mut fields = serde_json::Map::new();
                for (h, v) in headers.iter().zip(r.iter()) {
                    if crate::spreadsheet::is_formula(v) {
                        diags.push(formula(file, line, h, v));
                    }
                    let v = v.trim();
                    if v.is_empty() {
                        continue;
                    }
                    let value = if LIST_FIELDS.contains(&h.as_str())
                        || V0.iter().any(|(o, n)| o == h && LIST_FIELDS.contains(n))
                    {
                        Value::Array(
                            v.split('|').map(|s| Value::String(s.trim().to_string())).filter(|s| s != "").collect(),
                        )
                    } else {
                        Value::String(v.to_string())
                    };
                    fields.insert(h.clone(), value);
                }
                rows.push(Row { line, fields });
            }
            Err(e) => {
                let line = e.position().map_or(1, |p| lines.at(p.byte()));
                let msg = match e.kind() {
                    csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
                        format!("cette ligne a {len} colonnes au lieu de {expected_len}")
                    }
                    _ => format!("ligne CSV illisible : {e}"),
                };
                diags.push(
                    Diagnostic::error("csv-invalide", msg)
                        .file(file)
                        .at(Pos::line(line))
                        .suggest(Some("mettez entre guillemets les valeurs qui contiennent le séparateur".into())),
                );
            }
        }
    }
    build(file, Vec::new(), rows, diags)
}

/// Undoes what our own export does, so an export imported elsewhere gives the same directory:
/// ids lose their `<source>--` prefix, and the structures made up for a plain `porteur`
/// become that `porteur` again.
fn unexport(structures: &mut Vec<Row>, services: &mut [Row]) {
    fn strip(row: &mut Row, key: &str) {
        let source = row.fields.get("source").and_then(Value::as_str).map(str::to_string);
        if let (Some(source), Some(Value::String(id))) = (source, row.fields.get_mut(key))
            && let Some(local) = id.strip_prefix(&format!("{source}--"))
        {
            *id = local.to_string();
        }
    }
    for r in structures.iter_mut() {
        strip(r, "id");
    }
    let mut porteurs = std::collections::BTreeMap::new();
    structures.retain(|r| {
        let id = r.fields.get("id").and_then(Value::as_str).unwrap_or("");
        let name = r.fields.get("nom").and_then(Value::as_str);
        match name {
            Some(name) if id.starts_with("porteur-") && id == super::super::export::di::porteur_id(name) => {
                porteurs.insert(id.to_string(), name.to_string());
                false
            }
            _ => true,
        }
    });
    for r in services.iter_mut() {
        strip(r, "id");
        strip(r, "structure_id");
        let sid = r.fields.get("structure_id").and_then(Value::as_str).map(str::to_string);
        if let Some(name) = sid.and_then(|id| porteurs.get(&id)) {
            r.fields.remove("structure_id");
            r.fields.insert("porteur".into(), Value::String(name.clone()));
        }
    }
}

fn build(file: &str, mut structures: Vec<Row>, mut services: Vec<Row>, diags: &mut Vec<Diagnostic>) -> Bulk {
    unexport(&mut structures, &mut services);
    let mut v0_used = BTreeSet::new();
    let mut ignored = BTreeSet::new();
    let mut bulk = Bulk::default();
    for row in structures {
        let (toml, body) = to_toml(&row, STRUCTURE_FIELDS, &mut v0_used, &mut ignored, diags, file);
        let doc = Doc::row(file, &toml, row.line);
        if let Some(t) = doc.parse() {
            let f = Fields::root(&doc, &t);
            let id = row.fields.get("id").and_then(Value::as_str).unwrap_or("").to_string();
            let origin =
                Origin { file: file.into(), line: Some(row.line), path: Route::Structure(&id).path().into_owned() };
            if let Some(s) = service::read_structure(&f, origin, &id, body) {
                bulk.structures.push(s);
            }
            f.finish();
        }
        diags.extend(doc.into_diagnostics());
    }
    for row in services {
        let (toml, body) = to_toml(&row, SERVICE_FIELDS, &mut v0_used, &mut ignored, diags, file);
        let doc = Doc::row(file, &toml, row.line);
        if let Some(t) = doc.parse() {
            let f = Fields::root(&doc, &t);
            let id = row
                .fields
                .get("id")
                .and_then(|v| v.as_str().map(str::to_string).or_else(|| v.as_i64().map(|i| i.to_string())))
                .unwrap_or_default();
            if id.is_empty() {
                doc.report(
                    Diagnostic::error(
                        "champ-manquant",
                        "la colonne « id » est vide : chaque service a besoin d'un identifiant",
                    )
                    .at(Pos::line(row.line))
                    .field("id"),
                );
            } else {
                let origin =
                    Origin { file: file.into(), line: Some(row.line), path: Route::Service(&id).path().into_owned() };
                if let Some(s) = service::read_service(&f, origin, &id, body, Source::Bulk) {
                    bulk.services.push(s);
                }
            }
            f.finish();
        }
        diags.extend(doc.into_diagnostics());
    }
    if !v0_used.is_empty() {
        diags.push(
            Diagnostic::warning(
                "colonnes-v0",
                format!(
                    "colonnes de l'ancien schéma data·inclusion v0 : {}",
                    v0_used.into_iter().collect::<Vec<_>>().join(", ")
                ),
            )
            .file(file)
            .at(Pos::line(1))
            .suggest(Some(
                "renommez-les selon data·inclusion v1 (profils → publics, presentation_resume → resume…)".into(),
            )),
        );
    }
    if !ignored.is_empty() {
        diags.push(
            Diagnostic::warning(
                "colonnes-ignorees",
                format!(
                    "colonnes non reprises sur le portail : {}",
                    ignored.into_iter().collect::<Vec<_>>().join(", ")
                ),
            )
            .file(file)
            .at(Pos::line(1)),
        );
    }
    bulk
}

/// Turns a row into front-matter TOML and a Markdown body.
fn to_toml(
    row: &Row,
    allowed: &[&str],
    v0_used: &mut BTreeSet<String>,
    ignored: &mut BTreeSet<String>,
    diags: &mut Vec<Diagnostic>,
    file: &str,
) -> (String, Body) {
    let mut top = toml::Table::new();
    let mut lieu = toml::Table::new();
    let mut body = String::new();
    for (key, value) in &row.fields {
        let name = match V0.iter().find(|(old, _)| old == key) {
            Some((old, new)) => {
                v0_used.insert((*old).to_string());
                *new
            }
            None => key.as_str(),
        };
        if value.is_null() || IGNORED.contains(&name) {
            if !value.is_null() && !IGNORED[..2].contains(&name) {
                ignored.insert(name.to_string());
            }
            continue;
        }
        if !allowed.contains(&name) {
            let near = crate::diag::nearest(name, allowed.iter().copied());
            diags.push(
                Diagnostic::error("champ-inconnu", format!("colonne inconnue « {name} »"))
                    .file(file)
                    .at(Pos::line(row.line))
                    .field(name.to_string())
                    .suggest(near.map(|n| format!("vouliez-vous dire « {n} » ?"))),
            );
            continue;
        }
        let target = match name {
            "nom" => "titre",
            "structure_id" => "structure",
            other => other,
        };
        if name == "description" {
            match value {
                Value::String(text) => body = text.clone(),
                Value::Null => {}
                other => diags.push(
                    Diagnostic::error(
                        "type-incorrect",
                        format!("« description » doit être du texte, pas {}", kind_of(other)),
                    )
                    .file(file)
                    .at(Pos::line(row.line))
                    .field("description")
                    .suggest(Some("mettez la description entre guillemets".into())),
                ),
            }
            continue;
        }
        let Some(mut v) = json_to_toml(target, value) else {
            continue;
        };
        if target == "type" || target == "frais" {
            // v0 held lists where v1 holds one value.
            if let toml::Value::Array(a) = &v
                && let Some(first) = a.first()
            {
                v = first.clone();
            }
        }
        if LIEU_FIELDS.contains(&target) {
            lieu.insert(target.to_string(), v);
        } else if target == "conditions_acces" && top.contains_key(target) {
            if let (Some(toml::Value::String(a)), toml::Value::String(b)) = (top.get(target), &v) {
                let joined = format!("{a}\n{b}");
                top.insert(target.to_string(), toml::Value::String(joined));
            }
        } else {
            top.insert(target.to_string(), v);
        }
    }
    if !lieu.is_empty() {
        top.insert("lieu".into(), toml::Value::Table(lieu));
    }
    let text = toml::to_string(&top).unwrap_or_default();
    (text, Body { text: body, first_line: row.line })
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Bool(_) => "un booléen",
        Value::Number(_) => "un nombre",
        Value::Array(_) => "une liste",
        Value::Object(_) => "un objet",
        _ => "du texte",
    }
}

fn json_to_toml(key: &str, v: &Value) -> Option<toml::Value> {
    Some(match v {
        Value::Null => return None,
        Value::Bool(b) => toml::Value::Boolean(*b),
        Value::Number(n) if key == "latitude" || key == "longitude" => toml::Value::Float(n.as_f64()?),
        Value::Number(n) => match n.as_i64() {
            Some(i) if matches!(key, "id" | "code_postal" | "code_insee" | "siret" | "telephone") => {
                toml::Value::String(i.to_string())
            }
            Some(i) => toml::Value::Integer(i),
            None => toml::Value::Float(n.as_f64()?),
        },
        Value::String(s) if key == "latitude" || key == "longitude" => match s.replace(',', ".").parse::<f64>() {
            Ok(f) => toml::Value::Float(f),
            Err(_) => toml::Value::String(s.clone()),
        },
        Value::String(s) if key == "date_maj" => {
            // data·inclusion writes dates, sometimes datetimes: keep the day.
            let day = match s.get(10..) {
                Some(rest)
                    if rest.starts_with('T')
                        || rest.starts_with(' ') && rest[1..].starts_with(|c: char| c.is_ascii_digit()) =>
                {
                    &s[..10]
                }
                _ => s.as_str(),
            };
            day.parse::<toml::value::Datetime>()
                .map(toml::Value::Datetime)
                .unwrap_or_else(|_| toml::Value::String(s.clone()))
        }
        Value::String(s) if LIST_FIELDS.contains(&key) => toml::Value::Array(vec![toml::Value::String(s.clone())]),
        Value::String(s) => toml::Value::String(s.clone()),
        Value::Array(a) => toml::Value::Array(a.iter().filter_map(|x| json_to_toml("", x)).collect()),
        // An object stays a table: the reader then says it is the wrong type.
        Value::Object(o) => {
            toml::Value::Table(o.iter().filter_map(|(k, x)| Some((k.clone(), json_to_toml(k, x)?))).collect())
        }
    })
}

/// Line of each object in the top-level array, or in the arrays under a top-level key.
/// serde_json keeps no positions; this small scanner finds them so rows can be named.
fn object_lines(text: &str) -> Vec<(Option<String>, usize)> {
    let mut out = Vec::new();
    let (mut depth, mut line) = (0usize, 1usize);
    let (mut in_str, mut escape) = (false, false);
    let mut root_is_array = false;
    let mut current_key: Option<String> = None;
    let mut last_str = String::new();
    let mut str_buf = String::new();
    for c in text.chars() {
        if c == '\n' {
            line += 1;
        }
        if in_str {
            if escape {
                escape = false;
            } else if c == '\\' {
                escape = true;
            } else if c == '"' {
                in_str = false;
                last_str = std::mem::take(&mut str_buf);
            } else {
                str_buf.push(c);
            }
            continue;
        }
        match c {
            '"' => in_str = true,
            ':' if depth == 1 && !root_is_array => current_key = Some(last_str.clone()),
            '[' | '{' => {
                if depth == 0 && c == '[' {
                    root_is_array = true;
                }
                if c == '{' && ((root_is_array && depth == 1) || (!root_is_array && depth == 2)) {
                    out.push((if root_is_array { None } else { current_key.clone() }, line));
                }
                depth += 1;
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_lines_follow_arrays_and_keys() {
        let text = "{\n \"structures\": [\n  {\"id\": \"s\"}\n ],\n \"services\": [\n  {\"id\": \"a\"},\n  {\"id\": \"b\"}\n ]\n}";
        let lines = object_lines(text);
        assert_eq!(
            lines,
            vec![(Some("structures".into()), 3), (Some("services".into()), 6), (Some("services".into()), 7)]
        );
        assert_eq!(object_lines("[\n{},\n{}\n]"), vec![(None, 2), (None, 3)]);
    }

    #[test]
    fn csv_rows_are_validated_with_their_line() {
        let csv = "id;nom;structure_id;date_maj;thematiques;frais\nx;Service X;s;2026-01-10;sante--sante-mentale|acces-aux-soins;gratuit\ny;Service Y;s;2026-01-10;sante-mentale;gratos\n";
        let mut d = Vec::new();
        let b = read_csv("content/annuaire/a.csv", csv, &mut d);
        assert_eq!(b.services.len(), 2, "{d:?}");
        assert_eq!(b.services[0].thematiques, ["sante-mentale", "acces-aux-soins"]);
        assert_eq!(b.services[0].thematiques_di, ["sante--sante-mentale"]);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].line, Some(3));
        assert_eq!(d[0].rule, "code-inconnu");
        assert_eq!(d[0].file, "content/annuaire/a.csv");
    }

    #[test]
    fn json_services_accept_v0_columns_with_a_warning() {
        let json = r#"[{"id": "z", "nom": "Z", "structure_id": "s", "date_maj": "2026-01-10T10:00:00", "profils": ["seniors"], "presentation_resume": "Court.", "source": "dora"}]"#;
        let mut d = Vec::new();
        let b = read_json("content/annuaire/a.json", json, &mut d);
        assert_eq!(b.services.len(), 1, "{d:?}");
        assert_eq!(b.services[0].publics, ["seniors"]);
        assert_eq!(b.services[0].resume.as_deref(), Some("Court."));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].rule, "colonnes-v0");
    }
}
