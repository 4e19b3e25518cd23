//! The browser glue: reads a live-DOM snapshot, analyses it, renders the article into the
//! reader view node by node (never innerHTML) and hands the report to JavaScript.

use wasm_bindgen::prelude::*;

use crate::article::{walk, Sink};

/// Analyses a page snapshot (`extension/content/snapshot.js`), renders its article into
/// `article_root` and returns the report (the same JSON model as the command line's).
#[wasm_bindgen]
pub fn read(snapshot_json: &str, article_root: &web_sys::Element) -> Result<JsValue, JsError> {
    let page = crate::snapshot::parse(snapshot_json).map_err(|e| JsError::new(&e.to_string()))?;
    let analysis = crate::analyse(page);
    if let Some(root) = analysis.article {
        let document = article_root.owner_document().ok_or_else(|| JsError::new("the article root has no document"))?;
        let mut sink = DomSink { document, stack: vec![article_root.clone()], error: None };
        walk(&analysis.page, root, &mut sink);
        if let Some(e) = sink.error {
            return Err(JsError::new(&format!("could not build the reader view: {e:?}")));
        }
    }
    let mut report = analysis.report;
    // The view is already built; the HTML string would only be copied across for nothing.
    report.content.clear();
    report.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| JsError::new(&e.to_string()))
}

use serde::Serialize;

/// Builds DOM nodes from the allow-listed walk: elements by name, attributes one by one, text as
/// text nodes.
struct DomSink {
    document: web_sys::Document,
    stack: Vec<web_sys::Element>,
    error: Option<JsValue>,
}

impl DomSink {
    fn try_open(&mut self, tag: &str, attrs: &[(&'static str, String)]) -> Result<(), JsValue> {
        let el = self.document.create_element(tag)?;
        for (name, value) in attrs {
            el.set_attribute(name, value)?;
        }
        if tag == "a" {
            el.set_attribute("target", "_blank")?;
            el.set_attribute("rel", "noopener noreferrer")?;
        }
        if tag == "img" {
            el.set_attribute("loading", "lazy")?;
            el.set_attribute("referrerpolicy", "no-referrer")?;
        }
        if let Some(parent) = self.stack.last() {
            parent.append_child(&el)?;
        }
        if !matches!(tag, "br" | "hr" | "img" | "wbr") {
            self.stack.push(el);
        }
        Ok(())
    }
}

impl Sink for DomSink {
    fn open(&mut self, tag: &str, attrs: &[(&'static str, String)]) {
        if self.error.is_none() {
            if let Err(e) = self.try_open(tag, attrs) {
                self.error = Some(e);
            }
        }
    }

    fn text(&mut self, text: &str) {
        if self.error.is_some() {
            return;
        }
        let node = self.document.create_text_node(text);
        if let Some(parent) = self.stack.last() {
            if let Err(e) = parent.append_child(&node) {
                self.error = Some(e);
            }
        }
    }

    fn close(&mut self, _tag: &str) {
        if self.stack.len() > 1 {
            self.stack.pop();
        }
    }
}
