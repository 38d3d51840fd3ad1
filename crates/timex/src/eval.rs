//! Evaluation on TimeML files as TempEval-3 task A gives them (TBAQ-cleaned: TimeBank and
//! AQUAINT). The input is the text inside `<TEXT>` with its tags removed, plus the document
//! creation time (the TIMEX3 with `functionInDocument="CREATION_TIME"`, not scored).
//!
//! Measures follow the official TempEval-3 entity scorer (UzZaman et al. 2013): a system
//! expression and a gold one match *relaxed* when their extents overlap and *strict* when the
//! extents are identical; precision and recall count matched expressions on each side; type
//! and value accuracy are computed over relaxed matches, and "type F1" / "value F1" are those
//! accuracies times the relaxed F1. The official tool aligns expressions through their ids
//! after the TimeML-Normalizer; here the alignment is one-to-one, each gold expression taking
//! the first unused overlapping system expression (an identical extent first).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::{annotate, Date, Timex};

/// A gold expression: byte span in the stripped text, type and value.
#[derive(Clone, Debug)]
pub struct Gold {
    pub start: usize,
    pub end: usize,
    pub kind: String,
    pub value: String,
}

/// One TimeML document: stripped text, DCT, gold expressions.
#[derive(Clone, Debug)]
pub struct Doc {
    pub name: String,
    pub corpus: String,
    pub text: String,
    pub dct: Option<Date>,
    pub gold: Vec<Gold>,
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let at = tag.find(&key)? + key.len();
    let rest = tag.get(at..)?;
    Some(&rest[..rest.find('"')?])
}

fn unescape_into(out: &mut String, s: &str) {
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let ents = [("&amp;", '&'), ("&lt;", '<'), ("&gt;", '>'), ("&quot;", '"'), ("&apos;", '\'')];
        match ents.iter().find(|(e, _)| rest.starts_with(e)) {
            Some((e, c)) => {
                out.push(*c);
                rest = &rest[e.len()..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

/// Parses one TimeML file.
pub fn parse_timeml(name: &str, corpus: &str, xml: &str) -> Option<Doc> {
    let dct = xml.find("functionInDocument=\"CREATION_TIME\"").and_then(|p| {
        let open = xml[..p].rfind("<TIMEX3")?;
        let close = open + xml[open..].find('>')?;
        attr(&xml[open..=close], "value").and_then(Date::parse_iso)
    });
    let body_start = xml.find("<TEXT>")? + "<TEXT>".len();
    let body_end = body_start + xml[body_start..].find("</TEXT>")?;
    let body = &xml[body_start..body_end];
    let mut text = String::with_capacity(body.len());
    let mut gold = Vec::new();
    let mut open: Option<(usize, String, String, bool)> = None;
    let mut rest = body;
    while let Some(lt) = rest.find('<') {
        unescape_into(&mut text, &rest[..lt]);
        let gt = lt + rest[lt..].find('>')?;
        let tag = &rest[lt..=gt];
        if tag.starts_with("<TIMEX3") {
            let kind = attr(tag, "type").unwrap_or("").to_string();
            let value = attr(tag, "value").unwrap_or("").to_string();
            let dct_tag = tag.contains("CREATION_TIME");
            open = Some((text.len(), kind, value, dct_tag));
        } else if tag.starts_with("</TIMEX3") {
            if let Some((start, kind, value, dct_tag)) = open.take() {
                if !dct_tag {
                    gold.push(Gold { start, end: text.len(), kind, value });
                }
            }
        }
        rest = &rest[gt + 1..];
    }
    unescape_into(&mut text, rest);
    Some(Doc { name: name.to_string(), corpus: corpus.to_string(), text, dct, gold })
}

/// Reads every `.tml` file under `dir` (recursively); the corpus of a file is the name of
/// its parent directory.
pub fn load_dir(dir: &Path) -> std::io::Result<Vec<Doc>> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let p: PathBuf = entry?.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "tml") {
                files.push(p);
            }
        }
    }
    files.sort();
    let mut docs = Vec::new();
    for f in files {
        let xml = std::fs::read_to_string(&f)?;
        let corpus = f.parent().and_then(|p| p.file_name()).and_then(|n| n.to_str()).unwrap_or("").to_string();
        let name = f.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string();
        if let Some(doc) = parse_timeml(&name, &corpus, &xml) {
            docs.push(doc);
        }
    }
    Ok(docs)
}

/// Counts over a set of documents.
#[derive(Clone, Debug, Default)]
pub struct Counts {
    pub n_gold: usize,
    pub n_system: usize,
    pub relaxed: usize,
    pub strict: usize,
    pub type_ok: usize,
    pub value_ok: usize,
}

/// The TempEval-3 measures.
#[derive(Clone, Copy, Debug, Default)]
pub struct Scores {
    pub strict_p: f64,
    pub strict_r: f64,
    pub strict_f1: f64,
    pub relaxed_p: f64,
    pub relaxed_r: f64,
    pub relaxed_f1: f64,
    pub type_accuracy: f64,
    pub value_accuracy: f64,
    pub type_f1: f64,
    pub value_f1: f64,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

impl Counts {
    pub fn add(&mut self, o: &Counts) {
        self.n_gold += o.n_gold;
        self.n_system += o.n_system;
        self.relaxed += o.relaxed;
        self.strict += o.strict;
        self.type_ok += o.type_ok;
        self.value_ok += o.value_ok;
    }

    pub fn scores(&self) -> Scores {
        let strict_p = ratio(self.strict, self.n_system);
        let strict_r = ratio(self.strict, self.n_gold);
        let relaxed_p = ratio(self.relaxed, self.n_system);
        let relaxed_r = ratio(self.relaxed, self.n_gold);
        let relaxed_f1 = f1(relaxed_p, relaxed_r);
        let type_accuracy = ratio(self.type_ok, self.relaxed);
        let value_accuracy = ratio(self.value_ok, self.relaxed);
        Scores {
            strict_p,
            strict_r,
            strict_f1: f1(strict_p, strict_r),
            relaxed_p,
            relaxed_r,
            relaxed_f1,
            type_accuracy,
            value_accuracy,
            type_f1: type_accuracy * relaxed_f1,
            value_f1: value_accuracy * relaxed_f1,
        }
    }
}

/// One difference between the system and the gold standard, for error analysis.
#[derive(Clone, Debug)]
pub struct Mismatch {
    pub doc: String,
    pub what: &'static str,
    pub gold: Option<(String, String, String)>,
    pub system: Option<(String, String, String)>,
    pub dct: Option<Date>,
}

impl Mismatch {
    /// A rough cause, for grouping errors: `type` (value right, type wrong), `gold-X` (the
    /// gold value leaves digits unspecified where the system gave them), `part-of-day` (values
    /// differ only by a `TMO`/`TNI` suffix), `granularity` (one value is a prefix of the
    /// other, or one is a year and the other a quarter, week...), `anchor` (same shape, other
    /// date: the wrong reference time or direction), `kind` (a date against a duration,
    /// reference or set), and `missed`, `spurious`, `extent` for extraction errors.
    pub fn cause(&self) -> &'static str {
        let (Some((_, gk, gv)), Some((_, sk, sv))) = (&self.gold, &self.system) else { return self.what };
        if self.what == "extent" {
            return "extent";
        }
        if gv == sv {
            return if gk == sk { "extent" } else { "type" };
        }
        let shape = |v: &str| -> String { v.chars().map(|c| if c.is_ascii_digit() { '9' } else { c }).collect() };
        let strip_pod = |v: &str| -> String {
            match v.rfind('T') {
                Some(p) if v.len() == p + 3 && v[p + 1..].chars().all(|c| c.is_ascii_uppercase()) => v[..p].to_string(),
                _ => v.to_string(),
            }
        };
        let date_like = |v: &str| v.starts_with(|c: char| c.is_ascii_digit() || c == 'X');
        if !date_like(gv) || !date_like(sv) {
            return if gv.starts_with('P') && sv.starts_with('P') { "duration" } else { "kind" };
        }
        if gv.contains('X') && !sv.contains('X') {
            return "gold-X";
        }
        if strip_pod(gv) == strip_pod(sv) {
            return "part-of-day";
        }
        if shape(gv) == shape(sv) {
            return "anchor";
        }
        "granularity"
    }
}

/// Scores one document's system output against its gold expressions.
pub fn score_doc(doc: &Doc, system: &[Timex], errors: Option<&mut Vec<Mismatch>>) -> Counts {
    let mut c = Counts { n_gold: doc.gold.len(), n_system: system.len(), ..Counts::default() };
    let mut used = vec![false; system.len()];
    let mut errs = Vec::new();
    let text = |s: usize, e: usize| doc.text.get(s..e).unwrap_or("").replace('\n', " ");
    for g in &doc.gold {
        let overlaps = |t: &Timex| t.start < g.end && g.start < t.end;
        let pick = (0..system.len())
            .find(|&k| !used[k] && system[k].start == g.start && system[k].end == g.end)
            .or_else(|| (0..system.len()).find(|&k| !used[k] && overlaps(&system[k])));
        let gold_desc = (text(g.start, g.end), g.kind.clone(), g.value.clone());
        match pick {
            Some(k) => {
                used[k] = true;
                let s = &system[k];
                c.relaxed += 1;
                let exact = s.start == g.start && s.end == g.end;
                c.strict += usize::from(exact);
                c.type_ok += usize::from(s.kind.as_str() == g.kind);
                c.value_ok += usize::from(s.value == g.value);
                let sys_desc = (text(s.start, s.end), s.kind.as_str().to_string(), s.value.clone());
                if s.value != g.value || s.kind.as_str() != g.kind {
                    errs.push(Mismatch { doc: doc.name.clone(), what: "value", gold: Some(gold_desc), system: Some(sys_desc), dct: doc.dct });
                } else if !exact {
                    errs.push(Mismatch { doc: doc.name.clone(), what: "extent", gold: Some(gold_desc), system: Some(sys_desc), dct: doc.dct });
                }
            }
            None => errs.push(Mismatch { doc: doc.name.clone(), what: "missed", gold: Some(gold_desc), system: None, dct: doc.dct }),
        }
    }
    for (k, s) in system.iter().enumerate() {
        if !used[k] {
            let overl = doc.gold.iter().any(|g| s.start < g.end && g.start < s.end);
            if overl {
                // Overlaps a gold expression already matched: counts against precision only.
                c.n_system += 0;
            }
            errs.push(Mismatch {
                doc: doc.name.clone(),
                what: "spurious",
                gold: None,
                system: Some((text(s.start, s.end), s.kind.as_str().to_string(), s.value.clone())),
                dct: doc.dct,
            });
        }
    }
    if let Some(e) = errors {
        e.extend(errs);
    }
    c
}

/// Evaluation of a whole directory: counts per corpus and in total, the mismatches and the
/// annotation speed.
pub struct Report {
    pub per_corpus: Vec<(String, Counts)>,
    pub total: Counts,
    pub mismatches: Vec<Mismatch>,
    pub n_docs: usize,
    pub bytes: usize,
    pub seconds: f64,
}

pub fn evaluate(docs: &[Doc]) -> Report {
    let mut per: Vec<(String, Counts)> = Vec::new();
    let mut total = Counts::default();
    let mut mismatches = Vec::new();
    let mut seconds = 0.0;
    let mut bytes = 0;
    // Speed: the median of ten passes over all texts (after one to warm up).
    let mut passes: Vec<f64> = (0..11)
        .map(|_| {
            let t0 = std::time::Instant::now();
            for doc in docs {
                std::hint::black_box(annotate(&doc.text, doc.dct));
            }
            t0.elapsed().as_secs_f64()
        })
        .collect();
    let mut passes = passes.split_off(1);
    passes.sort_by(|a, b| a.total_cmp(b));
    seconds += passes[passes.len() / 2];
    for doc in docs {
        let (system, _) = annotate(&doc.text, doc.dct);
        bytes += doc.text.len();
        let c = score_doc(doc, &system, Some(&mut mismatches));
        total.add(&c);
        match per.iter_mut().find(|(n, _)| *n == doc.corpus) {
            Some((_, pc)) => pc.add(&c),
            None => per.push((doc.corpus.clone(), c)),
        }
    }
    Report { per_corpus: per, total, mismatches, n_docs: docs.len(), bytes, seconds }
}

impl Report {
    /// A readable table, one row per corpus and a total.
    pub fn table(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "{:<10} {:>5} {:>5} | {:>6} {:>6} {:>6} | {:>6} {:>6} {:>6} | {:>6} {:>6} | {:>6} {:>6}", "corpus", "gold", "sys", "st.P", "st.R", "st.F1", "rel.P", "rel.R", "rel.F1", "typeA", "valA", "typeF1", "valF1");
        let rows = self.per_corpus.iter().map(|(n, c)| (n.as_str(), c)).chain(std::iter::once(("total", &self.total)));
        for (name, c) in rows {
            let x = c.scores();
            let _ = writeln!(
                s,
                "{:<10} {:>5} {:>5} | {:>6.4} {:>6.4} {:>6.4} | {:>6.4} {:>6.4} {:>6.4} | {:>6.4} {:>6.4} | {:>6.4} {:>6.4}",
                name, c.n_gold, c.n_system, x.strict_p, x.strict_r, x.strict_f1, x.relaxed_p, x.relaxed_r, x.relaxed_f1, x.type_accuracy, x.value_accuracy, x.type_f1, x.value_f1
            );
        }
        s
    }
}
