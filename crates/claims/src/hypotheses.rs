//! Competing explanations and the analysis-of-competing-hypotheses (ACH) matrix.
//!
//! A hypothesis is an explanation the corpus argues about: an explanation frame of the lexicon
//! (`data/frames.tsv`) that claims speak to, or, for explanations no frame covers, a group of
//! explanation claims from two or more documents. A hypothesis needs more than a single hedged
//! sentence: at least [`MIN_CLAIMS`] claims, one of them unhedged. For each hypothesis every
//! holder's position (holds, rejects, doubts, mixed) is given with its sentences. Rows of the
//! matrix are pieces of evidence (events, quotes, figures) given by the caller; a cell is
//! consistent or inconsistent when a claim speaking to the hypothesis sits in the evidence's
//! sentence or next to it, with that claim's stance, and neutral otherwise.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::extract::{Claim, Kind, Stance};
use crate::group::{self, Item};
use crate::lexicon::Lexicon;

/// Sentences between a piece of evidence and the claim that links it to a hypothesis, at most.
pub const LINK_WINDOW: usize = 1;

/// Claims a hypothesis needs at least.
pub const MIN_CLAIMS: usize = 2;

/// A claim with the document it comes from and its sentence's text.
#[derive(Clone, Debug)]
pub struct Sourced {
    pub doc: String,
    /// The document's label in listings (outlet or title).
    pub source: String,
    pub claim: Claim,
    pub text: String,
}

/// One holder's position on a hypothesis.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Position {
    pub holder: String,
    /// `author`, `speaker` or `reported`.
    pub holder_kind: String,
    pub doc: String,
    pub source: String,
    /// `holds`, `rejects`, `doubts` or `mixed`.
    pub position: String,
    pub hedged: bool,
    /// The sentences, as `(start, end, text)` byte ranges in the document.
    pub evidence: Vec<EvidenceSentence>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct EvidenceSentence {
    pub doc: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// A competing explanation.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Hypothesis {
    /// `H1`, `H2`, ... in order of support.
    pub id: String,
    pub label: String,
    /// The frame id, or `null` for a lexical group.
    pub frame: Option<String>,
    pub n_claims: usize,
    pub n_documents: usize,
    pub positions: Vec<Position>,
}

/// A piece of evidence, a row of the matrix.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Evidence {
    pub id: String,
    /// `event`, `quote` or `figure`.
    pub kind: String,
    pub label: String,
    pub doc: String,
    /// The sentence index in its document.
    pub sentence: usize,
}

/// A cell of the matrix.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Cell {
    pub evidence: String,
    pub hypothesis: String,
    /// `consistent`, `inconsistent` or `neutral` (neutral cells are not listed).
    pub value: String,
    pub link: EvidenceSentence,
}

/// The hypotheses and their matrix.
#[derive(Clone, Debug, Serialize, PartialEq, Default)]
pub struct Matrix {
    pub hypotheses: Vec<Hypothesis>,
    pub evidence: Vec<Evidence>,
    pub cells: Vec<Cell>,
}

impl Matrix {
    /// The value of a cell (`neutral` when none is listed).
    pub fn cell(&self, evidence: &str, hypothesis: &str) -> &str {
        self.cells.iter().find(|c| c.evidence == evidence && c.hypothesis == hypothesis).map_or("neutral", |c| c.value.as_str())
    }
}

/// (claim index, stance) pairs that speak to one hypothesis.
type Support = Vec<(usize, Stance)>;

/// Builds the hypotheses from `claims` and the matrix over `evidence`.
pub fn build(claims: &[Sourced], evidence: &[Evidence]) -> Matrix {
    build_with(claims, evidence, Lexicon::load_default())
}

/// [`build`] with a given lexicon.
pub fn build_with(claims: &[Sourced], evidence: &[Evidence], lex: &Lexicon) -> Matrix {
    let mut candidates: Vec<(String, Option<String>, Support)> = Vec::new();
    for f in &lex.frames {
        let support: Support = claims
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.claim.frames.iter().find(|x| x.frame == f.id).map(|x| (i, x.stance)))
            .collect();
        candidates.push((f.label.clone(), Some(f.id.clone()), support));
    }
    // Explanations no frame covers: lexical groups across documents.
    let loose: Vec<usize> = (0..claims.len())
        .filter(|&i| claims.get(i).is_some_and(|s| s.claim.kind == Kind::Explanation && s.claim.frames.is_empty()))
        .collect();
    let mut doc_ids: BTreeMap<&str, u32> = BTreeMap::new();
    for s in claims {
        let next = doc_ids.len() as u32;
        doc_ids.entry(s.doc.as_str()).or_insert(next);
    }
    let items: Vec<Item<'_>> = loose
        .iter()
        .filter_map(|&i| claims.get(i))
        .map(|s| Item { doc: doc_ids.get(s.doc.as_str()).copied().unwrap_or(0), terms: &s.claim.terms, stance: s.claim.stance, holder: &s.claim.holder.name })
        .collect();
    for g in group::group(&items) {
        let support: Support = g.members.iter().filter_map(|&m| loose.get(m)).filter_map(|&i| claims.get(i).map(|s| (i, s.claim.stance))).collect();
        candidates.push((format!("Explanation: {}", g.terms.join(", ")), None, support));
    }

    let mut hypotheses: Vec<(Hypothesis, Support)> = Vec::new();
    for (label, frame, support) in candidates {
        if support.len() < MIN_CLAIMS || support.iter().all(|&(i, _)| claims.get(i).is_none_or(|s| s.claim.hedged)) {
            continue;
        }
        let positions = positions(claims, &support);
        let n_documents = support.iter().filter_map(|&(i, _)| claims.get(i)).map(|s| s.doc.as_str()).collect::<std::collections::BTreeSet<_>>().len();
        hypotheses.push((Hypothesis { id: String::new(), label, frame, n_claims: support.len(), n_documents, positions }, support));
    }
    hypotheses.sort_by(|a, b| b.0.n_documents.cmp(&a.0.n_documents).then(b.0.n_claims.cmp(&a.0.n_claims)).then(a.0.label.cmp(&b.0.label)));
    for (k, (h, _)) in hypotheses.iter_mut().enumerate() {
        h.id = format!("H{}", k + 1);
    }

    // Cells: the nearest claim on the hypothesis within LINK_WINDOW sentences of the evidence.
    let mut cells = Vec::new();
    let mut rows = Vec::new();
    for e in evidence {
        let mut any = false;
        for (h, support) in &hypotheses {
            let linked = support
                .iter()
                .filter_map(|&(i, st)| claims.get(i).map(|s| (s, st)))
                .filter(|(s, _)| s.doc == e.doc && s.claim.sentence.abs_diff(e.sentence) <= LINK_WINDOW)
                // The nearest claim links; at equal distance the later one (what follows a fact
                // usually comments on it).
                .min_by_key(|(s, _)| (s.claim.sentence.abs_diff(e.sentence), std::cmp::Reverse(s.claim.sentence)));
            if let Some((s, st)) = linked {
                any = true;
                // Reports of one event share its id: the first linked sentence stands.
                if cells.iter().any(|c: &Cell| c.evidence == e.id && c.hypothesis == h.id) {
                    continue;
                }
                cells.push(Cell {
                    evidence: e.id.clone(),
                    hypothesis: h.id.clone(),
                    value: if st == Stance::Asserted { "consistent" } else { "inconsistent" }.to_string(),
                    link: EvidenceSentence { doc: s.doc.clone(), start: s.claim.start, end: s.claim.end, text: s.text.clone() },
                });
            }
        }
        if any && !rows.iter().any(|r: &Evidence| r.id == e.id) {
            rows.push(e.clone());
        }
    }
    Matrix { hypotheses: hypotheses.into_iter().map(|(h, _)| h).collect(), evidence: rows, cells }
}

/// Each holder's position on one hypothesis, holders in order of first appearance.
fn positions(claims: &[Sourced], support: &Support) -> Vec<Position> {
    let mut out: Vec<Position> = Vec::new();
    let mut stances: Vec<Vec<Stance>> = Vec::new();
    for &(i, st) in support {
        let Some(s) = claims.get(i) else { continue };
        let key = (s.doc.as_str(), s.claim.holder.name.as_str());
        let k = match out.iter().position(|p| (p.doc.as_str(), p.holder.as_str()) == key) {
            Some(k) => k,
            None => {
                out.push(Position {
                    holder: s.claim.holder.name.clone(),
                    holder_kind: s.claim.holder.kind.clone(),
                    doc: s.doc.clone(),
                    source: s.source.clone(),
                    position: String::new(),
                    hedged: true,
                    evidence: Vec::new(),
                });
                stances.push(Vec::new());
                out.len() - 1
            }
        };
        if let (Some(p), Some(v)) = (out.get_mut(k), stances.get_mut(k)) {
            v.push(st);
            p.hedged &= s.claim.hedged;
            p.evidence.push(EvidenceSentence { doc: s.doc.clone(), start: s.claim.start, end: s.claim.end, text: s.text.clone() });
        }
    }
    for (p, v) in out.iter_mut().zip(&stances) {
        p.position = position_of(v).to_string();
    }
    out
}

/// One holder's position from the stances of their claims: the clear majority, else `mixed`.
pub fn position_of(stances: &[Stance]) -> &'static str {
    let holds = stances.iter().filter(|s| **s == Stance::Asserted).count();
    let rejects = stances.iter().filter(|s| **s == Stance::Rejected).count();
    let doubts = stances.iter().filter(|s| **s == Stance::Doubted).count();
    if holds > rejects + doubts {
        "holds"
    } else if rejects > holds + doubts {
        "rejects"
    } else if doubts > holds + rejects {
        "doubts"
    } else if holds == 0 {
        if rejects >= doubts { "rejects" } else { "doubts" }
    } else {
        "mixed"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{FrameStance, Holder};

    fn claim(doc: &str, sentence: usize, holder: &str, frame: &str, stance: Stance, hedged: bool) -> Sourced {
        Sourced {
            doc: doc.into(),
            source: doc.into(),
            claim: Claim {
                start: sentence * 10,
                end: sentence * 10 + 9,
                sentence,
                holder: Holder { kind: "author".into(), name: holder.into(), entity: None },
                stance,
                hedged,
                kind: Kind::Explanation,
                cues: vec![],
                frames: vec![FrameStance { frame: frame.into(), stance, cue: String::new(), anaphoric: false }],
                terms: vec![],
            },
            text: format!("sentence {sentence}"),
        }
    }

    #[test]
    fn single_hedge_is_no_hypothesis() {
        let claims = vec![claim("a", 1, "A", "grievance", Stance::Asserted, true)];
        assert!(build(&claims, &[]).hypotheses.is_empty());
        let claims = vec![claim("a", 1, "A", "grievance", Stance::Asserted, true), claim("b", 1, "B", "grievance", Stance::Asserted, true)];
        assert!(build(&claims, &[]).hypotheses.is_empty(), "hedged only");
    }

    #[test]
    fn positions_and_cells() {
        let claims = vec![
            claim("a", 1, "A", "elite_struggle", Stance::Asserted, false),
            claim("b", 3, "B", "elite_struggle", Stance::Rejected, false),
            claim("b", 5, "B", "elite_struggle", Stance::Rejected, true),
        ];
        let ev = vec![
            Evidence { id: "E1".into(), kind: "event".into(), label: "arrest".into(), doc: "a".into(), sentence: 0 },
            Evidence { id: "E2".into(), kind: "event".into(), label: "speech".into(), doc: "b".into(), sentence: 3 },
            Evidence { id: "E3".into(), kind: "event".into(), label: "far".into(), doc: "b".into(), sentence: 9 },
        ];
        let m = build(&claims, &ev);
        assert_eq!(m.hypotheses.len(), 1);
        let h = &m.hypotheses[0];
        assert_eq!(h.positions.iter().map(|p| (p.holder.as_str(), p.position.as_str())).collect::<Vec<_>>(), vec![("A", "holds"), ("B", "rejects")]);
        assert_eq!(m.cell("E1", "H1"), "consistent");
        assert_eq!(m.cell("E2", "H1"), "inconsistent");
        assert_eq!(m.cell("E3", "H1"), "neutral");
        assert_eq!(m.evidence.len(), 2, "rows without a link are left out");
    }

    #[test]
    fn position_majorities() {
        use Stance::*;
        assert_eq!(position_of(&[Asserted, Asserted, Rejected]), "holds");
        assert_eq!(position_of(&[Asserted, Rejected]), "mixed");
        assert_eq!(position_of(&[Doubted]), "doubts");
        assert_eq!(position_of(&[Rejected, Doubted]), "rejects");
    }
}
