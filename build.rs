//! Embeds the default theme (`themes/defaut/`) in the binary, so a site without a
//! `themes/` folder still builds, and records the commit that `portail --version` prints.

use std::fmt::Write;
use std::path::{Path, PathBuf};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> =
        std::fs::read_dir(dir).expect("themes/defaut").filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// The commit this binary is built from: `PORTAIL_COMMIT` when the release pipeline sets it,
/// else git, else the `.cargo_vcs_info.json` that `cargo package` writes (a build of the
/// published crate has no `.git`), else "inconnu".
fn commit(manifest: &Path) -> String {
    println!("cargo:rerun-if-env-changed=PORTAIL_COMMIT");
    if let Ok(c) = std::env::var("PORTAIL_COMMIT") {
        return c;
    }
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .current_dir(manifest)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    if let Some(head) = git(&["rev-parse", "--short=12", "HEAD"]) {
        // A new commit changes HEAD's ref, or packed-refs after a gc.
        for name in ["HEAD", "packed-refs"] {
            if let Some(p) = git(&["rev-parse", "--git-path", name]) {
                println!("cargo:rerun-if-changed={}", manifest.join(p).display());
            }
        }
        if let Some(r) = git(&["symbolic-ref", "-q", "HEAD"]).and_then(|r| git(&["rev-parse", "--git-path", &r])) {
            println!("cargo:rerun-if-changed={}", manifest.join(r).display());
        }
        return head;
    }
    let vcs = manifest.join(".cargo_vcs_info.json");
    println!("cargo:rerun-if-changed={}", vcs.display());
    std::fs::read_to_string(&vcs)
        .ok()
        .and_then(|t| t.split("\"sha1\"").nth(1).map(str::to_owned))
        .and_then(|rest| rest.split('"').nth(1).map(|s| s.chars().take(12).collect()))
        .unwrap_or_else(|| "inconnu".into())
}

fn main() {
    // Read when the script runs, not when it is compiled: cargo reuses one compiled script for
    // the repository and for the copy `cargo package` verifies in target/package/, and the
    // theme must come from the crate being built.
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let manifest = manifest.as_path();
    println!("cargo:rustc-env=PORTAIL_COMMIT={}", commit(manifest));
    let root = manifest.join("themes/defaut");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    walk(&root, &mut files);
    let mut code = String::from("pub static FILES: &[(&str, &[u8])] = &[\n");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let rel = f.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
        writeln!(code, "    ({rel:?}, include_bytes!({:?})),", f.display().to_string()).unwrap();
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("theme.rs");
    std::fs::write(out, code).unwrap();
}
