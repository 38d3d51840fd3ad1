//! The standard pipeline end to end on fictional news: part of speech, dependency trees and
//! entities grouped within a document, and bounded behaviour on text that is not prose.

use annotate::Pipeline;
use model::{Doc, Format, Layer, OffsetMap, Origin};

fn analyse(text: &str) -> Doc {
    let mut doc = Doc::new("0".repeat(16), Origin::file("t.txt"), Format::Text, Default::default(), text.into(), OffsetMap::default());
    let diagnostics = Pipeline::standard().run(&mut doc);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    doc
}

fn word_index(doc: &Doc, word: &str) -> usize {
    doc.tokens.iter().position(|t| t.span.text(&doc.text) == word).unwrap_or_else(|| panic!("no token {word:?}"))
}

/// Heads of each sentence stay in the sentence, there is no cycle, and each sentence has at
/// least one root (one per parsed piece).
fn check_trees(doc: &Doc) {
    assert_eq!(doc.analyses.len(), doc.tokens.len());
    for s in &doc.sentences {
        let range = s.tokens.0 as usize..s.tokens.1 as usize;
        let mut roots = 0;
        for i in range.clone() {
            match doc.analyses[i].head {
                None => {
                    roots += 1;
                    assert_eq!(doc.analyses[i].deprel, "root");
                }
                Some(h) => assert!(range.contains(&(h as usize)), "head {h} of {i} outside {range:?}"),
            }
            // Following heads from any token reaches a root within the sentence length.
            let mut at = i;
            let mut steps = 0;
            while let Some(h) = doc.analyses[at].head {
                at = h as usize;
                steps += 1;
                assert!(steps <= range.len(), "cycle through token {i}");
            }
        }
        assert!(roots >= 1 && roots <= range.len().div_ceil(annotate::syntax::MAX_PARSE), "{roots} roots");
    }
}

const STORY: &str = "President Tomas Rekker of Veloria said on Tuesday that 2,500 troops of the Eastern \
Security Pact had arrived in Port Amsel. Rekker thanked Velorian soldiers.\n\n\
Critics of the Pact say Rekker's decision was a mistake.";

#[test]
fn tags_parses_and_groups_entities() {
    let doc = analyse(STORY);
    for layer in [Layer::Pos, Layer::Syntax, Layer::Entities] {
        assert!(doc.has_layer(layer), "{layer:?}");
    }
    let said = word_index(&doc, "said");
    assert_eq!(doc.analyses[said].xpos, "VBD");
    assert_eq!(doc.analyses[said].lemma, "say");
    let soldiers = word_index(&doc, "soldiers");
    assert_eq!((doc.analyses[soldiers].upos.as_str(), doc.analyses[soldiers].lemma.as_str()), ("NOUN", "soldier"));
    let troops = word_index(&doc, "troops");
    check_trees(&doc);
    // The name "Tomas Rekker" is the subject of "said" (UD heads a flat name by its first word).
    let subject = (0..said).find(|&i| doc.analyses[i].head == Some(said as u32) && doc.analyses[i].deprel == "nsubj");
    let subject = subject.map(|i| doc.tokens[i].span.text(&doc.text));
    assert!(matches!(subject, Some("Tomas" | "Rekker")), "{subject:?} {:?}", &doc.analyses[..said + 1]);
    // 2,500 counts the troops.
    let n = word_index(&doc, "2,500");
    assert_eq!((doc.analyses[n].head, doc.analyses[n].deprel.as_str()), (Some(troops as u32), "nummod"));

    let mentions: Vec<(&str, &str, u64)> = doc
        .annotations
        .iter()
        .filter(|a| a.layer == Layer::Entities)
        .map(|a| (a.span.text(&doc.text), a.label.as_str(), a.attrs["entity"].as_u64().unwrap_or(99)))
        .collect();
    let entity_of = |name: &str| mentions.iter().find(|m| m.0 == name).map(|m| (m.1, m.2));
    let rekker = entity_of("Tomas Rekker").expect("Tomas Rekker found");
    assert_eq!(rekker.0, "PERSON");
    assert_eq!(mentions.iter().filter(|m| m.0 == "Rekker").map(|m| (m.1, m.2)).collect::<Vec<_>>(), [rekker, rekker]);
    assert_eq!(entity_of("Veloria").map(|e| e.0), Some("LOC"));
    assert_eq!(entity_of("Port Amsel").map(|e| e.0), Some("LOC"));
    assert_eq!(entity_of("Velorian").map(|e| e.0), Some("NORP"));
    let pact = entity_of("Eastern Security Pact").expect("the alliance found");
    assert_eq!(pact.0, "ORG");
    assert_eq!(entity_of("Pact"), Some(pact), "the head noun names the same alliance");
    for a in doc.annotations.iter().filter(|a| a.layer == Layer::Entities) {
        assert!(a.attrs["name"].is_string());
    }
}

#[test]
fn a_megabyte_without_punctuation_is_bounded() {
    // One "sentence" of ~180,000 words: tagged, parsed in pieces, no panic.
    let words = ["troops", "Rekker", "moved", "the", "of", "Veloria", "and", "2,500", "in", "Amsel"];
    let mut text = String::with_capacity(1 << 20);
    let mut i = 0usize;
    while text.len() < (1 << 20) {
        text.push_str(words[(i * 7 + i / 3) % words.len()]);
        text.push(' ');
        i += 1;
    }
    let doc = analyse(&text);
    assert!(doc.tokens.len() > 150_000);
    check_trees(&doc);
}

#[test]
fn odd_text_keeps_the_invariants() {
    for text in ["", " ", "\n\n\n", "“”", "—", "A.", "U.S. U.S. U.S.", "😀 😀", "Ж Қ İ ß", "((((((((", "'s 's n't"] {
        let doc = analyse(text);
        check_trees(&doc);
        for a in &doc.annotations {
            assert!(text.get(a.span.range()).is_some_and(|s| !s.is_empty()), "{text:?}: {a:?}");
        }
    }
}
