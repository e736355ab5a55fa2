//! Stage 6: writing the site, file by file as each is made, so the site is never whole in memory.
//!
//! A failed build leaves the previous site untouched: nothing is written into the output folder
//! before the build succeeded. Without a previous site, the new one is written in a temporary
//! folder beside the output, renamed into place at the end. With one, only the files whose bytes
//! changed are written, into a temporary folder, and moved into the site at the end, each
//! replacing its old version at once; files the new site no longer has are removed. Unchanged
//! files are not touched: creating and deleting tens of thousands of files and folders costs a
//! file system far more than reading and comparing them.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

pub use crate::route::Output;

/// A file to copy as it is.
pub struct Copy {
    pub path: String,
    pub source: Source,
}

pub enum Source {
    File(PathBuf),
    Bytes(&'static [u8]),
    Owned(Vec<u8>),
}

pub use crate::route::WriteError;

/// Where a run's files go as they are made.
pub trait Sink: Sync {
    fn put(&self, o: Output) -> Result<(), WriteError>;
    fn copy(&self, c: &Copy) -> Result<(), WriteError>;
}

/// `check`: files are made, then forgotten.
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _: Output) -> Result<(), WriteError> {
        Ok(())
    }
    fn copy(&self, _: &Copy) -> Result<(), WriteError> {
        Ok(())
    }
}

/// Refuses an output folder whose replacement would destroy the site itself.
pub fn check_target(root: &Path, out_dir: &Path) -> Result<(), WriteError> {
    let canon = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let (root, out) = (canon(root), canon(out_dir));
    if root.starts_with(&out) || out.join("site.toml").exists() || out.join("content").is_dir() {
        return Err(WriteError {
            path: out_dir.to_path_buf(),
            action: "ne peut pas servir de dossier de sortie : il contient le site lui-même (choisissez par exemple public/)",
            source: None,
        });
    }
    Ok(())
}

/// Removes what an interrupted build left behind (its temporary folders).
fn sweep(parent: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        // The image cache (`.portail-cache`) lives beside them and stays.
        let temporary = name.starts_with(".portail-") && name != ".portail-cache";
        if temporary && e.path().is_dir() {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// Writes a build's files into the output folder; see the module's documentation.
pub struct Writer {
    out: PathBuf,
    /// The new site (no previous one), or the changed files, numbered.
    tmp: tempfile::TempDir,
    update: bool,
    /// Every path of the new site (when updating).
    made: Mutex<HashSet<String>>,
    /// Changed files: path in the site, and the temporary file holding the new bytes.
    changed: Mutex<Vec<(String, PathBuf)>>,
    next: AtomicUsize,
}

impl Writer {
    pub fn open(out_dir: &Path) -> Result<Self, WriteError> {
        let parent = match out_dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(|e| WriteError::new(&parent, "création impossible", e))?;
        sweep(&parent);
        let tmp = tempfile::Builder::new()
            .prefix(".portail-")
            .tempdir_in(&parent)
            .map_err(|e| WriteError::new(&parent, "dossier temporaire impossible", e))?;
        Ok(Writer {
            out: out_dir.to_path_buf(),
            tmp,
            update: out_dir.is_dir(),
            made: Mutex::default(),
            changed: Mutex::default(),
            next: AtomicUsize::new(0),
        })
    }

    /// Stores `rel` unless the previous site has exactly these bytes there.
    fn store(&self, rel: &str, bytes: &[u8]) -> Result<(), WriteError> {
        if !self.update {
            return put(self.tmp.path(), rel, |p| std::fs::write(p, bytes));
        }
        self.made.lock().map_err(|_| WriteError::interrupted())?.insert(rel.to_string());
        let old = self.out.join(rel);
        if same(&old, bytes) {
            return Ok(());
        }
        let staged = self.tmp.path().join(self.next.fetch_add(1, Ordering::Relaxed).to_string());
        std::fs::write(&staged, bytes).map_err(|e| WriteError::new(rel, "écriture impossible", e))?;
        self.changed.lock().map_err(|_| WriteError::interrupted())?.push((rel.to_string(), staged));
        Ok(())
    }

    /// Puts the new site in place.
    pub fn finish(self) -> Result<(), WriteError> {
        if !self.update {
            let tmp = self.tmp.keep();
            return std::fs::rename(&tmp, &self.out).map_err(|e| {
                let _ = std::fs::remove_dir_all(&tmp);
                WriteError::new(&self.out, "écriture impossible", e)
            });
        }
        let made = self.made.into_inner().map_err(|_| WriteError::interrupted())?;
        // What the new site no longer has goes first: a file may become a folder, or the reverse.
        remove_stale(&self.out, &self.out, &made);
        let mut changed = self.changed.into_inner().map_err(|_| WriteError::interrupted())?;
        changed.sort();
        let mut dirs: HashSet<PathBuf> = HashSet::new();
        for (rel, staged) in changed {
            let target = self.out.join(&rel);
            if let Some(dir) = target.parent()
                && dirs.insert(dir.to_path_buf())
            {
                std::fs::create_dir_all(dir).map_err(|e| WriteError::new(&rel, "création du dossier impossible", e))?;
            }
            std::fs::rename(&staged, &target).map_err(|e| WriteError::new(&rel, "écriture impossible", e))?;
        }
        Ok(())
    }
}

/// Whether the file at `path` holds exactly `bytes`; read in slices, so comparing a large export
/// does not hold a second copy of it.
fn same(path: &Path, bytes: &[u8]) -> bool {
    use std::io::Read;
    let Ok(mut file) = std::fs::File::open(path) else { return false };
    if !file.metadata().is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64) {
        return false;
    }
    let mut buf = vec![0; bytes.len().clamp(1, 1 << 16)];
    let mut rest = bytes;
    loop {
        match file.read(&mut buf) {
            Ok(0) => return rest.is_empty(),
            Ok(n) if n <= rest.len() && buf[..n] == rest[..n] => rest = &rest[n..],
            _ => return false,
        }
    }
}

/// Removes the files under `dir` that are not in `made`, and the folders left empty.
fn remove_stale(root: &Path, dir: &Path, made: &HashSet<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let path = e.path();
        let Ok(kind) = e.file_type() else { continue };
        if kind.is_dir() {
            remove_stale(root, &path, made);
            // Fails, as it should, when the folder still holds files.
            let _ = std::fs::remove_dir(&path);
        } else {
            let rel = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            if !made.contains(&rel) {
                let _ = std::fs::remove_file(&path);
            }
        }
    }
}

impl Sink for Writer {
    fn put(&self, o: Output) -> Result<(), WriteError> {
        self.store(&o.path, &o.bytes)
    }

    fn copy(&self, c: &Copy) -> Result<(), WriteError> {
        match &c.source {
            Source::Bytes(b) => self.store(&c.path, b),
            Source::Owned(b) => self.store(&c.path, b),
            Source::File(src) if self.update => {
                let bytes = std::fs::read(src).map_err(|e| WriteError::new(src, "lecture impossible", e))?;
                self.store(&c.path, &bytes)
            }
            Source::File(src) => put(self.tmp.path(), &c.path, |p| std::fs::copy(src, p).map(|_| ())),
        }
    }
}

/// Writes files and copies into `out_dir` at once.
#[cfg(test)]
fn write(out_dir: &Path, outputs: &[Output], copies: &[Copy]) -> Result<(), WriteError> {
    use rayon::prelude::*;
    let w = Writer::open(out_dir)?;
    outputs.par_iter().try_for_each(|o| w.store(&o.path, &o.bytes))?;
    copies.par_iter().try_for_each(|c| w.copy(c))?;
    w.finish()
}

fn put(root: &Path, rel: &str, write: impl FnOnce(&Path) -> std::io::Result<()>) -> Result<(), WriteError> {
    let path = root.join(rel);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| WriteError::new(rel, "création du dossier impossible", e))?;
    }
    write(&path).map_err(|e| WriteError::new(rel, "écriture impossible", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_replace_the_site_itself() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("site.toml"), "").unwrap();
        assert!(check_target(dir.path(), dir.path()).is_err());
        assert!(check_target(&dir.path().join("a"), dir.path()).is_err());
        assert!(check_target(dir.path(), &dir.path().join("public")).is_ok());
    }

    #[test]
    fn leftovers_of_an_interrupted_build_are_swept() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(".portail-abc123/actions")).unwrap();
        write(&dir.path().join("public"), &[], &[]).unwrap();
        assert!(!dir.path().join(".portail-abc123").exists());
        assert!(dir.path().join("public").is_dir());
    }

    #[test]
    fn replaces_the_output_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(out.join("vieux")).unwrap();
        std::fs::write(out.join("vieux/index.html"), "ancien").unwrap();
        let outputs = vec![Output { path: "a/index.html".into(), bytes: b"neuf".to_vec() }];
        write(&out, &outputs, &[Copy { path: "x.css".into(), source: Source::Bytes(b"css") }]).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "neuf");
        assert!(!out.join("vieux").exists());
        let leftovers: Vec<_> =
            std::fs::read_dir(dir.path()).unwrap().filter_map(Result::ok).map(|e| e.file_name()).collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn unchanged_files_are_left_alone_and_only_changes_written() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let page = |p: &str, t: &str| Output { path: p.into(), bytes: t.as_bytes().to_vec() };
        write(&out, &[page("a.html", "même"), page("b.html", "avant"), page("c/index.html", "vieux")], &[]).unwrap();
        let ino = |p: &str| std::fs::metadata(out.join(p)).unwrap().ino();
        let (a, b) = (ino("a.html"), ino("b.html"));
        // `c/` becomes a file, `d/` is new.
        write(
            &out,
            &[page("a.html", "même"), page("b.html", "après"), page("c", "fichier"), page("d/e.html", "neuf")],
            &[],
        )
        .unwrap();
        assert_eq!(ino("a.html"), a, "fichier identique : pas réécrit");
        assert_ne!(ino("b.html"), b, "fichier modifié : remplacé d'un coup");
        let read = |p: &str| std::fs::read_to_string(out.join(p)).unwrap();
        assert_eq!((read("b.html"), read("c"), read("d/e.html")), ("après".into(), "fichier".into(), "neuf".into()));
        let leftovers: Vec<_> =
            std::fs::read_dir(dir.path()).unwrap().filter_map(Result::ok).map(|e| e.file_name()).collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn files_compare_by_content() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a");
        let big: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&f, &big).unwrap();
        assert!(same(&f, &big));
        let mut other = big.clone();
        other[150_000] ^= 1;
        assert!(!same(&f, &other), "une différence après la première tranche");
        assert!(!same(&f, &big[..199_999]));
        assert!(!same(&dir.path().join("absent"), b""));
        std::fs::write(&f, b"").unwrap();
        assert!(same(&f, b""));
    }

    #[test]
    fn a_run_that_does_not_finish_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&out, &[Output { path: "a.html".into(), bytes: b"avant".to_vec() }], &[]).unwrap();
        let w = Writer::open(&out).unwrap();
        w.put(Output { path: "a.html".into(), bytes: b"apr\xc3\xa8s".to_vec() }).unwrap();
        w.put(Output { path: "b.html".into(), bytes: b"nouveau".to_vec() }).unwrap();
        drop(w);
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "avant");
        assert!(!out.join("b.html").exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "dossier temporaire retiré");
    }
}
