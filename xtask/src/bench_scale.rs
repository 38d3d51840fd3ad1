//! `cargo xtask bench scale [--docs N] [--pg URL] [--dossier PATH] [--batch-size B] [--kills K]
//! [--runs sqlite,1,2] [--no-reason]`:
//! documents per second through the PostgreSQL work queue with one and with two `dossier
//! worker` processes, against one `dossier ingest` into SQLite, on the generated corpus of
//! `bench ingest`; with each worker's peak memory and the database size per 1,000 documents.
//! With `--kills K`, then a soak: two workers on the same corpus, one of them killed with
//! SIGKILL (and replaced) at K random moments, and a check that the store ends up with exactly
//! the documents and sentences of the undisturbed run: none lost, none twice.
//!
//! Each worker is a separate process with one analysis thread (`RAYON_NUM_THREADS=1`), as a
//! worker per core would run on a machine of its own; the SQLite run gets one thread too, so
//! the figures compare like with like. The PostgreSQL server is the one at `--pg` (default:
//! `DOSSIER_TEST_POSTGRES`; `.ci/postgres.sh` starts one); each measurement gets a fresh
//! database on it. The `dossier` binary defaults to the one beside this xtask's executable
//! (`cargo build --release -p cli` first). `--runs` chooses the runs (default all three: the
//! SQLite one and the queue with 1 and 2 workers) and `--no-reason` skips the pass after the
//! workers, for a long run that measures the workers alone (memory at 100,000 documents).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Context, Result};
use store::PgStore;

use crate::flag;

pub fn run(args: &[String]) -> Result<()> {
    let n_docs: usize = flag(args, "--docs").map(str::parse).transpose()?.unwrap_or(2_000);
    let batch_size = flag(args, "--batch-size").unwrap_or("64").to_string();
    let Some(pg) = flag(args, "--pg").map(str::to_string).or_else(|| std::env::var("DOSSIER_TEST_POSTGRES").ok()) else {
        bail!("bench scale needs a PostgreSQL server: --pg postgres://user@host:port/postgres (or DOSSIER_TEST_POSTGRES); .ci/postgres.sh starts one");
    };
    let dossier = match flag(args, "--dossier") {
        Some(p) => PathBuf::from(p),
        None => std::env::current_exe()?.with_file_name("dossier"),
    };
    ensure!(dossier.exists(), "no dossier binary at {} (cargo build --release -p cli, or give --dossier)", dossier.display());

    let tmp = tempfile::tempdir()?;
    let corpus = tmp.path().join("corpus");
    let bytes = crate::bench::generate(&corpus, n_docs, false)?;
    println!("bench scale: {n_docs} generated documents ({:.1} MB), batches of {batch_size}, one thread per process", bytes as f64 / 1e6);
    println!("{:<22}  {:>8}  {:>8}  {:>9}  {:>12}  {:>14}", "run", "docs", "seconds", "docs/s", "peak MB/proc", "DB MB/1k docs");

    let runs: Vec<String> = flag(args, "--runs").unwrap_or("sqlite,1,2").split(',').map(|r| r.trim().to_string()).collect();
    for r in &runs {
        ensure!(matches!(r.as_str(), "sqlite" | "1" | "2"), "--runs takes a list of sqlite, 1 and 2, not `{r}`");
    }
    let reason = !args.iter().any(|a| a == "--no-reason");
    let mut results = Vec::new();
    if runs.iter().any(|r| r == "sqlite") {
        // SQLite: one process, one thread.
        let db = tmp.path().join("one.db");
        let started = Instant::now();
        let mut child = dossier_cmd(&dossier, db.to_str().context("temp path")?)
            .args(["ingest", "--batch-size", &batch_size])
            .arg(&corpus)
            .spawn()?;
        let peak = wait_peak(&mut child)?;
        let secs = started.elapsed().as_secs_f64();
        let size = file_size(&db) + file_size(&db.with_extension("db-wal"));
        results.push(row("sqlite, 1 process", n_docs, secs, peak, size));
        let _ = std::fs::remove_file(&db);
    }

    let mut rates = Vec::new();
    let mut reference = None;
    for workers in [1usize, 2].into_iter().filter(|w| runs.contains(&w.to_string())) {
        let name = format!("dossier_bench_scale_{}_{workers}", std::process::id());
        let _ = PgStore::drop_database(&pg, &name);
        let url = PgStore::create_database(&pg, &name)?;
        // The size of the empty database (catalogs, schema), left out of the per-document size.
        let baseline = PgStore::connect_with(&url, 1)?.database_size()?;
        let enqueue_started = Instant::now();
        let status = dossier_cmd(&dossier, &url).args(["ingest", "--enqueue", "--batch-size", &batch_size]).arg(&corpus).status()?;
        ensure!(status.code() == Some(0) || status.code() == Some(3), "enqueue failed: {status}");
        let enqueue_secs = enqueue_started.elapsed().as_secs_f64();
        let started = Instant::now();
        let mut children: Vec<Child> = (0..workers)
            .map(|_| dossier_cmd(&dossier, &url).args(["worker", "--exit-when-done", "--poll-seconds", "0.2"]).spawn())
            .collect::<Result<_, _>>()?;
        let peaks = wait_all_peak(&mut children)?;
        let work_secs = started.elapsed().as_secs_f64();
        let reason_started = Instant::now();
        // The pass's own peak memory: at scale it, not a worker, is what needs a big machine.
        let reason_peak = if reason {
            let mut child = dossier_cmd(&dossier, &url).arg("reason").spawn()?;
            wait_peak(&mut child)?
        } else {
            0.0
        };
        let reason_secs = reason_started.elapsed().as_secs_f64();
        let store = PgStore::connect_with(&url, 1)?;
        let stats = store::Store::stats(&store)?;
        reference = Some((stats.n_documents, stats.n_sentences));
        ensure!(store.queue_status()?.is_done(), "queue not done");
        let size = store.database_size()?.saturating_sub(baseline);
        drop(store);
        rates.push(n_docs as f64 / work_secs);
        let mut r = row(&format!("postgres, {workers} worker(s)"), n_docs, work_secs, peaks, size);
        if let Some(o) = r.as_object_mut() {
            o.insert("enqueue_s".into(), enqueue_secs.into());
            o.insert("reason_s".into(), if reason { reason_secs.into() } else { serde_json::Value::Null });
            o.insert("reason_peak_rss_mb".into(), if reason { reason_peak.into() } else { serde_json::Value::Null });
        }
        results.push(r);
        println!(
            "  ({workers} worker(s): enqueue {enqueue_secs:.1}s, reason pass {reason_secs:.1}s at {reason_peak:.0} MB peak, {} documents stored)",
            stats.n_documents
        );
        let _ = PgStore::drop_database(&pg, &name);
    }
    if let Some(kills) = flag(args, "--kills").map(str::parse::<usize>).transpose()? {
        let reference = reference.context("no reference run")?;
        soak(&dossier, &pg, &corpus, &batch_size, kills, reference)?;
    }
    let speedup = if rates.len() == 2 { rates[1] / rates[0].max(1e-9) } else { 0.0 };
    if rates.len() == 2 {
        println!("2 workers / 1 worker: {speedup:.2}x");
    }
    println!("{}", serde_json::json!({ "task": "bench-scale", "docs": n_docs, "runs": results, "speedup_2_workers": speedup }));
    Ok(())
}

fn dossier_cmd(dossier: &Path, db: &str) -> Command {
    let mut c = Command::new(dossier);
    c.arg("--db").arg(db).arg("--quiet").env("RAYON_NUM_THREADS", "1").stdout(Stdio::null());
    c
}

fn row(name: &str, n_docs: usize, secs: f64, peak_mb: f64, db_bytes: u64) -> serde_json::Value {
    let per_1k = db_bytes as f64 / 1e6 / (n_docs.max(1) as f64 / 1000.0);
    println!("{name:<22}  {n_docs:>8}  {secs:>8.1}  {:>9.1}  {peak_mb:>12.1}  {per_1k:>14.2}", n_docs as f64 / secs);
    serde_json::json!({ "run": name, "seconds": secs, "docs_per_s": n_docs as f64 / secs, "peak_rss_mb": peak_mb, "db_mb_per_1000_docs": per_1k })
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

/// Waits for the process, sampling its peak resident memory (VmHWM) meanwhile; MB.
fn wait_peak(child: &mut Child) -> Result<f64> {
    wait_all_peak(std::slice::from_mut(child))
}

/// Waits for every process; the largest peak resident memory among them, MB.
fn wait_all_peak(children: &mut [Child]) -> Result<f64> {
    let mut peak: f64 = 0.0;
    let mut running: Vec<bool> = vec![true; children.len()];
    while running.iter().any(|r| *r) {
        for (child, r) in children.iter_mut().zip(running.iter_mut()) {
            if !*r {
                continue;
            }
            peak = peak.max(vm_hwm_mb(child.id()));
            if let Some(status) = child.try_wait()? {
                ensure!(status.code() == Some(0) || status.code() == Some(3), "a dossier process failed: {status}");
                *r = false;
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok(peak)
}

fn vm_hwm_mb(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Kills one of two workers with SIGKILL at `kills` random moments (a replacement starts each
/// time) and checks that the store holds exactly `reference` (documents, sentences).
fn soak(dossier: &Path, pg: &str, corpus: &Path, batch_size: &str, kills: usize, reference: (u64, u64)) -> Result<()> {
    let name = format!("dossier_bench_soak_{}", std::process::id());
    let _ = PgStore::drop_database(pg, &name);
    let url = PgStore::create_database(pg, &name)?;
    let status = dossier_cmd(dossier, &url).args(["ingest", "--enqueue", "--batch-size", batch_size]).arg(corpus).status()?;
    ensure!(status.code() == Some(0) || status.code() == Some(3), "enqueue failed: {status}");
    let watch = PgStore::connect_with(&url, 1)?;
    // Short leases, so a killed worker's batch is taken over quickly.
    let spawn = || dossier_cmd(dossier, &url).args(["worker", "--exit-when-done", "--poll-seconds", "0.2", "--lease-seconds", "5"]).spawn();
    let mut workers = vec![spawn()?, spawn()?];
    let mut rng = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.subsec_nanos() as u64 | 1;
    let mut next = || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let started = Instant::now();
    let mut done_kills = 0;
    while done_kills < kills {
        std::thread::sleep(Duration::from_millis(200 + next() % 2_000));
        if watch.queue_status()?.is_done() {
            break;
        }
        let victim = (next() % 2) as usize;
        workers[victim].kill()?;
        workers[victim].wait()?;
        workers[victim] = spawn()?;
        done_kills += 1;
    }
    for mut w in workers {
        let status = w.wait()?;
        ensure!(status.success(), "a worker failed: {status}");
    }
    let status = watch.queue_status()?;
    let stats = store::Store::stats(&watch)?;
    println!(
        "soak: {done_kills} kills in {:.0}s, {} batches taken over; {} documents and {} sentences stored (undisturbed: {} and {})",
        started.elapsed().as_secs_f64(),
        status.reclaims,
        stats.n_documents,
        stats.n_sentences,
        reference.0,
        reference.1
    );
    ensure!(status.is_done(), "queue not done: {status:?}");
    ensure!((stats.n_documents, stats.n_sentences) == reference, "documents lost or stored twice");
    ensure!(done_kills == kills, "the queue was done after {done_kills} kills: use a larger --docs for {kills} kills");
    drop(watch);
    let _ = PgStore::drop_database(pg, &name);
    Ok(())
}
