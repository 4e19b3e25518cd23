//! The command line's contract on bad input: clear messages on stderr, exit 1 for unreadable
//! input, 2 for a page with no article, and never a panic.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::process::{Command, Stdio};

fn folio(args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn missing_file() {
    let (code, out, err) = folio(&["extract", "/nonexistent/page.html"], b"");
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(err.contains("cannot read /nonexistent/page.html"), "{err}");
}

#[test]
fn binary_file() {
    let (code, _, err) = folio(&["extract", "-"], b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0");
    assert_eq!(code, 1);
    assert!(err.contains("binary"), "{err}");
}

#[test]
fn empty_page() {
    let (code, _, err) = folio(&["extract", "-"], b"   \n");
    assert_eq!(code, 1);
    assert!(err.contains("empty"), "{err}");
}

#[test]
fn page_with_no_article() {
    let (code, _, err) = folio(&["extract", "-"], b"<html><body><nav><a href=/>Home</a></nav></body></html>");
    assert_eq!(code, 2);
    assert!(err.contains("no article"), "{err}");
    let (code, _, _) = folio(&["extract", "-"], b"<html><head><title>x</title></head><body></body></html>");
    assert_eq!(code, 2);
}

/// One decision for "is there an article", the view's too: a shop's product list is text, but
/// mostly links (the reader view's "no article" fixture). It used to exit 0 here while the view
/// said "no article".
#[test]
fn the_view_and_the_command_line_agree_on_no_article() {
    let shop = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/reader/no-article.html")).unwrap();
    let (code, _, err) = folio(&["extract", "-"], &shop);
    assert_eq!(code, 2, "{err}");
    let (code, out, _) = folio(&["extract", "-"], b"<html><body><p>A short note, and no link in it.</p></body></html>");
    assert_eq!(code, 0);
    assert!(out.contains("\"hasArticle\": true"), "{out}");
}

#[test]
fn text_output_and_stdin() {
    let page = format!(
        "<title>A title long enough here</title><article>{}</article>",
        "<p>Some sentence of prose that goes on, and on, for a while here.</p>".repeat(10)
    );
    let (code, out, _) = folio(&["extract", "-", "--text", "--url", "https://e.com/a"], page.as_bytes());
    assert_eq!(code, 0);
    assert!(out.starts_with("A title long enough here\n\nSome sentence of prose"), "{out}");
}

#[test]
fn bad_arguments() {
    let (code, _, err) = folio(&["extract"], b"");
    assert_eq!(code, 2);
    assert!(err.contains("usage"), "{err}");
    let (code, _, err) = folio(&["extract", "-", "--url", "not a url"], b"<p>x</p>");
    assert_eq!(code, 2);
    assert!(err.contains("not an absolute URL"), "{err}");
    let (code, _, _) = folio(&["frobnicate"], b"");
    assert_eq!(code, 2);
}

#[test]
fn rules_apply_and_bad_lines_are_reported() {
    let dir = std::env::temp_dir().join(format!("folio-cli-rules-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let rules = dir.join("rules.txt");
    std::fs::write(&rules, "e.com##.mine\nthis is not a rule\n").unwrap();
    let page = format!(
        "<title>A title long enough here</title><article>{}<p class=mine>Mine, to hide.</p></article>",
        "<p>Some sentence of prose that goes on, and on, for a while here.</p>".repeat(10)
    );
    let (code, out, err) = folio(
        &["extract", "-", "--text", "--url", "https://www.e.com/a", "--rules", rules.to_str().unwrap()],
        page.as_bytes(),
    );
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("Mine, to hide."), "{out}");
    assert!(err.contains("rules.txt:2:") && err.contains("line skipped"), "{err}");
}
