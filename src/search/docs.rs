//! The documents of the index, read from the loaded model (never from rendered HTML).

use crate::config::Config;
use crate::content::Content;
use crate::content::model::{Page, Service};
use crate::content::query::{serves, service_lieu};
use crate::referentiels as refs;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// What a result is, in the order documents are numbered (so each kind is one id range).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Service,
    Action,
    Page,
    Term,
    Listing,
    Structure,
    News,
}

impl Kind {
    pub const ALL: [Kind; 7] =
        [Kind::Service, Kind::Action, Kind::Page, Kind::Term, Kind::Listing, Kind::Structure, Kind::News];

    pub fn code(self) -> &'static str {
        match self {
            Kind::Service => "service",
            Kind::Action => "action",
            Kind::Page => "page",
            Kind::Term => "sigle",
            Kind::Listing => "liste",
            Kind::Structure => "structure",
            Kind::News => "actualite",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Service => "Service de l'annuaire",
            Kind::Action => "Fiche-action",
            Kind::Page => "Page",
            Kind::Term => "Sigle",
            Kind::Listing => "Liste",
            Kind::Structure => "Structure",
            Kind::News => "Actualité",
        }
    }

    /// A small preference for what residents come for: services first, news last.
    pub fn prior(self) -> f64 {
        match self {
            Kind::Service => 1.2,
            Kind::Action | Kind::Page | Kind::Term | Kind::Listing => 1.0,
            Kind::Structure => 0.9,
            Kind::News => 0.8,
        }
    }
}

/// Indexed fields, each with its BM25F weight and length normalisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    /// Acronym, other names, glossary synonyms of the scheme.
    Alias,
    Headings,
    Summary,
    Body,
    /// Communes served or concerned.
    Places,
    /// Labels of themes, publics, type.
    Tags,
    /// Glossary names of the acronyms the page mentions.
    Related,
}

pub const FIELDS: usize = 8;

impl Field {
    pub const ALL: [Field; FIELDS] = [
        Field::Title,
        Field::Alias,
        Field::Headings,
        Field::Summary,
        Field::Body,
        Field::Places,
        Field::Tags,
        Field::Related,
    ];

    /// (weight, b): short fields barely normalise by length.
    pub fn params(self) -> (f64, f64) {
        match self {
            Field::Title => (5.0, 0.3),
            Field::Alias => (4.0, 0.3),
            Field::Headings => (2.5, 0.5),
            Field::Summary => (2.0, 0.5),
            Field::Body => (1.0, 0.75),
            Field::Places => (1.5, 0.3),
            Field::Tags => (1.5, 0.3),
            Field::Related => (0.8, 0.5),
        }
    }

    /// Whether a match here counts as a match of the name.
    pub fn is_name(self) -> bool {
        matches!(self, Field::Title | Field::Alias)
    }
}

/// One result: what is indexed and what its card shows.
#[derive(Debug, Clone)]
pub struct Doc {
    pub kind: Kind,
    /// Path relative to the base URL (`annuaire/pfidass/`, `glossaire/#pta`).
    pub path: String,
    pub title: String,
    pub summary: String,
    /// A line of context: commune, number and status of an action.
    pub context: Option<String>,
    /// Path of the easy-to-read twin.
    pub falc: Option<String>,
    pub fields: [String; FIELDS],
    /// (facet, value code).
    pub facets: Vec<(&'static str, String)>,
}

impl Doc {
    fn new(kind: Kind, path: &str, title: &str) -> Self {
        let mut fields: [String; FIELDS] = Default::default();
        fields[Field::Title as usize] = title.to_string();
        Doc {
            kind,
            path: path.to_string(),
            title: title.to_string(),
            summary: String::new(),
            context: None,
            falc: None,
            fields,
            facets: Vec::new(),
        }
    }

    fn add(&mut self, field: Field, text: &str) {
        let f = &mut self.fields[field as usize];
        if !f.is_empty() {
            f.push_str(" \n ");
        }
        f.push_str(text);
    }

    fn markdown(&mut self, md: &str) {
        let (headings, body) = markdown_text(md);
        self.add(Field::Headings, &headings);
        self.add(Field::Body, &body);
        if self.summary.is_empty() {
            self.summary = excerpt(&body, 160);
        }
    }

    fn resume(&mut self, resume: Option<&String>) {
        if let Some(r) = resume {
            self.add(Field::Summary, r);
            self.summary = excerpt(r, 160);
        }
    }
}

/// Facet keys, in display order, with their labels.
pub const FACETS: [(&str, &str); 4] =
    [("thematique", "Thème"), ("public", "Public"), ("commune", "Commune"), ("statut", "Statut de l'action")];

/// Every document of the site, numbered by kind then by path.
pub fn collect(cfg: &Config, c: &Content) -> Vec<Doc> {
    let theme_label = |code: &str| refs::thematiques().label(code);
    let public_label = |code: &str| refs::publics().label(code);
    let commune_name = |code: &str| cfg.commune(code).map_or_else(|| code.to_string(), |x| x.nom.clone());
    let falc = |path: &str| c.twin_of(path).map(|t| t.origin.path.clone());
    let mut docs = Vec::new();

    for s in &c.services {
        let mut d = Doc::new(Kind::Service, &s.origin.path, &s.titre);
        service_fields(c, s, &mut d);
        for t in &s.thematiques {
            d.add(Field::Tags, &theme_label(t));
            d.facets.push(("thematique", t.clone()));
        }
        for p in &s.publics {
            d.add(Field::Tags, &public_label(p));
            d.facets.push(("public", p.clone()));
        }
        for x in cfg.communes.iter().filter(|x| serves(cfg, c, s, &x.code)) {
            d.add(Field::Places, &x.nom);
            d.facets.push(("commune", x.code.clone()));
        }
        d.context = service_lieu(c, s).and_then(|l| l.commune.clone());
        d.falc = falc(&s.origin.path);
        docs.push(d);
    }
    for a in &c.actions {
        let mut d = Doc::new(Kind::Action, &a.origin.path, &a.titre);
        d.resume(a.resume.as_ref());
        d.markdown(&a.body.text);
        d.add(Field::Alias, &format!("action {}", a.numero.v));
        for t in &a.thematiques {
            d.add(Field::Tags, &theme_label(t));
            d.facets.push(("thematique", t.clone()));
        }
        for p in &a.publics {
            d.add(Field::Tags, &public_label(p));
            d.facets.push(("public", p.clone()));
        }
        for x in &a.communes {
            d.add(Field::Places, &commune_name(&x.v));
            d.facets.push(("commune", x.v.clone()));
        }
        for text in a.pilotes.iter().chain(&a.copilotes).chain(a.partenaires.iter().map(|p| &p.nom)) {
            d.add(Field::Body, text);
        }
        for text in [&a.publics_precisions, &a.territoire_precisions].into_iter().flatten() {
            d.add(Field::Body, text);
        }
        for e in &a.evenements {
            d.add(Field::Body, &e.titre);
        }
        d.facets.push(("statut", a.statut.clone()));
        d.context = Some(format!("Action {} · {}", a.numero.v, refs::statuts().label(&a.statut)));
        d.falc = falc(&a.origin.path);
        docs.push(d);
    }
    let pages = c.home.iter().chain(&c.chapters).chain(&c.pages).chain(&c.sections);
    for p in pages {
        docs.push(page(p, Kind::Page, falc(&p.origin.path)));
    }
    for t in &c.glossary {
        let title = match &t.sigle {
            Some(s) => format!("{} : {}", s.v, t.nom),
            None => t.nom.clone(),
        };
        let mut d = Doc::new(Kind::Term, &format!("glossaire/#{}", t.anchor()), &title);
        for name in &t.aussi {
            d.add(Field::Alias, name);
        }
        if let Some(def) = &t.definition {
            d.resume(Some(def));
            d.add(Field::Body, def);
        }
        docs.push(d);
    }
    listings(cfg, &mut docs);
    for s in &c.structures {
        let mut d = Doc::new(Kind::Structure, &s.origin.path, &s.titre);
        if let Some(sigle) = &s.sigle {
            d.add(Field::Alias, sigle);
        }
        d.markdown(&s.body.text);
        if let Some(l) = &s.lieu {
            d.add(Field::Places, l.commune.as_deref().unwrap_or_default());
            d.context = l.commune.clone();
        }
        docs.push(d);
    }
    for p in &c.news {
        let mut d = page(p, Kind::News, falc(&p.origin.path));
        d.context = p.date.map(crate::render::format::date);
        docs.push(d);
    }
    docs.sort_by(|a, b| (a.kind, &a.path).cmp(&(b.kind, &b.path)));
    docs
}

fn service_fields(c: &Content, s: &Service, d: &mut Doc) {
    for name in s.sigle.iter().chain(&s.alias) {
        d.add(Field::Alias, name);
    }
    if let Some(code) = &s.dispositif
        && let Some(x) = refs::dispositifs().get(code)
    {
        d.add(Field::Alias, &x.libelle);
    }
    d.resume(s.resume.as_ref());
    d.markdown(&s.body.text);
    let structure = s.structure.as_ref().and_then(|id| c.structure(id));
    for text in [&s.porteur, &structure.map(|x| x.titre.clone())].into_iter().flatten() {
        d.add(Field::Body, text);
    }
    for text in [&s.publics_precisions, &s.conditions_acces, &s.frais_precisions, &s.mobilisation_precisions]
        .into_iter()
        .flatten()
    {
        d.add(Field::Body, text);
    }
    if let Some(kind) = &s.kind {
        d.add(Field::Tags, kind);
    }
    if let Some(l) = service_lieu(c, s) {
        d.add(Field::Places, l.commune.as_deref().unwrap_or_default());
    }
}

fn page(p: &Page, kind: Kind, falc: Option<String>) -> Doc {
    let mut d = Doc::new(kind, &p.origin.path, &p.titre);
    d.resume(p.resume.as_ref());
    d.markdown(&p.body.text);
    d.falc = falc;
    d
}

/// Theme, public, commune and axis pages: what a reader browsing by need lands on.
fn listings(cfg: &Config, docs: &mut Vec<Doc>) {
    for t in refs::thematiques().codes {
        let mut d = Doc::new(Kind::Listing, &format!("annuaire/thematiques/{}/", t.code), &t.libelle);
        if let Some(f) = &t.facile {
            d.add(Field::Alias, f);
        }
        d.summary = format!("Les services et les actions du thème « {} ».", t.libelle);
        d.facets.push(("thematique", t.code.clone()));
        docs.push(d);
    }
    for p in refs::publics().codes {
        let mut d = Doc::new(Kind::Listing, &format!("annuaire/publics/{}/", p.code), &p.libelle);
        if let Some(f) = &p.facile {
            d.add(Field::Alias, f);
        }
        d.summary = format!("Les services pour le public « {} ».", p.libelle);
        d.facets.push(("public", p.code.clone()));
        docs.push(d);
    }
    for x in &cfg.communes {
        let mut d = Doc::new(Kind::Listing, &format!("annuaire/communes/{}/", x.code), &x.nom);
        d.add(Field::Places, &x.nom);
        d.summary = format!("Les services qui reçoivent les habitants de {}.", x.nom);
        d.facets.push(("commune", x.code.clone()));
        docs.push(d);
    }
    for a in &cfg.axes {
        let mut d = Doc::new(Kind::Listing, &format!("actions/axes/{}/", a.id), &a.titre);
        d.add(Field::Alias, &format!("axe {}", a.numero));
        for o in &a.objectifs {
            d.add(Field::Headings, &o.titre);
        }
        if let Some(r) = &a.resume {
            d.resume(Some(r));
        }
        if d.summary.is_empty() {
            d.summary = format!("Axe {} du contrat et ses actions.", a.numero);
        }
        docs.push(d);
    }
}

/// The text of Markdown, headings apart, without markup.
pub fn markdown_text(md: &str) -> (String, String) {
    let mut headings = String::new();
    let mut body = String::new();
    let mut in_heading = false;
    for event in Parser::new(md) {
        match event {
            Event::Start(Tag::Heading { .. }) => in_heading = true,
            Event::End(TagEnd::Heading(_)) => {
                in_heading = false;
                headings.push('\n');
            }
            Event::Text(t) | Event::Code(t) => {
                let out = if in_heading { &mut headings } else { &mut body };
                out.push_str(&t);
            }
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => {
                let out = if in_heading { &mut headings } else { &mut body };
                out.push(' ');
            }
            _ => {}
        }
    }
    (headings, body)
}

/// The first `max` characters of text, cut at a word, with an ellipsis when cut.
pub fn excerpt(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    let end = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut[..end].trim_end_matches([',', ';', ':', '.']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_text_keeps_headings_apart() {
        let (h, b) = markdown_text("# Titre\n\nUn **texte** avec [lien](x).\n\n## Sous-titre\n\n- a\n- b");
        assert_eq!(h, "Titre\nSous-titre\n");
        assert!(b.contains("Un texte avec lien."), "{b}");
        assert!(!b.contains("Titre"));
    }

    #[test]
    fn excerpts_cut_at_a_word() {
        assert_eq!(excerpt("court", 160), "court");
        assert_eq!(excerpt("un deux trois quatre", 10), "un deux…");
    }
}
