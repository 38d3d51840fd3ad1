//! The scan: one pass over each sentence finding number cores, widening them into
//! expressions (bound, currency, unit), then linking each to what it counts, the entity it is
//! about and its time through the dependency tree.
//!
//! Every look at the tree is limited to [`WINDOW`] tokens around the number, so a sentence of
//! a million numbers costs a million small steps, not a million squared.

use model::{Analysis, Annotation, Doc, Layer, Span, Token, TokenKind};

use crate::words::{self, Bound};
use crate::{About, Kind, Predicate, Quantity, TimeRef};

/// How far (in tokens) from a number the linking looks for heads, children and subjects.
const WINDOW: usize = 40;

/// Words after which a numeral names or numbers something rather than counting it
/// ("Article 5", "No. 3", "page 12").
const NAMING: &[&str] = &[
    "no.", "no", "nos.", "#", "article", "articles", "section", "chapter", "page", "pages", "p.", "pp.", "paragraph",
    "resolution", "flight", "number", "item", "point", "grade", "level", "phase", "room", "route", "highway", "line",
    "platform", "gate", "unit", "sector", "district", "block", "building", "camp", "protocol", "decree", "law",
];

/// Words before "one" that make it a pronoun ("no one", "the one").
const ONE_PRONOUN_BEFORE: &[&str] = &["no", "the", "this", "that", "every", "any", "each", "which", "someone", "anyone"];

const DETERMINERS: &[&str] = &["the", "a", "an", "its", "his", "her", "their", "our", "this", "that", "these", "those", "'s", "’s", "my", "your"];

/// The core of a quantity: the number itself, before the bound, currency and unit around it.
#[derive(Clone, Copy, Debug)]
struct Core {
    start: usize,
    end: usize,
    value: f64,
    value_max: Option<f64>,
    vague: bool,
    shape: Shape,
    /// The core is one multiplier-free numeral or number word (so "5" in "5-7 thousand"
    /// can take the multiplier of the second number).
    multiplied: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// Written with digits.
    Numeral,
    /// Written with words ("eighty-one", "a dozen", "thousands").
    Words,
    Ordinal,
    /// A hyphenated age adjective ("68-year-old").
    AgeAdjective,
    /// A fraction of something ("a third of"), read as a percentage.
    Fraction,
}

/// A quantity found in a sentence, with the token positions the linking needs.
struct Found {
    q: Quantity,
    /// Token range of the whole expression.
    first: usize,
    last: usize,
    /// The token whose head lies outside the expression: where it attaches to the sentence.
    anchor: usize,
    after_from: bool,
    after_to: bool,
    after_up_down_from: bool,
}

pub(crate) struct Scanner<'a> {
    text: &'a str,
    tokens: &'a [Token],
    analyses: &'a [Analysis],
    sentences: &'a [model::Sentence],
    /// Per token, the index in `times` of the time expression covering it.
    time_of: Vec<Option<u32>>,
    /// Per token, the index in `entities` of the entity mention covering it.
    entity_of: Vec<Option<u32>>,
    times: Vec<&'a Annotation>,
    entities: Vec<&'a Annotation>,
}

impl<'a> Scanner<'a> {
    pub(crate) fn new(doc: &'a Doc) -> Scanner<'a> {
        let times: Vec<&Annotation> = doc.annotations.iter().filter(|a| a.layer == Layer::Times).collect();
        let entities: Vec<&Annotation> = doc.annotations.iter().filter(|a| a.layer == Layer::Entities).collect();
        let time_of = cover(&doc.tokens, &times);
        let entity_of = cover(&doc.tokens, &entities);
        Scanner {
            text: &doc.text,
            tokens: &doc.tokens,
            analyses: &doc.analyses,
            sentences: &doc.sentences,
            time_of,
            entity_of,
            times,
            entities,
        }
    }

    pub(crate) fn run(&self) -> Vec<Quantity> {
        let mut out = Vec::new();
        for s in self.sentences {
            let a = s.tokens.0 as usize;
            let b = (s.tokens.1 as usize).min(self.tokens.len());
            if a >= b {
                continue;
            }
            let mut found = Vec::new();
            let mut i = a;
            while i < b {
                if self.time_of.get(i).copied().flatten().is_some() {
                    i += 1;
                    continue;
                }
                match self.core(i, a, b) {
                    Some(c) => match self.expression(c, a, b) {
                        Some(f) => {
                            i = f.last.max(i + 1);
                            found.push(f);
                        }
                        None => i = c.end.max(i + 1),
                    },
                    None => i += 1,
                }
            }
            for f in &mut found {
                self.link(f, a, b);
            }
            changes(&mut found);
            out.extend(found.into_iter().map(|f| f.q));
        }
        out
    }

    // ---- token accessors (never panic) ----

    fn word(&self, i: usize) -> &'a str {
        self.tokens.get(i).map_or("", |t| t.span.text(self.text))
    }

    fn is(&self, i: usize, w: &str) -> bool {
        self.word(i).eq_ignore_ascii_case(w)
    }

    fn kind(&self, i: usize) -> Option<TokenKind> {
        self.tokens.get(i).map(|t| t.kind)
    }

    fn xpos(&self, i: usize) -> &str {
        self.analyses.get(i).map_or("", |a| a.xpos.as_str())
    }

    fn upos(&self, i: usize) -> &str {
        self.analyses.get(i).map_or("", |a| a.upos.as_str())
    }

    fn deprel(&self, i: usize) -> &str {
        self.analyses.get(i).map_or("", |a| a.deprel.as_str())
    }

    fn lemma(&self, i: usize) -> &str {
        self.analyses.get(i).map_or("", |a| a.lemma.as_str())
    }

    fn head(&self, i: usize) -> Option<usize> {
        self.analyses.get(i).and_then(|a| a.head).map(|h| h as usize)
    }

    fn glued(&self, i: usize) -> bool {
        match (i.checked_sub(1).and_then(|p| self.tokens.get(p)), self.tokens.get(i)) {
            (Some(p), Some(t)) => p.span.end == t.span.start,
            _ => false,
        }
    }

    fn in_time(&self, i: usize) -> bool {
        self.time_of.get(i).copied().flatten().is_some()
    }

    fn entity(&self, i: usize) -> Option<&'a Annotation> {
        let e = self.entity_of.get(i).copied().flatten()?;
        self.entities.get(e as usize).copied()
    }

    fn is_noun(&self, i: usize) -> bool {
        self.xpos(i).starts_with("NN") || matches!(self.upos(i), "NOUN" | "PROPN")
    }

    fn is_quote(&self, i: usize) -> bool {
        matches!(self.word(i), "\"" | "“" | "”" | "'" | "‘" | "’" | "«" | "»")
    }

    fn children(&self, h: usize, a: usize, b: usize) -> impl Iterator<Item = usize> + '_ {
        let lo = h.saturating_sub(WINDOW).max(a);
        let hi = (h + WINDOW + 1).min(b);
        (lo..hi).filter(move |&j| self.head(j) == Some(h))
    }

    // ---- cores ----

    /// A number starting at token `i`, if there is one.
    fn core(&self, i: usize, a: usize, b: usize) -> Option<Core> {
        let w = self.word(i);
        let mut core = if let Some(v) = words::age_adjective(w) {
            Core { start: i, end: i + 1, value: v, value_max: None, vague: false, shape: Shape::AgeAdjective, multiplied: false }
        } else if self.kind(i) == Some(TokenKind::Number) {
            if self.xpos(i) == "LS" {
                return None;
            }
            if let Some(v) = words::numeral(w) {
                Core { start: i, end: i + 1, value: v, value_max: None, vague: false, shape: Shape::Numeral, multiplied: false }
            } else if let Some((x, y)) = words::numeral_range(w) {
                Core { start: i, end: i + 1, value: x, value_max: Some(y), vague: false, shape: Shape::Numeral, multiplied: false }
            } else if let Some(v) = words::ordinal(w) {
                Core { start: i, end: i + 1, value: v, value_max: None, vague: false, shape: Shape::Ordinal, multiplied: false }
            } else {
                return None;
            }
        } else if let Some(v) = words::ordinal(w) {
            Core { start: i, end: i + 1, value: v, value_max: None, vague: false, shape: Shape::Ordinal, multiplied: false }
        } else {
            return self.word_core(i, b);
        };
        if core.shape == Shape::Numeral {
            self.multiply(&mut core, b);
        }
        if matches!(core.shape, Shape::Numeral | Shape::Words) && core.value_max.is_none() {
            self.range(&mut core, a, b);
        }
        Some(core)
    }

    /// Applies "million", "bn", "thousand" after a numeral.
    fn multiply(&self, core: &mut Core, b: usize) {
        let mut j = core.end;
        while j < b && j < core.end + 2 {
            let Some(m) = words::multiplier(self.word(j), self.glued(j)) else { break };
            core.value *= m;
            core.value_max = core.value_max.map(|v| v * m);
            core.multiplied = true;
            j += 1;
        }
        core.end = j;
    }

    /// Numbers written in words, "a dozen", "half a million", and vague magnitudes.
    fn word_core(&self, i: usize, b: usize) -> Option<Core> {
        let mut buf = [0u8; 32];
        let w = words::lower(self.word(i), &mut buf)?;
        let words_core = |end, value, vague| Core { start: i, end, value, value_max: None, vague, shape: Shape::Words, multiplied: true };
        let dozen = |j: usize| if self.is(j, "dozen") { Some(12.0) } else { words::multiplier(self.word(j), false) };
        // Fractions before "of": "a third of", "half of", "two-thirds of" (read as percentages).
        if let Some((f, end)) = self.fraction(w, i) {
            if self.is(end, "of") && end < b {
                return Some(Core { start: i, end, value: (f * 10000.0).round() / 100.0, value_max: None, vague: false, shape: Shape::Fraction, multiplied: true });
            }
        }
        match w {
            "a" | "an" => {
                if self.is(i + 1, "few") {
                    let m = dozen(i + 2)?;
                    return Some(words_core(i + 3, m, true));
                }
                let m = dozen(i + 1)?;
                let (value, end) = self.more_multipliers(m, i + 2, b);
                return Some(words_core(end, value, false));
            }
            "half" if self.is(i + 1, "a") => {
                let m = dozen(i + 2)?;
                return Some(words_core(i + 3, m / 2.0, false));
            }
            "several" | "few" => {
                let m = dozen(i + 1)?;
                return Some(words_core(i + 2, m, true));
            }
            "tens" | "hundreds" | "thousands" | "millions" | "billions" | "dozens" => {
                let base = if w == "tens" { 10.0 } else { words::vague(w)? };
                if self.is(i + 1, "of") {
                    if let Some(m) = words::vague(self.word(i + 2)).filter(|&m| m >= 1e3) {
                        return Some(words_core(i + 3, base * m, true));
                    }
                }
                return (w != "tens").then(|| words_core(i + 1, base, true));
            }
            _ => {}
        }
        // Cardinal words: "two hundred and fifty", "eighty-one", "three million".
        let mut total = 0.0;
        let mut current: Option<f64> = None;
        let mut j = i;
        let mut any = false;
        while j < b && j < i + 8 {
            let w = self.word(j);
            if let Some(v) = words::small(w) {
                // "twenty five" continues a tens word; two units in a row do not.
                match current {
                    Some(c) if c >= 20.0 && c % 10.0 == 0.0 && v < 10.0 && !w.contains('-') => current = Some(c + v),
                    Some(c) if c % 100.0 == 0.0 && c >= 100.0 => current = Some(c + v),
                    Some(_) => break,
                    None => current = Some(v),
                }
                any = true;
            } else if self.is(j, "dozen") && any {
                current = Some(current.unwrap_or(1.0) * 12.0);
            } else if let Some(m) = words::multiplier(w, false).filter(|_| any) {
                if m == 100.0 {
                    current = Some(current.unwrap_or(1.0) * 100.0);
                } else {
                    total += current.unwrap_or(1.0) * m;
                    current = None;
                }
            } else if w.eq_ignore_ascii_case("and")
                && any
                && current.is_some_and(|c| c >= 100.0)
                && words::small(self.word(j + 1)).is_some()
            {
                // "two hundred and fifty": the "and" joins.
            } else {
                break;
            }
            j += 1;
        }
        if !any {
            return None;
        }
        Some(Core { start: i, end: j, value: total + current.unwrap_or(0.0), value_max: None, vague: false, shape: Shape::Words, multiplied: j > i + 1 })
    }

    /// A fraction starting at `i` (whose lowercased word is `w`) and the token after it.
    fn fraction(&self, w: &str, i: usize) -> Option<(f64, usize)> {
        let part = |x: &str| -> Option<f64> {
            let mut buf = [0u8; 32];
            Some(match words::lower(x, &mut buf)? {
                "half" => 2.0,
                "third" | "thirds" => 3.0,
                "quarter" | "quarters" => 4.0,
                "fifth" | "fifths" => 5.0,
                "tenth" | "tenths" => 10.0,
                _ => return None,
            })
        };
        match w {
            "half" => Some((0.5, i + 1)),
            "a" | "an" | "one" => part(self.word(i + 1)).map(|d| (1.0 / d, i + 2)),
            _ => {
                if let Some((n, d)) = w.split_once('-') {
                    let n = words::small(n).filter(|&n| (2.0..10.0).contains(&n))?;
                    let d = part(d).filter(|&d| d > n)?;
                    return Some((n / d, i + 1));
                }
                let n = words::small(w).filter(|&n| (2.0..10.0).contains(&n))?;
                let d = part(self.word(i + 1)).filter(|&d| d > n)?;
                Some((n / d, i + 2))
            }
        }
    }

    fn more_multipliers(&self, mut value: f64, mut j: usize, b: usize) -> (f64, usize) {
        while j < b {
            match words::multiplier(self.word(j), false) {
                Some(m) if m > value || value < 1000.0 => {
                    value *= m;
                    j += 1;
                }
                _ => break,
            }
        }
        (value, j)
    }

    /// "5,000 to 7,000", "two or three", "between 5 and 7 million", "5–7".
    fn range(&self, core: &mut Core, a: usize, b: usize) {
        let j = core.end;
        let connector = self.word(j);
        let after_between = (a..core.start).rev().take(3).any(|k| self.is(k, "between"));
        let ok = match connector {
            "-" | "–" | "—" => true,
            "or" => true,
            "to" => !(core.start.saturating_sub(4).max(a)..core.start).any(|k| self.is(k, "from")),
            "and" => after_between,
            _ => false,
        };
        if !ok || j + 1 >= b {
            return;
        }
        let mut k = j + 1;
        if words::currency_sign(self.word(k)).is_some() {
            k += 1;
        }
        if self.in_time(k) {
            return;
        }
        let second = if self.kind(k) == Some(TokenKind::Number) {
            words::numeral(self.word(k)).map(|v| {
                let mut c = Core { start: k, end: k + 1, value: v, value_max: None, vague: false, shape: Shape::Numeral, multiplied: false };
                self.multiply(&mut c, b);
                c
            })
        } else {
            self.word_core(k, b).filter(|c| !c.vague)
        };
        let Some(second) = second else { return };
        let mut first = core.value;
        if !core.multiplied && second.multiplied {
            // "5-7 thousand", "between 5 and 7 million": the multiplier is shared.
            first *= second.value / base_of(self, second);
        }
        if second.value > first {
            core.value = first;
            core.value_max = Some(second.value);
            core.end = second.end;
        }
    }

    // ---- expressions ----

    /// Widens a core into a quantity expression, or rejects it (names, list numbers, years,
    /// pronoun "one", ordinals that do not count).
    fn expression(&self, c: Core, a: usize, b: usize) -> Option<Found> {
        let mut kind = Kind::Count;
        let mut unit: Option<&'static str> = None;
        let (mut first, mut last) = (c.start, c.end);
        if c.shape == Shape::AgeAdjective {
            kind = Kind::Age;
            unit = Some("years");
        }
        if c.shape == Shape::Ordinal {
            kind = Kind::Ordinal;
        }
        if c.shape == Shape::Fraction {
            kind = Kind::Percent;
            unit = Some("%");
        }
        // After the number: percent, currency word, unit, "years old".
        if matches!(kind, Kind::Count) && last < b {
            let w = self.word(last);
            if w == "%" || w.eq_ignore_ascii_case("percent") || w.eq_ignore_ascii_case("pct") {
                kind = Kind::Percent;
                unit = Some("%");
                last += 1;
            } else if w.eq_ignore_ascii_case("per") && self.is(last + 1, "cent") {
                kind = Kind::Percent;
                unit = Some("%");
                last += 2;
            } else if w.eq_ignore_ascii_case("percentage") && self.is(last + 1, "points") {
                kind = Kind::Percent;
                unit = Some("percentage points");
                last += 2;
            } else if let Some(cur) = words::currency_word(w) {
                kind = Kind::Money;
                unit = Some(cur);
                last += 1;
            } else if w.eq_ignore_ascii_case("square") && words::unit(self.word(last + 1)) == Some("km") {
                kind = Kind::Measure;
                unit = Some("km2");
                last += 2;
            } else if let Some(u) = words::unit(w).filter(|_| c.shape != Shape::Words || !c.vague) {
                kind = Kind::Measure;
                unit = Some(u);
                last += 1;
            } else if (w.eq_ignore_ascii_case("years") || w.eq_ignore_ascii_case("year")) && self.is(last + 1, "old") {
                kind = Kind::Age;
                unit = Some("years");
                last += 2;
            }
        }
        // "billions of dollars", "millions of euros".
        if c.vague && matches!(kind, Kind::Count) && self.is(last, "of") {
            if let Some(cur) = words::currency_word(self.word(last + 1)).filter(|_| last + 1 < b) {
                kind = Kind::Money;
                unit = Some(cur);
                last += 2;
            }
        }
        // Before it: currency sign or code, "aged".
        if first > a && matches!(kind, Kind::Count) {
            let p = self.word(first - 1);
            if let Some(cur) = words::currency_sign(p) {
                kind = Kind::Money;
                unit = Some(cur);
                first -= 1;
                if first > a && self.is(first - 1, "US") && self.glued(first) {
                    first -= 1;
                }
            } else if let Some(cur) = words::currency_word(p).filter(|_| p.len() == 3 && p.bytes().all(|b| b.is_ascii_uppercase())) {
                kind = Kind::Money;
                unit = Some(cur);
                first -= 1;
            } else if (p.eq_ignore_ascii_case("aged") || p.eq_ignore_ascii_case("age")) && c.shape != Shape::Ordinal {
                kind = Kind::Age;
                unit = Some("years");
                first -= 1;
            }
        }
        // The bound phrase.
        let mut bound = if c.vague { Bound::Lower } else { Bound::Exact };
        let mut approx = None;
        if kind != Kind::Ordinal && c.shape != Shape::AgeAdjective {
            for (phrase, b_) in words::BOUNDS {
                let n = phrase.len();
                if first < a + n {
                    continue;
                }
                if phrase.iter().enumerate().all(|(k, w)| self.is(first - n + k, w)) {
                    // "some" and "about" only bound numbers; "over" and "under" not when they
                    // are the verb's particle ("took over 2 ministries" is rare enough).
                    approx = Some(phrase.join(" "));
                    bound = *b_;
                    first -= n;
                    break;
                }
            }
        }
        // "between 5,000 and 7,000": "between" belongs to the range.
        if c.value_max.is_some() && approx.is_none() && first > a && self.is(first - 1, "between") {
            first -= 1;
        }
        let before = first.checked_sub(1).filter(|&p| p >= a);
        let after_from = before.is_some_and(|p| self.is(p, "from"));
        let after_to = before.is_some_and(|p| self.is(p, "to"));
        let after_up_down_from =
            after_from && before.and_then(|p| p.checked_sub(1)).filter(|&p| p >= a).is_some_and(|p| self.is(p, "up") || self.is(p, "down"));

        // Rejections.
        if (c.start..last).any(|k| self.in_time(k)) {
            return None;
        }
        let plain = approx.is_none() && matches!(kind, Kind::Count);
        if c.shape == Shape::Numeral && plain {
            if let Some(p) = before {
                let pw = self.word(p);
                let capitalised = pw.chars().next().is_some_and(char::is_uppercase);
                // "Article 5", "Resolution 2231": a capitalised noun right before the number.
                if capitalised && self.is_noun(p) && !self.in_time(p) && self.entity(p).is_none_or(|e| e.label != "PERSON") {
                    return None;
                }
                if NAMING.iter().any(|n| pw.eq_ignore_ascii_case(n)) {
                    return None;
                }
                // "Group of 20": "of" after a capitalised noun.
                if pw == "of" && p > a && self.word(p - 1).chars().next().is_some_and(char::is_uppercase) && self.is_noun(p - 1) && p - 1 > a {
                    return None;
                }
            }
            // "C5+1", "No.5": a numeral glued to a word or sign before it is part of a name.
            let p = c.start.saturating_sub(1);
            if c.start > a && self.glued(c.start) && (self.kind(p) == Some(TokenKind::Word) || matches!(self.word(p), "+" | "/" | "#" | "№")) {
                return None;
            }
            // "January 4–6": the end of a date range the time layer took only the start of.
            if let Some(p) = before.filter(|&p| matches!(self.word(p), "-" | "–" | "—") && p > a) {
                if self.in_time(p - 1) {
                    return None;
                }
            }
            // A numeral inside a name ("Security Council Resolution 2231").
            if let Some(e) = self.entity(c.start) {
                if e.label != "PERSON" {
                    return None;
                }
            }
            // Phone numbers and codes: numerals in a row.
            if before.is_some_and(|p| self.kind(p) == Some(TokenKind::Number)) || (last < b && self.kind(last) == Some(TokenKind::Number)) {
                return None;
            }
            // A bare four-digit year the time layer missed.
            let w = self.word(c.start);
            if c.end == c.start + 1 && w.len() == 4 && (1800.0..=2100.0).contains(&c.value) && !self.is_noun(last) {
                return None;
            }
            // List numbering: "1." or "2)" opening a sentence.
            if c.start == a && matches!(self.word(c.end), "." | ")") {
                return None;
            }
        }
        if c.shape == Shape::Words && c.end == c.start + 1 && self.is(c.start, "one") && plain {
            let next = c.end;
            let p = before.map_or("", |p| self.word(p));
            if !self.is_noun(next)
                || self.is(next, "of")
                || self.is(next, "another")
                || ONE_PRONOUN_BEFORE.iter().any(|w| p.eq_ignore_ascii_case(w))
            {
                return None;
            }
        }
        if c.shape == Shape::Ordinal {
            let next_ok = self.is_noun(c.end) || (self.xpos(c.end) == "JJ" && self.is_noun(c.end + 1));
            let det = before.is_some_and(|p| DETERMINERS.iter().any(|d| self.is(p, d)) || self.xpos(p) == "PRP$");
            if !next_ok || !det || self.upos(c.start) == "ADV" {
                return None;
            }
            // "Rekker's Second Transition", "the Second World War": part of a name.
            let capital = |k: usize| self.word(k).chars().next().is_some_and(char::is_uppercase);
            if capital(c.start) && capital(c.end) {
                return None;
            }
        }
        // "Tomas Rekker, 68, said": an age in apposition to a person.
        if c.shape == Shape::Numeral && plain && kind == Kind::Count && c.value_max.is_none() {
            let person_before = before.filter(|&p| self.word(p) == ",").and_then(|p| p.checked_sub(1)).and_then(|p| self.entity(p));
            if person_before.is_some_and(|e| e.label == "PERSON")
                && matches!(self.word(last), "," | ")")
                && c.value.fract() == 0.0
                && (16.0..=110.0).contains(&c.value)
            {
                kind = Kind::Age;
                unit = Some("years");
            }
        }

        // "Vaszary is 81": a whole number predicated of a person is an age.
        if c.shape == Shape::Numeral && plain && kind == Kind::Count && c.value_max.is_none() && c.value.fract() == 0.0 && (16.0..=110.0).contains(&c.value) {
            let k = c.start;
            let cop = self.children(k, a, b).any(|j| self.deprel(j) == "cop");
            let person = self.children(k, a, b).any(|j| self.deprel(j).starts_with("nsubj") && self.entity(j).is_some_and(|e| e.label == "PERSON"));
            if cop && person && !self.is_noun(c.end) {
                kind = Kind::Age;
                unit = Some("years");
            }
        }
        let span = Span { start: self.tokens.get(first)?.span.start, end: self.tokens.get(last.checked_sub(1)?)?.span.end };
        let anchor = self.anchor(first, last, c);
        Some(Found {
            q: Quantity {
                kind,
                span,
                value: c.value,
                value_max: c.value_max,
                from: None,
                unit,
                counted: None,
                approx,
                bound,
                vague: c.vague,
                about: None,
                time: None,
                predicate: None,
            },
            first,
            last,
            anchor,
            after_from,
            after_to,
            after_up_down_from,
        })
    }

    /// The expression's token whose head lies outside it (the rightmost such).
    fn anchor(&self, first: usize, last: usize, c: Core) -> usize {
        let mut anchor = None;
        for k in first..last {
            // Bound words before the core are modifiers, not the anchor.
            if k < c.start && words::currency_sign(self.word(k)).is_none() && !self.is(k, "aged") {
                continue;
            }
            match self.head(k) {
                Some(h) if (first..last).contains(&h) => {}
                _ => anchor = Some(k),
            }
        }
        anchor.unwrap_or(c.end.saturating_sub(1))
    }

    // ---- linking ----

    fn link(&self, f: &mut Found, a: usize, b: usize) {
        let counted = self.counted(f, a, b);
        if let Some((h, lo, hi)) = counted {
            if let (Some(s), Some(e)) = (self.tokens.get(lo), hi.checked_sub(1).and_then(|e| self.tokens.get(e))) {
                f.q.counted = Some(Span { start: s.span.start, end: e.span.end });
            }
            f.q.about = self.about(h, f.anchor, (f.first, f.last), a, b);
        } else {
            f.q.about = self.about_of(f.anchor, (f.first, f.last), a, b);
        }
        f.q.time = self.time(f.anchor, a, b);
        f.q.predicate = self.predicate(f, counted, a, b);
    }

    /// The word the counted things are an argument of: the counted word itself when it is a
    /// verb or participle ("Thousands were arrested", "over 2,000 wounded"), a participle or
    /// relative clause inside the counted phrase ("160 people killed"), else the verb or "of"
    /// noun governing the counted noun (or the number), a few steps up through coordination,
    /// "including", "a total of" and verbs such as "were reported" ("were reported killed").
    fn predicate(&self, f: &Found, counted: Option<(usize, usize, usize)>, a: usize, b: usize) -> Option<Predicate> {
        let inside = |k: usize| k >= a && k < b;
        if let Some((h, _, hi)) = counted {
            if let Some(v) = words::participle_verb(self.word(h)).filter(|_| !self.is_noun(h) || counted_word(self, h)) {
                return self.predicate_at(h, h, v.to_string());
            }
            if self.upos(h) == "VERB" {
                return self.verb_predicate(h, a, b);
            }
            // "160 people killed", "40 people who died"; "30% of voters backed Rekker" read as
            // a reduced relative clause.
            if let Some(v) = (h + 1..hi).find(|&k| self.upos(k) == "VERB" && (self.head(k) == Some(h) || self.head(k).is_some_and(|x| x > h && x < hi))) {
                return self.verb_predicate(v, a, b);
            }
            if let Some(v) = (h + 1..(h + 3).min(b)).find(|&k| self.upos(k) == "VERB" && self.head(k) == Some(h) && self.deprel(k).starts_with("acl")) {
                return self.verb_predicate(v, a, b);
            }
        }
        let mut x = match counted {
            // "thousands of protesters", "two-thirds of the officers": the number heads the phrase
            // whatever the parser hung the noun on.
            Some((h, _, _)) if self.head(h) == Some(f.anchor) || (self.is(f.last, "of") && h > f.last) => f.anchor,
            Some((h, _, _)) if self.is_noun(h) => h,
            _ => f.anchor,
        };
        for _ in 0..5 {
            let hd = self.head(x).filter(|&h| inside(h))?;
            let rel = self.deprel(x);
            let base = rel.split(':').next().unwrap_or("");
            let case = self.children(x, a, b).find(|&c| self.deprel(c) == "case").map(|c| self.word(c).to_lowercase());
            match base {
                // "5 policemen and 3 soldiers were killed", "the chairman, one of 12 ...".
                "conj" | "appos" => x = hd,
                "nmod" | "obl" if self.upos(hd) != "VERB" && case.as_deref().is_some_and(|c| matches!(c, "including" | "among" | "like")) => x = hd,
                // "a total of 164 people", "thousands of protesters".
                "nmod" if (self.is_noun(hd) || self.xpos(hd) == "CD") && (words::container_noun(&self.lemma(hd).to_lowercase()) || self.xpos(hd) == "CD") => x = hd,
                "nmod" if case.as_deref() == Some("of") && self.is_noun(hd) => {
                    return self.predicate_at(hd, hd, self.lemma(hd).to_lowercase());
                }
                "nsubj" | "obj" | "iobj" | "obl" | "nmod" | "xcomp" | "csubj" => {
                    if self.upos(hd) == "VERB" {
                        return self.verb_predicate(hd, a, b);
                    }
                    // "were dead", "remained in custody" with a copula.
                    if matches!(self.upos(hd), "ADJ") && self.children(hd, a, b).any(|c| self.deprel(c) == "cop") {
                        return self.predicate_at(hd, hd, self.lemma(hd).to_lowercase());
                    }
                    return None;
                }
                _ => return None,
            }
        }
        None
    }

    /// A verb as predicate: past "were reported" and "began" to their open complement, with
    /// its particle ("carry out") or the object of "take part".
    fn verb_predicate(&self, v: usize, a: usize, b: usize) -> Option<Predicate> {
        let mut v = v;
        if words::raising_verb(&self.lemma(v).to_lowercase()) {
            if let Some(c) = self.children(v, a, b).find(|&c| self.deprel(c) == "xcomp" && self.upos(c) == "VERB") {
                v = c;
            }
        }
        let lemma = self.lemma(v).to_lowercase();
        if lemma.is_empty() || matches!(lemma.as_str(), "be" | "have") && self.upos(v) != "VERB" {
            return None;
        }
        if let Some(p) = self.children(v, a, b).find(|&c| self.deprel(c) == "compound:prt") {
            return self.predicate_at(v, p, format!("{lemma} {}", self.word(p).to_lowercase()));
        }
        if lemma == "take" {
            if let Some(o) = self.children(v, a, b).find(|&c| self.deprel(c) == "obj" && matches!(self.lemma(c), "part" | "place")) {
                return self.predicate_at(v, o, format!("take {}", self.lemma(o)));
            }
        }
        self.predicate_at(v, v, lemma)
    }

    fn predicate_at(&self, from: usize, to: usize, lemma: String) -> Option<Predicate> {
        let (lo, hi) = if from <= to { (from, to) } else { (to, from) };
        let span = Span { start: self.tokens.get(lo)?.span.start, end: self.tokens.get(hi)?.span.end };
        Some(Predicate { lemma, span })
    }

    /// What a quantity counts: `(head noun, first token, end token)`.
    fn counted(&self, f: &Found, a: usize, b: usize) -> Option<(usize, usize, usize)> {
        let (first, last, anchor) = (f.first, f.last, f.anchor);
        let mut n = last;
        while n < b && self.is_quote(n) {
            n += 1;
        }
        // "Tomas Rekker, 68,": the person.
        if f.q.kind == Kind::Age && first >= a + 2 && self.word(first - 1) == "," {
            if let Some(e) = self.entity(first - 2).filter(|e| e.label == "PERSON") {
                let lo = self.tokens.partition_point(|t| t.span.start < e.span.start);
                return Some((first - 2, lo.max(a), first - 1));
            }
            if self.is_noun(first - 2) && !self.in_time(first - 2) {
                return Some(self.extend(first - 2, a, first - 1, b));
            }
        }
        let usable = |k: usize| k < b && k >= a && !self.in_time(k) && !(first..last).contains(&k);
        // "thousands of protesters", "30% of voters".
        if self.is(n, "of") && !matches!(f.q.kind, Kind::Ordinal | Kind::Age) {
            let mut k = n + 1;
            while k < b
                && k < n + 4
                && (DETERMINERS.iter().any(|d| self.is(k, d)) || matches!(self.xpos(k), "JJ" | "PRP$" | "CD"))
            {
                k += 1;
            }
            if usable(k) && self.is_noun(k) && self.upos(k) != "PRON" {
                let mut h = k;
                while usable(h + 1) && h < k + 4 && self.xpos(h + 1).starts_with("NN") {
                    h += 1;
                }
                // "two of Vaszary's sons-in-law": past the possessor to the possessed.
                if matches!(self.word(h + 1), "'s" | "’s" | "'" | "’") && usable(h + 2) {
                    let mut k2 = h + 2;
                    while k2 < b && k2 < h + 5 && matches!(self.xpos(k2), "JJ" | "CD") {
                        k2 += 1;
                    }
                    if usable(k2) && self.is_noun(k2) {
                        let mut h2 = k2;
                        while usable(h2 + 1) && h2 < k2 + 4 && self.xpos(h2 + 1).starts_with("NN") {
                            h2 += 1;
                        }
                        return Some(self.extend(h2, h + 2, last, b));
                    }
                }
                return Some(self.extend(h, n + 1, last, b));
            }
        }
        // "$5 billion in reconstruction aid".
        if f.q.kind == Kind::Money && self.is(n, "in") && usable(n + 1) && self.is_noun(n + 1) && self.entity(n + 1).is_none() {
            let mut h = n + 1;
            while usable(h + 1) && h < n + 4 && self.xpos(h + 1).starts_with("NN") {
                h += 1;
            }
            return Some(self.extend(h, n + 1, last, b));
        }
        let head = self.head(anchor);
        let rel = self.deprel(anchor);
        // The noun the number modifies: "2,500 peacekeepers", "an eighty-one-year-old former president".
        if let Some(h) = head.filter(|&h| h >= last && h < last + 6 && usable(h)) {
            if matches!(rel, "nummod" | "amod" | "compound" | "nmod:npmod" | "obl:npmod" | "det" | "nmod" | "flat" | "nummod:gov")
                && (self.is_noun(h) || counted_word(self, h))
            {
                return Some(self.extend(h, last, last, b));
            }
        }
        // A noun right after the number, whatever the parse says.
        if usable(n) && !matches!(f.q.kind, Kind::Percent) && (self.is_noun(n) && self.upos(n) != "PRON" || counted_word(self, n)) {
            let mut h = n;
            while usable(h + 1) && h < n + 3 && self.xpos(h + 1).starts_with("NN") && self.head(h) == Some(h + 1) {
                h += 1;
            }
            return Some(self.extend(h, last, last, b));
        }
        // A noun before that the number is attached to: "a population of 19 million", "Rekker, aged 68".
        if let Some(h) = head.filter(|&h| h < first && first - h <= 6 && h >= a && !self.in_time(h)) {
            if matches!(rel, "nmod" | "appos" | "acl" | "amod" | "nummod") && self.is_noun(h) {
                return Some(self.extend(h, a, first, b));
            }
        }
        // "Thousands were arrested", "more than 9,800 were detained": the people the verb
        // happened to.
        if rel.starts_with("nsubj") {
            if let Some(v) = head.filter(|&v| v >= last && v < last + 4 && usable(v) && words::casualty_verb(self.lemma(v))) {
                return Some((v, v, v + 1));
            }
        }
        // The subject of the number ("GDP per capita was $9,000") or of the verb it measures
        // ("GDP per capita fell to $9,000").
        if self.children(anchor, a, b).any(|j| self.deprel(j) == "cop") {
            if let Some(s) = self.subject(anchor, a, b) {
                return Some(self.extend_subject(s, a, b));
            }
        }
        if let Some(h) = head.filter(|&h| words::measuring_verb(self.lemma(h))) {
            if matches!(rel, "obj" | "obl" | "obl:npmod" | "nmod" | "advmod" | "xcomp" | "obl:tmod" | "nsubj" | "conj" | "ccomp") || rel.starts_with("obl") {
                // "The economy is expected to shrink by 3 percent": the subject of the verb
                // the measuring verb complements.
                let mut v = Some(h);
                for _ in 0..3 {
                    let Some(x) = v else { break };
                    if let Some(s) = self.subject(x, a, b) {
                        return Some(self.extend_subject(s, a, b));
                    }
                    v = if self.deprel(x) == "xcomp" { self.head(x).filter(|&y| y >= a && y < b) } else { None };
                }
            }
        }
        None
    }

    fn subject(&self, h: usize, a: usize, b: usize) -> Option<usize> {
        self.children(h, a, b).find(|&j| self.deprel(j).starts_with("nsubj") && self.upos(j) != "PRON" && !self.in_time(j))
    }

    /// Widens a counted head noun `h` into its phrase: modifiers to its left (not before
    /// `floor`, not entities, which go to `about`), "per capita" and a participle or short
    /// relative clause to its right ("people killed", "people who died").
    fn extend(&self, h: usize, floor: usize, _quantity_end: usize, b: usize) -> (usize, usize, usize) {
        let mut lo = h;
        while lo > floor {
            let j = lo - 1;
            let modifies = self.head(j).is_some_and(|x| x == h || (x > j && x <= h && self.head(x) == Some(h)));
            // A capitalised adjective is a demonym ("Kordavian troops"): like a name, it says
            // whose, not what.
            let demonym = self.xpos(j) == "JJ" && self.word(j).chars().next().is_some_and(char::is_uppercase);
            if modifies && matches!(self.deprel(j), "compound" | "amod" | "flat") && self.entity(j).is_none() && !demonym && !self.in_time(j) {
                lo = j;
            } else {
                break;
            }
        }
        // A counted noun that is itself a name keeps the whole name.
        if let Some(e) = self.entity(h) {
            while lo > floor && self.entity(lo - 1).is_some_and(|x| std::ptr::eq(x, e)) {
                lo -= 1;
            }
        }
        let mut hi = h + 1;
        if let Some(e) = self.entity(h) {
            while hi < b && hi < h + 8 && self.entity(hi).is_some_and(|x| std::ptr::eq(x, e)) {
                hi += 1;
            }
        }
        if self.is(hi, "per") && hi + 1 < b && self.is_noun(hi + 1) {
            hi += 2;
        }
        if hi < b && self.xpos(hi) == "VBN" && self.head(hi) == Some(h) && matches!(self.deprel(hi), "acl" | "amod")
            && !self.in_time(hi)
            // "30% of voters backed Rekker": a participle with an object is the clause's verb.
            && !(self.is_noun(hi + 1) || matches!(self.upos(hi + 1), "DET" | "PRON" | "NUM"))
            // "The cabinet of 14 ministers resigned": in a sentence with no other verb, the
            // participle is the main verb the tagger missed.
            && self.sentence_has_verb(hi, b)
        {
            hi += 1;
        } else if hi < b && matches!(self.word(hi), "who" | "that") {
            let mut k = hi + 1;
            while k < b && k < hi + 4 {
                if self.xpos(k).starts_with("VB") && !matches!(self.lemma(k), "be" | "have") {
                    hi = k + 1;
                    break;
                }
                if !matches!(self.upos(k), "AUX" | "ADV" | "PART") {
                    break;
                }
                k += 1;
            }
        }
        (h, lo, hi.min(b))
    }

    /// Whether the root above `i` is a verb other than `i` itself.
    fn sentence_has_verb(&self, i: usize, b: usize) -> bool {
        let mut r = i;
        for _ in 0..WINDOW {
            match self.head(r) {
                Some(h) if h < b => r = h,
                _ => break,
            }
        }
        r != i && matches!(self.upos(r), "VERB" | "AUX")
    }

    /// A subject as what is measured, with an "of" phrase that is not a name ("the price of
    /// fuel", but "the population" of "the population of Veloria").
    fn extend_subject(&self, s: usize, a: usize, b: usize) -> (usize, usize, usize) {
        let (h, lo, mut hi) = self.extend(s, a, s + 1, b);
        if hi == h + 1 && self.is(hi, "of") {
            let mut k = hi + 1;
            if DETERMINERS.iter().any(|d| self.is(k, d)) {
                k += 1;
            }
            if k < b && k < h + 5 && self.is_noun(k) && self.entity(k).is_none() && !self.in_time(k) {
                hi = k + 1;
            }
        }
        (h, lo, hi)
    }

    /// The entity a counted noun `h` is about: `h` itself when it is a name, else a
    /// possessive, compound, adjective or "of"/"from" phrase on it or on the number.
    fn about(&self, h: usize, anchor: usize, skip: (usize, usize), a: usize, b: usize) -> Option<About> {
        if let Some(e) = self.entity(h) {
            return about_from(e);
        }
        self.about_of(h, skip, a, b).or_else(|| self.about_of(anchor, skip, a, b)).or_else(|| self.owner(h, a, b))
    }

    /// "Veloria has a population of 19 million", "Kordavia sent 300 troops": the subject of a
    /// verb of having or sending whose object is the counted noun.
    fn owner(&self, h: usize, a: usize, b: usize) -> Option<About> {
        if self.deprel(h) != "obj" {
            return None;
        }
        let v = self.head(h).filter(|&v| v >= a && v < b)?;
        if !matches!(self.lemma(v), "have" | "hold" | "deploy" | "send" | "contribute" | "field" | "keep" | "maintain" | "station" | "lose" | "pledge") {
            return None;
        }
        let s = self.subject(v, a, b)?;
        self.entity(s).filter(|e| e.label != "MISC").and_then(about_from)
    }

    fn about_of(&self, h: usize, skip: (usize, usize), a: usize, b: usize) -> Option<About> {
        let mut best: Option<(usize, &Annotation)> = None;
        for j in self.children(h, a, b) {
            if (skip.0..skip.1).contains(&j) {
                continue;
            }
            let rel = self.deprel(j);
            let ok = match rel {
                "nmod:poss" | "compound" | "amod" | "flat" => true,
                "nmod" => self.children(j, a, b).any(|c| self.deprel(c) == "case" && (self.is(c, "of") || self.is(c, "from"))),
                _ => false,
            };
            if !ok {
                continue;
            }
            if let Some(e) = self.entity(j) {
                if e.label == "MISC" {
                    continue;
                }
                let d = h.abs_diff(j);
                if best.is_none_or(|(bd, _)| d < bd) {
                    best = Some((d, e));
                }
            }
        }
        best.and_then(|(_, e)| about_from(e))
    }

    /// The clause a token belongs to: the nearest verb (or root) up its chain of heads.
    fn clause(&self, mut i: usize, a: usize, b: usize) -> usize {
        for _ in 0..WINDOW {
            if matches!(self.upos(i), "VERB") {
                return i;
            }
            match self.head(i) {
                Some(h) if h >= a && h < b => i = h,
                _ => return i,
            }
        }
        i
    }

    /// The time a quantity holds for: the nearest date or time in its clause, else one in
    /// the sentence's main clause.
    fn time(&self, anchor: usize, a: usize, b: usize) -> Option<TimeRef> {
        let lo = anchor.saturating_sub(WINDOW).max(a);
        let hi = (anchor + WINDOW).min(b);
        let own = self.clause(anchor, a, b);
        let root = self.clause_root(own, a, b);
        let mut same: Option<(usize, u32)> = None;
        let mut main: Option<(usize, u32)> = None;
        let mut k = lo;
        while k < hi {
            let Some(t) = self.time_of.get(k).copied().flatten() else {
                k += 1;
                continue;
            };
            // The expression's tokens and its head token (the one attached outside it).
            let start = k;
            while k < hi && self.time_of.get(k).copied().flatten() == Some(t) {
                k += 1;
            }
            let Some(ann) = self.times.get(t as usize) else { continue };
            if !matches!(ann.label.as_str(), "DATE" | "TIME") {
                continue;
            }
            let head_tok = (start..k).find(|&j| self.head(j).is_none_or(|h| h < start || h >= k)).unwrap_or(start);
            let c = self.clause(head_tok, a, b);
            let d = if anchor < start { start - anchor } else { anchor.saturating_sub(k - 1) };
            if c == own {
                if same.is_none_or(|(bd, _)| d < bd) {
                    same = Some((d, t));
                }
            } else if c == root && main.is_none_or(|(bd, _)| d < bd) {
                main = Some((d, t));
            }
        }
        let (_, t) = same.or(main)?;
        let ann = self.times.get(t as usize)?;
        let value = ann.attrs.get("value").and_then(|v| v.as_str())?.to_string();
        Some(TimeRef { value, span: ann.span })
    }

    /// The main clause above a clause.
    fn clause_root(&self, mut c: usize, a: usize, b: usize) -> usize {
        for _ in 0..WINDOW {
            match self.head(c) {
                Some(h) if h >= a && h < b => c = self.clause(h, a, b),
                _ => return c,
            }
        }
        c
    }
}

/// The base of a multiplied core ("7" in "7 million"), to share its multiplier.
fn base_of(s: &Scanner<'_>, c: Core) -> f64 {
    let v = words::numeral(s.word(c.start)).or_else(|| words::small(s.word(c.start))).unwrap_or(c.value);
    if v == 0.0 { c.value } else { v }
}

fn counted_word(s: &Scanner<'_>, i: usize) -> bool {
    words::counted_adjective(s.word(i))
}

fn about_from(e: &Annotation) -> Option<About> {
    let entity = e.attrs.get("entity")?.as_u64()?;
    let name = e.attrs.get("name").and_then(|n| n.as_str()).unwrap_or("").to_string();
    Some(About { entity, name })
}

/// For each token, the index of the annotation covering it (annotations in text order).
fn cover(tokens: &[Token], anns: &[&Annotation]) -> Vec<Option<u32>> {
    let mut out = vec![None; tokens.len()];
    for (n, a) in anns.iter().enumerate() {
        let from = tokens.partition_point(|t| t.span.end <= a.span.start);
        for (slot, t) in out.iter_mut().zip(tokens).skip(from) {
            if t.span.start >= a.span.end {
                break;
            }
            *slot = Some(n as u32);
        }
    }
    out
}

/// "from over $13,000 (in 2013) to about $9,000": the second carries `from`; "to $9,000, down
/// from $13,000": the first does. What the first counts carries over to the second when the
/// second has none.
fn changes(found: &mut [Found]) {
    for i in 1..found.len() {
        let (left, right) = found.split_at_mut(i);
        let (Some(p), Some(q)) = (left.last_mut(), right.first_mut()) else { continue };
        if p.q.kind != q.q.kind || q.first.saturating_sub(p.last) > 8 {
            continue;
        }
        if p.after_from && q.after_to {
            q.q.from = Some(p.q.value);
        } else if q.after_up_down_from {
            p.q.from = Some(q.q.value);
        } else {
            continue;
        }
        if q.q.counted.is_none() {
            q.q.counted = p.q.counted;
            q.q.about = q.q.about.take().or_else(|| p.q.about.clone());
        }
        if p.q.counted.is_none() {
            p.q.counted = q.q.counted;
            p.q.about = p.q.about.take().or_else(|| q.q.about.clone());
        }
    }
}
