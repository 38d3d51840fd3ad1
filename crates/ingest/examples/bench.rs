//! Reader throughput: generates a JSON Lines file, a WARC file and a `.warc.gz` file of about
//! `N_MB` megabytes each in a directory (default: a fresh temporary one) and times reading them.
//!
//! Run: `cargo run --release -p ingest --example bench -- [N_MB] [DIR]`

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use flate2::write::GzEncoder;
use flate2::Compression;

fn paragraph(i: usize) -> String {
    format!(
        "Port Amsel, day {i}. President Tomas Rekker told reporters that talks with the northern \
         provinces of Veloria would resume, and that \u{201c}no option is off the table\u{201d}. \
         Officials said {i} people had been evacuated from the river districts overnight. "
    )
}

fn article(i: usize) -> String {
    (0..12)
        .map(|k| paragraph(i + k))
        .collect::<Vec<_>>()
        .join("\n")
}

fn warc_record(i: usize) -> Vec<u8> {
    let html = format!("<!doctype html><html><head><title>Report {i}</title></head><body><article><p>{}</p></article></body></html>", article(i));
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{html}", html.len());
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Date: 2024-03-02T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:{i}>\r\nWARC-Target-URI: https://veloria.example/{i}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        http.len()
    )
    .into_bytes();
    r.extend_from_slice(http.as_bytes());
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn generate(dir: &Path, megabytes: usize) -> (PathBuf, PathBuf, PathBuf) {
    let target = megabytes << 20;
    let jsonl = dir.join("bench.jsonl");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&jsonl).unwrap());
    let (mut written, mut i) = (0, 0);
    while written < target {
        let line = serde_json::json!({"text": article(i), "title": format!("Report {i}"), "url": format!("https://veloria.example/{i}"), "published": "2024-03-02"}).to_string();
        writeln!(out, "{line}").unwrap();
        written += line.len() + 1;
        i += 1;
    }
    out.flush().unwrap();
    let warc = dir.join("bench.warc");
    let warc_gz = dir.join("bench.warc.gz");
    let mut plain = std::io::BufWriter::new(std::fs::File::create(&warc).unwrap());
    let mut gz = std::io::BufWriter::new(std::fs::File::create(&warc_gz).unwrap());
    let (mut written, mut i) = (0, 0);
    while written < target {
        let r = warc_record(i);
        plain.write_all(&r).unwrap();
        let mut e = GzEncoder::new(Vec::new(), Compression::fast());
        e.write_all(&r).unwrap();
        gz.write_all(&e.finish().unwrap()).unwrap();
        written += r.len();
        i += 1;
    }
    plain.flush().unwrap();
    gz.flush().unwrap();
    (jsonl, warc, warc_gz)
}

fn time(path: &Path) {
    let size = std::fs::metadata(path).unwrap().len() as f64 / (1 << 20) as f64;
    let start = Instant::now();
    let (mut docs, mut diags, mut bytes) = (0, 0, 0usize);
    for item in ingest::read(vec![path.to_path_buf()], ingest::Options::default()) {
        match item {
            ingest::Item::Document(d) => {
                docs += 1;
                bytes += d.bytes.len();
            }
            ingest::Item::Diagnostic(_) => diags += 1,
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{:<14} {size:7.1} MB in {secs:6.3} s = {:7.1} MB/s of file ({:7.1} MB/s of payload); {docs} documents, {diags} diagnostics",
        path.file_name().unwrap().to_string_lossy(),
        size / secs,
        bytes as f64 / (1 << 20) as f64 / secs
    );
}

fn main() {
    let mut args = std::env::args().skip(1);
    let megabytes = args.next().and_then(|a| a.parse().ok()).unwrap_or(100);
    let tmp;
    let dir = match args.next() {
        Some(d) => PathBuf::from(d),
        None => {
            tmp = tempfile::tempdir().unwrap();
            tmp.path().to_path_buf()
        }
    };
    let (jsonl, warc, warc_gz) = generate(&dir, megabytes);
    for path in [&jsonl, &warc, &warc_gz] {
        time(path);
    }
}
