//! Layout facts from inline `style` attributes, for saved pages that carry no computed style:
//! the little a `style="position:fixed; inset:0"` tells without a browser.

use crate::page::{Layout, Position};

/// A size that stands for "the whole viewport" when an inline style pins all four sides.
const VIEWPORT: f32 = 10_000.0;

/// The layout facts an inline style declares, or None when it declares none that matter.
pub fn layout_from_inline(style: &str) -> Option<Layout> {
    let mut l = Layout::default();
    let mut any = false;
    let (mut top, mut right, mut bottom, mut left) = (false, false, false, false);
    for decl in style.split(';') {
        let Some((prop, value)) = decl.split_once(':') else {
            continue;
        };
        let prop = prop.trim().to_ascii_lowercase();
        let value = value.trim().trim_end_matches("!important").trim().to_ascii_lowercase();
        match prop.as_str() {
            "display" if value == "none" => {
                l.display_none = true;
                any = true;
            }
            "visibility" if value == "hidden" || value == "collapse" => {
                l.visibility_hidden = true;
                any = true;
            }
            "position" => {
                l.position = match value.as_str() {
                    "fixed" => Position::Fixed,
                    "sticky" => Position::Sticky,
                    "absolute" => Position::Absolute,
                    "relative" => Position::Relative,
                    _ => Position::Static,
                };
                any |= l.position != Position::Static;
            }
            "z-index" => {
                if let Ok(z) = value.parse::<i32>() {
                    l.z_index = Some(z);
                    any = true;
                }
            }
            "opacity" => {
                if let Ok(o) = value.parse::<f32>() {
                    l.opacity = o.clamp(0.0, 1.0);
                    any = true;
                }
            }
            "width" => {
                l.width = length(&value).unwrap_or(l.width);
                any = true;
            }
            "height" => {
                l.height = length(&value).unwrap_or(l.height);
                any = true;
            }
            "overflow" | "overflow-y" | "overflow-x" if value.contains("hidden") || value.contains("clip") => {
                l.overflow_hidden = true;
                any = true;
            }
            "filter" | "backdrop-filter" | "-webkit-backdrop-filter" if value.contains("blur(") => {
                l.blurred = true;
                any = true;
            }
            "mask-image" | "-webkit-mask-image" | "background-image" | "background" if value.contains("gradient(") => {
                l.faded = true;
                any = true;
            }
            "inset" => {
                let zeros = value.split_whitespace().all(|v| matches!(v, "0" | "0px" | "0%"));
                if zeros {
                    (top, right, bottom, left) = (true, true, true, true);
                }
            }
            "top" => top = is_zero(&value),
            "right" => right = is_zero(&value),
            "bottom" => bottom = is_zero(&value),
            "left" => left = is_zero(&value),
            _ => {}
        }
    }
    // Pinned to both sides of an axis: as large as the viewport along it.
    if left && right {
        l.width = l.width.max(VIEWPORT);
        any = true;
    }
    if top && bottom {
        l.height = l.height.max(VIEWPORT);
        any = true;
    }
    any.then_some(l)
}

fn is_zero(v: &str) -> bool {
    matches!(v, "0" | "0px" | "0%")
}

/// A length in CSS pixels; viewport-relative and percentage sizes of 50 or more count as large.
fn length(v: &str) -> Option<f32> {
    let num = |s: &str| s.trim().parse::<f32>().ok();
    if let Some(px) = v.strip_suffix("px") {
        return num(px);
    }
    for unit in ["vw", "vh", "%"] {
        if let Some(n) = v.strip_suffix(unit) {
            return num(n).map(|n| if n >= 50.0 { VIEWPORT } else { 0.0 });
        }
    }
    if let Some(em) = v.strip_suffix("rem").or_else(|| v.strip_suffix("em")) {
        return num(em).map(|n| n * 16.0);
    }
    num(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_an_overlay() {
        let l = layout_from_inline("position: fixed; inset: 0; z-index: 9999; background: rgba(0,0,0,.5); opacity: .9")
            .unwrap();
        assert_eq!(l.position, Position::Fixed);
        assert_eq!(l.z_index, Some(9999));
        assert!(l.width >= 1000.0 && l.height >= 1000.0);
        assert!((l.opacity - 0.9).abs() < 1e-6);
    }

    #[test]
    fn reads_sizes_locks_and_fades() {
        let l = layout_from_inline("position:fixed;top:0;left:0;width:600px;height:50vh").unwrap();
        assert_eq!((l.width, l.height), (600.0, VIEWPORT));
        assert!(layout_from_inline("overflow: hidden !important").unwrap().overflow_hidden);
        assert!(layout_from_inline("-webkit-mask-image: linear-gradient(#000, transparent)").unwrap().faded);
        assert!(layout_from_inline("filter: blur(4px)").unwrap().blurred);
        assert!(layout_from_inline("DISPLAY:NONE").unwrap().display_none);
        let drawer = layout_from_inline("position: fixed; bottom: 0; left: 0; right: 0; height: 65vh").unwrap();
        assert_eq!((drawer.width, drawer.height), (VIEWPORT, VIEWPORT));
    }

    #[test]
    fn ignores_what_does_not_matter() {
        assert_eq!(layout_from_inline("color: red; font-size: 12px"), None);
        assert_eq!(layout_from_inline("garbage;;:;"), None);
        assert_eq!(layout_from_inline("position: static"), None);
    }
}
