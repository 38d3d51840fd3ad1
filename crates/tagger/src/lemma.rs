//! Rule-based English lemmatiser driven by the Penn (XPOS) tag.
//!
//! Suffix rules (-s/-es/-ies, -ed/-ing with undoubling and e-restoration, -er/-est) produce
//! candidates; a lexicon of lemmas seen in the training treebank picks between them, and an
//! exception table (also built from the training data) covers irregular forms such as
//! "went" -> "go" or "me" -> "I".

use std::collections::{HashMap, HashSet};

/// Lexicons and exceptions; all built by [`crate::train`] from the training treebank.
#[derive(Debug, Default, Clone)]
pub struct Lemmatizer {
    /// Lowercase form -> (xpos, lemma) pairs, only where the rules get it wrong; keyed by the
    /// form alone so that a lookup needs no allocated key.
    exceptions: HashMap<String, Vec<(String, String)>>,
    pub(crate) nouns: HashSet<String>,
    pub(crate) verbs: HashSet<String>,
    pub(crate) adjectives: HashSet<String>,
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// "stopp" -> Some("stop"): a doubled final consonant, as in stopped/running/bigger.
fn undouble(stem: &str) -> Option<String> {
    let mut rev = stem.chars().rev();
    let (a, b) = (rev.next()?, rev.next()?);
    (a == b && a.is_ascii_alphabetic() && !is_vowel(a)).then(|| {
        let mut s = stem.to_string();
        s.pop();
        s
    })
}

impl Lemmatizer {
    /// The rules plus lexicons, without the exception table (used in training to decide
    /// which exceptions are needed).
    pub(crate) fn rules(&self, form: &str, lower: &str, xpos: &str) -> String {
        match xpos {
            "NNP" => form.to_string(),
            "NNPS" => {
                // Proper-noun plurals keep their case: "Americans" -> "American".
                let l = self.plural(lower, &self.nouns);
                let cut = lower.len().saturating_sub(l.len());
                if l.len() <= lower.len() && lower.starts_with(&l) {
                    form.get(..form.len().saturating_sub(cut)).unwrap_or(form).to_string()
                } else {
                    form.to_string()
                }
            }
            "NNS" => self.plural(lower, &self.nouns),
            "VBZ" => self.plural(lower, &self.verbs),
            "VBD" | "VBN" => self.strip(lower, "ed", &self.verbs),
            "VBG" => self.strip(lower, "ing", &self.verbs),
            "JJR" | "RBR" => self.strip(lower, "er", &self.adjectives),
            "JJS" | "RBS" => self.strip(lower, "est", &self.adjectives),
            _ => lower.to_string(),
        }
    }

    /// Lemma of `form` tagged `xpos`.
    pub fn lemma(&self, form: &str, xpos: &str) -> String {
        let lower = form.to_lowercase();
        if let Some((_, l)) = self.exceptions.get(lower.as_str()).and_then(|v| v.iter().find(|(x, _)| x == xpos)) {
            return l.clone();
        }
        match xpos {
            "NNP" | "NNPS" | "NNS" | "VBZ" | "VBD" | "VBN" | "VBG" | "JJR" | "RBR" | "JJS" | "RBS" => {
                self.rules(form, &lower, xpos)
            }
            _ => lower,
        }
    }

    /// Records that `lower` tagged `xpos` has the lemma `lemma` (replacing an earlier one).
    pub(crate) fn add_exception(&mut self, lower: String, xpos: String, lemma: String) {
        let v = self.exceptions.entry(lower).or_default();
        match v.iter_mut().find(|(x, _)| *x == xpos) {
            Some(e) => e.1 = lemma,
            None => v.push((xpos, lemma)),
        }
    }

    /// Number of exceptions.
    pub(crate) fn n_exceptions(&self) -> usize {
        self.exceptions.values().map(Vec::len).sum()
    }

    /// The exceptions as sorted (lowercase form, xpos, lemma) triples.
    pub(crate) fn exceptions_sorted(&self) -> Vec<(&str, &str, &str)> {
        let mut out: Vec<(&str, &str, &str)> = self
            .exceptions
            .iter()
            .flat_map(|(f, v)| v.iter().map(move |(x, l)| (f.as_str(), x.as_str(), l.as_str())))
            .collect();
        out.sort();
        out
    }

    fn plural(&self, w: &str, lex: &HashSet<String>) -> String {
        if let Some(stem) = w.strip_suffix("ies") {
            if stem.chars().count() >= 2 {
                return format!("{stem}y");
            }
        }
        if let Some(stem) = w.strip_suffix("es") {
            let with_e = format!("{stem}e");
            if lex.contains(stem) && !lex.contains(&with_e) {
                return stem.to_string();
            }
            if lex.contains(&with_e) {
                return with_e;
            }
            if ["s", "x", "z", "ch", "sh"].iter().any(|s| stem.ends_with(s)) && !stem.ends_with("ss") {
                return stem.to_string();
            }
            if stem.ends_with("ss") {
                return stem.to_string();
            }
        }
        if let Some(stem) = w.strip_suffix('s') {
            if !stem.is_empty() && !w.ends_with("ss") {
                return stem.to_string();
            }
        }
        w.to_string()
    }

    fn strip(&self, w: &str, suffix: &str, lex: &HashSet<String>) -> String {
        let Some(stem) = w.strip_suffix(suffix) else {
            return w.to_string();
        };
        if stem.is_empty() {
            return w.to_string();
        }
        let with_e = format!("{stem}e");
        let undoubled = undouble(stem);
        let y = stem.strip_suffix('i').map(|s| format!("{s}y"));
        // The e-restored stem comes first: had the lemma been "hop", the form would be
        // "hopped"/"hopping", so "hoped"/"hoping" point to "hope".
        let candidates: Vec<String> = [
            Some(with_e.clone()),
            Some(stem.to_string()),
            undoubled.clone(),
            y.clone(),
        ]
        .into_iter()
        .flatten()
        .collect();
        if let Some(c) = candidates.iter().find(|c| lex.contains(c.as_str())) {
            return c.clone();
        }
        if suffix == "ed" && stem.ends_with('e') {
            return stem.to_string();
        }
        if let Some(y) = y {
            if suffix != "ing" {
                return y;
            }
        }
        if let Some(u) = undoubled {
            if !["ll", "ss", "zz", "ff"].iter().any(|s| stem.ends_with(s)) {
                return u;
            }
        }
        if ["v", "iz", "yz", "c", "at", "ut", "ur", "dg"]
            .iter()
            .any(|s| stem.ends_with(s))
        {
            return with_e;
        }
        stem.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(form: &str, xpos: &str, expected: &str) {
        let mut l = Lemmatizer::default();
        for v in ["hope", "stop", "run", "try", "agree", "hop"] {
            l.verbs.insert(v.to_string());
        }
        l.nouns.insert("case".into());
        assert_eq!(l.lemma(form, xpos), expected, "{form}/{xpos}");
    }

    #[test]
    fn rules() {
        check("hoped", "VBD", "hope");
        check("stopped", "VBN", "stop");
        check("running", "VBG", "run");
        check("tried", "VBD", "try");
        check("agreed", "VBD", "agree");
        check("cases", "NNS", "case");
        check("boxes", "NNS", "box");
        check("cities", "NNS", "city");
        check("troops", "NNS", "troop");
        check("glass", "NN", "glass");
        check("Rekker", "NNP", "Rekker");
        check("Velorians", "NNPS", "Velorian");
        check("", "NN", "");
        check("s", "NNS", "s");
    }
}
