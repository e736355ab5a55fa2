//! Every file the site is made of, as data: one job per output, rendered in parallel.

use crate::config::Config;
use crate::content::Content;
use crate::referentiels as refs;

/// What a job renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    Home,
    Chapters,
    Chapter(usize),
    Actions,
    Action(usize),
    Axe(usize),
    Annuaire,
    Service(usize),
    Commune(usize),
    Theme(usize),
    Public(usize),
    Structure(usize),
    Glossary,
    News,
    NewsItem(usize),
    Page(usize),
    Twin(usize),
    FalcIndex,
    Agenda,
    Embed,
    Integrate,
    Search,
    Accessibility,
    SiteMap,
    NotFound,
    Atom,
    Sitemap,
    Robots,
}

#[derive(Debug, Clone)]
pub struct Job {
    /// Address relative to the base URL: `actions/x/` for pages, `sitemap.xml` for files.
    pub path: String,
    pub template: &'static str,
    pub kind: JobKind,
}

impl Job {
    fn new(path: impl Into<String>, template: &'static str, kind: JobKind) -> Self {
        Self { path: path.into(), template, kind }
    }

    /// File written in the output folder.
    pub fn file(&self) -> String {
        if self.path.is_empty() || self.path.ends_with('/') {
            format!("{}index.html", self.path)
        } else {
            self.path.clone()
        }
    }

    /// Whether the job is an HTML page listed in the sitemap.
    pub fn is_page(&self) -> bool {
        self.template.ends_with(".html") && !matches!(self.kind, JobKind::NotFound | JobKind::Embed)
    }
}

/// Plans every output of the site. The order is the reading order of the site map.
pub fn plan(cfg: &Config, c: &Content) -> Vec<Job> {
    let mut jobs = vec![Job::new("", "home.html", JobKind::Home)];
    jobs.push(Job::new("contrat/", "chapters.html", JobKind::Chapters));
    jobs.extend(
        c.chapters
            .iter()
            .enumerate()
            .map(|(i, p)| Job::new(p.origin.path.clone(), "chapter.html", JobKind::Chapter(i))),
    );
    jobs.push(Job::new("actions/", "actions.html", JobKind::Actions));
    jobs.extend(
        cfg.axes
            .iter()
            .enumerate()
            .map(|(i, a)| Job::new(format!("actions/axes/{}/", a.id), "axe.html", JobKind::Axe(i))),
    );
    jobs.extend(
        c.actions.iter().enumerate().map(|(i, a)| Job::new(a.origin.path.clone(), "action.html", JobKind::Action(i))),
    );
    jobs.push(Job::new("annuaire/", "annuaire.html", JobKind::Annuaire));
    jobs.extend(
        cfg.communes
            .iter()
            .enumerate()
            .map(|(i, x)| Job::new(format!("annuaire/communes/{}/", x.code), "commune.html", JobKind::Commune(i))),
    );
    jobs.extend(
        refs::thematiques()
            .codes
            .iter()
            .enumerate()
            .map(|(i, t)| Job::new(format!("annuaire/thematiques/{}/", t.code), "thematique.html", JobKind::Theme(i))),
    );
    jobs.extend(
        refs::publics()
            .codes
            .iter()
            .enumerate()
            .map(|(i, p)| Job::new(format!("annuaire/publics/{}/", p.code), "public.html", JobKind::Public(i))),
    );
    jobs.extend(
        c.services
            .iter()
            .enumerate()
            .map(|(i, s)| Job::new(s.origin.path.clone(), "service.html", JobKind::Service(i))),
    );
    jobs.extend(
        c.structures
            .iter()
            .enumerate()
            .map(|(i, s)| Job::new(s.origin.path.clone(), "structure.html", JobKind::Structure(i))),
    );
    jobs.push(Job::new("glossaire/", "glossaire.html", JobKind::Glossary));
    jobs.push(Job::new("actualites/", "actualites.html", JobKind::News));
    jobs.extend(
        c.news.iter().enumerate().map(|(i, p)| Job::new(p.origin.path.clone(), "actualite.html", JobKind::NewsItem(i))),
    );
    jobs.push(Job::new("actualites/atom.xml", "atom.xml", JobKind::Atom));
    jobs.extend(
        c.pages.iter().enumerate().map(|(i, p)| Job::new(p.origin.path.clone(), "page.html", JobKind::Page(i))),
    );
    jobs.push(Job::new("facile-a-lire/", "falc_index.html", JobKind::FalcIndex));
    jobs.extend(
        c.twins
            .iter()
            .enumerate()
            .filter(|(_, t)| !t.of.is_empty())
            .map(|(i, t)| Job::new(t.origin.path.clone(), "falc.html", JobKind::Twin(i))),
    );
    jobs.push(Job::new("agenda/", "agenda.html", JobKind::Agenda));
    jobs.push(Job::new("integrer/", "integrer.html", JobKind::Integrate));
    jobs.push(Job::new("embed/annuaire/", "embed.html", JobKind::Embed));
    jobs.push(Job::new("recherche/", "recherche.html", JobKind::Search));
    jobs.push(Job::new("accessibilite/", "accessibilite.html", JobKind::Accessibility));
    jobs.push(Job::new("plan-du-site/", "plan.html", JobKind::SiteMap));
    jobs.push(Job::new("404.html", "404.html", JobKind::NotFound));
    jobs.push(Job::new("sitemap.xml", "sitemap.xml", JobKind::Sitemap));
    jobs.push(Job::new("robots.txt", "robots.txt", JobKind::Robots));
    jobs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_of_pages_and_documents() {
        assert_eq!(Job::new("", "home.html", JobKind::Home).file(), "index.html");
        assert_eq!(Job::new("actions/x/", "action.html", JobKind::Action(0)).file(), "actions/x/index.html");
        assert_eq!(Job::new("sitemap.xml", "sitemap.xml", JobKind::Sitemap).file(), "sitemap.xml");
        assert!(!Job::new("404.html", "404.html", JobKind::NotFound).is_page());
    }
}
