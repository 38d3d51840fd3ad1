//! `dossier export`: the JSON contract (engine::export) and the formats other tools read
//! (the `formats` crate: CSV and Parquet tables, GraphML and GEXF networks, TimelineJS,
//! GDELT-style events; docs/exports.md).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::ValueEnum;
use engine::export;
use formats::{Format, Table};
use store::Store;

use crate::EXIT_OK;

/// Exit code of a usage error (as clap's own).
const EXIT_USAGE: u8 = 2;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
    format: ExportFormat,
    /// One table of csv or parquet: documents, entities, mentions, events, event_reports,
    /// quotes, quantities, times, contradictions, links (default: documents; with --out DIR
    /// and no --table, every table into DIR).
    #[arg(long, value_name = "TABLE", value_parser = parse_table)]
    table: Option<Table>,
    /// Output file (default: standard output); for csv and parquet without --table, a
    /// directory (an existing one, or a path without extension) receives every table.
    #[arg(long, short, value_name = "PATH")]
    out: Option<PathBuf>,
    /// Include each document's tokens with part of speech, lemma and dependency (json, jsonl).
    #[arg(long)]
    tokens: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ExportFormat {
    /// One JSON object: documents, entities, events, quotes, quantities, contradictions, diagnostics.
    Json,
    /// One document per line.
    Jsonl,
    /// CSV tables (spreadsheets): one table, or every table into a directory.
    Csv,
    /// Parquet tables (pandas, Polars, DuckDB, Spark): one table, or every table into a directory.
    Parquet,
    /// The actor network as GraphML.
    Graphml,
    /// The actor network as GEXF 1.3 (Gephi).
    Gexf,
    /// The dated events as TimelineJS JSON.
    Timelinejs,
    /// The events as a GDELT-2.0-style table (tab-separated, 61 columns, no header).
    Gdelt,
    /// The event reports with a resolved place as GeoJSON points (QGIS).
    Geojson,
}

impl ExportFormat {
    fn name(self) -> &'static str {
        match self {
            ExportFormat::Json => "json",
            ExportFormat::Jsonl => "jsonl",
            other => other.other().map_or("", Format::name),
        }
    }

    /// The `formats` crate's format, for all but the JSON contract.
    fn other(self) -> Option<Format> {
        match self {
            ExportFormat::Json | ExportFormat::Jsonl => None,
            ExportFormat::Csv => Some(Format::Csv),
            ExportFormat::Parquet => Some(Format::Parquet),
            ExportFormat::Graphml => Some(Format::Graphml),
            ExportFormat::Gexf => Some(Format::Gexf),
            ExportFormat::Timelinejs => Some(Format::Timelinejs),
            ExportFormat::Gdelt => Some(Format::Gdelt),
            ExportFormat::Geojson => Some(Format::Geojson),
        }
    }
}

fn parse_table(s: &str) -> Result<Table, String> {
    s.parse::<Table>().map_err(|e| e.to_string())
}

/// Prints a usage error and returns its exit code.
fn usage(message: &str) -> Result<u8> {
    eprintln!("error: {message}");
    Ok(EXIT_USAGE)
}

/// Does `--out` name a directory to receive every table?
fn is_directory_target(path: &Path) -> bool {
    path.is_dir() || (!path.exists() && (path.extension().is_none() || path.as_os_str().to_string_lossy().ends_with('/')))
}

pub fn run(store: &dyn Store, args: &Args, quiet: bool) -> Result<u8> {
    if args.tokens && args.format.other().is_some() {
        return usage(&format!("--tokens applies to json and jsonl, not to {}", args.format.name()));
    }
    let Some(format) = args.format.other() else {
        if args.table.is_some() {
            return usage(&format!("--table applies to csv and parquet, not to {}", args.format.name()));
        }
        return run_contract(store, args, quiet);
    };
    if args.table.is_some() && !format.is_tabular() {
        return usage(&format!("--table applies to csv and parquet, not to {format}"));
    }
    if format.is_tabular() && args.table.is_none() {
        if let Some(dir) = args.out.as_deref().filter(|p| is_directory_target(p)) {
            let written = formats::write_dir(store, format, dir)?;
            if !quiet {
                for (table, path, n) in &written {
                    eprintln!("{:<16} {:>9} rows  {}", table.name(), n, path.display());
                }
            }
            return Ok(EXIT_OK);
        }
    }
    let n = match &args.out {
        Some(path) => {
            let file = std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
            let mut w = std::io::BufWriter::new(file);
            let n = formats::write(store, format, args.table, &mut w)?;
            w.flush().with_context(|| format!("cannot write {}", path.display()))?;
            n
        }
        None => {
            let stdout = std::io::stdout();
            if format.is_binary() && stdout.is_terminal() {
                return usage(&format!(
                    "{format} is binary and standard output is a terminal: give --out FILE (or --out DIR for every table), or redirect the output"
                ));
            }
            let mut w = std::io::BufWriter::new(stdout);
            let n = formats::write(store, format, args.table, &mut w)?;
            w.flush()?;
            n
        }
    };
    if !quiet {
        if let Some(path) = &args.out {
            let what = match format {
                Format::Csv | Format::Parquet => format!("{n} rows of {}", args.table.unwrap_or(Table::Documents)),
                Format::Graphml | Format::Gexf => format!("{n} nodes and edges"),
                Format::Timelinejs => format!("{n} dated events"),
                Format::Gdelt => format!("{n} events"),
                Format::Geojson => format!("{n} events with a place"),
            };
            eprintln!("exported {what} to {}", path.display());
        }
    }
    Ok(EXIT_OK)
}

/// The JSON contract, as before the other formats existed.
fn run_contract(store: &dyn Store, args: &Args, quiet: bool) -> Result<u8> {
    let options = export::Options { tokens: args.tokens };
    let format = if args.format == ExportFormat::Json { export::Format::Json } else { export::Format::Jsonl };
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
