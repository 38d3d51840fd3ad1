//! The `places` annotator and the events' `place`, on sentences written for these tests.

use model::{Doc, Format, Layer, Metadata, OffsetMap, Origin};

fn analyse(text: &str) -> Doc {
    let mut doc = Doc::new("t".into(), Origin::file("t"), Format::Text, Metadata::default(), text.to_string(), OffsetMap::identity(text.len()));
    annotate::Pipeline::standard().run(&mut doc);
    doc
}

/// (mention text, label, GeoNames name) of each place annotation.
fn places(doc: &Doc) -> Vec<(String, String, String)> {
    doc.annotations
        .iter()
        .filter(|a| a.layer == Layer::Places)
        .map(|a| {
            let name = a.attrs.get("name").and_then(|n| n.as_str()).unwrap_or("").to_string();
            (doc.text[a.span.range()].to_string(), a.label.clone(), name)
        })
        .collect()
}

fn has(found: &[(String, String, String)], text: &str, label: &str, name: &str) -> bool {
    found.iter().any(|(t, l, n)| t == text && l == label && n == name)
}

#[test]
fn real_places_resolve_and_fictional_ones_stay_unresolved() {
    let doc = analyse(
        "Russian troops arrived in Almaty on Friday, officials in Moscow said. \
         In Veloria, protesters gathered in Korvinsk and Port Amsel.",
    );
    let found = places(&doc);
    assert!(has(&found, "Almaty", "city", "Almaty"), "{found:?}");
    assert!(has(&found, "Moscow", "city", "Moscow"), "{found:?}");
    assert!(has(&found, "Russian", "country", "Russia"), "{found:?}");
    for fictional in ["Veloria", "Korvinsk", "Port Amsel"] {
        assert!(found.iter().all(|(t, l, _)| t != fictional || l == "unresolved"), "{fictional}: {found:?}");
    }
    // Coordinates and codes are there.
    let almaty = doc.annotations.iter().find(|a| a.layer == Layer::Places && &doc.text[a.span.range()] == "Almaty").unwrap();
    assert_eq!(almaty.attrs["geonameid"], 1526384);
    assert_eq!((almaty.attrs["country"].as_str(), almaty.attrs["country3"].as_str()), (Some("KZ"), Some("KAZ")));
    assert!((almaty.attrs["lat"].as_f64().unwrap() - 43.25).abs() < 0.1);
}

#[test]
fn events_happen_where_the_sentence_says_not_where_actors_come_from() {
    let doc = analyse("Protesters attacked the mayor's office in Almaty. Russian soldiers arrested the protest leaders in Zhanaozen, Kazakhstan.");
    let events: Vec<&model::Annotation> = doc.annotations.iter().filter(|a| a.layer == Layer::Events).collect();
    assert!(!events.is_empty());
    let place_names: Vec<Option<&str>> = events.iter().map(|e| e.attrs["place"]["name"].as_str()).collect();
    assert!(place_names.contains(&Some("Almaty")), "{place_names:?}");
    assert!(place_names.contains(&Some("Zhanaozen")), "{place_names:?}");
    assert!(!place_names.contains(&Some("Russia")), "{place_names:?}");
}

#[test]
fn an_event_in_an_unknown_place_gets_no_place() {
    let doc = analyse("Veloria's police arrested the opposition leader in Korvinsk. Korvinsk remained tense. Officials in Korvinsk said nothing.");
    for e in doc.annotations.iter().filter(|a| a.layer == Layer::Events) {
        assert!(e.attrs["place"].is_null(), "{}", e.attrs["place"]);
    }
}

#[test]
fn a_big_city_named_in_passing_is_found() {
    let doc = analyse("Five strikes hit fighting positions. The convoy then drove on towards Baghdad.");
    let found = places(&doc);
    assert!(has(&found, "Baghdad", "city", "Baghdad"), "{found:?}");
}
