//! `cargo xtask eval events`: the `events` layer (PLOVER / CAMEO coded events) scored against
//! three kinds of test data. See `docs/events-eval.md`.
//!
//! 1. PLOVER gold-standard records (the CAMEO manual examples coded in PLOVER): one sentence per
//!    record with its event type, mode, source and target actors and an inline markup that marks
//!    actors, triggers and locations. We pick one of our events per record and score its type,
//!    mode and actors.
//! 2. PETRARCH2 unit-test records: synthetic sentences about fictional actors, with the expected
//!    (source code, target code, event code) triples. Our actor spans are turned into codes with
//!    the validation actor and agent dictionaries.
//! 3. `xtask/data/no-events.txt`: sentences we wrote that report no event; every asserted,
//!    non-reported event we find there is a false event.
//!
//! The annotator's output is read through the contract of the `events` layer (one
//! [`model::Annotation`] per event, PLOVER type as label, details in `attrs`), so this module
//! does not depend on the `events` crate.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use model::{Doc, Layer};
use rayon::prelude::*;
use serde_json::Value;

use crate::attribution::{clip, ratio, r4, Accuracy, ScoredText};
use crate::flag;

const DEFAULT_PLOVER: &str = "../shared/eval/plover/PLOVER_GSR_CAMEO.json";
const DEFAULT_PETRARCH: &str = "../shared/eval/petrarch2";
const NO_EVENTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/no-events.txt");

// ---------------------------------------------------------------------------------------------
// Reading our events (the contract of the `events` layer)
// ---------------------------------------------------------------------------------------------

/// An actor of one of our events: its span and text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SysActor {
    pub span: Range<usize>,
    pub text: String,
    /// Where the entity the phrase was resolved to is named in the text, when that is
    /// elsewhere ("he" resolved to "Abdelaziz Bouteflika"): the actor is that entity.
    pub resolved: Option<Range<usize>>,
}

/// One event of the `events` layer, as far as the evaluation needs it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SysEvent {
    pub trigger: Range<usize>,
    /// PLOVER type (`ASSAULT`).
    pub label: String,
    pub lemma: String,
    pub cameo: Option<String>,
    pub mode: Option<String>,
    /// `asserted`, `negated`, `hypothetical` or `future`.
    pub modality: String,
    /// Inside reported speech (a quotation or a reported clause).
    pub reported: bool,
    pub source: Option<SysActor>,
    pub target: Option<SysActor>,
    pub summary: String,
    /// Depth of the trigger token in the dependency tree (0 = sentence root), `usize::MAX` when
    /// unknown; used to find the main-clause event.
    pub depth: usize,
}

impl SysEvent {
    /// An asserted event outside reported speech: what a reader takes as a fact.
    pub fn is_fact(&self) -> bool {
        self.modality == "asserted" && !self.reported
    }

    fn describe(&self, text: &str) -> String {
        let actor = |a: &Option<SysActor>| a.as_ref().map_or("-".to_string(), |a| format!("{:?}", a.text));
        format!(
            "{} {} trigger {:?} src {} tgt {} mode {} {}{}",
            self.label,
            self.cameo.as_deref().unwrap_or("-"),
            text.get(self.trigger.clone()).unwrap_or(""),
            actor(&self.source),
            actor(&self.target),
            self.mode.as_deref().unwrap_or("-"),
            self.modality,
            if self.reported { " reported" } else { "" }
        )
    }
}

/// `[s, e]` as a byte range, when it is one.
fn range_of(v: &Value) -> Option<Range<usize>> {
    let a = v.as_array()?;
    let s = a.first()?.as_u64()? as usize;
    let e = a.get(1)?.as_u64()? as usize;
    (s <= e).then_some(s..e)
}

fn string_of(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string).filter(|s| !s.is_empty())
}

fn actor_of(v: &Value, text: &str) -> Option<SysActor> {
    let span = range_of(v.get("span")?)?;
    let t = v.get("text").and_then(Value::as_str).map(str::to_string).unwrap_or_else(|| text.get(span.clone()).unwrap_or("").to_string());
    let resolved = v
        .get("name")
        .and_then(Value::as_str)
        .filter(|n| !n.is_empty() && !t.contains(*n))
        .and_then(|n| text.find(n).map(|at| at..at + n.len()));
    Some(SysActor { span, text: t, resolved })
}

/// Reads one annotation of the `events` layer; tolerant of missing attributes.
pub fn read_event(a: &model::Annotation, text: &str) -> SysEvent {
    let at = &a.attrs;
    let get = |k: &str| at.get(k).unwrap_or(&Value::Null);
    SysEvent {
        trigger: range_of(get("trigger")).unwrap_or_else(|| a.span.range()),
        label: a.label.to_ascii_uppercase(),
        lemma: string_of(get("lemma")).unwrap_or_default(),
        cameo: string_of(get("cameo")),
        mode: string_of(get("mode")).map(|m| m.to_ascii_lowercase()),
        modality: string_of(get("modality")).unwrap_or_else(|| "asserted".to_string()),
        reported: !get("reported").is_null(),
        source: actor_of(get("source"), text),
        target: actor_of(get("target"), text),
        summary: string_of(get("summary")).unwrap_or_default(),
        depth: usize::MAX,
    }
}

/// The events of a document in text order, with the dependency depth of each trigger.
pub fn events_of(doc: &Doc) -> Vec<SysEvent> {
    let mut out: Vec<SysEvent> = doc
        .annotations
        .iter()
        .filter(|a| a.layer == Layer::Events)
        .map(|a| {
            let mut e = read_event(a, &doc.text);
            e.depth = trigger_depth(doc, &e.trigger);
            e
        })
        .collect();
    out.sort_by_key(|e| (e.trigger.start, e.trigger.end));
    out
}

/// The smallest dependency depth among the tokens of `trigger`.
fn trigger_depth(doc: &Doc, trigger: &Range<usize>) -> usize {
    let first = doc.tokens.partition_point(|t| (t.span.end as usize) <= trigger.start);
    let mut best = usize::MAX;
    for i in first..doc.tokens.len() {
        let Some(t) = doc.tokens.get(i) else { break };
        if t.span.start as usize >= trigger.end {
            break;
        }
        let mut depth = 0;
        let mut at = i;
        while let Some(head) = doc.analyses.get(at).and_then(|a| a.head) {
            depth += 1;
            at = head as usize;
            if depth > doc.tokens.len() {
                break;
            }
        }
        if doc.analyses.get(i).is_some() {
            best = best.min(depth);
        }
    }
    best
}

/// A [`Doc`] over `text` with identity offsets and no metadata.
pub fn doc_from_text(name: &str, text: &str) -> Doc {
    Doc::new(
        model::doc_id(text.as_bytes()),
        model::Origin::file(name),
        model::Format::Text,
        model::Metadata::default(),
        text.to_string(),
        model::OffsetMap::identity(text.len()),
    )
}

// ---------------------------------------------------------------------------------------------
// PLOVER gold-standard records
// ---------------------------------------------------------------------------------------------

/// The 2021 name of a PLOVER type used in the gold records (PLOVER 0.6 names), following
/// `CAMEO2PLOVER-2021.txt`: DEMAND became REQUEST, DISAPPROVE and INVESTIGATE went into ACCUSE,
/// FIGHT into ASSAULT.
pub fn map_event(old: &str) -> String {
    let up = old.trim().to_ascii_uppercase();
    match up.as_str() {
        "DEMAND" => "REQUEST".to_string(),
        "DISAPPROVE" | "INVESTIGATE" => "ACCUSE".to_string(),
        "FIGHT" => "ASSAULT".to_string(),
        _ => up,
    }
}

/// The 2021 name of a gold mode where `CAMEO2PLOVER-2021.txt` makes it clear; other modes are
/// kept as they are.
pub fn map_mode(old: &str) -> String {
    let low = old.trim().to_ascii_lowercase();
    match low.as_str() {
        "strike-hun" => "hunger".to_string(),
        "demo-org" | "demo-spon" => "demo".to_string(),
        "riot-spon" => "riot".to_string(),
        "host" => "visit".to_string(),
        // 173 "Arrest, detain, or charge with legal action" has mode `arrest`.
        "detain" => "arrest".to_string(),
        // 1721 "Impose restrictions on freedoms of speech and expression" has mode `restrict`.
        "censor" => "restrict".to_string(),
        _ => low,
    }
}

/// The kinds of inline markup in a record's `textInfo.markup`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tag {
    Src,
    Tar,
    SrcTar,
    Evt,
    Loc,
}

const TAGS: [(&str, Tag); 5] = [("SRC/TAR:", Tag::SrcTar), ("SRC:", Tag::Src), ("TAR:", Tag::Tar), ("EVT:", Tag::Evt), ("LOC:", Tag::Loc)];

/// A markup string read: the text without markup and the marked spans (byte ranges into
/// `plain`, trimmed of spaces), in the order their tags open.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Markup {
    pub plain: String,
    pub spans: Vec<(Tag, Range<usize>)>,
}

/// Reads `(SRC: ...)`, `(TAR: ...)`, `(SRC/TAR: ...)`, `(EVT: ...)` and `(LOC: ...)` markup,
/// which may nest. Other parentheses are text. A closing parenthesis with nothing open is a
/// typo and dropped; a tag still open at the end closes where the next tag opens (or at the
/// end when none follows).
pub fn parse_markup(m: &str) -> Markup {
    let mut plain = String::with_capacity(m.len());
    // Open parentheses: a tag with its opening (index into `opened`), or a plain one.
    let mut stack: Vec<Option<usize>> = Vec::new();
    let mut opened: Vec<(Tag, usize, Option<usize>)> = Vec::new();
    let mut chars = m.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '(' {
            let rest = m.get(i + 1..).unwrap_or("");
            let after = rest.trim_start();
            if let Some((name, tag)) = TAGS.iter().find(|(name, _)| after.starts_with(name)) {
                let skip_to = i + 1 + (rest.len() - after.len()) + name.len();
                while chars.peek().is_some_and(|&(j, _)| j < skip_to) {
                    chars.next();
                }
                while chars.peek().is_some_and(|&(_, c)| c == ' ') {
                    chars.next();
                }
                stack.push(Some(opened.len()));
                opened.push((*tag, plain.len(), None));
                continue;
            }
            stack.push(None);
            plain.push('(');
            continue;
        }
        if c == ')' {
            match stack.pop() {
                Some(Some(k)) => {
                    if let Some(o) = opened.get_mut(k) {
                        o.2 = Some(plain.len());
                    }
                }
                Some(None) => plain.push(')'),
                None => {}
            }
            continue;
        }
        plain.push(c);
    }
    // A tag left open (a missing parenthesis) ends where the next tag opens, or at the end.
    let starts: Vec<usize> = opened.iter().map(|o| o.1).collect();
    let end = plain.len();
    let spans = opened
        .into_iter()
        .enumerate()
        .filter_map(|(k, (tag, s, e))| {
            let e = e.unwrap_or_else(|| starts.get(k + 1).copied().unwrap_or(end));
            let piece = plain.get(s..e)?;
            let s2 = s + (piece.len() - piece.trim_start().len());
            let e2 = s + piece.trim_end().len();
            (s2 < e2).then_some((tag, s2..e2))
        })
        .collect();
    Markup { plain, spans }
}

/// Maps byte ranges of `from` onto `to` through a character alignment (longest common
/// subsequence), so markup whose text differs slightly from the record's `text` (typos, extra
/// spaces) still places its spans. A range none of whose characters align is `None`. Texts
/// too long for the quadratic alignment give `None` for every range unless they are equal.
pub fn map_ranges(from: &str, to: &str, ranges: &[Range<usize>]) -> Vec<Option<Range<usize>>> {
    if from == to {
        return ranges.iter().map(|r| Some(r.clone())).collect();
    }
    let a: Vec<(usize, char)> = from.char_indices().collect();
    let b: Vec<(usize, char)> = to.char_indices().collect();
    let (n, m) = (a.len(), b.len());
    if n.saturating_mul(m) > 4_000_000 {
        return vec![None; ranges.len()];
    }
    // dp[i][j] = LCS length of a[i..], b[j..].
    let w = m + 1;
    let mut dp = vec![0u16; (n + 1) * w];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            dp[i * w + j] = if a[i].1 == b[j].1 { dp[(i + 1) * w + j + 1] + 1 } else { dp[(i + 1) * w + j].max(dp[i * w + j + 1]) };
        }
    }
    let mut map: Vec<Option<usize>> = vec![None; n];
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if a[i].1 == b[j].1 {
            map[i] = Some(j);
            i += 1;
            j += 1;
        } else if dp[(i + 1) * w + j] >= dp[i * w + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    ranges
        .iter()
        .map(|r| {
            let inside: Vec<usize> = (0..n).filter(|&k| a[k].0 >= r.start && a[k].0 < r.end).filter_map(|k| map[k]).collect();
            let (&first, &last) = (inside.first()?, inside.last()?);
            let end = b.get(last).map(|&(s, c)| s + c.len_utf8())?;
            Some(b[first].0..end)
        })
        .collect()
}

/// Byte range of the first case-insensitive (ASCII) occurrence of `needle` in `text`.
fn find_ci(text: &str, needle: &str) -> Option<Range<usize>> {
    let needle = needle.trim();
    if needle.is_empty() {
        return None;
    }
    let (t, n) = (text.to_ascii_lowercase(), needle.to_ascii_lowercase());
    t.find(&n).map(|s| s..s + n.len())
}

/// A gold actor from the record's `source` / `target` list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GoldActor {
    pub text: String,
    pub code: String,
}

/// One PLOVER gold record, with its markup placed on `text`.
#[derive(Clone, Debug, Default)]
pub struct GoldRecord {
    pub id: String,
    pub text: String,
    /// The 2021 type (see [`map_event`]) and the type as written.
    pub event: String,
    pub event_original: String,
    /// The mapped mode (see [`map_mode`]) and as written; empty when the record has none.
    pub mode: String,
    pub mode_original: String,
    pub sources: Vec<GoldActor>,
    pub targets: Vec<GoldActor>,
    /// Spans of `(SRC: ...)`, `(TAR: ...)`, `(SRC/TAR: ...)` (actors on both sides of a
    /// compound), `(EVT: ...)` and `(LOC: ...)` in `text`.
    pub source_spans: Vec<Range<usize>>,
    pub target_spans: Vec<Range<usize>>,
    pub both_spans: Vec<Range<usize>>,
    pub triggers: Vec<Range<usize>>,
    pub locations: Vec<Range<usize>>,
    /// Markup spans that could not be placed on the text.
    pub n_unplaced: usize,
}

impl GoldRecord {
    pub fn has_source(&self) -> bool {
        !self.source_spans.is_empty() || !self.both_spans.is_empty()
    }
    pub fn has_target(&self) -> bool {
        !self.target_spans.is_empty() || !self.both_spans.is_empty()
    }
}

fn actors_of(v: Option<&Value>) -> Vec<GoldActor> {
    let Some(list) = v.and_then(Value::as_array) else { return Vec::new() };
    list.iter()
        .filter_map(|a| {
            let text = a.get("actorText")?.as_str()?.trim().to_string();
            let code = a.get("code").and_then(Value::as_str).unwrap_or("").to_string();
            (!text.is_empty()).then_some(GoldActor { text, code })
        })
        .collect()
}

/// Reads one record of the PLOVER JSON array; `None` for the DOCUMENT record and records
/// without text.
pub fn read_record(v: &Value) -> Option<GoldRecord> {
    let event_original = v.get("event")?.as_str()?.trim().to_string();
    if event_original.eq_ignore_ascii_case("DOCUMENT") || event_original.is_empty() {
        return None;
    }
    let text = v.get("text")?.as_str()?.to_string();
    if text.trim().is_empty() {
        return None;
    }
    let mode_original = v.get("mode").and_then(Value::as_str).unwrap_or("").trim().to_string();
    let mut r = GoldRecord {
        id: v.get("id").and_then(Value::as_str).unwrap_or("").to_string(),
        event: map_event(&event_original),
        event_original,
        mode: if mode_original.is_empty() { String::new() } else { map_mode(&mode_original) },
        mode_original,
        sources: actors_of(v.get("source")),
        targets: actors_of(v.get("target")),
        ..GoldRecord::default()
    };
    if let Some(markup) = v.get("textInfo").and_then(|t| t.get("markup")).and_then(Value::as_str) {
        let m = parse_markup(markup);
        let ranges: Vec<Range<usize>> = m.spans.iter().map(|(_, r)| r.clone()).collect();
        for ((tag, _), placed) in m.spans.iter().zip(map_ranges(&m.plain, &text, &ranges)) {
            let Some(range) = placed else {
                r.n_unplaced += 1;
                continue;
            };
            match tag {
                Tag::Src => r.source_spans.push(range),
                Tag::Tar => r.target_spans.push(range),
                Tag::SrcTar => r.both_spans.push(range),
                Tag::Evt => r.triggers.push(range),
                Tag::Loc => r.locations.push(range),
            }
        }
    }
    // Without markup for a side, look for the actors' text.
    if r.source_spans.is_empty() && r.both_spans.is_empty() {
        r.source_spans = r.sources.iter().filter_map(|a| find_ci(&text, &a.text)).collect();
    }
    if r.target_spans.is_empty() && r.both_spans.is_empty() {
        r.target_spans = r.targets.iter().filter_map(|a| find_ci(&text, &a.text)).collect();
    }
    r.text = text;
    Some(r)
}

/// Reads the PLOVER JSON array.
pub fn read_plover(json: &str) -> Result<Vec<GoldRecord>> {
    let v: Value = serde_json::from_str(json).context("PLOVER records: not JSON")?;
    let list = v.as_array().context("PLOVER records: expected a JSON array")?;
    Ok(list.iter().filter_map(read_record).collect())
}

// ---------------------------------------------------------------------------------------------
// Scoring one PLOVER record
// ---------------------------------------------------------------------------------------------

/// Which of our events stands for the record: the first event whose trigger overlaps a gold
/// trigger (gold triggers taken in markup order, the first being the main one), else the
/// asserted non-reported event highest in the dependency tree (the main clause; ties: first),
/// else the first event.
pub fn choose_event<'a>(st: &ScoredText, gold: &GoldRecord, events: &'a [SysEvent]) -> Option<(&'a SysEvent, bool)> {
    for g in &gold.triggers {
        if let Some(e) = events.iter().find(|e| st.overlap(std::slice::from_ref(g), std::slice::from_ref(&e.trigger)) > 0) {
            return Some((e, true));
        }
    }
    let facts = events.iter().filter(|e| e.is_fact());
    if let Some(e) = facts.min_by_key(|e| e.depth) {
        return Some((e, false));
    }
    events.first().map(|e| (e, false))
}

/// `CAMEO2PLOVER-2021.txt`: the PLOVER 2021 type of each CAMEO code (`0813: RETREAT, ...`).
#[derive(Clone, Debug, Default)]
pub struct CameoTable {
    types: HashMap<String, String>,
}

impl CameoTable {
    /// Reads the lines `CODE: TYPE, mode, ... # gloss` of codes of three or four digits (the
    /// two-digit lines are section headings).
    pub fn parse(text: &str) -> CameoTable {
        let mut types = HashMap::new();
        for line in text.lines() {
            let Some((code, rest)) = line.split_once(':') else { continue };
            let code = code.trim();
            if !(3..=4).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            let ty = rest.split([',', '#']).next().unwrap_or("").trim().to_ascii_uppercase();
            if !ty.is_empty() {
                types.entry(code.to_string()).or_insert(ty);
            }
        }
        CameoTable { types }
    }

    /// The type a CAMEO code had before the 2021 table moved it to another type: the type of
    /// its parent code (`0813` -> `081` CONCEDE, `163` -> `160` SANCTION, `192` -> `190`
    /// ASSAULT) when that differs from the code's own; `None` for codes that did not move.
    pub fn older_type(&self, code: &str) -> Option<&str> {
        let own = self.types.get(code)?;
        let parent = match code.len() {
            4 => code.get(..3)?.to_string(),
            3 if !code.ends_with('0') => format!("{}0", code.get(..2)?),
            _ => return None,
        };
        let old = self.types.get(&parent)?;
        (old != own).then_some(old.as_str())
    }
}

/// What one record scores.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Our type for the record, `None` when we found no event.
    pub system_type: Option<String>,
    /// Our type is the gold type, or the gold's older type of our CAMEO code (see
    /// [`CameoTable::older_type`]).
    pub type_ok: bool,
    /// Our type is the gold type.
    pub type_strict: bool,
    pub any_event: bool,
    /// The chosen event's trigger overlaps a gold trigger.
    pub trigger_ok: bool,
    /// `None` when the record has no gold source (target, mode).
    pub source_ok: Option<bool>,
    pub target_ok: Option<bool>,
    pub mode_ok: Option<bool>,
    /// A wrong source (target) because the chosen event has none.
    pub source_missing: bool,
    pub target_missing: bool,
}

/// Whether our actor (its phrase and, when resolved, the entity's name) stands for a gold
/// side: it shares text with that side's spans (`own`) and shares more with them than with the
/// other side's (`other`), so a phrase running over both actors ("the talks between X and Y")
/// counts for neither. Other-side spans that overlap an own-side span (a gold target nested in
/// the gold source) are left out of the comparison.
pub fn actor_matches(st: &ScoredText, ours: &[Range<usize>], own: &[Range<usize>], other: &[Range<usize>]) -> bool {
    let mine = st.overlap(ours, own);
    if mine == 0 {
        return false;
    }
    let apart: Vec<Range<usize>> = other.iter().filter(|o| !own.iter().any(|w| o.start < w.end && w.start < o.end)).cloned().collect();
    mine > st.overlap(ours, &apart)
}

/// Scores our events for one record (see `docs/events-eval.md`), types compared as written.
#[cfg(test)]
pub fn score_record(gold: &GoldRecord, events: &[SysEvent]) -> Outcome {
    score_record_with(gold, events, None)
}

/// Scores our events for one record; with the CAMEO table, an event coded with a CAMEO code
/// that the 2021 table moved from the gold's type to ours counts as the right type.
pub fn score_record_with(gold: &GoldRecord, events: &[SysEvent], table: Option<&CameoTable>) -> Outcome {
    let st = ScoredText::new(&gold.text);
    let chosen = choose_event(&st, gold, events);
    let span = |a: &Option<SysActor>| a.as_ref().map(|a| std::iter::once(a.span.clone()).chain(a.resolved.clone()).collect::<Vec<Range<usize>>>()).unwrap_or_default();
    let (src, tgt) = chosen.map(|(e, _)| (span(&e.source), span(&e.target))).unwrap_or_default();
    let source_side: Vec<Range<usize>> = gold.source_spans.iter().chain(&gold.both_spans).cloned().collect();
    let target_side: Vec<Range<usize>> = gold.target_spans.iter().chain(&gold.both_spans).cloned().collect();
    // The reciprocal target of a compound actor: our source takes in every SRC/TAR member
    // ("Jordan and Britain have agreed": source "Jordan and Britain").
    let whole_compound = !gold.both_spans.is_empty() && gold.both_spans.iter().all(|b| st.overlap(&src, std::slice::from_ref(b)) > 0);
    let source_ok = gold.has_source().then(|| actor_matches(&st, &src, &source_side, &gold.target_spans));
    let target_ok = gold.has_target().then(|| actor_matches(&st, &tgt, &target_side, &gold.source_spans) || whole_compound);
    let mode_ok = (!gold.mode.is_empty()).then(|| chosen.and_then(|(e, _)| e.mode.as_deref()) == Some(gold.mode.as_str()));
    Outcome {
        system_type: chosen.map(|(e, _)| e.label.clone()),
        type_ok: chosen.is_some_and(|(e, _)| {
            e.label == gold.event || table.zip(e.cameo.as_deref()).and_then(|(t, c)| t.older_type(c)) == Some(gold.event.as_str())
        }),
        type_strict: chosen.is_some_and(|(e, _)| e.label == gold.event),
        any_event: !events.is_empty(),
        trigger_ok: chosen.is_some_and(|(_, t)| t),
        source_missing: source_ok == Some(false) && chosen.is_some_and(|(e, _)| e.source.is_none()),
        target_missing: target_ok == Some(false) && chosen.is_some_and(|(e, _)| e.target.is_none()),
        source_ok,
        target_ok,
        mode_ok,
    }
}

/// Totals over the PLOVER records.
#[derive(Clone, Debug, Default)]
pub struct PloverTotals {
    pub n: usize,
    pub type_accuracy: Accuracy,
    pub type_strict: Accuracy,
    pub any_event: Accuracy,
    pub trigger: Accuracy,
    pub source: Accuracy,
    pub target: Accuracy,
    pub mode: Accuracy,
    /// Wrong sources (targets) where the chosen event has none.
    pub source_missing: usize,
    pub target_missing: usize,
    /// Per gold type: type accuracy, any-event recall.
    pub by_type: BTreeMap<String, (Accuracy, Accuracy)>,
    /// (gold type, our type or `none`) for wrong types.
    pub confusion: BTreeMap<(String, String), usize>,
}

impl PloverTotals {
    pub fn add(&mut self, gold: &GoldRecord, o: &Outcome) {
        self.n += 1;
        self.type_accuracy.record(o.type_ok);
        self.type_strict.record(o.type_strict);
        self.any_event.record(o.any_event);
        self.trigger.record(o.trigger_ok);
        for (acc, v) in [(&mut self.source, o.source_ok), (&mut self.target, o.target_ok), (&mut self.mode, o.mode_ok)] {
            if let Some(ok) = v {
                acc.record(ok);
            }
        }
        self.source_missing += usize::from(o.source_missing);
        self.target_missing += usize::from(o.target_missing);
        let row = self.by_type.entry(gold.event.clone()).or_default();
        row.0.record(o.type_ok);
        row.1.record(o.any_event);
        if !o.type_ok {
            let ours = o.system_type.clone().unwrap_or_else(|| "none".to_string());
            *self.confusion.entry((gold.event.clone(), ours)).or_default() += 1;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// PETRARCH2 unit-test records and dictionaries
// ---------------------------------------------------------------------------------------------

/// (source code, target code, event code).
pub type Coding = (String, String, String);

/// What a unit-test record expects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expected {
    /// (source code, target code, event code) triples.
    Codings(Vec<Coding>),
    /// The sentence should give no event.
    NoEvents,
    /// The input should be rejected (dateline, discard, bad parse): not an event test.
    Error(String),
}

/// One `<Sentence>` of the unit-test file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PetrRecord {
    pub id: String,
    pub category: String,
    /// `YYYYMMDD`, for dated actor codes.
    pub date: String,
    /// `sentence="false"`: the file marks the feature as not implemented in PETRARCH.
    pub implemented: bool,
    pub text: String,
    pub expected: Expected,
}

/// `<!-- ... -->` comments removed.
fn strip_xml_comments(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("<!--") {
        out.push_str(&rest[..i]);
        rest = match rest[i + 4..].find("-->") {
            Some(j) => &rest[i + 4 + j + 3..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

/// The attributes of a start tag's inside (`id="x" category = 'y'`).
fn xml_attrs(tag: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let mut rest = tag;
    while let Some(eq) = rest.find('=') {
        let key = rest[..eq].split_whitespace().last().unwrap_or("").to_string();
        let after = rest[eq + 1..].trim_start();
        let Some(q) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            rest = &rest[eq + 1..];
            continue;
        };
        let body = &after[1..];
        let Some(close) = body.find(q) else { break };
        out.insert(key, body[..close].to_string());
        rest = &body[close + 1..];
    }
    out
}

fn xml_unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

/// Reads the unit-test file: the categories named in `<Include>` and the `<Sentence>` records.
pub fn read_petrarch_records(xml: &str) -> (Vec<String>, Vec<PetrRecord>) {
    let xml = strip_xml_comments(xml);
    let include: Vec<String> = xml
        .find("<Include>")
        .and_then(|i| {
            let rest = &xml[i + 9..];
            rest.find("</Include>").map(|j| rest[..j].split_whitespace().map(str::to_string).collect())
        })
        .unwrap_or_default();
    let mut out = Vec::new();
    let mut rest = xml.as_str();
    while let Some(i) = rest.find("<Sentence ") {
        let after = &rest[i..];
        let Some(tag_end) = after.find('>') else { break };
        let attrs = xml_attrs(&after[10..tag_end]);
        let body_end = after.find("</Sentence>").unwrap_or(after.len());
        let body = &after[tag_end + 1..body_end];
        rest = &after[body_end.min(after.len())..];
        if body_end == after.len() {
            rest = "";
        }
        let mut codings = Vec::new();
        let mut expected = None;
        let mut b = body;
        while let Some(j) = b.find("<EventCoding") {
            let tail = &b[j + 12..];
            let end = tail.find('>').unwrap_or(tail.len());
            let a = xml_attrs(&tail[..end]);
            if a.get("noevents").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
                expected = Some(Expected::NoEvents);
            } else if let Some(e) = a.get("error") {
                expected = Some(Expected::Error(e.clone()));
            } else if let Some(code) = a.get("eventcode") {
                let get = |k: &str| a.get(k).cloned().unwrap_or_default();
                codings.push((get("sourcecode"), get("targetcode"), code.clone()));
            }
            b = &tail[end.min(tail.len())..];
        }
        let text = body
            .find("<Text>")
            .and_then(|s| body[s + 6..].find("</Text>").map(|e| &body[s + 6..s + 6 + e]))
            .map(|t| xml_unescape(&t.split_whitespace().collect::<Vec<_>>().join(" ")))
            .unwrap_or_default();
        let expected = match expected {
            Some(e) => e,
            None => Expected::Codings(codings),
        };
        out.push(PetrRecord {
            id: attrs.get("id").cloned().unwrap_or_default(),
            category: attrs.get("category").cloned().unwrap_or_default(),
            date: attrs.get("date").cloned().unwrap_or_default(),
            implemented: attrs.get("sentence").is_none_or(|v| !v.eq_ignore_ascii_case("false")),
            text,
            expected,
        });
    }
    (include, out)
}

/// A dictionary phrase: upper-case words, each matched whole (`exact`, written with a trailing
/// `_` in the dictionary) or as a prefix of the text's word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phrase {
    pub words: Vec<(String, bool)>,
}

fn phrase_of(s: &str) -> Option<Phrase> {
    let mut words = Vec::new();
    let mut word = String::new();
    for c in s.trim().chars() {
        match c {
            '_' => {
                if !word.is_empty() {
                    words.push((std::mem::take(&mut word), true));
                } else if let Some(last) = words.last_mut() {
                    last.1 = true;
                }
            }
            c if c.is_whitespace() => {
                if !word.is_empty() {
                    words.push((std::mem::take(&mut word), false));
                }
            }
            c => word.extend(c.to_uppercase()),
        }
    }
    if !word.is_empty() {
        words.push((word, false));
    }
    (!words.is_empty()).then_some(Phrase { words })
}

/// A dated actor code: valid from `from` to `to` (inclusive, `YYYYMMDD`) when given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DatedCode {
    pub code: String,
    pub from: Option<u32>,
    pub to: Option<u32>,
}

/// `950601` or `19950601` as `YYYYMMDD`.
fn dict_date(s: &str) -> Option<u32> {
    let s = s.trim();
    let n: u32 = s.parse().ok()?;
    match s.len() {
        6 => Some(if n / 10000 >= 30 { 19_000_000 + n } else { 20_000_000 + n }),
        8 => Some(n),
        _ => None,
    }
}

/// Reads `[CODE]`, `[CODE <date]`, `[CODE >date]`, `[CODE d1-d2]`; `A/B` keeps the first code.
fn dated_code(inside: &str) -> Option<DatedCode> {
    let inside = inside.trim();
    let (code, restriction) = match inside.find(|c: char| c.is_whitespace() || c == '<' || c == '>') {
        Some(i) => (&inside[..i], inside[i..].trim()),
        None => (inside, ""),
    };
    let code = code.split('/').next().unwrap_or("").trim().to_string();
    if code.is_empty() {
        return None;
    }
    let (mut from, mut to) = (None, None);
    if let Some(d) = restriction.strip_prefix('<') {
        to = dict_date(d).map(|d| d.saturating_sub(1));
    } else if let Some(d) = restriction.strip_prefix('>') {
        from = dict_date(d).map(|d| d + 1);
    } else if let Some((a, b)) = restriction.split_once('-') {
        from = dict_date(a);
        to = dict_date(b);
    }
    Some(DatedCode { code, from, to })
}

/// An actor dictionary: phrases with their (dated) codes.
#[derive(Clone, Debug, Default)]
pub struct ActorDict {
    pub entries: Vec<(Phrase, Vec<DatedCode>)>,
}

/// Lines of a PETRARCH dictionary without `<!-- -->` blocks and `#` comments.
fn dict_lines(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_comment = false;
    for line in s.lines() {
        let t = line.trim_start();
        if in_comment || t.starts_with("<!") {
            in_comment = !line.contains("-->");
            continue;
        }
        let line = line.split('#').next().unwrap_or("");
        out.push(line.to_string());
    }
    out
}

/// Reads a PETRARCH actor dictionary: `PHRASE [CODE]`, synonyms `+PHRASE`, codes on indented
/// lines below, date restrictions.
pub fn read_actor_dict(s: &str) -> ActorDict {
    // Entries in construction: names and codes, shared by a primary phrase and its synonyms.
    let mut entries: Vec<(Vec<Phrase>, Vec<DatedCode>)> = Vec::new();
    for line in dict_lines(s) {
        if line.trim().is_empty() {
            continue;
        }
        let indented = line.starts_with(char::is_whitespace);
        let (name_part, codes): (&str, Vec<DatedCode>) = match line.find('[') {
            Some(i) => {
                let inside = line[i + 1..].split(']').next().unwrap_or("");
                (&line[..i], dated_code(inside).into_iter().collect())
            }
            None => (line.as_str(), Vec::new()),
        };
        let name = name_part.trim();
        if let Some(syn) = name.strip_prefix('+') {
            if let (Some(p), Some(last)) = (phrase_of(syn), entries.last_mut()) {
                last.0.push(p);
                last.1.extend(codes);
            }
        } else if name.is_empty() || (indented && name.is_empty()) {
            if let Some(last) = entries.last_mut() {
                last.1.extend(codes);
            }
        } else if let Some(p) = phrase_of(name) {
            entries.push((vec![p], codes));
        }
    }
    let mut dict = ActorDict::default();
    for (names, codes) in entries {
        for n in names {
            dict.entries.push((n, codes.clone()));
        }
    }
    dict
}

impl ActorDict {
    /// The code of `codes` for `date` (`YYYYMMDD`): the first restricted code whose period
    /// holds, else the first unrestricted one.
    fn code_for(codes: &[DatedCode], date: u32) -> Option<String> {
        let restricted = codes.iter().find(|c| (c.from.is_some() || c.to.is_some()) && c.from.is_none_or(|f| date >= f) && c.to.is_none_or(|t| date <= t));
        restricted.or_else(|| codes.iter().find(|c| c.from.is_none() && c.to.is_none())).map(|c| c.code.clone())
    }
}

/// An agent dictionary: phrases (with plurals) and a code that is a suffix (`~GOV`) or a prefix
/// (`NGO~`) of the actor's code.
#[derive(Clone, Debug, Default)]
pub struct AgentDict {
    pub entries: Vec<(Phrase, String, bool)>,
}

/// Reads a PETRARCH agent dictionary: `PHRASE {PLURAL} [~CODE]`, `!NAME! = A, B` substitutions.
pub fn read_agent_dict(s: &str) -> AgentDict {
    let mut subs: Vec<(String, Vec<String>)> = Vec::new();
    let mut dict = AgentDict::default();
    for line in dict_lines(s) {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if line.starts_with('!') {
            if let Some((name, values)) = line.split_once('=') {
                subs.push((name.trim().to_string(), values.split(',').map(|v| v.trim().to_string()).filter(|v| !v.is_empty()).collect()));
            }
            continue;
        }
        let Some(open) = line.find('[') else { continue };
        let code = line[open + 1..].split(']').next().unwrap_or("").trim().to_string();
        let (suffix, code) = match (code.strip_prefix('~'), code.strip_suffix('~')) {
            (Some(c), _) => (true, c.trim().to_string()),
            (None, Some(c)) => (false, c.trim().to_string()),
            _ => (true, code),
        };
        let head = &line[..open];
        let (name, plural) = match head.find('{') {
            Some(b) => (head[..b].trim(), Some(head[b + 1..].split('}').next().unwrap_or("").trim())),
            None => (head.trim(), None),
        };
        let mut names = vec![name.to_string()];
        match plural {
            Some(p) if !p.is_empty() => names.push(p.to_string()),
            _ => names.push(format!("{name}S")),
        }
        // Substitutions (`CONGRESS!PERSON!`) expand to one phrase per value.
        let mut expanded = Vec::new();
        for n in names {
            match subs.iter().find(|(k, _)| n.contains(k.as_str())) {
                Some((k, values)) => expanded.extend(values.iter().map(|v| n.replace(k.as_str(), v))),
                None => expanded.push(n),
            }
        }
        for n in expanded {
            if let Some(p) = phrase_of(&n) {
                dict.entries.push((p, code.clone(), suffix));
            }
        }
    }
    dict
}

/// Upper-case words of `s`, punctuation split off (`Gondor's` -> `GONDOR`, `'S`).
fn words_upper(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for raw in s.split_whitespace() {
        let mut w = raw.trim_matches(|c: char| c.is_ascii_punctuation() && c != '.' && c != '-' && c != '\'').to_uppercase();
        w = w.trim_end_matches(['.', ',']).to_string();
        if let Some(stem) = w.strip_suffix("'S").or_else(|| w.strip_suffix("’S")) {
            out.push(stem.to_string());
            out.push("'S".to_string());
        } else if !w.is_empty() {
            out.push(w);
        }
    }
    out
}

/// The longest match of `phrase` in `words`: the number of words matched, or 0.
fn phrase_matches_at(phrase: &Phrase, words: &[String], at: usize) -> bool {
    phrase.words.iter().enumerate().all(|(k, (pw, exact))| {
        words.get(at + k).is_some_and(|w| if *exact { w == pw } else { w.starts_with(pw.as_str()) })
    })
}

/// The code of an actor span: the longest actor phrase in it (dated by `date`), with the code of
/// the longest agent phrase in it added as a suffix or prefix (`---` stands for a missing actor).
pub fn actor_code(span_text: &str, date: u32, actors: &ActorDict, agents: &AgentDict) -> Option<String> {
    let words = words_upper(span_text);
    let mut best_actor: Option<(usize, String)> = None;
    for (p, codes) in &actors.entries {
        if (0..words.len()).any(|i| phrase_matches_at(p, &words, i)) && best_actor.as_ref().is_none_or(|(n, _)| p.words.len() > *n) {
            if let Some(c) = ActorDict::code_for(codes, date) {
                best_actor = Some((p.words.len(), c));
            }
        }
    }
    let mut best_agent: Option<(usize, &str, bool)> = None;
    for (p, code, suffix) in &agents.entries {
        if (0..words.len()).any(|i| phrase_matches_at(p, &words, i)) && best_agent.is_none_or(|(n, _, _)| p.words.len() > n) {
            best_agent = Some((p.words.len(), code, *suffix));
        }
    }
    match (best_actor, best_agent) {
        (Some((_, a)), Some((_, g, true))) => Some(format!("{a}{g}")),
        (Some((_, a)), Some((_, g, false))) => Some(format!("{g}{a}")),
        (Some((_, a)), None) => Some(a),
        (None, Some((_, g, true))) => Some(format!("---{g}")),
        (None, Some((_, g, false))) => Some(format!("{g}---")),
        (None, None) => None,
    }
}

/// The root of an event code: its first two digits (`173` -> `17`, `0874` -> `08`).
fn code_root(code: &str) -> &str {
    code.get(..2).unwrap_or(code)
}

/// Totals over the PETRARCH unit-test records.
#[derive(Clone, Debug, Default)]
pub struct PetrTotals {
    /// Records scored (implemented, included category, not an error record).
    pub n_records: usize,
    pub n_skipped: usize,
    /// Gold codings; those with an event of ours of the same root, the same code, the same
    /// source code, target code, and the whole triple.
    pub n_codings: usize,
    pub root: usize,
    pub full: usize,
    pub source: usize,
    pub target: usize,
    pub triple: usize,
    /// Records with codings where we found no event.
    pub coded_records: usize,
    pub no_event: usize,
    /// `noevents` records, and those where we claim an asserted event.
    pub noevent_records: usize,
    pub noevent_false: usize,
}

/// Our (source code, target code, CAMEO code) per event.
pub fn our_codings(events: &[SysEvent], date: u32, actors: &ActorDict, agents: &AgentDict) -> Vec<Coding> {
    events
        .iter()
        .map(|e| {
            let code = |a: &Option<SysActor>| a.as_ref().and_then(|a| actor_code(&a.text, date, actors, agents)).unwrap_or_else(|| "-".to_string());
            (code(&e.source), code(&e.target), e.cameo.clone().unwrap_or_else(|| "-".to_string()))
        })
        .collect()
}

/// Adds one record's result; returns whether it passed every gold coding (for the error list).
pub fn score_petrarch(t: &mut PetrTotals, expected: &Expected, events: &[SysEvent], ours: &[Coding]) -> bool {
    match expected {
        Expected::Error(_) => true,
        Expected::NoEvents => {
            t.noevent_records += 1;
            let claims = events.iter().any(SysEvent::is_fact);
            t.noevent_false += usize::from(claims);
            !claims
        }
        Expected::Codings(codings) => {
            t.coded_records += 1;
            t.no_event += usize::from(events.is_empty());
            let mut all = true;
            for (s, g, e) in codings {
                t.n_codings += 1;
                let root = ours.iter().any(|o| o.2 != "-" && code_root(&o.2) == code_root(e));
                let full = ours.iter().any(|o| &o.2 == e);
                let src = ours.iter().any(|o| &o.0 == s);
                let tgt = ours.iter().any(|o| &o.1 == g);
                let triple = ours.iter().any(|o| &o.0 == s && &o.1 == g && &o.2 == e);
                t.root += usize::from(root);
                t.full += usize::from(full);
                t.source += usize::from(src);
                t.target += usize::from(tgt);
                t.triple += usize::from(triple);
                all &= triple;
            }
            all
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The no-event sentences
// ---------------------------------------------------------------------------------------------

/// The sentences of a no-event file: one per line, `#` comments and blank lines skipped.
pub fn read_sentences(s: &str) -> Vec<String> {
    s.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(str::to_string).collect()
}

// ---------------------------------------------------------------------------------------------
// The command
// ---------------------------------------------------------------------------------------------

struct PloverResult {
    outcome: Outcome,
    events: Vec<SysEvent>,
    n_sentences: usize,
    seconds: f64,
}

fn run_text(pipeline: &annotate::Pipeline, name: &str, text: &str) -> (Doc, f64) {
    let mut doc = doc_from_text(name, text);
    let started = Instant::now();
    pipeline.run(&mut doc);
    (doc, started.elapsed().as_secs_f64())
}

fn gold_description(g: &GoldRecord) -> String {
    let texts = |spans: &[Range<usize>]| spans.iter().map(|r| format!("{:?}", g.text.get(r.clone()).unwrap_or(""))).collect::<Vec<_>>().join(", ");
    let mode = if g.mode.is_empty() { "-".to_string() } else if g.mode == g.mode_original { g.mode.clone() } else { format!("{} (was {})", g.mode, g.mode_original) };
    let event = if g.event == g.event_original { g.event.clone() } else { format!("{} (was {})", g.event, g.event_original) };
    format!(
        "{event} mode {mode} src [{}] tgt [{}] both [{}] evt [{}]",
        texts(&g.source_spans),
        texts(&g.target_spans),
        texts(&g.both_spans),
        texts(&g.triggers)
    )
}

fn mark(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "ok",
        Some(false) => "WRONG",
        None => "n/a",
    }
}

/// `--sentence TEXT`: the parse (one token a line) and the events of one text, to see why an
/// event comes out as it does.
fn show_sentence(pipeline: &annotate::Pipeline, text: &str) {
    let (doc, _) = run_text(pipeline, "sentence", text);
    for (i, (t, a)) in doc.tokens.iter().zip(&doc.analyses).enumerate() {
        let word = doc.text.get(t.span.start as usize..t.span.end as usize).unwrap_or("");
        let head = a.head.map_or("-".to_string(), |h| h.to_string());
        println!("{i:>3} {word:<16} {:<14} {:<6} {:<5} {head:>3} {}", a.lemma, a.upos.as_str(), a.xpos.as_str(), a.deprel.as_str());
    }
    for a in doc.annotations.iter().filter(|a| a.layer == Layer::Entities) {
        println!("entity {:?} {}", doc.text.get(a.span.start as usize..a.span.end as usize).unwrap_or(""), a.label);
    }
    for e in events_of(&doc) {
        println!("event {}", e.describe(&doc.text));
    }
}

pub fn eval(args: &[String]) -> Result<()> {
    let n_errors = match flag(args, "--errors") {
        Some(n) => n.parse::<usize>().context("--errors takes a number")?,
        None => 0,
    };
    let plover_path = Path::new(flag(args, "--data").unwrap_or(DEFAULT_PLOVER));
    let petrarch_dir = Path::new(flag(args, "--petrarch").unwrap_or(DEFAULT_PETRARCH));
    let no_events_path = Path::new(flag(args, "--no-events").unwrap_or(NO_EVENTS));
    let pipeline = annotate::Pipeline::standard();
    if let Some(sentence) = flag(args, "--sentence") {
        show_sentence(&pipeline, sentence);
        return Ok(());
    }
    let names: Vec<&str> = pipeline.describe().iter().map(|d| d.0).collect();
    println!("pipeline: {}", names.join(", "));
    if !names.contains(&"events") {
        println!("note: the standard pipeline has no `events` annotator yet; every figure below will be 0");
    }
    // Load the models before timing.
    pipeline.run(&mut doc_from_text("warm-up", "Veloria's army shelled the border town on Monday, officials said."));
    let mut json = serde_json::Map::new();
    json.insert("task".into(), "events".into());

    // 1. PLOVER records.
    match std::fs::read_to_string(plover_path) {
        Err(_) => println!("PLOVER records not found at {}, skipping", plover_path.display()),
        Ok(s) => {
            let records = read_plover(&s)?;
            let table_path = plover_path.with_file_name("CAMEO2PLOVER-2021.txt");
            let table = std::fs::read_to_string(&table_path).ok().map(|t| CameoTable::parse(&t));
            if table.is_none() {
                println!("{} not found: types compared as written only", table_path.display());
            }
            if args.iter().any(|a| a == "--dump-gold") {
                for g in &records {
                    println!("{} {}\n  {}", g.id, g.text, gold_description(g));
                }
            }
            let started = Instant::now();
            let results: Vec<PloverResult> = records
                .par_iter()
                .map(|g| {
                    let (doc, seconds) = run_text(&pipeline, &g.id, &g.text);
                    let events = events_of(&doc);
                    PloverResult { outcome: score_record_with(g, &events, table.as_ref()), events, n_sentences: doc.sentences.len(), seconds }
                })
                .collect();
            let wall = started.elapsed().as_secs_f64();
            let mut t = PloverTotals::default();
            for (g, r) in records.iter().zip(&results) {
                t.add(g, &r.outcome);
            }
            let n_sentences: usize = results.iter().map(|r| r.n_sentences).sum();
            let cpu: f64 = results.iter().map(|r| r.seconds).sum();
            let n_unplaced: usize = records.iter().map(|g| g.n_unplaced).sum();
            if n_errors > 0 {
                let wrong: Vec<(&GoldRecord, &PloverResult)> = records
                    .iter()
                    .zip(&results)
                    .filter(|(_, r)| !r.outcome.type_ok || r.outcome.source_ok == Some(false) || r.outcome.target_ok == Some(false))
                    .collect();
                println!("== {} of {} PLOVER records with a wrong type, source or target ==", n_errors.min(wrong.len()), wrong.len());
                for (g, r) in wrong.iter().take(n_errors) {
                    let o = &r.outcome;
                    println!("{} type {} src {} tgt {} mode {}", g.id, if o.type_ok { "ok" } else { "WRONG" }, mark(o.source_ok), mark(o.target_ok), mark(o.mode_ok));
                    println!("  text:   {}", g.text);
                    println!("  gold:   {}", gold_description(g));
                    if r.events.is_empty() {
                        println!("  system: no event");
                    }
                    for e in &r.events {
                        println!("  system: {}", e.describe(&g.text));
                    }
                }
                println!();
            }
            println!(
                "PLOVER gold records ({}): {} records, {} sentences{}",
                plover_path.display(),
                t.n,
                n_sentences,
                if n_unplaced > 0 { format!(", {n_unplaced} markup spans not placed on the text") } else { String::new() }
            );
            println!("{:<28} {:>6} {:>8}", "figure", "n", "value");
            for (name, acc, note) in [
                ("event type accuracy", t.type_accuracy, "  (our CAMEO code's type before the 2021 table moved it counts)".to_string()),
                ("  same type name", t.type_strict, String::new()),
                ("any event found", t.any_event, String::new()),
                ("chosen trigger = gold EVT", t.trigger, String::new()),
                ("source match", t.source, format!("  ({} wrong with no source on the chosen event)", t.source_missing)),
                ("target match", t.target, format!("  ({} wrong with no target on the chosen event)", t.target_missing)),
                ("mode accuracy", t.mode, String::new()),
            ] {
                println!("{name:<28} {:>6} {:>7.1}%{note}", acc.n, 100.0 * acc.value());
            }
            println!();
            println!("{:<10} {:>4} {:>9} {:>9}", "gold type", "n", "type acc", "any event");
            for (ty, (acc, any)) in &t.by_type {
                println!("{ty:<10} {:>4} {:>8.1}% {:>8.1}%", acc.n, 100.0 * acc.value(), 100.0 * any.value());
            }
            let mut confusion: Vec<(&(String, String), &usize)> = t.confusion.iter().collect();
            confusion.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            println!();
            println!("confusions (gold -> ours), most frequent first:");
            let line: Vec<String> = confusion.iter().take(20).map(|((g, s), n)| format!("{g}->{s} {n}")).collect();
            for chunk in line.chunks(6) {
                println!("  {}", chunk.join(", "));
            }
            let sentences_per_s = n_sentences as f64 / cpu.max(1e-9);
            println!();
            println!(
                "speed: {n_sentences} sentences in {wall:.2} s on {} threads ({:.1} sentences/s); one core: {sentences_per_s:.1} sentences/s (whole standard pipeline)",
                rayon::current_num_threads(),
                n_sentences as f64 / wall.max(1e-9)
            );
            json.insert("type_accuracy".into(), r4(t.type_accuracy.value()).into());
            json.insert("type_accuracy_strict".into(), r4(t.type_strict.value()).into());
            json.insert("source_match".into(), r4(t.source.value()).into());
            json.insert("target_match".into(), r4(t.target.value()).into());
            json.insert("mode_accuracy".into(), r4(t.mode.value()).into());
            json.insert("event_recall".into(), r4(t.any_event.value()).into());
            json.insert("trigger_match".into(), r4(t.trigger.value()).into());
            json.insert("n".into(), t.n.into());
            json.insert("sentences_per_s".into(), sentences_per_s.round().into());
        }
    }

    // 2. PETRARCH2 unit-test records.
    let records_path = petrarch_dir.join("PETR.UnitTest.records.xml");
    let dicts = petrarch_dir.join("validation-dictionaries");
    match (
        std::fs::read_to_string(&records_path),
        std::fs::read_to_string(dicts.join("PETR.Validate.actors.txt")),
        std::fs::read_to_string(dicts.join("PETR.Validate.agents.txt")),
    ) {
        (Ok(xml), Ok(actors), Ok(agents)) => {
            let (include, records) = read_petrarch_records(&xml);
            let (actors, agents) = (read_actor_dict(&actors), read_agent_dict(&agents));
            let mut t = PetrTotals::default();
            let usable: Vec<&PetrRecord> = records
                .iter()
                .filter(|r| r.implemented && !r.text.is_empty() && (include.is_empty() || include.contains(&r.category)) && !matches!(r.expected, Expected::Error(_)))
                .collect();
            t.n_skipped = records.len() - usable.len();
            let outputs: Vec<(Vec<SysEvent>, Vec<Coding>)> = usable
                .par_iter()
                .map(|r| {
                    let (doc, _) = run_text(&pipeline, &r.id, &r.text);
                    let events = events_of(&doc);
                    let ours = our_codings(&events, r.date.parse().unwrap_or(0), &actors, &agents);
                    (events, ours)
                })
                .collect();
            let mut failures = Vec::new();
            for (r, (events, ours)) in usable.iter().zip(&outputs) {
                t.n_records += 1;
                if !score_petrarch(&mut t, &r.expected, events, ours) {
                    failures.push((r, ours));
                }
            }
            if n_errors > 0 {
                println!();
                println!("== {} of {} PETRARCH records not fully passed ==", n_errors.min(failures.len()), failures.len());
                for (r, ours) in failures.iter().take(n_errors) {
                    println!("{} [{}] {}", r.id, r.category, clip(&r.text, 160));
                    println!("  gold:   {:?}", r.expected);
                    println!("  system: {ours:?}");
                }
            }
            println!();
            println!(
                "PETRARCH2 unit-test records ({}): {} scored, {} skipped (sentence=\"false\", category not in <Include>, error records)",
                petrarch_dir.display(),
                t.n_records,
                t.n_skipped
            );
            println!("  {} gold codings in {} records; an event of ours with", t.n_codings, t.coded_records);
            for (name, n) in [("the same code root (2 digits)", t.root), ("the same full code", t.full), ("the same source code", t.source), ("the same target code", t.target), ("the whole triple", t.triple)] {
                println!("    {name:<32} {:>6.1}% ({n})", 100.0 * ratio(n, t.n_codings));
            }
            println!("  records with codings where we found no event: {:.1}% ({} of {})", 100.0 * ratio(t.no_event, t.coded_records), t.no_event, t.coded_records);
            println!("  noevents records where we claim an asserted event: {} of {}", t.noevent_false, t.noevent_records);
            println!("  (the expected event codes come from the validation verb dictionary, mostly WEIS codes, not CAMEO: see docs/events-eval.md)");
            json.insert("petrarch_pass".into(), r4(ratio(t.triple, t.n_codings)).into());
            json.insert("petrarch_root_pass".into(), r4(ratio(t.root, t.n_codings)).into());
            json.insert("petrarch_code_pass".into(), r4(ratio(t.full, t.n_codings)).into());
            json.insert("petrarch_no_event".into(), r4(ratio(t.no_event, t.coded_records)).into());
        }
        _ => println!("PETRARCH2 unit tests not found at {} (PETR.UnitTest.records.xml, validation-dictionaries/), skipping", petrarch_dir.display()),
    }

    // 3. False events on sentences that report none.
    match std::fs::read_to_string(no_events_path) {
        Err(_) => println!("no-event sentences not found at {}, skipping", no_events_path.display()),
        Ok(s) => {
            let sentences = read_sentences(&s);
            let per: Vec<Vec<SysEvent>> = sentences.par_iter().map(|s| events_of(&run_text(&pipeline, "no-events", s).0)).collect();
            let n_false: usize = per.iter().map(|e| e.iter().filter(|e| e.is_fact()).count()).sum();
            let n_any: usize = per.iter().map(Vec::len).sum();
            let n_with: usize = per.iter().filter(|e| e.iter().any(SysEvent::is_fact)).count();
            if n_errors > 0 {
                println!();
                println!("== false events (asserted, not reported) on the no-event sentences ==");
                for (s, events) in sentences.iter().zip(&per) {
                    for e in events.iter().filter(|e| e.is_fact()).take(n_errors) {
                        println!("{}\n  system: {}", s, e.describe(s));
                    }
                }
            }
            println!();
            println!(
                "no-event sentences ({}): {} sentences, {n_false} false events ({:.3} per sentence, in {n_with} sentences), {n_any} events of any modality",
                no_events_path.display(),
                sentences.len(),
                ratio(n_false, sentences.len())
            );
            json.insert("false_events_per_sentence".into(), r4(ratio(n_false, sentences.len())).into());
            json.insert("events_per_sentence_any".into(), r4(ratio(n_any, sentences.len())).into());
        }
    }
    println!("{}", Value::Object(json));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spans_text<'a>(m: &'a Markup, tag: Tag) -> Vec<&'a str> {
        m.spans.iter().filter(|(t, _)| *t == tag).map(|(_, r)| &m.plain[r.clone()]).collect()
    }

    #[test]
    fn markup_reader_strips_tags_and_keeps_spans() {
        let m = parse_markup("(SRC: Veloria) has (EVT: shelled) (TAR: the town of Ardel) (Upper Ardel) on Monday.");
        assert_eq!(m.plain, "Veloria has shelled the town of Ardel (Upper Ardel) on Monday.");
        assert_eq!(spans_text(&m, Tag::Src), ["Veloria"]);
        assert_eq!(spans_text(&m, Tag::Evt), ["shelled"]);
        assert_eq!(spans_text(&m, Tag::Tar), ["the town of Ardel"]);
    }

    #[test]
    fn markup_nesting_compound_trailing_space_and_stray_parenthesis() {
        let m = parse_markup("A (TAR: judge) died in a (SRC: (EVT: car bomb)) blast (LOC: near Ardel)) as (SRC/TAR: Tarsin) (EVT: return ) home");
        assert_eq!(m.plain, "A judge died in a car bomb blast near Ardel as Tarsin return  home");
        assert_eq!(spans_text(&m, Tag::Src), ["car bomb"]);
        assert_eq!(spans_text(&m, Tag::Evt), ["car bomb", "return"]);
        assert_eq!(spans_text(&m, Tag::Loc), ["near Ardel"]);
        assert_eq!(spans_text(&m, Tag::SrcTar), ["Tarsin"]);
        // An unclosed tag ends with the text, or where the next tag opens; hostile input never
        // panics.
        let m = parse_markup("(EVT: fled é(");
        assert_eq!(spans_text(&m, Tag::Evt), ["fled é("]);
        let m = parse_markup("was (EVT: thwarted (LOC: in (SRC: Ardel) (north)), police said.");
        assert_eq!(m.plain, "was thwarted in Ardel (north), police said.");
        assert_eq!(spans_text(&m, Tag::Evt), ["thwarted"]);
        assert_eq!(spans_text(&m, Tag::Loc), ["in Ardel (north)"]);
        for s in ["(", ")", "((SRC:", "(SRC:)", "(TAR: é)))", "(LOC:(SRC: x) (y)"] {
            let _ = parse_markup(s);
        }
    }

    #[test]
    fn markup_spans_map_onto_text_with_typos() {
        let plain = "The  army shelld the town";
        let text = "The army shelled the town";
        let r = map_ranges(plain, text, &[5..9, 10..16, 0..0]);
        assert_eq!(r[0].clone().map(|r| &text[r]), Some("army"));
        assert_eq!(r[1].clone().map(|r| &text[r]), Some("shelled"));
        assert_eq!(r[2], None);
    }

    fn record() -> Value {
        json!({
            "id": "T-1", "event": "FIGHT", "mode": "strike-hun",
            "source": [{"actorText": "Veloria", "code": "VEL"}],
            "target": "",
            "text": "Veloria's army shelled Ardel and Tarsin on Monday.",
            "textInfo": {"markup": "(SRC: Veloria's army) (EVT: shelled) (TAR: Ardel) and (SRC/TAR: Tarsin) on Monday."}
        })
    }

    #[test]
    fn reads_records_and_maps_old_names() {
        let all = json!([{"id": "D", "event": "DOCUMENT"}, record()]);
        let recs = read_plover(&all.to_string()).unwrap();
        assert_eq!(recs.len(), 1, "the DOCUMENT record is skipped");
        let r = &recs[0];
        assert_eq!((r.event.as_str(), r.event_original.as_str()), ("ASSAULT", "FIGHT"));
        assert_eq!(r.mode, "hunger");
        assert_eq!(&r.text[r.source_spans[0].clone()], "Veloria's army");
        assert_eq!(&r.text[r.target_spans[0].clone()], "Ardel");
        assert_eq!(&r.text[r.both_spans[0].clone()], "Tarsin");
        assert_eq!(&r.text[r.triggers[0].clone()], "shelled");
        assert_eq!(map_event("demand"), "REQUEST");
        assert_eq!(map_event("DISAPPROVE"), "ACCUSE");
        assert_eq!(map_event("INVESTIGATE"), "ACCUSE");
        assert_eq!(map_mode("demo-spon"), "demo");
        assert_eq!(map_mode("host"), "visit");
    }

    #[test]
    fn actor_text_is_searched_without_markup() {
        let mut v = record();
        v["textInfo"] = json!({});
        v["target"] = json!([{"actorText": "ardel"}, "junk"]);
        let r = read_record(&v).unwrap();
        assert_eq!(&r.text[r.source_spans[0].clone()], "Veloria");
        assert_eq!(&r.text[r.target_spans[0].clone()], "Ardel");
        assert!(r.triggers.is_empty());
    }

    fn find(text: &str, needle: &str) -> Range<usize> {
        let s = text.find(needle).unwrap();
        s..s + needle.len()
    }

    fn event(text: &str, label: &str, trigger: &str, src: Option<&str>, tgt: Option<&str>) -> SysEvent {
        let actor = |a: Option<&str>| a.map(|a| SysActor { span: find(text, a), text: a.to_string(), resolved: None });
        SysEvent {
            trigger: find(text, trigger),
            label: label.to_string(),
            modality: "asserted".to_string(),
            source: actor(src),
            target: actor(tgt),
            depth: 1,
            ..SysEvent::default()
        }
    }

    #[test]
    fn scorer_picks_the_event_on_the_gold_trigger() {
        let g = read_record(&record()).unwrap();
        let t = &g.text;
        let events = vec![
            event(t, "MOBILIZE", "army", Some("Veloria"), None),
            event(t, "ASSAULT", "shelled", Some("Veloria's army"), Some("Ardel")),
        ];
        let o = score_record(&g, &events);
        assert_eq!(o.system_type.as_deref(), Some("ASSAULT"));
        assert!(o.type_ok && o.trigger_ok && o.any_event);
        assert_eq!((o.source_ok, o.target_ok), (Some(true), Some(true)));
        assert_eq!(o.mode_ok, Some(false), "no mode given, gold says hunger");
    }

    #[test]
    fn scorer_compound_actor_counts_on_its_own_side_and_wrong_type_fails() {
        let g = read_record(&record()).unwrap();
        let t = &g.text;
        // A SRC/TAR member counts as a target when it is our target, not as the source too:
        // a wrong source is wrong whatever our target is.
        let events = vec![event(t, "COERCE", "shelled", Some("Monday"), Some("Tarsin"))];
        let o = score_record(&g, &events);
        assert!(!o.type_ok);
        assert_eq!((o.source_ok, o.target_ok), (Some(false), Some(true)));
        // A phrase running over the gold source and target tells them apart for neither side.
        let o = score_record(&g, &[event(t, "ASSAULT", "shelled", Some("Veloria's army shelled Ardel"), Some("Ardel"))]);
        assert_eq!((o.source_ok, o.target_ok), (Some(true), Some(true)), "more of the source than of the target");
        let o = score_record(&g, &[event(t, "ASSAULT", "shelled", Some("army shelled Ardel"), Some("Monday"))]);
        assert_eq!((o.source_ok, o.target_ok), (Some(false), Some(false)));
        // A source on neither gold source and no target: both wrong.
        let o = score_record(&g, &[event(t, "ASSAULT", "shelled", Some("Monday"), None)]);
        assert!(o.type_ok);
        assert_eq!((o.source_ok, o.target_ok), (Some(false), Some(false)));
        assert_eq!((o.source_missing, o.target_missing), (false, true));
        // No event at all: a miss for type, actors and mode.
        let o = score_record(&g, &[]);
        assert_eq!((o.type_ok, o.any_event, o.source_ok, o.system_type.clone()), (false, false, Some(false), None));
        let mut totals = PloverTotals::default();
        totals.add(&g, &o);
        assert_eq!(totals.confusion.get(&("ASSAULT".to_string(), "none".to_string())), Some(&1));
        assert_eq!(totals.type_accuracy.value(), 0.0);
    }

    #[test]
    fn codes_moved_by_the_2021_table_keep_their_older_type() {
        let table = CameoTable::parse("08: CONCEDE\n081: CONCEDE,   ,   legal # Ease\n0811: CONCEDE, , democracy # x\n0813: RETREAT, ,   legal # Ease curfew\n16: SANCTION\n160: SANCTION,   ,  # Reduce\n163: COERCE, restrict,   diplomatic # Impose embargo\n");
        assert_eq!(table.older_type("0813"), Some("CONCEDE"));
        assert_eq!(table.older_type("163"), Some("SANCTION"));
        assert_eq!(table.older_type("0811"), None, "not moved");
        assert_eq!(table.older_type("999"), None);
        let mut g = read_record(&record()).unwrap();
        g.event = "SANCTION".into();
        let mut e = event(&g.text, "COERCE", "shelled", None, None);
        e.cameo = Some("163".into());
        let o = score_record_with(&g, std::slice::from_ref(&e), Some(&table));
        assert!(o.type_ok && !o.type_strict);
        e.cameo = Some("0813".into());
        assert!(!score_record_with(&g, &[e], Some(&table)).type_ok, "moved from CONCEDE, not SANCTION");
    }

    #[test]
    fn reciprocal_compound_needs_every_member() {
        let mut v = record();
        v["text"] = json!("Veloria and Tarsin agreed to a truce on Monday.");
        v["textInfo"] = json!({"markup": "(SRC/TAR: Veloria) and (SRC/TAR: Tarsin) (EVT: agreed) to a truce on Monday."});
        let g = read_record(&v).unwrap();
        let t = &g.text;
        // The whole compound as source: both sides found.
        let o = score_record(&g, &[event(t, "AGREE", "agreed", Some("Veloria and Tarsin"), None)]);
        assert_eq!((o.source_ok, o.target_ok), (Some(true), Some(true)));
        // One member as source and the other as target: both found.
        let o = score_record(&g, &[event(t, "AGREE", "agreed", Some("Veloria"), Some("Tarsin"))]);
        assert_eq!((o.source_ok, o.target_ok), (Some(true), Some(true)));
        // One member only: the other side is missed.
        let o = score_record(&g, &[event(t, "AGREE", "agreed", Some("Veloria"), None)]);
        assert_eq!((o.source_ok, o.target_ok), (Some(true), Some(false)));
    }

    #[test]
    fn without_a_gold_trigger_the_main_clause_fact_is_chosen() {
        let mut g = read_record(&record()).unwrap();
        g.triggers.clear();
        let t = g.text.clone();
        let mut hypothetical = event(&t, "THREATEN", "army", None, None);
        hypothetical.modality = "hypothetical".to_string();
        hypothetical.depth = 0;
        let mut deep = event(&t, "PROTEST", "Monday", None, None);
        deep.depth = 3;
        let mut main = event(&t, "ASSAULT", "shelled", None, None);
        main.depth = 0;
        let events = vec![hypothetical.clone(), deep, main];
        assert_eq!(score_record(&g, &events).system_type.as_deref(), Some("ASSAULT"));
        assert_eq!(score_record(&g, &[hypothetical]).system_type.as_deref(), Some("THREATEN"), "no fact: the first event");
    }

    #[test]
    fn reads_the_event_contract() {
        let text = "Tokayev asked the CSTO for help.";
        let a = model::Annotation {
            layer: Layer::Events,
            span: model::Span::new(8, 13),
            label: "REQUEST".into(),
            attrs: json!({
                "trigger": [8, 13], "lemma": "ask", "cameo": "103", "mode": null, "modality": "asserted",
                "reported": {"quote": 0, "cue": null, "speaker": null},
                "source": {"span": [0, 7], "text": "Tokayev", "entity": 0},
                "target": {"span": [14, 22], "text": "the CSTO"}, "summary": "Tokayev requests aid from CSTO"
            }),
            provenance: model::Provenance { annotator: "events".into(), version: 1 },
        };
        let e = read_event(&a, text);
        assert_eq!(e.label, "REQUEST");
        assert_eq!(e.cameo.as_deref(), Some("103"));
        assert!(e.reported && !e.is_fact());
        assert_eq!(e.source.as_ref().map(|s| s.text.as_str()), Some("Tokayev"));
        assert_eq!(e.target.as_ref().map(|s| s.span.clone()), Some(14..22));
        assert_eq!(e.mode, None);
        // Garbage attributes give an empty event, not a panic.
        let junk = model::Annotation { attrs: json!({"trigger": "x", "source": [1], "reported": null}), ..a };
        let e = read_event(&junk, text);
        assert_eq!((e.trigger.clone(), e.is_fact(), e.source.is_none()), (8..13, true, true));
    }

    const XML: &str = r#"<Environment><Include>valid DEMO AGENT</Include></Environment>
<!-- <Sentence id="COMMENTED"> -->
<Sentence date="19950101" id="DEMO-00" category="DEMO" sentence="true">
<!-- a comment -->
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"></EventCoding>
<EventCoding sourcecode='"TOLL"' targetcode="GON" eventcode="023"></EventCoding>
<Text>
Arnor is about to restore ties
with Gondor &amp; Rohan.
</Text>
<Parse>(ROOT)</Parse>
</Sentence>
<Sentence date = "19950101" id ="DEMO-01" category="DEMO" sentence="false">
<EventCoding noevents = "True"></EventCoding>
<Text>Nothing.</Text>
</Sentence>
<Sentence id="E-1" category="ERROR" sentence="true"><EventCoding error="dateline"></EventCoding><Text>X</Text></Sentence>"#;

    #[test]
    fn reads_petrarch_records() {
        let (include, recs) = read_petrarch_records(XML);
        assert_eq!(include, ["valid", "DEMO", "AGENT"]);
        assert_eq!(recs.len(), 3);
        assert_eq!(recs[0].id, "DEMO-00");
        assert_eq!(recs[0].text, "Arnor is about to restore ties with Gondor & Rohan.");
        assert_eq!(
            recs[0].expected,
            Expected::Codings(vec![("ARN".into(), "GON".into(), "064".into()), ("\"TOLL\"".into(), "GON".into(), "023".into())])
        );
        assert!(!recs[1].implemented);
        assert_eq!(recs[1].expected, Expected::NoEvents);
        assert_eq!(recs[2].expected, Expected::Error("dateline".into()));
        for s in ["<Sentence ", "<Sentence id=\"x", "<Sentence><EventCoding", "<!--"] {
            let _ = read_petrarch_records(s);
        }
    }

    const ACTORS: &str = "<!-- header\n -->\nARNOR_  [ARN]\nGONDOR [GON]\n+MINAS_TIRITH\nGOLLUM  # pas\n+SMEAGOL\n\t[HOB < 950601]\n\t[HOBGOV 19950601 - 19990815]\n\t[HOBREB > 990816]\nITHILEN MILITARY  [ITHMIL]\nITHILEN [ITH]\nLORIEN  [ELR/GAL]\n";
    const AGENTS: &str = "!PERSON! = MAN, MEN\nPRESIDENT [~GOV] # ns\nCONGRESS!PERSON! [~LEG]\nHUMAN_RIGHTS_ORGANIZATION  [  NGO~]\nARMED_FORCES  {} [~MIL]\n";

    #[test]
    fn dictionaries_turn_spans_into_codes() {
        let (actors, agents) = (read_actor_dict(ACTORS), read_agent_dict(AGENTS));
        let code = |s: &str, d: u32| actor_code(s, d, &actors, &agents);
        assert_eq!(code("Arnor", 19950101).as_deref(), Some("ARN"));
        assert_eq!(code("Arnorian", 19950101), None, "ARNOR_ matches the whole word only");
        assert_eq!(code("Gondorian troops", 19950101).as_deref(), Some("GON"), "GONDOR matches as a prefix");
        assert_eq!(code("the people of Minas Tirith", 19950101).as_deref(), Some("GON"));
        assert_eq!(code("Smeagol", 19960101).as_deref(), Some("HOBGOV"));
        assert_eq!(code("Smeagol", 19950531).as_deref(), Some("HOB"));
        assert_eq!(code("Gollum", 20010101).as_deref(), Some("HOBREB"));
        assert_eq!(code("the Ithilen military", 19950101).as_deref(), Some("ITHMIL"), "longest phrase wins");
        assert_eq!(code("Lorien", 19950101).as_deref(), Some("ELR"));
        assert_eq!(code("Gondor's president", 19950101).as_deref(), Some("GONGOV"));
        assert_eq!(code("a congressman", 19950101).as_deref(), Some("---LEG"), "CONGRESS matches as a prefix");
        assert_eq!(code("the weather", 19950101), None);
        assert_eq!(code("congressmen of Arnor", 19950101).as_deref(), Some("ARNLEG"));
        assert_eq!(code("the president", 19950101).as_deref(), Some("---GOV"));
        assert_eq!(code("a human rights organization in Arnor", 19950101).as_deref(), Some("NGOARN"));
        assert_eq!(code("Arnor's armed forces", 19950101).as_deref(), Some("ARNMIL"));
    }

    #[test]
    fn petrarch_scoring() {
        let mut t = PetrTotals::default();
        let gold = Expected::Codings(vec![("ARN".into(), "GON".into(), "064".into())]);
        let ev = SysEvent { modality: "asserted".into(), ..SysEvent::default() };
        assert!(score_petrarch(&mut t, &gold, &[ev.clone()], &[("ARN".into(), "GON".into(), "064".into())]));
        assert!(!score_petrarch(&mut t, &gold, &[ev.clone()], &[("ARN".into(), "-".into(), "061".into())]));
        assert!(!score_petrarch(&mut t, &gold, &[], &[]));
        assert_eq!((t.n_codings, t.root, t.full, t.source, t.target, t.triple, t.no_event), (3, 2, 1, 2, 1, 1, 1));
        assert!(!score_petrarch(&mut t, &Expected::NoEvents, &[ev.clone()], &[]));
        let hypothetical = SysEvent { modality: "hypothetical".into(), ..ev };
        assert!(score_petrarch(&mut t, &Expected::NoEvents, &[hypothetical], &[]));
        assert_eq!((t.noevent_records, t.noevent_false), (2, 1));
    }

    #[test]
    fn no_event_file_reader() {
        assert_eq!(read_sentences("# c\n\n A b. \n#x\nC d.\n"), ["A b.", "C d."]);
        let shipped = std::fs::read_to_string(NO_EVENTS).unwrap();
        assert!(read_sentences(&shipped).len() >= 60);
    }
}
