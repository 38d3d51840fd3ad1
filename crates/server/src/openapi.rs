//! The OpenAPI 3 document, generated from the handlers' annotations by utoipa, served at
//! `/api/openapi.json` and checked in as `docs/openapi.json` (a test compares the two; run it
//! with `DOSSIER_BLESS=1` to rewrite the file).

use axum::response::Response;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::{api, error, export, ingest, jobs, schema};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "dossier",
        description = "The JSON API of `dossier serve`: documents, entities, events, quotes, figures, contradictions, full-text search and ingest over one dossier store. Spans are character (Unicode scalar) offsets into a document's text, end exclusive, as in the export contract (docs/export.md). See docs/api.md.",
        license(name = "Apache-2.0"),
    ),
    paths(
        api::stats, api::documents, api::document, api::entities, api::entity, api::events, api::timeline, api::event,
        api::contradictions, api::hypotheses, api::quotes, api::quantities, api::search, api::network, export::export, ingest::ingest, ingest::job,
    ),
    components(schemas(
        error::ErrorBody, error::ErrorDetail, schema::Stats, schema::Hypotheses, schema::OutletCount, schema::DocumentSummary, schema::DocumentList,
        schema::EntitySummary, schema::EntityList, schema::EventList, schema::ObjectList, schema::SearchHit, schema::SnippetPiece,
        schema::SearchList, schema::Network, schema::Node, schema::Edge, schema::IngestText, schema::JobAccepted, jobs::JobStatus,
    )),
    modifiers(&BearerAuth),
    tags(
        (name = "corpus", description = "The corpus as a whole"),
        (name = "documents", description = "Documents, their quotes and figures, full-text search"),
        (name = "entities", description = "Corpus entities and the actor network"),
        (name = "events", description = "Corpus events, the timeline and contradictions"),
        (name = "ingest", description = "Adding documents (needs the token)"),
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()));
    }
}

/// The OpenAPI document as pretty JSON (what docs/openapi.json holds, plus a final newline).
pub fn openapi_json() -> String {
    let mut doc = ApiDoc::openapi();
    // The version is the crate's, not utoipa's default (which reads the package version too,
    // but keep it explicit and stable).
    doc.info.version = env!("CARGO_PKG_VERSION").to_string();
    let mut s = doc.to_pretty_json().unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

/// `GET /api/openapi.json`.
pub async fn serve_openapi() -> Response {
    api::raw_json(openapi_json())
}
