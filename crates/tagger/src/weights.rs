//! Quantised perceptron weights for inference: feature hash -> its (class, i16 weight)
//! entries. Sparse features keep a run of (class, weight) pairs, so scoring touches only the
//! classes they have weights for; dense ones (weights for a quarter of the classes or more,
//! such as the previous-tag features) keep a full row that is added with vector instructions.

/// Scores of every class; a class id is a byte, so indexing by it needs no bounds check.
pub type Scores = [i32; 256];

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
    entry_class: Vec<u8>,
    entry_weight: Vec<i16>,
    dense: Vec<i16>,
    n_classes: usize,
}

impl Weights {
    pub fn new(n_features: usize, n_classes: usize) -> Weights {
        Weights {
            index: Table::with_capacity(n_features),
            entry_class: Vec::new(),
            entry_weight: Vec::new(),
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
            let start = self.entry_class.len() as u32;
            for &(c, w) in entries {
                self.entry_class.push(c);
                self.entry_weight.push(w);
            }
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

    /// Adds the weights of `feats` into `scores` (which the caller zeroes).
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut Scores) {
        let n = self.n_classes;
        for f in feats {
            match self.index.get(*f) {
                Some(Slot::Sparse { start, len }) => {
                    let (s, e) = (start as usize, start as usize + len as usize);
                    let cs = self.entry_class.get(s..e).unwrap_or(&[]);
                    let ws = self.entry_weight.get(s..e).unwrap_or(&[]);
                    for (c, wt) in cs.iter().zip(ws) {
                        scores[usize::from(*c)] += i32::from(*wt);
                    }
                }
                Some(Slot::Dense { start }) => {
                    let row = self.dense.get(start as usize..start as usize + n).unwrap_or(&[]);
                    for (s, w) in scores.iter_mut().zip(row) {
                        *s += i32::from(*w);
                    }
                }
                None => {}
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
        let mut scores: Scores = [0; 256];
        w.score(&[0, 42, 7, 150u64.wrapping_mul(0x9e37_79b9_7f4a_7c15)], &mut scores);
        assert_eq!(scores.get(..8), Some([1, 5, 2, 1, 0, 0, 0, -3].as_slice()));
    }
}
