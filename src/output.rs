//! Stage 6: writing the site, file by file as each is made, so the site is never whole in memory.
//!
//! Publication is all or nothing. The new site is made whole in a staging folder beside the output
//! (`.portail-tmp-…`): a file whose bytes are those of the previous site is hard-linked from it
//! (not rewritten: same inode, same date), any other file is written. Once the whole tree is
//! there, one `renameat2(RENAME_EXCHANGE)` swaps it with `public/`, and the previous site, now in
//! the staging folder's place, is removed. Until the swap `public/` is the previous site, whatever
//! fails and whenever the process dies; from the swap on, it is the new one. On a file system
//! without the exchange, two renames with the previous site set aside (`.portail-ancien-…`)
//! replace it, and `recover` puts the previous site back if a run died between them. Every
//! operation that changes the disk goes through `Fs`, so tests can fail any one of them
//! (ARCHITECTURE.md, « Publication »).

mod folders;

use folders::Folders;
use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

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
    /// The files the run will make, known before they are: a writer may make their folders
    /// meanwhile. Given as an iterator, so that a sink that has no use for them (`check`, the
    /// preview) does not collect them.
    fn expect(&self, _files: &mut dyn Iterator<Item = String>) {}
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

/// Every change the writer makes to the disk. `Disk` is the real one; a test implementation fails
/// the Nth call with a chosen error, as SQLite tests its storage layer.
pub trait Fs: Send + Sync {
    fn create_dir(&self, path: &Path) -> io::Result<()>;
    fn write(&self, path: &Path, bytes: &[u8]) -> io::Result<()>;
    fn copy(&self, from: &Path, to: &Path) -> io::Result<()>;
    fn hard_link(&self, from: &Path, to: &Path) -> io::Result<()>;
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()>;
    /// Removes a file, or a folder with all it holds (in the staging tree only).
    fn remove(&self, path: &Path) -> io::Result<()>;
    /// Swaps two folders in one step; `Unsupported` where the file system cannot.
    fn exchange(&self, a: &Path, b: &Path) -> io::Result<()>;
}

/// The real file system.
pub struct Disk;

impl Fs for Disk {
    fn create_dir(&self, path: &Path) -> io::Result<()> {
        match std::fs::create_dir(path) {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && path.is_dir() => Ok(()),
            r => r,
        }
    }
    fn write(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        std::fs::write(path, bytes)
    }
    fn copy(&self, from: &Path, to: &Path) -> io::Result<()> {
        std::fs::copy(from, to).map(|_| ())
    }
    fn hard_link(&self, from: &Path, to: &Path) -> io::Result<()> {
        std::fs::hard_link(from, to)
    }
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        std::fs::rename(from, to)
    }
    fn remove(&self, path: &Path) -> io::Result<()> {
        if std::fs::symlink_metadata(path)?.is_dir() {
            std::fs::remove_dir_all(path)
        } else {
            std::fs::remove_file(path)
        }
    }
    #[cfg(any(target_os = "linux", target_os = "android"))]
    fn exchange(&self, a: &Path, b: &Path) -> io::Result<()> {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        // rustix makes the system call itself: glibc has renameat2 only from 2.28, and the released
        // binary needs nothing newer than 2.17.
        match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
            Ok(()) => Ok(()),
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {
                Err(io::Error::new(io::ErrorKind::Unsupported, "RENAME_EXCHANGE"))
            }
            Err(e) => Err(e.into()),
        }
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    fn exchange(&self, _: &Path, _: &Path) -> io::Result<()> {
        Err(io::Error::new(io::ErrorKind::Unsupported, "RENAME_EXCHANGE"))
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

const STAGING: &str = ".portail-tmp-";
const ASIDE: &str = ".portail-ancien-";

/// The output folder's own name, in the names of the folders made for it.
fn name_of(out_dir: &Path) -> String {
    out_dir.file_name().map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned())
}

/// Where the site a build replaces waits for the next build, in the site's `cache`: one per
/// output folder.
pub fn reserve_in(cache: &Path, out_dir: &Path) -> PathBuf {
    cache.join(format!("site-precedent-{}", name_of(out_dir)))
}

fn parent_of(out_dir: &Path) -> PathBuf {
    match out_dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Repairs what a run killed during publication left beside `out_dir`: puts the previous site
/// back if it was set aside and the new one never took its place, then removes the staging
/// folders and set-aside sites. Every command that reads or writes a site calls it first.
pub fn recover(out_dir: &Path) {
    let parent = parent_of(out_dir);
    let Ok(entries) = std::fs::read_dir(&parent) else { return };
    let out = name_of(out_dir);
    let mut ours: Vec<PathBuf> =
        entries.flatten().filter(|e| abandoned(&e.file_name().to_string_lossy(), &out)).map(|e| e.path()).collect();
    ours.sort();
    if !out_dir.exists()
        && let Some(i) = ours.iter().position(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(ASIDE)))
        && std::fs::rename(&ours[i], out_dir).is_ok()
    {
        ours.remove(i);
    }
    for p in ours {
        let _ = if p.is_dir() { std::fs::remove_dir_all(&p) } else { std::fs::remove_file(&p) };
    }
}

/// Whether `name`, beside the output folder `out`, is a staging folder or a set-aside site
/// (`<prefix><out>-<pid>-<nanos>`) of that output that no running process owns. Those of another
/// output in the same folder, and those of a run still going (a `portail check` started during a
/// `portail build` removed the build's staging folder, which then failed), stay.
fn abandoned(name: &str, out: &str) -> bool {
    let Some(rest) = name.strip_prefix(STAGING).or_else(|| name.strip_prefix(ASIDE)) else { return false };
    let mut fields = rest.rsplitn(3, '-');
    let (_nanos, pid, owner) = (fields.next(), fields.next(), fields.next());
    if owner != Some(out) {
        return false;
    }
    match pid.and_then(|p| p.parse::<u32>().ok()) {
        // Without /proc (another system), a process cannot be told alive: every leftover goes.
        Some(pid) if pid != std::process::id() && Path::new("/proc/self").exists() => {
            !Path::new("/proc").join(pid.to_string()).exists()
        }
        _ => true,
    }
}

/// Writes a build's files into a staging tree, then swaps it with the output folder; see the
/// module's documentation.
pub struct Writer {
    out: PathBuf,
    staging: PathBuf,
    /// Whether a previous site is there to compare with and link from.
    update: bool,
    /// Where the site before the previous one waits between builds (`.portail-cache/…`).
    reserve: Option<PathBuf>,
    /// Whether the staging tree is that earlier site, brought up to date in place.
    recycled: bool,
    fs: Arc<dyn Fs>,
    /// The folders of the staging tree, made (or found) once each.
    folders: Arc<Folders>,
    /// The thread that makes the expected files' folders ahead of them.
    ahead: Mutex<Option<std::thread::JoinHandle<()>>>,
    /// Files of the new site, when the staging tree was recycled: everything else goes.
    kept: Mutex<HashSet<PathBuf>>,
    finished: bool,
}

impl Writer {
    pub fn open(out_dir: &Path) -> Result<Self, WriteError> {
        Self::open_with(out_dir, Arc::new(Disk), None)
    }

    /// `reserve`: where to keep the replaced site for the next build to bring up to date, instead
    /// of removing it and making every folder and link again (on the same file system as
    /// `out_dir`; else it is removed).
    pub fn open_with(out_dir: &Path, fs: Arc<dyn Fs>, reserve: Option<PathBuf>) -> Result<Self, WriteError> {
        let parent = parent_of(out_dir);
        std::fs::create_dir_all(&parent).map_err(|e| WriteError::new(&parent, "création impossible", e))?;
        recover(out_dir);
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let staging = parent.join(format!("{STAGING}{}-{}-{nanos}", name_of(out_dir), std::process::id()));
        // A real folder only: a link there could lead the writes out of the site.
        let spare = reserve.as_ref().filter(|r| std::fs::symlink_metadata(r).is_ok_and(|m| m.is_dir()));
        let recycled = match spare {
            Some(r) => std::fs::rename(r, &staging).is_ok(),
            None => false,
        };
        if !recycled {
            fs.create_dir(&staging).map_err(|e| WriteError::new(&staging, "dossier temporaire impossible", e))?;
        }
        Ok(Writer {
            out: out_dir.to_path_buf(),
            update: out_dir.is_dir(),
            folders: Folders::new(staging.clone(), recycled, Arc::clone(&fs)),
            ahead: Mutex::default(),
            staging,
            reserve,
            recycled,
            fs,
            kept: Mutex::default(),
            finished: false,
        })
    }

    /// Makes the folders above `rel` in the staging tree, once each (`folders`).
    fn folders(&self, rel: &str) -> Result<PathBuf, WriteError> {
        let target = self.staging.join(rel);
        self.folders.above(rel, &target)?;
        Ok(target)
    }

    /// Stops the thread that makes folders ahead, and waits for it: nothing may change the
    /// staging tree once it is published or set aside.
    fn settle(&self) {
        self.folders.stop();
        if let Some(ahead) = self.ahead.lock().ok().and_then(|mut a| a.take()) {
            let _ = ahead.join();
        }
    }

    /// Puts `rel` in the staging tree: linked from the previous site when its bytes are the same.
    /// In a recycled tree, a file already right stays, and any other is removed before it is made
    /// again: it may be a link to the published site, which must not change.
    fn store(&self, rel: &str, bytes: &[u8]) -> Result<(), WriteError> {
        let target = self.folders(rel)?;
        let mut here = None;
        if self.recycled {
            self.kept.lock().map_err(|_| WriteError::interrupted())?.insert(target.clone());
            here = std::fs::symlink_metadata(&target).ok();
        }
        let old = self.out.join(rel);
        let linkable = self.update && same(&old, bytes);
        if let Some(m) = &here {
            let right = if linkable { same_file(m, &old) } else { m.is_file() && same(&target, bytes) };
            if right {
                return Ok(());
            }
            self.fs.remove(&target).map_err(|e| WriteError::new(rel, "remplacement impossible", e))?;
        }
        if linkable {
            match self.fs.hard_link(&old, &target) {
                Ok(()) => return Ok(()),
                // A file system without hard links (or `public/` mounted apart): write the bytes.
                Err(e) if matches!(e.raw_os_error(), Some(1 | 18 | 95)) => {} // EPERM, EXDEV, EOPNOTSUPP
                Err(e) => return Err(WriteError::new(rel, "lien vers la version précédente impossible", e)),
            }
        }
        self.fs.write(&target, bytes).map_err(|e| WriteError::new(rel, "écriture impossible", e))
    }

    /// Removes from a recycled staging tree what the new site does not have.
    fn sweep(&self, dir: &Path, kept: &HashSet<PathBuf>, dirs: &HashSet<PathBuf>) -> Result<(), WriteError> {
        use rayon::prelude::*;
        let fail = |p: &Path, e| WriteError::new(p, "nettoyage du dossier temporaire impossible", e);
        let entries: Vec<std::fs::DirEntry> =
            std::fs::read_dir(dir).map_err(|e| fail(dir, e))?.collect::<Result<_, _>>().map_err(|e| fail(dir, e))?;
        // Ten thousand folders are read one by one at 10 000 pages: on two threads, not one.
        entries.par_iter().try_for_each(|e| {
            let path = e.path();
            let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
            if is_dir && dirs.contains(&path) {
                self.sweep(&path, kept, dirs)
            } else if is_dir || !kept.contains(&path) {
                self.fs.remove(&path).map_err(|e| fail(&path, e))
            } else {
                Ok(())
            }
        })
    }

    /// Keeps the replaced site at `reserve` for the next build, or removes it. Either can fail
    /// without harm: the new site is in place, and the next run sweeps what is left.
    fn retire(&self, old: &Path) {
        let kept = self.reserve.as_ref().is_some_and(|r| {
            let _ = std::fs::remove_dir_all(r);
            r.parent().is_some_and(|p| std::fs::create_dir_all(p).is_ok()) && std::fs::rename(old, r).is_ok()
        });
        if !kept {
            let _ = std::fs::remove_dir_all(old);
        }
    }

    /// Puts the new site in place, in one step.
    pub fn finish(mut self) -> Result<(), WriteError> {
        self.finished = true;
        // The staging tree of a run that fails is the next one's reserve, as in `drop`.
        let fail = |w: &Writer, e: io::Error| {
            w.retire(&w.staging);
            WriteError::new(&w.out, "mise en place du site impossible", e)
        };
        self.settle();
        if let Err(e) = self.folders.failure() {
            self.retire(&self.staging);
            return Err(e);
        }
        if self.recycled {
            let kept = std::mem::take(&mut *self.kept.lock().map_err(|_| WriteError::interrupted())?);
            let dirs = self.folders.take_made()?;
            if let Err(e) = self.sweep(&self.staging, &kept, &dirs) {
                self.retire(&self.staging);
                return Err(e);
            }
        }
        if !self.update {
            return self.fs.rename(&self.staging, &self.out).map_err(|e| fail(&self, e));
        }
        match self.fs.exchange(&self.staging, &self.out) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::Unsupported => {
                let aside = parent_of(&self.out).join(format!(
                    "{ASIDE}{}",
                    self.staging.file_name().unwrap_or_default().to_string_lossy().trim_start_matches(STAGING)
                ));
                self.fs.rename(&self.out, &aside).map_err(|e| fail(&self, e))?;
                if let Err(e) = self.fs.rename(&self.staging, &self.out) {
                    let _ = std::fs::rename(&aside, &self.out);
                    return Err(fail(&self, e));
                }
                self.retire(&aside);
                return Ok(());
            }
            Err(e) => return Err(fail(&self, e)),
        }
        // The previous site is now where the staging tree was.
        self.retire(&self.staging);
        Ok(())
    }
}

/// Whether `m`, the metadata of a file in the staging tree, is that of the file at `path`.
fn same_file(m: &std::fs::Metadata, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        m.is_file() && std::fs::metadata(path).is_ok_and(|o| o.dev() == m.dev() && o.ino() == m.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = (m, path);
        false
    }
}

impl Drop for Writer {
    /// A run that stops before `finish` leaves nothing beside the output: its staging tree, whole
    /// or not, is the next run's reserve (every file of it is checked before it is kept).
    fn drop(&mut self) {
        if !self.finished {
            self.settle();
            self.retire(&self.staging);
        }
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

impl Sink for Writer {
    fn expect(&self, files: &mut dyn Iterator<Item = String>) {
        if let Ok(mut ahead) = self.ahead.lock()
            && ahead.is_none()
        {
            *ahead = self.folders.make_ahead(files.collect());
        }
    }

    fn put(&self, o: Output) -> Result<(), WriteError> {
        self.store(&o.path, &o.bytes)
    }

    fn copy(&self, c: &Copy) -> Result<(), WriteError> {
        match &c.source {
            Source::Bytes(b) => self.store(&c.path, b),
            Source::Owned(b) => self.store(&c.path, b),
            Source::File(src) if self.update || self.recycled => {
                let bytes = std::fs::read(src).map_err(|e| WriteError::new(src, "lecture impossible", e))?;
                self.store(&c.path, &bytes)
            }
            Source::File(src) => {
                let target = self.folders(&c.path)?;
                self.fs.copy(src, &target).map_err(|e| WriteError::new(&c.path, "écriture impossible", e))
            }
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
        // 999999999 is past any process number Linux gives (at most 2^22).
        std::fs::create_dir_all(dir.path().join(".portail-tmp-public-999999999-2/actions")).unwrap();
        // Tools a site keeps beside its output (publier.sh's) and the image cache stay.
        std::fs::create_dir_all(dir.path().join(".portail-outils/0.1.0/bin")).unwrap();
        std::fs::create_dir_all(dir.path().join(".portail-cache/images")).unwrap();
        write(&dir.path().join("public"), &[], &[]).unwrap();
        assert!(!dir.path().join(".portail-tmp-public-999999999-2").exists());
        assert!(dir.path().join(".portail-outils/0.1.0/bin").is_dir());
        assert!(dir.path().join(".portail-cache/images").is_dir());
        assert!(dir.path().join("public").is_dir());
    }

    #[test]
    fn leftovers_of_another_output_or_of_a_running_build_stay() {
        let dir = tempfile::tempdir().unwrap();
        // This test's parent process is running: its staging folder is in use.
        let running = format!(".portail-tmp-public-{}-5", std::os::unix::process::parent_id());
        let names = [running.as_str(), ".portail-tmp-apercu-999999999-5", ".portail-ancien-public-2-999999999-5"];
        for name in names {
            std::fs::create_dir_all(dir.path().join(name).join("actions")).unwrap();
        }
        std::fs::create_dir_all(dir.path().join(".portail-ancien-public-999999999-5/actions")).unwrap();
        write(&dir.path().join("public"), &[], &[]).unwrap();
        for name in names {
            assert!(dir.path().join(name).join("actions").is_dir(), "{name}");
        }
        assert!(!dir.path().join(".portail-ancien-public-999999999-5").exists());
        assert!(abandoned(".portail-tmp-public-2-999999999-5", "public-2"));
        assert!(!abandoned(".portail-tmp-public-2-999999999-5", "public"));
        assert!(!abandoned(".portail-outils", "public"));
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

    /// The real disk, counting the folders made; it fails to make the one that ends in `fail`,
    /// and with `no_swap` the exchange fails, so a run stops at its very last step.
    #[derive(Default)]
    struct TestDisk {
        made: std::sync::atomic::AtomicUsize,
        fail: Option<&'static str>,
        no_swap: bool,
    }

    impl Fs for TestDisk {
        fn create_dir(&self, path: &Path) -> io::Result<()> {
            self.made.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            match self.fail {
                Some(f) if path.ends_with(f) => Err(io::Error::from_raw_os_error(28)), // ENOSPC
                _ => Disk.create_dir(path),
            }
        }
        fn write(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
            Disk.write(path, bytes)
        }
        fn copy(&self, from: &Path, to: &Path) -> io::Result<()> {
            Disk.copy(from, to)
        }
        fn hard_link(&self, from: &Path, to: &Path) -> io::Result<()> {
            Disk.hard_link(from, to)
        }
        fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
            Disk.rename(from, to)
        }
        fn remove(&self, path: &Path) -> io::Result<()> {
            Disk.remove(path)
        }
        fn exchange(&self, a: &Path, b: &Path) -> io::Result<()> {
            if self.no_swap { Err(io::Error::from_raw_os_error(28)) } else { Disk.exchange(a, b) }
        }
    }

    #[test]
    fn the_replaced_site_is_brought_up_to_date_without_touching_the_published_one() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let (out, reserve) = (dir.path().join("public"), dir.path().join(".portail-cache/reserve"));
        let page = |p: &str, t: &str| Output { path: p.into(), bytes: t.as_bytes().to_vec() };
        let run = |fs: Arc<dyn Fs>, pages: &[Output]| {
            let w = Writer::open_with(&out, fs, Some(reserve.clone())).unwrap();
            pages.iter().try_for_each(|o| w.store(&o.path, &o.bytes)).unwrap();
            w.finish()
        };
        let v1 = [page("a.html", "même"), page("b.html", "v1"), page("c/index.html", "c"), page("d", "d")];
        run(Arc::new(Disk), &v1).unwrap();
        assert!(!reserve.exists(), "nothing replaced yet");
        run(Arc::new(Disk), &v1).unwrap();
        // The reserve is the first site, its files the published ones (links).
        let ino = |p: &Path| std::fs::metadata(p).unwrap().ino();
        assert_eq!(ino(&reserve.join("b.html")), ino(&out.join("b.html")));
        let published = |o: &Path| snapshot(o);
        let before = published(&out);
        // `b` changes, `c/` becomes a file and `d` a folder, `e` is new: a run that fails at the
        // swap has brought the reserve up to date, and left the published files as they were.
        let v2 = [page("a.html", "même"), page("b.html", "v2"), page("c", "fichier"), page("d/x", "x"), page("e", "e")];
        assert!(run(Arc::new(TestDisk { no_swap: true, ..TestDisk::default() }), &v2).is_err());
        assert_eq!(published(&out), before, "le site publié n'a pas changé");
        assert_eq!(published(&reserve), snapshot_of(&v2), "la réserve est la nouvelle version");
        run(Arc::new(Disk), &v2).unwrap();
        assert_eq!(published(&out), snapshot_of(&v2));
        assert_eq!(published(&reserve), before, "la réserve est la version remplacée");
        let leftovers: Vec<_> =
            std::fs::read_dir(dir.path()).unwrap().filter_map(Result::ok).map(|e| e.file_name()).collect();
        assert_eq!(leftovers.len(), 2, "{leftovers:?}");
    }

    fn snapshot(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
        let mut files = std::collections::BTreeMap::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                    files.insert(rel, std::fs::read(&p).unwrap());
                }
            }
        }
        files
    }

    fn snapshot_of(pages: &[Output]) -> std::collections::BTreeMap<String, Vec<u8>> {
        pages.iter().map(|o| (o.path.clone(), o.bytes.clone())).collect()
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

    /// 300 pages in 7 sections, each page a folder: `s3/p10/index.html`.
    fn pages() -> Vec<String> {
        (0..300).map(|i| format!("s{}/p{i}/index.html", i % 7)).collect()
    }

    #[test]
    fn folders_made_ahead_of_their_files_are_made_once_each() {
        use rayon::prelude::*;
        // The folders' thread and the writers race differently from run to run.
        for _ in 0..10 {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join("public");
            let fs = Arc::new(TestDisk::default());
            let w = Writer::open_with(&out, fs.clone(), None).unwrap();
            w.expect(&mut pages().into_iter());
            pages()
                .par_iter()
                .try_for_each(|p| w.put(Output { path: p.clone(), bytes: p.clone().into_bytes() }))
                .unwrap();
            // A file that was not expected finds its folders too.
            w.put(Output { path: "s3/autre/page.html".into(), bytes: b"autre".to_vec() }).unwrap();
            w.finish().unwrap();
            // The staging folder, 7 sections, 300 pages and one more.
            assert_eq!(fs.made.load(std::sync::atomic::Ordering::SeqCst), 1 + 7 + 300 + 1);
            for p in pages() {
                assert_eq!(std::fs::read_to_string(out.join(&p)).unwrap(), p);
            }
        }
    }

    #[test]
    fn a_folder_that_cannot_be_made_fails_the_run_whoever_makes_it() {
        use rayon::prelude::*;
        for _ in 0..20 {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join("public");
            let fs = Arc::new(TestDisk { fail: Some("s3/p10"), ..TestDisk::default() });
            let w = Writer::open_with(&out, fs, None).unwrap();
            w.expect(&mut pages().into_iter());
            let r = pages().par_iter().try_for_each(|p| w.put(Output { path: p.clone(), bytes: vec![] }));
            let e = r.expect_err("le dossier s3/p10 manque").to_string();
            assert!(e.contains("création du dossier impossible"), "{e}");
            drop(w);
            assert!(!out.exists());
            assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "dossier temporaire retiré");
        }
    }
}
