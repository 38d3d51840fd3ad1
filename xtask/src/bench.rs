//! `cargo xtask bench ingest` (placeholder).

pub fn ingest(_args: &[String]) -> anyhow::Result<()> {
    anyhow::bail!("not yet implemented")
}
