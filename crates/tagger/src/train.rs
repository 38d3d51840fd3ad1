//! Training: averaged perceptron over joint (XPOS, UPOS) classes, then quantisation,
//! pruning and the lemmatiser's tables, all from gold CoNLL-U sentences.
//!
//! Deterministic for a given seed: the shuffle uses our own splitmix64 generator, and every
//! map is sorted before it is written.

use std::collections::{BTreeMap, HashMap};

use crate::conllu::GoldSentence;
use crate::features::{self, IdMap, Lexicon, WordInfo};
use crate::format::{self, Parts};
use crate::lemma::Lemmatizer;
use crate::Error;

/// Folds for the jackknifed ambiguity classes.
const FOLDS: usize = 5;

#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub epochs: usize,
    pub seed: u64,
    /// Quantised weights with a smaller absolute value are dropped.
    pub prune_below: i16,
    /// Perceptrons trained on different shuffles (seeds `seed`, `seed + 1`, ...) and summed.
    pub shuffles: usize,
    /// Words seen at least `tagdict_min_count` times with one class at least this share of
    /// the time are tagged from the dictionary, skipping the model.
    pub tagdict_min_share: f64,
    pub tagdict_min_count: u32,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 10,
            seed: 42,
            prune_below: 600,
            shuffles: 3,
            tagdict_min_share: 0.97,
            tagdict_min_count: 20,
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
        out
    }
}

/// Trains a model on `sentences` and returns its file bytes.
/// `lemma_sentences` build the lemmatiser's tables: they may differ from the tagging data
/// when another treebank's lemma conventions differ.
pub fn train(sentences: &[GoldSentence], lemma_sentences: &[GoldSentence], opts: &TrainOptions) -> Result<Trained, Error> {
    if sentences.iter().all(|s| s.forms.is_empty()) {
        return Err(Error::NoData);
    }
    // The product's tokenizer keeps hyphenated words whole where the treebanks split them, so
    // the sentences with split hyphens are also learnt in joined form.
    let joined: Vec<GoldSentence> = sentences.iter().filter_map(join_hyphens).collect();
    let sentences: Vec<GoldSentence> = sentences.iter().cloned().chain(joined).collect();
    let sentences = sentences.as_slice();
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
    let normalised: Vec<Vec<String>> = sentences
        .iter()
        .map(|s| s.forms.iter().map(|w| features::normalise(w).into_owned()).collect())
        .collect();
    let mut counts: HashMap<&str, HashMap<u32, u32>> = HashMap::new();
    for (s, g) in normalised.iter().zip(&gold) {
        for (w, c) in s.iter().zip(g) {
            *counts.entry(w.as_str()).or_default().entry(*c).or_default() += 1;
        }
    }
    let mut tagdict: Vec<(String, u32)> = counts
        .iter()
        .filter_map(|(w, cs)| {
            let n: u32 = cs.values().sum();
            let (best, m) = cs.iter().max_by_key(|(c, m)| (**m, std::cmp::Reverse(**c)))?;
            (n >= opts.tagdict_min_count && f64::from(*m) / f64::from(n) >= opts.tagdict_min_share)
                .then(|| (w.to_string(), *best))
        })
        .collect();
    tagdict.sort();

    let all: Vec<&GoldSentence> = sentences.iter().collect();
    let lexicon = Lexicon {
        ambiguity: ambiguity_classes(&all),
    };
    // Each training sentence sees the ambiguity classes computed from the other folds
    // (jackknifing), so that they are as noisy in training as on new text.
    let mut infos: Vec<Vec<WordInfo>> = Vec::with_capacity(sentences.len());
    let fold_lexicons: Vec<Lexicon> = (0..FOLDS)
        .map(|f| {
            let rest: Vec<&GoldSentence> =
                sentences.iter().enumerate().filter(|(i, _)| fold_of(*i) != f).map(|x| x.1).collect();
            Lexicon {
                ambiguity: ambiguity_classes(&rest),
            }
        })
        .collect();
    for (i, s) in sentences.iter().enumerate() {
        let lex = fold_lexicons.get(fold_of(i)).unwrap_or(&lexicon);
        let words: Vec<&str> = s.forms.iter().map(String::as_str).collect();
        infos.push(features::sentence(&words, lex, true));
    }
    let tagdict_owned: HashMap<String, u32> = tagdict.iter().cloned().collect();
    let is_verb: Vec<bool> = classes.iter().map(|(x, _)| x.starts_with("VB")).collect();
    let data = PassData {
        infos: &infos,
        gold: &gold,
        ctx: crate::PassContext {
            tagdict: &tagdict_owned,
            is_verb: &is_verb,
            n_classes: classes.len(),
        },
    };
    let all_idx: Vec<usize> = (0..sentences.len()).collect();
    // Several perceptrons trained on different shuffles, their averaged weights summed: a
    // cheap ensemble that costs nothing at tagging time.
    let mut summed: BTreeMap<u64, BTreeMap<u32, f32>> = BTreeMap::new();
    let mut epoch_accuracy = Vec::new();
    for k in 0..opts.shuffles.max(1) {
        let seeded = TrainOptions {
            seed: opts.seed.wrapping_add(k as u64),
            ..opts.clone()
        };
        let (averaged, acc) = train_pass(&data, &all_idx, &seeded);
        if k == 0 {
            epoch_accuracy = acc;
        }
        for (key, ws) in averaged {
            let slot = summed.entry(key).or_default();
            for (c, w) in ws {
                *slot.entry(c).or_default() += w;
            }
        }
    }
    let features = quantise(summed, opts.prune_below);
    let n_weights = features.iter().map(|(_, v)| v.len()).sum();
    let n_features = features.len();

    let lemmatizer = build_lemmatizer(lemma_sentences);
    let bytes = format::encode(&Parts {
        classes: &classes,
        tagdict: &tagdict,
        features: &features,
        lemmatizer: &lemmatizer,
        lexicon: &lexicon,
    })?;
    Ok(Trained {
        bytes,
        n_classes: classes.len(),
        n_features,
        n_weights,
        n_tagdict: tagdict.len(),
        n_lemma_exceptions: lemmatizer.n_exceptions(),
        epoch_accuracy,
    })
}

/// The sentence with every `A - B` split at an intra-word hyphen (HYPH) joined into one
/// token `A-B`, or `None` when it has none. The joined word takes the tag of its last part,
/// except that a participle before a noun becomes an adjective, as in the Penn guidelines
/// ("Veloria-led forces", "well-trained troops": JJ).
pub fn join_hyphens(s: &GoldSentence) -> Option<GoldSentence> {
    let is_hyph = |i: usize| s.xpos.get(i).is_some_and(|x| x == "HYPH") && s.forms.get(i).is_some_and(|f| f == "-");
    let n = s.forms.len();
    if !(1..n.saturating_sub(1)).any(is_hyph) {
        return None;
    }
    let mut out = GoldSentence::default();
    let mut i = 0;
    while i < n {
        // The run of parts A - B - C starting at i.
        let mut end = i;
        while end + 2 < n && is_hyph(end + 1) && !is_hyph(end) && !is_hyph(end + 2) {
            end += 2;
        }
        let (Some(form), Some(lemma)) = (s.forms.get(i..=end), s.lemmas.get(i..=end)) else { break };
        let (Some(xpos), Some(upos)) = (s.xpos.get(end), s.upos.get(end)) else { break };
        let next_is_noun = s.xpos.get(end + 1).is_some_and(|x| x.starts_with("NN"));
        let (xpos, upos) = if end > i && next_is_noun && matches!(xpos.as_str(), "VBN" | "VBG") {
            ("JJ".to_string(), "ADJ".to_string())
        } else {
            (xpos.clone(), upos.clone())
        };
        out.forms.push(form.concat());
        out.lemmas.push(lemma.concat());
        out.xpos.push(xpos);
        out.upos.push(upos);
        i = end + 1;
    }
    Some(out)
}

/// Averaged float weights per feature, sorted by key.
type Averaged = Vec<(u64, Vec<(u32, f32)>)>;

/// Quantised features, sorted by key.
type Quantised = Vec<(u64, Vec<(u8, i16)>)>;

/// The training data shared by all passes and folds.
struct PassData<'a> {
    infos: &'a [Vec<WordInfo>],
    gold: &'a [Vec<u32>],
    ctx: crate::PassContext<'a>,
}

fn fold_of(sentence: usize) -> usize {
    sentence % FOLDS
}

/// Trains the perceptron on the sentences `subset` and returns its averaged weights, sorted
/// by feature key, and the training accuracy per epoch.
fn train_pass(data: &PassData<'_>, subset: &[usize], opts: &TrainOptions) -> (Averaged, Vec<f64>) {
    let n_classes = data.ctx.n_classes;
    let mut model = Perceptron {
        weights: IdMap::default(),
        i: 0,
    };
    let mut order = subset.to_vec();
    let mut rng = Rng(opts.seed);
    let mut feats = Vec::with_capacity(64);
    let mut scores = vec![0f32; n_classes];
    let mut epoch_accuracy = Vec::new();
    for _ in 0..opts.epochs {
        rng.shuffle(&mut order);
        let (mut correct, mut total) = (0usize, 0usize);
        for &si in &order {
            let (Some(g), Some(info)) = (data.gold.get(si), data.infos.get(si)) else {
                continue;
            };
            let (mut p1, mut p2) = (features::START, features::START2);
            let mut last_verb = None;
            for (i, (w, &truth)) in info.iter().zip(g).enumerate() {
                let guess = match data.ctx.tagdict.get(&w.raw) {
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
                if data.ctx.is_verb.get(guess as usize).copied().unwrap_or(false) {
                    last_verb = Some(i);
                }
                p2 = p1;
                p1 = guess;
            }
        }
        epoch_accuracy.push(correct as f64 / total.max(1) as f64);
    }
    (model.averaged(), epoch_accuracy)
}

/// Quantises to i16 with one global scale and drops weights below `prune_below`.
fn quantise(weights: BTreeMap<u64, BTreeMap<u32, f32>>, prune_below: i16) -> Quantised {
    let max_abs = weights
        .values()
        .flat_map(|v| v.values().map(|x| x.abs()))
        .fold(0f32, f32::max);
    let scale = if max_abs > 0.0 { 32767.0 / max_abs } else { 1.0 };
    let mut out: Quantised = Vec::new();
    for (k, ws) in weights {
        let q: Vec<(u8, i16)> = ws
            .into_iter()
            .map(|(c, w)| (c as u8, (w * scale).round().clamp(-32767.0, 32767.0) as i16))
            .filter(|(_, w)| w.unsigned_abs() >= prune_below.unsigned_abs())
            .collect();
        if !q.is_empty() {
            out.push((k, q));
        }
    }
    out
}


/// Ambiguity classes: for each normalised word seen at least twice, the set of Penn tags it
/// had at least 5% of the time, numbered in sorted order. Words seen once are left out so that
/// training sees "unknown" words about as often as tagging new text does.
fn ambiguity_classes(sentences: &[&GoldSentence]) -> HashMap<String, u32> {
    // The id is a hash of the tag set, so ids agree between the fold lexicons and the full one.
    ambiguity_sets(sentences)
        .into_iter()
        .map(|(w, set)| {
            let id = set
                .bytes()
                .fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
            (w, (features::mix(id) >> 40) as u32)
        })
        .collect()
}

/// Normalised word -> its set of Penn tags as a string such as "NN|VB".
fn ambiguity_sets(sentences: &[&GoldSentence]) -> BTreeMap<String, String> {
    let mut counts: BTreeMap<String, BTreeMap<&str, u32>> = BTreeMap::new();
    for s in sentences {
        for (w, x) in s.forms.iter().zip(&s.xpos) {
            let norm = features::norm_form(&features::normalise(w));
            *counts.entry(norm).or_default().entry(x.as_str()).or_default() += 1;
        }
    }
    let mut sets: BTreeMap<String, String> = BTreeMap::new();
    for (w, tags) in counts {
        let n: u32 = tags.values().sum();
        if n < 2 {
            continue;
        }
        let set: Vec<&str> = tags
            .iter()
            .filter(|(_, k)| f64::from(**k) >= 0.05 * f64::from(n))
            .map(|(t, _)| *t)
            .collect();
        sets.insert(w, set.join("|"));
    }
    sets
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
            l.add_exception(lower, xpos, lemma.clone());
        }
    }
    l
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence(words: &[(&str, &str, &str)]) -> GoldSentence {
        GoldSentence {
            forms: words.iter().map(|w| w.0.to_string()).collect(),
            lemmas: words.iter().map(|w| w.0.to_lowercase()).collect(),
            xpos: words.iter().map(|w| w.1.to_string()).collect(),
            upos: words.iter().map(|w| w.2.to_string()).collect(),
        }
    }

    #[test]
    fn models_with_and_without_sentence_case_features() {
        use std::io::{Read, Write};
        let data = vec![
            sentence(&[("Rekker", "NNP", "PROPN"), ("left", "VBD", "VERB"), (".", ".", "PUNCT")]),
            sentence(&[("The", "DT", "DET"), ("Troops", "NNS", "NOUN"), ("Left", "VBD", "VERB")]),
        ];
        let opts = TrainOptions { epochs: 3, prune_below: 0, shuffles: 1, ..Default::default() };
        let bytes = train(&data, &data, &opts).unwrap().bytes;
        let v3 = crate::Tagger::from_bytes(&bytes).unwrap();
        assert!(v3.sentence_case);
        assert_eq!(v3.tag(&["Rekker", "left", "."]).len(), 3);
        // The same model under the old magic is read without those features.
        let mut raw = Vec::new();
        flate2::read::DeflateDecoder::new(bytes.as_slice()).read_to_end(&mut raw).unwrap();
        raw[..13].copy_from_slice(b"DOSSIER-POS-2");
        let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(&raw).unwrap();
        let v2 = crate::Tagger::from_bytes(&enc.finish().unwrap()).unwrap();
        assert!(!v2.sentence_case);
        assert_eq!(v2.tag(&["Rekker", "left", "."]).len(), 3);
    }

    #[test]
    fn hyphen_splits_are_joined() {
        let s = sentence(&[
            ("Veloria", "NNP", "PROPN"),
            ("-", "HYPH", "PUNCT"),
            ("led", "VBN", "VERB"),
            ("forces", "NNS", "NOUN"),
            ("took", "VBD", "VERB"),
            ("the", "DT", "DET"),
            ("north", "NN", "NOUN"),
            ("-", "HYPH", "PUNCT"),
            ("east", "NN", "NOUN"),
            ("-", ",", "PUNCT"),
        ]);
        let j = join_hyphens(&s).unwrap_or_default();
        assert_eq!(j.forms, ["Veloria-led", "forces", "took", "the", "north-east", "-"]);
        assert_eq!(j.xpos, ["JJ", "NNS", "VBD", "DT", "NN", ","]);
        assert_eq!(j.upos, ["ADJ", "NOUN", "VERB", "DET", "NOUN", "PUNCT"]);
        assert_eq!(join_hyphens(&sentence(&[("-", "HYPH", "PUNCT"), ("a", "DT", "DET")])), None);
    }
}
