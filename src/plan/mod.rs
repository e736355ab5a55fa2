//! Stage 3, the plan: every file the site is made of, computed once from the loaded content.
//!
//! Each page and templated file is a [`Job`] (its address comes from [`Route`]), rendered in
//! parallel by `render`; each open data file is a path of `export`. Link targets, the link
//! checker, the check that no two files share an address, and the site map all read this plan.

pub mod parts;
pub mod paths;

use crate::config::Config;
use crate::content::Content;
pub use crate::content::model::Entity;
use crate::diag::Diagnostic;
use crate::referentiels as refs;
use crate::route::{Route, file_of};
use std::collections::{BTreeMap, BTreeSet};

/// A list page shows each item as a card up to this many items; above, one line each, or the
/// groups with their counts (the site map, the list of every service), and the embedded
/// directory reads one commune's file instead of every service. A page that lists everything
/// grows with the site: at 10 000 pages, `/annuaire/` was 3.2 MB, the embed 3 MB and the site map
/// 1.5 MB. Every item stays one link away from a page of its group.
pub const LIST_MAX: usize = 200;

/// Whether the embedded directory reads one file per commune (`Route::EmbedCommune`) rather
/// than every service at once.
pub fn embed_by_commune(c: &Content) -> bool {
    c.services.len() > LIST_MAX
}

/// What a job renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    Home,
    Chapters,
    Chapter(usize),
    Actions,
    Action(usize),
    /// An axis, and which page of its actions (from 1; [`parts`] for this and the next ones).
    Axe(usize, usize),
    Annuaire,
    Map,
    Selection,
    Service(usize),
    Commune(usize),
    Topic(usize, usize),
    Public(usize, usize),
    Structure(usize),
    Glossary,
    News,
    NewsItem(usize),
    Page(usize),
    Twin(usize),
    FalcIndex,
    /// The diagnostic's front page, its chapters, its indicators and its findings.
    Diagnostic,
    DiagnosticChapter(usize),
    Indicators,
    Indicator(usize),
    Finding(usize),
    /// The diagnostic in easy-to-read words, written from its numbers.
    DiagnosticFalc,
    Agenda,
    FollowUp,
    FollowUpBy(crate::content::follow::Filter),
    /// The list of pilots: all of them, or those of one initial, and which page of them.
    Pilots(Option<&'static str>, usize),
    /// The actions without a recent assessment: which page of them.
    Late(usize),
    Report(i32),
    Embed,
    Integrate,
    Search,
    Accessibility,
    SiteIndex,
    NotFound,
    Atom,
    /// `sitemap.xml`: every page, or the list of the parts when they are more than
    /// [`SITEMAP_URLS`].
    Sitemap,
    /// One part of a long sitemap (from 1), of [`SITEMAP_URLS`] pages at most.
    SitemapPart(usize),
    Robots,
}

/// The most addresses one sitemap file may hold (sitemaps.org protocol; search engines ignore a
/// longer file). A site with more pages gets `sitemap-1.xml`, `sitemap-2.xml`… and a
/// `sitemap.xml` that lists them (a sitemap index), so `robots.txt` names the same file.
pub const SITEMAP_URLS: usize = 50_000;

/// How many part files a sitemap of `pages` addresses needs, `max` per file: 0 when one file holds
/// them all.
pub fn sitemap_parts(pages: usize, max: usize) -> usize {
    if pages <= max { 0 } else { pages.div_ceil(max) }
}

#[derive(Debug, Clone)]
pub struct Job {
    /// Address relative to the base URL: `actions/x/` for pages, `sitemap.xml` for files.
    pub path: String,
    pub template: &'static str,
    pub kind: JobKind,
}

impl Job {
    fn new(route: Route, template: &'static str, kind: JobKind) -> Self {
        Self { path: route.path().into_owned(), template, kind }
    }

    /// File written in the output folder.
    pub fn file(&self) -> String {
        file_of(&self.path)
    }

    /// Whether the job is an HTML page listed in the sitemap.
    pub fn is_page(&self) -> bool {
        self.template.ends_with(".html") && !matches!(self.kind, JobKind::NotFound | JobKind::Embed)
    }
}

/// Every generated file of the site, planned before anything is made.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Pages and templated files, in the reading order of the site map.
    pub jobs: Vec<Job>,
    /// Open data files (`export`), relative to the output root.
    pub data: Vec<String>,
    /// The pilots the dashboard has a page for, with their actions (`JobKind::FollowUpBy`
    /// points into it): computed once, each name slugified once.
    pub pilots: Vec<crate::content::follow::Pilot>,
}

impl Plan {
    /// `today`, the build day, decides which years have an activity report.
    pub fn new(cfg: &Config, c: &Content, today: chrono::NaiveDate) -> Self {
        let pilots = crate::content::follow::pilots(c);
        Plan { jobs: jobs(cfg, c, today, &pilots), data: data(cfg, c), pilots }
    }

    /// Every file made by portail (pages, templated files, open data), relative to the output.
    pub fn files(&self) -> impl Iterator<Item = String> + '_ {
        self.jobs.iter().map(Job::file).chain(self.data.iter().cloned())
    }

    /// Every address a link may reach among them: pages as `x/`, files by name.
    pub fn addresses(&self) -> impl Iterator<Item = String> + '_ {
        self.jobs.iter().map(|j| j.path.clone()).chain(self.data.iter().cloned())
    }

    /// Files copied as they are (beside content, `static/`) that would take the place of a
    /// generated file, of the theme's, or of each other: two files, one address.
    pub fn collisions(&self, root: &std::path::Path, assets: &[crate::content::model::Asset]) -> Vec<Diagnostic> {
        let generated: BTreeSet<String> = self.files().collect();
        let mut seen: BTreeMap<&str, String> = BTreeMap::new();
        let mut out = Vec::new();
        for a in assets {
            let file = crate::diag::rel(root, &a.source);
            if generated.contains(&a.path) || a.path.starts_with("theme/") {
                out.push(
                    Diagnostic::error(
                        "adresse-en-double",
                        format!("{file} prendrait la place d'une page générée (/{})", a.path),
                    )
                    .file(file.clone())
                    .suggest(Some("renommez ou déplacez ce fichier".into())),
                );
            } else if let Some(first) = seen.insert(&a.path, file.clone()) {
                out.push(
                    Diagnostic::error(
                        "adresse-en-double",
                        format!("{file} et {first} seraient publiés à la même adresse /{}", a.path),
                    )
                    .file(file),
                );
            }
        }
        out
    }
}

/// The open data files of the whole site (communes' slices and fiches' calendars apart).
const DATA: [Route<'static>; 11] = [
    Route::Data("annuaire.csv"),
    Route::Data("communes.json"),
    Route::Data("structures.csv"),
    Route::Data("actions.csv"),
    Route::Data("indicateurs.csv"),
    Route::Data("datapackage.json"),
    Route::Data("annuaire.json"),
    Route::Data("annuaire.geojson"),
    Route::Data("actions.json"),
    Route::EmbedData,
    Route::Calendar,
];

/// Every file this stage writes, relative to the base URL (links in content may point at them).
/// `export::each` makes exactly these (tested).
pub fn data(cfg: &Config, c: &Content) -> Vec<String> {
    let mut out: Vec<String> = DATA.iter().map(Route::file).collect();
    out.extend(cfg.communes.iter().map(|x| Route::CommuneData(&x.code).file()));
    if embed_by_commune(c) {
        out.extend(cfg.communes.iter().map(|x| Route::EmbedCommune(&x.code).file()));
    }
    out.extend(
        c.actions.iter().filter(|a| !a.evenements.is_empty()).map(|a| Route::ActionCalendar(&a.origin.path).file()),
    );
    if let Some(d) = &c.diagnostic {
        out.push(Route::Data("diagnostic.csv").file());
        out.extend(d.indicators.iter().map(|i| Route::IndicatorData(&i.id).file()));
    }
    out
}

/// Plans every page and templated file. The order is the reading order of the site map.
fn jobs(cfg: &Config, c: &Content, today: chrono::NaiveDate, pilots: &[crate::content::follow::Pilot]) -> Vec<Job> {
    let mut jobs = vec![Job::new(Route::Home, "home.html", JobKind::Home)];
    jobs.push(Job::new(Route::Chapters, "chapters.html", JobKind::Chapters));
    jobs.extend(
        c.chapters
            .iter()
            .enumerate()
            .map(|(i, p)| Job::new(Route::Content(&p.origin.path), "chapter.html", JobKind::Chapter(i))),
    );
    jobs.push(Job::new(Route::Actions, "actions.html", JobKind::Actions));
    for (i, a) in cfg.axes.iter().enumerate() {
        jobs.extend(paged(Route::Axe(&a.id), parts::axe(c, a).len(), "axe.html", |k| JobKind::Axe(i, k)));
    }
    jobs.extend(
        c.actions
            .iter()
            .enumerate()
            .map(|(i, a)| Job::new(Route::Content(&a.origin.path), "action.html", JobKind::Action(i))),
    );
    jobs.push(Job::new(Route::Annuaire, "annuaire.html", JobKind::Annuaire));
    jobs.push(Job::new(Route::Selection, "selection.html", JobKind::Selection));
    // The map exists when at least one service can be placed on it.
    if c.services.iter().any(|s| crate::content::query::service_position(cfg, c, s).is_some()) {
        jobs.push(Job::new(Route::Map, "carte.html", JobKind::Map));
    }
    jobs.extend(
        cfg.communes
            .iter()
            .enumerate()
            .map(|(i, x)| Job::new(Route::Commune(&x.code), "commune.html", JobKind::Commune(i))),
    );
    for (i, t) in refs::thematiques().codes.iter().enumerate() {
        let n = parts::topic(c, &t.code).len();
        jobs.extend(paged(Route::Topic(&t.code), n, "thematique.html", |k| JobKind::Topic(i, k)));
    }
    for (i, p) in refs::publics().codes.iter().enumerate() {
        let n = parts::public(c, &p.code).len();
        jobs.extend(paged(Route::Public(&p.code), n, "public.html", |k| JobKind::Public(i, k)));
    }
    jobs.extend(
        c.services
            .iter()
            .enumerate()
            .map(|(i, s)| Job::new(Route::Content(&s.origin.path), "service.html", JobKind::Service(i))),
    );
    jobs.extend(
        c.structures
            .iter()
            .enumerate()
            .map(|(i, s)| Job::new(Route::Content(&s.origin.path), "structure.html", JobKind::Structure(i))),
    );
    jobs.push(Job::new(Route::Glossary, "glossaire.html", JobKind::Glossary));
    jobs.push(Job::new(Route::News, "actualites.html", JobKind::News));
    jobs.extend(
        c.news
            .iter()
            .enumerate()
            .map(|(i, p)| Job::new(Route::Content(&p.origin.path), "actualite.html", JobKind::NewsItem(i))),
    );
    jobs.push(Job::new(Route::Atom, "atom.xml", JobKind::Atom));
    jobs.extend(
        c.pages
            .iter()
            .enumerate()
            .map(|(i, p)| Job::new(Route::Content(&p.origin.path), "page.html", JobKind::Page(i))),
    );
    if let Some(d) = &c.diagnostic {
        jobs.push(Job::new(Route::Diagnostic, "diagnostic.html", JobKind::Diagnostic));
        jobs.extend(d.chapters.iter().enumerate().map(|(i, p)| {
            Job::new(Route::Content(&p.origin.path), "diagnostic-chapitre.html", JobKind::DiagnosticChapter(i))
        }));
        jobs.push(Job::new(Route::Indicators, "indicateurs.html", JobKind::Indicators));
        jobs.extend(
            d.indicators
                .iter()
                .enumerate()
                .map(|(i, x)| Job::new(Route::Indicator(&x.id), "indicateur.html", JobKind::Indicator(i))),
        );
        jobs.extend(
            d.findings
                .iter()
                .enumerate()
                .map(|(i, f)| Job::new(Route::Finding(&f.id.v), "constat.html", JobKind::Finding(i))),
        );
        jobs.push(Job::new(Route::Twin(&Route::Diagnostic.path()), "diagnostic-falc.html", JobKind::DiagnosticFalc));
    }
    jobs.push(Job::new(Route::FalcIndex, "falc_index.html", JobKind::FalcIndex));
    jobs.extend(
        c.twins
            .iter()
            .enumerate()
            // The diagnostic's easy-to-read page is written from its numbers; a twin of its
            // introduction opens it (`JobKind::DiagnosticFalc`).
            .filter(|(_, t)| !t.of.is_empty())
            .filter(|(_, t)| c.diagnostic.is_none() || t.of != "diagnostic/")
            .map(|(i, t)| Job::new(Route::Content(&t.origin.path), "falc.html", JobKind::Twin(i))),
    );
    jobs.push(Job::new(Route::Agenda, "agenda.html", JobKind::Agenda));
    jobs.push(Job::new(Route::FollowUp, "suivi.html", JobKind::FollowUp));
    {
        use crate::content::follow::Filter;
        use crate::route::Facet;
        let by = |route, f| Job::new(route, "suivi.html", JobKind::FollowUpBy(f));
        jobs.extend(cfg.axes.iter().enumerate().map(|(i, x)| by(Route::FollowUpBy(Facet::Axe, &x.id), Filter::Axe(i))));
        let statuts = crate::referentiels::Statut::ALL.iter().filter(|s| c.actions.iter().any(|a| a.statut.v == **s));
        jobs.extend(statuts.map(|s| by(Route::FollowUpBy(Facet::Statut, s.code()), Filter::Statut(*s))));
        jobs.extend(
            pilots
                .iter()
                .enumerate()
                .filter(|(_, p)| p.has_page())
                .map(|(i, p)| by(Route::FollowUpBy(Facet::Pilote, &p.slug), Filter::Pilote(i))),
        );
        if !pilots.is_empty() {
            jobs.push(Job::new(Route::Pilots, "pilotes.html", JobKind::Pilots(None, 1)));
        }
        if pilots.len() > crate::content::follow::PILOTS_PER_PAGE {
            let mut initials: Vec<&'static str> = pilots.iter().map(|p| p.initial()).collect();
            initials.dedup();
            // An initial of many pilots is cut in turn (1 588 for S at 50 000 pages, 756 KB).
            for l in initials {
                let n = pilots.iter().filter(|p| p.initial() == l).count();
                jobs.extend(paged(Route::PilotsAt(l), n, "pilotes.html", |k| JobKind::Pilots(Some(l), k)));
            }
        }
        jobs.extend(paged(Route::Late, parts::late(cfg, c, today).len(), "sans-bilan.html", JobKind::Late));
        // A commune has a dashboard when a fiche names it: the others' actions all cover the
        // whole territory, which the whole contract's page shows (240 empty pages at 1 000 pages).
        jobs.extend(
            cfg.communes
                .iter()
                .enumerate()
                .filter(|(_, x)| c.actions.iter().any(|a| crate::content::query::action_in_commune(a, &x.code)))
                .map(|(i, x)| by(Route::FollowUpBy(Facet::Commune, &x.code), Filter::Commune(i))),
        );
    }
    jobs.extend(
        crate::content::follow::report_years(c, cfg.periode, today)
            .into_iter()
            .map(|y| Job::new(Route::Report(y), "rapport.html", JobKind::Report(y))),
    );
    jobs.push(Job::new(Route::Integrate, "integrer.html", JobKind::Integrate));
    jobs.push(Job::new(Route::Embed, "embed.html", JobKind::Embed));
    jobs.push(Job::new(Route::Search, "recherche.html", JobKind::Search));
    jobs.push(Job::new(Route::Accessibility, "accessibilite.html", JobKind::Accessibility));
    jobs.push(Job::new(Route::SiteIndex, "plan.html", JobKind::SiteIndex));
    jobs.push(Job::new(Route::NotFound, "404.html", JobKind::NotFound));
    let parts = sitemap_parts(jobs.iter().filter(|j| j.is_page()).count(), SITEMAP_URLS);
    jobs.extend((1..=parts).map(|n| Job::new(Route::SitemapPart(n), "sitemap.xml", JobKind::SitemapPart(n))));
    let index = if parts == 0 { "sitemap.xml" } else { "sitemap-index.xml" };
    jobs.push(Job::new(Route::Sitemap, index, JobKind::Sitemap));
    jobs.push(Job::new(Route::Robots, "robots.txt", JobKind::Robots));
    jobs
}

/// The pages of a long list of `items` whose first page is at `first` (`parts`): one page per
/// [`parts::PART_ITEMS`] items, and one for an empty list; `kind` is given the page's number.
fn paged(first: Route, items: usize, template: &'static str, kind: impl Fn(usize) -> JobKind) -> Vec<Job> {
    let first = first.path();
    (1..=parts::count(items, parts::PART_ITEMS)).map(|k| Job::new(Route::Part(&first, k), template, kind(k))).collect()
}

/// What a page shows of the content, declared as data: after an edit the preview redoes the jobs
/// whose inputs, before or after the edit, meet what changed ([`Plan::inputs`]).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Input {
    /// All of an entity, body included (its own page), by output path.
    Whole(String),
    /// What lists show of an entity: all but the body of an action or a service; all of a page.
    Listed(String),
    /// Every entity of a kind, or their order: a page that lists them all.
    Every(Entity),
    /// How many actions cover the whole territory (every commune page counts them).
    Territory,
    /// The parts the dashboard can be narrowed to, as every narrowed dashboard links to them:
    /// the statuses in use, the pilots with a dashboard, the years with a report.
    Facets,
    /// The pilots and their initials, as the list of pilots shows them.
    Pilots,
}

/// What [`Input::Facets`] stands for, compared before and after an edit.
pub fn facets(
    cfg: &Config,
    c: &Content,
    today: chrono::NaiveDate,
) -> (Vec<crate::referentiels::Statut>, Vec<(String, String)>, Vec<i32>) {
    let statuts = crate::referentiels::Statut::ALL
        .iter()
        .copied()
        .filter(|s| c.actions.iter().any(|a| a.statut.v == *s))
        .collect();
    let pilots =
        crate::content::follow::pilots(c).into_iter().filter(|p| p.has_page()).map(|p| (p.slug, p.nom)).collect();
    (statuts, pilots, crate::content::follow::report_years(c, cfg.periode, today))
}

/// What [`Input::Pilots`] stands for: every pilot's address and name.
pub fn pilot_names(c: &Content) -> Vec<(String, String)> {
    crate::content::follow::pilots(c).into_iter().map(|p| (p.slug, p.nom)).collect()
}

impl Plan {
    /// The inputs of one job over the content it was planned from. The match has no catch-all:
    /// a new page kind must declare what it shows.
    /// `pilots` are those of `c` ([`crate::content::follow::pilots`]).
    pub fn inputs(cfg: &Config, c: &Content, pilots: &[crate::content::follow::Pilot], job: &Job) -> Vec<Input> {
        use crate::content::query;
        let listed = |path: &str| Input::Listed(path.to_string());
        let own = Input::Whole(job.path.clone());
        let pages = [Entity::Chapter, Entity::News, Entity::Page].map(Input::Every);
        let all = [Entity::Action, Entity::Service, Entity::Chapter, Entity::News, Entity::Page].map(Input::Every);
        match job.kind {
            JobKind::Action(i) => {
                let a = &c.actions[i];
                let services = a.ressources.iter().filter_map(|r| c.service(r)).map(|s| listed(&s.origin.path));
                std::iter::once(own).chain(services).collect()
            }
            JobKind::Service(i) => {
                let s = &c.services[i];
                let actions = c.actions.iter().filter(|a| a.ressources.iter().any(|r| r.v == s.id.v));
                std::iter::once(own).chain(actions.map(|a| listed(&a.origin.path))).collect()
            }
            JobKind::Structure(i) => {
                let st = &c.structures[i];
                let mine = c.services.iter().filter(|s| s.structure.as_ref().is_some_and(|x| x.v == st.id.v));
                std::iter::once(own).chain(mine.map(|s| listed(&s.origin.path))).collect()
            }
            // Every page of a long list declares the whole list: each counts it and links to the
            // others, and an item that comes or goes moves the ones after it to the next page.
            JobKind::Axe(i, _) => {
                parts::axe(c, &cfg.axes[i]).into_iter().map(|(_, a)| listed(&c.actions[a].origin.path)).collect()
            }
            JobKind::Topic(i, _) => {
                let l = parts::topic(c, &refs::thematiques().codes[i].code);
                let actions = l.actions.iter().map(|&a| &c.actions[a].origin.path);
                actions.chain(l.services.iter().map(|&s| &c.services[s].origin.path)).map(|p| listed(p)).collect()
            }
            JobKind::Public(i, _) => {
                let l = parts::public(c, &refs::publics().codes[i].code);
                let actions = l.actions.iter().map(|&a| &c.actions[a].origin.path);
                actions.chain(l.services.iter().map(|&s| &c.services[s].origin.path)).map(|p| listed(p)).collect()
            }
            JobKind::Commune(i) => {
                let x = &cfg.communes[i].code;
                let actions = c.actions.iter().filter(|a| query::action_in_commune(a, x)).map(|a| &a.origin.path);
                let services = c.services.iter().filter(|s| query::serves(cfg, c, s, x)).map(|s| &s.origin.path);
                actions.chain(services).map(|p| listed(p)).chain([Input::Territory]).collect()
            }
            // The easy-to-read twin shows the title of the page it stands for.
            JobKind::Twin(i) => vec![listed(&c.twins[i].of)],
            // Chapters show their neighbours' titles.
            JobKind::Chapter(_) => vec![own, Input::Every(Entity::Chapter)],
            JobKind::NewsItem(_) | JobKind::Page(_) => vec![own],
            // A narrowed dashboard counts its own actions, and links to the other parts without
            // their counts: a fiche's new status redoes the parts it leaves and joins, not all.
            JobKind::FollowUpBy(f) => crate::content::follow::selected(cfg, c, pilots, f)
                .into_iter()
                .map(|a| listed(&a.origin.path))
                .chain([Input::Facets])
                .collect(),
            JobKind::Pilots(initial, _) => {
                let shown = pilots.iter().filter(|p| initial.is_none_or(|l| l == p.initial()));
                let actions = shown.flat_map(|p| p.actions.iter().map(|&i| listed(&c.actions[i].origin.path)));
                actions.chain([Input::Pilots, Input::Facets]).collect()
            }
            JobKind::Actions | JobKind::Agenda | JobKind::FollowUp | JobKind::Late(_) => {
                vec![Input::Every(Entity::Action)]
            }
            // The year's news close the report.
            JobKind::Report(_) => vec![Input::Every(Entity::Action), Input::Every(Entity::News)],
            // The glossary names the service an acronym leads to.
            JobKind::Annuaire | JobKind::Map | JobKind::Embed | JobKind::Integrate | JobKind::Glossary => {
                vec![Input::Every(Entity::Service)]
            }
            JobKind::Home => std::iter::once(Input::Every(Entity::Service)).chain(pages).collect(),
            JobKind::Chapters => vec![Input::Every(Entity::Chapter)],
            // The diagnostic is read again whole when one of its files changes (a full load);
            // what its pages show of the fiches is the findings they answer and their status.
            JobKind::Diagnostic | JobKind::Finding(_) | JobKind::Indicator(_) => vec![Input::Every(Entity::Action)],
            JobKind::DiagnosticChapter(_) | JobKind::Indicators | JobKind::DiagnosticFalc => Vec::new(),
            JobKind::News | JobKind::Atom => vec![Input::Every(Entity::News)],
            // The site maps follow the model's order, which a new title or number moves.
            JobKind::FalcIndex | JobKind::SiteIndex | JobKind::Sitemap | JobKind::SitemapPart(_) => all.to_vec(),
            // The search page names the index, which the preview rebuilds apart (`Live::catch_up`).
            // The selection page is a frame: the browser fills it from the service pages.
            JobKind::Search | JobKind::Accessibility | JobKind::NotFound | JobKind::Robots | JobKind::Selection => {
                Vec::new()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_of_pages_and_documents() {
        assert_eq!(Job::new(Route::Home, "home.html", JobKind::Home).file(), "index.html");
        assert_eq!(
            Job::new(Route::Content("actions/x/"), "action.html", JobKind::Action(0)).file(),
            "actions/x/index.html"
        );
        assert_eq!(Job::new(Route::Sitemap, "sitemap.xml", JobKind::Sitemap).file(), "sitemap.xml");
        assert!(!Job::new(Route::NotFound, "404.html", JobKind::NotFound).is_page());
    }

    #[test]
    fn a_sitemap_is_split_only_beyond_the_protocols_limit() {
        assert_eq!(sitemap_parts(0, SITEMAP_URLS), 0);
        assert_eq!(sitemap_parts(SITEMAP_URLS, SITEMAP_URLS), 0);
        assert_eq!(sitemap_parts(SITEMAP_URLS + 1, SITEMAP_URLS), 2);
        assert_eq!(sitemap_parts(2 * SITEMAP_URLS, SITEMAP_URLS), 2);
        assert_eq!(sitemap_parts(2 * SITEMAP_URLS + 1, SITEMAP_URLS), 3);
        assert_eq!(sitemap_parts(7, 3), 3);
    }
}
