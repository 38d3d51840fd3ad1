//! Standard input (the path `-`): the format is sniffed from the first bytes.
//!
//! JSON Lines when the first non-space byte is `{`, WARC when it starts with `WARC/`, HTML when
//! it starts like HTML, else text. Gzip is taken to be a `.warc.gz` (the one compressed
//! format worth piping in; anything else gets a `warc` diagnostic). Origins name the path `-`.

use std::io::{self, BufReader, Read};

use model::{Format, Origin};

use crate::sniff::{sniff, Sniffed, SNIFF_LEN};
use crate::{Error, Items, Options};

/// The origin path of standard input.
pub const PATH: &str = "-";

/// Reads standard input.
pub fn read(options: &Options) -> Items {
    read_from(io::stdin(), options)
}

/// Reads any stream as if it were standard input (sniffing its format); used by [`read`] and tests.
pub fn read_from(mut reader: impl Read + Send + 'static, options: &Options) -> Items {
    let origin = Origin::file(PATH);
    let mut head = Vec::with_capacity(SNIFF_LEN);
    if let Err(e) = (&mut reader).take(SNIFF_LEN as u64).read_to_end(&mut head) {
        return crate::one(Error::Io(e).item(&origin));
    }
    if head.is_empty() {
        return crate::one(Error::Empty.item(&origin));
    }
    let kind = sniff(&head);
    let whole = io::Cursor::new(head).chain(reader);
    let options = options.clone();
    match kind {
        Sniffed::Json => Box::new(crate::jsonl::read_from(
            BufReader::with_capacity(256 << 10, whole),
            PATH,
            &options,
        )),
        Sniffed::Warc => Box::new(crate::warc::read_from(whole, PATH, &options)),
        Sniffed::Gzip => Box::new(crate::warc::read_gz_from(
            BufReader::with_capacity(256 << 10, whole),
            PATH,
            &options,
        )),
        Sniffed::Html => crate::one(crate::whole_document(whole, PATH, Format::Html, &options)),
        Sniffed::Text => crate::one(crate::whole_document(whole, PATH, Format::Text, &options)),
        Sniffed::Unsupported(what) => {
            crate::one(Error::Unsupported(what.to_string()).item(&origin))
        }
        Sniffed::Binary(why) => crate::one(Error::Binary(why).item(&origin)),
    }
}
