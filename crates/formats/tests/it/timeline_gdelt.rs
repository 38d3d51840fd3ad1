//! TimelineJS and the GDELT-style table of the example corpus.

use formats::Format;
use serde_json::Value;
use store::Store;

use crate::fixture::{contract, example, export_text};

fn arrest(json: &Value) -> &Value {
    let events = json["events"].as_array().unwrap();
    let found: Vec<&Value> = events
        .iter()
        .filter(|e| e["cameo"] == "173" && e["target"]["name"].as_str().is_some_and(|n| n.contains("Darvel")) && !e["disputed"].as_array().unwrap().is_empty())
        .collect();
    assert_eq!(found.len(), 1, "one disputed arrest of Darvel: {found:#?}");
    found[0]
}

#[test]
fn timelinejs_of_the_example_corpus() {
    let store = example();
    let json = contract(&store);
    let tl: Value = serde_json::from_str(&export_text(&store, Format::Timelinejs)).expect("JSON");
    assert!(tl["title"]["text"]["headline"].is_string());
    let slides = tl["events"].as_array().unwrap();
    let dated: Vec<&Value> = json["events"].as_array().unwrap().iter().filter(|e| e["date"].is_object()).collect();
    assert_eq!(slides.len(), dated.len(), "a slide per dated event");
    for (slide, event) in slides.iter().zip(&dated) {
        assert_eq!(slide["unique_id"], event["id"], "timeline order kept");
        assert_eq!(slide["group"], event["type"]);
        assert_eq!(slide["autolink"], false);
        let year = slide["start_date"]["year"].as_i64().unwrap();
        let value = event["date"]["value"].as_str().unwrap();
        // A week starts in the previous year when its Monday does (2031-W01 on 2030-12-30).
        assert!(value.starts_with(&year.to_string()) || (value.contains("-W") && value.starts_with(&(year + 1).to_string())), "{value} {slide}");
        if slide["end_date"].is_object() {
            assert_eq!(event["date"]["precision"], "week", "{slide}");
        }
        let text = slide["text"]["text"].as_str().unwrap();
        let n_reports = event["reports"].as_array().unwrap().len().min(formats::timeline::MAX_REPORTS_SHOWN);
        assert_eq!(text.matches("<li>").count(), n_reports, "a line per report: {text}");
        assert!(!slide["text"]["headline"].as_str().unwrap().is_empty());
    }
    // The disputed arrest: marked, both dates shown, sentences quoted.
    let a = arrest(&json);
    let slide = slides.iter().find(|s| s["unique_id"] == a["id"]).expect("the arrest has a slide");
    assert!(slide["text"]["headline"].as_str().unwrap().ends_with('⚠'));
    let text = slide["text"]["text"].as_str().unwrap();
    assert!(text.contains("Sources disagree") && text.contains("2031-01-06") && text.contains("2031-01-08"), "{text}");
    assert_eq!(slide["start_date"]["day"].as_u64().is_some(), a["date"]["precision"] == "day");
    assert!(text.contains("href=\"https://"), "reports link to their URL: {text}");
}

#[test]
fn gdelt_of_the_example_corpus() {
    let store = example();
    let json = contract(&store);
    let tsv = export_text(&store, Format::Gdelt);
    assert!(tsv.ends_with('\n') && !tsv.contains('\r'));
    let rows: Vec<Vec<&str>> = tsv.lines().map(|l| l.split('\t').collect()).collect();
    let asserted = json["events"].as_array().unwrap().iter().filter(|e| e["modality"] == "asserted").count();
    assert_eq!(rows.len(), asserted, "a row per asserted corpus event");
    let col = |name: &str| formats::gdelt::column(name).unwrap();
    for row in &rows {
        assert_eq!(row.len(), 61, "{row:?}");
        assert!(row[col("GlobalEventID")].parse::<u64>().is_ok());
        // Dated by the event, else by its earliest report; empty when neither says.
        assert!([0, 8].contains(&row[col("Day")].len()), "{row:?}");
        // Actors only when resolved to an entity or given a sector (never a bare "it").
        for name in ["Actor1Name", "Actor2Name"] {
            assert!(!["it", "they", "he", "she"].contains(&row[col(name)].to_lowercase().as_str()), "{row:?}");
        }
        assert_eq!(row[col("DATEADDED")].len(), 14);
        let code = row[col("EventCode")];
        assert!(code.starts_with(row[col("EventBaseCode")]) && code.starts_with(row[col("EventRootCode")]));
        assert!(["1", "2", "3", "4"].contains(&row[col("QuadClass")]), "{row:?}");
        for empty in ["GoldsteinScale", "AvgTone", "Actor1Geo_Lat", "ActionGeo_FeatureID", "Actor1KnownGroupCode"] {
            assert_eq!(row[col(empty)], "", "{empty} is left empty");
        }
    }
    let ids: Vec<&str> = rows.iter().map(|r| r[0]).collect();
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "event ids unique");

    // The planted arrest: its CAMEO codes, its reports and independent sources.
    let a = arrest(&json);
    let id = u64::from_str_radix(a["id"].as_str().unwrap().trim_start_matches('V'), 16).unwrap().to_string();
    let row = rows.iter().find(|r| r[0] == id).expect("the arrest's row");
    assert_eq!((row[col("EventCode")], row[col("EventBaseCode")], row[col("EventRootCode")], row[col("QuadClass")]), ("173", "173", "17", "4"));
    assert_eq!(row[col("NumSources")], a["n_sources"].to_string());
    assert_eq!(row[col("NumMentions")], a["n_reports"].to_string());
    assert!(row[col("Actor2Name")].contains("Darvel"));
    let date = a["date"]["value"].as_str().unwrap().replace('-', "");
    assert!(date.starts_with(row[col("Day")]) || row[col("Day")].starts_with(&date[..6]), "{date} vs {}", row[col("Day")]);
    assert_eq!(row[col("Year")], "2031");
    assert!(row[col("FractionDate")].starts_with("2031.0"));
    assert!(row[col("SOURCEURL")].starts_with("https://"), "{row:?}");
    // Added when its first report was stored, so a second export is the same table.
    let report_docs: Vec<&str> = a["reports"].as_array().unwrap().iter().map(|r| r["doc"].as_str().unwrap()).collect();
    let first_stored = store
        .list_documents(&store::DocQuery::default())
        .unwrap()
        .into_iter()
        .filter(|d| report_docs.contains(&d.id.as_str()))
        .map(|d| d.stored_at.replace(['-', 'T', ':', 'Z'], ""))
        .min()
        .unwrap();
    assert_eq!(row[col("DATEADDED")], first_stored);
    assert_eq!(export_text(&store, Format::Gdelt), tsv, "the same store gives the same table");
}
