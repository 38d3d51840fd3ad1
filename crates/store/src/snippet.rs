//! Search snippets cut from the start of a document's text, without the full-text engine.
//!
//! SQLite's `snippet()` reads and tokenises each whole document and scores every fragment; on
//! a page of documents that all contain a common word that is most of a search's cost. When a
//! search is past its cap (results newest first, nothing ranked) the first place a query word
//! occurs is as good a snippet as the best-scored one, and finding it in the first few
//! kilobytes is cheap. Words are compared the way the full-text index's tokenizer compares
//! them (runs of letters and digits, case and diacritics folded), so the highlighted words are
//! the ones that matched; when none occurs in the prefix, the caller falls back to `snippet()`.

use unicode_normalization::UnicodeNormalization;

use crate::SnippetPiece;

/// Characters of a document's text the snippet is looked for in.
pub(crate) const PREFIX_CHARS: usize = 4000;

/// Words shown before the first hit.
const LEAD_WORDS: usize = 6;

/// A word folded as the `unicode61 remove_diacritics 2` tokenizer folds it: lower case,
/// combining marks removed.
pub(crate) fn fold(word: &str) -> String {
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    word.nfd().filter(|c| !unicode_normalization::char::is_combining_mark(*c)).flat_map(char::to_lowercase).collect()
}

/// A search query's words as typed: runs of letters and digits, at most `max_words` of them,
/// each cut to `max_chars` characters. The full-text expression is built from them.
pub(crate) fn query_terms(query: &str, max_words: usize, max_chars: usize) -> impl Iterator<Item = String> + '_ {
    query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(max_words)
        .map(move |w| w.chars().take(max_chars).collect::<String>())
}

/// The query's words ([`query_terms`]), folded.
pub(crate) fn query_words(query: &str, max_words: usize, max_chars: usize) -> Vec<String> {
    query_terms(query, max_words, max_chars).map(|w| fold(&w)).collect()
}

/// A snippet of about `n_words` words of `text` around the first occurrence of one of `words`
/// (folded), with every occurrence in it marked; `None` when none occurs in `text`.
pub(crate) fn snippet(text: &str, words: &[String], n_words: usize) -> Option<Vec<SnippetPiece>> {
    if words.is_empty() || n_words == 0 {
        return None;
    }
    let is_hit = |&(s, e): &(usize, usize)| {
        text.get(s..e).is_some_and(|w| {
            if w.is_ascii() {
                words.iter().any(|q| q.eq_ignore_ascii_case(w))
            } else {
                let w = fold(w);
                words.contains(&w)
            }
        })
    };
    // Byte ranges of the text's words (runs of letters and digits), up to the first hit's
    // window and one word past it (to know whether the text goes on).
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut first: Option<usize> = None;
    let mut start = None;
    let mut push_span = |span: (usize, usize), spans: &mut Vec<(usize, usize)>| -> bool {
        spans.push(span);
        if first.is_none() && is_hit(&span) {
            first = Some(spans.len() - 1);
        }
        first.is_some_and(|f| spans.len() > f.saturating_sub(LEAD_WORDS) + n_words)
    };
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                start = None;
                if push_span((s, i), &mut spans) {
                    break;
                }
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        push_span((s, text.len()), &mut spans);
    }
    let first = first?;
    let from = first.saturating_sub(LEAD_WORDS);
    let to = (from + n_words).min(spans.len());
    let window = spans.get(from..to)?;
    let (&(begin, _), &(_, end)) = (window.first()?, window.last()?);
    let mut pieces: Vec<SnippetPiece> = Vec::new();
    let mut push = |text: &str, hit: bool| {
        if text.is_empty() {
            return;
        }
        match pieces.last_mut() {
            Some(last) if last.hit == hit => last.text.push_str(text),
            _ => pieces.push(SnippetPiece { text: text.to_string(), hit }),
        }
    };
    if from > 0 {
        push("\u{2026}", false);
    }
    let mut at = begin;
    for span in window {
        if is_hit(span) {
            push(text.get(at..span.0).unwrap_or(""), false);
            push(text.get(span.0..span.1).unwrap_or(""), true);
            at = span.1;
        }
    }
    push(text.get(at..end).unwrap_or(""), false);
    if to < spans.len() || end < text.len() && text.get(end..).is_some_and(|rest| rest.chars().any(char::is_alphanumeric)) {
        push("\u{2026}", false);
    }
    // Whitespace of the text (line breaks) shown as single spaces, as snippet() does not.
    for piece in &mut pieces {
        if piece.text.contains(['\n', '\r', '\t']) {
            let mut flat = String::with_capacity(piece.text.len());
            for c in piece.text.chars() {
                if !c.is_whitespace() {
                    flat.push(c);
                } else if !flat.ends_with(' ') {
                    flat.push(' ');
                }
            }
            piece.text = flat;
        }
    }
    Some(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(pieces: &[SnippetPiece]) -> String {
        pieces.iter().map(|p| if p.hit { format!("[{}]", p.text) } else { p.text.clone() }).collect()
    }

    #[test]
    fn marks_every_occurrence_in_the_window_folding_case_and_accents() {
        let words = query_words("Security  TROOPS", 16, 64);
        assert_eq!(words, ["security", "troops"]);
        let text = "On Monday security forces and troops of the Pact entered the city; the troops stayed.";
        let s = snippet(text, &words, 24).unwrap();
        assert_eq!(render(&s), "On Monday [security] forces and [troops] of the Pact entered the city; the [troops] stayed");
        let words = query_words("corvinsk", 16, 64);
        let s = snippet("Protests in Čorvinsk spread.", &words, 24).unwrap();
        assert_eq!(render(&s), "Protests in [Čorvinsk] spread");
    }

    #[test]
    fn window_starts_a_few_words_before_the_first_hit_and_marks_cuts() {
        let text = (0..100).map(|i| format!("w{i}")).collect::<Vec<_>>().join(" ");
        let s = snippet(&text, &query_words("w50", 16, 64), 10).unwrap();
        assert_eq!(render(&s), "\u{2026}w44 w45 w46 w47 w48 w49 [w50] w51 w52 w53\u{2026}");
    }

    #[test]
    fn none_when_no_word_occurs_and_whole_words_only() {
        assert!(snippet("The troopship sailed.", &query_words("troops", 16, 64), 24).is_none());
        assert!(snippet("", &query_words("a", 16, 64), 24).is_none());
        assert!(snippet("text", &[], 24).is_none());
    }

    #[test]
    fn line_breaks_become_spaces() {
        let s = snippet("Curfew\nin the\r\ncapital", &query_words("curfew", 16, 64), 24).unwrap();
        assert_eq!(render(&s), "[Curfew] in the capital");
    }
}
