//! `cargo xtask eval extraction --data DIR [--predictions FILE.json] [--name NAME]`
//!
//! Scores `clean::html::extract` (article body only) against one of two public data sets,
//! detected from the layout of `DIR`:
//!
//! - **article-extraction** (scrapinghub/article-extraction-benchmark): `DIR/ground-truth.json`
//!   (`{id: {articleBody, url}}`) and `DIR/html/<id>.html.gz`. Scored exactly as the benchmark's
//!   `evaluate.py` does:
//!   - tokens are the matches of the regex `\w+` (Unicode word characters, case kept);
//!   - shingles are the word 4-grams of the token list; a text with fewer than 4 tokens yields
//!     one shingle of all its tokens, an empty text none;
//!   - per document, shingles are counted as multisets: tp = sum of min(true, pred) counts,
//!     fp = sum of the excess of predicted counts, fn = the excess of true counts; the three
//!     are then divided by their sum so that every document weighs the same;
//!   - per-document precision is 1 when fp = fn = 0, 0 when tp = fp = 0, else tp / (tp + fp)
//!     (recall alike with fn); documents with tp + fp = 0 are left out of the precision mean and
//!     documents with tp + fn = 0 out of the recall mean;
//!   - precision and recall are the means over documents; F1 is the harmonic mean of those two
//!     means (not the mean of per-document F1s).
//!
//!   One difference: Python's `\w` takes `str.isalnum()` characters plus `_`; Rust's
//!   `char::is_alphanumeric` also counts combining vowel signs of some scripts as letters. On
//!   the (English) pages of this benchmark the two agree.
//! - **trafilatura-eval** (adbar/trafilatura `tests/evaldata.json`): `DIR/evaldata.json`
//!   (`{url: {file, with: [...], without: [...]}}`) and `DIR/html/<file>[.gz]`. Scored as
//!   trafilatura's `tests/eval_common.py` does: the output and each snippet are
//!   whitespace-normalised (runs of whitespace become one space, trimmed); a `with` snippet found
//!   as a substring of the output is a true positive, else a false negative; a `without` snippet
//!   found is a false positive, else a true negative. Counts are summed over all pages (micro
//!   average); precision = tp/(tp+fp), recall = tp/(tp+fn), accuracy = (tp+tn)/all,
//!   F1 = 2tp/(2tp+fp+fn). Pages whose file is missing from `DIR/html` are skipped and counted.
//!
//! `--predictions FILE.json` scores another extractor's output instead (a JSON object from the
//! page id, or the URL for trafilatura-eval, to the extracted text), so a peer such as
//! trafilatura is measured with the same scorer; `--name` labels it in the output.
//!
//! For tuning: `EVAL_ONLY=<prefix>` scores only pages whose id (or file name) starts with the
//! prefix; `EVAL_DUMP=<dir>` writes each page's extracted text there (outside the repository).
//!
//! The table goes to standard output, then the ten worst pages, then as the last line one JSON
//! object with the figures. When `DIR` is absent the task says so and exits successfully.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use serde_json::{json, Value};

pub fn run(args: &[String]) -> Result<()> {
    let data =
        PathBuf::from(crate::flag(args, "--data").unwrap_or("../shared/eval/article-extraction"));
    let predictions = match crate::flag(args, "--predictions") {
        Some(p) => {
            let text = std::fs::read_to_string(p).with_context(|| format!("reading {p}"))?;
            Some(
                serde_json::from_str::<HashMap<String, String>>(&text)
                    .with_context(|| format!("parsing {p}"))?,
            )
        }
        None => None,
    };
    let name = crate::flag(args, "--name").unwrap_or(if predictions.is_some() {
        "predictions"
    } else {
        "dossier"
    });
    if data.join("ground-truth.json").is_file() {
        article_extraction(&data, predictions.as_ref(), name)
    } else if data.join("evaldata.json").is_file() {
        trafilatura_eval(&data, predictions.as_ref(), name)
    } else {
        println!(
            "data not found at {} (neither ground-truth.json nor evaldata.json), skipping",
            data.display()
        );
        Ok(())
    }
}

/// Reads a page, gunzipping it when its name ends in `.gz`.
fn read_page(path: &Path) -> Result<Vec<u8>> {
    let raw = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    if path.extension().is_some_and(|e| e == "gz") {
        let mut out = Vec::with_capacity(raw.len() * 4);
        flate2::read::MultiGzDecoder::new(raw.as_slice())
            .read_to_end(&mut out)
            .with_context(|| format!("gunzipping {}", path.display()))?;
        Ok(out)
    } else {
        Ok(raw)
    }
}

/// Decodes and extracts one page; returns the body text (blocks joined by newlines) and the
/// time spent in `html::extract` alone, plus the decoded length.
fn extract_page(bytes: &[u8], url: Option<&str>) -> (String, Duration, usize) {
    let decoded = match clean::decode::decode(bytes, None, model::Format::Html) {
        Ok(d) => d,
        Err(_) => return (String::new(), Duration::ZERO, 0),
    };
    let start = Instant::now();
    let out = clean::html::extract(&decoded.text, url);
    let elapsed = start.elapsed();
    let text = out
        .blocks
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    (text, elapsed, decoded.text.len())
}

fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let word = c.is_alphanumeric() || c == '_';
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(&text[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
    const N: usize = 4;
    let toks = tokens(text);
    let mut counts = HashMap::new();
    let n_shingles = toks.len().saturating_sub(N - 1).max(1);
    for i in 0..n_shingles {
        let shingle: Vec<&str> = toks.iter().skip(i).take(N).copied().collect();
        if !shingle.is_empty() {
            *counts.entry(shingle).or_insert(0) += 1;
        }
    }
    counts
}

/// Normalised (tp, fp, fn) of one document, as `string_shingle_matching` computes them.
fn shingle_matching(truth: &str, pred: &str) -> (f64, f64, f64) {
    let t = shingles(truth);
    let p = shingles(pred);
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    for (key, &tc) in &t {
        let pc = p.get(key).copied().unwrap_or(0);
        tp += tc.min(pc) as f64;
        fn_ += tc.saturating_sub(pc) as f64;
        fp += pc.saturating_sub(tc) as f64;
    }
    for (key, &pc) in &p {
        if !t.contains_key(key) {
            fp += pc as f64;
        }
    }
    let s = tp + fp + fn_;
    if s > 0.0 {
        (tp / s, fp / s, fn_ / s)
    } else {
        (tp, fp, fn_)
    }
}

fn precision_score(tp: f64, fp: f64, fn_: f64) -> f64 {
    if fp == 0.0 && fn_ == 0.0 {
        1.0
    } else if tp == 0.0 && fp == 0.0 {
        0.0
    } else {
        tp / (tp + fp)
    }
}

fn recall_score(tp: f64, fp: f64, fn_: f64) -> f64 {
    if fp == 0.0 && fn_ == 0.0 {
        1.0
    } else if tp == 0.0 && fn_ == 0.0 {
        0.0
    } else {
        tp / (tp + fn_)
    }
}

fn mean(xs: &[f64]) -> f64 {
    if xs.is_empty() {
        0.0
    } else {
        xs.iter().sum::<f64>() / xs.len() as f64
    }
}

/// (precision, recall, f1) over documents, as `metrics_from_tp_fp_fns` computes them.
fn metrics(docs: &[(f64, f64, f64)]) -> (f64, f64, f64) {
    let p: Vec<f64> = docs
        .iter()
        .filter(|d| d.0 + d.1 > 0.0)
        .map(|d| precision_score(d.0, d.1, d.2))
        .collect();
    let r: Vec<f64> = docs
        .iter()
        .filter(|d| d.0 + d.2 > 0.0)
        .map(|d| recall_score(d.0, d.1, d.2))
        .collect();
    let (p, r) = (mean(&p), mean(&r));
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f1)
}

fn mb_per_s(bytes: usize, time: Duration) -> f64 {
    let secs = time.as_secs_f64();
    if secs > 0.0 {
        bytes as f64 / 1e6 / secs
    } else {
        0.0
    }
}

fn article_extraction(
    dir: &Path,
    predictions: Option<&HashMap<String, String>>,
    name: &str,
) -> Result<()> {
    let gt_text = std::fs::read_to_string(dir.join("ground-truth.json"))?;
    let gt: HashMap<String, Value> = serde_json::from_str(&gt_text)?;
    let mut ids: Vec<&String> = gt.keys().collect();
    ids.sort();
    let only = std::env::var("EVAL_ONLY").ok();
    let dump = std::env::var("EVAL_DUMP").ok();
    let mut docs = Vec::new();
    let mut per_page = Vec::new();
    let (mut bytes, mut time) = (0usize, Duration::ZERO);
    let mut missing = 0;
    for id in ids {
        if only.as_deref().is_some_and(|o| !id.starts_with(o)) {
            continue;
        }
        let entry = &gt[id];
        let truth = entry
            .get("articleBody")
            .and_then(Value::as_str)
            .unwrap_or("");
        let url = entry.get("url").and_then(Value::as_str);
        let pred = match predictions {
            Some(p) => p.get(id.as_str()).cloned().unwrap_or_default(),
            None => {
                let path = dir.join("html").join(format!("{id}.html.gz"));
                if !path.is_file() {
                    missing += 1;
                    continue;
                }
                let page = read_page(&path)?;
                let (text, t, n) = extract_page(&page, url);
                bytes += n;
                time += t;
                text
            }
        };
        if let Some(d) = &dump {
            std::fs::create_dir_all(d)?;
            std::fs::write(Path::new(d).join(format!("{id}.pred.txt")), &pred)?;
            std::fs::write(Path::new(d).join(format!("{id}.true.txt")), truth)?;
        }
        let m = shingle_matching(truth, &pred);
        let (p, r, f) = metrics(&[m]);
        per_page.push((f, p, r, id.clone(), url.unwrap_or("").to_string()));
        docs.push(m);
    }
    let (p, r, f1) = metrics(&docs);
    println!(
        "article-extraction benchmark: {} pages ({} missing), extractor {name}",
        docs.len(),
        missing
    );
    println!("{:<12} {:>9} {:>9} {:>9}", "", "precision", "recall", "F1");
    println!("{:<12} {:>9.3} {:>9.3} {:>9.3}", name, p, r, f1);
    per_page.sort_by(|a, b| a.0.total_cmp(&b.0));
    println!("\nworst pages by F1:");
    for (f, p, r, id, url) in per_page.iter().take(10) {
        println!(
            "  F1 {f:.3} P {p:.3} R {r:.3}  {}  {url}",
            id.get(..12).unwrap_or(id)
        );
    }
    let speed = report_speed(bytes, time, predictions.is_none());
    let out = json!({
        "task": "extraction", "dataset": "article-extraction", "extractor": name,
        "f1": round3(f1), "precision": round3(p), "recall": round3(r), "n": docs.len(),
        "mb_per_s": if predictions.is_none() { json!(round3(speed)) } else { Value::Null },
    });
    println!("{out}");
    Ok(())
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Whitespace normalisation as trafilatura's `norm`: runs of whitespace become one space.
fn norm(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[derive(Default, Clone, Copy)]
struct Confusion {
    tp: usize,
    fp: usize,
    fn_: usize,
    tn: usize,
}

impl Confusion {
    fn add(&mut self, o: Confusion) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
        self.tn += o.tn;
    }

    /// precision, recall, accuracy, F1 (each 0 when its denominator is empty).
    fn scores(&self) -> (f64, f64, f64, f64) {
        let ratio = |a: usize, b: usize| if b > 0 { a as f64 / b as f64 } else { 0.0 };
        let precision = ratio(self.tp, self.tp + self.fp);
        let recall = ratio(self.tp, self.tp + self.fn_);
        let accuracy = ratio(self.tp + self.tn, self.tp + self.tn + self.fp + self.fn_);
        let f1 = ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_);
        (precision, recall, accuracy, f1)
    }
}

fn trafilatura_eval(
    dir: &Path,
    predictions: Option<&HashMap<String, String>>,
    name: &str,
) -> Result<()> {
    let text = std::fs::read_to_string(dir.join("evaldata.json"))?;
    let data: HashMap<String, Value> = serde_json::from_str(&text)?;
    let mut urls: Vec<&String> = data.keys().collect();
    urls.sort();
    let only = std::env::var("EVAL_ONLY").ok();
    let mut total = Confusion::default();
    let mut per_page = Vec::new();
    let (mut bytes, mut time) = (0usize, Duration::ZERO);
    let mut missing = 0;
    let strings = |v: Option<&Value>| -> Vec<String> {
        v.and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).map(norm).collect())
            .unwrap_or_default()
    };
    for url in urls {
        let item = &data[url];
        let Some(file) = item.get("file").and_then(Value::as_str) else {
            continue;
        };
        if only.as_deref().is_some_and(|o| !file.starts_with(o)) {
            continue;
        }
        let html_dir = dir.join("html");
        let path = [html_dir.join(format!("{file}.gz")), html_dir.join(file)]
            .into_iter()
            .find(|p| p.is_file());
        let Some(path) = path else {
            missing += 1;
            continue;
        };
        let pred = match predictions {
            Some(p) => p.get(url.as_str()).cloned().unwrap_or_default(),
            None => {
                let page = read_page(&path)?;
                let (text, t, n) = extract_page(&page, Some(url));
                bytes += n;
                time += t;
                text
            }
        };
        if let Ok(d) = std::env::var("EVAL_DUMP") {
            std::fs::create_dir_all(&d)?;
            std::fs::write(Path::new(&d).join(format!("{file}.pred.txt")), &pred)?;
        }
        let pred = norm(&pred);
        let with = strings(item.get("with"));
        let without = strings(item.get("without"));
        let tp = with.iter().filter(|w| pred.contains(w.as_str())).count();
        let fp = without.iter().filter(|w| pred.contains(w.as_str())).count();
        let c = Confusion {
            tp,
            fp,
            fn_: with.len() - tp,
            tn: without.len() - fp,
        };
        total.add(c);
        per_page.push((c.scores().3, c, file.to_string()));
    }
    let (p, r, acc, f1) = total.scores();
    println!(
        "trafilatura-eval: {} pages scored ({} listed pages absent from {}), extractor {name}",
        per_page.len(),
        missing,
        dir.join("html").display()
    );
    println!(
        "{:<12} {:>9} {:>9} {:>9} {:>9}   tp/fp/fn/tn",
        "", "precision", "recall", "accuracy", "F1"
    );
    println!(
        "{:<12} {:>9.3} {:>9.3} {:>9.3} {:>9.3}   {}/{}/{}/{}",
        name, p, r, acc, f1, total.tp, total.fp, total.fn_, total.tn
    );
    per_page.sort_by(|a, b| a.0.total_cmp(&b.0));
    println!("\nworst pages by F1:");
    for (f, c, file) in per_page.iter().take(10) {
        println!("  F1 {f:.3} tp {} fp {} fn {}  {file}", c.tp, c.fp, c.fn_);
    }
    let speed = report_speed(bytes, time, predictions.is_none());
    let out = json!({
        "task": "extraction", "dataset": "trafilatura-eval", "extractor": name,
        "f1": round3(f1), "precision": round3(p), "recall": round3(r), "accuracy": round3(acc),
        "n": per_page.len(),
        "mb_per_s": if predictions.is_none() { json!(round3(speed)) } else { Value::Null },
    });
    println!("{out}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(truth: &str, pred: &str, expected: (f64, f64, f64)) {
        let got = metrics(&[shingle_matching(truth, pred)]);
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        assert!(
            close(got.0, expected.0) && close(got.1, expected.1) && close(got.2, expected.2),
            "{got:?}"
        );
    }

    #[test]
    fn shingle_scores() {
        // Identical texts: perfect.
        check(
            "Port Amsel is calm today.",
            "Port Amsel is calm today.",
            (1.0, 1.0, 1.0),
        );
        // Short texts become one shingle of all tokens.
        check("Port Amsel", "Port Amsel", (1.0, 1.0, 1.0));
        // Empty prediction: precision undefined (dropped), recall 0.
        check("a b c d e", "", (0.0, 0.0, 0.0));
        // 5 tokens -> 2 shingles; predicting 6 tokens adds one wrong shingle: P 2/3, R 1.
        check("a b c d e", "a b c d e f", (2.0 / 3.0, 1.0, 0.8));
    }
}

/// Prints our extractor's speed (not another extractor's, whose time we did not measure) and
/// returns it in MB/s.
fn report_speed(bytes: usize, time: std::time::Duration, ours: bool) -> f64 {
    let speed = mb_per_s(bytes, time);
    if ours {
        println!("\nhtml::extract: {:.1} MB in {:.2} s = {:.1} MB/s", bytes as f64 / 1e6, time.as_secs_f64(), speed);
    }
    speed
}
