//! Open data beside the directory: GeoJSON, the fiches-actions as JSON, and the compact feed
//! the embeds filter.

use crate::Site;
use crate::content::query::service_lieu;
use crate::referentiels as refs;
use crate::route::Route;
use rayon::prelude::*;
use serde_json::{Value, json};

/// RFC 7946 FeatureCollection of the services that have coordinates (`[lon, lat]`).
pub fn geojson(site: &Site) -> Value {
    let features: Vec<Value> = site
        .content
        .services
        .iter()
        .filter_map(|s| {
            // Its place's coordinates, else its commune's centre (`precision` says which).
            let at = crate::content::query::service_position(&site.config, &site.content, s)?;
            let lieu = service_lieu(&site.content, s);
            Some(json!({
                "type": "Feature",
                "id": s.id.v,
                "geometry": { "type": "Point", "coordinates": [at.longitude, at.latitude] },
                "properties": {
                    "nom": s.titre,
                    "url": format!("{}{}", site.config.url, s.origin.path),
                    "precision": if at.exact { "adresse" } else { "commune" },
                    "resume": s.resume,
                    "telephone": s.telephone,
                    "adresse": lieu.and_then(|l| l.adresse.clone()),
                    "code_postal": lieu.and_then(|l| l.code_postal.clone()),
                    "commune": lieu.and_then(|l| l.commune.clone()),
                    "horaires_accueil": s.horaires_accueil,
                    "thematiques": s.thematiques,
                    "date_maj": s.date_maj.as_ref().map(|d| d.v.to_string()),
                },
            }))
        })
        .collect();
    json!({ "type": "FeatureCollection", "features": features })
}

fn labels(list: refs::List, codes: &[String]) -> Vec<Value> {
    codes.iter().map(|c| json!({ "code": c, "libelle": list.label(c) })).collect()
}

/// `head` as JSON, with its array `key` filled with `items`, each already written: a feed's
/// items are never all held as values at once. The bytes are those `serde_json` writes for the
/// whole value (its objects list their keys in order).
fn spliced(mut head: Value, key: &str, items: Vec<Vec<u8>>) -> Vec<u8> {
    head[key] = Value::Array(Vec::new());
    let text = serde_json::to_vec(&head).unwrap_or_default();
    let hole = format!("\"{key}\":[]").into_bytes();
    let Some(at) = text.windows(hole.len()).position(|w| w == hole.as_slice()) else { return text };
    let at = at + hole.len() - 1;
    let mut out = Vec::with_capacity(text.len() + items.iter().map(|i| i.len() + 1).sum::<usize>());
    out.extend_from_slice(&text[..at]);
    for (n, item) in items.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        out.extend_from_slice(item);
    }
    out.extend_from_slice(&text[at..]);
    out
}

/// Every fiche-action with its structured fields.
pub fn actions(site: &Site) -> Vec<u8> {
    let cfg = &site.config;
    let actions: Vec<Vec<u8>> = site
        .content
        .actions
        .par_iter()
        .map(|a| {
            let axe = cfg.axe(&a.axe);
            let objectif = axe.and_then(|x| x.objectifs.iter().find(|o| o.id == a.objectif.v));
            let v = json!({
                "numero": a.numero.v,
                "titre": a.titre,
                "url": format!("{}{}", cfg.url, a.origin.path),
                "axe": axe.map(|x| json!({ "id": x.id, "numero": x.numero, "titre": x.titre })),
                "objectif": objectif.map(|o| json!({ "id": o.id, "numero": o.numero, "titre": o.titre })),
                "statut": { "code": a.statut.v.code(), "libelle": a.statut.v.label() },
                "resume": a.resume,
                "date_maj": a.date_maj.as_ref().map(|d| d.v.to_string()),
                "debut": a.debut.map(|d| d.to_string()),
                "fin": a.fin.map(|d| d.to_string()),
                "pilotes": a.pilotes,
                "copilotes": a.copilotes,
                "communes": a.communes.iter().map(|c| c.v.clone()).collect::<Vec<_>>(),
                "territoire_precisions": a.territoire_precisions,
                "publics": labels(refs::publics(), &a.publics),
                "publics_precisions": a.publics_precisions,
                "types_action": labels(refs::types_action(), &a.types_action),
                "thematiques": labels(refs::thematiques(), &a.thematiques),
                "determinants": labels(refs::determinants(), &a.determinants),
                "interventions": labels(refs::interventions(), &a.interventions),
                "participation": labels(refs::participation(), &a.participation),
                "donnees_ists": a.donnees_ists,
                "contrat_de_ville": a.contrat_de_ville,
                "ressources": a.ressources.iter().map(|r| json!({ "id": r.v, "url": format!("{}{}", cfg.url, Route::Service(&r.v).path()) })).collect::<Vec<_>>(),
                "partenaires": a.partenaires.iter().map(|p| json!({ "nom": p.nom, "secteur": p.secteur, "role": p.role })).collect::<Vec<_>>(),
                "indicateurs": a.indicateurs.iter().map(|i| json!({
                    "type": i.kind.map(|k| k.code()), "libelle": i.libelle, "cible": i.cible, "unite": i.unite, "source": i.source,
                    "reference": i.reference, "date_reference": i.date_reference.as_ref().map(|d| d.v.to_string()),
                    "mesures": i.mesures.iter().map(|m| json!({ "date": m.date.v.to_string(), "valeur": m.valeur, "constat": m.constat, "commentaire": m.commentaire })).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
                "evenements": a.evenements.iter().map(|e| json!({
                    "titre": e.titre, "debut": crate::format::iso(&e.debut), "fin": e.fin.as_ref().map(crate::format::iso),
                    "lieu": e.lieu, "commune": e.commune.as_ref().map(|c| c.v.clone()), "description": e.description, "lien": e.lien,
                })).collect::<Vec<_>>(),
                "financement": a.financement.as_ref().map(|f| json!({ "montant": f.montant, "financeurs": f.financeurs, "precisions": f.precisions })),
                "etapes": a.etapes.iter().map(|e| json!({
                    "titre": e.titre, "debut": e.debut.map(|d| d.to_string()), "fin": e.fin.map(|d| d.to_string()), "statut": e.statut.map(|s| s.code()),
                })).collect::<Vec<_>>(),
                "bilans": a.bilans.iter().map(|b| json!({ "date": b.date.v.to_string(), "statut": b.statut.v.code(), "texte": b.texte, "suite": b.suite })).collect::<Vec<_>>(),
            });
            serde_json::to_vec(&v).unwrap_or_default()
        })
        .collect();
    spliced(json!({ "source": cfg.source_id, "titre": cfg.titre }), "actions", actions)
}

/// One service as the embed shows it, with the communes it serves.
fn embed_item(site: &Site, i: usize) -> Vec<u8> {
    let cfg = &site.config;
    let c = &site.content;
    let s = &c.services[i];
    let lieu = service_lieu(c, s);
    let communes: Vec<&str> = site.served.communes_of(i).map(|x| cfg.communes[x].code.as_str()).collect();
    let v = json!({
        "id": s.id.v,
        "titre": s.titre,
        "url": format!("{}{}", cfg.url, s.origin.path),
        "resume": s.resume,
        "telephone": s.telephone.as_ref().or_else(|| s.structure.as_ref().and_then(|id| c.structure(id)).and_then(|st| st.telephone.as_ref())),
        "commune": lieu.and_then(|l| l.commune.clone()),
        "communes": communes,
        "thematiques": s.thematiques,
        "publics": s.publics,
    });
    serde_json::to_vec(&v).unwrap_or_default()
}

/// The compact feed the embed page and the web component filter client-side. A large directory
/// leaves its services out: `par_commune` names the folder of one file per commune
/// ([`embed_commune`]), which the scripts read instead.
pub fn embed(site: &Site) -> Vec<u8> {
    let cfg = &site.config;
    let c = &site.content;
    let by_commune = crate::plan::embed_by_commune(c);
    let services: Vec<Vec<u8>> = if by_commune {
        Vec::new()
    } else {
        (0..c.services.len()).into_par_iter().map(|i| embed_item(site, i)).collect()
    };
    let mut head = json!({
        "titre": cfg.titre,
        "url": cfg.url,
        "communes": cfg.communes.iter().map(|x| json!({ "code": x.code, "nom": x.nom })).collect::<Vec<_>>(),
        "thematiques": refs::thematiques().codes.iter().map(|t| json!({ "code": t.code, "libelle": t.libelle })).collect::<Vec<_>>(),
    });
    if by_commune {
        head["par_commune"] = json!("embed/annuaire/communes/");
        return serde_json::to_vec(&head).unwrap_or_default();
    }
    spliced(head, "services", services)
}

/// The embed's services for one commune: those that serve it.
pub fn embed_commune(site: &Site, commune: usize) -> Vec<u8> {
    let cfg = &site.config;
    let services: Vec<Vec<u8>> = site.served.services_of(commune).map(|i| embed_item(site, i)).collect();
    spliced(json!({ "url": cfg.url, "commune": cfg.communes[commune].code }), "services", services)
}

/// The communes of the territory with their postcodes and centre: what "near me" matches a typed
/// commune or postcode against, in the browser.
pub fn communes(site: &Site) -> Vec<u8> {
    let list: Vec<serde_json::Value> = site
        .config
        .communes
        .iter()
        .map(|x| {
            json!({
                "code": x.code,
                "nom": x.nom,
                "codes_postaux": x.codes_postaux,
                "latitude": x.latitude,
                "longitude": x.longitude,
            })
        })
        .collect();
    serde_json::to_vec(&json!({ "communes": list })).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spliced_feed_is_what_serde_writes_for_the_whole_value() {
        let items = vec![json!({"b": 1, "a": [2]}), json!("x")];
        let whole = json!({"titre": "T", "liste": items.clone(), "autre": null});
        let bytes = items.iter().map(|v| serde_json::to_vec(v).unwrap()).collect();
        let made = spliced(json!({"titre": "T", "autre": null}), "liste", bytes);
        assert_eq!(String::from_utf8(made).unwrap(), whole.to_string());
        let empty = spliced(json!({"titre": "T"}), "liste", Vec::new());
        assert_eq!(String::from_utf8(empty).unwrap(), json!({"titre": "T", "liste": []}).to_string());
    }
}
