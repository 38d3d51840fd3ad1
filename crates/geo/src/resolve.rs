//! Resolution of one document's place mentions to gazetteer places.
//!
//! 1. Candidates per mention: the places whose name or alternate name has the mention's key
//!    (`normal::key`), for a group (NORP) mention or a hyphenated adjective ("Russian-led") the
//!    country its demonym names, and when nothing matches, places with the same loose
//!    transliteration key. An organisation mention ("Moscow said") only takes countries,
//!    capitals and cities of a million people, and only when the whole mention is the name.
//! 2. Document context: the countries that unambiguous mentions point to (a country name, a
//!    demonym, a place with a single candidate), counted once per distinct name.
//! 3. Choice: a country candidate wins ("Mexico" is the country, not Mexico City), unless a
//!    region of the same name sits in a country the document is about while the country does
//!    not ("Georgia" beside Atlanta); otherwise the highest of kind, population (log),
//!    context and an explicit "Name, Country" in the text.
//! 4. Evidence: a city is accepted only with enough of it: a capital, a million people, its
//!    country the document's context with a large enough share of its place mentions, or an
//!    explicit "Name, Country". A fictional town that shares its name with a small real one
//!    elsewhere stays unresolved.

use std::collections::HashMap;

use crate::gazetteer::{Gazetteer, Kind, Via};
use crate::normal::key;

/// What the recogniser said a mention is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MentionKind {
    /// A location (LOC, GPE).
    Place,
    /// An organisation, possibly a place standing for its government ("Moscow said").
    Organisation,
    /// A nationality or group (NORP): a demonym links to its country.
    Group,
}

/// One place mention of a document.
#[derive(Clone, Debug)]
pub struct Mention {
    /// Byte range in the document's text.
    pub span: (usize, usize),
    pub text: String,
    pub kind: MentionKind,
}

/// A mention resolved to a gazetteer place.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Resolution {
    /// Index into [`Gazetteer::places`].
    pub place: u32,
    pub via: Via,
    /// 0..1: how sure the choice is (a single exact candidate, the margin over the next).
    pub confidence: f64,
}

/// Suffixes that turn a demonym or place into an adjective: "Russian-led", "Moscow-based".
const ADJECTIVE_SUFFIXES: &[&str] = &["-led", "-backed", "-based", "-born", "-made", "-owned", "-controlled", "-run", "-brokered", "-sponsored", "-speaking", "-funded", "-supported", "-dominated", "-allied", "-aligned", "-held", "-occupied"];

/// Seats of power that stand for a capital: (name key, capital, ISO2).
const SEATS: &[(&str, &str, &str)] = &[
    ("kremlin", "Moscow", "RU"),
    ("white house", "Washington", "US"),
    ("capitol hill", "Washington", "US"),
    ("downing street", "London", "GB"),
    ("akorda", "Astana", "KZ"),
    ("ak orda", "Astana", "KZ"),
    ("elysee", "Paris", "FR"),
    ("elysee palace", "Paris", "FR"),
    ("zhongnanhai", "Beijing", "CN"),
    ("quai dorsay", "Paris", "FR"),
];

/// The capital a seat of power stands for ("the Kremlin" -> Moscow).
fn seat(g: &Gazetteer, text: &str) -> Option<Candidate> {
    let k = key(text);
    let (_, city, iso2) = SEATS.iter().find(|(s, _, _)| *s == k)?;
    let place = g.by_name(city).iter().map(|(i, _)| *i).find(|i| g.place(*i).is_some_and(|p| p.iso2 == *iso2 && p.kind == Kind::Capital))?;
    Some(Candidate { place, via: Via::Alternate })
}

/// Generic words after a place name: "Mangystau region", "Almaty Province".
const DIVISION_WORDS: &[&str] = &["region", "province", "oblast", "district", "state", "oblys", "county", "governorate", "prefecture"];

/// Minimum population for an exact-name city without any other evidence.
const BIG_CITY: u64 = 1_000_000;
/// Minimum population for a city in a context country, whatever the country's share.
const TOWN_IN_CONTEXT: u64 = 100_000;
/// Share of a document's place mentions its context country must have for smaller towns.
const DOMINANT_SHARE: f64 = 0.2;

#[derive(Clone, Copy, Debug)]
struct Candidate {
    place: u32,
    via: Via,
}

fn candidates(g: &Gazetteer, m: &Mention) -> Vec<Candidate> {
    let text = m.text.trim();
    if !text.chars().any(char::is_uppercase) {
        return Vec::new();
    }
    let lower = text.to_lowercase();
    let stem = ADJECTIVE_SUFFIXES.iter().find_map(|s| lower.strip_suffix(s).map(|_| &text[..text.len() - s.len()]));
    let base = stem.unwrap_or(text);
    let demonym = |w: &str| g.demonym(w).map(|place| vec![Candidate { place, via: Via::Demonym }]);
    let exact = |w: &str| -> Vec<Candidate> { g.by_name(w).iter().map(|&(place, via)| Candidate { place, via }).collect() };
    if let Some(c) = seat(g, text) {
        return vec![c];
    }
    let mut found = match m.kind {
        MentionKind::Group => demonym(base).unwrap_or_else(|| exact(base).into_iter().filter(|c| g.place(c.place).is_some_and(|p| p.kind == Kind::Country)).collect()),
        MentionKind::Organisation => {
            if stem.is_some() {
                demonym(base).unwrap_or_default()
            } else {
                exact(text)
                    .into_iter()
                    .filter(|c| g.place(c.place).is_some_and(|p| matches!(p.kind, Kind::Country | Kind::Capital) || p.population >= BIG_CITY))
                    .collect()
            }
        }
        MentionKind::Place => {
            // A demonym first: "Kazakh" is also an alternate name of Petropavl.
            let mut c = demonym(base).unwrap_or_else(|| exact(base));
            if c.is_empty() {
                // "Mangystau region", "Almaty Province": the name before the generic word.
                if let Some((head, last)) = base.rsplit_once(' ') {
                    if DIVISION_WORDS.contains(&last.to_lowercase().as_str()) {
                        c = exact(head).into_iter().filter(|c| g.place(c.place).is_some_and(|p| p.kind == Kind::Region)).collect();
                    }
                }
            }
            if c.is_empty() && key(base).chars().filter(|c| *c != ' ').count() >= 5 {
                c = g.by_loose_name(base).iter().map(|&place| Candidate { place, via: Via::Loose }).collect();
            }
            c
        }
    };
    found.truncate(64);
    found
}

/// Resolves the mentions of one document; `text` is the document's text (for "Name, Country").
/// Returns one entry per mention, `None` when the mention stays unresolved.
pub fn resolve(g: &Gazetteer, text: &str, mentions: &[Mention]) -> Vec<Option<Resolution>> {
    let cands: Vec<Vec<Candidate>> = mentions.iter().map(|m| candidates(g, m)).collect();
    // Context: countries pointed to by unambiguous mentions, once per distinct name.
    let mut context: HashMap<&str, f64> = HashMap::new();
    let mut seen_names: HashMap<String, ()> = HashMap::new();
    let mut n_place_names = 0usize;
    for (m, cs) in mentions.iter().zip(&cands) {
        let k = key(&m.text);
        if seen_names.insert(k, ()).is_some() {
            continue;
        }
        if m.kind == MentionKind::Place {
            n_place_names += 1;
        }
        let countries: Vec<&str> = cs.iter().filter_map(|c| g.place(c.place)).map(|p| p.iso2.as_str()).collect();
        let Some(first) = countries.first() else { continue };
        let unambiguous = countries.iter().all(|c| c == first);
        let strong = cs.iter().filter_map(|c| g.place(c.place)).any(|p| matches!(p.kind, Kind::Country | Kind::Capital) || p.population >= TOWN_IN_CONTEXT);
        if unambiguous && strong && cs.iter().all(|c| c.via != Via::Loose) {
            *context.entry(first).or_insert(0.0) += 1.0;
        }
    }
    let total = n_place_names.max(1) as f64;
    let mut memo: HashMap<(String, bool), Option<Resolution>> = HashMap::new();
    let mut out = Vec::with_capacity(mentions.len());
    for (m, cs) in mentions.iter().zip(&cands) {
        let memo_key = (key(&m.text), m.kind == MentionKind::Organisation);
        if let Some(r) = memo.get(&memo_key) {
            out.push(*r);
            continue;
        }
        let r = choose(g, text, m, cs, &context, total);
        memo.insert(memo_key, r);
        out.push(r);
    }
    out
}

/// The country named right after the mention: "Zhanaozen, Kazakhstan".
fn followed_by_country(g: &Gazetteer, text: &str, m: &Mention, iso2: &str) -> bool {
    let Some(after) = text.get(m.span.1..) else { return false };
    let Some(rest) = after.strip_prefix(", ").or_else(|| after.strip_prefix(" in ")) else { return false };
    let Some(country) = g.country(iso2).and_then(|c| g.place(c)) else { return false };
    let words: Vec<&str> = rest.split(|c: char| !c.is_alphanumeric() && c != '-').take(4).collect();
    (1..=words.len()).any(|n| {
        let phrase = words[..n].join(" ");
        g.by_name(&phrase).iter().any(|(i, _)| g.place(*i).is_some_and(|p| p.kind == Kind::Country && p.iso2 == country.iso2))
    })
}

fn choose(g: &Gazetteer, text: &str, m: &Mention, cs: &[Candidate], context: &HashMap<&str, f64>, total: f64) -> Option<Resolution> {
    let ctx = |iso2: &str| context.get(iso2).copied().unwrap_or(0.0);
    let places: Vec<(Candidate, &crate::gazetteer::Place)> = cs.iter().filter_map(|c| Some((*c, g.place(c.place)?))).collect();
    if places.is_empty() {
        return None;
    }
    // A country wins, unless a same-named region lies in the document's country and the
    // country itself is not in the context.
    if let Some((c, country)) = places.iter().find(|(c, p)| p.kind == Kind::Country && (c.via != Via::Loose || key(&m.text).len() >= 6)) {
        let region = places.iter().find(|(_, p)| p.kind == Kind::Region && ctx(&p.iso2) > 0.0 && ctx(&country.iso2) == 0.0);
        if let Some((rc, _)) = region {
            return Some(Resolution { place: rc.place, via: rc.via, confidence: 0.7 });
        }
        let confidence = match (c.via, places.len()) {
            (Via::Loose, _) => 0.7,
            (_, 1) => 0.95,
            _ => 0.85,
        };
        return Some(Resolution { place: c.place, via: c.via, confidence });
    }
    let mut scored: Vec<(f64, Candidate, bool)> = Vec::new();
    for (c, p) in &places {
        let adjacent = followed_by_country(g, text, m, &p.iso2);
        let share = ctx(&p.iso2) / total;
        let in_context = ctx(&p.iso2) > 0.0;
        let evidence = match (p.kind, c.via) {
            (_, Via::Loose) => adjacent || (in_context && p.population >= 50_000) || (p.kind == Kind::Capital && in_context),
            (Kind::Region, _) => true,
            (Kind::Capital, _) => true,
            _ => adjacent || p.population >= BIG_CITY || (in_context && (p.population >= TOWN_IN_CONTEXT || share >= DOMINANT_SHARE)),
        };
        if !evidence {
            continue;
        }
        // A capital beats a same-named region ("Washington"), a city of millions its state
        // ("New York").
        let kind_score = match p.kind {
            Kind::Country => 10.0,
            Kind::Region => 3.0,
            Kind::Capital => 8.0,
            Kind::City if p.population >= BIG_CITY => 4.0,
            Kind::City => 0.0,
        };
        let mut score = kind_score + (p.population.max(1) as f64).log10();
        if in_context {
            score += 3.0 + ctx(&p.iso2).min(5.0) * 0.5;
        }
        if adjacent {
            score += 6.0;
        }
        match c.via {
            Via::Loose => score -= 2.0,
            Via::Alternate => score -= 0.5,
            _ => {}
        }
        scored.push((score, *c, in_context || adjacent));
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.place.cmp(&b.1.place)));
    let (best, c, supported) = *scored.first()?;
    let margin = scored.get(1).map_or(6.0, |s| best - s.0);
    let mut confidence = 0.5 + 0.45 * (1.0 - (-margin / 2.0).exp());
    if !supported {
        confidence -= 0.1;
    }
    if c.via == Via::Loose {
        confidence -= 0.15;
    }
    Some(Resolution { place: c.place, via: c.via, confidence: confidence.clamp(0.05, 0.99) })
}
