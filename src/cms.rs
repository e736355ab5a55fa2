//! `portail cms`: a Decap CMS (and Sveltia CMS) configuration, so coordinators can edit the
//! portal in a browser and commit through their forge.
//!
//! The collections describe the same fields the validator reads; a test checks that the two
//! never drift apart.

use crate::config::Config;
use crate::referentiels::{self as refs, List, di};
use serde_json::{Value, json};

/// The kind of input a field gets.
#[derive(Debug, Clone)]
pub enum Widget {
    Text,
    LongText,
    Date,
    DateTime,
    Number,
    Boolean,
    Strings,
    Select(Vec<(String, String)>),
    MultiSelect(Vec<(String, String)>),
    Relation(&'static str),
    Object(Vec<Field>),
    Objects(Vec<Field>),
}

#[derive(Debug, Clone)]
pub struct Field {
    pub name: &'static str,
    pub label: &'static str,
    pub widget: Widget,
    pub required: bool,
}

fn f(name: &'static str, label: &'static str, widget: Widget) -> Field {
    Field { name, label, widget, required: false }
}

fn req(name: &'static str, label: &'static str, widget: Widget) -> Field {
    Field { name, label, widget, required: true }
}

fn options(list: List) -> Vec<(String, String)> {
    list.codes.iter().map(|c| (c.code.clone(), c.libelle.clone())).collect()
}

fn plain(codes: &[&str]) -> Vec<(String, String)> {
    codes.iter().map(|c| (c.to_string(), c.to_string())).collect()
}

fn communes(cfg: &Config) -> Vec<(String, String)> {
    cfg.communes.iter().map(|c| (c.code.clone(), c.nom.clone())).collect()
}

/// Fields of a fiche-action.
pub fn action_fields(cfg: &Config) -> Vec<Field> {
    use Widget::*;
    let axes: Vec<(String, String)> =
        cfg.axes.iter().map(|a| (a.id.clone(), format!("{} — {}", a.numero, a.titre))).collect();
    let objectifs: Vec<(String, String)> = cfg
        .axes
        .iter()
        .flat_map(|a| a.objectifs.iter().map(|o| (o.id.clone(), format!("{} — {}", o.numero, o.titre))))
        .collect();
    vec![
        req("titre", "Titre", Text),
        req("numero", "Numéro (axe.objectif.action)", Text),
        req("axe", "Axe", Select(axes)),
        req("objectif", "Objectif", Select(objectifs)),
        req("statut", "Statut", Select(options(refs::statuts()))),
        f("resume", "Résumé pour les habitants (300 caractères au plus)", LongText),
        f("date_maj", "Date de mise à jour", Date),
        f("debut", "Début", Date),
        f("fin", "Fin", Date),
        f("pilotes", "Pilotes", Strings),
        f("copilotes", "Copilotes", Strings),
        f("communes", "Communes (vide : tout le territoire)", MultiSelect(communes(cfg))),
        f("territoire_precisions", "Précisions sur le territoire", Text),
        f("publics", "Publics", MultiSelect(options(refs::publics()))),
        f("publics_precisions", "Précisions sur les publics", Text),
        f("types_action", "Types d'action", MultiSelect(options(refs::types_action()))),
        f("thematiques", "Thèmes", MultiSelect(options(refs::thematiques()))),
        f("determinants", "Déterminants de santé", MultiSelect(options(refs::determinants()))),
        f("interventions", "Types d'intervention", MultiSelect(options(refs::interventions()))),
        f("participation", "Participation des habitants", MultiSelect(options(refs::participation()))),
        f("donnees_ists", "Données sur les inégalités de santé", Select(plain(di::DONNEES_ISTS))),
        f("contrat_de_ville", "Inscrite au contrat de ville", Boolean),
        f("ressources", "Services de l'annuaire", Relation("annuaire")),
        // The findings are in content/diagnostic/constats.toml, which the CMS does not edit.
        f("constats", "Constats du diagnostic auxquels l'action répond (identifiants)", Strings),
        f(
            "partenaires",
            "Partenaires",
            Objects(vec![
                req("nom", "Nom", Text),
                f("secteur", "Secteur", Select(options(refs::secteurs()))),
                f("role", "Rôle", Text),
            ]),
        ),
        f(
            "indicateurs",
            "Indicateurs",
            Objects(vec![
                f("type", "Type", Select(plain(refs::IndicatorKind::CODES))),
                req("libelle", "Libellé", Text),
                f("cible", "Cible", Number),
                f("unite", "Unité", Text),
                f("source", "Source", Text),
                f("indicateur_diagnostic", "Indicateur du diagnostic qui sert de point de départ (identifiant)", Text),
                f("reference", "Valeur de référence", Number),
                f("date_reference", "Date de la valeur de référence", Date),
                f(
                    "mesures",
                    "Mesures",
                    Objects(vec![
                        req("date", "Date", Date),
                        f("valeur", "Valeur (un nombre)", Number),
                        f("constat", "Ou constat (une phrase)", Text),
                        f("commentaire", "Commentaire", Text),
                    ]),
                ),
            ]),
        ),
        f(
            "etapes",
            "Étapes (calendrier détaillé)",
            Objects(vec![
                req("titre", "Titre", Text),
                f("debut", "Début", Date),
                f("fin", "Fin", Date),
                f("statut", "Statut", Select(options(refs::statuts()))),
            ]),
        ),
        f(
            "bilans",
            "Bilans (du plus ancien au plus récent)",
            Objects(vec![
                req("date", "Date", Date),
                req("statut", "Statut de l'action à cette date", Select(options(refs::statuts()))),
                req("texte", "Ce que le bilan constate", LongText),
                f("suite", "La suite", Text),
            ]),
        ),
        f(
            "evenements",
            "Rendez-vous",
            Objects(vec![
                req("titre", "Titre", Text),
                req("debut", "Début", DateTime),
                f("fin", "Fin", DateTime),
                f("lieu", "Lieu", Text),
                f("commune", "Commune", Select(communes(cfg))),
                f("description", "Description", LongText),
                f("lien", "Lien", Text),
            ]),
        ),
        f(
            "financement",
            "Financement",
            Object(vec![
                f("montant", "Montant (€)", Number),
                f("financeurs", "Financeurs", Strings),
                f("precisions", "Précisions", Text),
            ]),
        ),
    ]
}

/// Fields of a directory service.
pub fn service_fields(cfg: &Config) -> Vec<Field> {
    use Widget::*;
    vec![
        req("titre", "Nom du service", Text),
        f("id", "Identifiant (par défaut : le nom du fichier)", Text),
        f("sigle", "Sigle", Text),
        f("alias", "Autres noms (pour la recherche)", Strings),
        f("dispositif", "Dispositif", Select(options(refs::dispositifs()))),
        f("structure", "Structure", Relation("structures")),
        f("porteur", "Porteur (si pas de structure)", Text),
        f("thematiques", "Thèmes", MultiSelect(options(refs::thematiques()))),
        f("type", "Type de service", Select(plain(refs::TypeService::CODES))),
        f("publics", "Publics", MultiSelect(options(refs::publics()))),
        f("publics_precisions", "Précisions sur les publics", Text),
        f("conditions_acces", "Conditions d'accès", LongText),
        f("frais", "Frais", Select(plain(refs::Frais::CODES))),
        f("frais_precisions", "Précisions sur les frais", Text),
        f("modes_accueil", "Modes d'accueil", MultiSelect(plain(refs::ModeAccueil::CODES))),
        f("mobilisable_par", "Qui peut faire la demande", MultiSelect(plain(refs::MobilisablePar::CODES))),
        f("modes_mobilisation", "Comment faire la demande", MultiSelect(plain(refs::ModeMobilisation::CODES))),
        f("mobilisation_precisions", "Précisions sur la demande", Text),
        f("lien_mobilisation", "Lien pour faire la demande", Text),
        f("zone_eligibilite", "Zone (codes commune, département, SIREN ou france)", Strings),
        f("horaires_accueil", "Horaires (syntaxe OpenStreetMap, ex. Mo-Fr 09:00-12:00; PH off)", Text),
        f("telephone", "Téléphone", Text),
        f("courriel", "Courriel", Text),
        f("site_web", "Site web", Text),
        f("accessibilite_lieu", "Page Acceslibre du lieu", Text),
        req("date_maj", "Informations vérifiées le", Date),
        f("verification_mois", "Vérifier tous les … mois", Number),
        f("resume", "Résumé (une phrase simple)", LongText),
        f(
            "lieu",
            "Lieu d'accueil",
            Object(vec![
                f("adresse", "Adresse", Text),
                f("complement_adresse", "Complément", Text),
                f("code_postal", "Code postal", Text),
                f("commune", "Commune", Text),
                f("code_insee", "Code Insee", Select(communes(cfg))),
                f("latitude", "Latitude", Number),
                f("longitude", "Longitude", Number),
            ]),
        ),
    ]
}

/// Fields of a news item and of another page.
pub fn page_fields(news: bool) -> Vec<Field> {
    use Widget::*;
    let mut v = vec![req("titre", "Titre", Text)];
    v.push(if news { req("date", "Date de publication", Date) } else { f("date", "Date", Date) });
    v.extend([f("resume", "Résumé", LongText), f("poids", "Ordre", Number), f("date_maj", "Mise à jour", Date)]);
    v
}

fn widget_json(field: &Field) -> Value {
    let mut v = json!({ "name": field.name, "label": field.label, "required": field.required });
    let m = v.as_object_mut().expect("objet");
    // Ids become addresses: the form refuses what the validator would.
    if field.name == "id" {
        m.insert("pattern".into(), json!(["^[A-Za-z0-9._-]+$", "lettres sans accent, chiffres, point, tiret"]));
    }
    let opts = |o: &[(String, String)]| o.iter().map(|(c, l)| json!({ "value": c, "label": l })).collect::<Vec<_>>();
    match &field.widget {
        Widget::Text => {
            m.insert("widget".into(), "string".into());
        }
        Widget::LongText => {
            m.insert("widget".into(), "text".into());
        }
        Widget::Date => {
            m.extend([
                ("widget".into(), "datetime".into()),
                ("time_format".into(), false.into()),
                ("format".into(), "YYYY-MM-DD".into()),
            ]);
        }
        Widget::DateTime => {
            m.extend([("widget".into(), "datetime".into()), ("format".into(), "YYYY-MM-DDTHH:mm:ssZ".into())]);
        }
        Widget::Number => {
            m.extend([("widget".into(), "number".into()), ("value_type".into(), "float".into())]);
        }
        Widget::Boolean => {
            m.insert("widget".into(), "boolean".into());
        }
        Widget::Strings => {
            m.insert("widget".into(), "list".into());
        }
        Widget::Select(o) => {
            m.extend([("widget".into(), "select".into()), ("options".into(), opts(o).into())]);
        }
        Widget::MultiSelect(o) => {
            m.extend([
                ("widget".into(), "select".into()),
                ("multiple".into(), true.into()),
                ("options".into(), opts(o).into()),
            ]);
        }
        Widget::Relation(c) => {
            m.extend([
                ("widget".into(), "relation".into()),
                ("collection".into(), (*c).into()),
                ("search_fields".into(), json!(["titre"])),
                ("value_field".into(), "{{slug}}".into()),
                ("display_fields".into(), json!(["titre"])),
                ("multiple".into(), (field.name == "ressources").into()),
            ]);
        }
        Widget::Object(fields) => {
            m.extend([
                ("widget".into(), "object".into()),
                ("fields".into(), fields.iter().map(widget_json).collect::<Vec<_>>().into()),
            ]);
        }
        Widget::Objects(fields) => {
            m.extend([
                ("widget".into(), "list".into()),
                ("fields".into(), fields.iter().map(widget_json).collect::<Vec<_>>().into()),
            ]);
        }
    }
    v
}

fn collection(name: &str, label: &str, folder: &str, slug: &str, fields: &[Field], body: &str) -> Value {
    let mut fields: Vec<Value> = fields.iter().map(widget_json).collect();
    fields.push(json!({ "name": "body", "label": body, "widget": "markdown", "required": false }));
    json!({
        "name": name,
        "label": label,
        "folder": folder,
        "create": true,
        "extension": "md",
        "format": "toml-frontmatter",
        "frontmatter_delimiter": "+++",
        "slug": slug,
        "identifier_field": "titre",
        "summary": "{{titre}}",
        "fields": fields,
    })
}

/// The Decap CMS configuration. YAML is a superset of JSON, so it is written as JSON: nothing
/// to hand-write, nothing to escape.
pub fn config(cfg: &Config, backend: &str, repo: &str, branch: &str) -> String {
    let structure = vec![req("titre", "Nom", Widget::Text), f("date_maj", "Mise à jour", Widget::Date)];
    let v = json!({
        "backend": { "name": backend, "repo": repo, "branch": branch },
        "locale": "fr",
        "media_folder": "static/images",
        "public_folder": "/images",
        "site_url": cfg.url,
        "collections": [
            collection("actions", "Fiches-actions", "content/actions", "{{fields.numero}}-{{slug}}", &action_fields(cfg), "Texte de la fiche"),
            collection("annuaire", "Annuaire", "content/annuaire", "{{slug}}", &service_fields(cfg), "Présentation"),
            collection("structures", "Structures", "content/structures", "{{slug}}", &structure, "Présentation"),
            collection("actualites", "Actualités", "content/actualites", "{{year}}-{{month}}-{{day}}-{{slug}}", &page_fields(true), "Texte"),
            collection("pages", "Pages", "content/pages", "{{slug}}", &page_fields(false), "Texte"),
        ],
    });
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}

pub const INDEX_HTML: &str = include_str!("cms_index.html");

/// Writes `static/admin/config.yml` and `static/admin/index.html`; published at `/admin/`.
pub fn write(
    root: &std::path::Path,
    cfg: &Config,
    backend: &str,
    repo: &str,
    branch: &str,
) -> Result<Vec<std::path::PathBuf>, String> {
    let dir = root.join("static/admin");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{} : {e}", dir.display()))?;
    let config = dir.join("config.yml");
    let index = dir.join("index.html");
    std::fs::write(&config, config_text(cfg, backend, repo, branch))
        .map_err(|e| format!("{} : {e}", config.display()))?;
    std::fs::write(&index, INDEX_HTML).map_err(|e| format!("{} : {e}", index.display()))?;
    Ok(vec![config, index])
}

fn config_text(cfg: &Config, backend: &str, repo: &str, branch: &str) -> String {
    format!(
        "# Généré par « portail cms » : relancez la commande après avoir changé site.toml.\n{}",
        config(cfg, backend, repo, branch)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::model::{Body, Origin};
    use crate::content::reader::{Doc, Fields};
    use crate::diag::Diagnostic;

    fn config() -> Config {
        let mut d = Vec::new();
        crate::config::parse(include_str!("../tests/fixtures/minimal/site.toml"), &mut d).unwrap()
    }

    /// A valid value for each field, so the real reader can be run on the CMS's fields.
    fn sample(field: &Field) -> toml::Value {
        use toml::Value as T;
        let date = |s: &str| T::Datetime(s.parse().unwrap());
        match field.name {
            "numero" => return T::String("1.1.1".into()),
            "id" => return T::String("service-exemple".into()),
            "lien" | "lien_mobilisation" | "site_web" | "accessibilite_lieu" => {
                return T::String("https://example.org/".into());
            }
            "courriel" => return T::String("a@example.org".into()),
            "telephone" => return T::String("01 99 00 00 00".into()),
            "horaires_accueil" => return T::String("Mo-Fr 09:00-12:00".into()),
            "code_postal" => return T::String("24000".into()),
            "zone_eligibilite" => return T::Array(vec![T::String("24".into())]),
            "latitude" => return T::Float(45.18),
            "longitude" => return T::Float(0.72),
            "poids" | "verification_mois" => return T::Integer(3),
            _ => {}
        }
        match &field.widget {
            Widget::Text | Widget::LongText => T::String("Un texte d'exemple.".into()),
            Widget::Date => date("2026-01-01"),
            Widget::DateTime => date("2026-05-12T14:00:00+02:00"),
            Widget::Number => T::Float(2.0),
            Widget::Boolean => T::Boolean(true),
            Widget::Strings | Widget::Relation(_) => T::Array(vec![T::String("exemple".into())]),
            Widget::Select(o) => T::String(o[0].0.clone()),
            Widget::MultiSelect(o) => T::Array(vec![T::String(o[0].0.clone())]),
            Widget::Object(fields) => T::Table(table(fields, None)),
            Widget::Objects(fields) => T::Array(vec![T::Table(table(fields, None))]),
        }
    }

    fn table(fields: &[Field], without: Option<&str>) -> toml::Table {
        fields
            .iter()
            // A measure is a number or a finding, never both.
            .filter(|f| Some(f.name) != without && f.name != "constat")
            .map(|f| {
                let v = match (f.name, &f.widget) {
                    ("structure", Widget::Relation(_)) => toml::Value::String("exemple".into()),
                    _ => sample(f),
                };
                (f.name.to_string(), v)
            })
            .collect()
    }

    type Reader = fn(&Fields) -> bool;

    fn read_with(fields: &[Field], without: Option<&str>, reader: Reader) -> (Vec<Diagnostic>, Vec<&'static str>) {
        let text = toml::to_string(&table(fields, without)).unwrap();
        let doc = Doc::new("x.md", &text, 2);
        let t = doc.parse().unwrap();
        let f = Fields::root(&doc, &t);
        reader(&f);
        let asked = f.asked();
        f.finish();
        (doc.into_diagnostics(), asked)
    }

    fn origin() -> Origin {
        Origin { file: "x.md".into(), line: None, path: String::new() }
    }

    fn check(fields: &[Field], reader: Reader) {
        let (diags, asked) = read_with(fields, None, reader);
        assert!(diags.is_empty(), "toutes les valeurs du formulaire sont acceptées : {diags:?}");
        let mut names: Vec<&str> = fields.iter().map(|f| f.name).collect();
        names.sort_unstable();
        assert_eq!(names, asked, "le formulaire a exactement les champs que lit le validateur");
        for field in fields {
            let (diags, _) = read_with(fields, Some(field.name), reader);
            let missing = diags.iter().any(|d| d.rule == "champ-manquant" && d.field.as_deref() == Some(field.name));
            assert_eq!(
                missing, field.required,
                "« {} » : obligatoire dans le formulaire = obligatoire pour le validateur",
                field.name
            );
        }
    }

    #[test]
    fn action_form_matches_the_validator() {
        check(&action_fields(&config()), |f| crate::content::action::read(f, origin(), Body::default()).is_some());
    }

    #[test]
    fn service_form_matches_the_validator() {
        check(&service_fields(&config()), |f| {
            crate::content::service::read_service(
                f,
                origin(),
                "id",
                Body::default(),
                crate::content::service::Source::Markdown,
            )
            .is_some()
        });
    }

    #[test]
    fn news_and_page_forms_match_the_validator() {
        use crate::content::PageKind;
        check(&page_fields(true), |f| {
            crate::content::page::read_page(f, PageKind::News, origin(), Body::default()).is_some()
        });
        check(&page_fields(false), |f| {
            crate::content::page::read_page(f, PageKind::Page, origin(), Body::default()).is_some()
        });
    }

    #[test]
    fn the_config_is_yaml_with_code_lists_as_options() {
        let text = config_text(&config(), "gitlab", "cls/portail", "main");
        let v: Value = serde_json::from_str(text.split_once('\n').unwrap().1).unwrap();
        let actions = &v["collections"][0];
        assert_eq!(actions["format"], "toml-frontmatter");
        assert_eq!(actions["frontmatter_delimiter"], "+++");
        let statut = actions["fields"].as_array().unwrap().iter().find(|f| f["name"] == "statut").unwrap();
        assert_eq!(statut["required"], true);
        assert_eq!(statut["options"].as_array().unwrap().len(), refs::statuts().codes.len());
    }
}
