//! `cargo xtask bench nlp` (not yet implemented).

pub fn run(_args: &[String]) -> anyhow::Result<()> {
    anyhow::bail!("`bench nlp` is not implemented yet")
}
