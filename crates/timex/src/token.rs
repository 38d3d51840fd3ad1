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
    Half,
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
    Term,
    Once,
    Ever,
    But,
    Old,
    Near,
    Zone,
    Thousand,
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
}

impl Tok {
    #[cfg(test)]
    pub fn has(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }
}

/// Splits `text` into tokens, appending them to `out` (cleared first).
pub fn tokenize(text: &str, out: &mut Vec<Tok>) {
    out.clear();
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
            // An apostrophe stays inside a word only in "o'clock" ("year's" is two tokens).
            while i < b.len() && (b[i].is_ascii_alphabetic() || (b[i] == b'\'' && i == start + 1 && (b[start] | 0x20) == b'o' && b.get(i + 1).is_some_and(|c| c.is_ascii_alphabetic()))) {
                i += 1;
            }
            if c.is_ascii_uppercase() {
                flags |= CAP;
            }
            if i - start >= 4 && b[i - 1] == b's' && b[i - 2] != b's' {
                flags |= ENDS_S;
            }
            let (lex, abbr) = lookup(&b[start..i]);
            if abbr {
                flags |= ABBR;
            }
            out.push(Tok { start, end: i, lex, num: 0, digits: 0, flags });
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
            out.push(Tok { start, end: i, lex: Lex::Num, num: v, digits, flags });
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
            out.push(Tok { start: i, end: i + 1, lex: Lex::Punct(c), num: 0, digits: 0, flags });
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

/// The lexical class of a word, and whether it is an abbreviated month or weekday.
fn lookup(word: &[u8]) -> (Lex, bool) {
    if word.len() > 12 {
        return (Lex::Word, false);
    }
    let mut buf = [0u8; 12];
    for (d, s) in buf.iter_mut().zip(word) {
        *d = s.to_ascii_lowercase();
    }
    let w = &buf[..word.len()];
    use Kw::*;
    use Lex::{Kw as K, Month as M, NumWord as N, Ord as O, Unit as U, Weekday as D};
    let lex = match w {
        b"january" => M(1),
        b"february" => M(2),
        b"march" => M(3),
        b"april" => M(4),
        b"may" => M(5),
        b"june" => M(6),
        b"july" => M(7),
        b"august" => M(8),
        b"september" => M(9),
        b"october" => M(10),
        b"november" => M(11),
        b"december" => M(12),
        b"jan" => return (M(1), true),
        b"feb" => return (M(2), true),
        b"mar" => return (M(3), true),
        b"apr" => return (M(4), true),
        b"jun" => return (M(6), true),
        b"jul" => return (M(7), true),
        b"aug" => return (M(8), true),
        b"sep" | b"sept" => return (M(9), true),
        b"oct" => return (M(10), true),
        b"nov" => return (M(11), true),
        b"dec" => return (M(12), true),
        b"monday" => D(1),
        b"tuesday" => D(2),
        b"wednesday" => D(3),
        b"thursday" => D(4),
        b"friday" => D(5),
        b"saturday" => D(6),
        b"sunday" => D(7),
        b"mon" => return (D(1), true),
        b"tue" | b"tues" => return (D(2), true),
        b"wed" => return (D(3), true),
        b"thu" | b"thur" | b"thurs" => return (D(4), true),
        b"fri" => return (D(5), true),
        b"sat" => return (D(6), true),
        b"sun" => return (D(7), true),
        b"second" => O(2),
        b"old" => K(Old),
        b"near" => K(Near),
        b"est" | b"edt" | b"cst" | b"cdt" | b"mst" | b"mdt" | b"pst" | b"pdt" | b"gmt" | b"utc" | b"bst" | b"cet" => K(Zone),
        b"thousand" => K(Thousand),
        b"seconds" | b"secs" => U(Unit::Second, true),
        b"minute" | b"min" => U(Unit::Minute, false),
        b"minutes" | b"mins" => U(Unit::Minute, true),
        b"hour" | b"hr" => U(Unit::Hour, false),
        b"hours" | b"hrs" => U(Unit::Hour, true),
        b"day" => U(Unit::Day, false),
        b"days" => U(Unit::Day, true),
        b"weekend" => U(Unit::Weekend, false),
        b"weekends" => U(Unit::Weekend, true),
        b"week" => U(Unit::Week, false),
        b"weeks" => U(Unit::Week, true),
        b"fortnight" => U(Unit::Week, false),
        b"month" => U(Unit::Month, false),
        b"months" => U(Unit::Month, true),
        b"quarter" => U(Unit::Quarter, false),
        b"quarters" => U(Unit::Quarter, true),
        b"half" => K(Half),
        b"year" | b"yr" => U(Unit::Year, false),
        b"years" | b"yrs" => U(Unit::Year, true),
        b"decade" => U(Unit::Decade, false),
        b"decades" => U(Unit::Decade, true),
        b"century" => U(Unit::Century, false),
        b"centuries" => U(Unit::Century, true),
        b"one" => N(1),
        b"two" => N(2),
        b"three" => N(3),
        b"four" => N(4),
        b"five" => N(5),
        b"six" => N(6),
        b"seven" => N(7),
        b"eight" => N(8),
        b"nine" => N(9),
        b"ten" => N(10),
        b"eleven" => N(11),
        b"twelve" => N(12),
        b"thirteen" => N(13),
        b"fourteen" => N(14),
        b"fifteen" => N(15),
        b"sixteen" => N(16),
        b"seventeen" => N(17),
        b"eighteen" => N(18),
        b"nineteen" => N(19),
        b"twenty" => N(20),
        b"thirty" => N(30),
        b"forty" => N(40),
        b"fifty" => N(50),
        b"sixty" => N(60),
        b"seventy" => N(70),
        b"eighty" => N(80),
        b"ninety" => N(90),
        b"dozen" => K(Dozen),
        b"hundred" => K(Hundred),
        b"first" => O(1),
        b"third" => O(3),
        b"fourth" => O(4),
        b"fifth" => O(5),
        b"sixth" => O(6),
        b"seventh" => O(7),
        b"eighth" => O(8),
        b"ninth" => O(9),
        b"tenth" => O(10),
        b"eleventh" => O(11),
        b"twelfth" => O(12),
        b"thirteenth" => O(13),
        b"fourteenth" => O(14),
        b"fifteenth" => O(15),
        b"sixteenth" => O(16),
        b"seventeenth" => O(17),
        b"eighteenth" => O(18),
        b"nineteenth" => O(19),
        b"twentieth" => O(20),
        b"thirtieth" => O(30),
        b"spring" => Lex::Season(0),
        b"summer" => Lex::Season(1),
        b"fall" | b"autumn" => Lex::Season(2),
        b"winter" => Lex::Season(3),
        b"morning" | b"mornings" => Lex::Pod(Pod::Morning),
        b"afternoon" | b"afternoons" => Lex::Pod(Pod::Afternoon),
        b"evening" | b"evenings" => Lex::Pod(Pod::Evening),
        b"night" | b"nights" => Lex::Pod(Pod::Night),
        b"midday" => Lex::Pod(Pod::Midday),
        b"the" => K(The),
        b"a" | b"an" => K(A),
        b"this" => K(This),
        b"that" => K(That),
        b"these" | b"those" => K(These),
        b"last" => K(Last),
        b"next" => K(Next),
        b"past" => K(Past),
        b"coming" | b"upcoming" => K(Coming),
        b"previous" | b"preceding" => K(Previous),
        b"following" | b"subsequent" => K(Following),
        b"same" => K(Same),
        b"ago" => K(Ago),
        b"earlier" => K(Earlier),
        b"later" => K(Later),
        b"before" => K(Before),
        b"after" => K(After),
        b"from" => K(From),
        b"to" => K(To),
        b"through" | b"thru" => K(Through),
        b"until" | b"till" => K(Until),
        b"between" => K(Between),
        b"and" => K(And),
        b"or" => K(Or),
        b"of" => K(Of),
        b"in" => K(In),
        b"on" => K(On),
        b"at" => K(At),
        b"since" => K(Since),
        b"by" => K(By),
        b"for" => K(For),
        b"during" => K(During),
        b"early" => K(Early),
        b"late" => K(Late),
        b"mid" => K(Mid),
        b"end" => K(End),
        b"beginning" => K(Beginning),
        b"start" => K(Start),
        b"middle" => K(Middle),
        b"today" => K(Today),
        b"yesterday" => K(Yesterday),
        b"tomorrow" => K(Tomorrow),
        b"tonight" => K(Tonight),
        b"now" => K(Now),
        b"currently" => K(Currently),
        b"current" => K(Current),
        b"recently" => K(Recently),
        b"recent" => K(Recent),
        b"lately" => K(Lately),
        b"soon" => K(Soon),
        b"future" => K(Future),
        b"formerly" => K(Formerly),
        b"every" => K(Every),
        b"each" => K(Each),
        b"per" => K(Per),
        b"daily" => K(Daily),
        b"weekly" => K(Weekly),
        b"monthly" => K(Monthly),
        b"annually" => K(Annually),
        b"yearly" => K(Yearly),
                b"hourly" => K(Hourly),
        b"nightly" => K(Nightly),
        b"several" => K(Several),
        b"few" => K(Few),
        b"some" => K(SomeQ),
        b"many" => K(Many),
        b"couple" => K(Couple),
        b"fiscal" => K(Fiscal),
        b"latest" | b"most" => K(Latest),
        b"hence" => K(Hence),
        b"nearly" => K(Nearly),
        b"almost" => K(Almost),
        b"about" => K(About),
        b"around" => K(Around),
        b"approximately" => K(Approximately),
        b"roughly" => K(Roughly),
        b"more" => K(More),
        b"less" | b"fewer" => K(Less),
        b"than" => K(Than),
        b"least" => K(Least),
        b"over" => K(Over),
        b"under" => K(Under),
        b"up" => K(Up),
        b"overnight" => K(Overnight),
        b"noon" => K(Noon),
        b"midnight" => K(Midnight),
        b"am" => K(Am),
        b"pm" => K(Pm),
        b"o'clock" => K(Oclock),
        b"other" => K(Other),
        b"will" | b"shall" | b"ll" => K(Will),
        b"ending" => K(Ending),
        b"ended" => K(Ended),
        b"prior" => K(Prior),
        b"whole" => K(Whole),
        b"entire" => K(Entire),
        b"full" => K(Full),
        b"christmas" => K(Christmas),
        b"eve" => K(Eve),
        b"new" => K(New),
        b"season" => K(Season),
                b"period" => K(Period),
        b"term" => K(Term),
        b"once" => K(Once),
        b"ever" => K(Ever),
        b"but" => K(But),
        _ => Lex::Word,
    };
    (lex, false)
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
