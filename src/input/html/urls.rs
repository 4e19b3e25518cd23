//! URLs of a saved page made absolute against `<base href>` and the page's address, as the live
//! DOM gives them: links, image sources and every candidate of a `srcset` list.

use crate::page::srcset::srcset_candidates;
use crate::page::{NodeId, Page};

/// Makes link and image URLs absolute against `<base href>` and the page's address.
pub(super) fn resolve_urls(page: &mut Page) {
    let Some(page_url) = page.url.as_deref().and_then(|u| url::Url::parse(u).ok()) else {
        return;
    };
    let base = page
        .elements_tagged(page.root(), "base")
        .find_map(|b| page.attr(b, "href"))
        .and_then(|href| page_url.join(href.trim()).ok())
        .unwrap_or(page_url);
    let ids: Vec<NodeId> = page.descendants(page.root()).filter(|&n| page.element(n).is_some()).collect();
    for id in ids {
        let Some(el) = page.element_mut(id) else {
            continue;
        };
        for (name, value) in el.attrs.iter_mut() {
            if URL_ATTRS.contains(&name.as_str()) {
                if let Some(abs) = absolute(&base, value) {
                    *value = abs;
                }
            } else if SRCSET_ATTRS.contains(&name.as_str()) {
                *value = resolve_srcset(&base, value);
            }
        }
    }
}

fn absolute(base: &url::Url, value: &str) -> Option<String> {
    let v = value.trim();
    if v.is_empty() || v.starts_with('#') {
        return None; // in-page links stay as they are
    }
    base.join(v).ok().map(String::from)
}

/// Resolves each candidate of a `srcset` list (`url descriptor, url descriptor`).
pub(crate) fn resolve_srcset(base: &url::Url, srcset: &str) -> String {
    srcset_candidates(srcset)
        .into_iter()
        .map(|(u, d)| {
            let abs = absolute(base, &u).unwrap_or(u);
            if d.is_empty() {
                abs
            } else {
                format!("{abs} {d}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Attributes that hold one URL.
pub const URL_ATTRS: &[&str] = &["href", "src", "poster", "data-src", "data-lazy-src", "data-original", "cite"];
/// Attributes that hold a `srcset` list.
pub const SRCSET_ATTRS: &[&str] = &["srcset", "data-srcset", "data-lazy-srcset"];
