//! Photo credits inside the article ("Foto: dpa", "(crédito: …)", "… /Shutterstock.com"), as
//! lines of their own or at a caption's end: who took a picture is its metadata, not the text.

use super::prepare::is_phrasing;
use super::tuning::{
    CAPTION_MAX_CHARS, CREDIT_AGENCIES, CREDIT_CLASS_WORDS, CREDIT_LABELS, CREDIT_MAX_CHARS, CREDIT_NAME_MAX_CHARS,
    CREDIT_NAME_MAX_WORDS, INLINE_CREDIT_MAX_CHARS, PHOTO_CREDIT_LABELS,
};
use crate::page::text::{char_len, class_word, contains_token, fold_whitespace};
use crate::page::{NodeId, Page};

/// Elements that may hold a credit line on their own.
const CREDIT_TAGS: &[&str] = &["p", "span", "small", "div", "figcaption", "cite", "em", "i", "b", "strong", "a"];

/// Drops every element of `article` whose whole text is a credit line. A photo label ("Foto:",
/// "Photo:") is a credit anywhere; a bare source or agency line ("Quelle: …", "© …",
/// "Shutterstock") or a short line the site marks as a credit is one only beside a picture.
pub(super) fn remove_credit_lines(page: &mut Page, article: NodeId) {
    let doomed: Vec<NodeId> = page
        .descendants(article)
        .filter(|&n| n != article && CREDIT_TAGS.contains(&page.tag(n)))
        .filter(|&n| {
            let text = fold_whitespace(&page.inner_text(n));
            let len = char_len(&text);
            // (A block holding the picture itself is the figure, not its credit.)
            if len == 0 || len > CREDIT_MAX_CHARS || super::holds_media(page, n) {
                return false;
            }
            let lower = text.to_lowercase();
            if opens_with(&lower, PHOTO_CREDIT_LABELS) {
                return true;
            }
            // A name's worth of text: what a credit without a label holds ("Hector Andrade",
            // "TebNad/Shutterstock.com"); a caption merely classed as a credit is longer.
            let name_only = len <= CREDIT_NAME_MAX_CHARS && text.split_whitespace().count() <= CREDIT_NAME_MAX_WORDS;
            let marked = name_only && class_word(&page.class_and_id(n), CREDIT_CLASS_WORDS).is_some();
            let agency_line = name_only && CREDIT_AGENCIES.iter().any(|a| contains_token(&lower, a));
            let credit_like = marked || opens_with(&lower, CREDIT_LABELS) || agency_line;
            credit_like && beside_picture(page, n)
        })
        .collect();
    for n in doomed {
        page.detach(n);
    }
}

/// Cuts the credit off the end of a caption beside a picture ("La bendición se realizará
/// mañana. Foto: LN", "Roman Prymula, photo: Archives …", "… (Quelle: Unsplash/DJV)"): the last
/// text of the caption, from a credit label that opens it or follows a separator, when at most
/// `INLINE_CREDIT_MAX_CHARS` long. The caption's own words stay.
pub(super) fn trim_caption_credits(page: &mut Page, article: NodeId) {
    let texts: Vec<NodeId> = page.descendants(article).filter(|&n| page.text(n).is_some()).collect();
    for t in texts {
        let Some(text) = page.text(t) else { continue };
        let Some(cut) = credit_tail(text) else { continue };
        let Some(parent) = page.parent(t) else { continue };
        // The caption's last words: no text after this one in its block, a short block, by a picture.
        let block = page.ancestors(t).find(|&a| !is_phrasing(page, a)).unwrap_or(parent);
        let last = page.descendants(block).filter(|&n| page.text(n).is_some_and(|x| !x.trim().is_empty())).last();
        if last != Some(t) || page.inner_text_len(block) > CAPTION_MAX_CHARS || !beside_picture(page, block) {
            continue;
        }
        let kept = text[..cut].trim_end_matches(|c: char| c.is_whitespace() || "(,-–—|/".contains(c)).to_string();
        let new = page.create(crate::page::NodeData::Text(kept));
        page.replace(t, new);
    }
}

/// Where a credit begins in `text` when its tail is one: a photo or source label at the start
/// or after a separator (". ", ", ", "(", "|", " - "), and no more than a credit's length to the end.
fn credit_tail(text: &str) -> Option<usize> {
    // ASCII lowercase keeps every byte where it was, so a place in `lower` is the same place in
    // `text` (full lowercasing can lengthen a letter: "İ" becomes two characters).
    let lower = text.to_ascii_lowercase();
    let trimmed_end = lower.trim_end().len();
    for label in PHOTO_CREDIT_LABELS.iter().chain(CREDIT_LABELS) {
        let Some(at) = lower.rfind(label) else { continue };
        let before = lower[..at].trim_end_matches(' ');
        let opens = before.is_empty() || before.ends_with(['.', ',', '(', '|', '-', '–', '—', '/', ':', ';']);
        let tail = &lower[at..trimmed_end];
        if opens && char_len(tail) <= INLINE_CREDIT_MAX_CHARS && char_len(tail) > label.chars().count() + 1 {
            // Cut before the parenthesis that opens the credit, if any.
            return Some(if before.ends_with('(') { before.len() - 1 } else { at });
        }
    }
    None
}

/// Whether `lower` starts with one of `labels`, past an opening parenthesis.
fn opens_with(lower: &str, labels: &[&str]) -> bool {
    let start = lower.trim_start_matches(['(', '[', ' ']);
    labels.iter().any(|l| start.starts_with(l))
}

/// Whether `node` stands in a figure: inside a `figure` or `figcaption`, or within two levels
/// of an image.
fn beside_picture(page: &Page, node: NodeId) -> bool {
    if page.ancestors(node).take(4).any(|a| matches!(page.tag(a), "figure" | "figcaption" | "picture")) {
        return true;
    }
    page.ancestors(node).take(2).any(|a| page.elements_tagged(a, "img").next().is_some())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    /// The article's text and its number of pictures once `clean` has run on it.
    fn run(inner: &str, clean: fn(&mut Page, NodeId)) -> (String, usize) {
        let html = format!("<body><div id=article>{inner}</div></body>");
        let mut page = crate::input::html::parse(&html, None).unwrap();
        let article = page.descendants(page.root()).find(|&n| page.attr(n, "id") == Some("article")).unwrap();
        clean(&mut page, article);
        (fold_whitespace(&page.inner_text(article)), page.elements_tagged(article, "img").count())
    }

    /// The article's text and its number of pictures once its credit lines are gone.
    fn cleaned_with_pictures(inner: &str) -> (String, usize) {
        run(inner, remove_credit_lines)
    }

    fn cleaned(inner: &str) -> String {
        cleaned_with_pictures(inner).0
    }

    #[test]
    fn a_photo_label_line_goes_anywhere() {
        let text = cleaned("<p>The text of the article.</p> <p>Foto: dpa / Max Muster</p> <p>More text.</p>");
        assert_eq!(text, "The text of the article. More text.");
    }

    #[test]
    fn a_source_or_agency_line_goes_only_beside_a_picture() {
        let fig = "<figure><img src=a.jpg><figcaption>A cat on a wall. <small>(Quelle: Unsplash)</small></figcaption></figure>";
        assert_eq!(cleaned(fig), "A cat on a wall.");
        let fig = "<figure><img src=a.jpg><figcaption><a href=/x>TebNad/Shutterstock.com</a></figcaption></figure>";
        assert_eq!(cleaned(fig), "");
        // Under a table, a source line is the data's citation and stays.
        let table = "<table><tr><td>1</td></tr></table> <p>Quelle: Statistisches Bundesamt</p>";
        assert_eq!(cleaned(table), "1 Quelle: Statistisches Bundesamt");
    }

    #[test]
    fn a_caption_with_its_credit_inside_stays() {
        let fig = "<figure><img src=a.jpg><figcaption>Protesters in Berlin on Monday. Photo: AFP</figcaption></figure>";
        assert_eq!(cleaned(fig), "Protesters in Berlin on Monday. Photo: AFP");
        let fig = "<div><img src=a.jpg><p>Alexander Zverev steht im Viertelfinale des ATP-Turniers <span>Bild: AFP/SID</span></p></div>";
        assert_eq!(cleaned(fig), "Alexander Zverev steht im Viertelfinale des ATP-Turniers");
    }

    fn trimmed(inner: &str) -> String {
        run(inner, trim_caption_credits).0
    }

    #[test]
    fn a_captions_closing_credit_is_cut_and_its_words_stay() {
        let fig = "<figure><img src=a.jpg><figcaption>La bendición se realizará mañana. Foto: LN</figcaption></figure>";
        assert_eq!(trimmed(fig), "La bendición se realizará mañana.");
        let fig =
            "<div><img src=a.jpg><p><span>Roman Prymula, photo: Archives du Gouvernement tchèque</span></p></div>";
        assert_eq!(trimmed(fig), "Roman Prymula");
        let fig = "<figure><img src=a.jpg><figcaption>Blaulicht in der Nacht (Quelle: Fleischmann/Unsplash/DJV)</figcaption></figure>";
        assert_eq!(trimmed(fig), "Blaulicht in der Nacht");
        // "Bild:" inside the caption's words is no credit; nor is a paragraph away from a picture.
        let fig = "<figure><img src=a.jpg><figcaption>Das Bild: ein Mann auf dem Feld</figcaption></figure>";
        assert_eq!(trimmed(fig), "Das Bild: ein Mann auf dem Feld");
        assert_eq!(
            trimmed("<p>The vote was close. Photo: none was taken</p>"),
            "The vote was close. Photo: none was taken"
        );
        // Letters whose lowercase is longer (İ) before the credit: the cut still falls where it should.
        let fig = "<figure><img src=a.jpg><figcaption>İİİ İstanbul'da bir gün. Foto: AA</figcaption></figure>";
        assert_eq!(trimmed(fig), "İİİ İstanbul'da bir gün.");
    }

    #[test]
    fn a_marked_credit_goes_only_beside_a_picture() {
        let fig = "<div><img src=a.jpg><div class=post-image-credits>Hector Andrade</div></div> <p>Text.</p>";
        assert_eq!(cleaned(fig), "Text.");
        assert_eq!(cleaned("<p class=credits>Written by Hector Andrade</p>"), "Written by Hector Andrade");
        // The picture stays when its block's only text is the credit.
        assert_eq!(
            cleaned_with_pictures("<p>Text.</p> <div><img src=a.jpg><p>Foto: dpa</p></div>"),
            ("Text.".to_string(), 1)
        );
    }
}
