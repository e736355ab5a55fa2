//! Following the contract: the dashboard (`/suivi/`) and the annual activity reports
//! (`/suivi/<année>/`). Every figure comes from `content::follow`; the charts' geometry from
//! `render::charts`.

use super::super::charts::{self, Series, Timeline};
use super::super::*;
use crate::content::Action;
use crate::content::follow::{self, Filter, Year};
use crate::referentiels::Statut;
use crate::route::Facet;
use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeMap, BTreeSet};

fn series() -> Vec<Series> {
    Statut::ALL.iter().map(|s| Series { code: s.code().into(), libelle: s.label() }).collect()
}

/// Actions by status, for the whole contract then each axis; `status` gives each action's.
fn by_status(
    site: &Site,
    v: &Views,
    actions: &[&Action],
    status: &dyn Fn(&Action) -> Option<Statut>,
    total: &str,
) -> Value {
    let count = |picked: &mut dyn Iterator<Item = &&Action>| {
        let mut n = vec![0; Statut::ALL.len()];
        for a in picked {
            if let Some(s) = status(a) {
                n[Statut::ALL.iter().position(|x| *x == s).unwrap_or(0)] += 1;
            }
        }
        n
    };
    let mut rows = vec![(total.to_string(), None, count(&mut actions.iter()))];
    for axe in site.config.axes.iter().filter(|x| actions.iter().any(|a| a.axe.v == x.id)) {
        let url = Some(v.url(&Route::Axe(&axe.id).path()));
        rows.push((
            format!("Axe {} : {}", axe.numero, axe.titre),
            url,
            count(&mut actions.iter().filter(|a| a.axe.v == axe.id)),
        ));
    }
    charts::stacked(&series(), rows)
}

fn number_with(n: f64, unite: &Option<String>) -> String {
    match unite {
        Some(u) if u == "%" => format!("{} %", format::number(n)),
        Some(u) => format!("{} {u}", format::number(n)),
        None => format::number(n),
    }
}

fn action_ref(v: &Views, a: &Action) -> Value {
    context! { numero => a.numero.v, titre => a.titre, url => v.url(&a.origin.path), statut => a.statut.v.code(), statut_libelle => a.statut.v.label() }
}

/// Every indicator: baseline, latest value against the target, the trend, the latest finding.
fn indicators<'a>(v: &Views, actions: impl Iterator<Item = &'a Action>) -> Vec<Value> {
    let mut out = Vec::new();
    for a in actions {
        for i in &a.indicateurs {
            let (numeric, newest) = follow::latest(&i.mesures);
            let mut points: Vec<(NaiveDate, f64)> =
                i.mesures.iter().filter_map(|m| m.valeur.map(|x| (m.date.v, x))).collect();
            if let (Some(r), Some(d)) = (i.reference, &i.date_reference) {
                points.push((d.v, r));
            }
            points.sort_by_key(|p| p.0);
            let constat = newest.filter(|m| m.constat.is_some());
            out.push(context! {
                action => action_ref(v, a),
                libelle => i.libelle,
                nature => i.kind.map(crate::referentiels::IndicatorKind::label),
                reference => i.reference.map(|r| number_with(r, &i.unite)),
                reference_valeur => i.reference,
                date_reference => i.date_reference.as_ref().map(|d| format::date(d.v)),
                derniere => numeric.and_then(|m| m.valeur).map(|x| number_with(x, &i.unite)),
                derniere_valeur => numeric.and_then(|m| m.valeur),
                date_derniere => numeric.map(|m| format::date(m.date.v)),
                cible => i.cible.map(|x| number_with(x, &i.unite)),
                cible_valeur => i.cible,
                atteinte => match (numeric.and_then(|m| m.valeur), i.cible) {
                    (Some(x), Some(c)) if c > 0.0 => Some((x / c * 100.0).round() as i64),
                    _ => None,
                },
                tendance => charts::trend(&points, i.cible),
                constat => constat.and_then(|m| m.constat.clone()),
                date_constat => constat.map(|m| format::date(m.date.v)),
            });
        }
    }
    out
}

/// Funding declared, by funder (an action's amount counts for each of its funders) and by axis.
fn funding(site: &Site, v: &Views, actions: &[&Action]) -> Value {
    let mut funders: BTreeMap<&str, (usize, f64)> = BTreeMap::new();
    for f in actions.iter().filter_map(|a| a.financement.as_ref()) {
        for name in &f.financeurs {
            let e = funders.entry(name.as_str()).or_default();
            e.0 += 1;
            e.1 += f.montant.unwrap_or(0.0);
        }
    }
    let mut by_funder: Vec<(&str, (usize, f64))> = funders.into_iter().collect();
    by_funder.sort_by(|a, b| b.1.1.total_cmp(&a.1.1).then(a.0.cmp(b.0)));
    let euros = |x: f64| format!("{} €", format::number(x));
    let financeurs = charts::bars(
        by_funder
            .iter()
            .map(|(name, (n, m))| {
                (format!("{name} ({n} action{})", if *n > 1 { "s" } else { "" }), *m, euros(*m), None)
            })
            .collect(),
    );
    let axes: Vec<(String, f64, String, Option<String>)> = site
        .config
        .axes
        .iter()
        .map(|axe| {
            let m: f64 =
                actions.iter().filter(|a| a.axe.v == axe.id).filter_map(|a| a.financement.as_ref()?.montant).sum();
            (format!("Axe {} : {}", axe.numero, axe.titre), m, euros(m), Some(v.url(&Route::Axe(&axe.id).path())))
        })
        .collect();
    let total: f64 = actions.iter().filter_map(|a| a.financement.as_ref()?.montant).sum();
    let declared = actions.iter().filter(|a| a.financement.as_ref().is_some_and(|f| f.montant.is_some())).count();
    context! {
        financeurs => financeurs,
        axes => charts::bars(axes),
        total => euros(total),
        total_valeur => total,
        actions_financees => declared,
    }
}

/// Partners named in the fiches, counted once per sector.
fn partners(actions: &[&Action]) -> Value {
    let mut by: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for a in actions {
        for p in &a.partenaires {
            let s = p.secteur.as_deref().map_or("Autres partenaires".to_string(), |s| refs::secteurs().label(s));
            by.entry(s).or_default().insert(p.nom.as_str());
        }
    }
    let mut rows: Vec<(String, usize)> = by.into_iter().map(|(s, n)| (s, n.len())).collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    charts::bars(rows.into_iter().map(|(s, n)| (s, n as f64, n.to_string(), None)).collect())
}

/// Events held (up to the build day) and to come, by year.
fn events(actions: &[&Action], today: NaiveDate) -> Value {
    let mut by: BTreeMap<i32, usize> = BTreeMap::new();
    let mut upcoming = 0;
    for e in actions.iter().flat_map(|a| &a.evenements) {
        if e.debut.date <= today {
            *by.entry(e.debut.date.year()).or_default() += 1;
        } else {
            upcoming += 1;
        }
    }
    let held: usize = by.values().sum();
    context! {
        tenus => held,
        a_venir => upcoming,
        annees => charts::bars(by.into_iter().map(|(y, n)| (y.to_string(), n as f64, n.to_string(), None)).collect()),
    }
}

/// The calendar of the actions and their stages over the contract, with today marked.
fn calendar(site: &Site, v: &Views, actions: &[&Action]) -> Option<Value> {
    let dated: Vec<&Action> = actions.iter().copied().filter(|a| a.debut.is_some()).collect();
    let (from, to) = site.config.periode.or_else(|| {
        let first = dated.iter().filter_map(|a| a.debut).min()?;
        let last = dated.iter().filter_map(|a| a.fin.or(a.debut)).max()?;
        Some((first, last))
    })?;
    let t = Timeline { from, to };
    let years: Vec<Value> = (from.year()..=to.year())
        .filter_map(|y| NaiveDate::from_ymd_opt(y, 1, 1))
        .map(|d| d.max(from))
        .map(|d| context! { x => t.x(d), annee => d.year() })
        .collect();
    let rows: Vec<Value> = dated
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let start = a.debut.unwrap_or(from);
            let (x, w) = t.span(start, a.fin.unwrap_or(to));
            let etapes: Vec<Value> = a
                .etapes
                .iter()
                .filter_map(|e| {
                    let (s, f) = (e.debut.or(e.fin)?, e.fin.or(e.debut)?);
                    let (x, w) = t.span(s, f);
                    Some(context! { titre => e.titre, x => x, largeur => w, debut => format::date(s), fin => format::date(f), statut => e.statut.map(|s| s.label()) })
                })
                .collect();
            context! {
                action => action_ref(v, a),
                court => charts::short(&format!("{} {}", a.numero.v, a.titre), 30),
                y => i as f64 * charts::ROW,
                x => x,
                largeur => w,
                debut => format::date(start),
                fin => a.fin.map(format::date),
                // The dates drawn, for the test that compares the drawing with the table.
                periode => format!("{start}/{}", a.fin.map(|d| d.to_string()).unwrap_or_default()),
                etapes => etapes,
            }
        })
        .collect();
    let today = site.today;
    Some(context! {
        largeur => charts::WIDTH,
        hauteur => rows.len() as f64 * charts::ROW,
        annees => years,
        aujourdhui_x => (today >= from && today <= to).then(|| t.x(today)),
        aujourdhui => format::date(today),
        lignes => rows,
    })
}

/// The annual reports, as the plan has them (the years are asked of the content once).
fn reports(site: &Site, v: &Views) -> Vec<Value> {
    site.plan
        .jobs
        .iter()
        .filter_map(|j| match j.kind {
            crate::plan::JobKind::Report(y) => Some(context! { annee => y, url => v.url(&Route::Report(y).path()) }),
            _ => None,
        })
        .collect()
}

/// A dashboard shows each action (its indicators, its line in the calendar, whether it is late)
/// up to this many actions; above it, the counts, and links to the lists. A table of 3 500
/// actions is not read, and it made `/suivi/` 2.8 MB at 10 000 pages.
pub const DETAIL_MAX: usize = 50;

/// The route of the dashboard narrowed to `f`.
fn route_of<'s>(site: &'s Site, f: Filter) -> Option<Route<'s>> {
    let cfg = &site.config;
    Some(match f {
        Filter::Axe(i) => Route::FollowUpBy(Facet::Axe, &cfg.axes.get(i)?.id),
        Filter::Statut(s) => Route::FollowUpBy(Facet::Statut, s.code()),
        Filter::Pilote(i) => Route::FollowUpBy(Facet::Pilote, &site.plan.pilots.get(i)?.slug),
        Filter::Commune(i) => Route::FollowUpBy(Facet::Commune, &cfg.communes.get(i)?.code),
    })
}

/// The links that narrow the dashboard, by facet, each with its number of actions, counted in
/// one pass over the actions and once per build (`Views::facets`): the page marks its own. The
/// pilots with a dashboard are listed; the others are on the list of pilots.
fn facets(site: &Site, v: &Views) -> Value {
    let c = &site.content;
    let cfg = &site.config;
    let link =
        |label: String, route: Route, n: usize| context! { libelle => label, url => v.url(&route.path()), nombre => n };
    let mut by_axe = vec![0; cfg.axes.len()];
    let mut by_status = vec![0; Statut::ALL.len()];
    let mut by_commune: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for a in &c.actions {
        if let Some(i) = cfg.axes.iter().position(|x| x.id == a.axe.v) {
            by_axe[i] += 1;
        }
        if let Some(i) = Statut::ALL.iter().position(|s| *s == a.statut.v) {
            by_status[i] += 1;
        }
        for x in &a.communes {
            *by_commune.entry(x.v.as_str()).or_default() += 1;
        }
    }
    let axes: Vec<Value> = cfg
        .axes
        .iter()
        .zip(&by_axe)
        .map(|(x, n)| link(format!("Axe {} : {}", x.numero, x.titre), Route::FollowUpBy(Facet::Axe, &x.id), *n))
        .collect();
    let statuts: Vec<Value> = Statut::ALL
        .iter()
        .zip(&by_status)
        .filter(|(_, n)| **n > 0)
        .map(|(s, n)| link(s.label(), Route::FollowUpBy(Facet::Statut, s.code()), *n))
        .collect();
    let pilots = &site.plan.pilots;
    // Past a page of pilots the index is split by initial, and every dashboard links to it
    // instead of naming them all: 2 457 pilots made each of their dashboards 340 KB.
    let listed = pilots.iter().filter(|p| p.has_page()).count() <= follow::PILOTS_PER_PAGE;
    let pilotes: Vec<Value> = pilots
        .iter()
        .filter(|p| listed && p.has_page())
        .map(|p| link(p.nom.clone(), Route::FollowUpBy(Facet::Pilote, &p.slug), p.actions.len()))
        .collect();
    // The communes a fiche names (the plan gives them a page).
    let communes: Vec<Value> = cfg
        .communes
        .iter()
        .filter_map(|x| {
            let n = by_commune.get(x.code.as_str()).copied().filter(|n| *n > 0)?;
            Some(link(x.nom.clone(), Route::FollowUpBy(Facet::Commune, &x.code), n))
        })
        .collect();
    context! {
        axes => axes,
        statuts => statuts,
        pilotes => pilotes,
        nb_pilotes => pilots.len(),
        pilotes_url => (!pilots.is_empty()).then(|| v.url(&Route::Pilots.path())),
        pilote_min => follow::PILOT_PAGE_MIN,
        communes_autres => communes.len() < cfg.communes.len(),
        communes => communes,
    }
}

/// Actions under way each year of the contract (begun by its end, not finished before it
/// began): what the calendar says when it has too many lines to draw.
fn years_under_way(site: &Site, actions: &[&Action]) -> Value {
    let dated: Vec<&&Action> = actions.iter().filter(|a| a.debut.is_some()).collect();
    let first = site
        .config
        .periode
        .map(|p| p.0.year())
        .or_else(|| dated.iter().filter_map(|a| a.debut).min().map(|d| d.year()));
    let last = site
        .config
        .periode
        .map(|p| p.1.year())
        .or_else(|| dated.iter().filter_map(|a| a.fin.or(a.debut)).max().map(|d| d.year()));
    let (Some(first), Some(last)) = (first, last) else { return charts::bars(Vec::new()) };
    let rows = (first..=last)
        .map(|y| {
            let n = dated
                .iter()
                .filter(|a| a.debut.is_some_and(|d| d.year() <= y) && a.fin.is_none_or(|f| f.year() >= y))
                .count();
            (y.to_string(), n as f64, n.to_string(), None)
        })
        .collect();
    charts::bars(rows)
}

/// What the indicators of many actions add up to, when they are too many for one table.
fn indicators_summary(actions: &[&Action]) -> Value {
    let all: Vec<&crate::content::model::Indicateur> = actions.iter().flat_map(|a| &a.indicateurs).collect();
    let measured = all.iter().filter(|i| follow::latest(&i.mesures).0.is_some()).count();
    let targeted = all.iter().filter(|i| i.cible.is_some()).count();
    let reached = all
        .iter()
        .filter(|i| match (follow::latest(&i.mesures).0.and_then(|m| m.valeur), i.cible) {
            (Some(x), Some(c)) => c > 0.0 && x >= c,
            _ => false,
        })
        .count();
    context! {
        nombre => all.len(),
        fiches => actions.iter().filter(|a| !a.indicateurs.is_empty()).count(),
        mesures => measured,
        cibles => targeted,
        atteintes => reached,
    }
}

/// The dashboard of the whole contract, or narrowed to one part of it (`filter`).
pub(in crate::render) fn dashboard(site: &Site, v: &Views, home: Value, filter: Option<Filter>) -> Value {
    let c = &site.content;
    let cfg = &site.config;
    let today = site.today;
    let months = cfg.bilan_mois;
    let pilots = &site.plan.pilots;
    let actions: Vec<&Action> = match filter {
        Some(f) => follow::selected(cfg, c, pilots, f),
        None => c.actions.iter().collect(),
    };
    let detail = actions.len() <= DETAIL_MAX;
    let late: Vec<&Action> = actions.iter().copied().filter(|a| follow::overdue(a, months, today).is_some()).collect();
    let (part, note) = match filter {
        None => (None, None),
        Some(Filter::Axe(i)) => (cfg.axes.get(i).map(|x| format!("Axe {} : {}", x.numero, x.titre)), None),
        Some(Filter::Statut(s)) => (Some(format!("Actions au statut « {} »", s.label())), None),
        Some(Filter::Pilote(i)) => (pilots.get(i).map(|p| format!("Actions pilotées par {}", p.nom)), None),
        Some(Filter::Commune(i)) => (
            cfg.communes.get(i).map(|x| x.nom.clone()),
            Some(
                "Les actions propres à cette commune ; celles qui couvrent tout le territoire sont sur la page de tout le contrat.",
            ),
        ),
    };
    let mut fil = vec![home];
    if filter.is_some() {
        fil.push(section(v, Route::FollowUp));
    }
    let here = match filter {
        Some(f) => route_of(site, f).map(|r| v.url(&r.path())),
        None => Some(v.url(&Route::FollowUp.path())),
    };
    context! {
        periode => cfg.periode.map(|(d, f)| context! { debut => format::date(d), fin => format::date(f) }),
        aujourdhui => format::date(today),
        partie => part,
        partie_note => note,
        nb_actions => actions.len(),
        detail => detail,
        detail_max => DETAIL_MAX,
        statuts => by_status(site, v, &actions, &|a| Some(a.statut.v), if filter.is_some() { "Ces actions" } else { "Tout le contrat" }),
        indicateurs => if detail { indicators(v, actions.iter().copied()) } else { Vec::new() },
        indicateurs_resume => (!detail).then(|| indicators_summary(&actions)),
        calendrier => if detail { calendar(site, v, &actions) } else { None },
        annees => (!detail).then(|| years_under_way(site, &actions)),
        financement => funding(site, v, &actions),
        partenaires => partners(&actions),
        evenements => events(&actions, today),
        rapports => reports(site, v),
        sans_bilan => if detail { late.iter().map(|a| action_ref(v, a)).collect() } else { Vec::new() },
        nb_sans_bilan => late.len(),
        sans_bilan_url => v.url(&Route::Late.path()),
        bilan_mois => months,
        // The whole contract's dashboard says what no action answers; a slice of it does not.
        constats_sans_action => if filter.is_none() { super::diagnostic::unanswered(site, v) } else { Vec::new() },
        a_diagnostic => site.content.diagnostic.is_some() && filter.is_none(),
        filtres => v.facets(|| facets(site, v)),
        ici => here,
        tout => filter.is_none(),
        tout_url => filter.map(|_| v.url(&Route::FollowUp.path())),
        fil => fil,
    }
}

/// The pilots named by the fiches, each with its actions: all on one page, or, when they are
/// many, those of one initial (`initial`), page `k` of them (`plan::parts`); the first page then
/// lists the initials.
pub(in crate::render) fn pilots_page(site: &Site, v: &Views, home: Value, initial: Option<&str>, k: usize) -> Value {
    use crate::plan::parts::{self, PART_ITEMS};
    let c = &site.content;
    let pilots = &site.plan.pilots;
    let split = pilots.len() > follow::PILOTS_PER_PAGE;
    // The pilots shown, by initial (the list is sorted by slug).
    let mine: Vec<&follow::Pilot> = pilots.iter().filter(|p| !split || initial == Some(p.initial())).collect();
    let shown = parts::window(k, mine.len(), PART_ITEMS);
    let first = initial.filter(|_| split).map(|l| Route::PilotsAt(l).path().into_owned());
    let mut groups: Vec<(&str, Vec<Value>)> = Vec::new();
    for p in &mine[shown] {
        let item = context! {
            nom => p.nom,
            ancre => p.slug,
            url => p.has_page().then(|| v.url(&Route::FollowUpBy(Facet::Pilote, &p.slug).path())),
            actions => p.actions.iter().map(|&i| action_ref(v, &c.actions[i])).collect::<Vec<_>>(),
        };
        match groups.last_mut() {
            Some((l, items)) if *l == p.initial() => items.push(item),
            _ => groups.push((p.initial(), vec![item])),
        }
    }
    let shown: Vec<Value> = groups
        .into_iter()
        .map(|(l, items)| context! { initiale => l, lettre => l.to_uppercase(), pilotes => items })
        .collect();
    let mut initials: Vec<(&str, usize)> = Vec::new();
    for p in pilots {
        match initials.last_mut() {
            Some((l, n)) if *l == p.initial() => *n += 1,
            _ => initials.push((p.initial(), 1)),
        }
    }
    let lettres: Vec<Value> = initials
        .iter()
        .map(|(l, n)| {
            let url = if split { v.url(&Route::PilotsAt(l).path()) } else { format!("#lettre-{l}") };
            context! { lettre => l.to_uppercase(), url => url, nombre => n, actif => initial == Some(*l) }
        })
        .collect();
    let dashboards: Vec<&follow::Pilot> = pilots.iter().filter(|p| p.has_page()).collect();
    let mut fil = vec![home, section(v, Route::FollowUp)];
    if initial.is_some() {
        fil.push(crumb("Les pilotes", v.url(&Route::Pilots.path())));
    }
    context! {
        lettre => initial.map(str::to_uppercase),
        page => pager(v, first.as_deref().unwrap_or(&Route::Pilots.path()), k, mine.len()),
        decoupe => split,
        lettres => lettres,
        groupes => shown,
        nb_pilotes => pilots.len(),
        // Past a list's length, the dashboards are reached from the pilots' names on the pages
        // of their initials: 2 447 names at 50 000 pages made this page 339 KB.
        avec_page => (dashboards.len() <= crate::plan::LIST_MAX).then(|| dashboards.iter().map(|p| context! { nom => p.nom, url => v.url(&Route::FollowUpBy(Facet::Pilote, &p.slug).path()), nombre => p.actions.len() }).collect::<Vec<_>>()),
        nb_avec_page => dashboards.len(),
        pilote_min => follow::PILOT_PAGE_MIN,
        fil => fil,
    }
}

/// The actions under way whose pilots have written no assessment for `bilan_mois` months, by
/// axis: those of page `k` of the list (`plan::parts`).
pub(in crate::render) fn late_page(site: &Site, v: &Views, home: Value, k: usize) -> Value {
    use crate::plan::parts::{self, PART_ITEMS};
    let c = &site.content;
    let months = site.config.bilan_mois;
    let items = parts::late(&site.config, c, site.today);
    let shown = parts::window(k, items.len(), PART_ITEMS);
    let axes: Vec<Value> = site
        .config
        .axes
        .iter()
        .enumerate()
        .filter_map(|(x, axe)| {
            let late: Vec<Value> = items[shown.clone()]
                .iter()
                .filter(|&&(y, _)| y == x)
                .map(|&(_, i)| {
                    let a = &c.actions[i];
                    let last = a.bilans.iter().map(|b| b.date.v).max();
                    context! { ..action_ref(v, a), ..context! { dernier_bilan => last.map(format::date) } }
                })
                .collect();
            let start = items.iter().position(|&(y, _)| y == x);
            (!late.is_empty()).then(|| {
                context! {
                    numero => axe.numero,
                    titre => axe.titre,
                    url => v.url(&Route::FollowUpBy(Facet::Axe, &axe.id).path()),
                    actions => late,
                    nombre => items.iter().filter(|&&(y, _)| y == x).count(),
                    suite => start.is_some_and(|p| p < shown.start),
                }
            })
        })
        .collect();
    context! {
        axes => axes,
        page => pager(v, &Route::Late.path(), k, items.len()),
        nombre => items.len(),
        bilan_mois => months,
        aujourdhui => format::date(site.today),
        fil => vec![home, section(v, Route::FollowUp)],
    }
}

/// One measure as the report shows it: a number with its unit, or the finding, and the target.
fn measure(i: &crate::content::model::Indicateur, m: &crate::content::model::Mesure) -> Value {
    context! {
        indicateur => i.libelle,
        date => format::date(m.date.v),
        valeur => m.valeur.map(|x| number_with(x, &i.unite)),
        nombre => m.valeur,
        constat => m.constat,
        cible => i.cible.map(|x| number_with(x, &i.unite)),
    }
}

/// What an action did in the year, as the report shows it.
fn year_entry(v: &Views, a: &Action, y: &Year, year: i32, today: NaiveDate) -> Value {
    let (first, last) = follow::year_bounds(year);
    let before = first.pred_opt().unwrap_or(first);
    let status = |d| follow::status_at(a, d, today).map(|s: Statut| s.label());
    context! {
        action => action_ref(v, a),
        statut_debut => status(before),
        statut_fin => status(last),
        bilans => y.bilans.iter().map(|b| context! { date => format::date(b.date.v), statut => b.statut.v.label(), texte => b.texte, suite => b.suite }).collect::<Vec<_>>(),
        etapes => y.etapes.iter().map(|e| context! { titre => e.titre, debut => e.debut.map(format::date), fin => e.fin.map(format::date), statut => e.statut.map(|s| s.label()) }).collect::<Vec<_>>(),
        mesures => y.mesures.iter().map(|(i, m)| measure(i, m)).collect::<Vec<_>>(),
        evenements => y.evenements.iter().map(|e| context! { titre => e.titre, date => format::date(e.debut.date), lieu => e.lieu }).collect::<Vec<_>>(),
    }
}

pub(in crate::render) fn report(site: &Site, v: &Views, home: Value, year: i32) -> Value {
    let c = &site.content;
    let today = site.today;
    let (_, last) = follow::year_bounds(year);
    let next = year + 1;
    let mut axes = Vec::new();
    for axe in &site.config.axes {
        let entries: Vec<Value> = c
            .actions
            .iter()
            .filter(|a| a.axe.v == axe.id)
            .filter_map(|a| {
                let y = follow::year_of(a, year, today);
                y.active().then(|| year_entry(v, a, &y, year, today))
            })
            .collect();
        if !entries.is_empty() {
            axes.push(context! { numero => axe.numero, titre => axe.titre, actions => entries });
        }
    }
    let planned: Vec<Value> = c
        .actions
        .iter()
        .filter_map(|a| {
            let y = follow::year_of(a, year, today);
            let suites: Vec<&str> = y.bilans.iter().filter_map(|b| b.suite.as_deref()).collect();
            let stages: Vec<Value> = a
                .etapes
                .iter()
                .filter(|e| e.debut.is_some_and(|d| d.year() == next))
                .map(|e| context! { titre => e.titre, debut => e.debut.map(format::date) })
                .collect();
            let starts = a.debut.filter(|d| d.year() == next).map(format::date);
            let to_start = follow::status_at(a, last, today) == Some(Statut::AVenir);
            (!suites.is_empty() || !stages.is_empty() || starts.is_some() || to_start).then(|| {
                context! { action => action_ref(v, a), suites => suites, etapes => stages, debut => starts, a_demarrer => to_start }
            })
        })
        .collect();
    let news: Vec<Value> =
        c.news.iter().filter(|p| p.date.is_some_and(|d| d.year() == year)).map(|p| v.page(p)).collect();
    let measured: Vec<Value> = c
        .actions
        .iter()
        .flat_map(|a| {
            follow::year_of(a, year, today)
                .mesures
                .into_iter()
                .map(move |(i, m)| context! { ..measure(i, m), ..context! { action => action_ref(v, a) } })
        })
        .collect();
    context! {
        annee => year,
        annee_suivante => next,
        periode => site.config.periode.map(|(d, f)| context! { debut => format::date(d), fin => format::date(f) }),
        etabli_le => format::date(today),
        en_cours => last > today,
        synthese => follow::year_summary(c, year, today),
        statuts => by_status(site, v, &c.actions.iter().collect::<Vec<_>>(), &|a| follow::status_at(a, last, today), "Tout le contrat"),
        nb_avancees => axes.iter().map(|x| x.get_attr("actions").ok().and_then(|a| a.len()).unwrap_or(0)).sum::<usize>(),
        axes => axes,
        prevues => planned,
        mesures => measured,
        financement => funding(site, v, &c.actions.iter().collect::<Vec<_>>()),
        actualites => news,
        autres => reports(site, v),
        fil => vec![home, section(v, Route::FollowUp)],
    }
}
