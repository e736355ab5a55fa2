//! portail: a static site generator for the public portals of French
//! *Contrats locaux de santé*.
//!
//! The pipeline reads as data flowing one way, one module per stage:
//! [`config`] → [`content`] (load, validate) → [`markdown`] → [`search`] index → [`render`] → [`output`].

pub mod cms;
pub mod config;
pub mod content;
pub mod diag;
pub mod export;
pub mod falc;
pub mod falc_settings;
pub mod format;
pub mod gzip;
pub mod hours;
pub mod images;
pub mod links;
pub mod links_external;
pub mod live;
pub mod markdown;
pub mod new;
pub mod output;
pub mod plan;
pub mod qr;
pub mod referentiels;
pub mod render;
pub mod route;
pub mod search;
pub mod serve;
pub mod slug;
pub mod spreadsheet;
pub mod text;
pub mod version;

use chrono::NaiveDate;
use config::Config;
use content::Content;
use diag::{Diagnostic, Severity};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The loaded portal and its Markdown rendered to HTML, keyed by output path.
pub struct Site {
    pub config: Config,
    pub content: Content,
    /// Which communes each service serves, from `content` and the communes of `config`.
    pub served: content::query::Served,
    pub html: BTreeMap<String, String>,
    /// The build day: the agenda splits upcoming and past events at it.
    pub today: NaiveDate,
    /// Path of the search index's meta file, relative to the base URL.
    pub search: String,
    /// Resized images and their files.
    pub images: images::Processed,
    /// Each service page's QR code.
    pub qr: qr::Codes,
    /// Every file the site is made of, planned once from the content.
    pub plan: plan::Plan,
}

/// What `build` and `check` are asked to do.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Site root (holds `site.toml`).
    pub root: PathBuf,
    /// Output folder; `<root>/public` by default.
    pub output: Option<PathBuf>,
    /// Replaces `url` of `site.toml` (preview deploys).
    pub base_url: Option<String>,
    /// The day freshness is judged against; today by default.
    pub today: Option<NaiveDate>,
    /// `check` also asks every outside address the site links to.
    pub external_links: bool,
}

impl Options {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into(), ..Self::default() }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output.clone().unwrap_or_else(|| self.root.join("public"))
    }
}

/// What a successful run produced.
#[derive(Debug)]
pub struct Report {
    /// Warnings (errors stop the run), sorted by file and line.
    pub warnings: Vec<Diagnostic>,
    pub pages: usize,
    pub files: usize,
    pub actions: usize,
    pub services: usize,
    pub elapsed: Duration,
    /// Time spent in each stage, and the memory in use after it (shown with `-v`).
    pub timings: Vec<Lap>,
    /// Images decoded and resized (0 when the cache had them all).
    pub images_decoded: usize,
    /// QR codes encoded (0 when the cache had them all).
    pub qr_drawn: usize,
    /// Runs of documents the search index cut into words again (0 when no text changed).
    pub renumbered: usize,
}

/// Why a run failed.
#[derive(Debug)]
pub enum Failure {
    /// Content problems: every finding, errors and warnings, sorted.
    Content(Vec<Diagnostic>),
    /// The output could not be written.
    Io(output::WriteError),
    /// A template of the theme could not make a report (`check --report`).
    Template(String),
}

struct Compiled {
    site: Site,
    /// Pages and files made.
    pages: usize,
    files: usize,
    warnings: Vec<Diagnostic>,
    timings: Vec<Lap>,
    qr_drawn: usize,
    renumbered: usize,
    /// Findings of reading each file, and of its Markdown: the preview updates them file by file.
    load_diags: Vec<Diagnostic>,
    md_diags: Vec<Diagnostic>,
    /// The text of each page's Markdown, for the preview's search index.
    plain: BTreeMap<String, markdown::Plain>,
    /// The templates and the link targets, for the preview.
    env: minijinja::Environment<'static>,
    targets: Targets,
}

/// Validates and renders the site in memory, without writing anything.
pub fn check(opts: &Options) -> Result<Report, Failure> {
    let start = Instant::now();
    output::recover(&opts.output_dir());
    let mut c = compile(opts, &output::Discard, Purpose::Check)?;
    if opts.external_links {
        let links = links_external::collect(&c.site);
        let sources = page_sources(&opts.root, &c.site);
        let source_of = |page: &str, url: &str| match sources.get(page) {
            Some(s) => (s.file.to_string(), s.line_of(url)),
            None => (page.to_string(), None),
        };
        let found = links_external::check(&links, &source_of);
        let mut sorted = diag::Diagnostics::default();
        c.warnings.drain(..).chain(found).for_each(|d| sorted.push(d));
        c.warnings = sorted.sorted();
    }
    Ok(report(&c, start))
}

/// Builds the site into the output folder, replacing it only on success.
pub fn build(opts: &Options) -> Result<Report, Failure> {
    build_with(opts, std::sync::Arc::new(output::Disk))
}

/// `build`, with every change to the disk made through `fs` (tests inject faults there).
pub fn build_with(opts: &Options, fs: std::sync::Arc<dyn output::Fs>) -> Result<Report, Failure> {
    let start = Instant::now();
    let out = opts.output_dir();
    output::check_target(&opts.root, &out).map_err(Failure::Io)?;
    // The replaced site waits in the cache, which a new portal's `.gitignore` leaves out.
    let writer = output::Writer::open_with(&out, fs, Some(output::reserve_in(&opts.root.join(".portail-cache"), &out)))
        .map_err(Failure::Io)?;
    let c = compile(opts, &writer, Purpose::Build)?;
    let writing = Instant::now();
    writer.finish().map_err(Failure::Io)?;
    let mut r = report(&c, start);
    r.timings.push(Lap { stage: "écriture", time: writing.elapsed(), memory: resident_memory(), overlaps: false });
    Ok(r)
}

/// The easy-to-read report of a site (`portail check --report falc.html`), as HTML.
pub fn falc_report(opts: &Options) -> Result<String, Failure> {
    gate(&opts.root)?;
    let mut diags = Vec::new();
    let config = read_config(&opts.root, opts, &mut diags);
    let content = content::load::load(&opts.root, &mut diags);
    let Some(config) = config else {
        return Err(fail(diags));
    };
    let today = build_day(opts);
    let texts = falc::lint(&content, &opts.root, &config.falc, falc::generated(&content, config.periode, today));
    let theme = render::theme::Theme::load(&opts.root, &config.theme, &mut diags);
    render::falc_report::render(&config, &content, &texts, &theme)
        .map_err(|e| Failure::Template(format!("rapport Facile à lire : {e}")))
}

/// Lints Markdown files with the site's glossary and thresholds (`portail falc`).
pub fn falc_files(root: &Path, files: &[PathBuf]) -> Result<Vec<falc::Text>, String> {
    let mut diags = Vec::new();
    let opts = Options::new(root);
    let (settings, known) = if root.join("site.toml").is_file() {
        let config = read_config(root, &opts, &mut diags);
        let content = content::load::load(root, &mut diags);
        (config.map(|c| c.falc).unwrap_or_default(), falc::Known::from_content(&content))
    } else {
        (falc::Settings::default(), falc::Known::default())
    };
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(f).map_err(|e| format!("{} : {e}", f.display()))?;
        let split =
            content::frontmatter::split(&text, false).map_err(|d| format!("{} : {}", f.display(), d.message))?;
        let (body, first_line) = (split.body.to_string(), split.body_line);
        let t = falc::Text {
            file: f.display().to_string(),
            path: String::new(),
            title: f.display().to_string(),
            part: "corps",
            source: body,
            first_line,
            blocks: Vec::new(),
            hits: Vec::new(),
            scores: Default::default(),
        };
        out.push(falc::lint_text(t, &known, &settings, &[], true));
    }
    Ok(out)
}

/// Queries the search index of the built site with the browser client's algorithm.
pub fn search(
    opts: &Options,
    q: &search::query::Query,
    limit: usize,
) -> Result<Vec<search::query::Hit>, search::query::IndexError> {
    let folder = search::query::folder(&opts.output_dir())?;
    let mut engine = search::query::Engine::open(&folder)?;
    let outcome = engine.search(q);
    outcome.docs.into_iter().take(limit).map(|d| engine.hit(d)).collect()
}

fn report(c: &Compiled, start: Instant) -> Report {
    Report {
        warnings: c.warnings.clone(),
        pages: c.pages,
        files: c.files,
        actions: c.site.content.actions.len(),
        services: c.site.content.services.len(),
        elapsed: start.elapsed(),
        timings: c.timings.clone(),
        images_decoded: c.site.images.decoded,
        qr_drawn: c.qr_drawn,
        renumbered: c.renumbered,
    }
}

/// Stops before anything else is read when `site.toml` asks for another portail (see `version`).
fn gate(root: &Path) -> Result<(), Failure> {
    let Some(text) = std::fs::read(root.join("site.toml")).ok().and_then(|b| content::frontmatter::decode(b).ok())
    else {
        return Ok(()); // read_config reports a missing or unreadable site.toml
    };
    match version::gate(&text, version::VERSION) {
        Some(d) => Err(fail(vec![d])),
        None => Ok(()),
    }
}

fn fail(diags: Vec<Diagnostic>) -> Failure {
    let mut all = diag::Diagnostics::default();
    for d in diags {
        all.push(d);
    }
    Failure::Content(all.sorted())
}

/// What a run of `compile` is for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Purpose {
    /// `portail build`: the site is written, and the QR codes' cache kept up to date.
    Build,
    /// `portail check`: every page is made and checked, then dropped. Their QR codes are neither
    /// drawn nor cached: no one sees them, and they would hold `site.toml`'s address where the
    /// build that follows in CI has another (`--base-url`), each run then drawing them all again.
    Check,
    /// The preview keeps what it needs to update the site after an edit (the plain text of
    /// pages, findings file by file), and draws its own codes, for its own address.
    Preview,
}

/// Checks and makes the site, handing each file to `sink`.
fn compile(opts: &Options, sink: &dyn output::Sink, purpose: Purpose) -> Result<Compiled, Failure> {
    let preview = purpose == Purpose::Preview;
    gate(&opts.root)?;
    let mut clock = Stopwatch { last: Some(Instant::now()), laps: Vec::new() };
    let root = opts.root.as_path();
    let mut diags = Vec::new();
    let config = read_config(root, opts, &mut diags);
    // The theme's templates and minified files depend on `site.toml` alone: they are made while
    // the content is read. Made after it, they were the longest of what then runs side by side
    // (6 to 9 ms at 1 000 pages against 4 for the checks and the plan), and a core waited.
    let theme_side = || {
        let config = config.as_ref()?;
        Some(timed(|| {
            let mut diags = Vec::new();
            let theme = render::theme::Theme::load(root, &config.theme, &mut diags);
            let env = render::environment(&theme, &config.theme, config.base_path(), &config.url, &mut diags);
            (theme, env, diags)
        }))
    };
    let read = || {
        let mut diags = Vec::new();
        (content::load::load(root, &mut diags), diags)
    };
    let ((content, read_diags), theme) = rayon::join(read, theme_side);
    diags.extend(read_diags);
    clock.lap("lecture");
    let today = build_day(opts);
    let (Some(config), Some(((theme, env, theme_diags), theme_time))) = (config, theme) else {
        return Err(fail(diags));
    };
    clock.overlapping(&[("thème", theme_time)]);
    // The checks read the content alone, and the link targets and the paths' checks the plan
    // alone: side by side (45 ms on one core at 10 000 pages, one after the other).
    let checks = || {
        let mut diags = Vec::new();
        let (_, checked) = timed(|| content::validate::validate(&config, &content, today, &mut diags));
        let (falc, falc_time) = timed(|| {
            let generated = falc::generated(&content, config.periode, today);
            falc::diagnostics(&falc::lint(&content, root, &config.falc, generated), &config.falc)
        });
        diags.extend(falc);
        (diags, checked, falc_time)
    };
    let planned = || {
        timed(|| {
            let plan = plan::Plan::new(&config, &content, today);
            // The writer makes the pages' folders while the Markdown, the codes and the pages are made.
            sink.expect(&mut plan.files());
            let paths = || {
                let mut diags = plan.collisions(root, &content.assets);
                diags.extend(plan::paths::check(plan.files(), &content, &plan.pilots, root));
                diags
            };
            let (diags, targets) = rayon::join(paths, || Targets::new(root, &plan, &content));
            (plan, diags, targets)
        })
    };
    let ((checks, checked, falc_time), ((plan, paths, targets), planned)) = rayon::join(checks, planned);
    clock.overlapping(&[("vérification", checked), ("facile à lire", falc_time), ("plan", planned)]);
    diags.extend(checks);
    diags.extend(paths);
    let load_diags = if preview { diags.clone() } else { Vec::new() };
    let before = diags.len();
    let pictures = images::process(root, &content.assets, &mut diags);
    clock.lap("images");
    // After the images' own, as when the theme was read after them.
    diags.extend(theme_diags);
    // The theme comes before the Markdown, whose fragments (images, tables) are its templates.
    let fragments = markdown::Fragments { env: &env, theme: &config.theme };
    let (html, plain) = render_markdown(&config, &content, &targets, &mut diags, None, &pictures.images, fragments);
    let md_diags = if preview { diags[before..].to_vec() } else { Vec::new() };
    clock.lap("markdown");
    // After the Markdown rather than beside it: side by side, a cold 10 000-page build peaked at
    // 222 to 240 MiB instead of 214 to 218, for no time that a run could tell apart. The preview
    // keeps its codes to itself: they hold its own address, and written to the cache they
    // replaced the site's, which the next build then drew again.
    let qr = match purpose {
        Purpose::Build => qr::Codes::make(&config.url, &content.services, Some(root)),
        Purpose::Preview => qr::Codes::make(&config.url, &content.services, None),
        Purpose::Check => qr::Codes::default(),
    };
    clock.lap("codes QR");
    let served = content::query::Served::new(&config, &content);
    // The search page is the only page that names the index: its meta file's name is a hash of
    // the whole index. It is made last; everything else is made while the index is built.
    let mut site = Site { config, content, served, html, today, search: String::new(), images: pictures, qr, plan };

    let copies = copies(&site, &theme);
    if diags.iter().any(|d| d.severity == Severity::Error) {
        return Err(fail(diags));
    }
    // Every path but the index's is known before anything is made, so each page's links are
    // checked as it is rendered, and the page is written and forgotten.
    let mut files: std::collections::HashSet<String> = site.plan.files().collect();
    files.extend(copies.iter().map(|c| c.path.clone()));
    let io = |r: Result<(), output::WriteError>| r.map_err(Failure::Io);
    io(copies.par_iter().try_for_each(|c| sink.copy(c)))?;
    let not_search = |j: &plan::Job| j.kind != plan::JobKind::Search;
    let is_search = |j: &plan::Job| j.kind == plan::JobKind::Search;
    let render =
        |site: &Site, files: &std::collections::HashSet<String>, keep: &(dyn Fn(&plan::Job) -> bool + Sync)| {
            let checker = links::Checker::new(files, site.config.base_path());
            render::render_each(&render::views::Views::new(site), &env, &site.config.theme, keep, &|o| {
                let scan = checker.scan(&o.path, &o.bytes);
                sink.put(o).map(|()| scan)
            })
        };
    let search_branch = || {
        timed(|| {
            // Only a build keeps the words from one run to the next: the preview numbers them
            // again from the text it holds, and `check` writes nothing.
            let cache = (purpose == Purpose::Build).then_some(root);
            let build = |plain| search::index::build(&site.config, &site.content, &site.served, plain, cache);
            // Only the preview needs the text again (it rebuilds the index after edits): a build
            // gives it to the index, which drops it once the words are numbered.
            let (index, plain) = if preview {
                (build(std::borrow::Cow::Borrowed(&plain)), plain)
            } else {
                (build(std::borrow::Cow::Owned(plain)), BTreeMap::new())
            };
            let paths: Vec<String> = index.outputs.iter().map(|o| o.path.clone()).collect();
            let written = index.outputs.into_par_iter().try_for_each(|o| sink.put(o));
            written.map(|()| (index.meta, paths, plain, index.renumbered))
        })
    };
    let pages_branch = || timed(|| render(&site, &files, &not_search));
    let data_branch = || timed(|| export::each(&site, &|o| sink.put(o)));
    // Pages, index and open data share nothing but the read-only site: on two cores, the
    // index's and the open data's serial parts run beside the pages instead of after them.
    let ((pages, pages_time), ((index, search_time), (exported, data_time))) =
        rayon::join(pages_branch, || rayon::join(search_branch, data_branch));
    let (meta, index_files, plain, renumbered) = index.map_err(Failure::Io)?;
    clock.overlapping(&[("recherche", search_time), ("pages", pages_time), ("données ouvertes", data_time)]);
    files.extend(index_files);
    site.search = meta;
    let search_page = render(&site, &files, &is_search);
    let scans = match pages.and_then(|p| search_page.map(|s| p.into_iter().chain(s))) {
        Ok(s) => s.collect::<Result<Vec<_>, output::WriteError>>().map_err(Failure::Io)?,
        Err(errors) => {
            diags.extend(errors);
            return Err(fail(diags));
        }
    };
    // Reported in the order of the stages before they ran side by side: the index's, the
    // pages', then the open data's.
    exported.map_err(Failure::Io)?;
    let qr_drawn = site.qr.drawn;
    let made = files.len();
    drop(files);
    clock.lap("page de recherche");
    let broken = links::report(&scans, || page_sources(root, &site), &|_| None);
    clock.lap("liens");
    if !broken.is_empty() {
        diags.extend(broken);
        return Err(fail(diags));
    }
    let pages = site.plan.jobs.iter().filter(|j| j.file().ends_with(".html")).count();
    let mut sorted = diag::Diagnostics::default();
    diags.into_iter().for_each(|d| sorted.push(d));
    Ok(Compiled {
        site,
        pages,
        files: made,
        warnings: sorted.sorted(),
        timings: clock.laps,
        qr_drawn,
        renumbered,
        load_diags,
        md_diags,
        plain,
        env,
        targets,
    })
}

/// One stage of a build, for `-v`.
#[derive(Debug, Clone)]
pub struct Lap {
    pub stage: &'static str,
    pub time: Duration,
    /// Resident memory at the end of the stage, in bytes (Linux only).
    pub memory: Option<u64>,
    /// Whether the stage ran at the same time as the others so marked.
    pub overlaps: bool,
}

struct Stopwatch {
    last: Option<Instant>,
    laps: Vec<Lap>,
}

impl Stopwatch {
    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        let since = self.last.unwrap_or(now);
        self.laps.push(Lap { stage, time: now - since, memory: resident_memory(), overlaps: false });
        self.last = Some(now);
    }

    /// Stages that ran side by side, each with its own time, ending now.
    fn overlapping(&mut self, stages: &[(&'static str, Duration)]) {
        let memory = resident_memory();
        self.laps.extend(stages.iter().map(|&(stage, time)| Lap { stage, time, memory, overlaps: true }));
        self.last = Some(Instant::now());
    }
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let r = f();
    (r, start.elapsed())
}

/// The process's resident memory, read from `/proc` (no portable call gives it).
fn resident_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// The day the site is built for: `--today`, else `SOURCE_DATE_EPOCH`, else today.
fn build_day(opts: &Options) -> NaiveDate {
    opts.today.or_else(source_date).unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// The build day from `SOURCE_DATE_EPOCH`, the reproducible-builds convention: set it and two
/// builds on different days give the same files (the agenda and holidays depend on the day).
fn source_date() -> Option<NaiveDate> {
    let secs: i64 = std::env::var("SOURCE_DATE_EPOCH").ok()?.trim().parse().ok()?;
    chrono::DateTime::from_timestamp(secs, 0).map(|d| d.date_naive())
}

fn read_config(root: &Path, opts: &Options, diags: &mut Vec<Diagnostic>) -> Option<Config> {
    let path = root.join("site.toml");
    let text = match std::fs::read(&path) {
        Ok(b) => match content::frontmatter::decode(b) {
            Ok(t) => t,
            Err(d) => {
                diags.push(d.file("site.toml"));
                return None;
            }
        },
        Err(e) => {
            diags.push(
                Diagnostic::error("fichier-manquant", format!("site.toml introuvable dans {} ({e})", root.display()))
                    .file("site.toml")
                    .suggest(Some("lancez portail dans le dossier du site, ou indiquez-le avec --root".into())),
            );
            return None;
        }
    };
    let config = config::parse(&text, diags)?;
    match &opts.base_url {
        Some(url) => match config.with_base_url(url) {
            Ok(c) => Some(c),
            Err(msg) => {
                diags.push(Diagnostic::error("url-invalide", msg).file("--base-url"));
                None
            }
        },
        None => Some(config),
    }
}

/// What links in Markdown resolve against: content files to addresses, every planned output,
/// acronyms and document sizes. Built once per site; the preview keeps it between edits (an
/// edit it handles alone changes none of it).
struct Targets {
    pages: BTreeMap<String, String>,
    outputs: BTreeSet<String>,
    glossary: HashMap<String, String>,
    sizes: BTreeMap<String, u64>,
    /// Files beside the pages, as `content/…`: suggestions for a broken relative link.
    files: BTreeSet<String>,
}

impl Targets {
    fn new(root: &Path, plan: &plan::Plan, c: &Content) -> Self {
        let mut pages: BTreeMap<String, String> = BTreeMap::new();
        let simple = c.home.iter().chain(&c.sections).chain(&c.chapters).chain(&c.news).chain(&c.pages);
        let simple = simple.chain(c.diagnostic_chapters());
        let origins = simple
            .map(|p| &p.origin)
            .chain(c.actions.iter().map(|a| &a.origin))
            .chain(c.services.iter().map(|s| &s.origin))
            .chain(c.structures.iter().map(|s| &s.origin))
            .chain(c.twins.iter().map(|t| &t.origin));
        for o in origins.filter(|o| o.line.is_none()) {
            pages.insert(o.file.clone(), o.path.clone());
        }
        let mut outputs: BTreeSet<String> = plan.addresses().collect();
        outputs.extend(c.assets.iter().map(|a| a.path.clone()));
        let glossary =
            c.glossary.iter().filter_map(|t| t.sigle.as_ref().map(|s| (s.v.clone(), t.nom.clone()))).collect();
        let sizes =
            c.assets.iter().filter_map(|a| Some((a.path.clone(), std::fs::metadata(&a.source).ok()?.len()))).collect();
        let beside = root.join("content");
        let files =
            c.assets.iter().filter(|a| a.source.starts_with(&beside)).map(|a| format!("content/{}", a.path)).collect();
        Targets { pages, outputs, glossary, sizes, files }
    }
}

/// Renders every Markdown body in parallel (or only the one published at `only`); links are
/// checked against the planned outputs. Returns the HTML and the plain text of each body, by
/// output path.
fn render_markdown(
    config: &Config,
    c: &Content,
    targets: &Targets,
    diags: &mut Vec<Diagnostic>,
    only: Option<&str>,
    images: &BTreeMap<String, images::Image>,
    fragments: markdown::Fragments,
) -> (BTreeMap<String, String>, BTreeMap<String, markdown::Plain>) {
    let simple = c.home.iter().chain(&c.sections).chain(&c.chapters).chain(&c.news).chain(&c.pages);
    let simple = simple.chain(c.diagnostic_chapters());
    let mut bodies: Vec<(&str, &content::Body, &str, bool)> =
        simple.map(|p| (p.origin.path.as_str(), &p.body, p.origin.file.as_str(), false)).collect();
    bodies.extend(c.actions.iter().map(|a| (a.origin.path.as_str(), &a.body, a.origin.file.as_str(), false)));
    // Bulk rows (with a line) are imported data: shown as text, never as HTML.
    let rows = c.services.iter().map(|s| (&s.origin, &s.body)).chain(c.structures.iter().map(|s| (&s.origin, &s.body)));
    bodies.extend(rows.map(|(o, b)| (o.path.as_str(), b, o.file.as_str(), o.line.is_some())));
    bodies.extend(c.twins.iter().map(|t| (t.origin.path.as_str(), &t.body, t.origin.file.as_str(), false)));
    let findings = c.diagnostic.iter().flat_map(|d| &d.findings);
    bodies.extend(
        findings.filter_map(|f| Some((f.origin.path.as_str(), f.texte.as_ref()?, f.origin.file.as_str(), false))),
    );
    let links = markdown::Links {
        base: config.base_path(),
        pages: &targets.pages,
        outputs: &targets.outputs,
        glossary: &targets.glossary,
        sizes: &targets.sizes,
        allow_html: config.html_brut,
        images,
        files: &targets.files,
        fragments,
    };
    bodies.retain(|(path, ..)| only.is_none_or(|o| o == *path));
    let rendered: Vec<(String, markdown::Rendered)> = bodies
        .par_iter()
        .map(|(path, body, file, untrusted)| {
            let mut r = markdown::render_body(&body.text, file, body.first_line, &links);
            // Held until the pages are made: no spare capacity, given back by the thread that made it.
            r.html.shrink_to_fit();
            r.plain.body.shrink_to_fit();
            r.plain.headings.shrink_to_fit();
            if *untrusted {
                // Imported directory data is shown as text, never as HTML: a warning suffices.
                for x in r.diags.iter_mut().filter(|x| x.rule == "html-brut") {
                    x.severity = Severity::Warning;
                }
            }
            (path.to_string(), r)
        })
        .collect();
    let (mut html, mut plain) = (BTreeMap::new(), BTreeMap::new());
    let findings: Vec<&str> = c.diagnostic.iter().flat_map(|d| &d.findings).map(|f| f.origin.path.as_str()).collect();
    for (path, mut r) in rendered {
        // A finding's text is a field of constats.toml: its findings name it.
        if let Some(k) = findings.iter().position(|f| *f == path) {
            for d in r.diags.iter_mut().filter(|d| d.field.is_none()) {
                d.field = Some(format!("constats[{}].texte", k + 1));
            }
        }
        diags.extend(r.diags);
        html.insert(path.clone(), r.html);
        plain.insert(path, r.plain);
    }
    (html, plain)
}

/// Each output page and the content file it renders (with its text, to find a link's line).
fn page_sources<'s>(root: &Path, site: &'s Site) -> BTreeMap<String, links::Source<'s>> {
    let c = &site.content;
    let mut origins: Vec<&content::Origin> = Vec::new();
    origins.extend(
        c.home
            .iter()
            .chain(&c.sections)
            .chain(&c.chapters)
            .chain(&c.news)
            .chain(&c.pages)
            .chain(c.diagnostic_chapters())
            .map(|p| &p.origin),
    );
    origins.extend(c.diagnostic.iter().flat_map(|d| &d.findings).map(|f| &f.origin));
    origins.extend(c.actions.iter().map(|a| &a.origin));
    origins.extend(c.services.iter().map(|s| &s.origin));
    origins.extend(c.twins.iter().map(|t| &t.origin));
    origins
        .into_iter()
        .map(|o| {
            // Bulk rows have no text of their own to search for the link.
            let disk = o.line.is_none().then(|| root.join(&o.file));
            (format!("{}index.html", o.path), links::Source { file: &o.file, disk })
        })
        .collect()
}

/// Files copied as they are: the theme's assets, `static/` and files beside content (the plan
/// has checked that none takes another's address).
fn copies(site: &Site, theme: &render::theme::Theme) -> Vec<output::Copy> {
    let mut out = Vec::new();
    for (path, src) in &theme.assets {
        let source = match src {
            render::theme::AssetSource::Embedded(b) => output::Source::Bytes(b),
            render::theme::AssetSource::File(p) => output::Source::File(p.clone()),
            render::theme::AssetSource::Minified(b) => output::Source::Owned(b.clone()),
        };
        // `racine/` holds what embedding sites load from a stable, short address (`/embed.js`).
        let path = match path.strip_prefix("racine/") {
            Some(root) => root.to_string(),
            None => theme.asset_path(path),
        };
        out.push(output::Copy { path, source });
    }
    for a in &site.content.assets {
        if !site.images.images.contains_key(&a.path) {
            out.push(output::Copy { path: a.path.clone(), source: output::Source::File(a.source.clone()) });
        }
    }
    // Processed images: their sizes, and at their own address a copy without metadata.
    for (path, file) in &site.images.files {
        out.push(output::Copy { path: path.clone(), source: output::Source::File(file.clone()) });
    }
    out
}
