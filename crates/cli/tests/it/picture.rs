//! The cross-document commands on the example corpus: `timeline`, `actors`, `contradictions`,
//! `brief`, `entity` and `reason`, and their errors on bad input.

use std::collections::BTreeSet;

use crate::util::{repo_root, TestDir};

fn analyzed() -> TestDir {
    let t = TestDir::new();
    let corpus = repo_root().join("examples/corpus");
    t.run(&["analyze", corpus.to_str().unwrap()]).expect_code(0);
    t
}

/// The `[n]` references in a text.
fn citations(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find('[') {
        rest = &rest[i + 1..];
        if let Some(j) = rest.find(']') {
            if let Ok(n) = rest[..j].parse::<usize>() {
                out.push(n);
            }
        }
    }
    out
}

/// The lines of one `## ` section of the briefing.
fn section<'a>(brief: &'a str, title: &str) -> Vec<&'a str> {
    let heading = format!("## {title}");
    brief.lines().skip_while(|l| *l != heading).skip(1).take_while(|l| !l.starts_with("## ")).collect()
}

#[test]
fn timeline_actors_contradictions_and_brief_on_the_example_corpus() {
    let t = analyzed();

    // The timeline: the arrest of Darvel with its disputed date, participants by their
    // canonical names only.
    let timeline = t.run(&["timeline"]).expect_code(0).stdout();
    let arrest: Vec<&str> = timeline.lines().filter(|l| l.contains("arrest") && l.contains("Konstantin Darvel")).collect();
    assert_eq!(arrest.len(), 1, "{timeline}");
    assert!(arrest[0].contains("⚠ dates disagree: 2031-01-06 (2) vs 2031-01-08 (2)"), "{}", arrest[0]);
    assert!(arrest[0].contains("sources"), "{}", arrest[0]);
    for line in timeline.lines() {
        let words: Vec<&str> = line.split(|c: char| !c.is_alphanumeric()).collect();
        assert!(!words.contains(&"Korvinsk") && !words.contains(&"Reker"), "a spelling variant as an actor: {line}");
    }
    // Filters: by a spelling of the actor, type, dates; JSON gives the clusters.
    let by_alias = t.run(&["--json", "timeline", "--actor", "Reker", "--type", "request"]).expect_code(0).json();
    let by_alias = by_alias.as_array().unwrap();
    assert!(!by_alias.is_empty() && by_alias.iter().all(|c| c["type"] == "REQUEST"), "{by_alias:?}");
    assert!(by_alias.iter().any(|c| c["source"]["name"] == "Tomas Rekker"), "{by_alias:?}");
    let window = t.run(&["--json", "timeline", "--from", "2031-01-10", "--to", "2031-01-11"]).expect_code(0).json();
    for c in window.as_array().unwrap() {
        let d = c["date"]["value"].as_str().unwrap();
        assert!(("2031-01-10"..="2031-01-11").contains(&d) || d.len() < 10, "{d}");
    }
    let limited = t.run(&["--json", "timeline", "--all", "--limit", "3"]).expect_code(0).json();
    assert_eq!(limited.as_array().map(Vec::len), Some(3));

    // Actors: Rekker with his spellings, found by any of them.
    let rekker = t.run(&["actors", "Reker"]).expect_code(0).stdout();
    assert!(rekker.starts_with("Tomas Rekker"), "{rekker}");
    assert!(rekker.lines().any(|l| l.trim_start().starts_with("Reker ")), "{rekker}");
    assert!(rekker.contains("spelling-variant") && rekker.contains("mentioned with"), "{rekker}");
    let detail = t.run(&["--json", "actors", "tomas rekker"]).expect_code(0).json();
    assert_eq!(detail["entity"]["name"], "Tomas Rekker");
    assert!(detail["acts_on"].as_array().unwrap().iter().any(|r| r["target_name"] == "Eastern Security Pact"), "{detail}");
    assert!(detail["co_occurs"].as_array().unwrap().iter().any(|p| p["b_name"] == "Aldric Vaszary" && p["n_sentences"].as_u64() > Some(0)), "{detail}");
    let list = t.run(&["--json", "actors", "--type", "person", "--limit", "3"]).expect_code(0).json();
    let rows = list["actors"].as_array().unwrap();
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|r| r["type"] == "PERSON"));
    assert!(rows.iter().any(|r| r["name"] == "Tomas Rekker"), "{list}");
    let table = t.run(&["entity", "list", "--limit", "5"]).expect_code(0).stdout();
    assert!(table.contains("Tomas Rekker") && table.contains("who acted on whom"), "{table}");
    let unknown = t.run(&["actors", "Nobody Atall"]).expect_code(1);
    assert!(unknown.stderr().contains("no entity is called `Nobody Atall`"), "{}", unknown.stderr());

    // Contradictions, and with --all the updated death toll.
    let c = t.run(&["contradictions"]).expect_code(0).stdout();
    for topic in ["start of the protests", "arrest of Konstantin Darvel", "size of the Eastern Security Pact force"] {
        assert!(c.contains(topic), "{topic}: {c}");
    }
    assert!(!c.contains("death toll"), "{c}");
    assert!(c.contains("Northgate Herald") && c.contains("arrested on January 8"), "{c}");
    let all = t.run(&["--json", "contradictions", "--all"]).expect_code(0).json();
    let toll = all.as_array().unwrap().iter().find(|x| x["topic"] == "death toll").expect("death toll");
    assert_eq!(toll["status"], "update");

    // The briefing: its sections, a citation on every timeline and figure line, every
    // citation defined under Sources, and the same text twice.
    let brief = t.run(&["brief"]).expect_code(0).stdout();
    for title in ["Corpus", "Key actors", "Timeline", "Key figures and disagreements", "Who said what", "Sources"] {
        assert!(brief.contains(&format!("\n## {title}\n")), "{title}: {brief}");
    }
    for title in ["Key actors", "Timeline", "Key figures and disagreements"] {
        let facts: Vec<&str> = section(&brief, title).into_iter().filter(|l| l.starts_with("- ")).collect();
        assert!(!facts.is_empty(), "{title}");
        for l in facts {
            assert!(!citations(l).is_empty(), "{title}: no citation on {l}");
        }
    }
    let timeline_section = section(&brief, "Timeline").join("\n");
    assert!(timeline_section.contains("Konstantin Darvel") && timeline_section.contains("⚠ dates disagree"), "{timeline_section}");
    let figures = section(&brief, "Key figures and disagreements").join("\n");
    assert!(figures.contains("death toll") && figures.contains("225"), "{figures}");
    let defined: BTreeSet<usize> = section(&brief, "Sources").iter().filter_map(|l| l.strip_prefix("- [")).filter_map(|l| l.split(']').next()?.parse().ok()).collect();
    assert_eq!(defined.len(), 13, "{brief}");
    let cited: BTreeSet<usize> = citations(&brief).into_iter().collect();
    assert!(cited.is_subset(&defined), "cited {cited:?}, defined {defined:?}");
    assert!(section(&brief, "Sources").iter().any(|l| l.contains("a copy of [")), "{brief}");
    t.run(&["brief", "--out", "brief.md"]).expect_code(0);
    assert_eq!(std::fs::read_to_string(t.path().join("brief.md")).unwrap(), brief, "deterministic");

    // The pass on demand.
    let r = t.run(&["--json", "reason"]).expect_code(0).json();
    assert_eq!(r["n_contradictions"], 3, "{r}");
    assert_eq!(r["n_updates"], 2, "{r}");
}

/// Whether "Tomas Reker" is an entity of its own in `dossier actors`.
fn reker_apart(t: &TestDir) -> bool {
    let list = t.run(&["--json", "actors", "--type", "PERSON"]).expect_code(0).json();
    let rows = list["actors"].as_array().unwrap();
    let rekker = rows.iter().find(|r| r["name"] == "Tomas Rekker").expect("Tomas Rekker");
    let aliases: Vec<&str> = rekker["aliases"].as_array().unwrap().iter().filter_map(|a| a.as_str()).collect();
    let apart = rows.iter().any(|r| r["name"] == "Tomas Reker");
    assert_eq!(apart, !aliases.contains(&"Tomas Reker"), "{list}");
    apart
}

#[test]
fn entity_split_survives_reanalysis_and_unoverride_restores_the_merge() {
    let t = analyzed();
    assert!(!reker_apart(&t));

    let split = t.run(&["entity", "split", "Tomas Rekker", "Tomas Reker"]).expect_code(0).stdout();
    assert!(split.contains("recorded: split") && split.contains("Tomas Reker "), "{split}");
    assert!(reker_apart(&t));
    // Recording it again changes nothing.
    let again = t.run(&["entity", "split", "Tomas Rekker", "Tomas Reker"]).expect_code(0).stdout();
    assert!(again.contains("already recorded"), "{again}");

    // Re-analysis of the same corpus, and a fresh pass, keep the analyst's split.
    let corpus = repo_root().join("examples/corpus");
    t.run(&["analyze", corpus.to_str().unwrap()]).expect_code(0);
    t.run(&["reason"]).expect_code(0);
    assert!(reker_apart(&t));

    let overrides = t.run(&["--json", "entity", "overrides"]).expect_code(0).json();
    let overrides = overrides.as_array().unwrap();
    assert_eq!(overrides.len(), 1, "{overrides:?}");
    assert_eq!(overrides[0]["kind"], "split");
    let id = overrides[0]["id"].as_i64().unwrap().to_string();
    let removed = t.run(&["entity", "unoverride", &id]).expect_code(0).stdout();
    assert!(removed.contains("removed: split"), "{removed}");
    assert!(!reker_apart(&t));
    assert!(t.run(&["entity", "overrides"]).expect_code(0).stdout().contains("no overrides"));

    // A merge of names nobody has is refused and not kept; --force keeps it, and the pass
    // says it matched nothing.
    let refused = t.run(&["entity", "merge", "Nobody Atall", "Tomas Rekker"]).expect_code(1);
    assert!(refused.stderr().contains("no entity is called `Nobody Atall`"), "{}", refused.stderr());
    assert!(t.run(&["entity", "overrides"]).expect_code(0).stdout().contains("no overrides"));
    let forced = t.run(&["entity", "merge", "--force", "Nobody Atall", "Tomas Rekker"]).expect_code(0);
    assert!(forced.stderr().contains("matched no entity"), "{}", forced.stderr());
    let bad_id = t.run(&["entity", "unoverride", "999"]).expect_code(1);
    assert!(bad_id.stderr().contains("no override has id 999"), "{}", bad_id.stderr());
}

#[test]
fn bad_input_gives_clear_errors_not_panics() {
    let t = TestDir::new();
    // No database yet: every reading command says so, and none creates one.
    for args in [&["timeline"][..], &["actors"], &["actors", "Rekker"], &["contradictions"], &["brief"], &["reason"], &["entity", "overrides"], &["entity", "merge", "A", "B"]] {
        let run = t.run(args).expect_code(1);
        assert!(run.stderr().contains("no database at"), "{args:?}: {}", run.stderr());
        assert!(!run.stderr().contains("panicked"), "{args:?}");
    }
    assert!(!t.db().exists());
    // Bad values are usage errors.
    t.run(&["timeline", "--from", "yesterday"]).expect_code(2);
    t.run(&["entity", "unoverride", "x"]).expect_code(2);
    t.run(&["entity", "merge", "A"]).expect_code(2);

    // A database with documents but no names in common.
    t.write("in/a.txt", crate::util::STORY_A);
    t.run(&["analyze", "in"]).expect_code(0);
    t.run(&["timeline", "--from", "1990", "--to", "1991"]).expect_code(0);
    let same = t.run(&["entity", "merge", "Rekker", "rekker"]).expect_code(1);
    assert!(same.stderr().contains("the same name"), "{}", same.stderr());
    let brief = t.run(&["brief"]).expect_code(0).stdout();
    assert!(brief.contains("## Sources") && brief.contains("- [1] "), "{brief}");
}
