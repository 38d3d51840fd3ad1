//! The weight table used at parse time: an open-addressing hash table from feature key to a
//! run of packed (class, weight) entries.
//!
//! A parser state looks up ~140 features in a table of a million or more keys, so parsing is
//! bound by cache misses. Keys live in one flat array probed linearly; [`Table::score`] first
//! resolves every feature's slot in a loop of independent loads (which the CPU overlaps),
//! then adds the entries. Building from sorted keys is a single pass, so loading is fast.

/// Empty-slot marker; a real key equal to it is stored as [`ZERO_KEY`].
const EMPTY: u64 = 0;
const ZERO_KEY: u64 = 0x5bd1_e995_5bd1_e995;

/// A key with the start of its run in `entries` and the run's length, in one cache line.
#[derive(Debug, Default, Clone, Copy)]
struct Slot {
    key: u64,
    start: u32,
    len: u32,
}

#[derive(Debug, Default)]
pub struct Table {
    mask: usize,
    slots: Vec<Slot>,
    /// Class in the high 16 bits, i16 weight in the low 16 bits.
    entries: Vec<u32>,
    /// Features with weights for many classes get a dense row of `n_classes` weights instead
    /// (their slot's `len` has [`DENSE`] set and `start` indexes rows): adding a row is a
    /// vectorised loop rather than one scattered add per entry.
    dense: Vec<i16>,
    n_classes: usize,
    len: usize,
}

/// Marks a slot whose run is a dense row.
const DENSE: u32 = 1 << 31;

#[inline]
fn fix(key: u64) -> u64 {
    if key == EMPTY {
        ZERO_KEY
    } else {
        key
    }
}

impl Table {
    /// A table for `n` keys whose classes are `0..n_classes`.
    pub fn with_capacity(n: usize, n_classes: usize) -> Table {
        let cap = (n + n / 2 + 16).next_power_of_two();
        Table {
            mask: cap - 1,
            slots: vec![Slot::default(); cap],
            entries: Vec::new(),
            dense: Vec::new(),
            n_classes,
            len: 0,
        }
    }

    /// Number of keys.
    pub fn n_keys(&self) -> usize {
        self.len
    }

    /// Adds a key with its entries; a key already present is left unchanged. Inserting more
    /// keys than the capacity given at construction is refused (returns false).
    pub fn insert(&mut self, key: u64, run: &[(u8, i16)]) -> bool {
        if self.len + 1 > self.slots.len() - self.slots.len() / 4 {
            return false;
        }
        let key = fix(key & crate::format::KEY_MASK);
        let mut i = (key as usize) & self.mask;
        loop {
            match self.slots.get(i).map(|s| s.key) {
                Some(EMPTY) => break,
                Some(k) if k == key => return true,
                Some(_) => i = (i + 1) & self.mask,
                None => return false,
            }
        }
        let (start, len) = if self.n_classes > 0 && run.len() * 4 >= self.n_classes {
            let row = self.dense.len() / self.n_classes;
            self.dense.resize(self.dense.len() + self.n_classes, 0);
            for &(c, w) in run {
                if let Some(x) = self.dense.get_mut(row * self.n_classes + usize::from(c)) {
                    *x = w;
                }
            }
            (row as u32, DENSE)
        } else {
            let start = self.entries.len() as u32;
            self.entries
                .extend(run.iter().map(|&(c, w)| (u32::from(c) << 16) | u32::from(w as u16)));
            (start, run.len() as u32)
        };
        if let Some(slot) = self.slots.get_mut(i) {
            *slot = Slot { key, start, len };
        }
        self.len += 1;
        true
    }

    #[inline]
    fn find(&self, key: u64) -> Option<(u32, u32)> {
        let key = fix(key & crate::format::KEY_MASK);
        let mut i = (key as usize) & self.mask;
        // The table is at most 3/4 full, so a probe always reaches an empty slot.
        for _ in 0..self.slots.len() {
            match self.slots.get(i) {
                Some(s) if s.key == key => return Some((s.start, s.len)),
                Some(s) if s.key == EMPTY => return None,
                None => return None,
                Some(_) => i = (i + 1) & self.mask,
            }
        }
        None
    }

    /// Adds the weights of `feats` into `scores` (which the caller zeroes).
    pub fn score(&self, feats: &[u64], scores: &mut [i32], runs: &mut Vec<(u32, u32)>) {
        runs.clear();
        runs.extend(feats.iter().filter_map(|&f| self.find(f)));
        // Touch the first entry of every run so that their cache misses overlap instead of
        // being paid one after another in the loop below.
        let mut sink = 0u32;
        for &(start, len) in runs.iter() {
            if len != DENSE {
                sink ^= self.entries.get(start as usize).copied().unwrap_or(0);
            }
        }
        std::hint::black_box(sink);
        let nc = self.n_classes;
        for &(start, len) in runs.iter() {
            if len == DENSE {
                let s = start as usize * nc;
                let row = self.dense.get(s..s + nc).unwrap_or(&[]);
                for (sc, &w) in scores.iter_mut().zip(row) {
                    *sc += i32::from(w);
                }
                continue;
            }
            let (s, e) = (start as usize, start as usize + len as usize);
            for &x in self.entries.get(s..e).unwrap_or(&[]) {
                if let Some(sc) = scores.get_mut((x >> 16) as usize) {
                    *sc += i32::from(x as u16 as i16);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_was_inserted() {
        let mut t = Table::with_capacity(100, 5);
        for k in 0..100u64 {
            assert!(t.insert(crate::features::mix(k), &[(k as u8 % 5, k as i16 - 50)]));
        }
        // A run with most classes is stored as a dense row.
        assert!(t.insert(77, &[(0, 1), (2, 2), (4, 3)]));
        let mut scores = vec![0i32; 5];
        let mut runs = Vec::new();
        t.score(&[crate::features::mix(3), crate::features::mix(8), 12345], &mut scores, &mut runs);
        assert_eq!(scores, vec![0, 0, 0, -47 - 42, 0]);
        t.score(&[77, crate::features::mix(3)], &mut scores, &mut runs);
        assert_eq!(scores, vec![1, 0, 2, -47 - 42 - 47, 3]);
        // Over capacity: refused rather than looping forever.
        let mut small = Table::with_capacity(1, 5);
        let ok = (0..1000u64).filter(|&k| small.insert(crate::features::mix(k), &[])).count();
        assert!(ok < 1000);
    }
}
