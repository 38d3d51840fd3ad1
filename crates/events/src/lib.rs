//! Events: who did what to whom, when and where, coded in PLOVER 2021 and CAMEO, from a parsed
//! and annotated [`Doc`].
//!
//! Input: a document with tokens, sentences, part-of-speech tags, dependency trees, entities,
//! times and quotes. Output: [`Event`]s, each with its trigger, type, CAMEO code and mode (from
//! the lexicon in `data/events.tsv`), source and target actors (entities where the text names
//! one, with their sector from `data/roles.tsv`), location, time, modality and, when the event
//! is told by someone, the attribution it is reported in.
//!
//! How it works, per sentence:
//! - **Triggers.** Verbs, nouns and adjectives whose lemma is in the lexicon and whose row's
//!   conditions hold (object, particle, preposition, modifier). Nouns are events only when
//!   something anchors them (an actor, a time, a place, or a verb such as "staged", "began").
//! - **Statements of intent, requests, refusals, threats** ("agreed to send troops", "asked the
//!   alliance for help", "refused to resign") are one event whose `intent` is the PLOVER type of
//!   the complement; the complement is not reported again on its own. A statement of intent
//!   to do something hostile is a THREATEN, as CAMEO codes it.
//! - **Actors** from the dependency tree: subject and object, passive agent and subject,
//!   shared subjects of coordinated verbs, controllers of "X urged Y to ...", relative clauses
//!   ("protesters who stormed"), a noun's "of" complement, possessive and "by" phrase.
//! - **Modality**: negated ("did not intervene"), hypothetical (modal verbs, "if", questions,
//!   "considered sending", purpose clauses), future ("will", "plans to"), else asserted; and
//!   `reported` when the trigger lies inside the content of an attribution of the quotes layer.
//! - **Phase**: `start` or `end` when the trigger is the subject, object or complement of a
//!   verb or noun of beginning or ending ("protests began", "the end of the deployment"); that
//!   word's date and place are the event's.
//! - **Place**: an "in/at/near" phrase of the trigger (or of the carrying or phase word), else
//!   the place the source or target is said to be in ("workers in Dranmoor").
//! - **Time**: the time expression whose path up the tree first reaches this trigger (or the
//!   phase word); else one that belongs to no event of the sentence (a sentence-level date).
//!
//! Never panics; bounded work per sentence (each lookup walks at most a few levels).

pub mod countries;
pub mod lexicon;
pub mod roles;

use std::collections::HashMap;

use lexicon::{Complement, Entry, Lexicon, OfRole, Pos};
use model::tree::{rel_is, Tree};
use model::{Doc, Layer};
use roles::Roles;

/// How sure the text is that the event happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Modality {
    Asserted,
    Negated,
    Hypothetical,
    Future,
}

impl Modality {
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Negated => "negated",
            Modality::Hypothetical => "hypothetical",
            Modality::Future => "future",
        }
    }
}

/// A participant or place of an event, as written and as resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    /// Byte range of the phrase as written ("the former security chief").
    pub span: (usize, usize),
    /// Token index of the phrase's head word.
    pub head: usize,
    /// The entity of the `entities` layer it names, if any: number, name, type.
    pub entity: Option<u64>,
    pub name: Option<String>,
    pub label: Option<String>,
    /// CAMEO role code ("GOV", "COP", "OPP", "IGO", ...).
    pub sector: Option<String>,
    /// The phrase joins several actors ("Jordan and Britain"); the entity is the first one's.
    pub compound: bool,
    /// ISO 3166-1 alpha-3 code of the actor's country, as CAMEO codes it ("KAZ").
    pub country: Option<String>,
}

/// The attribution an event is told in.
#[derive(Debug, Clone, PartialEq)]
pub struct Reported {
    /// Index of the annotation among the document's `quotes` layer annotations.
    pub quote: usize,
    pub cue: Option<(usize, usize)>,
    /// Who tells it, as resolved by the quotes layer (name, else the source's words).
    pub speaker: Option<String>,
}

/// One coded event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Byte range of the trigger word(s).
    pub trigger: (usize, usize),
    /// Token index of the trigger.
    pub trigger_token: usize,
    pub lemma: String,
    pub nominal: bool,
    /// PLOVER 2021 type.
    pub kind: String,
    pub mode: Option<String>,
    pub cameo: String,
    pub modality: Modality,
    pub reported: Option<Reported>,
    pub source: Option<Actor>,
    pub target: Option<Actor>,
    pub location: Option<Actor>,
    /// TIMEX3 value and byte range of the time expression dating the event.
    pub time: Option<(String, (usize, usize))>,
    pub sentence: usize,
    /// For statements of intent, requests, refusals and threats: the PLOVER type of what is
    /// intended, asked for, refused or threatened.
    pub intent: Option<String>,
    /// `"start"` when the text presents the event as beginning ("protests began", "began to
    /// protest", "the outbreak of protests"), `"end"` when as ending ("the withdrawal was
    /// completed", "the end of the mission"): the word that says so gives the event its date and
    /// place when the event has none of its own.
    pub phase: Option<&'static str>,
}

impl Event {
    /// A short readable line: "Rekker requests aid from Eastern Security Pact".
    pub fn summary(&self, text: &str) -> String {
        let name = |a: &Option<Actor>| {
            a.as_ref().map(|a| {
                let phrase = || clean_phrase(text.get(a.span.0..a.span.1).unwrap_or(""));
                if a.compound {
                    return phrase();
                }
                a.name.clone().unwrap_or_else(phrase)
            })
        };
        let target = name(&self.target);
        let place = name(&self.location).map(|p| format!(" in {p}")).unwrap_or_default();
        let Some(source) = name(&self.source) else {
            // No actor named: say what happened to whom, in the text's own word ("164 people:
            // killed", "protests in Dranmoor").
            let what = clean_phrase(text.get(self.trigger.0..self.trigger.1).unwrap_or(&self.lemma));
            let what = match self.modality {
                Modality::Asserted => what,
                m => format!("{what} ({})", m.as_str()),
            };
            return match target {
                Some(t) => format!("{t}: {what}{place}"),
                None => format!("{what}{place}"),
            };
        };
        let (verb, prep) = gloss(&self.kind, self.mode.as_deref(), self.intent.as_deref());
        let verb = match self.modality {
            Modality::Asserted => verb.to_string(),
            Modality::Negated => format!("does not {}", base_form(verb)),
            Modality::Hypothetical => format!("may {}", base_form(verb)),
            Modality::Future => format!("will {}", base_form(verb)),
        };
        let mut line = match target {
            Some(t) if prep.is_empty() => format!("{source} {verb} {t}{place}"),
            Some(t) => format!("{source} {verb} {prep} {t}{place}"),
            None => format!("{source} {}{place}", verb.trim_end_matches(" with").trim_end_matches(" to").trim_end_matches(" from")),
        };
        if let Some(r) = self.reported.as_ref().and_then(|r| r.speaker.as_deref()) {
            line.push_str(&format!(" (according to {})", clean_phrase(r)));
        }
        line
    }
}

/// Present-tense gloss of a type (and mode, and intent): the verb and the preposition before
/// the target.
fn gloss(kind: &str, mode: Option<&str>, intent: Option<&str>) -> (&'static str, &'static str) {
    match (kind, mode, intent) {
        ("REQUEST", _, Some("AID")) => ("requests aid", "from"),
        ("REQUEST", _, Some("MOBILIZE")) => ("requests troops", "from"),
        ("REQUEST", _, _) => ("makes a request to", ""),
        ("AGREE", _, Some("AID")) => ("offers aid", "to"),
        ("AGREE", _, _) => ("agrees with", ""),
        ("THREATEN", _, _) => ("threatens", ""),
        ("REJECT", _, _) => ("rejects", ""),
        ("CONSULT", Some("visit"), _) => ("visits", ""),
        ("CONSULT", _, _) => ("consults", ""),
        ("SUPPORT", _, _) => ("supports", ""),
        ("CONCEDE", Some("resign"), _) => ("resigns", "from"),
        ("CONCEDE", _, _) => ("concedes", "to"),
        ("COOPERATE", _, _) => ("cooperates with", ""),
        ("AID", Some(_), _) | ("AID", None, _) => ("aids", ""),
        ("RETREAT", Some("release"), _) => ("releases", ""),
        ("RETREAT", _, _) => ("withdraws", "from"),
        ("ACCUSE", Some("investigate"), _) => ("investigates", ""),
        ("ACCUSE", _, _) => ("accuses", ""),
        ("PROTEST", _, _) => ("protests", "against"),
        ("SANCTION", _, _) => ("sanctions", ""),
        ("MOBILIZE", _, _) => ("deploys forces", "to"),
        ("COERCE", Some("arrest"), _) => ("arrests", ""),
        ("COERCE", Some("dismiss"), _) => ("dismisses", ""),
        ("COERCE", Some("martial-law" | "curfew"), _) => ("imposes emergency rule on", ""),
        ("COERCE", Some("censor"), _) => ("censors", ""),
        ("COERCE", Some("seize"), _) => ("seizes", ""),
        ("COERCE", Some("restrict"), _) => ("imposes restrictions on", ""),
        ("COERCE", _, _) => ("coerces", ""),
        ("ASSAULT", _, _) => ("attacks", ""),
        _ => ("acts on", ""),
    }
}

/// "requests aid" -> "request aid", "does" -> "do".
fn base_form(verb: &str) -> String {
    let (first, rest) = verb.split_once(' ').map_or((verb, ""), |(a, b)| (a, b));
    let base = if let Some(s) = first.strip_suffix("ies") {
        format!("{s}y")
    } else if first.ends_with("sses") || first.ends_with("shes") || first.ends_with("ches") || first.ends_with("xes") {
        first[..first.len() - 2].to_string()
    } else {
        first.strip_suffix('s').unwrap_or(first).to_string()
    };
    if rest.is_empty() {
        base
    } else {
        format!("{base} {rest}")
    }
}

fn clean_phrase(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Verbs whose object or subject noun is the event itself: "staged protests", "protests began".
const LIGHT_VERBS: &[&str] = &[
    "stage", "hold", "launch", "carry", "conduct", "begin", "start", "continue", "organise", "organize", "mount", "join", "resume", "lead", "order",
    "announce", "declare", "erupt", "break", "spread", "escalate", "occur", "happen", "take", "end", "turn", "follow", "trigger", "spark",
    "intensify", "step", "call", "make", "issue", "lodge", "impose", "face", "see", "witness", "unleash", "prompt", "provoke", "approve",
    "authorize", "authorise", "complete", "finish", "undertake", "perform", "plan", "threaten", "open", "reiterate", "renew", "repeat",
    "flare", "commence", "stop", "cease", "conclude",
    // Taking part ("gathered for a rally", "participated in the strike"), a state ("remained on
    // alert", "was put under investigation") and arriving ("the deployment arrived in Bosnia").
    "gather", "converge", "assemble", "participate", "remain", "put", "place", "arrive",
];

/// Adverbs that give a relative clause a time of its own ("whom he recently removed").
const RELATIVE_TIME_ADVERBS: &[&str] = &["recently", "earlier", "later", "previously", "once", "formerly", "now", "since", "already", "long"];

/// Verbs of motion and the nouns of help they carry in "come to X's aid" (the one helped is
/// the possessor, the one who comes helps).
const COMING_TO_AID: (&[&str], &[&str]) = (&["come", "rush", "hurry", "go"], &["aid", "help", "assistance", "rescue", "defence", "defense"]);

/// Light verbs that carry an event noun only as their prepositional complement ("remained on
/// alert", "was put under investigation", "placed under arrest").
const STATE_VERBS: &[&str] = &["remain", "put", "place"];

/// Event verbs with no passive: coordinated with a passive verb ("was dismissed and
/// resigned"), their subject is the one who acts, not one acted upon.
const INTRANSITIVE: &[&str] = &[
    "resign", "flee", "protest", "demonstrate", "march", "riot", "strike", "escape", "die", "retreat", "rally", "surrender", "step", "quit",
    "defect", "gather", "return", "go", "come", "leave", "arrive", "disappear", "rebel", "mutiny",
];

/// Verbs whose subject or object event begins ("protests began", "started the operation"),
/// and whose open complement begins ("began to protest").
const START_VERBS: &[&str] = &["begin", "start", "commence"];
/// Verbs whose subject event begins without being begun by someone ("unrest broke out").
const START_INTRANSITIVE: &[&str] = &["erupt", "break", "flare"];
/// Verbs whose subject, passive subject or object event ends ("the withdrawal was completed",
/// "ended the operation", "stopped protesting").
const END_VERBS: &[&str] = &["end", "stop", "finish", "cease", "complete", "conclude", "halt"];
/// Nouns whose "of" complement begins or ends ("the outbreak of protests", "the end of the
/// mission").
const START_NOUNS: &[&str] = &["start", "beginning", "outbreak", "onset", "eruption", "commencement"];
const END_NOUNS: &[&str] = &["end", "ending", "conclusion", "completion", "cessation", "halt"];

/// Verbs whose object is the subject of their open complement ("urged the alliance to send").
const OBJECT_CONTROL: &[&str] = &[
    "urge", "ask", "order", "force", "compel", "persuade", "tell", "allow", "permit", "help", "encourage", "invite", "call", "require", "want",
    "request", "instruct", "authorize", "authorise", "pressure", "press", "push", "lead", "cause", "enable", "oblige", "direct", "command",
    "induce", "convince", "tempt", "entice",
];

/// Nouns for help asked or offered that are not events themselves: "asked the alliance for
/// troops" is a request for military protection (CAMEO 1034).
const PROTECTION_NOUNS: &[&str] =
    &["troop", "troops", "soldier", "soldiers", "peacekeeper", "peacekeepers", "force", "forces", "contingent", "protection", "reinforcements", "military"];

/// Nouns that add nothing to the event noun compounded with them ("a mediation effort").
const GENERIC_HEADS: &[&str] = &["effort", "efforts", "process", "operation", "campaign", "mission", "drive", "attempt", "action", "bid", "programme", "program"];

/// Nouns an event is counted or measured in ("10 days of war games", "a wave of protests").
const MEASURE_HEADS: &[&str] = &["day", "week", "month", "hour", "year", "round", "series", "wave", "spate", "string", "night"];

/// Verbs after which a complement keeps the head's modality ("began to protest").
const ASPECTUAL: &[&str] = &["begin", "start", "continue", "resume", "try", "attempt", "manage", "keep", "go", "come", "help", "move"];

/// Verbs that make their complement future ("plans to send").
const FUTURE_HEADS: &[&str] = &["plan", "intend", "expect", "prepare", "schedule", "aim", "decide", "set", "due"];

/// Verbs and adjectives that make their complement hypothetical ("considered sending").
const HYPOTHETICAL_HEADS: &[&str] = &[
    "consider", "propose", "suggest", "want", "wish", "hope", "seek", "fear", "risk", "contemplate", "mull", "weigh", "discuss", "debate", "possible",
    "likely", "unlikely", "able", "unable", "need", "have", "would", "could", "might", "may", "should", "must", "wonder", "imagine", "doubt",
    "question", "prefer", "try",
    // Persuasion does not say that the persuaded act ("to induce it to come to his aid"), nor
    // an order that it was carried out ("ordered security forces to shoot").
    "induce", "persuade", "convince", "encourage", "tempt", "entice", "order", "instruct", "command", "authorize", "authorise",
];

const MODAL_HYPOTHETICAL: &[&str] = &["may", "might", "could", "would", "should", "can", "must", "ought", "shall"];
const MODAL_FUTURE: &[&str] = &["will", "'ll"];

/// An entity mention: byte range, entity number, name, label.
type Mention = (usize, usize, Option<u64>, Option<String>, Option<String>);
/// A quote: index, content pieces, cue, speaker.
type Quote = (usize, Vec<(usize, usize)>, Option<(usize, usize)>, Option<String>);

/// Per-document context shared by the extraction steps.
struct Ctx<'a> {
    tree: Tree<'a>,
    lex: &'a Lexicon,
    roles: &'a Roles,
    countries: &'a countries::Countries,
    /// Entity mentions: byte range, entity number, name, label.
    mentions: Vec<Mention>,
    /// Quotes: index, content pieces, cue, speaker.
    quotes: Vec<Quote>,
    /// Resolved or unresolved times: byte range and value.
    times: Vec<(usize, usize, String)>,
}

/// Finds the events of a document with the compiled-in lexicons.
pub fn extract(doc: &Doc) -> Vec<Event> {
    extract_with(doc, Lexicon::load_default(), Roles::load_default())
}

/// Finds the events of a document with the given lexicons.
pub fn extract_with(doc: &Doc, lex: &Lexicon, roles: &Roles) -> Vec<Event> {
    let ctx = Ctx {
        tree: Tree::new(doc),
        lex,
        roles,
        countries: countries_table(),
        mentions: doc
            .annotations
            .iter()
            .filter(|a| a.layer == Layer::Entities)
            .map(|a| {
                let s = |k: &str| a.attrs.get(k).and_then(|v| v.as_str()).map(str::to_string);
                (a.span.start as usize, a.span.end as usize, a.attrs.get("entity").and_then(|v| v.as_u64()), s("name"), Some(a.label.clone()))
            })
            .collect(),
        quotes: doc
            .annotations
            .iter()
            .filter(|a| a.layer == Layer::Quotes)
            .enumerate()
            .map(|(n, a)| {
                let pieces = a.attrs.get("content").and_then(|v| v.as_array()).map(|v| v.iter().filter_map(|p| model::attr_range(Some(p))).collect()).unwrap_or_default();
                let cue = model::attr_range(a.attrs.get("cue"));
                let speaker = a.attrs.get("speaker").and_then(|s| {
                    s.get("name").and_then(|v| v.as_str()).or_else(|| s.get("text").and_then(|v| v.as_str())).map(str::to_string)
                });
                (n, pieces, cue, speaker)
            })
            .collect(),
        times: doc
            .annotations
            .iter()
            .filter(|a| a.layer == Layer::Times && (a.label == "DATE" || a.label == "TIME"))
            .filter_map(|a| Some((a.span.start as usize, a.span.end as usize, a.attrs.get("value")?.as_str()?.to_string())))
            // PRESENT_REF and the like say nothing about which day.
            .filter(|(_, _, v)| v.starts_with(|c: char| c.is_ascii_digit() || c == 'X'))
            .collect(),
    };
    let mut out = Vec::new();
    for s in 0..doc.sentences.len() {
        sentence_events(&ctx, s, &mut out);
    }
    out
}

/// The compiled-in country table, parsed once.
fn countries_table() -> &'static countries::Countries {
    static TABLE: std::sync::OnceLock<countries::Countries> = std::sync::OnceLock::new();
    TABLE.get_or_init(countries::Countries::load)
}

/// A trigger found in a sentence, before its arguments are read.
struct Trigger<'e> {
    token: usize,
    entry: &'e Entry,
    /// For nouns: the verb that carries them ("staged protests").
    carrier: Option<usize>,
}

fn sentence_events(ctx: &Ctx<'_>, s: usize, out: &mut Vec<Event>) {
    let t = &ctx.tree;
    let (lo, hi) = t.sentence_tokens(s);
    if hi <= lo || hi - lo > 400 {
        return; // a 400-token "sentence" is a list or a broken page, not a report
    }
    let mut triggers: Vec<Trigger<'_>> = Vec::new();
    for i in lo..hi {
        if let Some(tr) = match_trigger(ctx, i) {
            triggers.push(tr);
        }
    }
    if triggers.is_empty() {
        return;
    }
    let is_trigger: HashMap<usize, usize> = triggers.iter().enumerate().map(|(k, tr)| (tr.token, k)).collect();
    // Complements absorbed by statements of intent, requests, refusals and threats.
    let mut absorbed = vec![false; triggers.len()];
    let mut intents: Vec<Option<usize>> = vec![None; triggers.len()];
    for (k, tr) in triggers.iter().enumerate() {
        if tr.entry.complement == Complement::None {
            continue;
        }
        if let Some(c) = complement_trigger(ctx, tr.token, &is_trigger) {
            if c != k {
                intents[k] = Some(c);
                absorbed[c] = true;
            }
        }
    }
    // "lifted the curfew", "lodged a protest", "called off the strike": the noun the verb's row
    // asks for is part of the verb's event, not another one.
    for tr in triggers.iter().filter(|tr| tr.entry.pos != Pos::Noun && !tr.entry.obj.is_empty()) {
        for o in object_words(&ctx.tree, tr.token, false) {
            if let Some(&k) = is_trigger.get(&o) {
                if triggers[k].entry.pos == Pos::Noun {
                    absorbed[k] = true;
                }
            }
        }
    }
    // A noun that is the object of a light verb which is itself a trigger ("called off the
    // strike") is absorbed likewise.
    for tr in triggers.iter().filter(|tr| tr.entry.prt.is_some()) {
        if let Some(o) = ctx.tree.child(tr.token, "obj") {
            if let Some(&k) = is_trigger.get(&o) {
                absorbed[k] = true;
            }
        }
    }
    let protection: Vec<bool> = triggers.iter().map(|tr| tr.entry.complement != Complement::None && asks_for_protection(&ctx.tree, tr.token)).collect();
    let cue_events: Vec<(usize, usize, bool)> = triggers.iter().map(|tr| {
        let (a, b) = t.span(tr.token);
        (a, b, tr.entry.kind == "ACCUSE")
    }).collect();
    let first = out.len();
    for (k, tr) in triggers.iter().enumerate() {
        if absorbed[k] {
            continue;
        }
        let mut ev = build_event(ctx, tr, s, &cue_events);
        if let Some(c) = intents[k] {
            let comp = build_event(ctx, &triggers[c], s, &cue_events);
            apply_complement(&ctx.tree, &mut ev, tr.entry, comp);
        } else if protection[k] && matches!(tr.entry.complement, Complement::Request | Complement::Intent) {
            // "asked the alliance for troops", "offered troops": military protection (CAMEO
            // 1034 / 0334), an AID act.
            ev.intent = Some("AID".to_string());
            ev.cameo = if tr.entry.complement == Complement::Request { "1034" } else { "0334" }.to_string();
        }
        if ev.target.is_none() && tr.entry.complement != Complement::None {
            ev.target = complement_target(ctx, tr.token);
        }
        if tr.entry.pos == Pos::Noun && !anchored(ctx, tr, &ev) {
            continue;
        }
        // "would" in reported speech is the future seen from the past ("Iraq said it would
        // allow inspectors").
        let modal_verb = tr.carrier.unwrap_or(tr.token);
        if ev.modality == Modality::Hypothetical && ev.reported.is_some() && has_aux(&ctx.tree, modal_verb, "would") {
            ev.modality = if has_neg(&ctx.tree, modal_verb) { Modality::Negated } else { Modality::Future };
        }
        code_refusal(&ctx.tree, modal_verb, &mut ev);
        code_intent(&mut ev);
        finish_target(ctx, tr, intents[k].map(|c| &triggers[c]), &mut ev);
        out.push(ev);
    }
    assign_times(ctx, s, &mut out[first..]);
}

/// Whether the text presents the event of trigger `i` as beginning or ending, and the word
/// that says so (whose date and place are the event's): the trigger as subject of "began",
/// "started", "erupted", "broke out", "flared"; as open complement of "began to", "stopped";
/// as subject, passive subject or object of "ended", "was completed", "started"; as the "of"
/// complement of "the start", "the outbreak", "the end". One look at the trigger's head.
fn phase_of(t: &Tree<'_>, i: usize) -> Option<(&'static str, usize)> {
    let h = t.head(i)?;
    let r = t.rel(i);
    let hl = t.lemma(h).to_lowercase();
    let hl = hl.as_str();
    let word = t.word(h).to_lowercase();
    let is = |set: &[&str]| set.contains(&hl) || set.contains(&word.as_str());
    match t.upos(h) {
        "VERB" => {
            let phase = match r {
                "nsubj" if is(START_VERBS) => "start",
                "nsubj" if is(START_INTRANSITIVE) => {
                    // "broke out", not "broke the law".
                    let out = t.children(h).iter().any(|&c| t.word(c as usize).eq_ignore_ascii_case("out"))
                        || (h + 1 < t.n && t.word(h + 1).eq_ignore_ascii_case("out"));
                    if hl == "break" && !out {
                        return None;
                    }
                    "start"
                }
                "nsubj" | "nsubj:pass" | "obj" if is(END_VERBS) => "end",
                "nsubj:pass" | "obj" if is(START_VERBS) => "start",
                "xcomp" if is(START_VERBS) => "start",
                "xcomp" if is(&["stop", "cease", "finish", "end", "quit"]) => "end",
                _ => return None,
            };
            Some((phase, h))
        }
        "NOUN" if rel_is(r, "nmod") && has_case(t, i, &["of"]) => {
            if is(START_NOUNS) {
                Some(("start", h))
            } else if is(END_NOUNS) {
                Some(("end", h))
            } else {
                None
            }
        }
        _ => None,
    }
}

/// Whether a lexicon row matches token `i`.
fn match_trigger<'e>(ctx: &'e Ctx<'_>, i: usize) -> Option<Trigger<'e>> {
    let t = &ctx.tree;
    let pos = match t.upos(i) {
        "VERB" => Pos::Verb,
        "NOUN" => Pos::Noun,
        "PROPN" if !in_mention(ctx, i) => Pos::Noun,
        // "The unrest began": a noun the tagger took for an adjective, in a noun's place.
        "ADJ" if matches!(t.rel(i).split(':').next(), Some("nsubj" | "obj" | "obl" | "nmod" | "iobj")) && ctx.lex.has(&t.word(i).to_lowercase(), Pos::Noun) => Pos::Noun,
        "ADJ" => Pos::Adj,
        _ => return None,
    };
    if pos == Pos::Verb && t.rel(i) == "amod" {
        return None; // "ousted President", "suspected militant": a description, not an event
    }
    // "Appealing for outside help is a major loss of face": a gerund that is the subject of a
    // description is a kind of act, not an event.
    if pos == Pos::Verb && t.xpos(i) == "VBG" && t.rel(i) == "csubj" && t.head(i).is_some_and(|h| t.child(h, "cop").is_some()) && t.child(i, "nsubj").is_none() {
        return None;
    }
    let lemma = t.lemma(i).to_lowercase();
    let word = t.word(i).to_lowercase();
    let rows = lemma_forms(&lemma, &word, pos == Pos::Verb).into_iter().map(|f| ctx.lex.rows(&f, pos)).find(|r| !r.is_empty()).unwrap_or(&[]);
    if rows.is_empty() {
        return None;
    }
    if pos == Pos::Noun && rel_is(t.rel(i), "compound") && !t.head(i).is_some_and(|h| GENERIC_HEADS.contains(&t.lemma(h).to_lowercase().as_str())) {
        return None; // "protest movement", "arrest warrant"; but "mediation effort" is mediation
    }
    if pos == Pos::Adj && t.child(i, "xcomp").is_none() {
        return None; // "ready" alone is no statement of intent
    }
    // "last March" is a date, not a march.
    let (a, b) = t.span(i);
    if ctx.times.iter().any(|x| x.0 <= a && b <= x.1) {
        return None;
    }
    let entry = rows.iter().find(|e| conditions_hold(ctx, i, e))?;
    let carrier = (pos == Pos::Noun).then(|| carrier_verb(t, noun_phrase_head(t, i))).flatten();
    Some(Trigger { token: i, entry, carrier })
}

/// The forms to look a word up under: its lemma, the word itself, and for verbs the stems a
/// wrong lemma may hide ("praised" lemmatised "prais": "praise").
fn lemma_forms(lemma: &str, word: &str, verb: bool) -> Vec<String> {
    let mut out = vec![lemma.to_string(), word.to_string()];
    if verb {
        // "retaken", "forgiven": a past participle in -en the lemmatiser left as it is.
        for suffix in ["ed", "es", "s", "ing", "d", "en"] {
            if let Some(stem) = word.strip_suffix(suffix).filter(|s| s.len() >= 3) {
                out.push(stem.to_string());
                out.push(format!("{stem}e"));
            }
        }
    }
    out
}

fn in_mention(ctx: &Ctx<'_>, i: usize) -> bool {
    let (a, b) = ctx.tree.span(i);
    ctx.mentions.iter().any(|m| m.0 <= a && b <= m.1)
}

fn word_in(t: &Tree<'_>, i: usize, set: &[String]) -> bool {
    let w = t.word(i).to_lowercase();
    let l = t.lemma(i).to_lowercase();
    set.iter().any(|s| *s == w || *s == l)
}

/// The heads of a verb's object (or passive subject), or of a noun's "of" complement and
/// possessive.
fn object_heads(t: &Tree<'_>, i: usize, noun: bool) -> Vec<usize> {
    let mut heads: Vec<usize> = t
        .children(i)
        .iter()
        .map(|&c| c as usize)
        .filter(|&c| {
            let r = t.rel(c);
            if noun {
                r == "nmod:poss" || (rel_is(r, "nmod") && has_case(t, c, &["of"]))
            } else {
                r == "obj" || r == "nsubj:pass" || r == "iobj"
            }
        })
        .collect();
    if !noun && heads.is_empty() && t.rel(i) == "acl" && t.xpos(i) == "VBN" {
        heads.extend(t.head(i)); // "the officials dismissed on Monday"
    }
    if !noun && heads.is_empty() {
        heads.extend(shared_passive_subject(t, i)); // "was arrested and dismissed"
    }
    heads
}

/// Whether a word names a person, group or organisation: an entity that is not a place, a
/// role word, or a personal pronoun.
fn names_actor(ctx: &Ctx<'_>, i: usize) -> bool {
    let t = &ctx.tree;
    let (a, b) = t.span(i);
    if let Some(m) = ctx.mentions.iter().find(|m| m.0 <= a && b <= m.1) {
        return m.4.as_deref() != Some("LOC") && m.4.as_deref() != Some("MISC");
    }
    if t.upos(i) == "PRON" {
        return matches!(t.word(i).to_lowercase().as_str(), "him" | "her" | "them" | "those" | "whom" | "who" | "he" | "she" | "they" | "us" | "me");
    }
    if ctx.roles.sector(t.lemma(i)).is_some() || ctx.roles.sector(t.word(i)).is_some() {
        return true;
    }
    // "the head of the committee", "two of his deputies": the role is one level down.
    t.children(i).iter().map(|&c| c as usize).any(|c| (t.rel(c).starts_with("nmod") || t.rel(c) == "compound") && (ctx.roles.sector(t.lemma(c)).is_some()))
        || RELATIONAL_HEADS.contains(&t.lemma(i).to_lowercase().as_str())
}

/// Nouns that name people through their complement ("the head of the committee", "two of his
/// deputies", "thousands of protesters").
const RELATIONAL_HEADS: &[&str] =
    &["head", "chief", "deputy", "son", "daughter", "nephew", "relative", "ally", "member", "director", "chairman", "two", "three", "several", "many", "dozens", "hundreds", "thousands", "dozen", "hundred", "thousand"];

/// The object of a verb (passive subject for a passive verb), or a noun's "of" complement or
/// compound, and its own noun modifiers one level down ("a state of emergency").
fn object_words(t: &Tree<'_>, i: usize, noun: bool) -> Vec<usize> {
    let mut heads = Vec::new();
    for &c in t.children(i) {
        let c = c as usize;
        let r = t.rel(c);
        let take = if noun {
            (rel_is(r, "nmod") && has_case(t, c, &["of"])) || r == "compound"
        } else {
            r == "obj" || r == "nsubj:pass" || r == "iobj" || (r == "obl" && has_case(t, c, &["to"]) && t.lemma(i) == "set")
        };
        if take {
            heads.push(c);
        }
    }
    if !noun && heads.is_empty() {
        heads.extend(shared_passive_subject(t, i));
    }
    // "provided photographs and other military intelligence": each coordinated object.
    let conjuncts: Vec<usize> = heads.iter().flat_map(|&h| t.children(h).iter().map(|&c| c as usize).filter(|&c| t.rel(c) == "conj" && t.upos(c) == "NOUN")).collect();
    heads.extend(conjuncts);
    let mut out = heads.clone();
    for h in heads {
        for &c in t.children(h) {
            let c = c as usize;
            if matches!(t.rel(c), "compound" | "amod" | "nmod" | "flat") {
                out.push(c);
            }
        }
    }
    out
}

fn has_case(t: &Tree<'_>, i: usize, words: &[&str]) -> bool {
    t.children(i).iter().any(|&c| matches!(t.rel(c as usize), "case" | "mark") && words.contains(&t.word(c as usize).to_lowercase().as_str()))
}

fn case_word(t: &Tree<'_>, i: usize) -> Option<String> {
    t.children(i).iter().map(|&c| c as usize).find(|&c| matches!(t.rel(c), "case")).map(|c| t.word(c).to_lowercase())
}

fn conditions_hold(ctx: &Ctx<'_>, i: usize, e: &Entry) -> bool {
    let t = &ctx.tree;
    let noun = e.pos == Pos::Noun;
    if e.obj.iter().any(|o| o == "@actor") {
        let heads = object_heads(t, i, noun);
        if !heads.iter().any(|&o| names_actor(ctx, o)) {
            return false;
        }
    } else if !e.obj.is_empty() && !object_words(t, i, noun).into_iter().any(|o| word_in(t, o, &e.obj)) {
        return false;
    }
    if let Some(p) = &e.prt {
        // The particle as the verb's child, or as the preposition of its complement ("pushed
        // them out of the company").
        let as_child = t.children(i).iter().map(|&c| c as usize).any(|c| {
            (t.word(c).eq_ignore_ascii_case(p) && matches!(t.rel(c), "compound:prt" | "advmod" | "obl" | "case"))
                || (t.rel(c).starts_with("obl") && t.children(c).iter().any(|&k| t.rel(k as usize) == "case" && t.word(k as usize).eq_ignore_ascii_case(p)))
        });
        let next = (i + 1 < t.n && t.word(i + 1).eq_ignore_ascii_case(p)) || (i + 2 < t.n && t.word(i + 2).eq_ignore_ascii_case(p) && t.upos(i + 1) != "VERB");
        if !as_child && !next {
            return false;
        }
    }
    if !e.prep.is_empty() {
        let mut holders = vec![i];
        holders.extend(t.children(i).iter().map(|&c| c as usize).filter(|&c| t.rel(c) == "obj"));
        let found = holders.iter().any(|&h| {
            t.children(h).iter().map(|&c| c as usize).any(|c| {
                matches!(t.rel(c).split(':').next(), Some("obl" | "nmod" | "advcl" | "xcomp" | "ccomp" | "obj"))
                    && t.children(c).iter().map(|&k| k as usize).any(|k| {
                        // The "to" of a purpose clause is no preposition ("offers a few
                        // pointers to make sense of ...").
                        let infinitive = t.rel(c) == "advcl" && t.upos(k) == "PART";
                        matches!(t.rel(k), "case" | "mark") && !infinitive && word_in(t, k, &e.prep)
                    })
            })
        });
        let next = i + 1 < t.n && word_in(t, i + 1, &e.prep);
        if !found && !next {
            return false;
        }
    }
    if !e.modifier.is_empty() {
        let has = t.children(i).iter().any(|&c| matches!(t.rel(c as usize), "amod" | "compound" | "nmod" | "nmod:poss") && word_in(t, c as usize, &e.modifier))
            || (i > 0 && word_in(t, i - 1, &e.modifier));
        if !has {
            return false;
        }
    }
    if e.no_ccomp && t.child(i, "ccomp").is_some() {
        return false;
    }
    if e.needs_xcomp && t.child(i, "xcomp").is_none() {
        return false;
    }
    if e.needs_must {
        let must = t.children(i).iter().map(|&c| c as usize).filter(|&c| t.rel(c) == "ccomp").any(|c| {
            t.children(c).iter().any(|&a| t.rel(a as usize) == "aux" && matches!(t.word(a as usize).to_lowercase().as_str(), "must" | "should"))
        });
        if !must {
            return false;
        }
    }
    true
}

/// The noun that stands for a nominal event in its clause: the generic noun it is compounded
/// with ("launched a mediation effort": "effort"), or the measure it is counted in ("launched
/// 10 days of war games": "days"), else the event noun itself.
fn noun_phrase_head(t: &Tree<'_>, i: usize) -> usize {
    match t.head(i) {
        Some(h) if rel_is(t.rel(i), "compound") && GENERIC_HEADS.contains(&t.lemma(h).to_lowercase().as_str()) => h,
        Some(h) if t.rel(i) == "nmod" && h < i && has_case(t, i, &["of"]) && MEASURE_HEADS.contains(&t.lemma(h).to_lowercase().as_str()) => h,
        _ => i,
    }
}

/// The verb a nominal event hangs on as subject or object ("staged protests", "protests
/// began"), when it is a light or aspectual verb.
fn carrier_verb(t: &Tree<'_>, i: usize) -> Option<usize> {
    let r = t.rel(i);
    if !(rel_is(r, "obj") || rel_is(r, "nsubj") || r == "obl") {
        return None;
    }
    let h = t.head(i)?;
    if t.upos(h) != "VERB" {
        return None;
    }
    // "come to his aid", "rushed to the aid of X": the verb of motion carries the help.
    if r == "obl" && has_case(t, i, &["to"]) && COMING_TO_AID.0.contains(&t.lemma(h).to_lowercase().as_str()) && COMING_TO_AID.1.contains(&t.lemma(i).to_lowercase().as_str()) {
        return Some(h);
    }
    // The lemma, or the stem a wrong lemma hides ("converging" lemmatised "converg").
    let forms = lemma_forms(&t.lemma(h).to_lowercase(), &t.word(h).to_lowercase(), true);
    let lemma = forms.iter().find(|f| LIGHT_VERBS.contains(&f.as_str()))?;
    // "remained on alert", "put under investigation"; not "the treaty remains the basis".
    if STATE_VERBS.contains(&lemma.as_str()) && !r.starts_with("obl") {
        return None;
    }
    Some(h)
}

/// The trigger a statement of intent, request, refusal or threat is about: its open or
/// clausal complement, a "for" or "of" complement, or its object.
fn complement_trigger(ctx: &Ctx<'_>, i: usize, is_trigger: &HashMap<usize, usize>) -> Option<usize> {
    let t = &ctx.tree;
    let mut candidates = Vec::new();
    for &c in t.children(i) {
        let c = c as usize;
        let r = t.rel(c);
        if matches!(r, "xcomp" | "ccomp" | "obj" | "advcl") || ((r.starts_with("obl") || r.starts_with("nmod")) && has_case(t, c, &["for", "of", "to"])) {
            candidates.push(c);
        }
    }
    // Clausal complements first, then the object, then prepositional complements, then
    // adverbial clauses after the verb ("Ousted President X agreed to resign": not "ousted").
    let priority = |c: usize| match t.rel(c) {
        "xcomp" | "ccomp" => 0,
        "obj" => 1,
        "advcl" if c > i => 3,
        "advcl" => 9,
        _ => 2,
    };
    candidates.retain(|&c| priority(c) < 9);
    candidates.sort_by_key(|&c| (priority(c), c));
    // "demanded the withdrawal of troops": the object noun; "asked X to send": the xcomp;
    // "made a request for help": the noun's own complement.
    for c in candidates.iter().copied() {
        if let Some(&k) = is_trigger.get(&c) {
            return Some(k);
        }
        // One level down: "ready to provide aid" -> provide; "asked for military help" -> help.
        for &g in t.children(c) {
            let g = g as usize;
            if matches!(t.rel(g), "xcomp" | "obj" | "ccomp") || (t.rel(g).starts_with("nmod") && has_case(t, g, &["for", "of"])) {
                if let Some(&k) = is_trigger.get(&g) {
                    return Some(k);
                }
            }
        }
    }
    None
}

/// Whether a request or offer is for troops or protection: a "for" complement (or the object)
/// naming them.
fn asks_for_protection(t: &Tree<'_>, v: usize) -> bool {
    let mut nouns = Vec::new();
    for &c in t.children(v) {
        let c = c as usize;
        let r = t.rel(c);
        if r == "obj" || ((r.starts_with("obl") || r.starts_with("nmod")) && has_case(t, c, &["for"])) {
            nouns.push(c);
            // "asked the alliance for troops" with "for troops" under the object.
            nouns.extend(t.children(c).iter().map(|&g| g as usize).filter(|&g| t.rel(g).starts_with("nmod") && has_case(t, g, &["for"])));
        }
    }
    nouns.into_iter().any(|n| PROTECTION_NOUNS.contains(&t.word(n).to_lowercase().as_str()))
}

/// A cooperative act said not to be going to happen ("Syria says it will not accept any more
/// refugees", "said it would not allow inspectors") is a refusal stated now: REJECT (CAMEO
/// 12), asserted, with the refused act's type as `intent`.
fn code_refusal(t: &Tree<'_>, v: usize, ev: &mut Event) {
    let future = ["will", "wo", "would", "'ll"].iter().any(|w| has_aux(t, v, w));
    if ev.modality != Modality::Negated || !future || !matches!(ev.kind.as_str(), "AGREE" | "CONSULT" | "SUPPORT" | "COOPERATE" | "AID" | "CONCEDE" | "RETREAT") {
        return;
    }
    let refused = std::mem::replace(&mut ev.kind, "REJECT".to_string());
    if ev.intent.is_none() {
        ev.intent = Some(refused);
    }
    ev.cameo = "120".to_string();
    ev.mode = None;
    ev.modality = Modality::Asserted;
}

/// PLOVER and CAMEO code a future act as a statement of intent: "will provide food aid" is
/// AGREE (CAMEO 033), "will send troops" THREATEN (CAMEO 13x). The act's own type is kept as
/// `intent`; the modality stays `future`.
fn code_intent(ev: &mut Event) {
    if ev.modality != Modality::Future || ev.intent.is_some() || matches!(ev.kind.as_str(), "AGREE" | "THREATEN" | "REQUEST" | "REJECT") {
        return;
    }
    let hostile = matches!(ev.kind.as_str(), "ASSAULT" | "COERCE" | "SANCTION" | "MOBILIZE" | "PROTEST");
    ev.intent = Some(std::mem::replace(&mut ev.kind, if hostile { "THREATEN" } else { "AGREE" }.to_string()));
    ev.cameo = if hostile { "130".to_string() } else { intent_cameo(&ev.cameo, "03") };
    if !hostile {
        ev.mode = None;
    }
}

fn has_aux(t: &Tree<'_>, v: usize, word: &str) -> bool {
    let mut cur = Some(v);
    for _ in 0..3 {
        let Some(x) = cur else { break };
        if t.children(x).iter().any(|&c| t.rel(c as usize) == "aux" && t.word(c as usize).eq_ignore_ascii_case(word)) {
            return true;
        }
        cur = matches!(t.rel(x), "xcomp" | "conj").then(|| t.head(x)).flatten();
    }
    false
}

/// The target of a statement of intent, request, refusal or threat whose complement names it
/// but is no coded event: "offered to hand over X to Great Britain", "agreed to lift the ban
/// on the Front".
fn complement_target(ctx: &Ctx<'_>, v: usize) -> Option<Actor> {
    let t = &ctx.tree;
    let comp = t.children(v).iter().map(|&c| c as usize).find(|&c| matches!(t.rel(c), "xcomp" | "ccomp"));
    // "demanded that the US cancel ...": the clause's subject is who is asked.
    if let Some(comp) = comp.filter(|&c| t.rel(c) == "ccomp") {
        if let Some(subj) = t.child(comp, "nsubj").filter(|&x| names_actor(ctx, x) || t.upos(x) == "PROPN") {
            return actor(ctx, subj);
        }
    }
    // The parser often misreads the subjunctive ("demanded Friday that the United States
    // match ..." with "that" as an object and "US cancel plans" as one noun phrase): the
    // name right after "that" is still who is asked.
    if let Some(x) = name_after_that(ctx, v) {
        return actor(ctx, x);
    }
    let mut clauses: Vec<usize> = comp.into_iter().collect();
    if let Some(comp) = comp {
        clauses.extend(t.children(comp).iter().map(|&c| c as usize).filter(|&c| t.rel(c) == "xcomp"));
    }
    let is_named = |x: usize| {
        names_actor(ctx, x) || t.upos(x) == "PROPN" || actor(ctx, x).is_some_and(|a| a.entity.is_some() || a.country.is_some() || a.sector.is_some())
    };
    // "rejected calls by Belarus's rulers for aid", "rebuffed an offer from Kabul": who made
    // what is refused or answered.
    if let Some(o) = t.child(v, "obj") {
        if let Some(x) = t.children(o).iter().map(|&k| k as usize).find(|&k| {
            t.rel(k).starts_with("nmod") && case_word(t, k).is_some_and(|w| matches!(w.as_str(), "by" | "from" | "of")) && is_named(k)
        }) {
            return actor(ctx, x);
        }
        if let Some(x) = t.child(o, "nmod:poss").filter(|&x| is_named(x)) {
            return actor(ctx, x);
        }
    }
    for &c in &clauses {
        // A prepositional actor first ("to Great Britain", "on the Front"), then one under the
        // object ("the ban on the Front"), then the object itself.
        let by_prep = |h: usize| {
            t.children(h).iter().map(|&k| k as usize).find(|&k| {
                (t.rel(k).starts_with("obl") || t.rel(k).starts_with("nmod"))
                    && case_word(t, k).is_some_and(|w| matches!(w.as_str(), "to" | "with" | "on" | "against" | "from" | "between" | "in" | "for"))
                    && is_named(k)
            })
        };
        let obj = t.children(c).iter().map(|&k| k as usize).find(|&k| t.rel(k) == "obj");
        if let Some(x) = by_prep(c).or_else(|| obj.and_then(by_prep)).or_else(|| obj.filter(|&o| is_named(o))) {
            return actor(ctx, x);
        }
    }
    None
}

/// The first word naming an actor in the three words after a "that" which follows the verb
/// (after at most a date or two words): "demanded (Friday) that (the) X ...".
fn name_after_that(ctx: &Ctx<'_>, v: usize) -> Option<usize> {
    let t = &ctx.tree;
    let s = *t.sentence_of.get(v)? as usize;
    let (_, hi) = t.sentence_tokens(s);
    let that = (v + 1..(v + 4).min(hi)).find(|&k| t.word(k).eq_ignore_ascii_case("that"))?;
    if (v + 1..that).any(|k| !in_time(ctx, k) && !matches!(t.upos(k), "ADV" | "PROPN" | "NOUN")) {
        return None;
    }
    (that + 1..(that + 4).min(hi)).take_while(|&k| !matches!(t.upos(k), "VERB" | "AUX" | "PUNCT")).find(|&k| {
        t.upos(k) != "DET" && (names_actor(ctx, k) || (t.upos(k) == "PROPN" && !in_time(ctx, k)))
    })
}

/// Folds a complement event into the statement that intends, asks for, refuses or threatens
/// it.
fn apply_complement(t: &Tree<'_>, ev: &mut Event, entry: &Entry, comp: Event) {
    ev.intent = Some(comp.kind.clone());
    if entry.complement == Complement::Intent {
        let hostile = matches!(comp.kind.as_str(), "ASSAULT" | "COERCE" | "SANCTION" | "MOBILIZE" | "THREATEN" | "PROTEST");
        if hostile {
            ev.kind = "THREATEN".to_string();
            ev.cameo = "130".to_string();
            ev.mode = comp.mode.clone().filter(|m| m == "ban" || m == "restrict");
        } else {
            ev.cameo = intent_cameo(&comp.cameo, "03");
        }
    }
    if entry.complement == Complement::Request {
        ev.cameo = intent_cameo(&comp.cameo, "10");
    }
    // The one asked, offered or threatened: the statement's own object when it names an
    // actor, else the complement's target ("offered to negotiate with the president").
    // "demanded the withdrawal of Serbian forces from Bosnia": who is to withdraw is who is
    // asked, not the place a prepositional phrase of the demand names.
    // (Not the requester's own demand: "to press their demands".)
    let asked_acts = entry.complement == Complement::Request
        && comp.source.as_ref().is_some_and(|c| ev.source.as_ref().is_none_or(|s| s.head != c.head && s.span != c.span))
        && ev.target.as_ref().is_some_and(|x| t.rel(x.head).starts_with("obl") && ev.source.as_ref().is_none_or(|s| s.head != x.head));
    if ev.target.is_none() || asked_acts || ev.target.as_ref().is_some_and(|x| x.head == comp.trigger_token) {
        // Who is asked is who is to act ("demanded that Israel ease ...").
        let from_comp = if entry.complement == Complement::Request { comp.source.clone().or_else(|| comp.target.clone()) } else { comp.target.clone() };
        // "agreed to US mediation": the complement noun's phrase names the party when the
        // complement has no actor of its own.
        let named_phrase = ev.target.take().filter(|t| t.head == comp.trigger_token && (t.entity.is_some() || t.country.is_some()));
        ev.target = from_comp.or(named_phrase);
    }
    if ev.location.is_none() {
        ev.location = comp.location;
    }
    if ev.time.is_none() {
        ev.time = comp.time;
    }
}

/// CAMEO code of an intent or request about a cooperative act: 03x / 10x from the act's
/// 0x code ("provide aid" 070 -> "intent to provide aid" 033, "demand aid" 103).
fn intent_cameo(act: &str, family: &str) -> String {
    let sub = match act.get(..2) {
        Some("06") => "1",
        Some("07") => "3",
        Some("04") => "6",
        Some("05") => "2",
        Some("08") => "5",
        _ => "0",
    };
    format!("{family}{sub}")
}

/// Whether a nominal event is anchored in the text enough to be reported as an event.
fn anchored(ctx: &Ctx<'_>, tr: &Trigger<'_>, ev: &Event) -> bool {
    let t = &ctx.tree;
    // A time inside the noun's own phrase: "the protests of January 2".
    let (a, b) = t.extent(tr.token);
    let dated = ctx.times.iter().any(|&(s, e, _)| s >= a && e <= b);
    // "Arrests of journalists are rare", "Support for the party is strongest in the north": the
    // subject of a description is a kind of event, not an event.
    if tr.carrier.is_none() && rel_is(t.rel(tr.token), "nsubj") && !dated {
        if let Some(h) = t.head(tr.token) {
            if t.upos(h) != "VERB" || t.children(h).iter().any(|&c| t.rel(c as usize) == "cop") {
                return false;
            }
        }
    }
    let real = |x: &Option<Actor>| {
        // Also a count of people or a relation ("the arrests of thousands", "the arrest of his
        // son").
        x.as_ref().is_some_and(|x| {
            x.entity.is_some() || x.sector.is_some() || x.country.is_some() || matches!(t.upos(x.head), "PROPN" | "PRON") || RELATIONAL_HEADS.contains(&t.lemma(x.head).to_lowercase().as_str())
        })
    };
    if tr.carrier.is_some() || ev.phase.is_some() || real(&ev.source) || real(&ev.target) || ev.location.is_some() {
        return true;
    }
    dated
}

fn build_event(ctx: &Ctx<'_>, tr: &Trigger<'_>, s: usize, cue_events: &[(usize, usize, bool)]) -> Event {
    let t = &ctx.tree;
    // For a cue span: None if no event is triggered there, else whether it is an accusation.
    let is_cue_event = |cue: (usize, usize)| cue_events.iter().find(|c| c.0 < cue.1 && cue.0 < c.1).map(|c| c.2);
    let i = tr.token;
    let e = tr.entry;
    let (source, target) = match e.pos {
        Pos::Noun => noun_actors(ctx, tr),
        Pos::Verb | Pos::Adj => verb_actors(ctx, i, e),
    };
    let phase = phase_of(t, i);
    let location = location_of(ctx, i)
        .or_else(|| tr.carrier.and_then(|v| location_of(ctx, v)))
        .or_else(|| phase.and_then(|(_, g)| location_of(ctx, g)))
        .or_else(|| [&source, &target].into_iter().flatten().find_map(|a| place_in_actor(ctx, a.head)));
    let modality_token = tr.carrier.unwrap_or(i);
    let mut modality = modality_of(t, modality_token);
    if tr.entry.pos == Pos::Noun && has_negating_det(t, i) {
        modality = Modality::Negated;
    }
    // "A strike by dock workers would paralyse the exports": the subject of a modal clause is
    // as hypothetical as the clause.
    if tr.entry.pos == Pos::Noun && tr.carrier.is_none() && rel_is(t.rel(i), "nsubj") {
        if let Some(h) = t.head(i) {
            if t.children(h).iter().any(|&c| t.rel(c as usize) == "aux" && MODAL_HYPOTHETICAL.contains(&t.word(c as usize).to_lowercase().as_str())) {
                modality = Modality::Hypothetical;
            }
        }
    }
    let trigger_end = e.prt.as_ref().and_then(|p| (i + 1..(i + 3).min(t.n)).find(|&k| t.word(k).eq_ignore_ascii_case(p))).map_or(t.span(i).1, |k| t.span(k).1);
    Event {
        trigger: (t.span(i).0, trigger_end),
        trigger_token: i,
        lemma: e.lemma.clone(),
        nominal: e.pos == Pos::Noun,
        kind: e.kind.clone(),
        mode: e.mode.clone(),
        cameo: e.cameo.clone(),
        modality,
        reported: reported_in(ctx, t.span(i), &is_cue_event),
        source,
        target,
        location,
        time: None,
        sentence: s,
        intent: None,
        phase: phase.map(|p| p.0),
    }
}

fn has_negating_det(t: &Tree<'_>, i: usize) -> bool {
    let no = |x: usize| t.children(x).iter().any(|&c| t.rel(c as usize) == "det" && t.word(c as usize).eq_ignore_ascii_case("no"));
    // "no evidence of an armed attack", "no sign of a withdrawal": the noun whose "of"
    // complement the event is denies it too.
    no(i) || (t.rel(i) == "nmod" && has_case(t, i, &["of"]) && t.head(i).is_some_and(|h| t.upos(h) == "NOUN" && no(h)))
}

/// The attribution whose content holds `span`, unless its cue is itself an event that is not
/// an accusation ("declared a state of emergency" is done, not said; what a request asks for
/// is the request's complement).
fn reported_in(ctx: &Ctx<'_>, span: (usize, usize), is_cue_event: &dyn Fn((usize, usize)) -> Option<bool>) -> Option<Reported> {
    let q = ctx.quotes.iter().find(|q| q.1.iter().any(|p| p.0 <= span.0 && span.1 <= p.1))?;
    if let Some(cue) = q.2 {
        if is_cue_event(cue) == Some(false) {
            return None;
        }
    }
    Some(Reported { quote: q.0, cue: q.2, speaker: q.3.clone() })
}

/// The subject of a verb, following shared subjects, control and relative clauses.
fn subject_of(t: &Tree<'_>, v: usize, depth: usize) -> Option<(usize, bool)> {
    if depth > 4 {
        return None;
    }
    let mut subjects: Vec<usize> = t.children(v).iter().map(|&c| c as usize).filter(|&c| matches!(t.rel(c), "nsubj" | "csubj" | "nsubj:outer")).collect();
    // "a clue ... is that Tokayev moved to replace ..." parsed with the copula's subject as an
    // outer subject of "moved": the verb's own subject acts.
    if subjects.iter().any(|&c| t.rel(c) == "nsubj") {
        subjects.retain(|&c| t.rel(c) != "nsubj:outer");
    }
    if let Some(&s) = subjects.first() {
        // "Human rights watchdog Amnesty International accused" parsed with two subjects and a
        // word between them left out: the name nearest the verb, when the first is a common
        // noun phrase with no name in it. (Two adjacent subjects, "Libyan leader / Muammar
        // Gaddafi", are one phrase: see `actor`.)
        let name = subjects.iter().rev().copied().find(|&n| n > s && n < v && t.upos(n) == "PROPN" && t.upos(s) == "NOUN" && t.xpos(s).starts_with("NN") && !t.subtree(s).iter().any(|&k| t.upos(k) == "PROPN"));
        if let Some(n) = name.filter(|&n| t.subtree(s).last().is_some_and(|&e| n > e + 1 && n <= e + 3)) {
            return Some((n, false));
        }
        return Some((s, false));
    }
    // "Up to 1,000 ethnic Turks began a hunger strike" parsed with "to ... Turks" as a
    // complement: "up to" counts people, it is no preposition.
    if let Some(s) = t.children(v).iter().map(|&c| c as usize).find(|&c| {
        c < v && t.rel(c).starts_with("obl") && t.children(c).iter().map(|&k| k as usize).any(|k| t.rel(k) == "case" && t.word(k).eq_ignore_ascii_case("to") && k > 0 && t.word(k - 1).eq_ignore_ascii_case("up"))
    }) {
        return Some((s, false));
    }
    // "The government has refused" parsed with the subject under "has": the auxiliary's subject.
    if let Some(s) = t.children(v).iter().map(|&c| c as usize).filter(|&c| t.rel(c) == "aux").find_map(|a| t.child(a, "nsubj")) {
        return Some((s, false));
    }
    // "it is willing to withdraw" parsed with "it" as an expletive: an adjective of intent has
    // a subject, not an expletive.
    if t.upos(v) == "ADJ" {
        if let Some(s) = t.child(v, "expl").filter(|&x| matches!(t.word(x).to_lowercase().as_str(), "it" | "they")) {
            return Some((s, false));
        }
    }
    let h = t.head(v)?;
    let r = t.rel(v);
    match r {
        "conj" | "advcl" if matches!(t.upos(h), "VERB" | "ADJ" | "AUX") => {
            // "declared a state of emergency and asked ...": the first verb's subject.
            if r == "advcl" && t.children(v).iter().any(|&c| t.rel(c as usize) == "mark" && !matches!(t.word(c as usize), "to" | "by" | "after" | "before" | "while")) {
                return None;
            }
            // "Darvel was dismissed and fled the country": the passive subject of the first
            // verb is the subject of an active second one.
            if r == "conj" && shared_passive_subject(t, v).is_none() {
                if let Some(s) = t.child(h, "nsubj:pass") {
                    return Some((s, false));
                }
            }
            subject_of(t, h, depth + 1)
        }
        "xcomp" => {
            // "urged the alliance to send": the object controls; "agreed to send": the subject.
            if OBJECT_CONTROL.contains(&t.lemma(h).to_lowercase().as_str()) {
                if let Some(o) = t.child(h, "obj").or_else(|| t.child(h, "iobj")) {
                    return Some((o, false));
                }
            }
            subject_of(t, h, depth + 1)
        }
        "conj" if t.head(h).is_none() && matches!(t.upos(h), "NOUN" | "PROPN") => {
            // A headline-like parse: "Armed groups ... and seized the airport" with the
            // subject noun as the root.
            Some((h, false))
        }
        "ccomp" | "parataxis" if h > v => {
            // "Zambia extradited X, an official said" parsed with "Zambia" under "said": the
            // subject before the fronted clause is the clause's own.
            t.children(h).iter().map(|&c| c as usize).find(|&c| c < v && rel_is(t.rel(c), "nsubj")).map(|c| (c, false))
        }
        "acl:relcl" => {
            // "protesters who stormed": the noun, unless the relative pronoun is the object.
            Some((h, false))
        }
        "acl" if acl_is_main_verb(t, v) => acl_subject_phrase(t, v).map(|s| (s, false)),
        // "took steps to enhance political freedoms", "made an effort to end": who takes the
        // steps does what they are for.
        "acl" if t.rel(h) == "obj" && t.children(v).iter().any(|&m| t.rel(m as usize) == "mark" && t.word(m as usize).eq_ignore_ascii_case("to")) => {
            t.head(h).and_then(|g| subject_of(t, g, depth + 1))
        }
        "acl" => Some((h, t.xpos(v) == "VBN")),
        _ => None,
    }
}

/// "The Azerbaijani parliament threatened on Monday to break relations" parsed as a noun with
/// a participle modifier (no finite verb found): a past form under the sentence's root noun
/// that has an object or a "to" complement is the main verb, active, not a participle ("the
/// officials dismissed on Monday" has neither and stays passive).
fn acl_is_main_verb(t: &Tree<'_>, v: usize) -> bool {
    if acl_subject_phrase(t, v).is_none() {
        return false;
    }
    // Its own object or "to" complement, or the object of a verb coordinated with it
    // ("Doctors from two aid groups donated and personally delivered goods").
    let mut verbs = vec![v];
    verbs.extend(t.children(v).iter().map(|&c| c as usize).filter(|&c| c > v && t.rel(c) == "conj" && t.upos(c) == "VERB" && t.child(c, "nsubj").is_none()));
    verbs.iter().any(|&x| {
        t.children(x).iter().map(|&c| c as usize).any(|c| {
            t.rel(c) == "obj"
                || (matches!(t.rel(c), "xcomp" | "advcl") && c > x && t.children(c).iter().any(|&m| t.rel(m as usize) == "mark" && t.word(m as usize).eq_ignore_ascii_case("to")))
        })
    }) && !t.children(v).iter().any(|&c| t.rel(c as usize) == "obl:agent" || (t.rel(c as usize) == "obl" && has_case(t, c as usize, &["by"])))
}

/// The noun phrase a participle that may be the main verb hangs on: the sentence's root noun
/// before it ("The Azerbaijani parliament threatened ..."), or the root noun whose complement
/// it hangs on ("Doctors from two American aid groups donated ...": "Doctors").
fn acl_subject_phrase(t: &Tree<'_>, v: usize) -> Option<usize> {
    let h = t.head(v)?;
    if h > v || !matches!(t.upos(h), "NOUN" | "PROPN") {
        return None;
    }
    match t.head(h) {
        None => Some(h),
        Some(g) if g < h && t.head(g).is_none() && matches!(t.upos(g), "NOUN" | "PROPN") && t.rel(h) == "nmod" => Some(g),
        _ => None,
    }
}

/// The passive subject a coordinated passive verb shares with the first conjunct: "Darvel was
/// dismissed on January 5 and arrested on January 6" gives "arrested" the subject "Darvel".
/// Only for a conjunct with no subject of its own that is passive itself (its own "was", or a
/// past participle with no object); follows at most four conjuncts up.
fn shared_passive_subject(t: &Tree<'_>, v: usize) -> Option<usize> {
    let own = |x: usize, rel: &str| t.children(x).iter().any(|&c| rel_is(t.rel(c as usize), rel));
    if t.rel(v) != "conj" || own(v, "nsubj") || own(v, "csubj") || own(v, "expl") {
        return None;
    }
    // The tagger often reads the second participle as a past tense ("was dismissed and
    // arrested/VBD"): any past form with no object counts, unless the verb has no passive.
    let past = matches!(t.xpos(v), "VBN" | "VBD") && !INTRANSITIVE.contains(&t.lemma(v).to_lowercase().as_str());
    let passive_shape = own(v, "aux:pass") || (past && !own(v, "obj") && !t.children(v).iter().any(|&c| t.rel(c as usize) == "aux"));
    if !passive_shape {
        return None;
    }
    let mut cur = v;
    for _ in 0..4 {
        if t.rel(cur) != "conj" {
            return None;
        }
        let h = t.head(cur)?;
        if !matches!(t.upos(h), "VERB" | "AUX") {
            return None;
        }
        if let Some(s) = t.child(h, "nsubj:pass") {
            return Some(s);
        }
        if own(h, "nsubj") || own(h, "csubj") {
            return None; // an active first conjunct: its subject acts
        }
        cur = h;
    }
    None
}

/// Source and target of a verbal or adjectival trigger.
fn verb_actors(ctx: &Ctx<'_>, v: usize, e: &Entry) -> (Option<Actor>, Option<Actor>) {
    let t = &ctx.tree;
    let shared_passive = shared_passive_subject(t, v);
    let passive = t.children(v).iter().any(|&c| matches!(t.rel(c as usize), "nsubj:pass" | "aux:pass"))
        || (t.rel(v) == "acl" && t.xpos(v) == "VBN" && !acl_is_main_verb(t, v))
        // "foreign troops, rapidly deployed by the CSTO": a participle with its agent.
        || (t.xpos(v) == "VBN" && t.child(v, "obl:agent").is_some())
        || shared_passive.is_some();
    let mut source = None;
    let mut target;
    let raw_obj = object_of(ctx, v, false);
    if passive {
        target = t.child(v, "nsubj:pass").or(shared_passive).or_else(|| (t.rel(v) == "acl").then(|| t.head(v)).flatten());
        source = t.children(v).iter().map(|&c| c as usize).find(|&c| t.rel(c) == "obl:agent" || (t.rel(c) == "obl" && has_case(t, c, &["by"])));
        // "guerrillas have been demobilized", "the troops were withdrawn": with no one named
        // to do it, those who stand down or pull back are the ones who yield.
        if source.is_none() && e.kind == "RETREAT" && matches!(e.mode.as_deref(), Some("withdraw" | "disarm")) {
            source = target.take();
        }
    } else {
        let mut undergoer = None;
        match subject_of(t, v, 0) {
            Some((s, true)) => undergoer = Some(s),
            Some((s, false)) => source = Some(s),
            None => {}
        }
        let obj = object_of(ctx, v, true);
        // "declared a state of emergency": the object the row asks for is what is done, not to
        // whom.
        let obj = obj.filter(|&o| {
            !e.object_is_theme
                && (e.obj.is_empty() || e.obj.iter().any(|w| w == "@actor") || names_actor(ctx, o) || !(word_in(t, o, &e.obj) || t.children(o).iter().any(|&c| word_in(t, c as usize, &e.obj))))
        });
        // The object of a request is who is asked; of "open fire" or "set fire" it is no actor.
        target = obj.filter(|&o| !(e.obj.iter().any(|w| w == "fire") || (e.complement != Complement::None && is_event_noun(ctx, o)))).or(undergoer);
        if e.complement == Complement::Request {
            if let Some(io) = t.child(v, "iobj") {
                target = Some(io);
            }
            // "demanded systemic change": what is asked for is no target; "asked the
            // alliance": who is asked is.
            if target.is_some_and(|x| !names_actor(ctx, x)) {
                target = None;
            }
        }
    }
    // "lifted the curfew": the object the row asks for is what is done; "beat up detainees":
    // people are whom it is done to.
    let what = |x: usize| !e.obj.is_empty() && word_in(t, x, &e.obj) && !names_actor(ctx, x);
    if target.is_none() || e.object_is_theme || target.is_some_and(what) {
        // "lifted the curfew in the region": the curfew is what, the region is whom.
        // Also under a date the parser hung the phrase on ("eased emergency measures on
        // Wednesday in Montenegro province").
        let mut objects: Vec<usize> = target.or(raw_obj).map(|o| with_conjuncts(t, o)).unwrap_or_default();
        // "launched artillery, mortar, and rocket fire against X" with the last object parsed
        // as a conjunct of the verb.
        objects.extend(t.children(v).iter().map(|&c| c as usize).filter(|&c| c > v && t.rel(c) == "conj" && t.upos(c) == "NOUN"));
        if let Some(x) = prep_target(ctx, v, &objects, &e.target_preps, source) {
            target = Some(x);
        } else if e.object_is_theme && !passive || target.is_some_and(what) {
            target = None;
        }
    }
    // A target that names no one ("investigating alleged war crimes by Croatian extremists",
    // "evacuated the wounded from the town"): the party named inside or beside it, if any.
    if !passive && target.is_none_or(|x| !is_named(ctx, x)) {
        if let Some(x) = inner_target(ctx, v, source, e) {
            target = Some(x);
        }
    }
    // "The Party issued a declaration demanding that ...": who issued the declaration demands.
    if let Some(s) = source.filter(|&s| t.rel(v) == "acl" && t.head(v) == Some(s) && t.rel(s) == "obj" && !is_named(ctx, s)) {
        source = t.head(s).and_then(|h| subject_of(t, h, 1)).filter(|x| !x.1).map(|x| x.0).or(Some(s));
    }
    let source = source.and_then(|s| actor(ctx, s));
    let mut target = target.and_then(|x| actor(ctx, x));
    // "Rekker dismissed him": a pronoun object is not the subject itself.
    if let (Some(s), Some(x)) = (&source, &mut target) {
        if x.entity.is_some() && x.entity == s.entity && t.upos(x.head) == "PRON" {
            x.entity = None;
            x.name = None;
            x.label = None;
        }
    }
    (source, target)
}

/// Prepositions that mark whom an act is done to when the lexicon row names none: "complained
/// to the United Nations", "broke relations with Russia", "sanctions against Nigeria",
/// "withdrew from Iraq".
const TARGET_PREPS: &[&str] = &["to", "with", "against", "on", "from", "toward", "towards", "for", "over", "between"];
/// Prepositions of a noun's complement that name the party it concerns ("calls by Belarus's
/// rulers", "inspectors of the IAEA", "a dispute with its partners").
const INNER_PREPS: &[&str] = &["of", "by", "from", "to", "with", "against", "on", "for", "between"];

/// Whether a word heads a phrase naming an actor: a person, group or organisation, a proper
/// name, or a phrase with an entity, country or sector.
fn is_named(ctx: &Ctx<'_>, x: usize) -> bool {
    let t = &ctx.tree;
    if t.upos(x) == "NUM" || in_time(ctx, x) {
        return false;
    }
    names_actor(ctx, x) || t.upos(x) == "PROPN" || actor(ctx, x).is_some_and(|a| a.entity.is_some() || a.country.is_some() || a.sector.is_some())
}

fn in_time(ctx: &Ctx<'_>, x: usize) -> bool {
    let (a, b) = ctx.tree.span(x);
    ctx.times.iter().any(|m| m.0 <= a && b <= m.1)
}

/// The target of a verb that has no object naming an actor: a prepositional complement naming
/// one ("complained to the United Nations", "established ties with Tehran"), else the party a
/// noun complement is about: its possessive or compound name ("denounced Serbia's
/// suppression", "rejected a United Nations appeal", "agreed to US mediation") or its own
/// prepositional complement ("rejected calls by Belarus's rulers", "expelled inspectors of the
/// IAEA"). One level down, never the source itself.
fn inner_target(ctx: &Ctx<'_>, v: usize, source: Option<usize>, e: &Entry) -> Option<usize> {
    let t = &ctx.tree;
    let not_source = |x: usize| Some(x) != source;
    let prep_of = |h: usize, preps: &[&str]| {
        let found = |h: usize| {
            t.children(h).iter().map(|&c| c as usize).find(|&c| {
                (t.rel(c).starts_with("obl") || t.rel(c).starts_with("nmod") || t.rel(c) == "advmod")
                    && case_word(t, c).is_some_and(|w| preps.contains(&w.as_str()))
                    && not_source(c)
                    && is_named(ctx, c)
            })
        };
        // "a mission of observers from the OSCE": through one "of" complement.
        found(h).or_else(|| {
            t.children(h).iter().map(|&c| c as usize).filter(|&c| rel_is(t.rel(c), "nmod") && has_case(t, c, &["of"])).find_map(found)
        })
    };
    if let Some(x) = prep_of(v, TARGET_PREPS) {
        return Some(x);
    }
    // The nouns the act is about: the object, then prepositional complements in text order.
    let mut nouns: Vec<usize> = object_of(ctx, v, true).into_iter().collect();
    nouns.extend(t.children(v).iter().map(|&c| c as usize).filter(|&c| t.rel(c).starts_with("obl") && !in_time(ctx, c) && case_word(t, c).is_some_and(|w| TARGET_PREPS.contains(&w.as_str()))));
    for n in nouns {
        // A noun naming an actor itself was the row's choice not to take; one that is only
        // named through a modifier ("US mediation", "Haiti's efforts") points to that modifier.
        if (names_actor(ctx, n) || t.upos(n) == "PROPN") && !word_in(t, n, &e.obj) {
            continue;
        }
        let named_modifier = t.children(n).iter().map(|&c| c as usize).find(|&c| {
            not_source(c)
                && (t.rel(c) == "nmod:poss" && is_named(ctx, c) && !matches!(t.word(c).to_lowercase().as_str(), "its" | "their" | "his" | "her" | "our" | "my" | "your")
                    || (matches!(t.rel(c), "compound" | "amod") && (in_mention(ctx, c) || ctx.countries.code_of(t.word(c)).is_some())))
        });
        // "prevented the demonstration staged by students": the agent of the noun's participle.
        let agent = || {
            t.children(n).iter().map(|&c| c as usize).filter(|&c| t.rel(c) == "acl" && t.xpos(c) == "VBN").find_map(|a| {
                t.children(a).iter().map(|&k| k as usize).find(|&k| (t.rel(k) == "obl:agent" || (t.rel(k) == "obl" && has_case(t, k, &["by"]))) && is_named(ctx, k))
            })
        };
        // "rejected recent calls by Belarus's rulers" with "by ..." hung on the verb: an agent
        // phrase right after the object is the object's.
        let next_to = || {
            let end = t.subtree(n).last().copied()?;
            t.children(v).iter().map(|&c| c as usize).find(|&c| {
                t.rel(c).starts_with("obl")
                    && t.subtree(c).first() == Some(&(end + 1))
                    && case_word(t, c).is_some_and(|w| matches!(w.as_str(), "by" | "of" | "from"))
                    && not_source(c)
                    && is_named(ctx, c)
            })
        };
        if let Some(x) = named_modifier.or_else(|| prep_of(n, INNER_PREPS)).or_else(agent).or_else(next_to) {
            return Some(x);
        }
    }
    // "opened fire to disperse demonstrators": whom the act is meant to reach (the purpose
    // clause on the verb, or on its object: "fire / to disperse").
    let mut purposes: Vec<usize> = t.children(v).iter().map(|&c| c as usize).filter(|&c| t.rel(c) == "advcl" && c > v).collect();
    if let Some(o) = t.child(v, "obj") {
        purposes.extend(t.children(o).iter().map(|&c| c as usize).filter(|&c| t.rel(c) == "acl" && c > o));
    }
    purposes.into_iter().filter(|&c| t.children(c).iter().any(|&m| t.rel(m as usize) == "mark" && t.word(m as usize).eq_ignore_ascii_case("to"))).find_map(|c| {
        t.child(c, "obj").filter(|&o| not_source(o) && names_actor(ctx, o))
    })
}

/// A verb's object: its own (`obj`, and `iobj` when `iobj`), else the object of a coordinated
/// verb with no subject of its own ("donated and delivered goods": the goods of both), else a
/// name the parser left as a complement with no preposition ("hosted / Japanese Prime
/// Minister Ryutaro Hashimoto" read as `obl`).
fn object_of(ctx: &Ctx<'_>, v: usize, iobj: bool) -> Option<usize> {
    let t = &ctx.tree;
    // A date is no object ("rejected Thursday a United Nations appeal").
    let own = |x: usize| t.children(x).iter().map(|&c| c as usize).find(|&c| (t.rel(c) == "obj" || (iobj && t.rel(c) == "iobj")) && !in_time(ctx, c));
    if let Some(o) = own(v) {
        return Some(o);
    }
    // Shared only by a verb with no complement of its own ("donated and delivered goods", not
    // "refused to deploy peacekeepers and urged its citizens").
    let bare = !t.children(v).iter().any(|&c| {
        let r = t.rel(c as usize);
        matches!(r, "xcomp" | "ccomp" | "advcl") || r.starts_with("obl")
    });
    if bare && !INTRANSITIVE.contains(&t.lemma(v).to_lowercase().as_str()) {
        let shared = t
            .children(v)
            .iter()
            .map(|&c| c as usize)
            .filter(|&c| c > v && t.rel(c) == "conj" && t.upos(c) == "VERB" && t.child(c, "nsubj").is_none())
            .find_map(own);
        if shared.is_some() {
            return shared;
        }
        // "removed and detained leaders of the security service": the object hung on the first
        // verb, after the second, is both verbs'.
        if t.rel(v) == "conj" && t.child(v, "nsubj").is_none() {
            if let Some(o) = t.head(v).and_then(own).filter(|&o| o > v) {
                return Some(o);
            }
        }
    }
    t.children(v).iter().map(|&c| c as usize).find(|&c| {
        c > v
            && t.rel(c) == "obl"
            && !t.children(c).iter().any(|&k| matches!(t.rel(k as usize), "case" | "mark"))
            && matches!(t.upos(c), "PROPN" | "NOUN")
            && !in_time(ctx, c)
            && names_actor(ctx, c)
    })
}

/// A noun and the nouns coordinated with it ("photographs and other military intelligence").
fn with_conjuncts(t: &Tree<'_>, x: usize) -> Vec<usize> {
    let mut out = vec![x];
    out.extend(t.children(x).iter().map(|&c| c as usize).filter(|&c| t.rel(c) == "conj" && matches!(t.upos(c), "NOUN" | "PROPN")));
    out
}

/// The prepositional phrase that names whom an act is done to, among the prepositions the
/// lexicon row lists (`preps`, most telling first): a complement of the verb or of a date hung
/// on it, or one the parser hung on the verb's objects ("extended the curfew in Abidjan",
/// "withdraw inspectors and workers from Iraq"). A phrase that names an actor, or holds one
/// ("over two Israeli air raids"), wins over one that does not ("in response to ..."); then
/// the row's order ("complained to the UN over the raids": over), then the verb's own
/// complements, then text order. An object's "of" complement counts only when it names an
/// actor ("the blockade of Serbia", not "a state of emergency").
fn prep_target(ctx: &Ctx<'_>, v: usize, objects: &[usize], preps: &[String], source: Option<usize>) -> Option<usize> {
    let t = &ctx.tree;
    if preps.is_empty() {
        return None;
    }
    let mut candidates: Vec<(usize, usize)> = Vec::new();
    for &c in t.children(v) {
        let c = c as usize;
        candidates.push((c, 0));
        if in_time(ctx, c) {
            candidates.extend(t.children(c).iter().map(|&g| (g as usize, 0)));
        }
    }
    for &o in objects {
        candidates.extend(t.children(o).iter().map(|&c| (c as usize, 1)).filter(|&(c, _)| rel_is(t.rel(c), "nmod") && t.rel(c) != "nmod:poss"));
    }
    candidates
        .into_iter()
        .filter(|&(c, depth)| {
            Some(c) != source
                && !in_time(ctx, c)
                && (t.rel(c).starts_with("obl") || t.rel(c).starts_with("nmod"))
                && case_word(t, c).is_some_and(|w| preps.contains(&w) && (depth == 0 || w != "of" || is_named(ctx, c)))
        })
        .min_by_key(|&(c, depth)| {
            let w = case_word(t, c).unwrap_or_default();
            let rank = preps.iter().position(|p| *p == w).unwrap_or(usize::MAX);
            let named = is_named(ctx, c) || named_inside(ctx, c, source).is_some();
            (!named, rank, depth, c)
        })
        .map(|x| x.0)
}

/// Whether an actor phrase names no one at its head: no entity there, no proper name or
/// pronoun, no role word, nor a role in its "of" complement or compound ("alleged war crimes",
/// "voting", "his commitment", "all official contact", "a camp for Congolese refugees"; not
/// "the head of the committee"). A name or role among the modifiers is what `named_inside`
/// finds.
fn names_no_one(ctx: &Ctx<'_>, a: &Actor) -> bool {
    let t = &ctx.tree;
    let h = a.head;
    if a.entity.is_some() || matches!(t.upos(h), "PROPN" | "PRON") {
        return false;
    }
    if in_mention(ctx, h) {
        return false;
    }
    let role = |k: usize| ctx.roles.sector(t.lemma(k)).is_some() || ctx.roles.sector(t.word(k)).is_some();
    let role_below = t.children(h).iter().map(|&c| c as usize).any(|c| (t.rel(c) == "compound" || (t.rel(c) == "nmod" && has_case(t, c, &["of"]))) && role(c));
    !role(h) && !role_below && !RELATIONAL_HEADS.contains(&t.lemma(h).to_lowercase().as_str())
}

/// The party a phrase that names no one is about: its possessive ("Sweden's decision"), a
/// name or demonym modifying it ("two Israeli air raids"), a complement naming an actor
/// ("violations by Algerian security forces", "independence from Iraq", "contact with the
/// United States", "a camp for Congolese refugees", "his commitment to the Zambian people"),
/// or a place it is in ("voting in East Jerusalem"); also through one "of" complement
/// ("part of a military aid program for Bosnia"). Never the source.
fn named_inside(ctx: &Ctx<'_>, x: usize, source: Option<usize>) -> Option<usize> {
    let t = &ctx.tree;
    let ok = |c: usize| Some(c) != source && !in_time(ctx, c);
    let direct = |h: usize| -> Option<usize> {
        let kids: Vec<usize> = t.children(h).iter().map(|&c| c as usize).filter(|&c| ok(c)).collect();
        kids.iter()
            .copied()
            .find(|&c| t.rel(c) == "nmod:poss" && t.upos(c) != "PRON" && is_named(ctx, c))
            .or_else(|| kids.iter().copied().find(|&c| matches!(t.rel(c), "compound" | "amod") && (in_mention(ctx, c) || ctx.countries.code_of(t.word(c)).is_some())))
            .or_else(|| {
                kids.iter().copied().find(|&c| {
                    rel_is(t.rel(c), "nmod") && t.rel(c) != "nmod:poss" && case_word(t, c).is_some_and(|w| INNER_PREPS.contains(&w.as_str())) && is_named(ctx, c)
                })
            })
            .or_else(|| kids.iter().copied().find(|&c| rel_is(t.rel(c), "nmod") && case_word(t, c).is_some_and(|w| w == "in" || w == "at") && is_place(ctx, c)))
    };
    direct(x).or_else(|| t.children(x).iter().map(|&c| c as usize).filter(|&c| t.rel(c) == "nmod" && has_case(t, c, &["of"])).find_map(direct))
}

/// Whether a word is (in) a place name: a place entity, or a proper noun with no entity.
fn is_place(ctx: &Ctx<'_>, x: usize) -> bool {
    let (a, b) = ctx.tree.span(x);
    match ctx.mentions.iter().find(|m| m.0 <= a && b <= m.1) {
        Some(m) => m.4.as_deref().is_some_and(|l| l == "LOC" || l == "GPE" || l == "FAC"),
        None => ctx.tree.upos(x) == "PROPN" && !in_time(ctx, x),
    }
}

/// Whether a word itself names a party: a person, group or organisation, a proper name, or a
/// country or its demonym ("Indonesian").
fn is_party(ctx: &Ctx<'_>, x: usize) -> bool {
    let t = &ctx.tree;
    if in_time(ctx, x) || matches!(t.upos(x), "NUM" | "PRON") {
        return false;
    }
    names_actor(ctx, x) || t.upos(x) == "PROPN" || ctx.countries.code_of(t.word(x)).is_some()
}

/// The first word naming a party in a clause, nearest its head first: whom a demand or a
/// complaint is addressed to ("to demand political reforms by President Suharto's
/// government", "to protest against Sweden's decision", "calling for independence from
/// Iraq"). Subjects, relative clauses and side clauses are not searched; at most four levels.
fn party_in_clause(ctx: &Ctx<'_>, c: usize, exclude: Option<usize>) -> Option<usize> {
    let t = &ctx.tree;
    let mut level = vec![c];
    for _ in 0..4 {
        let mut next: Vec<usize> = Vec::new();
        for &x in &level {
            for &k in t.children(x) {
                let k = k as usize;
                let r = t.rel(k);
                let base = r.split(':').next().unwrap_or(r);
                if matches!(base, "nsubj" | "csubj" | "expl" | "punct" | "det" | "case" | "mark" | "aux" | "cop" | "cc" | "parataxis" | "advmod" | "nummod" | "dep" | "advcl" | "discourse" | "vocative")
                    || r == "acl:relcl"
                    || in_time(ctx, k)
                {
                    continue;
                }
                next.push(k);
            }
        }
        next.sort_unstable();
        if let Some(&k) = next.iter().find(|&&k| Some(k) != exclude && is_party(ctx, k)) {
            return Some(k);
        }
        if next.is_empty() || next.len() > 40 {
            return None;
        }
        level = next;
    }
    None
}

/// Whom a protest is against when it has no "against" phrase: whom the demand or complaint it
/// is staged for addresses ("staged a hunger strike to demand the resignation of X",
/// "demonstrated, calling for independence from Iraq", "a hunger strike in protest of the
/// Russian government's refusal"), in a purpose or participle clause of the trigger, of its
/// carrying verb, or of the verb it is a complement of ("converged for a rally ... to
/// protest ...").
fn protest_target(ctx: &Ctx<'_>, tr: &Trigger<'_>, source: Option<usize>) -> Option<usize> {
    let t = &ctx.tree;
    let mut holders = vec![tr.token];
    holders.extend(tr.carrier);
    if tr.carrier.is_none() && tr.entry.pos == Pos::Noun && t.rel(tr.token).starts_with("obl") {
        holders.extend(t.head(tr.token).filter(|&h| t.upos(h) == "VERB"));
    }
    let addresses = |c: usize| {
        ctx.lex.rows(&t.lemma(c).to_lowercase(), Pos::Verb).iter().any(|e| matches!(e.kind.as_str(), "REQUEST" | "PROTEST" | "ACCUSE"))
    };
    for &h in &holders {
        let mut clauses: Vec<usize> = t.children(h).iter().map(|&c| c as usize).collect();
        // "demonstrated in the city of Kirkuk on Sunday calling for independence" with the
        // participle hung on the place.
        let hung: Vec<usize> = clauses
            .iter()
            .filter(|&&c| t.rel(c).starts_with("obl"))
            .flat_map(|&c| t.children(c).iter().map(|&g| g as usize).filter(|&g| t.rel(g) == "acl" && t.xpos(g) == "VBG"))
            .collect();
        clauses.extend(hung);
        // "rioted, joining thousands of demonstrators in demanding a referendum": the demand
        // of a participle clause.
        let inner: Vec<usize> = clauses
            .iter()
            .filter(|&&c| t.rel(c) == "advcl" && t.xpos(c) == "VBG")
            .flat_map(|&c| t.children(c).iter().map(|&g| g as usize).filter(|&g| matches!(t.rel(g), "advcl" | "xcomp")))
            .collect();
        clauses.extend(inner);
        for c in clauses {
            let clause = match t.rel(c) {
                "advcl" | "xcomp" | "acl" => c > h && t.upos(c) == "VERB" && addresses(c),
                r => r.starts_with("obl") && in_protest(t, c),
            };
            if clause {
                if let Some(x) = party_in_clause(ctx, c, source) {
                    return Some(x);
                }
            }
        }
    }
    None
}

/// The one a threat is meant for: the subject of its condition ("threatened to stop the
/// negotiations if the United States goes ahead"), on the threatening verb or its complement.
fn condition_subject(ctx: &Ctx<'_>, v: usize) -> Option<usize> {
    let t = &ctx.tree;
    let mut verbs = vec![v];
    verbs.extend(t.children(v).iter().map(|&c| c as usize).filter(|&c| matches!(t.rel(c), "xcomp" | "ccomp")));
    let more: Vec<usize> = verbs.iter().skip(1).flat_map(|&x| t.children(x).iter().map(|&c| c as usize).filter(|&c| matches!(t.rel(c), "xcomp" | "advcl"))).collect();
    verbs.extend(more);
    verbs.into_iter().find_map(|x| {
        t.children(x)
            .iter()
            .map(|&c| c as usize)
            .filter(|&c| t.rel(c) == "advcl" && t.children(c).iter().any(|&m| t.rel(m as usize) == "mark" && matches!(t.word(m as usize).to_lowercase().as_str(), "if" | "unless")))
            .find_map(|c| t.child(c, "nsubj").filter(|&s| is_named(ctx, s) && t.upos(s) != "PRON"))
    })
}

/// The last looks for an event's target, once its type is settled: the subject of a threat's
/// condition; whom a protest's demand addresses; the party inside a target phrase that names
/// no one; and for acts done to a place (curfews, deployments, withdrawals, aid, attacks), the
/// place, when nothing else is named ("will extend the curfew in Abidjan", "troops remained on
/// alert in the West Bank"), as CAMEO codes the country of the place as the target of such an
/// act.
fn finish_target(ctx: &Ctx<'_>, tr: &Trigger<'_>, comp: Option<&Trigger<'_>>, ev: &mut Event) {
    let source = ev.source.as_ref().map(|s| s.head);
    if ev.target.is_none() && ev.kind == "THREATEN" {
        let cond = condition_subject(ctx, tr.token).or_else(|| comp.and_then(|c| condition_subject(ctx, c.token)));
        ev.target = cond.filter(|&x| Some(x) != source).and_then(|x| actor(ctx, x));
    }
    if ev.target.is_none() && ev.kind == "PROTEST" {
        ev.target = protest_target(ctx, tr, source).and_then(|x| actor(ctx, x));
    }
    let unnamed = ev.target.as_ref().is_some_and(|x| names_no_one(ctx, x));
    let inside = ev.target.as_ref().filter(|_| unnamed).and_then(|x| named_inside(ctx, x.head, source));
    let inside = inside.and_then(|k| actor(ctx, k));
    let found_inside = inside.is_some();
    if inside.is_some() {
        ev.target = inside;
    }
    let kind = match ev.kind.as_str() {
        "AGREE" | "THREATEN" | "REQUEST" | "REJECT" => ev.intent.clone().unwrap_or_default(),
        k => k.to_string(),
    };
    // "threatened to ban voting in East Jerusalem": what is banned names no one, the place
    // it is banned in is the target.
    let no_one = ev.target.is_none() || (unnamed && !found_inside);
    if no_one && matches!(kind.as_str(), "COERCE" | "MOBILIZE" | "RETREAT" | "CONCEDE" | "AID" | "SANCTION" | "ASSAULT") {
        let keep = ev.target.take();
        // Also the place of a participle describing a nominal event ("the nightly curfew
        // imposed in Sudan").
        let place = |x: &Trigger<'_>| {
            location_of(ctx, x.token).or_else(|| x.carrier.and_then(|v| location_of(ctx, v))).or_else(|| {
                let t = &ctx.tree;
                (x.entry.pos == Pos::Noun).then(|| t.children(x.token).iter().map(|&c| c as usize).filter(|&c| t.rel(c) == "acl" && t.xpos(c) == "VBN").find_map(|c| location_of(ctx, c))).flatten()
            })
        };
        ev.target = place(tr).or_else(|| comp.and_then(place));
        // "guerrillas operating in Macedonia have been demobilized": those who pull back or
        // stand down do it where they are.
        if ev.target.is_none() && kind == "RETREAT" {
            ev.target = ev.source.as_ref().and_then(|s| place_in_actor(ctx, s.head).or_else(|| place_of_participle(ctx, s.head)));
        }
        if ev.target.is_none() {
            ev.target = keep;
        }
    }
}

/// The place a participle describing a noun puts it in ("guerrillas operating in Macedonia",
/// "a newspaper based in Beirut").
fn place_of_participle(ctx: &Ctx<'_>, h: usize) -> Option<Actor> {
    let t = &ctx.tree;
    t.children(h).iter().map(|&c| c as usize).filter(|&c| t.rel(c) == "acl" && matches!(t.xpos(c), "VBG" | "VBN")).find_map(|c| location_of(ctx, c))
}

/// "in protest against / of / at ...": the noun "protest" with "in" and no determiner, the
/// reason another act is done for.
fn in_protest(t: &Tree<'_>, i: usize) -> bool {
    t.lemma(i).eq_ignore_ascii_case("protest") && has_case(t, i, &["in"]) && t.child(i, "det").is_none()
}

fn is_event_noun(ctx: &Ctx<'_>, i: usize) -> bool {
    let l = ctx.tree.lemma(i).to_lowercase();
    ctx.lex.has(&l, Pos::Noun)
}

/// Source and target of a nominal trigger.
fn noun_actors(ctx: &Ctx<'_>, tr: &Trigger<'_>) -> (Option<Actor>, Option<Actor>) {
    let t = &ctx.tree;
    let i = tr.token;
    let e = tr.entry;
    // "in protest of the government's refusal": the "of" complement of the idiom is what is
    // protested against.
    // "come to his aid", "rushed to the aid of X": the one helped is the possessor, the one
    // who comes helps.
    let comes_to_aid = has_case(t, i, &["to"]) && tr.carrier.is_some_and(|v| COMING_TO_AID.0.contains(&t.lemma(v).to_lowercase().as_str()));
    let of_role = if in_protest(t, i) || comes_to_aid { OfRole::Target } else { e.of_role.unwrap_or(OfRole::Source) };
    let mut source = None;
    let mut target = None;
    // The noun's own complements, those of the generic noun it is compounded with ("a
    // mediation effort between X and Y"), and those the parser hung on a date inside the
    // phrase ("an effort on Saturday between X and Y").
    let np = noun_phrase_head(t, i);
    let mut around: Vec<usize> = t.children(i).iter().map(|&c| c as usize).collect();
    if np != i {
        around.extend(t.children(np).iter().map(|&c| c as usize).filter(|&c| c != i));
    }
    let dates: Vec<usize> = around.iter().copied().filter(|&c| in_time(ctx, c)).collect();
    for d in dates {
        around.extend(t.children(d).iter().map(|&g| g as usize).filter(|&g| !in_time(ctx, g)));
    }
    for c in around {
        if in_time(ctx, c) {
            continue;
        }
        let r = t.rel(c);
        let case = case_word(t, c);
        let slot = if r == "nmod:poss" || (r.starts_with("nmod") && case.as_deref() == Some("of")) {
            Some(of_role)
        } else if r.starts_with("nmod") && case.as_deref() == Some("by") {
            Some(OfRole::Source)
        } else if r.starts_with("nmod") && case.as_deref().is_some_and(|w| e.target_preps.iter().any(|p| p == w)) {
            Some(OfRole::Target)
        } else if (r == "compound" || r == "amod") && is_actor_word(ctx, c) {
            Some(OfRole::Source)
        } else {
            None
        };
        match slot {
            Some(OfRole::Source) if source.is_none() => source = Some(c),
            Some(OfRole::Target) if target.is_none() => target = Some(c),
            _ => {}
        }
    }
    if let Some(v) = tr.carrier {
        // "students staged protests": the carrier's subject acts; "police ordered the arrest".
        if source.is_none() && t.rel(np) != "nsubj" {
            source = subject_of(t, v, 0).filter(|s| !s.1).map(|s| s.0);
        }
        if target.is_none() {
            // Also a phrase the parser hung on another complement of the carrier ("staged
            // rallies in the Gaza Strip against the party's leader").
            let others: Vec<usize> = t.children(v).iter().map(|&c| c as usize).filter(|&c| c != i && c != np && (t.rel(c) == "obj" || t.rel(c).starts_with("obl"))).collect();
            target = prep_target(ctx, v, &others, &e.target_preps, source).filter(|&c| c != i && c != np);
        }
        // "A US national has been put under investigation", "troops were placed on alert": the
        // passive subject of the carrier is the one the act is done to (an inquiry, an
        // arrest), else the one who acts.
        if let Some(x) = t.child(v, "nsubj:pass").filter(|_| t.rel(np).starts_with("obl")) {
            if of_role == OfRole::Target || matches!(e.kind.as_str(), "ACCUSE" | "COERCE" | "ASSAULT") {
                target = target.or(Some(x));
            } else {
                source = source.or(Some(x));
            }
        }
    }
    // "Islamic fundamentalists continued their hunger strike": the possessive of a noun the
    // clause's subject acts on is that subject.
    if source.is_some_and(|p| t.rel(p) == "nmod:poss" && matches!(t.word(p).to_lowercase().as_str(), "their" | "its" | "his" | "her")) && rel_is(t.rel(i), "obj") {
        if let Some(s) = t.head(i).and_then(|v| subject_of(t, v, 0)).filter(|x| !x.1 && t.upos(x.0) != "PRON") {
            source = Some(s.0);
        }
    }
    (source.and_then(|s| actor(ctx, s)), target.and_then(|x| actor(ctx, x)))
}

/// Whether a modifier names an actor: an entity, a demonym, a role word ("police crackdown",
/// "CSTO deployment", "Kazakh protests").
fn is_actor_word(ctx: &Ctx<'_>, i: usize) -> bool {
    let t = &ctx.tree;
    in_mention(ctx, i) || ctx.roles.sector(t.lemma(i)).is_some() || ctx.roles.sector(t.word(i)).is_some() || ctx.countries.code_of(t.word(i)).is_some()
}

/// The place an event happened: an "in/at/near ..." complement of the trigger naming a place.
fn location_of(ctx: &Ctx<'_>, v: usize) -> Option<Actor> {
    let t = &ctx.tree;
    let in_time = |x: usize| {
        let (a, b) = t.span(x);
        ctx.times.iter().any(|m| m.0 <= a && b <= m.1)
    };
    // The parser often hangs the place on the date before it ("began on January 2 in the oil
    // town of Dranmoor"): the date's own complements count as the verb's.
    let mut candidates: Vec<usize> = t.children(v).iter().map(|&c| c as usize).collect();
    for &c in t.children(v) {
        if in_time(c as usize) {
            candidates.extend(t.children(c as usize).iter().map(|&g| g as usize).filter(|&g| !in_time(g)));
        }
    }
    for c in candidates {
        let r = t.rel(c);
        if !(r.starts_with("obl") || r.starts_with("nmod") || r == "advmod") {
            continue;
        }
        let Some(case) = case_word(t, c) else { continue };
        if !matches!(case.as_str(), "in" | "at" | "near" | "across" | "outside" | "inside" | "throughout" | "around" | "into") {
            continue;
        }
        let (a, b) = t.extent(c);
        let place = ctx.mentions.iter().find(|m| m.0 >= a && m.1 <= b && m.4.as_deref().is_some_and(|l| l == "LOC" || l == "GPE" || l == "FAC"));
        if let Some(p) = place {
            let head = t.token_at_or_after(p.0);
            return actor(ctx, head).map(|mut x| {
                x.span = (p.0, p.1);
                x
            });
        }
        if t.upos(c) == "PROPN" {
            return actor(ctx, c);
        }
    }
    None
}

/// The place an actor phrase is in: "drivers and oil workers in Dranmoor" (an "in" or "at"
/// modifier of the head or of a coordinated head naming a place of the `entities` layer).
fn place_in_actor(ctx: &Ctx<'_>, h: usize) -> Option<Actor> {
    let t = &ctx.tree;
    let mut heads = vec![h];
    heads.extend(t.children(h).iter().map(|&c| c as usize).filter(|&c| t.rel(c) == "conj"));
    for x in heads {
        for &c in t.children(x) {
            let c = c as usize;
            let r = t.rel(c);
            if !(rel_is(r, "nmod") && r != "nmod:poss" && case_word(t, c).is_some_and(|w| w == "in" || w == "at")) {
                continue;
            }
            let (a, b) = t.extent(c);
            let place = ctx.mentions.iter().find(|m| m.0 >= a && m.1 <= b && m.4.as_deref().is_some_and(|l| l == "LOC" || l == "GPE" || l == "FAC"));
            if let Some(p) = place {
                return actor(ctx, t.token_at_or_after(p.0)).map(|mut x| {
                    x.span = (p.0, p.1);
                    x
                });
            }
        }
    }
    None
}

/// The modality of a verb: its own auxiliaries and negation, then what governs it.
fn modality_of(t: &Tree<'_>, v: usize) -> Modality {
    let mut cur = v;
    let mut negated = false;
    for depth in 0..6 {
        let own_subject = t.children(cur).iter().any(|&c| rel_is(t.rel(c as usize), "nsubj"));
        for &c in t.children(cur) {
            let c = c as usize;
            let r = t.rel(c);
            let w = t.word(c).to_lowercase();
            let l = t.lemma(c).to_lowercase();
            if r == "aux" || r == "aux:pass" {
                if MODAL_HYPOTHETICAL.contains(&l.as_str()) || MODAL_HYPOTHETICAL.contains(&w.as_str()) {
                    // "would not intervene" is as hypothetical as "would intervene".
                    return Modality::Hypothetical;
                }
                if MODAL_FUTURE.contains(&l.as_str()) || MODAL_FUTURE.contains(&w.as_str()) {
                    return if has_neg(t, cur) { Modality::Negated } else { Modality::Future };
                }
            }
            if r == "mark" && matches!(w.as_str(), "if" | "unless" | "whether") {
                return Modality::Hypothetical;
            }
        }
        if has_neg(t, cur) {
            negated = true;
        }
        if depth == 0 && ends_in_question(t, cur) {
            return Modality::Hypothetical;
        }
        let Some(h) = t.head(cur) else { break };
        let r = t.rel(cur);
        let hl = t.lemma(h).to_lowercase();
        match r {
            "xcomp" => {
                if FUTURE_HEADS.contains(&hl.as_str()) {
                    return if has_neg(t, h) { Modality::Negated } else { Modality::Future };
                }
                if HYPOTHETICAL_HEADS.contains(&hl.as_str()) {
                    return Modality::Hypothetical;
                }
                if hl == "go" && t.children(h).iter().any(|&c| t.rel(c as usize) == "aux") {
                    return Modality::Future; // "is going to send"
                }
                if !ASPECTUAL.contains(&hl.as_str()) {
                    break;
                }
                cur = h;
            }
            "conj" if !own_subject => cur = h,
            "ccomp" | "csubj" if HYPOTHETICAL_HEADS.contains(&hl.as_str()) => return Modality::Hypothetical,
            "acl" if t.children(cur).iter().any(|&c| t.rel(c as usize) == "mark" && t.word(c as usize).eq_ignore_ascii_case("to")) => {
                return Modality::Hypothetical; // "any decision to withdraw the peacekeepers"
            }
            "advcl" => {
                // A purpose clause ("staged protests to demand reforms") is intended, not done.
                if t.children(cur).iter().any(|&c| t.rel(c as usize) == "mark" && t.word(c as usize).eq_ignore_ascii_case("to")) {
                    return Modality::Hypothetical;
                }
                break;
            }
            _ => break,
        }
    }
    if negated {
        Modality::Negated
    } else {
        Modality::Asserted
    }
}

fn has_neg(t: &Tree<'_>, v: usize) -> bool {
    t.children(v).iter().any(|&c| {
        let w = t.word(c as usize).to_lowercase();
        (t.rel(c as usize) == "advmod" || t.rel(c as usize) == "neg" || t.rel(c as usize) == "aux") && matches!(w.as_str(), "not" | "n't" | "never" | "neither" | "nor")
    })
}

fn ends_in_question(t: &Tree<'_>, v: usize) -> bool {
    let s = t.sentence_of.get(v).copied().unwrap_or(u32::MAX) as usize;
    let (_, hi) = t.sentence_tokens(s);
    hi > 0 && t.word(hi - 1) == "?" && t.head(v).is_none()
}

/// The actor phrase headed by token `h`: its words up to relative clauses, appositions and
/// coordination, resolved to an entity, a sector and a country.
fn actor(ctx: &Ctx<'_>, h: usize) -> Option<Actor> {
    let t = &ctx.tree;
    if t.is_punct(h) {
        return None;
    }
    // "protesters who stormed": the noun the relative clause is about.
    if matches!(t.word(h).to_lowercase().as_str(), "who" | "whom" | "which" | "that" | "whose") && t.upos(h) == "PRON" {
        let clause = t.head(h)?;
        if t.rel(clause) == "acl:relcl" {
            return actor(ctx, t.head(clause)?);
        }
        return None;
    }
    // A date is no actor ("the violence of January 4-7"), nor a number, unless it counts
    // people out of a group ("Two of his deputies were detained").
    let (hs0, he0) = t.span(h);
    let partitive = t.children(h).iter().map(|&c| c as usize).any(|c| t.rel(c).starts_with("nmod") && has_case(t, c, &["of"]));
    if ctx.times.iter().any(|x| x.0 <= hs0 && he0 <= x.1) || (t.upos(h) == "NUM" && !partitive) {
        return None;
    }
    // A pronoun subject of a reported clause is the speaker ("Syria says it is willing").
    if let Some(a) = reported_antecedent(t, h) {
        if let Some(ante) = actor(ctx, a) {
            let (ps, pe) = t.span(h);
            let phrase = clean_phrase(t.doc.text.get(ante.span.0..ante.span.1).unwrap_or(""));
            return Some(Actor { span: (ps, pe), head: h, name: ante.name.or(Some(phrase)), compound: false, ..ante });
        }
    }
    // The members of a compound actor: the head and the nouns coordinated with it ("Jordan and
    // Britain", "Palestinian homes and civilian buildings") are one actor.
    let mut members = vec![h];
    // "Libyan leader Muammar Gaddafi signed" parsed with two subjects: a name right after a
    // subject or object noun, attached to the same verb the same way, is the same phrase.
    if let Some(v) = t.head(h) {
        let r = t.rel(h);
        if matches!(r, "nsubj" | "obj" | "nsubj:pass") && matches!(t.upos(h), "NOUN" | "PROPN") {
            let end = t.extent(h).1;
            if let Some(n) = t.children(v).iter().map(|&c| c as usize).find(|&c| c > h && t.rel(c) == r && t.upos(c) == "PROPN" && t.extent(c).0 <= end + 1) {
                members.push(n);
            }
        }
    }
    let firsts = members.clone();
    for m in firsts {
        members.extend(t.children(m).iter().map(|&c| c as usize).filter(|&c| c > m && t.rel(c) == "conj" && matches!(t.upos(c), "NOUN" | "PROPN") && coordinated_by_and(t, c)));
    }
    let mut keep = members.clone();
    let mut stack = members.clone();
    while let Some(x) = stack.pop() {
        if keep.len() > 40 {
            break;
        }
        let member = members.contains(&x);
        for &c in t.children(x) {
            let c = c as usize;
            if keep.contains(&c) {
                continue;
            }
            let r = t.rel(c);
            // The "and" and commas that join the members.
            let joint = member && x != h && (r == "cc" || (r == "punct" && t.word(c) == ",")) && c > h;
            // "the southern regional capital Juba", "Kenzo Oshima, the United Nations Emergency
            // Relief Coordinator": an apposition names the same actor.
            let close_appos = member && r == "appos" && c > x;
            // "Montenegro Municipality Association (AKK) officials": an apposition inside the
            // phrase, before its head.
            let inner_appos = r == "appos" && c < h;
            // "Montenegro Municipality Association (AKK) officials": brackets inside the phrase.
            let bracket = x != h && r == "punct" && matches!(t.word(c), "(" | ")");
            let skip = !joint
                && !close_appos
                && !inner_appos
                && !bracket
                && (matches!(r.split(':').next(), Some("acl" | "appos" | "punct" | "cc" | "conj" | "advcl" | "parataxis" | "dep" | "ccomp" | "list"))
                    || (member && matches!(r, "case" | "mark" | "obj" | "obl" | "nsubj" | "xcomp" | "aux" | "cop"))
                    || (member && r.starts_with("nmod") && r != "nmod:poss" && case_word(t, c).is_some_and(|w| !matches!(w.as_str(), "of" | "from" | "in" | "at" | "to"))));
            if !skip {
                keep.push(c);
                stack.push(c);
            }
        }
    }
    keep.sort_unstable();
    // The contiguous run around the head.
    let at = keep.iter().position(|&k| k == h)?;
    let (mut a, mut b) = (at, at);
    while a > 0 && keep[a - 1] + 1 == keep[a] {
        a -= 1;
    }
    // Over a comma or bracket between two words of the phrase ("Kenzo Oshima, the United
    // Nations Emergency Relief Coordinator").
    let gap = |k: usize| t.is_punct(k) && matches!(t.word(k), "," | "(" | ")");
    while b + 1 < keep.len() && (keep[b + 1] == keep[b] + 1 || (keep[b + 1] == keep[b] + 2 && gap(keep[b] + 1))) {
        b += 1;
    }
    while a < b && keep[a] != h && matches!(t.word(keep[a]).to_lowercase().as_str(), "the" | "a" | "an" | "this" | "that" | "these" | "those") {
        a += 1;
    }
    let tokens = &keep[a..=b];
    let (start, end) = (t.span(*tokens.first()?).0, t.span(*tokens.last()?).1);
    let words: Vec<String> = tokens.iter().map(|&k| t.lemma(k).to_lowercase()).collect();
    let head_pos = tokens.iter().position(|&k| k == h);
    let (hs, he) = t.span(h);
    // The entity named at the head, else inside the phrase.
    let mention = ctx
        .mentions
        .iter()
        .find(|m| m.0 <= hs && he <= m.1)
        .or_else(|| appositive_person(ctx, h))
        .or_else(|| (t.upos(h) == "PROPN").then(|| ctx.mentions.iter().find(|m| m.0 >= start && m.1 <= end && m.4.as_deref() != Some("NORP"))).flatten())
        .or_else(|| pronoun_antecedent(ctx, h));
    let surface: Vec<&str> = tokens.iter().map(|&k| t.word(k)).collect();
    let mut sector = ctx.roles.sector_in(&words, head_pos).map(str::to_string);
    if sector.is_none() {
        if let Some(name) = mention.and_then(|m| m.3.as_deref()) {
            let name_words: Vec<String> = name.split_whitespace().map(str::to_lowercase).collect();
            sector = ctx.roles.sector_in(&name_words, Some(name_words.len().saturating_sub(1))).map(str::to_string);
        }
    }
    let country = ctx.countries.longest_in(&surface).map(|(_, _, c)| c.to_string());
    let compound = tokens.iter().any(|k| members.contains(k) && *k != h);
    // "Bosnian Serbs said their forces had completed ...": the forces are the speaker's.
    if mention.is_none() {
        let owner = t.child(h, "nmod:poss").filter(|&p| t.upos(p) == "PRON").and_then(|p| reported_antecedent(t, p)).filter(|&a| a != h);
        if let Some(ante) = owner.and_then(|a| actor(ctx, a)) {
            let phrase = clean_phrase(t.doc.text.get(ante.span.0..ante.span.1).unwrap_or(""));
            return Some(Actor {
                span: (start, end),
                head: h,
                compound,
                entity: ante.entity,
                name: ante.name.or(Some(phrase)),
                label: ante.label,
                sector: sector.or(ante.sector),
                country: country.or(ante.country),
            });
        }
    }
    Some(Actor {
        span: (start, end),
        head: h,
        compound,
        entity: mention.and_then(|m| m.2),
        name: mention.and_then(|m| m.3.clone()),
        label: mention.and_then(|m| m.4.clone()),
        sector,
        country,
    })
}

/// Whether a conjunct is joined by "and" (or "&"), or by a comma in a list that ends with
/// "and": "X, Y and Z", not "X or Y", "X but not Y".
fn coordinated_by_and(t: &Tree<'_>, c: usize) -> bool {
    let cc = |x: usize| t.children(x).iter().map(|&k| k as usize).find(|&k| t.rel(k) == "cc").map(|k| t.word(k).to_lowercase());
    match cc(c) {
        Some(w) => w == "and" || w == "&",
        None => t.head(c).is_some_and(|h| t.children(h).iter().map(|&k| k as usize).filter(|&k| k > c && t.rel(k) == "conj").any(|k| cc(k).is_some_and(|w| w == "and"))),
    }
}

/// The speaker a pronoun stands for when it is the subject (or the possessive of the subject)
/// of what the speaker says: "Syria says it is willing to withdraw", "Palestinian leaders said
/// they would boycott", "Bosnian Serbs said their forces had completed". The clause must be
/// the clausal complement of a verb whose subject is no pronoun; "it"/"its" and
/// "he"/"she"/"his"/"her" take a singular subject.
fn reported_antecedent(t: &Tree<'_>, h: usize) -> Option<usize> {
    if t.upos(h) != "PRON" {
        return None;
    }
    let w = t.word(h).to_lowercase();
    let singular = match w.as_str() {
        "it" | "its" | "he" | "she" | "his" | "her" => true,
        "they" | "their" => false,
        _ => return None,
    };
    // The clause the pronoun is the subject of, possibly through a possessed subject noun.
    let mut x = h;
    if t.rel(x) == "nmod:poss" {
        x = t.head(x)?;
    }
    if !rel_is(t.rel(x), "nsubj") && t.rel(x) != "expl" {
        return None;
    }
    let mut clause = t.head(x)?;
    for _ in 0..3 {
        if !matches!(t.rel(clause), "conj" | "xcomp") {
            break;
        }
        clause = t.head(clause)?;
    }
    if t.rel(clause) != "ccomp" {
        return None;
    }
    let speaker_verb = t.head(clause)?;
    if t.upos(speaker_verb) != "VERB" {
        return None;
    }
    let subj = t.child(speaker_verb, "nsubj")?;
    if t.upos(subj) == "PRON" || (singular && matches!(t.xpos(subj), "NNS" | "NNPS")) {
        return None;
    }
    Some(subj)
}

/// "the head of the committee, Konstantin Darvel": the person the apposition names.
fn appositive_person<'c>(ctx: &'c Ctx<'_>, h: usize) -> Option<&'c Mention> {
    let t = &ctx.tree;
    let ap = t.child(h, "appos")?;
    let (a, b) = t.span(ap);
    ctx.mentions.iter().find(|m| m.0 <= a && b <= m.1 && m.4.as_deref() == Some("PERSON"))
}

/// "he", "she": the nearest person named before, in this sentence or the two before; "it",
/// "they": left unresolved (too often a thing or a crowd).
fn pronoun_antecedent<'c>(ctx: &'c Ctx<'_>, h: usize) -> Option<&'c Mention> {
    let t = &ctx.tree;
    let w = t.word(h).to_lowercase();
    if !matches!(w.as_str(), "he" | "she" | "him" | "her" | "his") {
        return None;
    }
    let s = *t.sentence_of.get(h)? as usize;
    let earliest = t.sentence_tokens(s.saturating_sub(2)).0;
    let floor = t.span(earliest).0;
    let at = t.span(h).0;
    ctx.mentions.iter().rev().find(|m| m.1 <= at && m.0 >= floor && m.4.as_deref() == Some("PERSON"))
}

/// Whether tokens `first..=last` are the date of a dateline: near the start of the paragraph's
/// first sentence, with a dash soon after ("KORVINSK, Jan. 9 (Wire) - ...").
fn in_dateline(t: &Tree<'_>, s: usize, first: usize, last: usize) -> bool {
    let (lo, hi) = t.sentence_tokens(s);
    let starts_paragraph = s == 0 || t.doc.sentences.get(s - 1).map(|p| p.paragraph) != t.doc.sentences.get(s).map(|p| p.paragraph);
    starts_paragraph
        && first >= lo
        && first - lo <= 4
        && (last + 1..(last + 6).min(hi)).any(|k| matches!(t.word(k), "-" | "--" | "—" | "–"))
}

/// Gives each event of a sentence its time: the time expression whose path up the tree first
/// reaches the event's trigger (or its carrier); times that reach no event date every event of
/// the sentence that has none.
fn assign_times(ctx: &Ctx<'_>, s: usize, events: &mut [Event]) {
    let t = &ctx.tree;
    let (lo, hi) = t.sentence_tokens(s);
    if hi <= lo || events.is_empty() {
        return;
    }
    let (a, b) = (t.span(lo).0, t.span(hi - 1).1);
    let governors: Vec<Option<usize>> = events.iter().map(|e| e.phase.and_then(|_| phase_of(t, e.trigger_token)).map(|p| p.1)).collect();
    let mut sentence_level: Option<(String, (usize, usize))> = None;
    let mut sentence_level_head = None;
    for &(ts, te, ref value) in ctx.times.iter().filter(|x| x.0 >= a && x.1 <= b) {
        let head = t.token_at_or_after(ts);
        if in_dateline(t, s, head, t.token_at_or_after(te.saturating_sub(1))) {
            continue; // "KORVINSK, Jan. 9 (Wire) -" dates the report, not the events
        }
        let mut cur = Some(head);
        let mut owner = None;
        for _ in 0..12 {
            let Some(x) = cur else { break };
            // The trigger itself, else the word that says it began or ended ("protests began
            // on January 2", "drivers began to protest on January 2").
            if let Some(k) = events.iter().position(|e| e.trigger_token == x).or_else(|| governors.iter().position(|g| *g == Some(x))) {
                owner = Some(k);
                break;
            }
            cur = t.head(x);
        }
        let time = (value.clone(), (ts, te));
        match owner {
            Some(k) => {
                if events[k].time.is_none() {
                    events[k].time = Some(time);
                }
            }
            None => {
                // "Since its independence in 1991": the start of a state, the date of no event.
                let since = std::iter::successors(Some(head), |&k| t.head(k))
                    .take(4)
                    .take_while(|&k| matches!(t.upos(k), "NOUN" | "PROPN" | "NUM"))
                    .any(|k| t.children(k).iter().any(|&c| matches!(t.rel(c as usize), "case" | "mark") && t.word(c as usize).eq_ignore_ascii_case("since")));
                if sentence_level.is_none() && !since && !ctx.quotes.iter().any(|q| q.1.iter().any(|p| p.0 <= ts && te <= p.1)) {
                    sentence_level = Some(time);
                    sentence_level_head = Some(head);
                }
            }
        }
    }
    // Times under a noun's carrier verb: "protests began on January 2".
    for e in events.iter_mut().filter(|e| e.time.is_none() && e.nominal) {
        if let Some(v) = t.head(e.trigger_token) {
            for &(ts, te, ref value) in ctx.times.iter().filter(|x| x.0 >= a && x.1 <= b) {
                let head = t.token_at_or_after(ts);
                if t.head(head) == Some(v) || t.head(head).and_then(|x| t.head(x)) == Some(v) {
                    e.time = Some((value.clone(), (ts, te)));
                    break;
                }
            }
        }
    }
    if let Some(time) = sentence_level {
        // Not an event told in a relative clause the date is outside of when the clause keeps a
        // time of its own: the present ("on Monday, ... Rekker, who says his country faces an
        // attack") or a time adverb ("X, whom Y recently removed"). A past relative clause
        // goes on with the story ("on January 4 ... demonstrations, which demanded change").
        let ancestors = |x: usize| std::iter::successors(Some(x), |&k| t.head(k)).take(24).collect::<Vec<_>>();
        let date_path = sentence_level_head.map(ancestors).unwrap_or_default();
        let own_time = |k: usize| {
            matches!(t.xpos(k), "VBZ" | "VBP")
                || t.children(k).iter().map(|&c| c as usize).any(|c| {
                    (t.rel(c) == "advmod" && RELATIVE_TIME_ADVERBS.contains(&t.word(c).to_lowercase().as_str())) || (t.rel(c) == "aux" && matches!(t.xpos(c), "VBZ" | "VBP" | "MD"))
                })
        };
        for e in events.iter_mut().filter(|e| e.time.is_none()) {
            let in_other_relcl = ancestors(e.trigger_token).into_iter().any(|k| t.rel(k) == "acl:relcl" && !date_path.contains(&k) && own_time(k));
            if !in_other_relcl {
                e.time = Some(time.clone());
            }
        }
    }
}
