//! The preview's HTTP side: files from memory, the live-reload event stream, the error overlay.

use super::State;
use std::io::Write;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;
use tiny_http::{Header, Request, Response, StatusCode};

const LIVE_JS: &str = include_str!("live.js");

fn header(k: &str, v: &str) -> Header {
    Header::from_bytes(k.as_bytes(), v.as_bytes()).expect("en-tête ASCII")
}

/// Why a path is refused: `..`, encoded or not, backslashes and NUL never reach the files.
pub fn clean_path(raw: &str) -> Result<String, &'static str> {
    let path = raw.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path).ok_or("adresse mal encodée")?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return Err("caractère interdit");
    }
    let mut parts = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => return Err("remontée de dossier refusée"),
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if decoded.ends_with('/') && !out.is_empty() {
        out.push('/');
    }
    Ok(out)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "geojson" => "application/geo+json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "ics" => "text/calendar; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        _ => "application/octet-stream",
    }
}

/// Adds the live-reload script, and the error overlay while the last edit does not build.
fn decorate(html: &[u8], error: Option<&str>) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let mut extra = String::from("<script src=\"/__portail/live.js\"></script>");
    if let Some(e) = error {
        extra.push_str(&format!(
            "<div id=\"portail-erreur\" role=\"alert\" style=\"position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;margin:0;padding:1rem 1.5rem;background:#fff3f3;color:#5c0011;border-top:4px solid #a1262d;font:16px/1.5 system-ui,sans-serif;z-index:2147483647\"><h2 style=\"margin:0 0 .5rem;font-size:1.2rem\">La dernière modification contient des erreurs : le site affiché est la dernière version correcte.</h2><pre style=\"white-space:pre-wrap;margin:0\">{}</pre></div>",
            crate::markdown::escape(e)
        ));
    }
    match text.rfind("</body>") {
        Some(i) => format!("{}{extra}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{extra}").into_bytes(),
    }
}

pub fn handle(request: Request, state: &Arc<(Mutex<State>, Condvar)>) {
    let url = request.url().to_string();
    let path = match clean_path(&url) {
        Ok(p) => p,
        Err(why) => {
            let _ = request
                .respond(Response::from_string(format!("Requête refusée : {why}.")).with_status_code(StatusCode(403)));
            return;
        }
    };
    match path.as_str() {
        "__portail/live.js" => {
            let _ = request.respond(
                Response::from_string(LIVE_JS).with_header(header("Content-Type", "text/javascript; charset=utf-8")),
            );
        }
        "__portail/evenements" => events(request, state),
        _ => {
            let gzip =
                request.headers().iter().any(|h| h.field.equiv("Accept-Encoding") && h.value.as_str().contains("gzip"));
            // Under the lock, only the file's handle is taken (an `Arc`): unpacking waits until
            // the lock is let go, so other requests and the rebuild are not held up by it.
            let (found, error, status, file) = {
                let Ok(s) = state.0.lock() else { return };
                let file =
                    if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.clone() };
                let file = if s.files.contains_key(&file) {
                    file
                } else if s.files.contains_key(&format!("{file}/index.html")) {
                    format!("{file}/index.html")
                } else {
                    file
                };
                match s.files.get(&file) {
                    Some(b) => (Some(b.clone()), s.error.clone(), 200, file),
                    None => (s.files.get("404.html").cloned(), s.error.clone(), 404, "404.html".into()),
                }
            };
            let (body, packed) = match found {
                Some(b) if file.ends_with(".html") => (decorate(&b.bytes(), error.as_deref()), false),
                // Kept compressed: sent as it is to a browser that takes it.
                Some(b) if gzip => (b.gzip().to_vec(), true),
                Some(b) => (b.bytes(), false),
                None => (b"Page introuvable".to_vec(), false),
            };
            let mut response = Response::from_data(body)
                .with_status_code(StatusCode(status))
                .with_header(header("Content-Type", content_type(&file)))
                .with_header(header("Cache-Control", "no-store"));
            if packed {
                response.add_header(header("Content-Encoding", "gzip"));
            }
            let _ = request.respond(response);
        }
    }
}

/// Server-sent events: one `reload` each time the site (or its error) changes, and a comment
/// every 15 s so that a closed tab ends the stream. Written by hand on the raw connection:
/// a buffered response body would hold the events back.
fn events(request: Request, state: &Arc<(Mutex<State>, Condvar)>) {
    let mut seen = state.0.lock().map(|s| s.version).unwrap_or(0);
    let mut out = request.into_writer();
    let head =
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
    if out.write_all(head.as_bytes()).and_then(|_| out.write_all(b": ouvert\n\n")).and_then(|_| out.flush()).is_err() {
        return;
    }
    loop {
        let message = {
            let (lock, cvar) = &**state;
            let Ok(guard) = lock.lock() else { return };
            let Ok((guard, _)) =
                cvar.wait_timeout_while(guard, Duration::from_secs(15), |s| s.version == seen && !s.stopping)
            else {
                return;
            };
            if guard.stopping {
                return;
            }
            if guard.version != seen {
                seen = guard.version;
                "data: reload\n\n"
            } else {
                ": ping\n\n"
            }
        };
        if out.write_all(message.as_bytes()).and_then(|_| out.flush()).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_climb_out() {
        assert_eq!(clean_path("/actions/x/?q=1").unwrap(), "actions/x/");
        assert_eq!(clean_path("/").unwrap(), "");
        assert!(clean_path("/../site.toml").is_err());
        assert!(clean_path("/%2e%2e/site.toml").is_err());
        assert!(clean_path("/a/..%2F..%2Fsite.toml").is_err());
        assert!(clean_path("/a\\..\\b").is_err());
        assert!(clean_path("/%zz").is_err());
    }

    #[test]
    fn overlay_and_script_are_injected_before_body_end() {
        let out =
            String::from_utf8(decorate(b"<html><body><p>x</p></body></html>", Some("a.md:3 : <erreur>"))).unwrap();
        assert!(out.contains("/__portail/live.js"));
        assert!(out.contains("a.md:3 : &lt;erreur&gt;"));
        assert!(out.ends_with("</body></html>"));
    }
}
