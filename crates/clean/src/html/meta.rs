//! Page metadata: title, authors, publication date, outlet and URL.
//!
//! Sources, strongest first: JSON-LD (`NewsArticle`, `Article`, `ReportageNewsArticle`,
//! `BlogPosting`, inside `@graph` arrays too), then `<meta>` tags (Open Graph, Dublin Core,
//! Parse.ly, Sailthru, plain `author`/`date`), then the visible page (`<title>`, `<time>`, the first
//! `<h1>`). The JSON-LD `articleBody`, when present, is returned too: [`super::body`] uses it to
//! confirm the body it chose.

use scraper::{ElementRef, Html, Node};
use serde_json::Value;

use crate::date;
use model::Metadata;

/// What the metadata pass finds.
#[derive(Debug, Default)]
pub(crate) struct Found {
    pub meta: Metadata,
    pub article_body: Option<String>,
    pub warnings: Vec<String>,
}

#[derive(Default)]
struct Candidates {
    ld_headline: Option<String>,
    ld_authors: Vec<String>,
    ld_published: Option<String>,
    ld_publisher: Option<String>,
    ld_url: Option<String>,
    ld_body: Option<String>,
    og_title: Option<String>,
    tw_title: Option<String>,
    title_tag: Option<String>,
    h1: Option<String>,
    meta_authors: Vec<String>,
    meta_published: Option<String>,
    time_published: Option<String>,
    site_name: Option<String>,
    app_name: Option<String>,
    canonical: Option<String>,
    og_url: Option<String>,
    itemprop_authors: Vec<String>,
}

/// Meta keys that carry the publication date, in order of trust.
const DATE_KEYS: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "datepublished",
    "published_time",
    "publish-date",
    "publish_date",
    "publishdate",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "date",
    "article.published",
    "publication_date",
    "citation_publication_date",
    "citation_date",
];

const AUTHOR_KEYS: &[&str] = &[
    "author",
    "article:author",
    "dc.creator",
    "dcterms.creator",
    "parsely-author",
    "sailthru.author",
    "byl",
    "citation_author",
];

fn clean_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn nonempty(s: &str) -> Option<String> {
    let s = clean_ws(s);
    (!s.is_empty()).then_some(s)
}

/// Splits an author string into names: `By Ana Lind and Tomas Rekker` -> two names.
pub(crate) fn split_authors(s: &str) -> Vec<String> {
    let s = clean_ws(s);
    let s = s
        .strip_prefix("By ")
        .or_else(|| s.strip_prefix("by "))
        .or_else(|| s.strip_prefix("BY "))
        .unwrap_or(&s);
    let mut out = Vec::new();
    for part in s
        .split(" and ")
        .flat_map(|p| p.split(", "))
        .flat_map(|p| p.split(" & "))
        .flat_map(|p| p.split(';'))
    {
        let name = part.trim().trim_matches(',').trim();
        if name.is_empty() || name.starts_with("http") || name.contains('@') || name.len() > 80 {
            continue;
        }
        if !out.iter().any(|n: &String| n == name) {
            out.push(name.to_string());
        }
    }
    out
}

fn push_authors(into: &mut Vec<String>, s: &str) {
    for name in split_authors(s) {
        if !into.contains(&name) {
            into.push(name);
        }
    }
}

fn is_article_type(v: &Value) -> bool {
    let check = |t: &str| {
        t.ends_with("Article") || t == "BlogPosting" || t == "LiveBlogPosting" || t == "Report"
    };
    match v {
        Value::String(t) => check(t),
        Value::Array(a) => a.iter().filter_map(Value::as_str).any(check),
        _ => false,
    }
}

fn ld_names(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => push_authors(out, s),
        Value::Object(o) => {
            if let Some(name) = o.get("name").and_then(Value::as_str) {
                push_authors(out, name);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| ld_names(x, out)),
        _ => {}
    }
}

fn visit_ld(v: &Value, c: &mut Candidates, depth: u32) {
    if depth > 6 {
        return;
    }
    match v {
        Value::Array(a) => a.iter().for_each(|x| visit_ld(x, c, depth + 1)),
        Value::Object(o) => {
            if let Some(g) = o.get("@graph") {
                visit_ld(g, c, depth + 1);
            }
            if !o.get("@type").is_some_and(is_article_type) {
                return;
            }
            let s = |k: &str| o.get(k).and_then(Value::as_str).and_then(nonempty);
            if c.ld_headline.is_none() {
                c.ld_headline = s("headline").or_else(|| s("name"));
            }
            if c.ld_authors.is_empty() {
                if let Some(a) = o.get("author").or_else(|| o.get("creator")) {
                    ld_names(a, &mut c.ld_authors);
                }
            }
            if c.ld_published.is_none() {
                c.ld_published = s("datePublished").or_else(|| s("dateCreated"));
            }
            if c.ld_publisher.is_none() {
                c.ld_publisher = match o.get("publisher") {
                    Some(Value::Object(p)) => {
                        p.get("name").and_then(Value::as_str).and_then(nonempty)
                    }
                    Some(Value::String(p)) => nonempty(p),
                    _ => None,
                };
            }
            if c.ld_url.is_none() {
                c.ld_url = s("url").or_else(|| match o.get("mainEntityOfPage") {
                    Some(Value::String(u)) => nonempty(u),
                    Some(Value::Object(m)) => {
                        m.get("@id").and_then(Value::as_str).and_then(nonempty)
                    }
                    _ => None,
                });
            }
            if c.ld_body.is_none() {
                c.ld_body = s("articleBody");
            }
        }
        _ => {}
    }
}

fn text_of(el: ElementRef<'_>) -> String {
    clean_ws(&el.text().collect::<String>())
}

/// Strips a ` | Site Name` (or ` - `, ` — `) suffix or prefix when it names the site.
pub(crate) fn strip_site(title: &str, site: Option<&str>, host: Option<&str>) -> String {
    let squash = super::body::squash;
    let site_key = site.map(squash).unwrap_or_default();
    let host_key = host.map(|h| {
        let h = h.trim_start_matches("www.");
        squash(h.rsplit_once('.').map_or(h, |(stem, _)| stem))
    });
    let names_site = |part: &str| {
        let key = squash(part);
        !key.is_empty()
            && ((!site_key.is_empty()
                && (key == site_key || site_key.contains(&key) || key.contains(&site_key)))
                || host_key
                    .as_deref()
                    .is_some_and(|h| !h.is_empty() && (key == h || key.replace("the", "") == h)))
    };
    for sep in [" | ", " - ", " – ", " — ", " :: ", " · ", " « ", " » "] {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            if names_site(tail) && !head.trim().is_empty() {
                return head.trim().to_string();
            }
        }
        if let Some((head, tail)) = title.split_once(sep) {
            if names_site(head) && !tail.trim().is_empty() {
                return tail.trim().to_string();
            }
        }
    }
    title.to_string()
}

/// Resolves a possibly relative URL against the page URL (enough for canonical links).
fn absolute(href: &str, base: Option<&str>) -> Option<String> {
    let href = href.trim();
    if href.starts_with("http://") || href.starts_with("https://") {
        return Some(href.to_string());
    }
    let base = base?;
    let (scheme, rest) = base.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    if let Some(path) = href.strip_prefix("//") {
        return Some(format!("{scheme}://{path}"));
    }
    href.starts_with('/')
        .then(|| format!("{scheme}://{host}{href}"))
}

pub(crate) fn metadata(doc: &Html, url: Option<&str>) -> Found {
    let mut c = Candidates::default();
    let mut warnings = Vec::new();
    for node in doc.tree.nodes() {
        let Node::Element(el) = node.value() else {
            continue;
        };
        match el.name() {
            "meta" => {
                let Some(content) = el.attr("content").and_then(nonempty) else {
                    continue;
                };
                let key = el
                    .attr("property")
                    .or_else(|| el.attr("name"))
                    .or_else(|| el.attr("itemprop"));
                let Some(key) = key.map(str::to_ascii_lowercase) else {
                    continue;
                };
                match key.as_str() {
                    "og:title" if c.og_title.is_none() => c.og_title = Some(content),
                    "twitter:title" if c.tw_title.is_none() => c.tw_title = Some(content),
                    "og:site_name" if c.site_name.is_none() => c.site_name = Some(content),
                    "application-name" if c.app_name.is_none() => c.app_name = Some(content),
                    "og:url" if c.og_url.is_none() => c.og_url = Some(content),
                    k if AUTHOR_KEYS.contains(&k)
                        && !content.starts_with("http") => {
                            push_authors(&mut c.meta_authors, &content);
                        }
                    k if DATE_KEYS.contains(&k) => {
                        let rank = DATE_KEYS.iter().position(|d| *d == k).unwrap_or(usize::MAX);
                        // Keep the most trusted key that parses.
                        if date::normalize(&content).is_some() {
                            let better = match &c.meta_published {
                                None => true,
                                Some(prev) => rank < prev_rank(prev),
                            };
                            if better {
                                c.meta_published = Some(format!("{rank:02}\u{0}{content}"));
                            }
                        }
                    }
                    _ => {}
                }
            }
            "link" => {
                let rel = el.attr("rel").unwrap_or("").to_ascii_lowercase();
                if rel.split_whitespace().any(|r| r == "canonical") && c.canonical.is_none() {
                    c.canonical = el.attr("href").and_then(|h| absolute(h, url));
                }
            }
            "title" if c.title_tag.is_none() => {
                if let Some(e) = ElementRef::wrap(node) {
                    c.title_tag = nonempty(&text_of(e));
                }
            }
            "h1" if c.h1.is_none() => {
                if let Some(e) = ElementRef::wrap(node) {
                    c.h1 = nonempty(&text_of(e));
                }
            }
            "script"
                if el
                    .attr("type")
                    .is_some_and(|t| t.to_ascii_lowercase().contains("ld+json")) =>
            {
                let Some(e) = ElementRef::wrap(node) else {
                    continue;
                };
                let raw: String = e.text().collect();
                match serde_json::from_str::<Value>(raw.trim()) {
                    Ok(v) => visit_ld(&v, &mut c, 0),
                    Err(err) => warnings.push(format!("unreadable JSON-LD: {err}")),
                }
            }
            "time" if c.time_published.is_none() => {
                if let Some(d) = el.attr("datetime").and_then(date::normalize) {
                    c.time_published = Some(d);
                }
            }
            _ => {
                if el.attr("itemprop") == Some("datePublished") && c.time_published.is_none() {
                    let v = el.attr("datetime").or_else(|| el.attr("content"));
                    c.time_published = v.and_then(date::normalize);
                }
                if el.attr("itemprop") == Some("author") || el.attr("rel") == Some("author") {
                    if let Some(e) = ElementRef::wrap(node) {
                        let t = text_of(e);
                        if t.len() < 80 {
                            push_authors(&mut c.itemprop_authors, &t);
                        }
                    }
                }
            }
        }
    }

    let page_url = c
        .canonical
        .clone()
        .or_else(|| c.og_url.clone())
        .or_else(|| url.map(str::to_string));
    let host = page_url
        .as_deref()
        .and_then(crate::host_of)
        .map(|h| h.trim_start_matches("www.").to_string());
    let outlet = c
        .site_name
        .clone()
        .or_else(|| c.ld_publisher.clone())
        .or_else(|| c.app_name.clone())
        .or_else(|| host.clone());
    let title = c
        .ld_headline
        .clone()
        .or_else(|| c.og_title.clone())
        .or_else(|| c.tw_title.clone())
        .or_else(|| c.title_tag.clone())
        .or_else(|| c.h1.clone())
        .map(|t| strip_site(&t, outlet.as_deref(), host.as_deref()));
    let authors = if !c.ld_authors.is_empty() {
        c.ld_authors
    } else if !c.meta_authors.is_empty() {
        c.meta_authors
    } else {
        c.itemprop_authors
    };
    let meta_published = c
        .meta_published
        .as_deref()
        .and_then(|p| p.split_once('\u{0}'))
        .map(|(_, d)| d.to_string());
    let published = c
        .ld_published
        .as_deref()
        .and_then(date::normalize)
        .or_else(|| meta_published.as_deref().and_then(date::normalize))
        .or(c.time_published);
    Found {
        meta: Metadata {
            title,
            authors,
            published,
            outlet,
            url: page_url,
            language: None,
        },
        article_body: c.ld_body,
        warnings,
    }
}

fn prev_rank(tagged: &str) -> usize {
    tagged
        .split_once('\u{0}')
        .and_then(|(r, _)| r.parse().ok())
        .unwrap_or(usize::MAX)
}
