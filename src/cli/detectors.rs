//! Measures the detectors: precision and recall per detector on a fixture suite (as saved, or
//! with class names hashed), the founding example, and what they remove of reference articles.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Deserialize;

use crate::quality;
use crate::stdout::say;
use crate::usage_error;
use folio::page::text::fold_whitespace;
use folio::report::{RemovalKind, Report};

/// `folio detectors FIXTURES [--corpus DIR] [--max-share PCT] [--scramble] [--founding FILE]
/// [--min-precision X] [--min-recall X]`.
///
/// Without `--min-*`, fails unless every detector is at precision and recall 1.0, every fixture
/// holds and no negative is touched; with them, unless every detector reaches both figures.
/// Either way it fails when the founding example (FILE, by default
/// `FIXTURES/../fixtures/founding/aggregator-article.html` when there is one) does not come out
/// clean, or the corpus share is over PCT. `--scramble` runs the fixtures and the founding
/// example with every class and id name hashed (`folio::detect::hash_class_names`), as
/// CSS-module sites ship them; the corpus share is always measured on the pages as they are.
pub fn command(args: &[String]) -> ExitCode {
    let mut fixtures: Option<PathBuf> = None;
    let mut corpus: Option<PathBuf> = None;
    let mut founding: Option<PathBuf> = None;
    let mut max_share: Option<f64> = None;
    let mut min_precision: Option<f64> = None;
    let mut min_recall: Option<f64> = None;
    let mut scramble = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--corpus" => match it.next() {
                Some(d) => corpus = Some(PathBuf::from(d)),
                None => return usage_error("--corpus needs a folder"),
            },
            "--founding" => match it.next() {
                Some(f) => founding = Some(PathBuf::from(f)),
                None => return usage_error("--founding needs a file"),
            },
            "--max-share" => match it.next().and_then(|v| v.parse().ok()) {
                Some(x) => max_share = Some(x),
                None => return usage_error("--max-share needs a percentage"),
            },
            "--min-precision" | "--min-recall" => match it.next().and_then(|v| v.parse::<f64>().ok()) {
                Some(x) if (0.0..=1.0).contains(&x) => {
                    if a == "--min-precision" {
                        min_precision = Some(x)
                    } else {
                        min_recall = Some(x)
                    }
                }
                _ => return usage_error(&format!("{a} needs a figure from 0 to 1")),
            },
            "--scramble" => scramble = true,
            _ if fixtures.is_none() && !a.starts_with("--") => fixtures = Some(PathBuf::from(a)),
            _ => return usage_error(&format!("unexpected argument '{a}'")),
        }
    }
    let Some(fixtures) = fixtures else {
        return usage_error("detectors needs a FIXTURES folder");
    };
    let founding = founding.or_else(|| {
        let f = fixtures.join("../fixtures/founding/aggregator-article.html");
        f.is_file().then_some(f)
    });
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if scramble {
        let _ =
            writeln!(out, "scrambled: every class and id name hashed (sc-xxxxxx), data-*/aria-*/role/itemprop kept");
    }
    let suite = match run_suite(&fixtures, &mut out, scramble) {
        Ok(s) => s,
        Err(e) => {
            say!("folio detectors: {}: {e}", fixtures.display());
            return ExitCode::from(2);
        }
    };
    // The verdicts go to standard error after all the figures are out.
    let mut fails: Vec<String> = Vec::new();
    if min_precision.is_some() || min_recall.is_some() {
        let (p, r) = (min_precision.unwrap_or(0.0), min_recall.unwrap_or(0.0));
        for (name, t) in &suite.tallies {
            if t.precision() < p || t.recall() < r {
                fails.push(format!(
                    "{name} at precision {:.3}, recall {:.3}; wanted at least {p} and {r}",
                    t.precision(),
                    t.recall()
                ));
            }
        }
    } else if !suite.perfect() {
        fails.push(format!(
            "{} fixture(s) failing, {} negative(s) touched",
            suite.failed.len(),
            suite.negatives_touched.len()
        ));
    }
    if let Some(file) = founding {
        match check_founding(&file, scramble, &mut out) {
            Ok(true) => {}
            Ok(false) => fails.push(format!("the founding example {}", file.display())),
            Err(e) => {
                say!("folio detectors: {}: {e}", file.display());
                return ExitCode::from(2);
            }
        }
    }
    if let Some(dir) = corpus {
        match corpus_share(&dir, &mut out) {
            Ok(share) => {
                if let Some(max) = max_share {
                    if share.percent() > max {
                        fails.push(format!("{:.3}% of the reference text removed, over {max}%", share.percent()));
                    }
                }
            }
            Err(e) => {
                say!("folio detectors: {}: {e}", dir.display());
                return ExitCode::from(2);
            }
        }
    }
    let _ = out.flush();
    for f in &fails {
        say!("folio detectors: FAIL: {f}");
    }
    if fails.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Parses a saved page for the suite, with its class and id names hashed when `scramble`.
fn load_page(html: &str, url: Option<&str>, scramble: bool) -> Result<folio::Page, String> {
    let mut page = folio::input::html::parse(html, url).map_err(|e| e.to_string())?;
    if scramble {
        folio::detect::hash_class_names(&mut page);
    }
    Ok(page)
}

/// What the founding example must give (`expected.json` beside the page): the paragraphs in
/// order, the headings, each caption once and none of its copies, none of the clutter, and a
/// wall that cuts the article off. Prints one line (and the failures); true when all held.
pub fn check_founding(file: &Path, scramble: bool, out: &mut dyn Write) -> io::Result<bool> {
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(file.with_file_name("expected.json"))?)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
    let html = folio::input::html::decode(&std::fs::read(file)?).unwrap_or_default();
    let url = expected["url"].as_str().or(Some(FOUNDING_URL));
    let page = load_page(&html, url, scramble).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
    let report = folio::analyse(page).report;
    let strings = |key: &str| -> Vec<String> {
        expected[key]
            .as_array()
            .map(|a| a.iter().filter_map(|s| s.as_str().map(fold_whitespace)).collect())
            .unwrap_or_default()
    };
    let blocks: Vec<String> = report.text_content.split("\n\n").map(fold_whitespace).collect();
    let text = fold_whitespace(&report.text_content);
    let mut failures = Vec::new();
    let mut at = 0;
    for p in strings("paragraphs") {
        match blocks[at.min(blocks.len())..].iter().position(|b| *b == p) {
            Some(i) => at += i + 1,
            None => {
                failures.push(format!("paragraph missing or out of order: “{}”", folio::page::text::sample(&p, 60)))
            }
        }
    }
    for h in strings("headings") {
        if !blocks.contains(&h) {
            failures.push(format!("heading lost: “{h}”"));
        }
    }
    for c in strings("captions") {
        let n = text.matches(c.as_str()).count();
        if n != 1 {
            failures.push(format!("caption {n} times, want once: “{}”", folio::page::text::sample(&c, 60)));
        }
    }
    for d in strings("duplicateCaptions").into_iter().chain(strings("clutter")) {
        if text.contains(d.as_str()) {
            failures.push(format!("still there: “{}”", folio::page::text::sample(&d, 60)));
        }
    }
    let cut_off = expected["wallCutOff"].as_bool().unwrap_or(false);
    if report.wall.detected != cut_off || report.wall.cut_off != cut_off {
        failures.push(format!(
            "wall: want cutOff={cut_off}, got detected={} cutOff={}",
            report.wall.detected, report.wall.cut_off
        ));
    }
    let name = file.file_stem().and_then(|s| s.to_str()).unwrap_or("founding");
    if failures.is_empty() {
        writeln!(out, "founding {name:<35} ok  (each caption once, no wall or promotion text, wall cuts it off)")?;
    } else {
        writeln!(out, "founding {name:<35} FAIL")?;
        for f in &failures {
            writeln!(out, "    {f}")?;
        }
    }
    Ok(failures.is_empty())
}

/// The founding example's address, when its `expected.json` gives none.
const FOUNDING_URL: &str = "https://www.inkl.com/news/no-breakthrough-on-ukraine-after-witkoff-putin-talks-in-moscow";

/// What a fixture page declares (`NAME.json` beside `NAME.html`).
#[derive(Debug, Deserialize)]
pub struct Sidecar {
    pub pattern: String,
    #[serde(default)]
    pub url: Option<String>,
    pub wall: WallExpected,
    #[serde(default)]
    pub found: Vec<Expected>,
    #[serde(default)]
    pub kept: Vec<String>,
    #[serde(default)]
    pub absent: Vec<String>,
    #[serde(default)]
    pub once: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct WallExpected {
    pub detected: bool,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(rename = "cutOff", default)]
    pub cut_off: bool,
}

/// One removal a page must report: its kind and the start of its text.
#[derive(Debug, Deserialize)]
pub struct Expected {
    pub kind: RemovalKind,
    pub text: String,
}

/// True and false positives and negatives of one detector.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Tally {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Tally {
    pub fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }
    pub fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }
}

/// The result of a fixture run.
#[derive(Debug, Default)]
pub struct SuiteSummary {
    pub fixtures: usize,
    pub failed: Vec<String>,
    pub negatives: usize,
    pub negatives_touched: Vec<String>,
    pub tallies: BTreeMap<&'static str, Tally>,
}

impl SuiteSummary {
    /// Perfect: every detector at precision and recall 1.0, every check held, no negative touched.
    pub fn perfect(&self) -> bool {
        self.failed.is_empty()
            && self.negatives_touched.is_empty()
            && self.tallies.values().all(|t| t.fp == 0 && t.fn_ == 0)
    }
}

fn detector_name(kind: RemovalKind) -> &'static str {
    match kind {
        RemovalKind::Wall => "wall",
        RemovalKind::Ad => "ad",
        RemovalKind::Promo => "promo",
        RemovalKind::DuplicateCaption => "duplicateCaption",
        RemovalKind::Rule => "rule",
    }
}

fn norm(s: &str) -> String {
    fold_whitespace(s.trim_end_matches('…')).to_lowercase()
}

/// Whether a reported removal is the expected one: same kind, and its text sample and the
/// expected start of text agree (either holds the other; samples are cut at 80 characters).
fn matches(expected: &Expected, kind: RemovalKind, text: &str) -> bool {
    if expected.kind != kind {
        return false;
    }
    let (want, got) = (norm(&expected.text), norm(text));
    want.is_empty() || got.contains(&want) || (!got.is_empty() && want.starts_with(&got))
}

/// Runs one fixture; returns the failures (empty when every declaration held) and adds to
/// the tallies.
pub fn check_fixture(report: &Report, side: &Sidecar, tallies: &mut BTreeMap<&'static str, Tally>) -> Vec<String> {
    let mut failures = Vec::new();
    for name in ["wall", "ad", "promo", "duplicateCaption"] {
        tallies.entry(name).or_default();
    }
    // The wall verdict counts for the wall detector.
    let w = &report.wall;
    let wall_ok = w.detected == side.wall.detected
        && (!side.wall.detected || (w.kind == side.wall.kind && w.cut_off == side.wall.cut_off));
    let t = tallies.entry("wall").or_default();
    match (side.wall.detected, w.detected, wall_ok) {
        (true, _, true) => t.tp += 1,
        (true, false, _) => t.fn_ += 1,
        (true, true, false) => {
            t.fp += 1;
            t.fn_ += 1;
        }
        (false, true, _) => t.fp += 1,
        (false, false, _) => {}
    }
    if !wall_ok {
        failures.push(format!(
            "wall: want detected={} kind={:?} cutOff={}, got detected={} kind={:?} cutOff={} {:?}",
            side.wall.detected, side.wall.kind, side.wall.cut_off, w.detected, w.kind, w.cut_off, w.signals
        ));
    }
    // Each reported removal is claimed by at most one expected entry, and vice versa.
    let mut claimed = vec![false; report.removed.len()];
    for exp in &side.found {
        let hit = report.removed.iter().enumerate().find(|(i, r)| !claimed[*i] && matches(exp, r.kind, &r.text));
        let t = tallies.entry(detector_name(exp.kind)).or_default();
        match hit {
            Some((i, _)) => {
                claimed[i] = true;
                t.tp += 1;
            }
            None => {
                t.fn_ += 1;
                failures.push(format!("missed {}: “{}”", detector_name(exp.kind), exp.text));
            }
        }
    }
    // An undeclared removal that takes no text (a backdrop, a fade layer, an empty slot) costs
    // the reader nothing; one that takes text is a false positive.
    for (i, r) in report.removed.iter().enumerate() {
        if !claimed[i] && !r.text.trim().is_empty() {
            tallies.entry(detector_name(r.kind)).or_default().fp += 1;
            failures.push(format!("unexpected {} ({}): “{}”", detector_name(r.kind), r.reason, r.text));
        }
    }
    let text = fold_whitespace(&report.text_content);
    for k in &side.kept {
        if !text.contains(&fold_whitespace(k)) {
            failures.push(format!("lost: “{}”", folio::page::text::sample(k, 60)));
        }
    }
    for a in &side.absent {
        if text.contains(&fold_whitespace(a)) {
            failures.push(format!("still there: “{}”", folio::page::text::sample(a, 60)));
        }
    }
    for o in &side.once {
        let n = text.matches(&fold_whitespace(o)).count();
        if n != 1 {
            failures.push(format!("{n} times, want once: “{}”", folio::page::text::sample(o, 60)));
        }
    }
    failures
}

/// Whether a fixture is a negative: nothing to find, no wall.
fn is_negative(side: &Sidecar) -> bool {
    side.found.is_empty() && !side.wall.detected
}

/// Runs every fixture in `dir` (pairs of `NAME.html` and `NAME.json`), printing a line each.
/// With `scramble`, every page's class and id names are hashed first.
pub fn run_suite(dir: &Path, out: &mut dyn Write, scramble: bool) -> io::Result<SuiteSummary> {
    let mut names: Vec<String> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.strip_suffix(".html")).map(str::to_string))
        .collect();
    names.sort();
    let mut summary = SuiteSummary::default();
    for name in names {
        let side_path = dir.join(format!("{name}.json"));
        let side: Sidecar = match std::fs::read_to_string(&side_path)
            .map_err(|e| e.to_string())
            .and_then(|s| serde_json::from_str(&s).map_err(|e| e.to_string()))
        {
            Ok(s) => s,
            Err(e) => {
                writeln!(out, "{name:<44} FAIL: sidecar {}: {e}", side_path.display())?;
                summary.failed.push(name);
                continue;
            }
        };
        summary.fixtures += 1;
        let bytes = std::fs::read(dir.join(format!("{name}.html")))?;
        let html = folio::input::html::decode(&bytes).unwrap_or_default();
        let page = match load_page(&html, side.url.as_deref(), scramble) {
            Ok(p) => p,
            Err(e) => {
                writeln!(out, "{name:<44} FAIL: {e}")?;
                summary.failed.push(name);
                continue;
            }
        };
        let report = folio::analyse(page).report;
        let failures = check_fixture(&report, &side, &mut summary.tallies);
        let negative = is_negative(&side);
        if negative {
            summary.negatives += 1;
            if !failures.is_empty() {
                summary.negatives_touched.push(name.clone());
            }
        }
        if failures.is_empty() {
            writeln!(out, "{name:<44} ok{}", if negative { "  (negative)" } else { "" })?;
        } else {
            writeln!(out, "{name:<44} FAIL  [{}]", side.pattern)?;
            for f in &failures {
                writeln!(out, "    {f}")?;
            }
            summary.failed.push(name);
        }
    }
    writeln!(out)?;
    writeln!(
        out,
        "fixtures {}, passing {}, negatives {} (touched {})",
        summary.fixtures,
        summary.fixtures - summary.failed.len(),
        summary.negatives,
        summary.negatives_touched.len()
    )?;
    for (name, t) in &summary.tallies {
        writeln!(
            out,
            "{name:<18} precision {:.3}  recall {:.3}  (tp {}, fp {}, fn {})",
            t.precision(),
            t.recall(),
            t.tp,
            t.fp,
            t.fn_
        )?;
    }
    Ok(summary)
}

/// What the detectors remove of reference articles: per page, the 4-word shingles of removed
/// text that the reference output keeps.
#[derive(Debug, Default)]
pub struct CorpusShare {
    pub expected_shingles: usize,
    pub removed_shingles: usize,
    /// (page, shingles removed, the removals' reasons)
    pub pages: Vec<(String, usize, Vec<String>)>,
}

impl CorpusShare {
    pub fn percent(&self) -> f64 {
        if self.expected_shingles == 0 {
            0.0
        } else {
            100.0 * self.removed_shingles as f64 / self.expected_shingles as f64
        }
    }
}

/// Runs the detectors over each corpus page and measures what they take of `expected.html`.
pub fn corpus_share(dir: &Path, out: &mut dyn Write) -> io::Result<CorpusShare> {
    let mut names: Vec<String> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("source.html").is_file())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .collect();
    names.sort();
    let mut share = CorpusShare::default();
    for name in names {
        let source =
            folio::input::html::decode(&std::fs::read(dir.join(&name).join("source.html"))?).unwrap_or_default();
        let expected =
            folio::input::html::decode(&std::fs::read(dir.join(&name).join("expected.html"))?).unwrap_or_default();
        let (Ok(expected_text), Ok(page)) =
            (folio::text_of_html(&expected), folio::input::html::parse(&source, Some(quality::PAGE_URL)))
        else {
            continue; // the corpus pages are shallow; `folio quality` reports any that is not
        };
        let mut want = quality::shingles(&expected_text);
        share.expected_shingles += want.values().sum::<usize>();
        let meta = folio::metadata::read(&page);
        let findings = folio::detect::run(&page, &meta);
        let mut removed_here = 0;
        let mut reasons = Vec::new();
        let mut take = |text: &str, reason: String, want: &mut std::collections::HashMap<String, usize>| {
            let mut n = 0;
            for (s, c) in quality::shingles(text) {
                if let Some(w) = want.get_mut(&s) {
                    let k = c.min(*w);
                    *w -= k;
                    n += k;
                }
            }
            if n > 0 {
                reasons.push(format!("{reason} ({n})"));
            }
            n
        };
        for f in &findings.removals {
            let why = format!("{}: {}", detector_name(f.removal.kind), f.removal.reason);
            removed_here += take(&page.spaced_text(f.node), why, &mut want);
        }
        for e in &findings.edits {
            // What an edit removes: the shingles of the old text that the new text lacks.
            let old = quality::shingles(page.text(e.node).unwrap_or(""));
            let new = quality::shingles(&e.text);
            let gone: Vec<String> =
                old.into_iter().filter(|(s, c)| new.get(s).copied().unwrap_or(0) < *c).map(|(s, _)| s).collect();
            let why =
                e.removal.as_ref().map(|r| format!("{}: {}", detector_name(r.kind), r.reason)).unwrap_or_default();
            removed_here += take(&gone.join(" "), why, &mut want);
        }
        if removed_here > 0 {
            writeln!(out, "{name:<40} {removed_here:>5} shingles removed: {}", reasons.join("; "))?;
            share.pages.push((name, removed_here, reasons));
        }
        share.removed_shingles += removed_here;
    }
    writeln!(
        out,
        "corpus: detectors removed {:.3}% of the reference text ({} of {} 4-word shingles) on {} page(s)",
        share.percent(),
        share.removed_shingles,
        share.expected_shingles,
        share.pages.len()
    )?;
    Ok(share)
}

#[cfg(test)]
mod tests {
    use super::*;
    use folio::report::{Removal, Wall};

    fn report(removed: Vec<(RemovalKind, &str)>, wall: Wall, text: &str) -> Report {
        Report {
            removed: removed
                .into_iter()
                .map(|(kind, t)| Removal { kind, reason: "r".into(), text: t.into() })
                .collect(),
            wall,
            text_content: text.into(),
            ..Default::default()
        }
    }

    fn side(json: &str) -> Sidecar {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn counts_hits_misses_and_extras() {
        let s = side(
            r#"{"pattern":"p","wall":{"detected":false},"found":[{"kind":"ad","text":"Advertisement"},{"kind":"promo","text":"Related"}],"kept":["Body."]}"#,
        );
        let r = report(
            vec![(RemovalKind::Ad, "Advertisement"), (RemovalKind::Wall, "Subscribe")],
            Wall::default(),
            "Body.",
        );
        let mut t = BTreeMap::new();
        let fails = check_fixture(&r, &s, &mut t);
        assert_eq!(t["ad"], Tally { tp: 1, fp: 0, fn_: 0 });
        assert_eq!(t["promo"], Tally { tp: 0, fp: 0, fn_: 1 });
        assert_eq!(t["wall"], Tally { tp: 0, fp: 1, fn_: 0 });
        assert_eq!(fails.len(), 2);
    }

    #[test]
    fn wall_verdicts_and_text_checks() {
        let s = side(
            r#"{"pattern":"p","wall":{"detected":true,"kind":"overlay","cutOff":false},"kept":["A."],"absent":["B."],"once":["C."]}"#,
        );
        let wall = Wall { detected: true, kind: Some("overlay".into()), cut_off: false, signals: vec![] };
        let mut t = BTreeMap::new();
        assert!(check_fixture(&report(vec![], wall.clone(), "A. C."), &s, &mut t).is_empty());
        assert_eq!(t["wall"].tp, 1);
        let fails = check_fixture(&report(vec![], Wall::default(), "B. C. C."), &s, &mut t);
        assert_eq!(fails.len(), 4, "{fails:?}");
    }

    #[test]
    fn samples_cut_short_still_match() {
        let e = Expected { kind: RemovalKind::Promo, text: "Related Stories The Independent What we know".into() };
        assert!(matches(&e, RemovalKind::Promo, "Related Stories The Independent…"));
        assert!(!matches(&e, RemovalKind::Ad, "Related Stories"));
    }

    #[test]
    fn scrambled_pages_keep_their_text_and_lose_their_names() {
        let html = r#"<div class="promo-box" id="top" data-promo="x"><p class="lede">Text stays.</p></div>"#;
        let page = load_page(html, None, true).unwrap();
        let div = page.find_tag(page.root(), "div").unwrap();
        assert_eq!(page.attr(div, "class"), Some(folio::detect::hashed_name("promo-box").as_str()));
        assert_eq!(page.attr(div, "data-promo"), Some("x"));
        assert_eq!(page.inner_text(div), "Text stays.");
        let plain = load_page(html, None, false).unwrap();
        assert_eq!(plain.attr(plain.find_tag(plain.root(), "div").unwrap(), "class"), Some("promo-box"));
    }
}
