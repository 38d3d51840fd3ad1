//! The cross-document commands: `reason`, `timeline`, `actors`, `contradictions`, `brief` and
//! `entity`. They print what `engine::reasoning`, `engine::actors` and `engine::brief` compute;
//! nothing here decides what is one entity, one event or a disagreement.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context, Result};
use engine::actors::{self, ActorRow, Contradiction, Reasoning};
use engine::brief::{self, TimelineFilter};
use engine::reasoning::ReasonSummary;
use store::{DocQuery, DocSummary, Store};

use crate::{one_line, truncate, Cli, Listing, EXIT_OK};

/// Opens a database that must already exist: reading an empty picture out of a database
/// created by mistake (a typo in `--db`) would only hide the error.
pub fn open_existing(cli: &Cli) -> Result<Box<dyn Store>> {
    if crate::worker::is_postgres(cli) {
        return Ok(Box::new(crate::worker::connect(cli)?));
    }
    if !cli.db.exists() {
        bail!("no database at {}: run `dossier analyze PATH` first, or give its path with --db", cli.db.display());
    }
    Ok(Box::new(crate::open_store(cli)?))
}

/// A clap value parser for ISO date bounds (`2031`, `2031-01`, `2031-01-05`, `2031-W02`).
pub fn parse_date(s: &str) -> std::result::Result<String, String> {
    match brief::date_bound(s) {
        Some(_) => Ok(s.trim().to_string()),
        None => Err(format!("`{s}` is not an ISO date (2031, 2031-01, 2031-01-05 or 2031-W02)")),
    }
}

/// The rows of a reasoning summary, for `dossier reason` and the end of `dossier analyze`.
pub fn print_reason_rows(r: &ReasonSummary) {
    println!("  entities          {:>6}  (from {} entities of single documents)", r.n_entities, r.n_document_entities);
    println!("  across documents  {:>6}  (entities mentioned in more than one document)", r.n_merged);
    println!("  links             {:>6}  (demonym-of, seat-of, capital-of)", r.n_links);
    println!("  events            {:>6}  (from {} reports)", r.n_events, r.n_event_reports);
    println!("  corroborated      {:>6}  (events reported by more than one source)", r.n_corroborated);
    println!("  contradictions    {:>6}", r.n_contradictions);
    println!("  updates           {:>6}  (figures revised over time)", r.n_updates);
    println!("  unused overrides  {:>6}", r.unused_overrides.len());
}

/// Warns about overrides that named nothing in the corpus.
pub fn warn_unused(r: &ReasonSummary) {
    for o in &r.unused_overrides {
        eprintln!("warning: the override `{o}` matched no entity (`dossier entity overrides` lists them, `dossier entity unoverride ID` removes one)");
    }
}

/// `dossier reason`.
pub fn reason(cli: &Cli) -> Result<u8> {
    let mut store = open_existing(cli)?;
    let summary = engine::reasoning::run(&mut *store)?;
    if cli.json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else if !cli.quiet {
        println!("cross-document pass over {} documents in {:.2}s", summary.n_documents, summary.seconds);
        print_reason_rows(&summary);
        warn_unused(&summary);
    }
    Ok(EXIT_OK)
}

/// "1 event", "2 events" (the briefing's wording).
fn plural(n: u32, what: &str) -> String {
    brief::plural(n as usize, what)
}

/// Short document ids, each once, in order: "d37f04b8 09005652".
fn short_ids<'a>(docs: impl IntoIterator<Item = &'a str>, max: usize) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for d in docs {
        if !seen.contains(&d) {
            seen.push(d);
        }
    }
    let mut out: Vec<String> = seen.iter().take(max).map(|d| d.get(..8).unwrap_or(d).to_string()).collect();
    if seen.len() > max {
        out.push(format!("+{}", seen.len() - max));
    }
    out.join(" ")
}

/// What `dossier timeline` was asked for.
pub struct TimelineArgs<'a> {
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    pub kind: Option<&'a str>,
    pub actor: Option<&'a str>,
    pub all: bool,
    pub limit: Option<usize>,
}

/// `dossier timeline`.
pub fn timeline(cli: &Cli, args: &TimelineArgs<'_>) -> Result<u8> {
    let store = open_existing(cli)?;
    let r = engine::reasoning::load(&*store)?;
    let bound = |s: Option<&str>| -> Result<Option<(i64, i64)>> {
        s.map(|s| brief::date_bound(s).with_context(|| format!("`{s}` is not an ISO date"))).transpose()
    };
    let filter = TimelineFilter {
        from: bound(args.from)?.map(|b| b.0),
        to: bound(args.to)?.map(|b| b.1),
        kind: args.kind.map(str::to_string),
        actor: args.actor.map(str::to_string),
        all: args.all,
    };
    let mut listing = Listing::new(cli, args.limit);
    for c in brief::timeline(&r, &filter) {
        listing.add(c, || {
            let date = c.date.as_ref().map_or("undated", |d| d.value.as_str());
            let mut kind = brief::type_label(c);
            if c.modality != "asserted" {
                kind = format!("{kind} [{}]", c.modality);
            }
            let mut line = format!("{:<12}  {:<20}  {:<56}  {:<20}", truncate(date, 12), truncate(&kind, 20), truncate(&brief::who(c), 56), brief::corroboration(c));
            for d in brief::disagreements(&r, c) {
                line.push_str(&format!("  ⚠ {d}"));
            }
            line.push_str(&format!("  [{}]", short_ids(c.reports.iter().map(|x| x.doc.as_str()), 6)));
            line
        });
    }
    listing.finish("no events match")
}

/// One entity on one line: name, type, documents, mentions, aliases.
fn actor_line(e: &actors::Entity) -> String {
    let row = ActorRow::new(e);
    format!("{:<32}  {:<6}  {:>4}  {:>8}  {}", truncate(&e.name, 32), e.kind, e.n_documents, e.n_mentions, truncate(&row.aliases.join("; "), 80))
}

fn actor_header() -> String {
    format!("{:<32}  {:<6}  {:>4}  {:>8}  {}", "name", "type", "docs", "mentions", "aliases")
}

/// The entity named `name`, or an error saying so; notes other entities the name fits.
fn entity_named<'r>(r: &'r Reasoning, name: &str) -> Result<(&'r actors::Entity, Vec<&'r actors::Entity>)> {
    let found = actors::find(r, name);
    let mut all = found.iter().filter_map(|&k| r.entities.get(k));
    let Some(first) = all.next() else {
        bail!("no entity is called `{name}` (`dossier actors` lists them)");
    };
    Ok((first, all.collect()))
}

/// `dossier actors [NAME]` and `dossier entity list`.
pub fn actors(cli: &Cli, kind: Option<&str>, name: Option<&str>, limit: Option<usize>) -> Result<u8> {
    let store = open_existing(cli)?;
    let r = engine::reasoning::load(&*store)?;
    match name {
        Some(name) => actor_detail(cli, &*store, &r, name, limit),
        None => actor_list(cli, &*store, &r, kind, limit),
    }
}

fn actor_list(cli: &Cli, store: &dyn Store, r: &Reasoning, kind: Option<&str>, limit: Option<usize>) -> Result<u8> {
    let ranked = actors::ranked(r, kind);
    let rows: Vec<ActorRow<'_>> = ranked.iter().filter_map(|&k| r.entities.get(k)).take(limit.unwrap_or(usize::MAX)).map(ActorRow::new).collect();
    // With a type, the relations and pairs that involve an entity of that type.
    let relations: Vec<actors::Relation> = actors::relations(r)
        .into_iter()
        .filter(|x| kind.is_none_or(|t| actors::is_of_type(r, &x.source, t) || actors::is_of_type(r, &x.target, t)))
        .take(10)
        .collect();
    let pairs: Vec<actors::Pair> = actors::top_pairs(store, r, kind, 30)?.into_iter().take(10).collect();
    if cli.json {
        let out = serde_json::json!({ "actors": rows, "relations": relations, "co_occurrence": pairs });
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(EXIT_OK);
    }
    if rows.is_empty() {
        println!("no actors{}", kind.map(|k| format!(" of type {k}")).unwrap_or_default());
        return Ok(EXIT_OK);
    }
    println!("{}", actor_header());
    for &k in ranked.iter().take(limit.unwrap_or(usize::MAX)) {
        if let Some(e) = r.entities.get(k) {
            println!("{}", actor_line(e));
        }
    }
    if !relations.is_empty() {
        println!();
        println!("who acted on whom (clustered events)");
        for x in &relations {
            println!("  {:<28}  {:<16}  {:<28}  {}, {}", truncate(&x.source_name, 28), x.kind, truncate(&x.target_name, 28), plural(x.n_events, "event"), plural(x.n_sources, "source"));
        }
    }
    if !pairs.is_empty() {
        println!();
        println!("mentioned together (sentences, documents)");
        for p in &pairs {
            println!("  {:<28}  {:<28}  {:>13}  {:>13}", truncate(&p.a_name, 28), truncate(&p.b_name, 28), plural(p.n_sentences, "sentence"), plural(p.n_documents, "document"));
        }
    }
    Ok(EXIT_OK)
}

fn actor_detail(cli: &Cli, store: &dyn Store, r: &Reasoning, name: &str, limit: Option<usize>) -> Result<u8> {
    let (entity, others) = entity_named(r, name)?;
    let k = r.entities.iter().position(|e| e.id == entity.id).unwrap_or(0);
    let Some(profile) = actors::profile(store, r, k)? else { bail!("no entity is called `{name}`") };
    if cli.json {
        println!("{}", serde_json::to_string_pretty(&profile)?);
        return Ok(EXIT_OK);
    }
    let e = profile.entity;
    println!("{}  ({}, {})", e.name, e.kind, e.id);
    println!("{}, {}, merge confidence {:.2}", plural(e.n_documents, "document"), plural(e.n_mentions, "mention"), e.confidence);
    if !others.is_empty() {
        let names: Vec<String> = others.iter().take(5).map(|o| format!("{} ({})", o.name, o.kind)).collect();
        println!("`{name}` also fits: {}", names.join(", "));
    }
    println!();
    println!("aliases");
    for (a, n) in &e.aliases {
        println!("  {:<40}  {n:>5}", truncate(a, 40));
    }
    if !e.merges.is_empty() {
        println!();
        println!("merges (why the documents' entities are one)");
        for m in e.merges.iter().take(limit.unwrap_or(usize::MAX)) {
            println!("  {:<17}  {:.2}  {:<50}  {} + {}", m.rule, m.confidence, truncate(&one_line(&m.reason), 50), short_member(&m.a), short_member(&m.b));
        }
    }
    if !profile.links.is_empty() {
        println!();
        println!("links");
        for l in &profile.links {
            if l.direction == "out" {
                println!("  {} {} {}", e.name, l.kind, l.other_name);
            } else {
                println!("  {} {} {}", l.other_name, l.kind, e.name);
            }
        }
    }
    if !profile.acts_on.is_empty() {
        println!();
        println!("acts on (clustered events)");
        for x in profile.acts_on.iter().take(limit.unwrap_or(usize::MAX)) {
            println!("  -> {:<32}  {:<16}  {}, {}", truncate(&x.target_name, 32), x.kind, plural(x.n_events, "event"), plural(x.n_sources, "source"));
        }
    }
    if !profile.acted_on_by.is_empty() {
        println!();
        println!("acted on by (clustered events)");
        for x in profile.acted_on_by.iter().take(limit.unwrap_or(usize::MAX)) {
            println!("  <- {:<32}  {:<16}  {}, {}", truncate(&x.source_name, 32), x.kind, plural(x.n_events, "event"), plural(x.n_sources, "source"));
        }
    }
    if !profile.co_occurs.is_empty() {
        println!();
        println!("{:<52}  {:>9}  {:>9}", "mentioned with", "sentences", "documents");
        for p in profile.co_occurs.iter().take(limit.unwrap_or(15)) {
            println!("  {:<50}  {:>9}  {:>9}", truncate(&p.b_name, 50), p.n_sentences, p.n_documents);
        }
    }
    Ok(EXIT_OK)
}

/// `275336d66b577570:e7` -> `275336d6:e7`.
fn short_member(id: &str) -> String {
    match id.rsplit_once(':') {
        Some((doc, n)) => format!("{}:{n}", doc.get(..8).unwrap_or(doc)),
        None => id.to_string(),
    }
}

/// "The Meridian Review" or the title, for a document id.
fn doc_name(docs: &HashMap<String, DocSummary>, id: &str) -> String {
    docs.get(id).map_or_else(String::new, |d| {
        let outlet = d.outlet.as_deref().unwrap_or("");
        let title = d.title.as_deref().map(|t| format!("“{}”", truncate(&one_line(t), 50))).unwrap_or_default();
        [outlet, title.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(", ")
    })
}

fn documents(store: &dyn Store) -> Result<HashMap<String, DocSummary>> {
    Ok(store.list_documents(&DocQuery::default())?.into_iter().map(|d| (d.id.clone(), d)).collect())
}

/// `dossier contradictions`.
pub fn contradictions(cli: &Cli, all: bool) -> Result<u8> {
    let store = open_existing(cli)?;
    let r = engine::reasoning::load(&*store)?;
    let docs = documents(&*store)?;
    let shown: Vec<&Contradiction> = r.contradictions.iter().filter(|x| all || x.status == "contradiction").collect();
    let mut listing = Listing::new(cli, None);
    for (i, x) in shown.iter().enumerate() {
        listing.add(x, || {
            let mut out = String::new();
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&format!("{}  [{} {}]\n", x.topic, x.kind, x.status));
            out.push_str(&format!("  {}", one_line(&x.note)));
            for c in &x.claims {
                let when = c.as_of.as_deref().map(|a| format!(", as of {a}")).unwrap_or_default();
                let n = plural(c.n_sources, "source");
                out.push_str(&format!("\n  • {}  ({n}{when})", c.value));
                for e in &c.evidence {
                    out.push_str(&format!("\n      {}  {}: {}", e.doc.get(..8).unwrap_or(&e.doc), doc_name(&docs, &e.doc), truncate(&one_line(&e.text), 160)));
                }
            }
            out
        });
    }
    listing.finish(if all { "the sources do not disagree on any date or figure found" } else { "no contradictions (`--all` also lists figures revised over time)" })
}

/// `dossier brief`.
pub fn brief(cli: &Cli, out: Option<&Path>) -> Result<u8> {
    let store = open_existing(cli)?;
    let text = brief::brief(&*store)?;
    match out {
        Some(path) => {
            std::fs::write(path, &text).with_context(|| format!("cannot write {}", path.display()))?;
            if !cli.quiet {
                eprintln!("wrote the briefing to {}", path.display());
            }
        }
        None if cli.json => println!("{}", serde_json::to_string_pretty(&serde_json::json!({ "markdown": text }))?),
        None => {
            let stdout = std::io::stdout();
            let mut w = stdout.lock();
            w.write_all(text.as_bytes())?;
            w.flush()?;
        }
    }
    Ok(EXIT_OK)
}

/// `dossier entity merge|split A B`: records the override, reruns the pass and shows the
/// entities the names now belong to. An override that matches nothing is refused (and not
/// kept) unless `force`: analysts may record one ahead of the documents that will need it.
pub fn entity_override(cli: &Cli, kind: store::OverrideKind, a: &str, b: &str, force: bool) -> Result<u8> {
    let (a, b) = (a.trim(), b.trim());
    if a.is_empty() || b.is_empty() {
        bail!("give two non-empty names");
    }
    if same_name(a, b) {
        bail!("`{a}` and `{b}` are the same name");
    }
    let mut store = open_existing(cli)?;
    let added = store.add_override(kind, a, b)?;
    let summary = engine::reasoning::run(&mut *store)?;
    let r = engine::reasoning::load(&*store)?;
    let unused = r.unused_overrides.iter().any(|o| o.a == a && o.b == b);
    if unused && !force {
        if added {
            if let Some(o) = store.overrides()?.into_iter().rev().find(|o| o.kind == kind && o.a == a && o.b == b) {
                store.remove_override(o.id)?;
            }
            engine::reasoning::run(&mut *store)?;
        }
        let missing: Vec<&str> = [a, b].into_iter().filter(|n| actors::find(&r, n).is_empty()).collect();
        let which = if missing.is_empty() { format!("`{a}` and `{b}`") } else { missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(" and ") };
        bail!("no entity is called {which}, so nothing was recorded (`dossier actors` lists the names; --force records it anyway, for documents not analyzed yet)");
    }
    let entities: Vec<&actors::Entity> = {
        let mut ks: Vec<usize> = actors::find(&r, a);
        if kind == store::OverrideKind::Split {
            ks.extend(actors::find(&r, b));
        }
        ks.sort_unstable();
        ks.dedup();
        // Exact spellings only: a merge's result is the entity holding both names.
        ks.into_iter().filter_map(|k| r.entities.get(k)).filter(|e| has_spelling(e, a) || has_spelling(e, b)).collect()
    };
    if cli.json {
        let rows: Vec<ActorRow<'_>> = entities.iter().map(|e| ActorRow::new(e)).collect();
        let out = serde_json::json!({ "kind": kind.as_str(), "a": a, "b": b, "recorded": added, "entities": rows, "summary": summary });
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else if !cli.quiet {
        if added {
            println!("recorded: {} \"{a}\" \"{b}\"", kind.as_str());
        } else {
            println!("already recorded: {} \"{a}\" \"{b}\"", kind.as_str());
        }
        println!();
        println!("{}", actor_header());
        for e in &entities {
            println!("{}", actor_line(e));
        }
    }
    warn_unused(&summary);
    Ok(EXIT_OK)
}

fn has_spelling(e: &actors::Entity, name: &str) -> bool {
    let n = name.to_lowercase();
    e.name.to_lowercase() == n || e.aliases.iter().any(|(s, _)| s.to_lowercase() == n)
}

fn same_name(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

/// `dossier entity overrides`.
pub fn entity_overrides(cli: &Cli) -> Result<u8> {
    let store = open_existing(cli)?;
    let list = store.overrides()?;
    let mut listing = Listing::new(cli, None);
    if !cli.json && !list.is_empty() {
        println!("{:>4}  {:<5}  {:<30}  {:<30}  created", "id", "kind", "a", "b");
    }
    for o in &list {
        listing.add(o, || format!("{:>4}  {:<5}  {:<30}  {:<30}  {}", o.id, o.kind.as_str(), truncate(&o.a, 30), truncate(&o.b, 30), o.created));
    }
    listing.finish("no overrides (`dossier entity merge A B` or `dossier entity split A B` records one)")
}

/// `dossier entity unoverride ID`.
pub fn entity_unoverride(cli: &Cli, id: i64) -> Result<u8> {
    let mut store = open_existing(cli)?;
    let Some(o) = store.overrides()?.into_iter().find(|o| o.id == id) else {
        bail!("no override has id {id} (`dossier entity overrides` lists them)");
    };
    store.remove_override(id)?;
    let summary = engine::reasoning::run(&mut *store)?;
    if cli.json {
        let out = serde_json::json!({ "removed": o, "summary": summary });
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else if !cli.quiet {
        println!("removed: {} \"{}\" \"{}\"", o.kind.as_str(), o.a, o.b);
        let r = engine::reasoning::load(&*store)?;
        let mut ks = actors::find(&r, &o.a);
        ks.extend(actors::find(&r, &o.b));
        ks.sort_unstable();
        ks.dedup();
        let entities: Vec<&actors::Entity> = ks.into_iter().filter_map(|k| r.entities.get(k)).filter(|e| has_spelling(e, &o.a) || has_spelling(e, &o.b)).collect();
        if !entities.is_empty() {
            println!();
            println!("{}", actor_header());
            for e in entities {
                println!("{}", actor_line(e));
            }
        }
    }
    warn_unused(&summary);
    Ok(EXIT_OK)
}
