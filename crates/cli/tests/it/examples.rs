//! The built-in example corpus, end to end: what `examples/README.md` plants must come out.

use crate::util::{repo_root, TestDir};

fn analyzed() -> (TestDir, serde_json::Value, serde_json::Value) {
    let t = TestDir::new();
    let corpus = repo_root().join("examples/corpus");
    let summary = t.run(&["--json", "analyze", corpus.to_str().unwrap()]).expect_code(0).json();
    let export = t.run(&["export", "--format", "json"]).expect_code(0).json();
    (t, summary, export)
}

fn by_outlet<'a>(export: &'a serde_json::Value, outlet: &str) -> Vec<&'a serde_json::Value> {
    export["documents"].as_array().unwrap().iter().filter(|d| d["outlet"] == outlet).collect()
}

#[test]
fn example_corpus_end_to_end() {
    let (_t, summary, export) = analyzed();
    // 13 articles: 5 text/Markdown pages, 2 HTML pages, 4 JSON Lines records, 2 WARC responses
    // (the WARC's image response is not an article and is not counted).
    assert_eq!(summary["n_read"], 13, "{summary}");
    assert_eq!(summary["n_stored"], 13, "{summary}");
    assert_eq!(summary["n_skipped"], 0, "{summary}");
    assert_eq!(summary["n_exact_duplicates"], 1, "{summary}");
    assert_eq!(summary["n_near_duplicates"], 1, "{summary}");

    let docs = export["documents"].as_array().unwrap();
    // Every document is English, has a title and sentences.
    for d in docs {
        assert_eq!(d["language"], "en", "{}", d["source"]);
        assert!(d["title"].is_string(), "{}", d["source"]);
        assert!(d["sentences"].as_array().unwrap().len() >= 10, "{}", d["source"]);
    }

    // The wire story (JSONL #1) is repeated exactly by #4 and nearly by #2.
    let original = &by_outlet(&export, "Northline News")[0];
    assert!(original["duplicate_of"].is_null());
    let exact = &by_outlet(&export, "Morning Courier Online")[0];
    assert_eq!(exact["duplicate_of"], original["id"]);
    assert_eq!(exact["duplicate"]["kind"], "exact");
    let near = &by_outlet(&export, "Eastport Daily")[0];
    assert_eq!(near["duplicate_of"], original["id"]);
    assert_eq!(near["duplicate"]["kind"], "near");

    // The windows-1252 page is decoded: curly quotes and Nordic letters come out right.
    let harbour = &by_outlet(&export, "The Harbour Gazette")[0];
    assert_eq!(harbour["published"], "2031-01-06");
    assert_eq!(harbour["authors"], serde_json::json!(["Søren Aalund"]));
    assert!(harbour["title"].as_str().unwrap().contains("Veloria’s"), "{}", harbour["title"]);
    assert!(harbour["text"].as_str().unwrap().contains("“terrorist attack”"));

    // WARC records know their target URI and record offsets.
    let frontier = by_outlet(&export, "The Frontier Dispatch");
    assert_eq!(frontier.len(), 2);
    for d in &frontier {
        assert!(d["source"].as_str().unwrap().starts_with("https://frontierdispatch.example/"));
        assert!(d["origin"]["record"]["offset"].as_u64().unwrap() > 0);
    }

    // The undated analysis piece has no date; the others have theirs.
    let dated: Vec<_> = docs.iter().filter(|d| d["published"].is_string()).collect();
    assert_eq!(dated.len(), 12);
    let lantern = docs.iter().find(|d| d["source"].as_str().unwrap().ends_with("lantern-what-dranmoor-wanted.txt")).unwrap();
    assert!(lantern["published"].is_null());

    // Boilerplate is gone from the text pages, the article stays.
    for d in docs {
        let text = d["text"].as_str().unwrap();
        for junk in ["Read also", "Subscribe", "Sign up for", "All rights reserved", "Image:", "Courtesy:", "Source URL", "Home |"] {
            assert!(!text.contains(junk), "{junk:?} left in {}", d["source"]);
        }
    }
    let meridian = docs.iter().find(|d| d["title"] == "Veloria: Fuel, Fear and Foreign Soldiers").unwrap();
    let text = meridian["text"].as_str().unwrap();
    assert!(text.starts_with("For a decade the government in Port Amsel"));
    assert!(text.contains("It was Velsk, not Port Amsel, that set the intervention in motion."));
    assert_eq!(meridian["authors"], serde_json::json!(["Marta Lindgren"]));

    // The Markdown page broken by a page break mid-sentence is joined again.
    let continental = docs.iter().find(|d| d["format"] == "markdown" && d["published"] == "2031-01-21").unwrap();
    assert!(
        continental["text"].as_str().unwrap().contains(
            "To understand why that picture was wrong, and what the West should do about it, we need to separate what we know from what we are being told."
        ),
        "page break left in place"
    );
}

#[test]
fn example_corpus_reanalysis_is_idempotent() {
    let (t, _, _) = analyzed();
    let corpus = repo_root().join("examples/corpus");
    let again = t.run(&["--json", "analyze", corpus.to_str().unwrap()]).expect_code(0).json();
    assert_eq!(again["n_stored"], 0);
    assert_eq!(again["n_already_stored"], 13);
}
