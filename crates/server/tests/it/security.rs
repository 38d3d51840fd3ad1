//! Headers, static assets and traversal, body limits, the token, the OpenAPI document.

use axum::body::Body;
use axum::http::Request;

use crate::fixture::{app, get, send, shared};

#[tokio::test]
async fn security_headers_on_every_response() {
    let app = app();
    let post_get = send(&app, Request::post("/api/stats").body(Body::empty()).unwrap()).await;
    for r in [get(&app, "/api/stats").await, get(&app, "/api/nothing").await, get(&app, "/").await, get(&app, "/api/search").await, post_get] {
        let csp = r.headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'self'") && csp.contains("script-src 'self'") && csp.contains("object-src 'none'") && csp.contains("frame-ancestors 'none'"), "{csp}");
        assert_eq!(r.headers["x-content-type-options"], "nosniff");
        assert_eq!(r.headers["referrer-policy"], "no-referrer");
    }
    let wrong_method = send(&app, Request::post("/api/stats").body(Body::empty()).unwrap()).await;
    assert_eq!(wrong_method.status, 405);
    assert_eq!(wrong_method.code(), "bad_request");
}

#[tokio::test]
async fn the_front_page_and_assets() {
    let app = app();
    let home = get(&app, "/").await;
    assert_eq!(home.status, 200);
    assert!(home.headers["content-type"].to_str().unwrap().starts_with("text/html"));
    match server::assets::lookup("index.html") {
        Some((_, bytes)) => assert_eq!(home.body, bytes),
        None => assert!(home.text().contains("cargo xtask web"), "{}", home.text()),
    }
    for (name, kind, bytes) in server::assets::ASSETS {
        let r = get(&app, &format!("/assets/{name}")).await;
        assert_eq!(r.status, 200, "{name}");
        assert_eq!(r.headers["content-type"], *kind);
        assert_eq!(r.body, *bytes);
    }
}

#[tokio::test]
async fn no_path_traversal() {
    let app = app();
    for uri in [
        "/assets/../../etc/passwd",
        "/assets/..%2F..%2Fetc%2Fpasswd",
        "/assets/%2e%2e/%2e%2e/etc/passwd",
        "/assets/%2e%2e%2f%2e%2e%2fCargo.toml",
        "/assets/..\\..\\Cargo.toml",
        "/assets//etc/passwd",
        "/assets/%2Fetc%2Fpasswd",
        "/assets/....//....//etc/passwd",
        "/assets/index.html%00.js",
        "/assets/",
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
    ] {
        let r = get(&app, uri).await;
        assert_eq!(r.status, 404, "{uri}: {}", r.text());
        assert!(!r.text().contains("root:"), "{uri}");
    }
}

#[tokio::test]
async fn writes_need_the_token() {
    let app = app();
    let json = r#"{"text":"Nothing happened."}"#;
    let post = |auth: Option<&str>| {
        let mut b = Request::post("/api/ingest").header("content-type", "application/json");
        if let Some(a) = auth {
            b = b.header("authorization", a);
        }
        b.body(Body::from(json)).unwrap()
    };
    let r = send(&app, post(None)).await;
    assert_eq!((r.status.as_u16(), r.code().as_str()), (401, "unauthorized"));
    assert_eq!(r.headers["www-authenticate"], "Bearer");
    for wrong in ["Bearer nope", "Bearer s3cret-toke", "Bearer s3cret-token-and-more", "Basic czNjcmV0LXRva2Vu", "s3cret-token", "Bearer "] {
        let r = send(&app, post(Some(wrong))).await;
        assert_eq!((r.status.as_u16(), r.code().as_str()), (401, "unauthorized"), "{wrong}");
    }
    let r = get(&app, "/api/jobs/j123").await;
    assert_eq!(r.status, 401);
    // A server without a token is read-only: 403 whatever is sent.
    let read_only = server::router(server::AppState::open(&shared().db, None).unwrap());
    let r = send(&read_only, post(Some("Bearer s3cret-token"))).await;
    assert_eq!((r.status.as_u16(), r.code().as_str()), (403, "read_only"));
    let r = send(&read_only, post(None)).await;
    assert_eq!(r.status, 403);
    assert_eq!(get(&read_only, "/api/jobs/j123").await.status, 403);
    // Reads need no token.
    assert_eq!(get(&read_only, "/api/stats").await.status, 200);
}

#[tokio::test]
async fn bodies_are_limited() {
    let app = app();
    // Over 64 MiB to ingest: 413, as JSON.
    let big = vec![b'a'; (64 << 20) + 1024];
    let mut body = br#"{"text":""#.to_vec();
    body.extend_from_slice(&big);
    body.extend_from_slice(br#""}"#);
    let request = Request::post("/api/ingest")
        .header("content-type", "application/json")
        .header("authorization", "Bearer s3cret-token")
        .body(Body::from(body))
        .unwrap();
    let r = send(&app, request).await;
    assert_eq!((r.status.as_u16(), r.code().as_str()), (413, "payload_too_large"), "{}", r.text());
    // Multipart too.
    let mut form = b"--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\nContent-Type: text/plain\r\n\r\n".to_vec();
    form.extend_from_slice(&big);
    form.extend_from_slice(b"\r\n--XYZ--\r\n");
    let request = Request::post("/api/ingest")
        .header("content-type", "multipart/form-data; boundary=XYZ")
        .header("authorization", "Bearer s3cret-token")
        .body(Body::from(form))
        .unwrap();
    let r = send(&app, request).await;
    assert_eq!((r.status.as_u16(), r.code().as_str()), (413, "payload_too_large"), "{}", r.text());
    // Malformed bodies are 400; other types 415.
    for (kind, body, status) in [
        ("application/json", "{\"text\": ", 400),
        ("application/json", "{\"title\": \"no text\"}", 400),
        ("application/json", "{\"text\": \"  \"}", 400),
        ("application/json", "{\"text\": \"x\", \"published\": \"2031-02-30\"}", 400),
        ("multipart/form-data; boundary=XYZ", "--XYZ\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--XYZ--\r\n", 400),
        ("text/plain", "hello", 415),
    ] {
        let request = Request::post("/api/ingest").header("content-type", kind).header("authorization", "Bearer s3cret-token").body(Body::from(body)).unwrap();
        let r = send(&app, request).await;
        assert_eq!(r.status.as_u16(), status, "{kind} {body}: {}", r.text());
        assert!(r.json()["error"]["message"].is_string());
    }
}

#[tokio::test]
async fn openapi_is_served_and_checked_in() {
    let app = app();
    let r = get(&app, "/api/openapi.json").await;
    assert_eq!(r.status, 200);
    let doc = r.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in ["/api/stats", "/api/documents", "/api/documents/{id}", "/api/entities", "/api/entities/{id}", "/api/events", "/api/events/{id}", "/api/timeline", "/api/quotes", "/api/quantities", "/api/contradictions", "/api/hypotheses", "/api/search", "/api/network", "/api/ingest", "/api/jobs/{id}"] {
        assert!(doc["paths"].get(path).is_some(), "{path}");
    }
    let generated = server::openapi_json();
    assert_eq!(r.text(), generated);
    let checked_in = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/openapi.json");
    if std::env::var_os("DOSSIER_BLESS").is_some() {
        std::fs::write(&checked_in, &generated).unwrap();
    }
    let on_disk = std::fs::read_to_string(&checked_in).unwrap_or_default();
    assert!(on_disk == generated, "docs/openapi.json is out of date: run `DOSSIER_BLESS=1 cargo test -p server openapi` to regenerate it");
}
