//! Readers: files, directories and standard input in, [`model::RawDocument`]s out.
//!
//! One module per format (`text`, `markdown`, `html`, `jsonl`, `warc`), plus `dir` for walking
//! directories and `stdin`. [`read`] turns a list of paths into a streaming iterator of
//! documents and diagnostics: nothing is loaded before it is needed, so a 10 GB WARC or a
//! directory of 100,000 files is read in constant memory. Bad input never panics: it becomes a
//! [`model::Diagnostic`] naming the file and the problem, and reading goes on with the rest.

use std::path::PathBuf;

use model::{Diagnostic, RawDocument};

/// Options for [`read`].
#[derive(Clone, Debug)]
pub struct Options {
    /// Files larger than this (other than WARC and JSON Lines, which stream) are skipped with a
    /// `too-large` diagnostic.
    pub max_file_bytes: u64,
    /// Records inside container formats larger than this are skipped with `too-large`.
    pub max_record_bytes: u64,
}

impl Default for Options {
    fn default() -> Options {
        Options { max_file_bytes: 64 << 20, max_record_bytes: 16 << 20 }
    }
}

/// One item of the stream: a document, or a diagnostic about something skipped or suspicious.
#[derive(Debug)]
pub enum Item {
    Document(RawDocument),
    Diagnostic(Diagnostic),
}

/// Reads the given paths (`-` is standard input) in order, recursing into directories.
/// Placeholder until the real readers land: plain files only.
pub fn read(paths: Vec<PathBuf>, _options: Options) -> impl Iterator<Item = Item> {
    paths.into_iter().map(|p| {
        let origin = model::Origin::file(p.display().to_string());
        match std::fs::read(&p) {
            Ok(bytes) => Item::Document(RawDocument { origin, format: model::Format::Text, bytes, meta: Default::default() }),
            Err(e) => Item::Diagnostic(Diagnostic::error(&origin, "io", e.to_string())),
        }
    })
}
