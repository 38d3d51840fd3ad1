//! Training: averaged perceptron over joint (XPOS, UPOS) classes, then quantisation,
//! pruning and the lemmatiser's tables, all from gold CoNLL-U sentences.
//!
//! Deterministic for a given seed: the shuffle uses our own splitmix64 generator, and every
//! map is sorted before it is written.

use std::collections::{BTreeMap, HashMap};

use crate::conllu::GoldSentence;
use crate::features::{self, IdMap, WordInfo};
use crate::format::{self, Parts};
use crate::lemma::Lemmatizer;
use crate::Error;

#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub epochs: usize,
    pub seed: u64,
    /// Quantised weights with a smaller absolute value are dropped.
    pub prune_below: i16,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 10,
            seed: 42,
            prune_below: 2,
        }
    }
}

/// The result of [`train`]: the model file and figures for the report.
#[derive(Debug)]
pub struct Trained {
    pub bytes: Vec<u8>,
    pub n_classes: usize,
    pub n_features: usize,
    pub n_weights: usize,
    pub n_tagdict: usize,
    pub n_lemma_exceptions: usize,
    /// Training-set accuracy per epoch (on the tokens the model predicted).
    pub epoch_accuracy: Vec<f64>,
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        features::mix(self.0)
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
    class: u32,
    w: f32,
    total: f32,
    ts: u32,
}

struct Perceptron {
    weights: IdMap<Vec<Entry>>,
    n_classes: usize,
    i: u32,
}

impl Perceptron {
    fn predict(&self, feats: &[u64], scores: &mut [f32]) -> u32 {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for f in feats {
            if let Some(v) = self.weights.get(f) {
                for e in v {
                    if let Some(s) = scores.get_mut(e.class as usize) {
                        *s += e.w;
                    }
                }
            }
        }
        crate::argmax(scores)
    }

    fn update(&mut self, truth: u32, guess: u32, feats: &[u64]) {
        self.i += 1;
        if truth == guess {
            return;
        }
        let i = self.i;
        for f in feats {
            let v = self.weights.entry(*f).or_default();
            for (class, delta) in [(truth, 1.0f32), (guess, -1.0)] {
                match v.iter_mut().find(|e| e.class == class) {
                    Some(e) => {
                        e.total += (i - e.ts) as f32 * e.w;
                        e.w += delta;
                        e.ts = i;
                    }
                    None => v.push(Entry {
                        class,
                        w: delta,
                        total: 0.0,
                        ts: i,
                    }),
                }
            }
        }
    }

    /// Averaged weights, sorted by feature key.
    fn averaged(&self) -> Vec<(u64, Vec<(u32, f32)>)> {
        let n = self.i.max(1) as f32;
        let mut out: Vec<(u64, Vec<(u32, f32)>)> = self
            .weights
            .iter()
            .map(|(k, v)| {
                let mut ws: Vec<(u32, f32)> = v
                    .iter()
                    .map(|e| (e.class, (e.total + (self.i - e.ts) as f32 * e.w) / n))
                    .collect();
                ws.sort_by_key(|x| x.0);
                (*k, ws)
            })
            .collect();
        out.sort_by_key(|x| x.0);
        let _ = self.n_classes;
        out
    }
}

/// Trains a model on `sentences` and returns its file bytes.
pub fn train(sentences: &[GoldSentence], opts: &TrainOptions) -> Result<Trained, Error> {
    if sentences.iter().all(|s| s.forms.is_empty()) {
        return Err(Error::NoData);
    }
    // Joint classes, sorted so ids do not depend on data order.
    let mut class_set: BTreeMap<(String, String), u32> = BTreeMap::new();
    for s in sentences {
        for (x, u) in s.xpos.iter().zip(&s.upos) {
            class_set.insert((x.clone(), u.clone()), 0);
        }
    }
    if class_set.len() > 255 {
        return Err(Error::Corrupt(format!("{} classes do not fit a byte", class_set.len())));
    }
    let classes: Vec<(String, String)> = class_set.keys().cloned().collect();
    for (i, v) in class_set.values_mut().enumerate() {
        *v = i as u32;
    }
    let gold: Vec<Vec<u32>> = sentences
        .iter()
        .map(|s| {
            s.xpos
                .iter()
                .zip(&s.upos)
                .map(|(x, u)| class_set.get(&(x.clone(), u.clone())).copied().unwrap_or(0))
                .collect()
        })
        .collect();

    // Tag dictionary: frequent words seen with one class at least 97% of the time.
    let mut counts: HashMap<&str, HashMap<u32, u32>> = HashMap::new();
    for (s, g) in sentences.iter().zip(&gold) {
        for (w, c) in s.forms.iter().zip(g) {
            *counts.entry(w.as_str()).or_default().entry(*c).or_default() += 1;
        }
    }
    let mut tagdict: Vec<(String, u32)> = counts
        .iter()
        .filter_map(|(w, cs)| {
            let n: u32 = cs.values().sum();
            let (best, m) = cs.iter().max_by_key(|(c, m)| (**m, std::cmp::Reverse(**c)))?;
            (n >= 20 && f64::from(*m) / f64::from(n) >= 0.97).then(|| (w.to_string(), *best))
        })
        .collect();
    tagdict.sort();
    let tagdict_map: HashMap<&str, u32> = tagdict.iter().map(|(w, c)| (w.as_str(), *c)).collect();

    let mut model = Perceptron {
        weights: IdMap::default(),
        n_classes: classes.len(),
        i: 0,
    };
    let infos: Vec<Vec<WordInfo>> = sentences
        .iter()
        .map(|s| s.forms.iter().map(|w| WordInfo::new(w)).collect())
        .collect();
    let mut order: Vec<usize> = (0..sentences.len()).collect();
    let mut rng = Rng(opts.seed);
    let mut feats = Vec::with_capacity(40);
    let mut scores = vec![0f32; classes.len()];
    let mut epoch_accuracy = Vec::new();
    for _ in 0..opts.epochs {
        rng.shuffle(&mut order);
        let (mut correct, mut total) = (0usize, 0usize);
        for &si in &order {
            let (Some(s), Some(g), Some(info)) = (sentences.get(si), gold.get(si), infos.get(si)) else {
                continue;
            };
            let (mut p1, mut p2) = (features::START, features::START2);
            let mut last_verb = None;
            for (i, (w, &truth)) in s.forms.iter().zip(g).enumerate() {
                let guess = match tagdict_map.get(w.as_str()) {
                    Some(&c) => c,
                    None => {
                        features::extract(info, i, p1, p2, last_verb, &mut feats);
                        let guess = model.predict(&feats, &mut scores);
                        model.update(truth, guess, &feats);
                        correct += usize::from(guess == truth);
                        total += 1;
                        guess
                    }
                };
                if classes.get(guess as usize).is_some_and(|(x, _)| x.starts_with("VB")) {
                    last_verb = Some(i);
                }
                p2 = p1;
                p1 = guess;
            }
        }
        epoch_accuracy.push(correct as f64 / total.max(1) as f64);
    }

    // Quantise to i16 with one global scale, prune small weights.
    let averaged = model.averaged();
    let max_abs = averaged
        .iter()
        .flat_map(|(_, v)| v.iter().map(|x| x.1.abs()))
        .fold(0f32, f32::max);
    let scale = if max_abs > 0.0 { 32767.0 / max_abs } else { 1.0 };
    let mut feats_q: Vec<(u64, Vec<(u8, i16)>)> = Vec::new();
    let mut n_weights = 0;
    for (k, ws) in averaged {
        let q: Vec<(u8, i16)> = ws
            .into_iter()
            .map(|(c, w)| (c as u8, (w * scale).round().clamp(-32767.0, 32767.0) as i16))
            .filter(|(_, w)| w.unsigned_abs() >= opts.prune_below.unsigned_abs())
            .collect();
        if !q.is_empty() {
            n_weights += q.len();
            feats_q.push((k, q));
        }
    }

    let lemmatizer = build_lemmatizer(sentences);
    let bytes = format::encode(&Parts {
        classes: &classes,
        tagdict: &tagdict,
        features: &feats_q,
        lemmatizer: &lemmatizer,
    })?;
    Ok(Trained {
        bytes,
        n_classes: classes.len(),
        n_features: feats_q.len(),
        n_weights,
        n_tagdict: tagdict.len(),
        n_lemma_exceptions: lemmatizer.exceptions.len(),
        epoch_accuracy,
    })
}

/// Lexicons of lemmas per word class, then exceptions wherever the rules disagree with the
/// most frequent gold lemma of a (lowercase form, xpos) pair.
fn build_lemmatizer(sentences: &[GoldSentence]) -> Lemmatizer {
    let mut l = Lemmatizer::default();
    let mut pairs: BTreeMap<(String, String), BTreeMap<(String, String), u32>> = BTreeMap::new();
    for s in sentences {
        for ((f, x), lem) in s.forms.iter().zip(&s.xpos).zip(&s.lemmas) {
            let lower_lemma = lem.to_lowercase();
            if x.starts_with("NN") && !x.starts_with("NNP") {
                l.nouns.insert(lower_lemma);
            } else if x.starts_with("VB") {
                l.verbs.insert(lower_lemma);
            } else if x.starts_with("JJ") || x.starts_with("RB") {
                l.adjectives.insert(lower_lemma);
            }
            *pairs
                .entry((f.to_lowercase(), x.clone()))
                .or_default()
                .entry((lem.clone(), f.clone()))
                .or_default() += 1;
        }
    }
    for ((lower, xpos), lemmas) in pairs {
        // The most frequent (lemma, form) pair; BTreeMap order breaks ties deterministically.
        let mut best: Option<(&(String, String), u32)> = None;
        for (k, n) in &lemmas {
            if best.is_none_or(|(_, m)| *n > m) {
                best = Some((k, *n));
            }
        }
        let Some(((lemma, form), _)) = best else { continue };
        if l.rules(form, &lower, &xpos) != *lemma {
            l.exceptions.insert((lower, xpos), lemma.clone());
        }
    }
    l
}
