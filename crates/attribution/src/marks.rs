//! Quotation marks: pairs of double quotes (straight, curly, guillemets, low-9) within a
//! paragraph, and quotations that run on over several paragraphs (the English convention: a
//! paragraph that ends inside a quotation opens the next one with a quote mark again).
//!
//! Single quotes (‘ ’ and ') are not paired: in English news they are apostrophes far more
//! often than quotation marks, and when they quote, they quote a phrase inside a double-quoted
//! or reported statement ("praising Tokayev for ‘decisive and effective actions’"), which the
//! statement's span covers anyway.

/// One quotation: the text between the marks, and the marks included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quotation {
    /// Byte range of the quoted text, without the marks.
    pub inner: (usize, usize),
    /// Byte range including the marks (the closing mark is absent when the quotation runs to
    /// the end of its paragraph).
    pub outer: (usize, usize),
    /// Whether this quotation continues one left open at the end of the previous paragraph.
    pub continues: bool,
}

fn is_open_mark(c: char) -> bool {
    matches!(c, '“' | '«' | '„')
}

fn is_close_mark(c: char) -> bool {
    matches!(c, '”' | '»')
}

/// Finds quotations in `text`, paragraph by paragraph (`paragraphs` are byte ranges in order).
pub fn quotations(text: &str, paragraphs: &[(usize, usize)]) -> Vec<Quotation> {
    let mut out = Vec::new();
    // Whether the previous paragraph ended inside a quotation.
    let mut left_open = false;
    // Whether that quotation opened with a straight mark: a paragraph continues it only with the
    // same kind of mark (a stray `"` left open must not swallow the next “...” statement).
    let mut left_open_straight = false;
    for &(p_start, p_end) in paragraphs {
        let Some(par) = text.get(p_start..p_end) else { continue };
        let mut open: Option<usize> = None; // byte offset of the opening mark
        let mut open_straight = false;
        let mut first_mark = true;
        let mut continues_here = false;
        let mut prev: Option<char> = None;
        let mut nested = 0u32;
        let mut chars = par.char_indices().peekable();
        while let Some((i, mut c)) = chars.next() {
            let mut next = chars.peek().map(|&(_, n)| n);
            let at = p_start + i;
            // Two apostrophes (or backticks) are one straight double quote, as in some wire
            // and newspaper archives (''We will stay,'' he said).
            let mut width = c.len_utf8();
            if (c == '\'' && next == Some('\'')) || (c == '`' && next == Some('`')) {
                chars.next();
                width = 2;
                next = chars.peek().map(|&(_, n)| n);
                c = if c == '`' { '“' } else { '"' };
            }
            // A closing mark at the start of a paragraph, before a word, opens it (”Fear. ...”).
            let misturned = c == '”' && open.is_none() && par[..i].trim().is_empty() && next.is_some_and(char::is_alphanumeric);
            let opening = is_open_mark(c) || misturned || (c == '"' && open.is_none() && straight_opens(prev, next));
            let closing = (is_close_mark(c) && !misturned) || (c == '"' && open.is_some());
            // A curly quotation inside a curly quotation (“... what he calls “hell” ...”).
            if open.is_some() && is_open_mark(c) {
                nested += 1;
                prev = Some(c);
                continue;
            }
            if nested > 0 && is_close_mark(c) {
                nested -= 1;
                prev = Some(c);
                continue;
            }
            if open.is_none() && opening {
                continues_here = first_mark && left_open && par[..i].trim().is_empty() && (c == '"') == left_open_straight;
                open_straight = c == '"';
                open = Some(at);
                first_mark = false;
            } else if let (Some(o), true) = (open, closing) {
                let inner_start = o + mark_width(&text[o..]);
                if at > inner_start {
                    out.push(Quotation { inner: (inner_start, at), outer: (o, at + width), continues: continues_here });
                }
                open = None;
                first_mark = false;
            } else if opening || closing {
                first_mark = false;
            }
            prev = Some(c);
        }
        left_open = false;
        if let Some(o) = open {
            let inner_start = o + mark_width(&text[o..]);
            let end = p_start + par.trim_end().len();
            if end > inner_start {
                out.push(Quotation { inner: (inner_start, end), outer: (o, end), continues: continues_here });
                left_open = true;
                left_open_straight = open_straight;
            }
        }
    }
    out
}

/// Width in bytes of the quotation mark at the start of `s` (two for `''` and ``` `` ```).
fn mark_width(s: &str) -> usize {
    if s.starts_with("''") || s.starts_with("``") {
        2
    } else {
        s.chars().next().map_or(1, char::len_utf8)
    }
}

/// A straight double quote opens a quotation when it starts a word: after a space, an opening
/// bracket, a dash or nothing, and before a non-space.
fn straight_opens(prev: Option<char>, next: Option<char>) -> bool {
    let before_ok = prev.is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '—' | '–' | '-' | ':'));
    let after_ok = next.is_some_and(|n| !n.is_whitespace());
    before_ok && after_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inner(text: &str) -> Vec<&str> {
        let pars: Vec<(usize, usize)> = {
            let mut v = Vec::new();
            let mut start = 0;
            for part in text.split("\n\n") {
                v.push((start, start + part.len()));
                start += part.len() + 2;
            }
            v
        };
        quotations(text, &pars).iter().map(|q| &text[q.inner.0..q.inner.1]).collect()
    }

    #[test]
    fn curly_straight_and_guillemets() {
        assert_eq!(inner("He said “we will stay” and left."), ["we will stay"]);
        assert_eq!(inner("He said \"we will stay\" and \"go\"."), ["we will stay", "go"]);
        assert_eq!(inner("Il a dit «non» hier."), ["non"]);
        assert_eq!(inner("''We will stay,'' he said of ``the plan''."), ["We will stay,", "the plan"]);
        assert_eq!(inner("“I’d rather live in what he calls “hell” than here.” ― A. Reader"), ["I’d rather live in what he calls “hell” than here."]);
    }

    #[test]
    fn split_and_multi_paragraph() {
        let t = "“The presence,” Galeotti suggests, “was a token.”";
        assert_eq!(inner(t), ["The presence,", "was a token."]);
        let t = "“First paragraph of the quote.\n\n“Second paragraph,” she said.";
        let cut = t.find("\n\n").unwrap();
        let q = quotations(t, &[(0, cut), (cut + 2, t.len())]);
        assert_eq!(q.len(), 2);
        assert!(!q[0].continues && q[1].continues);
    }

    #[test]
    fn apostrophes_and_stray_marks_do_not_panic() {
        assert_eq!(inner("Rekker’s ‘reform’ didn’t last."), Vec::<&str>::new());
        assert_eq!(inner("”“"), Vec::<&str>::new());
        assert_eq!(inner("a \" b"), Vec::<&str>::new());
        assert_eq!(inner("“"), Vec::<&str>::new());
    }

    #[test]
    fn a_stray_straight_mark_is_not_continued_by_a_curly_quotation() {
        let t = "\"Trump walked onto the stage.\n\n“That’s right,” Melanie said.";
        let cut = t.find("\n\n").unwrap();
        let q = quotations(t, &[(0, cut), (cut + 2, t.len())]);
        assert_eq!(q.len(), 2);
        assert!(!q[1].continues);
        let t = "“First paragraph.\n\n“Second,” she said.";
        let cut = t.find("\n\n").unwrap();
        assert!(quotations(t, &[(0, cut), (cut + 2, t.len())])[1].continues);
    }

    #[test]
    fn closing_mark_opening_a_paragraph_opens() {
        assert_eq!(inner("”Fear. I am afraid.” ― A. Reader\n\n“Hope.” ― B. Reader"), ["Fear. I am afraid.", "Hope."]);
    }
}
