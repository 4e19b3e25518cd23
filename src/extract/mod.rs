//! Main-content extraction: scores candidate containers by the prose they hold, picks the best,
//! merges its related siblings, then cleans what no reader wants out of the chosen container.

//!
//! The flow, per attempt on a fresh copy of the page: `prepare`, `candidates::visit` (prune,
//! collect), `scoring` (score, pick), `candidates::gather` (the container and its siblings),
//! `clean`.
//! Each attempt that finds too little text is retried with gentler rules, as Readability does.
//! `readerable` is the cheap pre-check that decides automatic mode. Tuning lives in `tuning`.

mod candidates;
mod clean;
mod credits;
mod prepare;
mod readerable;
mod scoring;
mod tuning;

pub use readerable::is_readerable;

use crate::page::text::{char_len, fold_whitespace};
use crate::page::{NodeId, Page};
use candidates::{gather, visit};
use clean::{clean_article, remove_logos};
use prepare::prepare;
use scoring::score_paragraphs;
use tuning::{ARTICLE_MAX_LINK_DENSITY, CHAR_THRESHOLD, TITLED_STORY_MIN_CHARS};

/// What extraction found: the article's container (a detached node in the page), plus the
/// byline written in the page and the text direction.
#[derive(Debug, Clone)]
pub struct Grabbed {
    pub root: NodeId,
    pub byline: Option<String>,
    pub dir: Option<String>,
    pub text_len: usize,
}

#[derive(Clone, Copy)]
pub(super) struct Flags {
    pub(super) strip_unlikely: bool,
    pub(super) weight_classes: bool,
    pub(super) clean_conditionally: bool,
}

/// What the metadata tells extraction about the page's own chrome.
#[derive(Debug, Clone, Copy, Default)]
pub struct Hints<'a> {
    /// The article title: a heading that repeats it is dropped from the body.
    pub title: Option<&'a str>,
    /// The site name: an image named after it is the site's logo.
    pub site_name: Option<&'a str>,
}

/// Finds the article in `page`. Returns None when the page has no text at all.
///
/// A second opinion comes from the page's own marking of its article (schema.org's
/// `articleBody`, or the one `<article>`): when the scored result lies mostly outside a marked
/// article that holds enough text, the article is looked for again inside the marked one.
pub fn grab(page: &Page, hints: Hints) -> Option<(Page, Grabbed)> {
    let first = grab_scored(page, hints);
    let marked = marked_article(page).or_else(|| titled_article(page, hints.title?));
    let Some(marked) = marked.filter(|&m| page.inner_text_len(m) >= CHAR_THRESHOLD) else {
        return first;
    };
    if let Some((work, g)) = &first {
        if share_inside(page, work, g.root, marked) >= 0.5 {
            return first;
        }
    }
    let mut within = page.clone();
    let Some(body) = within.body() else { return first };
    for child in within.children(body).to_vec() {
        within.detach(child);
    }
    within.append_child(body, marked);
    match grab_scored(&within, hints) {
        Some(second) if second.1.text_len >= CHAR_THRESHOLD => Some(second),
        _ => first,
    }
}

/// The one element the page marks as its article body (`itemprop=articleBody`), or else its
/// one `<article>`. Standard markup, not class names: None when it is missing or ambiguous.
fn marked_article(page: &Page) -> Option<NodeId> {
    let body = page.body()?;
    let only = |mut it: Box<dyn Iterator<Item = NodeId> + '_>| match (it.next(), it.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    };
    let item_body =
        |n: NodeId| page.attr(n, "itemprop").is_some_and(|v| v.split_whitespace().any(|t| t == "articleBody"));
    only(Box::new(page.descendants(body).filter(move |&n| item_body(n))))
        .or_else(|| only(Box::new(page.elements_tagged(body, "article"))))
}

/// Among several `<article>`s (stories stacked by an endless scroll, teasers in a rail), the
/// innermost one headed by the page's title: the story this page is about. None when no
/// heading repeats the title.
fn titled_article(page: &Page, title: &str) -> Option<NodeId> {
    let title = fold_whitespace(title).to_lowercase();
    if char_len(&title) < TITLED_STORY_MIN_CHARS {
        return None;
    }
    let body = page.body()?;
    let headed = |a: NodeId| {
        page.descendants(a).filter(|&d| matches!(page.tag(d), "h1" | "h2")).any(|h| {
            let heading = fold_whitespace(&page.inner_text(h)).to_lowercase();
            heading == title
        })
    };
    let titled: Vec<NodeId> = page.elements_tagged(body, "article").filter(|&a| headed(a)).collect();
    // The innermost: no other titled article inside it.
    titled.iter().copied().find(|&a| !titled.iter().any(|&b| b != a && page.is_inside(b, a)))
}

/// The share of the text under `root` (in `work`, a worked copy of `page`) that comes from
/// inside `marked` (in `page`). Nodes extraction made have no place in `page` and count outside.
fn share_inside(page: &Page, work: &Page, root: NodeId, marked: NodeId) -> f64 {
    let (mut inside, mut total) = (0usize, 0usize);
    for n in work.descendants(root) {
        let Some(t) = work.text(n) else { continue };
        let len = t.chars().filter(|c| !c.is_whitespace()).count();
        total += len;
        if (n.0 as usize) < page.len() && page.is_inside(n, marked) {
            inside += len;
        }
    }
    if total == 0 {
        0.0
    } else {
        inside as f64 / total as f64
    }
}

/// Readability's way: score, pick, clean; retried with gentler rules while the text is short.
fn grab_scored(page: &Page, hints: Hints) -> Option<(Page, Grabbed)> {
    let body = page.body()?;
    let mut flags = Flags { strip_unlikely: true, weight_classes: true, clean_conditionally: true };
    let mut attempts: Vec<(Page, Grabbed)> = Vec::new();
    loop {
        // Each attempt prepares its own copy: `prepare` is cheap and deterministic, and a page
        // whose first attempt succeeds (most do) then costs one clone, not two.
        let mut work = page.clone();
        prepare(&mut work);
        let grabbed = grab_once(&mut work, body, hints, flags);
        if grabbed.text_len >= CHAR_THRESHOLD {
            return Some((work, grabbed));
        }
        attempts.push((work, grabbed));
        if flags.strip_unlikely {
            flags.strip_unlikely = false;
        } else if flags.weight_classes {
            flags.weight_classes = false;
        } else if flags.clean_conditionally {
            flags.clean_conditionally = false;
        } else {
            break;
        }
    }
    // Keep the longest attempt (the first among equals).
    let best = attempts.iter().enumerate().max_by_key(|(i, (_, g))| (g.text_len, usize::MAX - i)).map(|(i, _)| i)?;
    let (work, grabbed) = attempts.swap_remove(best);
    (grabbed.text_len > 0).then_some((work, grabbed))
}

/// Whether the extracted container `root`, rendered as `text`, holds an article: text, most of
/// it outside links (a link list or a shop's product grid is not an article), and most of it
/// characters rather than undecodable bytes (a binary file served as a page is not one). The
/// one decision for "is there an article", behind the command line's exit status and the
/// view's message alike.
pub fn is_article(page: &Page, root: NodeId, text: &str) -> bool {
    let (mut chars, mut garbage) = (0usize, 0usize);
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        chars += 1;
        if c == '\u{fffd}' || c.is_control() {
            garbage += 1;
        }
    }
    chars > 0 && garbage * 10 < chars && crate::page::metrics::link_density(page, root) <= ARTICLE_MAX_LINK_DENSITY
}

/// Whether `id` holds a picture, a video or an embed: a block that does is never taken for
/// the short line of text beside it.
pub(super) fn holds_media(page: &Page, id: NodeId) -> bool {
    page.descendants(id)
        .any(|d| matches!(page.tag(d), "img" | "picture" | "video" | "iframe" | "svg" | "object" | "embed"))
}

pub(super) fn has_ancestor_tag(page: &Page, id: NodeId, tag: &str, max_depth: usize) -> bool {
    page.ancestors(id).take(if max_depth == 0 { usize::MAX } else { max_depth }).any(|a| page.tag(a) == tag)
}

fn grab_once(page: &mut Page, body: NodeId, hints: Hints, flags: Flags) -> Grabbed {
    let visited = visit(page, body, hints.title, flags);
    let byline = visited.byline;
    let (scores, top) = score_paragraphs(page, body, &visited.to_score, flags);
    let (article, top_candidate, parent) = gather(page, body, &top, scores, flags, visited.after_title);

    remove_logos(page, article, hints.site_name);
    clean_article(page, article, top_candidate, flags);

    let dir = std::iter::once(top_candidate)
        .chain(page.ancestors(parent))
        .chain(std::iter::once(parent))
        .find_map(|n| page.attr(n, "dir").map(str::to_string))
        .or_else(|| page.html_element().and_then(|h| page.attr(h, "dir")).map(str::to_string));
    let text_len = char_len(&fold_whitespace(&page.text_content(article)));
    Grabbed { root: article, byline, dir, text_len }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn text_of(html: &str) -> String {
        let page = crate::input::html::parse(html, Some("https://example.com/a")).unwrap();
        let (worked, g) = grab(&page, Hints::default()).expect("an article");
        crate::render::article::render(&worked, g.root).1
    }

    const PARA: &str = "A paragraph of the article, long enough to be scored, with a comma, and another, and more words to pass the bar.";

    #[test]
    fn a_heading_of_kicker_and_title_is_the_title_and_the_lead_after_it_opens_the_article() {
        let html = format!(
            "<body><div class=o-article-top><h2>Vote day: Defeat for Johnson as parliament delays the vote - what now?</h2><div class=intro><p>A heavy blow for Boris Johnson: the prime minister must now ask for an extension of the deadline.</p></div></div><div class=body>{}</div></body>",
            format!("<p>{PARA}</p>").repeat(6)
        );
        let page = crate::input::html::parse(&html, Some("https://example.com/a")).unwrap();
        let hints = Hints { title: Some("Defeat for Johnson as parliament delays the vote"), site_name: None };
        let (worked, g) = grab(&page, hints).expect("an article");
        let text = crate::render::article::render(&worked, g.root).1;
        assert!(text.starts_with("A heavy blow"), "{text}");
        assert!(candidates::heads_with_title("Defeat for Johnson as parliament delays the vote", "Defeat for Johnson"));
        assert!(!candidates::heads_with_title("Brexit", "Brexit: what happens next, and who decides it"));
    }

    #[test]
    fn of_stacked_stories_the_one_headed_by_the_title_is_the_article() {
        let story = |h: &str, word: &str, n: usize| {
            let p = format!("<p>{} {PARA}</p>", word);
            format!("<div class=scrollblock><article class=entry><h1>{h}</h1>{}</article></div>", p.repeat(n))
        };
        let html = format!(
            "<html><head><title>Daily | Blessing of the vehicles this Saturday</title></head><body><article class=post>{}{}</article></body></html>",
            story("Blessing of the vehicles this Saturday", "Blessing", 5),
            story("Prosecutors meet to talk about crime", "Prosecutors", 12),
        );
        let page = crate::input::html::parse(&html, Some("https://example.com/a")).unwrap();
        let hints = Hints { title: Some("Blessing of the vehicles this Saturday"), site_name: None };
        let (worked, g) = grab(&page, hints).expect("an article");
        let text = crate::render::article::render(&worked, g.root).1;
        assert!(text.contains("Blessing A paragraph") && !text.contains("Prosecutors A paragraph"), "{text}");
        // Without the title, the longest story wins, as before.
        let (worked, g) = grab(&page, Hints::default()).expect("an article");
        assert!(crate::render::article::render(&worked, g.root).1.contains("Prosecutors A paragraph"));
    }

    #[test]
    fn a_page_without_a_body_has_nothing_to_grab() {
        // A frameset page: no <body>. Nothing falls back to the document root, where the only
        // text is the <head>'s title.
        let page = crate::input::html::parse(
            &format!("<html><head><title>{PARA}</title></head><frameset><frame src=a.html></frameset></html>"),
            None,
        )
        .unwrap();
        assert_eq!(page.body(), None);
        assert!(grab(&page, Hints::default()).is_none());
        assert!(!super::readerable::is_readerable(&page));
    }

    #[test]
    fn a_paragraph_wrapped_in_a_div_is_scored_once() {
        // A how-to page: sibling steps, the first wrapping its paragraph in a div of its own.
        // Counted twice, that paragraph made the first step outscore the others, and the
        // article lost every later step.
        let p = |n: u32| {
            format!("<p>Step {n}: measure, cut, soak, dig, plant and pin, then cover the base with moss, water it lightly, and wait for the walls to mist.</p>")
        };
        let step = |n: u32| {
            format!("<div class=\"mod step\"><div class=stepContent><div class=content><span class=head>Step {n}</span>{}</div></div></div>", p(n))
        };
        let html = format!(
            "<body><div class=col-main><header><h1>How to Build a Terrarium</h1></header>\
             <div class=\"mod intro\"><div class=\"stepContent mod\"><div class=\"content lead\"><p>{}</p></div></div></div>\
             {}{}{}{}</div></body>",
            // The intro alone passes the 500-character bar, so no retry hides the fault, and its
            // ten commas give it a high score (which, counted twice, dwarfs the steps').
            "Glass terrariums are appealing to the eye, preserve a bit of nature in your home and serve as simple, yet beautiful, pieces of art. Closed terrariums are easy to care for, as they retain much of their own moisture and provide a warm environment with a consistent level of humidity. You will not have to water them unless you see that the walls are not misting up. Small growing plants that do not require a lot of light work best, such as succulents, ferns, moss, even orchids, and they grow slowly enough to stay in scale for years.",
            step(1), step(2), step(3), step(4)
        );
        let text = text_of(&html);
        assert!(text.contains("Step 4: measure"), "{text}");
        assert!(text.contains("Glass terrariums"), "{text}");
    }

    #[test]
    fn siblings_of_the_best_container_join_it() {
        let html = format!("<body><div class=post><p>{PARA}</p><p>{PARA}</p></div><p>{PARA} Sibling.</p><nav><a href=/>Home</a></nav></body>");
        let text = text_of(&html);
        assert!(text.contains("Sibling."), "{text}");
        assert!(!text.contains("Home"), "{text}");
    }

    #[test]
    fn unlikely_containers_are_stripped() {
        let html = format!("<body><div class=sidebar><p>{PARA} Side.</p></div><article><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p></article></body>");
        assert!(!text_of(&html).contains("Side."));
    }

    #[test]
    fn link_lists_inside_the_article_are_cleaned() {
        let links = "<div><a href=/1>One link here</a> <a href=/2>Two link here</a> <a href=/3>Three links</a></div>";
        let html = format!(
            "<body><article><p>{PARA}</p>{links}<p>{PARA}</p><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p></article></body>"
        );
        assert!(!text_of(&html).contains("One link here"));
    }

    #[test]
    fn br_runs_become_paragraphs() {
        let html = format!(
            "<body><div id=content>{PARA}<br><br>{PARA} Second.<br><br>{PARA}<br><br>{PARA}<br><br>{PARA}</div></body>"
        );
        let text = text_of(&html);
        assert!(text.contains("\n\nA paragraph of the article, long enough to be scored, with a comma, and another, and more words to pass the bar. Second."), "{text}");
    }

    #[test]
    fn a_heading_repeating_the_title_is_dropped() {
        let page = crate::input::html::parse(&format!("<body><article><h1>The Title Of It All</h1><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p></article></body>"), None).unwrap();
        let (worked, g) = grab(&page, Hints { title: Some("The Title Of It All"), site_name: None }).unwrap();
        assert!(!crate::render::article::render(&worked, g.root).1.contains("The Title Of It All"));
    }

    #[test]
    fn the_site_logo_is_not_content() {
        let body = format!("<p>{PARA}</p>").repeat(5);
        let html = format!(
            r#"<body><article><p><a href="/pub/x"><img src="x.svg" alt="Example News"></a></p><p><img class="brand-logo" src="l.png"></p>{body}<figure><img src="photo.jpg" alt="A photo"></figure></article></body>"#
        );
        let page = crate::input::html::parse(&html, Some("https://example.com/a")).unwrap();
        let (worked, g) = grab(&page, Hints { title: None, site_name: Some("Example News") }).unwrap();
        let out = crate::render::article::render(&worked, g.root).0;
        assert!(!out.contains("x.svg") && !out.contains("l.png") && !out.contains("/pub/x"), "{out}");
        assert!(out.contains("photo.jpg"), "{out}");
    }

    #[test]
    fn bio_cards_comment_counts_and_read_more_links_go() {
        let body = format!("<p>{PARA}</p>").repeat(5);
        let html = format!(
            r#"<body><article>{body}<p><a href="/c">12 Comments</a></p><p><a href="/more">Read more</a></p>
            <div class="author-bio"><p>Jane Doe is a reporter who covers science and has written for many papers, magazines and sites.</p></div>
            <p>{PARA} Last.</p></article></body>"#
        );
        let text = text_of(&html);
        assert!(text.contains("Last."), "{text}");
        for gone in ["12 Comments", "Read more", "Jane Doe is a reporter"] {
            assert!(!text.contains(gone), "{gone} in {text}");
        }
    }

    #[test]
    fn the_marked_article_body_is_a_second_opinion() {
        // More prose in the comments than in the story: scoring alone picks the comments.
        let comments: String = (0..8).map(|i| format!("<p>Comment {i}: {PARA}</p>")).collect();
        let story = format!("<p>STORY begins. {PARA}</p>{}<p>STORY ends.</p>", format!("<p>{PARA}</p>").repeat(4));
        let html = format!("<div>{}</div><div itemprop=articleBody>{story}</div><div>{comments}</div>", "");
        let text = text_of(&html);
        assert!(text.contains("STORY begins") && !text.contains("Comment 3"), "{text}");
        // Without the mark, the scored result stands.
        let text = text_of(&html.replace(" itemprop=articleBody", ""));
        assert!(text.contains("Comment 3"), "{text}");
    }

    #[test]
    fn furniture_at_the_end_of_the_article_goes() {
        let html = format!(
            "<div><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p><p>It ends here.</p><h3>Related links</h3>\
             <ul><li><a href=/a>Another story about something</a></li><li><a href=/b>And one more</a></li></ul>\
             <p>Keine Kommentare</p><p>© 2020 Example Media</p></div>"
        );
        let text = text_of(&html);
        assert!(text.ends_with("It ends here."), "{text}");
        // A short article is left whole.
        let text = text_of("<div><p>A short note.</p><p>Keine Kommentare</p></div>");
        assert!(text.contains("Keine Kommentare"), "{text}");
    }

    #[test]
    fn an_article_is_text_mostly_outside_links() {
        let is = |html: &str| {
            let page = crate::input::html::parse(html, None).unwrap();
            let (worked, g) = grab(&page, Hints::default()).expect("some text");
            is_article(&worked, g.root, &crate::render::article::render(&worked, g.root).1)
        };
        assert!(is("<p>Test</p>"));
        assert!(is(&format!("<p>{PARA}</p><p><a href=/a>One link</a></p>")));
        assert!(!is(
            "<ul><li><a href=/p/1>Notebook, A5</a> 4.50</li><li><a href=/p/2>Fountain pen</a> 18.00</li></ul>"
        ));
    }

    #[test]
    fn class_words_are_whole_parts_camel_case_included() {
        let body = format!("<p>{PARA}</p>").repeat(5);
        // `subheaders` names no header, and `sharedHistory` no share bar: both stay.
        let html = format!(
            r#"<body><article>{body}<dl><dt class="subheaders">Black-box monitoring</dt><dd>{PARA}</dd></dl>
            <div id="sharedHistory"><p>{PARA} Shared history.</p></div><div class="recentComments"><p>{PARA} A comment.</p></div></article></body>"#
        );
        let text = text_of(&html);
        assert!(text.contains("Black-box monitoring") && text.contains("Shared history."), "{text}");
        // `recentComments` is read as `recent-comments`: a comment box, stripped.
        assert!(!text.contains("A comment."), "{text}");
    }

    #[test]
    fn a_captioned_image_stays_whatever_its_class_says() {
        let body = format!("<p>{PARA}</p>").repeat(5);
        let html = format!(
            r#"<body><article>{body}<div class="dnd-widget-wrapper"><div><img src="hotel.jpg"></div><div>Put luggage on the floor</div></div>
            <div class="widget"><a href="/x">Trending now</a><a href="/y">More stories</a></div><p>{PARA}</p></article></body>"#
        );
        let text = text_of(&html);
        assert!(text.contains("Put luggage on the floor"), "{text}");
        assert!(!text.contains("Trending now"), "{text}");
    }

    #[test]
    fn a_share_button_on_a_picture_leaves_the_picture() {
        let body = format!("<p>{PARA}</p>").repeat(5);
        let html = format!(
            r#"<body><article>{body}<div class="articleSharePic"><div class="articleShareBtn"><span>Share</span></div><img src="photo.jpg" alt="A photo"></div>
            <ul class="share-bar"><li><a href="/fb"><img src="fb.png" width="24" height="24" alt="Facebook"></a></li></ul><p>{PARA}</p></article></body>"#
        );
        let page = crate::input::html::parse(&html, Some("https://example.com/a")).unwrap();
        let (worked, g) = grab(&page, Hints::default()).unwrap();
        let out = crate::render::article::render(&worked, g.root).0;
        assert!(out.contains("photo.jpg") && !out.contains("fb.png"), "{out}");
    }

    #[test]
    fn a_dateline_opening_the_prose_stays_in_it() {
        let body = format!("<p>{PARA}</p>").repeat(4);
        let html = format!(
            r#"<body><article><p><span class="dateline">KOBE – </span>A total of 6,000 surgical masks have been lost at a hospital in Kobe, it was learned, and the police were told of it the same week.</p>{body}
            <div class="byline">By Jane Doe</div></article></body>"#
        );
        let page = crate::input::html::parse(&html, None).unwrap();
        let (worked, g) = grab(&page, Hints::default()).unwrap();
        let text = crate::render::article::render(&worked, g.root).1;
        assert!(text.contains("KOBE – A total of 6,000"), "{text}");
        // The dateline came first, so it is the byline read; a byline block would be lifted out.
        assert_eq!(g.byline.as_deref(), Some("KOBE –"));
        let html = html.replace(r#"<span class="dateline">KOBE – </span>"#, "");
        let page = crate::input::html::parse(&html, None).unwrap();
        let (worked, g) = grab(&page, Hints::default()).unwrap();
        assert_eq!(g.byline.as_deref(), Some("By Jane Doe"));
        assert!(!crate::render::article::render(&worked, g.root).1.contains("Jane Doe"));
    }

    #[test]
    fn a_page_builder_row_joins_its_sibling_rows() {
        // Each row wraps its column in single-child wrappers beside an empty paragraph; the
        // story's intro sits in a row of its own.
        let row = |inner: &str| {
            format!(
                "<div class=row><div class=col><div class=wrap><div class=text>{inner}</div><p></p></div></div></div>"
            )
        };
        let intro = row(
            "<h2><em>INTRO: we spoke with the actress about the film, the role, and her training for it.</em></h2>",
        );
        let body = row(&format!("<p>{PARA}</p>").repeat(6));
        let html =
            format!("<body><div class=main>{intro}{body}</div><div class=aside><a href=/x>Other</a></div></body>");
        let text = text_of(&html);
        assert!(text.contains("INTRO: we spoke"), "{text}");
        assert!(!text.contains("Other"), "{text}");
    }

    #[test]
    fn the_lead_between_title_and_body_opens_the_article() {
        let body = format!("<p>{PARA}</p>").repeat(6);
        let html = format!(
            r#"<body><header><h1>The Title Of It All</h1><nav><a href=/a>Home</a> <a href=/b>News</a></nav>
            <div class=dek><p>LEAD: the council voted on Tuesday to close the old bridge for a year of repairs.</p><span>5 min</span></div>
            <figure><img src=a.jpg><figcaption>A caption under the picture that is long enough to be a lead paragraph.</figcaption></figure></header>
            <div class=body>{body}</div></body>"#
        );
        let page = crate::input::html::parse(&html, None).unwrap();
        let (worked, g) = grab(&page, Hints { title: Some("The Title Of It All"), site_name: None }).unwrap();
        let text = crate::render::article::render(&worked, g.root).1;
        assert!(text.starts_with("LEAD: the council"), "{text}");
        assert!(!text.contains("Home") && !text.contains("A caption"), "{text}");
        // Without the title heading there is no telling where the article begins.
        let page = crate::input::html::parse(&html, None).unwrap();
        let (worked, g) = grab(&page, Hints::default()).unwrap();
        assert!(!crate::render::article::render(&worked, g.root).1.contains("LEAD:"));
    }

    #[test]
    fn a_lead_never_outweighs_the_body_it_opens() {
        let page = crate::input::html::parse(
            &format!(
                "<p id=lead>{PARA}</p><div id=small>Rate this: 4.5</div><div id=big><p>{PARA}</p><p>{PARA}</p></div>"
            ),
            None,
        )
        .unwrap();
        let by_id =
            |id: &str| page.descendants(page.body().unwrap()).find(|&n| page.attr(n, "id") == Some(id)).unwrap();
        let lead = by_id("lead");
        assert!(candidates::leading_a_longer_body(&page, vec![lead], by_id("small")).is_empty());
        assert_eq!(candidates::leading_a_longer_body(&page, vec![lead], by_id("big")), [lead]);
    }

    #[test]
    fn readerable_needs_real_paragraphs() {
        let yes = crate::input::html::parse(&format!("<p>{}</p>", PARA.repeat(6)), None).unwrap();
        assert!(is_readerable(&yes));
        let no = crate::input::html::parse("<ul><li><a href=/a>Home</a></li></ul><p>Short.</p>", None).unwrap();
        assert!(!is_readerable(&no));
    }
}
