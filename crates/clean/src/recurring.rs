//! Blocks that recur: across documents of one site (menus, footers, appeals), and inside one
//! document (a pull quote repeated, a teaser repeated as the first paragraph).

use crate::{Block, Extracted};

/// Drops blocks that occur more than once inside one document, keeping the first.
pub fn drop_repeats_within(blocks: &mut Vec<Block>) {
    let mut seen = std::collections::HashSet::new();
    blocks.retain(|b| b.text.len() < 40 || seen.insert(b.text.clone()));
}

/// Placeholder until the real cross-document pass lands.
pub fn drop_recurring_across(_docs: &mut [Extracted]) {}
