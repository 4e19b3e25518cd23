//! The page model: an arena of elements and text, with the layout facts a browser knows.
//! Detection and extraction see only this; `input` fills it. No traversal recurses.
//!
//! Beside the arena: `selector` (a CSS selector engine over the model), `text` (whitespace and
//! keyword helpers), `metrics` (link density, visibility), `srcset` (the attribute's grammar).

pub mod metrics;
pub mod selector;
pub mod srcset;
pub mod text;

use serde::{Deserialize, Serialize};

/// How deep the page model nests elements; deeper ones are laid flat (`Page::flatten_deep`).
/// Chromium's HTML parser stops nesting at the same depth.
pub const MAX_DEPTH: usize = 512;

/// A node's index in its page's arena.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub u32);

impl NodeId {
    fn index(self) -> usize {
        self.0 as usize
    }
}

/// Which markup language an element belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Namespace {
    #[default]
    Html,
    Svg,
    MathMl,
}

/// How the element is positioned, as computed by the browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Position {
    #[default]
    Static,
    Relative,
    Absolute,
    Fixed,
    Sticky,
}

/// Layout facts the browser computed for an element. Absent for saved pages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Layout {
    pub display_none: bool,
    pub visibility_hidden: bool,
    pub position: Position,
    pub z_index: Option<i32>,
    pub opacity: f32,
    pub width: f32,
    pub height: f32,
    /// `overflow: hidden` (or `clip`) on either axis: a scroll lock when on html or body.
    pub overflow_hidden: bool,
    /// A `blur()` filter or backdrop filter.
    pub blurred: bool,
    /// A gradient mask or gradient background image: the fade of a fade wall.
    pub faded: bool,
}

impl Default for Layout {
    fn default() -> Self {
        Layout {
            display_none: false,
            visibility_hidden: false,
            position: Position::Static,
            z_index: None,
            opacity: 1.0,
            width: 0.0,
            height: 0.0,
            overflow_hidden: false,
            blurred: false,
            faded: false,
        }
    }
}

/// An element: its name (lowercase for HTML), namespace, attributes and layout facts.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    pub name: String,
    pub ns: Namespace,
    pub attrs: Vec<(String, String)>,
    pub layout: Option<Layout>,
}

impl Element {
    pub fn new(name: &str) -> Element {
        Element { name: name.to_string(), ns: Namespace::Html, attrs: Vec::new(), layout: None }
    }

    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    pub fn set_attr(&mut self, name: &str, value: &str) {
        match self.attrs.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = value.to_string(),
            None => self.attrs.push((name.to_string(), value.to_string())),
        }
    }

    pub fn remove_attr(&mut self, name: &str) {
        self.attrs.retain(|(n, _)| n != name);
    }

    /// Is this the HTML element `name`?
    pub fn is(&self, name: &str) -> bool {
        self.ns == Namespace::Html && self.name == name
    }
}

/// What a node is.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeData {
    Document,
    Element(Element),
    Text(String),
}

#[derive(Debug, Clone, PartialEq)]
struct Node {
    parent: Option<NodeId>,
    children: Vec<NodeId>,
    data: NodeData,
}

/// A whole page: node 0 is the document; `url` is its address when known.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    nodes: Vec<Node>,
    pub url: Option<String>,
}

impl Page {
    pub fn new(url: Option<String>) -> Page {
        Page { nodes: vec![Node { parent: None, children: Vec::new(), data: NodeData::Document }], url }
    }

    pub fn root(&self) -> NodeId {
        NodeId(0)
    }

    /// Lays elements nested deeper than `MAX_DEPTH` flat under their ancestor at that depth, in
    /// document order, each keeping its own text, as Chromium's parser does: the text and the
    /// paragraphs stay, the nesting goes. Everything after runs in time that grows with depth,
    /// so deep input is cut here, once.
    pub fn flatten_deep(&mut self) {
        let mut anchors = Vec::new();
        let mut stack = vec![(self.root(), 0usize)];
        while let Some((n, depth)) = stack.pop() {
            if depth == MAX_DEPTH {
                anchors.push(n);
                continue;
            }
            stack.extend(self.children(n).iter().map(|&c| (c, depth + 1)));
        }
        for anchor in anchors {
            let below: Vec<NodeId> = self.descendants(anchor).skip(1).collect();
            if below.iter().all(|&n| self.parent(n) == Some(anchor) || self.element(n).is_none()) {
                continue; // no element below the first level: already flat
            }
            let mut top = Vec::new();
            for &n in &below {
                let is_element = self.element(n).is_some();
                if is_element || self.parent(n) == Some(anchor) {
                    top.push(n);
                }
                if is_element {
                    let texts: Vec<NodeId> =
                        self.children(n).iter().copied().filter(|&c| self.element(c).is_none()).collect();
                    let node = &mut self.nodes[n.index()];
                    node.parent = Some(anchor);
                    node.children = texts;
                }
            }
            self.nodes[anchor.index()].children = top;
        }
    }

    /// How many nodes the arena holds (attached or not).
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.len() <= 1
    }

    pub fn data(&self, id: NodeId) -> &NodeData {
        &self.nodes[id.index()].data
    }

    pub fn element(&self, id: NodeId) -> Option<&Element> {
        match &self.nodes[id.index()].data {
            NodeData::Element(e) => Some(e),
            _ => None,
        }
    }

    pub fn element_mut(&mut self, id: NodeId) -> Option<&mut Element> {
        match &mut self.nodes[id.index()].data {
            NodeData::Element(e) => Some(e),
            _ => None,
        }
    }

    pub fn text(&self, id: NodeId) -> Option<&str> {
        match &self.nodes[id.index()].data {
            NodeData::Text(t) => Some(t),
            _ => None,
        }
    }

    /// The element's class and id, lowercased and joined by a space: what class-word tests
    /// (`text::class_word`) read. Camel case is cut into parts first (`stepContent` is read as
    /// `step-content`), so a word names a camel-cased part as it names a hyphenated one.
    pub fn class_and_id(&self, id: NodeId) -> String {
        let (class, idv) = (self.attr(id, "class").unwrap_or(""), self.attr(id, "id").unwrap_or(""));
        let mut out = String::with_capacity(class.len() + idv.len() + 8);
        text::lower_class_name_into(&mut out, class);
        out.push(' ');
        text::lower_class_name_into(&mut out, idv);
        out
    }

    /// The element's HTML tag name, or "" for anything else (SVG and MathML included).
    pub fn tag(&self, id: NodeId) -> &str {
        match self.element(id) {
            Some(e) if e.ns == Namespace::Html => &e.name,
            _ => "",
        }
    }

    pub fn attr(&self, id: NodeId, name: &str) -> Option<&str> {
        self.element(id).and_then(|e| e.attr(name))
    }

    pub fn layout(&self, id: NodeId) -> Option<&Layout> {
        self.element(id).and_then(|e| e.layout.as_ref())
    }

    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        self.nodes[id.index()].parent
    }

    pub fn children(&self, id: NodeId) -> &[NodeId] {
        &self.nodes[id.index()].children
    }

    /// The node after `id` under the same parent.
    pub fn next_sibling(&self, id: NodeId) -> Option<NodeId> {
        let kids = self.children(self.parent(id)?);
        kids.get(kids.iter().position(|&k| k == id)? + 1).copied()
    }

    /// The element after `id` under the same parent.
    pub fn next_element_sibling(&self, id: NodeId) -> Option<NodeId> {
        let kids = self.children(self.parent(id)?);
        let pos = kids.iter().position(|&k| k == id)?;
        kids[pos + 1..].iter().copied().find(|&k| self.element(k).is_some())
    }

    /// The element before `id` under the same parent.
    pub fn prev_element_sibling(&self, id: NodeId) -> Option<NodeId> {
        let kids = self.children(self.parent(id)?);
        let pos = kids.iter().position(|&k| k == id)?;
        kids[..pos].iter().rev().copied().find(|&k| self.element(k).is_some())
    }

    /// The texts below `id` joined by single spaces, so that blocks do not run together
    /// ("Related Stories" and the list after it); for samples and comparisons, not display.
    pub fn spaced_text(&self, id: NodeId) -> String {
        let texts: Vec<&str> = self.descendants(id).filter_map(|n| self.text(n)).collect();
        texts.join(" ")
    }

    /// The element children only.
    pub fn child_elements(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        self.children(id).iter().copied().filter(|&c| self.element(c).is_some())
    }

    /// Ancestors, nearest first.
    pub fn ancestors(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        std::iter::successors(self.parent(id), |&p| self.parent(p))
    }

    /// Whether `id` lies inside `ancestor` (or is it).
    pub fn is_inside(&self, id: NodeId, ancestor: NodeId) -> bool {
        id == ancestor || self.ancestors(id).any(|a| a == ancestor)
    }

    /// The node and everything below it, in document order.
    pub fn descendants(&self, id: NodeId) -> Descendants<'_> {
        Descendants { page: self, stack: vec![id] }
    }

    /// The nearest HTML element called `tag` above `id`.
    pub fn ancestor_tagged(&self, id: NodeId, tag: &str) -> Option<NodeId> {
        self.ancestors(id).find(|&a| self.tag(a) == tag)
    }

    /// The first element called `tag` anywhere below `id` (or `id` itself).
    pub fn find_tag(&self, id: NodeId, tag: &str) -> Option<NodeId> {
        self.descendants(id).find(|&n| self.tag(n) == tag)
    }

    /// All text below `id`, as the DOM's `textContent` gives it.
    pub fn text_content(&self, id: NodeId) -> String {
        let mut out = String::new();
        for n in self.descendants(id) {
            if let Some(t) = self.text(n) {
                out.push_str(t);
            }
        }
        out
    }

    /// The text below `id` with whitespace runs folded to one space and trimmed.
    pub fn inner_text(&self, id: NodeId) -> String {
        let (mut out, mut pending) = (String::new(), false);
        for n in self.descendants(id) {
            if let Some(t) = self.text(n) {
                crate::page::text::fold_into(&mut out, t, &mut pending);
            }
        }
        out
    }

    /// Does `id` hold any visible character? Stops at the first.
    pub fn has_text(&self, id: NodeId) -> bool {
        self.descendants(id)
            .filter_map(|n| self.text(n))
            .any(|t| t.chars().any(|c| !c.is_whitespace() && c != '\u{a0}'))
    }

    /// For every node, how many non-whitespace characters lie below it: one pass, and a
    /// lower bound on the length of its `inner_text`, to rule out long nodes without copying.
    pub fn dense_text_sizes(&self) -> Vec<u32> {
        let order: Vec<NodeId> = self.descendants(self.root()).collect();
        let mut sizes = vec![0u32; self.nodes.len()];
        for &n in order.iter().rev() {
            let own = self
                .text(n)
                .map(|t| t.chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}').count() as u32)
                .unwrap_or(0);
            let below: u32 = self.children(n).iter().map(|c| sizes[c.index()]).fold(0u32, u32::saturating_add);
            sizes[n.index()] = own.saturating_add(below);
        }
        sizes
    }

    /// The length in characters of `inner_text(id)`, counted in place without copying text.
    pub fn inner_text_len(&self, id: NodeId) -> usize {
        let (mut len, mut started, mut pending) = (0, false, false);
        for n in self.descendants(id) {
            let Some(t) = self.text(n) else { continue };
            for c in t.chars() {
                if c.is_whitespace() || c == '\u{a0}' {
                    pending = started;
                } else {
                    len += 1 + usize::from(pending);
                    pending = false;
                    started = true;
                }
            }
        }
        len
    }

    /// Adds a node as the last child of `parent`; adjacent text is merged.
    pub fn append(&mut self, parent: NodeId, data: NodeData) -> NodeId {
        if let NodeData::Text(t) = &data {
            if let Some(&last) = self.nodes[parent.index()].children.last() {
                if let NodeData::Text(prev) = &mut self.nodes[last.index()].data {
                    prev.push_str(t);
                    return last;
                }
            }
        }
        let id = NodeId(self.nodes.len() as u32);
        self.nodes.push(Node { parent: Some(parent), children: Vec::new(), data });
        self.nodes[parent.index()].children.push(id);
        id
    }

    /// Makes a node that belongs to no parent yet.
    pub fn create(&mut self, data: NodeData) -> NodeId {
        let id = NodeId(self.nodes.len() as u32);
        self.nodes.push(Node { parent: None, children: Vec::new(), data });
        id
    }

    /// Takes a node (and its subtree) out of the tree. It stays in the arena, unattached.
    pub fn detach(&mut self, id: NodeId) {
        if let Some(p) = self.nodes[id.index()].parent.take() {
            self.nodes[p.index()].children.retain(|&c| c != id);
        }
    }

    /// Moves `child` (detaching it first) to the end of `parent`'s children.
    pub fn append_child(&mut self, parent: NodeId, child: NodeId) {
        if child == parent || self.is_inside(parent, child) {
            return; // would make a cycle
        }
        self.detach(child);
        self.nodes[child.index()].parent = Some(parent);
        self.nodes[parent.index()].children.push(child);
    }

    /// Puts `new` (detaching it first) just before `sibling` under the same parent.
    pub fn insert_before(&mut self, sibling: NodeId, new: NodeId) {
        let Some(parent) = self.parent(sibling) else {
            return;
        };
        if new == sibling || self.is_inside(parent, new) {
            return;
        }
        self.detach(new);
        let pos = self.nodes[parent.index()].children.iter().position(|&c| c == sibling).unwrap_or(0);
        self.nodes[parent.index()].children.insert(pos, new);
        self.nodes[new.index()].parent = Some(parent);
    }

    /// Replaces `old` by `new` in `old`'s parent; `old` ends up unattached.
    pub fn replace(&mut self, old: NodeId, new: NodeId) {
        if self.parent(old).is_some() {
            self.insert_before(old, new);
            self.detach(old);
        }
    }

    /// Moves all children of `from` to the end of `to`.
    pub fn move_children(&mut self, from: NodeId, to: NodeId) {
        if self.is_inside(to, from) && to != from {
            return;
        }
        let kids = std::mem::take(&mut self.nodes[from.index()].children);
        for &k in &kids {
            self.nodes[k.index()].parent = Some(to);
        }
        self.nodes[to.index()].children.extend(kids);
    }

    /// Renames an element (e.g. a `div` that holds only phrasing content becomes a `p`).
    pub fn rename(&mut self, id: NodeId, name: &str) {
        if let Some(e) = self.element_mut(id) {
            e.name = name.to_string();
        }
    }

    /// The `<body>` element; None on a page without one (a frameset, an SVG or XML document),
    /// which has no article to read: nothing falls back to scanning `<head>`.
    pub fn body(&self) -> Option<NodeId> {
        self.find_tag(self.root(), "body")
    }

    /// The `<html>` element, when there is one.
    pub fn html_element(&self) -> Option<NodeId> {
        self.child_elements(self.root()).find(|&c| self.tag(c) == "html")
    }

    /// The elements below `id` (and `id`) that are HTML `tag`, in document order.
    pub fn elements_tagged<'a>(&'a self, id: NodeId, tag: &'a str) -> impl Iterator<Item = NodeId> + 'a {
        self.descendants(id).filter(move |&n| self.tag(n) == tag)
    }
}

/// A document-order walk below one node; an explicit stack, so depth costs no call stack.
pub struct Descendants<'a> {
    page: &'a Page,
    stack: Vec<NodeId>,
}

impl Iterator for Descendants<'_> {
    type Item = NodeId;

    fn next(&mut self) -> Option<NodeId> {
        let id = self.stack.pop()?;
        self.stack.extend(self.page.children(id).iter().rev().copied());
        Some(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn el(name: &str) -> NodeData {
        NodeData::Element(Element::new(name))
    }

    #[test]
    fn flatten_deep_keeps_every_node_in_order_and_bounds_the_depth() {
        let mut p = Page::new(None);
        let mut at = p.append(p.root(), el("body"));
        for i in 0..100_000 {
            at = p.append(at, el("div"));
            if i % 10_000 == 0 {
                p.append(at, NodeData::Text(format!("t{i} ")));
            }
        }
        p.append(at, NodeData::Text("end".into()));
        let before = p.text_content(p.root());
        let count = p.descendants(p.root()).count();
        p.flatten_deep();
        assert_eq!(p.text_content(p.root()), before);
        assert_eq!(p.descendants(p.root()).count(), count);
        let deepest = p.descendants(p.root()).map(|n| p.ancestors(n).count()).max().unwrap();
        assert_eq!(deepest, MAX_DEPTH + 2, "an element below the bound, its text below it");
    }

    #[test]
    fn builds_and_walks_in_document_order() {
        let mut p = Page::new(None);
        let body = p.append(p.root(), el("body"));
        let a = p.append(body, el("p"));
        p.append(a, NodeData::Text("one ".into()));
        p.append(a, NodeData::Text("two".into()));
        let b = p.append(body, el("p"));
        p.append(b, NodeData::Text("three".into()));
        assert_eq!(p.children(a).len(), 1, "adjacent text merges");
        assert_eq!(p.text_content(body), "one twothree");
        let tags: Vec<_> = p.descendants(body).map(|n| p.tag(n).to_string()).collect();
        assert_eq!(tags, ["body", "p", "", "p", ""]);
        assert_eq!(p.body(), Some(body));
    }

    #[test]
    fn inner_text_len_matches_the_folded_text() {
        let mut p = Page::new(None);
        let body = p.append(p.root(), el("body"));
        for t in ["  a \n b", "\u{a0}", "", "c  ", "漢字 é"] {
            let d = p.append(body, el("div"));
            p.append(d, NodeData::Text(t.into()));
        }
        assert_eq!(p.inner_text(body), "a b c 漢字 é");
        assert_eq!(p.inner_text_len(body), p.inner_text(body).chars().count());
        let empty = p.append(body, el("p"));
        assert_eq!(p.inner_text_len(empty), 0);
    }

    #[test]
    fn siblings_and_spaced_text() {
        let mut p = Page::new(None);
        let body = p.append(p.root(), el("body"));
        let a = p.append(body, el("p"));
        p.append(a, NodeData::Text("one".into()));
        let t = p.append(body, NodeData::Text(" ".into()));
        let b = p.append(body, el("p"));
        p.append(b, NodeData::Text("two".into()));
        assert_eq!(p.next_sibling(a), Some(t));
        assert_eq!(p.next_element_sibling(a), Some(b));
        assert_eq!(p.prev_element_sibling(b), Some(a));
        assert_eq!(p.prev_element_sibling(a), None);
        assert_eq!(p.next_element_sibling(b), None);
        assert_eq!(p.spaced_text(body), "one   two");
    }

    #[test]
    fn moves_refuse_cycles() {
        let mut p = Page::new(None);
        let a = p.append(p.root(), el("div"));
        let b = p.append(a, el("div"));
        p.append_child(b, a);
        assert_eq!(p.parent(b), Some(a));
        assert_eq!(p.parent(a), Some(p.root()));
    }

    #[test]
    fn deep_trees_walk_without_recursion() {
        let mut p = Page::new(None);
        let mut at = p.root();
        for _ in 0..200_000 {
            at = p.append(at, el("div"));
        }
        p.append(at, NodeData::Text("deep".into()));
        assert_eq!(p.text_content(p.root()), "deep");
        assert_eq!(p.ancestors(at).count(), 200_000);
    }
}
