//! Field checks shared by every kind of content: codes, links, e-mails, phones, hours.

use super::reader::{At, Fields};
use crate::diag::{Diagnostic, Pos, nearest};
use crate::referentiels::List;

/// A code from a list; reports an unknown code with the nearest valid one.
pub fn code(f: &Fields, key: &'static str, list: List) -> Option<At<String>> {
    let v = f.str(key)?;
    known(f, key, &v, list.codes(), list.name).then_some(v)
}

/// A code of a closed list (an enum of `referentiels`), reported like [`code`] when unknown.
pub fn closed<T: std::str::FromStr>(f: &Fields, key: &'static str, list: List) -> Option<At<T>> {
    let v = code(f, key, list)?;
    // The enum and the code list are the same list (tested in referentiels).
    v.v.parse().ok().map(|x| At { v: x, pos: v.pos })
}

/// A code of a closed list given as plain codes (`IndicatorKind::CODES`).
pub fn closed_choice<T: std::str::FromStr>(f: &Fields, key: &'static str, codes: &[&str]) -> Option<T> {
    choice(f, key, codes)?.v.parse().ok()
}

/// Codes of a closed list given as plain codes; unknown ones are reported and dropped.
pub fn closed_choices<T: std::str::FromStr>(f: &Fields, key: &'static str, codes: &[&str]) -> Vec<T> {
    choices(f, key, codes).into_iter().filter_map(|c| c.parse().ok()).collect()
}

/// A list of codes; unknown ones are reported and dropped.
pub fn codes(f: &Fields, key: &'static str, list: List) -> Vec<String> {
    f.strs(key).into_iter().filter(|v| known(f, key, v, list.codes(), list.name)).map(|v| v.v).collect()
}

/// data·inclusion makes `tous-publics` exclusive: "everyone" and a list of publics say two
/// different things. An error in a file written by hand; in imported data, a warning, and the
/// export drops it (as the content model says).
pub fn tous_publics_alone(f: &Fields, key: &'static str, imported: bool) {
    let values = f.strs(key);
    let Some(all) = values.iter().find(|v| v.v == "tous-publics") else { return };
    if values.len() < 2 {
        return;
    }
    let others: Vec<&str> = values.iter().filter(|v| v.v != "tous-publics").map(|v| v.v.as_str()).collect();
    let msg = format!(
        "« tous-publics » s'emploie seul : il contredit {} dans la même liste",
        others.iter().map(|o| format!("« {o} »")).collect::<Vec<_>>().join(", ")
    );
    let hint = format!(
        "{key} = [\"tous-publics\"] si c'est pour tout le monde, sinon {key} = [{}]",
        others.iter().map(|o| format!("\"{o}\"")).collect::<Vec<_>>().join(", ")
    );
    let d = f.error(key, all.pos, "tous-publics-seul", msg).suggest(Some(hint));
    f.doc().report(if imported {
        Diagnostic {
            severity: crate::diag::Severity::Warning,
            message: format!("{} ; il est retiré à l'export", d.message),
            ..d
        }
    } else {
        d
    });
}

/// A French postcode: five digits.
pub fn is_postcode(s: &str) -> bool {
    s.len() == 5 && s.bytes().all(|b| b.is_ascii_digit())
}

/// `latitude` and `longitude` in decimal degrees (a place of a service or a structure, the centre
/// of a commune): both or neither. One cause, one message: an impossible value is an error that
/// quotes it; a lone coordinate is a warning; a place outside France is a warning, which says when
/// the two look swapped.
pub fn coordinates(f: &Fields) -> (Option<f64>, Option<f64>) {
    use super::plausible::{self, Kind};
    let lat = f.float("latitude").filter(|v| plausible::check(f, "latitude", v, Kind::Latitude));
    let lon = f.float("longitude").filter(|v| plausible::check(f, "longitude", v, Kind::Longitude));
    let lone = match (f.pos_of("latitude"), f.pos_of("longitude")) {
        (Some(pos), None) => Some((pos, "latitude", "longitude")),
        (None, Some(pos)) => Some((pos, "longitude", "latitude")),
        _ => None,
    };
    if let Some((pos, given, missing)) = lone {
        f.doc().report(
            Diagnostic::warning(
                "coordonnee-incomplete",
                format!(
                    "« {} » est donnée sans « {} » : le lieu n'est pas placé sur la carte",
                    f.name(given),
                    f.name(missing)
                ),
            )
            .at(pos)
            .field(f.name(missing))
            .suggest(Some(format!("ajoutez {missing} = … (degrés décimaux), ou retirez {given}"))),
        );
        return (None, None);
    }
    let (Some(lat), Some(lon)) = (lat, lon) else { return (None, None) };
    if !plausible::in_france(lat.v, lon.v) {
        let swapped = plausible::in_france(lon.v, lat.v);
        f.doc().report(
            Diagnostic::warning(
                "coordonnee-hors-de-france",
                format!(
                    "latitude {} et longitude {} : ce lieu n'est ni en France métropolitaine ni outre-mer",
                    plausible::show(lat.v),
                    plausible::show(lon.v)
                ),
            )
            .at(lat.pos)
            .field(f.name("latitude"))
            .suggest(Some(if swapped {
                format!("les deux semblent inversées : latitude = {}, longitude = {}", lon.v, lat.v)
            } else {
                "vérifiez les coordonnées (degrés décimaux, par exemple latitude = 45.18, longitude = 0.72)".into()
            })),
        );
    }
    (Some(lat.v), Some(lon.v))
}

/// A code from a fixed list of plain strings.
pub fn choice(f: &Fields, key: &'static str, allowed: &[&str]) -> Option<At<String>> {
    let v = f.str(key)?;
    known(f, key, &v, allowed.iter().copied(), key).then_some(v)
}

pub fn choices(f: &Fields, key: &'static str, allowed: &[&str]) -> Vec<String> {
    f.strs(key).into_iter().filter(|v| known(f, key, v, allowed.iter().copied(), key)).map(|v| v.v).collect()
}

fn known<'a>(f: &Fields, key: &str, v: &At<String>, codes: impl Iterator<Item = &'a str> + Clone, list: &str) -> bool {
    if codes.clone().any(|c| c == v.v) {
        return true;
    }
    let near = nearest(&v.v, codes.clone());
    let all: Vec<&str> = codes.collect();
    let hint = match near {
        Some(n) => format!("vouliez-vous dire « {n} » ?"),
        None if all.len() <= 12 => format!("valeurs possibles : {}", all.join(", ")),
        None => format!("voir la liste « {list} » dans le référentiel ({} codes)", all.len()),
    };
    f.doc().report(
        f.error(key, v.pos, "code-inconnu", format!("« {} » n'est pas une valeur connue de « {} »", v.v, f.name(key)))
            .suggest(Some(hint)),
    );
    false
}

/// Why a URL from content is refused, if it is.
pub fn url_problem(url: &str, absolute_only: bool) -> Option<String> {
    let lower = url.trim().to_ascii_lowercase();
    if let Some((scheme, _)) = lower.split_once(':')
        && !scheme.contains('/')
        && !scheme.contains('.')
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    {
        return match scheme {
            "http" | "https" if url.trim().contains(|c: char| c.is_whitespace() || "\"<>`{}|\\^".contains(c)) => {
                Some("adresse web mal formée : espace, guillemet ou chevron dans l'adresse".into())
            }
            "http" | "https" => match url::Url::parse(url.trim()) {
                Ok(u) if u.host_str().is_some_and(|h| !h.is_empty()) => None,
                _ => Some("adresse web mal formée".into()),
            },
            "mailto" | "tel" if !absolute_only => None,
            other => Some(format!("le protocole « {other}: » n'est pas autorisé (seuls http et https le sont)")),
        };
    }
    absolute_only.then(|| "l'adresse doit commencer par https:// ou http://".into())
}

/// An absolute web address (http or https).
pub fn web_url(f: &Fields, key: &'static str) -> Option<String> {
    let v = f.str(key)?;
    match url_problem(&v, true) {
        None => Some(v.v),
        Some(why) => {
            let hint = (!v.v.contains(':')).then(|| format!("https://{}", v.v));
            f.doc().report(f.error(key, v.pos, "url-invalide", format!("« {} » : {why}", v.v)).suggest(hint));
            None
        }
    }
}

pub fn email(f: &Fields, key: &'static str) -> Option<String> {
    let v = f.str(key)?;
    if email_address::EmailAddress::is_valid(&v.v) && v.v.contains('.') {
        return Some(v.v);
    }
    let hint = v.v.replace(" @ ", "@").replace(' ', "").replace("[at]", "@").replace("(at)", "@");
    let hint = (hint != v.v && email_address::EmailAddress::is_valid(&hint)).then_some(hint);
    f.doc().report(
        f.error(key, v.pos, "courriel-invalide", format!("« {} » n'est pas une adresse électronique valide", v.v))
            .suggest(hint.or(Some("exemple : contact@example.org".into()))),
    );
    None
}

/// A phone number as people write it in France: digits, spaces, dots, dashes, a leading +.
pub fn phone(f: &Fields, key: &'static str) -> Option<String> {
    let v = f.str(key)?;
    let digits: String = v.v.chars().filter(char::is_ascii_digit).collect();
    let allowed = v.v.chars().all(|c| c.is_ascii_digit() || " .-+()".contains(c));
    if allowed && (4..=15).contains(&digits.len()) {
        return Some(v.v);
    }
    f.doc().report(
        f.error(key, v.pos, "telephone-invalide", format!("« {} » n'est pas un numéro de téléphone", v.v))
            .suggest(Some("exemple : 01 99 00 12 34, ou 36 46 pour un numéro court".into())),
    );
    None
}

/// A phone number as French readers expect it: `+33199002010` → `01 99 00 20 10`.
pub fn display_phone(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    match (phone.trim().starts_with("+33"), digits.strip_prefix("33")) {
        (true, Some(rest)) if rest.len() == 9 => {
            let national = format!("0{rest}");
            national.as_bytes().chunks(2).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ")
        }
        _ => phone.to_string(),
    }
}

/// Digits to dial, for `tel:` links: `01 99 00 12 34` → `+33199001234`.
pub fn tel_href(phone: &str) -> String {
    let digits: String = phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
    match digits.strip_prefix('0') {
        Some(rest) if digits.len() == 10 => format!("+33{rest}"),
        _ => digits,
    }
}

/// Opening hours in OpenStreetMap `opening_hours` syntax.
pub fn hours(f: &Fields, key: &'static str) -> Option<String> {
    let v = f.str(key)?;
    match hours_problem(&v.v) {
        None => Some(v.v),
        Some(why) => {
            f.doc().report(hours_error(f, key, v.pos, &v.v, &why));
            None
        }
    }
}

pub fn hours_problem(value: &str) -> Option<String> {
    match opening_hours_syntax::parse(value) {
        Ok(_) => None,
        Err(opening_hours_syntax::Error::Syntax(e)) => Some(format!(
            "syntaxe incorrecte vers le caractère {}",
            match e.location {
                pest::error::InputLocation::Pos(p) => p + 1,
                pest::error::InputLocation::Span((s, _)) => s + 1,
            }
        )),
        Err(e) => Some(e.to_string()),
    }
}

fn hours_error(f: &Fields, key: &str, pos: Pos, value: &str, why: &str) -> Diagnostic {
    let hint = french_hours_hint(value);
    f.error(key, pos, "horaires-invalides", format!("horaires « {value} » illisibles : {why}")).suggest(Some(
        hint.unwrap_or_else(|| "format OpenStreetMap, par exemple : Mo-Fr 08:30-12:00,13:30-17:00; PH off".into()),
    ))
}

/// Coordinators often write French day names; suggest the OSM spelling.
fn french_hours_hint(value: &str) -> Option<String> {
    const DAYS: [(&str, &str); 7] = [
        ("lundi", "Mo"),
        ("mardi", "Tu"),
        ("mercredi", "We"),
        ("jeudi", "Th"),
        ("vendredi", "Fr"),
        ("samedi", "Sa"),
        ("dimanche", "Su"),
    ];
    let lower = value.to_lowercase();
    let mut out = lower.clone();
    for (fr, en) in DAYS {
        out = out.replace(fr, en);
    }
    let out = out.replace(" au ", "-").replace(" à ", "-").replace('h', ":");
    (out != lower && opening_hours_syntax::parse(&out).is_ok()).then_some(out)
}

/// INSEE commune code: five characters, digits except 2A/2B for Corsica.
pub fn is_insee(code: &str) -> bool {
    let b = code.as_bytes();
    b.len() == 5
        && b[0].is_ascii_digit()
        && (b[1].is_ascii_digit() || (b[0] == b'2' && matches!(b[1], b'A' | b'B')))
        && b[2..].iter().all(u8::is_ascii_digit)
}

/// The département of an INSEE code (three characters overseas).
pub fn departement(code: &str) -> &str {
    if code.starts_with("97") || code.starts_with("98") {
        &code[..3.min(code.len())]
    } else {
        &code[..2.min(code.len())]
    }
}

/// Reads a list of rule ids written by people (`ignorer`, `falc_ignorer`); an unknown id is an
/// error that names the nearest valid one.
pub fn read_rule_ids(f: &Fields, key: &'static str, field: &str) -> Vec<String> {
    let mut out = Vec::new();
    for id in f.strs(key) {
        if crate::falc_settings::RULE_IDS.contains(&id.v.as_str()) {
            out.push(id.v);
            continue;
        }
        let near = nearest(&id.v, crate::falc_settings::RULE_IDS.iter().copied());
        f.doc().report(
            Diagnostic::error("code-inconnu", format!("« {} » n'est pas une règle du lint Facile à lire", id.v))
                .at(id.pos)
                .field(field)
                .suggest(near.map(|n| format!("vouliez-vous dire « {n} » ?"))),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_schemes() {
        assert_eq!(url_problem("https://example.org/a", true), None);
        assert!(url_problem("javascript:alert(1)", true).unwrap().contains("javascript"));
        assert!(url_problem("JavaScript:alert(1)", false).is_some());
        assert!(url_problem("data:text/html,x", false).is_some());
        assert_eq!(url_problem("mailto:a@example.org", false), None);
        assert_eq!(url_problem("../annuaire/x.md", false), None);
        assert!(url_problem("example.org", true).is_some());
        assert!(url_problem("https://", true).is_some());
    }

    #[test]
    fn international_numbers_read_the_french_way() {
        assert_eq!(display_phone("+33199002010"), "01 99 00 20 10");
        assert_eq!(display_phone("36 46"), "36 46");
    }

    #[test]
    fn tel_links_dial_internationally() {
        assert_eq!(tel_href("01 99 00 12 34"), "+33199001234");
        assert_eq!(tel_href("36 46"), "3646");
        assert_eq!(tel_href("+33 1 99 00 12 34"), "+33199001234");
    }

    #[test]
    fn hours_are_parsed_and_french_is_translated() {
        assert_eq!(hours_problem("Mo-Fr 08:30-12:00,13:30-16:30; PH off"), None);
        assert!(hours_problem("lundi 9h-12h").is_some());
        assert_eq!(french_hours_hint("lundi au vendredi 09h00-12h00").as_deref(), Some("Mo-Fr 09:00-12:00"));
    }

    #[test]
    fn insee_codes() {
        assert!(is_insee("24322") && is_insee("2A004") && is_insee("97411"));
        assert!(!is_insee("2432") && !is_insee("24A22") && !is_insee("abcde"));
        assert_eq!(departement("97411"), "974");
        assert_eq!(departement("24322"), "24");
    }
}
