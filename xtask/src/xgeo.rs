//! Being built in session 7.

use anyhow::{bail, Result};

pub fn eval(_args: &[String]) -> Result<()> {
    bail!("not built yet")
}

pub fn bench(_args: &[String]) -> Result<()> {
    bail!("not built yet")
}

pub fn build(_args: &[String]) -> Result<()> {
    bail!("not built yet")
}
