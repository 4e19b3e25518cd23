//! Crash cases for saved pages and snapshots (issue 7): every input gives a report or a clear
//! error. Deep nesting, 50 MB, every WHATWG charset, broken bytes, templates, frames, SVG, tables.

use encoding_rs::Encoding;
use folio::input::{html, snapshot};
use folio::{extract, Error};

const PROSE: &str = "The council met on Tuesday evening to weigh the budget, and after a long debate the \
members agreed to fund the library for another year, to repair the old bridge over the river, and to \
hire two more teachers for the school on the hill, which had waited a decade for them.";

fn article(extra_head: &str, marker: &str) -> String {
    let paras: String = (0..8).map(|i| format!("<p>{PROSE} Paragraph {i}.</p>\n")).collect();
    format!(
        "<!doctype html><html><head>{extra_head}<title>A test article</title></head><body>\
         <article><h1>A test article</h1><p>{marker} {PROSE}</p>{paras}</article></body></html>"
    )
}

/// Decodes and extracts as `folio extract` does.
fn read(bytes: &[u8]) -> Result<folio::Report, Error> {
    let html = html::decode(bytes)?;
    extract(&html, Some("https://example.com/a"))
}

#[test]
fn a_hundred_thousand_levels_are_refused_with_a_message() {
    let html = "<div>".repeat(100_000) + &article("", "Deep.");
    match read(html.as_bytes()) {
        Err(Error::Unreadable(why)) => assert!(why.contains("levels deep"), "{why}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn deep_but_parseable_nesting_is_read() {
    let html = "<div>".repeat(4_000) + &article("", "Deep and fine.");
    let report = read(html.as_bytes()).expect("read");
    assert!(report.text_content.contains("Deep and fine."), "{}", &report.text_content[..200]);
}

#[test]
fn a_snapshot_a_hundred_thousand_levels_deep_is_read() {
    // The live DOM has no parser bound (a script can nest without limit): the snapshot is flat
    // JSON and the page model lays it flat below its own bound.
    let mut nodes = vec![r#"{"p":0,"t":"html"}"#.to_string(), r#"{"p":1,"t":"body"}"#.to_string()];
    for i in 0..100_000u32 {
        nodes.push(format!(r#"{{"p":{},"t":"div"}}"#, i + 2));
    }
    let deepest = nodes.len();
    for i in 0..6 {
        nodes.push(format!(r#"{{"p":{deepest},"t":"p"}}"#));
        let p = nodes.len();
        nodes.push(format!(r#"{{"p":{p},"x":"{PROSE} Deep paragraph {i}."}}"#));
    }
    let json = format!(r#"{{"v":1,"url":"https://example.com/a","nodes":[{}]}}"#, nodes.join(","));
    let page = snapshot::parse(&json).expect("a valid snapshot");
    let report = folio::analyse(page).report;
    assert!(report.text_content.contains("Deep paragraph 5."));
}

#[test]
fn a_fifty_megabyte_page_is_read_whole() {
    let para = format!("<p>{PROSE}</p>\n");
    let count = 50 * 1024 * 1024 / para.len() + 1;
    let mut html = String::with_capacity(count * para.len() + 200);
    html.push_str("<!doctype html><title>Big</title><article><h1>Big</h1>");
    for _ in 0..count {
        html.push_str(&para);
    }
    html.push_str("<p>The very last sentence.</p></article>");
    assert!(html.len() >= 50 * 1024 * 1024);
    let report = read(html.as_bytes()).expect("read");
    assert!(report.text_content.ends_with("The very last sentence."));
    assert!(report.text_content.len() > 40 * 1024 * 1024);
}

#[test]
fn invalid_utf8_is_replaced_not_fatal() {
    let mut bytes = article("<meta charset=utf-8>", "Broken \u{e9}t\u{e9}.").into_bytes();
    let at = bytes.windows(7).position(|w| w == b"Broken ").unwrap() + 7;
    bytes.splice(at..at, [0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82]);
    let report = read(&bytes).expect("read");
    assert!(report.text_content.contains("Broken"), "{}", report.text_content);
    assert!(report.text_content.contains('\u{fffd}'));
}

/// Text each WHATWG encoding can carry, tried in order; the first one it encodes losslessly.
const SAMPLES: &[&str] = &[
    "Ελληνικά γράμματα",
    "русский текст",
    "日本語のテキストです",
    "中文文本内容",
    "한국어 텍스트",
    "Česká řeč a žluťoučký kůň",
    "Türkçe ğüşıöç",
    "עברית טקסט",
    "العربية نص",
    "ภาษาไทย",
    "Tiếng Việt có dấu",
    "Français : été, garçon",
    "Plain words only",
];

fn all_encodings() -> Vec<&'static Encoding> {
    use encoding_rs::*;
    vec![
        UTF_8,
        IBM866,
        ISO_8859_2,
        ISO_8859_3,
        ISO_8859_4,
        ISO_8859_5,
        ISO_8859_6,
        ISO_8859_7,
        ISO_8859_8,
        ISO_8859_8_I,
        ISO_8859_10,
        ISO_8859_13,
        ISO_8859_14,
        ISO_8859_15,
        ISO_8859_16,
        KOI8_R,
        KOI8_U,
        MACINTOSH,
        WINDOWS_874,
        WINDOWS_1250,
        WINDOWS_1251,
        WINDOWS_1252,
        WINDOWS_1253,
        WINDOWS_1254,
        WINDOWS_1255,
        WINDOWS_1256,
        WINDOWS_1257,
        WINDOWS_1258,
        X_MAC_CYRILLIC,
        GBK,
        GB18030,
        BIG5,
        EUC_JP,
        ISO_2022_JP,
        SHIFT_JIS,
        EUC_KR,
        UTF_16BE,
        UTF_16LE,
        REPLACEMENT,
        X_USER_DEFINED,
    ]
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice(if big_endian { &[0xfe, 0xff] } else { &[0xff, 0xfe] });
    }
    for unit in text.encode_utf16() {
        out.extend_from_slice(&if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() });
    }
    out
}

#[test]
fn every_charset_declaration_decodes() {
    let mut checked = 0;
    for enc in all_encodings() {
        let name = enc.name();
        let head = format!("<meta charset=\"{name}\">");
        if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
            let sample = SAMPLES[2];
            let big = enc == encoding_rs::UTF_16BE;
            for bom in [true, false] {
                let report = read(&utf16(&article(&head, sample), big, bom)).unwrap_or_else(|e| panic!("{name}: {e}"));
                assert!(report.text_content.contains(sample), "{name} (BOM {bom}): {}", &report.text_content[..80]);
            }
            checked += 1;
            continue;
        }
        if enc == encoding_rs::REPLACEMENT {
            // A charset that exists to stop reading (iso-2022-kr and others): refused, with a message.
            let html = article("<meta charset=iso-2022-kr>", "Anything.");
            assert!(matches!(read(html.as_bytes()), Err(Error::Unreadable(why)) if why.contains("charset")), "{name}");
            checked += 1;
            continue;
        }
        if enc == encoding_rs::X_USER_DEFINED {
            let report = read(article(&head, "Plain words.").as_bytes()).expect(name);
            assert!(report.text_content.contains("Plain words."), "{name}");
            checked += 1;
            continue;
        }
        let sample = SAMPLES
            .iter()
            .find(|s| {
                let (_, _, lossy) = enc.encode(s);
                !lossy
            })
            .unwrap_or_else(|| panic!("no sample fits {name}"));
        let page = article(&head, sample);
        let (bytes, _, lossy) = enc.encode(&page);
        assert!(!lossy, "{name}");
        let report = read(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(report.text_content.contains(sample), "{name}: wanted {sample:?} in {:?}", &report.text_content[..120]);
        checked += 1;
    }
    assert_eq!(checked, 40, "every encoding of the WHATWG Encoding Standard");
}

#[test]
fn empty_and_binary_files_are_refused_with_a_message() {
    for bytes in [&b""[..], b"   \n\t ", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10", &[0u8; 4096]] {
        match read(bytes) {
            Err(Error::Unreadable(why)) => assert!(!why.is_empty()),
            other => panic!("{bytes:?}: expected a refusal, got {other:?}"),
        }
    }
    let noise: Vec<u8> = (0..65_536u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    assert!(read(&noise).is_err());
}

#[test]
fn template_contents_are_not_the_article() {
    let hidden =
        format!("<template><article><h1>Hidden</h1><p>TEMPLATED {PROSE}</p><p>{PROSE}</p></article></template>");
    let html = article("", "Visible.").replace("<body>", &format!("<body>{hidden}"));
    let report = read(html.as_bytes()).expect("read");
    assert!(report.text_content.contains("Visible."));
    assert!(!report.text_content.contains("TEMPLATED"));
}

#[test]
fn declarative_shadow_roots_and_frames_do_not_break_reading() {
    let extras = format!(
        "<div><template shadowrootmode=open><p>SHADOW {PROSE}</p><slot></slot></template><span>light</span></div>\
         <iframe srcdoc=\"&lt;p&gt;FRAMED&lt;/p&gt;\"></iframe><iframe src=\"https://ads.example/x\"></iframe>"
    );
    let html = article("", "Around the frames.").replace("<article>", &format!("{extras}<article>"));
    let report = read(html.as_bytes()).expect("read");
    assert!(report.text_content.contains("Around the frames."));
    assert!(!report.text_content.contains("FRAMED"));
    let frameset = "<!doctype html><html><head><title>Frames</title></head>\
                    <frameset cols=\"50%,50%\"><frame src=a.html><frame src=b.html></frameset></html>";
    assert!(matches!(read(frameset.as_bytes()), Err(Error::NoArticle(_))));
}

#[test]
fn svg_only_and_table_only_pages() {
    let svg = format!(
        "<!doctype html><title>Chart</title><svg viewBox=\"0 0 10 10\"><text x=1 y=1>{PROSE}</text>\
         <foreignObject><p>{PROSE}</p></foreignObject><use href=\"#a\"/></svg>"
    );
    match read(svg.as_bytes()) {
        Ok(r) => assert!(!r.content.contains("<svg") && !r.content.contains("<use")),
        Err(Error::NoArticle(_)) => {}
        Err(e) => panic!("svg-only: {e}"),
    }
    let cells: String = (0..6).map(|i| format!("<tr><td>{PROSE} Row {i}.</td></tr>")).collect();
    let table = format!(
        "<!doctype html><title>Old layout</title><table width=100%><tr><td><a href=/>Home</a></td></tr>\
         <tr><td><table>{cells}</table></td></tr></table>"
    );
    let report = read(table.as_bytes()).expect("read");
    assert!(report.text_content.contains("Row 5."), "{}", report.text_content);
}
