//! Language identification of the clean text.

/// ISO 639-1 code of the text's language, when it can be told.
pub fn detect(text: &str) -> Option<String> {
    let info = whatlang::detect(text)?;
    Some(info.lang().code().to_string())
}
