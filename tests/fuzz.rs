//! Fuzzing over saved HTML and snapshots (proptest, stable Rust): whatever the bytes, the core
//! answers with a report or a clear error, never a panic, and never lets a script-ish URL or
//! an event handler into the reader view's HTML. `FOLIO_FUZZ_CASES` sets the run's length.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;

fn cases() -> u32 {
    std::env::var("FOLIO_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(300)
}

/// Pieces real pages and hostile pages are made of, to be shuffled together.
fn fragment() -> impl Strategy<Value = String> {
    let tags = prop::sample::select(vec![
        "div",
        "p",
        "span",
        "a",
        "img",
        "figure",
        "figcaption",
        "table",
        "tr",
        "td",
        "ul",
        "li",
        "svg",
        "math",
        "style",
        "script",
        "noscript",
        "template",
        "iframe",
        "form",
        "select",
        "option",
        "textarea",
        "b",
        "i",
        "h1",
        "h2",
        "article",
        "section",
        "aside",
        "nav",
        "header",
        "footer",
        "object",
        "embed",
        "base",
        "meta",
        "mglyph",
        "mtext",
        "foreignObject",
        "use",
        "animate",
        "xmp",
        "plaintext",
        "noembed",
        "title",
    ]);
    let attrs = prop::sample::select(vec![
        "",
        " class=\"paywall\"",
        " class=\"ad-slot\"",
        " id=\"div-gpt-ad-1\"",
        " href=\"javascript:alert(1)\"",
        " src=\"java\tscript:x\"",
        " onerror=\"x()\"",
        " style=\"position:fixed;inset:0\"",
        " srcset=\"a.png 1x, javascript:x 2x\"",
        " href=\"https://e.com/a\"",
        " src=\"data:text/html,<script>x</script>\"",
        " xlink:href=\"javascript:x\"",
        " hidden",
        " aria-hidden=\"true\"",
        " style=\"display:none\"",
        " dir=\"rtl\"",
        " lang=\"ar\"",
    ]);
    let text = prop::sample::select(vec![
        "Sign up to read this article",
        "Advertisement",
        "Related Stories",
        "Download the app",
        "A sentence of the article, with commas, that goes on for a while to look like prose. ",
        "Caption text here (Caption text here)",
        "&amp;&lt;&#0;&#x110000;&bogus;",
        "<!-- c -->",
        "<![CDATA[x]]>",
        "\u{0}",
        "\u{feff}",
        "é漢字🙂",
        "</p></div></table>",
        "<",
        ">",
        "\"'",
    ]);
    prop_oneof![
        (tags.clone(), attrs).prop_map(|(t, a)| format!("<{t}{a}>")),
        tags.prop_map(|t| format!("</{t}>")),
        text.prop_map(str::to_string),
        "[ -~]{0,12}".prop_map(|s| s),
    ]
}

fn page() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..120).prop_map(|parts| parts.concat())
}

/// The invariants of the reader view's HTML, whatever the page, checked on its parsed elements
/// and attributes: only allow-listed elements (MathML from its own list), no handlers, styles
/// or names, ids only of the view's footnote anchors, safe URLs.
fn check_content(content: &str) {
    use folio::page::Namespace;
    const BANNED: &[&str] = &[
        "script", "iframe", "object", "embed", "svg", "style", "form", "base", "meta", "link", "template", "input",
        "button", "textarea", "select", "noscript", "video", "audio",
    ];
    let page = folio::input::html::parse(content, None).expect("the reader's own HTML is shallow");
    for n in page.descendants(page.root()) {
        let Some(el) = page.element(n) else { continue };
        match el.ns {
            Namespace::MathMl => assert!(
                folio::render::article::MATHML_ELEMENTS.contains(&el.name.as_str()),
                "<{}> (MathML) in {content}",
                el.name
            ),
            Namespace::Svg => panic!("<{}> (SVG) in {content}", el.name),
            Namespace::Html => assert!(!BANNED.contains(&el.name.as_str()), "<{}> in {content}", el.name),
        }
        for (name, value) in &el.attrs {
            assert!(!name.starts_with("on") && !matches!(name.as_str(), "style" | "name"), "{name} in {content}");
            assert!(name != "id" || value.starts_with("folio-note-"), "id={value} in {content}");
            let v: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            if matches!(name.as_str(), "href" | "src" | "srcset") {
                assert!(
                    !v.contains("javascript:") && !v.contains("vbscript:") && !v.contains("data:"),
                    "{name}={value} in {content}"
                );
            }
        }
    }
}

/// Pieces of what the Markdown writer meets: every block and inline form it writes, nested at
/// random, with text that reads as Markdown.
fn markdown_page() -> impl Strategy<Value = String> {
    let tags = prop::sample::select(vec![
        "p",
        "h1",
        "h3",
        "blockquote",
        "ul",
        "ol",
        "li",
        "pre",
        "code",
        "em",
        "strong",
        "s",
        "a",
        "table",
        "tr",
        "th",
        "td",
        "caption",
        "br",
        "hr",
        "img",
        "ruby",
        "rt",
        "figure",
        "figcaption",
        "div",
        "kbd",
    ]);
    let attrs = prop::sample::select(vec![
        "",
        " href=\"https://e.com/a b(c)\"",
        " href=\"javascript:x\"",
        " src=\"https://e.com/i.png\" alt=\"a]b\"",
        " class=\"language-rust\"",
        " colspan=\"3\"",
        " start=\"7\"",
    ]);
    let text =
        prop::sample::select(vec!["# x", "1. y", "- z", "`a``b`", "*_[]|\\<>", " \n ", "é漢字", "---", "\u{a0}", "x"]);
    let fragment = prop_oneof![
        (tags.clone(), attrs).prop_map(|(t, a)| format!("<{t}{a}>")),
        tags.prop_map(|t| format!("</{t}>")),
        text.prop_map(str::to_string),
    ];
    prop::collection::vec(fragment, 0..80).prop_map(|parts| parts.concat())
}

/// A page with lists, siblings of several types and attributes, for selectors to search.
const SELECTOR_PAGE: &str = "<body><div id=a class='x y'><p lang=en-GB>1</p><p>2</p><span></span>\
    <ul><li>a</li><li class=x>b</li></ul></div><aside data-k='p q'><p>3</p></aside></body>";

/// Tokens selectors are made of, valid and not, to be strung together.
fn selector_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "p",
            "div",
            "*",
            ".x",
            "#a",
            "[lang|=en]",
            "[data-k~=q i]",
            "[k^='v' s]",
            " ",
            " > ",
            " + ",
            " ~ ",
            ",",
            ":is(",
            ":where(",
            ":not(",
            ":has(",
            ":has(> ",
            ":has(~ ",
            ")",
            ":nth-child(",
            ":nth-last-child(",
            ":nth-of-type(",
            "2n+1",
            "odd",
            "-n+3",
            " of ",
            ":first-child",
            ":only-of-type",
            ":empty",
            ":root",
            ":has-text(",
            "::before",
            "\\",
            "'",
            "[",
            "]",
            "(",
            "é",
        ])
        .prop_map(str::to_string),
        "[ -~]{0,3}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn markdown_never_panics_and_links_stay_safe(html in markdown_page()) {
        let page = folio::input::html::parse(&html, Some("https://fuzz.example/a")).expect("shallow");
        let md = folio::render::markdown::render(&page, page.body().unwrap_or(page.root()));
        prop_assert!(!md.contains("javascript:"), "{md}");
    }

    #[test]
    fn saved_html_never_panics_and_stays_clean(html in page()) {
        match folio::extract(&html, Some("https://fuzz.example/a")) {
            Ok(report) => {
                check_content(&report.content);
                prop_assert!(serde_json::to_string(&report).is_ok());
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }

    #[test]
    fn raw_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        if let Ok(html) = folio::input::html::decode(&bytes) {
            let _ = folio::extract(&html, None);
        }
    }

    #[test]
    fn snapshots_never_panic(nodes in prop::collection::vec((0u32..40, prop::option::of("[a-z]{1,6}"), prop::option::of(".{0,20}")), 0..60)) {
        let list: Vec<serde_json::Value> = nodes
            .into_iter()
            .map(|(p, t, x)| serde_json::json!({"p": p, "t": t, "x": x, "l": {"p": "fixed", "w": 500, "h": 500, "o": 0.5}}))
            .collect();
        let json = serde_json::json!({"v": 1, "url": "https://fuzz.example/", "nodes": list}).to_string();
        if let Ok(page) = folio::input::snapshot::parse(&json) {
            let a = folio::analyse(page);
            check_content(&a.report.content);
        }
    }

    #[test]
    fn selectors_never_panic(parts in prop::collection::vec(selector_piece(), 0..24)) {
        let text = parts.concat();
        if let Ok(sel) = folio::page::selector::Selector::parse(&text) {
            let page = folio::input::html::parse(SELECTOR_PAGE, None).unwrap();
            let found = sel.select(&page, page.root());
            prop_assert!(found.windows(2).all(|w| w[0] != w[1]));
        }
    }

    #[test]
    fn rules_never_panic(text in "[ -~\n#@~,.*>+\\[\\]=:()\"']{0,200}") {
        let set = folio::rules::parse(&text);
        for e in &set.errors {
            prop_assert!(e.line >= 1 && !e.message.is_empty());
        }
    }
}
