//! Claims and competing explanations over the stored corpus, for `dossier hypotheses`, the
//! brief and the JSON export.
//!
//! Claims are extracted per document at analysis time (the `claims` layer); grouping,
//! hypotheses and the ACH matrix are computed here, at query time, from the stored claims and
//! the other layers (events with their corpus clusters, quotes, figures). They depend on the
//! whole corpus and change whenever a document is added, while the computation is cheap (set
//! operations over a few claims per document, no NLP): storing them would only add a
//! recomputation step and a way to be stale.

use std::collections::HashMap;
use std::io::Write;

use claims::hypotheses::{Evidence, Matrix, Sourced};
use model::Doc;
use serde::Serialize;
use store::Store;

use crate::export::{CharOffsets, ExportError};

/// Longest evidence label, in characters.
const LABEL_CHARS: usize = 140;

/// The stored claims of the corpus (originals only: a copy restates its original), with the
/// evidence rows the matrix may use.
#[derive(Debug, Default)]
pub struct Corpus {
    pub claims: Vec<Sourced>,
    pub evidence: Vec<Evidence>,
}

/// The label a document's claims are listed under: its outlet, else its title, else its source.
pub fn source_label(doc: &Doc) -> String {
    doc.meta.outlet.clone().or_else(|| doc.meta.title.clone()).unwrap_or_else(|| doc.source())
}

fn cut(s: &str, n: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= n {
        s
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// The claims of one document as the matrix takes them, with offsets in characters (like every
/// offset the engine hands out) instead of the layer's bytes.
pub fn document_claims(doc: &Doc) -> Vec<Sourced> {
    let source = source_label(doc);
    let mut chars = CharOffsets::new(&doc.text);
    annotate::claims::stored(doc)
        .into_iter()
        .map(|mut claim| {
            let text = doc.text.get(claim.start..claim.end).unwrap_or("").trim().to_string();
            claim.start = chars.at(claim.start);
            claim.end = chars.at(claim.end);
            for c in &mut claim.cues {
                c.start = chars.at(c.start);
                c.end = chars.at(c.end);
            }
            Sourced { doc: doc.id.clone(), source: source.clone(), text, claim }
        })
        .collect()
}

/// The evidence rows of one document: its events (under their corpus event's id when
/// `cluster_of` knows it), quotes and figures.
pub fn document_evidence(doc: &Doc, cluster_of: &HashMap<String, String>) -> Vec<Evidence> {
    let mut out = Vec::new();
    for e in crate::export::document_events(doc) {
        let Some(sentence) = e.sentence else { continue };
        let id = cluster_of.get(&e.id).cloned().unwrap_or_else(|| e.id.clone());
        out.push(Evidence { id, kind: "event".into(), label: cut(e.summary, LABEL_CHARS), doc: doc.id.clone(), sentence });
    }
    for q in crate::export::document_quotes(doc) {
        let Some(sentence) = q.sentence else { continue };
        let who = q.speaker.as_ref().map_or("unnamed source", |s| s.name);
        out.push(Evidence { id: q.id.clone(), kind: "quote".into(), label: cut(&format!("{who}: {}", q.text), LABEL_CHARS), doc: doc.id.clone(), sentence });
    }
    let quantities = crate::export::document_quantities(doc);
    // Figures come with character offsets; sentences with byte offsets.
    let char_starts: Vec<usize> = if quantities.is_empty() { Vec::new() } else { doc.text.char_indices().map(|(i, _)| i).collect() };
    for q in quantities {
        let start = char_starts.get(q.start).copied().unwrap_or(usize::MAX);
        let Some(sentence) = doc.sentences.iter().position(|s| (s.span.start as usize) <= start && start < s.span.end as usize) else {
            continue;
        };
        let what = q.counted.map(|c| format!("{} {c}", q.text)).unwrap_or_else(|| q.text.to_string());
        out.push(Evidence { id: q.id.clone(), kind: "figure".into(), label: cut(&what, LABEL_CHARS), doc: doc.id.clone(), sentence });
    }
    out
}

/// Reads every original document's claims and evidence in one pass over the store.
pub fn load(store: &dyn Store) -> Result<Corpus, crate::Error> {
    load_with(store, &crate::reasoning::load(store)?)
}

/// [`load`] with the corpus picture already computed (the brief has it).
pub fn load_with(store: &dyn Store, reasoning: &reason::Reasoning) -> Result<Corpus, crate::Error> {
    let cluster_of: HashMap<String, String> =
        reasoning.events.iter().flat_map(|c| c.reports.iter().map(move |r| (r.id.to_string(), c.id.to_string()))).collect();
    let mut corpus = Corpus::default();
    store.for_each_document(&mut |doc| {
        if doc.duplicate.is_some() {
            return Ok(());
        }
        let claims = document_claims(&doc);
        if !claims.is_empty() {
            corpus.evidence.extend(document_evidence(&doc, &cluster_of));
        }
        corpus.claims.extend(claims);
        Ok(())
    })?;
    Ok(corpus)
}

/// The competing explanations of the stored corpus and their matrix.
pub fn hypotheses(store: &dyn Store) -> Result<Matrix, crate::Error> {
    let corpus = load(store)?;
    Ok(claims::hypotheses::build(&corpus.claims, &corpus.evidence))
}

/// [`hypotheses`] with the corpus picture already computed.
pub fn hypotheses_with(store: &dyn Store, reasoning: &reason::Reasoning) -> Result<Matrix, crate::Error> {
    let corpus = load_with(store, reasoning)?;
    Ok(claims::hypotheses::build(&corpus.claims, &corpus.evidence))
}

/// A claim as the JSON export writes it (character offsets, like the other arrays).
#[derive(Serialize)]
struct ExportClaim<'a> {
    id: String,
    doc: &'a str,
    start: usize,
    end: usize,
    text: &'a str,
    kind: &'a str,
    stance: &'a str,
    hedged: bool,
    holder: &'a claims::Holder,
    frames: &'a [claims::FrameStance],
    cues: &'a [claims::extract::Cue],
    sentence: usize,
    /// The group of claims saying the same thing in other documents (`G<n>`), if any.
    group: Option<String>,
    /// The group has holders asserting and holders rejecting or doubting it.
    contested: bool,
    evidence: [claims::hypotheses::EvidenceSentence; 1],
}

/// Writes `"claims":[...]` (closing the previous array first, like the export's other
/// arrays): every claim of every original document, with its group across documents.
pub fn write_claims(store: &dyn Store, out: &mut dyn Write) -> Result<(), ExportError> {
    // Grouping needs every claim's terms first; the claims are kept meanwhile (a few per
    // document, with their sentence).
    let mut all: Vec<Sourced> = Vec::new();
    store.for_each_document(&mut |doc| {
        if doc.duplicate.is_none() {
            all.extend(document_claims(&doc));
        }
        Ok(())
    })?;
    let (group_of, contested) = groups(&all);
    write!(out, "\n],\"claims\":[")?;
    let mut first = true;
    let mut per_doc: HashMap<&str, usize> = HashMap::new();
    for (k, s) in all.iter().enumerate() {
        let n = per_doc.entry(s.doc.as_str()).or_default();
        *n += 1;
        let item = ExportClaim {
            id: format!("{}:c{}", s.doc, *n),
            doc: &s.doc,
            start: s.claim.start,
            end: s.claim.end,
            text: &s.text,
            kind: s.claim.kind.as_str(),
            stance: s.claim.stance.as_str(),
            hedged: s.claim.hedged,
            holder: &s.claim.holder,
            frames: &s.claim.frames,
            cues: &s.claim.cues,
            sentence: s.claim.sentence,
            group: group_of.get(&k).map(|g| format!("G{}", g + 1)),
            contested: group_of.get(&k).is_some_and(|g| contested.get(*g).copied().unwrap_or(false)),
            evidence: [claims::hypotheses::EvidenceSentence { doc: s.doc.clone(), start: s.claim.start, end: s.claim.end, text: s.text.clone() }],
        };
        out.write_all(if first { b"\n" } else { b",\n" })?;
        first = false;
        serde_json::to_writer(&mut *out, &item).map_err(std::io::Error::from)?;
    }
    Ok(())
}

/// Groups claims across documents: the group of each claim (by index) and whether each group
/// is contested.
pub fn groups(all: &[Sourced]) -> (HashMap<usize, usize>, Vec<bool>) {
    let mut doc_ids: HashMap<&str, u32> = HashMap::new();
    let items: Vec<claims::group::Item<'_>> = all
        .iter()
        .map(|s| {
            let next = doc_ids.len() as u32;
            let doc = *doc_ids.entry(s.doc.as_str()).or_insert(next);
            claims::group::Item { doc, terms: &s.claim.terms, stance: s.claim.stance, holder: &s.claim.holder.name }
        })
        .collect();
    let groups = claims::group::group(&items);
    let mut of = HashMap::new();
    for (g, group) in groups.iter().enumerate() {
        for &m in &group.members {
            of.insert(m, g);
        }
    }
    (of, groups.iter().map(|g| g.contradiction).collect())
}

/// A hypothesis as the JSON export writes it: its positions and its column of the matrix.
#[derive(Serialize)]
struct ExportHypothesis<'a> {
    #[serde(flatten)]
    hypothesis: &'a claims::hypotheses::Hypothesis,
    cells: Vec<ExportCell<'a>>,
}

#[derive(Serialize)]
struct ExportCell<'a> {
    evidence: &'a str,
    evidence_kind: &'a str,
    evidence_label: &'a str,
    value: &'a str,
    link: &'a claims::hypotheses::EvidenceSentence,
}

/// Writes `"hypotheses":[...]` (closing the previous array first): each competing explanation
/// with each holder's position and its non-neutral cells (offsets in characters; the linking
/// sentence's text is given).
pub fn write_hypotheses(store: &dyn Store, reasoning: &reason::Reasoning, out: &mut dyn Write) -> Result<(), ExportError> {
    let matrix = hypotheses_with(store, reasoning).map_err(|crate::Error::Store(e)| e)?;
    write!(out, "\n],\"hypotheses\":[")?;
    let mut first = true;
    for h in &matrix.hypotheses {
        let cells = matrix
            .cells
            .iter()
            .filter(|c| c.hypothesis == h.id)
            .filter_map(|c| {
                let e = matrix.evidence.iter().find(|e| e.id == c.evidence)?;
                Some(ExportCell { evidence: &e.id, evidence_kind: &e.kind, evidence_label: &e.label, value: &c.value, link: &c.link })
            })
            .collect();
        out.write_all(if first { b"\n" } else { b",\n" })?;
        first = false;
        serde_json::to_writer(&mut *out, &ExportHypothesis { hypothesis: h, cells }).map_err(std::io::Error::from)?;
    }
    Ok(())
}

/// The matrix as Markdown (for `dossier hypotheses` and the brief): the hypotheses with each
/// source's position and a sentence, then the evidence rows with their cells.
pub fn render(matrix: &Matrix, cite: &dyn Fn(&str) -> String, max_rows: usize) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    if matrix.hypotheses.is_empty() {
        let _ = writeln!(out, "No competing explanations found: no explanation is argued by more than a single hedged sentence.");
        return out;
    }
    for h in &matrix.hypotheses {
        let _ = writeln!(out, "### {}: {}", h.id, h.label);
        let _ = writeln!(out);
        let _ = writeln!(out, "{} claims in {} documents.", h.n_claims, h.n_documents);
        let _ = writeln!(out);
        for p in &h.positions {
            let hedge = if p.hedged { ", hedged" } else { "" };
            let who = match p.holder_kind.as_str() {
                "author" => format!("{} (author, {})", p.holder, p.source),
                "reported" => format!("{} (reported in {})", p.holder, p.source),
                _ => format!("{} (quoted in {})", p.holder, p.source),
            };
            let first = p.evidence.first().map(|e| cut(&e.text, 200)).unwrap_or_default();
            let _ = writeln!(out, "- **{}**{hedge}: {who}. “{first}” {}", p.position, cite(&p.doc));
        }
        let _ = writeln!(out);
    }
    if !matrix.evidence.is_empty() {
        let ids: Vec<&str> = matrix.hypotheses.iter().map(|h| h.id.as_str()).collect();
        let _ = writeln!(out, "### Evidence against the explanations");
        let _ = writeln!(out);
        let _ = writeln!(out, "| Evidence | {} |", ids.join(" | "));
        let _ = writeln!(out, "|---|{}", "---|".repeat(ids.len()));
        for e in matrix.evidence.iter().take(max_rows) {
            let cells: Vec<&str> = ids
                .iter()
                .map(|h| match matrix.cell(&e.id, h) {
                    "consistent" => "consistent",
                    "inconsistent" => "inconsistent",
                    _ => "·",
                })
                .collect();
            let _ = writeln!(out, "| {} ({}) {} | {} |", cut(&e.label, 80).replace('|', "/"), e.kind, cite(&e.doc), cells.join(" | "));
        }
        if matrix.evidence.len() > max_rows {
            let _ = writeln!(out, "\n{} more rows in the export.", matrix.evidence.len() - max_rows);
        }
        let _ = writeln!(out);
        let _ = writeln!(out, "A cell is consistent or inconsistent when a claim on the explanation sits in the evidence's sentence or the one before or after, with that claim's stance; · is neutral.");
    }
    out
}
