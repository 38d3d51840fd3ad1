//! How far through its inputs a run is: bytes read from the input files (compressed bytes for
//! gzip files, so that a 10 GB `.warc.gz` counts to 10 GB) against the inputs' total size, for
//! a progress line with an ETA.
//!
//! Every file the readers open is wrapped in [`Counted`], which adds what it reads to the
//! [`Options::consumed`](crate::Options) counter shared with the caller. [`input_size`] walks
//! the same paths the readers will (hidden entries skipped, linked directories not entered)
//! and sums the files' sizes; it is meant to run on a thread of its own beside the run, so a
//! directory of a million files starts at once and gets its ETA once the walk is done.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

use walkdir::WalkDir;

/// A reader that adds the bytes it reads to a shared counter.
pub struct Counted<R> {
    inner: R,
    counter: Arc<AtomicU64>,
}

impl<R> Counted<R> {
    pub fn new(inner: R, counter: Arc<AtomicU64>) -> Counted<R> {
        Counted { inner, counter }
    }
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.counter.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// The total size in bytes of the files `paths` name, as the readers will visit them; `None`
/// when standard input (`-`) is among them (its size is unknown). Stops early, returning
/// `None`, when `cancel` becomes true.
pub fn input_size(paths: &[PathBuf], cancel: &AtomicBool) -> Option<u64> {
    let mut total = 0u64;
    for path in paths {
        if path.as_os_str() == "-" {
            return None;
        }
        total = total.saturating_add(path_size(path, cancel)?);
    }
    Some(total)
}

fn path_size(path: &Path, cancel: &AtomicBool) -> Option<u64> {
    let Ok(meta) = fs::metadata(path) else { return Some(0) };
    if !meta.is_dir() {
        return Some(meta.len());
    }
    let mut total = 0u64;
    let walk = WalkDir::new(path)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for (i, entry) in walk.enumerate() {
        if i % 1024 == 0 && cancel.load(Ordering::Relaxed) {
            return None;
        }
        let Ok(entry) = entry else { continue };
        if entry.file_type().is_dir() {
            continue;
        }
        // Links are followed to files, not into directories, as the readers do.
        if let Ok(meta) = fs::metadata(entry.path()) {
            if meta.is_file() {
                total = total.saturating_add(meta.len());
            }
        }
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_what_is_read() {
        let counter = Arc::new(AtomicU64::new(0));
        let mut r = Counted::new(&b"hello world"[..], counter.clone());
        let mut buf = [0u8; 5];
        r.read_exact(&mut buf).unwrap();
        assert_eq!(counter.load(Ordering::Relaxed), 5);
        let mut rest = Vec::new();
        io::BufReader::new(r).read_to_end(&mut rest).unwrap();
        assert_eq!(rest, b" world");
        assert_eq!(counter.load(Ordering::Relaxed), 11);
    }

    #[test]
    fn sizes_files_and_directories_skipping_hidden_ones() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.txt"), "12345").unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        fs::write(dir.path().join("sub/b.html"), "123").unwrap();
        fs::write(dir.path().join(".hidden"), "1234567890").unwrap();
        let no = AtomicBool::new(false);
        assert_eq!(input_size(&[dir.path().to_path_buf()], &no), Some(8));
        assert_eq!(input_size(&[dir.path().join("a.txt"), dir.path().join("missing")], &no), Some(5));
        assert_eq!(input_size(&[PathBuf::from("-")], &no), None);
        assert_eq!(input_size(&[dir.path().to_path_buf()], &AtomicBool::new(true)), None);
    }

    #[test]
    fn reading_the_inputs_consumes_their_size() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.txt"), "A short article about the curfew.").unwrap();
        fs::write(dir.path().join("b.jsonl"), "{\"text\": \"One.\"}\n{\"text\": \"Two.\"}\n").unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        io::Write::write_all(&mut gz, b"<html><body><p>Compressed page.</p></body></html>").unwrap();
        fs::write(dir.path().join("c.html.gz"), gz.finish().unwrap()).unwrap();
        let paths = vec![dir.path().to_path_buf()];
        let options = crate::Options::default();
        let n = crate::read(paths.clone(), options.clone()).count();
        assert!(n >= 4, "{n} items");
        let total = input_size(&paths, &AtomicBool::new(false)).unwrap();
        assert_eq!(options.consumed.load(Ordering::Relaxed), total, "compressed bytes count, every file once");
    }
}
