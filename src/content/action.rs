//! Reading a fiche-action's front matter.

use super::check;
use super::model::{Action, Bilan, Body, Etape, Evenement, Financement, Indicateur, Mesure, Origin, Partenaire};
use super::plausible;
use super::reader::Fields;
use crate::diag::Diagnostic;
use crate::referentiels::{self as refs, di};

pub const RESUME_MAX: usize = 300;

pub fn read(f: &Fields, origin: Origin, body: Body) -> Option<Action> {
    let titre = f.req_str("titre", "le titre de l'action");
    let numero = f.number_str("numero");
    if f.has("numero") {
        f.required("numero", "axe.objectif.action, par exemple 1.1.2");
    } else {
        f.doc().report(
            Diagnostic::error(
                "champ-manquant",
                "le champ obligatoire « numero » manque (axe.objectif.action, par exemple 1.1.2)",
            )
            .at(f.pos())
            .field("numero")
            .suggest(guess_numero(&origin.file).map(|n| format!("numero = \"{n}\""))),
        );
    }
    let axe = f.req_str("axe", "l'identifiant d'un axe de site.toml");
    let objectif = f.req_str("objectif", "l'identifiant d'un objectif de cet axe");
    let statut = check::closed(f, "statut", refs::statuts());
    if f.has("statut") {
        f.required("statut", "a-venir, en-cours, realisee, reportee ou abandonnee");
    } else {
        f.doc().report(
            Diagnostic::error("champ-manquant", "le champ obligatoire « statut » manque")
                .at(f.pos())
                .field("statut")
                .suggest(Some(format!(
                    "valeurs possibles : {}",
                    refs::statuts().codes().collect::<Vec<_>>().join(", ")
                ))),
        );
    }
    let resume = resume(f);
    let date_maj = f.date("date_maj");
    let debut = f.date("debut");
    let fin = f.date("fin");
    if let (Some(d), Some(e)) = (&debut, &fin)
        && e.v < d.v
    {
        f.doc().report(f.error(
            "fin",
            e.pos,
            "dates-inversees",
            format!("l'action finit ({}) avant de commencer ({})", e.v, d.v),
        ));
    }
    // Every field is read before any `?`: a bad value must not hide the rest of the file.
    let pilotes = texts(f, "pilotes");
    let copilotes = texts(f, "copilotes");
    let communes = f.strs("communes");
    let territoire_precisions = f.str("territoire_precisions").map(|v| v.v);
    let publics = check::codes(f, "publics", refs::publics());
    check::tous_publics_alone(f, "publics", false);
    let publics_precisions = f.str("publics_precisions").map(|v| v.v);
    let types_action = check::codes(f, "types_action", refs::types_action());
    let thematiques = check::codes(f, "thematiques", refs::thematiques());
    let determinants = check::codes(f, "determinants", refs::determinants());
    let interventions = check::codes(f, "interventions", refs::interventions());
    let participation = check::codes(f, "participation", refs::participation());
    let donnees_ists = check::choice(f, "donnees_ists", di::DONNEES_ISTS).map(|v| v.v);
    let contrat_de_ville = f.bool("contrat_de_ville");
    let ressources = f.strs("ressources");
    let constats = f.strs("constats");
    let partenaires = partenaires(f);
    let indicateurs = indicateurs(f);
    let evenements = evenements(f);
    let financement = financement(f);
    let etapes = etapes(f);
    let bilans = bilans(f);
    Some(Action {
        titre: titre?.v,
        numero: numero?,
        axe: axe?,
        objectif: objectif?,
        statut: statut?,
        resume,
        date_maj,
        debut: debut.map(|d| d.v),
        fin: fin.map(|d| d.v),
        pilotes,
        copilotes,
        communes,
        territoire_precisions,
        publics,
        publics_precisions,
        types_action,
        thematiques,
        determinants,
        interventions,
        participation,
        donnees_ists,
        contrat_de_ville,
        ressources,
        constats,
        partenaires,
        indicateurs,
        evenements,
        financement,
        etapes,
        bilans,
        origin,
        body,
    })
}

/// `resume` is shown to residents: short and plain.
pub fn resume(f: &Fields) -> Option<String> {
    let r = f.str("resume")?;
    let n = r.v.chars().count();
    if n > RESUME_MAX {
        f.doc().report(
            f.error(
                "resume",
                r.pos,
                "resume-trop-long",
                format!("le résumé fait {n} caractères ; {RESUME_MAX} au plus"),
            )
            .suggest(Some("gardez une ou deux phrases simples ; le détail va dans le texte de la page".into())),
        );
    }
    Some(r.v)
}

fn texts(f: &Fields, key: &'static str) -> Vec<String> {
    f.strs(key).into_iter().map(|v| v.v).collect()
}

fn guess_numero(file: &str) -> Option<String> {
    let stem = file.rsplit('/').next()?;
    let n: String = stem.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
    let n = n.trim_end_matches('.');
    (!n.is_empty()).then(|| n.to_string())
}

fn partenaires(f: &Fields) -> Vec<Partenaire> {
    f.tables("partenaires")
        .into_iter()
        .filter_map(|p| {
            let nom = p.req_str("nom", "le nom du partenaire");
            let out = nom.map(|nom| Partenaire {
                nom: nom.v,
                secteur: check::code(&p, "secteur", refs::secteurs()).map(|v| v.v),
                role: p.str("role").map(|v| v.v),
            });
            p.finish();
            out
        })
        .collect()
}

fn indicateurs(f: &Fields) -> Vec<Indicateur> {
    f.tables("indicateurs")
        .into_iter()
        .filter_map(|i| {
            let libelle = i.req_str("libelle", "ce que l'indicateur mesure");
            let kind = check::closed_choice(&i, "type", refs::IndicatorKind::CODES);
            let unite = i.str("unite").map(|v| v.v);
            let range = plausible::of_unit(unite.as_deref(), false);
            let cible = plausible::read(&i, "cible", range);
            let source = i.str("source").map(|v| v.v);
            let reference = plausible::read(&i, "reference", range);
            let date_reference = i.date("date_reference");
            let indicateur_diagnostic = i.str("indicateur_diagnostic");
            let mut mesures: Vec<Mesure> = i
                .tables("mesures")
                .into_iter()
                .filter_map(|m| {
                    let out = mesure(&m, plausible::of_unit(unite.as_deref(), true));
                    m.finish();
                    out
                })
                .collect();
            mesures.sort_by_key(|m| m.date.v);
            let out = libelle.map(|l| Indicateur {
                kind,
                libelle: l.v,
                cible,
                unite,
                source,
                reference,
                date_reference,
                mesures,
                indicateur_diagnostic,
            });
            i.finish();
            out
        })
        .collect()
}

/// One measure: a number (`valeur`) or a qualitative finding (`constat`), exactly one of them.
fn mesure(m: &Fields, kind: plausible::Kind) -> Option<Mesure> {
    let date = m.date("date");
    m.require("date", "date = 2026-06-30 (le jour de la mesure)");
    let valeur = m.float("valeur");
    let possible = valeur.as_ref().is_none_or(|v| plausible::check(m, "valeur", v, kind));
    let constat = m.str("constat");
    let out = match (&valeur, &constat, m.has("valeur") || m.has("constat")) {
        (Some(_), Some(c), _) => {
            m.doc().report(
                m.error(
                    "constat",
                    c.pos,
                    "valeur-et-constat",
                    "une mesure a soit une valeur (un nombre), soit un constat (une phrase), pas les deux",
                )
                .suggest(Some("séparez-les en deux [[indicateurs.mesures]] à la même date".into())),
            );
            None
        }
        (None, None, false) => {
            m.doc().report(
                Diagnostic::error(
                    "champ-manquant",
                    format!("la mesure n'a ni « {} » ni « {} »", m.name("valeur"), m.name("constat")),
                )
                .at(m.pos())
                .field(m.name("valeur"))
                .suggest(Some("valeur = 12 pour un nombre, ou constat = \"…\" pour un constat écrit".into())),
            );
            None
        }
        _ => Some(()),
    };
    let commentaire = m.str("commentaire").map(|v| v.v);
    out?;
    if !possible || (valeur.is_none() && constat.is_none()) {
        // Present but unreadable: the reader has said why.
        return None;
    }
    Some(Mesure { date: date?, valeur: valeur.map(|v| v.v), constat: constat.map(|c| c.v), commentaire })
}

fn etapes(f: &Fields) -> Vec<Etape> {
    f.tables("etapes")
        .into_iter()
        .filter_map(|e| {
            let titre = e.req_str("titre", "ce que l'étape fait");
            let debut = e.date("debut");
            let fin = e.date("fin");
            if let (Some(d), Some(x)) = (&debut, &fin)
                && x.v < d.v
            {
                e.doc().report(e.error(
                    "fin",
                    x.pos,
                    "dates-inversees",
                    format!("l'étape finit ({}) avant de commencer ({})", x.v, d.v),
                ));
            }
            let statut = check::closed(&e, "statut", refs::statuts()).map(|v| v.v);
            e.finish();
            Some(Etape { titre: titre?.v, debut: debut.map(|d| d.v), fin: fin.map(|d| d.v), statut })
        })
        .collect()
}

fn bilans(f: &Fields) -> Vec<Bilan> {
    let mut last: Option<chrono::NaiveDate> = None;
    f.tables("bilans")
        .into_iter()
        .filter_map(|b| {
            let date = b.date("date");
            b.require("date", "date = 2026-06-30 (le jour du bilan)");
            let statut = check::closed(&b, "statut", refs::statuts());
            b.require("statut", "statut = \"en-cours\" (le statut de l'action à la date du bilan)");
            let texte = b.req_str("texte", "ce que le bilan constate, en quelques phrases");
            let suite = b.str("suite").map(|v| v.v);
            if let Some(d) = &date {
                if let Some(prev) = last
                    && d.v < prev
                {
                    b.doc().report(
                        b.error(
                            "date",
                            d.pos,
                            "bilans-desordre",
                            format!("ce bilan ({}) est plus ancien que le précédent ({prev})", d.v),
                        )
                        .suggest(Some("rangez les [[bilans]] du plus ancien au plus récent".into())),
                    );
                }
                last = Some(d.v);
            }
            b.finish();
            Some(Bilan { date: date?, statut: statut?, texte: texte?.v, suite })
        })
        .collect()
}

fn evenements(f: &Fields) -> Vec<super::model::Evenement> {
    f.tables("evenements")
        .into_iter()
        .filter_map(|e| {
            let titre = e.req_str("titre", "le nom de l'événement");
            let debut = e.when("debut");
            e.require("debut", "debut = 2026-05-12T14:00:00+02:00");
            let fin = e.when("fin");
            if let (Some(d), Some(x)) = (&debut, &fin)
                && x.v.naive() < d.v.naive()
            {
                e.doc().report(e.error("fin", x.pos, "dates-inversees", "l'événement finit avant de commencer"));
            }
            let out = Some(Evenement {
                titre: titre?.v,
                debut: debut?.v,
                fin: fin.map(|v| v.v),
                lieu: e.str("lieu").map(|v| v.v),
                commune: e.str("commune"),
                description: e.str("description").map(|v| v.v),
                lien: check::web_url(&e, "lien"),
            });
            e.finish();
            out
        })
        .collect()
}

fn financement(f: &Fields) -> Option<Financement> {
    let t = f.table("financement")?;
    let out = Financement {
        montant: plausible::read(&t, "montant", plausible::Kind::Amount),
        financeurs: texts(&t, "financeurs"),
        precisions: t.str("precisions").map(|v| v.v),
    };
    t.finish();
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numero_is_guessed_from_the_file_name() {
        assert_eq!(guess_numero("content/actions/1.1.2-pfidass.md").as_deref(), Some("1.1.2"));
        assert_eq!(guess_numero("content/actions/pfidass.md"), None);
    }
}
