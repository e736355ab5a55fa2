//! `check --external-links`: every outside address the site links to, asked once, a few at a
//! time, with a timeout. A dead outside link is a warning: the portal still publishes.

use crate::diag::{Diagnostic, Pos};
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

const WORKERS: usize = 4;
const TIMEOUT: Duration = Duration::from_secs(10);

/// Outside addresses written in the content (Markdown links and address fields), with the
/// pages that carry them. The theme's own links are not the coordinator's to fix.
pub fn collect(site: &crate::Site) -> BTreeMap<String, Vec<String>> {
    let own = site.config.url.as_str();
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut add = |url: &str, path: &str| {
        let url = url.replace("&amp;", "&");
        if (url.starts_with("http://") || url.starts_with("https://")) && !url.starts_with(own) {
            let url = url.split('#').next().unwrap_or(&url).to_string();
            let page = format!("{path}index.html");
            let pages = out.entry(url).or_default();
            if !pages.contains(&page) {
                pages.push(page);
            }
        }
    };
    for (path, html) in &site.html {
        for href in crate::links::attr_values(html, "href") {
            add(href, path);
        }
    }
    for s in &site.content.services {
        for u in [&s.site_web, &s.lien_mobilisation, &s.accessibilite_lieu].into_iter().flatten() {
            add(u, &s.origin.path);
        }
    }
    for st in &site.content.structures {
        if let Some(u) = &st.site_web {
            add(u, &st.origin.path);
        }
    }
    for a in &site.content.actions {
        for u in a.evenements.iter().filter_map(|e| e.lien.as_ref()) {
            add(u, &a.origin.path);
        }
    }
    out
}

/// Names the content file and line of a page's link to an address.
pub type SourceOf<'a> = dyn Fn(&str, &str) -> (String, Option<usize>) + 'a;

/// Why an address does not answer, if it does not.
fn probe(agent: &ureq::Agent, url: &str) -> Option<String> {
    let answer = |r: Result<ureq::http::Response<ureq::Body>, ureq::Error>| match r {
        Ok(resp) => Ok(resp.status().as_u16()),
        Err(ureq::Error::StatusCode(code)) => Ok(code),
        Err(e) => Err(e.to_string()),
    };
    // Some servers refuse HEAD: ask again with GET before judging.
    let status = match answer(agent.head(url).call()) {
        Ok(405 | 403 | 501) | Err(_) => answer(agent.get(url).call()),
        other => other,
    };
    match status {
        Ok(code) if code < 400 => None,
        Ok(code) => Some(format!("répond {code}")),
        Err(e) => Some(format!("injoignable ({e})")),
    }
}

/// Checks the addresses; `source_of` names the content file and line of a page's link.
pub fn check(links: &BTreeMap<String, Vec<String>>, source_of: &SourceOf) -> Vec<Diagnostic> {
    let agent: ureq::Agent =
        ureq::Agent::config_builder().timeout_global(Some(TIMEOUT)).http_status_as_error(false).build().into();
    let queue = Mutex::new(links.keys().collect::<Vec<_>>());
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..WORKERS.min(links.len().max(1)) {
            // Not `while let`: its scrutinee's lock guard would live through the request and
            // turn four workers into one.
            #[allow(clippy::while_let_loop)]
            s.spawn(|| {
                loop {
                    let Some(url) = queue.lock().ok().and_then(|mut q| q.pop()) else { break };
                    if let Some(why) = probe(&agent, url)
                        && let Ok(mut f) = failures.lock()
                    {
                        f.push((url.clone(), why));
                    }
                }
            });
        }
    });
    let mut out = Vec::new();
    for (url, why) in failures.into_inner().unwrap_or_default() {
        for page in &links[&url] {
            let (file, line) = source_of(page, &url);
            let d = Diagnostic::warning("lien-externe", format!("le lien externe « {url} » {why}"))
                .file(file)
                .suggest(Some("vérifiez l'adresse, ou retirez le lien si la page a disparu".into()));
            out.push(match line {
                Some(l) => d.at(Pos::line(l)),
                None => d,
            });
        }
    }
    out
}
