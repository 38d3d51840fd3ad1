//! The `pos` annotator: Penn and UD part of speech and a lemma for every token, from the
//! `tagger` crate's compiled-in model, sentence by sentence.

use model::{Analysis, Diagnostic, Doc, Layer, Tag};

use crate::Annotator;

/// The `pos` annotator.
pub struct Pos;

impl Annotator for Pos {
    fn name(&self) -> &'static str {
        "pos"
    }
    fn version(&self) -> u32 {
        1
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Sentences]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Pos]
    }
    fn annotate(&self, doc: &mut Doc) -> Vec<Diagnostic> {
        let tagger = match tagger::Tagger::load_default() {
            Ok(t) => t,
            Err(e) => return vec![Diagnostic::error(doc.source(), "model", format!("part-of-speech tagger: {e}"))],
        };
        let mut analyses = vec![Analysis::default(); doc.tokens.len()];
        let mut words: Vec<&str> = Vec::new();
        for s in &doc.sentences {
            let (a, b) = (s.tokens.0 as usize, (s.tokens.1 as usize).min(doc.tokens.len()));
            let Some(tokens) = doc.tokens.get(a..b) else { continue };
            words.clear();
            words.extend(tokens.iter().map(|t| t.span.text(&doc.text)));
            for (slot, tagged) in analyses.iter_mut().skip(a).zip(tagger.tag(&words)) {
                slot.xpos = Tag::new(tagged.xpos);
                slot.upos = Tag::new(tagged.upos);
                slot.lemma = tagged.lemma;
            }
        }
        doc.analyses = analyses;
        Vec::new()
    }
}
