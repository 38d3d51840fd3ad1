//! The `claims` annotator (being built in session 7).

use model::{Diagnostic, Doc, Layer};

use crate::Annotator;

/// The `claims` annotator.
pub struct Claims;

impl Annotator for Claims {
    fn name(&self) -> &'static str {
        "claims"
    }
    fn version(&self) -> u32 {
        1
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Sentences, Layer::Entities]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Claims]
    }
    fn annotate(&self, doc: &mut Doc) -> Vec<Diagnostic> {
        doc.annotations.retain(|a| a.layer != Layer::Claims);
        Vec::new()
    }
}
