//! Escaping for the text formats: XML 1.0 (GraphML, GEXF), HTML (TimelineJS renders slide
//! text as HTML) and tab-separated fields (GDELT). Article text and names are hostile input:
//! everything we write passes through one of these.

/// Is `c` allowed in an XML 1.0 document? (Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] |
/// [#xE000-#xFFFD] | [#x10000-#x10FFFF]; Rust strings hold no surrogates.)
fn xml_allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// Escapes text for an XML attribute value or element content: `& < > " '` as entities,
/// tab and line breaks as character references (so attribute-value normalisation keeps
/// them), and the characters XML 1.0 forbids (control characters, U+FFFE, U+FFFF) removed.
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if xml_allowed(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// Escapes text for HTML element content or a quoted attribute value: `& < > " '`.
/// Control characters other than tab and line breaks are dropped.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A field of a tab-separated line: tabs, line breaks and other control characters become
/// spaces, runs of whitespace one space, ends trimmed.
pub fn tsv_field(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() || c.is_control() {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

/// A URL safe to put in an `href`: only `http:` and `https:` URLs (never `javascript:` or
/// `data:`), HTML-escaped.
pub fn safe_href(url: &str) -> Option<String> {
    let u = url.trim();
    let lower = u.get(..8).unwrap_or(u).to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")).then(|| html(u)).filter(|u| !u.chars().any(char::is_whitespace))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escapes_and_strips() {
        assert_eq!(xml("a&b<c>\"d\"'e'"), "a&amp;b&lt;c&gt;&quot;d&quot;&apos;e&apos;");
        assert_eq!(xml("x\u{0}\u{1}\u{1b}y\u{FFFE}\u{FFFF}z"), "xyz");
        assert_eq!(xml("a\tb\nc"), "a&#9;b&#10;c");
        assert_eq!(xml("Ærø 🙂"), "Ærø 🙂");
    }

    #[test]
    fn html_escapes() {
        assert_eq!(html("<script>alert('x')</script>"), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        assert_eq!(html("<img src=x onerror=\"y\">"), "&lt;img src=x onerror=&quot;y&quot;&gt;");
    }

    #[test]
    fn tsv_fields_have_no_tabs_or_lines() {
        assert_eq!(tsv_field(" a\tb\n\nc\r\u{0}d "), "a b c d");
        assert_eq!(tsv_field(""), "");
    }

    #[test]
    fn hrefs() {
        assert_eq!(safe_href("https://x.example/a?b=1&c=\"2\"").as_deref(), Some("https://x.example/a?b=1&amp;c=&quot;2&quot;"));
        assert_eq!(safe_href("javascript:alert(1)"), None);
        assert_eq!(safe_href("JaVaScRiPt:alert(1)"), None);
        assert_eq!(safe_href("data:text/html,x"), None);
        assert_eq!(safe_href("/etc/passwd"), None);
        assert_eq!(safe_href("HTTPS://X.EXAMPLE").as_deref(), Some("HTTPS://X.EXAMPLE"));
    }
}
