//! Integration tests: one `check` per expression family, on sentences about the fictional
//! country of Veloria in January 2031, plus anchoring, problems and robustness.

use timex::{annotate, dateline, AnchorUse, Date, Kind, Timex};

/// Thursday 16 January 2031.
fn dct() -> Option<Date> {
    Date::new(2031, 1, 16)
}

/// Renders the expressions one per line: `KIND "text" value [mod] [begin..end]`.
fn render(text: &str, found: &[Timex]) -> String {
    found
        .iter()
        .map(|t| {
            let mut s = format!("{} {:?} {}", t.kind.as_str(), &text[t.start..t.end], t.value);
            if let Some(m) = t.modifier {
                s += &format!(" mod={m}");
            }
            if let (Some(b), Some(e)) = (&t.begin, &t.end_value) {
                s += &format!(" range={b}..{e}");
            }
            s
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn check(text: &str, expected: &str) {
    check_with(text, dct(), expected);
}

fn check_with(text: &str, dct: Option<Date>, expected: &str) {
    let (found, problems) = annotate(text, dct);
    assert!(problems.is_empty(), "unexpected problems in {text:?}: {problems:?}");
    let got = render(text, &found);
    let want = expected.trim().lines().map(str::trim).collect::<Vec<_>>().join("\n");
    assert_eq!(got, want, "\ntext: {text}\n--- got ---\n{got}\n--- want ---\n{want}\n");
}

#[test]
fn explicit_dates() {
    check(
        "Veloria declared independence on January 5, 2029 and held elections on 5 March 2030.",
        r#"DATE "January 5, 2029" 2029-01-05
           DATE "5 March 2030" 2030-03-05"#,
    );
    check(
        "The decree of Jan. 5 was replaced on Sept 30, 2030 and on the fifth of January.",
        r#"DATE "Jan. 5" 2031-01-05
           DATE "Sept 30, 2030" 2030-09-30
           DATE "the fifth of January" 2031-01-05"#,
    );
    check(
        "Signed 2030-11-02, amended 05.01.2031 and 01/12/2031.",
        r#"DATE "2030-11-02" 2030-11-02
           DATE "05.01.2031" 2031-01-05
           DATE "01/12/2031" 2031-01-12"#,
    );
    check(
        "The talks on the 12th, which collapsed, and the twenty-first of December 2030 was worse. It will be calm on the 2nd.",
        r#"DATE "the 12th" 2031-01-12
           DATE "the twenty-first of December 2030" 2030-12-21
           DATE "the 2nd" 2031-02-02"#,
    );
}

#[test]
fn years_decades_centuries_seasons_quarters() {
    check(
        "In 2029 the economy shrank, as it had in the 1990s and the '80s, in the 21st century, in the summer of 2030 and in the third quarter.",
        r#"DATE "2029" 2029
           DATE "the 1990s" 199
           DATE "the '80s" 198
           DATE "the 21st century" 20
           DATE "the summer of 2030" 2030-SU
           DATE "the third quarter" 2030-Q3"#,
    );
    check("About 2000 people marched.", "");
    // A year after "the" names the year even before a plural noun.
    check("Leaders of the 2029 protests met 2000 delegates.", r#"DATE "2029" 2029"#);
    check("Sales in the first half of 2030 fell.", r#"DATE "the first half of 2030" 2030-H1"#);
}

#[test]
fn month_and_day_take_the_nearest_year() {
    // A news article from 2031-01-10 that says "December 28" means 2030-12-28.
    let (found, _) = annotate("Rebels have held the town since December 28.", Date::new(2031, 1, 10));
    assert_eq!(found[0].value, "2030-12-28");
    assert!(found[0].year_inferred);
    assert_eq!(found[0].anchor, AnchorUse::Dct);
    check("Fighting resumed in December.", r#"DATE "December" 2030-12"#);
}

#[test]
fn deictic_expressions() {
    check(
        "Yesterday the army withdrew; today it returned, and tomorrow it will parade. Tonight there is a curfew.",
        r#"DATE "Yesterday" 2031-01-15
           DATE "today" 2031-01-16
           DATE "tomorrow" 2031-01-17
           TIME "Tonight" 2031-01-16TNI"#,
    );
    check(
        "Last week the minister resigned; this month prices rose; next year elections are due.",
        r#"DATE "Last week" 2031-W02
           DATE "this month" 2031-01
           DATE "next year" 2032"#,
    );
    check(
        "Two years ago the border closed; twenty-one days ago it reopened.",
        r#"DATE "Two years ago" 2029
           DATE "twenty-one days ago" 2030-12-26"#,
    );
    check(
        "This morning the mayor spoke. Last night shelling resumed.",
        r#"TIME "This morning" 2031-01-16TMO
           TIME "Last night" 2031-01-15TNI"#,
    );
}

#[test]
fn weekdays_lean_to_the_past_unless_future() {
    check("The parliament met on Tuesday.", r#"DATE "Tuesday" 2031-01-14"#);
    check("The parliament will meet on Friday.", r#"DATE "Friday" 2031-01-17"#);
    check("The vote happened on Thursday.", r#"DATE "Thursday" 2031-01-16"#);
    check("Officials spoke Mon. and again last Friday.", r#"DATE "Mon." 2031-01-13
        DATE "last Friday" 2031-01-10"#);
    check("The strike began Wednesday night.", r#"DATE "Wednesday night" 2031-01-15TNI"#);
}

#[test]
fn earnings_reports_refer_to_the_quarter_mentioned() {
    // DCT in January 2031: the last complete quarter is 2030-Q4, but the report names Q3.
    check(
        "Velbank earned 3 million florins in the third quarter. In the quarter, deposits rose; the year-ago quarter had a loss.",
        r#"DATE "the third quarter" 2030-Q3
           DATE "the quarter" 2030-Q3
           DATE "the year-ago quarter" 2029-Q3"#,
    );
    // "The latest quarter" is the last complete one; "year-earlier" results compare with it,
    // or with the year before the DCT when no quarter is being reported.
    check(
        "In the latest quarter, Velbank lost money; the year-earlier results were restated.",
        r#"DATE "the latest quarter" 2030-Q4
           DATE "year-earlier" 2029-Q4"#,
    );
    check("Velbank lost money; the year-earlier results were restated.", r#"DATE "year-earlier" 2030"#);
    // "The latest period" after a fiscal quarter is that quarter.
    check(
        "Velbank posted net income for the fiscal second quarter. The latest period included gains.",
        r#"DATE "the fiscal second quarter" 2030-Q2
           DATE "The latest period" 2030-Q2"#,
    );
    // With no quarter mentioned before, "the quarter ended July 31" is the calendar quarter
    // of its middle month.
    check(
        "In the quarter ended July 31, Velbank lost money.",
        r#"DATE "the quarter" 2030-Q2
           DATE "July 31" 2030-07-31"#,
    );
    // A quarter described in passing ("a weak third quarter") is not the one reported.
    check(
        "Velbank posted a gain in fourth-quarter profit. After a weak third quarter, costs fell; in the year-earlier period they rose.",
        r#"DATE "fourth-quarter" 2030-Q4
           DATE "third quarter" 2030-Q3
           DATE "the year-earlier period" 2029-Q4"#,
    );
    // "the year-earlier nine months" is the span compared: a duration.
    check("Net for the year-earlier nine months included a gain.", r#"DURATION "the year-earlier nine months" P9M"#);
    // "The latest fiscal year" is the last complete one too.
    check("Velbank earned $5 million in the latest fiscal year.", r#"DATE "the latest fiscal year" 2030"#);
    // A comparison does not move the story: "a year earlier" after "year-earlier" is still
    // a year before the reported quarter, not two.
    check(
        "Third-quarter profit rose. Year-earlier sales were lower, and costs fell from a year earlier.",
        r#"DATE "Third-quarter" 2030-Q3
           DATE "Year-earlier" 2029-Q3
           DATE "a year earlier" 2029-Q3"#,
    );
    check(
        "Velbank earned more in the third quarter than in the quarter a year ago, the corresponding period last year or last year's quarter.",
        r#"DATE "the third quarter" 2030-Q3
           DATE "the quarter a year ago" 2029-Q3
           DATE "the corresponding period last year" 2029-Q3
           DATE "last year's quarter" 2029-Q3"#,
    );
}

#[test]
fn weeks_of_dates_years_of_quarters_and_named_days() {
    check("A hearing is set for the week of March 6.", r#"DATE "the week of March 6" 2031-W10"#);
    check("The siege began last Oct. 23.", r#"DATE "last Oct. 23" 2030-10-23"#);
    check("It was the coldest since the winter of nineteen ninety-four.", r#"DATE "the winter of nineteen ninety-four" 1994-WI"#);
    check(
        "Velbank lost money in the third quarter, against a profit in the 2029 quarter.",
        r#"DATE "the third quarter" 2030-Q3
           DATE "the 2029 quarter" 2029-Q3"#,
    );
}

#[test]
fn rates_titles_and_more_phrases() {
    // Rates are no times, but "a year ago" after a number still is.
    check("Velbank pays $2 million a year and runs four flights a week.", "");
    check("Guards stand watch 24 hours a day, seven days a week.", "");
    check("Sales should rise 8.5% annually and output 10,000 units annually; the fair is held annually.", r#"SET "annually" P1Y"#);
    check("For the rebels, high noon comes today.", r#"DATE "today" 2031-01-16"#);
    check("The city is more than two thousand years old; the siege took two to three weeks.", r#"DURATION "two to three weeks" P2W"#);
    check("The temple stood for two thousand years.", r#"DURATION "two thousand years" P2000Y"#);
    // Adjectives made of a unit: "quarter-to-quarter" is no quarter.
    check("The quarter-to-quarter comparison improved.", "");
    check("It earned $2 million a year ago.", r#"DATE "a year ago" 2030"#);
    check("After a two day visit, the envoy left.", r#"DURATION "two day" P2D"#);
    check("It lasted almost a hundred years and ended a week or so ago.", r#"DURATION "a hundred years" P100Y mod=LESS_THAN
        DATE "a week or so ago" 2031-W02"#);
    check("Velbank earned more in the year ended Sept. 30, a high for the year.", r#"DURATION "the year" P1Y
        DATE "Sept. 30" 2030-09-30
        DATE "the year" 2031"#);
    check("Sales rose in the fiscal year ending in June.", r#"DURATION "the fiscal year" P1Y
        DATE "June" 2030-06"#);
    // Ages, and initials that look like "p.m.".
    check("Mr. Vel, 52 years old, met 1 U.S. envoy.", "");
    // "March" as a noun, but as an adjective a date.
    check("They joined the March for Life; the March accession was signed.", r#"DATE "March" 2031-03"#);
    // A programme title.
    check("He told This Week that talks would go on.", "");
    check("The fall of the cabinet came as no surprise.", "");
    check("The fleet sailed in the early summer, in the weeks ahead or in the next couple of years.", r#"DATE "the early summer" 2030-SU mod=START
        DURATION "the weeks ahead" PXW
        DURATION "the next couple of years" P2Y"#);
    check("Shots were heard mid-afternoon yesterday.", r#"TIME "mid-afternoon yesterday" 2031-01-15TAF mod=MID"#);
}

#[test]
fn the_tense_of_the_sentence_chooses_past_or_future() {
    // The future cue may come long before the date, or after it.
    check("Velorian troops will, according to the defence ministry in the capital, withdraw from the border on Monday.", r#"DATE "Monday" 2031-01-20"#);
    check("On Monday, the army is going to withdraw.", r#"DATE "Monday" 2031-01-20"#);
    // The nearest cue wins: the reported plan was for a day already past.
    check("The ministry said it will publish the figures, which were released on Monday.", r#"DATE "Monday" 2031-01-13"#);
    check("The envoy will return in December.", r#"DATE "December" 2031-12"#);
    // A season without a year: in January, a future spring is this year's, a past one last year's.
    check("Prices will rise in the spring.", r#"DATE "the spring" 2031-SP"#);
    check("Prices rose in the spring.", r#"DATE "the spring" 2030-SP"#);
    check("The envoy returned in December.", r#"DATE "December" 2030-12"#);
    // A month three months ahead is in the future unless the sentence is in the past tense,
    // but a deadline keeps the future.
    check("The envoy resigns in April.", r#"DATE "April" 2031-04"#);
    check("The envoy resigned in April.", r#"DATE "April" 2030-04"#);
    check("The loan was extended by April.", r#"DATE "April" 2031-04"#);
}

#[test]
fn the_tense_reads_past_abbreviations_adjectives_and_schedules() {
    // A full stop after "vs." or before a comma ends no sentence: the verb after it still
    // tells the tense ("killed": last May, not the next one).
    check(
        "In May, a week after the ruling in Vel vs. Ostrava, a bomb in Kara, Vel., killed two guards.",
        r#"DATE "May" 2030-05
           DURATION "a week" P1W"#,
    );
    check("On Monday, Gen. Arlo will lead the parade.", r#"DATE "Monday" 2031-01-20"#);
    // A word in -ed after an article is an adjective, not a past tense.
    check("The bonus would be paid on a still unspecified date in May.", r#"DATE "May" 2031-05"#);
    // Schedules: the future after "is" or before "to"/"for", the past after "had been".
    check("The merger is scheduled to close Monday.", r#"DATE "Monday" 2031-01-20"#);
    check("The vote had been scheduled for Monday.", r#"DATE "Monday" 2031-01-13"#);
    check("Talks are expected to resume in Kara Tuesday.", r#"DATE "Tuesday" 2031-01-21"#);
    check("The port is to reopen Tuesday.", r#"DATE "Tuesday" 2031-01-21"#);
}

#[test]
fn holidays_coordinated_days_and_more_spans() {
    check(
        "Pilgrims will come in Easter week and the vote will be held on Election Day, not on Easter Island.",
        r#"DATE "Easter week" 2031-W15
           DATE "Election Day" 2031-11-04"#,
    );
    check("The fleet sailed on Easter Sunday.", r#"DATE "Easter Sunday" 2030-04-21"#);
    check("The envoy came last Christmas and will return next Easter.", r#"DATE "last Christmas" 2030-12-25
        DATE "next Easter" 2031-04-13"#);
    check("Velbank earned more in the latest nine months.", r#"DURATION "the latest nine months" P9M"#);
    // Two days of one month joined by "and" are two expressions, not a range.
    check(
        "The summit will be held on April 24 and 25.",
        r#"DATE "April 24" 2031-04-24
           DATE "25" 2031-04-25"#,
    );
    check("On June 5 and 6 people died.", r#"DATE "June 5" 2030-06-05"#);
    check(
        "The loan may run for an additional year, another two weeks or eight trading days.",
        r#"DURATION "an additional year" P1Y
           DURATION "another two weeks" P2W
           DURATION "eight trading days" P8D"#,
    );
    // "quarters of" is a fraction only with a number.
    check("Velbank made money after several quarters of losses and won a quarter of the votes.", r#"DURATION "several quarters" PXQ"#);
    check(
        "Prices will stay low in the near term and the short term, whatever the long-term debt.",
        r#"DATE "the near term" FUTURE_REF
           DATE "the short term" FUTURE_REF"#,
    );
    check("Sales fell in the last half of 2030.", r#"DATE "the last half of 2030" 2030-H2"#);
    // "at a later date" is some time to come; "the future of" a country is its fate.
    check("Terms will be set at a later date.", r#"DATE "a later date" FUTURE_REF"#);
    // "average daily volume" is a statistic, not a recurrence; "met daily" is one.
    check("Average daily volume was low; the board met daily.", r#"SET "daily" P1D"#);
    check("They spoke about the future of Veloria and the future.", r#"DATE "the future" FUTURE_REF"#);
    check("Shares have risen 5% since year-end.", r#"DATE "year-end" 2030"#);
    check("Prices will rise over the next year or so.", r#"DATE "the next year or so" 2032 mod=APPROX"#);
    check("Veloria will one day join; the vote lasted one day.", r#"DATE "one day" FUTURE_REF
        DURATION "one day" P1D"#);
    // A programme title, but a day at the start of a sentence.
    check("This is Radio Veloria Today. Today the army left.", r#"DATE "Today" 2031-01-16"#);
}

#[test]
fn anaphoric_expressions_follow_the_narrative() {
    let text = "On March 3, 2030, the rebels took Ostrava. The following day they reached the coast. \
                The same day the government fled. A week later the capital fell.";
    check(
        text,
        r#"DATE "March 3, 2030" 2030-03-03
           DATE "The following day" 2030-03-04
           DATE "The same day" 2030-03-04
           DATE "A week later" 2030-03-11"#,
    );
    let (found, _) = annotate(text, dct());
    assert_eq!(found[1].anchor, AnchorUse::Narrative(Date::new(2030, 3, 3).unwrap()));
    // A day counted from a month keeps its number unknown.
    check(
        "The talks opened in October 2030. That same day the army left; a week later the border closed.",
        r#"DATE "October 2030" 2030-10
           DATE "That same day" 2030-10-XX
           DATE "a week later" 2030-WXX"#,
    );
    // "overnight" is the night before the story's day.
    check(
        "On March 3, 2030, shares fell after overnight losses in Kara.",
        r#"DATE "March 3, 2030" 2030-03-03
           TIME "overnight" 2030-03-02TNI"#,
    );
    // "the previous Friday", "the following Monday" count from the story's day.
    check(
        "Talks failed on Thursday, January 9, 2031, after a calm the previous Friday; the following Monday they resumed.",
        r#"DATE "Thursday, January 9, 2031" 2031-01-09
           DATE "the previous Friday" 2031-01-03
           DATE "the following Monday" 2031-01-13"#,
    );
    // Deictic expressions ignore the narrative and use the DCT.
    check(
        "On March 3, 2030, the rebels took Ostrava. Yesterday they left.",
        r#"DATE "March 3, 2030" 2030-03-03
           DATE "Yesterday" 2031-01-15"#,
    );
}

#[test]
fn without_any_anchor_values_keep_xs() {
    let (found, _) = annotate("The ceasefire of January 5 held until Tuesday.", None);
    assert_eq!(found[0].value, "XXXX-01-05");
    assert!(!found[0].resolved);
    assert_eq!(found[0].anchor, AnchorUse::None);
    assert_eq!(found[1].value, "XXXX-WXX-2");
    // With no DCT, a date mentioned earlier anchors the rest.
    check_with(
        "The siege began on May 2, 2030. Three days later it ended, and yesterday was calm.",
        None,
        r#"DATE "May 2, 2030" 2030-05-02
           DATE "Three days later" 2030-05-05
           DATE "yesterday" 2030-05-04"#,
    );
    // ... but a background year does not date the story: with no DCT, "On January 1" after
    // "in 2029" keeps its year unknown (the corpus gives it later), while a month, finer than
    // a year, does anchor it.
    check_with(
        "The leadership change was staged in 2029. On January 1 protests began.",
        None,
        r#"DATE "2029" 2029
           DATE "January 1" XXXX-01-01"#,
    );
    check_with(
        "Unrest began in January 2031. In 2029 the leader stepped down. On January 4 troops arrived.",
        None,
        r#"DATE "January 2031" 2031-01
           DATE "2029" 2029
           DATE "January 4" 2031-01-04"#,
    );
}

#[test]
fn durations() {
    check(
        "The siege lasted three days, then twenty-one days, then six hours, after a two-year truce and 14 months of talks.",
        r#"DURATION "three days" P3D
           DURATION "twenty-one days" P21D
           DURATION "six hours" PT6H
           DURATION "two-year" P2Y
           DURATION "14 months" P14M"#,
    );
    check(
        "For several years, and for a year and a half, and for the past two months, fighting went on for decades.",
        r#"DURATION "several years" PXY
           DURATION "a year and a half" P1Y6M
           DURATION "the past two months" P2M
           DURATION "decades" PXY"#,
    );
}

#[test]
fn sets_and_references() {
    check(
        "Convoys leave every week and daily patrols run every Monday.",
        r#"SET "every week" P1W
           SET "daily" P1D
           SET "every Monday" XXXX-WXX-1"#,
    );
    check(
        "Elections are held every four years; envoys meet twice a year and talk three times a week.",
        r#"SET "every four years" P4Y
           SET "twice a year" P1Y
           SET "three times a week" P1W"#,
    );
    check(
        "Now the rebels are currently in talks; recently they split.",
        r#"DATE "Now" PRESENT_REF
           DATE "currently" PRESENT_REF
           DATE "recently" PAST_REF"#,
    );
}

#[test]
fn modifiers_keep_the_value() {
    check(
        "Talks resume in mid-January, elections are due in early 2032, and the crisis began late last year.",
        r#"DATE "mid-January" 2031-01 mod=MID
           DATE "early 2032" 2032 mod=START
           DATE "late last year" 2030 mod=END"#,
    );
    check("The war lasted more than three years.", r#"DURATION "more than three years" P3Y mod=MORE_THAN"#);
    check("By the end of 2030 the army had left.", r#"DATE "the end of 2030" 2030 mod=END"#);
}

#[test]
fn ranges_are_one_expression_unless_both_ends_are_whole() {
    check(
        "Talks ran January 4-7, and again from 12 to 14 February, and the war lasted between 2019 and 2021.",
        r#"DATE "January 4-7" 2031-01-04 range=2031-01-04..2031-01-07
           DATE "12 to 14 February" 2031-02-12 range=2031-02-12..2031-02-14
           DATE "2019" 2019 range=2019..2021
           DATE "2021" 2021"#,
    );
}

#[test]
fn clock_times() {
    check(
        "The blast came at 10:30 a.m. and a second one at 3 p.m. yesterday.",
        r#"TIME "10:30 a.m." 2031-01-16T10:30
           TIME "3 p.m. yesterday" 2031-01-15T15:00"#,
    );
}

#[test]
fn absurd_dates_are_problems_not_values() {
    let (found, problems) = annotate("The treaty was signed on February 30, 2030.", dct());
    assert!(found.is_empty(), "{found:?}");
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].start, "The treaty was signed on ".len());
    let (found, problems) = annotate("Veloria will last until the year 99999.", dct());
    assert!(found.iter().all(|t| !t.value.contains("9999")), "{found:?}");
    assert_eq!(problems.len(), 1, "{problems:?}");
}

#[test]
fn kinds() {
    let (found, _) = annotate("Two days ago, for two days, every day, at noon.", dct());
    let kinds: Vec<Kind> = found.iter().map(|t| t.kind).collect();
    assert_eq!(kinds, vec![Kind::Date, Kind::Duration, Kind::Set, Kind::Time]);
}

#[test]
fn datelines() {
    let text = "ALMATY, Jan 6 (Reuters) - Protesters stormed the mayor's office.";
    let d = dateline(text).unwrap();
    assert_eq!(&text[d.start..d.end], "Jan 6");
    assert_eq!((d.year, d.month, d.day), (None, 1, 6));
    let text = "January 6, 2031 \u{2014} Veloria closed its border.";
    let d = dateline(text).unwrap();
    assert_eq!((d.year, d.month, d.day), (Some(2031), 1, 6));
    let text = "Published: 06.01.2031\n\nThe border closed.";
    assert_eq!(dateline(text).map(|d| (d.year, d.month, d.day)), Some((Some(2031), 1, 6)));
    assert_eq!(dateline("The border closed. On January 6 talks began."), None);
}

/// A small deterministic generator for the robustness tests.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn never_panics_on_random_pieces() {
    let pieces = [
        "January", "Jan", ".", "5", "5th", "2031", "-", "/", ":", "30", "99999", "the", "year", "of", "last", "next",
        "week", "ago", "two", "twenty", "-", "one", "a.m.", "p", "m", "'", "90s", "1990s", "between", "and", "from",
        "to", "Tuesday", "night", "early", "mid", "every", ",", " ", "\n\n", "é", "\u{2014}", "—", "’", "quarter",
        "third", "February", "29", "31", "0", "00", "12", "13", "a", "few", "days", "later", "the following day",
        "10:30", "24:61", "4294967296", "1.5", "half", "o'clock", "Sept.", "Mon.",
    ];
    let mut rng = Rng(0x5eed);
    for _ in 0..3000 {
        let n = (rng.next() % 30) as usize;
        let mut text = String::new();
        for _ in 0..n {
            text.push_str(pieces[(rng.next() % pieces.len() as u64) as usize]);
            if !rng.next().is_multiple_of(3) {
                text.push(' ');
            }
        }
        for dct in [None, dct(), Date::new(1, 1, 1), Date::new(9999, 12, 31)] {
            let (found, problems) = annotate(&text, dct);
            for t in &found {
                assert!(t.start < t.end && t.end <= text.len() && text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
                assert!((0.0..=1.0).contains(&t.confidence));
            }
            for p in &problems {
                assert!(p.start < p.end && p.end <= text.len());
            }
        }
        let _ = dateline(&text);
    }
    // Random bytes, made valid UTF-8 lossily.
    for _ in 0..500 {
        let n = (rng.next() % 200) as usize;
        let bytes: Vec<u8> = (0..n).map(|_| (rng.next() % 256) as u8).collect();
        let text = String::from_utf8_lossy(&bytes);
        let _ = annotate(&text, dct());
        let _ = dateline(&text);
    }
}

#[test]
fn a_megabyte_without_dates_finds_nothing() {
    let words = ["rebels", "crossed", "river", "under", "heavy", "fire", "while", "observers", "watched", "from", "hills"];
    let mut text = String::with_capacity(1 << 20);
    let mut k = 0;
    while text.len() < 1 << 20 {
        text.push_str(words[k % words.len()]);
        text.push(' ');
        k += 1;
    }
    let (found, problems) = annotate(&text, dct());
    assert!(found.is_empty() && problems.is_empty());
}

#[test]
fn dense_and_pathological_inputs_stay_linear() {
    // A megabyte of nothing but temporal material, with no sentence breaks.
    let unit = "May 5 - 7 , 2031 the year of the year last week of 12 to 14 January between 2019 and ";
    let text = unit.repeat((1 << 20) / unit.len());
    let (found, _) = annotate(&text, dct());
    assert!(found.len() > 10_000);
    // A megabyte of punctuation and digits.
    let text = "1/2/3.4-5:6 ".repeat((1 << 20) / 12);
    let _ = annotate(&text, dct());
    // One enormous word and one enormous number.
    let text = "a".repeat(1 << 20) + " " + &"9".repeat(1 << 16);
    let (found, _) = annotate(&text, dct());
    assert!(found.is_empty());
}
