//! Cleaning: a raw document in, clean text plus metadata out, with an offset map back to the raw bytes.
//!
//! Sits between `ingest` (which yields [`model::RawDocument`]s) and `annotate`. Cleaning runs in
//! two steps so that a corpus-level pass can run between them:
//!
//! 1. [`extract`] decodes the bytes ([`decode`]), keeps the article body as a list of [`Block`]s
//!    (HTML through [`html`], text and Markdown through [`text`]) and gathers metadata;
//! 2. the caller may drop blocks that recur across documents of the same site ([`recurring`]);
//! 3. [`finish`] normalises Unicode (NFC), drops blocks repeated inside the document, joins the
//!    blocks into the clean text (paragraphs separated by a blank line), detects the language
//!    ([`lang`]) and composes the offset map.
//!
//! Nothing here panics on any input; problems come back as [`model::Diagnostic`]s.

pub mod date;
pub mod decode;
pub mod html;
pub mod lang;
pub mod recurring;
pub mod text;

use std::ops::Range;

use model::{Diagnostic, Doc, Format, Metadata, OffsetMap, Origin, RawDocument, RawMeta};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// The structural role of a block of body text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    Heading,
    Paragraph,
    ListItem,
    Quote,
}

/// One block of body text (a paragraph, a heading, a list item), already whitespace-normalised
/// to a single line, with the byte range it came from in the decoded input when known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub text: String,
    pub kind: BlockKind,
    pub source: Option<Range<usize>>,
}

impl Block {
    pub fn new(text: impl Into<String>, kind: BlockKind, source: Option<Range<usize>>) -> Block {
        Block { text: text.into(), kind, source }
    }
}

/// A document after step 1 of cleaning.
#[derive(Clone, Debug)]
pub struct Extracted {
    pub id: model::DocId,
    pub origin: Origin,
    pub format: Format,
    pub blocks: Vec<Block>,
    /// Metadata found so far (language is filled by [`finish`]).
    pub meta: Metadata,
    /// The key under which blocks recurring across documents are counted: the URL's host, else
    /// the outlet, else the parent directory of the file.
    pub site: String,
    /// Decoded text offsets -> raw byte offsets.
    pub decode_map: OffsetMap,
    /// The encoding the bytes were decoded from (`UTF-8`, `windows-1251`, ...).
    pub encoding: &'static str,
    pub diagnostics: Vec<Diagnostic>,
}

/// Step 1: decode and extract the body blocks and metadata.
///
/// Returns `Err` with a diagnostic when the document must be skipped (binary, empty, undecodable,
/// or no body text at all).
pub fn extract(raw: &RawDocument) -> Result<Extracted, Diagnostic> {
    let origin = &raw.origin;
    let decoded = decode::decode(&raw.bytes, raw.meta.charset.as_deref(), raw.format)
        .map_err(|e| Diagnostic::error(origin, e.code(), e.to_string()))?;
    let mut diagnostics = decoded.diagnostics.iter().map(|m| Diagnostic::warning(origin, "decode", m.clone())).collect::<Vec<_>>();

    let (blocks, found) = match raw.format {
        Format::Html => {
            let out = html::extract(&decoded.text, raw.meta.url.as_deref());
            diagnostics.extend(out.warnings.into_iter().map(|m| Diagnostic::warning(origin, "html", m)));
            (out.blocks, out.meta)
        }
        Format::Text | Format::Markdown => {
            let out = text::extract(&decoded.text, raw.format == Format::Markdown);
            (out.blocks, out.meta)
        }
    };
    let meta = merge_meta(&raw.meta, found);
    if blocks.iter().all(|b| b.text.trim().is_empty()) {
        return Err(Diagnostic::error(origin, "empty", "no article text found after cleaning"));
    }
    let site = site_key(&meta, origin);
    Ok(Extracted {
        id: raw.id(),
        origin: origin.clone(),
        format: raw.format,
        blocks,
        meta,
        site,
        decode_map: decoded.map,
        encoding: decoded.encoding,
        diagnostics,
    })
}

/// Step 3: normalise, join and detect the language; returns the clean document (not yet annotated).
pub fn finish(mut ex: Extracted) -> (Doc, Vec<Diagnostic>) {
    recurring::drop_repeats_within(&mut ex.blocks);
    let mut text = String::new();
    let mut to_decoded = OffsetMap::default();
    for block in &ex.blocks {
        // Most text is already NFC: the quick check avoids rebuilding every block.
        let normalised: std::borrow::Cow<str> = match is_nfc_quick(block.text.chars()) {
            IsNormalized::Yes => std::borrow::Cow::Borrowed(&block.text),
            _ => std::borrow::Cow::Owned(block.text.nfc().collect()),
        };
        let normalised = normalised.trim();
        if normalised.is_empty() {
            continue;
        }
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let start = text.len();
        text.push_str(normalised);
        if let Some(src) = &block.source {
            to_decoded.push(start..text.len(), src.clone());
        }
    }
    let mut meta = ex.meta;
    meta.language = lang::detect(&text);
    let offsets = to_decoded.then(&ex.decode_map);
    let doc = Doc::new(ex.id, ex.origin, ex.format, meta, text, offsets);
    (doc, ex.diagnostics)
}

/// Container metadata (JSON Lines fields, WARC headers) wins over what the content says,
/// except where it is empty.
fn merge_meta(given: &RawMeta, found: Metadata) -> Metadata {
    let nonempty = |s: &Option<String>| s.as_ref().map(|x| x.trim().to_string()).filter(|x| !x.is_empty());
    let published = nonempty(&given.published).and_then(|p| date::normalize(&p)).or(found.published);
    Metadata {
        title: nonempty(&given.title).or(found.title),
        authors: if given.authors.is_empty() { found.authors } else { given.authors.clone() },
        published,
        outlet: nonempty(&given.outlet).or(found.outlet),
        url: nonempty(&given.url).or(found.url),
        language: None,
    }
}

fn site_key(meta: &Metadata, origin: &Origin) -> String {
    if let Some(host) = meta.url.as_deref().and_then(host_of) {
        return host.trim_start_matches("www.").to_ascii_lowercase();
    }
    if let Some(outlet) = &meta.outlet {
        return outlet.to_lowercase();
    }
    match std::path::Path::new(&origin.path).parent() {
        Some(p) => format!("dir:{}", p.display()),
        None => String::from("dir:."),
    }
}

/// The host part of an absolute URL (`https://www.example.org/a` -> `www.example.org`).
pub fn host_of(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next()?;
    (!host.is_empty()).then_some(host)
}

/// Convenience for callers that have no corpus-level pass: [`extract`] then [`finish`].
pub fn clean(raw: &RawDocument) -> Result<(Doc, Vec<Diagnostic>), Diagnostic> {
    extract(raw).map(finish)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host() {
        assert_eq!(host_of("https://www.example.org/a/b?c"), Some("www.example.org"));
        assert_eq!(host_of("http://user@h.io:8080"), Some("h.io"));
        assert_eq!(host_of("no url"), None);
    }
}
