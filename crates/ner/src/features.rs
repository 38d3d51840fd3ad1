//! Feature extraction: every feature is a 64-bit hash built from precomputed per-token hashes,
//! so extracting a token's features allocates nothing and hashes no strings twice.

use crate::{KeyMap, KeySet};

use crate::clusters::Clusters;
use crate::gazetteer::{add_matches, Gazetteer, Lists};
use crate::memory::FIRST_LIST;

/// Number of tags: O, then B/I/L/U for each of the four entity types.
pub(crate) const NTAGS: usize = 17;

/// FNV-1a over bytes with a final avalanche, stable across platforms and Rust versions because the
/// model file stores these hashes.
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = Fnv::new();
    h.bytes(bytes);
    h.finish()
}

/// [`hash_bytes`] fed piece by piece, so that derived forms (shapes) are hashed without
/// being built.
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    #[inline]
    fn bytes(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    #[inline]
    fn char(&mut self, c: char) {
        let mut buf = [0u8; 4];
        self.bytes(c.encode_utf8(&mut buf).as_bytes());
    }
    fn finish(&self) -> u64 {
        finish(self.0)
    }
}

fn finish(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x
}

/// Order-sensitive combination of two hashes.
#[inline]
pub(crate) fn mix(a: u64, b: u64) -> u64 {
    let x = (a.rotate_left(23) ^ b).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    x ^ (x >> 31)
}

/// Capitalisation class of a token.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cap {
    Lower,
    Title,
    Upper,
    Mixed,
    NoLetter,
}

/// Per-token hashes computed once per document.
#[derive(Clone)]
pub(crate) struct Tok {
    word: u64,
    pub(crate) lower: u64,
    shape: u64,
    short: u64,
    affixes: [u64; 8],
    cap: Cap,
    /// Gazetteer match bits (see [`crate::gazetteer`]), set once the whole sentence is known.
    pub(crate) gaz: u64,
    /// Coarse and fine word clusters (0 = unknown word).
    clus: (u16, u16),
}

/// Padding used for positions before the sentence start and after its end.
fn pad(offset: i64) -> Tok {
    let h = hash_bytes(if offset < 0 { b"<s>" } else { b"</s>" });
    Tok { word: h, lower: h, shape: h, short: h, affixes: [h; 8], cap: Cap::NoLetter, gaz: 0, clus: (0, 0) }
}

/// Hashes of the long and short shapes of a word. The long shape keeps up to four repeats of
/// a class ("Xxxxx"), the short one collapses runs ("Xx").
fn shape_hashes(word: &str) -> (u64, u64) {
    let mut long = Fnv::new();
    let mut short = Fnv::new();
    let mut last = '\0';
    let mut run = 0;
    for ch in word.chars() {
        let c = if ch.is_uppercase() {
            'X'
        } else if ch.is_lowercase() {
            'x'
        } else if ch.is_numeric() {
            'd'
        } else {
            ch
        };
        if c == last {
            run += 1;
        } else {
            run = 1;
            short.char(c);
        }
        if run <= 4 {
            long.char(c);
        }
        last = c;
    }
    (long.finish(), short.finish())
}

fn cap_of(word: &str) -> Cap {
    let mut upper = 0;
    let mut lower = 0;
    let mut first_upper = false;
    for (i, ch) in word.chars().enumerate() {
        if ch.is_uppercase() {
            upper += 1;
            if i == 0 {
                first_upper = true;
            }
        } else if ch.is_lowercase() {
            lower += 1;
        }
    }
    match (upper, lower) {
        (0, 0) => Cap::NoLetter,
        (0, _) => Cap::Lower,
        (_, 0) => Cap::Upper,
        (1, _) if first_upper => Cap::Title,
        _ => Cap::Mixed,
    }
}

/// Typographic quotes as their ASCII forms, so "’s" and "“" look like the "'s" and '"' of the
/// training data.
fn ascii_quotes(word: &str) -> std::borrow::Cow<'_, str> {
    if word.contains(['\u{2018}', '\u{2019}', '\u{201c}', '\u{201d}']) {
        word.replace(['\u{2018}', '\u{2019}'], "'").replace(['\u{201c}', '\u{201d}'], "\"").into()
    } else {
        word.into()
    }
}

/// The first `n` chars of `s` (all of it when shorter).
fn prefix(s: &str, n: usize) -> &str {
    let end = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    s.get(..end).unwrap_or(s)
}

/// The last `n` chars of `s` (all of it when shorter), `n >= 1`.
fn suffix(s: &str, n: usize) -> &str {
    let start = s.char_indices().rev().nth(n.saturating_sub(1)).map_or(0, |(i, _)| i);
    s.get(start..).unwrap_or(s)
}

/// The per-token hashes of a word; `lower` is a buffer reused between calls.
pub(crate) fn tok_with(word: &str, lower: &mut String) -> Tok {
    let word = ascii_quotes(word);
    let word = word.as_ref();
    lower.clear();
    if word.is_ascii() {
        lower.push_str(word);
        lower.make_ascii_lowercase();
    } else {
        lower.push_str(&word.to_lowercase());
    }
    let lower = lower.as_str();
    let (long, short) = shape_hashes(word);
    let mut affixes = [0u64; 8];
    for n in 1..=4usize {
        // Prefix and suffix of n characters; shorter words repeat their whole form, which is harmless.
        if let Some(a) = affixes.get_mut(n - 1) {
            *a = mix(n as u64, hash_bytes(prefix(lower, n).as_bytes()));
        }
        if let Some(a) = affixes.get_mut(n + 3) {
            *a = mix(n as u64 + 10, hash_bytes(suffix(lower, n).as_bytes()));
        }
    }
    Tok {
        word: hash_bytes(word.as_bytes()),
        lower: hash_bytes(lower.as_bytes()),
        shape: long,
        short,
        affixes,
        cap: cap_of(word),
        gaz: 0,
        clus: Clusters::get().of(word, lower),
    }
}

/// What the first pass said about each lowercased word form in the document: token counts per
/// entity type (Ratinov & Roth's "context aggregation" / "extended prediction history").
pub(crate) type DocLabels = KeyMap<[u16; 8]>;

/// A document prepared for feature extraction.
pub(crate) struct DocView {
    pub(crate) sentences: Vec<Vec<Tok>>,
    /// Lowercased forms seen written in lowercase somewhere in the document.
    seen_lower: KeySet,
    /// Lowercased forms seen in title case in the middle of a mixed-case sentence.
    seen_title_mid: KeySet,
    /// Sentences written entirely in capitals (headlines), where case says little.
    all_caps: Vec<bool>,
    /// Padding tokens before and after a sentence.
    pads: [Tok; 2],
}

impl DocView {
    /// Prepares a document; `memory` holds the names remembered from training data.
    pub(crate) fn new<S: AsRef<str>>(sentences: &[Vec<S>], memory: &dyn Lists) -> DocView {
        let gazetteer = Gazetteer::get();
        let mut lower = String::new();
        let sentences: Vec<Vec<Tok>> = sentences
            .iter()
            .map(|s| {
                let mut toks: Vec<Tok> = s.iter().map(|w| tok_with(w.as_ref(), &mut lower)).collect();
                let lowers: Vec<u64> = toks.iter().map(|t| t.lower).collect();
                let mut bits = gazetteer.matches(&lowers);
                add_matches(memory, &lowers, FIRST_LIST, &mut bits);
                for (t, bits) in toks.iter_mut().zip(bits) {
                    t.gaz = bits;
                }
                toks
            })
            .collect();
        let mut seen_lower = KeySet::default();
        let mut seen_title_mid = KeySet::default();
        let mut all_caps = Vec::with_capacity(sentences.len());
        for s in &sentences {
            let letters = s.iter().filter(|t| t.cap != Cap::NoLetter).count();
            let upper = s.iter().filter(|t| t.cap == Cap::Upper).count();
            let caps = letters > 0 && upper * 10 >= letters * 8;
            all_caps.push(caps);
            for (i, t) in s.iter().enumerate() {
                if t.cap == Cap::Lower {
                    seen_lower.insert(t.lower);
                }
                if t.cap == Cap::Title && i > 0 && !caps {
                    seen_title_mid.insert(t.lower);
                }
            }
        }
        DocView { sentences, seen_lower, seen_title_mid, all_caps, pads: [pad(-1), pad(1)] }
    }

    /// Features of token `i` of sentence `s` that do not depend on predicted tags.
    pub(crate) fn static_features(
        &self,
        s: usize,
        i: usize,
        doc_labels: Option<&DocLabels>,
        pass1_tags: Option<&[u8]>,
        out: &mut Vec<u64>,
    ) {
        out.clear();
        let Some(sent) = self.sentences.get(s) else { return };
        let [before, after] = &self.pads;
        let at = |off: i64| -> &Tok {
            let j = i as i64 + off;
            let pad = if off < 0 { before } else { after };
            if j < 0 {
                pad
            } else {
                sent.get(j as usize).unwrap_or(pad)
            }
        };
        let t = at(0);
        let (p1, p2, n1, n2) = (at(-1), at(-2), at(1), at(2));
        let caps = self.all_caps.get(s).copied().unwrap_or(false);
        let f = |id: u64, h: u64| mix(id, h);
        out.push(f(1, 0));
        out.push(f(2, t.word));
        out.push(f(3, t.lower));
        out.push(f(4, t.shape));
        out.push(f(5, t.short));
        out.extend(t.affixes.iter().map(|&a| f(6, a)));
        out.push(f(7, p1.lower));
        out.push(f(8, p2.lower));
        out.push(f(9, n1.lower));
        out.push(f(10, n2.lower));
        out.push(f(11, p1.short));
        out.push(f(12, n1.short));
        out.push(f(13, p2.short));
        out.push(f(14, n2.short));
        out.push(f(15, mix(p1.lower, t.lower)));
        out.push(f(16, mix(t.lower, n1.lower)));
        out.push(f(17, mix(mix(p1.short, t.short), n1.short)));
        let capcode = (p1.cap as u64) * 25 + (t.cap as u64) * 5 + n1.cap as u64;
        out.push(f(18, capcode));
        out.push(f(19, mix(u64::from(i == 0), t.short)));
        out.push(f(20, mix(u64::from(caps), t.short)));
        out.push(f(21, mix(u64::from(caps), t.lower)));
        out.push(f(22, mix(p1.word, t.short)));
        out.push(f(23, mix(t.short, n1.word)));
        // Document-level casing evidence: a word written in lowercase elsewhere is probably a
        // common word even when capitalised here (sentence start, headline).
        let dl = u64::from(self.seen_lower.contains(&t.lower));
        let dt = u64::from(self.seen_title_mid.contains(&t.lower));
        out.push(f(24, mix(dl * 2 + dt, t.cap as u64 + 10 * u64::from(caps || i == 0))));
        // Word clusters of this token and its neighbours.
        if t.clus.0 != 0 {
            out.push(f(60, u64::from(t.clus.0)));
            out.push(f(61, u64::from(t.clus.1)));
            out.push(f(64, mix(u64::from(t.clus.1), t.cap as u64)));
        }
        out.push(f(62, u64::from(p1.clus.1)));
        out.push(f(63, u64::from(n1.clus.1)));
        // Gazetteer matches of this token (with its capitalisation) and of its neighbours.
        for_bits(t.gaz, |b| {
            out.push(f(50, b));
            out.push(f(51, mix(b, t.cap as u64 + 10 * u64::from(caps))));
        });
        for_bits(p1.gaz, |b| out.push(f(52, b)));
        for_bits(n1.gaz, |b| out.push(f(53, b)));
        self.doc_features(s, i, doc_labels, pass1_tags, out);
    }

    /// The features of [`DocView::static_features`] that come from the first pass: what it
    /// said about the same word elsewhere in the document (`doc_labels`) and about this
    /// sentence (`pass1_tags`). Appended to `out`.
    pub(crate) fn doc_features(
        &self,
        s: usize,
        i: usize,
        doc_labels: Option<&DocLabels>,
        pass1_tags: Option<&[u8]>,
        out: &mut Vec<u64>,
    ) {
        let Some(t) = self.sentences.get(s).and_then(|x| x.get(i)) else { return };
        let f = |id: u64, h: u64| mix(id, h);
        if let Some(labels) = doc_labels {
            if let Some(counts) = labels.get(&t.lower) {
                let mut best = 0;
                let mut total = [0u16; 4];
                for (k, &c) in counts.iter().enumerate() {
                    if c > 0 {
                        out.push(f(25, k as u64));
                    }
                    if let Some(tk) = total.get_mut(k % 4) {
                        *tk = tk.saturating_add(c);
                    }
                }
                for (k, &c) in total.iter().enumerate() {
                    if c > total.get(best).copied().unwrap_or(0) {
                        best = k;
                    }
                }
                out.push(f(26, best as u64));
                out.push(f(27, mix(best as u64, t.cap as u64)));
            } else {
                out.push(f(26, 99));
            }
        }
        if let Some(tags) = pass1_tags {
            let tag = |j: i64| -> u64 {
                if j < 0 {
                    100
                } else {
                    tags.get(j as usize).map_or(101, |&x| u64::from(x))
                }
            };
            let j = i as i64;
            out.push(f(28, tag(j)));
            out.push(f(29, mix(tag(j - 1), tag(j))));
            out.push(f(30, mix(tag(j), tag(j + 1))));
        }
    }
}

/// Calls `f` with the index of every set bit.
#[inline]
fn for_bits(mut bits: u64, mut f: impl FnMut(u64)) {
    while bits != 0 {
        f(u64::from(bits.trailing_zeros()));
        bits &= bits - 1;
    }
}

/// Features that depend on the tags already predicted for the two previous tokens.
#[inline]
pub(crate) fn history_features(prev1: u8, prev2: u8, lower: u64, out: &mut Vec<u64>) {
    out.push(mix(40, u64::from(prev1)));
    out.push(mix(41, u64::from(prev1) * 32 + u64::from(prev2)));
    out.push(mix(42, mix(u64::from(prev1), lower)));
}
