//! How a diagnostic value compares with the department, the region and France (content model,
//! section 9), and how the pages and the easy-to-read version say it.
//!
//! The rules: the territory's latest value is compared with each reference of the same period,
//! or else of the nearest earlier one; with no territory value, the department is compared with
//! the region and France. A confidence interval that contains the reference makes the
//! difference « non significative », and then no direction is claimed. The words always come
//! from the exact numbers, never from rounded ones, so rounding cannot turn a comparison round.

use super::{Indicator, Value};
use crate::referentiels::{Echelle, Sens};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    Higher,
    Lower,
    Equal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Favourable,
    Unfavourable,
}

/// The value compared with one reference.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison<'a> {
    pub subject: &'a Value,
    pub reference: &'a Value,
    pub position: Position,
    /// False when the subject's confidence interval contains the reference.
    pub significant: bool,
    /// Only for a significant difference of an indicator that has a direction.
    pub verdict: Option<Verdict>,
}

impl Comparison<'_> {
    pub fn same_period(&self) -> bool {
        self.subject.periode == self.reference.periode
    }
}

/// What an indicator's page says first.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary<'a> {
    /// The territory (or, without it, the department).
    pub scale: Echelle,
    /// Its latest value, withheld or not; `None` when the indicator has no value of either.
    pub subject: Option<&'a Value>,
    pub comparisons: Vec<Comparison<'a>>,
    /// References that have no value for the subject's period or before.
    pub missing: Vec<Echelle>,
}

/// The latest value of a scale (the first place code when there are several).
pub fn latest(ind: &Indicator, scale: Echelle) -> Option<&Value> {
    let first_code = ind.of(scale).next().map(|v| v.code.clone())?;
    ind.of(scale).filter(|v| v.code == first_code).max_by_key(|v| v.periode)
}

pub fn summary(ind: &Indicator) -> Summary<'_> {
    let (scale, subject) = match latest(ind, Echelle::Territoire) {
        Some(v) => (Echelle::Territoire, Some(v)),
        None => (Echelle::Departement, latest(ind, Echelle::Departement)),
    };
    let references: &[Echelle] = match scale {
        Echelle::Territoire => &[Echelle::Departement, Echelle::Region, Echelle::France],
        _ => &[Echelle::Region, Echelle::France],
    };
    let mut out = Summary { scale, subject, comparisons: Vec::new(), missing: Vec::new() };
    let Some(subject) = subject.filter(|s| s.valeur.is_some()) else {
        return out;
    };
    for &r in references {
        match reference(ind, r, subject) {
            Some(reference) => out.comparisons.push(compare(ind.sens, subject, reference)),
            None if ind.of(r).next().is_some() => out.missing.push(r),
            None => {}
        }
    }
    out
}

/// The reference value of the subject's period, or else of the nearest earlier one.
fn reference<'a>(ind: &'a Indicator, scale: Echelle, subject: &Value) -> Option<&'a Value> {
    let first_code = ind.of(scale).find(|v| v.valeur.is_some()).map(|v| v.code.clone())?;
    let candidates = ind.of(scale).filter(|v| v.code == first_code && v.valeur.is_some());
    candidates
        .filter(|v| v.periode.end <= subject.periode.end)
        .max_by_key(|v| (v.periode == subject.periode, v.periode))
}

pub fn compare<'a>(sens: Sens, subject: &'a Value, reference: &'a Value) -> Comparison<'a> {
    let (a, b) = (subject.valeur.unwrap_or(f64::NAN), reference.valeur.unwrap_or(f64::NAN));
    let position = if a > b {
        Position::Higher
    } else if a < b {
        Position::Lower
    } else {
        Position::Equal
    };
    let significant = subject.ic.is_none_or(|(lo, hi)| !(lo <= b && b <= hi));
    let verdict = match (sens, position, significant) {
        (_, Position::Equal, _) | (_, _, false) | (Sens::Neutre, _, _) => None,
        (Sens::HausseFavorable, Position::Higher, _) | (Sens::HausseDefavorable, Position::Lower, _) => {
            Some(Verdict::Favourable)
        }
        _ => Some(Verdict::Unfavourable),
    };
    Comparison { subject, reference, position, significant, verdict }
}

/// `24,5 pour 10 000 habitants`, `18 %`, or « secret statistique ».
pub fn show(ind: &Indicator, v: &Value) -> String {
    match v.valeur {
        Some(n) => show_number(ind, n),
        None if v.secret => "secret statistique".into(),
        None => "non disponible".into(),
    }
}

/// A number in the indicator's unit.
pub fn show_number(ind: &Indicator, n: f64) -> String {
    if ind.is_share() {
        format!("{}\u{a0}%", crate::text::number(n))
    } else {
        format!("{} {}", crate::text::number(n), unit(&ind.unite))
    }
}

/// A unit as a page shows it: « pour 100 000 habitants » keeps its number on one line.
pub fn unit(unite: &str) -> String {
    let chars: Vec<char> = unite.chars().collect();
    let mut out = String::with_capacity(unite.len());
    for (i, c) in chars.iter().enumerate() {
        let between_digits =
            *c == ' ' && i > 0 && chars[i - 1].is_ascii_digit() && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit());
        out.push(if between_digits { '\u{202F}' } else { *c });
    }
    out
}

/// The place a value describes, as a page names it: « la région », « Dordogne ».
pub fn place_name(v: &Value) -> String {
    match &v.nom {
        Some(n) => n.clone(),
        None => v.echelle.label().to_string(),
    }
}

/// The sentence an indicator's page shows for one comparison, with its words for the position
/// and for whether it is favourable (never a colour alone).
pub fn sentence(ind: &Indicator, c: &Comparison) -> String {
    let dans = c.reference.echelle.dans();
    let theirs = show(ind, c.reference);
    let mut s = if !c.significant {
        let (lo, hi) = c.subject.ic.unwrap_or_default();
        format!(
            "Différence non significative avec la valeur {} ({theirs}) : elle est dans l'intervalle de confiance ({} à {}).",
            de(c.reference.echelle),
            crate::text::number(lo),
            crate::text::number(hi)
        )
    } else {
        let pos = match c.position {
            Position::Higher => format!("Plus élevé {} ({theirs})", que(dans)),
            Position::Lower => format!("Plus bas {} ({theirs})", que(dans)),
            Position::Equal => format!("Égal à la valeur {} ({theirs})", de(c.reference.echelle)),
        };
        match c.verdict {
            Some(Verdict::Favourable) => format!("{pos} : favorable."),
            Some(Verdict::Unfavourable) => format!("{pos} : défavorable."),
            None => format!("{pos}."),
        }
    };
    if c.subject.echelle != Echelle::Territoire {
        s = format!("{} : {}{}", c.subject.echelle.label(), s[..1].to_lowercase(), &s[1..]);
    }
    if !c.same_period() {
        s.push_str(&format!(
            " Valeur {} de {}, la plus proche avant {}.",
            de(c.reference.echelle),
            c.reference.periode.text(),
            c.subject.periode.text()
        ));
    }
    s
}

/// « que dans la région », « qu'en France ».
fn que(dans: &str) -> String {
    if dans.starts_with("en ") { format!("qu'{dans}") } else { format!("que {dans}") }
}

/// « de la région », « du département », « de la France ».
pub fn de(e: Echelle) -> &'static str {
    match e {
        Echelle::Territoire => "du territoire",
        Echelle::Commune => "de la commune",
        Echelle::Departement => "du département",
        Echelle::Region => "de la région",
        Echelle::France => "de la France",
    }
}

/// What the page says when it cannot compare.
pub fn no_comparison(s: &Summary) -> Option<String> {
    match s.subject {
        None => Some("Ce chiffre n'est pas connu pour le territoire ni pour le département : seules les valeurs ci-dessous sont publiées.".into()),
        Some(v) if v.secret => Some(format!(
            "La valeur {} de {} est couverte par le secret statistique (trop peu de personnes concernées) : elle n'est pas publiée.",
            de(s.scale),
            v.periode.text()
        )),
        // No reference at all (a population): nothing to say.
        Some(_) if s.comparisons.is_empty() && s.missing.is_empty() => None,
        Some(_) if s.comparisons.is_empty() => Some(format!(
            "Aucune valeur de référence (département, région, France) pour {} ou avant : pas de comparaison.",
            s.subject.map(|v| v.periode.text()).unwrap_or_default()
        )),
        _ => None,
    }
}

/// « à peu près 1 sur 5 », « à peu près 8 sur 10 »: a share as a natural frequency, with
/// numbers people can picture.
pub fn frequency(percent: f64) -> String {
    if percent >= 50.0 {
        let tens = (percent / 10.0).round() as i64;
        return match tens {
            10 => "presque tout le monde".into(),
            5 => "à peu près 1 sur 2".into(),
            t => format!("à peu près {t} sur 10"),
        };
    }
    // Nearly half: « 1 sur 2 » would round it up, « 1 sur 3 » far down.
    if percent >= 40.0 {
        return "un peu moins de 1 sur 2".into();
    }
    if percent < 0.1 {
        return "moins de 1 sur 1000".into();
    }
    const SIMPLE: &[i64] = &[2, 3, 4, 5, 10, 20, 50, 100, 1000];
    let n = 100.0 / percent;
    let best = SIMPLE
        .iter()
        .min_by(|a, b| {
            let d = |x: i64| ((x as f64) / n).ln().abs();
            d(**a).total_cmp(&d(**b))
        })
        .copied()
        .unwrap_or(10);
    format!("à peu près 1 sur {best}")
}

/// The easy-to-read lines of an indicator: the value as people picture it, then the comparison
/// in words. Written to pass the easy-to-read rules (no %, no big numbers, short sentences).
pub fn falc(ind: &Indicator) -> Vec<String> {
    let s = summary(ind);
    let mut out = Vec::new();
    let here = match s.scale {
        Echelle::Territoire => "Ici",
        _ => "Dans le département",
    };
    let Some(subject) = s.subject else { return out };
    let Some(v) = subject.valeur else {
        out.push(format!("{here}, ce chiffre est secret."));
        out.push("Il y a trop peu de personnes pour le dire.".into());
        return out;
    };
    if ind.is_share() {
        out.push(format!("{here}, {}.", frequency(v)));
    } else if let Some(per) = per_inhabitants(&ind.unite).filter(|per| v > 0.0 && v < 0.5 * per) {
        // Beyond 1 in 9 900 (rounded, 10 000 is a « grand nombre »), the words say it.
        out.push(match per / v {
            r if r >= 9950.0 => format!("{here}, c'est très rare."),
            r => format!("{here} : à peu près 1 pour {} habitants.", round_friendly(r)),
        });
    } else {
        return out;
    }
    let Some(c) = s.comparisons.iter().find(|c| c.reference.echelle == Echelle::Region).or(s.comparisons.first())
    else {
        return out;
    };
    let dans = c.reference.echelle.dans();
    let (a, b) = (v, c.reference.valeur.unwrap_or(v));
    let gap = if b != 0.0 { ((a - b) / b).abs() } else { 1.0 };
    let how = if gap < 0.15 {
        "un peu "
    } else if gap > 0.5 {
        "beaucoup "
    } else {
        ""
    };
    out.push(match (c.significant, c.position) {
        (_, Position::Equal) => format!("C'est pareil {}.", que(dans)),
        (false, _) => format!("C'est presque pareil {}.", que(dans)),
        (true, Position::Higher) => format!("C'est {how}plus {}.", que(dans)),
        (true, Position::Lower) => format!("C'est {how}moins {}.", que(dans)),
    });
    match c.verdict {
        Some(Verdict::Favourable) => out.push("C'est mieux.".into()),
        Some(Verdict::Unfavourable) => out.push("C'est moins bien.".into()),
        None => {}
    }
    out
}

/// `pour 100 000 habitants` → 100 000.
fn per_inhabitants(unite: &str) -> Option<f64> {
    let rest = unite.trim().strip_prefix("pour ")?;
    let digits: String =
        rest.chars().take_while(|c| c.is_ascii_digit() || c.is_whitespace()).filter(char::is_ascii_digit).collect();
    rest.contains("habitant").then(|| digits.parse().ok()).flatten()
}

/// Two significant digits: 1 176 → « 1200 », 408 → « 410 ». Written without a space so the
/// easy-to-read rules see one small number, not « 1 » and « 200 ».
fn round_friendly(n: f64) -> String {
    if n < 100.0 {
        return format!("{}", n.round() as i64);
    }
    let magnitude = 10f64.powi(n.log10().floor() as i32 - 1);
    format!("{}", ((n / magnitude).round() * magnitude) as i64)
}

#[cfg(test)]
mod tests {
    use super::super::{Period, Place};
    use super::*;
    use crate::content::model::Origin;
    use crate::referentiels::Portrait;

    fn value(echelle: Echelle, year: i32, valeur: Option<f64>) -> Value {
        Value {
            echelle,
            code: None,
            nom: None,
            periode: Period { start: year, end: year },
            valeur,
            ic: None,
            effectif: None,
            secret: valeur.is_none(),
            note: None,
            place: Place::default(),
        }
    }

    fn indicator(unite: &str, sens: Sens, values: Vec<Value>) -> Indicator {
        Indicator {
            id: "x".into(),
            libelle: "X".into(),
            libelle_falc: None,
            portrait: Portrait::Ressources,
            thematique: None,
            unite: unite.into(),
            sens,
            definition: None,
            source: "ORS".into(),
            url_source: None,
            origin: Origin { file: String::new(), line: None, path: String::new() },
            place: Place::default(),
            values,
        }
    }

    fn sentences(ind: &Indicator) -> Vec<String> {
        summary(ind).comparisons.iter().map(|c| sentence(ind, c)).collect()
    }

    #[test]
    fn both_directions_and_their_verdicts() {
        let unite = "pour 100 000 habitants";
        let fewer = indicator(
            unite,
            Sens::HausseFavorable,
            vec![value(Echelle::Territoire, 2016, Some(85.0)), value(Echelle::Region, 2016, Some(99.0))],
        );
        assert_eq!(
            sentences(&fewer),
            ["Plus bas que dans la région (99 pour 100\u{202F}000 habitants) : défavorable."]
        );
        let more = indicator(
            unite,
            Sens::HausseDefavorable,
            vec![value(Echelle::Territoire, 2016, Some(24.5)), value(Echelle::Region, 2016, Some(14.1))],
        );
        assert_eq!(
            sentences(&more),
            ["Plus élevé que dans la région (14,1 pour 100\u{202F}000 habitants) : défavorable."]
        );
        let good = indicator(
            "%",
            Sens::HausseFavorable,
            vec![value(Echelle::Territoire, 2016, Some(90.0)), value(Echelle::France, 2016, Some(85.0))],
        );
        assert_eq!(sentences(&good), ["Plus élevé qu'en France (85\u{a0}%) : favorable."]);
        let neutral = indicator(
            "ans",
            Sens::Neutre,
            vec![value(Echelle::Territoire, 2016, Some(44.0)), value(Echelle::Region, 2016, Some(41.0))],
        );
        assert_eq!(sentences(&neutral), ["Plus élevé que dans la région (41 ans)."]);
    }

    #[test]
    fn equality_claims_no_direction() {
        let ind = indicator(
            "%",
            Sens::HausseDefavorable,
            vec![value(Echelle::Territoire, 2016, Some(18.0)), value(Echelle::Departement, 2016, Some(18.0))],
        );
        assert_eq!(sentences(&ind), ["Égal à la valeur du département (18\u{a0}%)."]);
        assert_eq!(summary(&ind).comparisons[0].verdict, None);
    }

    #[test]
    fn an_interval_that_holds_the_reference_is_not_significant() {
        let mut t = value(Echelle::Territoire, 2016, Some(24.5));
        t.ic = Some((13.0, 30.0));
        let ind = indicator(
            "pour 10 000 habitants",
            Sens::HausseDefavorable,
            vec![t, value(Echelle::Region, 2016, Some(14.1))],
        );
        let s = summary(&ind);
        assert!(!s.comparisons[0].significant);
        assert_eq!(s.comparisons[0].verdict, None);
        assert_eq!(
            sentences(&ind),
            [
                "Différence non significative avec la valeur de la région (14,1 pour 10\u{202F}000 habitants) : elle est dans l'intervalle de confiance (13 à 30)."
            ]
        );
        // The same interval, narrower: the difference holds.
        let mut t = value(Echelle::Territoire, 2016, Some(24.5));
        t.ic = Some((20.0, 30.0));
        let ind = indicator(
            "pour 10 000 habitants",
            Sens::HausseDefavorable,
            vec![t, value(Echelle::Region, 2016, Some(14.1))],
        );
        assert_eq!(summary(&ind).comparisons[0].verdict, Some(Verdict::Unfavourable));
    }

    #[test]
    fn without_territory_value_the_department_is_compared_with_the_region() {
        let ind = indicator(
            "pour 10 000 habitants",
            Sens::HausseDefavorable,
            vec![
                value(Echelle::Departement, 2014, Some(24.5)),
                value(Echelle::Region, 2014, Some(14.1)),
                value(Echelle::France, 2014, Some(15.0)),
            ],
        );
        let s = summary(&ind);
        assert_eq!(s.scale, Echelle::Departement);
        assert_eq!(s.comparisons.len(), 2);
        assert_eq!(s.comparisons[0].reference.echelle, Echelle::Region);
        assert_eq!(
            sentence(&ind, &s.comparisons[0]),
            "Département : plus élevé que dans la région (14,1 pour 10\u{202F}000 habitants) : défavorable."
        );
        assert_eq!(falc(&ind)[0], "Dans le département : à peu près 1 pour 410 habitants.");
    }

    #[test]
    fn the_nearest_earlier_period_is_named() {
        let ind = indicator(
            "%",
            Sens::HausseDefavorable,
            vec![
                value(Echelle::Territoire, 2016, Some(18.0)),
                value(Echelle::Region, 2014, Some(15.0)),
                value(Echelle::Region, 2018, Some(16.0)),
            ],
        );
        assert_eq!(
            sentences(&ind),
            [
                "Plus élevé que dans la région (15\u{a0}%) : défavorable. Valeur de la région de 2014, la plus proche avant 2016."
            ]
        );
        // A later reference only: no comparison, and the page says why.
        let ind = indicator(
            "%",
            Sens::HausseDefavorable,
            vec![value(Echelle::Territoire, 2016, Some(18.0)), value(Echelle::Region, 2018, Some(16.0))],
        );
        let s = summary(&ind);
        assert!(s.comparisons.is_empty());
        assert_eq!(s.missing, [Echelle::Region]);
        assert!(no_comparison(&s).unwrap().contains("pas de comparaison"));
    }

    #[test]
    fn withheld_values_are_never_compared_nor_zero() {
        let ind = indicator(
            "%",
            Sens::HausseDefavorable,
            vec![value(Echelle::Territoire, 2016, None), value(Echelle::Region, 2016, Some(3.0))],
        );
        let s = summary(&ind);
        assert!(s.comparisons.is_empty());
        assert_eq!(show(&ind, s.subject.unwrap()), "secret statistique");
        assert!(no_comparison(&s).unwrap().contains("secret statistique"));
        assert_eq!(falc(&ind), ["Ici, ce chiffre est secret.", "Il y a trop peu de personnes pour le dire."]);
        let none = indicator("%", Sens::Neutre, vec![value(Echelle::Region, 2016, Some(3.0))]);
        assert!(summary(&none).subject.is_none());
        assert!(no_comparison(&summary(&none)).is_some());
    }

    #[test]
    fn natural_frequencies() {
        assert_eq!(frequency(18.0), "à peu près 1 sur 5");
        assert_eq!(frequency(38.0), "à peu près 1 sur 3");
        assert_eq!(frequency(82.0), "à peu près 8 sur 10");
        assert_eq!(frequency(50.0), "à peu près 1 sur 2");
        assert_eq!(frequency(44.0), "un peu moins de 1 sur 2");
        assert_eq!(frequency(99.0), "presque tout le monde");
        assert_eq!(frequency(1.2), "à peu près 1 sur 100");
        assert_eq!(frequency(0.01), "moins de 1 sur 1000");
        assert_eq!(round_friendly(100_000.0 / 85.0), "1200");
    }

    #[test]
    fn easy_to_read_words_follow_the_exact_numbers() {
        let pair = |a: f64, b: f64, sens| {
            indicator("%", sens, vec![value(Echelle::Territoire, 2016, Some(a)), value(Echelle::Region, 2016, Some(b))])
        };
        assert_eq!(
            falc(&pair(18.0, 16.0, Sens::HausseDefavorable)),
            ["Ici, à peu près 1 sur 5.", "C'est un peu plus que dans la région.", "C'est moins bien."]
        );
        // Both round to « 1 sur 5 »: the words still say which is higher, never « pareil ».
        let close = falc(&pair(18.4, 18.6, Sens::HausseDefavorable));
        assert_eq!(close[1], "C'est un peu moins que dans la région.");
        assert_eq!(close[2], "C'est mieux.");
        assert_eq!(falc(&pair(30.0, 10.0, Sens::HausseFavorable))[1], "C'est beaucoup plus que dans la région.");
        assert_eq!(falc(&pair(12.0, 12.0, Sens::HausseFavorable))[1..], ["C'est pareil que dans la région."]);
        let mut t = value(Echelle::Territoire, 2016, Some(20.0));
        t.ic = Some((15.0, 25.0));
        let ind = indicator("%", Sens::HausseDefavorable, vec![t, value(Echelle::Region, 2016, Some(17.0))]);
        assert_eq!(falc(&ind)[1..], ["C'est presque pareil que dans la région."]);
    }
}
