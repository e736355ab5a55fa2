//! A table of text cells with the place of each, read from a CSV file or a spreadsheet's sheet,
//! so that every finding names the line (or the sheet, row and column) it is about.

use super::Place;
use crate::diag::{Diagnostic, Pos};
use calamine::{Data, Reader};

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub file: String,
    /// The sheet, for a spreadsheet.
    pub sheet: Option<&'static str>,
    /// Column names, trimmed.
    pub header: Vec<String>,
    pub rows: Vec<Row>,
    /// Line (or sheet row) of the column names.
    pub header_row: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Line of the CSV file, or row of the sheet (1-based, as a spreadsheet shows it).
    pub line: usize,
    pub cells: Vec<String>,
}

impl Table {
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    /// The trimmed cell of `name` in `row`; an empty cell is absent.
    pub fn get<'r>(&self, row: &'r Row, name: &str) -> Option<&'r str> {
        let i = self.column(name)?;
        row.cells.get(i).map(|c| c.trim()).filter(|c| !c.is_empty())
    }

    pub fn place(&self, row: &Row, name: &str) -> Place {
        Place { file: self.file.clone(), sheet: self.sheet, line: row.line, column: self.column(name).map(|c| c + 1) }
    }

    pub fn row_place(&self, row: &Row) -> Place {
        Place { file: self.file.clone(), sheet: self.sheet, line: row.line, column: None }
    }

    /// Reports the columns that are not `known`, and the `required` ones that are missing.
    pub fn check_header(&self, known: &[&str], required: &[&str], diags: &mut Vec<Diagnostic>) {
        let at_header = |col: Option<usize>| Place {
            file: self.file.clone(),
            sheet: self.sheet,
            line: self.header_row,
            column: col,
        };
        for (i, h) in self.header.iter().enumerate() {
            if !known.contains(&h.as_str()) && !h.is_empty() {
                let near = crate::diag::nearest(h, known.iter().copied())
                    .map(|s| format!("vouliez-vous dire « {s} » ?"))
                    .unwrap_or_else(|| format!("colonnes possibles : {}", known.join(", ")));
                diags.push(
                    at_header(Some(i + 1))
                        .report(Diagnostic::error("colonne-inconnue", format!("colonne inconnue « {h} »")), h)
                        .suggest(Some(near)),
                );
            }
        }
        for r in required {
            if self.column(r).is_none() {
                diags.push(
                    at_header(None)
                        .report(
                            Diagnostic::error("colonne-manquante", format!("la colonne obligatoire « {r} » manque")),
                            r,
                        )
                        .suggest(Some(format!("ajoutez une colonne « {r} » à la première ligne"))),
                );
            }
        }
    }
}

/// `A`, `B`… `Z`, `AA`: a spreadsheet's column letters, from a 1-based number.
pub fn column_letters(mut n: usize) -> String {
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The lines where CSV records start, from the byte where the reader began each. The csv
/// crate's own line count skips blank lines and counts `\r\n` oddly; the bytes are exact.
/// Records come in order, so each count goes on from the previous one (a file of 50 000 rows is
/// read once, not once per row).
pub struct CsvLines<'t> {
    bytes: &'t [u8],
    pos: usize,
    line: usize,
}

impl<'t> CsvLines<'t> {
    pub fn new(text: &'t str) -> Self {
        CsvLines { bytes: text.as_bytes(), pos: 0, line: 1 }
    }

    pub fn at(&mut self, byte: u64) -> usize {
        let mut b = (byte as usize).min(self.bytes.len());
        while b < self.bytes.len() && matches!(self.bytes[b], b'\r' | b'\n') {
            b += 1;
        }
        if b < self.pos {
            // Never happens in order; stay exact if it does.
            self.pos = 0;
            self.line = 1;
        }
        self.line += self.bytes[self.pos..b].iter().filter(|&&c| c == b'\n').count();
        self.pos = b;
        self.line
    }
}

/// Reads a comma-separated file (a `;` header is read as `;`-separated, as French spreadsheets
/// save it). Cells that a spreadsheet would run as formulas are refused.
pub fn from_csv(file: &str, text: &str, diags: &mut Vec<Diagnostic>) -> Option<Table> {
    let header = text.lines().next().unwrap_or("");
    let delimiter = if header.matches(';').count() > header.matches(',').count() { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(false).from_reader(text.as_bytes());
    let header = match reader.headers() {
        Ok(h) => h.iter().map(|h| h.trim().to_string()).collect::<Vec<_>>(),
        Err(e) => {
            diags.push(
                Diagnostic::error("csv-invalide", format!("en-tête CSV illisible : {e}")).file(file).at(Pos::line(1)),
            );
            return None;
        }
    };
    let mut rows = Vec::new();
    let mut lines = CsvLines::new(text);
    for record in reader.records() {
        match record {
            Ok(r) => {
                let line = r.position().map_or(1, |p| lines.at(p.byte()));
                if r.iter().all(|c| c.trim().is_empty()) {
                    continue;
                }
                rows.push(Row { line, cells: r.iter().map(str::to_string).collect() });
            }
            Err(e) => {
                let line = e.position().map_or(1, |p| lines.at(p.byte()));
                let msg = match e.kind() {
                    csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
                        format!("cette ligne a {len} colonnes au lieu de {expected_len}")
                    }
                    _ => format!("ligne CSV illisible : {e}"),
                };
                diags.push(
                    Diagnostic::error("csv-invalide", msg)
                        .file(file)
                        .at(Pos::line(line))
                        .suggest(Some("mettez entre guillemets les valeurs qui contiennent une virgule".into())),
                );
            }
        }
    }
    let table = Table { file: file.to_string(), sheet: None, header, rows, header_row: 1 };
    formulas(&table, diags);
    Some(table)
}

/// Reads the sheets `indicateurs` and `valeurs` of an `.xlsx` or `.ods` file.
pub fn from_workbook(file: &str, bytes: Vec<u8>, diags: &mut Vec<Diagnostic>) -> (Option<Table>, Option<Table>) {
    let mut book = match calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)) {
        Ok(b) => b,
        Err(e) => {
            diags.push(
                Diagnostic::error("tableur-illisible", format!("ce tableur ne se lit pas : {e}"))
                    .file(file)
                    .suggest(Some("enregistrez-le au format .xlsx ou .ods, ou exportez chaque feuille en CSV".into())),
            );
            return (None, None);
        }
    };
    let names = book.sheet_names();
    let mut sheet = |name: &'static str| -> Option<Table> {
        if !names.iter().any(|n| n == name) {
            let near = crate::diag::nearest(name, names.iter().map(String::as_str));
            diags.push(
                Diagnostic::error("feuille-manquante", format!("le tableur n'a pas de feuille « {name} »"))
                    .file(file)
                    .suggest(Some(match near {
                        Some(n) => format!("renommez la feuille « {n} » en « {name} »"),
                        None => format!("feuilles trouvées : {}", names.join(", ")),
                    })),
            );
            return None;
        }
        let range = match book.worksheet_range(name) {
            Ok(r) => r,
            Err(e) => {
                diags.push(
                    Diagnostic::error("tableur-illisible", format!("la feuille « {name} » ne se lit pas : {e}"))
                        .file(file),
                );
                return None;
            }
        };
        let (top, left) = range.start().map_or((0, 0), |(r, c)| (r as usize, c as usize));
        let mut lines = range.rows().enumerate();
        let header_row = top + 1;
        // Columns left of the range are empty: cells keep their sheet column.
        let pad =
            |cells: Vec<String>| -> Vec<String> { std::iter::repeat_n(String::new(), left).chain(cells).collect() };
        let header = lines.next().map(|(_, r)| pad(r.iter().map(|c| text(c).trim().to_string()).collect()))?;
        let mut rows = Vec::new();
        for (i, r) in lines {
            let line = top + i + 1;
            let cells = pad(r.iter().map(text).collect());
            for (c, cell) in r.iter().enumerate() {
                if let Data::Error(e) = cell {
                    let place = Place { file: file.into(), sheet: Some(name), line, column: Some(left + c + 1) };
                    let col = header.get(left + c).cloned().unwrap_or_default();
                    diags.push(place.report(
                        Diagnostic::error(
                            "cellule-en-erreur",
                            format!("la cellule contient une erreur de calcul ({e})"),
                        ),
                        &col,
                    ));
                }
            }
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            rows.push(Row { line, cells });
        }
        Some(Table { file: file.to_string(), sheet: Some(name), header, rows, header_row })
    };
    let i = sheet("indicateurs");
    let v = sheet("valeurs");
    (i, v)
}

/// A cell as the text a CSV export would hold. Numbers take their shortest exact decimal form
/// (`24.5`, `2016`), so that the spreadsheet and the CSV forms of a table give the same site.
fn text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(true) => "VRAI".into(),
        Data::Bool(false) => "FAUX".into(),
        Data::DateTime(d) => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{day:02}")
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn formulas(t: &Table, diags: &mut Vec<Diagnostic>) {
    for row in &t.rows {
        for (i, cell) in row.cells.iter().enumerate() {
            // A negative number is a number, not a formula.
            if crate::spreadsheet::is_formula(cell) {
                let col = t.header.get(i).cloned().unwrap_or_default();
                diags.push(
                    Place { file: t.file.clone(), sheet: t.sheet, line: row.line, column: Some(i + 1) }
                        .report(
                            Diagnostic::error(
                                "formule-tableur",
                                format!(
                                    "« {} » serait lu comme une formule par un tableur",
                                    crate::text::shorten(cell, 40)
                                ),
                            ),
                            &col,
                        )
                        .suggest(Some("retirez le signe =, + ou @ du début de la cellule".into())),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(53), "BA");
    }

    #[test]
    fn csv_rows_keep_their_lines() {
        let mut d = Vec::new();
        let t = from_csv("f.csv", "a,b\n1,2\n\n3,\"x\ny\"\n", &mut d).unwrap();
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(t.rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 4]);
        assert_eq!(t.get(&t.rows[1], "b"), Some("x\ny"));
        assert_eq!(t.get(&t.rows[0], "c"), None);
        let t = from_csv("f.csv", "a,b\r\n1,2\r\n\r\n3,4\r\n", &mut d).unwrap();
        assert_eq!(t.rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 4]);
    }

    #[test]
    fn semicolons_and_formulas() {
        let mut d = Vec::new();
        let t = from_csv("f.csv", "a;b\n=1+1;2\n", &mut d).unwrap();
        assert_eq!(t.header, ["a", "b"]);
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].rule, d[0].line, d[0].column), ("formule-tableur", Some(2), Some(1)));
    }
}
