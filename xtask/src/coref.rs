//! `cargo xtask eval coref`: entity resolution against GUM coreference (placeholder).

use anyhow::Result;

pub fn eval(_args: &[String]) -> Result<()> {
    println!("eval coref: not yet");
    Ok(())
}
