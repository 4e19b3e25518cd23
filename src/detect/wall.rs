//! Subscription walls: sign-up blocks that cut the article off, overlays with locked scrolling,
//! metering nags, faded endings, and the publisher's own JSON-LD marking of paid parts.

use super::{contains_phrase, ArticleGuard, Finding};
use crate::metadata::Metadata;
use crate::page::text::char_len;
use crate::page::{NodeId, Page, Position};
use crate::report::{RemovalKind, Wall};

/// Phrases that say the rest of the article is behind the wall.
const CUT_PHRASES: &[&str] = &[
    "sign up to read",
    "sign up to continue",
    "subscribe to read",
    "subscribe to continue",
    "subscribe now to read",
    "to continue reading",
    "continue reading with",
    "register to read",
    "register to continue",
    "register for free to",
    "log in to read",
    "login to read",
    "sign in to read",
    "log in to continue",
    "sign in to continue",
    "create a free account to",
    "this article is for subscribers",
    "this article is only available to",
    "this content is for subscribers",
    "this content is only available",
    "available to subscribers",
    "exclusive to subscribers",
    "for subscribers only",
    "subscribers only",
    "subscriber-only",
    "to read the full",
    "read the full article",
    "read the full story",
    "unlock this article",
    "unlock this story",
    "unlock full access",
    "become a member to read",
    "members only",
    "this post is for paid subscribers",
    "this post is for subscribers",
    "keep reading with a",
    "to keep reading",
    "the rest of this article",
    "sign up to read this article",
    "continue reading your",
    "reserved for subscribers",
    "reserved for members",
    "reserved for our subscribers",
    "subscribe to unlock",
    "for paying subscribers",
    "is for subscribers",
];

/// Phrases of metering and registration nags.
const METER_PHRASES: &[&str] = &[
    "free articles left",
    "free article left",
    "free articles remaining",
    "free stories left",
    "free articles this month",
    "you have reached your",
    "you've reached your",
    "you’ve reached your",
    "article limit",
    "of your free articles",
    "last free article",
    "free article this month",
    "member-only story",
    "members-only story",
    "subscriber exclusive",
];

/// Phrases that only support other signals (they also sit in footers of free articles).
const SIGN_IN_PHRASES: &[&str] = &[
    "already a member? sign in",
    "already a member? log in",
    "already a subscriber",
    "already have an account",
    "already subscribed",
    "subscribe now",
    "start your free trial",
    "subscribe for",
];

/// Class or id words of wall containers, including the common vendors' (Piano/Tinypass,
/// Poool, Zephr, Pelcro, Laterpay, Substack, Medium, newspapers' gateways), matched as whole
/// parts of a token (`page::text::class_word`): `piano-` and `lp_` name the vendors' prefixes.
const WALL_CLASSES: &[&str] = &[
    "paywall",
    "pay-wall",
    "regwall",
    "reg-wall",
    "signwall",
    "sign-wall",
    "signup-wall",
    "subscription-wall",
    "subscribe-wall",
    "article-gate",
    "content-gate",
    "gateway-content",
    "tp-modal",
    "tp-backdrop",
    "tp-container",
    "piano-",
    "poool",
    "zephr",
    "pelcro",
    "laterpay",
    "lp_",
    "metered",
    "meter-",
    "premium-wall",
    "subscriber-only",
    "subscribers-only",
    "locked-content",
    "registration-wall",
    "regiwall",
    "offer-wall",
];

/// Classes that lock scrolling while a modal is open.
const SCROLL_LOCK_CLASSES: &[&str] = &[
    "modal-open",
    "tp-modal-open",
    "noscroll",
    "no-scroll",
    "overflow-hidden",
    "scroll-lock",
    "is-locked",
    "paywall-open",
];

/// Finds the wall, if any, and the nodes of its UI to leave out.
pub fn detect(page: &Page, meta: &Metadata, guard: &ArticleGuard) -> (Wall, Vec<Finding>) {
    let mut wall = Wall::default();
    let mut found: Vec<Finding> = Vec::new();
    let mut kinds: Vec<&'static str> = Vec::new();

    // The publisher's own markup.
    if let Some(selectors) = &meta.paywalled_parts {
        wall.signals.push("JSON-LD isAccessibleForFree: false".to_string());
        kinds.push("markup");
        for sel in selectors {
            // A selector this engine cannot read, or one that marks nothing on the page, leaves
            // the part unseen: it counts as withheld.
            let parts: Vec<NodeId> =
                crate::page::selector::Selector::parse(sel).map(|s| s.select(page, page.root())).unwrap_or_default();
            let mut withheld = parts.is_empty();
            for part in parts {
                // A marked part the page shows is the reader's to read, and stays. Shown: nothing
                // hides it or an ancestor, neither markup nor inline style (`hidden`,
                // `aria-hidden`, `display:none`, `visibility:hidden`) nor, in the live DOM, the
                // layout the browser computed. What the page hides stays out and cuts it off.
                let shown = std::iter::once(part)
                    .chain(page.ancestors(part))
                    .all(|a| crate::page::metrics::is_probably_visible(page, a));
                if !shown {
                    withheld = true;
                    found.push(Finding::new(
                        page,
                        part,
                        RemovalKind::Wall,
                        format!("subscriber-only part ({sel}, JSON-LD)"),
                    ));
                }
            }
            if withheld {
                wall.cut_off = true;
                wall.signals.push(format!("subscriber-only part withheld: {sel}"));
            } else {
                wall.signals.push(format!("subscriber-only part shown: {sel}"));
            }
        }
    }

    // Blocks that speak of the wall: sign-up blocks and meters in the page's flow. Overlays
    // are judged below, as layers.
    for node in page.descendants(page.root()) {
        if page.element(node).is_none() || !own_text_speaks(page, node, guard) || overlay_layer(page, node).is_some() {
            continue;
        }
        let text = page.inner_text(node);
        let cut = contains_phrase(&text, CUT_PHRASES);
        let meter = contains_phrase(&text, METER_PHRASES);
        let Some(phrase) = cut.or(meter) else { continue };
        let block = wall_block(page, node, guard);
        if guard.holds_article(page, block) || !looks_like_ui(page, block) {
            continue;
        }
        // A wall ends the article; the same words with more of the article after them are
        // the article talking about walls.
        if cut.is_some() && prose_follows(page, block) {
            continue;
        }
        let kind = if cut.is_some() { "truncation" } else { "meter" };
        kinds.push(kind);
        wall.cut_off |= cut.is_some();
        let what = if kind == "meter" { "metering" } else { "sign-up" };
        wall.signals.push(format!("{what} block: “{phrase}”"));
        found.push(Finding::new(page, block, RemovalKind::Wall, format!("{kind} wall: “{phrase}”")));
    }

    // Layers over the text: fixed or sticky, large, speaking of subscriptions or styled as a wall.
    for node in page.descendants(page.root()) {
        if overlay_layer(page, node) != Some(node) {
            continue;
        }
        let Some(l) = page.layout(node) else { continue };
        let text = page.inner_text(node);
        let cut = contains_phrase(&text, CUT_PHRASES);
        let speaks = cut.or(contains_phrase(&text, METER_PHRASES)).or(contains_phrase(&text, SIGN_IN_PHRASES));
        let styled = super::has_class_word(page, node, WALL_CLASSES);
        let backdrop = text.is_empty()
            && (l.opacity < 1.0 || l.blurred || styled || has_backdrop_colour(page, node))
            && l.width >= 300.0
            && l.height >= 300.0;
        if !(speaks.is_some() || styled || backdrop) || guard.holds_article(page, node) {
            continue;
        }
        if speaks.is_some() || styled {
            kinds.push("overlay");
            wall.signals.push("fixed overlay over the text".to_string());
            // A gate set in the article's own flow, where the story stops, cuts it off; a
            // vendor's modal appended to the page lies over a complete article.
            if cut.is_some() && in_article_flow(page, node) {
                wall.cut_off = true;
                wall.signals.push("overlay in place of the rest of the article".to_string());
            }
        }
        let reason = if text.is_empty() { "overlay backdrop" } else { "overlay wall" };
        found.push(Finding::new(page, node, RemovalKind::Wall, reason));
    }

    // Faded or blurred endings: the page shows only the start. A blurred block is placeholder
    // text standing in for what is withheld, so it goes; faded text is real and stays.
    if !kinds.is_empty() {
        for node in page.descendants(page.root()) {
            let Some(l) = page.layout(node) else { continue };
            if !(l.faded || l.blurred) || l.display_none || matches!(page.tag(node), "body" | "html") {
                continue;
            }
            let len = page.inner_text_len(node);
            let layer = len == 0 && matches!(l.position, Position::Absolute | Position::Fixed);
            if len < 60 && !layer {
                continue;
            }
            if !kinds.contains(&"fade") {
                kinds.push("fade");
                wall.cut_off = true;
                wall.signals.push(if l.blurred { "blurred text" } else { "faded text" }.to_string());
            }
            if l.blurred && len > 0 && !guard.holds_article(page, node) {
                found.push(Finding::new(page, node, RemovalKind::Wall, "blurred placeholder text"));
            } else if layer {
                found.push(Finding::new(page, node, RemovalKind::Wall, "fade layer"));
            }
        }
    }

    // Locked scrolling on the document.
    if !kinds.is_empty() {
        for node in [page.html_element(), page.body()].into_iter().flatten() {
            let locked_by_style = page.layout(node).map(|l| l.overflow_hidden).unwrap_or(false);
            let locked_by_class = super::has_class_word(page, node, SCROLL_LOCK_CLASSES);
            if locked_by_style || locked_by_class {
                wall.signals.push(format!("scrolling locked on <{}>", page.tag(node)));
                break;
            }
        }
    }

    wall.signals.dedup();
    wall.detected = !kinds.is_empty();
    // The most telling kind names the wall.
    wall.kind = ["overlay", "fade", "truncation", "meter", "markup"]
        .into_iter()
        .find(|k| kinds.contains(k))
        .map(str::to_string);
    (wall, found)
}

/// The layer `node` lies in, if any: the nearest fixed or sticky element (itself or an
/// ancestor) large enough to cover text.
fn overlay_layer(page: &Page, node: NodeId) -> Option<NodeId> {
    std::iter::once(node).chain(page.ancestors(node)).find(|&n| {
        page.layout(n)
            .map(|l| {
                !l.display_none
                    && matches!(l.position, Position::Fixed | Position::Sticky)
                    && l.width >= 200.0
                    && l.height >= 100.0
            })
            .unwrap_or(false)
    })
}

/// A backdrop's tell when opacity is not used: a translucent background colour.
fn has_backdrop_colour(page: &Page, node: NodeId) -> bool {
    let style = page.attr(node, "style").unwrap_or("").to_ascii_lowercase();
    style.contains("rgba(") || style.contains("hsla(") || style.contains("backdrop")
}

/// Whether a wall block reads as interface (a call to action) rather than prose: styled as a
/// wall, short, or carrying buttons, forms or links.
fn looks_like_ui(page: &Page, block: NodeId) -> bool {
    let len = page.inner_text_len(block);
    let styled = std::iter::once(block)
        .chain(page.ancestors(block).take(3))
        .any(|n| super::has_class_word(page, n, WALL_CLASSES));
    let controls = page.descendants(block).any(|d| matches!(page.tag(d), "button" | "input" | "form" | "select"));
    styled || len <= 150 || controls || (len <= 400 && crate::page::metrics::link_density(page, block) >= 0.15)
}

/// Whether article prose comes after `block` in the document: a paragraph of 100 characters or
/// more, mostly not links, outside navigation, footers and layers.
fn prose_follows(page: &Page, block: NodeId) -> bool {
    let order: Vec<NodeId> = page.descendants(page.root()).collect();
    let Some(start) = order.iter().position(|&n| n == block) else { return false };
    order[start + 1..]
        .iter()
        .filter(|&&n| page.tag(n) == "p" && !page.is_inside(n, block))
        .filter(|&&n| {
            !page.ancestors(n).any(|a| matches!(page.tag(a), "footer" | "nav" | "aside"))
                && overlay_layer(page, n).is_none()
        })
        .any(|&n| {
            let t = page.inner_text(n);
            char_len(&t) >= 100
                && crate::page::metrics::link_density(page, n) < 0.3
                && contains_phrase(&t, CUT_PHRASES).is_none()
                && contains_phrase(&t, SIGN_IN_PHRASES).is_none()
        })
}

/// Whether a layer sits in the article's own container (not at the page's top level), beside
/// the article's prose.
fn in_article_flow(page: &Page, layer: NodeId) -> bool {
    let body = page.body();
    page.ancestors(layer)
        .take_while(|&a| Some(a) != body && page.element(a).is_some())
        .any(|a| has_prose_outside(page, a, layer))
}

/// Whether the element's own text (not only a descendant's) is where the wall talks; the
/// deepest such element anchors the block.
fn own_text_speaks(page: &Page, node: NodeId, guard: &ArticleGuard) -> bool {
    if !guard.may_be_shorter(node, 400) {
        return false;
    }
    let own_text = page.children(node).iter().filter_map(|&c| page.text(c)).any(|t| !t.trim().is_empty());
    own_text && page.inner_text_len(node) < 400
}

/// Climbs from the phrase to the whole wall block: up while what the parent adds is short
/// and holds no prose of the article (a short article must not go with its wall).
fn wall_block(page: &Page, start: NodeId, guard: &ArticleGuard) -> NodeId {
    let mut block = start;
    let body = page.body();
    while let Some(parent) = page.parent(block) {
        if Some(parent) == body
            || page.element(parent).is_none()
            || matches!(page.tag(parent), "html" | "article" | "main")
        {
            break;
        }
        let added = page.inner_text_len(parent).saturating_sub(page.inner_text_len(block));
        if guard.holds_article(page, parent) || added > 600 {
            break;
        }
        // A container styled as a wall is the wall, taglines and offers included.
        let styled = super::has_class_word(page, parent, WALL_CLASSES);
        if !styled && (added > 250 || has_prose_outside(page, parent, block)) {
            break;
        }
        block = parent;
    }
    block
}

/// Whether `container` holds, outside `block`, a heading or paragraph of the article: prose
/// that does not itself speak of subscriptions.
fn has_prose_outside(page: &Page, container: NodeId, block: NodeId) -> bool {
    page.descendants(container).any(|n| {
        matches!(page.tag(n), "p" | "h1" | "h2" | "li" | "blockquote") && !page.is_inside(n, block) && {
            let t = page.inner_text(n);
            // Prose: a sentence of some length, or a heading of the article.
            (char_len(&t) >= 80 || (matches!(page.tag(n), "h1" | "h2") && char_len(&t) >= 25))
                && contains_phrase(&t, CUT_PHRASES).is_none()
                && contains_phrase(&t, METER_PHRASES).is_none()
                && contains_phrase(&t, SIGN_IN_PHRASES).is_none()
                && crate::page::metrics::link_density(page, n) < 0.5
        }
    })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::input::html::parse;

    fn run(html: &str) -> (Wall, Vec<Finding>) {
        let page = parse(html, Some("https://news.example/a")).unwrap();
        let meta = crate::metadata::read(&page);
        detect(&page, &meta, &ArticleGuard::new(&page))
    }

    const PROSE: &str = "<p>This paragraph is the article text, long enough to count as prose for the guard, and it goes on a while.</p>";

    #[test]
    fn sign_up_block_cuts_the_article_off() {
        let html = format!("<article>{}{}</article><div class=gate><h3>Sign up to read this article</h3><p>Read news from 100’s of titles.</p><a>Already a member? Sign in here</a></div>", PROSE.repeat(8), "");
        let (wall, found) = run(&html);
        assert!(wall.detected && wall.cut_off);
        assert_eq!(wall.kind.as_deref(), Some("truncation"));
        assert_eq!(found.len(), 1);
        assert!(found[0].removal.text.starts_with("Sign up to read this article"));
    }

    #[test]
    fn the_wall_block_stops_short_of_a_short_article() {
        let html = "<div id=app><article><h1>A headline that is long enough</h1>\
            <p>First paragraph of the story, with enough words in it to count as prose, and commas, too.</p>\
            <p>Second paragraph with a little more text that the reader wants to keep in the view.</p></article>\
            <div class=overlay><p>Subscribe to continue reading this story.</p></div></div>";
        let (wall, found) = run(html);
        assert!(wall.detected);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].removal.text, "Subscribe to continue reading this story.");
    }

    #[test]
    fn a_subscribe_link_in_a_free_article_is_no_wall() {
        let html = format!(
            "<article>{}</article><footer><a href=/s>Subscribe now</a> · Already a subscriber? Log in</footer>",
            PROSE.repeat(8)
        );
        let (wall, found) = run(&html);
        assert!(!wall.detected);
        assert!(found.is_empty());
    }

    #[test]
    fn meter_nag_is_a_wall_without_cut() {
        let html = format!(
            "<article>{}</article><div class=nag>You have 2 free articles left this month.</div>",
            PROSE.repeat(8)
        );
        let (wall, _) = run(&html);
        assert!(wall.detected && !wall.cut_off);
        assert_eq!(wall.kind.as_deref(), Some("meter"));
    }

    /// A page whose JSON-LD marks `.paid` as for subscribers, with `part` in its article.
    fn marked(part: &str) -> String {
        format!(
            r#"<script type="application/ld+json">{{"@type":"NewsArticle","isAccessibleForFree":false,"hasPart":{{"@type":"WebPageElement","isAccessibleForFree":false,"cssSelector":".paid"}}}}</script>
            <article>{}{part}</article>"#,
            PROSE.repeat(8)
        )
    }

    #[test]
    fn json_ld_marked_parts_the_page_shows_stay() {
        let (wall, found) = run(&marked(r#"<div class="paid">Subscriber text the page shows.</div>"#));
        assert!(wall.detected && !wall.cut_off, "{wall:?}");
        assert_eq!(wall.kind.as_deref(), Some("markup"));
        assert!(found.is_empty());
        assert!(wall.signals.iter().any(|s| s == "subscriber-only part shown: .paid"));
    }

    #[test]
    fn json_ld_marked_parts_the_page_hides_are_withheld() {
        for part in [
            r#"<div class="paid" hidden>Secret subscriber text.</div>"#,
            r#"<div class="paid" style="display: none">Secret subscriber text.</div>"#,
            r#"<div class="paid" style="visibility:hidden">Secret subscriber text.</div>"#,
            r#"<div class="paid" aria-hidden="true">Secret subscriber text.</div>"#,
            r#"<section aria-hidden="true"><div class="paid">Secret subscriber text.</div></section>"#,
            r#"<section style="display:none"><div class="paid">Secret subscriber text.</div></section>"#,
        ] {
            let (wall, found) = run(&marked(part));
            assert!(wall.detected && wall.cut_off, "{part}: {wall:?}");
            // One finding, the part; none where the page's model leaves out what `display: none`
            // holds (as the live snapshot does): then nothing is marked, and that is withheld too.
            assert!(found.len() <= 1, "{part}");
            assert!(found.iter().all(|f| f.removal.reason == "subscriber-only part (.paid, JSON-LD)"), "{part}");
        }
        // Shown and hidden parts: the hidden one goes and cuts the article off; the shown one stays.
        let (wall, found) = run(&marked(
            r#"<div class="paid">Shown subscriber text.</div><div class="paid" style="visibility: hidden">Secret subscriber text.</div>"#,
        ));
        assert!(wall.cut_off);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].removal.text, "Secret subscriber text.");
    }

    #[test]
    fn json_ld_marked_parts_that_match_nothing_are_withheld() {
        let (wall, found) = run(&marked("<p>No part is marked up on this page.</p>"));
        assert!(wall.detected && wall.cut_off);
        assert!(found.is_empty());
    }

    #[test]
    fn json_ld_marked_parts_in_the_live_dom_follow_the_layout() {
        let mut page = parse(&marked(r#"<div class="paid">Secret subscriber text.</div>"#), None).unwrap();
        let part = page.descendants(page.root()).find(|&n| page.attr(n, "class") == Some("paid")).unwrap();
        // Every element laid out and displayed, as a snapshot gives them: the part is shown.
        let all: Vec<NodeId> = page.descendants(page.root()).filter(|&n| page.element(n).is_some()).collect();
        for &n in &all {
            page.element_mut(n).unwrap().layout = Some(crate::page::Layout::default());
        }
        let meta = crate::metadata::read(&page);
        let (wall, found) = detect(&page, &meta, &ArticleGuard::new(&page));
        assert!(wall.detected && !wall.cut_off && found.is_empty(), "{wall:?}");
        // The site's stylesheet hides it (`display: none` computed, no inline style): withheld.
        page.element_mut(part).unwrap().layout.as_mut().unwrap().display_none = true;
        let (wall, found) = detect(&page, &meta, &ArticleGuard::new(&page));
        assert!(wall.cut_off);
        assert_eq!(found.len(), 1);
    }
}
