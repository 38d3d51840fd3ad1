//! Telling text from binary data by its first bytes (shared by the readers and the decoder).

/// Why `head` (the first few kilobytes of an input) is not text, if it is not: NUL bytes (more
/// than a stray one) or many control bytes. Tab, newlines, vertical tab, form feed and escape
/// (ISO-2022-JP) occur in text. Callers handle UTF-16 (whose NULs are half its bytes) first.
pub fn binary_reason(head: &[u8]) -> Option<&'static str> {
    let nul = head.iter().filter(|&&b| b == 0).count();
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | 0x1b))
        .count();
    // A stray NUL in a long text is tolerated; 1 % is far more than any text file has.
    if nul * 100 > head.len() || (nul > 0 && head.len() < 100) {
        return Some("NUL bytes");
    }
    if control * 10 > head.len() {
        return Some("many control bytes");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_binary() {
        assert_eq!(binary_reason(b"plain text\twith tabs\r\n"), None);
        assert_eq!(binary_reason(b"\x00\x01\x02abc"), Some("NUL bytes"));
        assert_eq!(binary_reason(&[1u8; 50]), Some("many control bytes"));
        let mut long = vec![b'a'; 1000];
        long[10] = 0;
        assert_eq!(binary_reason(&long), None, "a stray NUL in a long text");
        assert_eq!(binary_reason(b""), None);
    }
}
