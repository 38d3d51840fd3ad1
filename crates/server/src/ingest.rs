//! The write routes: `POST /api/ingest` (files as multipart, or one text as JSON) and
//! `GET /api/jobs/{id}`. Both need `Authorization: Bearer <token>`; a server started without
//! a token answers 403 `read_only`. Uploads are written to a private temporary directory
//! under sanitised names and analysed by the job worker (see [`crate::jobs`]).

use std::io::Write as _;
use std::path::PathBuf;

use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::error::{ApiError, ErrorBody};
use crate::jobs::JobStatus;
use crate::schema::{IngestText, JobAccepted};
use crate::state::AppState;

/// Largest upload: files or JSON.
pub const MAX_INGEST_BYTES: usize = 64 << 20;
/// Longest kept file name (sanitised).
const MAX_NAME: usize = 100;

/// Checks the bearer token, in constant time.
pub fn authorize(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(expected) = state.inner.token else { return Err(ApiError::read_only()) };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .ok_or_else(|| ApiError::unauthorized("this route needs an `Authorization: Bearer <token>` header"))?;
    // blake3::Hash compares in constant time; hashing first also hides the token's length.
    if blake3::hash(given.trim().as_bytes()) == expected {
        Ok(())
    } else {
        Err(ApiError::unauthorized("the token is not the one this server was started with"))
    }
}

#[utoipa::path(post, path = "/api/ingest", tag = "ingest",
    request_body(description = "JSON with `text` (and optional `title`, `url`, `published`, `outlet`), or multipart/form-data with one or more `file` parts in any format `dossier analyze` reads", content(
        (IngestText = "application/json"),
        (Object = "multipart/form-data"),
    )),
    responses((status = 202, description = "Queued", body = JobAccepted),
              (status = 400, description = "No text or no file, or a malformed body", body = ErrorBody),
              (status = 401, description = "No token or the wrong one", body = ErrorBody),
              (status = 403, description = "The server is read-only (started without a token)", body = ErrorBody),
              (status = 413, description = "Over 64 MiB", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn ingest(State(state): State<AppState>, headers: HeaderMap, request: Request) -> Result<Response, ApiError> {
    authorize(&state, &headers)?;
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_ascii_lowercase();
    let dir = tempfile::Builder::new().prefix("dossier-upload-").tempdir().map_err(ApiError::internal)?;
    let paths = if content_type.starts_with("multipart/form-data") {
        let multipart = Multipart::from_request(request, &state).await.map_err(|e| ApiError::from_rejection(e.status(), e.body_text()))?;
        save_files(multipart, dir.path().to_path_buf()).await?
    } else if content_type.starts_with("application/json") {
        let Json(text) = Json::<IngestText>::from_request(request, &state).await.map_err(|e| ApiError::from_rejection(e.status(), e.body_text()))?;
        vec![save_text(&text, dir.path())?]
    } else {
        return Err(ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "bad_request", "send multipart/form-data with `file` parts, or application/json with `text`"));
    };
    let job = state.inner.jobs.submit(dir, paths).map_err(ApiError::internal)?;
    Ok((StatusCode::ACCEPTED, Json(JobAccepted { job })).into_response())
}

/// Writes the `file` parts to `dir`; other parts are ignored.
async fn save_files(mut multipart: Multipart, dir: PathBuf) -> Result<Vec<PathBuf>, ApiError> {
    let bad = |e: axum::extract::multipart::MultipartError| ApiError::from_rejection(e.status(), e.body_text());
    let mut paths = Vec::new();
    while let Some(mut field) = multipart.next_field().await.map_err(bad)? {
        if field.name() != Some("file") {
            continue;
        }
        let path = dir.join(format!("{:04}-{}", paths.len(), sanitize(field.file_name().unwrap_or("upload.txt"))));
        let mut file = std::fs::File::create(&path).map_err(ApiError::internal)?;
        while let Some(chunk) = field.chunk().await.map_err(bad)? {
            file.write_all(&chunk).map_err(ApiError::internal)?;
        }
        paths.push(path);
    }
    if paths.is_empty() {
        return Err(ApiError::bad_request("the upload has no `file` part"));
    }
    Ok(paths)
}

/// Writes a pasted text as a one-record JSON Lines file, which the JSON Lines reader turns into
/// a document with its title, URL, outlet and publication date.
fn save_text(text: &IngestText, dir: &std::path::Path) -> Result<PathBuf, ApiError> {
    if text.text.trim().is_empty() {
        return Err(ApiError::bad_request("text is empty"));
    }
    if let Some(p) = text.published.as_deref().filter(|p| !p.trim().is_empty()) {
        if crate::params::date_bound(p.trim()).is_none() {
            return Err(ApiError::bad_request(format!("published must be a date YYYY-MM-DD, not `{}`", p.chars().take(40).collect::<String>())));
        }
    }
    let mut record = serde_json::Map::new();
    record.insert("text".into(), text.text.clone().into());
    for (key, value) in [("title", &text.title), ("url", &text.url), ("published", &text.published), ("outlet", &text.outlet)] {
        if let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            record.insert(key.into(), v.into());
        }
    }
    let path = dir.join("pasted.jsonl");
    let line = serde_json::to_string(&record).map_err(ApiError::internal)?;
    std::fs::write(&path, format!("{line}\n")).map_err(ApiError::internal)?;
    Ok(path)
}

/// A file name reduced to letters, digits, `.`, `-` and `_` (no separators, no leading dot),
/// keeping its extension, which tells the readers its format.
pub fn sanitize(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let mut out: String = base
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' })
        .collect();
    while out.starts_with('.') {
        out.remove(0);
    }
    if out.len() > MAX_NAME {
        let ext = out.rfind('.').map(|i| out[i..].to_string()).filter(|e| e.len() < 16).unwrap_or_default();
        out.truncate(MAX_NAME - ext.len());
        out.push_str(&ext);
    }
    if out.is_empty() {
        out = "upload".into();
    }
    out
}

#[utoipa::path(get, path = "/api/jobs/{id}", tag = "ingest",
    params(("id" = String, Path, description = "The id `POST /api/ingest` returned")),
    responses((status = 200, description = "The job's state and counts", body = JobStatus),
              (status = 401, description = "No token or the wrong one", body = ErrorBody),
              (status = 403, description = "The server is read-only", body = ErrorBody),
              (status = 404, description = "No such job", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn job(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<String>) -> Result<Json<JobStatus>, ApiError> {
    authorize(&state, &headers)?;
    state.inner.jobs.get(&id).map(Json).ok_or_else(|| ApiError::not_found(format!("no job `{}`", id.chars().take(40).collect::<String>())))
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn file_names() {
        assert_eq!(sanitize("report.html"), "report.html");
        assert_eq!(sanitize("../../etc/passwd"), "passwd");
        assert_eq!(sanitize("..\\..\\boot.ini"), "boot.ini");
        assert_eq!(sanitize(".hidden.txt"), "hidden.txt");
        assert_eq!(sanitize("a b<c>.md"), "a_b_c_.md");
        assert_eq!(sanitize(".."), "upload");
        assert_eq!(sanitize(""), "upload");
        let long = format!("{}.jsonl", "x".repeat(300));
        let s = sanitize(&long);
        assert!(s.len() <= 100 && s.ends_with(".jsonl"), "{s}");
        assert_eq!(sanitize("Ünïcode.txt"), "_n_code.txt");
    }
}
