//! Claims of one document: which sentences argue, who holds what they argue, with which stance,
//! hedging and kind, and which competing explanations (frames) they speak to.
//!
//! Works sentence by sentence on the parsed document: cue phrases from the lexicon decide that
//! a sentence is a claim and what kind; the dependency parse says which clause is the main one
//! (its stance is the sentence's) and who the subject of a reporting verb is; the `quotes` layer
//! gives the speaker of reported speech. Clauses are cut at commas, semicolons, dashes and
//! "but", "while", "although", "rather": a rejection ("rather than imposed by Kordavia")
//! applies to the frames in its own clause only.

use model::{Doc, Layer};
use serde::{Deserialize, Serialize};

use crate::lexicon::{Class, Hit, Lexicon, Tag};

/// Longest sentence considered, in tokens: longer "sentences" are tables or run-on boilerplate.
const MAX_TOKENS: usize = 160;
/// Shortest sentence considered, in word tokens.
const MIN_WORDS: usize = 4;

/// The holder's attitude to the proposition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Hash, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    Asserted,
    Doubted,
    Rejected,
}

impl Stance {
    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Asserted => "asserted",
            Stance::Doubted => "doubted",
            Stance::Rejected => "rejected",
        }
    }
}

/// What the claim does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// X happened because Y; the key reason is ...; Z was used to ...
    Explanation,
    /// will, is likely to, may + verb.
    Prediction,
    Plain,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Explanation => "explanation",
            Kind::Prediction => "prediction",
            Kind::Plain => "plain",
        }
    }
}

/// Who holds a claim.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    /// `author` (the document's author), `speaker` (a quoted or reported person or body), or
    /// `reported` (unnamed others the author reports: "many commentators").
    pub kind: String,
    pub name: String,
    /// The entity number in the document's `entities` layer, when the quotes layer resolved it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<u64>,
}

/// A frame a claim speaks to, and the stance its clause takes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrameStance {
    pub frame: String,
    pub stance: Stance,
    /// The matched phrase, as written.
    pub cue: String,
    /// Inherited from the previous claim ("That conclusion ignores ...").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub anaphoric: bool,
}

/// A cue found in the claim: its class and byte range.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cue {
    pub class: String,
    pub start: usize,
    pub end: usize,
}

/// One claim: a sentence that argues, as the `claims` layer stores it in its `attrs`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// Byte range of the sentence (the evidence span).
    pub start: usize,
    pub end: usize,
    pub sentence: usize,
    pub holder: Holder,
    pub stance: Stance,
    pub hedged: bool,
    pub kind: Kind,
    pub cues: Vec<Cue>,
    pub frames: Vec<FrameStance>,
    /// Content lemmas (lower case), for grouping across documents.
    pub terms: Vec<String>,
}

/// Lemmas too common to say what a claim is about.
const STOP: &[&str] = &[
    "be", "have", "do", "say", "make", "take", "get", "go", "come", "give", "also", "not", "more", "most", "other", "such",
    "many", "much", "own", "new", "one", "two", "three", "first", "last", "even", "only", "still", "now", "then", "there",
    "here", "very", "so", "what", "who", "which", "this", "that", "these", "those", "it", "its", "they", "he", "she", "we",
    "year", "day", "time", "way", "thing", "people", "week", "may", "will", "can", "could", "would", "should", "might",
];

/// Reporting verbs whose subject holds the claim in their clause.
const REPORTING: &[&str] = &[
    "say", "tell", "describe", "call", "claim", "insist", "accuse", "assert", "argue", "warn", "note", "observe",
    "suggest", "praise", "question", "announce", "state", "declare", "allege", "deny", "maintain", "conclude",
];

/// Cue lemmas of the `quotes` layer that report what someone said or thinks (the layer also
/// reports acts such as "declared a state of emergency", which are events, not claims).
const COMMUNICATION: &[&str] = &[
    "say", "tell", "describe", "call", "claim", "insist", "accuse", "assert", "argue", "warn", "note", "observe",
    "suggest", "announce", "state", "report", "accord", "believe", "conclude", "write", "add", "explain", "deny",
    "point", "question", "admit", "acknowledge", "allege", "maintain", "stress", "emphasise", "emphasize", "predict",
    "promise", "think", "fear", "confirm", "reply", "answer", "comment", "remark", "recall", "testify", "doubt",
];

/// Share of a sentence a quote must cover to make its speaker the holder, unless it is direct.
const QUOTE_COVER: f64 = 0.3;

/// The document's author as a holder name: its authors, else its outlet, else "the author".
pub fn author_name(doc: &Doc) -> String {
    if !doc.meta.authors.is_empty() {
        return doc.meta.authors.join(", ");
    }
    doc.meta.outlet.clone().unwrap_or_else(|| "the author".to_string())
}

/// One token as the lexicon sees it.
fn lowered(doc: &Doc, i: usize) -> (String, String) {
    let text = doc.tokens.get(i).map_or("", |t| t.span.text(&doc.text)).to_lowercase();
    // Curly apostrophes and quotes are matched as straight ones.
    let text = text.replace(['\u{2019}', '\u{2018}'], "'");
    let lemma = doc.analyses.get(i).map_or_else(|| text.clone(), |a| a.lemma.to_lowercase());
    (text, lemma)
}

fn is_boundary(word: &str) -> bool {
    matches!(word, "," | ";" | ":" | "\u{2014}" | "\u{2013}" | "--" | "but" | "while" | "although" | "though" | "whereas" | "rather" | "instead")
}

/// A quote of the `quotes` layer: its content ranges and speaker.
struct QuoteSpan {
    ranges: Vec<(usize, usize)>,
    holder: Holder,
}

fn quotes_of(doc: &Doc) -> Vec<QuoteSpan> {
    doc.annotations
        .iter()
        .filter(|a| a.layer == Layer::Quotes)
        .map(|a| {
            let mut ranges: Vec<(usize, usize)> = a
                .attrs
                .get("content")
                .and_then(|c| c.as_array())
                .map(|v| v.iter().filter_map(|r| model::attr_range(Some(r))).collect())
                .unwrap_or_default();
            if ranges.is_empty() {
                ranges.push((a.span.start as usize, a.span.end as usize));
            }
            let speaker = a.attrs.get("speaker");
            let name = speaker
                .and_then(|s| s.get("name").and_then(|n| n.as_str()).or_else(|| s.get("text").and_then(|n| n.as_str())))
                .filter(|n| !n.trim().is_empty())
                .map(str::to_string);
            let entity = speaker.and_then(|s| s.get("entity")).and_then(|e| e.as_u64());
            let holder = match name {
                Some(name) => Holder { kind: "speaker".into(), name, entity },
                None => Holder { kind: "speaker".into(), name: "unnamed source".into(), entity: None },
            };
            let cue = a.attrs.get("cue_lemma").and_then(|c| c.as_str()).unwrap_or("");
            let label = speaker.and_then(|s| s.get("label")).and_then(|l| l.as_str()).unwrap_or("");
            let usable = COMMUNICATION.contains(&cue) && !matches!(label, "LOC" | "GPE" | "DATE" | "TIME");
            (usable, QuoteSpan { ranges, holder })
        })
        .filter(|(usable, _)| *usable)
        .map(|(_, q)| q)
        .collect()
}

/// The claims of a parsed document, in text order. Never panics; a document without sentences
/// has none.
pub fn extract(doc: &Doc) -> Vec<Claim> {
    extract_with(doc, Lexicon::load_default())
}

/// [`extract`] with a given lexicon.
pub fn extract_with(doc: &Doc, lex: &Lexicon) -> Vec<Claim> {
    let quotes = quotes_of(doc);
    let author = Holder { kind: "author".into(), name: author_name(doc), entity: None };
    let mut claims: Vec<Claim> = Vec::new();
    for (si, s) in doc.sentences.iter().enumerate() {
        let (t0, t1) = (s.tokens.0 as usize, (s.tokens.1 as usize).min(doc.tokens.len()));
        if t1 <= t0 || t1 - t0 > MAX_TOKENS {
            continue;
        }
        if let Some(c) = sentence_claim(doc, lex, si, t0, t1, &quotes, &author, claims.last()) {
            claims.push(c);
        }
    }
    claims
}

#[allow(clippy::too_many_arguments)]
fn sentence_claim(
    doc: &Doc,
    lex: &Lexicon,
    si: usize,
    t0: usize,
    t1: usize,
    quotes: &[QuoteSpan],
    author: &Holder,
    previous: Option<&Claim>,
) -> Option<Claim> {
    let s = doc.sentences.get(si)?;
    let (start, end) = (s.span.start as usize, s.span.end as usize);
    let words: Vec<(String, String)> = (t0..t1).map(|i| lowered(doc, i)).collect();
    let n_words = (t0..t1).filter(|&i| doc.tokens.get(i).is_some_and(|t| t.kind == model::TokenKind::Word)).count();
    if n_words < MIN_WORDS {
        return None;
    }
    let parsed = doc.analyses.len() >= t1;
    let upos = |i: usize| doc.analyses.get(i).map_or("", |a| a.upos.as_str());
    let has_verb = !parsed || (t0..t1).any(|i| matches!(upos(i), "VERB" | "AUX"));
    if !has_verb {
        return None;
    }
    let hits = lex.find(&words);
    let cue = |c: Class| hits.iter().filter(move |h| h.tag == Tag::Cue(c));
    // A modal followed (within two words) by a bare verb other than "have" is a prediction.
    let modal_predicts = cue(Class::Modal).any(|h| {
        (h.end..(h.end + 2).min(words.len())).any(|j| {
            let i = t0 + j;
            doc.analyses.get(i).is_some_and(|a| a.xpos.as_str() == "VB" && a.lemma != "have")
        })
    });
    let sentence_len = end.saturating_sub(start).max(1) as f64;
    let quote = quotes.iter().find(|q| {
        let covered: usize = q.ranges.iter().map(|&(a, b)| b.min(end).saturating_sub(a.max(start))).sum();
        covered > 0 && covered as f64 / sentence_len >= QUOTE_COVER
    });
    // A frame's words in quotation marks of the author's own ("the protests became a
    // 'terrorist attack'") keep them at a distance: scare quotes.
    let is_open = |j: usize| words.get(j).is_some_and(|(w, _)| matches!(w.as_str(), "\"" | "\u{201c}" | "'" | "\u{2018}"));
    let is_close = |j: usize| words.get(j).is_some_and(|(w, _)| matches!(w.as_str(), "\"" | "\u{201d}" | "'" | "\u{2019}"));
    // Inside quotation marks: the nearest quote mark before opens (a straight one opens when an
    // even number precede it) and the nearest after closes.
    let is_mark = |j: usize| is_open(j) || is_close(j);
    let scare = |h: &Hit| {
        let Some(before) = (0..h.start).rev().find(|&j| is_mark(j)) else { return false };
        let Some(after) = (h.end..words.len()).find(|&j| is_mark(j)) else { return false };
        let straight_before = (0..before).filter(|&j| words.get(j).is_some_and(|(w, _)| w == "\"")).count();
        let opens = match words.get(before).map(|(w, _)| w.as_str()) {
            Some("\"") => straight_before % 2 == 0,
            _ => is_open(before) && !matches!(words.get(before).map(|(w, _)| w.as_str()), Some("'")),
        };
        opens && is_close(after)
    };
    let arguing = hits.iter().any(|h| matches!(h.tag, Tag::Cue(c) if c != Class::Anaphor))
        || quote.is_some()
        || hits.iter().any(|h| matches!(h.tag, Tag::Frame(_)) && scare(h));
    if !arguing {
        return None;
    }

    // Clauses: segment number of each token.
    let mut seg = Vec::with_capacity(words.len());
    let mut k = 0usize;
    for (j, (w, _)) in words.iter().enumerate() {
        if j > 0 && is_boundary(w) {
            k += 1;
        }
        seg.push(k);
    }
    let seg_of = |j: usize| seg.get(j).copied().unwrap_or(0);
    let n_seg = k + 1;
    let mut seg_stance = vec![Stance::Asserted; n_seg];
    for h in &hits {
        let st = match h.tag {
            Tag::Cue(Class::Reject | Class::Overlook) => Stance::Rejected,
            Tag::Cue(Class::Doubt) => Stance::Doubted,
            _ => continue,
        };
        if let Some(slot) = seg_stance.get_mut(seg_of(h.start)) {
            // Rejection outranks doubt.
            if *slot != Stance::Rejected {
                *slot = st;
            }
        }
    }
    // The main clause: the one holding the root of the parse, else the first with a stance cue.
    let root = if parsed { (t0..t1).find(|&i| doc.analyses.get(i).is_some_and(|a| a.head.is_none())) } else { None };
    let stance = match root {
        Some(r) => seg_stance.get(seg_of(r - t0)).copied().unwrap_or(Stance::Asserted),
        None => seg_stance.iter().copied().find(|s| *s != Stance::Asserted).unwrap_or(Stance::Asserted),
    };

    let hedged = cue(Class::Hedge).next().is_some() || cue(Class::Modal).next().is_some();
    let kind = if cue(Class::Explain).next().is_some() {
        Kind::Explanation
    } else if cue(Class::Predict).next().is_some() || modal_predicts {
        Kind::Prediction
    } else {
        Kind::Plain
    };

    let reported = cue(Class::Reported).next().is_some() && stance == Stance::Asserted;
    // A quote whose speaker is the reported crowd ("many commentators concluded that ...") is
    // held by unnamed others.
    let crowd: Vec<&str> = cue(Class::Reported).filter_map(|h| words.get(h.end.saturating_sub(1)).map(|w| w.0.as_str())).collect();
    let holder = if let Some(q) = quote.filter(|q| !(reported && crowd.iter().any(|w| q.holder.name.to_lowercase().contains(w)))) {
        q.holder.clone()
    } else if reported {
        Holder { kind: "reported".into(), name: "others (reported)".into(), entity: None }
    } else if let Some(name) = reporting_subject(doc, root, t0, t1) {
        Holder { kind: "speaker".into(), name, entity: None }
    } else {
        author.clone()
    };

    let byte = |j: usize| doc.tokens.get(t0 + j).map(|t| (t.span.start as usize, t.span.end as usize));
    let span_of = |h: &Hit| -> Option<(usize, usize)> { Some((byte(h.start)?.0, byte(h.end.checked_sub(1)?)?.1)) };
    let mut frames: Vec<FrameStance> = Vec::new();
    for h in &hits {
        let Tag::Frame(f) = h.tag else { continue };
        let Some(frame) = lex.frames.get(f) else { continue };
        let mut st = seg_stance.get(seg_of(h.start)).copied().unwrap_or(stance);
        if holder.kind == "author" && st == Stance::Asserted && scare(h) {
            st = Stance::Doubted;
        }
        // What a claim says was ignored is what its holder asserts.
        if cue(Class::Overlook).any(|o| o.end <= h.start && seg_of(o.start) == seg_of(h.start)) {
            st = Stance::Asserted;
        }
        let text = span_of(h).map_or("", |(a, b)| doc.text.get(a..b).unwrap_or(""));
        match frames.iter_mut().find(|x| x.frame == frame.id) {
            // A frame named twice keeps its strongest stance.
            Some(x) => x.stance = x.stance.max(st),
            None => frames.push(FrameStance { frame: frame.id.clone(), stance: st, cue: text.to_string(), anaphoric: false }),
        }
    }
    // "That conclusion ignores ...": a rejection or doubt pointing back at the previous claim
    // takes that claim's frames.
    let anaphoric = stance != Stance::Asserted
        && cue(Class::Anaphor).any(|h| h.start <= 4 && h.start >= 1 && words.get(h.start - 1).is_some_and(|(w, _)| matches!(w.as_str(), "this" | "that" | "such" | "these")));
    if anaphoric && frames.iter().all(|f| f.stance == Stance::Asserted) {
        if let Some(prev) = previous.filter(|p| p.sentence + 2 >= si) {
            for f in &prev.frames {
                if f.stance == Stance::Asserted && !frames.iter().any(|x| x.frame == f.frame) {
                    frames.push(FrameStance { frame: f.frame.clone(), stance, cue: f.cue.clone(), anaphoric: true });
                }
            }
        }
    }

    let cues = hits
        .iter()
        .filter_map(|h| match h.tag {
            Tag::Cue(c) => span_of(h).map(|(a, b)| Cue { class: c.as_str().to_string(), start: a, end: b }),
            Tag::Frame(_) => None,
        })
        .collect();
    let mut terms: Vec<String> = (t0..t1)
        .filter(|&i| !parsed || matches!(upos(i), "NOUN" | "PROPN" | "VERB" | "ADJ"))
        .filter_map(|i| words.get(i - t0).map(|(_, l)| l.clone()))
        .filter(|l| l.chars().count() > 2 && l.chars().all(|c| c.is_alphanumeric() || c == '-') && !STOP.contains(&l.as_str()))
        .collect();
    terms.sort();
    terms.dedup();
    Some(Claim { start, end, sentence: si, holder, stance, hedged, kind, cues, frames, terms })
}

/// The subject of the sentence's root when the root is a reporting verb and the subject names
/// someone ("Rekker described the violence as ..."): the subject with its compounds.
fn reporting_subject(doc: &Doc, root: Option<usize>, t0: usize, t1: usize) -> Option<String> {
    let r = root?;
    let lemma = doc.analyses.get(r)?.lemma.to_lowercase();
    if !REPORTING.contains(&lemma.as_str()) {
        return None;
    }
    let subj = (t0..t1).find(|&i| doc.analyses.get(i).is_some_and(|a| a.head == Some(r as u32) && a.deprel.as_str().starts_with("nsubj")))?;
    if doc.analyses.get(subj)?.upos.as_str() != "PROPN" {
        return None;
    }
    // The subject's name: itself and the compound/flat words before it.
    let mut first = subj;
    while first > t0 && doc.analyses.get(first - 1).is_some_and(|a| a.upos.as_str() == "PROPN") {
        first -= 1;
    }
    let a = doc.tokens.get(first)?.span.start as usize;
    let b = doc.tokens.get(subj)?.span.end as usize;
    doc.text.get(a..b).map(str::to_string)
}
