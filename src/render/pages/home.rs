//! The home page.

use super::super::*;

pub(in crate::render) fn home(site: &Site, v: &Views) -> Value {
    let c = &site.content;
    let page = c.home.as_ref().map(|p| v.page(p));
    let themes: Vec<Value> = refs::thematiques()
        .codes
        .iter()
        .filter(|t| c.services.iter().any(|s| s.thematiques.contains(&t.code)))
        .map(|t| {
            context! {
                libelle => t.facile.as_deref().unwrap_or(&t.libelle),
                url => v.url(&Route::Topic(&t.code).path()),
                picto => v.picto(&t.code),
            }
        })
        .collect();
    context! {
        page => page,
        jsonld => ld::organisation(site),
        facile_url => v.twin_url("").or_else(|| (!c.twins.is_empty()).then(|| v.url(&Route::FalcIndex.path()))),
        actualites => c.news.iter().take(3).map(|p| v.page(p)).collect::<Vec<_>>(),
        thematiques => themes,
        nb_actions => c.actions.len(),
        nb_services => c.services.len(),
        chiffres => super::diagnostic::key_figures(site, v),
    }
}
