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
/// Pure numbers of one or two digits (list numbers, phone pairs) are dropped, and so are words
/// that [`Word::kept`] refuses.
///
/// Every word of every page comes through here (33 MB of text at 10 000 pages), so it reads
/// bytes, not characters: ASCII and Latin-1 are classed directly, and only the rest is decoded
/// and classed by Unicode's tables. Length, digits and capitals are counted in the same
/// pass. The tests hold it to the plain version it replaced, character by character.
pub fn words(text: &str) -> impl Iterator<Item = Cow<'_, str>> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        loop {
            // Skip to the next letter or digit; a dot cannot start a word (it joins two digits).
            let start = loop {
                let b = *bytes.get(at)?;
                if b.is_ascii() {
                    if ASCII[b as usize] != OTHER {
                        break at;
                    }
                    at += 1;
                    continue;
                }
                let (c, len) = char_at(bytes, text, at)?;
                if is_word_char(c) {
                    break at;
                }
                at += len;
            };
            let mut word = Word::default();
            let mut prev_numeric = false;
            while let Some(&b) = bytes.get(at) {
                if b.is_ascii() {
                    let class = ASCII[b as usize];
                    if class != OTHER {
                        word.push_ascii(class);
                        prev_numeric = class == DIGIT;
                        at += 1;
                        continue;
                    }
                    if b == b'.' && prev_numeric && char_at(bytes, text, at + 1).is_some_and(|(n, _)| is_numeric(n)) {
                        word.push('.');
                        prev_numeric = false;
                        at += 1;
                        continue;
                    }
                    break;
                }
                let Some((c, len)) = char_at(bytes, text, at) else { break };
                if !is_word_char(c) {
                    break;
                }
                word.push(c);
                prev_numeric = is_numeric(c);
                at += len;
            }
            let w = &text[start..at];
            if word.kept() {
                return Some(if word.upper { Cow::Owned(w.to_lowercase()) } else { Cow::Borrowed(w) });
            }
        }
    })
}

/// The classes of ASCII bytes, one lookup each: most of a French text is ASCII. Classing each
/// byte as a `char` (letter? digit? capital? outside the basic plane?) made the cutting into
/// words of a 1 000-page build into an empty folder 168 M instructions, 146 M this way
/// (callgrind, the maps that number the words included).
const OTHER: u8 = 0;
const LOWER: u8 = 1;
const UPPER: u8 = 2;
const DIGIT: u8 = 3;
const ASCII: [u8; 128] = {
    let mut t = [OTHER; 128];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        t[i] = if b.is_ascii_lowercase() {
            LOWER
        } else if b.is_ascii_uppercase() {
            UPPER
        } else if b.is_ascii_digit() {
            DIGIT
        } else {
            OTHER
        };
        i += 1;
    }
    t
};

/// The character at byte `at` and its length in bytes, ASCII first.
#[inline]
fn char_at(bytes: &[u8], text: &str, at: usize) -> Option<(char, usize)> {
    let b = *bytes.get(at)?;
    if b.is_ascii() {
        return Some((b as char, 1));
    }
    let c = text[at..].chars().next()?;
    Some((c, c.len_utf8()))
}

/// Latin-1 letters (`à`…`ÿ`, `À`…`Þ`), the accented letters of French text: every one is a
/// letter but `×` and `÷`, none a digit; classed here rather than by Unicode's tables.
#[inline]
fn latin1_letter(c: char) -> Option<bool> {
    matches!(c, '\u{c0}'..='\u{ff}').then_some(c != '×' && c != '÷')
}

#[inline]
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    if let Some(letter) = latin1_letter(c) {
        return letter;
    }
    // French text is full of no-break spaces, « », ’, — and …, each of which sent a search
    // through Unicode's tables: cutting 10 000 pages into words on one core took 190 ms, 172
    // with these shortcuts.
    match c {
        '\u{80}'..='\u{bf}' => matches!(c, 'ª' | '²' | '³' | 'µ' | '¹' | 'º' | '¼' | '½' | '¾'),
        // General punctuation: spaces, dashes, quotes, ellipsis; no letter or digit.
        '\u{2000}'..='\u{206f}' => false,
        _ => c.is_alphanumeric(),
    }
}

#[inline]
fn is_numeric(c: char) -> bool {
    if c.is_ascii() { c.is_ascii_digit() } else { latin1_letter(c).is_none() && c.is_numeric() }
}

/// What [`words`] learns of a word while reading it.
struct Word {
    chars: usize,
    digits: bool,
    upper: bool,
    astral: bool,
}

impl Default for Word {
    fn default() -> Self {
        Word { chars: 0, digits: true, upper: false, astral: false }
    }
}

impl Word {
    #[inline]
    fn push(&mut self, c: char) {
        self.chars += 1;
        self.digits &= c.is_ascii_digit();
        self.upper |= if c.is_ascii() {
            c.is_ascii_uppercase()
        } else if latin1_letter(c).is_some() {
            c <= '\u{de}' && c != '×'
        } else {
            c.is_uppercase()
        };
        // Outside the basic plane, JavaScript and Rust would sort the words differently.
        self.astral |= (c as u32) >= 0x10000;
    }

    /// [`Word::push`] for an ASCII letter or digit of class `class`.
    #[inline]
    fn push_ascii(&mut self, class: u8) {
        self.chars += 1;
        self.digits &= class == DIGIT;
        self.upper |= class == UPPER;
    }

    /// At most `MAX_WORD` characters, all in the basic plane, and not a number of one or two digits.
    fn kept(&self) -> bool {
        self.chars <= MAX_WORD && !self.astral && !(self.chars <= 2 && self.digits)
    }
}

/// [`Word::kept`] for a whole word, for the tests.
#[cfg(test)]
fn keep(w: &str) -> bool {
    let mut word = Word::default();
    w.chars().for_each(|c| word.push(c));
    word.kept()
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

    /// The shortcuts of `is_word_char` answer as Unicode's tables do.
    #[test]
    fn word_characters_are_unicode_letters_and_digits() {
        let ranges = [('\u{80}', '\u{2ff}'), ('\u{2000}', '\u{20cf}')];
        for (a, b) in ranges {
            for c in a..=b {
                assert_eq!(is_word_char(c), c.is_alphanumeric(), "U+{:04X} {c}", c as u32);
            }
        }
    }

    /// The plain version [`words`] replaced, character by character: the reference it must match.
    fn words_plain(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        let mut out = Vec::new();
        let mut cur = String::new();
        for (i, &c) in chars.iter().enumerate() {
            let inside = c.is_alphanumeric()
                || (c == '.' && i > 0 && chars[i - 1].is_numeric() && chars.get(i + 1).is_some_and(|n| n.is_numeric()));
            if inside {
                cur.push(c);
            } else if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        }
        if !cur.is_empty() {
            out.push(cur);
        }
        out.into_iter()
            .map(|w| if w.chars().any(char::is_uppercase) { w.to_lowercase() } else { w })
            .filter(|w| {
                let n = w.chars().count();
                n <= MAX_WORD
                    && w.chars().all(|c| (c as u32) < 0x10000)
                    && !(n <= 2 && w.chars().all(|c| c.is_ascii_digit()))
            })
            .collect()
    }

    #[test]
    fn words_match_the_plain_version_on_every_kind_of_character() {
        // Letters, capitals, accents (both cases), the two Latin-1 signs, digits of other scripts
        // (٣, ², ½), dots, a combining mark, astral characters, spaces and punctuation: every
        // triple, then long runs.
        let alphabet: Vec<char> = "aZéÉœßİ19٣²½., '\u{301}\u{1F600}𝔸-\u{a0}ǅ×÷ÞÿÀªµ¾".chars().collect();
        let mut texts: Vec<String> = Vec::new();
        for &a in &alphabet {
            for &b in &alphabet {
                for &c in &alphabet {
                    texts.push([a, b, c].iter().collect());
                }
            }
        }
        // A small deterministic generator: long texts with every character, and long words.
        let mut seed = 0x2545_f491_u32;
        for len in [5usize, 17, 41, 43, 90, 400] {
            for _ in 0..200 {
                let t: String = (0..len)
                    .map(|_| {
                        seed ^= seed << 13;
                        seed ^= seed >> 17;
                        seed ^= seed << 5;
                        alphabet[seed as usize % alphabet.len()]
                    })
                    .collect();
                texts.push(t);
            }
        }
        texts.push("Action 2.3.1, voir 1.1. Le 12.5 % et fin.".into());
        texts.push(format!("{} {}", "a".repeat(MAX_WORD), "é".repeat(MAX_WORD + 1)));
        for t in &texts {
            let fast: Vec<String> = words(t).map(Cow::into_owned).collect();
            assert_eq!(fast, words_plain(t), "{t:?}");
        }
    }

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
