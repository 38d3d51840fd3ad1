//! `cargo xtask eval coref [--data DIR] [--split dev|train|both] [--errors N]`: a sanity
//! figure for entity resolution against the coreference chains of GUM (UD English GUM, whose
//! MISC column carries `Entity=` brackets: `(chain-type-...` opens a mention, `chain)` closes
//! it, `(chain-type-...)` is a one-token mention).
//!
//! Each document's text is rebuilt from its tokens (SpaceAfter=No honoured, paragraphs
//! separated by a blank line) and run through the standard annotation pipeline; every
//! document's facts (`engine::reasoning::facts`) then go through `reason::reason` together, so
//! the figure covers the entities annotator's grouping within a document and the corpus-level
//! merges. Gold mentions are kept when they are proper-name mentions (their syntactic head, the
//! token whose head lies outside the span, is PROPN). Our mentions (the entities layer) align
//! to gold mentions by identical span, else to the gold mention whose head token lies inside
//! ours and that best covers ours (most shared characters minus those outside ours). Over
//! aligned mentions of one document, a pair is gold-positive when both are in one gold chain and predicted-positive when both resolve to one corpus entity: pairwise
//! precision, recall and F1, with examples of false merges and missed merges. GUM chains are
//! within documents, so cross-document merges cannot be scored; their number is shown.

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use model::Layer;
use serde_json::Value;

use crate::flag;

const DEFAULT_DATA: &str = "../shared/eval/ud-english-gum";

/// One token of a gold document.
struct Token {
    start: usize,
    end: usize,
    upos: String,
    /// Index (in the document) of the syntactic head, `None` for the root.
    head: Option<usize>,
}

/// A gold mention: tokens `first..=last`, its chain.
#[derive(Clone)]
struct Mention {
    first: usize,
    last: usize,
    chain: String,
    etype: String,
}

struct GoldDoc {
    id: String,
    text: String,
    tokens: Vec<Token>,
    mentions: Vec<Mention>,
}

impl GoldDoc {
    fn span(&self, m: &Mention) -> (usize, usize) {
        (self.tokens.get(m.first).map_or(0, |t| t.start), self.tokens.get(m.last).map_or(0, |t| t.end))
    }

    /// The mention's head: its first token whose head is outside the mention.
    fn head(&self, m: &Mention) -> Option<usize> {
        (m.first..=m.last).find(|&i| self.tokens.get(i).is_some_and(|t| t.head.is_none_or(|h| h < m.first || h > m.last)))
    }

    fn is_named(&self, m: &Mention) -> bool {
        self.head(m).and_then(|h| self.tokens.get(h)).is_some_and(|t| t.upos == "PROPN")
    }
}

/// Parses the `Entity=` value of a MISC column: opened mentions `(chain, type)`, whether each
/// closes on this token, and the chains closed.
fn parse_entity(v: &str) -> (Vec<(String, String, bool)>, Vec<String>) {
    let mut opens = Vec::new();
    let mut closes = Vec::new();
    let b = v.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b.get(i) == Some(&b'(') {
            let rest = v.get(i + 1..).unwrap_or("");
            let len = rest.find(['(', ')']).unwrap_or(rest.len());
            let spec = rest.get(..len).unwrap_or("");
            let closed = rest.as_bytes().get(len) == Some(&b')');
            let mut fields = spec.split('-');
            let chain = fields.next().unwrap_or("").to_string();
            let etype = fields.next().unwrap_or("").to_string();
            opens.push((chain, etype, closed));
            i += 1 + len + usize::from(closed);
        } else {
            let rest = v.get(i..).unwrap_or("");
            let len = rest.find(['(', ')']).unwrap_or(rest.len());
            if rest.as_bytes().get(len) == Some(&b')') {
                closes.push(rest.get(..len).unwrap_or("").to_string());
                i += len + 1;
            } else {
                i += len.max(1);
            }
        }
    }
    (opens, closes)
}

/// The documents of a GUM CoNLL-U file.
fn read_conllu(text: &str) -> Vec<GoldDoc> {
    let mut docs: Vec<GoldDoc> = Vec::new();
    let mut open: HashMap<String, Vec<(usize, String)>> = HashMap::new();
    // Sentence-relative heads, resolved when the sentence ends.
    let mut sentence: Vec<(usize, usize)> = Vec::new();
    let finish_sentence = |doc: Option<&mut GoldDoc>, sentence: &mut Vec<(usize, usize)>| {
        if let Some(d) = doc {
            let base = sentence.first().map_or(0, |s| s.0);
            for &(i, h) in sentence.iter() {
                if let Some(t) = d.tokens.get_mut(i) {
                    t.head = (h > 0).then(|| base + h - 1);
                }
            }
        }
        sentence.clear();
    };
    for line in text.lines() {
        if let Some(id) = line.strip_prefix("# newdoc id = ") {
            finish_sentence(docs.last_mut(), &mut sentence);
            open.clear();
            docs.push(GoldDoc { id: id.trim().to_string(), text: String::new(), tokens: Vec::new(), mentions: Vec::new() });
            continue;
        }
        let Some(doc) = docs.last_mut() else { continue };
        if line.starts_with("# newpar") && !line.starts_with("# newpar_block") {
            if !doc.text.is_empty() && !doc.text.ends_with("\n\n") {
                let trimmed = doc.text.trim_end().len();
                doc.text.truncate(trimmed);
                doc.text.push_str("\n\n");
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        if line.trim().is_empty() {
            finish_sentence(Some(doc), &mut sentence);
            if !doc.text.is_empty() && !doc.text.ends_with(char::is_whitespace) {
                doc.text.push(' ');
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let (Some(id), Some(form), Some(upos), Some(head), Some(misc)) = (cols.first(), cols.get(1), cols.get(3), cols.get(6), cols.get(9)) else { continue };
        if id.contains('-') || id.contains('.') {
            continue;
        }
        let index = doc.tokens.len();
        let start = doc.text.len();
        doc.text.push_str(form);
        let end = doc.text.len();
        if !misc.split('|').any(|m| m == "SpaceAfter=No") {
            doc.text.push(' ');
        }
        doc.tokens.push(Token { start, end, upos: upos.to_string(), head: None });
        sentence.push((index, head.parse().unwrap_or(0)));
        if let Some(v) = misc.split('|').find_map(|m| m.strip_prefix("Entity=")) {
            let (opens, closes) = parse_entity(v);
            for (chain, etype, closed) in opens {
                if closed {
                    doc.mentions.push(Mention { first: index, last: index, chain, etype });
                } else {
                    open.entry(chain).or_default().push((index, etype));
                }
            }
            for chain in closes {
                if let Some((first, etype)) = open.get_mut(&chain).and_then(Vec::pop) {
                    doc.mentions.push(Mention { first, last: index, chain, etype });
                }
            }
        }
    }
    finish_sentence(docs.last_mut(), &mut sentence);
    docs
}

/// One of our mentions aligned to a gold one.
struct Aligned {
    text: String,
    gold_chain: String,
    /// Corpus entity index.
    entity: Option<usize>,
}

#[derive(Default)]
struct Counts {
    gold_named: usize,
    gold_named_chains: usize,
    ours: usize,
    aligned: usize,
    exact: usize,
    pairs_gold: usize,
    pairs_pred: usize,
    pairs_both: usize,
}

pub fn eval(args: &[String]) -> Result<()> {
    let dir = Path::new(flag(args, "--data").unwrap_or(DEFAULT_DATA));
    let split = flag(args, "--split").unwrap_or("both");
    let n_errors: usize = flag(args, "--errors").map(str::parse).transpose().context("--errors takes a number")?.unwrap_or(8);
    let files: Vec<&str> = match split {
        "dev" => vec!["en_gum-ud-dev.conllu"],
        "train" => vec!["en_gum-ud-train.conllu"],
        _ => vec!["en_gum-ud-dev.conllu", "en_gum-ud-train.conllu"],
    };
    let mut gold: Vec<GoldDoc> = Vec::new();
    for f in &files {
        let path = dir.join(f);
        let Ok(text) = std::fs::read_to_string(&path) else {
            println!("eval coref: {} not found; skipped (GUM from UD English GUM is expected there)", path.display());
            return Ok(());
        };
        gold.extend(read_conllu(&text));
    }
    println!("eval coref: GUM {} ({} documents: {}), standard pipeline, then reason over all of them", split, gold.len(), files.join(" + "));

    let pipeline = annotate::Pipeline::standard();
    let started = Instant::now();
    let mut docs = Vec::with_capacity(gold.len());
    for g in &gold {
        let mut doc = crate::events::doc_from_text(&g.id, &g.text);
        pipeline.run(&mut doc);
        docs.push(doc);
    }
    let annotate_s = started.elapsed().as_secs_f64();
    let facts: Vec<reason::DocFacts> = docs.iter().map(engine::reasoning::facts).collect();
    let started = Instant::now();
    let reasoning = reason::reason(&facts, &[]);
    let reason_s = started.elapsed().as_secs_f64();

    // (doc id, local entity) -> corpus entity; split members by surface form.
    let mut whole: HashMap<(&str, u32), usize> = HashMap::new();
    let mut split_members: HashMap<(&str, u32, &str), usize> = HashMap::new();
    for (k, e) in reasoning.entities.iter().enumerate() {
        for m in &e.members {
            if m.only.is_empty() {
                whole.insert((m.doc.as_str(), m.entity), k);
            } else {
                for s in &m.only {
                    split_members.insert((m.doc.as_str(), m.entity, s.as_str()), k);
                }
            }
        }
    }

    let mut c = Counts::default();
    let mut false_merges: HashMap<(String, String), usize> = HashMap::new();
    let mut missed: HashMap<(String, String), usize> = HashMap::new();
    let mut by_type: HashMap<String, usize> = HashMap::new();
    for (g, doc) in gold.iter().zip(&docs) {
        let named: Vec<&Mention> = g.mentions.iter().filter(|m| g.is_named(m)).collect();
        c.gold_named += named.len();
        let mut chains: Vec<&str> = named.iter().map(|m| m.chain.as_str()).collect();
        chains.sort_unstable();
        chains.dedup();
        c.gold_named_chains += chains.len();
        let ours: Vec<&model::Annotation> = doc.annotations.iter().filter(|a| a.layer == Layer::Entities).collect();
        c.ours += ours.len();
        let mut taken = vec![false; named.len()];
        let mut aligned: Vec<Option<usize>> = vec![None; ours.len()];
        // Identical spans first, then heads.
        for (k, a) in ours.iter().enumerate() {
            let span = (a.span.start as usize, a.span.end as usize);
            if let Some(j) = (0..named.len()).find(|&j| !taken[j] && named.get(j).is_some_and(|m| g.span(m) == span)) {
                taken[j] = true;
                aligned[k] = Some(j);
                c.exact += 1;
            }
        }
        for (k, a) in ours.iter().enumerate() {
            if aligned[k].is_some() {
                continue;
            }
            let (s, e) = (a.span.start as usize, a.span.end as usize);
            let best = (0..named.len())
                .filter(|&j| !taken[j])
                .filter_map(|j| named.get(j).map(|m| (j, m)))
                .filter(|(_, m)| g.head(m).and_then(|h| g.tokens.get(h)).is_some_and(|t| t.start >= s && t.end <= e))
                // The gold mention that best covers ours ("the University of Southern Indiana"
                // for "University of Southern Indiana", not the nested "Southern Indiana").
                .max_by_key(|(_, m)| {
                    let (gs, ge) = g.span(m);
                    let overlap = ge.min(e).saturating_sub(gs.max(s)) as i64;
                    let outside = (ge - gs) as i64 - overlap;
                    (overlap - outside, std::cmp::Reverse(gs))
                });
            if let Some((j, _)) = best {
                taken[j] = true;
                aligned[k] = Some(j);
            }
        }
        let mut list: Vec<Aligned> = Vec::new();
        for (k, a) in ours.iter().enumerate() {
            let Some(m) = aligned[k].and_then(|j| named.get(j)) else { continue };
            let text = a.span.text(&doc.text).to_string();
            let local = a.attrs.get("entity").and_then(Value::as_u64).map(|n| n as u32);
            let entity = local.and_then(|n| split_members.get(&(doc.id.as_str(), n, text.as_str())).or_else(|| whole.get(&(doc.id.as_str(), n))).copied());
            *by_type.entry(m.etype.clone()).or_default() += 1;
            list.push(Aligned { text, gold_chain: m.chain.clone(), entity });
        }
        c.aligned += list.len();
        for (i, a) in list.iter().enumerate() {
            for b in list.iter().skip(i + 1) {
                let gold_same = a.gold_chain == b.gold_chain;
                let pred_same = a.entity.is_some() && a.entity == b.entity;
                c.pairs_gold += usize::from(gold_same);
                c.pairs_pred += usize::from(pred_same);
                c.pairs_both += usize::from(gold_same && pred_same);
                let key = || {
                    let (x, y) = if a.text <= b.text { (&a.text, &b.text) } else { (&b.text, &a.text) };
                    (format!("{}: {x}", g.id), y.clone())
                };
                if pred_same && !gold_same {
                    *false_merges.entry(key()).or_default() += 1;
                } else if gold_same && !pred_same {
                    *missed.entry(key()).or_default() += 1;
                }
            }
        }
    }
    let p = c.pairs_both as f64 / c.pairs_pred.max(1) as f64;
    let r = c.pairs_both as f64 / c.pairs_gold.max(1) as f64;
    let f1 = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    let cross: Vec<&reason::resolve::Entity> = reasoning.entities.iter().filter(|e| e.n_documents > 1).collect();

    println!("annotation {annotate_s:.1} s, reason {reason_s:.2} s");
    println!("gold proper-name mentions      {:>7}  in {} chains", c.gold_named, c.gold_named_chains);
    println!("our entity mentions            {:>7}", c.ours);
    println!("aligned mentions               {:>7}  ({} identical spans, {} by head; {:.1}% of gold named mentions)", c.aligned, c.exact, c.aligned - c.exact, 100.0 * c.aligned as f64 / c.gold_named.max(1) as f64);
    let mut types: Vec<(String, usize)> = by_type.into_iter().collect();
    types.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    println!("aligned by gold type           {}", types.iter().map(|(t, n)| format!("{t} {n}")).collect::<Vec<_>>().join(", "));
    println!("pairs (within documents)       gold {}  predicted {}  both {}", c.pairs_gold, c.pairs_pred, c.pairs_both);
    println!("pairwise precision {p:.3}  recall {r:.3}  F1 {f1:.3}");
    println!("false merges {} pairs, missed merges {} pairs", c.pairs_pred - c.pairs_both, c.pairs_gold - c.pairs_both);
    let show = |title: &str, m: &HashMap<(String, String), usize>| {
        let mut v: Vec<(&(String, String), &usize)> = m.iter().collect();
        v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        println!("{title} (most frequent pairs first):");
        for ((a, b), n) in v.into_iter().take(n_errors) {
            println!("  {n:>4} x  {a:?} ~ {b:?}");
        }
    };
    show("false merges", &false_merges);
    show("missed merges", &missed);
    println!("corpus entities across documents: {} (not scored: GUM chains are within documents), e.g. {}", cross.len(), cross.iter().take(n_errors).map(|e| format!("{:?} ({} docs)", e.name, e.n_documents)).collect::<Vec<_>>().join(", "));
    println!(
        "{}",
        serde_json::json!({
            "task": "coref", "split": split, "precision": round(p), "recall": round(r), "f1": round(f1),
            "pairs_gold": c.pairs_gold, "pairs_pred": c.pairs_pred, "pairs_both": c.pairs_both,
            "mentions": c.aligned, "gold_named_mentions": c.gold_named, "gold_named_chains": c.gold_named_chains,
            "docs": gold.len(), "cross_document_entities": cross.len(),
        })
    );
    Ok(())
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# newdoc id = t1\n# newpar\n# text = Mara Tell met Tell.\n\
1\tMara\tMara\tPROPN\tNNP\t_\t3\tnsubj\t_\tEntity=(1-person-new-x-cf1-1-coref\n\
2\tTell\tTell\tPROPN\tNNP\t_\t1\tflat\t_\tEntity=1)\n\
3\tmet\tmeet\tVERB\tVBD\t_\t0\troot\t_\t_\n\
4\tthe\tthe\tDET\tDT\t_\t5\tdet\t_\tEntity=(2-person-new-x-cf1-1-coref\n\
5\tmayor\tmayor\tNOUN\tNN\t_\t3\tobj\t_\tEntity=2)|SpaceAfter=No\n\
6\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n\n\
# text = Tell left.\n\
1\tTell\tTell\tPROPN\tNNP\t_\t2\tnsubj\t_\tEntity=(1-person-giv-x-cf1-1-coref)\n\
2\tleft\tleave\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No\n\
3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n";

    #[test]
    fn reads_text_mentions_and_heads() {
        let docs = read_conllu(SAMPLE);
        assert_eq!(docs.len(), 1);
        let d = &docs[0];
        assert_eq!(d.text.trim_end(), "Mara Tell met the mayor. Tell left.");
        assert_eq!(d.mentions.len(), 3);
        let named: Vec<&Mention> = d.mentions.iter().filter(|m| d.is_named(m)).collect();
        assert_eq!(named.len(), 2, "the mayor is not a name");
        assert!(named.iter().all(|m| m.chain == "1"));
        assert_eq!(&d.text[d.span(named[0]).0..d.span(named[0]).1], "Mara Tell");
        assert_eq!(d.head(named[0]), Some(0));
        // Heads are document indices: "Tell" (6) depends on "left" (7), the root.
        assert_eq!(d.tokens[6].head, Some(7));
        assert_eq!(d.tokens[7].head, None);
    }

    #[test]
    fn parses_nested_entity_brackets() {
        let (opens, closes) = parse_entity("(7-abstract-new-nnnss-cf6-2-coref(3-abstract-giv:act-sssss-cf1-1-coref)");
        assert_eq!(opens, vec![("7".to_string(), "abstract".to_string(), false), ("3".to_string(), "abstract".to_string(), true)]);
        assert!(closes.is_empty());
        let (opens, closes) = parse_entity("7)6)5)4)");
        assert!(opens.is_empty());
        assert_eq!(closes, vec!["7", "6", "5", "4"]);
    }
}
