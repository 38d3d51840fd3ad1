//! Word clusters learned from unlabelled English text, a cheap stand-in for Brown clusters: each
//! frequent word form is described by the words seen just left and right of it, the description is
//! squashed to a short dense vector by a fixed random projection, and spherical k-means groups the
//! vectors at two granularities. Words that occur in similar contexts ("Pirelli", "Fiat") share
//! clusters, which lets the model generalise from names it has seen to names it has not.
//!
//! [`build`] writes `data/clusters.txt` (`cargo xtask train ner --clusters`); at run time
//! `Clusters::get` reads it back from the compiled-in copy.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::features::hash_bytes;

/// Dimensions of the projected context vectors.
const DIM: usize = 64;
/// Most frequent lowercase forms used as context features.
const N_CONTEXT: usize = 1500;

static DATA: &str = include_str!("../data/clusters.txt");

/// Cluster ids (coarse, fine) per word form, keyed by the hash of the form as written.
pub(crate) struct Clusters {
    ids: crate::KeyMap<(u16, u16)>,
}

impl Clusters {
    /// The compiled-in clusters, read once per process.
    pub(crate) fn get() -> &'static Clusters {
        static C: OnceLock<Clusters> = OnceLock::new();
        C.get_or_init(|| {
            let mut ids = crate::KeyMap::default();
            for line in DATA.lines().filter(|l| !l.starts_with('#')) {
                let mut cols = line.split('\t');
                let (Some(w), Some(a), Some(b)) = (cols.next(), cols.next(), cols.next()) else { continue };
                if let (Ok(a), Ok(b)) = (a.parse::<u16>(), b.parse::<u16>()) {
                    ids.insert(hash_bytes(w.as_bytes()), (a + 1, b + 1));
                }
            }
            Clusters { ids }
        })
    }

    /// Clusters of a word (`lower` is its lowercase form): the form as written, else title-cased
    /// (for headlines in capitals), else lowercased; (0, 0) when unknown.
    pub(crate) fn of(&self, word: &str, lower: &str) -> (u16, u16) {
        if let Some(&c) = self.ids.get(&hash_bytes(word.as_bytes())) {
            return c;
        }
        let mut chars = lower.chars();
        if let Some(first) = chars.next().filter(|c| c.is_lowercase()) {
            let title: String = first.to_uppercase().chain(chars).collect();
            if let Some(&c) = self.ids.get(&hash_bytes(title.as_bytes())) {
                return c;
            }
        }
        self.ids.get(&hash_bytes(lower.as_bytes())).copied().unwrap_or((0, 0))
    }
}

fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn normalise(v: &mut [f32]) {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
}

/// Spherical k-means: cluster index per vector.
fn kmeans(vecs: &[[f32; DIM]], k: usize, iters: usize, seed: u64) -> Vec<usize> {
    let mut state = seed;
    let k = k.min(vecs.len()).max(1);
    let mut centres: Vec<[f32; DIM]> =
        (0..k).map(|_| vecs.get((splitmix(&mut state) % vecs.len().max(1) as u64) as usize).copied().unwrap_or([0.0; DIM])).collect();
    let mut assign = vec![0usize; vecs.len()];
    for _ in 0..iters {
        for (v, a) in vecs.iter().zip(assign.iter_mut()) {
            let mut best = (f32::NEG_INFINITY, 0);
            for (c, centre) in centres.iter().enumerate() {
                let dot: f32 = v.iter().zip(centre).map(|(x, y)| x * y).sum();
                if dot > best.0 {
                    best = (dot, c);
                }
            }
            *a = best.1;
        }
        let mut sums = vec![[0f32; DIM]; k];
        for (v, &a) in vecs.iter().zip(&assign) {
            if let Some(s) = sums.get_mut(a) {
                s.iter_mut().zip(v).for_each(|(s, x)| *s += x);
            }
        }
        for (c, s) in centres.iter_mut().zip(sums.iter_mut()) {
            if s.iter().any(|&x| x != 0.0) {
                normalise(s);
                *c = *s;
            }
        }
    }
    assign
}

/// Learns clusters from tokenised sentences and returns the text of `clusters.txt`: words seen
/// at least `min_count` times, with a coarse (`k.0` clusters) and a fine (`k.1`) cluster id.
pub fn build(sentences: &[Vec<String>], min_count: usize, k: (usize, usize), seed: u64, header: &str) -> String {
    let mut lower_freq: HashMap<String, usize> = HashMap::new();
    let mut freq: HashMap<&str, usize> = HashMap::new();
    for s in sentences {
        for w in s {
            *lower_freq.entry(w.to_lowercase()).or_insert(0) += 1;
            *freq.entry(w.as_str()).or_insert(0) += 1;
        }
    }
    let mut ctx: Vec<(&String, &usize)> = lower_freq.iter().collect();
    ctx.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let ctx_id: HashMap<&str, usize> = ctx.iter().take(N_CONTEXT).enumerate().map(|(i, (w, _))| (w.as_str(), i)).collect();
    let mut words: Vec<(&str, usize)> = freq.into_iter().filter(|&(_, c)| c >= min_count).collect();
    words.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let word_id: HashMap<&str, usize> = words.iter().enumerate().map(|(i, (w, _))| (*w, i)).collect();
    // Context counts: left neighbour ids 0..N, right neighbour ids N..2N, boundaries 2N, 2N+1.
    let mut counts: Vec<HashMap<usize, f32>> = vec![HashMap::new(); words.len()];
    let other = 2 * N_CONTEXT + 2;
    for s in sentences {
        for (i, w) in s.iter().enumerate() {
            let Some(&id) = word_id.get(w.as_str()) else { continue };
            let left = if i == 0 {
                2 * N_CONTEXT
            } else {
                s.get(i - 1).and_then(|x| ctx_id.get(x.to_lowercase().as_str())).copied().unwrap_or(other)
            };
            let right = match s.get(i + 1) {
                None => 2 * N_CONTEXT + 1,
                Some(x) => ctx_id.get(x.to_lowercase().as_str()).map_or(other + 1, |&c| N_CONTEXT + c),
            };
            if let Some(c) = counts.get_mut(id) {
                *c.entry(left).or_insert(0.0) += 1.0;
                *c.entry(right).or_insert(0.0) += 1.0;
            }
        }
    }
    // Fixed random projection of log counts, one pseudo-random +-1 per (context, dimension).
    let vecs: Vec<[f32; DIM]> = counts
        .iter()
        .map(|c| {
            let mut v = [0f32; DIM];
            for (&ctx, &n) in c {
                let weight = (1.0 + n).ln();
                let mut state = seed ^ (ctx as u64).wrapping_mul(0x2545_f491_4f6c_dd1d);
                let bits = splitmix(&mut state);
                for (d, x) in v.iter_mut().enumerate() {
                    *x += if bits >> d & 1 == 1 { weight } else { -weight };
                }
            }
            normalise(&mut v);
            v
        })
        .collect();
    let coarse = kmeans(&vecs, k.0, 12, seed);
    let fine = kmeans(&vecs, k.1, 12, seed.wrapping_add(1));
    let mut out = String::from(header);
    for (((w, _), c), f) in words.iter().zip(&coarse).zip(&fine) {
        out.push_str(&format!("{w}\t{c}\t{f}\n"));
    }
    out
}
