//! Active voice: « le médecin vous reçoit » rather than « vous êtes reçu par le médecin ».

use crate::falc::text::{sentences, words};
use crate::falc::{Hit, Level, Page};

const AUXILIARIES: &[&str] = &[
    "est", "sont", "était", "étaient", "sera", "seront", "été", "être", "soit", "soient", "êtes", "sommes", "es",
    "suis",
];
const ENDINGS: &[&str] =
    &["é", "ée", "és", "ées", "i", "ie", "is", "ies", "u", "ue", "us", "ues", "it", "ite", "its", "ites"];

fn participle(w: &str) -> bool {
    w.chars().count() > 3 && ENDINGS.iter().any(|e| w.ends_with(e))
}

pub fn check(p: &Page) -> Vec<Hit> {
    let mut out = Vec::new();
    for b in p.blocks {
        for s in sentences(&b.text) {
            let ws: Vec<(usize, String)> =
                words(&b.text[s.start..s.end]).iter().map(|(at, w)| (s.start + at, w.to_lowercase())).collect();
            for (i, (at, w)) in ws.iter().enumerate() {
                if !AUXILIARIES.contains(&w.as_str()) {
                    continue;
                }
                // auxiliary, maybe an adverb, a participle, then « par » within two words.
                let found = (i + 1..(i + 3).min(ws.len()))
                    .find(|j| participle(&ws[*j].1))
                    .is_some_and(|j| ws[j + 1..(j + 4).min(ws.len())].iter().any(|(_, x)| x == "par"));
                if found {
                    out.push(
                        Hit::new("voix-passive", Level::Warning, b.source(*at), "phrase à la voix passive".into())
                            .suggest("commencez par qui fait l'action : « le médecin vous reçoit »".into()),
                    );
                    break;
                }
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
    fn passive_voice_with_par() {
        assert!(flags(check, "Vous êtes reçu par le médecin."));
        assert!(flags(check, "Le projet est financé par l'agence."));
        assert!(flags(check, "La demande a été validée par la caisse."));
        assert!(!flags(check, "Le médecin vous reçoit."));
        assert!(!flags(check, "Le centre est gratuit."));
        assert!(
            !flags(check, "Le centre est ouvert par beau temps."),
            "ouvert ne finit pas comme un participe courant"
        );
    }
}
