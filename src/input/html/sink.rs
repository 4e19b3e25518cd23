//! html5ever's tree sink: builds the parser's tree in an arena (no reference-counted DOM, no
//! recursive drops), then copies what a page keeps (elements and text) into the page model.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::StrTendril;
use html5ever::{ns, Attribute, ExpandedName, QualName};

use super::inline_style::layout_from_inline;
use crate::page::{Element, Namespace, NodeData, NodeId, Page};

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
pub(super) struct Handle {
    id: usize,
    name: Rc<QualName>,
}

pub(super) struct Sink {
    nodes: RefCell<Vec<SinkNode>>,
    no_name: Rc<QualName>,
    quirks: Cell<QuirksMode>,
    /// The deepest insertion so far.
    pub(super) max_depth: Cell<usize>,
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
    pub(super) fn into_page(self, url: Option<String>) -> Page {
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
                    let layout = attrs.iter().find(|(k, _)| k == "style").and_then(|(_, v)| layout_from_inline(v));
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
