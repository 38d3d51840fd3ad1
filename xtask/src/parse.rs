//! `cargo xtask train parse [--data DIR] [--extra FILE.conllu|none] [--seed S] [--epochs N]
//! [--folds K] [--prune-features P] [--prune P] [--explore P] [--shuffles K] [--out FILE] [--sweep P1,P2]
//! [--reprune MODEL]` and
//! `cargo xtask eval parse [--data FILE.conllu] [--model FILE] [--tagger FILE]`.
//!
//! Training reads `*-ud-train.conllu` from the UD English EWT directory plus another
//! treebank's train file (`--extra`, default UD English GUM train), replaces the gold tags by
//! jackknifed tags from our tagger (`--folds K`, default 5; 0 keeps gold tags) so that
//! training tags look like run-time tags, and writes `crates/parser/model/parse.bin`. The jackknifed tags are
//! cached in the temporary directory, keyed by the data and fold count.
//!
//! Evaluation uses gold tokens and predicted tags from our tagger (and gold tags as a second
//! row) and scores as the CoNLL 2018 shared task: all words including punctuation; LAS
//! compares the universal relation (without subtype), "LAS full" the whole relation.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use parser::conllu::{self, TreeSentence};
use parser::Parser;
use tagger::Tagger;

use crate::{find_file, flag};

const DEFAULT_DIR: &str = "../shared/eval/ud-english-ewt";
/// Added to the EWT training data unless `--extra none`: it improves EWT dev by ~0.7 points.
const DEFAULT_EXTRA: &str = "../shared/eval/ud-english-gum/en_gum-ud-train.conllu";

fn model_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/parser/model/parse.bin")
}

fn parse_flag<T: std::str::FromStr>(args: &[String], name: &str) -> Result<Option<T>>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    flag(args, name).map(|v| v.parse::<T>().context(name.to_string())).transpose()
}

/// Replaces the tags of `trees` by tags from taggers trained on the other `folds - 1` parts.
fn jackknife(text: &str, trees: &mut [TreeSentence], folds: usize, seed: u64) -> Result<()> {
    let tag_sents = tagger::conllu::parse(text);
    if tag_sents.len() != trees.len()
        || tag_sents.iter().zip(trees.iter()).any(|(a, b)| a.forms != b.forms)
    {
        bail!("tagger and parser readers disagree on the sentences of the training file");
    }
    let mut key = parser::features::hash_str(text) ^ (folds as u64) ^ seed.rotate_left(17);
    // A tagger that tags differently makes the cached tags stale.
    key ^= u64::from(tagger::TRAINING_VERSION).rotate_left(40);
    key = parser::features::mix(key);
    let cache = std::env::temp_dir().join(format!("dossier-parse-jackknife-{key:016x}.tsv"));
    if let Ok(cached) = std::fs::read_to_string(&cache) {
        let lines: Vec<&str> = cached.lines().collect();
        let n: usize = trees.iter().map(|t| t.forms.len()).sum();
        if lines.len() == n {
            let mut it = lines.iter();
            for t in trees.iter_mut() {
                for i in 0..t.forms.len() {
                    let Some((x, u)) = it.next().and_then(|l| l.split_once('\t')) else {
                        bail!("bad cache {}", cache.display());
                    };
                    t.xpos[i] = x.to_string();
                    t.upos[i] = u.to_string();
                }
            }
            println!("jackknifed tags read from {}", cache.display());
            return Ok(());
        }
    }
    let opts = tagger::train::TrainOptions {
        seed,
        ..Default::default()
    };
    for fold in 0..folds {
        let start = Instant::now();
        let train: Vec<_> = tag_sents
            .iter()
            .enumerate()
            .filter(|(i, _)| i % folds != fold)
            .map(|(_, s)| s.clone())
            .collect();
        let trained = tagger::train::train(&train, &train, &opts)?;
        let model = Tagger::from_bytes(&trained.bytes)?;
        let (mut ok, mut n) = (0usize, 0usize);
        for (i, t) in trees.iter_mut().enumerate().filter(|(i, _)| i % folds == fold) {
            let words: Vec<&str> = tag_sents[i].forms.iter().map(String::as_str).collect();
            for (j, tg) in model.tag(&words).into_iter().enumerate() {
                ok += usize::from(t.xpos[j] == tg.xpos);
                n += 1;
                t.xpos[j] = tg.xpos.to_string();
                t.upos[j] = tg.upos.to_string();
            }
        }
        println!(
            "jackknife fold {}/{folds}: XPOS acc {:.4} on {n} tokens ({:.0} s)",
            fold + 1,
            ok as f64 / n.max(1) as f64,
            start.elapsed().as_secs_f64()
        );
    }
    let mut out = String::new();
    for t in trees.iter() {
        for (x, u) in t.xpos.iter().zip(&t.upos) {
            out.push_str(x);
            out.push('\t');
            out.push_str(u);
            out.push('\n');
        }
    }
    std::fs::write(&cache, out).with_context(|| cache.display().to_string())?;
    Ok(())
}

fn read_trees(file: &Path, folds: usize, seed: u64) -> Result<Vec<TreeSentence>> {
    let text = std::fs::read_to_string(file).with_context(|| file.display().to_string())?;
    let mut trees = conllu::parse(&text);
    if folds >= 2 {
        jackknife(&text, &mut trees, folds, seed)?;
    }
    Ok(trees)
}

pub fn train(args: &[String]) -> Result<()> {
    // `--reprune MODEL --sweep 600,800 [--prune W]` re-encodes an existing model at other
    // pruning levels: features whose largest weight is below each level are dropped, and in
    // the others weights below W.
    if let Some(src) = flag(args, "--reprune") {
        let bytes = std::fs::read(src).with_context(|| src.to_string())?;
        let weights_below: i16 = parse_flag(args, "--prune")?.unwrap_or(200);
        for level in flag(args, "--sweep").unwrap_or("600").split(',') {
            let p: i16 = level.parse().context("--sweep")?;
            let (out, nf, nw) = parser::train::reprune(&bytes, p, weights_below)?;
            let path = format!("{src}.f{p}w{weights_below}");
            std::fs::write(&path, &out).with_context(|| path.clone())?;
            println!("features >= {p}, weights >= {weights_below}: {nf} features, {nw} weights, {} bytes -> {path}", out.len());
        }
        return Ok(());
    }
    let dir = PathBuf::from(flag(args, "--data").unwrap_or(DEFAULT_DIR));
    let Some(file) = find_file(&dir, "-ud-train.conllu") else {
        println!("data not found at {} (no *-ud-train.conllu), skipping", dir.display());
        return Ok(());
    };
    let mut opts = parser::train::TrainOptions::default();
    if let Some(e) = parse_flag(args, "--epochs")? {
        opts.epochs = e;
    }
    if let Some(s) = parse_flag(args, "--seed")? {
        opts.seed = s;
    }
    if let Some(p) = parse_flag(args, "--prune")? {
        opts.prune_below = p;
    }
    if let Some(p) = parse_flag(args, "--prune-features")? {
        opts.prune_features_below = p;
    }
    if let Some(p) = parse_flag(args, "--explore")? {
        opts.explore_p = p;
    }
    if let Some(k) = parse_flag(args, "--shuffles")? {
        opts.shuffles = k;
    }
    if let Some(b) = parse_flag::<usize>(args, "--beam")? {
        if b > 1 {
            println!("note: only greedy decoding is implemented; --beam {b} is ignored");
        }
    }
    let folds: usize = parse_flag(args, "--folds")?.unwrap_or(5);
    let out = flag(args, "--out").map(PathBuf::from).unwrap_or_else(model_path);

    let start = Instant::now();
    let mut sentences = read_trees(&file, folds, opts.seed)?;
    let extra = flag(args, "--extra").unwrap_or(DEFAULT_EXTRA);
    if extra != "none" {
        let extra = PathBuf::from(extra);
        if extra.is_file() {
            let more = read_trees(&extra, folds, opts.seed)?;
            println!("adding {} sentences from {}", more.len(), extra.display());
            sentences.extend(more);
        } else {
            println!("extra data not found at {}, training without it", extra.display());
        }
    }
    let tag_secs = start.elapsed().as_secs_f64();
    let n_tokens: usize = sentences.iter().map(|s| s.forms.len()).sum();
    println!(
        "training on {} ({} sentences, {n_tokens} tokens, tags: {}), {opts:?}",
        file.display(),
        sentences.len(),
        if folds >= 2 { format!("{folds}-fold jackknifed tagger") } else { "gold".into() }
    );
    let start = Instant::now();
    let trained = parser::train::train(&sentences, &opts, |e| {
        println!(
            "epoch {:>2}: train transition acc {:.4} ({:.1} s)",
            e.epoch, e.accuracy, e.seconds
        );
    })?;
    let secs = start.elapsed().as_secs_f64();
    std::fs::write(&out, &trained.bytes).with_context(|| out.display().to_string())?;
    println!(
        "training time {secs:.1} s (+ {tag_secs:.1} s tagging); {} labels, {} features trained, {} kept, {} weights",
        trained.n_labels, trained.n_features_trained, trained.n_features, trained.n_weights
    );
    println!("wrote {} ({} bytes)", out.display(), trained.bytes.len());
    // `--sweep 400,800` also writes `<out>.p400`, ... with other feature-pruning levels.
    for level in flag(args, "--sweep").unwrap_or("").split(',').filter(|l| !l.is_empty()) {
        let p: i16 = level.parse().context("--sweep")?;
        let (bytes, nf, nw) =
            parser::train::encode_pruned(&trained.labels, &trained.quantised, p, opts.prune_below)?;
        let path = PathBuf::from(format!("{}.p{p}", out.display()));
        std::fs::write(&path, &bytes).with_context(|| path.display().to_string())?;
        println!("prune {p}: {nf} features, {nw} weights, {} bytes -> {}", bytes.len(), path.display());
    }
    Ok(())
}

/// Attachment scores of one run.
#[derive(Default)]
struct Scores {
    n: usize,
    uas: usize,
    las: usize,
    las_full: usize,
    secs: f64,
}

impl Scores {
    fn add(&mut self, gold: &TreeSentence, deps: &[parser::Dep<'_>]) {
        let universal = |r: &str| r.split(':').next().unwrap_or("").to_string();
        for (i, d) in deps.iter().enumerate() {
            let (Some(&h), Some(r)) = (gold.heads.get(i), gold.deprels.get(i)) else {
                continue;
            };
            self.n += 1;
            if d.head == h {
                self.uas += 1;
                self.las += usize::from(universal(d.rel) == universal(r));
                self.las_full += usize::from(d.rel == r);
            }
        }
    }
    fn rate(&self, k: usize) -> f64 {
        k as f64 / self.n.max(1) as f64
    }
}

/// CPU time of the calling thread in nanoseconds (Linux), if available.
fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

pub fn eval(args: &[String]) -> Result<()> {
    let default_file = Path::new(DEFAULT_DIR).join("en_ewt-ud-dev.conllu");
    let file = flag(args, "--data").map(PathBuf::from).unwrap_or(default_file);
    if !file.is_file() {
        println!("data not found at {}, skipping", file.display());
        return Ok(());
    }
    let load_start = Instant::now();
    let owned;
    let parser: &Parser = match flag(args, "--model") {
        Some(p) => {
            let bytes = std::fs::read(p).with_context(|| p.to_string())?;
            owned = Parser::from_bytes(&bytes)?;
            &owned
        }
        None => Parser::load_default()?,
    };
    let load_ms = load_start.elapsed().as_secs_f64() * 1000.0;
    let owned_tagger;
    let tagger: &Tagger = match flag(args, "--tagger") {
        Some(p) => {
            let bytes = std::fs::read(p).with_context(|| p.to_string())?;
            owned_tagger = Tagger::from_bytes(&bytes)?;
            &owned_tagger
        }
        None => Tagger::load_default()?,
    };
    let text = std::fs::read_to_string(&file).with_context(|| file.display().to_string())?;
    let sentences = conllu::parse(&text);
    let (mut pred, mut gold) = (Scores::default(), Scores::default());
    let (mut xpos_ok, mut n_tags) = (0usize, 0usize);
    let tagged: Vec<(Vec<&str>, Vec<&str>)> = sentences
        .iter()
        .map(|s| {
            let words: Vec<&str> = s.forms.iter().map(String::as_str).collect();
            let t = tagger.tag(&words);
            let xpos: Vec<&str> = t.iter().map(|t| t.xpos).collect();
            let upos: Vec<&str> = t.iter().map(|t| t.upos).collect();
            xpos_ok += xpos.iter().zip(&s.xpos).filter(|(a, b)| **a == b.as_str()).count();
            n_tags += xpos.len();
            (xpos, upos)
        })
        .collect();
    // Parsing is timed over the whole set, by wall clock and by this thread's CPU time (the
    // latter is what one core delivers even when the machine is shared).
    let (wall, cpu) = (Instant::now(), thread_cpu_ns());
    let parsed: Vec<Vec<parser::Dep<'_>>> = sentences
        .iter()
        .zip(&tagged)
        .map(|(s, (xpos, upos))| {
            let words: Vec<&str> = s.forms.iter().map(String::as_str).collect();
            parser.parse(&words, xpos, upos)
        })
        .collect();
    pred.secs = wall.elapsed().as_secs_f64();
    let cpu_secs = match (cpu, thread_cpu_ns()) {
        (Some(a), Some(b)) => Some(b.saturating_sub(a) as f64 / 1e9),
        _ => None,
    };
    for (s, deps) in sentences.iter().zip(&parsed) {
        pred.add(s, deps);
        let words: Vec<&str> = s.forms.iter().map(String::as_str).collect();
        let gx: Vec<&str> = s.xpos.iter().map(String::as_str).collect();
        let gu: Vec<&str> = s.upos.iter().map(String::as_str).collect();
        gold.add(s, &parser.parse(&words, &gx, &gu));
    }
    let tps_wall = pred.n as f64 / pred.secs.max(1e-9);
    let tps = cpu_secs.map_or(tps_wall, |c| pred.n as f64 / c.max(1e-9));
    println!("dependency parsing on {} (gold tokens, CoNLL 2018 scoring, punctuation included)", file.display());
    println!(
        "model load   {load_ms:>8.1} ms ({} features, {} labels)",
        parser.n_features(),
        parser.labels().len()
    );
    println!("{:<28} {:>7} {:>7} {:>9} {:>8}", "tags", "UAS", "LAS", "LAS full", "words");
    let xpos_acc = xpos_ok as f64 / n_tags.max(1) as f64;
    for (name, sc) in [
        (format!("predicted (XPOS {xpos_acc:.3})"), &pred),
        ("gold".to_string(), &gold),
    ] {
        println!(
            "{name:<28} {:>7.4} {:>7.4} {:>9.4} {:>8}",
            sc.rate(sc.uas),
            sc.rate(sc.las),
            sc.rate(sc.las_full),
            sc.n
        );
    }
    println!("tokens/s     {tps:>8.0} (parsing only, one core, CPU time; {tps_wall:.0} by wall clock)");
    println!(
        "{}",
        serde_json::json!({
            "task": "parse",
            "uas": (pred.rate(pred.uas) * 10000.0).round() / 10000.0,
            "las": (pred.rate(pred.las) * 10000.0).round() / 10000.0,
            "las_full": (pred.rate(pred.las_full) * 10000.0).round() / 10000.0,
            "uas_gold_pos": (gold.rate(gold.uas) * 10000.0).round() / 10000.0,
            "las_gold_pos": (gold.rate(gold.las) * 10000.0).round() / 10000.0,
            "n": pred.n,
            "tokens_per_s": tps.round(),
            "load_ms": load_ms.round(),
        })
    );
    Ok(())
}
