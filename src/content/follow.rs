//! Follow-up questions asked of the loaded contract (content model, section 3.1): an action's
//! status at a date, what a calendar year saw, which years have a report. The dashboard, the
//! annual reports and the open data read the same answers, and the tests recompute them from
//! the files.

use super::model::{Action, Content, Mesure};
use crate::referentiels::Statut;
use chrono::{Datelike, NaiveDate};

/// A part of the contract the dashboard can be narrowed to (`/suivi/axes/<id>/`…): each is a
/// page, so the filters work without JavaScript.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    /// An axis, by position in `site.toml`.
    Axe(usize),
    Statut(Statut),
    /// A pilot, by position in [`pilots`].
    Pilote(usize),
    /// A commune, by position in `site.toml`: the actions that name it.
    Commune(usize),
}

/// A pilot named by the fiches, with the actions it pilots (positions in the model).
#[derive(Debug, Clone, PartialEq)]
pub struct Pilot {
    /// Its address (`/suivi/pilotes/<slug>/`): one page per slug.
    pub slug: String,
    /// The name as first written.
    pub nom: String,
    pub actions: Vec<usize>,
}

/// A pilot has its own dashboard from this many actions on. Below it, the list of pilots
/// (`/suivi/pilotes/`) names its actions: a dashboard of one action says no more than the fiche,
/// and a regional portal names thousands of such pilots (80 MB of pages at 10 000 pages).
pub const PILOT_PAGE_MIN: usize = 3;

/// Above this many pilots, the list of pilots is cut into one page per initial.
pub const PILOTS_PER_PAGE: usize = 150;

impl Pilot {
    /// Whether the pilot has its own dashboard (`/suivi/pilotes/<slug>/`).
    pub fn has_page(&self) -> bool {
        self.actions.len() >= PILOT_PAGE_MIN
    }

    /// The initial the list of pilots files it under: a letter, or `0-9`.
    pub fn initial(&self) -> &'static str {
        initial_of(&self.slug)
    }
}

/// The initial of a slug: `a` to `z`, or `0-9` for digits (slugs are ASCII).
pub fn initial_of(slug: &str) -> &'static str {
    const LETTERS: [&str; 26] = [
        "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v",
        "w", "x", "y", "z",
    ];
    match slug.bytes().next() {
        Some(b @ b'a'..=b'z') => LETTERS[(b - b'a') as usize],
        _ => "0-9",
    }
}

/// Every pilot, once per slug, sorted by it; each name is slugified once (a regional portal
/// names thousands of pilots).
pub fn pilots(c: &Content) -> Vec<Pilot> {
    let mut out: std::collections::BTreeMap<String, Pilot> = std::collections::BTreeMap::new();
    for (i, a) in c.actions.iter().enumerate() {
        for p in &a.pilotes {
            let slug = crate::slug::slugify(p);
            if slug.is_empty() {
                continue;
            }
            let e = out.entry(slug.clone()).or_insert_with(|| Pilot { slug, nom: p.clone(), actions: Vec::new() });
            if e.actions.last() != Some(&i) {
                e.actions.push(i);
            }
        }
    }
    out.into_values().collect()
}

/// The actions the dashboard narrowed to `f` counts, in the model's order. `pilots` is
/// [`pilots`]' list.
pub fn selected<'c>(cfg: &crate::config::Config, c: &'c Content, pilots: &[Pilot], f: Filter) -> Vec<&'c Action> {
    match f {
        Filter::Pilote(i) => {
            pilots.get(i).map(|p| p.actions.iter().map(|&k| &c.actions[k]).collect()).unwrap_or_default()
        }
        Filter::Axe(i) => c.actions.iter().filter(|a| cfg.axes.get(i).is_some_and(|x| x.id == a.axe.v)).collect(),
        Filter::Statut(s) => c.actions.iter().filter(|a| a.statut.v == s).collect(),
        // Its own actions: those of the whole territory are on the whole contract's page (on a
        // regional portal, repeating them on every commune's page made it a megabyte each).
        Filter::Commune(i) => match cfg.communes.get(i) {
            Some(x) => c.actions.iter().filter(|a| super::query::action_in_commune(a, &x.code)).collect(),
            None => Vec::new(),
        },
    }
}

/// The first and last day of a calendar year.
pub fn year_bounds(year: i32) -> (NaiveDate, NaiveDate) {
    let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN);
    let last = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX);
    (first, last)
}

/// The action's status at the end of day `date`, as the files tell it:
/// - on or after the build day, the status at the top of the fiche;
/// - else the status of the last assessment dated on or before `date`;
/// - else « à venir » when the action starts after `date`;
/// - else unknown (`None`): nothing says what it was.
pub fn status_at(a: &Action, date: NaiveDate, today: NaiveDate) -> Option<Statut> {
    if date >= today {
        return Some(a.statut.v);
    }
    if let Some(b) = a.bilans.iter().filter(|b| b.date.v <= date).max_by_key(|b| b.date.v) {
        return Some(b.statut.v);
    }
    a.debut.filter(|d| *d > date).map(|_| Statut::AVenir)
}

/// What an action did in a calendar year: the dated facts that fall in it, up to the build day.
#[derive(Debug, Default)]
pub struct Year<'a> {
    pub bilans: Vec<&'a super::model::Bilan>,
    /// Stages under way during the year (started by its end, not finished before it began).
    pub etapes: Vec<&'a super::model::Etape>,
    /// Measures of the year, with the indicator they belong to.
    pub mesures: Vec<(&'a super::model::Indicateur, &'a Mesure)>,
    pub evenements: Vec<&'a super::model::Evenement>,
}

impl Year<'_> {
    /// Whether the action was carried out or advanced that year.
    pub fn active(&self) -> bool {
        !(self.bilans.is_empty() && self.etapes.is_empty() && self.mesures.is_empty() && self.evenements.is_empty())
    }
}

/// The facts of `a` in `year`, none after `today`.
pub fn year_of(a: &Action, year: i32, today: NaiveDate) -> Year<'_> {
    let (first, last) = year_bounds(year);
    let last = last.min(today);
    let within = |d: NaiveDate| d >= first && d <= last;
    Year {
        bilans: a.bilans.iter().filter(|b| within(b.date.v)).collect(),
        etapes: a
            .etapes
            .iter()
            .filter(|e| {
                let start = e.debut.or(e.fin);
                let end = e.fin.or(e.debut);
                matches!((start, end), (Some(s), Some(f)) if s <= last && f >= first)
            })
            .collect(),
        mesures: a
            .indicateurs
            .iter()
            .flat_map(|i| i.mesures.iter().map(move |m| (i, m)))
            .filter(|(_, m)| within(m.date.v))
            .collect(),
        evenements: a.evenements.iter().filter(|e| within(e.debut.date)).collect(),
    }
}

/// The years that get an annual report: each calendar year of the contract period (or, without
/// one, of the facts), up to the build day's, in which at least one action did something.
pub fn report_years(c: &Content, periode: Option<(NaiveDate, NaiveDate)>, today: NaiveDate) -> Vec<i32> {
    let (from, to) = match periode {
        Some((d, f)) => (d.year(), f.year().min(today.year())),
        None => {
            let dates = c.actions.iter().flat_map(|a| {
                let bilans = a.bilans.iter().map(|b| b.date.v);
                let mesures = a.indicateurs.iter().flat_map(|i| i.mesures.iter().map(|m| m.date.v));
                bilans.chain(mesures).chain(a.evenements.iter().map(|e| e.debut.date))
            });
            let years: Vec<i32> = dates.filter(|d| *d <= today).map(|d| d.year()).collect();
            match (years.iter().min(), years.iter().max()) {
                (Some(a), Some(b)) => (*a, *b),
                _ => return Vec::new(),
            }
        }
    };
    (from..=to).filter(|y| c.actions.iter().any(|a| year_of(a, *y, today).active())).collect()
}

/// The latest numeric measure of an indicator, and the latest measure of any kind.
pub fn latest(mesures: &[Mesure]) -> (Option<&Mesure>, Option<&Mesure>) {
    let numeric = mesures.iter().filter(|m| m.valeur.is_some()).max_by_key(|m| m.date.v);
    (numeric, mesures.iter().max_by_key(|m| m.date.v))
}

/// Whether an action in progress has gone more than `months` without an assessment.
pub fn overdue(a: &Action, months: u32, today: NaiveDate) -> Option<NaiveDate> {
    if a.statut.v != Statut::EnCours {
        return None;
    }
    let limit = today.checked_sub_months(chrono::Months::new(months))?;
    let last = a.bilans.iter().map(|b| b.date.v).max();
    match last {
        Some(d) if d >= limit => None,
        // Without any assessment, the clock starts when the action does.
        None if a.debut.is_none_or(|d| d >= limit) => None,
        _ => Some(limit),
    }
}

/// The year in a few short sentences, in easy-to-read French (one idea per sentence, figures as
/// digits): the annual report opens with it, and the easy-to-read lint reads it like any text.
pub fn year_summary(c: &Content, year: i32, today: NaiveDate) -> Vec<String> {
    let (_, last) = year_bounds(year);
    let years: Vec<Year> = c.actions.iter().map(|a| year_of(a, year, today)).collect();
    let active = years.iter().filter(|y| y.active()).count();
    let done = c
        .actions
        .iter()
        .filter(|a| {
            let (first, _) = year_bounds(year);
            let before = first.pred_opt().unwrap_or(first);
            status_at(a, last, today) == Some(Statut::Realisee) && status_at(a, before, today) != Some(Statut::Realisee)
        })
        .count();
    let events: usize = years.iter().map(|y| y.evenements.len()).sum();
    let plural = |n: usize, one: &str, many: &str| if n > 1 { many.to_string() } else { one.to_string() };
    let so_far = if last > today { "Depuis le début de l'année" } else { "Cette année-là" };
    let mut out = vec![format!("Ce texte parle de l'année {year}.")];
    out.push(format!(
        "{so_far}, {active} {} du contrat {}.",
        plural(active, "action", "actions"),
        plural(active, "a avancé", "ont avancé")
    ));
    if done > 0 {
        out.push(format!("{done} {} {}.", plural(done, "action", "actions"), plural(done, "est finie", "sont finies")));
    }
    if events > 0 {
        out.push(format!("Il y a eu {events} {} pour les habitants.", plural(events, "rencontre", "rencontres")));
    }
    out.push("Vous trouvez plus bas ce que chaque action a fait.".into());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn years_are_whole_calendar_years() {
        assert_eq!(year_bounds(2025), (d("2025-01-01"), d("2025-12-31")));
    }
}
