//! Training: averaged perceptron, greedy decoding with predicted history, two passes.
//!
//! The second pass sees first-pass labels of the same words elsewhere in the document. Training it
//! on labels from a first pass that saw the same documents would teach it to trust them blindly,
//! so its training labels come from a two-fold jackknife: each half is labelled by a first-pass
//! model trained on the other half.

use crate::conll::{self, Document};
use std::collections::HashSet;

use crate::features::{hash_bytes, history_features, DocView, NTAGS};
use crate::memory;
use crate::{doc_labels, mentions_to_tags, tag_document, Error, KeyMap, PassInput, Scorer, START};

/// Training settings.
#[derive(Debug, Clone)]
pub struct Options {
    pub epochs: usize,
    pub seed: u64,
    /// Quantised weights with a smaller magnitude are dropped (out of 32767 for the largest).
    pub prune: i16,
    /// Train the document-level second pass.
    pub two_pass: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options { epochs: 15, seed: 1, prune: 8, two_pass: true }
    }
}

/// Averaged perceptron with the "w - u/c" trick, so averaging costs nothing per update.
struct Perceptron {
    index: KeyMap<u32>,
    w: Vec<[i32; NTAGS]>,
    u: Vec<[i64; NTAGS]>,
    c: i64,
}

impl Scorer for Perceptron {
    fn score(&self, feats: &[u64], scores: &mut [f32; NTAGS]) {
        let mut acc = [0i32; NTAGS];
        for f in feats {
            if let Some(row) = self.index.get(f).and_then(|&r| self.w.get(r as usize)) {
                for (a, &w) in acc.iter_mut().zip(row.iter()) {
                    *a += w;
                }
            }
        }
        for (s, a) in scores.iter_mut().zip(acc) {
            *s = a as f32;
        }
    }
}

impl Perceptron {
    fn new() -> Perceptron {
        Perceptron { index: KeyMap::default(), w: Vec::new(), u: Vec::new(), c: 1 }
    }

    fn update(&mut self, feats: &[u64], gold: u8, pred: u8) {
        for &f in feats {
            let next = self.w.len() as u32;
            let row = *self.index.entry(f).or_insert(next) as usize;
            if row == self.w.len() {
                self.w.push([0; NTAGS]);
                self.u.push([0; NTAGS]);
            }
            if let (Some(w), Some(u)) = (self.w.get_mut(row), self.u.get_mut(row)) {
                if let (Some(wg), Some(ug)) = (w.get_mut(gold as usize), u.get_mut(gold as usize)) {
                    *wg += 1;
                    *ug += self.c;
                }
                if let (Some(wp), Some(up)) = (w.get_mut(pred as usize), u.get_mut(pred as usize)) {
                    *wp -= 1;
                    *up -= self.c;
                }
            }
        }
    }

    /// Averaged, quantised to i16 against the largest magnitude, pruned, sorted by key.
    fn finish(&self, prune: i16) -> Vec<(u64, [i16; NTAGS])> {
        let c = self.c as f64;
        let avg = |row: usize, t: usize| -> f64 {
            let w = self.w.get(row).and_then(|r| r.get(t)).copied().unwrap_or(0) as f64;
            let u = self.u.get(row).and_then(|r| r.get(t)).copied().unwrap_or(0) as f64;
            w - u / c
        };
        let mut max = 0f64;
        for row in 0..self.w.len() {
            for t in 0..NTAGS {
                max = max.max(avg(row, t).abs());
            }
        }
        let scale = if max > 0.0 { 32767.0 / max } else { 1.0 };
        let mut out = Vec::new();
        for (&key, &row) in &self.index {
            let mut q = [0i16; NTAGS];
            for (t, qt) in q.iter_mut().enumerate() {
                let v = (avg(row as usize, t) * scale).round() as i16;
                *qt = if v.abs() < prune { 0 } else { v };
            }
            if q.iter().any(|&v| v != 0) {
                out.push((key, q));
            }
        }
        out.sort_unstable_by_key(|&(k, _)| k);
        out
    }
}

/// Deterministic shuffling without a dependency (splitmix64 + Fisher-Yates).
fn shuffle(order: &mut [usize], state: &mut u64) {
    for i in (1..order.len()).rev() {
        *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = *state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        order.swap(i, (z % (i as u64 + 1)) as usize);
    }
}

/// A training document: its view and gold BILOU tags.
struct Example {
    view: DocView,
    gold: Vec<Vec<u8>>,
}

/// Gold mentions of a document as (lowercase token hashes, type index).
fn doc_mentions(doc: &Document) -> Vec<(Vec<u64>, usize)> {
    let mut out = Vec::new();
    for s in doc {
        for (a, b, ty) in conll::gold_mentions(s) {
            let lowers = s.tokens.get(a..b).unwrap_or(&[]).iter().map(|w| hash_bytes(w.to_lowercase().as_bytes())).collect();
            out.push((lowers, ty.index()));
        }
    }
    out
}

/// Training examples, each seeing the names remembered from the other documents; and the
/// memory of all documents for run time.
fn examples(docs: &[Document]) -> (Vec<Example>, Vec<(u64, u8)>) {
    let mentions: Vec<Vec<(Vec<u64>, usize)>> = docs.iter().map(doc_mentions).collect();
    let mut all = memory::Counts::new();
    let mut prefixes = HashSet::new();
    for m in &mentions {
        memory::count(m.iter().map(|(l, t)| (l.as_slice(), *t)), &mut all, &mut prefixes);
    }
    let ex = docs
        .iter()
        .zip(&mentions)
        .map(|(doc, m)| {
            let mut own = memory::Counts::new();
            let mut unused = HashSet::new();
            memory::count(m.iter().map(|(l, t)| (l.as_slice(), *t)), &mut own, &mut unused);
            let leave_out = memory::LeaveOut { all: &all, prefixes: &prefixes, doc: &own };
            let tokens: Vec<Vec<&str>> = doc.iter().map(|s| s.tokens.iter().map(String::as_str).collect()).collect();
            let gold = doc.iter().map(|s| mentions_to_tags(s.tokens.len(), &conll::gold_mentions(s))).collect();
            Example { view: DocView::new(&tokens, &leave_out), gold }
        })
        .collect();
    (ex, memory::freeze(&all, &prefixes))
}

/// Trains one pass on the documents `which`; `pass1` holds first-pass tags per document when
/// training the second pass.
fn train_pass(ex: &[Example], which: &[usize], pass1: Option<&[Vec<Vec<u8>>]>, opts: &Options) -> Perceptron {
    let mut p = Perceptron::new();
    let mut order = which.to_vec();
    let mut rng = opts.seed;
    let mut feats = Vec::with_capacity(64);
    let mut scores = [0f32; NTAGS];
    for _ in 0..opts.epochs {
        shuffle(&mut order, &mut rng);
        for &d in &order {
            let Some(e) = ex.get(d) else { continue };
            let p1 = pass1.and_then(|p| p.get(d));
            let labels = p1.map(|t| doc_labels(&e.view, t));
            let input = PassInput { doc_labels: labels.as_ref(), pass1: p1.map(Vec::as_slice) };
            for (s, gold) in e.gold.iter().enumerate() {
                let (mut prev1, mut prev2) = (START, START);
                let p1s = input.pass1.and_then(|x| x.get(s)).map(Vec::as_slice);
                for (i, &g) in gold.iter().enumerate() {
                    e.view.static_features(s, i, input.doc_labels, p1s, &mut feats);
                    let lower = e.view.sentences.get(s).and_then(|x| x.get(i)).map_or(0, |t| t.lower);
                    history_features(prev1, prev2, lower, &mut feats);
                    p.score(&feats, &mut scores);
                    let mut best = 0u8;
                    for (t, &sc) in scores.iter().enumerate() {
                        if sc > scores.get(best as usize).copied().unwrap_or(f32::MIN) {
                            best = t as u8;
                        }
                    }
                    if best != g {
                        p.update(&feats, g, best);
                    }
                    p.c += 1;
                    prev2 = prev1;
                    prev1 = best;
                }
            }
        }
    }
    p
}

/// Folds of the jackknife that labels the second pass's training documents.
const FOLDS: usize = 2;

/// A trained model, ready to be written.
pub struct TrainedModel {
    passes: Vec<Vec<(u64, [i16; NTAGS])>>,
    memory: Vec<(u64, u8)>,
}

impl TrainedModel {
    pub fn to_bytes(&self) -> Result<Vec<u8>, Error> {
        crate::encode_model(&self.passes, &self.memory)
    }
    /// Number of kept features per pass.
    pub fn n_features(&self) -> Vec<usize> {
        self.passes.iter().map(Vec::len).collect()
    }
}

/// Trains on CoNLL documents; `log` receives progress lines.
pub fn train(docs: &[Document], opts: &Options, mut log: impl FnMut(&str)) -> TrainedModel {
    let (ex, memory) = examples(docs);
    let all: Vec<usize> = (0..ex.len()).collect();
    log(&format!("pass 1 on {} documents", ex.len()));
    let pass1 = train_pass(&ex, &all, None, opts);
    let mut passes = vec![pass1.finish(opts.prune)];
    if opts.two_pass {
        let mut jack: Vec<Vec<Vec<u8>>> = vec![Vec::new(); ex.len()];
        for fold in 0..FOLDS {
            log(&format!("jackknife fold {fold}"));
            let train_on: Vec<usize> = all.iter().copied().filter(|d| d % FOLDS != fold).collect();
            let model = train_pass(&ex, &train_on, None, opts);
            for d in all.iter().copied().filter(|d| d % FOLDS == fold) {
                if let (Some(e), Some(slot)) = (ex.get(d), jack.get_mut(d)) {
                    *slot = tag_document(&model, None::<&Perceptron>, &e.view);
                }
            }
        }
        log("pass 2");
        let pass2 = train_pass(&ex, &all, Some(&jack), opts);
        passes.push(pass2.finish(opts.prune));
    }
    TrainedModel { passes, memory }
}
