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

    let site_name =
        ld.as_ref().and_then(|l| l.get("publisher").and_then(|p| ld_str(p, "name"))).or_else(|| get(&["og:site_name"]));
    let site = SiteNames::of(page, &blocks, site_name.as_deref());

    // JSON-LD's headline is the article's own; a page's JSON-LD name or a meta title may carry
    // the site's name; the page's <title> usually does, and is cut by Readability's rule.
    let title = ld
        .as_ref()
        .and_then(|l| ld_title(l, &document_title))
        .map(|(t, headline)| {
            let t = unescape(&fold_whitespace(&t));
            // A page's `name` (Yoast writes its <title> there) may carry the site's name.
            if headline {
                t
            } else {
                site.strip_from(&t).unwrap_or(t)
            }
        })
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
            .map(|t| {
                let t = unescape(&fold_whitespace(&t));
                site.strip_from(&t).unwrap_or(t)
            })
        })
        .or_else(|| {
            // Readability's cut first ("Title – Section · Site" loses " – Section · Site"), then
            // the site's name under any separator ("Title · Site", kept whole by Readability).
            let t = readability_title(page, &document_title);
            let t = site.strip_from(&t).unwrap_or(t);
            Some(unescape(&fold_whitespace(&t))).filter(|t| !t.is_empty())
        });

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

    // What the publisher declares first; then what the page marks up or shows by the title.
    let published_time = ld
        .as_ref()
        .and_then(|l| ld_str(l, "datePublished"))
        .or_else(|| get(&["article:published_time", "parsely-pub-date"]))
        .or_else(|| microdata_date(page))
        .or_else(|| time_by_title(page, title.as_deref()));

    let lead_image = get(&["og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src"])
        .or_else(|| ld.as_ref().and_then(ld_image))
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"));

    let lang =
        page.html_element().and_then(|h| page.attr(h, "lang")).map(|l| l.trim().to_string()).filter(|l| !l.is_empty());

    Metadata {
        title,
        byline: byline.and_then(|t| clean_byline(&unescape(&fold_whitespace(&t)))),
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

/// The JSON-LD title, and whether it is the `headline` (else the item's `name`).
fn ld_title(ld: &Value, document_title: &str) -> Option<(String, bool)> {
    match (ld_str(ld, "name"), ld_str(ld, "headline")) {
        (Some(name), Some(headline)) if name != headline => {
            // Prefer whichever the page's own title resembles.
            if similarity(&headline, document_title) > similarity(&name, document_title) {
                Some((headline, true))
            } else {
                Some((name, false))
            }
        }
        (name, headline) => headline.map(|h| (h, true)).or(name.map(|n| (n, false))),
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

/// How many withheld parts' selectors are taken from a page's JSON-LD: each is matched against
/// the whole page, and the page writes the list (real pages name one to three).
const MAX_WITHHELD_PARTS: usize = 16;

/// JSON-LD's `isAccessibleForFree: false` with the CSS selectors of the withheld parts (the
/// first MAX_WITHHELD_PARTS).
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
            .take(MAX_WITHHELD_PARTS)
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

// ---------------------------------------------------------------------------------------------
// Titles

/// Readability's title separators, each written with a space on both sides (` | `, ` - `, …).
const SEPARATORS: &[char] = &['|', '-', '–', '—', '\\', '/', '>', '»'];
/// The separators of a path ("Home » News » Title"), after which a short title is kept.
const HIERARCHICAL: &[char] = &['\\', '/', '>', '»'];

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Words as Readability counts them (`str.split(/\s+/).length`): the pieces between runs of
/// whitespace, an empty piece before a leading space included (" Two words" counts 3).
fn js_word_count(s: &str) -> usize {
    let mut runs = 0;
    let mut in_space = false;
    for c in s.chars() {
        if c.is_whitespace() && !in_space {
            runs += 1;
        }
        in_space = c.is_whitespace();
    }
    runs + 1
}

/// Readability's rule for a `<title>` (`_getArticleTitle`): cut at the last spaced separator
/// (or drop the first part when what is left is under 3 words), or after a colon unless a
/// heading repeats the whole title; a title too short or too long gives way to the only `<h1>`.
/// A result of 4 words or fewer keeps the whole title, unless a path's last step was dropped.
fn readability_title(page: &Page, orig: &str) -> String {
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
        // Cut before the space ahead of the separator, as Readability's match starts there.
        title = orig[..last].strip_suffix(' ').unwrap_or(&orig[..last]).to_string();
        if js_word_count(&title) < 3 {
            // The first part was the site or a section: everything after the first separator.
            if let Some((i, c)) = orig.char_indices().find(|(_, c)| SEPARATORS.contains(c)) {
                title = orig[i + c.len_utf8()..].to_string();
            }
        }
    } else if orig.contains(": ") {
        // "Site: Title", unless the page's heading says the whole title is the title.
        let headings_match = page
            .descendants(page.root())
            .filter(|&n| matches!(page.tag(n), "h1" | "h2"))
            .any(|h| page.text_content(h).trim() == orig.trim());
        if !headings_match {
            title = orig[orig.rfind(':').map(|i| i + 1).unwrap_or(0)..].to_string();
            if js_word_count(&title) < 3 {
                title = orig[orig.find(':').map(|i| i + 1).unwrap_or(0)..].to_string();
            } else if js_word_count(&orig[..orig.find(':').unwrap_or(0)]) > 5 {
                // A long text before the colon is the title itself ("A long sentence: and more").
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
    let count = js_word_count(&title);
    let stripped: String = orig.chars().filter(|c| !SEPARATORS.contains(c)).collect();
    if count <= 4 && (!hierarchical || count + 1 != js_word_count(&stripped)) {
        return fold_whitespace(orig);
    }
    title
}

/// The names a site goes by, as keys (see `name_key`): its declared names (JSON-LD publisher
/// or WebSite, og:site_name, application-name) and its host (the page's address, og:url; the
/// canonical `<link>` is not in the page model).
#[derive(Debug, Default)]
struct SiteNames {
    /// Per declared name: its key, then the key of its first part ("Frollein Herr" of
    /// "Frollein Herr | Information und Meinung"). Hosts give their name and main label.
    names: Vec<Vec<String>>,
    /// Hosts without `www.`, matched whole ("rp.pl"), for names too short to be keys.
    hosts: Vec<String>,
}

impl SiteNames {
    fn of(page: &Page, blocks: &[Value], declared: Option<&str>) -> SiteNames {
        let mut names: Vec<String> = declared.map(str::to_string).into_iter().collect();
        for item in blocks.iter().flat_map(ld_items) {
            let typed = |t: &str| match item.get("@type") {
                Some(Value::String(s)) => s == t,
                Some(Value::Array(ts)) => ts.iter().any(|x| x.as_str() == Some(t)),
                _ => false,
            };
            if typed("WebSite") || typed("Organization") || typed("NewsMediaOrganization") {
                names.extend(ld_str(item, "name"));
            }
            if let Some(p) = item.get("publisher") {
                names.extend(ld_str(p, "name"));
            }
        }
        let mut urls: Vec<String> = page.url.clone().into_iter().collect();
        for m in page.elements_tagged(page.root(), "meta") {
            let key = page.attr(m, "property").or_else(|| page.attr(m, "name")).unwrap_or("").to_ascii_lowercase();
            match (key.as_str(), page.attr(m, "content")) {
                ("og:site_name" | "application-name", Some(c)) => names.push(c.to_string()),
                ("og:url", Some(c)) => urls.push(c.to_string()),
                _ => {}
            }
        }
        let mut site = SiteNames::default();
        for name in names {
            let name = unescape(&fold_whitespace(&name));
            let first = split_at_separators(&name)
                .into_iter()
                .find(|&(at, _, _)| name[at..].starts_with(|c: char| "|-–—·•".contains(c)))
                .map(|(_, l, _)| name[..l].to_string());
            site.add(&[Some(name), first]);
        }
        for url in urls {
            if let Some(host) = host_of(&url) {
                site.add(&[Some(host.clone()), Some(registrable_label(&host).to_string())]);
                if !site.hosts.contains(&host) {
                    site.hosts.push(host);
                }
            }
        }
        site
    }

    fn add(&mut self, names: &[Option<String>]) {
        let keys: Vec<String> =
            names.iter().flatten().map(|n| name_key(n)).filter(|k| k.chars().count() >= 3).collect();
        if !keys.is_empty() && !self.names.contains(&keys) {
            self.names.push(keys);
        }
    }

    /// Whether `part` names the site, by one of the names that `title` is not itself.
    fn named(&self, part: &str, title: &str) -> bool {
        let (key, whole) = (name_key(part), name_key(title));
        self.names.iter().filter(|keys| keys[0] != whole).any(|keys| keys.contains(&key))
            || self.hosts.iter().any(|h| part.eq_ignore_ascii_case(h))
    }

    /// `title` without the site's name after its last separator or before its first, when what
    /// is left is a title still (two words or ten characters); None when the name is not there.
    fn strip_from(&self, title: &str) -> Option<String> {
        if self.names.is_empty() && self.hosts.is_empty() {
            return None;
        }
        let long_enough = |t: &str| word_count(t) >= 2 || t.chars().count() >= 10;
        let seps = split_at_separators(title);
        // The widest suffix that is the name ("Title — Herz und Blut - Interior | Design"),
        // then the widest prefix.
        let suffix = seps.iter().find(|&&(_, l, r)| self.named(&title[r..], title) && long_enough(&title[..l]));
        if let Some(&(_, l, _)) = suffix {
            return Some(title[..l].to_string());
        }
        let prefix = seps.iter().rev().find(|&&(_, l, r)| self.named(&title[..l], title) && long_enough(&title[r..]));
        prefix.map(|&(_, _, r)| title[r..].to_string())
    }
}

/// Where `s` splits into a title and a site name: for each separator, the byte ranges
/// `(start, left end, right start)`, in order. A separator is a run of symbols such as `|`, `-`,
/// `–`, `·`, `»`, `:` or `::` (spaces between them included) with a space on each side, or a
/// lone `|`, `·`, `•`, `»` or `_` with or without spaces; a colon needs a space after it only
/// ("Site: Title").
fn split_at_separators(s: &str) -> Vec<(usize, usize, usize)> {
    const SYMBOLS: &[char] =
        &['|', '-', '–', '—', '\\', '/', '>', '»', '«', '·', '•', '~', ':', '_', '*', '✩', '★', '☆', '◆', '♦', '#'];
    const TIGHT: &[char] = &['|', '·', '•', '»', '_'];
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let symbol = |k: usize| k < chars.len() && SYMBOLS.contains(&chars[k].1);
    let mut i = 0;
    while i < chars.len() {
        if !symbol(i) {
            i += 1;
            continue;
        }
        // The run: symbols, and spaces followed by more symbols ("// »").
        let mut j = i;
        loop {
            while symbol(j) {
                j += 1;
            }
            let mut k = j;
            while k < chars.len() && chars[k].1.is_whitespace() {
                k += 1;
            }
            if k > j && symbol(k) {
                j = k;
            } else {
                break;
            }
        }
        let run: Vec<char> = chars[i..j].iter().map(|&(_, c)| c).filter(|c| !c.is_whitespace()).collect();
        let space_before = i > 0 && chars[i - 1].1.is_whitespace();
        let space_after = j < chars.len() && chars[j].1.is_whitespace();
        let ok = (space_before && space_after)
            || (run.len() == 1 && TIGHT.contains(&run[0]))
            || (run == [':'] && space_after);
        let start = chars[i].0;
        let end = chars.get(j).map(|&(b, _)| b).unwrap_or(s.len());
        let left = s[..start].trim_end().len();
        let right = end + (s[end..].len() - s[end..].trim_start().len());
        if ok && left > 0 && right < s.len() {
            out.push((start, left, right));
        }
        i = j;
    }
    out
}

/// A site name reduced to what tells it apart: lowercase letters and digits, without `www.`,
/// a top-level domain (`.de`, `.co.uk`), a leading "the" or a trailing legal form ("AG", "Inc.").
fn name_key(name: &str) -> String {
    let mut s = name.trim().to_lowercase();
    for prefix in ["https://", "http://", "www."] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.to_string();
        }
    }
    s = s.trim_end_matches('/').to_string();
    for _ in 0..2 {
        match s.rsplit_once('.') {
            Some((head, tld))
                if !head.is_empty()
                    && !head.ends_with(' ')
                    && (2..=6).contains(&tld.len())
                    && tld.bytes().all(|b| b.is_ascii_lowercase()) =>
            {
                s = head.to_string()
            }
            _ => break,
        }
    }
    let mut words: Vec<&str> = s.split_whitespace().collect();
    if words.len() > 1 && words[0] == "the" {
        words.remove(0);
    }
    const LEGAL: &[&str] =
        &["ag", "gmbh", "e.v.", "ev", "inc", "inc.", "ltd", "ltd.", "llc", "s.a.", "sa", "srl", "plc"];
    if words.len() > 1 && LEGAL.contains(&words[words.len() - 1].trim_start_matches(',')) {
        words.pop();
    }
    words.concat().chars().filter(|c| c.is_alphanumeric()).collect()
}

/// The host of an absolute URL, lowercase, without `www.`.
fn host_of(url: &str) -> Option<String> {
    let rest = url.trim().split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?.split(':').next()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (host.contains('.') && !host.is_empty()).then_some(host)
}

/// The label a site is known by: `latimes` of `www.latimes.com`, `bbc` of `bbc.co.uk`.
fn registrable_label(host: &str) -> &str {
    let labels: Vec<&str> = host.split('.').collect();
    let n = labels.len();
    if n >= 3 && matches!(labels[n - 2], "co" | "com" | "org" | "net" | "gov" | "ac" | "or" | "ne" | "go" | "edu") {
        labels[n - 3]
    } else if n >= 2 {
        labels[n - 2]
    } else {
        host
    }
}

// ---------------------------------------------------------------------------------------------
// Bylines

/// A byline without the date a page wrote into it: "By Jane Doe, Updated 5:03 PM EST, Tue March
/// 3, 2020" gives "Jane Doe", "Jane Doe | March 3, 2020" gives "Jane Doe"; a byline that is only
/// a date gives None. A leading "By" (or "Von", "Par", "Por") goes only with such a date: a
/// byline without one is left as written, as Readability leaves it.
pub fn clean_byline(raw: &str) -> Option<String> {
    let folded = fold_whitespace(raw);
    if folded.is_empty() {
        return None;
    }
    let Some(at) = date_start(raw) else {
        return Some(folded);
    };
    let head = trim_connectors(&raw[..at]);
    let name = if !head.is_empty() {
        head
    } else {
        // The date comes first ("29. Juni 2017, 23:39 · von Tobi"): the parts with no date.
        let parts: Vec<&str> = raw
            .split(['|', '·', '•', '–', '—', '\n', ',', ';'])
            .map(|p| p.trim_matches(|c: char| c.is_whitespace() || "-/:".contains(c)))
            .filter(|p| !p.is_empty() && date_start(p).is_none() && !is_weekday_only(p))
            .filter(|p| !CONNECTORS.contains(&p.to_lowercase().as_str()))
            .collect();
        parts.join(", ")
    };
    let name = fold_whitespace(&strip_by(&name));
    name.chars().any(char::is_alphabetic).then_some(name)
}

/// The words that introduce a date in a byline.
const DATE_WORDS: &[&str] = &[
    "updated",
    "published",
    "posted",
    "aktualisiert",
    "veröffentlicht",
    "publié",
    "publiée",
    "publicado",
    "actualizado",
    "pubblicato",
    "aggiornato",
];

/// Month names and their abbreviations: English, German, French, Spanish, Portuguese, Italian.
const MONTHS: &str = "january february march april may june july august september october november december \
    jan feb mar apr jun jul aug sep sept oct nov dec \
    januar jänner februar märz mai juni juli oktober dezember \
    janvier février mars avril juin juillet août septembre octobre novembre décembre \
    enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre \
    janeiro fevereiro março maio junho julho setembro outubro novembro dezembro \
    gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre";

/// Weekday names and their abbreviations, in the same languages.
const WEEKDAYS: &str = "monday tuesday wednesday thursday friday saturday sunday \
    mon tue tues wed thu thur thurs fri sat sun \
    montag dienstag mittwoch donnerstag freitag samstag sonntag \
    lundi mardi mercredi jeudi vendredi samedi dimanche \
    lunes martes miércoles jueves viernes sábado domingo";

/// Whether `word` (lowercase) is one of the words of `list`.
fn listed(list: &str, word: &str) -> bool {
    list.split_whitespace().any(|w| w == word)
}

/// The words of `s` as (start, end) byte ranges: runs of letters or of digits (a run of
/// letters ends where digits begin, so "Nolan22 Dec" reads as three words).
fn tokens(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    // The current word's start, and whether it is digits.
    let mut open: Option<(usize, bool)> = None;
    for (i, c) in s.char_indices() {
        let kind = if c.is_ascii_digit() { Some(true) } else { c.is_alphanumeric().then_some(false) };
        if let Some((start, digits)) = open {
            if kind == Some(digits) {
                continue;
            }
            out.push((start, i));
        }
        open = kind.map(|k| (i, k));
    }
    if let Some((start, _)) = open {
        out.push((start, s.len()));
    }
    out
}

/// Where a date or time begins in `s`: a word like "Updated", a month name next to a number
/// ("March 3", "3. März"), a numeric date ("19.11.2021", "2020-03-03") or a time ("5:03"),
/// taking in a weekday just before it. None when `s` holds no date.
fn date_start(s: &str) -> Option<usize> {
    let toks = tokens(s);
    let word = |i: usize| s[toks[i].0..toks[i].1].to_lowercase();
    let is_num = |i: usize| s[toks[i].0..toks[i].1].bytes().all(|b| b.is_ascii_digit());
    // Only spaces and light punctuation between two words.
    let close = |a: usize, b: usize| s[toks[a].1..toks[b].0].chars().all(|c| c.is_whitespace() || ".,".contains(c));
    let tight = |a: usize, b: usize, seps: &str| {
        let gap = &s[toks[a].1..toks[b].0];
        gap.chars().count() == 1 && seps.contains(gap)
    };
    for i in 0..toks.len() {
        let w = word(i);
        let mut found = None;
        if DATE_WORDS.contains(&w.as_str())
            || (w == "last" && i + 1 < toks.len() && word(i + 1) == "updated")
            || (w == "mis" && i + 2 < toks.len() && word(i + 1) == "à" && word(i + 2) == "jour")
        {
            found = Some(i);
        } else if listed(MONTHS, &w) {
            // "6 de mayo de 2022", "3 de março".
            let de = |a: usize| word(a) == "de" && close(a - 1, a) && close(a, a + 1);
            if i > 0 && is_num(i - 1) && close(i - 1, i) {
                found = Some(i - 1);
            } else if i > 1 && is_num(i - 2) && de(i - 1) {
                found = Some(i - 2);
            } else if (i + 1 < toks.len() && is_num(i + 1) && close(i, i + 1))
                || (i + 2 < toks.len() && is_num(i + 2) && de(i + 1))
            {
                found = Some(i);
            }
        } else if is_num(i) && i + 1 < toks.len() && is_num(i + 1) {
            let date = i + 2 < toks.len() && is_num(i + 2) && tight(i, i + 1, "./-") && tight(i + 1, i + 2, "./-");
            let time = tight(i, i + 1, ":") && toks[i].1 - toks[i].0 <= 2;
            if date || time {
                found = Some(i);
            }
        }
        if let Some(mut at) = found {
            // "Tue March 3", "Donnerstag, 4. November 2021": the weekday belongs to the date.
            if at > 0 && listed(WEEKDAYS, &word(at - 1)) && close(at - 1, at) {
                at -= 1;
            }
            return Some(toks[at].0);
        }
    }
    None
}

/// Whether `s` is a date line and nothing more: a date or time, with at most weekdays, the
/// words that introduce dates ("Veröffentlichung:", "Posted on") and little connectors around
/// it ("Donnerstag, 31. Mai 2012", "24.01.2022 11:38", "Veröffentlichung: 2. Februar 2022").
pub(crate) fn is_date_line(s: &str) -> bool {
    if date_start(s).is_none() {
        return false;
    }
    tokens(s).iter().all(|&(a, b)| {
        let w = s[a..b].to_lowercase();
        w.bytes().all(|c| c.is_ascii_digit())
            || listed(MONTHS, &w)
            || listed(WEEKDAYS, &w)
            || DATE_WORDS.contains(&w.as_str())
            || DATE_LINE_WORDS.contains(&w.as_str())
            || CONNECTORS.contains(&w.as_str())
    })
}

/// Words of a date line beyond a byline's date words: labels, clock words, "last updated".
const DATE_LINE_WORDS: &[&str] = &[
    "veröffentlichung",
    "erstellt",
    "stand",
    "geändert",
    "last",
    "uhr",
    "am",
    "pm",
    "a",
    "m",
    "p",
    "h",
    "publié",
    "mis",
    "à",
    "jour",
    "publication",
    "publicación",
    "publicação",
    "pubblicazione",
    "published",
    "created",
    "modified",
];

fn is_weekday_only(s: &str) -> bool {
    listed(WEEKDAYS, &s.trim().trim_end_matches(['.', ',']).to_lowercase())
}

/// The little words and labels that lead to a date in a byline ("on", "am", "Datum:").
const CONNECTORS: &[&str] =
    &["on", "at", "am", "um", "le", "el", "de", "du", "the", "den", "dem", "vom", "date", "datum", "fecha"];

/// The text before a date, without the separators and little words that led to it
/// ("Jane Doe |", "Jane Doe, on", "Moritz Gathmann am").
fn trim_connectors(s: &str) -> String {
    let mut t = s.trim_matches(|c: char| c.is_whitespace() || ",|·•-–—/:;(»«".contains(c)).to_string();
    loop {
        let Some((head, last)) = t.rsplit_once(char::is_whitespace) else {
            if CONNECTORS.contains(&t.to_lowercase().as_str()) {
                t.clear();
            }
            break;
        };
        if !CONNECTORS.contains(&last.to_lowercase().as_str()) {
            break;
        }
        t = head.trim_end_matches(|c: char| c.is_whitespace() || ",|·•-–—/:;(»«".contains(c)).to_string();
    }
    t
}

/// Without a leading "By", "Von", "Par" or "Por" (and a colon after it).
fn strip_by(s: &str) -> String {
    let t = s.trim();
    for by in ["by", "von", "par", "por"] {
        if t.len() > by.len() && t.is_char_boundary(by.len()) && t[..by.len()].eq_ignore_ascii_case(by) {
            let rest = &t[by.len()..];
            if rest.starts_with(|c: char| c.is_whitespace() || c == ':') {
                return rest.trim_start_matches(|c: char| c.is_whitespace() || c == ':').to_string();
            }
        }
    }
    t.to_string()
}

// ---------------------------------------------------------------------------------------------
// Dates in the page

/// The first schema.org microdata `datePublished` outside comments: its `content`, its
/// `datetime` or its text.
fn microdata_date(page: &Page) -> Option<String> {
    page.descendants(page.root())
        .filter(|&n| {
            page.attr(n, "itemprop")
                .map(|p| p.split_whitespace().any(|t| t.eq_ignore_ascii_case("datePublished")))
                .unwrap_or(false)
        })
        .filter(|&n| {
            !page.ancestors(n).any(|a| page.attr(a, "itemtype").map(|t| t.contains("Comment")).unwrap_or(false))
        })
        .find_map(|n| date_value(page, n))
}

/// A date element's value: `content`, `datetime` or an `<abbr>`'s `title` (with a digit in
/// it), else its text when that holds a year ("12:55 AM" alone is no date).
fn date_value(page: &Page, n: NodeId) -> Option<String> {
    let attrs: &[&str] =
        if page.tag(n) == "abbr" { &["content", "datetime", "title"] } else { &["content", "datetime"] };
    let has_year = |t: &str| t.as_bytes().windows(4).any(|w| w.iter().all(u8::is_ascii_digit));
    attrs
        .iter()
        .find_map(|a| page.attr(n, a).map(str::trim).filter(|v| is_date_like(v)))
        .map(str::to_string)
        .or_else(|| Some(page.inner_text(n)).filter(|t| t.chars().count() <= 80 && has_year(t)))
}

/// A date or time as written: digits, and not only digits (an epoch number such as
/// "1651035600" is no date a reader can use).
fn is_date_like(v: &str) -> bool {
    v.bytes().any(|b| b.is_ascii_digit()) && (v.len() <= 8 || !v.bytes().all(|b| b.is_ascii_digit()))
}

/// How far from the title a `<time>` may be, in characters of text between them.
const TIME_NEAR_TITLE: usize = 300;

/// The publication time the page shows: a `<time pubdate>`, else the first `<time>` in the
/// article's `<header>`, else the first one near the title's heading (just after it, or just
/// before it as a dateline above the headline).
fn time_by_title(page: &Page, title: Option<&str>) -> Option<String> {
    let times: Vec<NodeId> = page.elements_tagged(page.root(), "time").collect();
    if times.is_empty() {
        return None;
    }
    if let Some(v) = times.iter().filter(|&&t| page.attr(t, "pubdate").is_some()).find_map(|&t| date_value(page, t)) {
        return Some(v);
    }
    let in_article_header =
        |t: NodeId| page.ancestors(t).any(|a| page.tag(a) == "header" && page.ancestor_tagged(a, "article").is_some());
    if let Some(v) = times.iter().filter(|&&t| in_article_header(t)).find_map(|&t| date_value(page, t)) {
        return Some(v);
    }
    let heading = title_heading(page, title)?;
    let order: Vec<NodeId> = page.descendants(page.root()).collect();
    let at = order.iter().position(|&n| n == heading)?;
    let end = at + page.descendants(heading).count();
    // After the heading, then before it, while little text lies between.
    let mut passed = 0;
    for &n in &order[end..] {
        if page.tag(n) == "time" {
            if let Some(v) = date_value(page, n) {
                return Some(v);
            }
        }
        passed += page.text(n).map(|t| t.trim().chars().count()).unwrap_or(0);
        if passed > TIME_NEAR_TITLE {
            break;
        }
    }
    let mut passed = 0;
    for &n in order[..at].iter().rev() {
        if page.tag(n) == "time" {
            return date_value(page, n);
        }
        passed += page.text(n).map(|t| t.trim().chars().count()).unwrap_or(0);
        if passed > TIME_NEAR_TITLE / 2 {
            break;
        }
    }
    None
}

/// The heading that shows the article's title: an `<h1>` that says the title, else the only
/// `<h1>`, else the first `<h1>` of the `<article>`.
fn title_heading(page: &Page, title: Option<&str>) -> Option<NodeId> {
    let h1s: Vec<NodeId> = page.elements_tagged(page.root(), "h1").collect();
    let said = title.map(|t| fold_whitespace(t).to_lowercase());
    h1s.iter()
        .copied()
        .find(|&h| said.as_deref().map(|t| page.inner_text(h).to_lowercase() == t).unwrap_or(false))
        .or_else(|| (h1s.len() == 1).then(|| h1s[0]))
        .or_else(|| h1s.iter().copied().find(|&h| page.ancestor_tagged(h, "article").is_some()))
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

    #[test]
    fn a_date_line_is_a_date_and_nothing_more() {
        for line in [
            "Donnerstag, 31. Mai 2012",
            "24.01.2022 11:38",
            "Veröffentlichung: 2. Februar 2022",
            "3:59 PM",
            "Posted on March 3, 2020",
        ] {
            assert!(is_date_line(line), "{line}");
        }
        for line in ["On 31 May 2012 the club closed.", "Kapitel 121", "Jane Doe, 3 March 2020", "Mai"] {
            assert!(!is_date_line(line), "{line}");
        }
    }

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
        let m = meta("<title>Nadal keeps Spain alive in Davis Cup - Sportsnet.ca</title>");
        assert_eq!(m.title.as_deref(), Some("Nadal keeps Spain alive in Davis Cup"));
        // Readability's other separators: en and em dashes, paths.
        let m = meta("<title>Nadal keeps Spain alive in Davis Cup – Sportsnet</title>");
        assert_eq!(m.title.as_deref(), Some("Nadal keeps Spain alive in Davis Cup"));
        let m = meta("<title>Nadal keeps Spain alive in Davis Cup » Tennis » Sportsnet</title>");
        assert_eq!(m.title.as_deref(), Some("Nadal keeps Spain alive in Davis Cup » Tennis"));
    }

    #[test]
    fn document_title_loses_a_known_site_name_under_any_separator() {
        let site = r#"<meta property="og:site_name" content="Sportsnet">"#;
        let m = meta(&format!("<title>Spain keeps its Cup hopes alive · Sportsnet</title>{site}"));
        assert_eq!(m.title.as_deref(), Some("Spain keeps its Cup hopes alive"));
        // Not a separator Readability knows, and no known name: kept whole.
        let m = meta("<title>Spain keeps its Cup hopes alive · Sportsnet</title>");
        assert_eq!(m.title.as_deref(), Some("Spain keeps its Cup hopes alive · Sportsnet"));
        // Readability's cut comes first, then the name: the section does not stay behind.
        let m = meta(&format!("<title>Spain keeps its Cup hopes alive – Tennis · Sportsnet</title>{site}"));
        assert_eq!(m.title.as_deref(), Some("Spain keeps its Cup hopes alive"));
    }

    #[test]
    fn document_title_is_kept_whole_when_too_little_would_remain() {
        let m = meta("<title>Short - Site</title>");
        assert_eq!(m.title.as_deref(), Some("Short - Site"), "too short after cutting: keep whole");
        // Four words or fewer left: the separator may be the title's own.
        let m = meta("<title>Spain beats Croatia again | Sportsnet</title>");
        assert_eq!(m.title.as_deref(), Some("Spain beats Croatia again | Sportsnet"));
        // Even a known site's name stays when one short word would be all that is left.
        let m = meta(
            r#"<title>Penny - Stardew Valley Wiki</title><meta property="og:site_name" content="Stardew Valley Wiki">"#,
        );
        assert_eq!(m.title.as_deref(), Some("Penny - Stardew Valley Wiki"));
    }

    #[test]
    fn document_title_loses_a_site_prefix() {
        // The part before the last separator is under 3 words: the site came first.
        let m = meta("<title>Sportsnet | Nadal keeps Spain alive in Davis Cup</title>");
        assert_eq!(m.title.as_deref(), Some("Nadal keeps Spain alive in Davis Cup"));
        // A path whose last step is a short title keeps that step ("News » Title").
        let m = meta("<title>News » Spain keeps Cup hopes</title>");
        assert_eq!(m.title.as_deref(), Some("Spain keeps Cup hopes"));
        // Two words before the last separator are too few, and as few after it: the whole
        // title, then without the site's name.
        let m =
            meta(r#"<title>sportsnet.ca // » Spain wins</title><meta property="og:site_name" content="Sportsnet.ca">"#);
        assert_eq!(m.title.as_deref(), Some("Spain wins"));
    }

    #[test]
    fn document_title_after_a_colon() {
        let m = meta("<title>Sportsnet: Nadal keeps Spain alive in Davis Cup</title>");
        assert_eq!(m.title.as_deref(), Some("Nadal keeps Spain alive in Davis Cup"));
        // The page's heading repeats the whole title: the colon is the title's own.
        let m = meta(
            "<title>Tennis: Nadal keeps Spain alive in Davis Cup</title>\
             <body><h1>Tennis: Nadal keeps Spain alive in Davis Cup</h1></body>",
        );
        assert_eq!(m.title.as_deref(), Some("Tennis: Nadal keeps Spain alive in Davis Cup"));
        // A long sentence before the colon is the title itself.
        let m = meta("<title>Why the old harbour bridge will close for a year: the plan explained</title>");
        assert_eq!(m.title.as_deref(), Some("Why the old harbour bridge will close for a year: the plan explained"));
        // Too little after the last colon: everything after the first.
        let m = meta("<title>Live: Nadal keeps Spain alive in Davis Cup: updates</title>");
        assert_eq!(m.title.as_deref(), Some("Nadal keeps Spain alive in Davis Cup: updates"));
        // Readability counts the space after the colon as a word: " Spain v Croatia" is not too
        // short, and then 3 words are too few to be the title.
        let m = meta("<title>Live: Davis Cup: Spain v Croatia</title>");
        assert_eq!(m.title.as_deref(), Some("Live: Davis Cup: Spain v Croatia"));
    }

    #[test]
    fn a_title_too_short_or_too_long_gives_way_to_the_only_h1() {
        let m = meta("<title>Sportsnet</title><body><h1>Nadal keeps Spain alive in Davis Cup</h1></body>");
        assert_eq!(m.title.as_deref(), Some("Nadal keeps Spain alive in Davis Cup"));
        let m = meta("<title>Sportsnet</title><body><h1>One</h1><h1>Two</h1></body>");
        assert_eq!(m.title.as_deref(), Some("Sportsnet"));
    }

    #[test]
    fn a_meta_title_loses_the_known_site_name_only() {
        let og = |title: &str, extra: &str| {
            meta(&format!(r#"<head><meta property="og:title" content="{title}">{extra}</head>"#)).title.unwrap()
        };
        let site = r#"<meta property="og:site_name" content="Sportsnet.ca">"#;
        assert_eq!(
            og("Nadal keeps Spain alive in Davis Cup - Sportsnet.ca", site),
            "Nadal keeps Spain alive in Davis Cup"
        );
        // Named by the host alone (og:url or the page's address).
        let host = r#"<meta property="og:url" content="https://www.sportsnet.ca/tennis/nadal/">"#;
        assert_eq!(
            og("Nadal keeps Spain alive in Davis Cup | SPORTSNET", host),
            "Nadal keeps Spain alive in Davis Cup"
        );
        // Separators Readability does not know, and the name before the title.
        assert_eq!(
            og("Nadal keeps Spain alive in Davis Cup · Sportsnet.ca", site),
            "Nadal keeps Spain alive in Davis Cup"
        );
        assert_eq!(og("Nadal keeps Spain alive :: Sportsnet", site), "Nadal keeps Spain alive");
        assert_eq!(og("Sportsnet: Nadal keeps Spain alive", site), "Nadal keeps Spain alive");
        let legal = r#"<meta property="og:site_name" content="The St.Galler Tagblatt AG">"#;
        assert_eq!(og("Tanz in der Lokremise | St.Galler Tagblatt", legal), "Tanz in der Lokremise");
        // An unknown last part is the title's own: a meta title is kept as written.
        assert_eq!(
            og("Sazerac - alles über den Cocktail-Klassiker aus New Orleans", site),
            "Sazerac - alles über den Cocktail-Klassiker aus New Orleans"
        );
        assert_eq!(
            og("Nadal keeps Spain alive in Davis Cup - Tennis", site),
            "Nadal keeps Spain alive in Davis Cup - Tennis"
        );
        // A "site name" that is the whole title (some pages put it in application-name) names nothing.
        let same = r#"<meta name="application-name" content="Cup preview: Stans await a derby - Handball">"#;
        assert_eq!(
            og("Cup preview: Stans await a derby - Handball", same),
            "Cup preview: Stans await a derby - Handball"
        );
    }

    #[test]
    fn a_json_ld_headline_is_kept_a_page_name_is_cleaned() {
        let ld = |item: &str| {
            meta(&format!(
                r#"<meta property="og:site_name" content="Sportsnet"><script type="application/ld+json">{item}</script>"#
            ))
            .title
            .unwrap()
        };
        let headline = r#"{"@type":"NewsArticle","headline":"Nadal keeps Spain alive - Sportsnet"}"#;
        assert_eq!(ld(headline), "Nadal keeps Spain alive - Sportsnet");
        let page = r#"{"@type":"WebPage","name":"Nadal keeps Spain alive - Sportsnet"}"#;
        assert_eq!(ld(page), "Nadal keeps Spain alive");
    }

    #[test]
    fn bylines_lose_their_dates() {
        let clean = |s: &str| clean_byline(s);
        assert_eq!(clean("By Jane Doe, Updated 5:03 PM EST, Tue March 3, 2020").as_deref(), Some("Jane Doe"));
        assert_eq!(clean("Jane Doe | March 3, 2020").as_deref(), Some("Jane Doe"));
        assert_eq!(clean("By Jane Doe on 3 March 2020").as_deref(), Some("Jane Doe"));
        assert_eq!(clean("Jane Doe\n   2020-03-03").as_deref(), Some("Jane Doe"));
        assert_eq!(clean("Jane Doe — 03/03/2020 17:03").as_deref(), Some("Jane Doe"));
        assert_eq!(clean("Nicole Collignon22. Februar 2020").as_deref(), Some("Nicole Collignon"));
        assert_eq!(
            clean("Von Isabella Berg am Samstag, 19. Oktober 2019 um 11:14 Uhr").as_deref(),
            Some("Isabella Berg")
        );
        assert_eq!(clean("Par Sébastien Farcis, publié le 30/04/2015").as_deref(), Some("Sébastien Farcis"));
        assert_eq!(clean("Por Ana Ruiz | 6 de mayo de 2022").as_deref(), Some("Ana Ruiz"));
        assert_eq!(clean("By Jane Doe, Last updated: March 4").as_deref(), Some("Jane Doe"));
        // The date first, the name after it.
        assert_eq!(clean("29. Juni 2017, 23:39 · von Tobi").as_deref(), Some("Tobi"));
        // Only a date: no byline.
        assert_eq!(clean("17 April 2012 • 2:54pm"), None);
        assert_eq!(clean("Donnerstag, 4. November 2021"), None);
        assert_eq!(clean("Published on"), None);
    }

    #[test]
    fn bylines_without_a_date_are_left_as_written() {
        // Readability keeps "By": so does Folio when there is no date to take away.
        for b in
            ["By Jane Doe", "Von Jule Radeck", "Stella Kim, Jennifer Jett", "April Smith, May Jones", "freeman1984"]
        {
            assert_eq!(clean_byline(b).as_deref(), Some(b));
        }
        assert_eq!(clean_byline("  "), None);
    }

    #[test]
    fn meta_bylines_are_cleaned() {
        let m = meta(r#"<head><meta name="author" content="By Jane Doe | March 3, 2020"></head>"#);
        assert_eq!(m.byline.as_deref(), Some("Jane Doe"));
        let m = meta(r#"<head><meta name="author" content="By Jane Doe"></head>"#);
        assert_eq!(m.byline.as_deref(), Some("By Jane Doe"));
    }

    #[test]
    fn published_time_from_microdata() {
        let time = |html: &str| meta(html).published_time;
        assert_eq!(
            time(r#"<meta itemprop="datePublished" content="2020-03-03T17:03:00Z">"#).as_deref(),
            Some("2020-03-03T17:03:00Z")
        );
        assert_eq!(
            time(r#"<p>On <time itemprop="datePublished" datetime="2020-03-03">3 March</time></p>"#).as_deref(),
            Some("2020-03-03")
        );
        assert_eq!(time(r#"<span itemprop="datePublished"> March 3, 2020 </span>"#).as_deref(), Some("March 3, 2020"));
        assert_eq!(
            time(r#"<abbr itemprop="datePublished" title="2020-03-03T00:55:00-07:00">12:55 AM</abbr>"#).as_deref(),
            Some("2020-03-03T00:55:00-07:00")
        );
        // Several properties in one itemprop.
        assert_eq!(
            time(r#"<span itemprop="dateCreated datePublished" content="2020-03-03">x</span>"#).as_deref(),
            Some("2020-03-03")
        );
        // A comment's date is not the article's; a time of day alone is no date.
        assert_eq!(
            time(
                r#"<div itemscope itemtype="https://schema.org/Comment"><span itemprop="datePublished">2020-03-04</span></div>"#
            ),
            None
        );
        assert_eq!(time(r#"<span itemprop="datePublished">12:55 AM</span>"#), None);
        // JSON-LD and meta tags come first.
        let both = r#"<meta property="article:published_time" content="2020-01-01"><meta itemprop="datePublished" content="2020-03-03">"#;
        assert_eq!(time(both).as_deref(), Some("2020-01-01"));
    }

    #[test]
    fn published_time_from_a_time_element() {
        let time = |html: &str| meta(html).published_time;
        let long = "<p>A paragraph of the article long enough to stand between a heading and a later date, and then some more words to pass three hundred characters of text, which is what near means here: the byline line, not the end of the story where a comment or a related link carries its own time stamp for another article entirely.</p>";
        // <time pubdate>, wherever it is.
        let html =
            format!(r#"<h1>Title of the story</h1>{long}<time pubdate datetime="2020-03-03T17:03">3 March</time>"#);
        assert_eq!(time(&html).as_deref(), Some("2020-03-03T17:03"));
        // The first <time> in the article's header.
        let html = format!(
            r#"<article><header><h2>Kicker</h2><time datetime="2020-03-03">3 March</time></header>{long}<time datetime="2021-01-01">x</time></article>"#
        );
        assert_eq!(time(&html).as_deref(), Some("2020-03-03"));
        // Near the title: just after the heading, or a dateline just above it.
        let html = format!(
            r#"<title>Title of the story</title><h1>Title of the story</h1><p>By Jane Doe, <time datetime="2020-03-03">3 March</time></p>{long}"#
        );
        assert_eq!(time(&html).as_deref(), Some("2020-03-03"));
        let html = format!(r#"<div><time datetime="2020-03-03">3 March</time></div><h1>Title of the story</h1>{long}"#);
        assert_eq!(time(&html).as_deref(), Some("2020-03-03"));
        // Far from the title, in a sidebar or under comments: not the article's date.
        let html =
            format!(r#"<h1>Title of the story</h1>{long}<aside><time datetime="2020-03-03">3 March</time></aside>"#);
        assert_eq!(time(&html), None);
        // A <time> whose datetime is an epoch number gives its text, when that is a date.
        let html = r#"<h1>Title of the story</h1><time datetime="1651035600">27/04/2022 00:00</time>"#;
        assert_eq!(time(html).as_deref(), Some("27/04/2022 00:00"));
        // Meta tags come first.
        let html = r#"<meta property="article:published_time" content="2020-01-01"><h1>T</h1><time datetime="2020-03-03">x</time>"#;
        assert_eq!(time(html).as_deref(), Some("2020-01-01"));
    }

    /// The saved pages of `tests/fixtures/metadata`, each with the fields it must give.
    #[test]
    fn metadata_fixtures() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/metadata");
        let mut pages: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "html"))
            .collect();
        pages.sort();
        assert!(pages.len() >= 3, "{}", dir.display());
        for page in pages {
            let html = std::fs::read_to_string(&page).unwrap();
            let want: Value =
                serde_json::from_str(&std::fs::read_to_string(page.with_extension("json")).unwrap()).unwrap();
            let m = read(&crate::input::html::parse(&html, None).unwrap());
            let name = page.file_name().unwrap().to_string_lossy().to_string();
            for (field, got) in [
                ("title", &m.title),
                ("byline", &m.byline),
                ("siteName", &m.site_name),
                ("publishedTime", &m.published_time),
            ] {
                assert_eq!(got.as_deref(), want[field].as_str(), "{name}: {field}");
            }
        }
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
    fn withheld_parts_are_capped() {
        let parts: Vec<String> = (0..5000)
            .map(|i| format!(r#"{{"@type":"WebPageElement","isAccessibleForFree":false,"cssSelector":".p{i}"}}"#))
            .collect();
        let m = meta(&format!(
            r#"<script type="application/ld+json">{{"@type":"NewsArticle","isAccessibleForFree":false,"hasPart":[{}]}}</script>"#,
            parts.join(",")
        ));
        let got = m.paywalled_parts.expect("the mark is read");
        assert_eq!(got.len(), MAX_WITHHELD_PARTS);
        assert_eq!(got[0], ".p0");
    }

    #[test]
    fn broken_json_ld_is_ignored() {
        let m =
            meta(r#"<title>Fine title for this page</title><script type="application/ld+json">{"@type": </script>"#);
        assert_eq!(m.title.as_deref(), Some("Fine title for this page"));
    }
}
