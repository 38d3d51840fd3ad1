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

/// Adds a time expression (`words` as written, TIMEX3 `value`) to a parsed document.
fn with_time(mut doc: Doc, words: &str, value: &str) -> Doc {
    let at = doc.text.find(words).unwrap();
    doc.annotations.push(Annotation {
        layer: Layer::Times,
        span: Span::new(at, at + words.len()),
        label: "DATE".into(),
        attrs: serde_json::json!({"value": value}),
        provenance: Provenance { annotator: "test".into(), version: 1 },
    });
    doc
}

#[test]
fn a_participle_with_its_agent_is_done_by_the_agent() {
    // "requested the support of foreign troops, rapidly deployed by the CSTO": the alliance
    // deploys, not the government that asked.
    let doc = parsed(
        "Rekker Rekker PROPN NNP 2 nsubj
         requested request VERB VBD 0 root
         the the DET DT 4 det
         support support NOUN NN 2 obj
         of of ADP IN 7 case
         foreign foreign ADJ JJ 7 amod
         troops troops NOUN NNS 4 nmod
         , , PUNCT , 9 punct
         deployed deploy VERB VBN 2 advcl
         by by ADP IN 14 case
         the the DET DT 14 det
         Eastern Eastern PROPN NNP 14 compound
         Security Security PROPN NNP 14 compound
         Pact Pact PROPN NNP 9 obl:agent
         on on ADP IN 16 case
         January January PROPN NNP 9 obl
         6 6 NUM CD 16 nummod
         . . PUNCT . 2 punct",
        &[("Rekker", "PERSON"), ("Eastern Security Pact", "ORG")],
    );
    let doc = with_time(doc, "January 6", "2031-01-06");
    let found = events::extract(&doc);
    let deployed = found.iter().find(|e| e.lemma == "deploy").unwrap_or_else(|| panic!("{found:#?}"));
    assert_eq!(deployed.kind, "MOBILIZE");
    assert_eq!(phrase(&doc, &deployed.source), "Eastern Security Pact");
    assert_eq!(deployed.time.as_ref().map(|t| t.0.as_str()), Some("2031-01-06"));
    let requested = found.iter().find(|e| e.lemma == "request").unwrap();
    assert_eq!(phrase(&doc, &requested.source), "Rekker");
}

#[test]
fn an_object_after_two_coordinated_verbs_is_both_verbs() {
    let doc = parsed(
        "Rekker Rekker PROPN NNP 2 nsubj
         dismissed dismiss VERB VBD 0 root
         and and CCONJ CC 4 cc
         arrested arrest VERB VBD 2 conj
         the the DET DT 6 det
         head head NOUN NN 2 obj
         of of ADP IN 9 case
         the the DET DT 9 det
         committee committee NOUN NN 6 nmod
         . . PUNCT . 2 punct",
        &[("Rekker", "PERSON")],
    );
    let found = events::extract(&doc);
    let arrested = found.iter().find(|e| e.lemma == "arrest").unwrap_or_else(|| panic!("{found:#?}"));
    assert_eq!((arrested.kind.as_str(), arrested.mode.as_deref()), ("COERCE", Some("arrest")));
    assert_eq!(phrase(&doc, &arrested.source), "Rekker");
    assert_eq!(phrase(&doc, &arrested.target), "head of the committee");
    let dismissed = found.iter().find(|e| e.lemma == "dismiss").unwrap();
    assert_eq!(phrase(&doc, &dismissed.target), "head of the committee");
}

#[test]
fn the_verb_own_subject_wins_over_an_outer_one() {
    // "The clue is that Rekker moved to replace the ministers" parsed with "clue" as an outer
    // subject of "moved".
    let doc = parsed(
        "The the DET DT 2 det
         clue clue NOUN NN 6 nsubj:outer
         is be AUX VBZ 6 cop
         that that SCONJ IN 6 mark
         Rekker Rekker PROPN NNP 6 nsubj
         moved move VERB VBD 0 root
         to to PART TO 8 mark
         replace replace VERB VB 6 xcomp
         the the DET DT 10 det
         ministers minister NOUN NNS 8 obj
         . . PUNCT . 6 punct",
        &[("Rekker", "PERSON")],
    );
    let found = events::extract(&doc);
    let replaced = found.iter().find(|e| e.lemma == "replace").unwrap_or_else(|| panic!("{found:#?}"));
    assert_eq!(replaced.mode.as_deref(), Some("dismiss"));
    assert_eq!(phrase(&doc, &replaced.source), "Rekker");
    assert_eq!(replaced.modality, events::Modality::Asserted);
}

#[test]
fn an_attack_there_is_no_evidence_of_is_negated() {
    let doc = parsed(
        "There there PRON EX 2 expl
         was be VERB VBD 0 root
         no no DET DT 4 det
         evidence evidence NOUN NN 2 nsubj
         of of ADP IN 7 case
         an a DET DT 7 det
         attack attack NOUN NN 4 nmod
         on on ADP IN 9 case
         Veloria Veloria PROPN NNP 7 nmod
         . . PUNCT . 2 punct",
        &[("Veloria", "GPE")],
    );
    let found = events::extract(&doc);
    assert!(found.iter().all(|e| e.modality != events::Modality::Asserted), "{found:#?}");
}

#[test]
fn an_opinion_is_no_event_and_persuasion_is_not_done() {
    // "offers a few pointers to make sense of the crisis": the "to" of a purpose clause is no
    // offer made to someone.
    let doc = parsed(
        "The the DET DT 2 det
         report report NOUN NN 3 nsubj
         offers offer VERB VBZ 0 root
         a a DET DT 6 det
         few few ADJ JJ 6 amod
         pointers pointer NOUN NNS 3 obj
         to to PART TO 8 mark
         make make VERB VB 3 advcl
         sense sense NOUN NN 8 obj
         of of ADP IN 12 case
         the the DET DT 12 det
         crisis crisis NOUN NN 9 nmod
         . . PUNCT . 3 punct",
        &[],
    );
    let found = events::extract(&doc);
    assert!(found.is_empty(), "{found:#?}");
    // "used the crisis to induce Kordavia to come to his aid": Kordavia would help him; it is
    // not said that it did.
    let doc = parsed(
        "Rekker Rekker PROPN NNP 2 nsubj
         used use VERB VBD 0 root
         the the DET DT 4 det
         crisis crisis NOUN NN 2 obj
         to to PART TO 6 mark
         induce induce VERB VB 2 advcl
         Kordavia Kordavia PROPN NNP 6 obj
         to to PART TO 9 mark
         come come VERB VB 6 xcomp
         to to ADP IN 12 case
         his he PRON PRP$ 12 nmod:poss
         aid aid NOUN NN 9 obl
         . . PUNCT . 2 punct",
        &[("Rekker", "PERSON"), ("Kordavia", "GPE")],
    );
    let found = events::extract(&doc);
    let aid = found.iter().find(|e| e.lemma == "aid").unwrap_or_else(|| panic!("{found:#?}"));
    assert_eq!(aid.kind, "AID");
    assert_eq!(aid.modality, events::Modality::Hypothetical);
    assert_eq!(phrase(&doc, &aid.source), "Kordavia", "who comes to the aid helps");
    assert_eq!(phrase(&doc, &aid.target), "his", "whose aid it is is helped");
}

#[test]
fn a_date_since_which_a_state_holds_dates_no_event() {
    // "Since 1991 the country has been ruled by Vaszary, whom Rekker removed": "since" gives
    // the start of a state, and the removal is not of 1991.
    let doc = parsed(
        "Since since ADP IN 2 case
         1991 1991 NUM CD 7 obl
         the the DET DT 4 det
         country country NOUN NN 7 nsubj:pass
         has have AUX VBZ 7 aux
         been be AUX VBN 7 aux:pass
         ruled rule VERB VBN 0 root
         by by ADP IN 9 case
         Vaszary Vaszary PROPN NNP 7 obl:agent
         , , PUNCT , 13 punct
         whom whom PRON WP 13 obj
         Rekker Rekker PROPN NNP 13 nsubj
         removed remove VERB VBD 9 acl:relcl
         . . PUNCT . 7 punct",
        &[("Vaszary", "PERSON"), ("Rekker", "PERSON")],
    );
    let doc = with_time(doc, "1991", "1991");
    let found = events::extract(&doc);
    let removed = found.iter().find(|e| e.lemma == "remove").unwrap_or_else(|| panic!("{found:#?}"));
    assert_eq!(removed.mode.as_deref(), Some("dismiss"));
    assert_eq!(phrase(&doc, &removed.source), "Rekker");
    assert_eq!(removed.time, None);
}

#[test]
fn the_arrests_of_thousands_are_an_event() {
    let doc = parsed(
        "The the DET DT 2 det
         unrest unrest NOUN NN 3 nsubj
         brought bring VERB VBD 0 root
         the the DET DT 5 det
         arrests arrest NOUN NNS 3 obj
         of of ADP IN 7 case
         thousands thousand NOUN NNS 5 nmod
         . . PUNCT . 3 punct",
        &[],
    );
    let found = events::extract(&doc);
    let arrests = found.iter().find(|e| e.lemma == "arrest").unwrap_or_else(|| panic!("{found:#?}"));
    assert_eq!(arrests.mode.as_deref(), Some("arrest"));
    assert_eq!(phrase(&doc, &arrests.target), "thousands");
}

#[test]
fn a_number_out_of_a_group_is_an_actor() {
    let doc = parsed(
        "Two two NUM CD 6 nsubj:pass
         of of ADP IN 4 case
         his he PRON PRP$ 4 nmod:poss
         deputies deputy NOUN NNS 1 nmod
         were be AUX VBD 6 aux:pass
         detained detain VERB VBN 0 root
         . . PUNCT . 6 punct",
        &[],
    );
    let found = events::extract(&doc);
    let detained = found.iter().find(|e| e.lemma == "detain").unwrap_or_else(|| panic!("{found:#?}"));
    assert_eq!(detained.mode.as_deref(), Some("arrest"));
    assert_eq!(phrase(&doc, &detained.target), "Two of his deputies");
}
