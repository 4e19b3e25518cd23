//! The pipeline over one page: metadata and the detectors (with the user's rules) read it, what
//! they found is left out, extraction finds the article in the rest, and the report is made.

#[cfg(not(target_arch = "wasm32"))]
use crate::input::html;
use crate::page::{self, NodeId, Page};
use crate::render::article;
use crate::report::{Removal, RemovalKind, Report};
#[cfg(not(target_arch = "wasm32"))]
use crate::Error;
use crate::{detect, metadata, rules, Options};

/// A page analysed: the report, and the worked page with the article's root for rendering.
pub struct Analysis {
    pub report: Report,
    pub page: Page,
    pub article: Option<NodeId>,
}

/// Runs detection and extraction over a page and makes the report.
pub fn analyse(page: Page) -> Analysis {
    analyse_with(page, Options::default())
}

/// The findings of the detectors and of the user's rules on the page as delivered.
pub fn findings(page: &Page, meta: &metadata::Metadata, opts: Options) -> detect::Findings {
    let mut findings = detect::run(page, meta);
    if let Some(set) = opts.rules {
        apply_rules(page, set, &mut findings);
    }
    findings
}

/// Hide rules add removals of their own; keep rules shield what they match (and so its
/// containers) from every removal. A hide rule never takes the document, `<html>`, `<body>`
/// or an element holding most of the page's prose: never lose the article.
fn apply_rules(page: &Page, set: &rules::RuleSet, findings: &mut detect::Findings) {
    let guard = detect::ArticleGuard::new(page);
    let host = page.url.as_deref().and_then(rules::host_of);
    let host = host.as_deref();
    let kept: Vec<NodeId> = set
        .applying(host, rules::RuleKind::Keep)
        .filter_map(|r| r.selector())
        .flat_map(|s| s.select(page, page.root()))
        .collect();
    let shields = |node: NodeId| kept.iter().any(|&k| page.is_inside(k, node));
    for rule in set.applying(host, rules::RuleKind::Hide) {
        let Some(sel) = rule.selector() else { continue };
        for node in sel.select(page, page.root()).into_iter().filter(|&n| !guard.holds_most(page, n)) {
            let reason = format!("your rule (line {}): {}", rule.line, rule.selector);
            findings.removals.push(detect::Finding::new(page, node, RemovalKind::Rule, reason));
        }
    }
    detect::spare_the_document(page, &mut findings.removals);
    findings.removals.retain(|f| !shields(f.node));
    findings.edits.retain(|e| !kept.iter().any(|&k| page.is_inside(e.node, k)));
    detect::keep_outermost(page, &mut findings.removals);
}

/// Runs detection (with the user's rules) and extraction over a page and makes the report.
pub fn analyse_with(page: Page, opts: Options) -> Analysis {
    let meta = metadata::read(&page);
    let findings = findings(&page, &meta, opts);
    let readerable = crate::extract::is_readerable(&page);

    // Leave out what the detectors found, then look for the article in what remains.
    let mut cleaned = page;
    let mut removed: Vec<Removal> = Vec::new();
    for f in &findings.removals {
        cleaned.detach(f.node);
        removed.push(f.removal.clone());
    }
    for e in &findings.edits {
        if let Some(page::NodeData::Text(_)) = Some(cleaned.data(e.node)) {
            let fresh = cleaned.create(page::NodeData::Text(e.text.clone()));
            cleaned.replace(e.node, fresh);
            removed.extend(e.removal.clone());
        }
    }

    let hints = crate::extract::Hints { title: meta.title.as_deref(), site_name: meta.site_name.as_deref() };
    let grabbed = crate::extract::grab(&cleaned, hints);
    let mut report = Report {
        title: meta.title.clone(),
        byline: meta.byline.clone(),
        site_name: meta.site_name.clone(),
        published_time: meta.published_time.clone(),
        lang: meta.lang.clone(),
        dir: None,
        excerpt: meta.excerpt.clone(),
        lead_image: meta.lead_image.clone(),
        readerable,
        has_article: false,
        content: String::new(),
        text_content: String::new(),
        wall: findings.wall,
        removed,
    };
    let Some((worked, grabbed)) = grabbed else {
        return Analysis { report, page: cleaned, article: None };
    };
    let (content, text) = article::render(&worked, grabbed.root);
    report.byline = report.byline.or(grabbed.byline.and_then(|b| metadata::clean_byline(&b)));
    report.dir = grabbed.dir;
    if report.excerpt.is_none() {
        report.excerpt =
            worked.elements_tagged(grabbed.root, "p").map(|p| worked.inner_text(p)).find(|t| !t.is_empty());
    }
    // Decided on the rendered text: extraction may hold text the allow-list drops.
    report.has_article = crate::extract::is_article(&worked, grabbed.root, &text);
    report.content = content;
    report.text_content = text;
    Analysis { report, page: worked, article: Some(grabbed.root) }
}

/// Extracts the article from a saved HTML page. `url` is the page's address, used to make
/// links and images absolute.
#[cfg(not(target_arch = "wasm32"))]
pub fn extract(html: &str, url: Option<&str>) -> Result<Report, Error> {
    extract_with(html, url, Options::default())
}

/// `extract` with the user's options (their rules).
#[cfg(not(target_arch = "wasm32"))]
pub fn extract_with(html: &str, url: Option<&str>, opts: Options) -> Result<Report, Error> {
    analyse_html(html, url, opts).map(|a| a.report)
}

/// `extract_with` keeping the worked page and the article's root, to render the article again
/// another way (as Markdown). The same errors: unreadable input, no article.
#[cfg(not(target_arch = "wasm32"))]
pub fn analyse_html(html: &str, url: Option<&str>, opts: Options) -> Result<Analysis, Error> {
    if html.trim().is_empty() {
        return Err(Error::Unreadable("the page is empty".into()));
    }
    let page = html::parse(html, url).map_err(|e| Error::Unreadable(e.to_string()))?;
    let analysis = analyse_with(page, opts);
    if !analysis.report.has_article {
        return Err(Error::NoArticle("no article text was found on the page".into()));
    }
    Ok(analysis)
}

/// The visible text of an HTML fragment or page, one block per line block, a blank line between
/// blocks (the same shape as `Report::text_content`). Used to compare against reference output.
#[cfg(not(target_arch = "wasm32"))]
pub fn text_of_html(html: &str) -> Result<String, html::TooDeep> {
    let page = html::parse(html, None)?;
    Ok(article::render(&page, page.root()).1)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    const PROSE: &str = "<p>Some sentence of prose that goes on, and on, for a while here, long enough to count.</p>";

    fn extract_with_rules(html: &str, rules_text: &str) -> Result<Report, Error> {
        let set = rules::parse(rules_text);
        extract_with(html, Some("https://www.e.com/a"), Options { rules: Some(&set) })
    }

    #[test]
    fn no_rule_takes_the_document_or_most_of_the_prose() {
        let html = format!("<body class=page><div class=wrap><article class=story>{}</article></div><aside class=side><p>Side note.</p></aside></body>", PROSE.repeat(8));
        for rule in ["##body", "##html", "##.page", "##.wrap", "##.story", "##div"] {
            let report = extract_with_rules(&html, rule).unwrap_or_else(|e| panic!("{rule}: {e}"));
            assert!(report.text_content.contains("Some sentence of prose"), "{rule} took the article");
            assert!(report.removed.is_empty(), "{rule} was applied: {:?}", report.removed);
        }
        // A rule on what is not the article still applies.
        let report = extract_with_rules(&html, "##.side").unwrap();
        assert_eq!(report.removed.len(), 1);
    }
}
