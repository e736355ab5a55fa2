//! The ranges of the numbers a coordinator writes. Outside what is possible (a negative count, a
//! share above 100 %, more money than any contract holds, a latitude past the pole) is an error;
//! possible but unusual (a budget of a billion euros for one local action, a place outside France)
//! is a warning. Both quote the value, give the range, and point at the line. `RANGES` is the one
//! table the reader, README (« Les nombres ») and the tests use.

use crate::content::reader::{At, Fields};

/// What a number is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A sum of money in euros, for one action over the contract (`financement.montant`).
    Amount,
    /// A share, in percent (`unite = "%"`): 0 to 100.
    Share,
    /// A count or a quantity in another unit (`cible`, `reference`).
    Quantity,
    /// A measured value in another unit (`mesures.valeur`): it may be negative (a change).
    Measure,
    Latitude,
    Longitude,
}

/// A kind's ranges: `possible` outside is an error, `usual` outside a warning.
pub struct Range {
    pub kind: Kind,
    pub what: &'static str,
    pub possible: (f64, f64),
    pub usual: (f64, f64),
    /// Why the usual range is what it is, for the warning.
    pub why: &'static str,
}

pub static RANGES: &[Range] = &[
    Range {
        kind: Kind::Amount,
        what: "un montant en euros",
        possible: (0.0, 1e11),
        usual: (0.0, 10_000_000.0),
        why: "au-delà de 10 millions d'euros pour une action locale, vérifiez les zéros",
    },
    Range {
        kind: Kind::Share,
        what: "une part en pourcentage",
        possible: (0.0, 100.0),
        usual: (0.0, 100.0),
        why: "une part va de 0 à 100 %",
    },
    Range {
        kind: Kind::Quantity,
        what: "une quantité",
        possible: (0.0, 1e12),
        usual: (0.0, 10_000_000.0),
        why: "au-delà de 10 millions, plus que les habitants de tout territoire de contrat local",
    },
    Range {
        kind: Kind::Measure,
        what: "une valeur mesurée",
        possible: (-1e12, 1e12),
        usual: (-10_000_000.0, 10_000_000.0),
        why: "au-delà de 10 millions, plus que les habitants de tout territoire de contrat local",
    },
    Range {
        kind: Kind::Latitude,
        what: "une latitude en degrés décimaux",
        possible: (-90.0, 90.0),
        usual: (-90.0, 90.0),
        why: "une latitude va de -90 à 90",
    },
    Range {
        kind: Kind::Longitude,
        what: "une longitude en degrés décimaux",
        possible: (-180.0, 180.0),
        usual: (-180.0, 180.0),
        why: "une longitude va de -180 à 180",
    },
];

pub fn range(kind: Kind) -> &'static Range {
    RANGES.iter().find(|r| r.kind == kind).expect("every kind has a range")
}

/// France's territories (metropolitan France with Corsica, then the overseas departments and
/// regions), as (south, north, west, east) in degrees: a place outside all of them is a warning.
pub const FRANCE: &[(&str, f64, f64, f64, f64)] = &[
    ("France métropolitaine", 41.2, 51.2, -5.3, 9.7),
    ("Guadeloupe", 15.8, 16.6, -61.9, -60.9),
    ("Martinique", 14.3, 14.9, -61.3, -60.8),
    ("Guyane", 2.1, 5.8, -54.7, -51.6),
    ("La Réunion", -21.4, -20.8, 55.2, 55.9),
    ("Mayotte", -13.1, -12.6, 44.9, 45.4),
];

pub fn in_france(lat: f64, lon: f64) -> bool {
    FRANCE.iter().any(|&(_, s, n, w, e)| (s..=n).contains(&lat) && (w..=e).contains(&lon))
}

/// A number as a person writes it: `12 500`, `0,5`.
pub fn show(v: f64) -> String {
    if v.fract() == 0.0 { crate::text::number(v) } else { v.to_string().replace('.', ",") }
}

/// Reads the number at `key` and checks it against its kind's ranges. An impossible value is an
/// error and gives `None`; an unusual one is a warning and is kept.
pub fn read(f: &Fields, key: &'static str, kind: Kind) -> Option<f64> {
    let v = f.float(key)?;
    check(f, key, &v, kind).then_some(v.v)
}

/// Checks a number already read; false when it is impossible.
pub fn check(f: &Fields, key: &'static str, v: &At<f64>, kind: Kind) -> bool {
    let r = range(kind);
    let (lo, hi) = r.possible;
    if v.v < 0.0 && lo == 0.0 {
        // A minus sign typed by mistake: the nearest valid value is the number without it.
        f.doc().report(
            f.error(
                key,
                v.pos,
                "nombre-impossible",
                format!("« {key} » vaut {} : pas de nombre négatif pour {}", show(v.v), r.what),
            )
            .suggest(Some(format!("{key} = {}", -v.v))),
        );
        return false;
    }
    if !(lo..=hi).contains(&v.v) {
        let near = v.v.clamp(lo, hi);
        f.doc().report(
            f.error(
                key,
                v.pos,
                "nombre-impossible",
                format!("« {key} » vaut {} : {} va de {} à {}", show(v.v), r.what, show(lo), show(hi)),
            )
            .suggest(Some(format!("{key} = {}", near))),
        );
        return false;
    }
    let (ulo, uhi) = r.usual;
    if !(ulo..=uhi).contains(&v.v) {
        f.doc().report(
            crate::diag::Diagnostic::warning(
                "nombre-inhabituel",
                format!("« {key} » vaut {} : {} ({} à {} d'habitude)", show(v.v), r.why, show(ulo), show(uhi)),
            )
            .at(v.pos)
            .field(f.name(key)),
        );
    }
    true
}

/// The kind of an indicator's numbers, from its unit.
pub fn of_unit(unite: Option<&str>, measured: bool) -> Kind {
    match unite.map(str::trim) {
        Some("%") => Kind::Share,
        _ if measured => Kind::Measure,
        _ => Kind::Quantity,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::reader::Doc;

    fn findings(toml: &str, key: &'static str, kind: Kind) -> (Option<f64>, Vec<crate::diag::Diagnostic>) {
        let doc = Doc::new("x.toml", toml, 1);
        let table = doc.parse().unwrap();
        let f = Fields::root(&doc, &table);
        let v = read(&f, key, kind);
        drop(f);
        (v, doc.into_diagnostics())
    }

    #[test]
    fn every_kind_has_a_range_with_the_usual_inside_the_possible() {
        for r in RANGES {
            assert!(r.possible.0 <= r.usual.0 && r.usual.1 <= r.possible.1, "{:?}", r.kind);
            assert!(std::ptr::eq(range(r.kind), r));
        }
    }

    #[test]
    fn impossible_is_an_error_unusual_a_warning_both_quote_the_value_and_range() {
        let (v, d) = findings("montant = 9_000_000_000_000_000_000\n", "montant", Kind::Amount);
        assert_eq!(v, None);
        assert_eq!(d[0].rule, "nombre-impossible");
        assert!(d[0].message.contains("9\u{202f}000\u{202f}000"), "{}", d[0].message);
        assert!(d[0].message.contains("de 0 à 100\u{202f}000\u{202f}000\u{202f}000"), "{}", d[0].message);
        let (v, d) = findings("montant = 1_000_000_000\n", "montant", Kind::Amount);
        assert_eq!(v, Some(1e9));
        assert_eq!((d[0].rule, d[0].severity), ("nombre-inhabituel", crate::diag::Severity::Warning));
        assert!(
            d[0].message.contains("1\u{202f}000\u{202f}000\u{202f}000")
                && d[0].message.contains("10\u{202f}000\u{202f}000")
        );
        let (v, d) = findings("cible = 140\n", "cible", Kind::Share);
        assert_eq!(v, None);
        assert!(d[0].message.contains("140") && d[0].message.contains("de 0 à 100"), "{}", d[0].message);
        assert_eq!(d[0].suggestion.as_deref(), Some("cible = 100"));
        let (v, d) = findings("valeur = -3\n", "valeur", Kind::Measure);
        assert_eq!((v, d.len()), (Some(-3.0), 0));
        let (v, d) = findings("cible = 12.5\n", "cible", Kind::Quantity);
        assert_eq!((v, d.len()), (Some(12.5), 0));
    }

    #[test]
    fn places_in_france_and_overseas() {
        assert!(in_france(45.18, 0.72)); // Périgueux
        assert!(in_france(-20.88, 55.45)); // Saint-Denis de La Réunion
        assert!(in_france(16.24, -61.53)); // Pointe-à-Pitre
        assert!(!in_france(0.72, 45.18), "latitude and longitude swapped");
        assert!(!in_france(0.0, 0.0));
    }
}
