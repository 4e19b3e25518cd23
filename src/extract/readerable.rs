//! The cheap pre-check: does a page look like an article worth a reader view (enough long,
//! visible paragraphs outside unlikely containers)? It decides automatic mode only.

use super::tuning::{MAYBE_CANDIDATE, UNLIKELY};
use crate::page::metrics::is_probably_visible;
use crate::page::text::{char_len, class_word};
use crate::page::{NodeId, Page};

/// Whether a page looks like an article worth a reader view: enough long paragraphs.
pub fn is_readerable(page: &Page) -> bool {
    let mut score = 0.0;
    let Some(body) = page.body() else { return false };
    let mut seen: Vec<NodeId> = Vec::new();
    for n in page.descendants(body) {
        let tag = page.tag(n);
        let candidate = match tag {
            "p" | "pre" | "article" => Some(n),
            "br" => page.parent(n).filter(|&p| page.tag(p) == "div"),
            _ => None,
        };
        let Some(c) = candidate else { continue };
        if seen.contains(&c) {
            continue;
        }
        seen.push(c);
        if !page.ancestors(c).chain(std::iter::once(c)).all(|a| is_probably_visible(page, a)) {
            continue;
        }
        let ms = page.class_and_id(c);
        if class_word(&ms, UNLIKELY).is_some() && class_word(&ms, MAYBE_CANDIDATE).is_none() {
            continue;
        }
        if page.tag(c) == "p" && page.ancestor_tagged(c, "li").is_some() {
            continue;
        }
        let len = char_len(page.text_content(c).trim());
        if len < 140 {
            continue;
        }
        score += ((len - 140) as f64).sqrt();
        if score > 20.0 {
            return true;
        }
    }
    false
}
