//! `cargo xtask eval claims` and `cargo xtask bench claims`.
//!
//! The evaluation analyses the example corpus (and, with `--data`, the three real articles of
//! ../shared/corpus/kazakhstan-2022) with the standard pipeline into a temporary store, then
//! scores the `claims` layer against our gold (`crates/claims/gold/`): claim extraction
//! (precision, recall: a gold claim is found when a system claim's sentence holds its start),
//! stance and kind accuracy on found claims, hypotheses named (frames with a column), each
//! source's position, and the consistency cells of the ACH matrix. The last line printed is one
//! JSON object. The benchmark builds a corpus of N documents from parsed sentences of the
//! example corpus (content words varied so claims do not all coincide) and times claim
//! extraction, grouping and hypotheses.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use model::Doc;
use store::Store;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

fn gold_dir() -> PathBuf {
    repo_root().join("crates/claims/gold")
}

fn data_lines(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).map(|l| l.split('\t').collect())
}

/// Analyses `paths` into a store in `dir`.
fn analyse(dir: &Path, paths: Vec<PathBuf>) -> Result<store::SqliteStore> {
    let mut store = store::SqliteStore::open(&dir.join("claims-eval.db"))?;
    let options = engine::Options { command: "xtask eval claims".into(), ..engine::Options::default() };
    engine::analyze(&mut store, paths, &options, &engine::NoProgress, &AtomicBool::new(false))?;
    Ok(store)
}

/// Every stored document.
fn documents(store: &dyn Store) -> Result<Vec<Doc>> {
    let mut docs = Vec::new();
    store.for_each_document(&mut |d| {
        docs.push(d);
        Ok(())
    })?;
    Ok(docs)
}

fn file_name(doc: &Doc) -> String {
    Path::new(&doc.origin.path).file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default()
}

fn fold(c: char) -> char {
    match c {
        '\u{201c}' | '\u{201d}' | '\u{201e}' => '"',
        '\u{2018}' | '\u{2019}' => '\'',
        c => c,
    }
}

/// Byte offsets in `text` where `anchor` occurs, quotes folded (curly and straight alike).
fn find_all(text: &str, anchor: &str) -> Vec<usize> {
    let a: Vec<char> = anchor.chars().map(fold).collect();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    if a.is_empty() {
        return out;
    }
    for k in 0..chars.len() {
        if chars.len() - k < a.len() {
            break;
        }
        if a.iter().enumerate().all(|(j, &c)| chars.get(k + j).is_some_and(|&(_, t)| fold(t) == c)) {
            if let Some(&(b, _)) = chars.get(k) {
                out.push(b);
            }
        }
    }
    out
}

/// One gold claim located in its document.
struct GoldClaim {
    at: usize,
    kind: String,
    stance: String,
    label: String,
}

#[derive(Default, Debug, Clone, Copy)]
struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
    stance_ok: usize,
    kind_ok: usize,
    cells: usize,
    cells_ok: usize,
    positions: usize,
    positions_ok: usize,
    frames: usize,
    frames_found: usize,
}

impl Score {
    fn add(&mut self, o: Score) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
        self.stance_ok += o.stance_ok;
        self.kind_ok += o.kind_ok;
        self.cells += o.cells;
        self.cells_ok += o.cells_ok;
        self.positions += o.positions;
        self.positions_ok += o.positions_ok;
        self.frames += o.frames;
        self.frames_found += o.frames_found;
    }
    fn ratio(a: usize, b: usize) -> f64 {
        if b == 0 { 0.0 } else { a as f64 / b as f64 }
    }
    fn precision(&self) -> f64 {
        Self::ratio(self.tp, self.tp + self.fp)
    }
    fn recall(&self) -> f64 {
        Self::ratio(self.tp, self.tp + self.fn_)
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
    fn row(&self, name: &str) {
        println!(
            "{name:<34} {:>4} {:>4} {:>4}  P {:.3}  R {:.3}  F1 {:.3}  stance {:.3}  kind {:.3}  frames {}/{}  positions {}/{}  cells {}/{}",
            self.tp, self.fp, self.fn_, self.precision(), self.recall(), self.f1(), Self::ratio(self.stance_ok, self.tp), Self::ratio(self.kind_ok, self.tp),
            self.frames_found, self.frames, self.positions_ok, self.positions, self.cells_ok, self.cells
        );
    }
}

/// Scores the claims of one document against its gold claims.
fn score_claims(doc: &Doc, gold: &[GoldClaim], verbose: bool) -> Score {
    let system = annotate::claims::stored(doc);
    let mut s = Score::default();
    let mut used = vec![false; system.len()];
    for g in gold {
        let hit = system.iter().position(|c| c.start <= g.at && g.at < c.end);
        match hit {
            Some(k) => {
                s.tp += 1;
                if let Some(u) = used.get_mut(k) {
                    *u = true;
                }
                let Some(c) = system.get(k) else { continue };
                if c.stance.as_str() == g.stance {
                    s.stance_ok += 1;
                } else if verbose {
                    println!("    stance {} (gold {}): {}", c.stance.as_str(), g.stance, g.label);
                }
                if c.kind.as_str() == g.kind {
                    s.kind_ok += 1;
                } else if verbose {
                    println!("    kind {} (gold {}): {}", c.kind.as_str(), g.kind, g.label);
                }
            }
            None => {
                s.fn_ += 1;
                if verbose {
                    println!("    missed: {}", g.label);
                }
            }
        }
    }
    for (c, u) in system.iter().zip(&used) {
        if !u {
            s.fp += 1;
            if verbose {
                let t: String = doc.text.get(c.start..c.end).unwrap_or("").chars().take(70).collect();
                println!("    extra {}: {}", c.kind.as_str(), t.replace('\n', " "));
            }
        }
    }
    s
}

/// Positions of `matrix` against gold `(frame, doc, holder, position)` rows; counts frames found.
fn score_positions(matrix: &claims::hypotheses::Matrix, gold: &[(String, String, String, String)], verbose: bool) -> Score {
    let mut s = Score::default();
    let mut frames: Vec<&str> = gold.iter().map(|g| g.0.as_str()).collect();
    frames.sort_unstable();
    frames.dedup();
    s.frames = frames.len();
    s.frames_found = frames.iter().filter(|f| matrix.hypotheses.iter().any(|h| h.frame.as_deref() == Some(**f))).count();
    for (frame, doc, holder, position) in gold {
        s.positions += 1;
        let h = matrix.hypotheses.iter().find(|h| h.frame.as_deref() == Some(frame.as_str()));
        let found = h.and_then(|h| {
            h.positions.iter().find(|p| {
                p.doc == *doc
                    && if holder == "author" {
                        p.holder_kind == "author"
                    } else {
                        p.holder.contains(holder.as_str()) || holder.contains(p.holder.as_str())
                    }
            })
        });
        let got = found.map_or("absent", |p| p.position.as_str());
        if got == position {
            s.positions_ok += 1;
        } else if verbose {
            println!("    position {frame} / {holder} in {}: {got} (gold {position})", doc.get(..8).unwrap_or(doc));
        }
    }
    s
}

pub fn eval(args: &[String]) -> Result<()> {
    let mut data: Option<PathBuf> = None;
    let mut verbose = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--data" => data = Some(PathBuf::from(it.next().context("--data needs a directory")?)),
            "--verbose" | "-v" => verbose = true,
            other => bail!("unknown argument {other}; usage: cargo xtask eval claims [--data DIR] [--verbose]"),
        }
    }
    let gold = gold_dir();
    let tmp = tempfile::tempdir()?;
    let mut total = Score::default();
    println!("eval claims: gold in {}", gold.display());
    println!("{:<34} {:>4} {:>4} {:>4}", "part", "tp", "fp", "fn");

    // The example corpus.
    let ex_dir = tmp.path().join("examples");
    std::fs::create_dir_all(&ex_dir)?;
    let store = analyse(&ex_dir, vec![repo_root().join("examples/corpus")])?;
    let docs = documents(&store)?;
    let by_file: HashMap<String, &Doc> = docs.iter().filter(|d| d.duplicate.is_none()).map(|d| (file_name(d), d)).collect();
    let gold_text = std::fs::read_to_string(gold.join("examples.tsv"))?;
    let mut per_file: HashMap<String, Vec<GoldClaim>> = HashMap::new();
    for cols in data_lines(&gold_text) {
        let [file, anchor, kind, stance] = cols[..] else { bail!("bad gold line {cols:?}") };
        let doc = by_file.get(file).with_context(|| format!("{file} not in the example corpus"))?;
        let at = find_all(&doc.text, anchor);
        if at.len() != 1 {
            println!("  warning: gold anchor {anchor:?} found {} times in the clean text of {file}; skipped", at.len());
            continue;
        }
        per_file.entry(file.to_string()).or_default().push(GoldClaim { at: at[0], kind: kind.into(), stance: stance.into(), label: anchor.into() });
    }
    let mut examples = Score::default();
    let mut files: Vec<&String> = per_file.keys().collect();
    files.sort();
    for f in files {
        let Some(doc) = by_file.get(f.as_str()) else { continue };
        if verbose {
            println!("  {f}");
        }
        let s = score_claims(doc, per_file.get(f).map(Vec::as_slice).unwrap_or(&[]), verbose);
        examples.add(s);
    }
    let matrix = engine::claims::hypotheses(&store)?;
    let hyp_text = std::fs::read_to_string(gold.join("hypotheses.tsv"))?;
    let mut hyp_gold = Vec::new();
    for cols in data_lines(&hyp_text) {
        let [frame, file, holder, position] = cols[..] else { bail!("bad gold line {cols:?}") };
        let doc = by_file.get(file).with_context(|| format!("{file} not in the example corpus"))?;
        hyp_gold.push((frame.to_string(), doc.id.clone(), holder.to_string(), position.to_string()));
    }
    examples.add(score_positions(&matrix, &hyp_gold, verbose));
    // Cells.
    let cell_text = std::fs::read_to_string(gold.join("cells.tsv"))?;
    for cols in data_lines(&cell_text) {
        let [file, anchor, frame, value] = cols[..] else { bail!("bad gold line {cols:?}") };
        let doc = by_file.get(file).with_context(|| format!("{file} not in the example corpus"))?;
        let at = find_all(&doc.text, anchor).first().copied().with_context(|| format!("anchor {anchor:?} not in {file}"))?;
        let sentence = doc.sentences.iter().position(|s| (s.span.start as usize) <= at && at < s.span.end as usize);
        let h = matrix.hypotheses.iter().find(|h| h.frame.as_deref() == Some(frame));
        let got = match (sentence, h) {
            (Some(si), Some(h)) => matrix
                .evidence
                .iter()
                .filter(|e| e.doc == doc.id && e.sentence == si)
                .map(|e| matrix.cell(&e.id, &h.id))
                .find(|v| *v != "neutral")
                .unwrap_or("neutral"),
            _ => "neutral",
        };
        examples.cells += 1;
        if got == value {
            examples.cells_ok += 1;
        } else if verbose {
            println!("    cell {anchor:?} x {frame}: {got} (gold {value})");
        }
    }
    examples.row("example corpus (5 annotated docs)");
    total.add(examples);
    drop(store);

    // The real articles.
    let mut clarke_json = serde_json::Value::Null;
    match data.as_deref() {
        None => println!("real articles: skipped (no --data; give ../shared/corpus/kazakhstan-2022)"),
        Some(dir) if !dir.is_dir() => println!("real articles: skipped ({} is absent)", dir.display()),
        Some(dir) => {
            let real_dir = tmp.path().join("real");
            std::fs::create_dir_all(&real_dir)?;
            let store = analyse(&real_dir, vec![dir.to_path_buf()])?;
            let docs = documents(&store)?;
            let clarke = docs.iter().find(|d| file_name(d).starts_with("clarke"));
            match clarke {
                None => println!("real articles: the Clarke article is not in {}; skipped", dir.display()),
                Some(doc) => {
                    let raw = std::fs::read_to_string(dir.join(file_name(doc))).unwrap_or_default();
                    let gold_text = std::fs::read_to_string(gold.join("clarke.tsv"))?;
                    let mut g = Vec::new();
                    for cols in data_lines(&gold_text) {
                        let [offset, kind, stance, anchor] = cols[..] else { bail!("bad gold line {cols:?}") };
                        let offset: usize = offset.parse()?;
                        // The offset is in the file's characters; the clean text may differ a
                        // little, so the anchor occurrence nearest to it is taken.
                        let expected = raw.char_indices().nth(offset).map_or(0, |(b, _)| b);
                        let at = find_all(&doc.text, anchor).into_iter().min_by_key(|&b| b.abs_diff(expected));
                        let Some(at) = at else { bail!("anchor {anchor:?} not in the Clarke article") };
                        g.push(GoldClaim { at, kind: kind.into(), stance: stance.into(), label: anchor.into() });
                    }
                    if verbose {
                        println!("  clarke");
                    }
                    let mut s = score_claims(doc, &g, verbose);
                    let matrix = engine::claims::hypotheses(&store)?;
                    let hyp_text = std::fs::read_to_string(gold.join("clarke-hypotheses.tsv"))?;
                    let hyp_gold: Vec<(String, String, String, String)> = data_lines(&hyp_text)
                        .filter_map(|c| match c[..] {
                            [frame, holder, position] => Some((frame.to_string(), doc.id.clone(), holder.to_string(), position.to_string())),
                            _ => None,
                        })
                        .collect();
                    s.add(score_positions(&matrix, &hyp_gold, verbose));
                    s.row("clarke (real article)");
                    clarke_json = serde_json::json!({"precision": round(s.precision()), "recall": round(s.recall()), "stance_acc": round(Score::ratio(s.stance_ok, s.tp)), "positions": format!("{}/{}", s.positions_ok, s.positions)});
                    total.add(s);
                    println!();
                    println!("What dossier finds in the three real articles:");
                    for d in &docs {
                        let c = annotate::claims::stored(d);
                        let n = |k: claims::Kind| c.iter().filter(|x| x.kind == k).count();
                        println!(
                            "  {}: {} claims ({} explanations, {} predictions), {} doubted, {} rejected, {} hedged",
                            file_name(d),
                            c.len(),
                            n(claims::Kind::Explanation),
                            n(claims::Kind::Prediction),
                            c.iter().filter(|x| x.stance == claims::Stance::Doubted).count(),
                            c.iter().filter(|x| x.stance == claims::Stance::Rejected).count(),
                            c.iter().filter(|x| x.hedged).count()
                        );
                    }
                    let names: HashMap<&str, String> = docs.iter().map(|d| (d.id.as_str(), file_name(d))).collect();
                    let cite = |doc: &str| format!("[{}]", names.get(doc).map_or(doc, |s| s.as_str()));
                    println!("{}", engine::claims::render(&matrix, &cite, 12));
                }
            }
        }
    }
    total.row("all gold");
    let out = serde_json::json!({
        "task": "claims",
        "precision": round(total.precision()),
        "recall": round(total.recall()),
        "f1": round(total.f1()),
        "stance_acc": round(Score::ratio(total.stance_ok, total.tp)),
        "kind_acc": round(Score::ratio(total.kind_ok, total.tp)),
        "cell_acc": round(Score::ratio(total.cells_ok, total.cells)),
        "hypotheses_found": format!("{}/{}", total.frames_found, total.frames),
        "position_acc": round(Score::ratio(total.positions_ok, total.positions)),
        "n": total.tp + total.fn_,
        "n_cells": total.cells,
        "examples": {"precision": round(examples.precision()), "recall": round(examples.recall()), "stance_acc": round(Score::ratio(examples.stance_ok, examples.tp))},
        "clarke": clarke_json,
    });
    println!("{out}");
    Ok(())
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// A small deterministic generator (splitmix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
}

/// A parsed sentence to copy into generated documents.
struct PoolSentence<'a> {
    doc: &'a Doc,
    index: usize,
}

/// A document made of `n` sentences from the pool, content lemmas varied.
fn compose(pool: &[PoolSentence<'_>], n: usize, rng: &mut Rng, k: usize) -> Doc {
    let mut text = String::new();
    let mut doc = Doc::new(format!("gen{k}"), model::Origin::file(format!("gen{k}")), model::Format::Text, model::Metadata { authors: vec![format!("Author {}", k % 500)], ..Default::default() }, String::new(), model::OffsetMap::identity(0));
    for _ in 0..n {
        let Some(p) = pool.get(rng.below(pool.len())) else { break };
        let Some(s) = p.doc.sentences.get(p.index) else { continue };
        let shift = text.len() as i64 - s.span.start as i64;
        let tok_shift = doc.tokens.len() as i64 - s.tokens.0 as i64;
        text.push_str(s.span.text(&p.doc.text));
        text.push(' ');
        let t0 = doc.tokens.len();
        for i in s.tokens.0 as usize..s.tokens.1 as usize {
            let (Some(t), Some(a)) = (p.doc.tokens.get(i), p.doc.analyses.get(i)) else { continue };
            let mut t = *t;
            t.span = model::Span::new((t.span.start as i64 + shift) as usize, (t.span.end as i64 + shift) as usize);
            let mut a = a.clone();
            a.head = a.head.map(|h| (h as i64 + tok_shift) as u32);
            if matches!(a.upos.as_str(), "NOUN" | "PROPN") && rng.below(2) == 0 {
                a.lemma = format!("{}{}", a.lemma, rng.below(40));
            }
            doc.tokens.push(t);
            doc.analyses.push(a);
        }
        let span = model::Span::new((s.span.start as i64 + shift) as usize, (s.span.end as i64 + shift) as usize);
        doc.sentences.push(model::Sentence { span, tokens: (t0 as u32, doc.tokens.len() as u32), paragraph: 0 });
    }
    doc.offsets = model::OffsetMap::identity(text.len());
    doc.text = text;
    doc
}

pub fn bench(args: &[String]) -> Result<()> {
    let mut n_docs = 10_000usize;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--docs" => n_docs = it.next().context("--docs needs a number")?.parse()?,
            other => bail!("unknown argument {other}; usage: cargo xtask bench claims [--docs N]"),
        }
    }
    let tmp = tempfile::tempdir()?;
    let store = analyse(tmp.path(), vec![repo_root().join("examples/corpus")])?;
    let docs = documents(&store)?;
    let pool: Vec<PoolSentence<'_>> =
        docs.iter().flat_map(|d| (0..d.sentences.len()).map(move |index| PoolSentence { doc: d, index })).filter(|p| p.doc.analyses.len() >= p.doc.tokens.len()).collect();
    anyhow::ensure!(!pool.is_empty(), "no parsed sentences in the example corpus");
    let mut rng = Rng(7);
    let started = Instant::now();
    let generated: Vec<Doc> = (0..n_docs).map(|k| compose(&pool, 30, &mut rng, k)).collect();
    let gen_secs = started.elapsed().as_secs_f64();
    let n_sentences: usize = generated.iter().map(|d| d.sentences.len()).sum();

    let started = Instant::now();
    let mut all: Vec<claims::hypotheses::Sourced> = Vec::new();
    for d in &generated {
        for claim in claims::extract(d) {
            let text = d.text.get(claim.start..claim.end).unwrap_or("").to_string();
            all.push(claims::hypotheses::Sourced { doc: d.id.clone(), source: d.id.clone(), claim, text });
        }
    }
    let extract_secs = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let (group_of, contested) = engine::claims::groups(&all);
    let group_secs = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let matrix = claims::hypotheses::build(&all, &[]);
    let hyp_secs = started.elapsed().as_secs_f64();
    let total = extract_secs + group_secs + hyp_secs;
    println!("bench claims: {n_docs} generated documents ({n_sentences} parsed sentences from the example corpus, content lemmas varied), one core, no embedding model");
    println!("  generation {gen_secs:.2} s (not counted)");
    println!("  extraction {extract_secs:.2} s: {} claims", all.len());
    println!("  grouping   {group_secs:.2} s: {} groups, {} contested, {} claims grouped", contested.len(), contested.iter().filter(|c| **c).count(), group_of.len());
    println!("  hypotheses {hyp_secs:.2} s: {} hypotheses", matrix.hypotheses.len());
    println!("  total      {total:.2} s ({:.0} docs/s)", n_docs as f64 / total.max(1e-9));
    println!(
        "{}",
        serde_json::json!({"task": "bench-claims", "docs": n_docs, "claims": all.len(), "groups": contested.len(), "extract_s": round(extract_secs), "group_s": round(group_secs), "hypotheses_s": round(hyp_secs), "total_s": round(total), "docs_per_s": round(n_docs as f64 / total.max(1e-9))})
    );
    Ok(())
}
