//! Article-body extraction and metadata on pages we wrote ourselves (a fictional news site).

use clean::html::extract;
use clean::BlockKind;

const VELORIA: &str = include_str!("fixtures/html/veloria-news.html");

/// Checks the extracted blocks, one `kind: text` line each.
fn check(html: &str, expected: &[&str]) {
    let out = extract(html, None);
    let got: Vec<String> = out
        .blocks
        .iter()
        .map(|b| format!("{:?}: {}", b.kind, b.text))
        .collect();
    assert_eq!(got, expected, "\ngot:\n{}", got.join("\n"));
}

#[test]
fn body_of_a_news_page() {
    check(
        VELORIA,
        &[
            "Paragraph: The government of Veloria lifted the night curfew in Port Amsel on Tuesday, a week after protests over fuel prices turned violent in the capital.",
            "Paragraph: President Tomas Rekker said in a televised address that order had been restored & that talks with opposition leaders would resume on Thursday.",
            "Heading: What the opposition wants",
            "Paragraph: Opposition leaders have demanded the release of all detained protesters, an independent inquiry into the deaths, and a freeze on fuel prices until the end of the year.",
            "ListItem: Release of detained protesters",
            "ListItem: An independent inquiry",
            "Quote: We will not negotiate while our people remain in prison cells across the country.",
            "Paragraph: Shops and markets in the old town reopened on Wednesday morning, and the airport said flights would run on the normal schedule from the weekend.",
        ],
    );
}

#[test]
fn metadata_of_a_news_page() {
    let out = extract(
        VELORIA,
        Some("https://courier.example.vl/politics/curfew-lifted-port-amsel?utm=x"),
    );
    let m = out.meta;
    assert_eq!(
        m.title.as_deref(),
        Some("Curfew lifted in Port Amsel as talks resume")
    );
    assert_eq!(m.authors, vec!["Mara Okonne", "Ilse Varga"]);
    assert_eq!(m.published.as_deref(), Some("2022-01-11"));
    assert_eq!(m.outlet.as_deref(), Some("The Veloria Courier"));
    assert_eq!(
        m.url.as_deref(),
        Some("https://courier.example.vl/politics/curfew-lifted-port-amsel")
    );
    assert_eq!(m.language, None);
}

#[test]
fn sources_point_at_the_text() {
    let out = extract(VELORIA, None);
    let mut last = 0;
    for block in &out.blocks {
        let src = block
            .source
            .clone()
            .expect("every block of the fixture is found");
        assert!(src.start >= last, "blocks are located in order");
        let raw = &VELORIA[src.clone()];
        let first_word = block.text.split_whitespace().next().unwrap_or("");
        assert!(
            raw.starts_with(first_word),
            "{raw:?} should start with {first_word:?}"
        );
        last = src.start;
    }
}

#[test]
fn metadata_from_plain_tags_and_visible_byline() {
    let html = r#"<html><head><title>Port Amsel port reopens - Amsel Daily</title>
        <meta name="application-name" content="Amsel Daily">
        <meta name="dc.date" content="05.01.2022"></head>
        <body><div class="post"><h1>Port Amsel port reopens</h1><p>By Tomas Varga and Ana Lind | 5 January 2022</p>
        <p>The port of Port Amsel reopened to container ships on Wednesday after a three-day closure during the unrest.</p>
        <p>Dock workers returned to their shifts in the morning, the port authority said in a short statement to reporters.</p></div></body></html>"#;
    let out = extract(html, Some("https://daily.example.vl/port"));
    assert_eq!(out.meta.title.as_deref(), Some("Port Amsel port reopens"));
    assert_eq!(out.meta.outlet.as_deref(), Some("Amsel Daily"));
    assert_eq!(out.meta.published.as_deref(), Some("2022-01-05"));
    assert_eq!(out.meta.authors, vec!["Tomas Varga", "Ana Lind"]);
    assert_eq!(
        out.meta.url.as_deref(),
        Some("https://daily.example.vl/port")
    );
    assert_eq!(out.blocks.len(), 2, "{:?}", out.blocks);
    assert!(out.blocks.iter().all(|b| b.kind == BlockKind::Paragraph));
}

#[test]
fn outlet_falls_back_to_host_and_title_suffix_is_stripped() {
    let html = "<html><head><title>Rekker meets envoys | Amselpost</title></head><body><article>\
        <p>President Tomas Rekker met foreign envoys in Port Amsel on Friday to discuss the end of the state of emergency.</p>\
        </article></body></html>";
    let out = extract(html, Some("https://www.amselpost.example/news/1"));
    assert_eq!(out.meta.outlet.as_deref(), Some("amselpost.example"));
    assert_eq!(out.meta.title.as_deref(), Some("Rekker meets envoys"));
    assert_eq!(out.blocks.len(), 1);
}

#[test]
fn never_panics_on_odd_input() {
    for html in [
        "",
        "<",
        "<html>",
        "<p>",
        "\u{0}\u{ffff}",
        "<div><div><div>",
        "<script>",
        "<p>a</p>",
        "&amp;&#xZZ;",
    ] {
        let out = extract(html, Some("not a url"));
        for b in &out.blocks {
            if let Some(r) = &b.source {
                assert!(html.get(r.clone()).is_some());
            }
        }
    }
    let deep = "<div>".repeat(5000)
        + "Port Amsel is quiet tonight, residents say, after a week of protests."
        + &"</div>".repeat(5000);
    let _ = extract(&deep, None);
}

#[test]
fn no_body_gives_a_warning() {
    let out = extract(
        "<html><body><nav><a href='/'>Home</a></nav></body></html>",
        None,
    );
    assert!(out.blocks.is_empty());
    assert_eq!(out.warnings, vec!["no article body found"]);
}

/// Checks that the extracted text (blocks joined by newlines) holds every `wanted` snippet and
/// none of the `unwanted` ones.
fn check_text(html: &str, wanted: &[&str], unwanted: &[&str]) {
    let out = extract(html, None);
    let text = out
        .blocks
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    for w in wanted {
        assert!(text.contains(w), "missing {w:?} in:\n{text}");
    }
    for u in unwanted {
        assert!(!text.contains(u), "unwanted {u:?} in:\n{text}");
    }
}

/// Regression: generated CSS-in-JS classes (`tagStyle_z4kqwb`) hold boilerplate words by chance
/// (`tags`); every paragraph of such a page was dropped.
#[test]
fn generated_class_names_are_not_boilerplate() {
    check_text(
        include_str!("fixtures/html/generated-classes.html"),
        &[
            "The Amsel river burst its banks",
            "Around two hundred families",
            "The weather service expects",
        ],
        &["harbour festival"],
    );
}

/// Regression: a page builder marked every section of the article `Section--Ads` (sections that
/// may hold ads); each one alone looked like furniture, so the article was dropped piece by piece.
/// Removers sharing tag and class are judged together.
#[test]
fn repeated_hint_classes_are_judged_together() {
    check_text(
        include_str!("fixtures/html/page-builder-sections.html"),
        &[
            "is built from stainless steel",
            "reaches eight hundred degrees",
            "The drip tray slides out",
            "For its price the Rekker 3000",
        ],
        &["Our newsletter brings", "Advertisement"],
    );
}

/// Regression: a comment section longer than the article was taken for a mislabelled page
/// wrapper and became the body. It is not one when the title heading lies outside it and the
/// article stands on its own.
#[test]
fn comments_longer_than_the_article_stay_out() {
    check_text(
        include_str!("fixtures/html/long-comments.html"),
        &[
            "The Amsel river burst its banks",
            "The mayor, Ilse Varga, asked residents",
        ],
        &["council was warned about the dikes", "We were lucky"],
    );
}

/// Regression: an article laid out as template rows (`div.row > div.col > p`) with an ad row
/// between the opening and the rest lost its opening: only the container's own siblings could
/// join, and the opening sat next to the container's prose-less wrapper.
#[test]
fn opening_in_a_sibling_row_joins_the_body() {
    check_text(
        include_str!("fixtures/html/split-rows.html"),
        &[
            "Fuel prices in Veloria have doubled",
            "The government blames the closure",
            "The northern refinery near Lake Orsa",
            "Bus companies have added morning services",
        ],
        &["Latest stories", "loadAd"],
    );
}

/// Regression: the standfirst of an article sat in the article's `header` (dropped as page
/// furniture) and, even when kept, outside the chosen body. A `header` inside `article` is the
/// article's own, and the nearest part with prose before the body joins it as the lead (its
/// prose only: not the headline in another wording, not the dateline).
#[test]
fn standfirst_before_the_body_is_kept() {
    check_text(
        include_str!("fixtures/html/standfirst.html"),
        &[
            "President Tomas Rekker has named the economist Ilse Varga",
            "Varga, who taught at the university",
            "Parliament is expected to confirm",
        ],
        &[
            "President names economist",
            "Updated 12 May",
            "Courier Media",
            "Politics",
        ],
    );
}
