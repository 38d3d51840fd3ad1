//! `cargo xtask train pos` and `cargo xtask eval pos --data FILE` (not yet implemented).

pub fn train(_args: &[String]) -> anyhow::Result<()> {
    anyhow::bail!("`train pos` is not implemented yet")
}

pub fn eval(_args: &[String]) -> anyhow::Result<()> {
    anyhow::bail!("`eval pos` is not implemented yet")
}
