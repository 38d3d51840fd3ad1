//! One pass over the parsed DOM that flattens it into text blocks.
//!
//! Every block-level element (`p`, `div`, `li`, `h2`, `td`, ...) starts and ends a block; inline
//! elements (`a`, `span`, `em`) only add text. Each block remembers the element that owns it,
//! how much of its text sits inside links, and which "remover" (an element that looks like
//! boilerplate: `nav`, `aside`, a `div class="related-articles"`) encloses it. Removals are soft:
//! [`super::body`] cancels one when it would throw away most of the page's prose, since class
//! names such as `comments-open` on a page wrapper would otherwise drop the whole article.
//! Elements that never hold article text (`script`, `style`, `head`, form controls) are skipped
//! outright.

use ego_tree::iter::Edge;
use scraper::{Html, Node};

use crate::BlockKind;

/// An element of the page, as the extractor needs it.
#[derive(Debug)]
pub(crate) struct Element {
    pub tag: String,
    /// Index of the parent element (`usize::MAX` for the root).
    pub parent: usize,
    pub depth: u32,
    /// Nearest enclosing remover element, itself included (`usize::MAX` when none).
    pub remover: usize,
    /// Hash of tag and class attribute: equal for elements a template repeats.
    pub kind_key: u64,
}

/// Why an element is a remover.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RemoveReason {
    /// Its tag or ARIA role marks page furniture (`nav`, `aside`, `footer`, `role=navigation`).
    Tag,
    /// Its class or id names boilerplate outright (`share`, `related`, `newsletter`, ...).
    Class,
    /// Its class or id only hints at boilerplate (`sidebar`, `ads` as a modifier, `teaser`).
    WeakClass,
    /// Hidden with `hidden` or an inline `display:none`.
    Hidden,
}

/// A run of text between block boundaries.
#[derive(Debug, Clone)]
pub(crate) struct RawBlock {
    pub text: String,
    /// Index of the innermost block-level element holding the text.
    pub owner: usize,
    pub kind: BlockKind,
    /// Bytes of text inside `<a>` elements.
    pub link_bytes: usize,
    /// Nearest enclosing remover (`usize::MAX` when none).
    pub remover: usize,
    /// Whether the owner is a `<p>` (prose is more likely there than in a bare `div`).
    pub in_p: bool,
}

/// The flattened page.
#[derive(Debug, Default)]
pub(crate) struct Flat {
    pub elements: Vec<Element>,
    pub blocks: Vec<RawBlock>,
    /// Each remover element: its index, why it is one, and its group: removers by class that
    /// share tag and class attribute share a group (the element index otherwise), so that
    /// [`super::body`] can judge a class repeated over many elements as a whole.
    pub removers: Vec<(usize, RemoveReason, u64)>,
}

/// Tags whose content is never article text.
fn skipped(tag: &str) -> bool {
    matches!(
        tag,
        "head"
            | "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "video"
            | "audio"
            | "picture"
            | "button"
            | "select"
            | "option"
            | "textarea"
            | "input"
            | "label"
            | "dialog"
            | "map"
    )
}

/// Tags that begin and end a block of text.
pub(crate) fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "center"
            | "dd"
            | "details"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "li"
            | "main"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
            | "ul"
            | "caption"
    )
}

/// Page furniture by tag. Not `form`: ASP.NET pages and shops wrap whole pages in one.
fn furniture_tag(tag: &str) -> bool {
    matches!(
        tag,
        "nav" | "aside" | "footer" | "header" | "figure" | "figcaption" | "menu"
    )
}

/// Class/id words that mark boilerplate even next to a content word (`comment-body`,
/// `article-share`): these parts are never the article text.
const STRONG_NEGATIVE: &[&str] = &[
    "comment",
    "related",
    "share",
    "sharing",
    "social",
    "newsletter",
    "subscribe",
    "subscription",
    "promo",
    "advert",
    "sponsor",
    "cookie",
    "consent",
    "gdpr",
    "byline",
    "caption",
    "credit",
    "breadcrumb",
    "recommend",
    "popular",
    "trending",
    "mostread",
    "most-read",
    "outbrain",
    "taboola",
    "disqus",
    "signup",
    "sign-up",
    "donat",
    "readmore",
    "read-more",
    "readalso",
    "read-also",
    "see-also",
    "seealso",
    "more-stories",
    "morestories",
    "toolbar",
    "print-only",
    "author-info",
    "author-bio",
    "authorbio",
    "tags",
    "tagcloud",
    "keywords",
    "pagination",
    "pager",
];

/// Whole class/id words (split on `-`, `_`, spaces) that mark boilerplate unless a content word
/// is also present: too short to match as substrings (`ad` is in `header`, `nav` in `canvas`).
const NEGATIVE_WORDS: &[&str] = &[
    "ad",
    "ads",
    "nav",
    "tag",
    "author",
    "topics",
    "inline-ad",
    "dfp",
    "rail",
];

/// Class/id substrings that mark boilerplate unless a content word is also present
/// (`sidebar`, but not `main-sidebar-content`).
const WEAK_NEGATIVE: &[&str] = &[
    "sidebar",
    "menu",
    "navbar",
    "navigation",
    "footer",
    "masthead",
    "banner",
    "modal",
    "popup",
    "overlay",
    "skip",
    "meta",
    "hidden",
    "header",
    "teaser",
    "login",
    "cart",
];

const POSITIVE: &[&str] = &[
    "article", "content", "body", "main", "post", "entry", "story", "text", "prose", "blog",
];

/// Whether an element's class or id names boilerplate.
fn class_verdict(el: &scraper::node::Element) -> Option<RemoveReason> {
    let mut s = String::new();
    for c in el.classes() {
        s.push_str(c);
        s.push(' ');
    }
    if let Some(id) = el.id() {
        s.push_str(id);
    }
    if s.is_empty() {
        return None;
    }
    let words = class_words(&s);
    // `commentary` (an opinion piece) is not a comment section.
    let s = s.to_ascii_lowercase().replace("commentary", "opinion");
    let positive = POSITIVE.iter().any(|p| s.contains(p));
    // A strong word must open a word of the class (`article-share`, `sharebar`, `relatedPosts`):
    // inside a word it is chance (`tagStyle_x1` holds `tags`, generated CSS-in-JS classes hold
    // anything). Entries with a hyphen are matched on the whole string as written.
    let strong = STRONG_NEGATIVE.iter().any(|n| {
        if n.contains('-') {
            s.contains(n)
        } else {
            words
                .split(' ')
                .any(|w| w.starts_with(n) && !w.starts_with("commentary"))
        }
    });
    // Whole words are weak: WordPress marks posts `tag-foo`, `author-bar`.
    let weak = WEAK_NEGATIVE.iter().any(|n| s.contains(n))
        || s.split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| NEGATIVE_WORDS.contains(&w));
    if strong {
        Some(RemoveReason::Class)
    } else if weak && !positive {
        Some(RemoveReason::WeakClass)
    } else {
        None
    }
}

/// The words of a class/id string, lowercased and separated by single spaces: split at every
/// non-alphanumeric character and at camelCase humps (`relatedPosts` -> `related posts`).
fn class_words(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut prev_lower = false;
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            if c.is_ascii_uppercase() && prev_lower {
                out.push(' ');
            }
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
            out.push(c.to_ascii_lowercase());
        } else {
            if !out.ends_with(' ') && !out.is_empty() {
                out.push(' ');
            }
            prev_lower = false;
        }
    }
    out
}

/// A key for "same tag, same class attribute" (FNV-1a), with the top bit set so that it never
/// equals an element index.
fn group_key(tag: &str, class: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in tag
        .bytes()
        .chain(std::iter::once(b' '))
        .chain(class.bytes())
    {
        h ^= u64::from(byte);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h | (1 << 63)
}

fn hidden(el: &scraper::node::Element) -> bool {
    if el.attr("hidden").is_some() {
        return true;
    }
    match el.attr("style") {
        Some(style) => {
            let s: String = style
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            s.contains("display:none") || s.contains("visibility:hidden")
        }
        None => false,
    }
}

fn furniture_role(el: &scraper::node::Element) -> bool {
    matches!(
        el.attr("role"),
        Some(
            "navigation"
                | "complementary"
                | "banner"
                | "contentinfo"
                | "dialog"
                | "alert"
                | "search"
                | "menu"
                | "menubar"
        )
    )
}

struct Frame {
    el: usize,
    block: bool,
    skip: bool,
    link: bool,
    quote: bool,
}

struct Builder {
    flat: Flat,
    buf: String,
    link_bytes: usize,
    /// A space is due before the next text (whitespace or a `<br>` was seen).
    space: bool,
    skip_depth: usize,
    link_depth: usize,
    quote_depth: usize,
    /// Open `article` elements.
    article_depth: usize,
    /// Innermost open block element.
    blocks_open: Vec<usize>,
}

impl Builder {
    fn push_text(&mut self, text: &str) {
        for c in text.chars() {
            if c.is_whitespace() || c == '\u{200b}' {
                self.space = true;
                continue;
            }
            if self.space && !self.buf.is_empty() {
                self.buf.push(' ');
                if self.link_depth > 0 {
                    self.link_bytes += 1;
                }
            }
            self.space = false;
            self.buf.push(c);
            if self.link_depth > 0 {
                self.link_bytes += c.len_utf8();
            }
        }
    }

    fn flush(&mut self) {
        self.space = false;
        if self.buf.is_empty() {
            return;
        }
        let text = std::mem::take(&mut self.buf);
        let link_bytes = std::mem::take(&mut self.link_bytes);
        let Some(&owner) = self.blocks_open.last() else {
            return;
        };
        let Some(el) = self.flat.elements.get(owner) else {
            return;
        };
        let kind = match el.tag.as_str() {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => BlockKind::Heading,
            "li" | "dt" | "dd" => BlockKind::ListItem,
            _ if self.quote_depth > 0 => BlockKind::Quote,
            _ => BlockKind::Paragraph,
        };
        let in_p = el.tag == "p";
        let remover = el.remover;
        self.flat.blocks.push(RawBlock {
            text,
            owner,
            kind,
            link_bytes,
            remover,
            in_p,
        });
    }
}

/// Flattens a parsed page into elements and text blocks.
pub(crate) fn flatten(doc: &Html) -> Flat {
    let mut b = Builder {
        flat: Flat::default(),
        buf: String::new(),
        link_bytes: 0,
        space: false,
        skip_depth: 0,
        link_depth: 0,
        quote_depth: 0,
        article_depth: 0,
        blocks_open: Vec::new(),
    };
    let mut stack: Vec<Frame> = Vec::new();
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    let tag = el.name();
                    let skip = skipped(tag);
                    if b.skip_depth > 0 || skip {
                        // Inside skipped content nothing is recorded; only depth is tracked.
                        b.skip_depth += 1;
                        stack.push(Frame {
                            el: usize::MAX,
                            block: false,
                            skip: true,
                            link: false,
                            quote: false,
                        });
                        continue;
                    }
                    if tag == "br" || tag == "hr" || tag == "img" {
                        b.space = true;
                        if tag == "hr" {
                            b.flush();
                        }
                        stack.push(Frame {
                            el: usize::MAX,
                            block: false,
                            skip: false,
                            link: false,
                            quote: false,
                        });
                        continue;
                    }
                    let parent_frame = stack.iter().rev().find(|f| f.el != usize::MAX);
                    let parent = parent_frame.map_or(usize::MAX, |f| f.el);
                    let (depth, parent_remover) = match b.flat.elements.get(parent) {
                        Some(p) => (p.depth + 1, p.remover),
                        None => (0, usize::MAX),
                    };
                    let idx = b.flat.elements.len();
                    let by_class = class_verdict(el);
                    let kind_key = group_key(tag, el.attr("class").unwrap_or(""));
                    let protected = matches!(tag, "html" | "body");
                    let reason = if protected {
                        None
                    } else if hidden(el) {
                        Some(RemoveReason::Hidden)
                    } else if (furniture_tag(tag) && !(tag == "header" && b.article_depth > 0))
                        || furniture_role(el)
                    {
                        // A `header` inside an `article` is the article's own head: title,
                        // byline and often the standfirst, which belongs to the body. (Its
                        // bylines and dates are short and trimmed with the body's edges.)
                        Some(RemoveReason::Tag)
                    } else if by_class.is_some() {
                        by_class
                    } else {
                        None
                    };
                    let remover = if reason.is_some() {
                        idx
                    } else {
                        parent_remover
                    };
                    let block = is_block(tag);
                    if reason.is_some() && !block {
                        // An inline remover (`<span class="share-links">`) sits inside a block
                        // whose other text is fine: drop just its own text.
                        b.skip_depth += 1;
                        stack.push(Frame {
                            el: usize::MAX,
                            block: false,
                            skip: true,
                            link: false,
                            quote: false,
                        });
                        continue;
                    }
                    if let Some(r) = reason {
                        let group = match r {
                            RemoveReason::Class | RemoveReason::WeakClass => kind_key,
                            _ => idx as u64,
                        };
                        b.flat.removers.push((idx, r, group));
                    }
                    if block {
                        b.flush();
                    }
                    b.flat.elements.push(Element {
                        tag: tag.to_string(),
                        parent,
                        depth,
                        remover,
                        kind_key,
                    });
                    if block {
                        b.blocks_open.push(idx);
                    }
                    let link = tag == "a";
                    let quote = tag == "blockquote";
                    b.link_depth += usize::from(link);
                    b.quote_depth += usize::from(quote);
                    b.article_depth += usize::from(tag == "article");
                    stack.push(Frame {
                        el: idx,
                        block,
                        skip: false,
                        link,
                        quote,
                    });
                }
                Node::Text(t)
                    if b.skip_depth == 0 && !b.blocks_open.is_empty() => {
                        b.push_text(t);
                    }
                _ => {}
            },
            Edge::Close(node) => {
                if !node.value().is_element() {
                    continue;
                }
                let Some(frame) = stack.pop() else { continue };
                if frame.skip {
                    b.skip_depth = b.skip_depth.saturating_sub(1);
                    continue;
                }
                if frame.block {
                    b.flush();
                    b.blocks_open.pop();
                }
                if frame.link {
                    b.link_depth = b.link_depth.saturating_sub(1);
                }
                if frame.quote {
                    b.quote_depth = b.quote_depth.saturating_sub(1);
                }
                if b.flat
                    .elements
                    .get(frame.el)
                    .is_some_and(|e| e.tag == "article")
                {
                    b.article_depth = b.article_depth.saturating_sub(1);
                }
            }
        }
    }
    b.flush();
    b.flat
}
