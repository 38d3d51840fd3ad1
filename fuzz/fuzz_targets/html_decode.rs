//! Decoding and HTML cleaning on arbitrary bytes: no panic, decoded offsets map into the raw
//! bytes, and the clean document's offsets do too.
#![no_main]

use libfuzzer_sys::fuzz_target;
use model::{Format, Origin, RawDocument, RawMeta};

const CHARSETS: [Option<&str>; 5] = [
    None,
    Some("utf-8"),
    Some("windows-1251"),
    Some("shift_jis"),
    Some("utf-16le"),
];

fuzz_target!(|data: &[u8]| {
    // The first byte picks a declared charset, so that the declared paths are explored too.
    let (declared, bytes) = match data.split_first() {
        Some((b, rest)) => (CHARSETS[usize::from(*b) % CHARSETS.len()], rest),
        None => (None, data),
    };
    if let Ok(decoded) = clean::decode::decode(bytes, declared, Format::Html) {
        for (offset, _) in decoded.text.char_indices() {
            assert!(decoded
                .map
                .map(offset)
                .is_some_and(|raw| raw <= bytes.len()));
        }
    }
    let meta = RawMeta {
        charset: declared.map(str::to_string),
        ..RawMeta::default()
    };
    let raw = RawDocument {
        origin: Origin::file("fuzz.html"),
        format: Format::Html,
        bytes: bytes.to_vec(),
        meta,
    };
    if let Ok((doc, _)) = clean::clean(&raw) {
        for (offset, _) in doc.text.char_indices() {
            assert!(doc.offsets.map(offset).is_none_or(|raw| raw <= bytes.len()));
        }
    }
});
