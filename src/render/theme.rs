//! The theme: the embedded default, with single files overridden by the site's own.

use crate::diag::Diagnostic;
use rayon::prelude::*;
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
    /// A style sheet or script, minified.
    Minified(Vec<u8>),
}

/// A parser-based minifier (oxc, with its safest compression): token-based ones break `a + +b`
/// and `for (;;)`. A script it cannot parse stays as it is.
fn minify_js(text: &str) -> Option<String> {
    use oxc_allocator::Allocator;
    use oxc_codegen::{Codegen, CodegenOptions};
    use oxc_minifier::{CompressOptions, MangleOptions, Minifier, MinifierOptions};
    use oxc_parser::Parser;
    use oxc_span::SourceType;
    let allocator = Allocator::default();
    // The search client is an ES module; the others are classic scripts.
    let source_type = if text.contains("export ") { SourceType::mjs() } else { SourceType::cjs() };
    let parsed = Parser::new(&allocator, text, source_type).parse();
    if !parsed.errors.is_empty() || parsed.panicked {
        return None;
    }
    let mut program = parsed.program;
    let options = MinifierOptions { mangle: Some(MangleOptions::default()), compress: Some(CompressOptions::safest()) };
    let ret = Minifier::new(options).minify(&allocator, &mut program);
    Some(Codegen::new().with_options(CodegenOptions::minify()).with_scoping(ret.scoping).build(&program).code)
}

/// Style sheets and scripts lose comments and spaces: fewer bytes on old phones.
fn minify(name: &str, bytes: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let out = if name.ends_with(".css") {
        minifier::css::minify(text).ok()?.to_string().trim().to_string()
    } else if name.ends_with(".js") {
        minify_js(text)?
    } else {
        return None;
    };
    // A minifier that makes a file larger has misread it: keep the original.
    (!out.is_empty() && out.len() <= bytes.len()).then(|| out.into_bytes())
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
                    AssetSource::Minified(b) => b.clone(),
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
        // Side by side: the scripts and the style sheet take 3.5 ms on one thread, on every build.
        let minified: Vec<(String, Vec<u8>)> = assets
            .par_iter()
            .filter_map(|(name, src)| {
                let bytes = match src {
                    AssetSource::Embedded(b) => std::borrow::Cow::Borrowed(*b),
                    AssetSource::File(p) => std::borrow::Cow::Owned(std::fs::read(p).unwrap_or_default()),
                    AssetSource::Minified(_) => return None,
                };
                Some((name.clone(), minify(name, &bytes)?))
            })
            .collect();
        for (name, m) in minified {
            assets.insert(name, AssetSource::Minified(m));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn style_sheets_and_scripts_are_minified_and_named_by_their_minified_content() {
        let css = minify("a.css", b"/* commentaire */\nbody {\n  color: red;\n}\n").unwrap();
        assert_eq!(String::from_utf8(css).unwrap(), "body{color:red;}");
        let js = minify("a.js", b"// commentaire\nconst total = 1 + 2;\nconsole.log( total );\n").unwrap();
        let js = String::from_utf8(js).unwrap();
        assert!(!js.contains("commentaire") && js.len() < 40, "{js}");
        assert_eq!(minify("a.svg", b"<svg/>"), None);
        let theme = Theme::load(Path::new("/nonexistent"), "defaut", &mut Vec::new());
        let path = theme.asset_path("style.css");
        assert!(path.starts_with("theme/style.") && path.ends_with(".css"));
        let Some(AssetSource::Minified(bytes)) = theme.assets.get("style.css") else { panic!("style.css minifiée") };
        assert!(!String::from_utf8_lossy(bytes).contains("/*"));
        assert!(path.contains(&format!("{:08x}", crate::diag::fnv1a(bytes) as u32)));
    }
}
