//! The loaded portal: plain data, immutable once loading is done.

use super::reader::{At, When};
use crate::referentiels::{Frais, IndicatorKind, MobilisablePar, ModeAccueil, ModeMobilisation, Statut, TypeService};
use chrono::NaiveDate;
use std::collections::HashMap;

/// Markdown text of a file, with the line where it starts (for findings).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Body {
    pub text: String,
    pub first_line: usize,
}

/// Where a piece of content came from and where it is published.
#[derive(Debug, Clone, PartialEq)]
pub struct Origin {
    /// File, relative to the site root (`content/actions/1.1.2-x.md`).
    pub file: String,
    /// Line in the file, for bulk rows.
    pub line: Option<usize>,
    /// Output path relative to the base URL, ending with `/` (`actions/1.1.2-x/`), `""` for home.
    pub path: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PageKind {
    Home,
    Chapter,
    News,
    Page,
    /// The introduction of a section list (`actions/_index.md`).
    Section,
}

/// Home, contract chapters, news and other pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub kind: PageKind,
    pub origin: Origin,
    pub titre: String,
    pub resume: Option<String>,
    pub poids: i64,
    pub date: Option<NaiveDate>,
    pub date_maj: Option<NaiveDate>,
    pub body: Body,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Partenaire {
    pub nom: String,
    pub secteur: Option<String>,
    pub role: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Mesure {
    pub date: At<NaiveDate>,
    /// A number, or else a qualitative finding (`constat`): never both, never neither.
    pub valeur: Option<f64>,
    pub constat: Option<String>,
    pub commentaire: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Indicateur {
    pub kind: Option<IndicatorKind>,
    pub libelle: String,
    pub cible: Option<f64>,
    pub unite: Option<String>,
    pub source: Option<String>,
    /// The baseline, measured at `date_reference`.
    pub reference: Option<f64>,
    pub date_reference: Option<At<NaiveDate>>,
    pub mesures: Vec<Mesure>,
    /// The diagnostic indicator whose series is this indicator's baseline.
    pub indicateur_diagnostic: Option<At<String>>,
}

/// A stage of the action's detailed calendar (`[[etapes]]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Etape {
    pub titre: String,
    pub debut: Option<NaiveDate>,
    pub fin: Option<NaiveDate>,
    pub statut: Option<Statut>,
}

/// A dated assessment by the pilots (`[[bilans]]`), with the action's status at that date.
#[derive(Debug, Clone, PartialEq)]
pub struct Bilan {
    pub date: At<NaiveDate>,
    pub statut: At<Statut>,
    pub texte: String,
    pub suite: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Evenement {
    pub titre: String,
    pub debut: When,
    pub fin: Option<When>,
    pub lieu: Option<String>,
    pub commune: Option<At<String>>,
    pub description: Option<String>,
    pub lien: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Financement {
    pub montant: Option<f64>,
    pub financeurs: Vec<String>,
    pub precisions: Option<String>,
}

/// A fiche-action.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    pub origin: Origin,
    pub titre: String,
    pub numero: At<String>,
    pub axe: At<String>,
    pub objectif: At<String>,
    pub statut: At<Statut>,
    pub resume: Option<String>,
    pub date_maj: Option<At<NaiveDate>>,
    pub debut: Option<NaiveDate>,
    pub fin: Option<NaiveDate>,
    pub pilotes: Vec<String>,
    pub copilotes: Vec<String>,
    pub communes: Vec<At<String>>,
    pub territoire_precisions: Option<String>,
    pub publics: Vec<String>,
    pub publics_precisions: Option<String>,
    pub types_action: Vec<String>,
    pub thematiques: Vec<String>,
    pub determinants: Vec<String>,
    pub interventions: Vec<String>,
    pub participation: Vec<String>,
    pub donnees_ists: Option<String>,
    pub contrat_de_ville: Option<bool>,
    pub ressources: Vec<At<String>>,
    /// Ids of the diagnostic's findings this action answers.
    pub constats: Vec<At<String>>,
    pub partenaires: Vec<Partenaire>,
    pub indicateurs: Vec<Indicateur>,
    pub evenements: Vec<Evenement>,
    pub financement: Option<Financement>,
    pub etapes: Vec<Etape>,
    /// Oldest first.
    pub bilans: Vec<Bilan>,
    pub body: Body,
}

/// Where a service or structure receives people.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lieu {
    pub adresse: Option<String>,
    pub complement_adresse: Option<String>,
    pub code_postal: Option<String>,
    pub commune: Option<String>,
    pub code_insee: Option<At<String>>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

/// The kinds of content the preview reloads one file at a time (`load::reload`), named in the
/// plan's inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Entity {
    Action,
    Service,
    Chapter,
    News,
    Page,
}

/// A directory entry: a data·inclusion v1 service.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    pub origin: Origin,
    pub id: At<String>,
    pub titre: String,
    pub sigle: Option<String>,
    pub alias: Vec<String>,
    pub dispositif: Option<String>,
    pub structure: Option<At<String>>,
    pub porteur: Option<String>,
    /// Local theme codes (data·inclusion codes from bulk files are mapped to these).
    pub thematiques: Vec<String>,
    /// data·inclusion theme codes given as such in bulk files, exported as they are.
    pub thematiques_di: Vec<String>,
    pub kind: Option<TypeService>,
    pub publics: Vec<String>,
    pub publics_di: Vec<String>,
    pub publics_precisions: Option<String>,
    pub conditions_acces: Option<String>,
    pub frais: Option<Frais>,
    pub frais_precisions: Option<String>,
    pub modes_accueil: Vec<ModeAccueil>,
    pub mobilisable_par: Vec<MobilisablePar>,
    pub modes_mobilisation: Vec<ModeMobilisation>,
    pub mobilisation_precisions: Option<String>,
    pub lien_mobilisation: Option<String>,
    pub zone_eligibilite: Vec<At<String>>,
    pub horaires_accueil: Option<String>,
    pub telephone: Option<String>,
    pub courriel: Option<String>,
    pub site_web: Option<String>,
    pub accessibilite_lieu: Option<String>,
    pub date_maj: Option<At<NaiveDate>>,
    /// Months between two checks of this entry, when it differs from the site's.
    pub verification_mois: Option<i64>,
    pub resume: Option<String>,
    pub lieu: Option<Lieu>,
    pub body: Body,
}

/// An organisation that runs services.
#[derive(Debug, Clone, PartialEq)]
pub struct Structure {
    pub origin: Origin,
    pub id: At<String>,
    pub titre: String,
    pub sigle: Option<String>,
    pub siret: Option<String>,
    pub reseaux_porteurs: Vec<String>,
    pub site_web: Option<String>,
    pub telephone: Option<String>,
    pub courriel: Option<String>,
    pub horaires_accueil: Option<String>,
    pub lieu: Option<Lieu>,
    pub date_maj: Option<At<NaiveDate>>,
    pub body: Body,
}

/// A glossary entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub sigle: Option<At<String>>,
    pub nom: String,
    pub definition: Option<String>,
    pub aussi: Vec<String>,
    pub voir: Option<At<String>>,
    pub line: usize,
}

impl Term {
    /// Anchor on the glossary page.
    pub fn anchor(&self) -> String {
        crate::slug::slugify(self.sigle.as_ref().map_or(&self.nom, |s| &s.v))
    }
}

/// An easy-to-read twin (`x.falc.md`).
#[derive(Debug, Clone, PartialEq)]
pub struct Twin {
    pub origin: Origin,
    /// Output path of the page it is the twin of.
    pub of: String,
    pub titre: Option<String>,
    pub resume: Option<String>,
    pub relu: bool,
    pub relu_par: Option<String>,
    pub date_relecture: Option<NaiveDate>,
    /// Easy-to-read rules silenced for this page (`falc_ignorer = ["mot-long"]`).
    pub falc_ignorer: Vec<String>,
    pub body: Body,
}

impl Twin {
    /// The European easy-to-read logo may only be shown when people proofread the text.
    pub fn logo_allowed(&self) -> bool {
        self.relu && self.relu_par.is_some() && self.date_relecture.is_some()
    }
}

/// A file copied to the output as it is (images and documents beside pages, `static/`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Asset {
    pub source: std::path::PathBuf,
    /// Output path relative to the output root.
    pub path: String,
}

/// The territory's outline and its communes (`content/territoire.geojson`), for the maps.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Territory {
    pub shapes: Vec<Shape>,
}

/// One outline: a commune, or the whole territory.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// INSEE code, when the file gives it.
    pub code: Option<String>,
    pub nom: Option<String>,
    /// Polygons, each a list of rings of (longitude, latitude).
    pub polygons: Vec<Vec<Vec<(f64, f64)>>>,
}

/// Everything a portal is made of.
#[derive(Debug, Default, Clone)]
pub struct Content {
    pub home: Option<Page>,
    pub sections: Vec<Page>,
    pub chapters: Vec<Page>,
    pub actions: Vec<Action>,
    pub services: Vec<Service>,
    pub structures: Vec<Structure>,
    pub news: Vec<Page>,
    pub pages: Vec<Page>,
    pub glossary: Vec<Term>,
    pub twins: Vec<Twin>,
    pub assets: Vec<Asset>,
    pub territoire: Option<Territory>,
    /// The shared diagnostic (`content/diagnostic/`), when there is one.
    pub diagnostic: Option<super::profile::Profile>,
    /// Positions by identifier, built by [`Content::index`] once loading is done.
    lookup: Lookup,
}

/// Where each service, structure and twin sits: lists and links look them up by the thousand.
#[derive(Debug, Default, Clone)]
struct Lookup {
    services: HashMap<String, usize>,
    structures: HashMap<String, usize>,
    twins: HashMap<String, usize>,
    /// Lengths of the lists when indexed: a list changed since is searched item by item.
    lens: (usize, usize, usize),
}

/// The first item whose key is `key`, through `map` when it was built for this list.
fn find<'a, T>(
    items: &'a [T],
    map: &HashMap<String, usize>,
    indexed: usize,
    key: &str,
    of: fn(&T) -> &str,
) -> Option<&'a T> {
    position(items, map, indexed, key, of).map(|i| &items[i])
}

/// Where the first item whose key is `key` is, through `map` when it was built for this list.
fn position<T>(
    items: &[T],
    map: &HashMap<String, usize>,
    indexed: usize,
    key: &str,
    of: fn(&T) -> &str,
) -> Option<usize> {
    if indexed == items.len() {
        map.get(key).copied().filter(|&i| items.get(i).is_some_and(|x| of(x) == key))
    } else {
        items.iter().position(|x| of(x) == key)
    }
}

fn positions<T>(items: &[T], of: fn(&T) -> &str) -> HashMap<String, usize> {
    let mut map = HashMap::with_capacity(items.len());
    for (i, x) in items.iter().enumerate() {
        map.entry(of(x).to_string()).or_insert(i);
    }
    map
}

impl Content {
    /// Puts `body` in place of the body of the action or service read from `file`; returns
    /// its address and what it is. The preview's one change to a loaded model, for an edit of a body alone
    /// (`load::changed_body`): copying the whole model for it took longer than the page.
    pub fn set_body(&mut self, file: &str, body: Body) -> Option<(String, Entity)> {
        if let Some(a) = self.actions.iter_mut().find(|x| x.origin.file == file) {
            a.body = body;
            return Some((a.origin.path.clone(), Entity::Action));
        }
        let s = self.services.iter_mut().find(|x| x.origin.file == file)?;
        s.body = body;
        Some((s.origin.path.clone(), Entity::Service))
    }

    /// Indexes services, structures and twins by identifier. Call it after the lists change.
    pub fn index(&mut self) {
        self.lookup = Lookup {
            services: positions(&self.services, |s| &s.id.v),
            structures: positions(&self.structures, |s| &s.id.v),
            twins: positions(&self.twins, |t| &t.of),
            lens: (self.services.len(), self.structures.len(), self.twins.len()),
        };
    }

    pub fn service(&self, id: &str) -> Option<&Service> {
        find(&self.services, &self.lookup.services, self.lookup.lens.0, id, |s| &s.id.v)
    }

    /// The position of the service `id` in `services`.
    pub fn service_index(&self, id: &str) -> Option<usize> {
        position(&self.services, &self.lookup.services, self.lookup.lens.0, id, |s| &s.id.v)
    }

    pub fn structure(&self, id: &str) -> Option<&Structure> {
        find(&self.structures, &self.lookup.structures, self.lookup.lens.1, id, |s| &s.id.v)
    }

    pub fn twin_of(&self, path: &str) -> Option<&Twin> {
        find(&self.twins, &self.lookup.twins, self.lookup.lens.2, path, |t| &t.of)
    }

    /// The diagnostic's chapters (none without a diagnostic).
    pub fn diagnostic_chapters(&self) -> &[Page] {
        self.diagnostic.as_ref().map_or(&[], |d| &d.chapters)
    }

    pub fn section(&self, name: &str) -> Option<&Page> {
        self.sections.iter().find(|p| p.origin.path == format!("{name}/"))
    }
}
