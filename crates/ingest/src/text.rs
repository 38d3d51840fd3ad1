//! Plain text (`.txt`, and files of unknown type that sniff as text): one file, one document.
//!
//! The bytes are passed on as they are; `clean::decode` detects the encoding.

use std::io::Read;

use model::Format;

use crate::{Item, Options};

/// Reads a whole stream as one Text document (at most `options.max_file_bytes`); `path` names
/// it. Empty or binary content becomes a diagnostic.
pub fn read_from(reader: impl Read, path: &str, options: &Options) -> Item {
    crate::whole_document(reader, path, Format::Text, options)
}
