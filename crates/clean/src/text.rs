//! Plain text and Markdown: keep the article, drop the site's menus, link lists and footers.

use model::Metadata;

use crate::{Block, BlockKind};

#[derive(Clone, Debug, Default)]
pub struct TextExtract {
    pub blocks: Vec<Block>,
    pub meta: Metadata,
}

/// Placeholder until the real cleaner lands: one block per blank-line-separated paragraph.
pub fn extract(text: &str, _markdown: bool) -> TextExtract {
    let mut blocks = Vec::new();
    let mut pos = 0;
    for para in text.split("\n\n") {
        let start = pos;
        pos += para.len() + 2;
        let joined = para.split_whitespace().collect::<Vec<_>>().join(" ");
        if !joined.is_empty() {
            blocks.push(Block::new(joined, BlockKind::Paragraph, Some(start..start + para.len())));
        }
    }
    TextExtract { blocks, meta: Metadata::default() }
}
