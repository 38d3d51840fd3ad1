//! The `syntax` annotator: a dependency tree per sentence (UD relations) from the `parser`
//! crate's compiled-in model, over the `pos` layer's tags.
//!
//! Sentences longer than [`MAX_PARSE`] tokens (a table flattened into one line, a text with
//! no punctuation) are parsed in consecutive pieces of at most that many tokens, each piece
//! its own tree: the parser is linear in the sentence length, but such "sentences" are not
//! sentences, and pieces keep the time per token and the memory per call bounded.

use model::{Diagnostic, Doc, Layer, Tag};

use crate::Annotator;

/// The longest token run parsed as one tree.
pub const MAX_PARSE: usize = 300;

/// The `syntax` annotator.
pub struct Syntax;

impl Annotator for Syntax {
    fn name(&self) -> &'static str {
        "syntax"
    }
    fn version(&self) -> u32 {
        1
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Sentences, Layer::Pos]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Syntax]
    }
    fn annotate(&self, doc: &mut Doc) -> Vec<Diagnostic> {
        let parser = match parser::Parser::load_default() {
            Ok(p) => p,
            Err(e) => return vec![Diagnostic::error(doc.source(), "model", format!("dependency parser: {e}"))],
        };
        let n = doc.tokens.len().min(doc.analyses.len());
        let mut words: Vec<&str> = Vec::new();
        let mut xpos: Vec<&str> = Vec::new();
        let mut upos: Vec<&str> = Vec::new();
        // (first token of the piece, (head, relation) per token).
        type Piece = Vec<(Option<u32>, Tag)>;
        let mut results: Vec<(usize, Piece)> = Vec::new();
        for s in &doc.sentences {
            let (a, b) = (s.tokens.0 as usize, (s.tokens.1 as usize).min(n));
            let mut start = a;
            while start < b {
                let end = (start + MAX_PARSE).min(b);
                let (Some(tokens), Some(analyses)) = (doc.tokens.get(start..end), doc.analyses.get(start..end)) else {
                    break;
                };
                words.clear();
                xpos.clear();
                upos.clear();
                words.extend(tokens.iter().map(|t| t.span.text(&doc.text)));
                xpos.extend(analyses.iter().map(|a| a.xpos.as_str()));
                upos.extend(analyses.iter().map(|a| a.upos.as_str()));
                let deps = parser.parse(&words, &xpos, &upos);
                let piece = deps
                    .iter()
                    .map(|d| {
                        // 1-based head within the piece -> token index in the document.
                        let head = d.head.checked_sub(1).map(|h| (start + h) as u32).filter(|h| (*h as usize) < end);
                        (head, Tag::new(d.rel))
                    })
                    .collect();
                results.push((start, piece));
                start = end;
            }
        }
        for (start, piece) in results {
            for (slot, (head, rel)) in doc.analyses.iter_mut().skip(start).zip(piece) {
                slot.head = head;
                slot.deprel = rel;
            }
        }
        Vec::new()
    }
}
