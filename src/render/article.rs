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
    "frame",
    "frameset",
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
];

/// MathML that reaches the view, which renders it natively (KaTeX and MathJax pages carry it
/// beside their visual copy). `annotation` (the TeX source) and `annotation-xml` stay out.
pub const MATHML_ELEMENTS: &[&str] = &[
    "math",
    "mi",
    "mn",
    "mo",
    "ms",
    "mtext",
    "mspace",
    "mrow",
    "mfrac",
    "msqrt",
    "mroot",
    "mstyle",
    "merror",
    "mpadded",
    "mphantom",
    "menclose",
    "msub",
    "msup",
    "msubsup",
    "munder",
    "mover",
    "munderover",
    "mmultiscripts",
    "mprescripts",
    "none",
    "mtable",
    "mtr",
    "mtd",
    "mlabeledtr",
    "semantics",
];

/// Presentation attributes of MathML that reach the view; values are checked by
/// `is_plain_value` (no URL or script can hide in them).
const MATHML_ATTRS: &[&str] = &[
    "display",
    "mathvariant",
    "displaystyle",
    "scriptlevel",
    "stretchy",
    "fence",
    "separator",
    "largeop",
    "movablelimits",
    "symmetric",
    "lspace",
    "rspace",
    "accent",
    "accentunder",
    "linethickness",
    "columnalign",
    "rowalign",
    "columnspan",
    "rowspan",
    "notation",
    "width",
    "height",
    "depth",
    "form",
    "minsize",
    "maxsize",
];

/// Embedded media and documents: the view makes no request for them and shows a placeholder
/// instead, a link to the embedded address (or to the original page).
const EMBEDDED: &[(&str, &str)] =
    &[("iframe", "frame"), ("object", "frame"), ("embed", "frame"), ("video", "video"), ("audio", "audio")];

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

/// Walks the article below `root` through the allow-list.
pub fn walk(page: &Page, root: NodeId, sink: &mut dyn Sink) {
    enum Step {
        Enter(NodeId),
        Leave(&'static str),
    }
    let notes = NoteTargets::of(page, root);
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
        let name = el.name.as_str();
        match el.ns {
            Namespace::Html => {}
            Namespace::MathMl => {
                if let Some(&tag) = MATHML_ELEMENTS.iter().find(|t| **t == name) {
                    sink.open(tag, &mathml_attrs(page, id));
                    stack.push(Step::Leave(tag));
                    stack.extend(page.children(id).iter().rev().map(|&c| Step::Enter(c)));
                } else if !matches!(name, "annotation" | "annotation-xml") {
                    stack.extend(page.children(id).iter().rev().map(|&c| Step::Enter(c)));
                }
                continue;
            }
            // A drawing (a chart, a map) is not walked: a placeholder stands for it. An icon
            // goes without one.
            Namespace::Svg => {
                if name == "svg" && is_drawing(page, id) {
                    placeholder(sink, "chart", None, svg_label(page, id), page.url.as_deref());
                }
                continue;
            }
        }
        if DROPPED.contains(&name) {
            continue;
        }
        if let Some(&(_, kind)) = EMBEDDED.iter().find(|(n, _)| *n == name) {
            placeholder(
                sink,
                kind,
                embedded_url(page, id),
                page.attr(id, "title").map(str::to_string),
                page.url.as_deref(),
            );
            continue;
        }
        let Some(&(_, out)) = ALLOWED.iter().find(|(n, _)| *n == name) else {
            // Unknown and custom elements: their content stays, the element goes.
            stack.extend(page.children(id).iter().rev().map(|&c| Step::Enter(c)));
            continue;
        };
        let attrs = match allowed_attrs(page, id, out, &notes) {
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

fn allowed_attrs(page: &Page, id: NodeId, out: &str, notes: &NoteTargets) -> Option<Vec<(&'static str, String)>> {
    let mut attrs: Vec<(&'static str, String)> = Vec::new();
    let get = |n: &str| page.attr(id, n).map(str::to_string);
    for (name, key) in [("lang", "lang"), ("dir", "dir")] {
        if let Some(v) = get(name).filter(|v| v.len() < 40 && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        {
            attrs.push((key, v));
        }
    }
    if let Some(anchor) = notes.anchor_of(page, id) {
        attrs.push(("id", anchor));
    }
    match out {
        "a" => {
            let href = get("href").and_then(|h| safe_url(&h, true));
            match href.as_deref().and_then(|h| h.strip_prefix('#')) {
                // An in-article anchor (a footnote and its way back) points at its target's
                // new name; one whose target is not in the article keeps its text only.
                Some(fragment) => {
                    if let Some(anchor) = notes.anchor_for(fragment) {
                        attrs.push(("href", format!("#{anchor}")));
                    }
                }
                None => {
                    if let Some(href) = href {
                        attrs.push(("href", href));
                    }
                }
            }
        }
        "pre" | "code" => {
            if let Some(language) = code_language(page, id) {
                attrs.push(("class", format!("language-{language}")));
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

/// In-article anchors: the elements an in-article `#fragment` link points at (footnotes and
/// their way back). In the view they are named `folio-note-` and the page's name, so that a
/// page's ids never meet the view's own; links to anchors outside the article lose their href.
struct NoteTargets {
    fragments: Vec<String>,
}

impl NoteTargets {
    fn of(page: &Page, root: NodeId) -> NoteTargets {
        let is_name = |v: &str| {
            (1..=64).contains(&v.len())
                && v.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
        };
        let mut linked: Vec<&str> = page
            .elements_tagged(root, "a")
            .filter_map(|a| page.attr(a, "href")?.strip_prefix('#'))
            .filter(|f| is_name(f))
            .collect();
        if linked.is_empty() {
            return NoteTargets { fragments: Vec::new() };
        }
        linked.sort_unstable();
        linked.dedup();
        let mut fragments: Vec<String> = page
            .descendants(root)
            .filter_map(|n| Self::name_of(page, n))
            .filter(|name| linked.binary_search(name).is_ok())
            .map(str::to_string)
            .collect();
        fragments.sort_unstable();
        fragments.dedup();
        NoteTargets { fragments }
    }

    /// The name an element answers to as a fragment: its id, or an old-style `<a name>`.
    fn name_of(page: &Page, id: NodeId) -> Option<&str> {
        page.attr(id, "id").or_else(|| if page.tag(id) == "a" { page.attr(id, "name") } else { None })
    }

    /// The view's name for the target of `#fragment`, when that target is in the article.
    fn anchor_for(&self, fragment: &str) -> Option<String> {
        self.fragments.binary_search_by(|f| f.as_str().cmp(fragment)).ok().map(|_| format!("folio-note-{fragment}"))
    }

    /// The view's name for `id`, when an in-article link points at it.
    fn anchor_of(&self, page: &Page, id: NodeId) -> Option<String> {
        if self.fragments.is_empty() {
            return None;
        }
        Self::name_of(page, id).and_then(|name| self.anchor_for(name))
    }
}

/// The MathML presentation attributes of `id` whose values are plain words, numbers or lengths.
fn mathml_attrs(page: &Page, id: NodeId) -> Vec<(&'static str, String)> {
    let plain =
        |v: &str| v.len() <= 40 && v.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '.' | '-' | '%'));
    MATHML_ATTRS
        .iter()
        .filter_map(|&name| page.attr(id, name).filter(|v| plain(v)).map(|v| (name, v.to_string())))
        .collect()
}

/// A placeholder for what the view does not load: `figure.folio-embed[data-kind]` holding a
/// link to the embedded address (or to the original page) named by the embed's own label or
/// the address's host. The view words the kind ("Video", "Chart") in the user's language.
fn placeholder(
    sink: &mut dyn Sink,
    kind: &'static str,
    url: Option<String>,
    label: Option<String>,
    page_url: Option<&str>,
) {
    let href = url.or_else(|| page_url.and_then(|u| safe_url(u, true)));
    let label = label.map(|l| crate::page::text::fold_whitespace(&l)).filter(|l| !l.is_empty());
    let text: String = match label {
        Some(l) => l.chars().take(120).collect(),
        None => href.as_deref().and_then(host_of).unwrap_or_default().to_string(),
    };
    sink.open("figure", &[("class", "folio-embed".to_string()), ("data-kind", kind.to_string())]);
    match href {
        Some(href) => {
            sink.open("a", &[("href", href)]);
            sink.text(&text);
            sink.close("a");
        }
        None => sink.text(&text),
    }
    sink.close("figure");
}

/// The host of an absolute http(s) URL.
fn host_of(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    (!host.is_empty()).then_some(host)
}

/// The address an embed shows: a frame's or embed's `src`, an object's `data`, a video's or
/// audio's `src` or first `<source>`; http(s) only.
fn embedded_url(page: &Page, id: NodeId) -> Option<String> {
    let own = match page.tag(id) {
        "object" => page.attr(id, "data"),
        _ => page.attr(id, "src"),
    };
    let source = || page.child_elements(id).filter(|&c| page.tag(c) == "source").find_map(|c| page.attr(c, "src"));
    own.or_else(source).and_then(|u| safe_url(u, false))
}

/// Whether an `<svg>` is a drawing worth a placeholder (a chart, a map) rather than an icon, a
/// logo, a divider or an image's loading box: at least 150 × 100 px (as laid out, or by its
/// `width` and `height` attributes when nothing was laid out; a `viewBox` says nothing of the
/// size shown, icon sets draw on 512 × 512) and more than a few shapes.
fn is_drawing(page: &Page, id: NodeId) -> bool {
    let big = |w: f32, h: f32| w >= 150.0 && h >= 100.0;
    let sized = match page.layout(id).filter(|l| l.width > 0.0 || l.height > 0.0) {
        Some(l) => big(l.width, l.height),
        None => {
            let px = |name: &str| page.attr(id, name)?.trim().trim_end_matches("px").parse::<f32>().ok();
            matches!((px("width"), px("height")), (Some(w), Some(h)) if big(w, h))
        }
    };
    const SHAPES: &[&str] =
        &["path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "image", "use"];
    let is_shape =
        |n: NodeId| page.element(n).is_some_and(|e| e.ns == Namespace::Svg && SHAPES.contains(&e.name.as_str()));
    sized && page.descendants(id).filter(|&n| is_shape(n)).take(4).count() >= 4
}

/// What an SVG drawing says it shows: its `aria-label`, or its `<title>`.
fn svg_label(page: &Page, id: NodeId) -> Option<String> {
    page.attr(id, "aria-label").map(str::to_string).or_else(|| {
        page.child_elements(id)
            .find(|&c| page.element(c).is_some_and(|e| e.ns == Namespace::Svg && e.name == "title"))
            .map(|t| page.text_content(t))
    })
}

/// The language a code block names for its highlighting: `language-x` or `lang-x` on the
/// element (Prism, highlight.js, Markdown renderers), or `highlight-source-x` on a `<pre>`'s
/// wrapper (GitHub). Lowercase letters, digits and `+#_-` only.
fn code_language(page: &Page, id: NodeId) -> Option<String> {
    let from = |class: &str, prefixes: &[&str]| {
        class.split_ascii_whitespace().find_map(|token| {
            let token = token.to_ascii_lowercase();
            prefixes.iter().find_map(|p| token.strip_prefix(p).map(str::to_string))
        })
    };
    let own = page.attr(id, "class").and_then(|c| from(c, &["language-", "lang-"]));
    let wrapper = || {
        let parent = page.parent(id).filter(|_| page.tag(id) == "pre")?;
        from(page.attr(parent, "class")?, &["highlight-source-"])
    };
    own.or_else(wrapper).filter(|l| {
        (1..=24).contains(&l.len())
            && l.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'+' | b'#' | b'_' | b'-'))
    })
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
    placeholder_depth: usize,
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
    fn open(&mut self, tag: &str, attrs: &[(&'static str, String)]) {
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
        if self.placeholder_depth > 0 || attrs.iter().any(|(n, v)| *n == "class" && v == "folio-embed") {
            self.placeholder_depth += 1;
        }
    }

    fn text(&mut self, text: &str) {
        if self.annotation_depth == 0 && self.placeholder_depth == 0 {
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
        self.placeholder_depth = self.placeholder_depth.saturating_sub(1);
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
        render(&page, page.body().unwrap()).0
    }

    #[test]
    fn ruby_annotations_show_in_the_html_and_stay_out_of_the_text() {
        let page =
            crate::input::html::parse("<p><ruby>子<rp>(</rp><rt>こ</rt><rp>)</rp></ruby>どもへ</p>", None).unwrap();
        let (html, text) = render(&page, page.body().unwrap());
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
    fn code_keeps_its_language_class_alone() {
        assert_eq!(
            clean(r#"<pre class="hljs lang-JS x"><code class="language-rust evil" onclick=x>a</code></pre>"#),
            r#"<pre class="language-js"><code class="language-rust">a</code></pre>"#
        );
        assert_eq!(
            clean(r#"<p class="language-rust"><code class="language-"x">a</code></p>"#),
            "<p><code>a</code></p>"
        );
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
    fn mathml_reaches_the_view_without_its_source_or_links() {
        // KaTeX: the MathML copy beside an aria-hidden visual copy (left out upstream).
        let out = clean(
            r#"<p>So <math display="block" href="javascript:x" onclick="y()"><semantics><mrow><msup><mi mathvariant="normal">e</mi><mn>2</mn></msup><mo stretchy="false">=</mo><mi>x</mi></mrow><annotation encoding="application/x-tex">e^2=x</annotation></semantics></math>.</p>"#,
        );
        assert_eq!(
            out,
            r#"<p>So <math display="block"><semantics><mrow><msup><mi mathvariant="normal">e</mi><mn>2</mn></msup><mo stretchy="false">=</mo><mi>x</mi></mrow></semantics></math>.</p>"#
        );
        // Script and markup smuggled into MathML go; unknown MathML keeps its content.
        let out = clean(
            r#"<math><maction><mi>a</mi></maction><annotation-xml><mi>x</mi></annotation-xml><mi style="x" mathcolor="url(javascript:1)">b</mi></math>"#,
        );
        assert_eq!(out, "<math><mi>a</mi><mi>b</mi></math>");
    }

    #[test]
    fn footnotes_keep_working_in_the_view() {
        let out = clean(
            r##"<p>Claim<sup id="ref1"><a href="#fn1">1</a></sup> and <a href="#elsewhere">a lost link</a>.</p><ol><li id="fn1">Source. <a href="#ref1">↩</a></li></ol><p id="unlinked">x</p>"##,
        );
        assert_eq!(
            out,
            r##"<p>Claim<sup id="folio-note-ref1"><a href="#folio-note-fn1">1</a></sup> and a lost link.</p><ol><li id="folio-note-fn1">Source. <a href="#folio-note-ref1">↩</a></li></ol><p>x</p>"##
        );
        // Old-style named anchors too; names that are not plain stay out.
        let out = clean(r##"<p><a href="#n1">1</a></p><p><a name="n1"></a>Note</p><p><a href="#a&quot;b">q</a></p>"##);
        assert_eq!(out, r##"<p><a href="#folio-note-n1">1</a></p><p>Note</p><p>q</p>"##);
    }

    #[test]
    fn embeds_become_placeholders_that_load_nothing() {
        let out = clean(
            r#"<iframe src="https://www.youtube.com/embed/abc" title="A talk"></iframe><video><source src="/v.mp4"></video><audio src="javascript:x"></audio><object data="https://e.example/o"></object>"#,
        );
        assert_eq!(
            out,
            concat!(
                r#"<figure class="folio-embed" data-kind="frame"><a href="https://www.youtube.com/embed/abc">A talk</a></figure>"#,
                r#"<figure class="folio-embed" data-kind="video"><a href="https://example.com/v.mp4">example.com</a></figure>"#,
                r#"<figure class="folio-embed" data-kind="audio"><a href="https://example.com/a/">example.com</a></figure>"#,
                r#"<figure class="folio-embed" data-kind="frame"><a href="https://e.example/o">e.example</a></figure>"#,
            )
        );
        // The placeholder is not article text.
        let page = crate::input::html::parse(
            r#"<p>Before.</p><iframe src="https://v.example/1"></iframe><p>After.</p>"#,
            None,
        )
        .unwrap();
        assert_eq!(render(&page, page.body().unwrap()).1, "Before.\n\nAfter.");
    }

    #[test]
    fn svg_drawings_become_placeholders_named_by_their_title() {
        let out = clean(
            r#"<svg aria-label="Cases by week" width="600" height="300"><script>x()</script><rect/><rect/><rect/><text>2024</text></svg><svg width="800px" height="400px"><title>Map</title><a href="javascript:y"><text>z</text></a><path/><path/><path/></svg><svg width="768" height="768"><rect/></svg><p>Share <svg width="16" height="16" aria-label="Facebook"></svg><svg viewBox="0 0 512 512"><title>X</title></svg><svg width="500" height="10"></svg></p>"#,
        );
        assert_eq!(
            out,
            concat!(
                r#"<figure class="folio-embed" data-kind="chart"><a href="https://example.com/a/">Cases by week</a></figure>"#,
                r#"<figure class="folio-embed" data-kind="chart"><a href="https://example.com/a/">Map</a></figure>"#,
                "<p>Share </p>",
            )
        );
    }

    #[test]
    fn code_blocks_keep_their_language() {
        assert_eq!(
            clean(r#"<pre class="x"><code class="hljs language-Rust">fn main() {}</code></pre>"#),
            r#"<pre><code class="language-rust">fn main() {}</code></pre>"#
        );
        assert_eq!(
            clean(r#"<div class="highlight highlight-source-c++"><pre>int x;</pre></div>"#),
            r#"<div><pre class="language-c++">int x;</pre></div>"#
        );
        assert_eq!(clean(r#"<pre><code class="language-a&quot;onload=x">y</code></pre>"#), "<pre><code>y</code></pre>");
    }

    #[test]
    fn soft_hyphens_stay_in_the_html_and_out_of_the_text() {
        let page = crate::input::html::parse("<p>Mag&shy;da&shy;le&shy;ner</p>", None).unwrap();
        let (html, text) = render(&page, page.body().unwrap());
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
        assert_eq!(render(&page, page.body().unwrap()).1, "Head\n\nOne two\n\na\n\nb\n\nx\n  y");
    }
}
