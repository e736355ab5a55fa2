//! The shared diagnostic (`content/diagnostic/`, content model section 9): the territory's
//! indicators compared with the department, the region and France, and the findings that the
//! contract's actions answer.
//!
//! Its files are read one by one like the others ([`Part`]), then put together by [`assemble`]
//! once all are read, because the values refer to the indicators and the findings to both.
//! The comparisons that pages and the easy-to-read version say are in [`compare`].

pub mod compare;
mod read;
mod table;

pub use read::{read_findings, read_intro};
pub use table::{CsvLines, Table, from_csv, from_workbook};

use super::model::{Origin, Page};
use super::reader::At;
use crate::diag::Diagnostic;
use crate::referentiels::{Echelle, Portrait, Sens};
use chrono::NaiveDate;

/// The diagnostic of the portal.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Profile {
    /// `diagnostic/_index.md`'s own fields (its text is a section page, `Content::sections`).
    pub auteur: Option<String>,
    pub date: Option<NaiveDate>,
    pub chiffres_cles: Vec<At<String>>,
    /// The file the fields above come from, for findings.
    pub intro_file: Option<String>,
    /// Chapters (`diagnostic/<slug>.md`), by `poids`.
    pub chapters: Vec<Page>,
    /// In the order of `indicateurs.csv`.
    pub indicators: Vec<Indicator>,
    /// In the order of `constats.toml`.
    pub findings: Vec<Finding>,
    /// Ids of indicators whose row has an error (already reported): what names them is not
    /// reported again, one cause giving one message.
    pub broken: Vec<String>,
    /// `constats.toml`, when there is one.
    pub findings_file: Option<String>,
}

/// A period: one year, or a span of years (`2011-2015`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub end: i32,
    pub start: i32,
}

impl Period {
    pub fn text(&self) -> String {
        if self.start == self.end { self.start.to_string() } else { format!("{}-{}", self.start, self.end) }
    }
}

/// Where a row or a cell is: its line (or spreadsheet row) and column, and the sheet.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Place {
    pub file: String,
    pub sheet: Option<&'static str>,
    pub line: usize,
    pub column: Option<usize>,
}

impl Place {
    /// A finding at this place, about `field`. In a spreadsheet, the message starts with the
    /// sheet and the cell (« feuille « valeurs », cellule F12 »), which is how people find it.
    pub fn report(&self, d: Diagnostic, field: &str) -> Diagnostic {
        let d = match self.sheet {
            Some(sheet) => {
                let cell = match self.column {
                    Some(c) => format!("cellule {}{}", table::column_letters(c), self.line),
                    None => format!("ligne {}", self.line),
                };
                let message = format!("feuille « {sheet} », {cell} : {}", d.message);
                Diagnostic { message, ..d }
            }
            None => d,
        };
        let pos = crate::diag::Pos { line: self.line, column: self.column };
        d.file(self.file.clone()).at(pos).field(field)
    }
}

/// One indicator (`indicateurs.csv`), with its values.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    pub id: String,
    pub libelle: String,
    /// What the easy-to-read version calls it (`libelle_falc`, optional).
    pub libelle_falc: Option<String>,
    pub portrait: Portrait,
    pub thematique: Option<String>,
    pub unite: String,
    pub sens: Sens,
    pub definition: Option<String>,
    pub source: String,
    pub url_source: Option<String>,
    /// Its row, and its page (`diagnostic/indicateurs/<id>/`).
    pub origin: Origin,
    pub place: Place,
    /// By scale, place code, then period (oldest first).
    pub values: Vec<Value>,
}

impl Indicator {
    /// A share in percent: its values lie in 0–100 and read as « 1 sur 5 ».
    pub fn is_share(&self) -> bool {
        self.unite.trim() == "%"
    }

    /// The values of one scale, oldest first.
    pub fn of(&self, scale: Echelle) -> impl Iterator<Item = &Value> {
        self.values.iter().filter(move |v| v.echelle == scale)
    }
}

/// One value (`valeurs.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub echelle: Echelle,
    pub code: Option<String>,
    pub nom: Option<String>,
    pub periode: Period,
    /// `None` when withheld or missing: never zero.
    pub valeur: Option<f64>,
    pub ic: Option<(f64, f64)>,
    pub effectif: Option<f64>,
    pub secret: bool,
    pub note: Option<String>,
    pub place: Place,
}

/// One finding (`constats.toml`).
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub id: At<String>,
    pub titre: String,
    pub portrait: Option<Portrait>,
    /// Markdown, with the line where it starts.
    pub texte: Option<super::model::Body>,
    pub indicateurs: Vec<At<String>>,
    pub paroles: Vec<String>,
    pub origin: Origin,
}

/// What one file of `content/diagnostic/` gave.
#[derive(Debug)]
pub enum Part {
    Intro {
        auteur: Option<String>,
        date: Option<NaiveDate>,
        chiffres_cles: Vec<At<String>>,
        file: String,
    },
    Chapter(Page),
    Indicators(Table),
    Values(Table),
    /// `diagnostic.xlsx` or `.ods`: both tables.
    Workbook(Option<Table>, Option<Table>),
    Findings(Vec<Finding>, String),
}

impl Profile {
    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.id == id)
    }

    /// Whether `id` is an indicator, valid or reported as invalid.
    pub fn names_indicator(&self, id: &str) -> bool {
        self.indicator(id).is_some() || self.broken.iter().any(|b| b == id)
    }

    pub fn finding(&self, id: &str) -> Option<&Finding> {
        self.findings.iter().find(|f| f.id.v == id)
    }
}

/// Puts the files' parts together and checks what spans them. `None` when the folder holds
/// nothing of a diagnostic.
pub fn assemble(parts: Vec<Part>, diags: &mut Vec<Diagnostic>) -> Option<Profile> {
    if parts.is_empty() {
        return None;
    }
    let mut p = Profile::default();
    let (mut indicators, mut values, mut workbooks) = (Vec::new(), Vec::new(), Vec::new());
    for part in parts {
        match part {
            Part::Intro { auteur, date, chiffres_cles, file } => {
                p.auteur = auteur;
                p.date = date;
                p.chiffres_cles = chiffres_cles;
                p.intro_file = Some(file);
            }
            Part::Chapter(page) => p.chapters.push(page),
            Part::Indicators(t) => indicators.push(t),
            Part::Values(t) => values.push(t),
            Part::Workbook(i, v) => workbooks.push((i, v)),
            Part::Findings(f, file) => {
                p.findings = f;
                p.findings_file = Some(file);
            }
        }
    }
    p.chapters.sort_by(|a, b| (a.poids, &a.origin.path).cmp(&(b.poids, &b.origin.path)));
    // Both forms at once would say the same thing twice, or two different things.
    if let Some((Some(t), _) | (_, Some(t))) = workbooks.first()
        && (!indicators.is_empty() || !values.is_empty())
    {
        diags.push(
            Diagnostic::error("diagnostic-double", "le diagnostic est donné deux fois : en tableur et en fichiers CSV")
                .file(t.file.clone())
                .suggest(Some("gardez soit diagnostic.xlsx (ou .ods), soit indicateurs.csv et valeurs.csv".into())),
        );
        return Some(p);
    }
    let (itable, vtable) = match workbooks.into_iter().next() {
        Some((i, v)) => (i, v),
        None => (indicators.into_iter().next(), values.into_iter().next()),
    };
    let has_tables = itable.is_some() || vtable.is_some();
    read::tables(&mut p, itable, vtable, diags);
    if !has_tables && (!p.findings.is_empty() || !p.chiffres_cles.is_empty()) {
        let file = p.intro_file.clone().unwrap_or_else(|| "content/diagnostic/".into());
        diags.push(
            Diagnostic::error(
                "diagnostic-incomplet",
                "le diagnostic n'a pas d'indicateurs : indicateurs.csv et valeurs.csv manquent",
            )
            .file(file)
            .suggest(Some("ajoutez content/diagnostic/indicateurs.csv et valeurs.csv (ou diagnostic.xlsx)".into())),
        );
    }
    read::links(&p, diags);
    Some(p)
}
