//! The `srcset` attribute's grammar: a list of image candidates, each a URL and a descriptor.
//! Both the saved-page input (to make the URLs absolute) and the renderer (to pick a source) read it.

/// The candidates of a `srcset` list, as (url, descriptor) pairs; data URLs with commas survive.
pub fn srcset_candidates(srcset: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = srcset;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
        if rest.is_empty() {
            break;
        }
        let url_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let mut url = &rest[..url_end];
        rest = &rest[url_end..];
        let mut descriptor = "";
        if url.ends_with(',') {
            url = url.trim_end_matches(',');
        } else {
            let d_end = rest.find(',').unwrap_or(rest.len());
            descriptor = rest[..d_end].trim();
            rest = &rest[d_end..];
        }
        if !url.is_empty() {
            out.push((url.to_string(), descriptor.to_string()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_srcset_lists() {
        assert_eq!(
            srcset_candidates("a.png 1x, b.png 2x,c.png"),
            vec![("a.png".into(), "1x".into()), ("b.png".into(), "2x".into()), ("c.png".into(), "".into())]
        );
        assert_eq!(
            srcset_candidates("a.png, b.png 640w"),
            vec![("a.png".into(), "".into()), ("b.png".into(), "640w".into())]
        );
        assert_eq!(srcset_candidates(""), vec![]);
    }
}
