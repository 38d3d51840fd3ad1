//! JSON Lines reader on arbitrary bytes: no panic, and every record offset lies inside the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = ingest::Options {
        max_file_bytes: 1 << 20,
        max_record_bytes: 4 << 10,
        ..ingest::Options::default()
    };
    for item in ingest::jsonl::read_from(data, "fuzz.jsonl", &options) {
        if let ingest::Item::Document(doc) = item {
            let record = doc
                .origin
                .record
                .expect("JSON Lines documents name their line");
            assert!(record.offset < data.len() as u64);
        }
    }
});
