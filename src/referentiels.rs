//! The code lists of the content model, embedded in the binary.

use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

const SOURCE: &str = include_str!("referentiels.toml");

/// One code of a list, with its labels and data·inclusion mapping.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Code {
    pub code: String,
    pub libelle: String,
    /// Easy-to-read label, where one helps residents.
    #[serde(default)]
    pub facile: Option<String>,
    /// data·inclusion codes to export as; absent means the code is a data·inclusion code.
    #[serde(default)]
    pub di: Option<Vec<String>>,
    /// Former names that must still be found (dispositifs).
    #[serde(default)]
    pub ex: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Referentiels {
    pub statuts: Vec<Code>,
    pub types_action: Vec<Code>,
    pub secteurs: Vec<Code>,
    pub participation: Vec<Code>,
    pub determinants: Vec<Code>,
    pub interventions: Vec<Code>,
    pub publics: Vec<Code>,
    pub thematiques: Vec<Code>,
    pub dispositifs: Vec<Code>,
}

/// A named code list, so messages can say which list a value must come from.
#[derive(Debug, Clone, Copy)]
pub struct List {
    pub name: &'static str,
    pub codes: &'static [Code],
}

impl List {
    pub fn get(&self, code: &str) -> Option<&'static Code> {
        self.codes.iter().find(|c| c.code == code)
    }

    pub fn label(&self, code: &str) -> String {
        self.get(code).map(|c| c.libelle.clone()).unwrap_or_else(|| code.to_string())
    }

    pub fn codes(&self) -> impl Iterator<Item = &'static str> + Clone + use<> {
        let codes: &'static [Code] = self.codes;
        codes.iter().map(|c| c.code.as_str())
    }
}

static REFS: LazyLock<Referentiels> = LazyLock::new(|| {
    // The file is part of the binary and covered by a unit test, so a parse failure is a bug.
    toml::from_str(SOURCE).expect("referentiels.toml embarqué invalide")
});

pub fn all() -> &'static Referentiels {
    &REFS
}

macro_rules! list {
    ($name:ident) => {
        pub fn $name() -> List {
            List { name: stringify!($name), codes: &all().$name }
        }
    };
}

list!(statuts);
list!(types_action);
list!(secteurs);
list!(participation);
list!(determinants);
list!(interventions);
list!(publics);
list!(thematiques);
list!(dispositifs);

/// Defines a closed code list as an enum: its codes, `FromStr`, and its code back. Code that
/// matches on it is checked by the compiler, arm by arm.
macro_rules! closed {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &[$name] = &[$($name::$variant),+];
            pub const CODES: &[&str] = &[$($code),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }
        }

        impl std::str::FromStr for $name {
            type Err = ();
            fn from_str(s: &str) -> Result<Self, ()> {
                match s { $($code => Ok($name::$variant),)+ _ => Err(()) }
            }
        }
    };
}

closed!(
    /// An action's status (`referentiels.statuts`).
    Statut { AVenir = "a-venir", EnCours = "en-cours", Realisee = "realisee", Reportee = "reportee", Abandonnee = "abandonnee" }
);

impl Statut {
    /// The label of the code list (« En cours »).
    pub fn label(self) -> String {
        statuts().label(self.code())
    }
}

closed!(
    /// The three portraits of a health diagnostic (content model, section 9).
    Portrait { Territoire = "territoire", Sante = "sante", Ressources = "ressources" }
);

impl Portrait {
    pub fn label(self) -> &'static str {
        match self {
            Portrait::Territoire => "Le territoire et ses habitants",
            Portrait::Sante => "L'état de santé",
            Portrait::Ressources => "L'offre et le recours aux soins",
        }
    }
}

closed!(
    /// Which way is better for a diagnostic indicator.
    Sens { HausseFavorable = "hausse-favorable", HausseDefavorable = "hausse-defavorable", Neutre = "neutre" }
);

closed!(
    /// The place a diagnostic value describes.
    Echelle {
        Territoire = "territoire",
        Commune = "commune",
        Departement = "departement",
        Region = "region",
        France = "france",
    }
);

impl Echelle {
    /// « dans la région », for the comparison sentences.
    pub fn label(self) -> &'static str {
        match self {
            Echelle::Territoire => "Territoire du contrat",
            Echelle::Commune => "Commune",
            Echelle::Departement => "Département",
            Echelle::Region => "Région",
            Echelle::France => "France",
        }
    }

    pub fn dans(self) -> &'static str {
        match self {
            Echelle::Territoire => "sur le territoire",
            Echelle::Commune => "dans la commune",
            Echelle::Departement => "dans le département",
            Echelle::Region => "dans la région",
            Echelle::France => "en France",
        }
    }
}

closed!(
    /// What an indicator measures: the process, the activity or the results.
    IndicatorKind { Process = "processus", Activity = "activite", Result = "resultat" }
);

impl IndicatorKind {
    pub fn label(self) -> &'static str {
        match self {
            IndicatorKind::Process => "Processus",
            IndicatorKind::Activity => "Activité",
            IndicatorKind::Result => "Résultat",
        }
    }
}

closed!(
    /// What a service is (data·inclusion `types-de-services`).
    TypeService {
        Accompagnement = "accompagnement",
        AideFinanciere = "aide-financiere",
        AideMaterielle = "aide-materielle",
        Atelier = "atelier",
        Formation = "formation",
        Information = "information",
    }
);

impl TypeService {
    pub fn label(self) -> &'static str {
        match self {
            TypeService::Accompagnement => "Accompagnement",
            TypeService::AideFinanciere => "Aide financière",
            TypeService::AideMaterielle => "Aide matérielle",
            TypeService::Atelier => "Atelier",
            TypeService::Formation => "Formation",
            TypeService::Information => "Information",
        }
    }
}

closed!(
    /// Whether a service costs something (data·inclusion `frais`).
    Frais { Gratuit = "gratuit", Payant = "payant" }
);

impl Frais {
    pub fn label(self) -> &'static str {
        match self {
            Frais::Gratuit => "Gratuit",
            Frais::Payant => "Payant",
        }
    }
}

closed!(
    /// How a service receives people.
    ModeAccueil { ADistance = "a-distance", EnPresentiel = "en-presentiel" }
);

impl ModeAccueil {
    pub fn label(self) -> &'static str {
        match self {
            ModeAccueil::EnPresentiel => "Sur place",
            ModeAccueil::ADistance => "À distance (téléphone, internet)",
        }
    }
}

closed!(
    /// Who may ask for a service.
    MobilisablePar { Professionnels = "professionnels", Usagers = "usagers" }
);

impl MobilisablePar {
    /// Completes « Le service peut être demandé par … ».
    pub fn label(self) -> &'static str {
        match self {
            MobilisablePar::Usagers => "vous-même",
            MobilisablePar::Professionnels => "un professionnel (travailleur social, médecin…)",
        }
    }
}

closed!(
    /// How to ask for a service.
    ModeMobilisation {
        EnvoyerUnCourriel = "envoyer-un-courriel",
        SePresenter = "se-presenter",
        Telephoner = "telephoner",
        UtiliserLienMobilisation = "utiliser-lien-mobilisation",
    }
);

impl ModeMobilisation {
    /// Completes « Pour en bénéficier : … ».
    pub fn label(self) -> &'static str {
        match self {
            ModeMobilisation::EnvoyerUnCourriel => "en envoyant un courriel",
            ModeMobilisation::SePresenter => "en vous présentant sur place",
            ModeMobilisation::Telephoner => "en téléphonant",
            ModeMobilisation::UtiliserLienMobilisation => "en ligne, par le lien indiqué",
        }
    }
}

/// Fixed lists of data·inclusion v1 that the content model uses directly.
pub mod di {
    pub const DONNEES_ISTS: &[&str] = &["oui", "non", "partiellement"];
    pub const ACCESSIBILITE: &[&str] = &["non conforme", "partiellement conforme", "totalement conforme"];

    use serde::Deserialize;
    use std::sync::LazyLock;

    #[derive(Deserialize)]
    struct Entry {
        value: String,
    }

    fn values(json: &str) -> Vec<String> {
        let entries: Vec<Entry> = serde_json::from_str(json).expect("référentiel data·inclusion embarqué invalide");
        entries.into_iter().map(|e| e.value).collect()
    }

    static THEMATIQUES: LazyLock<Vec<String>> = LazyLock::new(|| values(include_str!("di/thematiques.json")));
    static PUBLICS: LazyLock<Vec<String>> = LazyLock::new(|| values(include_str!("di/publics.json")));
    static RESEAUX: LazyLock<Vec<String>> = LazyLock::new(|| values(include_str!("di/reseaux-porteurs.json")));

    /// data·inclusion v1 `thematiques` codes.
    pub fn thematiques() -> &'static [String] {
        &THEMATIQUES
    }

    /// data·inclusion v1 `publics` codes.
    pub fn publics() -> &'static [String] {
        &PUBLICS
    }

    /// data·inclusion v1 `reseaux-porteurs` codes.
    pub fn reseaux_porteurs() -> &'static [String] {
        &RESEAUX
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closed_lists_are_the_code_lists() {
        assert_eq!(Statut::CODES, statuts().codes().collect::<Vec<_>>());
        for s in Statut::ALL {
            assert_eq!(s.code().parse(), Ok(*s));
        }
        assert_eq!("en cours".parse::<Statut>(), Err(()));
        assert_eq!(Statut::EnCours.label(), "En cours");
        assert_eq!(IndicatorKind::CODES, ["processus", "activite", "resultat"]);
    }

    #[test]
    fn embedded_lists_parse_and_are_unique() {
        for list in [statuts(), types_action(), secteurs(), publics(), thematiques(), dispositifs()] {
            assert!(!list.codes.is_empty(), "{}", list.name);
            let mut codes: Vec<_> = list.codes().collect();
            codes.sort();
            let n = codes.len();
            codes.dedup();
            assert_eq!(n, codes.len(), "doublon dans {}", list.name);
        }
        assert_eq!(statuts().label("en-cours"), "En cours");
        assert_eq!(dispositifs().get("dac").unwrap().ex, ["PTA", "MAIA", "plateforme territoriale d'appui"]);
    }

    #[test]
    fn every_di_mapping_is_a_data_inclusion_code() {
        for t in thematiques().codes {
            for d in t.di.iter().flatten() {
                assert!(di::thematiques().contains(d), "{} → {d}", t.code);
            }
        }
        for p in publics().codes {
            for d in p.di.iter().flatten() {
                assert!(di::publics().contains(d), "{} → {d}", p.code);
            }
        }
        assert!(di::reseaux_porteurs().len() > 10);
    }
}
