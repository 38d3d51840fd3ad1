//! Feature extraction: every feature is a template id plus a few strings, hashed to a `u64`.
//!
//! Hashing instead of interning keeps the model file free of feature strings and makes
//! extraction allocation-free per token; with a few hundred thousand features, 64-bit
//! collisions are negligible.
//!
//! Words are first normalised the way the tokenizer's output differs from the treebank's:
//! curly apostrophes inside words (`don’t` -> `do` `n’t`, `Kazakhstan’s`) become straight
//! ones, so clitics look like the treebank's `n't` and `'s`.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};

/// Tag id used for the positions before the sentence start.
pub const START: u32 = u32::MAX;
/// A second start marker so that `p2` differs from `p1` at position 0.
pub const START2: u32 = u32::MAX - 1;
/// Ambiguity class of words missing from the lexicon.
pub const UNKNOWN_CLASS: u32 = u32::MAX;

/// FNV-1a over the template id and parts (with a separator), then a final mix so that
/// the identity hasher below spreads keys well.
#[inline]
fn hash(template: u8, parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ u64::from(template);
    h = h.wrapping_mul(0x0100_0000_01b3);
    for part in parts {
        for &b in *part {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h ^= 0xff;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    mix(h)
}

/// splitmix64 finaliser.
#[inline]
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Keys are already well-mixed hashes, so the map hasher passes them through.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Only reached for non-u64 keys, which we never use; fold bytes in anyway.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

#[derive(Default, Clone, Copy)]
pub struct IdBuild;

impl BuildHasher for IdBuild {
    type Hasher = IdHasher;
    fn build_hasher(&self) -> IdHasher {
        IdHasher(0)
    }
}

pub type IdMap<V> = std::collections::HashMap<u64, V, IdBuild>;

/// Word-level knowledge from the training data, keyed by the normalised (lowercase) form:
/// the ambiguity class, an id for the set of Penn tags a word was seen with.
#[derive(Debug, Default, Clone)]
pub struct Lexicon {
    /// Normalised word -> ambiguity class id.
    pub ambiguity: HashMap<String, u32>,
}

/// Per-word strings computed once per sentence and reused by the neighbours' features.
pub struct WordInfo {
    /// The word with curly apostrophes inside it made straight.
    pub raw: String,
    /// Lowercase form with numbers normalised (`!YEAR`, `!DIGITS`), as in Honnibal's tagger.
    norm: String,
    shape: String,
    /// The part after the last inner hyphen ("Russia-led" -> "led"), empty when none.
    hyphen_tail: String,
    has_digit: bool,
    has_hyphen: bool,
    init_upper: bool,
    all_upper: bool,
    ambiguity: u32,
    /// How the sentence is capitalised (see [`sentence`]): in titles and headlines Every Word
    /// Is Capitalised, in some web text none is, and then case says less about proper nouns.
    /// [`NO_SENTENCE_CASE`] for models trained before these features existed.
    sentence_case: u8,
}

/// Curly apostrophes and backticks inside a word become `'`; a lone quote keeps its form
/// because its direction is informative.
pub fn normalise(word: &str) -> std::borrow::Cow<'_, str> {
    if word.chars().nth(1).is_some() && word.contains(['\u{2019}', '\u{2018}', '`']) {
        std::borrow::Cow::Owned(word.replace(['\u{2019}', '\u{2018}', '`'], "'"))
    } else {
        std::borrow::Cow::Borrowed(word)
    }
}

/// The normalised lowercase form used for lookups and word features.
pub fn norm_form(word: &str) -> String {
    let first_digit = word.chars().next().is_some_and(|c| c.is_ascii_digit());
    if first_digit && word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()) {
        "!YEAR".to_string()
    } else if first_digit {
        "!DIGITS".to_string()
    } else {
        word.to_lowercase()
    }
}

impl WordInfo {
    pub fn new(word: &str, lexicon: &Lexicon) -> WordInfo {
        let raw = normalise(word).into_owned();
        let norm = norm_form(&raw);
        let ambiguity = lexicon.ambiguity.get(&norm).copied().unwrap_or(UNKNOWN_CLASS);
        let hyphen_tail = match raw.rfind('-') {
            Some(i) if i > 0 && i + 1 < raw.len() => norm_form(raw.get(i + 1..).unwrap_or("")),
            _ => String::new(),
        };
        WordInfo {
            norm,
            shape: shape(&raw),
            hyphen_tail,
            has_digit: raw.chars().any(|c| c.is_ascii_digit()),
            has_hyphen: raw.chars().skip(1).any(|c| c == '-'),
            init_upper: raw.chars().next().is_some_and(char::is_uppercase),
            all_upper: raw.chars().any(char::is_uppercase) && !raw.chars().any(char::is_lowercase),
            ambiguity,
            sentence_case: 0,
            raw,
        }
    }

    const fn empty(ambiguity: u32) -> WordInfo {
        WordInfo {
            raw: String::new(),
            norm: String::new(),
            shape: String::new(),
            hyphen_tail: String::new(),
            has_digit: false,
            has_hyphen: false,
            init_upper: false,
            all_upper: false,
            ambiguity,
            sentence_case: 0,
        }
    }
}

/// [`WordInfo::sentence_case`] of models without the sentence-case features.
pub const NO_SENTENCE_CASE: u8 = u8::MAX;

/// The [`WordInfo`] of every word of a sentence, with the sentence's capitalisation class
/// when `with_case`: 0 when no word after the first starts with a capital, 1 when few do, 2
/// when many, 3 when most (a title), 4 when the sentence is in capitals.
pub fn sentence(words: &[&str], lexicon: &Lexicon, with_case: bool) -> Vec<WordInfo> {
    let mut infos: Vec<WordInfo> = words.iter().map(|w| WordInfo::new(w, lexicon)).collect();
    if !with_case {
        for w in &mut infos {
            w.sentence_case = NO_SENTENCE_CASE;
        }
        return infos;
    }
    let (mut alpha, mut upper, mut all_upper) = (0usize, 0usize, 0usize);
    for w in infos.iter().skip(1) {
        if w.raw.chars().next().is_some_and(char::is_alphabetic) {
            alpha += 1;
            upper += usize::from(w.init_upper);
            all_upper += usize::from(w.all_upper && w.raw.chars().nth(1).is_some());
        }
    }
    let class = if alpha >= 2 && all_upper * 10 >= alpha * 8 {
        4
    } else if upper == 0 {
        0
    } else if upper * 10 < alpha * 3 {
        1
    } else if upper * 10 < alpha * 6 {
        2
    } else {
        3
    };
    for w in &mut infos {
        w.sentence_case = class;
    }
    infos
}

/// Word shape with runs collapsed and length capped: "Rekker" -> "Xx", "2,500" -> "d,d".
fn shape(word: &str) -> String {
    let mut out = String::new();
    let mut last = '\0';
    for c in word.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if s != last {
            out.push(s);
            last = s;
        }
        if out.len() >= 8 {
            break;
        }
    }
    out
}

/// The last `n` chars of `s` (all of it when shorter), sliced on char boundaries.
fn suffix(s: &str, n: usize) -> &str {
    let start = s.char_indices().rev().nth(n.saturating_sub(1)).map_or(0, |(i, _)| i);
    s.get(start..).unwrap_or(s)
}

/// The first `n` chars of `s`.
fn prefix(s: &str, n: usize) -> &str {
    let end = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    s.get(..end).unwrap_or(s)
}

/// Fills `out` with the feature hashes of token `i` (see [`extract_static`] and
/// [`extract_dynamic`], which split them by what they depend on).
pub fn extract(words: &[WordInfo], i: usize, p1: u32, p2: u32, last_verb: Option<usize>, out: &mut Vec<u64>) {
    extract_static(words, i, out);
    push_dynamic(words, i, p1, p2, last_verb, out);
}

/// Edge markers: empty strings (the templates tell before from after) and their own
/// ambiguity classes; built without allocating.
static BOS: WordInfo = WordInfo::empty(UNKNOWN_CLASS - 1);
static EOS: WordInfo = WordInfo::empty(UNKNOWN_CLASS - 2);

/// Fills `out` with the hashes of the features of token `i` that depend only on the words,
/// not on predicted tags: they can be scored for a whole sentence before tagging it, in a
/// loop whose cache misses overlap. The ambiguity classes of the next words stand in for
/// their tags, which a left-to-right pass does not know yet.
pub fn extract_static(words: &[WordInfo], i: usize, out: &mut Vec<u64>) {
    out.clear();
    let Some(w) = words.get(i) else { return };
    let before = |k: usize| i.checked_sub(k).and_then(|j| words.get(j)).unwrap_or(&BOS);
    let after = |k: usize| words.get(i + k).unwrap_or(&EOS);
    let (prev, prev2, next, next2) = (before(1), before(2), after(1), after(2));
    let wn = w.norm.as_bytes();
    let amb = |x: &WordInfo| x.ambiguity.to_le_bytes();
    let (a0, an1, an2, ap1) = (amb(w), amb(next), amb(next2), amb(prev));
    out.push(hash(0, &[]));
    out.push(hash(1, &[wn]));
    for k in 1..=5usize {
        out.push(hash(1 + k as u8, &[suffix(&w.norm, k).as_bytes()]));
    }
    for k in 1..=4usize {
        out.push(hash(6 + k as u8, &[prefix(&w.norm, k).as_bytes()]));
    }
    out.push(hash(10, &[w.shape.as_bytes()]));
    out.push(hash(15, &[prev.norm.as_bytes()]));
    out.push(hash(16, &[suffix(&prev.norm, 3).as_bytes()]));
    out.push(hash(17, &[prev2.norm.as_bytes()]));
    out.push(hash(18, &[next.norm.as_bytes()]));
    out.push(hash(19, &[suffix(&next.norm, 3).as_bytes()]));
    out.push(hash(20, &[next2.norm.as_bytes()]));
    let flags = [
        w.has_digit,
        w.has_hyphen,
        w.init_upper && i > 0,
        w.all_upper,
        w.init_upper && i == 0,
    ];
    for (k, f) in flags.iter().enumerate() {
        if *f {
            out.push(hash(21 + k as u8, &[]));
        }
    }
    out.push(hash(26, &[w.raw.as_bytes()]));
    out.push(hash(27, &[prev.norm.as_bytes(), wn]));
    out.push(hash(28, &[wn, next.norm.as_bytes()]));
    out.push(hash(30, &[next.shape.as_bytes()]));
    // Ambiguity classes: what the neighbours to the right could be, before they are tagged.
    out.push(hash(33, &[&a0]));
    out.push(hash(34, &[&an1]));
    out.push(hash(35, &[&an2]));
    out.push(hash(36, &[&a0, &an1]));
    out.push(hash(39, &[&an1, &an2]));
    out.push(hash(40, &[&ap1, &a0, &an1]));
    if !w.hyphen_tail.is_empty() {
        out.push(hash(41, &[w.hyphen_tail.as_bytes()]));
        out.push(hash(42, &[suffix(&w.hyphen_tail, 3).as_bytes()]));
    }
    // A capitalised word whose lowercase form is a known common word is often still common.
    let case = if w.all_upper { 3u8 } else if w.init_upper { 1 + u8::from(i == 0) } else { 0 };
    out.push(hash(43, &[&a0, &[case]]));
    out.push(hash(44, &[wn, &an1]));
    // The word's case against the sentence's.
    let sc = w.sentence_case;
    if sc != NO_SENTENCE_CASE {
        out.push(hash(46, &[&[sc, case]]));
        out.push(hash(47, &[&[sc, case], &a0]));
        out.push(hash(48, &[&[sc, case], suffix(&w.norm, 3).as_bytes()]));
    }
}

/// Fills `out` with the hashes of the features of token `i` that depend on the two previous
/// predicted tags and on the position of the last word predicted as a verb (a long-range
/// cue: "said ... that" makes "that" a complementiser, not a relative pronoun).
pub fn extract_dynamic(words: &[WordInfo], i: usize, p1: u32, p2: u32, last_verb: Option<usize>, out: &mut Vec<u64>) {
    out.clear();
    push_dynamic(words, i, p1, p2, last_verb, out);
}

/// [`extract_dynamic`] without clearing `out`.
fn push_dynamic(words: &[WordInfo], i: usize, p1: u32, p2: u32, last_verb: Option<usize>, out: &mut Vec<u64>) {
    let Some(w) = words.get(i) else { return };
    let next = words.get(i + 1).unwrap_or(&EOS);
    let p1b = p1.to_le_bytes();
    let p2b = p2.to_le_bytes();
    let wn = w.norm.as_bytes();
    let (a0, an1) = (w.ambiguity.to_le_bytes(), next.ambiguity.to_le_bytes());
    out.push(hash(11, &[&p1b]));
    out.push(hash(12, &[&p2b]));
    out.push(hash(13, &[&p1b, &p2b]));
    out.push(hash(14, &[&p1b, wn]));
    out.push(hash(29, &[&p1b, next.norm.as_bytes()]));
    let verb = last_verb
        .and_then(|j| words.get(j))
        .map_or(b"-NONE-".as_slice(), |x| x.norm.as_bytes());
    out.push(hash(31, &[wn, verb]));
    let dist = last_verb.map_or(9u8, |j| i.saturating_sub(j).min(8) as u8);
    out.push(hash(32, &[wn, &[dist]]));
    out.push(hash(37, &[&p1b, &a0]));
    out.push(hash(38, &[&p1b, &an1]));
    out.push(hash(45, &[&p1b, &a0, &an1]));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn affixes_respect_char_boundaries() {
        assert_eq!(suffix("héllo", 4), "éllo");
        assert_eq!(suffix("ab", 4), "ab");
        assert_eq!(prefix("éé", 1), "é");
        assert_eq!(prefix("", 3), "");
        assert_eq!(shape("Rekker"), "Xx");
        assert_eq!(shape("2,500"), "d,d");
    }

    #[test]
    fn curly_apostrophes_inside_words_become_straight() {
        assert_eq!(normalise("n\u{2019}t"), "n't");
        assert_eq!(normalise("\u{2019}s"), "'s");
        assert_eq!(normalise("\u{2019}"), "\u{2019}");
        assert_eq!(normalise("O\u{2019}Brien"), "O'Brien");
        assert_eq!(normalise("plain"), "plain");
    }

    #[test]
    fn hyphen_tail() {
        let lex = Lexicon::default();
        assert_eq!(WordInfo::new("Russia-led", &lex).hyphen_tail, "led");
        assert_eq!(WordInfo::new("-", &lex).hyphen_tail, "");
        assert_eq!(WordInfo::new("ab-", &lex).hyphen_tail, "");
    }
}
