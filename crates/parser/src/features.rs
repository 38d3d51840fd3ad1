//! Feature extraction: the rich non-local feature set of Zhang and Nivre (2011), adapted to
//! arc-hybrid (where `s1` rather than a head of `s0` is the other candidate head).
//!
//! Every word is reduced once per sentence to three 64-bit ids (normalised form, Penn tag,
//! UD tag); a feature is a template number and up to four values, combined by multiplication
//! and xor and finished with splitmix64, so extraction allocates nothing.

use std::hash::{BuildHasher, Hasher};

use crate::system::State;

/// splitmix64 finaliser.
#[inline]
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// FNV-1a of a string, mixed.
pub fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in s.as_bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    mix(h)
}

/// Keys are already well-mixed hashes, so the map hasher passes them through.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
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

/// Id of "no word here" (index 0) and of the artificial root.
const NONE: u64 = 0x6e6f_6e65;
const ROOT: u64 = 0x726f_6f74;

/// Longest word prefix hashed; longer words are rare and keep time bounded per word.
const MAX_WORD_BYTES: usize = 64;

/// Lowercase form with every digit mapped to `0`, so numbers share features.
pub fn normalise(word: &str) -> String {
    let mut out = String::with_capacity(word.len().min(MAX_WORD_BYTES));
    for c in word.chars() {
        if out.len() >= MAX_WORD_BYTES {
            break;
        }
        if c.is_ascii_digit() {
            out.push('0');
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Per-sentence word ids, indexed like [`State`] arrays (0 = none, `n+1` = root).
pub struct Sentence {
    pub w: Vec<u64>,
    pub p: Vec<u64>,
    pub u: Vec<u64>,
    /// Last three characters of the normalised form: robust to tagging errors.
    pub suffix: Vec<u64>,
}

/// Hash of the last three characters of `norm`.
fn suffix3(norm: &str) -> u64 {
    let start = norm.char_indices().rev().nth(2).map_or(0, |(i, _)| i);
    hash_str(norm.get(start..).unwrap_or("")) ^ 0x5355_4646
}

impl Sentence {
    pub fn new(words: &[&str], xpos: &[&str], upos: &[&str]) -> Sentence {
        let n = words.len().min(xpos.len()).min(upos.len());
        let mut w = Vec::with_capacity(n + 2);
        let mut p = Vec::with_capacity(n + 2);
        let mut u = Vec::with_capacity(n + 2);
        let mut suffix = Vec::with_capacity(n + 2);
        w.push(NONE);
        p.push(NONE);
        u.push(NONE);
        suffix.push(NONE);
        for ((word, x), un) in words.iter().zip(xpos).zip(upos).take(n) {
            let norm = normalise(word);
            w.push(hash_str(&norm));
            suffix.push(suffix3(&norm));
            p.push(hash_str(x));
            u.push(hash_str(un));
        }
        w.push(ROOT);
        p.push(ROOT);
        u.push(ROOT);
        suffix.push(ROOT);
        Sentence { w, p, u, suffix }
    }

    pub fn len(&self) -> usize {
        self.w.len().saturating_sub(2)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[inline]
fn get(v: &[u64], i: usize) -> u64 {
    v.get(i).copied().unwrap_or(NONE)
}

#[inline]
fn get32(v: &[u32], i: usize) -> usize {
    v.get(i).copied().unwrap_or(0) as usize
}

/// Feature key builder.
struct Out<'a> {
    feats: &'a mut Vec<u64>,
    t: u64,
}

const K1: u64 = 0x9e37_79b9_7f4a_7c15;
const K2: u64 = 0xc2b2_ae3d_27d4_eb4f;
const K3: u64 = 0x1656_67b1_9e37_79f9;
const K4: u64 = 0x27d4_eb2f_1656_67c5;

impl Out<'_> {
    #[inline]
    fn next(&mut self) -> u64 {
        self.t += 1;
        self.t.wrapping_mul(0xff51_afd7_ed55_8ccd)
    }
    #[inline]
    fn f1(&mut self, a: u64) {
        let t = self.next();
        self.feats.push(mix(t ^ a.wrapping_mul(K1)));
    }
    #[inline]
    fn f2(&mut self, a: u64, b: u64) {
        let t = self.next();
        self.feats.push(mix(t ^ a.wrapping_mul(K1) ^ mix(b).wrapping_mul(K2)));
    }
    #[inline]
    fn f3(&mut self, a: u64, b: u64, c: u64) {
        let t = self.next();
        self.feats
            .push(mix(t ^ a.wrapping_mul(K1) ^ mix(b).wrapping_mul(K2) ^ mix(c ^ K4).wrapping_mul(K3)));
    }
    #[inline]
    fn f4(&mut self, a: u64, b: u64, c: u64, d: u64) {
        let t = self.next();
        let x = mix(t ^ a.wrapping_mul(K1) ^ mix(b).wrapping_mul(K2) ^ mix(c ^ K4).wrapping_mul(K3));
        self.feats.push(mix(x ^ d.wrapping_mul(K4)));
    }
}

/// Distance bucket: 1, 2, 3, 4, 5-6, 7-9, 10+.
fn dist(a: usize, b: usize) -> u64 {
    if a == 0 || b == 0 {
        return 99;
    }
    let d = a.abs_diff(b);
    match d {
        0..=4 => d as u64,
        5..=6 => 5,
        7..=9 => 6,
        _ => 7,
    }
}

/// Writes the features of `state` into `feats` (cleared first).
pub fn extract(sent: &Sentence, st: &State, feats: &mut Vec<u64>) {
    feats.clear();
    let s0 = st.s(0);
    let s1 = st.s(1);
    let s2 = st.s(2);
    let n0 = st.b0;
    // Past the root there is nothing.
    let n1 = if n0 <= st.n { n0 + 1 } else { usize::MAX };
    let n2 = if n0 < st.n { n0 + 2 } else { usize::MAX };
    let w = |i: usize| if i == 0 { NONE } else { get(&sent.w, i) };
    let p = |i: usize| if i == 0 { NONE } else { get(&sent.p, i) };
    let u = |i: usize| if i == 0 { NONE } else { get(&sent.u, i) };
    let sf = |i: usize| if i == 0 { NONE } else { get(&sent.suffix, i) };
    let lab = |i: usize| if i == 0 { 255 } else { u64::from(st.labels.get(i).copied().unwrap_or(255)) };
    let lc1 = |i: usize| if i == 0 { 0 } else { get32(&st.lc1, i) };
    let lc2 = |i: usize| if i == 0 { 0 } else { get32(&st.lc2, i) };
    let rc1 = |i: usize| if i == 0 { 0 } else { get32(&st.rc1, i) };
    let rc2 = |i: usize| if i == 0 { 0 } else { get32(&st.rc2, i) };
    let vl = |i: usize| if i == 0 { 99 } else { u64::from(st.n_left.get(i).copied().unwrap_or(0).min(8)) };
    let vr = |i: usize| if i == 0 { 99 } else { u64::from(st.n_right.get(i).copied().unwrap_or(0).min(8)) };
    let sl = |i: usize| if i == 0 { 1 << 63 } else { st.left_labels.get(i).copied().unwrap_or(0) };
    let sr = |i: usize| if i == 0 { 1 << 63 } else { st.right_labels.get(i).copied().unwrap_or(0) };

    let (s0w, s0p, s0u) = (w(s0), p(s0), u(s0));
    let (s1w, s1p, s1u) = (w(s1), p(s1), u(s1));
    let (s2w, s2p, s2u) = (w(s2), p(s2), u(s2));
    let (n0w, n0p, n0u) = (w(n0), p(n0), u(n0));
    let (n1w, n1p, n1u) = (w(n1), p(n1), u(n1));
    let (n2w, n2p) = (w(n2), p(n2));
    let (s0l, s0l2, s0r, s0r2) = (lc1(s0), lc2(s0), rc1(s0), rc2(s0));
    let (s1l, s1l2, s1r, s1r2) = (lc1(s1), lc2(s1), rc1(s1), rc2(s1));
    let (n0l, n0l2) = (lc1(n0), lc2(n0));
    let d0 = dist(s0, n0);
    let d1 = dist(s1, s0);

    let mut o = Out { feats, t: 0 };
    o.f1(1); // bias
    // Single words.
    o.f1(s0w);
    o.f1(s0p);
    o.f2(s0w, s0p);
    o.f1(n0w);
    o.f1(n0p);
    o.f2(n0w, n0p);
    o.f1(n1w);
    o.f1(n1p);
    o.f2(n1w, n1p);
    o.f1(n2w);
    o.f1(n2p);
    o.f2(n2w, n2p);
    o.f1(s1w);
    o.f1(s1p);
    o.f2(s1w, s1p);
    o.f1(s2w);
    o.f1(s2p);
    o.f2(s0u, n0u);
    o.f2(s1u, s0u);
    o.f3(s1u, s0u, n0u);
    // Pairs s0-n0.
    o.f4(s0w, s0p, n0w, n0p);
    o.f3(s0w, s0p, n0w);
    o.f3(s0w, n0w, n0p);
    o.f3(s0w, s0p, n0p);
    o.f3(s0p, n0w, n0p);
    o.f2(s0w, n0w);
    o.f2(s0p, n0p);
    o.f2(n0p, n1p);
    o.f2(n0w, n1w);
    // Pairs s1-s0 (RIGHT's arc).
    o.f4(s1w, s1p, s0w, s0p);
    o.f3(s1w, s1p, s0p);
    o.f3(s1p, s0w, s0p);
    o.f3(s1w, s1p, s0w);
    o.f3(s1w, s0w, s0p);
    o.f2(s1w, s0w);
    o.f2(s1p, s0p);
    o.f2(s1p, n0p);
    o.f3(s1w, s0p, n0p);
    o.f3(s1p, s0w, n0p);
    o.f3(s1p, s0p, n0w);
    // Tag trigrams.
    o.f3(n0p, n1p, n2p);
    o.f3(s0p, n0p, n1p);
    o.f3(s1p, s0p, n0p);
    o.f3(s2p, s1p, s0p);
    o.f3(s0p, p(s0l), n0p);
    o.f3(s0p, p(s0r), n0p);
    o.f3(s0p, n0p, p(n0l));
    o.f3(s1p, p(s1l), s0p);
    o.f3(s1p, p(s1r), s0p);
    o.f3(s1p, s0p, p(s0l));
    o.f3(s1p, s0p, p(s0r));
    o.f3(s0w, n0p, n1p);
    o.f3(s0p, n0w, n1p);
    o.f3(s1p, s0p, n1p);
    // Distance.
    o.f2(s0w, d0);
    o.f2(s0p, d0);
    o.f2(n0w, d0);
    o.f2(n0p, d0);
    o.f3(s0w, n0w, d0);
    o.f3(s0p, n0p, d0);
    o.f2(s1w, d1);
    o.f2(s1p, d1);
    o.f2(s0w.wrapping_add(7), d1);
    o.f2(s0p.wrapping_add(7), d1);
    o.f3(s1w, s0w, d1);
    o.f3(s1p, s0p, d1);
    // Valency.
    o.f2(s0w, vr(s0));
    o.f2(s0p, vr(s0));
    o.f2(s0w, vl(s0));
    o.f2(s0p, vl(s0));
    o.f2(n0w, vl(n0));
    o.f2(n0p, vl(n0));
    o.f2(s1w, vr(s1));
    o.f2(s1p, vr(s1));
    o.f2(s1w, vl(s1));
    o.f2(s1p, vl(s1));
    // Children, first order.
    for c in [s0l, s0r, n0l, s1l, s1r] {
        o.f1(w(c));
        o.f1(p(c));
        o.f1(lab(c));
    }
    // Children, second order.
    for c in [s0l2, s0r2, n0l2, s1l2, s1r2] {
        o.f1(w(c));
        o.f1(p(c));
        o.f1(lab(c));
    }
    o.f3(s0p, lab(s0l), lab(s0l2));
    o.f3(s0p, lab(s0r), lab(s0r2));
    o.f3(n0p, lab(n0l), lab(n0l2));
    o.f3(s1p, lab(s1r), lab(s1r2));
    o.f3(s0p, p(s0l), p(s0l2));
    o.f3(s0p, p(s0r), p(s0r2));
    o.f3(n0p, p(n0l), p(n0l2));
    o.f3(s1p, p(s1r), p(s1r2));
    o.f3(s0w, lab(s0l), n0p);
    o.f3(s0p, lab(s0r), n0p);
    o.f3(s1p, lab(s1r), s0p);
    // Label sets.
    o.f2(s0w, sr(s0));
    o.f2(s0p, sr(s0));
    o.f2(s0w, sl(s0));
    o.f2(s0p, sl(s0));
    o.f2(n0w, sl(n0));
    o.f2(n0p, sl(n0));
    o.f2(s1w, sr(s1));
    o.f2(s1p, sr(s1));
    o.f2(s1p, sl(s1));
    // Coarse tags and suffixes, which survive fine-grained tagging errors.
    let (s0s, s1s, n0s, n1s) = (sf(s0), sf(s1), sf(n0), sf(n1));
    o.f1(s0s);
    o.f1(n0s);
    o.f1(s1s);
    o.f1(n1s);
    o.f2(s0s, n0s);
    o.f2(s1s, s0s);
    o.f2(s0u, n0w);
    o.f2(s0w, n0u);
    o.f2(s1u, s0w);
    o.f2(s1w, s0u);
    o.f3(s0u, n0u, n1u);
    o.f3(s0u, n0u, d0);
    o.f3(s1u, s0u, d1);
    o.f3(s2u, s1u, s0u);
    // Is the buffer front the root (no more words)?
    o.f2(u64::from(n0 > st.n), s0p);
}
