//! Bytes to text: encoding detection and decoding, with an offset map back to the bytes.

use model::{Format, OffsetMap};

/// Decoded text.
#[derive(Clone, Debug)]
pub struct Decoded {
    pub text: String,
    /// Decoded text byte offsets -> raw byte offsets.
    pub map: OffsetMap,
    pub encoding: &'static str,
    /// Non-fatal notes (e.g. "invalid UTF-8 sequences replaced").
    pub diagnostics: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    #[error("file is empty")]
    Empty,
    #[error("looks like a binary file, not text ({0})")]
    Binary(String),
}

impl DecodeError {
    pub fn code(&self) -> &'static str {
        match self {
            DecodeError::Empty => "empty",
            DecodeError::Binary(_) => "binary",
        }
    }
}

/// Placeholder until the real decoder lands: UTF-8 with replacement.
pub fn decode(bytes: &[u8], _declared: Option<&str>, _format: Format) -> Result<Decoded, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    let text = String::from_utf8_lossy(bytes).into_owned();
    let map = OffsetMap::identity(text.len());
    Ok(Decoded { text, map, encoding: "UTF-8", diagnostics: Vec::new() })
}
