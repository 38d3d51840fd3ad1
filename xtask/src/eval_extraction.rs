//! `cargo xtask eval extraction --data DIR` (placeholder).

pub fn run(_args: &[String]) -> anyhow::Result<()> {
    anyhow::bail!("not yet implemented")
}
