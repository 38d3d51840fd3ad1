//! The actor network that GraphML and GEXF encode: nodes are the corpus entities, edges are
//! of two kinds, told apart by `kind`:
//!
//! - `acts-on` (directed): the source acts on the target in asserted corpus events
//!   (`engine::actors::relations`: resolved source and target, negated, hypothetical and
//!   future events left out); weight = number of events (real-world events, each counted
//!   once however many reports), with the event types and the independent sources;
//! - `co-occurrence` (undirected): both are mentioned in one sentence; weight = sentences,
//!   with the documents (copies of a report add nothing).

use std::collections::{BTreeMap, HashMap};

use engine::actors::{self, MemberIndex, Reasoning};
use model::Layer;
use serde_json::Value;

use crate::Error;

/// A corpus entity.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub id: String,
    pub label: String,
    /// `PERSON`, `ORG`, `LOC`, `NORP`, `MISC`.
    pub kind: String,
    pub n_mentions: u32,
    pub n_documents: u32,
    /// Spellings other than the label, most mentioned first.
    pub aliases: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdgeKind {
    ActsOn,
    CoOccurrence,
}

impl EdgeKind {
    pub fn name(self) -> &'static str {
        match self {
            EdgeKind::ActsOn => "acts-on",
            EdgeKind::CoOccurrence => "co-occurrence",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    pub source: String,
    pub target: String,
    pub kind: EdgeKind,
    /// Events (acts-on) or sentences (co-occurrence).
    pub weight: u32,
    /// Acts-on: the event types (`COERCE/arrest`, `REQUEST`), most events first.
    pub types: Vec<String>,
    /// Acts-on: independent sources summed over the events.
    pub n_sources: u32,
    /// Co-occurrence: sentences and documents mentioning both.
    pub n_sentences: u32,
    pub n_documents: u32,
}

#[derive(Clone, Debug, Default)]
pub struct Network {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

impl Network {
    /// The network of the stored picture, with one pass over the store for co-occurrence.
    pub fn build(store: &dyn store::Store) -> Result<Network, Error> {
        let r = engine::reasoning::load(store)?;
        let mut co = CoSentence::new(&r);
        store.for_each_document(&mut |doc| {
            co.add(&doc);
            Ok(())
        })?;
        Ok(Network::from_parts(&r, co.counts))
    }

    fn from_parts(r: &Reasoning, co: HashMap<(usize, usize), (u32, u32)>) -> Network {
        let nodes = actors::ranked(r, None)
            .into_iter()
            .filter_map(|k| r.entities.get(k))
            .map(|e| {
                let row = actors::ActorRow::new(e);
                Node {
                    id: row.id.to_string(),
                    label: row.name.to_string(),
                    kind: row.kind.to_string(),
                    n_mentions: row.n_mentions,
                    n_documents: row.n_documents,
                    aliases: row.aliases.iter().map(|a| a.to_string()).collect(),
                }
            })
            .collect();
        // Relations come per (source, target, type), most events first: one edge per pair.
        let mut pairs: BTreeMap<(String, String), usize> = BTreeMap::new();
        let mut edges: Vec<Edge> = Vec::new();
        for rel in actors::relations(r) {
            let k = *pairs.entry((rel.source.to_string(), rel.target.to_string())).or_insert_with(|| {
                edges.push(Edge {
                    source: rel.source.to_string(),
                    target: rel.target.to_string(),
                    kind: EdgeKind::ActsOn,
                    weight: 0,
                    types: Vec::new(),
                    n_sources: 0,
                    n_sentences: 0,
                    n_documents: 0,
                });
                edges.len() - 1
            });
            if let Some(e) = edges.get_mut(k) {
                e.weight += rel.n_events;
                e.n_sources += rel.n_sources;
                e.types.push(rel.kind.to_string());
            }
        }
        let mut co: Vec<((usize, usize), (u32, u32))> = co.into_iter().collect();
        co.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(b.1 .1.cmp(&a.1 .1)).then(a.0.cmp(&b.0)));
        for ((a, b), (n_sentences, n_documents)) in co {
            let (Some(x), Some(y)) = (r.entities.get(a), r.entities.get(b)) else { continue };
            edges.push(Edge {
                source: x.id.to_string(),
                target: y.id.to_string(),
                kind: EdgeKind::CoOccurrence,
                weight: n_sentences,
                types: Vec::new(),
                n_sources: 0,
                n_sentences,
                n_documents,
            });
        }
        Network { nodes, edges }
    }
}

/// Counts pairs of corpus entities mentioned in one sentence, a document at a time. Only
/// sentence pairs are kept (not every pair of a document), which keeps memory to the pairs
/// that become edges.
struct CoSentence<'r> {
    members: MemberIndex<'r>,
    /// (smaller entity index, larger) -> (sentences, documents).
    counts: HashMap<(usize, usize), (u32, u32)>,
}

/// Entities of one sentence counted in pairs, at most: a sentence listing more (a table
/// flattened into text) adds only 48 of them (by entity order), so one sentence costs at most
/// 1,128 pairs.
const MAX_PER_SENTENCE: usize = 48;

impl<'r> CoSentence<'r> {
    fn new(r: &'r Reasoning) -> CoSentence<'r> {
        CoSentence { members: MemberIndex::new(r, |_| true), counts: HashMap::new() }
    }

    fn add(&mut self, doc: &model::Doc) {
        if doc.duplicate.is_some() {
            return;
        }
        let mut per_sentence: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for a in doc.annotations.iter().filter(|a| a.layer == Layer::Entities) {
            let Some(local) = a.attrs.get("entity").and_then(Value::as_u64).and_then(|n| u32::try_from(n).ok()) else { continue };
            let Some(k) = self.members.entity_of(&doc.id, local, a.span.text(&doc.text)) else { continue };
            let sentence = doc.sentences.partition_point(|s| s.span.end <= a.span.start);
            per_sentence.entry(sentence).or_default().push(k);
        }
        let mut in_doc: Vec<(usize, usize)> = Vec::new();
        for list in per_sentence.values_mut() {
            list.sort_unstable();
            list.dedup();
            list.truncate(MAX_PER_SENTENCE);
            for (i, &a) in list.iter().enumerate() {
                for &b in list.iter().skip(i + 1) {
                    self.counts.entry((a, b)).or_default().0 += 1;
                    in_doc.push((a, b));
                }
            }
        }
        in_doc.sort_unstable();
        in_doc.dedup();
        for pair in in_doc {
            if let Some(c) = self.counts.get_mut(&pair) {
                c.1 += 1;
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A network whose every name is hostile: markup, quotes, ampersands, control
    /// characters XML 1.0 forbids, non-characters, line breaks, astral characters.
    pub(crate) fn hostile() -> Network {
        let names = ["<script>alert('x')</script>", "Smith & \"Sons\"\u{0}\u{1b}", "line\nbreak\ttab\r", "\u{FFFE}\u{FFFF}🙂 O'Neil ]]> -->"];
        let nodes = names
            .iter()
            .enumerate()
            .map(|(i, n)| Node {
                id: format!("E{i}\"<&"),
                label: n.to_string(),
                kind: "PERSON".into(),
                n_mentions: 3,
                n_documents: 1,
                aliases: vec![n.to_string(), "a|b".into()],
            })
            .collect();
        let edge = |s: usize, t: usize, kind| Edge {
            source: format!("E{s}\"<&"),
            target: format!("E{t}\"<&"),
            kind,
            weight: 2,
            types: vec!["COERCE/arrest".into(), "<x>".into()],
            n_sources: 2,
            n_sentences: 1,
            n_documents: 1,
        };
        Network { nodes, edges: vec![edge(0, 1, EdgeKind::ActsOn), edge(1, 2, EdgeKind::CoOccurrence), edge(3, 0, EdgeKind::ActsOn)] }
    }

    /// What a label becomes in XML: forbidden characters dropped, the rest kept.
    pub(crate) fn expected(label: &str) -> String {
        label.chars().filter(|c| !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{FFFE}' | '\u{FFFF}')).collect()
    }
}
