//! Photo credit lines inside the article ("Foto: dpa", "(crédito: …)", "… /Shutterstock.com"):
//! who took a picture is the picture's metadata, not the article's text, so the line goes.

use super::tuning::{
    CREDIT_AGENCIES, CREDIT_CLASS_WORDS, CREDIT_LABELS, CREDIT_MAX_CHARS, CREDIT_NAME_MAX_CHARS, CREDIT_NAME_MAX_WORDS,
    PHOTO_CREDIT_LABELS,
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

    /// The article's text and its number of pictures once its credit lines are gone.
    fn cleaned_with_pictures(inner: &str) -> (String, usize) {
        let html = format!("<body><div id=article>{inner}</div></body>");
        let mut page = crate::input::html::parse(&html, None).unwrap();
        let article = page.descendants(page.root()).find(|&n| page.attr(n, "id") == Some("article")).unwrap();
        remove_credit_lines(&mut page, article);
        (fold_whitespace(&page.inner_text(article)), page.elements_tagged(article, "img").count())
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
