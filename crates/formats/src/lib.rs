//! Exports other tools read: CSV and Parquet tables (spreadsheets, pandas, Polars, DuckDB,
//! Spark), GraphML and GEXF actor networks (Gephi), TimelineJS JSON, a GDELT-2.0-style
//! event table and GeoJSON event points (QGIS). `docs/exports.md` documents every column and what is left empty.
//!
//! The JSON contract (`engine::export`, `docs/export.md`) stays the complete record; these
//! formats are views of it that other tools open directly. Everything here reads the store
//! and the stored cross-document picture (`engine::reasoning::load`) and writes a stream:
//! [`write`] writes one format (one table of a tabular format) to any writer, [`write_dir`]
//! writes every table of a tabular format into a directory in one pass over the store. Both
//! are shared by the `dossier export` command and the HTTP server's downloads.
//!
//! - [`table`]: the tables, their typed columns and their rows;
//! - [`csv_out`], [`parquet_out`]: the two tabular encodings of those rows;
//! - [`network`], [`graphml`], [`gexf`]: the actor network and its two XML encodings;
//! - [`timeline`]: TimelineJS; [`gdelt`]: the GDELT-style event table; [`geojson`]: events
//!   as points;
//! - [`text`]: escaping for XML, HTML and tab-separated fields.

pub mod csv_out;
pub mod days;
pub mod gdelt;
pub mod geojson;
pub mod gexf;
pub mod graphml;
pub mod network;
pub mod parquet_out;
pub mod table;
pub mod text;
pub mod timeline;

use std::io::Write;
use std::path::{Path, PathBuf};

pub use table::Table;

/// What can go wrong while exporting. Bad *data* never does: every value is escaped or
/// left empty; these are failures to read the store or to write the output.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The store could not be read.
    #[error(transparent)]
    Store(#[from] store::Error),
    /// Writing the output failed (disk full, closed pipe, ...).
    #[error("writing the export failed: {0}")]
    Io(#[from] std::io::Error),
    #[error("writing CSV failed: {0}")]
    Csv(#[from] csv::Error),
    #[error("writing Parquet failed: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
    #[error("building Arrow arrays failed: {0}")]
    Arrow(#[from] arrow_schema::ArrowError),
    #[error("writing JSON failed: {0}")]
    Json(#[from] serde_json::Error),
    /// A table was asked of a format that has no tables (GraphML, GEXF, TimelineJS, GDELT).
    #[error("--table applies to csv and parquet, not to {format}")]
    NotTabular { format: &'static str },
    /// [`write_dir`] was asked for a format that is not tabular.
    #[error("{format} is one file, not a directory of tables")]
    NotADirectoryFormat { format: &'static str },
    /// The output directory could not be created or a file in it written.
    #[error("cannot write {}: {source}", path.display())]
    Path { path: PathBuf, source: std::io::Error },
}

impl From<engine::Error> for Error {
    fn from(e: engine::Error) -> Error {
        match e {
            engine::Error::Store(e) => Error::Store(e),
        }
    }
}

/// The formats of this crate (JSON and JSON Lines are `engine::export`'s).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// One CSV file per table.
    Csv,
    /// One Parquet file per table, with typed columns.
    Parquet,
    /// The actor network as GraphML.
    Graphml,
    /// The actor network as GEXF 1.3 (Gephi's own format).
    Gexf,
    /// The dated corpus events as a TimelineJS JSON document.
    Timelinejs,
    /// The asserted corpus events as a GDELT-2.0-style event table (tab-separated, no header).
    Gdelt,
    /// The event reports with a resolved place as GeoJSON points (QGIS).
    Geojson,
}

impl Format {
    pub const ALL: [Format; 7] = [Format::Csv, Format::Parquet, Format::Graphml, Format::Gexf, Format::Timelinejs, Format::Gdelt, Format::Geojson];

    /// The name used on the command line and in URLs.
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Parquet => "parquet",
            Format::Graphml => "graphml",
            Format::Gexf => "gexf",
            Format::Timelinejs => "timelinejs",
            Format::Gdelt => "gdelt",
            Format::Geojson => "geojson",
        }
    }

    /// The file extension (without the dot).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Parquet => "parquet",
            Format::Graphml => "graphml",
            Format::Gexf => "gexf",
            Format::Timelinejs => "json",
            Format::Gdelt => "tsv",
            Format::Geojson => "geojson",
        }
    }

    /// The media type, for HTTP downloads.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Parquet => "application/vnd.apache.parquet",
            Format::Graphml | Format::Gexf => "application/xml; charset=utf-8",
            Format::Timelinejs => "application/json",
            Format::Gdelt => "text/tab-separated-values; charset=utf-8",
            Format::Geojson => "application/geo+json",
        }
    }

    /// Has tables (CSV, Parquet), as opposed to being one document.
    pub fn is_tabular(self) -> bool {
        matches!(self, Format::Csv | Format::Parquet)
    }

    /// Binary output, which a terminal should not receive.
    pub fn is_binary(self) -> bool {
        self == Format::Parquet
    }

    /// The file name of a download: `dossier-<table>.csv`, `dossier-network.gexf`, ...
    pub fn file_name(self, table: Option<Table>) -> String {
        let stem = match (self, table) {
            (Format::Csv | Format::Parquet, t) => t.unwrap_or(Table::Documents).name(),
            (Format::Graphml | Format::Gexf, _) => "network",
            (Format::Timelinejs, _) => "timeline",
            (Format::Gdelt | Format::Geojson, _) => "events",
        };
        format!("dossier-{stem}.{}", self.extension())
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// An unknown format or table name, with the known ones.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} `{given}`; known: {known}")]
pub struct UnknownName {
    pub what: &'static str,
    pub given: String,
    pub known: String,
}

impl std::str::FromStr for Format {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Format, UnknownName> {
        Format::ALL.into_iter().find(|f| f.name().eq_ignore_ascii_case(s.trim())).ok_or_else(|| UnknownName {
            what: "format",
            given: s.to_string(),
            known: Format::ALL.map(Format::name).join(", "),
        })
    }
}

/// Writes `format` to `out`: for CSV and Parquet one table (the documents when `table` is
/// `None`), otherwise the format's one document. Returns the number of records written:
/// rows, nodes plus edges, slides, or event rows.
pub fn write(store: &dyn store::Store, format: Format, table: Option<Table>, out: &mut (dyn Write + Send)) -> Result<u64, Error> {
    if table.is_some() && !format.is_tabular() {
        return Err(Error::NotTabular { format: format.name() });
    }
    let table = table.unwrap_or(Table::Documents);
    match format {
        Format::Csv => {
            let mut sink = csv_out::CsvSink::new(&mut *out, table);
            table::write_tables(store, &mut [(table, &mut sink)])?;
            sink.finish()
        }
        Format::Parquet => {
            let mut sink = parquet_out::ParquetSink::new(&mut *out, table)?;
            table::write_tables(store, &mut [(table, &mut sink)])?;
            sink.finish()
        }
        Format::Graphml => {
            let net = network::Network::build(store)?;
            graphml::write(&net, out)
        }
        Format::Gexf => {
            let net = network::Network::build(store)?;
            gexf::write(&net, out)
        }
        Format::Timelinejs => timeline::write(store, out),
        Format::Gdelt => gdelt::write(store, out),
        Format::Geojson => geojson::write(store, out),
    }
}

/// Writes every table of a tabular format into `dir` (created if missing) as
/// `<table>.<extension>`, in one pass over the store. Returns each table's path and rows.
pub fn write_dir(store: &dyn store::Store, format: Format, dir: &Path) -> Result<Vec<(Table, PathBuf, u64)>, Error> {
    if !format.is_tabular() {
        return Err(Error::NotADirectoryFormat { format: format.name() });
    }
    std::fs::create_dir_all(dir).map_err(|source| Error::Path { path: dir.to_path_buf(), source })?;
    let paths: Vec<PathBuf> = Table::ALL.iter().map(|t| dir.join(format!("{}.{}", t.name(), format.extension()))).collect();
    let mut files = Vec::new();
    for path in &paths {
        let file = std::fs::File::create(path).map_err(|source| Error::Path { path: path.clone(), source })?;
        files.push(std::io::BufWriter::new(file));
    }
    let counts: Vec<u64> = match format {
        Format::Csv => {
            let mut sinks: Vec<csv_out::CsvSink<'_>> =
                files.iter_mut().zip(Table::ALL).map(|(f, t)| csv_out::CsvSink::new(f as &mut (dyn Write + Send), t)).collect();
            {
                let mut pairs: Vec<(Table, &mut dyn table::Sink)> = Table::ALL.into_iter().zip(sinks.iter_mut().map(|s| s as &mut dyn table::Sink)).collect();
                table::write_tables(store, &mut pairs)?;
            }
            sinks.into_iter().map(csv_out::CsvSink::finish).collect::<Result<_, _>>()?
        }
        _ => {
            let mut sinks = Vec::new();
            for (f, t) in files.iter_mut().zip(Table::ALL) {
                sinks.push(parquet_out::ParquetSink::new(f as &mut (dyn Write + Send), t)?);
            }
            {
                let mut pairs: Vec<(Table, &mut dyn table::Sink)> = Table::ALL.into_iter().zip(sinks.iter_mut().map(|s| s as &mut dyn table::Sink)).collect();
                table::write_tables(store, &mut pairs)?;
            }
            sinks.into_iter().map(parquet_out::ParquetSink::finish).collect::<Result<_, _>>()?
        }
    };
    for (f, path) in files.iter_mut().zip(&paths) {
        f.flush().map_err(|source| Error::Path { path: path.clone(), source })?;
    }
    Ok(Table::ALL.into_iter().zip(paths).zip(counts).map(|((t, p), n)| (t, p, n)).collect())
}
