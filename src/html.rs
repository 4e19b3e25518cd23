//! Fills the page model from saved HTML: html5ever parses, this module is its tree sink.
//! URLs come out absolute, as the live DOM gives them; inline styles give what layout they can.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::{ns, Attribute, ExpandedName, ParseOpts, QualName};

use crate::page::{Element, Namespace, NodeData, NodeId, Page};

/// Attributes that hold one URL.
pub const URL_ATTRS: &[&str] = &["href", "src", "poster", "data-src", "data-lazy-src", "data-original", "cite"];
/// Attributes that hold a `srcset` list.
pub const SRCSET_ATTRS: &[&str] = &["srcset", "data-srcset", "data-lazy-srcset"];

/// How deep a saved page may nest elements. html5ever scans its stack of open elements for many
/// tags, so its time grows with depth × tags; browsers' own parsers stop nesting far sooner
/// (Chromium at 512 levels). A page nested deeper is refused with `TooDeep`.
pub const PARSER_MAX_DEPTH: usize = 4_096;

/// Input is fed in slices of this many bytes, and the depth checked between them: past the
/// limit, parsing stops within one slice.
const SLICE: usize = 64 * 1024;

/// Why a saved page could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooDeep;

impl std::fmt::Display for TooDeep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the page nests elements more than {PARSER_MAX_DEPTH} levels deep, which no real page does; Folio does not read it")
    }
}

impl std::error::Error for TooDeep {}

/// Parses a whole HTML document into a page. `url` is the page's address.
pub fn parse(html: &str, url: Option<&str>) -> Result<Page, TooDeep> {
    let opts = ParseOpts {
        tree_builder: html5ever::tree_builder::TreeBuilderOpts {
            // As a saved page is read with scripts off, `<noscript>` holds markup (often the
            // real `<img>` of a lazy-loaded picture), not text.
            scripting_enabled: false,
            ..Default::default()
        },
        ..Default::default()
    };
    let mut parser = html5ever::parse_document(Sink::default(), opts);
    let mut rest = html;
    while !rest.is_empty() {
        let mut end = rest.len().min(SLICE);
        while !rest.is_char_boundary(end) {
            end += 1;
        }
        let (slice, tail) = rest.split_at(end);
        parser.process(StrTendril::from(slice));
        if parser.tokenizer.sink.sink.max_depth.get() > PARSER_MAX_DEPTH {
            return Err(TooDeep);
        }
        rest = tail;
    }
    let sink = parser.finish();
    let mut page = sink.into_page(url.map(str::to_string));
    page.flatten_deep();
    resolve_urls(&mut page);
    Ok(page)
}

/// One node as the parser builds it; the finished page keeps only elements and text.
#[derive(Debug)]
enum Data {
    Document,
    Element { name: Rc<QualName>, attrs: Vec<(String, String)>, template: Option<usize>, mathml_ip: bool },
    Text(String),
    Other,
}

#[derive(Debug)]
struct SinkNode {
    parent: Option<usize>,
    /// Levels below the document where the element was last inserted (0 for text: it has no
    /// children to count from it).
    depth: usize,
    children: Vec<usize>,
    data: Data,
}

/// A handle carries the element's name so that `elem_name` can lend it out.
#[derive(Clone, Debug)]
struct Handle {
    id: usize,
    name: Rc<QualName>,
}

struct Sink {
    nodes: RefCell<Vec<SinkNode>>,
    no_name: Rc<QualName>,
    quirks: Cell<QuirksMode>,
    /// The deepest insertion so far.
    max_depth: Cell<usize>,
}

impl Default for Sink {
    fn default() -> Self {
        Sink {
            nodes: RefCell::new(vec![SinkNode { parent: None, depth: 0, children: Vec::new(), data: Data::Document }]),
            no_name: Rc::new(QualName::new(None, ns!(), html5ever::LocalName::from(""))),
            quirks: Cell::new(QuirksMode::NoQuirks),
            max_depth: Cell::new(0),
        }
    }
}

impl Sink {
    fn new_node(&self, data: Data) -> usize {
        let mut nodes = self.nodes.borrow_mut();
        nodes.push(SinkNode { parent: None, depth: 0, children: Vec::new(), data });
        nodes.len() - 1
    }

    fn handle(&self, id: usize) -> Handle {
        let name = match &self.nodes.borrow()[id].data {
            Data::Element { name, .. } => name.clone(),
            _ => self.no_name.clone(),
        };
        Handle { id, name }
    }

    fn detach(&self, id: usize) {
        let mut nodes = self.nodes.borrow_mut();
        if let Some(p) = nodes[id].parent.take() {
            nodes[p].children.retain(|&c| c != id);
        }
    }

    /// Appends text to `parent` at `pos` (the end when None), merging with a text neighbour.
    fn insert_text(&self, parent: usize, pos: Option<usize>, text: &str) {
        let mut nodes = self.nodes.borrow_mut();
        let kids = &nodes[parent].children;
        let before = match pos {
            Some(i) if i > 0 => Some(kids[i - 1]),
            Some(_) => None,
            None => kids.last().copied(),
        };
        if let Some(prev) = before {
            if let Data::Text(t) = &mut nodes[prev].data {
                t.push_str(text);
                return;
            }
        }
        nodes.push(SinkNode {
            parent: Some(parent),
            depth: 0,
            children: Vec::new(),
            data: Data::Text(text.to_string()),
        });
        let id = nodes.len() - 1;
        match pos {
            Some(i) => nodes[parent].children.insert(i, id),
            None => nodes[parent].children.push(id),
        }
    }

    fn insert_node(&self, parent: usize, pos: Option<usize>, child: usize) {
        self.detach(child);
        let mut nodes = self.nodes.borrow_mut();
        let depth = nodes[parent].depth + 1;
        self.max_depth.set(self.max_depth.get().max(depth));
        nodes[child].parent = Some(parent);
        nodes[child].depth = depth;
        match pos {
            Some(i) => nodes[parent].children.insert(i, child),
            None => nodes[parent].children.push(child),
        }
    }

    /// Copies the tree reachable from the document into a compact page (no comments, no
    /// template contents), walking with an explicit stack.
    fn into_page(self, url: Option<String>) -> Page {
        let nodes = self.nodes.into_inner();
        let mut page = Page::new(url);
        let mut stack: Vec<(usize, NodeId)> = nodes[0].children.iter().rev().map(|&c| (c, page.root())).collect();
        while let Some((src, parent)) = stack.pop() {
            match &nodes[src].data {
                Data::Text(t) => {
                    page.append(parent, NodeData::Text(t.clone()));
                }
                Data::Element { name, attrs, .. } => {
                    let ns = if name.ns == ns!(svg) {
                        Namespace::Svg
                    } else if name.ns == ns!(mathml) {
                        Namespace::MathMl
                    } else {
                        Namespace::Html
                    };
                    // A saved page has no computed style; its inline styles are what it says.
                    let layout =
                        attrs.iter().find(|(k, _)| k == "style").and_then(|(_, v)| crate::style::layout_from_inline(v));
                    let el = Element { name: name.local.to_string(), ns, attrs: attrs.clone(), layout };
                    let id = page.append(parent, NodeData::Element(el));
                    stack.extend(nodes[src].children.iter().rev().map(|&c| (c, id)));
                }
                Data::Document | Data::Other => {}
            }
        }
        page
    }
}

impl TreeSink for Sink {
    type Handle = Handle;
    type Output = Self;
    type ElemName<'a> = ExpandedName<'a>;

    fn finish(self) -> Self {
        self
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> Handle {
        self.handle(0)
    }

    fn elem_name<'a>(&'a self, target: &'a Handle) -> ExpandedName<'a> {
        target.name.expanded()
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> Handle {
        let template = flags.template.then(|| self.new_node(Data::Other));
        let attrs = attrs.into_iter().map(|a| (a.name.local.to_string(), a.value.to_string())).collect();
        let name = Rc::new(name);
        let id = self.new_node(Data::Element {
            name: name.clone(),
            attrs,
            template,
            mathml_ip: flags.mathml_annotation_xml_integration_point,
        });
        Handle { id, name }
    }

    fn create_comment(&self, _text: StrTendril) -> Handle {
        self.handle(self.new_node(Data::Other))
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> Handle {
        self.handle(self.new_node(Data::Other))
    }

    fn append(&self, parent: &Handle, child: NodeOrText<Handle>) {
        match child {
            NodeOrText::AppendNode(n) => self.insert_node(parent.id, None, n.id),
            NodeOrText::AppendText(t) => self.insert_text(parent.id, None, &t),
        }
    }

    fn append_based_on_parent_node(&self, element: &Handle, prev_element: &Handle, child: NodeOrText<Handle>) {
        let has_parent = self.nodes.borrow()[element.id].parent.is_some();
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _name: StrTendril, _public_id: StrTendril, _system_id: StrTendril) {}

    fn get_template_contents(&self, target: &Handle) -> Handle {
        let contents = match &self.nodes.borrow()[target.id].data {
            Data::Element { template: Some(t), .. } => Some(*t),
            _ => None,
        };
        // The parser only asks for templates; a fresh detached node keeps a broken promise harmless.
        let id = contents.unwrap_or_else(|| self.new_node(Data::Other));
        self.handle(id)
    }

    fn same_node(&self, x: &Handle, y: &Handle) -> bool {
        x.id == y.id
    }

    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.quirks.set(mode);
    }

    fn append_before_sibling(&self, sibling: &Handle, new_node: NodeOrText<Handle>) {
        let (parent, pos) = {
            let nodes = self.nodes.borrow();
            let Some(parent) = nodes[sibling.id].parent else {
                return;
            };
            let pos = nodes[parent].children.iter().position(|&c| c == sibling.id).unwrap_or(0);
            (parent, pos)
        };
        match new_node {
            NodeOrText::AppendText(t) => self.insert_text(parent, Some(pos), &t),
            NodeOrText::AppendNode(n) => {
                self.detach(n.id);
                // Detaching may have shifted the sibling when both shared a parent.
                let pos = self.nodes.borrow()[parent].children.iter().position(|&c| c == sibling.id).unwrap_or(0);
                self.insert_node(parent, Some(pos), n.id);
            }
        }
    }

    fn add_attrs_if_missing(&self, target: &Handle, attrs: Vec<Attribute>) {
        if let Data::Element { attrs: have, .. } = &mut self.nodes.borrow_mut()[target.id].data {
            for a in attrs {
                let name = a.name.local.to_string();
                if !have.iter().any(|(n, _)| *n == name) {
                    have.push((name, a.value.to_string()));
                }
            }
        }
    }

    fn remove_from_parent(&self, target: &Handle) {
        self.detach(target.id);
    }

    fn reparent_children(&self, node: &Handle, new_parent: &Handle) {
        let mut nodes = self.nodes.borrow_mut();
        let kids = std::mem::take(&mut nodes[node.id].children);
        for &k in &kids {
            nodes[k].parent = Some(new_parent.id);
        }
        nodes[new_parent.id].children.extend(kids);
    }

    fn is_mathml_annotation_xml_integration_point(&self, handle: &Handle) -> bool {
        matches!(self.nodes.borrow()[handle.id].data, Data::Element { mathml_ip: true, .. })
    }
}

/// Makes link and image URLs absolute against `<base href>` and the page's address.
fn resolve_urls(page: &mut Page) {
    let Some(page_url) = page.url.as_deref().and_then(|u| url::Url::parse(u).ok()) else {
        return;
    };
    let base = page
        .elements_tagged(page.root(), "base")
        .find_map(|b| page.attr(b, "href"))
        .and_then(|href| page_url.join(href.trim()).ok())
        .unwrap_or(page_url);
    let ids: Vec<NodeId> = page.descendants(page.root()).filter(|&n| page.element(n).is_some()).collect();
    for id in ids {
        let Some(el) = page.element_mut(id) else {
            continue;
        };
        for (name, value) in el.attrs.iter_mut() {
            if URL_ATTRS.contains(&name.as_str()) {
                if let Some(abs) = absolute(&base, value) {
                    *value = abs;
                }
            } else if SRCSET_ATTRS.contains(&name.as_str()) {
                *value = resolve_srcset(&base, value);
            }
        }
    }
}

fn absolute(base: &url::Url, value: &str) -> Option<String> {
    let v = value.trim();
    if v.is_empty() || v.starts_with('#') {
        return None; // in-page links stay as they are
    }
    base.join(v).ok().map(String::from)
}

/// Resolves each candidate of a `srcset` list (`url descriptor, url descriptor`).
pub(crate) fn resolve_srcset(base: &url::Url, srcset: &str) -> String {
    crate::images::srcset_candidates(srcset)
        .into_iter()
        .map(|(u, d)| {
            let abs = absolute(base, &u).unwrap_or(u);
            if d.is_empty() {
                abs
            } else {
                format!("{abs} {d}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_elements_text_and_namespaces() {
        let p =
            parse("<!doctype html><title>T</title><p class=x>Hi <b>there</b><!-- c --><svg><path d=1/></svg>", None)
                .unwrap();
        let para = p.find_tag(p.root(), "p").unwrap();
        assert_eq!(p.attr(para, "class"), Some("x"));
        assert_eq!(p.text_content(para), "Hi there");
        let svg = p.descendants(p.root()).find(|&n| p.element(n).map(|e| e.name == "svg").unwrap_or(false)).unwrap();
        assert_eq!(p.element(svg).unwrap().ns, Namespace::Svg);
        assert_eq!(p.tag(svg), "", "svg is not an HTML tag");
    }

    #[test]
    fn misnested_markup_builds_a_tree() {
        let p = parse("<p>a<b>b<i>c</b>d</i>e<table><tr><td>x</table>f", None).unwrap();
        assert_eq!(p.text_content(p.body()), "abcdexf");
    }

    #[test]
    fn resolves_urls_against_base() {
        let p = parse(
            r##"<base href="/sub/"><a href="x.html">a</a><img src="i.png" srcset="a.png 1x, /b.png 2x"><a href="#top">t</a>"##,
            Some("https://example.com/dir/page.html"),
        ).unwrap();
        let a = p.find_tag(p.root(), "a").unwrap();
        assert_eq!(p.attr(a, "href"), Some("https://example.com/sub/x.html"));
        let img = p.find_tag(p.root(), "img").unwrap();
        assert_eq!(p.attr(img, "src"), Some("https://example.com/sub/i.png"));
        assert_eq!(p.attr(img, "srcset"), Some("https://example.com/sub/a.png 1x, https://example.com/b.png 2x"));
        let top = p.elements_tagged(p.root(), "a").nth(1).unwrap();
        assert_eq!(p.attr(top, "href"), Some("#top"));
    }

    #[test]
    fn noscript_holds_markup() {
        let p = parse("<noscript><img src=a.png></noscript>", None).unwrap();
        assert!(p.find_tag(p.root(), "img").is_some());
    }

    #[test]
    fn deep_nesting_is_laid_flat_below_max_depth() {
        let levels = crate::page::MAX_DEPTH;
        let html = "<div>".repeat(levels) + "<p>deep</p>" + &"</div>".repeat(levels) + "<p>after</p>";
        let p = parse(&html, None).unwrap();
        assert_eq!(p.text_content(p.root()), "deepafter");
        let deep = p.descendants(p.root()).find(|&n| p.text(n) == Some("deep")).unwrap();
        let para = p.parent(deep).unwrap();
        assert_eq!(p.tag(para), "p", "the paragraph keeps its text");
        assert_eq!(p.ancestors(para).count(), levels + 1, "laid under the element at depth {levels}");
    }

    #[test]
    fn nesting_past_the_parser_bound_is_refused() {
        // html5ever scans its open-element stack per tag, so its time grows as depth²: 100,000
        // levels took ~35 s. Parsing stops within one slice of passing PARSER_MAX_DEPTH.
        let html = "<div>".repeat(100_000) + "deep";
        assert_eq!(parse(&html, None).err(), Some(TooDeep));
        let html = "<div>".repeat(PARSER_MAX_DEPTH - 10) + "deep";
        assert!(parse(&html, None).is_ok());
    }
}
