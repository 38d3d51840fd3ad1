//! Bytes to text: encoding detection and decoding, with an offset map back to the bytes.
//!
//! The order of evidence, strongest first:
//! 1. a byte-order mark (UTF-8, UTF-16LE, UTF-16BE);
//! 2. UTF-16 without a BOM, recognised by its pattern of zero bytes in mostly-ASCII text;
//! 3. bytes that are valid UTF-8 are UTF-8, whatever is declared: valid multi-byte UTF-8 almost
//!    never happens by accident in a legacy encoding, while wrong declarations are common (a
//!    page saved as UTF-8 that still says `iso-8859-1`). Pure ASCII is the same in every
//!    ASCII-compatible encoding; the one exception handled is ISO-2022-JP, which is 7-bit;
//! 4. a declared charset: the one given outside the content (`RawMeta::charset`, the HTTP
//!    header) wins over the HTML `<meta>` one, as in browsers;
//! 5. mostly-UTF-8 text with a few broken sequences stays UTF-8, the broken bytes replaced;
//! 6. otherwise chardetng's guess.
//!
//! Unicode normalisation is not done here (`clean::finish` does it), so that every decoded
//! character maps to the raw bytes it came from.

use encoding_rs::{CoderResult, Encoding, UTF_16BE, UTF_16LE, UTF_8};
use model::{Format, OffsetMap};

/// Decoded text.
#[derive(Clone, Debug)]
pub struct Decoded {
    pub text: String,
    /// Decoded text byte offsets -> raw byte offsets.
    pub map: OffsetMap,
    pub encoding: &'static str,
    /// Non-fatal notes (e.g. "invalid UTF-8 sequences replaced").
    pub diagnostics: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    #[error("file is empty")]
    Empty,
    #[error("looks like a binary file, not text ({0})")]
    Binary(String),
}

impl DecodeError {
    pub fn code(&self) -> &'static str {
        match self {
            DecodeError::Empty => "empty",
            DecodeError::Binary(_) => "binary",
        }
    }
}

/// How many leading bytes the binary and UTF-16 sniffers look at.
const SNIFF_LEN: usize = 8 << 10;
/// How far into an HTML document a `<meta charset>` is looked for (browsers use 1024; pages
/// with long `<head>` scripts put it later, and the HTML spec allows it anywhere in the head).
const META_PRESCAN_LEN: usize = 4 << 10;
/// How much of the input chardetng sees when guessing.
const GUESS_LEN: usize = 256 << 10;

/// Decodes raw bytes to text; `declared` is a charset given outside the content (HTTP header).
pub fn decode(
    bytes: &[u8],
    declared: Option<&str>,
    format: Format,
) -> Result<Decoded, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return Ok(decode_as(encoding, bytes, bom_len, Vec::new(), || {
            format!("invalid {} sequences replaced with U+FFFD", encoding.name())
        }));
    }
    let head = bytes.get(..SNIFF_LEN).unwrap_or(bytes);
    if let Some(encoding) = utf16_without_bom(head) {
        let note = format!(
            "no byte-order mark; read as {} from its zero bytes",
            encoding.name()
        );
        return Ok(decode_as(encoding, bytes, 0, vec![note], || {
            format!("invalid {} sequences replaced with U+FFFD", encoding.name())
        }));
    }
    if let Some(why) = model::bytes::binary_reason(head) {
        return Err(DecodeError::Binary(why.to_string()));
    }

    let declared = declared
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
        .or_else(|| {
            if format == Format::Html {
                meta_charset(bytes)
            } else {
                None
            }
        })
        // A UTF-16 declaration on bytes without a BOM or zero-byte pattern is wrong: the HTML
        // spec reads such documents as UTF-8, and so do we.
        .map(|e| {
            if e == UTF_16LE || e == UTF_16BE {
                UTF_8
            } else {
                e
            }
        });

    if let Ok(text) = std::str::from_utf8(bytes) {
        let iso_2022 = declared.filter(|e| !e.is_ascii_compatible() && bytes.contains(&0x1b));
        if let Some(encoding) = iso_2022 {
            return Ok(decode_as(encoding, bytes, 0, Vec::new(), || {
                format!("invalid {} sequences replaced with U+FFFD", encoding.name())
            }));
        }
        return Ok(Decoded {
            text: text.to_string(),
            map: OffsetMap::identity(text.len()),
            encoding: "UTF-8",
            diagnostics: Vec::new(),
        });
    }

    if let Some(encoding) = declared.filter(|e| *e != UTF_8) {
        return Ok(decode_as(encoding, bytes, 0, Vec::new(), || {
            format!(
                "bytes invalid in the declared charset {} replaced with U+FFFD",
                encoding.name()
            )
        }));
    }
    let (n_valid, n_invalid) = utf8_stats(bytes);
    // One broken sequence per ten good ones is a damaged UTF-8 file, not a legacy encoding
    // (in which nearly every non-ASCII byte breaks UTF-8).
    if n_valid > 0 && n_invalid * 10 <= n_valid {
        let (text, map, first_bad) = lossy_utf8(bytes);
        let note = format!(
            "{n_invalid} invalid UTF-8 sequence(s) replaced with U+FFFD (first at byte {})",
            first_bad.unwrap_or(0)
        );
        return Ok(Decoded {
            text,
            map,
            encoding: "UTF-8",
            diagnostics: vec![note],
        });
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Allow);
    // The first 256 KB are plenty to tell encodings apart, and chardetng costs ~50 ns a byte.
    detector.feed(bytes.get(..GUESS_LEN).unwrap_or(bytes), true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Allow);
    let note = match declared {
        Some(d) => format!(
            "declared charset {} does not fit the bytes; guessed {}",
            d.name(),
            encoding.name()
        ),
        None => format!("no charset declared; guessed {}", encoding.name()),
    };
    Ok(decode_as(encoding, bytes, 0, vec![note], || {
        format!("bytes invalid in {} replaced with U+FFFD", encoding.name())
    }))
}

/// [`decode_with`] into a [`Decoded`] carrying `notes`, plus `replaced()` when malformed input
/// was replaced.
fn decode_as(
    encoding: &'static Encoding,
    bytes: &[u8],
    start: usize,
    mut notes: Vec<String>,
    replaced: impl FnOnce() -> String,
) -> Decoded {
    let (text, map, had_errors) = decode_with(encoding, bytes, start);
    if had_errors {
        notes.push(replaced());
    }
    Decoded {
        text,
        map,
        encoding: encoding.name(),
        diagnostics: notes,
    }
}

/// Decodes `bytes[start..]` with `encoding`, mapping every character to the raw bytes it came
/// from. Returns the text, the map and whether malformed input was replaced.
///
/// The decoder is fed one byte at a time so that each piece of output is attributed to the
/// bytes that completed it; runs of characters with the same (output, input) lengths become one
/// map segment, inside which `OffsetMap`'s linear interpolation is exact at character starts.
fn decode_with(
    encoding: &'static Encoding,
    bytes: &[u8],
    start: usize,
) -> (String, OffsetMap, bool) {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let body = bytes.get(start..).unwrap_or_default();
    let mut text = String::with_capacity(body.len() + body.len() / 2);
    let mut runs = Runs::default();
    let mut had_errors = false;
    let mut pending = start; // Raw offset of the first byte not yet attributed to output.
    for (i, byte) in body.iter().enumerate() {
        let raw_end = start + i + 1;
        let before = text.len();
        feed(
            &mut decoder,
            std::slice::from_ref(byte),
            &mut text,
            false,
            &mut had_errors,
        );
        if text.len() > before {
            runs.add(before..text.len(), pending..raw_end);
            pending = raw_end;
        }
    }
    let before = text.len();
    feed(&mut decoder, &[], &mut text, true, &mut had_errors);
    if text.len() > before {
        runs.add(before..text.len(), pending..bytes.len());
    }
    (text, runs.finish(), had_errors)
}

/// Feeds `input` to the decoder, appending the output to `out`.
///
/// The decoder writes into a small stack buffer: `Decoder::decode_to_string` zero-fills the
/// string's spare capacity on every call, which made per-byte feeding quadratic.
fn feed(
    decoder: &mut encoding_rs::Decoder,
    mut input: &[u8],
    out: &mut String,
    last: bool,
    had_errors: &mut bool,
) {
    let mut buf = [0u8; 64];
    loop {
        let (result, read, written, errors) = decoder.decode_to_utf8(input, &mut buf, last);
        *had_errors |= errors;
        // encoding_rs only ever writes whole UTF-8 sequences, so this cannot fail; if it did,
        // dropping the piece is better than a panic.
        if let Ok(piece) = std::str::from_utf8(buf.get(..written).unwrap_or_default()) {
            out.push_str(piece);
        }
        input = input.get(read..).unwrap_or_default();
        match result {
            CoderResult::InputEmpty => return,
            CoderResult::OutputFull => continue,
        }
    }
}

/// Builds an [`OffsetMap`] from per-character pieces, merging runs of equal shape.
#[derive(Default)]
struct Runs {
    map: OffsetMap,
    /// The run being built: derived start, raw start, piece shape (out, in), piece count.
    current: Option<(usize, usize, (usize, usize), usize)>,
}

impl Runs {
    fn add(&mut self, derived: std::ops::Range<usize>, raw: std::ops::Range<usize>) {
        let shape = (derived.len(), raw.len());
        if let Some((d0, r0, s, n)) = self.current {
            if s == shape && d0 + s.0 * n == derived.start && r0 + s.1 * n == raw.start {
                self.current = Some((d0, r0, s, n + 1));
                return;
            }
            self.map.push(d0..d0 + s.0 * n, r0..r0 + s.1 * n);
        }
        self.current = Some((derived.start, raw.start, shape, 1));
    }

    fn finish(mut self) -> OffsetMap {
        if let Some((d0, r0, s, n)) = self.current.take() {
            self.map.push(d0..d0 + s.0 * n, r0..r0 + s.1 * n);
        }
        self.map
    }
}

/// Valid UTF-8 with invalid sequences replaced by U+FFFD, mapped exactly; also the offset of
/// the first invalid byte.
fn lossy_utf8(bytes: &[u8]) -> (String, OffsetMap, Option<usize>) {
    let mut text = String::with_capacity(bytes.len());
    let mut map = OffsetMap::default();
    let mut raw = 0;
    let mut first_bad = None;
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        map.push(text.len()..text.len() + valid.len(), raw..raw + valid.len());
        text.push_str(valid);
        raw += valid.len();
        let invalid = chunk.invalid();
        if !invalid.is_empty() {
            first_bad.get_or_insert(raw);
            map.push(text.len()..text.len() + 3, raw..raw + invalid.len());
            text.push('\u{fffd}');
            raw += invalid.len();
        }
    }
    (text, map, first_bad)
}

/// Counts valid non-ASCII UTF-8 characters and invalid sequences.
fn utf8_stats(bytes: &[u8]) -> (usize, usize) {
    let (mut valid, mut invalid) = (0, 0);
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            invalid += 1;
        }
    }
    (valid, invalid)
}


/// UTF-16 without a BOM: mostly-ASCII text where every other byte is zero.
fn utf16_without_bom(head: &[u8]) -> Option<&'static Encoding> {
    let pairs = head.len() / 2;
    if pairs < 4 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in head.chunks_exact(2) {
        even += usize::from(pair.first() == Some(&0));
        odd += usize::from(pair.get(1) == Some(&0));
    }
    let (many, few) = (pairs * 2 / 5, pairs / 50);
    if odd >= many && even <= few {
        Some(UTF_16LE)
    } else if even >= many && odd <= few {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// The charset declared by `<meta charset=...>`, `<meta http-equiv="Content-Type"
/// content="...; charset=...">` or an XML declaration, in the first [`META_PRESCAN_LEN`] bytes.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..META_PRESCAN_LEN).unwrap_or(bytes);
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    if lower.starts_with(b"<?xml") {
        let end = memchr::memchr(b'>', &lower).unwrap_or(lower.len());
        if let Some(e) =
            attribute_value(lower.get(..end)?, b"encoding").and_then(Encoding::for_label)
        {
            return Some(e);
        }
    }
    let mut from = 0;
    while let Some(at) = memchr::memmem::find(lower.get(from..)?, b"<meta") {
        let tag_start = from + at + 5;
        let rest = lower.get(tag_start..)?;
        let tag = rest.get(..memchr::memchr(b'>', rest).unwrap_or(rest.len()))?;
        if let Some(e) = attribute_value(tag, b"charset").and_then(Encoding::for_label) {
            return Some(e);
        }
        from = tag_start;
    }
    None
}

/// The value after `name=` in a tag's text (quotes and surrounding space removed); for
/// `charset` this also finds it inside `content="text/html; charset=koi8-r"`.
fn attribute_value<'a>(tag: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let at = memchr::memmem::find(tag, name)?;
    let rest = tag.get(at + name.len()..)?;
    let rest = rest.get(rest.iter().position(|b| !b.is_ascii_whitespace())?..)?;
    let rest = rest.strip_prefix(b"=")?;
    let rest = rest.get(rest.iter().position(|b| !b.is_ascii_whitespace())?..)?;
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|b| matches!(b, b'"' | b'\'' | b';' | b'/' | b'>') || b.is_ascii_whitespace())
        .unwrap_or(rest.len());
    rest.get(..end).filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decodes and checks the text, encoding and whether a diagnostic was made; then checks
    /// that every character's decoded offset maps to where its bytes start in the raw input.
    fn check(
        bytes: &[u8],
        declared: Option<&str>,
        format: Format,
        text: &str,
        encoding: &str,
        noted: bool,
    ) {
        let d = decode(bytes, declared, format).unwrap();
        assert_eq!(d.text, text);
        assert_eq!(d.encoding, encoding);
        assert_eq!(!d.diagnostics.is_empty(), noted, "{:?}", d.diagnostics);
        check_map(&d, bytes);
    }

    /// Re-encodes each decoded character and checks it at the mapped raw offset, for encodings
    /// that round-trip (all the ones tested, except replaced bytes which map to the bad bytes).
    fn check_map(d: &Decoded, raw: &[u8]) {
        let encoding = Encoding::for_label(d.encoding.as_bytes()).unwrap();
        for (offset, c) in d.text.char_indices() {
            let at = d.map.map(offset).unwrap();
            if c == '\u{fffd}' {
                assert!(at < raw.len());
                continue;
            }
            let expected: Vec<u8> = if encoding == UTF_16LE {
                c.encode_utf16(&mut [0; 2])
                    .iter()
                    .flat_map(|u| u.to_le_bytes())
                    .collect()
            } else if encoding == UTF_16BE {
                c.encode_utf16(&mut [0; 2])
                    .iter()
                    .flat_map(|u| u.to_be_bytes())
                    .collect()
            } else {
                encoding.encode(c.encode_utf8(&mut [0; 4])).0.into_owned()
            };
            assert_eq!(
                raw.get(at..at + expected.len()),
                Some(&expected[..]),
                "char {c:?} at decoded {offset} mapped to raw {at}"
            );
        }
        assert_eq!(d.map.map(d.text.len()), Some(raw.len()), "end maps to end");
    }

    #[test]
    fn utf8() {
        check(
            "Port Amsel — Rekker’s day".as_bytes(),
            None,
            Format::Text,
            "Port Amsel — Rekker’s day",
            "UTF-8",
            false,
        );
        let d = decode("héllo".as_bytes(), None, Format::Text).unwrap();
        assert_eq!(d.map.n_segments(), 1, "valid UTF-8 maps with the identity");
        // A wrong declaration does not override valid UTF-8.
        check(
            "Veloria’s".as_bytes(),
            Some("iso-8859-1"),
            Format::Text,
            "Veloria’s",
            "UTF-8",
            false,
        );
    }

    #[test]
    fn boms() {
        check(
            b"\xef\xbb\xbfPort \xc3\xa9",
            None,
            Format::Text,
            "Port é",
            "UTF-8",
            false,
        );
        let le: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("Ré ₽ 𝔘".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        check(&le, None, Format::Text, "Ré ₽ 𝔘", "UTF-16LE", false);
        let be: Vec<u8> = [0xfe, 0xff]
            .into_iter()
            .chain("Ré ₽ 𝔘".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        check(&be, None, Format::Text, "Ré ₽ 𝔘", "UTF-16BE", false);
        let no_bom: Vec<u8> = "Veloria news"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        check(
            &no_bom,
            None,
            Format::Text,
            "Veloria news",
            "UTF-16LE",
            true,
        );
    }

    #[test]
    fn windows_1251_russian() {
        let text = "Президент Веларии Томас Реккер заявил, что переговоры в Порт-Амселе продолжатся на следующей неделе.";
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
        check(&bytes, None, Format::Text, text, "windows-1251", true);
        check(
            &bytes,
            Some("windows-1251"),
            Format::Text,
            text,
            "windows-1251",
            false,
        );
        let d = decode(&bytes, Some("cp1251"), Format::Text).unwrap();
        assert!(
            d.map.n_segments() < 40,
            "runs of Cyrillic merge into few segments: {}",
            d.map.n_segments()
        );
    }

    #[test]
    fn koi8_r_declared() {
        let text = "Новости Веларии";
        let (bytes, _, _) = encoding_rs::KOI8_R.encode(text);
        check(&bytes, Some("koi8-r"), Format::Text, text, "KOI8-R", false);
    }

    #[test]
    fn windows_1252_curly_quotes() {
        let bytes =
            b"The president said \x93we will talk\x94 \x96 and left. Caf\xe9 d\xe9j\xe0 vu.";
        check(
            bytes,
            None,
            Format::Text,
            "The president said \u{201c}we will talk\u{201d} \u{2013} and left. Café déjà vu.",
            "windows-1252",
            true,
        );
    }

    #[test]
    fn shift_jis() {
        let text = "ヴェラリアの大統領は記者会見で交渉の再開を発表した。";
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(text);
        check(
            &bytes,
            Some("shift_jis"),
            Format::Text,
            text,
            "Shift_JIS",
            false,
        );
    }

    #[test]
    fn html_declared_charsets() {
        let body = "Реккер";
        let (cyr, _, _) = encoding_rs::WINDOWS_1251.encode(body);
        for head in [
            "<html><head><meta charset=\"windows-1251\">",
            "<html><head><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=windows-1251\">",
            "<meta name=x><meta charset='cp1251'/>",
            "<?xml version=\"1.0\" encoding=\"windows-1251\"?><html>",
        ] {
            let mut bytes = head.as_bytes().to_vec();
            bytes.extend_from_slice(&cyr);
            check(&bytes, None, Format::Html, &format!("{head}{body}"), "windows-1251", false);
        }
        // The HTTP charset wins over the meta tag.
        let mut bytes = b"<meta charset=\"iso-8859-5\">".to_vec();
        bytes.extend_from_slice(&encoding_rs::KOI8_R.encode(body).0);
        check(
            &bytes,
            Some("koi8-r"),
            Format::Html,
            &format!("<meta charset=\"iso-8859-5\">{body}"),
            "KOI8-R",
            false,
        );
        assert_eq!(meta_charset(b"<meta charset=utf-8>"), Some(UTF_8));
        assert_eq!(meta_charset(b"<meta name=charset content=x>"), None);
    }

    #[test]
    fn invalid_utf8_is_replaced_with_a_note() {
        let mut bytes = "Президент Реккер сказал: ".as_bytes().to_vec();
        bytes.push(0xff);
        bytes.extend_from_slice("переговоры продолжатся".as_bytes());
        let d = decode(&bytes, None, Format::Text).unwrap();
        assert_eq!(
            d.text,
            "Президент Реккер сказал: \u{fffd}переговоры продолжатся"
        );
        assert_eq!(d.encoding, "UTF-8");
        assert!(
            d.diagnostics.iter().any(|m| m.contains("1 invalid UTF-8")),
            "{:?}",
            d.diagnostics
        );
        check_map(&d, &bytes);
        let bad = d.text.find('\u{fffd}').unwrap();
        assert_eq!(
            d.map.map(bad),
            Some(bytes.iter().position(|&b| b == 0xff).unwrap())
        );
    }

    #[test]
    fn errors() {
        assert!(matches!(
            decode(b"", None, Format::Text),
            Err(DecodeError::Empty)
        ));
        let mut bin = b"\x7fELF\x02\x01\x01".to_vec();
        bin.extend([0u8, 1, 2, 3, 0, 0, 0, 4].repeat(40));
        let e = decode(&bin, None, Format::Text).unwrap_err();
        assert_eq!(e.code(), "binary");
        assert!(decode(&[3u8; 500], None, Format::Text).is_err());
        // A stray NUL in a long text is tolerated.
        let mut long = "Port Amsel ".repeat(50).into_bytes();
        long.push(0);
        assert!(decode(&long, None, Format::Text).is_ok());
    }

    #[test]
    fn never_panics_on_odd_input() {
        for bytes in [
            &b"\xff"[..],
            b"\xfe",
            b"\xef\xbb",
            b"\xef\xbb\xbf",
            b"\xff\xfe",
            b"\xff\xfe\x00",
            b"<meta charset=",
            b"<meta",
            b"\xc3",
        ] {
            if let Ok(d) = decode(bytes, Some("bogus-charset"), Format::Html) {
                assert!(d.map.map(d.text.len()).is_some() || d.text.is_empty());
            }
        }
    }
}
