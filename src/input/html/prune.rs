//! Leaves out of a saved page what the live snapshot never reads, so that both inputs give the
//! detectors and extraction the same tree (the rules are those of `extension/content/snapshot.js`).

use crate::page::{NodeId, Page};

/// Never read: code, styles, inert markup (JSON-LD stays: it is metadata and wall markup).
const UNREAD: &[&str] = &["script", "style", "noscript", "template", "link"];
/// Read without their contents: embedded documents (their `src` tells ads and videos apart).
const READ_EMPTY: &[&str] = &["iframe", "object", "embed", "frame"];

/// Drops unread elements and the contents of embedded documents and of elements hidden by
/// `display: none` (the live snapshot does not descend into those). A `<noscript>` that holds
/// the real `<img>` of a lazy placeholder first lends it its sources: in the browser, with
/// scripts on, the lazy loader has done that already.
pub(super) fn prune(page: &mut Page) {
    let all: Vec<NodeId> = page.descendants(page.root()).collect();
    for &id in &all {
        if page.tag(id) == "noscript" {
            use_noscript_image(page, id);
        }
    }
    for &id in &all {
        let Some(el) = page.element(id) else { continue };
        let json_ld =
            el.name == "script" && el.attr("type").is_some_and(|t| t.to_ascii_lowercase().contains("ld+json"));
        if UNREAD.contains(&el.name.as_str()) && !json_ld {
            page.detach(id);
        } else if READ_EMPTY.contains(&el.name.as_str()) || el.layout.as_ref().is_some_and(|l| l.display_none) {
            for child in page.children(id).to_vec() {
                page.detach(child);
            }
        }
    }
}

/// A `<noscript>` after a lazy placeholder often holds the real `<img>`: use its sources.
fn use_noscript_image(page: &mut Page, noscript: NodeId) {
    let imgs: Vec<NodeId> = page.elements_tagged(noscript, "img").collect();
    if imgs.len() != 1 || page.has_text(noscript) {
        return;
    }
    let Some(parent) = page.parent(noscript) else {
        return;
    };
    let siblings: Vec<NodeId> = page.child_elements(parent).collect();
    let Some(pos) = siblings.iter().position(|&s| s == noscript) else {
        return;
    };
    let Some(&prev) = pos.checked_sub(1).and_then(|i| siblings.get(i)) else {
        return;
    };
    let prev_imgs: Vec<NodeId> = page.elements_tagged(prev, "img").collect();
    if prev_imgs.len() != 1 || page.has_text(prev) {
        return;
    }
    let new_attrs = page.element(imgs[0]).map(|e| e.attrs.clone()).unwrap_or_default();
    if let Some(old) = page.element_mut(prev_imgs[0]) {
        for (k, v) in new_attrs {
            if matches!(k.as_str(), "src" | "srcset" | "alt" | "width" | "height") {
                old.set_attr(&k, &v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::input::html::parse;

    #[test]
    fn a_saved_page_loses_what_the_live_snapshot_never_reads() {
        let page = parse(
            r#"<html><head><style>p { color: red }</style><link rel=stylesheet href=a.css>
            <script type="application/ld+json">{"@type":"NewsArticle"}</script></head>
            <body><script>var wall = "Subscribe to keep reading";</script><template><p>Later</p></template>
            <p>Shown</p><div style="display: none"><p>Hidden copy</p></div>
            <iframe src="https://ads.example/slot">fallback</iframe>
            <img src="data:image/gif;base64,R0lGOD"><noscript><img src="https://example.com/real.jpg"></noscript>
            </body></html>"#,
            Some("https://example.com/a"),
        )
        .unwrap();
        let text = page.text_content(page.root());
        assert!(text.contains("Shown") && text.contains("NewsArticle"), "{text}");
        for gone in ["color: red", "Subscribe", "Later", "Hidden copy", "fallback"] {
            assert!(!text.contains(gone), "{gone} is still read: {text}");
        }
        let tags: Vec<&str> = page.descendants(page.root()).map(|n| page.tag(n)).collect();
        for gone in ["style", "link", "template", "noscript"] {
            assert!(!tags.contains(&gone), "{gone} is still there");
        }
        assert_eq!(tags.iter().filter(|&&t| t == "script").count(), 1, "JSON-LD stays");
        assert!(tags.contains(&"iframe") && tags.contains(&"div"), "the emptied elements stay");
        let img = page.find_tag(page.root(), "img").unwrap();
        assert_eq!(page.attr(img, "src"), Some("https://example.com/real.jpg"), "the noscript image lends its source");
    }
}
