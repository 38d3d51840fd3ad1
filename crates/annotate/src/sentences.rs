//! Sentence segmentation over tokens.
//!
//! Rules, in order (tuned for English news; see the tests for examples):
//!
//! 1. A line break ends a sentence, so headlines and list items (their own paragraphs in the clean
//!    text) are sentences even without final punctuation. A blank line (two or more `\n` between
//!    tokens) also starts a new paragraph; blank lines before the first token do not count.
//! 2. A token made only of `.`, `?`, `!`, `…` (`.`, `...`, `?!`) ends a sentence, together with
//!    the closing quotes and brackets right after it (`action.” The` keeps `”` in the first
//!    sentence), unless the next word starts with a lowercase letter (`“Why?” he asked`,
//!    `talks… resumed`; but a bare `?` or `!` splits even then: `Where? india?`), the mark is
//!    glued to a non-capital after it (`Nazis...70k`), or the next token is punctuation such as `,` or `;`.
//! 3. Abbreviations keep their period inside the token (see `tokens`), so they never look like
//!    rule 2. Titles and words that always precede something (`Dr.`, `Mr.`, `Gen.`, `No.`, `vs.`,
//!    `e.g.`) never end a sentence. Any other word ending in a period (`U.S.`, `Inc.`, `etc.`,
//!    `Jr.`, `a.m.`, initials such as `E.`) ends a sentence only when the next word is a
//!    capitalised function word that typically opens a sentence (`The`, `But`, `He`, `It`, ...,
//!    see `is_sentence_opener`) or an opening quote: `the U.S. Senate` stays whole, while
//!    `in the U.S. The` splits. This misses sentences that start with a name right after such an
//!    abbreviation, which is rarer in news than a name after it.
//! 4. Colons and semicolons never end sentences.
//!
//! Sentences never overlap, cover every token in order, and span from their first token's start
//! to their last token's end.

use model::{Diagnostic, Doc, Layer, Sentence, Span, Token, TokenKind};

use crate::tokens::is_opener;
use crate::Annotator;

/// The `sentences` annotator.
pub struct Sentences;

impl Annotator for Sentences {
    fn name(&self) -> &'static str {
        "sentences"
    }
    fn version(&self) -> u32 {
        2
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Sentences]
    }
    fn annotate(&self, doc: &mut Doc) -> Vec<Diagnostic> {
        doc.sentences = segment(&doc.text, &doc.tokens);
        Vec::new()
    }
}

/// Groups `tokens` (as produced by [`crate::tokens::tokenize`] over `text`) into sentences.
pub fn segment(text: &str, tokens: &[Token]) -> Vec<Sentence> {
    let seg = Segmenter { text, tokens };
    let mut out = Vec::with_capacity(tokens.len() / 16 + 1);
    let mut first = 0usize;
    let mut paragraph = 0u32;
    let mut i = 0usize;
    while i < tokens.len() {
        let (last, ends) = seg.decide(i);
        if ends {
            push(&mut out, tokens, first, last, paragraph);
            first = last + 1;
            if seg.gap(last).bytes().filter(|&b| b == b'\n').count() >= 2 {
                paragraph += 1;
            }
        }
        i = last + 1;
    }
    if first < tokens.len() {
        push(&mut out, tokens, first, tokens.len() - 1, paragraph);
    }
    out
}

fn push(out: &mut Vec<Sentence>, tokens: &[Token], first: usize, last: usize, paragraph: u32) {
    let (Some(a), Some(b)) = (tokens.get(first), tokens.get(last)) else {
        return;
    };
    // Tokens from elsewhere might be out of order; the span stays well-formed regardless.
    let span = Span {
        start: a.span.start,
        end: b.span.end.max(a.span.start),
    };
    out.push(Sentence {
        span,
        tokens: (first as u32, last as u32 + 1),
        paragraph,
    });
}

struct Segmenter<'a> {
    text: &'a str,
    tokens: &'a [Token],
}

/// How a word ending in a period behaves at a possible sentence end (rule 3).
#[derive(PartialEq)]
enum Abbreviation {
    /// Always followed by what it qualifies: never ends a sentence.
    Title,
    /// May end a sentence (`U.S.`, `Inc.`, `etc.`).
    Other,
}

impl<'a> Segmenter<'a> {
    fn str(&self, i: usize) -> &'a str {
        self.tokens.get(i).map_or("", |t| t.span.text(self.text))
    }

    /// The text between token `i` and token `i + 1` ("" at the end).
    fn gap(&self, i: usize) -> &'a str {
        match (self.tokens.get(i), self.tokens.get(i + 1)) {
            (Some(a), Some(b)) => self
                .text
                .get(a.span.end as usize..b.span.start as usize)
                .unwrap_or(""),
            _ => "",
        }
    }

    fn line_break_after(&self, i: usize) -> bool {
        self.gap(i).bytes().any(|b| b == b'\n' || b == b'\r')
    }

    /// Whether a sentence ends after token `i`, possibly extended over closing quotes: returns the
    /// last token of this step and the decision.
    fn decide(&self, i: usize) -> (usize, bool) {
        let n = self.tokens.len();
        if i + 1 >= n || self.line_break_after(i) {
            return (i, true);
        }
        let s = self.str(i);
        if is_terminal(s) {
            let last = self.absorb_closers(i);
            // A mark glued to what follows ("Nazis...70k", "franz...@gmail.com") is inside
            // something, unless a capital or a quote follows ("end.The", a missing space).
            let glued = last + 1 < n
                && self.gap(last).is_empty()
                && !self
                    .str(last + 1)
                    .starts_with(|c: char| c.is_uppercase() || "\"'“‘«(".contains(c));
            let ends = last + 1 >= n
                || self.line_break_after(last)
                || (!glued && self.starts_sentence(last + 1, last > i || s.contains(['.', '…'])));
            return (last, ends);
        }
        let is_word = self
            .tokens
            .get(i)
            .is_some_and(|t| t.kind == TokenKind::Word);
        if is_word
            && s.len() > 1
            && s.ends_with('.')
            && abbreviation_class(s) == Abbreviation::Other
        {
            let last = self.absorb_closers(i);
            let ends =
                last + 1 >= n || self.line_break_after(last) || self.opener_follows(last + 1);
            return (last, ends);
        }
        (i, false)
    }

    /// Extends a sentence end over the closing quotes and brackets right after token `i`.
    fn absorb_closers(&self, i: usize) -> usize {
        let mut j = i;
        while j + 1 < self.tokens.len() && !self.line_break_after(j) {
            let adjacent = self.gap(j).is_empty();
            let closer = match self.str(j + 1) {
                "”" | "’" | "»" | "›" | ")" | "]" | "}" | "''" => true,
                // Straight quotes are ambiguous: closing only when glued to what precedes them.
                "\"" | "'" => adjacent,
                _ => false,
            };
            if !closer {
                break;
            }
            j += 1;
        }
        j
    }

    /// Rule 2: whether token `k`, after a sentence-final punctuation mark, starts a new sentence.
    /// `lowercase_goes_on` is false after a bare `?` or `!`: `Where? india?` splits, while
    /// `“Why?” he asked` and `in the U.S. and` do not.
    fn starts_sentence(&self, mut k: usize, lowercase_goes_on: bool) -> bool {
        // Opening quotes and dashes before the first word are looked through: `. “the` goes on.
        for _ in 0..4 {
            let s = self.str(k);
            let Some(c) = s.chars().next() else {
                return true;
            };
            if c.is_lowercase() {
                return !lowercase_goes_on;
            }
            if c.is_alphanumeric() {
                return true;
            }
            let looked_through = is_opener(s) || matches!(s, "—" | "–" | "-" | "--");
            if !looked_through {
                // `$5 million ...` starts a sentence; `, ;` and other punctuation do not.
                return self
                    .tokens
                    .get(k)
                    .is_some_and(|t| t.kind != TokenKind::Punct);
            }
            if k + 1 >= self.tokens.len() || self.line_break_after(k) {
                return true;
            }
            k += 1;
        }
        true
    }

    /// Rule 3: after an abbreviation that may end a sentence, a sentence opener or an opening
    /// quote followed by a capital starts a new sentence.
    fn opener_follows(&self, k: usize) -> bool {
        let s = self.str(k);
        if matches!(s, "\"" | "“" | "«" | "‘") && !self.line_break_after(k) {
            return self
                .str(k + 1)
                .chars()
                .next()
                .is_some_and(char::is_uppercase);
        }
        is_sentence_opener(s)
    }
}

/// Tokens that end a sentence: made only of `.`, `?`, `!`, `…`.
fn is_terminal(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| matches!(c, '.' | '?' | '!' | '…'))
}

fn abbreviation_class(s: &str) -> Abbreviation {
    let word = s.strip_suffix('.').unwrap_or(s);
    match word {
        "Mr" | "Mrs" | "Ms" | "Mx" | "Dr" | "Prof" | "Gen" | "Gens" | "Col" | "Lt" | "Sen"
        | "Sens" | "Rep" | "Reps" | "Gov" | "St" | "Ste" | "Capt" | "Sgt" | "Cpl" | "Pvt"
        | "Maj" | "Adm" | "Cmdr" | "Cdr" | "Rev" | "Hon" | "Pres" | "Supt" | "Messrs" | "Mme"
        | "Mlle" | "Mt" | "Ft" | "Brig" | "Amb" | "Atty" | "Insp" | "Det" | "Ald" | "No" | "no"
        | "Nos" | "nos" | "vs" | "v" | "cf" | "e.g" | "i.e" | "Vol" | "vol" | "Fig" | "fig"
        | "pp" | "ext" | "Ext" | "tel" | "Tel" => Abbreviation::Title,
        _ => Abbreviation::Other,
    }
}

/// Capitalised function words that usually open a sentence and rarely follow `U.S.` or `Inc.`
/// inside one (rule 3).
fn is_sentence_opener(s: &str) -> bool {
    matches!(
        s,
        "The"
            | "A"
            | "An"
            | "But"
            | "And"
            | "Or"
            | "So"
            | "Yet"
            | "Nor"
            | "He"
            | "She"
            | "It"
            | "They"
            | "We"
            | "I"
            | "You"
            | "This"
            | "That"
            | "These"
            | "Those"
            | "There"
            | "Here"
            | "In"
            | "On"
            | "At"
            | "As"
            | "After"
            | "Before"
            | "When"
            | "While"
            | "If"
            | "Although"
            | "Though"
            | "However"
            | "Meanwhile"
            | "Moreover"
            | "Still"
            | "His"
            | "Her"
            | "Its"
            | "Their"
            | "Our"
            | "My"
            | "Some"
            | "Many"
            | "Most"
            | "Several"
            | "What"
            | "Why"
            | "How"
            | "Who"
            | "Where"
            | "Since"
            | "Because"
            | "According"
            | "Last"
            | "Yesterday"
            | "Today"
            | "Earlier"
            | "Later"
            | "Now"
            | "Then"
            | "Also"
            | "Both"
            | "Each"
            | "Such"
            | "Another"
            | "Neither"
            | "Despite"
            | "During"
            | "Under"
            | "With"
            | "Without"
            | "By"
            | "For"
            | "From"
            | "To"
            | "Not"
            | "Other"
            | "Officials"
            | "Analysts"
            | "Critics"
    )
}
