//! Blocks that recur: across documents of one site (menus, footers, appeals), and inside one
//! document (a pull quote repeated, a teaser repeated as the first paragraph).
//!
//! Blocks are compared by their normalised text ([`normalize_block`]: lower case, whitespace
//! collapsed; digits and punctuation kept, so "Updated 5 March" and "Updated 6 March" differ)
//! through a 64-bit hash, so both passes are linear in the number of blocks.

use std::collections::{HashMap, HashSet};
use std::hash::Hasher;

use crate::{Block, Extracted};

/// A block repeated inside one document is dropped only from this many characters on: short
/// repeats ("Yes.", "Background", a recurring list item) are legitimate content.
pub const MIN_REPEAT_CHARS: usize = 30;

/// Blocks longer than this (in characters) are dropped across documents only when they recur
/// in at least [`LONG_BLOCK_MIN_DOCS`] documents: a long paragraph shared by two articles is
/// more often a quoted statement than a template.
pub const LONG_BLOCK_CHARS: usize = 400;
pub const LONG_BLOCK_MIN_DOCS: usize = 3;

/// Two documents of one site are near-duplicates when the characters of the blocks they share
/// are at least this fraction of the smaller document.
pub const NEAR_DUPLICATE_SHARE: f64 = 0.5;

/// Shared blocks are counted pairwise only for blocks in at most this many documents of a site
/// (which bounds the work per block); a block in more documents is template, not a copied story.
pub const PAIR_LIMIT: usize = 32;

/// When dropping would remove at least this fraction of a document's characters, nothing is
/// dropped from it: it is a copy of other documents (beyond [`PAIR_LIMIT`]) or all template,
/// and an empty document helps nobody.
pub const MAX_DROPPED_SHARE: f64 = 0.9;

/// The form blocks are compared in: lower case, runs of whitespace collapsed to one space.
pub fn normalize_block(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// Hash and length in characters of a block's normalised text ([`normalize_block`]); `None`
/// for an empty block. Hashes the normalised words as it goes, without building the string:
/// this runs on every block of every document.
fn block_key(text: &str) -> Option<(u64, usize)> {
    let mut h = Fnv64::default();
    let mut n_chars = 0usize;
    let mut pending_space = false;
    let mut buf = [0u8; 4];
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = n_chars > 0;
            continue;
        }
        if pending_space {
            h.write_u8(b' ');
            n_chars += 1;
            pending_space = false;
        }
        if c.is_ascii() {
            h.write_u8(c.to_ascii_lowercase() as u8);
            n_chars += 1;
        } else {
            for lc in c.to_lowercase() {
                h.write(lc.encode_utf8(&mut buf).as_bytes());
                n_chars += 1;
            }
        }
    }
    (n_chars > 0).then(|| (h.finish(), n_chars))
}

/// FNV-1a, 64 bits: fixed (the same text hashes the same in every run) and several times
/// faster than SipHash on short keys; the inputs are not adversarial.
struct Fnv64(u64);

impl Default for Fnv64 {
    fn default() -> Fnv64 {
        Fnv64(0xcbf29ce484222325)
    }
}

impl Hasher for Fnv64 {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ b as u64).wrapping_mul(0x100000001b3);
        }
    }
}

/// Drops blocks whose normalised text equals an earlier block's, keeping the first occurrence.
/// Blocks shorter than [`MIN_REPEAT_CHARS`] are never dropped.
pub fn drop_repeats_within(blocks: &mut Vec<Block>) {
    let mut seen = HashSet::new();
    blocks.retain(|b| match block_key(&b.text) {
        Some((hash, chars)) if chars >= MIN_REPEAT_CHARS => seen.insert(hash),
        _ => true,
    });
}

/// Drops blocks that recur across documents of the same site (`Extracted::site`): menus,
/// footers, newsletter appeals, a column's author bio.
///
/// The rule, for a block `b` of document `d`:
/// - the documents of `d`'s site that contain a block with the same normalised text are
///   counted, leaving out `d` itself and the near-duplicates of `d`;
/// - `d` and `e` are near-duplicates when the blocks they share make up at least
///   [`NEAR_DUPLICATE_SHARE`] of the smaller of the two documents (a wire story republished, an
///   article crawled twice): their shared blocks are the article, not boilerplate, and
///   deduplication deals with them later. Sizes and shares are in characters, each distinct
///   text counted once, leaving out *widespread* texts (found in at least 3 documents and in at
///   least half of the site's documents: the template) and texts found in more than
///   [`PAIR_LIMIT`] documents, so that two short articles under a large common template are not
///   taken for copies of each other;
/// - `b` is dropped when that count is at least 1, or at least `LONG_BLOCK_MIN_DOCS - 1` when
///   `b` is longer than [`LONG_BLOCK_CHARS`] or when the site is only a directory (`dir:...`,
///   a weak grouping of files that may come from different outlets);
/// - but nothing is dropped from `d` when that would remove [`MAX_DROPPED_SHARE`] or more of its
///   characters.
///
/// Work is linear in the total number of blocks (a hash map per site; at most
/// `PAIR_LIMIT * (PAIR_LIMIT - 1) / 2` pair updates per distinct block).
pub fn drop_recurring_across(docs: &mut [Extracted]) {
    let keys: Vec<Vec<Option<(u64, usize)>>> = docs
        .iter()
        .map(|d| d.blocks.iter().map(|b| block_key(&b.text)).collect())
        .collect();
    let mut by_site: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, d) in docs.iter().enumerate() {
        by_site.entry(d.site.as_str()).or_default().push(i);
    }
    let mut drops: Vec<Vec<bool>> = keys.iter().map(|k| vec![false; k.len()]).collect();
    for (site, members) in &by_site {
        if members.len() < 2 {
            continue;
        }
        let weak_site = site.starts_with("dir:");
        mark_site(members, &keys, weak_site, &mut drops);
    }
    for (doc, drop) in docs.iter_mut().zip(drops) {
        if !drop.iter().any(|&x| x) {
            continue;
        }
        let mut flags = drop.into_iter();
        doc.blocks.retain(|_| !flags.next().unwrap_or(false));
    }
}

/// Marks the recurring blocks of one site's documents (`members` index into `keys`).
fn mark_site(
    members: &[usize],
    keys: &[Vec<Option<(u64, usize)>>],
    weak_site: bool,
    drops: &mut [Vec<bool>],
) {
    // Documents (positions in `members`) containing each distinct text, in increasing order,
    // and each document's size in characters, counting each distinct text once.
    let mut docs_of: HashMap<u64, (Vec<u32>, usize)> = HashMap::new();
    let mut size = vec![0usize; members.len()];
    for (local, &doc) in members.iter().enumerate() {
        let local = local as u32;
        for &(hash, chars) in keys.get(doc).into_iter().flatten().flatten() {
            let entry = docs_of.entry(hash).or_insert_with(|| (Vec::new(), chars));
            if entry.0.last() != Some(&local) {
                entry.0.push(local);
                if let Some(s) = size.get_mut(local as usize) {
                    *s += chars;
                }
            }
        }
    }
    // Characters shared by each pair of documents.
    let widespread = |n: usize| n >= 3 && n * 2 >= members.len();
    let mut content_size = size.clone();
    let mut shared: HashMap<(u32, u32), usize> = HashMap::new();
    for (list, chars) in docs_of.values() {
        if widespread(list.len()) || list.len() > PAIR_LIMIT {
            for &d in list {
                if let Some(s) = content_size.get_mut(d as usize) {
                    *s = s.saturating_sub(*chars);
                }
            }
            continue;
        }
        if list.len() < 2 {
            continue;
        }
        for (i, &a) in list.iter().enumerate() {
            for &b in list.iter().skip(i + 1) {
                *shared.entry((a, b)).or_default() += chars;
            }
        }
    }
    let mut near: HashMap<u32, Vec<u32>> = HashMap::new();
    for (&(a, b), &chars) in &shared {
        let size_of = |d: u32| content_size.get(d as usize).copied().unwrap_or(0);
        let smaller = size_of(a).min(size_of(b));
        if smaller > 0 && chars as f64 >= NEAR_DUPLICATE_SHARE * smaller as f64 {
            near.entry(a).or_default().push(b);
            near.entry(b).or_default().push(a);
        }
    }
    let no_partners = Vec::new();
    for (local, &doc) in members.iter().enumerate() {
        let local_u = local as u32;
        let partners = near.get(&local_u).unwrap_or(&no_partners);
        let Some(doc_keys) = keys.get(doc) else {
            continue;
        };
        let mut flags = vec![false; doc_keys.len()];
        let mut dropped_chars = 0usize;
        let mut total_chars = 0usize;
        for (flag, key) in flags.iter_mut().zip(doc_keys) {
            let Some((hash, chars)) = key else { continue };
            total_chars += chars;
            let Some((list, _)) = docs_of.get(hash) else {
                continue;
            };
            let partners_in = partners
                .iter()
                .filter(|p| list.binary_search(p).is_ok())
                .count();
            let others = list.len().saturating_sub(1 + partners_in);
            let needed = if weak_site || *chars > LONG_BLOCK_CHARS {
                LONG_BLOCK_MIN_DOCS - 1
            } else {
                1
            };
            if others >= needed {
                *flag = true;
                dropped_chars += chars;
            }
        }
        if total_chars > 0 && dropped_chars as f64 >= MAX_DROPPED_SHARE * total_chars as f64 {
            continue;
        }
        if let Some(d) = drops.get_mut(doc) {
            *d = flags;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::BlockKind;
    use model::{Format, Metadata, OffsetMap, Origin};

    fn block(text: &str) -> Block {
        Block::new(text, BlockKind::Paragraph, None)
    }

    fn doc(id: &str, site: &str, blocks: &[&str]) -> Extracted {
        Extracted {
            id: id.to_string(),
            origin: Origin::file(format!("{id}.txt")),
            format: Format::Text,
            blocks: blocks.iter().map(|b| block(b)).collect(),
            meta: Metadata::default(),
            site: site.to_string(),
            decode_map: OffsetMap::default(),
            encoding: "UTF-8",
            diagnostics: Vec::new(),
        }
    }

    /// Runs the cross-document pass and compares each document's remaining blocks.
    fn check(mut docs: Vec<Extracted>, expected: &[&[&str]]) {
        drop_recurring_across(&mut docs);
        let got: Vec<Vec<&str>> = docs
            .iter()
            .map(|d| d.blocks.iter().map(|b| b.text.as_str()).collect())
            .collect();
        let want: Vec<Vec<&str>> = expected.iter().map(|e| e.to_vec()).collect();
        assert_eq!(got, want);
    }

    const MENU: &str = "News Politics Business Opinion";
    const APPEAL: &str = "Get the Harbor Post morning briefing in your inbox.";

    fn long(topic: &str) -> String {
        format!("{topic} ").repeat(60)
    }

    /// The key agrees with the normalised string: same length in characters, and
    /// texts with the same normalised form (only) share a hash.
    #[test]
    fn block_key_follows_normalize_block() {
        let texts = [
            "  The curfew in Port Amsel\twas lifted\n on Friday.  ",
            "the curfew in port amsel was lifted on friday.",
            "THE CURFEW IN PORT AMSEL WAS LIFTED ON FRIDAY.",
            "Tomas Rekker\u{a0}said „Ärger“ İstanbul ΣΑΣ \u{2003} end",
            "tomas rekker said „ärger“ i\u{307}stanbul σας end",
            "12345678",
            "1234567",
            "12345678\u{0}",
            "a\u{b}b",
            "a b",
            "A\u{b}\u{b}B",
            "é\u{b}b",
            "é b",
            "",
            " \n\t ",
        ];
        for a in texts {
            let key = block_key(a);
            let norm = normalize_block(a);
            assert_eq!(
                key.map(|k| k.1),
                (!norm.is_empty()).then(|| norm.chars().count()),
                "{a:?}"
            );
            for b in texts {
                let same = normalize_block(b) == norm;
                assert_eq!(block_key(b) == key, same, "{a:?} vs {b:?}");
            }
        }
    }

    #[test]
    fn within() {
        let mut blocks = vec![
            block("The curfew in Port Amsel was lifted on Friday morning."),
            block("Yes."),
            block("the curfew in port amsel   was lifted on Friday morning."),
            block("Yes."),
            block("Shops reopened."),
        ];
        drop_repeats_within(&mut blocks);
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "The curfew in Port Amsel was lifted on Friday morning.",
                "Yes.",
                "Yes.",
                "Shops reopened."
            ]
        );
    }

    #[test]
    fn site_template_is_dropped() {
        let related = "Related: the curfew in Port Amsel, explained";
        check(
            vec![
                doc(
                    "a",
                    "harborpost.example",
                    &[
                        MENU,
                        "Curfew lifted in Port Amsel after a week of protests over fuel prices.",
                        related,
                        APPEAL,
                    ],
                ),
                doc(
                    "b",
                    "harborpost.example",
                    &[
                        MENU,
                        "Parliament debates the emergency decree in a late-night session.",
                        "get the harbor post  morning briefing in your inbox.",
                    ],
                ),
                doc(
                    "c",
                    "harborpost.example",
                    &[
                        MENU,
                        "Lorry drivers in Kessel end their blockade of the coastal highway.",
                        related,
                        APPEAL,
                    ],
                ),
                doc(
                    "d",
                    "amselreview.example",
                    &[MENU, "Fuel prices rise again in Kessel.", APPEAL],
                ),
            ],
            &[
                &["Curfew lifted in Port Amsel after a week of protests over fuel prices."],
                &["Parliament debates the emergency decree in a late-night session."],
                &["Lorry drivers in Kessel end their blockade of the coastal highway."],
                // Another site: the same menu text is not this site's template.
                &[MENU, "Fuel prices rise again in Kessel.", APPEAL],
            ],
        );
    }

    #[test]
    fn near_duplicates_keep_their_shared_body() {
        let body1 = "President Tomas Rekker declared a state of emergency in Port Amsel on Sunday.";
        let body2 = "Police said 41 people had been detained overnight in the capital.";
        check(
            vec![
                doc("wire", "harborpost.example", &[MENU, body1, body2]),
                doc(
                    "copy",
                    "harborpost.example",
                    &[MENU, body1, body2, "Updated with police figures."],
                ),
                doc(
                    "other",
                    "harborpost.example",
                    &[
                        MENU,
                        "Fuel prices rise again in Kessel, the third time this year.",
                    ],
                ),
            ],
            &[
                &[body1, body2],
                &[body1, body2, "Updated with police figures."],
                &["Fuel prices rise again in Kessel, the third time this year."],
            ],
        );
    }

    #[test]
    fn long_blocks_need_three_documents() {
        let statement = "The ministry statement. ".repeat(20);
        let s = statement.as_str();
        let (kessel, curfew, prices) = (
            long("Report on Kessel."),
            long("Report on the curfew."),
            long("Report on prices."),
        );
        check(
            vec![
                doc("a", "harborpost.example", &[s, &kessel]),
                doc("b", "harborpost.example", &[s, &curfew]),
            ],
            &[&[s, &kessel], &[s, &curfew]],
        );
        check(
            vec![
                doc("a", "harborpost.example", &[s, &kessel]),
                doc("b", "harborpost.example", &[s, &curfew]),
                doc("c", "harborpost.example", &[s, &prices]),
            ],
            &[&[&kessel], &[&curfew], &[&prices]],
        );
    }

    #[test]
    fn directory_sites_need_three_documents() {
        let quote = "\"We will not negotiate under pressure,\" the president said.";
        let (a, b) = (
            long("Analysis of the protests."),
            long("A report on the curfew."),
        );
        check(
            vec![
                doc("a", "dir:corpus", &[quote, &a]),
                doc("b", "dir:corpus", &[quote, &b]),
            ],
            &[&[quote, &a], &[quote, &b]],
        );
    }

    #[test]
    fn a_document_is_never_emptied() {
        let (x, y, z) = (
            "Follow the Harbor Post on social media.",
            "Letters to the editor are welcome.",
            "Our reporters in Kessel and Port Amsel.",
        );
        let (b, c, d) = (
            long("Report on Kessel."),
            long("Report on the curfew."),
            long("Report on prices."),
        );
        check(
            vec![
                doc("a", "harborpost.example", &[x, y, z]),
                doc("b", "harborpost.example", &[x, &b]),
                doc("c", "harborpost.example", &[y, &c]),
                doc("d", "harborpost.example", &[z, &d]),
            ],
            // All of `a` recurs elsewhere: dropping it would empty it, so it is kept whole.
            &[&[x, y, z], &[&b], &[&c], &[&d]],
        );
    }
}

#[cfg(test)]
mod key_tests {
    use super::*;

    #[test]
    fn block_key_agrees_with_normalize_block() {
        for text in ["Subscribe  to our\nNewsletter", "ÉTÉ à Paris", "  ", "a", "Read ALSO: Ünïcode"] {
            let norm = normalize_block(text);
            let key = block_key(text);
            assert_eq!(key.map(|k| k.1), (!norm.is_empty()).then(|| norm.chars().count()), "{text:?}");
        }
        assert_eq!(block_key("Subscribe  to our\nNewsletter"), block_key("subscribe to OUR newsletter"));
        assert_ne!(block_key("subscribe to our"), block_key("subscribe toour"));
    }
}
