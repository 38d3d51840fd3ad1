//! Ingest jobs end to end, on fresh stores: a pasted text and an uploaded file become
//! searchable documents, and the picture refreshes.

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::Request;
use axum::Router;
use serde_json::Value;

use crate::fixture::{get, ok, send};

const TOKEN: &str = "another token";

fn fresh() -> (tempfile::TempDir, Router) {
    let dir = tempfile::tempdir().unwrap();
    let state = server::AppState::open(&dir.path().join("dossier.db"), Some(TOKEN.into())).unwrap();
    (dir, server::router(state))
}

async fn wait(app: &Router, job: &str) -> Value {
    let started = Instant::now();
    loop {
        let request = Request::get(format!("/api/jobs/{job}")).header("authorization", format!("Bearer {TOKEN}")).body(Body::empty()).unwrap();
        let r = send(app, request).await;
        assert_eq!(r.status, 200, "{}", r.text());
        let status = r.json();
        match status["state"].as_str().unwrap() {
            "done" | "failed" => return status,
            "queued" | "running" => {}
            other => panic!("state {other}"),
        }
        assert!(started.elapsed() < Duration::from_secs(120), "job did not finish: {status}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_pasted_text_becomes_a_searchable_document() {
    let (_dir, app) = fresh();
    assert_eq!(ok(&app, "/api/stats").await["n_documents"], 0);
    assert_eq!(ok(&app, "/api/search?q=Quillon").await["total"], 0);
    let body = serde_json::json!({
        "text": "Protesters marched through Quillon on Monday, January 6, 2031. Governor Aster Vell resigned the next day. \"The city is calm,\" Vell said.",
        "title": "Quillon <protests>",
        "url": "https://example.test/quillon",
        "published": "2031-01-07",
    });
    let request = Request::post("/api/ingest")
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {TOKEN}"))
        .body(Body::from(body.to_string()))
        .unwrap();
    let r = send(&app, request).await;
    assert_eq!(r.status, 202, "{}", r.text());
    let job = r.json()["job"].as_str().unwrap().to_string();
    let status = wait(&app, &job).await;
    assert_eq!(status["state"], "done", "{status}");
    assert_eq!((status["n_read"].as_u64(), status["n_stored"].as_u64()), (Some(1), Some(1)), "{status}");
    let hits = ok(&app, "/api/search?q=quillon").await;
    assert_eq!(hits["total"], 1);
    assert_eq!(hits["items"][0]["title"], "Quillon <protests>");
    assert_eq!(hits["items"][0]["published"], "2031-01-07");
    let docs = ok(&app, "/api/documents").await;
    assert_eq!(docs["items"][0]["source"], "https://example.test/quillon");
    // The cached picture was refreshed.
    let stats = ok(&app, "/api/stats").await;
    assert_eq!(stats["n_documents"], 1);
    assert!(stats["n_entities"].as_u64().unwrap() > 0, "{stats}");
    assert!(ok(&app, "/api/entities?q=vell").await["total"].as_u64().unwrap() >= 1);
    // The same text again stores nothing new.
    let request = Request::post("/api/ingest")
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {TOKEN}"))
        .body(Body::from(body.to_string()))
        .unwrap();
    let job = send(&app, request).await.json()["job"].as_str().unwrap().to_string();
    let status = wait(&app, &job).await;
    assert_eq!(status["n_stored"], 0, "{status}");
    assert_eq!(get(&app, "/api/jobs/jnothing").await.status, 401, "job status needs the token");
}

#[tokio::test]
async fn uploaded_files_are_analysed_under_safe_names() {
    let (dir, app) = fresh();
    let boundary = "b0undary";
    let mut form = String::new();
    for (name, content) in [
        ("../../escape.md", "# Harbour strike\n\nDock workers in Port Belvane stopped work on 3 February 2031, the union said."),
        ("notes.txt", "Nothing to see in Port Belvane today."),
    ] {
        form.push_str(&format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: text/plain\r\n\r\n{content}\r\n"));
    }
    form.push_str(&format!("--{boundary}--\r\n"));
    let request = Request::post("/api/ingest")
        .header("content-type", format!("multipart/form-data; boundary={boundary}"))
        .header("authorization", format!("Bearer {TOKEN}"))
        .body(Body::from(form))
        .unwrap();
    let r = send(&app, request).await;
    assert_eq!(r.status, 202, "{}", r.text());
    let status = wait(&app, r.json()["job"].as_str().unwrap()).await;
    assert_eq!(status["state"], "done", "{status}");
    assert_eq!(status["n_stored"], 2, "{status}");
    assert!(!dir.path().join("escape.md").exists() && !dir.path().parent().unwrap().join("escape.md").exists());
    let hits = ok(&app, "/api/search?q=belvane").await;
    assert_eq!(hits["total"], 2);
    let docs = ok(&app, "/api/documents").await;
    let sources: Vec<&str> = docs["items"].as_array().unwrap().iter().map(|d| d["source"].as_str().unwrap()).collect();
    assert!(sources.iter().any(|s| s.ends_with("0000-escape.md")), "{sources:?}");
}
