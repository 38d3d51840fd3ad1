//! The SQLite backend: the shared suite in memory and on disk, plus what only a file-backed
//! database has (reopening, migrations, crash recovery, a concurrent reader) and a benchmark.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use model::Diagnostic;
use store::sqlite::SCHEMA_VERSION;
use store::{DocQuery, Error, SqliteStore, Store};

use crate::fixtures::{self, article, batch, Spec, TEXT};

/// A store plus the temporary directory its file lives in (removed on drop).
pub struct TestDb {
    store: SqliteStore,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    pub fn memory() -> TestDb {
        TestDb { store: SqliteStore::open_in_memory().unwrap(), _dir: None }
    }

    pub fn file() -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("dossier.db")).unwrap();
        TestDb { store, _dir: Some(dir) }
    }
}

impl std::ops::Deref for TestDb {
    type Target = SqliteStore;
    fn deref(&self) -> &SqliteStore {
        &self.store
    }
}

impl std::ops::DerefMut for TestDb {
    fn deref_mut(&mut self) -> &mut SqliteStore {
        &mut self.store
    }
}

mod memory {
    backend_suite!(super::TestDb::memory());
}

mod file {
    backend_suite!(super::TestDb::file());
}

fn raw(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).unwrap()
}

fn db_path(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("dossier.db")
}

#[test]
fn reopen_keeps_everything() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let rich = fixtures::rich();
    let plain = article(Spec { id: "1234123412341234", published: Some("2024-05-05"), ..Spec::default() }, TEXT);
    let diag = Diagnostic::warning("feed.jsonl#2@10", "charset", "guessed");
    let (stats, listed) = {
        let mut store = SqliteStore::open(&path).unwrap();
        let run = store.begin_run("dossier analyze").unwrap();
        store.put_batch(&batch(run, vec![rich.clone(), plain.clone()], vec![diag.clone()])).unwrap();
        store.finish_run(run, &serde_json::json!({"n_stored": 2})).unwrap();
        (store.stats().unwrap(), store.list_documents(&DocQuery::default()).unwrap())
    };
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.stats().unwrap(), stats);
    assert_eq!(store.list_documents(&DocQuery::default()).unwrap(), listed);
    assert_eq!(store.get_document(&rich.doc.id).unwrap(), Some(rich.doc));
    assert_eq!(store.get_document("1234").unwrap(), Some(plain.doc));
    assert_eq!(store.diagnostics(None).unwrap(), vec![diag]);
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    // A second open does not re-apply migrations.
    let n: i64 = raw(&path).query_row("SELECT COUNT(*) FROM schema_version", [], |r| r.get(0)).unwrap();
    assert_eq!(n, SCHEMA_VERSION);
}

#[test]
fn file_settings_and_run_records() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let mut store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.path(), path.display().to_string());
    let run = store.begin_run("dossier analyze --batch-size 8 corpus/").unwrap();
    store.finish_run(run, &serde_json::json!({"n_read": 3, "interrupted": true})).unwrap();

    let conn = raw(&path);
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    let (command, started, finished, summary): (String, String, Option<String>, Option<String>) = conn
        .query_row("SELECT command, started_at, finished_at, summary FROM runs WHERE id = ?1", [run], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .unwrap();
    assert_eq!(command, "dossier analyze --batch-size 8 corpus/");
    assert!(started.len() == 20 && started.ends_with('Z'), "RFC 3339 UTC: {started}");
    assert!(finished.is_some_and(|f| f >= started));
    let summary: serde_json::Value = serde_json::from_str(&summary.unwrap()).unwrap();
    assert_eq!(summary, serde_json::json!({"n_read": 3, "interrupted": true}));
}

#[test]
fn tokens_take_one_compact_row_per_document() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let mut store = SqliteStore::open(&path).unwrap();
    let run = store.begin_run("analyze").unwrap();
    let docs: Vec<_> =
        (0..3).map(|i| article(Spec { id: &format!("{i:016}"), ..Spec::default() }, &fixtures::long_text(i))).collect();
    let n_tokens: usize = docs.iter().map(|d| d.doc.tokens.len()).sum();
    store.put_batch(&batch(run, docs, vec![])).unwrap();
    let (rows, stored_tokens, bytes): (i64, i64, i64) = raw(&path)
        .query_row("SELECT COUNT(*), SUM(n_tokens), SUM(LENGTH(data)) FROM tokens", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!((rows, stored_tokens as usize), (3, n_tokens));
    assert!((bytes as usize) < n_tokens * 3, "{bytes} bytes for {n_tokens} tokens");
}

#[test]
fn too_new_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    drop(SqliteStore::open(&path).unwrap());
    raw(&path).execute("INSERT INTO schema_version (version, applied_at) VALUES (99, 'later')", []).unwrap();
    match SqliteStore::open(&path) {
        Err(e @ Error::TooNew { .. }) => {
            let Error::TooNew { path: p, found, supported } = &e else { unreachable!() };
            assert_eq!((p.as_str(), *found, *supported), (path.display().to_string().as_str(), 99, SCHEMA_VERSION));
            assert!(e.to_string().contains("upgrade dossier"), "{e}");
        }
        other => panic!("expected TooNew, got {other:?}"),
    }
}

#[test]
fn open_errors_name_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("notes.db");
    std::fs::write(&junk, "Port Amsel shopping list: bread, coffee, batteries.\n".repeat(200)).unwrap();
    let missing = dir.path().join("no/such/dir/dossier.db");
    for path in [junk, missing] {
        match SqliteStore::open(&path) {
            Err(e @ Error::Database { .. }) => {
                assert!(e.to_string().contains(&path.display().to_string()), "{e}");
            }
            other => panic!("expected a database error for {}, got {other:?}", path.display()),
        }
    }
}

/// A file with our tables but no version record (as left by a crash during the very first
/// migration, were it not transactional) must not be half-migrated: the migration is one
/// transaction, so a fresh file either has the whole schema or none of it.
#[test]
fn migration_is_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    // Provoke a failure inside the first migration: a table it creates already exists.
    raw(&path).execute_batch("CREATE TABLE sentences (x INTEGER)").unwrap();
    assert!(matches!(SqliteStore::open(&path), Err(Error::Database { .. })));
    let conn = raw(&path);
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(tables, vec!["sentences"], "nothing of the failed migration remains");
}

const CRASH_ENV: &str = "DOSSIER_STORE_CRASH_DB";
const CRASH_BATCH: usize = 150;

fn crash_doc(batch: usize, i: usize) -> store::StoredDoc {
    let id = format!("{batch:04x}{i:012x}");
    article(Spec { id: &id, published: Some("2024-01-01"), ..Spec::default() }, &fixtures::long_text(batch * 1000 + i))
}

/// The child half of `crash_mid_batch_keeps_committed_data`: a no-op unless that test spawned
/// this binary with the database path in the environment. It commits a small batch, then
/// writes large batches on another thread and aborts the process mid-way, as a crash or a
/// kill -9 would.
#[test]
fn crash_child() {
    let Some(path) = std::env::var_os(CRASH_ENV) else { return };
    let mut store = SqliteStore::open(Path::new(&path)).unwrap();
    let run = store.begin_run("crash child").unwrap();
    store.put_batch(&batch(run, (0..10).map(|i| crash_doc(0, i)).collect(), vec![])).unwrap();
    let docs: Vec<Vec<_>> = (1..40).map(|b| (0..CRASH_BATCH).map(|i| crash_doc(b, i)).collect()).collect();
    std::thread::spawn(move || {
        for docs in docs {
            store.put_batch(&batch(run, docs, vec![Diagnostic::warning("child", "batch", "written")])).unwrap();
        }
    });
    std::thread::sleep(Duration::from_millis(700));
    std::process::abort();
}

#[test]
fn crash_mid_batch_keeps_committed_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "sqlite::crash_child", "--nocapture", "--test-threads", "1"])
        .env(CRASH_ENV, &path)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(!status.success(), "the child must have aborted: {status}");

    let mut store = SqliteStore::open(&path).unwrap();
    let ok: String = raw(&path).query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");

    // Every batch is all or nothing, and the committed ones are a prefix of what was sent.
    let mut per_batch = std::collections::BTreeMap::<usize, usize>::new();
    for d in store.list_documents(&DocQuery::default()).unwrap() {
        let b = usize::from_str_radix(&d.id[..4], 16).unwrap();
        *per_batch.entry(b).or_default() += 1;
    }
    assert_eq!(per_batch.get(&0), Some(&10), "the first batch survives");
    let committed = per_batch.len() - 1;
    for b in 1..=committed {
        assert_eq!(per_batch.get(&b), Some(&CRASH_BATCH), "batch {b} of {per_batch:?}");
    }
    assert_eq!(store.diagnostics(None).unwrap().len(), committed, "one diagnostic per committed batch");
    eprintln!("crash test: {committed} large batches committed before the abort");
    let last = crash_doc(committed, if committed == 0 { 9 } else { CRASH_BATCH - 1 });
    assert_eq!(store.get_document(&last.doc.id).unwrap(), Some(last.doc));

    // Writing goes on where it stopped.
    let run = store.begin_run("after the crash").unwrap();
    let next = crash_doc(committed + 1, 0);
    store.put_batch(&batch(run, vec![next.clone()], vec![])).unwrap();
    drop(store);
    assert_eq!(SqliteStore::open(&path).unwrap().get_document(&next.doc.id).unwrap(), Some(next.doc));
}

/// WAL: a reader on its own connection keeps working while another writes, and only ever sees
/// whole batches.
#[test]
fn concurrent_reader_sees_whole_batches() {
    const BATCHES: usize = 20;
    const PER_BATCH: usize = 25;
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let mut writer = SqliteStore::open(&path).unwrap();
    let reader = SqliteStore::open(&path).unwrap();
    let handle = std::thread::spawn(move || {
        let run = writer.begin_run("writer").unwrap();
        for b in 0..BATCHES {
            let docs = (0..PER_BATCH)
                .map(|i| article(Spec { id: &format!("{b:08x}{i:08x}"), ..Spec::default() }, &fixtures::long_text(i)))
                .collect();
            writer.put_batch(&batch(run, docs, vec![])).unwrap();
        }
    });
    let mut last = 0;
    let mut reads = 0;
    let mut distinct = std::collections::BTreeSet::new();
    while !handle.is_finished() {
        let n = reader.stats().unwrap().n_documents;
        assert_eq!(n % PER_BATCH as u64, 0, "a partial batch was visible");
        assert!(n >= last, "the count went back from {last} to {n}");
        let listed = reader.list_documents(&DocQuery::default()).unwrap().len();
        assert_eq!(listed % PER_BATCH, 0);
        last = n;
        reads += 1;
        distinct.insert(n);
    }
    handle.join().unwrap();
    assert_eq!(reader.stats().unwrap().n_documents, (BATCHES * PER_BATCH) as u64);
    eprintln!("concurrent reader: {reads} reads, {} distinct counts seen", distinct.len());
}

/// Batch-insert throughput on the target workload. Not a test: run with
/// `cargo test --release -p store --test it -- --ignored --nocapture bench_put_batch`
/// (DOSSIER_BENCH_DOCS overrides the 10,000 documents, DOSSIER_BENCH_BATCH the batch of 256).
#[test]
#[ignore = "benchmark; run explicitly with --ignored --nocapture"]
fn bench_put_batch() {
    let env = |name: &str, default: usize| std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    let n_docs = env("DOSSIER_BENCH_DOCS", 10_000);
    let batch_size = env("DOSSIER_BENCH_BATCH", 256).max(1);

    let t = Instant::now();
    let docs: Vec<_> = (0..n_docs)
        .map(|i| {
            let id = format!("{:016x}", (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
            let day = format!("2024-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
            article(
                Spec { id: &id, published: Some(&day), outlet: Some("Amsel Courier"), ..Spec::default() },
                &fixtures::long_text(i),
            )
        })
        .collect();
    let build = t.elapsed();
    let bytes: usize = docs.iter().map(|d| d.doc.text.len()).sum();
    let sentences: usize = docs.iter().map(|d| d.doc.sentences.len()).sum();
    let tokens: usize = docs.iter().map(|d| d.doc.tokens.len()).sum();
    let annotations: usize = docs.iter().map(|d| d.doc.annotations.len()).sum();

    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let mut store = SqliteStore::open(&path).unwrap();
    let run = store.begin_run("bench").unwrap();
    let mut batches = Vec::new();
    let mut docs = docs.into_iter().peekable();
    while docs.peek().is_some() {
        batches.push(batch(run, docs.by_ref().take(batch_size).collect(), vec![]));
    }
    let t = Instant::now();
    for b in &batches {
        store.put_batch(b).unwrap();
    }
    let write = t.elapsed().as_secs_f64();
    drop(batches);

    let t = Instant::now();
    let mut n_read = 0usize;
    store
        .for_each_document(&mut |d| {
            n_read += d.tokens.len();
            Ok(())
        })
        .unwrap();
    let read = t.elapsed().as_secs_f64();
    assert_eq!(n_read, tokens);
    let size: u64 = ["dossier.db", "dossier.db-wal"]
        .iter()
        .filter_map(|f| std::fs::metadata(dir.path().join(f)).ok())
        .map(|m| m.len())
        .sum();

    eprintln!(
        "corpus: {n_docs} docs, {:.1} MB text, {sentences} sentences, {tokens} tokens, {annotations} annotations \
         (built in {:.2} s)",
        bytes as f64 / 1e6,
        build.as_secs_f64()
    );
    eprintln!(
        "put_batch (batch {batch_size}): {write:.2} s = {:.0} docs/s, {:.1} MB/s of text",
        n_docs as f64 / write,
        bytes as f64 / 1e6 / write
    );
    eprintln!("for_each_document (full docs): {read:.2} s = {:.0} docs/s", n_docs as f64 / read);
    // Space per table and index, when this SQLite has the dbstat table.
    if let Ok(mut stmt) = raw(&path).prepare("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC") {
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))).unwrap();
        for row in rows {
            let (name, bytes) = row.unwrap();
            eprintln!("  {name:<40} {:>8.1} MB", bytes as f64 / 1e6);
        }
    }
    eprintln!("database: {:.1} MB on disk ({:.2} x the text)", size as f64 / 1e6, size as f64 / bytes as f64);
}

/// A database written by the previous version (schema 3, no search index) gets one on
/// opening, with the documents it already holds.
#[test]
fn migration_to_search_backfills_stored_documents() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    {
        let conn = raw(&path);
        conn.execute_batch("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)").unwrap();
        for (i, sql) in [
            include_str!("../../migrations/sqlite/0001_initial.sql"),
            include_str!("../../migrations/sqlite/0002_analyses.sql"),
            include_str!("../../migrations/sqlite/0003_reasoning.sql"),
        ]
        .iter()
        .enumerate()
        {
            conn.execute_batch(sql).unwrap();
            conn.execute("INSERT INTO schema_version VALUES (?1, 'then')", [i as i64 + 1]).unwrap();
        }
        conn.execute("INSERT INTO runs (id, started_at, command) VALUES (1, 'then', 'analyze')", []).unwrap();
        for (pk, id, title, text) in [
            (1, "a000000000000001", Some("Curfew in Port Amsel"), "The army imposed a curfew on Monday."),
            (2, "b000000000000002", None, "Talks resumed in Corvinsk (\"finally\")."),
        ] {
            conn.execute(
                "INSERT INTO documents (pk, id, origin_path, format, title, authors, text, text_hash, offsets, n_chars, \
                 n_sentences, run_id, created_at) VALUES (?1, ?2, 'x.txt', 'text', ?3, '[]', ?4, ?2, '[]', 1, 1, 1, 'then')",
                rusqlite::params![pk, id, title, text],
            )
            .unwrap();
        }
    }
    let mut store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(SCHEMA_VERSION, 4);
    let page = store.search("amsel", 10, 0).unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.hits[0].id, "a000000000000001");
    assert_eq!(store.search("curfew monday", 10, 0).unwrap().total, 1);
    let page = store.search("finally corvinsk", 10, 0).unwrap();
    assert_eq!((page.total, page.hits[0].title.as_deref()), (1, None));
    // New documents join the same index.
    let run = store.begin_run("analyze").unwrap();
    store.put_batch(&batch(run, vec![article(Spec { id: "c000000000000003", ..Spec::default() }, "A curfew in Corvinsk too.")], vec![])).unwrap();
    assert_eq!(store.search("curfew", 10, 0).unwrap().total, 2);
}
