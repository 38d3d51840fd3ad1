//! What both backends share between their rows and the model: the `documents` row before
//! decoding ([`DocRow`], each backend reading it from its own row type), and the string forms
//! of layers, duplicate kinds, severities and times that both write.

use std::time::{SystemTime, UNIX_EPOCH};

use model::{Doc, Duplicate, DuplicateKind, Format, Layer, Metadata, OffsetMap, Origin, RecordRef, Severity};

/// A `documents` row as read, before decoding.
pub(crate) struct DocRow {
    pub(crate) id: String,
    pub(crate) origin_path: String,
    pub(crate) record_index: Option<i64>,
    pub(crate) record_offset: Option<i64>,
    pub(crate) format: String,
    pub(crate) title: Option<String>,
    pub(crate) authors: String,
    pub(crate) published: Option<String>,
    pub(crate) outlet: Option<String>,
    pub(crate) url: Option<String>,
    pub(crate) language: Option<String>,
    pub(crate) text: String,
    pub(crate) offsets: String,
    pub(crate) duplicate_of: Option<String>,
    pub(crate) duplicate_kind: Option<String>,
    pub(crate) duplicate_similarity: Option<f64>,
}

impl DocRow {
    /// Decodes the row (format, authors, offsets, duplicate link) into a [`Doc`].
    pub(crate) fn into_doc(self) -> Result<Doc, String> {
        let format = match self.format.as_str() {
            "text" => Format::Text,
            "markdown" => Format::Markdown,
            "html" => Format::Html,
            other => return Err(format!("unknown format `{other}`")),
        };
        let authors: Vec<String> = serde_json::from_str(&self.authors).map_err(|e| format!("authors: {e}"))?;
        let offsets: OffsetMap = serde_json::from_str(&self.offsets).map_err(|e| format!("offsets: {e}"))?;
        let duplicate = match (self.duplicate_of, self.duplicate_kind) {
            (None, _) => None,
            (Some(of), kind) => {
                let kind = match kind.as_deref() {
                    Some("exact") => DuplicateKind::Exact,
                    Some("near") => DuplicateKind::Near,
                    other => return Err(format!("unknown duplicate kind {other:?}")),
                };
                Some(Duplicate { of, kind, similarity: self.duplicate_similarity.unwrap_or(0.0) as f32 })
            }
        };
        let origin = Origin { path: self.origin_path, record: record_ref(self.record_index, self.record_offset) };
        let meta = Metadata {
            title: self.title,
            authors,
            published: self.published,
            outlet: self.outlet,
            url: self.url,
            language: self.language,
        };
        let mut doc = Doc::new(self.id, origin, format, meta, self.text, offsets);
        doc.duplicate = duplicate;
        Ok(doc)
    }
}

pub(crate) fn record_ref(index: Option<i64>, offset: Option<i64>) -> Option<RecordRef> {
    match (index, offset) {
        (Some(index), Some(offset)) => Some(RecordRef { index: index.max(0) as u64, offset: offset.max(0) as u64 }),
        _ => None,
    }
}

pub(crate) fn to_i64(x: u64, what: &str) -> Result<i64, String> {
    i64::try_from(x).map_err(|_| format!("{what} {x} does not fit a 64-bit signed integer"))
}

pub(crate) fn parse_layer(s: &str) -> Result<Layer, String> {
    Ok(match s {
        "text" => Layer::Text,
        "tokens" => Layer::Tokens,
        "sentences" => Layer::Sentences,
        "pos" => Layer::Pos,
        "syntax" => Layer::Syntax,
        "entities" => Layer::Entities,
        "times" => Layer::Times,
        "quotes" => Layer::Quotes,
        "quantities" => Layer::Quantities,
        "events" => Layer::Events,
        "places" => Layer::Places,
        "claims" => Layer::Claims,
        other => return Err(format!("unknown layer `{other}`")),
    })
}

pub(crate) fn duplicate_kind_str(kind: DuplicateKind) -> &'static str {
    match kind {
        DuplicateKind::Exact => "exact",
        DuplicateKind::Near => "near",
    }
}

pub(crate) fn severity_str(severity: Severity) -> &'static str {
    match severity {
        Severity::Warning => "warning",
        Severity::Error => "error",
    }
}

/// The current UTC time as RFC 3339 (`2024-03-01T12:00:05Z`), without a date library: how both
/// backends write run and diagnostic times.
pub(crate) fn now_rfc3339() -> String {
    let secs = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    format_rfc3339(secs)
}

pub(crate) fn format_rfc3339(unix_secs: u64) -> String {
    let days = (unix_secs / 86_400) as i64;
    let rem = unix_secs % 86_400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339() {
        for (secs, expected) in [
            (0, "1970-01-01T00:00:00Z"),
            (951_782_400, "2000-02-29T00:00:00Z"),
            (1_709_294_405, "2024-03-01T12:00:05Z"),
            (4_102_444_799, "2099-12-31T23:59:59Z"),
        ] {
            assert_eq!(format_rfc3339(secs), expected, "{secs}");
        }
    }

    #[test]
    fn layers_parse_back() {
        for l in [
            Layer::Text,
            Layer::Tokens,
            Layer::Sentences,
            Layer::Pos,
            Layer::Syntax,
            Layer::Entities,
            Layer::Times,
            Layer::Quotes,
            Layer::Quantities,
            Layer::Events,
            Layer::Places,
            Layer::Claims,
        ] {
            assert_eq!(parse_layer(l.as_str()), Ok(l));
        }
        assert!(parse_layer("nope").is_err());
    }
}

/// The largest piece of the cross-document result stored in one row. Both servers cap a value
/// (and PostgreSQL a protocol message) at 1 GB, and the result of a 100,000-document corpus
/// is larger than that, so it is stored as numbered parts (`part:000000`, ...) written in one
/// transaction and read back in order.
pub(crate) const REASONING_PART_BYTES: usize = 64 << 20;

/// `data` cut into parts of at most [`REASONING_PART_BYTES`], on character boundaries, each
/// with its row name; an empty `data` is one empty part.
pub(crate) fn reasoning_parts(data: &str) -> Vec<(String, &str)> {
    let mut parts = Vec::new();
    let mut rest = data;
    loop {
        let mut cut = rest.len().min(REASONING_PART_BYTES);
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let (part, tail) = rest.split_at(cut);
        parts.push((format!("part:{:06}", parts.len()), part));
        rest = tail;
        if rest.is_empty() {
            return parts;
        }
    }
}

/// The stored result from its rows `(name, data)`: its parts joined in order, else the single
/// row `latest` that stores written before parts hold; `None` when neither is there.
pub(crate) fn join_reasoning(mut rows: Vec<(String, String)>) -> Option<String> {
    rows.sort();
    let (parts, latest): (Vec<_>, Vec<_>) = rows.into_iter().partition(|(name, _)| name.starts_with("part:"));
    if parts.is_empty() {
        return latest.into_iter().find(|(name, _)| name == "latest").map(|(_, data)| data);
    }
    Some(parts.into_iter().map(|(_, data)| data).collect())
}

#[cfg(test)]
mod reasoning_parts_tests {
    use super::*;

    #[test]
    fn parts_join_back_and_never_split_a_character() {
        assert_eq!(reasoning_parts(""), vec![("part:000000".to_string(), "")]);
        // Two-byte characters straddling every part boundary.
        let data = "é".repeat(REASONING_PART_BYTES / 2 + 3) + "x";
        let parts = reasoning_parts(&data);
        assert_eq!(parts.len(), 2);
        assert!(parts.iter().all(|(_, p)| p.len() <= REASONING_PART_BYTES));
        assert_eq!(parts[1].0, "part:000001");
        assert_eq!(parts.iter().map(|(_, p)| *p).collect::<String>(), data);
        let odd = format!("x{}", "é".repeat(REASONING_PART_BYTES / 2));
        let parts = reasoning_parts(&odd);
        assert_eq!(parts[0].1.len(), REASONING_PART_BYTES - 1);
        assert_eq!(parts.iter().map(|(_, p)| *p).collect::<String>(), odd);
    }

    #[test]
    fn joined_in_order_or_from_the_old_single_row() {
        let row = |n: &str, d: &str| (n.to_string(), d.to_string());
        assert_eq!(join_reasoning(vec![row("part:000001", "b"), row("part:000000", "a")]).as_deref(), Some("ab"));
        assert_eq!(join_reasoning(vec![row("latest", "old")]).as_deref(), Some("old"));
        assert_eq!(join_reasoning(vec![]), None);
    }
}
