//! Long lists cut into numbered pages.
//!
//! The pages of a public, a theme, an axis and the actions without a recent assessment list
//! items that grow with the whole site: at 50 000 pages a public's page listed 10 000 lines
//! (1.7 MB), more than an old phone opens or a person reads. Past [`PART_ITEMS`] items such a
//! page is followed by `page-2/`, `page-3/`… ([`crate::route::Route::Part`]), each linked from
//! every other, so every item stays reachable without JavaScript.
//!
//! What each of these pages lists, and in which order, is defined here once: the plan counts
//! it to know how many pages to make, the preview reads it to know what a page shows, and
//! `render` cuts it.

use crate::config::{Axe, Config};
use crate::content::Content;
use crate::content::query;
use std::ops::Range;

/// The most items one page of a long list holds. At about 170 bytes a line, a part stays near
/// 90 KB of list, under the 500 KB that the budget allows the largest page at 10 000 pages.
pub const PART_ITEMS: usize = 500;

/// How many pages a list of `n` items takes, `per` a page: one, even for an empty list (its
/// page says that nothing is listed yet).
pub fn count(n: usize, per: usize) -> usize {
    n.div_ceil(per).max(1)
}

/// The items of page `k` (from 1) of a list of `n`, `per` a page.
pub fn window(k: usize, n: usize, per: usize) -> Range<usize> {
    let start = (k.max(1) - 1).saturating_mul(per).min(n);
    start..(start + per).min(n)
}

/// The part of `window` that falls in each of two lists read one after the other (services,
/// then actions), as ranges of each.
pub fn split(window: &Range<usize>, first: usize) -> (Range<usize>, Range<usize>) {
    let a = window.start.min(first)..window.end.min(first);
    let b = window.start.max(first) - first..window.end.max(first) - first;
    (a, b)
}

/// What the page of a public or a theme lists: its services, then the contract's actions
/// (indexes into the model, in its order).
#[derive(Debug, Default)]
pub struct Listing {
    pub services: Vec<usize>,
    pub actions: Vec<usize>,
}

impl Listing {
    pub fn len(&self) -> usize {
        self.services.len() + self.actions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The services and actions for a public (a code of the `publics` list); the services open to
/// all are listed on every public's page.
pub fn public(c: &Content, code: &str) -> Listing {
    Listing {
        services: indexes(&c.services, |s| query::service_shows_public(s, code)),
        actions: indexes(&c.actions, |a| a.publics.iter().any(|p| p == code)),
    }
}

/// The services and actions of a theme (a code of the `thematiques` list).
pub fn topic(c: &Content, code: &str) -> Listing {
    Listing {
        services: indexes(&c.services, |s| query::service_shows_theme(s, code)),
        actions: indexes(&c.actions, |a| a.thematiques.iter().any(|t| t == code)),
    }
}

/// The actions of an axis, objective by objective: (objective, action) indexes, in the order
/// of the objectives, then of the model.
pub fn axe(c: &Content, axe: &Axe) -> Vec<(usize, usize)> {
    let mine = indexes(&c.actions, |a| a.axe.v == axe.id);
    axe.objectifs
        .iter()
        .enumerate()
        .flat_map(|(o, obj)| mine.iter().filter(move |&&i| c.actions[i].objectif.v == obj.id).map(move |&i| (o, i)))
        .collect()
}

/// The actions under way without an assessment for `bilan_mois` months on `today`, axis by
/// axis: (axis, action) indexes.
pub fn late(cfg: &Config, c: &Content, today: chrono::NaiveDate) -> Vec<(usize, usize)> {
    let late = indexes(&c.actions, |a| crate::content::follow::overdue(a, cfg.bilan_mois, today).is_some());
    cfg.axes
        .iter()
        .enumerate()
        .flat_map(|(x, axe)| late.iter().filter(move |&&i| c.actions[i].axe.v == axe.id).map(move |&i| (x, i)))
        .collect()
}

fn indexes<T>(items: &[T], keep: impl Fn(&T) -> bool) -> Vec<usize> {
    items.iter().enumerate().filter(|(_, x)| keep(x)).map(|(i, _)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_takes_as_many_pages_as_it_needs_and_never_none() {
        assert_eq!(count(0, 500), 1);
        assert_eq!(count(1, 500), 1);
        assert_eq!(count(500, 500), 1);
        assert_eq!(count(501, 500), 2);
        assert_eq!(count(1500, 500), 3);
    }

    #[test]
    fn the_pages_of_a_list_hold_each_item_once_in_order() {
        for n in [0, 1, 7, 499, 500, 501, 1234] {
            let per = 500;
            let all: Vec<usize> = (1..=count(n, per)).flat_map(|k| window(k, n, per)).collect();
            assert_eq!(all, (0..n).collect::<Vec<_>>(), "{n} items");
        }
        assert_eq!(window(3, 1234, 500), 1000..1234);
        // Past the end, an empty page rather than a panic.
        assert_eq!(window(9, 10, 5), 10..10);
    }

    #[test]
    fn a_window_over_two_lists_falls_in_each_where_it_should() {
        // 7 services then 5 actions, 4 a page.
        assert_eq!(split(&(0..4), 7), (0..4, 0..0));
        assert_eq!(split(&(4..8), 7), (4..7, 0..1));
        assert_eq!(split(&(8..12), 7), (7..7, 1..5));
        // No services at all.
        assert_eq!(split(&(0..3), 0), (0..0, 0..3));
    }
}
