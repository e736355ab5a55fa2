//! `site.toml`: the portal's configuration and its programme (axes and objectives).

use crate::content::check;
use crate::content::reader::{At, Doc, Fields};
use crate::diag::{Diagnostic, Pos, nearest};
use chrono::NaiveDate;
use std::collections::BTreeSet;

#[derive(Debug, Clone)]
pub struct Config {
    pub titre: String,
    pub territoire: String,
    /// Base URL, always ending with `/`.
    pub url: String,
    pub source_id: String,
    pub periode: Option<(NaiveDate, NaiveDate)>,
    pub theme: String,
    pub description: Option<String>,
    /// SIREN of the EPCI that carries the contract, if any: it contains every commune.
    pub siren: Option<String>,
    pub coordination: Option<Coordination>,
    pub communes: Vec<Commune>,
    pub axes: Vec<Axe>,
    pub signataires: Vec<Signataire>,
    pub accessibilite: Option<Accessibilite>,
    /// Months after which a directory entry's `date_maj` is stale (`[annuaire] verification_mois`).
    pub verification_mois: i64,
    /// Months an action in progress may go without an assessment before `check` warns
    /// (`[suivi] bilan_mois`, 12 by default).
    pub bilan_mois: u32,
    /// Raw HTML allowed in Markdown (`html_brut = true`); scripts, event handlers and iframes
    /// from elsewhere stay refused.
    pub html_brut: bool,
    /// Thresholds of the easy-to-read lint (`[falc]`).
    pub falc: crate::falc_settings::Settings,
}

#[derive(Debug, Clone, Default)]
pub struct Coordination {
    pub nom: Option<String>,
    pub courriel: Option<String>,
    pub telephone: Option<String>,
    pub adresse: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Commune {
    pub code: String,
    pub nom: String,
    /// Postcodes a resident may type to find the commune.
    pub codes_postaux: Vec<String>,
    /// The commune's centre, for distances and maps.
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

#[derive(Debug, Clone)]
pub struct Axe {
    pub id: String,
    pub numero: i64,
    pub titre: String,
    pub resume: Option<String>,
    pub objectifs: Vec<Objectif>,
}

#[derive(Debug, Clone)]
pub struct Objectif {
    pub id: String,
    pub numero: String,
    pub titre: String,
}

#[derive(Debug, Clone)]
pub struct Signataire {
    pub nom: String,
    pub sigle: Option<String>,
    pub site_web: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Accessibilite {
    pub etat: String,
    pub date: Option<NaiveDate>,
    pub contact: Option<String>,
    pub taux: Option<f64>,
    pub non_conformites: Vec<String>,
    pub derogations: Vec<String>,
    pub hors_champ: Vec<String>,
}

impl Config {
    pub fn commune(&self, code: &str) -> Option<&Commune> {
        self.communes.iter().find(|c| c.code == code)
    }

    pub fn axe(&self, id: &str) -> Option<&Axe> {
        self.axes.iter().find(|a| a.id == id)
    }

    /// The path part of the base URL (`/` or `/cls/`).
    pub fn base_path(&self) -> &str {
        let after_scheme = self.url.split_once("://").map_or(self.url.as_str(), |(_, r)| r);
        after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
    }

    /// Replaces the base URL (for preview deploys).
    pub fn with_base_url(mut self, url: &str) -> Result<Self, String> {
        if let Some(why) = check::url_problem(url, true) {
            return Err(format!("--base-url « {url} » : {why}"));
        }
        self.url = normalize_base(url);
        Ok(self)
    }
}

fn normalize_base(url: &str) -> String {
    let mut u = url.trim().to_string();
    if !u.ends_with('/') {
        u.push('/');
    }
    u
}

/// Reads `site.toml`. Returns `None` when a required part is missing; every problem is in `diags`.
pub fn parse(text: &str, diags: &mut Vec<Diagnostic>) -> Option<Config> {
    let doc = Doc::new("site.toml", text, 1);
    let config = doc.parse().and_then(|table| {
        let f = Fields::root(&doc, &table);
        let c = read(&f);
        f.finish();
        c
    });
    diags.extend(doc.into_diagnostics());
    config
}

fn read(f: &Fields) -> Option<Config> {
    let titre = f.req_str("titre", "le nom du contrat, affiché en haut de chaque page");
    let territoire = f.req_str("territoire", "le territoire couvert");
    let url = f.req_str("url", "l'adresse publique du site, par exemple https://sante.example.fr/");
    let url = url.and_then(|u| match check::url_problem(&u, true) {
        None => Some(normalize_base(&u)),
        Some(why) => {
            f.doc().report(f.error("url", u.pos, "url-invalide", format!("« {} » : {why}", u.v)));
            None
        }
    });
    let source_id = f.str("source_id");
    // Checked before anything else is read (crate::version): here it is only a known key.
    let _ = f.str("portail");
    let periode = f.table("periode").and_then(|p| {
        let debut = p.date("debut");
        let fin = p.date("fin");
        p.finish();
        match (debut, fin) {
            (Some(d), Some(e)) if e.v < d.v => {
                f.doc().report(f.error(
                    "periode.fin",
                    e.pos,
                    "dates-inversees",
                    "la fin de la période précède son début",
                ));
                None
            }
            (Some(d), Some(e)) => Some((d.v, e.v)),
            _ => None,
        }
    });
    let theme = f.str("theme").map(|t| t.v).unwrap_or_else(|| "defaut".into());
    let description = f.str("description").map(|d| d.v);
    let siren = f.str("siren").and_then(|s| {
        if s.len() == 9 && s.chars().all(|c| c.is_ascii_digit()) {
            Some(s.v)
        } else {
            f.doc().report(f.error("siren", s.pos, "siren-invalide", "un SIREN a 9 chiffres"));
            None
        }
    });
    let coordination = f.table("coordination").map(|c| {
        let out = Coordination {
            nom: c.str("nom").map(|v| v.v),
            courriel: check::email(&c, "courriel"),
            telephone: check::phone(&c, "telephone"),
            adresse: c.str("adresse").map(|v| v.v),
        };
        c.finish();
        out
    });
    let communes = read_communes(f);
    let axes = read_axes(f);
    let signataires = f
        .tables("signataires")
        .into_iter()
        .filter_map(|s| {
            let out = s.req_str("nom", "le nom du signataire").map(|nom| Signataire {
                nom: nom.v,
                sigle: s.str("sigle").map(|v| v.v),
                site_web: check::web_url(&s, "site_web"),
            });
            s.finish();
            out
        })
        .collect();
    let accessibilite = f.table("accessibilite").and_then(|a| {
        let etat = check::choice(&a, "etat", crate::referentiels::di::ACCESSIBILITE);
        // Every field is read before the state decides: an unread one would be "unknown".
        let (date, contact) = (a.date("date").map(|d| d.v), a.str("contact").map(|v| v.v));
        let taux = crate::content::plausible::read(&a, "taux", crate::content::plausible::Kind::Share);
        let list = |key| a.strs(key).into_iter().map(|v| v.v).collect::<Vec<_>>();
        let (non_conformites, derogations, hors_champ) =
            (list("non_conformites"), list("derogations"), list("hors_champ"));
        let out = etat.map(|etat| Accessibilite {
            etat: etat.v,
            date,
            contact,
            taux,
            non_conformites,
            derogations,
            hors_champ,
        });
        if a.has("etat") {
            a.required("etat", "non conforme, partiellement conforme ou totalement conforme");
        } else {
            f.doc().report(
                Diagnostic::error("champ-manquant", "le champ « accessibilite.etat » manque")
                    .at(a.pos())
                    .field("accessibilite.etat")
                    .suggest(Some("etat = \"non conforme\" tant qu'aucun audit n'a été fait".into())),
            );
        }
        a.finish();
        out
    });
    let html_brut = f.bool("html_brut").unwrap_or(false);
    let verification_mois = f.table("annuaire").map_or(24, |t| {
        let m = t.int_in("verification_mois", 1, 120).map_or(24, |m| m.v);
        t.finish();
        m
    });
    let bilan_mois = f.table("suivi").map_or(12, |t| {
        let m = t.int_in("bilan_mois", 1, 120).map_or(12, |m| m.v as u32);
        t.finish();
        m
    });
    let falc = f.table("falc").map_or_else(crate::falc_settings::Settings::default, read_falc);
    // No axis, or `axes = []`, leaves every fiche without its axis: say so here, where the
    // cause is (axes that are there but unreadable have their own findings).
    let axes_missing = match f.pos_of("axes") {
        None => Some((Pos::line(1), "le programme n'a aucun axe")),
        Some(p) if f.tables("axes").is_empty() => Some((p, "la liste des axes est vide")),
        Some(_) => None,
    };
    if let Some((pos, what)) = axes_missing.filter(|_| axes.is_empty()) {
        f.doc().report(
            Diagnostic::error(
                "champ-manquant",
                format!("{what} : ajoutez au moins un [[axes]] avec un [[axes.objectifs]]"),
            )
            .at(pos)
            .field("axes")
            .suggest(Some(
                "ajoutez un bloc [[axes]] (id, numero, titre) suivi d'un bloc [[axes.objectifs]] (id, numero, titre)"
                    .into(),
            )),
        );
    }
    Some(Config {
        titre: titre?.v,
        territoire: territoire?.v,
        source_id: source_id.map(|s| s.v).unwrap_or_else(|| crate::slug::slugify(&url.clone().unwrap_or_default())),
        url: url?,
        periode,
        theme,
        description,
        siren,
        coordination,
        communes,
        axes,
        signataires,
        accessibilite,
        verification_mois,
        bilan_mois,
        html_brut,
        falc,
    })
}

fn read_falc(t: Fields) -> crate::falc_settings::Settings {
    let d = crate::falc_settings::Settings::default();
    let count = |key, default: usize| t.int_in(key, 1, 1000).map_or(default, |v| v.v as usize);
    let ignorer = crate::content::check::read_rule_ids(&t, "ignorer", "falc.ignorer");
    let s = crate::falc_settings::Settings {
        phrase_conseil: count("phrase_conseil", d.phrase_conseil),
        phrase_max: count("phrase_max", d.phrase_max),
        mot_long: count("mot_long", d.mot_long),
        grand_nombre: t.int_in("grand_nombre", 1, i64::MAX).map_or(d.grand_nombre, |v| v.v as u64),
        strict: t.bool("strict").unwrap_or(false),
        ignorer,
    };
    t.finish();
    s
}

fn read_communes(f: &Fields) -> Vec<crate::config::Commune> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for c in f.tables("communes") {
        let code = c.req_str("code", "le code INSEE de la commune, 5 caractères");
        let nom = c.req_str("nom", "le nom de la commune");
        if let Some(code) = &code {
            if !check::is_insee(code) {
                c.doc().report(
                    c.error(
                        "code",
                        code.pos,
                        "code-insee-invalide",
                        format!("« {} » n'est pas un code INSEE (5 caractères, par exemple 24322)", code.v),
                    )
                    .suggest(Some(
                        "le code INSEE n'est pas le code postal : cherchez-le sur le site de l'Insee".into(),
                    )),
                );
            } else if !seen.insert(code.v.clone()) {
                c.doc().report(c.error(
                    "code",
                    code.pos,
                    "doublon",
                    format!("la commune {} est déclarée deux fois", code.v),
                ));
            }
        }
        let codes_postaux: Vec<String> = c
            .strs("codes_postaux")
            .into_iter()
            .filter(|p| {
                let ok = check::is_postcode(&p.v);
                if !ok {
                    c.doc().report(
                        c.error(
                            "codes_postaux",
                            p.pos,
                            "code-postal-invalide",
                            format!("« {} » n'est pas un code postal (5 chiffres)", p.v),
                        )
                        .suggest(Some("codes_postaux = [\"24000\"]".into())),
                    );
                }
                ok
            })
            .map(|p| p.v)
            .collect();
        let (latitude, longitude) = check::coordinates(&c);
        if let (Some(code), Some(nom)) = (code, nom) {
            out.push(Commune { code: code.v, nom: nom.v, codes_postaux, latitude, longitude });
        }
        c.finish();
    }
    out
}

fn read_axes(f: &Fields) -> Vec<Axe> {
    let mut ids = BTreeSet::new();
    let mut numeros = BTreeSet::new();
    let mut out = Vec::new();
    for a in f.tables("axes") {
        let id = a.req_str("id", "l'identifiant de l'axe, utilisé par les fiches-actions");
        let numero = a.int_in("numero", 1, 99);
        let titre = a.req_str("titre", "le titre de l'axe");
        let resume = a.str("resume").map(|v| v.v);
        if !a.has("numero") {
            a.doc().report(
                Diagnostic::error("champ-manquant", format!("le champ obligatoire « {} » manque", a.name("numero")))
                    .at(a.pos())
                    .field(a.name("numero"))
                    .suggest(Some(format!("numero = {}", out.len() + 1))),
            );
        }
        dedup(&a, "id", id.as_ref(), &mut ids, "un autre axe");
        if let Some(n) = &numero
            && !numeros.insert(n.v)
        {
            a.doc().report(a.error("numero", n.pos, "doublon", format!("le numéro d'axe {} est déjà pris", n.v)));
        }
        let mut objectifs = Vec::new();
        // Objective ids are scoped to their axis (fiches name both).
        let mut objectif_ids = BTreeSet::new();
        let objs = a.tables("objectifs");
        if objs.is_empty() {
            a.doc().report(
                Diagnostic::error(
                    "champ-manquant",
                    format!("l'axe « {} » n'a aucun objectif", id.as_ref().map_or("?", |i| i.v.as_str())),
                )
                .at(a.pos())
                .field(a.name("objectifs"))
                .suggest(Some("ajoutez un bloc [[axes.objectifs]] avec id, numero et titre".into())),
            );
        }
        for o in objs {
            let oid = o.req_str("id", "l'identifiant de l'objectif");
            let onum = o.number_str("numero");
            o.required("numero", "le numéro de l'objectif, par exemple 1.1");
            let otitre = o.req_str("titre", "le titre de l'objectif");
            dedup(&o, "id", oid.as_ref(), &mut objectif_ids, "un autre objectif de cet axe");
            if let (Some(n), Some(axe_num)) = (&onum, &numero)
                && !n.v.starts_with(&format!("{}.", axe_num.v))
            {
                o.doc().report(
                    Diagnostic::warning(
                        "numero-incoherent",
                        format!("l'objectif {} est rangé dans l'axe {}", n.v, axe_num.v),
                    )
                    .at(n.pos)
                    .field(o.name("numero"))
                    .suggest(Some(format!("numero = \"{}.{}\"", axe_num.v, objectifs.len() + 1))),
                );
            }
            if let (Some(oid), Some(otitre)) = (oid, otitre) {
                let numero = onum.map(|n| n.v).unwrap_or_default();
                objectifs.push(Objectif { id: oid.v, numero, titre: otitre.v });
            }
            o.finish();
        }
        if let (Some(id), Some(titre)) = (id, titre) {
            out.push(Axe {
                id: id.v,
                numero: numero.map_or(out.len() as i64 + 1, |n| n.v),
                titre: titre.v,
                resume,
                objectifs,
            });
        }
        a.finish();
    }
    out.sort_by_key(|a| a.numero);
    out
}

fn dedup(f: &Fields, key: &str, v: Option<&At<String>>, seen: &mut BTreeSet<String>, what: &str) {
    if let Some(v) = v
        && !seen.insert(v.v.clone())
    {
        f.doc().report(f.error(
            key,
            v.pos,
            "doublon",
            format!("l'identifiant « {} » est déjà utilisé par {what}", v.v),
        ));
    }
}

/// Suggests the nearest axis or objective id, for cross-reference errors.
pub fn nearest_id<'a>(id: &str, ids: impl IntoIterator<Item = &'a str>) -> Option<String> {
    nearest(id, ids).map(|s| format!("vouliez-vous dire « {s} » ?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: &str = r#"
titre = "CLS"
territoire = "T"
url = "https://x.org/cls"
[[axes]]
id = "a"
numero = 1
titre = "A"
  [[axes.objectifs]]
  id = "o"
  numero = "1.1"
  titre = "O"
"#;

    #[test]
    fn minimal_config_parses_with_a_path_prefix() {
        let mut d = Vec::new();
        let c = parse(MIN, &mut d).unwrap();
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.url, "https://x.org/cls/");
        assert_eq!(c.base_path(), "/cls/");
        assert_eq!(c.theme, "defaut");
        assert_eq!(c.axes[0].objectifs[0].id, "o");
        let c = c.with_base_url("http://localhost:8000").unwrap();
        assert_eq!(c.base_path(), "/");
    }

    #[test]
    fn missing_axes_and_bad_values_are_all_reported() {
        let mut d = Vec::new();
        let src = "titre = \"CLS\"\nurl = \"javascript:alert(1)\"\n[[communes]]\ncode = \"2432\"\nnom = \"P\"\n[accessibilite]\netat = \"conforme\"\n";
        assert!(parse(src, &mut d).is_none());
        let rules: Vec<_> = d.iter().map(|d| d.rule).collect();
        assert!(rules.contains(&"champ-manquant"), "{rules:?}");
        assert!(rules.contains(&"url-invalide"), "{rules:?}");
        assert!(rules.contains(&"code-insee-invalide"), "{rules:?}");
        assert!(rules.contains(&"code-inconnu"), "{rules:?}");
        let etat = d.iter().find(|d| d.rule == "code-inconnu").unwrap();
        assert_eq!(etat.line, Some(7));
    }

    #[test]
    fn communes_carry_postcodes_and_coordinates_checked() {
        let commune = "\n[[communes]]\ncode = \"24322\"\nnom = \"P\"\ncodes_postaux = [\"24000\"]\nlatitude = 45.18\nlongitude = 0.72\n";
        let mut d = Vec::new();
        let c = parse(&format!("{MIN}{commune}"), &mut d).unwrap();
        assert!(d.is_empty(), "{d:?}");
        assert_eq!((c.communes[0].latitude, c.communes[0].longitude), (Some(45.18), Some(0.72)));
        assert_eq!(c.communes[0].codes_postaux, ["24000"]);
        let broken = commune.replace("45.18", "145.18").replace("\"24000\"", "\"2400\"");
        let mut d = Vec::new();
        let c = parse(&format!("{MIN}{broken}"), &mut d).unwrap();
        let rules: Vec<_> = d.iter().map(|d| (d.rule, d.field.clone().unwrap_or_default())).collect();
        assert!(rules.contains(&("nombre-impossible", "communes[1].latitude".into())), "{rules:?}");
        assert!(rules.contains(&("code-postal-invalide", "communes[1].codes_postaux".into())), "{rules:?}");
        // One cause, one message: the impossible latitude is not also "incomplete".
        assert!(!rules.iter().any(|(r, _)| *r == "coordonnee-incomplete"), "{rules:?}");
        let lat = d.iter().find(|d| d.rule == "coordonnee-invalide" || d.rule == "nombre-impossible").unwrap();
        assert!(lat.message.contains("145,18") && lat.message.contains("de -90 à 90"), "{}", lat.message);
        assert_eq!((c.communes[0].latitude, c.communes[0].longitude), (None, None));
        let lone = commune.replace("longitude = 0.72\n", "");
        let mut d = Vec::new();
        parse(&format!("{MIN}{lone}"), &mut d).unwrap();
        let rules: Vec<_> = d.iter().map(|d| (d.rule, d.field.clone().unwrap_or_default())).collect();
        assert_eq!(rules, [("coordonnee-incomplete", "communes[1].longitude".to_string())]);
        let swapped = commune.replace("latitude = 45.18\nlongitude = 0.72", "latitude = 0.72\nlongitude = 45.18");
        let mut d = Vec::new();
        parse(&format!("{MIN}{swapped}"), &mut d).unwrap();
        assert_eq!(d[0].rule, "coordonnee-hors-de-france");
        assert!(d[0].suggestion.as_deref().unwrap().contains("latitude = 45.18, longitude = 0.72"), "{d:?}");
    }
}
