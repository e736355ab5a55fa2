//! Builds the static index: term shards, result cards, facets and the meta file.
//!
//! Every file is JSON compressed with gzip and named by a hash of its content, so hosts can
//! cache it forever. The files are the types of [`super::format`], described in `docs/recherche.md`.

use super::analyze::{Analysed, Analyzer, fold, words};
use super::docs::{Doc, FACETS, FIELDS, Field, Kind};
use super::format::{
    self, Card, Cards, Facet, FacetDocs, FacetValue, FormTarget, KindRange, Meta, Shard, ShardRef, VocabEntry,
};
use crate::config::Config;
use crate::content::Content;
use crate::markdown::Plain;
use crate::route::Output;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Where the index lives, relative to the base URL.
pub const DIR: &str = "recherche/index/";
/// The only file with a fixed name: it names the meta file (for `portail search`).
pub const ENTRY: &str = "recherche/index/entree.json";
/// Uncompressed bytes per term shard: 8 to 15 KB once compressed.
const SHARD_BYTES: usize = 40_000;
/// Result cards per file.
pub const CARDS_PER_FILE: usize = 32;
/// Term frequencies are stored in tenths.
pub const TF_SCALE: f64 = 10.0;
/// An acronym or name pins at most this many pages first.
const MAX_BEST: usize = 3;

/// The built index: its files and the address of its meta file.
pub struct Index {
    pub outputs: Vec<Output>,
    /// Path of the meta file relative to the base URL.
    pub meta: String,
    pub docs: usize,
    /// Runs of documents cut into words again rather than taken from the cache.
    pub renumbered: usize,
}

/// One analysed document: per field, the key ids of its words in order.
type Analysed2 = super::numbered::Fields;

pub fn build(
    cfg: &Config,
    c: &Content,
    served: &crate::content::query::Served,
    plain: Cow<'_, BTreeMap<String, Plain>>,
    cache: Option<&std::path::Path>,
) -> Index {
    let mut docs = super::docs::collect(cfg, c, served, &plain);
    let analyzer = Analyzer::new(protected(c));

    // Each run of documents numbers its own distinct words (`numbered`), so a word is stored
    // once per run and each occurrence costs four bytes; every distinct word is then analysed
    // once. The long texts are dropped once numbered: only names are read again (the vocabulary).
    let (numbered, renumbered) = super::numbered::number(&docs, cache);
    docs.par_iter_mut().for_each(|d| {
        for f in [Field::Headings, Field::Summary, Field::Body, Field::Related] {
            d.fields[f as usize] = String::new();
        }
    });
    let (words_of, ids_of): (Vec<super::numbered::Words>, Vec<Vec<Analysed2>>) =
        numbered.into_iter().map(|n| (n.words, n.docs)).unzip();
    // A build gives the text away (30 MB at 10 000 pages): it goes while the pages are made.
    let docs: Vec<Doc> = docs.into_iter().map(Doc::without_text).collect();
    drop(plain);
    let distinct: BTreeSet<&str> = words_of.iter().flat_map(|w| w.iter()).collect();
    let distinct: Vec<&str> = distinct.into_iter().collect();
    let analysed: Vec<Analysed> = distinct.par_iter().map(|w| analyzer.analyse(w)).collect();

    let keys: Vec<String> = analysed
        .iter()
        .filter_map(|a| match a {
            Analysed::Key(k) => Some(k.clone()),
            Analysed::Stop => None,
        })
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let key_id: HashMap<&str, u32> = keys.iter().enumerate().map(|(i, k)| (k.as_str(), i as u32)).collect();
    let word_key: HashMap<&str, Option<u32>> = distinct
        .iter()
        .zip(&analysed)
        .map(|(w, a)| {
            let id = match a {
                Analysed::Key(k) => Some(key_id[k.as_str()]),
                Analysed::Stop => None,
            };
            (*w, id)
        })
        .collect();
    let forms = forms(&distinct, &analysed);

    let resolve = |text: &str| -> Vec<u32> {
        words(text)
            .filter_map(|w| match word_key.get(w.as_ref()) {
                Some(id) => *id,
                None => match analyzer.analyse(&w) {
                    Analysed::Key(k) => key_id.get(k.as_str()).copied(),
                    Analysed::Stop => None,
                },
            })
            .collect()
    };
    let mut fields: Vec<Analysed2> =
        words_of.par_iter().zip(ids_of).flat_map_iter(|(w, ids)| to_keys(w, ids, &word_key)).collect();
    let names = glossary_names(c, &docs, &resolve);
    expand_synonyms(&names, &mut fields);

    let postings = invert(fields, keys.len());
    let best = best_bets(c, &docs, &names, &resolve, &keys);

    let mut files = Files::default();
    let shards = shards(&keys, &postings, &forms, &mut files);
    let cards = cards(&docs, &mut files);
    let facets = facets(cfg, &docs, &mut files);
    let vocab = vocabulary(&docs, &word_key, &keys, &mut files);
    // Documents are numbered by kind: each kind is the id range [start, end).
    let types: Vec<KindRange> = Kind::ALL
        .iter()
        .map(|k| {
            let start = docs.iter().position(|d| d.kind >= *k).unwrap_or(docs.len());
            let end = docs.iter().position(|d| d.kind > *k).unwrap_or(docs.len());
            KindRange(k.code().into(), k.label().into(), start as u32, end as u32, k.prior())
        })
        .collect();
    let best = best.into_iter().map(|(k, v)| (k, v.into_iter().map(|d| d as u32).collect())).collect();
    let meta = Meta {
        best,
        cards: Cards { files: cards, size: CARDS_PER_FILE as u32 },
        facets,
        k1: 1.2,
        n: docs.len() as u32,
        shards,
        tf: TF_SCALE,
        types,
        v: format::VERSION,
        vocab,
    };
    let meta_name = files.add("m", &meta);
    let mut outputs = files.outputs;
    let entry = format::Entry { meta: meta_name.clone() };
    outputs.push(Output { path: ENTRY.into(), bytes: serde_json::to_vec(&entry).unwrap_or_default() });
    Index { outputs, meta: format!("{DIR}{meta_name}"), docs: docs.len(), renumbered }
}

/// Fields numbered by [`super::numbered`] as key ids, stop words dropped.
fn to_keys(
    words: &super::numbered::Words,
    docs: Vec<Analysed2>,
    word_key: &HashMap<&str, Option<u32>>,
) -> Vec<Analysed2> {
    let table: Vec<Option<u32>> = words.iter().map(|w| word_key[w]).collect();
    docs.into_iter()
        .map(|mut d| {
            for field in &mut d {
                field.retain_mut(|w| match table[*w as usize] {
                    Some(k) => {
                        *w = k;
                        true
                    }
                    None => false,
                });
            }
            d
        })
        .collect()
}

/// Acronyms of the glossary, the directory and the structures: never stemmed.
fn protected(c: &Content) -> Vec<String> {
    let sigles = c
        .glossary
        .iter()
        .filter_map(|t| t.sigle.as_ref().map(|s| &s.v))
        .chain(c.services.iter().filter_map(|s| s.sigle.as_ref()))
        .chain(c.structures.iter().filter_map(|s| s.sigle.as_ref()));
    sigles.flat_map(|s| words(s).map(Cow::into_owned).collect::<Vec<_>>()).collect()
}

/// Folded form → keys, for every form a reader may type that is not its own key.
/// A stop word wins: a form that is a stop word anywhere is ignored in queries.
fn forms(distinct: &[&str], analysed: &[Analysed]) -> BTreeMap<String, Option<BTreeSet<String>>> {
    let mut forms: BTreeMap<String, Option<BTreeSet<String>>> = BTreeMap::new();
    for (w, a) in distinct.iter().zip(analysed) {
        let form = fold(w);
        let entry = forms.entry(form).or_insert_with(|| Some(BTreeSet::new()));
        match a {
            Analysed::Stop => *entry = None,
            Analysed::Key(k) => {
                if let Some(set) = entry {
                    set.insert(k.clone());
                }
            }
        }
    }
    forms.retain(|form, targets| match targets {
        Some(set) => !(set.len() == 1 && set.contains(form)),
        None => true,
    });
    forms
}

/// A glossary entry as key sequences: its acronym, name and other names, and the page it points at.
struct Names {
    names: Vec<Vec<u32>>,
    target: Option<usize>,
}

fn glossary_names(c: &Content, docs: &[Doc], resolve: &impl Fn(&str) -> Vec<u32>) -> Vec<Names> {
    let by_path: HashMap<&str, usize> = docs.iter().enumerate().map(|(i, d)| (d.path.as_str(), i)).collect();
    c.glossary
        .iter()
        .map(|t| {
            let names = t
                .sigle
                .iter()
                .map(|s| s.v.as_str())
                .chain([t.nom.as_str()])
                .chain(t.aussi.iter().map(String::as_str))
                .map(resolve)
                .filter(|n| !n.is_empty())
                .collect();
            let target = t
                .voir
                .as_ref()
                .and_then(|id| c.service(&id.v))
                .and_then(|s| by_path.get(s.origin.path.as_str()).copied());
            Names { names, target }
        })
        .collect()
}

/// A page that mentions a glossary entry by one of its names is found by the others too;
/// the scheme's own page carries every name in its alias field.
fn expand_synonyms(names: &[Names], fields: &mut [Analysed2]) {
    fields.par_iter_mut().enumerate().for_each(|(doc, f)| {
        let mut related = Vec::new();
        let mut alias = Vec::new();
        for n in names {
            if n.target == Some(doc) {
                n.names.iter().for_each(|x| alias.extend_from_slice(x));
                continue;
            }
            let text = [Field::Title, Field::Alias, Field::Headings, Field::Summary, Field::Body];
            let mentions = n.names.iter().any(|name| text.iter().any(|t| contains(&f[*t as usize], name)));
            if mentions {
                n.names.iter().for_each(|x| related.extend_from_slice(x));
            }
        }
        f[Field::Alias as usize].extend(alias);
        f[Field::Related as usize].extend(related);
    });
}

fn contains(haystack: &[u32], needle: &[u32]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// Postings per key: (doc, value) with value = quantised BM25F pseudo-frequency × 2 + name flag.
/// Consumes the documents' words: each document's are freed once its postings are made.
fn invert(fields: Vec<Analysed2>, nkeys: usize) -> Vec<Vec<(u32, u32)>> {
    let n = fields.len().max(1) as f64;
    let avg: [f64; FIELDS] =
        std::array::from_fn(|f| (fields.iter().map(|d| d[f].len()).sum::<usize>() as f64 / n).max(1.0));
    let per_doc: Vec<Vec<(u32, u32)>> = fields
        .into_par_iter()
        .map(|d| {
            SUMS.with_borrow_mut(|sums| {
                sums.resize(nkeys);
                // Each key's weights are added in the order the words come (field by field,
                // word by word), as a map would add them, so the sums are the same to the last
                // bit. Added in place, in a table as long as the keys, only the keys met are then
                // sorted. A stable sort of every occurrence, before, cost 40 M instructions of a
                // 1 000-page build into an empty folder (callgrind).
                for field in Field::ALL {
                    let words = &d[field as usize];
                    if words.is_empty() {
                        continue;
                    }
                    let (w, b) = field.params();
                    let norm = 1.0 - b + b * words.len() as f64 / avg[field as usize];
                    for k in words {
                        sums.add(*k, w / norm, field.is_name());
                    }
                }
                sums.take()
            })
        })
        .collect();
    let mut postings = vec![Vec::new(); nkeys];
    for (doc, list) in per_doc.into_iter().enumerate() {
        for (k, v) in list {
            postings[k as usize].push((doc as u32, v));
        }
    }
    postings
}

thread_local! {
    static SUMS: std::cell::RefCell<Sums> = std::cell::RefCell::default();
}

/// One document's weights per key, as they are added: a slot per key of the site, and the keys
/// met, in the order met.
#[derive(Default)]
struct Sums {
    slots: Vec<(f64, bool)>,
    met: Vec<u32>,
}

impl Sums {
    fn resize(&mut self, nkeys: usize) {
        if self.slots.len() < nkeys {
            self.slots.resize(nkeys, (0.0, false));
        }
    }

    fn add(&mut self, key: u32, weight: f64, name: bool) {
        let slot = &mut self.slots[key as usize];
        // Weights are positive (`Field::params`): a slot at zero has not been met in this
        // document.
        debug_assert!(weight > 0.0);
        if slot.0 == 0.0 {
            self.met.push(key);
        }
        slot.0 += weight;
        slot.1 |= name;
    }

    /// The postings of the keys met, by key (quantised pseudo-frequency × 2 + name flag), and
    /// every slot back to zero.
    fn take(&mut self) -> Vec<(u32, u32)> {
        self.met.sort_unstable();
        let out = self
            .met
            .iter()
            .map(|&k| {
                let (t, name) = std::mem::take(&mut self.slots[k as usize]);
                (k, ((t * TF_SCALE).round() as u32).max(1) * 2 + u32::from(name))
            })
            .collect();
        self.met.clear();
        out
    }
}

/// Exact queries that pin a page first: acronyms, names and aliases, as joined key sequences.
fn best_bets(
    c: &Content,
    docs: &[Doc],
    names: &[Names],
    resolve: &impl Fn(&str) -> Vec<u32>,
    keys: &[String],
) -> BTreeMap<String, Vec<usize>> {
    let mut best: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let join = |seq: &[u32]| seq.iter().map(|k| keys[*k as usize].as_str()).collect::<Vec<_>>().join(" ");
    let mut add = |seq: &[u32], doc: usize| {
        if seq.is_empty() {
            return;
        }
        let list = best.entry(join(seq)).or_default();
        if !list.contains(&doc) {
            list.push(doc);
        }
    };
    // A glossary name pins the service it points to (`voir`), never its own definition: someone
    // who types an acronym mostly looks for the help behind it, and the services and actions that
    // use it rank before the entry that explains it (its kind's prior).
    for n in names {
        for name in &n.names {
            if let Some(doc) = n.target {
                add(name, doc);
            }
        }
    }
    let by_path: HashMap<&str, usize> = docs.iter().enumerate().map(|(i, d)| (d.path.as_str(), i)).collect();
    for s in &c.services {
        let Some(&doc) = by_path.get(s.origin.path.as_str()) else { continue };
        for name in s.sigle.iter().chain(&s.alias) {
            add(&resolve(name), doc);
        }
    }
    best.retain(|_, docs| docs.len() <= MAX_BEST);
    best
}

#[derive(Default)]
struct Files {
    outputs: Vec<Output>,
}

impl Files {
    /// Compresses a JSON value and stores it under `<prefix>.<hash>.bin`; returns the file name.
    fn add(&mut self, prefix: &str, value: &impl serde::Serialize) -> String {
        let (name, bytes) = pack(prefix, value);
        self.outputs.push(Output { path: format!("{DIR}{name}"), bytes });
        name
    }

    fn add_all(&mut self, packed: Vec<(String, Vec<u8>)>) -> Vec<String> {
        packed
            .into_iter()
            .map(|(name, bytes)| {
                self.outputs.push(Output { path: format!("{DIR}{name}"), bytes });
                name
            })
            .collect()
    }
}

fn pack(prefix: &str, value: &impl serde::Serialize) -> (String, Vec<u8>) {
    // Serialising plain data to memory cannot fail.
    let text = serde_json::to_vec(value).unwrap_or_default();
    let bytes = crate::gzip::compress(&text, crate::gzip::Level::Index);
    let hash = crate::diag::fnv1a(&bytes);
    (format!("{prefix}.{hash:016x}.bin"), bytes)
}

/// One entry of the sorted term space: a key with postings, or a form pointing at keys.
enum Entry<'a> {
    Key(&'a str, &'a [(u32, u32)]),
    Form(&'a str, &'a Option<BTreeSet<String>>),
}

impl Entry<'_> {
    fn text(&self) -> &str {
        match self {
            Entry::Key(t, _) | Entry::Form(t, _) => t,
        }
    }

    fn size(&self) -> usize {
        match self {
            Entry::Key(t, p) => t.len() + 4 + p.len() * 8,
            Entry::Form(t, g) => t.len() + 4 + g.as_ref().map_or(1, |s| s.iter().map(|k| k.len() + 3).sum()),
        }
    }
}

/// Cuts the sorted term space into shards of about [`SHARD_BYTES`]; returns `[first term, file]`.
fn shards(
    keys: &[String],
    postings: &[Vec<(u32, u32)>],
    forms: &BTreeMap<String, Option<BTreeSet<String>>>,
    files: &mut Files,
) -> Vec<ShardRef> {
    let mut entries: Vec<Entry> = keys.iter().zip(postings).map(|(k, p)| Entry::Key(k, p)).collect();
    entries.extend(forms.iter().map(|(f, g)| Entry::Form(f, g)));
    entries.sort_by(|a, b| a.text().cmp(b.text()));
    let mut groups: Vec<&[Entry]> = Vec::new();
    let (mut start, mut size) = (0, 0);
    for (i, e) in entries.iter().enumerate() {
        // Never split a form from a key of the same text: a lookup reads one shard.
        let same_text = i > 0 && entries[i - 1].text() == e.text();
        if size > 0 && size + e.size() > SHARD_BYTES && !same_text {
            groups.push(&entries[start..i]);
            start = i;
            size = 0;
        }
        size += e.size();
    }
    if start < entries.len() || groups.is_empty() {
        groups.push(&entries[start..]);
    }
    let packed: Vec<(String, (String, Vec<u8>))> = groups
        .par_iter()
        .map(|g| {
            let first = g.first().map(|e| e.text().to_string()).unwrap_or_default();
            (first, pack("t", &shard(g)))
        })
        .collect();
    let firsts: Vec<String> = packed.iter().map(|(f, _)| f.clone()).collect();
    let names = files.add_all(packed.into_iter().map(|(_, p)| p).collect());
    firsts
        .into_iter()
        .zip(names)
        .enumerate()
        .map(|(i, (f, n))| ShardRef(if i == 0 { String::new() } else { f }, n))
        .collect()
}

fn shard(entries: &[Entry]) -> Shard {
    let mut s = Shard::default();
    for e in entries {
        match e {
            Entry::Key(text, list) => {
                s.k.push(text.to_string());
                let mut flat = Vec::with_capacity(list.len() * 2);
                let mut last = 0;
                for (doc, v) in list.iter() {
                    flat.push(doc - last);
                    flat.push(*v);
                    last = *doc;
                }
                s.p.push(flat);
            }
            Entry::Form(text, targets) => {
                s.f.push(text.to_string());
                s.g.push(match targets {
                    None => FormTarget::Stop(0),
                    Some(set) if set.len() == 1 => FormTarget::Key(set.iter().next().cloned().unwrap_or_default()),
                    Some(set) => FormTarget::Keys(set.iter().cloned().collect()),
                });
            }
        }
    }
    s
}

/// Result cards in files of [`CARDS_PER_FILE`]: `[path, title, kind, summary, context, falc]`.
fn cards(docs: &[Doc], files: &mut Files) -> Vec<String> {
    let packed: Vec<(String, Vec<u8>)> = docs
        .par_chunks(CARDS_PER_FILE)
        .map(|chunk| {
            let cards: Vec<Card> = chunk
                .iter()
                .map(|d| {
                    let kind = d.kind as u32;
                    Card(d.path.clone(), d.title.clone(), kind, d.summary.clone(), d.context.clone(), d.falc.clone())
                })
                .collect();
            pack("c", &cards)
        })
        .collect();
    files.add_all(packed)
}

/// Facet values with labels and counts in the meta; which documents have them in one file per facet.
fn facets(cfg: &Config, docs: &[Doc], files: &mut Files) -> Vec<Facet> {
    let mut out = Vec::new();
    for (key, label) in FACETS {
        let mut values: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
        for (i, d) in docs.iter().enumerate() {
            for (_, v) in d.facets.iter().filter(|(k, _)| *k == key) {
                let list = values.entry(v).or_default();
                if list.last() != Some(&(i as u32)) {
                    list.push(i as u32);
                }
            }
        }
        if values.is_empty() {
            continue;
        }
        let value_label = |code: &str| match key {
            "thematique" => crate::referentiels::thematiques().label(code),
            "public" => crate::referentiels::publics().label(code),
            "statut" => crate::referentiels::statuts().label(code),
            _ => cfg.commune(code).map_or_else(|| code.to_string(), |c| c.nom.clone()),
        };
        let mut listed: Vec<(String, &str, usize)> =
            values.iter().map(|(code, docs)| (value_label(code), *code, docs.len())).collect();
        listed.sort_by_cached_key(|a| (crate::slug::slugify(&a.0), a.1));
        let deltas: FacetDocs = values
            .iter()
            .map(|(code, docs)| {
                let mut last = 0;
                (code.to_string(), docs.iter().map(|d| std::mem::replace(&mut last, *d).abs_diff(*d)).collect())
            })
            .collect();
        let file = files.add("f", &deltas);
        let values = listed.into_iter().map(|(l, code, n)| FacetValue(code.into(), l, n as u32)).collect();
        out.push(Facet { file, key: key.into(), label: label.into(), values });
    }
    out
}

/// Folded words of names (titles, aliases, tags, places) with their keys: where typos are fixed.
/// Reads the words already split and analysed for the postings.
fn vocabulary(docs: &[Doc], word_key: &HashMap<&str, Option<u32>>, keys: &[String], files: &mut Files) -> String {
    let mut vocab: BTreeMap<String, &str> = BTreeMap::new();
    let fields = [Field::Title, Field::Alias, Field::Tags, Field::Places];
    for doc in docs {
        for f in fields {
            for w in words(&doc.fields[f as usize]).filter(|w| w.chars().count() >= 4) {
                if let Some(Some(k)) = word_key.get(w.as_ref()) {
                    vocab.entry(fold(&w)).or_insert(&keys[*k as usize]);
                }
            }
        }
    }
    let list: Vec<VocabEntry> = vocab
        .into_iter()
        .map(|(form, key)| if form == key { VocabEntry::Same(form) } else { VocabEntry::Other(form, key.into()) })
        .collect();
    files.add("v", &list)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The postings as the sort of every occurrence made them: each key's weights added in
    /// the order met, field by field.
    fn invert_by_sorting(fields: &[Analysed2]) -> Vec<Vec<(u32, u32)>> {
        let n = fields.len() as f64;
        let avg: [f64; FIELDS] =
            std::array::from_fn(|f| (fields.iter().map(|d| d[f].len()).sum::<usize>() as f64 / n).max(1.0));
        let mut postings: Vec<Vec<(u32, u32)>> = Vec::new();
        for (doc, d) in fields.iter().enumerate() {
            let mut hits: Vec<(u32, f64, bool)> = Vec::new();
            for field in Field::ALL {
                let words = &d[field as usize];
                let (w, b) = field.params();
                let norm = 1.0 - b + b * words.len() as f64 / avg[field as usize];
                hits.extend(words.iter().map(|k| (*k, w / norm, field.is_name())));
            }
            hits.sort_by_key(|h| h.0);
            for run in hits.chunk_by(|a, b| a.0 == b.0) {
                let (t, name) = run.iter().fold((0.0, false), |(t, n), h| (t + h.1, n | h.2));
                let k = run[0].0 as usize;
                if postings.len() <= k {
                    postings.resize(k + 1, Vec::new());
                }
                postings[k].push((doc as u32, ((t * TF_SCALE).round() as u32).max(1) * 2 + u32::from(name)));
            }
        }
        postings
    }

    #[test]
    fn postings_add_each_keys_weights_in_the_order_met() {
        // Documents of every length, keys repeated within and across fields, and a key that only
        // the last document has: the sums must match the sort of every occurrence to the bit.
        let mut seed = 0x9e37_79b9_u32;
        let mut next = |m: u32| {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed % m
        };
        let mut fields: Vec<Analysed2> =
            (0..60).map(|i| std::array::from_fn(|_| (0..next(3 + i)).map(|_| next(40)).collect())).collect();
        fields[59][Field::Body as usize].push(40);
        let expected = invert_by_sorting(&fields);
        let got = invert(fields, 41);
        assert_eq!(got.len(), 41);
        assert_eq!(&got[..expected.len()], &expected[..]);
        assert!(got.iter().all(|p| !p.is_empty()), "chaque clé a au moins un document");
    }

    #[test]
    fn forms_map_to_keys_and_stop_words_win() {
        let distinct = ["a", "santé", "soins", "à"];
        let analysed =
            [Analysed::Key("a".into()), Analysed::Key("sant".into()), Analysed::Key("soin".into()), Analysed::Stop];
        let forms = forms(&distinct, &analysed);
        assert_eq!(forms["sante"], Some(BTreeSet::from(["sant".to_string()])));
        assert_eq!(forms["a"], None, "« à » et « a » se replient en « a » : le mot vide l'emporte");
        assert!(!forms.contains_key("sant"), "une forme égale à sa clé n'est pas stockée");
    }

    #[test]
    fn shards_stay_small_and_cover_the_sorted_terms() {
        let keys: Vec<String> = (0..3000).map(|i| format!("mot{i:05}")).collect();
        let postings: Vec<Vec<(u32, u32)>> = (0..3000).map(|i| vec![(i, 20), (i + 1, 21)]).collect();
        let mut files = Files::default();
        let table = shards(&keys, &postings, &BTreeMap::new(), &mut files);
        assert!(table.len() > 1, "{} tranches", table.len());
        assert_eq!(table[0].0, "");
        let firsts: Vec<&str> = table.iter().map(|t| t.0.as_str()).collect();
        assert!(firsts.windows(2).all(|w| w[0] < w[1]));
        assert!(files.outputs.iter().all(|o| o.bytes.len() < 15_000), "tranches de 8 à 15 Ko compressées");
    }

    #[test]
    fn phrases_are_found_as_key_sequences() {
        assert!(contains(&[1, 2, 3, 4], &[2, 3]));
        assert!(!contains(&[1, 2, 3, 4], &[3, 2]));
        assert!(!contains(&[1, 2], &[]));
    }
}
