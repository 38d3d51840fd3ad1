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
}
