//! The directory: its home, each service and structure, and the pages by commune, theme and public.

use super::super::*;

pub(in crate::render) fn annuaire(site: &Site, v: &Views, home: Value) -> Value {
    let c = &site.content;
    let cfg = &site.config;
    let carte_url =
        site.plan.jobs.iter().any(|j| j.kind == crate::plan::JobKind::Map).then(|| v.url(&Route::Map.path()));
    let themes: Vec<Value> = refs::thematiques()
        .codes
        .iter()
        .map(|t| {
            let n = c.services.iter().filter(|s| s.thematiques.contains(&t.code)).count();
            context! { libelle => t.libelle, facile => t.facile, url => v.url(&Route::Topic(&t.code).path()), nombre => n }
        })
        .collect();
    let communes: Vec<Value> = cfg
        .communes
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let n = site.served.services_of(i).count();
            context! { nom => x.nom, url => v.url(&Route::Commune(&x.code).path()), nombre => n }
        })
        .collect();
    let publics: Vec<Value> = refs::publics()
        .codes
        .iter()
        .filter(|p| p.code != "tous-publics")
        .map(|p| {
            let n = c.services.iter().filter(|s| s.publics.contains(&p.code)).count();
            context! { libelle => p.libelle, url => v.url(&Route::Public(&p.code).path()), nombre => n }
        })
        .collect();
    context! {
        page => c.section("annuaire").map(|p| v.page(p)),
        services => v.all_services(),
        thematiques => themes,
        communes => communes,
        publics => publics,
        carte_url => carte_url,
        fil => vec![home],
    }
}

pub(in crate::render) fn service(site: &Site, v: &Views, home: Value, i: usize) -> Value {
    let c = &site.content;
    let s = &c.services[i];
    context! {
        service => v.service(i),
        jsonld => ld::service(site, s),
        facile_url => v.twin_url(&s.origin.path),
        fil => vec![home, section(v, Route::Annuaire)],
    }
}

pub(in crate::render) fn commune(site: &Site, v: &Views, home: Value, i: usize) -> Value {
    let c = &site.content;
    let cfg = &site.config;
    let commune = &cfg.communes[i];
    let services: Vec<Value> = site.served.services_of(i).map(|s| v.service_at(s)).collect();
    let locales: Vec<Value> =
        pick(&c.actions, |i| v.action_at(i), |a| crate::content::query::action_in_commune(a, &commune.code));
    let territoire = c.actions.iter().filter(|a| a.communes.is_empty()).count();
    let here: Vec<&crate::content::Service> = site.served.services_of(i).map(|s| &c.services[s]).collect();
    context! {
        commune => context! { code => commune.code, nom => commune.nom },
        carte => map_of(site, v, &here, Some(&commune.code)),
        services => services,
        actions => locales,
        actions_territoire => territoire,
        fil => vec![home, section(v, Route::Annuaire)],
    }
}

/// Page `k` of a theme: its services, then the contract's actions.
pub(in crate::render) fn topic(site: &Site, v: &Views, home: Value, i: usize, k: usize) -> Value {
    let t = &refs::thematiques().codes[i];
    let listing = crate::plan::parts::topic(&site.content, &t.code);
    context! {
        thematique => context! { code => t.code, libelle => t.libelle, facile => t.facile },
        fil => vec![home, section(v, Route::Annuaire)],
        ..listing_part(v, &listing, &Route::Topic(&t.code).path(), k)
    }
}

/// Page `k` of a public: its services (and those open to all), then the contract's actions.
pub(in crate::render) fn public(site: &Site, v: &Views, home: Value, i: usize, k: usize) -> Value {
    let p = &refs::publics().codes[i];
    let listing = crate::plan::parts::public(&site.content, &p.code);
    context! {
        public => context! { code => p.code, libelle => p.libelle },
        fil => vec![home, section(v, Route::Annuaire)],
        ..listing_part(v, &listing, &Route::Public(&p.code).path(), k)
    }
}

/// What page `k` of a theme's or a public's list shows: the services and actions that fall on
/// it, where they stand in each list, each list's length and the links to the other pages.
fn listing_part(v: &Views, l: &crate::plan::parts::Listing, first: &str, k: usize) -> Value {
    use crate::plan::parts::{self, PART_ITEMS};
    let (s, a) = parts::split(&parts::window(k, l.len(), PART_ITEMS), l.services.len());
    context! {
        services => l.services[s.clone()].iter().map(|&i| v.service_at(i)).collect::<Vec<_>>(),
        actions => l.actions[a.clone()].iter().map(|&i| v.action_at(i)).collect::<Vec<_>>(),
        services_de => s.start + 1,
        services_a => s.end,
        actions_de => a.start + 1,
        actions_a => a.end,
        nb_services => l.services.len(),
        nb_actions => l.actions.len(),
        page => pager(v, first, k, l.len()),
    }
}

pub(in crate::render) fn structure(site: &Site, v: &Views, home: Value, i: usize) -> Value {
    let c = &site.content;
    let s = &c.structures[i];
    context! { structure => v.structure(s), facile_url => v.twin_url(&s.origin.path), fil => vec![home, section(v, Route::Annuaire)] }
}

/// The markers of `services` that have a position, over the territory.
fn map_of(site: &Site, v: &Views, services: &[&crate::content::Service], highlight: Option<&str>) -> Option<Value> {
    let markers: Vec<super::super::map::Marker> = services
        .iter()
        .filter_map(|s| {
            let p = crate::content::query::service_position(&site.config, &site.content, s)?;
            let commune = crate::content::query::service_commune(&site.content, s)
                .and_then(|code| site.config.commune(code))
                .map(|c| (c.nom.clone(), v.url(&Route::Commune(&c.code).path())));
            Some(super::super::map::Marker {
                titre: s.titre.clone(),
                url: v.url(&s.origin.path),
                longitude: p.longitude,
                latitude: p.latitude,
                approx: !p.exact,
                commune,
            })
        })
        .collect();
    super::super::map::map(site.content.territoire.as_ref(), &markers, highlight)
}

/// `/annuaire/carte/`: every service with a position on the map, and beside it the same
/// services listed by commune; those without a position are listed after, never hidden.
pub(in crate::render) fn map_page(site: &Site, v: &Views, home: Value) -> Value {
    let c = &site.content;
    let cfg = &site.config;
    let all: Vec<&crate::content::Service> = c.services.iter().collect();
    let mut by_commune: Vec<Value> = Vec::new();
    let mut placed = std::collections::HashSet::new();
    for x in &cfg.communes {
        let here: Vec<Value> = c
            .services
            .iter()
            .enumerate()
            .filter(|(_, s)| {
                crate::content::query::service_position(cfg, c, s).is_some()
                    && crate::content::query::service_commune(c, s) == Some(x.code.as_str())
            })
            .map(|(i, _)| {
                placed.insert(i);
                v.service_at(i)
            })
            .collect();
        if !here.is_empty() {
            by_commune.push(context! { nom => x.nom, url => v.url(&Route::Commune(&x.code).path()), services => here });
        }
    }
    let elsewhere: Vec<Value> = c
        .services
        .iter()
        .enumerate()
        .filter(|(i, s)| !placed.contains(i) && crate::content::query::service_position(cfg, c, s).is_some())
        .map(|(i, _)| v.service_at(i))
        .collect();
    let unplaced: Vec<Value> = c
        .services
        .iter()
        .enumerate()
        .filter(|(_, s)| crate::content::query::service_position(cfg, c, s).is_none())
        .map(|(i, _)| v.service_at(i))
        .collect();
    context! {
        carte => map_of(site, v, &all, None),
        communes => by_commune,
        ailleurs => elsewhere,
        sans_position => unplaced,
        fil => vec![home, section(v, Route::Annuaire)],
    }
}
