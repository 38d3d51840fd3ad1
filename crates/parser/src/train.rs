//! Training: an averaged perceptron over labelled arc-hybrid transitions, trained with the
//! dynamic oracle and error exploration (Goldberg and Nivre 2013), then quantisation and
//! pruning into the model file.
//!
//! Deterministic for a given seed: the shuffle and the exploration draws use our own
//! splitmix64 generator, and every map is sorted before it is written.

use std::collections::BTreeSet;

use crate::conllu::TreeSentence;
use crate::features::{self, IdMap, Sentence};
use crate::system::{self, Gold, State};
use crate::{format, Error};

#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub epochs: usize,
    pub seed: u64,
    /// Features whose largest quantised weight (in absolute value) is smaller are dropped
    /// (the scale maps the largest weight of the model to 32767)...
    pub prune_features_below: i16,
    /// ... and in the features kept, weights smaller than this. Dropping whole rare features
    /// costs less accuracy per byte than thinning every feature.
    pub prune_below: i16,
    /// From this epoch on (0-based), the parser follows its own prediction ...
    pub explore_from: usize,
    /// ... with this probability when the prediction is not a zero-cost transition.
    pub explore_p: f64,
    /// Perceptrons trained on different shuffles (seeds `seed`, `seed + 1`, ...), whose
    /// averaged weights are summed: an ensemble that costs nothing at parse time but a larger
    /// model.
    pub shuffles: usize,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 12,
            seed: 42,
            prune_features_below: 600,
            prune_below: 200,
            explore_from: 1,
            explore_p: 0.9,
            shuffles: 1,
        }
    }
}

/// The result of [`train`]: the model file and figures for the report.
#[derive(Debug)]
pub struct Trained {
    pub bytes: Vec<u8>,
    pub n_labels: usize,
    pub n_features: usize,
    pub n_weights: usize,
    /// Features seen during training, before pruning.
    pub n_features_trained: usize,
    /// The label set and all non-zero quantised weights, for [`encode_pruned`] at other
    /// pruning levels.
    pub labels: Vec<String>,
    pub quantised: Vec<(u64, Vec<(u8, i16)>)>,
}

/// Re-encodes a model file at other pruning levels (see [`encode_pruned`]); returns the
/// bytes, features and weights kept.
pub fn reprune(bytes: &[u8], features_below: i16, weights_below: i16) -> Result<(Vec<u8>, usize, usize), Error> {
    let (labels, features) = format::decode_parts(bytes)?;
    encode_pruned(&labels, &features, features_below, weights_below)
}

/// Model bytes keeping the features whose largest absolute weight reaches `features_below`,
/// and in them the weights of absolute value at least `weights_below`; with the number of
/// features and weights kept.
pub fn encode_pruned(
    labels: &[String],
    quantised: &[(u64, Vec<(u8, i16)>)],
    features_below: i16,
    weights_below: i16,
) -> Result<(Vec<u8>, usize, usize), Error> {
    let mut kept: Vec<(u64, Vec<(u8, i16)>)> = Vec::new();
    let mut n_weights = 0;
    for (k, ws) in quantised {
        if !ws.iter().any(|(_, w)| w.unsigned_abs() >= features_below.unsigned_abs()) {
            continue;
        }
        let q: Vec<(u8, i16)> = ws
            .iter()
            .copied()
            .filter(|(_, w)| w.unsigned_abs() >= weights_below.unsigned_abs())
            .collect();
        if !q.is_empty() {
            n_weights += q.len();
            kept.push((*k, q));
        }
    }
    let bytes = format::encode(labels, &kept)?;
    Ok((bytes, kept.len(), n_weights))
}

/// Figures of one epoch, given to the progress callback.
#[derive(Debug, Clone, Copy)]
pub struct EpochStats {
    pub epoch: usize,
    /// Share of transitions whose prediction had minimal cost.
    pub accuracy: f64,
    pub seconds: f64,
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        features::mix(self.0)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

#[derive(Clone, Copy)]
struct Entry {
    class: u8,
    w: i32,
    ts: u32,
    total: i64,
}

struct Perceptron {
    weights: IdMap<Vec<Entry>>,
    i: u32,
}

impl Perceptron {
    fn score(&self, feats: &[u64], scores: &mut [i64]) {
        scores.iter_mut().for_each(|s| *s = 0);
        for f in feats {
            if let Some(v) = self.weights.get(f) {
                for e in v {
                    if let Some(s) = scores.get_mut(usize::from(e.class)) {
                        *s += i64::from(e.w);
                    }
                }
            }
        }
    }

    fn update(&mut self, truth: usize, guess: usize, feats: &[u64]) {
        let i = self.i;
        for f in feats {
            let v = self.weights.entry(*f).or_default();
            for (class, delta) in [(truth as u8, 1i32), (guess as u8, -1)] {
                match v.iter_mut().find(|e| e.class == class) {
                    Some(e) => {
                        e.total += i64::from(i - e.ts) * i64::from(e.w);
                        e.w += delta;
                        e.ts = i;
                    }
                    None => v.push(Entry {
                        class,
                        w: delta,
                        ts: i,
                        total: 0,
                    }),
                }
            }
        }
    }

    /// Averaged weights, sorted by feature key.
    fn averaged(&self) -> Vec<(u64, Vec<(u8, f64)>)> {
        let n = f64::from(self.i.max(1));
        let mut out: Vec<(u64, Vec<(u8, f64)>)> = self
            .weights
            .iter()
            .map(|(k, v)| {
                let mut ws: Vec<(u8, f64)> = v
                    .iter()
                    .map(|e| {
                        let total = e.total + i64::from(self.i - e.ts) * i64::from(e.w);
                        (e.class, total as f64 / n)
                    })
                    .filter(|x| x.1 != 0.0)
                    .collect();
                ws.sort_by_key(|x| x.0);
                (*k, ws)
            })
            .collect();
        out.sort_by_key(|x| x.0);
        out
    }
}

/// Sorted label set of the data (always containing `root`).
pub fn label_set(sentences: &[TreeSentence]) -> Vec<String> {
    let mut set: BTreeSet<String> = sentences.iter().flat_map(|s| s.deprels.iter().cloned()).collect();
    set.insert("root".to_string());
    set.into_iter().collect()
}

/// Trains a model on `sentences` (whose tags should look like run-time tags) and returns its
/// file bytes. `progress` is called after each epoch.
pub fn train(
    sentences: &[TreeSentence],
    opts: &TrainOptions,
    mut progress: impl FnMut(EpochStats),
) -> Result<Trained, Error> {
    if sentences.iter().all(|s| s.forms.is_empty()) {
        return Err(Error::NoData);
    }
    let labels = label_set(sentences);
    if labels.len() > 127 {
        return Err(Error::Corrupt(format!("{} labels do not fit a class byte", labels.len())));
    }
    let n_labels = labels.len();
    let root_label = labels.iter().position(|l| l == "root").unwrap_or(0);
    let prepared: Vec<(Sentence, Gold)> = sentences
        .iter()
        .map(|s| {
            let words: Vec<&str> = s.forms.iter().map(String::as_str).collect();
            let xpos: Vec<&str> = s.xpos.iter().map(String::as_str).collect();
            let upos: Vec<&str> = s.upos.iter().map(String::as_str).collect();
            let sent = Sentence::new(&words, &xpos, &upos);
            let n = sent.len();
            let ls: Vec<u8> = s
                .deprels
                .iter()
                .take(n)
                .map(|d| labels.binary_search(d).unwrap_or(root_label) as u8)
                .collect();
            let heads: Vec<usize> = s.heads.iter().take(n).copied().collect();
            (sent, Gold::new(&heads, &ls))
        })
        .collect();

    let mut n_features_trained = 0;
    let mut averaged: Averaged = Vec::new();
    for k in 0..opts.shuffles.max(1) {
        let seed = opts.seed.wrapping_add(k as u64);
        let (model, n) = train_one(&prepared, opts, seed, n_labels, root_label, &mut progress);
        n_features_trained = n_features_trained.max(n);
        averaged = if k == 0 { model } else { sum_sorted(averaged, model) };
    }
    // Quantise to i16 with one global scale, prune small weights.
    let max_abs = averaged
        .iter()
        .flat_map(|(_, v)| v.iter().map(|x| x.1.abs()))
        .fold(0f64, f64::max);
    let scale = if max_abs > 0.0 { 32767.0 / max_abs } else { 1.0 };
    let mut quantised: Vec<(u64, Vec<(u8, i16)>)> = Vec::with_capacity(averaged.len());
    for (k, ws) in averaged {
        let q: Vec<(u8, i16)> = ws
            .into_iter()
            .map(|(c, w)| (c, (w * scale).round().clamp(-32767.0, 32767.0) as i16))
            .filter(|(_, w)| *w != 0)
            .collect();
        if !q.is_empty() {
            quantised.push((k, q));
        }
    }
    let (bytes, n_features, n_weights) =
        encode_pruned(&labels, &quantised, opts.prune_features_below, opts.prune_below)?;
    Ok(Trained {
        bytes,
        n_labels,
        n_features,
        n_weights,
        n_features_trained,
        labels,
        quantised,
    })
}

/// Averaged float weights per feature, sorted by key.
type Averaged = Vec<(u64, Vec<(u8, f64)>)>;

/// Averaged weights of one perceptron trained with `seed`, and its number of features.
fn train_one(
    prepared: &[(Sentence, Gold)],
    opts: &TrainOptions,
    seed: u64,
    n_labels: usize,
    root_label: usize,
    progress: &mut impl FnMut(EpochStats),
) -> (Averaged, usize) {
    let mut model = Perceptron {
        weights: IdMap::default(),
        i: 0,
    };
    let mut order: Vec<usize> = (0..prepared.len()).collect();
    let mut rng = Rng(seed);
    let mut feats = Vec::with_capacity(160);
    let n_classes = system::n_classes(n_labels);
    let mut scores = vec![0i64; n_classes];
    let mut costs = Vec::with_capacity(n_classes);
    for epoch in 0..opts.epochs {
        let start = std::time::Instant::now();
        rng.shuffle(&mut order);
        let (mut correct, mut total) = (0usize, 0usize);
        for &si in &order {
            let Some((sent, gold)) = prepared.get(si) else { continue };
            let mut st = State::new(sent.len());
            for _ in 0..2 * sent.len() + 2 {
                if st.is_terminal() {
                    break;
                }
                features::extract(sent, &st, &mut feats);
                model.score(&feats, &mut scores);
                system::class_costs(&st, gold, n_labels, root_label, &mut costs);
                let min_cost = costs.iter().copied().min().unwrap_or(u32::MAX);
                if min_cost == u32::MAX {
                    break;
                }
                let argmax = |ok: &dyn Fn(usize) -> bool| {
                    let mut best: Option<(usize, i64)> = None;
                    for (c, &s) in scores.iter().enumerate() {
                        if ok(c) && best.is_none_or(|(_, b)| s > b) {
                            best = Some((c, s));
                        }
                    }
                    best.map_or(0, |b| b.0)
                };
                let cost = |c: usize| costs.get(c).copied().unwrap_or(u32::MAX);
                let guess = argmax(&|c| cost(c) != u32::MAX);
                let best_gold = argmax(&|c| cost(c) == min_cost);
                model.i += 1;
                total += 1;
                let next = if cost(guess) == min_cost {
                    correct += 1;
                    guess
                } else {
                    model.update(best_gold, guess, &feats);
                    if epoch >= opts.explore_from && rng.unit() < opts.explore_p {
                        guess
                    } else {
                        best_gold
                    }
                };
                st.apply(next);
            }
        }
        progress(EpochStats {
            epoch: epoch + 1,
            accuracy: correct as f64 / total.max(1) as f64,
            seconds: start.elapsed().as_secs_f64(),
        });
    }

    (model.averaged(), model.weights.len())
}

/// The sum of two weight lists sorted by key (their union, weights of shared keys added).
fn sum_sorted(a: Averaged, b: Averaged) -> Averaged {
    let add = |x: Vec<(u8, f64)>, y: Vec<(u8, f64)>| -> Vec<(u8, f64)> {
        let mut m: std::collections::BTreeMap<u8, f64> = x.into_iter().collect();
        for (c, w) in y {
            *m.entry(c).or_default() += w;
        }
        m.into_iter().collect()
    };
    let mut out = Vec::with_capacity(a.len().max(b.len()));
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        let take_a = match (a.peek(), b.peek()) {
            (None, None) => break,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (Some(x), Some(y)) if x.0 == y.0 => {
                if let (Some(x), Some(y)) = (a.next(), b.next()) {
                    out.push((x.0, add(x.1, y.1)));
                }
                continue;
            }
            (Some(x), Some(y)) => x.0 < y.0,
        };
        if let Some(x) = if take_a { a.next() } else { b.next() } {
            out.push(x);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_of_sorted_weights() {
        let a = vec![(1, vec![(0, 1.0)]), (3, vec![(1, 2.0), (2, 1.0)])];
        let b = vec![(2, vec![(0, 5.0)]), (3, vec![(0, 1.0), (2, 1.0)]), (9, vec![])];
        let s = sum_sorted(a, b);
        assert_eq!(
            s,
            vec![(1, vec![(0, 1.0)]), (2, vec![(0, 5.0)]), (3, vec![(0, 1.0), (1, 2.0), (2, 2.0)]), (9, vec![])]
        );
    }
}
