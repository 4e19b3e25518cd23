//! The detectors: subscription walls, ads, promotion and duplicated captions, each a pure
//! function over the page that says which nodes to leave out and why.

pub mod ads;
pub mod captions;
pub mod promo;
pub mod wall;

use crate::metadata::Metadata;
use crate::page::text::{char_len, sample};
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
    let (caption_nodes, edits) = captions::detect(page);
    removals.extend(caption_nodes);
    keep_outermost(page, &mut removals);
    Findings { removals, edits, wall }
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

    /// Whether removing `node` would take a real share of the article's prose with it.
    pub fn holds_article(&self, page: &Page, node: NodeId) -> bool {
        let prose = prose_len(page, node);
        prose >= 600 && prose * 4 >= self.prose_total
    }
}

/// Characters of paragraph text of 80 characters or more (prose, not link lists or labels).
fn prose_len(page: &Page, node: NodeId) -> usize {
    page.elements_tagged(node, "p")
        .map(|p| {
            let t = page.inner_text(p);
            let linked: usize = page.elements_tagged(p, "a").map(|a| page.inner_text_len(a)).sum();
            let len = char_len(&t);
            if len >= 80 && linked * 2 < len {
                len
            } else {
                0
            }
        })
        .sum()
}

/// Whether any class or id token of `node`, split at `-`, `_` and spaces, is one of `words`,
/// or the whole class or id equals one of `names`.
pub(crate) fn has_class_word(page: &Page, node: NodeId, words: &[&str]) -> bool {
    let ci = page.class_and_id(node);
    ci.split(|c: char| c.is_whitespace() || c == '-' || c == '_').any(|t| words.contains(&t))
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
