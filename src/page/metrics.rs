//! Measures over the page model that extraction and the detectors share: link density, prose,
//! and visibility as far as a saved page or the browser can tell.

use super::text::char_len;
use super::{NodeId, Page};

/// Characters of paragraph text of 80 characters or more, mostly outside links, below `node`:
/// prose, not link lists or labels. The measure behind every "never lose the article" guard.
pub fn prose_len(page: &Page, node: NodeId) -> usize {
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

/// Visible as far as a saved page or the browser can tell.
pub fn is_probably_visible(page: &Page, id: NodeId) -> bool {
    let Some(el) = page.element(id) else {
        return true;
    };
    if let Some(l) = &el.layout {
        if l.display_none || (l.visibility_hidden && el.name != "body") {
            return false;
        }
    }
    if let Some(style) = el.attr("style") {
        let s: String = style.to_lowercase().chars().filter(|c| !c.is_whitespace()).collect();
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return false;
        }
    }
    if el.attr("hidden").is_some() {
        return false;
    }
    if el.attr("aria-hidden") == Some("true") && !el.attr("class").unwrap_or("").contains("fallback-image") {
        return false;
    }
    true
}

/// Text length of links over text length, links to `#` counting less.
pub fn link_density(page: &Page, id: NodeId) -> f64 {
    let total = page.inner_text_len(id);
    if total == 0 {
        return 0.0;
    }
    let mut links = 0.0;
    for a in page.elements_tagged(id, "a") {
        // In-page anchors (`#section`) count less; a bare `#` is a script's link, counted whole.
        let coef =
            if page.attr(a, "href").map(|h| h.starts_with('#') && h.len() > 1).unwrap_or(false) { 0.3 } else { 1.0 };
        links += page.inner_text_len(a) as f64 * coef;
    }
    links / total as f64
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn a_bare_hash_link_is_a_full_link() {
        let page = crate::input::html::parse(
            "<div>Some words here <a href=\"#\">and a link</a> <a href=\"#top\">top</a></div>",
            None,
        )
        .unwrap();
        let div = page.find_tag(page.root(), "div").unwrap();
        // "and a link" counts whole (10), "top" at 0.3; the text is 30 characters long.
        assert!((link_density(&page, div) - (10.0 + 0.9) / 30.0).abs() < 1e-9, "{}", link_density(&page, div));
    }
}
