//! Behaviour every [`Store`] backend must have, written against the trait only, so the same
//! functions run against SQLite now and PostgreSQL later (see `backend_suite!` in main.rs).

use model::{Diagnostic, DocId, Duplicate, DuplicateKind};
use store::{DocQuery, Error, Stats, Store};

use crate::fixtures::{self, article, batch, minimal, rich, Spec, TEXT};

fn ids(store: &dyn Store, query: &DocQuery) -> Vec<DocId> {
    store.list_documents(query).unwrap().into_iter().map(|d| d.id).collect()
}

fn check_list(store: &dyn Store, query: DocQuery, expected: &[&str]) {
    assert_eq!(ids(store, &query), expected, "query {query:?}");
}

fn for_each_ids(store: &dyn Store) -> Vec<DocId> {
    let mut seen = Vec::new();
    store
        .for_each_document(&mut |d| {
            seen.push(d.id);
            Ok(())
        })
        .unwrap();
    seen
}

pub fn round_trip_rich(store: &mut dyn Store) {
    let run = store.begin_run("dossier analyze crawl/").unwrap();
    let sd = rich();
    store.put_batch(&batch(run, vec![sd.clone()], vec![])).unwrap();
    let got = store.get_document(&sd.doc.id).unwrap().expect("stored document");
    assert_eq!(got, sd.doc);
    // The offset map survives as a map, not just as equal values.
    assert_eq!(got.offsets.map(13), sd.doc.offsets.map(13));
}

pub fn round_trip_plain_articles(store: &mut dyn Store) {
    let run = store.begin_run("analyze").unwrap();
    let docs: Vec<_> = (0..5)
        .map(|i| {
            let id = format!("a{i:015}");
            let text = if i % 2 == 0 { TEXT.to_string() } else { fixtures::long_text(i) };
            article(Spec { id: &id, published: Some("2024-01-01"), ..Spec::default() }, &text)
        })
        .collect();
    assert!(docs[1].doc.tokens.len() > 900, "fixture should be long: {}", docs[1].doc.tokens.len());
    store.put_batch(&batch(run, docs.clone(), vec![])).unwrap();
    for sd in &docs {
        assert_eq!(store.get_document(&sd.doc.id).unwrap().as_ref(), Some(&sd.doc));
    }
}

pub fn round_trip_minimal(store: &mut dyn Store) {
    let run = store.begin_run("analyze -").unwrap();
    let sd = minimal("0000000000000001");
    store.put_batch(&batch(run, vec![sd.clone()], vec![])).unwrap();
    assert_eq!(store.get_document("0000000000000001").unwrap(), Some(sd.doc));
    assert_eq!(store.signatures().unwrap(), vec![("0000000000000001".to_string(), vec![])]);
}

pub fn ids_and_prefixes(store: &mut dyn Store) {
    let run = store.begin_run("analyze").unwrap();
    let docs = ["abcd000000000001", "abcd000000000002", "abce000000000003", "ffff000000000004"]
        .map(|id| article(Spec { id, ..Spec::default() }, TEXT));
    store.put_batch(&batch(run, docs.to_vec(), vec![])).unwrap();

    let check = |key: &str, expected: Option<&str>| {
        let got = store.get_document(key).unwrap().map(|d| d.id);
        assert_eq!(got.as_deref(), expected, "key {key:?}");
    };
    check("abcd000000000001", Some("abcd000000000001"));
    check("abce", Some("abce000000000003"));
    check("abcd000000000003", None);
    check("abcd0000000000011", None);
    check("ffff0", Some("ffff000000000004"));
    check(" ffff ", Some("ffff000000000004"));
    check("fff", None); // shorter than 4: only exact ids
    check("abcf", None);
    check("", None);
    check("%", None);
    check("abc_", None);
    check("ABCE", None); // ids are lower-case hex

    match store.get_document("abcd") {
        Err(Error::Ambiguous { prefix, n }) => assert_eq!((prefix.as_str(), n), ("abcd", 2)),
        other => panic!("expected Ambiguous, got {other:?}"),
    }
    assert!(store.contains("abcd000000000001").unwrap());
    assert!(!store.contains("abcd").unwrap());
}

pub fn already_stored_is_skipped(store: &mut dyn Store) {
    let run = store.begin_run("analyze").unwrap();
    let first = article(Spec { id: "1111111111111111", outlet: Some("Courier"), ..Spec::default() }, TEXT);
    store.put_batch(&batch(run, vec![first.clone()], vec![])).unwrap();

    // The same id again, with different content, across batches and twice within one.
    let mut other = article(Spec { id: "1111111111111111", outlet: Some("Herald"), ..Spec::default() }, "Other. Text.");
    other.signature = vec![7, 7, 7];
    let new = article(Spec { id: "2222222222222222", ..Spec::default() }, TEXT);
    store.put_batch(&batch(run, vec![other.clone(), new.clone(), other, new.clone()], vec![])).unwrap();

    assert_eq!(store.get_document("1111111111111111").unwrap(), Some(first.doc.clone()));
    assert_eq!(store.get_document("2222222222222222").unwrap(), Some(new.doc.clone()));
    let stats = store.stats().unwrap();
    assert_eq!(stats.n_documents, 2);
    assert_eq!(stats.n_sentences, (first.doc.sentences.len() + new.doc.sentences.len()) as u64);
    assert_eq!(
        store.signatures().unwrap(),
        vec![("1111111111111111".into(), first.signature), ("2222222222222222".into(), new.signature)]
    );
}

/// Documents for the listing tests, stored in a scrambled order.
fn listing_corpus(store: &mut dyn Store) {
    let run = store.begin_run("analyze").unwrap();
    let specs = [
        Spec {
            id: "e000000000000005",
            published: None,
            outlet: Some("Courier"),
            language: Some("en"),
            ..Spec::default()
        },
        Spec {
            id: "b000000000000002",
            published: Some("2024-02-01"),
            outlet: Some("Herald"),
            language: Some("en"),
            ..Spec::default()
        },
        Spec {
            id: "a000000000000001",
            published: Some("2024-02-01"),
            outlet: Some("Courier"),
            language: Some("de"),
            ..Spec::default()
        },
        Spec {
            id: "c000000000000003",
            published: Some("2023-12-31T23:00:00Z"),
            outlet: None,
            language: Some("en"),
            ..Spec::default()
        },
        Spec {
            id: "d000000000000004",
            published: None,
            outlet: Some("Courier"),
            language: None,
            duplicate_of: Some("a000000000000001"),
        },
        Spec {
            id: "f000000000000006",
            published: Some("2024-02-01T06:00"),
            outlet: Some("Courier"),
            language: Some("en"),
            duplicate_of: Some("c000000000000003"),
        },
    ];
    let docs = specs.into_iter().map(|s| article(s, TEXT)).collect();
    store.put_batch(&batch(run, docs, vec![])).unwrap();
}

pub fn list_order_and_filters(store: &mut dyn Store) {
    listing_corpus(store);
    let all = [
        "c000000000000003",
        "a000000000000001",
        "b000000000000002",
        "f000000000000006",
        "d000000000000004",
        "e000000000000005",
    ];
    check_list(store, DocQuery::default(), &all);
    check_list(store, DocQuery { limit: Some(2), ..DocQuery::default() }, &all[..2]);
    check_list(store, DocQuery { limit: Some(3), offset: 2, ..DocQuery::default() }, &all[2..5]);
    check_list(store, DocQuery { offset: 5, ..DocQuery::default() }, &all[5..]);
    check_list(store, DocQuery { offset: 6, ..DocQuery::default() }, &[]);
    check_list(store, DocQuery { offset: u64::MAX, limit: Some(u64::MAX), ..DocQuery::default() }, &[]);
    check_list(store, DocQuery { limit: Some(0), ..DocQuery::default() }, &[]);
    check_list(
        store,
        DocQuery { outlet: Some("Courier".into()), ..DocQuery::default() },
        &["a000000000000001", "f000000000000006", "d000000000000004", "e000000000000005"],
    );
    check_list(
        store,
        DocQuery {
            outlet: Some("Courier".into()),
            language: Some("en".into()),
            exclude_duplicates: true,
            ..DocQuery::default()
        },
        &["e000000000000005"],
    );
    check_list(
        store,
        DocQuery { exclude_duplicates: true, ..DocQuery::default() },
        &["c000000000000003", "a000000000000001", "b000000000000002", "e000000000000005"],
    );
    check_list(store, DocQuery { language: Some("de".into()), ..DocQuery::default() }, &["a000000000000001"]);
    check_list(store, DocQuery { outlet: Some("courier".into()), ..DocQuery::default() }, &[]);
    // for_each_document visits in the same order as the listing.
    assert_eq!(for_each_ids(store), all);
}

pub fn list_summary_fields(store: &mut dyn Store) {
    let run = store.begin_run("analyze").unwrap();
    let r = rich();
    let plain = article(Spec { id: "0000000000000abc", ..Spec::default() }, TEXT);
    store.put_batch(&batch(run, vec![r.clone(), plain.clone()], vec![])).unwrap();
    let list = store.list_documents(&DocQuery::default()).unwrap();
    assert_eq!(list.len(), 2);
    let s = &list[0];
    assert_eq!(s.id, r.doc.id);
    assert_eq!(s.source, r.doc.source(), "the URL when known");
    assert_eq!(s.title, r.doc.meta.title);
    assert_eq!(s.published.as_deref(), Some("2024-03-01T08:30:00Z"));
    assert_eq!(s.outlet.as_deref(), Some("Amsel Courier"));
    assert_eq!(s.language.as_deref(), Some("en"));
    assert_eq!(s.n_chars, r.doc.text.chars().count() as u64, "characters, not bytes");
    assert_ne!(s.n_chars, r.doc.text.len() as u64);
    assert_eq!(s.n_sentences, r.doc.sentences.len() as u64);
    assert_eq!(s.duplicate_of.as_deref(), Some("0123456789abcdef"));
    let p = &list[1];
    assert_eq!(p.source, "corpus/0000000000000abc.txt", "the origin without a URL");
    assert_eq!(p.duplicate_of, None);
    assert_eq!(p.published, None);

    // Record origins show their record in the source.
    let mut rec = minimal("0000000000000def");
    rec.doc.origin = model::Origin::record("feed.jsonl", 3, 120);
    store.put_batch(&batch(run, vec![rec], vec![])).unwrap();
    let list = store.list_documents(&DocQuery { offset: 2, ..DocQuery::default() }).unwrap();
    assert_eq!(list[0].source, "feed.jsonl#3@120");
}

/// Enough documents to cross several pages, with many equal dates and undated documents, so
/// paging by (published, id) is exercised at its boundaries.
pub fn for_each_matches_list_across_pages(store: &mut dyn Store) {
    let run = store.begin_run("analyze").unwrap();
    let dates = [None, Some("2024-01-01"), Some("2024-01-02"), Some("2023-06-30T12:00")];
    for chunk in 0..4 {
        let docs = (0..300)
            .map(|i| {
                let n = chunk * 300 + i;
                let id = format!("{:016x}", (n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
                let mut sd = minimal(&id);
                sd.doc.meta.published = dates[n % dates.len()].map(str::to_string);
                sd
            })
            .collect();
        store.put_batch(&batch(run, docs, vec![])).unwrap();
    }
    let listed = ids(store, &DocQuery::default());
    assert_eq!(listed.len(), 1200);
    assert_eq!(for_each_ids(store), listed);
    // And the listing order is the documented one.
    let list = store.list_documents(&DocQuery::default()).unwrap();
    let key = |d: &store::DocSummary| (d.published.is_none(), d.published.clone(), d.id.clone());
    assert!(list.windows(2).all(|w| key(&w[0]) < key(&w[1])));
}

pub fn for_each_stops_on_error(store: &mut dyn Store) {
    listing_corpus(store);
    let mut n = 0;
    let result = store.for_each_document(&mut |_| {
        n += 1;
        if n == 2 {
            return Err(Error::Corrupt { path: "test".into(), id: "x".into(), message: "stop".into() });
        }
        Ok(())
    });
    assert!(matches!(result, Err(Error::Corrupt { ref message, .. }) if message == "stop"), "{result:?}");
    assert_eq!(n, 2);
}

pub fn runs_and_diagnostics(store: &mut dyn Store) {
    assert_eq!(store.diagnostics(None).unwrap(), vec![]);
    let run1 = store.begin_run("dossier analyze a/").unwrap();
    let d1 = Diagnostic::error("a/broken.html", "decode", "invalid UTF-8 at byte 12");
    let d2 = Diagnostic::warning("a/feed.jsonl#4@900", "charset", "charset guessed as windows-1252");
    store.put_batch(&batch(run1, vec![], vec![d1.clone(), d2.clone()])).unwrap();
    store.finish_run(run1, &serde_json::json!({"n_read": 2, "interrupted": false})).unwrap();

    let run2 = store.begin_run("dossier analyze b/").unwrap();
    assert_ne!(run1, run2);
    let d3 = Diagnostic::error("b/empty.txt", "empty", "no text");
    store
        .put_batch(&batch(
            run2,
            vec![article(Spec { id: "5555555555555555", ..Spec::default() }, TEXT)],
            vec![d3.clone()],
        ))
        .unwrap();

    assert_eq!(store.diagnostics(Some(run1)).unwrap(), vec![d1.clone(), d2.clone()]);
    assert_eq!(store.diagnostics(Some(run2)).unwrap(), vec![d3.clone()]);
    assert_eq!(store.diagnostics(None).unwrap(), vec![d1, d2, d3]);
    assert_eq!(store.diagnostics(Some(run2 + 100)).unwrap(), vec![]);
    // An unfinished run can be finished later; an unknown one cannot.
    store.finish_run(run2, &serde_json::Value::Null).unwrap();
    assert!(store.finish_run(run2 + 100, &serde_json::json!({})).is_err());
}

pub fn stats_counts(store: &mut dyn Store) {
    assert_eq!(store.stats().unwrap(), Stats::default());
    listing_corpus(store);
    let run = store.begin_run("again").unwrap();
    store.put_batch(&batch(run, vec![], vec![Diagnostic::error("x", "io", "gone")])).unwrap();
    let per_doc = article(Spec::default(), TEXT).doc.sentences.len() as u64;
    assert_eq!(per_doc, 4);
    assert_eq!(
        store.stats().unwrap(),
        Stats { n_documents: 6, n_duplicates: 2, n_sentences: 6 * per_doc, n_diagnostics: 1, n_runs: 2 }
    );
}

pub fn text_hashes_and_signatures(store: &mut dyn Store) {
    let run = store.begin_run("analyze").unwrap();
    let mut a = article(Spec { id: "9000000000000001", ..Spec::default() }, TEXT);
    let mut b = article(Spec { id: "1000000000000002", ..Spec::default() }, TEXT);
    b.doc.duplicate = Some(Duplicate { of: a.doc.id.clone(), kind: DuplicateKind::Exact, similarity: 1.0 });
    let c = article(Spec { id: "5000000000000003", ..Spec::default() }, "Something else entirely.");
    a.signature = vec![1, 2, 3];
    b.signature = vec![u32::MAX, 0];
    store.put_batch(&batch(run, vec![a.clone()], vec![])).unwrap();
    store.put_batch(&batch(run, vec![b.clone(), c.clone()], vec![])).unwrap();

    // The earliest stored wins, not the smallest id.
    assert_eq!(store.find_by_text_hash(&a.text_hash).unwrap().as_deref(), Some("9000000000000001"));
    assert_eq!(store.find_by_text_hash(&c.text_hash).unwrap().as_deref(), Some("5000000000000003"));
    assert_eq!(store.find_by_text_hash("nope").unwrap(), None);
    // Signatures of originals come back in storage order; the duplicate `b` is left out so
    // that new documents are linked to the original, never to a copy.
    assert_eq!(store.signatures().unwrap(), vec![(a.doc.id, a.signature), (c.doc.id, c.signature)]);
}

/// A batch that fails halfway leaves nothing behind: neither its earlier documents nor their
/// children nor its diagnostics.
pub fn failed_batch_is_atomic(store: &mut dyn Store) {
    let run = store.begin_run("analyze").unwrap();
    let kept = article(Spec { id: "7000000000000001", ..Spec::default() }, TEXT);
    store.put_batch(&batch(run, vec![kept.clone()], vec![Diagnostic::warning("k", "w", "kept")])).unwrap();
    let before = store.stats().unwrap();

    let early = article(Spec { id: "7000000000000002", ..Spec::default() }, TEXT);
    // A record offset beyond what a 64-bit signed column holds cannot be stored.
    let mut bad = article(Spec { id: "7000000000000003", ..Spec::default() }, TEXT);
    bad.doc.origin = model::Origin::record("huge.warc", 1, u64::MAX);
    let late = article(Spec { id: "7000000000000004", ..Spec::default() }, TEXT);
    let result = store.put_batch(&batch(run, vec![early, bad, late], vec![Diagnostic::error("x", "e", "lost")]));
    match result {
        Err(e @ Error::Database { .. }) => {
            assert!(e.to_string().contains("7000000000000003"), "names the document: {e}")
        }
        other => panic!("expected a database error, got {other:?}"),
    }

    assert_eq!(store.stats().unwrap(), before);
    assert!(!store.contains("7000000000000002").unwrap());
    assert!(!store.contains("7000000000000004").unwrap());
    assert_eq!(ids(store, &DocQuery::default()), vec!["7000000000000001"]);
    assert_eq!(store.signatures().unwrap().len(), 1);
    assert_eq!(store.diagnostics(None).unwrap(), vec![Diagnostic::warning("k", "w", "kept")]);
    assert_eq!(store.get_document("7000000000000001").unwrap(), Some(kept.doc));

    // The store is still usable, and the failed documents can be stored once fixed.
    let again = article(Spec { id: "7000000000000002", ..Spec::default() }, TEXT);
    store.put_batch(&batch(run, vec![again.clone()], vec![])).unwrap();
    assert_eq!(store.get_document("7000000000000002").unwrap(), Some(again.doc));
}

pub fn batch_for_unknown_run_fails(store: &mut dyn Store) {
    let result =
        store.put_batch(&batch(42, vec![article(Spec { id: "4242424242424242", ..Spec::default() }, TEXT)], vec![]));
    assert!(result.is_err(), "{result:?}");
    assert!(!store.contains("4242424242424242").unwrap());
}

pub fn empty_batch(store: &mut dyn Store) {
    let run = store.begin_run("analyze").unwrap();
    store.put_batch(&batch(run, vec![], vec![])).unwrap();
    assert_eq!(store.stats().unwrap(), Stats { n_runs: 1, ..Stats::default() });
    assert_eq!(store.get_document("anything").unwrap(), None);
    assert_eq!(for_each_ids(store), Vec::<String>::new());
}

pub fn update_annotations_in_place(store: &mut dyn Store) {
    let run = store.begin_run("analyze").unwrap();
    let sd = rich();
    store.put_batch(&batch(run, vec![sd.clone()], vec![])).unwrap();
    let mut changed = sd.doc.annotations[2].clone();
    changed.attrs = serde_json::json!({"value": "2031-01-04", "anchor": "corpus"});
    changed.label = "DATE".into();
    // Index 99 does not exist and an unknown document is ignored.
    store.update_annotations(&sd.doc.id, &[(2, changed.clone()), (99, changed.clone())]).unwrap();
    store.update_annotations("ffffffffffffffff", &[(0, changed.clone())]).unwrap();
    let got = store.get_document(&sd.doc.id).unwrap().unwrap();
    let mut expected = sd.doc.clone();
    expected.annotations[2] = changed;
    assert_eq!(got, expected);
}

pub fn for_each_layers_reads_only_those(store: &mut dyn Store) {
    use model::Layer;
    let run = store.begin_run("analyze").unwrap();
    let (sd, plain) = (rich(), minimal("5555555555555555"));
    store.put_batch(&batch(run, vec![sd.clone(), plain.clone()], vec![])).unwrap();
    let wanted = [Layer::Quantities, Layer::Entities];
    let mut seen = Vec::new();
    store
        .for_each_document_layers(&wanted, &mut |doc, indices| {
            seen.push((doc, indices));
            Ok(())
        })
        .unwrap();
    let full = [sd.doc, plain.doc];
    assert_eq!(seen.len(), 2);
    for (doc, indices) in &seen {
        let whole = full.iter().find(|d| d.id == doc.id).unwrap();
        // Only the wanted layers, in the stored order, each with its index in the whole document.
        let expected: Vec<(usize, &model::Annotation)> =
            whole.annotations.iter().enumerate().filter(|(_, a)| wanted.contains(&a.layer)).collect();
        assert_eq!(indices.len(), doc.annotations.len());
        assert_eq!(indices.iter().copied().zip(doc.annotations.iter()).collect::<Vec<_>>(), expected);
        // No tokens or analyses; text, sentences and metadata as stored.
        assert!(doc.tokens.is_empty() && doc.analyses.is_empty());
        assert_eq!((&doc.text, &doc.sentences, &doc.meta), (&whole.text, &whole.sentences, &whole.meta));
    }
    // The rich document has both kinds of layer: the filter did something.
    let rich_seen = seen.iter().find(|(d, _)| d.id == full[0].id).unwrap();
    assert!(!rich_seen.0.annotations.is_empty() && rich_seen.0.annotations.len() < full[0].annotations.len());
    assert!(!full[0].tokens.is_empty());
}

pub fn reasoning_larger_than_a_part_round_trips(store: &mut dyn Store) {
    assert_eq!(store.reasoning().unwrap(), None);
    // Over 64 MB (a stored part) with multi-byte characters around the cuts; a 100,000-document
    // corpus's result passes the 1 GB that one value may hold.
    let big = format!("{{\"entities\":\"{}\"}}", "Алматы ".repeat(6_000_000));
    assert!(big.len() > 64 << 20);
    store.put_reasoning(&big).unwrap();
    assert!(store.reasoning().unwrap().as_deref() == Some(big.as_str()));
    // Replaced whole by a smaller one: no part of the bigger one is left behind.
    store.put_reasoning("{\"entities\":[]}").unwrap();
    assert_eq!(store.reasoning().unwrap().as_deref(), Some("{\"entities\":[]}"));
}

pub fn count_and_published_bounds(store: &mut dyn Store) {
    use store::Published;
    listing_corpus(store);
    let any = Published::default();
    assert_eq!(store.count_documents(&DocQuery::default(), &any).unwrap(), 6);
    let courier = DocQuery { outlet: Some("Courier".into()), ..DocQuery::default() };
    assert_eq!(store.count_documents(&courier, &any).unwrap(), 4);
    // Limit and offset do not change the count.
    assert_eq!(store.count_documents(&DocQuery { limit: Some(1), offset: 3, ..courier.clone() }, &any).unwrap(), 4);
    let feb = Published { from: Some("2024-02-01".into()), to: Some("2024-02-01".into()) };
    let listed: Vec<DocId> = store.list_documents_published(&DocQuery::default(), &feb).unwrap().into_iter().map(|d| d.id).collect();
    // Times of day are inside their day; undated documents are outside any bound.
    assert_eq!(listed, ["a000000000000001", "b000000000000002", "f000000000000006"]);
    assert_eq!(store.count_documents(&DocQuery::default(), &feb).unwrap(), 3);
    let until_2023 = Published { from: None, to: Some("2023-12-31".into()) };
    let listed: Vec<DocId> = store.list_documents_published(&DocQuery::default(), &until_2023).unwrap().into_iter().map(|d| d.id).collect();
    assert_eq!(listed, ["c000000000000003"]);
    let later = Published { from: Some("2024-02-02".into()), to: None };
    assert_eq!(store.count_documents(&DocQuery::default(), &later).unwrap(), 0);
    let page = DocQuery { limit: Some(1), offset: 1, ..DocQuery::default() };
    let listed: Vec<DocId> = store.list_documents_published(&page, &feb).unwrap().into_iter().map(|d| d.id).collect();
    assert_eq!(listed, ["b000000000000002"]);
}

pub fn search_finds_words_and_never_errors(store: &mut dyn Store) {
    let run = store.begin_run("analyze").unwrap();
    let docs = vec![
        article(Spec { id: "a000000000000001", published: Some("2031-01-05"), outlet: Some("Courier"), ..Spec::default() }, TEXT),
        article(
            Spec { id: "b000000000000002", published: Some("2031-01-06"), ..Spec::default() },
            "Protesters gathered in Corvinsk. The governor of Corvinsk resigned; protesters cheered.",
        ),
        article(Spec { id: "c000000000000003", ..Spec::default() }, "Déjà vu in Séverine: a café <script>alert(1)</script> opened."),
    ];
    store.put_batch(&batch(run, docs, vec![])).unwrap();

    let page = store.search("rekker", 10, 0).unwrap();
    assert_eq!(page.total, 1);
    let hit = &page.hits[0];
    assert_eq!((hit.id.as_str(), hit.outlet.as_deref(), hit.published.as_deref()), ("a000000000000001", Some("Courier"), Some("2031-01-05")));
    assert_eq!(hit.title.as_deref(), Some("Report a000000000000001"));
    let hits: Vec<&str> = hit.snippet.iter().filter(|p| p.hit).map(|p| p.text.as_str()).collect();
    assert_eq!(hits, ["Rekker"], "{:?}", hit.snippet);
    let whole: String = hit.snippet.iter().map(|p| p.text.as_str()).collect();
    assert!(whole.contains("president Tomas Rekker spoke"), "{whole}");
    assert!(hit.rank > 0.0);

    // All words must match, in any order; case and diacritics are folded.
    assert_eq!(store.search("CORVINSK protesters", 10, 0).unwrap().total, 1);
    assert_eq!(store.search("corvinsk rekker", 10, 0).unwrap().total, 0);
    assert_eq!(store.search("deja cafe", 10, 0).unwrap().hits[0].id, "c000000000000003");
    // Markup in the text is text: the snippet holds it verbatim, as plain pieces.
    let page = store.search("alert", 10, 0).unwrap();
    let whole: String = page.hits[0].snippet.iter().map(|p| p.text.as_str()).collect();
    assert!(whole.contains("<script>alert(1)</script>"), "{whole}");

    // The title matches too, and is weighted above the text.
    assert_eq!(store.search("report", 10, 0).unwrap().total, 3);

    // Search syntax is never interpreted, and never an error.
    for q in [
        "\"", "\"rekker", "rekker*", "*", "(", "rekker)", "AND", "NOT rekker", "rekker OR", "title:rekker", "NEAR(a b)", "^rekker",
        "-", "'; DROP TABLE documents; --", "{}", "a\u{0}b", "\u{E000}", "",
    ] {
        let page = store.search(q, 10, 0).unwrap_or_else(|e| panic!("{q:?}: {e}"));
        assert!(page.total <= 3, "{q:?}");
    }
    assert_eq!(store.search("rekker*", 10, 0).unwrap().total, 1, "a star is not a prefix operator");
    assert_eq!(store.search("title:rekker", 10, 0).unwrap().total, 0, "a colon is not a column filter");
    assert_eq!(store.search("   ", 10, 0).unwrap(), store::SearchPage::default());

    // Paging: stable order, total independent of the page.
    let all = store.search("report", 10, 0).unwrap();
    let second = store.search("report", 1, 1).unwrap();
    assert_eq!(second.total, 3);
    assert_eq!(second.hits, all.hits[1..2]);
    assert!(store.search("report", 10, u64::MAX).unwrap().hits.is_empty());
    assert_eq!(store.search("report", u64::MAX, 0).unwrap().hits.len(), 3);
    assert!(!all.capped);
    assert_eq!(all.order, store::SearchOrder::Relevance);

    // Past the cap: the count stops at the cap and the order is newest stored first.
    let capped = store.search_capped("report", 10, 0, 2).unwrap();
    assert_eq!((capped.total, capped.capped, capped.order), (2, true, store::SearchOrder::Newest));
    let ids: Vec<&str> = capped.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["c000000000000003", "b000000000000002", "a000000000000001"], "every match is still listed, newest first");
    // Unranked hits still carry a snippet with the matched word marked (from the text's start,
    // or from the title when only the title matches).
    for hit in &capped.hits {
        let marked: Vec<String> = hit.snippet.iter().filter(|p| p.hit).map(|p| p.text.to_lowercase()).collect();
        assert!(!marked.is_empty() && marked.iter().all(|w| w == "report"), "{}: {:?}", hit.id, hit.snippet);
        assert_eq!(hit.rank, 0.0);
    }
    for hit in &capped.hits {
        let ranked = all.hits.iter().find(|h| h.id == hit.id).unwrap();
        assert_eq!((&hit.title, &hit.published, &hit.outlet), (&ranked.title, &ranked.published, &ranked.outlet));
    }
    assert_eq!(store.search_capped("report", 1, 1, 2).unwrap().hits[0].id, "b000000000000002");
    let exact = store.search_capped("report", 10, 0, 3).unwrap();
    assert_eq!((exact.total, exact.capped, exact.order), (3, false, store::SearchOrder::Relevance));
    assert_eq!(exact.hits, all.hits);

    // A document stored again is not indexed twice.
    let run = store.begin_run("analyze").unwrap();
    store.put_batch(&batch(run, vec![article(Spec { id: "a000000000000001", ..Spec::default() }, TEXT)], vec![])).unwrap();
    assert_eq!(store.search("rekker", 10, 0).unwrap().total, 1);
}

pub fn overview_counts(store: &mut dyn Store) {
    listing_corpus(store);
    let o = store.overview().unwrap();
    assert_eq!(o.outlets, [("Courier".to_string(), 4), ("Herald".to_string(), 1)]);
    assert_eq!((o.first_date.as_deref(), o.last_date.as_deref()), (Some("2023-12-31"), Some("2024-02-01")));
    let per_doc = article(Spec { id: "x", ..Spec::default() }, TEXT).doc.annotations.len() as u64;
    assert_eq!(o.annotations(model::Layer::Entities), 6 * per_doc);
    assert_eq!(o.annotations(model::Layer::Quotes), 0);
}
