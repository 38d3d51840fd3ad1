//! `cargo xtask train attribution` and `cargo xtask eval attribution`: the data side of
//! quote and reported-speech attribution (who said what), on PolNeAR.
//!
//! PolNeAR (Newell, Margolin and Ruths 2018) annotates each article with attributions in brat
//! standoff: a `Source` ("a spokesman"), a `Cue` ("said") and a `Content` (what was said), tied by
//! an `E` relation. [`parse_ann`] reads one `.ann` file into [`Attribution`]s whose pieces are
//! byte ranges of the `.txt` (brat offsets are character offsets). Some texts were annotated by
//! several annotators (`<stem>_<annotator>.ann`); we use the first `.ann` in sorted order.
//!
//! `train` runs our linguistic core on the training texts and counts which words head gold cue
//! and source spans, writing the lexicon `crates/attribution/model/cues.tsv` that the extractor
//! compiles in. `eval` runs the standard pipeline on the dev texts and scores the `quotes` layer
//! against the gold attributions (see `docs/attribution-eval.md`).

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use model::{Doc, Layer};
use rayon::prelude::*;

use crate::flag;

const DEFAULT_TRAIN: &str = "../shared/eval/polnear/train";
const DEFAULT_DEV: &str = "../shared/eval/polnear/dev";
/// Minimum counts for a row of the lexicon.
const MIN_CUE: u32 = 2;
const MIN_SOURCE: u32 = 3;

// ---------------------------------------------------------------------------------------------
// Reading PolNeAR
// ---------------------------------------------------------------------------------------------

/// One attribution, gold or predicted: each part is a list of byte ranges into the text
/// (several when the span is discontinuous; empty when the part is absent).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Attribution {
    pub source: Vec<Range<usize>>,
    pub cue: Vec<Range<usize>>,
    pub content: Vec<Range<usize>>,
}

/// Parses a brat `.ann` file of PolNeAR against its text. Offsets are character offsets into
/// `text` and are returned as byte ranges. Malformed lines, unknown roles, spans outside the
/// text and relations to missing spans are reported as warnings naming `file` and the line
/// number, and skipped. Lines that do not start with an annotation id continue the text of the
/// previous `T` line (brat writes a span's text verbatim, newlines included) and are ignored.
pub fn parse_ann(ann: &str, text: &str, file: &str) -> (Vec<Attribution>, Vec<String>) {
    let char_to_byte: Vec<usize> = text.char_indices().map(|(b, _)| b).chain(std::iter::once(text.len())).collect();
    let mut warnings = Vec::new();
    let mut spans: HashMap<&str, Vec<Range<usize>>> = HashMap::new();
    let mut relations: Vec<(usize, &str)> = Vec::new();
    let mut previous_was_span = false;
    for (i, line) in ann.lines().enumerate() {
        let line_no = i + 1;
        let mut warn = |msg: String| warnings.push(format!("{file}:{line_no}: {msg}"));
        if line.trim().is_empty() {
            continue;
        }
        let Some((id, rest)) = line.split_once('\t') else {
            if !previous_was_span {
                warn(format!("not an annotation line: {:?}", clip(line, 60)));
            }
            continue;
        };
        if !is_annotation_id(id) {
            if !previous_was_span {
                warn(format!("not an annotation line: {:?}", clip(line, 60)));
            }
            continue;
        }
        previous_was_span = false;
        match id.as_bytes().first() {
            Some(b'T') => {
                previous_was_span = true;
                let fields = rest.split('\t').next().unwrap_or("");
                let Some((_kind, offsets)) = fields.split_once(' ') else {
                    warn(format!("span {id} without offsets"));
                    continue;
                };
                let mut pieces = Vec::new();
                let mut ok = true;
                for piece in offsets.split(';') {
                    let mut nums = piece.split_whitespace().map(str::parse::<usize>);
                    match (nums.next(), nums.next(), nums.next()) {
                        (Some(Ok(s)), Some(Ok(e)), None) if s <= e => match (char_to_byte.get(s), char_to_byte.get(e)) {
                            (Some(&bs), Some(&be)) => pieces.push(bs..be),
                            _ => {
                                warn(format!("span {id} offsets {s} {e} beyond the text ({} characters)", char_to_byte.len() - 1));
                                ok = false;
                            }
                        },
                        _ => {
                            warn(format!("span {id} has bad offsets {piece:?}"));
                            ok = false;
                        }
                    }
                }
                if ok {
                    pieces.sort_by_key(|r| (r.start, r.end));
                    spans.insert(id, pieces);
                }
            }
            Some(b'E') => relations.push((line_no, rest)),
            // Attributes, notes, other relation kinds: not attribution structure.
            _ => {}
        }
    }
    let mut out = Vec::new();
    for (line_no, rest) in relations {
        let mut warn = |msg: String| warnings.push(format!("{file}:{line_no}: {msg}"));
        let mut attribution = Attribution::default();
        let mut has_anchor = false;
        let mut ok = true;
        for arg in rest.split_whitespace() {
            let Some((role, target)) = arg.split_once(':') else {
                warn(format!("bad relation argument {arg:?}"));
                ok = false;
                continue;
            };
            let Some(pieces) = spans.get(target) else {
                warn(format!("relation refers to unknown span {target}"));
                ok = false;
                continue;
            };
            if role.starts_with("Attribution") {
                has_anchor = true;
            } else if role.starts_with("Content") {
                attribution.content.extend(pieces.iter().cloned());
            } else if role.starts_with("Source") {
                attribution.source.extend(pieces.iter().cloned());
            } else if role.starts_with("Cue") {
                attribution.cue.extend(pieces.iter().cloned());
            } else {
                warn(format!("unknown role {role:?}"));
            }
        }
        if !has_anchor {
            // Not an attribution relation (or one we cannot read): skip silently when the
            // arguments were fine, the warning is already there otherwise.
            if ok {
                warn("relation without an Attribution anchor".to_string());
            }
            continue;
        }
        for part in [&mut attribution.source, &mut attribution.cue, &mut attribution.content] {
            part.sort_by_key(|r| (r.start, r.end));
            part.dedup();
        }
        out.push(attribution);
    }
    out.sort_by_key(|a| (a.content.first().map(|r| r.start), a.cue.first().map(|r| r.start)));
    (out, warnings)
}

/// A brat id: one capital letter (or `#`) and digits.
fn is_annotation_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some('A'..='Z' | '#')) && chars.all(|c| c.is_ascii_digit())
}

/// At most `n` characters of `s`.
pub(crate) fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(n).collect();
        out.push('…');
        out
    }
}

/// One PolNeAR article with its gold attributions.
pub struct GoldDoc {
    pub stem: String,
    pub path: PathBuf,
    pub text: String,
    pub published: Option<String>,
    pub attributions: Vec<Attribution>,
}

/// Reads `dir/text/*.txt` and, for each text, the first `dir/attributions/<stem>_*.ann` in
/// sorted order (texts without annotation are skipped). Publication dates come from
/// `metadata.tsv` in `dir` or its parent. Returns the documents in file-name order and the
/// warnings met.
pub fn load_dir(dir: &Path, limit: Option<usize>) -> Result<(Vec<GoldDoc>, Vec<String>)> {
    let mut warnings = Vec::new();
    let dates = read_dates(dir, &mut warnings);
    let mut anns: HashMap<String, Vec<PathBuf>> = HashMap::new();
    let ann_dir = dir.join("attributions");
    for entry in std::fs::read_dir(&ann_dir).with_context(|| format!("reading {}", ann_dir.display()))? {
        let path = entry?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else { continue };
        let Some(base) = name.strip_suffix(".ann") else { continue };
        let Some((stem, _annotator)) = base.rsplit_once('_') else {
            warnings.push(format!("{}: not named <text>_<annotator>.ann", path.display()));
            continue;
        };
        anns.entry(stem.to_string()).or_default().push(path.clone());
    }
    let text_dir = dir.join("text");
    let mut texts: Vec<PathBuf> = std::fs::read_dir(&text_dir)
        .with_context(|| format!("reading {}", text_dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    texts.sort();
    let mut docs = Vec::new();
    for path in texts {
        if limit.is_some_and(|n| docs.len() >= n) {
            break;
        }
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()).map(str::to_string) else { continue };
        let Some(mut candidates) = anns.remove(&stem) else {
            warnings.push(format!("{}: no annotation file, skipped", path.display()));
            continue;
        };
        candidates.sort();
        let Some(ann_path) = candidates.first() else { continue };
        let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                warnings.push(format!("{}: not UTF-8, decoded lossily (offsets may shift)", path.display()));
                String::from_utf8_lossy(e.as_bytes()).into_owned()
            }
        };
        let ann_bytes = std::fs::read(ann_path).with_context(|| format!("reading {}", ann_path.display()))?;
        let ann = String::from_utf8_lossy(&ann_bytes);
        let (attributions, w) = parse_ann(&ann, &text, &ann_path.display().to_string());
        warnings.extend(w);
        docs.push(GoldDoc { published: dates.get(&stem).cloned(), stem, path, text, attributions });
    }
    Ok((docs, warnings))
}

/// `filename -> publication_date` from PolNeAR's `metadata.tsv`.
fn read_dates(dir: &Path, warnings: &mut Vec<String>) -> HashMap<String, String> {
    let candidates = [dir.join("metadata.tsv"), dir.join("../metadata.tsv")];
    let Some(path) = candidates.iter().find(|p| p.is_file()) else {
        warnings.push(format!("no metadata.tsv in or above {}: documents have no publication date", dir.display()));
        return HashMap::new();
    };
    let Ok(text) = std::fs::read_to_string(path) else {
        warnings.push(format!("{}: unreadable", path.display()));
        return HashMap::new();
    };
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let (Some(name_col), Some(date_col)) = (
        header.iter().position(|h| *h == "filename"),
        header.iter().position(|h| *h == "publication_date"),
    ) else {
        warnings.push(format!("{}: no filename/publication_date columns", path.display()));
        return HashMap::new();
    };
    let mut out = HashMap::new();
    for line in lines {
        let cols: Vec<&str> = line.split('\t').collect();
        if let (Some(name), Some(date)) = (cols.get(name_col), cols.get(date_col)) {
            if !date.is_empty() && *date != "None" {
                out.insert(name.to_string(), date.to_string());
            }
        }
    }
    out
}

/// A [`Doc`] over the raw text with identity offsets, so spans are byte offsets of the `.txt`.
fn make_doc(g: &GoldDoc) -> Doc {
    let meta = model::Metadata { published: g.published.clone(), ..Default::default() };
    Doc::new(
        model::doc_id(g.text.as_bytes()),
        model::Origin::file(g.path.display().to_string()),
        model::Format::Text,
        meta,
        g.text.clone(),
        model::OffsetMap::identity(g.text.len()),
    )
}

// ---------------------------------------------------------------------------------------------
// Train: the cue lexicon
// ---------------------------------------------------------------------------------------------

/// Counts gathered from the training texts.
#[derive(Default)]
struct TrainCounts {
    cue: HashMap<(String, String), u32>,
    source: HashMap<(String, String), u32>,
    total: HashMap<(String, String), u32>,
    cue_deprel: HashMap<String, u32>,
    content_relation: HashMap<String, u32>,
    n_cues: u32,
    n_sources: u32,
    n_tokens: u64,
    /// Gold spans that cover no token of ours.
    n_unaligned: u32,
}

impl TrainCounts {
    fn merge(mut self, other: TrainCounts) -> TrainCounts {
        for (mine, theirs) in [(&mut self.cue, other.cue), (&mut self.source, other.source), (&mut self.total, other.total)] {
            for (k, v) in theirs {
                *mine.entry(k).or_default() += v;
            }
        }
        for (mine, theirs) in [(&mut self.cue_deprel, other.cue_deprel), (&mut self.content_relation, other.content_relation)] {
            for (k, v) in theirs {
                *mine.entry(k).or_default() += v;
            }
        }
        self.n_cues += other.n_cues;
        self.n_sources += other.n_sources;
        self.n_tokens += other.n_tokens;
        self.n_unaligned += other.n_unaligned;
        self
    }
}

/// The linguistic core only: what training needs.
fn syntax_pipeline() -> Result<annotate::Pipeline> {
    annotate::Pipeline::new(vec![
        Box::new(annotate::tokens::Tokens),
        Box::new(annotate::sentences::Sentences),
        Box::new(annotate::pos::Pos),
        Box::new(annotate::syntax::Syntax),
    ])
    .map_err(|e| anyhow::anyhow!("{e}"))
}

/// The annotators of the standard pipeline up to time expressions: the part that was there
/// before quotes, timed separately so the cost of what follows can be told apart.
fn core_pipeline() -> Result<annotate::Pipeline> {
    annotate::Pipeline::new(vec![
        Box::new(annotate::tokens::Tokens),
        Box::new(annotate::sentences::Sentences),
        Box::new(annotate::pos::Pos),
        Box::new(annotate::syntax::Syntax),
        Box::new(annotate::entities::Entities),
        Box::new(annotate::times::Times),
    ])
    .map_err(|e| anyhow::anyhow!("{e}"))
}

/// The syntactic head of a span: among the tokens overlapping any piece, the first whose head
/// lies outside them (or which is a root). `None` when no token overlaps.
fn span_head(doc: &Doc, pieces: &[Range<usize>]) -> Option<usize> {
    let covered = covered_tokens(doc, pieces);
    covered.iter().copied().find(|&i| match doc.analyses.get(i).and_then(|a| a.head) {
        None => true,
        Some(h) => covered.binary_search(&(h as usize)).is_err(),
    })
}

/// Indices of the tokens overlapping any piece, sorted and distinct.
fn covered_tokens(doc: &Doc, pieces: &[Range<usize>]) -> Vec<usize> {
    let mut out = Vec::new();
    for piece in pieces {
        let first = doc.tokens.partition_point(|t| (t.span.end as usize) <= piece.start);
        for (i, t) in doc.tokens.iter().enumerate().skip(first) {
            if (t.span.start as usize) >= piece.end {
                break;
            }
            out.push(i);
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn lemma_key(doc: &Doc, i: usize) -> Option<(String, String)> {
    let a = doc.analyses.get(i)?;
    Some((a.lemma.to_lowercase(), a.upos.as_str().to_string()))
}

/// How the content head relates to the cue head in the dependency tree, e.g. `child:ccomp`
/// (the content head is a `ccomp` dependent of the cue head) or `parent:parataxis` (the cue
/// head is a `parataxis` dependent of the content head).
fn content_relation(doc: &Doc, sentence_of: &[usize], cue: usize, content: usize) -> String {
    let head = |i: usize| doc.analyses.get(i).and_then(|a| a.head).map(|h| h as usize);
    let rel = |i: usize| doc.analyses.get(i).map(|a| a.deprel.as_str().to_string()).unwrap_or_default();
    if cue == content {
        return "same token".into();
    }
    if sentence_of.get(cue) != sentence_of.get(content) {
        return "other sentence".into();
    }
    if head(content) == Some(cue) {
        return format!("child:{}", rel(content));
    }
    if head(cue) == Some(content) {
        return format!("parent:{}", rel(cue));
    }
    if let Some(h) = head(content) {
        if head(h) == Some(cue) {
            return format!("grandchild:{}>{}", rel(h), rel(content));
        }
    }
    if let Some(h) = head(cue) {
        if head(h) == Some(content) {
            return format!("grandparent:{}>{}", rel(h), rel(cue));
        }
        if head(content) == Some(h) {
            return format!("sibling:{}", rel(content));
        }
    }
    "other (same sentence)".into()
}

fn sentence_index(doc: &Doc) -> Vec<usize> {
    let mut out = vec![usize::MAX; doc.tokens.len()];
    for (s, sentence) in doc.sentences.iter().enumerate() {
        for i in sentence.tokens.0 as usize..sentence.tokens.1 as usize {
            if let Some(slot) = out.get_mut(i) {
                *slot = s;
            }
        }
    }
    out
}

fn train_doc(pipeline: &annotate::Pipeline, g: &GoldDoc) -> TrainCounts {
    let mut doc = make_doc(g);
    pipeline.run(&mut doc);
    let mut counts = TrainCounts { n_tokens: doc.tokens.len() as u64, ..Default::default() };
    for i in 0..doc.tokens.len() {
        if let Some(k) = lemma_key(&doc, i) {
            *counts.total.entry(k).or_default() += 1;
        }
    }
    let sentence_of = sentence_index(&doc);
    for a in &g.attributions {
        let cue_head = if a.cue.is_empty() { None } else { span_head(&doc, &a.cue) };
        if !a.cue.is_empty() {
            counts.n_cues += 1;
            match cue_head.and_then(|h| lemma_key(&doc, h).map(|k| (h, k))) {
                Some((h, k)) => {
                    *counts.cue.entry(k).or_default() += 1;
                    let deprel = doc.analyses.get(h).map(|x| x.deprel.as_str().to_string()).unwrap_or_default();
                    *counts.cue_deprel.entry(deprel).or_default() += 1;
                }
                None => counts.n_unaligned += 1,
            }
        }
        if !a.source.is_empty() {
            counts.n_sources += 1;
            match span_head(&doc, &a.source).and_then(|h| lemma_key(&doc, h)) {
                Some(k) => *counts.source.entry(k).or_default() += 1,
                None => counts.n_unaligned += 1,
            }
        }
        if let (Some(cue), false) = (cue_head, a.content.is_empty()) {
            if let Some(content) = span_head(&doc, &a.content) {
                *counts.content_relation.entry(content_relation(&doc, &sentence_of, cue, content)).or_default() += 1;
            }
        }
    }
    counts
}

/// Rows `(lemma, upos, n, n_total)` with `n >= min`, by `n` descending then lemma, upos.
fn lexicon_rows(
    counts: &HashMap<(String, String), u32>,
    total: &HashMap<(String, String), u32>,
    min: u32,
) -> Vec<(String, String, u32, u32)> {
    let mut rows: Vec<(String, String, u32, u32)> = counts
        .iter()
        .filter(|(k, &n)| n >= min && !k.0.is_empty() && !k.0.starts_with('#') && !k.0.contains(['\t', '\n', '\r']))
        .map(|(k, &n)| (k.0.clone(), k.1.clone(), n, total.get(k).copied().unwrap_or(0).max(n)))
        .collect();
    rows.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)).then_with(|| a.1.cmp(&b.1)));
    rows
}

fn render_lexicon(n_articles: usize, counts: &TrainCounts) -> String {
    let mut out = format!(
        "# Cue lexicon learned by `cargo xtask train attribution` from PolNeAR train ({n_articles} articles, {} cues); \
         regenerate with that command. Columns: lemma, upos, n_cue (tokens heading a gold cue span), \
         n_total (tokens with this lemma and part of speech).\n",
        counts.n_cues
    );
    out.push_str("lemma\tupos\tn_cue\tn_total\n");
    for (lemma, upos, n, total) in lexicon_rows(&counts.cue, &counts.total, MIN_CUE) {
        out.push_str(&format!("{lemma}\t{upos}\t{n}\t{total}\n"));
    }
    out.push_str(&format!(
        "# sources\n# Heads of gold source spans ({} sources): lemma, upos, n_source (tokens heading a gold source span), n_total.\n",
        counts.n_sources
    ));
    out.push_str("lemma\tupos\tn_source\tn_total\n");
    for (lemma, upos, n, total) in lexicon_rows(&counts.source, &counts.total, MIN_SOURCE) {
        out.push_str(&format!("{lemma}\t{upos}\t{n}\t{total}\n"));
    }
    out
}

fn top(map: &HashMap<String, u32>, n: usize) -> Vec<(String, u32)> {
    let mut v: Vec<(String, u32)> = map.iter().map(|(k, &c)| (k.clone(), c)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.truncate(n);
    v
}

pub fn train(args: &[String]) -> Result<()> {
    let dir = Path::new(flag(args, "--data").unwrap_or(DEFAULT_TRAIN));
    if !dir.join("text").is_dir() || !dir.join("attributions").is_dir() {
        println!("PolNeAR train data not found at {} (expected text/ and attributions/), skipping", dir.display());
        return Ok(());
    }
    let started = Instant::now();
    let (docs, warnings) = load_dir(dir, None)?;
    report_warnings(&warnings);
    let pipeline = syntax_pipeline()?;
    let counts = docs
        .par_iter()
        .map(|g| train_doc(&pipeline, g))
        .reduce(TrainCounts::default, TrainCounts::merge);
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/attribution/model/cues.tsv");
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    let text = render_lexicon(docs.len(), &counts);
    std::fs::write(&out, &text).with_context(|| format!("writing {}", out.display()))?;
    let n_cue_rows = lexicon_rows(&counts.cue, &counts.total, MIN_CUE).len();
    let n_source_rows = lexicon_rows(&counts.source, &counts.total, MIN_SOURCE).len();
    println!(
        "PolNeAR train: {} articles, {} tokens, {} cues, {} sources ({} gold spans cover no token)",
        docs.len(),
        counts.n_tokens,
        counts.n_cues,
        counts.n_sources,
        counts.n_unaligned
    );
    println!("wrote {} ({n_cue_rows} cue rows, {n_source_rows} source rows, {} bytes)", out.display(), text.len());
    let total_cues: u32 = counts.cue_deprel.values().sum();
    println!("\ndependency relation of the gold cue head (top 20 of {total_cues}):");
    for (rel, n) in top(&counts.cue_deprel, 20) {
        println!("  {rel:<28} {n:>6}  {:>5.1}%", 100.0 * n as f64 / total_cues.max(1) as f64);
    }
    let total_rel: u32 = counts.content_relation.values().sum();
    println!(
        "\ncontent head vs cue head (top 20 of {total_rel}; child:R = content head is an R dependent of the cue head, \
         parent:R = cue head is an R dependent of the content head):"
    );
    for (rel, n) in top(&counts.content_relation, 20) {
        println!("  {rel:<28} {n:>6}  {:>5.1}%", 100.0 * n as f64 / total_rel.max(1) as f64);
    }
    println!("\ntrained in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

fn report_warnings(warnings: &[String]) {
    for w in warnings.iter().take(20) {
        eprintln!("warning: {w}");
    }
    if warnings.len() > 20 {
        eprintln!("warning: ... and {} more", warnings.len() - 20);
    }
}

// ---------------------------------------------------------------------------------------------
// Scoring
// ---------------------------------------------------------------------------------------------

/// Characters trimmed from both ends of a span before exact comparison.
fn is_trimmed(c: char) -> bool {
    c.is_whitespace() || c.is_ascii_punctuation() || "“”‘’«»„‚‹›—–…".contains(c)
}

const QUOTE_MARKS: &str = "\"“”«»‘’";

/// The text of a document with a prefix count of non-space characters, so the non-space
/// characters shared by two spans are counted in constant time.
pub struct ScoredText<'a> {
    text: &'a str,
    /// `nonspace[b]` = number of non-whitespace characters starting before byte `b`.
    nonspace: Vec<u32>,
}

impl<'a> ScoredText<'a> {
    pub fn new(text: &'a str) -> ScoredText<'a> {
        let mut nonspace = Vec::with_capacity(text.len() + 1);
        let mut n = 0u32;
        let mut chars = text.char_indices().peekable();
        for b in 0..=text.len() {
            nonspace.push(n);
            if let Some(&(start, c)) = chars.peek() {
                if start == b {
                    if !c.is_whitespace() {
                        n += 1;
                    }
                    chars.next();
                }
            }
        }
        ScoredText { text, nonspace }
    }

    fn count(&self, r: Range<usize>) -> usize {
        let end = r.end.min(self.text.len());
        let start = r.start.min(end);
        (self.nonspace.get(end).copied().unwrap_or(0) - self.nonspace.get(start).copied().unwrap_or(0)) as usize
    }

    /// Non-space characters shared by two piece lists.
    pub fn overlap(&self, a: &[Range<usize>], b: &[Range<usize>]) -> usize {
        let mut n = 0;
        for x in a {
            for y in b {
                let (s, e) = (x.start.max(y.start), x.end.min(y.end));
                if s < e {
                    n += self.count(s..e);
                }
            }
        }
        n
    }

    /// The canonical form of a piece list for exact comparison: each piece clamped to the text
    /// and to character boundaries, trimmed of whitespace and punctuation (quote marks, dashes)
    /// at both ends, empty pieces dropped, and pieces separated only by such characters merged.
    pub fn normalize(&self, pieces: &[Range<usize>]) -> Vec<Range<usize>> {
        let mut out: Vec<Range<usize>> = Vec::new();
        let mut sorted: Vec<Range<usize>> = pieces.to_vec();
        sorted.sort_by_key(|r| (r.start, r.end));
        for r in sorted {
            let (mut s, mut e) = (self.floor(r.start), self.floor(r.end));
            if s >= e {
                continue;
            }
            let piece = self.text.get(s..e).unwrap_or("");
            let trimmed_start = piece.trim_start_matches(is_trimmed);
            s += piece.len() - trimmed_start.len();
            let trimmed = trimmed_start.trim_end_matches(is_trimmed);
            e = s + trimmed.len();
            if s >= e {
                continue;
            }
            if let Some(last) = out.last_mut() {
                let gap_is_junk = last.end >= s || self.text.get(last.end..s).is_some_and(|g| g.chars().all(is_trimmed));
                if gap_is_junk {
                    last.end = last.end.max(e);
                    continue;
                }
            }
            out.push(s..e);
        }
        out
    }

    /// The largest character boundary `<= b` within the text.
    fn floor(&self, b: usize) -> usize {
        let mut b = b.min(self.text.len());
        while b > 0 && !self.text.is_char_boundary(b) {
            b -= 1;
        }
        b
    }

    fn piece_text(&self, pieces: &[Range<usize>]) -> String {
        pieces.iter().map(|r| self.text.get(self.floor(r.start)..self.floor(r.end)).unwrap_or("")).collect::<Vec<_>>().join(" … ")
    }
}

/// One-to-one matching of units by shared non-space characters, greedy by largest overlap
/// (ties: earlier gold, then earlier prediction). Units with no pieces never match.
pub fn match_overlap(st: &ScoredText, gold: &[Vec<Range<usize>>], pred: &[Vec<Range<usize>>]) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    for (g, gp) in gold.iter().enumerate() {
        for (p, pp) in pred.iter().enumerate() {
            let n = st.overlap(gp, pp);
            if n > 0 {
                pairs.push((n, g, p));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    greedy(pairs.into_iter().map(|(_, g, p)| (g, p)), gold.len(), pred.len())
}

/// One-to-one matching of units whose normalized pieces are equal (and not empty).
pub fn match_exact(st: &ScoredText, gold: &[Vec<Range<usize>>], pred: &[Vec<Range<usize>>]) -> Vec<(usize, usize)> {
    let gold_n: Vec<_> = gold.iter().map(|g| st.normalize(g)).collect();
    let pred_n: Vec<_> = pred.iter().map(|p| st.normalize(p)).collect();
    let mut pairs = Vec::new();
    for (g, gn) in gold_n.iter().enumerate() {
        for (p, pn) in pred_n.iter().enumerate() {
            if !gn.is_empty() && gn == pn {
                pairs.push((g, p));
            }
        }
    }
    greedy(pairs.into_iter(), gold.len(), pred.len())
}

fn greedy(pairs: impl Iterator<Item = (usize, usize)>, n_gold: usize, n_pred: usize) -> Vec<(usize, usize)> {
    let mut gold_used = vec![false; n_gold];
    let mut pred_used = vec![false; n_pred];
    let mut out = Vec::new();
    for (g, p) in pairs {
        if gold_used.get(g).copied().unwrap_or(true) || pred_used.get(p).copied().unwrap_or(true) {
            continue;
        }
        gold_used[g] = true;
        pred_used[p] = true;
        out.push((g, p));
    }
    out.sort_unstable();
    out
}

/// Counts for precision, recall and F1.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Prf {
    pub n_gold: usize,
    pub n_pred: usize,
    pub n_match: usize,
}

impl Prf {
    fn add(&mut self, o: Prf) {
        self.n_gold += o.n_gold;
        self.n_pred += o.n_pred;
        self.n_match += o.n_match;
    }
    pub fn p(&self) -> f64 {
        ratio(self.n_match, self.n_pred)
    }
    pub fn r(&self) -> f64 {
        ratio(self.n_match, self.n_gold)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.p(), self.r());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// Correct out of total.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Accuracy {
    pub n: usize,
    pub correct: usize,
}

impl Accuracy {
    fn add(&mut self, o: Accuracy) {
        self.n += o.n;
        self.correct += o.correct;
    }
    pub(crate) fn record(&mut self, ok: bool) {
        self.n += 1;
        self.correct += usize::from(ok);
    }
    pub fn value(&self) -> f64 {
        ratio(self.correct, self.n)
    }
}

pub(crate) fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Parts of an attribution, in table order.
const PARTS: [&str; 3] = ["source", "cue", "content"];

fn part(a: &Attribution, i: usize) -> &[Range<usize>] {
    match i {
        0 => &a.source,
        1 => &a.cue,
        _ => &a.content,
    }
}

/// Scores of one or more documents.
#[derive(Clone, Debug, Default)]
pub struct Scores {
    /// Per part (source, cue, content): exact and overlap counts.
    pub exact: [Prf; 3],
    pub overlap: [Prf; 3],
    /// Over contents matched by overlap: does the predicted source overlap the gold one.
    pub source_accuracy: Accuracy,
    pub source_accuracy_exact: Accuracy,
    /// Gold direct quotes, and those whose content is matched by overlap.
    pub direct: Prf,
    pub direct_speaker: Accuracy,
    /// Gold attributions whose content no prediction overlaps (indices into the gold list).
    pub missed: Vec<usize>,
    /// Predictions whose content overlaps no gold content.
    pub false_positives: Vec<usize>,
    /// Matched contents with a wrong source: (gold, prediction).
    pub wrong_source: Vec<(usize, usize)>,
}

impl Scores {
    fn add(&mut self, o: &Scores) {
        for i in 0..3 {
            self.exact[i].add(o.exact[i]);
            self.overlap[i].add(o.overlap[i]);
        }
        self.source_accuracy.add(o.source_accuracy);
        self.source_accuracy_exact.add(o.source_accuracy_exact);
        self.direct.add(o.direct);
        self.direct_speaker.add(o.direct_speaker);
    }
}

/// Whether a gold content is a direct quote: it begins or ends (whitespace trimmed) with a
/// quote mark.
pub fn is_direct(text: &str, content: &[Range<usize>]) -> bool {
    let first = content.first().and_then(|r| text.get(r.clone())).unwrap_or("").trim();
    let last = content.last().and_then(|r| text.get(r.clone())).unwrap_or("").trim();
    first.starts_with(|c| QUOTE_MARKS.contains(c)) || last.ends_with(|c| QUOTE_MARKS.contains(c))
}

/// Scores the predictions of one document against its gold attributions.
pub fn score_doc(text: &str, gold: &[Attribution], pred: &[Attribution]) -> Scores {
    let st = ScoredText::new(text);
    let mut s = Scores::default();
    for i in 0..3 {
        // Units are the attributions where the part is present (non-empty once normalized).
        let g_idx: Vec<usize> = (0..gold.len()).filter(|&k| !st.normalize(part(&gold[k], i)).is_empty()).collect();
        let p_idx: Vec<usize> = (0..pred.len()).filter(|&k| !st.normalize(part(&pred[k], i)).is_empty()).collect();
        let g_units: Vec<Vec<Range<usize>>> = g_idx.iter().map(|&k| part(&gold[k], i).to_vec()).collect();
        let p_units: Vec<Vec<Range<usize>>> = p_idx.iter().map(|&k| part(&pred[k], i).to_vec()).collect();
        let exact = match_exact(&st, &g_units, &p_units);
        let overlap = match_overlap(&st, &g_units, &p_units);
        s.exact[i] = Prf { n_gold: g_units.len(), n_pred: p_units.len(), n_match: exact.len() };
        s.overlap[i] = Prf { n_gold: g_units.len(), n_pred: p_units.len(), n_match: overlap.len() };
        if i == 2 {
            let matched: Vec<(usize, usize)> = overlap.iter().map(|&(g, p)| (g_idx[g], p_idx[p])).collect();
            s.missed = g_idx.iter().copied().filter(|g| !matched.iter().any(|m| m.0 == *g)).collect();
            s.false_positives = p_idx.iter().copied().filter(|p| !matched.iter().any(|m| m.1 == *p)).collect();
            let direct: Vec<usize> = g_idx.iter().copied().filter(|&g| is_direct(text, &gold[g].content)).collect();
            s.direct.n_gold = direct.len();
            for &(g, p) in &matched {
                let gs = st.normalize(&gold[g].source);
                let ps = st.normalize(&pred[p].source);
                let ok = match (gs.is_empty(), ps.is_empty()) {
                    (true, true) => true,
                    (false, false) => st.overlap(&gs, &ps) > 0,
                    _ => false,
                };
                let ok_exact = gs == ps;
                s.source_accuracy.record(ok);
                s.source_accuracy_exact.record(ok_exact);
                if !ok {
                    s.wrong_source.push((g, p));
                }
                if direct.contains(&g) {
                    s.direct.n_match += 1;
                    s.direct_speaker.record(ok);
                }
            }
        }
    }
    s
}

// ---------------------------------------------------------------------------------------------
// Eval
// ---------------------------------------------------------------------------------------------

/// Reads the predicted attributions of the `quotes` layer. The contract: `attrs.content` is a
/// list of `[start, end]` byte ranges (the annotation's span when absent), `attrs.cue` and
/// `attrs.source` one `[start, end]` or null.
pub fn predictions(doc: &Doc) -> Vec<Attribution> {
    doc.annotations
        .iter()
        .filter(|a| a.layer == Layer::Quotes)
        .map(|a| {
            let content = match a.attrs.get("content") {
                Some(v) => ranges(v),
                None => Vec::new(),
            };
            let content = if content.is_empty() { vec![a.span.range()] } else { content };
            Attribution {
                content,
                cue: a.attrs.get("cue").map(ranges).unwrap_or_default(),
                source: a.attrs.get("source").map(ranges).unwrap_or_default(),
            }
        })
        .collect()
}

/// `[s, e]` or `[[s, e], ...]` as byte ranges; anything else (null, bad numbers) gives none.
fn ranges(v: &serde_json::Value) -> Vec<Range<usize>> {
    let pair = |v: &serde_json::Value| -> Option<Range<usize>> {
        let a = v.as_array()?;
        let (s, e) = (a.first()?.as_u64()? as usize, a.get(1)?.as_u64()? as usize);
        (a.len() == 2 && s <= e).then_some(s..e)
    };
    if let Some(r) = pair(v) {
        return vec![r];
    }
    v.as_array().map(|xs| xs.iter().filter_map(pair).collect()).unwrap_or_default()
}

/// Per-document result of the evaluation.
struct DocResult {
    scores: Scores,
    n_tokens: usize,
    n_pred: usize,
    seconds: f64,
    /// Error samples: (kind, description).
    errors: Vec<(&'static str, String)>,
    /// Per gold attribution with a content: the lemma/UPOS of its cue head and whether a
    /// prediction overlaps its content (with `--errors` only).
    by_cue: Vec<(String, bool)>,
}

fn describe(st: &ScoredText, doc: &Doc, stem: &str, a: &Attribution) -> String {
    let all: Vec<Range<usize>> = a.source.iter().chain(&a.cue).chain(&a.content).cloned().collect();
    let (lo, hi) = (all.iter().map(|r| r.start).min().unwrap_or(0), all.iter().map(|r| r.end).max().unwrap_or(0));
    let sentences: Vec<&str> = doc
        .sentences
        .iter()
        .filter(|s| (s.span.start as usize) < hi && (s.span.end as usize) > lo)
        .map(|s| s.span.text(&doc.text))
        .collect();
    format!(
        "{stem}\n    source:  {:?}\n    cue:     {:?}\n    content: {:?}\n    | {}",
        clip(&st.piece_text(&a.source), 120),
        clip(&st.piece_text(&a.cue), 60),
        clip(&st.piece_text(&a.content), 200),
        clip(&sentences.join(" ").replace('\n', " "), 600)
    )
}

/// Where to keep analysed documents between runs (`--save-docs DIR`, `--docs DIR`).
#[derive(Clone, Copy, Default)]
struct DocCache<'a> {
    /// Write each analysed document to `DIR/<stem>.json`.
    save: Option<&'a Path>,
    /// Read each document from `DIR/<stem>.json` instead of running the pipeline.
    load: Option<&'a Path>,
}

fn eval_doc(pipeline: &annotate::Pipeline, g: &GoldDoc, want_errors: bool, cache: DocCache<'_>) -> DocResult {
    let started = Instant::now();
    let loaded = cache.load.and_then(|d| std::fs::read(d.join(format!("{}.json", g.stem))).ok()).and_then(|b| serde_json::from_slice::<Doc>(&b).ok());
    let doc = match loaded {
        Some(doc) => doc,
        None => {
            let mut doc = make_doc(g);
            pipeline.run(&mut doc);
            doc
        }
    };
    let seconds = started.elapsed().as_secs_f64();
    if let Some(d) = cache.save {
        if let Err(e) = serde_json::to_vec(&doc).map_err(anyhow::Error::from).and_then(|b| Ok(std::fs::write(d.join(format!("{}.json", g.stem)), b)?)) {
            eprintln!("warning: could not save {}: {e}", g.stem);
        }
    }
    let pred = predictions(&doc);
    let scores = score_doc(&g.text, &g.attributions, &pred);
    let mut errors = Vec::new();
    let mut by_cue = Vec::new();
    if want_errors {
        for (i, a) in g.attributions.iter().enumerate() {
            if a.content.is_empty() {
                continue;
            }
            let lemma = if a.cue.is_empty() { None } else { span_head(&doc, &a.cue) }
                .and_then(|h| lemma_key(&doc, h))
                .map_or_else(|| "(no cue)".to_string(), |(l, u)| format!("{l}/{u}"));
            by_cue.push((lemma, !scores.missed.contains(&i)));
        }
        let st = ScoredText::new(&g.text);
        for &i in &scores.missed {
            if let Some(a) = g.attributions.get(i) {
                errors.push(("miss", describe(&st, &doc, &g.stem, a)));
            }
        }
        for &i in &scores.false_positives {
            if let Some(a) = pred.get(i) {
                errors.push(("false positive", describe(&st, &doc, &g.stem, a)));
            }
        }
        for &(gi, pi) in &scores.wrong_source {
            if let (Some(ga), Some(pa)) = (g.attributions.get(gi), pred.get(pi)) {
                errors.push((
                    "wrong source",
                    format!(
                        "{}\n    predicted source: {:?} (cue {:?})",
                        describe(&st, &doc, &g.stem, ga),
                        st.piece_text(&pa.source),
                        st.piece_text(&pa.cue)
                    ),
                ));
            }
        }
    }
    DocResult { n_tokens: doc.tokens.len(), n_pred: pred.len(), scores, seconds, errors, by_cue }
}

/// `n` items spread evenly over `items` (all when there are fewer), so samples do not all come
/// from the first document.
fn spread<T>(items: &[T], n: usize) -> Vec<&T> {
    if items.len() <= n {
        return items.iter().collect();
    }
    (0..n).filter_map(|i| items.get(i * items.len() / n)).collect()
}

pub fn eval(args: &[String]) -> Result<()> {
    let dir = Path::new(flag(args, "--data").unwrap_or(DEFAULT_DEV));
    if !dir.join("text").is_dir() || !dir.join("attributions").is_dir() {
        println!("PolNeAR data not found at {} (expected text/ and attributions/), skipping", dir.display());
        return Ok(());
    }
    let limit = match flag(args, "--limit") {
        Some(n) => Some(n.parse::<usize>().context("--limit takes a number")?),
        None => None,
    };
    let n_errors = match flag(args, "--errors") {
        Some(n) => n.parse::<usize>().context("--errors takes a number")?,
        None => 0,
    };
    let (docs, warnings) = load_dir(dir, limit)?;
    report_warnings(&warnings);
    if docs.is_empty() {
        println!("no annotated texts under {}, skipping", dir.display());
        return Ok(());
    }
    let pipeline = annotate::Pipeline::standard();
    let names: Vec<&str> = pipeline.describe().iter().map(|d| d.0).collect();
    let base = core_pipeline()?;
    let base_names: Vec<&str> = base.describe().iter().map(|d| d.0).collect();
    let extra: Vec<&str> = names.iter().copied().filter(|n| !base_names.contains(n)).collect();
    let base = (!extra.is_empty()).then_some(&base);
    // Load the models before timing.
    pipeline.run(&mut make_doc(&GoldDoc {
        stem: String::new(),
        path: PathBuf::new(),
        text: "Officials said the dam in Veloria would hold. \"It is safe,\" an engineer added.".into(),
        published: None,
        attributions: Vec::new(),
    }));
    let started = Instant::now();
    let cache = DocCache { save: flag(args, "--save-docs").map(Path::new), load: flag(args, "--docs").map(Path::new) };
    if let Some(d) = cache.save {
        std::fs::create_dir_all(d).with_context(|| format!("creating {}", d.display()))?;
    }
    let results: Vec<DocResult> = docs.par_iter().map(|g| eval_doc(&pipeline, g, n_errors > 0, cache)).collect();
    let wall = started.elapsed().as_secs_f64();
    // A second pass times, per document and back to back, the linguistic core alone and the
    // whole pipeline: the difference is the cost of the annotators after the core (quotes
    // among them), measured under the same machine load.
    // (Not with `--docs`: nothing was run.)
    let stage_times: Option<(f64, f64)> = base.filter(|_| cache.load.is_none()).map(|b| {
        let time = |p: &annotate::Pipeline, g: &GoldDoc| {
            let mut doc = make_doc(g);
            let started = Instant::now();
            p.run(&mut doc);
            started.elapsed().as_secs_f64()
        };
        docs.par_iter().map(|g| (time(b, g), time(&pipeline, g))).reduce(|| (0.0, 0.0), |x, y| (x.0 + y.0, x.1 + y.1))
    });

    let mut total = Scores::default();
    let (mut n_tokens, mut n_pred, mut cpu) = (0usize, 0usize, 0.0f64);
    let mut errors: HashMap<&str, Vec<&String>> = HashMap::new();
    let mut by_cue: HashMap<&str, (usize, usize)> = HashMap::new();
    for r in &results {
        total.add(&r.scores);
        n_tokens += r.n_tokens;
        n_pred += r.n_pred;
        cpu += r.seconds;
        for (kind, e) in &r.errors {
            errors.entry(kind).or_default().push(e);
        }
        for (lemma, found) in &r.by_cue {
            let entry = by_cue.entry(lemma.as_str()).or_insert((0, 0));
            entry.0 += 1;
            entry.1 += usize::from(*found);
        }
    }
    let n_gold: usize = docs.iter().map(|d| d.attributions.len()).sum();
    if n_errors > 0 {
        for (kind, title) in [("miss", "gold contents no prediction overlaps"), ("false positive", "predictions overlapping no gold content"), ("wrong source", "matched contents with a wrong source")] {
            let all = errors.remove(kind).unwrap_or_default();
            println!("== {} of {} {title} ==", n_errors.min(all.len()), all.len());
            for e in spread(&all, n_errors) {
                println!("{kind}: {e}");
            }
            println!();
        }
        let mut rows: Vec<(&str, (usize, usize))> = by_cue.into_iter().collect();
        rows.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
        println!("== content recall (overlap) by the gold cue's head, 25 most frequent ==");
        for (lemma, (n, found)) in rows.iter().take(25) {
            println!("  {lemma:<24} {n:>5} gold  {:>5.1}% found", 100.0 * ratio(*found, *n));
        }
        println!();
    }

    println!(
        "PolNeAR attribution, {} documents ({}; first .ann per text in sorted order), {n_gold} gold attributions, {n_pred} predicted",
        docs.len(),
        dir.display()
    );
    println!("pipeline: {}", names.join(", "));
    println!("{:<10} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7}", "part", "n_gold", "n_pred", "exact P", "R", "F1", "ovl P", "R", "F1");
    for (i, name) in PARTS.iter().enumerate() {
        let (e, o) = (total.exact[i], total.overlap[i]);
        println!(
            "{name:<10} {:>7} {:>7} {:>7.1} {:>7.1} {:>7.1} {:>7.1} {:>7.1} {:>7.1}",
            e.n_gold,
            e.n_pred,
            100.0 * e.p(),
            100.0 * e.r(),
            100.0 * e.f1(),
            100.0 * o.p(),
            100.0 * o.r(),
            100.0 * o.f1()
        );
    }
    println!(
        "source accuracy on {} contents matched by overlap: {:.1}% (overlap), {:.1}% (exact)",
        total.source_accuracy.n,
        100.0 * total.source_accuracy.value(),
        100.0 * total.source_accuracy_exact.value()
    );
    println!(
        "direct quotes: {} gold, content recall {:.1}% (overlap), speaker accuracy {:.1}% on {} matched",
        total.direct.n_gold,
        100.0 * total.direct.r(),
        100.0 * total.direct_speaker.value(),
        total.direct_speaker.n
    );
    let tokens_per_s = n_tokens as f64 / wall.max(1e-9);
    println!(
        "speed: {n_tokens} tokens in {wall:.2} s on {} threads = {:.1} docs/s, {:.0} tokens/s; one core: {:.0} tokens/s",
        rayon::current_num_threads(),
        docs.len() as f64 / wall.max(1e-9),
        tokens_per_s,
        n_tokens as f64 / cpu.max(1e-9)
    );
    if let (Some(b), Some((base_cpu, cpu))) = (base, stage_times) {
        let extra_cpu = (cpu - base_cpu).max(0.0);
        let share = extra_cpu / cpu.max(1e-9);
        let alone = if share < 0.03 {
            "below the timing noise".to_string()
        } else {
            format!("{:.0} tokens/s alone", n_tokens as f64 / extra_cpu.max(1e-9))
        };
        println!(
            "annotators after the linguistic core ({}): about {extra_cpu:.2} s of {cpu:.2} s CPU ({:.1}%), {alone} \
             (whole pipeline minus a run of {} on the same texts, back to back)",
            extra.join(", "),
            100.0 * share,
            b.describe().iter().map(|d| d.0).collect::<Vec<_>>().join(", ")
        );
    }
    let json = serde_json::json!({
        "task": "attribution",
        "content_overlap_f1": r4(total.overlap[2].f1()),
        "content_overlap_p": r4(total.overlap[2].p()),
        "content_overlap_r": r4(total.overlap[2].r()),
        "content_exact_f1": r4(total.exact[2].f1()),
        "source_overlap_f1": r4(total.overlap[0].f1()),
        "source_exact_f1": r4(total.exact[0].f1()),
        "cue_overlap_f1": r4(total.overlap[1].f1()),
        "cue_exact_f1": r4(total.exact[1].f1()),
        "source_accuracy": r4(total.source_accuracy.value()),
        "source_accuracy_exact": r4(total.source_accuracy_exact.value()),
        "direct_recall": r4(total.direct.r()),
        "direct_speaker_accuracy": r4(total.direct_speaker.value()),
        "n_gold": n_gold,
        "n_pred": n_pred,
        "n_docs": docs.len(),
        "tokens_per_s": tokens_per_s.round(),
        "tokens_per_s_one_core": (n_tokens as f64 / cpu.max(1e-9)).round(),
    });
    println!("{json}");
    Ok(())
}

pub(crate) fn r4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Byte range of the `n`-th occurrence (0-based) of `needle` in `text`.
    fn find(text: &str, needle: &str) -> Range<usize> {
        let s = text.find(needle).unwrap();
        s..s + needle.len()
    }

    fn chars(text: &str, needle: &str) -> (usize, usize) {
        let b = text.find(needle).unwrap();
        let s = text[..b].chars().count();
        (s, s + needle.chars().count())
    }

    #[test]
    fn parses_relations_with_char_offsets_on_multibyte_text() {
        let text = "Ménard’s aide said “the dam in Velorá will hold” on Monday.";
        let (ss, se) = chars(text, "Ménard’s aide");
        let (cs, ce) = chars(text, "said");
        let (ts, te) = chars(text, "“the dam in Velorá will hold”");
        let ann = format!(
            "T1\tSource {ss} {se}\tMénard’s aide\nT2\tCue {cs} {ce}\tsaid\nT3\tContent {ts} {te}\t“the dam…”\n\
             T4\tAttribution {cs} {ce}\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
        );
        let (atts, warnings) = parse_ann(&ann, text, "x.ann");
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(atts.len(), 1);
        assert_eq!(atts[0].source, vec![find(text, "Ménard’s aide")]);
        assert_eq!(atts[0].cue, vec![find(text, "said")]);
        assert_eq!(&text[atts[0].content[0].clone()], "“the dam in Velorá will hold”");
    }

    #[test]
    fn discontinuous_spans_no_source_and_second_content() {
        let text = "The plan, officials warned, is doomed. It will fail.";
        let (a, b) = chars(text, "The plan");
        let (c, d) = chars(text, "is doomed");
        let (w0, w1) = chars(text, "warned");
        let (f0, f1) = chars(text, "It will fail");
        let ann = format!(
            "T1\tContent {a} {b};{c} {d}\tThe plan is doomed\nT2\tCue {w0} {w1}\twarned\nT3\tAttribution-no-source {w0} {w1}\twarned\n\
             T5\tContent {f0} {f1}\tIt will fail\nE1\tAttribution-no-source:T3 Cue:T2 Content:T1 Content2:T5 \n"
        );
        let (atts, warnings) = parse_ann(&ann, text, "x.ann");
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(atts[0].content, vec![find(text, "The plan"), find(text, "is doomed"), find(text, "It will fail")]);
        assert!(atts[0].source.is_empty());
    }

    #[test]
    fn malformed_lines_warn_with_file_and_line() {
        let text = "Officials said so.";
        let ann = "T1\tCue 10 14\tsaid\nT2\tCue ten 14\tsaid\nT3\tSource 0 999\tx\ngarbage\nT4\tAttribution 10 14\tsaid\n\
                   E1\tAttribution:T4 Cue:T1 Source:T3\nE2\tCue:T1\nT5\tCue\n";
        let (atts, warnings) = parse_ann(ann, text, "bad.ann");
        // T3 is out of range, so E1 keeps its cue and loses its source.
        assert_eq!(atts.len(), 1);
        assert_eq!(atts[0].cue, vec![10..14]);
        assert!(atts[0].source.is_empty());
        let joined = warnings.join("\n");
        assert!(joined.contains("bad.ann:2:"), "{joined}");
        assert!(joined.contains("bad.ann:3:"), "{joined}");
        assert!(joined.contains("bad.ann:6: relation refers to unknown span T3"), "{joined}");
        assert!(joined.contains("bad.ann:7: relation without an Attribution anchor"), "{joined}");
        assert!(joined.contains("bad.ann:8:"), "{joined}");
        // "garbage" follows a span line: treated as the continuation of its text, no warning.
        assert!(!joined.contains("bad.ann:4:"), "{joined}");
    }

    #[test]
    fn hostile_input_never_panics() {
        let text = "é“x”";
        for ann in [
            "T1\tCue 5 3\tx",
            "T1\tCue 18446744073709551616 2\tx",
            "T1\tCue 0 4\t\nT2\tCue 0 5\t\nE1\tAttribution:T1 Cue:T1 Source:T1 Content:T1",
            "T1\tCue 0 1;;\tx\nE1\t:\tAttribution:",
            "E1\tAttribution:T9\n\t\t\t\nT\t\nT1\t \n#1\tAnnotatorNotes T1\tnote",
        ] {
            let _ = parse_ann(ann, text, "h.ann");
        }
        let (atts, _) = parse_ann("T1\tCue 0 4\tx\nE1\tAttribution:T1 Content:T1", text, "h.ann");
        assert_eq!(atts[0].content, vec![0..text.len()], "offset = number of characters is the end of the text");
        let s = score_doc(text, &[], &[Attribution { source: vec![Range { start: 9, end: 2 }], cue: vec![Range { start: 1, end: 2 }], content: vec![Range { start: 0, end: 100 }] }]);
        assert_eq!(s.overlap[2].n_pred, 1);
    }

    #[test]
    fn garbage_first_line_warns() {
        let (atts, warnings) = parse_ann("hello world\n\u{0}\t\t\n", "abc", "g.ann");
        assert!(atts.is_empty());
        assert_eq!(warnings.len(), 2, "{warnings:?}");
    }

    #[test]
    fn normalize_trims_punctuation_and_quotes_and_merges() {
        let text = "He said: “We will win, ” and left.";
        let st = ScoredText::new(text);
        let quoted = find(text, "“We will win, ”");
        assert_eq!(st.normalize(std::slice::from_ref(&quoted)), vec![find(text, "We will win")]);
        let we = find(text, "“We will");
        let win = find(text, "win, ”");
        assert_eq!(st.normalize(&[win, we]), vec![find(text, "We will win")], "pieces split by a space merge");
        assert!(st.normalize(&[find(text, ": “")]).is_empty());
        // Ranges off the text or inside a character never panic.
        #[allow(clippy::reversed_empty_ranges)]
        let _ = st.normalize(&[0..999, 10..11, 5..2]);
    }

    fn att(source: Option<Range<usize>>, cue: Option<Range<usize>>, content: Vec<Range<usize>>) -> Attribution {
        Attribution { source: source.into_iter().collect(), cue: cue.into_iter().collect(), content }
    }

    #[test]
    fn exact_and_overlap_scores() {
        let text = "The minister said the dam will hold. “It is safe,” an engineer added. Rain fell.";
        let gold = vec![
            att(Some(find(text, "The minister")), Some(find(text, "said")), vec![find(text, "the dam will hold")]),
            att(Some(find(text, "an engineer")), Some(find(text, "added")), vec![find(text, "“It is safe,”")]),
        ];
        let pred = vec![
            // Exact content (trailing period trimmed), source overlaps but is not exact.
            att(Some(find(text, "minister")), Some(find(text, "said")), vec![find(text, "the dam will hold.")]),
            // Content overlaps the quote without its marks: exact after trimming too.
            att(None, Some(find(text, "added")), vec![find(text, "It is safe")]),
            // A false positive.
            att(None, None, vec![find(text, "Rain fell")]),
        ];
        let s = score_doc(text, &gold, &pred);
        assert_eq!(s.overlap[2], Prf { n_gold: 2, n_pred: 3, n_match: 2 });
        assert_eq!(s.exact[2], Prf { n_gold: 2, n_pred: 3, n_match: 2 });
        assert_eq!(s.overlap[0], Prf { n_gold: 2, n_pred: 1, n_match: 1 });
        assert_eq!(s.exact[0], Prf { n_gold: 2, n_pred: 1, n_match: 0 });
        assert_eq!(s.exact[1], Prf { n_gold: 2, n_pred: 2, n_match: 2 });
        assert_eq!(s.source_accuracy, Accuracy { n: 2, correct: 1 });
        assert_eq!(s.source_accuracy_exact, Accuracy { n: 2, correct: 0 });
        assert_eq!(s.direct, Prf { n_gold: 1, n_pred: 0, n_match: 1 });
        assert_eq!(s.direct_speaker, Accuracy { n: 1, correct: 0 }, "gold has a speaker, prediction none");
        assert_eq!(s.false_positives, vec![2]);
        assert!(s.missed.is_empty());
        assert_eq!(s.wrong_source, vec![(1, 1)]);
        let p = s.overlap[2];
        assert!((p.p() - 2.0 / 3.0).abs() < 1e-9 && (p.r() - 1.0).abs() < 1e-9 && (p.f1() - 0.8).abs() < 1e-9);
    }

    #[test]
    fn overlap_matching_is_one_to_one_and_greedy_by_size() {
        let text = "aaaa bbbb cccc dddd";
        let st = ScoredText::new(text);
        // One prediction covering two gold spans matches only one, the larger overlap.
        let gold = vec![vec![0..4], vec![5..14]];
        let pred = vec![vec![2..14]];
        assert_eq!(match_overlap(&st, &gold, &pred), vec![(1, 0)]);
        // Two predictions on one gold: only one matches.
        let gold = vec![vec![0..9]];
        let pred = vec![vec![0..2], vec![3..9]];
        assert_eq!(match_overlap(&st, &gold, &pred), vec![(0, 1)]);
        // Sharing only a space is no overlap.
        let gold = vec![vec![0..5]];
        let pred = vec![vec![4..5]];
        assert!(match_overlap(&st, &gold, &pred).is_empty());
        // Greedy by size beats first-come: gold 0 could take pred 0, but pred 0 overlaps gold 1 more.
        let gold = vec![vec![0..9], vec![5..19]];
        let pred = vec![vec![3..19], vec![0..4]];
        assert_eq!(match_overlap(&st, &gold, &pred), vec![(0, 1), (1, 0)]);
    }

    #[test]
    fn exact_matching_is_one_to_one() {
        let text = "said said";
        let st = ScoredText::new(text);
        let gold = vec![vec![0..4]];
        let pred = vec![vec![0..4], vec![0..4]];
        assert_eq!(match_exact(&st, &gold, &pred), vec![(0, 0)]);
    }

    #[test]
    fn both_sources_absent_is_correct() {
        let text = "It is feared that the dam will break.";
        let gold = vec![att(None, Some(find(text, "It is feared")), vec![find(text, "the dam will break")])];
        let pred = vec![att(None, Some(find(text, "feared")), vec![find(text, "that the dam will break")])];
        let s = score_doc(text, &gold, &pred);
        assert_eq!(s.source_accuracy, Accuracy { n: 1, correct: 1 });
        assert_eq!(s.source_accuracy_exact, Accuracy { n: 1, correct: 1 });
        assert_eq!(s.exact[2].n_match, 0, "\"that\" makes the spans differ");
        assert_eq!(s.overlap[2].n_match, 1);
        assert_eq!(s.exact[0], Prf::default());
    }

    #[test]
    fn reads_predictions_from_the_quotes_layer() {
        let text = "Officials said “all is well” today.".to_string();
        let mut doc = Doc::new("d".into(), model::Origin::file("x"), model::Format::Text, Default::default(), text.clone(), model::OffsetMap::identity(text.len()));
        let content = find(&text, "“all is well”");
        doc.annotations.push(model::Annotation {
            layer: Layer::Quotes,
            span: model::Span::new(content.start, content.end),
            label: "direct".into(),
            attrs: serde_json::json!({"content": [[content.start, content.end]], "cue": [10, 14], "source": null, "speaker": {"entity": null, "name": null}}),
            provenance: model::Provenance { annotator: "quotes".into(), version: 1 },
        });
        doc.annotations.push(model::Annotation {
            layer: Layer::Entities,
            span: model::Span::new(0, 9),
            label: "ORG".into(),
            attrs: serde_json::Value::Null,
            provenance: model::Provenance { annotator: "entities".into(), version: 1 },
        });
        let p = predictions(&doc);
        assert_eq!(p, vec![Attribution { source: vec![], cue: std::iter::once(10..14).collect(), content: vec![content] }]);
        assert_eq!(ranges(&serde_json::json!([[1, 2], "x", [5, 3], [4, 6]])), vec![1..2, 4..6]);
    }

    #[test]
    fn direct_quote_detection() {
        let text = " “We won.” He said we won. ‘Maybe’";
        assert!(is_direct(text, &[find(text, " “We won.” ")]));
        assert!(!is_direct(text, &[find(text, "we won")]));
        assert!(is_direct(text, &[find(text, "Maybe’")]));
    }

    #[test]
    fn lexicon_rows_are_sorted_and_filtered() {
        let key = |l: &str, u: &str| (l.to_string(), u.to_string());
        let counts: HashMap<_, _> = [(key("say", "VERB"), 9), (key("add", "VERB"), 3), (key("according", "VERB"), 3), (key("tell", "VERB"), 1), (key("#", "SYM"), 5)].into_iter().collect();
        let total: HashMap<_, _> = [(key("say", "VERB"), 10), (key("add", "VERB"), 30)].into_iter().collect();
        let rows = lexicon_rows(&counts, &total, 2);
        assert_eq!(
            rows,
            vec![
                ("say".into(), "VERB".into(), 9, 10),
                ("according".into(), "VERB".into(), 3, 3),
                ("add".into(), "VERB".into(), 3, 30)
            ]
        );
    }
}
