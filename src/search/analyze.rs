//! French analysis of the words the index stores and the forms a reader types.
//!
//! Words are split and folded here by hand, so that the browser client can split and fold a
//! query exactly the same way (`recherche.js` mirrors [`words`] and [`fold`]). Stemming and stop
//! words come from tantivy's French pipeline and happen only at build time: the index ships a
//! table from every folded form seen in the content to its key, so the client never stems.

use std::borrow::Cow;
use std::collections::HashSet;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, RawTokenizer, Stemmer, StopWordFilter, TextAnalyzer, TokenStream,
};

/// Words longer than this (in characters) are noise: URLs, hashes, glued words.
pub const MAX_WORD: usize = 40;

/// Splits text into lower-case words: runs of letters and digits, where a dot between two digits
/// joins them (an action's number, `2.3.1`, is one word).
///
/// Pure numbers of one or two digits (list numbers, phone pairs) are dropped.
pub fn words(text: &str) -> impl Iterator<Item = Cow<'_, str>> + '_ {
    // One pass over the characters, looking one behind and one ahead for the joining dot: no
    // copy of the text as characters (the index reads every page's whole text through here).
    let mut chars = text.char_indices().peekable();
    let mut prev: Option<char> = None;
    std::iter::from_fn(move || {
        let mut start = None;
        while let Some((at, c)) = chars.next() {
            let inside = c.is_alphanumeric()
                || (c == '.'
                    && prev.is_some_and(char::is_numeric)
                    && chars.peek().is_some_and(|&(_, n)| n.is_numeric()));
            prev = Some(c);
            match (inside, start) {
                (true, None) => start = Some(at),
                (false, Some(s)) => return Some(&text[s..at]),
                _ => {}
            }
        }
        start.map(|s| &text[s..])
    })
    .map(|w| if w.chars().any(char::is_uppercase) { Cow::Owned(w.to_lowercase()) } else { Cow::Borrowed(w) })
    .filter(|w| keep(w))
}

/// Words of at most `MAX_WORD` characters, all in the basic plane, and not a number of one or two
/// digits. One pass: every word of every page comes through here.
fn keep(w: &str) -> bool {
    let (mut n, mut digits) = (0, true);
    for c in w.chars() {
        n += 1;
        // Outside the basic plane, JavaScript and Rust would sort the words differently.
        if n > MAX_WORD || (c as u32) >= 0x10000 {
            return false;
        }
        digits &= c.is_ascii_digit();
    }
    !(n <= 2 && digits)
}

pub use crate::text::fold;

/// Words of requests rather than of needs (« je cherche comment faire… »): ignored like stop words,
/// or they would outrank the need itself.
const REQUEST_WORDS: &[&str] = &[
    "faire", "fait", "fais", "trouver", "trouve", "cherche", "chercher", "besoin", "comment", "quoi", "veux",
    "voudrais", "peux", "dois", "où", "ou",
];

/// What a word becomes in the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Analysed {
    /// A stop word: never indexed, ignored in queries.
    Stop,
    /// The key postings are stored under.
    Key(String),
}

/// The French analyzer: stop words, Snowball stemmer, then accent folding.
///
/// Stemming comes before folding because Snowball's French rules read accents
/// (`abandonnée` stems to `abandon`, `abandonnee` to `abandonne`). A reader who types without
/// accents still finds the word: the index maps each folded form to its key.
pub struct Analyzer {
    pipeline: TextAnalyzer,
    /// Acronyms (folded): indexed as they are, never stemmed nor dropped.
    protected: HashSet<String>,
}

impl Analyzer {
    pub fn new(protected: impl IntoIterator<Item = String>) -> Self {
        let stop = StopWordFilter::new(Language::French).expect("liste de mots vides française de tantivy");
        let pipeline = TextAnalyzer::builder(RawTokenizer::default())
            .filter(stop)
            .filter(StopWordFilter::remove(REQUEST_WORDS.iter().map(|w| w.to_string())))
            .filter(Stemmer::new(Language::French))
            .filter(AsciiFoldingFilter)
            .build();
        Self { pipeline, protected: protected.into_iter().map(|p| fold(&p.to_lowercase())).collect() }
    }

    /// Analyses one lower-case word from [`words`].
    pub fn analyse(&self, word: &str) -> Analysed {
        let folded = fold(word);
        if self.protected.contains(&folded) {
            return Analysed::Key(folded);
        }
        // The pipeline holds no state between calls; cloning it is cheap (it shares its filters).
        let mut pipeline = self.pipeline.clone();
        let mut stream = pipeline.token_stream(word);
        match stream.next() {
            Some(token) if !token.text.is_empty() => Analysed::Key(token.text.clone()),
            _ => Analysed::Stop,
        }
    }

    pub fn is_protected(&self, folded: &str) -> bool {
        self.protected.contains(folded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_words_are_short_in_the_basic_plane_and_not_small_numbers() {
        let first = |w: &str| {
            let n = w.chars().count();
            n <= MAX_WORD
                && !(n <= 2 && w.chars().all(|c| c.is_ascii_digit()))
                && w.chars().all(|c| (c as u32) < 0x10000)
        };
        let long = "a".repeat(MAX_WORD);
        let longer = "é".repeat(MAX_WORD + 1);
        for w in ["", "1", "12", "123", "a", "1a", "é", "2.3", "\u{1F600}", "ok\u{1F600}", &long, &longer, "٣٤"] {
            assert_eq!(keep(w), first(w), "{w:?}");
        }
        assert!(keep("123") && keep(&long) && !keep("12") && !keep(&longer) && !keep("ok\u{1F600}"));
    }

    #[test]
    fn a_dot_between_digits_joins_them() {
        let w: Vec<String> = words("Action 2.3.1, voir 1.1. Le 12.5 % et fin.").map(|w| w.into_owned()).collect();
        assert_eq!(w, ["action", "2.3.1", "voir", "1.1", "le", "12.5", "et", "fin"]);
    }

    fn keys(a: &Analyzer, text: &str) -> Vec<String> {
        words(text)
            .filter_map(|w| match a.analyse(&w) {
                Analysed::Key(k) => Some(k),
                Analysed::Stop => None,
            })
            .collect()
    }

    #[test]
    fn splits_elisions_hyphens_and_drops_small_numbers() {
        let w: Vec<_> = words("L'accès aux soins à Saint-Étienne, 01 99 00 24000").collect();
        assert_eq!(w, ["l", "accès", "aux", "soins", "à", "saint", "étienne", "24000"]);
    }

    #[test]
    fn folds_french_accents_and_ligatures() {
        assert_eq!(fold("œuvre sœur à côté de l'éléphant"), "oeuvre soeur a cote de l'elephant");
        assert_eq!(fold("ÉTÉ"), "ÉTÉ", "folding expects lower case");
    }

    #[test]
    fn stems_before_folding_and_drops_stop_words() {
        let a = Analyzer::new([]);
        assert_eq!(keys(&a, "Renoncement aux soins"), ["renonc", "soin"]);
        assert_eq!(keys(&a, "santé sante"), ["sant", "sant"]);
        assert_eq!(keys(&a, "médecins généralistes"), ["medecin", "general"]);
        assert_eq!(keys(&a, "d'appui"), ["appui"]);
        assert_eq!(keys(&a, "je cherche comment me faire vacciner"), ["vaccin"]);
        assert_eq!(a.analyse("abandonnée"), Analysed::Key("abandon".into()));
    }

    #[test]
    fn acronyms_are_protected() {
        let plain = Analyzer::new([]);
        let a = Analyzer::new(["PASS".to_string(), "CMP".to_string()]);
        assert_eq!(plain.analyse("pass"), Analysed::Key("pass".into()));
        assert_eq!(plain.analyse("cpts"), Analysed::Key("cpt".into()), "Snowball strips the final s");
        assert_eq!(Analyzer::new(["CPTS".to_string()]).analyse("cpts"), Analysed::Key("cpts".into()));
        assert_eq!(a.analyse("cmp"), Analysed::Key("cmp".into()));
    }
}
