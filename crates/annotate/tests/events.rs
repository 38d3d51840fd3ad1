//! The `events` annotator end to end, on a fictional wire story with the events analysts need:
//! protests, arrests (active, passive), a request for troops, seizures, a resignation, a
//! dismissal, negated and hypothetical events, a reported one, and an opinion with no event;
//! events presented as beginning or ending (`phase`), a passive subject shared by coordinated
//! verbs, and a place taken from the actor ("workers in Dranmoor").

use model::{Doc, Format, Layer, Metadata, OffsetMap, Origin};

fn analyse(text: &str) -> Doc {
    let mut doc = Doc::new("t".into(), Origin::file("t"), Format::Text, Metadata::default(), text.to_string(), OffsetMap::identity(text.len()));
    annotate::Pipeline::standard().run(&mut doc);
    doc
}

/// One event as `(type, trigger, source text, target text, modality, time, reported speaker)`.
type Row = (String, String, String, String, String, String, String);

fn events(doc: &Doc) -> Vec<Row> {
    let s = |v: &serde_json::Value| v.as_str().unwrap_or("").to_string();
    doc.annotations
        .iter()
        .filter(|a| a.layer == Layer::Events)
        .map(|a| {
            (
                a.label.clone(),
                a.span.text(&doc.text).to_string(),
                s(&a.attrs["source"]["text"]),
                s(&a.attrs["target"]["text"]),
                s(&a.attrs["modality"]),
                s(&a.attrs["time"]),
                s(&a.attrs["reported"]["speaker"]),
            )
        })
        .collect()
}

fn find<'a>(rows: &'a [Row], trigger: &str) -> &'a Row {
    rows.iter().find(|r| r.1 == trigger).unwrap_or_else(|| panic!("no event triggered by `{trigger}` in {rows:#?}"))
}

#[test]
fn fixture_events() {
    let doc = analyse(include_str!("data/events-fixture.txt"));
    let rows = events(&doc);
    for r in &rows {
        eprintln!("{r:?}");
    }
    let protests = find(&rows, "Protests");
    assert_eq!(protests.0, "PROTEST");
    // The dateline gives no year: the month and day are what the text says.
    assert!(protests.5.ends_with("-01-02"), "{protests:?}");

    let arrested = find(&rows, "arrested");
    assert_eq!(arrested.0, "COERCE");
    assert_eq!(arrested.2, "Police");
    assert!(arrested.3.contains("300 people"), "{arrested:?}");
    assert!(arrested.5.ends_with("-01-06"), "{arrested:?}");

    let detained = find(&rows, "detained");
    assert_eq!(detained.0, "COERCE");
    assert!(detained.3.contains("former head"), "passive subject is the target: {detained:?}");
    assert!(detained.5.ends_with("-01-08"), "{detained:?}");

    let asked = find(&rows, "asked");
    assert_eq!(asked.0, "REQUEST");
    assert!(asked.2.contains("Tomas Rekker") && asked.3.contains("Eastern Security Pact"), "{asked:?}");
    assert!(asked.5.ends_with("-01-05"), "{asked:?}");
    let asked_attrs = &doc.annotations.iter().find(|a| a.layer == Layer::Events && a.span.text(&doc.text) == "asked").map(|a| a.attrs.clone()).unwrap_or_default();
    assert_eq!(asked_attrs["intent"], "AID", "a request for troops is a request for military protection");
    assert_eq!(asked_attrs["cameo"], "1034");

    let seized = find(&rows, "seized");
    assert_eq!((seized.0.as_str(), seized.2.as_str(), seized.3.as_str()), ("COERCE", "Armed men", "airport"));
    let burned = find(&rows, "burned");
    assert_eq!(burned.0, "ASSAULT");
    assert_eq!(burned.2, "Armed men", "coordinated verbs share their subject");

    let resigned = find(&rows, "resigned");
    assert_eq!((resigned.0.as_str(), resigned.2.as_str()), ("CONCEDE", "Prime Minister Anton Mirel"));
    let dismissed = find(&rows, "dismissed");
    assert_eq!((dismissed.0.as_str(), dismissed.2.as_str(), dismissed.3.as_str()), ("COERCE", "Rekker", "interior minister"));

    let send = find(&rows, "send");
    assert_eq!(send.4, "negated", "{send:?}");
    let intervene = find(&rows, "intervene");
    assert_eq!(intervene.4, "hypothetical", "{intervene:?}");
    assert!(!rows.iter().any(|r| r.1 == "reconsider"), "an opinion is no event");

    let killed = find(&rows, "killed");
    assert_eq!(killed.0, "ASSAULT");
    assert_eq!(killed.6, "Tomas Rekker", "told by Rekker: {killed:?}");

    // The last sentence describes no event.
    let last = doc.text.find("Analysts say").unwrap_or(usize::MAX);
    assert!(!doc.annotations.iter().any(|a| a.layer == Layer::Events && a.span.start as usize >= last), "no event in an opinion about the economy");
}

/// The attributes of the first event triggered by `trigger` at or after the text `after`.
fn event_after<'d>(doc: &'d Doc, after: &str, trigger: &str) -> &'d serde_json::Value {
    let at = doc.text.find(after).unwrap_or_else(|| panic!("`{after}` is not in the text"));
    doc.annotations
        .iter()
        .filter(|a| a.layer == Layer::Events && a.span.start as usize >= at)
        .find(|a| a.span.text(&doc.text) == trigger)
        .map(|a| &a.attrs)
        .unwrap_or_else(|| panic!("no event triggered by `{trigger}` after `{after}`"))
}

fn text(v: &serde_json::Value) -> String {
    v["text"].as_str().unwrap_or("").to_string()
}

#[test]
fn phases() {
    let doc = analyse(include_str!("data/events-fixture.txt"));
    // "The unrest began on New Year's Day in ... Dranmoor": the date and place of "began".
    let unrest = event_after(&doc, "The unrest began", "unrest");
    assert_eq!(unrest["phase"], "start", "{unrest}");
    assert_eq!(text(&unrest["location"]), "Dranmoor", "{unrest}");
    assert!(unrest["time"].as_str().is_some_and(|t| t.ends_with("-01-01")), "New Year's Day: {unrest}");
    // The parser hangs "in the oil town of Dranmoor" on the date: still the event's place.
    let protests = event_after(&doc, "Protests against", "Protests");
    assert_eq!(protests["phase"], "start", "protests began on January 2: {protests}");
    assert_eq!(text(&protests["location"]), "Dranmoor", "{protests}");
    // "began to protest": the complement begins.
    let protest = event_after(&doc, "Drivers and oil workers", "protest");
    assert_eq!(protest["phase"], "start", "{protest}");
    let outbreak = event_after(&doc, "The outbreak", "protests");
    assert_eq!(outbreak["phase"], "start", "{outbreak}");
    // Ends.
    let withdrawal = event_after(&doc, "The withdrawal", "withdrawal");
    assert_eq!(withdrawal["phase"], "end", "{withdrawal}");
    assert!(withdrawal["time"].as_str().is_some_and(|t| t.ends_with("-01-20")), "{withdrawal}");
    let deployment = event_after(&doc, "the end of its deployment", "deployment");
    assert_eq!(deployment["phase"], "end", "{deployment}");
    // No phase where nothing begins or ends.
    assert!(event_after(&doc, "Police arrested", "arrested")["phase"].is_null());
}

#[test]
fn coordinated_verbs_share_their_subject() {
    let doc = analyse(include_str!("data/events-fixture.txt"));
    // "X was dismissed on January 5 and arrested on January 6": the second conjunct shares the
    // passive subject (the target) and keeps its own date.
    let dismissed = event_after(&doc, "Konstantin Darvel, the chairman", "dismissed");
    let arrested = event_after(&doc, "Konstantin Darvel, the chairman", "arrested");
    assert!(text(&dismissed["target"]).contains("Konstantin Darvel"), "{dismissed}");
    assert!(text(&arrested["target"]).contains("Konstantin Darvel"), "{arrested}");
    assert!(arrested["source"].is_null(), "nobody named arrests him: {arrested}");
    assert!(dismissed["time"].as_str().is_some_and(|t| t.ends_with("-01-05")), "{dismissed}");
    assert!(arrested["time"].as_str().is_some_and(|t| t.ends_with("-01-06")), "{arrested}");
    // The same for actives: "Rekker dismissed the government and asked the alliance".
    let asked = event_after(&doc, "Rekker dismissed the government", "asked");
    assert_eq!(text(&asked["source"]), "Rekker", "{asked}");
    assert_eq!(text(&asked["target"]), "alliance", "{asked}");
}

#[test]
fn place_from_the_actor() {
    let doc = analyse(include_str!("data/events-fixture.txt"));
    // "drivers and oil workers in Dranmoor began to protest": no place of its own.
    let protest = event_after(&doc, "Drivers and oil workers", "protest");
    assert_eq!(text(&protest["location"]), "Dranmoor", "{protest}");
    // An event with a place of its own keeps it.
    let arrested = event_after(&doc, "Police arrested", "arrested");
    assert_eq!(text(&arrested["location"]), "Corvinsk", "{arrested}");
}

#[test]
fn no_input_makes_the_annotator_fail() {
    for text in ["", "arrested", "The the the.", &"protest ".repeat(5000), "“Arrest”, he said, “them” — and?"] {
        let doc = analyse(text);
        for a in doc.annotations.iter().filter(|a| a.layer == Layer::Events) {
            assert!(doc.text.get(a.span.start as usize..a.span.end as usize).is_some());
        }
    }
}
