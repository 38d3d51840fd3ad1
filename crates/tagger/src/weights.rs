//! Quantised perceptron weights for inference: feature hash -> a run of (class, i16 weight)
//! entries, so that scoring touches only the classes a feature has weights for.

use crate::features::IdMap;

/// The weights of one pass of the tagger.
#[derive(Debug, Default)]
pub struct Weights {
    /// Feature hash -> (start, len) into `entry_class`/`entry_weight`.
    index: IdMap<(u32, u32)>,
    entry_class: Vec<u8>,
    entry_weight: Vec<i16>,
}

impl Weights {
    pub fn with_capacity(n_features: usize) -> Weights {
        Weights {
            index: IdMap::with_capacity_and_hasher(n_features, Default::default()),
            entry_class: Vec::new(),
            entry_weight: Vec::new(),
        }
    }

    /// Adds the entries of one feature; a key added twice keeps its last entries.
    pub fn push(&mut self, key: u64, entries: impl IntoIterator<Item = (u8, i16)>) {
        let start = self.entry_class.len() as u32;
        for (c, w) in entries {
            self.entry_class.push(c);
            self.entry_weight.push(w);
        }
        let len = self.entry_class.len() as u32 - start;
        self.index.insert(key, (start, len));
    }

    /// Number of features with weights.
    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Adds the weights of `feats` into `scores` (which the caller zeroes).
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [i32]) {
        for f in feats {
            if let Some(&(start, len)) = self.index.get(f) {
                let (s, e) = (start as usize, start as usize + len as usize);
                let cs = self.entry_class.get(s..e).unwrap_or(&[]);
                let ws = self.entry_weight.get(s..e).unwrap_or(&[]);
                for (c, wt) in cs.iter().zip(ws) {
                    if let Some(sc) = scores.get_mut(*c as usize) {
                        *sc += i32::from(*wt);
                    }
                }
            }
        }
    }
}
