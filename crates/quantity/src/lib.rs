//! Quantities in a document's clean text: counts, money, percentages, measures, ages and
//! ordinals, with the bound the text puts on them ("at least", "just over"), what they count
//! ("people killed", "GDP per capita"), the entity they are about and the time they hold for.
//!
//! [`extract`] reads an annotated [`model::Doc`] (tokens, sentences, part of speech and
//! dependencies in `Doc::analyses`, and the `entities` and `times` layers) and returns one
//! [`Quantity`] per expression; `annotate::quantities` turns them into annotations. It sits
//! after `times` in the pipeline because time expressions are never quantities ("2019" in
//! "resigned in 2019" is a year, not a count) and give quantities their time.
//!
//! The work is one pass over each sentence's tokens: numerals and number words are recognised
//! token by token ([`words`]), the expression is widened to its bound phrase, currency and
//! unit, and what it counts is read off the dependency tree within a window of the number, so
//! the cost is linear in the text whatever its shape. No function here panics on any input.

mod scan;
mod words;

pub use words::Bound;

use model::{Doc, Span};

/// What kind of quantity an expression is; the annotation's label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A number of things or people ("2,500 peacekeepers", "thousands").
    Count,
    /// An amount of money with its currency ("$13,000", "3bn tenge").
    Money,
    /// A percentage or a fraction read as one ("5%", "12.5 per cent").
    Percent,
    /// An ordinal that counts ("the third wave").
    Ordinal,
    /// A physical measure with its unit ("300 km", "2 million barrels").
    Measure,
    /// Someone's age ("eighty-one-year-old", "aged 68").
    Age,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Count => "count",
            Kind::Money => "money",
            Kind::Percent => "percent",
            Kind::Ordinal => "ordinal",
            Kind::Measure => "measure",
            Kind::Age => "age",
        }
    }
}

/// The entity a quantity is about: its number and name in the `entities` layer.
#[derive(Clone, Debug, PartialEq)]
pub struct About {
    pub entity: u64,
    pub name: String,
}

/// The time a quantity holds for: a time expression's TIMEX3 value and span.
#[derive(Clone, Debug, PartialEq)]
pub struct TimeRef {
    pub value: String,
    pub span: Span,
}

/// What the counted things undergo or do: the word they are an argument of ("killed" in "164
/// people were killed", "detention" in "the detention of 9,800 people").
#[derive(Clone, Debug, PartialEq)]
pub struct Predicate {
    /// The verb's or noun's lemma, lower case, with its particle or fixed object ("take part",
    /// "carry out").
    pub lemma: String,
    /// The word(s) as written: the verb, or the verb through its particle or object.
    pub span: Span,
}

/// One quantity expression.
#[derive(Clone, Debug, PartialEq)]
pub struct Quantity {
    pub kind: Kind,
    /// The whole expression: bound phrase, currency, number, multiplier and unit
    /// ("at least 160", "over $13,000", "5%", "3bn tenge").
    pub span: Span,
    pub value: f64,
    /// The upper end of a range ("between 5,000 and 7,000", "5-7 thousand").
    pub value_max: Option<f64>,
    /// The value this one changed from ("from over $13,000 ... to about $9,000": the second).
    pub from: Option<f64>,
    /// ISO 4217 code for money, `%` for percentages, the unit of a measure, `years` for ages.
    pub unit: Option<&'static str>,
    /// What is counted or measured ("people killed", "troops", "GDP per capita").
    pub counted: Option<Span>,
    /// The bound phrase as written, lowercased ("at least", "just over").
    pub approx: Option<String>,
    pub bound: Bound,
    /// Only a magnitude is given ("thousands", "tens of thousands"): `value` is the magnitude
    /// and `bound` is lower.
    pub vague: bool,
    pub about: Option<About>,
    pub time: Option<TimeRef>,
    /// The verb (or event noun) the counted things are an argument of: "kill" for "164 people
    /// were killed", "deploy" for "deployed 2,030 troops", "detention" for "the detention of
    /// 9,800 people", "wound" for "over 2,000 wounded".
    pub predicate: Option<Predicate>,
}

/// Every quantity of `doc`, in text order. Needs the tokens and sentences; uses part of
/// speech, dependencies, entities and times when present (without them, fewer quantities are
/// linked and none is excluded as a time).
pub fn extract(doc: &Doc) -> Vec<Quantity> {
    scan::Scanner::new(doc).run()
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::{Format, Metadata, OffsetMap, Origin, Sentence, Token, TokenKind};

    /// A document split on spaces into one sentence, with no part of speech, parse, entities
    /// or times: the bare minimum `extract` accepts.
    fn bare(text: &str) -> Doc {
        let mut doc = Doc::new("0".into(), Origin::file("t"), Format::Text, Metadata::default(), text.into(), OffsetMap::identity(text.len()));
        let mut at = 0;
        for w in text.split(' ') {
            let kind = if w.starts_with(|c: char| c.is_ascii_digit()) { TokenKind::Number } else { TokenKind::Word };
            if !w.is_empty() {
                doc.tokens.push(Token { span: Span::new(at, at + w.len()), kind });
            }
            at += w.len() + 1;
        }
        doc.sentences.push(Sentence { span: Span::new(0, text.len()), tokens: (0, doc.tokens.len() as u32), paragraph: 0 });
        doc
    }

    #[test]
    fn works_without_analyses() {
        let doc = bare("at least 160 people and just over 2,000 troops");
        let found = extract(&doc);
        let got: Vec<(&str, f64, &str, Option<&str>)> =
            found.iter().map(|q| (q.span.text(&doc.text), q.value, q.bound.as_str(), q.counted.map(|c| c.text(&doc.text)))).collect();
        assert_eq!(got, [("at least 160", 160.0, "lower", None), ("just over 2,000", 2000.0, "lower", None)]);
    }

    #[test]
    fn odd_documents_never_panic() {
        let mut doc = bare("2,500 troops");
        // Sentences pointing past the tokens, analyses shorter than the tokens.
        doc.sentences.push(Sentence { span: Span::new(0, 3), tokens: (1, 99), paragraph: 0 });
        doc.analyses.push(model::Analysis { head: Some(999), ..Default::default() });
        let _ = extract(&doc);
        let _ = extract(&bare(""));
    }
}
