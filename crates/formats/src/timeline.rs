//! The dated corpus events as a TimelineJS 3 JSON document
//! (timeline.knightlab.com/docs/json-format.html): a title slide, then one slide per corpus
//! event that has a date, in timeline order, grouped by PLOVER type. A slide's text names
//! the event's type, CAMEO code, modality and corroboration, the disagreements about its
//! date, and each report: outlet, title (linked when the document has an http(s) URL), date
//! and the sentence that states it.
//!
//! TimelineJS renders headline and text as HTML, so every piece of text we put there is
//! HTML-escaped, links are only ever `http:`/`https:`, and `autolink` is off.

use std::collections::HashMap;
use std::io::Write;

use serde::Serialize;

use crate::days::{self, Precision};
use crate::text::{html, safe_href};
use crate::Error;

/// Reports listed on one slide; the rest are counted.
pub const MAX_REPORTS_SHOWN: usize = 12;

#[derive(Serialize)]
struct Timeline {
    title: Slide,
    events: Vec<Slide>,
}

#[derive(Serialize)]
struct Slide {
    #[serde(skip_serializing_if = "Option::is_none")]
    start_date: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_date: Option<Date>,
    text: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unique_id: Option<String>,
    autolink: bool,
}

#[derive(Serialize, PartialEq, Debug)]
struct Date {
    year: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    month: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    day: Option<u32>,
}

#[derive(Serialize)]
struct Text {
    headline: String,
    text: String,
}

/// The slide dates of a corpus event's date value: a day; a week as its first and last day;
/// a month; a year.
fn slide_dates(value: &str) -> Option<(Date, Option<Date>)> {
    let ((y, m, d), (y2, m2, d2), p) = days::range(value)?;
    Some(match p {
        Precision::Day => (Date { year: y, month: Some(m), day: Some(d) }, None),
        Precision::Week => (Date { year: y, month: Some(m), day: Some(d) }, Some(Date { year: y2, month: Some(m2), day: Some(d2) })),
        Precision::Month => (Date { year: y, month: Some(m), day: None }, None),
        Precision::Year => (Date { year: y, month: None, day: None }, None),
    })
}

/// Writes the timeline; returns the number of event slides.
pub fn write(store: &dyn store::Store, out: &mut dyn Write) -> Result<u64, Error> {
    let r = engine::reasoning::load(store)?;
    let docs: HashMap<String, store::DocSummary> = store.list_documents(&store::DocQuery::default())?.into_iter().map(|d| (d.id.to_string(), d)).collect();
    let notes: HashMap<&str, &str> = r.contradictions.iter().map(|c| (c.id.as_str(), c.note.as_str())).collect();
    let mut events = Vec::new();
    for c in &r.events {
        let Some((start, end)) = c.date.as_ref().and_then(|d| slide_dates(d.value.as_str())) else { continue };
        let kind = match c.mode.as_deref() {
            Some(m) => format!("{}/{m}", c.kind.as_str()),
            None => c.kind.to_string(),
        };
        let mut text = format!(
            "<p>{} · CAMEO {} · {} · {} from {}</p>",
            html(&kind),
            html(c.cameo.as_str()),
            html(c.modality.as_str()),
            engine::brief::plural(c.n_reports as usize, "report"),
            engine::brief::plural(c.n_sources as usize, "independent source"),
        );
        for id in &c.disputed {
            if let Some(note) = notes.get(id.as_str()) {
                text.push_str(&format!("<p><b>Sources disagree on the date:</b> {}</p>", html(note)));
            }
        }
        text.push_str("<ul>");
        for report in c.reports.iter().take(MAX_REPORTS_SHOWN) {
            let d = docs.get(report.doc.as_str());
            let outlet = d.and_then(|d| d.outlet.as_deref()).unwrap_or(report.doc.as_str());
            let title = d.and_then(|d| d.title.as_deref()).unwrap_or("(untitled)");
            let title = match d.and_then(|d| safe_href(&d.source)) {
                Some(href) => format!("<a href=\"{href}\" target=\"_blank\" rel=\"noopener noreferrer\">{}</a>", html(title)),
                None => html(title),
            };
            let published = d.and_then(|d| d.published.as_deref()).map(|p| format!(", {}", html(p))).unwrap_or_default();
            text.push_str(&format!("<li><i>{}</i>, {title}{published}: “{}”</li>", html(outlet), html(report.evidence.text.as_str())));
        }
        text.push_str("</ul>");
        if c.reports.len() > MAX_REPORTS_SHOWN {
            text.push_str(&format!("<p>… and {} more reports.</p>", c.reports.len() - MAX_REPORTS_SHOWN));
        }
        let mut headline = html(c.summary.as_str());
        if !c.disputed.is_empty() {
            headline.push_str(" ⚠");
        }
        events.push(Slide {
            start_date: Some(start),
            end_date: end,
            text: Text { headline, text },
            group: Some(c.kind.to_string()),
            unique_id: Some(c.id.to_string()),
            autolink: false,
        });
    }
    let n = events.len() as u64;
    let title = Slide {
        start_date: None,
        end_date: None,
        text: Text {
            headline: "dossier timeline".into(),
            text: format!(
                "<p>{} dated of {} corpus events, from {}. Generated by dossier {}.</p>",
                n,
                r.events.len(),
                engine::brief::plural(docs.len(), "document"),
                html(env!("CARGO_PKG_VERSION"))
            ),
        },
        group: None,
        unique_id: Some("dossier-title".into()),
        autolink: false,
    };
    serde_json::to_writer(&mut *out, &Timeline { title, events })?;
    out.write_all(b"\n")?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_by_precision() {
        assert_eq!(slide_dates("2031-01-06").unwrap(), (Date { year: 2031, month: Some(1), day: Some(6) }, None));
        let (s, e) = slide_dates("2031-W02").unwrap();
        assert_eq!((s.day, e.and_then(|e| e.day)), (Some(6), Some(12)));
        assert_eq!(slide_dates("2031-01").unwrap().0, Date { year: 2031, month: Some(1), day: None });
        assert_eq!(slide_dates("2031").unwrap().0, Date { year: 2031, month: None, day: None });
        assert!(slide_dates("PRESENT_REF").is_none());
    }
}
