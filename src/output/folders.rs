//! The folders of the staging tree, each made once: by a thread of their own, which goes through
//! the folders of every planned file as soon as the plan is known, or by the writer of a file
//! whose folder is not there yet, whichever comes first.
//!
//! Every page is a folder (`actions/1.1.1-…/index.html`), and on ext4 making one (an inode, a
//! block, an entry in its parent) costs more than writing the page in it. Made by the writers
//! under one lock, the folders of a cold 1 000-page build held each other up: the pages took
//! 176 to 199 ms; with the folders made first, in 36 to 47 ms, 123 to 157 ms. Made beside the
//! Markdown and the pages, they cost no more than the time the other threads leave to them.

use super::{Fs, WriteError};
use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;

pub(super) struct Folders {
    staging: PathBuf,
    /// The staging tree is an earlier site: a folder may be there already, or a file in its place.
    recycled: bool,
    fs: Arc<dyn Fs>,
    state: Mutex<State>,
    /// Told whenever a folder that a thread was making is made, or could not be.
    settled: Condvar,
    /// The folders' own thread stops at its next folder (a run that fails or ends).
    stop: AtomicBool,
}

#[derive(Default)]
struct State {
    made: HashSet<PathBuf>,
    /// Being made by some thread: the others wait for it rather than make it twice, so that each
    /// folder is one change and a run makes as many as the last.
    making: HashSet<PathBuf>,
    /// The first folder that could not be made, and why: every later call fails with it, so that
    /// no folder is tried again after a failure and the run stops.
    failed: Option<Failure>,
}

/// A folder that could not be made, and why (an `io::Error` cannot be cloned).
struct Failure {
    dir: PathBuf,
    kind: io::ErrorKind,
    message: String,
}

impl Failure {
    /// The failure, as the error of the file at `path`.
    fn error(&self, path: impl Into<PathBuf>) -> WriteError {
        WriteError::new(path, "création du dossier impossible", io::Error::new(self.kind, self.message.clone()))
    }
}

impl Folders {
    pub(super) fn new(staging: PathBuf, recycled: bool, fs: Arc<dyn Fs>) -> Arc<Folders> {
        Arc::new(Folders {
            staging,
            recycled,
            fs,
            state: Mutex::default(),
            settled: Condvar::new(),
            stop: AtomicBool::new(false),
        })
    }

    fn lock(&self) -> Result<MutexGuard<'_, State>, WriteError> {
        self.state.lock().map_err(|_| WriteError::interrupted())
    }

    /// Makes, on a thread of their own, the folders of `files` (paths in the staging tree) that
    /// no one has made yet, in the order of the files, each after the folder that holds it.
    /// `None` when no thread can be started: the writers then make every folder themselves.
    pub(super) fn make_ahead(self: &Arc<Self>, files: Vec<String>) -> Option<JoinHandle<()>> {
        let me = Arc::clone(self);
        // The folders made are looked up in `made` rather than in a set of this thread's own:
        // a second set of 10 000 paths raised the peak memory of a 10 000-page build.
        let thread = std::thread::Builder::new().name("portail-dossiers".into());
        let spawned = thread.spawn(move || {
            for file in &files {
                if me.stop.load(Ordering::Relaxed) || me.above(file, &me.staging.join(file)).is_err() {
                    return;
                }
            }
        });
        spawned.ok()
    }

    /// Makes the folders above `target` that are not made yet; `rel` names the file in errors.
    pub(super) fn above(&self, rel: &str, target: &Path) -> Result<(), WriteError> {
        let Some(dir) = target.parent() else { return Ok(()) };
        let missing: Vec<PathBuf> = {
            let state = self.lock()?;
            dir.ancestors()
                .take_while(|d| *d != self.staging && !state.made.contains(*d))
                .map(Path::to_path_buf)
                .collect()
        };
        missing.iter().rev().try_for_each(|d| self.make(d, rel))
    }

    /// Makes `dir` unless it is made, waiting for the thread that is making it if there is one.
    fn make(&self, dir: &Path, rel: &str) -> Result<(), WriteError> {
        let fail = |f: &Failure| f.error(rel);
        let mut state = self.lock()?;
        loop {
            if let Some(f) = &state.failed {
                return Err(fail(f));
            }
            if state.made.contains(dir) {
                return Ok(());
            }
            if !state.making.contains(dir) {
                break;
            }
            state = self.settled.wait(state).map_err(|_| WriteError::interrupted())?;
        }
        state.making.insert(dir.to_path_buf());
        drop(state);
        let made = self.create(dir);
        let mut state = self.lock()?;
        state.making.remove(dir);
        let result = match made {
            Ok(()) => {
                state.made.insert(dir.to_path_buf());
                Ok(())
            }
            Err(e) => {
                let f = Failure { dir: dir.to_path_buf(), kind: e.kind(), message: e.to_string() };
                let err = fail(&f);
                state.failed.get_or_insert(f);
                Err(err)
            }
        };
        drop(state);
        self.settled.notify_all();
        result
    }

    fn create(&self, dir: &Path) -> io::Result<()> {
        let found = if self.recycled { std::fs::symlink_metadata(dir).ok() } else { None };
        match found {
            Some(m) if m.is_dir() => Ok(()),
            found => {
                if found.is_some() {
                    self.fs.remove(dir)?;
                }
                self.fs.create_dir(dir)
            }
        }
    }

    pub(super) fn stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }

    /// The first failure, for a run whose files all found their folders but whose folders'
    /// thread failed on one of them.
    pub(super) fn failure(&self) -> Result<(), WriteError> {
        match &self.lock()?.failed {
            Some(f) => Err(f.error(&f.dir)),
            None => Ok(()),
        }
    }

    /// The folders made, taken out (for the sweep of a recycled tree).
    pub(super) fn take_made(&self) -> Result<HashSet<PathBuf>, WriteError> {
        Ok(std::mem::take(&mut self.lock()?.made))
    }
}
