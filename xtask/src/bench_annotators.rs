//! `cargo xtask bench annotators [--data DIR] [--repeat R]`: the time each annotator of the
//! standard pipeline takes on real news text, one core, as a share of the whole. Reads the
//! `.txt` files of DIR (default: PolNeAR dev texts, 84 US news articles) as plain text; skips with a
//! message when DIR is absent.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Result;
use model::{Doc, Format, Metadata, OffsetMap, Origin};

pub fn run(args: &[String]) -> Result<()> {
    let mut data = PathBuf::from("../shared/eval/polnear/dev/text");
    let mut repeat = 3usize;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--data" => data = it.next().map(PathBuf::from).unwrap_or(data),
            "--repeat" => repeat = it.next().and_then(|r| r.parse().ok()).unwrap_or(repeat).max(1),
            other => anyhow::bail!("unknown argument {other}"),
        }
    }
    let Ok(entries) = std::fs::read_dir(&data) else {
        println!("bench annotators: {} not found; skipped", data.display());
        return Ok(());
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "txt")).collect();
    paths.sort();
    let texts: Vec<String> = paths.iter().filter_map(|p| std::fs::read_to_string(p).ok()).collect();
    if texts.is_empty() {
        println!("bench annotators: no .txt files in {}; skipped", data.display());
        return Ok(());
    }
    let pipeline = annotate::Pipeline::standard();
    let names: Vec<&str> = pipeline.describe().iter().map(|d| d.0).collect();
    // One warm-up pass loads the models, so loading is not counted.
    let mut spent = vec![Duration::ZERO; names.len()];
    let (mut n_tokens, mut n_events) = (0usize, 0usize);
    for round in 0..=repeat {
        for text in &texts {
            let mut doc = Doc::new("b".into(), Origin::file("b"), Format::Text, Metadata::default(), text.clone(), OffsetMap::identity(text.len()));
            if round == 0 {
                pipeline.run(&mut doc);
                continue;
            }
            pipeline.run_timed(&mut doc, &mut spent);
            n_tokens += doc.tokens.len();
            n_events += doc.annotations.iter().filter(|a| a.layer == model::Layer::Events).count();
        }
    }
    let total: f64 = spent.iter().map(Duration::as_secs_f64).sum();
    println!("{} documents x {repeat}, {} tokens, {} events, one core", texts.len(), n_tokens / repeat, n_events / repeat);
    println!("{:<12} {:>10} {:>8} {:>14}", "annotator", "seconds", "share", "tokens/s");
    for (name, d) in names.iter().zip(&spent) {
        let s = d.as_secs_f64();
        println!("{:<12} {:>10.3} {:>7.1}% {:>14.0}", name, s, 100.0 * s / total.max(1e-9), n_tokens as f64 / s.max(1e-9));
    }
    let share = |n: &str| names.iter().position(|x| *x == n).map_or(0.0, |k| spent[k].as_secs_f64());
    let (events, syntax) = (share("events"), share("syntax"));
    println!("{:<12} {:>10.3} {:>8} {:>14.0}", "all", total, "", n_tokens as f64 / total.max(1e-9));
    println!(
        "{{\"task\":\"bench-annotators\",\"documents\":{},\"tokens\":{},\"events\":{},\"tokens_per_s\":{:.0},\"events_share\":{:.4},\"syntax_share\":{:.4},\"events_over_syntax\":{:.4}}}",
        texts.len(),
        n_tokens / repeat,
        n_events / repeat,
        n_tokens as f64 / total.max(1e-9),
        events / total.max(1e-9),
        syntax / total.max(1e-9),
        events / syntax.max(1e-9)
    );
    Ok(())
}
