//! [`Tag`]: a short label stored inline (part-of-speech tags, dependency relations).
//!
//! Tags come from small closed sets ("NNP", "PROPN", "nsubj:pass"), so a `String` per token
//! would cost an allocation and 24 bytes of pointer for a few bytes of text. A `Tag` holds up
//! to [`Tag::CAPACITY`] bytes in place and is `Copy`; longer input is cut at a char boundary.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Tag {
    len: u8,
    bytes: [u8; Tag::CAPACITY],
}

impl Tag {
    pub const CAPACITY: usize = 15;

    /// A tag from `s`, cut to at most [`Tag::CAPACITY`] bytes on a char boundary.
    pub fn new(s: &str) -> Tag {
        let mut n = s.len().min(Tag::CAPACITY);
        while !s.is_char_boundary(n) {
            n -= 1;
        }
        let mut bytes = [0u8; Tag::CAPACITY];
        if let (Some(dst), Some(src)) = (bytes.get_mut(..n), s.as_bytes().get(..n)) {
            dst.copy_from_slice(src);
        }
        Tag { len: n as u8, bytes }
    }

    pub fn as_str(&self) -> &str {
        let b = self.bytes.get(..self.len as usize).unwrap_or(&[]);
        // Always valid: built from a &str cut on a char boundary.
        std::str::from_utf8(b).unwrap_or("")
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl fmt::Debug for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<&str> for Tag {
    fn from(s: &str) -> Tag {
        Tag::new(s)
    }
}

impl PartialEq<str> for Tag {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Tag {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Serialize for Tag {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Tag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Tag, D::Error> {
        let s = std::borrow::Cow::<'de, str>::deserialize(d)?;
        Ok(Tag::new(&s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_cuts_on_char_boundaries() {
        assert_eq!(Tag::new("nsubj:pass").as_str(), "nsubj:pass");
        assert_eq!(Tag::new("").as_str(), "");
        assert_eq!(Tag::new("abcdefghijklmnopq").as_str(), "abcdefghijklmno");
        // 7 two-byte chars = 14 bytes, the 8th would end at 16: cut before it.
        assert_eq!(Tag::new("éééééééé").as_str(), "ééééééé");
        let json = serde_json::to_string(&Tag::new("PROPN")).unwrap_or_default();
        assert_eq!(json, "\"PROPN\"");
        let back: Tag = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back, "PROPN");
    }
}
