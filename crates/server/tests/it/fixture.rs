//! The shared test store and request helpers.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::OnceLock;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::Value;
use server::AppState;
use tower::ServiceExt;

/// A document whose text is hostile to any page that would treat it as markup.
pub const HOSTILE: &str = "Mayor Ilsa Varn of Port Amsel said on Tuesday that <script>alert('x')</script> was found \
on the council's site, next to <img src=x onerror=\"alert(1)\"> and <a href=\"javascript:alert(2)\">a link</a>. \
The text also holds \u{202e}reversed\u{202c} and zero\u{200b}width characters. \"We will not pay,\" Varn said.";

pub struct Shared {
    _dir: tempfile::TempDir,
    pub db: PathBuf,
    pub state: AppState,
}

/// The example corpus and the hostile document, analysed once.
pub fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("dossier.db");
        let hostile = dir.path().join("hostile.jsonl");
        let record = serde_json::json!({
            "title": "Council site <b>defaced</b>", "text": HOSTILE, "published": "2031-01-14",
            "outlet": "Amsel Courier", "url": "https://courier.example/defaced",
        });
        std::fs::write(&hostile, format!("{record}\n")).unwrap();
        analyze(&db, vec![corpus_dir(), hostile]);
        let state = AppState::open(&db, Some("s3cret-token".into())).unwrap();
        Shared { _dir: dir, db, state }
    })
}

pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus")
}

pub fn analyze(db: &Path, paths: Vec<PathBuf>) {
    let mut store = store::SqliteStore::open(db).unwrap();
    let options = engine::Options { command: "test".into(), ..engine::Options::default() };
    let summary = engine::analyze(&mut store, paths, &options, &engine::NoProgress, &AtomicBool::new(false)).unwrap();
    assert!(summary.n_stored > 0);
}

pub fn app() -> Router {
    server::router(shared().state.clone())
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The error code of a JSON error.
    pub fn code(&self) -> String {
        self.json()["error"]["code"].as_str().unwrap_or("").to_string()
    }
}

pub async fn send(app: &Router, request: Request<Body>) -> Reply {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes().to_vec();
    Reply { status, headers, body }
}

pub async fn get(app: &Router, uri: &str) -> Reply {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

/// GET that must succeed with JSON.
pub async fn ok(app: &Router, uri: &str) -> Value {
    let r = get(app, uri).await;
    assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.text());
    r.json()
}

/// The `id`s of a list's items.
pub fn ids(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|x| x["id"].as_str().unwrap().to_string()).collect()
}
