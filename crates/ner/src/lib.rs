//! Named-entity recogniser: finds PER, ORG, LOC and MISC mentions (the CoNLL-2003 types) in
//! tokenised sentences, and tells NORP (nationalities, religious and political groups) apart from
//! the other MISC mentions.
//!
//! The main type is [`Recognizer`]. It is a left-to-right sequence labeller over BILOU tags with
//! averaged-perceptron weights, decoded with a small beam, and the feature set that made linear
//! NER strong (Ratinov & Roth 2009): word, lowercase, shapes, affixes, a ±2 window, previous
//! predicted tags, capitalisation patterns, gazetteer matches (`gazetteer`, lists in
//! `crates/ner/data/`), word clusters learned from unlabelled text ([`clusters`]), names remembered
//! from the training data (`memory`), and document-level consistency from a second pass that
//! sees what the first pass said about the same word elsewhere in the document. It sits after
//! sentence and token segmentation; it knows nothing about documents' text or offsets, only token
//! strings.
//!
//! Training (`train`) and conlleval-compatible scoring (`conll`) live here too so `xtask` stays thin.

pub mod clusters;
pub mod conll;
mod features;
mod gazetteer;
mod memory;
mod norp;
pub mod train;

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{Read, Write};
use std::sync::OnceLock;

use features::{history_features, DocLabels, DocView, NTAGS};

/// An entity type: the four CoNLL-2003 types, and NORP (nationalities, religious and political
/// groups), which the model tags as MISC and [`Recognizer::recognize`] then tells apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    Per,
    Org,
    Loc,
    Misc,
    Norp,
}

impl EntityType {
    pub const ALL: [EntityType; 5] =
        [EntityType::Per, EntityType::Org, EntityType::Loc, EntityType::Misc, EntityType::Norp];

    /// The label: "PER", "ORG", "LOC", "MISC" (CoNLL) or "NORP".
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Per => "PER",
            EntityType::Org => "ORG",
            EntityType::Loc => "LOC",
            EntityType::Misc => "MISC",
            EntityType::Norp => "NORP",
        }
    }

    /// The CoNLL-2003 label, where NORP counts as MISC.
    pub fn conll_label(self) -> &'static str {
        match self {
            EntityType::Norp => "MISC",
            t => t.as_str(),
        }
    }

    pub fn from_label(label: &str) -> Option<EntityType> {
        EntityType::ALL.into_iter().find(|t| t.as_str() == label)
    }

    /// Index of the type in the tag set (NORP is tagged as MISC).
    fn index(self) -> usize {
        match self {
            EntityType::Norp => EntityType::Misc as usize,
            t => t as usize,
        }
    }
}

/// A mention: tokens `start..end` (end exclusive) of one sentence, and its type.
pub type Mention = (usize, usize, EntityType);

/// Errors loading a model.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The bytes are not a model this version can read (empty, truncated, wrong magic or version).
    #[error("invalid NER model: {0}")]
    InvalidModel(&'static str),
    /// Decompressing the model failed.
    #[error("cannot decompress NER model: {0}")]
    Io(#[from] std::io::Error),
}

// Tag layout: 0 = O, then for entity type k: B = 1+4k, I = 2+4k, L = 3+4k, U = 4+4k.
const O: u8 = 0;
/// History value for positions before the sentence start.
const START: u8 = NTAGS as u8;

fn tag_type(tag: u8) -> Option<usize> {
    if tag == O || tag as usize >= NTAGS {
        None
    } else {
        Some((tag as usize - 1) / 4)
    }
}
/// 0 = B, 1 = I, 2 = L, 3 = U.
fn tag_part(tag: u8) -> usize {
    (tag as usize).saturating_sub(1) % 4
}
fn make_tag(part: usize, ty: usize) -> u8 {
    (1 + 4 * ty + part) as u8
}

/// [`allowed_slow`] for every (last, prev, next), computed once.
fn allowed(prev: u8, next: u8, last: bool) -> bool {
    static TABLE: OnceLock<[[[bool; NTAGS]; NTAGS + 1]; 2]> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut t = [[[false; NTAGS]; NTAGS + 1]; 2];
        for (l, by_prev) in t.iter_mut().enumerate() {
            for (p, row) in by_prev.iter_mut().enumerate() {
                for (n, ok) in row.iter_mut().enumerate() {
                    *ok = allowed_slow(p as u8, n as u8, l == 1);
                }
            }
        }
        t
    });
    table
        .get(usize::from(last))
        .and_then(|t| t.get(prev as usize))
        .and_then(|r| r.get(next as usize))
        .copied()
        .unwrap_or(false)
}

/// Whether `next` may follow `prev` in a well-formed BILOU sequence.
fn allowed_slow(prev: u8, next: u8, last: bool) -> bool {
    let inside = tag_type(prev).filter(|_| tag_part(prev) <= 1);
    let ok = match (inside, tag_type(next)) {
        (Some(t), Some(n)) => t == n && (tag_part(next) == 1 || tag_part(next) == 2),
        (Some(_), None) => false,
        (None, None) => true,
        (None, Some(_)) => tag_part(next) == 0 || tag_part(next) == 3,
    };
    ok && !(last && next != O && tag_part(next) <= 1)
}

/// BILOU tags to mentions; lenient, so that any tag sequence gives well-formed spans.
pub(crate) fn tags_to_mentions(tags: &[u8]) -> Vec<Mention> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (i, &tag) in tags.iter().enumerate() {
        let ty = tag_type(tag);
        let part = tag_part(tag);
        if let Some((start, t)) = open {
            if ty != Some(t) || part == 0 || part == 3 {
                out.push((start, i, EntityType::ALL.get(t).copied().unwrap_or(EntityType::Misc)));
                open = None;
            }
        }
        if let Some(t) = ty {
            if open.is_none() {
                open = Some((i, t));
            }
            if part >= 2 {
                if let Some((start, t)) = open.take() {
                    out.push((start, i + 1, EntityType::ALL.get(t).copied().unwrap_or(EntityType::Misc)));
                }
            }
        }
    }
    if let Some((start, t)) = open {
        out.push((start, tags.len(), EntityType::ALL.get(t).copied().unwrap_or(EntityType::Misc)));
    }
    out
}

/// Mentions to BILOU tags for a sentence of `n` tokens.
pub(crate) fn mentions_to_tags(n: usize, mentions: &[Mention]) -> Vec<u8> {
    let mut tags = vec![O; n];
    for &(start, end, ty) in mentions {
        let k = ty.index();
        if end <= start || end > n {
            continue;
        }
        if end - start == 1 {
            if let Some(t) = tags.get_mut(start) {
                *t = make_tag(3, k);
            }
            continue;
        }
        for i in start..end {
            let part = if i == start { 0 } else if i + 1 == end { 2 } else { 1 };
            if let Some(t) = tags.get_mut(i) {
                *t = make_tag(part, k);
            }
        }
    }
    tags
}

/// Identity hasher: feature keys are already well-mixed 64-bit hashes.
#[derive(Default)]
pub(crate) struct KeyHasher(u64);
impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}
pub(crate) type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;
pub(crate) type KeySet = std::collections::HashSet<u64, BuildHasherDefault<KeyHasher>>;

/// Anything that scores tags from a list of features.
pub(crate) trait Scorer {
    fn score(&self, feats: &[u64], scores: &mut [f32; NTAGS]);
}

/// Open-addressing map from feature hash to row: keys in one flat array probed linearly, which
/// costs fewer cache misses than a general hash map on the hot path (most looked-up features are
/// absent from the model).
pub(crate) struct FeatureIndex {
    /// (key, row) pairs side by side, so that a probe touches one cache line; key 0 = empty.
    slots: Vec<(u64, u32)>,
    mask: usize,
    /// Row of the feature whose hash is 0, the empty-slot marker.
    zero: Option<u32>,
}

impl FeatureIndex {
    fn with_capacity(n: usize) -> FeatureIndex {
        let slots = (n.max(1) * 2).next_power_of_two();
        FeatureIndex { slots: vec![(0, 0); slots], mask: slots - 1, zero: None }
    }

    /// Inserts or replaces a key; the capacity given at creation must not be exceeded.
    fn insert(&mut self, key: u64, row: u32) {
        if key == 0 {
            self.zero = Some(row);
            return;
        }
        let mut i = key as usize & self.mask;
        for _ in 0..self.slots.len() {
            let Some(slot) = self.slots.get_mut(i) else { return };
            if slot.0 == 0 || slot.0 == key {
                *slot = (key, row);
                return;
            }
            i = (i + 1) & self.mask;
        }
    }

    #[inline]
    fn get(&self, key: u64) -> Option<u32> {
        if key == 0 {
            return self.zero;
        }
        let mut i = key as usize & self.mask;
        loop {
            match self.slots.get(i) {
                Some(&(k, row)) if k == key => return Some(row),
                Some(&(0, _)) | None => return None,
                _ => i = (i + 1) & self.mask,
            }
        }
    }
}

/// Quantised weights of one pass.
pub(crate) struct Weights {
    index: FeatureIndex,
    rows: Vec<[i16; NTAGS]>,
}

/// Features resolved per batch in [`Weights::score`].
const BATCH: usize = 64;

impl Scorer for Weights {
    /// Bound by cache misses, so in three loops: resolve every feature's row (independent
    /// loads, whose misses the CPU overlaps), touch each row, then add them up from cache.
    fn score(&self, feats: &[u64], scores: &mut [f32; NTAGS]) {
        let mut acc = [0i32; NTAGS];
        let mut rows = [u32::MAX; BATCH];
        for chunk in feats.chunks(BATCH) {
            for (f, r) in chunk.iter().zip(rows.iter_mut()) {
                *r = self.index.get(*f).unwrap_or(u32::MAX);
            }
            let resolved = rows.get(..chunk.len()).unwrap_or(&[]);
            let mut sink = 0i16;
            for &r in resolved {
                sink ^= self.rows.get(r as usize).and_then(|row| row.first().copied()).unwrap_or(0);
            }
            std::hint::black_box(sink);
            for &r in resolved {
                if let Some(row) = self.rows.get(r as usize) {
                    for (a, &w) in acc.iter_mut().zip(row.iter()) {
                        *a += i32::from(w);
                    }
                }
            }
        }
        for (s, a) in scores.iter_mut().zip(acc) {
            *s = a as f32;
        }
    }
}

/// The weights of both passes behind one index, for run time: a feature's two rows sit side
/// by side, so that the first pass, which looks up every word feature anyway, also gets the
/// second pass's weights for them at no extra cache miss, and the second pass only looks up
/// its document-level features.
pub(crate) struct Merged {
    index: FeatureIndex,
    rows: Vec<[[i16; NTAGS]; 2]>,
    /// Features with weights in each pass (for reports).
    n_features: [usize; 2],
}

impl Merged {
    fn new(pass1: &Weights, pass2: Option<&Weights>) -> Merged {
        let keys = |w: &Weights| -> Vec<(u64, u32)> {
            let mut v: Vec<(u64, u32)> = w.index.slots.iter().copied().filter(|s| s.0 != 0).collect();
            if let Some(r) = w.index.zero {
                v.push((0, r));
            }
            v
        };
        let mut all: KeyMap<usize> = KeyMap::default();
        let mut rows: Vec<[[i16; NTAGS]; 2]> = Vec::new();
        for (k, w) in [Some(pass1), pass2].into_iter().enumerate() {
            let Some(w) = w else { continue };
            for (key, r) in keys(w) {
                let at = *all.entry(key).or_insert_with(|| {
                    rows.push([[0; NTAGS]; 2]);
                    rows.len() - 1
                });
                if let (Some(dst), Some(src)) = (rows.get_mut(at).and_then(|x| x.get_mut(k)), w.rows.get(r as usize)) {
                    *dst = *src;
                }
            }
        }
        let mut index = FeatureIndex::with_capacity(rows.len());
        for (key, at) in &all {
            index.insert(*key, *at as u32);
        }
        Merged { index, rows, n_features: [pass1.rows.len(), pass2.map_or(0, |w| w.rows.len())] }
    }

    /// Adds the weights of `feats` for both passes into `s1` and `s2` (zeroed first); batched
    /// like [`Weights::score`].
    fn score_both(&self, feats: &[u64], s1: &mut [f32; NTAGS], s2: &mut [f32; NTAGS]) {
        let mut acc = [[0i32; NTAGS]; 2];
        let mut rows = [u32::MAX; BATCH];
        for chunk in feats.chunks(BATCH) {
            for (f, r) in chunk.iter().zip(rows.iter_mut()) {
                *r = self.index.get(*f).unwrap_or(u32::MAX);
            }
            let resolved = rows.get(..chunk.len()).unwrap_or(&[]);
            let mut sink = 0i16;
            for &r in resolved {
                sink ^= self.rows.get(r as usize).and_then(|row| row.first()?.first().copied()).unwrap_or(0);
            }
            std::hint::black_box(sink);
            for &r in resolved {
                if let Some(pair) = self.rows.get(r as usize) {
                    for (a, row) in acc.iter_mut().zip(pair) {
                        for (x, &w) in a.iter_mut().zip(row.iter()) {
                            *x += i32::from(w);
                        }
                    }
                }
            }
        }
        let [a1, a2] = acc;
        for (s, a) in s1.iter_mut().zip(a1) {
            *s = a as f32;
        }
        for (s, a) in s2.iter_mut().zip(a2) {
            *s = a as f32;
        }
    }
}

/// One pass's view of [`Merged`] weights.
struct PassWeights<'a> {
    merged: &'a Merged,
    pass: usize,
}

impl Scorer for PassWeights<'_> {
    fn score(&self, feats: &[u64], scores: &mut [f32; NTAGS]) {
        let mut acc = [0i32; NTAGS];
        let mut rows = [u32::MAX; BATCH];
        for chunk in feats.chunks(BATCH) {
            for (f, r) in chunk.iter().zip(rows.iter_mut()) {
                *r = self.merged.index.get(*f).unwrap_or(u32::MAX);
            }
            for &r in rows.get(..chunk.len()).unwrap_or(&[]) {
                if let Some(row) = self.merged.rows.get(r as usize).and_then(|p| p.get(self.pass)) {
                    for (a, &w) in acc.iter_mut().zip(row.iter()) {
                        *a += i32::from(w);
                    }
                }
            }
        }
        for (s, a) in scores.iter_mut().zip(acc) {
            *s = a as f32;
        }
    }
}

/// Runs both passes over a document with merged weights: the same tags as [`tag_document`]
/// with the two passes' weights, with about half the table lookups.
fn tag_document_merged(merged: &Merged, two_passes: bool, view: &DocView) -> Vec<Vec<u8>> {
    let mut feats = Vec::with_capacity(64);
    let p1 = PassWeights { merged, pass: 0 };
    let p2 = PassWeights { merged, pass: 1 };
    // Second-pass scores of the word features, per sentence and token.
    let mut second: Vec<Vec<[f32; NTAGS]>> = Vec::with_capacity(view.sentences.len());
    let mut first: Vec<Vec<u8>> = Vec::with_capacity(view.sentences.len());
    for s in 0..view.sentences.len() {
        let mut sent_second = Vec::with_capacity(view.sentences.get(s).map_or(0, Vec::len));
        first.push(decode_core(&p1, view, s, &mut feats, |i, feats, base| {
            view.static_features(s, i, None, None, feats);
            let mut b2 = [0f32; NTAGS];
            merged.score_both(feats, base, &mut b2);
            sent_second.push(b2);
        }));
        second.push(sent_second);
    }
    if !two_passes {
        return first;
    }
    let labels = doc_labels(view, &first);
    (0..view.sentences.len())
        .map(|s| {
            let pass1 = first.get(s).map(Vec::as_slice);
            let stored = second.get(s);
            decode_core(&p2, view, s, &mut feats, |i, feats, base| {
                feats.clear();
                view.doc_features(s, i, Some(&labels), pass1, feats);
                p2.score(feats, base);
                if let Some(b2) = stored.and_then(|v| v.get(i)) {
                    for (x, y) in base.iter_mut().zip(b2) {
                        *x += y;
                    }
                }
            })
        })
        .collect()
}

/// The inputs of one decoding pass.
pub(crate) struct PassInput<'a> {
    pub(crate) doc_labels: Option<&'a DocLabels>,
    pub(crate) pass1: Option<&'a [Vec<u8>]>,
}

/// Hypotheses kept per token by the beam decoder (1 = greedy).
const BEAM: usize = 2;

/// One partial tag sequence of the beam: its last two tags, its score, and where it came from in
/// the previous token's beam (back pointers keep decoding linear in the sentence length).
#[derive(Clone, Copy)]
struct Hyp {
    prev1: u8,
    prev2: u8,
    score: f32,
    from: usize,
}

/// Constrained beam decoding of one sentence.
pub(crate) fn decode_sentence(
    scorer: &impl Scorer,
    view: &DocView,
    s: usize,
    input: &PassInput,
    feats: &mut Vec<u64>,
) -> Vec<u8> {
    let pass1 = input.pass1.and_then(|p| p.get(s)).map(Vec::as_slice);
    decode_core(scorer, view, s, feats, |i, feats, base| {
        view.static_features(s, i, input.doc_labels, pass1, feats);
        scorer.score(feats, base);
    })
}

/// Constrained beam decoding of sentence `s`, where `base_of(i, feats, scores)` fills the
/// scores of token `i` from the features that do not depend on the tag history (`feats` is
/// scratch space), and `scorer` scores the history features.
fn decode_core(
    scorer: &impl Scorer,
    view: &DocView,
    s: usize,
    feats: &mut Vec<u64>,
    mut base_of: impl FnMut(usize, &mut Vec<u64>, &mut [f32; NTAGS]),
) -> Vec<u8> {
    let n = view.sentences.get(s).map_or(0, Vec::len);
    // beams[i] holds the hypotheses after token i, best first (unused places have from =
    // usize::MAX); one flat array, so that decoding allocates once per sentence.
    let empty = Hyp { prev1: O, prev2: O, score: f32::NEG_INFINITY, from: usize::MAX };
    let mut beams: Vec<[Hyp; BEAM]> = Vec::with_capacity(n);
    let mut beam = [empty; BEAM];
    if let Some(first) = beam.first_mut() {
        *first = Hyp { prev1: START, prev2: START, score: 0.0, from: 0 };
    }
    let mut next: Vec<(f32, usize, u8)> = Vec::with_capacity(BEAM * NTAGS);
    let mut base = [0f32; NTAGS];
    let mut hist = [0f32; NTAGS];
    for i in 0..n {
        base_of(i, feats, &mut base);
        let lower = view.sentences.get(s).and_then(|x| x.get(i)).map_or(0, |t| t.lower);
        let last = i + 1 == n;
        next.clear();
        for (h, hyp) in beam.iter().enumerate().filter(|(_, h)| h.from != usize::MAX) {
            feats.clear();
            history_features(hyp.prev1, hyp.prev2, lower, feats);
            scorer.score(feats, &mut hist);
            for (t, (&b, &x)) in base.iter().zip(&hist).enumerate() {
                let t = t as u8;
                if allowed(hyp.prev1, t, last) {
                    next.push((hyp.score + b + x, h, t));
                }
            }
        }
        // The BEAM best candidates, best first (ties to the earlier candidate), by selection: the
        // candidate list is short and only a couple are kept.
        let mut new_beam = [empty; BEAM];
        let mut kept = 0;
        for slot in new_beam.iter_mut() {
            let mut best: Option<usize> = None;
            for (k, c) in next.iter().enumerate() {
                if c.0 > f32::NEG_INFINITY && best.and_then(|b| next.get(b)).is_none_or(|b| c.0 > b.0) {
                    best = Some(k);
                }
            }
            let Some(k) = best else { break };
            if let Some(c) = next.get_mut(k) {
                let (score, h, t) = *c;
                c.0 = f32::NEG_INFINITY;
                if let Some(hyp) = beam.get(h) {
                    *slot = Hyp { prev1: t, prev2: hyp.prev1, score, from: h };
                    kept += 1;
                }
            }
        }
        if kept == 0 {
            break;
        }
        beams.push(new_beam);
        beam = new_beam;
    }
    // Follow the back pointers from the best final hypothesis.
    let mut tags = vec![O; n];
    let mut at = 0;
    for (i, b) in beams.iter().enumerate().rev() {
        let Some(hyp) = b.get(at) else { break };
        if let Some(t) = tags.get_mut(i) {
            *t = hyp.prev1;
        }
        at = hyp.from;
    }
    tags
}

/// First-pass labels aggregated per lowercased word form: counts per type of the form as a whole
/// one-word mention (0..4) and as part of a longer mention (4..8).
pub(crate) fn doc_labels(view: &DocView, tags: &[Vec<u8>]) -> DocLabels {
    let mut labels = DocLabels::default();
    for (sent, sent_tags) in view.sentences.iter().zip(tags) {
        for (t, &tag) in sent.iter().zip(sent_tags) {
            if let Some(k) = tag_type(tag) {
                let slot = if tag_part(tag) == 3 { k } else { 4 + k };
                if let Some(c) = labels.entry(t.lower).or_insert([0; 8]).get_mut(slot) {
                    *c = c.saturating_add(1);
                }
            }
        }
    }
    labels
}

/// Runs both passes over a document and returns BILOU tags per sentence.
pub(crate) fn tag_document(pass1: &impl Scorer, pass2: Option<&impl Scorer>, view: &DocView) -> Vec<Vec<u8>> {
    let mut feats = Vec::with_capacity(64);
    let none = PassInput { doc_labels: None, pass1: None };
    let first: Vec<Vec<u8>> =
        (0..view.sentences.len()).map(|s| decode_sentence(pass1, view, s, &none, &mut feats)).collect();
    let Some(pass2) = pass2 else { return first };
    let labels = doc_labels(view, &first);
    let input = PassInput { doc_labels: Some(&labels), pass1: Some(&first) };
    (0..view.sentences.len()).map(|s| decode_sentence(pass2, view, s, &input, &mut feats)).collect()
}

/// The recogniser: weights for the first pass and, optionally, the document-level second pass.
pub struct Recognizer {
    weights: Merged,
    two_passes: bool,
    memory: memory::Memory,
}

const MAGIC: &[u8; 4] = b"DNER";
const VERSION: u32 = 3;

static DEFAULT_MODEL: &[u8] = include_bytes!("../model/ner.bin");

impl Recognizer {
    /// The model shipped in `crates/ner/model/ner.bin` (trained with `cargo xtask train ner`),
    /// decoded once per process.
    pub fn load_default() -> Result<&'static Recognizer, &'static Error> {
        static DEFAULT: OnceLock<Result<Recognizer, Error>> = OnceLock::new();
        DEFAULT.get_or_init(|| Recognizer::from_bytes(DEFAULT_MODEL)).as_ref()
    }

    /// Decodes a model written by [`train::TrainedModel::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Recognizer, Error> {
        let (pass1, pass2, memory) = read_model(bytes)?;
        // Build the compiled-in gazetteers now, so that loading and not the first call pays for it.
        gazetteer::Gazetteer::get();
        clusters::Clusters::get();
        Ok(Recognizer { weights: Merged::new(&pass1, pass2.as_ref()), two_passes: pass2.is_some(), memory })
    }


    /// Finds mentions in one document given as sentences of tokens. Returns, per sentence, the
    /// mentions as `(start_token, end_token_exclusive, type)`, in order.
    pub fn recognize(&self, sentences: &[Vec<&str>]) -> Vec<Vec<Mention>> {
        let view = DocView::new(sentences, &self.memory);
        let tags = tag_document_merged(&self.weights, self.two_passes, &view);
        sentences
            .iter()
            .zip(&tags)
            .map(|(words, t)| {
                let mut mentions = tags_to_mentions(t);
                for m in &mut mentions {
                    if m.2 == EntityType::Misc && words.get(m.0..m.1).is_some_and(norp::is_norp) {
                        m.2 = EntityType::Norp;
                    }
                }
                mentions
            })
            .collect()
    }

    /// Number of features with weights, over both passes.
    pub fn n_features(&self) -> usize {
        self.weights.n_features.iter().sum()
    }
}

/// The two passes' weights and the remembered names of a model file.
fn read_model(bytes: &[u8]) -> Result<(Weights, Option<Weights>, memory::Memory), Error> {
    let mut raw = Vec::new();
    flate2::read::DeflateDecoder::new(bytes).read_to_end(&mut raw)?;
    let mut r = Reader { bytes: &raw, pos: 0 };
    if r.take(4)? != MAGIC {
        return Err(Error::InvalidModel("bad magic"));
    }
    if r.u32()? != VERSION {
        return Err(Error::InvalidModel("unsupported version"));
    }
    let n_models = r.varint()?;
    if n_models == 0 || n_models > 2 {
        return Err(Error::InvalidModel("bad number of passes"));
    }
    let pass1 = read_weights(&mut r)?;
    let pass2 = if n_models == 2 { Some(read_weights(&mut r)?) } else { None };
    let memory = read_memory(&mut r)?;
    Ok((pass1, pass2, memory))
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], Error> {
        let out = self.bytes.get(self.pos..self.pos.saturating_add(n)).ok_or(Error::InvalidModel("truncated"))?;
        self.pos += n;
        Ok(out)
    }
    fn u32(&mut self) -> Result<u32, Error> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn varint(&mut self) -> Result<u64, Error> {
        let mut out = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *self.take(1)?.first().ok_or(Error::InvalidModel("truncated"))?;
            out |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(out);
            }
        }
        Err(Error::InvalidModel("bad varint"))
    }
}

fn read_weights(r: &mut Reader) -> Result<Weights, Error> {
    let n = r.varint()? as usize;
    // Cap the preallocation so a corrupt count cannot exhaust memory before the data runs out.
    if n > 1 << 24 {
        return Err(Error::InvalidModel("too many features"));
    }
    // Rows are read first so that a truncated count cannot make the index allocate a huge table.
    let mut keyed = Vec::with_capacity(n.min(1 << 20));
    let mut key = 0u64;
    for _ in 0..n {
        key = key.wrapping_add(r.varint()?);
        let mask = r.varint()?;
        let mut row = [0i16; NTAGS];
        for (t, w) in row.iter_mut().enumerate() {
            if mask & (1 << t) != 0 {
                let b = r.take(2)?;
                *w = i16::from_le_bytes([b[0], b[1]]);
            }
        }
        keyed.push((key, row));
    }
    let mut index = FeatureIndex::with_capacity(keyed.len());
    let mut rows = Vec::with_capacity(keyed.len());
    for (key, row) in keyed {
        index.insert(key, rows.len() as u32);
        rows.push(row);
    }
    Ok(Weights { index, rows })
}

fn read_memory(r: &mut Reader) -> Result<memory::Memory, Error> {
    let n = r.varint()? as usize;
    let mut masks = KeyMap::with_capacity_and_hasher(n.min(1 << 22), Default::default());
    let mut key = 0u64;
    for _ in 0..n {
        key = key.wrapping_add(r.varint()?);
        let m = *r.take(1)?.first().ok_or(Error::InvalidModel("truncated"))?;
        masks.insert(key, m);
    }
    Ok(memory::Memory { masks })
}

fn write_varint(out: &mut Vec<u8>, mut x: u64) {
    loop {
        let b = (x & 0x7f) as u8;
        x >>= 7;
        if x == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

/// Serialises quantised rows sorted by key (delta-coded keys, a tag mask, the nonzero weights).
pub(crate) fn write_weights(out: &mut Vec<u8>, rows: &[(u64, [i16; NTAGS])]) {
    write_varint(out, rows.len() as u64);
    let mut prev = 0u64;
    for (key, row) in rows {
        write_varint(out, key.wrapping_sub(prev));
        prev = *key;
        let mask = row.iter().enumerate().filter(|(_, &w)| w != 0).fold(0u64, |m, (t, _)| m | (1 << t));
        write_varint(out, mask);
        for &w in row.iter().filter(|&&w| w != 0) {
            out.extend_from_slice(&w.to_le_bytes());
        }
    }
}

pub(crate) fn encode_model(passes: &[Vec<(u64, [i16; NTAGS])>], memory: &[(u64, u8)]) -> Result<Vec<u8>, Error> {
    let mut raw = Vec::new();
    raw.extend_from_slice(MAGIC);
    raw.extend_from_slice(&VERSION.to_le_bytes());
    write_varint(&mut raw, passes.len() as u64);
    for p in passes {
        write_weights(&mut raw, p);
    }
    write_varint(&mut raw, memory.len() as u64);
    let mut prev = 0u64;
    for &(key, m) in memory {
        write_varint(&mut raw, key.wrapping_sub(prev));
        prev = key;
        raw.push(m);
    }
    let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(&raw)?;
    Ok(enc.finish()?)
}

#[cfg(test)]
mod tests;
