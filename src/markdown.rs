//! Stage 3: Markdown to HTML, with links resolved and checked, and acronyms explained.

use crate::content::check::url_problem;
use crate::diag::{Diagnostic, Pos, nearest};
use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd, html};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// What a Markdown file may link to.
pub struct Links<'a> {
    /// Base path of the site (`/` or `/cls/`).
    pub base: &'a str,
    /// Content files (`content/actions/x.md`) to their output path (`actions/x/`).
    pub pages: &'a BTreeMap<String, String>,
    /// Every output path a root-relative link may reach (`annuaire/`, `docs/plan.pdf`).
    pub outputs: &'a BTreeSet<String>,
    /// Acronyms to their expansion, for `<abbr>`.
    pub glossary: &'a HashMap<String, String>,
    /// Sizes in bytes of the files links may reach, to announce documents' format and size.
    pub sizes: &'a BTreeMap<String, u64>,
    /// `html_brut = true` in site.toml: raw HTML passes, cleaned, minus what is always refused.
    pub allow_html: bool,
    /// Resized images, by the output path of their source.
    pub images: &'a BTreeMap<String, crate::images::Image>,
    /// Files under `content/` that are not pages (`content/actions/affiche.jpg`): what a broken
    /// relative link or image is compared with, to suggest the nearest existing file.
    pub files: &'a BTreeSet<String>,
    /// The theme's fragments for what Markdown becomes besides pulldown-cmark's own tags.
    pub fragments: Fragments<'a>,
}

/// The theme's templates for the HTML the Markdown stage adds (`fragments/image.html`,
/// `tableau.html`, `picto.html`, `sigle.html`): a site overrides them like any template. The
/// values they place come escaped (attributes, addresses), so the theme only arranges them.
#[derive(Clone, Copy)]
pub struct Fragments<'a> {
    pub env: &'a minijinja::Environment<'static>,
    /// For findings: the theme whose templates these are.
    pub theme: &'a str,
}

impl Fragments<'_> {
    fn render(&self, name: &str, ctx: minijinja::Value) -> Result<String, Diagnostic> {
        let file = format!("themes/{}/templates/fragments/{name}", self.theme);
        self.env.get_template(&format!("fragments/{name}")).and_then(|t| t.render(ctx)).map_err(|e| {
            let detail = e.detail().map_or_else(|| e.kind().to_string(), str::to_string);
            Diagnostic::error("gabarit", format!("erreur de gabarit : {detail}"))
                .file(file)
                .at(Pos { line: e.line().unwrap_or(1), column: None })
        })
    }
}

/// An escaped value: the fragment places it as it is.
fn safe(s: String) -> minijinja::Value {
    minijinja::Value::from_safe_string(s)
}

/// The text of a body without markup, headings apart: what the search index reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plain {
    pub headings: String,
    pub body: String,
}

/// A rendered body: its HTML, its text, and what was wrong with it.
pub struct Rendered {
    pub html: String,
    pub plain: Plain,
    pub diags: Vec<Diagnostic>,
}

const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_SMART_PUNCTUATION);

/// Renders `text` from `file` (relative to the site root) whose first line is `first_line`.
pub fn render(text: &str, file: &str, first_line: usize, links: &Links) -> (String, Vec<Diagnostic>) {
    let r = render_body(text, file, first_line, links);
    (r.html, r.diags)
}

/// The plain text of Markdown, parsed as [`render`] parses it.
pub fn plain_text(md: &str) -> Plain {
    plain(&Parser::new_ext(md, OPTIONS).into_offset_iter().collect::<Vec<_>>())
}

/// Reads the text out of parsed events: the search index needs no second parse.
fn plain(events: &[(Event, std::ops::Range<usize>)]) -> Plain {
    let mut p = Plain::default();
    let mut in_heading = false;
    for (event, _) in events {
        match event {
            Event::Start(Tag::Heading { .. }) => in_heading = true,
            Event::End(TagEnd::Heading(_)) => {
                in_heading = false;
                p.headings.push('\n');
            }
            Event::Text(t) | Event::Code(t) => {
                if in_heading { &mut p.headings } else { &mut p.body }.push_str(t);
            }
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => {
                if in_heading { &mut p.headings } else { &mut p.body }.push(' ');
            }
            _ => {}
        }
    }
    p
}

/// [`render`], with the body's plain text.
pub fn render_body(text: &str, file: &str, first_line: usize, links: &Links) -> Rendered {
    let mut r = Renderer {
        file,
        links,
        line_starts: line_starts(text),
        first_line,
        diags: Vec::new(),
        abbr_seen: HashSet::new(),
        doc_suffix: None,
        raw_html: false,
        images_seen: 0,
        heading: 1,
    };
    let events: Vec<(Event, std::ops::Range<usize>)> = Parser::new_ext(text, OPTIONS).into_offset_iter().collect();
    let plain = plain(&events);
    let out = r.transform(events);
    let mut html_out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut html_out, out.into_iter());
    if r.raw_html {
        html_out = clean(&html_out, links.base);
    }
    Rendered { html: html_out, plain, diags: r.diags }
}

/// `<picture>` with a WebP source and a fallback, each at every width; width and height keep the
/// page from jumping while it loads (`fragments/image.html`).
fn picture(img: &crate::images::Image, alt: &str, base: &str, lazy: bool) -> Option<minijinja::Value> {
    let esc = |t: &str| t.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;");
    let srcset = |pick: fn(&crate::images::Variant) -> &String| {
        img.variants.iter().map(|v| format!("{}{} {}w", base, esc(pick(v)), v.width)).collect::<Vec<_>>().join(", ")
    };
    let largest = img.variants.last()?;
    Some(minijinja::context! {
        webp => safe(srcset(|v| &v.webp)),
        src => safe(format!("{base}{}", esc(&largest.fallback))),
        srcset => safe(srcset(|v| &v.fallback)),
        sizes => safe(format!("(max-width: {}px) 100vw, {}px", largest.width, largest.width)),
        width => largest.width,
        height => largest.height,
        alt => safe(esc(alt)),
        lazy => lazy,
    })
}

fn line_starts(text: &str) -> Vec<usize> {
    let mut v = vec![0];
    v.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    v
}

struct Renderer<'a> {
    /// Images placed so far: the first one loads at once, the others when scrolled to.
    images_seen: usize,
    file: &'a str,
    links: &'a Links<'a>,
    line_starts: Vec<usize>,
    first_line: usize,
    diags: Vec<Diagnostic>,
    abbr_seen: HashSet<String>,
    /// Format and size to add inside the link being written, when it leads to a document.
    doc_suffix: Option<String>,
    /// Whether allowed raw HTML went through: the whole body is then cleaned.
    raw_html: bool,
    /// Level of the last heading as written (`#` is 1; the page title counts as one).
    heading: usize,
}

impl<'a> Renderer<'a> {
    /// A fragment of the theme; a template that fails is reported, and leaves nothing.
    fn fragment(&mut self, name: &str, ctx: minijinja::Value) -> String {
        self.links.fragments.render(name, ctx).unwrap_or_else(|d| {
            self.diags.push(d);
            String::new()
        })
    }

    fn pos(&self, offset: usize) -> Pos {
        Pos::line(self.first_line + self.line_starts.partition_point(|&s| s <= offset).saturating_sub(1))
    }

    fn transform<'e>(&mut self, events: Vec<(Event<'e>, std::ops::Range<usize>)>) -> Vec<Event<'e>> {
        let mut out = Vec::with_capacity(events.len());
        let mut heading_ids: HashMap<String, usize> = HashMap::new();
        let mut in_code = false;
        // Where the table being read starts in `out`.
        let mut table: Option<usize> = None;
        let mut i = 0;
        while i < events.len() {
            let (ev, range) = &events[i];
            match ev {
                Event::Start(Tag::Heading { level, .. }) => {
                    self.heading_jump(*level as usize, range.start);
                    // Page titles are the only h1: body headings start at h2.
                    let level = if *level == HeadingLevel::H1 { HeadingLevel::H2 } else { *level };
                    let end = events[i..]
                        .iter()
                        .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
                        .map_or(events.len(), |p| i + p);
                    let inner: Vec<Event> = events[i + 1..end].iter().map(|(e, _)| e.clone()).collect();
                    let text: String = inner
                        .iter()
                        .filter_map(|e| match e {
                            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                            _ => None,
                        })
                        .collect();
                    let mut id = crate::slug::slugify(&text);
                    if id.is_empty() {
                        id = "section".into();
                    }
                    let n = heading_ids.entry(id.clone()).or_insert(0);
                    *n += 1;
                    if *n > 1 {
                        id = format!("{id}-{n}");
                    }
                    let sub: Vec<(Event, std::ops::Range<usize>)> = events[i + 1..end].to_vec();
                    let inner = self.transform(sub);
                    out.push(Event::Start(Tag::Heading {
                        level,
                        id: Some(CowStr::from(id)),
                        classes: vec![],
                        attrs: vec![],
                    }));
                    out.extend(inner);
                    out.push(Event::End(TagEnd::Heading(level)));
                    i = end + 1;
                    continue;
                }
                Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                    let dest = self.link(dest_url, *link_type, range.start, false);
                    self.doc_suffix = self.document_label(&dest);
                    out.push(Event::Start(Tag::Link {
                        link_type: *link_type,
                        dest_url: dest.into(),
                        title: title.clone(),
                        id: id.clone(),
                    }));
                }
                Event::End(TagEnd::Link) => {
                    if let Some(suffix) = self.doc_suffix.take() {
                        out.push(Event::Text(CowStr::from(suffix)));
                    }
                    out.push(ev.clone());
                }
                Event::Text(t) if matches!(out.last(), Some(Event::Start(Tag::Paragraph))) && t.starts_with(':') => {
                    let rest = self.picto(t, range.start, &mut out);
                    if self.links.glossary.is_empty() {
                        out.push(Event::Text(rest));
                    } else {
                        out.extend(self.abbr(rest));
                    }
                }
                Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                    let end = events[i..]
                        .iter()
                        .position(|(e, _)| matches!(e, Event::End(TagEnd::Image)))
                        .map_or(events.len(), |p| i + p);
                    let alt: String = events[i + 1..end]
                        .iter()
                        .filter_map(|(e, _)| match e {
                            Event::Text(t) => Some(t.as_ref()),
                            _ => None,
                        })
                        .collect();
                    // An image says what it shows, unless declared decorative: ![](frise.png "décorative").
                    let decorative = matches!(title.trim().to_lowercase().as_str(), "décorative" | "decorative");
                    if alt.trim().is_empty() && !decorative {
                        self.diags.push(
                            Diagnostic::error(
                                "image-sans-alternative",
                                format!("l'image « {dest_url} » n'a pas de texte alternatif"),
                            )
                            .file(self.file)
                            .at(self.pos(range.start))
                            .suggest(Some(
                                "décrivez l'image entre les crochets : ![Ce que montre l'image](fichier.jpg), ou, si elle ne fait que décorer : ![](fichier.jpg \"décorative\")".into(),
                            )),
                        );
                    }
                    let dest = self.link(dest_url, *link_type, range.start, true);
                    let asset = dest.strip_prefix(self.links.base).unwrap_or(&dest);
                    let alt_shown = if decorative { String::new() } else { alt.clone() };
                    let lazy = self.images_seen > 0;
                    if let Some(ctx) =
                        self.links.images.get(asset).and_then(|img| picture(img, &alt_shown, self.links.base, lazy))
                    {
                        self.images_seen += 1;
                        let html = self.fragment("image.html", ctx);
                        out.push(Event::Html(CowStr::from(html)));
                        i = end + 1;
                        continue;
                    }
                    let title = if decorative { CowStr::from("") } else { title.clone() };
                    out.push(Event::Start(Tag::Image {
                        link_type: *link_type,
                        dest_url: dest.into(),
                        title,
                        id: id.clone(),
                    }));
                }
                // Wide tables scroll inside their own box, so the page still reflows at 320 px.
                Event::Start(Tag::Table(_)) => {
                    table = Some(out.len());
                    out.push(ev.clone());
                }
                // The whole table, made, goes into `fragments/tableau.html`.
                Event::End(TagEnd::Table) => {
                    out.push(ev.clone());
                    if let Some(start) = table.take() {
                        let mut inner = String::new();
                        html::push_html(&mut inner, out.drain(start..));
                        let html = self.fragment("tableau.html", minijinja::context! { tableau => safe(inner) });
                        out.push(Event::Html(CowStr::from(html)));
                    }
                }
                Event::Start(Tag::CodeBlock(_)) => {
                    in_code = true;
                    out.push(ev.clone());
                }
                Event::End(TagEnd::CodeBlock) => {
                    in_code = false;
                    out.push(ev.clone());
                }
                Event::InlineHtml(h) if is_lang_span(h) => out.push(ev.clone()),
                Event::Html(h) | Event::InlineHtml(h) if self.links.allow_html => {
                    match forbidden_html(h, self.links.base) {
                        Some(why) => {
                            self.diags.push(
                                Diagnostic::error("html-refuse", format!("HTML refusé : {why}"))
                                    .file(self.file)
                                    .at(self.pos(range.start))
                                    .suggest(Some("même avec html_brut = true, les scripts, les attributs on… et les cadres d'autres sites sont refusés".into())),
                            );
                            out.push(Event::Text(h.clone()));
                        }
                        None => {
                            self.raw_html = true;
                            out.push(ev.clone());
                        }
                    }
                }
                Event::Html(h) | Event::InlineHtml(h) => {
                    let t = h.trim();
                    // Comments carry instructions for tools (`<!-- falc-ignore: … -->`); they are dropped.
                    if !(t.is_empty() || t.starts_with("<!--") && t.ends_with("-->")) {
                        self.diags.push(
                            Diagnostic::error(
                                "html-brut",
                                format!("HTML brut non autorisé : « {} »", crate::text::shorten(t, 60)),
                            )
                            .file(self.file)
                            .at(self.pos(range.start))
                            .suggest(Some("écrivez en Markdown : **gras**, [lien](adresse), listes avec - …".into())),
                        );
                        out.push(Event::Text(h.clone()));
                    }
                }
                Event::Text(t) if !in_code && !self.links.glossary.is_empty() => out.extend(self.abbr(t.clone())),
                _ => out.push(ev.clone()),
            }
            i += 1;
        }
        out
    }

    /// RGAA 9.1: headings go down one level at a time (`#` then `###` skips one). Levels as
    /// written, the page title being the first `#`: a screen reader user navigates by them.
    fn heading_jump(&mut self, level: usize, offset: usize) {
        if level > self.heading + 1 {
            let (from, to) = (self.heading, level);
            self.diags.push(
                Diagnostic::warning(
                    "niveau-de-titre",
                    format!(
                        "titre de niveau {to} juste après un titre de niveau {from} : le niveau {} est sauté (RGAA 9.1)",
                        from + 1
                    ),
                )
                .file(self.file)
                .at(self.pos(offset))
                .suggest(Some(format!(
                    "écrivez « {} » : les titres descendent d'un niveau à la fois",
                    "#".repeat(from + 1)
                ))),
            );
        }
        self.heading = level;
    }

    /// `:theme-code:` at the start of a paragraph puts that theme's pictogram beside the idea.
    fn picto<'e>(&mut self, text: &CowStr<'e>, offset: usize, out: &mut Vec<Event<'e>>) -> CowStr<'e> {
        let Some(end) = text[1..].find(':').map(|i| i + 1) else { return text.clone() };
        let code = &text[1..end];
        if code.is_empty() || !code.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') {
            return text.clone();
        }
        let themes = crate::referentiels::thematiques();
        if themes.get(code).is_none() {
            self.diags.push(
                Diagnostic::error("picto-inconnu", format!("pictogramme inconnu « :{code}: »"))
                    .file(self.file)
                    .at(self.pos(offset))
                    .suggest(nearest(code, themes.codes()).map(|n| format!("vouliez-vous dire « :{n}: » ?"))),
            );
            return text.clone();
        }
        let src = safe(format!("{}theme/pictos/{code}.svg", self.links.base));
        let html = self.fragment("picto.html", minijinja::context! { src => src, code => code });
        out.push(Event::InlineHtml(CowStr::from(html)));
        CowStr::from(text[end + 1..].trim_start().to_string())
    }

    /// ` (PDF, 120 Ko)` for a link to a document of the site.
    fn document_label(&self, dest: &str) -> Option<String> {
        let rel = dest.strip_prefix(self.links.base)?;
        let rel = rel.split('#').next().unwrap_or(rel);
        let ext = rel.rsplit_once('.')?.1.to_ascii_lowercase();
        let format = match ext.as_str() {
            "pdf" => "PDF",
            "doc" | "docx" => "Word",
            "odt" => "OpenDocument texte",
            "xls" | "xlsx" => "Excel",
            "ods" => "OpenDocument tableur",
            "ppt" | "pptx" => "PowerPoint",
            "odp" => "OpenDocument présentation",
            "csv" => "CSV",
            "zip" => "ZIP",
            _ => return None,
        };
        let size = self.links.sizes.get(rel)?;
        Some(format!(" ({format}, {})", human_size(*size)))
    }

    /// Resolves a link destination, reporting what cannot be reached.
    fn link(&mut self, dest: &str, kind: LinkType, offset: usize, image: bool) -> String {
        if matches!(kind, LinkType::Email) {
            return format!("mailto:{dest}");
        }
        let dest = dest.trim();
        if dest.starts_with('#') || dest.is_empty() {
            return dest.to_string();
        }
        if let Some(why) = url_problem(dest, false) {
            self.diags.push(
                Diagnostic::error("url-interdite", format!("lien « {} » : {why}", crate::text::shorten(dest, 60)))
                    .file(self.file)
                    .at(self.pos(offset)),
            );
            return "#".into();
        }
        if dest.contains(':') && !dest.starts_with('/') && !dest.starts_with('.') && !dest.starts_with('@') {
            return dest.to_string();
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, format!("#{f}")),
            None => (dest, String::new()),
        };
        let path = percent_decode(path);
        let target = if let Some(rest) = path.strip_prefix("@/") {
            Some(format!("content/{rest}"))
        } else if let Some(rest) = path.strip_prefix('/') {
            return self.root_link(rest, &fragment, offset, dest);
        } else {
            let dir = self.file.rsplit_once('/').map_or("", |(d, _)| d);
            normalize(&format!("{dir}/{path}"))
        };
        let Some(target) = target.filter(|t| t.starts_with("content/")) else {
            self.diags.push(
                Diagnostic::error("hors-du-site", format!("le lien « {dest} » sort du dossier content/"))
                    .file(self.file)
                    .at(self.pos(offset)),
            );
            return "#".into();
        };
        if let Some(out) = self.links.pages.get(&target) {
            return format!("{}{out}{fragment}", self.links.base);
        }
        let asset = target.trim_start_matches("content/");
        if self.links.outputs.contains(asset) {
            return format!("{}{asset}{fragment}", self.links.base);
        }
        // The page itself is never a suggestion (`![…](forum.jpg)` in `forum.md`), and an image is
        // compared with the files beside the pages first.
        let others = |c: &&String| c.as_str() != self.file;
        let near = if image {
            nearest(&target, self.links.files.iter().filter(others).map(String::as_str))
        } else {
            nearest(&target, self.links.pages.keys().chain(self.links.files).filter(others).map(String::as_str))
        };
        // Nothing close: the files beside the page are the likely ones.
        let dir = target.rsplit_once('/').map_or("", |(d, _)| d);
        let beside: Vec<&String> = self
            .links
            .files
            .iter()
            .filter(|f| f.rsplit_once('/').is_some_and(|(d, _)| d == dir))
            .filter(|f| !image || is_image(f))
            .take(3)
            .collect();
        let hint = match near {
            Some(n) => Some(format!("vouliez-vous dire « {} » ?", relative_hint(self.file, &n))),
            None if !beside.is_empty() => Some(format!(
                "fichiers présents dans ce dossier : {}",
                beside.iter().map(|f| relative_hint(self.file, f)).collect::<Vec<_>>().join(", ")
            )),
            None => None,
        };
        let what = if image { "l'image" } else { "le lien" };
        self.diags.push(
            Diagnostic::error(
                "lien-casse",
                format!("{what} « {dest} » ne mène à aucun fichier ({target} n'existe pas)"),
            )
            .file(self.file)
            .at(self.pos(offset))
            .suggest(hint),
        );
        "#".into()
    }

    fn root_link(&mut self, rest: &str, fragment: &str, offset: usize, dest: &str) -> String {
        let key = rest.trim_end_matches("index.html");
        if key.is_empty() || self.links.outputs.contains(key) || self.links.outputs.contains(&format!("{key}/")) {
            let key = if !key.is_empty() && !key.ends_with('/') && !self.links.outputs.contains(key) {
                format!("{key}/")
            } else {
                key.to_string()
            };
            return format!("{}{key}{fragment}", self.links.base);
        }
        let near = nearest(key, self.links.outputs.iter().map(String::as_str));
        self.diags.push(
            Diagnostic::error("lien-casse", format!("le lien « {dest} » ne mène à aucune page du portail"))
                .file(self.file)
                .at(self.pos(offset))
                .suggest(near.map(|n| format!("vouliez-vous dire « /{n} » ?"))),
        );
        "#".into()
    }

    /// Wraps the first use of each glossary acronym on the page in `<abbr>`.
    fn abbr<'e>(&mut self, text: CowStr<'e>) -> Vec<Event<'e>> {
        let mut out = Vec::new();
        let mut last = 0;
        let s = text.as_ref();
        let mut start = None;
        let mut tokens = Vec::new();
        for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
            if c.is_alphanumeric() {
                start.get_or_insert(i);
            } else if let Some(st) = start.take() {
                tokens.push((st, i));
            }
        }
        for (st, en) in tokens {
            let word = &s[st..en];
            if let Some(title) = self.links.glossary.get(word)
                && self.abbr_seen.insert(word.to_string())
            {
                if st > last {
                    out.push(Event::Text(CowStr::from(s[last..st].to_string())));
                }
                let ctx = minijinja::context! { titre => safe(escape(title)), sigle => safe(escape(word)) };
                let html = self.fragment("sigle.html", ctx);
                out.push(Event::InlineHtml(CowStr::from(html)));
                last = en;
            }
        }
        if last == 0 {
            return vec![Event::Text(text)];
        }
        if last < s.len() {
            out.push(Event::Text(CowStr::from(s[last..].to_string())));
        }
        out
    }
}

/// What raw HTML may never carry, even when a site allows it.
fn forbidden_html(h: &str, base: &str) -> Option<String> {
    let lower = h.to_ascii_lowercase();
    if lower.contains("<script") {
        return Some("élément <script>".into());
    }
    if lower.contains("javascript:") || lower.contains("vbscript:") || lower.contains("data:text") {
        return Some("adresse javascript: ou data:".into());
    }
    // An `on…=` attribute: `on` after a space, quote or slash, then letters, then `=`.
    let b = lower.as_bytes();
    for i in 1..b.len().saturating_sub(2) {
        if b[i] == b'o' && b[i + 1] == b'n' && matches!(b[i - 1], b' ' | b'\t' | b'\n' | b'"' | b'\'' | b'/') {
            let rest = &lower[i + 2..];
            let name_len = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
            if name_len > 0 && rest[name_len..].trim_start().starts_with('=') {
                return Some(format!("attribut d'événement on{}", &rest[..name_len]));
            }
        }
    }
    if let Some(i) = lower.find("<iframe") {
        let src =
            lower[i..].split("src=").nth(1).map(|s| s.trim_start_matches(['"', '\'']).to_string()).unwrap_or_default();
        if !(src.starts_with('/') && !src.starts_with("//") || src.starts_with(base)) {
            return Some("cadre <iframe> vers un autre site".into());
        }
    }
    None
}

/// Cleans a body that holds allowed raw HTML: a whitelist that keeps what our Markdown writes.
fn clean(html: &str, base: &str) -> String {
    let base = base.to_string();
    ammonia::Builder::default()
        .add_tags(["iframe", "figure", "figcaption", "details", "summary", "abbr"])
        .add_generic_attributes(["id", "class", "lang", "title", "role", "aria-label", "tabindex"])
        .add_tag_attributes("iframe", ["src", "title", "width", "height", "loading"])
        .add_tag_attributes("img", ["loading", "width", "height"])
        .add_tag_attributes("a", ["hreflang"])
        .attribute_filter(move |element, attribute, value| {
            let same_site = (value.starts_with('/') && !value.starts_with("//")) || value.starts_with(base.as_str());
            if element == "iframe" && attribute == "src" && !same_site {
                return None;
            }
            Some(value.into())
        })
        .clean(html)
        .to_string()
}

/// `<span lang="en">` and `</span>`: the one HTML content may use, to mark a passage in
/// another language (RGAA 8.7), which Markdown cannot express.
fn is_lang_span(h: &str) -> bool {
    let h = h.trim();
    if h == "</span>" {
        return true;
    }
    let Some(code) = h.strip_prefix("<span lang=\"").and_then(|r| r.strip_suffix("\">")) else { return false };
    let mut parts = code.split('-');
    let lang = parts.next().unwrap_or("");
    (2..=3).contains(&lang.len())
        && lang.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// `850 octets`, `12 Ko`, `1,4 Mo`.
fn human_size(bytes: u64) -> String {
    match bytes {
        0..1024 => format!("{bytes} octets"),
        1024..1_048_576 => format!("{} Ko", (bytes + 512) / 1024),
        _ => format!("{:.1} Mo", bytes as f64 / 1_048_576.0).replace('.', ","),
    }
}

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Writing to a String cannot fail.
    let _ = escape_into(&mut out, s);
    out
}

/// Writes `s` with what HTML needs escaped, slice by slice: every value a template prints comes
/// through here, so it neither copies the text first nor pushes it one character at a time.
pub fn escape_into(out: &mut impl std::fmt::Write, s: &str) -> std::fmt::Result {
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // These bytes are ASCII: `i` is a character boundary.
        out.write_str(&s[from..i])?;
        out.write_str(entity)?;
        from = i + 1;
    }
    out.write_str(&s[from..])
}

/// Resolves `.` and `..`; `None` when the path climbs above its root.
fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

fn percent_decode(s: &str) -> String {
    url::form_urlencoded::parse(s.replace('+', "%2B").as_bytes())
        .map(|(k, v)| if v.is_empty() { k.into_owned() } else { format!("{k}={v}") })
        .collect::<Vec<_>>()
        .join("&")
}

fn is_image(file: &str) -> bool {
    let ext = file.rsplit_once('.').map_or(String::new(), |(_, e)| e.to_ascii_lowercase());
    matches!(ext.as_str(), "jpg" | "jpeg" | "png" | "webp" | "gif" | "svg" | "avif")
}

/// How to write a link to `target` from `file`, for suggestions.
fn relative_hint(file: &str, target: &str) -> String {
    let from: Vec<&str> = file.split('/').collect();
    let to: Vec<&str> = target.split('/').collect();
    // The last part of each is a file name: only folders can be shared.
    let common =
        from.iter().zip(&to).take(from.len().min(to.len()).saturating_sub(1)).take_while(|(a, b)| a == b).count();
    let ups = from.len().saturating_sub(1 + common);
    let mut parts: Vec<&str> = vec![".."; ups];
    parts.extend(&to[common..]);
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_what_html_needs_and_keeps_the_rest() {
        assert_eq!(escape(""), "");
        assert_eq!(escape("Accès « santé »"), "Accès « santé »");
        assert_eq!(escape("<a href=\"x\">l'été & co</a>"), "&lt;a href=&quot;x&quot;&gt;l&#39;été &amp; co&lt;/a&gt;");
        assert_eq!(escape("é&é<"), "é&amp;é&lt;");
    }

    #[test]
    fn plain_text_keeps_headings_apart() {
        let p = plain_text(
            "# Titre\n\nUn **texte** avec [lien](x).\n\n## Sous-titre\n\n- a\n- b\n\n| c | d |\n|---|---|\n| e | f |",
        );
        assert_eq!(p.headings, "Titre\nSous-titre\n");
        assert!(p.body.contains("Un texte avec lien."), "{}", p.body);
        assert!(p.body.contains("e f"), "cellules séparées : {}", p.body);
        assert!(!p.body.contains("Titre") && !p.body.contains('|'));
    }

    fn links_fixture() -> (BTreeMap<String, String>, BTreeSet<String>, HashMap<String, String>) {
        let mut pages = BTreeMap::new();
        pages.insert("content/annuaire/pfidass.md".to_string(), "annuaire/pfidass/".to_string());
        pages.insert("content/actions/1.1.1-a.md".to_string(), "actions/1.1.1-a/".to_string());
        let outputs: BTreeSet<String> = ["annuaire/", "annuaire/pfidass/", "docs/plan.pdf", "actions/photo.jpg"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let mut g = HashMap::new();
        g.insert("PFIDASS".to_string(), "Plateforme d'intervention".to_string());
        (pages, outputs, g)
    }

    /// The default theme's templates, as a build has them.
    fn env() -> &'static minijinja::Environment<'static> {
        static ENV: std::sync::OnceLock<minijinja::Environment<'static>> = std::sync::OnceLock::new();
        ENV.get_or_init(|| {
            let mut d = Vec::new();
            let theme = crate::render::theme::Theme::load(std::path::Path::new("/nonexistent"), "defaut", &mut d);
            crate::render::environment(&theme, "defaut", "/cls/", "https://x.fr/cls/", &mut d)
        })
    }

    fn fragments() -> Fragments<'static> {
        Fragments { env: env(), theme: "defaut" }
    }

    fn md(text: &str) -> (String, Vec<Diagnostic>) {
        let (pages, outputs, glossary) = links_fixture();
        let sizes: BTreeMap<String, u64> = [("docs/plan.pdf".to_string(), 1_500_000)].into_iter().collect();
        let links = Links {
            base: "/cls/",
            pages: &pages,
            outputs: &outputs,
            glossary: &glossary,
            sizes: &sizes,
            allow_html: false,
            images: &BTreeMap::new(),
            files: &["content/actions/photo.jpg".to_string(), "content/actions/affiche.png".to_string()].into(),
            fragments: fragments(),
        };
        render(text, "content/actions/1.1.1-a.md", 10, &links)
    }

    #[test]
    fn relative_and_zola_links_become_page_addresses() {
        let (h, d) =
            md("[a](../annuaire/pfidass.md#horaires) [b](@/annuaire/pfidass.md) [c](/annuaire/) ![Photo](photo.jpg)");
        assert!(d.is_empty(), "{d:?}");
        assert!(h.contains("href=\"/cls/annuaire/pfidass/#horaires\""), "{h}");
        assert!(h.contains("href=\"/cls/annuaire/pfidass/\""));
        assert!(h.contains("href=\"/cls/annuaire/\""));
        assert!(h.contains("src=\"/cls/actions/photo.jpg\""));
    }

    #[test]
    fn a_missing_image_named_like_its_page_is_an_error_with_the_nearest_file() {
        // Used to underflow in relative_hint: the nearest file was the page itself.
        let (_, d) = md("Texte.\n\n![Affiche](1.1.1-a.jpg)");
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].rule, "lien-casse");
        assert_eq!(d[0].line, Some(12));
        assert!(d[0].message.starts_with("l'image « 1.1.1-a.jpg »"), "{}", d[0].message);
        assert_eq!(d[0].suggestion.as_deref(), Some("vouliez-vous dire « photo.jpg » ?"));
        let (_, d) = md("![Affiche](affiches.png)");
        assert_eq!(d[0].suggestion.as_deref(), Some("vouliez-vous dire « affiche.png » ?"));
    }

    #[test]
    fn heading_levels_that_jump_are_warned_with_both_levels() {
        let (h, d) = md("# Un\n\ntexte\n\n### Trois\n\n## Deux\n\n### Trois bis\n\n###### Six");
        let jumps: Vec<_> = d.iter().filter(|x| x.rule == "niveau-de-titre").collect();
        assert_eq!(jumps.len(), 2, "{d:?}");
        assert_eq!(jumps[0].line, Some(14));
        assert!(jumps[0].message.contains("niveau 3 juste après un titre de niveau 1"), "{}", jumps[0].message);
        assert_eq!(
            jumps[0].suggestion.as_deref(),
            Some("écrivez « ## » : les titres descendent d'un niveau à la fois")
        );
        assert_eq!(jumps[0].severity, crate::diag::Severity::Warning);
        assert!(jumps[1].message.contains("niveau 6 juste après un titre de niveau 3"));
        assert!(h.contains("<h2 id=\"un\">"), "{h}");
        // The page title is the first level: a body that starts at ### skips ##.
        let (_, d) = md("### Trop bas");
        assert_eq!(d.len(), 1, "{d:?}");
        let (_, d) = md("## Deux\n\n### Trois\n\n## Deux\n\n# Un");
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn relative_hints_never_climb_below_zero() {
        assert_eq!(relative_hint("content/a.md", "content/a.md"), "a.md");
        assert_eq!(relative_hint("content/x/a.md", "content/b.md"), "../b.md");
        assert_eq!(relative_hint("a.md", "content/x/b.md"), "content/x/b.md");
    }

    #[test]
    fn broken_and_dangerous_links_are_errors_with_lines() {
        let (h, d) = md("texte\n\n[a](../annuaire/pfidas.md) [b](javascript:alert(1)) [c](../../../etc/passwd)");
        assert_eq!(d.len(), 3, "{d:?}");
        assert!(d.iter().all(|d| d.line == Some(12)));
        assert_eq!(d[0].suggestion.as_deref(), Some("vouliez-vous dire « ../annuaire/pfidass.md » ?"));
        assert_eq!(d[1].rule, "url-interdite");
        assert_eq!(d[2].rule, "hors-du-site");
        assert!(!h.contains("javascript"));
    }

    #[test]
    fn first_acronym_use_is_explained_once() {
        let (h, _) = md("La PFIDASS aide. La PFIDASS accompagne. `PFIDASS`");
        assert_eq!(h.matches("<abbr").count(), 1, "{h}");
        assert!(h.contains("<abbr title=\"Plateforme d&#39;intervention\">PFIDASS</abbr> aide"));
    }

    #[test]
    fn headings_get_ids_and_h1_becomes_h2() {
        let (h, _) = md("# Contexte\n\n## Contexte\n");
        assert!(h.contains("<h2 id=\"contexte\">Contexte</h2>"), "{h}");
        assert!(h.contains("<h2 id=\"contexte-2\">"), "{h}");
    }

    #[test]
    fn document_links_announce_format_and_size() {
        let (h, d) = md("[Le contrat signé](/docs/plan.pdf)");
        assert!(d.is_empty(), "{d:?}");
        assert!(h.contains("<a href=\"/cls/docs/plan.pdf\">Le contrat signé (PDF, 1,4 Mo)</a>"), "{h}");
        assert_eq!(human_size(850), "850 octets");
        assert_eq!(human_size(12_400), "12 Ko");
    }

    #[test]
    fn pictograms_mark_key_ideas() {
        let (h, d) = md(":sante-mentale: Vous pouvez parler de votre moral.\n\n:sante-mental: Faute.");
        assert!(h.contains("<p><img class=\"picto-idee\" src=\"/cls/theme/pictos/sante-mentale.svg\" alt=\"\" width=\"56\" height=\"56\">Vous pouvez"), "{h}");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].suggestion.as_deref(), Some("vouliez-vous dire « :sante-mentale: » ?"));
    }

    #[test]
    fn a_theme_overrides_the_fragments_and_a_broken_one_is_reported() {
        let mut env = minijinja::Environment::new();
        env.add_template("fragments/sigle.html", "<abbr class=\"sigle\" title=\"{{ titre }}\">{{ sigle }}</abbr>")
            .unwrap();
        env.add_template("fragments/tableau.html", "<figure>{{ tableau }}</figure>").unwrap();
        env.add_template("fragments/picto.html", "{{ pas_de_valeur.x }}").unwrap();
        let (pages, outputs, glossary) = links_fixture();
        let links = Links {
            base: "/cls/",
            pages: &pages,
            outputs: &outputs,
            glossary: &glossary,
            sizes: &BTreeMap::new(),
            allow_html: false,
            images: &BTreeMap::new(),
            files: &BTreeSet::new(),
            fragments: Fragments { env: &env, theme: "maison" },
        };
        let (h, d) =
            render("La PFIDASS.\n\n| a |\n|---|\n| a &amp; b |\n\n:sante-mentale: Idée.", "content/a.md", 1, &links);
        assert!(h.contains("<abbr class=\"sigle\" title=\"Plateforme d&#39;intervention\">PFIDASS</abbr>"), "{h}");
        assert!(h.contains("<figure><table>") && h.contains("a &amp; b") && h.contains("</table>\n</figure>"), "{h}");
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!((d[0].rule, d[0].file.as_str()), ("gabarit", "themes/maison/templates/fragments/picto.html"));
    }

    #[test]
    fn language_spans_are_the_one_html_allowed() {
        let (h, d) = md("Le <span lang=\"en\">health literacy</span> compte.");
        assert!(d.is_empty(), "{d:?}");
        assert!(h.contains("<span lang=\"en\">health literacy</span>"));
        assert!(!is_lang_span("<span lang=\"en\" onclick=\"x\">"));
        assert!(is_lang_span("<span lang=\"pt-BR\">"));
    }

    #[test]
    fn allowed_raw_html_still_refuses_scripts_handlers_and_foreign_frames() {
        let (pages, outputs, glossary) = links_fixture();
        let sizes = BTreeMap::new();
        let links = Links {
            base: "/cls/",
            pages: &pages,
            outputs: &outputs,
            glossary: &glossary,
            sizes: &sizes,
            allow_html: true,
            images: &BTreeMap::new(),
            files: &BTreeSet::new(),
            fragments: fragments(),
        };
        let (h, d) =
            render("<details><summary>Plus</summary>\n\nTexte <kbd>Ctrl</kbd></details>\n", "content/a.md", 1, &links);
        assert!(d.is_empty(), "{d:?}");
        assert!(h.contains("<details>") && h.contains("<kbd>Ctrl</kbd>"), "{h}");
        for bad in [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<iframe src=\"https://ailleurs.example/\"></iframe>",
            "<div ONCLICK = \"x()\">y</div>",
        ] {
            let (h, d) = render(bad, "content/a.md", 1, &links);
            assert_eq!(d.len(), 1, "{bad} : {d:?}");
            assert_eq!(d[0].rule, "html-refuse");
            assert!(
                !h.contains("<script") && !h.contains("<img") && !h.contains("<iframe") && !h.contains("<div"),
                "{h}"
            );
        }
        let (h, d) =
            render("<iframe src=\"/cls/embed/annuaire/\" title=\"Annuaire\"></iframe>", "content/a.md", 1, &links);
        assert!(d.is_empty() && h.contains("<iframe src=\"/cls/embed/annuaire/\""), "{h} {d:?}");
    }

    #[test]
    fn tables_scroll_in_their_own_box() {
        let (h, _) = md("| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(
            h.starts_with(
                "<div class=\"tableau-defilant\" role=\"region\" aria-label=\"Tableau\" tabindex=\"0\"><table>"
            ),
            "{h}"
        );
        assert!(h.trim_end().ends_with("</table>\n</div>") || h.trim_end().ends_with("</table></div>"), "{h}");
    }

    #[test]
    fn raw_html_is_refused_but_comments_pass() {
        let (h, d) = md("<!-- falc-ignore: phrase-longue -->\n\nTexte <script>alert(1)</script>");
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(d.iter().all(|d| d.rule == "html-brut"));
        assert!(!h.contains("<script>"), "{h}");
        assert!(!h.contains("falc-ignore"));
    }
}
