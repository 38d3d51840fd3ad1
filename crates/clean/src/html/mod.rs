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
/// Precision: html5ever gives no positions, so the block is located by its words. The start is
/// the first whole-word occurrence (after the previous block) of the block's first word that is
/// followed, within a short distance, by the block's next two words in order: tags, entities
/// (`&rsquo;`) and re-flowed whitespace between words do not matter. The end is the first
/// whole-word occurrence of its last word at or after the earliest place it could be. Returns
/// `None` when the words are not found (text built from entities, for example).
fn locate(html: &str, text: &str, from: usize) -> Option<Range<usize>> {
    let words = alnum_words(text, 3);
    let first = *words.first()?;
    let last = last_word(text)?;
    let hay = html.as_bytes();
    let window_end = hay.len().min(
        from.saturating_add(SEARCH_WINDOW)
            .saturating_add(text.len() * 4),
    );
    let area = hay.get(from..window_end)?;
    let mut start = None;
    let mut fallback = None;
    for pos in memmem::find_iter(area, first.as_bytes()) {
        if !whole_word(area, pos, first.len()) {
            continue;
        }
        fallback.get_or_insert(pos);
        if followed_by(area, pos + first.len(), words.get(1..).unwrap_or(&[])) {
            start = Some(pos);
            break;
        }
    }
    let start = from + start.or(fallback)?;
    // The raw HTML of a block is at least as long as its text, less what entities and
    // characters it holds might shrink (none: an entity is longer than its character), so its
    // last word cannot end before `start + text.len()`; markup rarely makes it more than a few
    // times longer.
    // Measured in the text from the first word to the last word, which is where `start` and the
    // end sit (a quote mark before the first word or a full stop after the last is not counted).
    let first_at = text.find(first).unwrap_or(0);
    let last_at = text.rfind(last).unwrap_or(text.len());
    let earliest = start + last_at.saturating_sub(first_at);
    // Text before the first word (an opening quote mark) belongs to the block when the page
    // writes it as such right before the word.
    let prefix = text.get(..first_at).unwrap_or("").as_bytes();
    let start = match start.checked_sub(prefix.len()) {
        Some(s) if !prefix.is_empty() && hay.get(s..start) == Some(prefix) => s,
        _ => start,
    };
    let latest = window_end.min(start + text.len() * 4 + 1024);
    let end = hay
        .get(earliest.min(latest)..latest)
        .and_then(|a| {
            memmem::find_iter(a, last.as_bytes()).find(|&p| whole_word(a, p, last.len()))
        })
        .map_or(start + text.len(), |p| earliest.min(latest) + p + last.len());
    // Both ends must fall on character boundaries for the range to be usable as a str range.
    let mut end = end.max(start + first.len()).min(html.len());
    while end < html.len() && !html.is_char_boundary(end) {
        end += 1;
    }
    Some(start..end)
}

/// The first `n` runs of letters and digits in `text`.
fn alnum_words(text: &str, n: usize) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).take(n).collect()
}

/// Is `hay[pos..pos + len]` a whole word (no letter or digit right before or after)?
fn whole_word(hay: &[u8], pos: usize, len: usize) -> bool {
    let before = pos.checked_sub(1).and_then(|i| hay.get(i)).is_some_and(|&b| b.is_ascii_alphanumeric());
    let after = hay.get(pos + len).is_some_and(|&b| b.is_ascii_alphanumeric());
    !before && !after
}

/// Do `words` occur in order in `hay` from `pos` on, each within a short gap of the previous
/// one (room for a tag or an entity between them)?
fn followed_by(hay: &[u8], mut pos: usize, words: &[&str]) -> bool {
    const GAP: usize = 160;
    for w in words {
        let Some(area) = hay.get(pos..hay.len().min(pos + GAP + w.len())) else { return false };
        match memmem::find(area, w.as_bytes()) {
            Some(p) => pos += p + w.len(),
            None => return false,
        }
    }
    true
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
