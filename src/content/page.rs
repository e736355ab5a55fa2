//! Reading simple pages (home, chapters, news, other pages) and easy-to-read twins.

use super::model::{Body, Origin, Page, PageKind, Twin};
use super::reader::Fields;
use crate::diag::Diagnostic;

pub fn read_page(f: &Fields, kind: PageKind, origin: Origin, body: Body) -> Option<Page> {
    let titre = match kind {
        // The home page and section intros may rely on the site's title.
        PageKind::Home | PageKind::Section => f.str("titre"),
        _ => f.req_str("titre", "le titre de la page"),
    };
    let date = f.date("date");
    if kind == PageKind::News && !f.has("date") {
        f.doc().report(
            Diagnostic::error("champ-manquant", "une actualité a besoin d'une « date » de publication")
                .at(f.pos())
                .field("date")
                .suggest(Some("date = 2026-03-01".into())),
        );
    }
    let page = Page {
        kind,
        titre: titre.map(|t| t.v).unwrap_or_default(),
        resume: super::action::resume(f),
        poids: f.int("poids").map_or(0, |p| p.v),
        date_maj: f.date("date_maj").map(|d| d.v),
        date: date.map(|d| d.v),
        origin,
        body,
    };
    if kind == PageKind::News && page.date.is_none() {
        return None;
    }
    (!page.titre.is_empty() || matches!(kind, PageKind::Home | PageKind::Section)).then_some(page)
}

pub fn read_twin(f: Option<&Fields>, of: String, origin: Origin, body: Body) -> Twin {
    let Some(f) = f else {
        return Twin {
            origin,
            of,
            titre: None,
            resume: None,
            relu: false,
            relu_par: None,
            date_relecture: None,
            falc_ignorer: Vec::new(),
            body,
        };
    };
    let relu = f.bool("relu").unwrap_or(false);
    let relu_par = f.str("relu_par").map(|v| v.v);
    let date_relecture = f.date("date_relecture");
    if relu && (relu_par.is_none() || date_relecture.is_none()) {
        f.doc().report(
            Diagnostic::warning("relecture-incomplete", "« relu = true » demande aussi « relu_par » et « date_relecture » : le logo Facile à lire ne sera pas affiché")
                .at(f.pos())
                .field("relu")
                .suggest(Some("relu_par = \"Groupe de relecture de l'ESAT …\"\ndate_relecture = 2026-03-01".into())),
        );
    }
    let falc_ignorer = crate::content::check::read_rule_ids(f, "falc_ignorer", "falc_ignorer");
    Twin {
        falc_ignorer,
        titre: f.str("titre").map(|v| v.v),
        resume: f.str("resume").map(|v| v.v),
        relu,
        relu_par,
        date_relecture: date_relecture.map(|d| d.v),
        origin,
        of,
        body,
    }
}
