//! The `places` annotator (being built in session 7).

use model::{Diagnostic, Doc, Layer};

use crate::Annotator;

/// The `places` annotator.
pub struct Places;

impl Annotator for Places {
    fn name(&self) -> &'static str {
        "places"
    }
    fn version(&self) -> u32 {
        1
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Sentences, Layer::Entities]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Places]
    }
    fn annotate(&self, doc: &mut Doc) -> Vec<Diagnostic> {
        doc.annotations.retain(|a| a.layer != Layer::Places);
        Vec::new()
    }
}
