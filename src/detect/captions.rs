//! Duplicated captions: a caption followed by itself in parentheses, a credit or copy line that
//! repeats the caption, and a caption copied into the paragraph after its figure.

use super::{Finding, TextEdit};
use crate::page::text::{fold_whitespace, sample};
use crate::page::{NodeId, Page};
use crate::report::{Removal, RemovalKind};

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
        // Within one text: "caption (caption)", and a name said again at the caption's end
        // ("…, Jared Kushner, the president's son-in-law, Jared Kushner"). A caption with
        // several faults is reported once.
        for &t in page.descendants(cap).collect::<Vec<_>>().iter() {
            let Some(raw) = page.text(t) else { continue };
            let original = fold_whitespace(raw);
            let mut fixed = original.clone();
            let mut reason = None;
            if let Some(first) = repeated_in_parens(&fixed) {
                fixed = first.to_string();
                reason = Some("caption repeated in parentheses");
            }
            if let Some(cut) = repeated_trailing_name(&fixed) {
                fixed = cut.to_string();
                reason = reason.or(Some("name repeated at the caption's end"));
            }
            let Some(reason) = reason else { continue };
            // Keep the space that separated this text from what follows it.
            let keep_space = raw.ends_with(char::is_whitespace) && page.children(cap).last() != Some(&t);
            let text = if keep_space { format!("{fixed} ") } else { fixed.clone() };
            let removal = (!dropped).then(|| Removal {
                kind: RemovalKind::DuplicateCaption,
                reason: reason.into(),
                text: sample(&fixed, 80),
            });
            edits.push(TextEdit { node: t, text, removal });
            dropped = true;
        }
        // A credit or copy line beside the caption that holds it whole: the fuller one stays.
        if !dropped {
            if let Some(figure) = page.ancestors(cap).find(|&a| page.tag(a) == "figure") {
                let core = strip_parens(&full).trim_end_matches('.').to_string();
                let fuller = page.child_elements(figure).filter(|&c| c != cap && !page.is_inside(cap, c)).any(|c| {
                    let t = page.inner_text(c);
                    t.chars().count() > full.chars().count() && t.contains(&core)
                });
                if fuller && core.chars().count() >= 12 {
                    found.push(Finding::new(
                        page,
                        cap,
                        RemovalKind::DuplicateCaption,
                        "caption repeated in a fuller credit line",
                    ));
                }
            }
        }
        // The same caption again in the paragraph right after the figure.
        if let Some(figure) =
            page.ancestors(cap).find(|&a| page.tag(a) == "figure").or((page.tag(cap) == "figcaption").then_some(cap))
        {
            if let Some(next) = page.next_element_sibling(figure) {
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
    for f in lightbox_copies(page) {
        if !found.iter().any(|g| g.node == f.node) {
            found.push(f);
        }
    }
    (found, edits)
}

/// Galleries' lightbox markup that repeats the captions of the figures on the page.
fn lightbox_copies(page: &Page) -> Vec<Finding> {
    const LIGHTBOX: &[&str] = &["lightbox", "pswp", "fancybox", "gallery-modal", "gallery-overlay", "slideshow-modal"];
    let captions: Vec<String> = page
        .elements_tagged(page.root(), "figcaption")
        .map(|c| page.inner_text(c))
        .filter(|t| t.chars().count() >= 12)
        .collect();
    let mut found = Vec::new();
    for node in page.descendants(page.root()) {
        let ci = page.class_and_id(node);
        if page.element(node).is_none() || !crate::page::text::contains_any(&ci, LIGHTBOX) {
            continue;
        }
        // The outermost lightbox only.
        if page.ancestors(node).any(|a| crate::page::text::contains_any(&page.class_and_id(a), LIGHTBOX)) {
            continue;
        }
        let text = page.inner_text(node);
        if captions.iter().any(|c| text.contains(c.as_str())) {
            found.push(Finding::new(page, node, RemovalKind::DuplicateCaption, "captions copied into a lightbox"));
        }
    }
    found
}

/// For a caption ending in a name it already gave ("…, Tomás Breda, the governor, Tomás
/// Breda"), the caption without that last repetition.
fn repeated_trailing_name(s: &str) -> Option<&str> {
    let cut = s.rfind(", ")?;
    let (head, last) = (&s[..cut], s[cut + 2..].trim());
    let words: Vec<&str> = last.split_whitespace().collect();
    let name_like = (2..=4).contains(&words.len())
        && last.chars().count() <= 40
        && words.iter().all(|w| w.chars().next().map(char::is_uppercase).unwrap_or(false));
    // The name must stand earlier as whole words.
    let earlier = head.match_indices(last).any(|(i, _)| {
        let before = head[..i].chars().next_back().map(|c| !c.is_alphanumeric()).unwrap_or(true);
        let after = head[i + last.len()..].chars().next().map(|c| !c.is_alphanumeric()).unwrap_or(true);
        before && after
    });
    (name_like && earlier).then_some(head)
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

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn run(html: &str) -> (Vec<String>, Vec<String>) {
        let page = crate::input::html::parse(html, None).unwrap();
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
    fn a_name_repeated_at_the_end_is_cut() {
        let (_, e) = run("<figure><figcaption>Finance minister Ana Ruiz, left, with Tomás Breda, the bank’s governor, Tomás Breda</figcaption></figure>");
        assert_eq!(e, ["Finance minister Ana Ruiz, left, with Tomás Breda, the bank’s governor"]);
        // A different closing name is no repetition.
        let (_, e) =
            run("<figure><figcaption>Ana Ruiz, left, with Tomás Breda, the governor, Luis Vega</figcaption></figure>");
        assert!(e.is_empty());
    }

    #[test]
    fn a_fuller_credit_line_keeps_the_caption_once() {
        let (f, _) = run("<figure><img src=a.jpg><figcaption>Seals haul out on a pontoon</figcaption><p class=credit>Seals haul out on a pontoon. Photograph: J. Ek</p></figure>");
        assert_eq!(f, ["Seals haul out on a pontoon"]);
    }

    #[test]
    fn lightbox_copies_are_found() {
        let (f, _) = run("<figure><figcaption>A six-metre tapestry hangs in the shed</figcaption></figure><div class=lightbox hidden><p>A six-metre tapestry hangs in the shed</p></div>");
        assert_eq!(f, ["A six-metre tapestry hangs in the shed"]);
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
