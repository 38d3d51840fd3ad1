//! WARC reader, plain and gzip, on arbitrary bytes: no panic, offsets inside the input, and
//! payloads no larger than the record limit allows.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = ingest::Options {
        max_file_bytes: 1 << 20,
        max_record_bytes: 64 << 10,
        ..ingest::Options::default()
    };
    let plain = ingest::warc::read_from(data, "fuzz.warc", &options);
    let gz = ingest::warc::read_gz_from(data, "fuzz.warc.gz", &options);
    for item in plain.chain(gz) {
        if let ingest::Item::Document(doc) = item {
            let record = doc.origin.record.expect("WARC documents name their record");
            assert!(record.offset < data.len() as u64);
        }
    }
});
