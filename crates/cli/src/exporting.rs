//! `dossier export`: the JSON contract (engine::export) and the formats other tools read.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::ValueEnum;
use engine::export;
use store::SqliteStore;

use crate::EXIT_OK;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
    format: ExportFormat,
    /// Output file (default: standard output).
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// Include each document's tokens with part of speech, lemma and dependency (json, jsonl).
    #[arg(long)]
    tokens: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    /// One JSON object: documents, entities, events, quotes, quantities, contradictions, diagnostics.
    Json,
    /// One document per line.
    Jsonl,
    /// Documents as a spreadsheet table.
    Csv,
}

pub fn run(store: &SqliteStore, args: &Args, quiet: bool) -> Result<u8> {
    let options = export::Options { tokens: args.tokens };
    let format = match args.format {
        ExportFormat::Json => export::Format::Json,
        ExportFormat::Jsonl => export::Format::Jsonl,
        ExportFormat::Csv => export::Format::Csv,
    };
    let n = match &args.out {
        Some(path) => {
            let file = std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
            let mut w = std::io::BufWriter::new(file);
            let n = export::export(store, format, options, &mut w)?;
            w.flush()?;
            n
        }
        None => {
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::new(stdout.lock());
            let n = export::export(store, format, options, &mut w)?;
            w.flush()?;
            n
        }
    };
    if !quiet && args.out.is_some() {
        eprintln!("exported {n} documents");
    }
    Ok(EXIT_OK)
}
