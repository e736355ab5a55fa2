//! Stage 5: open data and feeds beside the pages (data·inclusion, GeoJSON, JSON, iCalendar).

pub mod di;
pub mod feeds;
pub mod ics;

use crate::Site;
use crate::config::Config;
use crate::content::Content;
use crate::content::query::serves;
use crate::render::Output;
use rayon::prelude::*;

/// Every file this stage writes, relative to the base URL (links in content may point at them).
pub fn paths(cfg: &Config, c: &Content) -> Vec<String> {
    let mut out: Vec<String> = [
        "donnees/annuaire.json",
        "donnees/annuaire.csv",
        "donnees/structures.csv",
        "donnees/annuaire.geojson",
        "donnees/actions.json",
        "embed/annuaire/services.json",
        "agenda.ics",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    out.extend(cfg.communes.iter().map(|x| format!("annuaire/communes/{}/annuaire.json", x.code)));
    out.extend(c.actions.iter().filter(|a| !a.evenements.is_empty()).map(|a| format!("{}agenda.ics", a.origin.path)));
    out
}

fn json(path: String, v: &serde_json::Value) -> Output {
    Output { path, bytes: serde_json::to_vec(v).unwrap_or_default() }
}

/// The feeds that only fiches-actions feed: the actions' JSON and the calendars.
pub fn action_outputs(site: &Site) -> Vec<Output> {
    let mut out = vec![json("donnees/actions.json".into(), &feeds::actions(site))];
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
    out.push(Output { path: "agenda.ics".into(), bytes: ics::calendar(site, &name, all.into_iter()).into_bytes() });
    for a in c.actions.iter().filter(|a| !a.evenements.is_empty()) {
        let name = format!("Action {} — {}", a.numero.v, a.titre);
        let cal = ics::calendar(site, &name, a.evenements.iter().map(|e| (a, e)));
        out.push(Output { path: format!("{}agenda.ics", a.origin.path), bytes: cal.into_bytes() });
    }
    out
}

pub fn outputs(site: &Site) -> Vec<Output> {
    let cfg = &site.config;
    let c = &site.content;
    // Independent feeds, built side by side.
    let (directory, (geojson, (actions, embed))) = rayon::join(
        || di::directory(site, c.services.iter()),
        || rayon::join(|| feeds::geojson(site), || rayon::join(|| feeds::actions(site), || feeds::embed(site))),
    );
    let services = directory["services"].as_array().cloned().unwrap_or_default();
    let structures = directory["structures"].as_array().cloned().unwrap_or_default();
    let mut out = vec![
        json("donnees/annuaire.json".into(), &directory),
        Output { path: "donnees/annuaire.csv".into(), bytes: di::csv(&services, di::SERVICE_COLUMNS) },
        Output { path: "donnees/structures.csv".into(), bytes: di::csv(&structures, di::STRUCTURE_COLUMNS) },
        json("donnees/annuaire.geojson".into(), &geojson),
        json("donnees/actions.json".into(), &actions),
        json("embed/annuaire/services.json".into(), &embed),
    ];
    // Each service is converted once; a commune's slice picks the ones that serve it.
    let converted = directory["services"].as_array().cloned().unwrap_or_default();
    let slices: Vec<Output> = cfg
        .communes
        .par_iter()
        .map(|x| {
            let picked: Vec<usize> =
                (0..c.services.len()).filter(|&i| serves(cfg, c, &c.services[i], &x.code)).collect();
            let values = picked.iter().map(|&i| converted[i].clone()).collect();
            let slice = di::directory_with(site, picked.iter().map(|&i| &c.services[i]), values);
            json(format!("annuaire/communes/{}/annuaire.json", x.code), &slice)
        })
        .collect();
    out.extend(slices);
    out.extend(calendars(site));
    out
}
