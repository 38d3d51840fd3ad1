//! `GET /api/export/{format}`: the exports of `dossier export` as downloads, streamed.
//!
//! The export runs on the blocking pool with its own read connection and writes into a
//! bounded channel that the response body drains, so memory stays that of a few chunks
//! however large the corpus. A client that goes away stops the export. An error after the
//! first bytes were sent can only cut the download short (the status is already 200).

use std::io::Write;

use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tokio::sync::mpsc;

use crate::error::ApiError;
use crate::state::AppState;

/// Chunks in flight between the export and the client.
const CHUNKS: usize = 8;
/// Bytes per chunk.
const CHUNK: usize = 64 * 1024;

#[derive(Deserialize)]
pub struct ExportQuery {
    table: Option<String>,
}

/// What to write: the JSON contract, or one of the formats other tools read.
#[derive(Clone, Copy)]
enum What {
    Json,
    Other(formats::Format, Option<formats::Table>),
}

#[utoipa::path(get, path = "/api/export/{format}", tag = "corpus",
    params(
        ("format" = String, Path, description = "json (the export contract, docs/export.md), csv, parquet, graphml, gexf, timelinejs, gdelt or geojson (docs/exports.md)"),
        ("table" = Option<String>, Query, description = "For csv and parquet: documents, entities, mentions, events, event_reports, quotes, quantities, times, contradictions or links (default documents)"),
    ),
    responses(
        (status = 200, description = "The export, as an attachment"),
        (status = 400, description = "Unknown format or table, or a table for a format without tables", body = crate::error::ErrorBody),
    ))]
pub async fn export(State(state): State<AppState>, Path(format): Path<String>, Query(q): Query<ExportQuery>) -> Result<Response, ApiError> {
    let what = if format.eq_ignore_ascii_case("json") {
        if q.table.is_some() {
            return Err(ApiError::bad_request("`table` applies to csv and parquet only"));
        }
        What::Json
    } else {
        let f: formats::Format = format.parse().map_err(|e: formats::UnknownName| ApiError::bad_request(format!("{e} (or json)")))?;
        let table = match q.table.as_deref() {
            None => None,
            Some(t) if f.is_tabular() => Some(t.parse::<formats::Table>().map_err(|e| ApiError::bad_request(e.to_string()))?),
            Some(_) => return Err(ApiError::bad_request(format!("`table` applies to csv and parquet only, not {f}"))),
        };
        What::Other(f, table)
    };
    let (media, file) = match what {
        What::Json => ("application/json", "dossier.json".to_string()),
        What::Other(f, t) => (f.media_type(), f.file_name(t)),
    };
    let (tx, mut rx) = mpsc::channel::<Result<Bytes, std::io::Error>>(CHUNKS);
    let db = state.inner.db.clone();
    tokio::task::spawn_blocking(move || {
        let mut out = ChannelWriter { tx: tx.clone(), buf: Vec::with_capacity(CHUNK) };
        let result = (|| -> Result<(), String> {
            let store = crate::state::open_store(&db).map_err(|e| e.to_string())?;
            match what {
                What::Json => engine::export::export(&*store, engine::export::Format::Json, engine::export::Options::default(), &mut out).map_err(|e| e.to_string())?,
                What::Other(f, t) => formats::write(&*store, f, t, &mut out).map_err(|e| e.to_string())?,
            };
            out.flush().map_err(|e| e.to_string())
        })();
        if let Err(e) = result {
            // The client sees the download cut short; the server log says why.
            eprintln!("dossier serve: export {file_hint} failed: {e}", file_hint = match what { What::Json => "json".to_string(), What::Other(f, _) => f.to_string() });
            let _ = tx.blocking_send(Err(std::io::Error::other(e)));
        }
    });
    let stream = futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx));
    let mut response = Body::from_stream(stream).into_response();
    *response.status_mut() = StatusCode::OK;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(media));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{file}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(response)
}

/// A `Write` that sends full chunks down the channel; fails once the client is gone.
struct ChannelWriter {
    tx: mpsc::Sender<Result<Bytes, std::io::Error>>,
    buf: Vec<u8>,
}

impl ChannelWriter {
    fn send(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK)));
        self.tx.blocking_send(Ok(chunk)).map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the client closed the download"))
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}
