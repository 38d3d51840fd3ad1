//! Text and Markdown cleaning on arbitrary bytes: no panic, offsets map into the raw bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use model::{Format, Origin, RawDocument};

fuzz_target!(|data: &[u8]| {
    for format in [Format::Text, Format::Markdown] {
        let raw = RawDocument {
            origin: Origin::file("fuzz.txt"),
            format,
            bytes: data.to_vec(),
            meta: Default::default(),
        };
        if let Ok((doc, _)) = clean::clean(&raw) {
            for (offset, _) in doc.text.char_indices() {
                assert!(doc.offsets.map(offset).is_none_or(|raw| raw <= data.len()));
            }
        }
    }
});
