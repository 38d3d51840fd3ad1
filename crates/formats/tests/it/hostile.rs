//! Article text is hostile input: markup, quotes, ampersands, control characters and
//! `javascript:` URLs in the text and metadata must come out escaped (or stripped) in every
//! format, and the XML must stay well-formed.

use formats::Format;

use crate::fixture::{analyse, export, export_text};

const HOSTILE: &str = "President Tomas Rekker ordered the arrest of Konstantin Darvel on January 6, 2031 \
    <script>alert('x')</script> & \"more\" <img src=x onerror=alert(1)>. \
    Police arrested Konstantin Darvel in Port Amsel on January 6, 2031, the \u{7}State\u{1b} Protection Committee said.\t\
    Darvel met Tomas Rekker in Corvinsk.";

fn hostile_store() -> store::SqliteStore {
    let dir = tempfile::tempdir().unwrap();
    let record = serde_json::json!({
        "text": HOSTILE,
        "title": "<img src=x onerror=alert(1)> Rekker & \"Darvel\"",
        "published": "2031-01-07",
        "url": "javascript:alert(1)",
        "outlet": "<b>Evil</b> & Co",
    });
    let path = dir.path().join("hostile.jsonl");
    std::fs::write(&path, format!("{record}\n")).unwrap();
    analyse(vec![path])
}

#[test]
fn hostile_text_is_escaped_everywhere() {
    let store = hostile_store();
    for format in [Format::Gexf, Format::Graphml] {
        let xml = export_text(&store, format);
        let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{format}: {e}\n{xml}"));
        assert!(doc.descendants().any(|n| n.attribute("label").or(n.text()) == Some("Tomas Rekker")), "{format}: {xml}");
        assert!(!xml.contains('\u{7}') && !xml.contains('\u{1b}'));
    }
    let tl = export_text(&store, Format::Timelinejs);
    let json: serde_json::Value = serde_json::from_str(&tl).unwrap();
    let slides = json["events"].as_array().unwrap();
    assert!(!slides.is_empty(), "{tl}");
    for s in slides {
        for field in [&s["text"]["text"], &s["text"]["headline"]] {
            let html = field.as_str().unwrap();
            for bad in ["<script", "<img", "<b>", "javascript:", "onerror=alert(1)>"] {
                assert!(!html.contains(bad), "{bad} in {html}");
            }
        }
    }
    let all: String = slides.iter().map(|s| s["text"]["text"].as_str().unwrap()).collect();
    assert!(all.contains("&lt;img src=x onerror=alert(1)&gt;"), "the title, escaped: {all}");
    assert!(all.contains("&lt;b&gt;Evil&lt;/b&gt; &amp; Co"), "the outlet, escaped: {all}");
    assert!(!all.contains("href="), "no link to a javascript: URL");

    let tsv = export_text(&store, Format::Gdelt);
    for line in tsv.lines() {
        assert_eq!(line.split('\t').count(), 61);
        assert!(!line.chars().any(|c| c.is_control() && c != '\t'), "{line:?}");
    }
    // CSV quotes what needs quoting: it reads back to the same text.
    let (bytes, _) = export(&store, Format::Csv, None);
    let mut r = csv::Reader::from_reader(bytes.as_slice());
    let headers = r.headers().unwrap().clone();
    let k = headers.iter().position(|h| h == "title").unwrap();
    let row = r.records().next().unwrap().unwrap();
    assert_eq!(&row[k], "<img src=x onerror=alert(1)> Rekker & \"Darvel\"");
}

#[test]
fn empty_store_exports_empty_but_valid() {
    let store = store::SqliteStore::open_in_memory().unwrap();
    for format in [Format::Gexf, Format::Graphml] {
        let xml = export_text(&store, format);
        roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{format}: {e}"));
    }
    let tl: serde_json::Value = serde_json::from_str(&export_text(&store, Format::Timelinejs)).unwrap();
    assert_eq!(tl["events"].as_array().unwrap().len(), 0);
    assert_eq!(export_text(&store, Format::Gdelt), "");
    let (csv, n) = export(&store, Format::Csv, Some(formats::Table::Entities));
    assert_eq!((String::from_utf8(csv).unwrap().lines().count(), n), (1, 0), "the header alone");
    let dir = tempfile::tempdir().unwrap();
    let written = formats::write_dir(&store, Format::Parquet, dir.path()).unwrap();
    assert!(written.iter().all(|(_, p, n)| *n == 0 && p.exists()));
}
