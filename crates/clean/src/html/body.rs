//! Choosing the article body among the page's text blocks.
//!
//! The idea is the one readability and trafilatura share, in a simpler, linear form:
//!
//! 1. A block is *prose* when it is long enough and mostly not link text; its weight is its
//!    non-link length (a little more inside `<p>`).
//! 2. Boilerplate removers found by [`super::dom`] (`nav`, `aside`, `class="related"`, ...) drop
//!    their blocks, unless one would drop half the page's prose or more: such a remover is a
//!    page wrapper with an unlucky class name, not furniture.
//! 3. The *container* is the deepest element holding at least [`COVER`] of the remaining prose.
//!    Prose weights only flow up the tree, so the elements that qualify form one chain from the
//!    root and the deepest one is unique; the pass is O(blocks x depth).
//! 4. Inside the container, blocks that are mostly links, or read like furniture ("Read more",
//!    "Image: ...", "Share this"), go; so do short blocks before the first and after the last
//!    prose block (datelines, bylines, tag lists, "Related" headings).
//! 5. When the page's JSON-LD carries an `articleBody`, it is the publisher's own statement of
//!    the body: blocks that do not occur in it are dropped, provided the remaining blocks still
//!    cover most of it (so a truncated or summary `articleBody` changes nothing).

use std::collections::HashMap;

use super::dom::{Flat, RemoveReason};
use crate::BlockKind;

/// Share of the prose the container must hold.
const COVER: f64 = 0.6;
/// Share of the container's prose a sibling must hold to join it.
const SIBLING_SHARE: f64 = 0.05;
/// Share of the container's prose a sibling of a prose-less wrapper around it must hold.
const LIFTED_SIBLING_SHARE: f64 = 0.15;
/// Prose (bytes, about) of a lead before the body.
const LEAD_MIN: f64 = 80.0;
/// Share of the page's prose that overrules a weak class hint.
const WEAK_OVERRULE: f64 = 0.2;
/// Prose outside every remover (bytes, about) that makes an article of its own.
const FREE_ARTICLE: f64 = 500.0;
/// Minimum length (bytes) of a prose block.
const PROSE_MIN: usize = 40;

fn prose_weight(text: &str, link_bytes: usize, in_p: bool) -> f64 {
    let len = text.len();
    if len < PROSE_MIN || link_bytes * 2 >= len {
        return 0.0;
    }
    let own = (len - link_bytes) as f64;
    if in_p {
        own
    } else {
        own * 0.8
    }
}

/// Lines that are furniture whatever element holds them, matched at the start of short blocks.
const FURNITURE_PREFIXES: &[&str] = &[
    "read more",
    "read also",
    "also read",
    "read next",
    "related:",
    "related articles",
    "related stories",
    "related content",
    "see also",
    "more:",
    "image:",
    "images:",
    "photo:",
    "photos:",
    "photograph:",
    "picture:",
    "image credit",
    "photo credit",
    "advertisement",
    "share this",
    "share on",
    "share via",
    "click here",
    "sign up",
    "subscribe",
    "follow us",
    "copyright",
    "©",
    "all rights reserved",
    "top reads",
    "most read",
    "most popular",
    "recommended",
    "you may also like",
    "you might also like",
    "this article was",
    "updated:",
    "published:",
    "posted:",
    "last updated",
    "listen to this article",
    "support our",
    "donate",
    "leave a comment",
    "comments",
    "tags:",
    "topics:",
    "filed under",
    "this article is also available",
    "read this article in",
    "read in",
];

fn furniture_text(text: &str) -> bool {
    if text.len() > 200 {
        return false;
    }
    // A byline ("By Ana Lind | 5 January 2022"); a sentence starting with "By" ends in a stop.
    if (text.starts_with("By ") || text.starts_with("BY "))
        && text.len() < 100
        && !text.ends_with(['.', '!', '?'])
    {
        return true;
    }
    let lower = text.to_lowercase();
    FURNITURE_PREFIXES.iter().any(|p| lower.starts_with(p))
}

/// Whether a block of the lead part reads like a standfirst: prose, not a heading, and not a
/// dateline ("Updated Nov 19, 6:55 AM"), which is mostly digits.
fn lead_text(block: &super::dom::RawBlock, weight: Option<f64>) -> bool {
    let digits = block.text.chars().filter(char::is_ascii_digit).count();
    weight.unwrap_or(0.0) > 0.0
        && block.kind != BlockKind::Heading
        && digits * 10 <= block.text.chars().count()
}

/// Whether a squashed heading is the squashed title, allowing for a site name appended to one of
/// the two.
fn same_title(key: &str, title_key: &str) -> bool {
    !title_key.is_empty()
        && (key == title_key
            || (key.len() >= 20 && (title_key.starts_with(key) || key.starts_with(title_key))))
}

/// Collapses a string for loose comparison: lowercase alphanumerics only.
pub(crate) fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Indices into `flat.blocks` of the article body, in document order.
pub(crate) fn select(flat: &Flat, title: Option<&str>, article_body: Option<&str>) -> Vec<usize> {
    let elements = &flat.elements;
    let weights: Vec<f64> = flat
        .blocks
        .iter()
        .map(|b| prose_weight(&b.text, b.link_bytes, b.in_p))
        .collect();
    let total_all: f64 = weights.iter().sum();

    // Step 2: decide which removers hold. A remover's prose includes the prose of removers
    // nested in it, so walk each block's chain of removers.
    let parent_remover = |r: usize| -> usize {
        elements
            .get(r)
            .and_then(|e| elements.get(e.parent))
            .map_or(usize::MAX, |p| p.remover)
    };
    let mut removed_prose = vec![0.0f64; elements.len()];
    for (block, w) in flat.blocks.iter().zip(&weights) {
        let mut r = block.remover;
        let mut guard = 0;
        while r != usize::MAX && guard < 256 {
            if let Some(slot) = removed_prose.get_mut(r) {
                *slot += w;
            }
            r = parent_remover(r);
            guard += 1;
        }
    }
    // Prose outside every remover: when there is a fair amount of it, a big remover is a real
    // one (a cookie policy longer than the article), not a mislabelled page wrapper.
    let free: f64 = flat
        .blocks
        .iter()
        .zip(&weights)
        .filter(|(b, _)| b.remover == usize::MAX)
        .map(|(_, w)| w)
        .sum();
    // Removers of one group (same tag and class) are judged together: a page builder that
    // marks every section `section--ads` or every paragraph with one odd class splits the
    // article into pieces that each look small.
    let group_of: HashMap<usize, u64> = flat.removers.iter().map(|&(r, _, g)| (r, g)).collect();
    let mut group_prose: HashMap<u64, f64> = HashMap::new();
    for &(r, _, group) in &flat.removers {
        let prose = removed_prose.get(r).copied().unwrap_or(0.0);
        // A member nested in another member of its group would count the same prose twice.
        let nested = group_of.get(&parent_remover(r)) == Some(&group);
        if !nested {
            *group_prose.entry(group).or_insert(0.0) += prose;
        }
    }
    // The groups enclosing the page's title heading. A remover that holds most of the prose but
    // not the title, while a fair amount of prose sits outside every remover, is a comment
    // section longer than the article, not a page wrapper with an unlucky class.
    let title_key = title.map(squash).unwrap_or_default();
    let title_block = flat
        .blocks
        .iter()
        .find(|b| b.kind == BlockKind::Heading && same_title(&squash(&b.text), &title_key))
        .or_else(|| {
            flat.blocks.iter().find(|b| {
                b.kind == BlockKind::Heading && elements.get(b.owner).is_some_and(|e| e.tag == "h1")
            })
        });
    let mut title_groups: Vec<u64> = Vec::new();
    if let Some(b) = title_block {
        let mut r = b.remover;
        let mut guard = 0;
        while r != usize::MAX && guard < 256 {
            if let Some(&g) = group_of.get(&r) {
                title_groups.push(g);
            }
            r = parent_remover(r);
            guard += 1;
        }
    }
    let mut active = vec![false; elements.len()];
    for &(r, reason, group) in &flat.removers {
        let prose = group_prose.get(&group).copied().unwrap_or(0.0);
        // A class that only hints at furniture (`section--ads`) is overruled by a fair share of
        // the page's prose: sidebars and teasers do not hold a fifth of a page's paragraphs.
        let hint_overruled =
            reason == RemoveReason::WeakClass && prose >= WEAK_OVERRULE * total_all;
        let beside_title =
            title_block.is_some() && !title_groups.contains(&group) && free >= FREE_ARTICLE;
        let wrapper =
            hint_overruled || (prose >= 0.5 * total_all && free < 0.5 * prose && !beside_title);
        if let Some(a) = active.get_mut(r) {
            *a = total_all == 0.0 || !wrapper;
        }
    }
    let removed: Vec<bool> = flat
        .blocks
        .iter()
        .map(|block| {
            let mut r = block.remover;
            let mut guard = 0;
            while r != usize::MAX && guard < 256 {
                if active.get(r).copied().unwrap_or(false) {
                    return true;
                }
                r = parent_remover(r);
                guard += 1;
            }
            false
        })
        .collect();

    // Step 3: the container.
    let mut acc = vec![0.0f64; elements.len()];
    let mut total = 0.0;
    for ((block, w), gone) in flat.blocks.iter().zip(&weights).zip(&removed) {
        if *gone || *w == 0.0 {
            continue;
        }
        total += w;
        let mut e = block.owner;
        while let Some(el) = elements.get(e) {
            if let Some(a) = acc.get_mut(e) {
                *a += w;
            }
            e = el.parent;
        }
    }
    let mut container = usize::MAX;
    let mut container_depth = 0;
    if total > 0.0 {
        for (i, (el, a)) in elements.iter().zip(&acc).enumerate() {
            if *a >= COVER * total && (container == usize::MAX || el.depth > container_depth) {
                container = i;
                container_depth = el.depth;
            }
        }
    }
    // Siblings of the container that hold a fair share of prose join it: an intro in its own
    // `div` next to the body, or a body split in several `section`s below a heading. Wrappers
    // that add no prose (`div.row > div.columns > p`) are climbed first: a body split into
    // several such rows (with ad rows in between) has its other parts next to the outermost
    // wrapper, not next to the container itself.
    let own = acc.get(container).copied().unwrap_or(0.0);
    let mut top = container;
    while let Some(parent) = elements.get(top).map(|e| e.parent) {
        match acc.get(parent) {
            Some(&a) if a <= own + 1e-6 => top = parent,
            _ => break,
        }
    }
    let mut roots = vec![container];
    let mut top_depth = container_depth;
    if let Some(t) = elements.get(top) {
        top_depth = t.depth;
        for (i, el) in elements.iter().enumerate() {
            let prose = acc.get(i).copied().unwrap_or(0.0);
            // Past the container's own level only parts the template repeats join: the
            // climb can reach elements whose siblings are the page's other regions.
            let joins = if top == container {
                prose >= SIBLING_SHARE * own || (el.tag == "p" && prose > 0.0)
            } else {
                // Parts before the body are its opening (split off by an ad row); parts after
                // it are more often an "about us" or "latest stories" row.
                let share = if i < top {
                    SIBLING_SHARE
                } else {
                    LIFTED_SIBLING_SHARE
                };
                el.kind_key == t.kind_key && prose >= share * own
            };
            if el.parent == t.parent && i != top && joins {
                roots.push(i);
            }
        }
    }
    // The nearest part before the body that holds prose at all is its lead (a standfirst in
    // the article's header, an intro box), however short. Only its prose joins: next to a
    // standfirst sit the headline (in another wording than the title), dates and labels.
    let mut lead_root = usize::MAX;
    if let Some(t) = elements.get(top) {
        let lead = (0..top).rev().find(|&i| {
            elements.get(i).is_some_and(|el| el.parent == t.parent)
                && acc.get(i).copied().unwrap_or(0.0) > 0.0
        });
        if let Some(i) = lead {
            if acc.get(i).copied().unwrap_or(0.0) >= LEAD_MIN {
                if !roots.contains(&i) {
                    roots.push(i);
                }
                lead_root = i;
            }
        }
    }
    // The root holding a block, if any (`usize::MAX` standing for "the whole page").
    let root_of = |owner: usize| -> Option<usize> {
        if container == usize::MAX {
            return Some(usize::MAX);
        }
        let mut e = owner;
        while let Some(el) = elements.get(e) {
            if roots.contains(&e) {
                return Some(e);
            }
            if el.depth <= top_depth {
                return None;
            }
            e = el.parent;
        }
        None
    };

    // Step 4: filter inside the container.
    let mut chosen: Vec<usize> = Vec::new();
    for (i, block) in flat.blocks.iter().enumerate() {
        if removed.get(i).copied().unwrap_or(true) {
            continue;
        }
        match root_of(block.owner) {
            None => continue,
            Some(r) if r == lead_root && !lead_text(block, weights.get(i).copied()) => continue,
            Some(_) => {}
        }
        let len = block.text.len();
        if block.link_bytes * 2 > len {
            continue;
        }
        if furniture_text(&block.text) {
            continue;
        }
        if block.kind == BlockKind::Heading && !title_key.is_empty() {
            // The title lives in the metadata; pages repeat it as the h1, sometimes with the
            // site name appended to one of the two.
            if same_title(&squash(&block.text), &title_key) {
                continue;
            }
        }
        chosen.push(i);
    }
    let is_prose = |i: &usize| weights.get(*i).copied().unwrap_or(0.0) > 0.0;
    // A heading right before the first prose block opens the body; keep it.
    let first = chosen.iter().position(is_prose).map(|f| {
        let mut f = f;
        while f > 0
            && chosen
                .get(f - 1)
                .and_then(|&i| flat.blocks.get(i))
                .is_some_and(|b| b.kind == BlockKind::Heading)
        {
            f -= 1;
        }
        f
    });
    let last = chosen.iter().rposition(is_prose);
    let mut chosen = match (first, last) {
        (Some(f), Some(l)) => chosen.get(f..=l).map(<[usize]>::to_vec).unwrap_or_default(),
        _ => chosen,
    };

    // Step 5: the publisher's own articleBody, when it covers what we chose.
    if let Some(body) = article_body.filter(|b| b.len() > 200) {
        let body_key = squash(body);
        let kept: Vec<usize> = chosen
            .iter()
            .copied()
            .filter(|&i| {
                flat.blocks
                    .get(i)
                    .is_some_and(|b| body_key.contains(&squash(&b.text)))
            })
            .collect();
        let kept_len: usize = kept
            .iter()
            .filter_map(|&i| flat.blocks.get(i))
            .map(|b| squash(&b.text).len())
            .sum();
        if kept_len as f64 >= 0.8 * body_key.len() as f64 {
            chosen = kept;
        }
    }
    chosen
}
