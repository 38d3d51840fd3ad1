//! Integration tests against the committed model (`model/pos.bin`).

use tagger::Tagger;

fn tagger() -> &'static Tagger {
    match Tagger::load_default() {
        Ok(t) => t,
        Err(e) => panic!("committed model does not load: {e}"),
    }
}

/// Tags `sentence` (space-separated words) and compares the XPOS tags.
fn check(sentence: &str, expected_xpos: &str) {
    let words: Vec<&str> = sentence.split(' ').collect();
    let got: Vec<&str> = tagger().tag(&words).iter().map(|t| t.xpos).collect();
    let expected: Vec<&str> = expected_xpos.split(' ').collect();
    assert_eq!(got, expected, "{sentence}");
}

#[test]
fn tags_a_fictional_sentence() {
    check(
        "President Tomas Rekker said on Tuesday that 2,500 troops had arrived .",
        "NNP NNP NNP VBD IN NNP IN CD NNS VBD VBN .",
    );
}

#[test]
fn upos_and_lemmas() {
    let words = [
        "The", "rebels", "were", "stopping", "trucks", "near", "Lake", "Amsel", ".",
    ];
    let tagged = tagger().tag(&words);
    let upos: Vec<&str> = tagged.iter().map(|t| t.upos).collect();
    let lemmas: Vec<&str> = tagged.iter().map(|t| t.lemma.as_str()).collect();
    assert_eq!(
        upos,
        ["DET", "NOUN", "AUX", "VERB", "NOUN", "ADP", "PROPN", "PROPN", "PUNCT"]
    );
    assert_eq!(
        lemmas,
        ["the", "rebel", "be", "stop", "truck", "near", "Lake", "Amsel", "."]
    );
}

#[test]
fn never_panics_on_odd_input() {
    let t = tagger();
    assert!(t.tag(&[]).is_empty());
    let odd = [
        "",
        " ",
        "\u{0}",
        "é",
        "ﬁ",
        "İstanbul",
        "𝔘𝔫𝔦",
        "👍🏽",
        "\u{200b}",
        "-",
        "--",
        "1",
        "1999",
        "3.14",
        "a-b-c",
        "ÀÉÎÕÜ",
        "日本語",
        "\r\n",
        "'s",
        "n't",
        "ß",
        "ǅ",
    ];
    let tagged = t.tag(&odd);
    assert_eq!(tagged.len(), odd.len());
    // Every word alone, and a long sentence built from them.
    for w in odd {
        assert_eq!(t.tag(&[w]).len(), 1);
    }
    let long: Vec<&str> = odd.iter().cycle().take(20_000).copied().collect();
    assert_eq!(t.tag(&long).len(), long.len());
    // Pseudo-random strings from a fixed generator.
    let mut state = 7u64;
    let mut words = Vec::new();
    for _ in 0..500 {
        let mut s = String::new();
        for _ in 0..(state % 12) {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            if let Some(c) = char::from_u32(((state >> 33) % 0x3000) as u32) {
                s.push(c);
            }
        }
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
        words.push(s);
    }
    let refs: Vec<&str> = words.iter().map(String::as_str).collect();
    assert_eq!(t.tag(&refs).len(), refs.len());
    for w in &refs {
        for x in ["NNS", "VBD", "VBG", "JJR", "JJS", "NNPS", "VBZ"] {
            let _ = t.lemma(w, x);
        }
    }
}

/// The product's tokenizer splits clitics as EWT does but keeps the text's apostrophes, so
/// curly `’s` and `n’t` must tag like their straight forms.
#[test]
fn curly_apostrophes_tag_like_straight_ones() {
    check(
        "Rekker did n\u{2019}t visit Amsel \u{2019}s harbour .",
        "NNP VBD RB VB NNP POS NN .",
    );
    check("Rekker did n't visit Amsel 's harbour .", "NNP VBD RB VB NNP POS NN .");
    check("It \u{2019}s cold in Port Amsel .", "PRP VBZ JJ IN NNP NNP .");
    let tagged = tagger().tag(&["They", "do", "n\u{2019}t", "know", "."]);
    assert_eq!(tagged.get(2).map(|t| t.lemma.as_str()), Some("not"));
    let tagged = tagger().tag(&["Veloria", "\u{2019}s", "army"]);
    assert_eq!(tagged.get(1).map(|t| t.upos), Some("PART"));
}

/// Hyphenated words stay whole in the product's tokens (EWT splits them).
#[test]
fn hyphenated_words() {
    check(
        "The Veloria-led coalition sent troops to the north-east .",
        "DT JJ NN VBD NNS IN DT NN .",
    );
    check("They have well-trained troops .", "PRP VBP JJ NNS .");
}

/// A 100,000-word "sentence" (no punctuation) is tagged in bounded time without panicking.
#[test]
fn a_hundred_thousand_words() {
    let vocabulary = ["the", "troops", "of", "Veloria", "crossed", "2,500", "n\u{2019}t", "rivers", "-", "quickly"];
    let words: Vec<&str> = vocabulary.iter().cycle().take(100_000).copied().collect();
    let tagged = tagger().tag(&words);
    assert_eq!(tagged.len(), words.len());
    assert_eq!(tagged.get(3).map(|t| t.xpos), Some("NNP"));
}

/// One 1 MB "word" (no spaces, hyphens and curly apostrophes inside) is tagged and lemmatised.
#[test]
fn a_one_megabyte_word() {
    let word = "Velor\u{2019}ia-led".repeat(80_000);
    for xpos in ["NNS", "VBD", "VBG", "NNP"] {
        assert!(!tagger().lemma(&word, xpos).is_empty());
    }
    let tagged = tagger().tag(&[word.as_str(), "-", word.as_str()]);
    assert_eq!(tagged.len(), 3);
}

#[test]
fn corrupt_models_are_errors() {
    assert!(Tagger::from_bytes(&[]).is_err());
    assert!(Tagger::from_bytes(b"not a model").is_err());
    let good = include_bytes!("../../model/pos.bin");
    for cut in [1, 10, 100, good.len() / 2] {
        assert!(Tagger::from_bytes(good.get(..cut).unwrap_or(&[])).is_err());
    }
}
