//! Part-of-speech tagger and lemmatiser for English, in pure Rust.
//!
//! [`Tagger`] is an averaged perceptron (Collins 2002, in the design of Honnibal's
//! "POS tagger in 200 lines"): hashed features of the word, its affixes and shape, its
//! neighbours and the two previous predicted tags, plus a tag dictionary for frequent
//! unambiguous words. It predicts one joint class per token, a (Penn XPOS, UD UPOS) pair, so
//! both tag sets come from one pass. Lemmas come from [`lemma::Lemmatizer`], rules driven by
//! the predicted XPOS. The trained model (`model/pos.bin`, built by `cargo xtask train pos`)
//! is compiled into the binary; [`Tagger::load_default`] decodes it once.
//!
//! It sits under the `annotate` stage: it takes the words of one sentence and returns a tag
//! triple per word; it knows nothing about documents or spans.

pub mod conllu;
mod features;
mod format;
pub mod lemma;
pub mod train;

use std::collections::HashMap;
use std::sync::OnceLock;

use features::{IdMap, WordInfo};

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
    /// Feature hash -> (start, len) into `entry_class`/`entry_weight`.
    index: IdMap<(u32, u32)>,
    entry_class: Vec<u8>,
    entry_weight: Vec<i16>,
    lemmatizer: lemma::Lemmatizer,
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
        self.index.len()
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
                    lemma: self.lemmatizer.lemma(w, xpos),
                }
            })
            .collect()
    }

    /// Lemma of one word with a given Penn tag.
    pub fn lemma(&self, word: &str, xpos: &str) -> String {
        self.lemmatizer.lemma(word, xpos)
    }

    fn tag_classes(&self, words: &[&str]) -> Vec<u32> {
        let infos: Vec<WordInfo> = words.iter().map(|w| WordInfo::new(w)).collect();
        let mut feats = Vec::with_capacity(40);
        let mut scores = vec![0i32; self.classes.len()];
        let (mut p1, mut p2) = (features::START, features::START2);
        let mut out = Vec::with_capacity(words.len());
        let mut last_verb = None;
        for (i, w) in words.iter().enumerate() {
            let class = match self.tagdict.get(*w) {
                Some(&c) => c,
                None => {
                    features::extract(&infos, i, p1, p2, last_verb, &mut feats);
                    scores.iter_mut().for_each(|s| *s = 0);
                    for f in &feats {
                        if let Some(&(start, len)) = self.index.get(f) {
                            let (s, e) = (start as usize, start as usize + len as usize);
                            let cs = self.entry_class.get(s..e).unwrap_or(&[]);
                            let ws = self.entry_weight.get(s..e).unwrap_or(&[]);
                            for (c, wt) in cs.iter().zip(ws) {
                                if let Some(sc) = scores.get_mut(*c as usize) {
                                    *sc += i32::from(*wt);
                                }
                            }
                        }
                    }
                    argmax(&scores)
                }
            };
            out.push(class);
            if self
                .classes
                .get(class as usize)
                .is_some_and(|(x, _)| x.starts_with("VB"))
            {
                last_verb = Some(i);
            }
            p2 = p1;
            p1 = class;
        }
        out
    }
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
