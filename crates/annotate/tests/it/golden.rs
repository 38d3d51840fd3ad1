//! Golden dumps, one annotation per line as `kind start..end "text"`, for a fictional news text.
//! After an intended change, regenerate with `UPDATE_GOLDEN=1 cargo test -p annotate golden` and
//! review the diff of `tests/it/golden/` before committing.

use std::path::PathBuf;

use annotate::{sentences::segment, tokens::tokenize};

use crate::kind_name;

/// A fictional article: headline, byline, abbreviations, quotes across sentence ends, decimals,
/// initials, list items.
const VELORIA: &str = "\
Veloria Asks Eastern Security Pact for Peacekeepers After Night of Unrest

PORT AMSEL, Jan. 6 (Dossier) — President Tomas Rekker on Wednesday asked the Eastern Security Pact (ESP) to send troops, calling the protesters “terrorists trained abroad.” The request, made at 2:15 a.m. local time, was approved within hours.

“We will take decisive action.” Rekker’s spokesman, Dr. Ilse M. Vant, said the first 2,500 troops would arrive by Friday. The ESP—a Russia-led bloc of six states—has never deployed in a member’s territory before.

Fuel prices rose 160% on Jan. 1, from 50 to 130 veloras ($0.28) per litre. Mr. Rekker's government blamed “speculators”, but analysts at Amsel Capital Ltd. disagreed. The U.S. State Department urged restraint. Protests spread to the U.S. The embassy didn't comment.

Prof. J. R. Halloran of Port Amsel University wrote: \"Nobody expected this... The ESP isn't built for it.\" Was he right? Officials said no.

Key demands of the protesters:

Lower fuel prices

The resignation of Gen. Arno Pike, head of the security council

Free elections by 05.01.2023 (see https://example.org/veloria-demands, or write to press@amsel-news.vl).";

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/it/golden")
}

#[track_caller]
fn check_golden(name: &str, actual: &str) {
    let path = golden_dir().join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run with UPDATE_GOLDEN=1 to create it",
            path.display()
        )
    });
    if expected != actual {
        let first_diff = expected
            .lines()
            .zip(actual.lines())
            .find(|(e, a)| e != a)
            .map(|(e, a)| format!("expected: {e}\n  actual: {a}"))
            .unwrap_or_else(|| "one dump is a prefix of the other".to_string());
        panic!("{name} differs from the golden file (UPDATE_GOLDEN=1 to accept):\n{first_diff}");
    }
}

#[test]
fn golden_veloria_tokens() {
    let mut dump = String::new();
    for t in tokenize(VELORIA) {
        dump.push_str(&format!(
            "{} {}..{} {:?}\n",
            kind_name(t.kind),
            t.span.start,
            t.span.end,
            t.span.text(VELORIA)
        ));
    }
    check_golden("veloria.tokens", &dump);
}

#[test]
fn golden_veloria_sentences() {
    let tokens = tokenize(VELORIA);
    let mut dump = String::new();
    for s in segment(VELORIA, &tokens) {
        dump.push_str(&format!(
            "sentence {}..{} p{} t{}..{} {:?}\n",
            s.span.start,
            s.span.end,
            s.paragraph,
            s.tokens.0,
            s.tokens.1,
            s.span.text(VELORIA)
        ));
    }
    check_golden("veloria.sentences", &dump);
}
