//! The event lexicon: which words are events, of which PLOVER type and CAMEO code, and what
//! must hold around them. Data, not code: `data/events.tsv` (its header documents the format),
//! compiled in and parsed once.

use std::collections::HashMap;
use std::sync::OnceLock;

const DEFAULT: &str = include_str!("../data/events.tsv");

/// Part of speech of a trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pos {
    Verb,
    Noun,
    Adj,
}

/// What a trigger's complement means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Complement {
    /// No special complement.
    None,
    /// A statement of intent ("agreed to send"): AGREE, or THREATEN for a hostile intent.
    Intent,
    /// A request ("asked for troops"): what is asked for.
    Request,
    /// A refusal ("refused to resign"): what is refused.
    Reject,
    /// A threat ("threatened to shut"): what is threatened.
    Threat,
    /// An accusation ("accused X of helping"): what is alleged.
    Allege,
}

/// The role a noun's "of" complement and possessive play ("the arrest of X": target).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfRole {
    Source,
    Target,
}

/// One lexicon row.
#[derive(Debug, Clone)]
pub struct Entry {
    pub lemma: String,
    pub pos: Pos,
    /// Object head lemmas, one of which must be the object.
    pub obj: Vec<String>,
    /// Particle that must follow ("off", "down").
    pub prt: Option<String>,
    /// Prepositions, one of which must introduce a complement.
    pub prep: Vec<String>,
    /// Modifiers, one of which a noun must have.
    pub modifier: Vec<String>,
    /// No clausal complement allowed.
    pub no_ccomp: bool,
    /// An open complement required.
    pub needs_xcomp: bool,
    /// A clausal complement with "must" or "should" required.
    pub needs_must: bool,
    pub kind: String,
    pub mode: Option<String>,
    pub cameo: String,
    pub complement: Complement,
    pub of_role: Option<OfRole>,
    /// Prepositions marking the target.
    pub target_preps: Vec<String>,
    /// The object is what is sent or given ("deployed 2,000 troops"), not the target.
    pub object_is_theme: bool,
}

impl Entry {
    /// Number of conditions: more specific rows are tried first.
    fn specificity(&self) -> usize {
        usize::from(!self.obj.is_empty()) + usize::from(self.prt.is_some()) + usize::from(!self.prep.is_empty()) + usize::from(!self.modifier.is_empty())
            + usize::from(self.needs_xcomp)
            + usize::from(self.needs_must)
    }
}

/// The event lexicon, indexed by (lemma, part of speech).
#[derive(Debug, Default)]
pub struct Lexicon {
    entries: HashMap<(String, Pos), Vec<Entry>>,
    n: usize,
}

/// A row that could not be read, with its line number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRow {
    pub line: usize,
    pub message: String,
}

fn alternatives(s: &str) -> Vec<String> {
    s.split('|').map(|w| w.trim().to_lowercase()).filter(|w| !w.is_empty()).collect()
}

impl Lexicon {
    /// The compiled-in lexicon, parsed once.
    pub fn load_default() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(|| Lexicon::parse(DEFAULT).0)
    }

    /// Parses the TSV format of `data/events.tsv`; rows that do not parse are returned as
    /// problems and skipped.
    pub fn parse(text: &str) -> (Lexicon, Vec<BadRow>) {
        let mut lex = Lexicon::default();
        let mut bad = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            match parse_row(line) {
                Ok(e) => {
                    lex.n += 1;
                    lex.entries.entry((e.lemma.clone(), e.pos)).or_default().push(e);
                }
                Err(message) => bad.push(BadRow { line: n + 1, message }),
            }
        }
        for rows in lex.entries.values_mut() {
            rows.sort_by_key(|e| std::cmp::Reverse(e.specificity()));
        }
        (lex, bad)
    }

    /// Rows for a lemma and part of speech, most specific first.
    pub fn rows(&self, lemma: &str, pos: Pos) -> &[Entry] {
        // Allocation-free lookups would need a borrowed key type; lemmas are short.
        self.entries.get(&(lemma.to_string(), pos)).map_or(&[], Vec::as_slice)
    }

    /// Whether any row has this lemma and part of speech.
    pub fn has(&self, lemma: &str, pos: Pos) -> bool {
        self.entries.contains_key(&(lemma.to_string(), pos))
    }

    pub fn len(&self) -> usize {
        self.n
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0
    }
}

const TYPES: &[&str] = &[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION",
    "MOBILIZE", "COERCE", "ASSAULT",
];

/// Whether `kind` is one of the 16 PLOVER 2021 event types.
pub fn is_plover_type(kind: &str) -> bool {
    TYPES.contains(&kind)
}

fn parse_row(line: &str) -> Result<Entry, String> {
    let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
    let [lemma, pos, requires, kind, mode, cameo, args] = cols.as_slice() else {
        return Err(format!("expected 7 tab-separated columns, found {}", cols.len()));
    };
    let pos = match *pos {
        "V" => Pos::Verb,
        "N" => Pos::Noun,
        "A" => Pos::Adj,
        other => return Err(format!("part of speech `{other}` is not V, N or A")),
    };
    if !is_plover_type(kind) {
        return Err(format!("`{kind}` is not a PLOVER 2021 event type"));
    }
    if cameo.is_empty() || !cameo.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("CAMEO code `{cameo}` is not a number"));
    }
    let mut e = Entry {
        lemma: lemma.to_lowercase(),
        pos,
        obj: Vec::new(),
        prt: None,
        prep: Vec::new(),
        modifier: Vec::new(),
        no_ccomp: false,
        needs_xcomp: false,
        needs_must: false,
        kind: kind.to_string(),
        mode: (*mode != "-" && !mode.is_empty()).then(|| mode.to_string()),
        cameo: cameo.to_string(),
        complement: Complement::None,
        of_role: None,
        target_preps: Vec::new(),
        object_is_theme: false,
    };
    if *requires != "-" {
        for cond in requires.split(';').map(str::trim).filter(|c| !c.is_empty()) {
            match cond.split_once('=') {
                Some(("obj", v)) => e.obj = alternatives(v),
                Some(("prt", v)) => e.prt = Some(v.trim().to_lowercase()),
                Some(("prep", v)) => e.prep = alternatives(v),
                Some(("mod", v)) => e.modifier = alternatives(v),
                None if cond == "noccomp" => e.no_ccomp = true,
                None if cond == "xcomp" => e.needs_xcomp = true,
                None if cond == "must" => e.needs_must = true,
                _ => return Err(format!("unknown condition `{cond}`")),
            }
        }
    }
    if *args != "-" {
        for arg in args.split(',').map(str::trim).filter(|a| !a.is_empty()) {
            match arg {
                "intent" => e.complement = Complement::Intent,
                "request" => e.complement = Complement::Request,
                "reject" => e.complement = Complement::Reject,
                "threat" => e.complement = Complement::Threat,
                "allege" => e.complement = Complement::Allege,
                "theme" => e.object_is_theme = true,
                "of:source" => e.of_role = Some(OfRole::Source),
                "of:target" => e.of_role = Some(OfRole::Target),
                _ => match arg.strip_prefix("tgt:") {
                    Some(v) => e.target_preps = alternatives(v),
                    None => return Err(format!("unknown argument `{arg}`")),
                },
            }
        }
    }
    Ok(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_in_lexicon_parses_without_bad_rows() {
        let (lex, bad) = Lexicon::parse(DEFAULT);
        assert!(bad.is_empty(), "bad rows: {bad:?}");
        assert!(lex.len() > 300, "{} rows", lex.len());
        let arrest = lex.rows("arrest", Pos::Verb);
        assert_eq!(arrest[0].kind, "COERCE");
        assert_eq!(arrest[0].cameo, "173");
        assert_eq!(lex.rows("arrest", Pos::Noun)[0].of_role, Some(OfRole::Target));
    }

    #[test]
    fn specific_rows_come_first_and_bad_rows_are_reported() {
        let text = "send\tV\t-\tMOBILIZE\ttroops\t154\t-\nsend\tV\tobj=aid\tAID\t-\t073\ttgt:to\nsend\tV\t-\tFOO\t-\t1\t-\nx\tQ\t-\tAID\t-\t07\t-\nshort\tV\n";
        let (lex, bad) = Lexicon::parse(text);
        let rows = lex.rows("send", Pos::Verb);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].kind, "AID");
        assert_eq!(rows[0].target_preps, vec!["to"]);
        assert_eq!(bad.iter().map(|b| b.line).collect::<Vec<_>>(), vec![3, 4, 5]);
    }
}
