//! Read-only views of the model for templates: labels in words, addresses, dates in French.
//!
//! Views are built once per entity and shared (minijinja values are reference-counted), so
//! list pages do not rebuild what item pages already built.

use crate::Site;
use crate::content::check::{display_phone, tel_href};
use crate::content::query::{service_commune, service_lieu};
use crate::content::{Action, Page, Service, Structure, Term, Twin};
use crate::format;
use crate::referentiels::{self as refs, Frais, IndicatorKind, List, TypeService};
use crate::route::Route;
use chrono::NaiveDate;
use minijinja::{Value, context};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Summaries of actions and services by page path, kept between renders by the preview: a
/// summary shows only its item's own fields.
#[derive(Default)]
pub struct Summaries {
    actions: HashMap<String, Value>,
    services: HashMap<String, Value>,
}

impl Summaries {
    /// Forgets the summary of the page at `path` (its file changed).
    pub fn forget(&mut self, path: &str) {
        self.actions.remove(path);
        self.services.remove(path);
    }
}

pub struct Views<'a> {
    pub site: &'a Site,
    pub base: &'a str,
    /// Summaries, made the first time a page lists the item: the preview re-renders one page.
    actions: Vec<OnceLock<Value>>,
    services: Vec<OnceLock<Value>>,
    /// The dashboard's links to its parts with their counts: the same on each of its pages, so
    /// counted once (counting them per page was a sixth of the build at 10 000 pages).
    facets: OnceLock<Value>,
    /// For each service, the actions that name it among their resources, in order: asked by
    /// every service page, so found once (each page read every action: services × actions).
    /// The reader keeps each value of a list once, so an action is listed once.
    users: OnceLock<HashMap<&'a str, Vec<usize>>>,
}

fn date(d: Option<NaiveDate>) -> Value {
    match d {
        Some(d) => context! { iso => d.to_string(), texte => format::date(d) },
        None => Value::from(()),
    }
}

impl<'a> Views<'a> {
    pub fn new(site: &'a Site) -> Self {
        Views::with(site, &mut Summaries::default())
    }

    /// Views that start from the summaries `known` kept from an earlier render (the preview).
    pub fn with(site: &'a Site, known: &mut Summaries) -> Self {
        let c = &site.content;
        let take = |map: &mut HashMap<String, Value>, path: &String| {
            let cell = OnceLock::new();
            if let Some(v) = map.remove(path) {
                let _ = cell.set(v);
            }
            cell
        };
        Views {
            site,
            base: site.config.base_path(),
            actions: c.actions.iter().map(|a| take(&mut known.actions, &a.origin.path)).collect(),
            services: c.services.iter().map(|s| take(&mut known.services, &s.origin.path)).collect(),
            facets: OnceLock::new(),
            users: OnceLock::new(),
        }
    }

    /// The summaries made so far, by page path, to start the next render from.
    pub fn summaries(self) -> Summaries {
        let c = &self.site.content;
        let keep = |cells: Vec<OnceLock<Value>>, paths: Vec<&String>| {
            cells.into_iter().zip(paths).filter_map(|(cell, p)| Some((p.clone(), cell.into_inner()?))).collect()
        };
        Summaries {
            actions: keep(self.actions, c.actions.iter().map(|a| &a.origin.path).collect()),
            services: keep(self.services, c.services.iter().map(|s| &s.origin.path).collect()),
        }
    }

    /// The summary of the `i`th action, shared by every page that lists it.
    pub fn action_at(&self, i: usize) -> Value {
        self.actions[i].get_or_init(|| self.action_summary(&self.site.content.actions[i])).clone()
    }

    /// The dashboard's facets, made by `make` the first time a page asks.
    pub fn facets(&self, make: impl FnOnce() -> Value) -> Value {
        self.facets.get_or_init(make).clone()
    }

    pub fn service_at(&self, i: usize) -> Value {
        self.services[i].get_or_init(|| self.service_summary(&self.site.content.services[i])).clone()
    }

    pub fn all_services(&self) -> Vec<Value> {
        (0..self.services.len()).map(|i| self.service_at(i)).collect()
    }

    // Concatenated, not `format!`ed: called for every link of every page (a formatted string
    // goes through `Formatter::pad` for each part).
    pub fn url(&self, path: &str) -> String {
        [self.base, path].concat()
    }

    pub fn html(&self, path: &str) -> Value {
        Value::from_safe_string(self.site.html.get(path).cloned().unwrap_or_default())
    }

    fn codes(&self, list: List, codes: &[String], link_themes: bool) -> Vec<Value> {
        codes
            .iter()
            .map(|c| {
                let code = list.get(c);
                let url = link_themes.then(|| self.url(&Route::Topic(c).path()));
                context! {
                    code => c,
                    libelle => code.map_or(c.as_str(), |x| x.libelle.as_str()),
                    facile => code.and_then(|x| x.facile.as_deref()),
                    url => url,
                    picto => link_themes.then(|| self.picto(c)),
                }
            })
            .collect()
    }

    /// The pictogram of a theme (decorative: always shown next to its label).
    pub fn picto(&self, theme: &str) -> String {
        [self.base, "theme/pictos/", theme, ".svg"].concat()
    }

    /// The themes of the page at `path`, for easy-to-read pages.
    pub fn themes_of(&self, path: &str) -> Vec<Value> {
        let c = &self.site.content;
        let themes = c
            .actions
            .iter()
            .find(|a| a.origin.path == path)
            .map(|a| &a.thematiques)
            .or_else(|| c.services.iter().find(|s| s.origin.path == path).map(|s| &s.thematiques));
        themes.map(|t| self.codes(refs::thematiques(), t, true)).unwrap_or_default()
    }

    pub fn twin_url(&self, path: &str) -> Option<String> {
        self.site.content.twin_of(path).map(|t| self.url(&t.origin.path))
    }

    pub fn action_summary(&self, a: &Action) -> Value {
        let axe = self.site.config.axe(&a.axe);
        context! {
            numero => a.numero.v,
            titre => a.titre,
            url => self.url(&a.origin.path),
            statut => a.statut.v.code(),
            statut_libelle => a.statut.v.label(),
            resume => a.resume,
            axe => axe.map(|x| x.titre.as_str()),
            thematiques => self.codes(refs::thematiques(), &a.thematiques, true),
        }
    }

    pub fn action(&self, a: &Action) -> Value {
        let cfg = &self.site.config;
        let axe = cfg.axe(&a.axe);
        let objectif = axe.and_then(|x| x.objectifs.iter().find(|o| o.id == a.objectif.v));
        let communes: Vec<Value> = a
            .communes
            .iter()
            .filter_map(|c| cfg.commune(c))
            .map(|c| context! { nom => c.nom, url => self.url(&Route::Commune(&c.code).path()) })
            .collect();
        let mut partenaires: Vec<(String, Vec<Value>)> = Vec::new();
        for p in &a.partenaires {
            let secteur = p.secteur.as_deref().map_or("Autres partenaires".to_string(), |s| refs::secteurs().label(s));
            let item = context! { nom => p.nom, role => p.role };
            match partenaires.iter_mut().find(|(s, _)| *s == secteur) {
                Some((_, v)) => v.push(item),
                None => partenaires.push((secteur, vec![item])),
            }
        }
        let partenaires: Vec<Value> =
            partenaires.into_iter().map(|(s, v)| context! { secteur => s, partenaires => v }).collect();
        let indicateurs: Vec<Value> = a
            .indicateurs
            .iter()
            .map(|i| {
                let last = i.mesures.iter().rev().find_map(|m| m.valeur);
                let progression = match (last, i.cible) {
                    (Some(v), Some(c)) if c > 0.0 => Some(((v / c) * 100.0).round().clamp(0.0, 999.0) as i64),
                    _ => None,
                };
                // The diagnostic's series is this indicator's baseline.
                let diagnostic = i
                    .indicateur_diagnostic
                    .as_ref()
                    .and_then(|id| self.site.content.diagnostic.as_ref()?.indicator(id))
                    .map(|d| {
                        use crate::content::profile::compare;
                        let scale = compare::summary(d).scale;
                        let serie: Vec<Value> = d
                            .of(scale)
                            .map(|x| context! { periode => x.periode.text(), texte => compare::show(d, x), lieu => compare::place_name(x) })
                            .collect();
                        context! { libelle => d.libelle, url => self.url(&d.origin.path), serie => serie }
                    });
                context! {
                    libelle => i.libelle,
                    diagnostic => diagnostic,
                    nature => i.kind.map(IndicatorKind::label),
                    cible => i.cible.map(format::number),
                    unite => i.unite,
                    source => i.source,
                    progression => progression,
                    reference => i.reference.map(format::number),
                    date_reference => date(i.date_reference.as_ref().map(|d| d.v)),
                    tendance => {
                        let mut points: Vec<(NaiveDate, f64)> = i.mesures.iter().filter_map(|m| m.valeur.map(|x| (m.date.v, x))).collect();
                        if let (Some(r), Some(d)) = (i.reference, &i.date_reference) {
                            points.push((d.v, r));
                        }
                        points.sort_by_key(|p| p.0);
                        super::charts::trend(&points, i.cible)
                    },
                    mesures => i.mesures.iter().map(|m| context! { date => date(Some(m.date.v)), valeur => m.valeur.map(format::number), constat => m.constat, commentaire => m.commentaire }).collect::<Vec<_>>(),
                }
            })
            .collect();
        let ressources: Vec<Value> = a
            .ressources
            .iter()
            .filter_map(|id| self.site.content.service_index(&id.v))
            .map(|i| self.service_at(i))
            .collect();
        let evenements: Vec<Value> = a.evenements.iter().map(|e| self.event(e)).collect();
        context! {
            ..self.action_summary(a),
            ..context! {
                axe_url => axe.map(|x| self.url(&Route::Axe(&x.id).path())),
                axe_numero => axe.map(|x| x.numero),
                objectif => objectif.map(|o| context! { numero => o.numero, titre => o.titre }),
                date_maj => date(a.date_maj.as_ref().map(|d| d.v)),
                debut => date(a.debut),
                fin => date(a.fin),
                pilotes => a.pilotes,
                copilotes => a.copilotes,
                communes => communes,
                tout_le_territoire => a.communes.is_empty(),
                territoire_precisions => a.territoire_precisions,
                publics => self.codes(refs::publics(), &a.publics, false),
                publics_precisions => a.publics_precisions,
                types_action => self.codes(refs::types_action(), &a.types_action, false),
                determinants => self.codes(refs::determinants(), &a.determinants, false),
                interventions => self.codes(refs::interventions(), &a.interventions, false),
                participation => self.codes(refs::participation(), &a.participation, false),
                donnees_ists => a.donnees_ists,
                contrat_de_ville => a.contrat_de_ville,
                partenaires => partenaires,
                indicateurs => indicateurs,
                constats => a.constats.iter().filter_map(|id| self.site.content.diagnostic.as_ref()?.finding(id)).map(|f| context! { titre => f.titre, url => self.url(&f.origin.path) }).collect::<Vec<_>>(),
                ressources => ressources,
                evenements => evenements,
                etapes => a.etapes.iter().map(|e| context! {
                    titre => e.titre,
                    debut => date(e.debut),
                    fin => date(e.fin),
                    statut => e.statut.map(|s| s.label()),
                    statut_code => e.statut.map(|s| s.code()),
                }).collect::<Vec<_>>(),
                // Newest first: what a reader wants to know is where the action stands now.
                bilans => a.bilans.iter().rev().map(|b| context! {
                    date => date(Some(b.date.v)),
                    statut => b.statut.v.label(),
                    statut_code => b.statut.v.code(),
                    texte => b.texte,
                    suite => b.suite,
                }).collect::<Vec<_>>(),
                suivi_url => self.url(&Route::FollowUp.path()),
                financement => a.financement.as_ref().map(|f| context! {
                    montant => f.montant.map(format::number),
                    financeurs => f.financeurs,
                    precisions => f.precisions,
                }),
                contenu => self.html(&a.origin.path),
                facile_url => self.twin_url(&a.origin.path),
            }
        }
    }

    pub fn event(&self, e: &crate::content::Evenement) -> Value {
        let when = |w: &crate::content::reader::When| {
            let t = w.time.map(|t| {
                let s = t.format("%H:%M").to_string();
                let (h, m) = s.split_once(':').unwrap_or((&s, "00"));
                let h = h.trim_start_matches('0');
                let h = if h.is_empty() { "0" } else { h };
                if m == "00" { format!("{h} h") } else { format!("{h} h {m}") }
            });
            context! { date => date(Some(w.date)), heure => t, iso => match (w.time, w.offset_min) {
                (Some(t), Some(o)) => format!("{}T{}{}", w.date, t.format("%H:%M"), offset(o)),
                (Some(t), None) => format!("{}T{}", w.date, t.format("%H:%M")),
                _ => w.date.to_string(),
            } }
        };
        context! {
            titre => e.titre,
            debut => when(&e.debut),
            fin => e.fin.as_ref().map(when),
            meme_jour => e.fin.as_ref().is_none_or(|f| f.date == e.debut.date),
            lieu => e.lieu,
            commune => e.commune.as_ref().and_then(|c| self.site.config.commune(c)).map(|c| c.nom.as_str()),
            description => e.description,
            lien => e.lien,
        }
    }

    pub fn service_summary(&self, s: &Service) -> Value {
        let c = &self.site.content;
        let commune = service_lieu(c, s)
            .and_then(|l| l.commune.clone())
            .or_else(|| service_commune(c, s).and_then(|code| self.site.config.commune(code)).map(|x| x.nom.clone()));
        let position = crate::content::query::service_position(&self.site.config, c, s);
        context! {
            id => s.id.v,
            titre => s.titre,
            sigle => s.sigle,
            url => self.url(&s.origin.path),
            // For "near me": the service's place, else its commune's centre.
            latitude => position.map(|p| p.latitude),
            longitude => position.map(|p| p.longitude),
            resume => s.resume,
            commune => commune,
            telephone => s.telephone.as_ref().or_else(|| self.structure_of(s).and_then(|st| st.telephone.as_ref())).map(|t| display_phone(t)),
            dispositif => s.dispositif.as_deref().map(|d| refs::dispositifs().label(d)),
            thematiques => self.codes(refs::thematiques(), &s.thematiques, true),
        }
    }

    fn structure_of(&self, s: &Service) -> Option<&'a Structure> {
        s.structure.as_ref().and_then(|id| self.site.content.structure(id))
    }

    /// The `i`-th service of the model, as its page shows it.
    pub fn service(&self, i: usize) -> Value {
        let s = &self.site.content.services[i];
        let st = self.structure_of(s);
        let lieu = service_lieu(&self.site.content, s);
        let telephone = s.telephone.as_ref().or_else(|| st.and_then(|x| x.telephone.as_ref()));
        let horaires = s.horaires_accueil.as_ref().or_else(|| st.and_then(|x| x.horaires_accueil.as_ref()));
        let courriel = s.courriel.as_ref().or_else(|| st.and_then(|x| x.courriel.as_ref()));
        let site_web = s.site_web.as_ref().or_else(|| st.and_then(|x| x.site_web.as_ref()));
        let cfg = &self.site.config;
        let communes: Vec<Value> = self
            .site
            .served
            .communes_of(i)
            .map(|x| &cfg.communes[x])
            .map(|c| context! { nom => c.nom, url => self.url(&Route::Commune(&c.code).path()) })
            .collect();
        let users = self.users.get_or_init(|| {
            let mut users: HashMap<&str, Vec<usize>> = HashMap::new();
            for (i, a) in self.site.content.actions.iter().enumerate() {
                for r in &a.ressources {
                    users.entry(r.v.as_str()).or_default().push(i);
                }
            }
            users
        });
        let actions: Vec<Value> =
            users.get(s.id.v.as_str()).into_iter().flatten().map(|&i| self.action_at(i)).collect();
        let glossaire = self.site.content.glossary.iter().find(|t| t.voir.as_ref().is_some_and(|v| v.v == s.id.v));
        let dispositif = s.dispositif.as_deref().and_then(|d| refs::dispositifs().get(d));
        context! {
            ..self.service_summary(s),
            ..context! {
                alias => s.alias,
                // Former names that the page does not already show.
                anciens_noms => dispositif.map(|d| d.ex.iter().filter(|n| !s.titre.contains(n.as_str()) && s.sigle.as_deref() != Some(n.as_str())).cloned().collect::<Vec<_>>()).unwrap_or_default(),
                glossaire => glossaire.map(|t| context! { nom => t.nom, definition => t.definition, url => self.url(&Route::Term(&t.anchor()).path()) }),
                structure => st.map(|x| context! { titre => x.titre, url => self.url(&x.origin.path) }),
                porteur => s.porteur,
                nature => s.kind.map(TypeService::label),
                publics => self.codes(refs::publics(), &s.publics, false),
                publics_precisions => s.publics_precisions,
                conditions_acces => s.conditions_acces,
                frais => s.frais.map(Frais::label),
                frais_precisions => s.frais_precisions,
                modes_accueil => s.modes_accueil.iter().map(|m| m.label()).collect::<Vec<_>>(),
                mobilisable_par => s.mobilisable_par.iter().map(|m| m.label()).collect::<Vec<_>>(),
                modes_mobilisation => s.modes_mobilisation.iter().map(|m| m.label()).collect::<Vec<_>>(),
                mobilisation_precisions => s.mobilisation_precisions,
                lien_mobilisation => s.lien_mobilisation,
                telephone_lien => telephone.map(|t| format!("tel:{}", tel_href(t))),
                telephone => telephone.map(|t| display_phone(t)),
                courriel => courriel,
                site_web => site_web,
                accessibilite_lieu => s.accessibilite_lieu,
                horaires => horaires.map(|h| context! {
                    brut => h,
                    lignes => crate::hours::describe(h),
                    semaine => week_json(h),
                }),
                lieu => lieu.map(|l| context! {
                    adresse => l.adresse,
                    complement => l.complement_adresse,
                    code_postal => l.code_postal,
                    commune => l.commune,
                    latitude => l.latitude,
                    longitude => l.longitude,
                }),
                communes_servies => communes,
                tout_le_territoire => communes.len() == cfg.communes.len() && !cfg.communes.is_empty(),
                actions => actions,
                date_maj => date(s.date_maj.as_ref().map(|d| d.v)),
                contenu => self.html(&s.origin.path),
                facile_url => self.twin_url(&s.origin.path),
                // Base64 and a fixed prefix: nothing to escape.
                qr_url => self.site.qr.uri(&s.origin.path).map(|u| Value::from_safe_string(u.to_string())),
                adresse_absolue => format!("{}{}", cfg.url, s.origin.path),
            }
        }
    }

    pub fn structure(&self, st: &Structure) -> Value {
        let services = super::pick(
            &self.site.content.services,
            |i| self.service_at(i),
            |s| s.structure.as_ref().is_some_and(|x| x.v == st.id.v),
        );
        context! {
            titre => st.titre,
            sigle => st.sigle,
            url => self.url(&st.origin.path),
            siret => st.siret,
            telephone => st.telephone.as_deref().map(display_phone),
            telephone_lien => st.telephone.as_ref().map(|t| format!("tel:{}", tel_href(t))),
            courriel => st.courriel,
            site_web => st.site_web,
            horaires => st.horaires_accueil.as_ref().map(|h| context! { brut => h, lignes => crate::hours::describe(h) }),
            lieu => st.lieu.as_ref().map(|l| context! { adresse => l.adresse, complement => l.complement_adresse, code_postal => l.code_postal, commune => l.commune }),
            date_maj => date(st.date_maj.as_ref().map(|d| d.v)),
            services => services,
            contenu => self.html(&st.origin.path),
            facile_url => self.twin_url(&st.origin.path),
        }
    }

    pub fn page(&self, p: &Page) -> Value {
        context! {
            titre => if p.titre.is_empty() { self.site.config.titre.as_str() } else { p.titre.as_str() },
            url => self.url(&p.origin.path),
            chemin => p.origin.path,
            resume => p.resume,
            date => date(p.date),
            date_maj => date(p.date_maj),
            contenu => self.html(&p.origin.path),
            facile_url => self.twin_url(&p.origin.path),
        }
    }

    pub fn term(&self, t: &Term) -> Value {
        let voir = t.voir.as_ref().and_then(|v| self.site.content.service(v));
        context! {
            sigle => t.sigle.as_ref().map(|s| s.v.as_str()),
            nom => t.nom,
            definition => t.definition,
            aussi => t.aussi,
            ancre => t.anchor(),
            voir => voir.map(|s| context! { titre => s.titre, url => self.url(&s.origin.path) }),
        }
    }

    pub fn twin(&self, t: &Twin, original_title: &str) -> Value {
        context! {
            titre => t.titre.as_deref().unwrap_or(original_title),
            resume => t.resume,
            url => self.url(&t.origin.path),
            original_url => self.url(&t.of),
            themes => self.themes_of(&t.of),
            logo => t.logo_allowed(),
            relu_par => t.relu_par,
            date_relecture => date(t.date_relecture),
            contenu => self.html(&t.origin.path),
        }
    }
}

/// The weekly schedule as the « ouvert maintenant » script reads it: `{"j": [...7 days], "f": PH off}`.
fn week_json(hours: &str) -> Option<String> {
    let (week, ph_off) = crate::hours::weekly(hours)?;
    Some(serde_json::json!({ "j": week, "f": ph_off }).to_string())
}

fn offset(min: i32) -> String {
    if min == 0 {
        return "Z".into();
    }
    let sign = if min < 0 { '-' } else { '+' };
    format!("{sign}{:02}:{:02}", min.abs() / 60, min.abs() % 60)
}
