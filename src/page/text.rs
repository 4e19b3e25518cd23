//! Small text helpers shared by extraction and the detectors: whitespace folding, word and
//! comma counts, and case-insensitive keyword matching without a regex engine.

/// Folds every run of whitespace (including non-breaking spaces) to one space and trims.
pub fn fold_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(&mut out, s, &mut false);
    out
}

/// Appends `s` to `out` with whitespace folded, continuing a fold over several pieces of text:
/// `pending` says a space is owed before the next visible character. ASCII runs are copied
/// whole; only other characters are decoded.
pub fn fold_into(out: &mut String, s: &str, pending: &mut bool) {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if is_ascii_space(b) {
            *pending = !out.is_empty();
            i += 1;
        } else if b.is_ascii() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii() && !is_ascii_space(bytes[i]) {
                i += 1;
            }
            if *pending {
                out.push(' ');
                *pending = false;
            }
            out.push_str(&s[start..i]);
        } else {
            let Some(c) = s[i..].chars().next() else { break };
            i += c.len_utf8();
            if c.is_whitespace() || c == '\u{a0}' {
                *pending = !out.is_empty();
            } else {
                if *pending {
                    out.push(' ');
                    *pending = false;
                }
                out.push(c);
            }
        }
    }
}

/// The ASCII characters `char::is_whitespace` accepts.
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// Counts the characters of `s` (not its bytes), as JavaScript's length roughly does.
pub fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// Counts commas, including the full-width and Arabic ones, as Readability does.
pub fn comma_count(s: &str) -> usize {
    s.chars()
        .filter(|c| {
            matches!(
                c,
                ',' | '\u{060C}'
                    | '\u{FE50}'
                    | '\u{FE10}'
                    | '\u{FE11}'
                    | '\u{2E41}'
                    | '\u{2E34}'
                    | '\u{2E32}'
                    | '\u{FF0C}'
            )
        })
        .count()
}

/// The words of `s`: runs of letters, digits and underscores, lowercased.
pub fn words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| !w.is_empty()).map(|w| w.to_lowercase())
}

/// Whether the lowercased haystack contains any of the needles.
pub fn contains_any(haystack_lower: &str, needles: &[&str]) -> bool {
    !haystack_lower.is_empty() && needles.iter().any(|n| haystack_lower.contains(n))
}

/// Whether `needle` occurs in `haystack_lower` as a whole token: bounded by a non-alphanumeric
/// character or the ends (so `ad` matches `top-ad` and `ad_slot` but not `header` or `load`).
pub fn contains_token(haystack_lower: &str, needle: &str) -> bool {
    let bytes = haystack_lower.as_bytes();
    let mut from = 0;
    while let Some(pos) = haystack_lower[from..].find(needle) {
        let start = from + pos;
        let end = start + needle.len();
        let before_ok = start == 0 || !bytes[start - 1].is_ascii_alphanumeric();
        let after_ok = end == bytes.len() || !bytes[end].is_ascii_alphanumeric();
        if before_ok && after_ok {
            return true;
        }
        from = start + needle.len().max(1);
        if from >= haystack_lower.len() {
            break;
        }
        while !haystack_lower.is_char_boundary(from) {
            from += 1;
        }
    }
    false
}

/// Cuts `s` to about `max` characters at a character boundary, with an ellipsis when cut.
pub fn sample(s: &str, max: usize) -> String {
    let s = fold_whitespace(s);
    if char_len(&s) <= max {
        return s;
    }
    let mut out: String = s.chars().take(max).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_whitespace() {
        assert_eq!(fold_whitespace("  a \n\t b\u{a0}c  "), "a b c");
        assert_eq!(fold_whitespace(""), "");
    }

    #[test]
    fn token_match_respects_boundaries() {
        assert!(contains_token("top-ad slot", "ad"));
        assert!(contains_token("ad_slot", "ad"));
        assert!(!contains_token("header", "ad"));
        assert!(!contains_token("loading", "ad"));
        assert!(contains_token("ad", "ad"));
    }

    #[test]
    fn samples_cut_on_characters() {
        assert_eq!(sample("héllo wörld", 5), "héllo…");
        assert_eq!(sample("short", 10), "short");
    }

    #[test]
    fn counts_commas_and_words() {
        assert_eq!(comma_count("a, b，c"), 2);
        assert_eq!(words("Hello, World_1!").collect::<Vec<_>>(), ["hello", "world_1"]);
    }
}
