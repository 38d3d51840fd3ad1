//! `cargo xtask bench scale` (being built in session 7).

use anyhow::{bail, Result};

pub fn run(_args: &[String]) -> Result<()> {
    bail!("not built yet")
}
