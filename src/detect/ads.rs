//! Ad slots: GPT/DFP and AdSense slots, ad-network iframes, `data-ad-*` containers, native-ad
//! widgets, and the "Advertisement" labels and "Story continues below" lines around them.

use super::{starts_with_phrase, ArticleGuard, Finding};
use crate::page::metrics::prose_len;
use crate::page::text::{char_len, class_word, fold_whitespace};
use crate::page::{NodeId, Page};
use crate::report::RemovalKind;

/// Class or id words that name an ad slot, matched as whole parts of a token
/// (`page::text::class_word`).
const AD_WORDS: &[&str] = &[
    "div-gpt-ad",
    "google-ads",
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
/// A block classed as an ad that holds this many characters of prose paragraphs is not one.
const AD_CLASS_MAX_PROSE: usize = 300;
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

/// How sponsored-content widgets (Outbrain, Taboola and their kind) head themselves.
const SPONSORED_HEADINGS: &[&str] = &[
    "sponsored stories",
    "sponsored content",
    "sponsored links",
    "sponsored articles",
    "promoted stories",
    "promoted content",
    "promoted links",
    "paid content",
    "partner content",
    "around the web",
    "from around the web",
];

/// Finds ad slots and labels.
pub fn detect(page: &Page, guard: &ArticleGuard) -> Vec<Finding> {
    let mut found = Vec::new();
    let widgets = native_ad_widgets(page, guard);
    for node in page.descendants(page.root()) {
        let Some(el) = page.element(node) else {
            continue;
        };
        if matches!(el.name.as_str(), "html" | "body" | "head" | "main" | "article") {
            continue;
        }
        let reason = ad_reason(page, node, guard)
            .or_else(|| widgets.iter().find(|(w, _)| *w == node).map(|(_, h)| format!("sponsored links: “{h}”")));
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
    let ci = page.class_and_id(node);
    let word = class_word(&ci, AD_WORDS);
    if matches!(word, Some("div-gpt-ad" | "google-ads")) {
        return Some("GPT/DFP ad slot".into());
    }
    if el.name == "ins" && word == Some("adsbygoogle") {
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
    // A class word alone is a hint: a block holding paragraphs of prose is the article's (a
    // review's sections classed `Section--Ads` because ads sit between them), not a slot.
    // (Half the prose's length in non-space characters is a safe bound for skipping the count.)
    if word.is_some()
        && (guard.may_be_shorter(node, AD_CLASS_MAX_PROSE / 2) || prose_len(page, node) < AD_CLASS_MAX_PROSE)
    {
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

/// Native-ad widgets by their structure: from each text that begins with a sponsored heading
/// ("Sponsored stories", "Around the web"), the nearest block that begins with it too and is
/// made of links, most of them to other sites or marked "Sponsored".
fn native_ad_widgets(page: &Page, guard: &ArticleGuard) -> Vec<(NodeId, &'static str)> {
    let mut found = Vec::new();
    for t in page.descendants(page.root()) {
        let Some(text) = page.text(t) else { continue };
        let head: String = text.trim_start().chars().take(40).collect();
        if starts_with_phrase(&fold_whitespace(&head), SPONSORED_HEADINGS).is_none() {
            continue;
        }
        if let Some(w) = page.ancestors(t).take(6).find_map(|a| native_ad_widget(page, a, guard).map(|h| (a, h))) {
            if !found.iter().any(|(n, _)| *n == w.0) {
                found.push(w);
            }
        }
    }
    found
}

/// Whether `node` is a native-ad widget (see `native_ad_widgets`), and its heading.
fn native_ad_widget(page: &Page, node: NodeId, guard: &ArticleGuard) -> Option<&'static str> {
    if !matches!(page.tag(node), "div" | "aside" | "section" | "ul" | "ol") || !guard.may_be_shorter(node, 1500) {
        return None;
    }
    let text = page.inner_text(node);
    let heading = starts_with_phrase(&text, SPONSORED_HEADINGS)?;
    let links: Vec<NodeId> = page.elements_tagged(node, "a").filter(|&a| page.has_text(a)).collect();
    if links.len() < 2 {
        return None;
    }
    let rest = char_len(&text).saturating_sub(heading.len()).max(1);
    let linked: usize = links.iter().map(|&a| page.inner_text_len(a)).sum();
    if linked * 2 < rest {
        return None;
    }
    let host = page.url.as_deref().and_then(host_of);
    let away =
        links.iter().filter(|&&a| page.attr(a, "href").and_then(host_of).is_some_and(|h| Some(h) != host)).count();
    let after: String = text.chars().skip(heading.chars().count()).collect();
    let marked = after.to_lowercase().contains("sponsored");
    (away * 2 >= links.len() || marked).then_some(heading)
}

/// The host of an absolute http(s) URL, without a leading `www.`.
fn host_of(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let host = rest.split(['/', '?', '#']).next()?.rsplit('@').next()?.split(':').next()?;
    Some(host.strip_prefix("www.").unwrap_or(host)).filter(|h| !h.is_empty())
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

    #[test]
    fn a_sponsored_widget_is_an_ad_by_structure() {
        let widget = r#"<div class="sc-9x"><div><span>Around the web</span></div><a href="https://clk.partner.example/1">Doctors stunned by this habit</a><a href="https://clk.partner.example/2">Homeowners ditch their gutters</a></div>"#;
        assert_eq!(found(widget), ["sponsored links: “around the web”"]);
        // The site's own links under such a heading are not sponsored.
        let own = r#"<div><h3>Around the web</h3><a href="/a">Our story one</a> <a href="/b">Our story two</a></div>"#;
        assert!(found(own).is_empty());
    }

    #[test]
    fn class_words_are_whole_parts_of_a_token() {
        assert!(found(r#"<div class="f_ad_on has-ad no-ads adsorption"><p>Text.</p></div>"#).is_empty());
        assert_eq!(found(r#"<div class="top-ad-slot"></div>"#), ["ad class"]);
    }

    #[test]
    fn a_section_of_prose_is_no_ad_slot_whatever_its_class() {
        let para = "<p>The grill reaches its full heat within ten minutes, and the steak browns evenly across the whole grate.</p>";
        let section = format!(
            r#"<section class="TestReport__Section TestReport__Section--Ads"><h2>Result</h2>{para}{para}{para}</section>"#
        );
        assert_eq!(found(&section), Vec::<String>::new());
        // A slot with a line of text under the same class still goes.
        assert_eq!(
            found(r#"<div class="Section--Ads"><p>Advertisement: the best grills of the year.</p></div>"#),
            ["ad class"]
        );
    }
}
