//! The preview's site, kept between edits: a saved action, service or page re-renders that page
//! and the pages that list it; anything else rebuilds everything.

use crate::content::load::{Reload, reload};
use crate::diag::{Diagnostic, Severity};
use crate::plan::{Job, JobKind, Plan};
use crate::render::views::{Summaries, Views};
use crate::route::Route;
use crate::{
    Failure, Options, Report, Site, compile, export, fail, links, output, page_sources, render, render_markdown,
};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::Mutex;
use std::time::Instant;

pub struct Live {
    opts: Options,
    site: Site,
    /// The theme's templates, read once: a change to the theme rebuilds everything.
    env: minijinja::Environment<'static>,
    targets: crate::Targets,
    files: BTreeMap<String, Vec<u8>>,
    /// The paths of `files`, for link checks.
    paths: HashSet<String>,
    load_diags: Vec<Diagnostic>,
    md_diags: Vec<Diagnostic>,
    plain: BTreeMap<String, crate::markdown::Plain>,
    /// The files the last update wrote; all of them after a full build.
    pub rendered: Vec<String>,
    pub full: bool,
    /// An edit changed the content since the search index was built.
    pub stale_search: bool,
    /// What edits changed in the open data since it was made.
    stale_data: Stale,
    /// Summaries of actions and services made by earlier renders.
    summaries: Summaries,
}

/// The site's files kept in memory as they are made.
#[derive(Default)]
struct Memory(Mutex<BTreeMap<String, Vec<u8>>>);

impl output::Sink for Memory {
    fn put(&self, o: crate::render::Output) -> Result<(), output::WriteError> {
        self.0.lock().map_err(|_| output::WriteError::interrupted())?.insert(o.path, o.bytes);
        Ok(())
    }

    fn copy(&self, c: &output::Copy) -> Result<(), output::WriteError> {
        let bytes = match &c.source {
            output::Source::Bytes(b) => b.to_vec(),
            output::Source::Owned(b) => b.clone(),
            output::Source::File(p) => std::fs::read(p).map_err(|e| output::WriteError {
                path: p.clone(),
                action: "lecture impossible",
                source: Some(e),
            })?,
        };
        self.0.lock().map_err(|_| output::WriteError::interrupted())?.insert(c.path.clone(), bytes);
        Ok(())
    }
}

/// Which open data edits have made stale: only fiches-actions feed `actions.json` and the
/// calendars; a service changes the directory and its slices too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Stale {
    Fresh,
    Actions,
    All,
}

/// In [`Live::lists`], every commune page.
const TERRITOIRE: &str = "territoire";

/// What an edited file touches besides its own page.
enum Touch {
    Action { services: Vec<String> },
    Service { actions: Vec<String>, structure: Option<String> },
    Page,
}

/// What an edited file was, and showed on other pages, before the edit.
struct Before {
    touch: Touch,
    /// Everything but the Markdown body: list pages show nothing else of an action or a service.
    listed: String,
    /// The axis, theme, public and commune pages that list it.
    lists: BTreeSet<String>,
    /// What every page shows (`render::shared`).
    shared: String,
}

impl Live {
    /// A full build, kept in memory.
    pub fn start(opts: &Options) -> Result<(Live, Report), Failure> {
        let begin = Instant::now();
        let memory = Memory::default();
        let c = compile(opts, &memory, true)?;
        let files = memory.0.into_inner().map_err(|_| Failure::Io(output::WriteError::interrupted()))?;
        let report = crate::report(&c, begin);
        let rendered: Vec<String> = files.keys().cloned().collect();
        Ok((
            Live {
                opts: opts.clone(),
                site: c.site,
                env: c.env,
                targets: c.targets,
                paths: rendered.iter().cloned().collect(),
                files,
                load_diags: c.load_diags,
                md_diags: c.md_diags,
                plain: c.plain,
                rendered,
                full: true,
                stale_search: false,
                stale_data: Stale::Fresh,
                summaries: Summaries::default(),
            },
            report,
        ))
    }

    pub fn files(&self) -> &BTreeMap<String, Vec<u8>> {
        &self.files
    }

    /// Takes the changed files (relative to the root) into account.
    pub fn update(&mut self, changed: &[String]) -> Result<Report, Failure> {
        if let [file] = changed
            && file.ends_with(".md")
            && !file.ends_with(".falc.md")
            && let Some(before) = self.before(file)
            && let Some((state, parse_diags)) = reload(&self.opts.root, &mut self.site.content, file)
        {
            // A renumbered fiche or a renamed service moves: the plan follows the content.
            self.site.plan = Plan::new(&self.site.config, &self.site.content);
            // The first event of the site, or its last, adds or removes the agenda on every page.
            if render::shared(&self.site) == before.shared {
                return self.incremental(file, state, parse_diags, before);
            }
        }
        let (live, report) = Live::start(&self.opts)?;
        *self = live;
        Ok(report)
    }

    /// What the current version of `file` is linked to and shows elsewhere, before it is replaced.
    fn before(&self, file: &str) -> Option<Before> {
        let touch = self.touch(file)?;
        Some(Before { touch, listed: self.listed(file), lists: self.lists(file), shared: render::shared(&self.site) })
    }

    /// The axis, theme, public and commune pages that list the action or service of `file`.
    /// `TERRITOIRE` stands for every commune page (they count the actions of the whole territory).
    fn lists(&self, file: &str) -> BTreeSet<String> {
        let c = &self.site.content;
        let cfg = &self.site.config;
        let mut out = BTreeSet::new();
        let themes = |t: &[String], out: &mut BTreeSet<String>| {
            out.extend(t.iter().map(|t| Route::Topic(t).path().into_owned()));
        };
        if let Some(a) = c.actions.iter().find(|a| a.origin.file == file) {
            out.insert(Route::Axe(&a.axe.v).path().into_owned());
            themes(&a.thematiques, &mut out);
            out.extend(a.publics.iter().map(|p| Route::Public(p).path().into_owned()));
            out.extend(a.communes.iter().map(|x| Route::Commune(&x.v).path().into_owned()));
            if a.communes.is_empty() {
                out.insert(TERRITOIRE.into());
            }
        } else if let Some(s) = c.services.iter().find(|s| s.origin.file == file) {
            themes(&s.thematiques, &mut out);
            // The listing pages' own rules (content::query), so the two cannot diverge.
            let publics = crate::referentiels::publics().codes.iter().map(|p| &p.code);
            let shown = publics.filter(|p| crate::content::query::service_shows_public(s, p));
            out.extend(shown.map(|p| Route::Public(p).path().into_owned()));
            let served = cfg.communes.iter().filter(|x| crate::content::query::serves(cfg, c, s, &x.code));
            out.extend(served.map(|x| Route::Commune(&x.code).path().into_owned()));
        }
        out
    }

    fn touch(&self, file: &str) -> Option<Touch> {
        let c = &self.site.content;
        if let Some(a) = c.actions.iter().find(|a| a.origin.file == file) {
            let services = a.ressources.iter().filter_map(|r| c.service(r)).map(|s| s.origin.path.clone()).collect();
            return Some(Touch::Action { services });
        }
        if let Some(s) = c.services.iter().find(|s| s.origin.file == file) {
            let actions = c
                .actions
                .iter()
                .filter(|a| a.ressources.iter().any(|r| r.v == s.id.v))
                .map(|a| a.origin.path.clone())
                .collect();
            let structure = s.structure.as_ref().and_then(|id| c.structure(id)).map(|st| st.origin.path.clone());
            return Some(Touch::Service { actions, structure });
        }
        c.chapters.iter().chain(&c.news).chain(&c.pages).any(|p| p.origin.file == file).then_some(Touch::Page)
    }

    /// An action or a service without its body, as text; empty for pages (their lists show
    /// their content).
    fn listed(&self, file: &str) -> String {
        let c = &self.site.content;
        let body = crate::content::Body::default;
        if let Some(a) = c.actions.iter().find(|a| a.origin.file == file) {
            return format!("{:?}", crate::content::Action { body: body(), ..a.clone() });
        }
        if let Some(s) = c.services.iter().find(|s| s.origin.file == file) {
            return format!("{:?}", crate::content::Service { body: body(), ..s.clone() });
        }
        String::new()
    }

    fn incremental(
        &mut self,
        file: &str,
        state: Reload,
        parse_diags: Vec<Diagnostic>,
        before: Before,
    ) -> Result<Report, Failure> {
        let begin = Instant::now();
        self.load_diags.retain(|d| d.file != file);
        self.load_diags.extend(parse_diags);
        let today = self.site.today;
        let mut diags = self.load_diags.clone();
        crate::content::validate::validate(&self.site.config, &self.site.content, today, &mut diags);
        let path = self.path_of(file).unwrap_or_default();
        let mut md = Vec::new();
        let (html, plain) = render_markdown(
            &self.site.config,
            &self.site.content,
            &self.targets,
            &mut md,
            Some(&path),
            &self.site.images.images,
        );
        self.md_diags.retain(|d| d.file != file);
        self.md_diags.extend(md);
        diags.extend(self.md_diags.iter().cloned());
        if matches!(state, Reload::Unreadable) || diags.iter().any(|d| d.severity == Severity::Error) {
            return Err(fail(diags));
        }
        self.site.html.extend(html);
        self.plain.extend(plain);
        self.summaries.forget(&path);

        let keep = self.pages_to_redo(file, &path, before);
        // The search index and the open data cover the whole site: they are rebuilt after the
        // page is shown, by `catch_up`, not on the way to the reload.
        self.stale_search = true;
        let root = self.opts.root.clone();
        let outputs = self.render(&keep).map_err(|e| {
            diags.extend(e);
            fail(diags.clone())
        })?;
        self.full = false;
        self.rendered = outputs.iter().map(|o| o.path.clone()).collect();
        let files = &self.files;
        let other = |p: &str| files.get(p).map(|b| String::from_utf8_lossy(b).into_owned());
        let checker = links::Checker::new(&self.paths, self.site.config.base_path());
        let scans: Vec<links::Scan> = outputs.iter().map(|o| checker.scan(&o.path, &o.bytes)).collect();
        let broken = links::report(&scans, || page_sources(&root, &self.site), &other);
        if !broken.is_empty() {
            diags.extend(broken);
            return Err(fail(diags));
        }
        for o in outputs {
            self.files.insert(o.path, o.bytes);
        }
        let mut sorted = crate::diag::Diagnostics::default();
        diags.into_iter().for_each(|d| sorted.push(d));
        let c = &self.site.content;
        Ok(Report {
            warnings: sorted.sorted(),
            pages: self.files.keys().filter(|p| p.ends_with(".html")).count(),
            files: self.files.len(),
            actions: c.actions.len(),
            services: c.services.len(),
            elapsed: begin.elapsed(),
            timings: Vec::new(),
            images_decoded: 0,
        })
    }

    /// The pages an edit of `file` (published at `path`) changes: its own page, the pages that
    /// list it, and those it was or is linked to. When only the body of an action or a service
    /// changed, no list shows it: its own page is all.
    fn pages_to_redo(&mut self, file: &str, path: &str, before: Before) -> impl Fn(&Job) -> bool + Sync + use<> {
        let own_twin = Route::Twin(path).path().into_owned();
        let chapter = path.starts_with("contrat/");
        let path = path.to_string();
        // Lists show of an action or a service all but its body; of a page, its content too.
        let changed = matches!(before.touch, Touch::Page) || before.listed != self.listed(file);
        let mut lists = self.lists(file);
        let territory = lists.contains(TERRITOIRE) != before.lists.contains(TERRITOIRE);
        lists.extend(before.lists);
        let mut related: BTreeSet<String> = BTreeSet::new();
        let (mut actions, mut services, mut pages) = (false, false, false);
        for t in [Some(before.touch), self.touch(file)].into_iter().flatten() {
            match t {
                Touch::Action { services } => {
                    actions = true;
                    related.extend(services);
                }
                Touch::Service { actions: linked, structure } => {
                    services = true;
                    related.extend(linked);
                    related.extend(structure);
                }
                Touch::Page => pages = true,
            }
        }
        let stale = if services {
            Stale::All
        } else if actions {
            Stale::Actions
        } else {
            Stale::Fresh
        };
        self.stale_data = self.stale_data.max(stale);
        move |job: &Job| {
            if job.path == path {
                return true;
            }
            if !changed {
                return false;
            }
            // Its easy-to-read version shows its title.
            (matches!(job.kind, JobKind::Twin(_)) && job.path == own_twin)
                || related.contains(&job.path)
                || match job.kind {
                    // A page that lists it before or after the edit.
                    JobKind::Topic(_) | JobKind::Public(_) | JobKind::Axe(_) => lists.contains(&job.path),
                    JobKind::Commune(_) => territory || lists.contains(&job.path),
                    // The site maps follow the model's order, which a new title or number moves.
                    JobKind::FalcIndex | JobKind::SiteIndex | JobKind::Sitemap => true,
                    JobKind::Actions | JobKind::Agenda => actions,
                    // The glossary names the service an acronym leads to.
                    JobKind::Annuaire | JobKind::Embed | JobKind::Integrate | JobKind::Glossary => services,
                    JobKind::Home => services || pages,
                    JobKind::Chapters | JobKind::News | JobKind::Atom => pages,
                    // Chapters show their neighbours' titles.
                    JobKind::Chapter(_) => chapter,
                    // Pages of one entity (the edited one is `path`, those linked are `related`),
                    // and pages that show nothing of actions, services or pages. No catch-all: a
                    // new page kind must say here what redoes it.
                    JobKind::Action(_)
                    | JobKind::Service(_)
                    | JobKind::Structure(_)
                    | JobKind::NewsItem(_)
                    | JobKind::Page(_)
                    | JobKind::Twin(_)
                    | JobKind::Search
                    | JobKind::Accessibility
                    | JobKind::NotFound
                    | JobKind::Robots => false,
                }
        }
    }

    /// After edits, rebuilds what covers the whole site: the search index and the search page
    /// that names it, and the open data. Returns the files written; the previous index's files
    /// are dropped.
    pub fn catch_up(&mut self) -> Result<Vec<String>, Failure> {
        let mut written = Vec::new();
        let mut put = |files: &mut BTreeMap<String, Vec<u8>>, o: crate::render::Output| {
            written.push(o.path.clone());
            files.insert(o.path, o.bytes);
        };
        let data = match self.stale_data {
            Stale::Fresh => Vec::new(),
            Stale::Actions => export::action_outputs(&self.site),
            Stale::All => export::outputs(&self.site),
        };
        for o in data {
            put(&mut self.files, o);
        }
        self.stale_data = Stale::Fresh;
        if self.stale_search {
            let index = crate::search::index::build(&self.site.config, &self.site.content, &self.plain);
            self.site.search = index.meta;
            let page = self.render(&|j: &Job| j.kind == JobKind::Search).map_err(fail)?;
            self.files.retain(|p, _| !p.starts_with(crate::search::index::DIR));
            for o in index.outputs.into_iter().chain(page) {
                put(&mut self.files, o);
            }
            self.paths = self.files.keys().cloned().collect();
            self.stale_search = false;
        }
        Ok(written)
    }

    /// Renders the jobs `keep` selects with the theme.
    fn render(&mut self, keep: &(dyn Fn(&Job) -> bool + Sync)) -> Result<Vec<crate::render::Output>, Vec<Diagnostic>> {
        let views = Views::with(&self.site, &mut self.summaries);
        let result = render::render_some(&views, &self.env, &self.site.config.theme, keep);
        let kept = views.summaries();
        self.summaries = kept;
        result
    }

    fn path_of(&self, file: &str) -> Option<String> {
        let c = &self.site.content;
        let pages = c.chapters.iter().chain(&c.news).chain(&c.pages).map(|p| &p.origin);
        pages
            .chain(c.actions.iter().map(|a| &a.origin))
            .chain(c.services.iter().map(|s| &s.origin))
            .find(|o| o.file == file)
            .map(|o| o.path.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, std::path::PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/complet");
        copy(&src, &root);
        (tmp, root)
    }

    fn copy(from: &std::path::Path, to: &std::path::Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap().flatten() {
            if e.path().is_dir() {
                copy(&e.path(), &to.join(e.file_name()));
            } else {
                std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
            }
        }
    }

    fn page(live: &Live, path: &str) -> String {
        String::from_utf8(live.files()[path].clone()).unwrap()
    }

    #[test]
    fn an_edited_fiche_rerenders_itself_and_the_pages_that_list_it() {
        let (_t, root) = site();
        let (mut live, _) = Live::start(&Options::new(&root)).unwrap();
        let total = live.rendered.len();
        let file = "content/actions/1.1.1-pfidass.md";
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        std::fs::write(
            root.join(file),
            text.replace("titre = \"Promouvoir la PFIDASS\"", "titre = \"Faire connaître la PFIDASS\""),
        )
        .unwrap();
        live.update(&[file.to_string()]).unwrap();
        assert!(live.rendered.len() < total, "{} fichiers rendus sur {total}", live.rendered.len());
        for unrelated in [
            "actions/2.1.1-minimale/index.html",
            "annuaire/dac/index.html",
            "contrat/01-preambule/index.html",
            "glossaire/index.html",
        ] {
            assert!(!live.rendered.iter().any(|p| p == unrelated), "{unrelated} n'avait pas à être refait");
        }
        for p in [
            "actions/1.1.1-pfidass/index.html",
            "actions/index.html",
            "actions/axes/acces/index.html",
            "annuaire/pfidass-test/index.html",
            "annuaire/thematiques/acces-aux-droits/index.html",
            "annuaire/communes/24950/index.html",
        ] {
            assert!(page(&live, p).contains("Faire connaître la PFIDASS"), "{p}");
        }
        // The open data and the search index follow once the page is shown.
        assert!(!page(&live, "donnees/actions.json").contains("Faire connaître la PFIDASS"));
        assert!(live.stale_search);
        let written = live.catch_up().unwrap();
        assert!(written.iter().any(|p| p == "recherche/index.html"));
        assert!(page(&live, "donnees/actions.json").contains("Faire connaître la PFIDASS"));
        same_as_a_full_build(&live, &root);
    }

    /// Rewrites `file` (relative to `root`) with `change` applied to its text.
    fn edit(root: &std::path::Path, file: &str, change: impl FnOnce(&str) -> String) {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        let changed = change(&text);
        assert_ne!(changed, text, "{file} : la modification ne change rien");
        std::fs::write(root.join(file), changed).unwrap();
    }

    /// Every file of `live` is byte for byte what a full build of `root` makes.
    fn same_as_a_full_build(live: &Live, root: &std::path::Path) {
        let (full, _) = Live::start(&Options::new(root)).unwrap();
        assert_eq!(live.files().len(), full.files().len());
        for (path, bytes) in full.files() {
            assert!(live.files().get(path) == Some(bytes), "{path} diffère d'une construction complète");
        }
    }

    #[test]
    fn an_edit_of_the_body_alone_rerenders_only_its_page() {
        let (_t, root) = site();
        let (mut live, _) = Live::start(&Options::new(&root)).unwrap();
        let file = "content/actions/1.1.1-pfidass.md";
        edit(&root, file, |text| format!("{text}\nUn paragraphe ajouté.\n"));
        live.update(&[file.to_string()]).unwrap();
        assert_eq!(live.rendered, vec!["actions/1.1.1-pfidass/index.html".to_string()]);
        assert!(page(&live, "actions/1.1.1-pfidass/index.html").contains("Un paragraphe ajouté."));
        live.catch_up().unwrap();
        same_as_a_full_build(&live, &root);
    }

    #[test]
    fn an_edit_that_changes_what_every_page_shows_rebuilds_everything() {
        let (_t, root) = site();
        let (mut live, _) = Live::start(&Options::new(&root)).unwrap();
        // The only event of the site: without it, no page links to the agenda.
        let file = "content/actions/1.1.1-pfidass.md";
        edit(&root, file, |text| {
            let start = text.find("[[evenements]]").unwrap();
            let end = text[start..].find("+++").unwrap() + start;
            format!("{}{}", &text[..start], &text[end..])
        });
        live.update(&[file.to_string()]).unwrap();
        assert!(!page(&live, "glossaire/index.html").contains("Agenda des actions"));
        live.catch_up().unwrap();
        same_as_a_full_build(&live, &root);
    }

    /// Edits any content file may get: its text, its title, its themes, its publics.
    fn edits(text: &str) -> Vec<(&'static str, String)> {
        let mut out = vec![("texte", format!("{text}\n\nUn paragraphe ajouté dans l'aperçu.\n"))];
        if let Some(line) = text.lines().find(|l| l.starts_with("titre = \"")) {
            out.push(("titre", text.replacen(line, &line.replacen("titre = \"", "titre = \"Aperçu : ", 1), 1)));
        }
        if let Some(line) = text.lines().find(|l| l.starts_with("thematiques = ")) {
            out.push(("thèmes", text.replacen(line, "thematiques = [\"sante-mentale\"]", 1)));
        }
        if let Some(line) = text.lines().find(|l| l.starts_with("publics = ")) {
            out.push(("publics", text.replacen(line, "publics = [\"seniors\"]", 1)));
        }
        out
    }

    fn content_files(dir: &std::path::Path, root: &std::path::Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                content_files(&p, root, out);
            } else if p.extension().is_some_and(|x| x == "md") {
                out.push(crate::diag::rel(root, &p));
            }
        }
    }

    /// Generated: every Markdown file of the fixture (every kind: home, chapters, fiches,
    /// services, structures, news, pages, easy-to-read twins), each edit of [`edits`] that applies,
    /// and after each, every file of the preview against a full build: every page kind is compared.
    #[test]
    fn every_edit_of_every_kind_of_file_gives_the_full_build() {
        let (_t, root) = site();
        let mut files = Vec::new();
        content_files(&root.join("content"), &root, &mut files);
        files.sort();
        assert!(files.len() >= 15, "{files:?}");
        let mut failures = Vec::new();
        let mut done = 0;
        for file in &files {
            let original = std::fs::read_to_string(root.join(file)).unwrap();
            for (what, changed) in edits(&original) {
                if changed == original {
                    continue;
                }
                let (mut live, _) = Live::start(&Options::new(&root)).unwrap();
                std::fs::write(root.join(file), &changed).unwrap();
                let updated = live.update(std::slice::from_ref(file)).and_then(|_| live.catch_up().map(|_| ()));
                let (full, _) = Live::start(&Options::new(&root)).unwrap();
                std::fs::write(root.join(file), &original).unwrap();
                done += 1;
                if updated.is_err() {
                    failures.push(format!("{file} ({what}) : l'aperçu échoue"));
                    continue;
                }
                let differ: Vec<&String> = full
                    .files()
                    .iter()
                    .filter(|(p, b)| live.files().get(*p) != Some(*b))
                    .map(|(p, _)| p)
                    .chain(live.files().keys().filter(|p| !full.files().contains_key(*p)))
                    .collect();
                if !differ.is_empty() {
                    failures.push(format!("{file} ({what}) : {differ:?}"));
                }
            }
        }
        assert!(done >= 30, "{done} modifications seulement");
        assert!(failures.is_empty(), "l'aperçu diffère d'une construction complète :\n{}", failures.join("\n"));
    }

    #[test]
    fn a_renumbered_fiche_moves_in_every_list() {
        let (_t, root) = site();
        let (mut live, _) = Live::start(&Options::new(&root)).unwrap();
        let file = "content/actions/1.1.1-pfidass.md";
        edit(&root, file, |text| text.replace("numero = \"1.1.1\"", "numero = \"3.1.1\""));
        let report = live.update(&[file.to_string()]).unwrap();
        assert!(report.warnings.iter().any(|d| d.file == file && d.rule == "numero-incoherent"));
        live.catch_up().unwrap();
        same_as_a_full_build(&live, &root);
    }

    #[test]
    fn a_service_that_moves_leaves_the_pages_that_listed_it() {
        let (_t, root) = site();
        let (mut live, _) = Live::start(&Options::new(&root)).unwrap();
        let file = "content/annuaire/pfidass-test.md";
        edit(&root, file, |text| {
            text.replace("zone_eligibilite = [\"24\"]", "zone_eligibilite = [\"24951\"]")
                .replace("publics = [\"tous-publics\"]", "publics = [\"seniors\"]")
                .replace("\"acces-aux-droits\", \"renoncement-aux-soins\"", "\"sante-mentale\"")
                // A new title moves it to the front of the directory.
                .replace(
                    "titre = \"Mission accompagnement santé (PFIDASS)\"",
                    "titre = \"Accompagnement santé (PFIDASS)\"",
                )
        });
        live.update(&[file.to_string()]).unwrap();
        for p in ["annuaire/communes/24950/index.html", "annuaire/thematiques/acces-aux-droits/index.html"] {
            assert!(live.rendered.iter().any(|r| r == p), "{p} ne le liste plus : à refaire");
        }
        live.catch_up().unwrap();
        same_as_a_full_build(&live, &root);
    }

    #[test]
    fn a_broken_edit_reports_and_keeps_the_pages() {
        let (_t, root) = site();
        let (mut live, _) = Live::start(&Options::new(&root)).unwrap();
        let file = "content/annuaire/pfidass-test.md";
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        let before = page(&live, "annuaire/pfidass-test/index.html");
        std::fs::write(root.join(file), text.replace("frais = \"payant\"", "frais = \"gratos\"")).unwrap();
        let Err(Failure::Content(d)) = live.update(&[file.to_string()]) else { panic!("erreur attendue") };
        assert!(d.iter().any(|d| d.file == file && d.message.contains("gratos")));
        assert_eq!(page(&live, "annuaire/pfidass-test/index.html"), before);
        std::fs::write(root.join(file), text).unwrap();
        live.update(&[file.to_string()]).unwrap();
    }
}
