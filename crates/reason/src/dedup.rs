//! Exact and near-duplicate detection.
//!
//! *Exact*: the BLAKE3 hash of the clean text with whitespace runs collapsed ([`text_hash`]).
//! *Near*: the Jaccard similarity of the two texts' sets of word 5-shingles (lowercased words),
//! estimated by a MinHash signature of [`N_HASHES`] values ([`signature`]); candidates are found
//! by LSH banding ([`N_BANDS`] bands of [`ROWS`] rows, so pairs above roughly 0.5 similarity
//! collide with high probability) and confirmed when the estimate reaches [`NEAR_THRESHOLD`].
//!
//! Written by hand rather than with a crate (gaoya): we need signatures that are stable across
//! versions (they are stored), an index that is rebuilt from stored signatures, and ~150 lines.

use std::collections::HashMap;

use model::DocId;

pub const SHINGLE_WORDS: usize = 5;
/// Signature length (bins of one-permutation hashing); a power of two.
pub const N_HASHES: usize = 64;
pub const N_BANDS: usize = 16;
pub const ROWS: usize = N_HASHES / N_BANDS;
/// Estimated Jaccard similarity from which two documents count as near duplicates. Two
/// different reports of one event rarely share a quarter of their 5-word shingles; a
/// republished wire story with a new headline and a changed sentence shares most of them.
pub const NEAR_THRESHOLD: f32 = 0.5;

/// Hash of the clean text for exact-duplicate detection (whitespace runs collapsed).
pub fn text_hash(text: &str) -> String {
    let mut joined = String::with_capacity(text.len());
    for w in text.split_whitespace() {
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(w);
    }
    blake3::hash(joined.as_bytes()).to_hex()[..32].to_string()
}

/// The MinHash signature of `text`'s word shingles. A text shorter than one shingle is one
/// shingle of all its words; an empty text has a signature of `u32::MAX`s that matches nothing.
///
/// One-permutation hashing with rotation densification (Li, Owen and Zhang 2012; Shrivastava
/// and Li 2014): each shingle is hashed once; the top bits of the hash choose one of the
/// [`N_HASHES`] bins and the low 32 bits compete for that bin's minimum; an empty bin (short
/// texts) takes the value of the next non-empty bin to its right, shifted by a constant per step
/// so that borrowed values are told apart. This estimates the Jaccard similarity as classic
/// MinHash does, at one hash per shingle instead of [`N_HASHES`].
///
/// Words are runs of alphanumeric characters, lowercased, each hashed once (FNV-1a over its
/// lowercased UTF-8, then [`mix`]); a shingle's hash combines its words' hashes in order. All of
/// it is fixed arithmetic, so signatures are stable across builds and platforms (they are stored).
pub fn signature(text: &str) -> Vec<u32> {
    const BIN_BITS: u32 = N_HASHES.trailing_zeros();
    const _: () = assert!(N_HASHES.is_power_of_two());
    const ROTATION: u32 = 0x9E37_79B9;
    let words = word_hashes(text);
    let mut sig = vec![u32::MAX; N_HASHES];
    if words.is_empty() {
        return sig;
    }
    let mut filled = [false; N_HASHES];
    let n = words.len().saturating_sub(SHINGLE_WORDS - 1).max(1);
    for i in 0..n {
        let end = (i + SHINGLE_WORDS).min(words.len());
        let mut shingle: u64 = 0x5348_494E_474C_4553; // "SHINGLES"
        for &w in words.get(i..end).unwrap_or(&[]) {
            shingle = mix(shingle.rotate_left(5) ^ w);
        }
        let bin = (shingle >> (64 - BIN_BITS)) as usize;
        let value = shingle as u32;
        if let (Some(slot), Some(f)) = (sig.get_mut(bin), filled.get_mut(bin)) {
            if !*f || value < *slot {
                *slot = value;
                *f = true;
            }
        }
    }
    // Rotation densification: bin j empty -> value of bin j+t (first filled to the right,
    // circularly) plus t * ROTATION.
    let original = sig.clone();
    for j in 0..N_HASHES {
        if filled[j] {
            continue;
        }
        for t in 1..N_HASHES {
            let k = (j + t) % N_HASHES;
            if filled[k] {
                sig[j] = original[k].wrapping_add((t as u32).wrapping_mul(ROTATION));
                break;
            }
        }
    }
    sig
}

/// One hash per word (runs of alphanumeric characters, lowercased), without allocating a
/// string per word.
fn word_hashes(text: &str) -> Vec<u64> {
    const FNV_OFFSET: u64 = 0xcbf29ce484222325;
    const FNV_PRIME: u64 = 0x100000001b3;
    let mut out = Vec::with_capacity(text.len() / 6);
    let mut h = FNV_OFFSET;
    let mut in_word = false;
    let mut buf = [0u8; 4];
    for c in text.chars() {
        if c.is_alphanumeric() {
            in_word = true;
            if c.is_ascii() {
                h = (h ^ c.to_ascii_lowercase() as u64).wrapping_mul(FNV_PRIME);
            } else {
                for lc in c.to_lowercase() {
                    for &b in lc.encode_utf8(&mut buf).as_bytes() {
                        h = (h ^ b as u64).wrapping_mul(FNV_PRIME);
                    }
                }
            }
        } else if in_word {
            out.push(mix(h));
            h = FNV_OFFSET;
            in_word = false;
        }
    }
    if in_word {
        out.push(mix(h));
    }
    out
}

/// Estimated Jaccard similarity of two signatures (share of equal positions).
pub fn similarity(a: &[u32], b: &[u32]) -> f32 {
    if a.len() != b.len() || a.is_empty() || a.iter().all(|&x| x == u32::MAX) {
        return 0.0;
    }
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f32 / a.len() as f32
}

/// splitmix64 finaliser: a fixed, well-mixed bijection, so signatures are stable across builds.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E3779B97F4A7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D049BB133111EB);
    z ^ (z >> 31)
}


/// An LSH index over the signatures of original (non-duplicate) documents.
///
/// Memory is what matters here (the index lives for a whole run and holds every stored
/// original), so it is flat: signatures back to back in one vector, and per band a hash map from
/// band key to the most recent document with that key, plus one "previous document with the
/// same key" link per document and band. About 600 bytes per document.
#[derive(Default)]
pub struct NearDupIndex {
    ids: Vec<DocId>,
    /// `N_HASHES` values per document, in insertion order.
    sigs: Vec<u32>,
    /// Per band: band key -> last document index with that key.
    heads: Vec<HashMap<u64, u32>>,
    /// Per band, per document: the previous document with the same band key (`u32::MAX`: none).
    links: Vec<Vec<u32>>,
}

impl NearDupIndex {
    pub fn new() -> NearDupIndex {
        NearDupIndex {
            ids: Vec::new(),
            sigs: Vec::new(),
            heads: (0..N_BANDS).map(|_| HashMap::new()).collect(),
            links: (0..N_BANDS).map(|_| Vec::new()).collect(),
        }
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Adds a document's signature. Signatures of the wrong length are ignored.
    pub fn insert(&mut self, id: DocId, sig: Vec<u32>) {
        if sig.len() != N_HASHES || sig.iter().all(|&x| x == u32::MAX) {
            return;
        }
        let idx = self.ids.len() as u32;
        for (b, (heads, links)) in self.heads.iter_mut().zip(self.links.iter_mut()).enumerate() {
            let previous = heads.insert(band_key(&sig, b), idx).unwrap_or(u32::MAX);
            links.push(previous);
        }
        self.ids.push(id);
        self.sigs.extend_from_slice(&sig);
    }

    fn sig(&self, idx: u32) -> &[u32] {
        let start = idx as usize * N_HASHES;
        self.sigs.get(start..start + N_HASHES).unwrap_or(&[])
    }

    /// The most similar indexed document at or above [`NEAR_THRESHOLD`], if any.
    pub fn query(&self, sig: &[u32]) -> Option<(DocId, f32)> {
        if sig.len() != N_HASHES {
            return None;
        }
        let mut best: Option<(u32, f32)> = None;
        let mut seen = std::collections::HashSet::new();
        for (b, (heads, links)) in self.heads.iter().zip(&self.links).enumerate() {
            let mut cursor = heads.get(&band_key(sig, b)).copied().unwrap_or(u32::MAX);
            while cursor != u32::MAX {
                let c = cursor;
                cursor = links.get(c as usize).copied().unwrap_or(u32::MAX);
                if !seen.insert(c) {
                    continue;
                }
                let s = similarity(sig, self.sig(c));
                // Ties go to the earliest document, which is the one others repeat.
                if s >= NEAR_THRESHOLD && best.is_none_or(|(bi, bs)| s > bs || (s == bs && c < bi)) {
                    best = Some((c, s));
                }
            }
        }
        best.and_then(|(c, s)| self.ids.get(c as usize).map(|id| (id.clone(), s)))
    }
}

fn band_key(sig: &[u32], band: usize) -> u64 {
    let rows = sig.get(band * ROWS..(band + 1) * ROWS).unwrap_or(&[]);
    let mut h: u64 = band as u64;
    for &r in rows {
        h = mix(h ^ r as u64);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "Troops of the Eastern Security Pact began leaving Veloria on Thursday, \
        the alliance said in a statement, a week after President Tomas Rekker asked for help to \
        put down unrest that left at least 164 people dead. The withdrawal will be complete within \
        ten days, the pact's secretary general told reporters in Velsk. Rekker has blamed the \
        violence on foreign-trained terrorists, a claim for which his government has offered no \
        evidence. Thousands of people were detained during the unrest, which began with protests \
        over a fuel price rise in the western oil region.";

    #[test]
    fn exact_hash_ignores_whitespace_layout_only() {
        assert_eq!(text_hash("a  b\n\nc"), text_hash("a b c"));
        assert_ne!(text_hash("a b c"), text_hash("a b d"));
    }

    #[test]
    fn republished_wire_story_is_a_near_duplicate() {
        let edited = STORY.replace("on Thursday", "on Thursday morning") + " Reporting by the wire desk.";
        let s = similarity(&signature(STORY), &signature(&edited));
        assert!(s >= NEAR_THRESHOLD, "similarity {s}");
        let mut index = NearDupIndex::new();
        index.insert("orig".into(), signature(STORY));
        assert_eq!(index.query(&signature(&edited)).map(|x| x.0), Some("orig".to_string()));
    }

    #[test]
    fn different_reports_of_one_event_are_not_duplicates() {
        let other = "Velorian opposition groups said on Friday that the death toll from last week's \
            violence was far higher than the government admits, putting it above 200. They called \
            for an independent inquiry into the shootings in Corvinsk and the release of detained \
            journalists, and accused the security services of firing on peaceful crowds. The \
            president's office did not respond to a request for comment.";
        let s = similarity(&signature(STORY), &signature(other));
        assert!(s < 0.2, "similarity {s}");
        let mut index = NearDupIndex::new();
        index.insert("orig".into(), signature(STORY));
        assert_eq!(index.query(&signature(other)), None);
    }

    /// Exact Jaccard similarity of the two texts' word 5-shingle sets.
    fn exact_jaccard(a: &str, b: &str) -> f32 {
        let shingles = |t: &str| {
            let w: Vec<String> = t.split_whitespace().map(str::to_lowercase).collect();
            w.windows(SHINGLE_WORDS).map(|s| s.join(" ")).collect::<std::collections::HashSet<_>>()
        };
        let (x, y) = (shingles(a), shingles(b));
        x.intersection(&y).count() as f32 / x.union(&y).count() as f32
    }

    #[test]
    fn estimates_track_exact_jaccard() {
        // Word sequences sharing a prefix of varying length, then diverging.
        let words = |tag: &str, n: usize| (0..n).map(|i| format!("{tag}{i}")).collect::<Vec<_>>().join(" ");
        for shared in [40, 120, 200, 280] {
            let a = format!("{} {}", words("w", shared), words("a", 300 - shared));
            let b = format!("{} {}", words("w", shared), words("b", 300 - shared));
            let exact = exact_jaccard(&a, &b);
            let est = similarity(&signature(&a), &signature(&b));
            assert!((exact - est).abs() < 0.15, "shared {shared}: exact {exact}, estimate {est}");
        }
    }

    #[test]
    fn chains_find_every_colliding_document_and_prefer_the_best() {
        let mut index = NearDupIndex::new();
        let base = signature(STORY);
        // Three documents colliding with the query: one in all bands but the first (similarity
        // 63/64), inserted first, then two identical ones.
        let mut far = base.clone();
        far[0] ^= 1;
        index.insert("far".into(), far);
        index.insert("exact".into(), base.clone());
        index.insert("also-exact".into(), base.clone());
        let (id, s) = index.query(&base).unwrap();
        assert_eq!((id.as_str(), s), ("exact", 1.0), "the earliest of the best");
        assert_eq!(index.len(), 3);
    }

    #[test]
    fn degenerate_inputs() {
        assert_eq!(similarity(&signature(""), &signature("")), 0.0);
        let mut index = NearDupIndex::new();
        index.insert("empty".into(), signature(""));
        assert!(index.query(&signature("")).is_none());
        assert!(index.is_empty());
        index.insert("bad".into(), vec![1, 2, 3]);
        assert!(index.query(&[1, 2, 3]).is_none());
        assert_eq!(signature("one two").len(), N_HASHES);
        // Case and punctuation do not matter; words do.
        assert_eq!(signature("The Pact, said: TROOPS"), signature("the pact said troops"));
        assert_ne!(signature("the pact said troops"), signature("the pact said troop"));
        assert_eq!(signature("Ärzte ÖFFNEN"), signature("ärzte öffnen"));
    }
}
