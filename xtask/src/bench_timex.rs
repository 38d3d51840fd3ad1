//! `cargo xtask bench timex [--data DIR] [--mb N] [--passes P]`: speed of temporal expression
//! tagging and normalisation (`timex::annotate`) on one core.
//!
//! The text is the TempEval-3 news (`../shared/eval/tempeval3/TBAQ-cleaned`, tags stripped)
//! repeated until it reaches `--mb` megabytes (default 50), annotated document by document with
//! each document's creation time; without the data, generated news-like text is used. One
//! warm-up pass, then `--passes` timed passes (default 3); the median is reported.

use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};

use crate::flag;

const DEFAULT_DATA: &str = "../shared/eval/tempeval3/TBAQ-cleaned";

/// Generated text for machines without the evaluation data: a fictional wire story.
fn generated() -> Vec<(String, Option<timex::Date>)> {
    let mut docs = Vec::new();
    for k in 0..200u32 {
        let day = k % 28 + 1;
        let text = format!(
            "VELORIA CITY, Jan {day} (Reuters) - The Velorian parliament voted on Tuesday to extend \
             the state of emergency for another three months, two years after the uprising began \
             in March 2029. Opposition leaders, who had called for elections by mid-February, said \
             the following day that talks would resume next week. The central bank cut its main \
             rate by 50 basis points in the fourth quarter, the third cut this year, and expects \
             inflation to ease in early 2032. Fighting near the border killed 14 people overnight, \
             officials said, and aid convoys have been blocked since Dec. 28. A ceasefire agreed \
             on 05.01.2031 collapsed within 48 hours. Residents said the shelling, which lasted \
             about six hours, was the worst in decades.\n\n"
        );
        docs.push((text.repeat(4), timex::Date::new(2031, 1, day as u8)));
    }
    docs
}

pub fn run(args: &[String]) -> Result<()> {
    let dir = flag(args, "--data").unwrap_or(DEFAULT_DATA);
    let target_mb: f64 = flag(args, "--mb").map(str::parse).transpose().context("--mb")?.unwrap_or(50.0);
    let passes: usize = flag(args, "--passes").map(str::parse).transpose().context("--passes")?.unwrap_or(3).max(1);
    let (source, base): (String, Vec<(String, Option<timex::Date>)>) = match timex::eval::load_dir(Path::new(dir)) {
        Ok(docs) if !docs.is_empty() => (format!("TBAQ-cleaned texts from {dir}"), docs.into_iter().map(|d| (d.text, d.dct)).collect()),
        _ => {
            println!("TempEval-3 data not found at {dir}; using generated text");
            ("generated news-like text".to_string(), generated())
        }
    };
    let base_bytes: usize = base.iter().map(|(t, _)| t.len()).sum();
    let reps = ((target_mb * 1e6) / base_bytes.max(1) as f64).ceil().max(1.0) as usize;
    let total_bytes = base_bytes * reps;
    println!("{source}: {} documents, {:.2} MB, repeated {reps}x = {:.1} MB", base.len(), base_bytes as f64 / 1e6, total_bytes as f64 / 1e6);
    let run_once = || -> (f64, usize) {
        let t0 = Instant::now();
        let mut n = 0;
        for _ in 0..reps {
            for (text, dct) in &base {
                let (found, _) = timex::annotate(text, *dct);
                n += found.len();
            }
        }
        (t0.elapsed().as_secs_f64(), n)
    };
    let (_, n_found) = run_once();
    let mut times: Vec<f64> = (0..passes).map(|_| run_once().0).collect();
    times.sort_by(|a, b| a.total_cmp(b));
    let median = times[times.len() / 2];
    let mb_per_s = total_bytes as f64 / 1e6 / median;
    println!("passes: {}", times.iter().map(|t| format!("{t:.3} s")).collect::<Vec<_>>().join(", "));
    println!("median {median:.3} s: {mb_per_s:.1} MB/s on one core, {n_found} expressions per pass");
    println!(
        "{}",
        serde_json::json!({"task": "bench_timex", "mb": (total_bytes as f64 / 1e6 * 10.0).round() / 10.0, "passes": passes, "median_s": (median * 1000.0).round() / 1000.0, "mb_per_s": (mb_per_s * 10.0).round() / 10.0, "expressions": n_found})
    );
    Ok(())
}
