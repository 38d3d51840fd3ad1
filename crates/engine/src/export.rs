//! The export contract: `dossier export --format json|jsonl|csv`.
//!
//! The JSON form is one object (see `docs/export.md` and `docs/export.schema.json`); it is
//! written as a stream, one document at a time, so exporting a large store needs no more memory
//! than its largest document. Offsets in the export (`start`, `end`) count Unicode code points
//! in the document's `text`, which is what Python, JavaScript (for BMP text) and most tools
//! index by; internally spans are byte offsets, converted here.

use std::io::Write;

use model::{Diagnostic, Doc};
use serde::Serialize;
use store::Store;

/// The version of the export schema. Bump the minor version for additions, the major version
/// for anything that could break a reader.
pub const SCHEMA_VERSION: &str = "1.0.0";

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] store::Error),
    #[error("writing the export failed: {0}")]
    Io(#[from] std::io::Error),
    #[error("writing CSV failed: {0}")]
    Csv(#[from] csv::Error),
}

/// The output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Jsonl,
    Csv,
}

/// One document as exported.
#[derive(Serialize)]
pub struct ExportDocument<'a> {
    pub id: &'a str,
    /// The URL the document came from when known, else its path (and record).
    pub source: String,
    pub origin: &'a model::Origin,
    pub format: &'static str,
    pub title: Option<&'a str>,
    pub authors: &'a [String],
    pub published: Option<&'a str>,
    pub outlet: Option<&'a str>,
    pub url: Option<&'a str>,
    pub language: Option<&'a str>,
    pub text: &'a str,
    pub duplicate_of: Option<&'a str>,
    pub duplicate: Option<&'a model::Duplicate>,
    pub n_tokens: usize,
    pub sentences: Vec<ExportSentence>,
}

#[derive(Serialize)]
pub struct ExportSentence {
    pub start: usize,
    pub end: usize,
    pub paragraph: u32,
}

/// A piece of evidence: a span of a document's text, in code points.
#[derive(Serialize)]
pub struct Evidence<'a> {
    pub doc: &'a str,
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
}

impl<'a> ExportDocument<'a> {
    pub fn new(doc: &'a Doc) -> ExportDocument<'a> {
        let mut chars = CharOffsets::new(&doc.text);
        let sentences = doc
            .sentences
            .iter()
            .map(|s| {
                let start = chars.at(s.span.start as usize);
                let end = chars.at(s.span.end as usize);
                ExportSentence { start, end, paragraph: s.paragraph }
            })
            .collect();
        ExportDocument {
            id: &doc.id,
            source: doc.source(),
            origin: &doc.origin,
            format: doc.format.as_str(),
            title: doc.meta.title.as_deref(),
            authors: &doc.meta.authors,
            published: doc.meta.published.as_deref(),
            outlet: doc.meta.outlet.as_deref(),
            url: doc.meta.url.as_deref(),
            language: doc.meta.language.as_deref(),
            text: &doc.text,
            duplicate_of: doc.duplicate.as_ref().map(|d| d.of.as_str()),
            duplicate: doc.duplicate.as_ref(),
            n_tokens: doc.tokens.len(),
            sentences,
        }
    }
}

/// Converts byte offsets to code-point offsets, fast for the usual case of increasing offsets.
pub struct CharOffsets<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CharOffsets<'a> {
    pub fn new(text: &'a str) -> CharOffsets<'a> {
        CharOffsets { text, byte: 0, chars: 0 }
    }

    /// The code-point offset of byte offset `byte` (clamped to the text; a byte inside a
    /// character counts as that character's start).
    pub fn at(&mut self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        let slice = self.text.as_bytes().get(self.byte..byte).unwrap_or(&[]);
        // Count the bytes that start a character (not UTF-8 continuation bytes).
        self.chars += slice.iter().filter(|&&b| (b as i8) >= -0x40).count();
        self.byte = byte;
        self.chars
    }
}

/// Carries a write failure out of a `for_each_document` visitor, whose error type is the store's.
fn write_failed(e: impl std::error::Error + Send + Sync + 'static) -> store::Error {
    store::Error::Database { path: "export output".into(), source: Box::new(e) }
}

/// Writes the store's content in `format` to `out`.
pub fn export(store: &dyn Store, format: Format, out: &mut dyn Write) -> Result<u64, ExportError> {
    match format {
        Format::Json => export_json(store, out),
        Format::Jsonl => export_jsonl(store, out),
        Format::Csv => export_csv(store, out),
    }
}

fn export_json(store: &dyn Store, out: &mut dyn Write) -> Result<u64, ExportError> {
    write!(
        out,
        "{{\"schema_version\":\"{SCHEMA_VERSION}\",\"generator\":{{\"name\":\"dossier\",\"version\":\"{}\"}},\"documents\":[",
        env!("CARGO_PKG_VERSION")
    )?;
    let mut n = 0u64;
    store.for_each_document(&mut |doc| {
        let res = (|| -> Result<(), ExportError> {
            if n > 0 {
                out.write_all(b",")?;
            }
            out.write_all(b"\n")?;
            serde_json::to_writer(&mut *out, &ExportDocument::new(&doc)).map_err(std::io::Error::from)?;
            Ok(())
        })();
        n += 1;
        res.map_err(write_failed)
    })?;
    // Layers filled by later stages: empty until those stages exist, but always present so
    // readers can rely on them.
    out.write_all(b"\n],\"entities\":[],\"events\":[],\"quotes\":[],\"quantities\":[],\"contradictions\":[],\"diagnostics\":")?;
    let diagnostics: Vec<Diagnostic> = store.diagnostics(None)?;
    serde_json::to_writer(&mut *out, &diagnostics).map_err(std::io::Error::from)?;
    out.write_all(b"}\n")?;
    Ok(n)
}

fn export_jsonl(store: &dyn Store, out: &mut dyn Write) -> Result<u64, ExportError> {
    let mut n = 0u64;
    store.for_each_document(&mut |doc| {
        n += 1;
        let line = serde_json::to_string(&ExportDocument::new(&doc))
            .map_err(write_failed)?;
        writeln!(out, "{line}").map_err(write_failed)
    })?;
    Ok(n)
}

fn export_csv(store: &dyn Store, out: &mut dyn Write) -> Result<u64, ExportError> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "id", "source", "title", "authors", "published", "outlet", "url", "language", "duplicate_of", "duplicate_kind",
        "n_chars", "n_sentences", "text",
    ])?;
    let mut n = 0u64;
    store.for_each_document(&mut |doc| {
        n += 1;
        let kind = doc.duplicate.as_ref().map(|d| match d.kind {
            model::DuplicateKind::Exact => "exact",
            model::DuplicateKind::Near => "near",
        });
        let record = [
            doc.id.clone(),
            doc.source(),
            doc.meta.title.clone().unwrap_or_default(),
            doc.meta.authors.join("; "),
            doc.meta.published.clone().unwrap_or_default(),
            doc.meta.outlet.clone().unwrap_or_default(),
            doc.meta.url.clone().unwrap_or_default(),
            doc.meta.language.clone().unwrap_or_default(),
            doc.duplicate.as_ref().map(|d| d.of.clone()).unwrap_or_default(),
            kind.unwrap_or_default().to_string(),
            doc.text.chars().count().to_string(),
            doc.sentences.len().to_string(),
            doc.text.clone(),
        ];
        w.write_record(&record).map_err(write_failed)
    })?;
    w.flush()?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets() {
        let t = "aé“b”c";
        let mut c = CharOffsets::new(t);
        assert_eq!(c.at(0), 0);
        assert_eq!(c.at(1), 1);
        assert_eq!(c.at(3), 2);
        assert_eq!(c.at(t.len()), 6);
        assert_eq!(c.at(1), 1, "going backwards restarts");
        assert_eq!(c.at(999), 6, "clamped");
    }
}
