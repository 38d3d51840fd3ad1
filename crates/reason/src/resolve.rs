//! Entity resolution across the corpus: the documents' entities (each already grouped within
//! its document by `annotate::entities`) merged into corpus entities, one per real actor.
//!
//! Rules, strongest first, each merge recorded with its rule, reason and confidence:
//! 1. **defined acronym**: "National Security Committee (KNB)" in a text links the two (0.95);
//! 2. **same name**: identical normal forms (case, diacritics, "the", possessives folded;
//!    "Republic of X" also counts as "X"), whatever type the recogniser gave each (1.0);
//! 3. **spelling variant**: people whose surnames are transliteration variants (same phonetic
//!    key, similar spelling, no feminine ending: Nazarbayev / Nazarbaev but never Nazarbayeva)
//!    and whose given names are compatible; places and bodies whose every word is a variant
//!    (Corvinsk / Korvinsk) unless the gazetteer knows them as two countries (similarity);
//! 4. **surname**: a bare surname joins the one person of the corpus with that surname; when
//!    two people share it (a president and his daughter), it joins neither (0.8);
//! 5. **acronym**: a bare acronym joins the one organisation whose name it abbreviates (0.9).
//!
//! Blocking keeps this near-linear: names are compared only within a phonetic-key block, and
//! only distinct names (not every mention). Demonyms are linked to their place and capitals
//! or seats of power to their country (`links`), never merged. The analyst's overrides
//! (`dossier entity merge A B`, `dossier entity split A B`) are applied on every run: a split
//! forbids any merge that would join the two names, even inside one document.

use std::borrow::Cow;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::dsu::Dsu;
use crate::facts::{DocFacts, Evidence, Override, OverrideKind, SmolStr};
use crate::names;

/// A corpus entity: one real actor, place or group.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Entity {
    /// `E` and 10 hex digits of a hash of the type and canonical name: stable across runs as
    /// long as the name is.
    pub id: String,
    /// The canonical name: the fullest, most used spelling.
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    /// Every spelling seen, with its number of mentions, most frequent first.
    pub aliases: Vec<(String, u32)>,
    pub n_mentions: u32,
    pub n_documents: u32,
    /// The documents' entities it groups.
    pub members: Vec<Member>,
    /// Why the members are one entity.
    pub merges: Vec<Merge>,
    /// The lowest confidence of its merges (1 for an entity of one document or exact names).
    pub confidence: f64,
    /// The first mention of each member, as evidence.
    pub evidence: Vec<Evidence>,
}

/// A document's entity (`<doc>:e<n>`) that belongs to a corpus entity.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub doc: SmolStr,
    pub entity: u32,
    /// When a split took some spellings of this document entity elsewhere: the spellings
    /// (exact surface forms) whose mentions belong here. Empty: all of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub only: Vec<SmolStr>,
}

/// One merge between two members, with why.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Merge {
    /// `<doc>:e<n>` of each side.
    pub a: SmolStr,
    pub b: SmolStr,
    /// `same-name`, `spelling-variant`, `surname`, `acronym`, `defined-acronym`, `user`.
    pub rule: SmolStr,
    pub reason: SmolStr,
    pub confidence: f64,
}

/// A typed relation between two entities that is not identity.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Link {
    /// `demonym-of` (Kazakh -> Kazakhstan), `seat-of` (the Kremlin -> Russia), `capital-of`.
    pub kind: String,
    pub from: String,
    pub to: String,
    pub reason: String,
}

/// The result: entities, links, and where each document entity went.
#[derive(Debug, Default)]
pub struct Resolved {
    pub entities: Vec<Entity>,
    pub links: Vec<Link>,
    pub unused_overrides: Vec<Override>,
    /// Per document (index into the facts), where its entries in `locals` start: document
    /// `d`'s are `locals[start[d]..start[d + 1]]`. A flat table rather than a map: millions
    /// of document entities on a large corpus.
    start: Vec<usize>,
    /// (local entity, entity index), for members without `only`, in document order.
    locals: Vec<(u32, u32)>,
    /// (document index, local entity, surface) -> entity index, for split members.
    split: HashMap<(usize, u32, SmolStr), usize>,
}

impl Resolved {
    /// The corpus entity (index into `entities`) of entity `local` of document `doc`
    /// (index into the facts), when the mention's surface form is `surface`.
    pub fn entity_of(&self, doc: usize, local: u32, surface: Option<&str>) -> Option<usize> {
        if let Some(s) = surface {
            if let Some(&k) = self.split.get(&(doc, local, SmolStr::new(s))) {
                return Some(k);
            }
        }
        let run = self.locals.get(self.start.get(doc).copied()?..self.start.get(doc + 1).copied()?)?;
        run.iter().find(|x| x.0 == local).map(|x| x.1 as usize)
    }
}

/// A document entity (or the part of one a split left), the unit of merging.
/// Borrows from the facts: millions of these exist at once on a large corpus.
struct Item<'a> {
    doc: usize,
    local: u32,
    kind: &'a str,
    /// Exact spellings with mention counts (owned only when a split cut the entity).
    aliases: Cow<'a, [(SmolStr, u32)]>,
    /// Non-empty when split.
    only: Vec<SmolStr>,
    /// Normal form of the item's name (inline when short, as most names are).
    norm: SmolStr,
    evidence: &'a Evidence,
}

impl Item<'_> {
    fn mentions(&self) -> u32 {
        self.aliases.iter().map(|a| a.1).sum()
    }
}

/// Disjoint sets of items that also track, per set, which sides of the analyst's splits it
/// holds, so that no union joins the two names of a split.
struct UnionFind {
    dsu: Dsu,
    /// For each root holding a side of a split: for each split override, whether the set
    /// holds side a / side b. Sparse: most sets hold none.
    sides: HashMap<usize, Vec<(usize, bool, bool)>>,
}

impl UnionFind {
    fn find(&mut self, x: usize) -> usize {
        self.dsu.find(x)
    }

    /// Joins the sets of `a` and `b` unless a split override forbids it. Returns whether
    /// they are (now) one set.
    fn union(&mut self, a: usize, b: usize) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return true;
        }
        if self.sides.is_empty() {
            self.dsu.union(ra, rb);
            return true;
        }
        let sa = self.sides.remove(&ra).unwrap_or_default();
        let sb = self.sides.remove(&rb).unwrap_or_default();
        let forbidden = sa.iter().any(|&(i, a1, b1)| sb.iter().any(|&(j, a2, b2)| j == i && ((a1 && b2) || (b1 && a2))));
        if forbidden {
            if !sa.is_empty() {
                self.sides.insert(ra, sa);
            }
            if !sb.is_empty() {
                self.sides.insert(rb, sb);
            }
            return false;
        }
        let root = self.dsu.union(ra, rb);
        let mut merged = sa;
        for (j, a2, b2) in sb {
            match merged.iter_mut().find(|m| m.0 == j) {
                Some(m) => {
                    m.1 |= a2;
                    m.2 |= b2;
                }
                None => merged.push((j, a2, b2)),
            }
        }
        if !merged.is_empty() {
            self.sides.insert(root, merged);
        }
        true
    }
}

/// Formal prefixes that do not change which place is meant ("Republic of Hanzhou").
const FORMAL_PREFIXES: &[&str] = &["people s republic of ", "democratic republic of ", "republic of ", "kingdom of ", "state of ", "federation of ", "principality of ", "sultanate of ", "emirate of "];

/// Seats of power used for governments (metonymy): kept as `seat-of` links.
const SEATS: &[(&str, &str)] = &[
    ("kremlin", "russia"),
    ("white house", "united states"),
    ("pentagon", "united states"),
    ("downing street", "united kingdom"),
    ("whitehall", "united kingdom"),
    ("elysee", "france"),
    ("elysee palace", "france"),
    ("quai d orsay", "france"),
    ("akorda", "kazakhstan"),
    ("ak orda", "kazakhstan"),
    ("zhongnanhai", "china"),
    ("blue house", "south korea"),
    ("bankova", "ukraine"),
    ("chancellery", "germany"),
];

fn core_name(norm: &str) -> &str {
    FORMAL_PREFIXES.iter().find_map(|p| norm.strip_prefix(p)).unwrap_or(norm)
}

/// The key names are grouped by in the same-name rule: the core name, and for groups of
/// people ("Velorians") the singular.
fn same_name_key(kind: &str, norm: &str) -> String {
    let core = core_name(norm);
    let last_word = core.rsplit(' ').next().unwrap_or(core);
    if kind == "NORP" && last_word.len() > 4 && core.ends_with('s') && !core.ends_with("ss") {
        return core.get(..core.len() - 1).unwrap_or(core).to_string();
    }
    core.to_string()
}

fn member_id(docs: &[DocFacts], item: &Item) -> SmolStr {
    smol_str::format_smolstr!("{}:e{}", docs.get(item.doc).map_or("", |d| d.doc.as_str()), item.local)
}

struct Merger<'a> {
    docs: &'a [DocFacts],
    items: Vec<Item<'a>>,
    uf: UnionFind,
    merges: Vec<(usize, usize, &'static str, SmolStr, f64)>,
}

impl Merger<'_> {
    fn join(&mut self, a: usize, b: usize, rule: &'static str, reason: impl Into<SmolStr>, confidence: f64) {
        let (ra, rb) = (self.uf.find(a), self.uf.find(b));
        if ra != rb && self.uf.union(a, b) {
            self.merges.push((a, b, rule, reason.into(), confidence));
        }
    }

    fn name(&self, i: usize) -> &str {
        self.items.get(i).map_or("", |it| it.norm.as_str())
    }
}

/// Resolves the entities of `docs` into corpus entities.
pub fn resolve(docs: &[DocFacts], overrides: &[Override]) -> Resolved {
    let norm_overrides: Vec<(OverrideKind, String, String, &Override)> =
        overrides.iter().map(|o| (o.kind, names::normalize(&o.a), names::normalize(&o.b), o)).collect();
    let mut used = vec![false; overrides.len()];

    // Items, with document entities cut in two where a split names two of their spellings.
    let mut items: Vec<Item> = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        for e in &doc.entities {
            let mut aliases: Cow<'_, [(SmolStr, u32)]> = if e.aliases.is_empty() { Cow::Owned(vec![(e.name.clone(), 1)]) } else { Cow::Borrowed(&e.aliases) };
            for (k, (kind, a, b, _)) in norm_overrides.iter().enumerate() {
                if *kind != OverrideKind::Split {
                    continue;
                }
                let has = |x: &str| aliases.iter().any(|(s, _)| names::normalize(s) == x);
                if has(a) && has(b) && aliases.len() > 1 {
                    let (taken, kept): (Vec<_>, Vec<_>) = aliases.iter().cloned().partition(|(s, _)| names::normalize(s) == *b);
                    if let Some(u) = used.get_mut(k) {
                        *u = true;
                    }
                    let only: Vec<SmolStr> = taken.iter().map(|t| t.0.clone()).collect();
                    items.push(Item {
                        doc: d,
                        local: e.n,
                        kind: &e.kind,
                        norm: names::normalize(&only.first().cloned().unwrap_or_default()).into(),
                        aliases: Cow::Owned(taken),
                        only,
                        evidence: &e.evidence,
                    });
                    aliases = Cow::Owned(kept);
                }
            }
            let split = aliases.len() != e.aliases.len() && !e.aliases.is_empty();
            let norm = if split { names::normalize(&fullest(&aliases, &e.kind)) } else { names::normalize(&e.name) }.into();
            items.push(Item {
                doc: d,
                local: e.n,
                kind: &e.kind,
                only: if split { aliases.iter().map(|a| a.0.clone()).collect() } else { Vec::new() },
                aliases,
                norm,
                evidence: &e.evidence,
            });
        }
    }

    // Which split sides each item holds.
    let mut sides: HashMap<usize, Vec<(usize, bool, bool)>> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        for (k, (kind, a, b, _)) in norm_overrides.iter().enumerate() {
            if *kind != OverrideKind::Split {
                continue;
            }
            let has = |x: &str| item.norm == x || item.aliases.iter().any(|(s, _)| names::normalize(s) == x);
            let (ha, hb) = (has(a), has(b));
            if ha || hb {
                sides.entry(i).or_default().push((k, ha, hb));
            }
        }
    }
    let n = items.len();
    let mut m = Merger { docs, items, uf: UnionFind { dsu: Dsu::new(n), sides }, merges: Vec::new() };

    // 1. Acronyms defined in the text.
    // (Items are in document order, so a document's items are one run of `items`: from
    // `start[d]` to `start[d + 1]`.)
    let start = run_starts(docs.len(), m.items.iter().map(|it| it.doc));
    let mut defined = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        let run = start.get(d).copied().unwrap_or(n)..start.get(d + 1).copied().unwrap_or(n);
        let local = |x: u32| run.clone().find(|&i| m.items.get(i).is_some_and(|it| it.local == x));
        for e in &doc.entities {
            let Some(full) = e.acronym_of else { continue };
            if let (Some(a), Some(b)) = (local(e.n), local(full)) {
                let reason = format!("\"{}\" is introduced as the acronym of \"{}\" in the text", e.name, doc.entities.iter().find(|x| x.n == full).map_or("", |x| x.name.as_str()));
                defined.push((a, b, reason));
            }
        }
    }
    for (a, b, reason) in defined {
        m.join(a, b, "defined-acronym", reason, 0.95);
    }

    // 2. Same name (or same name without a formal prefix).
    let mut by_name: HashMap<String, usize> = HashMap::new();
    for i in 0..n {
        let core = same_name_key(m.items.get(i).map_or("", |it| it.kind), m.name(i));
        if core.is_empty() {
            continue;
        }
        match by_name.get(&core) {
            Some(&first) => {
                let reason = if m.name(first) == m.name(i) {
                    // Short: millions of these on a large corpus, and the spellings are in `aliases`.
                    SmolStr::new_static("same name")
                } else {
                    format!("\"{}\" is the formal name of \"{}\"", longer(m.name(first), m.name(i)), core).into()
                };
                m.join(first, i, "same-name", reason, 1.0);
            }
            None => {
                by_name.insert(core, i);
            }
        }
    }
    // One representative per distinct name, in first-seen order.
    let mut reps: Vec<usize> = by_name.values().copied().collect();
    reps.sort_unstable();

    // 3 and 4. People: blocks by the phonetic key of the surname.
    let mut person_blocks: HashMap<String, Vec<(usize, Vec<String>, String)>> = HashMap::new();
    for &i in &reps {
        let Some(it) = m.items.get(i) else { continue };
        if it.kind != "PERSON" {
            continue;
        }
        let (given, surname) = names::person_parts(&it.norm);
        let Some(surname) = surname else { continue };
        person_blocks.entry(names::word_key(&surname)).or_default().push((i, given, surname));
    }
    let mut keys: Vec<String> = person_blocks.keys().cloned().collect();
    keys.sort_unstable();
    // Full names first, so a bare surname sees the people as merged.
    let mut variant_people = Vec::new();
    for key in &keys {
        let Some(block) = person_blocks.get(key) else { continue };
        let full: Vec<&(usize, Vec<String>, String)> = block.iter().filter(|p| !p.1.is_empty()).collect();
        for (x, a) in full.iter().enumerate() {
            for b in full.iter().skip(x + 1) {
                if names::variant_words(&a.2, &b.2) && names::given_compatible(&a.1, &b.1) {
                    variant_people.push((a.0, b.0, names::similarity(&a.2, &b.2)));
                }
            }
        }
    }
    for (a, b, sim) in variant_people {
        let reason = format!("\"{}\" and \"{}\" are spellings of one name", display(&m, a), display(&m, b));
        m.join(a, b, "spelling-variant", reason, (sim * 100.0).round() / 100.0);
    }
    let mut surname_merges = Vec::new();
    for key in &keys {
        let Some(block) = person_blocks.get(key) else { continue };
        for p in block.iter().filter(|p| p.1.is_empty()) {
            // The distinct people (after the merges so far) this surname could be.
            let mut candidates: Vec<(usize, usize)> = Vec::new();
            for f in block.iter().filter(|f| !f.1.is_empty()) {
                if names::variant_words(&p.2, &f.2) {
                    let root = m.uf.find(f.0);
                    if !candidates.iter().any(|c| c.0 == root) {
                        candidates.push((root, f.0));
                    }
                }
            }
            if let [(_, f)] = candidates.as_slice() {
                surname_merges.push((p.0, *f));
            }
        }
    }
    for (a, b) in surname_merges {
        let reason = format!("\"{}\" is the surname of \"{}\", the only person of the corpus so named", display(&m, a), display(&m, b));
        m.join(a, b, "surname", reason, 0.8);
    }

    // 3. Places, bodies and groups: every word a variant, blocked by the whole name's key.
    let countries = events::countries::Countries::load();
    let mut blocks: HashMap<String, Vec<usize>> = HashMap::new();
    for &i in &reps {
        let Some(it) = m.items.get(i) else { continue };
        if it.kind == "PERSON" || names::is_acronym(&it.norm.to_uppercase()) && it.norm.len() <= 5 {
            continue;
        }
        blocks.entry(format!("{}|{}", it.kind, names::name_key(core_name(&it.norm)))).or_default().push(i);
    }
    let mut keys: Vec<&String> = blocks.keys().collect();
    keys.sort_unstable();
    let mut variant_merges = Vec::new();
    for key in keys {
        let Some(block) = blocks.get(key) else { continue };
        for (x, &a) in block.iter().enumerate() {
            for &b in block.iter().skip(x + 1) {
                let (na, nb) = (core_name(m.name(a)), core_name(m.name(b)));
                if !names::variant_names(na, nb) {
                    continue;
                }
                let (ca, cb) = (countries.code_of(&title_case(na)), countries.code_of(&title_case(nb)));
                if ca.is_some() && cb.is_some() && ca != cb {
                    continue;
                }
                variant_merges.push((a, b, names::similarity(na, nb)));
            }
        }
    }
    for (a, b, sim) in variant_merges {
        let reason = format!("\"{}\" and \"{}\" are spellings of one name", display(&m, a), display(&m, b));
        m.join(a, b, "spelling-variant", reason, (sim * 100.0).round() / 100.0);
    }

    // 5. Bare acronyms: the one organisation whose name they abbreviate.
    let mut by_acronym: HashMap<String, Vec<usize>> = HashMap::new();
    for &i in &reps {
        let Some(it) = m.items.get(i) else { continue };
        if it.kind != "ORG" && it.kind != "MISC" {
            continue;
        }
        for (s, _) in it.aliases.iter() {
            if !names::is_acronym(s) {
                if let Some(a) = names::acronym(s) {
                    by_acronym.entry(a).or_default().push(i);
                }
            }
        }
    }
    let mut acronym_merges = Vec::new();
    for &i in &reps {
        let Some(it) = m.items.get(i) else { continue };
        if !it.aliases.iter().all(|(s, _)| names::is_acronym(s)) {
            continue;
        }
        let Some(acr) = it.aliases.first().map(|a| a.0.replace('.', "").to_uppercase()) else { continue };
        let Some(cands) = by_acronym.get(&acr) else { continue };
        let mut roots: Vec<(usize, usize)> = Vec::new();
        for &c in cands {
            let r = m.uf.find(c);
            if !roots.iter().any(|x| x.0 == r) {
                roots.push((r, c));
            }
        }
        if let [(_, c)] = roots.as_slice() {
            acronym_merges.push((i, *c));
        }
    }
    for (a, b) in acronym_merges {
        let reason = format!("\"{}\" abbreviates \"{}\", the only organisation of the corpus it fits", display(&m, a), display(&m, b));
        m.join(a, b, "acronym", reason, 0.9);
    }

    // The analyst's merges.
    for (k, (kind, a, b, _)) in norm_overrides.iter().enumerate() {
        if *kind != OverrideKind::Merge {
            continue;
        }
        let named = |x: &str, m: &Merger<'_>| -> Option<usize> {
            m.items.iter().position(|it| it.norm == x || it.aliases.iter().any(|(s, _)| names::normalize(s) == x))
        };
        if let (Some(i), Some(j)) = (named(a, &m), named(b, &m)) {
            if let Some(u) = used.get_mut(k) {
                *u = true;
            }
            // Every item named a or b, not only the first, joins.
            let all: Vec<usize> = (0..n).filter(|&x| m.items.get(x).is_some_and(|it| it.norm == *a || it.norm == *b)).collect();
            m.join(i, j, "user", "merged by the analyst", 1.0);
            for x in all {
                m.join(i, x, "user", "merged by the analyst", 1.0);
            }
        }
    }
    for (k, (kind, a, b, _)) in norm_overrides.iter().enumerate() {
        if *kind == OverrideKind::Split && !used.get(k).copied().unwrap_or(true) {
            let named = |x: &str| m.items.iter().any(|it| it.norm == x || it.aliases.iter().any(|(s, _)| names::normalize(s) == x));
            if named(a) && named(b) {
                if let Some(u) = used.get_mut(k) {
                    *u = true;
                }
            }
        }
    }

    let mut out = build(&mut m);
    out.unused_overrides = overrides.iter().zip(&used).filter(|(_, u)| !**u).map(|(o, _)| o.clone()).collect();
    out.links = links(&out.entities, &countries);
    out
}

fn longer<'a>(a: &'a str, b: &'a str) -> &'a str {
    if a.len() >= b.len() {
        a
    } else {
        b
    }
}

fn display(m: &Merger<'_>, i: usize) -> String {
    m.items.get(i).and_then(|it| it.aliases.first()).map(|a| a.0.to_string()).unwrap_or_default()
}

/// "korvinsk" -> "Korvinsk", for gazetteer lookups.
fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The fullest spelling: for people the one with most words, else the most used non-acronym.
fn fullest<S: AsRef<str>>(aliases: &[(S, u32)], kind: &str) -> String {
    let mut best: Option<&(S, u32)> = None;
    for a in aliases {
        let better = match best {
            None => true,
            Some(b) => {
                let acr = (names::is_acronym(a.0.as_ref()), names::is_acronym(b.0.as_ref()));
                let words = (a.0.as_ref().split_whitespace().count(), b.0.as_ref().split_whitespace().count());
                if acr.0 != acr.1 {
                    !acr.0
                } else if kind == "PERSON" || kind == "ORG" {
                    words.0 > words.1 || (words.0 == words.1 && a.1 > b.1)
                } else {
                    a.1 > b.1 || (a.1 == b.1 && words.0 > words.1)
                }
            }
        };
        if better {
            best = Some(a);
        }
    }
    best.map(|b| b.0.as_ref().to_string()).unwrap_or_default()
}

const TYPE_PREFERENCE: &[&str] = &["PERSON", "ORG", "LOC", "NORP", "MISC"];

fn build(m: &mut Merger<'_>) -> Resolved {
    let n = m.items.len();
    // Items by set, sets in the order of their first item (a sort, not a map of lists:
    // millions of items on a large corpus).
    let mut first_of: HashMap<usize, usize> = HashMap::new();
    let mut by_set: Vec<(usize, usize)> = Vec::with_capacity(n);
    for i in 0..n {
        let r = m.uf.find(i);
        let first = *first_of.entry(r).or_insert(i);
        by_set.push((first, i));
    }
    drop(first_of);
    by_set.sort_unstable();
    let mut entity_of_item: Vec<u32> = vec![u32::MAX; n];
    // Merges by set (a stable sort: in the order they were made), each set's taken as one
    // run into a list of exactly its size.
    let mut made = std::mem::take(&mut m.merges);
    made.sort_by_cached_key(|x| m.uf.find(x.0));
    let roots: Vec<usize> = made.iter().map(|x| m.uf.find(x.0)).collect();
    let mut merge_runs: HashMap<usize, std::ops::Range<usize>> = HashMap::new();
    let mut at = 0;
    for run in roots.chunk_by(|a, b| a == b) {
        if let Some(&r) = run.first() {
            merge_runs.insert(r, at..at + run.len());
        }
        at += run.len();
    }
    drop(roots);
    let mut out = Resolved::default();
    let mut used_ids: HashMap<String, u32> = HashMap::new();
    for run in by_set.chunk_by(|a, b| a.0 == b.0) {
        let g: Vec<usize> = run.iter().map(|x| x.1).collect();
        let Some(&first) = g.first() else { continue };
        let r = m.uf.find(first);
        let mut aliases: Vec<(String, u32)> = Vec::new();
        let mut type_votes: Vec<(String, u32)> = Vec::new();
        let mut docs_seen: Vec<usize> = Vec::new();
        let mut members = Vec::with_capacity(g.len());
        let mut evidence = Vec::new();
        for &i in &g {
            let Some(it) = m.items.get(i) else { continue };
            for (s, c) in it.aliases.iter() {
                match aliases.iter_mut().find(|a| a.0 == *s) {
                    Some(a) => a.1 += c,
                    None => aliases.push((s.to_string(), *c)),
                }
            }
            match type_votes.iter_mut().find(|t| t.0 == it.kind) {
                Some(t) => t.1 += it.mentions(),
                None => type_votes.push((it.kind.to_string(), it.mentions())),
            }
            if !docs_seen.contains(&it.doc) {
                docs_seen.push(it.doc);
            }
            members.push(Member { doc: m.docs.get(it.doc).map_or(SmolStr::default(), |d| d.doc.clone()), entity: it.local, only: it.only.clone() });
            if evidence.len() < 20 && !evidence.iter().any(|e: &Evidence| e.text == it.evidence.text && e.doc == it.evidence.doc) {
                evidence.push(it.evidence.clone());
            }
        }
        aliases.sort_by_key(|a| std::cmp::Reverse(a.1));
        type_votes.sort_by(|a, b| {
            b.1.cmp(&a.1).then_with(|| {
                let rank = |t: &str| TYPE_PREFERENCE.iter().position(|p| *p == t).unwrap_or(9);
                rank(&a.0).cmp(&rank(&b.0))
            })
        });
        let mut kind = type_votes.first().map(|t| t.0.clone()).unwrap_or_default();
        if kind != "NORP" && type_votes.iter().any(|t| t.0 == "NORP") && aliases.first().is_some_and(|a| looks_like_demonym(&a.0)) {
            kind = "NORP".into();
        }
        let name = fullest(&aliases, &kind);
        let run = merge_runs.get(&r).cloned().unwrap_or(0..0);
        let mut merges = Vec::with_capacity(run.len());
        for (a, b, rule, reason, confidence) in made.get_mut(run).unwrap_or(&mut []).iter_mut() {
            let (Some(ia), Some(ib)) = (m.items.get(*a), m.items.get(*b)) else { continue };
            merges.push(Merge { a: member_id(m.docs, ia), b: member_id(m.docs, ib), rule: (*rule).into(), reason: std::mem::take(reason), confidence: *confidence });
        }
        let confidence = merges.iter().map(|m| m.confidence).fold(1.0, f64::min);
        let hash = blake3::hash(format!("{kind}|{}", names::normalize(&name)).as_bytes()).to_hex();
        let base = format!("E{}", hash.get(..10).unwrap_or(""));
        let seen = used_ids.entry(base.clone()).or_insert(0);
        *seen += 1;
        let id = if *seen == 1 { base } else { format!("{base}-{seen}") };
        let k = out.entities.len();
        for &i in &g {
            let Some(it) = m.items.get(i) else { continue };
            if it.only.is_empty() {
                if let Some(x) = entity_of_item.get_mut(i) {
                    *x = k as u32;
                }
            } else {
                for s in &it.only {
                    out.split.insert((it.doc, it.local, s.clone()), k);
                }
            }
        }
        out.entities.push(Entity {
            id,
            name,
            kind,
            n_mentions: aliases.iter().map(|a| a.1).sum(),
            aliases,
            n_documents: docs_seen.len() as u32,
            members,
            merges,
            confidence,
            evidence,
        });
    }
    // The document entities' table, in item (so document) order.
    let kept: Vec<(usize, u32, u32)> =
        m.items.iter().zip(&entity_of_item).filter(|(_, k)| **k != u32::MAX).map(|(it, k)| (it.doc, it.local, *k)).collect();
    out.start = run_starts(m.docs.len(), kept.iter().map(|x| x.0));
    out.locals = kept.into_iter().map(|(_, local, k)| (local, k)).collect();
    out
}

/// Where each document's run starts in a list sorted by document, given the document of
/// each element in order: document `d`'s elements are `start[d]..start[d + 1]`.
fn run_starts(n_docs: usize, docs: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut start = vec![0usize; n_docs + 1];
    for d in docs {
        if let Some(c) = start.get_mut(d + 1) {
            *c += 1;
        }
    }
    for d in 1..start.len() {
        let before = start.get(d - 1).copied().unwrap_or(0);
        if let Some(c) = start.get_mut(d) {
            *c += before;
        }
    }
    start
}

fn looks_like_demonym(s: &str) -> bool {
    let s = s.trim_end_matches('s').to_lowercase();
    ["ian", "an", "ese", "i", "ish", "ic", "ch", "kh", "ek", "yz"].iter().any(|suf| s.ends_with(suf))
}

/// Demonyms to their places, seats of power and capitals to their countries.
fn links(entities: &[Entity], countries: &events::countries::Countries) -> Vec<Link> {
    let mut out = Vec::new();
    let places: Vec<(usize, String)> = entities.iter().enumerate().filter(|(_, e)| e.kind == "LOC").map(|(i, e)| (i, names::normalize(&e.name))).collect();
    let mut by_prefix: HashMap<String, Vec<usize>> = HashMap::new();
    for (k, (_, norm)) in places.iter().enumerate() {
        by_prefix.entry(norm.chars().take(3).collect()).or_default().push(k);
    }
    let place_of_code = |code: &str| -> Option<usize> {
        places.iter().find(|(_, norm)| countries.lookup(&title_case(norm)).is_some_and(|(c, kind)| c == code && !matches!(kind, events::countries::Kind::Capital | events::countries::Kind::Demonym))).map(|p| p.0)
    };
    for e in entities {
        let norm = names::normalize(&e.name);
        if e.kind == "NORP" {
            let prefix: String = norm.chars().take(3).collect();
            let target = by_prefix.get(&prefix).and_then(|ks| ks.iter().filter_map(|&k| places.get(k)).find(|(_, p)| names::demonym_of(&norm, p)).map(|p| p.0));
            let target = target.or_else(|| countries.lookup(&e.name).filter(|(_, k)| matches!(k, events::countries::Kind::Demonym)).and_then(|(c, _)| place_of_code(c)));
            if let Some(t) = target.and_then(|t| entities.get(t)) {
                out.push(Link { kind: "demonym-of".into(), from: e.id.clone(), to: t.id.clone(), reason: format!("\"{}\" is the demonym of \"{}\"", e.name, t.name) });
            }
            continue;
        }
        if let Some((_, country)) = SEATS.iter().find(|(seat, _)| *seat == norm) {
            if let Some(t) = places.iter().find(|(_, p)| p == country).and_then(|p| entities.get(p.0)) {
                out.push(Link { kind: "seat-of".into(), from: e.id.clone(), to: t.id.clone(), reason: format!("\"{}\" stands for the government of {}", e.name, t.name) });
            }
            continue;
        }
        if e.kind == "LOC" {
            if let Some((code, events::countries::Kind::Capital)) = countries.lookup(&e.name) {
                if let Some(t) = place_of_code(code).and_then(|t| entities.get(t)) {
                    out.push(Link { kind: "capital-of".into(), from: e.id.clone(), to: t.id.clone(), reason: format!("{} is the capital of {}", e.name, t.name) });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::LocalEntity;

    /// (name, type, spellings with counts).
    type Ent<'a> = (&'a str, &'a str, &'a [(&'a str, u32)]);

    fn doc(id: &str, ents: &[Ent<'_>]) -> DocFacts {
        DocFacts {
            doc: id.into(),
            entities: ents
                .iter()
                .enumerate()
                .map(|(n, (name, kind, aliases))| LocalEntity {
                    n: n as u32,
                    name: (*name).into(),
                    kind: (*kind).into(),
                    aliases: aliases.iter().map(|(s, c)| ((*s).into(), *c)).collect(),
                    acronym_of: None,
                    evidence: Evidence { doc: id.into(), start: 0, end: 1, text: (*name).into() },
                })
                .collect(),
            ..DocFacts::default()
        }
    }

    fn entity_named<'a>(r: &'a Resolved, alias: &str) -> Vec<&'a Entity> {
        r.entities.iter().filter(|e| e.aliases.iter().any(|a| a.0 == alias)).collect()
    }

    fn corpus() -> Vec<DocFacts> {
        vec![
            doc("a", &[
                ("Tomas Rekker", "PERSON", &[("Rekker", 5), ("Tomas Rekker", 1)]),
                ("Eastern Security Pact", "ORG", &[("Eastern Security Pact", 1), ("ESP", 3)]),
                ("Corvinsk", "LOC", &[("Corvinsk", 2)]),
                ("Aldric Vaszary", "PERSON", &[("Aldric Vaszary", 1)]),
                ("Velorian", "NORP", &[("Velorian", 2)]),
                ("Central Asians", "NORP", &[("Central Asians", 1)]),
                ("Veloria", "LOC", &[("Veloria", 4)]),
            ]),
            doc("b", &[
                ("Tomas Reker", "PERSON", &[("Tomas Reker", 1), ("Reker", 2)]),
                ("Korvinsk", "LOC", &[("Korvinsk", 6)]),
                ("Aldric Vasari", "PERSON", &[("Aldric Vasari", 1)]),
                ("Lena Vaszary", "PERSON", &[("Lena Vaszary", 1)]),
            ]),
            doc("c", &[("Central Asian", "NORP", &[("Central Asian", 1)]), ("ESP", "ORG", &[("ESP", 5)]), ("Rekker", "PERSON", &[("Rekker", 2)]), ("Vaszary", "PERSON", &[("Vaszary", 1)])]),
            doc("d", &[("Security Council", "ORG", &[("Security Council", 1)]), ("National Security Committee", "ORG", &[("National Security Committee", 1)])]),
        ]
    }

    #[test]
    fn merges_variants_acronyms_and_surnames() {
        let r = resolve(&corpus(), &[]);
        let rekker = entity_named(&r, "Reker");
        assert_eq!(rekker.len(), 1);
        let rekker = rekker[0];
        assert!(rekker.aliases.iter().any(|a| a.0 == "Tomas Rekker"));
        assert!(rekker.aliases.iter().any(|a| a.0 == "Rekker"));
        assert_eq!(rekker.n_documents, 3);
        assert_eq!(rekker.kind, "PERSON");
        assert!(rekker.merges.iter().any(|m| m.rule == "spelling-variant"));
        let esp = entity_named(&r, "ESP");
        assert_eq!(esp.len(), 1, "{:?}", esp.iter().map(|e| &e.name).collect::<Vec<_>>());
        assert_eq!(esp[0].name, "Eastern Security Pact");
        assert_eq!(esp[0].n_documents, 2);
        let corvinsk = entity_named(&r, "Korvinsk");
        assert_eq!(corvinsk.len(), 1);
        assert!(corvinsk[0].aliases.iter().any(|a| a.0 == "Corvinsk"));
        assert_eq!(corvinsk[0].name, "Korvinsk", "most mentions wins for places");
        // Vasari is Aldric Vaszary; Lena Vaszary is someone else, and the bare "Vaszary"
        // fits two people, so it joins neither.
        let aldric = entity_named(&r, "Aldric Vasari");
        assert_eq!(aldric.len(), 1);
        assert!(aldric[0].aliases.iter().any(|a| a.0 == "Aldric Vaszary"));
        assert!(!aldric[0].aliases.iter().any(|a| a.0 == "Lena Vaszary" || a.0 == "Vaszary"));
        // Never a council and a committee.
        assert_eq!(entity_named(&r, "Security Council").len(), 1);
        assert!(!entity_named(&r, "Security Council")[0].aliases.iter().any(|a| a.0 == "National Security Committee"));
        // Demonym linked, not merged.
        let velorian = entity_named(&r, "Velorian");
        assert_eq!(velorian.len(), 1);
        assert_eq!(velorian[0].kind, "NORP");
        assert_eq!(entity_named(&r, "Central Asians").len(), 1);
        assert!(entity_named(&r, "Central Asians")[0].aliases.iter().any(|a| a.0 == "Central Asian"), "plural groups are one");
        assert!(r.links.iter().any(|l| l.kind == "demonym-of" && l.from == velorian[0].id && l.to == entity_named(&r, "Veloria")[0].id));
        // Every member is indexed.
        for (d, doc) in corpus().iter().enumerate() {
            for e in &doc.entities {
                assert!(r.entity_of(d, e.n, None).is_some());
            }
        }
    }

    #[test]
    fn overrides_merge_and_split() {
        let overrides = vec![
            Override { kind: OverrideKind::Split, a: "Tomas Rekker".into(), b: "Tomas Reker".into() },
            Override { kind: OverrideKind::Merge, a: "Security Council".into(), b: "national security committee".into() },
            Override { kind: OverrideKind::Merge, a: "Nobody".into(), b: "Rekker".into() },
        ];
        let r = resolve(&corpus(), &overrides);
        let reker = entity_named(&r, "Tomas Reker");
        assert_eq!(reker.len(), 1);
        assert!(!reker[0].aliases.iter().any(|a| a.0 == "Tomas Rekker"));
        let council = entity_named(&r, "Security Council");
        assert!(council[0].aliases.iter().any(|a| a.0 == "National Security Committee"));
        assert!(council[0].merges.iter().any(|m| m.rule == "user"));
        assert_eq!(r.unused_overrides.len(), 1);
        assert_eq!(r.unused_overrides[0].a, "Nobody");
    }

    #[test]
    fn split_inside_one_document() {
        let docs = vec![doc("a", &[("Nursultan Nazarbayev", "PERSON", &[("Nazarbayev", 3), ("Nursultan Nazarbayev", 1), ("Dariga", 1)])])];
        let r = resolve(&docs, &[Override { kind: OverrideKind::Split, a: "Nazarbayev".into(), b: "Dariga".into() }]);
        assert_eq!(r.entities.len(), 2);
        let dariga = entity_named(&r, "Dariga")[0];
        assert_eq!(dariga.members[0].only, vec!["Dariga".to_string()]);
        assert_eq!(r.entity_of(0, 0, Some("Dariga")), r.entities.iter().position(|e| e.id == dariga.id));
        assert_ne!(r.entity_of(0, 0, Some("Nazarbayev")), r.entity_of(0, 0, Some("Dariga")));
        assert!(r.unused_overrides.is_empty());
    }

    #[test]
    fn ids_are_stable_and_unique() {
        let a = resolve(&corpus(), &[]);
        let b = resolve(&corpus(), &[]);
        let ids: Vec<&String> = a.entities.iter().map(|e| &e.id).collect();
        assert_eq!(ids, b.entities.iter().map(|e| &e.id).collect::<Vec<_>>());
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len());
    }
}
