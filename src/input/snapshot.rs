//! Fills the page model from a snapshot of the live DOM, taken by `extension/content/snapshot.js`.
//! The snapshot is flat JSON (no nesting, so any depth parses) and is checked, never trusted.

use serde::Deserialize;

use crate::page::{Element, Layout, Namespace, NodeData, NodeId, Page, Position};

/// The version of the snapshot format this core reads.
pub const VERSION: u32 = 1;

/// A snapshot as `snapshot.js` writes it.
#[derive(Debug, Deserialize)]
pub struct Snapshot {
    #[serde(default)]
    pub v: u32,
    /// Set by the content script instead of `nodes` when it could not read the page.
    #[serde(default)]
    pub error: Option<String>,
    pub url: Option<String>,
    #[serde(default)]
    pub nodes: Vec<SnapNode>,
}

/// One node: an element (`t`, `a`, `n`, `l`) or a text (`x`); `p` is its parent's index, where
/// 0 is the document and node `i` of the list is index `i + 1`.
#[derive(Debug, Deserialize)]
pub struct SnapNode {
    pub p: u32,
    #[serde(default)]
    pub t: Option<String>,
    #[serde(default)]
    pub x: Option<String>,
    #[serde(default)]
    pub a: Vec<String>,
    #[serde(default)]
    pub n: u8,
    #[serde(default)]
    pub l: Option<SnapLayout>,
}

/// Layout facts, each present only when it differs from the default.
#[derive(Debug, Default, Deserialize)]
pub struct SnapLayout {
    #[serde(default)]
    pub d: u8,
    #[serde(default)]
    pub v: u8,
    #[serde(default)]
    pub p: Option<String>,
    #[serde(default)]
    pub z: Option<i32>,
    #[serde(default)]
    pub o: Option<f32>,
    #[serde(default)]
    pub w: f32,
    #[serde(default)]
    pub h: f32,
    #[serde(default)]
    pub ov: u8,
    #[serde(default)]
    pub b: u8,
    #[serde(default)]
    pub f: u8,
}

/// Why a snapshot could not become a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotError(pub String);

impl std::fmt::Display for SnapshotError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "bad page snapshot: {}", self.0)
    }
}

/// Parses snapshot JSON and builds the page.
pub fn parse(json: &str) -> Result<Page, SnapshotError> {
    parse_indexed(json).map(|(page, _)| page)
}

/// Parses snapshot JSON and builds the page, with where each element came from: entry `id` of
/// the second value is the 0-based index in the snapshot's `nodes` of the page's node `id`.
pub fn parse_indexed(json: &str) -> Result<(Page, Vec<Option<u32>>), SnapshotError> {
    let snap: Snapshot = serde_json::from_str(json).map_err(|e| SnapshotError(e.to_string()))?;
    to_page(snap)
}

/// Builds the page from a parsed snapshot, checking every parent link.
pub fn to_page(snap: Snapshot) -> Result<(Page, Vec<Option<u32>>), SnapshotError> {
    if let Some(why) = snap.error {
        return Err(SnapshotError(format!("the page could not be read: {}", crate::page::text::sample(&why, 200))));
    }
    if snap.v != VERSION {
        return Err(SnapshotError(format!("format version {} (this core reads {VERSION})", snap.v)));
    }
    let url = snap.url.filter(|u| u.starts_with("http://") || u.starts_with("https://") || u.starts_with("file:"));
    let mut page = Page::new(url);
    // Which page id each snapshot index became (text merges may reuse an id).
    let mut ids: Vec<NodeId> = Vec::with_capacity(snap.nodes.len() + 1);
    ids.push(page.root());
    let mut is_text: Vec<bool> = Vec::with_capacity(snap.nodes.len() + 1);
    is_text.push(false);
    let mut origin: Vec<Option<u32>> = vec![None];
    for (i, node) in snap.nodes.into_iter().enumerate() {
        let parent = node.p as usize;
        if parent > i || is_text[parent] {
            return Err(SnapshotError(format!("node {} names parent {} that cannot hold it", i + 1, parent)));
        }
        let parent = ids[parent];
        let (data, text) = match (node.t, node.x) {
            (Some(tag), None) => (NodeData::Element(element(tag, node.a, node.n, node.l)), false),
            (None, Some(text)) => (NodeData::Text(text), true),
            _ => return Err(SnapshotError(format!("node {} is neither an element nor a text", i + 1))),
        };
        let id = page.append(parent, data);
        if origin.len() <= id.0 as usize {
            origin.resize(id.0 as usize + 1, None);
            origin[id.0 as usize] = Some(i as u32);
        }
        ids.push(id);
        is_text.push(text);
    }
    lift_loading_guard(&mut page);
    page.flatten_deep();
    Ok((page, origin))
}

/// A whole-page loading guard (Chartbeat's `body { visibility: hidden }`, AMP's boilerplate
/// animation, Kameleoon's `* { visibility: hidden }`, Google Optimize's `opacity: 0` on `<html>`)
/// blanks the page until a vendor script runs: the page is loading, not hiding anything from the
/// reader. `visibility: hidden` held unbroken from `<html>` or `<body>` down is lifted, and so is
/// `opacity: 0` on those two. Not when an element with text shows itself over the hidden page:
/// then the page chose what the reader sees (a notice over a hidden article), and that stands.
fn lift_loading_guard(page: &mut Page) {
    let Some(html) = page.html_element() else { return };
    let bodies: Vec<NodeId> = page.child_elements(html).filter(|&c| page.tag(c) == "body").collect();
    for &id in std::iter::once(&html).chain(&bodies) {
        if let Some(l) = page.element_mut(id).and_then(|e| e.layout.as_mut()) {
            if l.opacity == 0.0 {
                l.opacity = 1.0;
            }
        }
    }
    let hidden = |page: &Page, id| page.layout(id).is_some_and(|l| l.visibility_hidden);
    let mut guarded = Vec::new();
    let mut stack = if hidden(page, html) { vec![html] } else { bodies };
    while let Some(id) = stack.pop() {
        if hidden(page, id) {
            guarded.push(id);
            stack.extend(page.child_elements(id));
        } else if !matches!(page.tag(id), "head" | "script") && page.has_text(id) {
            // Shown over the hidden page. (<head> is read without layout facts and never shown;
            // nor is JSON-LD.)
            return;
        }
    }
    for id in guarded {
        if let Some(l) = page.element_mut(id).and_then(|e| e.layout.as_mut()) {
            l.visibility_hidden = false;
        }
    }
}

fn element(tag: String, flat_attrs: Vec<String>, ns: u8, layout: Option<SnapLayout>) -> Element {
    let ns = match ns {
        1 => Namespace::Svg,
        2 => Namespace::MathMl,
        _ => Namespace::Html,
    };
    let name = if ns == Namespace::Html { tag.to_ascii_lowercase() } else { tag };
    let mut it = flat_attrs.into_iter();
    let mut attrs = Vec::new();
    while let (Some(k), Some(v)) = (it.next(), it.next()) {
        attrs.push((k.to_ascii_lowercase(), v));
    }
    Element { name, ns, attrs, layout: layout.map(to_layout) }
}

fn to_layout(l: SnapLayout) -> Layout {
    let position = match l.p.as_deref() {
        Some("relative") => Position::Relative,
        Some("absolute") => Position::Absolute,
        Some("fixed") => Position::Fixed,
        Some("sticky") => Position::Sticky,
        _ => Position::Static,
    };
    Layout {
        display_none: l.d != 0,
        visibility_hidden: l.v != 0,
        position,
        z_index: l.z,
        opacity: l.o.filter(|o| o.is_finite()).unwrap_or(1.0).clamp(0.0, 1.0),
        width: if l.w.is_finite() { l.w } else { 0.0 },
        height: if l.h.is_finite() { l.h } else { 0.0 },
        overflow_hidden: l.ov != 0,
        blurred: l.b != 0,
        faded: l.f != 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_a_page_with_layout() {
        let json = r#"{"v":1,"url":"https://e.com/a","nodes":[
            {"p":0,"t":"HTML","a":["lang","en"]},
            {"p":1,"t":"body","l":{"ov":1}},
            {"p":2,"t":"div","a":["class","wall"],"l":{"p":"fixed","z":999,"w":800,"h":600,"b":1}},
            {"p":3,"x":"Subscribe"},
            {"p":2,"t":"svg","n":1}
        ]}"#;
        let page = parse(json).unwrap();
        let html = page.html_element().unwrap();
        assert_eq!(page.attr(html, "lang"), Some("en"));
        let wall = page.find_tag(page.root(), "div").unwrap();
        let l = page.layout(wall).unwrap();
        assert_eq!((l.position, l.z_index, l.blurred), (Position::Fixed, Some(999), true));
        assert_eq!(page.text_content(wall), "Subscribe");
        assert!(page.layout(page.body().unwrap()).unwrap().overflow_hidden);
        assert_eq!(page.url.as_deref(), Some("https://e.com/a"));
    }

    #[test]
    fn rejects_bad_links_and_versions() {
        assert!(parse(r#"{"v":1,"nodes":[{"p":1,"t":"div"}]}"#).is_err(), "parent after child");
        assert!(parse(r#"{"v":1,"nodes":[{"p":0,"x":"a"},{"p":1,"t":"b"}]}"#).is_err(), "text as parent");
        assert!(parse(r#"{"v":2,"nodes":[]}"#).is_err());
        assert!(parse(r#"{"v":1,"nodes":[{"p":0}]}"#).is_err());
        assert!(parse("not json").is_err());
    }

    #[test]
    fn maps_page_nodes_back_to_snapshot_indices() {
        let json = r#"{"v":1,"nodes":[{"p":0,"t":"body"},{"p":1,"x":"a"},{"p":1,"x":"b"},{"p":1,"t":"div"}]}"#;
        let (page, origin) = parse_indexed(json).unwrap();
        let div = page.find_tag(page.root(), "div").unwrap();
        assert_eq!(origin[div.0 as usize], Some(3));
        assert_eq!(origin[page.body().unwrap().0 as usize], Some(0));
    }

    #[test]
    fn a_content_script_error_is_said_plainly() {
        let e = parse(r#"{"error":"el.attributes is not iterable","url":"https://e.com/"}"#).unwrap_err();
        assert_eq!(e.to_string(), "bad page snapshot: the page could not be read: el.attributes is not iterable");
    }

    #[test]
    fn drops_unsafe_page_urls() {
        let page = parse(r#"{"v":1,"url":"javascript:alert(1)","nodes":[]}"#).unwrap();
        assert_eq!(page.url, None);
    }

    #[test]
    fn a_whole_page_loading_guard_is_lifted() {
        // `* { visibility: hidden }`: every element has it (<head> and JSON-LD: no layout facts).
        let json = r#"{"v":1,"nodes":[
            {"p":0,"t":"html","l":{"o":0,"v":1}},
            {"p":1,"t":"head"},
            {"p":2,"t":"title"},
            {"p":3,"x":"The title"},
            {"p":1,"t":"body","l":{"v":1}},
            {"p":5,"t":"article","l":{"v":1}},
            {"p":6,"t":"p","l":{"v":1}},
            {"p":7,"x":"The article."},
            {"p":5,"t":"script","a":["type","application/ld+json"]},
            {"p":9,"x":"{}"}
        ]}"#;
        let page = parse(json).unwrap();
        let hidden = |id: NodeId| page.layout(id).is_some_and(|l| l.visibility_hidden);
        let [body, article, p] = ["body", "article", "p"].map(|t| page.find_tag(page.root(), t).unwrap());
        assert!(!hidden(body) && !hidden(article) && !hidden(p));
        assert_eq!(page.layout(page.html_element().unwrap()).unwrap().opacity, 1.0);
    }

    #[test]
    fn a_notice_shown_over_a_hidden_page_keeps_the_page_hidden() {
        // body { visibility: hidden } with one element made visible again: the page chose it.
        let json = r#"{"v":1,"nodes":[
            {"p":0,"t":"html"},
            {"p":1,"t":"body","l":{"v":1}},
            {"p":2,"t":"article","l":{"v":1}},
            {"p":3,"x":"The article."},
            {"p":2,"t":"div","a":["class","adblock-notice"],"l":{"p":"fixed"}},
            {"p":5,"x":"Please turn off your ad blocker."}
        ]}"#;
        let page = parse(json).unwrap();
        let article = page.find_tag(page.root(), "article").unwrap();
        assert!(page.layout(article).unwrap().visibility_hidden);
    }

    #[test]
    fn hidden_content_in_a_visible_page_stays_hidden() {
        let json = r#"{"v":1,"nodes":[
            {"p":0,"t":"html"},
            {"p":1,"t":"body"},
            {"p":2,"t":"div","a":["class","paywalled"],"l":{"v":1,"o":0}},
            {"p":3,"t":"p","l":{"v":1}}
        ]}"#;
        let page = parse(json).unwrap();
        let [div, p] = ["div", "p"].map(|t| page.find_tag(page.root(), t).unwrap());
        assert!(page.layout(div).unwrap().visibility_hidden && page.layout(p).unwrap().visibility_hidden);
        assert_eq!(page.layout(div).unwrap().opacity, 0.0);
    }

    #[test]
    fn deep_snapshots_parse() {
        let mut json = String::from(r#"{"v":1,"nodes":["#);
        for i in 0..100_000 {
            if i > 0 {
                json.push(',');
            }
            json.push_str(&format!(r#"{{"p":{i},"t":"div"}}"#));
        }
        json.push_str("]}");
        assert_eq!(parse(&json).unwrap().len(), 100_001);
    }
}
