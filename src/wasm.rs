//! The browser glue: reads a live-DOM snapshot, analyses it, renders the article into the
//! reader view node by node (never innerHTML) and hands the report to JavaScript.

use wasm_bindgen::prelude::*;

use crate::render::article::{walk, Sink, MATHML_ELEMENTS};

const MATHML_NS: &str = "http://www.w3.org/1998/Math/MathML";

/// Analyses a page snapshot (`extension/content/snapshot.js`) with the user's rules text (if
/// any), renders its article into `article_root` and returns the report (the same JSON model
/// as the command line's).
#[wasm_bindgen]
pub fn read(
    snapshot_json: &str,
    article_root: &web_sys::Element,
    rules_text: Option<String>,
) -> Result<JsValue, JsError> {
    let page = crate::input::snapshot::parse(snapshot_json).map_err(|e| JsError::new(&e.to_string()))?;
    let rules = rules_text.as_deref().map(crate::rules::parse);
    let analysis = crate::analyse_with(page, crate::Options { rules: rules.as_ref() });
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
    to_js(&report)
}

use serde::Serialize;

/// The article of a page snapshot as Markdown (the reader view's "Save as Markdown"): title,
/// byline, date and source link, then the article, from the same analysis as `read`.
#[wasm_bindgen(js_name = toMarkdown)]
pub fn to_markdown(snapshot_json: &str, rules_text: Option<String>) -> Result<String, JsError> {
    let page = crate::input::snapshot::parse(snapshot_json).map_err(|e| JsError::new(&e.to_string()))?;
    let rules = rules_text.as_deref().map(crate::rules::parse);
    let analysis = crate::analyse_with(page, crate::Options { rules: rules.as_ref() });
    let root = analysis.article.ok_or_else(|| JsError::new("no article"))?;
    let source = analysis.page.url.as_deref();
    Ok(crate::render::markdown::document(&analysis.report, source, &analysis.page, root))
}

/// Parses a rules text: `{rules: [{line, domains, excluded, kind, selector}], errors: [{line, text, message}]}`.
#[wasm_bindgen(js_name = parseRules)]
pub fn parse_rules(text: &str) -> Result<JsValue, JsError> {
    to_js(&crate::rules::parse(text))
}

/// What in-place declutter does to the live page: `{hide: [index into the snapshot's nodes],
/// unlockScroll, removed, wall}`.
#[wasm_bindgen]
pub fn declutter(snapshot_json: &str, rules_text: Option<String>) -> Result<JsValue, JsError> {
    let (page, origin) =
        crate::input::snapshot::parse_indexed(snapshot_json).map_err(|e| JsError::new(&e.to_string()))?;
    let rules = rules_text.as_deref().map(crate::rules::parse);
    let plan = crate::render::declutter::plan(&page, crate::Options { rules: rules.as_ref() });
    let hide: Vec<u32> = plan.hide.iter().filter_map(|id| origin.get(id.0 as usize).copied().flatten()).collect();
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Out<'a> {
        hide: Vec<u32>,
        unlock_scroll: bool,
        removed: &'a [crate::Removal],
        wall: &'a crate::Wall,
    }
    to_js(&Out { hide, unlock_scroll: plan.unlock_scroll, removed: &plan.removed, wall: &plan.wall })
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| JsError::new(&e.to_string()))
}

/// Builds DOM nodes from the allow-listed walk: elements by name, attributes one by one, text as
/// text nodes.
struct DomSink {
    document: web_sys::Document,
    stack: Vec<web_sys::Element>,
    error: Option<JsValue>,
}

impl DomSink {
    fn try_open(&mut self, tag: &str, attrs: &[(&'static str, String)]) -> Result<(), JsValue> {
        let el = if MATHML_ELEMENTS.contains(&tag) {
            self.document.create_element_ns(Some(MATHML_NS), tag)?
        } else {
            self.document.create_element(tag)?
        };
        for (name, value) in attrs {
            el.set_attribute(name, value)?;
        }
        // Links leave for a new tab; an in-article anchor (a footnote) stays in the view, in
        // spite of the view's <base target="_blank">.
        if tag == "a" {
            if attrs.iter().any(|(n, v)| *n == "href" && v.starts_with('#')) {
                el.set_attribute("target", "_self")?;
            } else {
                el.set_attribute("target", "_blank")?;
                el.set_attribute("rel", "noopener noreferrer")?;
            }
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
