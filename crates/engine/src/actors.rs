//! The corpus's actors as an analyst looks them up: entities found by name or alias, ranked by
//! how many documents mention them, who acted on whom (from the clustered events) and who is
//! mentioned with whom (co-occurrence in sentences and documents, from one pass over the store).
//!
//! It reads the stored cross-document picture (`crate::reasoning`); the reasoning types are
//! re-exported here so that the faces (`cli`, later `server`) need not depend on `reason`.

use std::collections::{BTreeMap, HashMap, HashSet};

use model::{Doc, Layer};
use serde::Serialize;
use serde_json::Value;
use store::Store;

pub use reason::cluster::{Cluster, ClusterDate, Participant, Report};
pub use reason::contradict::{Claim, Contradiction};
pub use reason::resolve::{Entity, Link, Member, Merge};
pub use reason::{Evidence, Reasoning};

use crate::Error;

/// Entities whose canonical name or one of whose spellings is `name` (compared normalised:
/// case, diacritics, "the" and possessives folded), else those where `name` occurs inside
/// one; most documents first. Indices into `r.entities`.
pub fn find(r: &Reasoning, name: &str) -> Vec<usize> {
    let wanted = reason::names::normalize(name);
    if wanted.is_empty() {
        return Vec::new();
    }
    let spellings = |e: &Entity| {
        let mut all = vec![reason::names::normalize(&e.name)];
        all.extend(e.aliases.iter().map(|a| reason::names::normalize(&a.0)));
        all
    };
    let mut exact = Vec::new();
    let mut partial = Vec::new();
    for (k, e) in r.entities.iter().enumerate() {
        let all = spellings(e);
        if all.contains(&wanted) {
            exact.push(k);
        } else if all.iter().any(|s| s.contains(&wanted)) {
            partial.push(k);
        }
    }
    let mut found = if exact.is_empty() { partial } else { exact };
    sort_by_weight(r, &mut found);
    found
}

/// Most documents first, then most mentions, then name (a stable order for equal counts).
fn sort_by_weight(r: &Reasoning, entities: &mut [usize]) {
    entities.sort_by(|&a, &b| match (r.entities.get(a), r.entities.get(b)) {
        (Some(x), Some(y)) => y.n_documents.cmp(&x.n_documents).then(y.n_mentions.cmp(&x.n_mentions)).then(x.name.cmp(&y.name)).then(a.cmp(&b)),
        _ => a.cmp(&b),
    });
}

/// The corpus entities, most documents then most mentions first, optionally of one type
/// (`PERSON`, `ORG`, ...; case-insensitive). Indices into `r.entities`.
pub fn ranked(r: &Reasoning, kind: Option<&str>) -> Vec<usize> {
    let mut all: Vec<usize> = (0..r.entities.len()).filter(|&k| r.entities.get(k).is_some_and(|e| kind.is_none_or(|t| e.kind.eq_ignore_ascii_case(t)))).collect();
    sort_by_weight(r, &mut all);
    all
}

/// Is entity `id` of type `kind` (case-insensitive)?
pub fn is_of_type(r: &Reasoning, id: &str, kind: &str) -> bool {
    r.entities.iter().find(|e| e.id == id).is_some_and(|e| e.kind.eq_ignore_ascii_case(kind))
}

/// Does entity `id` have a spelling containing `needle` (already lowercased)?
pub fn has_alias_containing(r: &Reasoning, id: &str, needle: &str) -> bool {
    r.entities.iter().find(|e| e.id == id).is_some_and(|e| e.name.to_lowercase().contains(needle) || e.aliases.iter().any(|a| a.0.to_lowercase().contains(needle)))
}

/// One row of the actor table.
#[derive(Clone, Debug, Serialize)]
pub struct ActorRow<'r> {
    pub id: &'r str,
    pub name: &'r str,
    #[serde(rename = "type")]
    pub kind: &'r str,
    pub n_documents: u32,
    pub n_mentions: u32,
    /// Spellings other than the canonical name, most mentioned first.
    pub aliases: Vec<&'r str>,
}

impl<'r> ActorRow<'r> {
    pub fn new(e: &'r Entity) -> ActorRow<'r> {
        ActorRow {
            id: &e.id,
            name: &e.name,
            kind: &e.kind,
            n_documents: e.n_documents,
            n_mentions: e.n_mentions,
            aliases: e.aliases.iter().map(|a| a.0.as_str()).filter(|a| *a != e.name).collect(),
        }
    }
}

/// Who acted on whom: the asserted clustered events with a resolved source and target,
/// grouped by the pair and the event type.
#[derive(Clone, Debug, Serialize)]
pub struct Relation {
    pub source: String,
    pub source_name: String,
    pub target: String,
    pub target_name: String,
    /// PLOVER type, and mode when the type has one (`COERCE/arrest`).
    #[serde(rename = "type")]
    pub kind: String,
    /// Clustered events (real-world occurrences).
    pub n_events: u32,
    /// Independent sources over those events.
    pub n_sources: u32,
}

/// Every relation of the corpus, most events first (then most sources, then names).
pub fn relations(r: &Reasoning) -> Vec<Relation> {
    let mut by_key: BTreeMap<(String, String, String), Relation> = BTreeMap::new();
    for c in r.events.iter().filter(|c| c.modality == "asserted") {
        let (Some(s), Some(t)) = (c.source.as_ref(), c.target.as_ref()) else { continue };
        let (Some(sid), Some(tid)) = (s.entity.as_ref(), t.entity.as_ref()) else { continue };
        if sid == tid {
            continue;
        }
        let kind = crate::brief::type_label(c);
        let rel = by_key.entry((sid.to_string(), tid.to_string(), kind.clone())).or_insert_with(|| Relation {
            source: sid.to_string(),
            source_name: s.name.to_string(),
            target: tid.to_string(),
            target_name: t.name.to_string(),
            kind,
            n_events: 0,
            n_sources: 0,
        });
        rel.n_events += 1;
        rel.n_sources += c.n_sources;
    }
    let mut out: Vec<Relation> = by_key.into_values().collect();
    out.sort_by(|a, b| b.n_events.cmp(&a.n_events).then(b.n_sources.cmp(&a.n_sources)).then(a.source_name.cmp(&b.source_name)).then(a.target_name.cmp(&b.target_name)).then(a.kind.cmp(&b.kind)));
    out
}

/// Two entities mentioned together.
#[derive(Clone, Debug, Serialize)]
pub struct Pair {
    pub a: String,
    pub a_name: String,
    pub b: String,
    pub b_name: String,
    /// Sentences mentioning both.
    pub n_sentences: u32,
    /// Documents mentioning both (originals only: a copy of a report adds nothing).
    pub n_documents: u32,
}

/// Where each document entity went: (document, local entity) -> corpus entity, following the
/// members of every corpus entity (and, for document entities a split divided, the spellings
/// each part takes).
pub struct MemberIndex<'r> {
    members: HashMap<(&'r str, u32), Vec<Part<'r>>>,
}

/// A corpus entity (index into `Reasoning::entities`) and the spellings of a document entity
/// it takes (empty: all of them).
type Part<'r> = (usize, &'r [reason::SmolStr]);

impl<'r> MemberIndex<'r> {
    /// The index of the entities `keep` accepts (indices into `r.entities`).
    pub fn new(r: &'r Reasoning, keep: impl Fn(usize) -> bool) -> MemberIndex<'r> {
        let mut members: HashMap<(&'r str, u32), Vec<Part<'r>>> = HashMap::new();
        for (k, e) in r.entities.iter().enumerate() {
            if !keep(k) {
                continue;
            }
            for m in &e.members {
                members.entry((m.doc.as_str(), m.entity)).or_default().push((k, m.only.as_slice()));
            }
        }
        MemberIndex { members }
    }

    /// The corpus entity of entity `local` of document `doc` when mentioned as `surface`.
    pub fn entity_of(&self, doc: &str, local: u32, surface: &str) -> Option<usize> {
        let candidates = self.members.get(&(doc, local))?;
        candidates
            .iter()
            .find(|(_, only)| !only.is_empty() && only.iter().any(|s| s == surface))
            .or_else(|| candidates.iter().find(|(_, only)| only.is_empty()))
            .or_else(|| candidates.first())
            .map(|&(k, _)| k)
    }

    /// The corpus entity of an export id `<doc>:e<n>` mentioned as `surface`.
    pub fn entity_of_id(&self, id: &str, surface: &str) -> Option<usize> {
        let (doc, n) = crate::reasoning::local_id(id)?;
        self.entity_of(doc, n, surface)
    }
}

/// Co-occurrence counts, accumulated one document at a time ([`CoOccurrence::add`]) so that
/// callers can share one pass over the store with other work. Only pairs involving the tracked
/// entities are counted, which bounds memory whatever the corpus size: one entity's partners
/// ([`CoOccurrence::focused`]) or the pairs within a small set ([`CoOccurrence::among`]).
pub struct CoOccurrence<'r> {
    r: &'r Reasoning,
    members: MemberIndex<'r>,
    focus: Option<usize>,
    tracked: HashSet<usize>,
    /// (smaller entity index, larger) -> (sentences, documents).
    counts: HashMap<(usize, usize), (u32, u32)>,
}

impl<'r> CoOccurrence<'r> {
    fn new(r: &'r Reasoning, focus: Option<usize>, tracked: HashSet<usize>) -> CoOccurrence<'r> {
        let members = MemberIndex::new(r, |k| focus.is_some() || tracked.contains(&k));
        CoOccurrence { r, members, focus, tracked, counts: HashMap::new() }
    }

    /// Counts the partners of one entity (index into `r.entities`).
    pub fn focused(r: &'r Reasoning, entity: usize) -> CoOccurrence<'r> {
        CoOccurrence::new(r, Some(entity), HashSet::new())
    }

    /// Counts the pairs within a set of entities (indices into `r.entities`).
    pub fn among(r: &'r Reasoning, entities: &[usize]) -> CoOccurrence<'r> {
        CoOccurrence::new(r, None, entities.iter().copied().collect())
    }

    fn counts_pair(&self, a: usize, b: usize) -> bool {
        a != b
            && match self.focus {
                Some(f) => a == f || b == f,
                None => self.tracked.contains(&a) && self.tracked.contains(&b),
            }
    }

    /// Adds one document's mentions. Copies of another document are skipped.
    pub fn add(&mut self, doc: &Doc) {
        if doc.duplicate.is_some() {
            return;
        }
        let mut per_sentence: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        let mut in_doc: Vec<usize> = Vec::new();
        for a in doc.annotations.iter().filter(|a| a.layer == Layer::Entities) {
            let Some(local) = a.attrs.get("entity").and_then(Value::as_u64) else { continue };
            let Ok(local) = u32::try_from(local) else { continue };
            let Some(k) = self.members.entity_of(&doc.id, local, a.span.text(&doc.text)) else { continue };
            let sentence = doc.sentences.partition_point(|s| s.span.end <= a.span.start);
            per_sentence.entry(sentence).or_default().push(k);
            in_doc.push(k);
        }
        let mut bump = |list: &mut Vec<usize>, field: usize| {
            list.sort_unstable();
            list.dedup();
            for (i, &a) in list.iter().enumerate() {
                for &b in list.iter().skip(i + 1) {
                    if self.counts_pair(a, b) {
                        let c = self.counts.entry((a, b)).or_default();
                        if field == 0 {
                            c.0 += 1;
                        } else {
                            c.1 += 1;
                        }
                    }
                }
            }
        };
        for list in per_sentence.values_mut() {
            bump(list, 0);
        }
        bump(&mut in_doc, 1);
    }

    /// The pairs counted, most sentences first (then most documents, then names).
    pub fn pairs(&self) -> Vec<Pair> {
        let mut out: Vec<Pair> = self
            .counts
            .iter()
            .filter_map(|(&(a, b), &(n_sentences, n_documents))| {
                // With a focus, the focused entity comes first.
                let (a, b) = if self.focus == Some(b) { (b, a) } else { (a, b) };
                let (x, y) = (self.r.entities.get(a)?, self.r.entities.get(b)?);
                Some(Pair { a: x.id.clone(), a_name: x.name.clone(), b: y.id.clone(), b_name: y.name.clone(), n_sentences, n_documents })
            })
            .collect();
        out.sort_by(|p, q| q.n_sentences.cmp(&p.n_sentences).then(q.n_documents.cmp(&p.n_documents)).then(p.a_name.cmp(&q.a_name)).then(p.b_name.cmp(&q.b_name)).then(p.b.cmp(&q.b)));
        out
    }
}

/// A link of an entity's, seen from it.
#[derive(Clone, Debug, Serialize)]
pub struct EntityLink {
    /// `demonym-of`, `seat-of`, `capital-of`.
    pub kind: String,
    /// `out` when this entity is the link's `from` ("Velorian" demonym-of Veloria), else `in`.
    pub direction: &'static str,
    pub other: String,
    pub other_name: String,
    pub reason: String,
}

/// One entity in detail.
#[derive(Clone, Debug, Serialize)]
pub struct Profile<'r> {
    pub entity: &'r Entity,
    pub links: Vec<EntityLink>,
    /// Relations where this entity is the source.
    pub acts_on: Vec<Relation>,
    /// Relations where this entity is the target.
    pub acted_on_by: Vec<Relation>,
    pub co_occurs: Vec<Pair>,
}

/// Entity `k` (index into `r.entities`) in detail; one pass over the store for co-occurrence.
pub fn profile<'r>(store: &dyn Store, r: &'r Reasoning, k: usize) -> Result<Option<Profile<'r>>, Error> {
    let Some(entity) = r.entities.get(k) else { return Ok(None) };
    let name_of = |id: &str| r.entities.iter().find(|e| e.id == id).map_or_else(|| id.to_string(), |e| e.name.clone());
    let links = r
        .links
        .iter()
        .filter_map(|l| {
            let (direction, other) = if l.from == entity.id {
                ("out", &l.to)
            } else if l.to == entity.id {
                ("in", &l.from)
            } else {
                return None;
            };
            Some(EntityLink { kind: l.kind.clone(), direction, other: other.clone(), other_name: name_of(other), reason: l.reason.clone() })
        })
        .collect();
    let all = relations(r);
    let acts_on = all.iter().filter(|x| x.source == entity.id).cloned().collect();
    let acted_on_by = all.iter().filter(|x| x.target == entity.id).cloned().collect();
    let mut co = CoOccurrence::focused(r, k);
    store.for_each_document(&mut |doc| {
        co.add(&doc);
        Ok(())
    })?;
    Ok(Some(Profile { entity, links, acts_on, acted_on_by, co_occurs: co.pairs() }))
}

/// The co-occurrence pairs among the `n` most documented entities (of type `kind` when given),
/// from one pass over the store.
pub fn top_pairs(store: &dyn Store, r: &Reasoning, kind: Option<&str>, n: usize) -> Result<Vec<Pair>, Error> {
    let top: Vec<usize> = ranked(r, kind).into_iter().take(n).collect();
    let mut co = CoOccurrence::among(r, &top);
    store.for_each_document(&mut |doc| {
        co.add(&doc);
        Ok(())
    })?;
    Ok(co.pairs())
}

#[cfg(test)]
mod tests {
    use super::*;
    use reason::resolve::Member;

    fn entity(id: &str, name: &str, aliases: &[&str], docs: u32, members: Vec<Member>) -> Entity {
        Entity {
            id: id.into(),
            name: name.into(),
            kind: "PERSON".into(),
            aliases: aliases.iter().map(|a| (a.to_string(), 1)).collect(),
            n_mentions: aliases.len() as u32,
            n_documents: docs,
            members,
            ..Entity::default()
        }
    }

    fn member(doc: &str, entity: u32, only: &[&str]) -> Member {
        Member { doc: doc.into(), entity, only: only.iter().map(|s| (*s).into()).collect() }
    }

    fn picture() -> Reasoning {
        Reasoning {
            entities: vec![
                entity("E1", "Tomas Rekker", &["Tomas Rekker", "Reker"], 3, vec![member("d1", 0, &[])]),
                entity("E2", "Konstantin Darvel", &["Konstantin Darvel", "Darvel"], 2, vec![member("d1", 1, &[])]),
                entity("E3", "Tomas Reker", &["Tomas Reker"], 1, vec![member("d1", 2, &["Tomas Reker"])]),
                entity("E4", "Anton Mirel", &["Anton Mirel"], 1, vec![member("d1", 2, &["Anton Mirel"])]),
            ],
            ..Reasoning::default()
        }
    }

    #[test]
    fn find_prefers_exact_spellings_and_ranks_by_documents() {
        let r = picture();
        assert_eq!(find(&r, "reker"), vec![0]);
        assert_eq!(find(&r, "Tomas"), vec![0, 2]);
        assert_eq!(find(&r, "DARVEL"), vec![1]);
        assert!(find(&r, "Nobody").is_empty());
        assert!(find(&r, "  ").is_empty());
        assert_eq!(ranked(&r, Some("person")), vec![0, 1, 3, 2], "documents, mentions, then name");
        assert!(ranked(&r, Some("ORG")).is_empty());
    }

    fn doc_with_mentions(mentions: &[(&str, u32)]) -> Doc {
        // One sentence per mention pair: "A B. C D." with the given entity numbers.
        let mut text = String::new();
        let mut annotations = Vec::new();
        let mut sentences = Vec::new();
        for pair in mentions.chunks(2) {
            let start = text.len();
            for (surface, n) in pair {
                let at = text.len();
                text.push_str(surface);
                annotations.push(model::Annotation {
                    layer: Layer::Entities,
                    label: "PERSON".into(),
                    span: model::Span::new(at, text.len()),
                    attrs: serde_json::json!({ "entity": n }),
                    provenance: model::Provenance { annotator: "test".into(), version: 1 },
                });
                text.push(' ');
            }
            text.push_str(". ");
            sentences.push(model::Sentence { span: model::Span::new(start, text.len()), tokens: (0, 0), paragraph: 0 });
        }
        let mut doc = Doc::new("d1".into(), model::Origin::file("d1"), model::Format::Text, model::Metadata::default(), text.clone(), model::OffsetMap::identity(text.len()));
        doc.annotations = annotations;
        doc.sentences = sentences;
        doc
    }

    #[test]
    fn co_occurrence_follows_members_and_split_spellings() {
        let r = picture();
        let doc = doc_with_mentions(&[("Reker", 0), ("Darvel", 1), ("Tomas Reker", 2), ("Darvel", 1), ("Anton Mirel", 2), ("Darvel", 1)]);
        let mut co = CoOccurrence::focused(&r, 1);
        co.add(&doc);
        let pairs = co.pairs();
        let get = |name: &str| pairs.iter().find(|p| p.b_name == name).map(|p| (p.a_name.as_str(), p.n_sentences, p.n_documents));
        assert_eq!(get("Tomas Rekker"), Some(("Konstantin Darvel", 1, 1)));
        assert_eq!(get("Tomas Reker"), Some(("Konstantin Darvel", 1, 1)));
        assert_eq!(get("Anton Mirel"), Some(("Konstantin Darvel", 1, 1)));
        // Among a set, pairs outside it are not counted.
        let mut co = CoOccurrence::among(&r, &[0, 1]);
        co.add(&doc);
        let pairs = co.pairs();
        assert_eq!(pairs.len(), 1, "{pairs:?}");
        // A copy adds nothing.
        let mut copy = doc.clone();
        copy.duplicate = Some(model::Duplicate { of: "d0".into(), kind: model::DuplicateKind::Exact, similarity: 1.0 });
        let mut co = CoOccurrence::focused(&r, 1);
        co.add(&copy);
        assert!(co.pairs().is_empty());
    }
}
