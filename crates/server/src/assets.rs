//! The web workspace's files, compiled into the binary by `build.rs` from `web/dist/`.
//! A URL names an entry of the compiled-in table, looked up by exact name: no file-system path
//! is ever built from a request, so `..` and encoded separators can only miss (404).

use axum::extract::Path;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};

use crate::error::ApiError;

include!(concat!(env!("OUT_DIR"), "/assets.rs"));

/// What `/` shows when the front end was not built into this binary.
const NOT_BUILT: &str = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>dossier</title></head>\n<body>\n<h1>dossier</h1>\n<p>The web workspace is not built into this binary. Run <code>cargo xtask web</code>, then rebuild and restart <code>dossier serve</code>.</p>\n<p>The JSON API works meanwhile: see <a href=\"/api/stats\">/api/stats</a> and <a href=\"/api/openapi.json\">/api/openapi.json</a>.</p>\n</body></html>\n";

/// An embedded file by exact name.
pub fn lookup(name: &str) -> Option<(&'static str, &'static [u8])> {
    ASSETS.iter().find(|(n, _, _)| *n == name).map(|&(_, kind, bytes)| (kind, bytes))
}

fn file(kind: &'static str, bytes: &'static [u8]) -> Response {
    ([(header::CONTENT_TYPE, kind), (header::CACHE_CONTROL, "no-cache")], bytes).into_response()
}

/// `GET /`: the workspace's `index.html`, or how to build it.
pub async fn index() -> Response {
    match lookup("index.html") {
        Some((kind, bytes)) => file(kind, bytes),
        None => Html(NOT_BUILT).into_response(),
    }
}

/// `GET /assets/{name}`.
pub async fn asset(Path(name): Path<String>) -> Result<Response, ApiError> {
    lookup(&name).map(|(kind, bytes)| file(kind, bytes)).ok_or_else(|| ApiError::not_found("no such asset"))
}
