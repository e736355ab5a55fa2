//! The words of the documents, numbered run by run, and kept from one build to the next.
//!
//! Cutting 33 MB of text into words was a seventh of a rebuild's processor time at 10 000
//! pages, for texts that had mostly not changed. The documents are cut into runs; each run
//! numbers its own distinct words (a word is stored once per run, each occurrence as a number)
//! and is kept in `.portail-cache/mots.bin` under a hash of its texts. A build numbers again only
//! the runs whose texts changed; the index made from the runs is the same either way (the
//! numbering inside a run never reaches the files).
//!
//! Where a run ends depends on the documents' own paths, not on their count: adding or
//! removing a fiche changes its run alone, not every run after it.

use super::docs::{Doc, FIELDS, Field};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::Hasher;
use std::io::Write;
use std::ops::Range;
use std::path::Path;

pub const CACHE: &str = ".portail-cache/mots.bin";
/// Changes with this file's form or with the cutting into words: any other version reads as an
/// empty cache.
const VERSION: u32 = 1;
/// On average one document in `RUN` ends a run.
const RUN: u64 = 256;
/// No run is longer, so a site whose paths never end a run is still cut.
const MAX_RUN: usize = 4 * RUN as usize;

/// One document's fields, as numbers into its run's words.
pub type Fields = [Vec<u32>; FIELDS];

/// A run of documents: each distinct word once, and each document's fields as numbers into
/// that list.
#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Numbered {
    pub words: Words,
    pub docs: Vec<Fields>,
}

/// Words end to end in one string. As one string each, a word cost an allocation to read from
/// the cache, and the build into an empty folder peaked at 217–218 MiB at 10 000 pages, against
/// 214–217 this way and 214–216 before the cache.
#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Words {
    text: String,
    /// Where each word ends in `text`.
    ends: Vec<u32>,
}

impl Words {
    fn push(&mut self, word: &str) {
        self.text.push_str(word);
        self.ends.push(self.text.len() as u32);
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(&self.ends).map(|(a, b)| &self.text[a as usize..*b as usize])
    }
}

/// The cache file. Written with postcard (already among the dependencies' own): the runs of a
/// 10 000-page site are millions of numbers, which JSON would take as long to read as the
/// texts take to cut.
#[derive(Serialize, Deserialize)]
struct File<R> {
    version: u32,
    /// The program's version: an upgrade may cut words differently.
    program: String,
    runs: Vec<R>,
}

#[derive(Serialize)]
struct RunRef<'a> {
    key: Key,
    numbered: &'a Numbered,
}

#[derive(Deserialize)]
struct Run {
    key: Key,
    numbered: Numbered,
}

/// A hash of a run's texts, and their length in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
struct Key(u64, u64);

/// The runs of `docs`, numbered, and how many were numbered again rather than taken from the
/// cache in `root` (`None`: no cache, as in the preview). The cache is then made to hold this
/// build's runs only.
pub fn number(docs: &[Doc], root: Option<&Path>) -> (Vec<Numbered>, usize) {
    let runs = runs(docs);
    let keys: Vec<Key> = runs.par_iter().map(|r| key(&docs[r.clone()])).collect();
    let file = root.map(|r| r.join(CACHE));
    let mut known = file.as_deref().map(read).unwrap_or_default();
    let cached = known.len();
    let found: Vec<Option<Numbered>> = keys.iter().map(|k| known.remove(k)).collect();
    let made = found.iter().filter(|f| f.is_none()).count();
    let numbered: Vec<Numbered> =
        runs.into_par_iter().zip(found).map(|(r, found)| found.unwrap_or_else(|| number_run(&docs[r]))).collect();
    // Written only when it changed: a rebuild of the same texts leaves the file alone.
    if let Some(file) = file
        && (made > 0 || cached != keys.len())
    {
        write(&file, &keys, &numbered);
    }
    (numbered, made)
}

/// The runs of `docs`: a run ends after a document whose path hashes to a multiple of `RUN`,
/// or at `MAX_RUN` documents.
fn runs(docs: &[Doc]) -> Vec<Range<usize>> {
    let mut runs = Vec::with_capacity(docs.len() / RUN as usize + 1);
    let mut start = 0;
    for (i, d) in docs.iter().enumerate() {
        if crate::diag::fnv1a(d.path.as_bytes()).is_multiple_of(RUN) || i + 1 - start == MAX_RUN {
            runs.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < docs.len() {
        runs.push(start..docs.len());
    }
    runs
}

/// Everything the numbering of a run reads: each text of each field of each document, in
/// order, each followed by a byte that no UTF-8 text holds.
fn key(docs: &[Doc]) -> Key {
    // FxHash: 33 MB of the site's own text, hashed on every build; an accidental collision
    // would also need the same length in bytes.
    let mut h = rustc_hash::FxHasher::default();
    let mut len = 0u64;
    for d in docs {
        for f in Field::ALL {
            for t in d.texts(f) {
                h.write(t.as_bytes());
                h.write_u8(0xff);
                len += t.len() as u64 + 1;
            }
        }
    }
    Key(h.finish(), len)
}

fn number_run(docs: &[Doc]) -> Numbered {
    // FxHash: the keys are the site's own words, hashed millions of times; no outside input
    // chooses them to collide. Words read as they stand in the text, by far the most, are kept
    // apart from the few lowered to small letters: a map of borrowed words has smaller entries
    // and no case to tell apart at each lookup (10 000 pages on one core: 225 ms, 190 this
    // way). A word may then have two numbers (« Santé » lowered, « santé » as written); both
    // lead to the same key, so the index is the same.
    let mut plain: rustc_hash::FxHashMap<&str, u32> = rustc_hash::FxHashMap::default();
    let mut lowered: rustc_hash::FxHashMap<String, u32> = rustc_hash::FxHashMap::default();
    let mut words = Words::default();
    let fields = docs
        .iter()
        .map(|d| {
            std::array::from_fn(|f| {
                d.texts(Field::ALL[f])
                    .into_iter()
                    .flat_map(super::analyze::words)
                    .map(|w| {
                        let next = words.ends.len() as u32;
                        match w {
                            Cow::Borrowed(w) => *plain.entry(w).or_insert_with(|| {
                                words.push(w);
                                next
                            }),
                            Cow::Owned(w) => *lowered.entry(w).or_insert_with_key(|w| {
                                words.push(w);
                                next
                            }),
                        }
                    })
                    .collect()
            })
        })
        .collect();
    Numbered { words, docs: fields }
}

/// The runs kept from the last build; anything unreadable, or of another version, is an empty
/// cache.
fn read(file: &Path) -> HashMap<Key, Numbered> {
    let Ok(bytes) = std::fs::read(file) else { return HashMap::new() };
    match postcard::from_bytes::<File<Run>>(&bytes) {
        Ok(f) if f.version == VERSION && f.program == env!("CARGO_PKG_VERSION") => {
            f.runs.into_iter().map(|r| (r.key, r.numbered)).collect()
        }
        _ => HashMap::new(),
    }
}

fn write(file: &Path, keys: &[Key], numbered: &[Numbered]) {
    let runs = keys.iter().zip(numbered).map(|(key, numbered)| RunRef { key: *key, numbered }).collect();
    let data = File { version: VERSION, program: env!("CARGO_PKG_VERSION").into(), runs };
    // Straight to the file, not through a copy in memory: 7 MB at 10 000 pages, made while the
    // pages are, when the build's memory is at its peak. Written beside it, then renamed: a
    // build that reads it meanwhile finds the old file or the new one. A cache that cannot be
    // written is only slower: the runs are numbered next time.
    let Some(dir) = file.parent() else { return };
    let _ = std::fs::create_dir_all(dir);
    let Ok(mut temp) = tempfile::NamedTempFile::new_in(dir) else { return };
    let mut out = std::io::BufWriter::new(temp.as_file_mut());
    if postcard::to_io(&data, &mut out).is_ok() && out.flush().is_ok() {
        drop(out);
        let _ = temp.persist(file);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::docs::Kind;

    fn doc(path: &str, body: &str) -> Doc<'static, 'static> {
        let mut d = Doc::new(Kind::Action, path, path);
        d.fields[Field::Body as usize] = body.into();
        d
    }

    fn site(n: usize) -> Vec<Doc<'static, 'static>> {
        (0..n)
            .map(|i| doc(&format!("actions/fiche-{i:05}/"), &format!("Texte de la fiche {i}, accès aux soins.")))
            .collect()
    }

    #[test]
    fn runs_cover_every_document_once_and_stay_short() {
        let docs = site(3000);
        let runs = runs(&docs);
        assert_eq!(runs.first().map(|r| r.start), Some(0));
        assert_eq!(runs.last().map(|r| r.end), Some(3000));
        assert!(runs.windows(2).all(|w| w[0].end == w[1].start && w[0].start < w[0].end));
        assert!(runs.iter().all(|r| r.len() <= MAX_RUN));
        assert!((8..=60).contains(&runs.len()), "{} lots pour 3 000 documents", runs.len());
    }

    #[test]
    fn a_document_added_changes_its_run_alone() {
        let docs = site(3000);
        let mut more = site(3000);
        more.insert(1234, doc("actions/fiche-01233-bis/", "Une fiche de plus."));
        let (a, b) = (runs(&docs), runs(&more));
        let keys =
            |docs: &[Doc], runs: &[Range<usize>]| -> Vec<Key> { runs.iter().map(|r| key(&docs[r.clone()])).collect() };
        let (ka, kb) = (keys(&docs, &a), keys(&more, &b));
        let new = kb.iter().filter(|k| !ka.contains(k)).count();
        assert!(new <= 2, "{new} lots changent pour une fiche ajoutée sur {}", kb.len());
    }

    #[test]
    fn the_cache_gives_back_what_numbering_makes_and_only_what_changed_is_redone() {
        let tmp = tempfile::tempdir().unwrap();
        let mut docs = site(2000);
        let (first, made) = number(&docs, Some(tmp.path()));
        assert_eq!(made, first.len(), "sans cache, chaque lot est analysé");
        assert!(first.len() > 1);
        let written = std::fs::read(tmp.path().join(CACHE)).unwrap();
        let (again, made) = number(&docs, Some(tmp.path()));
        assert_eq!((made, &again), (0, &first), "une reconstruction reprend tout du cache");
        assert_eq!(std::fs::read(tmp.path().join(CACHE)).unwrap(), written);
        docs[1500].fields[Field::Body as usize] = "Un texte tout autre : PFIDASS.".into();
        let (edited, made) = number(&docs, Some(tmp.path()));
        assert_eq!(made, 1, "une fiche modifiée : son lot seul");
        assert_eq!(edited, number(&docs, None).0, "le cache donne la même numérotation que l'analyse");
        assert_ne!(edited, first);
    }

    #[test]
    fn a_cache_of_another_version_or_damaged_is_empty() {
        let tmp = tempfile::tempdir().unwrap();
        let docs = site(300);
        number(&docs, Some(tmp.path()));
        let file = tmp.path().join(CACHE);
        let mut bytes = std::fs::read(&file).unwrap();
        bytes[0] = bytes[0].wrapping_add(1);
        std::fs::write(&file, &bytes).unwrap();
        assert!(read(&file).is_empty(), "une autre version");
        std::fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();
        assert!(read(&file).is_empty(), "un fichier tronqué");
        let (_, made) = number(&docs, Some(tmp.path()));
        assert!(made > 0);
        assert_eq!(number(&docs, Some(tmp.path())).1, 0, "le cache est refait");
    }
}
