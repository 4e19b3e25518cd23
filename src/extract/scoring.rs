//! Scoring candidates: each paragraph lends its ancestors a score for the prose it holds,
//! weighed by tag and class words; the best candidate is then refined up the tree.

use std::collections::HashMap;

use super::tuning::{NEGATIVE, POSITIVE};
use super::Flags;
use crate::page::metrics::link_density;
use crate::page::text::{char_len, class_word, comma_count, lower_class_name_into};
use crate::page::{NodeId, Page};

/// A candidate's score; 0 for a node never scored.
pub(super) fn score_of(scores: &HashMap<NodeId, f64>, n: NodeId) -> f64 {
    scores.get(&n).copied().unwrap_or(0.0)
}

pub(super) fn class_weight(page: &Page, id: NodeId, flags: Flags) -> f64 {
    if !flags.weight_classes {
        return 0.0;
    }
    let mut weight = 0.0;
    for value in [page.attr(id, "class"), page.attr(id, "id")].into_iter().flatten() {
        let mut v = String::with_capacity(value.len() + 4);
        lower_class_name_into(&mut v, value);
        if v.trim().is_empty() {
            continue;
        }
        if class_word(&v, NEGATIVE).is_some() {
            weight -= 25.0;
        }
        if class_word(&v, POSITIVE).is_some() {
            weight += 25.0;
        }
    }
    weight
}

/// Scores each paragraph's ancestors by the prose it holds, scaled down by link density.
/// Returns every score and the five best candidates, best first.
pub(super) fn score_paragraphs(
    page: &Page,
    body: NodeId,
    to_score: &[NodeId],
    flags: Flags,
) -> (HashMap<NodeId, f64>, Vec<NodeId>) {
    // Score each paragraph's ancestors.
    let mut scores: HashMap<NodeId, f64> = HashMap::new();
    let mut candidates: Vec<NodeId> = Vec::new();
    for &el in to_score {
        if !page.is_inside(el, body) {
            continue;
        }
        let text = page.inner_text(el);
        let len = char_len(&text);
        if len < 25 {
            continue;
        }
        let ancestors: Vec<NodeId> = page.ancestors(el).take(5).collect();
        if ancestors.is_empty() {
            continue;
        }
        let score = 1.0 + (comma_count(&text) + 1) as f64 + ((len / 100) as f64).min(3.0);
        for (level, &anc) in ancestors.iter().enumerate() {
            if page.element(anc).is_none() || page.parent(anc).is_none() {
                continue;
            }
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f64 * 3.0,
            };
            let entry = scores.entry(anc).or_insert_with(|| {
                candidates.push(anc);
                initial_score(page, anc, flags)
            });
            *entry += score / divider;
        }
    }
    for &c in &candidates {
        let ld = link_density(page, c);
        if let Some(s) = scores.get_mut(&c) {
            *s *= 1.0 - ld;
        }
    }
    let mut top: Vec<NodeId> = candidates.clone();
    top.sort_by(|&a, &b| score_of(&scores, b).partial_cmp(&score_of(&scores, a)).unwrap_or(std::cmp::Ordering::Equal));
    top.truncate(5);

    (scores, top)
}

pub(super) fn initial_score(page: &Page, id: NodeId, flags: Flags) -> f64 {
    let base = match page.tag(id) {
        "div" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    };
    base + class_weight(page, id, flags)
}

pub(super) fn refine_top_candidate(
    page: &Page,
    mut top: NodeId,
    tops: &[NodeId],
    scores: &mut HashMap<NodeId, f64>,
    flags: Flags,
    body: NodeId,
) -> NodeId {
    let top_score = score_of(scores, top);
    // Several close candidates under one ancestor: that ancestor is the article.
    let alternatives: Vec<Vec<NodeId>> = tops
        .iter()
        .skip(1)
        .filter(|&&t| top_score > 0.0 && score_of(scores, t) / top_score >= 0.75)
        .map(|&t| page.ancestors(t).collect())
        .collect();
    if alternatives.len() >= 3 {
        let mut p = page.parent(top);
        while let Some(anc) = p.filter(|&a| a != body && page.element(a).is_some()) {
            if alternatives.iter().filter(|list| list.contains(&anc)).count() >= 3 {
                top = anc;
                break;
            }
            p = page.parent(anc);
        }
    }
    scores.entry(top).or_insert_with(|| initial_score(page, top, flags));
    // A parent scoring higher than its child holds more of the article.
    let mut last = score_of(scores, top);
    let threshold = last / 3.0;
    let mut p = page.parent(top);
    while let Some(anc) = p.filter(|&a| a != body && page.element(a).is_some()) {
        let Some(&s) = scores.get(&anc) else {
            p = page.parent(anc);
            continue;
        };
        if s < threshold {
            break;
        }
        if s > last {
            top = anc;
            break;
        }
        last = s;
        p = page.parent(anc);
    }
    // An only child says little: its parent is the container. Empty siblings (a spacer, an
    // empty paragraph) do not count against it.
    while let Some(anc) = page.parent(top).filter(|&a| a != body && page.element(a).is_some() && page.tag(a) != "body")
    {
        if page.child_elements(anc).filter(|&c| c == top || !is_empty_block(page, c)).count() != 1 {
            break;
        }
        // The wrapper holds the same content: it is worth at least its child.
        let inherited = score_of(scores, top);
        let own = *scores.entry(anc).or_insert_with(|| initial_score(page, anc, flags));
        scores.insert(anc, own.max(inherited));
        top = anc;
    }
    scores.entry(top).or_insert_with(|| initial_score(page, top, flags));
    top
}

/// An element with no text and no picture or embed: layout, not content.
fn is_empty_block(page: &Page, id: NodeId) -> bool {
    !page.has_text(id)
        && !page
            .descendants(id)
            .any(|d| matches!(page.tag(d), "img" | "picture" | "video" | "iframe" | "embed" | "object"))
}
