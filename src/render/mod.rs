//! Stage 4: templates (minijinja) turn read-only views into files.

mod charts;
pub mod embeds;
pub mod falc_report;
mod figures;
pub mod ld;
mod map;
mod pages;
pub mod theme;
pub mod views;

use crate::Site;
use crate::diag::{Diagnostic, Pos};
use crate::format;
use crate::plan::{Job, JobKind};
use crate::referentiels as refs;
use crate::route::Route;
use minijinja::{Environment, UndefinedBehavior, Value, context};
use rayon::prelude::*;
use std::error::Error as _;
use theme::Theme;
use views::Views;

pub use crate::route::Output;

/// Builds the template environment; template syntax errors become findings.
/// Templates are copied in, so the preview keeps the environment between edits.
pub fn environment(
    theme: &Theme,
    theme_name: &str,
    base: &str,
    abs: &str,
    diags: &mut Vec<Diagnostic>,
) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
    env.set_trim_blocks(true);
    // minijinja's HTML escaping also encodes `/`, which turns every address into
    // `&#x2f;cls&#x2f;…`: valid, but unreadable and heavier. Escape only what HTML needs.
    env.set_formatter(|out, state, value| {
        if state.auto_escape() == minijinja::AutoEscape::Html
            && !value.is_safe()
            && let Some(s) = value.as_str()
        {
            return crate::markdown::escape_into(out, s).map_err(minijinja::Error::from);
        }
        minijinja::escape_formatter(out, state, value)
    });
    env.set_lstrip_blocks(true);
    for (name, source) in &theme.templates {
        let source = if name.ends_with(".html") { dedent(source) } else { source.clone() };
        if let Err(e) = env.add_template_owned(name.clone(), source) {
            diags.push(template_error(theme_name, &e));
        }
    }
    let assets: std::collections::BTreeMap<String, String> =
        theme.assets.keys().map(|name| (name.clone(), theme.asset_path(name))).collect();
    let asset_base = base.to_string();
    env.add_function("asset", move |name: &str| {
        format!("{asset_base}{}", assets.get(name).cloned().unwrap_or_else(|| format!("theme/{name}")))
    });
    let base = base.to_string();
    // Concatenated, not `format!`ed: called for every link of every page.
    env.add_function("url", move |path: &str| [&base[..], path.trim_start_matches('/')].concat());
    // Plain text of a value, escaped once by the template (feeds carry HTML as text).
    env.add_filter("brut", |v: Value| v.as_str().map_or_else(|| v.to_string(), str::to_string));
    // A count as French writes it: `15 640 pilotes`, with a thin no-break space.
    env.add_filter("nombre", |v: Value| match v.as_i64() {
        Some(n) => crate::text::number(n as f64),
        None => f64::try_from(v.clone()).map_or_else(|_| v.to_string(), crate::text::number),
    });
    let abs = abs.to_string();
    env.add_function("abs_url", move |path: &str| [&abs[..], path.trim_start_matches('/')].concat());
    env.add_function("partial_cached", partial_cached);
    env
}

/// The partials one pass of `render_each` has rendered, by name and arguments. A pass has one
/// `site`, so a partial that sees only `site` and its arguments is the same for every page that
/// passes the same arguments; the next pass (the preview after an edit) starts empty.
#[derive(Debug, Default)]
struct Partials(std::sync::Mutex<std::collections::HashMap<PartialKey, Value>>);

/// A partial's name, and its keyword arguments by name.
type PartialKey = (String, Vec<(String, Value)>);

impl minijinja::value::Object for Partials {}

/// The name the pass's `Partials` has in each page's context.
const PARTIALS: &str = "_partials";

/// `partial_cached("partiels/pied.html", clé=valeur, …)`: the template `name`, rendered with
/// `site` and the keyword arguments only, once per pass and arguments (as Hugo's
/// `partialCached`). The menu, the footer and the section names were a tenth of the
/// instructions of a 1 000-page build (callgrind, 2.04 G against 1.82 G with an empty
/// `base.html`), repeated identically on every page. Outside a pass (no `_partials`), the
/// partial is rendered each time.
fn partial_cached(
    state: &minijinja::State,
    name: &str,
    kwargs: minijinja::value::Kwargs,
) -> Result<Value, minijinja::Error> {
    let mut args = kwargs
        .args()
        .map(|k| Ok((k.to_string(), kwargs.get::<Value>(k)?)))
        .collect::<Result<Vec<_>, minijinja::Error>>()?;
    args.sort_by(|a, b| a.0.cmp(&b.0));
    let key = (name.to_string(), args);
    let memo = state.lookup(PARTIALS);
    let memo = memo.as_ref().and_then(|m| m.downcast_object_ref::<Partials>());
    if let Some(hit) = memo.and_then(|m| m.0.lock().ok()?.get(&key).cloned()) {
        return Ok(hit);
    }
    let mut ctx: std::collections::BTreeMap<String, Value> = key.1.iter().cloned().collect();
    ctx.insert("site".into(), state.lookup("site").unwrap_or_default());
    let html = Value::from_safe_string(state.env().get_template(name)?.render(Value::from(ctx))?);
    if let Some(mut m) = memo.and_then(|m| m.0.lock().ok()) {
        m.insert(key, html.clone());
    }
    Ok(html)
}

/// A page's context: the four names every page has (a page's own values cannot take them), then
/// the page's own values. Every name a page reads that is not a local, `url` and `asset` among
/// them, is looked up here: merged as `context! { site => …, ..page }`, each lookup went through
/// both maps in turn, 2 % of the instructions of a 1 000-page build.
#[derive(Debug)]
struct PageContext {
    site: Value,
    chemin: Value,
    rubrique: Value,
    partials: Value,
    page: Value,
}

impl minijinja::value::Object for PageContext {
    fn get_value(self: &std::sync::Arc<Self>, key: &Value) -> Option<Value> {
        match key.as_str()? {
            "site" => Some(self.site.clone()),
            "chemin" => Some(self.chemin.clone()),
            "rubrique" => Some(self.rubrique.clone()),
            PARTIALS => Some(self.partials.clone()),
            _ => self.page.get_item(key).ok().filter(|v| !v.is_undefined()),
        }
    }

    fn enumerate(self: &std::sync::Arc<Self>) -> minijinja::value::Enumerator {
        let mut keys: Vec<Value> = ["site", "chemin", "rubrique", PARTIALS].into_iter().map(Value::from).collect();
        keys.extend(self.page.try_iter().into_iter().flatten());
        minijinja::value::Enumerator::Values(keys)
    }
}

/// Drops the indentation of an HTML template's lines, once, when the template is loaded: the
/// theme stays readable and the pages do not carry it (3.5 MB of the 10 000-page corpus).
/// Outside `<pre>` and `<textarea>`, a line break and the spaces after it read as one space, so
/// a kept line break makes the indentation useless. Where `trim_blocks` eats the line break (the
/// line before ends with a tag `%}` or a comment `#}`), one space is kept in its place. HTML
/// minifiers rewrite the rendered pages instead, at a cost on every build; this costs nothing.
fn dedent(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut verbatim = false;
    let mut eaten = false;
    for line in source.split_inclusive('\n') {
        let body = line.trim_start_matches([' ', '\t']);
        if verbatim || body.len() == line.len() {
            out.push_str(line);
        } else {
            if eaten && !body.starts_with('\n') && !body.is_empty() {
                out.push(' ');
            }
            out.push_str(body);
        }
        let lower = line.to_ascii_lowercase();
        for (open, close) in [("<pre", "</pre>"), ("<textarea", "</textarea>")] {
            if let Some(at) = lower.rfind(open) {
                verbatim = !lower[at..].contains(close);
            } else if verbatim && lower.contains(close) {
                verbatim = false;
            }
        }
        let end = line.trim_end();
        eaten = end.ends_with("%}") || end.ends_with("#}");
    }
    out
}

fn template_error(theme: &str, e: &minijinja::Error) -> Diagnostic {
    let name = e.name().unwrap_or("?");
    let mut msg = format!("erreur de gabarit : {}", e.detail().unwrap_or(&e.kind().to_string()));
    let mut src = e.source();
    while let Some(s) = src {
        msg.push_str(&format!(" ; {s}"));
        src = s.source();
    }
    let d = Diagnostic::error("gabarit", msg).file(format!("themes/{theme}/templates/{name}"));
    match e.line() {
        Some(l) => d.at(Pos::line(l)),
        None => d,
    }
}

/// Renders the jobs `keep` selects (the preview re-renders only what an edit touches).
pub fn render_some(
    views: &Views,
    env: &Environment,
    theme_name: &str,
    keep: &(dyn Fn(&Job) -> bool + Sync),
) -> Result<Vec<Output>, Vec<Diagnostic>> {
    render_each(views, env, theme_name, keep, &|o| o)
}

/// Renders the jobs `keep` selects, in parallel, and hands each file to `each` as soon as it is
/// made (a build writes it and keeps only what `each` returns). Results are in job order.
pub fn render_each<R: Send>(
    views: &Views,
    env: &Environment,
    theme_name: &str,
    keep: &(dyn Fn(&Job) -> bool + Sync),
    each: &(dyn Fn(Output) -> R + Sync),
) -> Result<Vec<R>, Vec<Diagnostic>> {
    let site = views.site;
    let jobs = &site.plan.jobs;
    let common = common(site, views);
    let partials = Value::from_object(Partials::default());
    let results: Vec<Result<R, Diagnostic>> = jobs
        .par_iter()
        .filter(|j| keep(j))
        .map(|job| {
            let ctx = page_context(site, views, job, jobs);
            let tpl = env.get_template(job.template).map_err(|e| template_error(theme_name, &e))?;
            let ctx = Value::from_object(PageContext {
                site: common.clone(),
                chemin: Value::from(job.path.as_str()),
                rubrique: Value::from(rubrique(&job.path)),
                partials: partials.clone(),
                page: ctx,
            });
            let text = tpl.render(ctx).map_err(|e| template_error(theme_name, &e))?;
            Ok(each(Output { path: job.file(), bytes: text.into_bytes() }))
        })
        .collect();
    let mut outputs = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(o) => outputs.push(o),
            Err(d) => errors.push(d),
        }
    }
    if errors.is_empty() { Ok(outputs) } else { Err(errors) }
}

/// What every page shows of the whole site: an edit that changes it changes every page (the
/// preview then rebuilds everything). Compared as values (`minijinja::Value` equality), never
/// through their `Debug` text.
pub fn shared(site: &Site) -> Value {
    common(site, &Views::new(site))
}

/// What every page shows: the site's identity and footer; `base.html` writes the menu from the
/// `a_…` flags.
fn common(site: &Site, v: &Views) -> Value {
    let cfg = &site.config;
    let c = &site.content;
    let axes: Vec<Value> = cfg
        .axes
        .iter()
        .map(|a| {
            context! {
                id => a.id,
                numero => a.numero,
                titre => a.titre,
                resume => a.resume,
                url => v.url(&Route::Axe(&a.id).path()),
                nb_actions => c.actions.iter().filter(|x| x.axe.v == a.id).count(),
                objectifs => a.objectifs.iter().map(|o| context! { id => o.id, numero => o.numero, titre => o.titre }).collect::<Vec<_>>(),
            }
        })
        .collect();
    let etat = cfg.accessibilite.as_ref().map_or("non conforme", |a| a.etat.as_str());
    context! {
        titre => cfg.titre,
        territoire => cfg.territoire,
        description => cfg.description,
        url => cfg.url,
        base => cfg.base_path(),
        axes => axes,
        communes => cfg.communes.iter().map(|x| context! { code => x.code, nom => x.nom, url => v.url(&Route::Commune(&x.code).path()) }).collect::<Vec<_>>(),
        coordination => cfg.coordination.as_ref().map(|x| context! {
            nom => x.nom, courriel => x.courriel, telephone => x.telephone, adresse => x.adresse,
            telephone_lien => x.telephone.as_ref().map(|t| format!("tel:{}", crate::content::check::tel_href(t))),
        }),
        signataires => cfg.signataires.iter().map(|s| context! { nom => s.nom, sigle => s.sigle, site_web => s.site_web }).collect::<Vec<_>>(),
        periode => cfg.periode.map(|(d, f)| context! { debut => format::month(d), fin => format::month(f), debut_annee => d.format("%Y").to_string(), fin_annee => f.format("%Y").to_string() }),
        accessibilite_etat => etat,
        a_facile => !c.twins.is_empty(),
        a_actualites => !c.news.is_empty(),
        a_glossaire => !c.glossary.is_empty(),
        a_agenda => c.actions.iter().any(|a| !a.evenements.is_empty()),
        // Public holidays of this year and the next, for the « ouvert maintenant » script.
        feries => {
            use chrono::Datelike;
            let y = site.today.year();
            let days: Vec<String> = (y..=y + 1).flat_map(crate::hours::french_holidays).map(|d| d.to_string()).collect();
            serde_json::to_string(&days).unwrap_or_default()
        },
        a_contrat => !c.chapters.is_empty(),
        a_diagnostic => c.diagnostic.is_some(),
        liste_max => LIST_MAX,
    }
}

pub use crate::plan::LIST_MAX;

/// The shared views of the items `keep` selects, in the model's order (list pages reuse the
/// views built once per entity).
fn pick<T>(items: &[T], view: impl Fn(usize) -> Value, keep: impl Fn(&T) -> bool) -> Vec<Value> {
    items.iter().enumerate().filter(|(_, x)| keep(x)).map(|(i, _)| view(i)).collect()
}

/// The section of the site a page is in, for the menu: the first folder of its address, with
/// its slash (`actions/` for `actions/axes/axe-1/`), or the whole address when it has no folder
/// (empty for the home page, `404.html`).
fn rubrique(path: &str) -> &str {
    path.find('/').map_or(path, |end| &path[..=end])
}

/// A breadcrumb to a section of the site: `base.html` names it (`partiels/rubrique.html`).
fn section(v: &Views, route: Route) -> Value {
    let chemin = route.path();
    context! { url => v.url(&chemin), chemin => chemin }
}

fn crumb(titre: &str, url: String) -> Value {
    context! { titre => titre, url => url }
}

fn page_context(site: &Site, v: &Views, job: &Job, jobs: &[Job]) -> Value {
    let home = section(v, Route::Home);
    match job.kind {
        JobKind::Home => pages::home::home(site, v),
        JobKind::Chapters => pages::contract::chapters(site, v, home),
        JobKind::Chapter(i) => pages::contract::chapter(site, v, home, i),
        JobKind::Actions => pages::actions::actions(site, v, home),
        JobKind::Axe(i, k) => pages::actions::axe(site, v, home, i, k),
        JobKind::Action(i) => pages::actions::action(site, v, home, i),
        JobKind::Annuaire => pages::directory::annuaire(site, v, home),
        JobKind::Map => pages::directory::map_page(site, v, home),
        JobKind::Selection => context! { fil => vec![home, section(v, Route::Annuaire)] },
        JobKind::Service(i) => pages::directory::service(site, v, home, i),
        JobKind::Commune(i) => pages::directory::commune(site, v, home, i),
        JobKind::Topic(i, k) => pages::directory::topic(site, v, home, i, k),
        JobKind::Public(i, k) => pages::directory::public(site, v, home, i, k),
        JobKind::Structure(i) => pages::directory::structure(site, v, home, i),
        JobKind::Glossary => pages::site::glossary(site, v, home),
        JobKind::News => pages::news::news(site, v, home),
        JobKind::NewsItem(i) => pages::news::news_item(site, v, home, i),
        JobKind::Atom => pages::news::atom(site, v),
        JobKind::Page(i) => pages::site::page(site, v, home, i),
        JobKind::Twin(i) => pages::site::twin(site, v, home, i),
        JobKind::FalcIndex => pages::site::falc_index(site, v, home),
        JobKind::Diagnostic => pages::diagnostic::front(site, v, home),
        JobKind::DiagnosticChapter(i) => pages::diagnostic::chapter(site, v, home, i),
        JobKind::Indicators => pages::diagnostic::indicators(site, v, home),
        JobKind::Indicator(i) => pages::diagnostic::indicator(site, v, home, i),
        JobKind::Finding(i) => pages::diagnostic::finding(site, v, home, i),
        JobKind::DiagnosticFalc => pages::diagnostic::falc_page(site, v, home),
        JobKind::Accessibility => pages::site::accessibility(site, home),
        JobKind::SiteIndex => pages::site::site_index(site, v, home),
        JobKind::Search => search_page(site, v, home),
        JobKind::Agenda => embeds::agenda(site, v, home),
        JobKind::FollowUp => pages::follow::dashboard(site, v, home, None),
        JobKind::FollowUpBy(f) => pages::follow::dashboard(site, v, home, Some(f)),
        JobKind::Pilots(initial, k) => pages::follow::pilots_page(site, v, home, initial, k),
        JobKind::Late(k) => pages::follow::late_page(site, v, home, k),
        JobKind::Report(y) => pages::follow::report(site, v, home, y),
        JobKind::Embed => embeds::embed(site, v),
        JobKind::Integrate => embeds::integrate(site, v, home),
        JobKind::NotFound => context! {},
        JobKind::Sitemap => pages::site::sitemap(jobs, None),
        JobKind::SitemapPart(n) => pages::site::sitemap(jobs, Some(n)),
        JobKind::Robots => context! {},
    }
}

/// The search page: the index for the client, and for readers without JavaScript an A–Z of
/// schemes and acronyms and the listing pages.
fn search_page(site: &Site, v: &Views, home: Value) -> Value {
    let c = &site.content;
    let mut entries: Vec<(String, String, String, Option<String>)> = Vec::new();
    for s in &c.services {
        let sort = crate::slug::slugify(s.sigle.as_deref().unwrap_or(&s.titre));
        entries.push((sort, s.titre.clone(), v.url(&s.origin.path), s.sigle.clone()));
    }
    for t in c.glossary.iter().filter(|t| t.sigle.is_some()) {
        let sigle = t.sigle.as_ref().map(|s| s.v.clone()).unwrap_or_default();
        let target = t.voir.as_ref().and_then(|id| c.service(id)).map(|s| s.origin.path.clone());
        let url = v.url(&target.unwrap_or_else(|| Route::Term(&t.anchor()).path().into_owned()));
        entries.push((crate::slug::slugify(&sigle), t.nom.clone(), url, Some(sigle)));
    }
    entries.sort();
    entries.dedup_by(|a, b| a.0 == b.0 && a.2 == b.2);
    // Past a list's length, the index keeps the acronyms (what people type: PFIDASS, CMP);
    // the lists by commune, theme and public reach every service.
    if entries.len() > LIST_MAX {
        entries.retain(|e| e.3.is_some());
    }
    let mut lettres: Vec<(String, Vec<Value>)> = Vec::new();
    for (sort, titre, url, sigle) in entries {
        let first = sort.chars().next().map_or('#', |ch| ch.to_ascii_uppercase());
        let lettre = if first.is_ascii_digit() { "0-9".to_string() } else { first.to_string() };
        if lettres.last().is_none_or(|l| l.0 != lettre) {
            lettres.push((lettre.clone(), Vec::new()));
        }
        if let Some(l) = lettres.last_mut() {
            l.1.push(context! { titre, url, sigle });
        }
    }
    let used_theme = |code: &str| {
        c.services.iter().any(|s| s.thematiques.iter().any(|t| t == code))
            || c.actions.iter().any(|a| a.thematiques.iter().any(|t| t == code))
    };
    let used_public = |code: &str| c.services.iter().any(|s| s.publics.iter().any(|p| p == code));
    context! {
        index => v.url(&site.search),
        lettres => lettres.into_iter().map(|(lettre, entrees)| context! { lettre, entrees }).collect::<Vec<_>>(),
        thematiques => refs::thematiques().codes.iter().filter(|t| used_theme(&t.code)).map(|t| context! { libelle => t.libelle, url => v.url(&Route::Topic(&t.code).path()) }).collect::<Vec<_>>(),
        publics => refs::publics().codes.iter().filter(|p| used_public(&p.code)).map(|p| context! { libelle => p.libelle, url => v.url(&Route::Public(&p.code).path()) }).collect::<Vec<_>>(),
        fil => vec![home],
    }
}

fn original_title(site: &Site, path: &str) -> String {
    let c = &site.content;
    let pages = c.home.iter().chain(&c.chapters).chain(&c.news).chain(&c.pages).chain(&c.sections);
    let pages = pages.chain(c.diagnostic_chapters());
    pages
        .map(|p| (&p.origin.path, &p.titre))
        .chain(c.actions.iter().map(|a| (&a.origin.path, &a.titre)))
        .chain(c.services.iter().map(|s| (&s.origin.path, &s.titre)))
        .chain(c.structures.iter().map(|s| (&s.origin.path, &s.titre)))
        .find(|(p, _)| p.as_str() == path)
        .map(|(_, t)| if t.is_empty() { site.config.titre.clone() } else { t.clone() })
        .unwrap_or_default()
}

/// Axes with their objectives and the actions of each objective.
fn axes_with_actions(site: &Site, v: &Views) -> Vec<Value> {
    site.config
        .axes
        .iter()
        .map(|axe| axe_with_actions(v, axe, &crate::plan::parts::axe(&site.content, axe), None))
        .collect()
}

/// One axis with its objectives and the actions of each. The axis's actions are found in one
/// pass, then shared out among its objectives: an axis page does not read every fiche once per
/// objective of every axis.
///
/// `items` are the axis's actions objective by objective (`plan::parts::axe`). `part` is the
/// page of that list whose actions are shown: each
/// objective then has the actions of that page only, `nombre` its count on every page, `url`
/// the page where it starts and `suite` whether it started on an earlier one. `None` shows
/// them all (the list of every action).
fn axe_with_actions(v: &Views, axe: &crate::config::Axe, items: &[(usize, usize)], part: Option<usize>) -> Value {
    use crate::plan::parts::{self, PART_ITEMS};
    let shown = part.map_or(0..items.len(), |k| parts::window(k, items.len(), PART_ITEMS));
    let first = Route::Axe(&axe.id).path().into_owned();
    let objectifs: Vec<Value> = axe
        .objectifs
        .iter()
        .enumerate()
        .map(|(o, obj)| {
            let start = items.iter().position(|&(x, _)| x == o);
            let actions: Vec<Value> =
                items[shown.clone()].iter().filter(|&&(x, _)| x == o).map(|&(_, i)| v.action_at(i)).collect();
            let page = start.map_or(1, |p| p / PART_ITEMS + 1);
            let url = [v.url(&Route::Part(&first, page).path()).as_str(), "#objectif-", &obj.id].concat();
            context! {
                id => obj.id,
                numero => obj.numero,
                titre => obj.titre,
                actions => actions,
                nombre => items.iter().filter(|&&(x, _)| x == o).count(),
                url => url,
                suite => start.is_some_and(|p| p < shown.start),
            }
        })
        .collect();
    context! {
        id => axe.id,
        numero => axe.numero,
        titre => axe.titre,
        resume => axe.resume,
        url => v.url(&first),
        objectifs => objectifs,
        nb_actions => items.len(),
    }
}

/// The links between the pages of a long list (`plan::parts`): page `k` of `n`, whose first
/// page is at `first`, over `total` items. Templates show them when `nombre` is above 1.
fn pager(v: &Views, first: &str, k: usize, total: usize) -> Value {
    use crate::plan::parts::{self, PART_ITEMS};
    let n = parts::count(total, PART_ITEMS);
    let url = |i: usize| v.url(&Route::Part(first, i).path());
    let w = parts::window(k, total, PART_ITEMS);
    context! {
        numero => k,
        nombre => n,
        de => w.start + 1,
        a => w.end,
        total => total,
        precedente => (k > 1).then(|| url(k - 1)),
        suivante => (k < n).then(|| url(k + 1)),
        liens => (1..=n).map(|i| context! { numero => i, url => url(i), actif => i == k }).collect::<Vec<_>>(),
    }
}

#[cfg(test)]
mod tests {
    use super::{PARTIALS, PageContext, Partials, dedent, partial_cached, rubrique};
    use minijinja::{Environment, Value, context};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A partial that counts its renderings, called twice with one argument and once with another.
    fn twice_and_once(memo: Option<Value>) -> (String, usize) {
        let drawn = Arc::new(AtomicUsize::new(0));
        let mut env = Environment::new();
        let counter = Arc::clone(&drawn);
        env.add_function("dessin", move || counter.fetch_add(1, Ordering::SeqCst) + 1);
        env.add_function("partial_cached", partial_cached);
        env.add_template("p.html", "[{{ site.titre }} {{ x }} n°{{ dessin() }}]").unwrap();
        env.add_template(
            "page.html",
            "{{ partial_cached('p.html', x=1) }}{{ partial_cached('p.html', x=1) }}{{ partial_cached('p.html', x=2) }}",
        )
        .unwrap();
        let site = context! { titre => "CLS" };
        let ctx = match memo {
            Some(m) => context! { site => site, x => 9, _partials => m },
            None => context! { site => site, x => 9 },
        };
        assert_eq!(PARTIALS, "_partials", "le nom que le contexte donne aux partiels");
        (env.get_template("page.html").unwrap().render(ctx).unwrap(), drawn.load(Ordering::SeqCst))
    }

    /// A template reads the four shared names and the page's own values alike; a name that is
    /// neither stays undefined (the environment's rule for it applies), and `{% for %}` over the
    /// context sees every name once.
    #[test]
    fn a_page_context_has_the_shared_names_then_the_page_values() {
        let mut env = Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        env.add_template("t.txt", "{{ site.titre }}|{{ chemin }}|{{ rubrique }}|{{ titre }}|{{ _partials }}").unwrap();
        env.add_template("u.txt", "{{ inconnu }}").unwrap();
        let ctx = || {
            Value::from_object(PageContext {
                site: context! { titre => "CLS" },
                chemin: Value::from("/annuaire/pfidass/"),
                rubrique: Value::from("annuaire"),
                partials: Value::from(7),
                page: context! { titre => "PFIDASS", site => "cachée" },
            })
        };
        let html = env.get_template("t.txt").unwrap().render(ctx()).unwrap();
        assert_eq!(html, "CLS|/annuaire/pfidass/|annuaire|PFIDASS|7");
        let err = env.get_template("u.txt").unwrap().render(ctx()).unwrap_err();
        assert_eq!(err.kind(), minijinja::ErrorKind::UndefinedError);
        let mut keys: Vec<String> = ctx().try_iter().unwrap().map(|k| k.to_string()).collect();
        keys.sort();
        assert_eq!(keys, ["_partials", "chemin", "rubrique", "site", "site", "titre"]);
    }

    #[test]
    fn a_cached_partial_is_rendered_once_per_pass_and_arguments() {
        // It sees `site` and its own arguments (x=1, not the page's x=9).
        let (html, drawn) = twice_and_once(Some(Value::from_object(Partials::default())));
        assert_eq!(html, "[CLS 1 n°1][CLS 1 n°1][CLS 2 n°2]");
        assert_eq!(drawn, 2);
        // Outside a pass, each call renders it.
        let (html, drawn) = twice_and_once(None);
        assert_eq!(html, "[CLS 1 n°1][CLS 1 n°2][CLS 2 n°3]");
        assert_eq!(drawn, 3);
    }

    #[test]
    fn the_section_of_a_page_is_its_first_folder() {
        assert_eq!(rubrique(""), "");
        assert_eq!(rubrique("actions/"), "actions/");
        assert_eq!(rubrique("actions/axes/axe-1/page-2/"), "actions/");
        assert_eq!(rubrique("404.html"), "404.html");
    }

    #[test]
    fn indentation_goes_but_what_it_separates_stays_apart() {
        // A kept line break separates; the indentation after it goes.
        assert_eq!(dedent("<ul>\n  <li>a</li>\n\t<li>b</li>\n</ul>\n"), "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n");
        // `trim_blocks` eats the line break after a tag or a comment: one space stays.
        assert_eq!(
            dedent("Du {{ a }}{% if b %}\n    au {{ b }}{% endif %}\n"),
            "Du {{ a }}{% if b %}\n au {{ b }}{% endif %}\n"
        );
        assert_eq!(dedent("x{# note #}\n  y\n"), "x{# note #}\n y\n");
        // A blank line stays blank.
        assert_eq!(dedent("{% if a %}\n   \n  b\n"), "{% if a %}\n\nb\n");
    }

    #[test]
    fn counts_are_written_as_french_writes_them() {
        let t = "{{ 15640|nombre }} {{ 3|nombre }} {{ 1234.5|nombre }} {{ [1, 2]|length|nombre }}";
        let theme =
            super::Theme { templates: [("t.html".to_string(), t.to_string())].into(), assets: Default::default() };
        let env = super::environment(&theme, "defaut", "/", "https://x.org/", &mut Vec::new());
        let out = env.get_template("t.html").unwrap().render(()).unwrap();
        assert_eq!(out, "15\u{202F}640 3 1\u{202F}234,5 2");
    }

    #[test]
    fn preformatted_text_keeps_its_spaces() {
        let pre = "<div>\n  <pre class=\"code\"><code>a\n    b\n  c</code></pre>\n  <p>d</p>\n</div>\n";
        assert_eq!(dedent(pre), "<div>\n<pre class=\"code\"><code>a\n    b\n  c</code></pre>\n<p>d</p>\n</div>\n");
        let area = "  <TEXTAREA>\n  x\n  </textarea>\n  y\n";
        assert_eq!(dedent(area), "<TEXTAREA>\n  x\n  </textarea>\ny\n");
        // Opened and closed on one line: the next line is not preformatted.
        assert_eq!(dedent("<pre>a</pre>\n  b\n"), "<pre>a</pre>\nb\n");
    }

    #[test]
    fn the_pages_render_the_same_text_without_indentation() {
        let src = "<p>\n  {% for x in xs %}\n    <a>{{ x }}</a>{% if not loop.last %},{% endif %}\n  {% endfor %}\n  fin\n</p>\n";
        let render = |s: &str| {
            let mut env = minijinja::Environment::new();
            env.set_trim_blocks(true);
            env.set_lstrip_blocks(true);
            env.add_template_owned("t.html", s.to_string()).unwrap();
            env.get_template("t.html").unwrap().render(minijinja::context! { xs => ["a", "b"] }).unwrap()
        };
        let collapse = |s: String| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let (before, after) = (render(src), render(&dedent(src)));
        assert!(after.len() < before.len(), "{after:?}");
        assert_eq!(collapse(before), collapse(after));
    }
}
