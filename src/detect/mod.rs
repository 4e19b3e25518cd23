//! The detectors: subscription walls, ads, promotion and duplicated captions, each a pure
//! function over the page that says which nodes to leave out and why.

pub mod ads;
pub mod captions;
pub mod promo;
pub mod wall;

use crate::metadata::Metadata;
use crate::page::metrics::prose_len;
use crate::page::text::{class_word, sample};
use crate::page::{NodeId, Page};
use crate::report::{Removal, RemovalKind, Wall};

/// One node to leave out of the reader view, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub node: NodeId,
    pub removal: Removal,
}

impl Finding {
    pub fn new(page: &Page, node: NodeId, kind: RemovalKind, reason: impl Into<String>) -> Finding {
        Finding { node, removal: Removal { kind, reason: reason.into(), text: sample(&page.spaced_text(node), 80) } }
    }
}

/// A text node whose text is to be replaced (a caption printed twice within one text). The
/// removal is None when the same fault was already reported by another finding.
#[derive(Debug, Clone, PartialEq)]
pub struct TextEdit {
    pub node: NodeId,
    pub text: String,
    pub removal: Option<Removal>,
}

/// What all detectors found on a page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Findings {
    pub removals: Vec<Finding>,
    pub edits: Vec<TextEdit>,
    pub wall: Wall,
}

/// Runs every detector over the page as it was delivered.
pub fn run(page: &Page, meta: &Metadata) -> Findings {
    let guard = ArticleGuard::new(page);
    let (wall, wall_nodes) = wall::detect(page, meta, &guard);
    let mut removals = wall_nodes;
    removals.extend(ads::detect(page, &guard));
    removals.extend(promo::detect(page, &guard));
    let (caption_nodes, edits) = captions::detect(page, &guard);
    removals.extend(caption_nodes);
    spare_the_document(page, &mut removals);
    keep_outermost(page, &mut removals);
    Findings { removals, edits, wall }
}

/// No detector removes the document, `<html>` or `<body>`: whatever their classes say (feature
/// flags, scroll locks, a site's state), removing them removes the whole page.
pub fn spare_the_document(page: &Page, removals: &mut Vec<Finding>) {
    removals.retain(|f| !is_document_node(page, f.node));
}

/// The document root, the `<html>` element or the `<body>` element (also an `html` or `body`
/// element that is not where a parser would put it).
fn is_document_node(page: &Page, node: NodeId) -> bool {
    node == page.root()
        || page.html_element() == Some(node)
        || page.body() == Some(node)
        || matches!(page.tag(node), "html" | "body")
}

/// One removal per node; the outermost wins, inner ones are already gone with it.
pub fn keep_outermost(page: &Page, removals: &mut Vec<Finding>) {
    removals.sort_by_key(|f| f.node);
    removals.dedup_by_key(|f| f.node);
    let ids: Vec<NodeId> = removals.iter().map(|f| f.node).collect();
    removals.retain(|f| !page.ancestors(f.node).any(|a| ids.binary_search(&a).is_ok()));
}

/// Keeps detectors off the article itself: a node holding much of the page's prose is never
/// clutter, whatever its class names say.
pub struct ArticleGuard {
    prose_total: usize,
    /// Non-whitespace characters below each node (`Page::dense_text_sizes`).
    dense: Vec<u32>,
}

impl ArticleGuard {
    pub fn new(page: &Page) -> ArticleGuard {
        ArticleGuard { prose_total: prose_len(page, page.root()), dense: page.dense_text_sizes() }
    }

    /// Whether the node's text may be shorter than `max` characters (false: surely not), at
    /// the cost of a table look-up.
    pub fn may_be_shorter(&self, node: NodeId, max: usize) -> bool {
        self.dense.get(node.0 as usize).map(|&d| (d as usize) < max).unwrap_or(true)
    }

    /// How many non-whitespace characters lie below `node`: a lower bound on its text's length.
    pub fn dense(&self, node: NodeId) -> usize {
        self.dense.get(node.0 as usize).map(|&d| d as usize).unwrap_or(0)
    }

    /// Whether `node` holds most (over half) of the page's prose: no finding, a user's rule
    /// included, may take it.
    pub fn holds_most(&self, page: &Page, node: NodeId) -> bool {
        let prose = prose_len(page, node);
        prose > 0 && prose * 2 > self.prose_total
    }

    /// Whether removing `node` would take a real share of the article's prose with it.
    pub fn holds_article(&self, page: &Page, node: NodeId) -> bool {
        let prose = prose_len(page, node);
        prose >= 600 && prose * 4 >= self.prose_total
    }
}

/// Whether a class or id token of `node` is named by one of `words`: the detectors' one test
/// of class and id words, whole parts of one token (`page::text::class_word` gives the rule).
pub(crate) fn has_class_word(page: &Page, node: NodeId, words: &[&str]) -> bool {
    class_word(&page.class_and_id(node), words).is_some()
}

/// Rewrites the page as a CSS-modules or styled-components build would ship it: every class
/// and id token becomes a stable hash of itself (`sc-` and six hex digits of its FNV-1a hash,
/// so the same token gives the same name everywhere in the page and the page keeps its
/// structure), and JSON-LD `cssSelector`s follow. `data-*`, `aria-*`, `role` and `itemprop`
/// stay: sites do not hash them. Used by `folio detectors --scramble` to check that the
/// detectors work from structure, text and layout, with class words only as extra weight.
pub fn hash_class_names(page: &mut Page) {
    let nodes: Vec<NodeId> = page.descendants(page.root()).collect();
    for n in nodes {
        let json_ld =
            page.tag(n) == "script" && page.attr(n, "type").is_some_and(|t| t.to_ascii_lowercase().contains("ld+json"));
        if let Some(el) = page.element_mut(n) {
            for name in ["class", "id"] {
                if let Some(v) = el.attr(name) {
                    let hashed: Vec<String> = v.split_whitespace().map(hashed_name).collect();
                    el.set_attr(name, &hashed.join(" "));
                }
            }
        }
        if json_ld {
            for t in page.children(n).to_vec() {
                let Some(text) = page.text(t) else { continue };
                let raw = text.trim().trim_start_matches("<![CDATA[").trim_end_matches("]]>");
                let Ok(mut v) = serde_json::from_str::<serde_json::Value>(raw) else { continue };
                if hash_selectors_in(&mut v, 0) {
                    let fresh = page.create(crate::page::NodeData::Text(v.to_string()));
                    page.replace(t, fresh);
                }
            }
        }
    }
}

/// `sc-` and six hex digits of the FNV-1a hash of `token`.
pub fn hashed_name(token: &str) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for b in token.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    format!("sc-{:06x}", h & 0x00ff_ffff)
}

/// Hashes the class and id names in every `cssSelector` of a JSON-LD value; says whether any
/// changed.
fn hash_selectors_in(v: &mut serde_json::Value, depth: usize) -> bool {
    use serde_json::Value;
    if depth > 64 {
        return false;
    }
    let mut changed = false;
    match v {
        Value::Object(map) => {
            for (k, x) in map.iter_mut() {
                if k == "cssSelector" {
                    let sels: Vec<&mut Value> = match x {
                        Value::Array(a) => a.iter_mut().collect(),
                        other => vec![other],
                    };
                    for s in sels {
                        if let Value::String(sel) = s {
                            let new = hash_selector(sel);
                            changed |= new != *sel;
                            *sel = new;
                        }
                    }
                } else {
                    changed |= hash_selectors_in(x, depth + 1);
                }
            }
        }
        Value::Array(a) => {
            for x in a {
                changed |= hash_selectors_in(x, depth + 1);
            }
        }
        _ => {}
    }
    changed
}

/// A selector with each `.class` and `#id` name hashed as `hashed_name` hashes it.
fn hash_selector(sel: &str) -> String {
    let is_name = |c: char| c.is_alphanumeric() || c == '-' || c == '_' || !c.is_ascii();
    let mut out = String::with_capacity(sel.len());
    let mut rest = sel;
    while let Some(i) = rest.find(['.', '#']) {
        out.push_str(&rest[..=i]);
        let after = &rest[i + 1..];
        let end = after.find(|c: char| !is_name(c)).unwrap_or(after.len());
        if end > 0 {
            out.push_str(&hashed_name(&after[..end]));
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// The first of `phrases` that the lowercased text starts with.
pub(crate) fn starts_with_phrase<'a>(text: &str, phrases: &[&'a str]) -> Option<&'a str> {
    let lower = text.to_lowercase();
    phrases.iter().copied().find(|p| lower.starts_with(p))
}

/// The first of `phrases` that the lowercased text contains.
pub(crate) fn contains_phrase<'a>(text: &str, phrases: &[&'a str]) -> Option<&'a str> {
    let lower = text.to_lowercase();
    phrases.iter().copied().find(|p| lower.contains(p))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn page(html: &str) -> Page {
        crate::input::html::parse(html, Some("https://n.example/a")).unwrap()
    }

    fn finding(page: &Page, node: NodeId) -> Finding {
        Finding::new(page, node, RemovalKind::Promo, "test")
    }

    fn spared(page: &Page, node: NodeId) -> bool {
        let mut removals = vec![finding(page, node)];
        spare_the_document(page, &mut removals);
        removals.is_empty()
    }

    const HTML: &str = "<html class=f_lightbox_copies_on><body class=\"f_lightbox_copies_on promo ad\"><div class=promo>x</div></body></html>";

    #[test]
    fn the_document_root_is_never_removed() {
        let p = page(HTML);
        assert!(spared(&p, p.root()));
    }

    #[test]
    fn the_html_element_is_never_removed() {
        let p = page(HTML);
        assert!(spared(&p, p.html_element().unwrap()));
    }

    #[test]
    fn the_body_is_never_removed() {
        let p = page(HTML);
        assert!(spared(&p, p.body().unwrap()));
        // Other elements are left to the detectors.
        let div = p.find_tag(p.root(), "div").unwrap();
        assert!(!spared(&p, div));
    }

    #[test]
    fn a_body_full_of_class_words_stays() {
        let p = page("<html class=\"paywall-open ad promo lightbox\"><body class=\"f_lightbox_copies_on lightbox paywall promo ad-free\"><figure><img src=a.jpg><figcaption>A six-metre tapestry hangs in the shed</figcaption></figure><p>Some text of the article.</p></body></html>");
        let f = run(&p, &crate::metadata::read(&p));
        for r in &f.removals {
            assert!(!matches!(p.tag(r.node), "html" | "body") && r.node != p.root(), "{:?}", r.removal);
        }
    }

    #[test]
    fn hashed_names_are_stable_and_keep_other_attributes() {
        let mut p = page(
            r#"<script type="application/ld+json">{"@type":"NewsArticle","isAccessibleForFree":false,"hasPart":[{"@type":"WebPageElement","isAccessibleForFree":false,"cssSelector":".paid"},{"@type":"WebPageElement","isAccessibleForFree":false,"cssSelector":"div#x.paid"}]}</script><div class="promo paid" id=x data-ad="1" role=note aria-label=y itemprop=z>t</div><p class=paid>u</p>"#,
        );
        hash_class_names(&mut p);
        let div = p.find_tag(p.root(), "div").unwrap();
        let para = p.find_tag(p.root(), "p").unwrap();
        let paid = hashed_name("paid");
        assert_eq!(p.attr(div, "class"), Some(format!("{} {paid}", hashed_name("promo")).as_str()));
        assert_eq!(p.attr(para, "class"), Some(paid.as_str()));
        assert_eq!(p.attr(div, "id"), Some(hashed_name("x").as_str()));
        for (k, v) in [("data-ad", "1"), ("role", "note"), ("aria-label", "y"), ("itemprop", "z")] {
            assert_eq!(p.attr(div, k), Some(v));
        }
        assert!(hashed_name("promo").starts_with("sc-") && hashed_name("promo").len() == 9);
        let meta = crate::metadata::read(&p);
        assert_eq!(meta.paywalled_parts, Some(vec![format!(".{paid}"), format!("div#{}.{paid}", hashed_name("x"))]));
    }
}
