//! Diagnostics: every problem found in a site, with its place and a suggestion.
//!
//! Validation never stops at the first problem: each stage pushes into a `Diagnostics`
//! collector, and the build decides at the end whether errors block it.

use serde::Serialize;
use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One finding. `file` is relative to the site root, with `/` separators.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    #[serde(skip)]
    pub severity: Severity,
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// Stable identifier of the check, e.g. `code-inconnu`.
    pub rule: &'static str,
    /// The field concerned (`statut`, `partenaires[2].secteur`), if any.
    pub field: Option<String>,
    pub message: String,
    pub suggestion: Option<String>,
}

impl Diagnostic {
    pub fn error(rule: &'static str, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: String::new(),
            line: None,
            column: None,
            rule,
            field: None,
            message: message.into(),
            suggestion: None,
        }
    }

    pub fn warning(rule: &'static str, message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, ..Self::error(rule, message) }
    }

    pub fn file(mut self, file: impl Into<String>) -> Self {
        self.file = file.into();
        self
    }

    pub fn at(mut self, pos: Pos) -> Self {
        self.line = Some(pos.line);
        self.column = pos.column;
        self
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn suggest(mut self, suggestion: Option<String>) -> Self {
        self.suggestion = suggestion;
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "erreur",
            Severity::Warning => "avertissement",
        };
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, " : {kind}")?;
        if let Some(field) = &self.field {
            write!(f, " (champ « {field} »)")?;
        }
        write!(f, " : {}", self.message)?;
        if let Some(s) = &self.suggestion {
            write!(f, "\n    suggestion : {s}")?;
        }
        Ok(())
    }
}

/// A place in a file: 1-based line, and column when known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub column: Option<usize>,
}

impl Pos {
    pub fn line(line: usize) -> Self {
        Self { line, column: None }
    }
}

/// Collects findings from every stage.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.severity == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.severity == Severity::Warning)
    }

    /// Findings in a stable order: `site.toml` first (its mistakes cause others elsewhere),
    /// then by file, line and message.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (a.file != "site.toml", &a.file, a.line, a.column, a.severity, &a.message).cmp(&(
                b.file != "site.toml",
                &b.file,
                b.line,
                b.column,
                b.severity,
                &b.message,
            ))
        });
        self.items.dedup();
        self.items
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// FNV-1a 64: a hash stable across runs and Rust versions (std's is not), for fingerprints
/// and cache-busting names. Not for security.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Path of `path` relative to `root`, with `/` separators, for messages.
pub fn rel(root: &Path, path: &Path) -> String {
    let p: PathBuf = path.strip_prefix(root).map(Path::to_path_buf).unwrap_or_else(|_| path.into());
    p.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// The valid value nearest to `input`, if one is close enough to be a likely typo.
///
/// Values are compared after folding case, accents and separators, so `"en cours"`
/// finds `en-cours`; otherwise the closest by Damerau-Levenshtein distance wins.
pub fn nearest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let folded = fold(input);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let fc = fold(c);
        if fc == folded {
            return Some(c.to_string());
        }
        let d = strsim::damerau_levenshtein(&folded, &fc);
        let prefix = fc.starts_with(&folded) && folded.len() >= 3;
        let limit = (fc.chars().count().max(folded.chars().count()) / 3).max(2);
        let score = if prefix { 1 } else { d };
        if (prefix || d <= limit) && best.is_none_or(|(s, _)| score < s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c.to_string())
}

fn fold(s: &str) -> String {
    deunicode::deunicode(s)
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '.' { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_folds_separators_and_accents() {
        let codes = ["a-venir", "en-cours", "realisee"];
        assert_eq!(nearest("en cours", codes).as_deref(), Some("en-cours"));
        assert_eq!(nearest("Réalisée", codes).as_deref(), Some("realisee"));
        assert_eq!(nearest("A venir", codes).as_deref(), Some("a-venir"));
    }

    #[test]
    fn nearest_finds_typos_and_refuses_noise() {
        let keys = ["titre", "numero", "statut"];
        assert_eq!(nearest("tilte", keys).as_deref(), Some("titre"));
        assert_eq!(nearest("statu", keys).as_deref(), Some("statut"));
        assert_eq!(nearest("zzzzzzzz", keys), None);
    }

    #[test]
    fn display_names_file_line_and_field() {
        let d = Diagnostic::error("code-inconnu", "statut inconnu")
            .file("content/actions/a.md")
            .at(Pos { line: 5, column: Some(10) })
            .field("statut")
            .suggest(Some("en-cours".into()));
        let s = d.to_string();
        assert!(s.starts_with("content/actions/a.md:5:10 : erreur (champ « statut »)"), "{s}");
        assert!(s.contains("suggestion : en-cours"));
    }
}
