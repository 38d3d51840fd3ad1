//! The cue and frame lexicons: which words make a sentence argue (hedge, doubt, reject, explain,
//! predict, ...) and which name one of the competing explanations. Data, not code:
//! `data/cues.tsv` and `data/frames.tsv` (their headers document the format), compiled in and
//! parsed once.

use std::collections::HashMap;
use std::sync::OnceLock;

const CUES: &str = include_str!("../data/cues.tsv");
const FRAMES: &str = include_str!("../data/frames.tsv");

/// Longest gap a `...` in a phrase lets through, in tokens.
const MAX_GAP: usize = 4;

/// What a cue does to a sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Class {
    Hedge,
    Doubt,
    Reject,
    /// Rejects what came before and asserts what follows ("ignores").
    Overlook,
    Explain,
    Predict,
    Modal,
    Evaluate,
    Reported,
    Anaphor,
}

impl Class {
    fn parse(s: &str) -> Option<Class> {
        Some(match s {
            "hedge" => Class::Hedge,
            "doubt" => Class::Doubt,
            "reject" => Class::Reject,
            "overlook" => Class::Overlook,
            "explain" => Class::Explain,
            "predict" => Class::Predict,
            "modal" => Class::Modal,
            "evaluate" => Class::Evaluate,
            "reported" => Class::Reported,
            "anaphor" => Class::Anaphor,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Class::Hedge => "hedge",
            Class::Doubt => "doubt",
            Class::Reject => "reject",
            Class::Overlook => "overlook",
            Class::Explain => "explain",
            Class::Predict => "predict",
            Class::Modal => "modal",
            Class::Evaluate => "evaluate",
            Class::Reported => "reported",
            Class::Anaphor => "anaphor",
        }
    }
}

/// One word of a phrase: a word to match, or a gap.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    Word(String),
    Gap,
}

/// What a phrase stands for: a cue class or an explanation frame (its index in `frames`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tag {
    Cue(Class),
    Frame(usize),
}

#[derive(Clone, Debug)]
struct Phrase {
    parts: Vec<Part>,
    tag: Tag,
}

/// An explanation frame: id and the label the hypotheses matrix shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    pub id: String,
    pub label: String,
}

/// A phrase found in a sentence: what it is and its tokens (half-open, sentence-relative).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub tag: Tag,
    pub start: usize,
    pub end: usize,
}

/// Both lexicons, indexed by first word.
#[derive(Debug, Default)]
pub struct Lexicon {
    by_first: HashMap<String, Vec<Phrase>>,
    pub frames: Vec<Frame>,
}

impl Lexicon {
    /// Parses the two tables; malformed lines are skipped (the tests check that none is).
    pub fn parse(cues: &str, frames: &str) -> Lexicon {
        let mut lex = Lexicon::default();
        for line in data_lines(cues) {
            let mut cols = line.split('\t');
            let (Some(class), Some(phrase)) = (cols.next().and_then(Class::parse), cols.next()) else { continue };
            lex.add(phrase, Tag::Cue(class));
        }
        for line in data_lines(frames) {
            let cols: Vec<&str> = line.split('\t').collect();
            let [id, label, phrase] = cols[..] else { continue };
            let k = match lex.frames.iter().position(|f| f.id == id) {
                Some(k) => k,
                None => {
                    lex.frames.push(Frame { id: id.to_string(), label: label.to_string() });
                    lex.frames.len() - 1
                }
            };
            lex.add(phrase, Tag::Frame(k));
        }
        lex
    }

    fn add(&mut self, phrase: &str, tag: Tag) {
        let parts: Vec<Part> = phrase
            .split_whitespace()
            .map(|w| if w == "..." { Part::Gap } else { Part::Word(w.to_lowercase()) })
            .collect();
        let Some(Part::Word(first)) = parts.first() else { return };
        self.by_first.entry(first.clone()).or_default().push(Phrase { parts, tag });
    }

    /// The lexicon compiled into the crate.
    pub fn load_default() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(|| Lexicon::parse(CUES, FRAMES))
    }

    /// Number of phrases (for tests).
    pub fn len(&self) -> usize {
        self.by_first.values().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every phrase occurring in a sentence given as lower-case `(text, lemma)` per token.
    pub fn find(&self, words: &[(String, String)]) -> Vec<Hit> {
        let mut hits = Vec::new();
        for i in 0..words.len() {
            let Some((text, lemma)) = words.get(i) else { continue };
            let mut candidates: Vec<&Phrase> = self.by_first.get(text).map(|v| v.iter().collect()).unwrap_or_default();
            if lemma != text {
                candidates.extend(self.by_first.get(lemma).into_iter().flatten());
            }
            for p in candidates {
                if let Some(end) = match_at(&p.parts, words, i) {
                    if !hits.iter().any(|h: &Hit| h.tag == p.tag && h.start == i && h.end == end) {
                        hits.push(Hit { tag: p.tag, start: i, end });
                    }
                }
            }
        }
        hits
    }
}

fn data_lines(table: &str) -> impl Iterator<Item = &str> {
    table.lines().map(str::trim_end).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn word_matches(w: &str, words: &[(String, String)], i: usize) -> bool {
    words.get(i).is_some_and(|(t, l)| t == w || l == w)
}

/// Matches `parts` at token `i`; returns the end (exclusive) of the match.
fn match_at(parts: &[Part], words: &[(String, String)], i: usize) -> Option<usize> {
    let mut pos = i;
    let mut k = 0;
    while k < parts.len() {
        match parts.get(k)? {
            Part::Word(w) => {
                if !word_matches(w, words, pos) {
                    return None;
                }
                pos += 1;
                k += 1;
            }
            Part::Gap => {
                // The next word must appear within MAX_GAP tokens.
                let Some(Part::Word(next)) = parts.get(k + 1) else { return Some(pos) };
                let found = (pos..(pos + MAX_GAP + 1).min(words.len())).find(|&j| word_matches(next, words, j))?;
                pos = found + 1;
                k += 2;
            }
        }
    }
    Some(pos)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<(String, String)> {
        s.split_whitespace().map(|w| (w.to_lowercase(), w.to_lowercase())).collect()
    }

    #[test]
    fn tables_parse_without_loss() {
        let lex = Lexicon::load_default();
        let n_lines = data_lines(CUES).count() + data_lines(FRAMES).count();
        assert_eq!(lex.len(), n_lines, "every data line is a phrase");
        assert_eq!(lex.frames.len(), 4);
    }

    #[test]
    fn phrases_and_gaps() {
        let lex = Lexicon::load_default();
        let hits = lex.find(&words("Velsk was using the alliance as cover for a land grab"));
        assert!(hits.iter().any(|h| h.tag == Tag::Cue(Class::Explain)), "{hits:?}");
        assert!(hits.iter().any(|h| matches!(h.tag, Tag::Frame(_))), "{hits:?}");
        let hits = lex.find(&words("it used the crisis as cover"));
        assert!(hits.iter().any(|h| h.tag == Tag::Cue(Class::Explain) && h.start == 1 && h.end == 6), "{hits:?}");
        assert!(lex.find(&words("the weather was fine")).is_empty());
    }
}
