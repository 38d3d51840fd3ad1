//! The model file: a little-endian binary layout, deflate-compressed.
//!
//! Layout (before compression): magic, classes, tag dictionary, features (keys sorted and
//! delta-encoded as varints, each with its (class, i16 weight) entries), then the
//! lemmatiser's exceptions and lexicons. Weights are quantised to i16 at training time; the
//! scale does not matter for ranking, so it is not stored.

use std::io::{Read, Write};

use crate::features::Lexicon;
use crate::weights::Weights;
use crate::lemma::Lemmatizer;
use crate::{Error, Tagger};

/// Models of this version have the sentence-case features; version 2, which is still read,
/// does not.
const MAGIC: &[u8] = b"DOSSIER-POS-3";
const MAGIC_2: &[u8] = b"DOSSIER-POS-2";

/// What [`encode`] writes: everything a [`Tagger`] is built from.
pub struct Parts<'a> {
    pub classes: &'a [(String, String)],
    pub tagdict: &'a [(String, u32)],
    /// Sorted by key.
    pub features: &'a [(u64, Vec<(u8, i16)>)],
    pub lemmatizer: &'a Lemmatizer,
    pub lexicon: &'a Lexicon,
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

fn put_set(out: &mut Vec<u8>, set: &std::collections::HashSet<String>) {
    let mut v: Vec<&String> = set.iter().collect();
    v.sort();
    put_varint(out, v.len() as u64);
    for s in v {
        put_str(out, s);
    }
}

pub fn encode(parts: &Parts<'_>) -> Result<Vec<u8>, Error> {
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    put_varint(&mut out, parts.classes.len() as u64);
    for (x, u) in parts.classes {
        put_str(&mut out, x);
        put_str(&mut out, u);
    }
    put_varint(&mut out, parts.tagdict.len() as u64);
    for (w, c) in parts.tagdict {
        put_str(&mut out, w);
        put_varint(&mut out, u64::from(*c));
    }
    put_varint(&mut out, parts.features.len() as u64);
    let mut last = 0u64;
    for (k, entries) in parts.features {
        put_varint(&mut out, k.wrapping_sub(last));
        last = *k;
        put_varint(&mut out, entries.len() as u64);
        for (c, w) in entries {
            out.push(*c);
            out.extend_from_slice(&w.to_le_bytes());
        }
    }
    let exc = parts.lemmatizer.exceptions_sorted();
    put_varint(&mut out, exc.len() as u64);
    for (f, x, l) in exc {
        put_str(&mut out, f);
        put_str(&mut out, x);
        put_str(&mut out, l);
    }
    put_set(&mut out, &parts.lemmatizer.nouns);
    put_set(&mut out, &parts.lemmatizer.verbs);
    put_set(&mut out, &parts.lemmatizer.adjectives);
    let mut amb: Vec<_> = parts.lexicon.ambiguity.iter().collect();
    amb.sort();
    put_varint(&mut out, amb.len() as u64);
    for (w, c) in amb {
        put_str(&mut out, w);
        put_varint(&mut out, u64::from(*c));
    }
    let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(&out).map_err(|e| Error::Corrupt(e.to_string()))?;
    enc.finish().map_err(|e| Error::Corrupt(e.to_string()))
}

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Result<u8, Error> {
        let b = *self
            .data
            .get(self.pos)
            .ok_or_else(|| Error::Corrupt("truncated".into()))?;
        self.pos += 1;
        Ok(b)
    }
    fn bytes(&mut self, n: usize) -> Result<&'a [u8], Error> {
        let end = self
            .pos
            .checked_add(n)
            .ok_or_else(|| Error::Corrupt("length overflow".into()))?;
        let s = self
            .data
            .get(self.pos..end)
            .ok_or_else(|| Error::Corrupt("truncated".into()))?;
        self.pos = end;
        Ok(s)
    }
    fn varint(&mut self) -> Result<u64, Error> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(Error::Corrupt("varint too long".into()))
    }
    /// A count, bounded by the bytes left so a corrupt length cannot ask for huge memory.
    fn count(&mut self) -> Result<usize, Error> {
        let n = self.varint()?;
        if n > (self.data.len() - self.pos.min(self.data.len())) as u64 {
            return Err(Error::Corrupt("count larger than the file".into()));
        }
        Ok(n as usize)
    }
    fn string(&mut self) -> Result<String, Error> {
        let n = self.count()?;
        let b = self.bytes(n)?;
        String::from_utf8(b.to_vec()).map_err(|_| Error::Corrupt("invalid UTF-8".into()))
    }
    fn set(&mut self) -> Result<std::collections::HashSet<String>, Error> {
        let n = self.count()?;
        (0..n).map(|_| self.string()).collect()
    }
}

pub fn decode(compressed: &[u8]) -> Result<Tagger, Error> {
    if compressed.is_empty() {
        return Err(Error::Corrupt("empty model file (run `cargo xtask train pos`)".into()));
    }
    let mut data = Vec::new();
    flate2::read::DeflateDecoder::new(compressed)
        .read_to_end(&mut data)
        .map_err(|e| Error::Corrupt(format!("decompression: {e}")))?;
    let mut r = Reader { data: &data, pos: 0 };
    let magic = r.bytes(MAGIC.len())?;
    let sentence_case = magic == MAGIC;
    if !sentence_case && magic != MAGIC_2 {
        return Err(Error::Corrupt("bad magic".into()));
    }
    let n_classes = r.count()?;
    let mut classes = Vec::with_capacity(n_classes);
    for _ in 0..n_classes {
        classes.push((r.string()?, r.string()?));
    }
    let n = r.count()?;
    let mut tagdict = std::collections::HashMap::with_capacity(n);
    for _ in 0..n {
        let w = r.string()?;
        let c = r.varint()?;
        if c >= n_classes as u64 {
            return Err(Error::Corrupt("tag dictionary class out of range".into()));
        }
        tagdict.insert(w, c as u32);
    }
    let weights = read_weights(&mut r, n_classes)?;
    let mut lemmatizer = Lemmatizer::default();
    let n = r.count()?;
    for _ in 0..n {
        let f = r.string()?;
        let x = r.string()?;
        let l = r.string()?;
        lemmatizer.add_exception(f, x, l);
    }
    lemmatizer.nouns = r.set()?;
    lemmatizer.verbs = r.set()?;
    lemmatizer.adjectives = r.set()?;
    let mut lexicon = Lexicon::default();
    let n = r.count()?;
    for _ in 0..n {
        let w = r.string()?;
        let c = u32::try_from(r.varint()?).map_err(|_| Error::Corrupt("ambiguity class".into()))?;
        lexicon.ambiguity.insert(w, c);
    }
    Ok(Tagger {
        tagdict,
        is_verb: classes.iter().map(|(x, _)| x.starts_with("VB")).collect(),
        classes,
        weights,
        lexicon,
        lemmatizer,
        sentence_case,
    })
}

fn read_weights(r: &mut Reader<'_>, n_classes: usize) -> Result<Weights, Error> {
    let n = r.count()?;
    let mut weights = Weights::new(n, n_classes);
    let mut key = 0u64;
    let mut entries = Vec::new();
    for _ in 0..n {
        key = key.wrapping_add(r.varint()?);
        let m = r.count()?;
        entries.clear();
        for _ in 0..m {
            let c = r.byte()?;
            if usize::from(c) >= n_classes {
                return Err(Error::Corrupt("feature class out of range".into()));
            }
            let w = r.bytes(2)?;
            entries.push((c, i16::from_le_bytes([w.first().copied().unwrap_or(0), w.get(1).copied().unwrap_or(0)])));
        }
        weights.push(key, &entries);
    }
    Ok(weights)
}
