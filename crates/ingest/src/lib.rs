//! Readers: files, directories and standard input in, [`model::RawDocument`]s out.
//!
//! One module per format ([`text`], [`markdown`], [`html`], [`jsonl`], [`warc`]), plus [`dir`]
//! for walking directories and [`stdin`]. [`read`] turns a list of paths into a streaming
//! iterator of [`Item`]s: nothing is loaded before it is needed, so a 10 GB WARC or a directory
//! of 100,000 files is read in bounded memory. Bad input never panics: it becomes a
//! [`model::Diagnostic`] naming the file and the problem (see [`Error`] for the codes), and
//! reading goes on with the rest. Bytes are not decoded here: `clean::decode` does that.
//!
//! Each reader also has a `read_from` function over any reader, which the file readers and the
//! fuzz targets (`fuzz/`) share.

use std::fs::{self, File};
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

use model::{Diagnostic, Format, Origin, RawDocument};

pub mod dir;
pub mod html;
pub mod jsonl;
mod lines;
pub mod markdown;
mod sniff;
pub mod progress;
pub mod stdin;
pub mod text;
pub mod warc;

/// Options for [`read`].
#[derive(Clone, Debug)]
pub struct Options {
    /// Files larger than this (other than WARC and JSON Lines, which stream) are skipped with a
    /// `too-large` diagnostic. For `X.html.gz` and the like it bounds the decompressed size.
    pub max_file_bytes: u64,
    /// Records inside container formats (a JSON Lines line, a WARC record) larger than this are
    /// skipped with `too-large`.
    pub max_record_bytes: u64,
    /// Bytes read so far from input files (compressed bytes for gzip files), shared with the
    /// caller for progress against [`progress::input_size`]; every clone of the options
    /// counts into the same total.
    pub consumed: Arc<AtomicU64>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            max_file_bytes: 64 << 20,
            max_record_bytes: 16 << 20,
            consumed: Arc::default(),
        }
    }
}

/// One item of the stream: a document, or a diagnostic about something skipped or suspicious.
#[derive(Debug)]
pub enum Item {
    Document(RawDocument),
    Diagnostic(Diagnostic),
}

/// What can go wrong with one input; each becomes a [`Diagnostic`] with the code [`Error::code`].
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The path does not exist (`not-found`).
    #[error("no such file or directory")]
    NotFound,
    /// The file could not be read: permissions, a vanished file, a device error (`io`).
    #[error("cannot read: {0}")]
    Io(#[source] io::Error),
    /// The file, or the decompressed stream, has no bytes (`empty`).
    #[error("file is empty")]
    Empty,
    /// The content is not text (`binary`).
    #[error("looks like a binary file, not text ({0})")]
    Binary(&'static str),
    /// A file or record over the size limit; `size` is unknown for streams (`too-large`).
    #[error("{} over the limit of {limit} bytes; skipped", match size { Some(s) => format!("{s} bytes,"), None => "more than that,".to_string() })]
    TooLarge { size: Option<u64>, limit: u64 },
    /// A corrupt or truncated gzip stream (`gzip`).
    #[error("{0}")]
    Gzip(String),
    /// A corrupt WARC record (`warc`).
    #[error("{0}")]
    Warc(String),
    /// A bad JSON Lines line or JSON file (`jsonl`).
    #[error("{0}")]
    Jsonl(String),
    /// A format we do not read, such as PDF or images (`unsupported`).
    #[error("unsupported format: {0}")]
    Unsupported(String),
}

impl Error {
    /// The stable diagnostic code.
    pub fn code(&self) -> &'static str {
        match self {
            Error::NotFound => "not-found",
            Error::Io(_) => "io",
            Error::Empty => "empty",
            Error::Binary(_) => "binary",
            Error::TooLarge { .. } => "too-large",
            Error::Gzip(_) => "gzip",
            Error::Warc(_) => "warc",
            Error::Jsonl(_) => "jsonl",
            Error::Unsupported(_) => "unsupported",
        }
    }

    /// The error as a diagnostic about `origin`.
    pub fn diagnostic(&self, origin: &Origin) -> Diagnostic {
        Diagnostic::error(origin, self.code(), self.to_string())
    }

    fn item(&self, origin: &Origin) -> Item {
        Item::Diagnostic(self.diagnostic(origin))
    }

    fn from_io(e: io::Error) -> Error {
        match e.kind() {
            io::ErrorKind::NotFound => Error::NotFound,
            _ => Error::Io(e),
        }
    }
}

/// A boxed stream of items, as every reader returns.
pub type Items = Box<dyn Iterator<Item = Item> + Send>;

fn one(item: Item) -> Items {
    Box::new(std::iter::once(item))
}

/// Reads the given paths (`-` is standard input) in order, recursing into directories.
pub fn read(paths: Vec<PathBuf>, options: Options) -> impl Iterator<Item = Item> + Send {
    paths
        .into_iter()
        .flat_map(move |path| read_path(&path, &options))
}

/// Reads one path: standard input, a directory or a file.
pub fn read_path(path: &Path, options: &Options) -> Items {
    if path.as_os_str() == "-" {
        return stdin::read(options);
    }
    match fs::metadata(path) {
        Ok(m) if m.is_dir() => Box::new(dir::read(path, options)),
        Ok(_) => read_file(path, options),
        Err(e) => one(Error::from_io(e).item(&Origin::file(path.display().to_string()))),
    }
}

/// What a file name says about its format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Text,
    Markdown,
    Html,
    Jsonl,
    /// A whole `.json` file: one article object or a list of them.
    Json,
    Warc,
    /// No extension, or one we do not know: sniff the content.
    Unknown,
    Unsupported(&'static str),
}

/// The kind of a file from its name, and whether it is gzip-compressed (`X.html.gz`).
fn kind_of(name: &str) -> (Kind, bool) {
    let lower = name.to_ascii_lowercase();
    let (stem, gz) = match lower.strip_suffix(".gz") {
        Some(stem) => (stem, true),
        None => (lower.as_str(), false),
    };
    let ext = match stem.rsplit_once('.') {
        // A leading dot alone (`.profile`) is not an extension.
        Some((before, ext)) if !before.is_empty() => ext,
        _ => "",
    };
    let kind = match ext {
        "txt" | "text" => Kind::Text,
        "md" | "markdown" => Kind::Markdown,
        "html" | "htm" | "xhtml" | "shtml" => Kind::Html,
        "jsonl" | "ndjson" => Kind::Jsonl,
        "json" => Kind::Json,
        "warc" => Kind::Warc,
        "pdf" => Kind::Unsupported("PDF"),
        "doc" | "docx" | "odt" | "rtf" | "epub" | "pages" => {
            Kind::Unsupported("word-processor document")
        }
        "xls" | "xlsx" | "ods" | "ppt" | "pptx" | "odp" => Kind::Unsupported("office document"),
        "png" | "jpg" | "jpeg" | "gif" | "webp" | "bmp" | "tif" | "tiff" | "ico" | "svg"
        | "heic" => Kind::Unsupported("image"),
        "mp3" | "mp4" | "wav" | "ogg" | "m4a" | "avi" | "mov" | "mkv" | "webm" => {
            Kind::Unsupported("audio or video")
        }
        "zip" | "tar" | "tgz" | "7z" | "rar" | "bz2" | "xz" | "zst" => Kind::Unsupported("archive"),
        "exe" | "dll" | "so" | "dylib" | "bin" | "o" | "class" | "pyc" => {
            Kind::Unsupported("executable or object code")
        }
        "sqlite" | "db" | "parquet" | "arrow" => Kind::Unsupported("database or columnar data"),
        "arc" => Kind::Unsupported("ARC web archive (only WARC is read)"),
        _ => Kind::Unknown,
    };
    (kind, gz)
}

/// Reads one file (not a directory), choosing the reader from its name, else its content.
pub fn read_file(path: &Path, options: &Options) -> Items {
    let display = path.display().to_string();
    let origin = Origin::file(display.clone());
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (kind, gz) = kind_of(&name);
    if let Kind::Unsupported(what) = kind {
        return one(Error::Unsupported(format!(
            "{what} (.{} files are not read)",
            name.rsplit('.').next().unwrap_or("")
        ))
        .item(&origin));
    }
    let size = match fs::metadata(path) {
        Ok(m) => m.len(),
        Err(e) => return one(Error::from_io(e).item(&origin)),
    };
    if size == 0 {
        return one(Error::Empty.item(&origin));
    }
    let streaming = matches!(kind, Kind::Warc | Kind::Jsonl);
    if !streaming && !gz && size > options.max_file_bytes {
        return one(Error::TooLarge {
            size: Some(size),
            limit: options.max_file_bytes,
        }
        .item(&origin));
    }
    let file = match File::open(path) {
        Ok(f) => progress::Counted::new(f, options.consumed.clone()),
        Err(e) => return one(Error::from_io(e).item(&origin)),
    };
    let options = options.clone();
    match (kind, gz) {
        (Kind::Warc, false) => Box::new(warc::read_from(file, &display, &options)),
        (Kind::Warc, true) => Box::new(warc::read_gz_from(
            BufReader::with_capacity(256 << 10, file),
            &display,
            &options,
        )),
        (Kind::Jsonl, false) => Box::new(jsonl::read_from(
            BufReader::with_capacity(256 << 10, file),
            &display,
            &options,
        )),
        (Kind::Jsonl, true) => {
            let decoder = flate2::read::MultiGzDecoder::new(BufReader::new(file));
            Box::new(jsonl::Lines::new(
                BufReader::with_capacity(256 << 10, decoder),
                &display,
                &options,
                "gzip",
            ))
        }
        (kind, true) => match gunzip(BufReader::new(file), &options) {
            Ok(bytes) => from_bytes(kind, bytes, &display, &options, 1),
            Err(e) => one(e.item(&origin)),
        },
        (kind, false) => match read_limited(file, options.max_file_bytes) {
            Ok(bytes) => from_bytes(kind, bytes, &display, &options, 0),
            Err(ReadLimited::TooLarge) => one(Error::TooLarge {
                size: None,
                limit: options.max_file_bytes,
            }
            .item(&origin)),
            Err(ReadLimited::Io(e)) => one(Error::from_io(e).item(&origin)),
        },
    }
}

/// Decompresses a whole gzip stream (all members), up to `options.max_file_bytes`.
fn gunzip(reader: impl io::BufRead, options: &Options) -> Result<Vec<u8>, Error> {
    read_limited(flate2::bufread::MultiGzDecoder::new(reader), options.max_file_bytes).map_err(|e| match e {
        ReadLimited::TooLarge => Error::TooLarge { size: None, limit: options.max_file_bytes },
        ReadLimited::Io(e) => Error::Gzip(format!("cannot decompress: {e}")),
    })
}

enum ReadLimited {
    TooLarge,
    Io(io::Error),
}

/// Reads a whole stream, or fails once it passes `limit` bytes (the file may grow after its
/// metadata was read, and decompressed sizes are unknown in advance).
fn read_limited(reader: impl Read, limit: u64) -> Result<Vec<u8>, ReadLimited> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadLimited::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadLimited::TooLarge);
    }
    Ok(bytes)
}

/// Dispatches a file's whole content. `depth` counts gzip layers already removed, so that a
/// gzip inside a gzip is not unpacked forever.
fn from_bytes(kind: Kind, bytes: Vec<u8>, path: &str, options: &Options, depth: u32) -> Items {
    let origin = Origin::file(path.to_string());
    if bytes.is_empty() {
        return one(Error::Empty.item(&origin));
    }
    match kind {
        Kind::Text => one(document(path, Format::Text, bytes)),
        Kind::Markdown => one(document(path, Format::Markdown, bytes)),
        Kind::Html => one(document(path, Format::Html, bytes)),
        Kind::Json => Box::new(jsonl::read_json_document(&bytes, path).into_iter()),
        Kind::Jsonl => Box::new(
            jsonl::read_from(io::Cursor::new(bytes), path, options)
                .collect::<Vec<_>>()
                .into_iter(),
        ),
        Kind::Warc => Box::new(
            warc::read_from(io::Cursor::new(bytes), path, options)
                .collect::<Vec<_>>()
                .into_iter(),
        ),
        Kind::Unsupported(what) => one(Error::Unsupported(what.to_string()).item(&origin)),
        Kind::Unknown => match sniff::sniff(&bytes) {
            sniff::Sniffed::Gzip if depth == 0 => match gunzip(&bytes[..], options) {
                Ok(inner) => from_bytes(Kind::Unknown, inner, path, options, depth + 1),
                Err(e) => one(e.item(&origin)),
            },
            sniff::Sniffed::Gzip => {
                one(Error::Unsupported("gzip inside gzip".to_string()).item(&origin))
            }
            sniff::Sniffed::Warc => from_bytes(Kind::Warc, bytes, path, options, depth),
            sniff::Sniffed::Html => one(document(path, Format::Html, bytes)),
            // A file of unknown type that starts with `{` stays text: guessing JSON Lines from a
            // name-less file would turn one odd text into a diagnostic per line.
            sniff::Sniffed::Text | sniff::Sniffed::Json => one(document(path, Format::Text, bytes)),
            sniff::Sniffed::Unsupported(what) => {
                one(Error::Unsupported(what.to_string()).item(&origin))
            }
            sniff::Sniffed::Binary(why) => one(Error::Binary(why).item(&origin)),
        },
    }
}

/// A whole-file document after the binary check.
fn document(path: &str, format: Format, bytes: Vec<u8>) -> Item {
    let origin = Origin::file(path.to_string());
    if bytes.is_empty() {
        return Error::Empty.item(&origin);
    }
    let head = bytes.get(..sniff::SNIFF_LEN).unwrap_or(&bytes);
    if let Some(why) = sniff::binary(head) {
        return Error::Binary(why).item(&origin);
    }
    Item::Document(RawDocument {
        origin,
        format,
        bytes,
        meta: Default::default(),
    })
}

/// Reads a whole stream as one document of `format` (the shared body of `text::read_from`,
/// `markdown::read_from` and `html::read_from`).
fn whole_document(reader: impl Read, path: &str, format: Format, options: &Options) -> Item {
    let origin = Origin::file(path.to_string());
    match read_limited(reader, options.max_file_bytes) {
        Ok(bytes) => document(path, format, bytes),
        Err(ReadLimited::TooLarge) => Error::TooLarge {
            size: None,
            limit: options.max_file_bytes,
        }
        .item(&origin),
        Err(ReadLimited::Io(e)) => Error::Io(e).item(&origin),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(name: &str, expected: (Kind, bool)) {
        assert_eq!(kind_of(name), expected, "{name}");
    }

    #[test]
    fn kinds() {
        check("a.txt", (Kind::Text, false));
        check("A.HTML", (Kind::Html, false));
        check("x.warc.gz", (Kind::Warc, true));
        check("x.jsonl.gz", (Kind::Jsonl, true));
        check("notes", (Kind::Unknown, false));
        check(".hidden", (Kind::Unknown, false));
        check("data.gz", (Kind::Unknown, true));
        check("report.pdf", (Kind::Unsupported("PDF"), false));
        check("x.tar.gz", (Kind::Unsupported("archive"), true));
    }
}
