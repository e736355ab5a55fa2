//! Watching the site: file-system events, filtered and debounced, become rebuilds.

use crate::Options;
use notify::{RecursiveMode, Watcher};
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

/// Quiet time after the last event before rebuilding: editors save in several writes, a few
/// milliseconds apart (truncate then write, or write aside then rename).
const DEBOUNCE: Duration = Duration::from_millis(10);

/// Whether a changed path matters to the site (not the output, VCS or editor leftovers).
pub fn relevant(root: &Path, out: &Path, path: &Path) -> bool {
    if path.starts_with(out) {
        return false;
    }
    let Ok(rel) = path.strip_prefix(root) else { return false };
    let first = rel.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned()).unwrap_or_default();
    if !matches!(first.as_str(), "site.toml" | "content" | "static" | "themes") {
        return false;
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    !(name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || name.starts_with("#"))
}

/// A started watcher: events are recorded from the moment it exists, so nothing saved after
/// the preview announces itself is missed.
pub struct Watch {
    _watcher: notify::RecommendedWatcher,
    events: mpsc::Receiver<Vec<std::path::PathBuf>>,
    root: std::path::PathBuf,
    out: std::path::PathBuf,
}

pub fn start(opts: &Options) -> Result<Watch, String> {
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |e: notify::Result<notify::Event>| {
        // Reading the site to rebuild it raises access events: only changes count.
        if let Ok(e) = e
            && matches!(
                e.kind,
                notify::EventKind::Create(_) | notify::EventKind::Modify(_) | notify::EventKind::Remove(_)
            )
            && !matches!(e.kind, notify::EventKind::Modify(notify::event::ModifyKind::Metadata(_)))
        {
            let _ = tx.send(e.paths);
        }
    })
    .map_err(|e| format!("surveillance des fichiers impossible : {e}"))?;
    let root = opts.root.canonicalize().unwrap_or_else(|_| opts.root.clone());
    let out = opts.output_dir().canonicalize().unwrap_or_else(|_| root.join("public"));
    watcher
        .watch(&root, RecursiveMode::Recursive)
        .map_err(|e| format!("surveillance de {} impossible : {e}", root.display()))?;
    Ok(Watch { _watcher: watcher, events: rx, root, out })
}

impl Watch {
    /// Calls `rebuild` with the changed files (relative to the root) after each burst of changes.
    pub fn run(self, mut rebuild: impl FnMut(&[String])) {
        let (root, out) = (self.root, self.out);
        while let Ok(first) = self.events.recv() {
            let mut changed: Vec<String> = Vec::new();
            let mut add = |paths: Vec<std::path::PathBuf>| {
                for p in paths.into_iter().filter(|p| relevant(&root, &out, p) && !p.is_dir()) {
                    let rel = crate::diag::rel(&root, &p);
                    if !changed.contains(&rel) {
                        changed.push(rel);
                    }
                }
            };
            add(first);
            while let Ok(more) = self.events.recv_timeout(DEBOUNCE) {
                add(more);
            }
            if !changed.is_empty() {
                changed.sort();
                rebuild(&changed);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_site_files_trigger_rebuilds() {
        let root = Path::new("/site");
        let out = Path::new("/site/public");
        assert!(relevant(root, out, Path::new("/site/content/actions/a.md")));
        assert!(relevant(root, out, Path::new("/site/site.toml")));
        assert!(!relevant(root, out, Path::new("/site/public/index.html")));
        assert!(!relevant(root, out, Path::new("/site/.git/index")));
        assert!(!relevant(root, out, Path::new("/site/content/actions/.a.md.swp")));
        assert!(!relevant(root, out, Path::new("/site/content/actions/a.md~")));
        assert!(!relevant(root, out, Path::new("/site/target/debug/x")));
    }
}
