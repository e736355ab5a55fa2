//! Questions asked of the loaded model by several stages.

use super::check::departement;
use super::model::{Content, Lieu, Service};
use crate::config::Config;

/// The commune (INSEE code) where a service receives people: its place, else its structure's.
pub fn service_commune<'a>(c: &'a Content, s: &'a Service) -> Option<&'a str> {
    s.lieu
        .as_ref()
        .and_then(|l| l.code_insee.as_ref())
        .or_else(|| {
            s.structure
                .as_ref()
                .and_then(|id| c.structure(id))
                .and_then(|st| st.lieu.as_ref())
                .and_then(|l| l.code_insee.as_ref())
        })
        .map(|c| c.v.as_str())
}

/// The place of a service, falling back to its structure's.
pub fn service_lieu<'a>(c: &'a Content, s: &'a Service) -> Option<&'a Lieu> {
    s.lieu.as_ref().or_else(|| s.structure.as_ref().and_then(|id| c.structure(id)).and_then(|st| st.lieu.as_ref()))
}

/// Where a service is, for distances and maps: its own place's coordinates, else its
/// structure's, else the centre of its commune (`exact` false). `None` when nothing says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Position {
    pub latitude: f64,
    pub longitude: f64,
    pub exact: bool,
}

pub fn service_position(config: &Config, c: &Content, s: &Service) -> Option<Position> {
    let own = |l: &Lieu| Some(Position { latitude: l.latitude?, longitude: l.longitude?, exact: true });
    let structure = s.structure.as_ref().and_then(|id| c.structure(id)).and_then(|st| st.lieu.as_ref());
    s.lieu.as_ref().and_then(own).or_else(|| structure.and_then(own)).or_else(|| {
        let commune = config.commune(service_commune(c, s)?)?;
        Some(Position { latitude: commune.latitude?, longitude: commune.longitude?, exact: false })
    })
}

/// Whether a service serves a commune of the territory (content model, section 4.1).
pub fn serves(config: &Config, c: &Content, s: &Service, commune: &str) -> bool {
    if s.zone_eligibilite.is_empty() {
        return service_commune(c, s) == Some(commune);
    }
    s.zone_eligibilite.iter().any(|z| {
        let z = z.v.as_str();
        z == "france"
            || z == commune
            || z == departement(commune)
            || (z.len() == 9 && config.siren.as_deref() == Some(z))
    })
}

/// Which communes of the territory each service serves (`serves`), worked out once: the
/// directory, its embed, the open data and the search index each ask it of every pair, 1.4
/// million pairs at 6 000 services and 240 communes.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Served {
    /// For each service, in the model's order, its communes (indexes into `config.communes`).
    communes: Vec<Vec<u32>>,
    /// For each commune, its services, in the model's order.
    services: Vec<Vec<u32>>,
}

impl Served {
    pub fn new(config: &Config, c: &Content) -> Served {
        use rayon::prelude::*;
        let communes: Vec<Vec<u32>> = c
            .services
            .par_iter()
            .map(|s| {
                let codes = config.communes.iter().enumerate();
                codes.filter(|(_, x)| serves(config, c, s, &x.code)).map(|(i, _)| i as u32).collect()
            })
            .collect();
        let mut services = vec![Vec::new(); config.communes.len()];
        for (s, list) in communes.iter().enumerate() {
            for x in list {
                services[*x as usize].push(s as u32);
            }
        }
        Served { communes, services }
    }

    /// The communes a service serves, by its index in the model.
    pub fn communes_of(&self, service: usize) -> impl Iterator<Item = usize> + '_ {
        self.communes.get(service).into_iter().flatten().map(|x| *x as usize)
    }

    /// The services that serve a commune, by its index in `config.communes`.
    pub fn services_of(&self, commune: usize) -> impl Iterator<Item = usize> + '_ {
        self.services.get(commune).into_iter().flatten().map(|s| *s as usize)
    }
}

/// Whether the page of a public lists a service: it names the public, or is open to everyone.
/// The views and the preview's rules both ask here.
pub fn service_shows_public(s: &Service, public: &str) -> bool {
    s.publics.iter().any(|p| p == public || p == "tous-publics")
}

/// Whether the page of a theme lists a service.
pub fn service_shows_theme(s: &Service, theme: &str) -> bool {
    s.thematiques.iter().any(|t| t == theme)
}

/// Whether the page of a commune lists an action as its own (actions for the whole territory
/// are counted apart).
pub fn action_in_commune(a: &crate::content::Action, commune: &str) -> bool {
    a.communes.iter().any(|x| x.v == commune)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::model::{Body, Origin};
    use crate::content::reader::At;
    use crate::diag::Pos;

    fn service(zone: &[&str], insee: Option<&str>) -> Service {
        let at = |v: &str| At { v: v.to_string(), pos: Pos::default() };
        Service {
            origin: Origin { file: String::new(), line: None, path: String::new() },
            id: at("s"),
            titre: "S".into(),
            sigle: None,
            alias: vec![],
            dispositif: None,
            structure: None,
            porteur: Some("P".into()),
            thematiques: vec![],
            thematiques_di: vec![],
            kind: None,
            publics: vec![],
            publics_di: vec![],
            publics_precisions: None,
            conditions_acces: None,
            frais: None,
            frais_precisions: None,
            modes_accueil: vec![],
            mobilisable_par: vec![],
            modes_mobilisation: vec![],
            mobilisation_precisions: None,
            lien_mobilisation: None,
            zone_eligibilite: zone.iter().map(|z| at(z)).collect(),
            horaires_accueil: None,
            telephone: None,
            courriel: None,
            site_web: None,
            accessibilite_lieu: None,
            date_maj: None,
            verification_mois: None,
            resume: None,
            lieu: insee.map(|i| Lieu { code_insee: Some(at(i)), ..Lieu::default() }),
            body: Body::default(),
        }
    }

    /// The table answers as `serves` does, pair by pair, both ways.
    #[test]
    fn the_served_table_agrees_with_the_rule() {
        let mut d = Vec::new();
        let config = crate::config::parse(
            "titre = \"a\"\nterritoire = \"b\"\nurl = \"https://x.org/\"\nsiren = \"200040715\"\n\
             [[communes]]\ncode = \"24037\"\nnom = \"A\"\n[[communes]]\ncode = \"24322\"\nnom = \"B\"\n\
             [[communes]]\ncode = \"33063\"\nnom = \"C\"\n\
             [[axes]]\nid = \"a\"\nnumero = 1\ntitre = \"A\"\n[[axes.objectifs]]\nid = \"o\"\nnumero = \"1.1\"\ntitre = \"O\"\n",
            &mut d,
        )
        .unwrap();
        let mut c = Content::default();
        c.services = vec![
            service(&["24322"], None),
            service(&["24"], None),
            service(&[], Some("33063")),
            service(&["france"], None),
            service(&["200040715"], None),
            service(&["75"], None),
        ];
        let table = Served::new(&config, &c);
        for (i, s) in c.services.iter().enumerate() {
            let expected: Vec<usize> =
                (0..config.communes.len()).filter(|x| serves(&config, &c, s, &config.communes[*x].code)).collect();
            assert_eq!(table.communes_of(i).collect::<Vec<_>>(), expected, "service {i}");
        }
        for x in 0..config.communes.len() {
            let expected: Vec<usize> = (0..c.services.len())
                .filter(|i| serves(&config, &c, &c.services[*i], &config.communes[x].code))
                .collect();
            assert_eq!(table.services_of(x).collect::<Vec<_>>(), expected, "commune {x}");
        }
        assert_eq!(table.services_of(1).collect::<Vec<_>>(), [0, 1, 3, 4]);
        assert_eq!(table.communes_of(5).count(), 0);
    }

    #[test]
    fn serving_rule_follows_the_content_model() {
        let mut d = Vec::new();
        let config = crate::config::parse(
            "titre = \"a\"\nterritoire = \"b\"\nurl = \"https://x.org/\"\nsiren = \"200040715\"\n[[axes]]\nid = \"a\"\nnumero = 1\ntitre = \"A\"\n[[axes.objectifs]]\nid = \"o\"\nnumero = \"1.1\"\ntitre = \"O\"\n",
            &mut d,
        )
        .unwrap();
        let c = Content::default();
        assert!(serves(&config, &c, &service(&["24322"], None), "24322"));
        assert!(serves(&config, &c, &service(&["24"], None), "24037"));
        assert!(!serves(&config, &c, &service(&["33"], None), "24037"));
        assert!(serves(&config, &c, &service(&["200040715"], None), "24037"));
        assert!(serves(&config, &c, &service(&["france"], None), "97411"));
        assert!(serves(&config, &c, &service(&["974"], None), "97411"));
        assert!(serves(&config, &c, &service(&[], Some("24037")), "24037"));
        assert!(!serves(&config, &c, &service(&[], Some("24037")), "24322"));
    }
}
