//! The dateline of a news article: the date at its very start ("ALMATY, Jan 6 (Reuters) -",
//! "January 6, 2022 —", "Published: 06.01.2022"), which is a good document creation time
//! when the metadata has none.

use crate::grammar::Parser;
use crate::sem::Sem;
use crate::token::{self, Lex};

/// A date found in a dateline: its byte span and fields (the year may be missing).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dateline {
    pub start: usize,
    pub end: usize,
    pub year: Option<i32>,
    pub month: u8,
    pub day: u8,
}

/// Looks for a day-precise date in the first line (or first 200 bytes) of `text`, before
/// any sentence has ended.
pub fn dateline(text: &str) -> Option<Dateline> {
    let mut cut = text.len().min(200);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = text.get(..cut)?;
    let mut toks = Vec::new();
    token::tokenize(head, &mut toks);
    let parser = Parser { t: &toks };
    let mut i = 0;
    while i < toks.len() {
        if toks[i].flags & token::BREAK != 0 && i > 0 {
            return None;
        }
        if let Some(raw) = parser.parse_at(i) {
            if let Sem::Point(p) = raw.sem {
                if let (Some(month), Some(day), None) = (p.month, p.day, raw.problem) {
                    let end = toks.get(raw.e.saturating_sub(1))?.end;
                    return Some(Dateline { start: toks[i].start, end, year: p.year, month, day });
                }
            }
            i = raw.e.max(i + 1);
            continue;
        }
        // A full stop after a lower-case word ends the first sentence: too far.
        if toks[i].lex == Lex::Punct(b'.') && i > 0 && toks[i - 1].lex == Lex::Word && toks[i - 1].flags & token::CAP == 0 {
            return None;
        }
        i += 1;
    }
    None
}
