//! Plain text and Markdown: keep the article, drop the site's menus, link lists and footers.
//!
//! Many inputs are web pages someone already turned into text or Markdown, so the site's
//! furniture is still there: a "Published on X (url)" header, a breadcrumb, a tag line, bylines,
//! "Related articles" lists, share appeals, image credits, a "Source URL" footer, the author's
//! bio. [`extract`] works in four steps:
//!
//! 1. **Split** into blocks, line by line: blank lines end paragraphs; in Markdown, headings
//!    (ATX and setext), list items and block quotes are blocks of their own, thematic breaks
//!    (`---`) separate blocks and are dropped. Each block keeps the byte range of its content in
//!    the input. We use a line-based splitter rather than pulldown-cmark on purpose: these
//!    exports are loose Markdown (the same file mixes plain-text habits such as `•` bullets and
//!    CommonMark), the plain-text path needs the same splitter anyway, and what we need from
//!    the parse is only block boundaries with source ranges plus a few inline constructs, which
//!    a small scanner ([`strip_inline`]) handles; a full CommonMark parser would also turn
//!    a page-broken sentence or a stray `<div>` into structures we would have to undo.
//! 2. **Drop boilerplate**: "Related / Read more / Most read" headings with the list after them,
//!    then block by block navigation, link lists, credits, copyright, tag lines, appeals.
//! 3. **Read the header**: the title (a Markdown `#` heading, else the first short line without
//!    final punctuation), the byline (`by X`, an all-caps name line), a date line. These become
//!    metadata and leave the body. A last paragraph that is the author's bio leaves the body too
//!    (see [`is_bio`] for the exact rule).
//! 4. **Re-join** paragraphs broken mid-sentence by a page break.
//!
//! The title is not part of the body: it goes to [`Metadata::title`] only, like the other
//! header items, so that the clean text is the article body as extraction benchmarks define it.

use std::ops::Range;

use model::Metadata;

use crate::{Block, BlockKind};

#[derive(Clone, Debug, Default)]
pub struct TextExtract {
    pub blocks: Vec<Block>,
    pub meta: Metadata,
}

/// Extracts the article body and metadata from plain text (`markdown == false`) or Markdown.
pub fn extract(text: &str, markdown: bool) -> TextExtract {
    let mut pieces = split(text, markdown);
    tighten_sources(&mut pieces, text);
    let mut meta = Metadata::default();
    let mut urls = Urls::default();
    // Related lists first: their headings ("Read more", "Latest") are also nav items, and the
    // list after them must go with them.
    drop_related_lists(&mut pieces);
    drop_boilerplate(&mut pieces, &mut meta, &mut urls);
    read_header(&mut pieces, &mut meta, markdown);
    drop_trailing_bio(&mut pieces, &mut meta);
    mark_headings(&mut pieces);
    meta.url = urls.article.or(urls.site);
    dedup_authors(&mut meta.authors);
    TextExtract {
        blocks: rejoin(pieces),
        meta,
    }
}

/// Narrows each piece's source range from the whole block (markup included: `## **What
/// Happened?**`) to where its visible text starts and ends, so that the start of a paragraph
/// maps exactly to the raw input. Left as is where the visible text cannot be found verbatim
/// (escaped characters, entities).
fn tighten_sources(pieces: &mut [Piece], input: &str) {
    for p in pieces {
        let Some(slice) = input.get(p.source.clone()) else {
            continue;
        };
        // The first twelve characters of the first word and the last twelve of the last word,
        // as slices of the text (no copies).
        let first_end = p
            .text
            .char_indices()
            .take_while(|(_, c)| !c.is_whitespace())
            .take(12)
            .last()
            .map_or(0, |(i, c)| i + c.len_utf8());
        let first = p.text.get(..first_end).unwrap_or("");
        let last_word = p.text.split_whitespace().next_back().unwrap_or("");
        let last_start = last_word
            .char_indices()
            .rev()
            .take(12)
            .last()
            .map_or(last_word.len(), |(i, _)| i);
        let last = last_word.get(last_start..).unwrap_or("");
        if first.is_empty() || last.is_empty() {
            continue;
        }
        // Usually the visible text starts and ends the block: skip the searches then.
        let i = if slice.starts_with(first) {
            Some(0)
        } else {
            slice.find(first)
        };
        let j = if slice.ends_with(last) {
            Some(slice.len() - last.len())
        } else {
            slice.rfind(last)
        };
        let (Some(i), Some(j)) = (i, j) else { continue };
        let (start, end) = (p.source.start + i, p.source.start + j + last.len());
        if start < end {
            p.source = start..end;
        }
    }
}

/// A block before the keep/drop decisions.
#[derive(Clone, Debug)]
struct Piece {
    kind: BlockKind,
    /// Heading level (1..=6); 0 for other kinds.
    level: u8,
    /// The content lines, markers (`#`, `>`, bullets) removed, markup kept.
    lines: Vec<String>,
    /// `lines` joined by spaces, markup kept: for URLs and whole-block emphasis.
    raw: String,
    /// Visible text: markup stripped, whitespace collapsed to single spaces.
    text: String,
    source: Range<usize>,
    n_links: usize,
    /// Visible characters inside links, plus the length of dropped autolinks.
    link_chars: usize,
    /// Visible characters plus the length of dropped autolinks.
    all_chars: usize,
    keep: bool,
}

impl Piece {
    fn italic(&self) -> bool {
        let raw = self.raw.trim();
        let first = raw.chars().next();
        let last = raw.chars().next_back();
        matches!(first, Some('*' | '_')) && matches!(last, Some('*' | '_')) && raw.len() > 2
    }

    fn link_heavy(&self) -> bool {
        self.n_links > 0 && self.link_chars * 10 >= self.all_chars * 6
    }
}

// ---------------------------------------------------------------------------------------------
// Step 1: splitting.

#[derive(Default)]
struct Builder {
    kind: Option<BlockKind>,
    level: u8,
    lines: Vec<String>,
    start: usize,
    end: usize,
}

/// Splits the input into blocks (see the module documentation).
fn split(text: &str, markdown: bool) -> Vec<Piece> {
    // A text file without any blank line usually has one paragraph per line.
    let line_per_block = !markdown && !text.lines().any(|l| l.trim().is_empty());
    let mut out = Vec::new();
    let mut cur = Builder::default();
    let mut in_fence = false;
    let mut offset = 0;
    for line_nl in text.split_inclusive('\n') {
        let line_start = offset;
        offset += line_nl.len();
        let line = line_nl.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim_start();
        let indent_bytes = line.len() - trimmed.len();
        let indent = line
            .get(..indent_bytes)
            .unwrap_or("")
            .chars()
            .map(|c| if c == '\t' { 4 } else { 1 })
            .sum::<usize>();
        let content_end = line_start + line.trim_end().len();
        if trimmed.is_empty() {
            flush(&mut cur, &mut out, markdown);
            continue;
        }
        if markdown && (trimmed.starts_with("```") || trimmed.starts_with("~~~")) {
            flush(&mut cur, &mut out, markdown);
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            add_line(
                &mut cur,
                BlockKind::Paragraph,
                trimmed,
                line_start + indent_bytes,
                content_end,
            );
            continue;
        }
        if let Some(ch) = rule_char(trimmed) {
            // `Title` followed by `===` or `---` is a setext heading; otherwise a thematic break.
            let setext = matches!(ch, '=' | '-')
                && cur.kind == Some(BlockKind::Paragraph)
                && !cur.lines.is_empty();
            if setext {
                cur.kind = Some(BlockKind::Heading);
                cur.level = if ch == '=' { 1 } else { 2 };
            }
            flush(&mut cur, &mut out, markdown);
            continue;
        }
        if markdown && indent <= 3 {
            if let Some((level, rest)) = atx_heading(trimmed) {
                flush(&mut cur, &mut out, markdown);
                let start = line_start + indent_bytes + offset_in(trimmed, rest);
                add_line(
                    &mut cur,
                    BlockKind::Heading,
                    rest,
                    start,
                    start + rest.len(),
                );
                cur.level = level;
                flush(&mut cur, &mut out, markdown);
                continue;
            }
            if trimmed.starts_with('>') {
                let rest = strip_quote_markers(trimmed);
                if cur.kind != Some(BlockKind::Quote) {
                    flush(&mut cur, &mut out, markdown);
                }
                if rest.is_empty() {
                    // An empty `>` line ends a paragraph inside the quote.
                    flush(&mut cur, &mut out, markdown);
                } else {
                    let start = line_start + indent_bytes + offset_in(trimmed, rest);
                    add_line(&mut cur, BlockKind::Quote, rest, start, content_end);
                }
                continue;
            }
        }
        if let Some(rest) = list_marker(trimmed, markdown) {
            flush(&mut cur, &mut out, markdown);
            let start = line_start + indent_bytes + offset_in(trimmed, rest);
            add_line(&mut cur, BlockKind::ListItem, rest, start, content_end);
            continue;
        }
        // A plain line continues the current block (also lazily a list item or a quote).
        let kind = cur.kind.unwrap_or(BlockKind::Paragraph);
        let kind = if kind == BlockKind::Heading {
            BlockKind::Paragraph
        } else {
            kind
        };
        add_line(
            &mut cur,
            kind,
            trimmed.trim_end(),
            line_start + indent_bytes,
            content_end,
        );
        if line_per_block {
            flush(&mut cur, &mut out, markdown);
        }
    }
    flush(&mut cur, &mut out, markdown);
    out
}

fn add_line(cur: &mut Builder, kind: BlockKind, content: &str, start: usize, end: usize) {
    if cur.kind.is_none() || cur.lines.is_empty() {
        cur.kind = Some(kind);
        cur.start = start;
        cur.level = 0;
    }
    cur.lines.push(content.to_string());
    cur.end = end.max(cur.start);
}

fn flush(cur: &mut Builder, out: &mut Vec<Piece>, markdown: bool) {
    let b = std::mem::take(cur);
    let Some(kind) = b.kind else { return };
    if b.lines.is_empty() {
        return;
    }
    let raw = b.lines.join(" ");
    // Reference-style link definitions (`[1]: https://...`) are not text.
    if markdown && is_link_definition(&raw) {
        return;
    }
    let inline = if markdown {
        strip_inline(&raw)
    } else {
        plain_inline(&raw)
    };
    out.push(Piece {
        kind,
        level: if kind == BlockKind::Heading {
            b.level.max(1)
        } else {
            0
        },
        lines: b.lines,
        raw,
        text: inline.text,
        source: b.start..b.end,
        n_links: inline.n_links,
        link_chars: inline.link_chars,
        all_chars: inline.all_chars,
        keep: true,
    });
}

/// The character of a thematic break (`---`, `***`, `___`, `* * *`, `===`), if the line is one.
fn rule_char(trimmed: &str) -> Option<char> {
    let t = trimmed.trim_end();
    let ch = t.chars().next()?;
    if !matches!(ch, '-' | '*' | '_' | '=' | '—' | '–' | '~') {
        return None;
    }
    let mut n = 0;
    for c in t.chars() {
        if c == ch {
            n += 1;
        } else if c != ' ' && c != '\t' {
            return None;
        }
    }
    // `=` and `-` underline a setext heading with any length; rules need three.
    (n >= 3 || (n >= 2 && ch == '=')).then_some(ch)
}

fn atx_heading(trimmed: &str) -> Option<(u8, &str)> {
    let n = trimmed.bytes().take_while(|&b| b == b'#').count();
    if n == 0 || n > 6 {
        return None;
    }
    let rest = trimmed.get(n..)?;
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    // A closing sequence of `#`s is not content.
    let body = rest.trim_end();
    let body = match body.trim_end_matches('#') {
        b if b.len() < body.len() && (b.is_empty() || b.ends_with([' ', '\t'])) => b,
        _ => body,
    };
    Some((n as u8, body.trim()))
}

/// The byte offset of `part` (a subslice) inside `whole`.
fn offset_in(whole: &str, part: &str) -> usize {
    (part.as_ptr() as usize)
        .saturating_sub(whole.as_ptr() as usize)
        .min(whole.len())
}

fn strip_quote_markers(mut s: &str) -> &str {
    while let Some(rest) = s.strip_prefix('>') {
        s = rest.trim_start();
    }
    s
}

/// The content after a list marker, if the line starts a list item.
fn list_marker(trimmed: &str, markdown: bool) -> Option<&str> {
    let mut chars = trimmed.char_indices();
    let (_, first) = chars.next()?;
    let after_marker = if matches!(first, '-' | '*' | '+')
        || (!markdown && matches!(first, '•' | '·' | '▪' | '►' | '◦' | '–' | '—'))
    {
        first.len_utf8()
    } else if first.is_ascii_digit() {
        let digits = trimmed.bytes().take_while(|b| b.is_ascii_digit()).count();
        if digits > 3 {
            return None;
        }
        match trimmed.as_bytes().get(digits) {
            Some(b'.' | b')') => digits + 1,
            _ => return None,
        }
    } else {
        return None;
    };
    let rest = trimmed.get(after_marker..)?;
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let rest = rest.trim();
    (!rest.is_empty()).then_some(rest)
}

fn is_link_definition(raw: &str) -> bool {
    let t = raw.trim();
    if !t.starts_with('[') {
        return false;
    }
    match t.find("]:") {
        Some(i) => {
            !t.get(1..i).unwrap_or("").contains(']')
                && !t.get(i + 2..).unwrap_or("").trim().contains(' ')
        }
        None => false,
    }
}

// ---------------------------------------------------------------------------------------------
// Inline markup.

#[derive(Default, Debug)]
struct Inline {
    text: String,
    n_links: usize,
    link_chars: usize,
    all_chars: usize,
}

/// Plain text: only whitespace is normalised.
fn plain_inline(raw: &str) -> Inline {
    let text = collapse_ws(raw);
    let all_chars = text.chars().count();
    Inline {
        text,
        all_chars,
        ..Inline::default()
    }
}

/// Strips Markdown inline markup so the text reads as plain prose: emphasis markers, code
/// backticks, links (`[text](url)` keeps the text), images (dropped), autolinks and raw HTML
/// tags (dropped), backslash escapes and common HTML entities (decoded). Counts link text so
/// that link lists can be recognised.
fn strip_inline(raw: &str) -> Inline {
    let mut out = Inline::default();
    let mut buf = String::with_capacity(raw.len());
    scan_inline(raw, &mut buf, &mut out, 0);
    out.text = tidy(&buf);
    out.all_chars += out.text.chars().count();
    out
}

fn scan_inline(s: &str, buf: &mut String, out: &mut Inline, depth: u8) {
    let mut i = 0;
    while let Some(c) = s.get(i..).and_then(|r| r.chars().next()) {
        let next = s.get(i + c.len_utf8()..).and_then(|r| r.chars().next());
        match c {
            '\\' => {
                if let Some(n) = next.filter(|n| n.is_ascii_punctuation()) {
                    buf.push(n);
                    i += 1 + n.len_utf8();
                    continue;
                }
            }
            '!' if next == Some('[') => {
                if let Some(link) = link_at(s, i + 1) {
                    // An image: its alt text is not prose.
                    buf.push(' ');
                    i = link.end;
                    continue;
                }
            }
            '[' => {
                if let Some(label) = s.get(i + 1..).filter(|r| r.starts_with('^')) {
                    // A footnote reference `[^1]`.
                    if let Some(close) = label.find(']').filter(|&j| j < 40) {
                        i += 1 + close + 1;
                        continue;
                    }
                }
                if let Some(link) = link_at(s, i) {
                    let label = s.get(link.label.clone()).unwrap_or("");
                    let before = buf.len();
                    if depth < 4 {
                        scan_inline(label, buf, out, depth + 1);
                    }
                    let visible = buf.get(before..).map_or(0, |t| t.trim().chars().count());
                    out.n_links += 1;
                    out.link_chars += visible;
                    i = link.end;
                    continue;
                }
            }
            '<' => {
                if let Some(end) = autolink_end(s, i) {
                    let url_len = s
                        .get(i..end)
                        .map_or(0, |u| u.chars().count().saturating_sub(2));
                    out.n_links += 1;
                    out.link_chars += url_len;
                    out.all_chars += url_len;
                    buf.push(' ');
                    i = end;
                    continue;
                }
                if let Some(end) = html_tag_end(s, i) {
                    buf.push(' ');
                    i = end;
                    continue;
                }
            }
            '*' | '_' | '~' | '`' => {
                let run = s
                    .get(i..)
                    .map_or(0, |r| r.chars().take_while(|&x| x == c).count());
                let prev = s
                    .get(..i)
                    .and_then(|r| r.chars().next_back())
                    .unwrap_or(' ');
                let after = s
                    .get(i + run..)
                    .and_then(|r| r.chars().next())
                    .unwrap_or(' ');
                let literal = match c {
                    '*' => prev.is_whitespace() && after.is_whitespace(),
                    '_' => {
                        (prev.is_alphanumeric() && after.is_alphanumeric())
                            || (prev.is_whitespace() && after.is_whitespace())
                    }
                    '~' => run != 2,
                    _ => false,
                };
                if !literal {
                    i += run;
                    continue;
                }
                for _ in 0..run {
                    buf.push(c);
                }
                i += run;
                continue;
            }
            '&' => {
                if let Some((decoded, len)) = entity_at(s, i) {
                    buf.push(decoded);
                    i += len;
                    continue;
                }
            }
            _ => {}
        }
        buf.push(c);
        i += c.len_utf8();
    }
}

struct Link {
    label: Range<usize>,
    end: usize,
}

/// A link starting at `open` (which holds `[`): `[label](destination)` or `[label][ref]`.
fn link_at(s: &str, open: usize) -> Option<Link> {
    let close = matching(s, open, b'[', b']', 1000)?;
    let after = close + 1;
    match s.as_bytes().get(after) {
        Some(b'(') => {
            let end = matching(s, after, b'(', b')', 2000)?;
            Some(Link {
                label: open + 1..close,
                end: end + 1,
            })
        }
        Some(b'[') => {
            let end = matching(s, after, b'[', b']', 200)?;
            Some(Link {
                label: open + 1..close,
                end: end + 1,
            })
        }
        _ => None,
    }
}

/// The index of the bracket closing the one at `open`, honouring nesting and backslash escapes.
fn matching(s: &str, open: usize, left: u8, right: u8, limit: usize) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut depth = 0usize;
    let mut j = open;
    while j < bytes.len() && j - open <= limit {
        match bytes.get(j) {
            Some(b'\\') => j += 1,
            Some(&b) if b == left => depth += 1,
            Some(&b) if b == right => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(j);
                }
            }
            _ => {}
        }
        j += 1;
    }
    None
}

/// `<https://...>` or `<name@host>`: the index after `>`.
fn autolink_end(s: &str, i: usize) -> Option<usize> {
    let rest = s.get(i + 1..)?;
    // Bounded searches keep a block full of `<` without `>` linear.
    let close = window(rest, 2000).find('>')?;
    let inner = rest.get(..close)?;
    if inner.is_empty() || inner.contains(char::is_whitespace) || inner.contains('<') {
        return None;
    }
    let scheme = inner.split_once(':').map(|(a, _)| a);
    let is_url = scheme.is_some_and(|a| {
        a.len() >= 2
            && a.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
    });
    let is_mail = inner.contains('@') && inner.contains('.');
    (is_url || is_mail).then_some(i + 1 + close + 1)
}

/// An HTML tag or comment at `i`: the index after it.
fn html_tag_end(s: &str, i: usize) -> Option<usize> {
    let rest = s.get(i..)?;
    if let Some(body) = rest.strip_prefix("<!--") {
        return window(body, 5000).find("-->").map(|j| i + 4 + j + 3);
    }
    let mut chars = rest.chars().skip(1);
    let first = chars.next()?;
    let first = if first == '/' { chars.next()? } else { first };
    if !first.is_ascii_alphabetic() {
        return None;
    }
    let close = window(rest, 500).find('>')?;
    // `a < b and c > d` is prose, not a tag: tag names have no spaces before their attributes.
    let name_end = rest
        .get(1..close)?
        .trim_start_matches('/')
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(close);
    let after_name = rest
        .get(1..close)?
        .trim_start_matches('/')
        .get(name_end..)
        .unwrap_or("");
    if !(after_name.is_empty() || after_name.starts_with([' ', '/', '\t'])) {
        return None;
    }
    Some(i + close + 1)
}

/// The first `max` bytes of `s` (less, to end on a char boundary).
fn window(s: &str, max: usize) -> &str {
    let mut end = max.min(s.len());
    while end > 0 && !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or("")
}

fn entity_at(s: &str, i: usize) -> Option<(char, usize)> {
    let rest = s.get(i..)?;
    let semi = window(rest, 12).find(';').filter(|&j| j >= 2)?;
    let name = rest.get(1..semi)?;
    let c = if let Some(num) = name.strip_prefix('#') {
        let v = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        char::from_u32(v)?
    } else {
        match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" => ' ',
            "mdash" => '—',
            "ndash" => '–',
            "hellip" => '…',
            "lsquo" => '‘',
            "rsquo" => '’',
            "ldquo" => '“',
            "rdquo" => '”',
            "laquo" => '«',
            "raquo" => '»',
            _ => return None,
        }
    };
    Some((c, semi + 1))
}

/// Words of `s` (split on Unicode whitespace) joined by single spaces. A byte scan that copies
/// whole runs of non-space text; non-ASCII characters are decoded only to test them for
/// whitespace. Same result as joining `split_whitespace`, without its per-word overhead.
fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let bytes = s.as_bytes();
    // Start of the current word, if inside one.
    let mut word: Option<usize> = None;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let (space, len) = if b < 0x80 {
            // `char::is_whitespace` on ASCII: tab, line feed, vertical tab, form feed, carriage
            // return and space.
            (matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' '), 1)
        } else {
            match s.get(i..).and_then(|r| r.chars().next()) {
                Some(c) => (c.is_whitespace(), c.len_utf8()),
                None => (false, 1),
            }
        };
        if space {
            if let Some(start) = word.take() {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(s.get(start..i).unwrap_or(""));
            }
        } else if word.is_none() {
            word = Some(i);
        }
        i += len;
    }
    if let Some(start) = word {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(s.get(start..).unwrap_or(""));
    }
    out
}

/// Collapses whitespace and removes what dropped markup leaves behind: empty brackets and
/// spaces before punctuation.
fn tidy(s: &str) -> String {
    let mut t = collapse_ws(s);
    for empty in ["( )", "()", "[ ]", "[]"] {
        while t.contains(empty) {
            t = t.replace(empty, "");
        }
    }
    let mut t = collapse_ws(&t);
    for (from, to) in [
        (" ,", ","),
        (" .", "."),
        (" ;", ";"),
        (" :", ":"),
        (" )", ")"),
        ("( ", "("),
        (" !", "!"),
        (" ?", "?"),
    ] {
        if t.contains(from) {
            t = t.replace(from, to);
        }
    }
    t
}

// ---------------------------------------------------------------------------------------------
// Step 2: boilerplate.

#[derive(Default)]
struct Urls {
    /// The article's own URL (a "Source URL:" footer).
    article: Option<String>,
    /// The site's URL (from a "Published on X (url)" header), used when no article URL is given.
    site: Option<String>,
}

/// Lower-cased text with surrounding punctuation and arrows trimmed, for matching fixed phrases.
fn key(text: &str) -> String {
    key_trim(text).to_lowercase()
}

/// `text` with the punctuation and arrows that [`key`] ignores trimmed, not yet lower-cased.
fn key_trim(text: &str) -> &str {
    text.trim_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '»' | '›'
                    | '→'
                    | '←'
                    | '«'
                    | '‹'
                    | '|'
                    | '>'
                    | '<'
                    | ':'
                    | '.'
                    | '…'
                    | '-'
                    | '–'
                    | '—'
                    | '•'
                    | '·'
                    | '+'
                    | '#'
                    | '/'
            )
    })
}

/// The longest entry of [`NAV`] in characters. Lower-casing never shortens a text (each
/// character maps to one or more), so a longer block cannot match and is not lower-cased.
const NAV_MAX_CHARS: usize = 40;

/// Short blocks that are navigation, widgets or page furniture when they stand alone.
const NAV: &[&str] = &[
    "home",
    "homepage",
    "menu",
    "main menu",
    "search",
    "subscribe",
    "subscribe now",
    "subscribe today",
    "log in",
    "login",
    "log out",
    "logout",
    "sign in",
    "sign up",
    "sign out",
    "register",
    "my account",
    "account",
    "contact",
    "contact us",
    "about",
    "about us",
    "newsletter",
    "newsletters",
    "share",
    "share this",
    "share this article",
    "share this story",
    "share this page",
    "tweet",
    "print",
    "print this page",
    "email",
    "e-mail",
    "facebook",
    "twitter",
    "x",
    "linkedin",
    "whatsapp",
    "telegram",
    "reddit",
    "copy link",
    "copy url",
    "skip to content",
    "skip to main content",
    "skip to navigation",
    "back to top",
    "top",
    "close",
    "next",
    "previous",
    "prev",
    "next article",
    "previous article",
    "next story",
    "previous story",
    "advertisement",
    "advertising",
    "ad",
    "sponsored",
    "sponsored content",
    "comments",
    "comment",
    "leave a comment",
    "leave a reply",
    "show comments",
    "view comments",
    "load more",
    "continue reading",
    "read more",
    "read full article",
    "view all",
    "see all",
    "see more",
    "show more",
    "more",
    "donate",
    "donate now",
    "support us",
    "privacy",
    "privacy policy",
    "cookie policy",
    "cookies",
    "terms",
    "terms of use",
    "terms of service",
    "terms and conditions",
    "cookie settings",
    "accept",
    "accept cookies",
    "all rights reserved",
    "listen",
    "listen to this article",
    "save",
    "save article",
    "bookmark",
    "follow",
    "follow us",
    "gift this article",
    "story continues below advertisement",
    "article continues below advertisement",
    "scroll to continue",
    "scroll to continue with content",
    "toggle navigation",
    "open menu",
    "close menu",
    "sections",
    "navigation",
    "latest",
    "trending",
    "more stories",
    "related",
    "watch",
    "video",
    "podcast",
    "podcasts",
    "rss",
];

/// Phrases that make a short block a share / subscribe / donate appeal or a republication
/// notice, with the longest block (in characters) they condemn.
const APPEALS: &[(&str, usize)] = &[
    ("subscribe to our", 300),
    ("subscribe now", 200),
    ("subscribe for", 200),
    ("sign up for our", 300),
    ("sign up to our", 300),
    ("sign up for the", 200),
    ("newsletter", 150),
    ("share this article", 200),
    ("share this story", 200),
    ("share on facebook", 200),
    ("share on twitter", 200),
    ("follow us on", 200),
    ("support our journalism", 400),
    ("support independent journalism", 400),
    ("support our work", 300),
    ("donate now", 300),
    ("make a donation", 300),
    ("become a member", 300),
    ("become a subscriber", 300),
    ("become a patron", 300),
    ("click here", 200),
    ("download our app", 200),
    ("get the latest", 150),
    ("this article was originally published", 300),
    ("this article originally appeared", 300),
    ("this article first appeared", 300),
    ("originally published in", 200),
    ("originally published at", 200),
    ("originally published on", 200),
    ("republished with permission", 300),
    ("republished from", 200),
    ("reprinted with permission", 300),
    ("the views expressed", 300),
    ("views expressed in this", 300),
    ("do not necessarily reflect", 300),
    ("all rights reserved", 300),
    ("cookies to", 250),
    ("javascript", 150),
];

/// Labels of credit and caption lines.
const CREDITS: &[&str] = &[
    "image:",
    "images:",
    "photo:",
    "photos:",
    "photograph:",
    "picture:",
    "pictured:",
    "photo credit:",
    "image credit:",
    "image source:",
    "photo source:",
    "credit:",
    "credits:",
    "illustration:",
    "cover photo:",
    "featured image:",
    "header image:",
    "top image:",
    "main image:",
    "caption:",
    "video:",
    "graphic:",
    "map:",
    "source of image:",
];

/// Labels of tag and topic lines.
const TAG_LABELS: &[&str] = &[
    "tags:",
    "tag:",
    "topics:",
    "topic:",
    "categories:",
    "category:",
    "filed under:",
    "keywords:",
    "related topics:",
    "subjects:",
    "region:",
    "regions:",
    "section:",
    "sections:",
];

fn starts_with_ci(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
}

/// The first `http(s)://` URL in `raw`, without surrounding brackets.
fn first_url(raw: &str) -> Option<String> {
    let i = raw.find("https://").or_else(|| raw.find("http://"))?;
    let rest = raw.get(i..)?;
    let end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, '>' | ')' | '"' | '\'' | ']' | '*'))
        .unwrap_or(rest.len());
    let url = rest.get(..end)?.trim_end_matches(['.', ',', ';']);
    (url.len() > 10).then(|| url.to_string())
}

fn drop_boilerplate(pieces: &mut [Piece], meta: &mut Metadata, urls: &mut Urls) {
    for p in pieces.iter_mut() {
        if !boilerplate(p, meta, urls) {
            continue;
        }
        p.keep = false;
    }
}

/// Whether a block is site furniture; records what metadata it carries.
fn boilerplate(p: &Piece, meta: &mut Metadata, urls: &mut Urls) -> bool {
    let text = p.text.as_str();
    let n = text.chars().count();
    if n == 0 || !text.chars().any(char::is_alphanumeric) {
        return true;
    }
    // Every test below that reads the lower-cased text is limited to blocks of at most 600
    // characters: long paragraphs (most of the bytes) are not lower-cased at all.
    let lower = if n <= 600 {
        text.to_lowercase()
    } else {
        String::new()
    };
    // "Published on *Outlet* (<https://outlet.example>)".
    // Without a URL the line must be short and unpunctuated, so that a sentence such as
    // "Published on Monday, the report ..." stays.
    if starts_with_ci(text, "published on ")
        && n <= 200
        && (first_url(&p.raw).is_some() || (n <= 80 && !ends_terminal(text)))
    {
        let name = text.get("published on ".len()..).unwrap_or("");
        let name = name.split('(').next().unwrap_or("").trim();
        if !name.is_empty() && date_of(name).is_none() {
            meta.outlet.get_or_insert_with(|| name.to_string());
        } else if meta.published.is_none() {
            meta.published = date_of(name);
        }
        if let Some(url) = first_url(&p.raw) {
            urls.site.get_or_insert(url);
        }
        return true;
    }
    for label in [
        "source url:",
        "source:",
        "original url:",
        "original article:",
        "article url:",
        "permalink:",
    ] {
        if starts_with_ci(text, label) && n <= 300 {
            if let Some(url) = first_url(&p.raw) {
                urls.article.get_or_insert(url);
                return true;
            }
            // "Source: Reuters" at the foot of a text is a credit, not prose.
            if label == "source:" && n <= 80 {
                return true;
            }
        }
    }
    let courtesy = ["courtesy:", "courtesy of "]
        .into_iter()
        .find(|l| starts_with_ci(text, l));
    if let Some(label) = courtesy.filter(|_| n <= 150) {
        let rest = text.get(label.len()..).unwrap_or("");
        let name = rest
            .trim_matches(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '.' | '[' | ']'));
        if !name.is_empty() {
            meta.outlet.get_or_insert_with(|| name.to_string());
        }
        return true;
    }
    if n <= 250 && CREDITS.iter().any(|l| starts_with_ci(text, l)) {
        return true;
    }
    // Captions and credits in parentheses: "(Photo: Reuters)", "(AFP via Getty Images)".
    if n <= 200
        && text.starts_with('(')
        && text.ends_with(')')
        && ["photo", "image", "getty", "afp", "reuters", "credit"]
            .iter()
            .any(|w| lower.contains(w))
    {
        return true;
    }
    if (text.starts_with('©') || starts_with_ci(text, "copyright") || starts_with_ci(text, "(c) "))
        && n <= 300
    {
        return true;
    }
    if let Some(prefix) = tag_line(text, &lower, n) {
        if meta.published.is_none() && !prefix.is_empty() {
            meta.published = date_of(prefix);
        }
        return true;
    }
    let nav_key = key_trim(text);
    if nav_key.chars().count() <= NAV_MAX_CHARS && NAV.contains(&nav_key.to_lowercase().as_str()) {
        return true;
    }
    if n <= 25
        && (lower.ends_with("min read")
            || lower.ends_with("minute read")
            || lower.ends_with("comments")
            || lower.ends_with("shares"))
    {
        return true;
    }
    if APPEALS
        .iter()
        .any(|(phrase, max)| n <= *max && lower.contains(phrase))
    {
        return true;
    }
    if is_breadcrumb(text) || is_pipe_menu(text) {
        return true;
    }
    if is_bare_url(text) {
        return true;
    }
    if p.link_heavy() && (p.kind == BlockKind::ListItem || p.n_links >= 2 || n <= 80) {
        return true;
    }
    is_line_menu(p)
}

/// A tag or topic line: returns the text before the first label (often the date). `lower` is
/// `text.to_lowercase()` and `n` its length in characters.
fn tag_line<'a>(text: &'a str, lower: &str, n: usize) -> Option<&'a str> {
    if n > 600 {
        return None;
    }
    if TAG_LABELS.iter().any(|l| starts_with_ci(text, l)) {
        return Some("");
    }
    // "January 23, 2022 Topic: ... Region: ... Tags: ...": two labels anywhere, each after a
    // space. Every label ends with its only colon, so the labels are looked for where the text
    // has a colon: the first occurrence of each label is met at the first colon that ends it.
    let bytes = lower.as_bytes();
    let mut found = [false; TAG_LABELS.len()];
    let mut n_found = 0;
    let mut first = usize::MAX;
    for (colon, _) in lower.match_indices(':') {
        for (l, seen) in TAG_LABELS.iter().zip(found.iter_mut()) {
            if *seen {
                continue;
            }
            let Some(start) = (colon + 1).checked_sub(l.len()) else {
                continue;
            };
            if start >= 1
                && bytes.get(start - 1) == Some(&b' ')
                && bytes.get(start..=colon) == Some(l.as_bytes())
            {
                *seen = true;
                n_found += 1;
                first = first.min(start);
            }
        }
    }
    if n_found >= 2 {
        return Some(text.get(..first).unwrap_or("").trim());
    }
    None
}

/// "Home > World > Title", "News » Europe": short first crumb, no sentence punctuation.
fn is_breadcrumb(text: &str) -> bool {
    if text.chars().count() > 250 || text.ends_with('.') {
        return false;
    }
    for sep in [" > ", " » ", " › ", " / ", " → "] {
        let parts: Vec<&str> = text.split(sep).map(str::trim).collect();
        let min_parts = if sep == " / " { 3 } else { 2 };
        if parts.len() < min_parts {
            continue;
        }
        let first = parts.first().copied().unwrap_or("");
        let first_ok = !first.is_empty()
            && first.chars().count() <= 25
            && first.split_whitespace().count() <= 3
            && first.chars().next().is_some_and(|c| c.is_uppercase());
        let parts_ok = parts
            .iter()
            .all(|p| !p.is_empty() && !p.ends_with(['.', ',', ';']));
        if first_ok && parts_ok {
            return true;
        }
    }
    false
}

/// "News | World | Business | Contact": several short items separated by bars or dots.
fn is_pipe_menu(text: &str) -> bool {
    for sep in [" | ", " · ", " • ", " ⋅ "] {
        // Counted as we go, stopping at the first part too long for a menu item.
        let mut n_parts = 0;
        let all_short = text.split(sep).map(str::trim).all(|p| {
            n_parts += 1;
            p.chars().count() <= 30 && !p.ends_with('.')
        });
        if all_short && n_parts >= 3 {
            return true;
        }
    }
    false
}

fn is_bare_url(text: &str) -> bool {
    let t = text.trim_matches(|c: char| matches!(c, '<' | '>' | '(' | ')'));
    (t.starts_with("http://") || t.starts_with("https://") || t.starts_with("www."))
        && !t.contains(' ')
}

/// A block of three or more short lines without sentence punctuation: a menu in plain text.
fn is_line_menu(p: &Piece) -> bool {
    if p.lines.len() < 3 || p.kind == BlockKind::Quote {
        return false;
    }
    p.lines.iter().all(|l| {
        let visible = strip_inline(l).text;
        visible.chars().count() <= 40 && !ends_terminal(&visible)
    })
}

/// Headings that introduce lists of links to other articles.
const RELATED: &[&str] = &[
    "related",
    "related articles",
    "related article",
    "related stories",
    "related posts",
    "related content",
    "related news",
    "related coverage",
    "related reading",
    "related links",
    "read also",
    "also read",
    "read more",
    "more to read",
    "read next",
    "see also",
    "more stories",
    "more news",
    "more articles",
    "popular",
    "most popular",
    "popular now",
    "popular articles",
    "popular stories",
    "most read",
    "most viewed",
    "most shared",
    "top reads",
    "top stories",
    "trending",
    "trending now",
    "trending stories",
    "recommended",
    "recommended for you",
    "recommended reading",
    "you may also like",
    "you might also like",
    "you may be interested in",
    "don't miss",
    "don’t miss",
    "latest",
    "latest news",
    "latest stories",
    "latest articles",
    "editor's picks",
    "editor’s picks",
    "editors' picks",
    "what to read next",
    "further reading",
    "more like this",
    "in other news",
    "elsewhere",
    "around the web",
    "from the archive",
    "more on this story",
    "more on this topic",
];

fn related_heading(p: &Piece) -> bool {
    let n = p.text.chars().count();
    if n > 60
        || (p.kind != BlockKind::Heading && (ends_terminal(&p.text) && !p.text.ends_with(':')))
    {
        return false;
    }
    if !matches!(p.kind, BlockKind::Heading | BlockKind::Paragraph) {
        return false;
    }
    let k = key(&p.text);
    RELATED.contains(&k.as_str())
        || [
            "more from ",
            "more on ",
            "more in ",
            "more about ",
            "related: ",
        ]
        .iter()
        .any(|pre| k.starts_with(pre))
}

/// "Read also: Title" on one line.
fn related_inline(p: &Piece) -> bool {
    let n = p.text.chars().count();
    n <= 200
        && [
            "read also:",
            "also read:",
            "read more:",
            "see also:",
            "related:",
            "read next:",
            "more:",
            "watch:",
            "listen:",
            "recommended:",
        ]
        .iter()
        .any(|l| starts_with_ci(&p.text, l))
}

/// Drops "Related / Read more / Most read" headings and the link list that follows them: list
/// items, link-heavy blocks and short lines without sentence punctuation (article titles).
fn drop_related_lists(pieces: &mut [Piece]) {
    let mut i = 0;
    while i < pieces.len() {
        let Some(p) = pieces.get_mut(i) else { break };
        if !p.keep {
            i += 1;
            continue;
        }
        // The heading test comes first: "Read also:" alone is a heading whose list follows,
        // while "Read also: Title" is a teaser on one line.
        if !related_heading(p) {
            if related_inline(p) {
                p.keep = false;
            }
            i += 1;
            continue;
        }
        p.keep = false;
        i += 1;
        let mut dropped = 0;
        while let Some(q) = pieces.get_mut(i) {
            if !q.keep {
                i += 1;
                continue;
            }
            let n = q.text.chars().count();
            // A teaser title is short, one sentence at most, without final punctuation.
            let title = q.kind == BlockKind::Paragraph
                && n <= 150
                && !ends_terminal(&q.text)
                && !q.text.contains(". ");
            let teaser = q.kind == BlockKind::ListItem || q.link_heavy() || title;
            if !teaser || dropped >= 40 {
                break;
            }
            q.keep = false;
            dropped += 1;
            i += 1;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Step 3: header and bio.

/// A block ends a sentence: `.`, `!`, `?`, `…` or `:` before any closing quotes or brackets.
fn ends_terminal(text: &str) -> bool {
    let t = text
        .trim_end()
        .trim_end_matches(['"', '\'', '”', '’', '»', ')', ']', '*', '_']);
    t.ends_with(['.', '!', '?', '…', ':'])
}

/// A date in a short line. `date::normalize` skips words around named-month dates but wants
/// numeric dates at the start, so a label such as "Updated:" is also tried without; a line of
/// fields ("Jan 14, 2031 | 7 min read") is tried field by field.
fn date_of(text: &str) -> Option<String> {
    let one = |t: &str| {
        crate::date::normalize(t).or_else(|| {
            let from_digit = t.find(|c: char| c.is_ascii_digit())?;
            crate::date::normalize(t.get(from_digit..)?)
        })
    };
    one(text).or_else(|| {
        text.split(['|', '•', '·'])
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .find_map(one)
    })
}

/// Where the header ends: the first kept paragraph long enough to be body prose.
fn header_end(pieces: &[Piece]) -> usize {
    pieces
        .iter()
        .position(|p| p.keep && p.kind == BlockKind::Paragraph && p.text.chars().count() >= 200)
        .unwrap_or(pieces.len())
        .min(20)
}

fn title_like(p: &Piece) -> bool {
    let t = p.text.trim();
    let n = t.chars().count();
    let words = t.split_whitespace().count();
    let first_ok = t.chars().next().is_some_and(|c| {
        c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '‘' | '\'' | '«')
    });
    // A title does not end on "the" or "to": such a line is a sentence cut by a page break.
    let last_word = t.split_whitespace().last().unwrap_or("").to_lowercase();
    (3..=200).contains(&n)
        && words <= 25
        && first_ok
        && !t.ends_with(['.', ',', ';', ':'])
        && !OPEN_WORDS.contains(&last_word.as_str())
        && p.lines.len() <= 2
        && !is_date_line(t)
}

fn is_date_line(text: &str) -> bool {
    text.chars().count() <= 80
        && text.split_whitespace().count() <= 10
        && !text.trim_end().ends_with('.')
        && date_of(text).is_some()
}

fn norm(text: &str) -> String {
    collapse_ws(&text.to_lowercase())
}

fn read_header(pieces: &mut [Piece], meta: &mut Metadata, markdown: bool) {
    let end = header_end(pieces);
    // The title: in Markdown the first level-1 heading near the top, else the first kept block
    // if it reads like a title.
    let mut title_idx = None;
    if markdown {
        title_idx = pieces
            .iter()
            .take(end.max(1))
            .position(|p| p.keep && p.kind == BlockKind::Heading && p.level == 1);
    }
    if title_idx.is_none() {
        let first = pieces
            .iter()
            .position(|p| p.keep)
            .filter(|&i| i < end.max(1));
        let next_lower = |i: usize| {
            pieces
                .iter()
                .skip(i + 1)
                .find(|p| p.keep)
                .is_some_and(|p| p.text.chars().next().is_some_and(char::is_lowercase))
        };
        title_idx = first.filter(|&i| pieces.get(i).is_some_and(title_like) && !next_lower(i));
    }
    if let Some(i) = title_idx {
        if let Some(p) = pieces.get_mut(i) {
            p.keep = false;
            meta.title = Some(p.text.clone());
        }
        // A title repeated at the top (page title, then article title) is kept once.
        let t = meta.title.as_deref().map(norm).unwrap_or_default();
        for p in pieces.iter_mut().take(end.max(i + 3)).skip(i + 1) {
            if p.keep && norm(&p.text) == t {
                p.keep = false;
            }
        }
    }
    let after_title = title_idx.map_or(0, |i| i + 1);
    for idx in 0..pieces.len().min(end.max(after_title + 4)) {
        let Some(p) = pieces.get_mut(idx) else { break };
        if !p.keep && idx < end && meta.published.is_none() && is_date_line(&p.text) {
            // A date line already dropped as boilerplate ("Jan 14, 2031 | 7 min read") still dates the page.
            meta.published = date_of(&p.text);
        }
        if !p.keep || p.kind == BlockKind::Quote {
            continue;
        }
        if let Some((names, date)) = byline(&p.text) {
            meta.authors.extend(names);
            if meta.published.is_none() {
                meta.published = date;
            }
            p.keep = false;
            continue;
        }
        if idx >= after_title {
            if let Some(name) = caps_name(&p.text) {
                meta.authors.push(name);
                p.keep = false;
                continue;
            }
        }
        if idx < end && is_date_line(&p.text) {
            if meta.published.is_none() {
                meta.published = date_of(&p.text);
            }
            p.keep = false;
        }
    }
}

/// Words that may start a lower-case part of a name ("Ursula von der Leyen").
const PARTICLES: &[&str] = &[
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "al", "el",
    "bin", "ibn", "ter", "y",
];

/// Words that make an all-caps line a section label rather than a name.
const NOT_NAMES: &[&str] = &[
    "news",
    "world",
    "politics",
    "analysis",
    "opinion",
    "commentary",
    "europe",
    "asia",
    "business",
    "breaking",
    "live",
    "updates",
    "update",
    "exclusive",
    "video",
    "report",
    "feature",
    "features",
    "editorial",
    "interview",
    "review",
    "the",
    "and",
    "of",
    "in",
    "on",
    "for",
    "central",
    "eastern",
    "western",
    "middle",
    "east",
    "security",
    "economy",
    "crisis",
];

/// A person's name: two to five words, each capitalised (or an initial, or a particle).
fn name_like(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    if !(2..=5).contains(&words.len()) || s.chars().count() > 60 {
        return false;
    }
    let capitalised = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    words.iter().all(|w| {
        let first_upper = w.chars().next().is_some_and(char::is_uppercase);
        let letters = w
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'));
        letters && (first_upper || PARTICLES.contains(w))
    }) && capitalised >= 2
}

/// "Luca Anceschi" from "LUCA ANCESCHI"; "Jean-Pierre O'Neil" from "JEAN-PIERRE O'NEIL".
fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphabetic();
    }
    out
}

fn clean_name(s: &str) -> Option<String> {
    let s = s.trim().trim_matches(|c: char| {
        matches!(c, ',' | '.' | ';' | ':' | '*' | '_') || c.is_whitespace()
    });
    let s = s.trim_end_matches(|c: char| c == '.' || c.is_whitespace());
    if !name_like(s) {
        return None;
    }
    let has_lower = s.chars().any(char::is_lowercase);
    Some(if has_lower {
        s.to_string()
    } else {
        title_case(s)
    })
}

/// "By Mara Lind and Tomas Brek | 5 March 2023": names and an optional date.
fn byline(text: &str) -> Option<(Vec<String>, Option<String>)> {
    if text.chars().count() > 150 {
        return None;
    }
    let rest = [
        "by ",
        "written by ",
        "words by ",
        "author: ",
        "authors: ",
        "reporting by ",
    ]
    .iter()
    .find(|pre| starts_with_ci(text, pre))
    .and_then(|pre| text.get(pre.len()..))?;
    let mut parts = rest.split(['|', '•', '·', '—']).map(str::trim);
    let names_part = parts.next().unwrap_or("");
    let mut date = None;
    for part in parts {
        if date.is_none() {
            date = date_of(part);
        }
    }
    let mut names = Vec::new();
    let names_part = names_part
        .replace(" and ", ",")
        .replace(" & ", ",")
        .replace(" und ", ",")
        .replace(" et ", ",");
    for candidate in names_part.split([',', ';']) {
        // "Mara Lind, Reuters": the agency is one word and fails `name_like`.
        if let Some(name) = clean_name(candidate) {
            names.push(name);
        } else if date.is_none() {
            date = date_of(candidate).filter(|_| candidate.chars().any(|c| c.is_ascii_digit()));
        }
    }
    (!names.is_empty()).then_some((names, date))
}

/// An author's name on its own line in capitals ("LUCA ANCESCHI").
fn caps_name(text: &str) -> Option<String> {
    let t = text.trim();
    if !t.chars().any(char::is_alphabetic) || t.chars().any(char::is_lowercase) {
        return None;
    }
    if t.split_whitespace()
        .any(|w| NOT_NAMES.contains(&w.to_lowercase().trim_matches(|c: char| !c.is_alphabetic())))
    {
        return None;
    }
    clean_name(t)
}

/// Drops the author's bio when it is the last paragraph of the body (see [`is_bio`]).
fn drop_trailing_bio(pieces: &mut [Piece], meta: &mut Metadata) {
    for _ in 0..2 {
        let Some(last) = pieces.iter().rposition(|p| p.keep) else {
            return;
        };
        let body_before = pieces
            .iter()
            .take(last)
            .filter(|p| p.keep)
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let Some(p) = pieces.get_mut(last) else {
            return;
        };
        let Some(name) = is_bio(p, &meta.authors, &body_before) else {
            return;
        };
        p.keep = false;
        if meta.authors.is_empty() {
            meta.authors.push(name);
        }
    }
}

const HONORIFICS: &[&str] = &[
    "Dr.",
    "Dr",
    "Prof.",
    "Prof",
    "Professor",
    "Mr.",
    "Ms.",
    "Mrs.",
    "Sir",
    "Dame",
    "Ambassador",
    "Gen.",
    "General",
    "Col.",
];
const BIO_VERBS: &[&str] = &[
    " is ",
    " was ",
    " are ",
    " serves as ",
    " has been ",
    " teaches ",
    " heads ",
    " leads ",
    " works ",
    " writes ",
];

/// Whether a paragraph is an author bio; returns the person's name.
///
/// The rule: a paragraph (possibly in italics) of at most 500 characters that starts with a
/// name (optionally after an honorific such as "Dr."), followed by "is", "was", "serves as", ...,
/// with "at", "of", "for" or "with" among the next twelve words ("X is professor of ... at ...",
/// "X is Director of ..."). And the name is known: it matches an author from the byline (full
/// name or surname); or no author is known and the paragraph is italic or the name appears
/// nowhere earlier in the body (a person described at the end of the body, such as a minister
/// quoted throughout, is named earlier and so kept).
fn is_bio(p: &Piece, authors: &[String], body_before: &str) -> Option<String> {
    if p.kind != BlockKind::Paragraph {
        return None;
    }
    let text = p.text.trim();
    if text.chars().count() > 500 {
        return None;
    }
    let (verb_at, verb) = BIO_VERBS
        .iter()
        .filter_map(|v| text.find(v).map(|i| (i, *v)))
        .min_by_key(|(i, _)| *i)?;
    let subject = text.get(..verb_at)?;
    let mut subject = subject.trim();
    for h in HONORIFICS {
        if let Some(rest) = subject.strip_prefix(h).filter(|r| r.starts_with(' ')) {
            subject = rest.trim();
            break;
        }
    }
    // "Mara Lind and Tomas Brek are ...": the first name stands for the bio.
    let first_name = subject.split(" and ").next().unwrap_or(subject).trim();
    if !name_like(first_name) || subject.split_whitespace().count() > 11 {
        return None;
    }
    let after = text.get(verb_at + verb.len()..)?;
    let next_words: Vec<&str> = after.split_whitespace().take(12).collect();
    if !next_words
        .iter()
        .any(|w| matches!(*w, "at" | "of" | "for" | "with"))
    {
        return None;
    }
    let name_n = norm(first_name);
    let known = if authors.is_empty() {
        p.italic() || !body_before.to_lowercase().contains(&name_n)
    } else {
        authors.iter().any(|a| {
            let a = norm(a);
            let surname = a.split_whitespace().last().unwrap_or("");
            a == name_n
                || (!surname.is_empty() && name_n.split_whitespace().last() == Some(surname))
        })
    };
    known.then(|| first_name.to_string())
}

fn dedup_authors(authors: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    authors.retain(|a| seen.insert(a.to_lowercase()));
}

/// Plain text has no heading markup: a short title-like line (no final punctuation, at most
/// twelve words) followed by a paragraph that starts a sentence is a subheading. Marking it keeps
/// it out of the re-joining and from being read as part of the next sentence.
fn mark_headings(pieces: &mut [Piece]) {
    let kept: Vec<usize> = pieces
        .iter()
        .enumerate()
        .filter(|(_, p)| p.keep)
        .map(|(i, _)| i)
        .collect();
    for w in kept.windows(2) {
        let (Some(&i), Some(&j)) = (w.first(), w.get(1)) else {
            continue;
        };
        let next_starts = pieces.get(j).is_some_and(|q| {
            q.kind == BlockKind::Paragraph
                && q.text
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || !c.is_alphabetic())
        });
        if let Some(p) = pieces.get_mut(i) {
            let short = p.text.chars().count() <= 80
                && p.text.split_whitespace().count() <= 12
                && p.lines.len() == 1;
            if p.kind == BlockKind::Paragraph
                && short
                && next_starts
                && title_like(p)
                && !p.text.ends_with('?')
            {
                p.kind = BlockKind::Heading;
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Step 4: re-joining page-broken paragraphs.

/// Words that cannot end a sentence: a paragraph ending in one was cut by a page break.
const OPEN_WORDS: &[&str] = &[
    "the", "a", "an", "of", "to", "in", "on", "for", "and", "or", "but", "with", "by", "from",
    "at", "as", "that", "which", "who", "is", "are", "was", "were", "be", "has", "have", "had",
    "its", "their", "his", "her", "this", "these", "those", "than", "into",
];

/// Joins a paragraph to the previous one when the page broke it mid-sentence: the previous block
/// ends without sentence punctuation and the next starts with a lower-case letter, or the
/// previous (long) block ends on a word that cannot end a sentence.
fn rejoin(pieces: Vec<Piece>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    for p in pieces.into_iter().filter(|p| p.keep) {
        if p.text.is_empty() {
            continue;
        }
        if p.kind == BlockKind::Paragraph {
            if let Some(prev) = out.last_mut().filter(|b| b.kind == BlockKind::Paragraph) {
                if broken(&prev.text, &p.text) {
                    prev.text.push(' ');
                    prev.text.push_str(&p.text);
                    if let Some(src) = prev.source.as_mut() {
                        src.end = p.source.end.max(src.end);
                    }
                    continue;
                }
            }
        }
        out.push(Block::new(p.text, p.kind, Some(p.source)));
    }
    out
}

fn broken(prev: &str, next: &str) -> bool {
    if ends_terminal(prev)
        || prev.ends_with([',', ';']) && next.chars().next().is_some_and(char::is_uppercase)
    {
        return false;
    }
    let next_first = next.chars().next();
    if next_first.is_some_and(char::is_lowercase) {
        return true;
    }
    let last_word = prev.split_whitespace().last().unwrap_or("").to_lowercase();
    prev.chars().count() >= 100
        && next_first.is_some_and(char::is_alphanumeric)
        && OPEN_WORDS.contains(&last_word.as_str())
}

#[cfg(test)]
mod tests {
    #[test]
    fn nav_max_chars_bounds_every_nav_entry() {
        for nav in super::NAV {
            assert!(nav.chars().count() <= super::NAV_MAX_CHARS, "{nav}");
        }
    }

    use super::*;

    fn inline(raw: &str, expected: &str) {
        assert_eq!(strip_inline(raw).text, expected, "input: {raw}");
    }

    #[test]
    fn inline_markup() {
        inline("by **Mara Lind**", "by Mara Lind");
        inline(
            "Published on *The Amsel Review* (<https://amsel.example>)",
            "Published on The Amsel Review",
        );
        inline(
            "See [the report](https://x.example/a_(b)) now.",
            "See the report now.",
        );
        inline(
            "![Riot police](img.jpg) Police in *Port Amsel*.",
            "Police in Port Amsel.",
        );
        inline(
            "GDP fell to \\$9,000 &amp; rose",
            "GDP fell to $9,000 & rose",
        );
        inline(
            "snake_case_name and 3 * 4 stay",
            "snake_case_name and 3 * 4 stay",
        );
        inline("a <span class=\"x\">word</span><br/> here", "a word here");
        inline("if a < b and c > d", "if a < b and c > d");
        inline("note[^1] and `code`", "note and code");
        inline("__bold__ and _it_", "bold and it");
    }

    #[test]
    fn names() {
        assert_eq!(
            caps_name("LUCA ANCESCHI"),
            Some("Luca Anceschi".to_string())
        );
        assert_eq!(
            caps_name("JEAN-PIERRE O'NEIL"),
            Some("Jean-Pierre O'Neil".to_string())
        );
        assert_eq!(caps_name("WORLD NEWS"), None);
        assert_eq!(caps_name("VELORIA"), None);
        let (names, date) =
            byline("By Mara Lind and Tomas Brek | 5 March 2023").unwrap_or_default();
        assert_eq!(names, ["Mara Lind", "Tomas Brek"]);
        assert_eq!(date.as_deref(), Some("2023-03-05"));
        assert_eq!(
            byline("By the numbers, the protests grew").map(|b| b.0),
            None
        );
        let (names, _) = byline("by Svante E. Cornell, Reuters").unwrap_or_default();
        assert_eq!(names, ["Svante E. Cornell"]);
    }

    #[test]
    fn rules_and_markers() {
        assert_eq!(rule_char("---"), Some('-'));
        assert_eq!(rule_char("* * *"), Some('*'));
        assert_eq!(rule_char("-- x"), None);
        assert_eq!(list_marker("- item", true), Some("item"));
        assert_eq!(list_marker("12. item", true), Some("item"));
        assert_eq!(list_marker("2022. was", true), None);
        assert_eq!(list_marker("**bold**", true), None);
        assert_eq!(list_marker("• item", false), Some("item"));
        assert_eq!(atx_heading("## Title ##"), Some((2, "Title")));
        assert_eq!(atx_heading("#"), Some((1, "")));
        assert_eq!(atx_heading("#hashtag"), None);
    }
}
