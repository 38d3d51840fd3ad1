//! The cue lexicon: how often a word heads an attribution cue ("said", "according", "wants")
//! and how often it heads a source ("spokesman", "poll"), learned from PolNeAR's training
//! articles by `cargo xtask train attribution` and compiled in from `model/cues.tsv`.
//!
//! A word's cue score is `n_cue / (n_total + 1)`: the share of its occurrences (by lemma and
//! part of speech) that head a cue in the annotated articles, shrunk towards zero for rare words.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The lexicon compiled into the binary.
const DEFAULT: &str = include_str!("../model/cues.tsv");

/// Learned statistics per (lemma, UPOS).
#[derive(Debug, Default)]
pub struct Lexicon {
    cues: HashMap<(String, String), (u32, u32)>,
    sources: HashMap<(String, String), (u32, u32)>,
}

impl Lexicon {
    /// The compiled-in lexicon, parsed once.
    pub fn load_default() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(|| Lexicon::parse(DEFAULT))
    }

    /// Reads the TSV written by `cargo xtask train attribution`: comment lines start with `#`,
    /// a line `# sources` starts the second block; rows are `lemma, upos, n, n_total`. Rows that
    /// do not parse are skipped (the file is ours, and a bad row must not stop the pipeline).
    pub fn parse(text: &str) -> Lexicon {
        let mut lex = Lexicon::default();
        let mut in_sources = false;
        for line in text.lines() {
            if let Some(comment) = line.strip_prefix('#') {
                if comment.trim().eq_ignore_ascii_case("sources") {
                    in_sources = true;
                }
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(lemma), Some(upos), Some(n), Some(total)) = (cols.next(), cols.next(), cols.next(), cols.next()) else {
                continue;
            };
            let (Ok(n), Ok(total)) = (n.trim().parse::<u32>(), total.trim().parse::<u32>()) else { continue };
            let key = (lemma.to_lowercase(), upos.to_string());
            if in_sources {
                lex.sources.insert(key, (n, total.max(n)));
            } else {
                lex.cues.insert(key, (n, total.max(n)));
            }
        }
        lex
    }

    /// Number of cue entries (for diagnostics and tests).
    pub fn n_cues(&self) -> usize {
        self.cues.len()
    }

    /// The share of this word's occurrences that head a cue, in `0..1`.
    pub fn cue_score(&self, lemma: &str, upos: &str) -> f32 {
        score(&self.cues, lemma, upos)
    }

    /// How many times this word headed a cue in training.
    pub fn cue_count(&self, lemma: &str, upos: &str) -> u32 {
        lookup(&self.cues, lemma, upos).map_or(0, |&(n, _)| n)
    }

    /// The share of this word's occurrences that head a source ("spokesman", "poll").
    pub fn source_score(&self, lemma: &str, upos: &str) -> f32 {
        score(&self.sources, lemma, upos)
    }
}

fn lookup<'a>(map: &'a HashMap<(String, String), (u32, u32)>, lemma: &str, upos: &str) -> Option<&'a (u32, u32)> {
    // Lemmas in the file are lower-case; most callers already pass lower case, so avoid the
    // allocation when they do.
    if lemma.chars().any(char::is_uppercase) {
        map.get(&(lemma.to_lowercase(), upos.to_string()))
    } else {
        map.get(&(lemma.to_string(), upos.to_string()))
    }
}

fn score(map: &HashMap<(String, String), (u32, u32)>, lemma: &str, upos: &str) -> f32 {
    lookup(map, lemma, upos).map_or(0.0, |&(n, total)| n as f32 / (total as f32 + 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_blocks_and_skips_junk() {
        let lex = Lexicon::parse("# header\nlemma\tupos\tn_cue\tn_total\nsay\tVERB\t90\t100\nbad line\n# sources\nlemma\tupos\tn_source\tn_total\nspokesman\tNOUN\t8\t9\n");
        assert!((lex.cue_score("say", "VERB") - 90.0 / 101.0).abs() < 1e-6);
        assert!((lex.cue_score("Say", "VERB") - 90.0 / 101.0).abs() < 1e-6);
        assert_eq!(lex.cue_score("say", "NOUN"), 0.0);
        assert_eq!(lex.cue_score("spokesman", "NOUN"), 0.0, "sources are not cues");
        assert!(lex.source_score("spokesman", "NOUN") > 0.7);
    }

    #[test]
    fn default_lexicon_knows_say() {
        let lex = Lexicon::load_default();
        assert!(lex.cue_score("say", "VERB") > 0.5, "the compiled-in lexicon must have been trained");
    }
}
