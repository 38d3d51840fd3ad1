//! Browser end-to-end test of the web workspace (issue 8), and its helpers' unit tests: analyses the example corpus plus a
//! hostile document (web/tests/fixtures/hostile.jsonl) into a temporary store, then runs
//! web/tests/e2e.mjs, which starts `dossier serve` on it and drives the real UI in Debian's
//! Chromium through playwright-core. Screenshots go to target/e2e-screenshots/.
//!
//! Needs node, web/node_modules (`cargo xtask web`), web/dist (the same; built before this
//! binary so it is embedded) and /usr/bin/chromium (`apt-get install chromium`). When one is
//! missing the test says "skipped: ..." and passes; CI installs all of them.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";
const TIME_LIMIT: Duration = Duration::from_secs(150);

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// What is missing to run the browser test, if anything.
fn missing(repo: &Path) -> Option<String> {
    let node = Command::new("node")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if !matches!(node, Ok(s) if s.success()) {
        return Some("node is not installed".into());
    }
    let web = repo.join("web");
    if !web.join("node_modules/playwright-core").is_dir() {
        return Some("web/node_modules/playwright-core is missing (run `cargo xtask web`)".into());
    }
    if !web.join("dist/index.html").is_file() || !web.join("dist/app.js").is_file() {
        return Some("web/dist is not built (run `cargo xtask web`, then rebuild)".into());
    }
    if !Path::new(CHROMIUM).exists() {
        return Some(format!("{CHROMIUM} is missing (apt-get install chromium)"));
    }
    None
}

/// The front end's pure helpers (offsets, link targets), with node's test runner.
#[test]
fn web_helpers_in_node() {
    let node = Command::new("node")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if !matches!(node, Ok(s) if s.success()) {
        eprintln!("skipped: web unit tests: node is not installed");
        return;
    }
    let out = Command::new("node")
        .args(["--test", "web/tests/unit.test.mjs"])
        .current_dir(repo())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "web/tests/unit.test.mjs failed ({}):\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn web_workspace_in_chromium() {
    let repo = repo();
    if let Some(why) = missing(&repo) {
        eprintln!("skipped: browser test: {why}");
        return;
    }
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("e2e.db");
    let analyze = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("--db")
        .arg(&db)
        .arg("--quiet")
        .arg("analyze")
        .arg(repo.join("examples/corpus"))
        .arg(repo.join("web/tests/fixtures/hostile.jsonl"))
        .output()
        .unwrap();
    assert!(
        analyze.status.success(),
        "dossier analyze failed ({}):\n{}{}",
        analyze.status,
        String::from_utf8_lossy(&analyze.stdout),
        String::from_utf8_lossy(&analyze.stderr)
    );
    let analysed = started.elapsed();

    let screenshots = repo.join("target/e2e-screenshots");
    let mut child = Command::new("node")
        .arg(repo.join("web/tests/e2e.mjs"))
        .arg("--dossier")
        .arg(env!("CARGO_BIN_EXE_dossier"))
        .arg("--db")
        .arg(&db)
        .arg("--screenshots")
        .arg(&screenshots)
        .arg("--chromium")
        .arg(CHROMIUM)
        .current_dir(&repo)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read both pipes on threads so a chatty child never blocks on a full pipe.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_thread = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out.read_to_string(&mut s);
        s
    });
    let err_thread = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    let deadline = Instant::now() + TIME_LIMIT;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let stdout = out_thread.join().unwrap();
    let stderr = err_thread.join().unwrap();
    println!("{stdout}{stderr}");
    println!(
        "browser test: analyse {:.1} s, browser {:.1} s",
        analysed.as_secs_f64(),
        (started.elapsed() - analysed).as_secs_f64()
    );
    match status {
        None => panic!("web/tests/e2e.mjs did not finish within {TIME_LIMIT:?}:\n{stdout}{stderr}"),
        Some(s) => assert!(
            s.success(),
            "web/tests/e2e.mjs failed ({s}):\n{stdout}{stderr}"
        ),
    }
}
