//! Names remembered from the training data: every gold mention of the training set, with the
//! types it had, matched in new text like a gazetteer (lists 8..12 of the match bits: PER, ORG,
//! LOC, MISC).
//!
//! During training each document sees the mentions of the *other* training documents only
//! (leave one document out), so the model learns how much a name seen elsewhere is worth on text
//! it has not seen, which is the situation at run time.

use std::collections::{HashMap, HashSet};

use crate::gazetteer::{extend, Lists, EMPTY, MAX_LEN};
use crate::KeyMap;

/// First list index of the remembered names in the match bits (after the compiled-in lists).
pub(crate) const FIRST_LIST: usize = 8;
const PREFIX: u8 = 1 << 4;

/// Run-time memory: per hashed token sequence, a bit per type it was seen with, and [`PREFIX`].
#[derive(Default)]
pub(crate) struct Memory {
    pub(crate) masks: KeyMap<u8>,
}

impl Lists for Memory {
    fn lookup(&self, h: u64) -> u16 {
        self.masks.get(&h).map_or(0, |&m| u16::from(m & 0xf))
    }
    fn is_prefix(&self, h: u64) -> bool {
        self.masks.get(&h).is_some_and(|&m| m & PREFIX != 0)
    }
}

/// Mention counts per type, keyed by the hash of the mention's lowercased tokens.
pub(crate) type Counts = HashMap<u64, [u16; 4]>;

/// Counts the mentions of one document, given as (lowercase token hashes, type index).
pub(crate) fn count<'a>(mentions: impl IntoIterator<Item = (&'a [u64], usize)>, counts: &mut Counts, prefixes: &mut HashSet<u64>) {
    for (lowers, ty) in mentions {
        if lowers.is_empty() || lowers.len() > MAX_LEN {
            continue;
        }
        let mut h = EMPTY;
        for (k, &lw) in lowers.iter().enumerate() {
            h = extend(h, lw);
            if k + 1 < lowers.len() {
                prefixes.insert(h);
            }
        }
        if let Some(c) = counts.entry(h).or_insert([0; 4]).get_mut(ty) {
            *c = c.saturating_add(1);
        }
    }
}

/// The training set's memory as seen from one of its documents: counts minus that document's.
pub(crate) struct LeaveOut<'a> {
    pub(crate) all: &'a Counts,
    pub(crate) prefixes: &'a HashSet<u64>,
    pub(crate) doc: &'a Counts,
}

impl Lists for LeaveOut<'_> {
    fn lookup(&self, h: u64) -> u16 {
        let Some(all) = self.all.get(&h) else { return 0 };
        let own = self.doc.get(&h).copied().unwrap_or([0; 4]);
        all.iter().zip(own).enumerate().filter(|(_, (&a, o))| a > *o).fold(0, |m, (t, _)| m | (1 << t))
    }
    fn is_prefix(&self, h: u64) -> bool {
        self.prefixes.contains(&h)
    }
}

/// The run-time memory of a whole training set.
pub(crate) fn freeze(all: &Counts, prefixes: &HashSet<u64>) -> Vec<(u64, u8)> {
    let mut masks: HashMap<u64, u8> = HashMap::new();
    for (&h, counts) in all {
        let m = counts.iter().enumerate().filter(|(_, &c)| c > 0).fold(0u8, |m, (t, _)| m | (1 << t));
        *masks.entry(h).or_insert(0) |= m;
    }
    for &h in prefixes {
        *masks.entry(h).or_insert(0) |= PREFIX;
    }
    let mut out: Vec<(u64, u8)> = masks.into_iter().collect();
    out.sort_unstable();
    out
}
