//! The preview's site, kept between edits: a saved action, service or page re-renders that page
//! and the pages that list it; anything else rebuilds everything.

use crate::content::load::{Reload, reload};
use crate::diag::{Diagnostic, Severity};
use crate::render::jobs::{Job, JobKind};
use crate::{
    Failure, Options, Report, Site, compile, export, fail, links, output, page_sources, render, render_markdown,
};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::Mutex;
use std::time::Instant;

pub struct Live {
    opts: Options,
    site: Site,
    files: BTreeMap<String, Vec<u8>>,
    load_diags: Vec<Diagnostic>,
    md_diags: Vec<Diagnostic>,
    plain: BTreeMap<String, crate::markdown::Plain>,
    /// The files the last update wrote; all of them after a full build.
    pub rendered: Vec<String>,
    pub full: bool,
    /// An edit changed the content since the search index was built.
    pub stale_search: bool,
}

/// The site's files kept in memory as they are made.
#[derive(Default)]
struct Memory(Mutex<BTreeMap<String, Vec<u8>>>);

impl output::Sink for Memory {
    fn put(&self, o: crate::render::Output) -> Result<(), String> {
        self.0.lock().map_err(|_| "aperçu interrompu")?.insert(o.path, o.bytes);
        Ok(())
    }

    fn copy(&self, c: &output::Copy) -> Result<(), String> {
        let bytes = match &c.source {
            output::Source::Bytes(b) => b.to_vec(),
            output::Source::Owned(b) => b.clone(),
            output::Source::File(p) => std::fs::read(p).map_err(|e| format!("{} : {e}", p.display()))?,
        };
        self.0.lock().map_err(|_| "aperçu interrompu")?.insert(c.path.clone(), bytes);
        Ok(())
    }
}

/// What an edited file touches besides its own page.
enum Touch {
    Action { services: Vec<String> },
    Service { actions: Vec<String>, structure: Option<String> },
    Page,
}

impl Live {
    /// A full build, kept in memory.
    pub fn start(opts: &Options) -> Result<(Live, Report), Failure> {
        let begin = Instant::now();
        let memory = Memory::default();
        let c = compile(opts, &memory, true)?;
        let files = memory.0.into_inner().map_err(|_| Failure::Io("aperçu interrompu".into()))?;
        let report = crate::report(&c, begin);
        let rendered = files.keys().cloned().collect();
        Ok((
            Live {
                opts: opts.clone(),
                site: c.site,
                files,
                load_diags: c.load_diags,
                md_diags: c.md_diags,
                plain: c.plain,
                rendered,
                full: true,
                stale_search: false,
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
        {
            let touch = self.touch(file);
            if let Some(touch) = touch
                && let Some((state, parse_diags)) = reload(&self.opts.root, &mut self.site.content, file)
            {
                return self.incremental(file, state, parse_diags, touch);
            }
        }
        let (live, report) = Live::start(&self.opts)?;
        *self = live;
        Ok(report)
    }

    /// What the current version of `file` is linked to, before it is replaced.
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

    fn incremental(
        &mut self,
        file: &str,
        state: Reload,
        parse_diags: Vec<Diagnostic>,
        before: Touch,
    ) -> Result<Report, Failure> {
        let begin = Instant::now();
        self.load_diags.retain(|d| d.file != file);
        self.load_diags.extend(parse_diags);
        let today = self.site.today;
        let mut diags = self.load_diags.clone();
        crate::content::validate::validate(&self.site.config, &self.site.content, today, &mut diags);
        let path = self.path_of(file).unwrap_or_default();
        let jobs = render::jobs::plan(&self.site.config, &self.site.content);
        let mut md = Vec::new();
        let (html, plain) = render_markdown(
            &self.site.config,
            &self.site.content,
            &jobs,
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

        // The page, the pages that list it, and those it was or is linked to.
        let after = self.touch(file);
        let mut related: BTreeSet<String> = BTreeSet::from([path.clone()]);
        let mut actions_changed = false;
        let mut services_changed = false;
        for t in [Some(before), after].into_iter().flatten() {
            match t {
                Touch::Action { services } => {
                    actions_changed = true;
                    related.extend(services);
                }
                Touch::Service { actions, structure } => {
                    services_changed = true;
                    related.extend(actions);
                    related.extend(structure);
                }
                Touch::Page => {}
            }
        }
        // The search index is global (frequencies, shards): it is rebuilt after the page is shown,
        // by `refresh_search`, not on the way to the reload.
        self.stale_search = true;
        let keep = |job: &Job| {
            related.contains(&job.path)
                || matches!(
                    job.kind,
                    JobKind::Home
                        | JobKind::Chapters
                        | JobKind::Actions
                        | JobKind::Axe(_)
                        | JobKind::Annuaire
                        | JobKind::Commune(_)
                        | JobKind::Theme(_)
                        | JobKind::Public(_)
                        | JobKind::News
                        | JobKind::Atom
                        | JobKind::FalcIndex
                        | JobKind::Agenda
                        | JobKind::SiteMap
                        | JobKind::Embed
                )
                || (matches!(job.kind, JobKind::Twin(_)) && job.path == format!("{path}facile-a-lire/"))
                // Chapters show their neighbours' titles.
                || (matches!(job.kind, JobKind::Chapter(_)) && path.starts_with("contrat/"))
        };
        let root = self.opts.root.clone();
        let mut outputs = self.render(&mut diags, &keep).map_err(|e| {
            diags.extend(e);
            fail(diags.clone())
        })?;
        self.full = false;
        self.rendered = outputs.iter().map(|o| o.path.clone()).collect();
        if services_changed {
            outputs.extend(export::outputs(&self.site));
        } else if actions_changed {
            outputs.extend(export::action_outputs(&self.site));
        }
        let all: HashSet<String> = self.files.keys().cloned().collect();
        let files = &self.files;
        let other = |p: &str| files.get(p).map(|b| String::from_utf8_lossy(b).into_owned());
        let checker = links::Checker::new(&all, self.site.config.base_path());
        let scans: Vec<links::Scan> = outputs.iter().map(|o| checker.scan(&o.path, &o.bytes)).collect();
        let broken = links::report(&scans, &page_sources(&root, &self.site), &other);
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

    /// Rebuilds the search index after edits, and the search page that names it. Returns the
    /// files written; the previous index's files are dropped.
    pub fn refresh_search(&mut self) -> Result<Vec<String>, Failure> {
        if !self.stale_search {
            return Ok(Vec::new());
        }
        let index = crate::search::index::build(&self.site.config, &self.site.content, &self.plain);
        self.site.search = index.meta;
        let page = self.render(&mut Vec::new(), &|j: &Job| j.kind == JobKind::Search).map_err(fail)?;
        self.files.retain(|p, _| !p.starts_with(crate::search::index::DIR));
        let mut written = Vec::new();
        for o in index.outputs.into_iter().chain(page) {
            written.push(o.path.clone());
            self.files.insert(o.path, o.bytes);
        }
        self.stale_search = false;
        Ok(written)
    }

    /// Renders the jobs `keep` selects with the current theme.
    fn render(
        &self,
        diags: &mut Vec<Diagnostic>,
        keep: &(dyn Fn(&Job) -> bool + Sync),
    ) -> Result<Vec<crate::render::Output>, Vec<Diagnostic>> {
        let theme = render::theme::Theme::load(&self.opts.root, &self.site.config.theme, diags);
        let env = render::environment(
            &theme,
            &self.site.config.theme,
            self.site.config.base_path(),
            &self.site.config.url,
            diags,
        );
        render::render_some(&self.site, &env, &self.site.config.theme, keep)
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
        assert!(
            String::from_utf8(live.files()["donnees/actions.json"].clone())
                .unwrap()
                .contains("Faire connaître la PFIDASS")
        );
        // The same result as a full build, once the search index has caught up.
        assert!(live.stale_search);
        let written = live.refresh_search().unwrap();
        assert!(written.iter().any(|p| p == "recherche/index.html"));
        let (full, _) = Live::start(&Options::new(&root)).unwrap();
        for (path, bytes) in full.files() {
            assert!(live.files().get(path) == Some(bytes), "{path} diffère d'une construction complète");
        }
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
