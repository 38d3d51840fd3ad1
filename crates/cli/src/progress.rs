//! Progress of a long run: documents, documents per second, how far through the inputs and
//! an ETA.
//!
//! On a terminal it is a spinner line redrawn in place. When standard error is not a terminal
//! (a worker under systemd, a run under `nohup`, a CI log) it is one plain line every
//! [`LOG_EVERY`] (`DOSSIER_PROGRESS_SECONDS` to change), so a long run's log says how it is
//! going. `--quiet` and `--json` show neither.
//!
//! The ETA comes from the inputs' bytes: the readers count the bytes they read from the input
//! files (`ingest::Options::consumed`, compressed bytes for gzip files) and a thread walks the
//! inputs to sum their sizes (`ingest::progress::input_size`), so a directory of a million
//! files starts at once and gets its ETA when the walk ends. For a worker, whose inputs are
//! the queue, the ETA comes from the batches still to do across all workers.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use model::{Diagnostic, Severity};

/// Default interval between progress lines when standard error is not a terminal.
pub const LOG_EVERY: Duration = Duration::from_secs(30);

/// Not known yet (or unknowable: standard input).
const UNKNOWN: u64 = u64::MAX;

/// Where the progress goes.
enum Mode {
    Hidden,
    Terminal,
    /// Plain lines on standard error, at most one per interval.
    Log { every: Duration, last: Mutex<Instant> },
}

/// A run's progress display; implements [`engine::Progress`].
pub struct Bar {
    pub bar: indicatif::ProgressBar,
    mode: Mode,
    started: Instant,
    docs: AtomicU64,
    bytes: AtomicU64,
    /// Bytes read from the input files, and their total size (or [`UNKNOWN`]).
    consumed: Arc<AtomicU64>,
    total: Arc<AtomicU64>,
    /// Stops the sizing walk when the run ends first.
    stop_walk: Arc<AtomicBool>,
    /// For a worker: the queue's batches still to do across all workers, when first and
    /// when last asked (their difference over the time between is the fleet's rate).
    queue: Mutex<Option<(QueueSample, QueueSample)>>,
}

#[derive(Clone, Copy, Debug)]
struct QueueSample {
    at: Instant,
    state: QueueState,
}

/// A worker's view of the shared queue.
#[derive(Clone, Copy, Debug)]
pub struct QueueState {
    pub batches_left: u64,
    pub batches_total: u64,
}

impl Bar {
    /// A display for `quiet`/`json` runs (hidden), a terminal (spinner) or a log (lines).
    pub fn new(quiet: bool) -> Bar {
        let mode = if quiet {
            Mode::Hidden
        } else if std::io::stderr().is_terminal() {
            Mode::Terminal
        } else {
            let every = std::env::var("DOSSIER_PROGRESS_SECONDS")
                .ok()
                .and_then(|s| s.trim().parse::<f64>().ok())
                .filter(|s| s.is_finite() && *s >= 0.0)
                .map_or(LOG_EVERY, |s| Duration::from_secs_f64(s.min(86_400.0)));
            Mode::Log { every, last: Mutex::new(Instant::now()) }
        };
        let bar = if matches!(mode, Mode::Terminal) { indicatif::ProgressBar::new_spinner() } else { indicatif::ProgressBar::hidden() };
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {pos} documents, {msg} [{elapsed}]")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(200));
        Bar {
            bar,
            mode,
            started: Instant::now(),
            docs: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
            consumed: Arc::new(AtomicU64::new(0)),
            total: Arc::new(AtomicU64::new(UNKNOWN)),
            stop_walk: Arc::new(AtomicBool::new(false)),
            queue: Mutex::new(None),
        }
    }

    /// Measures progress through `paths`: returns the counter the readers must add to (put
    /// it in `ingest::Options::consumed`), and sizes the inputs on a thread of its own.
    pub fn track_inputs(&self, paths: &[PathBuf]) -> Arc<AtomicU64> {
        if !matches!(self.mode, Mode::Hidden) {
            let (paths, total, stop) = (paths.to_vec(), self.total.clone(), self.stop_walk.clone());
            let spawned = std::thread::Builder::new().name("input-size".into()).spawn(move || {
                if let Some(size) = ingest::progress::input_size(&paths, &stop) {
                    total.store(size, Ordering::Relaxed);
                }
            });
            // Without the thread there is simply no ETA.
            drop(spawned);
        }
        self.consumed.clone()
    }

    /// A worker's latest view of the queue (for its ETA), shown with the next batch done.
    pub fn set_queue(&self, state: QueueState) {
        let sample = QueueSample { at: Instant::now(), state };
        if let Ok(mut q) = self.queue.lock() {
            *q = Some(match *q {
                None => (sample, sample),
                Some((first, _)) => (first, sample),
            });
        }
    }

    /// Clears the spinner (the run's summary follows).
    pub fn finish(&self) {
        self.stop_walk.store(true, Ordering::Relaxed);
        self.bar.finish_and_clear();
    }

    /// The progress line: documents, rate, how far, ETA.
    pub fn line(&self) -> String {
        self.line_at(self.started.elapsed().as_secs_f64())
    }

    fn line_at(&self, elapsed: f64) -> String {
        let docs = self.docs.load(Ordering::Relaxed);
        let rate = if elapsed > 0.0 { docs as f64 / elapsed } else { 0.0 };
        let mut parts = vec![format!("{docs} documents"), format!("{rate:.1} docs/s")];
        let (consumed, total) = (self.consumed.load(Ordering::Relaxed), self.total.load(Ordering::Relaxed));
        let queue = self.queue.lock().ok().and_then(|q| *q);
        let left_seconds = if let Some((first, last)) = queue {
            let q = last.state;
            parts.push(format!("queue: {} of {} batches left", q.batches_left, q.batches_total));
            // The fleet's rate: batches finished (by every worker) between the first and the
            // latest look at the queue.
            let done = first.state.batches_left.saturating_sub(q.batches_left) as f64;
            let span = last.at.duration_since(first.at).as_secs_f64();
            (done > 0.0 && span >= 1.0 && q.batches_left > 0).then(|| q.batches_left as f64 * span / done)
        } else if total != UNKNOWN && total > 0 {
            let done = consumed.min(total);
            parts.push(format!("{} of {} ({:.0}%)", mb(done), mb(total), 100.0 * done as f64 / total as f64));
            let f = done as f64 / total as f64;
            (f > 0.0 && f < 1.0 && elapsed >= 1.0).then(|| elapsed * (1.0 - f) / f)
        } else {
            parts.push(mb(self.bytes.load(Ordering::Relaxed)));
            None
        };
        if let Some(s) = left_seconds {
            parts.push(format!("ETA {}", duration(s)));
        }
        parts.join(", ")
    }

    fn refresh(&self) {
        match &self.mode {
            Mode::Hidden => {}
            Mode::Terminal => self.bar.set_message(self.line()),
            Mode::Log { every, last } => {
                let Ok(mut last) = last.lock() else { return };
                if last.elapsed() >= *every {
                    *last = Instant::now();
                    eprintln!("progress: {}", self.line());
                }
            }
        }
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.stop_walk.store(true, Ordering::Relaxed);
    }
}

impl engine::Progress for Bar {
    fn batch_done(&self, n_docs: u64, bytes: u64) {
        self.docs.fetch_add(n_docs, Ordering::Relaxed);
        self.bytes.fetch_add(bytes, Ordering::Relaxed);
        self.bar.inc(n_docs);
        if n_docs > 0 {
            self.refresh();
        }
    }

    fn queue(&self, batches_left: u64, batches_total: u64) {
        self.set_queue(QueueState { batches_left, batches_total });
    }

    fn diagnostic(&self, d: &Diagnostic) {
        // With the spinner hidden the summary lists them instead.
        if d.severity == Severity::Error && matches!(self.mode, Mode::Terminal) {
            self.bar.suspend(|| eprintln!("{d}"));
        }
    }
}

fn mb(bytes: u64) -> String {
    match bytes {
        1_000_000_000.. => format!("{:.2} GB", bytes as f64 / 1e9),
        1_000_000.. => format!("{:.1} MB", bytes as f64 / 1e6),
        _ => format!("{:.0} KB", bytes as f64 / 1e3),
    }
}

/// `1h 02m`, `3m 05s`, `12s`.
fn duration(seconds: f64) -> String {
    let s = seconds.clamp(0.0, 1e9).round() as u64;
    match (s / 3600, s % 3600 / 60, s % 60) {
        (0, 0, s) => format!("{s}s"),
        (0, m, s) => format!("{m}m {s:02}s"),
        (h, m, _) => format!("{h}h {m:02}m"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(12.4), "12s");
        assert_eq!(duration(185.0), "3m 05s");
        assert_eq!(duration(3720.0), "1h 02m");
        assert_eq!(duration(f64::NAN), "0s");
    }

    #[test]
    fn line_has_rate_share_and_eta_once_the_size_is_known() {
        let bar = Bar::new(true);
        engine::Progress::batch_done(&bar, 10, 1000);
        assert!(bar.line().starts_with("10 documents, "), "{}", bar.line());
        assert!(!bar.line().contains("ETA"));
        bar.total.store(4_000_000, Ordering::Relaxed);
        bar.consumed.store(1_000_000, Ordering::Relaxed);
        assert!(bar.line().contains("1.0 MB of 4.0 MB (25%)"), "{}", bar.line());
        assert!(bar.line_at(10.0).ends_with("1.0 docs/s, 1.0 MB of 4.0 MB (25%), ETA 30s"), "{}", bar.line_at(10.0));
    }

    #[test]
    fn a_worker_eta_comes_from_the_fleet_rate() {
        let bar = Bar::new(true);
        let t0 = Instant::now();
        let first = QueueSample { at: t0, state: QueueState { batches_left: 100, batches_total: 120 } };
        let last = QueueSample { at: t0 + Duration::from_secs(20), state: QueueState { batches_left: 90, batches_total: 120 } };
        *bar.queue.lock().unwrap() = Some((first, last));
        let line = bar.line_at(20.0);
        assert!(line.ends_with("queue: 90 of 120 batches left, ETA 3m 00s"), "{line}");
    }
}
