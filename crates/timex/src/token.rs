//! A byte-level tokenizer for English news text and the lexicon of temporal words.
//!
//! Tokens are ASCII words, digit runs and single punctuation bytes, each with its byte span.
//! Any non-ASCII character separates tokens (it is never part of one), so every token boundary
//! is a char boundary. Hyphens are separate tokens marked as glued to their neighbours, so
//! `third-quarter`, `mid-January` and `twenty-one` are read like their spaced forms.

/// Time units, smallest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Weekend,
    Week,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

/// Parts of the day: TimeML `MO`, `AF`, `EV`, `NI`, and `MI` for midday.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pod {
    Morning,
    Afternoon,
    Evening,
    Night,
    Midday,
}

impl Pod {
    pub fn code(self) -> &'static str {
        match self {
            Pod::Morning => "MO",
            Pod::Afternoon => "AF",
            Pod::Evening => "EV",
            Pod::Night => "NI",
            Pod::Midday => "MI",
        }
    }
}

/// Function words and temporal keywords the grammar looks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kw {
    The,
    A,
    This,
    That,
    These,
    Last,
    Next,
    Past,
    Coming,
    Previous,
    Following,
    Same,
    Ago,
    Earlier,
    Later,
    Before,
    After,
    From,
    To,
    Through,
    Until,
    Between,
    And,
    Or,
    Of,
    In,
    On,
    At,
    Since,
    By,
    For,
    During,
    Early,
    Late,
    Mid,
    End,
    Beginning,
    Start,
    Middle,
    Today,
    Yesterday,
    Tomorrow,
    Tonight,
    Now,
    Currently,
    Current,
    Recently,
    Recent,
    Lately,
    Soon,
    Future,
    Formerly,
    Every,
    Each,
    Per,
    Daily,
    Weekly,
    Monthly,
    Annually,
    Yearly,
    Hourly,
    Nightly,
    Several,
    Few,
    SomeQ,
    Many,
    Couple,
    Fiscal,
    Latest,
    Hence,
    Nearly,
    Almost,
    About,
    Around,
    Approximately,
    Roughly,
    More,
    Less,
    Than,
    Least,
    Over,
    Under,
    Up,
    Overnight,
    Noon,
    Midnight,
    Am,
    Pm,
    Oclock,
    Other,
    Half,
    Will,
    Ending,
    Ended,
    Prior,
    Dozen,
    Hundred,
    Whole,
    Entire,
    Full,
    Christmas,
    Eve,
    New,
    Season,
    Period,
    /// The noun "date" ("at a later date").
    DateWord,
    Term,
    Once,
    Ever,
    But,
    Old,
    Twice,
    Times,
    Long,
    Thanksgiving,
    Near,
    Zone,
    Thousand,
    Million,
    Ahead,
    /// The letters of "p.m.": "p" and "m".
    LetterP,
    LetterM,
    Comparable,
    So,
    Easter,
    Election,
    Short,
    /// "additional", "extra": "an additional year".
    Additional,
    Another,
    /// "trading", "business", "working" before "days".
    Workday,
    High,
    /// "average" ("average daily volume").
    Average,
}

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lex {
    /// A word the grammar does not know.
    Word,
    /// A run of ASCII digits (its value, saturated, is in [`Tok::num`]).
    Num,
    /// One punctuation byte.
    Punct(u8),
    Month(u8),
    Weekday(u8),
    /// A unit word; `true` when plural.
    Unit(Unit, bool),
    /// A number word (`one` .. `ninety`).
    NumWord(u32),
    /// An ordinal word (`first` .. `thirty-first` pieces).
    Ord(u32),
    /// A decade in words: 2 = "twenties" .. 9 = "nineties".
    DecadeWord(u8),
    /// Season 0 = spring, 1 = summer, 2 = fall, 3 = winter.
    Season(u8),
    Pod(Pod),
    Kw(Kw),
}

/// Token flags.
pub const GLUED: u8 = 1; // no whitespace before the token
pub const CAP: u8 = 2; // starts with an uppercase letter
pub const ORD: u8 = 4; // a number with an ordinal suffix: 5th, 21st
pub const PLURAL_S: u8 = 8; // a number with a plural s: 1990s
pub const BREAK: u8 = 16; // a blank line (paragraph break) before the token
pub const ABBR: u8 = 32; // a month or weekday written as an abbreviation (Jan, Sept, Mon)
pub const ENDS_S: u8 = 64; // a word of four letters or more ending in s (a likely plural)

#[derive(Clone, Copy, Debug)]
pub struct Tok {
    pub start: usize,
    pub end: usize,
    pub lex: Lex,
    /// Numeric value of a digit run (saturating), else 0.
    pub num: u32,
    /// Number of digits of a digit run.
    pub digits: u8,
    pub flags: u8,
    /// A tense cue for the sentence: [`CUE_PAST`], [`CUE_FUTURE`] or 0.
    pub cue: u8,
}

/// A past-tense verb ("said", "was", "rose", a regular verb in -ed).
pub const CUE_PAST: u8 = 1;
/// A word announcing the future ("will", "intends").
pub const CUE_FUTURE: u8 = 2;
/// A form of "be" before a participle ("will be named", "has been closed"): the participle
/// then carries no tense of its own.
pub const CUE_BE: u8 = 3;
/// A present form of "be" ("is", "are", "am"): like [`CUE_BE`], and "is to" announces the
/// future ("is to resume trading Tuesday").
pub const CUE_BE_NOW: u8 = 4;
/// A word of schedule ("scheduled", "expected", "slated"): the future after a present form of
/// "be" or before "to"/"for", the past after "was", "were", "had been".
pub const CUE_PLAN: u8 = 5;

impl Tok {
    #[cfg(test)]
    pub fn has(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }
}

/// Splits `text` into tokens, appending them to `out` (cleared first).
pub fn tokenize(text: &str, out: &mut Vec<Tok>) {
    out.clear();
    let table = table();
    let b = text.as_bytes();
    let mut i = 0;
    let mut glued = false;
    let mut newlines = 0u8;
    while i < b.len() {
        let c = b[i];
        let mut flags = 0u8;
        if glued {
            flags |= GLUED;
        }
        if newlines >= 2 {
            flags |= BREAK;
        }
        if c.is_ascii_alphabetic() {
            let start = i;
            // The lower-cased word is packed into the lookup key while it is scanned. An
            // apostrophe stays inside a word only in "o'clock" ("year's" is two tokens).
            let mut key: u128 = 0;
            while i < b.len() {
                let x = b[i];
                if x.is_ascii_alphabetic() || (x == b'\'' && i == start + 1 && (b[start] | 0x20) == b'o' && b.get(i + 1).is_some_and(|c| c.is_ascii_alphabetic())) {
                    key = (key << 8) | u128::from(x | 0x20);
                    i += 1;
                } else {
                    break;
                }
            }
            if c.is_ascii_uppercase() {
                flags |= CAP;
            }
            if i - start >= 4 && b[i - 1] == b's' && b[i - 2] != b's' {
                flags |= ENDS_S;
            }
            let (lex, abbr, mut cue) = if i - start <= 16 { lookup(table, key) } else { (Lex::Word, false, 0) };
            if abbr {
                flags |= ABBR;
            }
            // A lower-case word in -ed (not -eed) is most often a past tense in news, but not
            // after an article or a possessive ("the planned merger", "a still unspecified
            // date"), where it is an adjective.
            if cue == 0 && lex == Lex::Word && flags & CAP == 0 && i - start >= 4 && b[i - 1] == b'd' && b[i - 2] == b'e' && b[i - 3] != b'e' && !after_determiner(out, b) {
                cue = CUE_PAST;
            }
            out.push(Tok { start, end: i, lex, num: 0, digits: 0, flags, cue });
            glued = true;
            newlines = 0;
        } else if c.is_ascii_digit() {
            let start = i;
            let mut v: u32 = 0;
            while i < b.len() && b[i].is_ascii_digit() {
                v = v.saturating_mul(10).saturating_add(u32::from(b[i] - b'0'));
                i += 1;
            }
            let digits = (i - start).min(255) as u8;
            // Ordinal suffixes and the plural s of decades, only when no letter follows.
            let rest = &b[i..];
            let suffix_ok = |n: usize| rest.get(n).is_none_or(|x| !x.is_ascii_alphanumeric());
            if rest.len() >= 2 && suffix_ok(2) {
                let s = [rest[0].to_ascii_lowercase(), rest[1].to_ascii_lowercase()];
                if matches!(&s, b"st" | b"nd" | b"rd" | b"th") {
                    flags |= ORD;
                    i += 2;
                }
            }
            if flags & ORD == 0 && !rest.is_empty() && (rest[0] == b's' || rest[0] == b'S') && suffix_ok(1) {
                flags |= PLURAL_S;
                i += 1;
            }
            out.push(Tok { start, end: i, lex: Lex::Num, num: v, digits, flags, cue: 0 });
            glued = true;
            newlines = 0;
        } else if c == b' ' || c == b'\t' || c == b'\r' {
            glued = false;
            i += 1;
        } else if c == b'\n' {
            glued = false;
            newlines = newlines.saturating_add(1);
            i += 1;
        } else if c < 0x80 {
            out.push(Tok { start: i, end: i + 1, lex: Lex::Punct(c), num: 0, digits: 0, flags, cue: 0 });
            glued = true;
            newlines = 0;
            i += 1;
        } else {
            // Non-ASCII: skip the whole character; curly quotes and dashes act as separators.
            i += 1;
            while i < b.len() && (b[i] & 0xC0) == 0x80 {
                i += 1;
            }
            glued = false;
        }
    }
}

/// Whether the next word follows a determiner ("the", "a", "its"...), possibly through one
/// adverb ("a still unspecified date", "the newly elected").
fn after_determiner(out: &[Tok], b: &[u8]) -> bool {
    let text = |t: &Tok| b.get(t.start..t.end).unwrap_or_default();
    let is_det = |t: &Tok| {
        matches!(t.lex, Lex::Kw(Kw::A | Kw::The | Kw::This | Kw::These))
            || ["its", "their", "his", "her", "our", "my", "your"].iter().any(|w| text(t).eq_ignore_ascii_case(w.as_bytes()))
    };
    let is_adverb = |t: &Tok| {
        let w = text(t);
        (t.end - t.start >= 4 && w.ends_with(b"ly")) || w.eq_ignore_ascii_case(b"still")
    };
    match out {
        [.., d, a] if is_adverb(a) => is_det(d),
        [.., d] => is_det(d),
        [] => false,
    }
}

/// The lexicon: lower-case word, class, whether it is an abbreviated month or weekday.
fn lexicon() -> Vec<(&'static str, Lex, bool)> {
    use Kw::*;
    use Lex::{Kw as K, Month as M, NumWord as N, Ord as O, Unit as U, Weekday as D};
    vec![
        ("january", M(1), false),
        ("february", M(2), false),
        ("march", M(3), false),
        ("april", M(4), false),
        ("may", M(5), false),
        ("june", M(6), false),
        ("july", M(7), false),
        ("august", M(8), false),
        ("september", M(9), false),
        ("october", M(10), false),
        ("november", M(11), false),
        ("december", M(12), false),
        ("jan", M(1), true),
        ("feb", M(2), true),
        ("mar", M(3), true),
        ("apr", M(4), true),
        ("jun", M(6), true),
        ("jul", M(7), true),
        ("aug", M(8), true),
        ("sep", M(9), true),
        ("sept", M(9), true),
        ("oct", M(10), true),
        ("nov", M(11), true),
        ("dec", M(12), true),
        ("monday", D(1), false),
        ("tuesday", D(2), false),
        ("wednesday", D(3), false),
        ("thursday", D(4), false),
        ("friday", D(5), false),
        ("saturday", D(6), false),
        ("sunday", D(7), false),
        ("mon", D(1), true),
        ("tue", D(2), true),
        ("tues", D(2), true),
        ("wed", D(3), true),
        ("thu", D(4), true),
        ("thur", D(4), true),
        ("thurs", D(4), true),
        ("fri", D(5), true),
        ("sat", D(6), true),
        ("sun", D(7), true),
        ("second", O(2), false),
        ("old", K(Old), false),
        ("near", K(Near), false),
        ("est", K(Zone), false),
        ("edt", K(Zone), false),
        ("cst", K(Zone), false),
        ("cdt", K(Zone), false),
        ("mst", K(Zone), false),
        ("mdt", K(Zone), false),
        ("pst", K(Zone), false),
        ("pdt", K(Zone), false),
        ("gmt", K(Zone), false),
        ("utc", K(Zone), false),
        ("bst", K(Zone), false),
        ("cet", K(Zone), false),
        ("thousand", K(Thousand), false),
        ("million", K(Million), false),
        ("billion", K(Million), false),
        ("trillion", K(Million), false),
        ("ahead", K(Ahead), false),
        ("p", K(LetterP), false),
        ("comparable", K(Comparable), false),
        ("so", K(So), false),
        ("corresponding", K(Comparable), false),
        ("m", K(LetterM), false),
        ("seconds", U(Unit::Second, true), false),
        ("secs", U(Unit::Second, true), false),
        ("minute", U(Unit::Minute, false), false),
        ("min", U(Unit::Minute, false), false),
        ("minutes", U(Unit::Minute, true), false),
        ("mins", U(Unit::Minute, true), false),
        ("hour", U(Unit::Hour, false), false),
        ("hr", U(Unit::Hour, false), false),
        ("hours", U(Unit::Hour, true), false),
        ("hrs", U(Unit::Hour, true), false),
        ("day", U(Unit::Day, false), false),
        ("days", U(Unit::Day, true), false),
        ("weekend", U(Unit::Weekend, false), false),
        ("weekends", U(Unit::Weekend, true), false),
        ("week", U(Unit::Week, false), false),
        ("weeks", U(Unit::Week, true), false),
        ("fortnight", U(Unit::Week, false), false),
        ("month", U(Unit::Month, false), false),
        ("months", U(Unit::Month, true), false),
        ("quarter", U(Unit::Quarter, false), false),
        ("quarters", U(Unit::Quarter, true), false),
        ("half", K(Half), false),
        ("year", U(Unit::Year, false), false),
        ("yr", U(Unit::Year, false), false),
        ("years", U(Unit::Year, true), false),
        ("yrs", U(Unit::Year, true), false),
        ("decade", U(Unit::Decade, false), false),
        ("decades", U(Unit::Decade, true), false),
        ("century", U(Unit::Century, false), false),
        ("centuries", U(Unit::Century, true), false),
        ("one", N(1), false),
        ("two", N(2), false),
        ("three", N(3), false),
        ("four", N(4), false),
        ("five", N(5), false),
        ("six", N(6), false),
        ("seven", N(7), false),
        ("eight", N(8), false),
        ("nine", N(9), false),
        ("ten", N(10), false),
        ("eleven", N(11), false),
        ("twelve", N(12), false),
        ("thirteen", N(13), false),
        ("fourteen", N(14), false),
        ("fifteen", N(15), false),
        ("sixteen", N(16), false),
        ("seventeen", N(17), false),
        ("eighteen", N(18), false),
        ("nineteen", N(19), false),
        ("twenty", N(20), false),
        ("thirty", N(30), false),
        ("forty", N(40), false),
        ("fifty", N(50), false),
        ("sixty", N(60), false),
        ("seventy", N(70), false),
        ("eighty", N(80), false),
        ("ninety", N(90), false),
        ("dozen", K(Dozen), false),
        ("hundred", K(Hundred), false),
        ("first", O(1), false),
        ("third", O(3), false),
        ("fourth", O(4), false),
        ("fifth", O(5), false),
        ("sixth", O(6), false),
        ("seventh", O(7), false),
        ("eighth", O(8), false),
        ("ninth", O(9), false),
        ("tenth", O(10), false),
        ("eleventh", O(11), false),
        ("twelfth", O(12), false),
        ("thirteenth", O(13), false),
        ("fourteenth", O(14), false),
        ("fifteenth", O(15), false),
        ("sixteenth", O(16), false),
        ("seventeenth", O(17), false),
        ("eighteenth", O(18), false),
        ("nineteenth", O(19), false),
        ("twentieth", O(20), false),
        ("thirtieth", O(30), false),
        ("spring", Lex::Season(0), false),
        ("summer", Lex::Season(1), false),
        ("fall", Lex::Season(2), false),
        ("autumn", Lex::Season(2), false),
        ("winter", Lex::Season(3), false),
        ("morning", Lex::Pod(Pod::Morning), false),
        ("mornings", Lex::Pod(Pod::Morning), false),
        ("afternoon", Lex::Pod(Pod::Afternoon), false),
        ("afternoons", Lex::Pod(Pod::Afternoon), false),
        ("evening", Lex::Pod(Pod::Evening), false),
        ("evenings", Lex::Pod(Pod::Evening), false),
        ("night", Lex::Pod(Pod::Night), false),
        ("nights", Lex::Pod(Pod::Night), false),
        ("midday", Lex::Pod(Pod::Midday), false),
        ("the", K(The), false),
        ("a", K(A), false),
        ("an", K(A), false),
        ("this", K(This), false),
        ("that", K(That), false),
        ("these", K(These), false),
        ("those", K(These), false),
        ("last", K(Last), false),
        ("next", K(Next), false),
        ("past", K(Past), false),
        ("coming", K(Coming), false),
        ("upcoming", K(Coming), false),
        ("previous", K(Previous), false),
        ("preceding", K(Previous), false),
        ("following", K(Following), false),
        ("subsequent", K(Following), false),
        ("same", K(Same), false),
        ("ago", K(Ago), false),
        ("earlier", K(Earlier), false),
        ("later", K(Later), false),
        ("before", K(Before), false),
        ("after", K(After), false),
        ("from", K(From), false),
        ("to", K(To), false),
        ("through", K(Through), false),
        ("thru", K(Through), false),
        ("until", K(Until), false),
        ("till", K(Until), false),
        ("between", K(Between), false),
        ("and", K(And), false),
        ("or", K(Or), false),
        ("of", K(Of), false),
        ("in", K(In), false),
        ("on", K(On), false),
        ("at", K(At), false),
        ("since", K(Since), false),
        ("by", K(By), false),
        ("for", K(For), false),
        ("during", K(During), false),
        ("early", K(Early), false),
        ("late", K(Late), false),
        ("mid", K(Mid), false),
        ("end", K(End), false),
        ("beginning", K(Beginning), false),
        ("start", K(Start), false),
        ("middle", K(Middle), false),
        ("today", K(Today), false),
        ("yesterday", K(Yesterday), false),
        ("tomorrow", K(Tomorrow), false),
        ("tonight", K(Tonight), false),
        ("now", K(Now), false),
        ("currently", K(Currently), false),
        ("current", K(Current), false),
        ("recently", K(Recently), false),
        ("recent", K(Recent), false),
        ("lately", K(Lately), false),
        ("soon", K(Soon), false),
        ("future", K(Future), false),
        ("formerly", K(Formerly), false),
        ("every", K(Every), false),
        ("each", K(Each), false),
        ("per", K(Per), false),
        ("daily", K(Daily), false),
        ("weekly", K(Weekly), false),
        ("monthly", K(Monthly), false),
        ("annually", K(Annually), false),
        ("yearly", K(Yearly), false),
        ("hourly", K(Hourly), false),
        ("nightly", K(Nightly), false),
        ("several", K(Several), false),
        ("few", K(Few), false),
        ("some", K(SomeQ), false),
        ("many", K(Many), false),
        ("couple", K(Couple), false),
        ("fiscal", K(Fiscal), false),
        ("latest", K(Latest), false),
        ("most", K(Latest), false),
        ("hence", K(Hence), false),
        ("nearly", K(Nearly), false),
        ("almost", K(Almost), false),
        ("about", K(About), false),
        ("around", K(Around), false),
        ("approximately", K(Approximately), false),
        ("roughly", K(Roughly), false),
        ("more", K(More), false),
        ("less", K(Less), false),
        ("fewer", K(Less), false),
        ("than", K(Than), false),
        ("least", K(Least), false),
        ("over", K(Over), false),
        ("under", K(Under), false),
        ("up", K(Up), false),
        ("overnight", K(Overnight), false),
        ("noon", K(Noon), false),
        ("midnight", K(Midnight), false),
        ("am", K(Am), false),
        ("pm", K(Pm), false),
        ("o'clock", K(Oclock), false),
        ("other", K(Other), false),
        ("will", K(Will), false),
        ("shall", K(Will), false),
        ("ll", K(Will), false),
        ("ending", K(Ending), false),
        ("ended", K(Ended), false),
        ("prior", K(Prior), false),
        ("whole", K(Whole), false),
        ("entire", K(Entire), false),
        ("full", K(Full), false),
        ("christmas", K(Christmas), false),
        ("twice", K(Twice), false),
        ("times", K(Times), false),
        ("long", K(Long), false),
        ("thanksgiving", K(Thanksgiving), false),
        ("twenties", Lex::DecadeWord(2), false),
        ("thirties", Lex::DecadeWord(3), false),
        ("forties", Lex::DecadeWord(4), false),
        ("fifties", Lex::DecadeWord(5), false),
        ("sixties", Lex::DecadeWord(6), false),
        ("seventies", Lex::DecadeWord(7), false),
        ("eighties", Lex::DecadeWord(8), false),
        ("nineties", Lex::DecadeWord(9), false),
        ("eve", K(Eve), false),
        ("new", K(New), false),
        ("season", K(Season), false),
        ("period", K(Period), false),
        ("date", K(DateWord), false),
        ("term", K(Term), false),
        ("once", K(Once), false),
        ("ever", K(Ever), false),
        ("but", K(But), false),
        ("easter", K(Easter), false),
        ("election", K(Election), false),
        ("short", K(Short), false),
        ("additional", K(Additional), false),
        ("extra", K(Additional), false),
        ("another", K(Another), false),
        ("trading", K(Workday), false),
        ("business", K(Workday), false),
        ("working", K(Workday), false),
        ("high", K(High), false),
        ("average", K(Average), false),
        // Abbreviated titles and "vs.": their full stop ends no sentence.
        ("gen", Lex::Word, true),
        ("gens", Lex::Word, true),
        ("sen", Lex::Word, true),
        ("sens", Lex::Word, true),
        ("rep", Lex::Word, true),
        ("reps", Lex::Word, true),
        ("gov", Lex::Word, true),
        ("lt", Lex::Word, true),
        ("col", Lex::Word, true),
        ("sgt", Lex::Word, true),
        ("capt", Lex::Word, true),
        ("cmdr", Lex::Word, true),
        ("adm", Lex::Word, true),
        ("maj", Lex::Word, true),
        ("rev", Lex::Word, true),
        ("prof", Lex::Word, true),
        ("mrs", Lex::Word, true),
        ("messrs", Lex::Word, true),
        ("supt", Lex::Word, true),
        ("vs", Lex::Word, true),
    ]
}

/// The tense cue of a lexicon word: "will", "shall", "'ll" announce the future.
fn cue_of(lex: Lex) -> u8 {
    match lex {
        Lex::Kw(Kw::Will) => CUE_FUTURE,
        _ => 0,
    }
}

/// Words that tell the tense of a sentence, for choosing which Monday or which January it
/// means (HeidelTime and SUTime do the same from part-of-speech tags): irregular past tenses
/// (regular ones are recognised by their -ed) and words that announce a plan or a schedule.
fn tense_cues() -> Vec<(&'static str, u8)> {
    let past = [
        "was", "were", "had", "did", "said", "told", "met", "took", "came", "went", "made", "gave", "got", "began", "rose", "fell",
        "won", "lost", "left", "held", "saw", "sold", "bought", "paid", "brought", "became", "found", "led", "struck", "spent",
        "sent", "kept", "broke", "chose", "ran", "wrote", "spoke", "thought", "knew", "felt", "fled", "fought", "grew", "drew",
        "shot", "stood", "sought", "taught", "threw", "withdrew", "swore", "slid", "dealt", "meant", "built", "heard", "sank",
        "sang", "flew", "froze", "hid", "wore", "woke", "arose", "forgot", "overtook", "undertook", "lent", "bent", "wept",
        "slept", "swept", "bled", "sped", "shook", "tore", "rode", "drove", "strove",
    ];
    let future = ["planning", "expects", "going", "intends", "effective"];
    let plan = ["scheduled", "expected", "slated"];
    let be = ["be", "been", "being"];
    let be_now = ["is", "are", "am"];
    let cues = past.into_iter().map(|w| (w, CUE_PAST)).chain(future.into_iter().map(|w| (w, CUE_FUTURE)));
    let cues = cues.chain(plan.into_iter().map(|w| (w, CUE_PLAN)));
    cues.chain(be.into_iter().map(|w| (w, CUE_BE))).chain(be_now.into_iter().map(|w| (w, CUE_BE_NOW))).collect()
}

/// Packs an ASCII word of at most 16 letters, lower-cased, into an integer key.
#[inline]
fn pack(word: &[u8]) -> Option<u128> {
    if word.len() > 16 {
        return None;
    }
    let mut k: u128 = 0;
    for &c in word {
        k = (k << 8) | u128::from(c | 0x20);
    }
    Some(k)
}

const TABLE_BITS: u32 = 11;

/// Open-addressing table from packed words to their class, built once.
struct Table {
    keys: Vec<u128>,
    vals: Vec<(Lex, bool, u8)>,
}

fn slot(k: u128) -> usize {
    let x = (k as u64) ^ ((k >> 64) as u64).rotate_left(29);
    (x.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - TABLE_BITS)) as usize
}

fn table() -> &'static Table {
    static TABLE: std::sync::OnceLock<Table> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let n = 1usize << TABLE_BITS;
        let mut t = Table { keys: vec![0; n], vals: vec![(Lex::Word, false, 0); n] };
        let cues = tense_cues().into_iter().map(|(w, c)| (w, Lex::Word, false, c));
        let words = lexicon().into_iter().map(|(w, lex, abbr)| (w, lex, abbr, cue_of(lex))).chain(cues);
        for (w, lex, abbr, cue) in words {
            let Some(k) = pack(w.as_bytes()) else { continue };
            let mut i = slot(k);
            while t.keys[i] != 0 && t.keys[i] != k {
                i = (i + 1) & (n - 1);
            }
            t.keys[i] = k;
            t.vals[i] = (lex, abbr, cue);
        }
        t
    })
}

/// The lexical class of a word, whether it is an abbreviated month or weekday, and its tense
/// cue.
#[inline]
fn lookup(t: &Table, k: u128) -> (Lex, bool, u8) {
    let mask = t.keys.len() - 1;
    let mut i = slot(k);
    loop {
        let key = t.keys[i];
        if key == k {
            return t.vals[i];
        }
        if key == 0 {
            return (Lex::Word, false, 0);
        }
        i = (i + 1) & mask;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_have_spans_and_flags() {
        let mut v = Vec::new();
        tokenize("On Sept. 5th, the third-quarter 1990s\u{2019}x", &mut v);
        let texts: Vec<_> = v.iter().map(|t| (t.start, t.end)).collect();
        assert_eq!(texts[0], (0, 2));
        assert_eq!(v[1].lex, Lex::Month(9));
        assert!(v[1].has(ABBR));
        assert_eq!(v[3].lex, Lex::Num);
        assert_eq!(v[3].num, 5);
        assert!(v[3].has(ORD));
        assert_eq!(v[6].lex, Lex::Ord(3));
        assert!(v[7].has(GLUED));
        assert!(v[9].has(PLURAL_S));
        assert_eq!(v[9].num, 1990);
    }
}
