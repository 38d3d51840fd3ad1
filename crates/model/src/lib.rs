//! The document and its annotations: the vocabulary every other crate speaks.
//!
//! A [`RawDocument`] is what a reader in `ingest` yields: bytes plus where they came from.
//! `clean` turns it into clean text plus [`Metadata`] and an [`OffsetMap`] back to the raw bytes.
//! `annotate` adds typed spans ([`Token`], [`Sentence`], [`Annotation`]) over the clean text, and the
//! whole is a [`Doc`]. Spans are byte ranges into `Doc::text`: views, never copies.
//!
//! This crate does no I/O and never panics on any input.

use std::fmt;

use serde::{Deserialize, Serialize};

pub mod bytes;
mod offsets;
mod tag;
pub mod tree;

pub use offsets::OffsetMap;
pub use tag::Tag;

/// A document's identity: the first 16 hex digits of the BLAKE3 hash of its raw bytes.
///
/// The same file ingested twice gets the same id, which makes ingest idempotent.
pub type DocId = String;

/// Where a raw document came from: a path (or `-` for standard input), plus the record inside it
/// for container formats (a JSON Lines line, a WARC record).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    pub path: String,
    pub record: Option<RecordRef>,
}

/// A record inside a container file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordRef {
    /// Zero-based record number (line number for JSON Lines, record number for WARC).
    pub index: u64,
    /// Byte offset of the record in the file as stored (for `.warc.gz`, the offset of its gzip member).
    pub offset: u64,
}

impl Origin {
    pub fn file(path: impl Into<String>) -> Origin {
        Origin { path: path.into(), record: None }
    }

    pub fn record(path: impl Into<String>, index: u64, offset: u64) -> Origin {
        Origin { path: path.into(), record: Some(RecordRef { index, offset }) }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.record {
            None => write!(f, "{}", self.path),
            Some(r) => write!(f, "{}#{}@{}", self.path, r.index, r.offset),
        }
    }
}

/// The format of a raw document's bytes, which decides how `clean` reads them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Markdown,
    Html,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
        }
    }
}

/// Metadata a container format gives alongside the content (JSON Lines fields, WARC headers).
/// `clean` prefers these to what it finds in the content.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawMeta {
    pub title: Option<String>,
    pub authors: Vec<String>,
    /// As given by the source, not yet normalised (`clean` parses it).
    pub published: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    /// A charset declared outside the content (HTTP `Content-Type` in a WARC response).
    pub charset: Option<String>,
}

/// What a reader yields: bytes plus their origin and format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawDocument {
    pub origin: Origin,
    pub format: Format,
    pub bytes: Vec<u8>,
    pub meta: RawMeta,
}

impl RawDocument {
    /// The document's identity (see [`DocId`]): the hash of its raw bytes, and, for records of
    /// container formats that carry metadata beside the content (JSON Lines fields, WARC
    /// headers), of that metadata too. Two JSON Lines records with the same `text` but another
    /// `url` or `outlet` are two documents (the second an exact duplicate of the first), while
    /// ingesting the same file again yields the same ids.
    pub fn id(&self) -> DocId {
        if self.meta == RawMeta::default() {
            return doc_id(&self.bytes);
        }
        let mut h = blake3::Hasher::new();
        h.update(&self.bytes);
        h.update(&[0]);
        h.update(serde_json::to_string(&self.meta).unwrap_or_default().as_bytes());
        h.finalize().to_hex()[..16].to_string()
    }
}

/// Computes a [`DocId`] from raw bytes: 16 hex digits of BLAKE3, stable across versions.
pub fn doc_id(bytes: &[u8]) -> DocId {
    let hash = blake3::hash(bytes);
    hash.to_hex()[..16].to_string()
}

/// Metadata of a clean document.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metadata {
    pub title: Option<String>,
    pub authors: Vec<String>,
    /// ISO 8601 date (`2022-01-05`), or date and time, when known.
    pub published: Option<String>,
    /// The outlet or site name (`The National Interest`), or the host when no name is given.
    pub outlet: Option<String>,
    pub url: Option<String>,
    /// ISO 639-1 code (`en`, `ru`), detected from the clean text.
    pub language: Option<String>,
}

/// A byte range into a document's clean text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start: start as u32, end: end as u32 }
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.end <= self.start
    }

    /// The text this span covers, or `""` when it does not fit `text` (never panics).
    pub fn text(self, text: &str) -> &str {
        text.get(self.range()).unwrap_or("")
    }
}

/// The coarse class of a token, as the tokenizer sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    Word,
    Number,
    Punct,
    Symbol,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
}

/// A sentence: its span and the half-open range of its tokens in `Doc::tokens`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    pub span: Span,
    pub tokens: (u32, u32),
    /// Zero-based paragraph number (paragraphs are separated by a blank line in the clean text).
    pub paragraph: u32,
}

/// What the linguistic core says about one token: part of speech, lemma and dependency.
/// `Doc::analyses` is parallel to `Doc::tokens` once the `pos` layer is present; `head` and
/// `deprel` are filled by the `syntax` layer (until then `head` is `None`, `deprel` empty).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Analysis {
    /// Penn Treebank tag (`NNP`, `VBD`, ...).
    pub xpos: Tag,
    /// Universal Dependencies part of speech (`PROPN`, `VERB`, ...).
    pub upos: Tag,
    pub lemma: String,
    /// Index in `Doc::tokens` of the syntactic head, `None` for a sentence root.
    pub head: Option<u32>,
    /// Universal Dependencies relation to the head (`nsubj`, `obl:tmod`, `root`, ...).
    pub deprel: Tag,
}

/// The kinds of annotation a document can carry. Annotators declare which they require and
/// which they assign; the pipeline checks the order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layer {
    /// The clean text itself; present on every document that leaves `clean`.
    Text,
    Tokens,
    Sentences,
    /// Part of speech and lemma of every token ([`Analysis::xpos`], `upos`, `lemma`).
    Pos,
    /// Dependency head and relation of every token ([`Analysis::head`], `deprel`).
    Syntax,
    Entities,
    Times,
    Quotes,
    Quantities,
    Events,
    /// Place mentions resolved to gazetteer places (coordinates, country, precision).
    Places,
    /// Claims: propositions a document asserts, doubts or rejects, with their holder.
    Claims,
}

impl Layer {
    pub fn as_str(self) -> &'static str {
        match self {
            Layer::Text => "text",
            Layer::Tokens => "tokens",
            Layer::Sentences => "sentences",
            Layer::Pos => "pos",
            Layer::Syntax => "syntax",
            Layer::Entities => "entities",
            Layer::Times => "times",
            Layer::Quotes => "quotes",
            Layer::Quantities => "quantities",
            Layer::Events => "events",
            Layer::Places => "places",
            Layer::Claims => "claims",
        }
    }
}

/// Who produced an annotation: the annotator's name and version.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Provenance {
    pub annotator: String,
    pub version: u32,
}

/// A typed span over the clean text, for the layers beyond tokens and sentences
/// (entity mentions, time expressions, quotes, quantities, events).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    pub layer: Layer,
    pub span: Span,
    /// The type within the layer (`PER`, `DATE`, `direct`, ...).
    pub label: String,
    /// Layer-specific attributes (a normalised value, a speaker, ...).
    #[serde(default, skip_serializing_if = "serde_json::Value::is_null")]
    pub attrs: serde_json::Value,
    pub provenance: Provenance,
}

/// A byte range as annotation attributes store it: `[start, end]`.
pub fn range_attr(r: (usize, usize)) -> serde_json::Value {
    serde_json::json!([r.0, r.1])
}

/// The byte range an annotation attribute holds (`[start, end]`), if it holds one.
pub fn attr_range(v: Option<&serde_json::Value>) -> Option<(usize, usize)> {
    let v = v?.as_array()?;
    Some((v.first()?.as_u64()? as usize, v.get(1)?.as_u64()? as usize))
}

/// How a document relates to an earlier one it repeats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DuplicateKind {
    /// The same clean text.
    Exact,
    /// Shingle similarity above the threshold (MinHash estimate).
    Near,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Duplicate {
    pub of: DocId,
    pub kind: DuplicateKind,
    /// Estimated Jaccard similarity of word shingles (1.0 for exact duplicates).
    pub similarity: f32,
}

/// A document after cleaning and annotation: what the store keeps and the export shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Doc {
    pub id: DocId,
    pub origin: Origin,
    pub format: Format,
    pub meta: Metadata,
    pub text: String,
    /// Clean text back to raw input bytes.
    pub offsets: OffsetMap,
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    /// Part of speech, lemma and dependency per token, parallel to `tokens` (empty until the
    /// `pos` layer runs).
    #[serde(default)]
    pub analyses: Vec<Analysis>,
    pub annotations: Vec<Annotation>,
    /// Which annotator filled which layer, for every layer present.
    pub provenance: Vec<(Layer, Provenance)>,
    pub duplicate: Option<Duplicate>,
}

impl Doc {
    pub fn new(id: DocId, origin: Origin, format: Format, meta: Metadata, text: String, offsets: OffsetMap) -> Doc {
        Doc {
            id,
            origin,
            format,
            meta,
            text,
            offsets,
            tokens: Vec::new(),
            sentences: Vec::new(),
            analyses: Vec::new(),
            annotations: Vec::new(),
            provenance: Vec::new(),
            duplicate: None,
        }
    }

    pub fn has_layer(&self, layer: Layer) -> bool {
        layer == Layer::Text || self.provenance.iter().any(|(l, _)| *l == layer)
    }

    /// The `source` shown to users: the URL when known, else the origin.
    pub fn source(&self) -> String {
        self.meta.url.clone().unwrap_or_else(|| self.origin.to_string())
    }
}

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something was noticed but the document was kept (e.g. a charset guessed).
    Warning,
    /// The input, or part of it, was skipped.
    Error,
}

/// A problem with one input, reported to the user and kept in the store. Never a panic.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The file (and record) concerned.
    pub source: String,
    pub severity: Severity,
    /// A short stable code: `not-found`, `io`, `empty`, `binary`, `decode`, `gzip`, `warc`,
    /// `jsonl`, `too-large`, `html`, `unsupported`, ...
    pub code: String,
    pub message: String,
}

impl Diagnostic {
    pub fn error(source: impl fmt::Display, code: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic { source: source.to_string(), severity: Severity::Error, code: code.to_string(), message: message.into() }
    }

    pub fn warning(source: impl fmt::Display, code: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic { source: source.to_string(), severity: Severity::Warning, code: code.to_string(), message: message.into() }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{sev}[{}]: {}: {}", self.code, self.source, self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_text_never_panics() {
        let t = "héllo";
        assert_eq!(Span::new(0, 1).text(t), "h");
        assert_eq!(Span::new(1, 2).text(t), "", "inside a char boundary gives empty");
        assert_eq!(Span::new(3, 99).text(t), "");
    }

    #[test]
    fn origin_display() {
        assert_eq!(Origin::file("a.txt").to_string(), "a.txt");
        assert_eq!(Origin::record("x.jsonl", 3, 120).to_string(), "x.jsonl#3@120");
    }

    #[test]
    fn container_metadata_is_part_of_the_identity() {
        let raw = |url: Option<&str>| RawDocument {
            origin: Origin::record("w.jsonl", 0, 0),
            format: Format::Text,
            bytes: b"same text".to_vec(),
            meta: RawMeta { url: url.map(String::from), ..RawMeta::default() },
        };
        assert_eq!(raw(None).id(), doc_id(b"same text"), "plain files: the hash of the bytes");
        assert_ne!(raw(Some("https://a.example/1")).id(), raw(Some("https://b.example/1")).id());
        assert_eq!(raw(Some("https://a.example/1")).id(), raw(Some("https://a.example/1")).id());
    }

    #[test]
    fn ids_are_stable_and_distinct() {
        assert_eq!(doc_id(b"abc"), doc_id(b"abc"));
        assert_ne!(doc_id(b"abc"), doc_id(b"abd"));
        assert_eq!(doc_id(b"abc").len(), 16);
    }
}
