//! Checks that need the whole portal: cross-references, duplicates, freshness.

use super::check;
use super::model::{Content, Service};
use super::reader::At;
use crate::config::Config;
use crate::diag::{Diagnostic, nearest};
use crate::referentiels::Statut;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// Addresses under `/annuaire/` that a service id must not take.
const RESERVED_IDS: &[&str] = &["communes", "thematiques", "publics", "structures", "facile-a-lire"];

pub fn validate(config: &Config, c: &Content, today: NaiveDate, diags: &mut Vec<Diagnostic>) {
    actions(config, c, today, diags);
    services(c, today, config.verification_mois, diags);
    glossary(c, diags);
    paths(c, diags);
    profile(config, c, today, diags);
}

/// The diagnostic against the site: communes of site.toml, today's date, and the fiches that
/// name its findings and indicators.
fn profile(config: &Config, c: &Content, today: NaiveDate, diags: &mut Vec<Diagnostic>) {
    use crate::referentiels::Echelle;
    use chrono::Datelike;
    let p = c.diagnostic.as_ref();
    for ch in c.diagnostic_chapters() {
        let slug = ch.origin.path.trim_start_matches("diagnostic/").trim_end_matches('/');
        if ["indicateurs", "constats", "facile-a-lire"].contains(&slug) {
            diags.push(
                Diagnostic::error(
                    "adresse-reservee",
                    format!("l'adresse /diagnostic/{slug}/ est réservée aux pages que portail fait"),
                )
                .file(ch.origin.file.clone())
                .suggest(Some("renommez le fichier (par exemple methode.md)".into())),
            );
        }
    }
    for i in p.map_or(&[][..], |p| &p.indicators) {
        for v in &i.values {
            if v.echelle == Echelle::Commune
                && let Some(code) = &v.code
                && config.commune(code).is_none()
            {
                let near = hint(nearest(code, config.communes.iter().map(|c| c.code.as_str())));
                diags.push(
                    v.place
                        .report(
                            Diagnostic::error(
                                "reference-cassee",
                                format!("la commune « {code} » n'est pas déclarée dans site.toml [[communes]]"),
                            ),
                            "code",
                        )
                        .suggest(near),
                );
            }
            if v.periode.end > today.year() {
                diags.push(
                    v.place
                        .report(
                            Diagnostic::error(
                                "date-future",
                                format!(
                                    "la période {} se termine après l'année en cours ({})",
                                    v.periode.text(),
                                    today.year()
                                ),
                            ),
                            "periode",
                        )
                        .suggest(Some("une valeur publiée porte sur une période passée : vérifiez l'année".into())),
                );
            }
        }
    }
    let findings: Vec<&str> = p.map_or(Vec::new(), |p| p.findings.iter().map(|f| f.id.v.as_str()).collect());
    // No finding at all while fiches name some: one message, at the findings' file, rather than
    // one per fiche (the cause is there).
    let named: Vec<&str> = c.actions.iter().flat_map(|a| &a.constats).map(|x| x.v.as_str()).collect();
    let none_defined = p.is_none_or(|p| p.findings.is_empty()) && !named.is_empty();
    if none_defined {
        let file = p.and_then(|p| p.findings_file.clone()).unwrap_or_else(|| "content/diagnostic/constats.toml".into());
        let mut ids = named.clone();
        ids.sort_unstable();
        ids.dedup();
        diags.push(
            Diagnostic::error(
                "constats-manquants",
                format!(
                    "aucun constat n'est défini, mais {} fiche{} en nomment : {}",
                    c.actions.iter().filter(|a| !a.constats.is_empty()).count(),
                    if c.actions.iter().filter(|a| !a.constats.is_empty()).count() > 1 { "s" } else { "" },
                    ids.iter().map(|i| format!("« {i} »")).collect::<Vec<_>>().join(", ")
                ),
            )
            .file(file)
            .at(crate::diag::Pos::line(1))
            .field("constats")
            .suggest(Some(format!("[[constats]]\nid = \"{}\"\ntitre = \"…\"", ids[0]))),
        );
    }
    let indicators: Vec<&str> = p.map_or(Vec::new(), |p| p.indicators.iter().map(|i| i.id.as_str()).collect());
    for a in &c.actions {
        let file = a.origin.file.as_str();
        for id in a.constats.iter().filter(|_| !none_defined) {
            if !findings.contains(&id.v.as_str()) {
                let msg = match p {
                    None => format!(
                        "le constat « {} » est nommé, mais le site n'a pas de diagnostic (content/diagnostic/constats.toml)",
                        id.v
                    ),
                    Some(_) => format!("aucun constat du diagnostic n'a l'identifiant « {} »", id.v),
                };
                diags.push(
                    err(file, id, "constats", "reference-cassee", msg)
                        .suggest(hint(nearest(id, findings.iter().copied()))),
                );
            }
        }
        for (k, ind) in a.indicateurs.iter().enumerate() {
            if let Some(id) = &ind.indicateur_diagnostic
                && !indicators.contains(&id.v.as_str())
                && !p.is_some_and(|p| p.names_indicator(&id.v))
            {
                diags.push(
                    err(
                        file,
                        id,
                        &format!("indicateurs[{}].indicateur_diagnostic", k + 1),
                        "reference-cassee",
                        format!("aucun indicateur du diagnostic n'a l'identifiant « {} »", id.v),
                    )
                    .suggest(hint(nearest(id, indicators.iter().copied()))),
                );
            }
        }
    }
}

fn err(file: &str, v: &At<impl std::fmt::Display>, field: &str, rule: &'static str, msg: String) -> Diagnostic {
    Diagnostic::error(rule, msg).file(file).at(v.pos).field(field)
}

fn hint(s: Option<String>) -> Option<String> {
    s.map(|s| format!("vouliez-vous dire « {s} » ?"))
}

fn actions(config: &Config, c: &Content, today: NaiveDate, diags: &mut Vec<Diagnostic>) {
    let mut numeros: BTreeMap<&str, &str> = BTreeMap::new();
    let service_ids: Vec<&str> = c.services.iter().map(|s| s.id.v.as_str()).collect();
    for a in &c.actions {
        let file = a.origin.file.as_str();
        match config.axe(&a.axe) {
            // site.toml without axes, or an axis without objectives, is reported there: its
            // consequences in every fiche would hide the cause.
            None if config.axes.is_empty() => {}
            Some(axe) if axe.objectifs.is_empty() => {}
            None => diags.push(
                err(
                    file,
                    &a.axe,
                    "axe",
                    "reference-cassee",
                    format!("l'axe « {} » n'existe pas dans site.toml", a.axe.v),
                )
                .suggest(hint(nearest(&a.axe, config.axes.iter().map(|x| x.id.as_str())))),
            ),
            Some(axe) => match axe.objectifs.iter().find(|o| o.id == a.objectif.v) {
                None => {
                    let elsewhere = config.axes.iter().find(|x| x.objectifs.iter().any(|o| o.id == a.objectif.v));
                    let msg = match elsewhere {
                        Some(other) => format!(
                            "l'objectif « {} » appartient à l'axe « {} », pas à « {} »",
                            a.objectif.v, other.id, axe.id
                        ),
                        None => format!("l'objectif « {} » n'existe pas dans l'axe « {} »", a.objectif.v, axe.id),
                    };
                    let near = match elsewhere {
                        Some(other) => Some(format!("axe = \"{}\"", other.id)),
                        None => hint(nearest(&a.objectif, axe.objectifs.iter().map(|o| o.id.as_str()))),
                    };
                    diags.push(err(file, &a.objectif, "objectif", "reference-cassee", msg).suggest(near));
                }
                Some(o) => {
                    if !o.numero.is_empty() && !a.numero.v.starts_with(&format!("{}.", o.numero)) {
                        diags.push(
                            Diagnostic::warning(
                                "numero-incoherent",
                                format!("la fiche {} est rangée dans l'objectif {}", a.numero.v, o.numero),
                            )
                            .file(file)
                            .at(a.numero.pos)
                            .field("numero"),
                        );
                    }
                }
            },
        }
        if let Some(first) = numeros.insert(&a.numero.v, file) {
            diags.push(
                err(
                    file,
                    &a.numero,
                    "numero",
                    "doublon",
                    format!("le numéro {} est déjà pris par {first}", a.numero.v),
                )
                .suggest(Some("chaque fiche-action a son propre numéro axe.objectif.action".into())),
            );
        }
        for r in &a.ressources {
            if c.service(&r.v).is_none() {
                diags.push(
                    err(
                        file,
                        r,
                        "ressources",
                        "reference-cassee",
                        format!("aucun service de l'annuaire n'a l'identifiant « {} »", r.v),
                    )
                    .suggest(hint(nearest(r, service_ids.iter().copied()))),
                );
            }
        }
        for code in &a.communes {
            commune_ref(config, file, code, "communes", diags);
        }
        for e in &a.evenements {
            if let Some(code) = &e.commune {
                commune_ref(config, file, code, "evenements.commune", diags);
            }
        }
        follow_up(a, today, diags);
        overdue(a, config.bilan_mois, today, diags);
        match &a.date_maj {
            Some(d) => stale(file, d, today, 24, diags),
            None => diags.push(recommended(file, "date_maj", "la date de dernière mise à jour de la fiche")),
        }
        if a.resume.is_none() {
            diags.push(recommended(file, "resume", "une phrase simple qui dit aux habitants ce que fait l'action"));
        }
    }
}

/// An action in progress whose pilots have written no assessment for `months` months (since
/// its start when it has none): the dashboard lists it too.
fn overdue(a: &super::model::Action, months: u32, today: NaiveDate, diags: &mut Vec<Diagnostic>) {
    let Some(limit) = super::follow::overdue(a, months, today) else { return };
    let since = match a.bilans.iter().map(|b| b.date.v).max() {
        Some(d) => format!("le dernier bilan date du {d}"),
        None => "aucun bilan n'a été écrit depuis son début".to_string(),
    };
    diags.push(
        Diagnostic::warning("bilan-manquant", format!("action en cours sans bilan depuis plus de {months} mois : {since}"))
            .file(&a.origin.file)
            .at(a.statut.pos)
            .field("bilans")
            .suggest(Some(format!(
                "ajoutez un [[bilans]] daté d'après le {limit} (date, statut, texte), ou changez le seuil : [suivi] bilan_mois dans site.toml"
            ))),
    );
}

/// Follow-up facts (section 3.1) happened: a measure, a baseline or an assessment dated after
/// the build day is a typo for an earlier year. The last assessment must agree with the status.
fn follow_up(a: &super::model::Action, today: NaiveDate, diags: &mut Vec<Diagnostic>) {
    let file = a.origin.file.as_str();
    let future = |d: &At<NaiveDate>, field: String, what: &str| {
        Diagnostic::error("date-future", format!("{what} du {}, après aujourd'hui ({today})", d.v))
            .file(file)
            .at(d.pos)
            .field(field)
            .suggest(Some("une mesure ou un bilan se date du jour où il a été fait : vérifiez l'année".into()))
    };
    for (n, i) in a.indicateurs.iter().enumerate() {
        if let Some(d) = i.date_reference.as_ref().filter(|d| d.v > today) {
            diags.push(future(d, format!("indicateurs[{}].date_reference", n + 1), "la valeur de référence est datée"));
        }
        for (k, m) in i.mesures.iter().enumerate().filter(|(_, m)| m.date.v > today) {
            diags.push(future(
                &m.date,
                format!("indicateurs[{}].mesures[{}].date", n + 1, k + 1),
                "la mesure est datée",
            ));
        }
    }
    for (n, b) in a.bilans.iter().enumerate().filter(|(_, b)| b.date.v > today) {
        diags.push(future(&b.date, format!("bilans[{}].date", n + 1), "le bilan est daté"));
    }
    if let Some(last) = a.bilans.last()
        && contradicts(last.statut.v, a.statut.v)
    {
        diags.push(
            Diagnostic::warning(
                "bilan-contredit-statut",
                format!(
                    "le dernier bilan ({}) dit « {} », mais la fiche dit « {} »",
                    last.date.v,
                    last.statut.v.code(),
                    a.statut.v.code()
                ),
            )
            .file(file)
            .at(a.statut.pos)
            .field("statut")
            .suggest(Some(format!(
                "mettez statut = \"{}\", ou ajoutez un [[bilans]] qui explique le changement",
                last.statut.v.code()
            ))),
        );
    }
}

/// Whether an action's status can follow its last assessment's: it moves forward
/// (à venir → en cours or reportée → réalisée or abandonnée), never back from an end.
fn contradicts(assessed: Statut, now: Statut) -> bool {
    let stage = |s| match s {
        Statut::AVenir => 0,
        Statut::EnCours | Statut::Reportee => 1,
        Statut::Realisee | Statut::Abandonnee => 2,
    };
    assessed != now && (stage(assessed) == 2 || stage(now) < stage(assessed))
}

fn commune_ref(config: &Config, file: &str, code: &At<String>, field: &str, diags: &mut Vec<Diagnostic>) {
    if config.commune(code).is_none() {
        let by_name = config.communes.iter().find(|c| crate::slug::slugify(&c.nom) == crate::slug::slugify(code));
        let suggestion = match by_name {
            Some(c) => Some(format!("utilisez le code INSEE de {} : « {} »", c.nom, c.code)),
            None => hint(nearest(code, config.communes.iter().map(|c| c.code.as_str()))),
        };
        diags.push(
            err(
                file,
                code,
                field,
                "reference-cassee",
                format!("la commune « {} » n'est pas déclarée dans site.toml [[communes]]", code.v),
            )
            .suggest(suggestion),
        );
    }
}

/// A date older than `months` months (directory entries are reviewed on a rhythm).
fn stale(file: &str, d: &At<NaiveDate>, today: NaiveDate, months: i64, diags: &mut Vec<Diagnostic>) {
    if d.v > today {
        diags.push(
            Diagnostic::warning("date-future", format!("date de mise à jour dans le futur ({})", d.v))
                .file(file)
                .at(d.pos)
                .field("date_maj"),
        );
    } else if (today - d.v).num_days() > months * 365 / 12 {
        let age = if months % 12 == 0 {
            match months / 12 {
                1 => "plus d'un an".to_string(),
                2 => "plus de deux ans".to_string(),
                n => format!("plus de {n} ans"),
            }
        } else {
            format!("plus de {months} mois")
        };
        diags.push(
            Diagnostic::warning("date-perimee", format!("informations vérifiées il y a {age} ({})", d.v))
                .file(file)
                .at(d.pos)
                .field("date_maj")
                .suggest(Some("vérifiez ces informations auprès du service, puis mettez date_maj à jour".into())),
        );
    }
}

fn recommended(file: &str, field: &str, what: &str) -> Diagnostic {
    Diagnostic::warning("champ-recommande", format!("champ recommandé absent : « {field} » ({what})"))
        .file(file)
        .field(field)
}

/// The same, at the row of a bulk file.
fn recommended_at(origin: &super::model::Origin, field: &str, what: &str) -> Diagnostic {
    let d = recommended(&origin.file, field, what);
    match origin.line {
        Some(l) => d.at(crate::diag::Pos::line(l)),
        None => d,
    }
}

fn services(c: &Content, today: NaiveDate, default_months: i64, diags: &mut Vec<Diagnostic>) {
    let mut ids: BTreeMap<&str, &Service> = BTreeMap::new();
    let structure_ids: Vec<&str> = c.structures.iter().map(|s| s.id.v.as_str()).collect();
    for s in &c.services {
        let file = s.origin.file.as_str();
        if let Some(first) = ids.insert(&s.id.v, s) {
            let where_ = match first.origin.line {
                Some(l) => format!("{}, ligne {l}", first.origin.file),
                None => first.origin.file.clone(),
            };
            diags.push(
                err(file, &s.id, "id", "doublon", format!("l'identifiant « {} » est déjà utilisé ({where_})", s.id.v))
                    .suggest(Some("donnez à chaque service un id unique".into())),
            );
        }
        if RESERVED_IDS.contains(&s.id.v.as_str()) {
            diags.push(err(
                file,
                &s.id,
                "id",
                "id-reserve",
                format!("l'identifiant « {} » est réservé à une page du portail", s.id.v),
            ));
        }
        if let Some(st) = &s.structure
            && c.structure(&st.v).is_none()
        {
            diags.push(
                err(file, st, "structure", "reference-cassee", format!("aucune structure n'a l'identifiant « {} »", st.v))
                    .suggest(hint(nearest(st, structure_ids.iter().copied())).or(Some(
                        "créez content/structures/<id>.md, ou remplacez « structure » par porteur = \"Nom de l'organisme\"".into(),
                    ))),
            );
        }
        for z in &s.zone_eligibilite {
            if !valid_zone(&z.v) {
                diags.push(
                    err(
                        file,
                        z,
                        "zone_eligibilite",
                        "zone-invalide",
                        format!(
                            "« {} » n'est ni un code commune, ni un département, ni un SIREN d'EPCI, ni \"france\"",
                            z.v
                        ),
                    )
                    .suggest(Some("exemples : \"24322\" (commune), \"24\" (département), \"france\"".into())),
                );
            }
        }
        if let Some(d) = &s.date_maj {
            stale(file, d, today, s.verification_mois.unwrap_or(default_months), diags);
        }
        if s.frais == Some(crate::referentiels::Frais::Payant) && s.frais_precisions.is_none() {
            diags.push(recommended_at(&s.origin, "frais_precisions", "combien cela coûte, et les aides possibles"));
        }
        if s.telephone.is_none() && s.courriel.is_none() && s.lien_mobilisation.is_none() {
            let from_structure = s
                .structure
                .as_ref()
                .and_then(|id| c.structure(id))
                .is_some_and(|st| st.telephone.is_some() || st.courriel.is_some());
            if !from_structure {
                diags.push(recommended_at(
                    &s.origin,
                    "telephone",
                    "un moyen de joindre le service : téléphone, courriel ou lien",
                ));
            }
        }
        if s.resume.is_none() && s.body.text.trim().is_empty() {
            diags.push(recommended_at(&s.origin, "resume", "une phrase simple qui dit à quoi sert le service"));
        }
        if s.thematiques.is_empty() {
            diags.push(recommended_at(
                &s.origin,
                "thematiques",
                "les thèmes permettent de trouver le service par besoin",
            ));
        }
    }
    let mut sids: BTreeMap<&str, &str> = BTreeMap::new();
    for st in &c.structures {
        if let Some(first) = sids.insert(&st.id.v, &st.origin.file) {
            diags.push(err(
                &st.origin.file,
                &st.id,
                "id",
                "doublon",
                format!("l'identifiant « {} » est déjà utilisé par {first}", st.id.v),
            ));
        }
        if let Some(d) = &st.date_maj {
            stale(&st.origin.file, d, today, default_months, diags);
        }
    }
}

fn valid_zone(z: &str) -> bool {
    let digits = z.chars().all(|c| c.is_ascii_digit());
    z == "france"
        || check::is_insee(z)
        || (z.len() == 2 && (digits || z == "2A" || z == "2B"))
        || (z.len() == 3 && digits && z.starts_with("97"))
        || (z.len() == 9 && digits)
}

fn glossary(c: &Content, diags: &mut Vec<Diagnostic>) {
    let ids: Vec<&str> = c.services.iter().map(|s| s.id.v.as_str()).collect();
    for t in &c.glossary {
        if let Some(v) = &t.voir
            && c.service(&v.v).is_none()
        {
            diags.push(
                err(
                    "content/glossaire.toml",
                    v,
                    "voir",
                    "reference-cassee",
                    format!("aucun service de l'annuaire n'a l'identifiant « {} »", v.v),
                )
                .suggest(hint(nearest(v, ids.iter().copied()))),
            );
        }
    }
}

/// Two files must not publish at the same address.
fn paths(c: &Content, diags: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    let pages = c.chapters.iter().chain(&c.news).chain(&c.pages).map(|p| (&p.origin.path, &p.origin.file));
    let actions = c.actions.iter().map(|a| (&a.origin.path, &a.origin.file));
    for (path, file) in pages.chain(actions) {
        if let Some(first) = seen.insert(path, file) {
            diags.push(
                Diagnostic::error(
                    "adresse-en-double",
                    format!("{file} et {first} seraient publiés à la même adresse /{path}"),
                )
                .file(file.clone())
                .suggest(Some("renommez l'un des deux fichiers".into())),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Loads a site written into a temporary folder and validates it on a fixed day.
    fn validate_site(action: &str) -> Vec<Diagnostic> {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/actions")).unwrap();
        std::fs::create_dir_all(root.join("content/annuaire")).unwrap();
        let site = "titre = \"T\"\nterritoire = \"T\"\nurl = \"https://x.org/\"\n[[communes]]\ncode = \"24001\"\nnom = \"Une\"\n[[axes]]\nid = \"acces\"\nnumero = 1\ntitre = \"A\"\n[[axes.objectifs]]\nid = \"droits\"\nnumero = \"1.1\"\ntitre = \"O\"\n";
        std::fs::write(root.join("content/actions/1.1.1-a.md"), action).unwrap();
        std::fs::write(root.join("content/annuaire/pfidass.md"), "+++\ntitre = \"S\"\nporteur = \"P\"\ntelephone = \"01 99 00 00 00\"\nthematiques = [\"acces-aux-droits\"]\nresume = \"R\"\ndate_maj = 2026-01-01\n+++\n").unwrap();
        let mut d = Vec::new();
        let config = crate::config::parse(site, &mut d).unwrap();
        let c = crate::content::load::load(root, &mut d);
        validate(&config, &c, NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(), &mut d);
        d
    }

    const ACTION: &str = "+++\ntitre = \"A\"\nnumero = \"1.1.1\"\naxe = \"acces\"\nobjectif = \"droits\"\nstatut = \"en-cours\"\nresume = \"R\"\ndate_maj = 2026-01-01\nressources = [\"pfidass\"]\ncommunes = [\"24001\"]\n+++\n";

    #[test]
    fn a_valid_site_has_no_finding() {
        let d = validate_site(ACTION);
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn broken_references_name_the_line_and_the_nearest_id() {
        let d = validate_site(
            &ACTION.replace("axe = \"acces\"", "axe = \"acess\"").replace("[\"pfidass\"]", "[\"pfidas\"]"),
        );
        let axe = d.iter().find(|x| x.field.as_deref() == Some("axe")).expect("axe");
        assert_eq!((axe.line, axe.suggestion.as_deref()), (Some(4), Some("vouliez-vous dire « acces » ?")));
        let r = d.iter().find(|x| x.field.as_deref() == Some("ressources")).expect("ressources");
        assert_eq!((r.line, r.suggestion.as_deref()), (Some(9), Some("vouliez-vous dire « pfidass » ?")));
    }

    #[test]
    fn a_value_written_twice_in_a_list_is_a_warning_at_the_second() {
        use crate::diag::Severity;
        let d = validate_site(&ACTION.replace("[\"pfidass\"]", "[\"pfidass\", \"pfidass\"]"));
        let w: Vec<_> = d.iter().filter(|x| x.rule == "doublon").collect();
        assert_eq!(w.len(), 1, "{d:?}");
        assert_eq!((w[0].severity, w[0].line, w[0].field.as_deref()), (Severity::Warning, Some(9), Some("ressources")));
        assert!(
            w[0].message.contains("« pfidass » est écrit deux fois dans « ressources » (éléments 1 et 2)"),
            "{}",
            w[0].message
        );
        // Every list field is read by the same code: a commune too.
        let d = validate_site(&ACTION.replace("[\"24001\"]", "[\"24001\", \" 24001\", \"24001\"]"));
        let c: Vec<_> = d.iter().filter(|x| x.rule == "doublon").collect();
        assert_eq!(c.len(), 2, "{d:?}");
        assert!(c.iter().all(|x| x.field.as_deref() == Some("communes") && x.severity == Severity::Warning));
    }

    #[test]
    fn freshness_is_judged_against_the_build_day() {
        let d = validate_site(&ACTION.replace("date_maj = 2026-01-01", "date_maj = 2023-01-01"));
        assert!(d.iter().any(|x| x.rule == "date-perimee" && x.severity == crate::diag::Severity::Warning), "{d:?}");
        let d = validate_site(&ACTION.replace("date_maj = 2026-01-01", "date_maj = 2027-01-01"));
        assert!(d.iter().any(|x| x.rule == "date-future"), "{d:?}");
    }

    #[test]
    fn zones() {
        for ok in ["24322", "24", "2A", "974", "200040715", "france"] {
            assert!(valid_zone(ok), "{ok}");
        }
        for bad in ["2", "243", "Périgueux", "1234567890"] {
            assert!(!valid_zone(bad), "{bad}");
        }
    }
}
