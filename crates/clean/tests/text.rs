//! Plain text and Markdown cleaning: golden files under `tests/fixtures/text/` plus small inline
//! cases. Every fixture is fictional (the crisis in "Veloria").
//!
//! A golden file `<name>.expected` holds the metadata, then `--`, then one block per line as
//! `kind | text`. Set `UPDATE_EXPECT=1` to rewrite them, then review the diff.

use std::path::PathBuf;

use clean::text::{extract, TextExtract};
use clean::BlockKind;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/text")
}

fn kind(k: BlockKind) -> &'static str {
    match k {
        BlockKind::Heading => "heading",
        BlockKind::Paragraph => "paragraph",
        BlockKind::ListItem => "list",
        BlockKind::Quote => "quote",
    }
}

fn dump(out: &TextExtract) -> String {
    let m = &out.meta;
    let mut s = String::new();
    let opt = |o: &Option<String>| o.clone().unwrap_or_else(|| "-".to_string());
    s.push_str(&format!("title: {}\n", opt(&m.title)));
    s.push_str(&format!("authors: {}\n", m.authors.join("; ")));
    s.push_str(&format!("published: {}\n", opt(&m.published)));
    s.push_str(&format!("outlet: {}\n", opt(&m.outlet)));
    s.push_str(&format!("url: {}\n", opt(&m.url)));
    s.push_str("--\n");
    for b in &out.blocks {
        s.push_str(&format!("{} | {}\n", kind(b.kind), b.text));
    }
    s
}

/// Words of `text` stripped of punctuation, for comparing a block with its source.
fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Every block has a source range inside the input, ranges increase, and the block's first and
/// last words are found in its source (so offsets map back to the right place).
fn check_sources(input: &str, out: &TextExtract) {
    let mut prev_end = 0;
    for b in &out.blocks {
        let src = b.source.clone().expect("text blocks always have a source");
        assert!(
            src.start >= prev_end && src.end <= input.len() && src.start < src.end,
            "bad source {src:?} for {:?}",
            b.text
        );
        prev_end = src.end;
        let slice = input.get(src.clone()).expect("source on char boundaries");
        let ws = words(&b.text);
        for w in [ws.first(), ws.last()].into_iter().flatten() {
            assert!(
                slice.contains(w.as_str()),
                "word {w:?} of {:?} not in source {slice:?}",
                b.text
            );
        }
        let first = words(slice).into_iter().next().unwrap_or_default();
        assert_eq!(
            Some(&first),
            ws.first(),
            "source of {:?} starts elsewhere: {slice:?}",
            b.text
        );
    }
}

fn check_fixture(name: &str) {
    let path = fixtures().join(name);
    let input = std::fs::read_to_string(&path).expect("fixture");
    let out = extract(&input, name.ends_with(".md"));
    check_sources(&input, &out);
    let actual = dump(&out);
    let expected_path = path.with_extension("expected");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&expected_path, &actual).expect("write golden file");
        return;
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
    if actual != expected {
        panic!(
            "{name}: output differs from {}\n--- expected\n{expected}\n--- actual\n{actual}",
            expected_path.display()
        );
    }
}

/// Inline cases: the kept block texts, in order.
fn check(input: &str, markdown: bool, expected: &[&str]) {
    let out = extract(input, markdown);
    check_sources(input, &out);
    let texts: Vec<&str> = out.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(texts, expected, "input: {input:?}");
}

#[test]
fn text_page_with_menus_and_footer() {
    check_fixture("menus-and-footer.txt");
}

#[test]
fn markdown_export() {
    check_fixture("export.md");
}

#[test]
fn page_broken_sentences() {
    check_fixture("page-break.txt");
}

#[test]
fn list_items_that_are_content() {
    check_fixture("list-content.md");
}

#[test]
fn related_lists() {
    check_fixture("related.txt");
}

#[test]
fn small_cases() {
    // Page break before a lower-case word.
    check(
        "Protests spread to\n\nthe capital on Monday.",
        false,
        &["Protests spread to the capital on Monday."],
    );
    // A finished sentence is not joined even if the next paragraph starts in lower case.
    check(
        "It ended.\n\niPhones were confiscated.",
        false,
        &["It ended.", "iPhones were confiscated."],
    );
    // One paragraph per line when the file has no blank lines.
    check(
        "Curfew Lifted in Port Amsel\nThe curfew ended at dawn on Friday.\nShops reopened by noon.",
        false,
        &[
            "The curfew ended at dawn on Friday.",
            "Shops reopened by noon.",
        ],
    );
    // A body that starts with a full sentence has no title taken from it.
    check(
        "The curfew ended at dawn on Friday.\n\nShops reopened.",
        false,
        &["The curfew ended at dawn on Friday.", "Shops reopened."],
    );
    // Markdown: setext heading as title, a nested quote, an HTML comment.
    check(
        "Curfew Lifted\n=============\n\n> > \"It is over,\" said a shopkeeper.\n\n<!-- ad slot -->\n\nShops reopened.",
        true,
        &["\"It is over,\" said a shopkeeper.", "Shops reopened."],
    );
    // Empty and whitespace-only inputs.
    check("", false, &[]);
    check(" \n\n\t\n", true, &[]);
}

#[test]
fn metadata_from_small_headers() {
    let out = extract("Curfew Lifted\n\nBy Ana Pell and JONAS VIK\n\nUpdated: 2023-03-09\n\nThe curfew ended at dawn.", false);
    assert_eq!(out.meta.title.as_deref(), Some("Curfew Lifted"));
    assert_eq!(out.meta.authors, ["Ana Pell", "Jonas Vik"]);
    assert_eq!(out.meta.published.as_deref(), Some("2023-03-09"));
    // A date among other fields on one line, and the line is not kept as body text.
    let out = extract("Curfew Lifted\n\nMar 9, 2023 | 4 min read\n\nThe curfew ended at dawn.", false);
    assert_eq!(out.meta.published.as_deref(), Some("2023-03-09"));
    assert_eq!(out.blocks.iter().map(|b| b.text.as_str()).collect::<Vec<_>>(), ["The curfew ended at dawn."]);
    let out = extract("# Curfew Lifted\n\nText here about the curfew.\n\n**Source URL:** <https://harborpost.example/a/9>", true);
    assert_eq!(
        out.meta.url.as_deref(),
        Some("https://harborpost.example/a/9")
    );
}

#[test]
fn bio_is_kept_when_it_describes_someone_in_the_story() {
    // Tomas Rekker is named earlier in the body, and no author is known: not a bio.
    let input = "Rekker Holds Firm\n\nTomas Rekker refused to resign on Monday.\n\nTomas Rekker is the president of Veloria and the leader of the ruling party.";
    let out = extract(input, false);
    assert_eq!(out.blocks.len(), 2);
    assert!(out.meta.authors.is_empty());
}

#[test]
fn never_panics_on_odd_input() {
    for input in [
        "[",
        "![",
        "[a](",
        "<",
        "<a",
        "&#xFFFFFFFF;",
        "&#0;",
        "\\",
        "*",
        "#",
        "> ",
        "- ",
        "1.",
        "```",
        "`",
        "~~~\ncode",
        "é\n\n\u{300}",
        "[a][b",
        "<!--",
        "<https://",
        "a\r\n\r\nb",
        "Home > ",
        "By ",
        "by **",
        "\u{feff}Title\n\nText.",
    ] {
        for markdown in [false, true] {
            let out = extract(input, markdown);
            check_sources(input, &out);
        }
    }
}

/// Random strings over an alphabet of markup characters: no panic, sources stay valid, and
/// a long hostile block is handled in reasonable time (no quadratic scans).
#[test]
fn random_markup_never_panics() {
    let alphabet: Vec<char> = "ab Z.#>-*_[]()!<>&;:\\`~\n\n\r\t|»é1—".chars().collect();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..2000 {
        let len = (next() % 200) as usize;
        let input: String = (0..len)
            .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
            .collect();
        for markdown in [false, true] {
            let out = extract(&input, markdown);
            for b in &out.blocks {
                let src = b.source.clone().expect("source");
                assert!(
                    input.get(src).is_some(),
                    "source off char boundary in {input:?}"
                );
            }
        }
    }
    let hostile = "<a &x [y ".repeat(20_000);
    let out = extract(&hostile, true);
    assert_eq!(out.blocks.len(), 1);
}

#[test]
fn sentences_that_look_like_labels_are_kept() {
    check(
        "Published on Monday, the report blamed the fuel subsidy cuts.\n\nCourtesy calls between the two presidents ended in March.",
        false,
        &[
            "Published on Monday, the report blamed the fuel subsidy cuts.",
            "Courtesy calls between the two presidents ended in March.",
        ],
    );
    let out = extract(
        "Curfew Lifted\n\nThe curfew ended.\n\nCourtesy of Harbor Post",
        false,
    );
    assert_eq!(out.meta.outlet.as_deref(), Some("Harbor Post"));
}

#[test]
fn read_also_list_and_bio_at_the_end_of_a_text_page() {
    let input = "Curfew Lifted\n\nANA PELL\n\nThe curfew in Port Amsel ended at dawn on Sunday, the interior ministry said, after six nights of calm in the capital.\n\n\
Ana Pell is a senior fellow at the Nordvik Institute.\n\n\
Read also:\n- Who runs Veloria now? A guide to the Security Council\n- Haldor's oil towns: a decade of broken promises\n\n\
Enjoyed this article? Sign up for our weekly briefing. It's free.\n\nImage: Kestrel Photo Agency.\n";
    let out = extract(input, false);
    assert_eq!(
        out.blocks.iter().map(|b| b.text.as_str()).collect::<Vec<_>>(),
        ["The curfew in Port Amsel ended at dawn on Sunday, the interior ministry said, after six nights of calm in the capital."]
    );
}
