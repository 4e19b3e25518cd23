//! The command line's contract for scripts: exit 0 for an article, 1 for unreadable input or
//! failed output, 2 for no article, 64 for a usage error; each output form; never a panic.
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
    // A usage error ends before standard input is read: a closed pipe here is no failure.
    let _ = child.stdin.take().unwrap().write_all(stdin);
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
    assert!(err.contains("/nonexistent/page.html: cannot read"), "{err}");
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
fn bad_arguments_are_usage_errors_apart_from_no_article() {
    for args in [
        &["extract"][..],
        &["extract", "-", "--url", "not a url"],
        &["extract", "-", "--url"],
        &["extract", "-", "--text", "--markdown"],
        &["extract", "-", "--jobs", "0"],
        &["extract", "-", "-", "--html"],
        &["extract", "-", "--frobnicate"],
        &["frobnicate"],
        &[],
        &["quality"],
        &["detectors", "--min-recall", "2"],
    ] {
        let (code, out, err) = folio(args, b"<p>x</p>");
        assert_eq!(code, 64, "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?}: {out}");
        assert!(err.starts_with("folio: ") && err.contains("--help"), "{args:?}: {err}");
    }
    let (_, _, err) = folio(&["extract", "-", "--url", "not a url"], b"<p>x</p>");
    assert!(err.contains("not an absolute URL"), "{err}");
}

#[test]
fn version_and_help_go_to_stdout() {
    let (code, out, _) = folio(&["--version"], b"");
    assert_eq!((code, out.as_str()), (0, concat!("folio ", env!("CARGO_PKG_VERSION"), "\n")));
    let (code, out, err) = folio(&["extract", "--help"], b"");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("folio extract FILE") && out.contains("--markdown") && out.contains("64"), "{out}");
    assert!(!out.contains("folio quality"), "{out}");
    // The user's command first; the measuring tools listed apart.
    let (code, out, _) = folio(&["--help"], b"");
    assert_eq!(code, 0);
    let (extract, measuring) = out.split_once("measuring:").expect("a measuring section");
    assert!(extract.contains("folio extract") && !extract.contains("folio quality"), "{out}");
    assert!(measuring.contains("folio quality") && measuring.contains("folio detectors"), "{out}");
    let (code, out, _) = folio(&["quality", "--help"], b"");
    assert!(code == 0 && out.contains("folio quality DIR"), "{out}");
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/cli/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn html_prints_the_reader_views_article_alone() {
    let (code, out, err) = folio(&["extract", &fixture("article.html"), "--html", "--url", "https://h.example/t"], b"");
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with('<') && !out.contains("\"title\""), "{out}");
    assert!(out.contains("<em>tide tables</em>") && out.contains(r#"<a href="https://h.example/datum">"#), "{out}");
    assert!(out.contains(r#"<code class="language-python">"#) && !out.contains("<nav"), "{out}");
    // The same HTML as the report's content.
    let (_, json, _) = folio(&["extract", &fixture("article.html"), "--url", "https://h.example/t"], b"");
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(report["content"].as_str().map(|c| format!("{c}\n")), Some(out));
}

#[test]
fn markdown_prints_the_article_with_its_head() {
    let (code, out, err) =
        folio(&["extract", &fixture("article.html"), "--markdown", "--url", "https://h.example/t"], b"");
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("# Tide tables for small harbours\n\nMaren Holt · 2024-05-01 · <https://h.example/t>\n\n"),
        "{out}"
    );
    for part in [
        "The harbour master keeps the *tide tables* by the door",
        "[chart datum](https://h.example/datum)",
        "## Reading the table\n\n- High water, morning and evening\n- Low water",
        "```python\ndef depth(height, draught):\n    return height - draught\n```",
        "| Time | Height |\n| --- | --- |\n| 06:12 | 4.1 m |",
    ] {
        assert!(out.contains(part), "{part}\n---\n{out}");
    }
    assert!(!out.contains("Home"), "{out}");
}

/// `folio extract page | head -c1`: the pipe closes before the report is written. No panic, no
/// message, a non-zero status (the output is not whole).
#[test]
fn a_closed_pipe_ends_quietly_with_status_1() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["extract", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away before a byte is written
    let page = std::fs::read(fixture("article.html")).unwrap();
    child.stdin.take().unwrap().write_all(&page).unwrap();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

/// `folio extract - 2>&1 | head -c1` or stderr on a full disk: the message cannot be written. The
/// status still says what happened (1: unreadable input); no panic (`eprintln!` would).
#[test]
fn a_message_that_cannot_be_written_is_no_panic() {
    let mut stderrs: Vec<Box<dyn Fn() -> Stdio>> = vec![Box::new(Stdio::piped)];
    if cfg!(target_os = "linux") {
        stderrs.push(Box::new(|| std::fs::File::create("/dev/full").unwrap().into()));
    }
    for (i, stderr) in stderrs.iter().enumerate() {
        let mut child = Command::new(env!("CARGO_BIN_EXE_folio"))
            .args(["extract", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(stderr())
            .spawn()
            .unwrap();
        drop(child.stderr.take()); // the pipe's reader goes away before the message is made
        child.stdin.take().unwrap().write_all(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0").unwrap();
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(1), "stderr #{i}: a panic exits with 101");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_said_with_status_1() {
    for args in [&["extract", "-"][..], &["extract", "-", "--markdown"], &["--help"]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_folio"))
            .args(args)
            .stdin(Stdio::piped())
            .stdout(std::fs::File::create("/dev/full").unwrap())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // `--help` exits without reading its input: the pipe may be closed before the page is
        // written, which is no failure of the test.
        let _ = child.stdin.take().unwrap().write_all(&std::fs::read(fixture("article.html")).unwrap());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains("cannot write the output") && !err.contains("panicked"), "{args:?}: {err}");
    }
}

/// A folder of pages: one JSON object per line, in name order whatever the threads, each with its
/// path and status; a page that fails is a line, never the end of the run; the worst status wins.
#[test]
fn several_pages_give_json_lines_in_order() {
    let dir = std::env::temp_dir().join(format!("folio-cli-lines-{}", std::process::id()));
    let nested = dir.join("b-more");
    std::fs::create_dir_all(&nested).unwrap();
    let article = std::fs::read(fixture("article.html")).unwrap();
    std::fs::write(dir.join("a-article.html"), &article).unwrap();
    std::fs::write(nested.join("article.htm"), &article).unwrap();
    std::fs::write(nested.join("notes.txt"), "not a page").unwrap();
    std::fs::copy(fixture("no-article.html"), dir.join("c-shop.html")).unwrap();
    let d = dir.to_str().unwrap();
    let lines = |args: &[&str]| {
        let (code, out, err) = folio(args, b"");
        let lines: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        (code, lines, err)
    };

    let (code, all, err) = lines(&["extract", d, "--url", "https://h.example/t"]);
    assert_eq!(code, 2, "{err}");
    let paths: Vec<&str> = all.iter().map(|l| l["path"].as_str().unwrap()).collect();
    let want = [format!("{d}/a-article.html"), format!("{d}/b-more/article.htm"), format!("{d}/c-shop.html")];
    assert_eq!(paths, want);
    assert_eq!(all.iter().map(|l| l["status"].as_u64().unwrap()).collect::<Vec<_>>(), [0, 0, 2]);
    assert_eq!(all[0]["title"], "Tide tables for small harbours");
    assert!(all[0]["content"].as_str().unwrap().contains("<em>tide tables</em>"));
    assert!(all[2]["error"].as_str().unwrap().contains("no article"), "{:?}", all[2]);
    for jobs in ["1", "3"] {
        let (_, again, _) = lines(&["extract", d, "--url", "https://h.example/t", "--jobs", jobs]);
        assert_eq!(again, all, "--jobs {jobs}");
    }

    // Files named one by one, in the order given; a missing one fails alone, and 1 is worst.
    let missing = format!("{d}/missing.html");
    let (code, some, _) = lines(&["extract", &want[2], &missing, &want[0], "--markdown"]);
    assert_eq!(code, 1);
    assert_eq!(some.iter().map(|l| l["status"].as_u64().unwrap()).collect::<Vec<_>>(), [2, 1, 0]);
    assert!(some[1]["error"].as_str().unwrap().contains("cannot read"), "{:?}", some[1]);
    assert!(some[2]["markdown"].as_str().unwrap().starts_with("# Tide tables"), "{:?}", some[2]);
    assert!(some[2].get("content").is_none());

    // A folder with no page in it fails as a page would.
    let empty = dir.join("d-empty");
    std::fs::create_dir_all(&empty).unwrap();
    let (code, none, _) = lines(&["extract", empty.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(none[0]["error"].as_str().unwrap().contains("no .html"), "{none:?}");

    // After --, a name that starts with a dash is a file.
    let dashed = dir.join("-dashed.html");
    std::fs::write(&dashed, &article).unwrap();
    let (code, _, err) = folio(&["extract", "--text", "--", "-dashed.html"], b"");
    assert_eq!(code, 1, "relative to the test's own folder, so missing: {err}");
    let (code, out, err) = folio(&["extract", "--text", "--", dashed.to_str().unwrap()], b"");
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("Tide tables"), "{out}");

    let (code, ok, _) = lines(&["extract", &want[0], &want[1], "--text"]);
    assert_eq!(code, 0);
    assert!(ok.iter().all(|l| l["text"].as_str().unwrap().starts_with("The harbour master")));
    std::fs::remove_dir_all(&dir).ok();
}

/// `folio extract - --text` on `page` from https://www.e.com/a, with `rules` in a file `rules.txt`.
fn extract_with_rules(test: &str, rules: &str, page: &str) -> (i32, String, String) {
    let dir = std::env::temp_dir().join(format!("folio-cli-{test}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("rules.txt");
    std::fs::write(&file, rules).unwrap();
    let args = ["extract", "-", "--text", "--url", "https://www.e.com/a", "--rules", file.to_str().unwrap()];
    let answer = folio(&args, page.as_bytes());
    std::fs::remove_dir_all(&dir).ok();
    answer
}

#[test]
fn rules_apply_and_bad_lines_are_reported() {
    let page = format!(
        "<title>A title long enough here</title><article>{}<p class=mine>Mine, to hide.</p></article>",
        "<p>Some sentence of prose that goes on, and on, for a while here.</p>".repeat(10)
    );
    let (code, out, err) = extract_with_rules("rules", "e.com##.mine\nthis is not a rule\n", &page);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("Mine, to hide."), "{out}");
    assert!(err.contains("rules.txt:2:") && err.contains("line skipped"), "{err}");
}

#[test]
fn has_and_nth_of_type_rules_apply_and_procedural_ones_are_named() {
    let rules = "! hide the box labelled as a partner's, and the second figure\n\
        e.com##article > div:has(> span[class~=LABEL i])\n\
        e.com##figure:nth-of-type(2)\n\
        e.com##p:has-text(Advertisement)\n";
    let prose = "<p>Some sentence of prose that goes on, and on, for a while here.</p>".repeat(10);
    let page = format!(
        "<title>A title long enough here</title><article>{prose}\
         <div><span class=label>Partner</span><p>Words from our partner, who made this page possible.</p></div>\
         <figure><figcaption>First figure stays.</figcaption></figure>\
         <figure><figcaption>Second figure goes.</figcaption></figure>{prose}</article>"
    );
    let (_, plain, _) = folio(&["extract", "-", "--text"], page.as_bytes());
    assert!(plain.contains("Words from our partner") && plain.contains("Second figure goes."), "{plain}");
    let (code, out, err) = extract_with_rules("selectors", rules, &page);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("Words from our partner"), "{out}");
    assert!(!out.contains("Second figure goes."), "{out}");
    assert!(out.contains("First figure stays."), "{out}");
    assert!(err.contains("rules.txt:4: :has-text() is a uBlock Origin procedural filter Folio cannot apply"), "{err}");
    assert_eq!(err.matches("line skipped").count(), 1, "{err}");
}

/// What survives the view, through the command line (the browsers' test opens the same page):
/// MathML, footnote anchors that point inside the article, placeholders for embeds and a chart,
/// a code block's language; in the HTML and, where it is text, in Markdown.
#[test]
fn content_survives_in_html_and_markdown() {
    let page = format!("{}/tests/fixtures/reader/survival.html", env!("CARGO_MANIFEST_DIR"));
    let (status, html, err) = folio(&["extract", &page, "--html", "--url", "https://coast.example/tides"], b"");
    assert_eq!(status, 0, "{err}");
    for want in [
        "<math><semantics><mrow><mi>h</mi>",
        r##"<sup id="folio-note-ref1"><a href="#folio-note-fn1">1</a></sup>"##,
        r##"<li id="folio-note-fn1">"##,
        r#"<figure class="folio-embed" data-kind="chart"><a href="https://coast.example/tides">Global mean sea level, 1900 to 2020</a></figure>"#,
        r#"<figure class="folio-embed" data-kind="frame"><a href="https://www.youtube.com/embed/tidegauge42">How a tide gauge works</a></figure>"#,
        r#"<figure class="folio-embed" data-kind="video"><a href="https://media.example/clip.mp4">media.example</a></figure>"#,
        r#"<pre><code class="language-python">import numpy as np"#,
    ] {
        assert!(html.contains(want), "missing {want} in {html}");
    }
    for banned in ["<iframe", "<video", "<svg", "<annotation", "VISUAL-COPY", "h_0"] {
        assert!(!html.contains(banned), "{banned} in {html}");
    }
    let (status, md, err) = folio(&["extract", &page, "--markdown", "--url", "https://coast.example/tides"], b"");
    assert_eq!(status, 0, "{err}");
    assert!(md.contains("```python\nimport numpy as np"), "{md}");
    assert!(md.contains("[How a tide gauge works](https://www.youtube.com/embed/tidegauge42)"), "{md}");
}
