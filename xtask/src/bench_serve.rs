//! `cargo xtask bench serve [--docs N] [--clients C] [--seconds S] [--db PATH] [--threads T]`:
//! the HTTP API under concurrent load (issue 8).
//!
//! Builds a store of N generated documents (default 10,000; the corpus of `bench ingest`,
//! analysed by the whole pipeline on T threads; `--db PATH` keeps the store there and reuses
//! it on the next run), starts `dossier serve` in-process on a loopback port, and drives each
//! endpoint in turn with C concurrent clients (default 50) for S seconds (default 20): each
//! client is a thread with one keep-alive HTTP/1.1 connection, sending the next request when
//! the previous answer has been read. Endpoints: `/api/timeline` (pages, and date windows),
//! `/api/search` (words common to most documents, repeated so that the server's answer cache
//! serves them, then thousands of distinct common-word and rare-word queries that miss it),
//! `/api/entities?q=`.
//! Prints requests per second, latency p50/p99/max and errors per endpoint, then one JSON line.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::flag;

pub fn run(args: &[String]) -> Result<()> {
    let n_docs: usize = flag(args, "--docs").map(str::parse).transpose().context("--docs takes a number")?.unwrap_or(10_000);
    let clients: usize = flag(args, "--clients").map(str::parse).transpose().context("--clients takes a number")?.unwrap_or(50);
    let seconds: f64 = flag(args, "--seconds").map(str::parse).transpose().context("--seconds takes a number")?.unwrap_or(20.0);
    let threads: usize = flag(args, "--threads").map(str::parse).transpose().context("--threads takes a number")?.unwrap_or(2);
    let tmp = tempfile::tempdir()?;
    let db = flag(args, "--db").map(PathBuf::from).unwrap_or_else(|| tmp.path().join("bench.db"));
    prepare(&db, n_docs, threads, tmp.path())?;

    let started = Instant::now();
    let server = server::start(server::Config { db: db.clone(), listen: "127.0.0.1:0".into(), token: None, quiet: true })?;
    let load_s = started.elapsed().as_secs_f64();
    let addr = server.addr;
    let stats = fetch_json(addr, "/api/stats")?;
    let n_events = fetch_json(addr, "/api/timeline?limit=1")?["total"].as_u64().unwrap_or(0);
    println!(
        "bench serve: {} documents, {} entities, {} events ({n_events} dated) at http://{addr}/ (picture loaded in {load_s:.2} s); {clients} clients, {seconds} s per endpoint",
        stats["n_documents"], stats["n_entities"], stats["n_events"]
    );
    let entities = fetch_json(addr, "/api/entities?limit=40")?;
    let names: Vec<String> = entities["items"].as_array().map(|a| a.iter().filter_map(|e| e["name"].as_str()).map(str::to_string).collect()).unwrap_or_default();

    let timeline: Vec<String> = (0..64)
        .map(|k| {
            if k % 4 == 3 {
                format!("/api/timeline?from=2031-01-{:02}&to=2031-01-{:02}&limit=50", 1 + k % 20, 5 + k % 20)
            } else {
                format!("/api/timeline?limit=50&offset={}", (k * 50) as u64 % n_events.max(1))
            }
        })
        .collect();
    let common: Vec<String> = ["rekker", "troops%20airport", "fuel%20prices", "corvinsk", "state%20of%20emergency", "security%20forces"]
        .iter()
        .enumerate()
        .map(|(k, q)| format!("/api/search?q={q}&limit=20&offset={}", (k % 3) * 20))
        .collect();
    // Uncached: the server keeps the last 512 answers, so these passes send thousands of
    // distinct queries (and pages), each client starting at its own share of the list: nearly
    // every request is a miss that runs the full-text search.
    // Common words: one or two words of the generated texts' vocabulary, most of them found in
    // nearly every document, pages 1 to 8.
    const VOCABULARY: [&str; 26] = [
        "rekker", "ministry", "corvinsk", "pact", "marr", "varga", "security", "state", "dranmoor", "spokesman", "emergency", "killed",
        "troops", "airport", "fuel", "internet", "detained", "demonstrators", "attacked", "chaos", "warned", "reporters", "denied",
        "insisted", "announced", "statement",
    ];
    let mut common_uncached = Vec::new();
    for (i, a) in VOCABULARY.iter().enumerate() {
        for b in std::iter::once(None).chain(VOCABULARY[i + 1..].iter().map(Some)) {
            let q = b.map_or_else(|| a.to_string(), |b| format!("{a}%20{b}"));
            common_uncached.extend((0..8).map(|page| format!("/api/search?q={q}&limit=20&offset={}", page * 20)));
        }
    }
    // Rare words: the case numbers in the generated quotes and the report numbers in titles.
    let rare: Vec<String> = (0..4000).map(|k| if k % 2 == 0 { format!("/api/search?q={}&limit=20", 1000 + k * 1543 % 99_000) } else { format!("/api/search?q=report%20{}", k * 151 % n_docs.max(1)) }).collect();
    let entity_queries: Vec<String> = names
        .iter()
        .flat_map(|n| {
            let lower = n.to_lowercase();
            let short: String = lower.chars().take(4).collect();
            [lower, short]
        })
        .map(|q| format!("/api/entities?q={}&limit=20", encode(&q)))
        .collect();

    let endpoints: Vec<(&str, Vec<String>)> = vec![
        ("/api/timeline", timeline),
        ("/api/search (common, cached)", common),
        ("/api/search (common, uncached)", common_uncached),
        ("/api/search (rare, uncached)", rare),
        ("/api/entities?q=", entity_queries),
    ];
    println!("{:<32} {:>9} {:>10} {:>9} {:>9} {:>9} {:>7}", "endpoint", "requests", "req/s", "p50 ms", "p99 ms", "max ms", "errors");
    let mut results = Vec::new();
    for (name, paths) in &endpoints {
        if paths.is_empty() {
            bail!("no requests for {name}");
        }
        let r = drive(addr, paths, clients, Duration::from_secs_f64(seconds));
        println!("{:<32} {:>9} {:>10.0} {:>9.2} {:>9.2} {:>9.2} {:>7}", name, r.n, r.rps, r.p50, r.p99, r.max, r.errors);
        results.push(serde_json::json!({ "endpoint": name, "requests": r.n, "rps": round(r.rps), "p50_ms": round(r.p50), "p99_ms": round(r.p99), "max_ms": round(r.max), "errors": r.errors }));
    }
    server.stop();
    let ok = results.iter().all(|r| r["p99_ms"].as_f64().unwrap_or(f64::MAX) < 50.0 && r["errors"] == 0);
    println!(
        "{}",
        serde_json::json!({ "bench": "serve", "docs": stats["n_documents"], "clients": clients, "seconds": seconds, "endpoints": results, "target_met": ok })
    );
    Ok(())
}

/// Makes sure `db` holds (at least) `n` analysed documents, generating and analysing the
/// `bench ingest` corpus when it holds none.
fn prepare(db: &std::path::Path, n: usize, threads: usize, tmp: &std::path::Path) -> Result<()> {
    let mut store = store::SqliteStore::open(db)?;
    let have = store::Store::stats(&store)?.n_documents;
    if have > 0 {
        println!("bench serve: reusing {} ({have} documents)", db.display());
        return Ok(());
    }
    let dir = tmp.join("corpus");
    let started = Instant::now();
    crate::bench::generate(&dir, n, false)?;
    rayon::ThreadPoolBuilder::new().num_threads(threads).build_global().ok();
    let options = engine::Options { command: "bench serve".into(), ..engine::Options::default() };
    let summary = engine::analyze(&mut store, vec![dir.clone()], &options, &engine::NoProgress, &AtomicBool::new(false))?;
    println!("bench serve: generated and analysed {} documents in {:.0} s ({threads} threads)", summary.n_stored, started.elapsed().as_secs_f64());
    std::fs::remove_dir_all(&dir).ok();
    Ok(())
}

fn round(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Percent-encodes everything but letters and digits.
fn encode(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

struct Outcome {
    n: usize,
    rps: f64,
    p50: f64,
    p99: f64,
    max: f64,
    errors: usize,
}

/// `clients` threads send the `paths` in turn (each starting at its own share of the list)
/// until `duration` has passed.
fn drive(addr: SocketAddr, paths: &[String], clients: usize, duration: Duration) -> Outcome {
    let started = Instant::now();
    let deadline = started + duration;
    let results: Vec<(Vec<u32>, usize)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..clients)
            .map(|c| {
                scope.spawn(move || {
                    let mut latencies = Vec::new();
                    let mut errors = 0usize;
                    let mut conn: Option<Connection> = None;
                    let mut k = c * paths.len() / clients.max(1);
                    while Instant::now() < deadline {
                        let path = &paths[k % paths.len()];
                        k += 1;
                        let t = Instant::now();
                        let ok = match conn.as_mut() {
                            Some(cn) => cn.get(path),
                            None => Connection::open(addr).and_then(|mut cn| {
                                let r = cn.get(path);
                                conn = Some(cn);
                                r
                            }),
                        };
                        match ok {
                            Ok(200) => latencies.push(t.elapsed().as_micros().min(u128::from(u32::MAX)) as u32),
                            Ok(_) => errors += 1,
                            Err(_) => {
                                errors += 1;
                                conn = None;
                            }
                        }
                    }
                    (latencies, errors)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_default()).collect()
    });
    let elapsed = started.elapsed().as_secs_f64();
    let errors = results.iter().map(|r| r.1).sum();
    let mut all: Vec<u32> = results.into_iter().flat_map(|r| r.0).collect();
    all.sort_unstable();
    let pct = |p: f64| all.get(((all.len() as f64 * p) as usize).min(all.len().saturating_sub(1))).map_or(0.0, |&us| f64::from(us) / 1000.0);
    Outcome { n: all.len(), rps: all.len() as f64 / elapsed, p50: pct(0.50), p99: pct(0.99), max: pct(1.0), errors }
}

/// A keep-alive HTTP/1.1 connection reading `Content-Length` bodies.
struct Connection {
    reader: BufReader<TcpStream>,
}

impl Connection {
    fn open(addr: SocketAddr) -> std::io::Result<Connection> {
        let stream = TcpStream::connect(addr)?;
        stream.set_nodelay(true)?;
        stream.set_read_timeout(Some(Duration::from_secs(30)))?;
        Ok(Connection { reader: BufReader::new(stream) })
    }

    /// Sends a GET and reads the whole answer; returns its status.
    fn get(&mut self, path: &str) -> std::io::Result<u16> {
        let request = format!("GET {path} HTTP/1.1\r\nHost: bench\r\nAccept: application/json\r\n\r\n");
        self.reader.get_mut().write_all(request.as_bytes())?;
        let mut line = String::new();
        self.reader.read_line(&mut line)?;
        let status: u16 = line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).ok_or_else(|| std::io::Error::other(format!("bad status line {line:?}")))?;
        let mut length = None;
        loop {
            line.clear();
            self.reader.read_line(&mut line)?;
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse::<usize>().ok();
                }
            }
        }
        let length = length.ok_or_else(|| std::io::Error::other("no Content-Length"))?;
        let mut body = vec![0u8; length];
        self.reader.read_exact(&mut body)?;
        Ok(status)
    }
}

/// One GET on a fresh connection, as JSON.
fn fetch_json(addr: SocketAddr, path: &str) -> Result<serde_json::Value> {
    let mut stream = TcpStream::connect(addr)?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer)?;
    let text = String::from_utf8_lossy(&answer);
    let body = text.split_once("\r\n\r\n").map(|x| x.1).context("no body")?;
    serde_json::from_str(body).with_context(|| format!("{path}: not JSON"))
}
