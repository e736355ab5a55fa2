//! The shared diagnostic: its front page, indicators, findings, chapters and easy-to-read page.

use super::super::*;
use crate::content::profile::{Finding, Indicator, Profile, compare};
use crate::referentiels::{Echelle, Portrait};

fn profile(site: &Site) -> &Profile {
    // Jobs of the diagnostic are planned only when it exists.
    static EMPTY: std::sync::LazyLock<Profile> = std::sync::LazyLock::new(Profile::default);
    site.content.diagnostic.as_ref().unwrap_or(&EMPTY)
}

fn crumbs(v: &Views, home: Value) -> Vec<Value> {
    vec![home, crumb("Diagnostic", v.url(&Route::Diagnostic.path()))]
}

/// An indicator as lists and key figures show it: its latest value and how it compares.
pub(in crate::render) fn indicator_summary(v: &Views, ind: &Indicator) -> Value {
    let s = compare::summary(ind);
    let phrases: Vec<String> = s.comparisons.iter().map(|c| compare::sentence(ind, c)).collect();
    // The key figure says the region's comparison, or else the first there is.
    let principale = s
        .comparisons
        .iter()
        .find(|c| c.reference.echelle == Echelle::Region)
        .or(s.comparisons.first())
        .map(|c| compare::sentence(ind, c));
    context! {
        id => ind.id,
        libelle => ind.libelle,
        url => v.url(&ind.origin.path),
        unite => compare::unit(&ind.unite),
        valeur => s.subject.map(|x| compare::show(ind, x)),
        secret => s.subject.is_some_and(|x| x.secret),
        periode => s.subject.map(|x| x.periode.text()),
        echelle => s.subject.map(|_| if s.scale == Echelle::Territoire { "Territoire" } else { "Département" }),
        verdict => s.comparisons.iter().find(|c| c.reference.echelle == Echelle::Region).or(s.comparisons.first()).and_then(|c| c.verdict).map(|v| match v {
            compare::Verdict::Favourable => "favorable",
            compare::Verdict::Unfavourable => "defavorable",
        }),
        phrases => phrases,
        principale => principale,
        sans_comparaison => compare::no_comparison(&s),
    }
}

/// The actions that answer a finding, in the contract's order.
fn answers(site: &Site, v: &Views, f: &Finding) -> Vec<Value> {
    let c = &site.content;
    pick(&c.actions, |i| v.action_at(i), |a| a.constats.iter().any(|x| x.v == f.id.v))
}

fn finding_view(site: &Site, v: &Views, f: &Finding) -> Value {
    let p = profile(site);
    let indicateurs: Vec<Value> =
        f.indicateurs.iter().filter_map(|id| p.indicator(id)).map(|i| indicator_summary(v, i)).collect();
    context! {
        id => f.id.v,
        titre => f.titre,
        url => v.url(&f.origin.path),
        portrait => f.portrait.map(Portrait::label),
        texte => f.texte.as_ref().map(|_| v.html(&f.origin.path)),
        indicateurs => indicateurs,
        paroles => f.paroles,
        actions => answers(site, v, f),
    }
}

fn portraits<T>(items: &[T], of: impl Fn(&T) -> Option<Portrait>, view: impl Fn(&T) -> Value) -> Vec<Value> {
    let mut out: Vec<Value> = Portrait::ALL
        .iter()
        .filter_map(|p| {
            let mine: Vec<Value> = items.iter().filter(|x| of(x) == Some(*p)).map(&view).collect();
            (!mine.is_empty()).then(|| context! { code => p.code(), libelle => p.label(), items => mine })
        })
        .collect();
    let other: Vec<Value> = items.iter().filter(|x| of(x).is_none()).map(view).collect();
    if !other.is_empty() {
        out.push(context! { code => "autres", libelle => "Autres constats", items => other });
    }
    out
}

pub(in crate::render) fn key_figures(site: &Site, v: &Views) -> Vec<Value> {
    let p = profile(site);
    p.chiffres_cles.iter().filter_map(|id| p.indicator(id)).map(|i| indicator_summary(v, i)).collect()
}

/// The findings that no fiche answers (the front page and the dashboard list them).
pub(in crate::render) fn unanswered(site: &Site, v: &Views) -> Vec<Value> {
    let c = &site.content;
    let Some(p) = &c.diagnostic else { return Vec::new() };
    p.findings
        .iter()
        .filter(|f| !c.actions.iter().any(|a| a.constats.iter().any(|x| x.v == f.id.v)))
        .map(|f| context! { titre => f.titre, url => v.url(&f.origin.path) })
        .collect()
}

pub(in crate::render) fn front(site: &Site, v: &Views, home: Value) -> Value {
    let c = &site.content;
    let p = profile(site);
    context! {
        page => c.section("diagnostic").map(|x| v.page(x)),
        auteur => p.auteur,
        date => p.date.map(|d| context! { iso => d.to_string(), texte => format::date(d) }),
        chiffres => key_figures(site, v),
        chapitres => p.chapters.iter().map(|x| v.page(x)).collect::<Vec<_>>(),
        portraits => portraits(&p.findings, |f| f.portrait, |f| finding_view(site, v, f)),
        sans_action => unanswered(site, v),
        nb_indicateurs => p.indicators.len(),
        indicateurs_url => v.url(&Route::Indicators.path()),
        facile_url => v.url(&Route::Twin(&Route::Diagnostic.path()).path()),
        fil => vec![home],
    }
}

pub(in crate::render) fn chapter(site: &Site, v: &Views, home: Value, i: usize) -> Value {
    let p = profile(site);
    let page = &p.chapters[i];
    context! {
        page => v.page(page),
        precedent => i.checked_sub(1).map(|j| v.page(&p.chapters[j])),
        suivant => p.chapters.get(i + 1).map(|x| v.page(x)),
        facile_url => v.twin_url(&page.origin.path),
        fil => crumbs(v, home),
    }
}

pub(in crate::render) fn indicators(site: &Site, v: &Views, home: Value) -> Value {
    let p = profile(site);
    context! {
        portraits => portraits(&p.indicators, |i| Some(i.portrait), |i| indicator_summary(v, i)),
        donnees_url => v.url(&Route::Data("diagnostic.csv").path()),
        fil => crumbs(v, home),
    }
}

/// One row of an indicator's table of numbers.
fn value_row(ind: &Indicator, x: &crate::content::profile::Value) -> Value {
    context! {
        lieu => compare::place_name(x),
        echelle => x.echelle.label(),
        periode => x.periode.text(),
        valeur => x.valeur,
        texte => compare::show(ind, x),
        secret => x.secret,
        ic => x.ic.map(|(a, b)| format!("{} à {}", crate::text::number(a), crate::text::number(b))),
        effectif => x.effectif.map(crate::text::number),
        note => x.note,
    }
}

pub(in crate::render) fn indicator(site: &Site, v: &Views, home: Value, i: usize) -> Value {
    let c = &site.content;
    let p = profile(site);
    let ind = &p.indicators[i];
    let s = compare::summary(ind);
    // The latest period of each place: the comparison table.
    let mut latest: Vec<Value> = Vec::new();
    for scale in [Echelle::Territoire, Echelle::Departement, Echelle::Region, Echelle::France] {
        if let Some(x) = compare::latest(ind, scale) {
            latest.push(value_row(ind, x));
        }
    }
    // Every period of the territory (or the department) and of its references: the trend.
    let series_of = |scale: Echelle, code: &'static str| -> Option<figures::Series<'_>> {
        let first = ind.of(scale).next()?.code.clone();
        let points: Vec<_> = ind.of(scale).filter(|x| x.code == first).collect();
        let libelle = points.first().map(|x| compare::place_name(x)).unwrap_or_default();
        Some(figures::Series { libelle, code, points })
    };
    let mut series = Vec::new();
    series.extend(series_of(s.scale, "principale"));
    for (scale, code) in
        [(Echelle::Departement, "departement"), (Echelle::Region, "region"), (Echelle::France, "france")]
    {
        if scale != s.scale
            && let Some(x) = series_of(scale, code).filter(|x| x.points.len() > 1)
        {
            series.push(x);
        }
    }
    let tendance = figures::trend(&series);
    let evolution: Vec<Value> = if tendance.is_some() {
        series.iter().flat_map(|x| x.points.iter().map(|pt| value_row(ind, pt))).collect()
    } else {
        Vec::new()
    };
    // Communes, highest first; withheld ones last, said as such.
    let mut communes: Vec<&crate::content::profile::Value> = Vec::new();
    if let Some(last) = ind.of(Echelle::Commune).map(|x| x.periode).max() {
        communes.extend(ind.of(Echelle::Commune).filter(|x| x.periode == last));
    }
    communes.sort_by(|a, b| {
        b.valeur
            .unwrap_or(f64::NEG_INFINITY)
            .total_cmp(&a.valeur.unwrap_or(f64::NEG_INFINITY))
            .then(a.code.cmp(&b.code))
    });
    let name_of = |code: &str| site.config.commune(code).map_or(code.to_string(), |x| x.nom.clone());
    let known: Vec<f64> = communes.iter().filter_map(|x| x.valeur).collect();
    let classes = figures::classes(&known);
    let shaded_values: Vec<(String, Option<f64>, String)> = communes
        .iter()
        .filter_map(|x| {
            Some((x.code.clone()?, x.valeur, format!("{} : {}", name_of(x.code.as_deref()?), compare::show(ind, x))))
        })
        .collect();
    let carte = figures::shaded(c.territoire.as_ref(), &shaded_values, &classes);
    let legende: Vec<Value> = classes
        .iter()
        .enumerate()
        .map(|(k, (lo, hi))| {
            let n = |x: f64| compare::show_number(ind, x);
            context! { classe => k, texte => if lo == hi { n(*lo) } else { format!("de {} à {}", n(*lo), n(*hi)) } }
        })
        .collect();
    let commune_rows: Vec<Value> = communes
        .iter()
        .map(|x| {
            let code = x.code.clone().unwrap_or_default();
            context! {
                nom => x.nom.clone().unwrap_or_else(|| name_of(&code)),
                url => v.url(&Route::Commune(&code).path()),
                classe => x.valeur.map(|val| figures::class_of(&classes, val)),
                ..value_row(ind, x)
            }
        })
        .collect();
    let findings: Vec<Value> = p
        .findings
        .iter()
        .filter(|f| f.indicateurs.iter().any(|x| x.v == ind.id))
        .map(|f| context! { titre => f.titre, url => v.url(&f.origin.path) })
        .collect();
    let suivi: Vec<Value> = c
        .actions
        .iter()
        .enumerate()
        .flat_map(|(k, a)| {
            a.indicateurs
                .iter()
                .filter(|x| x.indicateur_diagnostic.as_ref().is_some_and(|d| d.v == ind.id))
                .map(move |x| (k, x))
        })
        .map(|(k, x)| context! { action => v.action_at(k), libelle => x.libelle, cible => x.cible.map(|n| compare::show_number(ind, n)) })
        .collect();
    let thematique = ind.thematique.as_deref().and_then(|t| refs::thematiques().get(t)).map(|t| t.libelle.clone());
    context! {
        indicateur => indicator_summary(v, ind),
        portrait => ind.portrait.label(),
        definition => ind.definition,
        source => ind.source,
        url_source => ind.url_source,
        thematique => thematique,
        sens => match ind.sens {
            crate::referentiels::Sens::HausseFavorable => "Plus ce chiffre est élevé, mieux c'est.",
            crate::referentiels::Sens::HausseDefavorable => "Plus ce chiffre est élevé, moins c'est favorable.",
            crate::referentiels::Sens::Neutre => "Ce chiffre décrit le territoire : ni plus ni moins n'est favorable en soi.",
        },
        valeurs => latest,
        points => figures::dots(ind),
        sujet => if s.scale == Echelle::Territoire { "du territoire" } else { "du département" },
        tendance => tendance,
        evolution => evolution,
        communes => commune_rows,
        communes_secret => communes.iter().filter(|x| x.secret).count(),
        carte => carte,
        legende => legende,
        constats => findings,
        suivi => suivi,
        csv_url => v.url(&Route::IndicatorData(&ind.id).path()),
        facile => compare::falc(ind),
        fil => vec![home.clone(), crumb("Diagnostic", v.url(&Route::Diagnostic.path())), crumb("Les indicateurs", v.url(&Route::Indicators.path()))],
    }
}

pub(in crate::render) fn finding(site: &Site, v: &Views, home: Value, i: usize) -> Value {
    let p = profile(site);
    context! {
        constat => finding_view(site, v, &p.findings[i]),
        fil => crumbs(v, home),
    }
}

/// The easy-to-read page: the key figures in words and natural frequencies, then each finding
/// with the figures behind it and what the contract does about it. Indicators that neither the
/// key figures nor a finding name stay on the full pages: a long list is not easy to read. A
/// twin of the introduction opens the page.
pub(in crate::render) fn falc_page(site: &Site, v: &Views, home: Value) -> Value {
    let c = &site.content;
    let p = profile(site);
    let twin = c.twin_of(&Route::Diagnostic.path());
    let view = |i: &Indicator| {
        context! {
            libelle => i.libelle_falc.as_deref().unwrap_or(&i.libelle),
            url => v.url(&i.origin.path),
            phrases => compare::falc(i),
        }
    };
    let said = |ids: &mut dyn Iterator<Item = &str>| -> Vec<Value> {
        ids.filter_map(|id| p.indicator(id)).filter(|i| !compare::falc(i).is_empty()).map(view).collect()
    };
    let chiffres = said(&mut p.chiffres_cles.iter().map(|x| x.v.as_str()));
    let constats: Vec<Value> = p
        .findings
        .iter()
        .map(|f| {
            let actions = answers(site, v, f);
            context! {
                titre => f.titre,
                url => v.url(&f.origin.path),
                chiffres => said(&mut f.indicateurs.iter().map(|x| x.v.as_str())),
                nb_actions => actions.len(),
                actions => actions.into_iter().take(5).collect::<Vec<_>>(),
            }
        })
        .collect();
    context! {
        texte => twin.map(|t| v.html(&t.origin.path)),
        titre => twin.and_then(|t| t.titre.clone()),
        logo => twin.is_some_and(|t| t.logo_allowed()),
        chiffres => chiffres,
        constats => constats,
        original_url => v.url(&Route::Diagnostic.path()),
        fil => crumbs(v, home),
    }
}
