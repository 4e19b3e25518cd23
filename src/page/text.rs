//! Small text helpers shared by extraction and the detectors: whitespace folding, word and
//! comma counts, keyword matching without a regex engine, and the one rule for class words.

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

/// Appends a class or id value to `out`, lowercased, with a `-` cut between a lowercase letter
/// or digit and the uppercase letter after it: camel case read as parts (`articleBodyText` as
/// `article-body-text`, `AdUnit` as `ad-unit`; `TD_9x` stays as it is).
pub fn lower_class_name_into(out: &mut String, value: &str) {
    let mut prev_lower = false;
    for c in value.chars() {
        if c.is_uppercase() && prev_lower {
            out.push('-');
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// The first of `words` that names a class or id token of an element, by the detectors' one
/// rule for class words. `class_and_id_lower` is `Page::class_and_id`: the class tokens and
/// the id, lowercased, separated by whitespace; each token is judged alone.
///
/// A token and a word are split at `-` and `_` into parts (the empty parts of BEM's `__` and
/// `--` dropped). The word matches the token when:
/// - it equals the whole token (`no-scroll` matches `no-scroll`), or
/// - its parts occur in the token's parts as one unbroken run of whole parts (`lightbox`
///   matches `lightbox`, `gallery-lightbox`, `lightbox_copy`, `c-lightbox__slide`;
///   `gallery-modal` matches `pswp-gallery-modal`), and the token is not a flag.
///
/// Parts are compared whole, never as substrings: `ad` does not match `header`, `lightbox`
/// does not match `lightboxes`, `lightbox_copies` does not match `f_lightbox_on`. A flag is a
/// token that states a switch rather than naming a thing: its first part is a feature or
/// negation prefix (`f`, `ff`, `feat`, `feature`, `flag`, `has`, `no`, `not`, `non`,
/// `without`) or its last part is a switch state (`on`, `off`, `enabled`, `disabled`).
/// `f_lightbox_copies_on` on `<body>` says the lightbox feature is on, not that the body is a
/// lightbox; `has-ad` names a wrapper that holds an ad (and maybe the article), `no-ads` the
/// opposite of an ad. Words are given lowercase; camel case is cut into parts where the
/// class name is read (`Page::class_and_id`, by `lower_class_name_into`).
pub fn class_word<'a>(class_and_id_lower: &str, words: &[&'a str]) -> Option<&'a str> {
    let mut token_parts: [&[u8]; 16] = [&[]; 16];
    for token in class_and_id_lower.split_ascii_whitespace() {
        let token = token.as_bytes();
        if let Some(&w) = words.iter().find(|w| same_bytes(w.as_bytes(), token)) {
            return Some(w);
        }
        // A token of one part matches only a word equal to it, tested above.
        if !token.iter().any(|&b| is_separator(b)) {
            continue;
        }
        let parts = split_parts(token, &mut token_parts);
        if is_flag(parts) {
            continue;
        }
        // A word whose first part starts with none of the parts' first bytes is passed over.
        let part_starts = parts.iter().fold(0, |m, p| m | start_bit(p));
        let mut candidates = words.iter().filter(|w| start_bit(skip_separators(w.as_bytes())) & part_starts != 0);
        if let Some(&w) = candidates.find(|w| names_a_run(parts, w.as_bytes())) {
            return Some(w);
        }
    }
    None
}

/// A bit for the first byte of `s` (none when it is empty), kept modulo 64: two strings whose
/// bits differ surely start differently; two with the same bit may start alike.
fn start_bit(s: &[u8]) -> u64 {
    s.first().map_or(0, |&b| 1 << (b % 64))
}

/// Byte-for-byte equality, with the lengths and first bytes compared before the rest.
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.first() == b.first() && a == b
}

/// `-` and `_`, which join the parts of a class name.
fn is_separator(b: u8) -> bool {
    b == b'-' || b == b'_'
}

/// The non-empty parts of `s` between `-` and `_`, into `buf` (as many as it holds).
fn split_parts<'s, 'b>(s: &'s [u8], buf: &'b mut [&'s [u8]]) -> &'b [&'s [u8]] {
    let mut len = 0;
    for part in s.split(|&b| is_separator(b)) {
        if !part.is_empty() && len < buf.len() {
            buf[len] = part;
            len += 1;
        }
    }
    &buf[..len]
}

/// Whether the parts of `word` (at least one) occur in `parts` as one unbroken run of whole
/// parts. The word is read in place, part by part, never split into a list.
fn names_a_run(parts: &[&[u8]], word: &[u8]) -> bool {
    let word = skip_separators(word);
    let Some(&first) = word.first() else { return false };
    (0..parts.len()).any(|i| parts[i].first() == Some(&first) && starts_with_parts(&parts[i..], word))
}

/// Whether `word`, which starts with a part, is made of the first parts of `parts`, in order.
fn starts_with_parts(parts: &[&[u8]], word: &[u8]) -> bool {
    let mut rest = word;
    for part in parts {
        let Some(after) = rest.strip_prefix(*part) else { return false };
        if after.first().is_some_and(|&b| !is_separator(b)) {
            return false; // the part is only the start of a longer word part
        }
        rest = skip_separators(after);
        if rest.is_empty() {
            return true;
        }
    }
    false
}

/// `s` without its leading `-` and `_`.
fn skip_separators(s: &[u8]) -> &[u8] {
    let start = s.iter().position(|&b| !is_separator(b)).unwrap_or(s.len());
    s.get(start..).unwrap_or_default()
}

/// Whether `word` names a class or id token, by the rule of `class_word`.
pub fn has_class_word(class_and_id_lower: &str, word: &str) -> bool {
    class_word(class_and_id_lower, &[word]).is_some()
}

/// A class token that states a switch (see `class_word`): a feature or negation prefix, or an
/// on/off state at the end. A one-part token is a name, never a flag.
fn is_flag(parts: &[&[u8]]) -> bool {
    const PREFIXES: &[&[u8]] = &[b"f", b"ff", b"feat", b"feature", b"flag", b"has", b"no", b"not", b"non", b"without"];
    const STATES: &[&[u8]] = &[b"on", b"off", b"enabled", b"disabled"];
    parts.len() >= 2 && (PREFIXES.contains(&parts[0]) || parts.last().map(|l| STATES.contains(l)).unwrap_or(false))
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

    #[test]
    fn class_names_read_camel_case_as_parts() {
        let read = |v: &str| {
            let mut out = String::new();
            lower_class_name_into(&mut out, v);
            out
        };
        assert_eq!(read("articleBodyText"), "article-body-text");
        assert_eq!(read("AdUnit mod"), "ad-unit mod");
        assert_eq!(read("TD_9x HTML5 x2Y"), "td_9x html5 x2-y");
        assert_eq!(read("ÉtéContent"), "été-content");
        assert!(has_class_word(&read("stepContent"), "content"));
        assert!(!has_class_word(&read("contents"), "content"));
    }

    #[test]
    fn class_words_match_whole_parts_of_one_token() {
        let m = |ci: &str, w: &str| has_class_word(ci, w);
        assert!(m("lightbox", "lightbox"));
        assert!(m("gallery-lightbox", "lightbox"));
        assert!(m("lightbox_copy", "lightbox"));
        assert!(m("c-lightbox__slide x", "lightbox"));
        assert!(m("pswp-gallery-modal", "gallery-modal"));
        assert!(m("tp-modal-open", "modal-open"));
        // Never a substring, never across tokens.
        assert!(!m("lightboxes", "lightbox"));
        assert!(!m("header loading", "ad"));
        assert!(!m("gallery modal", "gallery-modal"));
        assert!(!m("f_lightbox_on", "lightbox_copies"));
        // Flags name a switch, not the element.
        assert!(!m("f_lightbox_copies_on", "lightbox_copies"));
        assert!(!m("f_lightbox_copies_on", "lightbox"));
        assert!(!m("layout f_lightbox_on", "lightbox"));
        assert!(!m("no-ads", "ads"));
        assert!(!m("has-ad", "ad"));
        assert!(!m("promo-enabled", "promo"));
        // A word that is the whole token matches even when it reads as a flag.
        assert!(m("page no-scroll", "no-scroll"));
        assert_eq!(class_word("top-ad-slot", &["advert", "ad"]), Some("ad"));
        assert_eq!(class_word("", &["ad"]), None);
    }

    #[test]
    fn class_words_match_parts_whatever_the_separators() {
        let m = |ci: &str, w: &str| has_class_word(ci, w);
        assert!(m("c-gallery__modal", "gallery-modal"));
        assert!(m("x-lightbox-copies", "lightbox_copies"));
        assert!(m("--lightbox--", "lightbox"));
        // The word's parts must all be there, whole, in one run.
        assert!(!m("tp-modal-open", "modal-open-now"));
        assert!(!m("x-modal-open", "modal-op"));
        assert!(!m("x-modal-op-en", "modal-open"));
        assert!(!m("modal-x-open", "modal-open"));
        assert!(!m("a-b", "-"));
        assert!(!m("a-b", ""));
        // The first word in the list that matches a token wins; an equal word before any part.
        assert_eq!(class_word("x top-ad", &["advert", "top", "ad"]), Some("top"));
        assert_eq!(class_word("top-ad", &["ad", "top-ad"]), Some("top-ad"));
    }
}
