//! What only a pass over every stored document tells: where the quotes and figures are (for
//! listing them across the corpus) and which of the most mentioned entities share sentences
//! (for the network). Built once per picture, on first need, and kept light: a quote or a
//! figure is remembered by its document and number, and the page asked for is read back from
//! its documents.

use std::collections::HashMap;

use engine::actors::{CoOccurrence, MemberIndex, Pair};
use store::Store;

use crate::picture::Picture;

/// Entities among which co-occurrence is counted (the network's largest node limit).
pub const NETWORK_POOL: usize = 500;

/// A quote or figure: its document, its number among the document's, and what filters see.
pub struct Located {
    pub doc: String,
    pub n: usize,
    /// Lowercased text the `speaker` / `q` filter searches.
    pub haystack: String,
    /// The corpus entity a quote's speaker resolves to.
    pub entity: Option<usize>,
}

pub struct CorpusIndex {
    /// In store order (publication date, id), then text order.
    pub quotes: Vec<Located>,
    pub quantities: Vec<Located>,
    /// Co-occurrence among the [`NETWORK_POOL`] most mentioned entities.
    pub pairs: Vec<Pair>,
}

impl CorpusIndex {
    pub fn build(store: &dyn Store, picture: &Picture) -> Result<CorpusIndex, store::Error> {
        let r = &picture.r;
        let members = MemberIndex::new(r, |_| true);
        let pool: Vec<usize> = picture.entity_order.iter().copied().take(NETWORK_POOL).collect();
        let mut co = CoOccurrence::among(r, &pool);
        let mut quotes = Vec::new();
        let mut quantities = Vec::new();
        store.for_each_document(&mut |doc| {
            co.add(&doc);
            for (n, q) in engine::export::document_quotes(&doc).into_iter().enumerate() {
                let mut haystack = String::new();
                let mut entity = None;
                if let Some(s) = &q.speaker {
                    haystack = format!("{}\u{1}{}", s.name.to_lowercase(), s.text.to_lowercase());
                    entity = s.entity.as_deref().and_then(|id| members.entity_of_id(id, s.text));
                }
                quotes.push(Located { doc: doc.id.clone(), n, haystack, entity });
            }
            for (n, q) in engine::export::document_quantities(&doc).into_iter().enumerate() {
                let mut haystack = q.text.to_lowercase();
                for extra in [q.counted, q.unit].into_iter().flatten() {
                    haystack.push('\u{1}');
                    haystack.push_str(&extra.to_lowercase());
                }
                quantities.push(Located { doc: doc.id.clone(), n, haystack, entity: None });
            }
            Ok(())
        })?;
        Ok(CorpusIndex { quotes, quantities, pairs: co.pairs() })
    }
}

/// Reads back the items of a page: `fetch` turns one loaded document into its items (quotes
/// or figures, as JSON), and each document is read once.
pub fn read_back(
    store: &dyn Store,
    page: &[&Located],
    fetch: &dyn Fn(&model::Doc) -> Vec<serde_json::Value>,
) -> Result<Vec<serde_json::Value>, store::Error> {
    let mut by_doc: HashMap<&str, Vec<serde_json::Value>> = HashMap::new();
    let mut out = Vec::with_capacity(page.len());
    for item in page {
        if !by_doc.contains_key(item.doc.as_str()) {
            let items = store.get_document(&item.doc)?.map(|d| fetch(&d)).unwrap_or_default();
            by_doc.insert(&item.doc, items);
        }
        if let Some(v) = by_doc.get(item.doc.as_str()).and_then(|items| items.get(item.n)) {
            out.push(v.clone());
        }
    }
    Ok(out)
}
