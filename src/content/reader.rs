//! A field-by-field reader over spanned TOML.
//!
//! serde stops at the first problem and speaks English. Coordinators need every problem of a
//! file at once, in French, at the right line, with the nearest valid field name. So front
//! matter is parsed with toml's spanned `DeTable`, and each field is read through `Fields`,
//! which records what was asked for: any key nobody asked for is an unknown field.

use crate::diag::{Diagnostic, Pos, nearest};
use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};
use std::cell::RefCell;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// A value with the place it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct At<T> {
    pub v: T,
    pub pos: Pos,
}

impl<T> std::ops::Deref for At<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.v
    }
}

/// A date, optionally with a time and UTC offset in minutes (TOML's three datetime forms).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct When {
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
    pub offset_min: Option<i32>,
}

impl When {
    pub fn naive(&self) -> NaiveDateTime {
        self.date.and_time(self.time.unwrap_or_default())
    }
}

/// The text being read, and where its findings go.
pub struct Doc<'a> {
    pub file: String,
    text: &'a str,
    /// Line number (1-based) of the first line of `text` in the file.
    first_line: usize,
    line_starts: Vec<usize>,
    /// Bulk rows are generated TOML: every finding points at the row's line.
    fixed_line: Option<usize>,
    diags: RefCell<Vec<Diagnostic>>,
}

impl<'a> Doc<'a> {
    pub fn new(file: impl Into<String>, text: &'a str, first_line: usize) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { file: file.into(), text, first_line, line_starts, fixed_line: None, diags: RefCell::default() }
    }

    /// A document whose findings all point at one line (a bulk file's row).
    pub fn row(file: impl Into<String>, text: &'a str, line: usize) -> Self {
        Self { fixed_line: Some(line), ..Self::new(file, text, line) }
    }

    pub fn pos(&self, offset: usize) -> Pos {
        if let Some(line) = self.fixed_line {
            return Pos::line(line);
        }
        let idx = self.line_starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let col = self.text[self.line_starts[idx]..offset.min(self.text.len())].chars().count() + 1;
        Pos { line: self.first_line + idx, column: Some(col) }
    }

    pub fn report(&self, d: Diagnostic) {
        self.diags.borrow_mut().push(d.file(self.file.clone()));
    }

    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diags.into_inner()
    }

    /// Parses the text as a TOML table, reporting a syntax error in French.
    pub fn parse(&self) -> Option<Spanned<DeTable<'a>>> {
        match DeTable::parse(self.text) {
            Ok(t) => Some(t),
            Err(e) => {
                let start = e.span().map_or(0, |s| s.start);
                let x = super::toml_error::explain(self.text, start, e.message(), &|o| self.pos(o).line);
                let mut d = Diagnostic::error("toml-invalide", format!("syntaxe TOML invalide : {}", x.message))
                    .at(self.pos(x.offset))
                    .suggest(Some(x.suggestion));
                d.field = x.field;
                self.report(d);
                None
            }
        }
    }
}

/// The fields of one TOML table.
pub struct Fields<'d, 't, 'i> {
    doc: &'d Doc<'d>,
    table: &'t DeTable<'i>,
    span: Range<usize>,
    prefix: String,
    asked: RefCell<Vec<&'static str>>,
}

fn type_name(v: &DeValue) -> &'static str {
    match v {
        DeValue::String(_) => "du texte",
        DeValue::Integer(_) => "un nombre entier",
        DeValue::Float(_) => "un nombre décimal",
        DeValue::Boolean(_) => "un booléen",
        DeValue::Datetime(_) => "une date",
        DeValue::Array(_) => "une liste",
        DeValue::Table(_) => "une table",
    }
}

impl<'d, 't, 'i> Fields<'d, 't, 'i> {
    pub fn root(doc: &'d Doc<'d>, table: &'t Spanned<DeTable<'i>>) -> Self {
        Self::new(doc, table.get_ref(), table.span(), String::new())
    }

    fn new(doc: &'d Doc<'d>, table: &'t DeTable<'i>, span: Range<usize>, prefix: String) -> Self {
        Self { doc, table, span, prefix, asked: RefCell::default() }
    }

    pub fn doc(&self) -> &'d Doc<'d> {
        self.doc
    }

    /// Position of the table itself (its header, or the start of the front matter).
    pub fn pos(&self) -> Pos {
        self.doc.pos(self.span.start)
    }

    pub fn name(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    fn get(&self, key: &'static str) -> Option<&'t Spanned<DeValue<'i>>> {
        self.asked.borrow_mut().push(key);
        self.table.iter().find(|(k, _)| k.get_ref() == key).map(|(_, v)| v)
    }

    /// Where a key's value starts, if the key is there.
    pub fn pos_of(&self, key: &'static str) -> Option<Pos> {
        self.get(key).map(|v| self.doc.pos(v.span().start))
    }

    pub fn has(&self, key: &'static str) -> bool {
        self.get(key).is_some()
    }

    /// Reports an error about `key` at the place of `pos`.
    pub fn error(&self, key: &str, pos: Pos, rule: &'static str, msg: impl Into<String>) -> Diagnostic {
        Diagnostic::error(rule, msg).at(pos).field(self.name(key))
    }

    fn wrong_type(&self, key: &'static str, v: &Spanned<DeValue>, expected: &str) {
        let msg = format!(
            "« {} » doit être {expected}, pas {} (« {} »)",
            self.name(key),
            type_name(v.get_ref()),
            crate::text::shorten(self.raw(v), 60)
        );
        let hint = match (expected, v.get_ref()) {
            ("du texte", DeValue::Integer(_) | DeValue::Float(_)) => {
                Some(format!("mettez la valeur entre guillemets : {key} = \"{}\"", self.raw(v)))
            }
            (e, DeValue::String(s)) if e.starts_with("une liste") => Some(format!("{key} = [\"{s}\"]")),
            // `cible = "12"`, `cible = "1,5"`: a number in quotes, or with a French comma.
            (e, DeValue::String(s)) if e.contains("nombre") && s.trim().replace(',', ".").parse::<f64>().is_ok() => {
                Some(format!(
                    "écrivez le nombre sans guillemets, avec un point : {key} = {}",
                    s.trim().replace(',', ".")
                ))
            }
            _ => None,
        };
        self.doc.report(self.error(key, self.doc.pos(v.span().start), "type-invalide", msg).suggest(hint));
    }

    fn raw(&self, v: &Spanned<DeValue>) -> &str {
        self.doc.text.get(v.span()).unwrap_or("")
    }

    fn missing(&self, key: &'static str, what: &str) {
        let msg = format!("le champ obligatoire « {} » manque ({what})", self.name(key));
        self.doc.report(
            Diagnostic::error("champ-manquant", msg)
                .at(self.pos())
                .field(self.name(key))
                .suggest(Some(format!("ajoutez {key} = …"))),
        );
    }

    /// Reports a required field that is not there, with an example of it (`date = 2026-06-30`).
    pub fn require(&self, key: &'static str, example: &str) {
        match self.get(key).map(|v| (v.get_ref(), v.span().start)) {
            None => self.doc.report(
                Diagnostic::error("champ-manquant", format!("le champ obligatoire « {} » manque", self.name(key)))
                    .at(self.pos())
                    .field(self.name(key))
                    .suggest(Some(example.into())),
            ),
            // A blank value of a required field says nothing: as good as absent.
            Some((DeValue::String(s), start)) if s.trim().is_empty() => self.doc.report(
                self.error(
                    key,
                    self.doc.pos(start),
                    "champ-vide",
                    format!("le champ obligatoire « {} » est vide", self.name(key)),
                )
                .suggest(Some(example.into())),
            ),
            Some(_) => {}
        }
    }

    /// Optional text. Empty text counts as absent.
    pub fn str(&self, key: &'static str) -> Option<At<String>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::String(s) if s.trim().is_empty() => None,
            DeValue::String(s) => Some(At { v: s.trim().to_string(), pos: self.doc.pos(v.span().start) }),
            _ => {
                self.wrong_type(key, v, "du texte");
                None
            }
        }
    }

    /// Required text.
    pub fn req_str(&self, key: &'static str, what: &str) -> Option<At<String>> {
        let v = self.str(key);
        match self.get(key) {
            None => self.missing(key, what),
            Some(raw) if v.is_none() && matches!(raw.get_ref(), DeValue::String(_)) => {
                self.doc.report(self.error(
                    key,
                    self.doc.pos(raw.span().start),
                    "champ-vide",
                    format!("le champ « {} » est vide ({what})", self.name(key)),
                ));
            }
            Some(_) => {}
        }
        v
    }

    /// A required field that is missing or blank is reported; returns whether it is usable.
    pub fn required(&self, key: &'static str, what: &str) -> bool {
        match self.get(key).map(|v| (v.get_ref(), v.span().start)) {
            None => {
                self.missing(key, what);
                false
            }
            Some((DeValue::String(s), start)) if s.trim().is_empty() => {
                self.doc.report(self.error(
                    key,
                    self.doc.pos(start),
                    "champ-vide",
                    format!("le champ « {} » est vide ({what})", self.name(key)),
                ));
                false
            }
            Some(_) => true,
        }
    }

    /// Text or whole number, kept as text (`numero = 1` and `numero = "1.1"`).
    pub fn number_str(&self, key: &'static str) -> Option<At<String>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Integer(i) => Some(At { v: i.as_str().replace('_', ""), pos: self.doc.pos(v.span().start) }),
            DeValue::String(_) => self.str(key),
            _ => {
                self.wrong_type(key, v, "du texte");
                None
            }
        }
    }

    /// A list of texts; a single text is accepted as a list of one (README: « lu comme une liste
    /// d'un élément »). Every list field is read here: a blank item is an error that names the
    /// field and the item's position, whatever the field.
    pub fn strs(&self, key: &'static str) -> Vec<At<String>> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        match v.get_ref() {
            DeValue::String(s) if s.trim().is_empty() => Vec::new(),
            DeValue::String(s) => vec![At { v: s.trim().to_string(), pos: self.doc.pos(v.span().start) }],
            DeValue::Array(items) => self.once_each(
                key,
                items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, item)| match item.get_ref() {
                        DeValue::String(s) if s.trim().is_empty() => {
                            let msg = format!(
                                "l'élément {} de « {} » est vide (« {} ») : une liste n'a que des valeurs écrites",
                                i + 1,
                                self.name(key),
                                s
                            );
                            self.doc.report(
                                self.error(key, self.doc.pos(item.span().start), "element-vide", msg)
                                    .suggest(Some("retirez cet élément et sa virgule, ou écrivez sa valeur".into())),
                            );
                            None
                        }
                        DeValue::String(s) => {
                            Some((i, At { v: s.trim().to_string(), pos: self.doc.pos(item.span().start) }))
                        }
                        other => {
                            let msg = format!(
                                "l'élément {} de « {} » doit être du texte, pas {}",
                                i + 1,
                                self.name(key),
                                type_name(other)
                            );
                            self.doc.report(self.error(key, self.doc.pos(item.span().start), "type-invalide", msg));
                            None
                        }
                    })
                    .collect(),
            ),
            _ => {
                self.wrong_type(key, v, "une liste de textes");
                Vec::new()
            }
        }
    }

    /// A list's items, each once: a value written again is a warning at its second place, and is
    /// read once (`publics = ["seniors", "seniors"]` would show « Seniors, Seniors »).
    fn once_each(&self, key: &'static str, items: Vec<(usize, At<String>)>) -> Vec<At<String>> {
        let mut kept: Vec<(usize, At<String>)> = Vec::with_capacity(items.len());
        for (i, item) in items {
            if let Some((first, _)) = kept.iter().find(|(_, x)| x.v == item.v) {
                let msg = format!(
                    "« {} » est écrit deux fois dans « {} » (éléments {} et {}) : il n'est lu qu'une fois",
                    item.v,
                    self.name(key),
                    first + 1,
                    i + 1
                );
                self.doc.report(
                    Diagnostic::warning("doublon", msg)
                        .at(item.pos)
                        .field(self.name(key))
                        .suggest(Some(format!("retirez l'élément {} et sa virgule", i + 1))),
                );
            } else {
                kept.push((i, item));
            }
        }
        kept.into_iter().map(|(_, x)| x).collect()
    }

    pub fn bool(&self, key: &'static str) -> Option<bool> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type(key, v, "true ou false");
                None
            }
        }
    }

    pub fn int(&self, key: &'static str) -> Option<At<i64>> {
        let v = self.get(key)?;
        let pos = self.doc.pos(v.span().start);
        match v.get_ref() {
            DeValue::Integer(i) => match i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()) {
                Ok(n) => Some(At { v: n, pos }),
                Err(_) => {
                    self.doc.report(self.error(
                        key,
                        pos,
                        "nombre-invalide",
                        format!("« {} » : nombre trop grand (au plus {})", self.raw(v), i64::MAX),
                    ));
                    None
                }
            },
            _ => {
                self.wrong_type(key, v, "un nombre entier");
                None
            }
        }
    }

    /// A whole number within `min..=max`; outside, an error that gives the nearest bound.
    pub fn int_in(&self, key: &'static str, min: i64, max: i64) -> Option<At<i64>> {
        let v = self.int(key)?;
        if (min..=max).contains(&v.v) {
            return Some(v);
        }
        let near = v.v.clamp(min, max);
        self.doc.report(
            self.error(
                key,
                v.pos,
                "nombre-hors-limites",
                format!("« {} » vaut {} ; il va de {min} à {max}", self.name(key), v.v),
            )
            .suggest(Some(format!("{key} = {near}"))),
        );
        None
    }

    /// A number, whole or decimal.
    pub fn float(&self, key: &'static str) -> Option<At<f64>> {
        let v = self.get(key)?;
        let pos = self.doc.pos(v.span().start);
        let parsed = match v.get_ref() {
            DeValue::Integer(_) => return self.int(key).map(|i| At { v: i.v as f64, pos }),
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok().filter(|f| f.is_finite()),
            _ => {
                self.wrong_type(key, v, "un nombre");
                return None;
            }
        };
        if parsed.is_none() {
            self.doc.report(self.error(
                key,
                pos,
                "nombre-invalide",
                format!("« {} » n'est pas un nombre fini", self.raw(v)),
            ));
        }
        parsed.map(|f| At { v: f, pos })
    }

    /// A calendar date: a TOML date (`2026-03-01`) or the same in quotes.
    pub fn date(&self, key: &'static str) -> Option<At<NaiveDate>> {
        let w = self.when(key)?;
        if w.time.is_some() {
            self.doc.report(
                self.error(key, w.pos, "date-invalide", format!("« {} » attend une date sans heure", self.name(key)))
                    .suggest(Some(format!("{key} = {}", w.date))),
            );
        }
        Some(At { v: w.date, pos: w.pos })
    }

    /// A date with an optional time and offset.
    pub fn when(&self, key: &'static str) -> Option<At<When>> {
        let v = self.get(key)?;
        let pos = self.doc.pos(v.span().start);
        let bad = |detail: &str| {
            self.doc.report(
                self.error(
                    key,
                    pos,
                    "date-invalide",
                    format!("« {} » n'est pas une date valide{detail}", self.name(key)),
                )
                .suggest(Some(format!("écrivez la date sans guillemets, au format AAAA-MM-JJ : {key} = 2026-03-01"))),
            );
            None
        };
        let dt = match v.get_ref() {
            DeValue::Datetime(dt) => *dt,
            DeValue::String(s) => match s.trim().parse::<toml::value::Datetime>() {
                Ok(dt) => dt,
                Err(_) => return self.date_text(key, pos, s.trim()),
            },
            other => return bad(&format!(" ({} au lieu d'une date)", type_name(other))),
        };
        let Some(d) = dt.date else {
            return bad(" (il manque le jour)");
        };
        let Some(date) = NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into()) else {
            return bad(&format!(" : le {:02}/{:02}/{} n'existe pas", d.day, d.month, d.year));
        };
        let time =
            dt.time.and_then(|t| NaiveTime::from_hms_opt(t.hour.into(), t.minute.into(), t.second.unwrap_or(0).into()));
        let offset_min = dt.offset.map(|o| match o {
            toml::value::Offset::Z => 0,
            toml::value::Offset::Custom { minutes } => minutes.into(),
        });
        if date.year() < 2000 {
            // A contract, a service or a measure from the last century is almost always a typo.
            self.doc.report(
                Diagnostic::warning(
                    "date-improbable",
                    format!("« {} » : {date} est antérieure à l'an 2000 ; vérifiez l'année", self.name(key)),
                )
                .at(pos)
                .field(self.name(key)),
            );
        }
        Some(At { v: When { date, time, offset_min }, pos })
    }

    /// Explains a date written as text that TOML does not read: impossible days, French order.
    fn date_text(&self, key: &str, pos: Pos, s: &str) -> Option<At<When>> {
        let nums: Vec<&str> = s.split(['-', '/', '.']).collect();
        let parsed: Vec<u32> = nums.iter().filter_map(|n| n.trim().parse().ok()).collect();
        let (detail, hint) = match (nums.len(), parsed.as_slice()) {
            (3, [y, m, d]) if *y > 999 => {
                (format!(" : le {d:02}/{m:02}/{y} n'existe pas"), "vérifiez le jour et le mois".to_string())
            }
            (3, [d, m, y]) if *y > 999 => match NaiveDate::from_ymd_opt(*y as i32, *m, *d) {
                Some(date) => (format!(" : « {s} » est écrit à la française"), format!("{key} = {date}")),
                None => (format!(" : le {d:02}/{m:02}/{y} n'existe pas"), "vérifiez le jour et le mois".to_string()),
            },
            _ => (format!(" : « {s} »"), String::new()),
        };
        let hint = if hint.is_empty() {
            format!("écrivez la date sans guillemets, au format AAAA-MM-JJ : {key} = 2026-03-01")
        } else {
            format!("{hint} (format AAAA-MM-JJ, sans guillemets)")
        };
        self.doc.report(
            self.error(key, pos, "date-invalide", format!("« {} » n'est pas une date valide{detail}", self.name(key)))
                .suggest(Some(hint)),
        );
        None
    }

    pub fn table(&self, key: &'static str) -> Option<Fields<'d, 't, 'i>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Table(t) => Some(Fields::new(self.doc, t, v.span(), format!("{}{key}.", self.prefix))),
            _ => {
                self.wrong_type(key, v, "une table");
                None
            }
        }
    }

    /// An array of tables (`[[key]]`); a single table is accepted as one.
    pub fn tables(&self, key: &'static str) -> Vec<Fields<'d, 't, 'i>> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        match v.get_ref() {
            DeValue::Array(items) => items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| match item.get_ref() {
                    DeValue::Table(t) => {
                        Some(Fields::new(self.doc, t, item.span(), format!("{}{key}[{}].", self.prefix, i + 1)))
                    }
                    _ => {
                        self.wrong_type(key, item, "une table [[…]]");
                        None
                    }
                })
                .collect(),
            DeValue::Table(t) => vec![Fields::new(self.doc, t, v.span(), format!("{}{key}[1].", self.prefix))],
            _ => {
                self.wrong_type(key, v, "une liste de tables [[…]]");
                Vec::new()
            }
        }
    }

    /// Reports every key that no reader asked for, with the nearest known key.
    /// The keys readers asked for so far: the fields this table may hold.
    pub fn asked(&self) -> Vec<&'static str> {
        let mut keys = self.asked.borrow().clone();
        keys.sort_unstable();
        keys.dedup();
        keys
    }

    pub fn finish(self) {
        let asked = self.asked.into_inner();
        for (k, _) in self.table.iter() {
            let key = k.get_ref().as_ref();
            if !asked.contains(&key) {
                let mut known: Vec<&str> = asked.clone();
                known.sort_unstable();
                known.dedup();
                let suggestion = nearest(key, known.iter().copied())
                    .map(|s| format!("vouliez-vous dire « {s} » ?"))
                    .or_else(|| Some(format!("champs possibles : {}", known.join(", "))));
                self.doc.report(
                    Diagnostic::error("champ-inconnu", format!("champ inconnu « {}{key} »", self.prefix))
                        .at(self.doc.pos(k.span().start))
                        .field(format!("{}{key}", self.prefix))
                        .suggest(suggestion),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read<T>(src: &str, f: impl FnOnce(&Fields) -> T) -> (T, Vec<Diagnostic>) {
        let doc = Doc::new("x.md", src, 2);
        let t = doc.parse().expect("toml");
        let fields = Fields::root(&doc, &t);
        let out = f(&fields);
        fields.finish();
        (out, doc.into_diagnostics())
    }

    #[test]
    fn unknown_field_names_line_and_nearest_key() {
        let (_, d) = read("titre = \"a\"\ntilte = \"b\"\n", |f| f.str("titre"));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].rule, "champ-inconnu");
        assert_eq!(d[0].line, Some(3));
        assert_eq!(d[0].suggestion.as_deref(), Some("vouliez-vous dire « titre » ?"));
    }

    #[test]
    fn wrong_types_are_reported_with_a_fix() {
        let (v, d) = read("numero = 12\nlistes = \"a\"\n", |f| (f.str("numero"), f.strs("listes")));
        assert!(v.0.is_none());
        assert_eq!(v.1.len(), 1, "a single text is a list of one");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].suggestion.as_deref(), Some("mettez la valeur entre guillemets : numero = \"12\""));
        let (_, d) = read("cible = \"1,5\"\n", |f| f.float("cible"));
        assert_eq!(d[0].suggestion.as_deref(), Some("écrivez le nombre sans guillemets, avec un point : cible = 1.5"));
    }

    #[test]
    fn dates_are_checked_for_existence() {
        let (v, d) =
            read("a = 2026-03-01\nb = \"2026-02-30\"\nc = \"hier\"\n", |f| (f.date("a"), f.date("b"), f.date("c")));
        assert_eq!(v.0.unwrap().v, NaiveDate::from_ymd_opt(2026, 3, 1).unwrap());
        assert!(v.1.is_none() && v.2.is_none());
        assert_eq!(d.len(), 2);
        assert!(d.iter().all(|d| d.rule == "date-invalide"));
        assert_eq!(d[0].line, Some(3));
    }

    #[test]
    fn nested_tables_carry_a_prefix_and_lines() {
        let src = "[[partenaires]]\nnom = \"a\"\n[[partenaires]]\nnom = \"b\"\nsecter = \"x\"\n";
        let (_, d) = read(src, |f| {
            for p in f.tables("partenaires") {
                p.str("nom");
                p.str("secteur");
                p.finish();
            }
        });
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].field.as_deref(), Some("partenaires[2].secter"));
        assert_eq!(d[0].line, Some(6));
        assert_eq!(d[0].suggestion.as_deref(), Some("vouliez-vous dire « secteur » ?"));
    }

    #[test]
    fn syntax_errors_are_positioned() {
        let doc = Doc::new("x.md", "titre = \"a\nb = 1\n", 2);
        assert!(doc.parse().is_none());
        let d = doc.into_diagnostics();
        assert_eq!(d[0].rule, "toml-invalide");
        assert_eq!(d[0].line, Some(2));
    }
}
