//! schema.org JSON-LD for search engines: services, events and the organisation.

use crate::Site;
use crate::content::check::tel_href;
use crate::content::query::service_lieu;
use crate::content::{Action, Service};
use crate::format::iso;
use minijinja::Value;
use opening_hours_syntax::rules::RuleKind;
use opening_hours_syntax::rules::day::WeekDayRange;
use opening_hours_syntax::rules::time::Time;
use serde::Serialize;
use serde_json::{Value as Json, json};

/// JSON for a `<script type="application/ld+json">`: `<`, `>` and `&` escaped so the text can
/// never close the element.
fn safe(v: &Json) -> Value {
    safe_text(&v.to_string())
}

fn safe_text(json: &str) -> Value {
    Value::from_safe_string(json.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026"))
}

const DAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/// `openingHoursSpecification` for the weekly part of OSM opening hours.
fn opening_hours(value: &str) -> Vec<Json> {
    let Ok(expr) = opening_hours_syntax::parse(value) else { return Vec::new() };
    let mut out = Vec::new();
    for rule in expr.rules.iter().filter(|r| r.kind == RuleKind::Open) {
        let mut days = Vec::new();
        for r in &rule.day_selector.weekday {
            if let WeekDayRange::Fixed { range, .. } = r {
                let (a, b) =
                    (range.start().num_days_from_monday() as usize, range.end().num_days_from_monday() as usize);
                let mut d = a;
                loop {
                    days.push(format!("https://schema.org/{}", DAYS[d]));
                    if d == b {
                        break;
                    }
                    d = (d + 1) % 7;
                }
            }
        }
        if days.is_empty() {
            days = DAYS.iter().map(|d| format!("https://schema.org/{d}")).collect();
        }
        for span in &rule.time_selector.spans {
            if let (Time::Fixed(a), Time::Fixed(b)) = (span.range.start, span.range.end) {
                out.push(json!({
                    "@type": "OpeningHoursSpecification",
                    "dayOfWeek": days,
                    "opens": format!("{:02}:{:02}", a.hour(), a.minute()),
                    "closes": format!("{:02}:{:02}", b.hour().min(23), if b.hour() >= 24 { 59 } else { b.minute() }),
                }));
            }
        }
    }
    out
}

/// Care services are `MedicalOrganization`s; the others, `GovernmentService`s with a provider.
///
/// Written from typed records rather than `json!` maps: each map allocated a string per key and
/// was copied again to drop its nulls, 23 M instructions for the 600 service pages of a cold
/// 1 000-page build (callgrind). The fields are declared in the order of their names' bytes and
/// absent values are left out, so the text is the one the maps wrote.
pub fn service(site: &Site, s: &Service) -> Value {
    const MEDICAL: &[&str] = &[
        "msp",
        "centre-de-sante",
        "cmp",
        "cmpp",
        "pmi",
        "csapa",
        "caarud",
        "cegidd",
        "centre-sante-sexuelle",
        "pass",
        "hopital",
    ];
    let c = &site.content;
    let st = s.structure.as_ref().and_then(|id| c.structure(id));
    let lieu = service_lieu(c, s);
    let address = lieu.map(|l| PostalAddress {
        kind: "PostalAddress",
        country: "FR",
        locality: l.commune.as_deref(),
        postal_code: l.code_postal.as_deref(),
        street: l.adresse.as_deref(),
    });
    // A coordinate that JSON cannot hold was a null, and then left out.
    let finite = |x: Option<f64>| x.filter(|x| x.is_finite());
    let geo = lieu.and_then(|l| {
        l.latitude?;
        l.longitude?;
        Some(Geo { kind: "GeoCoordinates", latitude: finite(l.latitude), longitude: finite(l.longitude) })
    });
    let telephone = s.telephone.as_ref().or_else(|| st.and_then(|x| x.telephone.as_ref())).map(|t| tel_href(t));
    let hours =
        s.horaires_accueil.as_ref().or_else(|| st.and_then(|x| x.horaires_accueil.as_ref())).map(|h| opening_hours(h));
    let url = format!("{}{}", site.config.url, s.origin.path);
    let medical = s.dispositif.as_deref().is_some_and(|d| MEDICAL.contains(&d));
    let email = s.courriel.as_deref();
    let text = if medical {
        serde_json::to_string(&Organization {
            context: Some("https://schema.org"),
            kind: "MedicalOrganization",
            address,
            description: s.resume.as_deref(),
            email,
            geo,
            name: Some(&s.titre),
            hours,
            telephone,
            url: Some(url),
        })
    } else {
        let provider = Organization {
            context: None,
            kind: "Organization",
            address,
            description: None,
            email,
            geo,
            name: st.map(|x| x.titre.as_str()).or(s.porteur.as_deref()),
            hours,
            telephone,
            url: None,
        };
        serde_json::to_string(&GovernmentService {
            context: "https://schema.org",
            kind: "GovernmentService",
            area: &site.config.territoire,
            description: s.resume.as_deref(),
            name: &s.titre,
            provider,
            url,
        })
    };
    // Serialising plain records to memory cannot fail.
    safe_text(&text.unwrap_or_default())
}

#[derive(Serialize)]
struct PostalAddress<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "addressCountry")]
    country: &'static str,
    #[serde(rename = "addressLocality", skip_serializing_if = "Option::is_none")]
    locality: Option<&'a str>,
    #[serde(rename = "postalCode", skip_serializing_if = "Option::is_none")]
    postal_code: Option<&'a str>,
    #[serde(rename = "streetAddress", skip_serializing_if = "Option::is_none")]
    street: Option<&'a str>,
}

#[derive(Serialize)]
struct Geo {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    latitude: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    longitude: Option<f64>,
}

#[derive(Serialize)]
struct GovernmentService<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "areaServed")]
    area: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    name: &'a str,
    provider: Organization<'a>,
    url: String,
}

/// A `MedicalOrganization` on its own (with `@context` and `url`), or the `Organization` that
/// provides a `GovernmentService` (without them).
#[derive(Serialize)]
struct Organization<'a> {
    #[serde(rename = "@context", skip_serializing_if = "Option::is_none")]
    context: Option<&'static str>,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    address: Option<PostalAddress<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    geo: Option<Geo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(rename = "openingHoursSpecification", skip_serializing_if = "Option::is_none")]
    hours: Option<Vec<Json>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    telephone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

/// The fiche's dated events.
pub fn events(site: &Site, a: &Action) -> Option<Value> {
    if a.evenements.is_empty() {
        return None;
    }
    let url = format!("{}{}", site.config.url, a.origin.path);
    let events: Vec<Json> = a
        .evenements
        .iter()
        .map(|e| {
            let commune = e.commune.as_ref().and_then(|c| site.config.commune(c)).map(|c| c.nom.clone());
            json!({
                "@context": "https://schema.org",
                "@type": "Event",
                "name": e.titre,
                "description": e.description,
                "startDate": iso(&e.debut),
                "endDate": e.fin.as_ref().map(iso),
                "eventStatus": "https://schema.org/EventScheduled",
                "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
                "location": { "@type": "Place", "name": e.lieu.clone().or(commune.clone()), "address": { "@type": "PostalAddress", "addressLocality": commune, "addressCountry": "FR" } },
                "organizer": { "@type": "Organization", "name": site.config.titre, "url": site.config.url },
                "url": e.lien.clone().unwrap_or_else(|| url.clone()),
            })
        })
        .collect();
    Some(safe(&strip_nulls(Json::Array(events))))
}

/// The organisation behind the portal, for the home page.
pub fn organisation(site: &Site) -> Value {
    let cfg = &site.config;
    let co = cfg.coordination.clone().unwrap_or_default();
    safe(&strip_nulls(json!({
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization",
        "name": cfg.titre,
        "url": cfg.url,
        "description": cfg.description,
        "areaServed": cfg.territoire,
        "email": co.courriel,
        "telephone": co.telephone.as_deref().map(tel_href),
        "address": co.adresse,
    })))
}

fn strip_nulls(v: Json) -> Json {
    match v {
        Json::Object(m) => {
            Json::Object(m.into_iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k, strip_nulls(v))).collect())
        }
        Json::Array(a) => Json::Array(a.into_iter().map(strip_nulls).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekly_hours_become_specifications() {
        let spec = opening_hours("Mo-Fr 08:30-12:00,13:30-16:30; PH off");
        assert_eq!(spec.len(), 2);
        assert_eq!(spec[0]["dayOfWeek"].as_array().unwrap().len(), 5);
        assert_eq!(spec[1]["opens"], "13:30");
        assert_eq!(spec[1]["closes"], "16:30");
    }

    /// The records write what `json!` maps without their nulls wrote: keys in byte order, absent
    /// values and coordinates JSON cannot hold left out.
    #[test]
    fn records_write_what_the_maps_wrote() {
        let address = PostalAddress {
            kind: "PostalAddress",
            country: "FR",
            locality: Some("Sarlat"),
            postal_code: None,
            street: Some("1 rue <Basse> & co"),
        };
        let map = json!({
            "@type": "PostalAddress",
            "streetAddress": "1 rue <Basse> & co",
            "postalCode": Json::Null,
            "addressLocality": "Sarlat",
            "addressCountry": "FR",
        });
        assert_eq!(serde_json::to_string(&address).unwrap(), strip_nulls(map).to_string());
        let geo = Geo { kind: "GeoCoordinates", latitude: Some(44.89), longitude: Some(1.21) };
        let map = json!({ "@type": "GeoCoordinates", "latitude": 44.89, "longitude": 1.21 });
        assert_eq!(serde_json::to_string(&geo).unwrap(), map.to_string());
        let provider = Organization {
            context: None,
            kind: "Organization",
            address: None,
            description: None,
            email: Some("a@b.fr"),
            geo: Some(Geo { kind: "GeoCoordinates", latitude: None, longitude: Some(1.5) }),
            name: None,
            hours: Some(Vec::new()),
            telephone: Some("+33500000000".into()),
            url: None,
        };
        let map = json!({
            "@type": "Organization",
            "name": Json::Null,
            "telephone": "+33500000000",
            "email": "a@b.fr",
            "address": Json::Null,
            "geo": { "@type": "GeoCoordinates", "latitude": f64::NAN, "longitude": 1.5 },
            "openingHoursSpecification": [],
        });
        assert_eq!(serde_json::to_string(&provider).unwrap(), strip_nulls(map).to_string());
        let medical = Organization {
            context: Some("https://schema.org"),
            kind: "MedicalOrganization",
            description: Some("Consultations"),
            name: Some("CMP"),
            url: Some("https://exemple.org/cmp/".into()),
            ..provider
        };
        let map = json!({
            "@context": "https://schema.org",
            "@type": "MedicalOrganization",
            "name": "CMP",
            "description": "Consultations",
            "url": "https://exemple.org/cmp/",
            "telephone": "+33500000000",
            "email": "a@b.fr",
            "address": Json::Null,
            "geo": { "@type": "GeoCoordinates", "latitude": Json::Null, "longitude": 1.5 },
            "openingHoursSpecification": [],
        });
        assert_eq!(serde_json::to_string(&medical).unwrap(), strip_nulls(map).to_string());
    }

    #[test]
    fn script_content_cannot_close_the_element() {
        let v = safe(&json!({ "name": "</script><script>alert(1)</script>" }));
        assert!(!v.as_str().unwrap().contains("</script>"));
    }
}
