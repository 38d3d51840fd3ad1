//! `cargo xtask train ner` and `cargo xtask eval ner --data FILE` (not yet implemented).

pub fn train(_args: &[String]) -> anyhow::Result<()> {
    anyhow::bail!("`train ner` is not implemented yet")
}

pub fn eval(_args: &[String]) -> anyhow::Result<()> {
    anyhow::bail!("`eval ner` is not implemented yet")
}
