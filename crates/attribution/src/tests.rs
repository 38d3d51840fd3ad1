//! Tests of [`find`] on hand-parsed sentences (the fictional country Veloria and made-up
//! people), so that each rule is checked without the linguistic core.

use super::*;
use serde_json::json;

/// A document from hand-parsed sentences, each in a paragraph of its own: one token a line,
/// `word UPOS lemma head deprel`, with `head` the 1-based position in the sentence (0 for the
/// root).
fn parsed(sentences: &[&str]) -> Doc {
    let mut text = String::new();
    let (mut tokens, mut analyses, mut sents) = (Vec::new(), Vec::new(), Vec::new());
    for (p, s) in sentences.iter().enumerate() {
        if p > 0 {
            text.push_str("\n\n");
        }
        let (first, start) = (tokens.len(), text.len());
        for (i, line) in s.lines().map(str::trim).filter(|l| !l.is_empty()).enumerate() {
            let f: Vec<&str> = line.split_whitespace().collect();
            assert_eq!(f.len(), 5, "bad row {line:?}");
            if i > 0 {
                text.push(' ');
            }
            let a = text.len();
            text.push_str(f[0]);
            let kind = if f[1] == "PUNCT" { "punct" } else { "word" };
            tokens.push(json!({"span": {"start": a, "end": text.len()}, "kind": kind}));
            let head: usize = f[3].parse().unwrap();
            let xpos = match f[1] {
                "PRON" => "PRP",
                "VERB" if f[0].ends_with("ing") => "VBG",
                "VERB" => "VBD",
                "PROPN" => "NNP",
                "NOUN" => "NN",
                "PUNCT" => ".",
                _ => "X",
            };
            let head = if head == 0 { None } else { Some(first + head - 1) };
            analyses.push(json!({"xpos": xpos, "upos": f[1], "lemma": f[2], "head": head, "deprel": f[4]}));
        }
        sents.push(json!({"span": {"start": start, "end": text.len()}, "tokens": [first, tokens.len()], "paragraph": p}));
    }
    let len = text.len();
    serde_json::from_value(json!({
        "id": "0000000000000001",
        "origin": {"path": "test", "record": null},
        "format": "text",
        "meta": {"title": null, "authors": [], "published": "2026-01-01", "outlet": null, "url": null, "language": null},
        "text": text,
        "offsets": {"segments": [{"derived": 0, "derived_len": len, "source": 0, "source_len": len}]},
        "tokens": tokens,
        "sentences": sents,
        "analyses": analyses,
        "annotations": [],
        "provenance": [],
        "duplicate": null
    }))
    .unwrap()
}

fn content(doc: &Doc, a: &Attribution) -> String {
    a.content.iter().map(|&(s, e)| &doc.text[s..e]).collect::<Vec<_>>().join(" | ")
}

fn source(doc: &Doc, a: &Attribution) -> Option<String> {
    a.source.map(|(s, e)| doc.text[s..e].to_string())
}

#[test]
fn a_coordinated_cue_inside_a_content_is_its_own_attribution() {
    let doc = parsed(&["
        Rekker PROPN Rekker 2 nsubj
        said VERB say 0 root
        he PRON he 5 nsubj
        would AUX would 5 aux
        order VERB order 2 ccomp
        a DET a 7 det
        review NOUN review 5 obj
        and CCONJ and 9 cc
        warned VERB warn 5 conj
        against ADP against 11 case
        hackers NOUN hacker 9 obl
        . PUNCT . 2 punct
    "]);
    let found = find(&doc);
    let got: Vec<(String, Option<String>)> = found.iter().map(|a| (content(&doc, a), source(&doc, a))).collect();
    assert_eq!(
        got,
        vec![
            ("he would order a review".to_string(), Some("Rekker".to_string())),
            ("against hackers".to_string(), Some("Rekker".to_string())),
        ]
    );
}

#[test]
fn a_passive_subject_is_what_was_said() {
    let doc = parsed(&["
        Mr. PROPN Mr. 2 compound
        Vaszary PROPN Vaszary 4 nsubj:pass
        was AUX be 4 aux:pass
        accused VERB accuse 0 root
        of SCONJ of 6 mark
        using VERB use 4 advcl
        funds NOUN fund 6 obj
        . PUNCT . 4 punct
    "]);
    let found = find(&doc);
    assert_eq!(found.len(), 1);
    assert_eq!(content(&doc, &found[0]), "Mr. Vaszary | of using funds");
    assert_eq!(source(&doc, &found[0]), None);
}

#[test]
fn upper_case_speaker_labels_open_transcript_lines() {
    let doc = parsed(&[
        "
        HALLORAN NOUN halloran 5 vocative
        : PUNCT : 1 punct
        We PRON we 5 nsubj
        will AUX will 5 aux
        win VERB win 0 root
        . PUNCT . 5 punct
    ",
        "
        HALLORAN NOUN halloran 4 vocative
        : PUNCT : 1 punct
        They PRON they 4 nsubj
        lost VERB lose 0 root
        . PUNCT . 4 punct
    ",
        "
        UPDATE NOUN update 6 vocative
        : PUNCT : 1 punct
        The DET the 4 det
        vote NOUN vote 6 nsubj
        is AUX be 6 cop
        today NOUN today 0 root
        . PUNCT . 6 punct
    ",
    ]);
    let found = find(&doc);
    let got: Vec<(String, Option<String>)> = found.iter().map(|a| (content(&doc, a), source(&doc, a))).collect();
    assert_eq!(
        got,
        vec![("We will win".to_string(), Some("HALLORAN".to_string())), ("They lost".to_string(), Some("HALLORAN".to_string()))],
        "a label opening one line only (UPDATE) is no speaker"
    );
}

#[test]
fn as_x_pointed_out_in_mid_sentence_takes_the_sentence_around_it() {
    let doc = parsed(&["
        Veloria PROPN Veloria 11 nsubj
        , PUNCT , 1 punct
        as SCONJ as 6 mark
        one NUM one 5 nummod
        adviser NOUN adviser 6 nsubj
        pointed VERB point 11 advcl
        out ADP out 6 compound:prt
        , PUNCT , 6 punct
        does AUX do 11 aux
        not PART not 11 advmod
        get VERB get 0 root
        hurricanes NOUN hurricane 11 obj
        . PUNCT . 11 punct
    "]);
    let found = find(&doc);
    assert_eq!(found.len(), 1);
    assert_eq!(content(&doc, &found[0]), "Veloria | does not get hurricanes");
    assert_eq!(source(&doc, &found[0]).as_deref(), Some("one adviser"));
    assert_eq!(found[0].cue_lemma.as_deref(), Some("point"));
}

#[test]
fn what_follows_the_objects_preposition_goes_with_the_object() {
    let doc = parsed(&["
        Kordavia PROPN Kordavia 2 nsubj
        accused VERB accuse 0 root
        Rekker PROPN Rekker 2 obj
        of ADP of 5 case
        recklessness NOUN recklessness 2 obl
        . PUNCT . 2 punct
    "]);
    let found = find(&doc);
    assert_eq!(found.len(), 1);
    assert_eq!(content(&doc, &found[0]), "Rekker | recklessness");
    assert_eq!(source(&doc, &found[0]).as_deref(), Some("Kordavia"));
}

#[test]
fn speaking_to_an_audience_says_nothing_but_speaking_about_a_topic_does() {
    let to = parsed(&["
        Rekker PROPN Rekker 2 nsubj
        spoke VERB speak 0 root
        to ADP to 4 case
        reporters NOUN reporter 2 obl
        . PUNCT . 2 punct
    "]);
    assert_eq!(find(&to), Vec::new());
    let about = parsed(&["
        Rekker PROPN Rekker 2 nsubj
        spoke VERB speak 0 root
        to ADP to 4 case
        reporters NOUN reporter 2 obl
        about ADP about 7 case
        the DET the 7 det
        dam NOUN dam 2 obl
        . PUNCT . 2 punct
    "]);
    let found = find(&about);
    assert_eq!(found.len(), 1);
    assert_eq!(content(&about, &found[0]), "about the dam");
}

#[test]
fn calling_for_a_gerund_is_a_content() {
    let doc = parsed(&["
        Rekker PROPN Rekker 3 nsubj
        has AUX have 3 aux
        called VERB call 0 root
        for SCONJ for 5 mark
        cutting VERB cut 3 advcl
        taxes NOUN tax 5 obj
        . PUNCT . 3 punct
    "]);
    let found = find(&doc);
    assert_eq!(found.len(), 1);
    assert_eq!(content(&doc, &found[0]), "for cutting taxes");
    assert_eq!(source(&doc, &found[0]).as_deref(), Some("Rekker"));
}

#[test]
fn a_leading_clause_is_no_content_when_the_cue_has_an_object() {
    let doc = parsed(&["
        If SCONJ if 3 mark
        talks NOUN talk 3 nsubj
        fail VERB fail 7 advcl
        , PUNCT , 3 punct
        Kordavia PROPN Kordavia 7 nsubj
        will AUX will 7 aux
        deny VERB deny 0 root
        them PRON they 7 iobj
        permits NOUN permit 7 obj
        . PUNCT . 7 punct
    "]);
    let found = find(&doc);
    assert_eq!(found.len(), 1);
    assert_eq!(content(&doc, &found[0]), "permits");
    assert_eq!(source(&doc, &found[0]).as_deref(), Some("Kordavia"));
}

#[test]
fn what_a_relative_clause_reports_is_its_pronoun() {
    let doc = parsed(&["
        That PRON that 3 nsubj
        was AUX be 3 cop
        what PRON what 0 root
        Rekker PROPN Rekker 5 nsubj
        said VERB say 3 acl:relcl
        . PUNCT . 3 punct
    "]);
    let found = find(&doc);
    assert_eq!(found.len(), 1);
    assert_eq!(content(&doc, &found[0]), "what");
    assert_eq!(source(&doc, &found[0]).as_deref(), Some("Rekker"));
}

#[test]
fn whom_a_verb_of_telling_tells_is_no_content() {
    let told = parsed(&["
        Rekker PROPN Rekker 2 nsubj
        told VERB tell 0 root
        his PRON his 4 nmod:poss
        supporters NOUN supporter 2 obj
        at ADP at 7 case
        a DET a 7 det
        rally NOUN rally 2 obl
        . PUNCT . 2 punct
    "]);
    assert_eq!(find(&told), Vec::new());
    let that = parsed(&["
        Rekker PROPN Rekker 2 nsubj
        told VERB tell 0 root
        reporters NOUN reporter 2 obj
        at ADP at 6 case
        the DET the 6 det
        rally NOUN rally 3 nmod
        in ADP in 8 case
        Ostrava PROPN Ostrava 6 nmod
        that SCONJ that 12 mark
        the DET the 11 det
        dam NOUN dam 12 nsubj
        held VERB hold 8 acl
        . PUNCT . 2 punct
    "]);
    let found = find(&that);
    assert_eq!(found.len(), 1);
    assert_eq!(content(&that, &found[0]), "that the dam held");
}

#[test]
fn an_adjective_reports_its_clause() {
    let doc = parsed(&["
        Rekker PROPN Rekker 3 nsubj
        is AUX be 3 cop
        confident ADJ confident 0 root
        that SCONJ that 8 mark
        the DET the 6 det
        dam NOUN dam 8 nsubj
        will AUX will 8 aux
        hold VERB hold 3 ccomp
        . PUNCT . 3 punct
    "]);
    let found = find(&doc);
    assert_eq!(found.len(), 1);
    assert_eq!(content(&doc, &found[0]), "that the dam will hold");
    assert_eq!(source(&doc, &found[0]).as_deref(), Some("Rekker"));
}

#[test]
fn a_fronted_adjunct_is_no_content() {
    // The parse hangs the cue on the participle opening the sentence.
    let participle = parsed(&["
        Speaking VERB speak 0 root
        in ADP in 4 case
        Port PROPN Port 4 compound
        Amsel PROPN Amsel 1 obl
        , PUNCT , 7 punct
        Rekker PROPN Rekker 7 nsubj
        called VERB call 1 parataxis
        for ADP for 9 case
        calm NOUN calm 7 obl
        . PUNCT . 1 punct
    "]);
    let found = find(&participle);
    assert_eq!(found.len(), 1);
    assert_eq!(content(&participle, &found[0]), "for calm");
    assert_eq!(source(&participle, &found[0]).as_deref(), Some("Rekker"));
    // A date as the head of the sentence: the cue's own complement is still found.
    let date = parsed(&["
        Wednesday PROPN Wednesday 0 root
        , PUNCT , 4 punct
        she PRON she 4 nsubj
        called VERB call 1 parataxis
        for ADP for 6 case
        calm NOUN calm 4 obl
        . PUNCT . 1 punct
    "]);
    let found = find(&date);
    assert_eq!(found.len(), 1);
    assert_eq!(content(&date, &found[0]), "for calm");
    // A subordinate clause before the comma is no content either.
    let after = parsed(&["
        Months NOUN month 4 obl
        after SCONJ after 4 mark
        she PRON she 4 nsubj
        left VERB leave 0 root
        , PUNCT , 7 punct
        Rekker PROPN Rekker 7 nsubj
        called VERB call 4 conj
        . PUNCT . 4 punct
    "]);
    assert_eq!(find(&after), Vec::new());
}

#[test]
fn a_verb_and_a_colon_introduce_the_quotation_after_them() {
    let doc = parsed(&["
        Veloria PROPN Veloria 3 nsubj
        will AUX will 3 aux
        hold VERB hold 6 ccomp
        , PUNCT , 3 punct
        Lanza PROPN Lanza 6 nsubj
        said VERB say 0 root
        : PUNCT : 6 punct
        “ PUNCT “ 11 punct
        We PRON we 11 nsubj
        will AUX will 11 aux
        stay VERB stay 6 parataxis
        . PUNCT . 11 punct
        ” PUNCT ” 11 punct
    "]);
    let found = find(&doc);
    let quote = found.iter().find(|a| a.direct).expect("the quotation is attributed");
    assert_eq!(content(&doc, quote), " We will stay . ");
    assert_eq!(source(&doc, quote).as_deref(), Some("Lanza"));
}

#[test]
fn a_coordinated_apposition_of_the_speaker_does_not_end_the_search_for_the_cue() {
    let doc = parsed(&["
        “ PUNCT “ 4 punct
        We PRON we 4 nsubj
        will AUX will 4 aux
        stay VERB stay 16 ccomp
        , PUNCT , 4 punct
        ” PUNCT ” 4 punct
        Lanza PROPN Lanza 16 nsubj
        , PUNCT , 10 punct
        a DET a 10 det
        farmer NOUN farmer 7 appos
        and CCONJ and 13 cc
        a DET a 13 det
        mayor NOUN mayor 10 conj
        of ADP of 15 case
        Kessa PROPN Kessa 13 nmod
        said VERB say 0 root
        . PUNCT . 16 punct
    "]);
    let found = find(&doc);
    assert_eq!(found.len(), 1);
    assert!(found[0].direct);
    assert_eq!(content(&doc, &found[0]), " We will stay , ");
    assert_eq!(source(&doc, &found[0]).as_deref(), Some("Lanza , a farmer and a mayor of Kessa"));
}

#[test]
fn a_speech_verb_between_commas_reports_the_sentence_around_it() {
    // The parse takes the opening clause for an adverbial clause of "said".
    let doc = parsed(&["
        Though SCONJ though 4 mark
        talks NOUN talk 4 nsubj
        were AUX be 4 cop
        calm ADJ calm 7 advcl
        , PUNCT , 7 punct
        he PRON he 7 nsubj
        said VERB say 0 root
        , PUNCT , 9 punct
        replacing VERB replace 7 advcl
        Lanza PROPN Lanza 9 obj
        would AUX would 12 aux
        fail VERB fail 9 ccomp
        . PUNCT . 7 punct
    "]);
    let found = find(&doc);
    assert_eq!(found.len(), 1);
    assert_eq!(content(&doc, &found[0]), "Though talks were calm | replacing Lanza would fail");
    assert_eq!(source(&doc, &found[0]).as_deref(), Some("he"));
}

#[test]
fn a_headline_verb_read_as_a_noun_is_a_cue() {
    let doc = parsed(&[
        "
        Veloria PROPN Veloria 2 compound
        Lawmakers NOUN lawmaker 0 root
        Rip PROPN Rip 2 appos
        Rekker PROPN Rekker 3 flat
        As ADP as 6 case
        Fraud PROPN Fraud 3 nmod
        . PUNCT . 2 punct
    ",
        "
        The DET the 2 det
        vote NOUN vote 3 nsubj
        ended VERB end 0 root
        . PUNCT . 3 punct
    ",
    ]);
    let found = find(&doc);
    assert_eq!(found.len(), 1);
    assert_eq!(content(&doc, &found[0]), "Rekker As Fraud");
    assert_eq!(source(&doc, &found[0]).as_deref(), Some("Veloria Lawmakers"));
    // "..., Rekker Says."
    let last = parsed(&[
        "
        Dam PROPN Dam 3 nsubj
        Is AUX be 3 cop
        Safe ADJ safe 0 root
        , PUNCT , 5 punct
        Rekker PROPN Rekker 3 appos
        Says PROPN Says 5 flat
        . PUNCT . 3 punct
    ",
        "
        The DET the 2 det
        dam NOUN dam 3 nsubj
        held VERB hold 0 root
        . PUNCT . 3 punct
    ",
    ]);
    let found = find(&last);
    assert_eq!(found.len(), 1);
    assert_eq!(content(&last, &found[0]), "Dam Is Safe");
    assert_eq!(source(&last, &found[0]).as_deref(), Some("Rekker"));
}

#[test]
fn a_that_clause_after_the_cues_adjuncts_is_what_was_said() {
    // The parse hangs the clause on the last noun of the adjunct.
    let doc = parsed(&["
        Rekker PROPN Rekker 2 nsubj
        said VERB say 0 root
        at ADP at 4 case
        Kessa PROPN Kessa 2 obl
        that SCONJ that 8 mark
        the DET the 7 det
        dam NOUN dam 8 nsubj
        held VERB hold 4 acl
        . PUNCT . 2 punct
    "]);
    let found = find(&doc);
    assert_eq!(found.len(), 1);
    assert_eq!(content(&doc, &found[0]), "that the dam held");
    // A relative pronoun after a noun is no such clause.
    let relative = parsed(&["
        Rekker PROPN Rekker 2 nsubj
        said VERB say 0 root
        nothing PRON nothing 2 obj
        at ADP at 5 case
        meetings NOUN meeting 2 obl
        about ADP about 7 case
        plans NOUN plan 5 nmod
        that SCONJ that 10 mark
        officials NOUN official 10 nsubj
        made VERB make 7 acl
        . PUNCT . 2 punct
    "]);
    assert!(find(&relative).iter().all(|a| content(&relative, a) != "that officials made"));
}

#[test]
fn a_clausal_complement_after_the_cue_wins_over_a_misparsed_one_before_it() {
    let doc = parsed(&["
        Interim ADJ interim 3 ccomp
        Lanza PROPN Lanza 3 nsubj
        said VERB say 0 root
        that SCONJ that 7 mark
        the DET the 6 det
        dam NOUN dam 7 nsubj
        held VERB hold 3 ccomp
        . PUNCT . 3 punct
    "]);
    let found = find(&doc);
    assert_eq!(found.len(), 1);
    assert_eq!(content(&doc, &found[0]), "that the dam held");
}

#[test]
fn a_question_word_after_a_verb_of_asking_opens_the_content() {
    // The parse hangs the question on the addressee.
    let doc = parsed(&["
        A DET a 2 det
        reporter NOUN reporter 3 nsubj
        asked VERB ask 0 root
        Rekker PROPN Rekker 3 obj
        how ADV how 7 advmod
        talks NOUN talk 7 nsubj
        went VERB go 4 acl
        . PUNCT . 3 punct
    "]);
    let found = find(&doc);
    assert_eq!(found.len(), 1);
    assert_eq!(content(&doc, &found[0]), "how talks went");
    assert_eq!(source(&doc, &found[0]).as_deref(), Some("A reporter"));
}

#[test]
fn calling_on_someone_to_act_is_whom_and_what() {
    let doc = parsed(&["
        Lanza PROPN Lanza 2 nsubj
        called VERB call 0 root
        on ADP on 4 case
        Rekker PROPN Rekker 2 obl
        to PART to 6 mark
        resign VERB resign 2 advcl
        . PUNCT . 2 punct
    "]);
    let found = find(&doc);
    assert_eq!(found.len(), 1);
    assert_eq!(content(&doc, &found[0]), "Rekker to resign");
    assert_eq!(source(&doc, &found[0]).as_deref(), Some("Lanza"));
}

#[test]
fn a_cue_coordinated_under_the_object_shares_the_outer_source() {
    // The parse coordinates "called" with the object noun.
    let doc = parsed(&["
        Lanza PROPN Lanza 2 nsubj
        criticized VERB criticize 0 root
        the DET the 4 det
        deal NOUN deal 2 obj
        and CCONJ and 6 cc
        called VERB call 4 conj
        for ADP for 8 case
        talks NOUN talk 6 obl
        . PUNCT . 2 punct
    "]);
    let found = find(&doc);
    assert_eq!(found.len(), 2);
    assert_eq!(content(&doc, &found[0]), "the deal");
    assert_eq!(content(&doc, &found[1]), "for talks");
    assert_eq!(source(&doc, &found[1]).as_deref(), Some("Lanza"));
}
