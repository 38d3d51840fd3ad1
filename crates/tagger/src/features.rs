//! Feature extraction: every feature is a template id plus a few strings, hashed to a `u64`.
//!
//! Hashing instead of interning keeps the model file free of feature strings and makes
//! extraction allocation-free per token; with a few hundred thousand features, 64-bit
//! collisions are negligible.

use std::hash::{BuildHasher, Hasher};

/// Tag id used for the positions before the sentence start.
pub const START: u32 = u32::MAX;
/// A second start marker so that `p2` differs from `p1` at position 0.
pub const START2: u32 = u32::MAX - 1;

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

/// Per-word strings computed once per sentence and reused by the neighbours' features.
pub struct WordInfo {
    raw: String,
    /// Lowercase form with numbers normalised (`!YEAR`, `!DIGITS`), as in Honnibal's tagger.
    norm: String,
    shape: String,
    has_digit: bool,
    has_hyphen: bool,
    init_upper: bool,
    all_upper: bool,
}

impl WordInfo {
    pub fn new(word: &str) -> WordInfo {
        let lower = word.to_lowercase();
        let first_digit = word.chars().next().is_some_and(|c| c.is_ascii_digit());
        let norm = if first_digit && word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()) {
            "!YEAR".to_string()
        } else if first_digit {
            "!DIGITS".to_string()
        } else {
            lower
        };
        WordInfo {
            raw: word.to_string(),
            norm,
            shape: shape(word),
            has_digit: word.chars().any(|c| c.is_ascii_digit()),
            has_hyphen: word.chars().skip(1).any(|c| c == '-'),
            init_upper: word.chars().next().is_some_and(char::is_uppercase),
            all_upper: word.chars().any(char::is_uppercase) && !word.chars().any(char::is_lowercase),
        }
    }
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

/// The normalised form of a neighbour, or an edge marker outside the sentence.
fn nb<'a>(o: Option<&'a WordInfo>, edge: &'static [u8]) -> &'a [u8] {
    o.map_or(edge, |x| x.norm.as_bytes())
}

/// Fills `out` with the feature hashes of token `i`, given the two previous predicted tags
/// and the position of the last word predicted as a verb (a long-range cue: "said ... that"
/// makes "that" a complementiser, not a relative pronoun).
pub fn extract(words: &[WordInfo], i: usize, p1: u32, p2: u32, last_verb: Option<usize>, out: &mut Vec<u64>) {
    out.clear();
    let empty = WordInfo {
        raw: String::new(),
        norm: String::new(),
        shape: String::new(),
        has_digit: false,
        has_hyphen: false,
        init_upper: false,
        all_upper: false,
    };
    let Some(w) = words.get(i) else { return };
    let at = |j: Option<usize>| j.and_then(|j| words.get(j));
    let prev = at(i.checked_sub(1));
    let prev2 = at(i.checked_sub(2));
    let next = at(i.checked_add(1));
    let next2 = at(i.checked_add(2));
    let bos = b"-START-".as_slice();
    let eos = b"-END-".as_slice();
    let p1b = p1.to_le_bytes();
    let p2b = p2.to_le_bytes();
    let wn = w.norm.as_bytes();
    out.push(hash(0, &[]));
    out.push(hash(1, &[wn]));
    for k in 1..=4usize {
        out.push(hash(1 + k as u8, &[suffix(&w.norm, k).as_bytes()]));
        out.push(hash(5 + k as u8, &[prefix(&w.norm, k).as_bytes()]));
    }
    out.push(hash(10, &[w.shape.as_bytes()]));
    out.push(hash(11, &[&p1b]));
    out.push(hash(12, &[&p2b]));
    out.push(hash(13, &[&p1b, &p2b]));
    out.push(hash(14, &[&p1b, wn]));
    out.push(hash(15, &[nb(prev, bos)]));
    out.push(hash(16, &[suffix(&prev.unwrap_or(&empty).norm, 3).as_bytes()]));
    out.push(hash(17, &[nb(prev2, bos)]));
    out.push(hash(18, &[nb(next, eos)]));
    out.push(hash(19, &[suffix(&next.unwrap_or(&empty).norm, 3).as_bytes()]));
    out.push(hash(20, &[nb(next2, eos)]));
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
    out.push(hash(27, &[nb(prev, bos), wn]));
    out.push(hash(28, &[wn, nb(next, eos)]));
    out.push(hash(29, &[&p1b, nb(next, eos)]));
    out.push(hash(30, &[next.map_or(b"-END-".as_slice(), |x| x.shape.as_bytes())]));
    let verb = last_verb
        .and_then(|j| words.get(j))
        .map_or(b"-NONE-".as_slice(), |x| x.norm.as_bytes());
    out.push(hash(31, &[wn, verb]));
    let dist = last_verb.map_or(9u8, |j| i.saturating_sub(j).min(8) as u8);
    out.push(hash(32, &[wn, &[dist]]));
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
}
