//! `portail serve` on a loopback port: live reload, the last good site kept on errors, and no
//! way out of the output.

mod common;

use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(root: &std::path::Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_portail"))
        .args(["serve", "--root", root.to_str().unwrap(), "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr = line.trim().trim_start_matches("http://").trim_end_matches('/').to_string();
    assert!(addr.starts_with("127.0.0.1:"), "écoute sur la boucle locale par défaut : {line}");
    Server { child, addr }
}

/// A raw HTTP request, so paths reach the server exactly as written.
fn get(addr: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).unwrap();
    let text = String::from_utf8_lossy(&buf).to_string();
    let status = text.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

/// Opens the event stream; returns a reader positioned after the opening comment.
fn events(addr: &str) -> BufReader<TcpStream> {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(s, "GET /__portail/evenements HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut r = BufReader::new(s);
    let mut line = String::new();
    while r.read_line(&mut line).unwrap() > 0 && !line.contains(": ouvert") {
        line.clear();
    }
    r
}

fn wait_reload(r: &mut BufReader<TcpStream>) -> Duration {
    let start = Instant::now();
    let mut line = String::new();
    loop {
        line.clear();
        if r.read_line(&mut line).unwrap_or(0) == 0 {
            panic!("flux d'événements fermé");
        }
        if line.trim() == "data: reload" {
            return start.elapsed();
        }
    }
}

#[test]
fn an_edit_reloads_the_page_and_a_broken_edit_keeps_the_last_good_site() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_tree(&fixture("minimal"), &root);
    let server = start(&root);
    let (status, home) = get(&server.addr, "/");
    assert_eq!(status, 200);
    assert!(home.contains("<script src=\"/__portail/live.js\"></script>"), "script injecté");

    let mut stream = events(&server.addr);
    let action = root.join("content/actions/1.1.1-droits.md");
    let text = std::fs::read_to_string(&action).unwrap();
    std::fs::write(&action, format!("{text}\nUne phrase ajoutée.\n")).unwrap();
    let delay = wait_reload(&mut stream);
    assert!(delay < Duration::from_secs(1), "rechargement en {delay:?}");
    let (_, page) = get(&server.addr, "/actions/1.1.1-droits/");
    assert!(page.contains("Une phrase ajoutée."));

    std::fs::write(&action, text.replace("\"en-cours\"", "\"en cours\"")).unwrap();
    wait_reload(&mut stream);
    let (status, page) = get(&server.addr, "/actions/1.1.1-droits/");
    assert_eq!(status, 200, "le dernier site correct reste servi");
    assert!(page.contains("Une phrase ajoutée."), "dernière version correcte");
    assert!(page.contains("id=\"portail-erreur\""), "l'erreur est affichée");
    assert!(page.contains("content/actions/1.1.1-droits.md:6:10"), "fichier et ligne");
    assert!(page.contains("en-cours"), "suggestion");

    std::fs::write(&action, &text).unwrap();
    wait_reload(&mut stream);
    let (_, page) = get(&server.addr, "/actions/1.1.1-droits/");
    assert!(!page.contains("id=\"portail-erreur\""), "l'erreur disparaît une fois corrigée");
}

/// The preview follows the diagnostic's tables like any other content file: a new value shows,
/// a broken one is reported with its line while the last good site stays.
#[test]
fn the_preview_follows_the_diagnostic_tables() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_tree(&fixture("diagnostic"), &root);
    let server = start(&root);
    let (status, page) = get(&server.addr, "/diagnostic/indicateurs/recours-mg/");
    assert_eq!(status, 200);
    assert!(page.contains("82\u{a0}%"));
    let mut stream = events(&server.addr);
    let values = root.join("content/diagnostic/valeurs.csv");
    let text = std::fs::read_to_string(&values).unwrap();
    std::fs::write(&values, text.replace("recours-mg,territoire,,,2016,82,", "recours-mg,territoire,,,2016,81,"))
        .unwrap();
    wait_reload(&mut stream);
    let (_, page) = get(&server.addr, "/diagnostic/indicateurs/recours-mg/");
    assert!(page.contains("81\u{a0}%") && !page.contains("82\u{a0}%"));
    std::fs::write(&values, text.replace("recours-mg,territoire,,,2016,82,", "recours-mg,territoire,,,2016,182,"))
        .unwrap();
    wait_reload(&mut stream);
    let (status, page) = get(&server.addr, "/diagnostic/indicateurs/recours-mg/");
    assert_eq!(status, 200);
    assert!(page.contains("81\u{a0}%"), "dernière version correcte");
    assert!(page.contains("content/diagnostic/valeurs.csv:"), "fichier et ligne");
}

#[test]
fn requests_cannot_leave_the_output() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_tree(&fixture("minimal"), &root);
    let server = start(&root);
    for path in [
        "/../site.toml",
        "/%2e%2e/site.toml",
        "/actions/..%2f..%2fsite.toml",
        "/..\\site.toml",
        "/content/actions/1.1.1-droits.md",
    ] {
        let (status, body) = get(&server.addr, path);
        assert!(status == 403 || status == 404, "{path} : {status}");
        assert!(!body.contains("titre = "), "{path} ne doit pas lire le site source");
    }
    assert_eq!(get(&server.addr, "/nulle-part/").0, 404);
    assert_eq!(get(&server.addr, "/embed.js").0, 200);
}

#[test]
fn two_hundred_clients_are_answered_while_the_site_rebuilds() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_tree(&fixture("complet"), &root);
    let server = start(&root);
    let pages = [
        "/",
        "/actions/",
        "/actions/1.1.1-pfidass/",
        "/annuaire/",
        "/annuaire/pfidass-test/",
        "/glossaire/",
        "/embed.js",
    ];
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let editor = {
        let root = root.clone();
        let stop = std::sync::Arc::clone(&stop);
        std::thread::spawn(move || {
            let file = root.join("content/actions/1.1.1-pfidass.md");
            let text = std::fs::read_to_string(&file).unwrap();
            let mut i = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) && i < 20 {
                std::fs::write(&file, format!("{text}\nModification {i}.\n")).unwrap();
                std::thread::sleep(Duration::from_millis(60));
                i += 1;
            }
        })
    };
    let clients: Vec<_> = (0..200)
        .map(|c| {
            let addr = server.addr.clone();
            std::thread::spawn(move || {
                let mut problems = Vec::new();
                for k in 0..10 {
                    let path = pages[(c + k) % pages.len()];
                    let (status, body) = get(&addr, path);
                    let whole = if path.ends_with(".js") {
                        body.contains("cls:resize")
                    } else {
                        body.trim_end().ends_with("</html>")
                    };
                    if status != 200 || !whole {
                        problems.push(format!("{path} : {status}, page entière : {whole}"));
                    }
                }
                problems
            })
        })
        .collect();
    let start = Instant::now();
    let problems: Vec<String> = clients.into_iter().flat_map(|c| c.join().unwrap()).collect();
    let elapsed = start.elapsed();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    editor.join().unwrap();
    assert!(
        problems.is_empty(),
        "{} réponses en erreur ou tronquées : {:?}",
        problems.len(),
        &problems[..problems.len().min(5)]
    );
    eprintln!("2000 requêtes de 200 clients pendant les reconstructions : {elapsed:?}");
}

/// The preview keeps files compressed: a browser that takes gzip gets them so, anything else
/// gets the very bytes `portail build` writes.
#[test]
fn files_are_sent_compressed_to_who_takes_them_and_plain_otherwise() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_tree(&fixture("minimal"), &root);
    let built = tmp.path().join("public");
    let status = Command::new(env!("CARGO_BIN_EXE_portail"))
        .args(["build", "--quiet", "--root", root.to_str().unwrap(), "--output", built.to_str().unwrap()])
        .status()
        .unwrap();
    assert!(status.success());
    let server = start(&root);
    let raw = |path: &str, gzip: bool| {
        let mut s = TcpStream::connect(&server.addr).unwrap();
        let accept = if gzip { "Accept-Encoding: gzip, deflate, br\r\n" } else { "" };
        write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\n{accept}Connection: close\r\n\r\n").unwrap();
        let mut buf = Vec::new();
        s.read_to_end(&mut buf).unwrap();
        let split = buf.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        (String::from_utf8_lossy(&buf[..split]).to_lowercase(), buf[split + 4..].to_vec())
    };
    // Files without the site's address in them (the preview serves at its own).
    for file in ["embed.js", "theme/favicon.svg"] {
        let expected = std::fs::read(built.join(file)).unwrap();
        let (head, body) = raw(&format!("/{file}"), false);
        assert!(!head.contains("content-encoding"), "{file} : {head}");
        assert!(body == expected, "{file} : pas les octets de la construction");
        let (head, body) = raw(&format!("/{file}"), true);
        assert!(head.contains("content-encoding: gzip"), "{file} : {head}");
        assert!(body.len() < expected.len(), "{file} : {} octets compressés pour {}", body.len(), expected.len());
        let mut plain = Vec::new();
        flate2::read::GzDecoder::new(&body[..]).read_to_end(&mut plain).unwrap();
        assert!(plain == expected, "{file} : la version compressée diffère");
    }
    // Pages carry the reload script: never sent compressed as stored.
    let (head, body) = raw("/", true);
    assert!(
        !head.contains("content-encoding") && String::from_utf8_lossy(&body).contains("/__portail/live.js"),
        "{head}"
    );
}
