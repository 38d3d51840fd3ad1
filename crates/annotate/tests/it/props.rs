//! Invariants that must hold on any input, including random bytes and odd Unicode.

use annotate::{sentences::segment, tokens::tokenize};

/// A small deterministic PRNG (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Pieces that exercise the tokenizer's special cases, glued at random.
const PIECES: &[&str] = &[
    ".", "..", "'", "’", "-", "—", "U", "S", "s", "t", "n", "1", "9", ",", ":", "/", "@", "#",
    "http://", "www.", "a", "Dr", "No", "etc", "e", "g", "…", "😀", "\u{200D}", "\u{301}",
    "\u{FE0F}", "Ж", "Қ", " ", "  ", "\n", "\n\n", "\t", "\r", "\"", "“", "”", "(", ")", "$", "%",
    "&", "A", "T", "?", "!", "\u{0}", "\u{200B}", "\u{FEFF}", "\u{85}", "\u{2028}", "ǅ", "ß", "İ",
    "١", "²", "_", "x.com", "O'", "n't",
];

fn check_invariants(text: &str) {
    let tokens = tokenize(text);
    let mut prev_end = 0usize;
    let mut covered = vec![false; text.len()];
    for t in &tokens {
        let (s, e) = (t.span.start as usize, t.span.end as usize);
        assert!(s < e, "empty token {s}..{e} in {text:?}");
        assert!(
            s >= prev_end,
            "overlapping or unsorted token {s}..{e} in {text:?}"
        );
        assert!(
            e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e),
            "bad boundary {s}..{e} in {text:?}"
        );
        assert!(
            !t.span.text(text).chars().any(char::is_whitespace),
            "whitespace inside token {s}..{e} in {text:?}"
        );
        covered[s..e].iter_mut().for_each(|c| *c = true);
        prev_end = e;
    }
    // Nothing but separators is left out of tokens.
    for (i, c) in text.char_indices() {
        let separator = c.is_whitespace()
            || c.is_control()
            || matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}');
        assert!(
            covered[i] || separator,
            "{c:?} at {i} dropped from {text:?}"
        );
    }

    let sentences = segment(text, &tokens);
    let mut next = 0u32;
    let mut paragraph = 0u32;
    for s in &sentences {
        assert_eq!(
            s.tokens.0, next,
            "sentences must cover tokens in order in {text:?}"
        );
        assert!(s.tokens.1 > s.tokens.0, "empty sentence in {text:?}");
        let first = tokens[s.tokens.0 as usize];
        let last = tokens[s.tokens.1 as usize - 1];
        assert_eq!(
            (s.span.start, s.span.end),
            (first.span.start, last.span.end),
            "sentence span in {text:?}"
        );
        assert!(
            s.paragraph >= paragraph,
            "paragraphs go backwards in {text:?}"
        );
        paragraph = s.paragraph;
        next = s.tokens.1;
    }
    assert_eq!(
        next as usize,
        tokens.len(),
        "sentences must cover all tokens in {text:?}"
    );
}

#[test]
fn fixed_odd_inputs() {
    for text in [
        "",
        " ",
        "\n\n\n",
        "\u{FEFF}",
        "\u{200D}",
        "\u{301}abc",
        " \u{FE0F}",
        ".",
        "...",
        "'",
        "n't",
        "'s",
        "U.",
        "U.S",
        "www.",
        "http://",
        "a@b.",
        "#",
        "@",
        "1.",
        "1,",
        "1-",
        "-1",
        "A&",
        "&T",
        "—",
        "“”",
        "Dr.",
        "No.",
        "e.g",
        "ǅ. ß. İ.",
        "\u{0}\u{1}\u{7f}",
        "x\u{200D}",
        "١٢٣.٤",
        "a\r\n\r\nb",
    ] {
        check_invariants(text);
    }
}

#[test]
fn random_pieces() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..20_000 {
        let n = rng.below(40);
        let text: String = (0..n).map(|_| PIECES[rng.below(PIECES.len())]).collect();
        check_invariants(&text);
    }
}

#[test]
fn random_bytes() {
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    for _ in 0..20_000 {
        let n = rng.below(64);
        // Mostly ASCII with some high bytes, so that lossy decoding yields a mix.
        let bytes: Vec<u8> = (0..n)
            .map(|_| {
                if rng.below(4) == 0 {
                    rng.next() as u8
                } else {
                    0x20 + rng.below(0x5f) as u8
                }
            })
            .collect();
        check_invariants(&String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn random_chars() {
    let mut rng = Rng(42);
    for _ in 0..5_000 {
        let n = rng.below(32);
        let text: String = (0..n)
            .filter_map(|_| char::from_u32(rng.below(0x1_1000) as u32))
            .collect();
        check_invariants(&text);
    }
}
