//! JSON Lines (`.jsonl`, `.ndjson`): one article per line.
//!
//! Each line is an object with `text` or `html` (one is required; `text` wins when both are
//! given, since it is what the producer already considered the article's text), and optional
//! `title`, `authors` (a list of strings, a single string, or objects with a `name`),
//! `published`, `url` and `outlet`. Unknown fields are ignored. The reader streams: it holds one
//! line at a time, and a line longer than `Options::max_record_bytes` is skipped with `too-large`.
//! A bad line becomes one `jsonl` diagnostic naming the file and line, and reading goes on.
//! Offsets are byte offsets in the stream as read: for `.jsonl.gz`, in the decompressed text
//! (gzip has no cheap way to point inside a member).

use std::io::BufRead;

use model::{Format, Origin, RawDocument, RawMeta};
use serde::Deserialize;
use serde_json::Value;

use crate::lines::{read_line_capped, trim_newline, Counting};
use crate::{Error, Item, Options};

/// Reads JSON Lines from `reader`; `path` names the source in origins and diagnostics.
pub fn read_from<R: BufRead>(reader: R, path: &str, options: &Options) -> Lines<R> {
    Lines::new(reader, path, options, "io")
}

/// An iterator over the documents and diagnostics of a JSON Lines stream.
pub struct Lines<R> {
    reader: Counting<R>,
    path: String,
    max_line: usize,
    /// The code for read errors: `io` for plain files, `gzip` when reading through a decoder.
    read_error_code: &'static str,
    index: u64,
    buf: Vec<u8>,
    done: bool,
}

impl<R: BufRead> Lines<R> {
    pub(crate) fn new(
        reader: R,
        path: &str,
        options: &Options,
        read_error_code: &'static str,
    ) -> Lines<R> {
        Lines {
            reader: Counting::new(reader),
            path: path.to_string(),
            max_line: usize::try_from(options.max_record_bytes).unwrap_or(usize::MAX),
            read_error_code,
            index: 0,
            buf: Vec::new(),
            done: false,
        }
    }
}

impl<R: BufRead> Iterator for Lines<R> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        if self.index == 0 && !self.done {
            // A binary file misnamed `.jsonl` would otherwise give one diagnostic per "line".
            if let Ok(head) = self.reader.fill_buf() {
                let head = head.get(..crate::sniff::SNIFF_LEN).unwrap_or(head);
                if let Some(why) = crate::sniff::binary(head) {
                    self.done = true;
                    return Some(Error::Binary(why).item(&Origin::file(self.path.clone())));
                }
            }
        }
        while !self.done {
            let offset = self.reader.pos();
            let index = self.index;
            let origin = Origin::record(self.path.clone(), index, offset);
            let line = match read_line_capped(&mut self.reader, &mut self.buf, self.max_line) {
                Ok(line) => line,
                Err(e) => {
                    self.done = true;
                    let message =
                        format!("reading stopped at line {} (byte {offset}): {e}", index + 1);
                    return Some(Item::Diagnostic(model::Diagnostic::error(
                        &origin,
                        self.read_error_code,
                        message,
                    )));
                }
            };
            if line.consumed == 0 {
                self.done = true;
                if index == 0 {
                    return Some(Item::Diagnostic(
                        Error::Empty.diagnostic(&Origin::file(self.path.clone())),
                    ));
                }
                return None;
            }
            self.index += 1;
            if line.truncated {
                let error = Error::TooLarge {
                    size: Some(line.consumed),
                    limit: self.max_line as u64,
                };
                return Some(Item::Diagnostic(error.diagnostic(&origin)));
            }
            let mut bytes = trim_newline(&self.buf);
            if index == 0 {
                bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
            }
            if bytes.iter().all(u8::is_ascii_whitespace) {
                // Blank lines (often a trailing one) are not records.
                continue;
            }
            return Some(match parse_line(bytes) {
                Ok((format, bytes, meta)) => Item::Document(RawDocument {
                    origin,
                    format,
                    bytes,
                    meta,
                }),
                Err(why) => {
                    let message = format!("line {} (1-based) skipped: {why}", index + 1);
                    Item::Diagnostic(Error::Jsonl(message).diagnostic(&origin))
                }
            });
        }
        None
    }
}

/// One line as we accept it. Meta fields are loose `Value`s so that a number where a string was
/// expected costs that field, not the article.
#[derive(Deserialize)]
struct Line {
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    html: Option<String>,
    #[serde(default)]
    title: Option<Value>,
    #[serde(default, alias = "author")]
    authors: Option<Value>,
    #[serde(default, alias = "date")]
    published: Option<Value>,
    #[serde(default)]
    url: Option<Value>,
    #[serde(default)]
    outlet: Option<Value>,
}

/// Parses one JSON object (a line, or a whole `.json` file) into format, content and metadata.
pub(crate) fn parse_line(bytes: &[u8]) -> Result<(Format, Vec<u8>, RawMeta), String> {
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err("not a JSON object".to_string());
    }
    let line: Line = serde_json::from_slice(bytes).map_err(|e| format!("invalid JSON: {e}"))?;
    convert(line)
}

fn convert(line: Line) -> Result<(Format, Vec<u8>, RawMeta), String> {
    let nonempty = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
    let (format, content) = match (nonempty(line.text), nonempty(line.html)) {
        (Some(text), _) => (Format::Text, text),
        (None, Some(html)) => (Format::Html, html),
        (None, None) => return Err("no `text` or `html` field (one is required)".to_string()),
    };
    let meta = RawMeta {
        title: line.title.as_ref().and_then(scalar),
        authors: line.authors.as_ref().map(authors).unwrap_or_default(),
        published: line.published.as_ref().and_then(scalar),
        url: line.url.as_ref().and_then(scalar),
        outlet: line.outlet.as_ref().and_then(scalar),
        charset: None,
    };
    Ok((format, content.into_bytes(), meta))
}

/// A string or number as a string; anything else (null, lists, objects) as absent.
fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn authors(v: &Value) -> Vec<String> {
    match v {
        Value::Array(items) => items
            .iter()
            .filter_map(|item| match item {
                Value::Object(o) => o.get("name").and_then(scalar),
                other => scalar(other),
            })
            .collect(),
        Value::Object(o) => o.get("name").and_then(scalar).into_iter().collect(),
        other => scalar(other).into_iter().collect(),
    }
}

/// A whole `.json` file: one article object, or a list of them (each a record, like a line).
pub(crate) fn read_json_document(bytes: &[u8], path: &str) -> Vec<Item> {
    let origin = Origin::file(path.to_string());
    let value: Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => {
            return vec![Item::Diagnostic(
                Error::Jsonl(format!("invalid JSON: {e}")).diagnostic(&origin),
            )]
        }
    };
    let one = |v: Value, origin: Origin| -> Item {
        let converted = serde_json::from_value::<Line>(v)
            .map_err(|e| format!("not an article object: {e}"))
            .and_then(convert);
        match converted {
            Ok((format, bytes, meta)) => Item::Document(RawDocument {
                origin,
                format,
                bytes,
                meta,
            }),
            Err(why) => Item::Diagnostic(Error::Jsonl(why).diagnostic(&origin)),
        }
    };
    match value {
        Value::Array(items) => items
            .into_iter()
            .enumerate()
            // Elements have no cheap byte offset: 0 stands for "inside the file".
            .map(|(i, v)| one(v, Origin::record(path.to_string(), i as u64, 0)))
            .collect(),
        v @ Value::Object(_) => vec![one(v, origin)],
        _ => vec![Item::Diagnostic(
            Error::Jsonl("not a JSON object or list of objects".to_string()).diagnostic(&origin),
        )],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(line: &str, expected: Result<(Format, &str, RawMeta), &str>) {
        let got = parse_line(line.as_bytes());
        match (got, expected) {
            (Ok((f, b, m)), Ok((ef, eb, em))) => {
                assert_eq!(
                    (f, String::from_utf8(b).unwrap(), m),
                    (ef, eb.to_string(), em)
                );
            }
            (Err(e), Err(want)) => assert!(e.contains(want), "{e:?} does not contain {want:?}"),
            (got, want) => panic!("{line}: got {got:?}, want {want:?}"),
        }
    }

    #[test]
    fn lines() {
        check(
            r#"{"text":"Port Amsel is calm."}"#,
            Ok((Format::Text, "Port Amsel is calm.", RawMeta::default())),
        );
        check(
            r#"{"html":"<p>x</p>","title":" Rekker speaks ","authors":"A. Vos","published":"2024-03-01","url":"https://v.example/a","outlet":"Veloria Daily","extra":[1]}"#,
            Ok((
                Format::Html,
                "<p>x</p>",
                RawMeta {
                    title: Some("Rekker speaks".into()),
                    authors: vec!["A. Vos".into()],
                    published: Some("2024-03-01".into()),
                    url: Some("https://v.example/a".into()),
                    outlet: Some("Veloria Daily".into()),
                    charset: None,
                },
            )),
        );
        check(
            r#"{"text":"t","html":"<p>h</p>","authors":["A",{"name":"B"},3,null],"published":1700000000}"#,
            Ok((
                Format::Text,
                "t",
                RawMeta {
                    authors: vec!["A".into(), "B".into(), "3".into()],
                    published: Some("1700000000".into()),
                    ..Default::default()
                },
            )),
        );
        check(r#"{"title":"no body"}"#, Err("no `text` or `html`"));
        check(r#"{"text":"  "}"#, Err("no `text` or `html`"));
        check(r#"{"text": 5}"#, Err("invalid JSON"));
        check(r#"["text"]"#, Err("not a JSON object"));
        check(r#"{"text": "unterminated"#, Err("invalid JSON"));
    }
}
