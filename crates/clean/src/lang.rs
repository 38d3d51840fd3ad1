//! Language identification of the clean text.
//!
//! whatlang does the work for texts long enough for its trigram model, and only its reliable
//! answers are used. Kazakh is not among whatlang's languages, so Cyrillic text is first checked
//! for the letters only Kazakh combines (`ұ`, or `қ`/`ғ` together with `ә`/`ң`/`ө`/`ү`); without
//! that check whatlang would call Kazakh text Russian or Ukrainian. For short texts, or when
//! whatlang is unsure, a script-based guess is made only where the script names one language
//! (Greek, Georgian, Hangul, ...) or, for Cyrillic, where letters rule out every other candidate;
//! otherwise the answer is `None`: a missing language is better than a wrong one, since later
//! stages pick their models by it.

use whatlang::{Lang, Script};

/// Below this many letters whatlang's answer is not trusted at all.
const MIN_LETTERS: usize = 20;

/// From this many letters on, a confidence of [`TRUSTED_CONFIDENCE`] is enough.
const TRUSTED_LETTERS: usize = 80;
const TRUSTED_CONFIDENCE: f64 = 0.6;

/// Only this many bytes are looked at: the language of a long article is settled well before.
const MAX_BYTES: usize = 1_200;

/// ISO 639-1 code of the text's language, when it can be told.
pub fn detect(text: &str) -> Option<String> {
    let text = prefix(text, MAX_BYTES);
    let counts = LetterCounts::of(text);
    if counts.letters == 0 {
        return None;
    }
    if let Some(code) = cyrillic_special(&counts) {
        return code.map(str::to_string);
    }
    if counts.cyrillic == 0 && is_plainly_english(text) {
        return Some("en".to_string());
    }
    if counts.letters >= MIN_LETTERS {
        if let Some(info) = whatlang::detect(text) {
            // whatlang's own `is_reliable` (confidence > 0.9) rejects clear one-paragraph
            // texts (a 160-byte French sentence scores 0.897); with enough letters a lower
            // confidence is still a clear margin over the runner-up.
            let trusted = info.is_reliable()
                || (counts.letters >= TRUSTED_LETTERS && info.confidence() >= TRUSTED_CONFIDENCE);
            if trusted {
                if let Some(code) = iso_639_1(info.lang()) {
                    return Some(code.to_string());
                }
            }
        }
    }
    script_guess(text, &counts).map(str::to_string)
}

/// English function words: in English prose they make up a third or more of all words; in
/// other languages written in Latin script almost none of them occur (French "on" and "a",
/// German "in", Dutch "was" and "is" are the exceptions, far below the threshold).
const ENGLISH_FUNCTION_WORDS: &[&str] = &[
    "the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "was", "with", "as", "it", "by", "he", "at", "from",
    "his", "said", "has", "have", "be", "are", "were", "an", "its", "not", "but", "this", "which", "who", "had",
];

/// A fast path for the most common case: a text of which at least a quarter of the first 200
/// words are English function words is English, without running whatlang's trigram model
/// (which costs about a thousand instructions per byte and dominated ingest time).
fn is_plainly_english(text: &str) -> bool {
    let mut n_words = 0usize;
    let mut n_function = 0usize;
    for word in text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).take(200) {
        n_words += 1;
        if word.len() <= 5 && ENGLISH_FUNCTION_WORDS.iter().any(|f| f.eq_ignore_ascii_case(word)) {
            n_function += 1;
        }
    }
    n_words >= 30 && n_function * 4 >= n_words
}

/// The longest prefix of `text` not longer than `max` bytes that ends on a char boundary.
fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or("")
}

#[derive(Default, Debug)]
struct LetterCounts {
    letters: usize,
    cyrillic: usize,
    /// Letters unique to (or characteristic of) Kazakh among Cyrillic alphabets.
    kazakh_u: usize,
    kazakh_kg: usize,
    kazakh_other: usize,
    /// Letters of other non-Russian Cyrillic alphabets (Uzbek, Tajik, Tatar, Serbian, ...).
    other_extended: usize,
    /// `і`: Ukrainian, Belarusian and Kazakh, never Russian.
    dotted_i: usize,
    /// `ї`, `є`, `ґ`: Ukrainian only.
    ukrainian: usize,
    /// `ў`: Belarusian (and Uzbek).
    belarusian: usize,
    /// `ы`, `э`: Russian (also Belarusian and Kazakh, which the other counts rule out).
    russian_marks: usize,
}

impl LetterCounts {
    fn of(text: &str) -> LetterCounts {
        let mut c = LetterCounts::default();
        for ch in text.chars() {
            if !ch.is_alphabetic() {
                continue;
            }
            c.letters += 1;
            if !('\u{0400}'..='\u{052F}').contains(&ch) {
                continue;
            }
            c.cyrillic += 1;
            match ch.to_lowercase().next().unwrap_or(ch) {
                'ұ' => c.kazakh_u += 1,
                'қ' | 'ғ' => c.kazakh_kg += 1,
                'ә' | 'ң' | 'ө' | 'ү' | 'һ' => c.kazakh_other += 1,
                'і' => c.dotted_i += 1,
                'ї' | 'є' | 'ґ' => c.ukrainian += 1,
                'ў' => c.belarusian += 1,
                'ы' | 'э' => c.russian_marks += 1,
                'җ' | 'ҳ' | 'ҷ' | 'ӣ' | 'ӯ' | 'ј' | 'љ' | 'њ' | 'ђ' | 'ћ' | 'џ' | 'ѓ' | 'ќ'
                | 'ѕ' | 'ҡ' | 'ҙ' | 'ҫ' | 'ӊ' => c.other_extended += 1,
                _ => {}
            }
        }
        c
    }

    fn mostly_cyrillic(&self) -> bool {
        self.cyrillic * 2 > self.letters
    }
}

/// `Some(Some(code))` when the Cyrillic letters settle the language (Kazakh), `Some(None)` when
/// they show a language we cannot name reliably (so whatlang must not be asked), `None` when
/// whatlang should decide.
fn cyrillic_special(c: &LetterCounts) -> Option<Option<&'static str>> {
    if !c.mostly_cyrillic() {
        return None;
    }
    let kazakh = c.kazakh_u > 0 || (c.kazakh_kg > 0 && c.kazakh_other > 0);
    if kazakh && c.other_extended == 0 && c.ukrainian == 0 && c.belarusian == 0 {
        return Some(Some("kk"));
    }
    // Letters of Kyrgyz, Tatar, Tajik, Uzbek, Bashkir, ...: whatlang would answer Russian.
    if c.kazakh_u + c.kazakh_kg + c.kazakh_other > 0 {
        return Some(None);
    }
    None
}

/// A guess from the script alone, for texts too short for whatlang. Only scripts used by one
/// language here, and Cyrillic when its letters single out Russian or Ukrainian.
fn script_guess(text: &str, c: &LetterCounts) -> Option<&'static str> {
    if c.mostly_cyrillic() {
        if c.ukrainian > 0 && c.russian_marks == 0 && c.belarusian == 0 {
            return Some("uk");
        }
        let only_russian = c.russian_marks > 0
            && c.dotted_i == 0
            && c.ukrainian == 0
            && c.belarusian == 0
            && c.other_extended == 0;
        return only_russian.then_some("ru");
    }
    let script = whatlang::detect_script(text)?;
    match script {
        Script::Greek => Some("el"),
        Script::Georgian => Some("ka"),
        Script::Armenian => Some("hy"),
        Script::Hangul => Some("ko"),
        Script::Hiragana | Script::Katakana => Some("ja"),
        Script::Thai => Some("th"),
        Script::Hebrew => Some("he"),
        // Latin, Arabic, Devanagari, Mandarin (could be Japanese kanji), ...: several languages.
        _ => None,
    }
}

/// whatlang's ISO 639-3 languages as ISO 639-1 codes. Every language whatlang knows has a
/// two-letter code; the `Option` leaves room for one that would not.
fn iso_639_1(lang: Lang) -> Option<&'static str> {
    Some(match lang {
        Lang::Epo => "eo",
        Lang::Eng => "en",
        Lang::Rus => "ru",
        Lang::Cmn => "zh",
        Lang::Spa => "es",
        Lang::Por => "pt",
        Lang::Ita => "it",
        Lang::Ben => "bn",
        Lang::Fra => "fr",
        Lang::Deu => "de",
        Lang::Ukr => "uk",
        Lang::Kat => "ka",
        Lang::Ara => "ar",
        Lang::Hin => "hi",
        Lang::Jpn => "ja",
        Lang::Heb => "he",
        Lang::Yid => "yi",
        Lang::Pol => "pl",
        Lang::Amh => "am",
        Lang::Jav => "jv",
        Lang::Kor => "ko",
        Lang::Nob => "nb",
        Lang::Dan => "da",
        Lang::Swe => "sv",
        Lang::Fin => "fi",
        Lang::Tur => "tr",
        Lang::Nld => "nl",
        Lang::Hun => "hu",
        Lang::Ces => "cs",
        Lang::Ell => "el",
        Lang::Bul => "bg",
        Lang::Bel => "be",
        Lang::Mar => "mr",
        Lang::Kan => "kn",
        Lang::Ron => "ro",
        Lang::Slv => "sl",
        Lang::Hrv => "hr",
        Lang::Srp => "sr",
        Lang::Mkd => "mk",
        Lang::Lit => "lt",
        Lang::Lav => "lv",
        Lang::Est => "et",
        Lang::Tam => "ta",
        Lang::Vie => "vi",
        Lang::Urd => "ur",
        Lang::Tha => "th",
        Lang::Guj => "gu",
        Lang::Uzb => "uz",
        Lang::Pan => "pa",
        Lang::Aze => "az",
        Lang::Ind => "id",
        Lang::Tel => "te",
        Lang::Pes => "fa",
        Lang::Mal => "ml",
        Lang::Ori => "or",
        Lang::Mya => "my",
        Lang::Nep => "ne",
        Lang::Sin => "si",
        Lang::Khm => "km",
        Lang::Tuk => "tk",
        Lang::Aka => "ak",
        Lang::Zul => "zu",
        Lang::Sna => "sn",
        Lang::Afr => "af",
        Lang::Lat => "la",
        Lang::Slk => "sk",
        Lang::Cat => "ca",
        Lang::Tgl => "tl",
        Lang::Hye => "hy",
        Lang::Cym => "cy",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: Option<&str>) {
        assert_eq!(detect(text).as_deref(), expected, "text: {text}");
    }

    #[test]
    fn long_texts() {
        check(
            "The government of Veloria declared a state of emergency in Port Amsel on Tuesday after protests over fuel prices turned violent.",
            Some("en"),
        );
        check(
            "Правительство Велории объявило в среду чрезвычайное положение в Порт-Амселе после того, как протесты из-за цен на топливо переросли в беспорядки.",
            Some("ru"),
        );
        check(
            "Die Regierung von Veloria hat am Dienstag den Ausnahmezustand in Port Amsel verhängt, nachdem die Proteste gegen die Treibstoffpreise gewaltsam geworden waren.",
            Some("de"),
        );
        check(
            "Le gouvernement de la Velorie a décrété mardi l'état d'urgence à Port Amsel après que les manifestations contre la hausse du prix du carburant ont dégénéré.",
            Some("fr"),
        );
        check(
            "Велория үкіметі сейсенбі күні Порт-Амсель қаласында төтенше жағдай жариялады, өйткені жанармай бағасына қарсы наразылықтар қақтығысқа ұласты.",
            Some("kk"),
        );
        check(
            "Уряд Велорії оголосив у вівторок надзвичайний стан у Порт-Амселі після того, як протести через ціни на пальне переросли в сутички.",
            Some("uk"),
        );
    }

    #[test]
    fn english_fast_path_does_not_swallow_other_latin_languages() {
        let long = |s: &str| [s, s, s].join(" ");
        check(&long("Die Regierung hat am Dienstag in der Hauptstadt den Ausnahmezustand ausgerufen, nachdem es in mehreren Städten zu Unruhen gekommen war und die Polizei Tränengas eingesetzt hatte."), Some("de"));
        check(&long("Le gouvernement a décrété mardi l'état d'urgence dans la capitale, après que des manifestations contre la hausse du prix du carburant ont dégénéré en affrontements avec la police."), Some("fr"));
        check(&long("El gobierno declaró el martes el estado de emergencia en la capital, después de que las protestas contra la subida del precio del combustible degeneraran en enfrentamientos con la policía."), Some("es"));
        check(&long("De regering heeft dinsdag in de hoofdstad de noodtoestand afgekondigd, nadat protesten tegen de hogere brandstofprijzen waren uitgelopen op gevechten met de politie."), Some("nl"));
        check(&long("Il governo ha dichiarato martedì lo stato di emergenza nella capitale, dopo che le proteste contro l'aumento del prezzo del carburante sono degenerate in scontri con la polizia."), Some("it"));
        assert!(is_plainly_english(&long("The government of Veloria declared a state of emergency in the capital on Tuesday after protests over the price of fuel turned into clashes with the police.")));
    }

    #[test]
    fn short_texts() {
        check("", None);
        check("12:30 — 2022", None);
        check("Port Amsel", None);
        // Short Russian with a Russian-only letter.
        check("Мы были там", Some("ru"));
        // Short Cyrillic without distinguishing letters: Russian, Bulgarian, Kazakh all possible.
        check("Кто там", None);
        // Short Kazakh is recognised by its letters, never called Russian.
        check("Қазақстан және Ресей", Some("kk"));
        check("Εθνική ενότητα", Some("el"));
        // whatlang leans to French but is not sure on so few letters.
        check(
            "Les manifestants se sont rassemblés dans la capitale.",
            None,
        );
        // Kyrgyz letters without Kazakh ones: no guess rather than "ru".
        check(
            "Бишкекте митинг өттү, жыйын болду, баары чогулду, элдин көбү келди",
            None,
        );
    }
}
