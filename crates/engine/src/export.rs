//! The export contract: `dossier export --format json|jsonl|csv`.
//!
//! The JSON form is one object (see `docs/export.md` and `docs/export.schema.json`); it is
//! written as a stream, one document at a time, so exporting a large store needs no more memory
//! than its largest document. Offsets in the export (`start`, `end`) count Unicode code points
//! in the document's `text`, which is what Python, JavaScript (for BMP text) and most tools
//! index by; internally spans are byte offsets, converted here.

use std::io::Write;

use model::{Diagnostic, Doc};
use serde::Serialize;
use store::Store;

/// The version of the export schema. Bump the minor version for additions, the major version
/// for anything that could break a reader.
pub const SCHEMA_VERSION: &str = "2.1.0";

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] store::Error),
    #[error("writing the export failed: {0}")]
    Io(#[from] std::io::Error),
    #[error("writing CSV failed: {0}")]
    Csv(#[from] csv::Error),
}

/// The output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Jsonl,
    Csv,
}

/// What to include beyond the default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Each document's tokens with part of speech, lemma and dependency (`documents[].tokens`).
    pub tokens: bool,
}

/// One document as exported.
#[derive(Serialize)]
pub struct ExportDocument<'a> {
    pub id: &'a str,
    /// The URL the document came from when known, else its path (and record).
    pub source: String,
    pub origin: &'a model::Origin,
    pub format: &'static str,
    pub title: Option<&'a str>,
    pub authors: &'a [String],
    pub published: Option<&'a str>,
    pub outlet: Option<&'a str>,
    pub url: Option<&'a str>,
    pub language: Option<&'a str>,
    pub text: &'a str,
    pub duplicate_of: Option<&'a str>,
    pub duplicate: Option<&'a model::Duplicate>,
    pub n_tokens: usize,
    pub sentences: Vec<ExportSentence>,
    /// Only with [`Options::tokens`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tokens: Option<Vec<ExportToken<'a>>>,
    /// The document's entities, in JSON Lines only (the JSON form lists them at the top).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entities: Option<Vec<ExportEntity<'a>>>,
    /// The document's time expressions, in JSON Lines only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub times: Option<Vec<ExportTime<'a>>>,
    /// The document's quotes, in JSON Lines only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quotes: Option<Vec<ExportQuote<'a>>>,
    /// The document's quantities, in JSON Lines only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quantities: Option<Vec<ExportQuantity<'a>>>,
    /// The document's events, in JSON Lines only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events: Option<Vec<ExportEvent<'a>>>,
    /// The document's place mentions, in JSON Lines only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub places: Option<Vec<ExportPlace<'a>>>,
}

/// A token with its analysis. `head` is the index of the head token in the document's
/// `tokens` (null for a sentence root or when the syntax layer is absent).
#[derive(Serialize)]
pub struct ExportToken<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xpos: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upos: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lemma: Option<&'a str>,
    pub head: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deprel: Option<&'a str>,
}

/// An entity of one document: its mentions grouped (see `annotate::entities`). Entities
/// across documents are merged by the cross-document stage in a later version; until then
/// `id` is the document's id and the entity's number in it.
#[derive(Serialize)]
pub struct ExportEntity<'a> {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: &'a str,
    /// Every distinct spelling, most frequent first.
    pub aliases: Vec<&'a str>,
    pub n_mentions: usize,
    pub mentions: Vec<ExportMention<'a>>,
    /// The first mention of each alias.
    pub evidence: Vec<Evidence<'a>>,
}

/// A mention: evidence plus the index of its sentence in the document's `sentences`.
#[derive(Serialize)]
pub struct ExportMention<'a> {
    pub doc: &'a str,
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    pub sentence: Option<usize>,
}

#[derive(Serialize)]
pub struct ExportSentence {
    pub start: usize,
    pub end: usize,
    pub paragraph: u32,
    /// The TIMEX3 value of the time the sentence is about: its first resolved date or time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
}

/// A time expression (see `annotate::times`).
#[derive(Serialize)]
pub struct ExportTime<'a> {
    pub id: String,
    pub doc: &'a str,
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    #[serde(rename = "type")]
    pub kind: &'a str,
    /// The annotator's attributes: value, begin, end, mod, anchor, anchor_value, dct_source,
    /// year_inferred, resolved, confidence.
    #[serde(flatten)]
    pub attrs: serde_json::Map<String, serde_json::Value>,
    pub sentence: Option<usize>,
    pub evidence: Vec<Evidence<'a>>,
}

/// A span of a document's text (code points) with its text.
#[derive(Serialize)]
pub struct ExportSpan<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
}

/// Who a quote is attributed to (see `annotate::quotes`).
#[derive(Serialize)]
pub struct ExportSpeaker<'a> {
    /// The entity's id (`<doc>:e<n>`, as in `entities`), when the source was resolved to one.
    pub entity: Option<String>,
    /// The entity's name, else the source's words.
    pub name: &'a str,
    #[serde(rename = "type")]
    pub kind: Option<&'a str>,
    /// The source as written ("he", "Kordavia's foreign ministry").
    pub text: &'a str,
    /// `name`, `pronoun`, `title` or `unresolved`.
    pub resolved_by: &'a str,
}

/// A direct quotation or reported statement.
#[derive(Serialize)]
pub struct ExportQuote<'a> {
    pub id: String,
    pub doc: &'a str,
    /// Verbatim (inside quotation marks) or reported.
    pub direct: bool,
    /// First to last character of the content.
    pub start: usize,
    pub end: usize,
    /// The content; pieces of a split quotation joined by " … ".
    pub text: String,
    pub content: Vec<ExportSpan<'a>>,
    pub cue: Option<ExportSpan<'a>>,
    pub cue_lemma: Option<&'a str>,
    pub source: Option<ExportSpan<'a>>,
    pub speaker: Option<ExportSpeaker<'a>>,
    /// TIMEX3 value of when it was said, when the sentence says.
    pub time: Option<&'a str>,
    pub sentence: Option<usize>,
    /// The sentences holding source, cue and content.
    pub evidence: Vec<Evidence<'a>>,
}

/// A participant or place of an event (see `annotate::events`).
#[derive(Serialize)]
pub struct ExportActor<'a> {
    pub start: usize,
    pub end: usize,
    /// The phrase as written ("the former security chief").
    pub text: &'a str,
    /// The entity's id (`<doc>:e<n>`, as in `entities`), when the phrase names one.
    pub entity: Option<String>,
    pub name: Option<&'a str>,
    #[serde(rename = "type")]
    pub kind: Option<&'a str>,
    /// CAMEO role code: `GOV`, `MIL`, `COP`, `OPP`, `IGO`, ... (docs/events.md).
    pub sector: Option<&'a str>,
    /// ISO 3166-1 alpha-3 code of the actor's country, as CAMEO codes it.
    pub country: Option<&'a str>,
}

/// When an event happened, in TIMEX3 values: `start` and `end` differ for a range.
#[derive(Serialize)]
pub struct ExportDate<'a> {
    pub value: &'a str,
    pub start: &'a str,
    pub end: &'a str,
    /// The time expression it comes from.
    pub text: &'a str,
    /// The time expression's id in `times`.
    pub time: Option<String>,
}

/// The attribution an event is told in.
#[derive(Serialize)]
pub struct ExportReported<'a> {
    /// The quote's id in `quotes`.
    pub quote: String,
    pub speaker: Option<&'a str>,
    pub cue: Option<ExportSpan<'a>>,
}

/// A coded event: who did what to whom, when and where (see `annotate::events`).
#[derive(Serialize)]
pub struct ExportEvent<'a> {
    pub id: String,
    pub doc: &'a str,
    /// PLOVER 2021 event type.
    #[serde(rename = "type")]
    pub kind: &'a str,
    pub cameo: &'a str,
    pub mode: Option<&'a str>,
    /// `asserted`, `negated`, `hypothetical` or `future`.
    pub modality: &'a str,
    /// Set when the event is told by someone (then the modality is theirs).
    pub reported_by: Option<ExportReported<'a>>,
    pub trigger: ExportSpan<'a>,
    pub lemma: &'a str,
    /// A noun ("the arrest of ...") rather than a verb.
    pub nominal: bool,
    pub source_actor: Option<ExportActor<'a>>,
    pub target_actor: Option<ExportActor<'a>>,
    pub location: Option<ExportActor<'a>>,
    /// Where the event happened, resolved to a gazetteer place (see `annotate::events`).
    pub place: Option<ExportEventPlace<'a>>,
    pub date: Option<ExportDate<'a>>,
    /// For statements of intent, requests, refusals and threats: the PLOVER type of what is
    /// intended, asked for, refused or threatened.
    pub intent: Option<&'a str>,
    /// `start` or `end` when the event is told as beginning or ending.
    pub phase: Option<&'a str>,
    /// The corpus event (id in `events`) this report belongs to; set in the JSON export.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    pub summary: &'a str,
    pub sentence: Option<usize>,
    /// The sentence stating it.
    pub evidence: Vec<Evidence<'a>>,
}

/// Where an event happened: a GeoNames place with coordinates, and what said so.
#[derive(Serialize)]
pub struct ExportEventPlace<'a> {
    pub geonameid: Option<u64>,
    pub name: Option<&'a str>,
    /// ISO 3166-1 alpha-2 and alpha-3 codes of the place's country.
    pub country: Option<&'a str>,
    pub country3: Option<&'a str>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// `country`, `region` or `city`.
    pub precision: Option<&'a str>,
    pub confidence: Option<f64>,
    /// `argument` (the event's location phrase), `sentence` (a place in its sentence) or
    /// `document` (the document's most-mentioned place).
    pub from: Option<&'a str>,
}

/// A place mention resolved to a gazetteer place (see `annotate::places`).
#[derive(Serialize)]
pub struct ExportPlace<'a> {
    pub id: String,
    pub doc: &'a str,
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    /// `country`, `region`, `city`, or `unresolved` (a place the gazetteer has not: then the
    /// fields below are null).
    pub precision: &'a str,
    pub geonameid: Option<u64>,
    pub name: Option<&'a str>,
    pub country: Option<&'a str>,
    pub country3: Option<&'a str>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub population: Option<u64>,
    pub confidence: Option<f64>,
    /// How the mention matched: `name`, `alternate`, `demonym` or `loose`.
    pub via: Option<&'a str>,
    /// The entity's id (`<doc>:e<n>`, as in `entities`).
    pub entity: Option<String>,
    pub sentence: Option<usize>,
    /// The sentence naming it.
    pub evidence: Vec<Evidence<'a>>,
}

/// The place mentions of one document, in text order.
pub fn document_places(doc: &Doc) -> Vec<ExportPlace<'_>> {
    use serde_json::Value;
    let mut chars = CharOffsets::new(&doc.text);
    let mut out = Vec::new();
    for (n, a) in doc.annotations.iter().filter(|a| a.layer == model::Layer::Places).enumerate() {
        let (lo, hi) = (a.span.start as usize, a.span.end as usize);
        let resolved = a.label != "unresolved";
        let s = |k: &str| if resolved { a.attrs.get(k).and_then(Value::as_str) } else { None };
        let f = |k: &str| a.attrs.get(k).and_then(Value::as_f64);
        out.push(ExportPlace {
            id: format!("{}:p{n}", doc.id),
            doc: &doc.id,
            start: chars.at(lo),
            end: chars.at(hi),
            text: doc.text.get(lo..hi).unwrap_or(""),
            precision: a.label.as_str(),
            geonameid: a.attrs.get("geonameid").and_then(Value::as_u64),
            name: s("name"),
            country: s("country"),
            country3: s("country3").filter(|c| !c.is_empty()),
            lat: f("lat"),
            lon: f("lon"),
            population: a.attrs.get("population").and_then(Value::as_u64),
            confidence: f("confidence"),
            via: s("via"),
            entity: a.attrs.get("entity").and_then(Value::as_u64).map(|e| format!("{}:e{e}", doc.id)),
            sentence: sentence_at(doc, lo),
            evidence: vec![sentence_evidence(doc, &mut chars, lo, hi)],
        });
    }
    out
}

/// Who or what a quantity is about.
#[derive(Serialize)]
pub struct ExportAbout<'a> {
    pub entity: String,
    pub name: Option<&'a str>,
}

/// A figure: a count, an amount of money, a percentage, a measure, an ordinal or an age
/// (see `annotate::quantities`).
#[derive(Serialize)]
pub struct ExportQuantity<'a> {
    pub id: String,
    pub doc: &'a str,
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    /// `count`, `money`, `percent`, `measure`, `ordinal` or `age`.
    #[serde(rename = "type")]
    pub kind: &'a str,
    pub value: Option<f64>,
    /// Upper end of a range.
    pub value_max: Option<f64>,
    /// The earlier value of a change ("down from $13,000 to $9,000").
    pub from: Option<f64>,
    pub unit: Option<&'a str>,
    /// What is counted or measured ("people killed", "troops", "GDP per capita").
    pub counted: Option<&'a str>,
    pub counted_span: Option<ExportSpan<'a>>,
    /// The bound as written ("at least", "just over", "about").
    pub approx: Option<&'a str>,
    /// `exact`, `lower`, `upper` or `approximate`.
    pub bound: Option<&'a str>,
    /// A round magnitude rather than a number ("thousands", "dozens").
    pub vague: bool,
    pub about: Option<ExportAbout<'a>>,
    /// TIMEX3 value of the time the figure holds for.
    pub time: Option<&'a str>,
    pub sentence: Option<usize>,
    /// The sentence stating it.
    pub evidence: Vec<Evidence<'a>>,
}

/// A piece of evidence: a span of a document's text, in code points.
#[derive(Serialize)]
pub struct Evidence<'a> {
    pub doc: &'a str,
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
}

impl<'a> ExportDocument<'a> {
    pub fn new(doc: &'a Doc) -> ExportDocument<'a> {
        let mut chars = CharOffsets::new(&doc.text);
        let times = sentence_times(doc);
        let sentences = doc
            .sentences
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let start = chars.at(s.span.start as usize);
                let end = chars.at(s.span.end as usize);
                let time = times.get(i).cloned().flatten();
                ExportSentence { start, end, paragraph: s.paragraph, time }
            })
            .collect();
        ExportDocument {
            id: &doc.id,
            source: doc.source(),
            origin: &doc.origin,
            format: doc.format.as_str(),
            title: doc.meta.title.as_deref(),
            authors: &doc.meta.authors,
            published: doc.meta.published.as_deref(),
            outlet: doc.meta.outlet.as_deref(),
            url: doc.meta.url.as_deref(),
            language: doc.meta.language.as_deref(),
            text: &doc.text,
            duplicate_of: doc.duplicate.as_ref().map(|d| d.of.as_str()),
            duplicate: doc.duplicate.as_ref(),
            n_tokens: doc.tokens.len(),
            sentences,
            tokens: None,
            entities: None,
            times: None,
            quotes: None,
            events: None,
            quantities: None,
            places: None,
        }
    }

    /// Adds `tokens` with their analyses.
    pub fn with_tokens(mut self, doc: &'a Doc) -> ExportDocument<'a> {
        let mut chars = CharOffsets::new(&doc.text);
        self.tokens = Some(
            doc.tokens
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let a = doc.analyses.get(i);
                    let tag = |x: Option<&'a model::Tag>| x.map(model::Tag::as_str).filter(|s| !s.is_empty());
                    ExportToken {
                        start: chars.at(t.span.start as usize),
                        end: chars.at(t.span.end as usize),
                        text: t.span.text(&doc.text),
                        xpos: tag(a.map(|a| &a.xpos)),
                        upos: tag(a.map(|a| &a.upos)),
                        lemma: a.map(|a| a.lemma.as_str()),
                        head: a.and_then(|a| a.head),
                        deprel: tag(a.map(|a| &a.deprel)),
                    }
                })
                .collect(),
        );
        self
    }
}

/// The document creation time relative dates were resolved against (ISO date) and where it
/// came from (`published`, `dateline` or `none`).
pub fn creation_time(doc: &Doc) -> (Option<String>, &'static str) {
    let (d, source) = annotate::times::creation_time(doc);
    (d.map(|d| d.iso()), source)
}

/// For each sentence, the value of its first resolved DATE or TIME expression.
pub fn sentence_times(doc: &Doc) -> Vec<Option<String>> {
    let mut out = vec![None; doc.sentences.len()];
    for a in doc.annotations.iter().filter(|a| a.layer == model::Layer::Times && (a.label == "DATE" || a.label == "TIME")) {
        if a.attrs.get("resolved").and_then(serde_json::Value::as_bool) != Some(true) {
            continue;
        }
        let Some(value) = a.attrs.get("value").and_then(serde_json::Value::as_str) else { continue };
        if !value.starts_with(|c: char| c.is_ascii_digit()) {
            continue; // PRESENT_REF and the like say nothing about which day
        }
        let i = doc.sentences.partition_point(|s| s.span.end <= a.span.start);
        if let Some(slot) = out.get_mut(i).filter(|_| doc.sentences.get(i).is_some_and(|s| s.span.start <= a.span.start)) {
            if slot.is_none() {
                *slot = Some(value.to_string());
            }
        }
    }
    out
}

/// The time expressions of one document, in text order.
pub fn document_times(doc: &Doc) -> Vec<ExportTime<'_>> {
    let mut chars = CharOffsets::new(&doc.text);
    doc.annotations
        .iter()
        .filter(|a| a.layer == model::Layer::Times)
        .enumerate()
        .map(|(n, a)| {
            let text = a.span.text(&doc.text);
            let (start, end) = (chars.at(a.span.start as usize), chars.at(a.span.end as usize));
            let sentence = doc.sentences.partition_point(|s| s.span.end <= a.span.start);
            let sentence = doc.sentences.get(sentence).filter(|s| s.span.start <= a.span.start).map(|_| sentence);
            ExportTime {
                id: format!("{}:t{n}", doc.id),
                doc: &doc.id,
                start,
                end,
                text,
                kind: a.label.as_str(),
                attrs: a.attrs.as_object().cloned().unwrap_or_default(),
                sentence,
                evidence: vec![Evidence { doc: &doc.id, start, end, text }],
            }
        })
        .collect()
}

/// The index of the sentence holding byte `at`.
fn sentence_at(doc: &Doc, at: usize) -> Option<usize> {
    let i = doc.sentences.partition_point(|s| (s.span.end as usize) <= at);
    doc.sentences.get(i).filter(|s| s.span.start as usize <= at).map(|_| i)
}

/// Evidence covering the whole sentences from the one holding byte `lo` to the one holding
/// byte `hi` (or exactly `lo..hi` when they are outside every sentence).
fn sentence_evidence<'a>(doc: &'a Doc, chars: &mut CharOffsets<'_>, lo: usize, hi: usize) -> Evidence<'a> {
    let first = sentence_at(doc, lo).and_then(|i| doc.sentences.get(i)).map_or(lo, |s| s.span.start as usize);
    let last = sentence_at(doc, hi.saturating_sub(1).max(lo)).and_then(|i| doc.sentences.get(i)).map_or(hi, |s| s.span.end as usize);
    let (first, last) = (first.min(lo), last.max(hi));
    let text = doc.text.get(first..last).unwrap_or("");
    Evidence { doc: &doc.id, start: chars.at(first), end: chars.at(last), text }
}

fn export_span<'a>(doc: &'a Doc, chars: &mut CharOffsets<'_>, r: (usize, usize)) -> ExportSpan<'a> {
    ExportSpan { start: chars.at(r.0), end: chars.at(r.1), text: doc.text.get(r.0..r.1).unwrap_or("") }
}

/// The quotes of one document, in text order.
pub fn document_quotes(doc: &Doc) -> Vec<ExportQuote<'_>> {
    use serde_json::Value;
    let mut chars = CharOffsets::new(&doc.text);
    doc.annotations
        .iter()
        .filter(|a| a.layer == model::Layer::Quotes)
        .enumerate()
        .map(|(n, a)| {
            let pieces: Vec<(usize, usize)> =
                a.attrs.get("content").and_then(Value::as_array).map(|v| v.iter().filter_map(|p| model::attr_range(Some(p))).collect()).unwrap_or_default();
            let cue = model::attr_range(a.attrs.get("cue"));
            let source = model::attr_range(a.attrs.get("source"));
            let lo = pieces.iter().map(|p| p.0).chain(cue.map(|c| c.0)).chain(source.map(|s| s.0)).min().unwrap_or(a.span.start as usize);
            let hi = pieces.iter().map(|p| p.1).chain(cue.map(|c| c.1)).chain(source.map(|s| s.1)).max().unwrap_or(a.span.end as usize);
            let text = pieces.iter().map(|p| doc.text.get(p.0..p.1).unwrap_or("")).collect::<Vec<_>>().join(" … ");
            let speaker = a.attrs.get("speaker").filter(|s| s.is_object()).map(|s| ExportSpeaker {
                entity: s.get("entity").and_then(Value::as_u64).map(|e| format!("{}:e{e}", doc.id)),
                name: s.get("name").and_then(Value::as_str).unwrap_or(""),
                kind: s.get("label").and_then(Value::as_str),
                text: s.get("text").and_then(Value::as_str).unwrap_or(""),
                resolved_by: s.get("resolved_by").and_then(Value::as_str).unwrap_or("unresolved"),
            });
            let evidence = vec![sentence_evidence(doc, &mut chars, lo, hi)];
            ExportQuote {
                id: format!("{}:q{n}", doc.id),
                doc: &doc.id,
                direct: a.label == "direct",
                start: chars.at(a.span.start as usize),
                end: chars.at(a.span.end as usize),
                text,
                content: pieces.iter().map(|&p| export_span(doc, &mut chars, p)).collect(),
                cue: cue.map(|c| export_span(doc, &mut chars, c)),
                cue_lemma: a.attrs.get("cue_lemma").and_then(Value::as_str),
                source: source.map(|s| export_span(doc, &mut chars, s)),
                speaker,
                time: a.attrs.get("time").and_then(Value::as_str),
                sentence: sentence_at(doc, cue.map_or(lo, |c| c.0)),
                evidence,
            }
        })
        .collect()
}

/// The events of one document, in text order. Dates are read from the time expression the
/// event points to, so years inferred from the corpus after annotation show here too.
pub fn document_events(doc: &Doc) -> Vec<ExportEvent<'_>> {
    use serde_json::Value;
    let mut chars = CharOffsets::new(&doc.text);
    let quote_ids: Vec<String> = (0..doc.annotations.iter().filter(|a| a.layer == model::Layer::Quotes).count()).map(|n| format!("{}:q{n}", doc.id)).collect();
    let times: Vec<(usize, &model::Annotation)> = doc.annotations.iter().filter(|a| a.layer == model::Layer::Times).enumerate().collect();
    let mut out = Vec::new();
    for (n, a) in doc.annotations.iter().filter(|a| a.layer == model::Layer::Events).enumerate() {
        let actor = |key: &str, chars: &mut CharOffsets<'_>| -> Option<ExportActor<'_>> {
            let v = a.attrs.get(key).filter(|v| v.is_object())?;
            let (s, e) = model::attr_range(v.get("span"))?;
            Some(ExportActor {
                start: chars.at(s),
                end: chars.at(e),
                text: doc.text.get(s..e).unwrap_or(""),
                entity: v.get("entity").and_then(Value::as_u64).map(|e| format!("{}:e{e}", doc.id)),
                name: v.get("name").and_then(Value::as_str),
                kind: v.get("label").and_then(Value::as_str),
                sector: v.get("sector").and_then(Value::as_str),
                country: v.get("country").and_then(Value::as_str),
            })
        };
        let source_actor = actor("source", &mut chars);
        let target_actor = actor("target", &mut chars);
        let location = actor("location", &mut chars);
        let place = a.attrs.get("place").filter(|v| v.is_object()).map(|v| ExportEventPlace {
            geonameid: v.get("geonameid").and_then(Value::as_u64),
            name: v.get("name").and_then(Value::as_str),
            country: v.get("country").and_then(Value::as_str),
            country3: v.get("country3").and_then(Value::as_str).filter(|c| !c.is_empty()),
            lat: v.get("lat").and_then(Value::as_f64),
            lon: v.get("lon").and_then(Value::as_f64),
            precision: v.get("precision").and_then(Value::as_str),
            confidence: v.get("confidence").and_then(Value::as_f64),
            from: v.get("from").and_then(Value::as_str),
        });
        let date = model::attr_range(a.attrs.get("time_span")).and_then(|(s, e)| {
            let (k, t) = times.iter().find(|(_, t)| t.span.start as usize == s && t.span.end as usize == e)?;
            let value = t.attrs.get("value").and_then(Value::as_str)?;
            Some(ExportDate {
                value,
                start: t.attrs.get("begin").and_then(Value::as_str).unwrap_or(value),
                end: t.attrs.get("end_value").and_then(Value::as_str).unwrap_or(value),
                text: t.span.text(&doc.text),
                time: Some(format!("{}:t{k}", doc.id)),
            })
        });
        let reported_by = a.attrs.get("reported").filter(|r| r.is_object()).map(|r| ExportReported {
            quote: r.get("quote").and_then(Value::as_u64).and_then(|q| quote_ids.get(q as usize).cloned()).unwrap_or_default(),
            speaker: r.get("speaker").and_then(Value::as_str),
            cue: model::attr_range(r.get("cue")).map(|c| export_span(doc, &mut chars, c)),
        });
        let (lo, hi) = (a.span.start as usize, a.span.end as usize);
        out.push(ExportEvent {
            id: format!("{}:v{n}", doc.id),
            doc: &doc.id,
            kind: a.label.as_str(),
            cameo: a.attrs.get("cameo").and_then(Value::as_str).unwrap_or(""),
            mode: a.attrs.get("mode").and_then(Value::as_str),
            modality: a.attrs.get("modality").and_then(Value::as_str).unwrap_or("asserted"),
            reported_by,
            trigger: export_span(doc, &mut chars, (lo, hi)),
            lemma: a.attrs.get("lemma").and_then(Value::as_str).unwrap_or(""),
            nominal: a.attrs.get("nominal").and_then(Value::as_bool).unwrap_or(false),
            source_actor,
            target_actor,
            location,
            place,
            date,
            intent: a.attrs.get("intent").and_then(Value::as_str),
            phase: a.attrs.get("phase").and_then(Value::as_str),
            cluster: None,
            summary: a.attrs.get("summary").and_then(Value::as_str).unwrap_or(""),
            sentence: sentence_at(doc, lo),
            evidence: vec![sentence_evidence(doc, &mut chars, lo, hi)],
        });
    }
    out
}

/// The quantities of one document, in text order.
pub fn document_quantities(doc: &Doc) -> Vec<ExportQuantity<'_>> {
    use serde_json::Value;
    let mut chars = CharOffsets::new(&doc.text);
    doc.annotations
        .iter()
        .filter(|a| a.layer == model::Layer::Quantities)
        .enumerate()
        .map(|(n, a)| {
            let num = |k: &str| a.attrs.get(k).and_then(Value::as_f64);
            let text_attr = |k: &str| a.attrs.get(k).and_then(Value::as_str);
            let (lo, hi) = (a.span.start as usize, a.span.end as usize);
            ExportQuantity {
                id: format!("{}:n{n}", doc.id),
                doc: &doc.id,
                start: chars.at(lo),
                end: chars.at(hi),
                text: a.span.text(&doc.text),
                kind: a.label.as_str(),
                value: num("value"),
                value_max: num("value_max"),
                from: num("from"),
                unit: text_attr("unit"),
                counted: text_attr("counted"),
                counted_span: model::attr_range(a.attrs.get("counted_span")).map(|r| export_span(doc, &mut chars, r)),
                approx: text_attr("approx"),
                bound: text_attr("bound"),
                vague: a.attrs.get("vague").and_then(Value::as_bool).unwrap_or(false),
                about: a.attrs.get("about").and_then(Value::as_u64).map(|e| ExportAbout { entity: format!("{}:e{e}", doc.id), name: text_attr("about_name") }),
                time: text_attr("time"),
                sentence: sentence_at(doc, lo),
                evidence: vec![sentence_evidence(doc, &mut chars, lo, hi)],
            }
        })
        .collect()
}

/// The entities of one document, from its `entities` annotations, in order of first mention.
pub fn document_entities(doc: &Doc) -> Vec<ExportEntity<'_>> {
    use model::Layer;
    let mut chars = CharOffsets::new(&doc.text);
    let mut out: Vec<ExportEntity<'_>> = Vec::new();
    let mut by_number: std::collections::HashMap<u64, usize> = std::collections::HashMap::new();
    let mut alias_counts: Vec<Vec<(&str, usize)>> = Vec::new();
    let mut sentence = 0usize;
    for a in doc.annotations.iter().filter(|a| a.layer == Layer::Entities) {
        let text = a.span.text(&doc.text);
        let number = a.attrs.get("entity").and_then(serde_json::Value::as_u64).unwrap_or(u64::MAX - out.len() as u64);
        let k = *by_number.entry(number).or_insert_with(|| {
            out.push(ExportEntity {
                id: format!("{}:e{}", doc.id, number),
                name: a.attrs.get("name").and_then(serde_json::Value::as_str).unwrap_or(text).to_string(),
                kind: a.label.as_str(),
                aliases: Vec::new(),
                n_mentions: 0,
                mentions: Vec::new(),
                evidence: Vec::new(),
            });
            alias_counts.push(Vec::new());
            out.len() - 1
        });
        // Annotations are in text order, so the sentence index only moves forward.
        while doc.sentences.get(sentence).is_some_and(|s| s.span.end <= a.span.start) {
            sentence += 1;
        }
        let in_sentence = doc.sentences.get(sentence).filter(|s| s.span.start <= a.span.start).map(|_| sentence);
        let (start, end) = (chars.at(a.span.start as usize), chars.at(a.span.end as usize));
        let (Some(e), Some(counts)) = (out.get_mut(k), alias_counts.get_mut(k)) else { continue };
        match counts.iter_mut().find(|(t, _)| *t == text) {
            Some((_, n)) => *n += 1,
            None => {
                counts.push((text, 1));
                e.evidence.push(Evidence { doc: &doc.id, start, end, text });
            }
        }
        e.n_mentions += 1;
        e.mentions.push(ExportMention { doc: &doc.id, start, end, text, sentence: in_sentence });
    }
    for (e, mut counts) in out.iter_mut().zip(alias_counts) {
        // Most frequent first; ties in order of appearance (the sort is stable).
        counts.sort_by_key(|c| std::cmp::Reverse(c.1));
        e.aliases = counts.into_iter().map(|(t, _)| t).collect();
    }
    out
}

/// Converts byte offsets to code-point offsets, fast for the usual case of increasing offsets.
pub struct CharOffsets<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CharOffsets<'a> {
    pub fn new(text: &'a str) -> CharOffsets<'a> {
        CharOffsets { text, byte: 0, chars: 0 }
    }

    /// The code-point offset of byte offset `byte` (clamped to the text; a byte inside a
    /// character counts as that character's start).
    pub fn at(&mut self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        let slice = self.text.as_bytes().get(self.byte..byte).unwrap_or(&[]);
        // Count the bytes that start a character (not UTF-8 continuation bytes).
        self.chars += slice.iter().filter(|&&b| (b as i8) >= -0x40).count();
        self.byte = byte;
        self.chars
    }
}

/// Carries a write failure out of a `for_each_document` visitor, whose error type is the store's.
fn write_failed(e: impl std::error::Error + Send + Sync + 'static) -> store::Error {
    store::Error::Database { path: "export output".into(), source: Box::new(e) }
}

/// Writes the store's content in `format` to `out`.
pub fn export(store: &dyn Store, format: Format, options: Options, out: &mut dyn Write) -> Result<u64, ExportError> {
    match format {
        Format::Json => export_json(store, options, out),
        Format::Jsonl => export_jsonl(store, options, out),
        Format::Csv => export_csv(store, out),
    }
}

fn export_document<'a>(doc: &'a Doc, options: Options) -> ExportDocument<'a> {
    let e = ExportDocument::new(doc);
    if options.tokens {
        e.with_tokens(doc)
    } else {
        e
    }
}

fn export_json(store: &dyn Store, options: Options, out: &mut dyn Write) -> Result<u64, ExportError> {
    write!(
        out,
        "{{\"schema_version\":\"{SCHEMA_VERSION}\",\"generator\":{{\"name\":\"dossier\",\"version\":\"{}\"}},\"documents\":[",
        env!("CARGO_PKG_VERSION")
    )?;
    let mut n = 0u64;
    store.for_each_document(&mut |doc| {
        let res = (|| -> Result<(), ExportError> {
            if n > 0 {
                out.write_all(b",")?;
            }
            out.write_all(b"\n")?;
            serde_json::to_writer(&mut *out, &export_document(&doc, options)).map_err(std::io::Error::from)?;
            Ok(())
        })();
        n += 1;
        res.map_err(write_failed)
    })?;
    // The corpus picture: entities across documents, events clustered, contradictions.
    let reasoning = crate::reasoning::load(store).map_err(|crate::Error::Store(e)| e)?;
    write_entities(store, &reasoning, out)?;
    write!(out, "\n],\"links\":")?;
    serde_json::to_writer(&mut *out, &reasoning.links).map_err(std::io::Error::from)?;
    write!(out, ",\"events\":[")?;
    let mut w = ItemWriter { out: &mut *out, first: true };
    for e in &reasoning.events {
        w.item(&ExportCluster { evidence: e.evidence().collect(), cluster: e })?;
    }
    // One more pass per array, so memory stays that of one document.
    write_array(store, out, "times", &mut |doc, w| document_times(doc).iter().try_for_each(|t| w.item(t)))?;
    write_array(store, out, "quotes", &mut |doc, w| document_quotes(doc).iter().try_for_each(|q| w.item(q)))?;
    write_array(store, out, "quantities", &mut |doc, w| document_quantities(doc).iter().try_for_each(|q| w.item(q)))?;
    write_array(store, out, "places", &mut |doc, w| document_places(doc).iter().try_for_each(|p| w.item(p)))?;
    let cluster_of: std::collections::HashMap<&str, &str> =
        reasoning.events.iter().flat_map(|c| c.reports.iter().map(move |r| (r.id.as_str(), c.id.as_str()))).collect();
    write_array(store, out, "event_reports", &mut |doc, w| {
        document_events(doc).into_iter().try_for_each(|mut e| {
            e.cluster = cluster_of.get(e.id.as_str()).map(|c| c.to_string());
            w.item(&e)
        })
    })?;
    crate::claims::write_claims(store, out)?;
    crate::claims::write_hypotheses(store, &reasoning, out)?;
    write!(out, "\n],\"contradictions\":[")?;
    let mut w = ItemWriter { out: &mut *out, first: true };
    for c in &reasoning.contradictions {
        w.item(c)?;
    }
    out.write_all(b"\n],\"diagnostics\":")?;
    let diagnostics: Vec<Diagnostic> = store.diagnostics(None)?;
    serde_json::to_writer(&mut *out, &diagnostics).map_err(std::io::Error::from)?;
    out.write_all(b"}\n")?;
    Ok(n)
}

/// A corpus event with the sentences of its reports as `evidence`.
#[derive(Serialize)]
struct ExportCluster<'a> {
    #[serde(flatten)]
    cluster: &'a reason::cluster::Cluster,
    evidence: Vec<&'a reason::Evidence>,
}

/// A corpus entity with every mention of it.
#[derive(Serialize)]
struct ExportCorpusEntity<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    /// Every spelling seen, most frequent first.
    aliases: Vec<&'a str>,
    n_mentions: u32,
    n_documents: u32,
    /// The documents' entities (`<doc>:e<n>`, as events and quotes name them) it groups.
    members: Vec<String>,
    /// Why they are one: rule, reason, confidence of each merge.
    merges: &'a [reason::resolve::Merge],
    confidence: f64,
    mentions: Vec<OwnedMention>,
    /// The sentence of each member's first mention.
    evidence: &'a [reason::Evidence],
}

#[derive(Serialize)]
struct OwnedMention {
    doc: String,
    start: usize,
    end: usize,
    text: String,
    sentence: Option<usize>,
}

/// Writes `"entities":[...]`: the corpus entities, with the mentions gathered in one pass over
/// the documents (mentions of the whole corpus are held in memory meanwhile).
fn write_entities(store: &dyn Store, reasoning: &reason::Reasoning, out: &mut dyn Write) -> Result<(), ExportError> {
    let members = crate::actors::MemberIndex::new(reasoning, |_| true);
    let mut mentions: Vec<Vec<OwnedMention>> = (0..reasoning.entities.len()).map(|_| Vec::new()).collect();
    store.for_each_document(&mut |doc| {
        for e in document_entities(&doc) {
            for m in e.mentions {
                if let Some(list) = members.entity_of_id(&e.id, m.text).and_then(|k| mentions.get_mut(k)) {
                    list.push(OwnedMention { doc: m.doc.to_string(), start: m.start, end: m.end, text: m.text.to_string(), sentence: m.sentence });
                }
            }
        }
        Ok(())
    })?;
    write!(out, "\n],\"entities\":[")?;
    let mut w = ItemWriter { out, first: true };
    for (e, mentions) in reasoning.entities.iter().zip(mentions) {
        w.item(&ExportCorpusEntity {
            id: &e.id,
            name: &e.name,
            kind: &e.kind,
            aliases: e.aliases.iter().map(|a| a.0.as_str()).collect(),
            n_mentions: e.n_mentions,
            n_documents: e.n_documents,
            members: e.members.iter().map(|m| format!("{}:e{}", m.doc, m.entity)).collect(),
            merges: &e.merges,
            confidence: e.confidence,
            mentions,
            evidence: &e.evidence,
        })?;
    }
    Ok(())
}

/// Writes the items of one top-level array, comma-separated, one per line.
struct ItemWriter<'w> {
    out: &'w mut dyn Write,
    first: bool,
}

impl ItemWriter<'_> {
    fn item<T: Serialize>(&mut self, item: &T) -> Result<(), ExportError> {
        self.out.write_all(if self.first { b"\n" } else { b",\n" })?;
        self.first = false;
        serde_json::to_writer(&mut *self.out, item).map_err(std::io::Error::from)?;
        Ok(())
    }
}

/// Closes the previous array and writes `"name":[...]` with the items `each` gives for every
/// stored document, visiting the store once.
fn write_array(
    store: &dyn Store,
    out: &mut dyn Write,
    name: &str,
    each: &mut dyn FnMut(&Doc, &mut ItemWriter<'_>) -> Result<(), ExportError>,
) -> Result<(), ExportError> {
    write!(out, "\n],\"{name}\":[")?;
    let mut w = ItemWriter { out, first: true };
    store.for_each_document(&mut |doc| each(&doc, &mut w).map_err(write_failed))?;
    Ok(())
}

fn export_jsonl(store: &dyn Store, options: Options, out: &mut dyn Write) -> Result<u64, ExportError> {
    let mut n = 0u64;
    store.for_each_document(&mut |doc| {
        n += 1;
        let mut e = export_document(&doc, options);
        e.entities = Some(document_entities(&doc));
        e.times = Some(document_times(&doc));
        e.quotes = Some(document_quotes(&doc));
        e.quantities = Some(document_quantities(&doc));
        e.events = Some(document_events(&doc));
        e.places = Some(document_places(&doc));
        let line = serde_json::to_string(&e)
            .map_err(write_failed)?;
        writeln!(out, "{line}").map_err(write_failed)
    })?;
    Ok(n)
}

fn export_csv(store: &dyn Store, out: &mut dyn Write) -> Result<u64, ExportError> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "id", "source", "title", "authors", "published", "outlet", "url", "language", "duplicate_of", "duplicate_kind",
        "n_chars", "n_sentences", "text",
    ])?;
    let mut n = 0u64;
    store.for_each_document(&mut |doc| {
        n += 1;
        let kind = doc.duplicate.as_ref().map(|d| match d.kind {
            model::DuplicateKind::Exact => "exact",
            model::DuplicateKind::Near => "near",
        });
        let record = [
            doc.id.clone(),
            doc.source(),
            doc.meta.title.clone().unwrap_or_default(),
            doc.meta.authors.join("; "),
            doc.meta.published.clone().unwrap_or_default(),
            doc.meta.outlet.clone().unwrap_or_default(),
            doc.meta.url.clone().unwrap_or_default(),
            doc.meta.language.clone().unwrap_or_default(),
            doc.duplicate.as_ref().map(|d| d.of.clone()).unwrap_or_default(),
            kind.unwrap_or_default().to_string(),
            doc.text.chars().count().to_string(),
            doc.sentences.len().to_string(),
            doc.text.clone(),
        ];
        w.write_record(&record).map_err(write_failed)
    })?;
    w.flush()?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets() {
        let t = "aé“b”c";
        let mut c = CharOffsets::new(t);
        assert_eq!(c.at(0), 0);
        assert_eq!(c.at(1), 1);
        assert_eq!(c.at(3), 2);
        assert_eq!(c.at(t.len()), 6);
        assert_eq!(c.at(1), 1, "going backwards restarts");
        assert_eq!(c.at(999), 6, "clamped");
    }
}
