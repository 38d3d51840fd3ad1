//! HTML: the article body and the page's metadata, via a real HTML5 parser (html5ever through
//! `scraper`).
//!
//! [`extract`] parses the page once, then runs three linear passes over it:
//! [`meta`] gathers metadata (JSON-LD, `<meta>`, `<title>`, `<time>`), [`dom`] flattens the tree
//! into text blocks with the facts needed to judge them (owner element, link text, enclosing
//! boilerplate), and [`body`] picks the article body among the blocks.

mod body;
mod dom;
mod meta;

use std::ops::Range;

use memchr::memmem;
use model::Metadata;
use scraper::Html;

use crate::Block;

/// What [`extract`] finds in a page.
#[derive(Clone, Debug, Default)]
pub struct HtmlExtract {
    pub blocks: Vec<Block>,
    pub meta: Metadata,
    pub warnings: Vec<String>,
}

/// Extracts the article body and metadata of an HTML page. `url` is where the page was fetched
/// from, when known (used when the page names no canonical URL, and to resolve relative ones).
pub fn extract(html: &str, url: Option<&str>) -> HtmlExtract {
    let doc = Html::parse_document(html);
    let found = meta::metadata(&doc, url);
    let mut meta = found.meta;
    let mut warnings = found.warnings;
    let flat = dom::flatten(&doc);
    let chosen = body::select(&flat, meta.title.as_deref(), found.article_body.as_deref());

    let mut blocks = Vec::with_capacity(chosen.len());
    // Block text lives in the body: start looking there (the title repeats words in `<head>`).
    let mut from = memmem::find(html.as_bytes(), b"<body").unwrap_or(0);
    for i in chosen {
        let Some(raw) = flat.blocks.get(i) else {
            continue;
        };
        let source = locate(html, &raw.text, from);
        if let Some(r) = &source {
            from = r.end;
        }
        blocks.push(Block::new(raw.text.clone(), raw.kind, source));
    }
    if meta.authors.is_empty() {
        meta.authors = visible_byline(&flat);
    }
    if blocks.is_empty() {
        warnings.push(String::from("no article body found"));
    }
    HtmlExtract {
        blocks,
        meta,
        warnings,
    }
}

/// Authors from a visible "By Ana Lind and Tomas Rekker" line, when the metadata names none.
fn visible_byline(flat: &dom::Flat) -> Vec<String> {
    for block in &flat.blocks {
        let t = block.text.as_str();
        if t.len() > 120 {
            continue;
        }
        let Some(rest) = t.strip_prefix("By ").or_else(|| t.strip_prefix("BY ")) else {
            continue;
        };
        // Cut at what usually follows the names on the same line (a date, a role).
        let rest = rest.split(['|', '•', '·', '\u{2014}']).next().unwrap_or("");
        let rest = rest.split(" - ").next().unwrap_or("");
        let names: Vec<String> = meta::split_authors(rest)
            .into_iter()
            .filter(|n| {
                let words: Vec<&str> = n.split_whitespace().collect();
                (1..=4).contains(&words.len())
                    && words
                        .iter()
                        .all(|w| w.chars().next().is_some_and(char::is_uppercase))
            })
            .collect();
        if !names.is_empty() {
            return names;
        }
    }
    Vec::new()
}

/// How far past the previous block we look for the next one: bounds the cost of a block whose
/// text cannot be found (so the whole pass stays linear in practice).
const SEARCH_WINDOW: usize = 256 * 1024;

/// Finds, approximately, where `text` came from in `html`, searching from byte `from` on.
///
/// Precision: html5ever gives no positions, so the start is the first occurrence (after the
/// previous block) of the block's first word, and the end is the first occurrence of its last
/// word at or after the earliest place it could be. Entities (`&amp;`), tags inside the text and
/// re-flowed whitespace do not matter, since only single words are searched; a block whose first
/// word also occurs earlier in between (in a script, an attribute) starts too early. Returns
/// `None` when the words are not found (text built from entities, for example).
fn locate(html: &str, text: &str, from: usize) -> Option<Range<usize>> {
    let first = first_word(text)?;
    let last = last_word(text)?;
    let hay = html.as_bytes();
    let window_end = hay.len().min(
        from.saturating_add(SEARCH_WINDOW)
            .saturating_add(text.len() * 4),
    );
    let area = hay.get(from..window_end)?;
    // The first few words as written are far less ambiguous than the first word alone; they
    // fail when the page breaks lines or puts tags between them, hence the fallback.
    let probe = leading_words(text, 3);
    let found = match probe.filter(|p| p.len() > first.len()) {
        Some(p) => {
            memmem::find(area, p.as_bytes()).or_else(|| memmem::find(area, first.as_bytes()))
        }
        None => memmem::find(area, first.as_bytes()),
    };
    let start = from + found?;
    // The raw HTML of a block is at least as long as its text, so its last word cannot end
    // before `start + text.len()`; markup rarely makes it more than a few times longer.
    let earliest = (start + text.len()).saturating_sub(last.len());
    let latest = window_end.min(start + text.len() * 4 + 1024);
    let end = hay
        .get(earliest.min(latest)..latest)
        .and_then(|a| memmem::find(a, last.as_bytes()))
        .map_or(start + text.len(), |p| earliest + p + last.len());
    // Both ends must fall on character boundaries for the range to be usable as a str range.
    let mut end = end.max(start + first.len()).min(html.len());
    while end < html.len() && !html.is_char_boundary(end) {
        end += 1;
    }
    Some(start..end)
}

/// The first `n` words of `text` (split on single spaces), as one string slice.
fn leading_words(text: &str, n: usize) -> Option<&str> {
    let mut end = 0;
    for (i, word) in text.split(' ').enumerate() {
        if i == n {
            break;
        }
        end += word.len() + usize::from(i > 0);
    }
    text.get(..end)
}

/// The first run of letters and digits (the part of a word no entity can hide).
fn first_word(text: &str) -> Option<&str> {
    let start = text.find(char::is_alphanumeric)?;
    let rest = text.get(start..)?;
    let len = rest
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(rest.len());
    rest.get(..len)
}

fn last_word(text: &str) -> Option<&str> {
    let end = text.rfind(char::is_alphanumeric)?;
    let end = end + text.get(end..)?.chars().next()?.len_utf8();
    let head = text.get(..end)?;
    let start = head.rfind(|c: char| !c.is_alphanumeric()).map_or(0, |i| {
        i + head
            .get(i..)
            .and_then(|s| s.chars().next())
            .map_or(1, char::len_utf8)
    });
    head.get(start..)
}
