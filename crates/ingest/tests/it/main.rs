//! Integration tests for the readers: fixtures are written into temporary directories by the
//! tests themselves (a fictional scenario: Veloria, its capital Port Amsel, president Tomas Rekker).

use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::write::GzEncoder;
use flate2::Compression;
use ingest::{Item, Options};
use model::{Format, RawDocument};

mod warc_files;

/// One line per item: `doc <origin> <format> <content>` or `diag <code> <source>`, with the
/// temporary directory replaced by `$T` so expectations are stable.
fn summary(items: &[Item], root: &Path) -> Vec<String> {
    let root = root.display().to_string();
    items
        .iter()
        .map(|item| match item {
            Item::Document(d) => {
                let content = String::from_utf8_lossy(&d.bytes);
                let content: String = content.chars().take(40).collect();
                format!("doc {} {} {content:?}", d.origin, d.format.as_str()).replace(&root, "$T")
            }
            Item::Diagnostic(d) => format!("diag {} {}", d.code, d.source).replace(&root, "$T"),
        })
        .collect()
}

fn read(paths: &[PathBuf], options: Options) -> Vec<Item> {
    ingest::read(paths.to_vec(), options).collect()
}

fn check(paths: &[PathBuf], root: &Path, expected: &[&str]) {
    let items = read(paths, Options::default());
    assert_eq!(summary(&items, root), expected, "\n{:#?}", items);
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, bytes).unwrap();
    path
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn documents(items: Vec<Item>) -> Vec<RawDocument> {
    items
        .into_iter()
        .filter_map(|i| match i {
            Item::Document(d) => Some(d),
            Item::Diagnostic(_) => None,
        })
        .collect()
}

#[test]
fn plain_formats() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let paths = vec![
        write(d, "a.txt", b"Port Amsel, 3 May. Tomas Rekker spoke."),
        write(d, "b.md", b"# Veloria\n\nThe *capital* is calm."),
        write(d, "c.markdown", b"Text"),
        write(d, "d.html", b"<html><body><p>Rekker</p></body></html>"),
        write(d, "e.HTM", b"<p>upper-case extension</p>"),
        write(d, "f.xhtml", b"<?xml version=\"1.0\"?><html/>"),
        write(d, "noext", b"Just some words about Veloria."),
        write(d, "page.unknown", b"  <!DOCTYPE html><title>t</title>"),
        write(d, "utf16.txt", b"\xff\xfeV\x00e\x00l\x00"),
    ];
    check(
        &paths,
        d,
        &[
            r#"doc $T/a.txt text "Port Amsel, 3 May. Tomas Rekker spoke.""#,
            r##"doc $T/b.md markdown "# Veloria\n\nThe *capital* is calm.""##,
            r#"doc $T/c.markdown markdown "Text""#,
            r#"doc $T/d.html html "<html><body><p>Rekker</p></body></html>""#,
            r#"doc $T/e.HTM html "<p>upper-case extension</p>""#,
            r#"doc $T/f.xhtml html "<?xml version=\"1.0\"?><html/>""#,
            r#"doc $T/noext text "Just some words about Veloria.""#,
            r#"doc $T/page.unknown html "  <!DOCTYPE html><title>t</title>""#,
            "doc $T/utf16.txt text \"\u{fffd}\u{fffd}V\\0e\\0l\\0\"",
        ],
    );
}

#[test]
fn gz_files_dispatch_on_inner_extension() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let paths = vec![
        write(d, "a.html.gz", &gzip(b"<p>Port Amsel</p>")),
        write(d, "b.txt.gz", &gzip(b"Rekker")),
        write(
            d,
            "c.jsonl.gz",
            &gzip(b"{\"text\":\"one\"}\n{\"text\":\"two\"}\n"),
        ),
        write(d, "d.gz", &gzip(b"<!doctype html><p>sniffed</p>")),
        write(d, "e.txt.gz", b"not gzip at all"),
        write(
            d,
            "f.txt.gz",
            &gzip(b"Rekker said the talks would resume")[..20],
        ),
        write(
            d,
            "g.jsonl.gz",
            &gzip(b"{\"text\":\"one\"}\n{\"text\":\"two\"}\n")[..30],
        ),
        write(d, "h.txt.gz", &gzip(b"")),
    ];
    check(
        &paths,
        d,
        &[
            r#"doc $T/a.html.gz html "<p>Port Amsel</p>""#,
            r#"doc $T/b.txt.gz text "Rekker""#,
            r#"doc $T/c.jsonl.gz#0@0 text "one""#,
            r#"doc $T/c.jsonl.gz#1@15 text "two""#,
            r#"doc $T/d.gz html "<!doctype html><p>sniffed</p>""#,
            "diag gzip $T/e.txt.gz",
            "diag gzip $T/f.txt.gz",
            // The decoder hands out what it could decode before the cut.
            r#"doc $T/g.jsonl.gz#0@0 text "one""#,
            "diag gzip $T/g.jsonl.gz#1@15",
            "diag empty $T/h.txt.gz",
        ],
    );
}

#[test]
fn jsonl_lines_offsets_and_bad_lines() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let lines = [
        r#"{"text":"Port Amsel is calm.","title":"Calm","authors":["A. Vos","B. Marr"],"published":"2024-03-01","url":"https://veloria.example/a","outlet":"Veloria Daily"}"#,
        r#"{"html":"<p>Rekker spoke.</p>","authors":"C. Ode"}"#,
        "",
        "not json",
        r#"{"title":"no body"}"#,
        r#"[1,2]"#,
        r#"{"text":"after the bad lines"}"#,
    ];
    let content = lines.join("\r\n") + "\n";
    let path = write(d, "news.jsonl", content.as_bytes());
    let items = read(std::slice::from_ref(&path), Options::default());
    // Offsets are the byte offsets where each line starts.
    let mut offsets = Vec::new();
    let mut at = 0;
    for l in &lines {
        offsets.push(at);
        at += l.len() + 2;
    }
    let expected: Vec<String> = vec![
        format!(
            "doc $T/news.jsonl#0@{} text \"Port Amsel is calm.\"",
            offsets[0]
        ),
        format!(
            "doc $T/news.jsonl#1@{} html \"<p>Rekker spoke.</p>\"",
            offsets[1]
        ),
        format!("diag jsonl $T/news.jsonl#3@{}", offsets[3]),
        format!("diag jsonl $T/news.jsonl#4@{}", offsets[4]),
        format!("diag jsonl $T/news.jsonl#5@{}", offsets[5]),
        format!(
            "doc $T/news.jsonl#6@{} text \"after the bad lines\"",
            offsets[6]
        ),
    ];
    assert_eq!(summary(&items, d), expected);
    // The raw line at each offset is the line itself.
    let raw = std::fs::read(&path).unwrap();
    for (i, off) in offsets.iter().enumerate() {
        assert!(raw[*off..].starts_with(lines[i].as_bytes()));
    }
    let docs = documents(items);
    let meta = &docs[0].meta;
    assert_eq!(meta.title.as_deref(), Some("Calm"));
    assert_eq!(meta.authors, vec!["A. Vos", "B. Marr"]);
    assert_eq!(meta.published.as_deref(), Some("2024-03-01"));
    assert_eq!(meta.url.as_deref(), Some("https://veloria.example/a"));
    assert_eq!(meta.outlet.as_deref(), Some("Veloria Daily"));
    assert_eq!(docs[1].meta.authors, vec!["C. Ode"]);
    assert_eq!(docs[1].format, Format::Html);
}

#[test]
fn jsonl_diagnostic_names_file_and_line() {
    let t = tempfile::tempdir().unwrap();
    let path = write(t.path(), "x.ndjson", b"{\"text\":\"ok\"}\n{broken\n");
    let items = read(&[path], Options::default());
    let Item::Diagnostic(d) = &items[1] else {
        panic!("{items:?}")
    };
    assert!(d.source.ends_with("x.ndjson#1@14"), "{}", d.source);
    assert!(d.message.contains("line 2"), "{}", d.message);
    assert!(d.message.contains("invalid JSON"), "{}", d.message);
}

#[test]
fn jsonl_long_line_is_too_large_and_reading_goes_on() {
    let t = tempfile::tempdir().unwrap();
    let long = format!("{{\"text\":\"{}\"}}\n", "a".repeat(1000));
    let content = format!("{long}{{\"text\":\"short\"}}\n");
    let path = write(t.path(), "x.jsonl", content.as_bytes());
    let items = read(
        &[path],
        Options {
            max_record_bytes: 100,
            ..Options::default()
        },
    );
    assert_eq!(
        summary(&items, t.path()),
        [
            "diag too-large $T/x.jsonl#0@0".to_string(),
            format!("doc $T/x.jsonl#1@{} text \"short\"", long.len())
        ]
    );
}

#[test]
fn json_file_object_or_list() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let paths = vec![
        write(
            d,
            "one.json",
            b"{\n  \"text\": \"pretty printed\",\n  \"title\": \"T\"\n}\n",
        ),
        write(d, "list.json", br#"[{"text":"first"},{"nope":1}]"#),
        write(d, "bad.json", b"{"),
    ];
    check(
        &paths,
        d,
        &[
            r#"doc $T/one.json text "pretty printed""#,
            r#"doc $T/list.json#0@0 text "first""#,
            "diag jsonl $T/list.json#1@0",
            "diag jsonl $T/bad.json",
        ],
    );
}

#[test]
fn bad_inputs_each_give_one_diagnostic_and_reading_goes_on() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let mut binary = b"\x00\x01\x02\x03 some bytes".to_vec();
    binary.extend(vec![0u8; 200]);
    let paths = vec![
        d.join("missing.txt"),
        write(d, "empty.txt", b""),
        write(d, "bin.txt", &binary),
        write(d, "noext-binary", &binary),
        write(d, "report.pdf", b"%PDF-1.4"),
        write(d, "letter.docx", b"PK\x03\x04"),
        write(d, "photo.png", b"\x89PNG\r\n\x1a\n"),
        write(d, "hidden-pdf", b"%PDF-1.4\n"),
        write(d, "big.txt", &vec![b'a'; 2000]),
        write(d, "big.html.gz", &gzip(&vec![b'a'; 2000])),
        write(d, "empty.jsonl", b""),
        write(d, "bin.jsonl", &binary),
        write(d, "ok.txt", b"Still read after all that."),
    ];
    let options = Options {
        max_file_bytes: 1000,
        ..Options::default()
    };
    let items = read(&paths, options);
    assert_eq!(
        summary(&items, d),
        [
            "diag not-found $T/missing.txt",
            "diag empty $T/empty.txt",
            "diag binary $T/bin.txt",
            "diag binary $T/noext-binary",
            "diag unsupported $T/report.pdf",
            "diag unsupported $T/letter.docx",
            "diag unsupported $T/photo.png",
            "diag unsupported $T/hidden-pdf",
            "diag too-large $T/big.txt",
            "diag too-large $T/big.html.gz",
            "diag empty $T/empty.jsonl",
            "diag binary $T/bin.jsonl",
            r#"doc $T/ok.txt text "Still read after all that.""#,
        ]
    );
    for item in &items {
        if let Item::Diagnostic(diag) = item {
            assert!(diag.source.starts_with(&d.display().to_string()), "{diag}");
            assert!(!diag.message.is_empty(), "{diag}");
        }
    }
}

#[test]
fn io_errors() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    // Reading a directory as a file fails on read(2) with EISDIR: an `io` error, not a panic.
    let sub = d.join("sub.txt");
    std::fs::create_dir(&sub).unwrap();
    let items: Vec<Item> = ingest::read_file(&sub, &Options::default()).collect();
    assert_eq!(summary(&items, d), ["diag io $T/sub.txt"]);

    // Permission denied (only testable when not running as root, who may read anything).
    let locked = write(d, "locked.txt", b"secret");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&locked).is_err() {
        check(&[locked], d, &["diag io $T/locked.txt"]);
    } else {
        eprintln!("running as root: permission-denied case not observable, checked EISDIR only");
    }
}

#[test]
fn directory_walk_sorted_skipping_hidden() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    write(d, "b.txt", b"b");
    write(d, "a.txt", b"a");
    write(d, "sub/z.md", b"z");
    write(d, "sub/deeper/y.html", b"<p>y</p>");
    write(d, ".hidden.txt", b"hidden");
    write(d, ".git/config.txt", b"hidden dir");
    write(d, "sub/.cache/x.txt", b"hidden nested");
    write(d, "c.png", b"\x89PNG\r\n\x1a\n");
    check(
        &[d.to_path_buf()],
        d,
        &[
            r#"doc $T/a.txt text "a""#,
            r#"doc $T/b.txt text "b""#,
            "diag unsupported $T/c.png",
            r#"doc $T/sub/deeper/y.html html "<p>y</p>""#,
            r#"doc $T/sub/z.md markdown "z""#,
        ],
    );
}

#[test]
fn directory_of_100_files() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    for i in 0..100 {
        write(
            d,
            &format!("f{i:03}.txt"),
            format!("Article {i} about Port Amsel.").as_bytes(),
        );
    }
    let docs = documents(read(&[d.to_path_buf()], Options::default()));
    assert_eq!(docs.len(), 100);
    for (i, doc) in docs.iter().enumerate() {
        assert!(
            doc.origin.path.ends_with(&format!("f{i:03}.txt")),
            "{}",
            doc.origin.path
        );
    }
}

#[test]
fn stdin_sniffs_the_format() {
    let check_stdin = |input: &'static [u8], expected: &[&str]| {
        let items: Vec<Item> = ingest::stdin::read_from(input, &Options::default()).collect();
        assert_eq!(
            summary(&items, Path::new("/nonexistent")),
            expected,
            "{:?}",
            String::from_utf8_lossy(input)
        );
    };
    check_stdin(
        b"  {\"text\":\"a\"}\n{\"text\":\"b\"}",
        &[r#"doc -#0@0 text "a""#, r#"doc -#1@15 text "b""#],
    );
    check_stdin(
        b"<!DOCTYPE html><p>x</p>",
        &[r#"doc - html "<!DOCTYPE html><p>x</p>""#],
    );
    check_stdin(b"Plain words.", &[r#"doc - text "Plain words.""#]);
    check_stdin(b"", &["diag empty -"]);
    check_stdin(b"\x00\x00\x00\x00binary", &["diag binary -"]);
    let warc: &'static [u8] = Box::leak(warc_files::sample_warc().into_boxed_slice());
    let items: Vec<Item> = ingest::stdin::read_from(warc, &Options::default()).collect();
    assert_eq!(documents(items).len(), 3);
}
