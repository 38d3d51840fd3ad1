//! Prints the expressions of a text: `cargo run -p timex --example show -- 2031-01-16 "text"`.
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dct = args.first().and_then(|a| timex::Date::parse_iso(a));
    for text in args.iter().skip(1) {
        let (found, problems) = timex::annotate(text, dct);
        for t in found {
            println!("{:?} {:?} {} begin={:?} end={:?} mod={:?} {:?} inferred={} resolved={}", &text[t.start..t.end], t.kind, t.value, t.begin, t.end_value, t.modifier, t.anchor, t.year_inferred, t.resolved);
        }
        for p in problems {
            println!("PROBLEM {:?} {}", &text[p.start..p.end], p.message);
        }
    }
}
