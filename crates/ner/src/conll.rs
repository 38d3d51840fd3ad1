//! CoNLL-2003 files and conlleval-compatible scoring.
//!
//! The scorer reproduces conlleval.pl: tags are split into a prefix (B, I, E, S, O) and a type;
//! a chunk starts and ends by conlleval's `startOfChunk`/`endOfChunk` rules (so IOB1 and IOB2 both
//! work); a predicted chunk is correct only when its type and both boundaries match a gold chunk;
//! precision, recall and F1 are micro-averaged over all chunks.

use std::collections::BTreeMap;

use crate::{EntityType, Mention};

/// One sentence: tokens and their NER tags as written in the file.
#[derive(Debug, Clone, Default)]
pub struct Sentence {
    pub tokens: Vec<String>,
    pub tags: Vec<String>,
}

/// A document: the sentences between two `-DOCSTART-` lines.
pub type Document = Vec<Sentence>;

/// Parses CoNLL-2003 text (`token POS chunk NER`, one token per line; blank lines end sentences;
/// `-DOCSTART-` lines start documents). Only the first and last columns are read.
pub fn parse(text: &str) -> Vec<Document> {
    let mut docs: Vec<Document> = Vec::new();
    let mut doc: Document = Vec::new();
    let mut sent = Sentence::default();
    for line in text.lines() {
        let mut cols = line.split_whitespace();
        let Some(token) = cols.next() else {
            if !sent.tokens.is_empty() {
                doc.push(std::mem::take(&mut sent));
            }
            continue;
        };
        if token == "-DOCSTART-" {
            if !sent.tokens.is_empty() {
                doc.push(std::mem::take(&mut sent));
            }
            if !doc.is_empty() {
                docs.push(std::mem::take(&mut doc));
            }
            continue;
        }
        let tag = cols.last().unwrap_or("O");
        sent.tokens.push(token.to_string());
        sent.tags.push(tag.to_string());
    }
    if !sent.tokens.is_empty() {
        doc.push(sent);
    }
    if !doc.is_empty() {
        docs.push(doc);
    }
    docs
}

fn split_tag(tag: &str) -> (&str, &str) {
    match tag.split_once('-') {
        Some((p, t)) => (p, t),
        None => (tag, ""),
    }
}

fn end_of_chunk(prev_tag: &str, tag: &str, prev_type: &str, ty: &str) -> bool {
    matches!(
        (prev_tag, tag),
        ("B", "B") | ("B", "O") | ("I", "B") | ("I", "O") | ("E", "E") | ("E", "I") | ("E", "O")
    ) || (prev_tag != "O" && prev_tag != "." && prev_type != ty)
        || prev_tag == "]"
        || prev_tag == "["
}

fn start_of_chunk(prev_tag: &str, tag: &str, prev_type: &str, ty: &str) -> bool {
    matches!(
        (prev_tag, tag),
        ("B", "B") | ("I", "B") | ("O", "B") | ("O", "I") | ("E", "E") | ("E", "I") | ("O", "E")
    ) || (tag != "O" && tag != "." && prev_type != ty)
        || tag == "["
        || tag == "]"
}

/// Chunks of a tag sequence the conlleval way, as `(start, end_exclusive, type)`.
pub fn chunks<S: AsRef<str>>(tags: &[S]) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let (mut prev_tag, mut prev_type) = ("O", "");
    let mut open: Option<(usize, String)> = None;
    for (i, tag) in tags.iter().enumerate() {
        let (t, ty) = split_tag(tag.as_ref());
        if end_of_chunk(prev_tag, t, prev_type, ty) {
            if let Some((start, kind)) = open.take() {
                out.push((start, i, kind));
            }
        }
        if start_of_chunk(prev_tag, t, prev_type, ty) {
            open = Some((i, ty.to_string()));
        }
        prev_tag = t;
        prev_type = ty;
    }
    if let Some((start, kind)) = open {
        out.push((start, tags.len(), kind));
    }
    out
}

/// Gold mentions of a sentence (types outside PER/ORG/LOC/MISC are dropped).
pub fn gold_mentions(sentence: &Sentence) -> Vec<Mention> {
    chunks(&sentence.tags)
        .into_iter()
        .filter_map(|(s, e, ty)| EntityType::from_label(&ty).map(|t| (s, e, t)))
        .collect()
}

/// Counts for one type or overall.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub gold: usize,
    pub predicted: usize,
    pub correct: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        if self.predicted == 0 { 0.0 } else { 100.0 * self.correct as f64 / self.predicted as f64 }
    }
    pub fn recall(&self) -> f64 {
        if self.gold == 0 { 0.0 } else { 100.0 * self.correct as f64 / self.gold as f64 }
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
}

/// Accumulates conlleval counts over sentences.
#[derive(Debug, Default)]
pub struct Score {
    pub total: Counts,
    pub by_type: BTreeMap<String, Counts>,
}

impl Score {
    /// Adds one sentence given as chunks (any type labels).
    pub fn add(&mut self, gold: &[(usize, usize, String)], predicted: &[(usize, usize, String)]) {
        for g in gold {
            self.total.gold += 1;
            self.by_type.entry(g.2.clone()).or_default().gold += 1;
        }
        for p in predicted {
            self.total.predicted += 1;
            let c = self.by_type.entry(p.2.clone()).or_default();
            c.predicted += 1;
            if gold.contains(p) {
                c.correct += 1;
                self.total.correct += 1;
            }
        }
    }

    /// Adds one sentence given as tag sequences, the way conlleval reads its two columns.
    pub fn add_tags<S: AsRef<str>, T: AsRef<str>>(&mut self, gold: &[S], predicted: &[T]) {
        self.add(&chunks(gold), &chunks(predicted));
    }
}

/// Mentions as chunks with their CoNLL labels (NORP counts as MISC), for [`Score::add`].
pub fn mention_chunks(mentions: &[Mention]) -> Vec<(usize, usize, String)> {
    mentions.iter().map(|&(s, e, t)| (s, e, t.conll_label().to_string())).collect()
}
