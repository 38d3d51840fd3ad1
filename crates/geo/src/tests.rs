//! Resolution checks on sentences written for these tests.

use crate::{resolve, Gazetteer, Kind, Mention, MentionKind, Via};

/// Resolves the mentions (text, kind) found in order in `text`; returns per mention the
/// resolved place's (name, ISO2, precision), or None.
fn run(text: &str, mentions: &[(&str, MentionKind)]) -> Vec<Option<(String, String, &'static str)>> {
    let g = Gazetteer::get().unwrap();
    let mut from = 0;
    let ms: Vec<Mention> = mentions
        .iter()
        .map(|(t, kind)| {
            let start = from + text[from..].find(t).unwrap();
            from = start + t.len();
            Mention { span: (start, start + t.len()), text: t.to_string(), kind: *kind }
        })
        .collect();
    resolve(g, text, &ms)
        .into_iter()
        .map(|r| r.map(|r| {
            let p = g.place(r.place).unwrap();
            (p.name.clone(), p.iso2.clone(), p.kind.precision())
        }))
        .collect()
}

use MentionKind::{Group, Organisation, Place};

fn some(name: &str, iso2: &str, precision: &'static str) -> Option<(String, String, &'static str)> {
    Some((name.to_string(), iso2.to_string(), precision))
}

#[test]
fn gazetteer_loads() {
    let g = Gazetteer::get().unwrap();
    assert!(g.places.iter().filter(|p| p.kind == Kind::Country).count() > 240);
    assert!(g.places.len() > 30_000);
    let kz = g.country("KZ").and_then(|i| g.place(i)).unwrap();
    assert_eq!((kz.iso3.as_str(), kz.geonameid), ("KAZ", 1522867));
}

#[test]
fn georgia_beside_tbilisi_is_the_country() {
    let r = run("Protesters in Tbilisi said Georgia would not yield.", &[("Tbilisi", Place), ("Georgia", Place)]);
    assert_eq!(r[0], some("Tbilisi", "GE", "city"));
    assert_eq!(r[1], some("Georgia", "GE", "country"));
}

#[test]
fn georgia_beside_atlanta_is_the_state() {
    let r = run("Voters in Atlanta said Georgia would decide.", &[("Atlanta", Place), ("Georgia", Place)]);
    assert_eq!(r[1].as_ref().map(|x| (x.1.as_str(), x.2)), Some(("US", "region")));
}

#[test]
fn transliteration_variants() {
    let r = run(
        "Unrest spread from Janaozen to Alma-Ata across Kazakhstan.",
        &[("Janaozen", Place), ("Alma-Ata", Place), ("Kazakhstan", Place)],
    );
    assert_eq!(r[0], some("Zhanaozen", "KZ", "city"));
    assert_eq!(r[1], some("Almaty", "KZ", "city"));
    assert_eq!(r[2], some("Kazakhstan", "KZ", "country"));
}

#[test]
fn saint_petersburg_is_in_russia() {
    let r = run("Putin flew to St. Petersburg.", &[("St. Petersburg", Place)]);
    assert_eq!(r[0].as_ref().map(|x| x.1.as_str()), Some("RU"));
}

#[test]
fn demonyms_link_to_their_country() {
    let r = run(
        "Kazakh police met Russian-led troops.",
        &[("Kazakh", Group), ("Russian-led", Group)],
    );
    assert_eq!(r[0], some("Kazakhstan", "KZ", "country"));
    assert_eq!(r[1], some("Russia", "RU", "country"));
}

#[test]
fn a_capital_standing_for_its_government() {
    let r = run("Moscow said the troops would leave.", &[("Moscow", Organisation)]);
    assert_eq!(r[0], some("Moscow", "RU", "city"));
    // An ordinary organisation name is no place.
    let r = run("Gazprom said the pipeline was shut.", &[("Gazprom", Organisation)]);
    assert_eq!(r[0], None);
}

#[test]
fn a_country_name_is_the_country_not_a_city() {
    let r = run("Talks were held in Mexico and Kuwait.", &[("Mexico", Place), ("Kuwait", Place)]);
    assert_eq!(r[0], some("Mexico", "MX", "country"));
    assert_eq!(r[1], some("Kuwait", "KW", "country"));
}

#[test]
fn fictional_places_stay_unresolved() {
    let text = "Troops landed in Korvinsk, Veloria, while Dranmoor and Port Amsel waited; Velsk was calm. Moscow and Beijing watched.";
    let r = run(
        text,
        &[("Korvinsk", Place), ("Veloria", Place), ("Dranmoor", Place), ("Port Amsel", Place), ("Velsk", Place), ("Moscow", Place), ("Beijing", Place)],
    );
    assert_eq!(&r[..5], &[None, None, None, None, None]);
    assert_eq!(r[5], some("Moscow", "RU", "city"));
    assert_eq!(r[6], some("Beijing", "CN", "city"));
}

#[test]
fn small_towns_need_their_country_in_context() {
    // Zhanaozen (about 100,000 people) resolves when the document is about Kazakhstan...
    let r = run("Strikes began in Zhanaozen, in western Kazakhstan.", &[("Zhanaozen", Place), ("Kazakhstan", Place)]);
    assert_eq!(r[0], some("Zhanaozen", "KZ", "city"));
    // ... and an exact but unsupported small town does not.
    let r = run("The convoy reached Velsk at dawn.", &[("Velsk", Place)]);
    assert_eq!(r[0], None);
}

#[test]
fn via_is_reported() {
    let g = Gazetteer::get().unwrap();
    let ms = [Mention { span: (0, 8), text: "Janaozen".into(), kind: Place }];
    let text = "Janaozen is in Kazakhstan";
    let mut ms = ms.to_vec();
    ms.push(Mention { span: (15, 25), text: "Kazakhstan".into(), kind: Place });
    let r = resolve(g, text, &ms);
    assert_eq!(r[0].map(|r| r.via), Some(Via::Loose));
    assert!(r[0].unwrap().confidence < r[1].unwrap().confidence);
}

#[test]
fn washington_is_the_capital_and_the_kremlin_moscow() {
    let r = run("Washington and the Kremlin traded warnings.", &[("Washington", Place), ("Kremlin", Organisation)]);
    assert_eq!(r[0], some("Washington", "US", "city"));
    assert_eq!(r[1], some("Moscow", "RU", "city"));
}

#[test]
fn american_is_the_united_states() {
    let r = run("American officials declined to comment.", &[("American", Group)]);
    assert_eq!(r[0], some("United States", "US", "country"));
}

#[test]
fn a_demonym_tagged_as_a_place_is_still_the_country() {
    // "Kazakh" is an alternate name of Petropavl in GeoNames.
    let r = run("Kazakh forces and Kazakhstan's leaders.", &[("Kazakh", Place), ("Kazakhstan", Place)]);
    assert_eq!(r[0], some("Kazakhstan", "KZ", "country"));
}
