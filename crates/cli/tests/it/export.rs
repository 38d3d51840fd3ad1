use crate::util::{repo_root, TestDir, STORY_A, STORY_B};

fn schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(repo_root().join("docs/export.schema.json")).expect("schema file");
    let schema: serde_json::Value = serde_json::from_str(&text).expect("schema is JSON");
    jsonschema::validator_for(&schema).expect("schema compiles")
}

fn errors(v: &jsonschema::Validator, doc: &serde_json::Value) -> Vec<String> {
    v.iter_errors(doc).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

#[test]
fn json_export_validates_against_the_schema() {
    let t = TestDir::new();
    t.write("in/a.txt", STORY_A);
    t.write("in/b.txt", STORY_B);
    t.write("in/empty.txt", "");
    t.run(&["analyze", "in"]).expect_code(3);
    let export = t.run(&["export", "--format", "json"]).expect_code(0).json();
    let v = schema();
    assert_eq!(errors(&v, &export), Vec::<String>::new());
    let docs = export["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 2);
    assert!(export["diagnostics"].as_array().unwrap().iter().any(|d| d["code"] == "empty"));

    // Sentence offsets are code points into `text`.
    for d in docs {
        let text: Vec<char> = d["text"].as_str().unwrap().chars().collect();
        for s in d["sentences"].as_array().unwrap() {
            let (a, b) = (s["start"].as_u64().unwrap() as usize, s["end"].as_u64().unwrap() as usize);
            assert!(a < b && b <= text.len());
            let sentence: String = text[a..b].iter().collect();
            assert_eq!(sentence.trim(), sentence, "sentence spans are trimmed");
        }
    }

    // Entities: every mention is the exact span of its document's text, in its sentence.
    let entities = export["entities"].as_array().unwrap();
    assert!(entities.iter().any(|e| e["name"] == "Ilse Marr" && e["type"] == "PERSON"), "{entities:?}");
    for e in entities {
        for m in e["mentions"].as_array().unwrap() {
            let d = docs.iter().find(|d| d["id"] == m["doc"]).unwrap();
            let text: Vec<char> = d["text"].as_str().unwrap().chars().collect();
            let (a, b) = (m["start"].as_u64().unwrap() as usize, m["end"].as_u64().unwrap() as usize);
            assert_eq!(text[a..b].iter().collect::<String>(), m["text"].as_str().unwrap());
            let s = &d["sentences"][m["sentence"].as_u64().unwrap() as usize];
            assert!(s["start"].as_u64().unwrap() as usize <= a && b <= s["end"].as_u64().unwrap() as usize);
        }
        assert_eq!(e["n_mentions"].as_u64().unwrap() as usize, e["mentions"].as_array().unwrap().len());
    }

    // --tokens adds each token's analysis; heads point inside the document's tokens.
    let with_tokens = t.run(&["export", "--format", "json", "--tokens"]).expect_code(0).json();
    assert_eq!(errors(&v, &with_tokens), Vec::<String>::new());
    for d in with_tokens["documents"].as_array().unwrap() {
        let tokens = d["tokens"].as_array().unwrap();
        assert_eq!(tokens.len() as u64, d["n_tokens"].as_u64().unwrap());
        for tok in tokens {
            assert!(tok["upos"].is_string() && tok["xpos"].is_string() && tok["lemma"].is_string(), "{tok}");
            if let Some(h) = tok["head"].as_u64() {
                assert!((h as usize) < tokens.len());
            }
        }
    }

    // The schema is strict enough to catch a broken export.
    let mut broken = export.clone();
    broken["documents"][0]["id"] = serde_json::json!("not-an-id");
    broken["documents"][1].as_object_mut().unwrap().remove("text");
    assert_eq!(errors(&v, &broken).len(), 2, "{:?}", errors(&v, &broken));
}

#[test]
fn jsonl_and_csv_exports() {
    let t = TestDir::new();
    t.write("in/a.txt", STORY_A);
    t.write("in/b.txt", STORY_B);
    t.run(&["analyze", "in"]).expect_code(0);
    let jsonl = t.run(&["export", "--format", "jsonl"]).expect_code(0).stdout();
    let lines: Vec<serde_json::Value> = jsonl.lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect();
    assert_eq!(lines.len(), 2);
    let v = schema();
    let wrapped = serde_json::json!({
        "schema_version": "2.0.0", "generator": {"name": "dossier", "version": "x"},
        "documents": lines, "entities": [], "links": [], "events": [], "times": [], "quotes": [], "quantities": [],
        "event_reports": [], "contradictions": [], "diagnostics": []
    });
    assert_eq!(errors(&v, &wrapped), Vec::<String>::new());

    let out = t.path().join("docs.csv");
    t.run(&["export", "--format", "csv", "--out", out.to_str().unwrap()]).expect_code(0);
    let mut reader = csv::Reader::from_path(&out).expect("csv");
    let headers = reader.headers().expect("headers").clone();
    assert_eq!(&headers[0], "id");
    assert!(headers.iter().any(|h| h == "text"));
    assert_eq!(reader.records().count(), 2);
}

#[test]
fn times_are_exported_with_their_anchor() {
    let t = TestDir::new();
    // Published on Thursday 16 January 2031: "on Tuesday" is the 14th, "the following day" the
    // 15th (narrative time), "December 28" the last one before the anchor.
    let record = serde_json::json!({
        "text": "Troops crossed into Veloria on Tuesday. The following day the airport closed. \
                 The crisis began on December 28 and has lasted three weeks.",
        "published": "2031-01-16",
        "url": "https://wire.example/veloria",
    });
    t.write("in/wire.jsonl", format!("{record}\n"));
    // No date anywhere in this one: the year comes from the corpus, with the reasoning.
    t.write("in/undated.txt", "Protests began on January 4 in the west of the country.");
    t.run(&["analyze", "in"]).expect_code(0);
    let export = t.run(&["export", "--format", "json"]).expect_code(0).json();
    assert_eq!(errors(&schema(), &export), Vec::<String>::new());
    let times = export["times"].as_array().unwrap();
    let find = |text: &str| times.iter().find(|x| x["text"].as_str().is_some_and(|s| s.contains(text))).unwrap_or_else(|| panic!("{text} in {times:?}"));
    let tuesday = find("Tuesday");
    assert_eq!((tuesday["type"].as_str(), tuesday["value"].as_str()), (Some("DATE"), Some("2031-01-14")));
    assert_eq!((tuesday["anchor"].as_str(), tuesday["dct_source"].as_str()), (Some("dct"), Some("published")));
    assert_eq!(find("following day")["value"], "2031-01-15");
    assert_eq!(find("following day")["anchor"], "narrative");
    let dec = find("December 28");
    assert_eq!((dec["value"].as_str(), dec["year_inferred"].as_bool()), (Some("2030-12-28"), Some(true)));
    assert_eq!(find("three weeks")["value"], "P3W");
    let undated = find("January 4");
    assert_eq!((undated["value"].as_str(), undated["anchor"].as_str()), (Some("2031-01-04"), Some("corpus")));
    assert_eq!((undated["year_inferred"].as_bool(), undated["resolved"].as_bool()), (Some(true), Some(true)));
    assert_eq!(undated["reason"], "1 of 1 other documents date month 01 to 2031");
    assert!(undated["confidence"].as_f64().unwrap() <= 0.8);
    // Evidence is the span itself; the sentence knows its time.
    let docs = export["documents"].as_array().unwrap();
    for x in times {
        let d = docs.iter().find(|d| d["id"] == x["doc"]).unwrap();
        let text: Vec<char> = d["text"].as_str().unwrap().chars().collect();
        let (a, b) = (x["start"].as_u64().unwrap() as usize, x["end"].as_u64().unwrap() as usize);
        assert_eq!(text[a..b].iter().collect::<String>(), x["text"].as_str().unwrap());
        assert_eq!(x["evidence"][0]["text"], x["text"]);
    }
    let wire = docs.iter().find(|d| d["url"] == "https://wire.example/veloria").unwrap();
    assert_eq!(wire["sentences"][0]["time"], "2031-01-14");
    assert_eq!(wire["sentences"][1]["time"], "2031-01-15");

    // `show` marks them with their values.
    let out = t.run(&["show", wire["id"].as_str().unwrap()]).expect_code(0).stdout();
    assert!(out.contains("|DATE=2031-01-14]"), "{out}");
    assert!(out.contains("anchor     2031-01-16 (from published)"), "{out}");
}

#[test]
fn quotes_and_figures_are_exported_and_listed() {
    let t = TestDir::new();
    t.write(
        "in/story.txt",
        "Troops Land in Korvinsk\n\nPresident Tomas Rekker spoke on Tuesday. “We will not negotiate with criminals,” he said. \
         The Eastern Security Pact sent just over 2,000 troops, and at least 160 people were killed, according to the \
         health ministry. Officials called the soldiers “peacekeepers”.\n",
    );
    t.run(&["analyze", "in"]).expect_code(0);
    let export = t.run(&["export", "--format", "json"]).expect_code(0).json();
    assert_eq!(errors(&schema(), &export), Vec::<String>::new());
    let docs = export["documents"].as_array().unwrap();
    let text: Vec<char> = docs[0]["text"].as_str().unwrap().chars().collect();
    let span = |x: &serde_json::Value| -> String {
        text[x["start"].as_u64().unwrap() as usize..x["end"].as_u64().unwrap() as usize].iter().collect()
    };

    let quotes = export["quotes"].as_array().unwrap();
    let direct = quotes.iter().find(|q| q["direct"] == true).unwrap_or_else(|| panic!("{quotes:#?}"));
    assert_eq!(direct["text"], "We will not negotiate with criminals,");
    assert_eq!(direct["speaker"]["name"], "Tomas Rekker");
    assert_eq!(direct["speaker"]["resolved_by"], "pronoun");
    assert_eq!(span(&direct["cue"]), "said");
    let entity = direct["speaker"]["entity"].as_str().unwrap();
    // Quotes name the document's entity; the corpus entity lists it among its members.
    assert!(export["entities"].as_array().unwrap().iter().any(|e| e["members"].as_array().unwrap().iter().any(|m| m == entity) && e["name"] == "Tomas Rekker"));
    assert!(span(&direct["evidence"][0]).contains("he said"));
    assert!(!quotes.iter().any(|q| q["text"] == "peacekeepers"), "a scare quote is not a statement: {quotes:#?}");
    let according = quotes.iter().find(|q| q["cue_lemma"] == "accord").unwrap_or_else(|| panic!("{quotes:#?}"));
    assert_eq!(according["speaker"]["text"], "the health ministry");

    let figures = export["quantities"].as_array().unwrap();
    let find = |s: &str| figures.iter().find(|q| q["text"] == s).unwrap_or_else(|| panic!("{s} in {figures:#?}"));
    let troops = find("just over 2,000");
    assert_eq!((troops["value"].as_f64(), troops["bound"].as_str(), troops["counted"].as_str()), (Some(2000.0), Some("lower"), Some("troops")));
    let dead = find("at least 160");
    assert_eq!((dead["value"].as_f64(), dead["approx"].as_str()), (Some(160.0), Some("at least")));
    for q in figures {
        assert_eq!(span(q), q["text"].as_str().unwrap());
    }

    let listed = t.run(&["quotes", "--speaker", "rekker"]).expect_code(0).stdout();
    assert!(listed.contains("We will not negotiate"), "{listed}");
    assert!(!listed.contains("health ministry"), "filtered by speaker: {listed}");
    let listed = t.run(&["figures", "--counted", "troops"]).expect_code(0).stdout();
    assert!(listed.contains("just over 2,000") && !listed.contains("at least 160"), "{listed}");
}

#[test]
fn events_are_exported_and_listed() {
    let t = TestDir::new();
    t.write(
        "in/story.txt",
        "Rekker Asks Pact for Troops\n\nPublished January 7, 2031\n\nPresident Tomas Rekker asked the Eastern Security Pact for troops on January 5. \
         Police arrested more than 300 people in Corvinsk on January 6. The alliance did not send troops to the border.\n",
    );
    t.run(&["analyze", "in"]).expect_code(0);
    let export = t.run(&["export", "--format", "json"]).expect_code(0).json();
    assert_eq!(errors(&schema(), &export), Vec::<String>::new());
    let text: Vec<char> = export["documents"][0]["text"].as_str().unwrap().chars().collect();
    let span = |x: &serde_json::Value| -> String { text[x["start"].as_u64().unwrap() as usize..x["end"].as_u64().unwrap() as usize].iter().collect() };
    let events = export["event_reports"].as_array().unwrap();
    let request = events.iter().find(|e| e["type"] == "REQUEST").unwrap_or_else(|| panic!("{events:#?}"));
    assert_eq!(span(&request["trigger"]), "asked");
    assert_eq!(request["source_actor"]["name"], "Tomas Rekker");
    assert_eq!(request["source_actor"]["sector"], "GOV");
    assert_eq!(span(&request["target_actor"]), "Eastern Security Pact");
    assert_eq!(request["intent"], "AID");
    assert_eq!(request["date"]["text"], "January 5");
    assert!(request["date"]["value"].as_str().unwrap().ends_with("-01-05"), "{request:#?}");
    let entity = request["source_actor"]["entity"].as_str().unwrap();
    assert!(export["entities"].as_array().unwrap().iter().any(|e| e["members"].as_array().unwrap().iter().any(|m| m == entity)));
    // Every report belongs to one corpus event, which lists it.
    let clusters = export["events"].as_array().unwrap();
    for e in events {
        let c = clusters.iter().find(|c| c["id"] == e["cluster"]).unwrap_or_else(|| panic!("{e:#?}"));
        assert!(c["reports"].as_array().unwrap().iter().any(|r| r["id"] == e["id"]));
    }
    assert!(clusters.iter().any(|c| c["type"] == "REQUEST" && c["source"]["name"] == "Tomas Rekker" && c["n_sources"] == 1));
    assert!(span(&request["evidence"][0]).starts_with("President Tomas Rekker asked"));
    let arrest = events.iter().find(|e| e["type"] == "COERCE" && e["mode"] == "arrest").unwrap_or_else(|| panic!("{events:#?}"));
    assert_eq!((arrest["source_actor"]["text"].as_str(), arrest["source_actor"]["sector"].as_str()), (Some("Police"), Some("COP")));
    assert_eq!(arrest["location"]["text"], "Corvinsk");
    let negated = events.iter().find(|e| e["modality"] == "negated").unwrap_or_else(|| panic!("{events:#?}"));
    assert_eq!(span(&negated["trigger"]), "send");

    let listed = t.run(&["events", "--type", "coerce"]).expect_code(0).stdout();
    assert!(listed.contains("Police arrests") && !listed.contains("REQUEST"), "{listed}");
    let listed = t.run(&["events", "--actor", "rekker", "--from", "2031-01-05", "--to", "2031-01-05"]).expect_code(0).stdout();
    assert!(listed.contains("requests aid") && !listed.contains("arrests"), "{listed}");
    let listed = t.run(&["events", "--asserted"]).expect_code(0).stdout();
    assert!(!listed.contains("negated"), "{listed}");
    let listed = t.run(&["events", "--from", "2032-01-01"]).expect_code(0).stdout();
    assert!(listed.contains("no events match"), "{listed}");
    // A bound that is not a date (or not ASCII) filters, it does not crash.
    t.run(&["events", "--from", "20é1", "--to", "ß"]).expect_code(0);
}
