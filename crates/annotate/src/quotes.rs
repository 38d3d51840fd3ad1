//! The `quotes` annotator: direct quotations and reported speech with their speakers, from the
//! `attribution` crate.
//!
//! Each attribution becomes an [`Annotation`] on the `quotes` layer labelled `direct` or
//! `indirect`, spanning its content (first to last piece), whose `attrs` carry: `content` (the
//! content's pieces as `[start, end]` byte ranges: a quotation split by its attribution has
//! two), `cue` and `source` (`[start, end]` or null), `cue_lemma`, `speaker` (`{entity, name,
//! label, resolved_by}` or null: `entity` is the number of an entity of the `entities` layer,
//! `resolved_by` says how: `name`, `pronoun`, `title` or `unresolved`), and `time` /
//! `time_span` when the cue's sentence states when it was said.

use model::{range_attr, Annotation, Diagnostic, Doc, Layer, Provenance, Span};
use serde_json::{json, Value};

use crate::Annotator;

/// The `quotes` annotator.
pub struct Quotes;

impl Annotator for Quotes {
    fn name(&self) -> &'static str {
        "quotes"
    }
    fn version(&self) -> u32 {
        1
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Sentences, Layer::Pos, Layer::Syntax, Layer::Entities, Layer::Times]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Quotes]
    }
    fn annotate(&self, doc: &mut Doc) -> Vec<Diagnostic> {
        let found = attribution::find(doc);
        let provenance = Provenance { annotator: self.name().to_string(), version: self.version() };
        let mut annotations = Vec::with_capacity(found.len());
        for a in found {
            let (start, end) = a.extent();
            if doc.text.get(start..end).is_none_or(str::is_empty) {
                continue;
            }
            let speaker = a.speaker.as_ref().map_or(Value::Null, |s| {
                json!({ "entity": s.entity, "name": s.name, "label": s.label, "text": s.text, "resolved_by": s.resolved_by })
            });
            let mut attrs = json!({
                "content": a.content.iter().map(|&c| range_attr(c)).collect::<Vec<_>>(),
                "cue": a.cue.map_or(Value::Null, range_attr),
                "cue_lemma": a.cue_lemma,
                "source": a.source.map_or(Value::Null, range_attr),
                "speaker": speaker,
            });
            if let Some((value, span)) = &a.time {
                attrs["time"] = value.clone().into();
                attrs["time_span"] = range_attr(*span);
            }
            annotations.push(Annotation {
                layer: Layer::Quotes,
                span: Span::new(start, end),
                label: if a.direct { "direct" } else { "indirect" }.to_string(),
                attrs,
                provenance: provenance.clone(),
            });
        }
        doc.annotations.retain(|a| a.layer != Layer::Quotes);
        doc.annotations.extend(annotations);
        doc.annotations.sort_by_key(|a| (a.span.start, a.span.end));
        Vec::new()
    }
}
