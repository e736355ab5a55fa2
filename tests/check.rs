//! `portail check`: what it leaves on disk, and `--external-links` against a server on loopback.

mod common;

use common::*;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

/// Answers 200 on `/ok`, 404 elsewhere, for a bounded number of requests.
fn server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(20).flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            reader.read_line(&mut line).unwrap_or(0);
            let mut header = String::new();
            while reader.read_line(&mut header).unwrap_or(0) > 2 {
                header.clear();
            }
            let status = if line.split(' ').nth(1) == Some("/ok") { "200 OK" } else { "404 Not Found" };
            let mut s = stream;
            let _ = write!(s, "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        }
    });
    addr
}

#[test]
fn dead_outside_links_are_warnings_at_their_line() {
    let addr = server();
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_tree(&fixture("minimal"), &root);
    let service = root.join("content/annuaire/pfidass.md");
    let text =
        std::fs::read_to_string(&service).unwrap().replace("https://example.org/pfidass", &format!("http://{addr}/ok"));
    std::fs::write(&service, text).unwrap();
    let action = root.join("content/actions/1.1.1-droits.md");
    let text =
        std::fs::read_to_string(&action).unwrap() + &format!("\nVoir [la page disparue](http://{addr}/absent).\n");
    std::fs::write(&action, text).unwrap();
    let r = root.to_str().unwrap();

    let out = portail(&["check", "--root", r, "--external-links", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "un lien externe mort n'empêche pas la publication");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let dead: Vec<&serde_json::Value> =
        json["warnings"].as_array().unwrap().iter().filter(|w| w["rule"] == "lien-externe").collect();
    assert_eq!(dead.len(), 1, "{json}");
    assert_eq!(dead[0]["file"], "content/actions/1.1.1-droits.md");
    assert_eq!(dead[0]["line"], 22);
    assert!(dead[0]["message"].as_str().unwrap().contains("répond 404"));
    assert_eq!(portail(&["check", "--root", r, "--external-links", "--strict"]).status.code(), Some(1));
    let without = portail(&["check", "--root", r, "--format", "json"]);
    assert!(!String::from_utf8_lossy(&without.stdout).contains("lien-externe"), "sans l'option, aucun appel extérieur");
}

/// `check` publishes nothing and keeps nothing but the resized images, which the build that
/// follows it in CI takes from the cache. It drew QR codes at `site.toml`'s address and wrote them
/// to the cache, where the build for another address (`--base-url`) then drew them all again.
#[test]
fn check_leaves_the_site_folder_as_it_was_but_for_the_image_cache() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_tree(&fixture("complet"), &root);
    let before = snapshot_tree(&root);
    let out = portail(&["check", "--root", root.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut after = snapshot_tree(&root);
    after.retain(|path, _| !path.starts_with(".portail-cache/images/"));
    let changed: Vec<&String> = after.keys().filter(|p| before.get(*p) != after.get(*p)).collect();
    let gone: Vec<&String> = before.keys().filter(|p| !after.contains_key(*p)).collect();
    assert!(changed.is_empty() && gone.is_empty(), "écrits : {changed:?} ; disparus : {gone:?}");
}
