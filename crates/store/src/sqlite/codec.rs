//! Compact binary encodings for the per-document blobs: tokens and MinHash signatures.
//!
//! Neither depends on SQLite: the PostgreSQL backend stores the same bytes in `BYTEA`.
//! Decoders never panic; they report what is wrong so the store can name the document.

use model::{Span, Token, TokenKind};

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
