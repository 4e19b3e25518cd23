//! Article metadata: title, byline, site name, time, excerpt, lead image, lang and dir.
//! Read from JSON-LD, then OpenGraph, Dublin Core and other meta tags, then the page itself.

use std::collections::HashMap;

use serde_json::Value;

use crate::page::text::fold_whitespace;
use crate::page::{NodeId, Page};

/// What the page says about its article, before the body is looked at.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    pub title: Option<String>,
    pub byline: Option<String>,
    pub site_name: Option<String>,
    pub published_time: Option<String>,
    pub excerpt: Option<String>,
    pub lead_image: Option<String>,
    pub lang: Option<String>,
    /// The page's `<title>`, as is (for the title heuristics and duplicate headings).
    pub document_title: String,
    /// JSON-LD `isAccessibleForFree: false`, with the selectors of the parts it withholds.
    pub paywalled_parts: Option<Vec<String>>,
}

const ARTICLE_TYPES: &[&str] = &[
    "Article",
    "AdvertiserContentArticle",
    "NewsArticle",
    "AnalysisNewsArticle",
    "AskPublicQuestion",
    "BackgroundNewsArticle",
    "BlogPosting",
    "DiscussionForumPosting",
    "LiveBlogPosting",
    "OpinionNewsArticle",
    "ReportageNewsArticle",
    "ReviewNewsArticle",
    "SatiricalArticle",
    "ScholarlyArticle",
    "MedicalScholarlyArticle",
    "SocialMediaPosting",
    "TechArticle",
    "Report",
    "WebPage",
];

/// Reads the metadata of a page.
pub fn read(page: &Page) -> Metadata {
    let blocks = json_ld_blocks(page);
    let ld = blocks.iter().find_map(|b| find_article(b)).cloned();
    let meta = meta_values(page);
    let get = |keys: &[&str]| keys.iter().find_map(|k| meta.get(*k).filter(|v| !v.is_empty()).cloned());

    let document_title =
        page.find_tag(page.root(), "title").map(|t| fold_whitespace(&page.text_content(t))).unwrap_or_default();

    let title = ld
        .as_ref()
        .and_then(|l| ld_title(l, &document_title))
        .or_else(|| {
            get(&[
                "dc:title",
                "dcterm:title",
                "og:title",
                "weibo:article:title",
                "weibo:webpage:title",
                "title",
                "twitter:title",
                "parsely-title",
            ])
        })
        .or_else(|| Some(title_from_document(page, &document_title)).filter(|t| !t.is_empty()));

    let byline = ld
        .as_ref()
        .and_then(ld_author)
        .or_else(|| get(&["dc:creator", "dcterm:creator", "author", "parsely-author"]))
        .or_else(|| get(&["article:author"]).filter(|a| !a.starts_with("http://") && !a.starts_with("https://")));

    let excerpt = ld.as_ref().and_then(|l| ld_str(l, "description")).or_else(|| {
        get(&[
            "dc:description",
            "dcterm:description",
            "og:description",
            "weibo:article:description",
            "weibo:webpage:description",
            "description",
            "twitter:description",
        ])
    });

    let site_name =
        ld.as_ref().and_then(|l| l.get("publisher").and_then(|p| ld_str(p, "name"))).or_else(|| get(&["og:site_name"]));

    let published_time = ld
        .as_ref()
        .and_then(|l| ld_str(l, "datePublished"))
        .or_else(|| get(&["article:published_time", "parsely-pub-date"]));

    let lead_image = get(&["og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src"])
        .or_else(|| ld.as_ref().and_then(ld_image))
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"));

    let lang =
        page.html_element().and_then(|h| page.attr(h, "lang")).map(|l| l.trim().to_string()).filter(|l| !l.is_empty());

    Metadata {
        title: title.map(|t| unescape(&fold_whitespace(&t))),
        byline: byline.map(|t| unescape(&fold_whitespace(&t))),
        site_name: site_name.map(|t| unescape(&fold_whitespace(&t))),
        published_time: published_time.map(|t| t.trim().to_string()),
        excerpt: excerpt.map(|t| unescape(&fold_whitespace(&t))),
        lead_image,
        lang,
        document_title,
        paywalled_parts: paywalled_parts(&blocks),
    }
}

/// Meta tag values keyed like `og:title`, `dc:creator`, `author` (lowercase, no spaces).
fn meta_values(page: &Page) -> HashMap<String, String> {
    const PREFIXES: &[&str] = &["article", "dc", "dcterm", "og", "twitter"];
    const PROPS: &[&str] = &[
        "author",
        "creator",
        "description",
        "published_time",
        "title",
        "site_name",
        "image",
        "image:url",
        "image:secure_url",
        "image:src",
    ];
    const NAME_PREFIXES: &[&str] = &["dc", "dcterm", "og", "twitter", "parsely", "weibo:article", "weibo:webpage"];
    const NAMES: &[&str] = &["author", "creator", "pub-date", "description", "title", "site_name", "image"];
    let mut values = HashMap::new();
    for m in page.elements_tagged(page.root(), "meta") {
        let Some(content) = page.attr(m, "content").map(str::trim).filter(|c| !c.is_empty()) else {
            continue;
        };
        if let Some(props) = page.attr(m, "property") {
            for prop in props.split_whitespace() {
                let key = prop.to_ascii_lowercase();
                if let Some((prefix, rest)) = key.split_once(':') {
                    if PREFIXES.contains(&prefix) && PROPS.contains(&rest) {
                        values.entry(key.clone()).or_insert_with(|| content.to_string());
                    }
                }
            }
        }
        if let Some(name) = page.attr(m, "name") {
            let key: String = name.to_ascii_lowercase().split_whitespace().collect::<String>().replace('.', ":");
            let ok = NAMES.contains(&key.as_str())
                || NAME_PREFIXES.iter().any(|p| {
                    key.strip_prefix(p)
                        .and_then(|r| r.strip_prefix([':', '-']))
                        .map(|r| NAMES.contains(&r))
                        .unwrap_or(false)
                });
            if ok {
                values.entry(key).or_insert_with(|| content.to_string());
            }
        }
    }
    values
}

/// Every JSON-LD block of the page, parsed once (CDATA markers stripped; broken ones skipped).
fn json_ld_blocks(page: &Page) -> Vec<Value> {
    page.elements_tagged(page.root(), "script")
        .filter(|&s| page.attr(s, "type").map(|t| t.contains("ld+json")).unwrap_or(false))
        .filter_map(|s| {
            let raw = page.text_content(s);
            let raw = raw.trim().trim_start_matches("<![CDATA[").trim_end_matches("]]>");
            serde_json::from_str::<Value>(raw).ok()
        })
        .collect()
}

/// The items of one block: an array's elements, a `@graph`'s nodes (and the block), or the block.
fn ld_items(value: &Value) -> Vec<&Value> {
    match value {
        Value::Array(items) => items.iter().collect(),
        Value::Object(o) => match o.get("@graph") {
            Some(Value::Array(items)) => items.iter().chain(std::iter::once(value)).collect(),
            _ => vec![value],
        },
        _ => Vec::new(),
    }
}

/// The item of one block that describes the article: an article type first, else a WebPage.
fn find_article(value: &Value) -> Option<&Value> {
    let candidates = ld_items(value);
    let is_type = |v: &&Value, types: &[&str]| match v.get("@type") {
        Some(Value::String(t)) => types.contains(&t.as_str()),
        Some(Value::Array(ts)) => ts.iter().any(|t| t.as_str().map(|t| types.contains(&t)).unwrap_or(false)),
        _ => false,
    };
    candidates
        .iter()
        .find(|v| is_type(v, &ARTICLE_TYPES[..ARTICLE_TYPES.len() - 1]))
        .or_else(|| candidates.iter().find(|v| is_type(v, &ARTICLE_TYPES[ARTICLE_TYPES.len() - 1..])))
        .copied()
}

fn ld_str(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

fn ld_title(ld: &Value, document_title: &str) -> Option<String> {
    match (ld_str(ld, "name"), ld_str(ld, "headline")) {
        (Some(name), Some(headline)) if name != headline => {
            // Prefer whichever the page's own title resembles.
            if similarity(&headline, document_title) > similarity(&name, document_title) {
                Some(headline)
            } else {
                Some(name)
            }
        }
        (name, headline) => headline.or(name),
    }
}

/// Shares of words of `b` that `a` has too (0–1).
fn similarity(a: &str, b: &str) -> f32 {
    let a: Vec<String> = crate::page::text::words(a).collect();
    let b: Vec<String> = crate::page::text::words(b).collect();
    if b.is_empty() {
        return 0.0;
    }
    b.iter().filter(|w| a.contains(w)).count() as f32 / b.len() as f32
}

fn ld_author(ld: &Value) -> Option<String> {
    let name_of = |a: &Value| match a {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Object(_) => ld_str(a, "name"),
        _ => None,
    };
    match ld.get("author")? {
        Value::Array(authors) => {
            let names: Vec<String> = authors.iter().filter_map(name_of).filter(|n| !n.is_empty()).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        a => name_of(a).filter(|n| !n.is_empty()),
    }
}

fn ld_image(ld: &Value) -> Option<String> {
    match ld.get("image")? {
        Value::String(s) => Some(s.clone()),
        Value::Array(items) => items.first().and_then(|i| i.as_str().map(str::to_string).or_else(|| ld_str(i, "url"))),
        obj => ld_str(obj, "url"),
    }
}

/// JSON-LD's `isAccessibleForFree: false` with the CSS selectors of the withheld parts.
fn paywalled_parts(blocks: &[Value]) -> Option<Vec<String>> {
    let item = blocks.iter().flat_map(ld_items).find(|item| is_false(item.get("isAccessibleForFree")))?;
    let parts: Vec<&Value> = match item.get("hasPart") {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(v) => vec![v],
        None => vec![],
    };
    Some(
        parts
            .into_iter()
            .filter(|p| is_false(p.get("isAccessibleForFree")))
            .filter_map(|p| ld_str(p, "cssSelector"))
            .collect(),
    )
}

fn is_false(v: Option<&Value>) -> bool {
    match v {
        Some(Value::Bool(b)) => !b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("false"),
        _ => false,
    }
}

const SEPARATORS: &[char] = &['|', '-', '–', '—', '\\', '/', '>', '»'];
const HIERARCHICAL: &[char] = &['\\', '/', '>', '»'];

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// The title from `<title>`, cleaned of a site name before or after a separator.
fn title_from_document(page: &Page, original: &str) -> String {
    let orig = original;
    // " | ", " - ", " » " and the like: a separator with a space on each side.
    let spaced = |set: &[char]| -> Vec<usize> {
        orig.char_indices()
            .filter(|&(i, c)| set.contains(&c) && orig[..i].ends_with(' ') && orig[i + c.len_utf8()..].starts_with(' '))
            .map(|(i, _)| i)
            .collect()
    };
    let seps = spaced(SEPARATORS);
    let mut hierarchical = false;
    let mut title = orig.to_string();
    if let Some(&last) = seps.last() {
        hierarchical = !spaced(HIERARCHICAL).is_empty();
        title = orig[..last].to_string();
        if word_count(&title) < 3 {
            if let Some((i, c)) = orig.char_indices().find(|(_, c)| SEPARATORS.contains(c)) {
                title = orig[i + c.len_utf8()..].to_string();
            }
        }
    } else if orig.contains(": ") {
        let headings_match = page
            .descendants(page.root())
            .filter(|&n| matches!(page.tag(n), "h1" | "h2"))
            .any(|h| page.text_content(h).trim() == orig.trim());
        if !headings_match {
            title = orig[orig.rfind(':').map(|i| i + 1).unwrap_or(0)..].to_string();
            if word_count(&title) < 3 {
                title = orig[orig.find(':').map(|i| i + 1).unwrap_or(0)..].to_string();
            } else if word_count(&orig[..orig.find(':').unwrap_or(0)]) > 5 {
                title = orig.to_string();
            }
        }
    } else if !(15..=150).contains(&orig.chars().count()) {
        let h1s: Vec<NodeId> = page.elements_tagged(page.root(), "h1").collect();
        if h1s.len() == 1 {
            title = page.inner_text(h1s[0]);
        }
    }
    let title = fold_whitespace(&title);
    let count = word_count(&title);
    let stripped: String = orig.chars().filter(|c| !SEPARATORS.contains(c)).collect();
    if count <= 4 && (!hierarchical || count + 1 != word_count(&stripped)) {
        return fold_whitespace(orig);
    }
    title
}

/// Decodes the entities a CMS escaped twice (`&amp;quot;` shows as `&quot;`).
fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "quot" => Some('"'),
                "amp" => Some('&'),
                "apos" => Some('\''),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "nbsp" => Some('\u{a0}'),
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    Some(char::from_u32(code).filter(|&c| c != '\0').unwrap_or('\u{fffd}'))
                }
            }?;
            Some((c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn meta(html: &str) -> Metadata {
        read(&crate::input::html::parse(html, Some("https://example.com/a")).unwrap())
    }

    #[test]
    fn json_ld_wins_over_meta_tags() {
        let m = meta(
            r#"<html lang="en"><head><title>Doc title here | Site</title>
            <meta property="og:title" content="OG title">
            <meta property="og:site_name" content="OG Site">
            <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
              "headline":"LD headline","author":[{"name":"A One"},{"name":"B Two"}],
              "publisher":{"name":"LD Site"},"datePublished":"2025-01-02T03:04:05Z","description":"LD desc"}</script>
            </head><body></body></html>"#,
        );
        assert_eq!(m.title.as_deref(), Some("LD headline"));
        assert_eq!(m.byline.as_deref(), Some("A One, B Two"));
        assert_eq!(m.site_name.as_deref(), Some("LD Site"));
        assert_eq!(m.published_time.as_deref(), Some("2025-01-02T03:04:05Z"));
        assert_eq!(m.excerpt.as_deref(), Some("LD desc"));
        assert_eq!(m.lang.as_deref(), Some("en"));
    }

    #[test]
    fn meta_tags_in_order_of_trust() {
        let m = meta(
            r#"<head><meta name="twitter:title" content="TW"><meta property="og:title" content="OG">
            <meta name="author" content="Jane Doe"><meta property="article:author" content="https://x/jane">
            <meta name="description" content="Plain &amp;quot;desc&amp;quot;"><meta property="og:image" content="https://x/i.jpg"></head>"#,
        );
        assert_eq!(m.title.as_deref(), Some("OG"));
        assert_eq!(m.byline.as_deref(), Some("Jane Doe"));
        assert_eq!(m.excerpt.as_deref(), Some("Plain \"desc\""));
        assert_eq!(m.lead_image.as_deref(), Some("https://x/i.jpg"));
    }

    #[test]
    fn document_title_loses_the_site_name() {
        let m = meta("<title>A long enough article title - The Site</title>");
        assert_eq!(m.title.as_deref(), Some("A long enough article title"));
        let m = meta("<title>Short - Site</title>");
        assert_eq!(m.title.as_deref(), Some("Short - Site"), "too short after cutting: keep whole");
    }

    #[test]
    fn paywall_markup_is_read() {
        let m = meta(
            r#"<script type="application/ld+json">{"@type":"NewsArticle","isAccessibleForFree":false,
            "hasPart":{"@type":"WebPageElement","isAccessibleForFree":false,"cssSelector":".paywalled"}}</script>"#,
        );
        assert_eq!(m.paywalled_parts, Some(vec![".paywalled".to_string()]));
    }

    #[test]
    fn broken_json_ld_is_ignored() {
        let m =
            meta(r#"<title>Fine title for this page</title><script type="application/ld+json">{"@type": </script>"#);
        assert_eq!(m.title.as_deref(), Some("Fine title for this page"));
    }
}
