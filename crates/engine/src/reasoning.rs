//! The cross-document pass: compact facts from every stored document, then entity
//! resolution, event clustering and contradictions (`reason::reason`), stored as one result
//! that the export and the CLI read.
//!
//! It runs after each `analyze` run that stored something, after `dossier entity merge|split`,
//! and on demand (`dossier reason`). It is recomputed from the whole store each time: results
//! depend only on the documents and the analyst's overrides, never on the order of runs.

use std::collections::HashMap;
use std::time::Instant;

use model::{Doc, Layer};
use reason::{ActorFact, DateFact, DocFacts, EventFact, Evidence, FigureFact, LocalEntity, Override, OverrideKind, Reasoning, SmolStr};
use serde::Serialize;
use serde_json::Value;
use store::Store;

use crate::export::{document_events, document_quantities, CharOffsets};
use crate::Error;

/// What a reasoning pass found.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ReasonSummary {
    pub n_documents: u64,
    /// Entities of single documents, and the corpus entities they resolve to.
    pub n_document_entities: u64,
    pub n_entities: u64,
    pub n_merged: u64,
    pub n_links: u64,
    pub n_event_reports: u64,
    pub n_events: u64,
    pub n_corroborated: u64,
    pub n_contradictions: u64,
    pub n_updates: u64,
    pub unused_overrides: Vec<String>,
    pub seconds: f64,
}

/// The document and entity number of an export id `<doc>:e<n>`.
pub fn local_id(id: &str) -> Option<(&str, u32)> {
    let (doc, n) = id.rsplit_once(":e")?;
    Some((doc, n.parse().ok()?))
}

fn local_number(id: Option<&str>) -> Option<u32> {
    id.and_then(local_id).map(|(_, n)| n)
}

/// The facts of one document.
pub fn facts(doc: &Doc) -> DocFacts {
    let mut chars = CharOffsets::new(&doc.text);
    let doc_id = SmolStr::new(&doc.id);
    // One shared copy of each sentence's text, however many entities, events and figures
    // cite it (and the corpus events built from them): on a large corpus the evidence is
    // most of the facts' memory.
    let mut sentences: HashMap<usize, SmolStr> = HashMap::new();
    let mut evidence_at = |start: usize, end: usize, text: &str| Evidence {
        doc: doc_id.clone(),
        start: u32::try_from(start).unwrap_or(u32::MAX),
        end: u32::try_from(end).unwrap_or(u32::MAX),
        text: sentences.entry(start).or_insert_with(|| SmolStr::new(text)).clone(),
    };
    let sentence_of = |at: u32| doc.sentences.iter().find(|s| s.span.start <= at && at < s.span.end.max(s.span.start + 1)).map(|s| s.span);
    // Entities, with their spellings and the sentence of their first mention.
    let mut entities: Vec<LocalEntity> = Vec::new();
    let mut by_number: HashMap<u32, usize> = HashMap::new();
    let mentions: Vec<&model::Annotation> = doc.annotations.iter().filter(|a| a.layer == Layer::Entities).collect();
    for a in &mentions {
        let Some(n) = a.attrs.get("entity").and_then(Value::as_u64).map(|n| n as u32) else { continue };
        let text = a.span.text(&doc.text);
        let k = *by_number.entry(n).or_insert_with(|| {
            let s = sentence_of(a.span.start).unwrap_or(a.span);
            let (start, end) = (chars.at(s.start as usize), chars.at(s.end as usize));
            entities.push(LocalEntity {
                n,
                name: a.attrs.get("name").and_then(Value::as_str).unwrap_or(text).into(),
                kind: a.label.as_str().into(),
                aliases: Vec::new(),
                acronym_of: None,
                evidence: evidence_at(start, end, s.text(&doc.text)),
            });
            entities.len() - 1
        });
        if let Some(e) = entities.get_mut(k) {
            match e.aliases.iter_mut().find(|x| x.0 == text) {
                Some(x) => x.1 += 1,
                None => e.aliases.push((text.into(), 1)),
            }
        }
    }
    // "Full Name (ACRONYM)": the acronym is defined as the name's.
    for w in mentions.windows(2) {
        let [full, acr] = w else { continue };
        let between = doc.text.get(full.span.end as usize..acr.span.start as usize).unwrap_or("x");
        let after = doc.text.get(acr.span.end as usize..).unwrap_or("");
        if between.trim() == "(" && after.starts_with(')') && reason::names::is_acronym(acr.span.text(&doc.text)) {
            let (Some(f), Some(a)) = (full.attrs.get("entity").and_then(Value::as_u64), acr.attrs.get("entity").and_then(Value::as_u64)) else { continue };
            if f != a {
                if let Some(e) = by_number.get(&(a as u32)).and_then(|&k| entities.get_mut(k)) {
                    e.acronym_of = Some(f as u32);
                }
            }
        }
    }
    for e in &mut entities {
        e.aliases.sort_by_key(|a| std::cmp::Reverse(a.1));
    }

    let exported = document_events(doc);
    let actor = |a: &Option<crate::export::ExportActor<'_>>| {
        a.as_ref().map(|a| ActorFact { entity: local_number(a.entity.as_deref()), text: a.name.unwrap_or(a.text).into(), sector: a.sector.map(SmolStr::new) })
    };
    let mut events = Vec::new();
    for (n, e) in exported.iter().enumerate() {
        let evidence = e.evidence.first().map(|x| evidence_at(x.start, x.end, x.text)).unwrap_or_default();
        events.push(EventFact {
            n: n as u32,
            kind: e.kind.into(),
            mode: e.mode.map(SmolStr::new),
            cameo: e.cameo.into(),
            modality: e.modality.into(),
            phase: e.phase.map(SmolStr::new),
            lemma: e.lemma.into(),
            source: actor(&e.source_actor),
            target: actor(&e.target_actor),
            location: actor(&e.location),
            date: e.date.as_ref().map(|d| DateFact::new(d.value, d.start, d.end, d.text)),
            summary: SmolStr::new(e.summary),
            evidence,
        });
    }

    let q_annotations: Vec<&model::Annotation> = doc.annotations.iter().filter(|a| a.layer == Layer::Quantities).collect();
    let mut figures = Vec::new();
    for (n, (q, ann)) in document_quantities(doc).iter().zip(&q_annotations).enumerate() {
        let Some(value) = q.value else { continue };
        let predicate = ann.attrs.get("predicate").and_then(Value::as_str).map(SmolStr::new);
        let evidence = q.evidence.first().map(|x| evidence_at(x.start, x.end, x.text)).unwrap_or_default();
        // The entity it is about, else the actor of an event of its sentence told by the
        // same word ("the alliance deployed 2,030 troops").
        let about = q.about.as_ref().and_then(|a| local_number(Some(&a.entity))).or_else(|| {
            let p = predicate.as_deref()?;
            events.iter().find(|e| e.evidence == evidence && e.lemma == p).and_then(|e| e.source.as_ref()).and_then(|s| s.entity)
        });
        figures.push(FigureFact {
            n: n as u32,
            kind: q.kind.into(),
            text: q.text.into(),
            value,
            value_max: q.value_max,
            bound: q.bound.unwrap_or("exact").into(),
            vague: q.vague,
            counted: q.counted.map(SmolStr::new),
            predicate,
            about,
            time: q.time.map(SmolStr::new),
            evidence,
        });
    }
    let mut facts = DocFacts {
        doc: doc_id,
        published: doc.meta.published.as_deref().map(|p| SmolStr::new(p.get(..10).unwrap_or(p))),
        outlet: doc.meta.outlet.as_deref().map(SmolStr::new),
        original: doc.duplicate.as_ref().map(|d| SmolStr::new(&d.of)),
        entities,
        events,
        figures,
    };
    facts.shrink_to_fit();
    facts
}

/// The analyst's overrides as `reason` takes them.
pub fn overrides(store: &dyn Store) -> Result<Vec<Override>, Error> {
    Ok(store
        .overrides()?
        .into_iter()
        .map(|o| Override {
            kind: match o.kind {
                store::OverrideKind::Merge => OverrideKind::Merge,
                store::OverrideKind::Split => OverrideKind::Split,
            },
            a: o.a,
            b: o.b,
        })
        .collect())
}

/// The annotation layers [`facts`] reads (events point to times for their dates). Quotes are
/// left out: an event's `reported_by` names its quote, which the facts do not keep.
pub const FACT_LAYERS: &[Layer] = &[Layer::Entities, Layer::Events, Layer::Times, Layer::Quantities];

/// Computes the cross-document picture from the store, without storing it.
pub fn compute(store: &dyn Store) -> Result<(Reasoning, ReasonSummary), Error> {
    let started = Instant::now();
    let mut docs = Vec::new();
    store.for_each_document_layers(FACT_LAYERS, &mut |doc, _| {
        docs.push(facts(&doc));
        Ok(())
    })?;
    let overrides = overrides(store)?;
    let r = reason::reason(&docs, &overrides);
    let n_document_entities = docs.iter().map(|d| d.entities.len() as u64).sum();
    let summary = ReasonSummary {
        n_documents: docs.len() as u64,
        n_document_entities,
        n_entities: r.entities.len() as u64,
        n_merged: r.entities.iter().filter(|e| e.n_documents > 1).count() as u64,
        n_links: r.links.len() as u64,
        n_event_reports: docs.iter().map(|d| d.events.len() as u64).sum(),
        n_events: r.events.len() as u64,
        n_corroborated: r.events.iter().filter(|e| e.n_sources > 1).count() as u64,
        n_contradictions: r.contradictions.iter().filter(|c| c.status == "contradiction").count() as u64,
        n_updates: r.contradictions.iter().filter(|c| c.status == "update").count() as u64,
        unused_overrides: r.unused_overrides.iter().map(|o| format!("{} \"{}\" \"{}\"", if o.kind == OverrideKind::Merge { "merge" } else { "split" }, o.a, o.b)).collect(),
        seconds: started.elapsed().as_secs_f64(),
    };
    Ok((r, summary))
}

/// Recomputes the cross-document picture and stores it (replacing the previous one whole).
pub fn run(store: &mut dyn Store) -> Result<ReasonSummary, Error> {
    let (r, summary) = compute(store)?;
    let json = serde_json::to_string(&r).map_err(|e| store::Error::Database { path: "reasoning".into(), source: Box::new(e) })?;
    store.put_reasoning(&json)?;
    Ok(summary)
}

/// The stored cross-document picture, or a fresh one when none is stored yet (or the stored
/// one cannot be read, e.g. written by another version: then it is recomputed, not trusted).
pub fn load(store: &dyn Store) -> Result<Reasoning, Error> {
    if let Some(json) = store.reasoning()? {
        if let Ok(r) = serde_json::from_str::<Reasoning>(&json) {
            return Ok(r);
        }
    }
    Ok(compute(store)?.0)
}
