//! End to end through the work queue: the example corpus multiplied, registered with
//! `dossier ingest --enqueue`, processed by two `dossier worker`s of which one is killed with
//! SIGKILL mid-run, then `dossier reason`; the stored picture must equal that of one
//! `dossier analyze` into SQLite with the same batch size.
//!
//! Needs a PostgreSQL server at `DOSSIER_TEST_POSTGRES` (a URL whose user may create
//! databases; `.ci/postgres.sh` starts one). Without it the test says it is skipped and passes.
//! `DOSSIER_TEST_WORKERS_COPIES` sets how many edited copies of the corpus are made (default
//! 12; CI may raise it to reach thousands of documents).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use model::Doc;
use store::{PgStore, SqliteStore, Store};

const ENV: &str = "DOSSIER_TEST_POSTGRES";
const BATCH_SIZE: &str = "8";

fn dossier(db: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dossier"));
    c.arg("--db").arg(db).arg("--quiet");
    c
}

fn run_ok(mut c: Command) {
    let out = c.output().unwrap();
    let code = out.status.code();
    assert!(code == Some(0) || code == Some(3), "{c:?}: {:?}\n{}", out.status, String::from_utf8_lossy(&out.stderr));
}

/// The example corpus plus `copies` edited copies of its plain-text, Markdown and HTML
/// articles (each copy gains a paragraph, so it is a new document and a near duplicate).
fn corpus(dir: &Path, copies: usize) -> PathBuf {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus");
    let out = dir.join("corpus");
    std::fs::create_dir_all(&out).unwrap();
    let mut names: Vec<_> = std::fs::read_dir(&src).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    for path in names {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(out.join(&name), &bytes).unwrap();
        let Ok(text) = String::from_utf8(bytes) else { continue };
        for k in 1..=copies {
            let extra = format!("Edition {k}: the correspondent in Port Amsel filed this update on day {k}.");
            let edited = if name.ends_with(".html") {
                text.replacen("</body>", &format!("<p>{extra}</p></body>"), 1)
            } else if name.ends_with(".txt") || name.ends_with(".md") {
                format!("{text}\n\n{extra}\n")
            } else {
                continue;
            };
            std::fs::write(out.join(format!("copy{k:03}-{name}")), edited).unwrap();
        }
    }
    out
}

fn all_docs(store: &dyn Store) -> Vec<Doc> {
    let mut docs = Vec::new();
    store
        .for_each_document(&mut |d| {
            docs.push(d);
            Ok(())
        })
        .unwrap();
    docs
}

fn diagnostics(store: &dyn Store) -> Vec<String> {
    let mut d: Vec<String> = store.diagnostics(None).unwrap().iter().map(|d| format!("{} {} {}", d.source, d.code, d.message)).collect();
    d.sort();
    d
}

/// A worker with short leases (renewed every third), logging its progress after every batch
/// to `stderr`.
fn worker(url: &str, stderr: Stdio) -> Child {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("--db")
        .arg(url)
        .args(["worker", "--exit-when-done", "--lease-seconds", "3", "--poll-seconds", "0.2"])
        .env("DOSSIER_PROGRESS_SECONDS", "0")
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .unwrap()
}

#[test]
fn two_workers_one_killed_equal_one_sqlite_run() {
    let Ok(admin_url) = std::env::var(ENV) else {
        println!("skipped: {ENV} not set");
        return;
    };
    let copies: usize = std::env::var("DOSSIER_TEST_WORKERS_COPIES").ok().and_then(|s| s.parse().ok()).unwrap_or(12);
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path(), copies);

    // The reference: one analyze into SQLite.
    let sqlite = dir.path().join("one.db");
    let mut c = dossier(sqlite.to_str().unwrap());
    c.args(["analyze", "--batch-size", BATCH_SIZE]).arg(&corpus);
    run_ok(c);

    let dbname = format!("dossier_workers_{}", std::process::id());
    let _ = PgStore::drop_database(&admin_url, &dbname);
    let url = PgStore::create_database(&admin_url, &dbname).unwrap();
    let mut c = dossier(&url);
    c.args(["ingest", "--enqueue", "--batch-size", BATCH_SIZE]).arg(&corpus);
    run_ok(c);
    let watch = PgStore::connect_with(&url, 1).unwrap();
    let total = watch.queue_status().unwrap();
    assert!(total.batches_pending >= 4, "{total:?}");

    let mut a = worker(&url, Stdio::null());
    let b = worker(&url, Stdio::piped());
    // Kill `a` once a batch is done, most likely in the middle of its next one.
    let started = Instant::now();
    while watch.queue_status().unwrap().batches_done < 2 {
        assert!(started.elapsed() < Duration::from_secs(300), "no progress");
        std::thread::sleep(Duration::from_millis(50));
    }
    a.kill().unwrap(); // SIGKILL
    a.wait().unwrap();
    let status = b.wait_with_output().unwrap();
    let log = String::from_utf8_lossy(&status.stderr);
    assert!(status.status.success(), "{log}");
    // The worker logs the fleet's progress: the queue's batches left, falling to 0.
    let lines: Vec<&str> = log.lines().filter(|l| l.starts_with("progress: ")).collect();
    assert!(!lines.is_empty() && lines.iter().all(|l| l.contains(" docs/s, queue: ")), "{log}");
    assert!(lines.iter().any(|l| l.contains(&format!("queue: 0 of {} batches left", total.batches_pending))), "{log}");
    let after = watch.queue_status().unwrap();
    assert!(after.is_done(), "{after:?}");
    assert_eq!(after.docs_done, total.docs_pending);
    // Leases of 3 s, renewed while a batch is processed (a debug-build batch takes longer):
    // the only batch taken over is the killed worker's, if it held one.
    assert!(after.reclaims <= 1, "{after:?}");
    println!("queue after the kill: {after:?}");

    let mut c = dossier(&url);
    c.arg("reason");
    run_ok(c);

    let one = SqliteStore::open(&sqlite).unwrap();
    let many = PgStore::connect(&url).unwrap();
    let (expected, got) = (all_docs(&one), all_docs(&many));
    assert_eq!(got.len(), expected.len());
    for (g, e) in got.iter().zip(&expected) {
        assert_eq!(g, e, "document {}", e.id);
    }
    assert!(expected.iter().any(|d| d.duplicate.is_some()), "the copies are linked as duplicates");
    assert_eq!(many.reasoning().unwrap(), one.reasoning().unwrap(), "the cross-document result");
    assert_eq!(diagnostics(&many), diagnostics(&one));
    assert_eq!(many.stats().unwrap().n_documents, one.stats().unwrap().n_documents);
    // The read commands work on PostgreSQL and print what they print from SQLite.
    let sqlite_db = sqlite.to_str().unwrap();
    for args in [
        &["export", "--format", "gdelt"][..],
        &["export", "--format", "csv", "--table", "quotes"][..],
        &["--json", "events"][..],
        &["--json", "timeline", "--all"][..],
        &["--json", "actors"][..],
        &["--json", "figures"][..],
        &["brief"][..],
    ] {
        let read = |db: &str| {
            let out = dossier(db).args(args).output().unwrap();
            assert!(out.status.success(), "{args:?} on {db}: {}", String::from_utf8_lossy(&out.stderr));
            String::from_utf8(out.stdout).unwrap()
        };
        // The GDELT table's DATEADDED (column 60) is when each store stored the first report.
        let (a, b) = (without_date_added(&read(sqlite_db)), without_date_added(&read(&url)));
        assert!(!a.trim().is_empty(), "{args:?}");
        assert!(b == a, "{args:?}: the outputs differ:\n{}", first_difference(&a, &b));
    }
    drop((watch, many));
    let _ = PgStore::drop_database(&admin_url, &dbname);
}

/// A GDELT table's rows with DATEADDED (each store's own storing time) blanked; other text unchanged.
fn without_date_added(out: &str) -> String {
    out.lines()
        .map(|line| {
            let mut fields: Vec<&str> = line.split('\t').collect();
            if fields.len() == 61 {
                fields[59] = "";
            }
            fields.join("\t")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first line where two outputs differ, for a readable failure.
fn first_difference(a: &str, b: &str) -> String {
    let (la, lb): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    for (k, (x, y)) in la.iter().zip(&lb).enumerate() {
        if x != y {
            return format!("line {k}:\n  sqlite:     {x}\n  postgresql: {y}");
        }
    }
    format!("{} lines against {}", la.len(), lb.len())
}
