//! Number words and numerals: cardinals ("eighty-one", "2,500", "1.5"), multipliers
//! ("million", "bn"), vague plurals ("thousands"), ordinals ("third", "21st"), currencies,
//! units and the bound phrases that come before a number ("at least", "just over").
//!
//! Every function takes one token's text and answers in constant time; nothing allocates.

/// Lowercases an ASCII word into `buf`; `None` for words that are long or not ASCII (no
/// number word is either).
pub(crate) fn lower<'b>(w: &str, buf: &'b mut [u8; 32]) -> Option<&'b str> {
    let bytes = w.as_bytes();
    if bytes.is_empty() || bytes.len() > buf.len() || !w.is_ascii() {
        return None;
    }
    let out = buf.get_mut(..bytes.len())?;
    for (o, b) in out.iter_mut().zip(bytes) {
        *o = b.to_ascii_lowercase();
    }
    std::str::from_utf8(out).ok()
}

/// "zero" to "ninety-nine" written as words, hyphenated or not ("eighty-one").
pub(crate) fn small(w: &str) -> Option<f64> {
    let mut buf = [0u8; 32];
    let w = lower(w, &mut buf)?;
    if let Some((tens, unit)) = w.split_once('-') {
        let (t, u) = (word_value(tens)?, word_value(unit)?);
        return (t >= 20 && t % 10 == 0 && (1..10).contains(&u)).then_some(f64::from(t + u));
    }
    word_value(w).map(f64::from)
}

fn word_value(w: &str) -> Option<u32> {
    Some(match w {
        "zero" => 0,
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    })
}

/// Words that multiply the number before them ("1.5 million", "3bn", "two hundred").
/// `glued` says whether the word follows the number with no space ("3bn", "5m"): the short
/// forms "m", "k" and "b" only count then.
pub(crate) fn multiplier(w: &str, glued: bool) -> Option<f64> {
    let mut buf = [0u8; 32];
    let w = lower(w, &mut buf)?;
    Some(match w {
        "hundred" => 1e2,
        "thousand" => 1e3,
        "million" | "mln" | "mn" => 1e6,
        "billion" | "bn" | "bln" => 1e9,
        "trillion" | "tn" | "trn" => 1e12,
        "m" if glued => 1e6,
        "k" if glued => 1e3,
        "b" if glued => 1e9,
        _ => return None,
    })
}

/// Plural nouns that give only a magnitude ("thousands", "dozens"): the value is the
/// magnitude, and the quantity is a lower bound.
pub(crate) fn vague(w: &str) -> Option<f64> {
    let mut buf = [0u8; 32];
    let w = lower(w, &mut buf)?;
    Some(match w {
        "dozens" => 12.0,
        "hundreds" => 1e2,
        "thousands" => 1e3,
        "millions" => 1e6,
        "billions" => 1e9,
        _ => return None,
    })
}

/// Ordinals from "second" up, as words or numerals ("third", "21st"). "first" and "last" are
/// left out on purpose: they rank more often than they count.
pub(crate) fn ordinal(w: &str) -> Option<f64> {
    let mut buf = [0u8; 32];
    let w = lower(w, &mut buf)?;
    let v = match w {
        "second" => 2,
        "third" => 3,
        "fourth" => 4,
        "fifth" => 5,
        "sixth" => 6,
        "seventh" => 7,
        "eighth" => 8,
        "ninth" => 9,
        "tenth" => 10,
        "eleventh" => 11,
        "twelfth" => 12,
        "thirteenth" => 13,
        "fourteenth" => 14,
        "fifteenth" => 15,
        "twentieth" => 20,
        "hundredth" => 100,
        _ => {
            let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
            let suffix = w.get(digits.len()..)?;
            if digits.is_empty() || digits.len() > 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let n: u32 = digits.parse().ok()?;
            let expected = match (n % 100, n % 10) {
                (11..=13, _) => "th",
                (_, 1) => "st",
                (_, 2) => "nd",
                (_, 3) => "rd",
                _ => "th",
            };
            if suffix != expected || n < 2 {
                return None;
            }
            n
        }
    };
    Some(f64::from(v))
}

/// A numeral as written with digits: "2,500", "13,000", "1.5", "160". Thousands separators
/// must group by three; anything else (dates, times, codes, phone numbers) is not a numeral.
pub(crate) fn numeral(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    if b.is_empty() || b.len() > 24 || !b.first()?.is_ascii_digit() {
        return None;
    }
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    if let Some(f) = frac {
        if f.is_empty() || !f.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
    }
    let mut groups = int.split(',');
    let first = groups.next()?;
    if first.is_empty() || !first.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let mut has_groups = false;
    for g in groups {
        if g.len() != 3 || !g.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        has_groups = true;
    }
    if has_groups && first.len() > 3 {
        return None;
    }
    let mut digits = [0u8; 32];
    let mut n = 0;
    for c in s.bytes().filter(|&c| c != b',') {
        *digits.get_mut(n)? = c;
        n += 1;
    }
    std::str::from_utf8(digits.get(..n)?).ok()?.parse().ok()
}

/// A range written as one token: "5-7", "5,000-7,000".
pub(crate) fn numeral_range(s: &str) -> Option<(f64, f64)> {
    let (a, b) = s.split_once('-')?;
    let (a, b) = (numeral(a)?, numeral(b)?);
    (a < b).then_some((a, b))
}

/// The age in a hyphenated adjective: "eighty-one-year-old", "68-year-old", "68-year-olds".
pub(crate) fn age_adjective(w: &str) -> Option<f64> {
    let mut buf = [0u8; 32];
    let l = lower(w, &mut buf)?;
    let stem = l.strip_suffix("-year-olds").or_else(|| l.strip_suffix("-year-old"))?;
    numeral(stem).or_else(|| small(stem))
}

/// ISO 4217 code of a currency sign.
pub(crate) fn currency_sign(w: &str) -> Option<&'static str> {
    Some(match w {
        "$" | "US$" => "USD",
        "€" => "EUR",
        "£" => "GBP",
        "₽" => "RUB",
        "₸" => "KZT",
        "¥" => "CNY",
        _ => return None,
    })
}

/// ISO 4217 code of a currency word or code ("dollars", "tenge", "USD").
pub(crate) fn currency_word(w: &str) -> Option<&'static str> {
    let mut buf = [0u8; 32];
    let w = lower(w, &mut buf)?;
    Some(match w {
        "dollar" | "dollars" | "usd" => "USD",
        "euro" | "euros" | "eur" => "EUR",
        "pound" | "pounds" | "gbp" => "GBP",
        "ruble" | "rubles" | "rouble" | "roubles" | "rub" => "RUB",
        "tenge" | "kzt" => "KZT",
        "yuan" | "renminbi" | "cny" => "CNY",
        _ => return None,
    })
}

/// Units of measure, by their normalised name.
pub(crate) fn unit(w: &str) -> Option<&'static str> {
    let mut buf = [0u8; 32];
    let w = lower(w, &mut buf)?;
    Some(match w {
        "km" | "kilometre" | "kilometres" | "kilometer" | "kilometers" => "km",
        "mile" | "miles" => "miles",
        "metre" | "metres" | "meter" | "meters" => "m",
        "kg" | "kilogram" | "kilograms" | "kilo" | "kilos" => "kg",
        "tonne" | "tonnes" | "ton" | "tons" => "tonnes",
        "barrel" | "barrels" => "barrels",
        "hectare" | "hectares" | "ha" => "hectares",
        "litre" | "litres" | "liter" | "liters" => "litres",
        "mw" | "megawatt" | "megawatts" => "MW",
        "gw" | "gigawatt" | "gigawatts" => "GW",
        "bcm" => "bcm",
        _ => return None,
    })
}

/// How a bound phrase bounds the number after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    Exact,
    Lower,
    Upper,
    Approximate,
}

impl Bound {
    pub fn as_str(self) -> &'static str {
        match self {
            Bound::Exact => "exact",
            Bound::Lower => "lower",
            Bound::Upper => "upper",
            Bound::Approximate => "approximate",
        }
    }
}

/// Phrases before a number that bound it, longest first so "just over" wins over "over".
pub(crate) const BOUNDS: &[(&[&str], Bound)] = &[
    (&["no", "fewer", "than"], Bound::Lower),
    (&["no", "less", "than"], Bound::Lower),
    (&["no", "more", "than"], Bound::Upper),
    (&["not", "more", "than"], Bound::Upper),
    (&["as", "many", "as"], Bound::Upper),
    (&["as", "much", "as"], Bound::Upper),
    (&["as", "few", "as"], Bound::Approximate),
    (&["in", "excess", "of"], Bound::Lower),
    (&["a", "little", "over"], Bound::Lower),
    (&["at", "least"], Bound::Lower),
    (&["at", "most"], Bound::Upper),
    (&["more", "than"], Bound::Lower),
    (&["over", "than"], Bound::Lower),
    (&["less", "than"], Bound::Upper),
    (&["fewer", "than"], Bound::Upper),
    (&["just", "over"], Bound::Lower),
    (&["just", "above"], Bound::Lower),
    (&["well", "over"], Bound::Lower),
    (&["well", "above"], Bound::Lower),
    (&["just", "under"], Bound::Upper),
    (&["just", "below"], Bound::Upper),
    (&["up", "to"], Bound::Upper),
    (&["upwards", "of"], Bound::Lower),
    (&["close", "to"], Bound::Approximate),
    (&["an", "estimated"], Bound::Approximate),
    (&["some"], Bound::Approximate),
    (&["about"], Bound::Approximate),
    (&["around"], Bound::Approximate),
    (&["approximately"], Bound::Approximate),
    (&["roughly"], Bound::Approximate),
    (&["circa"], Bound::Approximate),
    (&["estimated"], Bound::Approximate),
    (&["nearly"], Bound::Upper),
    (&["almost"], Bound::Upper),
    (&["over"], Bound::Lower),
    (&["above"], Bound::Lower),
    (&["under"], Bound::Upper),
    (&["below"], Bound::Upper),
];

/// Verbs whose subject is what a number measures ("GDP per capita fell to $9,000",
/// "the death toll rose to 160").
pub(crate) fn measuring_verb(lemma: &str) -> bool {
    matches!(
        lemma,
        "reach" | "rise" | "fall" | "drop" | "decline" | "grow" | "increase" | "decrease" | "climb" | "jump"
            | "soar" | "plunge" | "plummet" | "slump" | "shrink" | "contract" | "expand" | "total" | "number"
            | "stand" | "exceed" | "top" | "hit" | "surpass" | "double" | "triple" | "halve" | "cost" | "amount"
            | "be" | "remain" | "hover" | "peak" | "dip" | "slide" | "sink" | "edge" | "equal" | "average"
            | "swell" | "shrank" | "fell" | "rose" | "grew"
    )
}

/// Verbs whose subject is counted as the people they happened to ("thousands were arrested").
pub(crate) fn casualty_verb(lemma: &str) -> bool {
    matches!(
        lemma,
        "kill" | "arrest" | "detain" | "injure" | "wound" | "die" | "displace" | "evacuate" | "hospitalise" | "hospitalize"
            | "flee" | "hurt" | "jail" | "imprison" | "execute" | "abduct" | "kidnap" | "disappear" | "sentence" | "convict"
    )
}

/// The verb behind a counted participle or adjective ("2,000 wounded": "wound", "160 dead":
/// "die").
pub(crate) fn participle_verb(w: &str) -> Option<&'static str> {
    let mut buf = [0u8; 32];
    Some(match lower(w, &mut buf)? {
        "dead" => "die",
        "injured" => "injure",
        "wounded" => "wound",
        "killed" => "kill",
        "missing" => "missing",
        "displaced" => "displace",
        "arrested" => "arrest",
        "detained" => "detain",
        "hurt" => "hurt",
        _ => return None,
    })
}

/// Nouns a count passes through on its way to what happens to it: "a total of 164 people were
/// killed", "a group of 300 protesters marched".
pub(crate) fn container_noun(lemma: &str) -> bool {
    matches!(
        lemma,
        "total" | "number" | "group" | "crowd" | "majority" | "minority" | "rest" | "most" | "some" | "all" | "many" | "dozens" | "hundreds" | "thousands"
            | "tens" | "half" | "third" | "thirds" | "quarter" | "quarters" | "fifth" | "fifths" | "tenth" | "tenths"
    )
}

/// Verbs whose open complement is what happens to their subject: "were reported killed",
/// "are believed to have died", "began arriving".
pub(crate) fn raising_verb(lemma: &str) -> bool {
    matches!(
        lemma,
        "report" | "say" | "believe" | "fear" | "estimate" | "think" | "confirm" | "expect" | "know" | "presume" | "feared" | "begin" | "start" | "continue"
            | "seem" | "appear"
    )
}

/// Words that, right after a count, are what it counts even when tagged as adjectives or
/// participles ("at least 160 dead").
pub(crate) fn counted_adjective(w: &str) -> bool {
    let mut buf = [0u8; 32];
    matches!(
        lower(w, &mut buf),
        Some("dead" | "injured" | "wounded" | "killed" | "missing" | "displaced" | "arrested" | "detained" | "hurt")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals() {
        assert_eq!(numeral("2,500"), Some(2500.0));
        assert_eq!(numeral("1.5"), Some(1.5));
        assert_eq!(numeral("13,000"), Some(13000.0));
        assert_eq!(numeral("1,2"), None);
        assert_eq!(numeral("2022-01-05"), None);
        assert_eq!(numeral("10:30"), None);
        assert_eq!(numeral("12,345,678"), Some(12_345_678.0));
        assert_eq!(numeral(&"9".repeat(100)), None);
        assert_eq!(numeral_range("5-7"), Some((5.0, 7.0)));
        assert_eq!(numeral_range("7-5"), None);
    }

    #[test]
    fn words() {
        assert_eq!(small("eighty-one"), Some(81.0));
        assert_eq!(small("Twelve"), Some(12.0));
        assert_eq!(small("eighty-ten"), None);
        assert_eq!(age_adjective("eighty-one-year-old"), Some(81.0));
        assert_eq!(age_adjective("68-year-old"), Some(68.0));
        assert_eq!(ordinal("third"), Some(3.0));
        assert_eq!(ordinal("21st"), Some(21.0));
        assert_eq!(ordinal("21th"), None);
        assert_eq!(ordinal("first"), None);
        assert_eq!(multiplier("bn", true), Some(1e9));
        assert_eq!(multiplier("m", false), None);
        assert_eq!(vague("Thousands"), Some(1e3));
    }
}
