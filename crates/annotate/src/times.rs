//! The `times` annotator: dates, times, durations and sets with TimeML TIMEX3 values, from
//! the `timex` crate, anchored to the document's creation time.
//!
//! The document creation time (DCT) is the publication date from the metadata (which `clean`
//! takes from the page's metadata, its byline or its URL), else a dateline at the start of the
//! text ("KORVINSK, Jan. 6 (Wire) -") when it states a year. Each expression becomes an
//! [`Annotation`] on the `times` layer labelled with its TIMEX3 type, whose `attrs` carry:
//! `value` (TIMEX3), `begin`/`end_value` for ranges, `mod`, `anchor` (`dct`, `narrative` or
//! `none`), `anchor_value` (the anchor's date), `dct_source` (`published`, `dateline` or
//! `none`), `year_inferred`, `resolved` and `confidence`. Expressions that name no real day
//! ("February 30") are left untagged, with a warning naming the text.
//!
//! Years that no anchor in the document can give (no DCT, no dated sentence before) stay
//! `XXXX`; the cross-document stage infers them from the corpus.

use model::{Annotation, Diagnostic, Doc, Layer, Provenance, Span};

use crate::Annotator;

/// The `times` annotator.
pub struct Times;

/// The document creation time and where it came from.
pub fn creation_time(doc: &Doc) -> (Option<timex::Date>, &'static str) {
    if let Some(d) = doc.meta.published.as_deref().and_then(timex::Date::parse_iso) {
        return (Some(d), "published");
    }
    if let Some(dl) = timex::dateline(&doc.text) {
        if let Some(d) = dl.year.and_then(|y| timex::Date::new(y, dl.month, dl.day)) {
            return (Some(d), "dateline");
        }
    }
    (None, "none")
}

impl Annotator for Times {
    fn name(&self) -> &'static str {
        "times"
    }
    fn version(&self) -> u32 {
        1
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Text]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Times]
    }
    fn annotate(&self, doc: &mut Doc) -> Vec<Diagnostic> {
        let (dct, dct_source) = creation_time(doc);
        let (found, problems) = timex::annotate(&doc.text, dct);
        let provenance = Provenance { annotator: self.name().to_string(), version: self.version() };
        let mut annotations = Vec::with_capacity(found.len());
        for t in found {
            let (Ok(start), Ok(end)) = (u32::try_from(t.start), u32::try_from(t.end)) else { continue };
            if doc.text.get(t.start..t.end).is_none_or(str::is_empty) {
                continue;
            }
            let (anchor, anchor_value) = match t.anchor {
                timex::AnchorUse::None => ("none", None),
                timex::AnchorUse::Dct => ("dct", dct.map(|d| d.iso())),
                timex::AnchorUse::Narrative(d) => ("narrative", Some(d.iso())),
            };
            let mut attrs = serde_json::json!({
                "value": t.value,
                "anchor": anchor,
                "dct_source": dct_source,
                "year_inferred": t.year_inferred,
                "resolved": t.resolved,
                "confidence": (f64::from(t.confidence) * 100.0).round() / 100.0,
            });
            if let Some(v) = anchor_value {
                attrs["anchor_value"] = v.into();
            }
            if let Some(b) = t.begin {
                attrs["begin"] = b.into();
            }
            if let Some(e) = t.end_value {
                attrs["end_value"] = e.into();
            }
            if let Some(m) = t.modifier {
                attrs["mod"] = m.into();
            }
            annotations.push(Annotation {
                layer: Layer::Times,
                span: Span { start, end },
                label: t.kind.as_str().to_string(),
                attrs,
                provenance: provenance.clone(),
            });
        }
        doc.annotations.retain(|a| a.layer != Layer::Times);
        doc.annotations.extend(annotations);
        // Keep annotations in text order across layers (entities and times interleave).
        doc.annotations.sort_by_key(|a| (a.span.start, a.span.end));
        problems
            .into_iter()
            .map(|p| {
                let text = doc.text.get(p.start..p.end).unwrap_or("");
                Diagnostic::warning(doc.source(), "time", format!("“{text}” is not a real date ({}); kept as text", p.message))
            })
            .collect()
    }
}
