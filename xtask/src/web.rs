//! `cargo xtask web`: builds the web workspace's front end (issue 8). Being built.

use anyhow::{bail, Result};

pub fn run(_args: &[String]) -> Result<()> {
    bail!("xtask web is being built (issue 8)")
}
