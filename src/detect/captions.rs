//! Duplicated captions, with captions found by structure (an image beside a short text) as well
//! as by markup: copies in credit lines, parentheses, more/less toggles, galleries and lightboxes.

use super::{ArticleGuard, Finding, TextEdit};
use crate::page::text::{char_len, fold_whitespace, sample};
use crate::page::{NodeId, Page};
use crate::report::{Removal, RemovalKind};

/// A caption as the page gives it first: a `<figcaption>` or an element marked as a caption
/// (`marked`), or a figure-like block found by structure (`figure_like`). `texts` holds what
/// a copy of it may repeat: its text and its parts' texts, as `copy_core` gives them.
struct Caption {
    node: NodeId,
    marked: bool,
    texts: Vec<String>,
}

/// Finds repeated caption text: whole nodes to drop, or texts to cut.
pub fn detect(page: &Page, guard: &ArticleGuard) -> (Vec<Finding>, Vec<TextEdit>) {
    let mut found = Vec::new();
    let mut edits = Vec::new();
    let (caps, copy_figures) = captions(page, guard);
    for cap in &caps {
        repeats_within(page, cap, &mut found, &mut edits);
    }
    for f in copies_elsewhere(page, guard, &caps, &copy_figures) {
        if !found.iter().any(|g| g.node == f.node) {
            found.push(f);
        }
    }
    (found, edits)
}

/// The page's captions, first versions only: every marked caption, then in document order each
/// figure-like block that is not a copy of a caption already found. A block whose text is cut
/// short ("…") gives way to a later caption that it is the start of. Also gives the figure-like
/// blocks that copy a caption (a lightbox slide, a thumbnail, a second picture so captioned).
fn captions(page: &Page, guard: &ArticleGuard) -> (Vec<Caption>, Vec<NodeId>) {
    let mut caps: Vec<Caption> = page
        .descendants(page.root())
        .filter(|&n| is_caption(page, n))
        .map(|n| Caption { node: n, marked: true, texts: texts_of(page, n) })
        .collect();
    let marked: Vec<NodeId> = caps.iter().map(|c| c.node).collect();
    let figures: Vec<NodeId> =
        page.descendants(page.root()).filter(|&n| figure_like(page, n, guard, &marked)).collect::<Vec<_>>();
    let mut sorted = figures.clone();
    sorted.sort();
    let mut cut_short: Vec<usize> = Vec::new();
    let mut copies: Vec<NodeId> = Vec::new();
    for &f in &figures {
        // The outermost block only: a slide, not the picture's wrapper inside it.
        if page.ancestors(f).any(|a| sorted.binary_search(&a).is_ok()) {
            continue;
        }
        let (core, cut) = copy_core(&page.inner_text(f));
        if copy_of(&core, cut, &caps).is_some() {
            copies.push(f);
            continue;
        }
        if cut {
            cut_short.push(caps.len());
        }
        caps.push(Caption { node: f, marked: false, texts: texts_of(page, f) });
    }
    // A cut-short first version (a thumbnail before its slide) is the copy of the fuller one.
    let demoted: Vec<usize> = cut_short
        .into_iter()
        .filter(|&i| {
            let (core, _) = copy_core(&page.inner_text(caps[i].node));
            char_len(&core) >= MIN_CUT
                && caps
                    .iter()
                    .enumerate()
                    .any(|(j, c)| j != i && c.texts.iter().any(|t| t != &core && t.starts_with(&core)))
        })
        .collect();
    copies.extend(demoted.iter().map(|&i| caps[i].node));
    let mut i = 0;
    caps.retain(|_| {
        i += 1;
        !demoted.contains(&(i - 1))
    });
    (caps, copies)
}

/// Fewest characters a caption (or a copy of one) has; a copy cut short keeps at least
/// `MIN_CUT` of them, so that a few common words are no copy.
const MIN_LEN: usize = 12;
const MIN_CUT: usize = 20;
/// Fewest words a copy has: two or three words ("Jacinda Ardern", "Society Islands") recur
/// on a page as names and links, not as copies of a caption.
const MIN_WORDS: usize = 4;

/// A figure-like block, by structure alone: one real image and a short text beside it (12 to
/// 500 characters not counting spaces, no heading or form, mostly not links), outside headers,
/// navigation, footers, links and forms, and not a marked caption's figure.
fn figure_like(page: &Page, node: NodeId, guard: &ArticleGuard, marked: &[NodeId]) -> bool {
    if !matches!(page.tag(node), "div" | "figure" | "section" | "li" | "span") {
        return false;
    }
    let dense = guard.dense(node);
    if !(MIN_LEN..=500).contains(&dense) {
        return false;
    }
    let mut images = 0;
    for d in page.descendants(node).skip(1) {
        match page.tag(d) {
            "img" if !is_pixel(page, d) => images += 1,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "figcaption" | "form" | "input" | "textarea" => return false,
            _ => {}
        }
        if images > 1 {
            return false;
        }
    }
    images == 1
        && !marked.iter().any(|&m| page.is_inside(m, node) || page.is_inside(node, m))
        && !page
            .ancestors(node)
            .any(|a| matches!(page.tag(a), "header" | "nav" | "footer" | "a" | "button" | "form" | "label"))
        && crate::page::metrics::link_density(page, node) < 0.5
}

/// A tracking pixel or spacer rather than a picture.
fn is_pixel(page: &Page, img: NodeId) -> bool {
    ["width", "height"].iter().any(|a| matches!(page.attr(img, a).map(str::trim), Some("0" | "1")))
}

/// What copies of a caption may repeat: its text and its parts' texts (as `copy_core` gives
/// them). A part counts when it reads as a caption of its own (`MIN_CUT` characters or
/// `MIN_WORDS` words) and is no link: a linked name inside a caption is no caption.
fn texts_of(page: &Page, node: NodeId) -> Vec<String> {
    let mut texts: Vec<String> = page
        .descendants(node)
        .filter(|&d| {
            d == node
                || (page.element(d).is_some()
                    && page.tag(d) != "a"
                    && !page.ancestors(d).take_while(|&a| a != node).any(|a| page.tag(a) == "a"))
        })
        .map(|d| copy_core(&page.inner_text(d)).0)
        .filter(|t| char_len(t) >= MIN_LEN && (char_len(t) >= MIN_CUT || t.split_whitespace().count() >= MIN_WORDS))
        .collect();
    texts.sort();
    texts.dedup();
    texts
}

/// The caption a copy repeats, by its index: the copy's core equals one of the caption's
/// texts, or, cut short, begins one.
fn copy_of(core: &str, cut: bool, caps: &[Caption]) -> Option<usize> {
    let len = char_len(core);
    if len < MIN_LEN || (cut && len < MIN_CUT) || core.split_whitespace().count() < MIN_WORDS {
        return None;
    }
    caps.iter().position(|c| c.texts.iter().any(|t| t == core || (cut && t.starts_with(core))))
}

/// Words of a more/less toggle that galleries print after a caption.
const TOGGLES: &[&str] =
    &["read more", "show more", "show less", "see more", "see less", "view more", "more", "less", "expand", "collapse"];

/// The text a copy repeats, lowercased: without a trailing more/less toggle, a trailing
/// ellipsis (then `cut` is true), the parentheses around it, or closing punctuation.
fn copy_core(s: &str) -> (String, bool) {
    let mut t = fold_whitespace(s).to_lowercase();
    if let Some(w) = TOGGLES.iter().find(|w| {
        t.strip_suffix(**w).is_some_and(|head| head.ends_with(' ') || head.ends_with('…') || head.ends_with('.'))
    }) {
        t.truncate(t.len() - w.len());
        t = t.trim_end().to_string();
    }
    let mut cut = false;
    for e in ["…", "..."] {
        if let Some(head) = t.strip_suffix(e) {
            t = head.trim_end().to_string();
            cut = true;
            break;
        }
    }
    let t = strip_parens(&t).trim_end_matches(['.', ',', ';', ':', ' ']).to_string();
    (t, cut)
}

/// Within one caption: a part that repeats the rest (a credit line, a copy in parentheses, a
/// more/less or cut-short copy, the alt text printed before a fuller caption), a caption
/// printed twice in one text, a fuller credit line beside a marked caption, and a copy in the
/// paragraph right after the figure.
fn repeats_within(page: &Page, cap: &Caption, found: &mut Vec<Finding>, edits: &mut Vec<TextEdit>) {
    let full = page.inner_text(cap.node);
    if full.is_empty() {
        return;
    }
    // Parts that repeat the rest, the last first: the first version stays.
    let mut rest_of_caption = full.to_lowercase();
    let mut dropped: Vec<NodeId> = Vec::new();
    let parts: Vec<NodeId> = page.descendants(cap.node).skip(1).filter(|&d| page.element(d).is_some()).collect();
    for &part in parts.iter().rev() {
        if dropped.iter().any(|&d| page.is_inside(part, d) || page.is_inside(d, part)) {
            continue;
        }
        let text = page.inner_text(part).to_lowercase();
        let (core, cut) = copy_core(&text);
        if char_len(&core) < MIN_LEN || (cut && char_len(&core) < MIN_CUT) {
            continue;
        }
        // In a block found by structure alone, a part is a caption's copy only when it reads as
        // a caption: a few words, no link (footers and cards repeat their links).
        if !cap.marked
            && (char_len(&core) < MIN_CUT
                || core.split_whitespace().count() < MIN_WORDS
                || crate::page::metrics::link_density(page, part) >= 0.5)
        {
            continue;
        }
        // (Lowercasing can depend on context, as a final sigma does: a part whose text is not
        // found as such is left alone.)
        if !rest_of_caption.contains(&text) {
            continue;
        }
        let rest = fold_whitespace(&rest_of_caption.replacen(&text, " ", 1));
        if rest.contains(&core) {
            let reason = if cut || core != strip_parens(&text).trim_end_matches(['.', ',', ';', ':', ' ']) {
                "caption copy with a more/less toggle or cut short"
            } else if cap.marked {
                "caption repeated in its credit line"
            } else {
                "caption repeated beside its picture"
            };
            found.push(Finding::new(page, part, RemovalKind::DuplicateCaption, reason));
            rest_of_caption = rest;
            dropped.push(part);
        }
    }
    let mut reported = !dropped.is_empty();
    // Within one text: "caption (caption)", and a name said again at the caption's end
    // ("…, Jared Kushner, the president's son-in-law, Jared Kushner"). A caption with
    // several faults is reported once.
    for t in page.descendants(cap.node).collect::<Vec<_>>() {
        let Some(raw) = page.text(t) else { continue };
        if dropped.iter().any(|&d| page.is_inside(t, d)) {
            continue;
        }
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
        let keep_space = raw.ends_with(char::is_whitespace) && page.children(cap.node).last() != Some(&t);
        let text = if keep_space { format!("{fixed} ") } else { fixed.clone() };
        let removal = (!reported).then(|| Removal {
            kind: RemovalKind::DuplicateCaption,
            reason: reason.into(),
            text: sample(&fixed, 80),
        });
        edits.push(TextEdit { node: t, text, removal });
        reported = true;
    }
    if !cap.marked {
        return;
    }
    // A credit or copy line beside the caption that holds it whole: the fuller one stays.
    let figure = page.ancestors(cap.node).find(|&a| page.tag(a) == "figure");
    if !reported {
        if let Some(figure) = figure {
            let core = strip_parens(&full).trim_end_matches('.').to_string();
            let fuller =
                page.child_elements(figure).filter(|&c| c != cap.node && !page.is_inside(cap.node, c)).any(|c| {
                    let t = page.inner_text(c);
                    t.chars().count() > full.chars().count() && t.contains(&core)
                });
            if fuller && core.chars().count() >= MIN_LEN {
                found.push(Finding::new(
                    page,
                    cap.node,
                    RemovalKind::DuplicateCaption,
                    "caption repeated in a fuller credit line",
                ));
            }
        }
    }
    // The same caption again in the paragraph right after the figure.
    if let Some(figure) = figure.or((page.tag(cap.node) == "figcaption").then_some(cap.node)) {
        if let Some(next) = page.next_element_sibling(figure) {
            let next_text = page.inner_text(next);
            let cap_core = strip_parens(&full).to_string();
            if !next_text.is_empty()
                && (next_text == full || next_text == cap_core || strip_parens(&next_text) == cap_core)
                && !is_caption(page, next)
            {
                found.push(Finding::new(page, next, RemovalKind::DuplicateCaption, "caption copied after the figure"));
            }
        }
    }
}

/// Class or id words of galleries' lightboxes: with one, a block of copies may hold a single
/// caption's copy and its picture (without, it needs two captions' copies to go with pictures).
const LIGHTBOX: &[&str] = &["lightbox", "pswp", "fancybox", "gallery-modal", "gallery-overlay", "slideshow-modal"];

/// Blocks elsewhere on the page made of copies of captions: a gallery's lightbox or thumbnail
/// strip, a caption pasted into the text. A block qualifies when copies (full, cut short or
/// with a toggle) and interface (buttons, counters, "Close") make up nine tenths of its text;
/// it stands as a block (not a quotation inside prose); it holds no first version of a caption
/// and no share of the article; and, when it holds pictures, it repeats two captions or more
/// (or is named a lightbox), so that a lone figure is never taken for a copy of another. Nor
/// is the caption of such a lone figure (one of `copy_figures` that does not go whole): it is
/// that picture's caption.
fn copies_elsewhere(page: &Page, guard: &ArticleGuard, caps: &[Caption], copy_figures: &[NodeId]) -> Vec<Finding> {
    let mut found = Vec::new();
    if caps.is_empty() {
        return found;
    }
    let n = page.len();
    let mut protected = vec![false; n];
    let mut holds_caption = vec![false; n];
    for cap in caps {
        for d in page.descendants(cap.node) {
            protected[d.0 as usize] = true;
        }
        for a in page.ancestors(cap.node) {
            holds_caption[a.0 as usize] = true;
        }
    }
    // Quick tests before a copy is compared: how long a caption is, and how one begins.
    let longest = caps
        .iter()
        .flat_map(|c| c.texts.iter())
        .map(|t| t.chars().filter(|c| !c.is_whitespace()).count())
        .max()
        .unwrap_or(0);
    let mut starts: Vec<char> = caps.iter().flat_map(|c| c.texts.iter()).filter_map(|t| t.chars().next()).collect();
    starts.push('(');
    let order: Vec<NodeId> = page.descendants(page.root()).collect();
    let mut covered = vec![0usize; n];
    let mut copied = vec![0u64; n];
    let mut images = vec![0usize; n];
    for &node in order.iter().rev() {
        let i = node.0 as usize;
        if page.element(node).is_none() {
            continue;
        }
        images[i] = usize::from(page.tag(node) == "img")
            + page.children(node).iter().map(|c| images[c.0 as usize]).sum::<usize>();
        let dense = guard.dense(node);
        if dense == 0 || protected[i] {
            continue;
        }
        if (MIN_LEN..=longest + 30).contains(&dense) && first_char(page, node).is_some_and(|c| starts.contains(&c)) {
            let (core, cut) = copy_core(&page.inner_text(node));
            if let Some(c) = copy_of(&core, cut, caps) {
                // A caption's words as the label of a link to another page are that link's.
                if links_away(page, node) || away_link_share(page, node) >= 0.5 {
                    continue;
                }
                covered[i] = dense;
                copied[i] = 1u64 << (c % 64);
                continue;
            }
        }
        if dense <= 20 && is_interface(page, node) {
            covered[i] = dense;
            continue;
        }
        for &c in page.children(node) {
            covered[i] += covered[c.0 as usize];
            copied[i] |= copied[c.0 as usize];
        }
    }
    let qualifies = |node: NodeId| {
        let i = node.0 as usize;
        let dense = guard.dense(node);
        copied[i] != 0
            && !protected[i]
            && !holds_caption[i]
            && dense >= MIN_LEN
            && covered[i] * 10 >= dense * 9
            && !matches!(page.tag(node), "html" | "body" | "main" | "article" | "head" | "")
            && (images[i] == 0 || copied[i].count_ones() >= 2 || super::has_class_word(page, node, LIGHTBOX))
            && page
                .parent(node)
                .is_none_or(|p| !page.children(p).iter().any(|&c| page.text(c).is_some_and(|t| !t.trim().is_empty())))
            && !guard.holds_article(page, node)
    };
    for &node in &order {
        if page.element(node).is_some()
            && qualifies(node)
            && !page.ancestors(node).any(qualifies)
            && !copy_figures.iter().any(|&f| f != node && page.is_inside(node, f))
        {
            let reason = if copied[node.0 as usize].count_ones() >= 2 || images[node.0 as usize] > 0 {
                "captions copied into a gallery or lightbox"
            } else {
                "caption copied elsewhere on the page"
            };
            found.push(Finding::new(page, node, RemovalKind::DuplicateCaption, reason));
        }
    }
    found
}

/// The first visible character of the node's text, lowercased.
fn first_char(page: &Page, node: NodeId) -> Option<char> {
    page.descendants(node)
        .filter_map(|d| page.text(d))
        .flat_map(|t| t.chars())
        .find(|c| !c.is_whitespace() && *c != '\u{a0}')
        .and_then(|c| c.to_lowercase().next())
}

/// Whether the node is, or lies in, a link to another page: a caption's words as the label of a
/// link ("Map: …" leading to the graphic) are that link's, not a copy to drop.
fn links_away(page: &Page, node: NodeId) -> bool {
    std::iter::once(node).chain(page.ancestors(node)).any(|a| {
        page.tag(a) == "a"
            && page.attr(a, "href").is_some_and(|h| {
                let h = h.trim();
                !h.is_empty() && !h.starts_with('#') && !h.to_ascii_lowercase().starts_with("javascript:")
            })
    })
}

/// The share of the node's text that is the label of links to other pages.
fn away_link_share(page: &Page, node: NodeId) -> f64 {
    let total = page.inner_text_len(node);
    if total == 0 {
        return 0.0;
    }
    let away: usize =
        page.elements_tagged(node, "a").filter(|&a| links_away(page, a)).map(|a| page.inner_text_len(a)).sum();
    away as f64 / total as f64
}

/// A gallery's interface: a button, a counter ("1 / 12", "3 of 8") or a control's word.
fn is_interface(page: &Page, node: NodeId) -> bool {
    if page.tag(node) == "button" {
        return true;
    }
    let t = page.inner_text(node).to_lowercase();
    let t = t.trim();
    const WORDS: &[&str] =
        &["close", "next", "previous", "prev", "back", "more", "less", "expand", "collapse", "×", "✕", "x"];
    WORDS.contains(&t)
        || (!t.is_empty()
            && t.chars().any(|c| c.is_ascii_digit())
            && t.split_whitespace().all(|w| w == "of" || w == "/" || w.chars().all(|c| c.is_ascii_digit() || c == '/')))
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
    // The innermost element marked as a caption, outside any figcaption, holding text rather
    // than controls (a video player's "caption settings" menu is no caption).
    !tag.is_empty()
        && super::has_class_word(page, node, &["caption"])
        && !page.ancestors(node).any(|a| page.tag(a) == "figcaption")
        && !page.descendants(node).skip(1).any(|d| {
            matches!(page.tag(d), "figcaption" | "select" | "option" | "input" | "textarea" | "form")
                || super::has_class_word(page, d, &["caption"])
        })
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
        let (f, e) = detect(&page, &ArticleGuard::new(&page));
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

    #[test]
    fn copy_cores_drop_toggles_ellipses_and_parentheses() {
        assert_eq!(copy_core("Workers pour concrete at the… More"), ("workers pour concrete at the".into(), true));
        assert_eq!(
            copy_core("Workers pour concrete at the dam Less"),
            ("workers pour concrete at the dam".into(), false)
        );
        assert_eq!(copy_core("(A cairn marks the old route.)"), ("a cairn marks the old route".into(), false));
        // A word that merely ends in "more" is no toggle.
        assert_eq!(copy_core("Crowds gather in Baltimore").0, "crowds gather in baltimore");
    }

    #[test]
    fn a_block_by_structure_is_a_caption_with_its_toggle_copies() {
        let (f, _) = run("<article><p>Intro.</p><div class=sc-a1><div><img src=a.jpg width=800 height=600></div><div><p>Workers pour concrete for the new spillway in April</p><div><p>Workers pour concrete for the new… <button>More</button></p><p>Workers pour concrete for the new spillway in April <button>Less</button></p></div></div></div></article>");
        // The last copy first: parts are weighed from the end.
        assert_eq!(
            f,
            ["Workers pour concrete for the new spillway in April Less", "Workers pour concrete for the new… More"]
        );
    }

    #[test]
    fn thumbnails_with_cut_captions_are_copies() {
        let (f, _) = run("<div class=x1><div class=x2><img src=a.jpg><div>A procession of lanterns winds along the north quay</div></div><div class=x2><img src=b.jpg><div>Fishermen tow a lantern shaped like a whale</div></div><ol><li><img src=a-t.jpg><span>A procession of lanterns winds along…</span></li><li><img src=b-t.jpg><span>Fishermen tow a lantern shaped…</span></li></ol></div>");
        assert_eq!(f, ["A procession of lanterns winds along… Fishermen tow a lantern shaped…"]);
    }

    #[test]
    fn a_lone_picture_with_a_repeated_caption_is_kept() {
        // Two figures with the same caption: the second is no copy to drop with its picture.
        let (f, _) = run("<div><img src=a.jpg><p>Volunteers clear the canal near the lock</p></div><p>Text between the two figures.</p><div><img src=b.jpg><p>Volunteers clear the canal near the lock</p></div>");
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn a_caption_quoted_in_prose_or_linked_stays() {
        let (f, _) = run("<div><img src=a.jpg><div>A heron stands in the shallows of the pond</div></div><p>The leaflet said <q>A heron stands in the shallows of the pond</q> years before one came.</p><p><a href=\"https://other.example/map\">A heron stands in the shallows of the pond</a></p>");
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn two_captions_that_share_their_start_both_stay() {
        let (f, _) = run("<div><div><img src=a.jpg><div>Swimmers wait on the steps of the lido</div></div><div><img src=b.jpg><div>Swimmers wait on the steps of the lido, in 1936</div></div></div>");
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn a_video_players_caption_menu_is_no_caption() {
        let (f, _) = run("<div class=vjs-caption-settings><label>Colour</label><select><option>White Black Red Green Blue</option></select><select><option>White Black Red Green Blue</option></select></div>");
        assert!(f.is_empty(), "{f:?}");
    }
}
