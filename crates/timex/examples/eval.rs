//! Development runner: `cargo run --release -p timex --example eval -- [DIR] [--errors]`.
//! (`cargo xtask eval timex` prints the same table.)
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args.iter().find(|a| !a.starts_with("--")).map(String::as_str).unwrap_or("../shared/eval/tempeval3/TBAQ-cleaned");
    let docs = match timex::eval::load_dir(std::path::Path::new(dir)) {
        Ok(d) => d,
        Err(e) => {
            println!("no data at {dir}: {e}");
            return;
        }
    };
    let r = timex::eval::evaluate(&docs);
    if args.iter().any(|a| a == "--errors") {
        for m in &r.mismatches {
            let g = m.gold.as_ref().map(|(t, k, v)| format!("{t} | {k} | {v}")).unwrap_or_default();
            let s = m.system.as_ref().map(|(t, k, v)| format!("{t} | {k} | {v}")).unwrap_or_default();
            println!("{}\t{}\tG: {}\tS: {}\tdct={:?}", m.what, m.doc, g, s, m.dct.map(|d| d.iso()));
        }
    }
    print!("{}", r.table());
}
