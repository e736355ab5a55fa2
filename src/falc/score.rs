//! Readability scores of a text: Kandel–Moles (French Flesch) and LIX.

use super::syllables;
use super::text::{sentences, words};
use serde::Serialize;

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Scores {
    pub mots: usize,
    pub phrases: usize,
    pub syllabes: usize,
    pub mots_longs: usize,
    /// 207 − 1,015 × mots/phrase − 73,6 × syllabes/mot: 90 et plus très facile, moins de 30 très difficile.
    pub kandel_moles: f64,
    /// mots/phrase + 100 × mots de plus de 6 lettres / mots: moins de 30 très facile, plus de 60 très difficile.
    pub lix: f64,
}

/// Counts over blocks of text (paragraphs, items…): each block ends its last sentence.
///
/// Like textstat, a sentence of one or two words (a heading, a label) is not counted as a
/// sentence, but its words are.
pub fn scores<'a>(blocks: impl IntoIterator<Item = &'a str>) -> Scores {
    let mut s = Scores::default();
    for text in blocks {
        for span in sentences(text) {
            let ws = words(&text[span.start..span.end]);
            if ws.len() > 2 {
                s.phrases += 1;
            }
            for (_, w) in ws {
                s.mots += 1;
                s.syllabes += syllables::count(w);
                if w.chars().filter(|c| c.is_alphabetic()).count() > 6 {
                    s.mots_longs += 1;
                }
            }
        }
    }
    if s.mots > 0 {
        let per_sentence = s.mots as f64 / s.phrases.max(1) as f64;
        s.kandel_moles = 207.0 - 1.015 * per_sentence - 73.6 * (s.syllabes as f64 / s.mots as f64);
        s.lix = per_sentence + 100.0 * s.mots_longs as f64 / s.mots as f64;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn easy_text_scores_high_and_administrative_text_low() {
        let easy = scores(["Vous avez mal aux dents. Vous pouvez voir un dentiste. Il vous aide."]);
        assert_eq!((easy.mots, easy.phrases), (13, 3));
        let hard = scores([
            "La contractualisation pluriannuelle des objectifs territoriaux mobilise conjointement l'ensemble des \
             institutions signataires afin d'améliorer l'accessibilité des dispositifs de prévention.",
        ]);
        assert!(easy.kandel_moles > 80.0, "{easy:?}");
        assert!(hard.kandel_moles < 30.0, "{hard:?}");
        assert!(easy.lix < 30.0 && hard.lix > 60.0, "{} {}", easy.lix, hard.lix);
    }
}
