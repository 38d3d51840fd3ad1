use annotate::{sentences::segment, tokens::tokenize};

use crate::sentence_lines;

/// `expected` has one line per sentence: `paragraph: text`.
#[track_caller]
fn check(text: &str, expected: &str) {
    let tokens = tokenize(text);
    assert_eq!(
        sentence_lines(text, &segment(text, &tokens)),
        expected.trim(),
        "sentences of {text:?}"
    );
}

#[test]
fn plain_sentences() {
    check(
        "Rekker arrived. He spoke briefly! Did anyone listen? Nobody knows…",
        "
0: Rekker arrived.
0: He spoke briefly!
0: Did anyone listen?
0: Nobody knows…",
    );
    check(
        "It rose 3.5 percent. The rest, 2,500 units, fell.",
        "
0: It rose 3.5 percent.
0: The rest, 2,500 units, fell.",
    );
    check(
        "One: two; three. Four",
        "
0: One: two; three.
0: Four",
    );
}

#[test]
fn abbreviations_do_not_split() {
    check(
        "Dr. Lena Voss met Mr. Rekker and Gen. Arno Pike on Jan. 5 in St. Amsel.",
        "
0: Dr. Lena Voss met Mr. Rekker and Gen. Arno Pike on Jan. 5 in St. Amsel.",
    );
    check(
        "Svante E. Cornell and J. R. R. Tolkien wrote it, e.g. in No. 5 vs. No. 6.",
        "
0: Svante E. Cornell and J. R. R. Tolkien wrote it, e.g. in No. 5 vs. No. 6.",
    );
    check(
        "The U.S. Senate and Veloria Corp. Ltd. agreed.",
        "
0: The U.S. Senate and Veloria Corp. Ltd. agreed.",
    );
    check(
        "Prices, etc. rose at 10 a.m. Tuesday.",
        "
0: Prices, etc. rose at 10 a.m. Tuesday.",
    );
}

#[test]
fn abbreviations_that_end_sentences() {
    check(
        "Troops came from the U.S. The Senate objected.",
        "
0: Troops came from the U.S.
0: The Senate objected.",
    );
    check(
        "It sold to Amsel Inc. But the deal failed.",
        "
0: It sold to Amsel Inc.
0: But the deal failed.",
    );
    check(
        "Fuel, bread, etc. He listed them all.",
        "
0: Fuel, bread, etc.
0: He listed them all.",
    );
    check(
        "They met at 10 a.m. “We agreed,” he said.",
        "
0: They met at 10 a.m.
0: “We agreed,” he said.",
    );
}

#[test]
fn quotes_and_brackets_stay_with_their_sentence() {
    check(
        "“We will take action.” The next day troops moved.",
        "
0: “We will take action.”
0: The next day troops moved.",
    );
    check(
        "He said: \"Enough.\" Then he left. (It was late.) Nobody followed.",
        "
0: He said: \"Enough.\"
0: Then he left.
0: (It was late.)
0: Nobody followed.",
    );
    check(
        "“Why?” he asked. “Because!” she said.",
        "
0: “Why?” he asked.
0: “Because!” she said.",
    );
}

#[test]
fn bare_question_marks_split_before_lowercase() {
    check(
        "Where did you grow up? india? Fine.",
        "
0: Where did you grow up?
0: india?
0: Fine.",
    );
}

#[test]
fn glued_marks_do_not_split() {
    check(
        "Out of 650k works...70k remain. Mail franz...@example.com today",
        "
0: Out of 650k works...70k remain.
0: Mail franz...@example.com today",
    );
}

#[test]
fn lowercase_after_a_period_goes_on() {
    check(
        "The talks… resumed later. It was... not enough.",
        "
0: The talks… resumed later.
0: It was... not enough.",
    );
    check(
        "Ministers met. and then left.",
        "
0: Ministers met. and then left.",
    );
}

#[test]
fn paragraphs_and_lines() {
    check("Veloria Calls for Peacekeepers\n\nRekker spoke. Crowds gathered.\n\nFirst item\n\nSecond item.\nA third line", "
0: Veloria Calls for Peacekeepers
1: Rekker spoke.
1: Crowds gathered.
2: First item
3: Second item.
3: A third line");
    check(
        "\n\nLeading blank lines\n\n\n\nand gaps\n\n",
        "
0: Leading blank lines
1: and gaps",
    );
    check("", "");
}
