//! Throughput of tokenize + segment on ~50 MB of generated news-like text. Prints MB/s; no
//! timing asserts. Run with `cargo test -p annotate --release -- --ignored --nocapture throughput`.

use std::time::Instant;

use annotate::{sentences::segment, tokens::tokenize};

const PARAGRAPHS: &[&str] = &[
    "PORT AMSEL, Jan. {n} (Dossier) — President Tomas Rekker on Wednesday asked the Eastern Security Pact (ESP) to send {n} troops, calling the protesters “terrorists trained abroad.” The request was approved within hours.",
    "Fuel prices rose {n}% on Jan. 1, from 50 to 130 veloras (${n}.28) per litre. Mr. Rekker's government blamed “speculators”, but analysts at Amsel Capital Ltd. disagreed. The U.S. State Department urged restraint.",
    "“We will take decisive action.” Rekker’s spokesman, Dr. Ilse M. Vant, said the first {n},500 troops would arrive by Friday. The ESP—a Russia-led bloc of six states—has never deployed in a member’s territory before.",
    "Прем'єр Қасым Тоқаев didn't comment... Was he right? Officials said no; see https://example.org/veloria/{n} or write to press@amsel-news.vl.",
    "Veloria Asks Pact for Help After Night {n}",
];

fn generate(target: usize) -> String {
    let mut text = String::with_capacity(target + 1024);
    let mut n: u64 = 7;
    let mut i = 0usize;
    while text.len() < target {
        n = n
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let p = PARAGRAPHS[i % PARAGRAPHS.len()].replace("{n}", &((n >> 33) % 1000).to_string());
        text.push_str(&p);
        text.push_str("\n\n");
        i += 1;
    }
    text
}

#[test]
#[ignore = "benchmark: run in release with --ignored --nocapture"]
fn throughput() {
    let text = generate(50_000_000);
    let mb = text.len() as f64 / 1e6;
    let t0 = Instant::now();
    let tokens = tokenize(&text);
    let t1 = Instant::now();
    let sentences = segment(&text, &tokens);
    let t2 = Instant::now();
    let (tok, seg) = ((t1 - t0).as_secs_f64(), (t2 - t1).as_secs_f64());
    println!(
        "{mb:.1} MB, {} tokens, {} sentences",
        tokens.len(),
        sentences.len()
    );
    println!("tokenize          {:7.1} MB/s", mb / tok);
    println!("segment           {:7.1} MB/s", mb / seg);
    println!("tokenize+segment  {:7.1} MB/s", mb / (tok + seg));
}
