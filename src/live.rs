//! The preview's site, kept between edits: a saved action, service or page re-renders that page
//! and the pages that list it; anything else rebuilds everything.

use crate::content::load::reload;
use crate::content::{Action, Content, Service};
use crate::diag::{Diagnostic, Severity};
use crate::plan::{Entity, Input, Job, JobKind, Plan};
use crate::render::views::{Summaries, Views};
use crate::{
    Failure, Options, Report, Site, compile, export, fail, links, output, page_sources, render, render_markdown,
};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Instant;

pub struct Live {
    opts: Options,
    site: Site,
    /// The theme's templates, read once: a change to the theme rebuilds everything.
    env: minijinja::Environment<'static>,
    targets: crate::Targets,
    /// Shared with what the server reads (`serve::State`): one copy of the site in memory.
    files: BTreeMap<String, Packed>,
    /// The paths of `files`, for link checks.
    paths: HashSet<String>,
    load_diags: Vec<Diagnostic>,
    /// What the checks of the whole model found at the last edit that ran them (at the start,
    /// `load_diags` holds them).
    checked: Vec<Diagnostic>,
    md_diags: Vec<Diagnostic>,
    plain: BTreeMap<String, crate::markdown::Plain>,
    /// The files the last update wrote; all of them after a full build.
    pub rendered: Vec<String>,
    pub full: bool,
    /// The last edit failed: its pages were not made, so the next one rebuilds everything.
    broken: bool,
    /// An edit changed the content since the search index was built.
    pub stale_search: bool,
    /// What edits changed in the open data since it was made.
    stale_data: Stale,
    /// Summaries of actions and services made by earlier renders.
    summaries: Summaries,
}

/// A file of the preview, kept gzip-compressed, as the server can send it: the site of 10 000
/// pages takes about 48 MB of memory instead of 163, and cloning it copies no byte.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Packed(Arc<[u8]>);

impl Packed {
    pub fn new(bytes: &[u8]) -> Packed {
        Packed(crate::gzip::compress(bytes, crate::gzip::Level::Preview).into())
    }

    /// The file as a `Content-Encoding: gzip` response carries it.
    pub fn gzip(&self) -> &[u8] {
        &self.0
    }

    pub fn bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let _ = std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&self.0[..]), &mut out);
        out
    }
}

/// The site's files kept in memory as they are made.
#[derive(Default)]
struct Memory(Mutex<BTreeMap<String, Packed>>);

impl output::Sink for Memory {
    fn put(&self, o: crate::render::Output) -> Result<(), output::WriteError> {
        // Compressed before the lock: the pages' threads do not wait for each other.
        let packed = Packed::new(&o.bytes);
        self.0.lock().map_err(|_| output::WriteError::interrupted())?.insert(o.path, packed);
        Ok(())
    }

    fn copy(&self, c: &output::Copy) -> Result<(), output::WriteError> {
        // Compressed from where the bytes are: only a file is read into memory first.
        let packed = match &c.source {
            output::Source::Bytes(b) => Packed::new(b),
            output::Source::Owned(b) => Packed::new(b),
            output::Source::File(p) => Packed::new(&std::fs::read(p).map_err(|e| output::WriteError {
                path: p.clone(),
                action: "lecture impossible",
                source: Some(e),
            })?),
        };
        self.0.lock().map_err(|_| output::WriteError::interrupted())?.insert(c.path.clone(), packed);
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

/// What an edit changed, as the plan's inputs name it ([`Plan::inputs`]).
fn what_changed(
    cfg: &crate::config::Config,
    today: chrono::NaiveDate,
    old: &Content,
    new: &Content,
    file: &str,
    entity: Entity,
) -> Option<(String, BTreeSet<Input>)> {
    // Lists show of an action or a service all but its body; of a page, its content too.
    let (path, listed, territory) = match entity {
        Entity::Action => {
            let find = |c: &Content| c.actions.iter().find(|a| a.origin.file == file).cloned();
            let (a, b) = (find(old)?, find(new)?);
            let territory = a.communes.is_empty() != b.communes.is_empty();
            let path = b.origin.path.clone();
            let body = crate::content::Body::default;
            (path, Action { body: body(), ..a } != Action { body: body(), ..b }, territory)
        }
        Entity::Service => {
            let find = |c: &Content| c.services.iter().find(|s| s.origin.file == file).cloned();
            let (a, b) = (find(old)?, find(new)?);
            let path = b.origin.path.clone();
            let body = crate::content::Body::default;
            // No list shows a service's opening hours: only its page (and the open data).
            let listed = |s: Service| Service { body: body(), horaires_accueil: None, ..s };
            (path, listed(a) != listed(b), false)
        }
        Entity::Chapter | Entity::News | Entity::Page => {
            let find =
                |c: &Content| c.chapters.iter().chain(&c.news).chain(&c.pages).find(|p| p.origin.file == file).cloned();
            let (a, b) = (find(old)?, find(new)?);
            (b.origin.path.clone(), a != b, false)
        }
    };
    let mut out = BTreeSet::from([Input::Whole(path.clone())]);
    if listed {
        out.insert(Input::Listed(path.clone()));
        out.insert(Input::Every(entity));
    }
    if territory {
        out.insert(Input::Territory);
    }
    if entity == Entity::Action && listed {
        if crate::plan::facets(cfg, old, today) != crate::plan::facets(cfg, new, today) {
            out.insert(Input::Facets);
        }
        if crate::plan::pilot_names(old) != crate::plan::pilot_names(new) {
            out.insert(Input::Pilots);
        }
    }
    Some((path, out))
}

impl Live {
    /// A full build, kept in memory.
    pub fn start(opts: &Options) -> Result<(Live, Report), Failure> {
        let begin = Instant::now();
        let memory = Memory::default();
        let c = compile(opts, &memory, crate::Purpose::Preview)?;
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
                checked: Vec::new(),
                md_diags: c.md_diags,
                plain: c.plain,
                rendered,
                full: true,
                broken: false,
                stale_search: false,
                stale_data: Stale::Fresh,
                summaries: Summaries::default(),
            },
            report,
        ))
    }

    pub fn files(&self) -> &BTreeMap<String, Packed> {
        &self.files
    }

    /// Takes the changed files (relative to the root) into account.
    pub fn update(&mut self, changed: &[String]) -> Result<Report, Failure> {
        // A body alone changed: only its page shows it (lists show the fields, and the search
        // index and open data follow in `catch_up`); the model is changed in place.
        if !self.broken
            && let [file] = changed
            && file.ends_with(".md")
            && !file.ends_with(".falc.md")
            && let Some((body, diags)) = crate::content::load::changed_body(&self.opts.root, &self.site.content, file)
            && let Some((path, entity)) = self.site.content.set_body(file, body)
        {
            let redo = HashSet::from([path.clone()]);
            // The open data carries the text of services (data·inclusion's description).
            let stale = if entity == Entity::Service { Stale::All } else { Stale::Actions };
            self.stale_data = self.stale_data.max(stale);
            // Same fields, same findings when read: the checks need not run again.
            let same = diags.iter().all(|d| self.load_diags.contains(d));
            let result = self.incremental(file, &path, true, (!same).then_some(diags), &redo);
            self.broken = result.is_err();
            return result;
        }
        if !self.broken
            && let [file] = changed
            && file.ends_with(".md")
            && !file.ends_with(".falc.md")
            && let Some(r) = reload(&self.opts.root, &self.site.content, file)
        {
            // What every page shows (the first event of the site, or its last, adds or removes
            // the agenda on every page): when it moves, everything is redone.
            let shared = render::shared(&self.site);
            // The new model and its plan (a renumbered fiche or a renamed service moves).
            let plan = Plan::new(&self.site.config, &r.content, self.site.today);
            let old = std::mem::replace(&mut self.site.content, r.content);
            // Only services (their place, their zone) move what serves which commune.
            if r.entity == Entity::Service {
                self.site.served = crate::content::query::Served::new(&self.site.config, &self.site.content);
            }
            let old_plan = std::mem::replace(&mut self.site.plan, plan);
            if render::shared(&self.site) == shared
                && let Some((path, inputs)) =
                    what_changed(&self.site.config, self.site.today, &old, &self.site.content, file, r.entity)
            {
                let redo = self.pages_to_redo(&old, &old_plan, &inputs, r.entity);
                let redo = self.follow_plan(&old_plan, redo);
                let result = self.incremental(file, &path, r.readable, Some(r.diags), &redo);
                // A failed edit leaves pages made from the previous model: the next edit starts
                // again from the files.
                self.broken = result.is_err();
                return result;
            }
        }
        let (live, report) = Live::start(&self.opts)?;
        *self = live;
        Ok(report)
    }

    fn incremental(
        &mut self,
        file: &str,
        path: &str,
        readable: bool,
        parse_diags: Option<Vec<Diagnostic>>,
        redo: &HashSet<String>,
    ) -> Result<Report, Failure> {
        let begin = Instant::now();
        // `None`: the file's fields did not change, nor what its reading found, nor what the
        // checks of the whole model find (they do not read a fiche's or a service's text but
        // for an empty one, which `changed_body` leaves to `reload`).
        let revalidate = parse_diags.is_some();
        if let Some(d) = parse_diags {
            self.load_diags.retain(|d| d.file != file);
            self.load_diags.extend(d);
        }
        let today = self.site.today;
        let mut diags = self.load_diags.clone();
        if revalidate {
            self.checked.clear();
            crate::content::validate::validate(&self.site.config, &self.site.content, today, &mut self.checked);
        }
        diags.extend(self.checked.iter().cloned());
        let mut md = Vec::new();
        let (html, plain) = render_markdown(
            &self.site.config,
            &self.site.content,
            &self.targets,
            &mut md,
            Some(path),
            &self.site.images.images,
            crate::markdown::Fragments { env: &self.env, theme: &self.site.config.theme },
        );
        self.md_diags.retain(|d| d.file != file);
        self.md_diags.extend(md);
        diags.extend(self.md_diags.iter().cloned());
        if !readable || diags.iter().any(|d| d.severity == Severity::Error) {
            return Err(fail(diags));
        }
        self.site.html.extend(html);
        self.plain.extend(plain);
        self.summaries.forget(path);

        // The search index and the open data cover the whole site: they are rebuilt after the
        // page is shown, by `catch_up`, not on the way to the reload.
        self.stale_search = true;
        let root = self.opts.root.clone();
        let outputs = self.render(&|j: &Job| redo.contains(&j.path)).map_err(|e| {
            diags.extend(e);
            fail(diags.clone())
        })?;
        self.full = false;
        self.rendered = outputs.iter().map(|o| o.path.clone()).collect();
        let files = &self.files;
        let other = |p: &str| files.get(p).map(|b| String::from_utf8_lossy(&b.bytes()).into_owned());
        let checker = links::Checker::new(&self.paths, self.site.config.base_path());
        let scans: Vec<links::Scan> = outputs.iter().map(|o| checker.scan(&o.path, &o.bytes)).collect();
        let broken = links::report(&scans, || page_sources(&root, &self.site), &other);
        if !broken.is_empty() {
            diags.extend(broken);
            return Err(fail(diags));
        }
        for o in outputs {
            self.files.insert(o.path, Packed::new(&o.bytes));
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
            qr_drawn: 0,
            renumbered: 0,
        })
    }

    /// The pages and files an edit opens or ends (a list one page longer, a pilot's first
    /// dashboard, a new initial, a fiche's calendar): the new pages are made with the others to
    /// redo, the files of the gone ones dropped, and the link check knows which addresses now
    /// exist. The pages that link to them are among those to redo: they declare the list, the
    /// facets or the pilots.
    fn follow_plan(&mut self, old_plan: &Plan, mut redo: HashSet<String>) -> HashSet<String> {
        let new: HashSet<&str> = self.site.plan.jobs.iter().map(|j| j.path.as_str()).collect();
        let old: HashSet<&str> = old_plan.jobs.iter().map(|j| j.path.as_str()).collect();
        for j in self.site.plan.jobs.iter().filter(|j| !old.contains(j.path.as_str())) {
            redo.insert(j.path.clone());
            self.paths.insert(j.file());
        }
        for j in old_plan.jobs.iter().filter(|j| !new.contains(j.path.as_str())) {
            self.files.remove(&j.file());
            self.paths.remove(&j.file());
        }
        // Open data files too (a fiche's first event opens its `agenda.ics`): `catch_up` writes
        // them after the pages, which may already link to them.
        let new: HashSet<&str> = self.site.plan.data.iter().map(String::as_str).collect();
        let old: HashSet<&str> = old_plan.data.iter().map(String::as_str).collect();
        self.paths.extend(self.site.plan.data.iter().filter(|d| !old.contains(d.as_str())).cloned());
        for d in old_plan.data.iter().filter(|d| !new.contains(d.as_str())) {
            self.files.remove(d);
            self.paths.remove(d);
        }
        redo
    }

    /// The jobs whose declared inputs, over the model before or after the edit, meet what the
    /// edit changed.
    fn pages_to_redo(
        &mut self,
        old: &Content,
        old_plan: &Plan,
        changed: &BTreeSet<Input>,
        entity: Entity,
    ) -> HashSet<String> {
        let cfg = &self.site.config;
        let meets = |c: &Content, plan: &Plan, job: &Job| {
            Plan::inputs(cfg, c, &plan.pilots, job).iter().any(|i| changed.contains(i))
        };
        let before = old_plan.jobs.iter().filter(|j| meets(old, old_plan, j));
        let after = self.site.plan.jobs.iter().filter(|j| meets(&self.site.content, &self.site.plan, j));
        let redo = before.chain(after).map(|j| j.path.clone()).collect();
        // Only fiches-actions feed `actions.json` and the calendars; a service changes the
        // directory and its slices too.
        let stale = match entity {
            Entity::Service => Stale::All,
            Entity::Action => Stale::Actions,
            Entity::Chapter | Entity::News | Entity::Page => Stale::Fresh,
        };
        self.stale_data = self.stale_data.max(stale);
        redo
    }

    /// After edits, rebuilds what covers the whole site: the search index and the search page
    /// that names it, and the open data. Returns the files written; the previous index's files
    /// are dropped.
    pub fn catch_up(&mut self) -> Result<Vec<String>, Failure> {
        let mut written = Vec::new();
        let mut put = |files: &mut BTreeMap<String, Packed>, o: crate::render::Output| {
            written.push(o.path.clone());
            files.insert(o.path, Packed::new(&o.bytes));
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
            let s = &self.site;
            let index = crate::search::index::build(
                &s.config,
                &s.content,
                &s.served,
                std::borrow::Cow::Borrowed(&self.plain),
                None,
            );
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
        String::from_utf8(live.files()[path].bytes()).unwrap()
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
        if let Some(line) = text.lines().find(|l| l.starts_with("horaires_accueil = ")) {
            out.push(("horaires", text.replacen(line, "horaires_accueil = \"Mo-Sa 09:00-12:00\"", 1)));
        }
        if let Some(line) = text.lines().find(|l| l.starts_with("statut = ")) {
            let other = if line.contains("a-venir") { "en-cours" } else { "a-venir" };
            out.push(("statut", text.replacen(line, &format!("statut = \"{other}\""), 1)));
            // No fiche of the fixture is postponed: this one opens `suivi/statuts/reportee/`.
            out.push(("statut reporté", text.replacen(line, "statut = \"reportee\"", 1)));
        }
        // A fiche's first event opens its calendar file (`agenda.ics`), which its page links to.
        if text.contains("\nstatut = ")
            && !text.contains("[[evenements]]")
            && let Some(end) = text[3..].find("\n+++").map(|i| i + 3)
        {
            let event = "\n[[evenements]]\ntitre = \"Réunion ajoutée dans l'aperçu\"\ndebut = 2026-06-01T10:00:00+02:00\nfin = 2026-06-01T12:00:00+02:00";
            out.push(("premier événement", format!("{}{event}{}", &text[..end], &text[end..])));
        }
        if let Some(line) = text.lines().find(|l| l.starts_with("pilotes = ")) {
            out.push(("pilotes", text.replacen(line, "pilotes = [\"Un autre pilote\"]", 1)));
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
                if let Err(e) = updated {
                    let errors: Vec<String> = match e {
                        Failure::Content(d) => d
                            .into_iter()
                            .filter(|d| d.severity == Severity::Error)
                            .map(|d| format!("{} : {}", d.file, d.message))
                            .collect(),
                        other => vec![format!("{other:?}")],
                    };
                    failures.push(format!("{file} ({what}) : l'aperçu échoue : {errors:?}"));
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

    /// A service given a new address in the preview shows the code of that address, the one a
    /// full build draws, and not the code of the page it was (today through a full load: no
    /// edit in place moves an address).
    #[test]
    fn a_service_with_a_new_address_shows_its_own_qr_code() {
        let (_t, root) = site();
        let (mut live, _) = Live::start(&Options::new(&root)).unwrap();
        let code = |live: &Live, path: &str| {
            let page = page(live, path);
            let at = page.find("src=\"data:image/png;base64,").expect("un code QR");
            page[at..].split('"').nth(1).unwrap().to_string()
        };
        let before = code(&live, "annuaire/dac/index.html");
        let file = "content/annuaire/dac.md";
        edit(&root, file, |text| text.replacen("+++\n", "+++\nid = \"dac-perigord\"\n", 1));
        live.update(&[file.to_string()]).unwrap();
        assert_ne!(code(&live, "annuaire/dac-perigord/index.html"), before);
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
        // While one file is broken, an edit of another is refused too.
        let other = "content/actions/1.1.1-pfidass.md";
        edit(&root, other, |t| t.replace("Promouvoir la PFIDASS", "Faire connaître la PFIDASS"));
        let Err(Failure::Content(d)) = live.update(&[other.to_string()]) else { panic!("erreur attendue") };
        assert!(d.iter().any(|d| d.file == file), "{d:?}");
        // Once mended, the site is the full build of both edits.
        std::fs::write(root.join(file), text).unwrap();
        live.update(&[file.to_string()]).unwrap();
        live.catch_up().unwrap();
        same_as_a_full_build(&live, &root);
    }
}
