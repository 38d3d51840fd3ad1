//! `cargo xtask train parse` and `cargo xtask eval parse --data FILE` (not yet implemented).

pub fn train(_args: &[String]) -> anyhow::Result<()> {
    anyhow::bail!("`train parse` is not implemented yet")
}

pub fn eval(_args: &[String]) -> anyhow::Result<()> {
    anyhow::bail!("`eval parse` is not implemented yet")
}
