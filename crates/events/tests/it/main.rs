//! Extraction tests on hand-written parses: each sentence is given as CoNLL-like rows (word,
//! lemma, UPOS, XPOS, head counted from 1 with 0 for the root, relation), so the tests check the
//! extractor's reading of a tree, not the parser. Fictional actors (Veloria, Tarsin).

use model::{Analysis, Annotation, Doc, Layer, Provenance, Sentence, Span, Tag, Token, TokenKind};

/// A one-sentence document from rows `word lemma upos xpos head rel`, with entity mentions
/// given as (words, label).
fn parsed(rows: &str, entities: &[(&str, &str)]) -> Doc {
    let mut text = String::new();
    let mut tokens = Vec::new();
    let mut analyses = Vec::new();
    for line in rows.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let f: Vec<&str> = line.split_whitespace().collect();
        let (word, lemma, upos, xpos, head, rel) = (f[0], f[1], f[2], f[3], f[4].parse::<u32>().unwrap(), f[5]);
        if !text.is_empty() && upos != "PUNCT" {
            text.push(' ');
        }
        let start = text.len();
        text.push_str(word);
        let kind = if upos == "PUNCT" { TokenKind::Punct } else { TokenKind::Word };
        tokens.push(Token { span: Span::new(start, text.len()), kind });
        analyses.push(Analysis { xpos: Tag::new(xpos), upos: Tag::new(upos), lemma: lemma.to_string(), head: head.checked_sub(1), deprel: Tag::new(rel) });
    }
    let mut doc = Doc::new(
        model::doc_id(text.as_bytes()),
        model::Origin::file("test"),
        model::Format::Text,
        model::Metadata::default(),
        text.clone(),
        model::OffsetMap::identity(text.len()),
    );
    doc.sentences = vec![Sentence { span: Span::new(0, text.len()), tokens: (0, tokens.len() as u32), paragraph: 0 }];
    doc.tokens = tokens;
    doc.analyses = analyses;
    for (n, (words, label)) in entities.iter().enumerate() {
        let at = text.find(words).unwrap();
        doc.annotations.push(Annotation {
            layer: Layer::Entities,
            span: Span::new(at, at + words.len()),
            label: label.to_string(),
            attrs: serde_json::json!({"entity": n, "name": words}),
            provenance: Provenance { annotator: "test".into(), version: 1 },
        });
    }
    doc
}

fn phrase<'a>(doc: &'a Doc, a: &Option<events::Actor>) -> &'a str {
    a.as_ref().map_or("-", |a| &doc.text[a.span.0..a.span.1])
}

#[test]
fn coordinated_actors_are_one_compound_actor() {
    let doc = parsed(
        "Veloria Veloria PROPN NNP 4 nsubj
         and and CCONJ CC 3 cc
         Tarsin Tarsin PROPN NNP 1 conj
         agreed agree VERB VBD 0 root
         to to PART TO 6 mark
         negotiate negotiate VERB VB 4 xcomp
         . . PUNCT . 4 punct",
        &[("Veloria", "LOC"), ("Tarsin", "LOC")],
    );
    let found = events::extract(&doc);
    let e = found.iter().find(|e| e.lemma == "agree").unwrap();
    assert_eq!(phrase(&doc, &e.source), "Veloria and Tarsin");
    let source = e.source.as_ref().unwrap();
    assert!(source.compound);
    assert_eq!(source.name.as_deref(), Some("Veloria"), "the entity is the first member's");
    assert!(e.summary(&doc.text).starts_with("Veloria and Tarsin "), "{}", e.summary(&doc.text));
}

#[test]
fn a_pronoun_subject_of_reported_speech_is_the_speaker() {
    let doc = parsed(
        "Veloria Veloria PROPN NNP 2 nsubj
         says say VERB VBZ 0 root
         it it PRON PRP 5 nsubj
         will will AUX MD 5 aux
         withdraw withdraw VERB VB 2 ccomp
         its its PRON PRP$ 7 nmod:poss
         troops troops NOUN NNS 5 obj
         from from ADP IN 9 case
         Tarsin Tarsin PROPN NNP 5 obl
         . . PUNCT . 2 punct",
        &[("Veloria", "LOC"), ("Tarsin", "LOC")],
    );
    let found = events::extract(&doc);
    let e = found.iter().find(|e| e.lemma == "withdraw").unwrap();
    let source = e.source.as_ref().unwrap();
    assert_eq!(phrase(&doc, &e.source), "it", "the phrase as written");
    assert_eq!(source.name.as_deref(), Some("Veloria"));
    // A plural speaker does not stand for "it".
    let doc = parsed(
        "Officials official NOUN NNS 2 nsubj
         say say VERB VBP 0 root
         it it PRON PRP 4 nsubj
         withdrew withdraw VERB VBD 2 ccomp
         troops troops NOUN NNS 4 obj
         . . PUNCT . 2 punct",
        &[],
    );
    let found = events::extract(&doc);
    let e = found.iter().find(|e| e.lemma == "withdraw").unwrap();
    assert_eq!(e.source.as_ref().and_then(|s| s.name.clone()), None);
}

#[test]
fn the_target_inside_an_object_that_names_no_one() {
    // "Tarsin denounced Veloria's crackdown": who is denounced is Veloria.
    let doc = parsed(
        "Tarsin Tarsin PROPN NNP 2 nsubj
         denounced denounce VERB VBD 0 root
         Veloria Veloria PROPN NNP 5 nmod:poss
         's 's PART POS 3 case
         crackdown crackdown NOUN NN 2 obj
         . . PUNCT . 2 punct",
        &[("Tarsin", "LOC"), ("Veloria", "LOC")],
    );
    let found = events::extract(&doc);
    let e = found.iter().find(|e| e.lemma == "denounce").unwrap();
    assert_eq!(phrase(&doc, &e.target), "Veloria");
    assert_eq!(phrase(&doc, &e.source), "Tarsin");
}

#[test]
fn a_participle_under_a_root_noun_with_a_to_complement_is_the_main_verb() {
    // No finite verb found by the parser: "parliament" is the root, "threatened" a modifier.
    let doc = parsed(
        "The the DET DT 3 det
         Velorian Velorian ADJ JJ 3 amod
         parliament parliament NOUN NN 0 root
         threatened threaten VERB VBN 3 acl
         to to PART TO 6 mark
         expel expel VERB VB 4 advcl
         Tarsin's Tarsin PROPN NNP 8 nmod:poss
         envoy envoy NOUN NN 6 obj
         . . PUNCT . 3 punct",
        &[],
    );
    let found = events::extract(&doc);
    let e = found.iter().find(|e| e.lemma == "threaten").unwrap();
    assert_eq!(phrase(&doc, &e.source), "Velorian parliament");
    assert_ne!(phrase(&doc, &e.target), "Velorian parliament");
    // With neither an object nor a "to" complement, the participle stays passive.
    let doc = parsed(
        "The the DET DT 2 det
         officials official NOUN NNS 0 root
         arrested arrest VERB VBN 2 acl
         on on ADP IN 5 case
         Monday Monday PROPN NNP 3 obl
         . . PUNCT . 2 punct",
        &[],
    );
    let found = events::extract(&doc);
    let e = found.iter().find(|e| e.lemma == "arrest").unwrap();
    assert_eq!(phrase(&doc, &e.target), "officials");
    assert_eq!(phrase(&doc, &e.source), "-");
}

#[test]
fn whom_a_purpose_clause_is_meant_to_reach_is_the_target() {
    let doc = parsed(
        "Police police NOUN NNS 2 nsubj
         opened open VERB VBD 0 root
         fire fire NOUN NN 2 obj
         to to PART TO 5 mark
         disperse disperse VERB VB 2 advcl
         protesters protester NOUN NNS 5 obj
         . . PUNCT . 2 punct",
        &[],
    );
    let found = events::extract(&doc);
    let e = found.iter().find(|e| e.lemma == "open").unwrap();
    assert_eq!((phrase(&doc, &e.source), phrase(&doc, &e.target)), ("Police", "protesters"));
}

#[test]
fn a_protest_is_against_whom_its_demand_addresses() {
    let doc = parsed(
        "Students student NOUN NNS 2 nsubj
         staged stage VERB VBD 0 root
         a a DET DT 5 det
         hunger hunger NOUN NN 5 compound
         strike strike NOUN NN 2 obj
         to to PART TO 7 mark
         demand demand VERB VB 2 advcl
         the the DET DT 9 det
         resignation resignation NOUN NN 7 obj
         of of ADP IN 11 case
         Rekker Rekker PROPN NNP 9 nmod
         . . PUNCT . 2 punct",
        &[("Rekker", "PERSON")],
    );
    let found = events::extract(&doc);
    let e = found.iter().find(|e| e.lemma == "strike").unwrap();
    assert_eq!(e.kind, "PROTEST");
    assert_eq!((phrase(&doc, &e.source), phrase(&doc, &e.target)), ("Students", "Rekker"));
}

#[test]
fn the_place_of_an_act_done_to_a_place_is_its_target() {
    let doc = parsed(
        "Velorian Velorian ADJ JJ 2 amod
         troops troops NOUN NNS 3 nsubj
         remained remain VERB VBD 0 root
         on on ADP IN 5 case
         alert alert NOUN NN 3 obl
         in in ADP IN 7 case
         Dranmoor Dranmoor PROPN NNP 3 obl
         . . PUNCT . 3 punct",
        &[("Dranmoor", "LOC")],
    );
    let found = events::extract(&doc);
    let e = found.iter().find(|e| e.lemma == "alert").unwrap();
    assert_eq!(e.kind, "MOBILIZE");
    assert_eq!((phrase(&doc, &e.source), phrase(&doc, &e.target)), ("Velorian troops", "Dranmoor"));
}

#[test]
fn a_cooperative_act_that_will_not_happen_is_a_refusal() {
    let doc = parsed(
        "Veloria Veloria PROPN NNP 2 nsubj
         says say VERB VBZ 0 root
         it it PRON PRP 6 nsubj
         will will AUX MD 6 aux
         not not PART RB 6 advmod
         accept accept VERB VB 2 ccomp
         refugees refugee NOUN NNS 6 obj
         . . PUNCT . 2 punct",
        &[("Veloria", "LOC")],
    );
    let found = events::extract(&doc);
    let e = found.iter().find(|e| e.lemma == "accept").unwrap();
    assert_eq!((e.kind.as_str(), e.intent.as_deref(), e.modality), ("REJECT", Some("AID"), events::Modality::Asserted));
    assert_eq!(e.source.as_ref().and_then(|s| s.name.as_deref()), Some("Veloria"));
}

#[test]
fn a_threat_is_meant_for_the_subject_of_its_condition() {
    let doc = parsed(
        "Veloria Veloria PROPN NNP 2 nsubj
         threatened threaten VERB VBD 0 root
         to to PART TO 4 mark
         stop stop VERB VB 2 xcomp
         the the DET DT 6 det
         talks talks NOUN NNS 4 obj
         if if SCONJ IN 9 mark
         Tarsin Tarsin PROPN NNP 9 nsubj
         sends send VERB VBZ 4 advcl
         troops troops NOUN NNS 9 obj
         . . PUNCT . 2 punct",
        &[("Veloria", "LOC"), ("Tarsin", "LOC")],
    );
    let found = events::extract(&doc);
    let e = found.iter().find(|e| e.lemma == "threaten").unwrap();
    assert_eq!(e.kind, "THREATEN");
    assert_eq!((phrase(&doc, &e.source), phrase(&doc, &e.target)), ("Veloria", "Tarsin"));
}
