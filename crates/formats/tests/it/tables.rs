//! CSV and Parquet tables: every table written, headers as documented, spans that slice the
//! document text exactly, the planted facts in the rows, and Parquet read back with the
//! parquet crate's reader with the same rows and typed columns.

use std::collections::HashMap;
use std::fs::File;

use arrow_array::{Array, Date32Array, Float64Array, Int64Array, StringArray, UInt32Array};
use arrow_schema::DataType;
use formats::{Format, Table};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use crate::fixture::{contract, example};

type Rows = Vec<HashMap<String, String>>;

fn read_csv(path: &std::path::Path) -> (Vec<String>, Rows) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let headers: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r.records().map(|rec| headers.iter().cloned().zip(rec.unwrap().iter().map(str::to_string)).collect()).collect();
    (headers, rows)
}

fn chars(text: &str, start: &str, end: &str) -> String {
    let (s, e): (usize, usize) = (start.parse().unwrap(), end.parse().unwrap());
    text.chars().skip(s).take(e - s).collect()
}

#[test]
fn csv_tables_of_the_example_corpus() {
    let store = example();
    let dir = tempfile::tempdir().unwrap();
    let written = formats::write_dir(&*store, Format::Csv, dir.path()).unwrap();
    assert_eq!(written.len(), Table::ALL.len());
    let json = contract(&store);
    let mut tables: HashMap<Table, Rows> = HashMap::new();
    for (table, path, n) in &written {
        assert_eq!(path, &dir.path().join(format!("{}.csv", table.name())));
        let (headers, rows) = read_csv(path);
        let expected: Vec<&str> = table.columns().iter().map(|c| c.name).collect();
        assert_eq!(headers, expected, "{table}");
        assert_eq!(rows.len() as u64, *n, "{table}");
        tables.insert(*table, rows);
    }
    // Row counts agree with the JSON contract.
    let count = |k: &str| json[k].as_array().unwrap().len();
    assert_eq!(tables[&Table::Documents].len(), 13);
    assert_eq!(tables[&Table::Entities].len(), count("entities"));
    assert_eq!(tables[&Table::Events].len(), count("events"));
    assert_eq!(tables[&Table::EventReports].len(), count("event_reports"));
    assert_eq!(tables[&Table::Quotes].len(), count("quotes"));
    assert_eq!(tables[&Table::Quantities].len(), count("quantities"));
    assert_eq!(tables[&Table::Times].len(), count("times"));
    assert_eq!(tables[&Table::Links].len(), count("links"));
    let claims: usize = json["contradictions"].as_array().unwrap().iter().map(|c| c["claims"].as_array().unwrap().len()).sum();
    assert_eq!(tables[&Table::Contradictions].len(), claims);
    let mentions: usize = json["entities"].as_array().unwrap().iter().map(|e| e["mentions"].as_array().unwrap().len()).sum();
    assert_eq!(tables[&Table::Mentions].len(), mentions, "every mention of a corpus entity, once");

    // Spans are code points of the document's text; evidence is the sentence around them.
    let text: HashMap<&str, &str> = tables[&Table::Documents].iter().map(|d| (d["id"].as_str(), d["text"].as_str())).collect();
    for (table, span, field) in [
        (Table::Mentions, "", "text"),
        (Table::Quotes, "cue_", "cue_text"),
        (Table::Quantities, "", "text"),
        (Table::Times, "", "text"),
        (Table::EventReports, "trigger_", "trigger_text"),
    ] {
        for row in &tables[&table] {
            let t = text[row["doc"].as_str()];
            if row[&format!("{span}start")].is_empty() {
                continue;
            }
            assert_eq!(chars(t, &row[&format!("{span}start")], &row[&format!("{span}end")]), row[field], "{table}: {row:?}");
            let evidence = chars(t, &row["evidence_start"], &row["evidence_end"]);
            assert_eq!(evidence, row["evidence_text"], "{table}");
            assert!(evidence.contains(row[field].as_str()), "{table}: the evidence holds the span: {row:?}");
        }
    }
    // Tables join on ids.
    let entity_ids: Vec<&str> = tables[&Table::Entities].iter().map(|e| e["id"].as_str()).collect();
    assert!(tables[&Table::Mentions].iter().all(|m| entity_ids.contains(&m["entity"].as_str())));
    let event_ids: Vec<&str> = tables[&Table::Events].iter().map(|e| e["id"].as_str()).collect();
    assert!(tables[&Table::EventReports].iter().all(|r| event_ids.contains(&r["cluster"].as_str())));

    // The merged actor: one row, every spelling, mentions under each spelling.
    let rekker: Vec<_> = tables[&Table::Entities].iter().filter(|e| e["aliases"].split('|').any(|a| a == "Reker")).collect();
    assert_eq!(rekker.len(), 1, "{rekker:?}");
    assert_eq!(rekker[0]["name"], "Tomas Rekker");
    assert!(rekker[0]["aliases"].split('|').any(|a| a == "Rekker"));
    assert!(rekker[0]["merge_rules"].split('|').any(|r| r == "spelling-variant"), "{:?}", rekker[0]);
    let id = rekker[0]["id"].as_str();
    let spellings: Vec<&str> = tables[&Table::Mentions].iter().filter(|m| m["entity"] == id).map(|m| m["text"].as_str()).collect();
    assert!(spellings.contains(&"Reker") && spellings.contains(&"Rekker"), "{spellings:?}");

    // The disputed arrest date: one contradiction, a row per side, each with its sentence.
    let arrest: Vec<_> = tables[&Table::Contradictions].iter().filter(|c| c["topic"].contains("arrest") && c["topic"].contains("Darvel")).collect();
    let values: Vec<&str> = arrest.iter().map(|c| c["value"].as_str()).collect();
    assert!(values.contains(&"2031-01-06") && values.contains(&"2031-01-08"), "{arrest:?}");
    assert!(arrest.iter().all(|c| c["kind"] == "date" && !c["evidence_text"].is_empty() && text.contains_key(c["evidence_doc"].as_str())));
    let event = arrest[0]["event"].as_str();
    let ev = tables[&Table::Events].iter().find(|e| e["id"] == event).unwrap();
    assert_eq!((ev["type"].as_str(), ev["cameo"].as_str()), ("COERCE", "173"), "{ev:?}");
    assert!(ev["disputed"].split('|').any(|d| d == arrest[0]["id"]));
    assert!(ev["n_sources"].parse::<u32>().unwrap() >= 2);

    // Documents keep the columns of the CSV export before tables, in order.
    let old = ["id", "source", "title", "authors", "published", "outlet", "url", "language", "duplicate_of", "duplicate_kind", "n_chars", "n_sentences", "text"];
    assert_eq!(&Table::Documents.columns().iter().map(|c| c.name).collect::<Vec<_>>()[..old.len()], &old);
    let copies = tables[&Table::Documents].iter().filter(|d| !d["duplicate_of"].is_empty()).count();
    assert_eq!(copies, 2);
    assert!(tables[&Table::Documents].iter().any(|d| d["authors"].contains('|')), "two authors joined with |");
}

/// A Parquet file read whole: its columns' names and types, its rows, each column's values as text.
type ParquetTable = (Vec<(String, DataType)>, usize, HashMap<String, Vec<Option<String>>>);

fn read_parquet(path: &std::path::Path) -> ParquetTable {
    let builder = ParquetRecordBatchReaderBuilder::try_new(File::open(path).unwrap()).unwrap();
    let schema = builder.schema().clone();
    let fields: Vec<(String, DataType)> = schema.fields().iter().map(|f| (f.name().clone(), f.data_type().clone())).collect();
    let mut columns: HashMap<String, Vec<Option<String>>> = HashMap::new();
    let mut rows = 0;
    for batch in builder.build().unwrap() {
        let batch = batch.unwrap();
        rows += batch.num_rows();
        for (k, (name, _)) in fields.iter().enumerate() {
            let col = batch.column(k);
            let values: Vec<Option<String>> = (0..col.len())
                .map(|i| {
                    if col.is_null(i) {
                        return None;
                    }
                    let any = col.as_any();
                    Some(if let Some(a) = any.downcast_ref::<StringArray>() {
                        a.value(i).to_string()
                    } else if let Some(a) = any.downcast_ref::<Int64Array>() {
                        a.value(i).to_string()
                    } else if let Some(a) = any.downcast_ref::<UInt32Array>() {
                        a.value(i).to_string()
                    } else if let Some(a) = any.downcast_ref::<Float64Array>() {
                        a.value(i).to_string()
                    } else if let Some(a) = any.downcast_ref::<Date32Array>() {
                        a.value(i).to_string()
                    } else {
                        format!("{:?}", col.slice(i, 1))
                    })
                })
                .collect();
            columns.entry(name.clone()).or_default().extend(values);
        }
    }
    (fields, rows, columns)
}

#[test]
fn parquet_tables_read_back() {
    let store = example();
    let dir = tempfile::tempdir().unwrap();
    let csv_dir = tempfile::tempdir().unwrap();
    let written = formats::write_dir(&*store, Format::Parquet, dir.path()).unwrap();
    let csv_written = formats::write_dir(&*store, Format::Csv, csv_dir.path()).unwrap();
    for ((table, path, n), (_, csv_path, csv_n)) in written.iter().zip(&csv_written) {
        assert_eq!(n, csv_n, "{table}: same rows as CSV");
        let (fields, rows, columns) = read_parquet(path);
        assert_eq!(rows as u64, *n, "{table}");
        let names: Vec<&str> = fields.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(names, table.columns().iter().map(|c| c.name).collect::<Vec<_>>(), "{table}");
        // Text columns hold what the CSV holds.
        let (_, csv_rows) = read_csv(csv_path);
        for (name, t) in &fields {
            if *t == DataType::Utf8 {
                let from_csv: Vec<String> = csv_rows.iter().map(|r| r[name].clone()).collect();
                let from_parquet: Vec<String> = columns[name].iter().map(|v| v.clone().unwrap_or_default()).collect();
                assert_eq!(from_parquet, from_csv, "{table}.{name}");
            }
        }
    }
    // Typed columns.
    let (fields, _, columns) = read_parquet(&dir.path().join("documents.parquet"));
    let kind = |name: &str| fields.iter().find(|f| f.0 == name).map(|f| f.1.clone()).unwrap();
    assert_eq!(kind("published"), DataType::Date32);
    assert_eq!(kind("n_chars"), DataType::Int64);
    assert_eq!(kind("duplicate_similarity"), DataType::Float64);
    // 2031-01-10 is day 22,289 after 1970-01-01.
    assert!(columns["published"].iter().any(|d| d.as_deref() == Some("22289")), "{:?}", columns["published"]);
    assert_eq!(columns["published"].iter().filter(|d| d.is_none()).count(), 1, "the undated document");
    let (fields, _, columns) = read_parquet(&dir.path().join("quantities.parquet"));
    assert!(fields.iter().any(|f| f.0 == "value" && f.1 == DataType::Float64));
    assert!(fields.iter().any(|f| f.0 == "sentence" && f.1 == DataType::UInt32));
    assert!(columns["value"].iter().any(|v| v.as_deref() == Some("164")), "the death toll");
    let (fields, _, _) = read_parquet(&dir.path().join("events.parquet"));
    assert!(fields.iter().any(|f| f.0 == "one_off" && f.1 == DataType::Boolean));
}

#[test]
fn one_table_to_a_writer() {
    let store = example();
    let (bytes, n) = crate::fixture::export(&store, Format::Csv, Some(Table::Links));
    let text = String::from_utf8(bytes).unwrap();
    assert_eq!(text.lines().count() as u64, n + 1, "header and rows");
    assert!(text.starts_with("kind,from,from_name,to,to_name,reason\n"));
    let (bytes, _) = crate::fixture::export(&store, Format::Parquet, None);
    assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"));
    let err = formats::write(&*store, Format::Gexf, Some(Table::Entities), &mut Vec::new()).unwrap_err();
    assert!(err.to_string().contains("csv and parquet"), "{err}");
    assert!(formats::write_dir(&*store, Format::Gdelt, std::path::Path::new("/nonexistent")).is_err());
}
