//! `dossier`: the command-line face over `engine`.
//!
//! Only this crate knows about exit codes, terminal output and argument syntax.
//! Exit codes: 0 success, 1 error, 2 usage error, 3 partial success (some inputs skipped).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use progress::Bar;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use engine::export;
use model::{Diagnostic, Doc, Severity};
use store::{DocQuery, SqliteStore, Store};

mod exporting;
mod hypotheses;
mod picture;
mod progress;
mod serve;
mod worker;

const EXIT_OK: u8 = 0;
const EXIT_ERROR: u8 = 1;
const EXIT_PARTIAL: u8 = 3;

/// dossier: turn a pile of news reports and analysis articles into a sourced, structured,
/// queryable picture of a crisis. Every fact points back to the sentence that supports it.
#[derive(Parser)]
#[command(name = "dossier", version, about, long_about = None, after_help = EXIT_HELP)]
struct Cli {
    /// The database: a SQLite file (created if missing), or a PostgreSQL URL
    /// (`postgres://user@host:port/dbname`), which every command reads and writes alike;
    /// `ingest --enqueue` and `worker` need one (see docs/scaling.md).
    #[arg(long, global = true, env = "DOSSIER_DB", default_value = "dossier.db")]
    db: PathBuf,
    /// Print nothing but errors.
    #[arg(long, short, global = true)]
    quiet: bool,
    /// Machine-readable JSON output instead of tables.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

const EXIT_HELP: &str = "Exit codes: 0 success, 1 error, 2 usage error, 3 partial (some inputs were skipped; see the summary).";

#[derive(Subcommand)]
enum Command {
    /// Read, clean, deduplicate, annotate and store articles, then print a summary.
    ///
    /// PATH may be a file (.txt, .md, .html, .jsonl, .warc, .warc.gz, or any of those .gz), a
    /// directory (read recursively) or `-` for standard input. Re-running on the same files is
    /// safe: documents already stored are skipped, so an interrupted run resumes.
    Analyze {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Documents processed and committed together.
        #[arg(long, default_value_t = 256)]
        batch_size: usize,
    },
    /// Read, clean, deduplicate and store articles with their sentence structure, and print
    /// one line of counts (plus what was skipped). Same inputs as `analyze`; for feeding a
    /// store from scripts, where the per-run table of `analyze` is noise.
    Ingest {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, default_value_t = 256)]
        batch_size: usize,
        /// Only register the documents in the work queue of a PostgreSQL store (`--db
        /// postgres://...`), in batches of --batch-size, for `dossier worker` to process.
        #[arg(long)]
        enqueue: bool,
    },
    /// Process the work queue of a PostgreSQL store (`--db postgres://...`): claim a batch,
    /// clean and annotate it, commit the results, repeat. Run any number, on any machines;
    /// then `dossier reason` links duplicates and runs the cross-document pass.
    Worker(worker::Args),
    /// List the stored documents.
    Docs {
        /// Only documents from this outlet.
        #[arg(long)]
        outlet: Option<String>,
        /// Only documents in this language (ISO 639-1, e.g. `en`).
        #[arg(long)]
        language: Option<String>,
        /// Leave out documents that duplicate another.
        #[arg(long)]
        no_duplicates: bool,
        #[arg(long)]
        limit: Option<u64>,
    },
    /// Show one document: metadata and clean text with numbered sentences.
    Show {
        /// Document id or a unique prefix of it (at least 4 characters).
        doc: String,
        /// Also print every sentence's tokens with part of speech, lemma and dependency
        /// (CoNLL-U-like columns) and entity tags.
        #[arg(long)]
        tokens: bool,
    },
    /// Write everything stored, in the documented export format (docs/export.md) or in one of
    /// the formats other tools read (docs/exports.md).
    Export(exporting::Args),
    /// Serve the JSON API and the web workspace over HTTP (docs/api.md).
    Serve(serve::Args),
    /// The competing explanations the corpus discusses (analysis of competing hypotheses):
    /// which sources hold or reject each, and the evidence consistent or inconsistent with it.
    Hypotheses(hypotheses::Args),
    /// List who said what: direct quotations and reported statements, with speaker, cue and
    /// the document each comes from.
    Quotes {
        /// Only quotes whose speaker's name or words contain NAME (case-insensitive).
        #[arg(long)]
        speaker: Option<String>,
        /// Only direct quotations (verbatim, in quotation marks).
        #[arg(long)]
        direct: bool,
        #[arg(long)]
        limit: Option<usize>,
    },
    /// List the figures the documents give: counts, money, percentages, ages, with their bound
    /// ("at least"), what they count, whom they are about and the document each comes from.
    Figures {
        /// Only figures whose counted words or entity contain TEXT (case-insensitive).
        #[arg(long)]
        counted: Option<String>,
        #[arg(long)]
        limit: Option<usize>,
    },
    /// List the coded events: who did what to whom, when and where (PLOVER type, CAMEO code,
    /// modality), with the document each comes from.
    Events {
        /// Only events of this PLOVER type (ASSAULT, PROTEST, REQUEST, ...; case-insensitive).
        #[arg(long = "type")]
        kind: Option<String>,
        /// Only events whose source or target actor contains NAME (case-insensitive).
        #[arg(long)]
        actor: Option<String>,
        /// Only events dated on or after DATE (ISO: 2022, 2022-01, 2022-01-05).
        #[arg(long)]
        from: Option<String>,
        /// Only events dated on or before DATE (ISO).
        #[arg(long)]
        to: Option<String>,
        /// Only events the text asserts (not negated, hypothetical or future).
        #[arg(long)]
        asserted: bool,
        #[arg(long)]
        limit: Option<usize>,
    },
    /// List the problems found in the inputs (skipped files, bad records, guessed encodings).
    Diagnostics,
    /// Rerun the cross-document pass (entities across documents, event clustering,
    /// contradictions) over everything stored, and print what it found. `analyze` (when it
    /// stores something) and `entity merge|split|unoverride` run it themselves.
    Reason,
    /// The timeline: real-world events, each clustered from every report of it, in date order
    /// (undated last), with how many independent sources report it, where they disagree on
    /// its date, and the documents.
    Timeline {
        /// Only events that may fall on or after DATE (ISO: 2031, 2031-01, 2031-01-05).
        #[arg(long, value_name = "DATE", value_parser = picture::parse_date)]
        from: Option<String>,
        /// Only events that may fall on or before DATE (ISO).
        #[arg(long, value_name = "DATE", value_parser = picture::parse_date)]
        to: Option<String>,
        /// Only events of this PLOVER type or mode (PROTEST, COERCE, arrest, ...; case-insensitive).
        #[arg(long = "type", value_name = "T")]
        kind: Option<String>,
        /// Only events with a participant whose name, or any spelling of whose entity,
        /// contains NAME (case-insensitive).
        #[arg(long, value_name = "NAME")]
        actor: Option<String>,
        /// Also events told as negated, hypothetical or future (default: asserted only).
        #[arg(long)]
        all: bool,
        /// Print at most N events.
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
    },
    /// The actors of the corpus (people, organisations, places, groups; each one entity
    /// whatever the spelling), most documented first, with who acted on whom and who is
    /// mentioned with whom. With NAME: one actor in detail (spellings, why they were merged,
    /// links, relations, co-occurrence).
    Actors {
        /// Only entities of this type (PERSON, ORG, LOC, NORP, MISC).
        #[arg(long = "type")]
        kind: Option<String>,
        /// Print at most N actors (with NAME: N of each list).
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        /// A name or spelling of the actor to show (case-insensitive; a part of a name works
        /// when no spelling matches whole).
        name: Option<String>,
    },
    /// Where sources disagree: the date of one event or a figure for one thing, each side with
    /// its value, sources and sentences.
    Contradictions {
        /// Also figures that later sources revised (a death toll that grew).
        #[arg(long)]
        all: bool,
    },
    /// A Markdown briefing of the corpus: key actors, timeline, figures and disagreements,
    /// who said what; every fact cites its documents, listed under Sources.
    Brief {
        /// Write it to FILE instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Correct entity resolution: merge two names into one actor or keep them apart. The
    /// corrections are stored and applied on every later run, so they survive re-analysis.
    Entity {
        #[command(subcommand)]
        command: EntityCommand,
    },
}

#[derive(Subcommand)]
enum EntityCommand {
    /// The actors of the corpus (same as `dossier actors`).
    List {
        /// Only entities of this type (PERSON, ORG, LOC, NORP, MISC).
        #[arg(long = "type")]
        kind: Option<String>,
        /// Print at most N actors.
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
    },
    /// Record that the entities spelled A and B are one actor, rerun the cross-document pass
    /// and show the result.
    Merge {
        a: String,
        b: String,
        /// Record it even if no entity is spelled so yet (for documents to come).
        #[arg(long)]
        force: bool,
    },
    /// Record that A and B are two actors (even within one document), rerun the
    /// cross-document pass and show the result.
    Split {
        a: String,
        b: String,
        /// Record it even if no entity is spelled so yet (for documents to come).
        #[arg(long)]
        force: bool,
    },
    /// List the recorded merges and splits with their ids.
    Overrides,
    /// Remove a recorded merge or split by id and rerun the cross-document pass.
    Unoverride { id: i64 },
}


fn main() -> ExitCode {
    reset_sigpipe();
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {}", error_chain(&e));
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// The error and its causes, each once: library errors often repeat their cause in their own
/// message, which `{:#}` would print twice.
fn error_chain(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if out.contains(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

/// Restores the default SIGPIPE action, so `dossier docs | head` ends quietly when `head` stops
/// reading, as Unix tools do, instead of failing on a broken pipe.
fn reset_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in `main`, before any thread exists; SIG_DFL is a valid action.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn open_store(cli: &Cli) -> Result<SqliteStore> {
    if worker::is_postgres(cli) {
        anyhow::bail!(
            "this command needs a SQLite database file, not a PostgreSQL URL"
        );
    }
    SqliteStore::open(&cli.db).context("cannot open the database")
}

/// The store for commands that work on either backend.
fn open_any_store(cli: &Cli) -> Result<Box<dyn Store>> {
    if worker::is_postgres(cli) {
        return Ok(Box::new(worker::connect(cli)?));
    }
    Ok(Box::new(open_store(cli)?))
}

fn run(cli: &Cli) -> Result<u8> {
    match &cli.command {
        Command::Analyze { paths, batch_size } => analyze(cli, paths, *batch_size, true),
        Command::Ingest { paths, batch_size, enqueue: true } => worker::enqueue(cli, paths, *batch_size),
        Command::Ingest { paths, batch_size, enqueue: false } => analyze(cli, paths, *batch_size, false),
        Command::Worker(args) => worker::run(cli, args),
        Command::Reason if worker::is_postgres(cli) => worker::finalize(cli),
        Command::Docs { outlet, language, no_duplicates, limit } => {
            let store = open_any_store(cli)?;
            let query = DocQuery {
                outlet: outlet.clone(),
                language: language.clone(),
                exclude_duplicates: *no_duplicates,
                limit: *limit,
                offset: 0,
            };
            let docs = store.list_documents(&query)?;
            if cli.json {
                println!("{}", serde_json::to_string_pretty(&docs)?);
            } else {
                print_docs_table(&docs);
            }
            Ok(EXIT_OK)
        }
        Command::Show { doc, tokens } => {
            let store = open_any_store(cli)?;
            let Some(d) = store.get_document(doc)? else {
                anyhow::bail!("no document matches `{doc}` (give an id or a unique prefix of at least 4 characters; `dossier docs` lists them)");
            };
            if cli.json {
                let mut e = export::ExportDocument::new(&d);
                if *tokens {
                    e = e.with_tokens(&d);
                }
                e.entities = Some(export::document_entities(&d));
                println!("{}", serde_json::to_string_pretty(&e)?);
            } else {
                print_doc(&d, *tokens);
            }
            Ok(EXIT_OK)
        }
        Command::Export(args) => {
            let store = picture::open_existing(cli)?;
            exporting::run(&*store, args, cli.quiet)
        }
        Command::Serve(args) => serve::run(&cli.db, args, cli.quiet),
        Command::Hypotheses(args) => {
            let store = picture::open_existing(cli)?;
            hypotheses::run(&*store, args)
        }
        Command::Quotes { speaker, direct, limit } => {
            let store = picture::open_existing(cli)?;
            quotes(cli, &*store, speaker.as_deref(), *direct, *limit)
        }
        Command::Figures { counted, limit } => {
            let store = picture::open_existing(cli)?;
            figures(cli, &*store, counted.as_deref(), *limit)
        }
        Command::Events { kind, actor, from, to, asserted, limit } => {
            let store = picture::open_existing(cli)?;
            let filter = EventFilter { kind: kind.as_deref(), actor: actor.as_deref(), from: from.as_deref(), to: to.as_deref(), asserted: *asserted };
            events(cli, &*store, &filter, *limit)
        }
        Command::Reason => picture::reason(cli),
        Command::Timeline { from, to, kind, actor, all, limit } => picture::timeline(
            cli,
            &picture::TimelineArgs { from: from.as_deref(), to: to.as_deref(), kind: kind.as_deref(), actor: actor.as_deref(), all: *all, limit: *limit },
        ),
        Command::Actors { kind, limit, name } => picture::actors(cli, kind.as_deref(), name.as_deref(), *limit),
        Command::Contradictions { all } => picture::contradictions(cli, *all),
        Command::Brief { out } => picture::brief(cli, out.as_deref()),
        Command::Entity { command } => match command {
            EntityCommand::List { kind, limit } => picture::actors(cli, kind.as_deref(), None, *limit),
            EntityCommand::Merge { a, b, force } => picture::entity_override(cli, store::OverrideKind::Merge, a, b, *force),
            EntityCommand::Split { a, b, force } => picture::entity_override(cli, store::OverrideKind::Split, a, b, *force),
            EntityCommand::Overrides => picture::entity_overrides(cli),
            EntityCommand::Unoverride { id } => picture::entity_unoverride(cli, *id),
        },
        Command::Diagnostics => {
            let store = open_any_store(cli)?;
            let diags = store.diagnostics(None)?;
            if cli.json {
                println!("{}", serde_json::to_string_pretty(&diags)?);
            } else if diags.is_empty() {
                println!("no diagnostics");
            } else {
                for d in &diags {
                    println!("{d}");
                }
            }
            Ok(EXIT_OK)
        }
    }
}

fn analyze(cli: &Cli, paths: &[PathBuf], batch_size: usize, full: bool) -> Result<u8> {
    let (mut store, db_name): (Box<dyn Store>, PathBuf) = if worker::is_postgres(cli) {
        let store = worker::connect(cli)?;
        let name = PathBuf::from(store.name());
        (Box::new(store), name)
    } else {
        (Box::new(open_store(cli)?), cli.db.clone())
    };
    let cancel = cancel_on_ctrl_c();
    let options = engine::Options {
        batch_size,
        annotate: true,
        command: std::env::args().collect::<Vec<_>>().join(" "),
        ..engine::Options::default()
    };
    let progress = Bar::new(cli.quiet || cli.json);
    let options = engine::Options {
        ingest: ingest::Options { consumed: progress.track_inputs(paths), ..options.ingest },
        ..options
    };
    let summary = engine::analyze(&mut *store, paths.to_vec(), &options, &progress, &cancel)?;
    progress.finish();
    if cli.json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else if !cli.quiet {
        print_summary(&summary, full, &db_name);
    } else {
        for d in summary.diagnostics.iter().filter(|d| d.severity == Severity::Error) {
            eprintln!("{d}");
        }
    }
    Ok(if summary.is_partial() { EXIT_PARTIAL } else { EXIT_OK })
}

/// A flag set by the first Ctrl-C, polled between batches. A second Ctrl-C is not caught: the
/// process dies, and the database rolls the open batch back.
fn cancel_on_ctrl_c() -> Arc<AtomicBool> {
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = cancel.clone();
    let _ = ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
        eprintln!("\ninterrupted: finishing the current batch (Ctrl-C again to stop at once)");
    });
    cancel
}

fn print_summary(s: &engine::Summary, full: bool, db: &std::path::Path) {
    if full {
        let (docs_per_s, mb_per_s) = engine::throughput(s);
        println!("analyzed {} documents into {} in {:.1}s ({docs_per_s:.0} docs/s, {mb_per_s:.1} MB/s)", s.n_read, db.display(), s.seconds);
        println!("  stored            {:>6}", s.n_stored);
        println!("  already stored    {:>6}", s.n_already_stored);
        println!("  exact duplicates  {:>6}", s.n_exact_duplicates);
        println!("  near duplicates   {:>6}", s.n_near_duplicates);
        println!("  sentences         {:>6}", s.n_sentences);
        if s.n_years_inferred > 0 {
            println!("  years from corpus {:>6}  (dates whose year only other documents give)", s.n_years_inferred);
        }
        println!("  skipped           {:>6}", s.n_skipped);
        if let Some(r) = &s.reasoning {
            picture::print_reason_rows(r);
            picture::warn_unused(r);
        }
    } else {
        println!(
            "ingested {} new documents into {} ({} already stored, {} duplicates, {} skipped)",
            s.n_stored,
            db.display(),
            s.n_already_stored,
            s.n_exact_duplicates + s.n_near_duplicates,
            s.n_skipped
        );
    }
    let errors: Vec<&Diagnostic> = s.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    let warnings = s.diagnostics.len() - errors.len();
    if !errors.is_empty() {
        println!("skipped:");
        for d in errors {
            println!("  {}: {} [{}]", d.source, d.message, d.code);
        }
    }
    if warnings > 0 {
        println!("{warnings} warnings (see `dossier diagnostics`)");
    }
    if s.interrupted {
        println!("interrupted: run the same command again to resume");
    }
}

fn print_docs_table(docs: &[store::DocSummary]) {
    if docs.is_empty() {
        println!("no documents");
        return;
    }
    println!("{:<16}  {:<10}  {:<22}  {:<4}  {:>5}  {:<16}  title", "id", "published", "outlet", "lang", "sents", "duplicate of");
    for d in docs {
        println!(
            "{:<16}  {:<10}  {:<22}  {:<4}  {:>5}  {:<16}  {}",
            d.id,
            d.published.as_deref().unwrap_or("-"),
            truncate(d.outlet.as_deref().unwrap_or("-"), 22),
            d.language.as_deref().unwrap_or("-"),
            d.n_sentences,
            d.duplicate_of.as_deref().unwrap_or(""),
            truncate(d.title.as_deref().unwrap_or("(untitled)"), 60),
        );
    }
}

fn print_doc(d: &Doc, tokens: bool) {
    println!("id         {}", d.id);
    println!("source     {}", d.source());
    if d.meta.url.is_some() {
        println!("origin     {}", d.origin);
    }
    println!("title      {}", d.meta.title.as_deref().unwrap_or("-"));
    println!("authors    {}", if d.meta.authors.is_empty() { "-".to_string() } else { d.meta.authors.join("; ") });
    println!("published  {}", d.meta.published.as_deref().unwrap_or("-"));
    println!("outlet     {}", d.meta.outlet.as_deref().unwrap_or("-"));
    println!("language   {}", d.meta.language.as_deref().unwrap_or("-"));
    println!("format     {}", d.format.as_str());
    if let Some(dup) = &d.duplicate {
        let kind = match dup.kind {
            model::DuplicateKind::Exact => "exact",
            model::DuplicateKind::Near => "near",
        };
        println!("duplicate  {kind} duplicate of {} (similarity {:.2})", dup.of, dup.similarity);
    }
    let entities = export::document_entities(d);
    let (dct, dct_source) = export::creation_time(d);
    let n_times = d.annotations.iter().filter(|a| a.layer == model::Layer::Times).count();
    println!("sentences  {}, tokens {}, entities {}, times {n_times}", d.sentences.len(), d.tokens.len(), entities.len());
    if let Some(dct) = dct {
        println!("anchor     {dct} (from {dct_source}): relative dates are resolved against it");
    }
    println!();
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mentions: Vec<&model::Annotation> =
        d.annotations.iter().filter(|a| a.layer == model::Layer::Entities).collect();
    // Entities and time expressions, in text order, marked in the text.
    let mut marks: Vec<&model::Annotation> = d
        .annotations
        .iter()
        .filter(|a| matches!(a.layer, model::Layer::Entities | model::Layer::Times))
        .collect();
    marks.sort_by_key(|a| (a.span.start, std::cmp::Reverse(a.span.end)));
    let mut paragraph = None;
    let mut next_mention = 0usize;
    for (i, s) in d.sentences.iter().enumerate() {
        if paragraph.is_some() && paragraph != Some(s.paragraph) {
            println!();
        }
        paragraph = Some(s.paragraph);
        // The sentence with its entity mentions marked: `[Tomas Rekker|PERSON]`, or coloured
        // on a terminal.
        let mut line = String::new();
        let mut at = s.span.start as usize;
        while let Some(m) = marks.get(next_mention).filter(|m| m.span.start < s.span.end) {
            next_mention += 1;
            let (a, b) = (m.span.start as usize, m.span.end as usize);
            if a < at || b > s.span.end as usize {
                continue;
            }
            line.push_str(d.text.get(at..a).unwrap_or(""));
            let text = d.text.get(a..b).unwrap_or("");
            // Times show their normalised value: `[on Tuesday|DATE=2031-01-14]`.
            let label = match m.attrs.get("value").and_then(serde_json::Value::as_str) {
                Some(v) if m.layer == model::Layer::Times => format!("{}={v}", m.label),
                _ => m.label.clone(),
            };
            if color {
                line.push_str(&format!("\x1b[1;{}m{text}\x1b[0m\x1b[2m{label}\x1b[0m", ansi_color(&m.label)));
            } else {
                line.push_str(&format!("[{text}|{label}]"));
            }
            at = b;
        }
        line.push_str(d.text.get(at..s.span.end as usize).unwrap_or(""));
        println!("[{:>3}] {line}", i + 1);
        if tokens {
            print_tokens(d, s, &mentions);
            println!();
        }
    }
    if !entities.is_empty() {
        println!();
        println!("{:<6}  {:<7}  {:>8}  {:<40}  aliases", "entity", "type", "mentions", "name");
        for (k, e) in entities.iter().enumerate() {
            let others: Vec<&str> = e.aliases.iter().copied().filter(|a| *a != e.name).collect();
            println!("{:<6}  {:<7}  {:>8}  {:<40}  {}", format!("e{k}"), e.kind, e.n_mentions, truncate(&e.name, 40), others.join("; "));
        }
    }
}

/// One line per token: number, form, lemma, UPOS, XPOS, head, relation, entity (BIO).
fn print_tokens(d: &Doc, s: &model::Sentence, mentions: &[&model::Annotation]) {
    let (first, last) = (s.tokens.0 as usize, s.tokens.1 as usize);
    for i in first..last.min(d.tokens.len()) {
        let Some(t) = d.tokens.get(i) else { continue };
        let a = d.analyses.get(i);
        let head = match a.and_then(|a| a.head) {
            Some(h) if (first..last).contains(&(h as usize)) => (h as usize - first + 1).to_string(),
            Some(h) => format!("@{h}"),
            None if a.is_some_and(|a| !a.deprel.is_empty()) => "0".to_string(),
            None => "_".to_string(),
        };
        let entity = mentions
            .iter()
            .find(|m| m.span.start <= t.span.start && t.span.end <= m.span.end)
            .map_or("O".to_string(), |m| {
                format!("{}-{}", if m.span.start == t.span.start { "B" } else { "I" }, m.label)
            });
        let or = |x: Option<&str>| x.filter(|x| !x.is_empty()).unwrap_or("_").to_string();
        println!(
            "      {:>3}  {:<18} {:<16} {:<6} {:<5} {:>4}  {:<11} {}",
            i - first + 1,
            truncate(t.span.text(&d.text), 18),
            truncate(&or(a.map(|a| a.lemma.as_str())), 16),
            or(a.map(|a| a.upos.as_str())),
            or(a.map(|a| a.xpos.as_str())),
            head,
            or(a.map(|a| a.deprel.as_str())),
            entity
        );
    }
}

/// Where a document comes from, short: its outlet (or title, or origin) and its id.
fn doc_label(d: &Doc) -> String {
    let name = d.meta.outlet.as_deref().or(d.meta.title.as_deref()).map_or_else(|| d.origin.to_string(), str::to_string);
    format!("{} [{}]", truncate(&name, 28), &d.id[..d.id.len().min(8)])
}

/// A text on one line (newlines and runs of spaces folded).
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn quotes(cli: &Cli, store: &dyn Store, speaker: Option<&str>, direct: bool, limit: Option<usize>) -> Result<u8> {
    let wanted = speaker.map(str::to_lowercase);
    let mut listing = Listing::new(cli, limit);
    store.for_each_document(&mut |d| {
        for q in export::document_quotes(&d) {
            if direct && !q.direct {
                continue;
            }
            if let Some(w) = &wanted {
                let matches = q.speaker.as_ref().is_some_and(|s| s.name.to_lowercase().contains(w) || s.text.to_lowercase().contains(w));
                if !matches {
                    continue;
                }
            }
            listing.add(&q, || {
                let who = q.speaker.as_ref().map_or("?".to_string(), |s| {
                    if s.resolved_by == "name" || s.resolved_by == "unresolved" || s.text.is_empty() {
                        s.name.to_string()
                    } else {
                        format!("{} ({})", s.name, one_line(s.text))
                    }
                });
                let cue = q.cue.as_ref().map_or("—", |c| c.text);
                let kind = if q.direct { "“”" } else { "  " };
                format!("{:<28}  {:<14}  {kind} {:<70}  {}", truncate(&one_line(&who), 28), truncate(&one_line(cue), 14), truncate(&one_line(&q.text), 70), doc_label(&d))
            });
        }
        Ok(())
    })?;
    listing.finish(&format!("no quotes{}", speaker.map(|s| format!(" from a speaker matching `{s}`")).unwrap_or_default()))
}

/// The rows of a listing command (`quotes`, `events`, `figures`): up to `limit` items, printed
/// one line each as they come, or collected into one JSON array with `--json`.
struct Listing {
    json: bool,
    limit: Option<usize>,
    n: usize,
    rows: Vec<serde_json::Value>,
}

impl Listing {
    fn new(cli: &Cli, limit: Option<usize>) -> Listing {
        Listing { json: cli.json, limit, n: 0, rows: Vec::new() }
    }

    /// Takes one item (ignored once the limit is reached); `line` renders it for the table.
    fn add<T: serde::Serialize>(&mut self, item: &T, line: impl FnOnce() -> String) {
        if self.limit.is_some_and(|l| self.n >= l) {
            return;
        }
        self.n += 1;
        if self.json {
            self.rows.push(serde_json::to_value(item).unwrap_or_default());
        } else {
            println!("{}", line());
        }
    }

    /// Prints the JSON array, or `empty` when the table had no row.
    fn finish(self, empty: &str) -> Result<u8> {
        if self.json {
            println!("{}", serde_json::to_string_pretty(&self.rows)?);
        } else if self.n == 0 {
            println!("{empty}");
        }
        Ok(EXIT_OK)
    }
}

/// What `dossier events` keeps.
struct EventFilter<'a> {
    kind: Option<&'a str>,
    actor: Option<&'a str>,
    from: Option<&'a str>,
    to: Option<&'a str>,
    asserted: bool,
}

impl EventFilter<'_> {
    fn keeps(&self, e: &export::ExportEvent<'_>) -> bool {
        if self.kind.is_some_and(|k| !e.kind.eq_ignore_ascii_case(k)) {
            return false;
        }
        if self.asserted && (e.modality != "asserted" || e.reported_by.is_some()) {
            return false;
        }
        if let Some(name) = self.actor.map(str::to_lowercase) {
            let hit = |a: &Option<export::ExportActor<'_>>| {
                a.as_ref().is_some_and(|a| a.text.to_lowercase().contains(&name) || a.name.is_some_and(|n| n.to_lowercase().contains(&name)))
            };
            if !hit(&e.source_actor) && !hit(&e.target_actor) {
                return false;
            }
        }
        if self.from.is_some() || self.to.is_some() {
            // Compare ISO prefixes: an event dated 2022-01 is within --from 2022-01-05 only if
            // its month could hold that day, so compare on the shorter of the two.
            let Some(d) = &e.date else { return false };
            let within = |bound: &str, date: &str, after: bool| {
                let n = bound.len().min(date.len());
                let (b, v) = (bound.get(..n).unwrap_or(bound), date.get(..n).unwrap_or(date));
                if after {
                    v >= b
                } else {
                    v <= b
                }
            };
            if !d.end.starts_with(|c: char| c.is_ascii_digit()) {
                return false; // a year nobody could infer cannot be placed
            }
            if self.from.is_some_and(|f| !within(f, d.end, true)) || self.to.is_some_and(|t| !within(t, d.start, false)) {
                return false;
            }
        }
        true
    }
}

fn events(cli: &Cli, store: &dyn Store, filter: &EventFilter<'_>, limit: Option<usize>) -> Result<u8> {
    let mut listing = Listing::new(cli, limit);
    store.for_each_document(&mut |d| {
        for e in export::document_events(&d).iter().filter(|e| filter.keeps(e)) {
            listing.add(e, || {
                let date = e.date.as_ref().map_or("—", |d| d.value);
                let modality = match (e.modality, &e.reported_by) {
                    ("asserted", None) => String::new(),
                    (m, None) => format!(" [{m}]"),
                    (m, Some(r)) => format!(" [{m}, per {}]", one_line(r.speaker.unwrap_or("?"))),
                };
                format!("{:<12}  {:<9} {:<5}  {:<70}  {}", truncate(date, 12), e.kind, e.cameo, truncate(&format!("{}{modality}", one_line(e.summary)), 70), doc_label(&d))
            });
        }
        Ok(())
    })?;
    listing.finish("no events match")
}

/// A figure as an analyst reads it: "at least 160", "$13,000", "5-7%".
fn figure_value(q: &export::ExportQuantity<'_>) -> String {
    let num = |v: f64| {
        if v.fract() == 0.0 && v.abs() < 1e15 {
            let s = format!("{}", v as i64);
            // Thousands separators.
            let (sign, digits) = s.strip_prefix('-').map_or(("", s.as_str()), |d| ("-", d));
            let mut out = String::new();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    out.push(',');
                }
                out.push(c);
            }
            format!("{sign}{out}")
        } else {
            format!("{v}")
        }
    };
    let mut v = q.value.map_or("?".to_string(), num);
    if let Some(m) = q.value_max {
        v = format!("{v}-{}", num(m));
    }
    let v = match q.unit {
        Some("%") => format!("{v}%"),
        Some("USD") => format!("${v}"),
        Some(u) => format!("{v} {u}"),
        None => v,
    };
    match q.approx {
        Some(a) if !a.is_empty() => format!("{a} {v}"),
        _ => v,
    }
}

fn figures(cli: &Cli, store: &dyn Store, counted: Option<&str>, limit: Option<usize>) -> Result<u8> {
    let wanted = counted.map(str::to_lowercase);
    let mut listing = Listing::new(cli, limit);
    if !cli.json {
        println!("{:<22}  {:<8}  {:<28}  {:<18}  {:<10}  {:<40}  source", "figure", "type", "counted", "about", "time", "text");
    }
    store.for_each_document(&mut |d| {
        for q in export::document_quantities(&d) {
            if let Some(w) = &wanted {
                let hay = format!("{} {}", q.counted.unwrap_or(""), q.about.as_ref().and_then(|a| a.name).unwrap_or("")).to_lowercase();
                if !hay.contains(w) {
                    continue;
                }
            }
            listing.add(&q, || {
                let sentence = q.evidence.first().map_or("", |e| e.text);
                format!(
                    "{:<22}  {:<8}  {:<28}  {:<18}  {:<10}  {:<40}  {}",
                    truncate(&figure_value(&q), 22),
                    q.kind,
                    truncate(&one_line(q.counted.unwrap_or("")), 28),
                    truncate(q.about.as_ref().and_then(|a| a.name).unwrap_or(""), 18),
                    truncate(q.time.unwrap_or(""), 10),
                    truncate(&one_line(sentence), 40),
                    doc_label(&d)
                )
            });
        }
        Ok(())
    })?;
    listing.finish("no figures")
}

fn ansi_color(label: &str) -> u8 {
    match label {
        "PERSON" => 36,
        "ORG" => 33,
        "LOC" => 32,
        "NORP" => 35,
        "DATE" | "TIME" | "DURATION" | "SET" => 31,
        _ => 34,
    }
}

fn truncate(s: &str, n: usize) -> String {
    engine::brief::cut(s, n)
}
