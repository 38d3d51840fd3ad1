//! NORP: which MISC mentions are nationalities, religious or political groups ("Kazakh",
//! "Velorian troops", "Shi'ite", "Bosnian Serbs"). CoNLL-2003 tags them MISC; the product wants
//! them apart, so a MISC mention is NORP when it is in the demonym gazetteer or every word of it
//! looks like a demonym (a capitalised adjective in -ian, -ean, -ish, -ese or -i, or its plural).

use crate::features::hash_bytes;
use crate::gazetteer::{entry_hash, extend, Gazetteer, DEMONYMS};

fn in_demonyms(g: &Gazetteer, h: u64) -> bool {
    g.lookup(h) & (1 << DEMONYMS) != 0
}

/// Whether one word has the form of a nationality adjective or its plural.
fn demonym_form(word: &str) -> bool {
    let starts_upper = word.chars().next().is_some_and(char::is_uppercase);
    let n_chars = word.chars().count();
    if !starts_upper || n_chars < 4 || !word.chars().all(|c| c.is_alphabetic() || c == '-' || c == '\'') {
        return false;
    }
    let lower = word.to_lowercase();
    let stem = lower.strip_suffix('s').unwrap_or(&lower);
    ["ian", "ean", "ish", "ese", "i"].iter().any(|suf| stem.ends_with(suf) || lower.ends_with(suf))
}

/// Whether a MISC mention with these words is a NORP.
pub(crate) fn is_norp<S: AsRef<str>>(words: &[S]) -> bool {
    let g = Gazetteer::get();
    let whole = words.iter().fold(entry_hash(""), |h, w| extend(h, hash_bytes(w.as_ref().to_lowercase().as_bytes())));
    if !words.is_empty() && in_demonyms(g, whole) {
        return true;
    }
    !words.is_empty() && words.iter().all(|w| in_demonyms(g, entry_hash(w.as_ref())) || demonym_form(w.as_ref()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demonyms_and_forms() {
        for yes in [&["Kazakh"][..], &["Russian"], &["Velorians"], &["Iraqis"], &["Bosnian", "Serb"], &["South", "African"], &["Shi'ite"]] {
            assert!(is_norp(yes), "{yes:?}");
        }
        for no in [&["World", "Cup"][..], &["Wimbledon"], &["Euro", "96"], &[], &["Grand", "Prix"]] {
            assert!(!is_norp(no), "{no:?}");
        }
    }
}
