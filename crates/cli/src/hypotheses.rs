//! `dossier hypotheses`: the competing explanations the corpus argues about, each source's
//! position on each, and the evidence matrix (analysis of competing hypotheses), as Markdown or
//! JSON. Computed by `engine::claims` from the stored `claims` layer.

use anyhow::Result;
use store::Store;

#[derive(clap::Args)]
pub struct Args {
    /// Print the hypotheses and the matrix as one JSON object instead of Markdown.
    #[arg(long)]
    pub json: bool,
    /// Most evidence rows shown in the Markdown matrix.
    #[arg(long, default_value_t = 30)]
    pub rows: usize,
}

pub fn run(store: &dyn Store, args: &Args) -> Result<u8> {
    let matrix = engine::claims::hypotheses(store)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&matrix)?);
        return Ok(0);
    }
    let cite = |doc: &str| format!("[{}]", doc.get(..8).unwrap_or(doc));
    println!("# Competing explanations");
    println!();
    print!("{}", engine::claims::render(&matrix, &cite, args.rows));
    Ok(0)
}
