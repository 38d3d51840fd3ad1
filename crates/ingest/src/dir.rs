//! Directories: a recursive walk, in file-name order, skipping hidden files and directories.

use std::path::Path;

use model::Origin;
use walkdir::WalkDir;

use crate::{Error, Item, Options};

/// Reads every file under `root`, recursively, sorted by file name within each directory so
/// that runs are reproducible. Entries whose name starts with `.` are skipped, with everything
/// under them. The walk is lazy: walkdir holds the entries of the directories on the current
/// path (it must, to sort them), never the whole tree.
pub fn read(root: &Path, options: &Options) -> impl Iterator<Item = Item> + Send {
    let options = options.clone();
    let root = root.to_path_buf();
    WalkDir::new(&root)
        .sort_by_file_name()
        .into_iter()
        // The root itself may be `.` or `..`; only names below it count as hidden.
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .flat_map(move |entry| -> crate::Items {
            match entry {
                Ok(e) if e.file_type().is_dir() => Box::new(std::iter::empty()),
                // Symbolic links are followed to what they point to (walkdir does not descend
                // into linked directories, which also rules out cycles).
                Ok(e) if e.file_type().is_symlink() && e.path().is_dir() => {
                    Box::new(std::iter::empty())
                }
                Ok(e) => crate::read_file(e.path(), &options),
                Err(err) => {
                    let path = err
                        .path()
                        .map(|p| p.display().to_string())
                        .unwrap_or_else(|| root.display().to_string());
                    let error = match err.into_io_error() {
                        Some(io) => Error::from_io(io),
                        None => Error::Io(std::io::Error::other("filesystem loop")),
                    };
                    crate::one(error.item(&Origin::file(path)))
                }
            }
        })
}
