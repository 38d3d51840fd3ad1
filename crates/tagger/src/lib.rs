//! Part-of-speech tagger and lemmatiser for English, in pure Rust.
//!
//! [`Tagger`] is an averaged perceptron (Collins 2002, in the design of Honnibal's
//! "POS tagger in 200 lines"), greedy left to right: hashed features of the word, its affixes,
//! shape and hyphen parts, its neighbours, the two previous predicted tags, and the ambiguity
//! classes (sets of tags seen in training) of the word and the next two words, which stand in
//! for the tags to the right, and the word's case against the sentence's (titles capitalise
//! every word, some web text none); plus a tag dictionary for frequent unambiguous words. It
//! predicts one joint class per token, a (Penn XPOS, UD UPOS) pair, so both tag sets come from
//! one pass. The weights are the sum of a few perceptrons trained on different shuffles,
//! quantised to i16 and pruned ([`train`]); they sit in an open-addressing table (module
//! `weights`) because tagging speed is bound by cache misses on feature lookups. Lemmas come
//! from [`lemma::Lemmatizer`], rules driven by the predicted XPOS. The trained model
//! (`model/pos.bin`, built by `cargo xtask train pos` from UD English EWT and GUM) is
//! compiled into the binary; [`Tagger::load_default`] decodes it once.
//!
//! Words are taken as the `annotate` tokenizer produces them: clitics split as in the
//! treebanks but with the text's apostrophes, so curly `n’t`/`’s` are made straight before
//! features and lookups (`features::normalise`); hyphenated words stay whole.
//!
//! It sits under the `annotate` stage: it takes the words of one sentence and returns a tag
//! triple per word; it knows nothing about documents or spans.

pub mod conllu;
mod features;
mod format;
pub mod lemma;
pub mod train;
mod weights;

use std::collections::HashMap;
use std::sync::OnceLock;

use features::{Lexicon, WordInfo};
use weights::Weights;

/// Changes whenever the features or training change in a way that makes the tags of a newly
/// trained model differ, so that caches of tags (the parser's jackknifed training tags) can
/// tell stale entries.
pub const TRAINING_VERSION: u32 = 3;

/// The committed model, compiled in so that no path is needed at run time.
static DEFAULT_MODEL: &[u8] = include_bytes!("../model/pos.bin");

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The model bytes are truncated, of another format or otherwise unreadable.
    #[error("corrupt POS model: {0}")]
    Corrupt(String),
    /// Training was given no usable sentence.
    #[error("no training data")]
    NoData,
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
}

/// Tags and lemma of one word. The tag strings borrow from the [`Tagger`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tagged<'a> {
    /// Penn Treebank tag, e.g. "NNP".
    pub xpos: &'a str,
    /// Universal Dependencies tag, e.g. "PROPN".
    pub upos: &'a str,
    pub lemma: String,
}

/// A loaded model: see the crate docs.
#[derive(Debug)]
pub struct Tagger {
    /// Joint classes: (xpos, upos).
    classes: Vec<(String, String)>,
    /// Frequent, unambiguous word forms -> class, skipping the model for them.
    tagdict: HashMap<String, u32>,
    /// Per class: whether its XPOS is a verb tag.
    is_verb: Vec<bool>,
    weights: Weights,
    /// Ambiguity classes of words, for features.
    lexicon: Lexicon,
    lemmatizer: lemma::Lemmatizer,
    /// Whether the model has the sentence-case features (models from `DOSSIER-POS-3` on).
    sentence_case: bool,
}

impl Tagger {
    /// The model compiled into the binary, decoded on first use.
    pub fn load_default() -> Result<&'static Tagger, Error> {
        static CELL: OnceLock<Result<Tagger, String>> = OnceLock::new();
        CELL.get_or_init(|| Tagger::from_bytes(DEFAULT_MODEL).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| Error::Corrupt(e.clone()))
    }

    /// Decodes a model written by [`train::train`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Tagger, Error> {
        format::decode(bytes)
    }

    /// Number of weighted features (for reports).
    pub fn n_features(&self) -> usize {
        self.weights.len()
    }

    /// Tags one sentence of words. Never panics; empty input gives empty output.
    pub fn tag(&self, words: &[&str]) -> Vec<Tagged<'_>> {
        let classes = self.tag_classes(words);
        words
            .iter()
            .zip(classes)
            .map(|(w, c)| {
                let (xpos, upos) = self
                    .classes
                    .get(c as usize)
                    .map_or(("X", "X"), |(x, u)| (x.as_str(), u.as_str()));
                Tagged {
                    xpos,
                    upos,
                    lemma: self.lemmatizer.lemma(&features::normalise(w), xpos),
                }
            })
            .collect()
    }

    /// Lemma of one word with a given Penn tag.
    pub fn lemma(&self, word: &str, xpos: &str) -> String {
        self.lemmatizer.lemma(&features::normalise(word), xpos)
    }

    fn tag_classes(&self, words: &[&str]) -> Vec<u32> {
        let infos = features::sentence(words, &self.lexicon, self.sentence_case);
        let ctx = PassContext {
            tagdict: &self.tagdict,
            is_verb: &self.is_verb,
            n_classes: self.classes.len(),
        };
        run_pass(&ctx, &self.weights, &infos)
    }
}

/// What a pass needs besides its weights.
pub(crate) struct PassContext<'a> {
    pub tagdict: &'a HashMap<String, u32>,
    /// Per class: is its XPOS a verb tag (for the last-verb feature).
    pub is_verb: &'a [bool],
    pub n_classes: usize,
}

/// One greedy left-to-right pass over a sentence.
///
/// The features that do not depend on predicted tags are scored for every word first (their
/// table lookups overlap across words); the greedy pass then only adds the few features of
/// the previous tags.
pub(crate) fn run_pass(ctx: &PassContext<'_>, weights: &Weights, infos: &[WordInfo]) -> Vec<u32> {
    let nc = ctx.n_classes.min(256);
    let mut feats = Vec::with_capacity(64);
    let dict: Vec<Option<u32>> = infos.iter().map(|w| ctx.tagdict.get(&w.raw).copied()).collect();
    thread_local! {
        /// The scores buffer of the last sentence, reused: a sentence's takes kilobytes, past
        /// the allocator's fast path.
        static BASE: std::cell::RefCell<Vec<i32>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let mut base = BASE.with(|b| b.take());
    base.clear();
    base.resize(nc * infos.len(), 0);
    for (i, (row, d)) in base.chunks_mut(nc.max(1)).zip(&dict).enumerate() {
        if d.is_none() {
            features::extract_static(infos, i, &mut feats);
            weights.score(&feats, row);
        }
    }
    let (mut p1, mut p2) = (features::START, features::START2);
    let mut out = Vec::with_capacity(infos.len());
    let mut last_verb = None;
    let mut scores = vec![0i32; nc];
    for (i, d) in dict.iter().enumerate() {
        let class = match d {
            Some(c) => *c,
            None => {
                features::extract_dynamic(infos, i, p1, p2, last_verb, &mut feats);
                let row = base.get(i * nc..(i + 1) * nc).unwrap_or(&[]);
                scores.iter_mut().zip(row).for_each(|(s, b)| *s = *b);
                weights.score(&feats, &mut scores);
                argmax(&scores)
            }
        };
        out.push(class);
        if ctx.is_verb.get(class as usize).copied().unwrap_or(false) {
            last_verb = Some(i);
        }
        p2 = p1;
        p1 = class;
    }
    // Keep the buffer for the next sentence unless it grew past a megabyte (a pathological
    // sentence).
    if base.capacity() <= 1 << 18 {
        BASE.with(|b| b.replace(base));
    }
    out
}

/// Index of the highest score; ties go to the lowest index so results are deterministic.
pub(crate) fn argmax<T: PartialOrd + Copy>(scores: &[T]) -> u32 {
    let mut best = 0usize;
    for (i, s) in scores.iter().enumerate() {
        if let Some(b) = scores.get(best) {
            if *s > *b {
                best = i;
            }
        }
    }
    best as u32
}
