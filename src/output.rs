//! Stage 6: writing the site. Everything goes to a temporary folder beside the output,
//! which replaces the output only once complete: a failed build leaves the previous
//! site untouched, and readers never see half a site.

use crate::render::Output;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

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

/// Refuses an output folder whose replacement would destroy the site itself.
pub fn check_target(root: &Path, out_dir: &Path) -> Result<(), String> {
    let canon = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let (root, out) = (canon(root), canon(out_dir));
    if root.starts_with(&out) || out.join("site.toml").exists() || out.join("content").is_dir() {
        return Err(format!(
            "{} ne peut pas servir de dossier de sortie : il contient le site lui-même (choisissez par exemple public/)",
            out_dir.display()
        ));
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

pub fn write(out_dir: &Path, outputs: &[Output], copies: &[Copy]) -> Result<(), String> {
    let parent = match out_dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| format!("{} : création impossible : {e}", parent.display()))?;
    sweep(&parent);
    let tmp = tempfile::Builder::new()
        .prefix(".portail-")
        .tempdir_in(&parent)
        .map_err(|e| format!("{} : dossier temporaire impossible : {e}", parent.display()))?;
    let previous = out_dir.is_dir().then_some(out_dir);
    outputs.par_iter().try_for_each(|o| put(tmp.path(), &o.path, |p| store(p, &o.bytes, previous, &o.path)))?;
    copies.par_iter().try_for_each(|c| {
        put(tmp.path(), &c.path, |p| match &c.source {
            Source::File(src) => std::fs::copy(src, p).map(|_| ()),
            Source::Bytes(b) => store(p, b, previous, &c.path),
            Source::Owned(b) => store(p, b, previous, &c.path),
        })
    })?;
    swap(tmp, out_dir)
}

/// Writes a file of the new site; a file identical to the previous site's is linked to it
/// instead. Files are never changed in place, so the two sites can share it: writing and then
/// deleting thousands of unchanged files is most of a rebuild's time on a slow disk.
fn store(path: &Path, bytes: &[u8], previous: Option<&Path>, rel: &str) -> std::io::Result<()> {
    if let Some(old) = previous.map(|d| d.join(rel))
        && std::fs::metadata(&old).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && std::fs::read(&old).is_ok_and(|b| b == bytes)
        && std::fs::hard_link(&old, path).is_ok()
    {
        return Ok(());
    }
    std::fs::write(path, bytes)
}

fn put(root: &Path, rel: &str, write: impl FnOnce(&Path) -> std::io::Result<()>) -> Result<(), String> {
    let path = root.join(rel);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{rel} : création du dossier impossible : {e}"))?;
    }
    write(&path).map_err(|e| format!("{rel} : écriture impossible : {e}"))
}

fn swap(tmp: tempfile::TempDir, out_dir: &Path) -> Result<(), String> {
    let parent = tmp.path().parent().map(Path::to_path_buf).unwrap_or_default();
    if out_dir.exists() {
        let old = tempfile::Builder::new()
            .prefix(".portail-ancien-")
            .tempdir_in(&parent)
            .map_err(|e| format!("dossier temporaire impossible : {e}"))?;
        let old_path = old.path().join("public");
        std::fs::rename(out_dir, &old_path)
            .map_err(|e| format!("{} : remplacement impossible : {e}", out_dir.display()))?;
        if let Err(e) = std::fs::rename(tmp.path(), out_dir) {
            // Put the previous site back: readers keep a complete site.
            let _ = std::fs::rename(&old_path, out_dir);
            return Err(format!("{} : remplacement impossible : {e}", out_dir.display()));
        }
        let _ = tmp.keep();
        drop(old);
    } else {
        std::fs::rename(tmp.path(), out_dir)
            .map_err(|e| format!("{} : écriture impossible : {e}", out_dir.display()))?;
        let _ = tmp.keep();
    }
    Ok(())
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
    fn unchanged_files_are_shared_with_the_previous_site_and_changed_ones_written() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("public");
        std::fs::create_dir_all(&old).unwrap();
        std::fs::write(old.join("a.html"), "même").unwrap();
        std::fs::write(old.join("b.html"), "avant").unwrap();
        let new = dir.path().join("nouveau");
        std::fs::create_dir_all(&new).unwrap();
        store(&new.join("a.html"), b"m\xc3\xaame", Some(&old), "a.html").unwrap();
        store(&new.join("b.html"), b"apr\xc3\xa8s", Some(&old), "b.html").unwrap();
        let ino = |p: &Path| std::fs::metadata(p).unwrap().ino();
        assert_eq!(ino(&new.join("a.html")), ino(&old.join("a.html")), "fichier identique : lien");
        assert_ne!(ino(&new.join("b.html")), ino(&old.join("b.html")));
        assert_eq!(std::fs::read_to_string(new.join("b.html")).unwrap(), "après");
        assert_eq!(std::fs::read_to_string(old.join("b.html")).unwrap(), "avant", "l'ancien site n'est jamais modifié");
    }
}
