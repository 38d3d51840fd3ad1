use crate::util::{TestDir, STORY_A, STORY_B};

#[test]
fn analyze_stores_documents_and_is_idempotent() {
    let t = TestDir::new();
    t.write("in/a.txt", STORY_A);
    t.write("in/sub/b.txt", STORY_B);
    let first = t.run(&["--json", "analyze", "in"]).expect_code(0).json();
    assert_eq!(first["n_read"], 2);
    assert_eq!(first["n_stored"], 2);
    assert!(first["n_sentences"].as_u64().unwrap_or(0) >= 5, "{first}");

    // Re-ingesting the same files stores nothing new and loses nothing.
    let second = t.run(&["--json", "analyze", "in"]).expect_code(0).json();
    assert_eq!(second["n_stored"], 0);
    assert_eq!(second["n_already_stored"], 2);
    let docs = t.run(&["--json", "docs"]).expect_code(0).json();
    assert_eq!(docs.as_array().map(Vec::len), Some(2));
}

#[test]
fn bad_inputs_are_reported_and_skipped_without_losing_stored_data() {
    let t = TestDir::new();
    t.write("good/a.txt", STORY_A);
    t.run(&["analyze", "good"]).expect_code(0);

    t.write("bad/empty.txt", "");
    t.write("bad/binary.txt", [0u8, 159, 146, 150, 0, 0, 1, 2, 3, 0, 255, 0]);
    t.write("bad/b.txt", STORY_B);
    let run = t.run(&["analyze", "bad", "does-not-exist.txt"]).expect_code(3);
    let out = run.stdout();
    assert!(out.contains("skipped:"), "{out}");
    assert!(out.contains("empty.txt"), "{out}");
    assert!(out.contains("binary.txt"), "{out}");
    assert!(out.contains("does-not-exist.txt"), "{out}");

    // The earlier document is still there, and the good file of the bad batch was stored.
    let docs = t.run(&["--json", "docs"]).expect_code(0).json();
    assert_eq!(docs.as_array().map(Vec::len), Some(2), "{docs}");
    let diags = t.run(&["--json", "diagnostics"]).expect_code(0).json();
    let codes: Vec<&str> = diags.as_array().unwrap().iter().filter_map(|d| d["code"].as_str()).collect();
    assert!(codes.contains(&"empty") && codes.contains(&"binary") && codes.contains(&"not-found"), "{codes:?}");
}

#[test]
fn exact_duplicates_are_linked_to_the_first_copy() {
    let t = TestDir::new();
    t.write("in/1.txt", STORY_A);
    // Same clean text, different raw bytes (trailing whitespace): a different document whose
    // text repeats the first.
    t.write("in/2.txt", format!("{STORY_A}\n\n\n"));
    let s = t.run(&["--json", "analyze", "in"]).expect_code(0).json();
    assert_eq!(s["n_exact_duplicates"], 1, "{s}");
    let docs = t.run(&["--json", "docs"]).expect_code(0).json();
    let docs = docs.as_array().unwrap();
    let dup: Vec<_> = docs.iter().filter(|d| !d["duplicate_of"].is_null()).collect();
    assert_eq!(dup.len(), 1);
    let original = docs.iter().find(|d| d["duplicate_of"].is_null()).unwrap();
    assert_eq!(dup[0]["duplicate_of"], original["id"]);
}

#[test]
fn show_prints_numbered_sentences() {
    let t = TestDir::new();
    t.write("a.txt", STORY_B);
    t.run(&["analyze", "a.txt"]).expect_code(0);
    let docs = t.run(&["--json", "docs"]).expect_code(0).json();
    let id = docs[0]["id"].as_str().unwrap().to_string();
    let out = t.run(&["show", &id[..6]]).expect_code(0).stdout();
    // Entity mentions are marked in the text as `[name|TYPE]`.
    assert!(out.contains("[Eastern Security Pact|ORG]"), "{out}");
    assert!(out.contains("[Ilse Marr|PERSON]"), "{out}");
    let plain = unmark(&out);
    assert!(plain.contains("[  1] The Eastern Security Pact said on Thursday"), "{plain}");
    assert!(plain.contains("[  2] Dr. Ilse Marr of the Port Amsel Institute"), "{plain}");
    assert!(plain.contains("[  3] The government put the death toll at 164"), "{plain}");
    // The entity table lists the person once.
    assert_eq!(out.lines().filter(|l| l.contains("PERSON") && l.contains("Ilse Marr") && l.starts_with('e')).count(), 1, "{out}");
    t.run(&["show", "ffffffff"]).expect_code(1);

    // --tokens: a row per token with lemma, UPOS, XPOS and the entity tag.
    let out = t.run(&["show", &id[..6], "--tokens"]).expect_code(0).stdout();
    let row = out.lines().find(|l| l.split_whitespace().nth(1) == Some("Marr")).unwrap_or_default();
    let cols: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(cols.get(3..5), Some(&["PROPN", "NNP"][..]), "{row}");
    assert_eq!(cols.last(), Some(&"I-PERSON"), "{row}");
    let said = out.lines().find(|l| l.split_whitespace().nth(1) == Some("said")).unwrap_or_default();
    assert_eq!(said.split_whitespace().nth(2), Some("say"), "lemma: {said}");
}

/// `show` output without the entity marks: `[Ilse Marr|PERSON]` -> `Ilse Marr`.
fn unmark(out: &str) -> String {
    let mut s = out.to_string();
    for t in ["PERSON", "ORG", "LOC", "NORP", "MISC"] {
        s = s.replace(&format!("|{t}]"), "\u{1}");
    }
    // Times: `|DATE=2031-01-14]`.
    while let Some(i) = s.find("|DATE=").or_else(|| s.find("|TIME=")).or_else(|| s.find("|DURATION=")).or_else(|| s.find("|SET=")) {
        let j = s[i..].find(']').map_or(s.len(), |j| i + j + 1);
        s.replace_range(i..j, "\u{1}");
    }
    // Drop the `[` that opens each mark: the last `[` before each \u{1}.
    let parts: Vec<&str> = s.split('\u{1}').collect();
    let mut out = String::new();
    for (k, part) in parts.iter().enumerate() {
        match part.rfind('[') {
            Some(i) if k + 1 < parts.len() => {
                out.push_str(&part[..i]);
                out.push_str(&part[i + 1..]);
            }
            _ => out.push_str(part),
        }
    }
    out
}

#[test]
fn usage_errors_exit_2() {
    let t = TestDir::new();
    t.run(&["analyze"]).expect_code(2);
    t.run(&["frobnicate"]).expect_code(2);
}

#[test]
fn languages_are_detected_and_encodings_decoded() {
    let t = TestDir::new();
    // Russian in windows-1251, with no charset declared anywhere.
    let russian = "Протесты в Корвинске продолжались всю ночь. Полиция применила слезоточивый газ против тысяч демонстрантов у здания мэрии, сообщили очевидцы.";
    t.write("in/ru.txt", windows_1251(russian));
    t.write("in/en.txt", crate::util::STORY_A);
    t.run(&["analyze", "in"]).expect_code(0);
    let docs = t.run(&["--json", "export", "--format", "jsonl"]).expect_code(0).stdout();
    let docs: Vec<serde_json::Value> = docs.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let ru = docs.iter().find(|d| d["source"].as_str().unwrap().ends_with("ru.txt")).unwrap();
    assert_eq!(ru["language"], "ru");
    assert_eq!(ru["text"], russian);
    let en = docs.iter().find(|d| d["source"].as_str().unwrap().ends_with("en.txt")).unwrap();
    assert_eq!(en["language"], "en");
}

/// Encodes ASCII and the Cyrillic letters А-я as windows-1251 (enough for the test's text).
fn windows_1251(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| match c as u32 {
            0..=0x7F => c as u8,
            0x410..=0x44F => (c as u32 - 0x410 + 0xC0) as u8,
            _ => panic!("not in the test's windows-1251 subset: {c}"),
        })
        .collect()
}

#[test]
fn ingest_prints_one_line_and_stores_the_same() {
    let t = TestDir::new();
    t.write("in/a.txt", STORY_A);
    t.write("in/empty.txt", "");
    let out = t.run(&["ingest", "in"]).expect_code(3).stdout();
    assert!(out.starts_with("ingested 1 new documents into"), "{out}");
    assert!(out.contains("1 skipped") && out.contains("empty.txt"), "{out}");
    let doc = t.run(&["--json", "export", "--format", "jsonl"]).expect_code(0).json();
    assert!(doc["sentences"].as_array().unwrap().len() >= 3, "ingest stores the sentence structure");
}

#[test]
fn a_directory_of_many_bad_files_is_reported_file_by_file() {
    let t = TestDir::new();
    for i in 0..600 {
        t.write(&format!("bad/{i:04}.txt"), "");
    }
    t.write("bad/zz-good.txt", STORY_B);
    let s = t.run(&["--json", "analyze", "--batch-size", "64", "bad"]).expect_code(3).json();
    assert_eq!(s["n_skipped"], 600);
    assert_eq!(s["n_stored"], 1);
    let diags = t.run(&["--json", "diagnostics"]).expect_code(0).json();
    assert_eq!(diags.as_array().map(Vec::len), Some(600));
}

#[test]
fn a_logged_run_reports_progress_through_its_inputs() {
    let t = TestDir::new();
    for k in 0..6 {
        t.write(&format!("in/a{k}.txt"), format!("{STORY_A}\n\nUpdate {k}."));
    }
    // Standard error is a pipe here, not a terminal: progress comes as plain lines, one per
    // batch with the interval at 0.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("--db")
        .arg(t.db())
        .args(["analyze", "--batch-size", "2", "in"])
        .current_dir(t.path())
        .env("DOSSIER_PROGRESS_SECONDS", "0")
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = err.lines().filter(|l| l.starts_with("progress: ")).collect();
    assert_eq!(lines.len(), 3, "one line per batch:\n{err}");
    assert!(lines[2].starts_with("progress: 6 documents, ") && lines[2].contains(" docs/s, "), "{err}");
    // The inputs' size is known by the last batch (a walk on its own thread): all of it read.
    assert!(lines[2].ends_with("(100%)"), "{err}");

    // Quiet and JSON runs print no progress.
    let out = t.run(&["--quiet", "analyze", "in"]);
    assert!(!out.stderr().contains("progress:"), "{}", out.stderr());
}
