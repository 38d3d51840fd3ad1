//! HTML: the article body and the page's metadata, via a real HTML5 parser.

use model::Metadata;

use crate::Block;

/// What [`extract`] finds in a page.
#[derive(Clone, Debug, Default)]
pub struct HtmlExtract {
    pub blocks: Vec<Block>,
    pub meta: Metadata,
    pub warnings: Vec<String>,
}

/// Placeholder until the real extractor lands.
pub fn extract(_html: &str, _url: Option<&str>) -> HtmlExtract {
    HtmlExtract::default()
}
