//! `cargo xtask bench ingest [--docs N] [--threads T]`: throughput and memory of
//! the whole `analyze` pipeline (clean, tokens, sentences, tagger, parser, entities, times, dedup,
//! store) on a generated corpus.
//!
//! The corpus is generated deterministically (fictional news about a fictional country) into a
//! temporary directory: 40% plain-text pages with site boilerplate (3-6 KB), 40% HTML pages of
//! realistic weight (30-50 KB: styles, scripts, menus, "most read" lists, newsletter box,
//! footer around 3-6 KB of article text) and 20% JSON Lines records of plain text. The same corpus is analysed
//! at growing sizes (N/5 then N documents) in one process, and the peak resident memory
//! (VmHWM) is printed after each, so a flat peak shows memory independent of corpus size.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use anyhow::{Context, Result};

use crate::flag;

pub fn ingest(args: &[String]) -> Result<()> {
    let n_docs: usize = flag(args, "--docs").map(str::parse).transpose()?.unwrap_or(10_000);
    let threads: usize = flag(args, "--threads").map(str::parse).transpose()?.unwrap_or(1);
    // `--text-only`: no HTML pages, only text pages and JSON Lines records (the costliest
    // bytes: all of them are article or boilerplate text, none markup).
    let text_only = args.iter().any(|a| a == "--text-only");
    rayon::ThreadPoolBuilder::new().num_threads(threads).build_global().context("thread pool")?;

    let tmp = tempfile::tempdir()?;
    let sizes = [n_docs / 5, n_docs];
    println!("bench ingest: generated corpus{}, {threads} thread(s)", if text_only { " (text only)" } else { "" });
    println!("{:>8}  {:>9}  {:>8}  {:>9}  {:>8}  {:>10}", "docs", "MB", "seconds", "docs/s", "MB/s", "peak MB");
    let mut last = serde_json::Value::Null;
    for (i, &n) in sizes.iter().enumerate() {
        let dir = tmp.path().join(format!("corpus-{i}"));
        let bytes = generate(&dir, n, text_only)?;
        let db = tmp.path().join(format!("bench-{i}.db"));
        let mut store = store::SqliteStore::open(&db)?;
        let options = engine::Options { command: "bench".into(), ..engine::Options::default() };
        let started = Instant::now();
        let summary = engine::analyze(&mut store, vec![dir.clone()], &options, &engine::NoProgress, &AtomicBool::new(false))?;
        let secs = started.elapsed().as_secs_f64();
        anyhow::ensure!(summary.n_stored as usize == n, "stored {} of {n} documents: {:?}", summary.n_stored, summary.diagnostics.first());
        let mb = bytes as f64 / 1e6;
        let peak = peak_rss_mb();
        println!("{:>8}  {:>9.1}  {:>8.2}  {:>9.0}  {:>8.2}  {:>10.1}", n, mb, secs, n as f64 / secs, mb / secs, peak);
        last = serde_json::json!({
            "task": "bench-ingest", "docs": n, "mb": round(mb), "seconds": round(secs),
            "docs_per_s": round(n as f64 / secs), "mb_per_s": round(mb / secs),
            "peak_rss_mb": round(peak), "threads": threads, "text_only": text_only,
            "n_sentences": summary.n_sentences, "n_near_duplicates": summary.n_near_duplicates,
        });
        std::fs::remove_dir_all(&dir).ok();
    }
    println!("{last}");
    Ok(())
}

fn round(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Peak resident set size of this process in MB (Linux `VmHWM`), or 0 where unknown.
fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// A tiny deterministic generator (xorshift), so the corpus is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const SUBJECTS: &[&str] = &[
    "President Tomas Rekker", "The Interior Ministry", "Protesters in Corvinsk", "The Eastern Security Pact",
    "Dr. Ilse Marr of the Port Amsel Institute", "Opposition leader Anja Varga", "Security forces",
    "The U.S. State Department", "Oil workers in Dranmoor", "A government spokesman",
];
const VERBS: &[&str] = &[
    "said on Tuesday that", "warned that", "told reporters that", "denied claims that", "insisted that",
    "announced that", "argued in a statement that",
];
const CLAUSES: &[&str] = &[
    "the state of emergency would remain in force until January 19",
    "at least 164 people had been killed, including 16 security officers",
    "about 2,500 troops had arrived at the airport in Port Amsel",
    "fuel prices would be capped at 50 cents per litre for six months",
    "the internet shutdown had cost the economy $400 million",
    "the former head of the State Protection Committee had been detained",
    "peaceful demonstrators were not to blame for the violence",
    "foreign-trained groups had attacked government buildings",
];
const NAV: &str = "Home | World | Politics | Economy | Opinion | Subscribe | Log in";
const FOOTER: &str = "Read also:\nVeloria's central bank raises rates\nWhat the crisis means for the region\n\nSupport independent journalism. Subscribe to our newsletter.\n\n© 2031 The Amsel Courier. All rights reserved.";

fn article(rng: &mut Rng, i: usize) -> (String, Vec<String>) {
    let title = format!("{} {} (report {i})", rng.pick(SUBJECTS), rng.pick(&["speaks out", "under pressure", "responds", "in focus"]));
    let mut paragraphs = Vec::new();
    let n_par = 6 + rng.below(8) as usize;
    for _ in 0..n_par {
        let mut p = String::new();
        for s in 0..(2 + rng.below(3)) {
            if s > 0 {
                p.push(' ');
            }
            let _ = write!(p, "{} {} {}.", rng.pick(SUBJECTS), rng.pick(VERBS), rng.pick(CLAUSES));
            if rng.below(4) == 0 {
                let _ = write!(p, " \u{201c}We will not allow chaos,\u{201d} the statement said of case {}.", rng.below(100_000));
            }
        }
        paragraphs.push(p);
    }
    (title, paragraphs)
}

/// A news page of realistic weight: news pages carry far more markup, styles, scripts and
/// navigation than article text (CC-NEWS pages average tens of kilobytes of HTML for a few
/// kilobytes of text); these carry about 30 to 50 KB.
fn html_page(rng: &mut Rng, title: &str, paragraphs: &[String]) -> String {
    let mut html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} | The Amsel Courier</title>\
         <meta property=\"og:site_name\" content=\"The Amsel Courier\"><meta property=\"og:title\" content=\"{title}\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><style>"
    );
    for k in 0..(150 + rng.below(100)) {
        let _ = write!(html, ".c{k}{{margin:0 {k}px;padding:{}px;font:14px/1.4 Georgia,serif;color:#{:06x}}}", k % 7, rng.below(0xFFFFFF));
    }
    html.push_str("</style><script>window.dataLayer=window.dataLayer||[];");
    for k in 0..(120 + rng.below(80)) {
        let _ = write!(html, "function t{k}(e){{return dataLayer.push({{event:'view{k}',id:{}}})}};", rng.below(1_000_000));
    }
    html.push_str("</script></head><body><header><div class=\"masthead\">The Amsel Courier</div><nav class=\"main-menu\"><ul>");
    for k in 0..60 {
        let _ = write!(html, "<li class=\"menu-item\"><a href=\"/section/{k}\">Section {k}</a></li>");
    }
    html.push_str("</ul></nav></header><main><article class=\"article\">");
    let _ = write!(html, "<h1>{title}</h1><p class=\"byline\">By Anna Kovac</p><div class=\"share\"><a href=\"#\">Share</a><a href=\"#\">Tweet</a></div>");
    for p in paragraphs {
        let _ = write!(html, "<p>{p}</p>");
    }
    html.push_str("</article><aside class=\"most-read\"><h2>Most read</h2><ol>");
    for k in 0..10 {
        let _ = write!(html, "<li><a href=\"/story/{}\">Story number {k} that everyone is reading</a></li>", rng.below(100_000));
    }
    html.push_str("</ol></aside><div class=\"newsletter\"><p>Sign up for our newsletter.</p><form><input type=\"email\"><button>Subscribe</button></form></div></main><footer><ul>");
    for k in 0..40 {
        let _ = write!(html, "<li><a href=\"/about/{k}\">Footer link {k}</a></li>");
    }
    html.push_str("</ul><p>\u{a9} 2031 The Amsel Courier. All rights reserved.</p></footer></body></html>");
    html
}

/// Writes `n` documents under `dir` and returns their total size in bytes.
pub(crate) fn generate(dir: &Path, n: usize, text_only: bool) -> Result<u64> {
    let mut rng = Rng(0x9E3779B97F4A7C15);
    let mut total = 0u64;
    std::fs::create_dir_all(dir)?;
    // Written as it goes, so the generator's own memory does not grow with the corpus.
    let mut jsonl = std::io::BufWriter::new(std::fs::File::create(dir.join("wire.jsonl"))?);
    for i in 0..n {
        let (title, paragraphs) = article(&mut rng, i);
        let sub = dir.join(format!("{:03}", i / 1000));
        std::fs::create_dir_all(&sub)?;
        let kind = match i % 5 {
            2 | 3 if text_only => 0,
            k => k,
        };
        let body = match kind {
            0 | 1 => {
                let text = format!("{NAV}\n\n{title}\n\nBY ANNA KOVAC\n\n{}\n\n{FOOTER}\n", paragraphs.join("\n\n"));
                std::fs::write(sub.join(format!("{i}.txt")), &text)?;
                text.len()
            }
            2 | 3 => {
                let html = html_page(&mut rng, &title, &paragraphs);
                std::fs::write(sub.join(format!("{i}.html")), &html)?;
                html.len()
            }
            _ => {
                let record = serde_json::json!({
                    "title": title, "text": paragraphs.join("\n\n"), "authors": ["Anna Kovac"],
                    "published": "2031-01-07", "outlet": "Wire", "url": format!("https://wire.example/{i}"),
                });
                let line = record.to_string();
                writeln!(jsonl, "{line}")?;
                line.len() + 1
            }
        };
        total += body as u64;
    }
    jsonl.flush()?;
    Ok(total)
}
