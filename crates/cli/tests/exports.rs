//! `dossier export` with the formats other tools read (docs/exports.md): the command-line
//! rules (a directory gets every table, a file or standard output one; the old CSV of
//! documents still comes out by default) and clear usage errors. What each format contains
//! is tested in `crates/formats`.

#[allow(dead_code)]
#[path = "it/util.rs"]
mod util;

use util::{TestDir, STORY_A, STORY_B};

fn analysed() -> TestDir {
    let t = TestDir::new();
    t.write("in/a.txt", STORY_A);
    t.write("in/b.txt", STORY_B);
    t.run(&["analyze", "in"]).expect_code(0);
    t
}

const TABLES: [&str; 10] = ["documents", "entities", "mentions", "events", "event_reports", "quotes", "quantities", "times", "contradictions", "links"];

#[test]
fn export_formats_from_the_command_line() {
    let t = analysed();

    // No --out, no --table: the documents table on standard output, as before.
    let csv = t.run(&["export", "--format", "csv"]).expect_code(0).stdout();
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(&r.headers().unwrap()[0], "id");
    assert_eq!(r.records().count(), 2);

    // --out DIR: every table, for CSV and Parquet.
    for (format, ext) in [("csv", "csv"), ("parquet", "parquet")] {
        let dir = t.path().join(format!("tables-{format}"));
        let run = t.run(&["export", "--format", format, "--out", dir.to_str().unwrap()]).expect_code(0);
        for table in TABLES {
            let path = dir.join(format!("{table}.{ext}"));
            assert!(path.is_file(), "{}", path.display());
            assert!(run.stderr().contains(table), "a line per table: {}", run.stderr());
        }
    }
    let entities = std::fs::read_to_string(t.path().join("tables-csv/entities.csv")).unwrap();
    assert!(entities.lines().any(|l| l.contains("Tomas Rekker")), "{entities}");
    let parquet = std::fs::read(t.path().join("tables-parquet/documents.parquet")).unwrap();
    assert!(parquet.starts_with(b"PAR1") && parquet.ends_with(b"PAR1"));

    // --table T: one table, to standard output or a file; `-` and `_` both work.
    let quotes = t.run(&["export", "--format", "csv", "--table", "quotes"]).expect_code(0).stdout();
    assert!(quotes.starts_with("id,doc,direct,"), "{quotes}");
    let out = t.path().join("reports.csv");
    t.run(&["export", "--format", "csv", "--table", "event-reports", "--out", out.to_str().unwrap()]).expect_code(0);
    assert!(std::fs::read_to_string(&out).unwrap().starts_with("id,doc,cluster,"));
    // Parquet to a pipe is fine (a terminal is refused).
    let run = t.run(&["export", "--format", "parquet", "--table", "entities"]).expect_code(0);
    assert!(run.output.stdout.starts_with(b"PAR1"));

    // The one-document formats.
    let gexf = t.run(&["export", "--format", "gexf"]).expect_code(0).stdout();
    assert!(gexf.contains("<gexf xmlns=\"http://gexf.net/1.3\"") && gexf.contains("label=\"Tomas Rekker\""), "{gexf}");
    let graphml = t.run(&["export", "--format", "graphml"]).expect_code(0).stdout();
    assert!(graphml.contains("<graphml") && graphml.trim_end().ends_with("</graphml>"));
    let timeline: serde_json::Value = serde_json::from_str(&t.run(&["export", "--format", "timelinejs"]).expect_code(0).stdout()).unwrap();
    assert!(timeline["events"].is_array() && timeline["title"].is_object());
    let out = t.path().join("events.tsv");
    let run = t.run(&["export", "--format", "gdelt", "--out", out.to_str().unwrap()]).expect_code(0);
    assert!(run.stderr().contains("exported"), "{}", run.stderr());
    let tsv = std::fs::read_to_string(&out).unwrap();
    assert!(tsv.lines().all(|l| l.split('\t').count() == 61), "{tsv}");

    // The JSON contract is unchanged.
    let json = t.run(&["export", "--format", "json"]).expect_code(0).json();
    assert_eq!(json["schema_version"], "2.1.0");
}

#[test]
fn export_usage_errors_are_clear() {
    let t = analysed();
    let run = t.run(&["export", "--format", "csv", "--table", "people"]).expect_code(2);
    assert!(run.stderr().contains("unknown table `people`") && run.stderr().contains("event_reports"), "{}", run.stderr());
    let run = t.run(&["export", "--format", "gexf", "--table", "entities"]).expect_code(2);
    assert!(run.stderr().contains("--table applies to csv and parquet"), "{}", run.stderr());
    let run = t.run(&["export", "--format", "json", "--table", "entities"]).expect_code(2);
    assert!(run.stderr().contains("--table applies to csv and parquet"), "{}", run.stderr());
    let run = t.run(&["export", "--format", "gdelt", "--tokens"]).expect_code(2);
    assert!(run.stderr().contains("--tokens applies to json and jsonl"), "{}", run.stderr());
    let run = t.run(&["export", "--format", "xml"]).expect_code(2);
    assert!(run.stderr().contains("timelinejs"), "the known formats are listed: {}", run.stderr());
}
