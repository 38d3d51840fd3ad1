//! Publication dates as pages and feeds write them, normalised to ISO 8601.

/// Placeholder until the real parser lands: accepts ISO dates only.
pub fn normalize(s: &str) -> Option<String> {
    let s = s.trim();
    let d = s.get(..10)?;
    let ok = d.len() == 10 && d.as_bytes()[4] == b'-' && d.as_bytes()[7] == b'-';
    ok.then(|| d.to_string())
}
