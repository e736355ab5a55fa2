//! The query algorithm of the browser client (`themes/defaut/assets/recherche.js`), in Rust.
//!
//! `portail search` runs it on a built site, and a browser test checks that both rank a set of
//! queries the same way. Keep the two in step: every rule here has its twin in the client.
//!
//! 1. The query is split and folded like the content ([`words`], [`fold`]). The last word is
//!    still being typed unless the query ends with a space or punctuation.
//! 2. Each word is looked up in the shard that covers it: a form names its keys, a key is itself,
//!    a stop word is ignored. The word being typed also matches the keys and forms it begins
//!    (at least 3 letters, at most 2 shards, 64 keys; weight 0.8). A word found nowhere falls back
//!    to its longest indexed beginning of at least 4 letters and 60 % of the word (weight 0.7).
//!    A word found nowhere is corrected: words within Damerau-Levenshtein distance 1 (2 from
//!    8 letters) that start with the same letter, in its shard from 6 letters, and in the
//!    vocabulary of names at any length (weight 0.5). When a query of several words has none
//!    found without correction, it finds nothing: only the corrections are offered.
//! 3. BM25F: the index stores each page's pseudo-frequency; a word scores
//!    `weight · idf · tf·(k1+1)/(tf+k1)`, its best key for each page. A page scores the sum over
//!    words, × its kind's prior, × 1.5 when every word matched its name.
//! 4. Rare words weigh more: a page first covers the query's information, the sum over the
//!    words it holds of `weight · idf²` (the word's idf from the pages of what was typed, its
//!    exact keys, else all its keys), then glossary entries after the other pages, then by score
//!    (to 10⁻⁶), then by number. An exact acronym or name of a directory service, or a glossary
//!    name that points to a service (`voir`), pins that page before all.

use super::analyze::{fold, words};
use super::format::{self, Card, FacetDocs, FormTarget, Meta, VocabEntry};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Reads an index file by name; the index lives in `public/recherche/index/`.
pub trait Source {
    fn read(&self, name: &str) -> Result<Vec<u8>, std::io::Error>;
}

/// Why the index could not be read: the file, and what went wrong with it.
#[derive(Debug)]
pub struct IndexError {
    /// The index file (`entree.json`, `meta.<hash>.json`…), or the folder when there is none.
    pub file: String,
    pub kind: IndexErrorKind,
}

#[derive(Debug)]
pub enum IndexErrorKind {
    /// No index in the output folder: the site was not built.
    Absent,
    Read(std::io::Error),
    /// Not gzip, not UTF-8, or not the JSON of its type.
    Format(String),
    /// Written by another version of the format.
    Version {
        found: u32,
        expected: u32,
    },
    /// A document the index points to is not in it.
    MissingDocument(usize),
}

impl std::fmt::Display for IndexError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let file = &self.file;
        match &self.kind {
            IndexErrorKind::Absent => {
                write!(f, "pas d'index de recherche dans {file} : lancez d'abord « portail build »")
            }
            IndexErrorKind::Read(e) => write!(f, "{file} : lecture impossible ({e})"),
            IndexErrorKind::Format(e) => write!(f, "{file} : fichier d'index illisible ({e}) : reconstruisez le site"),
            IndexErrorKind::Version { found, expected } => write!(
                f,
                "{file} : index de recherche au format {found} ; cette version de portail lit le format {expected} : reconstruisez le site"
            ),
            IndexErrorKind::MissingDocument(d) => write!(f, "{file} : document {d} absent de l'index"),
        }
    }
}

impl std::error::Error for IndexError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            IndexErrorKind::Read(e) => Some(e),
            _ => None,
        }
    }
}

fn err(file: &str, kind: IndexErrorKind) -> IndexError {
    IndexError { file: file.to_string(), kind }
}

/// Index files in a folder.
pub struct Folder(pub PathBuf);

impl Source for Folder {
    fn read(&self, name: &str) -> Result<Vec<u8>, std::io::Error> {
        std::fs::read(self.0.join(name))
    }
}

/// The index folder of a built site.
pub fn folder(public: &Path) -> Result<Folder, IndexError> {
    let dir = public.join(super::index::DIR);
    if !dir.join("entree.json").is_file() {
        return Err(err(&public.display().to_string(), IndexErrorKind::Absent));
    }
    Ok(Folder(dir))
}

/// Reads an index file as the type it holds; a file of another shape is an error, never zeros.
fn json<T: serde::de::DeserializeOwned>(source: &dyn Source, name: &str) -> Result<T, IndexError> {
    let bytes = source.read(name).map_err(|e| err(name, IndexErrorKind::Read(e)))?;
    let format = |e: String| err(name, IndexErrorKind::Format(e));
    let text = if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut out)
            .map_err(|e| format(e.to_string()))?;
        out
    } else {
        String::from_utf8(bytes).map_err(|e| format(e.to_string()))?
    };
    serde_json::from_str(&text).map_err(|e| format(e.to_string()))
}

/// A form's targets: `None` for a stop word.
type Targets = Option<Vec<String>>;

#[derive(Default)]
struct Shard {
    keys: BTreeMap<String, Vec<(u32, u32)>>,
    forms: BTreeMap<String, Targets>,
}

impl Shard {
    fn parse(v: format::Shard) -> Shard {
        let mut shard = Shard::default();
        for (k, flat) in v.k.into_iter().zip(v.p) {
            let mut doc = 0;
            let postings = flat
                .chunks(2)
                .filter(|c| c.len() == 2)
                .map(|c| {
                    doc += c[0];
                    (doc, c[1])
                })
                .collect();
            shard.keys.insert(k, postings);
        }
        for (f, g) in v.f.into_iter().zip(v.g) {
            let t = match g {
                FormTarget::Key(k) => Some(vec![k]),
                FormTarget::Keys(ks) => Some(ks),
                FormTarget::Stop(_) => None,
            };
            shard.forms.insert(f, t);
        }
        shard
    }
}

/// One ranked result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub doc: usize,
    pub path: String,
    pub title: String,
    pub kind: String,
}

/// A query, with what the reader chose in the facets (`("thematique", "sante-mentale")`).
#[derive(Debug, Default, Clone)]
pub struct Query {
    pub text: String,
    pub filters: Vec<(String, String)>,
}

/// The client's algorithm over a built index.
pub struct Engine<'s> {
    source: &'s dyn Source,
    meta: Meta,
    firsts: Vec<String>,
    shards: HashMap<usize, Shard>,
    vocab: Option<Vec<(String, String)>>,
}

const WEIGHT_PREFIX: f64 = 0.8;
const WEIGHT_STEM: f64 = 0.7;
const WEIGHT_TYPO: f64 = 0.5;
/// Words this long may be corrected to any word of the index; shorter ones only to names.
const MIN_TYPO_WORD: usize = 6;
const MAX_PREFIX_KEYS: usize = 64;

impl<'s> Engine<'s> {
    /// Opens the index through the meta file named in `entree.json`.
    pub fn open(source: &'s dyn Source) -> Result<Self, IndexError> {
        let entry: format::Entry = json(source, "entree.json")?;
        let meta: Meta = json(source, &entry.meta)?;
        if meta.v != format::VERSION {
            return Err(err(&entry.meta, IndexErrorKind::Version { found: meta.v, expected: format::VERSION }));
        }
        let firsts = meta.shards.iter().map(|s| s.0.clone()).collect();
        Ok(Engine { source, meta, firsts, shards: HashMap::new(), vocab: None })
    }

    fn shard_of(&self, term: &str) -> usize {
        // The last shard whose first term is not after `term`.
        self.firsts.partition_point(|f| f.as_str() <= term).saturating_sub(1)
    }

    fn shard(&mut self, i: usize) -> &Shard {
        if !self.shards.contains_key(&i) {
            // A shard that cannot be read finds nothing; `open` has checked the format.
            let shard = match self.meta.shards.get(i) {
                Some(s) => json(self.source, &s.1).map(Shard::parse).unwrap_or_default(),
                None => Shard::default(),
            };
            self.shards.insert(i, shard);
        }
        &self.shards[&i]
    }

    fn postings(&mut self, key: &str) -> Vec<(u32, u32)> {
        let i = self.shard_of(key);
        self.shard(i).keys.get(key).cloned().unwrap_or_default()
    }

    /// `None`: a stop word. Otherwise the keys the word is an exact form of (maybe none).
    fn exact(&mut self, w: &str) -> Option<Vec<String>> {
        let i = self.shard_of(w);
        let shard = self.shard(i);
        if let Some(t) = shard.forms.get(w) {
            return t.clone();
        }
        Some(if shard.keys.contains_key(w) { vec![w.to_string()] } else { Vec::new() })
    }

    fn prefixed(&mut self, w: &str) -> Vec<String> {
        let mut found: Vec<String> = Vec::new();
        let first = self.shard_of(w);
        let mut i = first;
        while i < self.firsts.len() && i < first + 2 && (i == first || self.firsts[i].starts_with(w)) {
            let shard = self.shard(i);
            let keys = shard.keys.range(w.to_string()..).take_while(|(k, _)| k.starts_with(w)).map(|(k, _)| k.clone());
            let forms = shard
                .forms
                .range(w.to_string()..)
                .take_while(|(f, _)| f.starts_with(w))
                .filter_map(|(_, t)| t.clone())
                .flatten();
            found.extend(keys.chain(forms).filter(|k| k != w));
            i += 1;
        }
        found.sort();
        found.dedup();
        found.truncate(MAX_PREFIX_KEYS);
        found
    }

    fn stem_fallback(&mut self, w: &str) -> Option<String> {
        let chars: Vec<char> = w.chars().collect();
        let min = 4.max((chars.len() * 6).div_ceil(10));
        (min..chars.len()).rev().map(|l| chars[..l].iter().collect::<String>()).find(|p| {
            let i = self.shard_of(p);
            self.shard(i).keys.contains_key(p)
        })
    }

    fn typos(&mut self, w: &str) -> (Vec<String>, Option<String>) {
        let n = w.chars().count();
        let max = if n >= 8 { 2 } else { 1 };
        let mut candidates: Vec<(String, Vec<String>)> = Vec::new();
        // A short word is corrected only to a name (`cpst` → CPTS): among short words, a real
        // word absent from the site is too often one letter from another (`rouge`, `route`).
        if n >= MIN_TYPO_WORD {
            let i = self.shard_of(w);
            let shard = self.shard(i);
            candidates.extend(shard.keys.keys().map(|k| (k.clone(), vec![k.clone()])));
            candidates.extend(shard.forms.iter().filter_map(|(f, t)| t.clone().map(|t| (f.clone(), t))));
        }
        if self.vocab.is_none() {
            let list: Vec<VocabEntry> = json(self.source, &self.meta.vocab).unwrap_or_default();
            self.vocab = Some(
                list.iter()
                    .map(|e| {
                        let (f, k) = e.pair();
                        (f.to_string(), k.to_string())
                    })
                    .collect(),
            );
        }
        candidates.extend(self.vocab.iter().flatten().map(|(f, k)| (f.clone(), vec![k.clone()])));
        let mut best = max + 1;
        let mut keys: Vec<String> = Vec::new();
        let mut suggestion: Option<String> = None;
        let first = w.chars().next();
        for (text, targets) in candidates {
            // As spelling checkers do (Lucene's minimum prefix of 1): the first letter is kept.
            if text.chars().count().abs_diff(n) > max || text == w || text.chars().next() != first {
                continue;
            }
            let d = distance(w, &text);
            if d > max {
                continue;
            }
            if d < best {
                best = d;
                keys.clear();
                suggestion = None;
            }
            if d == best {
                if suggestion.as_ref().is_none_or(|s| text < *s) {
                    suggestion = Some(text);
                }
                keys.extend(targets);
            }
        }
        keys.sort();
        keys.dedup();
        (keys, suggestion)
    }

    /// Ranks every matching page, best first.
    pub fn search(&mut self, q: &Query) -> Outcome {
        let text = q.text.trim_start();
        let partial = text.chars().last().is_some_and(char::is_alphanumeric);
        let mut ws: Vec<String> = Vec::new();
        for w in words(text).map(|w| fold(&w)) {
            if !ws.contains(&w) {
                ws.push(w);
            }
        }
        let n = f64::from(self.meta.n);
        let k1 = self.meta.k1;
        let scale = self.meta.tf;
        let mut terms: Vec<BTreeMap<String, f64>> = Vec::new();
        let mut exact_seq: Vec<String> = Vec::new();
        let mut all_exact = true;
        let mut suggestions = Vec::new();
        let mut certain = false;
        let mut searched = 0;
        let last = ws.len().saturating_sub(1);
        for (i, w) in ws.iter().enumerate() {
            let Some(exact) = self.exact(w) else { continue };
            searched += 1;
            let mut cands: BTreeMap<String, f64> = exact.iter().map(|k| (k.clone(), 1.0)).collect();
            match exact.first() {
                Some(k) => exact_seq.push(k.clone()),
                None => all_exact = false,
            }
            if i == last && partial && w.chars().count() >= 3 {
                for k in self.prefixed(w) {
                    cands.entry(k).or_insert(WEIGHT_PREFIX);
                }
            }
            if cands.is_empty()
                && w.chars().count() >= 5
                && let Some(k) = self.stem_fallback(w)
            {
                cands.insert(k, WEIGHT_STEM);
            }
            let keys: Vec<String> = cands.keys().cloned().collect();
            let found: usize = keys.iter().map(|k| self.postings(k).len()).sum();
            if found == 0 && w.chars().count() >= 4 {
                let (keys, suggestion) = self.typos(w);
                for k in keys {
                    cands.entry(k).or_insert(WEIGHT_TYPO);
                }
                if let Some(s) = suggestion
                    && exact.is_empty()
                {
                    suggestions.push((w.clone(), s));
                }
            }
            if !cands.is_empty() {
                terms.push(cands);
                certain |= found > 0;
            }
        }
        // Every word only guessed (`voiture rouge`, two real words absent from the site, each
        // one letter from another word): the guesses are offered, no page is.
        if searched > 1 && !certain {
            terms.clear();
        }

        // Per page: the query's information it covers (the IDF of each word it holds, the word's
        // pages being those of all its keys), score, and whether each word matched the name.
        let mut pages: BTreeMap<u32, (f64, f64, usize)> = BTreeMap::new();
        for cands in &terms {
            // The word's rarity: the pages of what was typed (its exact keys), else of all its keys.
            let primary: Vec<&String> = cands.iter().filter(|(_, w)| **w == 1.0).map(|(k, _)| k).collect();
            let mut typed = std::collections::BTreeSet::new();
            for k in if primary.is_empty() { cands.keys().collect() } else { primary } {
                typed.extend(self.postings(k).into_iter().map(|(d, _)| d));
            }
            let df = typed.len() as f64;
            let word_idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
            // Per page: best score, name matched, weight of the best kind of match.
            let mut best: BTreeMap<u32, (f64, bool, f64)> = BTreeMap::new();
            for (key, weight) in cands {
                let postings = self.postings(key);
                let df = postings.len() as f64;
                let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
                for (doc, v) in postings {
                    let tf = f64::from(v >> 1) / scale;
                    let s = weight * idf * tf * (k1 + 1.0) / (tf + k1);
                    let e = best.entry(doc).or_insert((0.0, false, 0.0));
                    if s > e.0 {
                        e.0 = s;
                    }
                    e.1 |= v & 1 == 1;
                    e.2 = e.2.max(*weight);
                }
            }
            for (doc, (s, name, weight)) in best {
                let e = pages.entry(doc).or_insert((0.0, 0.0, 0));
                e.0 += weight * word_idf * word_idf;
                e.1 += s;
                e.2 += usize::from(name);
            }
        }
        let kinds: Vec<(usize, usize, f64, bool)> =
            self.meta.types.iter().map(|t| (t.2 as usize, t.3 as usize, t.4, t.0 == "sigle")).collect();
        let kind_of = |doc: usize| kinds.iter().find(|(s, e, _, _)| (*s..*e).contains(&doc));
        let prior = |doc: usize| kind_of(doc).map_or(1.0, |k| k.2);
        // A glossary entry comes after the pages that answer as much of the query: it explains a
        // word, they give the help behind it.
        let glossary = |doc: usize| kind_of(doc).is_some_and(|k| k.3);
        let pinned: Vec<u32> = if all_exact && !exact_seq.is_empty() {
            self.meta.best.get(&exact_seq.join(" ")).cloned().unwrap_or_default()
        } else {
            Vec::new()
        };
        let allowed = self.filter(&q.filters);
        let mut ranked: Vec<(u32, i64, bool, i64, usize)> = pages
            .into_iter()
            .filter(|(doc, _)| allowed.as_ref().is_none_or(|a| a.contains(doc)))
            .map(|(doc, (cover, score, names))| {
                let bonus = if names == terms.len() { 1.5 } else { 1.0 };
                let score = score * prior(doc as usize) * bonus;
                let pin = pinned.iter().position(|p| *p == doc).unwrap_or(usize::MAX);
                let cover = (cover * 1e6 + 0.5).floor() as i64;
                (doc, cover, glossary(doc as usize), (score * 1e6 + 0.5).floor() as i64, pin)
            })
            .collect();
        ranked.sort_by(|a, b| {
            a.4.cmp(&b.4).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)).then(b.3.cmp(&a.3)).then(a.0.cmp(&b.0))
        });
        Outcome { docs: ranked.into_iter().map(|r| r.0 as usize).collect(), suggestions }
    }

    /// Documents allowed by the chosen facet values: any value of a facet, every facet.
    fn filter(&mut self, filters: &[(String, String)]) -> Option<std::collections::BTreeSet<u32>> {
        if filters.is_empty() {
            return None;
        }
        let mut by_key: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (k, v) in filters {
            by_key.entry(k).or_default().push(v);
        }
        let mut allowed: Option<std::collections::BTreeSet<u32>> = None;
        for (key, values) in by_key {
            let mut set = std::collections::BTreeSet::new();
            if key == "type" {
                for t in self.meta.types.iter().filter(|t| values.contains(&t.0.as_str())) {
                    set.extend(t.2..t.3);
                }
            } else if let Some(facet) = self.meta.facets.iter().find(|f| f.key == key) {
                // An unreadable facet file lets nothing through: the filter is not silently dropped.
                let lists: FacetDocs = json(self.source, &facet.file).unwrap_or_default();
                for v in values {
                    let mut doc = 0;
                    for d in lists.get(v).into_iter().flatten() {
                        doc += d;
                        set.insert(doc);
                    }
                }
            }
            allowed = Some(match allowed {
                None => set,
                Some(a) => a.intersection(&set).copied().collect(),
            });
        }
        allowed
    }

    /// The card of a document: path, title and kind code.
    pub fn hit(&mut self, doc: usize) -> Result<Hit, IndexError> {
        let size = (self.meta.cards.size as usize).max(1);
        let name =
            self.meta.cards.files.get(doc / size).ok_or_else(|| err("meta", IndexErrorKind::MissingDocument(doc)))?;
        let cards: Vec<Card> = json(self.source, name)?;
        let card = cards.get(doc % size).ok_or_else(|| err(name, IndexErrorKind::MissingDocument(doc)))?;
        let kind = self.meta.types.get(card.2 as usize).map_or("", |t| t.0.as_str());
        Ok(Hit { doc, path: card.0.clone(), title: card.1.clone(), kind: kind.to_string() })
    }
}

/// Ranked documents, and corrections for words found only with a typo (`("pfidsas", "pfidass")`).
#[derive(Debug, Default)]
pub struct Outcome {
    pub docs: Vec<usize>,
    pub suggestions: Vec<(String, String)>,
}

/// Optimal string alignment distance: Levenshtein plus swaps of two neighbours.
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_swaps_as_one() {
        assert_eq!(distance("pfidsas", "pfidass"), 1);
        assert_eq!(distance("renoncemnt", "renoncement"), 1);
        assert_eq!(distance("abc", "abc"), 0);
        assert_eq!(distance("xqzwv", "sante"), 5);
    }
}
