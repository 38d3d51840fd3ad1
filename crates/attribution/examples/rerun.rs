//! Development loop: re-runs [`attribution::find`] on documents already analysed and saved by
//! `cargo xtask eval attribution --save-docs IN`, replacing their `quotes` layer, and writes
//! them to OUT for `cargo xtask eval attribution --docs OUT`. Rebuilding this example takes
//! seconds where rebuilding the pipeline takes minutes.
//!
//! `cargo run --release -p attribution --example rerun -- IN OUT`

use model::{range_attr, Annotation, Doc, Layer, Provenance, Span};
use serde_json::{json, Value};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(input), Some(output)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: rerun IN OUT");
        std::process::exit(2);
    };
    if let Err(e) = std::fs::create_dir_all(output) {
        eprintln!("{output}: {e}");
        std::process::exit(1);
    }
    let Ok(entries) = std::fs::read_dir(input) else {
        eprintln!("{input}: not a directory");
        std::process::exit(1);
    };
    let started = std::time::Instant::now();
    let mut n = 0;
    let mut in_find = std::time::Duration::ZERO;
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(bytes) = std::fs::read(&path) else { continue };
        let Ok(mut doc) = serde_json::from_slice::<Doc>(&bytes) else { continue };
        in_find += requote(&mut doc);
        n += 1;
        if let Ok(b) = serde_json::to_vec(&doc) {
            let _ = std::fs::write(std::path::Path::new(output).join(entry.file_name()), b);
        }
    }
    eprintln!("{n} documents in {:.2} s, {:.3} s of it in attribution::find", started.elapsed().as_secs_f64(), in_find.as_secs_f64());
}

/// The `quotes` annotator's conversion (crates/annotate/src/quotes.rs), for the fields the
/// evaluation reads. Returns the time spent in [`attribution::find`].
fn requote(doc: &mut Doc) -> std::time::Duration {
    doc.annotations.retain(|a| a.layer != Layer::Quotes);
    let provenance = Provenance { annotator: "quotes".to_string(), version: 1 };
    let started = std::time::Instant::now();
    let found = attribution::find(doc);
    let took = started.elapsed();
    for a in found {
        let (start, end) = a.extent();
        if doc.text.get(start..end).is_none_or(str::is_empty) {
            continue;
        }
        let speaker = a.speaker.as_ref().map_or(Value::Null, |s| {
            json!({ "entity": s.entity, "name": s.name, "label": s.label, "text": s.text, "resolved_by": s.resolved_by })
        });
        let attrs = json!({
            "content": a.content.iter().map(|&c| range_attr(c)).collect::<Vec<_>>(),
            "cue": a.cue.map_or(Value::Null, range_attr),
            "cue_lemma": a.cue_lemma,
            "source": a.source.map_or(Value::Null, range_attr),
            "speaker": speaker,
        });
        doc.annotations.push(Annotation {
            layer: Layer::Quotes,
            span: Span::new(start, end),
            label: if a.direct { "direct" } else { "indirect" }.to_string(),
            attrs,
            provenance: provenance.clone(),
        });
    }
    took
}
