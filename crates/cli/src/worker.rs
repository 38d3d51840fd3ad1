//! The PostgreSQL face of the CLI: `ingest --enqueue`, `worker` and `reason` on a shared store
//! (see `engine::queue` for what each does, and docs/scaling.md for a deployment).

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result};
use store::PgStore;

use crate::progress::Bar;
use crate::{cancel_on_ctrl_c, Cli, EXIT_OK, EXIT_PARTIAL};

#[derive(clap::Args)]
pub struct Args {
    /// Seconds a claimed batch's lease lasts. The worker renews it every third of that while
    /// it works, so a slow batch stays its own; a killed worker's batch waits at most this
    /// long before another worker takes it over.
    #[arg(long, default_value_t = 60)]
    lease_seconds: u64,
    /// Stop once every registered batch is done, instead of waiting for more.
    #[arg(long)]
    exit_when_done: bool,
    /// Seconds between looks at the queue when no batch is free.
    #[arg(long, default_value_t = 2.0)]
    poll_seconds: f64,
    /// Connections to the database (this worker uses one at a time; more help nobody).
    #[arg(long, default_value_t = 2)]
    connections: u32,
}

/// Is `--db` a PostgreSQL URL?
pub fn is_postgres(cli: &Cli) -> bool {
    cli.db.to_str().is_some_and(store::postgres::is_url)
}

/// Connects to the PostgreSQL store of `--db`.
pub fn connect(cli: &Cli) -> Result<PgStore> {
    connect_with(cli, store::postgres::DEFAULT_POOL_SIZE)
}

fn connect_with(cli: &Cli, pool_size: u32) -> Result<PgStore> {
    let url = cli.db.to_str().context("the database URL is not UTF-8")?;
    PgStore::connect_with(url, pool_size).context("cannot connect to the database")
}

fn require_postgres(cli: &Cli, what: &str) -> Result<()> {
    if !is_postgres(cli) {
        anyhow::bail!("{what} needs a PostgreSQL store: give --db postgres://user@host/dbname (the work queue lives there)");
    }
    Ok(())
}

/// `dossier ingest --enqueue`.
pub fn enqueue(cli: &Cli, paths: &[PathBuf], batch_size: usize) -> Result<u8> {
    require_postgres(cli, "ingest --enqueue")?;
    let mut store = connect(cli)?;
    let cancel = cancel_on_ctrl_c();
    let progress = Bar::new(cli.quiet || cli.json);
    let options = engine::Options {
        batch_size,
        command: std::env::args().collect::<Vec<_>>().join(" "),
        ingest: ingest::Options { consumed: progress.track_inputs(paths), ..ingest::Options::default() },
        ..engine::Options::default()
    };
    let summary = engine::queue::enqueue(&mut store, paths.to_vec(), &options, &progress, &cancel)?;
    progress.finish();
    if cli.json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else if !cli.quiet {
        println!(
            "queued {} new documents in {} batches into {} ({} already queued or stored, {} skipped) in {:.1}s",
            summary.n_queued,
            summary.n_batches,
            store.name(),
            summary.n_already_known,
            summary.n_skipped,
            summary.seconds
        );
        for d in summary.diagnostics.iter().filter(|d| d.severity == model::Severity::Error) {
            println!("  {}: {} [{}]", d.source, d.message, d.code);
        }
        if summary.interrupted {
            println!("interrupted: run the same command again to queue the rest");
        }
    }
    Ok(if summary.n_skipped > 0 || summary.interrupted { EXIT_PARTIAL } else { EXIT_OK })
}

/// `dossier worker`.
pub fn run(cli: &Cli, args: &Args) -> Result<u8> {
    require_postgres(cli, "worker")?;
    let mut store = connect_with(cli, args.connections.max(1))?;
    let cancel = cancel_on_ctrl_c();
    let host = std::fs::read_to_string("/etc/hostname").map(|h| h.trim().to_string()).unwrap_or_default();
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let options = engine::queue::WorkerOptions {
        owner: format!("{host}:{}:{nanos:08x}", std::process::id()),
        lease: Duration::from_secs(args.lease_seconds.max(1)),
        exit_when_done: args.exit_when_done,
        poll: Duration::from_secs_f64(args.poll_seconds.clamp(0.05, 3600.0)),
        command: std::env::args().collect::<Vec<_>>().join(" "),
    };
    let progress = Bar::new(cli.quiet || cli.json);
    let summary = engine::queue::work(&mut store, &options, &progress, &cancel)?;
    progress.finish();
    if cli.json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else if !cli.quiet {
        let rate = summary.n_processed as f64 / summary.seconds.max(1e-9);
        println!(
            "worker processed {} documents in {} batches ({} stored, {} skipped) in {:.1}s ({rate:.1} docs/s)",
            summary.n_processed, summary.n_batches, summary.n_stored, summary.n_skipped, summary.seconds
        );
        if summary.n_lost_leases > 0 {
            println!("  {} batches taken over by another worker after their lease ran out (raise --lease-seconds)", summary.n_lost_leases);
        }
    }
    Ok(EXIT_OK)
}

/// `dossier reason` on a PostgreSQL store: duplicate links, years and the cross-document pass.
pub fn finalize(cli: &Cli) -> Result<u8> {
    let mut store = connect(cli)?;
    let summary = engine::queue::finalize(&mut store)?;
    if cli.json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else if !cli.quiet {
        println!(
            "linked {} documents in queue order ({} exact and {} near duplicates), {} years from the corpus, in {:.2}s",
            summary.n_documents, summary.n_exact_duplicates, summary.n_near_duplicates, summary.n_years_inferred, summary.seconds
        );
        crate::picture::print_reason_rows(&summary.reasoning);
        if summary.batches_pending > 0 {
            println!("{} batches are not done yet: run `dossier reason` again once the workers finish", summary.batches_pending);
        }
    }
    Ok(EXIT_OK)
}
