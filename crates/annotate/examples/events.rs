//! Prints the events the standard pipeline finds in a text file (or stdin), one per line:
//! `cargo run --release -p annotate --example events -- FILE`. A development aid for the
//! event lexicon (data/events.tsv in the events crate); `--tokens` also prints the parse.

use std::io::Read;

use model::{Doc, Format, Layer, Metadata, OffsetMap, Origin};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let show_tokens = args.iter().any(|a| a == "--tokens");
    let mut text = String::new();
    match args.iter().find(|a| !a.starts_with("--")) {
        Some(path) => match std::fs::read_to_string(path) {
            Ok(t) => text = t,
            Err(e) => {
                eprintln!("events: cannot read {path}: {e}");
                std::process::exit(2);
            }
        },
        None => {
            if let Err(e) = std::io::stdin().read_to_string(&mut text) {
                eprintln!("events: cannot read stdin: {e}");
                std::process::exit(2);
            }
        }
    }
    let mut doc = Doc::new("x".into(), Origin::file("x"), Format::Text, Metadata::default(), text.clone(), OffsetMap::identity(text.len()));
    annotate::Pipeline::standard().run(&mut doc);
    if show_tokens {
        for (i, (t, a)) in doc.tokens.iter().zip(&doc.analyses).enumerate() {
            println!("{i}\t{}\t{}\t{}\t{:?}\t{}", t.span.text(&doc.text), a.lemma, a.upos, a.head, a.deprel);
        }
    }
    for a in doc.annotations.iter().filter(|a| a.layer == Layer::Events) {
        let at = &a.attrs;
        let s = |k: &str| at[k]["text"].as_str().unwrap_or("-").to_string();
        println!(
            "{:<9} {:<5} {:<12} [{}] src={:?} tgt={:?} loc={:?} time={} {}{}\n          {}",
            a.label,
            at["cameo"].as_str().unwrap_or(""),
            at["modality"].as_str().unwrap_or(""),
            a.span.text(&doc.text),
            s("source"),
            s("target"),
            s("location"),
            at["time"].as_str().unwrap_or("-"),
            at["intent"].as_str().map(|i| format!("intent={i} ")).unwrap_or_default(),
            at["reported"]["speaker"].as_str().map(|r| format!("reported by {r}")).unwrap_or_default(),
            at["summary"].as_str().unwrap_or(""),
        );
    }
}
