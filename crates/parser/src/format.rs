//! The model file: a little-endian binary layout, deflate-compressed.
//!
//! Layout (before compression): magic, labels, then features (keys sorted and delta-encoded
//! as varints, each with its (class byte, i16 weight) entries). Weights are quantised to i16
//! at training time; the scale does not matter for ranking, so it is not stored.
//!
//! Keys are stored truncated to their low [`KEY_BITS`] bits (and looked up the same way), which
//! keeps the deltas to about three bytes per feature; with a few million features the chance
//! that a feature met at run time collides with a stored one is about one in a million.

use std::io::{Read, Write};

use crate::table::Table;
use crate::{system, Error, Parser};

const MAGIC: &[u8] = b"DOSSIER-PARSE-1";

/// Bits of a feature key that the model keeps.
pub const KEY_BITS: u32 = 40;
pub const KEY_MASK: u64 = (1 << KEY_BITS) - 1;

/// Largest decompressed model accepted, so corrupt input cannot ask for unbounded memory.
const MAX_DECOMPRESSED: u64 = 1 << 30;

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

/// Encodes labels and quantised features into model bytes. Keys are truncated to
/// [`KEY_BITS`]; when two keys become one, the first (in key order) is kept.
pub fn encode(labels: &[String], features: &[(u64, Vec<(u8, i16)>)]) -> Result<Vec<u8>, Error> {
    let mut masked: Vec<(u64, &Vec<(u8, i16)>)> = features.iter().map(|(k, v)| (k & KEY_MASK, v)).collect();
    masked.sort_by_key(|x| x.0);
    masked.dedup_by_key(|x| x.0);
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    put_varint(&mut out, labels.len() as u64);
    for l in labels {
        put_str(&mut out, l);
    }
    put_varint(&mut out, masked.len() as u64);
    let mut last = 0u64;
    for (k, entries) in masked {
        put_varint(&mut out, k.wrapping_sub(last));
        last = k;
        put_varint(&mut out, entries.len() as u64);
        for (c, w) in entries {
            out.push(*c);
            out.extend_from_slice(&w.to_le_bytes());
        }
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
}

/// Decodes model bytes written by [`encode`].
pub fn decode(compressed: &[u8]) -> Result<Parser, Error> {
    let mut table: Option<Table> = None;
    let labels = read(compressed, |n_classes, n, key, run| {
        if table.get_or_insert_with(|| Table::with_capacity(n, n_classes)).insert(key, run) {
            Ok(())
        } else {
            Err(Error::Corrupt("feature table full".into()))
        }
    })?;
    let root_label = labels
        .iter()
        .position(|l| l == "root")
        .ok_or_else(|| Error::Corrupt("no root label".into()))?;
    Ok(Parser {
        labels,
        root_label,
        table: table.unwrap_or_default(),
    })
}

/// Labels and features of a model file.
#[allow(clippy::type_complexity)]
pub fn decode_parts(compressed: &[u8]) -> Result<(Vec<String>, Vec<(u64, Vec<(u8, i16)>)>), Error> {
    let mut features = Vec::new();
    let labels = read(compressed, |_, n, key, run| {
        if features.is_empty() {
            features.reserve(n);
        }
        features.push((key, run.to_vec()));
        Ok(())
    })?;
    Ok((labels, features))
}

/// Reads a model file, giving `feature` the number of classes and of features and each
/// feature's key and entries; returns the labels.
fn read(
    compressed: &[u8],
    mut feature: impl FnMut(usize, usize, u64, &[(u8, i16)]) -> Result<(), Error>,
) -> Result<Vec<String>, Error> {
    if compressed.is_empty() {
        return Err(Error::Corrupt("empty model file (run `cargo xtask train parse`)".into()));
    }
    let mut data = Vec::new();
    flate2::read::DeflateDecoder::new(compressed)
        .take(MAX_DECOMPRESSED)
        .read_to_end(&mut data)
        .map_err(|e| Error::Corrupt(format!("decompression: {e}")))?;
    let mut r = Reader { data: &data, pos: 0 };
    if r.bytes(MAGIC.len())? != MAGIC {
        return Err(Error::Corrupt("bad magic".into()));
    }
    let n_labels = r.count()?;
    if n_labels == 0 || n_labels > 127 {
        return Err(Error::Corrupt(format!("{n_labels} labels")));
    }
    let labels = (0..n_labels).map(|_| r.string()).collect::<Result<Vec<_>, _>>()?;
    let n_classes = system::n_classes(n_labels);
    let n = r.count()?;
    let mut key = 0u64;
    let mut run = Vec::new();
    for _ in 0..n {
        key = key.wrapping_add(r.varint()?);
        let m = r.count()?;
        run.clear();
        for _ in 0..m {
            let c = r.byte()?;
            if usize::from(c) >= n_classes {
                return Err(Error::Corrupt("feature class out of range".into()));
            }
            let w = r.bytes(2)?;
            run.push((
                c,
                i16::from_le_bytes([w.first().copied().unwrap_or(0), w.get(1).copied().unwrap_or(0)]),
            ));
        }
        feature(n_classes, n, key & KEY_MASK, &run)?;
    }
    if r.pos != data.len() {
        return Err(Error::Corrupt("trailing bytes".into()));
    }
    Ok(labels)
}
