//! No double negation: « vous ne pouvez pas ne pas venir », « sans ne rien payer ».

use crate::falc::text::{sentences, words};
use crate::falc::{Hit, Level, Page};

const PARTICLES: &[&str] = &["pas", "plus", "jamais", "rien", "personne", "aucun", "aucune", "guère", "nullement"];

pub fn check(p: &Page) -> Vec<Hit> {
    let mut out = Vec::new();
    for b in p.blocks {
        for s in sentences(&b.text) {
            let ws: Vec<String> = words(&b.text[s.start..s.end]).iter().map(|(_, w)| w.to_lowercase()).collect();
            let ne = ws.iter().filter(|w| *w == "ne" || w.starts_with("n'") || w.starts_with("n’")).count();
            let particles = ws.iter().filter(|w| PARTICLES.contains(&w.as_str())).count();
            let sans = ws.iter().any(|w| w == "sans");
            let negations =
                ne.min(particles) + usize::from(sans && ne > 0) + usize::from(ws.iter().any(|w| w == "non") && ne > 0);
            if negations >= 2 || (ne >= 1 && particles >= 2) {
                out.push(
                    Hit::new("double-negation", Level::Warning, b.source(s.start), "double négation".into())
                        .suggest("dites la même chose de façon positive : « vous devez venir »".into()),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::falc::rules::testing::flags;

    #[test]
    fn double_negations() {
        assert!(flags(check, "Vous ne pouvez pas ne pas venir."));
        assert!(flags(check, "Ce n'est pas sans risque que vous ne venez pas."));
        assert!(flags(check, "Il ne faut jamais rien payer."));
        assert!(!flags(check, "Vous ne payez pas."));
        assert!(!flags(check, "Vous venez sans rendez-vous."));
    }
}
