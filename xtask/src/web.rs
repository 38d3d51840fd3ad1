//! `cargo xtask web`: builds the web workspace's front end (issue 8) into `web/dist/`.
//!
//! Runs `npm ci` in `web/` (or `npm install` when `package-lock.json` is missing, which
//! writes one), then `node build.mjs`, which bundles `web/src/` and the pinned npm libraries
//! into `web/dist/{index.html, app.js, app.css}`. The server crate embeds `web/dist` at
//! compile time, so run this before `cargo build`. Options: `--skip-install` (reuse
//! `web/node_modules` as it is).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

pub fn run(args: &[String]) -> Result<()> {
    let mut skip_install = false;
    for a in args {
        match a.as_str() {
            "--skip-install" => skip_install = true,
            "-h" | "--help" => {
                println!(
                    "cargo xtask web [--skip-install]\n\n\
                     Installs the web workspace's npm dependencies from web/package-lock.json (npm ci)\n\
                     and builds web/dist/ (node build.mjs). Needs Node.js 20+ and npm."
                );
                return Ok(());
            }
            other => {
                bail!("unknown option `{other}` for `cargo xtask web` (known: --skip-install)")
            }
        }
    }
    let web = web_dir();
    if !web.join("package.json").is_file() {
        bail!("{} has no package.json", web.display());
    }
    check_tool(
        "node",
        "Node.js 20 or later (Debian: apt-get install nodejs)",
    )?;
    if !skip_install {
        check_tool("npm", "npm (Debian: apt-get install npm)")?;
        let lock = web.join("package-lock.json").is_file();
        let verb = if lock { "ci" } else { "install" };
        let mut cmd = Command::new("npm");
        cmd.arg(verb).args(["--no-audit", "--no-fund"]);
        step(&web, &mut cmd, &format!("npm {verb}"))?;
    } else if !web.join("node_modules").is_dir() {
        bail!(
            "--skip-install given but {} is missing: run `cargo xtask web` without it",
            web.join("node_modules").display()
        );
    }
    step(
        &web,
        Command::new("node").arg("build.mjs"),
        "node build.mjs",
    )?;
    for name in ["index.html", "app.js", "app.css"] {
        let p = web.join("dist").join(name);
        if !p.is_file() {
            bail!("the build did not write {}", p.display());
        }
    }
    println!(
        "built {} (now `cargo build` embeds it in dossier)",
        web.join("dist").display()
    );
    Ok(())
}

/// `web/` beside the workspace root.
fn web_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(|root| root.join("web"))
        .unwrap_or_else(|| PathBuf::from("web"))
}

/// Fails with an install hint when `tool --version` cannot run.
fn check_tool(tool: &str, hint: &str) -> Result<()> {
    match Command::new(tool).arg("--version").output() {
        Ok(out) if out.status.success() => Ok(()),
        Ok(out) => bail!(
            "`{tool} --version` failed ({}): the web build needs {hint}",
            out.status
        ),
        Err(e) => bail!("`{tool}` not found ({e}): the web build needs {hint}"),
    }
}

/// Runs `cmd` in `dir`, passing its output through, and fails naming the step.
fn step(dir: &Path, cmd: &mut Command, what: &str) -> Result<()> {
    println!("web: {what}");
    let status = cmd
        .current_dir(dir)
        .status()
        .with_context(|| format!("could not start `{what}` in {}", dir.display()))?;
    if !status.success() {
        bail!("`{what}` in {} failed ({status})", dir.display());
    }
    Ok(())
}
