//! Folio's core: a page model, article extraction and the detectors, and the report they make.
//! Plain Rust over the page model; `html` fills it from saved pages, `snapshot` from the live DOM.

pub mod article;
pub mod declutter;
pub mod detect;
pub mod extract;
pub mod images;
pub mod metadata;
pub mod page;
pub mod report;
pub mod rules;
pub mod selector;
pub mod snapshot;
pub mod style;
pub mod text;

#[cfg(not(target_arch = "wasm32"))]
pub mod bench;
#[cfg(not(target_arch = "wasm32"))]
pub mod decode;
#[cfg(not(target_arch = "wasm32"))]
pub mod eval;
#[cfg(not(target_arch = "wasm32"))]
pub mod html;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use page::{NodeId, Page};
pub use report::{Removal, RemovalKind, Report, Wall};

/// Why a page gave no report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The input is not a readable HTML page (empty, binary, undecodable).
    Unreadable(String),
    /// The page is readable but holds no article.
    NoArticle(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Unreadable(why) => write!(f, "unreadable input: {why}"),
            Error::NoArticle(why) => write!(f, "no article: {why}"),
        }
    }
}

impl std::error::Error for Error {}

/// A page analysed: the report, and the worked page with the article's root for rendering.
pub struct Analysis {
    pub report: Report,
    pub page: Page,
    pub article: Option<NodeId>,
}

/// What the user asks of an analysis beyond the defaults.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// The user's own hide and keep rules (those for the page's host apply).
    pub rules: Option<&'a rules::RuleSet>,
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
/// containers) from every removal.
fn apply_rules(page: &Page, set: &rules::RuleSet, findings: &mut detect::Findings) {
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
        for node in sel.select(page, page.root()) {
            let reason = format!("your rule (line {}): {}", rule.line, rule.selector);
            findings.removals.push(detect::Finding::new(page, node, RemovalKind::Rule, reason));
        }
    }
    findings.removals.retain(|f| !shields(f.node));
    findings.edits.retain(|e| !kept.iter().any(|&k| page.is_inside(e.node, k)));
    detect::keep_outermost(page, &mut findings.removals);
}

/// Runs detection (with the user's rules) and extraction over a page and makes the report.
pub fn analyse_with(page: Page, opts: Options) -> Analysis {
    let meta = metadata::read(&page);
    let findings = findings(&page, &meta, opts);
    let readerable = extract::is_readerable(&page);

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

    let hints = extract::Hints { title: meta.title.as_deref(), site_name: meta.site_name.as_deref() };
    let grabbed = extract::grab(&cleaned, hints);
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
        content: String::new(),
        text_content: String::new(),
        wall: findings.wall,
        removed,
    };
    let Some((worked, grabbed)) = grabbed else {
        return Analysis { report, page: cleaned, article: None };
    };
    let (content, text) = article::render(&worked, grabbed.root);
    report.byline = report.byline.or(grabbed.byline.map(|b| text::fold_whitespace(&b)));
    report.dir = grabbed.dir;
    if report.excerpt.is_none() {
        report.excerpt =
            worked.elements_tagged(grabbed.root, "p").map(|p| worked.inner_text(p)).find(|t| !t.is_empty());
    }
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
    if html.trim().is_empty() {
        return Err(Error::Unreadable("the page is empty".into()));
    }
    let page = html::parse(html, url).map_err(|e| Error::Unreadable(e.to_string()))?;
    let analysis = analyse_with(page, opts);
    if analysis.article.is_none() || analysis.report.text_content.trim().is_empty() {
        return Err(Error::NoArticle("no article text was found on the page".into()));
    }
    Ok(analysis.report)
}

/// The visible text of an HTML fragment or page, one block per line block, a blank line between
/// blocks (the same shape as `Report::text_content`). Used to compare against reference output.
#[cfg(not(target_arch = "wasm32"))]
pub fn text_of_html(html: &str) -> Result<String, html::TooDeep> {
    let page = html::parse(html, None)?;
    Ok(article::render(&page, page.root()).1)
}
