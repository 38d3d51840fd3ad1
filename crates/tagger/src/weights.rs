//! Quantised perceptron weights for inference: feature hash -> its (class, i16 weight)
//! entries. Sparse features keep a run of (class, weight) pairs, so scoring touches only the
//! classes they have weights for; dense ones (weights for a quarter of the classes or more,
//! such as the previous-tag features) keep a full row that is added with vector instructions.

/// Features resolved per batch in [`Weights::score`].
const BATCH: usize = 64;

/// Where a feature's weights are.
#[derive(Debug, Clone, Copy)]
enum Slot {
    /// `len` (class, weight) pairs from `start` in `entry_class`/`entry_weight`.
    Sparse { start: u32, len: u32 },
    /// A row of `n_classes` weights from `start` in `dense`.
    Dense { start: u32 },
}

/// Marks a dense slot in [`Table`]'s `len` field.
const DENSE: u32 = u32::MAX;

/// An open-addressing hash table from feature hash to [`Slot`], keys and slots side by side
/// so that a lookup usually costs one cache miss (the generic map keeps control bytes and
/// entries apart: two). Keys are already well-mixed hashes; key 0 marks an empty cell, so a
/// real key 0 is stored as 1.
#[derive(Debug, Default)]
struct Table {
    /// (key, start, len or DENSE)
    cells: Vec<(u64, u32, u32)>,
    len: usize,
}

impl Table {
    fn with_capacity(n: usize) -> Table {
        Table {
            cells: vec![(0, 0, 0); (n.saturating_mul(4) / 3 + 1).next_power_of_two().max(16)],
            len: 0,
        }
    }

    fn key(k: u64) -> u64 {
        k.max(1)
    }

    fn insert(&mut self, key: u64, slot: Slot) {
        if (self.len + 1) * 4 > self.cells.len() * 3 {
            let old = std::mem::take(&mut self.cells);
            *self = Table::with_capacity(old.len());
            for (k, start, len) in old.into_iter().filter(|c| c.0 != 0) {
                self.put(k, start, len);
            }
        }
        let (start, len) = match slot {
            Slot::Sparse { start, len } => (start, len.min(DENSE - 1)),
            Slot::Dense { start } => (start, DENSE),
        };
        self.put(Table::key(key), start, len);
    }

    fn put(&mut self, key: u64, start: u32, len: u32) {
        let mask = self.cells.len() - 1;
        let mut i = key as usize & mask;
        loop {
            let Some(cell) = self.cells.get_mut(i) else { return };
            if cell.0 == 0 {
                *cell = (key, start, len);
                self.len += 1;
                return;
            }
            if cell.0 == key {
                *cell = (key, start, len);
                return;
            }
            i = (i + 1) & mask;
        }
    }

    #[inline]
    fn get(&self, key: u64) -> Option<Slot> {
        let key = Table::key(key);
        let mask = self.cells.len().wrapping_sub(1);
        let mut i = key as usize & mask;
        // The table is never full, so an empty cell ends every probe sequence.
        loop {
            let &(k, start, len) = self.cells.get(i)?;
            if k == key {
                return Some(if len == DENSE {
                    Slot::Dense { start }
                } else {
                    Slot::Sparse { start, len }
                });
            }
            if k == 0 {
                return None;
            }
            i = (i + 1) & mask;
        }
    }
}

/// The weights of the tagger.
#[derive(Debug, Default)]
pub struct Weights {
    index: Table,
    /// (class, weight) pairs side by side, so that a sparse feature costs one cache miss.
    entries: Vec<(u8, i16)>,
    dense: Vec<i16>,
    n_classes: usize,
}

impl Weights {
    pub fn new(n_features: usize, n_classes: usize) -> Weights {
        Weights {
            index: Table::with_capacity(n_features),
            entries: Vec::new(),
            dense: Vec::new(),
            n_classes: n_classes.min(256),
        }
    }

    /// Adds the entries of one feature (classes below `n_classes`); a key added twice keeps
    /// its last entries.
    pub fn push(&mut self, key: u64, entries: &[(u8, i16)]) {
        let slot = if entries.len() * 4 >= self.n_classes {
            let start = self.dense.len();
            self.dense.resize(start + self.n_classes, 0);
            if let Some(row) = self.dense.get_mut(start..) {
                for &(c, w) in entries {
                    if let Some(x) = row.get_mut(usize::from(c)) {
                        *x = w;
                    }
                }
            }
            Slot::Dense { start: start as u32 }
        } else {
            let start = self.entries.len() as u32;
            self.entries.extend_from_slice(entries);
            Slot::Sparse {
                start,
                len: entries.len() as u32,
            }
        };
        self.index.insert(key, slot);
    }

    /// Number of features with weights.
    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> usize {
        self.index.len
    }

    /// Adds the weights of `feats` into `scores` (which the caller zeroes; classes beyond its
    /// length are ignored).
    ///
    /// Scoring is bound by cache misses (the table is several megabytes), so it goes in three
    /// loops: resolve every feature's slot (independent loads, whose misses the CPU overlaps),
    /// touch the first weight of each, then add them up from cache.
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [i32]) {
        let n = self.n_classes;
        let mut slots = [Slot::Sparse { start: 0, len: 0 }; BATCH];
        for chunk in feats.chunks(BATCH) {
            let mut k = 0;
            for (f, slot) in chunk.iter().zip(slots.iter_mut()) {
                if let Some(s) = self.index.get(*f) {
                    *slot = s;
                    k += 1;
                } else {
                    *slot = Slot::Sparse { start: 0, len: 0 };
                }
            }
            if k == 0 {
                continue;
            }
            let resolved = slots.get(..chunk.len()).unwrap_or(&[]);
            let mut sink = 0i16;
            for slot in resolved {
                sink ^= match *slot {
                    Slot::Sparse { start, len } if len > 0 => {
                        self.entries.get(start as usize).map_or(0, |e| e.1)
                    }
                    Slot::Dense { start } => self.dense.get(start as usize).copied().unwrap_or(0),
                    Slot::Sparse { .. } => 0,
                };
            }
            std::hint::black_box(sink);
            for slot in resolved {
                match *slot {
                    Slot::Sparse { start, len } => {
                        let (s, e) = (start as usize, start as usize + len as usize);
                        for &(c, wt) in self.entries.get(s..e).unwrap_or(&[]) {
                            if let Some(x) = scores.get_mut(usize::from(c)) {
                                *x += i32::from(wt);
                            }
                        }
                    }
                    Slot::Dense { start } => {
                        let row = self.dense.get(start as usize..start as usize + n).unwrap_or(&[]);
                        for (x, w) in scores.iter_mut().zip(row) {
                            *x += i32::from(*w);
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparse_dense_and_missing_features() {
        let mut w = Weights::new(1, 8);
        w.push(0, &[(1, 5)]);
        w.push(42, &[(0, 1), (2, 2), (7, -3)]);
        for k in 100..200u64 {
            w.push(k.wrapping_mul(0x9e37_79b9_7f4a_7c15), &[(3, 1)]);
        }
        assert_eq!(w.len(), 102);
        let mut scores = [0i32; 8];
        w.score(&[0, 42, 7, 150u64.wrapping_mul(0x9e37_79b9_7f4a_7c15)], &mut scores);
        assert_eq!(scores, [1, 5, 2, 1, 0, 0, 0, -3]);
        // More features than one batch, some repeated.
        let many: Vec<u64> = (0..150).map(|k| if k % 2 == 0 { 42 } else { 0 }).collect();
        let mut scores = [0i32; 8];
        w.score(&many, &mut scores);
        assert_eq!(scores, [75, 375, 150, 0, 0, 0, 0, -225]);
    }
}
