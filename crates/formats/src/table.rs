//! The tables of the tabular exports (CSV, Parquet): their names, their typed columns, and
//! the rows, produced once and encoded by a [`Sink`].
//!
//! Conventions, the same in every table: spans are `start`/`end` in Unicode code points of
//! the document's text (as in the JSON export); evidence is the document id, the span of the
//! sentence and its text (`evidence_doc` is left out where the row's `doc` says it); lists
//! are joined with `|` (a `|` inside an item becomes `¦`); ids are those of the JSON export,
//! so tables join on them (`mentions.entity` = `entities.id`, `event_reports.cluster` =
//! `events.id`, ...).
//!
//! The tables from the cross-document picture (entities, events, contradictions, links) are
//! written from `engine::reasoning::load`; the per-document ones in one pass over the store,
//! a document at a time, so memory stays that of one document whatever the corpus size.

use std::collections::HashMap;

use engine::actors::{MemberIndex, Reasoning};
use engine::export::{self as ex, CharOffsets};
use model::Doc;
use serde_json::Value as Json;

use crate::Error;

/// A table of the tabular exports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Table {
    /// One row per stored document: metadata and clean text.
    Documents,
    /// One row per corpus entity (people, organisations, places, groups), spellings merged.
    Entities,
    /// One row per mention of a corpus entity in a document.
    Mentions,
    /// One row per corpus event: a real-world event with all its reports.
    Events,
    /// One row per event as one document reports it.
    EventReports,
    /// One row per quotation or reported statement.
    Quotes,
    /// One row per figure.
    Quantities,
    /// One row per time expression.
    Times,
    /// One row per side (claim) of a disagreement between sources.
    Contradictions,
    /// One row per typed link between entities (demonym-of, seat-of, capital-of).
    Links,
}

impl Table {
    pub const ALL: [Table; 10] = [
        Table::Documents,
        Table::Entities,
        Table::Mentions,
        Table::Events,
        Table::EventReports,
        Table::Quotes,
        Table::Quantities,
        Table::Times,
        Table::Contradictions,
        Table::Links,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Table::Documents => "documents",
            Table::Entities => "entities",
            Table::Mentions => "mentions",
            Table::Events => "events",
            Table::EventReports => "event_reports",
            Table::Quotes => "quotes",
            Table::Quantities => "quantities",
            Table::Times => "times",
            Table::Contradictions => "contradictions",
            Table::Links => "links",
        }
    }

    /// The table's columns, in order.
    pub fn columns(self) -> &'static [Column] {
        match self {
            Table::Documents => DOCUMENTS,
            Table::Entities => ENTITIES,
            Table::Mentions => MENTIONS,
            Table::Events => EVENTS,
            Table::EventReports => EVENT_REPORTS,
            Table::Quotes => QUOTES,
            Table::Quantities => QUANTITIES,
            Table::Times => TIMES,
            Table::Contradictions => CONTRADICTIONS,
            Table::Links => LINKS,
        }
    }

    /// Built from each stored document (as opposed to the cross-document picture).
    fn per_document(self) -> bool {
        matches!(self, Table::Documents | Table::Mentions | Table::EventReports | Table::Quotes | Table::Quantities | Table::Times)
    }
}

impl std::fmt::Display for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Table {
    type Err = crate::UnknownName;

    /// A table by name; `-` and `_` are interchangeable (`event-reports`).
    fn from_str(s: &str) -> Result<Table, crate::UnknownName> {
        let wanted = s.trim().replace('-', "_").to_ascii_lowercase();
        Table::ALL.into_iter().find(|t| t.name() == wanted).ok_or_else(|| crate::UnknownName {
            what: "table",
            given: s.to_string(),
            known: Table::ALL.map(Table::name).join(", "),
        })
    }
}

/// The type of a column: what Parquet stores it as (CSV writes them all as text).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// UTF-8 text.
    Str,
    /// A count or an offset: Int64.
    Int,
    /// An index into a list (sentence, claim): UInt32.
    Index,
    /// A number that may have a fraction: Float64.
    Float,
    Bool,
    /// A day (`YYYY-MM-DD`): Date32 in Parquet, the text in CSV.
    Date,
}

/// A column: its name and type. Every column is nullable (empty in CSV).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column {
    pub name: &'static str,
    pub kind: Kind,
}

const fn c(name: &'static str, kind: Kind) -> Column {
    Column { name, kind }
}

use Kind::{Bool, Date, Float, Index, Int, Str};

const DOCUMENTS: &[Column] = &[
    // The columns of the CSV export before tables existed, in their order, then the rest.
    c("id", Str),
    c("source", Str),
    c("title", Str),
    c("authors", Str),
    c("published", Date),
    c("outlet", Str),
    c("url", Str),
    c("language", Str),
    c("duplicate_of", Str),
    c("duplicate_kind", Str),
    c("n_chars", Int),
    c("n_sentences", Int),
    c("text", Str),
    c("format", Str),
    c("path", Str),
    c("record", Int),
    c("record_offset", Int),
    c("duplicate_similarity", Float),
    c("n_tokens", Int),
];

const ENTITIES: &[Column] = &[
    c("id", Str),
    c("name", Str),
    c("type", Str),
    c("aliases", Str),
    c("n_mentions", Int),
    c("n_documents", Int),
    c("members", Str),
    c("merge_rules", Str),
    c("confidence", Float),
    c("evidence_doc", Str),
    c("evidence_start", Int),
    c("evidence_end", Int),
    c("evidence_text", Str),
];

const MENTIONS: &[Column] = &[
    c("entity", Str),
    c("entity_name", Str),
    c("doc", Str),
    c("local_entity", Str),
    c("start", Int),
    c("end", Int),
    c("text", Str),
    c("sentence", Index),
    c("evidence_start", Int),
    c("evidence_end", Int),
    c("evidence_text", Str),
];

const EVENTS: &[Column] = &[
    c("id", Str),
    c("date", Str),
    c("date_precision", Str),
    c("date_n_sources", Int),
    c("type", Str),
    c("mode", Str),
    c("cameo", Str),
    c("phase", Str),
    c("modality", Str),
    c("one_off", Bool),
    c("summary", Str),
    c("source_entity", Str),
    c("source_name", Str),
    c("source_sector", Str),
    c("target_entity", Str),
    c("target_name", Str),
    c("target_sector", Str),
    c("location_entity", Str),
    c("location_name", Str),
    c("n_reports", Int),
    c("n_sources", Int),
    c("n_documents", Int),
    c("reports", Str),
    c("documents", Str),
    c("disputed", Str),
    c("evidence_doc", Str),
    c("evidence_start", Int),
    c("evidence_end", Int),
    c("evidence_text", Str),
];

/// The columns of an actor (source, target, location) of an event report, after `prefix_`.
const ACTOR_FIELDS: [&str; 9] = ["text", "start", "end", "entity", "local_entity", "name", "type", "sector", "country"];

const EVENT_REPORTS: &[Column] = &[
    c("id", Str),
    c("doc", Str),
    c("cluster", Str),
    c("type", Str),
    c("cameo", Str),
    c("mode", Str),
    c("modality", Str),
    c("lemma", Str),
    c("nominal", Bool),
    c("trigger_start", Int),
    c("trigger_end", Int),
    c("trigger_text", Str),
    c("source_text", Str),
    c("source_start", Int),
    c("source_end", Int),
    c("source_entity", Str),
    c("source_local_entity", Str),
    c("source_name", Str),
    c("source_type", Str),
    c("source_sector", Str),
    c("source_country", Str),
    c("target_text", Str),
    c("target_start", Int),
    c("target_end", Int),
    c("target_entity", Str),
    c("target_local_entity", Str),
    c("target_name", Str),
    c("target_type", Str),
    c("target_sector", Str),
    c("target_country", Str),
    c("location_text", Str),
    c("location_start", Int),
    c("location_end", Int),
    c("location_entity", Str),
    c("location_local_entity", Str),
    c("location_name", Str),
    c("location_type", Str),
    c("location_sector", Str),
    c("location_country", Str),
    c("date", Str),
    c("date_start", Str),
    c("date_end", Str),
    c("date_text", Str),
    c("intent", Str),
    c("phase", Str),
    c("reported_by_quote", Str),
    c("reported_by_speaker", Str),
    c("summary", Str),
    c("sentence", Index),
    c("evidence_start", Int),
    c("evidence_end", Int),
    c("evidence_text", Str),
];

const QUOTES: &[Column] = &[
    c("id", Str),
    c("doc", Str),
    c("direct", Bool),
    c("start", Int),
    c("end", Int),
    c("text", Str),
    c("cue_start", Int),
    c("cue_end", Int),
    c("cue_text", Str),
    c("cue_lemma", Str),
    c("source_start", Int),
    c("source_end", Int),
    c("source_text", Str),
    c("speaker_entity", Str),
    c("speaker_local_entity", Str),
    c("speaker_name", Str),
    c("speaker_type", Str),
    c("speaker_resolved_by", Str),
    c("time", Str),
    c("sentence", Index),
    c("evidence_start", Int),
    c("evidence_end", Int),
    c("evidence_text", Str),
];

const QUANTITIES: &[Column] = &[
    c("id", Str),
    c("doc", Str),
    c("start", Int),
    c("end", Int),
    c("text", Str),
    c("type", Str),
    c("value", Float),
    c("value_max", Float),
    c("from", Float),
    c("unit", Str),
    c("counted", Str),
    c("approx", Str),
    c("bound", Str),
    c("vague", Bool),
    c("about_entity", Str),
    c("about_local_entity", Str),
    c("about_name", Str),
    c("time", Str),
    c("sentence", Index),
    c("evidence_start", Int),
    c("evidence_end", Int),
    c("evidence_text", Str),
];

const TIMES: &[Column] = &[
    c("id", Str),
    c("doc", Str),
    c("start", Int),
    c("end", Int),
    c("text", Str),
    c("type", Str),
    c("value", Str),
    c("begin", Str),
    c("end_value", Str),
    c("mod", Str),
    c("anchor", Str),
    c("anchor_value", Str),
    c("reason", Str),
    c("dct_source", Str),
    c("year_inferred", Bool),
    c("resolved", Bool),
    c("confidence", Float),
    c("sentence", Index),
    c("evidence_start", Int),
    c("evidence_end", Int),
    c("evidence_text", Str),
];

const CONTRADICTIONS: &[Column] = &[
    c("id", Str),
    c("topic", Str),
    c("kind", Str),
    c("status", Str),
    c("event", Str),
    c("note", Str),
    c("claim", Index),
    c("value", Str),
    c("as_of", Str),
    c("documents", Str),
    c("n_sources", Int),
    c("evidence_doc", Str),
    c("evidence_start", Int),
    c("evidence_end", Int),
    c("evidence_text", Str),
];

const LINKS: &[Column] = &[c("kind", Str), c("from", Str), c("from_name", Str), c("to", Str), c("to_name", Str), c("reason", Str)];

/// One cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Str(String),
    Int(i64),
    Index(u32),
    Float(f64),
    Bool(bool),
    /// A day as written (`YYYY-MM-DD`); Parquet stores it as a Date32 when it is one.
    Date(String),
}

/// Where rows go: one table's encoder.
pub trait Sink {
    fn row(&mut self, row: &[Value]) -> Result<(), Error>;
}

/// A row under construction, cell by cell in column order.
#[derive(Default)]
struct Row(Vec<Value>);

impl Row {
    fn s(&mut self, v: &str) -> &mut Row {
        self.0.push(Value::Str(v.to_string()));
        self
    }
    fn os(&mut self, v: Option<&str>) -> &mut Row {
        self.0.push(v.map_or(Value::Null, |v| Value::Str(v.to_string())));
        self
    }
    fn i(&mut self, v: impl TryInto<i64>) -> &mut Row {
        self.0.push(v.try_into().map_or(Value::Null, Value::Int));
        self
    }
    fn oi(&mut self, v: Option<impl TryInto<i64>>) -> &mut Row {
        self.0.push(v.and_then(|v| v.try_into().ok()).map_or(Value::Null, Value::Int));
        self
    }
    fn idx(&mut self, v: Option<usize>) -> &mut Row {
        self.0.push(v.and_then(|v| u32::try_from(v).ok()).map_or(Value::Null, Value::Index));
        self
    }
    fn of(&mut self, v: Option<f64>) -> &mut Row {
        self.0.push(v.filter(|v| v.is_finite()).map_or(Value::Null, Value::Float));
        self
    }
    fn b(&mut self, v: bool) -> &mut Row {
        self.0.push(Value::Bool(v));
        self
    }
    fn ob(&mut self, v: Option<bool>) -> &mut Row {
        self.0.push(v.map_or(Value::Null, Value::Bool));
        self
    }
    fn date(&mut self, v: Option<&str>) -> &mut Row {
        self.0.push(v.map_or(Value::Null, |v| Value::Date(v.to_string())));
        self
    }
    /// Evidence without its document (the row's `doc` says it).
    fn span(&mut self, e: Option<(usize, usize, &str)>) -> &mut Row {
        match e {
            Some((s, t, text)) => self.i(s).i(t).s(text),
            None => self.push_nulls(3),
        }
    }
    fn push_nulls(&mut self, n: usize) -> &mut Row {
        self.0.extend(std::iter::repeat_n(Value::Null, n));
        self
    }
}

/// Joins list items with `|`, turning a `|` inside an item into `¦` so the list splits back.
pub fn join<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push('|');
        }
        out.extend(item.chars().map(|c| if c == '|' { '¦' } else { c }));
    }
    out
}

/// What the per-document rows need of the cross-document picture.
struct Context<'r> {
    r: &'r Reasoning,
    members: MemberIndex<'r>,
    /// Event report id -> corpus event id.
    cluster_of: HashMap<&'r str, &'r str>,
}

impl<'r> Context<'r> {
    fn new(r: &'r Reasoning) -> Context<'r> {
        let members = MemberIndex::new(r, |_| true);
        let cluster_of = r.events.iter().flat_map(|c| c.reports.iter().map(move |x| (x.id.as_str(), c.id.as_str()))).collect();
        Context { r, members, cluster_of }
    }

    /// The corpus entity (id, name) of a document entity id `<doc>:e<n>` mentioned as `surface`.
    fn corpus(&self, local: Option<&str>, surface: &str) -> Option<(&'r str, &'r str)> {
        let k = self.members.entity_of_id(local?, surface)?;
        self.r.entities.get(k).map(|e| (e.id.as_str(), e.name.as_str()))
    }
}

/// The sentences of a document in code points, for evidence.
struct Sentences<'d> {
    spans: Vec<(usize, usize, &'d str)>,
}

impl<'d> Sentences<'d> {
    fn new(doc: &'d Doc) -> Sentences<'d> {
        let mut chars = CharOffsets::new(&doc.text);
        let spans = doc
            .sentences
            .iter()
            .map(|s| {
                let (lo, hi) = (s.span.start as usize, s.span.end as usize);
                (chars.at(lo), chars.at(hi), doc.text.get(lo..hi).unwrap_or(""))
            })
            .collect();
        Sentences { spans }
    }

    fn get(&self, i: Option<usize>) -> Option<(usize, usize, &'d str)> {
        i.and_then(|i| self.spans.get(i)).copied()
    }
}

fn first_evidence<'a>(e: &'a [ex::Evidence<'a>]) -> Option<(usize, usize, &'a str)> {
    e.first().map(|e| (e.start, e.end, e.text))
}

/// Writes the rows of each `(table, sink)`: the cross-document tables from the stored
/// picture, the per-document ones in a single pass over the store.
pub fn write_tables(store: &dyn store::Store, sinks: &mut [(Table, &mut dyn Sink)]) -> Result<(), Error> {
    // The documents table alone needs nothing of the picture, which can be large to load.
    let r = if sinks.iter().all(|(t, _)| *t == Table::Documents) { Reasoning::default() } else { engine::reasoning::load(store)? };
    for (table, sink) in sinks.iter_mut() {
        picture_rows(&r, *table, &mut |row| sink.row(row))?;
    }
    if !sinks.iter().any(|(t, _)| t.per_document()) {
        return Ok(());
    }
    let ctx = Context::new(&r);
    let mut failed: Option<Error> = None;
    let visit = store.for_each_document(&mut |doc| {
        for (table, sink) in sinks.iter_mut() {
            if let Err(e) = document_rows(&ctx, &doc, *table, &mut |row| sink.row(row)) {
                failed = Some(e);
                // Stops the visit; the real error is returned below.
                return Err(store::Error::Database { path: "export output".into(), source: "write failed".into() });
            }
        }
        Ok(())
    });
    match (failed, visit) {
        (Some(e), _) => Err(e),
        (None, Err(e)) => Err(e.into()),
        (None, Ok(())) => Ok(()),
    }
}

/// The rows of one table for one document (nothing for the cross-document tables).
fn document_rows(ctx: &Context<'_>, doc: &Doc, table: Table, emit: &mut dyn FnMut(&[Value]) -> Result<(), Error>) -> Result<(), Error> {
    match table {
        Table::Documents => emit(&document_row(doc).0),
        Table::Mentions => {
            let sentences = Sentences::new(doc);
            for e in ex::document_entities(doc) {
                for m in &e.mentions {
                    let corpus = ctx.corpus(Some(&e.id), m.text);
                    let mut row = Row::default();
                    row.os(corpus.map(|c| c.0)).os(corpus.map(|c| c.1)).s(&doc.id).s(&e.id);
                    row.i(m.start).i(m.end).s(m.text).idx(m.sentence).span(sentences.get(m.sentence));
                    emit(&row.0)?;
                }
            }
            Ok(())
        }
        Table::EventReports => {
            for e in ex::document_events(doc) {
                let mut row = Row::default();
                let cluster = ctx.cluster_of.get(e.id.as_str()).copied();
                row.s(&e.id).s(&doc.id).os(cluster).s(e.kind).s(e.cameo).os(e.mode).s(e.modality).s(e.lemma).b(e.nominal);
                row.i(e.trigger.start).i(e.trigger.end).s(e.trigger.text);
                for a in [&e.source_actor, &e.target_actor, &e.location] {
                    match a {
                        Some(a) => {
                            let corpus = ctx.corpus(a.entity.as_deref(), a.name.unwrap_or(a.text));
                            row.s(a.text).i(a.start).i(a.end).os(corpus.map(|c| c.0)).os(a.entity.as_deref());
                            row.os(corpus.map(|c| c.1).or(a.name)).os(a.kind).os(a.sector).os(a.country);
                        }
                        None => {
                            row.push_nulls(ACTOR_FIELDS.len());
                        }
                    }
                }
                let d = e.date.as_ref();
                row.os(d.map(|d| d.value)).os(d.map(|d| d.start)).os(d.map(|d| d.end)).os(d.map(|d| d.text));
                row.os(e.intent).os(e.phase);
                let by = e.reported_by.as_ref();
                row.os(by.map(|b| b.quote.as_str())).os(by.and_then(|b| b.speaker));
                row.s(e.summary).idx(e.sentence).span(first_evidence(&e.evidence));
                emit(&row.0)?;
            }
            Ok(())
        }
        Table::Quotes => {
            for q in ex::document_quotes(doc) {
                let mut row = Row::default();
                row.s(&q.id).s(&doc.id).b(q.direct).i(q.start).i(q.end).s(&q.text);
                row.span(q.cue.as_ref().map(|c| (c.start, c.end, c.text))).os(q.cue_lemma);
                row.span(q.source.as_ref().map(|c| (c.start, c.end, c.text)));
                let sp = q.speaker.as_ref();
                let corpus = sp.and_then(|s| ctx.corpus(s.entity.as_deref(), s.text));
                row.os(corpus.map(|c| c.0)).os(sp.and_then(|s| s.entity.as_deref()));
                row.os(corpus.map(|c| c.1).or(sp.map(|s| s.name))).os(sp.and_then(|s| s.kind)).os(sp.map(|s| s.resolved_by));
                row.os(q.time).idx(q.sentence).span(first_evidence(&q.evidence));
                emit(&row.0)?;
            }
            Ok(())
        }
        Table::Quantities => {
            for q in ex::document_quantities(doc) {
                let mut row = Row::default();
                row.s(&q.id).s(&doc.id).i(q.start).i(q.end).s(q.text).s(q.kind);
                row.of(q.value).of(q.value_max).of(q.from).os(q.unit).os(q.counted).os(q.approx).os(q.bound).b(q.vague);
                let about = q.about.as_ref();
                let corpus = about.and_then(|a| ctx.corpus(Some(&a.entity), a.name.unwrap_or("")));
                row.os(corpus.map(|c| c.0)).os(about.map(|a| a.entity.as_str())).os(corpus.map(|c| c.1).or(about.and_then(|a| a.name)));
                row.os(q.time).idx(q.sentence).span(first_evidence(&q.evidence));
                emit(&row.0)?;
            }
            Ok(())
        }
        Table::Times => {
            let sentences = Sentences::new(doc);
            for t in ex::document_times(doc) {
                let text = |k: &str| t.attrs.get(k).and_then(Json::as_str);
                let mut row = Row::default();
                row.s(&t.id).s(&doc.id).i(t.start).i(t.end).s(t.text).s(t.kind);
                row.os(text("value")).os(text("begin")).os(text("end_value")).os(text("mod")).os(text("anchor")).os(text("anchor_value"));
                row.os(text("reason")).os(text("dct_source"));
                row.ob(t.attrs.get("year_inferred").and_then(Json::as_bool)).ob(t.attrs.get("resolved").and_then(Json::as_bool));
                row.of(t.attrs.get("confidence").and_then(Json::as_f64)).idx(t.sentence);
                row.span(sentences.get(t.sentence).or_else(|| first_evidence(&t.evidence)));
                emit(&row.0)?;
            }
            Ok(())
        }
        Table::Entities | Table::Events | Table::Contradictions | Table::Links => Ok(()),
    }
}

fn document_row(doc: &Doc) -> Row {
    let mut row = Row::default();
    let dup = doc.duplicate.as_ref();
    let kind = dup.map(|d| match d.kind {
        model::DuplicateKind::Exact => "exact",
        model::DuplicateKind::Near => "near",
    });
    row.s(&doc.id).s(&doc.source()).os(doc.meta.title.as_deref()).s(&join(doc.meta.authors.iter().map(String::as_str)));
    row.date(doc.meta.published.as_deref()).os(doc.meta.outlet.as_deref()).os(doc.meta.url.as_deref()).os(doc.meta.language.as_deref());
    row.os(dup.map(|d| d.of.as_str())).os(kind).i(doc.text.chars().count()).i(doc.sentences.len()).s(&doc.text);
    let record = doc.origin.record.as_ref();
    row.s(doc.format.as_str()).s(&doc.origin.path).oi(record.map(|r| r.index)).oi(record.map(|r| r.offset));
    row.of(dup.map(|d| f64::from(d.similarity))).i(doc.tokens.len());
    row
}

/// The rows of one table from the cross-document picture (nothing for per-document tables).
fn picture_rows(r: &Reasoning, table: Table, emit: &mut dyn FnMut(&[Value]) -> Result<(), Error>) -> Result<(), Error> {
    let name_of: HashMap<&str, &str> = if table == Table::Links { r.entities.iter().map(|e| (e.id.as_str(), e.name.as_str())).collect() } else { HashMap::new() };
    match table {
        Table::Entities => {
            for e in &r.entities {
                let mut row = Row::default();
                row.s(e.id.as_str()).s(e.name.as_str()).s(e.kind.as_str()).s(&join(e.aliases.iter().map(|a| a.0.as_str())));
                row.i(e.n_mentions).i(e.n_documents);
                let members: Vec<String> = e.members.iter().map(|m| format!("{}:e{}", m.doc.as_str(), m.entity)).collect();
                row.s(&join(members.iter().map(String::as_str)));
                let mut rules: Vec<&str> = Vec::new();
                for m in &e.merges {
                    if !rules.contains(&m.rule.as_str()) {
                        rules.push(m.rule.as_str());
                    }
                }
                row.s(&join(rules)).of(Some(e.confidence));
                let ev = e.evidence.first();
                row.os(ev.map(|x| x.doc.as_str())).span(ev.map(|x| (x.start as usize, x.end as usize, x.text.as_str())));
                emit(&row.0)?;
            }
        }
        Table::Events => {
            for c in &r.events {
                let mut row = Row::default();
                let d = c.date.as_ref();
                row.s(c.id.as_str()).os(d.map(|d| d.value.as_str())).os(d.map(|d| precision_name(&d.precision))).oi(d.map(|d| d.n_sources));
                row.s(c.kind.as_str()).os(c.mode.as_deref()).s(c.cameo.as_str()).os(c.phase.as_deref()).s(c.modality.as_str()).b(c.one_off).s(c.summary.as_str());
                for p in [&c.source, &c.target] {
                    let p = p.as_ref();
                    row.os(p.and_then(|p| p.entity.as_deref())).os(p.map(|p| p.name.as_str())).os(p.and_then(|p| p.sector.as_deref()));
                }
                let p = c.location.as_ref();
                row.os(p.and_then(|p| p.entity.as_deref())).os(p.map(|p| p.name.as_str()));
                let mut docs: Vec<&str> = Vec::new();
                for x in &c.reports {
                    if !docs.contains(&x.doc.as_str()) {
                        docs.push(x.doc.as_str());
                    }
                }
                row.i(c.n_reports).i(c.n_sources).i(docs.len());
                row.s(&join(c.reports.iter().map(|x| x.id.as_str()))).s(&join(docs)).s(&join(c.disputed.iter().map(|x| x.as_str())));
                let ev = c.reports.first().map(|x| &x.evidence);
                row.os(ev.map(|x| x.doc.as_str())).span(ev.map(|x| (x.start as usize, x.end as usize, x.text.as_str())));
                emit(&row.0)?;
            }
        }
        Table::Contradictions => {
            for x in &r.contradictions {
                for (k, claim) in x.claims.iter().enumerate() {
                    let mut row = Row::default();
                    row.s(x.id.as_str()).s(x.topic.as_str()).s(x.kind.as_str()).s(x.status.as_str()).os(x.event.as_deref()).s(x.note.as_str());
                    row.idx(Some(k)).s(claim.value.as_str()).os(claim.as_of.as_deref()).s(&join(claim.docs.iter().map(|d| d.as_str()))).i(claim.n_sources);
                    let ev = claim.evidence.first();
                    row.os(ev.map(|e| e.doc.as_str())).span(ev.map(|e| (e.start as usize, e.end as usize, e.text.as_str())));
                    emit(&row.0)?;
                }
            }
        }
        Table::Links => {
            for l in &r.links {
                let mut row = Row::default();
                row.s(l.kind.as_str()).s(l.from.as_str()).os(name_of.get(l.from.as_str()).copied()).s(l.to.as_str());
                row.os(name_of.get(l.to.as_str()).copied()).s(l.reason.as_str());
                emit(&row.0)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// `day`, `week`, `month` or `year`, as the JSON export writes a date's precision.
pub fn precision_name<T: serde::Serialize>(p: &T) -> &'static str {
    match serde_json::to_value(p).ok().as_ref().and_then(Json::as_str) {
        Some("day") => "day",
        Some("week") => "week",
        Some("month") => "month",
        _ => "year",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_lists_known() {
        for t in Table::ALL {
            assert_eq!(t.name().parse::<Table>(), Ok(t));
        }
        assert_eq!("event-reports".parse::<Table>(), Ok(Table::EventReports));
        let err = "people".parse::<Table>().unwrap_err();
        assert!(err.to_string().contains("documents, entities, mentions"), "{err}");
    }

    #[test]
    fn column_names_unique_and_actor_fields_match() {
        for t in Table::ALL {
            let names: Vec<&str> = t.columns().iter().map(|c| c.name).collect();
            let mut sorted = names.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), names.len(), "{t}: duplicate column");
        }
        for role in ["source", "target", "location"] {
            for f in ACTOR_FIELDS {
                let name = format!("{role}_{f}");
                assert!(EVENT_REPORTS.iter().any(|c| c.name == name), "{name}");
            }
        }
    }

    #[test]
    fn join_keeps_items_apart() {
        assert_eq!(join(["a", "b|c", ""]), "a|b¦c|");
        assert_eq!(join(Vec::<&str>::new()), "");
    }

    #[test]
    fn document_row_has_every_column() {
        let text = "Troops crossed the border. They stayed.".to_string();
        let mut doc = Doc::new("d1".into(), model::Origin::file("x.txt"), model::Format::Text, model::Metadata::default(), text.clone(), model::OffsetMap::identity(text.len()));
        doc.meta.authors = vec!["A | B".into(), "C".into()];
        let row = document_row(&doc);
        assert_eq!(row.0.len(), DOCUMENTS.len());
        assert_eq!(row.0[3], Value::Str("A ¦ B|C".into()));
    }
}
