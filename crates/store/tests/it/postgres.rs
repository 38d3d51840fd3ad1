//! The PostgreSQL backend: the shared suite, each test on a database of its own, plus what
//! only a server has (migrations on reconnect, concurrent connectors and writers).
//!
//! The server is the one at `DOSSIER_TEST_POSTGRES` (a URL whose user may create databases,
//! e.g. `postgres://dossier@127.0.0.1:55432/postgres`; `.ci/postgres.sh` starts one). Without
//! it every test here says it is skipped and passes.

use std::sync::atomic::{AtomicUsize, Ordering};

use store::postgres::{with_dbname, SCHEMA_VERSION};
use store::{DocQuery, Error, PgStore, Store};

use crate::fixtures::{article, batch, Spec, TEXT};

const ENV: &str = "DOSSIER_TEST_POSTGRES";

/// A fresh database on the test server, dropped (with its connections) when this is.
pub struct TestPg {
    store: Option<PgStore>,
    admin_url: String,
    /// The database's URL, for opening more stores on it.
    pub url: String,
    dbname: String,
}

impl TestPg {
    /// A new empty database and a store on it; `None` (after saying so) without a server.
    pub fn fresh() -> Option<TestPg> {
        let Ok(admin_url) = std::env::var(ENV) else {
            println!("skipped: {ENV} not set");
            return None;
        };
        static N: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        let dbname = format!("dossier_test_{}_{}_{nanos}", std::process::id(), N.fetch_add(1, Ordering::Relaxed));
        let url = PgStore::create_database(&admin_url, &dbname).expect("a database on DOSSIER_TEST_POSTGRES");
        let store = PgStore::connect(&url).unwrap();
        Some(TestPg { store: Some(store), admin_url, url, dbname })
    }
}

impl Drop for TestPg {
    fn drop(&mut self) {
        drop(self.store.take());
        let _ = PgStore::drop_database(&self.admin_url, &self.dbname);
    }
}

impl std::ops::Deref for TestPg {
    type Target = PgStore;
    fn deref(&self) -> &PgStore {
        self.store.as_ref().expect("store is open until drop")
    }
}

impl std::ops::DerefMut for TestPg {
    fn deref_mut(&mut self) -> &mut PgStore {
        self.store.as_mut().expect("store is open until drop")
    }
}

mod suite {
    backend_suite!(match super::TestPg::fresh() {
        Some(db) => db,
        None => return,
    });
}

#[test]
fn url_with_dbname() {
    assert_eq!(with_dbname("postgres://u@h:1/postgres", "x"), "postgres://u@h:1/x");
    assert_eq!(with_dbname("postgresql://u@h/postgres?sslmode=disable", "x"), "postgresql://u@h/x?sslmode=disable");
    assert_eq!(with_dbname("postgres://h", "x"), "postgres://h/x");
    assert_eq!(with_dbname("host=h user=u", "x"), "host=h user=u dbname=x");
}

#[test]
fn migrations_are_idempotent_on_reconnect() {
    let Some(db) = TestPg::fresh() else { return };
    assert_eq!(db.schema_version().unwrap(), SCHEMA_VERSION);
    let mut store = PgStore::connect(&db.url).unwrap();
    let run = store.begin_run("analyze").unwrap();
    store.put_batch(&batch(run, vec![article(Spec { id: "1000000000000001", ..Spec::default() }, TEXT)], vec![])).unwrap();
    drop(store);
    for _ in 0..3 {
        let store = PgStore::connect(&db.url).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        assert_eq!(store.stats().unwrap().n_documents, 1);
        assert_eq!(store.search("rekker", 10, 0).unwrap().total, 1);
    }
    let mut admin = postgres::Client::connect(&db.url, postgres::NoTls).unwrap();
    let n: i64 = admin.query_one("SELECT COUNT(*) FROM schema_version", &[]).unwrap().get(0);
    assert_eq!(n, SCHEMA_VERSION, "each step recorded once");
}

#[test]
fn newer_schema_is_refused() {
    let Some(db) = TestPg::fresh() else { return };
    let mut admin = postgres::Client::connect(&db.url, postgres::NoTls).unwrap();
    admin
        .execute("INSERT INTO schema_version (version, applied_at) VALUES ($1, 'later')", &[&(SCHEMA_VERSION + 1)])
        .unwrap();
    match PgStore::connect(&db.url) {
        Err(Error::TooNew { found, supported, .. }) => assert_eq!((found, supported), (SCHEMA_VERSION + 1, SCHEMA_VERSION)),
        other => panic!("expected TooNew, got {other:?}"),
    }
}

#[test]
fn concurrent_connectors_migrate_once() {
    let Some(db) = TestPg::fresh() else { return };
    // A second database, new: several processes connecting at once must not race.
    let Some(other) = TestPg::fresh() else { return };
    let url = other.url.clone();
    let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    admin.batch_execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;").unwrap();
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || PgStore::connect_with(&url, 1).map(|s| s.schema_version().unwrap()))
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().unwrap().unwrap(), SCHEMA_VERSION);
    }
    drop(db);
}

#[test]
fn concurrent_writers_store_each_document_once() {
    let Some(db) = TestPg::fresh() else { return };
    let mut first = PgStore::connect(&db.url).unwrap();
    let run = first.begin_run("workers").unwrap();
    // Four writers, each with its own store (as separate processes would be), write
    // overlapping batches: documents 0..60 by all, then each its own.
    let threads: Vec<_> = (0..4)
        .map(|w| {
            let url = db.url.clone();
            std::thread::spawn(move || {
                let mut store = PgStore::connect_with(&url, 2).unwrap();
                for chunk in 0..6 {
                    let mut docs = Vec::new();
                    for i in 0..10 {
                        let n = chunk * 10 + i;
                        let id = format!("{n:016x}");
                        docs.push(article(Spec { id: &id, published: Some("2024-01-01"), ..Spec::default() }, TEXT));
                        let own = format!("{:016x}", 0x1000 * (w + 1) + n);
                        docs.push(article(Spec { id: &own, ..Spec::default() }, TEXT));
                    }
                    store.put_batch(&batch(run, docs, vec![])).unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let stats = first.stats().unwrap();
    assert_eq!(stats.n_documents, 60 + 4 * 60);
    let per_doc = article(Spec::default(), TEXT).doc.sentences.len() as u64;
    assert_eq!(stats.n_sentences, stats.n_documents * per_doc, "no document's children twice");
    assert_eq!(first.signatures().unwrap().len(), 300);
    assert_eq!(first.search("rekker", 10, 0).unwrap().total, 300);
    assert_eq!(first.list_documents(&DocQuery::default()).unwrap().len(), 300);
    first.finish_run(run, &serde_json::json!({})).unwrap();
}

#[test]
fn one_store_is_shared_by_threads() {
    let Some(db) = TestPg::fresh() else { return };
    let mut store = PgStore::connect(&db.url).unwrap();
    let run = store.begin_run("analyze").unwrap();
    let docs = (0..20).map(|i| article(Spec { id: &format!("{i:016x}"), ..Spec::default() }, TEXT)).collect();
    store.put_batch(&batch(run, docs, vec![])).unwrap();
    let store = std::sync::Arc::new(store);
    let threads: Vec<_> = (0..8)
        .map(|i| {
            let store = store.clone();
            std::thread::spawn(move || {
                for _ in 0..10 {
                    assert!(store.get_document(&format!("{i:016x}")).unwrap().is_some());
                    assert_eq!(store.search("rekker", 5, 0).unwrap().total, 20);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
}

#[test]
fn unreachable_server_is_an_error() {
    // A port nothing listens on: an error, promptly, naming the server without a password.
    match PgStore::connect_with("postgres://u:secret@127.0.0.1:9/db", 1) {
        Err(e @ Error::Database { .. }) => {
            let message = e.to_string();
            assert!(message.contains("127.0.0.1:9/db") && !message.contains("secret"), "{message}");
        }
        other => panic!("expected a database error, got {other:?}"),
    }
    assert!(matches!(PgStore::connect("not a url at all ="), Err(Error::Database { .. })));
}

#[test]
fn nul_characters_are_refused_or_harmless() {
    let Some(mut db) = TestPg::fresh() else { return };
    let run = db.begin_run("analyze\0").unwrap();
    let mut bad = article(Spec { id: "3000000000000001", ..Spec::default() }, TEXT);
    bad.doc.meta.title = Some("a\0b".into());
    let result = db.put_batch(&batch(run, vec![bad], vec![]));
    assert!(matches!(&result, Err(e) if e.to_string().contains("3000000000000001")), "{result:?}");
    assert_eq!(db.get_document("30\0").unwrap(), None);
    assert!(!db.contains("\0").unwrap());
    assert_eq!(db.count_documents(&DocQuery { outlet: Some("\0".into()), ..DocQuery::default() }, &Default::default()).unwrap(), 0);
    db.put_batch(&batch(run, vec![], vec![model::Diagnostic::error("x\0", "c", "m")])).unwrap();
    assert_eq!(db.diagnostics(None).unwrap()[0].source, "x");
}

fn raw(text: &str) -> model::RawDocument {
    model::RawDocument {
        origin: model::Origin { path: format!("{text}.txt"), record: None },
        format: model::Format::Text,
        bytes: text.as_bytes().to_vec(),
        meta: model::RawMeta::default(),
    }
}

#[test]
fn queue_leases_and_completion() {
    use std::time::Duration;
    let Some(mut db) = TestPg::fresh() else { return };
    let b1 = db.enqueue_batch(&[raw("one"), raw("two")]).unwrap().unwrap();
    // Already queued documents are left out; a batch of nothing new is not registered.
    let b2 = db.enqueue_batch(&[raw("two"), raw("three")]).unwrap().unwrap();
    assert_eq!(db.enqueue_batch(&[raw("one")]).unwrap(), None);
    assert!(db.is_known(&raw("three").id()).unwrap() && !db.is_known(&raw("four").id()).unwrap());
    let status = db.queue_status().unwrap();
    assert_eq!((status.batches_pending, status.docs_pending), (2, 3));

    let minute = Duration::from_secs(60);
    let (a, raws) = db.claim_batch("a", minute).unwrap().unwrap();
    assert_eq!((a.batch_no, a.attempts), (b1, 1));
    assert_eq!(raws, [raw("one"), raw("two")]);
    let (b, raws) = db.claim_batch("b", minute).unwrap().unwrap();
    assert_eq!((b.batch_no, raws.len()), (b2, 1));
    assert_eq!(db.claim_batch("c", minute).unwrap(), None, "both batches are leased");
    assert_eq!(db.queue_status().unwrap().batches_leased, 2);

    let run = db.begin_run("worker a").unwrap();
    let done = batch(run, vec![article(Spec { id: "a000000000000001", ..Spec::default() }, TEXT)], vec![]);
    assert!(db.complete_batch(&a, &done).unwrap());
    assert!(!db.complete_batch(&a, &done).unwrap(), "a batch completes once");
    assert_eq!(db.stats().unwrap().n_documents, 1);

    // b's lease runs out: c takes the batch over, and b's late results are refused.
    let mut admin = postgres::Client::connect(&db.url, postgres::NoTls).unwrap();
    admin.execute("UPDATE queue_batches SET lease_expires = now() - interval '1 second' WHERE batch_no = $1", &[&b2]).unwrap();
    let (c, raws) = db.claim_batch("c", minute).unwrap().unwrap();
    assert_eq!((c.batch_no, c.attempts, raws.len()), (b2, 2, 1));
    // Renewal: only the lease's holder extends it, and an expired lease renewed in time
    // keeps the batch from being claimed.
    assert!(!db.renew_lease(&b, minute).unwrap(), "b lost the batch to c");
    admin.execute("UPDATE queue_batches SET lease_expires = now() - interval '1 second' WHERE batch_no = $1", &[&b2]).unwrap();
    assert!(db.renew_lease(&c, minute).unwrap());
    assert_eq!(db.claim_batch("d", minute).unwrap(), None, "the renewed lease holds");
    let late = batch(run, vec![article(Spec { id: "b000000000000002", ..Spec::default() }, TEXT)], vec![]);
    assert!(!db.complete_batch(&b, &late).unwrap());
    assert!(!db.contains("b000000000000002").unwrap(), "nothing of a lost lease is written");
    assert!(db.complete_batch(&c, &late).unwrap());
    let status = db.queue_status().unwrap();
    assert!(status.is_done());
    assert_eq!((status.batches_done, status.docs_done, status.reclaims), (2, 3, 1));
    assert_eq!(db.claim_batch("d", minute).unwrap(), None);
    assert!(!db.renew_lease(&c, minute).unwrap(), "a done batch is not renewed");
    let queued: Vec<String> = db.queued_documents().unwrap().into_iter().map(|q| q.id).collect();
    assert_eq!(queued, Vec::<String>::new(), "queue ids are raw ids; these fixtures stored other ids");
}

#[test]
fn many_claimers_never_share_a_batch() {
    use std::time::Duration;
    let Some(mut db) = TestPg::fresh() else { return };
    for i in 0..40 {
        db.enqueue_batch(&[raw(&format!("doc {i}"))]).unwrap().unwrap();
    }
    let url = db.url.clone();
    let threads: Vec<_> = (0..4)
        .map(|w| {
            let url = url.clone();
            std::thread::spawn(move || {
                let mut store = PgStore::connect_with(&url, 1).unwrap();
                let run = store.begin_run("worker").unwrap();
                let mut mine = Vec::new();
                while let Some((lease, _)) = store.claim_batch(&format!("w{w}"), Duration::from_secs(60)).unwrap() {
                    assert!(store.complete_batch(&lease, &batch(run, vec![], vec![])).unwrap());
                    mine.push(lease.batch_no);
                }
                mine
            })
        })
        .collect();
    let mut all: Vec<i64> = threads.into_iter().flat_map(|t| t.join().unwrap()).collect();
    all.sort();
    assert_eq!(all.len(), 40);
    all.dedup();
    assert_eq!(all.len(), 40, "each batch claimed and completed once");
    assert!(db.queue_status().unwrap().is_done());
}
