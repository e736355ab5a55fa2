//! The files of the search index, as types: `index` writes them, `query` (and `portail search`)
//! reads them, and `themes/defaut/assets/recherche.js` reads the same JSON. `docs/recherche.md`
//! describes the format for that reader.
//!
//! Struct fields are declared in alphabetical order: the files were first written from JSON maps
//! (sorted keys), and the index stays byte for byte what it was. Tuples are JSON arrays.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The version of the format, in the meta file (`v`). A reader refuses any other.
pub const VERSION: u32 = 1;

/// `recherche/index/entree.json`, the only file with a fixed name.
#[derive(Debug, Serialize, Deserialize)]
pub struct Entry {
    /// File name of the meta file, in the same folder.
    pub meta: String,
}

/// The meta file: everything a query needs before it reads a shard.
#[derive(Debug, Serialize, Deserialize)]
pub struct Meta {
    /// Pages pinned first for an exact acronym or name (its keys joined by spaces).
    pub best: BTreeMap<String, Vec<u32>>,
    pub cards: Cards,
    pub facets: Vec<Facet>,
    /// BM25 saturation.
    pub k1: f64,
    /// Number of documents.
    pub n: u32,
    /// Term shards in order: the first key each covers (`""` for the first) and its file.
    pub shards: Vec<ShardRef>,
    /// Stored term frequencies are multiplied by this.
    pub tf: f64,
    /// Kinds of document, each a range of document numbers.
    pub types: Vec<KindRange>,
    pub v: u32,
    /// File of the vocabulary of names, for typo correction.
    pub vocab: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Cards {
    /// Files of result cards, each holding `size` documents in number order.
    pub files: Vec<String>,
    pub size: u32,
}

/// `[first key, file]`.
#[derive(Debug, Serialize, Deserialize)]
pub struct ShardRef(pub String, pub String);

/// `[code, label, start, end, prior]`: documents `start..end` are of this kind; their score is
/// multiplied by `prior`.
#[derive(Debug, Serialize, Deserialize)]
pub struct KindRange(pub String, pub String, pub u32, pub u32, pub f64);

#[derive(Debug, Serialize, Deserialize)]
pub struct Facet {
    /// File of [`FacetDocs`].
    pub file: String,
    pub key: String,
    pub label: String,
    pub values: Vec<FacetValue>,
}

/// `[code, label, number of documents]`.
#[derive(Debug, Serialize, Deserialize)]
pub struct FacetValue(pub String, pub String, pub u32);

/// A facet file: for each value, its documents as gaps from the previous one.
pub type FacetDocs = BTreeMap<String, Vec<u32>>;

/// A term shard. `k[i]` is a key; `p[i]` its postings, pairs of (gap from the previous
/// document, term frequency × `tf` × 2 + 1 when the key is in the document's name). `f[i]` is a
/// folded form a reader may type; `g[i]` what it stands for.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Shard {
    pub f: Vec<String>,
    pub g: Vec<FormTarget>,
    pub k: Vec<String>,
    pub p: Vec<Vec<u32>>,
}

/// What a form stands for: `0` for a stop word, a key, or several keys.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FormTarget {
    Stop(u8),
    Key(String),
    Keys(Vec<String>),
}

/// A result card: `[path, title, kind number, summary, context, easy-to-read path]`.
#[derive(Debug, Serialize, Deserialize)]
pub struct Card(pub String, pub String, pub u32, pub String, pub Option<String>, pub Option<String>);

/// An entry of the vocabulary of names: a folded word that is its own key, or `[word, key]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum VocabEntry {
    Same(String),
    Other(String, String),
}

impl VocabEntry {
    /// `(form, key)`.
    pub fn pair(&self) -> (&str, &str) {
        match self {
            VocabEntry::Same(w) => (w, w),
            VocabEntry::Other(f, k) => (f, k),
        }
    }
}
