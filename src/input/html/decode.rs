//! Turns the bytes of a saved page into text: BOM, then the declared `<meta charset>`, then
//! UTF-8 if it is valid, else Windows-1252, as browsers do. Binary files are refused.

use encoding_rs::Encoding;

use crate::Error;

/// Decodes a saved page, or says why it is not a page.
pub fn decode(bytes: &[u8]) -> Result<String, Error> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::Unreadable("the file is empty".into()));
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return Ok(text.into_owned());
    }
    let head = &bytes[..bytes.len().min(8192)];
    if let Some(enc) = sniff_utf16(head) {
        let (text, _) = enc.decode_without_bom_handling(bytes);
        return Ok(text.into_owned());
    }
    if head.contains(&0) || looks_binary(head) {
        return Err(Error::Unreadable("the file is binary, not an HTML page".into()));
    }
    let declared = declared_charset(&bytes[..bytes.len().min(4096)]).and_then(|l| Encoding::for_label(l.as_bytes()));
    // Bytes that are valid UTF-8 and use multi-byte sequences are UTF-8 whatever the page says:
    // legacy-encoded text is almost never valid UTF-8 by accident, and saved pages are often
    // re-encoded with their old declaration left in place.
    let utf8 = std::str::from_utf8(bytes).is_ok();
    let multibyte_utf8 = utf8 && !bytes.is_ascii();
    if declared == Some(encoding_rs::REPLACEMENT) && !multibyte_utf8 {
        // iso-2022-kr, hz-gb-2312 and the like: labels browsers map to the replacement encoding
        // so that no text is ever read from them.
        return Err(Error::Unreadable(
            "the page declares a charset browsers refuse to decode (such as ISO-2022-KR)".into(),
        ));
    }
    let enc = match declared {
        _ if multibyte_utf8 => encoding_rs::UTF_8,
        // A page that says UTF-16 yet has no BOM is ASCII-compatible in practice.
        Some(e) if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE => encoding_rs::UTF_8,
        Some(e) => e,
        None if utf8 => encoding_rs::UTF_8,
        None => encoding_rs::WINDOWS_1252,
    };
    let (text, _, _) = enc.decode(bytes);
    Ok(text.into_owned())
}

/// UTF-16 without a byte order mark, as a text editor may save it: markup is mostly ASCII, so
/// one byte of nearly every pair is zero, always on the same side.
fn sniff_utf16(head: &[u8]) -> Option<&'static Encoding> {
    let pairs = head.len() / 2;
    if pairs < 8 {
        return None;
    }
    let zero_at = |side: usize| head.chunks_exact(2).filter(|p| p[side] == 0 && p[1 - side] != 0).count();
    let (even, odd) = (zero_at(0), zero_at(1));
    let mostly = |n: usize| n * 10 >= pairs * 7;
    let rarely = |n: usize| n * 50 <= pairs;
    match () {
        _ if mostly(odd) && rarely(even) => Some(encoding_rs::UTF_16LE),
        _ if mostly(even) && rarely(odd) => Some(encoding_rs::UTF_16BE),
        _ => None,
    }
}

/// Control bytes other than whitespace make up a real share of the start: not text.
fn looks_binary(head: &[u8]) -> bool {
    let controls = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b)).count();
    controls * 20 > head.len()
}

/// The charset a page declares in its first bytes (`<meta charset=…>` or `http-equiv`).
fn declared_charset(head: &[u8]) -> Option<String> {
    let lower: String = head.iter().map(|&b| (b as char).to_ascii_lowercase()).collect();
    let mut from = 0;
    while let Some(i) = lower[from..].find("<meta") {
        let start = from + i;
        let end = lower[start..].find('>').map(|e| start + e).unwrap_or(lower.len());
        let tag = &lower[start..end];
        if let Some(pos) = tag.find("charset") {
            let rest = tag[pos + 7..].trim_start();
            if let Some(rest) = rest.strip_prefix('=') {
                let value: String = rest
                    .trim_start()
                    .trim_start_matches(['"', '\''])
                    .chars()
                    .take_while(|c| !matches!(c, '"' | '\'' | ';' | ' ' | '/' | '>'))
                    .collect();
                if !value.is_empty() {
                    return Some(value);
                }
            }
        }
        from = end;
        if from >= lower.len() {
            break;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn honours_the_declared_charset() {
        let bytes = b"<meta charset=\"iso-8859-1\"><p>caf\xe9</p>";
        assert!(decode(bytes).unwrap().contains("café"));
        let bytes = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"><p>\xcf\xf0\xe8\xe2\xe5\xf2</p>";
        assert!(decode(bytes).unwrap().contains("Привет"));
    }

    #[test]
    fn utf8_and_boms() {
        assert_eq!(decode("<p>é</p>".as_bytes()).unwrap(), "<p>é</p>");
        let mut utf16 = vec![0xff, 0xfe];
        for c in "<p>x</p>".encode_utf16() {
            utf16.extend_from_slice(&c.to_le_bytes());
        }
        assert_eq!(decode(&utf16).unwrap(), "<p>x</p>");
        // Invalid UTF-8 with no declaration falls back to Windows-1252.
        assert!(decode(b"<p>caf\xe9</p>").unwrap().contains("café"));
    }

    #[test]
    fn valid_utf8_beats_a_stale_legacy_declaration() {
        // Saved pages are often re-encoded to UTF-8 with their old <meta charset> left in place.
        let page = "<meta charset=gb2312><p>谷歌在2014年收购的人工智能公司</p>";
        assert_eq!(decode(page.as_bytes()).unwrap(), page);
    }

    #[test]
    fn sniffs_utf16_without_a_bom() {
        let page = "<!doctype html><title>Ünïcode</title><p>Привет</p>";
        let le: Vec<u8> = page.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let be: Vec<u8> = page.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        assert_eq!(decode(&le).unwrap(), page);
        assert_eq!(decode(&be).unwrap(), page);
        assert!(decode(&[0u8, 1, 2, 3, 0, 0, 0, 9, 0, 0, 7, 0, 0, 0, 0, 0, 1, 1]).is_err());
    }

    #[test]
    fn refuses_binary_and_empty() {
        assert!(matches!(decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Err(Error::Unreadable(_))));
        assert!(matches!(decode(b"  \n"), Err(Error::Unreadable(_))));
    }
}
