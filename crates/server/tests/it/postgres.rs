//! The API over a PostgreSQL store: the same corpus analysed into PostgreSQL answers as it
//! does from SQLite. Needs the server of `DOSSIER_TEST_POSTGRES` (skipped without it).

use std::path::Path;
use std::sync::atomic::AtomicBool;

use serde_json::Value;
use server::AppState;
use store::PgStore;

use crate::fixture::{app, corpus_dir, get, ok};

#[tokio::test(flavor = "multi_thread")]
async fn a_postgres_store_answers_as_sqlite_does() {
    let Ok(admin) = std::env::var("DOSSIER_TEST_POSTGRES") else {
        println!("skipped: DOSSIER_TEST_POSTGRES not set");
        return;
    };
    // The synchronous PostgreSQL client must not run on the test's async threads: set up on
    // a thread of its own, as `dossier serve` opens its state before its runtime starts.
    let shared = crate::fixture::shared();
    let hostile = shared.db.parent().unwrap().join("hostile.jsonl");
    let name = format!("dossier_serve_{}", std::process::id());
    let (url, state) = {
        let (admin, name) = (admin.clone(), name.clone());
        std::thread::spawn(move || {
            let _ = PgStore::drop_database(&admin, &name);
            let url = PgStore::create_database(&admin, &name).unwrap();
            // The shared SQLite fixture holds the example corpus and one hostile record: the
            // same inputs, in the same order, go into PostgreSQL.
            let mut store = PgStore::connect(&url).unwrap();
            let options = engine::Options { command: "test".into(), ..engine::Options::default() };
            let summary =
                engine::analyze(&mut store, vec![corpus_dir(), hostile], &options, &engine::NoProgress, &AtomicBool::new(false)).unwrap();
            assert!(summary.n_stored > 0);
            let state = AppState::open(Path::new(&url), None).unwrap();
            (url, state)
        })
        .join()
        .unwrap()
    };
    let sqlite = app();
    let pg = server::router(state);

    for uri in [
        "/api/stats",
        "/api/documents?limit=100",
        "/api/timeline?limit=200",
        "/api/events?limit=200",
        "/api/entities?limit=200",
        "/api/entities?q=rekker",
        "/api/quotes?limit=200",
        "/api/quantities?limit=200",
        "/api/contradictions?limit=200",
        "/api/network",
        "/api/hypotheses",
    ] {
        let (mut a, mut b) = (ok(&sqlite, uri).await, ok(&pg, uri).await);
        // When each store stored its documents is its own.
        for v in [&mut a, &mut b] {
            for item in v["items"].as_array_mut().into_iter().flatten() {
                if let Some(o) = item.as_object_mut() {
                    o.remove("stored_at");
                }
            }
        }
        assert_eq!(b, a, "{uri}");
    }
    // One document with its text and annotations.
    let docs = ok(&pg, "/api/documents?limit=1").await;
    let id = docs["items"][0]["id"].as_str().unwrap().to_string();
    let uri = format!("/api/documents/{id}");
    assert_eq!(ok(&pg, &uri).await, ok(&sqlite, &uri).await);
    // Full-text search: the same documents match (ranking is each engine's own).
    for q in ["curfew", "rekker%20pact", "nothing-matches-this"] {
        let uri = format!("/api/search?q={q}&limit=100");
        let (a, b) = (ok(&sqlite, &uri).await, ok(&pg, &uri).await);
        assert_eq!(b["total"], a["total"], "{q}");
        let ids = |v: &Value| {
            let mut ids: Vec<String> = v["items"].as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap().to_string()).collect();
            ids.sort();
            ids
        };
        assert_eq!(ids(&b), ids(&a), "{q}");
    }
    // Exports stream from PostgreSQL too.
    for uri in ["/api/export/gdelt", "/api/export/csv?table=events", "/api/export/geojson"] {
        let (a, b) = (get(&sqlite, uri).await, get(&pg, uri).await);
        assert_eq!(b.status, 200, "{uri}: {}", b.text());
        // The GDELT table's DATEADDED (column 60) is when each store stored the first report.
        let mask = |text: String| -> String {
            text.lines()
                .map(|l| {
                    let mut f: Vec<&str> = l.split('\t').collect();
                    if f.len() == 61 {
                        f[59] = "";
                    }
                    f.join("\t")
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert!(mask(b.text()) == mask(a.text()), "{uri} differs");
    }
    drop(pg);
    let _ = std::thread::spawn(move || PgStore::drop_database(&admin, &name)).join();
    let _ = url;
}
