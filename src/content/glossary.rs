//! Reading `content/glossaire.toml`.

use super::model::Term;
use super::reader::{Doc, Fields};
use crate::diag::Diagnostic;
use std::collections::BTreeMap;

pub fn read(doc: &Doc) -> Vec<Term> {
    let Some(table) = doc.parse() else {
        return Vec::new();
    };
    let root = Fields::root(doc, &table);
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut terms = Vec::new();
    for t in root.tables("termes") {
        let line = t.pos().line;
        let sigle = t.str("sigle");
        let nom = t.req_str("nom", "le nom complet, ou le terme expliqué");
        let definition = t.str("definition").map(|v| v.v);
        let aussi = t.strs("aussi").into_iter().map(|v| v.v).collect();
        let voir = t.str("voir");
        let key = sigle.as_ref().map(|s| s.v.clone()).or_else(|| nom.as_ref().map(|n| n.v.clone()));
        if let Some(key) = key {
            if let Some(first) = seen.get(&key) {
                let pos = sigle.as_ref().map_or(t.pos(), |s| s.pos);
                doc.report(
                    t.error("sigle", pos, "doublon", format!("« {key} » est déjà défini à la ligne {first}"))
                        .suggest(Some("regroupez les deux définitions en une seule".into())),
                );
            } else {
                seen.insert(key, line);
            }
        }
        if definition.is_none() {
            doc.report(
                Diagnostic::warning(
                    "definition-manquante",
                    format!("le terme « {} » n'a pas de définition", nom.as_ref().map_or("?", |n| n.v.as_str())),
                )
                .at(t.pos())
                .field(t.name("definition")),
            );
        }
        if let Some(nom) = nom {
            terms.push(Term { sigle, nom: nom.v, definition, aussi, voir, line });
        }
        t.finish();
    }
    root.finish();
    terms.sort_by_key(|t| sort_key(t.sigle.as_ref().map_or(&t.nom, |s| &s.v)));
    terms
}

/// Alphabetical order that ignores case and accents, as a reader expects.
pub fn sort_key(s: &str) -> String {
    deunicode::deunicode(s).to_lowercase()
}
