//! Which portail a site needs: `portail = ">=0.1.0, <0.2.0"` in `site.toml`, as Hugo's
//! `module.hugoVersion`. `portail new` writes the range of the version that made the site; a
//! build by a portail outside it stops before reading anything else, since a newer format's
//! fields would otherwise show up as a cascade of unknown-field errors.

use crate::diag::{Diagnostic, Pos};
use semver::{Version, VersionReq};

/// This binary's version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The commit it was built from (see build.rs), or "inconnu".
pub const COMMIT: &str = env!("PORTAIL_COMMIT");

/// The package's name on PyPI and crates.io ("portail" is taken on crates.io).
pub const PACKAGE: &str = "portail-cls";

/// The range `portail new` writes: this version up to the next one that may change the format
/// (the next minor version before 1.0, the next major after).
pub fn range_of(version: &str) -> String {
    let v = Version::parse(version).expect("the crate's version is semver");
    let next = if v.major == 0 { format!("0.{}.0", v.minor + 1) } else { format!("{}.0.0", v.major + 1) };
    format!(">={}.{}.{}, <{next}", v.major, v.minor, v.patch)
}

/// Reads the `portail` key of `site.toml` and says whether `running` may build the site.
/// `None` when the key is absent, when it accepts `running`, or when the file is not valid TOML
/// (the full reader reports that with its line).
pub fn gate(text: &str, running: &str) -> Option<Diagnostic> {
    let table: toml::Table = toml::from_str(text).ok()?;
    let value = table.get("portail")?;
    let pos = Pos::line(line_of_key(text, "portail"));
    let error = |rule, msg: String, hint: String| {
        Some(Diagnostic::error(rule, msg).file("site.toml").at(pos).field("portail").suggest(Some(hint)))
    };
    let Some(wanted) = value.as_str() else {
        return error(
            "version-invalide",
            format!("« {value} » n'est pas une version de portail entre guillemets"),
            format!("écrivez par exemple portail = \"{}\"", range_of(running)),
        );
    };
    let req = match VersionReq::parse(wanted) {
        Ok(r) => r,
        Err(e) => {
            return error(
                "version-invalide",
                format!("« {wanted} » n'est pas un intervalle de versions ({e})"),
                format!("écrivez par exemple portail = \"{}\"", range_of(running)),
            );
        }
    };
    let current = Version::parse(running).expect("the crate's version is semver");
    if req.matches(&current) {
        return None;
    }
    let older = req.comparators.iter().any(|c| {
        matches!(c.op, semver::Op::Greater | semver::Op::GreaterEq | semver::Op::Caret | semver::Op::Tilde)
            && (c.major, c.minor.unwrap_or(0), c.patch.unwrap_or(0)) > (current.major, current.minor, current.patch)
    });
    let how = if older {
        format!(
            "mettez portail à jour : « pipx upgrade {PACKAGE} » (ou « pip install \"{PACKAGE}{}\" ») sur votre \
             ordinateur, et la version fixée dans .gitlab-ci.yml, .github/workflows/pages.yml ou publier.sh",
            wanted.replace(' ', "")
        )
    } else {
        format!(
            "ce site a été écrit pour une version plus ancienne : installez-la (« pip install \"{PACKAGE}{}\" »), \
             ou, après avoir lu CHANGELOG.md, élargissez l'intervalle à portail = \"{}\"",
            wanted.replace(' ', ""),
            range_of(running)
        )
    };
    error("version-portail", format!("ce site demande portail {wanted} ; vous utilisez portail {running}"), how)
}

/// The 1-based line of a top-level key, for the message (the TOML value has no position).
fn line_of_key(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            l.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or(1, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_written_range_accepts_its_own_version_and_patches_only() {
        assert_eq!(range_of("0.1.0"), ">=0.1.0, <0.2.0");
        assert_eq!(range_of("1.4.2"), ">=1.4.2, <2.0.0");
        let site = format!("titre = \"x\"\nportail = \"{}\"\n", range_of("0.1.0"));
        assert!(gate(&site, "0.1.0").is_none());
        assert!(gate(&site, "0.1.7").is_none());
        assert!(gate(&site, "0.2.0").is_some());
        assert!(gate("titre = \"x\"\n", "0.1.0").is_none(), "the key is optional");
    }

    #[test]
    fn a_newer_requirement_names_both_versions_the_line_and_how_to_update() {
        let d = gate("titre = \"x\"\n\nportail = \">=0.3.0\"\n", "0.1.0").unwrap();
        assert_eq!(d.rule, "version-portail");
        assert_eq!((d.file.as_str(), d.line, d.field.as_deref()), ("site.toml", Some(3), Some("portail")));
        assert!(d.message.contains(">=0.3.0") && d.message.contains("0.1.0"), "{}", d.message);
        let hint = d.suggestion.unwrap();
        assert!(
            hint.contains("pipx upgrade portail-cls") && hint.contains("pip install \"portail-cls>=0.3.0\""),
            "{hint}"
        );
    }

    #[test]
    fn an_older_requirement_says_how_to_get_that_version_or_widen_the_range() {
        let d = gate("portail = \"<0.1.0\"\n", "0.2.0").unwrap();
        let hint = d.suggestion.unwrap();
        assert!(hint.contains("pip install \"portail-cls<0.1.0\"") && hint.contains(">=0.2.0, <0.3.0"), "{hint}");
    }

    #[test]
    fn a_malformed_range_quotes_the_value_and_the_form() {
        let d = gate("portail = \"environ 0.1\"\n", "0.1.0").unwrap();
        assert_eq!(d.rule, "version-invalide");
        assert!(d.message.contains("« environ 0.1 »"), "{}", d.message);
        assert!(d.suggestion.unwrap().contains("portail = \">=0.1.0, <0.2.0\""));
        let d = gate("portail = 1\n", "0.1.0").unwrap();
        assert!(d.message.contains("« 1 »"), "{}", d.message);
    }
}
