//! Integration tests on the committed model (`model/parse.bin`), with sentences written for
//! these tests (a fictional scenario) and gold-standard Penn/UD tags.

use parser::{Dep, Parser};

/// Parses "word/XPOS/UPOS ..." and returns (word, head word, relation) triples.
fn parse(tagged: &str) -> Vec<(String, String, String)> {
    let p = Parser::load_default().unwrap();
    let triples: Vec<Vec<&str>> = tagged.split(' ').map(|t| t.rsplitn(3, '/').collect()).collect();
    let words: Vec<&str> = triples.iter().map(|t| t[2]).collect();
    let xpos: Vec<&str> = triples.iter().map(|t| t[1]).collect();
    let upos: Vec<&str> = triples.iter().map(|t| t[0]).collect();
    let deps: Vec<Dep<'_>> = p.parse(&words, &xpos, &upos);
    assert_eq!(deps.len(), words.len());
    deps.iter()
        .zip(&words)
        .map(|(d, w)| {
            let head = if d.head == 0 { "ROOT" } else { words[d.head - 1] };
            (w.to_string(), head.to_string(), d.rel.to_string())
        })
        .collect()
}

fn has(deps: &[(String, String, String)], dep: &str, head: &str, rels: &[&str]) -> bool {
    deps.iter().any(|(d, h, r)| d == dep && h == head && rels.contains(&r.as_str()))
}

#[test]
fn news_sentence() {
    let deps = parse(
        "President/NNP/PROPN Tomas/NNP/PROPN Rekker/NNP/PROPN said/VBD/VERB on/IN/ADP \
         Tuesday/NNP/PROPN that/IN/SCONJ 2,500/CD/NUM troops/NNS/NOUN had/VBD/AUX \
         arrived/VBN/VERB in/IN/ADP Port/NNP/PROPN Amsel/NNP/PROPN ././PUNCT",
    );
    let show = format!("{deps:#?}");
    assert!(has(&deps, "said", "ROOT", &["root"]), "{show}");
    // UD heads a multiword name by its first word and attaches the rest with `flat`.
    assert!(
        has(&deps, "Tomas", "said", &["nsubj"]) || has(&deps, "Rekker", "said", &["nsubj"]),
        "{show}"
    );
    assert!(has(&deps, "Rekker", "Tomas", &["flat"]), "{show}");
    assert!(has(&deps, "that", "arrived", &["mark"]), "{show}");
    assert!(has(&deps, "Amsel", "arrived", &["obl"]), "{show}");
    assert!(has(&deps, "arrived", "said", &["ccomp", "advcl", "parataxis"]), "{show}");
    assert!(has(&deps, "2,500", "troops", &["nummod"]), "{show}");
    assert!(has(&deps, "troops", "arrived", &["nsubj"]), "{show}");
    assert!(has(&deps, "had", "arrived", &["aux"]), "{show}");
    assert!(has(&deps, "Tuesday", "said", &["obl", "obl:tmod"]), "{show}");
    assert!(has(&deps, ".", "said", &["punct"]), "{show}");
}

#[test]
fn second_sentence() {
    let deps = parse(
        "The/DT/DET Velorian/JJ/ADJ army/NN/NOUN closed/VBD/VERB the/DT/DET border/NN/NOUN \
         with/IN/ADP Amsel/NNP/PROPN ././PUNCT",
    );
    let show = format!("{deps:#?}");
    assert!(has(&deps, "army", "closed", &["nsubj"]), "{show}");
    assert!(has(&deps, "border", "closed", &["obj"]), "{show}");
    assert!(has(&deps, "Velorian", "army", &["amod"]), "{show}");
    assert!(has(&deps, "The", "army", &["det"]), "{show}");
}

#[test]
fn long_and_odd_input_is_a_tree() {
    let p = Parser::load_default().unwrap();
    let words: Vec<&str> = (0..5000).map(|i| ["troops", "in", "Amsel", ",", "and"][i % 5]).collect();
    let tags: Vec<&str> = (0..5000).map(|i| ["NNS", "IN", "NNP", ",", "CC"][i % 5]).collect();
    let deps = p.parse(&words, &tags, &tags);
    assert_eq!(deps.len(), words.len());
    assert_eq!(deps.iter().filter(|d| d.head == 0).count(), 1);
    assert!(deps.iter().enumerate().all(|(i, d)| d.head <= words.len() && d.head != i + 1));
    assert!(p.parse(&[], &[], &[]).is_empty());
    assert_eq!(p.parse(&["Amsel", "fell"], &[], &[]).len(), 2);
}
