//! Agreement with the gold tokenisation and sentence boundaries of UD English EWT (dev).
//!
//! Run with `cargo test -p annotate --release -- --ignored --nocapture ewt`. The data is read
//! from `$DOSSIER_EVAL/ud-english-ewt/en_ewt-ud-dev.conllu` (default `../shared/eval`, relative
//! to the workspace root); when it is absent the test says so and passes.

use std::path::PathBuf;

use annotate::{sentences::segment, tokens::tokenize};

fn dev_path() -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let base = std::env::var_os("DOSSIER_EVAL")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/eval"));
    let base = if base.is_absolute() {
        base
    } else {
        root.join(base)
    };
    let path = base.join("ud-english-ewt/en_ewt-ud-dev.conllu");
    if path.exists() {
        Some(path)
    } else {
        println!(
            "skipped: {} is absent (set DOSSIER_EVAL to the folder holding ud-english-ewt)",
            path.display()
        );
        None
    }
}

struct GoldSentence {
    doc: usize,
    paragraph: usize,
    text: String,
    /// Gold token spans, or None when the forms do not line up with the `# text` line.
    spans: Option<Vec<(usize, usize)>>,
}

enum Entry {
    Word(String),
    /// A multiword token: the surface form and its words.
    Range(String, Vec<String>),
}

fn parse(conllu: &str) -> Vec<GoldSentence> {
    let mut out = Vec::new();
    let (mut doc, mut paragraph) = (0usize, 0usize);
    let mut text = String::new();
    let mut entries: Vec<Entry> = Vec::new();
    let mut range_end = 0usize;
    for line in conllu.lines().chain(std::iter::once("")) {
        if line.is_empty() {
            if !text.is_empty() || !entries.is_empty() {
                let spans = align(&text, &entries);
                out.push(GoldSentence {
                    doc,
                    paragraph,
                    text: std::mem::take(&mut text),
                    spans,
                });
                entries.clear();
            }
        } else if line.starts_with("# newdoc") {
            doc += 1;
        } else if line.starts_with("# newpar") {
            paragraph += 1;
        } else if let Some(t) = line.strip_prefix("# text = ") {
            text = t.to_string();
        } else if !line.starts_with('#') {
            let mut cols = line.split('\t');
            let (Some(id), Some(form)) = (cols.next(), cols.next()) else {
                continue;
            };
            if id.contains('.') {
                continue;
            }
            if let Some((_, b)) = id.split_once('-') {
                range_end = b.parse().unwrap_or(0);
                entries.push(Entry::Range(form.to_string(), Vec::new()));
            } else {
                let n: usize = id.parse().unwrap_or(0);
                match entries.last_mut() {
                    Some(Entry::Range(_, words)) if n <= range_end => words.push(form.to_string()),
                    _ => entries.push(Entry::Word(form.to_string())),
                }
            }
        }
    }
    out
}

fn align(text: &str, entries: &[Entry]) -> Option<Vec<(usize, usize)>> {
    let mut spans = Vec::new();
    let mut pos = 0;
    for e in entries {
        while text[pos..].starts_with(char::is_whitespace) {
            pos += text[pos..].chars().next()?.len_utf8();
        }
        let surface = match e {
            Entry::Word(f) | Entry::Range(f, _) => f,
        };
        if !text[pos..].starts_with(surface.as_str()) {
            return None;
        }
        match e {
            Entry::Range(f, words) if words.concat() == *f => {
                for w in words {
                    spans.push((pos, pos + w.len()));
                    pos += w.len();
                }
            }
            _ => {
                spans.push((pos, pos + surface.len()));
                pos += surface.len();
            }
        }
    }
    Some(spans)
}

/// Merges `a - b` written without spaces into one span, as our tokenizer keeps hyphenated words.
fn merge_hyphens(text: &str, spans: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < spans.len() {
        let (s, mut e) = spans[i];
        while i + 2 < spans.len()
            && &text[spans[i + 1].0..spans[i + 1].1] == "-"
            && spans[i + 1].0 == e
            && spans[i + 2].0 == spans[i + 1].1
        {
            e = spans[i + 2].1;
            i += 2;
        }
        out.push((s, e));
        i += 1;
    }
    out
}

#[derive(Default)]
struct Prf {
    gold: usize,
    predicted: usize,
    correct: usize,
}

impl Prf {
    fn add(&mut self, gold: &[(usize, usize)], predicted: &[(usize, usize)]) {
        self.gold += gold.len();
        self.predicted += predicted.len();
        let (mut i, mut j) = (0, 0);
        while i < gold.len() && j < predicted.len() {
            match gold[i].cmp(&predicted[j]) {
                std::cmp::Ordering::Equal => {
                    self.correct += 1;
                    i += 1;
                    j += 1;
                }
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
            }
        }
    }

    fn line(&self, name: &str) -> String {
        let p = self.correct as f64 / self.predicted.max(1) as f64;
        let r = self.correct as f64 / self.gold.max(1) as f64;
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        format!(
            "{name:<40} P {:.4}  R {:.4}  F1 {:.4}  (gold {}, predicted {}, correct {})",
            p, r, f, self.gold, self.predicted, self.correct
        )
    }
}

#[test]
#[ignore = "evaluation: needs ../shared/eval; run with --ignored --nocapture"]
fn ewt_dev_agreement() {
    let Some(path) = dev_path() else { return };
    let conllu = std::fs::read_to_string(&path).unwrap();
    let sentences = parse(&conllu);
    let verbose = std::env::var_os("EWT_VERBOSE").is_some();

    let (mut raw, mut merged) = (Prf::default(), Prf::default());
    let mut misaligned = 0;
    let mut shown = 0;
    for s in &sentences {
        let Some(gold) = &s.spans else {
            misaligned += 1;
            continue;
        };
        let predicted: Vec<(usize, usize)> = tokenize(&s.text)
            .iter()
            .map(|t| (t.span.start as usize, t.span.end as usize))
            .collect();
        raw.add(gold, &predicted);
        merged.add(&merge_hyphens(&s.text, gold), &predicted);
        if verbose && shown < 60 && merge_hyphens(&s.text, gold) != predicted {
            shown += 1;
            let g: Vec<&str> = gold.iter().map(|&(a, b)| &s.text[a..b]).collect();
            let p: Vec<&str> = predicted.iter().map(|&(a, b)| &s.text[a..b]).collect();
            println!("gold: {}\npred: {}\n", g.join("|"), p.join("|"));
        }
    }

    // Sentence boundaries: each document's sentences joined by a space (paragraph breaks lost),
    // and, as a second figure, paragraphs joined by a blank line as our clean text has them.
    let (mut by_space, mut by_paragraph) = (Prf::default(), Prf::default());
    let (mut shown_missed, mut shown_spurious) = (0, 0);
    let mut i = 0;
    while i < sentences.len() {
        let doc = sentences[i].doc;
        let mut j = i;
        while j < sentences.len() && sentences[j].doc == doc {
            j += 1;
        }
        for (prf, paragraphs) in [(&mut by_space, false), (&mut by_paragraph, true)] {
            let mut text = String::new();
            let mut gold = Vec::new();
            for (k, s) in sentences[i..j].iter().enumerate() {
                if k > 0 {
                    let new_paragraph = paragraphs && s.paragraph != sentences[i + k - 1].paragraph;
                    text.push_str(if new_paragraph { "\n\n" } else { " " });
                }
                text.push_str(&s.text);
                gold.push((text.len(), 0));
            }
            gold.pop();
            let tokens = tokenize(&text);
            let mut predicted: Vec<(usize, usize)> = segment(&text, &tokens)
                .iter()
                .map(|s| (s.span.end as usize, 0))
                .collect();
            predicted.pop();
            if verbose && !paragraphs {
                let context = |at: usize| {
                    let a = text.floor_char_boundary(at.saturating_sub(60));
                    let b = text.floor_char_boundary((at + 40).min(text.len()));
                    format!("{} ‖ {}", &text[a..at], &text[at..b])
                };
                for &(p, _) in predicted.iter().filter(|p| !gold.contains(p)) {
                    if shown_spurious < 40 {
                        shown_spurious += 1;
                        println!("spurious boundary: {}", context(p));
                    }
                }
                for &(g, _) in gold.iter().filter(|g| !predicted.contains(g)) {
                    if shown_missed < 20 {
                        shown_missed += 1;
                        println!("missed boundary: {}", context(g));
                    }
                }
            }
            prf.add(&gold, &predicted);
        }
        i = j;
    }

    println!(
        "UD English EWT dev: {} sentences ({} skipped: forms do not match the text line)",
        sentences.len(),
        misaligned
    );
    println!("{}", raw.line("token spans vs gold"));
    println!("{}", merged.line("token spans vs gold, hyphens merged"));
    println!("{}", by_space.line("sentence boundaries, joined by spaces"));
    println!(
        "{}",
        by_paragraph.line("sentence boundaries, paragraphs kept")
    );
}
