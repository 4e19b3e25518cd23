//! Finding the article's container: the walk that prunes the page and collects what to score,
//! and the gathering of the top candidate with the siblings that belong with it.

use std::collections::HashMap;

use super::prepare::wrap_phrasing_runs;
use super::scoring::{initial_score, refine_top_candidate, score_of};
use super::tuning::{
    BYLINE, DIV_TO_P, INLINE_BYLINE_PROSE_CHARS, LEAD_MAX_BLOCKS, LEAD_MIN_CHARS, MAYBE_CANDIDATE, PHRASING,
    TAGS_TO_SCORE, TITLE_IN_HEADING_MIN_CHARS, UNLIKELY, UNLIKELY_ROLES,
};
use super::{has_ancestor_tag, Flags};
use crate::page::metrics::{is_probably_visible, link_density};
use crate::page::text::{char_len, class_word};
use crate::page::{Element, NodeData, NodeId, Page};

pub(super) fn is_element_without_content(page: &Page, id: NodeId) -> bool {
    if !page.text_content(id).trim().is_empty() {
        return false;
    }
    page.child_elements(id).all(|c| matches!(page.tag(c), "br" | "hr"))
}

pub(super) fn has_single_tag_inside(page: &Page, id: NodeId, tag: &str) -> bool {
    let kids: Vec<NodeId> = page.child_elements(id).collect();
    kids.len() == 1
        && page.tag(kids[0]) == tag
        && !page.children(id).iter().any(|&c| page.text(c).map(|t| !t.trim().is_empty()).unwrap_or(false))
}

pub(super) fn has_child_block(page: &Page, id: NodeId) -> bool {
    page.descendants(id).skip(1).any(|d| DIV_TO_P.contains(&page.tag(d)))
}

/// Share of words in `b` that `a` lacks, turned into a similarity (1 = same words).
pub(super) fn text_similarity(a: &str, b: &str) -> f64 {
    let ta: Vec<String> = crate::page::text::words(a).collect();
    let tb: Vec<String> = crate::page::text::words(b).collect();
    if ta.is_empty() || tb.is_empty() {
        return 0.0;
    }
    let unique: Vec<&String> = tb.iter().filter(|t| !ta.contains(t)).collect();
    let unique_len: usize = unique.iter().map(|t| t.chars().count()).sum::<usize>() + unique.len().saturating_sub(1);
    let all_len: usize = tb.iter().map(|t| t.chars().count()).sum::<usize>() + tb.len() - 1;
    1.0 - unique_len as f64 / all_len as f64
}

/// Whether a heading is the page's title: near the same words (Readability's test), or the
/// whole title with a kicker or a question around it ("Tag der Abstimmung: <title> - wie geht
/// es jetzt weiter?") when the title is long enough to be no common phrase and the heading at
/// most twice as long.
pub(super) fn heads_with_title(title: &str, heading: &str) -> bool {
    if text_similarity(title, heading) >= 0.75 {
        return true;
    }
    let (title_len, heading_len) = (char_len(title.trim()), char_len(heading.trim()));
    title_len >= TITLE_IN_HEADING_MIN_CHARS && heading_len <= 2 * title_len && text_similarity(heading, title) >= 0.95
}

pub(super) fn is_valid_byline(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty() && char_len(t) < 100
}

/// Whether `id` is phrasing inside a paragraph that says more than it: a dateline opening the
/// first sentence ("KOBE – A total of…") is part of the prose, not a byline block to lift out.
pub(super) fn is_inline_in_prose(page: &Page, id: NodeId) -> bool {
    let inline = |n: NodeId| PHRASING.contains(&page.tag(n)) || page.tag(n) == "a";
    if !inline(id) {
        return false;
    }
    let Some(block) = page.ancestors(id).find(|&a| !inline(a)) else {
        return false;
    };
    let own = char_len(page.text_content(id).trim());
    char_len(page.text_content(block).trim()) > own + INLINE_BYLINE_PROSE_CHARS
}

/// Document order as a list, with where each node's subtree ends, so removals can skip it.
pub(super) fn preorder(page: &Page, root: NodeId) -> (Vec<NodeId>, Vec<usize>) {
    let order: Vec<NodeId> = page.descendants(root).collect();
    let mut index: HashMap<NodeId, usize> = HashMap::with_capacity(order.len());
    for (i, &n) in order.iter().enumerate() {
        index.insert(n, i);
    }
    let mut end: Vec<usize> = (1..=order.len()).collect();
    for i in (0..order.len()).rev() {
        let n = order[i];
        if let Some(&last) = page.children(n).last() {
            if let Some(&li) = index.get(&last) {
                end[i] = end[li];
            }
        }
    }
    (order, end)
}

/// The walk over the body: drops what is hidden, a dialog, the byline (kept aside), a heading
/// repeating the title, unlikely containers and empty blocks; turns text-only `div`s into
/// paragraphs. Returns the elements whose text is scored, and the byline found.
pub(super) fn visit(page: &mut Page, body: NodeId, title: Option<&str>, flags: Flags) -> Visited {
    let mut byline: Option<String> = None;
    let mut after_title: Option<NodeId> = None;
    let mut to_score: Vec<NodeId> = Vec::new();
    let (order, end) = preorder(page, body);
    let mut i = 0;
    while i < order.len() {
        let id = order[i];
        if page.element(id).is_none() || id == body {
            i += 1;
            continue;
        }
        let tag = page.tag(id).to_string();
        let ms = page.class_and_id(id);
        let skip = |i: usize| end[i];
        if !is_probably_visible(page, id) {
            page.detach(id);
            i = skip(i);
            continue;
        }
        if page.attr(id, "aria-modal") == Some("true") && page.attr(id, "role") == Some("dialog") {
            page.detach(id);
            i = skip(i);
            continue;
        }
        if byline.is_none() {
            let rel_author = page.attr(id, "rel") == Some("author");
            let itemprop_author = page.attr(id, "itemprop").map(|v| v.contains("author")).unwrap_or(false);
            if (rel_author || itemprop_author || class_word(&ms, BYLINE).is_some())
                && is_valid_byline(&page.text_content(id))
            {
                let named = page
                    .descendants(id)
                    .find(|&d| page.attr(d, "itemprop") == Some("name"))
                    .map(|d| page.inner_text(d))
                    .filter(|t| !t.is_empty());
                byline = Some(named.unwrap_or_else(|| page.text_content(id).trim().to_string()));
                // A dateline opening a sentence is read as the byline but stays in the prose.
                if !is_inline_in_prose(page, id) {
                    page.detach(id);
                    i = skip(i);
                    continue;
                }
            }
        }
        if matches!(tag.as_str(), "h1" | "h2") {
            if let Some(t) = title {
                if heads_with_title(t, &page.inner_text(id)) {
                    if after_title.is_none() {
                        after_title = order.get(end[i]).copied();
                    }
                    page.detach(id);
                    i = skip(i);
                    continue;
                }
            }
        }
        if flags.strip_unlikely {
            let unlikely = class_word(&ms, UNLIKELY).is_some()
                && class_word(&ms, MAYBE_CANDIDATE).is_none()
                && !has_ancestor_tag(page, id, "table", 0)
                && !has_ancestor_tag(page, id, "code", 0)
                && tag != "body"
                && tag != "a";
            let role = page.attr(id, "role").unwrap_or("");
            if unlikely || UNLIKELY_ROLES.contains(&role) {
                page.detach(id);
                i = skip(i);
                continue;
            }
        }
        if matches!(tag.as_str(), "div" | "section" | "header" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
            && is_element_without_content(page, id)
        {
            page.detach(id);
            i = skip(i);
            continue;
        }
        if TAGS_TO_SCORE.contains(&tag.as_str()) {
            to_score.push(id);
        }
        if tag == "div" {
            wrap_phrasing_runs(page, id, &mut to_score);
            if has_single_tag_inside(page, id, "p") && link_density(page, id) < 0.25 {
                // The walk reaches the paragraph next and scores it there, once.
                let child = page.child_elements(id).next().unwrap_or(id);
                page.replace(id, child);
            } else if !has_child_block(page, id) {
                page.rename(id, "p");
                to_score.push(id);
            }
        }
        i += 1;
    }

    Visited { to_score, byline, after_title }
}

/// What the walk over the body found.
pub(super) struct Visited {
    /// The elements whose text is scored.
    pub(super) to_score: Vec<NodeId>,
    /// The byline written in the page, lifted out of it.
    pub(super) byline: Option<String>,
    /// The node that came next after the heading repeating the title (which the walk drops):
    /// where the article begins, as the page lays it out.
    pub(super) after_title: Option<NodeId>,
}

/// The lead paragraphs a page sets between its title and the article's container, outside both
/// (a standfirst, a teaser intro): prose blocks after `after_title` and before `top` in
/// document order. Prose means a paragraph or heading of at least `LEAD_MIN_CHARS`, ending
/// as a sentence does, mostly outside links and not in a figure. At most `LEAD_MAX_BLOCKS`, the
/// first ones after the title.
pub(super) fn lead_blocks(page: &Page, body: NodeId, after_title: Option<NodeId>, top: NodeId) -> Vec<NodeId> {
    let Some(start) = after_title else { return Vec::new() };
    let mut leads = Vec::new();
    let mut started = false;
    for n in page.descendants(body) {
        if n == start {
            started = true;
        }
        if n == top {
            return leads;
        }
        if !started || page.is_inside(top, n) || !matches!(page.tag(n), "p" | "h2" | "h3" | "h4" | "h5" | "h6") {
            continue;
        }
        if leads.len() < LEAD_MAX_BLOCKS && is_lead_prose(page, n) {
            leads.push(n);
        }
    }
    // `top` was never reached: it is not after the title.
    Vec::new()
}

/// `leads`, when the body they open says more than they do: a lead introduces an article, and
/// prose outweighing a small top candidate says the candidate is the wrong one (the retry with
/// gentler rules, which a short result calls for, must still come).
pub(super) fn leading_a_longer_body(page: &Page, leads: Vec<NodeId>, top: NodeId) -> Vec<NodeId> {
    let lead_len: usize = leads.iter().map(|&l| page.inner_text_len(l)).sum();
    if lead_len < page.inner_text_len(top) {
        leads
    } else {
        Vec::new()
    }
}

/// A block that reads as a paragraph of the article (see `lead_blocks`).
fn is_lead_prose(page: &Page, n: NodeId) -> bool {
    let text = crate::page::text::fold_whitespace(&page.inner_text(n));
    char_len(&text) >= LEAD_MIN_CHARS
        && text.ends_with(['.', '!', '?', '…', '"', '»', '”', '“', '。', '！', '？'])
        && link_density(page, n) < 0.25
        && page.ancestors(n).all(|a| !matches!(page.tag(a), "figure" | "figcaption" | "a"))
}

/// Picks the top candidate (or wraps the whole body when there is none), then gathers it and
/// the siblings that belong with it into a new `div`. Returns that `div`, the top candidate and
/// its parent.
pub(super) fn gather(
    page: &mut Page,
    body: NodeId,
    top: &[NodeId],
    mut scores: HashMap<NodeId, f64>,
    flags: Flags,
    after_title: Option<NodeId>,
) -> (NodeId, NodeId, NodeId) {
    let mut top_candidate = top.first().copied().filter(|&t| t != body && page.tag(t) != "body");
    let created = top_candidate.is_none();
    let top_candidate = match top_candidate.take() {
        Some(t) => refine_top_candidate(page, t, top, &mut scores, flags, body),
        None => {
            let div = page.create(NodeData::Element(Element::new("div")));
            page.move_children(body, div);
            page.append_child(body, div);
            scores.insert(div, initial_score(page, div, flags));
            div
        }
    };

    let leads = if created {
        Vec::new()
    } else {
        leading_a_longer_body(page, lead_blocks(page, body, after_title, top_candidate), top_candidate)
    };

    // Gather the top candidate and the siblings that belong with it.
    let article = page.create(NodeData::Element(Element::new("div")));
    let top_score = score_of(&scores, top_candidate);
    let threshold = (top_score * 0.2).max(10.0);
    let parent = page.parent(top_candidate).unwrap_or(body);
    let top_class = page.attr(top_candidate, "class").unwrap_or("").to_string();
    let siblings: Vec<NodeId> = if created { vec![top_candidate] } else { page.child_elements(parent).collect() };
    for sib in siblings {
        let mut append = sib == top_candidate;
        if !append {
            let bonus = if !top_class.is_empty() && page.attr(sib, "class") == Some(top_class.as_str()) {
                top_score * 0.2
            } else {
                0.0
            };
            if scores.contains_key(&sib) && score_of(&scores, sib) + bonus >= threshold {
                append = true;
            } else if page.tag(sib) == "p" {
                let ld = link_density(page, sib);
                let text = page.inner_text(sib);
                let len = char_len(&text);
                if (len > 80 && ld < 0.25)
                    || (len < 80 && len > 0 && ld == 0.0 && (text.contains(". ") || text.ends_with('.')))
                {
                    append = true;
                }
            }
        }
        if append {
            if !matches!(page.tag(sib), "div" | "article" | "section" | "p") {
                page.rename(sib, "div");
            }
            page.append_child(article, sib);
        }
    }

    // The lead paragraphs no sibling brought along open the article.
    let first = page.children(article).first().copied();
    for lead in leads {
        if !page.is_inside(lead, body) {
            continue;
        }
        match first {
            Some(f) => page.insert_before(f, lead),
            None => page.append_child(article, lead),
        }
    }

    (article, top_candidate, parent)
}
