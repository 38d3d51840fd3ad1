//! The shipped model on fictional news sentences written for this test (the example corpus'
//! invented country Veloria and invented people), in normal mixed-case prose and in a headline.

use ner::Recognizer;

/// Mentions found in one document, as (text, label).
fn found(doc: &[&str]) -> Vec<(String, &'static str)> {
    let r = Recognizer::load_default().expect("the shipped model loads");
    let sentences: Vec<Vec<&str>> = doc.iter().map(|s| s.split(' ').collect()).collect();
    let out = r.recognize(&sentences);
    assert_eq!(out.len(), sentences.len());
    let mut all = Vec::new();
    for (words, mentions) in sentences.iter().zip(&out) {
        for &(s, e, t) in mentions {
            all.push((words[s..e].join(" "), t.as_str()));
        }
    }
    all
}

fn assert_found(doc: &[&str], expected: &[(&str, &str)]) {
    let got = found(doc);
    let got: Vec<(&str, &str)> = got.iter().map(|(a, b)| (a.as_str(), *b)).collect();
    assert_eq!(got, expected, "in {doc:?}");
}

#[test]
fn person_places_and_organisation() {
    assert_found(
        &["President Tomas Rekker of Veloria met officials of the Northern Security Pact in Port Amsel on Tuesday ."],
        &[("Tomas Rekker", "PER"), ("Veloria", "LOC"), ("Northern Security Pact", "ORG"), ("Port Amsel", "LOC")],
    );
}

#[test]
fn nationalities_are_norp() {
    assert_found(
        &["Velorian troops and Russian officials met near the border on Monday ."],
        &[("Velorian", "NORP"), ("Russian", "NORP")],
    );
}

#[test]
fn names_are_consistent_across_a_document() {
    // The second mention is a bare surname at the start of a sentence; the document says who he is.
    let doc = [
        "Opposition leader Anton Varga said on Friday that the elections in Veloria had been rigged .",
        "Varga told reporters in Velsk that his party would boycott parliament .",
    ];
    let got = found(&doc);
    assert!(got.contains(&("Anton Varga".to_string(), "PER")), "{got:?}");
    assert!(got.contains(&("Varga".to_string(), "PER")), "{got:?}");
    assert!(got.contains(&("Velsk".to_string(), "LOC")), "{got:?}");
}

#[test]
fn headline_in_capitals() {
    // A headline in capitals followed by its story: the story says what the capitalised words are.
    let got = found(&[
        "REKKER MEETS NATO ENVOY IN PORT AMSEL .",
        "PORT AMSEL 1996-08-30",
        "Velorian President Tomas Rekker met a NATO envoy in Port Amsel on Friday , officials said .",
    ]);
    assert!(got.contains(&("NATO".to_string(), "ORG")), "{got:?}");
    assert!(got.contains(&("PORT AMSEL".to_string(), "LOC")), "{got:?}");
    assert!(got.contains(&("REKKER".to_string(), "PER")), "{got:?}");
}

#[test]
fn typographic_apostrophes_read_like_ascii_ones() {
    let ascii = found(&["Veloria 's president Tomas Rekker flew to Port Amsel ."]);
    let curly = found(&["Veloria \u{2019}s president Tomas Rekker flew to Port Amsel ."]);
    assert_eq!(ascii, curly);
    assert!(ascii.contains(&("Tomas Rekker".to_string(), "PER")), "{ascii:?}");
}

#[test]
fn common_words_are_not_entities() {
    assert_found(&["The government said prices would rise again next year , officials said ."], &[]);
}
