//! The `entities` annotator: named-entity mentions (PERSON, ORG, LOC, NORP, MISC) from the
//! `ner` crate's compiled-in model, grouped within the document into entities.
//!
//! Each mention becomes an [`Annotation`] on the `entities` layer whose `attrs` carry
//! `entity` (the entity's number in this document, in order of first mention), `name` (the
//! entity's fullest name in the document) and, when the grouping changed the type the model
//! predicted for this mention, `predicted`. Grouping rules (see [`group`]):
//!
//! - the same name (case, a leading "the" and apostrophe style aside) is one entity;
//! - a person's shorter name joins the fullest name it is part of ("Tokayev" and
//!   "Kassym-Jomart Tokayev"), the most recently mentioned such person when several fit,
//!   never when the shorter name would fit two people equally well before either is mentioned;
//! - an acronym joins the organisation whose initials it spells ("CSTO" and "Collective
//!   Security Treaty Organization"), whichever comes first;
//! - one entity has one type: the majority of its mentions' types (ties go to the fullest name).
//!
//! Entities across documents are the `reason` stage's job; this is one document at a time.

use model::{Annotation, Diagnostic, Doc, Layer, Provenance, Span};

use crate::Annotator;

/// The `entities` annotator.
pub struct Entities;

impl Annotator for Entities {
    fn name(&self) -> &'static str {
        "entities"
    }
    fn version(&self) -> u32 {
        1
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Sentences]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Entities]
    }
    fn annotate(&self, doc: &mut Doc) -> Vec<Diagnostic> {
        let recognizer = match ner::Recognizer::load_default() {
            Ok(r) => r,
            Err(e) => return vec![Diagnostic::error(doc.source(), "model", format!("entity recogniser: {e}"))],
        };
        let text = doc.text.as_str();
        let mut bounds = Vec::with_capacity(doc.sentences.len());
        let mut sentences: Vec<Vec<&str>> = Vec::with_capacity(doc.sentences.len());
        for s in &doc.sentences {
            let (a, b) = (s.tokens.0 as usize, (s.tokens.1 as usize).min(doc.tokens.len()));
            let Some(tokens) = doc.tokens.get(a..b) else { continue };
            bounds.push(a);
            sentences.push(tokens.iter().map(|t| t.span.text(text)).collect());
        }
        let found = recognizer.recognize(&sentences);
        let mut mentions = Vec::new();
        for ((words, first), ms) in sentences.iter().zip(&bounds).zip(&found) {
            for &(start, end, ty) in ms {
                let (start, end) = trim_mention(words, start, end);
                let (Some(ws), Some(a), Some(b)) =
                    (words.get(start..end), doc.tokens.get(first + start), doc.tokens.get(first + end.saturating_sub(1)))
                else {
                    continue;
                };
                if ws.is_empty() {
                    continue;
                }
                mentions.push((Mention { words: ws.to_vec(), label: product_label(ty.as_str()) }, Span { start: a.span.start, end: b.span.end }));
            }
        }
        let only: Vec<Mention<'_>> = mentions.iter().map(|(m, _)| m.clone()).collect();
        let mut grouping = group(&only);
        // Names as written in the text (the words joined by spaces may differ in spacing).
        for e in &mut grouping.entities {
            if let Some((_, span)) = mentions.get(e.fullest) {
                e.name = span.text(text).to_string();
            }
        }
        let provenance = Provenance { annotator: self.name().to_string(), version: self.version() };
        let mut annotations: Vec<Annotation> = Vec::with_capacity(mentions.len());
        for (i, (m, span)) in mentions.iter().enumerate() {
            let Some(&e) = grouping.entity.get(i) else { continue };
            let Some(entity) = grouping.entities.get(e) else { continue };
            let mut attrs = serde_json::json!({ "entity": e, "name": entity.name });
            if entity.label != m.label {
                attrs["predicted"] = serde_json::Value::from(m.label);
            }
            annotations.push(Annotation {
                layer: Layer::Entities,
                span: *span,
                label: entity.label.to_string(),
                attrs,
                provenance: provenance.clone(),
            });
        }
        doc.annotations.retain(|a| a.layer != Layer::Entities);
        doc.annotations.extend(annotations);
        Vec::new()
    }
}

/// Words that never begin a name but that a recogniser trained on newswire takes in when
/// they are capitalised at the start of a sentence ("Under Nazarbayev, ...").
const NOT_NAME_START: &[&str] = &[
    "a", "after", "against", "although", "amid", "among", "an", "and", "as", "at", "because", "before",
    "between", "but", "by", "despite", "during", "even", "for", "from", "if", "in", "into", "like",
    "meanwhile", "of", "on", "or", "over", "since", "so", "than", "that", "the", "then", "these", "this",
    "those", "though", "through", "to", "toward", "towards", "under", "unlike", "until", "when", "where",
    "while", "with", "within", "without", "yet",
];

/// Narrows a mention `start..end` of `words`: leading function words ("Under", "The"),
/// and punctuation at either end (quotes, commas, a stray full stop), are not part of a name.
/// Returns an empty range when nothing is left.
fn trim_mention(words: &[&str], mut start: usize, mut end: usize) -> (usize, usize) {
    let is_punct = |w: &str| !w.is_empty() && w.chars().all(|c| !c.is_alphanumeric());
    while start < end {
        let Some(w) = words.get(start) else { break };
        // Keep a function word that is the whole mention's only word: then it is the name.
        if is_punct(w) || (end - start > 1 && NOT_NAME_START.iter().any(|s| w.eq_ignore_ascii_case(s))) {
            start += 1;
        } else {
            break;
        }
    }
    while end > start {
        match words.get(end - 1) {
            Some(w) if is_punct(w) => end -= 1,
            _ => break,
        }
    }
    (start, end)
}

/// The product's type names: CoNLL's PER is PERSON (as in OntoNotes), the others keep theirs.
pub fn product_label(conll: &str) -> &'static str {
    match conll {
        "PER" => "PERSON",
        "ORG" => "ORG",
        "LOC" => "LOC",
        "NORP" => "NORP",
        _ => "MISC",
    }
}

/// A mention as the grouping sees it: its words and predicted type.
#[derive(Clone, Debug)]
pub struct Mention<'a> {
    pub words: Vec<&'a str>,
    pub label: &'static str,
}

/// One entity of a document.
#[derive(Clone, Debug, PartialEq)]
pub struct Entity {
    /// The fullest name: most words, then most characters, then first mentioned.
    pub name: String,
    pub label: &'static str,
    /// Indices of its mentions.
    pub mentions: Vec<usize>,
    /// The mention that gave the name.
    pub fullest: usize,
}

/// The result of [`group`]: entities in order of first mention, and each mention's entity.
#[derive(Clone, Debug, Default)]
pub struct Grouping {
    pub entities: Vec<Entity>,
    pub entity: Vec<usize>,
}

/// Comparable form of a name: case-folded, curly apostrophes straightened, a leading "the"
/// dropped.
fn key(words: &[&str]) -> String {
    let words = match words.split_first() {
        Some((first, rest)) if first.eq_ignore_ascii_case("the") && !rest.is_empty() => rest,
        _ => words,
    };
    words.join(" ").replace(['\u{2019}', '\u{2018}'], "'").to_lowercase()
}

const ACRONYM_SKIP: &[&str] = &["of", "the", "and", "for", "on", "in", "&", "de", "du", "des"];

/// Initials of a multi-word name ("Collective Security Treaty Organization" -> "CSTO"),
/// counting the parts of hyphenated words ("Shanghai Co-operation Organisation" -> "SCO" or
/// "SCOO" are both tried by the caller via [`initials_variants`]).
fn initials_variants(words: &[&str]) -> [String; 2] {
    let mut plain = String::new();
    let mut split = String::new();
    for w in words {
        if ACRONYM_SKIP.iter().any(|s| w.eq_ignore_ascii_case(s)) {
            continue;
        }
        if let Some(c) = w.chars().next() {
            plain.extend(c.to_uppercase());
        }
        for part in w.split('-') {
            if let Some(c) = part.chars().next() {
                split.extend(c.to_uppercase());
            }
        }
    }
    [plain, split]
}

/// `short` is one capitalised word, the last word of the multi-word name `long`.
fn head_noun_of(short: &Mention<'_>, long: &Mention<'_>) -> bool {
    match (short.words.as_slice(), long.words.last()) {
        ([w], Some(last)) => {
            long.words.len() > 1 && w.chars().next().is_some_and(char::is_uppercase) && key(&[w]) == key(&[last])
        }
        _ => false,
    }
}

fn is_acronym(words: &[&str]) -> bool {
    let [w] = words else { return false };
    let n = w.chars().count();
    (2..=8).contains(&n) && w.chars().all(|c| c.is_uppercase() || c == '.') && w.chars().any(char::is_alphabetic)
}

/// Can `short` name the same thing as the fuller mention `long` (beyond an equal key)?
fn part_of(short: &Mention<'_>, long: &Mention<'_>) -> bool {
    if short.words.len() >= long.words.len() {
        // An acronym is one word; so is a one-word name.
        if !(is_acronym(&short.words) && long.words.len() > 1) {
            return false;
        }
    }
    match (short.label, long.label) {
        ("PERSON", "PERSON") => {
            // A surname ("Tokayev"), or the name without its first names, in order.
            let n = short.words.len();
            long.words.len() > n
                && long.words.iter().skip(long.words.len() - n).zip(&short.words).all(|(a, b)| key(&[a]) == key(&[b]))
        }
        (_, "ORG") | ("ORG", _) if is_acronym(&short.words) && long.words.len() > 1 => {
            let acronym: String = short.words.concat().chars().filter(|c| *c != '.').collect();
            initials_variants(&long.words).contains(&acronym)
                || (short.label == "ORG" && long.label == "ORG" && head_noun_of(short, long))
        }
        // "the Pact" for "the Eastern Security Pact": the head noun of an organisation's name.
        ("ORG", "ORG") => head_noun_of(short, long),
        _ => false,
    }
}

/// The keys under which a fuller mention can be found by a short form: its last word (for a
/// person's surname) and its initials (for an organisation's acronym).
fn lookup_keys(m: &Mention<'_>) -> Vec<String> {
    let mut out = Vec::new();
    if m.words.len() < 2 {
        return out;
    }
    if m.label == "PERSON" {
        if let Some(last) = m.words.last() {
            out.push(format!("p:{}", key(&[last])));
        }
    }
    if m.label == "ORG" {
        for v in initials_variants(&m.words) {
            out.push(format!("a:{v}"));
        }
        if let Some(last) = m.words.last() {
            out.push(format!("o:{}", key(&[last])));
        }
    }
    out
}

/// What a short form looks up: its last word, or its letters as an acronym.
fn short_keys(m: &Mention<'_>) -> Vec<String> {
    let mut out = Vec::new();
    if m.label == "PERSON" {
        if let Some(last) = m.words.last() {
            out.push(format!("p:{}", key(&[last])));
        }
    }
    if is_acronym(&m.words) {
        out.push(format!("a:{}", m.words.concat().chars().filter(|c| *c != '.').collect::<String>()));
    }
    if m.label == "ORG" {
        if let [w] = m.words.as_slice() {
            out.push(format!("o:{}", key(&[w])));
        }
    }
    out
}

/// Groups a document's mentions (in text order) into entities; see the module docs.
/// Runs in about linear time in the number of mentions (indexes, no all-pairs comparison).
pub fn group(mentions: &[Mention<'_>]) -> Grouping {
    use std::collections::HashMap;
    // Union-find over mentions.
    let mut parent: Vec<usize> = (0..mentions.len()).collect();
    fn find(parent: &mut [usize], mut i: usize) -> usize {
        while let Some(&p) = parent.get(i) {
            if p == i {
                break;
            }
            let gp = parent.get(p).copied().unwrap_or(p);
            if let Some(slot) = parent.get_mut(i) {
                *slot = gp;
            }
            i = p;
        }
        i
    }
    fn union(parent: &mut [usize], into: usize, from: usize) {
        let (a, b) = (find(parent, into), find(parent, from));
        if a != b {
            if let Some(slot) = parent.get_mut(b) {
                *slot = a;
            }
        }
    }
    let keys: Vec<String> = mentions.iter().map(|m| key(&m.words)).collect();
    // Fuller mentions by lookup key, one representative per distinct name.
    let mut index: HashMap<String, Vec<usize>> = HashMap::new();
    let mut seen_name: HashMap<(&str, &str), usize> = HashMap::new();
    for (i, m) in mentions.iter().enumerate() {
        let k = keys.get(i).map_or("", String::as_str);
        if seen_name.contains_key(&(k, m.label)) {
            continue;
        }
        seen_name.insert((k, m.label), i);
        for lk in lookup_keys(m) {
            index.entry(lk).or_default().push(i);
        }
    }
    // For each mention, the representatives of the fuller names it is a short form of.
    let fuller: Vec<Vec<usize>> = mentions
        .iter()
        .map(|m| {
            let mut v: Vec<usize> = short_keys(m)
                .iter()
                .filter_map(|k| index.get(k))
                .flatten()
                .copied()
                .filter(|&j| mentions.get(j).is_some_and(|l| part_of(m, l)))
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        })
        .collect();
    // 1. The same full name is one entity (the same word as NORP and as another type stays
    //    apart: "Russian" the people, "Russian" the language). Short forms ("Rekker", "NSP")
    //    wait for step 2, so that one surname shared by two people never bridges them.
    let mut by_key: HashMap<(&str, bool, bool), usize> = HashMap::new();
    for (i, (k, m)) in keys.iter().zip(mentions).enumerate() {
        if fuller.get(i).is_some_and(|f| !f.is_empty()) {
            continue;
        }
        let root = *by_key.entry((k.as_str(), m.label == "NORP", false)).or_insert(i);
        union(&mut parent, root, i);
    }
    // Positions of each full entity's mentions, to find the nearest one before a short form.
    let mut positions: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..mentions.len() {
        if fuller.get(i).is_some_and(|f| f.is_empty()) {
            let r = find(&mut parent, i);
            positions.entry(r).or_default().push(i);
        }
    }
    // 2. Short forms join the fullest name they are part of: the entity mentioned nearest
    //    before them, else the only entity after them that fits; failing both, other
    //    identical short forms.
    for i in 0..mentions.len() {
        let Some(cands) = fuller.get(i).filter(|f| !f.is_empty()) else { continue };
        let Some(m) = mentions.get(i) else { continue };
        let mut roots: Vec<usize> = cands.iter().map(|&j| find(&mut parent, j)).collect();
        roots.sort_unstable();
        roots.dedup();
        let nearest_before = roots
            .iter()
            .filter_map(|r| {
                let ps = positions.get(r)?;
                let n = ps.partition_point(|&p| p < i);
                let p = *ps.get(n.checked_sub(1)?)?;
                Some((p, *r))
            })
            .max();
        let target = match (nearest_before, roots.as_slice()) {
            (Some((_, r)), _) => Some(r),
            (None, [only]) => Some(*only),
            _ => None,
        };
        match target {
            Some(r) => union(&mut parent, r, i),
            None => {
                let k = keys.get(i).map_or("", String::as_str);
                let root = *by_key.entry((k, m.label == "NORP", true)).or_insert(i);
                union(&mut parent, root, i);
            }
        }
    }
    // Number entities by first mention.
    let mut number: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    let mut out = Grouping::default();
    for i in 0..mentions.len() {
        let root = find(&mut parent, i);
        let next = out.entities.len();
        let e = *number.entry(root).or_insert(next);
        if e == next {
            out.entities.push(Entity { name: String::new(), label: "MISC", mentions: Vec::new(), fullest: i });
        }
        if let Some(entity) = out.entities.get_mut(e) {
            entity.mentions.push(i);
        }
        out.entity.push(e);
    }
    for entity in &mut out.entities {
        let fullest = entity
            .mentions
            .iter()
            .copied()
            .filter_map(|i| mentions.get(i).map(|m| (i, m)))
            .max_by_key(|(i, m)| (m.words.len(), m.words.iter().map(|w| w.len()).sum::<usize>(), std::cmp::Reverse(*i)));
        let Some((fi, full)) = fullest else { continue };
        entity.fullest = fi;
        entity.name = join_words(&full.words);
        let mut votes: Vec<(&'static str, usize)> = Vec::new();
        for &i in &entity.mentions {
            let Some(m) = mentions.get(i) else { continue };
            match votes.iter_mut().find(|(l, _)| *l == m.label) {
                Some((_, n)) => *n += 1,
                None => votes.push((m.label, 1)),
            }
        }
        let best = votes.iter().map(|(_, n)| *n).max().unwrap_or(0);
        entity.label = if votes.iter().any(|(l, n)| *l == full.label && *n == best) {
            full.label
        } else {
            votes.iter().find(|(_, n)| *n == best).map_or(full.label, |(l, _)| l)
        };
    }
    out
}

/// Joins a name's words with spaces, but not before a closing or after an opening mark
/// ("St. Petersburg", "Co. Ltd", "O ' Brien" stays as the tokens were).
fn join_words(words: &[&str]) -> String {
    let mut s = String::new();
    for (i, w) in words.iter().enumerate() {
        if i > 0 && !matches!(*w, "." | "," | "'s" | "\u{2019}s") {
            s.push(' ');
        }
        s.push_str(w);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m<'a>(text: &'a str, label: &'static str) -> Mention<'a> {
        Mention { words: text.split(' ').collect(), label }
    }

    fn names(g: &Grouping) -> Vec<(String, &'static str, Vec<usize>)> {
        g.entities.iter().map(|e| (e.name.clone(), e.label, e.mentions.clone())).collect()
    }

    #[test]
    fn surnames_join_the_full_name() {
        let ms = [m("Tomas Rekker", "PERSON"), m("Veloria", "LOC"), m("Rekker", "PERSON"), m("REKKER", "PERSON")];
        let g = group(&ms);
        assert_eq!(
            names(&g),
            [("Tomas Rekker".into(), "PERSON", vec![0, 2, 3]), ("Veloria".into(), "LOC", vec![1])]
        );
        assert_eq!(g.entity, [0, 1, 0, 0]);
    }

    #[test]
    fn a_shared_surname_goes_to_the_nearest_person_and_never_merges_two_people() {
        let ms = [
            m("Anton Mirek", "PERSON"),
            m("Mirek", "PERSON"),
            m("Dana Mirek", "PERSON"),
            m("Mirek", "PERSON"),
        ];
        let g = group(&ms);
        assert_eq!(g.entity, [0, 0, 1, 1], "{:?}", names(&g));
        // Before either full name, a bare surname that fits two people stays on its own.
        let ms = [m("Mirek", "PERSON"), m("Anton Mirek", "PERSON"), m("Dana Mirek", "PERSON")];
        let g = group(&ms);
        assert_eq!(g.entities.len(), 3, "{:?}", names(&g));
        // ... but joins the only one that fits.
        let ms = [m("Mirek", "PERSON"), m("Anton Mirek", "PERSON"), m("Port Amsel", "LOC")];
        assert_eq!(group(&ms).entity, [0, 0, 1]);
    }

    #[test]
    fn acronyms_join_their_expansion_either_way() {
        let ms = [
            m("Northern Security Pact", "ORG"),
            m("NSP", "ORG"),
            m("NSP", "MISC"),
            m("NSC", "ORG"),
        ];
        let g = group(&ms);
        assert_eq!(g.entity, [0, 0, 0, 1], "{:?}", names(&g));
        assert_eq!(g.entities.first().map(|e| e.label), Some("ORG"), "majority type");
        // The head noun alone names the organisation mentioned before it.
        let ms = [m("Eastern Security Pact", "ORG"), m("Pact", "ORG"), m("Veloria", "LOC")];
        assert_eq!(group(&ms).entity, [0, 0, 1]);
        let ms = [m("CSTO", "ORG"), m("the Collective Security Treaty Organization", "ORG")];
        let g = group(&ms);
        assert_eq!(g.entity, [0, 0]);
        assert_eq!(g.entities.first().map(|e| e.name.as_str()), Some("the Collective Security Treaty Organization"));
    }

    #[test]
    fn same_name_is_one_entity_but_different_bodies_stay_apart() {
        let ms = [
            m("Security Council", "ORG"),
            m("National Security Committee", "ORG"),
            m("the Security Council", "ORG"),
            m("Port Amsel", "LOC"),
            m("port amsel", "LOC"),
        ];
        assert_eq!(group(&ms).entity, [0, 1, 0, 2, 2]);
        // A demonym is not merged into its country, nor a NORP with a LOC of the same spelling.
        let ms = [m("Velorian", "NORP"), m("Veloria", "LOC"), m("Velorian", "MISC")];
        assert_eq!(group(&ms).entity, [0, 1, 2]);
    }

    #[test]
    fn type_is_the_majority_and_ties_go_to_the_fullest_name() {
        let ms = [m("Amsel Bank", "ORG"), m("Amsel Bank", "LOC"), m("Amsel Bank", "ORG")];
        assert_eq!(group(&ms).entities.first().map(|e| e.label), Some("ORG"));
        let ms = [m("Tomas Rekker", "PERSON"), m("Tomas Rekker", "ORG")];
        assert_eq!(group(&ms).entities.first().map(|e| e.label), Some("PERSON"));
    }

    #[test]
    fn mentions_lose_function_words_and_punctuation_at_their_edges() {
        let w = ["Under", "Nazarbayev", ",", "the", "“", "Father", "of", "the", "Nation", "”", ",", "ruled", "."];
        assert_eq!(trim_mention(&w, 0, 2), (1, 2));
        assert_eq!(trim_mention(&w, 3, 11), (5, 9), "quotes and the comma go, the inner 'of the' stays");
        assert_eq!(trim_mention(&w, 10, 11), (11, 11), "nothing left");
        assert_eq!(trim_mention(&w, 11, 13), (11, 12), "a stray full stop goes");
        assert_eq!(trim_mention(&["The"], 0, 1), (0, 1), "a one-word mention is kept as found");
    }

    #[test]
    fn empty_and_odd_input() {
        assert!(group(&[]).entities.is_empty());
        let ms = [m("", "PERSON"), m("the", "ORG"), m(".", "MISC")];
        let g = group(&ms);
        assert_eq!(g.entity.len(), 3);
    }
}
