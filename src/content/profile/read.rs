//! Reading the diagnostic's files into the model, with every rule that a file alone can check.
//! The rules that need the site (communes, today's date, fiches) are in `validate`.

use super::table::{Row, Table};
use super::{Finding, Indicator, Part, Period, Place, Profile, Value};
use crate::content::check;
use crate::content::model::{Body, Origin};
use crate::content::reader::{At, Doc, Fields};
use crate::diag::{Diagnostic, nearest};
use crate::referentiels::{self as refs, Echelle, Portrait, Sens};
use std::collections::{BTreeMap, HashMap};
use std::str::FromStr;

const INDICATOR_COLUMNS: &[&str] =
    &["id", "libelle", "libelle_falc", "portrait", "thematique", "unite", "sens", "definition", "source", "url_source"];
const INDICATOR_REQUIRED: &[&str] = &["id", "libelle", "portrait", "unite", "sens", "source"];
const VALUE_COLUMNS: &[&str] =
    &["indicateur", "echelle", "code", "nom", "periode", "valeur", "ic_bas", "ic_haut", "effectif", "secret", "note"];
const VALUE_REQUIRED: &[&str] = &["indicateur", "echelle", "periode", "valeur"];

/// French health statistics mask counts under this (statistical secrecy).
pub const SMALL_COUNT: f64 = 11.0;

/// The fields of `diagnostic/_index.md` beyond a page's own.
pub fn read_intro(f: &Fields, file: &str) -> Part {
    let chiffres_cles = f.strs("chiffres_cles");
    if f.has("chiffres_cles") && !(3..=5).contains(&chiffres_cles.len()) {
        f.doc().report(
            f.error(
                "chiffres_cles",
                f.pos_of("chiffres_cles").unwrap_or_else(|| f.pos()),
                "chiffres-cles",
                format!(
                    "« chiffres_cles » nomme {} indicateurs : la page d'accueil en montre de 3 à 5",
                    chiffres_cles.len()
                ),
            )
            .suggest(Some("gardez les 3 à 5 chiffres qui parlent le plus aux habitants".into())),
        );
    }
    Part::Intro {
        auteur: f.str("auteur").map(|v| v.v),
        date: f.date("date").map(|v| v.v),
        chiffres_cles,
        file: file.to_string(),
    }
}

/// `constats.toml`.
pub fn read_findings(doc: &Doc) -> Vec<Finding> {
    let Some(table) = doc.parse() else { return Vec::new() };
    let root = Fields::root(doc, &table);
    let mut seen: HashMap<String, usize> = HashMap::new();
    let out = root
        .tables("constats")
        .into_iter()
        .filter_map(|f| {
            let id = f.req_str("id", "l'identifiant du constat, en minuscules et tirets");
            let titre = f.req_str("titre", "ce que le constat dit, en une phrase courte");
            let portrait = check::closed_choice::<Portrait>(&f, "portrait", Portrait::CODES);
            let texte = f.str("texte").map(|v| Body { text: v.v, first_line: v.pos.line });
            let indicateurs = f.strs("indicateurs");
            let paroles = f.strs("paroles").into_iter().map(|v| v.v).collect();
            let out = match (id, titre) {
                (Some(id), Some(titre)) if valid_id(&f, "id", &id) => {
                    if let Some(first) = seen.insert(id.v.clone(), id.pos.line) {
                        doc.report(
                            f.error(
                                "id",
                                id.pos,
                                "doublon",
                                format!("le constat « {} » est déjà défini ligne {first}", id.v),
                            )
                            .suggest(Some("chaque constat a son propre identifiant".into())),
                        );
                        None
                    } else {
                        let path = crate::route::Route::Finding(&id.v).path().into_owned();
                        let origin = Origin { file: doc.file.clone(), line: Some(id.pos.line), path };
                        Some(Finding { id, titre: titre.v, portrait, texte, indicateurs, paroles, origin })
                    }
                }
                _ => None,
            };
            f.finish();
            out
        })
        .collect();
    root.finish();
    out
}

fn valid_id(f: &Fields, key: &'static str, id: &At<String>) -> bool {
    let ok = is_id(&id.v);
    if !ok {
        f.doc().report(
            f.error(
                key,
                id.pos,
                "identifiant-invalide",
                format!("« {} » : un identifiant n'a que des minuscules sans accent, des chiffres et des tirets", id.v),
            )
            .suggest(Some(format!("{key} = \"{}\"", crate::slug::slugify(&id.v)))),
        );
    }
    ok
}

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 80
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !s.starts_with('-')
}

/// A number as people write it: `24.5`, `24,5`, `1 234,5`. Spaces between thousands are
/// accepted on purpose (French spreadsheets export them), nothing else.
pub fn number(s: &str) -> Result<f64, String> {
    let compact: String = s.chars().filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}')).collect();
    let normal = compact.replace(',', ".");
    match normal.parse::<f64>() {
        Ok(n) if n.is_finite() && !normal.contains(['e', 'E', 'i', 'n', 'N']) => Ok(n),
        _ => {
            let digits: String = normal.chars().filter(|c| c.is_ascii_digit() || matches!(c, '.' | '-')).collect();
            Err(match digits.parse::<f64>() {
                Ok(_) if !digits.is_empty() => format!("écrivez le nombre seul : {}", digits.replace('.', ",")),
                _ => "un nombre décimal, avec une virgule ou un point : 24,5".into(),
            })
        }
    }
}

/// `2016` or `2011-2015`.
pub fn period(s: &str) -> Result<Period, String> {
    let year = |y: &str| y.trim().parse::<i32>().ok().filter(|y| (1800..=2200).contains(y));
    let p = match s.split_once(['-', '–', '/']) {
        Some((a, b)) => year(a).zip(year(b)).map(|(start, end)| Period { start, end }),
        None => year(s).map(|y| Period { start: y, end: y }),
    };
    match p {
        Some(p) if p.start <= p.end => Ok(p),
        Some(p) => Err(format!("{}-{}", p.end, p.start)),
        None => Err("2016 (une année) ou 2011-2015 (des années)".into()),
    }
}

struct Cells<'a> {
    t: &'a Table,
    diags: &'a mut Vec<Diagnostic>,
}

impl Cells<'_> {
    fn error(&mut self, row: &Row, col: &str, rule: &'static str, msg: String, hint: Option<String>) {
        let d = self.t.place(row, col).report(Diagnostic::error(rule, msg), col).suggest(hint);
        self.diags.push(d);
    }

    fn required<'r>(&mut self, row: &'r Row, col: &str, what: &str) -> Option<&'r str> {
        let v = self.t.get(row, col);
        if v.is_none() && self.t.column(col).is_some() {
            self.error(row, col, "champ-manquant", format!("la colonne « {col} » est vide : {what}"), None);
        }
        v
    }

    fn closed<T: FromStr>(&mut self, row: &Row, col: &str, codes: &[&str]) -> Option<T> {
        let v = self.t.get(row, col)?;
        match v.parse() {
            Ok(x) => Some(x),
            Err(_) => {
                let near = nearest(v, codes.iter().copied())
                    .map(|n| format!("vouliez-vous dire « {n} » ?"))
                    .unwrap_or_else(|| format!("valeurs possibles : {}", codes.join(", ")));
                self.error(row, col, "code-inconnu", format!("« {v} » n'est pas une valeur de « {col} »"), Some(near));
                None
            }
        }
    }

    fn number(&mut self, row: &Row, col: &str) -> Option<f64> {
        let v = self.t.get(row, col)?;
        match number(v) {
            Ok(n) => Some(n),
            Err(hint) => {
                self.error(row, col, "nombre-invalide", format!("« {v} » n'est pas un nombre"), Some(hint));
                None
            }
        }
    }
}

/// Reads the two tables into `p.indicators`, each with its values.
pub fn tables(p: &mut Profile, itable: Option<Table>, vtable: Option<Table>, diags: &mut Vec<Diagnostic>) {
    if let Some(t) = &itable {
        t.check_header(INDICATOR_COLUMNS, INDICATOR_REQUIRED, diags);
        (p.indicators, p.broken) = indicators(t, diags);
    }
    let Some(vt) = &vtable else {
        if let Some(t) = &itable {
            diags.push(
                Diagnostic::error("diagnostic-incomplet", "les indicateurs n'ont pas de valeurs : valeurs.csv manque")
                    .file(t.file.clone())
                    .suggest(Some(
                        "ajoutez content/diagnostic/valeurs.csv (indicateur, echelle, code, periode, valeur)".into(),
                    )),
            );
        }
        return;
    };
    vt.check_header(VALUE_COLUMNS, VALUE_REQUIRED, diags);
    let ids: Vec<String> = p.indicators.iter().map(|i| i.id.clone()).collect();
    let mut by_id: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    let mut seen: HashMap<(String, Echelle, Option<String>, Period), usize> = HashMap::new();
    let mut mentioned: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut c = Cells { t: vt, diags };
    for row in &vt.rows {
        let Some(ind) = c.required(row, "indicateur", "l'identifiant d'un indicateur de indicateurs.csv") else {
            continue;
        };
        // A row with an error still gives its indicator a value: « no value » would be a
        // second message for the same cause.
        mentioned.insert(ind.to_string());
        let known = p.indicators.iter().find(|i| i.id == ind);
        if known.is_none() && p.broken.iter().any(|b| b == ind) {
            continue;
        }
        if known.is_none() && itable.is_some() {
            let near = nearest(ind, ids.iter().map(String::as_str)).map(|n| format!("vouliez-vous dire « {n} » ?"));
            c.error(
                row,
                "indicateur",
                "reference-cassee",
                format!("l'indicateur « {ind} » n'est pas dans indicateurs.csv"),
                near,
            );
            continue;
        }
        let Some(v) = value(&mut c, row, known) else { continue };
        let key = (ind.to_string(), v.echelle, v.code.clone(), v.periode);
        if let Some(first) = seen.insert(key, row.line) {
            let what = match vt.sheet {
                Some(_) => format!("rangée {first}"),
                None => format!("ligne {first}"),
            };
            c.error(
                row,
                "periode",
                "doublon",
                format!(
                    "cette valeur est déjà donnée {what} : même indicateur, même échelle{}, même période {}",
                    v.code.as_ref().map(|c| format!(", même code {c}")).unwrap_or_default(),
                    v.periode.text()
                ),
                Some("gardez une seule ligne par indicateur, lieu et période".into()),
            );
            continue;
        }
        by_id.entry(ind.to_string()).or_default().push(v);
    }
    for i in &mut p.indicators {
        let mut values = by_id.remove(&i.id).unwrap_or_default();
        values.sort_by(|a, b| (a.echelle, &a.code, a.periode).cmp(&(b.echelle, &b.code, b.periode)));
        if values.is_empty() && !mentioned.contains(&i.id) {
            diags.push(
                i.place
                    .report(
                        Diagnostic::error(
                            "indicateur-sans-valeur",
                            format!("l'indicateur « {} » n'a aucune valeur dans {}", i.id, vt.file),
                        ),
                        "id",
                    )
                    .suggest(Some(format!("ajoutez une ligne {},territoire,,2016,… à valeurs", i.id))),
            );
        }
        i.values = values;
    }
}

fn indicators(t: &Table, diags: &mut Vec<Diagnostic>) -> (Vec<Indicator>, Vec<String>) {
    let mut c = Cells { t, diags };
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    let mut broken = Vec::new();
    for row in &t.rows {
        let id = c.required(row, "id", "l'identifiant de l'indicateur, en minuscules et tirets");
        let libelle = c.required(row, "libelle", "ce que l'indicateur mesure, en mots");
        let portrait = c.closed::<Portrait>(row, "portrait", Portrait::CODES);
        if t.get(row, "portrait").is_none() {
            c.required(row, "portrait", "territoire, sante ou ressources");
        }
        let unite = c.required(row, "unite", "%, pour 100 000 habitants, habitants…");
        let sens = c.closed::<Sens>(row, "sens", Sens::CODES);
        if t.get(row, "sens").is_none() {
            c.required(row, "sens", "hausse-favorable, hausse-defavorable ou neutre : dans quel sens est-ce mieux ?");
        }
        let source = c.required(row, "source", "qui a publié ce chiffre, et dans quoi");
        let thematique = t.get(row, "thematique").and_then(|v| {
            let list = refs::thematiques();
            if list.get(v).is_some() {
                return Some(v.to_string());
            }
            let near = nearest(v, list.codes()).map(|n| format!("vouliez-vous dire « {n} » ?"));
            c.error(
                row,
                "thematique",
                "code-inconnu",
                format!("« {v} » n'est pas une thématique du référentiel"),
                near,
            );
            None
        });
        let url_source = t.get(row, "url_source").and_then(|u| match check::url_problem(u, true) {
            None => Some(u.to_string()),
            Some(why) => {
                c.error(row, "url_source", "url-invalide", format!("« {u} » : {why}"), None);
                None
            }
        });
        let Some(id) = id else { continue };
        if !is_id(id) {
            c.error(
                row,
                "id",
                "identifiant-invalide",
                format!("« {id} » : un identifiant n'a que des minuscules sans accent, des chiffres et des tirets"),
                Some(crate::slug::slugify(id)),
            );
            continue;
        }
        if let Some(first) = seen.insert(id.to_string(), row.line) {
            c.error(row, "id", "doublon", format!("l'indicateur « {id} » est déjà défini ligne {first}"), None);
            continue;
        }
        let (Some(libelle), Some(portrait), Some(unite), Some(sens), Some(source)) =
            (libelle, portrait, unite, sens, source)
        else {
            broken.push(id.to_string());
            continue;
        };
        out.push(Indicator {
            id: id.to_string(),
            libelle: libelle.to_string(),
            libelle_falc: t.get(row, "libelle_falc").map(str::to_string),
            portrait,
            thematique,
            unite: unite.to_string(),
            sens,
            definition: t.get(row, "definition").map(str::to_string),
            source: source.to_string(),
            url_source,
            origin: Origin {
                file: t.file.clone(),
                line: Some(row.line),
                path: crate::route::Route::Indicator(id).path().into_owned(),
            },
            place: t.row_place(row),
            values: Vec::new(),
        });
    }
    (out, broken)
}

fn value(c: &mut Cells, row: &Row, ind: Option<&Indicator>) -> Option<Value> {
    let t = c.t;
    let echelle = c.closed::<Echelle>(row, "echelle", Echelle::CODES);
    if t.get(row, "echelle").is_none() {
        c.required(row, "echelle", "territoire, commune, departement, region ou france");
    }
    let code = t.get(row, "code").map(str::to_string);
    if echelle == Some(Echelle::Commune) && code.is_none() {
        c.error(
            row,
            "code",
            "champ-manquant",
            "une valeur de commune a besoin du code INSEE de la commune".into(),
            None,
        );
    }
    let periode = match t.get(row, "periode") {
        None => {
            c.required(row, "periode", "l'année (2016) ou les années (2011-2015) de la valeur");
            None
        }
        Some(s) => match period(s) {
            Ok(p) => Some(p),
            Err(hint) => {
                c.error(row, "periode", "periode-invalide", format!("« {s} » n'est pas une période"), Some(hint));
                None
            }
        },
    };
    let secret = match t.get(row, "secret").map(str::to_lowercase).as_deref() {
        None | Some("non") => false,
        Some("oui") => true,
        Some(other) => {
            c.error(
                row,
                "secret",
                "code-inconnu",
                format!("« {other} » : « secret » vaut « oui » ou reste vide"),
                Some("oui".into()),
            );
            false
        }
    };
    let valeur = c.number(row, "valeur");
    let ic_bas = c.number(row, "ic_bas");
    let ic_haut = c.number(row, "ic_haut");
    let effectif = c.number(row, "effectif");
    if secret && t.get(row, "valeur").is_some() {
        c.error(
            row,
            "valeur",
            "secret-avec-valeur",
            "la valeur est marquée secrète (secret = oui) mais elle est donnée".into(),
            Some("videz la cellule « valeur », ou retirez « oui » de « secret »".into()),
        );
        return None;
    }
    if !secret && valeur.is_none() && t.get(row, "valeur").is_none() {
        c.error(
            row,
            "valeur",
            "champ-manquant",
            "la valeur est vide : une valeur manquante n'est pas publiée".into(),
            Some("donnez la valeur, ou écrivez « oui » dans « secret » si elle est masquée".into()),
        );
        return None;
    }
    if let (Some(v), Some(i)) = (valeur, ind)
        && i.is_share()
        && !(0.0..=100.0).contains(&v)
    {
        c.error(
            row,
            "valeur",
            "hors-limites",
            format!("{} % : une part en pourcentage va de 0 à 100", crate::text::number(v)),
            Some("vérifiez l'unité de l'indicateur, ou la virgule".into()),
        );
        return None;
    }
    if let Some(n) = effectif {
        if n < 0.0 || n.fract() != 0.0 {
            c.error(
                row,
                "effectif",
                "nombre-invalide",
                format!("« {} » : un effectif est un nombre entier positif", crate::text::number(n)),
                None,
            );
        } else if n < SMALL_COUNT && !secret {
            c.diags.push(
                t.place(row, "effectif")
                    .report(
                        Diagnostic::warning(
                            "petit-effectif",
                            format!("effectif de {} : la statistique publique masque les effectifs de moins de 11 (secret statistique)", crate::text::number(n)),
                        ),
                        "effectif",
                    )
                    .suggest(Some("écrivez « oui » dans « secret » et videz « valeur » et « effectif »".into())),
            );
        }
    }
    let ic = match (ic_bas, ic_haut) {
        (Some(lo), Some(hi)) => match valeur {
            Some(v) if !(lo <= v && v <= hi) => {
                c.error(
                    row,
                    "ic_bas",
                    "intervalle-invalide",
                    format!(
                        "l'intervalle de confiance [{} ; {}] ne contient pas la valeur {}",
                        crate::text::number(lo),
                        crate::text::number(hi),
                        crate::text::number(v)
                    ),
                    Some("ic_bas ≤ valeur ≤ ic_haut : vérifiez l'ordre des colonnes".into()),
                );
                return None;
            }
            _ if lo > hi => {
                c.error(row, "ic_bas", "intervalle-invalide", "ic_bas est plus grand que ic_haut".into(), None);
                return None;
            }
            _ => Some((lo, hi)),
        },
        (Some(_), None) | (None, Some(_)) => {
            c.error(
                row,
                "ic_haut",
                "intervalle-invalide",
                "l'intervalle de confiance a besoin de ic_bas et de ic_haut".into(),
                None,
            );
            None
        }
        (None, None) => None,
    };
    let (echelle, periode) = (echelle?, periode?);
    Some(Value {
        echelle,
        code,
        nom: t.get(row, "nom").map(str::to_string),
        periode,
        valeur: if secret { None } else { valeur },
        ic: if secret { None } else { ic },
        effectif: if secret { None } else { effectif },
        secret,
        note: t.get(row, "note").map(str::to_string),
        place: Place { column: None, ..t.place(row, "valeur") },
    })
}

/// Findings and key figures name indicators that exist.
pub fn links(p: &Profile, diags: &mut Vec<Diagnostic>) {
    if p.indicators.is_empty() {
        return;
    }
    let ids: Vec<&str> = p.indicators.iter().map(|i| i.id.as_str()).collect();
    let unknown = |v: &At<String>, file: &str, field: String| {
        Diagnostic::error("reference-cassee", format!("l'indicateur « {} » n'est pas dans le diagnostic", v.v))
            .file(file)
            .at(v.pos)
            .field(field)
            .suggest(nearest(&v.v, ids.iter().copied()).map(|n| format!("vouliez-vous dire « {n} » ?")))
    };
    for f in &p.findings {
        for (k, i) in f.indicateurs.iter().enumerate() {
            if !p.names_indicator(&i.v) {
                diags.push(unknown(i, &f.origin.file, format!("constats.indicateurs[{}]", k + 1)));
            }
        }
    }
    if let Some(file) = &p.intro_file {
        for i in &p.chiffres_cles {
            if !p.names_indicator(&i.v) {
                diags.push(unknown(i, file, "chiffres_cles".into()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_people_write_them() {
        assert_eq!(number("24,5"), Ok(24.5));
        assert_eq!(number("24.5"), Ok(24.5));
        assert_eq!(number("1 234,5"), Ok(1234.5));
        assert_eq!(number("-3"), Ok(-3.0));
        assert_eq!(number("12 %"), Err("écrivez le nombre seul : 12".into()));
        assert!(number("NaN").is_err());
        assert!(number("inf").is_err());
        assert!(number("1e5").is_err());
    }

    #[test]
    fn periods() {
        assert_eq!(period("2016"), Ok(Period { start: 2016, end: 2016 }));
        assert_eq!(period("2011-2015"), Ok(Period { start: 2011, end: 2015 }));
        assert_eq!(period("2015-2011"), Err("2011-2015".into()));
        assert!(period("2016-01-01").is_err());
        assert!(period("seize").is_err());
    }
}
