//! Reading directory services and structures.

use super::check;
use super::model::{Body, Lieu, Origin, Service, Structure};
use super::reader::Fields;
use crate::diag::Diagnostic;
use crate::referentiels::{self as refs, di};

/// Where the fields come from: bulk files may hold data·inclusion codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Markdown,
    Bulk,
}

pub fn read_service(f: &Fields, origin: Origin, default_id: &str, body: Body, source: Source) -> Option<Service> {
    let titre = f.req_str("titre", "le nom du service");
    let id = f.str("id").unwrap_or_else(|| super::reader::At { v: default_id.to_string(), pos: f.pos() });
    if !valid_id(&id.v) {
        f.doc().report(
            f.error("id", id.pos, "id-invalide", format!("l'identifiant « {} » ne peut servir d'adresse web", id.v))
                .suggest(Some(format!("id = \"{}\"", crate::slug::slugify(&id.v)))),
        );
    }
    let structure = f.str("structure");
    let porteur = f.str("porteur").map(|v| v.v);
    if structure.is_none() && porteur.is_none() {
        f.doc().report(
            Diagnostic::error("champ-manquant", "il faut « structure » (l'identifiant d'une fiche de structures/) ou « porteur » (le nom de l'organisme)")
                .at(f.pos())
                .field("structure")
                .suggest(Some("porteur = \"Nom de l'organisme qui propose le service\"".into())),
        );
    }
    let date_maj = f.date("date_maj");
    if !f.has("date_maj") {
        f.doc().report(
            Diagnostic::error(
                "champ-manquant",
                "le champ obligatoire « date_maj » manque : les habitants voient « informations vérifiées le … »",
            )
            .at(f.pos())
            .field("date_maj")
            .suggest(Some("date_maj = la date de votre dernière vérification, par exemple 2026-03-01".into())),
        );
    }
    let (thematiques, thematiques_di) = local_or_di(f, "thematiques", refs::thematiques(), di::thematiques(), source);
    let (publics, publics_di) = local_or_di(f, "publics", refs::publics(), di::publics(), source);
    check::tous_publics_alone(f, "publics", source != Source::Markdown);
    let frais = check::closed_choice(f, "frais", refs::Frais::CODES);
    // Every field is read before any `?`: a bad value must not hide the rest of the file.
    let sigle = f.str("sigle").map(|v| v.v);
    let alias: Vec<String> = f.strs("alias").into_iter().map(|v| v.v).collect();
    let dispositif = check::code(f, "dispositif", refs::dispositifs()).map(|v| v.v);
    let kind = check::closed_choice(f, "type", refs::TypeService::CODES);
    let publics_precisions = f.str("publics_precisions").map(|v| v.v);
    let conditions_acces = f.str("conditions_acces").map(|v| v.v);
    let frais_precisions = f.str("frais_precisions").map(|v| v.v);
    let modes_accueil = check::closed_choices(f, "modes_accueil", refs::ModeAccueil::CODES);
    let mobilisable_par = check::closed_choices(f, "mobilisable_par", refs::MobilisablePar::CODES);
    let modes_mobilisation = check::closed_choices(f, "modes_mobilisation", refs::ModeMobilisation::CODES);
    let mobilisation_precisions = f.str("mobilisation_precisions").map(|v| v.v);
    let lien_mobilisation = check::web_url(f, "lien_mobilisation");
    let zone_eligibilite = f.strs("zone_eligibilite");
    let horaires_accueil = check::hours(f, "horaires_accueil");
    let telephone = check::phone(f, "telephone");
    let courriel = check::email(f, "courriel");
    let site_web = check::web_url(f, "site_web");
    let accessibilite_lieu = check::web_url(f, "accessibilite_lieu");
    let resume = super::action::resume(f);
    let verification_mois = f.int_in("verification_mois", 1, 120).map(|m| m.v);
    let lieu = f.table("lieu").map(lieu);
    Some(Service {
        titre: titre?.v,
        sigle,
        alias,
        dispositif,
        kind,
        publics_precisions,
        conditions_acces,
        frais_precisions,
        modes_accueil,
        mobilisable_par,
        modes_mobilisation,
        mobilisation_precisions,
        lien_mobilisation,
        zone_eligibilite,
        horaires_accueil,
        telephone,
        courriel,
        site_web,
        accessibilite_lieu,
        date_maj: Some(date_maj?),
        resume,
        verification_mois,
        lieu,
        structure,
        porteur,
        thematiques,
        thematiques_di,
        publics,
        publics_di,
        frais,
        id,
        origin,
        body,
    })
}

pub fn read_structure(f: &Fields, origin: Origin, default_id: &str, body: Body) -> Option<Structure> {
    let titre = f.req_str("titre", "le nom de la structure");
    let id = f.str("id").unwrap_or_else(|| super::reader::At { v: default_id.to_string(), pos: f.pos() });
    let siret = f.str("siret").and_then(|s| {
        let digits: String = s.v.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.len() == 14 && digits.chars().all(|c| c.is_ascii_digit()) {
            Some(digits)
        } else {
            f.doc().report(f.error(
                "siret",
                s.pos,
                "siret-invalide",
                format!("« {} » n'est pas un SIRET (14 chiffres)", s.v),
            ));
            None
        }
    });
    let reseaux = f.strs("reseaux_porteurs");
    let reseaux_porteurs = reseaux
        .into_iter()
        .filter(|r| {
            let ok = di::reseaux_porteurs().contains(&r.v);
            if !ok {
                f.doc().report(
                    f.error(
                        "reseaux_porteurs",
                        r.pos,
                        "code-inconnu",
                        format!("« {} » n'est pas un réseau porteur de data·inclusion", r.v),
                    )
                    .suggest(
                        crate::diag::nearest(&r.v, di::reseaux_porteurs().iter().map(String::as_str))
                            .map(|n| format!("vouliez-vous dire « {n} » ?")),
                    ),
                );
            }
            ok
        })
        .map(|r| r.v)
        .collect();
    let sigle = f.str("sigle").map(|v| v.v);
    let site_web = check::web_url(f, "site_web");
    let telephone = check::phone(f, "telephone");
    let courriel = check::email(f, "courriel");
    let horaires_accueil = check::hours(f, "horaires_accueil");
    let lieu = f.table("lieu").map(lieu);
    let date_maj = f.date("date_maj");
    Some(Structure {
        titre: titre?.v,
        sigle,
        siret,
        reseaux_porteurs,
        site_web,
        telephone,
        courriel,
        horaires_accueil,
        lieu,
        date_maj,
        id,
        origin,
        body,
    })
}

fn lieu(l: Fields) -> Lieu {
    let code_postal = l.str("code_postal").and_then(|c| {
        if check::is_postcode(&c) {
            Some(c.v)
        } else {
            l.doc().report(l.error(
                "code_postal",
                c.pos,
                "code-postal-invalide",
                format!("« {} » n'est pas un code postal (5 chiffres)", c.v),
            ));
            None
        }
    });
    let code_insee = l.str("code_insee").filter(|c| {
        let ok = check::is_insee(c);
        if !ok {
            l.doc().report(
                l.error(
                    "code_insee",
                    c.pos,
                    "code-insee-invalide",
                    format!("« {} » n'est pas un code INSEE (5 caractères)", c.v),
                )
                .suggest(Some("le code INSEE n'est pas le code postal".into())),
            );
        }
        ok
    });
    let (latitude, longitude) = check::coordinates(&l);
    let out = Lieu {
        adresse: l.str("adresse").map(|v| v.v),
        complement_adresse: l.str("complement_adresse").map(|v| v.v),
        code_postal,
        commune: l.str("commune").map(|v| v.v),
        code_insee,
        latitude,
        longitude,
    };
    l.finish();
    out
}

/// Reads a code list that bulk files may fill with data·inclusion codes.
/// Returns local codes (including those mapped from data·inclusion) and the data·inclusion codes given.
fn local_or_di(
    f: &Fields,
    key: &'static str,
    local: refs::List,
    di_codes: &[String],
    source: Source,
) -> (Vec<String>, Vec<String>) {
    if source == Source::Markdown {
        return (check::codes(f, key, local), Vec::new());
    }
    let mut locals = Vec::new();
    let mut dis = Vec::new();
    for v in f.strs(key) {
        if local.get(&v.v).is_some() {
            locals.push(v.v);
        } else if di_codes.contains(&v.v) {
            // Shown under the first local code that maps to it, in the code list's order.
            if let Some(c) = local.codes.iter().find(|c| c.di.as_ref().is_some_and(|d| d.contains(&v.v)))
                && !locals.contains(&c.code)
            {
                locals.push(c.code.clone());
            }
            dis.push(v.v);
        } else {
            let mut all: Vec<&str> = local.codes().collect();
            all.extend(di_codes.iter().map(String::as_str));
            f.doc().report(
                f.error(key, v.pos, "code-inconnu", format!("« {} » n'est pas une valeur connue de « {key} »", v.v))
                    .suggest(
                        crate::diag::nearest(&v.v, all.iter().copied()).map(|n| format!("vouliez-vous dire « {n} » ?")),
                    ),
            );
        }
    }
    (locals, dis)
}

/// Ids become addresses (`/annuaire/<id>/`): keep them to safe characters.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty() && !id.starts_with('.') && id.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
}
