//! Attribution: who said (or thought, or reported) what.
//!
//! [`find`] reads a parsed [`Doc`] (tokens, sentences, part of speech, dependencies, entity
//! mentions, time expressions) and returns its [`Attribution`]s: direct quotations with the
//! speaker who utters them, and reported speech ("X said that ...", "according to X", "as X
//! observes, ...") with its source, cue and content, each as byte spans of the clean text.
//! It sits after the linguistic core in the `annotate` pipeline (the `quotes` annotator).
//!
//! How it works, in three passes over the document:
//!
//! 1. **Direct quotations** ([`marks`]): each pair of double quotation marks is attributed to a
//!    speech verb right after it (`“...,” Galeotti suggests`) or right before it (`Rekker
//!    said: “...”`), when the clause the verb governs is inside the quotation. A quotation split
//!    by its attribution (`“The presence,” he said, “was a token.”`) is one attribution with two
//!    content pieces; a quotation that follows an attributed one in the next sentence or
//!    paragraph without a verb of its own continues it. A short quotation without a verb and
//!    without a speech verb next to it is a scare quote (“peacekeepers”) and is not reported.
//! 2. **Reported speech**: every word whose lemma heads cues often enough in the training
//!    articles (the [`Lexicon`], learned from PolNeAR) and that governs a content in the parse:
//!    a clausal complement (`said that ...`), an open complement (`wants to ...`), the clause it
//!    interrupts (`..., he said.`), what follows a colon, or for "according to X" the rest of
//!    the clause. The source is the verb's subject (inherited from the verb it is coordinated
//!    with or subordinate to when it has none), the agent of a passive, or X.
//! 3. **Speakers** ([`speakers`]): the source is resolved to an entity of the document: a name
//!    in it, a pronoun to the speaker or person it refers back to, a title ("the president") to
//!    the person last named with that title.
//!
//! An attribution inside another's content ("X said that Y claimed ...") is not reported
//! separately: the outer speaker is the one vouching for it.

mod lexicon;
pub mod marks;
pub mod speakers;
#[cfg(test)]
mod tests;

pub use lexicon::Lexicon;
pub use speakers::Speaker;

use std::collections::{HashMap, HashSet};

use model::tree::{rel_is, Tree};
use model::{Doc, Layer};

/// One attribution: a source, a cue and a content.
#[derive(Clone, Debug, PartialEq)]
pub struct Attribution {
    /// Verbatim (a quotation) or reported.
    pub direct: bool,
    /// Byte ranges of the content, in order (several for a quotation split by its attribution).
    pub content: Vec<(usize, usize)>,
    /// Byte range of the cue ("said", "has said", "according to"), when there is one.
    pub cue: Option<(usize, usize)>,
    /// The cue's lemma ("say", "accord", "warn").
    pub cue_lemma: Option<String>,
    /// Byte range of the source as written ("Paul Stronski of the Carnegie Endowment", "he").
    pub source: Option<(usize, usize)>,
    /// Token index of the source's head word.
    pub source_head: Option<usize>,
    /// Who the source is, when it can be resolved to an entity of the document.
    pub speaker: Option<Speaker>,
    /// Index of the sentence holding the cue (or the first content piece).
    pub sentence: usize,
    /// The TIMEX3 value of a time expression in the cue's sentence outside the content ("on
    /// Monday"), and its byte range.
    pub time: Option<(String, (usize, usize))>,
}

impl Attribution {
    /// First to last byte of the content.
    pub fn extent(&self) -> (usize, usize) {
        let start = self.content.first().map_or(0, |c| c.0);
        let end = self.content.last().map_or(start, |c| c.1);
        (start, end)
    }
}

/// Lowest cue score for a word heading reported speech.
const MIN_CUE_SCORE: f32 = 0.2;
/// Lowest cue score for a word heading reported speech when its source is a person, a group
/// or a word that often heads sources.
const MIN_WEAK_CUE_SCORE: f32 = 0.1;
/// Lowest source score (how often a noun heads a source in training) for a common noun to be
/// the plausible source of a weak cue.
const MIN_SOURCE_SCORE: f32 = 0.05;
/// Lowest cue score for a verb whose object (not a clause) is what was said.
const MIN_OBJECT_CUE_SCORE: f32 = 0.3;
/// Lowest cue score for a verb whose object is what is held, when a plausible source holds
/// it ("X supports Y").
const MIN_WEAK_OBJECT_CUE_SCORE: f32 = 0.15;
/// Lowest cue score for a verb next to a quotation that is a statement (quotations need less
/// evidence than reported speech).
const MIN_QUOTE_CUE_SCORE: f32 = 0.1;
/// Lowest cue score for a verb next to a quoted fragment (no verb, a few words): only verbs
/// of saying proper, since verbs like "call" or "describe" take scare-quoted labels.
const MIN_FRAGMENT_CUE_SCORE: f32 = 0.4;
/// Fewest training occurrences as a cue head for a word to count at all.
const MIN_CUE_COUNT: u32 = 3;
/// A quotation with fewer words and no verb, and no speech verb next to it, is a scare quote.
const MIN_STATEMENT_WORDS: usize = 6;
/// Prepositions that introduce what is said of a cue verb's object ("accused X of ...",
/// "described it as ...", "compared him to ...", "asked her about ...").
const COMPLEMENT_PREPOSITIONS: [&str; 7] = ["of", "as", "to", "about", "on", "into", "over"];
/// Verbs whose object is the person addressed, not what was said: their passive subject is
/// no content ("he was asked", "she was told").
const ADDRESSEE_VERBS: [&str; 13] =
    ["ask", "tell", "urge", "warn", "inform", "advise", "order", "question", "brief", "interview", "invite", "encourage", "call"];
/// Verbs of telling: their object is whom they tell ("told reporters", "asked him"), never
/// what was said.
const TELLING_VERBS: [&str; 9] = ["tell", "ask", "inform", "brief", "interview", "invite", "remind", "assure", "notify"];
/// Lowest cue score for the verb of "as X pointed out with a chart, ..." when adjuncts follow
/// it: mostly a verb of saying, since "as X spoke at the rally, ..." tells when.
const MIN_AS_ADJUNCT_CUE_SCORE: f32 = 0.4;
/// Lowest cue score for a verb coordinated with or subordinate to a word inside another cue's
/// content to be taken out of it as an attribution of its own ("said ... and warned ...").
const MIN_CARVED_CUE_SCORE: f32 = 0.3;
/// Lowest cue score for a headline word read as a verb ("Lawmakers Rip Trump").
const MIN_HEADLINE_CUE_SCORE: f32 = 0.2;
/// Words opening an adverbial clause ("after he left, ..."), never what was said.
const SUBORDINATORS: [&str; 14] =
    ["if", "as", "when", "while", "after", "before", "because", "since", "although", "though", "unless", "once", "until", "whenever"];
/// How many tokens after a quotation a speech verb may come (`”, the minister told reporters`).
const AFTER_WINDOW: usize = 20;
/// How many tokens before a quotation a speech verb may come.
const BEFORE_WINDOW: usize = 14;

/// Finds the attributions of `doc` with the compiled-in lexicon. Needs the `syntax` layer
/// (returns nothing without it); uses the `entities` and `times` layers when present.
pub fn find(doc: &Doc) -> Vec<Attribution> {
    find_with(doc, Lexicon::load_default())
}

/// [`find`] with a given lexicon.
pub fn find_with(doc: &Doc, lex: &Lexicon) -> Vec<Attribution> {
    if doc.tokens.is_empty() || doc.analyses.len() < doc.tokens.len() {
        return Vec::new();
    }
    let tree = Tree::new(doc);
    let times: Vec<(usize, usize)> =
        doc.annotations.iter().filter(|a| a.layer == Layer::Times).map(|a| (a.span.start as usize, a.span.end as usize)).collect();
    let names: Vec<(usize, usize)> = doc
        .annotations
        .iter()
        .filter(|a| a.layer == Layer::Entities && matches!(a.label.as_str(), "PERSON" | "ORG"))
        .map(|a| (a.span.start as usize, a.span.end as usize))
        .collect();
    let mut state = State {
        tree: &tree,
        lex,
        used: vec![false; tree.n],
        dateline: vec![false; tree.n],
        times,
        names,
        source_from: vec![None; tree.n],
        out: Vec::new(),
    };
    for t in dateline_tokens(&tree) {
        state.used[t] = true;
        state.dateline[t] = true;
    }
    state.transcript_lines();
    let quotations = marks::quotations(&doc.text, &paragraphs(doc));
    state.as_x_observes_all(&quotations);
    state.direct(&quotations);
    state.reported(&quotations);
    state.headline();
    let mut out = state.out;
    out.sort_by_key(|a| a.extent());
    speakers::resolve(&tree, &mut out);
    attach_times(doc, &tree, &mut out);
    out
}

/// The tokens of a dateline opening a paragraph ("PORT AMSEL, Jan 8 (CPA) -"): an upper-case
/// place name, then a dash within a dozen tokens. They are neither source nor content.
fn dateline_tokens(tree: &Tree<'_>) -> Vec<usize> {
    let mut out = Vec::new();
    for (a, b) in tree.paragraph_openings() {
        let first = tree.word(a);
        if first.len() < 2 || !first.chars().all(|c| c.is_uppercase() || !c.is_alphabetic()) || !first.chars().any(char::is_alphabetic) {
            continue;
        }
        if let Some(dash) = (a..b.min(a + 12)).find(|&t| matches!(tree.word(t), "-" | "—" | "–" | "--")) {
            out.extend(a..=dash);
        }
    }
    out
}

/// Token ranges of the lines: runs of sentences not separated by a line break or a new
/// paragraph.
fn lines(tree: &Tree<'_>) -> Vec<(usize, usize)> {
    let doc = tree.doc;
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut prev: Option<&model::Sentence> = None;
    for s in &doc.sentences {
        let (a, b) = ((s.tokens.0 as usize).min(tree.n), (s.tokens.1 as usize).min(tree.n));
        let joined = prev.is_some_and(|p| {
            p.paragraph == s.paragraph && doc.text.get(p.span.end as usize..s.span.start as usize).is_some_and(|gap| !gap.contains('\n'))
        });
        match out.last_mut() {
            Some(last) if joined => last.1 = b,
            _ => out.push((a, b)),
        }
        prev = Some(s);
    }
    out
}

/// Byte ranges of the paragraphs, from the sentences' paragraph numbers.
fn paragraphs(doc: &Doc) -> Vec<(usize, usize)> {
    let mut out: Vec<(u32, usize, usize)> = Vec::new();
    for s in &doc.sentences {
        match out.last_mut() {
            Some((p, _, end)) if *p == s.paragraph => *end = s.span.end as usize,
            _ => out.push((s.paragraph, s.span.start as usize, s.span.end as usize)),
        }
    }
    // A line break also ends a paragraph for the pairing of quotation marks when the next
    // line opens with a quotation mark or the line ends with a closing one (lists of quoted
    // reactions, one per line), so that one stray mark does not shift every pair after it.
    let mut split = Vec::new();
    for (_, a, b) in out {
        let Some(par) = doc.text.get(a..b) else { continue };
        let mut start = a;
        for (i, _) in par.match_indices('\n') {
            let (line, rest) = (par[start - a..i].trim_end(), par[i + 1..].trim_start());
            let next_opens = rest.starts_with(['“', '”', '"', '«', '„']);
            let ends_closed = line.ends_with(['”', '»', '"']);
            if !line.is_empty() && (next_opens || ends_closed) {
                split.push((start, a + i));
                start = a + i + 1;
            }
        }
        split.push((start, b));
    }
    split
}

struct State<'t, 'd> {
    tree: &'t Tree<'d>,
    lex: &'t Lexicon,
    /// Tokens already part of an attribution (cue, source or content).
    used: Vec<bool>,
    /// Tokens of a dateline: never a source (sources may be shared: "X urged ... and warned").
    dateline: Vec<bool>,
    /// Byte ranges of the time expressions ("Friday" is never a speaker).
    times: Vec<(usize, usize)>,
    /// Byte ranges of the person and organisation mentions.
    names: Vec<(usize, usize)>,
    /// For a cue carved out of another's content without a subject of its own ("X said ...
    /// and warned ..." misparsed under the content), the cue whose source it shares.
    source_from: Vec<Option<usize>>,
    out: Vec<Attribution>,
}

impl State<'_, '_> {
    fn is_cue(&self, i: usize, min_score: f32) -> bool {
        let (lemma, upos) = (self.tree.lemma(i), self.tree.upos(i));
        self.lex.cue_count(lemma, upos) >= MIN_CUE_COUNT && self.lex.cue_score(lemma, upos) >= min_score
    }

    /// Whether token `t` lies in a time expression.
    fn is_time(&self, t: usize) -> bool {
        let (a, b) = self.tree.span(t);
        self.times.iter().any(|&(s, e)| a >= s && b <= e)
    }

    fn mark(&mut self, tokens: impl IntoIterator<Item = usize>) {
        for t in tokens {
            if let Some(u) = self.used.get_mut(t) {
                *u = true;
            }
        }
    }

    /// Token range `[first, last]` strictly inside a quotation's inner span.
    fn inside(&self, q: &marks::Quotation) -> Option<(usize, usize)> {
        let first = self.tree.token_at_or_after(q.inner.0);
        let mut last = self.tree.token_at_or_after(q.inner.1);
        if last == 0 || first >= self.tree.n {
            return None;
        }
        last -= 1;
        (first <= last && self.tree.span(last).1 <= q.inner.1).then_some((first, last))
    }

    /// Pass 1: quotations and the speech verbs around them.
    fn direct(&mut self, quotations: &[marks::Quotation]) {
        let tree = self.tree;
        let mut skip_next = false;
        for (qi, q) in quotations.iter().enumerate() {
            if std::mem::take(&mut skip_next) {
                continue;
            }
            let Some((first, last)) = self.inside(q) else { continue };
            if self.used[first] && self.used[last] {
                continue; // already the content of an earlier attribution ("As X observes, “...”")
            }
            if q.continues {
                if let Some(prev) = self.out.last_mut().filter(|a| a.direct) {
                    prev.content.push(q.inner);
                    self.mark(first..=last);
                    continue;
                }
            }
            let n_words = (first..=last).filter(|&t| !tree.is_punct(t)).count();
            let has_verb = (first..=last).any(|t| matches!(tree.upos(t), "VERB" | "AUX"));
            let min_score = if has_verb && n_words >= 3 { MIN_QUOTE_CUE_SCORE } else { MIN_FRAGMENT_CUE_SCORE };
            let found = self.cue_after(q, first, last, min_score).or_else(|| self.cue_before(q, first, last, min_score));
            let Some((cue, source)) = found else {
                // A quotation of its own sentence right after an attributed one, with no verb of
                // its own, continues it ("“We came,” he said. “We will leave.”").
                if self.continues_previous(q, first) {
                    if let Some(prev) = self.out.last_mut() {
                        prev.content.push(q.inner);
                    }
                    self.mark(first..=last);
                    continue;
                }
                if n_words >= MIN_STATEMENT_WORDS && has_verb && tree.sentence_of.get(first) != tree.sentence_of.get(last) {
                    // A statement quoted at length with no attribution in reach: a quotation
                    // without a known speaker.
                    self.out.push(Attribution {
                        direct: true,
                        content: vec![q.inner],
                        cue: None,
                        cue_lemma: None,
                        source: None,
                        source_head: None,
                        speaker: None,
                        sentence: tree.sentence_of.get(first).copied().unwrap_or(0) as usize,
                        time: None,
                    });
                    self.mark(first..=last);
                }
                continue;
            };
            let mut content = vec![q.inner];
            self.mark(first..=last);
            // A quotation split by its attribution: the second part follows the cue phrase.
            let cue_phrase_end = source.iter().flat_map(|s| s.iter()).chain(std::iter::once(&cue)).copied().max().unwrap_or(cue);
            if let Some(next) = quotations.get(qi + 1) {
                // Not across a line break ("“...” ― A. Reader" then the next reader's line).
                // Nor after a full stop: "“...,” she said. “...,” she said." are two statements,
                // and a next sentence without a verb of its own continues this one anyway.
                let same_line = tree.doc.text.get(tree.span(cue_phrase_end).1..next.outer.0).is_some_and(|gap| !gap.contains('\n'));
                let between: Vec<usize> = (cue_phrase_end + 1..tree.n).take_while(|&t| tree.span(t).0 < next.outer.0).collect();
                let no_stop = between.iter().all(|&t| !matches!(tree.word(t), "." | "?" | "!"));
                // Only punctuation, or the cue's own adjuncts ("“...,” Trump said during a rally
                // in Kenansville, N.C., “but ...”").
                let cue_words = tree.subtree(cue);
                let adjuncts = between.iter().all(|&t| tree.is_punct(t) || (cue_words.contains(&t) && !matches!(tree.upos(t), "VERB" | "AUX")));
                if cue > last && same_line && no_stop && adjuncts {
                    if let Some((f2, l2)) = self.inside(next) {
                        content.push(next.inner);
                        self.mark(f2..=l2);
                        skip_next = true;
                    }
                }
            }
            self.push(true, content, cue, source);
        }
    }

    fn continues_previous(&self, q: &marks::Quotation, first: usize) -> bool {
        let tree = self.tree;
        let Some(prev) = self.out.last().filter(|a| a.direct && a.cue.is_some()) else { return false };
        let Some(&s) = tree.sentence_of.get(first) else { return false };
        let (s_start, _) = tree.sentence_tokens(s as usize);
        // The quotation opens its sentence (or follows a full stop the sentence splitter
        // missed: "..., McCaskill said. “Romney was ...”"); not after a colon, which
        // introduces it in its own sentence ("I had to change my answer: “...”").
        let mark = tree.token_at_or_after(q.outer.0);
        let opens = (s_start..mark).all(|t| tree.is_punct(t))
            || mark.checked_sub(1).is_some_and(|p| matches!(tree.word(p), "." | "?" | "!"));
        let near = (s as usize).saturating_sub(prev.sentence) <= 2;
        let prev_end = prev.content.last().map_or(0, |c| c.1);
        // Not when its sentence has a speech verb of its own outside it ("“You squeezed
        // employees” to drive up the price, she said"; "..., Kall said: “...”").
        let (_, s_end) = tree.sentence_tokens(s as usize);
        let close = tree.token_at_or_after(q.outer.1);
        let own_cue = (s_start..s_end)
            .filter(|&t| t < mark || t >= close)
            .any(|t| tree.upos(t) == "VERB" && !self.used[t] && self.is_cue(t, MIN_FRAGMENT_CUE_SCORE));
        opens && near && prev_end <= q.outer.0 && !own_cue
    }

    /// A speech verb just after the quotation: `“...,” he said`, `“...,” said Galeotti`.
    fn cue_after(&self, q: &marks::Quotation, first: usize, last: usize, min_score: f32) -> Option<(usize, Option<Vec<usize>>)> {
        let tree = self.tree;
        let sentence = *tree.sentence_of.get(last)?;
        let mut t = tree.token_at_or_after(q.outer.1);
        // "“...” ― Carla Sanchez": a dash and a name.
        if t < tree.n && matches!(tree.word(t), "―" | "—" | "–" | "-") {
            let name: Vec<usize> = (t + 1..tree.n).take_while(|&k| tree.upos(k) == "PROPN").take(5).collect();
            if !name.is_empty() && name.iter().all(|&k| !self.used[k]) {
                return Some((t, Some(name)));
            }
        }
        // "“...?” Clinton said.": the splitter may end the sentence at the closing mark; the
        // attribution is then the next sentence.
        // Only for a quotation that opens its own sentence, followed by a short one.
        let opens_sentence = || {
            let (s_start, _) = tree.sentence_tokens(*tree.sentence_of.get(first).unwrap_or(&0) as usize);
            (s_start..tree.token_at_or_after(q.outer.0)).all(|k| tree.is_punct(k))
        };
        let sentence = match tree.sentence_of.get(t) {
            Some(&next) if next == sentence + 1 && tree.span(t).0 <= q.outer.1 + 1 && {
                let (a, b) = tree.sentence_tokens(next as usize);
                b - a <= 16 && opens_sentence()
            } => next,
            _ => sentence,
        };
        let mut seen = 0;
        let mut depth = 0u32;
        while t < tree.n && seen < AFTER_WINDOW && tree.sentence_of.get(t) == Some(&sentence) {
            let w = tree.word(t);
            // "Rep. Gwen Moore (D-Wis.) said": what is in brackets is skipped.
            match w {
                "(" | "[" => depth += 1,
                ")" | "]" => depth = depth.saturating_sub(1),
                _ => {}
            }
            if depth > 0 || matches!(w, ")" | "]") {
                t += 1;
                continue;
            }
            // A full stop ends the search, unless it ends an abbreviation ("McConnell, R-Ky., said").
            let abbreviation = w == "." && t + 1 < tree.n && matches!(tree.word(t + 1), "," | ")");
            if matches!(w, "“" | "\"" | "«" | "''" | "``") || (w == "." && seen > 0 && !abbreviation) {
                break;
            }
            if !tree.is_punct(t) {
                seen += 1;
                // "“...” but also criticised X": a new clause, not the quotation's attribution;
                // but "“...,” Michael McFaul, a senior fellow at X and a former Y, said" is a
                // source's apposition.
                let clause = seen == 1 || (t + 1..tree.n).find(|&k| !tree.is_punct(k)).is_some_and(|k| matches!(tree.upos(k), "VERB" | "AUX" | "ADV" | "PRON"));
                if tree.upos(t) == "SCONJ" || (tree.upos(t) == "CCONJ" && clause) {
                    break;
                }
                if tree.upos(t) == "VERB" && !self.used[t] && self.is_cue(t, min_score) && self.governs_quote(t, first, last) {
                    return Some((t, self.quote_source(t, first, last)));
                }
            }
            t += 1;
        }
        None
    }

    /// A speech verb just before the quotation: `Rekker said: “...”`, `as he put it, “...”`.
    fn cue_before(&self, q: &marks::Quotation, first: usize, last: usize, min_score: f32) -> Option<(usize, Option<Vec<usize>>)> {
        let tree = self.tree;
        let open = tree.token_at_or_after(q.outer.0);
        // "Caddell continued:" ending a paragraph, the quotation opening the next one.
        let sentence = match open.checked_sub(1) {
            Some(colon) if tree.word(colon) == ":" => *tree.sentence_of.get(colon)?,
            _ => *tree.sentence_of.get(first)?,
        };
        let mut t = open;
        let mut seen = 0;
        while t > 0 && seen < BEFORE_WINDOW {
            t -= 1;
            if tree.sentence_of.get(t) != Some(&sentence) || matches!(tree.word(t), "”" | "»") {
                break;
            }
            if tree.is_punct(t) {
                continue;
            }
            seen += 1;
            // "..., Kall said: “...”": a verb and a colon right before the quotation introduce
            // it, whatever the parse makes of the clause before them.
            let colon = t + 2 == open && tree.word(t + 1) == ":";
            if tree.upos(t) == "VERB"
                && !self.used[t]
                && self.is_cue(t, min_score)
                && (colon || (self.governs_quote(t, first, last) && self.introduces(t, open)))
            {
                return Some((t, self.quote_source(t, first, last)));
            }
        }
        None
    }

    /// Whether only the verb's own object, a "that", a colon or a comma stand between verb `v`
    /// and the quotation opening at token `open` ("told reporters: “...”", "said that “...”"),
    /// not the thing the verb calls or describes ("called it a “...”").
    fn introduces(&self, v: usize, open: usize) -> bool {
        let tree = self.tree;
        let between: Vec<usize> = (v + 1..open).filter(|&t| !tree.is_punct(t)).collect();
        // "told reporters that “...”": a "that" right before the quotation separates too.
        let separated = (v + 1..open).any(|t| matches!(tree.word(t), ":" | ","))
            || between.last().is_some_and(|&t| tree.word(t).eq_ignore_ascii_case("that"));
        between.iter().all(|&t| {
            tree.word(t).eq_ignore_ascii_case("that")
                || (tree.rel(t) == "advmod" && tree.head(t) == Some(v))
                || (separated && (tree.head(t) == Some(v) || tree.head(t).and_then(|h| tree.head(h)) == Some(v)) && !rel_is(tree.rel(t), "xcomp"))
                || rel_is(tree.rel(t), "iobj")
                || (rel_is(tree.rel(t), "obl") && separated)
                || (rel_is(tree.rel(t), "obj") && separated)
                || tree.rel(t) == "case" && separated
        })
    }

    /// The source of a quotation's cue: the verb's subject when it lies outside the quotation,
    /// else the words next to the verb outside it ("said Galeotti", "the minister said").
    fn quote_source(&self, v: usize, first: usize, last: usize) -> Option<Vec<usize>> {
        let tree = self.tree;
        let outside = |t: &usize| !(first..=last).contains(t);
        if let Some(s) = self.source_tokens(v) {
            let s: Vec<usize> = s.into_iter().filter(outside).collect();
            if s.iter().any(|&t| !tree.is_punct(t)) {
                return Some(s);
            }
        }
        let (s_start, s_end) = tree.sentence_tokens(*tree.sentence_of.get(v)? as usize);
        // "On Twitter, Former Florida Gov. Jeb Bush called Trump “...”" with no subject in the
        // parse: the name right before a verb that precedes the quotation, past a bracketed
        // affiliation and a comma ("Gov. John Kasich (R-OH), said, “...”").
        if v < first {
            let mut t = v;
            if t > s_start && tree.word(t - 1) == "," {
                t -= 1;
            }
            if t > s_start && tree.word(t - 1) == ")" {
                if let Some(open) = (s_start..t - 1).rev().take(8).find(|&k| tree.word(k) == "(") {
                    t = open;
                }
            }
            let end = t;
            while t > s_start && !self.is_time(t - 1) && (matches!(tree.upos(t - 1), "PROPN" | "NOUN" | "ADJ" | "DET" | "NUM") && !tree.is_punct(t - 1)) {
                t -= 1;
            }
            let name: Vec<usize> = (t..v).filter(|&k| !tree.is_punct(k) || (t..end).contains(&k)).collect();
            if (t..end).any(|k| tree.upos(k) == "PROPN") {
                return Some(name);
            }
        }
        // "”, the minister said": the words between the quotation and the verb.
        let before: Vec<usize> = (last + 1..v).filter(|&t| !tree.is_punct(t) && !rel_is(tree.rel(t), "aux") && tree.rel(t) != "advmod").collect();
        if before.iter().any(|&t| matches!(tree.upos(t), "PROPN" | "NOUN" | "PRON")) {
            return Some(before);
        }
        // "..., said Galeotti, ...": the name after the verb (not "said Monday").
        let is_time = |t: usize| self.is_time(t);
        if !(last + 1..v).all(|t| tree.is_punct(t)) {
            return None;
        }
        let after: Vec<usize> =
            (v + 1..s_end).take_while(|&t| outside(&t) && !is_time(t) && matches!(tree.upos(t), "PROPN" | "NOUN" | "PRON" | "DET" | "ADJ" | "NUM")).collect();
        // "said 9/11 widow Terry Strada", but not "said 12 people".
        let after = match after.iter().rposition(|&t| matches!(tree.upos(t), "PROPN" | "NOUN" | "PRON")) {
            Some(i) => after[..=i].to_vec(),
            None => Vec::new(),
        };
        (!after.is_empty()).then_some(after)
    }

    /// Whether verb `v` introduces the quotation itself rather than a clause of its own that
    /// merely contains a quoted phrase: the clause it governs (or the clause it interrupts)
    /// is headed inside the quotation, or it governs none.
    fn governs_quote(&self, v: usize, first: usize, last: usize) -> bool {
        let tree = self.tree;
        let inside = |t: usize| (first..=last).contains(&t);
        if let Some(c) = tree.child(v, "ccomp").or_else(|| tree.child(v, "xcomp")) {
            if !inside(c) {
                return tree.subtree(c).iter().filter(|&&t| !inside(t) && !tree.is_punct(t)).count() <= 1;
            }
            return true;
        }
        if rel_is(tree.rel(v), "parataxis") || rel_is(tree.rel(v), "ccomp") || tree.rel(v) == "advcl" {
            return tree.head(v).is_none_or(inside);
        }
        true
    }

    /// The source of cue `v`: its subject's subtree, the agent of a passive, or the subject of
    /// the verb it is coordinated with or subordinate to.
    fn source_tokens(&self, v: usize) -> Option<Vec<usize>> {
        let tree = self.tree;
        // A nominal cue: its possessor ("Trump's claim", "his support for").
        if tree.upos(v) == "NOUN" {
            if let Some(p) = tree.child(v, "nmod:poss") {
                return Some(tree.subtree(p).into_iter().filter(|&t| !matches!(tree.word(t), "'s" | "’s" | "'" | "’")).collect());
            }
        }
        let mut verb = v;
        for _ in 0..5 {
            // The subject nearest the verb (a misparsed dateline may give a second one).
            let subject = tree
                .children(verb)
                .iter()
                .map(|&c| c as usize)
                .filter(|&c| (rel_is(tree.rel(c), "nsubj") || rel_is(tree.rel(c), "csubj")) && !self.is_time(c))
                .min_by_key(|&c| c.abs_diff(verb));
            if let Some(s) = subject {
                // "a spokesman, who says ...": the relative pronoun, as PolNeAR marks it; the
                // speaker is the noun it stands for (see `push`).
                if is_relative(tree, s) {
                    return Some(vec![s]);
                }
                if rel_is(tree.rel(s), "nsubj") && tree.rel(s).ends_with(":pass") {
                    // "it was said by X": the agent.
                    let agent = tree.children(verb).iter().map(|&c| c as usize).find(|&c| {
                        rel_is(tree.rel(c), "obl") && tree.children(c).iter().any(|&k| tree.word(k as usize).eq_ignore_ascii_case("by"))
                    });
                    return agent.map(|a| tree.subtree(a).into_iter().filter(|&t| !tree.word(t).eq_ignore_ascii_case("by")).collect());
                }
                return Some(tree.subtree(s));
            }
            // No subject: "..., adding that", "X said ... and warned ...", "declined to comment".
            match tree.rel(verb) {
                r if rel_is(r, "conj") || rel_is(r, "advcl") || rel_is(r, "xcomp") => verb = tree.head(verb)?,
                // "issued a statement saying ...", "tweets ... saying": the verb governing the
                // noun the participle describes.
                "acl" if tree.xpos(verb) == "VBG" => {
                    let noun = tree.head(verb)?;
                    verb = tree.head(noun).filter(|&h| tree.upos(h) == "VERB")?;
                }
                _ => return None,
            }
        }
        None
    }

    fn push(&mut self, direct: bool, content: Vec<(usize, usize)>, cue: usize, source: Option<Vec<usize>>) {
        let tree = self.tree;
        let cue_tokens = self.cue_tokens(cue);
        let cue_span = (tree.span(*cue_tokens.first().unwrap_or(&cue)).0, tree.span(*cue_tokens.last().unwrap_or(&cue)).1);
        self.mark(cue_tokens.iter().copied());
        let source = source.map(|s| s.into_iter().filter(|&t| !self.dateline.get(t).copied().unwrap_or(true)).collect::<Vec<_>>());
        let (source_span, source_head) = match &source {
            Some(s) if !s.is_empty() => {
                self.mark(s.iter().copied());
                let runs = tree.runs(s);
                let span = runs.first().map(|f| (f.0, runs.last().map_or(f.1, |l| l.1)));
                // A relative pronoun stands for the noun its clause describes.
                let head = match s.as_slice() {
                    [r] if is_relative(tree, *r) => tree.head(*r).and_then(|v| tree.head(v)),
                    _ => head_of(tree, s),
                };
                (span, head)
            }
            _ => (None, None),
        };
        self.out.push(Attribution {
            direct,
            content,
            cue: Some(cue_span),
            cue_lemma: Some(tree.lemma(cue).to_lowercase()),
            source: source_span,
            source_head,
            speaker: None,
            sentence: tree.sentence_of.get(cue).copied().unwrap_or(0) as usize,
            time: None,
        });
    }

    /// The cue word with its auxiliaries, negation and adverbs right before it ("has also said").
    fn cue_tokens(&self, v: usize) -> Vec<usize> {
        let tree = self.tree;
        let mut start = v;
        for &c in tree.children(v).iter().rev() {
            let c = c as usize;
            if c + 1 == start && (rel_is(tree.rel(c), "aux") || tree.rel(c) == "advmod") {
                start = c;
            }
        }
        let mut out: Vec<usize> = (start..=v).collect();
        // "according to": the preposition belongs to the cue.
        if (tree.lemma(v).eq_ignore_ascii_case("accord") || tree.word(v).eq_ignore_ascii_case("according"))
            && v + 1 < tree.n
            && tree.word(v + 1).eq_ignore_ascii_case("to")
        {
            out.push(v + 1);
        }
        out
    }

    /// Pass 2: reported speech around cue words.
    fn reported(&mut self, quotations: &[marks::Quotation]) {
        let tree = self.tree;
        let in_quote = |t: usize| {
            let (a, b) = tree.span(t);
            quotations.iter().any(|q| a >= q.inner.0 && b <= q.inner.1)
        };
        // Strong cues first, so that "X decided ..., a source said" is the source's statement
        // rather than a decision.
        let mut order: Vec<(usize, f32)> = (0..tree.n).map(|v| (v, self.lex.cue_score(tree.lemma(v), tree.upos(v)))).collect();
        order.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        for (v, _) in order {
            if self.used[v] || in_quote(v) {
                continue;
            }
            if tree.word(v).eq_ignore_ascii_case("according") && v + 1 < tree.n && tree.word(v + 1).eq_ignore_ascii_case("to") {
                self.according_to(v);
                continue;
            }
            if tree.word(v).eq_ignore_ascii_case("as") && self.as_x_observes(v) {
                continue;
            }
            if !matches!(tree.upos(v), "VERB" | "NOUN" | "ADJ") || !self.is_cue(v, MIN_WEAK_CUE_SCORE) {
                continue;
            }
            // A weak cue ("want", "see", "know") only with someone who plausibly holds the view.
            let weak = !self.is_cue(v, MIN_CUE_SCORE);
            let source_verb = self.source_from.get(v).copied().flatten().unwrap_or(v);
            if weak && !self.source_tokens(source_verb).is_some_and(|s| self.plausible_source(&s)) {
                continue;
            }
            let Some(content) = self.content_of(v) else { continue };
            let content: Vec<usize> = content.into_iter().filter(|&t| !self.used[t]).collect();
            let mut content = self.carve_out(v, content, &in_quote);
            // "estimates that the plan would raise $1.1 trillion; the Tax Foundation puts ...":
            // a semicolon after the cue ends what it reports.
            if let Some(semi) = content.iter().copied().find(|&t| t > v && tree.word(t) == ";" && !in_quote(t)) {
                content.retain(|&t| t < semi);
            }
            // "released Friday", "told on Thursday": a time is no content.
            if content.iter().all(|&t| tree.is_punct(t) || self.is_time(t) || tree.upos(t) == "ADP") {
                continue;
            }
            let source = self.source_tokens(source_verb).map(|s| s.into_iter().filter(|t| !content.contains(t)).collect::<Vec<_>>());
            let runs = tree.runs(&content);
            if runs.is_empty() {
                continue;
            }
            let direct = mostly_quoted(&runs, quotations);
            self.mark(content.iter().copied());
            self.push(direct, runs, v, source);
        }
    }

    /// Takes out of cue `v`'s content the clauses of other cues coordinated with or subordinate
    /// to a word inside it ("said he would order a review and warned against hackers", "said
    /// ..., though she acknowledged it was unlikely", "said ..., arguing that ..."): PolNeAR
    /// makes each its own attribution. A carved-out cue without a subject of its own shares
    /// `v`'s source.
    fn carve_out(&mut self, v: usize, content: Vec<usize>, in_quote: &dyn Fn(usize) -> bool) -> Vec<usize> {
        let tree = self.tree;
        let inside: HashSet<usize> = content.iter().copied().collect();
        let mut removed: HashSet<usize> = HashSet::new();
        for &t in &content {
            if t == v || removed.contains(&t) || self.used[t] || tree.upos(t) != "VERB" || in_quote(t) {
                continue;
            }
            let r = tree.rel(t);
            if !(rel_is(r, "conj") || rel_is(r, "advcl")) || !tree.head(t).is_some_and(|h| inside.contains(&h)) {
                continue;
            }
            if !self.is_cue(t, MIN_CARVED_CUE_SCORE) {
                continue;
            }
            let own_subject = tree.children(t).iter().any(|&c| rel_is(tree.rel(c as usize), "nsubj"));
            // A coordinated verb without a subject has the outer cue's ("has criticized ... and
            // called for ...").
            if !own_subject && rel_is(r, "conj") {
                if let Some(slot) = self.source_from.get_mut(t) {
                    *slot = Some(v);
                }
            }
            let inner = self.content_of(t);
            if inner.is_none_or(|inner| inner.iter().all(|&k| tree.is_punct(k) || self.used[k])) {
                if let Some(slot) = self.source_from.get_mut(t) {
                    *slot = None;
                }
                continue;
            }
            removed.extend(tree.subtree(t));
            if !own_subject {
                if let Some(slot) = self.source_from.get_mut(t) {
                    *slot = Some(v);
                }
            }
        }
        if removed.is_empty() {
            return content;
        }
        content.into_iter().filter(|t| !removed.contains(t)).collect()
    }

    /// Whether source tokens `s` name someone who can hold a view: a name, a personal pronoun,
    /// or a noun that often heads sources ("officials", "the campaign", "a poll").
    fn plausible_source(&self, s: &[usize]) -> bool {
        let tree = self.tree;
        let Some(h) = head_of(tree, s) else { return false };
        match tree.upos(h) {
            "PROPN" => true,
            "PRON" => matches!(
                tree.word(h).to_lowercase().as_str(),
                "he" | "she" | "they" | "we" | "i" | "you" | "who" | "his" | "her" | "their" | "our" | "my" | "your"
            ),
            "NOUN" => self.lex.source_score(tree.lemma(h), "NOUN") >= MIN_SOURCE_SCORE,
            _ => false,
        }
    }

    /// The content cue `v` governs, as tokens.
    fn content_of(&self, v: usize) -> Option<Vec<usize>> {
        let tree = self.tree;
        // Several clausal complements are a misparse: after the cue, the one there ("Interim
        // DNC Chairwoman Donna Brazile said that ..." with "Interim" as one); before it, all
        // of them ("Details aside, the proposals offer ... and send ..., Mr. Kamin said").
        let clauses: Vec<usize> = tree.children(v).iter().map(|&c| c as usize).filter(|&c| rel_is(tree.rel(c), "ccomp") && !self.adverbial(c)).collect();
        if let Some(&c) = clauses.iter().find(|&&c| c > v) {
            return Some(tree.subtree(c));
        }
        if !clauses.is_empty() {
            let mut all: Vec<usize> = clauses.iter().flat_map(|&c| tree.subtree(c)).collect();
            all.sort_unstable();
            all.dedup();
            return Some(all);
        }
        // "confident that ...", "eager to ...": an adjective reports only a clause.
        if tree.upos(v) == "ADJ" {
            return tree.child(v, "xcomp").map(|c| tree.subtree(c));
        }
        // "Asked whether he would fire ...": an indirect question, parsed as an adverbial clause.
        let asks = matches!(tree.lemma(v).to_lowercase().as_str(), "ask" | "wonder" | "question");
        if let Some(c) = tree.children(v).iter().map(|&c| c as usize).find(|&c| {
            c > v
                && rel_is(tree.rel(c), "advcl")
                && tree.children(c).iter().any(|&m| {
                    let w = tree.word(m as usize).to_lowercase();
                    tree.rel(m as usize) == "mark" && (w == "whether" || (asks && w == "if"))
                })
        }) {
            return Some(tree.subtree(c));
        }
        // "A reporter asked Sanders how he is feeling", "was once asked how the Cold War would
        // end": a verb of asking and the question word after its addressee, wherever the parse
        // hangs the question.
        if matches!(tree.lemma(v).to_lowercase().as_str(), "ask" | "wonder") && tree.upos(v) == "VERB" {
            let (_, s_end) = tree.sentence_tokens(*tree.sentence_of.get(v)? as usize);
            let wh = (v + 1..s_end.min(v + 8))
                .take_while(|&t| !matches!(tree.upos(t), "VERB" | "AUX") && !tree.is_punct(t))
                .find(|&t| matches!(tree.word(t).to_lowercase().as_str(), "how" | "why" | "what" | "whether" | "where" | "when" | "who" | "which"));
            if let Some(w) = wh {
                let end = (w + 1..s_end).find(|&t| matches!(tree.word(t), "." | "?" | ";" | ":")).unwrap_or(s_end);
                if (w + 1..end).any(|t| matches!(tree.upos(t), "VERB" | "AUX")) {
                    return Some((w..end).collect());
                }
            }
        }
        // "Clinton says at a campaign stop in Toledo, Ohio, that ...", "reported at the time
        // that ...": a "that" clause after the cue's adjuncts, wherever the parse hangs it (on
        // the last noun of the adjuncts, mostly), when no verb comes between.
        if tree.upos(v) == "VERB" && self.is_cue(v, MIN_CUE_SCORE) {
            let (_, s_end) = tree.sentence_tokens(*tree.sentence_of.get(v)? as usize);
            let that = (v + 1..s_end.min(v + 16))
                .take_while(|&t| !matches!(tree.upos(t), "VERB" | "AUX") && !matches!(tree.word(t), ";" | ":"))
                .find(|&t| tree.word(t).eq_ignore_ascii_case("that") && tree.rel(t) == "mark")
                // Not a relative pronoun ("offering veterans therapies that researchers ...").
                .filter(|&t| tree.upos(t - 1) != "NOUN" || self.is_time(t - 1));
            if let Some(h) = that.and_then(|t| tree.head(t)).filter(|&h| h > v && matches!(tree.upos(h), "VERB" | "AUX" | "ADJ" | "NOUN")) {
                return Some(tree.subtree(h));
            }
        }
        // "told parliament that ...", misparsed as a clause on the object: a "that" clause just
        // below the cue.
        if tree.upos(v) == "VERB" {
            for &c in tree.children(v) {
                for &k in tree.children(c as usize) {
                    let k = k as usize;
                    if k > v && tree.children(k).iter().any(|&m| tree.rel(m as usize) == "mark" && tree.word(m as usize).eq_ignore_ascii_case("that")) {
                        return Some(tree.subtree(k));
                    }
                }
            }
        }
        // "..., he said.": the clause the cue interrupts (a clause, not a dateline or a name).
        if rel_is(tree.rel(v), "parataxis") {
            // "he said" has a subject; a participle ("..., calling it ...") does not report.
            tree.child(v, "nsubj")?;
            // Not when the parse hangs the cue on a word that is no clause ("Wednesday, he
            // called for ...": the cue's own complement is then the content).
            // Nor on a fronted adjunct ("Speaking in the East Room, Obama is defending ...").
            if let Some(h) = tree.head(v).filter(|&h| h < v && matches!(tree.upos(h), "VERB" | "AUX" | "ADJ")) {
                let inner = tree.subtree(v);
                let content: Vec<usize> = tree.subtree(h).into_iter().filter(|t| !inner.contains(t)).collect();
                if self.full_clause(&content) {
                    return Some(content);
                }
            }
        }
        if let Some(around) = self.parenthetical(v) {
            return Some(around);
        }
        if let Some(before) = self.content_before(v) {
            return Some(before);
        }
        if tree.upos(v) == "VERB" {
            if let Some(c) = tree.child(v, "xcomp") {
                return Some(tree.subtree(c));
            }
            // "X said: ..." — everything after the colon in the sentence.
            let (_, s_end) = tree.sentence_tokens(*tree.sentence_of.get(v)? as usize);
            let mut t = v + 1;
            while t < s_end && t < v + 5 {
                if tree.word(t) == ":" {
                    return Some((t + 1..s_end).collect());
                }
                if matches!(tree.upos(t), "VERB" | "AUX") {
                    break;
                }
                t += 1;
            }
            if let Some(passive) = self.passive_content(v) {
                return Some(passive);
            }
            // "announced his candidacy", "wants a wall", "called for calm": what the cue takes
            // as object, for words that are cues most of the time they occur.
            // Only when someone says it: "Asked about the chief, he was blunt" reports nothing.
            // A cue carved out of another's content shares its source ("has criticized ...
            // and called for ...").
            let source = self.source_tokens(self.source_from.get(v).copied().flatten().unwrap_or(v));
            let finite = source.is_some();
            // Stances ("supports Clinton", "backed the plan") when someone plausible holds them.
            let stance = || self.is_cue(v, MIN_WEAK_OBJECT_CUE_SCORE) && source.as_deref().is_some_and(|s| self.plausible_source(s));
            if finite && (self.is_cue(v, MIN_OBJECT_CUE_SCORE) || stance()) {
                // "called for calm", and "called for cutting taxes" (a gerund parsed as an
                // adverbial clause).
                let marked = |c: usize, words: &[&str]| {
                    tree.children(c).iter().any(|&k| {
                        let k = k as usize;
                        k < c && words.contains(&tree.word(k).to_lowercase().as_str())
                    })
                };
                let with_preposition = |words: &[&str]| {
                    tree.children(v).iter().map(|&c| c as usize).find(|&c| {
                        c > v
                            && (rel_is(tree.rel(c), "obl") || (rel_is(tree.rel(c), "advcl") && tree.xpos(c) == "VBG"))
                            && marked(c, words)
                            && !self.is_time(c)
                    })
                };
                // The topic before anything else ("spoke to reporters about the plan"); "to"
                // after a verb of speaking names the audience ("spoke to reporters").
                let audience = matches!(tree.lemma(v).to_lowercase().as_str(), "speak" | "talk" | "shout");
                let prepositional =
                    || with_preposition(&["for", "about", "on", "of", "against"]).or_else(|| if audience { None } else { with_preposition(&["to"]) });
                // "tells his supporters", "told MSNBC's “Morning Joe” on Friday that ...": the
                // object of a verb of telling is the addressee; what is said is a "that" clause
                // further down, or nothing.
                if TELLING_VERBS.contains(&tree.lemma(v).to_lowercase().as_str()) {
                    let that_clause = tree.subtree(v).into_iter().find(|&k| {
                        k > v && tree.children(k).iter().any(|&m| tree.rel(m as usize) == "mark" && tree.word(m as usize).eq_ignore_ascii_case("that"))
                    });
                    if let Some(k) = that_clause {
                        return Some(tree.subtree(k));
                    }
                }
                if let Some(o) = tree.child(v, "obj").filter(|&o| !self.is_time(o)) {
                    // "accused X of Y", "likened the rules to Y", "asked him about Y": what
                    // follows the object's preposition is what was said of it (PolNeAR's
                    // content); the object goes with it (without the preposition), for what the
                    // statement is about.
                    let complement = tree.children(v).iter().map(|&c| c as usize).find(|&c| {
                        c > o && (rel_is(tree.rel(c), "obl") || rel_is(tree.rel(c), "advcl")) && marked(c, &COMPLEMENT_PREPOSITIONS) && !self.is_time(c)
                    });
                    if let Some(c) = complement {
                        let said = tree.subtree(c).into_iter().filter(|&t| !(tree.head(t) == Some(c) && matches!(tree.rel(t), "case" | "mark") && t < c));
                        let mut content: Vec<usize> =
                            if TELLING_VERBS.contains(&tree.lemma(v).to_lowercase().as_str()) { said.collect() } else { tree.subtree(o).into_iter().chain(said).collect() };
                        content.sort_unstable();
                        content.dedup();
                        return Some(content);
                    }
                    if !TELLING_VERBS.contains(&tree.lemma(v).to_lowercase().as_str()) {
                        // Without an adverbial clause hung on the object ("condemned the launch
                        // as Pyongyang fired three missiles").
                        let object = tree.subtree(o);
                        let adverbial: HashSet<usize> = object
                            .iter()
                            .copied()
                            .filter(|&t| t > o && (rel_is(tree.rel(t), "advcl") || tree.rel(t) == "acl") && self.adverbial(t))
                            .flat_map(|t| tree.subtree(t))
                            .collect();
                        return Some(object.into_iter().filter(|t| !adverbial.contains(t)).collect());
                    }
                }
                if let Some(o) = prepositional() {
                    // "called on the administration to act": whom it was asked of and what.
                    let on = tree.children(o).iter().any(|&k| tree.rel(k as usize) == "case" && tree.word(k as usize).eq_ignore_ascii_case("on"));
                    let to_clause = || {
                        tree.children(v).iter().chain(tree.children(o)).map(|&c| c as usize).find(|&c| {
                            c > o
                                && tree.upos(c) == "VERB"
                                && tree.children(c).iter().any(|&m| tree.rel(m as usize) == "mark" && tree.word(m as usize).eq_ignore_ascii_case("to"))
                        })
                    };
                    if let Some(t) = to_clause().filter(|_| on) {
                        let mut content: Vec<usize> =
                            tree.subtree(o).into_iter().filter(|&k| !(tree.head(k) == Some(o) && tree.rel(k) == "case")).chain(tree.subtree(t)).collect();
                        content.sort_unstable();
                        content.dedup();
                        return Some(content);
                    }
                    return Some(tree.subtree(o));
                }
            }
            // "what the senators said", "everything Trump says": the pronoun that a relative
            // clause without an object of its own describes.
            if finite && tree.rel(v) == "acl:relcl" && tree.child(v, "obj").is_none() {
                if let Some(h) = tree.head(v).filter(|&h| {
                    h < v && matches!(tree.word(h).to_lowercase().as_str(), "what" | "whatever" | "everything" | "something" | "anything")
                }) {
                    return Some(vec![h]);
                }
            }
        } else if let Some(c) = tree.child(v, "acl").filter(|&c| tree.children(c).iter().any(|&k| tree.word(k as usize).eq_ignore_ascii_case("that"))) {
            // "the claim that ...", "his statement that ...".
            return Some(tree.subtree(c));
        } else if tree.child(v, "nmod:poss").is_some() {
            // "his determination to act alone", "Trump's support for the wall", "her criticism
            // of the plan": with a possessor who holds it.
            let to_clause = tree.child(v, "acl").filter(|&c| c > v && tree.children(c).iter().any(|&k| tree.word(k as usize).eq_ignore_ascii_case("to")));
            let about = || {
                tree.children(v).iter().map(|&c| c as usize).find(|&c| {
                    c > v && rel_is(tree.rel(c), "nmod") && tree.children(c).iter().any(|&k| matches!(tree.word(k as usize).to_lowercase().as_str(), "for" | "about" | "on" | "of" | "against" | "to"))
                })
            };
            if let Some(c) = to_clause.or_else(about) {
                return Some(tree.subtree(c));
            }
        }
        None
    }

    /// "Mr. Quiros was accused of using ...", "The registration issue was first reported by The
    /// Washington Post", "He has been criticized for policies ...": the passive subject of a
    /// verb that takes what was said as its object, with the complement that follows the verb
    /// (not the agent, the source, nor a time). Not for verbs whose object is the addressee
    /// ("he was asked", "she was told").
    fn passive_content(&self, v: usize) -> Option<Vec<usize>> {
        let tree = self.tree;
        // Not stances ("was welcomed by X"): they added next to nothing on PolNeAR.
        if !self.is_cue(v, MIN_OBJECT_CUE_SCORE) || ADDRESSEE_VERBS.contains(&tree.lemma(v).to_lowercase().as_str()) {
            return None;
        }
        let subject = tree.children(v).iter().map(|&c| c as usize).find(|&c| c < v && tree.rel(c) == "nsubj:pass" && !self.is_time(c))?;
        let mut content = tree.subtree(subject);
        for &c in tree.children(v) {
            let c = c as usize;
            let marked = tree.children(c).iter().any(|&k| {
                let k = k as usize;
                k < c && matches!(tree.rel(k), "case" | "mark") && matches!(tree.word(k).to_lowercase().as_str(), "of" | "as" | "with" | "for" | "about" | "over")
            });
            if c > v && (rel_is(tree.rel(c), "obl") || rel_is(tree.rel(c), "advcl")) && marked && !self.is_time(c) {
                content.extend(tree.subtree(c));
            }
        }
        content.sort_unstable();
        Some(content)
    }

    /// "PENCE: Well, look, ..." / "Pat Caddell: Voters Worried ...": a name opening a
    /// paragraph, a colon, and what the named person says.
    /// A line may open with a quotation mark (`"PENCE: ...`); the content runs to the end of
    /// the line, over several sentences.
    /// The speaker may be tagged as a common noun: a person or organisation the entities layer
    /// names ("Sanders: ..."), an upper-case name that opens several lines of the document
    /// ("PENCE: ..."), or a single noun that often heads sources ("Poll: ...").
    fn transcript_lines(&mut self) {
        let tree = self.tree;
        let openings: Vec<(usize, usize, usize)> = lines(tree)
            .into_iter()
            .filter_map(|(line_start, line_end)| {
                let a = (line_start..line_end).find(|&t| !tree.is_punct(t)).unwrap_or(line_end);
                let (_, b) = tree.sentence_tokens(*tree.sentence_of.get(a)? as usize);
                let colon = (a..b.min(a + 5)).find(|&t| tree.word(t) == ":")?;
                Some((a, colon, line_end))
            })
            .collect();
        let upper = |t: usize| {
            let w = tree.word(t);
            w.chars().count() >= 2 && w.chars().all(|c| c.is_uppercase() || c == '.' || c == '-') && w.chars().any(char::is_alphabetic)
        };
        let mut labels: HashMap<&str, usize> = HashMap::new();
        for &(a, colon, _) in &openings {
            if colon == a + 1 && upper(a) {
                *labels.entry(tree.word(a)).or_default() += 1;
            }
        }
        for (a, colon, line_end) in openings {
            let name: Vec<usize> = (a..colon).collect();
            let named = |t: usize| {
                let (s, e) = tree.span(t);
                self.names.iter().any(|&(ns, ne)| ns <= s && e <= ne)
            };
            let is_name = |t: usize| {
                tree.upos(t) == "PROPN"
                    || (tree.upos(t) == "NOUN" && (named(t) || labels.get(tree.word(t)).is_some_and(|&n| n >= 2)))
            };
            let source_noun = |t: usize| {
                tree.upos(t) == "NOUN"
                    && tree.word(t).starts_with(char::is_uppercase)
                    && self.lex.source_score(tree.lemma(t), "NOUN") >= MIN_SOURCE_SCORE
            };
            let plausible = match name.as_slice() {
                [t] => is_name(*t) || source_noun(*t),
                _ => name.iter().all(|&t| is_name(t)),
            };
            if name.is_empty() || !plausible || name.iter().any(|&t| self.used[t]) {
                continue;
            }
            let content: Vec<usize> = (colon + 1..line_end).collect();
            let runs = tree.runs(&content);
            if runs.is_empty() {
                continue;
            }
            self.mark(content.iter().copied());
            self.push(false, runs, colon, Some(name));
        }
    }

    /// A headline on a line of its own opening the document, which taggers and parsers read
    /// badly (title case, verbs taken for plural nouns): "Black Lawmakers Rip Donald Trump As A
    /// ‘Disgusting Fraud’", "Former DNC chairman calls for Clinton contingency plan", "Trump
    /// Could Address Clean Energy, Lindsey Graham Says", "Rush Limbaugh: Hillary ...". A word
    /// not tagged as a verb whose verb reading is a cue splits it into source and content;
    /// a colon after a person or organisation's name does too.
    fn headline(&mut self) {
        let tree = self.tree;
        let Some(first) = tree.doc.sentences.first() else { return };
        let (a, b) = ((first.tokens.0 as usize).min(tree.n), (first.tokens.1 as usize).min(tree.n));
        let own_line = tree.doc.text.get(first.span.end as usize..).is_some_and(|rest| rest.trim_start_matches([' ', '\t']).starts_with('\n'));
        // Run after the other passes: nothing when they found something ("Obama Says ...
        // Will Tell of ...").
        if !own_line || a >= b || (a..b).any(|t| self.used[t]) {
            return;
        }
        let in_name = |t: usize| {
            let (s, e) = tree.span(t);
            self.names.iter().any(|&(ns, ne)| ns <= s && e <= ne)
        };
        let end = (a..b).rev().find(|&t| !tree.is_punct(t)).map_or(a, |t| t + 1);
        let words = |r: std::ops::Range<usize>| r.filter(|&t| !tree.is_punct(t)).count();
        let nominal = |r: std::ops::Range<usize>| r.clone().any(|t| matches!(tree.upos(t), "NOUN" | "PROPN" | "PRON")) && words(r) <= 8;
        if let Some(colon) = (a..end.min(a + 10)).find(|&t| tree.word(t) == ":") {
            let named = (a..colon).any(in_name);
            if named && words(colon + 1..end) >= 2 {
                let content: Vec<usize> = (colon + 1..b).collect();
                self.mark(a..b);
                self.push(false, tree.runs(&content), colon, Some((a..colon).collect()));
            }
            return;
        }
        for t in a + 1..end {
            if matches!(tree.upos(t), "VERB" | "AUX") || !tree.word(t).starts_with(char::is_alphabetic) || !self.headline_cue(tree.word(t)) {
                continue;
            }
            // "X Says Y" / "X calls for Y".
            if nominal(a..t) && words(t + 1..end) >= 1 {
                let content: Vec<usize> = (t + 1..b).collect();
                self.mark(a..b);
                self.push(false, tree.runs(&content), t, Some((a..t).collect()));
                return;
            }
            // "Y, Lindsey Graham Says."
            if t + 1 == end {
                if let Some(comma) = (a..t).rev().find(|&k| tree.word(k) == ",").filter(|&k| k > a && nominal(k + 1..t)) {
                    let content: Vec<usize> = (a..comma).collect();
                    self.mark(a..b);
                    self.push(false, tree.runs(&content), t, Some((comma + 1..t).collect()));
                    return;
                }
            }
        }
    }

    /// Whether a headline word read as a verb ("Says", "calls", "Rip") is a cue.
    fn headline_cue(&self, word: &str) -> bool {
        let w = word.to_lowercase();
        let mut lemmas = vec![w.clone()];
        if let Some(stem) = w.strip_suffix("ies") {
            lemmas.push(format!("{stem}y"));
        }
        if let Some(stem) = w.strip_suffix("es") {
            lemmas.push(stem.to_string());
        }
        if let Some(stem) = w.strip_suffix('s') {
            lemmas.push(stem.to_string());
        }
        lemmas.into_iter().find(|l| self.lex.cue_count(l, "VERB") >= MIN_CUE_COUNT).is_some_and(|l| self.lex.cue_score(&l, "VERB") >= MIN_HEADLINE_CUE_SCORE)
    }

    /// Whether clause `c` is adverbial ("as troops guarded ...", "because ...") rather than
    /// what was said, judged by its first word.
    fn adverbial(&self, c: usize) -> bool {
        let tree = self.tree;
        let first = tree.subtree(c).into_iter().find(|&t| !tree.is_punct(t)).unwrap_or(c);
        matches!(
            tree.word(first).to_lowercase().as_str(),
            "as" | "because" | "while" | "after" | "before" | "when" | "since" | "although" | "though" | "until" | "unless" | "once"
        )
    }

    /// "Veloria has arrested ..., officials said" / "..., said the minister": the clause before
    /// the comma that precedes the cue phrase (subject, auxiliaries and cue).
    fn content_before(&self, v: usize) -> Option<Vec<usize>> {
        let tree = self.tree;
        if tree.upos(v) != "VERB" || tree.child(v, "nsubj").is_none() {
            return None;
        }
        // Not when the cue has a content of its own after it: "Campaigning in 2012, he barely
        // mentioned climate change", "If they failed, the government could deny them permits",
        // "..., Kall said: “...”" (an addressee is no content: "..., he told reporters").
        let addressee = ADDRESSEE_VERBS.contains(&tree.lemma(v).to_lowercase().as_str());
        let own = tree.children(v).iter().map(|&c| c as usize).any(|c| {
            c > v && (rel_is(tree.rel(c), "xcomp") || rel_is(tree.rel(c), "ccomp") || (rel_is(tree.rel(c), "obj") && !addressee))
        });
        let colon = (v + 1..tree.n).take(3).find(|&t| !matches!(tree.rel(t), "advmod" | "compound:prt")).is_some_and(|t| tree.word(t) == ":");
        if own || colon {
            return None;
        }
        let (s_start, _) = tree.sentence_tokens(*tree.sentence_of.get(v)? as usize);
        // The subject nearest the verb: a misparse may give the content's subject too
        // ("Language unclear on ..., experts say").
        let mut phrase_start = v;
        if let Some(subject) = tree.children(v).iter().map(|&c| c as usize).filter(|&c| c < v && rel_is(tree.rel(c), "nsubj")).max() {
            phrase_start = tree.subtree(subject).first().copied().unwrap_or(subject).min(v);
        }
        // Auxiliaries and adverbs by themselves ("he also said"), not what a misparse hangs
        // under them ("Hundreds are here ..., he said" with "here" an adverb of "said").
        for &c in tree.children(v) {
            let c = c as usize;
            if c < v && c + 1 == phrase_start && (rel_is(tree.rel(c), "aux") || tree.rel(c) == "advmod") {
                phrase_start = c;
            }
        }
        let comma = phrase_start.checked_sub(1).filter(|&c| c > s_start && matches!(tree.word(c), "," | "—" | "–"))?;
        // The clause runs from the last ";" or ":" before the comma, or the sentence start.
        let clause_start = (s_start..comma).rev().find(|&t| matches!(tree.word(t), ";" | ":")).map_or(s_start, |t| t + 1);
        let content: Vec<usize> = (clause_start..comma).filter(|&t| !self.used[t]).collect();
        // Not an adverbial clause of the cue itself ("As the results came in, Sanders
        // continued", "Buoyed by these successes, the party launched ..."): one opening with a
        // subordinator, or a participle without a subject.
        if let Some(h) = head_of(tree, &content).filter(|&h| tree.head(h) == Some(v) && rel_is(tree.rel(h), "advcl")) {
            let first = content.iter().copied().find(|&t| !tree.is_punct(t)).unwrap_or(h);
            let subordinate = matches!(
                tree.word(first).to_lowercase().as_str(),
                "if" | "as" | "when" | "while" | "after" | "before" | "because" | "since" | "although" | "though" | "unless" | "once" | "until"
            );
            let participle = matches!(tree.xpos(h), "VBG" | "VBN") && tree.child(h, "nsubj").is_none();
            if subordinate || participle {
                return None;
            }
        }
        // It must be a clause: a verb of its own, or a headline's ("Clinton Hid Health Problems
        // From Public, Former White House Doctor Says", which the tagger reads as names).
        let headline = v > s_start && tree.word(v).starts_with(char::is_uppercase);
        (if headline { content.iter().any(|&t| matches!(tree.upos(t), "VERB" | "AUX")) || !self.opens_adjunct(&content) } else { self.full_clause(&content) })
            .then_some(content)
    }

    /// "Though the transition was seamless, he said, replacing her would be ...", "The latest
    /// test, North Korea said, was its biggest": a speech verb and its short subject between
    /// commas inside a sentence report the sentence around them, whatever the parse makes of
    /// it (parsers often take the interrupted clause for the verb's own subject or adjunct).
    fn parenthetical(&self, v: usize) -> Option<Vec<usize>> {
        let tree = self.tree;
        if tree.upos(v) != "VERB" || !self.is_cue(v, MIN_FRAGMENT_CUE_SCORE) {
            return None;
        }
        let (s_start, s_end) = tree.sentence_tokens(*tree.sentence_of.get(v)? as usize);
        let after = v + 1;
        if after >= s_end || tree.word(after) != "," {
            return None;
        }
        // The subject: a few nominal words (and the verb's auxiliaries and adverbs) back to a
        // comma.
        let mut k = v;
        while k > s_start && k + 8 > v {
            let p = k - 1;
            let nominal = matches!(tree.upos(p), "PRON" | "PROPN" | "NOUN" | "DET" | "ADJ" | "NUM") || (tree.head(p) == Some(v) && matches!(tree.rel(p), "aux" | "advmod"));
            if !nominal || self.is_time(p) {
                break;
            }
            k = p;
        }
        let comma = k.checked_sub(1).filter(|&c| c > s_start && tree.word(c) == ",")?;
        if !(k..v).any(|t| matches!(tree.upos(t), "PRON" | "PROPN" | "NOUN")) {
            return None;
        }
        let rest: Vec<usize> = (after + 1..s_end).collect();
        if rest.iter().filter(|&&t| !tree.is_punct(t)).count() < 2 {
            return None;
        }
        let content: Vec<usize> = (s_start..comma).chain(rest).filter(|&t| !self.used[t]).collect();
        (content.iter().any(|&t| matches!(tree.upos(t), "VERB" | "AUX")) && (s_start..comma).any(|t| !tree.is_punct(t) && !self.used[t])).then_some(content)
    }

    /// Whether tokens `c` open with a subordinator ("after he savaged her", "Months after the
    /// voting began", "Even as ...") or a preposition or participle without a finite verb
    /// after it ("In a scathing opinion piece", "Speaking in the East Room"): an adjunct of
    /// the cue's clause, not what was said.
    fn opens_adjunct(&self, c: &[usize]) -> bool {
        let tree = self.tree;
        // "But when ...": past a coordinator.
        let mut words = c.iter().copied().filter(|&t| !tree.is_punct(t)).skip_while(|&t| tree.upos(t) == "CCONJ");
        let Some(first) = words.next() else { return true };
        let subordinator = |t: usize| SUBORDINATORS.contains(&tree.word(t).to_lowercase().as_str());
        subordinator(first) || (matches!(tree.upos(first), "NOUN" | "ADV" | "ADJ") && words.next().is_some_and(subordinator))
    }

    /// Whether tokens `c` make a clause that can be what was said: a finite verb, not only an
    /// adjunct ("After some challenges, the work has been meeting standards" is a clause, "If
    /// you do not own a home, or drawing on home equity" is not).
    fn full_clause(&self, c: &[usize]) -> bool {
        let tree = self.tree;
        let finite = |c: &[usize]| c.iter().any(|&t| matches!(tree.xpos(t), "VBD" | "VBZ" | "VBP" | "MD"));
        let mut rest = c;
        while self.opens_adjunct(rest) {
            match rest.iter().position(|&t| tree.word(t) == ",") {
                Some(i) => rest = rest.get(i + 1..).unwrap_or_default(),
                None => return false,
            }
        }
        finite(rest)
    }

    /// Runs [`State::as_x_observes`] on every "as" before the quotations are attributed, so
    /// that "As X observes, “...”" gives the quotation to X.
    fn as_x_observes_all(&mut self, quotations: &[marks::Quotation]) {
        for v in 0..self.tree.n {
            if !self.used[v] && self.tree.word(v).eq_ignore_ascii_case("as") {
                self.as_x_observes_with(v, quotations);
            }
        }
    }

    /// "As X observes, ..." / "..., as X notes.": X is the source, the rest of the sentence the
    /// content. Matched on the surface, since taggers often read the cue as a plural noun.
    fn as_x_observes(&mut self, v: usize) -> bool {
        self.as_x_observes_with(v, &[])
    }

    fn as_x_observes_with(&mut self, v: usize, quotations: &[marks::Quotation]) -> bool {
        let tree = self.tree;
        let Some(&s) = tree.sentence_of.get(v) else { return false };
        let (s_start, s_end) = tree.sentence_tokens(s as usize);
        // "as" opens a clause: first in the sentence or after a comma.
        if v > s_start && tree.word(v - 1) != "," {
            return false;
        }
        let mut c = v + 2;
        while c < s_end && c <= v + 10 {
            let w = tree.word(c);
            if w == "," || (w == "." && c + 1 == s_end) {
                break;
            }
            c += 1;
        }
        let c = c.min(s_end);
        let speech = |k: usize| !self.used[k] && self.lex.cue_score(tree.lemma(k), "VERB") >= MIN_CUE_SCORE && self.lex.cue_count(tree.lemma(k), "VERB") >= MIN_CUE_COUNT;
        // The word before the comma, or a verb followed only by its particle and adjuncts ("as
        // one adviser pointed out, ...", "as X noted in a speech, ...").
        let cue = c.checked_sub(1).filter(|&k| k > v + 1 && speech(k)).or_else(|| {
            (v + 2..c).find(|&k| {
                matches!(tree.upos(k), "VERB" | "NOUN")
                    && speech(k)
                    && self.lex.cue_score(tree.lemma(k), "VERB") >= MIN_AS_ADJUNCT_CUE_SCORE
                    && (k + 1..c).all(|t| self.adjunct_of(t, k, c))
            })
        });
        let Some(cue) = cue else {
            return false;
        };
        let source: Vec<usize> = (v + 1..cue).collect();
        // Mid-sentence ("Hawaii, as one adviser pointed out, does not get ..."): the sentence
        // around the clause.
        let after = if c < s_end && tree.word(c) == "," { c + 1 } else { s_end };
        let content: Vec<usize> = if v == s_start { (c..s_end).collect() } else { (s_start..v).chain(after..s_end).collect() };
        let content: Vec<usize> = content.into_iter().filter(|&t| !self.used[t]).collect();
        if content.is_empty() || source.is_empty() {
            return false;
        }
        // "As X observes, “...”": the quotation, however many sentences it runs over.
        let start = tree.span(content[0]).0;
        if let Some(q) = quotations.iter().find(|q| q.outer.0 >= start && q.outer.0 <= start + 4) {
            if let Some((first, last)) = self.inside(q) {
                self.mark(first..=last);
                self.mark(content.iter().copied());
                self.mark([v]);
                self.push(true, vec![q.inner], cue, Some(source));
                return true;
            }
        }
        let runs = tree.runs(&content);
        if runs.is_empty() {
            return false;
        }
        self.mark(content.iter().copied());
        self.mark([v]);
        self.push(false, runs, cue, Some(source));
        true
    }

    /// Whether token `t` hangs under cue `k` as a particle, an adverb or an oblique ("pointed
    /// out with a chart"), through tokens before `end`.
    fn adjunct_of(&self, t: usize, k: usize, end: usize) -> bool {
        let tree = self.tree;
        let mut h = t;
        for _ in 0..=end.saturating_sub(k) {
            match tree.head(h) {
                Some(p) if p == k => return matches!(tree.rel(h), "compound:prt" | "advmod" | "punct") || rel_is(tree.rel(h), "obl"),
                Some(p) if p > k && p < end => h = p,
                _ => return false,
            }
        }
        false
    }

    /// "according to X, ...": X is the source, the rest of the clause the content.
    fn according_to(&mut self, v: usize) {
        let tree = self.tree;
        let Some(&s) = tree.sentence_of.get(v) else { return };
        let (s_start, s_end) = tree.sentence_tokens(s as usize);
        let to = v + 1;
        // X: what "according" is the case marker of (UD), else the noun phrase right after "to",
        // up to the next comma.
        let stop = (to + 1..s_end).find(|&t| tree.word(t) == ",").unwrap_or(s_end);
        let x = match tree.head(v) {
            Some(h) if h > to && h < stop => h,
            _ => {
                let mut x = to + 1;
                while let Some(h) = tree.head(x).filter(|&h| h > x && h < stop && matches!(tree.upos(h), "NOUN" | "PROPN" | "PRON" | "NUM")) {
                    x = h;
                }
                x
            }
        };
        if x >= stop {
            return;
        }
        let source: Vec<usize> = tree.subtree(x).into_iter().filter(|&t| t > to && t < stop).collect();
        let source_end = source.iter().copied().max().unwrap_or(x);
        let content: Vec<usize> = (s_start..s_end).filter(|&t| (t < v || t > source_end) && !self.used[t]).collect();
        let runs = tree.runs(&content);
        if runs.is_empty() {
            return;
        }
        self.mark(content.iter().copied());
        self.push(false, runs, v, Some(source));
    }
}

/// Whether most of the content's bytes lie inside quotations.
fn mostly_quoted(runs: &[(usize, usize)], quotations: &[marks::Quotation]) -> bool {
    let total: usize = runs.iter().map(|r| r.1.saturating_sub(r.0)).sum();
    let quoted: usize = runs
        .iter()
        .map(|r| quotations.iter().map(|q| r.1.min(q.inner.1).saturating_sub(r.0.max(q.inner.0))).sum::<usize>())
        .sum();
    total > 0 && quoted * 10 >= total * 6
}

/// Whether token `s` is a relative pronoun subject ("a spokesman, who says").
fn is_relative(tree: &Tree<'_>, s: usize) -> bool {
    matches!(tree.word(s).to_lowercase().as_str(), "who" | "which" | "that")
        && tree.head(s).is_some_and(|v| rel_is(tree.rel(v), "acl"))
}

/// The head of a token set: the token whose head lies outside the set.
fn head_of(tree: &Tree<'_>, tokens: &[usize]) -> Option<usize> {
    tokens.iter().copied().find(|&t| tree.head(t).is_none_or(|h| !tokens.contains(&h)))
}

/// Gives each attribution the time expression of its cue's sentence that lies outside its
/// content, if there is one.
fn attach_times(doc: &Doc, tree: &Tree<'_>, out: &mut [Attribution]) {
    for a in out.iter_mut() {
        let (s_start, s_end) = tree.sentence_tokens(a.sentence);
        if s_start >= s_end {
            continue;
        }
        let (lo, hi) = (tree.span(s_start).0, tree.span(s_end - 1).1);
        let time = doc.annotations.iter().filter(|t| t.layer == Layer::Times).find(|t| {
            let (ts, te) = (t.span.start as usize, t.span.end as usize);
            ts >= lo && te <= hi && !a.content.iter().any(|c| ts < c.1 && te > c.0)
        });
        if let Some(t) = time {
            if let Some(v) = t.attrs.get("value").and_then(|v| v.as_str()) {
                a.time = Some((v.to_string(), (t.span.start as usize, t.span.end as usize)));
            }
        }
    }
}

