//! `dossier serve`: the HTTP API and web workspace (crates/server).

use std::path::Path;

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

pub fn run(db: &Path, args: &Args, quiet: bool) -> Result<u8> {
    server::serve(server::Config { db: db.to_path_buf(), listen: args.listen.clone(), token: args.token.clone(), quiet })?;
    Ok(0)
}
