//! Tokenisation with byte offsets into the clean text.
//!
//! The tokens follow Penn Treebank / UD English EWT conventions closely enough for a tagger trained
//! on EWT, with a few deliberate differences that suit news text better:
//!
//! - punctuation is split off words, and every quote character and bracket is its own token;
//! - abbreviations keep their period (`U.S.`, `Dr.`, `Jan.`, `e.g.`, `a.m.`), as do initials (`J.`),
//!   except at the end of a line, where that period is the sentence's full stop too and becomes a
//!   token of its own as in EWT (`to the U.S.` + line break -> `U.S` `.`);
//! - numbers keep their decimal and thousands separators and date/time punctuation
//!   (`3.5`, `2,500`, `10:30`, `2022-01-05`, `05.01.2022`, `11/28/2000`), ordinals and decades
//!   keep their suffix (`21st`, `1990s`), while `%` and currency signs are tokens of their own;
//! - clitics are split as in EWT: `Kazakhstan's` -> `Kazakhstan` `'s`, `don't` -> `do` `n't`,
//!   `cannot` -> `can` `not` (straight and curly apostrophes alike), but `O'Brien` stays whole;
//! - hyphenated words stay whole (`Russia-led`, `eighty-one-year-old`). EWT splits most of them;
//!   we keep them because downstream entity and event rules match them as units;
//! - URLs, e-mail addresses, `#hashtags` and `@handles` are single tokens;
//! - `...`, `…`, `--` and runs of `?`/`!` are single tokens; em and en dashes are their own tokens
//!   even when glued between words (`CSTO—a`).
//!
//! The tokenizer is a single forward scan over bytes with an ASCII fast path; it never panics and
//! every token is a non-empty span on char boundaries, in order and non-overlapping.

use model::{Diagnostic, Doc, Layer, Span, Token, TokenKind};

use crate::Annotator;

/// The `tokens` annotator.
pub struct Tokens;

impl Annotator for Tokens {
    fn name(&self) -> &'static str {
        "tokens"
    }
    fn version(&self) -> u32 {
        2
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

/// Splits `text` into tokens. Whitespace and control characters separate tokens and belong to none.
pub fn tokenize(text: &str) -> Vec<Token> {
    // Spans are u32 byte offsets; a text beyond 4 GiB is tokenized up to that limit rather than
    // producing wrapped offsets.
    let mut limit = text.len().min(u32::MAX as usize);
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    let text = text.get(..limit).unwrap_or("");
    let mut scanner = Scanner {
        text,
        bytes: text.as_bytes(),
        out: Vec::with_capacity(text.len() / 5 + 1),
    };
    scanner.run();
    scanner.out
}

struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    out: Vec<Token>,
}

impl<'a> Scanner<'a> {
    fn run(&mut self) {
        let mut i = 0;
        while i < self.bytes.len() {
            i = self.step(i);
        }
    }

    /// Consumes whatever starts at `i` (a token or a separator) and returns the next position,
    /// always greater than `i`.
    fn step(&mut self, i: usize) -> usize {
        let Some((c, len)) = self.char_at(i) else {
            return self.bytes.len();
        };
        let next = i + len;
        if c.is_ascii() {
            match c {
                'a'..='z' | 'A'..='Z' | '_' => self.word(i),
                '0'..='9' => self.number(i),
                ' ' | '\x00'..='\x1f' | '\x7f' => next,
                '.' => {
                    let end = self.run_of(i, |b| b == b'.');
                    self.push(i, end, TokenKind::Punct);
                    end
                }
                '!' | '?' => {
                    let end = self.run_of(i, |b| b == b'!' || b == b'?');
                    self.push(i, end, TokenKind::Punct);
                    end
                }
                '-' => {
                    let end = self.run_of(i, |b| b == b'-');
                    self.push(i, end, TokenKind::Punct);
                    end
                }
                '*' | '=' | '<' | '>' | '~' | '$' => {
                    // Rules and emphasis ("***", "====", "$$$") are one token.
                    let end = self.run_of(i, |b| b == c as u8);
                    self.push(i, end, ascii_kind(c));
                    end
                }
                ':' | ';' if self.emoticon(i).is_some() => {
                    let end = self.emoticon(i).unwrap_or(next);
                    self.push(i, end, TokenKind::Symbol);
                    end
                }
                '#' if self.letter_at(next) => self.tag(i, next),
                '@' if self.word_char_at(next) => self.tag(i, next),
                _ => {
                    self.push(i, next, ascii_kind(c));
                    next
                }
            }
        } else if is_space(c) {
            next
        } else if is_word_char(c) {
            self.word(i)
        } else if is_extender(c) {
            self.extender(i)
        } else if c == '—' || c == '–' || c == '―' {
            // A run of the same dash ("——") is one token.
            let mut end = next;
            while let Some((d, dl)) = self.char_at(end) {
                if d != c {
                    break;
                }
                end += dl;
            }
            self.push(i, end, TokenKind::Punct);
            end
        } else {
            self.push(i, next, unicode_kind(c));
            next
        }
    }

    fn char_at(&self, i: usize) -> Option<(char, usize)> {
        let b = *self.bytes.get(i)?;
        if b < 0x80 {
            return Some((b as char, 1));
        }
        let c = self.text.get(i..)?.chars().next()?;
        Some((c, c.len_utf8()))
    }

    fn word_char_at(&self, i: usize) -> bool {
        self.char_at(i).is_some_and(|(c, _)| is_word_char(c))
    }

    fn letter_at(&self, i: usize) -> bool {
        self.char_at(i).is_some_and(|(c, _)| c.is_alphabetic())
    }

    fn byte(&self, i: usize) -> u8 {
        self.bytes.get(i).copied().unwrap_or(0)
    }

    fn run_of(&self, i: usize, f: impl Fn(u8) -> bool) -> usize {
        let mut end = i + 1;
        while end < self.bytes.len() && f(self.byte(end)) {
            end += 1;
        }
        end
    }

    fn push(&mut self, start: usize, end: usize, kind: TokenKind) {
        if start < end {
            self.out.push(Token {
                span: Span::new(start, end),
                kind,
            });
        }
    }

    /// The end of the run of word characters starting at `i` (letters of any script, digits,
    /// `_`, combining marks and joiners).
    fn scan_word_chars(&self, mut i: usize) -> usize {
        loop {
            let b = self.byte(i);
            if b.is_ascii_alphanumeric() || b == b'_' {
                i += 1;
            } else if b >= 0x80 {
                match self.char_at(i) {
                    Some((c, l)) if is_word_char(c) || is_extender(c) => i += l,
                    _ => return i,
                }
            } else {
                return i;
            }
        }
    }

    fn scan_ascii_digits(&self, mut i: usize) -> usize {
        while self.byte(i).is_ascii_digit() {
            i += 1;
        }
        i
    }

    fn scan_ascii_letters(&self, mut i: usize) -> usize {
        while self.byte(i).is_ascii_alphabetic() {
            i += 1;
        }
        i
    }

    /// `#hashtag` or `@handle`: the sign plus the word characters after it.
    fn tag(&mut self, start: usize, after_sign: usize) -> usize {
        let mut end = self.scan_word_chars(after_sign);
        // "@example.com" (an address without its user part) goes on through the domain.
        while self.byte(end) == b'.' && self.byte(end + 1).is_ascii_alphanumeric() {
            end = self.scan_word_chars(end + 1);
        }
        self.push(start, end, TokenKind::Word);
        end
    }

    /// Combining marks, variation selectors, skin-tone modifiers and joiners belong to the token
    /// they follow; after a zero-width joiner the joined character belongs to it too (emoji
    /// sequences). Found after whitespace, they form a symbol token of their own.
    fn extender(&mut self, start: usize) -> usize {
        let mut end = start;
        while let Some((c, l)) = self.char_at(end) {
            if is_extender(c) {
                end += l;
                if c == '\u{200D}' {
                    if let Some((d, dl)) = self.char_at(end) {
                        if !is_space(d) {
                            end += dl;
                        }
                    }
                }
            } else {
                break;
            }
        }
        match self.out.last_mut() {
            Some(last) if last.span.end as usize == start => last.span.end = end as u32,
            _ => self.push(start, end, TokenKind::Symbol),
        }
        end.max(start + 1)
    }

    /// A number starting with an ASCII digit.
    fn number(&mut self, start: usize) -> usize {
        let mut end = self.scan_ascii_digits(start);
        loop {
            let sep = self.byte(end);
            // Decimal and thousands separators, times, dates, phone numbers: a separator is part
            // of the number only when a digit follows it.
            if matches!(sep, b'.' | b',' | b':' | b'/' | b'-')
                && self.byte(end + 1).is_ascii_digit()
            {
                end = self.scan_ascii_digits(end + 1);
            } else {
                break;
            }
        }
        let letters_end = self.scan_ascii_letters(end);
        if letters_end > end && !self.word_char_at(letters_end) {
            let suffix = self.text.get(end..letters_end).unwrap_or("");
            let ordinal = ["st", "nd", "rd", "th"]
                .iter()
                .any(|s| suffix.eq_ignore_ascii_case(s));
            let decade = suffix == "s";
            if ordinal || decade {
                self.push(start, letters_end, TokenKind::Number);
                return letters_end;
            }
        }
        // "15-year-old", "2,500-strong": a hyphen followed by a letter makes a compound word.
        if matches!(self.byte(end), b'-') && self.letter_at(end + 1) {
            return self.word_from(start, end);
        }
        self.push(start, end, TokenKind::Number);
        end
    }

    /// A word starting with a letter.
    fn word(&mut self, start: usize) -> usize {
        if let Some(end) = self.url(start) {
            self.push(start, end, TokenKind::Word);
            return end;
        }
        let end = self.scan_word_chars(start);
        if let Some(split) = contraction_split(self.text.get(start..end).unwrap_or("")) {
            self.push(start, start + split, TokenKind::Word);
            self.push(start + split, end, TokenKind::Word);
            return end;
        }
        self.word_from(start, end)
    }

    /// Continues a word whose first part is `start..end` through hyphens, inner apostrophes,
    /// abbreviation periods and the like, and pushes it (and a split-off clitic, if any).
    fn word_from(&mut self, start: usize, mut end: usize) -> usize {
        while let Some((c, cl)) = self.char_at(end) {
            match c {
                '-' | '\u{2010}' | '\u{2011}' if self.word_char_at(end + cl) => {
                    end = self.scan_word_chars(end + cl);
                }
                '&' if self.byte(end - 1).is_ascii_uppercase()
                    && self.byte(end + 1).is_ascii_uppercase() =>
                {
                    // AT&T, S&P, R&D.
                    end = self.scan_word_chars(end + 1);
                }
                '\'' | '’' if self.word_char_at(end + cl) => {
                    let rest_end = self.scan_word_chars(end + cl);
                    let rest = self.text.get(end + cl..rest_end).unwrap_or("");
                    if is_clitic(rest) {
                        self.push(start, end, TokenKind::Word);
                        self.push(end, rest_end, TokenKind::Word);
                        return rest_end;
                    }
                    let before = self.byte(end - 1);
                    if rest.eq_ignore_ascii_case("t")
                        && (before == b'n' || before == b'N')
                        && end - 1 > start
                    {
                        // don't -> do n't, can't -> ca n't (EWT).
                        self.push(start, end - 1, TokenKind::Word);
                        self.push(end - 1, rest_end, TokenKind::Word);
                        return rest_end;
                    }
                    // O'Brien, rock'n'roll.
                    end = rest_end;
                }
                // "Kevin.A.Boone@example.com" would otherwise look like an acronym.
                '.' if self.byte(end + 1).is_ascii_alphanumeric()
                    && self.email_from(start).is_some() =>
                {
                    let e = self.email_from(start).unwrap_or(end + 1);
                    self.push(start, e, TokenKind::Word);
                    return e;
                }
                '.' => match self.after_word_period(start, end) {
                    Period::Take(e) => {
                        // At the end of a paragraph the period of "U.S." or "Inc." is also the
                        // sentence's full stop: split it off as EWT does. The same goes for a
                        // single capital, there more often a letter ("Plan B.") than an initial.
                        if self.at_line_end(e) && e - 1 > start && self.byte(e - 1) == b'.' {
                            self.push(start, e - 1, TokenKind::Word);
                            self.push(e - 1, e, TokenKind::Punct);
                        } else {
                            self.push(start, e, TokenKind::Word);
                        }
                        return e;
                    }
                    Period::Continue(e) => end = e,
                    Period::Stop => {
                        if let Some(e) = self.email_from(start) {
                            self.push(start, e, TokenKind::Word);
                            return e;
                        }
                        break;
                    }
                },
                '@' => {
                    if let Some(e) = self.email_domain(end + 1) {
                        self.push(start, e, TokenKind::Word);
                        return e;
                    }
                    break;
                }
                _ => break,
            }
        }
        let kind = if self.byte(start).is_ascii_digit()
            && !self
                .text
                .get(start..end)
                .unwrap_or("")
                .bytes()
                .any(|b| b.is_ascii_alphabetic())
        {
            TokenKind::Number
        } else {
            TokenKind::Word
        };
        self.push(start, end, kind);
        end
    }

    /// Decides what a period at `dot` after the word `start..dot` does.
    fn after_word_period(&self, start: usize, dot: usize) -> Period {
        let word = self.text.get(start..dot).unwrap_or("");
        // Dotted acronyms: U.S., U.S.A., e.g., a.m., Ph.D. A single letter followed by a period
        // and another period continues the acronym.
        let mut j = dot;
        let mut groups = 0;
        while self.byte(j) == b'.' {
            let Some((c, l)) = self.char_at(j + 1) else {
                break;
            };
            if c.is_alphabetic() && !self.word_char_at(j + 1 + l) {
                j += 1 + l;
                groups += 1;
            } else {
                break;
            }
        }
        let short = word.chars().count() <= 2;
        if groups > 0 && (short || self.byte(j) == b'.') {
            if self.byte(j) == b'.' {
                j += 1;
            }
            // "U.S.-led" goes on as a hyphenated word.
            return if matches!(self.byte(j), b'-') && self.word_char_at(j + 1) {
                Period::Continue(j)
            } else {
                Period::Take(j)
            };
        }
        let mut chars = word.chars();
        if let (Some(first), None) = (chars.next(), chars.next()) {
            // Initials: "J. R. R. Tolkien", "Svante E. Cornell".
            if first.is_uppercase() {
                return Period::Take(dot + 1);
            }
        }
        if is_abbreviation(word)
            || (matches!(word, "No" | "no" | "Nos" | "nos") && self.followed_by_number(dot + 1))
        {
            return Period::Take(dot + 1);
        }
        // "Amazon.com", "node.js": a period followed by a lowercase letter or a digit inside a
        // word. A capital after the period is a missing space between sentences instead.
        let next = self.byte(dot + 1);
        if next.is_ascii_lowercase()
            || (next.is_ascii_digit() && word.bytes().any(|b| b.is_ascii_alphabetic()))
        {
            return Period::Continue(self.scan_word_chars(dot + 1));
        }
        Period::Stop
    }

    fn followed_by_number(&self, mut i: usize) -> bool {
        while matches!(self.byte(i), b' ' | b'\t') {
            i += 1;
        }
        self.byte(i).is_ascii_digit()
    }

    /// The end of an e-mail domain starting at `i` (after the `@`): labels of ASCII letters,
    /// digits and hyphens, at least two of them separated by periods.
    fn email_domain(&self, i: usize) -> Option<usize> {
        let mut end = i;
        let mut labels = 0;
        loop {
            let label_end = {
                let mut e = end;
                while self.byte(e).is_ascii_alphanumeric() || self.byte(e) == b'-' {
                    e += 1;
                }
                e
            };
            if label_end == end {
                break;
            }
            labels += 1;
            end = label_end;
            if self.byte(end) == b'.' && self.byte(end + 1).is_ascii_alphanumeric() {
                end += 1;
            } else {
                break;
            }
        }
        (labels >= 2).then_some(end)
    }

    /// The end of an emoticon (`:)`, `:-(`, `;)`, `:D`) starting at `i`, if there is one.
    fn emoticon(&self, i: usize) -> Option<usize> {
        let mut j = i + 1;
        if self.byte(j) == b'-' {
            j += 1;
        }
        match self.byte(j) {
            b')' | b'(' => Some(j + 1),
            b'D' | b'P' if !self.word_char_at(j + 1) => Some(j + 1),
            _ => None,
        }
    }

    /// Whether only spaces and tabs separate `i` from a line break or the end of the text.
    fn at_line_end(&self, mut i: usize) -> bool {
        while matches!(self.byte(i), b' ' | b'\t') {
            i += 1;
        }
        matches!(self.byte(i), b'\n' | b'\r' | 0)
    }

    /// The end of an e-mail address starting at `start`, whatever the case of its user part
    /// (`Kevin.A.Boone@example.com`).
    fn email_from(&self, start: usize) -> Option<usize> {
        let mut i = start;
        while matches!(self.byte(i), b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'.' | b'_' | b'%' | b'+' | b'-')
        {
            i += 1;
        }
        if self.byte(i) != b'@' || i == start || self.byte(i - 1) == b'.' {
            return None;
        }
        self.email_domain(i + 1)
    }

    /// A URL starting at `start`, by its scheme or `www.`, up to whitespace or a quote, without
    /// trailing sentence punctuation or an unbalanced closing bracket.
    fn url(&self, start: usize) -> Option<usize> {
        let rest = self.bytes.get(start..)?;
        let prefixed = |p: &[u8]| rest.len() > p.len() && rest[..p.len()].eq_ignore_ascii_case(p);
        if !(prefixed(b"http://")
            || prefixed(b"https://")
            || prefixed(b"ftp://")
            || prefixed(b"www."))
        {
            return None;
        }
        let mut end = start;
        while let Some((c, l)) = self.char_at(end) {
            if is_space(c) || matches!(c, '"' | '<' | '>' | '“' | '”' | '‘' | '’' | '«' | '»')
            {
                break;
            }
            end += l;
        }
        loop {
            let url = self.text.get(start..end)?;
            let opens = url.bytes().filter(|&b| b == b'(').count();
            let closes = url.bytes().filter(|&b| b == b')').count();
            match url.as_bytes().last() {
                Some(b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\'') => end -= 1,
                Some(b')') if closes > opens => end -= 1,
                _ => break,
            }
        }
        // "www." alone is not a URL.
        (end > start + 4).then_some(end)
    }
}

enum Period {
    /// The word ends after the period at this position.
    Take(usize),
    /// The word goes on to this position.
    Continue(usize),
    /// The period is not part of the word.
    Stop,
}

/// Clitics split off as in EWT: `'s` (possessive or "is"), `'re`, `'ve`, `'ll`, `'d`, `'m`.
fn is_clitic(rest: &str) -> bool {
    ["s", "re", "ve", "ll", "d", "m"]
        .iter()
        .any(|c| rest.eq_ignore_ascii_case(c))
}

/// Words EWT writes as two tokens without an apostrophe: the split point.
fn contraction_split(word: &str) -> Option<usize> {
    match word {
        "cannot" | "Cannot" | "CANNOT" => Some(3),
        "gonna" | "Gonna" | "wanna" | "Wanna" => Some(3),
        "gotta" | "Gotta" => Some(3),
        _ => None,
    }
}

/// Abbreviations that keep their period. Case matters: `Gen.` is an abbreviation, `gen.` is not.
/// `No.` is decided by context (only before a number), see `after_word_period`.
pub(crate) fn is_abbreviation(word: &str) -> bool {
    matches!(
        word,
        // Titles and ranks.
        "Mr" | "Mrs" | "Ms" | "Mx" | "Dr" | "Prof" | "Gen" | "Gens" | "Col" | "Lt" | "Sen" | "Sens"
            | "Rep" | "Reps" | "Gov" | "Govt" | "St" | "Ste" | "Capt" | "Sgt" | "Cpl" | "Pvt" | "Maj"
            | "Adm" | "Cmdr" | "Cdr" | "Rev" | "Hon" | "Pres" | "Supt" | "Messrs" | "Mme" | "Mlle"
            | "Jr" | "Sr" | "Mt" | "Ft" | "Brig" | "Amb" | "Atty" | "Insp" | "Det" | "Ald"
            // Months and days.
            | "Jan" | "Feb" | "Mar" | "Apr" | "Jun" | "Jul" | "Aug" | "Sep" | "Sept" | "Oct" | "Nov"
            | "Dec" | "Mon" | "Tue" | "Tues" | "Thu" | "Thur" | "Thurs" | "Fri"
            // Companies and places.
            | "Inc" | "Corp" | "Ltd" | "Co" | "Bros" | "Dept" | "Assn" | "Univ" | "Ave" | "Blvd"
            | "Calif" | "Colo" | "Conn" | "Fla" | "Ariz" | "Okla" | "Tenn" | "Minn" | "Mich"
            // Latin and reference abbreviations.
            | "etc" | "vs" | "v" | "cf" | "al" | "approx" | "esp" | "incl" | "Vol" | "vol" | "Fig"
            | "fig" | "pp" | "ibid" | "Ibid" | "ext" | "Ext" | "tel" | "Tel"
    )
}

fn ascii_kind(c: char) -> TokenKind {
    match c {
        '$' | '%' | '&' | '+' | '<' | '=' | '>' | '^' | '|' | '~' | '#' | '@' | '\\' | '*' => {
            TokenKind::Symbol
        }
        _ => TokenKind::Punct,
    }
}

fn unicode_kind(c: char) -> TokenKind {
    match c {
        '¢'..='¥'
        | '©'
        | '®'
        | '°'
        | '±'
        | '×'
        | '÷'
        | '¬'
        | 'µ'
        | '‰'
        | '‱'
        | '\u{20A0}'..='\u{20CF}' => TokenKind::Symbol,
        '\u{2100}'..='\u{214F}' | '\u{2190}'..='\u{2BFF}' | '\u{1F000}'..='\u{1FAFF}' => {
            TokenKind::Symbol
        }
        _ => TokenKind::Punct,
    }
}

/// Separators: Unicode whitespace, control characters, zero-width space, word joiner and BOM.
fn is_space(c: char) -> bool {
    c.is_whitespace() || c.is_control() || matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        c.is_alphanumeric()
    }
}

/// Characters that never start a token of their own when glued to one: combining marks (the
/// main blocks), joiners, variation selectors, emoji skin-tone modifiers and tag characters.
fn is_extender(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{0483}'..='\u{0489}'
        | '\u{0591}'..='\u{05BD}'
        | '\u{064B}'..='\u{065F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{200C}' | '\u{200D}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FE20}'..='\u{FE2F}'
        | '\u{1F3FB}'..='\u{1F3FF}'
        | '\u{E0020}'..='\u{E007F}'
        | '\u{E0100}'..='\u{E01EF}')
}

/// Whether a token is an opening quote or bracket (used by the segmenter).
pub(crate) fn is_opener(s: &str) -> bool {
    matches!(
        s,
        "\"" | "'" | "“" | "‘" | "«" | "„" | "‚" | "‹" | "(" | "[" | "{" | "`" | "``"
    )
}
