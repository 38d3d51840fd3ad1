//! `dossier serve`: the HTTP API and web workspace (crates/server).

use std::path::{Path, PathBuf};

use anyhow::Result;

#[derive(clap::Args)]
pub struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: String,
    /// Token that write endpoints (ingest) require; without one the server is read-only.
    #[arg(long, env = "DOSSIER_TOKEN", hide_env_values = true)]
    token: Option<String>,
}

pub fn run(db: &Path, args: &Args, _quiet: bool) -> Result<u8> {
    let _ = (PathBuf::from(db), &args.listen, &args.token);
    anyhow::bail!("`dossier serve` is being built (issue 8)")
}
