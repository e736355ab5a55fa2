//! The theme: the embedded default, with single files overridden by the site's own.

use crate::diag::Diagnostic;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/theme.rs"));
}

/// Templates and assets, site files first, then the embedded default theme.
pub struct Theme {
    /// Template name (`action.html`) to source.
    pub templates: BTreeMap<String, String>,
    /// Asset path (`style.css`) to bytes or file.
    pub assets: BTreeMap<String, AssetSource>,
}

pub enum AssetSource {
    Embedded(&'static [u8]),
    File(PathBuf),
}

impl Theme {
    /// Output path of an asset: style sheets and scripts carry a hash of their content in their
    /// name, so hosts can let browsers keep them forever; other files keep their name.
    pub fn asset_path(&self, name: &str) -> String {
        let Some(src) = self.assets.get(name) else { return format!("theme/{name}") };
        match name.rsplit_once('.') {
            Some((stem, ext @ ("css" | "js"))) => {
                let bytes = match src {
                    AssetSource::Embedded(b) => b.to_vec(),
                    AssetSource::File(p) => std::fs::read(p).unwrap_or_default(),
                };
                format!("theme/{stem}.{:08x}.{ext}", crate::diag::fnv1a(&bytes) as u32)
            }
            _ => format!("theme/{name}"),
        }
    }

    pub fn load(root: &Path, name: &str, diags: &mut Vec<Diagnostic>) -> Theme {
        let mut templates = BTreeMap::new();
        let mut assets = BTreeMap::new();
        for (path, bytes) in embedded::FILES {
            if let Some(t) = path.strip_prefix("templates/") {
                templates.insert(t.to_string(), String::from_utf8_lossy(bytes).into_owned());
            } else if let Some(a) = path.strip_prefix("assets/") {
                assets.insert(a.to_string(), AssetSource::Embedded(bytes));
            }
        }
        let dir = root.join("themes").join(name);
        if dir.is_dir() {
            overlay(
                &dir.join("templates"),
                &dir.join("templates"),
                root,
                &mut |rel, path| match std::fs::read_to_string(path) {
                    Ok(s) => {
                        templates.insert(rel, s);
                    }
                    Err(e) => diags.push(
                        Diagnostic::error("lecture-impossible", format!("gabarit illisible : {e}"))
                            .file(crate::diag::rel(root, path)),
                    ),
                },
            );
            overlay(&dir.join("assets"), &dir.join("assets"), root, &mut |rel, path| {
                assets.insert(rel, AssetSource::File(path.to_path_buf()));
            });
        } else if name != "defaut" {
            diags.push(
                Diagnostic::error("theme-introuvable", format!("le thème « {name} » est introuvable (themes/{name}/)"))
                    .file("site.toml")
                    .field("theme")
                    .suggest(Some("theme = \"defaut\"".into())),
            );
        }
        Theme { templates, assets }
    }
}

fn overlay(base: &Path, dir: &Path, root: &Path, add: &mut dyn FnMut(String, &Path)) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    let canon_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    for p in entries {
        // Theme files must stay inside the site, like content.
        if !p.canonicalize().is_ok_and(|c| c.starts_with(&canon_root)) {
            continue;
        }
        if p.is_dir() {
            overlay(base, &p, root, add);
        } else if let Ok(rel) = p.strip_prefix(base) {
            add(rel.to_string_lossy().replace('\\', "/"), &p);
        }
    }
}
