//! The easy-to-read assistant: lints *Facile à lire et à comprendre* texts and scores readability.
//!
//! It reads every `*.falc.md` twin and every `resume` field (what cards and lists show residents).
//! Rules (`rules/`, one file each) are pure functions from an analysed text ([`text`]) to
//! findings. Findings are warnings in `check` and `build`; with `[falc] strict = true` in
//! `site.toml`, the rules' errors block the build. Hints (`Level::Info`) only appear in the
//! editorial report (`portail check --report falc.html`).

pub mod rules;
pub mod score;
pub mod syllables;
pub mod text;

use crate::content::Content;
use crate::diag::{Diagnostic, Severity};
use std::collections::{BTreeMap, BTreeSet};
use text::{Block, Mark};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Info,
}

impl Level {
    pub fn label(self) -> &'static str {
        match self {
            Level::Error => "erreur",
            Level::Warning => "à revoir",
            Level::Info => "conseil",
        }
    }
}

/// A finding of a rule, at a byte offset of the text it read.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub rule: &'static str,
    pub level: Level,
    pub at: usize,
    pub message: String,
    pub suggestion: Option<String>,
}

impl Hit {
    pub fn new(rule: &'static str, level: Level, at: usize, message: String) -> Hit {
        Hit { rule, level, at, message, suggestion: None }
    }

    pub fn suggest(mut self, s: String) -> Hit {
        self.suggestion = Some(s);
        self
    }
}

pub use crate::falc_settings::Settings;

/// What the site's glossary explains: acronym → its full name.
#[derive(Debug, Default, Clone)]
pub struct Known {
    pub acronyms: BTreeMap<String, String>,
}

impl Known {
    pub fn from_content(c: &Content) -> Known {
        let mut acronyms = BTreeMap::new();
        for t in &c.glossary {
            if let Some(s) = &t.sigle {
                acronyms.insert(s.v.clone(), t.nom.clone());
            }
        }
        Known { acronyms }
    }
}

/// A text as the rules see it.
pub struct Page<'a> {
    pub blocks: &'a [Block],
    pub marks: &'a [(usize, Mark)],
    pub known: &'a Known,
    pub settings: &'a Settings,
}

/// One linted text: where it is, what it says, what was found.
#[derive(Debug, Clone)]
pub struct Text {
    pub file: String,
    /// Page it belongs to (output path).
    pub path: String,
    pub title: String,
    /// `corps` for a twin's body, `resume` for a summary.
    pub part: &'static str,
    pub source: String,
    /// Line of the file where `source` starts.
    pub first_line: usize,
    pub blocks: Vec<Block>,
    pub hits: Vec<Hit>,
    pub scores: score::Scores,
}

impl Text {
    /// Line and column in the file of a byte offset of the source.
    pub fn place(&self, at: usize) -> (usize, usize) {
        let (l, c) = text::line_col(&self.source, at);
        (self.first_line + l - 1, c)
    }
}

/// Rules silenced on one line by `<!-- falc-ignore: id, id -->`: that line and the next.
fn ignored_lines(source: &str) -> BTreeMap<usize, BTreeSet<String>> {
    let mut out: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    for (i, line) in source.lines().enumerate() {
        let Some(start) = line.find("<!-- falc-ignore:") else { continue };
        let rest = &line[start + "<!-- falc-ignore:".len()..];
        let ids: BTreeSet<String> = rest
            .split("-->")
            .next()
            .unwrap_or("")
            .split([',', ' '])
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        for l in [i + 1, i + 2] {
            out.entry(l).or_default().extend(ids.iter().cloned());
        }
    }
    out
}

/// Lints one text.
pub fn lint_text(mut t: Text, known: &Known, settings: &Settings, silenced: &[String], markdown: bool) -> Text {
    let (blocks, marks) = if markdown {
        let m = text::markdown(&t.source);
        (m.blocks, m.marks)
    } else {
        (vec![Block::field(&t.source)], Vec::new())
    };
    let page = Page { blocks: &blocks, marks: &marks, known, settings };
    let ignored = ignored_lines(&t.source);
    let mut hits: Vec<Hit> = rules::RULES
        .iter()
        .filter(|(id, _)| !settings.ignorer.iter().any(|x| x == id) && !silenced.iter().any(|x| x == id))
        .flat_map(|(_, rule)| rule(&page))
        .filter(|h| {
            let line = text::line_col(&t.source, h.at).0;
            !ignored.get(&line).is_some_and(|ids| ids.contains(h.rule))
        })
        .collect();
    // A summary of an ordinary page is not an easy-to-read text: only what would block an
    // easy-to-read one is worth a warning; the rest is a hint in the report.
    if t.part == "resume" && !t.file.ends_with(".falc.md") {
        for h in &mut hits {
            h.level = match h.level {
                Level::Error => Level::Warning,
                _ => Level::Info,
            };
        }
    }
    hits.append(&mut t.hits);
    hits.sort_by(|a, b| (a.at, a.rule).cmp(&(b.at, b.rule)));
    t.scores = score::scores(blocks.iter().map(|b| b.text.as_str()));
    t.blocks = blocks;
    t.hits = hits;
    t
}

/// Every text the lint reads: easy-to-read twins and summaries, with the rules silenced for each,
/// and whether it is Markdown.
pub fn texts(c: &Content, root: &std::path::Path) -> Vec<(Text, Vec<String>, bool)> {
    let text = |file: &str, path: &str, title: &str, part, source: &str, first_line| Text {
        file: file.to_string(),
        path: path.to_string(),
        title: title.to_string(),
        part,
        source: source.to_string(),
        first_line,
        blocks: Vec::new(),
        hits: Vec::new(),
        scores: score::Scores::default(),
    };
    let mut out = Vec::new();
    for t in &c.twins {
        let title = t.titre.clone().unwrap_or_else(|| original_title(c, &t.of));
        let mut body = text(&t.origin.file, &t.origin.path, &title, "corps", &t.body.text, t.body.first_line);
        if !t.relu {
            body.hits.push(
                Hit::new(
                    "relecture",
                    Level::Info,
                    0,
                    "pas encore relue par des personnes concernées : le logo Facile à lire n'est pas affiché".into(),
                )
                .suggest("faites relire le texte, puis écrivez relu = true, relu_par et date_relecture".into()),
            );
        }
        out.push((body, t.falc_ignorer.clone(), true));
        if let Some(r) = &t.resume {
            let line = field_line(root, &t.origin.file, "resume");
            out.push((text(&t.origin.file, &t.origin.path, &title, "resume", r, line), t.falc_ignorer.clone(), false));
        }
    }
    let mut resume = |file: &str, line: Option<usize>, path: &str, title: &str, r: &Option<String>| {
        if let Some(r) = r {
            let line = line.unwrap_or_else(|| field_line(root, file, "resume"));
            out.push((text(file, path, title, "resume", r, line), Vec::new(), false));
        }
    };
    for s in &c.services {
        resume(&s.origin.file, s.origin.line, &s.origin.path, &s.titre, &s.resume);
    }
    for a in &c.actions {
        resume(&a.origin.file, a.origin.line, &a.origin.path, &a.titre, &a.resume);
    }
    for p in c.home.iter().chain(&c.chapters).chain(&c.pages).chain(&c.news).chain(&c.sections) {
        resume(&p.origin.file, p.origin.line, &p.origin.path, &p.titre, &p.resume);
    }
    out
}

fn original_title(c: &Content, path: &str) -> String {
    let pages = c.home.iter().chain(&c.chapters).chain(&c.pages).chain(&c.news).chain(&c.sections);
    pages
        .map(|p| (&p.origin.path, &p.titre))
        .chain(c.services.iter().map(|s| (&s.origin.path, &s.titre)))
        .chain(c.actions.iter().map(|a| (&a.origin.path, &a.titre)))
        .find(|(p, _)| *p == path)
        .map_or_else(|| path.to_string(), |(_, t)| t.clone())
}

/// Line of `key = …` in a file's front matter (1 when not found).
fn field_line(root: &std::path::Path, file: &str, key: &str) -> usize {
    let text = std::fs::read_to_string(root.join(file)).unwrap_or_default();
    text.lines()
        .position(|l| l.trim_start().strip_prefix(key).is_some_and(|r| r.trim_start().starts_with('=')))
        .map_or(1, |i| i + 1)
}

/// The easy-to-read texts portail writes itself: one summary per annual activity report
/// (`content::follow::year_summary`), and the diagnostic's figures in words
/// (`profile::compare::falc`), read like any other easy-to-read text.
pub fn generated(
    c: &Content,
    periode: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
    today: chrono::NaiveDate,
) -> Vec<Text> {
    use crate::content::follow;
    let diagnostic = c.diagnostic.as_ref().map(|p| {
        let path = crate::route::Route::Twin("diagnostic/").path().into_owned();
        let lines: Vec<String> = p
            .indicators
            .iter()
            .map(crate::content::profile::compare::falc)
            .filter(|l| !l.is_empty())
            .map(|l| l.join("\n"))
            .collect();
        Text {
            file: path.clone(),
            path,
            title: "Le diagnostic en facile à lire".into(),
            part: "diagnostic",
            source: lines.join("\n\n"),
            first_line: 1,
            blocks: Vec::new(),
            hits: Vec::new(),
            scores: score::Scores::default(),
        }
    });
    let years = follow::report_years(c, periode, today).into_iter().map(|y| {
        let path = format!("suivi/{y}/");
        Text {
            file: path.clone(),
            path,
            title: format!("Rapport d'activité {y}"),
            part: "synthese",
            source: follow::year_summary(c, y, today).join("\n\n"),
            first_line: 1,
            blocks: Vec::new(),
            hits: Vec::new(),
            scores: score::Scores::default(),
        }
    });
    years.chain(diagnostic).collect()
}

/// Lints the whole site: its easy-to-read texts and summaries, and those portail writes.
pub fn lint(c: &Content, root: &std::path::Path, settings: &Settings, generated: Vec<Text>) -> Vec<Text> {
    use rayon::prelude::*;
    let known = Known::from_content(c);
    let mut all = texts(c, root);
    all.extend(generated.into_iter().map(|t| (t, Vec::new(), true)));
    all.into_par_iter().map(|(t, silenced, md)| lint_text(t, &known, settings, &silenced, md)).collect()
}

/// Findings for `check` and `build`: errors and warnings of the rules (hints stay in the report).
pub fn diagnostics(texts: &[Text], settings: &Settings) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for t in texts {
        for h in t.hits.iter().filter(|h| h.level != Level::Info) {
            let (line, col) = t.place(h.at);
            let severity = if settings.strict && h.level == Level::Error { Severity::Error } else { Severity::Warning };
            let mut d = Diagnostic::warning(rule_name(h.rule), format!("facile à lire : {}", h.message))
                .file(&t.file)
                .suggest(h.suggestion.clone());
            d.severity = severity;
            d.line = Some(line);
            d.column = Some(col);
            if t.part == "resume" {
                d = d.field("resume");
            }
            out.push(d);
        }
    }
    out
}

/// Rule ids as `'static` names prefixed for `check` (`falc-phrase-longue`).
fn rule_name(id: &str) -> &'static str {
    const NAMES: &[(&str, &str)] = &[
        ("phrase-longue", "falc-phrase-longue"),
        ("une-phrase-par-ligne", "falc-une-phrase-par-ligne"),
        ("sigle-inexplique", "falc-sigle-inexplique"),
        ("majuscules", "falc-majuscules"),
        ("chiffres-romains", "falc-chiffres-romains"),
        ("pourcentage", "falc-pourcentage"),
        ("grand-nombre", "falc-grand-nombre"),
        ("nombre-en-lettres", "falc-nombre-en-lettres"),
        ("date-numerique", "falc-date-numerique"),
        ("caracteres-speciaux", "falc-caracteres-speciaux"),
        ("double-negation", "falc-double-negation"),
        ("voix-passive", "falc-voix-passive"),
        ("italique-souligne", "falc-italique-souligne"),
        ("lien-generique", "falc-lien-generique"),
        ("mot-long", "falc-mot-long"),
        ("relecture", "falc-relecture"),
    ];
    NAMES.iter().find(|(i, _)| *i == id).map_or("falc", |(_, n)| n)
}

/// Pages residents need most, in order, that lack an easy-to-read twin.
pub fn missing_twins(c: &Content) -> Vec<(String, String, &'static str)> {
    let has = |path: &str| c.twin_of(path).is_some();
    let mut out = Vec::new();
    if let Some(h) = &c.home
        && !has(&h.origin.path)
    {
        out.push((h.origin.path.clone(), h.titre.clone(), "accueil"));
    }
    for s in c.services.iter().filter(|s| !has(&s.origin.path)) {
        out.push((s.origin.path.clone(), s.titre.clone(), "service"));
    }
    for a in c.actions.iter().filter(|a| !has(&a.origin.path)) {
        out.push((a.origin.path.clone(), a.titre.clone(), "action"));
    }
    for p in c.chapters.iter().chain(&c.pages).filter(|p| !has(&p.origin.path)) {
        out.push((p.origin.path.clone(), p.titre.clone(), "page"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The summaries portail writes for the annual reports pass the easy-to-read rules: every
    /// wording (one or many actions, finished ones, events, the year under way or past).
    #[test]
    fn the_generated_year_summaries_are_easy_to_read() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for (site, today) in [("tests/fixtures/suivi", "2026-06-30"), ("", "2026-12-01")] {
            let mut d = Vec::new();
            let c = crate::content::load::load(&root.join(site), &mut d);
            let today: chrono::NaiveDate = today.parse().unwrap();
            let periode = Some(("2023-01-01".parse().unwrap(), "2028-12-31".parse().unwrap()));
            let texts = lint(&c, root, &Settings::default(), generated(&c, periode, today));
            let mine: Vec<&Text> = texts.iter().filter(|t| t.part == "synthese").collect();
            assert!(mine.len() >= 3, "{site} : {} résumés", mine.len());
            for t in mine {
                let bad: Vec<&Hit> = t.hits.iter().filter(|h| h.level != Level::Info).collect();
                assert!(bad.is_empty(), "{} : {:?}\n{}", t.path, bad, t.source);
            }
        }
    }

    /// Every wording of the diagnostic in words passes the rules: shares from tiny to almost
    /// all, rates per 1 000 to 100 000 inhabitants, each direction, equality, withheld values.
    #[test]
    fn the_diagnostic_in_words_is_easy_to_read() {
        use crate::content::profile::{Indicator, Period, Place, Profile, Value};
        use crate::referentiels::{Echelle, Portrait, Sens};
        let value = |echelle, valeur: Option<f64>| Value {
            echelle,
            code: None,
            nom: None,
            periode: Period { start: 2020, end: 2020 },
            valeur,
            ic: None,
            effectif: None,
            secret: valeur.is_none(),
            note: None,
            place: Place::default(),
        };
        let mut indicators = Vec::new();
        let units = ["%", "pour 100 000 habitants", "pour 10 000 habitants", "pour 1 000 habitants", "ans"];
        let numbers =
            [0.04, 0.8, 3.0, 9.5, 10.03, 14.1, 18.0, 24.5, 38.0, 50.0, 61.0, 82.0, 97.0, 99.9, 85.0, 240.0, 5120.0];
        for (k, unite) in units.iter().enumerate() {
            for (n, v) in numbers.iter().enumerate() {
                for (m, r) in [v * 0.5, *v, v * 1.1, v * 3.0].iter().enumerate() {
                    if unite == &"%" && (*v > 100.0 || *r > 100.0) {
                        continue;
                    }
                    indicators.push(Indicator {
                        id: format!("i-{k}-{n}-{m}"),
                        libelle: "X".into(),
                        libelle_falc: None,
                        portrait: Portrait::Sante,
                        thematique: None,
                        unite: unite.to_string(),
                        sens: [Sens::HausseFavorable, Sens::HausseDefavorable, Sens::Neutre][m % 3],
                        definition: None,
                        source: "ORS".into(),
                        url_source: None,
                        origin: crate::content::model::Origin { file: String::new(), line: None, path: String::new() },
                        place: Place::default(),
                        // Every other one without a territory value: the department speaks.
                        values: vec![
                            value(if m % 2 == 0 { Echelle::Territoire } else { Echelle::Departement }, Some(*v)),
                            value(Echelle::Region, Some(*r)),
                        ],
                    });
                }
            }
        }
        indicators.push(Indicator {
            id: "secret".into(),
            values: vec![value(Echelle::Territoire, None), value(Echelle::Region, Some(3.0))],
            ..indicators[0].clone()
        });
        let mut c = Content::default();
        c.diagnostic = Some(Profile { indicators, ..Profile::default() });
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let today = "2026-12-01".parse().unwrap();
        let texts = lint(&c, root, &Settings::default(), generated(&c, None, today));
        let mine: Vec<&Text> = texts.iter().filter(|t| t.part == "diagnostic").collect();
        assert_eq!(mine.len(), 1);
        assert!(mine[0].source.lines().count() > 300, "{}", mine[0].source);
        let bad: Vec<&Hit> = mine[0].hits.iter().filter(|h| h.level != Level::Info).collect();
        assert!(
            bad.is_empty(),
            "{:?}",
            bad.iter().map(|h| (&h.message, mine[0].source.get(h.at..).map(|s| s.lines().next()))).collect::<Vec<_>>()
        );
    }

    fn text(source: &str) -> Text {
        Text {
            file: "x.falc.md".into(),
            path: String::new(),
            title: String::new(),
            part: "corps",
            source: source.into(),
            first_line: 4,
            blocks: Vec::new(),
            hits: Vec::new(),
            scores: score::Scores::default(),
        }
    }

    #[test]
    fn odd_texts_never_panic() {
        for s in [
            "",
            "...",
            "!?!",
            "« »",
            "M.",
            "1/",
            "/2",
            "é\u{301}",
            "😀 Émoji. 😀",
            "n°",
            "XX",
            "- ",
            "# ",
            "[](x)",
            "*",
            "<u>",
            "12/",
            "2026-",
            "a\n\n\n",
            "\u{a0}%",
            "1 000 000 000 000 000 000 000",
            "Ⅻ",
            "ǅ",
        ] {
            let t = lint_text(text(s), &Known::default(), &Settings::default(), &[], true);
            for h in &t.hits {
                let _ = t.place(h.at);
            }
            let _ = lint_text(text(s), &Known::default(), &Settings::default(), &[], false);
        }
    }

    #[test]
    fn comments_silence_a_rule_on_their_line_and_the_next() {
        let src = "<!-- falc-ignore: chiffres-romains -->\nLe XXIe siècle.\n\nLe XXe siècle.\n";
        let t = lint_text(text(src), &Known::default(), &Settings::default(), &[], true);
        let lines: Vec<usize> =
            t.hits.iter().filter(|h| h.rule == "chiffres-romains").map(|h| t.place(h.at).0).collect();
        assert_eq!(lines, [7], "ligne 2 du texte tue, ligne 4 signalée (le texte commence ligne 4)");
    }
}
