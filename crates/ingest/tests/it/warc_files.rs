//! WARC fixtures built in the test: records with known offsets, plain and gzip-compressed.

use ingest::{Item, Options};
use model::Format;

use super::{documents, gzip, read, summary, write};

fn record(warc_type: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: {warc_type}\r\nWARC-Date: 2024-03-02T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:{uri}>\r\nWARC-Target-URI: {uri}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn http(status: &str, headers: &str, body: &[u8]) -> Vec<u8> {
    let mut b = format!("HTTP/1.1 {status}\r\n{headers}\r\n").into_bytes();
    b.extend_from_slice(body);
    b
}

fn response(uri: &str, status: &str, headers: &str, body: &[u8]) -> Vec<u8> {
    record(
        "response",
        uri,
        "application/http; msgtype=response",
        &http(status, headers, body),
    )
}

/// The records of a small crawl, each with whether it should yield a document.
fn sample_records() -> Vec<Vec<u8>> {
    vec![
        record(
            "warcinfo",
            "",
            "application/warc-fields",
            b"software: test\r\n",
        ),
        record(
            "request",
            "https://veloria.example/a",
            "application/http; msgtype=request",
            b"GET /a HTTP/1.1\r\n\r\n",
        ),
        response(
            "https://veloria.example/a",
            "200 OK",
            "Content-Type: text/html; charset=windows-1251\r\n",
            b"<html><p>Port Amsel \xcf\xf0\xe8\xe2\xe5\xf2</p></html>",
        ),
        response(
            "https://veloria.example/logo.png",
            "200 OK",
            "Content-Type: image/png\r\n",
            b"\x89PNG\r\n\x1a\n",
        ),
        response(
            "https://veloria.example/gone",
            "404 Not Found",
            "Content-Type: text/html\r\n",
            b"<p>not found</p>",
        ),
        response(
            "https://veloria.example/b",
            "200 OK",
            "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n",
            b"9\r\n<p>Rekker\r\n5\r\n says\r\n4\r\n</p>\r\n0\r\n\r\n",
        ),
        record(
            "resource",
            "file:///c.html",
            "text/html",
            b"<p>resource page</p>",
        ),
        record(
            "metadata",
            "https://veloria.example/a",
            "application/warc-fields",
            b"fetchTimeMs: 12\r\n",
        ),
    ]
}

pub fn sample_warc() -> Vec<u8> {
    sample_records().concat()
}

fn offsets(records: &[Vec<u8>]) -> Vec<usize> {
    records
        .iter()
        .scan(0, |at, r| {
            let here = *at;
            *at += r.len();
            Some(here)
        })
        .collect()
}

#[test]
fn plain_warc_yields_html_payloads_with_record_offsets() {
    let t = tempfile::tempdir().unwrap();
    let records = sample_records();
    let at = offsets(&records);
    let path = write(t.path(), "crawl.warc", &records.concat());
    let items = read(&[path], Options::default());
    assert_eq!(
        summary(&items, t.path()),
        [
            format!("doc $T/crawl.warc#2@{} html \"<html><p>Port Amsel \u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}</p></html>\"", at[2]),
            format!("doc $T/crawl.warc#5@{} html \"<p>Rekker says</p>\"", at[5]),
            format!("doc $T/crawl.warc#6@{} html \"<p>resource page</p>\"", at[6]),
        ]
    );
    let docs = documents(items);
    assert_eq!(
        docs[0].meta.url.as_deref(),
        Some("https://veloria.example/a")
    );
    assert_eq!(docs[0].meta.charset.as_deref(), Some("windows-1251"));
    assert_eq!(
        docs[0].meta.published, None,
        "the crawl date is not a publication date"
    );
    assert_eq!(docs[0].format, Format::Html);
    assert_eq!(docs[2].meta.url.as_deref(), Some("file:///c.html"));
}

#[test]
fn gz_warc_offsets_are_member_offsets() {
    let t = tempfile::tempdir().unwrap();
    let members: Vec<Vec<u8>> = sample_records().iter().map(|r| gzip(r)).collect();
    let at = offsets(&members);
    let path = write(t.path(), "crawl.warc.gz", &members.concat());
    let items = read(&[path], Options::default());
    let got = summary(&items, t.path());
    assert_eq!(got.len(), 3, "{got:#?}");
    assert!(
        got[0].starts_with(&format!("doc $T/crawl.warc.gz#2@{} html", at[2])),
        "{got:#?}"
    );
    assert!(
        got[1].starts_with(&format!(
            "doc $T/crawl.warc.gz#5@{} html \"<p>Rekker says</p>\"",
            at[5]
        )),
        "{got:#?}"
    );
    assert!(
        got[2].starts_with(&format!("doc $T/crawl.warc.gz#6@{} html", at[6])),
        "{got:#?}"
    );
    // Decompressing the member at the reported offset gives back that very record.
    let raw = std::fs::read(t.path().join("crawl.warc.gz")).unwrap();
    let mut record = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(&raw[at[5]..]),
        &mut record,
    )
    .unwrap();
    assert_eq!(record, sample_records()[5]);
}

#[test]
fn gz_warc_in_a_single_member() {
    let t = tempfile::tempdir().unwrap();
    let path = write(t.path(), "one.warc.gz", &gzip(&sample_warc()));
    let got = summary(&read(&[path], Options::default()), t.path());
    assert_eq!(got.len(), 3, "{got:#?}");
    assert!(
        got.iter()
            .all(|l| l.contains("one.warc.gz#") && l.contains("@0 html")),
        "{got:#?}"
    );
}

#[test]
fn corrupt_records_are_reported_and_reading_resyncs() {
    let t = tempfile::tempdir().unwrap();
    let good = record("resource", "file:///ok.html", "text/html", b"<p>ok</p>");
    let garbage = b"\x00\x01 junk between records\r\nmore junk\r\n".to_vec();
    // Content-Length says 5 but the block is longer: the parser lands inside the block.
    let mut short = record(
        "resource",
        "file:///short.html",
        "text/html",
        b"<p>longer than five</p>",
    );
    let pos = short
        .windows(18)
        .position(|w| w == b"Content-Length: 23")
        .unwrap();
    short.splice(pos..pos + 18, b"Content-Length: 5".iter().copied());
    let no_length =
        b"WARC/1.0\r\nWARC-Type: resource\r\nContent-Type: text/html\r\n\r\n<p>x</p>\r\n\r\n"
            .to_vec();
    let bad_header = b"WARC/1.0\r\nthis line has no colon\r\n\r\n".to_vec();
    let parts = [
        good.clone(),
        garbage,
        good.clone(),
        short,
        good.clone(),
        no_length,
        bad_header,
        good.clone(),
    ];
    let at = offsets(&parts);
    let path = write(t.path(), "bad.warc", &parts.concat());
    let got = summary(&read(&[path], Options::default()), t.path());
    assert_eq!(
        got,
        [
            format!("doc $T/bad.warc#0@{} html \"<p>ok</p>\"", at[0]),
            format!("diag warc $T/bad.warc#1@{}", at[1]),
            format!("doc $T/bad.warc#2@{} html \"<p>ok</p>\"", at[2]),
            format!("doc $T/bad.warc#3@{} html \"<p>lo\"", at[3]),
            // The rest of the over-long block is not a version line.
            format!("diag warc $T/bad.warc#4@{}", at[3] + short_block_end()),
            format!("doc $T/bad.warc#5@{} html \"<p>ok</p>\"", at[4]),
            format!("diag warc $T/bad.warc#6@{}", at[5]),
            format!("diag warc $T/bad.warc#7@{}", at[6]),
            format!("doc $T/bad.warc#8@{} html \"<p>ok</p>\"", at[7]),
        ]
    );
}

/// Where the parser resumes in the `short` record: after its headers and 5 block bytes.
fn short_block_end() -> usize {
    let r = record(
        "resource",
        "file:///short.html",
        "text/html",
        b"<p>longer than five</p>",
    );
    let headers_end = r.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
    headers_end - 1 + 5
}

#[test]
fn truncated_records_and_gzip() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let good = record("resource", "file:///ok.html", "text/html", b"<p>ok</p>");
    let mut cut = good.clone();
    cut.truncate(good.len() - 8);
    let plain = write(d, "cut.warc", &[good.clone(), cut].concat());

    let first = gzip(&good);
    let second = gzip(&good);
    let truncated = [first.clone(), second[..second.len() / 2].to_vec()].concat();
    let gz_cut = write(d, "cut.warc.gz", &truncated);
    let trailing = write(
        d,
        "trailing.warc.gz",
        &[first.clone(), b"garbage".to_vec()].concat(),
    );
    let not_gz = write(d, "plain.warc.gz", &good);

    let got = summary(
        &read(&[plain, gz_cut, trailing, not_gz], Options::default()),
        d,
    );
    assert_eq!(
        got,
        [
            r#"doc $T/cut.warc#0@0 html "<p>ok</p>""#.to_string(),
            format!("diag warc $T/cut.warc#1@{}", good.len()),
            r#"doc $T/cut.warc.gz#0@0 html "<p>ok</p>""#.to_string(),
            format!("diag gzip $T/cut.warc.gz#1@{}", first.len()),
            r#"doc $T/trailing.warc.gz#0@0 html "<p>ok</p>""#.to_string(),
            format!("diag gzip $T/trailing.warc.gz#1@{}", first.len()),
            "diag gzip $T/plain.warc.gz#0@0".to_string(),
        ]
    );
}

#[test]
fn oversized_record_is_skipped_with_a_diagnostic() {
    let t = tempfile::tempdir().unwrap();
    let big = response(
        "https://veloria.example/big",
        "200 OK",
        "Content-Type: text/html\r\n",
        &vec![b'x'; 5000],
    );
    let small = response(
        "https://veloria.example/small",
        "200 OK",
        "Content-Type: text/html\r\n",
        b"<p>small</p>",
    );
    let path = write(t.path(), "big.warc", &[big.clone(), small].concat());
    let items = read(
        &[path],
        Options {
            max_record_bytes: 1000,
            ..Options::default()
        },
    );
    assert_eq!(
        summary(&items, t.path()),
        [
            "diag too-large $T/big.warc#0@0".to_string(),
            format!("doc $T/big.warc#1@{} html \"<p>small</p>\"", big.len())
        ]
    );
    assert!(matches!(&items[0], Item::Diagnostic(d) if d.message.contains("limit of 1000")));
}

#[test]
fn gzip_content_encoding_is_undone() {
    let t = tempfile::tempdir().unwrap();
    let body = gzip(b"<p>compressed page</p>");
    let r = response(
        "https://veloria.example/z",
        "200 OK",
        "Content-Type: text/html\r\nContent-Encoding: gzip\r\n",
        &body,
    );
    let path = write(t.path(), "enc.warc", &r);
    assert_eq!(
        summary(&read(&[path], Options::default()), t.path()),
        [r#"doc $T/enc.warc#0@0 html "<p>compressed page</p>""#]
    );
}
