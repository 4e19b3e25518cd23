//! Promotion: recommendation rails ("Related stories", "Top stories", "Our picks"), newsletter
//! and app promotion, free-trial and subscription upsell banners.

use super::{has_class_word, starts_with_phrase, ArticleGuard, Finding};
use crate::page::{NodeId, Page};
use crate::report::RemovalKind;
use crate::text::char_len;

/// How recommendation rails begin (their heading).
const RAIL_HEADINGS: &[&str] = &[
    "related stories",
    "related articles",
    "related content",
    "related posts",
    "related coverage",
    "related:",
    "related",
    "top stories",
    "our picks",
    "editor's picks",
    "editors' picks",
    "editor’s picks",
    "more from",
    "more stories",
    "more on this",
    "recommended",
    "recommended for you",
    "you may also like",
    "you might also like",
    "most popular",
    "most read",
    "trending",
    "around the web",
    "from our partners",
    "promoted stories",
    "read next",
    "read more",
    "what to read next",
    "don't miss",
    "don’t miss",
    "latest news",
    "popular now",
];
/// Phrases of newsletter, app and subscription promotion.
const PROMO_PHRASES: &[&str] = &[
    "download the app",
    "get the app",
    "one app. one membership",
    "one app.",
    "sign up for our newsletter",
    "subscribe to our newsletter",
    "get our newsletter",
    "join our newsletter",
    "days free",
    "free trial",
    "start your free trial",
    "one subscription that gives you access",
    "get all your news in one place",
    "trusted global sources",
    "try it free",
    "subscribe today",
];
/// Class or id words of promotion containers.
const PROMO_WORDS: &[&str] = &[
    "promo",
    "promotion",
    "promoted",
    "newsletter",
    "upsell",
    "app-promo",
    "appbanner",
    "cta",
    "related",
    "recommended",
    "recommendations",
    "rail",
    "trending",
    "popular",
    "outbrain",
    "taboola",
];

/// Finds promotion blocks.
pub fn detect(page: &Page, guard: &ArticleGuard) -> Vec<Finding> {
    let mut found = Vec::new();
    for node in page.descendants(page.root()) {
        let Some(el) = page.element(node) else {
            continue;
        };
        if matches!(
            el.name.as_str(),
            "html" | "body" | "head" | "main" | "article" | "title" | "script"
        ) {
            continue;
        }
        if let Some(reason) = promo_reason(page, node) {
            if !guard.holds_article(page, node) {
                found.push(Finding::new(page, node, RemovalKind::Promo, reason));
            }
        }
    }
    found
}

fn promo_reason(page: &Page, node: NodeId) -> Option<String> {
    let tag = page.tag(node);
    // A heading that opens a rail: the rail is the heading's container when that container
    // is mostly links, else the heading and the list after it go.
    if matches!(tag, "h2" | "h3" | "h4" | "h5" | "h6" | "header")
        || page.attr(node, "role") == Some("heading")
    {
        let text = page.inner_text(node);
        if char_len(&text) < 60 {
            if let Some(h) = starts_with_phrase(&text, RAIL_HEADINGS).filter(|h| {
                text.to_lowercase().trim_end_matches(':') == h.trim_end_matches(':') || h.len() > 8
            }) {
                return Some(format!("recommendation rail: “{h}”"));
            }
        }
    }
    if matches!(tag, "section" | "aside" | "div" | "ul" | "nav" | "footer") {
        if let Some(first) = first_heading(page, node) {
            let text = page.inner_text(first);
            if char_len(&text) < 60
                && starts_with_phrase(&text, RAIL_HEADINGS).is_some()
                && is_linky(page, node)
            {
                return Some(format!(
                    "recommendation rail: “{}”",
                    crate::text::sample(&text, 40)
                ));
            }
        }
    }
    // Short blocks made of promotion phrases.
    let text = page.inner_text(node);
    let len = char_len(&text);
    if len > 0 && len < 300 {
        if let Some(p) = super::contains_phrase(&text, PROMO_PHRASES) {
            // The smallest block with the phrase: skip when a child already carries it all.
            let child_has_all = page
                .child_elements(node)
                .any(|c| page.inner_text(c) == text);
            if !child_has_all {
                return Some(format!("promotion: “{p}”"));
            }
        }
    }
    if has_class_word(page, node, PROMO_WORDS)
        && len < 600
        && matches!(
            tag,
            "div" | "section" | "aside" | "ul" | "nav" | "footer" | "header"
        )
    {
        return Some("promotion class".into());
    }
    None
}

fn first_heading(page: &Page, node: NodeId) -> Option<NodeId> {
    page.descendants(node)
        .skip(1)
        .take(12)
        .find(|&d| matches!(page.tag(d), "h1" | "h2" | "h3" | "h4" | "h5" | "h6"))
}

/// Mostly links: a list of stories rather than prose.
fn is_linky(page: &Page, node: NodeId) -> bool {
    crate::extract::link_density(page, node) > 0.3 || page.elements_tagged(node, "a").count() >= 2
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn found(html: &str) -> Vec<String> {
        let page = crate::html::parse(html, Some("https://n.example/"));
        detect(&page, &ArticleGuard::new(&page))
            .into_iter()
            .map(|f| f.removal.text)
            .collect()
    }

    #[test]
    fn finds_rails_and_app_promotion() {
        let rail = r#"<section><h2>Related Stories</h2><ul><li><a href=/a>One</a></li><li><a href=/b>Two</a></li></ul></section>"#;
        assert_eq!(found(rail)[0], "Related Stories One Two");
        let app = "<div><p>Download the app</p></div>";
        assert_eq!(found(app), ["Download the app"]);
    }

    #[test]
    fn an_article_about_recommendations_stays() {
        let p = "<p>Recommended reading lists are a staple of libraries, and this article explains at length how they came to be.</p>";
        assert!(found(&format!("<article>{}</article>", p.repeat(8))).is_empty());
    }
}
