//! Compact binary encodings for the per-document blobs: tokens and MinHash signatures.
//!
//! Neither depends on SQLite: the PostgreSQL backend stores the same bytes in `BYTEA`.
//! Decoders never panic; they report what is wrong so the store can name the document.

use model::{Analysis, Span, Tag, Token, TokenKind};

/// First byte of a token blob, so the layout can change without a schema migration.
const TOKENS_V1: u8 = 1;

/// Encodes tokens as `version, varint n, then per token: zigzag(start - previous end),
/// zigzag(end - start) << 2 | kind`. Tokens are usually contiguous and short, so most take
/// two or three bytes; deltas are signed so that any token list (unsorted, overlapping,
/// inverted spans) round-trips exactly.
pub fn encode_tokens(tokens: &[Token]) -> Vec<u8> {
    let mut out = Vec::with_capacity(2 + tokens.len() * 3);
    out.push(TOKENS_V1);
    put_varint(&mut out, tokens.len() as u64);
    let mut prev_end: i64 = 0;
    for t in tokens {
        let start = i64::from(t.span.start);
        let end = i64::from(t.span.end);
        put_varint(&mut out, zigzag(start - prev_end));
        put_varint(&mut out, (zigzag(end - start) << 2) | kind_bits(t.kind));
        prev_end = end;
    }
    out
}

pub fn decode_tokens(data: &[u8]) -> Result<Vec<Token>, String> {
    let mut r = Reader { data, pos: 0 };
    match r.byte()? {
        TOKENS_V1 => {}
        v => return Err(format!("unknown token blob version {v}")),
    }
    let n = r.varint()?;
    // Each token takes at least two bytes, which bounds the allocation on corrupt input.
    let mut tokens = Vec::with_capacity((n as usize).min(data.len() / 2));
    let mut prev_end: i64 = 0;
    for i in 0..n {
        let start = prev_end + unzigzag(r.varint()?);
        let packed = r.varint()?;
        let end = start + unzigzag(packed >> 2);
        let kind = kind_from_bits(packed & 3);
        let (Ok(s), Ok(e)) = (u32::try_from(start), u32::try_from(end)) else {
            return Err(format!("token {i} has an out-of-range span {start}..{end}"));
        };
        tokens.push(Token { span: Span { start: s, end: e }, kind });
        prev_end = end;
    }
    if r.pos != data.len() {
        return Err(format!("{} trailing bytes after {n} tokens", data.len() - r.pos));
    }
    Ok(tokens)
}

/// First byte of an analyses blob.
const ANALYSES_V1: u8 = 1;

/// Lemma codes: the lemma is the token's text, its lowercase, or spelled out.
const LEMMA_FORM: u64 = 0;
const LEMMA_LOWER: u64 = 1;
const LEMMA_SPELLED: u64 = 2;

/// Encodes `Doc::analyses` (parallel to `tokens`, whose text the lemmas are compared with):
/// `version, varint n_tags, the distinct tags (varint len + bytes), varint n, then per token:
/// xpos id, upos id, deprel id, zigzag(head - index) + 1 or 0 for a root, and the lemma as
/// LEMMA_FORM | LEMMA_LOWER | LEMMA_SPELLED + len + bytes`. Most tokens take six bytes.
pub fn encode_analyses(analyses: &[Analysis], tokens: &[Token], text: &str) -> Vec<u8> {
    let mut tags: Vec<Tag> = Vec::new();
    let id = |t: Tag, tags: &mut Vec<Tag>| -> u64 {
        match tags.iter().position(|x| *x == t) {
            Some(i) => i as u64,
            None => {
                tags.push(t);
                (tags.len() - 1) as u64
            }
        }
    };
    let mut body = Vec::with_capacity(analyses.len() * 6);
    for (i, a) in analyses.iter().enumerate() {
        let x = id(a.xpos, &mut tags);
        let u = id(a.upos, &mut tags);
        let d = id(a.deprel, &mut tags);
        put_varint(&mut body, x);
        put_varint(&mut body, u);
        put_varint(&mut body, d);
        put_varint(&mut body, a.head.map_or(0, |h| zigzag(i64::from(h) - i as i64) + 1));
        let form = tokens.get(i).map_or("", |t| t.span.text(text));
        if a.lemma == form {
            put_varint(&mut body, LEMMA_FORM);
        } else if lower_equals(form, &a.lemma) {
            put_varint(&mut body, LEMMA_LOWER);
        } else {
            put_varint(&mut body, LEMMA_SPELLED);
            put_varint(&mut body, a.lemma.len() as u64);
            body.extend_from_slice(a.lemma.as_bytes());
        }
    }
    let mut out = Vec::with_capacity(body.len() + tags.len() * 5 + 8);
    out.push(ANALYSES_V1);
    put_varint(&mut out, tags.len() as u64);
    for t in &tags {
        put_varint(&mut out, t.as_str().len() as u64);
        out.extend_from_slice(t.as_str().as_bytes());
    }
    put_varint(&mut out, analyses.len() as u64);
    out.extend_from_slice(&body);
    out
}

fn lower_equals(form: &str, lemma: &str) -> bool {
    // Cheap check first: lowercasing never changes an ASCII string's length.
    (!form.is_ascii() || form.len() == lemma.len()) && form.to_lowercase() == lemma
}

pub fn decode_analyses(data: &[u8], tokens: &[Token], text: &str) -> Result<Vec<Analysis>, String> {
    let mut r = Reader { data, pos: 0 };
    match r.byte()? {
        ANALYSES_V1 => {}
        v => return Err(format!("unknown analyses blob version {v}")),
    }
    let n_tags = r.varint()?;
    let mut tags = Vec::with_capacity((n_tags as usize).min(data.len()));
    for _ in 0..n_tags {
        let len = r.varint()?;
        let bytes = r.take(len)?;
        let s = std::str::from_utf8(bytes).map_err(|_| "analyses blob has a tag that is not UTF-8".to_string())?;
        tags.push(Tag::new(s));
    }
    let tag = |i: u64| tags.get(i as usize).copied().ok_or_else(|| format!("tag id {i} out of range"));
    let n = r.varint()?;
    // Each analysis takes at least five bytes, which bounds the allocation on corrupt input.
    let mut out = Vec::with_capacity((n as usize).min(data.len() / 5));
    for i in 0..n {
        let xpos = tag(r.varint()?)?;
        let upos = tag(r.varint()?)?;
        let deprel = tag(r.varint()?)?;
        let head = match r.varint()? {
            0 => None,
            h => {
                let abs = i as i64 + unzigzag(h - 1);
                Some(u32::try_from(abs).map_err(|_| format!("analysis {i} has an out-of-range head {abs}"))?)
            }
        };
        let form = tokens.get(i as usize).map_or("", |t| t.span.text(text));
        let lemma = match r.varint()? {
            LEMMA_FORM => form.to_string(),
            LEMMA_LOWER => form.to_lowercase(),
            LEMMA_SPELLED => {
                let len = r.varint()?;
                let bytes = r.take(len)?;
                std::str::from_utf8(bytes).map_err(|_| format!("analysis {i} has a lemma that is not UTF-8"))?.to_string()
            }
            other => return Err(format!("analysis {i} has an unknown lemma code {other}")),
        };
        out.push(Analysis { xpos, upos, lemma, head, deprel });
    }
    if r.pos != data.len() {
        return Err(format!("{} trailing bytes after {n} analyses", data.len() - r.pos));
    }
    Ok(out)
}

pub fn encode_signature(signature: &[u32]) -> Vec<u8> {
    signature.iter().flat_map(|x| x.to_le_bytes()).collect()
}

pub fn decode_signature(data: &[u8]) -> Result<Vec<u32>, String> {
    let chunks = data.chunks_exact(4);
    if !chunks.remainder().is_empty() {
        return Err(format!("signature blob of {} bytes is not a multiple of 4", data.len()));
    }
    Ok(chunks.map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect())
}

fn kind_bits(kind: TokenKind) -> u64 {
    match kind {
        TokenKind::Word => 0,
        TokenKind::Number => 1,
        TokenKind::Punct => 2,
        TokenKind::Symbol => 3,
    }
}

fn kind_from_bits(bits: u64) -> TokenKind {
    match bits & 3 {
        0 => TokenKind::Word,
        1 => TokenKind::Number,
        2 => TokenKind::Punct,
        _ => TokenKind::Symbol,
    }
}

fn zigzag(x: i64) -> u64 {
    ((x << 1) ^ (x >> 63)) as u64
}

fn unzigzag(x: u64) -> i64 {
    ((x >> 1) as i64) ^ -((x & 1) as i64)
}

fn put_varint(out: &mut Vec<u8>, mut x: u64) {
    while x >= 0x80 {
        out.push((x as u8) | 0x80);
        x >>= 7;
    }
    out.push(x as u8);
}

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Result<u8, String> {
        let b = *self.data.get(self.pos).ok_or_else(|| format!("token blob truncated at byte {}", self.pos))?;
        self.pos += 1;
        Ok(b)
    }

    fn varint(&mut self) -> Result<u64, String> {
        let mut x: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            x |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(x);
            }
        }
        Err(format!("varint longer than 10 bytes at byte {}", self.pos))
    }

    fn take(&mut self, len: u64) -> Result<&[u8], String> {
        let end = usize::try_from(len).ok().and_then(|l| self.pos.checked_add(l)).filter(|e| *e <= self.data.len());
        let Some(end) = end else { return Err(format!("blob truncated: {len} bytes wanted at byte {}", self.pos)) };
        let s = self.data.get(self.pos..end).unwrap_or(&[]);
        self.pos = end;
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tok(start: u32, end: u32, kind: TokenKind) -> Token {
        Token { span: Span { start, end }, kind }
    }

    fn check_tokens(tokens: Vec<Token>, expected_len: usize) {
        let blob = encode_tokens(&tokens);
        assert_eq!(blob.len(), expected_len, "blob {blob:?}");
        assert_eq!(decode_tokens(&blob).unwrap(), tokens);
    }

    #[test]
    fn tokens_round_trip() {
        check_tokens(vec![], 2);
        // "Port Amsel, 2024": contiguous short tokens take two bytes each.
        check_tokens(
            vec![
                tok(0, 4, TokenKind::Word),
                tok(5, 10, TokenKind::Word),
                tok(10, 11, TokenKind::Punct),
                tok(12, 16, TokenKind::Number),
                tok(17, 18, TokenKind::Symbol),
            ],
            2 + 5 * 2,
        );
        // Unsorted, overlapping, inverted and extreme spans still round-trip.
        check_tokens(
            vec![
                tok(100, 90, TokenKind::Word),
                tok(0, u32::MAX, TokenKind::Number),
                tok(u32::MAX, u32::MAX, TokenKind::Punct),
                tok(u32::MAX, 0, TokenKind::Symbol),
                tok(3, 3, TokenKind::Word),
            ],
            22,
        );
    }

    #[test]
    fn corrupt_token_blobs_are_errors() {
        let good = encode_tokens(&[tok(0, 4, TokenKind::Word), tok(5, 9, TokenKind::Word)]);
        for cut in 0..good.len() {
            assert!(decode_tokens(&good[..cut]).is_err(), "cut at {cut}");
        }
        let mut trailing = good.clone();
        trailing.push(0);
        assert!(decode_tokens(&trailing).is_err());
        assert!(decode_tokens(&[2, 0]).is_err(), "unknown version");
        // A huge count with no data must not allocate or panic.
        assert!(decode_tokens(&[1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]).is_err());
        assert!(decode_tokens(&[1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]).is_err());
        // A start delta that leaves the u32 range.
        let mut out = vec![TOKENS_V1];
        put_varint(&mut out, 1);
        put_varint(&mut out, zigzag(-1));
        put_varint(&mut out, 0);
        assert!(decode_tokens(&out).is_err());
    }

    #[test]
    fn analyses_round_trip_and_corrupt_blobs_are_errors() {
        let text = "Rekker said it";
        let tokens = vec![tok(0, 6, TokenKind::Word), tok(7, 11, TokenKind::Word), tok(12, 14, TokenKind::Word)];
        let a = |x: &str, u: &str, lemma: &str, head: Option<u32>, d: &str| Analysis {
            xpos: Tag::new(x),
            upos: Tag::new(u),
            lemma: lemma.into(),
            head,
            deprel: Tag::new(d),
        };
        let analyses = vec![
            a("NNP", "PROPN", "Rekker", Some(1), "nsubj"),
            a("VBD", "VERB", "say", None, "root"),
            a("PRP", "PRON", "it", Some(1), "obj"),
        ];
        let blob = encode_analyses(&analyses, &tokens, text);
        assert_eq!(decode_analyses(&blob, &tokens, text).unwrap(), analyses);
        // Form and lowercase lemmas are not spelled out: version, 9 tags (count + 9 lengths + 34
        // bytes), token count, 3 x 5 one-byte fields, and "say" spelled (length + 3 bytes).
        assert_eq!(blob.len(), 1 + (1 + 9 + 34) + 1 + 15 + 4);
        for cut in 0..blob.len() {
            assert!(decode_analyses(&blob[..cut], &tokens, text).is_err(), "cut at {cut}");
        }
        // Without a syntax layer: no heads, empty relations.
        let bare = vec![Analysis { xpos: Tag::new("NNP"), upos: Tag::new("PROPN"), lemma: "x".into(), ..Analysis::default() }];
        let blob = encode_analyses(&bare, &[], "");
        assert_eq!(decode_analyses(&blob, &[], "").unwrap(), bare);
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                let _ = decode_analyses(&[1, 1, 1, b'N', 1, a, b, 0, 0], &tokens, text);
            }
        }
    }

    #[test]
    fn every_short_blob_decodes_without_panic() {
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                let _ = decode_tokens(&[1, a, b]);
                let _ = decode_tokens(&[1, 1, a, b]);
            }
        }
    }

    #[test]
    fn signatures_round_trip() {
        for sig in [vec![], vec![0, 1, u32::MAX, 0xdead_beef]] {
            assert_eq!(decode_signature(&encode_signature(&sig)).unwrap(), sig);
        }
        assert!(decode_signature(&[1, 2, 3]).is_err());
    }

    #[test]
    fn zigzag_round_trip() {
        for x in [0, 1, -1, 63, -64, i64::from(u32::MAX), -i64::from(u32::MAX), i64::MAX, i64::MIN] {
            assert_eq!(unzigzag(zigzag(x)), x);
        }
    }
}
