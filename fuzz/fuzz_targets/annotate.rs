//! The standard annotation pipeline (tokens, sentences, part of speech, syntax, entities) on
//! arbitrary UTF-8 text: no panic, every analysis and entity span inside the text, heads
//! inside the document's tokens.
#![no_main]

use libfuzzer_sys::fuzz_target;
use model::{Doc, Format, Layer, OffsetMap, Origin};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut doc = Doc::new("0".repeat(16), Origin::file("fuzz.txt"), Format::Text, Default::default(), text.to_string(), OffsetMap::default());
    let _ = annotate::Pipeline::standard().run(&mut doc);
    assert_eq!(doc.analyses.len(), doc.tokens.len());
    for a in &doc.analyses {
        assert!(a.head.is_none_or(|h| (h as usize) < doc.tokens.len()));
    }
    for a in doc.annotations.iter().filter(|a| a.layer == Layer::Entities) {
        assert!(a.span.start < a.span.end && a.span.end as usize <= text.len());
        assert!(text.get(a.span.range()).is_some());
    }
});
