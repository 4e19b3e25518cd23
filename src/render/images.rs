//! Images as the reader view shows them: `srcset` lists parsed, lazy-loading sources resolved,
//! tracking pixels and spacers told apart from real pictures.

use crate::page::srcset::srcset_candidates;
use crate::page::{NodeId, Page};

const LAZY_SRC_ATTRS: &[&str] = &["data-src", "data-lazy-src", "data-original"];
const LAZY_SRCSET_ATTRS: &[&str] = &["data-srcset", "data-lazy-srcset"];

/// Whether a `src` is a placeholder a lazy loader will replace (tiny data URI, spacer, blank).
pub fn is_placeholder_src(src: &str) -> bool {
    let s = src.trim();
    if s.is_empty() {
        return true;
    }
    let lower = s.to_ascii_lowercase();
    if lower.starts_with("data:") {
        // Small inline images are placeholders; a big one may be the real picture.
        return s.len() < 200 || lower.starts_with("data:image/svg");
    }
    crate::page::text::contains_any(
        &lower,
        &["spacer.gif", "blank.gif", "pixel.gif", "transparent.gif", "placeholder", "lazy-load", "lazyload"],
    )
}

/// The best `src` and `srcset` for an `<img>`, taking lazy-loading attributes into account.
pub fn resolved_sources(page: &Page, img: NodeId) -> (Option<String>, Option<String>) {
    let attr = |n: &str| page.attr(img, n).map(str::trim).filter(|v| !v.is_empty());
    let lazy_src = LAZY_SRC_ATTRS.iter().find_map(|a| attr(a)).filter(|v| !is_placeholder_src(v));
    let src = match attr("src") {
        Some(s) if !is_placeholder_src(s) => Some(s.to_string()),
        _ => lazy_src.map(str::to_string),
    };
    // A bare <img> in a <picture> takes its sources from the picture's first <source>.
    let picture_srcset = || {
        let picture = page.parent(img).filter(|&p| page.tag(p) == "picture")?;
        page.child_elements(picture).filter(|&c| page.tag(c) == "source").find_map(|c| {
            ["srcset", "data-srcset"].iter().find_map(|a| page.attr(c, a)).map(str::trim).filter(|v| !v.is_empty())
        })
    };
    let srcset = attr("srcset")
        .filter(|s| !is_placeholder_src(s))
        .or_else(|| LAZY_SRCSET_ATTRS.iter().find_map(|a| attr(a)))
        .or_else(|| if attr("src").is_none() { picture_srcset() } else { None })
        .map(str::to_string);
    let src = src.or_else(|| srcset.as_deref().and_then(|s| srcset_candidates(s).last().map(|(u, _)| u.clone())));
    (src, srcset)
}

/// Whether an `<img>` is a tracking pixel or spacer: declared 1×1-ish, or a known beacon.
pub fn is_tracking_pixel(page: &Page, img: NodeId) -> bool {
    let dim = |n: &str| page.attr(img, n).and_then(|v| v.trim().trim_end_matches("px").parse::<f32>().ok());
    if let (Some(w), Some(h)) = (dim("width"), dim("height")) {
        if w <= 2.0 && h <= 2.0 {
            return true;
        }
    }
    if let Some(l) = page.layout(img) {
        if l.width > 0.0 && l.width <= 2.0 && l.height <= 2.0 {
            return true;
        }
    }
    let src = page.attr(img, "src").unwrap_or("").to_ascii_lowercase();
    crate::page::text::contains_any(
        &src,
        &["/pixel.", "/beacon", "doubleclick.net", "/b/ss/", "facebook.com/tr", "scorecardresearch", "/tracking/"],
    )
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn lazy_sources_win_over_placeholders() {
        let page = crate::input::html::parse(
            r#"<img src="data:image/gif;base64,R0lGOD" data-src="https://x/real.jpg">"#,
            None,
        )
        .unwrap();
        let img = page.find_tag(page.root(), "img").unwrap();
        assert_eq!(resolved_sources(&page, img).0.as_deref(), Some("https://x/real.jpg"));
    }

    #[test]
    fn picture_sources_stand_in_for_a_bare_img() {
        let page = crate::input::html::parse(
            r#"<picture><source srcset="https://x/a.webp 1x, https://x/a2.webp 2x"><img alt="A"></picture>"#,
            None,
        )
        .unwrap();
        let img = page.find_tag(page.root(), "img").unwrap();
        let (src, srcset) = resolved_sources(&page, img);
        assert_eq!(src.as_deref(), Some("https://x/a2.webp"));
        assert_eq!(srcset.as_deref(), Some("https://x/a.webp 1x, https://x/a2.webp 2x"));
    }

    #[test]
    fn spots_tracking_pixels() {
        let page = crate::input::html::parse(
            r#"<img src="https://t/x.gif" width="1" height="1"><img src="a.jpg" width=600 height=400>"#,
            None,
        )
        .unwrap();
        let imgs: Vec<_> = page.elements_tagged(page.root(), "img").collect();
        assert!(is_tracking_pixel(&page, imgs[0]));
        assert!(!is_tracking_pixel(&page, imgs[1]));
    }
}
