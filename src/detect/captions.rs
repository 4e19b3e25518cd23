//! Duplicated captions: a caption followed by itself in parentheses, a credit or copy line that
//! repeats the caption, and a caption copied into the paragraph after its figure.

use super::{Finding, TextEdit};
use crate::page::{NodeId, Page};
use crate::report::{Removal, RemovalKind};
use crate::text::{fold_whitespace, sample};

/// Finds repeated caption text: whole nodes to drop, or texts to cut.
pub fn detect(page: &Page) -> (Vec<Finding>, Vec<TextEdit>) {
    let mut found = Vec::new();
    let mut edits = Vec::new();
    for cap in page.descendants(page.root()).filter(|&n| is_caption(page, n)) {
        let full = page.inner_text(cap);
        if full.is_empty() {
            continue;
        }
        // A part of the caption that repeats the rest of it.
        let parts: Vec<NodeId> = page.descendants(cap).skip(1).filter(|&d| page.element(d).is_some()).collect();
        let mut dropped = false;
        for &part in parts.iter().rev() {
            let text = page.inner_text(part);
            let core = strip_parens(&text);
            if core.chars().count() < 12 {
                continue;
            }
            let rest = fold_whitespace(&full.replacen(&text, " ", 1));
            if rest.contains(core) {
                found.push(Finding::new(
                    page,
                    part,
                    RemovalKind::DuplicateCaption,
                    "caption repeated in its credit line",
                ));
                dropped = true;
                break;
            }
        }
        // "caption (caption)" within one text.
        if !dropped {
            for &t in page.descendants(cap).collect::<Vec<_>>().iter() {
                let Some(raw) = page.text(t) else { continue };
                if let Some(first) = repeated_in_parens(&fold_whitespace(raw)) {
                    edits.push(TextEdit {
                        node: t,
                        text: first.to_string(),
                        removal: Removal {
                            kind: RemovalKind::DuplicateCaption,
                            reason: "caption repeated in parentheses".into(),
                            text: sample(first, 80),
                        },
                    });
                    dropped = true;
                }
            }
        }
        let _ = dropped;
        // The same caption again in the paragraph right after the figure.
        if let Some(figure) =
            page.ancestors(cap).find(|&a| page.tag(a) == "figure").or((page.tag(cap) == "figcaption").then_some(cap))
        {
            if let Some(next) = next_element_sibling(page, figure) {
                let next_text = page.inner_text(next);
                let cap_core = strip_parens(&full).to_string();
                if !next_text.is_empty()
                    && (next_text == full || next_text == cap_core || strip_parens(&next_text) == cap_core)
                    && !is_caption(page, next)
                {
                    found.push(Finding::new(
                        page,
                        next,
                        RemovalKind::DuplicateCaption,
                        "caption copied after the figure",
                    ));
                }
            }
        }
    }
    (found, edits)
}

fn is_caption(page: &Page, node: NodeId) -> bool {
    let tag = page.tag(node);
    if tag == "figcaption" {
        return true;
    }
    if tag.is_empty() || page.ancestors(node).any(|a| page.tag(a) == "figcaption") {
        return false;
    }
    let class = page.attr(node, "class").unwrap_or("").to_lowercase();
    class.split_whitespace().any(|c| {
        c == "caption"
            || c.ends_with("-caption")
            || c.ends_with("__caption")
            || c.starts_with("caption-")
            || c.starts_with("caption_")
    }) && !page.descendants(node).skip(1).any(|d| is_caption(page, d) || page.tag(d) == "figcaption")
}

/// The caption text without the parentheses around it.
fn strip_parens(s: &str) -> &str {
    let t = s.trim();
    t.strip_prefix('(').and_then(|x| x.strip_suffix(')')).map(str::trim).unwrap_or(t)
}

/// For "A (A)", gives "A".
fn repeated_in_parens(s: &str) -> Option<&str> {
    let inner_start = s.rfind(" (")?;
    let inner = s[inner_start + 2..].strip_suffix(')')?;
    let first = s[..inner_start].trim();
    (first.chars().count() >= 12 && first == inner.trim()).then_some(first)
}

fn next_element_sibling(page: &Page, node: NodeId) -> Option<NodeId> {
    let parent = page.parent(node)?;
    let kids: Vec<NodeId> = page.child_elements(parent).collect();
    let pos = kids.iter().position(|&k| k == node)?;
    kids.get(pos + 1).copied()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn run(html: &str) -> (Vec<String>, Vec<String>) {
        let page = crate::html::parse(html, None);
        let (f, e) = detect(&page);
        (f.into_iter().map(|f| f.removal.text).collect(), e.into_iter().map(|e| e.text).collect())
    }

    #[test]
    fn caption_repeated_in_a_credit_span() {
        let (f, e) = run("<figure><img src=a.jpg><figcaption>Talks in the Kremlin, Moscow <span class=credit>(Talks in the Kremlin, Moscow)</span></figcaption></figure>");
        assert_eq!(f, ["(Talks in the Kremlin, Moscow)"]);
        assert!(e.is_empty());
    }

    #[test]
    fn caption_repeated_in_one_text() {
        let (f, e) = run(
            "<figure><figcaption>Talks in the Kremlin, Moscow (Talks in the Kremlin, Moscow)</figcaption></figure>",
        );
        assert!(f.is_empty());
        assert_eq!(e, ["Talks in the Kremlin, Moscow"]);
    }

    #[test]
    fn caption_copied_after_the_figure() {
        let (f, _) = run("<figure><img src=a.jpg><figcaption>A crowd gathers in the square</figcaption></figure><p>A crowd gathers in the square</p><p>Other text.</p>");
        assert_eq!(f, ["A crowd gathers in the square"]);
    }

    #[test]
    fn a_caption_that_merely_resembles_the_text_stays() {
        let (f, e) = run("<figure><figcaption>Protesters (left) and police in Kyiv, 2014</figcaption></figure><p>Protesters and police clashed in Kyiv in 2014, witnesses said.</p>");
        assert!(f.is_empty() && e.is_empty());
    }
}
