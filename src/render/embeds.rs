//! Contexts of the pages that reach beyond the portal: the agenda, the embeddable directory and
//! the page that explains to communes how to embed it.

use super::views::Views;
use crate::Site;
use crate::referentiels as refs;
use crate::route::Route;
use minijinja::{Value, context};

/// Every event of every fiche, upcoming first (from the build day), then past ones, latest first.
pub fn agenda(site: &Site, v: &Views, home: Value) -> Value {
    let c = &site.content;
    let mut events: Vec<_> = c.actions.iter().flat_map(|a| a.evenements.iter().map(move |e| (a, e))).collect();
    events.sort_by(|x, y| (x.1.debut.naive(), &x.0.numero.v).cmp(&(y.1.debut.naive(), &y.0.numero.v)));
    let item = |(a, e): &(&crate::content::Action, &crate::content::Evenement)| {
        context! {
            ..v.event(e),
            ..context! {
                action => context! { numero => a.numero.v, titre => a.titre, url => v.url(&a.origin.path) },
                ics_url => v.url(&Route::ActionCalendar(&a.origin.path).path()),
            }
        }
    };
    let (upcoming, past): (Vec<_>, Vec<_>) = events.iter().partition(|(_, e)| e.debut.date >= site.today);
    context! {
        a_venir => upcoming.iter().map(&item).collect::<Vec<_>>(),
        passes => past.iter().rev().map(&item).collect::<Vec<_>>(),
        fil => vec![home],
    }
}

/// The embeddable directory: every service, with what the client-side filter reads.
pub fn embed(site: &Site, v: &Views) -> Value {
    let cfg = &site.config;
    let c = &site.content;
    // A large directory ships no list: the script reads the commune's file.
    let by_commune = crate::plan::embed_by_commune(c);
    let services: Vec<Value> = c
        .services
        .iter()
        .enumerate()
        .filter(|_| !by_commune)
        .map(|(i, s)| {
            let communes: Vec<&str> = site.served.communes_of(i).map(|x| cfg.communes[x].code.as_str()).collect();
            context! {
                ..v.service_at(i),
                ..context! {
                    communes_servies => communes.join(" "),
                    codes_thematiques => s.thematiques.join(" "),
                    codes_publics => s.publics.join(" "),
                }
            }
        })
        .collect();
    context! {
        services => services,
        par_commune => by_commune.then(|| v.url("embed/annuaire/communes/")),
        nb_services => c.services.len(),
        communes => cfg.communes.iter().map(|x| context! { code => x.code, nom => x.nom, url => v.url(&Route::Commune(&x.code).path()) }).collect::<Vec<_>>(),
        thematiques => refs::thematiques().codes.iter().map(|t| context! { code => t.code, libelle => t.libelle, url => v.url(&Route::Topic(&t.code).path()) }).collect::<Vec<_>>(),
    }
}

/// The configurator: choices and ready-made snippets.
pub fn integrate(site: &Site, v: &Views, home: Value) -> Value {
    let cfg = &site.config;
    let used_publics: Vec<&refs::Code> = refs::publics()
        .codes
        .iter()
        .filter(|p| site.content.services.iter().any(|s| s.publics.contains(&p.code)))
        .collect();
    context! {
        communes => cfg.communes.iter().map(|x| context! { code => x.code, nom => x.nom }).collect::<Vec<_>>(),
        thematiques => refs::thematiques().codes.iter().map(|t| context! { code => t.code, libelle => t.libelle }).collect::<Vec<_>>(),
        publics => used_publics.iter().map(|p| context! { code => p.code, libelle => p.libelle }).collect::<Vec<_>>(),
        exemple => cfg.communes.first().map(|x| context! { code => x.code, nom => x.nom }),
        fil => vec![home],
        base_absolue => cfg.url,
        embed_url => v.url(&Route::Embed.path()),
    }
}
