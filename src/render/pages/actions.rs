//! The programme: the list of fiches-actions, each axis, each fiche.

use super::super::*;

pub(in crate::render) fn actions(site: &Site, v: &Views, home: Value) -> Value {
    let c = &site.content;
    let statuts: Vec<Value> = refs::statuts()
        .codes
        .iter()
        .map(|s| context! { code => s.code, libelle => s.libelle, nombre => c.actions.iter().filter(|a| a.statut.v.code() == s.code).count() })
        .collect();
    context! {
        page => c.section("actions").map(|p| v.page(p)),
        axes => axes_with_actions(site, v),
        statuts => statuts,
        nb_actions => c.actions.len(),
        fil => vec![home],
    }
}

/// Page `k` of an axis: its objectives, and the actions of each that fall on this page.
pub(in crate::render) fn axe(site: &Site, v: &Views, home: Value, i: usize, k: usize) -> Value {
    let cfg = &site.config;
    let axe = &cfg.axes[i];
    let items = crate::plan::parts::axe(&site.content, axe);
    context! {
        axe => axe_with_actions(v, axe, &items, Some(k)),
        titre => axe.titre,
        page => pager(v, &Route::Axe(&axe.id).path(), k, items.len()),
        fil => vec![home, section(v, Route::Actions)],
    }
}

pub(in crate::render) fn action(site: &Site, v: &Views, home: Value, i: usize) -> Value {
    let c = &site.content;
    let cfg = &site.config;
    let a = &c.actions[i];
    let axe = cfg.axe(&a.axe);
    let mut fil = vec![home, section(v, Route::Actions)];
    if let Some(axe) = axe {
        fil.push(crumb(&format!("Axe {} : {}", axe.numero, axe.titre), v.url(&Route::Axe(&axe.id).path())));
    }
    context! {
        action => v.action(a),
        jsonld => ld::events(site, a),
        ics_url => (!a.evenements.is_empty()).then(|| v.url(&Route::ActionCalendar(&a.origin.path).path())),
        facile_url => v.twin_url(&a.origin.path),
        fil => fil,
    }
}
