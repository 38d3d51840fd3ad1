//! Sentence segmentation over tokens.

use model::{Diagnostic, Doc, Layer, Sentence, Span, Token};

use crate::Annotator;

/// The `sentences` annotator.
pub struct Sentences;

impl Annotator for Sentences {
    fn name(&self) -> &'static str {
        "sentences"
    }
    fn version(&self) -> u32 {
        1
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Sentences]
    }
    fn annotate(&self, doc: &mut Doc) -> Vec<Diagnostic> {
        doc.sentences = segment(&doc.text, &doc.tokens);
        Vec::new()
    }
}

/// Placeholder until the real segmenter lands: one sentence per paragraph.
pub fn segment(text: &str, tokens: &[Token]) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut first = 0usize;
    let mut paragraph = 0u32;
    for i in 0..tokens.len() {
        let last = i + 1 == tokens.len();
        let gap = if last { "\n\n" } else { Span::new(tokens[i].span.end as usize, tokens[i + 1].span.start as usize).text(text) };
        if gap.contains("\n\n") || last {
            let span = Span::new(tokens[first].span.start as usize, tokens[i].span.end as usize);
            out.push(Sentence { span, tokens: (first as u32, i as u32 + 1), paragraph });
            first = i + 1;
            paragraph += 1;
        }
    }
    out
}
