//! `cargo xtask train pos [--data DIR|FILE[,DIR|FILE...]] [--epochs N] [--seed S] [--shuffles K] [--prune P] [--out FILE]`
//! and `cargo xtask eval pos [--data FILE.conllu] [--model FILE] [--errors] [--join-hyphens]`.
//!
//! Training reads the UD training treebanks (by default `*-ud-train.conllu` of English EWT and
//! GUM; a directory stands for its `*-ud-train.conllu`) and writes
//! `crates/tagger/model/pos.bin`, which the tagger crate compiles in. Tags are learnt from all
//! of them, lemma tables from the first one only (GUM's lemma conventions differ from EWT's).
//! Evaluation uses gold tokens and prints XPOS/UPOS/lemma accuracy, load time and speed;
//! `--join-hyphens` keeps only the sentences with split hyphens, joined as the product's
//! tokenizer leaves them (`Veloria - led` -> `Veloria-led`).

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use tagger::conllu::{self, GoldSentence};
use tagger::Tagger;

use crate::{find_file, flag};

const DEFAULT_DIR: &str = "../shared/eval/ud-english-ewt";
const DEFAULT_DATA: &str = "../shared/eval/ud-english-ewt,../shared/eval/ud-english-gum";

fn model_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/tagger/model/pos.bin")
}

pub fn train(args: &[String]) -> Result<()> {
    let mut files = Vec::new();
    for source in flag(args, "--data").unwrap_or(DEFAULT_DATA).split(',') {
        let path = PathBuf::from(source);
        let file = if path.is_dir() { find_file(&path, "-ud-train.conllu") } else { Some(path.clone()) };
        match file.filter(|f| f.is_file()) {
            Some(f) => files.push(f),
            None => println!("data not found at {} (no *-ud-train.conllu), skipping it", path.display()),
        }
    }
    if files.is_empty() {
        println!("no training data, skipping");
        return Ok(());
    }
    let mut opts = tagger::train::TrainOptions::default();
    if let Some(e) = flag(args, "--epochs") {
        opts.epochs = e.parse().context("--epochs")?;
    }
    if let Some(s) = flag(args, "--seed") {
        opts.seed = s.parse().context("--seed")?;
    }
    if let Some(p) = flag(args, "--prune") {
        opts.prune_below = p.parse().context("--prune")?;
    }
    if let Some(k) = flag(args, "--shuffles") {
        opts.shuffles = k.parse().context("--shuffles")?;
    }
    let out = flag(args, "--out").map(PathBuf::from).unwrap_or_else(model_path);
    let mut sentences = Vec::new();
    let mut n_lemma_sentences = 0;
    for (i, file) in files.iter().enumerate() {
        let text = std::fs::read_to_string(file).with_context(|| file.display().to_string())?;
        let parsed = conllu::parse(&text);
        let n_tokens: usize = parsed.iter().map(|s| s.forms.len()).sum();
        println!("training on {} ({} sentences, {n_tokens} tokens)", file.display(), parsed.len());
        if i == 0 {
            n_lemma_sentences = parsed.len();
        }
        sentences.extend(parsed);
    }
    println!("{opts:?}");
    let start = Instant::now();
    let lemma_sentences = sentences.get(..n_lemma_sentences).unwrap_or(&[]);
    let trained = tagger::train::train(&sentences, lemma_sentences, &opts)?;
    let secs = start.elapsed().as_secs_f64();
    for (i, a) in trained.epoch_accuracy.iter().enumerate() {
        println!("epoch {:>2}: train acc (non-dictionary tokens) {:.4}", i + 1, a);
    }
    std::fs::write(&out, &trained.bytes).with_context(|| out.display().to_string())?;
    println!(
        "training time {secs:.1} s; {} classes, {} features, {} weights, {} tag-dictionary words, {} lemma exceptions",
        trained.n_classes, trained.n_features, trained.n_weights, trained.n_tagdict, trained.n_lemma_exceptions
    );
    println!("wrote {} ({} bytes)", out.display(), trained.bytes.len());
    Ok(())
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
    let tagger: &Tagger = match flag(args, "--model") {
        Some(p) => {
            let bytes = std::fs::read(p).with_context(|| p.to_string())?;
            owned = Tagger::from_bytes(&bytes)?;
            &owned
        }
        None => Tagger::load_default()?,
    };
    let load_ms = load_start.elapsed().as_secs_f64() * 1000.0;
    let text = std::fs::read_to_string(&file).with_context(|| file.display().to_string())?;
    let mut sentences: Vec<GoldSentence> = conllu::parse(&text);
    if args.iter().any(|a| a == "--join-hyphens") {
        sentences = sentences.iter().filter_map(tagger::train::join_hyphens).collect();
    }
    let (mut n, mut xpos_ok, mut upos_ok, mut lemma_ok, mut lemma_gold_tag_ok) =
        (0usize, 0usize, 0usize, 0usize, 0usize);
    let mut tag_secs = 0.0;
    // `--errors` lists the most frequent (gold, predicted) XPOS confusions.
    let mut confusions: std::collections::HashMap<(String, String), usize> = Default::default();
    for s in &sentences {
        let words: Vec<&str> = s.forms.iter().map(String::as_str).collect();
        let t = Instant::now();
        let tagged = tagger.tag(&words);
        tag_secs += t.elapsed().as_secs_f64();
        for (i, t) in tagged.iter().enumerate() {
            n += 1;
            xpos_ok += usize::from(s.xpos.get(i).is_some_and(|g| g == t.xpos));
            if let Some(g) = s.xpos.get(i).filter(|g| *g != t.xpos) {
                *confusions.entry((g.clone(), t.xpos.to_string())).or_default() += 1;
            }
            upos_ok += usize::from(s.upos.get(i).is_some_and(|g| g == t.upos));
            lemma_ok += usize::from(s.lemmas.get(i).is_some_and(|g| *g == t.lemma));
            if let (Some(w), Some(x), Some(g)) = (s.forms.get(i), s.xpos.get(i), s.lemmas.get(i)) {
                lemma_gold_tag_ok += usize::from(tagger.lemma(w, x) == *g);
            }
        }
    }
    let acc = |k: usize| k as f64 / n.max(1) as f64;
    let tps = n as f64 / tag_secs.max(1e-9);
    if args.iter().any(|a| a == "--errors") {
        let mut v: Vec<_> = confusions.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        for ((g, p), k) in v.iter().take(25) {
            println!("{k:>6}  gold {g:<6} predicted {p}");
        }
    }
    println!("POS tagging on {} (gold tokens)", file.display());
    println!("model load      {load_ms:>10.1} ms ({} features)", tagger.n_features());
    println!("XPOS acc        {:>10.4}", acc(xpos_ok));
    println!("UPOS acc        {:>10.4}", acc(upos_ok));
    println!(
        "lemma acc       {:>10.4}   (with gold XPOS: {:.4})",
        acc(lemma_ok),
        acc(lemma_gold_tag_ok)
    );
    println!("tokens          {n:>10}");
    println!("tokens/s        {tps:>10.0}   (tag + lemma, one core)");
    println!(
        "{}",
        serde_json::json!({
            "task": "pos",
            "xpos_acc": acc(xpos_ok),
            "upos_acc": acc(upos_ok),
            "lemma_acc": acc(lemma_ok),
            "n": n,
            "tokens_per_s": tps.round(),
            "load_ms": (load_ms * 10.0).round() / 10.0,
        })
    );
    Ok(())
}
