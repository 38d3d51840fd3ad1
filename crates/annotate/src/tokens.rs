//! Tokenisation with byte offsets into the clean text.

use model::{Diagnostic, Doc, Layer, Span, Token, TokenKind};

use crate::Annotator;

/// The `tokens` annotator.
pub struct Tokens;

impl Annotator for Tokens {
    fn name(&self) -> &'static str {
        "tokens"
    }
    fn version(&self) -> u32 {
        1
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Text]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Tokens]
    }
    fn annotate(&self, doc: &mut Doc) -> Vec<Diagnostic> {
        doc.tokens = tokenize(&doc.text);
        Vec::new()
    }
}

/// Placeholder until the real tokenizer lands: whitespace-separated words.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push(Token { span: Span::new(s, i), kind: TokenKind::Word });
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(Token { span: Span::new(s, text.len()), kind: TokenKind::Word });
    }
    out
}
