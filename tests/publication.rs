//! All or nothing: `public/` holds the whole previous site or the whole new one, whatever fails
//! and whenever the process dies.
//!
//! - Fault injection, as SQLite tests its storage layer: every change the writer makes to the
//!   disk goes through `output::Fs`; `Faulty` fails the Nth one with a chosen error, for every N of
//!   a rebuild that changes, adds and removes files, the final swap included.
//! - Kills: a real `portail build` is killed (SIGKILL) at many moments of a rebuild, most near
//!   its end; `public/` is always one site or the other, and any command cleans what is left.

mod common;

use common::*;
use portail::output::{Disk, Fs};
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Fails the `fail_at`th change (1-based) with `errno`; counts them all.
struct Faulty {
    count: AtomicUsize,
    fail_at: usize,
    errno: i32,
    /// Pretend the file system cannot swap two folders (the two-rename path).
    no_exchange: bool,
}

impl Faulty {
    fn new(fail_at: usize, errno: i32, no_exchange: bool) -> Self {
        Faulty { count: AtomicUsize::new(0), fail_at, errno, no_exchange }
    }
    fn tick(&self) -> io::Result<()> {
        if self.count.fetch_add(1, Ordering::SeqCst) + 1 == self.fail_at {
            return Err(io::Error::from_raw_os_error(self.errno));
        }
        Ok(())
    }
}

impl Fs for Faulty {
    fn create_dir(&self, p: &Path) -> io::Result<()> {
        self.tick()?;
        Disk.create_dir(p)
    }
    fn write(&self, p: &Path, b: &[u8]) -> io::Result<()> {
        self.tick()?;
        Disk.write(p, b)
    }
    fn copy(&self, a: &Path, b: &Path) -> io::Result<()> {
        self.tick()?;
        Disk.copy(a, b)
    }
    fn hard_link(&self, a: &Path, b: &Path) -> io::Result<()> {
        self.tick()?;
        Disk.hard_link(a, b)
    }
    fn rename(&self, a: &Path, b: &Path) -> io::Result<()> {
        self.tick()?;
        Disk.rename(a, b)
    }
    fn remove(&self, p: &Path) -> io::Result<()> {
        self.tick()?;
        Disk.remove(p)
    }
    fn exchange(&self, a: &Path, b: &Path) -> io::Result<()> {
        self.tick()?;
        if self.no_exchange {
            return Err(io::Error::new(io::ErrorKind::Unsupported, "RENAME_EXCHANGE"));
        }
        Disk.exchange(a, b)
    }
}

const ENOSPC: i32 = 28;
const EACCES: i32 = 13;
const ENAMETOOLONG: i32 = 36;
const EIO: i32 = 5;

/// The names beside `public/` in the site root, apart from the site's own files.
fn beside(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !["content", "site.toml", "public", ".portail-cache", "static", "themes"].contains(&n.as_str()))
        .collect();
    names.sort();
    names
}

/// A copy of the minimal fixture with `extra` more fiches, so a rebuild changes many files.
fn site(dir: &Path, extra: usize) -> PathBuf {
    let root = dir.join("site");
    copy_tree(&fixture("minimal"), &root);
    let model = std::fs::read_to_string(root.join("content/actions/1.1.1-droits.md")).unwrap();
    for i in 2..extra + 2 {
        let text = model
            .replace("numero = \"1.1.1\"", &format!("numero = \"1.1.{i}\""))
            .replace("titre = \"Accès aux droits\"", &format!("titre = \"Accès aux droits, action {i}\""));
        std::fs::write(root.join(format!("content/actions/1.1.{i}-droits-{i}.md")), text).unwrap();
    }
    root
}

/// The second version of the site: every page changes (the title is on each), one fiche is gone
/// (its pages disappear), one is new.
fn edit(root: &Path) {
    let toml = std::fs::read_to_string(root.join("site.toml")).unwrap();
    std::fs::write(
        root.join("site.toml"),
        toml.replace("titre = \"CLS minimal\"", "titre = \"CLS minimal, 2e version\""),
    )
    .unwrap();
    std::fs::remove_file(root.join("content/actions/1.1.2-droits-2.md")).unwrap();
    let model = std::fs::read_to_string(root.join("content/actions/1.1.1-droits.md")).unwrap();
    std::fs::write(
        root.join("content/actions/1.1.90-neuve.md"),
        model.replace("numero = \"1.1.1\"", "numero = \"1.1.90\""),
    )
    .unwrap();
}

fn opts(root: &Path) -> portail::Options {
    portail::Options { root: root.to_path_buf(), ..portail::Options::default() }
}

/// Where a build keeps the site it replaced, for the next build to bring up to date.
const RESERVE: &str = ".portail-cache/site-precedent-public";

/// Puts the reserve back as `saved` holds it (or removes it), so every faulty run starts from
/// the same state and makes the same changes.
fn reset_reserve(root: &Path, saved: Option<&Path>) {
    let _ = std::fs::remove_dir_all(root.join(RESERVE));
    if let Some(saved) = saved {
        copy_tree(saved, &root.join(RESERVE));
    }
}

#[test]
fn a_failure_at_any_step_of_a_rebuild_leaves_the_previous_site_byte_for_byte() {
    for (no_exchange, recycled) in [(false, false), (true, false), (false, true), (true, true)] {
        let tmp = tempfile::tempdir().unwrap();
        let root = site(tmp.path(), 3);
        if recycled {
            // The reserve is an older version of the site, whose every page differs.
            let toml = std::fs::read_to_string(root.join("site.toml")).unwrap();
            std::fs::write(root.join("site.toml"), toml.replace("titre = \"CLS minimal\"", "titre = \"CLS v0\""))
                .unwrap();
            portail::build(&opts(&root)).expect("build v0");
            std::fs::write(root.join("site.toml"), toml).unwrap();
        }
        portail::build(&opts(&root)).expect("first build");
        assert_eq!(root.join(RESERVE).is_dir(), recycled);
        let saved = tmp.path().join("reserve");
        if recycled {
            copy_tree(&root.join(RESERVE), &saved);
        }
        let saved = recycled.then_some(saved.as_path());
        let before = snapshot_tree(&root.join("public"));
        edit(&root);
        // How many changes a clean rebuild makes, counted on a throwaway copy.
        let probe_dir = tempfile::tempdir().unwrap();
        let probe = probe_dir.path().join("site");
        copy_tree(&root, &probe);
        let counter = Arc::new(Faulty::new(usize::MAX, 0, no_exchange));
        portail::build_with(&opts(&probe), counter.clone()).expect("rebuild without faults");
        let total = counter.count.load(Ordering::SeqCst);
        let after = snapshot_tree(&probe.join("public"));
        assert_ne!(before, after, "the rebuild changes files");
        assert!(total > 50, "a rebuild of the whole site makes many changes: {total}");
        // The reserve brought up to date gives the very site a build into an empty folder gives.
        std::fs::remove_dir_all(probe.join("public")).unwrap();
        std::fs::remove_dir_all(probe.join(".portail-cache")).unwrap();
        portail::build(&opts(&probe)).expect("build into an empty folder");
        assert_eq!(snapshot_tree(&probe.join("public")), after, "recycled: {recycled}");

        let errors = [ENOSPC, EACCES, ENAMETOOLONG, EIO];
        // Without the exchange, only the last changes differ (the swap is two renames).
        let first = if no_exchange { total - 4 } else { 1 };
        for n in first..=total {
            reset_reserve(&root, saved);
            let errno = errors[n % errors.len()];
            let faulty = Arc::new(Faulty::new(n, errno, no_exchange));
            let result = portail::build_with(&opts(&root), faulty.clone());
            let err = result.err().unwrap_or_else(|| panic!("panne n° {n} / {total} : la construction a réussi"));
            let message = match &err {
                portail::Failure::Io(e) => e.to_string(),
                _ => panic!("panne n° {n} : pas une erreur d'écriture"),
            };
            assert!(message.contains(&io::Error::from_raw_os_error(errno).to_string()), "n° {n} : {message}");
            assert_eq!(snapshot_tree(&root.join("public")), before, "panne n° {n} / {total} ({message})");
            assert!(beside(&root).is_empty(), "panne n° {n} : restes {:?}", beside(&root));
        }
        // After a failed run, its staging tree is the reserve: the next build brings it up to date.
        portail::build(&opts(&root)).expect("rebuild");
        assert_eq!(snapshot_tree(&root.join("public")), after);
        assert!(beside(&root).is_empty(), "{:?}", beside(&root));
    }
}

#[test]
fn unchanged_files_keep_their_inode_through_a_rebuild() {
    use std::os::unix::fs::MetadataExt;
    let tmp = tempfile::tempdir().unwrap();
    let root = site(tmp.path(), 1);
    portail::build(&opts(&root)).unwrap();
    let ino = |p: &str| std::fs::metadata(root.join("public").join(p)).unwrap().ino();
    let (css, home) = (ino("theme/favicon.svg"), ino("index.html"));
    edit(&root);
    portail::build(&opts(&root)).unwrap();
    assert_eq!(ino("theme/favicon.svg"), css, "same bytes: not rewritten");
    assert_ne!(ino("index.html"), home, "new title: a new file");
}

/// The release binary is not needed: the debug one is killed at moments spread over a rebuild.
#[test]
fn a_killed_rebuild_leaves_one_whole_site_and_the_next_command_cleans_up() {
    use std::process::{Command, Stdio};
    use std::time::Instant;
    let tmp = tempfile::tempdir().unwrap();
    let root = site(tmp.path(), 150);
    let bin = env!("CARGO_BIN_EXE_portail");
    let build = || Command::new(bin).args(["build", "--quiet", "--root"]).arg(&root).status().unwrap();
    // The two sites, A and B, and how long a rebuild from one to the other takes.
    assert!(build().success());
    let a = snapshot_tree(&root.join("public"));
    let toml_a = std::fs::read_to_string(root.join("site.toml")).unwrap();
    let toml_b = toml_a.replace("titre = \"CLS minimal\"", "titre = \"CLS minimal, 2e version\"");
    std::fs::write(root.join("site.toml"), &toml_b).unwrap();
    let t = Instant::now();
    assert!(build().success());
    let span = t.elapsed();
    let b = snapshot_tree(&root.join("public"));
    assert_ne!(a, b);
    let sites: BTreeMap<&str, (&BTreeMap<String, Vec<u8>>, &str)> =
        [("A", (&a, toml_a.as_str())), ("B", (&b, toml_b.as_str()))].into();

    let mut current = "B";
    let mut outcomes = BTreeMap::<&str, usize>::new();
    let kills = 24;
    // Every fourth kill lands early in the rebuild; the others home in on the moment the new
    // site is staged and swapped in: later after a kill that left the old site, earlier after
    // one that left the new.
    let mut late = 0.8;
    for i in 0..kills {
        let target = if current == "A" { "B" } else { "A" };
        std::fs::write(root.join("site.toml"), sites[target].1).unwrap();
        let early = i % 4 == 0;
        let frac = if early { 0.1 + 0.5 * i as f64 / kills as f64 } else { late };
        let mut child =
            Command::new(bin).args(["build", "--quiet", "--root"]).arg(&root).stderr(Stdio::null()).spawn().unwrap();
        std::thread::sleep(span.mul_f64(frac));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let now = snapshot_tree(&root.join("public"));
        let whole = if now == a {
            "A"
        } else if now == b {
            "B"
        } else {
            panic!("essai {i} (à {:.0} % de la reconstruction) : public/ mêle les deux sites", frac * 100.0)
        };
        let kept_old = whole == current;
        *outcomes.entry(if kept_old { "ancien" } else { "nouveau" }).or_default() += 1;
        if !early {
            late = if kept_old { late * 1.1 } else { late * 0.93 };
        }
        current = whole;
        // Any command cleans what the killed run left beside public/.
        let check = Command::new(bin).args(["check", "--root"]).arg(&root).output().unwrap();
        assert!(check.status.code().is_some(), "{check:?}");
        assert!(beside(&root).is_empty(), "essai {i} : restes {:?}", beside(&root));
        assert_eq!(snapshot_tree(&root.join("public")), *sites[current].0);
    }
    eprintln!("{kills} arrêts brutaux : {outcomes:?} (reconstruction : {span:?})");
    assert!(outcomes.contains_key("ancien") && outcomes.contains_key("nouveau"), "{outcomes:?}");
}
