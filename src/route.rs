//! Every address of the generated site, in one table.
//!
//! A `Route` names what is published (a service's page, a commune's data slice, the sitemap);
//! [`Route::path`] is the only place that turns it into an address, relative to the base URL.
//! Pages end with `/` and are written as `<path>index.html`; other files keep their name. Pages
//! of content files (chapters, fiches, news, pages) take their address from the file name when
//! the content is loaded (`Origin::path`), once: their route carries it.
//!
//! The addresses are a contract with communes and partners (content model, section 7): a change
//! here is a change of the public interface.
//!
//! Beside them, what a stage hands to the writer: [`Output`], a file made for an address, and
//! [`WriteError`], why one could not be written.

use std::borrow::Cow;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Route<'a> {
    Home,
    /// The contract's table of contents.
    Chapters,
    Actions,
    /// An axis of the programme, by id.
    Axe(&'a str),
    Annuaire,
    /// The directory on a static map.
    Map,
    /// A person's selection of services, kept in their browser.
    Selection,
    /// A directory service, by id.
    Service(&'a str),
    /// An organisation, by id.
    Structure(&'a str),
    /// What serves a commune, by INSEE code.
    Commune(&'a str),
    /// A theme, by code of the code list.
    Topic(&'a str),
    /// A public, by code of the code list.
    Public(&'a str),
    Glossary,
    /// A glossary term, by anchor.
    Term(&'a str),
    News,
    Atom,
    /// The list of easy-to-read versions (and the home page's own).
    FalcIndex,
    /// The easy-to-read twin of the page at this path.
    Twin(&'a str),
    Agenda,
    /// The follow-up dashboard.
    FollowUp,
    /// The dashboard narrowed to an axis, a status, a pilot or a commune (by id, code or slug).
    FollowUpBy(Facet, &'a str),
    /// Every pilot named by the fiches, with its actions.
    Pilots,
    /// The pilots of one initial (`a`…`z`, `0-9`), when they are too many for one page.
    PilotsAt(&'a str),
    /// The actions under way whose pilots have written no recent assessment.
    Late,
    /// The annual activity report of a calendar year.
    Report(i32),
    /// The shared diagnostic: introduction, key figures and findings.
    Diagnostic,
    /// Every indicator of the diagnostic, by portrait.
    Indicators,
    /// One indicator of the diagnostic, by id.
    Indicator(&'a str),
    /// The values of one indicator, as CSV.
    IndicatorData(&'a str),
    /// One finding of the diagnostic, by id.
    Finding(&'a str),
    /// The iCalendar feed of every event.
    Calendar,
    /// The iCalendar feed of the fiche published at this path.
    ActionCalendar(&'a str),
    Integrate,
    Embed,
    /// The services the embed filters in the browser.
    EmbedData,
    /// The services of one commune, for the embed of a large directory (INSEE code).
    EmbedCommune(&'a str),
    Search,
    Accessibility,
    SiteIndex,
    NotFound,
    Sitemap,
    /// One part of a sitemap too long for one file (from 1); `sitemap.xml` then lists the parts.
    SitemapPart(usize),
    Robots,
    /// The directory's open data, sliced for one commune (INSEE code).
    CommuneData(&'a str),
    /// A file of the open data (`donnees/annuaire.json`).
    Data(&'a str),
    /// A page whose address was set when its file was loaded (chapters, fiches, news, pages).
    Content(&'a str),
    /// Page `n` of a long list whose first page is at this address (`plan::parts`): the first
    /// page itself for 1, `<address>page-<n>/` after.
    Part(&'a str, usize),
}

/// What a narrowed dashboard is narrowed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Facet {
    Axe,
    Statut,
    Pilote,
    Commune,
}

impl Facet {
    fn segment(self) -> &'static str {
        match self {
            Facet::Axe => "axes",
            Facet::Statut => "statuts",
            Facet::Pilote => "pilotes",
            Facet::Commune => "communes",
        }
    }
}

impl Route<'_> {
    /// The address relative to the base URL: `annuaire/pfidass/`, `sitemap.xml`, `""` for home.
    pub fn path(&self) -> Cow<'_, str> {
        match *self {
            Route::Home => "".into(),
            Route::Chapters => "contrat/".into(),
            Route::Actions => "actions/".into(),
            Route::Axe(id) => format!("actions/axes/{id}/").into(),
            Route::Annuaire => "annuaire/".into(),
            Route::Map => "annuaire/carte/".into(),
            Route::Selection => "selection/".into(),
            Route::Service(id) => format!("annuaire/{id}/").into(),
            Route::Structure(id) => format!("structures/{id}/").into(),
            Route::Commune(code) => format!("annuaire/communes/{code}/").into(),
            Route::Topic(code) => format!("annuaire/thematiques/{code}/").into(),
            Route::Public(code) => format!("annuaire/publics/{code}/").into(),
            Route::Glossary => "glossaire/".into(),
            Route::Term(anchor) => format!("glossaire/#{anchor}").into(),
            Route::News => "actualites/".into(),
            Route::Atom => "actualites/atom.xml".into(),
            Route::FalcIndex => "facile-a-lire/".into(),
            Route::Twin(of) => format!("{of}facile-a-lire/").into(),
            Route::Agenda => "agenda/".into(),
            Route::FollowUp => "suivi/".into(),
            Route::FollowUpBy(facet, key) => format!("suivi/{}/{key}/", facet.segment()).into(),
            Route::Pilots => "suivi/pilotes/".into(),
            Route::PilotsAt(initial) => format!("suivi/pilotes/lettre-{initial}/").into(),
            Route::Late => "suivi/sans-bilan/".into(),
            Route::Report(year) => format!("suivi/{year}/").into(),
            Route::Diagnostic => "diagnostic/".into(),
            Route::Indicators => "diagnostic/indicateurs/".into(),
            Route::Indicator(id) => format!("diagnostic/indicateurs/{id}/").into(),
            Route::IndicatorData(id) => format!("diagnostic/indicateurs/{id}/valeurs.csv").into(),
            Route::Finding(id) => format!("diagnostic/constats/{id}/").into(),
            Route::Calendar => "agenda.ics".into(),
            Route::ActionCalendar(of) => format!("{of}agenda.ics").into(),
            Route::Integrate => "integrer/".into(),
            Route::Embed => "embed/annuaire/".into(),
            Route::EmbedData => "embed/annuaire/services.json".into(),
            Route::EmbedCommune(code) => format!("embed/annuaire/communes/{code}.json").into(),
            Route::Search => "recherche/".into(),
            Route::Accessibility => "accessibilite/".into(),
            Route::SiteIndex => "plan-du-site/".into(),
            Route::NotFound => "404.html".into(),
            Route::Sitemap => "sitemap.xml".into(),
            Route::SitemapPart(n) => format!("sitemap-{n}.xml").into(),
            Route::Robots => "robots.txt".into(),
            Route::CommuneData(code) => format!("annuaire/communes/{code}/annuaire.json").into(),
            Route::Data(name) => format!("donnees/{name}").into(),
            Route::Content(path) => path.into(),
            Route::Part(first, n) if n <= 1 => first.into(),
            Route::Part(first, n) => format!("{first}page-{n}/").into(),
        }
    }

    /// The file written for this address in the output folder.
    pub fn file(&self) -> String {
        file_of(&self.path())
    }
}

/// The file written for an address: pages are `index.html` files in their folder.
pub fn file_of(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.to_string() }
}

/// One file made for the output, relative to the output root: what every stage hands to the
/// writer (`output`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Why the output could not be written: the path, what was being done, and the system's reason.
#[derive(Debug)]
pub struct WriteError {
    pub path: std::path::PathBuf,
    pub action: &'static str,
    pub source: Option<std::io::Error>,
}

impl WriteError {
    pub fn new(path: impl Into<std::path::PathBuf>, action: &'static str, source: std::io::Error) -> Self {
        WriteError { path: path.into(), action, source: Some(source) }
    }

    /// A run stopped while another thread held the writer's state.
    pub fn interrupted() -> Self {
        WriteError { path: std::path::PathBuf::new(), action: "écriture interrompue", source: None }
    }
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if !self.path.as_os_str().is_empty() {
            write!(f, "{} : ", self.path.display())?;
        }
        f.write_str(self.action)?;
        match &self.source {
            Some(e) => write!(f, " : {e}"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for WriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_ref().map(|e| e as _)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_of_the_content_model() {
        // Section 7 of the content model: communes and partners link to these.
        let cases = [
            (Route::Home, "", "index.html"),
            (Route::Service("pfidass"), "annuaire/pfidass/", "annuaire/pfidass/index.html"),
            (Route::Commune("24322"), "annuaire/communes/24322/", "annuaire/communes/24322/index.html"),
            (
                Route::Topic("sante-mentale"),
                "annuaire/thematiques/sante-mentale/",
                "annuaire/thematiques/sante-mentale/index.html",
            ),
            (Route::Axe("prevention"), "actions/axes/prevention/", "actions/axes/prevention/index.html"),
            (Route::Twin("annuaire/x/"), "annuaire/x/facile-a-lire/", "annuaire/x/facile-a-lire/index.html"),
            (Route::ActionCalendar("actions/1.1.1-x/"), "actions/1.1.1-x/agenda.ics", "actions/1.1.1-x/agenda.ics"),
            (Route::Sitemap, "sitemap.xml", "sitemap.xml"),
            (Route::SitemapPart(2), "sitemap-2.xml", "sitemap-2.xml"),
            (Route::NotFound, "404.html", "404.html"),
            (Route::Data("annuaire.json"), "donnees/annuaire.json", "donnees/annuaire.json"),
            (Route::Term("pfidass"), "glossaire/#pfidass", "glossaire/#pfidass"),
            (Route::FollowUp, "suivi/", "suivi/index.html"),
            (Route::Map, "annuaire/carte/", "annuaire/carte/index.html"),
            (Route::Selection, "selection/", "selection/index.html"),
            (Route::FollowUpBy(Facet::Pilote, "cpam"), "suivi/pilotes/cpam/", "suivi/pilotes/cpam/index.html"),
            (Route::Pilots, "suivi/pilotes/", "suivi/pilotes/index.html"),
            (Route::PilotsAt("0-9"), "suivi/pilotes/lettre-0-9/", "suivi/pilotes/lettre-0-9/index.html"),
            (
                Route::Part("annuaire/publics/seniors/", 1),
                "annuaire/publics/seniors/",
                "annuaire/publics/seniors/index.html",
            ),
            (
                Route::Part("annuaire/publics/seniors/", 3),
                "annuaire/publics/seniors/page-3/",
                "annuaire/publics/seniors/page-3/index.html",
            ),
            (Route::Late, "suivi/sans-bilan/", "suivi/sans-bilan/index.html"),
            (Route::Report(2025), "suivi/2025/", "suivi/2025/index.html"),
            (Route::Data("indicateurs.csv"), "donnees/indicateurs.csv", "donnees/indicateurs.csv"),
            (Route::Diagnostic, "diagnostic/", "diagnostic/index.html"),
            (Route::Indicators, "diagnostic/indicateurs/", "diagnostic/indicateurs/index.html"),
            (
                Route::Indicator("densite-mg"),
                "diagnostic/indicateurs/densite-mg/",
                "diagnostic/indicateurs/densite-mg/index.html",
            ),
            (Route::Finding("offre-mg"), "diagnostic/constats/offre-mg/", "diagnostic/constats/offre-mg/index.html"),
            (Route::Data("diagnostic.csv"), "donnees/diagnostic.csv", "donnees/diagnostic.csv"),
        ];
        for (route, path, file) in cases {
            assert_eq!(route.path(), path);
            assert_eq!(route.file(), file);
        }
    }
}
