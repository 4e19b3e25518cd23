//! Promotion: recommendation rails ("Related stories", "Top stories", "Our picks"), newsletter
//! and app promotion, free-trial and subscription upsell banners.

use super::{has_class_word, starts_with_phrase, ArticleGuard, Finding};
use crate::page::text::char_len;
use crate::page::{NodeId, Page};
use crate::report::RemovalKind;

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
    "in our app",
    "open in app",
    "small favour to ask",
    "small favor to ask",
    "support us with a contribution",
    "support our journalism",
    "try it free",
    "subscribe today",
];
/// Class or id words of promotion containers.
const PROMO_WORDS: &[&str] = &[
    "epic",
    "contributions",
    "donate",
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
        if matches!(el.name.as_str(), "html" | "body" | "head" | "main" | "article" | "title" | "script") {
            continue;
        }
        if let Some(reason) = promo_reason(page, node, guard) {
            if !guard.holds_article(page, node) {
                found.push(Finding::new(page, node, RemovalKind::Promo, reason));
            }
        }
    }
    found
}

fn promo_reason(page: &Page, node: NodeId, guard: &ArticleGuard) -> Option<String> {
    let tag = page.tag(node);
    // Every rule but the rail container's wants a short block: long ones skip the text copy.
    let short = guard.may_be_shorter(node, 600);
    let text = if short { page.inner_text(node) } else { String::new() };
    let len = if short { char_len(&text) } else { usize::MAX };
    let lower = text.to_lowercase();
    // A heading that is the name of a rail ("Related stories", "Our picks"); a heading that
    // merely begins with such a word ("Recommended limits") is the article's own.
    let is_heading =
        matches!(tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6") || page.attr(node, "role") == Some("heading");
    if is_heading && len < 60 {
        let name = lower.trim().trim_end_matches(':').trim();
        if let Some(h) = RAIL_HEADINGS.iter().find(|h| h.trim_end_matches(':') == name) {
            return Some(format!("recommendation rail: “{h}”"));
        }
    }
    // A container opened by a rail heading and made mostly of links.
    if matches!(tag, "section" | "aside" | "div" | "ul" | "nav" | "footer") {
        if let Some(first) = first_heading(page, node) {
            let heading = page.inner_text(first);
            if char_len(&heading) < 60
                && starts_with_phrase(&heading, RAIL_HEADINGS).is_some()
                && links_after_heading(page, node, &heading) >= 0.5
            {
                return Some(format!("recommendation rail: “{}”", crate::page::text::sample(&heading, 40)));
            }
        }
    }
    // A small card led by a rail phrase and made of a link ("Read next: <a>…</a>").
    if matches!(tag, "div" | "aside" | "section" | "p" | "li") && len > 0 && len < 300 {
        if let Some(h) = starts_with_phrase(&text, RAIL_HEADINGS) {
            if crate::page::metrics::link_density(page, node) >= 0.4
                && page.child_elements(node).all(|c| page.inner_text(c) != text)
            {
                return Some(format!("recommendation card: “{h}”"));
            }
        }
    }
    // Short blocks of promotion phrases that read as interface (links, buttons, promo classes),
    // not as the article's prose.
    if !is_heading && len > 0 && len < 300 {
        if let Some(p) = super::contains_phrase(&text, PROMO_PHRASES) {
            // The smallest block with the phrase: skip when a child already carries it all.
            let child_has_all = page.child_elements(node).any(|c| page.inner_text(c) == text);
            if !child_has_all && reads_as_ui(page, node) {
                return Some(format!("promotion: “{p}”"));
            }
        }
    }
    if has_class_word(page, node, PROMO_WORDS)
        && len < 600
        && matches!(tag, "div" | "section" | "aside" | "ul" | "nav" | "footer" | "header")
    {
        return Some("promotion class".into());
    }
    None
}

/// The share of a container's text, its heading aside, that is link text.
fn links_after_heading(page: &Page, node: NodeId, heading: &str) -> f64 {
    let rest = page.inner_text_len(node).saturating_sub(char_len(heading));
    if rest == 0 {
        return 0.0;
    }
    let links: usize = page.elements_tagged(node, "a").map(|a| page.inner_text_len(a)).sum();
    links as f64 / rest as f64
}

/// Interface rather than prose: links, buttons or forms inside, or a promotion class on the
/// block or just above it.
fn reads_as_ui(page: &Page, node: NodeId) -> bool {
    page.descendants(node).any(|d| matches!(page.tag(d), "a" | "button" | "input" | "form"))
        || std::iter::once(node).chain(page.ancestors(node).take(2)).any(|n| has_class_word(page, n, PROMO_WORDS))
}

fn first_heading(page: &Page, node: NodeId) -> Option<NodeId> {
    page.descendants(node).skip(1).take(12).find(|&d| matches!(page.tag(d), "h1" | "h2" | "h3" | "h4" | "h5" | "h6"))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn found(html: &str) -> Vec<String> {
        let page = crate::input::html::parse(html, Some("https://n.example/")).unwrap();
        detect(&page, &ArticleGuard::new(&page)).into_iter().map(|f| f.removal.text).collect()
    }

    #[test]
    fn finds_rails_and_app_promotion() {
        let rail = r#"<section><h2>Related Stories</h2><ul><li><a href=/a>One</a></li><li><a href=/b>Two</a></li></ul></section>"#;
        assert_eq!(found(rail)[0], "Related Stories One Two");
        let app = r#"<div><p>Download the app</p><a href="/app">App Store</a></div>"#;
        assert_eq!(found(app), ["Download the app App Store"]);
        // The same words in the article's prose are the article's.
        let prose = "<article><p>Readers told us they were asked to download the app to cancel.</p></article>";
        assert!(found(prose).is_empty());
    }

    #[test]
    fn an_article_about_recommendations_stays() {
        let p = "<p>Recommended reading lists are a staple of libraries, and this article explains at length how they came to be.</p>";
        assert!(found(&format!("<article>{}</article>", p.repeat(8))).is_empty());
    }
}
