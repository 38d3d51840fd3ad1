//! `dossier serve`: the JSON API over a dossier store and the web workspace, over HTTP (axum).
//!
//! [`router`] builds the routes over an [`AppState`] (the store's path, the token, a pool of
//! read connections, the cached cross-document [`picture::Picture`] and the ingest jobs);
//! [`serve`] runs it on its own tokio runtime until Ctrl-C, and [`start`] runs it on a
//! background thread (tests, `cargo xtask bench serve`). Read routes are in [`api`], write
//! routes in [`ingest`], embedded assets in [`assets`], the OpenAPI document in [`openapi`].
//! The routes, parameters and security rules are documented in docs/api.md.
//!
//! Security: every response carries a strict Content-Security-Policy, `nosniff` and
//! `no-referrer`; request bodies are limited (64 MiB for ingest, 64 KiB elsewhere) and requests
//! time out; SQL is parameterised (the store's); assets are looked up by exact name in a table
//! compiled into the binary; write routes need the start-up token, compared in constant time.

pub mod api;
pub mod assets;
mod corpus;
pub mod error;
pub mod export;
pub mod ingest;
mod jobs;
pub mod openapi;
pub mod params;
pub mod picture;
mod schema;
mod state;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::time::Duration;

use anyhow::Context as _;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;

pub use crate::error::ApiError;
pub use crate::openapi::openapi_json;
pub use crate::state::AppState;

/// How `dossier serve` runs.
#[derive(Clone, Debug)]
pub struct Config {
    /// The store.
    pub db: PathBuf,
    /// Address to listen on (`127.0.0.1:8080`; port 0 picks a free one).
    pub listen: String,
    /// Token the write routes need; `None`: read-only.
    pub token: Option<String>,
    /// Print nothing but errors.
    pub quiet: bool,
}

/// Body size limit of every route but ingest.
const MAX_BODY: usize = 64 << 10;
/// How long a request may take; ingest (a large upload) gets longer.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
const INGEST_TIMEOUT: Duration = Duration::from_secs(600);

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/// The routes over `state`.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/api/stats", get(api::stats))
        .route("/api/documents", get(api::documents))
        .route("/api/documents/{id}", get(api::document))
        .route("/api/entities", get(api::entities))
        .route("/api/entities/{id}", get(api::entity))
        .route("/api/events", get(api::events))
        .route("/api/events/{id}", get(api::event))
        .route("/api/timeline", get(api::timeline))
        .route("/api/quotes", get(api::quotes))
        .route("/api/quantities", get(api::quantities))
        .route("/api/contradictions", get(api::contradictions))
        .route("/api/hypotheses", get(api::hypotheses))
        .route("/api/search", get(api::search))
        .route("/api/network", get(api::network))
        .route("/api/export/{format}", get(export::export))
        .route("/api/openapi.json", get(openapi::serve_openapi))
        .route("/api/ingest", post(ingest::ingest).layer(DefaultBodyLimit::max(ingest::MAX_INGEST_BYTES)))
        .route("/api/jobs/{id}", get(ingest::job))
        .route("/", get(assets::index))
        .route("/assets/{*name}", get(assets::asset))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(middleware::from_fn(guard))
        .with_state(state)
}

async fn not_found() -> ApiError {
    ApiError::not_found("no such route; the API is described at /api/openapi.json")
}

/// Every request: a time limit, and the security headers on every response.
async fn guard(request: Request, next: Next) -> Response {
    let limit = if request.uri().path() == "/api/ingest" { INGEST_TIMEOUT } else { REQUEST_TIMEOUT };
    let mut response = match tokio::time::timeout(limit, next.run(request)).await {
        Ok(r) => r,
        Err(_) => ApiError::timeout().into_response(),
    };
    if response.status() == axum::http::StatusCode::METHOD_NOT_ALLOWED && response.headers().get(header::CONTENT_TYPE).is_none() {
        let allow = response.headers().get(header::ALLOW).cloned();
        response = ApiError::new(response.status(), "bad_request", "this route does not take that method").into_response();
        if let Some(allow) = allow {
            response.headers_mut().insert(header::ALLOW, allow);
        }
    }
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}

/// A server running on a background thread; stops when [`Running::stop`] is called or it is
/// dropped.
pub struct Running {
    pub addr: SocketAddr,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Running {
    /// Stops accepting, finishes the requests in flight and waits for the thread.
    pub fn stop(mut self) {
        self.halt();
    }

    fn halt(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.halt();
    }
}

/// Starts the server on a background thread with its own runtime and returns once it listens.
pub fn start(config: Config) -> anyhow::Result<Running> {
    let state = AppState::open(&config.db, config.token.clone()).with_context(|| format!("cannot open {}", config.db.display()))?;
    let runtime = runtime()?;
    let listener = runtime.block_on(tokio::net::TcpListener::bind(&config.listen)).with_context(|| format!("cannot listen on {}", config.listen))?;
    let addr = listener.local_addr()?;
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::Builder::new().name("dossier-serve".into()).spawn(move || {
        let cancel = state.inner.jobs.cancel.clone();
        let app = router(state);
        let served = runtime.block_on(async move {
            axum::serve(listener, app).with_graceful_shutdown(async move {
                let _ = rx.await;
            })
            .await
        });
        cancel.store(true, Ordering::Relaxed);
        if let Err(e) = served {
            eprintln!("dossier serve: {e}");
        }
    })?;
    Ok(Running { addr, shutdown: Some(tx), thread: Some(thread) })
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread().enable_all().thread_name("dossier-http").build().context("cannot start the async runtime")
}

/// Runs `dossier serve` until Ctrl-C: prints the URL it listens on (unless quiet), finishes
/// the requests in flight on Ctrl-C, and lets a running ingest job commit its batch and stop.
pub fn serve(config: Config) -> anyhow::Result<()> {
    let state = AppState::open(&config.db, config.token.clone()).with_context(|| format!("cannot open {}", config.db.display()))?;
    let runtime = runtime()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(&config.listen).await.with_context(|| format!("cannot listen on {}", config.listen))?;
        let addr = listener.local_addr()?;
        if !config.quiet {
            let mode = if state.read_only() { "read-only: no token given" } else { "ingest enabled with the token" };
            println!("dossier serve: http://{addr}/ ({mode}; Ctrl-C to stop)");
            if !addr.ip().is_loopback() {
                println!("dossier serve: warning: listening on {} reaches beyond this machine, over plain HTTP", addr.ip());
            }
        }
        let cancel = state.inner.jobs.cancel.clone();
        axum::serve(listener, router(state))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        cancel.store(true, Ordering::Relaxed);
        Ok(())
    })
}
