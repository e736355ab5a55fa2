//! News: the list, each item, the Atom feed.

use super::super::*;

pub(in crate::render) fn news(site: &Site, v: &Views, home: Value) -> Value {
    let c = &site.content;
    context! {
        page => c.section("actualites").map(|p| v.page(p)),
        actualites => c.news.iter().map(|p| v.page(p)).collect::<Vec<_>>(),
        fil => vec![home],
    }
}

pub(in crate::render) fn news_item(site: &Site, v: &Views, home: Value, i: usize) -> Value {
    let c = &site.content;
    let p = &c.news[i];
    context! { page => v.page(p), facile_url => v.twin_url(&p.origin.path), fil => vec![home, section(v, Route::News)] }
}

pub(in crate::render) fn atom(site: &Site, v: &Views) -> Value {
    let c = &site.content;
    let cfg = &site.config;
    let updated = c.news.iter().filter_map(|p| p.date).max();
    context! {
        actualites => c.news.iter().map(|p| v.page(p)).collect::<Vec<_>>(),
        mis_a_jour => updated.map(|d| d.to_string()).or_else(|| cfg.periode.map(|(d, _)| d.to_string())).unwrap_or_else(|| "2000-01-01".into()),
    }
}
