//! `dossier hypotheses` end to end on the example corpus: the competing explanations its
//! articles name come out, each with the sources' positions, and nothing rests on a single
//! hedged sentence.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn dossier(db: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_dossier")).arg("--db").arg(db).args(args).output().expect("run dossier");
    assert!(out.status.success(), "dossier {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The position of the holder whose document comes from `file` and whose name or kind matches.
fn position(m: &serde_json::Value, frame: &str, doc: &str, holder: &str) -> String {
    let h = m["hypotheses"].as_array().unwrap().iter().find(|h| h["frame"] == frame).unwrap_or_else(|| panic!("no hypothesis {frame}"));
    h["positions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["doc"] == doc && (p["holder_kind"] == holder || p["holder"].as_str().unwrap().contains(holder)))
        .map_or("absent".to_string(), |p| p["position"].as_str().unwrap().to_string())
}

#[test]
fn example_corpus_hypotheses() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let corpus = repo_root().join("examples/corpus");
    dossier(&db, &["analyze", corpus.to_str().unwrap()]);

    let text = dossier(&db, &["hypotheses"]);
    for label in ["A terrorist attack directed from abroad", "A foreign power's geopolitical gambit", "A struggle inside the ruling elite", "Social and economic grievance"] {
        assert!(text.contains(label), "{label} missing from:\n{text}");
    }
    assert!(text.contains("| Evidence |"), "the matrix is printed:\n{text}");

    let m: serde_json::Value = serde_json::from_str(&dossier(&db, &["hypotheses", "--json"])).unwrap();
    let export: serde_json::Value = serde_json::from_str(&dossier(&db, &["export", "--format", "json"])).unwrap();
    let doc_of = |outlet: &str| -> String {
        export["documents"].as_array().unwrap().iter().find(|d| d["outlet"] == outlet).map(|d| d["id"].as_str().unwrap().to_string()).unwrap_or_else(|| panic!("no {outlet}"))
    };
    let meridian = doc_of("meridianreview.example");
    let eastfield = doc_of("eastfieldpolicy.example");
    let continental = doc_of("The Continental Interest");
    let ledger = doc_of("The Policy Ledger");

    assert_eq!(position(&m, "foreign_attack", &meridian, "Rekker"), "holds");
    assert_eq!(position(&m, "foreign_power", &meridian, "author"), "holds", "Velsk set the intervention in motion");
    assert_eq!(position(&m, "foreign_power", &eastfield, "reported"), "holds", "many commentators concluded ...");
    assert_eq!(position(&m, "foreign_power", &eastfield, "author"), "rejects", "That conclusion ignores ...");
    assert_eq!(position(&m, "foreign_power", &continental, "author"), "rejects", "Kordavia's gains are limited");
    assert_eq!(position(&m, "elite_struggle", &continental, "author"), "holds", "first of all about succession");
    assert_eq!(position(&m, "elite_struggle", &meridian, "author"), "holds", "a fight inside the ruling elite");
    assert_ne!(position(&m, "elite_struggle", &ledger, "author"), "absent");

    for h in m["hypotheses"].as_array().unwrap() {
        assert!(h["n_claims"].as_u64().unwrap() >= 2, "{h}");
        assert!(h["positions"].as_array().unwrap().iter().any(|p| p["hedged"] == false), "a hypothesis from hedges only: {h}");
    }
    for c in m["cells"].as_array().unwrap() {
        assert!(!c["link"]["text"].as_str().unwrap().is_empty(), "every cell has its sentence: {c}");
    }
}
