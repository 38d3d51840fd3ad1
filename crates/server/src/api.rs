//! The read routes of the JSON API (docs/api.md). Lists share `limit`/`offset` paging and
//! answer `{"items": [...], "total", "limit", "offset"}` in a documented, stable order.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use engine::actors::{CoOccurrence, MemberIndex};
use serde::Serialize;
use serde_json::{json, Value};
use store::{DocQuery, Published, Store};

use crate::error::{ApiError, ErrorBody};
use crate::params::{Page, Params};
use crate::picture::{event_item, ActorFilter, Picture};
use crate::schema;
use crate::state::AppState;

/// Member documents read for an entity's mentions, quotes and co-occurring entities.
const ENTITY_DOCS: usize = 100;
/// Mentions listed on an entity's page.
const ENTITY_MENTIONS: usize = 500;
/// Related entities on an entity's page.
const RELATED: usize = 20;
/// Default node limit of the network.
const NETWORK_NODES: u64 = 150;

/// A JSON body that is already serialised.
pub fn raw_json(body: String) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// `{"items": [...], "total", "limit", "offset"}` from items already serialised.
fn raw_page<'a>(items: impl Iterator<Item = &'a str>, total: usize, page: Page) -> Response {
    let mut body = String::from("{\"items\":[");
    for (i, item) in items.enumerate() {
        if i > 0 {
            body.push(',');
        }
        body.push_str(item);
    }
    body.push_str(&format!("],\"total\":{total},\"limit\":{},\"offset\":{}}}", page.limit, page.offset));
    raw_json(body)
}

fn page_of<T: Serialize>(items: &[T], total: usize, page: Page) -> Response {
    axum::Json(json!({ "items": items, "total": total, "limit": page.limit, "offset": page.offset })).into_response()
}

#[utoipa::path(get, path = "/api/stats", tag = "corpus",
    responses((status = 200, description = "Corpus counts", body = schema::Stats)))]
pub async fn stats(State(state): State<AppState>) -> Response {
    let loaded = state.loaded();
    let p = &loaded.picture;
    let n = |status: &str| p.r.contradictions.iter().filter(|c| c.status == status).count();
    let body = schema::Stats {
        n_documents: p.stats.n_documents,
        n_duplicates: p.stats.n_duplicates,
        n_sentences: p.stats.n_sentences,
        n_entities: p.r.entities.len() as u64,
        n_events: p.r.events.len() as u64,
        n_contradictions: n("contradiction") as u64,
        n_updates: n("update") as u64,
        n_quotes: p.overview.annotations(model::Layer::Quotes),
        n_quantities: p.overview.annotations(model::Layer::Quantities),
        outlets: p.overview.outlets.iter().map(|(outlet, n)| schema::OutletCount { outlet: outlet.clone(), n: *n }).collect(),
        first_date: p.overview.first_date.clone(),
        last_date: p.overview.last_date.clone(),
    };
    axum::Json(body).into_response()
}

#[utoipa::path(get, path = "/api/documents", tag = "documents",
    params(
        ("outlet" = Option<String>, Query, description = "Only documents of this outlet (exact)"),
        ("language" = Option<String>, Query, description = "Only documents in this language (ISO 639-1)"),
        ("from" = Option<String>, Query, description = "Published on or after: YYYY, YYYY-MM or YYYY-MM-DD"),
        ("to" = Option<String>, Query, description = "Published on or before: YYYY, YYYY-MM or YYYY-MM-DD"),
        schema::Paging,
    ),
    responses((status = 200, description = "Document summaries by publication date (undated last), then id", body = schema::DocumentList),
              (status = 400, description = "A malformed parameter", body = ErrorBody)))]
pub async fn documents(State(state): State<AppState>, params: Params) -> Result<Response, ApiError> {
    let page = params.page()?;
    let (from, to) = params.date_range()?;
    let query = DocQuery {
        outlet: params.get("outlet").map(str::to_string),
        language: params.get("language").map(str::to_string),
        exclude_duplicates: false,
        limit: Some(page.limit),
        offset: page.offset,
    };
    let published = Published { from: from.map(|d| d.first), to: to.map(|d| d.last) };
    let (items, total) = state
        .with_store(move |store, _| Ok((store.list_documents_published(&query, &published)?, store.count_documents(&query, &published)?)))
        .await?;
    Ok(page_of(&items, total as usize, page))
}

#[utoipa::path(get, path = "/api/documents/{id}", tag = "documents",
    params(("id" = String, Path, description = "Full id or a unique prefix of at least 4 hex digits")),
    responses((status = 200, description = "The export's document with entities, times, quotes, quantities and events", body = Object),
              (status = 400, description = "An ambiguous prefix", body = ErrorBody),
              (status = 404, description = "No such document", body = ErrorBody)))]
pub async fn document(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let shown = clip(&id);
    let body = state
        .with_store(move |store, loaded| {
            let doc = store.get_document(&id)?.ok_or_else(|| ApiError::not_found(format!("no document with id or prefix `{shown}`")))?;
            document_json(&doc, &loaded.picture)
        })
        .await?;
    Ok(raw_json(body))
}

/// A document as the export writes it, with its annotations and their links to the corpus
/// picture (`corpus_entity` on entities, `cluster` on events).
fn document_json(doc: &model::Doc, p: &Picture) -> Result<String, ApiError> {
    let mut e = engine::export::ExportDocument::new(doc);
    let mut entities = engine::export::document_entities(doc);
    let mut events = engine::export::document_events(doc);
    for ev in &mut events {
        ev.cluster = p.event_of_report.get(ev.id.as_str()).and_then(|&k| p.r.events.get(k)).map(|c| c.id.to_string());
    }
    let here: HashSet<usize> = p.entities_of_doc.get(&doc.id).map(|v| v.iter().copied().collect()).unwrap_or_default();
    let members = MemberIndex::new(&p.r, |k| here.contains(&k));
    let corpus_ids: Vec<Option<String>> = entities
        .iter()
        .map(|x| {
            let surface = x.mentions.first().map_or(x.name.as_str(), |m| m.text);
            members.entity_of_id(&x.id, surface).and_then(|k| p.r.entities.get(k)).map(|c| c.id.clone())
        })
        .collect();
    e.times = Some(engine::export::document_times(doc));
    e.quotes = Some(engine::export::document_quotes(doc));
    e.quantities = Some(engine::export::document_quantities(doc));
    e.events = Some(events);
    e.entities = Some(std::mem::take(&mut entities));
    let mut value = serde_json::to_value(&e).map_err(ApiError::internal)?;
    if let Some(list) = value.get_mut("entities").and_then(Value::as_array_mut) {
        for (x, id) in list.iter_mut().zip(corpus_ids) {
            if let Some(obj) = x.as_object_mut() {
                obj.insert("corpus_entity".into(), id.map_or(Value::Null, Value::String));
            }
        }
    }
    serde_json::to_string(&value).map_err(ApiError::internal)
}

#[utoipa::path(get, path = "/api/entities", tag = "entities",
    params(
        ("q" = Option<String>, Query, description = "Name or any spelling contains this (case-insensitive)"),
        ("type" = Option<String>, Query, description = "PERSON, ORG, LOC, NORP, MISC (case-insensitive)"),
        schema::Paging,
    ),
    responses((status = 200, description = "Corpus entities by mentions (most first), then name, then id", body = schema::EntityList),
              (status = 400, description = "A malformed parameter", body = ErrorBody)))]
pub async fn entities(State(state): State<AppState>, params: Params) -> Result<Response, ApiError> {
    let page = params.page()?;
    let q = params.get("q").map(str::to_lowercase);
    let kind = params.get("type");
    let loaded = state.loaded();
    let p = &loaded.picture;
    let keep = |k: usize| {
        kind.is_none_or(|t| p.r.entities.get(k).is_some_and(|e| e.kind.eq_ignore_ascii_case(t)))
            && q.as_deref().is_none_or(|q| p.spellings.get(k).is_some_and(|s| s.contains(q)))
    };
    if q.is_none() && kind.is_none() {
        let range = page.range(p.entity_order.len());
        let items = p.entity_order.get(range).unwrap_or_default().iter().filter_map(|&k| p.entity_items.get(k).map(String::as_str));
        return Ok(raw_page(items, p.entity_order.len(), page));
    }
    let found: Vec<usize> = p.entity_order.iter().copied().filter(|&k| keep(k)).collect();
    let items = found.get(page.range(found.len())).unwrap_or_default().iter().filter_map(|&k| p.entity_items.get(k).map(String::as_str));
    Ok(raw_page(items, found.len(), page))
}

#[utoipa::path(get, path = "/api/entities/{id}", tag = "entities",
    params(("id" = String, Path, description = "Corpus entity id (`E…`)")),
    responses((status = 200, description = "The entity with its mentions, events, quotes, links and related entities", body = Object),
              (status = 404, description = "No such entity", body = ErrorBody)))]
pub async fn entity(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let k = *state.loaded().picture.entity_by_id.get(&id).ok_or_else(|| ApiError::not_found(format!("no entity `{}`", clip(&id))))?;
    let body = state.with_store(move |store, loaded| entity_json(store, &loaded.picture, k)).await?;
    Ok(raw_json(body))
}

#[derive(Serialize)]
struct MentionOut {
    doc: String,
    start: usize,
    end: usize,
    text: String,
    sentence: Option<usize>,
}

#[derive(Serialize)]
struct EventRef<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    summary: &'a str,
    date: Option<&'a str>,
    /// `source`, `target` and/or `location`.
    roles: Vec<&'static str>,
    n_sources: u32,
}

#[derive(Serialize)]
struct Related {
    id: String,
    name: String,
    #[serde(rename = "type")]
    kind: String,
    /// Sentences and documents mentioning both (in the documents read).
    n_sentences: u32,
    n_documents: u32,
    /// Events between the two (either way).
    n_events: u32,
}

fn entity_json(store: &dyn Store, p: &Picture, k: usize) -> Result<String, ApiError> {
    let r = &p.r;
    let e = r.entities.get(k).ok_or_else(|| ApiError::not_found("no such entity"))?;
    // Its documents, originals first, read once for mentions, quotes and co-occurrence.
    let mut docs: Vec<&str> = Vec::new();
    for m in &e.members {
        if !docs.contains(&m.doc.as_str()) {
            docs.push(&m.doc);
        }
    }
    let n_docs = docs.len();
    let members = MemberIndex::new(r, |x| x == k);
    let mut co = CoOccurrence::focused(r, k);
    let mut mentions = Vec::new();
    let mut quotes = Vec::new();
    for id in docs.iter().take(ENTITY_DOCS) {
        let Some(doc) = store.get_document(id)? else { continue };
        co.add(&doc);
        for x in engine::export::document_entities(&doc) {
            for m in &x.mentions {
                if mentions.len() < ENTITY_MENTIONS && members.entity_of_id(&x.id, m.text) == Some(k) {
                    mentions.push(MentionOut { doc: doc.id.clone(), start: m.start, end: m.end, text: m.text.to_string(), sentence: m.sentence });
                }
            }
        }
        for q in engine::export::document_quotes(&doc) {
            let speaker = q.speaker.as_ref().and_then(|s| s.entity.as_deref().map(|id| (id, s.text)));
            if speaker.is_some_and(|(id, text)| members.entity_of_id(id, text) == Some(k)) {
                quotes.push(serde_json::to_value(&q).map_err(ApiError::internal)?);
            }
        }
    }
    let events: Vec<EventRef<'_>> = p
        .entity_events
        .get(&k)
        .map(|list| {
            list.iter()
                .filter_map(|&x| r.events.get(x))
                .map(|c| {
                    let is = |part: &Option<engine::actors::Participant>| part.as_ref().is_some_and(|x| x.entity.as_deref() == Some(e.id.as_str()));
                    let roles = [("source", is(&c.source)), ("target", is(&c.target)), ("location", is(&c.location))]
                        .into_iter()
                        .filter_map(|(name, yes)| yes.then_some(name))
                        .collect();
                    EventRef { id: &c.id, kind: &c.kind, summary: &c.summary, date: c.date.as_ref().map(|d| d.value.as_str()), roles, n_sources: c.n_sources }
                })
                .collect()
        })
        .unwrap_or_default();
    // Related: co-occurrence in its documents plus events between the two.
    let mut related: BTreeMap<String, Related> = BTreeMap::new();
    for pair in co.pairs() {
        let Some(&other) = p.entity_by_id.get(&pair.b) else { continue };
        let Some(o) = r.entities.get(other) else { continue };
        related.insert(pair.b.clone(), Related { id: o.id.clone(), name: o.name.clone(), kind: o.kind.clone(), n_sentences: pair.n_sentences, n_documents: pair.n_documents, n_events: 0 });
    }
    for c in p.entity_events.get(&k).into_iter().flatten().filter_map(|&x| r.events.get(x)) {
        let (Some(s), Some(t)) = (c.source.as_ref().and_then(|x| x.entity.as_ref()), c.target.as_ref().and_then(|x| x.entity.as_ref())) else { continue };
        let other = if *s == e.id { t } else if *t == e.id { s } else { continue };
        if *other == e.id {
            continue;
        }
        let Some(o) = p.entity_by_id.get(other.as_str()).and_then(|&x| r.entities.get(x)) else { continue };
        related
            .entry(other.to_string())
            .or_insert_with(|| Related { id: o.id.clone(), name: o.name.clone(), kind: o.kind.clone(), n_sentences: 0, n_documents: 0, n_events: 0 })
            .n_events += 1;
    }
    let mut related: Vec<Related> = related.into_values().collect();
    related.sort_by(|a, b| (b.n_events + b.n_sentences).cmp(&(a.n_events + a.n_sentences)).then_with(|| a.name.cmp(&b.name)).then_with(|| a.id.cmp(&b.id)));
    related.truncate(RELATED);
    let name_of = |id: &str| -> String { p.entity_by_id.get(id).and_then(|&x| r.entities.get(x)).map_or_else(|| id.to_string(), |e| e.name.to_string()) };
    let links: Vec<Value> = r
        .links
        .iter()
        .filter(|l| l.from == e.id || l.to == e.id)
        .map(|l| json!({ "kind": l.kind, "from": l.from, "from_name": name_of(l.from.as_str()), "to": l.to, "to_name": name_of(l.to.as_str()), "reason": l.reason }))
        .collect();
    let mut value = serde_json::to_value(e).map_err(ApiError::internal)?;
    if let Some(obj) = value.as_object_mut() {
        obj.insert("mentions".into(), serde_json::to_value(&mentions).map_err(ApiError::internal)?);
        obj.insert("documents_read".into(), json!(n_docs.min(ENTITY_DOCS)));
        obj.insert("mentions_complete".into(), json!(n_docs <= ENTITY_DOCS && mentions.len() < ENTITY_MENTIONS));
        obj.insert("events".into(), serde_json::to_value(&events).map_err(ApiError::internal)?);
        obj.insert("quotes".into(), Value::Array(quotes));
        obj.insert("links".into(), Value::Array(links));
        obj.insert("related".into(), serde_json::to_value(&related).map_err(ApiError::internal)?);
    }
    serde_json::to_string(&value).map_err(ApiError::internal)
}

/// The events the filters of `/api/events` and `/api/timeline` keep, in order.
fn filtered_events(p: &Picture, params: &Params, dated_only: bool) -> Result<Vec<usize>, ApiError> {
    let (from, to) = params.date_range()?;
    let kind = params.get("type");
    let disputed = params.flag("disputed")?;
    let actor = params.get("actor").map(|a| if p.entity_by_id.contains_key(a) { ActorFilter::Entity(a.to_string()) } else { ActorFilter::Name(a.to_lowercase()) });
    let unfiltered = from.is_none() && to.is_none() && kind.is_none() && disputed.is_none() && actor.is_none();
    let mut out = Vec::new();
    for &k in &p.event_order {
        let (Some(c), Some(days)) = (p.r.events.get(k), p.event_days.get(k)) else { continue };
        if dated_only && days.is_none() {
            // Undated events come last in the order: nothing dated follows.
            break;
        }
        if unfiltered {
            out.push(k);
            continue;
        }
        if from.is_some() || to.is_some() {
            let Some((start, end)) = days else { continue };
            if from.as_ref().is_some_and(|f| *end < f.first_day) || to.as_ref().is_some_and(|t| *start > t.last_day) {
                continue;
            }
        }
        if let Some(t) = kind {
            if !c.kind.eq_ignore_ascii_case(t) && !c.mode.as_deref().is_some_and(|m| m.eq_ignore_ascii_case(t)) {
                continue;
            }
        }
        if disputed.is_some_and(|d| d == c.disputed.is_empty()) {
            continue;
        }
        if actor.as_ref().is_some_and(|a| !p.actor_matches(c, a)) {
            continue;
        }
        out.push(k);
    }
    Ok(out)
}

fn events_page(state: &AppState, params: &Params, dated_only: bool) -> Result<Response, ApiError> {
    let page = params.page()?;
    let loaded = state.loaded();
    let p = &loaded.picture;
    let found = filtered_events(p, params, dated_only)?;
    let items = found.get(page.range(found.len())).unwrap_or_default().iter().filter_map(|&k| p.event_items.get(k).map(String::as_str));
    Ok(raw_page(items, found.len(), page))
}

#[utoipa::path(get, path = "/api/events", tag = "events",
    params(
        ("from" = Option<String>, Query, description = "Events that may fall on or after: YYYY, YYYY-MM or YYYY-MM-DD (undated events never pass a date filter)"),
        ("to" = Option<String>, Query, description = "Events that may fall on or before"),
        ("type" = Option<String>, Query, description = "PLOVER type (PROTEST, ...) or mode (arrest, ...), case-insensitive"),
        ("actor" = Option<String>, Query, description = "A participant: an entity id, or text contained in its name or any spelling"),
        ("disputed" = Option<bool>, Query, description = "true: only events whose date sources disagree on; false: only undisputed"),
        schema::Paging,
    ),
    responses((status = 200, description = "Corpus events (clusters) by date (undated last), then id; reports capped at 10 (`reports_truncated`)", body = schema::EventList),
              (status = 400, description = "A malformed parameter", body = ErrorBody)))]
pub async fn events(State(state): State<AppState>, params: Params) -> Result<Response, ApiError> {
    events_page(&state, &params, false)
}

#[utoipa::path(get, path = "/api/timeline", tag = "events",
    params(
        ("from" = Option<String>, Query, description = "Events that may fall on or after: YYYY, YYYY-MM or YYYY-MM-DD"),
        ("to" = Option<String>, Query, description = "Events that may fall on or before"),
        ("type" = Option<String>, Query, description = "PLOVER type or mode, case-insensitive"),
        ("actor" = Option<String>, Query, description = "An entity id, or text contained in a participant's name or spellings"),
        ("disputed" = Option<bool>, Query, description = "Only disputed (true) or undisputed (false) events"),
        schema::Paging,
    ),
    responses((status = 200, description = "The dated events, by date then id, with `start`/`end` ISO days for plotting", body = schema::EventList),
              (status = 400, description = "A malformed parameter", body = ErrorBody)))]
pub async fn timeline(State(state): State<AppState>, params: Params) -> Result<Response, ApiError> {
    events_page(&state, &params, true)
}

#[utoipa::path(get, path = "/api/events/{id}", tag = "events",
    params(("id" = String, Path, description = "Corpus event id (`V…`)")),
    responses((status = 200, description = "The event with every report and the contradictions about it", body = Object),
              (status = 404, description = "No such event", body = ErrorBody)))]
pub async fn event(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let loaded = state.loaded();
    let p = &loaded.picture;
    let k = *p.event_by_id.get(&id).ok_or_else(|| ApiError::not_found(format!("no event `{}`", clip(&id))))?;
    let c = p.r.events.get(k).ok_or_else(|| ApiError::not_found("no such event"))?;
    let contradictions: Vec<&engine::actors::Contradiction> =
        p.r.contradictions.iter().filter(|x| x.event.as_deref() == Some(c.id.as_str()) || c.disputed.iter().any(|d| d.as_str() == x.id.as_str())).collect();
    let days = p.event_days.get(k).copied().flatten();
    let mut value = serde_json::to_value(event_item(c, days, usize::MAX)).map_err(ApiError::internal)?;
    if let Some(obj) = value.as_object_mut() {
        obj.insert("contradictions".into(), serde_json::to_value(&contradictions).map_err(ApiError::internal)?);
    }
    Ok(axum::Json(value).into_response())
}

#[utoipa::path(get, path = "/api/contradictions", tag = "events",
    params(
        ("all" = Option<bool>, Query, description = "Also figures revised by later reports (`status: update`)"),
        schema::Paging,
    ),
    responses((status = 200, description = "Where sources disagree, each side with its value, documents and sentences; in the picture's order (dates first, then figures)", body = schema::ObjectList),
              (status = 400, description = "A malformed parameter", body = ErrorBody)))]
pub async fn contradictions(State(state): State<AppState>, params: Params) -> Result<Response, ApiError> {
    let page = params.page()?;
    let all = params.flag("all")?.unwrap_or(false);
    let loaded = state.loaded();
    let found: Vec<&engine::actors::Contradiction> = loaded.picture.r.contradictions.iter().filter(|c| all || c.status == "contradiction").collect();
    let items = found.get(page.range(found.len())).unwrap_or_default();
    Ok(page_of(items, found.len(), page))
}

#[utoipa::path(get, path = "/api/hypotheses", tag = "events",
    responses((status = 200, description = "The competing explanations the corpus argues (analysis of competing hypotheses): each with the sources holding, doubting or rejecting it and their sentences, the evidence (events, quotes, figures) and the cells saying which evidence is consistent or inconsistent with which explanation, each with its linking sentence (docs/claims.md)", body = schema::Hypotheses)))]
pub async fn hypotheses(State(state): State<AppState>) -> Result<Response, ApiError> {
    let loaded = state.loaded();
    if loaded.hypotheses.get().is_none() {
        state
            .with_store(|store, loaded| {
                loaded.hypotheses.get_or_init(|| {
                    let r = &loaded.picture.r;
                    engine::claims::hypotheses_with(store, r)
                        .map_err(|e| e.to_string())
                        .and_then(|m| serde_json::to_string(&m).map_err(|e| e.to_string()))
                        .map(std::sync::Arc::new)
                });
                Ok(())
            })
            .await?;
    }
    match state.loaded().hypotheses.get() {
        Some(Ok(body)) => Ok(raw_json(body.as_str().to_string())),
        Some(Err(e)) => Err(ApiError::internal(e.clone())),
        None => Err(ApiError::internal("hypotheses missing")),
    }
}

/// `/api/quotes` and `/api/quantities` over one document.
fn doc_items(store: &dyn Store, id: &str, quotes: bool) -> Result<Vec<Value>, ApiError> {
    let doc = store.get_document(id)?.ok_or_else(|| ApiError::not_found(format!("no document with id or prefix `{}`", clip(id))))?;
    let items = if quotes {
        engine::export::document_quotes(&doc).iter().map(serde_json::to_value).collect::<Result<Vec<_>, _>>()
    } else {
        engine::export::document_quantities(&doc).iter().map(serde_json::to_value).collect::<Result<Vec<_>, _>>()
    };
    items.map_err(ApiError::internal)
}

fn quotes_of(doc: &model::Doc) -> Vec<Value> {
    engine::export::document_quotes(doc).iter().filter_map(|q| serde_json::to_value(q).ok()).collect()
}

fn quantities_of(doc: &model::Doc) -> Vec<Value> {
    engine::export::document_quantities(doc).iter().filter_map(|q| serde_json::to_value(q).ok()).collect()
}

#[utoipa::path(get, path = "/api/quotes", tag = "documents",
    params(
        ("speaker" = Option<String>, Query, description = "An entity id the speaker resolves to, or text in the speaker's name or words"),
        ("doc" = Option<String>, Query, description = "Only this document (id or unique prefix)"),
        schema::Paging,
    ),
    responses((status = 200, description = "Quotes (export shape, with `doc`) by document (publication date, id), then position", body = schema::ObjectList),
              (status = 400, description = "A malformed parameter", body = ErrorBody),
              (status = 404, description = "No such document", body = ErrorBody)))]
pub async fn quotes(State(state): State<AppState>, params: Params) -> Result<Response, ApiError> {
    located_list(state, params, true).await
}

#[utoipa::path(get, path = "/api/quantities", tag = "documents",
    params(
        ("q" = Option<String>, Query, description = "Text in the figure, what it counts or its unit (case-insensitive)"),
        ("doc" = Option<String>, Query, description = "Only this document (id or unique prefix)"),
        schema::Paging,
    ),
    responses((status = 200, description = "Figures (export shape, with `doc`) by document (publication date, id), then position", body = schema::ObjectList),
              (status = 400, description = "A malformed parameter", body = ErrorBody),
              (status = 404, description = "No such document", body = ErrorBody)))]
pub async fn quantities(State(state): State<AppState>, params: Params) -> Result<Response, ApiError> {
    located_list(state, params, false).await
}

async fn located_list(state: AppState, params: Params, quotes: bool) -> Result<Response, ApiError> {
    let page = params.page()?;
    let filter_name = if quotes { "speaker" } else { "q" };
    let filter = params.get(filter_name).map(str::to_string);
    let matches = move |p: &Picture, item: &Value| -> bool {
        let Some(f) = filter.as_deref() else { return true };
        let f_lower = f.to_lowercase();
        if quotes {
            let speaker = item.get("speaker");
            let text = |k: &str| speaker.and_then(|s| s.get(k)).and_then(Value::as_str).unwrap_or("").to_lowercase();
            let entity = speaker.and_then(|s| s.get("entity")).and_then(Value::as_str);
            let via_entity = p.entity_by_id.get(f).is_some_and(|&k| {
                let surface = speaker.and_then(|s| s.get("text")).and_then(Value::as_str).unwrap_or("");
                entity.is_some_and(|id| MemberIndex::new(&p.r, |x| x == k).entity_of_id(id, surface) == Some(k))
            });
            via_entity || text("name").contains(&f_lower) || text("text").contains(&f_lower)
        } else {
            ["text", "counted", "unit"].iter().any(|k| item.get(*k).and_then(Value::as_str).is_some_and(|s| s.to_lowercase().contains(&f_lower)))
        }
    };
    if let Some(doc) = params.get("doc").map(str::to_string) {
        let (items, total) = state
            .with_store(move |store, loaded| {
                let all: Vec<Value> = doc_items(store, &doc, quotes)?.into_iter().filter(|v| matches(&loaded.picture, v)).collect();
                let total = all.len();
                Ok((all.get(page.range(total)).unwrap_or_default().to_vec(), total))
            })
            .await?;
        return Ok(page_of(&items, total, page));
    }
    let loaded = state.corpus().await?;
    let filter = params.get(filter_name).map(str::to_lowercase);
    let entity = params.get(filter_name).and_then(|f| loaded.picture.entity_by_id.get(f).copied());
    let (items, total) = state
        .with_store(move |store, loaded| {
            let Some(Ok(index)) = loaded.corpus.get() else { return Err(ApiError::internal("corpus index missing")) };
            let list = if quotes { &index.quotes } else { &index.quantities };
            let found: Vec<&crate::corpus::Located> = list
                .iter()
                .filter(|x| match (&filter, entity) {
                    (None, _) => true,
                    (Some(_), Some(k)) if quotes => x.entity == Some(k),
                    (Some(f), _) => x.haystack.contains(f.as_str()),
                })
                .collect();
            let total = found.len();
            let fetch: &dyn Fn(&model::Doc) -> Vec<Value> = if quotes { &quotes_of } else { &quantities_of };
            let items = crate::corpus::read_back(store, found.get(page.range(total)).unwrap_or_default(), fetch)?;
            Ok((items, total))
        })
        .await?;
    Ok(page_of(&items, total, page))
}

#[utoipa::path(get, path = "/api/search", tag = "documents",
    params(
        ("q" = String, Query, description = "Words to find (all of them; case and diacritics folded; no search syntax)"),
        schema::Paging,
    ),
    responses((status = 200, description = "Matching documents, best first (then storage order), with plain-text snippet pieces; past 1,000 matches the total is capped (`capped`) and the order is newest stored first (`order`)", body = schema::SearchList),
              (status = 400, description = "No q, or a malformed parameter", body = ErrorBody)))]
pub async fn search(State(state): State<AppState>, params: Params) -> Result<Response, ApiError> {
    let page = params.page()?;
    let q = params.get("q").ok_or_else(|| ApiError::bad_request("q (the words to search for) is required"))?.to_string();
    if q.chars().count() > 1000 {
        return Err(ApiError::bad_request("q is longer than 1000 characters"));
    }
    // Answers are cached per picture: a query of words common to the whole corpus ranks
    // every document, and the same queries (and pages) come back often.
    let key = (q.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase(), page.limit, page.offset);
    if let Some(body) = state.loaded().cached_search(&key) {
        return Ok(raw_json(body.as_str().to_string()));
    }
    let body = state
        .with_store(move |store, loaded| {
            let found = store.search(&q, page.limit, page.offset)?;
            let body = serde_json::to_string(&json!({
                "items": found.hits, "total": found.total, "capped": found.capped, "order": found.order,
                "limit": page.limit, "offset": page.offset,
            }))
                .map_err(ApiError::internal)?;
            let body = std::sync::Arc::new(body);
            loaded.cache_search(key, body.clone());
            Ok(body)
        })
        .await?;
    Ok(raw_json(body.as_str().to_string()))
}

#[utoipa::path(get, path = "/api/network", tag = "entities",
    params(
        ("type" = Option<String>, Query, description = "Only entities of this type"),
        ("min_weight" = Option<u32>, Query, description = "Only edges at least this heavy"),
        ("limit" = Option<u32>, Query, description = "Nodes: the most mentioned entities, default 150, at most 500"),
    ),
    responses((status = 200, description = "Nodes and edges of the actor network", body = schema::Network),
              (status = 400, description = "A malformed parameter", body = ErrorBody)))]
pub async fn network(State(state): State<AppState>, params: Params) -> Result<Response, ApiError> {
    let page = params.page_with(NETWORK_NODES)?;
    let min_weight = params.number("min_weight")?.unwrap_or(1);
    let kind = params.get("type").map(str::to_string);
    let loaded = state.corpus().await?;
    let p = &loaded.picture;
    let Some(Ok(index)) = loaded.corpus.get() else { return Err(ApiError::internal("corpus index missing")) };
    let nodes: Vec<usize> = p
        .entity_order
        .iter()
        .copied()
        .filter(|&k| kind.as_deref().is_none_or(|t| p.r.entities.get(k).is_some_and(|e| e.kind.eq_ignore_ascii_case(t))))
        .take(usize::try_from(page.limit).unwrap_or(usize::MAX))
        .collect();
    let in_graph: HashSet<&str> = nodes.iter().filter_map(|&k| p.r.entities.get(k)).map(|e| e.id.as_str()).collect();
    // Events from source to target.
    let mut edges: BTreeMap<(&str, &str), (u64, BTreeSet<&str>)> = BTreeMap::new();
    for c in &p.r.events {
        let (Some(s), Some(t)) = (c.source.as_ref().and_then(|x| x.entity.as_deref()), c.target.as_ref().and_then(|x| x.entity.as_deref())) else { continue };
        if s != t && in_graph.contains(s) && in_graph.contains(t) {
            let e = edges.entry((s, t)).or_default();
            e.0 += 1;
            e.1.insert(c.kind.as_str());
        }
    }
    let linked: HashSet<(&str, &str)> = edges.keys().flat_map(|&(a, b)| [(a, b), (b, a)]).collect();
    let mut out: Vec<schema::Edge> = edges
        .into_iter()
        .map(|((s, t), (n, types))| schema::Edge { source: s.to_string(), target: t.to_string(), weight: n, n_events: n, n_sentences: 0, types: types.into_iter().map(str::to_string).collect() })
        .collect();
    // Co-occurrence in sentences, for pairs that no event links.
    for pair in &index.pairs {
        let (a, b) = (pair.a.as_str(), pair.b.as_str());
        if pair.n_sentences > 0 && in_graph.contains(a) && in_graph.contains(b) && !linked.contains(&(a, b)) {
            out.push(schema::Edge { source: a.to_string(), target: b.to_string(), weight: u64::from(pair.n_sentences), n_events: 0, n_sentences: u64::from(pair.n_sentences), types: Vec::new() });
        }
    }
    out.retain(|e| e.weight >= min_weight);
    out.sort_by(|x, y| y.weight.cmp(&x.weight).then_with(|| x.source.cmp(&y.source)).then_with(|| x.target.cmp(&y.target)));
    let nodes: Vec<schema::Node> = nodes
        .iter()
        .filter_map(|&k| p.r.entities.get(k))
        .map(|e| schema::Node { id: e.id.clone(), name: e.name.clone(), kind: e.kind.clone(), n_mentions: e.n_mentions, n_documents: e.n_documents })
        .collect();
    Ok(axum::Json(schema::Network { nodes, edges: out }).into_response())
}

/// An id or value shortened for an error message.
fn clip(v: &str) -> String {
    v.chars().take(40).collect()
}
