//! Actor roles: words that say what kind of actor a phrase names ("security forces",
//! "protesters", "President") and the CAMEO role code (sector) they give. Data, not code:
//! `data/roles.tsv`, compiled in and parsed once.

use std::collections::HashMap;
use std::sync::OnceLock;

const DEFAULT: &str = include_str!("../data/roles.tsv");

/// Role phrases (lower-case words joined by spaces) to sector codes.
#[derive(Debug, Default)]
pub struct Roles {
    phrases: HashMap<String, String>,
    longest: usize,
}

impl Roles {
    pub fn load_default() -> &'static Roles {
        static ROLES: OnceLock<Roles> = OnceLock::new();
        ROLES.get_or_init(|| Roles::parse(DEFAULT))
    }

    /// Reads `phrase<TAB>SECTOR` rows; `#` starts a comment line; malformed rows are skipped.
    pub fn parse(text: &str) -> Roles {
        let mut r = Roles::default();
        for line in text.lines() {
            if line.starts_with('#') {
                continue;
            }
            let Some((phrase, sector)) = line.split_once('\t') else { continue };
            let (phrase, sector) = (phrase.trim().to_lowercase(), sector.trim());
            if phrase.is_empty() || sector.len() != 3 {
                continue;
            }
            r.longest = r.longest.max(phrase.split(' ').count());
            r.phrases.insert(phrase, sector.to_string());
        }
        r
    }

    /// The sector of one phrase.
    pub fn sector(&self, phrase: &str) -> Option<&str> {
        self.phrases.get(&phrase.to_lowercase()).map(String::as_str)
    }

    /// The sector named in a sequence of words (lower case), preferring the phrase that ends
    /// at `head` (the actor's head word), then the longest phrase anywhere.
    pub fn sector_in(&self, words: &[String], head: Option<usize>) -> Option<&str> {
        let mut best: Option<(bool, usize, &str)> = None;
        for start in 0..words.len() {
            for len in 1..=self.longest.min(words.len() - start) {
                let phrase = words[start..start + len].join(" ");
                if let Some(s) = self.phrases.get(&phrase) {
                    let at_head = head.is_some_and(|h| h + 1 == start + len || (start..start + len).contains(&h));
                    let key = (at_head, len, s.as_str());
                    if best.is_none_or(|b| (key.0, key.1) > (b.0, b.1)) {
                        best = Some(key);
                    }
                }
            }
        }
        best.map(|b| b.2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split(' ').map(str::to_lowercase).collect()
    }

    #[test]
    fn head_phrases_win_over_modifiers() {
        let r = Roles::load_default();
        assert_eq!(r.sector_in(&words("Kazakh security forces"), Some(2)), Some("COP"));
        assert_eq!(r.sector_in(&words("police officers"), Some(1)), Some("COP"));
        assert_eq!(r.sector_in(&words("opposition protesters"), Some(1)), Some("OPP"));
        // The head's role wins over a modifier's: a police union is labour.
        assert_eq!(r.sector_in(&words("police union"), Some(1)), Some("LAB"));
        assert_eq!(r.sector_in(&words("the army 's commander"), Some(3)), Some("MIL"));
        assert_eq!(r.sector_in(&words("state media"), Some(1)), Some("MED"));
        assert_eq!(r.sector_in(&words("the weather"), Some(1)), None);
        assert_eq!(r.sector("CSTO"), Some("IGO"));
    }
}
