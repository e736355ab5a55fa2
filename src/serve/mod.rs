//! `portail serve`: a local preview that rebuilds on every save and reloads open pages.
//!
//! The site lives in memory; an edit that does not build keeps the last good site on screen,
//! with the errors over it and in the terminal. Split by responsibility: `http` answers
//! requests, `watch` turns file-system events into rebuilds, this module holds the state.

pub mod http;
pub mod watch;

use crate::diag::Diagnostic;
use crate::live::Live;
use crate::{Failure, Options, Report};
use std::collections::BTreeMap;
use std::sync::{Arc, Condvar, Mutex};

/// What the preview serves.
#[derive(Default)]
pub struct State {
    /// The preview's files, shared with the kept site (`Live`): copying the map copies no page.
    pub files: BTreeMap<String, crate::live::Packed>,
    /// Text of the findings while the last edit does not build.
    pub error: Option<String>,
    /// Bumped on every rebuild, successful or not: open pages reload.
    pub version: u64,
    pub stopping: bool,
}

/// What happens, for the command line to print.
pub enum Event<'a> {
    Ready { url: String },
    Rebuilt { changed: &'a [String], report: &'a Report },
    Failed { changed: &'a [String], findings: &'a [Diagnostic] },
    IoError(String),
}

pub type Shared = Arc<(Mutex<State>, Condvar)>;

/// Updates the kept site (incrementally when it can) and publishes the result in the shared
/// state; says what happened.
fn rebuild(opts: &Options, live: &mut Option<Live>, state: &Shared, changed: &[String], on_event: &dyn Fn(Event)) {
    let result = match live {
        Some(l) => l.update(changed),
        None => Live::start(opts).map(|(l, report)| {
            *live = Some(l);
            report
        }),
    };
    let (lock, cvar) = &**state;
    let Ok(mut s) = lock.lock() else { return };
    match result {
        Ok(report) => {
            if let Some(l) = live {
                // Only what changed is copied to what the server reads.
                if l.full {
                    s.files = l.files().clone();
                } else {
                    for p in &l.rendered {
                        if let Some(b) = l.files().get(p) {
                            s.files.insert(p.clone(), b.clone());
                        }
                    }
                }
            }
            s.error = None;
            on_event(Event::Rebuilt { changed, report: &report });
        }
        Err(Failure::Content(findings)) => {
            let text = findings
                .iter()
                .filter(|d| d.severity == crate::diag::Severity::Error)
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n");
            s.error = Some(text);
            on_event(Event::Failed { changed, findings: &findings });
        }
        Err(Failure::Io(e)) => {
            let e = e.to_string();
            s.error = Some(e.clone());
            on_event(Event::IoError(e));
        }
        Err(Failure::Template(e)) => {
            s.error = Some(e.clone());
            on_event(Event::IoError(e));
        }
    }
    s.version += 1;
    cvar.notify_all();
    drop(s);
    // Then the search index and the open data catch up, without making open pages reload again.
    // The previous index stays served, for a search page opened before the edit.
    if let Some(l) = live
        && let Ok(written) = l.catch_up()
        && !written.is_empty()
        && let Ok(mut s) = lock.lock()
    {
        for p in written {
            if let Some(b) = l.files().get(&p) {
                s.files.insert(p, b.clone());
            }
        }
    }
}

/// Serves `opts.root` on `bind:port` until the process ends. `port` 0 picks a free port.
pub fn run(mut opts: Options, bind: &str, port: u16, on_event: &(dyn Fn(Event) + Sync)) -> Result<(), String> {
    let server =
        tiny_http::Server::http((bind, port)).map_err(|e| format!("impossible d'écouter sur {bind}:{port} : {e}"))?;
    let addr = server.server_addr().to_ip().ok_or("adresse d'écoute inconnue")?;
    let url = format!("http://{addr}/");
    // Links must work at the preview's address, whatever `url` says.
    opts.base_url = Some(url.clone());
    crate::output::recover(&opts.output_dir());
    let state: Shared = Arc::new((Mutex::new(State::default()), Condvar::new()));
    let watch = watch::start(&opts)?;
    let mut live = None;
    rebuild(&opts, &mut live, &state, &[], on_event);
    on_event(Event::Ready { url });
    let server = Arc::new(server);
    std::thread::scope(|scope| {
        let watcher_state = Arc::clone(&state);
        let watch_opts = opts.clone();
        scope.spawn(move || watch.run(|changed| rebuild(&watch_opts, &mut live, &watcher_state, changed, on_event)));
        loop {
            let Ok(request) = server.recv() else { break };
            let state = Arc::clone(&state);
            // One thread a request: event streams stay open as long as their tab.
            std::thread::spawn(move || http::handle(request, &state));
        }
    });
    Ok(())
}
