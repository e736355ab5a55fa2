//! Stage 5: open data and feeds beside the pages (data·inclusion, GeoJSON, JSON, iCalendar).

pub mod di;
pub mod diagnostic;
pub mod feeds;
pub mod follow;
pub mod ics;

use crate::Site;
use crate::route::Route;
use crate::route::{Output, WriteError};
use rayon::prelude::*;

fn json(path: String, v: &serde_json::Value) -> Output {
    Output { path, bytes: serde_json::to_vec(v).unwrap_or_default() }
}

/// The feeds that only fiches-actions feed: the actions' JSON and the calendars.
pub fn action_outputs(site: &Site) -> Vec<Output> {
    let mut out = vec![
        Output { path: Route::Data("actions.json").file(), bytes: feeds::actions(site) },
        Output { path: Route::Data("actions.csv").file(), bytes: follow::actions_csv(site) },
        Output { path: Route::Data("indicateurs.csv").file(), bytes: follow::indicators_csv(site) },
    ];
    out.extend(calendars(site));
    out
}

fn calendars(site: &Site) -> Vec<Output> {
    let cfg = &site.config;
    let c = &site.content;
    let mut out = Vec::new();
    let mut all: Vec<_> = c.actions.iter().flat_map(|a| a.evenements.iter().map(move |e| (a, e))).collect();
    all.sort_by(|x, y| (x.1.debut.naive(), &x.0.numero.v).cmp(&(y.1.debut.naive(), &y.0.numero.v)));
    let name = format!("Agenda — {}", cfg.titre);
    out.push(Output { path: Route::Calendar.file(), bytes: ics::calendar(site, &name, all.into_iter()).into_bytes() });
    for a in c.actions.iter().filter(|a| !a.evenements.is_empty()) {
        let name = format!("Action {} — {}", a.numero.v, a.titre);
        let cal = ics::calendar(site, &name, a.evenements.iter().map(|e| (a, e)));
        out.push(Output { path: Route::ActionCalendar(&a.origin.path).file(), bytes: cal.into_bytes() });
    }
    out
}

/// Every file of this stage.
pub fn outputs(site: &Site) -> Vec<Output> {
    let all = std::sync::Mutex::new(Vec::new());
    let _ = each(site, &|o| {
        all.lock().map_err(|_| WriteError::interrupted())?.push(o);
        Ok(())
    });
    let mut all = all.into_inner().unwrap_or_default();
    all.sort_by(|a, b| a.path.cmp(&b.path));
    all
}

/// Makes every file of this stage and hands each to `emit` as soon as it is made. Feeds are made
/// one after the other, each dropped once written: at regional scale each is tens of megabytes
/// of JSON values, and peak memory counts more than the few milliseconds side by side would save.
pub fn each(site: &Site, emit: &(dyn Fn(Output) -> Result<(), WriteError> + Sync)) -> Result<(), WriteError> {
    let cfg = &site.config;
    let c = &site.content;
    let directory = di::Directory::new(site);
    emit(Output { path: Route::Data("annuaire.csv").file(), bytes: directory.services_csv() })?;
    emit(Output { path: Route::Data("structures.csv").file(), bytes: directory.structures_csv() })?;
    emit(Output { path: Route::Data("communes.json").file(), bytes: feeds::communes(site) })?;
    // Each service is converted once; a commune's slice picks the ones that serve it.
    cfg.communes.par_iter().enumerate().try_for_each(|(i, x)| {
        let picked: Vec<usize> = site.served.services_of(i).collect();
        let path = Route::CommuneData(&x.code).file();
        emit(Output { path, bytes: directory.json(&picked) })
    })?;
    emit(Output { path: Route::Data("annuaire.json").file(), bytes: directory.json(&directory.all()) })?;
    drop(directory);
    emit(json(Route::Data("annuaire.geojson").file(), &feeds::geojson(site)))?;
    emit(Output { path: Route::Data("actions.json").file(), bytes: feeds::actions(site) })?;
    emit(Output { path: Route::Data("actions.csv").file(), bytes: follow::actions_csv(site) })?;
    emit(Output { path: Route::Data("indicateurs.csv").file(), bytes: follow::indicators_csv(site) })?;
    emit(Output { path: Route::Data("datapackage.json").file(), bytes: follow::datapackage(site) })?;
    emit(Output { path: Route::EmbedData.file(), bytes: feeds::embed(site) })?;
    if crate::plan::embed_by_commune(c) {
        cfg.communes.par_iter().enumerate().try_for_each(|(i, x)| {
            emit(Output { path: Route::EmbedCommune(&x.code).file(), bytes: feeds::embed_commune(site, i) })
        })?;
    }
    if let Some(d) = &c.diagnostic {
        emit(Output { path: Route::Data("diagnostic.csv").file(), bytes: diagnostic::all_csv(site) })?;
        d.indicators.par_iter().try_for_each(|i| {
            emit(Output { path: Route::IndicatorData(&i.id).file(), bytes: diagnostic::indicator_csv(i) })
        })?;
    }
    calendars(site).into_iter().try_for_each(emit)?;
    Ok(())
}
