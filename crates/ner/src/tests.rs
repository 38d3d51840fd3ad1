use super::*;
use crate::conll::{chunks, Score};

fn check_chunks(tags: &[&str], expected: &[(usize, usize, &str)]) {
    let got = chunks(tags);
    let got: Vec<(usize, usize, &str)> = got.iter().map(|(s, e, t)| (*s, *e, t.as_str())).collect();
    assert_eq!(got, expected, "tags {tags:?}");
}

#[test]
fn conlleval_chunks_iob1_and_iob2() {
    // IOB1: B- only separates two adjacent chunks of the same type.
    check_chunks(&["I-PER", "I-PER", "B-PER", "O", "I-LOC"], &[(0, 2, "PER"), (2, 3, "PER"), (4, 5, "LOC")]);
    // A type change ends a chunk even without B-.
    check_chunks(&["I-ORG", "I-LOC", "I-LOC"], &[(0, 1, "ORG"), (1, 3, "LOC")]);
    // IOB2 and a stray I- after O (conlleval starts a chunk there).
    check_chunks(&["B-MISC", "I-MISC", "O", "I-PER", "B-PER"], &[(0, 2, "MISC"), (3, 4, "PER"), (4, 5, "PER")]);
    check_chunks(&[], &[]);
}

#[test]
fn conlleval_score_hand_example() {
    // Worked by conlleval's rules: sentence 1 has 4 gold and 4 found phrases, 3 correct (the
    // IOB1 "I-PER I-PER" is one chunk, so "B-PER O" is wrong); sentence 2 adds a missed MISC and a
    // spurious PER. conlleval prints "found: 5 phrases; correct: 3", precision 60.00%, recall
    // 60.00%, FB1 60.00; PER precision 0.00% (0/2), LOC 100.00%.
    let gold = ["I-PER", "I-PER", "O", "I-ORG", "I-ORG", "O", "I-LOC", "B-LOC"];
    let pred = ["B-PER", "O", "O", "B-ORG", "I-ORG", "O", "B-LOC", "B-LOC"];
    let mut score = Score::default();
    score.add_tags(&gold, &pred);
    assert_eq!((score.total.gold, score.total.predicted, score.total.correct), (4, 4, 3));
    let gold2 = ["I-MISC", "O"];
    let pred2 = ["O", "I-PER"];
    score.add_tags(&gold2, &pred2);
    assert_eq!((score.total.gold, score.total.predicted, score.total.correct), (5, 5, 3));
    assert!((score.total.precision() - 60.0).abs() < 1e-9);
    assert!((score.total.recall() - 60.0).abs() < 1e-9);
    assert!((score.total.f1() - 60.0).abs() < 1e-9);
    assert_eq!(score.by_type.get("PER").map(|c| (c.gold, c.predicted, c.correct)), Some((1, 2, 0)));
    assert_eq!(score.by_type.get("LOC").map(|c| (c.gold, c.predicted, c.correct)), Some((2, 2, 2)));
}

#[test]
fn bilou_roundtrip() {
    let m = vec![(0, 2, EntityType::Per), (3, 4, EntityType::Loc), (4, 7, EntityType::Org)];
    let tags = mentions_to_tags(8, &m);
    assert_eq!(tags_to_mentions(&tags), m);
    // Ill-formed sequences still give well-formed spans.
    assert_eq!(tags_to_mentions(&[2, 2, 0, 7]), vec![(0, 2, EntityType::Per), (3, 4, EntityType::Org)]);
    for prev in 0..=START {
        for next in 0..START {
            let _ = allowed(prev, next, true);
        }
    }
}

#[test]
fn garbage_model_is_an_error() {
    assert!(Recognizer::from_bytes(b"").is_err());
    assert!(Recognizer::from_bytes(b"not a model at all").is_err());
}

fn default() -> Option<&'static Recognizer> {
    let r = Recognizer::load_default();
    // A fresh checkout always has a trained model; an empty placeholder only exists while
    // bootstrapping with `cargo xtask train ner`.
    if DEFAULT_MODEL.is_empty() {
        assert!(r.is_err());
        return None;
    }
    Some(r.expect("the shipped model loads"))
}

fn check_recognize(text: &[&str], expected: &[(&str, &str)]) {
    let Some(r) = default() else { return };
    let sentences: Vec<Vec<&str>> = text.iter().map(|s| s.split(' ').collect()).collect();
    let got = r.recognize(&sentences);
    let mut found = Vec::new();
    for (sent, mentions) in sentences.iter().zip(&got) {
        for &(s, e, t) in mentions {
            found.push((sent[s..e].join(" "), t.as_str()));
        }
    }
    let found: Vec<(&str, &str)> = found.iter().map(|(a, b)| (a.as_str(), *b)).collect();
    assert_eq!(found, expected);
}

#[test]
fn fictional_text() {
    check_recognize(
        &["President Tomas Rekker of Veloria met the Eastern Security Pact in Velsk ."],
        &[("Tomas Rekker", "PER"), ("Veloria", "LOC"), ("Eastern Security Pact", "ORG"), ("Velsk", "LOC")],
    );
}

#[test]
fn never_panics_on_odd_input() {
    let Some(r) = default() else { return };
    let long: Vec<&str> = std::iter::repeat_n("Amsel", 5000).collect();
    let inputs: Vec<Vec<Vec<&str>>> = vec![
        vec![],
        vec![vec![]],
        vec![vec![""], vec![" ", "\u{0}", "ǅ", "İ", "🙂"]],
        vec![long],
        vec![vec!["-DOCSTART-"], vec!["PORT", "AMSEL", "1996-08-30"]],
    ];
    for doc in inputs {
        let out = r.recognize(&doc);
        assert_eq!(out.len(), doc.len());
        for (sent, mentions) in doc.iter().zip(&out) {
            for &(s, e, _) in mentions {
                assert!(s < e && e <= sent.len());
            }
        }
    }
}

#[test]
fn long_sentence_is_linear() {
    // A 60,000-word "sentence" with no punctuation: decoding must stay linear (no per-token copies
    // of the whole tag sequence), so this takes well under a second in release mode.
    let Some(r) = default() else { return };
    let words = ["Port", "Amsel", "of", "the", "Velorian", "Tomas", "Rekker", "said"];
    let long: Vec<&str> = (0..60_000).map(|i| words[i % words.len()]).collect();
    let started = std::time::Instant::now();
    let out = r.recognize(&[long]);
    assert_eq!(out.len(), 1);
    assert!(out[0].iter().all(|&(s, e, _)| s < e && e <= 60_000));
    assert!(started.elapsed().as_secs() < 30);
}

#[test]
fn allowed_table_matches_the_rules() {
    for last in [false, true] {
        for prev in 0..=START {
            for next in 0..START {
                assert_eq!(allowed(prev, next, last), allowed_slow(prev, next, last), "{prev} {next} {last}");
            }
        }
    }
    // B-PER may not follow B-PER; I-PER may follow B-PER but not end a sentence.
    assert!(!allowed(1, 1, false));
    assert!(allowed(1, 2, false));
    assert!(!allowed(1, 2, true));
}

#[test]
fn feature_index_finds_every_key_and_nothing_else() {
    let keys: Vec<u64> = (1..1000u64).map(|i| i.wrapping_mul(0x9e37_79b9_7f4a_7c15) & !0xff).chain([0, 1, 1 << 40]).collect();
    let mut index = FeatureIndex::with_capacity(keys.len());
    for (row, &k) in keys.iter().enumerate() {
        index.insert(k, row as u32);
    }
    for (row, &k) in keys.iter().enumerate() {
        assert_eq!(index.get(k), Some(row as u32), "key {k}");
    }
    assert_eq!(index.get(3), None);
    assert_eq!(index.get(u64::MAX), None);
}

#[test]
fn merged_weights_tag_like_the_two_passes() {
    let (pass1, pass2, memory) = read_model(DEFAULT_MODEL).unwrap();
    let merged = Merged::new(&pass1, pass2.as_ref());
    let doc: Vec<Vec<&str>> = vec![
        "President Amsel Rekker of Veloria met the Northern Security Pact in Brussels on Monday .".split(' ').collect(),
        "Rekker said Velorian troops would leave Kessin , a town near the German border .".split(' ').collect(),
        "VELORIA BEAT ITALY 2-1 IN ROME".split(' ').collect(),
        vec![],
    ];
    let view = DocView::new(&doc, &memory);
    let separate = tag_document(&pass1, pass2.as_ref(), &view);
    assert_eq!(tag_document_merged(&merged, true, &view), separate);
    assert!(separate.iter().flatten().any(|&t| t != O));
    let first = tag_document(&pass1, None::<&Weights>, &view);
    assert_eq!(tag_document_merged(&merged, false, &view), first);
}
