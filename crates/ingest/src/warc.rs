//! WARC (`.warc`, `.warc.gz`): the HTML pages inside a web archive (Common Crawl, CC-NEWS).
//!
//! Why a small hand-written parser rather than the `warc` crate (0.4), decided on what we
//! measured and read. Speed is not the reason: on a generated 300 MB file of 3 KB records its
//! `iter_records` ran at 1,310 MB/s against 2,060 MB/s here (which also parses the HTTP head),
//! so the reported slowness did not show on this data (it allocates a 1 MB body buffer per
//! record, which may hurt elsewhere). Recovery and offsets are the reasons. On a file of five
//! records with junk between the first two and a too-small `Content-Length` in the third, the
//! crate returned 3 records and 4 errors and then stopped, because after an error it leaves the
//! stream mid-record and parses payload bytes as headers; this parser returns all five records
//! and two `warc` diagnostics, resynchronising on the next `WARC/` line. The crate also gives no
//! record offsets, and its gzip path wraps the whole file in one multi-member decoder, so the
//! member offsets we need for `RecordRef::offset` are lost; and its `from_path` opens files for
//! writing with `create(true)`. The format is simple enough (a version line, `Name: value`
//! headers, `Content-Length` bytes of block) that ~400 lines here give streaming with bounded
//! buffers, exact offsets and resync, with no new dependency. Figures:
//! `cargo run --release -p ingest --example bench`.
//!
//! What is yielded: the HTTP payload (after the HTTP headers, de-chunked and, when gzip or
//! deflate content-encoding is present, decompressed) of `response` records with a 2xx status
//! and an HTML content type, and of `resource` records whose own type is HTML.
//! `meta.url` is `WARC-Target-URI`, `meta.charset` the HTTP `Content-Type` charset.
//! `WARC-Date` is deliberately not used as `published`: it is when the crawler fetched the page,
//! which for news is often days or years after publication, and a wrong date is worse than none
//! since `clean` would prefer it to the page's own date.

use std::collections::VecDeque;
use std::io::{self, BufRead, BufReader, Read};

use flate2::bufread::GzDecoder;
use model::{Diagnostic, Format, Origin, RawDocument, RawMeta};

use crate::lines::{read_line_capped, trim_newline, Counting};
use crate::{Error, Item, Options};

/// Header lines longer than this are cut (their tail is dropped, the record is still read).
const MAX_HEADER_LINE: usize = 64 << 10;
/// A header block larger than this is treated as corruption.
const MAX_HEADER_BYTES: u64 = 1 << 20;
/// How much of a response block is read to find and parse its HTTP headers.
const HTTP_HEAD_PREFIX: u64 = 64 << 10;
const READ_BUFFER: usize = 256 << 10;

/// Reads an uncompressed WARC stream; `path` names it in origins and diagnostics.
pub fn read_from<R: Read>(reader: R, path: &str, options: &Options) -> Records<BufReader<R>> {
    Records {
        parser: Parser::new(BufReader::with_capacity(READ_BUFFER, reader)),
        path: path.to_string(),
        options: options.clone(),
        index: 0,
        pending: VecDeque::new(),
        done: false,
    }
}

/// Reads a gzip-compressed WARC stream (`.warc.gz`): one gzip member per record, as Common
/// Crawl writes them; record offsets are those of their members in the compressed stream.
pub fn read_gz_from<R: BufRead>(reader: R, path: &str, options: &Options) -> GzRecords<R> {
    GzRecords {
        state: GzState::Between(Counting::new(reader)),
        path: path.to_string(),
        options: options.clone(),
        index: 0,
        n_members: 0,
        pending: VecDeque::new(),
    }
}

/// Why reading a record failed.
enum ReadError {
    /// The underlying reader failed (for `.warc.gz`, the gzip decoder).
    Io(io::Error),
    /// The bytes are not a well-formed record; the message says what is wrong.
    Corrupt(String),
}

impl From<io::Error> for ReadError {
    fn from(e: io::Error) -> ReadError {
        ReadError::Io(e)
    }
}

/// A record's version line and headers, its offset in the parser's stream, and its block length.
struct Head {
    offset: u64,
    /// Header names are lower-cased; values trimmed.
    fields: Vec<(String, String)>,
    content_length: u64,
}

impl Head {
    fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Record-level parsing over any [`BufRead`]: headers, then the block, with resynchronisation.
struct Parser<R> {
    r: Counting<R>,
    line: Vec<u8>,
    /// Bytes of the current record's block not read yet.
    remaining: u64,
    /// After a corrupt record: skip lines until the next `WARC/` version line, silently.
    resyncing: bool,
    /// Where the last non-blank line looked at by [`Parser::next_head`] starts: the offset that
    /// diagnostics about a bad head name.
    head_offset: u64,
}

impl<R: BufRead> Parser<R> {
    fn new(r: R) -> Parser<R> {
        Parser {
            r: Counting::new(r),
            line: Vec::new(),
            remaining: 0,
            resyncing: false,
            head_offset: 0,
        }
    }

    fn into_inner(self) -> R {
        self.r.into_inner()
    }

    /// The next record's head, `None` at the end of the stream.
    fn next_head(&mut self) -> Option<Result<Head, ReadError>> {
        if let Err(e) = self.skip_rest() {
            return Some(Err(e));
        }
        loop {
            let offset = self.r.pos();
            let line = match read_line_capped(&mut self.r, &mut self.line, MAX_HEADER_LINE) {
                Ok(line) => line,
                Err(e) => return Some(Err(e.into())),
            };
            if line.consumed == 0 {
                return None;
            }
            let text = trim_newline(&self.line);
            if text.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            if !self.resyncing {
                self.head_offset = offset;
            }
            if !text.starts_with(b"WARC/") {
                if self.resyncing {
                    continue;
                }
                self.resyncing = true;
                let shown: String = String::from_utf8_lossy(text).chars().take(40).collect();
                return Some(Err(ReadError::Corrupt(format!(
                    "expected a `WARC/1.x` version line at byte {offset}, found {shown:?}; skipping to the next record"
                ))));
            }
            self.resyncing = false;
            self.head_offset = offset;
            return Some(self.read_fields(offset));
        }
    }

    fn read_fields(&mut self, offset: u64) -> Result<Head, ReadError> {
        let mut fields: Vec<(String, String)> = Vec::new();
        let mut size = 0u64;
        loop {
            let line = read_line_capped(&mut self.r, &mut self.line, MAX_HEADER_LINE)?;
            if line.consumed == 0 {
                self.resyncing = true;
                return Err(ReadError::Corrupt(format!(
                    "record at byte {offset}: stream ends inside its headers"
                )));
            }
            size += line.consumed;
            if size > MAX_HEADER_BYTES {
                self.resyncing = true;
                return Err(ReadError::Corrupt(format!(
                    "record at byte {offset}: headers longer than {MAX_HEADER_BYTES} bytes"
                )));
            }
            let text = String::from_utf8_lossy(trim_newline(&self.line)).into_owned();
            if text.is_empty() {
                break;
            }
            if text.starts_with([' ', '\t']) {
                // A folded continuation of the previous header's value.
                if let Some((_, value)) = fields.last_mut() {
                    value.push(' ');
                    value.push_str(text.trim());
                }
                continue;
            }
            match text.split_once(':') {
                Some((name, value)) => {
                    fields.push((name.trim().to_ascii_lowercase(), value.trim().to_string()))
                }
                None => {
                    self.resyncing = true;
                    let shown: String = text.chars().take(40).collect();
                    return Err(ReadError::Corrupt(format!(
                        "record at byte {offset}: malformed header line {shown:?}"
                    )));
                }
            }
        }
        let length = fields
            .iter()
            .find(|(n, _)| n == "content-length")
            .map(|(_, v)| v.parse::<u64>());
        match length {
            Some(Ok(content_length)) => {
                self.remaining = content_length;
                Ok(Head {
                    offset,
                    fields,
                    content_length,
                })
            }
            _ => {
                self.resyncing = true;
                Err(ReadError::Corrupt(format!(
                    "record at byte {offset}: missing or invalid Content-Length"
                )))
            }
        }
    }

    /// Reads up to `n` more bytes of the current block.
    fn read_block(&mut self, n: u64, out: &mut Vec<u8>) -> Result<(), ReadError> {
        let want = n.min(self.remaining);
        let got = (&mut self.r).take(want).read_to_end(out)? as u64;
        self.remaining -= got;
        if got < want {
            self.remaining = 0;
            self.resyncing = true;
            return Err(ReadError::Corrupt(
                "stream ends inside the record's block (truncated record)".to_string(),
            ));
        }
        Ok(())
    }

    /// Skips what is left of the current block.
    fn skip_rest(&mut self) -> Result<(), ReadError> {
        if self.remaining == 0 {
            return Ok(());
        }
        let want = self.remaining;
        let got = io::copy(&mut (&mut self.r).take(want), &mut io::sink())?;
        self.remaining = 0;
        if got < want {
            self.resyncing = true;
            return Err(ReadError::Corrupt(
                "stream ends inside the record's block (truncated record)".to_string(),
            ));
        }
        Ok(())
    }
}

/// Turns one record into at most one document plus warnings; reads (or leaves for skipping)
/// its block. `Err` is for problems that concern the stream, not just this record's payload.
fn record_items<R: BufRead>(
    parser: &mut Parser<R>,
    head: &Head,
    origin: &Origin,
    options: &Options,
) -> Result<Vec<Item>, ReadError> {
    let warc_type = head.get("warc-type").unwrap_or("").to_ascii_lowercase();
    let content_type = head.get("content-type").unwrap_or("");
    let url = head
        .get("warc-target-uri")
        .map(|u| u.trim_start_matches('<').trim_end_matches('>').to_string())
        .filter(|u| !u.is_empty());
    let too_large = |len: u64| {
        Item::Diagnostic(
            Error::TooLarge {
                size: Some(len),
                limit: options.max_record_bytes,
            }
            .diagnostic(origin),
        )
    };
    let mut items = Vec::new();
    let (payload, charset) = match warc_type.as_str() {
        "resource" => {
            if !is_html_type(content_type) {
                return Ok(items);
            }
            if head.content_length > options.max_record_bytes {
                items.push(too_large(head.content_length));
                return Ok(items);
            }
            let mut block = Vec::new();
            parser.read_block(head.content_length, &mut block)?;
            (block, charset_of(content_type))
        }
        "response" => {
            let mut block = Vec::new();
            parser.read_block(HTTP_HEAD_PREFIX, &mut block)?;
            let Some(http) = parse_http_head(&block) else {
                if !content_type
                    .to_ascii_lowercase()
                    .starts_with("application/http")
                    && is_html_type(content_type)
                {
                    // A response stored without HTTP headers (some tools do this): the block is
                    // the page.
                    return finish_plain(
                        parser,
                        head,
                        block,
                        content_type,
                        url,
                        origin,
                        options,
                        items,
                    );
                }
                return Ok(items);
            };
            if !(200..300).contains(&http.status) {
                return Ok(items);
            }
            let html = match &http.content_type {
                Some(t) => is_html_type(t),
                // No HTTP type: trust the crawler's identification, else sniff the body.
                None => match head.get("warc-identified-payload-type") {
                    Some(t) => is_html_type(t),
                    None => crate::sniff::looks_like_html(
                        block.get(http.body_start..).unwrap_or_default(),
                    ),
                },
            };
            if !html {
                return Ok(items);
            }
            if head.content_length > options.max_record_bytes {
                items.push(too_large(head.content_length));
                return Ok(items);
            }
            parser.read_block(u64::MAX, &mut block)?;
            let mut body = block.split_off(http.body_start.min(block.len()));
            if http.chunked {
                let (decoded, problem) = dechunk(&body);
                body = decoded;
                if let Some(problem) = problem {
                    items.push(Item::Diagnostic(Diagnostic::warning(
                        origin,
                        "warc",
                        format!("chunked payload: {problem}; kept what was decoded"),
                    )));
                }
            }
            if let Some(encoding) = &http.content_encoding {
                match decompress(&body, encoding, options.max_record_bytes) {
                    Ok(Some(decoded)) => body = decoded,
                    Ok(None) => {}
                    Err(why) => {
                        items.push(Item::Diagnostic(
                            Error::Warc(format!("payload skipped: {why}")).diagnostic(origin),
                        ));
                        return Ok(items);
                    }
                }
            }
            (body, http.content_type.as_deref().and_then(charset_of))
        }
        _ => return Ok(items),
    };
    if payload.iter().all(u8::is_ascii_whitespace) {
        return Ok(items);
    }
    let meta = RawMeta {
        url,
        charset,
        ..RawMeta::default()
    };
    items.push(Item::Document(RawDocument {
        origin: origin.clone(),
        format: Format::Html,
        bytes: payload,
        meta,
    }));
    Ok(items)
}

/// A `response` record whose block is the page itself (no HTTP headers).
#[allow(clippy::too_many_arguments)]
fn finish_plain<R: BufRead>(
    parser: &mut Parser<R>,
    head: &Head,
    mut block: Vec<u8>,
    content_type: &str,
    url: Option<String>,
    origin: &Origin,
    options: &Options,
    mut items: Vec<Item>,
) -> Result<Vec<Item>, ReadError> {
    if head.content_length > options.max_record_bytes {
        items.push(Item::Diagnostic(
            Error::TooLarge {
                size: Some(head.content_length),
                limit: options.max_record_bytes,
            }
            .diagnostic(origin),
        ));
        return Ok(items);
    }
    parser.read_block(u64::MAX, &mut block)?;
    let meta = RawMeta {
        url,
        charset: charset_of(content_type),
        ..RawMeta::default()
    };
    items.push(Item::Document(RawDocument {
        origin: origin.clone(),
        format: Format::Html,
        bytes: block,
        meta,
    }));
    Ok(items)
}

fn is_html_type(content_type: &str) -> bool {
    let mime = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    mime == "text/html" || mime == "application/xhtml+xml"
}

/// The `charset=` parameter of a content type.
fn charset_of(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        let value = value.trim().trim_matches(['"', '\'']).trim();
        (name.trim().eq_ignore_ascii_case("charset") && !value.is_empty())
            .then(|| value.to_string())
    })
}

/// The parts of an HTTP response head we use.
#[derive(Debug, PartialEq, Eq)]
struct HttpHead {
    status: u16,
    content_type: Option<String>,
    chunked: bool,
    content_encoding: Option<String>,
    /// Offset of the body in the block.
    body_start: usize,
}

/// Parses the status line and headers at the start of a response block; `None` when the block
/// does not start with an HTTP response head ending within `block`.
fn parse_http_head(block: &[u8]) -> Option<HttpHead> {
    if !block.starts_with(b"HTTP/") {
        return None;
    }
    let (head_len, body_start) = match memchr::memmem::find(block, b"\r\n\r\n") {
        Some(i) => (i, i + 4),
        None => {
            let i = memchr::memmem::find(block, b"\n\n")?;
            (i, i + 2)
        }
    };
    let head = String::from_utf8_lossy(block.get(..head_len)?);
    let mut lines = head.lines();
    let status = lines
        .next()?
        .split_whitespace()
        .nth(1)?
        .parse::<u16>()
        .ok()?;
    let mut out = HttpHead {
        status,
        content_type: None,
        chunked: false,
        content_encoding: None,
        body_start,
    };
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-type" => out.content_type = Some(value.to_string()),
            "transfer-encoding" => out.chunked = value.to_ascii_lowercase().contains("chunked"),
            "content-encoding" => {
                let v = value.to_ascii_lowercase();
                if v != "identity" && !v.is_empty() {
                    out.content_encoding = Some(v);
                }
            }
            _ => {}
        }
    }
    Some(out)
}

/// Decodes a chunked body; on malformed input returns what was decoded and what went wrong.
fn dechunk(body: &[u8]) -> (Vec<u8>, Option<String>) {
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    loop {
        if rest.is_empty() {
            return (out, Some("missing final zero-length chunk".to_string()));
        }
        let eol = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
        let size_line = String::from_utf8_lossy(rest.get(..eol).unwrap_or_default()).into_owned();
        let size_text = size_line.split(';').next().unwrap_or("").trim();
        let Ok(size) = usize::from_str_radix(size_text, 16) else {
            // Some crawlers store the de-chunked body but keep the header: then the body does
            // not start with a chunk size, and is returned whole.
            if out.is_empty() {
                return (body.to_vec(), None);
            }
            return (out, Some(format!("bad chunk size {size_text:?}")));
        };
        rest = rest.get(eol + 1..).unwrap_or_default();
        if size == 0 {
            return (out, None);
        }
        let Some(chunk) = rest.get(..size) else {
            out.extend_from_slice(rest);
            return (out, Some("last chunk is truncated".to_string()));
        };
        out.extend_from_slice(chunk);
        rest = rest.get(size..).unwrap_or_default();
        rest = rest
            .strip_prefix(b"\r\n")
            .or_else(|| rest.strip_prefix(b"\n"))
            .unwrap_or(rest);
    }
}

/// Undoes a gzip or deflate content-encoding (bounded by `limit`); `Ok(None)` when the body is
/// evidently already decoded (crawlers often store it so but keep the header).
fn decompress(body: &[u8], encoding: &str, limit: u64) -> Result<Option<Vec<u8>>, String> {
    let mut out = Vec::new();
    let result = match encoding {
        "gzip" | "x-gzip" if body.starts_with(&[0x1f, 0x8b]) => {
            flate2::read::MultiGzDecoder::new(body)
                .take(limit.saturating_add(1))
                .read_to_end(&mut out)
        }
        "deflate" if body.first().is_some_and(|b| b & 0x0f == 8) => {
            flate2::read::ZlibDecoder::new(body)
                .take(limit.saturating_add(1))
                .read_to_end(&mut out)
        }
        "gzip" | "x-gzip" | "deflate" => return Ok(None),
        // Brotli, zstd and the like: fine if the body is evidently plain already.
        _ if crate::sniff::looks_like_html(body) => return Ok(None),
        other => return Err(format!("unsupported content-encoding {other:?}")),
    };
    match result {
        Ok(_) if out.len() as u64 > limit => Err(format!(
            "decompressed payload over the limit of {limit} bytes"
        )),
        Ok(_) => Ok(Some(out)),
        Err(e) => Err(format!("cannot decompress {encoding} payload: {e}")),
    }
}

/// The records of an uncompressed WARC stream (see [`read_from`]).
pub struct Records<R> {
    parser: Parser<R>,
    path: String,
    options: Options,
    index: u64,
    pending: VecDeque<Item>,
    done: bool,
}

impl<R: BufRead> Iterator for Records<R> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(item) = self.pending.pop_front() {
                return Some(item);
            }
            if self.done {
                return None;
            }
            let result = match self.parser.next_head() {
                None => {
                    self.done = true;
                    continue;
                }
                Some(Err(e)) => Err((e, self.parser.head_offset)),
                Some(Ok(head)) => {
                    let origin = Origin::record(self.path.clone(), self.index, head.offset);
                    record_items(&mut self.parser, &head, &origin, &self.options)
                        .map_err(|e| (e, head.offset))
                }
            };
            let index = self.index;
            self.index += 1;
            match result {
                Ok(items) => self.pending.extend(items),
                Err((ReadError::Corrupt(why), offset)) => {
                    let origin = Origin::record(self.path.clone(), index, offset);
                    self.pending
                        .push_back(Item::Diagnostic(Error::Warc(why).diagnostic(&origin)));
                }
                Err((ReadError::Io(e), offset)) => {
                    self.done = true;
                    let origin = Origin::record(self.path.clone(), index, offset);
                    self.pending
                        .push_back(Item::Diagnostic(Error::Io(e).diagnostic(&origin)));
                }
            }
        }
    }
}

type MemberParser<R> = Parser<BufReader<GzDecoder<Counting<R>>>>;

enum GzState<R> {
    /// At a member boundary (or at the start).
    Between(Counting<R>),
    /// Inside the member that starts at `offset`.
    Member {
        offset: u64,
        parser: Box<MemberParser<R>>,
    },
    Done,
}

/// The records of a `.warc.gz` stream (see [`read_gz_from`]).
pub struct GzRecords<R> {
    state: GzState<R>,
    path: String,
    options: Options,
    index: u64,
    n_members: u64,
    pending: VecDeque<Item>,
}

impl<R: BufRead> Iterator for GzRecords<R> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(item) = self.pending.pop_front() {
                return Some(item);
            }
            match std::mem::replace(&mut self.state, GzState::Done) {
                GzState::Done => return None,
                GzState::Between(mut reader) => {
                    let offset = reader.pos();
                    let origin = Origin::record(self.path.clone(), self.index, offset);
                    match reader.fill_buf() {
                        Err(e) => self
                            .pending
                            .push_back(Item::Diagnostic(Error::Io(e).diagnostic(&origin))),
                        Ok([]) => {
                            if self.n_members == 0 {
                                self.pending.push_back(Item::Diagnostic(
                                    Error::Empty.diagnostic(&Origin::file(self.path.clone())),
                                ));
                            }
                        }
                        Ok(buf) if !buf.starts_with(&[0x1f, 0x8b]) => {
                            let why = format!("no gzip member starts at byte {offset} (trailing garbage or a corrupt file); rest of file skipped");
                            self.pending
                                .push_back(Item::Diagnostic(Error::Gzip(why).diagnostic(&origin)));
                        }
                        Ok(_) => {
                            self.n_members += 1;
                            let decoder = GzDecoder::new(reader);
                            let parser = Box::new(Parser::new(BufReader::with_capacity(
                                READ_BUFFER,
                                decoder,
                            )));
                            self.state = GzState::Member { offset, parser };
                        }
                    }
                }
                GzState::Member { offset, mut parser } => {
                    let origin = Origin::record(self.path.clone(), self.index, offset);
                    let result = match parser.next_head() {
                        None => {
                            // End of this member: the counting reader is now at the next one.
                            self.state =
                                GzState::Between(parser.into_inner().into_inner().into_inner());
                            continue;
                        }
                        Some(Err(e)) => Err(e),
                        Some(Ok(head)) => record_items(&mut parser, &head, &origin, &self.options),
                    };
                    self.index += 1;
                    match result {
                        Ok(items) => {
                            self.pending.extend(items);
                            self.state = GzState::Member { offset, parser };
                        }
                        Err(ReadError::Corrupt(why)) => {
                            self.pending
                                .push_back(Item::Diagnostic(Error::Warc(why).diagnostic(&origin)));
                            self.state = GzState::Member { offset, parser };
                        }
                        Err(ReadError::Io(e)) => {
                            // A decoder error: the member is corrupt or truncated. Members have no
                            // marker we could resynchronise on safely, so the file stops here.
                            let why = format!("gzip member at byte {offset} is corrupt or truncated ({e}); rest of file skipped");
                            self.pending
                                .push_back(Item::Diagnostic(Error::Gzip(why).diagnostic(&origin)));
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_heads() {
        let block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=\"windows-1251\"\r\nTransfer-Encoding: chunked\r\n\r\nbody";
        let head = parse_http_head(block).unwrap();
        assert_eq!(
            head,
            HttpHead {
                status: 200,
                content_type: Some("text/html; charset=\"windows-1251\"".into()),
                chunked: true,
                content_encoding: None,
                body_start: 96
            }
        );
        assert_eq!(block.get(head.body_start..), Some(&b"body"[..]));
        assert_eq!(
            charset_of(head.content_type.as_deref().unwrap()),
            Some("windows-1251".to_string())
        );
        assert_eq!(parse_http_head(b"GET / HTTP/1.1\r\n\r\n"), None);
        assert_eq!(
            parse_http_head(b"HTTP/1.1 200 OK\r\nContent-Type: text/html"),
            None
        );
    }

    fn check_dechunk(input: &[u8], expected: &[u8], problem: bool) {
        let (out, p) = dechunk(input);
        assert_eq!(
            String::from_utf8_lossy(&out),
            String::from_utf8_lossy(expected)
        );
        assert_eq!(p.is_some(), problem, "{p:?}");
    }

    #[test]
    fn chunks() {
        check_dechunk(
            b"5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n",
            b"hello world",
            false,
        );
        check_dechunk(
            b"<html>already plain</html>",
            b"<html>already plain</html>",
            false,
        );
        check_dechunk(b"5\r\nhel", b"hel", true);
        check_dechunk(b"5\r\nhello\r\nzz\r\n", b"hello", true);
    }

    #[test]
    fn types() {
        assert!(is_html_type("text/html; charset=utf-8"));
        assert!(is_html_type("Application/XHTML+XML"));
        assert!(!is_html_type("image/png"));
        assert_eq!(
            charset_of("text/html;charset=KOI8-R"),
            Some("KOI8-R".to_string())
        );
        assert_eq!(charset_of("text/html"), None);
    }
}
