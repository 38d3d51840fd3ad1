//! Mapping from clean-text byte offsets back to raw-input byte offsets.

use serde::{Deserialize, Serialize};

/// A piecewise map from offsets in a derived text (the clean text) to offsets in the text it was
/// derived from (the raw input bytes, or an intermediate decoded string).
///
/// It is a sorted list of segments `(derived_start, derived_len, source_start, source_len)`.
/// Inside a segment whose two lengths are equal the map is exact; inside one whose lengths differ
/// (a decoded entity, a re-encoded character, a paragraph whose whitespace was collapsed) the
/// offset is interpolated linearly and clamped to the segment, so it is exact at segment starts
/// and ends and close in between. Offsets between segments (text the cleaner inserted, such as
/// paragraph separators) map to the start of the next segment.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OffsetMap {
    segments: Vec<Segment>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Segment {
    derived: u64,
    derived_len: u64,
    source: u64,
    source_len: u64,
}

impl OffsetMap {
    /// The identity map over `len` bytes.
    pub fn identity(len: usize) -> OffsetMap {
        let mut m = OffsetMap::default();
        m.push(0..len, 0..len);
        m
    }

    /// Appends a segment. Segments must be pushed in increasing `derived` order; a segment that
    /// would overlap the previous one is ignored, and empty derived ranges are dropped, so a
    /// builder cannot corrupt the map.
    pub fn push(&mut self, derived: std::ops::Range<usize>, source: std::ops::Range<usize>) {
        if derived.end <= derived.start {
            return;
        }
        let seg = Segment {
            derived: derived.start as u64,
            derived_len: (derived.end - derived.start) as u64,
            source: source.start as u64,
            source_len: source.end.saturating_sub(source.start) as u64,
        };
        if let Some(last) = self.segments.last_mut() {
            if seg.derived < last.derived + last.derived_len {
                return;
            }
            // Merge exact continuations so UTF-8 text maps with a single segment.
            let contiguous = seg.derived == last.derived + last.derived_len && seg.source == last.source + last.source_len;
            if contiguous && seg.derived_len == seg.source_len && last.derived_len == last.source_len {
                last.derived_len += seg.derived_len;
                last.source_len += seg.source_len;
                return;
            }
        }
        self.segments.push(seg);
    }

    pub fn is_empty(&self) -> bool {
        self.segments.is_empty()
    }

    pub fn n_segments(&self) -> usize {
        self.segments.len()
    }

    /// Maps a derived offset to a source offset (see the type's documentation).
    /// Returns `None` only for an empty map.
    pub fn map(&self, offset: usize) -> Option<usize> {
        let offset = offset as u64;
        if self.segments.is_empty() {
            return None;
        }
        // Index of the first segment that starts after `offset`.
        let i = self.segments.partition_point(|s| s.derived <= offset);
        if i == 0 {
            return Some(self.segments[0].source as usize);
        }
        let s = self.segments[i - 1];
        let within = offset - s.derived;
        if within >= s.derived_len {
            // Between segments: the start of the next one, or the end of the last one.
            return Some(match self.segments.get(i) {
                Some(next) => next.source as usize,
                None => (s.source + s.source_len) as usize,
            });
        }
        let delta = if s.derived_len == s.source_len {
            within
        } else {
            (within as u128 * s.source_len as u128 / s.derived_len as u128) as u64
        };
        Some((s.source + delta.min(s.source_len)) as usize)
    }

    /// Composes two maps: `self` maps A -> B and `inner` maps B -> C; the result maps A -> C.
    pub fn then(&self, inner: &OffsetMap) -> OffsetMap {
        let mut out = OffsetMap::default();
        for s in &self.segments {
            let a = s.derived as usize..(s.derived + s.derived_len) as usize;
            let b0 = s.source as usize;
            let b1 = (s.source + s.source_len) as usize;
            let c0 = inner.map(b0).unwrap_or(b0);
            let c1 = if b1 > b0 { inner.map(b1 - 1).map(|x| x + 1).unwrap_or(b1) } else { c0 };
            out.push(a, c0..c1.max(c0));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_maps_every_offset() {
        let m = OffsetMap::identity(10);
        assert_eq!(m.n_segments(), 1);
        for i in 0..10 {
            assert_eq!(m.map(i), Some(i));
        }
        assert_eq!(m.map(10), Some(10));
    }

    #[test]
    fn gaps_map_to_next_segment() {
        let mut m = OffsetMap::default();
        m.push(0..5, 100..105);
        m.push(7..10, 200..203);
        assert_eq!(m.map(3), Some(103));
        assert_eq!(m.map(5), Some(200));
        assert_eq!(m.map(6), Some(200));
        assert_eq!(m.map(8), Some(201));
        assert_eq!(m.map(50), Some(203));
    }

    #[test]
    fn unequal_segments_interpolate_and_clamp() {
        let mut m = OffsetMap::default();
        m.push(0..2, 0..10); // "é" as "&eacute;"-like expansion
        assert_eq!(m.map(0), Some(0));
        assert_eq!(m.map(1), Some(5));
    }

    #[test]
    fn overlapping_push_is_ignored() {
        let mut m = OffsetMap::default();
        m.push(0..5, 0..5);
        m.push(3..8, 50..55);
        assert_eq!(m.n_segments(), 1);
        assert!(OffsetMap::default().map(3).is_none());
    }

    #[test]
    fn composition() {
        let mut clean = OffsetMap::default(); // clean -> decoded
        clean.push(0..4, 10..14);
        let mut decoded = OffsetMap::default(); // decoded -> raw (2 raw bytes per char from 12)
        decoded.push(0..12, 0..12);
        decoded.push(12..20, 12..28);
        let both = clean.then(&decoded);
        assert_eq!(both.map(0), Some(10));
        assert_eq!(both.map(1), Some(11));
    }
}
