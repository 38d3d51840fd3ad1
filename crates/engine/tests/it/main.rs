//! Engine-level tests: the pipeline's promises that span crates.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use model::{Format, RawDocument};
use store::{SqliteStore, Store};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus")
}

fn raw_documents() -> Vec<RawDocument> {
    ingest::read(vec![corpus()], ingest::Options::default())
        .map(|item| match item {
            ingest::Item::Document(raw) => raw,
            ingest::Item::Diagnostic(d) => panic!("unexpected diagnostic on the example corpus: {d}"),
        })
        .collect()
}

/// The first word of `s` (letters and digits only), for comparing across encodings.
fn first_word(s: &str) -> String {
    s.chars().take_while(|c| c.is_alphanumeric()).collect()
}

/// For each paragraph of each document of the example corpus: does its first word sit at the
/// raw-input offset its start maps to? Returns (format, origin, word, ok) per paragraph.
fn paragraph_starts() -> Vec<(Format, String, String, bool)> {
    let pipeline = annotate::Pipeline::standard();
    let mut out = Vec::new();
    for raw in raw_documents() {
        let (mut doc, _) = clean::clean(&raw).unwrap_or_else(|d| panic!("{d}"));
        pipeline.run(&mut doc);
        let mut paragraph = None;
        for s in &doc.sentences {
            if paragraph == Some(s.paragraph) {
                continue;
            }
            paragraph = Some(s.paragraph);
            let word = first_word(s.span.text(&doc.text));
            if word.len() < 3 || !word.is_ascii() {
                continue;
            }
            let at = doc.offsets.map(s.span.start as usize).expect("non-empty map");
            let ok = raw.bytes.get(at..at + word.len()) == Some(word.as_bytes());
            out.push((raw.format, raw.origin.to_string(), word, ok));
        }
    }
    out
}

/// Every paragraph of a text or Markdown document maps back exactly to the place in the raw
/// input where it starts (markup such as `## **...**` excluded).
#[test]
fn text_paragraph_starts_map_back_exactly() {
    let starts: Vec<_> = paragraph_starts().into_iter().filter(|p| p.0 != Format::Html).collect();
    assert!(starts.len() > 50);
    let wrong: Vec<_> = starts.iter().filter(|p| !p.3).collect();
    assert!(wrong.is_empty(), "{wrong:?}");
}

/// HTML gives no positions, so blocks are located by their words: nearly every paragraph of
/// the example corpus's HTML (pages, JSON Lines `html` records, WARC responses, windows-1252
/// included) still maps to where it starts in the raw bytes.
#[test]
fn html_paragraph_starts_map_back() {
    let starts: Vec<_> = paragraph_starts().into_iter().filter(|p| p.0 == Format::Html).collect();
    assert!(starts.len() > 30);
    let wrong: Vec<_> = starts.iter().filter(|p| !p.3).collect();
    assert!(wrong.len() * 20 <= starts.len(), "{} of {} wrong: {wrong:?}", wrong.len(), starts.len());
}

/// Analysing in several small batches gives the same documents and duplicate links as one
/// batch: deduplication and recurring-block removal do not depend on batch boundaries for
/// what the example corpus plants.
#[test]
fn batch_size_does_not_change_duplicates() {
    let links = |batch_size: usize| {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SqliteStore::open(&dir.path().join("t.db")).unwrap();
        let options = engine::Options { batch_size, ..engine::Options::default() };
        let s = engine::analyze(&mut store, vec![corpus()], &options, &engine::NoProgress, &AtomicBool::new(false)).unwrap();
        assert_eq!((s.n_stored, s.n_exact_duplicates, s.n_near_duplicates), (13, 1, 1), "batch size {batch_size}");
        let mut out = Vec::new();
        store
            .for_each_document(&mut |d| {
                out.push((d.id.clone(), d.duplicate.map(|x| x.of)));
                Ok(())
            })
            .unwrap();
        out
    };
    assert_eq!(links(1), links(256));
    assert_eq!(links(3), links(256));
}

/// A run interrupted before it starts stores nothing and says so; the next run does the work.
#[test]
fn cancelled_run_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(&dir.path().join("t.db")).unwrap();
    let options = engine::Options { batch_size: 4, ..engine::Options::default() };
    let s = engine::analyze(&mut store, vec![corpus()], &options, &engine::NoProgress, &AtomicBool::new(true)).unwrap();
    assert!(s.interrupted && s.n_stored == 0);
    let s = engine::analyze(&mut store, vec![corpus()], &options, &engine::NoProgress, &AtomicBool::new(false)).unwrap();
    assert!(!s.interrupted);
    assert_eq!(s.n_stored, 13);
}
