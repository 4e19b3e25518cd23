//! The article as the reader view gets it: one walk over the extracted tree through an
//! allow-list of elements and attributes with checked URLs, feeding HTML, text or live DOM.

use super::images;
use crate::page::srcset::srcset_candidates;
use crate::page::{Namespace, NodeData, NodeId, Page};

/// Elements that reach the reader view (renamed where the second name differs).
const ALLOWED: &[(&str, &str)] = &[
    ("p", "p"),
    ("h1", "h2"),
    ("h2", "h2"),
    ("h3", "h3"),
    ("h4", "h4"),
    ("h5", "h5"),
    ("h6", "h6"),
    ("a", "a"),
    ("em", "em"),
    ("strong", "strong"),
    ("b", "b"),
    ("i", "i"),
    ("u", "u"),
    ("s", "s"),
    ("sub", "sub"),
    ("sup", "sup"),
    ("small", "small"),
    ("mark", "mark"),
    ("q", "q"),
    ("cite", "cite"),
    ("abbr", "abbr"),
    ("time", "time"),
    ("code", "code"),
    ("pre", "pre"),
    ("kbd", "kbd"),
    ("samp", "samp"),
    ("var", "var"),
    ("blockquote", "blockquote"),
    ("ul", "ul"),
    ("ol", "ol"),
    ("li", "li"),
    ("dl", "dl"),
    ("dt", "dt"),
    ("dd", "dd"),
    ("figure", "figure"),
    ("figcaption", "figcaption"),
    ("img", "img"),
    ("table", "table"),
    ("thead", "thead"),
    ("tbody", "tbody"),
    ("tfoot", "tfoot"),
    ("tr", "tr"),
    ("th", "th"),
    ("td", "td"),
    ("caption", "caption"),
    ("br", "br"),
    ("hr", "hr"),
    ("div", "div"),
    ("section", "section"),
    ("article", "section"),
    ("main", "div"),
    ("span", "span"),
    ("del", "del"),
    ("ins", "ins"),
    ("details", "details"),
    ("summary", "summary"),
    ("wbr", "wbr"),
    ("bdi", "bdi"),
    ("ruby", "ruby"),
    ("rt", "rt"),
    ("rp", "rp"),
    ("address", "div"),
    ("center", "div"),
    ("header", "div"),
    ("dfn", "dfn"),
    ("tt", "code"),
    ("strike", "s"),
    ("big", "span"),
    ("font", "span"),
];

/// Elements dropped with everything inside them: code, embedded documents, controls, and
/// markup languages the view does not render safely.
const DROPPED: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "form",
    "input",
    "button",
    "select",
    "textarea",
    "option",
    "label",
    "link",
    "meta",
    "base",
    "title",
    "head",
    "canvas",
    "audio",
    "video",
    "source",
    "track",
    "map",
    "area",
    "dialog",
    "portal",
    "nav",
    "xmp",
    "plaintext",
    "noembed",
    "noframes",
    "math",
    "svg",
];

const VOID: &[&str] = &["br", "hr", "img", "wbr"];

/// What the walk hands to its consumer.
pub trait Sink {
    fn open(&mut self, tag: &str, attrs: &[(&'static str, String)]);
    fn text(&mut self, text: &str);
    fn close(&mut self, tag: &str);
}

/// Checks a URL for a link or an image: only absolute http(s) (and mailto for links) or
/// in-page anchors. Relative URLs never pass: the reader view is an extension page, where they
/// would resolve against the extension itself; the page model holds URLs already made absolute.
pub fn safe_url(raw: &str, for_link: bool) -> Option<String> {
    // Browsers ignore tabs and newlines inside URLs and trim controls and spaces at the ends.
    let cleaned: String = raw.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    let url = cleaned.trim_matches(|c: char| c <= ' ');
    if url.is_empty() {
        return None;
    }
    if for_link && url.starts_with('#') {
        return Some(url.to_string());
    }
    let (scheme, _) = url.split_once(':')?;
    let scheme = scheme.to_ascii_lowercase();
    let ok = match scheme.as_str() {
        "http" | "https" => url[scheme.len() + 1..].starts_with("//"),
        "mailto" => for_link,
        _ => false,
    };
    ok.then(|| url.to_string())
}

/// Walks the article below `root` through the allow-list, skipping `skip` nodes.
pub fn walk(page: &Page, root: NodeId, sink: &mut dyn Sink) {
    enum Step {
        Enter(NodeId),
        Leave(&'static str),
    }
    let mut stack = vec![Step::Enter(root)];
    while let Some(step) = stack.pop() {
        let id = match step {
            Step::Leave(tag) => {
                sink.close(tag);
                continue;
            }
            Step::Enter(id) => id,
        };
        let el = match page.data(id) {
            NodeData::Text(t) => {
                sink.text(t);
                continue;
            }
            NodeData::Document => {
                stack.extend(page.children(id).iter().rev().map(|&c| Step::Enter(c)));
                continue;
            }
            NodeData::Element(el) => el,
        };
        if el.ns != Namespace::Html {
            continue; // SVG and MathML never reach the view
        }
        let name = el.name.as_str();
        if DROPPED.contains(&name) {
            continue;
        }
        let Some(&(_, out)) = ALLOWED.iter().find(|(n, _)| *n == name) else {
            // Unknown and custom elements: their content stays, the element goes.
            stack.extend(page.children(id).iter().rev().map(|&c| Step::Enter(c)));
            continue;
        };
        let attrs = match allowed_attrs(page, id, out) {
            Some(a) => a,
            None => continue, // an image with no safe source, a tracking pixel
        };
        if out == "a" && !attrs.iter().any(|(n, _)| *n == "href") {
            // A link with nothing safe to point at keeps its text.
            stack.extend(page.children(id).iter().rev().map(|&c| Step::Enter(c)));
            continue;
        }
        sink.open(out, &attrs);
        if VOID.contains(&out) {
            continue;
        }
        stack.push(Step::Leave(out));
        stack.extend(page.children(id).iter().rev().map(|&c| Step::Enter(c)));
    }
}

fn allowed_attrs(page: &Page, id: NodeId, out: &str) -> Option<Vec<(&'static str, String)>> {
    let mut attrs: Vec<(&'static str, String)> = Vec::new();
    let get = |n: &str| page.attr(id, n).map(str::to_string);
    for (name, key) in [("lang", "lang"), ("dir", "dir")] {
        if let Some(v) = get(name).filter(|v| v.len() < 40 && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        {
            attrs.push((key, v));
        }
    }
    match out {
        "a" => {
            if let Some(href) = get("href").and_then(|h| safe_url(&h, true)) {
                attrs.push(("href", href));
            }
        }
        "img" => {
            if images::is_tracking_pixel(page, id) {
                return None;
            }
            let (src, srcset) = images::resolved_sources(page, id);
            let src = src.and_then(|s| safe_url(&s, false))?;
            attrs.push(("src", src));
            if let Some(set) = srcset.map(|s| safe_srcset(&s)).filter(|s| !s.is_empty()) {
                attrs.push(("srcset", set));
            }
            if let Some(alt) = get("alt") {
                attrs.push(("alt", alt));
            }
            for dim in ["width", "height"] {
                if let Some(v) =
                    get(dim).filter(|v| !v.is_empty() && v.len() < 6 && v.chars().all(|c| c.is_ascii_digit()))
                {
                    attrs.push((if dim == "width" { "width" } else { "height" }, v));
                }
            }
        }
        "td" | "th" => {
            for (name, key) in [("colspan", "colspan"), ("rowspan", "rowspan")] {
                if let Some(v) =
                    get(name).filter(|v| !v.is_empty() && v.len() < 4 && v.chars().all(|c| c.is_ascii_digit()))
                {
                    attrs.push((key, v));
                }
            }
        }
        "ol" => {
            if let Some(v) = get("start").filter(|v| v.parse::<i64>().is_ok()) {
                attrs.push(("start", v));
            }
        }
        "time" => {
            if let Some(v) = get("datetime").filter(|v| v.len() < 64) {
                attrs.push(("datetime", v));
            }
        }
        "abbr" => {
            if let Some(v) = get("title") {
                attrs.push(("title", v));
            }
        }
        _ => {}
    }
    Some(attrs)
}

fn safe_srcset(srcset: &str) -> String {
    srcset_candidates(srcset)
        .into_iter()
        .filter_map(|(u, d)| {
            let u = safe_url(&u, false)?;
            // A descriptor is a width or density; anything else is dropped with its candidate.
            let ok =
                d.is_empty() || (d.len() < 12 && d.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | 'w' | 'x')));
            ok.then(|| if d.is_empty() { u.clone() } else { format!("{u} {d}") })
        })
        .filter(|c| !c.contains(','))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Serialises the walk as HTML, escaping text and attribute values.
#[derive(Default)]
pub struct HtmlSink {
    pub out: String,
}

impl Sink for HtmlSink {
    fn open(&mut self, tag: &str, attrs: &[(&'static str, String)]) {
        self.out.push('<');
        self.out.push_str(tag);
        for (name, value) in attrs {
            self.out.push(' ');
            self.out.push_str(name);
            self.out.push_str("=\"");
            escape_into(&mut self.out, value, true);
            self.out.push('"');
        }
        self.out.push('>');
    }

    fn text(&mut self, text: &str) {
        escape_into(&mut self.out, text, false);
    }

    fn close(&mut self, tag: &str) {
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
    }
}

fn escape_into(out: &mut String, s: &str, attr: bool) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            c => out.push(c),
        }
    }
}

const BLOCKS: &[&str] = &[
    "p",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "figure",
    "figcaption",
    "table",
    "tr",
    "caption",
    "div",
    "section",
    "details",
    "summary",
    "hr",
];

/// Plain text of the walk: one block per paragraph, a blank line between blocks. Ruby
/// annotations (`<rt>`, `<rp>`) stay in the HTML, where they show above the text, and out of
/// the plain text, which reads the base text alone (子ども, not 子こども).
#[derive(Default)]
pub struct TextSink {
    blocks: Vec<String>,
    current: String,
    pre_depth: usize,
    annotation_depth: usize,
}

impl TextSink {
    fn flush(&mut self) {
        let block = if self.pre_depth > 0 {
            self.current.trim_matches('\n').to_string()
        } else {
            crate::page::text::fold_whitespace(&self.current)
        };
        if !block.trim().is_empty() {
            self.blocks.push(block);
        }
        self.current.clear();
    }

    pub fn finish(mut self) -> String {
        self.flush();
        self.blocks.join("\n\n")
    }
}

impl Sink for TextSink {
    fn open(&mut self, tag: &str, _attrs: &[(&'static str, String)]) {
        if tag == "br" {
            self.current.push('\n');
        } else if matches!(tag, "td" | "th") {
            self.current.push(' ');
        } else if BLOCKS.contains(&tag) {
            self.flush();
        }
        if tag == "pre" {
            self.pre_depth += 1;
        }
        if matches!(tag, "rt" | "rp") {
            self.annotation_depth += 1;
        }
    }

    fn text(&mut self, text: &str) {
        if self.annotation_depth == 0 {
            // A soft hyphen is a hint where a word may break, invisible unless it does: the
            // plain text has the word whole.
            if text.contains(SOFT_HYPHEN) {
                self.current.extend(text.chars().filter(|&c| c != SOFT_HYPHEN));
            } else {
                self.current.push_str(text);
            }
        }
    }

    fn close(&mut self, tag: &str) {
        if BLOCKS.contains(&tag) {
            self.flush();
        }
        if tag == "pre" {
            self.pre_depth = self.pre_depth.saturating_sub(1);
        }
        if matches!(tag, "rt" | "rp") {
            self.annotation_depth = self.annotation_depth.saturating_sub(1);
        }
    }
}

/// U+00AD, `&shy;`.
const SOFT_HYPHEN: char = '\u{ad}';

/// The HTML and the plain text of the article below `root`.
pub fn render(page: &Page, root: NodeId) -> (String, String) {
    let mut html = HtmlSink::default();
    walk(page, root, &mut html);
    let mut text = TextSink::default();
    walk(page, root, &mut text);
    (html.out, text.finish())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn clean(html: &str) -> String {
        let page = crate::input::html::parse(html, Some("https://example.com/a/")).unwrap();
        render(&page, page.body()).0
    }

    #[test]
    fn ruby_annotations_show_in_the_html_and_stay_out_of_the_text() {
        let page =
            crate::input::html::parse("<p><ruby>子<rp>(</rp><rt>こ</rt><rp>)</rp></ruby>どもへ</p>", None).unwrap();
        let (html, text) = render(&page, page.body());
        assert!(html.contains("<rt>こ</rt>"), "{html}");
        assert_eq!(text, "子どもへ");
    }

    #[test]
    fn keeps_allowed_markup_and_escapes() {
        assert_eq!(clean("<p class=x id=y>a &lt; <b>b</b></p>"), "<p>a &lt; <b>b</b></p>");
        assert_eq!(clean("<h1>T</h1>"), "<h2>T</h2>");
    }

    #[test]
    fn drops_scripts_handlers_and_bad_urls() {
        let out = clean(
            r#"<p onclick="x()">a<script>alert(1)</script><a href="javascript:alert(1)">j</a><a href=" JaVa&#x09;script:alert(1)">k</a><img src="javascript:x" onerror="y"><svg><script>z</script></svg></p>"#,
        );
        assert_eq!(out, "<p>ajk</p>");
    }

    #[test]
    fn urls_are_checked() {
        assert_eq!(safe_url("https://a/b", true).as_deref(), Some("https://a/b"));
        assert_eq!(safe_url("mailto:a@b", true).as_deref(), Some("mailto:a@b"));
        assert_eq!(safe_url("mailto:a@b", false), None);
        assert_eq!(safe_url("#x", true).as_deref(), Some("#x"));
        assert_eq!(safe_url("java\nscript:alert(1)", true), None);
        assert_eq!(safe_url("data:text/html,<script>", true), None);
        assert_eq!(safe_url("vbscript:x", true), None);
        assert_eq!(safe_url("\u{1}javascript:x", true), None);
        // The view is an extension page: a relative URL would resolve against the extension.
        assert_eq!(safe_url("//javascript:alert(1)", true), None);
        assert_eq!(safe_url("//evil.example/x", true), None);
        assert_eq!(safe_url("../options/options.html", true), None);
        assert_eq!(safe_url("x.png", false), None);
    }

    #[test]
    fn pictures_keep_their_image() {
        let out = clean(r#"<picture><source srcset="a.webp" type="image/webp"><img src="a.jpg" alt="A"></picture>"#);
        assert_eq!(out, r#"<img src="https://example.com/a/a.jpg" alt="A">"#);
    }

    #[test]
    fn unknown_elements_keep_their_text() {
        assert_eq!(clean("<my-para><p>x</p></my-para>"), "<p>x</p>");
    }

    #[test]
    fn soft_hyphens_stay_in_the_html_and_out_of_the_text() {
        let page = crate::input::html::parse("<p>Mag&shy;da&shy;le&shy;ner</p>", None).unwrap();
        let (html, text) = render(&page, page.body());
        assert_eq!(text, "Magdalener");
        assert!(html.contains('\u{ad}'), "{html}");
    }

    #[test]
    fn text_has_blank_lines_between_blocks() {
        let page = crate::input::html::parse(
            "<h2>Head</h2><p>One\n two</p><ul><li>a</li><li>b</li></ul><pre>x\n  y</pre>",
            None,
        )
        .unwrap();
        assert_eq!(render(&page, page.body()).1, "Head\n\nOne two\n\na\n\nb\n\nx\n  y");
    }
}
