//! The founding example end to end on the native side: the aggregator article page of
//! `../shared/reference/`, as a realistic fixture, through `folio::extract` and `folio extract`.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::Value;

const FIXTURE: &str = "tests/fixtures/founding/aggregator-article.html";
const URL: &str = "https://www.inkl.com/news/no-breakthrough-on-ukraine-after-witkoff-putin-talks-in-moscow";

fn expected() -> Value {
    serde_json::from_str(&std::fs::read_to_string("tests/fixtures/founding/expected.json").unwrap()).unwrap()
}

fn strings(v: &Value, key: &str) -> Vec<String> {
    v[key].as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_string()).collect()
}

fn report() -> folio::Report {
    let html = std::fs::read_to_string(FIXTURE).unwrap();
    folio::extract(&html, Some(URL)).expect("the founding example has an article")
}

#[test]
fn keeps_the_header_fields() {
    let (r, e) = (report(), expected());
    assert_eq!(r.title.as_deref(), e["title"].as_str());
    assert_eq!(r.byline.as_deref(), e["byline"].as_str());
    assert_eq!(r.site_name.as_deref(), e["siteName"].as_str());
    assert_eq!(r.lang.as_deref(), e["lang"].as_str());
    assert_eq!(r.published_time.as_deref(), e["publishedTime"].as_str());
    assert!(r.readerable);
}

#[test]
fn keeps_every_paragraph_in_order_and_the_heading() {
    let (r, e) = (report(), expected());
    let blocks: Vec<&str> = r.text_content.split("\n\n").collect();
    let mut at = 0;
    for p in strings(&e, "paragraphs") {
        let found = blocks[at..].iter().position(|b| *b == p).unwrap_or_else(|| panic!("missing or out of order: {p}"));
        at += found + 1;
    }
    for h in strings(&e, "headings") {
        assert!(blocks.contains(&h.as_str()), "heading {h}");
        assert!(
            r.content.contains(&format!("<h2>{h}</h2>")) || r.content.contains(&format!("<h3>{h}</h3>")),
            "as a heading: {h}"
        );
    }
}

/// Each caption once, no duplicate caption and no clutter in the article's text.
fn assert_captions_once_and_no_clutter(r: &folio::Report, e: &Value) {
    for c in strings(e, "captions") {
        assert_eq!(r.text_content.matches(c.as_str()).count(), 1, "caption once: {c}");
    }
    for d in strings(e, "duplicateCaptions") {
        assert!(!r.text_content.contains(&d), "duplicate: {d}");
    }
    for c in strings(e, "clutter") {
        assert!(!r.text_content.contains(&c), "clutter in the text: {c}");
    }
}

#[test]
fn each_caption_once_and_no_clutter() {
    let (r, e) = (report(), expected());
    assert_captions_once_and_no_clutter(&r, &e);
    let dup_captions = r.removed.iter().filter(|x| x.kind == folio::RemovalKind::DuplicateCaption).count();
    assert_eq!(dup_captions, 2);
}

#[test]
fn the_source_logo_stays_in_the_header() {
    // The source is named once, in the header (siteName), not again as a logo in the body.
    let r = report();
    assert!(!r.content.contains("euronews-logo"), "{}", &r.content[..r.content.len().min(600)]);
    assert!(!r.text_content.starts_with("Euronews"));
}

#[test]
fn says_the_wall_cut_the_article_off() {
    let r = report();
    assert!(r.wall.detected && r.wall.cut_off, "{:?}", r.wall);
    assert_eq!(r.wall.kind.as_deref(), Some("truncation"));
    let kinds: Vec<_> = r.removed.iter().map(|x| x.kind).collect();
    assert!(kinds.contains(&folio::RemovalKind::Wall));
    assert!(kinds.contains(&folio::RemovalKind::Promo));
}

#[test]
fn the_command_line_prints_the_report() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["extract", FIXTURE, "--url", URL])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in [
        "title",
        "byline",
        "siteName",
        "publishedTime",
        "lang",
        "dir",
        "excerpt",
        "leadImage",
        "readerable",
        "content",
        "textContent",
        "wall",
        "removed",
    ] {
        assert!(v.get(key).is_some(), "key {key}");
    }
    for key in ["detected", "cutOff", "signals"] {
        assert!(v["wall"].get(key).is_some(), "wall.{key}");
    }
    let first = &v["removed"][0];
    for key in ["kind", "reason", "text"] {
        assert!(first.get(key).is_some(), "removed[].{key}");
    }
}

/// The same page as a CSS-modules or styled-components build ships it: every class and id name
/// replaced by a hash of itself (`folio detectors --scramble` does the same to every fixture).
fn scrambled_report() -> folio::Report {
    let html = std::fs::read_to_string(FIXTURE).unwrap();
    let mut page = folio::input::html::parse(&html, Some(URL)).unwrap();
    folio::detect::hash_class_names(&mut page);
    let body = page.body().unwrap();
    assert!(page.attr(body, "class").unwrap().starts_with("sc-"), "class names are hashed");
    folio::analyse(page).report
}

#[test]
fn with_hashed_class_names_each_caption_once_and_no_clutter() {
    let (r, e) = (scrambled_report(), expected());
    assert_captions_once_and_no_clutter(&r, &e);
    let blocks: Vec<&str> = r.text_content.split("\n\n").collect();
    for p in strings(&e, "paragraphs") {
        assert!(blocks.contains(&p.as_str()), "paragraph kept: {p}");
    }
}

#[test]
fn with_hashed_class_names_the_wall_still_cuts_the_article_off() {
    let r = scrambled_report();
    assert!(r.wall.detected && r.wall.cut_off, "{:?}", r.wall);
    let kinds: Vec<_> = r.removed.iter().map(|x| x.kind).collect();
    assert!(kinds.contains(&folio::RemovalKind::Wall));
    assert!(kinds.contains(&folio::RemovalKind::Promo));
}
