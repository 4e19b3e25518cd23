//! Fills the page model from saved HTML: decodes the bytes, parses them with html5ever into our
//! tree sink, makes URLs absolute and prunes what the live snapshot never reads (one page model).

mod decode;
mod inline_style;
mod prune;
mod sink;
mod urls;

pub use decode::decode;

use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::ParseOpts;

use crate::page::{NodeId, Page};
use sink::Sink;

/// How deep a saved page may nest elements. html5ever scans its stack of open elements for many
/// tags, so its time grows with depth × tags; browsers' own parsers stop nesting far sooner
/// (Chromium at 512 levels). A page nested deeper is refused with `TooDeep`.
pub const PARSER_MAX_DEPTH: usize = 4_096;

/// Input is fed in slices of this many bytes, and the depth checked between them: past the
/// limit, parsing stops within one slice.
const SLICE: usize = 64 * 1024;

/// Why a saved page could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooDeep;

impl std::fmt::Display for TooDeep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the page nests elements more than {PARSER_MAX_DEPTH} levels deep, which no real page does; Folio does not read it")
    }
}

impl std::error::Error for TooDeep {}

/// Parses a whole HTML document into a page. `url` is the page's address.
pub fn parse(html: &str, url: Option<&str>) -> Result<Page, TooDeep> {
    // Scripting on, as browsers run pages: `<noscript>` is raw text, so a stray open tag in one
    // (`<noscript><div id="nojs"></noscript>`) cannot swallow the rest of the page.
    let mut page = parse_tree(html, url, true)?;
    open_noscripts(&mut page);
    page.flatten_deep();
    urls::resolve_urls(&mut page);
    prune::prune(&mut page);
    Ok(page)
}

/// html5ever into our sink, fed in slices with the depth checked between them.
fn parse_tree(html: &str, url: Option<&str>, scripting_enabled: bool) -> Result<Page, TooDeep> {
    let opts = ParseOpts {
        tree_builder: html5ever::tree_builder::TreeBuilderOpts { scripting_enabled, ..Default::default() },
        ..Default::default()
    };
    let mut parser = html5ever::parse_document(Sink::default(), opts);
    let mut rest = html;
    while !rest.is_empty() {
        let mut end = rest.len().min(SLICE);
        while !rest.is_char_boundary(end) {
            end += 1;
        }
        let (slice, tail) = rest.split_at(end);
        parser.process(StrTendril::from(slice));
        if parser.tokenizer.sink.sink.max_depth.get() > PARSER_MAX_DEPTH {
            return Err(TooDeep);
        }
        rest = tail;
    }
    Ok(parser.finish().into_page(url.map(str::to_string)))
}

/// A saved page is read with scripts off, so a `<noscript>`'s text is markup (often the real
/// `<img>` of a lazy picture, which `prune` lends to its placeholder): parsed on its own, scripting
/// off, in place of the text. Markup too deep to read stays text (and is pruned with it).
fn open_noscripts(page: &mut Page) {
    let noscripts: Vec<NodeId> = page.descendants(page.root()).filter(|&n| page.tag(n) == "noscript").collect();
    for ns in noscripts {
        let markup = page.text_content(ns);
        if !markup.contains('<') {
            continue;
        }
        let Ok(inner) = parse_tree(&markup, None, false) else { continue };
        for child in page.children(ns).to_vec() {
            page.detach(child);
        }
        // What the markup put in its <head> (link, meta, style) and <body>, in order.
        let Some(html) = inner.html_element() else { continue };
        for part in inner.child_elements(html).collect::<Vec<_>>() {
            for &child in inner.children(part) {
                graft(page, ns, &inner, child);
            }
        }
    }
}

/// Copies `from`'s subtree at `id` under `to`.
fn graft(page: &mut Page, to: NodeId, from: &Page, id: NodeId) {
    let mut stack = vec![(id, to)];
    while let Some((src, parent)) = stack.pop() {
        let copy = page.append(parent, from.data(src).clone());
        for &child in from.children(src).iter().rev() {
            stack.push((child, copy));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::Namespace;

    #[test]
    fn parses_elements_text_and_namespaces() {
        let p =
            parse("<!doctype html><title>T</title><p class=x>Hi <b>there</b><!-- c --><svg><path d=1/></svg>", None)
                .unwrap();
        let para = p.find_tag(p.root(), "p").unwrap();
        assert_eq!(p.attr(para, "class"), Some("x"));
        assert_eq!(p.text_content(para), "Hi there");
        let svg = p.descendants(p.root()).find(|&n| p.element(n).map(|e| e.name == "svg").unwrap_or(false)).unwrap();
        assert_eq!(p.element(svg).unwrap().ns, Namespace::Svg);
        assert_eq!(p.tag(svg), "", "svg is not an HTML tag");
    }

    #[test]
    fn misnested_markup_builds_a_tree() {
        let p = parse("<p>a<b>b<i>c</b>d</i>e<table><tr><td>x</table>f", None).unwrap();
        assert_eq!(p.text_content(p.body().unwrap()), "abcdexf");
    }

    #[test]
    fn resolves_urls_against_base() {
        let p = parse(
            r##"<base href="/sub/"><a href="x.html">a</a><img src="i.png" srcset="a.png 1x, /b.png 2x"><a href="#top">t</a>"##,
            Some("https://example.com/dir/page.html"),
        ).unwrap();
        let a = p.find_tag(p.root(), "a").unwrap();
        assert_eq!(p.attr(a, "href"), Some("https://example.com/sub/x.html"));
        let img = p.find_tag(p.root(), "img").unwrap();
        assert_eq!(p.attr(img, "src"), Some("https://example.com/sub/i.png"));
        assert_eq!(p.attr(img, "srcset"), Some("https://example.com/sub/a.png 1x, https://example.com/b.png 2x"));
        let top = p.elements_tagged(p.root(), "a").nth(1).unwrap();
        assert_eq!(p.attr(top, "href"), Some("#top"));
    }

    #[test]
    fn noscript_markup_is_read() {
        let p =
            parse("<body><img src=lazy.gif><noscript><img src=real.png></noscript>", Some("https://e.com/")).unwrap();
        let img = p.find_tag(p.root(), "img").unwrap();
        assert_eq!(p.attr(img, "src"), Some("https://e.com/real.png"), "the placeholder gets the noscript's source");
    }

    #[test]
    fn a_stray_tag_in_noscript_does_not_swallow_the_page() {
        // parcoabruzzo.it: read with scripting off, the open <div> kept <noscript> open to the
        // end, and the prune took the whole article with it.
        let p = parse("<body><noscript><div id=nojs></noscript><article><p>The article.</p></article></body>", None)
            .unwrap();
        let body = p.find_tag(p.root(), "body").unwrap();
        assert_eq!(p.text_content(body), "The article.");
        assert!(p.find_tag(p.root(), "noscript").is_none(), "pruned");
    }

    #[test]
    fn noscript_in_head_stays_in_head() {
        let p = parse("<head><noscript><img src=pixel.gif></noscript><title>T</title></head><body><p>Body</p>", None)
            .unwrap();
        let body = p.find_tag(p.root(), "body").unwrap();
        assert_eq!(p.text_content(body), "Body");
        assert!(p.find_tag(p.root(), "img").is_none(), "the head's noscript is pruned whole");
    }

    #[test]
    fn deep_nesting_is_laid_flat_below_max_depth() {
        let levels = crate::page::MAX_DEPTH;
        let html = "<div>".repeat(levels) + "<p>deep</p>" + &"</div>".repeat(levels) + "<p>after</p>";
        let p = parse(&html, None).unwrap();
        assert_eq!(p.text_content(p.root()), "deepafter");
        let deep = p.descendants(p.root()).find(|&n| p.text(n) == Some("deep")).unwrap();
        let para = p.parent(deep).unwrap();
        assert_eq!(p.tag(para), "p", "the paragraph keeps its text");
        assert_eq!(p.ancestors(para).count(), levels + 1, "laid under the element at depth {levels}");
    }

    #[test]
    fn nesting_past_the_parser_bound_is_refused() {
        // html5ever scans its open-element stack per tag, so its time grows as depth²: 100,000
        // levels took ~35 s. Parsing stops within one slice of passing PARSER_MAX_DEPTH.
        let html = "<div>".repeat(100_000) + "deep";
        assert_eq!(parse(&html, None).err(), Some(TooDeep));
        let html = "<div>".repeat(PARSER_MAX_DEPTH - 10) + "deep";
        assert!(parse(&html, None).is_ok());
    }
}
