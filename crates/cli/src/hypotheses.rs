//! `dossier hypotheses` (being built in session 7; issue 10).

use anyhow::{bail, Result};
use store::SqliteStore;

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_store: &SqliteStore, _args: &Args) -> Result<u8> {
    bail!("not built yet")
}
