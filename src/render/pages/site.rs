//! Pages about the site: glossary, easy-to-read index and twins, other pages, accessibility statement, site map, sitemap.xml.

use super::super::*;

pub(in crate::render) fn glossary(site: &Site, v: &Views, home: Value) -> Value {
    let c = &site.content;
    let termes: Vec<Value> = c.glossary.iter().map(|t| v.term(t)).collect();
    let mut lettres: Vec<String> = c
        .glossary
        .iter()
        .filter_map(|t| crate::content::glossary::sort_key(t.sigle.as_ref().map_or(&t.nom, |s| &s.v)).chars().next())
        .map(|ch| ch.to_ascii_uppercase().to_string())
        .collect();
    lettres.dedup();
    context! { termes => termes, lettres => lettres, fil => vec![home] }
}

pub(in crate::render) fn page(site: &Site, v: &Views, home: Value, i: usize) -> Value {
    let c = &site.content;
    let p = &c.pages[i];
    context! { page => v.page(p), facile_url => v.twin_url(&p.origin.path), fil => vec![home] }
}

pub(in crate::render) fn twin(site: &Site, v: &Views, home: Value, i: usize) -> Value {
    let c = &site.content;
    let t = &c.twins[i];
    let title = original_title(site, &t.of);
    context! { page => v.twin(t, &title), fil => vec![home, section(v, Route::FalcIndex)] }
}

pub(in crate::render) fn falc_index(site: &Site, v: &Views, home: Value) -> Value {
    let c = &site.content;
    let cfg = &site.config;
    let home_twin = c.twin_of("");
    let pages: Vec<Value> = c
        .twins
        .iter()
        .filter(|t| !t.of.is_empty())
        .map(|t| {
            context! {
                titre => t.titre.clone().unwrap_or_else(|| original_title(site, &t.of)),
                url => v.url(&t.origin.path),
                logo => t.logo_allowed(),
                picto => v.themes_of(&t.of).first().cloned(),
            }
        })
        .collect();
    context! {
        page => home_twin.map(|t| v.twin(t, &cfg.titre)),
        pages => pages,
        original_url => v.url(&Route::Home.path()),
        fil => vec![home],
    }
}

pub(in crate::render) fn accessibility(site: &Site, home: Value) -> Value {
    let cfg = &site.config;
    let a = cfg.accessibilite.as_ref();
    context! {
        etat => a.map_or("non conforme", |a| a.etat.as_str()),
        date => a.and_then(|a| a.date).map(format::date),
        contact => a.and_then(|a| a.contact.clone()).or_else(|| cfg.coordination.as_ref().and_then(|c| c.courriel.clone())),
        taux => a.and_then(|a| a.taux).map(format::number),
        non_conformites => a.map(|a| a.non_conformites.clone()).unwrap_or_default(),
        derogations => a.map(|a| a.derogations.clone()).unwrap_or_default(),
        hors_champ => a.map(|a| a.hors_champ.clone()).unwrap_or_default(),
        audit => a.is_some_and(|a| a.date.is_some()),
        fil => vec![home],
    }
}

pub(in crate::render) fn site_index(site: &Site, v: &Views, home: Value) -> Value {
    let c = &site.content;
    context! {
        chapitres => c.chapters.iter().map(|p| v.page(p)).collect::<Vec<_>>(),
        axes => axes_with_actions(site, v),
        nb_actions => c.actions.len(),
        services => v.all_services(),
        structures => c.structures.iter().map(|s| context! { titre => s.titre, url => v.url(&s.origin.path) }).collect::<Vec<_>>(),
        actualites => c.news.iter().map(|p| v.page(p)).collect::<Vec<_>>(),
        pages => c.pages.iter().map(|p| v.page(p)).collect::<Vec<_>>(),
        thematiques => refs::thematiques().codes.iter().map(|t| context! { libelle => t.libelle, url => v.url(&Route::Topic(&t.code).path()) }).collect::<Vec<_>>(),
        diagnostic => c.diagnostic.as_ref().map(|d| context! {
            chapitres => d.chapters.iter().map(|p| v.page(p)).collect::<Vec<_>>(),
            indicateurs => d.indicators.iter().map(|i| context! { libelle => i.libelle, url => v.url(&i.origin.path) }).collect::<Vec<_>>(),
            constats => d.findings.iter().map(|f| context! { titre => f.titre, url => v.url(&f.origin.path) }).collect::<Vec<_>>(),
        }),
        fil => vec![home],
    }
}

/// `sitemap.xml`, or one of its parts: the pages, or for the index of a long sitemap its parts.
pub(in crate::render) fn sitemap(jobs: &[Job], part: Option<usize>) -> Value {
    sitemap_with(jobs, part, crate::plan::SITEMAP_URLS)
}

fn sitemap_with(jobs: &[Job], part: Option<usize>, max: usize) -> Value {
    let pages = jobs.iter().filter(|j| j.is_page()).map(|j| j.path.as_str());
    let parts: Vec<&str> =
        jobs.iter().filter(|j| matches!(j.kind, JobKind::SitemapPart(_))).map(|j| j.path.as_str()).collect();
    match part {
        Some(n) => context! { adresses => pages.skip((n - 1) * max).take(max).collect::<Vec<_>>() },
        None if parts.is_empty() => context! { adresses => pages.collect::<Vec<_>>() },
        None => context! { parties => parts },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locs(xml: &str) -> Vec<&str> {
        xml.split("<loc>").skip(1).filter_map(|s| s.split("</loc>").next()).collect()
    }

    /// A long sitemap, cut at 3 addresses instead of 50 000: each part holds at most 3, together
    /// they hold every page once and in order, and `sitemap.xml` lists the parts.
    #[test]
    fn a_long_sitemap_is_cut_into_parts_that_an_index_lists() {
        let job = |path: String, template, kind| Job { path, template, kind };
        let mut jobs: Vec<Job> = (0..7).map(|i| job(format!("p{i}/"), "page.html", JobKind::Page(i))).collect();
        jobs.push(job("404.html".into(), "404.html", JobKind::NotFound));
        jobs.extend((1..=3).map(|n| job(format!("sitemap-{n}.xml"), "sitemap.xml", JobKind::SitemapPart(n))));
        let theme = Theme::load(std::path::Path::new("/nonexistent"), "defaut", &mut Vec::new());
        let env = crate::render::environment(&theme, "defaut", "/cls/", "https://x.org/cls/", &mut Vec::new());
        let render =
            |tpl: &str, jobs: &[Job], part| env.get_template(tpl).unwrap().render(sitemap_with(jobs, part, 3)).unwrap();
        let parts: Vec<String> = (1..=3).map(|n| render("sitemap.xml", &jobs, Some(n))).collect();
        let sizes: Vec<usize> = parts.iter().map(|p| locs(p).len()).collect();
        assert_eq!(sizes, [3, 3, 1]);
        let all: Vec<&str> = parts.iter().flat_map(|p| locs(p)).collect();
        let want: Vec<String> = (0..7).map(|i| format!("https://x.org/cls/p{i}/")).collect();
        assert_eq!(all, want);
        assert!(parts.iter().all(|p| p.contains("<urlset") && !p.contains("404")));
        let index = render("sitemap-index.xml", &jobs, None);
        assert!(index.contains("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"), "{index}");
        assert_eq!(
            locs(&index),
            ["https://x.org/cls/sitemap-1.xml", "https://x.org/cls/sitemap-2.xml", "https://x.org/cls/sitemap-3.xml"]
        );
        // Without parts, one file holds every page.
        jobs.retain(|j| !matches!(j.kind, JobKind::SitemapPart(_)));
        assert_eq!(locs(&render("sitemap.xml", &jobs, None)).len(), 7);
    }
}
