//! The contract: its table of contents and its chapters.

use super::super::*;

pub(in crate::render) fn chapters(site: &Site, v: &Views, home: Value) -> Value {
    let c = &site.content;
    context! {
        page => c.section("contrat").map(|p| v.page(p)),
        chapitres => c.chapters.iter().map(|p| v.page(p)).collect::<Vec<_>>(),
        fil => vec![home],
    }
}

pub(in crate::render) fn chapter(site: &Site, v: &Views, home: Value, i: usize) -> Value {
    let c = &site.content;
    let p = &c.chapters[i];
    context! {
        page => v.page(p),
        precedent => i.checked_sub(1).map(|j| v.page(&c.chapters[j])),
        suivant => c.chapters.get(i + 1).map(|x| v.page(x)),
        facile_url => v.twin_url(&p.origin.path),
        fil => vec![home, section(v, Route::Chapters)],
    }
}
