use annotate::tokens::tokenize;

use crate::{kind_name, token_texts};

#[track_caller]
fn check(text: &str, expected: &str) {
    assert_eq!(
        token_texts(text, &tokenize(text)),
        expected,
        "tokens of {text:?}"
    );
}

/// Kinds as `text/kind` pairs.
#[track_caller]
fn check_kinds(text: &str, expected: &str) {
    let got = tokenize(text)
        .iter()
        .map(|t| format!("{}/{}", t.span.text(text), kind_name(t.kind)))
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(got, expected, "kinds of {text:?}");
}

#[test]
fn punctuation_is_split_off() {
    check(
        "U.S. policy, 2,500 “peacekeepers”",
        "U.S.|policy|,|2,500|“|peacekeepers|”",
    );
    check(
        "He left; they stayed: (ESP) [1] {x}",
        "He|left|;|they|stayed|:|(|ESP|)|[|1|]|{|x|}",
    );
    check("end.The next", "end|.|The|next");
    check("Why?! No!!!", "Why|?!|No|!!!");
    check("", "");
    check("  \n\n ", "");
}

#[test]
fn abbreviations_and_initials() {
    check(
        "Dr. Mr. Mrs. Ms. Prof. Gen. Col. Lt. Sen. Rep. Gov. St. x",
        "Dr.|Mr.|Mrs.|Ms.|Prof.|Gen.|Col.|Lt.|Sen.|Rep.|Gov.|St.|x",
    );
    check(
        "Jan. 5, Feb. Dec. Inc. Corp. Ltd. Co. vs. etc. x",
        "Jan.|5|,|Feb.|Dec.|Inc.|Corp.|Ltd.|Co.|vs.|etc.|x",
    );
    check(
        "e.g. i.e., at 10 a.m. or 3 p.m. x",
        "e.g.|i.e.|,|at|10|a.m.|or|3|p.m.|x",
    );
    check(
        "the U.S., U.K. and U.N. and U.S.A. x",
        "the|U.S.|,|U.K.|and|U.N.|and|U.S.A.|x",
    );
    check(
        "J. R. R. Tolkien and Svante E. Cornell",
        "J.|R.|R.|Tolkien|and|Svante|E.|Cornell",
    );
    check("a Ph.D. student", "a|Ph.D.|student");
    check(
        "No. 5 and no. 3, but he said No.",
        "No.|5|and|no.|3|,|but|he|said|No|.",
    );
    check("the U.S.-led force", "the|U.S.-led|force");
    check("in the city.", "in|the|city|.");
}

#[test]
fn abbreviation_at_paragraph_end_gives_its_period_to_the_sentence() {
    check("moved to the U.S.\n\nNext", "moved|to|the|U.S|.|Next");
    check("sold to Amsel Inc.  ", "sold|to|Amsel|Inc|.");
    check("the U.S. Senate", "the|U.S.|Senate");
    check("Plan B.", "Plan|B|.");
}

#[test]
fn web_text_oddities() {
    check(
        "community :-) and :( or ;) :D",
        "community|:-)|and|:(|or|;)|:D",
    );
    check("**** NOTICE ==== $$$", "****|NOTICE|====|$$$");
    check(
        "Kevin.A.Boone@example.com at @example.com.",
        "Kevin.A.Boone@example.com|at|@example.com|.",
    );
    check("ext. 37625", "ext.|37625");
}

#[test]
fn numbers() {
    check(
        "3.5 13,000 $9,000 160% 1st 21st 2nd 1990s",
        "3.5|13,000|$|9,000|160|%|1st|21st|2nd|1990s",
    );
    check(
        "10:30 2022-01-05 05.01.2022 11/28/2000",
        "10:30|2022-01-05|05.01.2022|11/28/2000",
    );
    check("in 2022. At 10am", "in|2022|.|At|10|am");
    check(
        "a 15-year term, 2,500-strong",
        "a|15-year|term|,|2,500-strong",
    );
    check("3.5%.", "3.5|%|.");
    check_kinds(
        "Rekker paid $9,000 (160%) on the 21st.",
        "Rekker/word paid/word $/symbol 9,000/number (/punct 160/number %/symbol )/punct on/word the/word 21st/number ./punct",
    );
}

#[test]
fn web_things() {
    check(
        "See https://example.org/a_(b)?c=1. Or www.veloria.vl, mail press@gov.veloria.vl.",
        "See|https://example.org/a_(b)?c=1|.|Or|www.veloria.vl|,|mail|press@gov.veloria.vl|.",
    );
    check(
        "(http://x.vl/p) #Veloria @tomas_rekker #1",
        "(|http://x.vl/p|)|#Veloria|@tomas_rekker|#|1",
    );
    check("Amazon.com and node.js", "Amazon.com|and|node.js");
    check("mail first.last@example.com", "mail|first.last@example.com");
}

#[test]
fn hyphens_and_dashes() {
    check(
        "Russia-led eighty-one-year-old multi-vector",
        "Russia-led|eighty-one-year-old|multi-vector",
    );
    check(
        "CSTO—a military alliance – and more",
        "CSTO|—|a|military|alliance|–|and|more",
    );
    check("wait -- no - yes", "wait|--|no|-|yes");
    check("F-16s and COVID-19", "F-16s|and|COVID-19");
    check("pro- and anti-war", "pro|-|and|anti-war");
}

#[test]
fn apostrophes_and_clitics() {
    check("O'Brien Kazakhstan's", "O'Brien|Kazakhstan|'s");
    check(
        "don't can't won't I'm they're we've she'll I'd",
        "do|n't|ca|n't|wo|n't|I|'m|they|'re|we|'ve|she|'ll|I|'d",
    );
    check("Rekker’s don’t O’Neill’s", "Rekker|’s|do|n’t|O’Neill|’s");
    check("the Kazakhs' leader", "the|Kazakhs|'|leader");
    check("cannot gonna", "can|not|gon|na");
    check("‘It’s over’", "‘|It|’s|over|’");
}

#[test]
fn quotes_and_ellipses() {
    check("\"Hi\" “x” ‘y’ «z» „w“", "\"|Hi|\"|“|x|”|‘|y|’|«|z|»|„|w|“");
    check("Wait... what… then. . .", "Wait|...|what|…|then|.|.|.");
}

#[test]
fn other_scripts_and_symbols() {
    check(
        "Мухтар Аблязов and Қасым-Жомарт Тоқаев.",
        "Мухтар|Аблязов|and|Қасым-Жомарт|Тоқаев|.",
    );
    check("naïve café e\u{301}te", "naïve|café|e\u{301}te");
    check(
        "👍🏽 ok 👨\u{200D}👩\u{200D}👧!",
        "👍🏽|ok|👨\u{200D}👩\u{200D}👧|!",
    );
    check("AT&T and rock & roll", "AT&T|and|rock|&|roll");
    check("20°C, €5 and £3", "20|°|C|,|€|5|and|£|3");
    check("a\u{200B}b\u{FEFF}c", "a|b|c");
    check_kinds("€ — «", "€/symbol —/punct «/punct");
}
