//! Gazetteers: lists of known names (countries, places, regions, given names, surnames,
//! organisations, nationalities, other named things) compiled in from `crates/ner/data/*.txt`, and
//! their matches in a sentence.
//!
//! Matching is case-insensitive (headlines are in capitals), over whole token sequences of up to
//! [`MAX_LEN`] tokens; a token's matches are a bit set of (list, BILOU position within the match)
//! that the feature extractor turns into features, so the model learns how far to trust each list.

use crate::{KeyMap, KeySet};
use std::sync::OnceLock;

use crate::features::{hash_bytes, mix};

/// Longest entry, in tokens, that can match.
pub(crate) const MAX_LEN: usize = 6;

/// The lists, in bit order. A token's match bits are `list * 4 + position` (B, I, L, U).
const LISTS: [(&str, &str); 8] = [
    ("countries", include_str!("../data/countries.txt")),
    ("places", include_str!("../data/places.txt")),
    ("regions", include_str!("../data/regions.txt")),
    ("first_names", include_str!("../data/first_names.txt")),
    ("last_names", include_str!("../data/last_names.txt")),
    ("organisations", include_str!("../data/organisations.txt")),
    ("demonyms", include_str!("../data/demonyms.txt")),
    ("misc", include_str!("../data/misc.txt")),
];

/// Bit of the demonym list (nationalities, religious and political groups).
pub(crate) const DEMONYMS: usize = 6;

const SEED: u64 = 0x6761_7a65_7474_6565;

/// Hash of a token sequence from its tokens' lowercase hashes.
#[inline]
pub(crate) fn extend(h: u64, lower: u64) -> u64 {
    mix(h, lower)
}

/// Hash of the empty sequence, which entries extend token by token.
pub(crate) const EMPTY: u64 = SEED;

/// Hash of a whitespace-separated entry, lowercased token by token like the feature extractor.
pub(crate) fn entry_hash(entry: &str) -> u64 {
    entry.split_whitespace().fold(SEED, |h, w| extend(h, hash_bytes(w.to_lowercase().as_bytes())))
}

/// All lists: entry hashes with the set of lists they are in, and every proper prefix.
pub(crate) struct Gazetteer {
    entries: KeyMap<u16>,
    prefixes: KeySet,
}

impl Gazetteer {
    fn build() -> Gazetteer {
        let mut entries: KeyMap<u16> = KeyMap::default();
        let mut prefixes = KeySet::default();
        for (bit, (_, text)) in LISTS.iter().enumerate() {
            for line in text.lines() {
                let line = line.trim();
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                let words: Vec<&str> = line.split_whitespace().collect();
                if words.len() > MAX_LEN {
                    continue;
                }
                let mut h = SEED;
                for (k, w) in words.iter().enumerate() {
                    h = extend(h, hash_bytes(w.to_lowercase().as_bytes()));
                    if k + 1 < words.len() {
                        prefixes.insert(h);
                    }
                }
                *entries.entry(h).or_insert(0) |= 1 << bit;
            }
        }
        Gazetteer { entries, prefixes }
    }

    /// The compiled-in lists, built once per process.
    pub(crate) fn get() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(Gazetteer::build)
    }

    /// Lists containing the token sequence with this hash.
    pub(crate) fn lookup(&self, h: u64) -> u16 {
        self.entries.get(&h).copied().unwrap_or(0)
    }

    /// Match bits per token of a sentence given its tokens' lowercase hashes.
    pub(crate) fn matches(&self, lowers: &[u64]) -> Vec<u64> {
        let mut out = vec![0u64; lowers.len()];
        add_matches(self, lowers, 0, &mut out);
        out
    }
}

/// Name lists that can be matched against token sequences.
pub(crate) trait Lists {
    /// Bit set of the lists holding the sequence with this hash.
    fn lookup(&self, h: u64) -> u16;
    /// Whether some entry starts with (and is longer than) the sequence with this hash.
    fn is_prefix(&self, h: u64) -> bool;
}

impl Lists for Gazetteer {
    fn lookup(&self, h: u64) -> u16 {
        Gazetteer::lookup(self, h)
    }
    fn is_prefix(&self, h: u64) -> bool {
        self.prefixes.contains(&h)
    }
}

/// Ors into `out` the match bits of `lists` over a sentence, list `k` at bits `4 * (first + k)..`.
pub(crate) fn add_matches(lists: &(impl Lists + ?Sized), lowers: &[u64], first: usize, out: &mut [u64]) {
    for start in 0..lowers.len() {
        let mut h = SEED;
        for (len, &lw) in lowers.iter().skip(start).take(MAX_LEN).enumerate() {
            h = extend(h, lw);
            let found = lists.lookup(h);
            if found != 0 {
                let end = start + len; // inclusive
                for bit in (0..16).filter(|b| found & (1 << b) != 0) {
                    for (k, slot) in out.iter_mut().enumerate().take(end + 1).skip(start) {
                        let pos = if len == 0 {
                            3
                        } else if k == start {
                            0
                        } else if k == end {
                            2
                        } else {
                            1
                        };
                        if let Some(m) = 1u64.checked_shl(((first + bit) * 4 + pos) as u32) {
                            *slot |= m;
                        }
                    }
                }
            }
            if !lists.is_prefix(h) {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lowers(s: &str) -> Vec<u64> {
        s.split(' ').map(|w| hash_bytes(w.to_lowercase().as_bytes())).collect()
    }

    #[test]
    fn multi_token_matches_are_case_insensitive_with_positions() {
        let g = Gazetteer::get();
        let m = g.matches(&lowers("officials of the NORTHERN Security Pact met"));
        let org = 5;
        assert_eq!(m[3] & (1 << (org * 4)), 1 << (org * 4), "B of an organisation");
        assert_ne!(m[4] & (1 << (org * 4 + 1)), 0, "I");
        assert_ne!(m[5] & (1 << (org * 4 + 2)), 0, "L");
        assert_eq!(m[6] & (0xf << (org * 4)), 0);
        let d = g.matches(&lowers("Velorian troops"));
        assert_ne!(d[0] & (1 << (DEMONYMS * 4 + 3)), 0);
        assert_eq!(d[1], 0);
    }

    #[test]
    fn every_list_is_loaded() {
        let g = Gazetteer::get();
        for (bit, name) in [(0, "France"), (1, "Chicago"), (3, "John"), (4, "Smith"), (6, "Germans"), (7, "World Cup")] {
            assert_ne!(g.lookup(entry_hash(name)) & (1 << bit), 0, "{name} in list {bit}");
        }
    }
}
