//! The cross-document picture of the example corpus: every spelling variant planted in
//! `examples/README.md` merged, every planted disagreement found, and nothing false (no two
//! different actors merged, no contradiction that is not planted).

use serde_json::Value;

use crate::util::{repo_root, TestDir};

fn export() -> Value {
    let t = TestDir::new();
    let corpus = repo_root().join("examples/corpus");
    t.run(&["analyze", corpus.to_str().unwrap()]).expect_code(0);
    t.run(&["export", "--format", "json"]).expect_code(0).json()
}

fn aliases(e: &Value) -> Vec<String> {
    e["aliases"].as_array().unwrap().iter().map(|a| a.as_str().unwrap().to_string()).collect()
}

fn entity_with<'a>(export: &'a Value, alias: &str) -> &'a Value {
    let found: Vec<&Value> = export["entities"].as_array().unwrap().iter().filter(|e| aliases(e).iter().any(|a| a == alias)).collect();
    assert_eq!(found.len(), 1, "one entity spelled {alias}: {found:#?}");
    found[0]
}

/// The actors of the scenario that must never share an entity, each by the words its
/// spellings contain.
const DISTINCT: &[&[&str]] = &[
    &["rekker", "reker"],
    &["vaszary", "vasari"],
    &["darvel"],
    &["orlan"],
    &["grigan"],
    &["sedin"],
    &["mirel"],
    &["holm"],
    &["ekwall"],
    &["belinsky"],
    &["matthes"],
    &["lenz"],
    &["ferris"],
    &["lishan"],
    &["security council"],
    &["state protection committee", "spc"],
    &["eastern security pact", "esp"],
    &["interior ministry"],
    &["veloria"],
    &["kordavia"],
    &["corvinsk", "korvinsk"],
    &["dranmoor"],
    &["haldor"],
    &["port amsel"],
    &["velsk"],
    &["hanzhou"],
    &["atlantic union"],
];

fn has_word(text: &str, word: &str) -> bool {
    let text = text.to_lowercase();
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[test]
fn example_corpus_reconciled() {
    let export = export();

    // Planted spelling variants, each merged with the standard spelling.
    let rekker = entity_with(&export, "Reker");
    assert_eq!(rekker["name"], "Tomas Rekker");
    assert!(aliases(rekker).iter().any(|a| a == "Rekker"));
    assert!(rekker["merges"].as_array().unwrap().iter().any(|m| m["rule"] == "spelling-variant"));
    let vaszary = entity_with(&export, "Vasari");
    assert!(aliases(vaszary).iter().any(|a| a == "Aldric Vaszary"), "{vaszary:#?}");
    let corvinsk = entity_with(&export, "Korvinsk");
    assert!(aliases(corvinsk).iter().any(|a| a == "Corvinsk"));
    let esp = entity_with(&export, "ESP");
    assert_eq!(esp["name"], "Eastern Security Pact");
    // The ESP-only document is among its documents.
    let frontier_esp_only = export["documents"].as_array().unwrap().iter().find(|d| d["title"].as_str().is_some_and(|t| t.contains("death toll rises to 225"))).unwrap();
    assert!(esp["members"].as_array().unwrap().iter().any(|m| m.as_str().unwrap().starts_with(frontier_esp_only["id"].as_str().unwrap())));
    // Demonyms are linked to their country, not merged into it.
    let veloria = entity_with(&export, "Veloria");
    let velorian = entity_with(&export, "Velorian");
    assert_ne!(veloria["id"], velorian["id"]);
    assert_eq!(velorian["type"], "NORP");
    assert!(export["links"].as_array().unwrap().iter().any(|l| l["kind"] == "demonym-of" && l["from"] == velorian["id"] && l["to"] == veloria["id"]));

    // No false merge: no entity spans two different actors.
    for e in export["entities"].as_array().unwrap() {
        let names = aliases(e);
        let groups: Vec<&&[&str]> = DISTINCT.iter().filter(|g| names.iter().any(|a| g.iter().any(|w| has_word(a, w)))).collect();
        assert!(groups.len() <= 1, "{} merges {groups:?}: {names:?}", e["name"]);
    }
    // Every mention of a corpus entity is the exact text at its offsets.
    let docs = export["documents"].as_array().unwrap();
    for e in export["entities"].as_array().unwrap() {
        assert_eq!(e["n_mentions"].as_u64().unwrap() as usize, e["mentions"].as_array().unwrap().len(), "{}", e["name"]);
        for m in e["mentions"].as_array().unwrap() {
            let d = docs.iter().find(|d| d["id"] == m["doc"]).unwrap();
            let text: Vec<char> = d["text"].as_str().unwrap().chars().collect();
            let (a, b) = (m["start"].as_u64().unwrap() as usize, m["end"].as_u64().unwrap() as usize);
            assert_eq!(text[a..b].iter().collect::<String>(), m["text"].as_str().unwrap());
        }
    }

    // Planted disagreements.
    let contradictions = export["contradictions"].as_array().unwrap();
    let find = |topic: &str| -> &Value {
        contradictions.iter().find(|c| c["topic"].as_str().unwrap().contains(topic)).unwrap_or_else(|| panic!("{topic} in {contradictions:#?}"))
    };
    let values = |c: &Value| -> Vec<String> { c["claims"].as_array().unwrap().iter().map(|x| x["value"].as_str().unwrap().to_string()).collect() };
    let arrest = find("arrest of Konstantin Darvel");
    assert_eq!((arrest["kind"].as_str(), arrest["status"].as_str()), (Some("date"), Some("contradiction")));
    assert_eq!(values(arrest), ["2031-01-06", "2031-01-08"]);
    let start = find("start of the protests");
    assert_eq!(start["status"], "contradiction");
    assert_eq!(values(start), ["2031-01-01", "2031-01-02"]);
    let force = find("force");
    assert_eq!((force["kind"].as_str(), force["status"].as_str()), (Some("figure"), Some("contradiction")));
    for v in ["2,030", "about 2,500", "3,000"] {
        assert!(values(force).iter().any(|x| x == v), "{v} in {force:#?}");
    }
    // The death toll rose: 164 (January 10) -> 225 (January 15); an update, with its dates.
    let toll = find("death toll");
    assert_eq!(toll["status"], "update");
    assert_eq!(values(toll).first().map(String::as_str), Some("164"));
    assert!(values(toll).iter().any(|v| v == "225"));
    assert!(toll["claims"].as_array().unwrap().iter().all(|c| c["as_of"].is_string()));
    // Nothing else is a contradiction (detainee counts that grow are updates, not conflicts).
    let flagged: Vec<&str> = contradictions.iter().filter(|c| c["status"] == "contradiction").map(|c| c["topic"].as_str().unwrap()).collect();
    assert_eq!(flagged.len(), 3, "{flagged:#?}");
    // Each side cites its sentences, verbatim from its document.
    for c in contradictions {
        for claim in c["claims"].as_array().unwrap() {
            for ev in claim["evidence"].as_array().unwrap() {
                let d = docs.iter().find(|d| d["id"] == ev["doc"]).unwrap();
                let text: Vec<char> = d["text"].as_str().unwrap().chars().collect();
                let (a, b) = (ev["start"].as_u64().unwrap() as usize, ev["end"].as_u64().unwrap() as usize);
                assert_eq!(text[a..b].iter().collect::<String>(), ev["text"].as_str().unwrap());
            }
        }
    }

    // One arrest, reported by several independent sources and by copies of one wire story.
    let events = export["events"].as_array().unwrap();
    let arrest_event = events.iter().find(|e| e["id"] == arrest["event"]).unwrap();
    assert!(arrest_event["n_sources"].as_u64().unwrap() >= 3, "{arrest_event:#?}");
    assert!(arrest_event["n_reports"].as_u64().unwrap() > arrest_event["n_sources"].as_u64().unwrap(), "copies count once: {arrest_event:#?}");
    assert!(arrest_event["disputed"].as_array().unwrap().iter().any(|d| *d == arrest["id"]));
    assert_eq!(arrest_event["target"]["name"], "Konstantin Darvel");
}
