//! The `claims` annotator end to end on sentences written for the purpose (a fictional
//! scenario): explanations, predictions, hedges, rejections, reported claims and a quoted
//! holder, and a plain report that is no claim.

use model::{Doc, Format, Layer, Metadata, OffsetMap, Origin};

fn analyse(text: &str) -> Doc {
    let meta = Metadata { authors: vec!["Ada Quill".into()], ..Metadata::default() };
    let mut doc = Doc::new("t".into(), Origin::file("t"), Format::Text, meta, text.to_string(), OffsetMap::identity(text.len()));
    annotate::Pipeline::standard().run(&mut doc);
    doc
}

/// The claim whose sentence starts with `start`.
fn claim<'a>(doc: &Doc, claims: &'a [claims::Claim], start: &str) -> Option<&'a claims::Claim> {
    claims.iter().find(|c| doc.text.get(c.start..c.end).is_some_and(|t| t.starts_with(start)))
}

#[test]
fn kinds_stances_holders() {
    let text = "The harbour strike in Lindmark began on March 3. \
The strike happened because the port authority cut wages by a third. \
Many commentators concluded that Ostrava was using the unrest as cover for a land grab. \
That conclusion ignores the internal politics of Lindmark. \
It appears that the governor's rivals used the crisis to weaken him. \
The governor will probably resign before the summer. \
\"Foreign terrorists attacked our port,\" the governor Ivo Brandt said on Monday.";
    let doc = analyse(text);
    let found = annotate::claims::stored(&doc);
    for c in &found {
        eprintln!("{:?} {:?} {} {:?} {:?} | {}", c.kind, c.stance, c.hedged, c.holder.name, c.frames, doc.text.get(c.start..c.end).unwrap_or(""));
    }
    assert!(doc.annotations.iter().any(|a| a.layer == Layer::Claims));
    assert!(claim(&doc, &found, "The harbour strike").is_none(), "a plain report is no claim");

    let c = claim(&doc, &found, "The strike happened").expect("explanation");
    assert_eq!(c.kind, claims::Kind::Explanation);
    assert_eq!(c.stance, claims::Stance::Asserted);
    assert_eq!(c.holder.kind, "author");
    assert_eq!(c.holder.name, "Ada Quill");

    let c = claim(&doc, &found, "Many commentators").expect("reported claim");
    assert_eq!(c.holder.kind, "reported");
    assert!(c.frames.iter().any(|f| f.frame == "foreign_power" && f.stance == claims::Stance::Asserted), "{:?}", c.frames);

    let c = claim(&doc, &found, "That conclusion").expect("rejection");
    assert_eq!(c.stance, claims::Stance::Rejected);
    assert!(c.frames.iter().any(|f| f.frame == "foreign_power" && f.stance == claims::Stance::Rejected && f.anaphoric), "{:?}", c.frames);

    let c = claim(&doc, &found, "It appears").expect("hedged explanation");
    assert!(c.hedged);
    assert_eq!(c.kind, claims::Kind::Explanation);
    assert!(c.frames.iter().any(|f| f.frame == "elite_struggle"));

    let c = claim(&doc, &found, "The governor will").expect("prediction");
    assert_eq!(c.kind, claims::Kind::Prediction);

    let c = found.iter().find(|c| doc.text.get(c.start..c.end).is_some_and(|t| t.contains("Foreign terrorists"))).expect("quoted claim");
    assert_eq!(c.holder.kind, "speaker");
    assert!(c.holder.name.contains("Brandt"), "{:?}", c.holder);
    assert!(c.frames.iter().any(|f| f.frame == "foreign_attack"));
}

#[test]
fn no_panic_on_odd_input() {
    for text in ["", "...", "\"\"\"", "because because because.", &"will may might could ".repeat(300)] {
        let doc = analyse(text);
        let _ = annotate::claims::stored(&doc);
    }
}
