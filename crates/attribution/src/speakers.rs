//! Speakers: the entity an attribution's source refers to.
//!
//! In order: a name inside the source (its head word first: "Paul Stronski of the Carnegie
//! Endowment" is Stronski, "a 2019 Chatham House report" is Chatham House); a personal pronoun
//! ("he", "she") to the last speaker who is a person, within a few sentences, else the last
//! person named; "it"/"they" to the last organisation (or group) named; a title or role ("the
//! president", "the minister") to the last person named with that word next to the name
//! ("President Tomas Rekker", "Rekker, the president").

use std::collections::HashMap;

use model::Layer;

use model::tree::Tree;
use crate::Attribution;

/// The entity a source refers to, and how that was decided.
#[derive(Clone, Debug, PartialEq)]
pub struct Speaker {
    /// The entity's number in the document (the `entities` layer's `entity` attribute).
    pub entity: Option<u64>,
    /// The entity's name, or the source's own words when no entity was found.
    pub name: String,
    /// The entity's type (`PERSON`, `ORG`, ...), when resolved.
    pub label: Option<String>,
    /// The source as written ("Kordavia's foreign ministry", "he", "a 2029 report").
    pub text: String,
    /// `name`, `pronoun`, `title` or `unresolved`.
    pub resolved_by: &'static str,
}

/// An entity mention of the document.
struct Mention {
    start: usize,
    end: usize,
    entity: u64,
    name: String,
    label: String,
}

/// Head nouns of sources that speak for a body named inside them.
const SPEAKS_FOR: &[&str] = &[
    "spokesman", "spokeswoman", "spokesperson", "representative", "report", "statement", "ministry", "office",
    "study", "survey", "poll", "analysis", "data", "figure", "document", "government", "official", "minister",
    "service", "agency", "press", "website", "channel", "account", "source", "leadership", "embassy", "team",
];

/// Given names and the gender they usually mark (`name<TAB>F|M`), written by hand.
const FIRST_NAMES: &str = include_str!("../data/first-names.tsv");

/// A person's grammatical gender as the document shows it, when it does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Gender {
    Female,
    Male,
}

/// The gender of each person entity: from a title before any of its mentions ("Mr.", "Mrs.",
/// "Ms."), else from the given name in its name ("Hillary Clinton"). Entities with conflicting
/// or no evidence have none, and any pronoun may refer to them.
fn genders(text: &str, mentions: &[Mention]) -> HashMap<u64, Gender> {
    let names: HashMap<&str, Gender> = FIRST_NAMES
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (name, g) = l.split_once('\t')?;
            Some((name.trim(), if g.trim() == "F" { Gender::Female } else { Gender::Male }))
        })
        .collect();
    let mut votes: HashMap<u64, (u32, u32)> = HashMap::new();
    for m in mentions.iter().filter(|m| m.label == "PERSON") {
        let before = text.get(m.start.saturating_sub(6)..m.start).or_else(|| text.get(..m.start)).unwrap_or("");
        let title = before.trim_end();
        let by_title = if title.ends_with("Mr.") || title.ends_with("Mr") {
            Some(Gender::Male)
        } else if title.ends_with("Mrs.") || title.ends_with("Ms.") || title.ends_with("Mrs") || title.ends_with("Ms") || title.ends_with("Miss") {
            Some(Gender::Female)
        } else {
            None
        };
        let first = m.name.split_whitespace().next().unwrap_or("");
        let g = by_title.or_else(|| names.get(first).copied());
        let v = votes.entry(m.entity).or_default();
        match g {
            Some(Gender::Female) => v.0 += 1,
            Some(Gender::Male) => v.1 += 1,
            None => {}
        }
    }
    votes
        .into_iter()
        .filter_map(|(e, (f, m))| match (f, m) {
            (f, 0) if f > 0 => Some((e, Gender::Female)),
            (0, m) if m > 0 => Some((e, Gender::Male)),
            _ => None,
        })
        .collect()
}

/// How many sentences back a pronoun may reach for the last speaker.
const PRONOUN_REACH: usize = 4;

pub fn resolve(tree: &Tree<'_>, atts: &mut [Attribution]) {
    let doc = tree.doc;
    let mentions: Vec<Mention> = doc
        .annotations
        .iter()
        .filter(|a| a.layer == Layer::Entities)
        .filter_map(|a| {
            Some(Mention {
                start: a.span.start as usize,
                end: a.span.end as usize,
                entity: a.attrs.get("entity")?.as_u64()?,
                name: a.attrs.get("name").and_then(|n| n.as_str()).unwrap_or_else(|| a.span.text(&doc.text)).to_string(),
                label: a.label.clone(),
            })
        })
        .collect();
    let genders = genders(&doc.text, &mentions);
    // (sentence, speaker) of earlier attributions, for pronouns.
    let mut speakers: Vec<(usize, Speaker)> = Vec::new();
    for a in atts.iter_mut() {
        let Some((s, e)) = a.source else { continue };
        let text = doc.text.get(s..e).unwrap_or("").to_string();
        let head = a.source_head;
        let speaker = by_name(tree, &mentions, head, s, e)
            .or_else(|| head.and_then(|h| by_pronoun(tree, (&mentions, &genders), &speakers, h, a.sentence, s, &a.content)))
            .or_else(|| head.and_then(|h| by_title(tree, &mentions, h, s)))
            .map(|sp| Speaker { text: text.clone(), ..sp })
            .unwrap_or_else(|| Speaker { entity: None, name: unresolved_name(tree, head, s, &text), label: None, text, resolved_by: "unresolved" });
        if speaker.entity.is_some() {
            speakers.push((a.sentence, speaker.clone()));
        }
        a.speaker = Some(speaker);
    }
}

/// The name of a source no entity stands for: its words, or for a relative pronoun ("which
/// seeks", "who said") the words of the noun phrase it stands for, up to its head.
fn unresolved_name(tree: &Tree<'_>, head: Option<usize>, s: usize, text: &str) -> String {
    let relative = matches!(text.to_lowercase().as_str(), "who" | "which" | "that");
    if let Some(h) = head.filter(|&h| relative && tree.span(h).1 <= s) {
        // Without the preposition that attaches the phrase ("into large scale demonstrations").
        let first = tree.subtree(h).into_iter().find(|&t| t >= h || !(tree.rel(t) == "case" || tree.upos(t) == "ADP")).unwrap_or(h);
        if let Some(np) = tree.doc.text.get(tree.span(first).0..tree.span(h).1) {
            return np.to_string();
        }
    }
    text.to_string()
}

fn speaker(m: &Mention, how: &'static str) -> Speaker {
    Speaker { entity: Some(m.entity), name: m.name.clone(), label: Some(m.label.clone()), text: String::new(), resolved_by: how }
}

fn by_name(tree: &Tree<'_>, mentions: &[Mention], head: Option<usize>, s: usize, e: usize) -> Option<Speaker> {
    if let Some(h) = head {
        let (hs, he) = tree.span(h);
        if let Some(m) = mentions.iter().find(|m| m.start <= hs && he <= m.end) {
            return Some(speaker(m, "name"));
        }
    }
    // Otherwise a name inside the source that the source speaks for: an organisation ("a
    // spokesman for the Pact", "a 2029 Chatham Institute report"), a possessor ("Kordavia's
    // foreign ministry"), or anything named when the head is a body or a document; never the
    // place a person is from ("a resident of Liberty Square").
    let head_speaks_for = head.is_some_and(|h| SPEAKS_FOR.contains(&tree.lemma(h).to_lowercase().as_str()));
    let text = &tree.doc.text;
    // A person named in apposition comes first ("the Pact's secretary general, Viktor
    // Halloran").
    let inside = || mentions.iter().filter(|m| m.start >= s && m.end <= e);
    let appos = (tree.token_at_or_after(s)..tree.token_at_or_after(e)).find(|&t| tree.rel(t) == "appos");
    if let Some(m) = appos.and_then(|a| {
        let (a0, a1) = tree.span(a);
        inside().find(|m| m.start <= a0 && a1 <= m.end)
    }) {
        return Some(speaker(m, "name"));
    }
    if let Some(m) = inside().find(|m| m.label == "PERSON" && !head_speaks_for) {
        return Some(speaker(m, "name"));
    }
    inside()
        .find(|m| {
            let possessive = text.get(m.end..).is_some_and(|rest| rest.starts_with("'s") || rest.starts_with("’s"));
            // A demonym names a nationality, not the speaker ("the Kordavian envoy").
            m.label != "NORP" && (m.label == "ORG" || possessive || head_speaks_for)
        })
        .map(|m| speaker(m, "name"))
}

fn by_pronoun(
    tree: &Tree<'_>,
    (mentions, genders): (&[Mention], &HashMap<u64, Gender>),
    speakers: &[(usize, Speaker)],
    h: usize,
    sentence: usize,
    before: usize,
    content: &[(usize, usize)],
) -> Option<Speaker> {
    if tree.xpos(h) != "PRP" {
        return None;
    }
    let word = tree.word(h).to_lowercase();
    // "he" never stands for a woman the document names as one, nor "she" for a man.
    let excluded = match word.as_str() {
        "he" | "him" => Some(Gender::Female),
        "she" | "her" => Some(Gender::Male),
        _ => None,
    };
    let fits = |entity: Option<u64>| excluded.is_none() || entity.and_then(|e| genders.get(&e)).copied() != excluded;
    let wanted: &[&str] = match word.as_str() {
        "he" | "she" | "him" | "her" => &["PERSON"],
        "it" => &["ORG"],
        "they" | "them" => &["ORG", "NORP"],
        _ => return None,
    };
    // The nearest person (or organisation) named before the pronoun and outside what is being
    // quoted, within a few sentences; else the last speaker of that kind.
    let within = |m: &&Mention| {
        let t = tree.token_at_or_after(m.start);
        tree.sentence_of.get(t).is_some_and(|&s| sentence.saturating_sub(s as usize) <= PRONOUN_REACH)
    };
    let named = mentions
        .iter()
        .rev()
        .filter(|m| m.end <= before && wanted.contains(&m.label.as_str()) && fits(Some(m.entity)) && !content.iter().any(|c| m.start < c.1 && m.end > c.0))
        .find(within);
    if let Some(m) = named {
        return Some(speaker(m, "pronoun"));
    }
    speakers
        .iter()
        .rev()
        .find(|(s, sp)| sentence.saturating_sub(*s) <= PRONOUN_REACH && sp.label.as_deref().is_some_and(|l| wanted.contains(&l)) && fits(sp.entity))
        .map(|(_, sp)| Speaker { resolved_by: "pronoun", ..sp.clone() })
}

fn by_title(tree: &Tree<'_>, mentions: &[Mention], h: usize, before: usize) -> Option<Speaker> {
    if tree.upos(h) != "NOUN" {
        return None;
    }
    let title = tree.lemma(h).to_lowercase();
    if title.len() < 3 {
        return None;
    }
    let doc = tree.doc;
    mentions.iter().rev().filter(|m| m.end <= before && m.label == "PERSON").find(|m| {
        // The title within a few words before the name ("President Tomas Rekker", "the former
        // president, Aldric Vaszary") or after it ("Rekker, the country's president").
        let lo = m.start.saturating_sub(40);
        let hi = (m.end + 40).min(doc.text.len());
        let near = |a: usize, b: usize| {
            doc.text.get(a..b).is_some_and(|w| w.split(|c: char| !c.is_alphanumeric()).any(|w| w.eq_ignore_ascii_case(&title) || w.to_lowercase() == format!("{title}s")))
        };
        near(floor(&doc.text, lo), m.start) || near(m.end, ceil(&doc.text, hi))
    }).map(|m| speaker(m, "title"))
}

fn floor(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(text: &str, name: &str, entity: u64) -> Mention {
        let start = text.find(name).unwrap();
        Mention { start, end: start + name.len(), entity, name: name.to_string(), label: "PERSON".to_string() }
    }

    #[test]
    fn gender_from_titles_and_given_names() {
        let text = "Hillary Rekker met Mr. Halloran and Ms. Vaszary; Tomas Brandt and Jordan Lee came later.";
        let mentions = [
            mention(text, "Hillary Rekker", 1),
            mention(text, "Halloran", 2),
            mention(text, "Vaszary", 3),
            mention(text, "Tomas Brandt", 4),
            mention(text, "Jordan Lee", 5),
        ];
        let g = genders(text, &mentions);
        assert_eq!(g.get(&1), Some(&Gender::Female));
        assert_eq!(g.get(&2), Some(&Gender::Male));
        assert_eq!(g.get(&3), Some(&Gender::Female));
        assert_eq!(g.get(&4), None, "a name not in the list says nothing");
        assert_eq!(g.get(&5), None, "names used for both are not in the list");
    }

    #[test]
    fn conflicting_evidence_gives_no_gender() {
        let text = "Mr. Vale spoke. Later Ms. Vale answered.";
        let a = text.find("Vale").unwrap();
        let b = text.rfind("Vale").unwrap();
        let mentions = [
            Mention { start: a, end: a + 4, entity: 7, name: "Vale".into(), label: "PERSON".into() },
            Mention { start: b, end: b + 4, entity: 7, name: "Vale".into(), label: "PERSON".into() },
        ];
        assert_eq!(genders(text, &mentions).get(&7), None);
    }
}
