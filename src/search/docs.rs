//! The documents of the index, read from the loaded model (never from rendered HTML).

use crate::config::Config;
use crate::content::Content;
use crate::content::model::{Page, Service};
use crate::content::query::{Served, service_lieu};
use crate::markdown::Plain;
use crate::referentiels as refs;
use crate::route::Route;
use rayon::prelude::*;
use std::collections::BTreeMap;

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

    /// A small preference for what residents come for: services first, news last. A glossary
    /// entry explains a word; someone who types an acronym is mostly looking for the help behind
    /// it, so the services and actions that use it (or its expansion) come before its definition.
    pub fn prior(self) -> f64 {
        match self {
            Kind::Service => 1.2,
            Kind::Action | Kind::Page | Kind::Listing => 1.0,
            Kind::Term => 0.5,
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
pub struct Doc<'a, 'p> {
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
    /// The text of the page's Markdown, read where the Markdown stage left it (not copied).
    pub plain: Option<&'p Plain>,
    /// (facet, value code).
    pub facets: Vec<(&'static str, &'a str)>,
}

impl<'a, 'p> Doc<'a, 'p> {
    pub(super) fn new(kind: Kind, path: &str, title: &str) -> Self {
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
            plain: None,
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

    /// The text of the page's Markdown, as the Markdown stage read it.
    fn markdown(&mut self, plain: Option<&'p Plain>) {
        let Some(p) = plain else { return };
        self.plain = Some(p);
        if self.summary.is_empty() {
            self.summary = excerpt(&p.body, 160);
        }
    }

    /// The document once its words are numbered: it no longer reads the Markdown's text, which
    /// can then be dropped.
    pub fn without_text(self) -> Doc<'a, 'static> {
        let Doc { kind, path, title, summary, context, falc, fields, plain: _, facets } = self;
        Doc { kind, path, title, summary, context, falc, fields, plain: None, facets }
    }

    /// The texts of a field: for headings and body, the page's Markdown first.
    pub fn texts(&self, f: Field) -> [&str; 2] {
        let markdown = match (f, self.plain) {
            (Field::Headings, Some(p)) => p.headings.as_str(),
            (Field::Body, Some(p)) => p.body.as_str(),
            _ => "",
        };
        [markdown, &self.fields[f as usize]]
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

/// Every document of the site, numbered by kind then by path. `plain` holds the text of each
/// page's Markdown by output path.
pub fn collect<'a, 'p>(
    cfg: &'a Config,
    c: &'a Content,
    served: &Served,
    plain: &'p BTreeMap<String, Plain>,
) -> Vec<Doc<'a, 'p>> {
    let theme_label = |code: &str| refs::thematiques().label(code);
    let public_label = |code: &str| refs::publics().label(code);
    let commune_name = |code: &str| cfg.commune(code).map_or_else(|| code.to_string(), |x| x.nom.clone());
    let falc = |path: &str| c.twin_of(path).map(|t| t.origin.path.clone());
    let mut docs = Vec::new();

    // Services and actions are most of the documents, and each is made alone: made in parallel,
    // then put in order by the sort at the end.
    docs.par_extend(c.services.par_iter().enumerate().map(|(i, s)| {
        let mut d = Doc::new(Kind::Service, &s.origin.path, &s.titre);
        service_fields(c, s, plain.get(&s.origin.path), &mut d);
        for t in &s.thematiques {
            d.add(Field::Tags, &theme_label(t));
            d.facets.push(("thematique", t.as_str()));
        }
        for p in &s.publics {
            d.add(Field::Tags, &public_label(p));
            d.facets.push(("public", p.as_str()));
        }
        for x in served.communes_of(i).map(|x| &cfg.communes[x]) {
            d.add(Field::Places, &x.nom);
            d.facets.push(("commune", x.code.as_str()));
        }
        d.context = service_lieu(c, s).and_then(|l| l.commune.clone());
        d.falc = falc(&s.origin.path);
        d
    }));
    docs.par_extend(c.actions.par_iter().map(|a| {
        let mut d = Doc::new(Kind::Action, &a.origin.path, &a.titre);
        d.resume(a.resume.as_ref());
        d.markdown(plain.get(&a.origin.path));
        d.add(Field::Alias, &format!("action {}", a.numero.v));
        for t in &a.thematiques {
            d.add(Field::Tags, &theme_label(t));
            d.facets.push(("thematique", t.as_str()));
        }
        for p in &a.publics {
            d.add(Field::Tags, &public_label(p));
            d.facets.push(("public", p.as_str()));
        }
        for x in &a.communes {
            d.add(Field::Places, &commune_name(&x.v));
            d.facets.push(("commune", x.v.as_str()));
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
        d.facets.push(("statut", a.statut.v.code()));
        d.context = Some(format!("Action {} · {}", a.numero.v, a.statut.v.label()));
        d.falc = falc(&a.origin.path);
        d
    }));
    let pages = c.home.iter().chain(&c.chapters).chain(&c.pages).chain(&c.sections);
    for p in pages.chain(c.diagnostic_chapters()) {
        docs.push(page(p, plain, Kind::Page, falc(&p.origin.path)));
    }
    if let Some(p) = &c.diagnostic {
        diagnostic(cfg, p, plain, &mut docs);
    }
    for t in &c.glossary {
        let title = match &t.sigle {
            Some(s) => format!("{} : {}", s.v, t.nom),
            None => t.nom.clone(),
        };
        let mut d = Doc::new(Kind::Term, &Route::Term(&t.anchor()).path(), &title);
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
        d.markdown(plain.get(&s.origin.path));
        if let Some(l) = &s.lieu {
            d.add(Field::Places, l.commune.as_deref().unwrap_or_default());
            d.context = l.commune.clone();
        }
        docs.push(d);
    }
    for p in &c.news {
        let mut d = page(p, plain, Kind::News, falc(&p.origin.path));
        d.context = p.date.map(crate::format::date);
        docs.push(d);
    }
    docs.sort_by(|a, b| (a.kind, &a.path).cmp(&(b.kind, &b.path)));
    docs
}

/// The diagnostic's indicators and findings are pages of the site: found by their words
/// (« pauvreté », « médecins généralistes »), by their theme, and by the communes they give a
/// value for.
fn diagnostic<'a, 'p>(
    cfg: &Config,
    p: &'a crate::content::profile::Profile,
    plain: &'p BTreeMap<String, Plain>,
    docs: &mut Vec<Doc<'a, 'p>>,
) {
    use crate::content::profile::compare;
    use crate::referentiels::Echelle;
    for i in &p.indicators {
        let mut d = Doc::new(Kind::Page, &i.origin.path, &i.libelle);
        if let Some(f) = &i.libelle_falc {
            d.add(Field::Alias, f);
        }
        let s = compare::summary(i);
        let value = s.subject.map(|v| compare::show(i, v));
        let sentence = s.comparisons.first().map(|c| compare::sentence(i, c));
        d.summary = [value.clone(), sentence].into_iter().flatten().collect::<Vec<_>>().join(" · ");
        if let Some(def) = &i.definition {
            d.add(Field::Body, def);
        }
        d.add(Field::Body, &i.source);
        d.add(Field::Tags, i.portrait.label());
        if let Some(t) = i.thematique.as_deref().and_then(|t| refs::thematiques().get(t)) {
            d.add(Field::Tags, &t.libelle);
        }
        let mut places: Vec<&str> =
            i.of(Echelle::Commune).filter_map(|v| cfg.commune(v.code.as_deref()?)).map(|x| x.nom.as_str()).collect();
        places.dedup();
        for name in places {
            d.add(Field::Places, name);
        }
        d.context = Some(match value {
            Some(v) => format!("Indicateur du diagnostic · {v}"),
            None => "Indicateur du diagnostic".into(),
        });
        docs.push(d);
    }
    for f in &p.findings {
        let mut d = Doc::new(Kind::Page, &f.origin.path, &f.titre);
        d.markdown(plain.get(&f.origin.path));
        for id in &f.indicateurs {
            if let Some(i) = p.indicator(id) {
                d.add(Field::Related, &i.libelle);
            }
        }
        for parole in &f.paroles {
            d.add(Field::Body, parole);
        }
        d.context = Some("Constat du diagnostic".into());
        docs.push(d);
    }
}

fn service_fields<'p>(c: &Content, s: &Service, plain: Option<&'p Plain>, d: &mut Doc<'_, 'p>) {
    for name in s.sigle.iter().chain(&s.alias) {
        d.add(Field::Alias, name);
    }
    if let Some(code) = &s.dispositif
        && let Some(x) = refs::dispositifs().get(code)
    {
        d.add(Field::Alias, &x.libelle);
    }
    d.resume(s.resume.as_ref());
    d.markdown(plain);
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
    if let Some(kind) = s.kind {
        d.add(Field::Tags, kind.code());
    }
    if let Some(l) = service_lieu(c, s) {
        d.add(Field::Places, l.commune.as_deref().unwrap_or_default());
    }
}

fn page<'a, 'p>(p: &Page, plain: &'p BTreeMap<String, Plain>, kind: Kind, falc: Option<String>) -> Doc<'a, 'p> {
    let mut d = Doc::new(kind, &p.origin.path, &p.titre);
    d.resume(p.resume.as_ref());
    d.markdown(plain.get(&p.origin.path));
    d.falc = falc;
    d
}

/// Theme, public, commune and axis pages: what a reader browsing by need lands on.
fn listings<'a>(cfg: &'a Config, docs: &mut Vec<Doc<'a, '_>>) {
    for t in refs::thematiques().codes {
        let mut d = Doc::new(Kind::Listing, &Route::Topic(&t.code).path(), &t.libelle);
        if let Some(f) = &t.facile {
            d.add(Field::Alias, f);
        }
        d.summary = format!("Les services et les actions du thème « {} ».", t.libelle);
        d.facets.push(("thematique", t.code.as_str()));
        docs.push(d);
    }
    for p in refs::publics().codes {
        let mut d = Doc::new(Kind::Listing, &Route::Public(&p.code).path(), &p.libelle);
        if let Some(f) = &p.facile {
            d.add(Field::Alias, f);
        }
        d.summary = format!("Les services pour le public « {} ».", p.libelle);
        d.facets.push(("public", p.code.as_str()));
        docs.push(d);
    }
    for x in &cfg.communes {
        let mut d = Doc::new(Kind::Listing, &Route::Commune(&x.code).path(), &x.nom);
        d.add(Field::Places, &x.nom);
        d.summary = format!("Les services qui reçoivent les habitants de {}.", x.nom);
        d.facets.push(("commune", x.code.as_str()));
        docs.push(d);
    }
    for a in &cfg.axes {
        let mut d = Doc::new(Kind::Listing, &Route::Axe(&a.id).path(), &a.titre);
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

/// The first `max` characters of text, spaces collapsed, cut at a word, with an ellipsis when cut.
/// Reads only as many words as the excerpt needs: a fiche's whole text is many times longer.
pub fn excerpt(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(max.min(text.len()) + 4);
    let mut n = 0;
    for w in text.split_whitespace() {
        let sep = usize::from(!out.is_empty());
        let len = w.chars().count();
        if n + sep + len <= max {
            if sep == 1 {
                out.push(' ');
            }
            out.push_str(w);
            n += sep + len;
            continue;
        }
        // The first `max` characters of the collapsed text end in this word (or just before it):
        // cut after the last space among them.
        if sep == 1 && n < max {
            out.push(' ');
            n += 1;
        }
        out.extend(w.chars().take(max - n));
        let end = out.rfind(' ').unwrap_or(out.len());
        return format!("{}…", out[..end].trim_end_matches([',', ';', ':', '.']));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_cut_at_a_word() {
        assert_eq!(excerpt("court", 160), "court");
        assert_eq!(excerpt("un deux trois quatre", 10), "un deux…");
    }

    /// The excerpt as it was first written: the whole text collapsed, then cut. The one that reads
    /// only the words it needs gives the same, whatever the spaces, accents and length.
    #[test]
    fn excerpts_read_only_what_they_need_and_say_the_same() {
        fn whole(text: &str, max: usize) -> String {
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            if text.chars().count() <= max {
                return text;
            }
            let cut: String = text.chars().take(max).collect();
            let end = cut.rfind(' ').unwrap_or(cut.len());
            format!("{}…", cut[..end].trim_end_matches([',', ';', ':', '.']))
        }
        let texts = [
            "",
            "   ",
            "un",
            "un deux trois quatre",
            "  un\n\tdeux   trois, quatre; cinq: six. sept  ",
            "Accès aux soins : la PFIDASS accompagne les personnes qui renoncent à se soigner.",
            "anticonstitutionnellement éléphant œuf",
            "a, b. c; d: e",
        ];
        for t in texts {
            for max in 0..=90 {
                assert_eq!(excerpt(t, max), whole(t, max), "{t:?} à {max}");
            }
        }
    }
}
