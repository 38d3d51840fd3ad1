//! Integration tests for `annotate`: tokens, sentences, golden dumps, invariants on odd input,
//! and (ignored) evaluations against UD English EWT and a throughput measurement.

mod ewt;
mod golden;
mod pipeline;
mod props;
mod sentences;
mod throughput;
mod tokens;

use model::{Sentence, Token, TokenKind};

/// Tokens as `text|text|...`.
pub fn token_texts(text: &str, tokens: &[Token]) -> String {
    tokens
        .iter()
        .map(|t| t.span.text(text))
        .collect::<Vec<_>>()
        .join("|")
}

pub fn kind_name(kind: TokenKind) -> &'static str {
    match kind {
        TokenKind::Word => "word",
        TokenKind::Number => "number",
        TokenKind::Punct => "punct",
        TokenKind::Symbol => "symbol",
    }
}

/// Sentences one per line as `paragraph: text`.
pub fn sentence_lines(text: &str, sentences: &[Sentence]) -> String {
    sentences
        .iter()
        .map(|s| format!("{}: {}", s.paragraph, s.span.text(text)))
        .collect::<Vec<_>>()
        .join("\n")
}
