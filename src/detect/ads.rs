//! Ad slots: GPT/DFP and AdSense slots, ad-network iframes, `data-ad-*` containers, native-ad
//! widgets, and the "Advertisement" labels and "Story continues below" lines around them.

use super::{has_class_word, ArticleGuard, Finding};
use crate::page::text::fold_whitespace;
use crate::page::{NodeId, Page};
use crate::report::RemovalKind;

/// Class or id words (split at `-`, `_`, spaces) that name an ad slot.
const AD_WORDS: &[&str] = &[
    "ad",
    "ads",
    "advert",
    "adverts",
    "advertisement",
    "advertising",
    "adslot",
    "adunit",
    "adcontainer",
    "adsbygoogle",
    "dfp",
    "gpt",
    "doubleclick",
    "sponsored",
    "taboola",
    "outbrain",
    "teads",
    "mgid",
    "revcontent",
];
/// Hosts of ad networks, as they appear in iframe and script sources.
const AD_HOSTS: &[&str] = &[
    "doubleclick.net",
    "googlesyndication.com",
    "googleadservices.com",
    "amazon-adsystem.com",
    "adnxs.com",
    "criteo.",
    "taboola.com",
    "outbrain.com",
    "teads.tv",
    "pubmatic.com",
    "rubiconproject.com",
    "adsafeprotected.com",
    "moatads.com",
    "media.net",
    "smartadserver.com",
];
/// Whole texts of ad labels.
const AD_LABELS: &[&str] = &[
    "advertisement",
    "advertising",
    "ad",
    "ads",
    "sponsored",
    "sponsored content",
    "paid content",
    "paid post",
    "story continues below",
    "story continues below advertisement",
    "article continues below",
    "article continues below advertisement",
    "continue reading below",
    "scroll to continue with content",
    "anzeige",
    "publicité",
    "werbung",
    "publicidad",
];

/// Finds ad slots and labels.
pub fn detect(page: &Page, guard: &ArticleGuard) -> Vec<Finding> {
    let mut found = Vec::new();
    for node in page.descendants(page.root()) {
        let Some(el) = page.element(node) else {
            continue;
        };
        if matches!(el.name.as_str(), "html" | "body" | "head" | "main" | "article") {
            continue;
        }
        let reason = ad_reason(page, node, guard);
        if let Some(reason) = reason {
            if !guard.holds_article(page, node) {
                found.push(Finding::new(page, node, RemovalKind::Ad, reason));
            }
        }
    }
    found
}

fn ad_reason(page: &Page, node: NodeId, guard: &ArticleGuard) -> Option<String> {
    let el = page.element(node)?;
    if el.attr("id").map(|i| i.starts_with("div-gpt-ad") || i.starts_with("google_ads_")).unwrap_or(false) {
        return Some("GPT/DFP ad slot".into());
    }
    if el.name == "ins" && el.attr("class").map(|c| c.contains("adsbygoogle")).unwrap_or(false) {
        return Some("AdSense slot".into());
    }
    if el.attrs.iter().any(|(k, _)| {
        k.starts_with("data-ad-") || k == "data-ad" || k == "data-google-query-id" || k.starts_with("data-dfp")
    }) {
        return Some("data-ad attribute".into());
    }
    // Scripts never reach the view; an ad network's frame or pixel would.
    if matches!(el.name.as_str(), "iframe" | "img") {
        let src = el.attr("src").unwrap_or("").to_lowercase();
        if let Some(host) = AD_HOSTS.iter().find(|h| src.contains(*h)) {
            return Some(format!("ad network ({host})"));
        }
    }
    if has_class_word(page, node, AD_WORDS) {
        return Some("ad class".into());
    }
    // A short element whose whole text is an ad label.
    if !guard.may_be_shorter(node, 60) {
        return None;
    }
    let text = page.inner_text(node);
    if !text.is_empty() && text.len() < 60 {
        let t = fold_whitespace(&text).to_lowercase();
        let t = t.trim_matches(|c: char| !c.is_alphanumeric());
        if AD_LABELS.contains(&t) && page.child_elements(node).all(|c| page.inner_text(c) == text || !page.has_text(c))
        {
            return Some("ad label".into());
        }
    }
    None
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn found(html: &str) -> Vec<String> {
        let page = crate::input::html::parse(html, Some("https://n.example/")).unwrap();
        detect(&page, &ArticleGuard::new(&page)).into_iter().map(|f| f.removal.reason).collect()
    }

    #[test]
    fn finds_slots_networks_and_labels() {
        assert_eq!(found(r#"<div id="div-gpt-ad-123"></div>"#), ["GPT/DFP ad slot"]);
        assert_eq!(found(r#"<ins class="adsbygoogle"></ins>"#), ["AdSense slot"]);
        assert_eq!(
            found(r#"<iframe src="https://tpc.googlesyndication.com/x"></iframe>"#),
            ["ad network (googlesyndication.com)"]
        );
        assert_eq!(found(r#"<p>Advertisement</p>"#), ["ad label"]);
        assert_eq!(found(r#"<div class="ad-slot top"></div>"#), ["ad class"]);
    }

    #[test]
    fn leaves_words_that_merely_contain_ad() {
        assert!(found(r#"<div class="header loading"><p>Read about advertising markets: ad spending rose.</p></div>"#)
            .is_empty());
    }
}
