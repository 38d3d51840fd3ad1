//! `GET /api/export/{format}`: the exports as streamed downloads.

use crate::fixture::{app, get, ok};

#[tokio::test]
async fn exports_download_with_their_media_type_and_name() {
    let app = app();
    // The JSON contract: the same documents and corpus entities the API lists.
    let r = get(&app, "/api/export/json").await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.headers["content-type"], "application/json");
    assert_eq!(r.headers["content-disposition"], "attachment; filename=\"dossier.json\"");
    let json = r.json();
    let stats = ok(&app, "/api/stats").await;
    assert_eq!(json["documents"].as_array().unwrap().len() as u64, stats["n_documents"].as_u64().unwrap());
    assert_eq!(json["entities"].as_array().unwrap().len() as u64, stats["n_entities"].as_u64().unwrap());
    // A table: header plus one row per document (the CSV reader handles quoted newlines).
    let r = get(&app, "/api/export/csv?table=documents").await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.headers["content-type"].to_str().unwrap().starts_with("text/csv"));
    assert_eq!(r.headers["content-disposition"], "attachment; filename=\"dossier-documents.csv\"");
    let rows = csv::Reader::from_reader(r.body.as_slice()).records().count() as u64;
    assert_eq!(rows, stats["n_documents"].as_u64().unwrap());
    // The network for Gephi, and the GDELT-style table.
    let r = get(&app, "/api/export/gexf").await;
    assert_eq!(r.status, 200);
    assert!(r.text().contains("<gexf"), "{}", r.text());
    let r = get(&app, "/api/export/gdelt").await;
    assert_eq!(r.status, 200);
    assert!(r.text().lines().all(|l| l.split('\t').count() == 61));
    // Parquet is binary, with its magic number at both ends.
    let r = get(&app, "/api/export/parquet?table=entities").await;
    assert_eq!(r.status, 200);
    assert!(r.body.starts_with(b"PAR1") && r.body.ends_with(b"PAR1"));
}

#[tokio::test]
async fn bad_export_requests_are_400() {
    let app = app();
    for uri in ["/api/export/xlsx", "/api/export/csv?table=nope", "/api/export/gexf?table=documents", "/api/export/json?table=documents"] {
        let r = get(&app, uri).await;
        assert_eq!(r.status, 400, "{uri}: {}", r.text());
        assert_eq!(r.code(), "bad_request", "{uri}");
    }
}
