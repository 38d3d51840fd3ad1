//! Content sniffing: what a file is when its name does not say, and whether it is text at all.

/// How many leading bytes the sniffers look at.
pub(crate) const SNIFF_LEN: usize = 8 << 10;

/// What the first bytes of a file look like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sniffed {
    Gzip,
    Warc,
    /// Starts (after whitespace) with `{`: JSON Lines (only trusted for standard input).
    Json,
    Html,
    Text,
    /// A known binary container we do not read (PDF, ZIP/Office, images).
    Unsupported(&'static str),
    /// Not text: NUL bytes or many control bytes.
    Binary(&'static str),
}

/// Classifies a file from its first bytes (pass at least [`SNIFF_LEN`] bytes when available).
pub(crate) fn sniff(head: &[u8]) -> Sniffed {
    let head = head.get(..SNIFF_LEN).unwrap_or(head);
    if head.starts_with(&[0x1f, 0x8b]) {
        return Sniffed::Gzip;
    }
    if let Some(kind) = magic(head) {
        return Sniffed::Unsupported(kind);
    }
    if let Some(why) = binary(head) {
        return Sniffed::Binary(why);
    }
    let body = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    if body.starts_with(b"WARC/") {
        return Sniffed::Warc;
    }
    if looks_like_html(body) {
        return Sniffed::Html;
    }
    let first = body.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'{') {
        return Sniffed::Json;
    }
    Sniffed::Text
}

/// Well-known binary formats, by magic number.
fn magic(head: &[u8]) -> Option<&'static str> {
    const MAGICS: &[(&[u8], &str)] = &[
        (b"%PDF-", "PDF document"),
        (b"PK\x03\x04", "ZIP archive (or DOCX/ODT/XLSX document)"),
        (b"\x89PNG\r\n\x1a\n", "PNG image"),
        (b"GIF87a", "GIF image"),
        (b"GIF89a", "GIF image"),
        (b"\xff\xd8\xff", "JPEG image"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
            "legacy Office document",
        ),
        (b"\x7fELF", "executable"),
        (b"BZh", "bzip2 archive"),
        (b"\xfd7zXZ\x00", "xz archive"),
        (b"\x28\xb5\x2f\xfd", "zstd archive"),
        (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    ];
    MAGICS
        .iter()
        .find(|(m, _)| head.starts_with(m))
        .map(|(_, k)| *k)
}

/// Why `head` is not text, if it is not. UTF-16 text (with a BOM, or ASCII-heavy without one)
/// is text: its NUL bytes are half of its characters, and `clean::decode` reads it.
pub(crate) fn binary(head: &[u8]) -> Option<&'static str> {
    if head.is_empty()
        || head.starts_with(b"\xff\xfe")
        || head.starts_with(b"\xfe\xff")
        || looks_like_utf16(head)
    {
        return None;
    }
    model::bytes::binary_reason(head)
}

/// UTF-16 without a BOM: mostly-ASCII text where every other byte is zero.
pub(crate) fn looks_like_utf16(head: &[u8]) -> bool {
    let pairs = head.len() / 2;
    if pairs < 4 {
        return false;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in head.chunks_exact(2) {
        if pair.first() == Some(&0) {
            even += 1;
        }
        if pair.get(1) == Some(&0) {
            odd += 1;
        }
    }
    let (many, few) = (pairs * 2 / 5, pairs / 50);
    (odd >= many && even <= few) || (even >= many && odd <= few)
}

/// `<!doctype html`, `<html`, or (after comments and whitespace) a `<head>`/`<body>`/`<meta>` tag.
pub(crate) fn looks_like_html(head: &[u8]) -> bool {
    let mut rest = head;
    loop {
        let start = rest
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(rest.len());
        rest = rest.get(start..).unwrap_or_default();
        if rest.starts_with(b"<!--") {
            match memchr::memmem::find(rest, b"-->") {
                Some(end) => rest = rest.get(end + 3..).unwrap_or_default(),
                None => return false,
            }
            continue;
        }
        if rest.starts_with(b"<?xml") {
            match memchr::memchr(b'>', rest) {
                Some(end) => rest = rest.get(end + 1..).unwrap_or_default(),
                None => return false,
            }
            continue;
        }
        break;
    }
    let prefix: Vec<u8> = rest.iter().take(14).map(u8::to_ascii_lowercase).collect();
    ["<!doctype html", "<html", "<head", "<body", "<meta"]
        .iter()
        .any(|p| prefix.starts_with(p.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &[u8], expected: Sniffed) {
        assert_eq!(
            sniff(input),
            expected,
            "{:?}",
            String::from_utf8_lossy(input)
        );
    }

    #[test]
    fn sniffing() {
        check(b"<!DOCTYPE html><p>x", Sniffed::Html);
        check(b"\n  <html lang=en>", Sniffed::Html);
        check(b"<!-- saved page --><HTML>", Sniffed::Html);
        check(b"\xef\xbb\xbf<!doctype html>", Sniffed::Html);
        check(b"WARC/1.0\r\n", Sniffed::Warc);
        check(b" {\"text\": 1}", Sniffed::Json);
        check(b"Port Amsel, 3 May.\nThe president spoke.", Sniffed::Text);
        check(b"a <html> inside text", Sniffed::Text);
        check(b"%PDF-1.7\n", Sniffed::Unsupported("PDF document"));
        check(b"\x1f\x8b\x08\x00", Sniffed::Gzip);
        check(b"abc\x00\x01\x02\x03def", Sniffed::Binary("NUL bytes"));
        check(&[1u8; 200], Sniffed::Binary("many control bytes"));
        check(b"\xff\xfeh\x00i\x00", Sniffed::Text);
        check(b"h\x00e\x00l\x00l\x00o\x00 \x00w\x00o\x00", Sniffed::Text);
    }
}
