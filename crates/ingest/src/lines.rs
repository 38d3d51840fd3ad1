//! Byte-counting and bounded line reading, shared by the streaming readers (`jsonl`, `warc`).

use std::io::{self, BufRead, Read};

/// A [`BufRead`] that counts the bytes consumed from it, so that readers can report the byte
/// offset of each line or record without seeking (standard input and gzip streams cannot seek).
pub(crate) struct Counting<R> {
    inner: R,
    pos: u64,
}

impl<R> Counting<R> {
    pub(crate) fn new(inner: R) -> Counting<R> {
        Counting { inner, pos: 0 }
    }

    pub(crate) fn into_inner(self) -> R {
        self.inner
    }

    /// Bytes consumed so far.
    pub(crate) fn pos(&self) -> u64 {
        self.pos
    }
}

impl<R: BufRead> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counting<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        self.inner.consume(amt);
        self.pos += amt as u64;
    }
}

/// What [`read_line_capped`] found.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Line {
    /// Bytes consumed, newline included (0 only at end of input).
    pub(crate) consumed: u64,
    /// The line was longer than the cap: `buf` holds only its first `cap` bytes and the rest was
    /// skipped, so one enormous line cannot exhaust memory.
    pub(crate) truncated: bool,
}

/// Reads one line (up to and including `\n`) into `buf` (cleared first), keeping at most `cap`
/// bytes of it; the rest of an over-long line is consumed and dropped.
pub(crate) fn read_line_capped<R: BufRead + ?Sized>(
    r: &mut R,
    buf: &mut Vec<u8>,
    cap: usize,
) -> io::Result<Line> {
    buf.clear();
    let mut consumed = 0u64;
    let mut truncated = false;
    loop {
        let available = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(Line {
                consumed,
                truncated,
            });
        }
        let (chunk_len, done) = match memchr::memchr(b'\n', available) {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        let room = cap.saturating_sub(buf.len());
        if chunk_len > room {
            truncated = true;
        }
        buf.extend_from_slice(available.get(..chunk_len.min(room)).unwrap_or_default());
        r.consume(chunk_len);
        consumed += chunk_len as u64;
        if done {
            return Ok(Line {
                consumed,
                truncated,
            });
        }
    }
}

/// Strips a trailing `\n` or `\r\n`.
pub(crate) fn trim_newline(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &[u8], cap: usize, expected: &[(&[u8], u64, bool)]) {
        let mut r = Counting::new(io::BufReader::with_capacity(4, input));
        let mut buf = Vec::new();
        let mut got = Vec::new();
        loop {
            let line = read_line_capped(&mut r, &mut buf, cap).unwrap();
            if line.consumed == 0 {
                break;
            }
            got.push((buf.clone(), line.consumed, line.truncated));
        }
        let expected: Vec<_> = expected
            .iter()
            .map(|(b, c, t)| (b.to_vec(), *c, *t))
            .collect();
        assert_eq!(got, expected);
        assert_eq!(r.pos(), input.len() as u64);
    }

    #[test]
    fn lines() {
        check(b"ab\ncd", 100, &[(b"ab\n", 3, false), (b"cd", 2, false)]);
        check(
            b"abcdefgh\nx\n",
            3,
            &[(b"abc", 9, true), (b"x\n", 2, false)],
        );
        check(b"\n\n", 3, &[(b"\n", 1, false), (b"\n", 1, false)]);
        check(b"", 3, &[]);
    }
}
