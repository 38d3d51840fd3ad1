//! `cargo xtask eval timex [--data DIR] [--errors [N]]`: the temporal expression tagger on
//! TempEval-3 task A data (TBAQ-cleaned: TimeBank and AQUAINT TimeML files, default
//! `../shared/eval/tempeval3/TBAQ-cleaned`).
//!
//! Each file's `<TEXT>` is stripped of its tags and annotated with the document creation time
//! as anchor; the TempEval-3 measures (strict and relaxed extent P/R/F1, type and value
//! accuracy over relaxed matches, type F1 and value F1 = accuracy x relaxed F1) are printed per
//! sub-corpus and in total, then one JSON line. `--errors` lists the mismatches first (the
//! first N of each cause with `--errors N`), grouped by a rough cause (wrong anchor,
//! granularity, part of day, gold value left underspecified, type, missed, spurious...), with
//! a count per cause.

use std::path::Path;

use anyhow::{Context, Result};

use crate::flag;

const DEFAULT_DATA: &str = "../shared/eval/tempeval3/TBAQ-cleaned";

pub fn eval(args: &[String]) -> Result<()> {
    let dir = flag(args, "--data").unwrap_or(DEFAULT_DATA);
    if !Path::new(dir).is_dir() {
        println!("TempEval-3 data not found at {dir}, skipping");
        return Ok(());
    }
    let docs = timex::eval::load_dir(Path::new(dir)).with_context(|| format!("reading {dir}"))?;
    if docs.is_empty() {
        println!("no .tml files under {dir}, skipping");
        return Ok(());
    }
    let report = timex::eval::evaluate(&docs);
    if let Some(pos) = args.iter().position(|a| a == "--errors") {
        let limit = args.get(pos + 1).and_then(|n| n.parse::<usize>().ok()).unwrap_or(usize::MAX);
        let mut causes: Vec<(&str, usize)> = Vec::new();
        for m in &report.mismatches {
            match causes.iter_mut().find(|(c, _)| *c == m.cause()) {
                Some((_, n)) => *n += 1,
                None => causes.push((m.cause(), 1)),
            }
        }
        causes.sort_by_key(|c| std::cmp::Reverse(c.1));
        let show = |x: &Option<(String, String, String)>| x.as_ref().map(|(t, k, v)| format!("{t:?} {k} {v}")).unwrap_or_default();
        for (cause, n) in &causes {
            println!("== {cause}: {n}");
            for m in report.mismatches.iter().filter(|m| m.cause() == *cause).take(limit) {
                let dct = m.dct.map(|d| d.iso()).unwrap_or_default();
                println!("{:<12} {:<28} dct {dct:<10} gold: {:<44} system: {}", cause, m.doc, show(&m.gold), show(&m.system));
            }
        }
        let summary: Vec<String> = causes.iter().map(|(c, n)| format!("{c} {n}")).collect();
        println!("mismatches by cause: {}", summary.join(", "));
    }
    println!("TempEval-3 task A timex, {} documents, {} gold expressions (DCT not scored)", report.n_docs, report.total.n_gold);
    print!("{}", report.table());
    let mb_per_s = report.bytes as f64 / 1e6 / report.seconds.max(1e-9);
    println!("annotation speed on these texts: {:.1} MB/s ({} bytes in {:.3} s)", mb_per_s, report.bytes, report.seconds);
    let s = report.total.scores();
    let mut per = serde_json::Map::new();
    for (name, c) in &report.per_corpus {
        let x = c.scores();
        per.insert(
            name.clone(),
            serde_json::json!({"strict_f1": r4(x.strict_f1), "relaxed_f1": r4(x.relaxed_f1), "type_f1": r4(x.type_f1), "value_f1": r4(x.value_f1), "n": c.n_gold}),
        );
    }
    let json = serde_json::json!({
        "task": "timex",
        "strict_p": r4(s.strict_p), "strict_r": r4(s.strict_r), "strict_f1": r4(s.strict_f1),
        "relaxed_p": r4(s.relaxed_p), "relaxed_r": r4(s.relaxed_r), "relaxed_f1": r4(s.relaxed_f1),
        "type_accuracy": r4(s.type_accuracy), "value_accuracy": r4(s.value_accuracy),
        "type_f1": r4(s.type_f1), "value_f1": r4(s.value_f1),
        "n": report.total.n_gold, "n_system": report.total.n_system,
        "per_corpus": per,
        "mb_per_s": (mb_per_s * 10.0).round() / 10.0,
    });
    println!("{json}");
    Ok(())
}

fn r4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}
