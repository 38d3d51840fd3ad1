//! Dependency parser (Universal Dependencies relations) for English, in pure Rust.
//!
//! [`Parser::parse`] takes the words of one sentence with their Penn (XPOS) and UD (UPOS)
//! tags, as our `tagger` predicts them, and returns one [`Dep`] per word: the head and the
//! UD relation (with subtype, e.g. `obl:tmod`). It sits under the `annotate` stage, after the
//! tagger; it knows nothing about documents or spans.
//!
//! # Design
//!
//! - **Transition system** ([`system`]): arc-hybrid with the root at the end of the buffer,
//!   labelled transitions (SHIFT, LEFT-l, RIGHT-l). A sentence of `n` words takes exactly `2n`
//!   transitions and O(n) memory, so even a 100,000-word "sentence" is parsed in linear time.
//!   Legality rules make every output a tree with exactly one word attached to the root.
//! - **Model**: one averaged perceptron over all labelled transitions, scoring hashed `u64`
//!   features: the rich feature set of Zhang and Nivre (2011) adapted to arc-hybrid (words and
//!   tags of `s0..s2`, `n0..n2`, leftmost/rightmost two children and their labels, distance,
//!   valency, label sets), plus UPOS and three-letter-suffix templates that survive the
//!   tagger's fine-grained errors ([`features`]). Greedy decoding.
//! - **Training** ([`train`]): dynamic oracle (Goldberg and Nivre 2013) with error
//!   exploration: from the second epoch the parser follows its own wrong predictions 90% of
//!   the time and is always updated towards the best zero-cost transition (minimum cost for
//!   non-projective trees, whose lost arcs the cost cannot avoid). Training data is UD English
//!   EWT train plus GUM train, with tags from a 5-fold jackknifed tagger (in `xtask`), so that
//!   training tags look like run-time tags.
//! - **Model file** (`format`): labels plus features with (class, i16) weights, quantised
//!   with one global scale, pruned (features whose largest weight is small are dropped whole,
//!   which costs less accuracy per byte than thinning every feature; then small weights),
//!   keys truncated to 40 bits, deflated;
//!   `model/parse.bin` is compiled in and decoded once by [`Parser::load_default`] into an
//!   open-addressing table laid out for cache misses that overlap (`table`). Built by
//!   `cargo xtask train parse`, measured by `cargo xtask eval parse` (figures in the report of
//!   the commit that last changed the model).

pub mod conllu;
pub mod features;
mod format;
pub mod system;
mod table;
pub mod train;

use std::sync::OnceLock;

/// The committed model, compiled in so that no path is needed at run time.
static DEFAULT_MODEL: &[u8] = include_bytes!("../model/parse.bin");

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The model bytes are truncated, of another format or otherwise unreadable.
    #[error("corrupt parser model: {0}")]
    Corrupt(String),
    /// Training was given no usable sentence.
    #[error("no training data")]
    NoData,
}

/// The head and relation of one word. `rel` borrows from the [`Parser`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dep<'a> {
    /// 0 = root, else the 1-based index of the head word.
    pub head: usize,
    /// UD relation including its subtype, e.g. "nsubj", "obl:tmod".
    pub rel: &'a str,
}

/// A loaded model: see the crate docs.
#[derive(Debug)]
pub struct Parser {
    labels: Vec<String>,
    root_label: usize,
    /// Feature hash -> (class, weight) entries.
    table: table::Table,
}

impl Parser {
    /// The model compiled into the binary, decoded on first use.
    pub fn load_default() -> Result<&'static Parser, Error> {
        static CELL: OnceLock<Result<Parser, String>> = OnceLock::new();
        CELL.get_or_init(|| Parser::from_bytes(DEFAULT_MODEL).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| Error::Corrupt(e.clone()))
    }

    /// Decodes a model written by [`train::train`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Parser, Error> {
        format::decode(bytes)
    }

    /// Number of weighted features (for reports).
    pub fn n_features(&self) -> usize {
        self.table.n_keys()
    }

    /// The relation labels the model knows.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Parses one sentence. `words`, `xpos` and `upos` should have the same length; if not,
    /// the extra words (beyond the shortest slice) are attached to the root word with `dep`.
    /// Never panics; the result has one entry per word and is a tree with exactly one root.
    pub fn parse(&self, words: &[&str], xpos: &[&str], upos: &[&str]) -> Vec<Dep<'_>> {
        let sent = features::Sentence::new(words, xpos, upos);
        let n = sent.len();
        let heads_labels = self.parse_ids(&sent);
        let label = |l: usize| self.labels.get(l).map_or("dep", String::as_str);
        let mut out: Vec<Dep<'_>> = heads_labels
            .iter()
            .map(|&(h, l)| Dep {
                head: h,
                rel: label(l),
            })
            .collect();
        // Words beyond the tags hang from the root word (the first of them if none was parsed).
        let root = out.iter().position(|d| d.head == 0).map_or(n + 1, |i| i + 1);
        for i in n..words.len() {
            out.push(if i + 1 == root {
                Dep {
                    head: 0,
                    rel: "root",
                }
            } else {
                Dep {
                    head: root,
                    rel: "dep",
                }
            });
        }
        out
    }

    /// Greedy decoding: (head in CoNLL-U numbering, label id) per word.
    fn parse_ids(&self, sent: &features::Sentence) -> Vec<(usize, usize)> {
        let n = sent.len();
        let mut st = system::State::new(n);
        let n_classes = system::n_classes(self.labels.len());
        let mut scores = vec![0i32; n_classes];
        let mut feats = Vec::with_capacity(160);
        let mut runs = Vec::with_capacity(160);
        // Exactly 2n transitions are needed; the bound only guards against a logic error.
        for _ in 0..2 * n + 2 {
            if st.is_terminal() {
                break;
            }
            features::extract(sent, &st, &mut feats);
            scores.iter_mut().for_each(|s| *s = 0);
            self.table.score(&feats, &mut scores, &mut runs);
            let mut best: Option<(usize, i32)> = None;
            for (c, &s) in scores.iter().enumerate() {
                if st.is_legal(c, self.root_label) && best.is_none_or(|(_, b)| s > b) {
                    best = Some((c, s));
                }
            }
            let Some((c, _)) = best else { break };
            st.apply(c);
        }
        finish_tree(&st, self.root_label)
    }
}

/// Reads the tree out of a final state, repairing it if decoding stopped early: any word
/// without a head is attached to the root word (which cannot create a cycle).
pub(crate) fn finish_tree(st: &system::State, root_label: usize) -> Vec<(usize, usize)> {
    let n = st.n;
    let root_word = (1..=n).find(|&i| st.heads.get(i).is_some_and(|&h| h as usize == n + 1));
    let mut out = Vec::with_capacity(n);
    for i in 1..=n {
        let h = st.heads.get(i).copied().unwrap_or(0) as usize;
        let l = usize::from(st.labels.get(i).copied().unwrap_or(0));
        out.push(match root_word {
            Some(r) if i == r => (0, root_label),
            Some(r) if h == 0 || h == n + 1 => (r, l),
            Some(_) => (h, l),
            // No root at all: the first word becomes the root, the rest keep their heads
            // or hang from it.
            None if i == 1 => (0, root_label),
            None if h == 0 || h == n + 1 => (1, l),
            None => (h, l),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conllu::TreeSentence;

    fn sentence(rows: &[(&str, &str, &str, usize, &str)]) -> TreeSentence {
        TreeSentence {
            forms: rows.iter().map(|r| r.0.to_string()).collect(),
            xpos: rows.iter().map(|r| r.1.to_string()).collect(),
            upos: rows.iter().map(|r| r.2.to_string()).collect(),
            heads: rows.iter().map(|r| r.3).collect(),
            deprels: rows.iter().map(|r| r.4.to_string()).collect(),
        }
    }

    /// A model trained on two hand-written sentences, enough to exercise decoding.
    fn tiny() -> Parser {
        let data = vec![
            sentence(&[
                ("Rekker", "NNP", "PROPN", 2, "nsubj"),
                ("said", "VBD", "VERB", 0, "root"),
                ("troops", "NNS", "NOUN", 4, "nsubj"),
                ("arrived", "VBD", "VERB", 2, "ccomp"),
                (".", ".", "PUNCT", 2, "punct"),
            ]),
            sentence(&[
                ("The", "DT", "DET", 2, "det"),
                ("minister", "NN", "NOUN", 3, "nsubj"),
                ("left", "VBD", "VERB", 0, "root"),
                ("Amsel", "NNP", "PROPN", 3, "obj"),
                ("on", "IN", "ADP", 6, "case"),
                ("Tuesday", "NNP", "PROPN", 3, "obl:tmod"),
            ]),
        ];
        let opts = train::TrainOptions {
            epochs: 5,
            prune_features_below: 0,
            prune_below: 0,
            ..Default::default()
        };
        let trained = train::train(&data, &opts, |_| {}).unwrap();
        Parser::from_bytes(&trained.bytes).unwrap()
    }

    /// Each word has a head in range, exactly one root, and following heads never loops.
    fn assert_tree(deps: &[Dep<'_>]) {
        let n = deps.len();
        assert_eq!(deps.iter().filter(|d| d.head == 0).count(), usize::from(n > 0));
        for (i, d) in deps.iter().enumerate() {
            assert!(d.head <= n && d.head != i + 1, "word {} head {}", i + 1, d.head);
            assert_eq!(d.head == 0, d.rel == "root");
            let mut h = d.head;
            let mut steps = 0;
            while h != 0 {
                h = deps[h - 1].head;
                steps += 1;
                assert!(steps <= n, "cycle through word {}", i + 1);
            }
        }
    }

    #[test]
    fn learns_the_training_sentences() {
        let p = tiny();
        let deps = p.parse(
            &["Rekker", "said", "troops", "arrived", "."],
            &["NNP", "VBD", "NNS", "VBD", "."],
            &["PROPN", "VERB", "NOUN", "VERB", "PUNCT"],
        );
        let got: Vec<(usize, &str)> = deps.iter().map(|d| (d.head, d.rel)).collect();
        assert_eq!(got, vec![(2, "nsubj"), (0, "root"), (4, "nsubj"), (2, "ccomp"), (2, "punct")]);
    }

    #[test]
    fn arbitrary_input_gives_a_tree() {
        let p = tiny();
        let words = ["x", "of", "the", ",", "Amsel", "said", "left", "on", "9", "(", ")"];
        let tags = ["NN", "IN", "DT", ",", "NNP", "VBD", "VBN", "IN", "CD", "-LRB-", "-RRB-"];
        for n in 0..words.len() {
            for shift in 0..3 {
                let w: Vec<&str> = (0..n).map(|i| words[(i * 7 + shift) % words.len()]).collect();
                let t: Vec<&str> = (0..n).map(|i| tags[(i * 5 + shift) % tags.len()]).collect();
                let deps = p.parse(&w, &t, &t);
                assert_eq!(deps.len(), n);
                assert_tree(&deps);
            }
        }
    }

    #[test]
    fn empty_mismatched_and_long_input() {
        let p = tiny();
        assert!(p.parse(&[], &[], &[]).is_empty());
        // Fewer tags than words: one dep per word, still a tree.
        let deps = p.parse(&["Rekker", "said", "so"], &["NNP"], &["PROPN", "VERB"]);
        assert_eq!(deps.len(), 3);
        assert_tree(&deps);
        let deps = p.parse(&["Rekker"], &["NNP", "VBD"], &[]);
        assert_eq!(deps.len(), 1);
        assert_tree(&deps);
        // A 100,000-word "sentence" with no punctuation: linear time and memory.
        let w: Vec<&str> = (0..100_000).map(|i| ["troops", "said", "the", "left"][i % 4]).collect();
        let t: Vec<&str> = (0..100_000).map(|i| ["NNS", "VBD", "DT", "VBD"][i % 4]).collect();
        let deps = p.parse(&w, &t, &t);
        assert_eq!(deps.len(), w.len());
        assert_tree(&deps);
    }

    #[test]
    fn corrupt_model_bytes_are_an_error() {
        assert!(Parser::from_bytes(&[]).is_err());
        assert!(Parser::from_bytes(b"not a model").is_err());
        let good = tiny();
        let _ = good;
        let opts = train::TrainOptions {
            epochs: 1,
            prune_features_below: 0,
            prune_below: 0,
            ..Default::default()
        };
        let data = vec![sentence(&[("Go", "VB", "VERB", 0, "root")])];
        let bytes = train::train(&data, &opts, |_| {}).unwrap().bytes;
        assert!(Parser::from_bytes(&bytes).is_ok());
        assert!(Parser::from_bytes(&bytes[..bytes.len() / 2]).is_err());
        let mut flipped = bytes.clone();
        for b in flipped.iter_mut().skip(2).step_by(3) {
            *b ^= 0x5a;
        }
        assert!(Parser::from_bytes(&flipped).is_err());
    }
}
