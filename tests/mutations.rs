//! The mutation corpus: broken variants generated from two valid sites (the demo and the
//! `complet` fixture), never listed by hand.
//!
//! For every field of one file of each kind (the one with the most fields), every key of
//! `site.toml` and every column of the bulk files, it derives the wrong type, an empty value,
//! an unknown code and a code with a typo, a missing reference, a number out of range, a date in
//! the future and one before 2000, markup and `javascript:`/`data:` in every text, a duplicated
//! key and a missing field. Each variant is built (in process, so a panic is caught) and checked:
//! no panic, under 20 s, the outcome of the policy of README ("Ce que portail refuse, signale
//! ou accepte"), a finding that names the file, the field and the line, `public/` unchanged
//! after an error, and no injected markup live in any page after a success.

use portail::diag::{Diagnostic, Severity};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use toml::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Policy {
    /// The build fails; an error names the file, the field and the line.
    Error,
    /// The build succeeds; a warning names the file, the field and the line.
    Warning,
    /// The build succeeds (as written, read leniently, or escaped).
    Accepted,
}

/// One broken variant of one file.
struct Variant {
    file: String,
    /// The field as findings name it (`indicateurs[1].cible`), or `corps` for the body.
    field: String,
    what: String,
    text: Vec<u8>,
    expect: Policy,
}

const MARKUP: &str = "<img src=x onerror=alert(1)>\"><script>alert(2)</script>";
const JS_URL: &str = "javascript:alert(1)";
const DATA_URL: &str = "data:text/html,<script>alert(1)</script>";

/// Fields a file cannot go without (content model and README): missing or empty, an error.
fn required(kind: &str, field: &str) -> bool {
    let leaf = leaf(field);
    let parent = parent(field);
    match (kind, parent.as_str(), leaf) {
        ("site", "", "titre" | "territoire" | "url" | "axes") => true,
        ("site", "axes", "id" | "numero" | "titre" | "objectifs") => true,
        ("site", "axes.objectifs", "id" | "numero" | "titre") => true,
        ("site", "communes", "code" | "nom") => true,
        ("site", "signataires", "nom") => true,
        ("site", "accessibilite", "etat") => true,
        ("action", "", "titre" | "numero" | "axe" | "objectif" | "statut") => true,
        ("action", "partenaires", "nom") => true,
        ("action", "indicateurs", "libelle") => true,
        ("action", "indicateurs.mesures", "date" | "valeur") => true,
        ("action", "evenements", "titre" | "debut") => true,
        ("action", "etapes", "titre") => true,
        ("action", "bilans", "date" | "statut" | "texte") => true,
        ("service", "", "titre" | "date_maj") => true,
        ("structure", "", "titre") => true,
        ("news", "", "titre" | "date") => true,
        ("page", "", "titre") => true,
        ("glossary", "termes", "nom") => true,
        ("findings", "constats", "id" | "titre") => true,
        // The fiches of the sites name the findings: without them, each reference is an error.
        ("findings", "", "constats") => true,
        // One of the two names who runs the service: the files have one, so it is required.
        ("service", "", "structure" | "porteur") => true,
        // Not required by the content model, but the sites' fiches and services name their
        // communes: without them, each reference is an error that names site.toml.
        ("site", "", "communes") => true,
        _ => false,
    }
}

/// Fields whose absence is a warning (recommended).
fn recommended(kind: &str, field: &str) -> bool {
    matches!((kind, parent(field).as_str(), leaf(field)), ("glossary", "termes", "definition"))
}

/// Fields that hold a code of a list or the id of something else.
const CODE_KEYS: &[&str] = &[
    "statut",
    "axe",
    "objectif",
    "secteur",
    "type",
    "thematiques",
    "publics",
    "types_action",
    "determinants",
    "interventions",
    "participation",
    "donnees_ists",
    "frais",
    "modes_accueil",
    "mobilisable_par",
    "modes_mobilisation",
    "dispositif",
    "structure",
    "ressources",
    "communes",
    "commune",
    "voir",
    "reseaux_porteurs",
    "etat",
    "constats",
    "indicateur_diagnostic",
    "indicateurs",
    "portrait",
    "chiffres_cles",
];

/// Where a future date is a typo (a fact that happened), a doubt, or plain planning. A start
/// moved after its end is an error, whatever the field.
fn future_date(kind: &str, field: &str, has_end: bool) -> Policy {
    match (kind, parent(field).as_str(), leaf(field)) {
        (_, "indicateurs.mesures", "date") | (_, "bilans", "date") | (_, "indicateurs", "date_reference") => {
            Policy::Error
        }
        (_, _, "debut") if has_end => Policy::Error,
        ("action" | "service" | "structure", "", "date_maj") => Policy::Warning,
        _ => Policy::Accepted,
    }
}

/// Numbers that may be negative; every other one has bounds.
fn any_number(field: &str) -> bool {
    matches!(leaf(field), "valeur" | "poids")
}

fn leaf(field: &str) -> &str {
    let last = field.rsplit('.').next().unwrap_or(field);
    last.split('[').next().unwrap_or(last)
}

/// `indicateurs[1].mesures[2].date` → `indicateurs.mesures`.
fn parent(field: &str) -> String {
    let parts: Vec<&str> = field.split('.').collect();
    parts[..parts.len() - 1].iter().map(|p| p.split('[').next().unwrap_or(p)).collect::<Vec<_>>().join(".")
}

#[derive(Clone, Copy, PartialEq)]
enum Shape {
    Text,
    Url,
    Code,
    Date,
    Number,
    Bool,
    Texts,
    Codes,
    Table,
    Tables,
}

fn is_code(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 60
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-._".contains(&b))
}

fn shape(v: &Value) -> Shape {
    match v {
        Value::String(s) if s.starts_with("http://") || s.starts_with("https://") => Shape::Url,
        Value::String(s) if is_code(s) => Shape::Code,
        Value::String(_) => Shape::Text,
        Value::Integer(_) | Value::Float(_) => Shape::Number,
        Value::Boolean(_) => Shape::Bool,
        Value::Datetime(_) => Shape::Date,
        Value::Array(a) if a.iter().all(Value::is_table) && !a.is_empty() => Shape::Tables,
        Value::Array(a) if !a.is_empty() && a.iter().all(|x| x.as_str().is_some_and(is_code)) => Shape::Codes,
        Value::Array(_) => Shape::Texts,
        Value::Table(_) => Shape::Table,
    }
}

/// Fields whose text is free: anything typed there is shown escaped, never refused.
fn free_text(field: &str, v: &str) -> bool {
    !matches!(
        leaf(field),
        "telephone"
            | "courriel"
            | "horaires_accueil"
            | "siret"
            | "code_postal"
            | "code"
            | "code_insee"
            | "numero"
            | "id"
            | "source_id"
            | "contact"
            | "zone_eligibilite"
            | "etat"
    ) && !v.contains('@')
}

fn sample_of(s: Shape) -> Vec<(&'static str, Value)> {
    let date = Value::Datetime("2025-06-01".parse().unwrap());
    let all = [
        ("texte", Value::String("Du texte à la place".into())),
        ("nombre", Value::Integer(42)),
        ("booléen", Value::Boolean(true)),
        ("date", date),
        ("liste", Value::Array(vec![Value::Integer(1), Value::Integer(2)])),
        ("table", Value::Table(toml::Table::from_iter([("x".to_string(), Value::Integer(1))]))),
    ];
    let own = match s {
        Shape::Text | Shape::Url | Shape::Code => "texte",
        Shape::Number => "nombre",
        Shape::Bool => "booléen",
        Shape::Date => "date",
        Shape::Texts | Shape::Codes | Shape::Tables => "liste",
        Shape::Table => "table",
    };
    all.into_iter().filter(|(n, _)| *n != own).collect()
}

/// Every broken variant of the value at `field`, with the expected outcome.
fn value_variants(kind: &str, field: &str, v: &Value, siblings: &toml::Table) -> Vec<(String, Option<Value>, Policy)> {
    let req = required(kind, field);
    let absent = if req {
        Policy::Error
    } else if recommended(kind, field) {
        Policy::Warning
    } else {
        Policy::Accepted
    };
    let s = shape(v);
    let mut out: Vec<(String, Option<Value>, Policy)> = Vec::new();
    for (name, wrong) in sample_of(s) {
        // A lone text where a list of texts is expected is read as a one-item list (its first
        // item here); a whole number is text where a number-like text is expected (`numero = 1`).
        let lone = matches!((s, name), (Shape::Texts | Shape::Codes, "texte"));
        let wrong = match (lone, v) {
            (true, Value::Array(a)) if !a.is_empty() => a[0].clone(),
            _ => wrong,
        };
        let lenient = lone || (leaf(field) == "numero" && parent(field) != "axes" && name == "nombre");
        let expect = if lenient { Policy::Accepted } else { Policy::Error };
        out.push((format!("type {name}"), Some(wrong), expect));
    }
    match s {
        Shape::Text | Shape::Url | Shape::Code | Shape::Texts | Shape::Codes => {
            let empty = if matches!(s, Shape::Texts | Shape::Codes) {
                Value::Array(vec![])
            } else {
                Value::String(String::new())
            };
            out.push(("vide".into(), Some(empty), absent));
        }
        _ => {}
    }
    // A blank item in any list of texts: an error naming the field and the item's position.
    if let (Shape::Texts | Shape::Codes, Value::Array(a)) = (s, v) {
        let mut with_blank = a.clone();
        with_blank.push(Value::String("  ".into()));
        out.push(("élément vide dans la liste".into(), Some(Value::Array(with_blank)), Policy::Error));
    }
    if s == Shape::Tables {
        out.push(("liste vide".into(), Some(Value::Array(vec![])), absent));
        if let Value::Array(a) = v
            && a.len() == 1
        {
            // One table where a list of tables is expected: read as a list of one.
            out.push(("table seule".into(), Some(a[0].clone()), Policy::Accepted));
        }
    }
    let codes = |s: &str| -> Vec<(String, Option<Value>, Policy)> {
        let mut c: Vec<char> = s.chars().collect();
        let typo: String = match (1..c.len()).find(|&i| c[i] != c[i - 1] && c[i].is_ascii_alphabetic()) {
            Some(i) => {
                c.swap(i - 1, i);
                c.into_iter().collect()
            }
            None => format!("{s}x"),
        };
        vec![
            ("code inconnu".into(), Some(Value::String("zz-inconnu-zz".into())), Policy::Error),
            (format!("code avec une faute ({typo})"), Some(Value::String(typo)), Policy::Error),
        ]
    };
    match (s, v) {
        (Shape::Code, Value::String(c)) if CODE_KEYS.contains(&leaf(field)) => out.extend(codes(c)),
        (Shape::Codes, Value::Array(a)) if CODE_KEYS.contains(&leaf(field)) => {
            if let Some(Value::String(c)) = a.first() {
                for (what, val, p) in codes(c) {
                    out.push((format!("liste : {what}"), val.map(|x| Value::Array(vec![x])), p));
                }
            }
        }
        (Shape::Text, Value::String(t)) if free_text(field, t) => {
            // Markup and both script addresses at once: each must stay text wherever it shows.
            let injected = format!("{t} {MARKUP} {JS_URL} {DATA_URL}");
            // A finding's `texte` is Markdown, like a page's body: raw HTML in it is refused.
            let p = if kind == "findings" && leaf(field) == "texte" { Policy::Error } else { Policy::Accepted };
            out.push(("injection de balisage et d'adresses".into(), Some(Value::String(injected)), p));
        }
        (Shape::Url, _) => {
            for inj in [JS_URL, DATA_URL] {
                out.push((format!("adresse {}", &inj[..10]), Some(Value::String(inj.into())), Policy::Error));
            }
            out.push((
                "adresse balisée".into(),
                Some(Value::String(format!("https://ex.org/{MARKUP}"))),
                Policy::Error,
            ));
        }
        (Shape::Number, _) => {
            let (bad, p) = if any_number(field) { (-999_999, Policy::Accepted) } else { (-999_999, Policy::Error) };
            out.push(("nombre hors limites".into(), Some(Value::Integer(bad)), p));
            // Near the integer limit: past every plausible range (README, « Les nombres »); only a
            // page's `poids`, an order, takes any whole number.
            let p = if leaf(field) == "poids" { Policy::Accepted } else { Policy::Error };
            out.push(("nombre extrême".into(), Some(Value::Integer(9_000_000_000_000_000_000)), p));
        }
        (Shape::Date, Value::Datetime(d)) => {
            let future = d.to_string().replacen(&d.to_string()[..4], "2061", 1);
            let has_end = siblings.contains_key("fin");
            let has_start = siblings.contains_key("debut") && leaf(field) == "fin";
            out.push((
                "date future".into(),
                Some(Value::Datetime(future.parse().unwrap())),
                future_date(kind, field, has_end),
            ));
            let old = d.to_string().replacen(&d.to_string()[..4], "1987", 1);
            let expect = if has_start { Policy::Error } else { Policy::Warning };
            out.push(("date avant 2000".into(), Some(Value::Datetime(old.parse().unwrap())), expect));
        }
        _ => {}
    }
    out.push(("champ absent".into(), None, absent));
    out
}

/// Every field of a TOML table, as findings name them.
type Field<'a> = (String, Vec<String>, &'a Value, &'a toml::Table);

fn fields<'a>(t: &'a toml::Table, prefix: &str, out: &mut Vec<Field<'a>>, path: &[String]) {
    for (k, v) in t {
        let name = format!("{prefix}{k}");
        let mut p = path.to_vec();
        p.push(k.clone());
        out.push((name.clone(), p.clone(), v, t));
        match v {
            Value::Table(sub) => fields(sub, &format!("{name}."), out, &p),
            Value::Array(a) => {
                for (i, item) in a.iter().enumerate().take(1) {
                    if let Value::Table(sub) = item {
                        let mut q = p.clone();
                        q.push(format!("#{i}"));
                        fields(sub, &format!("{name}[{}].", i + 1), out, &q);
                    }
                }
            }
            _ => {}
        }
    }
}

fn set(t: &mut toml::Table, path: &[String], v: Option<Value>) {
    let (last, init) = path.split_last().unwrap();
    let mut cur: &mut toml::Table = t;
    let mut i = 0;
    while i < init.len() {
        let key = &init[i];
        let next = cur.get_mut(key).unwrap();
        cur = match next {
            Value::Table(sub) => sub,
            Value::Array(a) => {
                let n: usize = init[i + 1].trim_start_matches('#').parse().unwrap();
                i += 1;
                a[n].as_table_mut().unwrap()
            }
            _ => unreachable!(),
        };
        i += 1;
    }
    match v {
        Some(v) => {
            cur.insert(last.clone(), v);
        }
        None => {
            cur.remove(last);
        }
    }
}

/// A file: its front matter (or whole TOML), and what follows it.
struct Source {
    head: String,
    table: toml::Table,
    tail: String,
    fenced: bool,
}

fn source(text: &str) -> Source {
    match text.strip_prefix("+++\n").and_then(|r| r.split_once("\n+++\n")) {
        Some((fm, body)) => Source { head: fm.into(), table: fm.parse().unwrap(), tail: body.into(), fenced: true },
        None => Source { head: text.into(), table: text.parse().unwrap(), tail: String::new(), fenced: false },
    }
}

fn assemble(src: &Source, toml_text: &str) -> Vec<u8> {
    if src.fenced { format!("+++\n{toml_text}+++\n{}", src.tail) } else { toml_text.to_string() }.into_bytes()
}

fn toml_variants(kind: &str, file: &str, text: &str) -> Vec<Variant> {
    let src = source(text);
    let mut all = Vec::new();
    fields(&src.table, "", &mut all, &[]);
    let mut out = Vec::new();
    for (field, path, v, siblings) in &all {
        for (what, val, expect) in value_variants(kind, field, v, siblings) {
            let mut t = src.table.clone();
            set(&mut t, path, val);
            out.push(Variant {
                file: file.into(),
                field: field.clone(),
                what,
                text: assemble(&src, &toml::to_string(&t).unwrap()),
                expect,
            });
        }
        // A key written twice, in place: the line that repeats it.
        if path.len() == 1 && !matches!(v, Value::Table(_) | Value::Array(_)) {
            let line =
                src.head.lines().find(|l| l.starts_with(&format!("{field} ")) || l.starts_with(&format!("{field}=")));
            if let Some(line) = line {
                let twice = src.head.replacen(line, &format!("{line}\n{line}"), 1);
                out.push(Variant {
                    file: file.into(),
                    field: field.clone(),
                    what: "clé en double".into(),
                    text: assemble(&src, &format!("{twice}\n")),
                    expect: Policy::Error,
                });
            }
        }
    }
    if src.fenced {
        let stem = file.rsplit('/').next().unwrap().trim_end_matches(".md");
        let body = |extra: &str| assemble(&src, &format!("{}\n", src.head)).into_iter().chain(extra.bytes()).collect();
        for (what, extra, expect) in [
            ("HTML brut", format!("\n\n{MARKUP}\n"), Policy::Error),
            ("lien javascript:", format!("\n\n[clic]({JS_URL})\n"), Policy::Error),
            ("lien data:", format!("\n\n[clic]({DATA_URL})\n"), Policy::Error),
            ("image absente nommée comme la page", format!("\n\n![Affiche]({stem}.jpg)\n"), Policy::Error),
            ("image sans texte", "\n\n![](absente.png)\n".to_string(), Policy::Error),
            ("titres sautés", "\n\n# Un\n\n### Trois\n".to_string(), Policy::Warning),
        ] {
            out.push(Variant {
                file: file.into(),
                field: "corps".into(),
                what: what.into(),
                text: body(&extra),
                expect,
            });
        }
    }
    out
}

fn csv_variants(file: &str, text: &str) -> Vec<Variant> {
    let mut r = csv::ReaderBuilder::new()
        .delimiter(if text.lines().next().unwrap().contains(';') { b';' } else { b',' })
        .from_reader(text.as_bytes());
    let delim = if text.lines().next().unwrap().contains(';') { b';' } else { b',' };
    let headers: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows: Vec<Vec<String>> = r.records().map(|x| x.unwrap().iter().map(str::to_string).collect()).collect();
    let mut out = Vec::new();
    const CHECKED: &[&str] = &[
        "id",
        "date_maj",
        "telephone",
        "code_insee",
        "horaires_accueil",
        "code_postal",
        "thematiques",
        "publics",
        "type",
        "frais",
        "modes_accueil",
        "courriel",
        "site_web",
        "zone_eligibilite",
        "structure_id",
        "lien_mobilisation",
    ];
    for (c, h) in headers.iter().enumerate() {
        let required = matches!(h.as_str(), "id" | "nom" | "date_maj" | "porteur");
        let cases = [
            ("vide", String::new(), if required { Policy::Error } else { Policy::Accepted }),
            (
                "formule",
                "=HYPERLINK(\"http://x.example\";\"clic\")".into(),
                if CHECKED.contains(&h.as_str()) { Policy::Error } else { Policy::Warning },
            ),
            (
                "balisage",
                format!("{} {MARKUP}", rows[0][c]),
                if CHECKED.contains(&h.as_str()) { Policy::Error } else { Policy::Accepted },
            ),
        ];
        for (what, cell, expect) in cases {
            let mut w = csv::WriterBuilder::new().delimiter(delim).from_writer(Vec::new());
            w.write_record(&headers).unwrap();
            for (i, row) in rows.iter().enumerate() {
                let mut row = row.clone();
                if i == 0 {
                    row[c] = cell.clone();
                }
                w.write_record(&row).unwrap();
            }
            out.push(Variant {
                file: file.into(),
                field: h.clone(),
                what: format!("cellule {what}"),
                text: w.into_inner().unwrap(),
                expect,
            });
        }
    }
    out
}

fn json_variants(file: &str, text: &str) -> Vec<Variant> {
    let doc: serde_json::Value = serde_json::from_str(text).unwrap();
    let service = doc["services"][0].as_object().unwrap().clone();
    let mut out = Vec::new();
    for key in service.keys() {
        let required = matches!(key.as_str(), "id" | "nom" | "date_maj" | "structure_id");
        // Imported numbers are read as text where data·inclusion writes codes as numbers.
        let as_text = matches!(key.as_str(), "id" | "code_postal" | "code_insee" | "siret" | "telephone");
        // data·inclusion's producer and source links: read, never shown (README).
        let ignored = matches!(key.as_str(), "source" | "lien_source");
        for (what, v, expect) in [
            ("type nombre", serde_json::json!(42), if as_text || ignored { Policy::Accepted } else { Policy::Error }),
            ("type objet", serde_json::json!({"x": 1}), if ignored { Policy::Accepted } else { Policy::Error }),
            ("absent", serde_json::Value::Null, if required { Policy::Error } else { Policy::Accepted }),
        ] {
            let mut d = doc.clone();
            if v.is_null() {
                d["services"][0].as_object_mut().unwrap().remove(key);
            } else {
                d["services"][0][key] = v;
            }
            out.push(Variant {
                file: file.into(),
                field: key.clone(),
                what: what.into(),
                text: serde_json::to_vec_pretty(&d).unwrap(),
                expect,
            });
        }
    }
    out
}

/// The file of each kind with the most fields.
fn richest(root: &Path, dir: &str, suffix: &str) -> Option<String> {
    let mut best: Option<(usize, String)> = None;
    for e in std::fs::read_dir(root.join(dir)).ok()?.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        if !name.ends_with(suffix) || name.ends_with(".falc.md") && suffix == ".md" || name == "_index.md" {
            continue;
        }
        let text = std::fs::read_to_string(e.path()).ok()?;
        let n = text.lines().filter(|l| l.contains(" = ")).count();
        if best.as_ref().is_none_or(|(b, _)| n > *b) {
            best = Some((n, format!("{dir}/{name}")));
        }
    }
    best.map(|(_, f)| f)
}

fn variants(root: &Path) -> Vec<Variant> {
    let mut out = Vec::new();
    let read = |f: &str| std::fs::read_to_string(root.join(f)).unwrap();
    out.extend(toml_variants("site", "site.toml", &read("site.toml")));
    out.extend(toml_variants("glossary", "content/glossaire.toml", &read("content/glossaire.toml")));
    if root.join("content/diagnostic/constats.toml").is_file() {
        out.extend(toml_variants(
            "findings",
            "content/diagnostic/constats.toml",
            &read("content/diagnostic/constats.toml"),
        ));
    }
    for (kind, dir) in [
        ("action", "content/actions"),
        ("service", "content/annuaire"),
        ("structure", "content/structures"),
        ("news", "content/actualites"),
        ("page", "content/pages"),
        ("page", "content/contrat"),
    ] {
        if let Some(f) = richest(root, dir, ".md") {
            out.extend(toml_variants(kind, &f, &read(&f)));
        }
    }
    if let Some(f) = richest(root, "content/annuaire", ".csv") {
        out.extend(csv_variants(&f, &read(&f)));
    }
    if let Some(f) = richest(root, "content/annuaire", ".json") {
        out.extend(json_variants(&f, &read(&f)));
    }
    out
}

fn snapshot(dir: &Path) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, u64>) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let bytes = std::fs::read(&p).unwrap();
                out.insert(p.strip_prefix(base).unwrap().to_string_lossy().into(), portail::diag::fnv1a(&bytes));
            }
        }
    }
    walk(dir, dir, &mut out);
    out
}

/// Markup or a script address that came from content and is live in a page.
fn live_injection(public: &Path) -> Option<String> {
    for (path, _) in snapshot(public) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = std::fs::read_to_string(public.join(&path)).unwrap();
        for bad in [
            "<img src=x onerror",
            "<script>alert",
            "href=\"javascript:",
            "src=\"javascript:",
            "href=\"data:text",
            "src=\"data:text",
        ] {
            if html.contains(bad) {
                return Some(format!("{path} contient {bad}"));
            }
        }
    }
    None
}

fn names(d: &Diagnostic, v: &Variant, toml_file: bool) -> bool {
    let leaf = leaf(&v.field);
    // Imported columns are read under the content model's names; a start moved past its end is
    // reported on the end.
    let alias = match leaf {
        "nom" => "titre",
        "structure_id" => "structure",
        "debut" => "fin",
        other => other,
    };
    let field_ok = v.field == "corps"
        || d.field.as_deref().is_some_and(|f| f.contains(leaf) || leaf.contains(f) || f.ends_with(alias))
        || d.message.contains(leaf);
    let here = d.file == v.file && field_ok && (!toml_file || d.line.is_some());
    // A consequence in another file that names the cause (`… pas déclarée dans site.toml [[communes]]`).
    let cause = d.message.contains(&v.file) && d.message.contains(leaf);
    here || cause
}

fn run_one(
    root: &Path,
    out_dir: &Path,
    v: &Variant,
    original: &[u8],
    before: &mut BTreeMap<String, u64>,
) -> Result<(), String> {
    std::fs::write(root.join(&v.file), &v.text).unwrap();
    let opts = portail::Options {
        output: Some(out_dir.to_path_buf()),
        today: chrono::NaiveDate::from_ymd_opt(2026, 12, 1),
        ..portail::Options::new(root)
    };
    let start = Instant::now();
    let result = std::panic::catch_unwind(|| portail::build(&opts));
    let elapsed = start.elapsed();
    std::fs::write(root.join(&v.file), original).unwrap();
    let id = format!("{} [{}] {}", v.file, v.field, v.what);
    let result = result.map_err(|_| format!("{id} : panique"))?;
    if elapsed > Duration::from_secs(20) {
        return Err(format!("{id} : {elapsed:?}"));
    }
    let toml_file = !v.file.ends_with(".csv") && !v.file.ends_with(".json");
    match (&result, v.expect) {
        (Err(portail::Failure::Content(diags)), Policy::Error) => {
            if !diags.iter().any(|d| d.severity == Severity::Error && names(d, v, toml_file)) {
                let seen: Vec<String> = diags
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .map(|d| format!("{}:{:?} [{:?}] {}", d.file, d.line, d.field, d.message))
                    .collect();
                return Err(format!("{id} : aucune erreur ne nomme le fichier, le champ et la ligne : {seen:?}"));
            }
            if &snapshot(out_dir) != before {
                return Err(format!("{id} : public/ a changé après une erreur"));
            }
            Ok(())
        }
        (Ok(report), Policy::Warning) => {
            *before = snapshot(out_dir);
            if !report.warnings.iter().any(|d| names(d, v, toml_file)) {
                let seen: Vec<String> = report
                    .warnings
                    .iter()
                    .map(|d| format!("{}:{:?} [{:?}] {}", d.file, d.line, d.field, d.message))
                    .collect();
                return Err(format!("{id} : aucun avertissement ne nomme le fichier, le champ et la ligne : {seen:?}"));
            }
            live_injection(out_dir).map_or(Ok(()), |x| Err(format!("{id} : {x}")))
        }
        (Ok(_), Policy::Accepted) => {
            *before = snapshot(out_dir);
            live_injection(out_dir).map_or(Ok(()), |x| Err(format!("{id} : {x}")))
        }
        (Ok(r), expect) => {
            *before = snapshot(out_dir);
            let w: Vec<String> = r.warnings.iter().filter(|d| d.file == v.file).map(|d| d.message.clone()).collect();
            Err(format!("{id} : construit, alors que la règle dit {expect:?} (avertissements : {w:?})"))
        }
        (Err(portail::Failure::Content(d)), expect) => {
            let e: Vec<String> = d
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| format!("{}:{:?} {}", d.file, d.line, d.message))
                .collect();
            Err(format!("{id} : refusé, alors que la règle dit {expect:?} : {e:?}"))
        }
        (Err(portail::Failure::Io(e)), _) => Err(format!("{id} : erreur d'écriture {e}")),
        (Err(portail::Failure::Template(e)), _) => Err(format!("{id} : erreur de gabarit {e}")),
    }
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let name = e.file_name();
        if matches!(
            name.to_str(),
            Some(
                "public"
                    | "target"
                    | ".git"
                    | "tests"
                    | "src"
                    | "bench"
                    | "fuzz"
                    | "themes"
                    | ".portail-cache"
                    | "release"
            )
        ) && from.join("Cargo.toml").exists()
        {
            continue;
        }
        let dest = to.join(&name);
        if e.file_type().unwrap().is_dir() {
            copy(&e.path(), &dest)
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

/// A variant's kind: the same field broken the same way in two sites is run once.
fn key(v: &Variant) -> String {
    let dir = v.file.rsplit_once('/').map_or("", |(d, _)| d);
    let ext = v.file.rsplit('.').next().unwrap_or("");
    let field: String = v.field.split('[').map(|p| p.rsplit(']').next().unwrap_or(p)).collect();
    format!("{dir}/*.{ext} {field} {}", v.what.split(" (").next().unwrap_or(&v.what))
}

fn site_corpus(site: &Path, seen: &mut std::collections::HashSet<String>) -> (usize, Vec<String>) {
    let variants: Vec<Variant> = variants(site).into_iter().filter(|v| seen.insert(key(v))).collect();
    // Two workers, each with its own copy of the site and its own output.
    let chunks: Vec<Vec<&Variant>> = (0..2).map(|w| variants.iter().skip(w).step_by(2).collect()).collect();
    let failures: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                s.spawn(move || {
                    let tmp = tempfile::tempdir().unwrap();
                    let root: PathBuf = tmp.path().join("site");
                    copy(site, &root);
                    let out = tmp.path().join("public");
                    portail::build(&portail::Options {
                        output: Some(out.clone()),
                        today: chrono::NaiveDate::from_ymd_opt(2026, 12, 1),
                        ..portail::Options::new(&root)
                    })
                    .expect("le site de départ se construit");
                    let mut before = snapshot(&out);
                    let mut failures = Vec::new();
                    for v in chunk {
                        let original = std::fs::read(root.join(&v.file)).unwrap();
                        if let Err(e) = run_one(&root, &out, v, &original, &mut before) {
                            failures.push(e);
                        }
                    }
                    failures
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    (variants.len(), failures)
}

#[test]
fn every_generated_variant_follows_the_policy() {
    // Panics are caught and reported as failures: keep their messages out of the output.
    std::panic::set_hook(Box::new(|_| {}));
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut total = 0;
    let mut failures = Vec::new();
    let mut seen = std::collections::HashSet::new();
    // The small fixture first: what the demo adds is run on the demo.
    for site in [manifest.join("tests/fixtures/complet"), manifest.clone()] {
        let (n, f) = site_corpus(&site, &mut seen);
        total += n;
        failures.extend(f);
    }
    let _ = std::panic::take_hook();
    assert!(total >= 400, "{total} variantes seulement");
    assert!(
        failures.is_empty(),
        "{} variantes sur {total} ne suivent pas la règle :\n{}",
        failures.len(),
        failures.join("\n")
    );
}
