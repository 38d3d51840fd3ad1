//! `cargo xtask bench serve`: the HTTP API under concurrent load (issue 8). Being built.

use anyhow::{bail, Result};

pub fn run(_args: &[String]) -> Result<()> {
    bail!("bench serve is being built (issue 8)")
}
