//! The example corpus analysed once into an in-memory store shared by the tests, and helpers
//! to export from it.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Mutex, MutexGuard, OnceLock};

use store::SqliteStore;

pub fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus")
}

/// The example corpus's store (a lock on it: SQLite connections are not shared across threads).
pub fn example() -> MutexGuard<'static, SqliteStore> {
    static STORE: OnceLock<Mutex<SqliteStore>> = OnceLock::new();
    let m = STORE.get_or_init(|| Mutex::new(analyse(vec![corpus()])));
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A fresh in-memory store with `paths` analysed.
pub fn analyse(paths: Vec<PathBuf>) -> SqliteStore {
    let mut store = SqliteStore::open_in_memory().expect("store");
    engine::analyze(&mut store, paths, &engine::Options::default(), &engine::NoProgress, &AtomicBool::new(false)).expect("analyze");
    store
}

/// Exports one format (one table) to memory.
pub fn export(store: &SqliteStore, format: formats::Format, table: Option<formats::Table>) -> (Vec<u8>, u64) {
    let mut out: Vec<u8> = Vec::new();
    let n = formats::write(store, format, table, &mut out).expect("export");
    (out, n)
}

pub fn export_text(store: &SqliteStore, format: formats::Format) -> String {
    String::from_utf8(export(store, format, None).0).expect("UTF-8")
}

/// The JSON contract of the store, to compare with.
pub fn contract(store: &SqliteStore) -> serde_json::Value {
    let mut out = Vec::new();
    engine::export::export(store, engine::export::Format::Json, engine::export::Options::default(), &mut out).expect("json export");
    serde_json::from_slice(&out).expect("JSON")
}
