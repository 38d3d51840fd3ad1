//! The `quotes` annotator end to end, on a fictional article with the phenomena analysts meet:
//! quotations after and before their speech verb, split quotations, continuations, scare
//! quotes, reported speech, "according to", "as X observes", documents as sources, pronouns.

use model::{Doc, Format, Layer, Metadata, OffsetMap, Origin};

fn analyse(text: &str) -> Doc {
    let mut doc = Doc::new("t".into(), Origin::file("t"), Format::Text, Metadata::default(), text.to_string(), OffsetMap::identity(text.len()));
    annotate::Pipeline::standard().run(&mut doc);
    doc
}

/// `(label, speaker name, cue, content)` per quote.
fn quotes(doc: &Doc) -> Vec<(String, String, String, String)> {
    let piece = |v: &serde_json::Value| -> String {
        let (Some(a), Some(b)) = (v.get(0).and_then(|x| x.as_u64()), v.get(1).and_then(|x| x.as_u64())) else { return String::new() };
        doc.text.get(a as usize..b as usize).unwrap_or("").to_string()
    };
    doc.annotations
        .iter()
        .filter(|a| a.layer == Layer::Quotes)
        .map(|a| {
            let speaker = a.attrs["speaker"]["name"].as_str().unwrap_or("").to_string();
            let content = a.attrs["content"].as_array().map(|c| c.iter().map(piece).collect::<Vec<_>>().join(" | ")).unwrap_or_default();
            (a.label.clone(), speaker, piece(&a.attrs["cue"]), content)
        })
        .collect()
}

#[test]
fn fixture_quotes() {
    let text = include_str!("data/quotes-fixture.txt");
    let doc = analyse(text);
    let found = quotes(&doc);
    for q in &found {
        eprintln!("{q:?}");
    }
    // (direct, speaker, cue, a piece of the content)
    let expected = [
        (false, "Tomas Rekker", "told", "the country had survived"),
        (true, "Viktor Halloran", "said", "Not a single civilian was harmed"),
        (false, "Paul Strand", "observes", "the deployment was small"),
        (true, "Nadia Galt", "suggests", "The ESP presence, | was a token of support"),
        (false, "Tomas Rekker", "lambasted", "the old system"),
        (false, "Tomas Rekker", "said", "the founder's family would no longer enjoy immunity"),
        (false, "Chatham Institute", "notes", "the security services answered to the founder"),
        (false, "the health ministry", "According to", "at least 160 people died"),
        (false, "Kordavia", "warned", "any attempt to punish the protesters"),
        (false, "Nadia Galt", "argued", "the crisis was about succession"),
        (false, "Tomas Rekker", "said", "the troops would leave"),
        (true, "Tomas Rekker", "said", "He betrayed the state"),
        (true, "Marta Vell", "said", "We came as friends"),
    ];
    for (direct, speaker, cue, content) in expected {
        let label = if direct { "direct" } else { "indirect" };
        assert!(
            found.iter().any(|(l, s, c, t)| l == label && s.contains(speaker) && c == cue && t.contains(content)),
            "missing {label} quote by {speaker} ({cue}): {content}\nfound: {found:#?}"
        );
    }
    assert_eq!(found.len(), expected.len(), "nothing else is a quote: {found:#?}");
    // Scare quotes and quoted phrases inside a statement are not statements of their own.
    for scare in ["peacekeepers", "an attempted coup d'état", "armed militants trained abroad", "when their task is done"] {
        assert!(!found.iter().any(|(_, _, _, t)| t == scare), "scare quote reported: {scare}");
    }
}

#[test]
fn pathological_input_is_bounded() {
    // Unbalanced marks, a very long run-on sentence, quotes in every position.
    let mut text = String::from("“Unclosed quotation said he, ");
    for i in 0..3000 {
        text.push_str(if i % 7 == 0 { "” said X “ " } else { "word said that " });
    }
    let doc = analyse(&text);
    let _ = quotes(&doc);
    let doc = analyse("\"\"\"“”«»'' `` ― : — said");
    let _ = quotes(&doc);
}

#[test]
#[ignore]
fn debug_parse() {
    let text = std::env::var("DEBUG_TEXT").unwrap_or_default();
    let doc = analyse(&text);
    for (i, (t, a)) in doc.tokens.iter().zip(&doc.analyses).enumerate() {
        eprintln!("{i}\t{}\t{}\t{}\t{}\t{:?}\t{}", t.span.text(&doc.text), a.lemma, a.upos, a.xpos, a.head, a.deprel);
    }
    for s in &doc.sentences {
        eprintln!("S {:?}", s.tokens);
    }
    for a in &doc.annotations {
        eprintln!("A {:?} {} {:?} {}", a.layer, a.label, a.span.text(&doc.text), a.attrs);
    }
}
