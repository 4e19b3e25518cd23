//! Preparing a page for scoring: `<font>` becomes `<span>`, JSON-LD goes, `<br><br>` runs and
//! loose phrasing become paragraphs.

use super::tuning::PHRASING;
use crate::page::{Element, NodeData, NodeId, Page};

/// Once per attempt: drop what is never content, and turn `<br><br>` runs into paragraphs.
pub(super) fn prepare(page: &mut Page) {
    let all: Vec<NodeId> = page.descendants(page.root()).collect();
    for &id in &all {
        if page.tag(id) == "font" {
            page.rename(id, "span");
        }
    }
    // Both inputs leave code and styles out already; JSON-LD is metadata, not content.
    for &id in &all {
        if page.tag(id) == "script" {
            page.detach(id);
        }
    }
    let brs: Vec<NodeId> = page.elements_tagged(page.root(), "br").collect();
    for br in brs {
        replace_br_chain(page, br);
    }
}

pub(super) fn is_whitespace_text(page: &Page, id: NodeId) -> bool {
    page.text(id).map(|t| t.trim().is_empty()).unwrap_or(false)
}

/// Skips whitespace text from `id` on; returns the first element or non-blank text.
pub(super) fn next_element(page: &Page, mut id: Option<NodeId>) -> Option<NodeId> {
    while let Some(n) = id {
        if page.element(n).is_some() || !is_whitespace_text(page, n) {
            return Some(n);
        }
        id = page.next_sibling(n);
    }
    None
}

pub(super) fn replace_br_chain(page: &mut Page, br: NodeId) {
    let Some(parent) = page.parent(br) else {
        return;
    };
    let mut replaced = false;
    let mut next = next_element(page, page.next_sibling(br));
    while let Some(n) = next.filter(|&n| page.tag(n) == "br") {
        replaced = true;
        let after = page.next_sibling(n);
        page.detach(n);
        next = next_element(page, after);
    }
    if !replaced {
        return;
    }
    let p = page.create(NodeData::Element(Element::new("p")));
    page.replace(br, p);
    let mut next = page.next_sibling(p);
    while let Some(n) = next {
        if page.tag(n) == "br" {
            if let Some(e) = next_element(page, page.next_sibling(n)) {
                if page.tag(e) == "br" {
                    break;
                }
            }
        }
        if !is_phrasing(page, n) {
            break;
        }
        let after = page.next_sibling(n);
        page.append_child(p, n);
        next = after;
    }
    while let Some(&last) = page.children(p).last() {
        if is_whitespace_text(page, last) || page.tag(last) == "br" {
            page.detach(last);
        } else {
            break;
        }
    }
    if page.children(p).is_empty() && page.parent(p) == Some(parent) {
        page.detach(p);
    }
}

pub(super) fn is_phrasing(page: &Page, id: NodeId) -> bool {
    if page.text(id).is_some() {
        return true;
    }
    let tag = page.tag(id);
    PHRASING.contains(&tag)
        || (matches!(tag, "a" | "del" | "ins") && page.children(id).iter().all(|&c| is_phrasing(page, c)))
}

/// Phrasing content sitting directly in a block `div` is wrapped in paragraphs.
pub(super) fn wrap_phrasing_runs(page: &mut Page, div: NodeId, to_score: &mut Vec<NodeId>) {
    let kids: Vec<NodeId> = page.children(div).to_vec();
    let mut current: Option<NodeId> = None;
    for kid in kids {
        if is_phrasing(page, kid) {
            if let Some(p) = current {
                page.append_child(p, kid);
            } else if !is_whitespace_text(page, kid) {
                let p = page.create(NodeData::Element(Element::new("p")));
                page.insert_before(kid, p);
                page.append_child(p, kid);
                current = Some(p);
            }
        } else if let Some(p) = current.take() {
            while let Some(&last) = page.children(p).last() {
                if is_whitespace_text(page, last) {
                    page.detach(last);
                } else {
                    break;
                }
            }
            to_score.push(p);
        }
    }
    if let Some(p) = current {
        to_score.push(p);
    }
}
