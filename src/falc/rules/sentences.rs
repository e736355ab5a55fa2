//! Short sentences, one per line.

use crate::falc::text::{BlockKind, sentences, words};
use crate::falc::{Hit, Level, Page};

pub fn length(p: &Page) -> Vec<Hit> {
    let (warn, max) = (p.settings.phrase_conseil, p.settings.phrase_max);
    let mut out = Vec::new();
    for b in p.blocks {
        for s in sentences(&b.text) {
            let n = words(&b.text[s.start..s.end]).len();
            if n > warn {
                let level = if n > max { Level::Error } else { Level::Warning };
                let limit = if n > max { max } else { warn };
                out.push(
                    Hit::new(
                        "phrase-longue",
                        level,
                        b.source(s.start),
                        format!("phrase de {n} mots (plus de {limit})"),
                    )
                    .suggest(format!("coupez-la en phrases de {warn} mots au plus, une idée par phrase")),
                );
            }
        }
    }
    out
}

pub fn one_per_line(p: &Page) -> Vec<Hit> {
    let mut out = Vec::new();
    // A summary is one field on one line: it has no lines to go to.
    for b in p.blocks.iter().filter(|b| b.kind != BlockKind::Field) {
        let spans = sentences(&b.text);
        for w in spans.windows(2) {
            if !b.text[w[0].end..w[1].start].contains('\n') {
                out.push(
                    Hit::new(
                        "une-phrase-par-ligne",
                        Level::Error,
                        b.source(w[1].start),
                        "deux phrases sur la même ligne".into(),
                    )
                    .suggest("allez à la ligne après chaque phrase".into()),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::falc::rules::testing::{flags, run};

    #[test]
    fn long_sentences() {
        let long = "Le dispositif accompagne les personnes qui rencontrent des difficultés pour accéder aux soins dans le département.";
        assert!(flags(length, long));
        let very = "Le dispositif accompagne les personnes qui rencontrent des difficultés pour accéder aux soins et aux droits dans le département et dans la région.";
        assert_eq!(run(length, very)[0].level, Level::Error);
        assert!(!flags(length, "Vous pouvez venir sans rendez-vous."));
        assert!(!flags(length, "Le centre est ouvert le lundi.\nIl est fermé le dimanche."));
    }

    #[test]
    fn one_sentence_a_line() {
        assert!(flags(one_per_line, "Le centre est ouvert. Il est gratuit."));
        assert!(flags(one_per_line, "- Venez lundi. Apportez votre carte Vitale."));
        assert!(!flags(one_per_line, "Le centre est ouvert.\nIl est gratuit."));
        assert!(!flags(one_per_line, "M. Martin vous reçoit à 9 h 30."));
    }
}
