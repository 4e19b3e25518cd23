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
    "see also",
    "related news",
    // The same rails in the other languages of the pages we have seen.
    "das könnte sie auch interessieren",
    "das könnte sie interessieren",
    "das könnte dich auch interessieren",
    "lesen sie auch",
    "lesen sie mehr",
    "lesen sie hier",
    "lesen sie dazu",
    "mehr dazu",
    "auch lesenswert",
    "read also",
    "also read",
    "mehr zum thema",
    "auch interessant",
    "weitere artikel",
    "ähnliche artikel",
    "passend zum thema",
    "à lire aussi",
    "a lire aussi",
    "lire aussi",
    "sur le même sujet",
    "voir aussi",
    "te puede interesar",
    "también te puede interesar",
    "lee también",
    "noticias relacionadas",
    "artículos relacionados",
    "leia também",
    "veja também",
    "leggi anche",
    "zobacz również",
    "zobacz też",
    "czytaj też",
    "czytaj także",
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
    // A small card or strip led by a rail phrase and made of links ("Read next: <a>…</a>",
    // "Trending: <a>…</a> <a>…</a>").
    if matches!(tag, "div" | "aside" | "section" | "p" | "li" | "nav") && len > 0 && len < 300 {
        if let Some(h) = starts_with_phrase(&text, RAIL_HEADINGS) {
            if crate::page::metrics::link_density(page, node) >= 0.4
                && led_by_label(page, node, &text, h)
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
    // A newsletter sign-up: an email field and the words of a newsletter, in a short block.
    if !is_heading && len > 0 && len < 400 && matches!(tag, "div" | "aside" | "section" | "form" | "p") {
        if let Some(w) = super::contains_phrase(&text, NEWSLETTER_WORDS) {
            if has_email_field(page, node) && super::contains_phrase(&text, WALL_WORDS).is_none() {
                return Some(format!("newsletter sign-up: “{w}”"));
            }
        }
    }
    // (A paragraph only when short: a line such as `<p class=newsletter-promo>`.)
    if (len < 600 && matches!(tag, "div" | "section" | "aside" | "ul" | "nav" | "footer" | "header")
        || len < 300 && tag == "p")
        && has_class_word(page, node, PROMO_WORDS)
    {
        return Some("promotion class".into());
    }
    None
}

/// Whether the rail phrase that `text` starts with stands as a label ("Read next:", "Trending |",
/// a `<strong>Read next</strong>` of its own) rather than as the start of a sentence ("Read more
/// about ad blocking here.").
fn led_by_label(page: &Page, node: NodeId, text: &str, phrase: &str) -> bool {
    let phrase = phrase.trim_end_matches(':');
    let rest = text.char_indices().nth(phrase.chars().count()).map(|(i, _)| &text[i..]).unwrap_or("");
    let rest = rest.trim_start();
    rest.is_empty()
        || rest.starts_with([':', '|', '»', '›', '—', '–', '-', '/'])
        || page.descendants(node).skip(1).filter(|&d| page.element(d).is_some()).take(4).any(|d| {
            let t = page.inner_text(d);
            let name = t.trim().trim_end_matches(':').trim().to_lowercase();
            name == phrase && page.elements_tagged(d, "a").next().is_none()
        })
}

/// Words of a newsletter's sign-up box.
const NEWSLETTER_WORDS: &[&str] = &["newsletter", "in your inbox", "to your inbox", "email briefing", "daily briefing"];
/// Words of a wall's sign-up (an email field under these is the wall's, not a newsletter's).
const WALL_WORDS: &[&str] = &["continue reading", "keep reading", "read the full", "to read this"];

/// Whether the block holds a field for an email address.
fn has_email_field(page: &Page, node: NodeId) -> bool {
    page.elements_tagged(node, "input").any(|i| {
        page.attr(i, "type").is_some_and(|t| t.eq_ignore_ascii_case("email"))
            || ["name", "placeholder", "autocomplete", "aria-label"]
                .iter()
                .any(|a| page.attr(i, a).is_some_and(|v| v.to_ascii_lowercase().contains("email")))
    })
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
    fn a_short_paragraph_classed_as_promotion_goes_and_a_long_one_stays() {
        let line = r#"<article><p class="newsletter-promo">Get the Daily Edition by email and never miss our top stories</p></article>"#;
        assert_eq!(found(line), ["Get the Daily Edition by email and never miss our top stories"]);
        let long =
            format!(r#"<article><p class="related">{}</p></article>"#, "An article's own paragraph, long. ".repeat(10));
        assert!(found(&long).is_empty());
    }

    #[test]
    fn a_read_also_card_in_german_goes_and_the_sentence_about_reading_stays() {
        let card =
            r#"<article><p>Lesen Sie hier:&nbsp;<a href="/x"><em>Spielabbruch in der Kreisliga</em></a></p></article>"#;
        assert_eq!(found(card).len(), 1);
        let prose = r#"<article><p>Lesen Sie hier, was die Stadt nun plant, <a href="/x">im Bericht</a> und in den Akten der Sitzung vom Montag.</p></article>"#;
        assert!(found(prose).is_empty());
    }

    #[test]
    fn an_article_about_recommendations_stays() {
        let p = "<p>Recommended reading lists are a staple of libraries, and this article explains at length how they came to be.</p>";
        assert!(found(&format!("<article>{}</article>", p.repeat(8))).is_empty());
    }

    #[test]
    fn a_newsletter_form_is_promotion_by_structure() {
        let html = r#"<article><p>Body text.</p><aside class="sc-x1"><h3>Get our Green Cities newsletter</h3><p>Every Thursday in your inbox.</p><form><input type=email><button>Sign up</button></form></aside></article>"#;
        assert_eq!(found(html), ["Get our Green Cities newsletter Every Thursday in your inbox. Sign up"]);
        // A wall's registration form is the wall's.
        let wall = r#"<div><h3>Register to continue reading</h3><p>And get our morning newsletter.</p><form><input type=email></form></div>"#;
        assert!(found(wall).is_empty());
    }

    #[test]
    fn a_labelled_strip_of_links_is_a_rail_and_a_sentence_is_not() {
        let strip =
            r#"<nav class="sc-x2"><span>Trending:</span> <a href=/a>Floods</a> <a href=/b>Council elections</a></nav>"#;
        assert_eq!(found(strip), ["Trending: Floods Council elections"]);
        let sentence = r#"<p>Read more about ad blocking <a href=/x>in our guide here</a>.</p>"#;
        assert!(found(sentence).is_empty());
    }
}
