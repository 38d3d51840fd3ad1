//! Hand-built documents about the fictional Republic of Veloria, with tokens, sentences and
//! annotations made by a toy tokenizer here (the store must not depend on `annotate`).

use model::{
    Analysis, Annotation, Diagnostic, Doc, Duplicate, DuplicateKind, Format, Layer, Metadata, OffsetMap, Origin, Provenance,
    Sentence, Span, Tag, Token, TokenKind,
};
use store::{Batch, RunId, StoredDoc};

/// What a test document needs besides its text; everything else gets a plain default.
#[derive(Clone, Default)]
pub struct Spec<'a> {
    pub id: &'a str,
    pub published: Option<&'a str>,
    pub outlet: Option<&'a str>,
    pub language: Option<&'a str>,
    pub duplicate_of: Option<&'a str>,
}

pub const TEXT: &str = "Veloria's president Tomas Rekker spoke in Port Amsel on Monday. \
    He said 3,400 troops would stay.\n\nThe opposition called it \u{201c}a mistake\u{201d}! Prices rose 12%.";

/// A document with tokens, sentences, entity annotations and provenance over `text`.
pub fn article(spec: Spec<'_>, text: &str) -> StoredDoc {
    let meta = Metadata {
        title: Some(format!("Report {}", spec.id)),
        authors: vec!["Ana Lind".into()],
        published: spec.published.map(str::to_string),
        outlet: spec.outlet.map(str::to_string),
        url: None,
        language: spec.language.map(str::to_string),
    };
    let mut doc = Doc::new(
        spec.id.to_string(),
        Origin::file(format!("corpus/{}.txt", spec.id)),
        Format::Text,
        meta,
        text.to_string(),
        OffsetMap::identity(text.len()),
    );
    doc.tokens = tokenize(text);
    doc.sentences = sentences(text, &doc.tokens);
    doc.annotations = entities(text);
    doc.provenance = vec![
        (Layer::Tokens, Provenance { annotator: "tokens".into(), version: 1 }),
        (Layer::Sentences, Provenance { annotator: "sentences".into(), version: 2 }),
        (Layer::Entities, Provenance { annotator: "toy-entities".into(), version: 1 }),
    ];
    doc.duplicate =
        spec.duplicate_of.map(|of| Duplicate { of: of.to_string(), kind: DuplicateKind::Exact, similarity: 1.0 });
    stored(doc)
}

/// Wraps a document with a text hash and a signature derived from its text and id.
pub fn stored(doc: Doc) -> StoredDoc {
    let text_hash = model::doc_id(doc.text.as_bytes());
    let seed = model::doc_id(doc.id.as_bytes());
    let signature = seed.bytes().map(|b| u32::from(b).wrapping_mul(2_654_435_761)).collect();
    StoredDoc { doc, text_hash, signature }
}

/// Everything the model can hold, with awkward values: a record origin, HTML with a
/// non-identity offset map, non-ASCII text, attributes of every JSON kind, a near duplicate.
pub fn rich() -> StoredDoc {
    let text =
        "Tomas Rekker\u{2019}s \u{201c}d\u{e9}j\u{e0} vu\u{201d} \u{1F600} in Port Amsel.\n\nSecond paragraph, 7.5 km.";
    let meta = Metadata {
        title: Some("Rekker \u{2014} the interview".into()),
        authors: vec!["Ana Lind".into(), "J\u{f6}rg Brand".into()],
        published: Some("2024-03-01T08:30:00Z".into()),
        outlet: Some("Amsel Courier".into()),
        url: Some("https://courier.example/rekker?id=1&x=\u{e9}".into()),
        language: Some("en".into()),
    };
    let mut offsets = OffsetMap::default();
    offsets.push(0..12, 40..52);
    offsets.push(12..15, 52..59); // an entity decoded from `&rsquo;`
    offsets.push(16..60, 70..114);
    let mut doc = Doc::new(
        "9f86d081884c7d65".into(),
        Origin::record("crawl/2024-03.warc.gz", 17, 1_234_567),
        Format::Html,
        meta,
        text.into(),
        offsets,
    );
    doc.tokens = tokenize(text);
    doc.sentences = sentences(text, &doc.tokens);
    // Analyses of every lemma kind (the form, its lowercase, spelled out, non-ASCII), heads
    // before and after, roots, and a long relation name.
    doc.analyses = doc
        .tokens
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let form = t.span.text(text);
            let lemma = match i % 3 {
                0 => form.to_string(),
                1 => form.to_lowercase(),
                _ => format!("{}\u{e9}", form.len()),
            };
            Analysis {
                xpos: Tag::new(if i % 2 == 0 { "NNP" } else { "VBD" }),
                upos: Tag::new("PROPN"),
                lemma,
                head: match i % 4 {
                    0 => None,
                    1 => Some(0),
                    _ => Some(i as u32 + 2),
                },
                deprel: Tag::new(if i % 4 == 0 { "root" } else { "compound:prt" }),
            }
        })
        .collect();
    doc.annotations = vec![
        Annotation {
            layer: Layer::Entities,
            span: Span::new(0, 12),
            label: "PER".into(),
            attrs: serde_json::json!({"canonical": "Tomas Rekker", "aliases": ["Rekker", "T. Rekker"], "score": 0.5}),
            provenance: Provenance { annotator: "entities".into(), version: 3 },
        },
        Annotation {
            layer: Layer::Quotes,
            span: Span::new(16, 31),
            label: "direct".into(),
            attrs: serde_json::Value::Null,
            provenance: Provenance { annotator: "quotes".into(), version: 1 },
        },
        Annotation {
            layer: Layer::Quantities,
            span: Span::new(60, 66),
            label: "distance".into(),
            attrs: serde_json::json!({"value": 7.5, "unit": "km", "approx": false, "n": -3, "none": null}),
            provenance: Provenance { annotator: "quantities".into(), version: 1 },
        },
        // An inverted span and an empty label survive as given: the store does not judge.
        Annotation {
            layer: Layer::Events,
            span: Span { start: 9, end: 2 },
            label: String::new(),
            attrs: serde_json::json!("plain string"),
            provenance: Provenance { annotator: "events".into(), version: u32::MAX },
        },
    ];
    doc.provenance = vec![
        (Layer::Tokens, Provenance { annotator: "tokens".into(), version: 1 }),
        (Layer::Sentences, Provenance { annotator: "sentences".into(), version: 2 }),
        (Layer::Pos, Provenance { annotator: "pos".into(), version: 1 }),
        (Layer::Syntax, Provenance { annotator: "syntax".into(), version: 1 }),
        (Layer::Entities, Provenance { annotator: "entities".into(), version: 3 }),
        (Layer::Quotes, Provenance { annotator: "quotes".into(), version: 1 }),
        (Layer::Quantities, Provenance { annotator: "quantities".into(), version: 1 }),
        (Layer::Events, Provenance { annotator: "events".into(), version: u32::MAX }),
    ];
    doc.duplicate = Some(Duplicate { of: "0123456789abcdef".into(), kind: DuplicateKind::Near, similarity: 0.8125 });
    stored(doc)
}

/// A document with nothing but an id and an empty text.
pub fn minimal(id: &str) -> StoredDoc {
    let doc = Doc::new(
        id.into(),
        Origin::file("-"),
        Format::Markdown,
        Metadata::default(),
        String::new(),
        OffsetMap::default(),
    );
    StoredDoc { doc, text_hash: String::new(), signature: Vec::new() }
}

pub fn batch(run: RunId, docs: Vec<StoredDoc>, diagnostics: Vec<Diagnostic>) -> Batch {
    Batch { run, docs, diagnostics }
}

/// Splits `text` into letter runs, digit runs (with inner `,`/`.`), punctuation and symbols.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        let kind = if c.is_alphabetic() {
            TokenKind::Word
        } else if c.is_ascii_digit() {
            TokenKind::Number
        } else if c.is_ascii_punctuation() || matches!(c, '\u{2018}'..='\u{201f}') {
            TokenKind::Punct
        } else {
            TokenKind::Symbol
        };
        let mut end = start + c.len_utf8();
        if matches!(kind, TokenKind::Word | TokenKind::Number) {
            while let Some(&(i, n)) = chars.peek() {
                let continues = match kind {
                    TokenKind::Word => n.is_alphabetic() || n == '\'',
                    _ => n.is_ascii_digit() || ((n == ',' || n == '.') && next_is_digit(text, i + 1)),
                };
                if !continues {
                    break;
                }
                end = i + n.len_utf8();
                chars.next();
            }
        }
        tokens.push(Token { span: Span::new(start, end), kind });
    }
    tokens
}

fn next_is_digit(text: &str, at: usize) -> bool {
    text.get(at..).and_then(|s| s.chars().next()).is_some_and(|c| c.is_ascii_digit())
}

/// Sentences end after a `.`, `!` or `?` token; a blank line starts a new paragraph.
pub fn sentences(text: &str, tokens: &[Token]) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut first = 0usize;
    let mut paragraph = 0u32;
    for (i, t) in tokens.iter().enumerate() {
        let last = i + 1 == tokens.len();
        let ends = matches!(t.span.text(text), "." | "!" | "?");
        if ends || last {
            let start = tokens[first].span.start;
            out.push(Sentence {
                span: Span { start, end: t.span.end },
                tokens: (first as u32, i as u32 + 1),
                paragraph,
            });
            if let Some(next) = tokens.get(i + 1) {
                if text.get(t.span.end as usize..next.span.start as usize).is_some_and(|gap| gap.contains("\n\n")) {
                    paragraph += 1;
                }
            }
            first = i + 1;
        }
    }
    out
}

/// Marks every occurrence of the scenario's names.
pub fn entities(text: &str) -> Vec<Annotation> {
    let mut out = Vec::new();
    for (name, label) in [("Tomas Rekker", "PER"), ("Port Amsel", "LOC"), ("Veloria", "LOC")] {
        for (at, _) in text.match_indices(name) {
            out.push(Annotation {
                layer: Layer::Entities,
                span: Span::new(at, at + name.len()),
                label: label.into(),
                attrs: serde_json::json!({ "canonical": name }),
                provenance: Provenance { annotator: "toy-entities".into(), version: 1 },
            });
        }
    }
    out.sort_by_key(|a| a.span);
    out
}

/// A ~5 KB article of 40 sentences and about 1,000 tokens, varied by `n`.
pub fn long_text(n: usize) -> String {
    let mut text = String::with_capacity(5200);
    for s in 0..40 {
        if s % 8 == 0 && s > 0 {
            text.push_str("\n\n");
        }
        text.push_str(&format!(
            "On day {n}, Tomas Rekker told reporters in Port Amsel that {s} convoys, about {} tonnes, had reached \
             the border of Veloria. ",
            1_000 + n * 7 + s
        ));
    }
    text
}
