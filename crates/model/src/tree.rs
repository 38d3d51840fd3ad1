//! A read-only view of a document's dependency trees (children, subtrees, token lookups),
//! built once per document from `Doc::analyses`; shared by the attribution and event extractors.

use crate::Doc;

pub struct Tree<'a> {
    pub doc: &'a Doc,
    /// Children of each token, in text order; only within the token's sentence.
    children: Vec<Vec<u32>>,
    /// Sentence index of each token.
    pub sentence_of: Vec<u32>,
    /// Number of tokens with an analysis.
    pub n: usize,
}

impl<'a> Tree<'a> {
    pub fn new(doc: &'a Doc) -> Tree<'a> {
        let n = doc.tokens.len().min(doc.analyses.len());
        let mut sentence_of = vec![u32::MAX; n];
        for (si, s) in doc.sentences.iter().enumerate() {
            let end = (s.tokens.1 as usize).min(n);
            for slot in sentence_of.iter_mut().take(end).skip(s.tokens.0 as usize) {
                *slot = si as u32;
            }
        }
        let mut children = vec![Vec::new(); n];
        for i in 0..n {
            if let Some(h) = doc.analyses.get(i).and_then(|a| a.head).map(|h| h as usize) {
                if h < n && h != i && sentence_of.get(h) == sentence_of.get(i) {
                    if let Some(c) = children.get_mut(h) {
                        c.push(i as u32);
                    }
                }
            }
        }
        Tree { doc, children, sentence_of, n }
    }

    pub fn word(&self, i: usize) -> &'a str {
        self.doc.tokens.get(i).map_or("", |t| t.span.text(&self.doc.text))
    }

    pub fn lemma(&self, i: usize) -> &'a str {
        self.doc.analyses.get(i).map_or("", |a| a.lemma.as_str())
    }

    pub fn upos(&self, i: usize) -> &'a str {
        self.doc.analyses.get(i).map_or("", |a| a.upos.as_str())
    }

    pub fn xpos(&self, i: usize) -> &'a str {
        self.doc.analyses.get(i).map_or("", |a| a.xpos.as_str())
    }

    pub fn rel(&self, i: usize) -> &'a str {
        self.doc.analyses.get(i).map_or("", |a| a.deprel.as_str())
    }

    /// The head within the same sentence, if any.
    pub fn head(&self, i: usize) -> Option<usize> {
        let h = self.doc.analyses.get(i)?.head? as usize;
        (h < self.n && self.sentence_of.get(h) == self.sentence_of.get(i)).then_some(h)
    }

    pub fn children(&self, i: usize) -> &[u32] {
        self.children.get(i).map_or(&[], Vec::as_slice)
    }

    /// The first child whose relation is `rel` or a subtype of it (`nsubj` matches `nsubj:pass`).
    pub fn child(&self, i: usize, rel: &str) -> Option<usize> {
        self.children(i).iter().map(|&c| c as usize).find(|&c| rel_is(self.rel(c), rel))
    }

    /// All tokens of the subtree rooted at `i`, sorted.
    pub fn subtree(&self, i: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack = vec![i];
        // A tree has no cycles, but the bound keeps a malformed analysis from looping.
        while let Some(t) = stack.pop() {
            if out.len() > self.n {
                break;
            }
            out.push(t);
            stack.extend(self.children(t).iter().map(|&c| c as usize));
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Byte range from the first to the last token of the subtree rooted at `i`.
    pub fn extent(&self, i: usize) -> (usize, usize) {
        let sub = self.subtree(i);
        (sub.first().map_or(0, |&x| self.span(x).0), sub.last().map_or(0, |&x| self.span(x).1))
    }

    /// The sentences that open a paragraph (the first sentence of each run of sentences with
    /// the same paragraph number), as token ranges.
    pub fn paragraph_openings(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        let mut last_paragraph = None;
        self.doc.sentences.iter().enumerate().filter_map(move |(si, s)| {
            if last_paragraph == Some(s.paragraph) {
                return None;
            }
            last_paragraph = Some(s.paragraph);
            Some(self.sentence_tokens(si))
        })
    }

    /// Token range `[start, end)` of sentence `s`.
    pub fn sentence_tokens(&self, s: usize) -> (usize, usize) {
        self.doc.sentences.get(s).map_or((0, 0), |s| ((s.tokens.0 as usize).min(self.n), (s.tokens.1 as usize).min(self.n)))
    }

    pub fn is_punct(&self, i: usize) -> bool {
        self.upos(i) == "PUNCT" || self.word(i).chars().all(|c| !c.is_alphanumeric())
    }

    /// Byte span of token `i`.
    pub fn span(&self, i: usize) -> (usize, usize) {
        self.doc.tokens.get(i).map_or((0, 0), |t| (t.span.start as usize, t.span.end as usize))
    }

    /// The first token whose span ends after `byte` (the token at or after that offset).
    pub fn token_at_or_after(&self, byte: usize) -> usize {
        self.doc.tokens[..self.n].partition_point(|t| (t.span.end as usize) <= byte)
    }

    /// Contiguous runs of `tokens` (sorted), as byte spans, with punctuation trimmed from the
    /// ends of each run.
    pub fn runs(&self, tokens: &[usize]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let mut j = i;
            while j + 1 < tokens.len() && tokens[j + 1] == tokens[j] + 1 {
                j += 1;
            }
            let (mut a, mut b) = (i, j);
            while a <= b && self.is_punct(tokens[a]) && !self.is_quote_mark(tokens[a]) {
                a += 1;
            }
            while b > a && self.is_punct(tokens[b]) && !self.is_quote_mark(tokens[b]) {
                b -= 1;
            }
            if a <= b && !(a == b && self.is_punct(tokens[a])) {
                out.push((self.span(tokens[a]).0, self.span(tokens[b]).1));
            }
            i = j + 1;
        }
        out
    }

    fn is_quote_mark(&self, i: usize) -> bool {
        matches!(self.word(i), "“" | "”" | "\"" | "«" | "»" | "„" | "''" | "``")
    }
}

/// Whether dependency relation `rel` is `base` or a subtype of it.
pub fn rel_is(rel: &str, base: &str) -> bool {
    rel == base || (rel.len() > base.len() && rel.starts_with(base) && rel.as_bytes().get(base.len()) == Some(&b':'))
}
