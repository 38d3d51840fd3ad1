//! SQLite backend (placeholder).
pub struct SqliteStore;
