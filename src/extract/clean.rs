//! Cleaning the chosen container: the site's logo, forms, embeds, share bars, bio cards,
//! comment counts, and blocks that read as navigation, link lists or ads rather than prose.

use super::prepare::is_phrasing;
use super::scoring::class_weight;
use super::tuning::{
    AUTHOR_BOX_LABELS, AUTHOR_BOX_MAX_CHARS, BIO_CARDS, CALL_TO_ACTION_ASKS, CALL_TO_ACTION_CHANNELS,
    CALL_TO_ACTION_FIRM_ASKS, CALL_TO_ACTION_MAX_CHARS, CAPTION_MAX_CHARS, CHAR_THRESHOLD, COMMENT_COUNTS,
    COMMENT_PROMPTS, CONTROL_LABELS, DISCLOSURES, DIV_TO_P, EDGE_SHORT_CHARS, FILING_LABELS, ICON_MAX_PX,
    INTERFACE_LINES, INTERFACE_LINE_MAX_CHARS, LEAD_LINKS_MAX_CHARS, MORE_INFO_LEADS, MORE_INFO_MAX_CHARS, SHARE_BARS,
    VIDEO_HOSTS,
};
use super::{has_ancestor_tag, Flags};
use crate::page::metrics::{link_density, prose_len};
use crate::page::text::{
    char_len, class_word, comma_count, contains_any, contains_token, fold_whitespace, has_class_word,
};
use crate::page::{NodeId, Page};

/// The site's logo is chrome, not content: an image named after the site, or marked as a logo
/// by its own or its link's class or id. A link left empty goes with it.
pub(super) fn remove_logos(page: &mut Page, article: NodeId, site_name: Option<&str>) {
    let site = site_name.map(|s| fold_whitespace(s).to_lowercase()).filter(|s| !s.is_empty());
    let imgs: Vec<NodeId> = page.elements_tagged(article, "img").collect();
    for img in imgs {
        let alt = fold_whitespace(page.attr(img, "alt").unwrap_or("")).to_lowercase();
        let named_after_site = site.as_deref().map(|s| alt == s || alt == format!("{s} logo")).unwrap_or(false);
        let marked = std::iter::once(img)
            .chain(page.ancestors(img).take(2))
            .any(|n| has_class_word(&page.class_and_id(n), "logo"));
        if !(named_after_site || marked || alt == "logo") {
            continue;
        }
        let link = page.ancestors(img).take(2).find(|&a| page.tag(a) == "a");
        page.detach(img);
        if let Some(a) = link {
            if !page.has_text(a) && page.elements_tagged(a, "img").next().is_none() {
                page.detach(a);
            }
        }
    }
}

/// Boilerplate inside the body that no reader wants: author bio cards, comment counts, bare
/// "Read more" links.
pub(super) fn remove_body_boilerplate(page: &mut Page, article: NodeId) {
    let doomed: Vec<NodeId> = page
        .descendants(article)
        .filter(|&n| n != article && page.element(n).is_some())
        .filter(|&n| {
            let ms = page.class_and_id(n);
            if class_word(&ms, BIO_CARDS).is_some() && page.inner_text_len(n) < 1000 {
                return true;
            }
            if !matches!(page.tag(n), "p" | "a" | "div" | "span" | "li") {
                return false;
            }
            let text = page.inner_text(n);
            let len = char_len(&text);
            if len == 0 || len > INTERFACE_LINE_MAX_CHARS {
                return false;
            }
            if (is_interface_line(&text) || is_disclosure(&text)) && !super::holds_media(page, n) {
                return true;
            }
            if len > 40 {
                return false;
            }
            let all_link = page.elements_tagged(n, "a").next().is_some() && link_density(page, n) > 0.9;
            (class_word(&ms, COMMENT_COUNTS).is_some() || all_link) && is_comment_count(&text)
                || (all_link && is_read_more(&text))
        })
        .collect();
    for n in doomed {
        page.detach(n);
    }
}

/// Whether `text` is a line of the site's interface around the article rather than its words:
/// the comment form's notices ("Kommentare sind geschlossen.", "You must be logged in to post a
/// comment") and a blog theme's filing line ("This entry was posted on … and is filed under …").
fn is_interface_line(text: &str) -> bool {
    let lower = fold_whitespace(text).to_lowercase();
    let lower = lower.trim_start_matches(|c: char| !c.is_alphanumeric());
    INTERFACE_LINES.iter().any(|l| lower.starts_with(l))
}

/// Whether `text` is an advertising or affiliate disclosure ("*Werbung. Dieser Beitrag enthält
/// Werbung für …", "Bei den Verlinkungen handelt es sich um Affiliate-Links"): the site's legal
/// notice about the article, not the article.
fn is_disclosure(text: &str) -> bool {
    let lower = fold_whitespace(text).to_lowercase();
    DISCLOSURES.iter().any(|d| lower.contains(d))
}

/// Drops the labels of page controls left in the article (see `is_control_label`). It runs
/// after the conditional cleaning, whose weighing of a block must not change with it.
fn remove_control_labels(page: &mut Page, article: NodeId) {
    let doomed: Vec<NodeId> = page
        .descendants(article)
        .filter(|&n| n != article && matches!(page.tag(n), "p" | "a" | "div" | "span" | "li" | "button"))
        .filter(|&n| page.inner_text_len(n) <= 40 && is_control_label(&page.inner_text(n)))
        // A picture whose only text is its button's label stays (the label alone goes).
        .filter(|&n| !super::holds_media(page, n))
        .collect();
    for n in doomed {
        page.detach(n);
    }
}

/// Whether `text` is, whole, the label of a page control ("Bild anzeigen", "Show more",
/// "Nach oben", "Drucken"): a button's words, which say nothing without the button.
fn is_control_label(text: &str) -> bool {
    let lower = fold_whitespace(text).to_lowercase();
    let label = lower.trim_matches(|c: char| !c.is_alphanumeric());
    CONTROL_LABELS.contains(&label)
}

pub(super) fn is_comment_count(text: &str) -> bool {
    let t = text.to_lowercase();
    let t = t.trim_matches(|c: char| !c.is_alphanumeric());
    let words: Vec<&str> = t.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let is_num = |w: &str| w.chars().all(|c| c.is_ascii_digit());
    let is_word = |w: &str| matches!(w, "comment" | "comments" | "responses" | "response" | "replies");
    match words.as_slice() {
        [a, b] if (is_num(a) && is_word(b)) || (is_word(a) && is_num(b)) => true,
        [w] => matches!(*w, "comments" | "comment"),
        ["leave", "a", "comment"]
        | ["add", "a", "comment"]
        | ["join", "the", "conversation"]
        | ["view", "comments"]
        | ["show", "comments"] => true,
        _ => false,
    }
}

pub(super) fn is_read_more(text: &str) -> bool {
    let t = text.to_lowercase();
    let t = t.trim_matches(|c: char| !c.is_alphanumeric());
    matches!(
        t,
        "read more"
            | "continue reading"
            | "read the full story"
            | "read full story"
            | "read full article"
            | "more"
            | "see more"
    )
}

/// Cleans the gathered article: forms, embeds, share bars, and containers that look like
/// navigation, link lists or ads rather than prose.
pub(super) fn clean_article(page: &mut Page, article: NodeId, top: NodeId, flags: Flags) {
    let data_tables = mark_data_tables(page, article);
    let guard = ProseGuard::new(page, article);
    clean_conditionally(page, article, "form", flags, &data_tables, &guard);
    clean_conditionally(page, article, "fieldset", flags, &data_tables, &guard);
    for tag in [
        "object", "embed", "footer", "link", "aside", "iframe", "input", "textarea", "select", "button", "nav",
        "dialog",
    ] {
        let nodes: Vec<NodeId> = page.elements_tagged(article, tag).collect();
        for n in nodes {
            if matches!(tag, "object" | "embed" | "iframe") && is_video_embed(page, n) || guard.holds_most(page, n) {
                continue;
            }
            page.detach(n);
        }
    }
    // Share bars, but never the top candidate itself, nor a picture a share button sits on.
    let shares: Vec<NodeId> = page
        .descendants(article)
        .filter(|&n| n != article && n != top && page.element(n).is_some())
        .filter(|&n| {
            let ms = page.class_and_id(n);
            class_word(&ms, SHARE_BARS).is_some()
                && char_len(&page.text_content(n)) < CHAR_THRESHOLD
                && !page.elements_tagged(n, "img").any(|img| is_picture(page, img))
        })
        .collect();
    for n in shares {
        page.detach(n);
    }
    remove_body_boilerplate(page, article);
    super::credits::remove_credit_lines(page, article);
    super::credits::trim_caption_credits(page, article);
    // Headings that the class weighting marks as chrome.
    let heads: Vec<NodeId> = page.descendants(article).filter(|&n| matches!(page.tag(n), "h1" | "h2")).collect();
    for h in heads {
        if class_weight(page, h, flags) < 0.0 {
            page.detach(h);
        }
    }
    clean_conditionally(page, article, "table", flags, &data_tables, &guard);
    clean_conditionally(page, article, "ul", flags, &data_tables, &guard);
    clean_conditionally(page, article, "div", flags, &data_tables, &guard);
    remove_control_labels(page, article);
    let h1s: Vec<NodeId> = page.elements_tagged(article, "h1").collect();
    for h in h1s {
        page.rename(h, "h2");
    }
    let ps: Vec<NodeId> = page.elements_tagged(article, "p").collect();
    for p in ps {
        let media = page.descendants(p).any(|d| matches!(page.tag(d), "img" | "embed" | "object" | "iframe"));
        if !media && !page.has_text(p) {
            page.detach(p);
        }
    }
    // A table of one cell is layout, not data.
    let tables: Vec<NodeId> = page.elements_tagged(article, "table").collect();
    for t in tables {
        let rows: Vec<NodeId> = page.elements_tagged(t, "tr").collect();
        if rows.len() != 1 {
            continue;
        }
        let cells: Vec<NodeId> = page.child_elements(rows[0]).collect();
        if cells.len() != 1 || page.elements_tagged(t, "table").count() > 1 {
            continue;
        }
        let cell = cells[0];
        let all_phrasing = page.children(cell).iter().all(|&c| is_phrasing(page, c));
        page.rename(cell, if all_phrasing { "p" } else { "div" });
        page.replace(t, cell);
    }
    trim_trailing_boilerplate(page, article);
    trim_leading_boilerplate(page, article);
}

pub(super) fn is_video_embed(page: &Page, id: NodeId) -> bool {
    page.element(id).map(|e| e.attrs.iter().any(|(_, v)| contains_any(&v.to_lowercase(), VIDEO_HOSTS))).unwrap_or(false)
}

pub(super) fn mark_data_tables(page: &Page, root: NodeId) -> Vec<NodeId> {
    let mut data = Vec::new();
    for t in page.elements_tagged(root, "table") {
        if page.attr(t, "role") == Some("presentation") || page.attr(t, "datatable") == Some("0") {
            continue;
        }
        if page.attr(t, "summary").is_some() {
            data.push(t);
            continue;
        }
        if let Some(c) = page.child_elements(t).find(|&c| page.tag(c) == "caption") {
            if !page.children(c).is_empty() {
                data.push(t);
                continue;
            }
        }
        if page.descendants(t).skip(1).any(|d| matches!(page.tag(d), "col" | "colgroup" | "tfoot" | "thead" | "th")) {
            data.push(t);
            continue;
        }
        if page.descendants(t).skip(1).any(|d| page.tag(d) == "table") {
            continue;
        }
        let rows: Vec<NodeId> = page.elements_tagged(t, "tr").collect();
        let cols = rows
            .iter()
            .map(|&r| page.child_elements(r).filter(|&c| matches!(page.tag(c), "td" | "th")).count())
            .max()
            .unwrap_or(0);
        if rows.len() >= 10 || cols > 4 || rows.len() * cols > 10 {
            data.push(t);
        }
    }
    data
}

/// The share of `id`'s text that lies in descendants tagged `tags`, nested ones counted again
/// (as Readability counts them).
pub(super) fn text_density(page: &Page, id: NodeId, tags: &[&str], lens: &mut TextLens) -> f64 {
    let total = lens.get(page, id);
    if total == 0 {
        return 0.0;
    }
    let inner: usize =
        page.descendants(id).skip(1).filter(|&d| tags.contains(&page.tag(d))).map(|d| lens.get(page, d)).sum();
    inner as f64 / total as f64
}

/// `inner_text_len` remembered per node for one cleaning pass, forgotten up the tree when a node
/// leaves it. Without it, deep nesting costs depth³: every level sums the lengths of all below.
pub(super) struct TextLens(Vec<Option<usize>>);

impl TextLens {
    fn new(page: &Page) -> Self {
        TextLens(vec![None; page.len()])
    }

    fn get(&mut self, page: &Page, id: NodeId) -> usize {
        match self.0.get(id.0 as usize).copied().flatten() {
            Some(len) => len,
            None => {
                let len = page.inner_text_len(id);
                if let Some(slot) = self.0.get_mut(id.0 as usize) {
                    *slot = Some(len);
                }
                len
            }
        }
    }

    /// Before `id` is detached: its ancestors' lengths change.
    fn forget_above(&mut self, page: &Page, id: NodeId) {
        for a in page.ancestors(id) {
            if let Some(slot) = self.0.get_mut(a.0 as usize) {
                *slot = None;
            }
        }
    }
}

/// The article's prose as gathered, before any cleaning: no cleaning step may take an element
/// that holds most of it (never lose the article to a rule meant for its furniture).
pub(super) struct ProseGuard {
    total: usize,
}

impl ProseGuard {
    pub(super) fn new(page: &Page, article: NodeId) -> ProseGuard {
        ProseGuard { total: prose_len(page, article) }
    }

    pub(super) fn holds_most(&self, page: &Page, node: NodeId) -> bool {
        let prose = prose_len(page, node);
        prose > 0 && prose * 2 > self.total
    }
}

pub(super) fn clean_conditionally(
    page: &mut Page,
    root: NodeId,
    tag: &str,
    flags: Flags,
    data_tables: &[NodeId],
    guard: &ProseGuard,
) {
    if !flags.clean_conditionally {
        return;
    }
    let nodes: Vec<NodeId> = page.elements_tagged(root, tag).filter(|&n| n != root).collect();
    let mut lens = TextLens::new(page);
    for &node in nodes.iter().rev() {
        if page.parent(node).is_none() || !page.is_inside(node, root) {
            continue;
        }
        if should_remove(page, node, tag, flags, data_tables, &mut lens) && !guard.holds_most(page, node) {
            lens.forget_above(page, node);
            page.detach(node);
        }
    }
}

pub(super) fn should_remove(
    page: &Page,
    node: NodeId,
    tag: &str,
    flags: Flags,
    data_tables: &[NodeId],
    lens: &mut TextLens,
) -> bool {
    let text = page.inner_text(node);
    let mut is_list = matches!(tag, "ul" | "ol");
    if !is_list {
        let list_len: usize = page.elements_tagged(node, "li").map(|li| lens.get(page, li)).sum();
        let len = char_len(&text);
        is_list = len > 0 && list_len as f64 / len as f64 > 0.9;
    }
    if tag == "table" && data_tables.contains(&node) {
        return false;
    }
    if page.ancestors(node).any(|a| data_tables.contains(&a)) || has_ancestor_tag(page, node, "code", 0) {
        return false;
    }
    if page.elements_tagged(node, "table").any(|t| data_tables.contains(&t)) {
        return false;
    }
    let weight = class_weight(page, node, flags);
    if weight < 0.0 {
        // Class words are hints: an image with its caption is content whatever it is named.
        return !is_captioned_image(page, node, &text);
    }
    if comma_count(&text) >= 10 {
        return false;
    }
    let count = |t: &str| page.elements_tagged(node, t).filter(|&n| n != node).count();
    let p = count("p") as f64;
    let img = count("img") as f64;
    let li = count("li") as f64 - 100.0;
    let input = count("input") as f64;
    let heading_density = text_density(page, node, &["h1", "h2", "h3", "h4", "h5", "h6"], lens);
    let mut embeds = 0;
    for e in page.descendants(node).skip(1).filter(|&d| matches!(page.tag(d), "object" | "embed" | "iframe")) {
        if is_video_embed(page, e) {
            return false;
        }
        embeds += 1;
    }
    // Only a block that says nothing but "Advertisement" or "Loading…" goes for its words.
    let lower = if text.len() <= 40 { text.to_lowercase() } else { String::new() };
    let ad_words =
        ["ad", "advertising", "advertisement", "pub", "publicité", "werb", "werbung", "广告", "реклама", "anuncio"];
    let loading = ["loading", "正在加载", "загрузка", "chargement", "cargando"];
    if ad_words.contains(&lower.as_str())
        || loading.iter().any(|l| lower == *l || lower == format!("{l}…") || lower == format!("{l}..."))
    {
        return true;
    }
    let content_len = char_len(&text) as f64;
    let ld = link_density(page, node);
    let mut textish = vec!["span", "li", "td"];
    textish.extend_from_slice(DIV_TO_P);
    let text_dens = text_density(page, node, &textish, lens);
    let in_figure = has_ancestor_tag(page, node, "figure", 0);
    let remove = (!in_figure && img > 1.0 && p / img < 0.5)
        || (!is_list && li > p)
        || (input > (p / 3.0).floor())
        || (!is_list
            && !in_figure
            && heading_density < 0.9
            && content_len < 25.0
            && (img == 0.0 || img > 2.0)
            && ld > 0.0)
        || (!is_list && weight < 25.0 && ld > 0.2)
        || (weight >= 25.0 && ld > 0.5)
        || ((embeds == 1 && content_len < 75.0) || embeds > 1)
        || (img == 0.0 && text_dens == 0.0);
    if is_list && remove {
        // A plain list of pictures stays.
        if page.child_elements(node).any(|c| page.child_elements(c).count() > 1) {
            return remove;
        }
        if img as usize == page.elements_tagged(node, "li").count() {
            return false;
        }
    }
    remove
}

/// An image that is a picture rather than an icon: a photo by its source (not SVG, not inline
/// data) and not declared smaller than an icon.
fn is_picture(page: &Page, img: NodeId) -> bool {
    let src = page.attr(img, "src").unwrap_or("").trim().to_ascii_lowercase();
    let dim = |n: &str| page.attr(img, n).and_then(|v| v.trim().trim_end_matches("px").parse::<f32>().ok());
    let small = [dim("width"), dim("height")].iter().flatten().any(|&d| d <= ICON_MAX_PX);
    !src.is_empty() && !src.starts_with("data:") && !src.ends_with(".svg") && !small
}

/// A figure by its structure: one image, no link, no form control or embed, and at most a
/// caption's worth of text beside it.
fn is_captioned_image(page: &Page, node: NodeId, text: &str) -> bool {
    let mut images = 0;
    for d in page.descendants(node).skip(1) {
        match page.tag(d) {
            "img" | "picture" => images += usize::from(page.tag(d) == "img"),
            "a" | "input" | "button" | "select" | "textarea" | "iframe" | "embed" | "object" | "form" => return false,
            _ => {}
        }
    }
    images == 1 && char_len(text) <= CAPTION_MAX_CHARS
}

/// Block elements whose text the trimming at the article's edges weighs one by one.
const EDGE_BLOCKS: &[&str] = &[
    "p",
    "li",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "figcaption",
    "div",
    "section",
    "td",
    "th",
    "ul",
    "ol",
    "dl",
    "table",
    "figure",
    "header",
    "footer",
    "address",
];

/// The leaf blocks of `article` that hold text, with that text folded, in document order: what
/// the trims at the article's two edges weigh one by one.
fn text_blocks(page: &Page, article: NodeId) -> Vec<(NodeId, String)> {
    leaf_blocks(page, article)
        .into_iter()
        .map(|b| (b, fold_whitespace(&page.inner_text(b))))
        .filter(|(_, t)| !t.is_empty())
        .collect()
}

/// The blocks of `article` that hold no other block, in document order.
fn leaf_blocks(page: &Page, article: NodeId) -> Vec<NodeId> {
    page.descendants(article)
        .filter(|&n| n != article && EDGE_BLOCKS.contains(&page.tag(n)))
        .filter(|&n| !page.descendants(n).skip(1).any(|d| EDGE_BLOCKS.contains(&page.tag(d))))
        .collect()
}

/// Whether a block at the article's end reads as page furniture rather than the article's last
/// words: mostly links, a heading with nothing after it, or a short line that is no sentence
/// ("Keine Kommentare", "Related links", "© 2020 …"). Language-independent, as jusText's
/// context rules are: prose at the edge ends the trimming.
fn is_trailing_furniture(page: &Page, block: NodeId, text: &str) -> bool {
    let len = char_len(text);
    let sentence = text.ends_with(['.', '!', '?', '…', '"', '»', '”', '“', '。', '！', '？', ')']);
    // The site speaking at the end: a call to action, a prompt to comment, a pointer elsewhere.
    let site_line = || {
        let lower = text.to_lowercase();
        is_call_to_action(page, block, &lower)
            || contains_any(&lower, COMMENT_PROMPTS)
            || (len <= MORE_INFO_MAX_CHARS && is_more_info_pointer(&lower))
    };
    link_density(page, block) >= 0.5
        || matches!(page.tag(block), "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
        || (len < EDGE_SHORT_CHARS && !sentence && !is_plain_list_item(page, block))
        || (len <= CALL_TO_ACTION_MAX_CHARS && site_line())
}

/// A web address as people write it in text: `https://…`, `www.…`, or a host name
/// (`itfjuniors.de`, `example.org/path`).
fn looks_like_address(word: &str) -> bool {
    if word.starts_with("http://") || word.starts_with("https://") || word.starts_with("www.") {
        return true;
    }
    let host = word.split('/').next().unwrap_or("");
    let parts: Vec<&str> = host.split('.').collect();
    let tld = parts.last().copied().unwrap_or("");
    parts.len() >= 2
        && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_alphanumeric() || c == '-'))
        && (2..=6).contains(&tld.len())
        && tld.chars().all(|c| c.is_ascii_alphabetic())
}

/// "Weitere Infos unter www.itfjuniors.de.", "More information: example.org": a closing line that
/// points elsewhere for more, ending at the address.
fn is_more_info_pointer(lower: &str) -> bool {
    let Some(address) = lower.trim_end_matches(['.', ' ']).rsplit(' ').next() else {
        return false;
    };
    looks_like_address(address) && MORE_INFO_LEADS.iter().any(|l| lower.starts_with(l))
}

/// A list item of text without links: a closing list of requirements, ingredients or steps is
/// the article's, however short its items (a list of links is caught by its link density).
fn is_plain_list_item(page: &Page, block: NodeId) -> bool {
    page.tag(block) == "li" && page.elements_tagged(block, "a").next().is_none()
}

/// Whether a short closing block asks the reader to do something for the site ("Follow us on
/// Twitter", "Get the latest news with our app", "Subscribe now to our edition"): an ask with a
/// channel, or a firm ask that opens the block or stands beside a link.
fn is_call_to_action(page: &Page, block: NodeId, lower: &str) -> bool {
    let has = |words: &[&str]| words.iter().any(|w| contains_token(lower, w));
    if has(CALL_TO_ACTION_ASKS) && has(CALL_TO_ACTION_CHANNELS) {
        return true;
    }
    let start = lower.trim_start_matches(|c: char| !c.is_alphanumeric());
    CALL_TO_ACTION_FIRM_ASKS.iter().any(|w| {
        start.starts_with(w) || (contains_token(lower, w) && page.elements_tagged(block, "a").next().is_some())
    })
}

/// Drops furniture blocks from the article's end, up to the last block of prose. A block with
/// no text (a picture) is passed over and kept. A short article is left whole, and the first
/// block with text always stays: trimming never empties an article.
fn trim_trailing_boilerplate(page: &mut Page, article: NodeId) {
    if page.inner_text_len(article) < CHAR_THRESHOLD {
        return;
    }
    let blocks = text_blocks(page, article);
    // An author box at the end: its label ("Über den Autor", "About the author") and what follows.
    let mut tail_chars = 0;
    let mut keep = blocks.len();
    for (i, (_, text)) in blocks.iter().enumerate().skip(1).rev() {
        tail_chars += char_len(text);
        if tail_chars > AUTHOR_BOX_MAX_CHARS {
            break;
        }
        if is_author_label(text) {
            keep = i;
            break;
        }
    }
    for (block, _) in &blocks[keep..] {
        page.detach(*block);
    }
    for (block, text) in blocks[..keep].iter().skip(1).rev() {
        if super::holds_media(page, *block) || !is_trailing_furniture(page, *block, text) {
            break;
        }
        page.detach(*block);
    }
}

/// Whether a block opens an author box: an author label alone, or leading the bio after a
/// colon ("Autor*in: Prof. Dr. …").
fn is_author_label(text: &str) -> bool {
    let lower = text.to_lowercase();
    let (label, rest) = lower.split_once(':').unwrap_or((&lower, ""));
    let label = label.trim();
    AUTHOR_BOX_LABELS.contains(&label) && (rest.trim().is_empty() || rest.len() > 20)
}

/// Whether a block at the article's start reads as the page's furniture rather than the
/// article's first words: a date line ("Donnerstag, 31. Mai 2012"), a label line ("Kategorie:
/// News", after a date or alone), or a short line of links that is no sentence (skip links,
/// tags). A heading always stays: it is the title or the first section's.
fn is_leading_furniture(page: &Page, block: NodeId, text: &str) -> bool {
    if matches!(page.tag(block), "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
        return false;
    }
    let sentence = text.ends_with(['.', '!', '?', '…', '。', '！', '？']);
    let len = char_len(text);
    // Every link counts in full here, in-page ones too: skip links are `#content`.
    let linked = || page.elements_tagged(block, "a").map(|a| page.inner_text_len(a)).sum::<usize>() * 2 >= len;
    crate::metadata::is_date_line(text) || is_label_line(text) || (len < LEAD_LINKS_MAX_CHARS && !sentence && linked())
}

/// "Kategorie: News", "24.01.2022 11:38 Kategorie: News", "Tags: Wein, Südtirol": a label of
/// the page's filing, after nothing or a date, and a few words.
fn is_label_line(text: &str) -> bool {
    let lower = text.to_lowercase();
    FILING_LABELS.iter().any(|label| {
        let Some(at) = lower.find(label) else {
            return false;
        };
        let before = lower[..at].trim();
        let after = lower[at + label.len()..].trim();
        (before.is_empty() || crate::metadata::is_date_line(before)) && after.split_whitespace().count() <= 3
    })
}

/// Drops furniture blocks from the article's start, up to its first words (see
/// `is_leading_furniture`). As at the end, a short article is left whole and the last block
/// with text always stays.
fn trim_leading_boilerplate(page: &mut Page, article: NodeId) {
    if page.inner_text_len(article) < CHAR_THRESHOLD {
        return;
    }
    let blocks = text_blocks(page, article);
    let Some((_, lead)) = blocks.split_last() else {
        return;
    };
    for (block, text) in lead {
        if super::holds_media(page, *block) || !is_leading_furniture(page, *block, text) {
            break;
        }
        page.detach(*block);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    const PARA: &str =
        "A paragraph of the article, long enough to count as prose, with a comma, and another, and more words.";

    fn cleaned(inner: &str) -> String {
        let html = format!("<body><div id=article>{inner}</div></body>");
        let mut page = crate::input::html::parse(&html, None).unwrap();
        let article = page.descendants(page.root()).find(|&n| page.attr(n, "id") == Some("article")).unwrap();
        let flags = Flags { strip_unlikely: true, weight_classes: true, clean_conditionally: true };
        clean_article(&mut page, article, article, flags);
        page.text_content(article)
    }

    #[test]
    fn a_class_weighed_down_does_not_take_most_of_the_article() {
        // `media-wrap` weighs the block down (a negative class word): alone it is furniture, but
        // here it holds most of the article's prose, and cleaning must not take it.
        let text =
            cleaned(&format!("<div class=media-wrap><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p></div><p>{PARA}</p>"));
        assert_eq!(text.matches("A paragraph").count(), 4, "{text}");
        // The same block beside more prose than it holds goes, as before.
        let text =
            cleaned(&format!("<div class=media-wrap><p>{PARA}</p></div><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p>"));
        assert_eq!(text.matches("A paragraph").count(), 3, "{text}");
    }

    #[test]
    fn a_closing_call_to_action_goes_and_a_closing_sentence_naming_a_network_stays() {
        let body = format!("<p>{PARA}</p><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p>");
        let text = cleaned(&format!(
            "{body}<p>Subscribe now to our e-edition for the full story.</p><p>Follow The Gleaner on Twitter and Instagram @Gleaner.</p>"
        ));
        assert!(!text.contains("Subscribe") && !text.contains("Follow"), "{text}");
        let text = cleaned(&format!("{body}<p>Facebook and Twitter both declined to comment on the findings.</p>"));
        assert!(text.contains("declined to comment"), "{text}");
        let text = cleaned(&format!("{body}<p>The song can be downloaded from the <a href=/x>label's site</a>.</p>"));
        assert!(text.contains("downloaded"), "{text}");
        let text =
            cleaned(&format!("{body}<p>Verraten Sie gerne in den Kommentaren: Was bedeutet der Award für Sie?</p>"));
        assert!(!text.contains("Kommentaren"), "{text}");
    }

    #[test]
    fn opening_date_label_and_link_lines_go_and_the_first_words_stay() {
        let body = format!("<p>{PARA}</p><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p>");
        let text = cleaned(&format!(
            "<p><a href=#main>Zum Inhalt springen</a></p><p>Donnerstag, 31. Mai 2012</p><div>24.01.2022 11:38 Kategorie: News</div><h2>The first section</h2><p>Veröffentlichung: 2. Februar 2022</p>{body}"
        ));
        assert!(text.starts_with("The first section"), "{text}");
        assert!(text.contains("Veröffentlichung"), "only lines before the first words go: {text}");
        // A picture sharing its block with the date keeps both.
        let text_and_picture = {
            let html =
                format!("<body><div id=article><p><time>27.10.2021</time> <img src=a.jpg></p>{body}</div></body>");
            let mut page = crate::input::html::parse(&html, None).unwrap();
            let article = page.descendants(page.root()).find(|&n| page.attr(n, "id") == Some("article")).unwrap();
            let flags = Flags { strip_unlikely: true, weight_classes: true, clean_conditionally: true };
            clean_article(&mut page, article, article, flags);
            page.elements_tagged(article, "img").count()
        };
        assert_eq!(text_and_picture, 1);
        // A first sentence that begins with a date is the article's.
        let text = cleaned(&format!("<p>On 31 May 2012 the club closed its doors for good.</p>{body}"));
        assert!(text.starts_with("On 31 May 2012"), "{text}");
    }

    #[test]
    fn the_comment_forms_notices_and_a_themes_filing_line_go() {
        let body = format!("<p>{PARA}</p><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p>");
        let text = cleaned(&format!(
            "{body}<p>Der Beitrag wurde am Mittwoch, den 27. November 2019 um 15:21 Uhr veröffentlicht und wurde unter Allgemein abgelegt.</p><h3><span>Keine Kommentare</span> <span><em>Kommentare sind geschlossen</em>.</span></h3><p>{PARA}</p>"
        ));
        assert!(!text.contains("Der Beitrag") && !text.contains("geschlossen"), "{text}");
        // A sentence that merely mentions comments is prose.
        let text =
            cleaned(&format!("{body}<p>Comments are a big part of the site, the editor says, and they stay open.</p>"));
        assert!(text.contains("Comments are a big part"), "{text}");
    }

    #[test]
    fn a_closing_author_box_goes_from_its_label_on() {
        let body = format!("<p>{PARA}</p><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p>");
        let bio = "<p>Jane Doe has written about wine and food for twenty-five years, for magazines and papers.</p>";
        let text = cleaned(&format!("{body}<div><h4>Über den Autor</h4>{bio}</div>"));
        assert!(!text.contains("Über den Autor") && !text.contains("Jane Doe"), "{text}");
        let text = cleaned(&format!("{body}<p>Autor*in: Jane Doe ist Ministerin für Kultur des Landes.</p>"));
        assert!(!text.contains("Jane Doe"), "{text}");
        // A section named for the author earlier in the article is the article's.
        let text = cleaned(&format!("<h2>The author</h2>{body}{body}"));
        assert!(text.contains("The author"), "{text}");
    }

    #[test]
    fn a_closing_pointer_to_more_elsewhere_goes() {
        let body = format!("<p>{PARA}</p><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p>");
        let text = cleaned(&format!("{body}<p>Weitere Infos unter www.itfjuniors.de.</p>"));
        assert!(!text.contains("Weitere Infos"), "{text}");
        let text = cleaned(&format!("{body}<p>More information about the tournament follows in spring.</p>"));
        assert!(text.contains("More information"), "{text}");
        assert!(
            looks_like_address("itfjuniors.de") && looks_like_address("example.org/path") && !looks_like_address("3.5")
        );
    }

    #[test]
    fn an_affiliate_or_advertising_disclosure_goes_and_prose_about_commissions_stays() {
        let body = format!("<p>{PARA}</p><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p>");
        let text = cleaned(&format!("<p><em>*Werbung. Dieser Beitrag enthält Werbung für MYMARINI.</em></p>{body}<p>Bei den Verlinkungen handelt es sich um Affiliate-Links.</p>"));
        assert!(!text.contains("Werbung") && !text.contains("Affiliate"), "{text}");
        let text = cleaned(&format!("{body}<p>Einen Vertriebsmitarbeiter ohne eine Aussicht auf eine Provision zu beschäftigen, ist wie der Esel ohne Möhre.</p>"));
        assert!(text.contains("Provision"), "{text}");
    }

    #[test]
    fn a_controls_label_alone_goes_and_the_same_words_in_a_sentence_stay() {
        let text = cleaned(&format!("<p>{PARA}</p><div><span>Bild anzeigen</span></div><p>{PARA}</p><p>Nach oben</p><p>Print the form and share it with your doctor.</p>"));
        assert!(!text.contains("Bild anzeigen") && !text.contains("Nach oben"), "{text}");
        assert!(text.contains("Print the form"), "{text}");
    }

    #[test]
    fn a_closing_list_of_plain_items_stays_and_a_closing_list_of_links_goes() {
        let body = format!("<p>{PARA}</p><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p>");
        let text = cleaned(&format!(
            "{body}<h2>Requirements</h2><ul><li>A laptop or phone</li><li>An email address</li></ul>"
        ));
        assert!(text.contains("An email address") && text.contains("Requirements"), "{text}");
        let text = cleaned(&format!("{body}<ul><li><a href=/a>Home</a></li><li><a href=/b>Contact</a></li></ul>"));
        assert!(!text.contains("Contact"), "{text}");
    }

    #[test]
    fn an_aside_or_footer_holding_most_of_the_article_stays() {
        let text =
            cleaned(&format!("<footer><p>{PARA}</p><p>{PARA}</p></footer><p>{PARA}</p><aside>Related: links</aside>"));
        assert_eq!(text.matches("A paragraph").count(), 3, "{text}");
        assert!(!text.contains("Related"), "{text}");
    }
}
