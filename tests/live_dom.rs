//! The live-DOM side of the page model, in a real browser: the content script's snapshot of a
//! live page, read back by the core, and the article rendered into the DOM node by node.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SNAPSHOT_JS: &str = include_str!("../extension/content/snapshot.js");

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Puts `html` into the live page (beside the test runner's own output) and returns the
/// snapshot the content script takes of the whole document.
fn snapshot_of(html: &str) -> String {
    let doc = document();
    let host = doc.create_element("div").unwrap();
    host.set_inner_html(html);
    doc.body().unwrap().append_child(&host).unwrap();
    js_sys::Function::new_no_args(SNAPSHOT_JS).call0(&wasm_bindgen::JsValue::NULL).unwrap();
    let take = js_sys::Function::new_no_args("return globalThis.folioSnapshot(document);");
    let json = take.call0(&wasm_bindgen::JsValue::NULL).unwrap().as_string().unwrap();
    host.remove();
    json
}

const PAGE: &str = r#"
<div id="app">
  <article class="story">
    <h1>A headline that is long enough</h1>
    <p>First paragraph of the story, with enough words in it to count as prose, and commas, too, for the scorer.</p>
    <p>Second paragraph <a href="/relative/link">with a relative link</a> that the browser resolves for us.</p>
    <img src="/img/photo.jpg" width="400" height="300" alt="Photo">
    <p style="display:none">Hidden by the page: never read.</p>
  </article>
  <div class="wall-overlay" style="position:fixed; top:0; left:0; width:600px; height:400px; z-index:9999; opacity:0.95">
    <p>Subscribe to continue reading this story.</p>
  </div>
  <script type="application/ld+json">{"@type":"NewsArticle","headline":"LD headline"}</script>
  <script>window.__ran = 1;</script>
</div>"#;

#[wasm_bindgen_test]
fn snapshot_carries_elements_text_and_absolute_urls() {
    let page = folio::input::snapshot::parse(&snapshot_of(PAGE)).expect("snapshot parses");
    let body = page.body().expect("the snapshot has a <body>");
    let link = page.find_tag(body, "a").unwrap();
    let href = page.attr(link, "href").unwrap();
    assert!(href.starts_with("http") && href.ends_with("/relative/link"), "{href}");
    let img = page.find_tag(body, "img").unwrap();
    assert!(page.attr(img, "src").unwrap().starts_with("http"));
    let text = page.text_content(body);
    assert!(text.contains("First paragraph of the story"));
    assert!(!text.contains("window.__ran"), "scripts are not read");
    assert!(text.contains("LD headline"), "JSON-LD is kept as text");
}

#[wasm_bindgen_test]
fn snapshot_carries_layout_facts() {
    let page = folio::input::snapshot::parse(&snapshot_of(PAGE)).unwrap();
    let overlay = page.descendants(page.root()).find(|&n| page.attr(n, "class") == Some("wall-overlay")).unwrap();
    let l = page.layout(overlay).expect("overlay has layout facts");
    assert_eq!(l.position, folio::page::Position::Fixed);
    assert_eq!(l.z_index, Some(9999));
    assert!(l.width >= 599.0 && l.height >= 399.0, "{l:?}");
    assert!(l.opacity < 1.0);
    let hidden = page.descendants(page.root()).find(|&n| page.attr(n, "style") == Some("display:none")).unwrap();
    assert!(page.layout(hidden).unwrap().display_none);
    assert!(page.children(hidden).is_empty(), "hidden subtrees are not read");
}

#[wasm_bindgen_test]
fn overlay_wall_is_detected_from_live_layout() {
    let page = folio::input::snapshot::parse(&snapshot_of(PAGE)).unwrap();
    let analysis = folio::analyse(page);
    let wall = &analysis.report.wall;
    assert!(wall.detected, "{wall:?}");
    assert_eq!(wall.kind.as_deref(), Some("overlay"));
    assert!(wall.signals.iter().any(|s| s.contains("fixed overlay")), "{wall:?}");
}

#[wasm_bindgen_test]
fn read_renders_the_article_node_by_node() {
    let json = snapshot_of(PAGE);
    let doc = document();
    let root = doc.create_element("article").unwrap();
    let report = folio::wasm::read(&json, &root, None).map_err(|_| "read failed").unwrap();
    let html = root.inner_html();
    console_log!("rendered: {html}");
    console_log!("report: {:?}", js_sys::JSON::stringify(&report).ok().and_then(|s| s.as_string()));
    assert!(html.contains("First paragraph of the story"), "{html}");
    assert!(!html.contains("Subscribe to continue"), "{html}");
    assert!(!html.contains("<script"), "{html}");
    assert!(root.query_selector("a[target=_blank][rel~=noopener]").unwrap().is_some());
    let title = js_sys::Reflect::get(&report, &"title".into()).unwrap();
    assert_eq!(title.as_string().as_deref(), Some("LD headline"));
    let wall = js_sys::Reflect::get(&report, &"wall".into()).unwrap();
    let detected = js_sys::Reflect::get(&wall, &"detected".into()).unwrap();
    assert_eq!(detected.as_bool(), Some(true));
    let _ = root.dyn_ref::<web_sys::Element>();
}

#[wasm_bindgen_test]
fn a_forged_snapshot_is_refused_cleanly() {
    let root = document().create_element("article").unwrap();
    assert!(folio::wasm::read("{\"v\":1,\"nodes\":[{\"p\":5,\"t\":\"div\"}]}", &root, None).is_err());
    assert!(folio::wasm::read("garbage", &root, None).is_err());
    assert_eq!(root.child_element_count(), 0);
}

#[wasm_bindgen_test]
fn head_metadata_reaches_the_core() {
    // <head> is display:none in every browser; its meta tags and title must still be read.
    let doc = document();
    let meta = doc.create_element("meta").unwrap();
    meta.set_attribute("property", "og:site_name").unwrap();
    meta.set_attribute("content", "Live Site").unwrap();
    doc.query_selector("head").unwrap().unwrap().append_child(&meta).unwrap();
    let json = snapshot_of(PAGE);
    meta.remove();
    let analysis = folio::analyse(folio::input::snapshot::parse(&json).unwrap());
    assert_eq!(analysis.report.site_name.as_deref(), Some("Live Site"));
}

/// A Piano-style modal wall, styled by a stylesheet (not inline styles): a fixed dialog over
/// the text, a translucent full-page backdrop, and the page's scrolling locked by a body class.
const MODAL_PAGE: &str = r#"
<style>
  .tp-modal-open { overflow: hidden; }
  .tp-backdrop { position: fixed; inset: 0; background: rgba(0,0,0,.6); opacity: .8; z-index: 9998; }
  .tp-modal { position: fixed; top: 10%; left: 10%; width: 500px; height: 300px; z-index: 9999; background: #fff; }
</style>
<article class="story">
  <h1>A headline for the modal test page</h1>
  <p>First paragraph of the story, with enough words in it to count as prose, and commas, too, for the scorer.</p>
  <p>Second paragraph of the story, also long enough to be read as prose by the extraction, with a comma.</p>
</article>
<div class="tp-backdrop"></div>
<div class="tp-modal"><h2>You have reached your limit of free articles</h2><p>Subscribe now for unlimited access.</p></div>
"#;

#[wasm_bindgen_test]
fn stylesheet_overlay_backdrop_and_scroll_lock_are_detected() {
    let body = document().body().unwrap();
    body.set_class_name("tp-modal-open");
    let json = snapshot_of(MODAL_PAGE);
    body.set_class_name("");
    let analysis = folio::analyse(folio::input::snapshot::parse(&json).unwrap());
    let r = &analysis.report;
    console_log!("modal wall: {:?}", r.wall);
    console_log!("modal removed: {:?}", r.removed);
    assert!(r.wall.detected, "{:?}", r.wall);
    assert_eq!(r.wall.kind.as_deref(), Some("overlay"), "{:?}", r.wall);
    assert!(r.wall.signals.iter().any(|s| s.contains("fixed overlay")), "{:?}", r.wall);
    assert!(r.wall.signals.iter().any(|s| s.contains("scrolling locked")), "{:?}", r.wall);
    let reasons: Vec<&str> = r.removed.iter().map(|x| x.reason.as_str()).collect();
    assert!(reasons.contains(&"overlay backdrop"), "{reasons:?}");
    assert!(
        r.removed
            .iter()
            .any(|x| x.kind == folio::RemovalKind::Wall && x.text.starts_with("You have reached your limit")),
        "{reasons:?}"
    );
    assert!(r.text_content.contains("Second paragraph of the story"), "{}", r.text_content);
    assert!(!r.text_content.contains("Subscribe now"), "{}", r.text_content);
}

#[wasm_bindgen_test]
fn declutter_names_live_nodes_to_hide() {
    let doc = document();
    let host = doc.create_element("div").unwrap();
    host.set_inner_html(
        r#"<article><p>First paragraph of the story, with enough words in it to count as prose, and commas, too, for the scorer.</p>
        <div id="div-gpt-ad-1" class="ad-slot"><p>Advertisement</p></div>
        <p>Second paragraph of the story, also long enough to be read as prose by the extraction, with a comma.</p>
        <div class="mine">Hidden by my rule.</div></article>"#,
    );
    doc.body().unwrap().append_child(&host).unwrap();
    js_sys::Function::new_no_args(SNAPSHOT_JS).call0(&wasm_bindgen::JsValue::NULL).unwrap();
    let take = js_sys::Function::new_no_args("return globalThis.folioSnapshot(document, {keepNodes: true});");
    let json = take.call0(&wasm_bindgen::JsValue::NULL).unwrap().as_string().unwrap();
    let plan = folio::wasm::declutter(&json, Some("##.mine".into())).map_err(|_| "declutter failed").unwrap();
    let hide = js_sys::Array::from(&js_sys::Reflect::get(&plan, &"hide".into()).unwrap());
    let live = js_sys::Array::from(&js_sys::Reflect::get(&js_sys::global(), &"folioSnapshotNodes".into()).unwrap());
    let mut named: Vec<String> = hide
        .iter()
        .map(|i| live.get(i.as_f64().unwrap() as u32).dyn_into::<web_sys::Element>().unwrap().class_name())
        .collect();
    named.sort();
    host.remove();
    assert_eq!(named, ["ad-slot", "mine"]);
}

#[wasm_bindgen_test]
fn named_form_controls_cannot_clobber_the_snapshot() {
    // <input name=attributes> shadows form.attributes (and so on) in every world.
    let json = snapshot_of(
        r#"<form id="clobber"><input name="attributes"><input name="localName"><input name="childNodes"><input name="nodeType"><input name="namespaceURI"></form>
        <p>First paragraph of the story, with enough words in it to count as prose, and commas, too, for the scorer.</p>"#,
    );
    let page = folio::input::snapshot::parse(&json).expect("the snapshot survives clobbering");
    let form =
        page.descendants(page.root()).find(|&n| page.attr(n, "id") == Some("clobber")).expect("the form is read");
    assert_eq!(page.tag(form), "form");
    assert_eq!(page.child_elements(form).count(), 5);
}
