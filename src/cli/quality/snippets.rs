//! `folio quality DIR` on a snippet corpus (`DIR/evaldata.json` + `DIR/pages/`, trafilatura's
//! layout): each page's must-have / must-not-have snippets looked up in the report's text.
//!
//! The metric is the corpus README's, exactly:
//!
//! - Whitespace is normalised (every run of Unicode whitespace is one space, trimmed) in the
//!   report's `text_content` and in each snippet; a snippet is found when it is a substring
//!   (case-sensitive) of the text.
//! - A `with` snippet found is a true positive, one not found a false negative; a `without`
//!   snippet found is a false positive, one not found a true negative. A page that gives no
//!   article (or cannot be read, or panics) has an empty text: its `with` snippets are false
//!   negatives and its `without` ones true negatives.
//! - Precision, recall and F1 are micro-averaged: the counts are summed over all snippets of
//!   all pages, then P = tp / (tp + fp), R = tp / (tp + fn), F1 = 2·tp / (2·tp + fp + fn).
//!
//! The pages are split in two fixed halves by [`half_of`] (FNV-1a 64 of the URL's bytes, even is
//! half A, odd is half B), so that changes tuned on half A can be checked on half B.

use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value;

use folio::Error;

use super::{one_line, panic_message, Outcome};
use crate::stdout::say;

/// The file that marks a snippet corpus.
pub const EVALDATA: &str = "evaldata.json";

/// The folder of saved pages, next to `EVALDATA`.
pub const PAGES: &str = "pages";

/// The floor file the failure message names.
const FLOOR_FILE: &str = "tests/quality/trafilatura-min-f1";

/// Stack size of the worker threads: the main thread's usual 8 MiB, so that a deep page that
/// passes on one thread passes on all of them (spawned threads default to 2 MiB).
const STACK: usize = 8 << 20;

// ---------------------------------------------------------------------------------------------
// The split

/// One of the two fixed halves of the corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Half {
    /// Even hash: the half to tune on.
    A,
    /// Odd hash: the held-out half.
    B,
}

impl Half {
    /// `A` or `B` (either case).
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "A" | "a" => Some(Half::A),
            "B" | "b" => Some(Half::B),
            _ => None,
        }
    }

    /// `half A (tune)` or `half B (held out)`.
    pub fn label(self) -> &'static str {
        match self {
            Half::A => "half A (tune)",
            Half::B => "half B (held out)",
        }
    }
}

impl fmt::Display for Half {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Half::A => "A",
            Half::B => "B",
        })
    }
}

/// FNV-1a, 64 bits: offset basis 0xcbf29ce484222325, prime 0x100000001b3, one byte at a time.
/// Written out here (not `std::hash`) so that the split never changes across Rust versions.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The half a page belongs to: A when the FNV-1a 64 hash of its URL's bytes is even, B when odd.
pub fn half_of(url: &str) -> Half {
    if fnv1a64(url.as_bytes()) % 2 == 0 {
        Half::A
    } else {
        Half::B
    }
}

// ---------------------------------------------------------------------------------------------
// The metric

/// Every run of whitespace (Unicode `White_Space`) is one space; leading and trailing
/// whitespace is dropped.
pub fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Snippet counts, of one page or summed over many.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// `with` snippets found.
    pub tp: usize,
    /// `with` snippets missed.
    pub fn_: usize,
    /// `without` snippets found.
    pub fp: usize,
    /// `without` snippets not found.
    pub tn: usize,
}

impl Counts {
    /// Counts `with` and `without` snippets against an extracted text (both normalised here).
    pub fn of(text: &str, with: &[String], without: &[String]) -> Self {
        let text = normalise(text);
        let found = |s: &String| text.contains(normalise(s).as_str());
        let tp = with.iter().filter(|s| found(s)).count();
        let fp = without.iter().filter(|s| found(s)).count();
        Counts { tp, fn_: with.len() - tp, fp, tn: without.len() - fp }
    }

    /// A page with no text: every `with` missed, every `without` rightly absent.
    pub fn empty(with: usize, without: usize) -> Self {
        Counts { tp: 0, fn_: with, fp: 0, tn: without }
    }

    pub fn add(&mut self, other: Counts) {
        self.tp += other.tp;
        self.fn_ += other.fn_;
        self.fp += other.fp;
        self.tn += other.tn;
    }

    /// tp / (tp + fp); 0 when nothing was found.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    /// tp / (tp + fn); 0 when there is nothing to find.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// 2·tp / (2·tp + fp + fn); 0 when all three are 0.
    pub fn f1(&self) -> f64 {
        ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_)
    }

    /// `F1 0.886, P 0.869, R 0.905 (tp 1260, fn 133, fp 190, tn 1209)`
    pub fn scores(&self) -> String {
        format!(
            "F1 {:.3}, P {:.3}, R {:.3} (tp {}, fn {}, fp {}, tn {})",
            self.f1(),
            self.precision(),
            self.recall(),
            self.tp,
            self.fn_,
            self.fp,
            self.tn
        )
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

// ---------------------------------------------------------------------------------------------
// The corpus

/// One page of `evaldata.json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The page's address (the key in `evaldata.json`), given to the core.
    pub url: String,
    /// The saved page, under `pages/`.
    pub file: String,
    pub with: Vec<String>,
    pub without: Vec<String>,
}

/// Parses `evaldata.json`: `{ "<url>": { "file": "NAME.html", "with": [...], "without": [...] } }`
/// (other keys are ignored; a missing `with` or `without` is empty). Sorted by file name, then URL.
pub fn parse_evaldata(json: &str) -> Result<Vec<Entry>, String> {
    let root: Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let Value::Object(map) = root else {
        return Err("expected an object of page URL -> {file, with, without}".into());
    };
    let mut entries = Vec::with_capacity(map.len());
    for (url, v) in map {
        let file = match v.get("file") {
            Some(Value::String(f)) if !f.trim().is_empty() => f.clone(),
            _ => return Err(format!("`{url}`: no \"file\"")),
        };
        let list = |key: &str| -> Result<Vec<String>, String> {
            match v.get(key) {
                None | Some(Value::Null) => Ok(Vec::new()),
                Some(Value::Array(items)) => items
                    .iter()
                    .map(|s| {
                        s.as_str().map(str::to_string).ok_or_else(|| format!("`{url}`: \"{key}\" holds a non-string"))
                    })
                    .collect(),
                Some(_) => Err(format!("`{url}`: \"{key}\" is not a list")),
            }
        };
        entries.push(Entry { with: list("with")?, without: list("without")?, url, file });
    }
    entries.sort_by(|a, b| (&a.file, &a.url).cmp(&(&b.file, &b.url)));
    Ok(entries)
}

/// Reads `dir/evaldata.json`.
pub fn load(dir: &Path) -> io::Result<Vec<Entry>> {
    let json = fs::read_to_string(dir.join(EVALDATA))?;
    let entries =
        parse_evaldata(&json).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("{EVALDATA}: {e}")))?;
    if entries.is_empty() {
        return Err(io::Error::new(io::ErrorKind::NotFound, format!("no pages in {}", dir.join(EVALDATA).display())));
    }
    Ok(entries)
}

// ---------------------------------------------------------------------------------------------
// One page

/// One page's row.
#[derive(Debug, Clone, PartialEq)]
pub struct PageResult {
    pub file: String,
    pub url: String,
    pub half: Half,
    pub outcome: Outcome,
    pub counts: Counts,
    /// Time spent in the core for this page.
    pub time: Duration,
}

impl PageResult {
    /// Scores a text (or, with `None`, no text) against an entry's snippets.
    pub fn new(entry: &Entry, outcome: Outcome, text: Option<&str>, time: Duration) -> Self {
        let counts = match text {
            Some(t) => Counts::of(t, &entry.with, &entry.without),
            None => Counts::empty(entry.with.len(), entry.without.len()),
        };
        PageResult {
            file: entry.file.clone(),
            url: entry.url.clone(),
            half: half_of(&entry.url),
            outcome,
            counts,
            time,
        }
    }

    /// `NAME.html  tp 3 fn 1 fp 0 tn 3  A  no article`
    pub fn row(&self, width: usize) -> String {
        let c = &self.counts;
        let mut s = format!("{:<width$}  tp {} fn {} fp {} tn {}  {}", self.file, c.tp, c.fn_, c.fp, c.tn, self.half);
        match &self.outcome {
            Outcome::Report => {}
            Outcome::NoArticle => s.push_str("  no article"),
            Outcome::Error(e) => s.push_str(&format!("  error: {}", one_line(e))),
            Outcome::Panic(e) => s.push_str(&format!("  panic: {}", one_line(e))),
        }
        s
    }
}

/// Reads, decodes and extracts one page (`dir/pages/<file>`) with its URL, and counts its
/// snippets. Never fails: problems become an `Error` or `Panic` outcome with an empty text.
pub fn score_page(dir: &Path, entry: &Entry) -> PageResult {
    let failed = |outcome: Outcome, time: Duration| PageResult::new(entry, outcome, None, time);
    let bytes = match fs::read(dir.join(PAGES).join(&entry.file)) {
        Ok(b) => b,
        Err(e) => return failed(Outcome::Error(format!("{PAGES}/{}: {e}", entry.file)), Duration::ZERO),
    };
    let t0 = Instant::now();
    let extracted = catch_unwind(AssertUnwindSafe(|| {
        let html = folio::input::html::decode(&bytes)?;
        folio::extract(&html, Some(&entry.url))
    }));
    let time = t0.elapsed();
    match extracted {
        Ok(Ok(report)) => PageResult::new(entry, Outcome::Report, Some(&report.text_content), time),
        Ok(Err(Error::NoArticle(_))) => failed(Outcome::NoArticle, time),
        Ok(Err(e)) => failed(Outcome::Error(e.to_string()), time),
        Err(payload) => failed(Outcome::Panic(panic_message(payload)), time),
    }
}

/// Scores every entry, on up to `threads` threads; results in the order of `entries`.
pub fn score_all(dir: &Path, entries: &[Entry], threads: usize) -> Vec<PageResult> {
    let threads = threads.clamp(1, entries.len().max(1));
    if threads == 1 {
        return entries.iter().map(|e| score_page(dir, e)).collect();
    }
    // Workers take the next page from a shared counter (pages differ a lot in size, so fixed
    // chunks would leave cores idle), and each returns its (index, result) pairs.
    let next = AtomicUsize::new(0);
    let mut slots: Vec<Option<PageResult>> = vec![None; entries.len()];
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                std::thread::Builder::new()
                    .stack_size(STACK)
                    .spawn_scoped(s, || {
                        let mut done = Vec::new();
                        loop {
                            let i = next.fetch_add(1, Ordering::Relaxed);
                            let Some(entry) = entries.get(i) else { break };
                            done.push((i, score_page(dir, entry)));
                        }
                        done
                    })
                    .expect("spawn a quality worker thread")
            })
            .collect();
        for w in workers {
            // score_page catches the core's panics, so a worker only dies on a bug here.
            for (i, r) in w.join().expect("quality worker thread") {
                slots[i] = Some(r);
            }
        }
    });
    slots.into_iter().map(|r| r.expect("every page scored")).collect()
}

// ---------------------------------------------------------------------------------------------
// The run

/// The whole run, for the command line to print and to judge.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Summed over every page run.
    pub counts: Counts,
    /// Summed over the pages of each half that ran (`None` for a half left out by `--half`).
    pub half_a: Option<Counts>,
    pub half_b: Option<Counts>,
    pub pages: usize,
    pub no_article: usize,
    pub errors: usize,
    pub panics: usize,
    pub wall_time: Duration,
    /// Sorted by file name.
    pub results: Vec<PageResult>,
}

impl Summary {
    pub fn from_results(results: Vec<PageResult>, wall_time: Duration) -> Self {
        let mut counts = Counts::default();
        let (mut a, mut b) = (None::<Counts>, None::<Counts>);
        for r in &results {
            counts.add(r.counts);
            let half = if r.half == Half::A { &mut a } else { &mut b };
            half.get_or_insert_with(Counts::default).add(r.counts);
        }
        let count = |f: fn(&Outcome) -> bool| results.iter().filter(|r| f(&r.outcome)).count();
        Summary {
            counts,
            half_a: a,
            half_b: b,
            pages: results.len(),
            no_article: count(|o| matches!(o, Outcome::NoArticle)),
            errors: count(|o| matches!(o, Outcome::Error(_))),
            panics: count(|o| matches!(o, Outcome::Panic(_))),
            wall_time,
            results,
        }
    }

    /// The F1 difference between the halves, when both ran.
    pub fn gap(&self) -> Option<f64> {
        Some((self.half_a?.f1() - self.half_b?.f1()).abs())
    }

    /// `quality: snippets F1 0.886, P 0.869, R 0.905 (tp 1260, fn 133, fp 190, tn 1209), pages
    /// 467, no article 9, errors 0, panics 0`
    pub fn summary_line(&self) -> String {
        format!(
            "quality: snippets {}, pages {}, no article {}, errors {}, panics {}",
            self.counts.scores(),
            self.pages,
            self.no_article,
            self.errors,
            self.panics
        )
    }

    /// The last line: each half's scores and the gap, e.g. `quality: half A (tune) F1 0.890,
    /// P …, R …, pages 230, half B (held out) F1 0.882, P …, R …, pages 237, gap 0.008`. With
    /// `--half`, only the half that ran.
    pub fn split_line(&self) -> String {
        let half = |h: Half, c: &Counts| {
            let pages = self.results.iter().filter(|r| r.half == h).count();
            format!("{} F1 {:.3}, P {:.3}, R {:.3}, pages {pages}", h.label(), c.f1(), c.precision(), c.recall())
        };
        let mut parts = Vec::new();
        if let Some(c) = &self.half_a {
            parts.push(half(Half::A, c));
        }
        if let Some(c) = &self.half_b {
            parts.push(half(Half::B, c));
        }
        if let Some(gap) = self.gap() {
            parts.push(format!("gap {gap:.3}"));
        }
        format!("quality: {}", parts.join(", "))
    }

    /// Why the run should fail (empty when it passes): F1 below `min_f1`, a gap between the
    /// halves above `max_gap`, any panic.
    pub fn problems(&self, min_f1: Option<f64>, max_gap: Option<f64>) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(min) = min_f1 {
            let f1 = self.counts.f1();
            if f1 < min {
                out.push(format!("snippet F1 {f1:.4} is below the threshold {min} ({FLOOR_FILE})"));
            }
        }
        if let (Some(max), Some(gap)) = (max_gap, self.gap()) {
            if gap > max {
                out.push(format!(
                    "the halves' F1 differ by {gap:.4} (half A {:.4}, half B {:.4}), more than {max}",
                    self.half_a.unwrap_or_default().f1(),
                    self.half_b.unwrap_or_default().f1()
                ));
            }
        }
        if self.panics > 0 {
            let names: Vec<String> = self
                .results
                .iter()
                .filter(|r| matches!(r.outcome, Outcome::Panic(_)))
                .map(|r| r.file.clone())
                .collect();
            out.push(format!("{} page(s) panicked: {}", self.panics, super::some(&names)));
        }
        out
    }

    fn write_block(&self, out: &mut dyn Write) -> io::Result<()> {
        let c = &self.counts;
        writeln!(out)?;
        writeln!(out, "pages            {}", self.pages)?;
        writeln!(out, "snippets with    {} (found {}, missed {})", c.tp + c.fn_, c.tp, c.fn_)?;
        writeln!(out, "snippets without {} (found {}, absent {})", c.fp + c.tn, c.fp, c.tn)?;
        writeln!(out, "no article       {}", self.no_article)?;
        writeln!(out, "errors           {}", self.errors)?;
        writeln!(out, "panics           {}", self.panics)?;
        if let Some(slow) = self.results.iter().max_by_key(|r| r.time) {
            writeln!(out, "slowest page     {} ({} ms)", slow.file, slow.time.as_millis())?;
        }
        writeln!(out, "wall time        {:.2} s", self.wall_time.as_secs_f64())?;
        writeln!(out, "{}", self.summary_line())?;
        writeln!(out, "{}", self.split_line())
    }
}

/// Whether `dir` holds a snippet corpus.
pub fn is_snippet_corpus(dir: &Path) -> bool {
    dir.join(EVALDATA).is_file()
}

/// Runs the core over the pages of the snippet corpus in `dir` (only those of `half`, if given)
/// on the machine's cores, writing one row per page (by file name) and then the summary.
pub fn run(dir: &Path, half: Option<Half>, out: &mut dyn Write) -> io::Result<Summary> {
    let start = Instant::now();
    let mut entries = load(dir)?;
    if let Some(h) = half {
        entries.retain(|e| half_of(&e.url) == h);
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let results = score_all(dir, &entries, threads);
    let width = results.iter().map(|r| r.file.chars().count()).max().unwrap_or(0);
    for r in &results {
        writeln!(out, "{}", r.row(width))?;
    }
    let summary = Summary::from_results(results, start.elapsed());
    summary.write_block(out)?;
    Ok(summary)
}

/// `folio quality DIR [--min-f1 X] [--max-gap X] [--half A|B]` on a snippet corpus.
pub fn command(dir: &Path, min_f1: Option<f64>, max_gap: Option<f64>, half: Option<Half>) -> ExitCode {
    let stdout = io::stdout();
    let summary = match run(dir, half, &mut stdout.lock()) {
        Ok(s) => s,
        Err(e) => {
            say!("folio quality: {}: {e}", dir.display());
            return ExitCode::from(2);
        }
    };
    let problems = summary.problems(min_f1, max_gap);
    for p in &problems {
        say!("folio quality: FAIL: {p}");
    }
    if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn entry(url: &str, file: &str, with: &[&str], without: &[&str]) -> Entry {
        Entry { url: url.into(), file: file.into(), with: strings(with), without: strings(without) }
    }

    #[test]
    fn normalise_collapses_and_trims_whitespace() {
        assert_eq!(normalise("  a \t b\n\n c  "), "a b c");
        assert_eq!(normalise("no\u{a0}break\u{2009}thin\u{3000}ideo"), "no break thin ideo");
        assert_eq!(normalise(" \n\t "), "");
        assert_eq!(normalise("Case Kept"), "Case Kept");
    }

    #[test]
    fn counts_match_normalised_substrings() {
        let text = "Title\n\nThe first  paragraph\nruns on.\n\nImpressum";
        let c = Counts::of(
            text,
            &strings(&["first paragraph runs on.", "  The first\tparagraph ", "not there", "the first paragraph"]),
            &strings(&["Impressum", "Related stories", "Title The"]),
        );
        // found across a line break; found with padding; missing; case matters
        assert_eq!(c, Counts { tp: 2, fn_: 2, fp: 2, tn: 1 });
        assert!(close(c.precision(), 0.5) && close(c.recall(), 0.5) && close(c.f1(), 0.5));
    }

    #[test]
    fn micro_averages_sum_counts_over_pages() {
        let mut total = Counts::default();
        total.add(Counts { tp: 9, fn_: 1, fp: 0, tn: 3 });
        total.add(Counts { tp: 1, fn_: 1, fp: 2, tn: 0 });
        assert_eq!(total, Counts { tp: 10, fn_: 2, fp: 2, tn: 3 });
        assert!(close(total.precision(), 10.0 / 12.0) && close(total.recall(), 10.0 / 12.0));
        assert!(close(total.f1(), 20.0 / 24.0));
        // not the mean of the page F1s (0.947 and 0.4)
        assert!(!close(total.f1(), (18.0 / 19.0 + 0.4) / 2.0));
        assert_eq!(Counts::default().f1(), 0.0);
        assert_eq!(
            Counts { tp: 1260, fn_: 133, fp: 190, tn: 1209 }.scores(),
            "F1 0.886, P 0.869, R 0.905 (tp 1260, fn 133, fp 190, tn 1209)"
        );
    }

    #[test]
    fn a_page_without_text_misses_every_with_and_finds_no_without() {
        let e = entry("https://example.org/", "a.html", &["x", "y"], &["z", "w", "v"]);
        for outcome in [Outcome::NoArticle, Outcome::Error("unreadable".into()), Outcome::Panic("boom".into())] {
            let r = PageResult::new(&e, outcome, None, Duration::ZERO);
            assert_eq!(r.counts, Counts { tp: 0, fn_: 2, fp: 0, tn: 3 });
        }
        let r = PageResult::new(&e, Outcome::NoArticle, None, Duration::ZERO);
        assert!(r.row(8).ends_with("tn 3  B  no article"), "{}", r.row(8));
        let r = PageResult::new(&e, Outcome::Error("bad\n  bytes".into()), None, Duration::ZERO);
        assert!(r.row(6).starts_with("a.html  tp 0 fn 2 fp 0 tn 3  B  error: bad bytes"), "{}", r.row(6));
    }

    #[test]
    fn split_is_fnv1a64_of_the_url_and_never_changes() {
        // FNV-1a 64 reference values.
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
        // Pinned halves of corpus URLs (and their hashes).
        let a = "https://die-partei.net/luebeck/2012/05/31/das-ministerium-fur-club-kultur-informiert/";
        assert_eq!(fnv1a64(a.as_bytes()), 0xfd52_3de2_5560_f50a);
        assert_eq!(half_of(a), Half::A);
        assert_eq!(half_of("https://www.ebrosia.de/beringer-zinfandel-rose-stone-cellars-lieblich-suess"), Half::A);
        let b = "https://www.austria.info/de/aktivitaten/radfahren/radfahren-in-der-weltstadt-salzburg";
        assert_eq!(fnv1a64(b.as_bytes()), 0x0cfb_c293_401e_7063);
        assert_eq!(half_of(b), Half::B);
        assert_eq!(half_of("https://example.org/"), Half::B);
        assert_eq!(Half::parse("a"), Some(Half::A));
        assert_eq!(Half::parse("B"), Some(Half::B));
        assert_eq!(Half::parse("C"), None);
    }

    #[test]
    fn evaldata_parses_and_sorts_by_file() {
        let json = r#"{
            "https://b.example/": {"file": "b.html", "with": ["one"], "without": ["two", "three"], "title": "x"},
            "https://a.example/": {"file": "a.html", "with": [], "without": null}
        }"#;
        let e = parse_evaldata(json).unwrap();
        assert_eq!(e[0], entry("https://a.example/", "a.html", &[], &[]));
        assert_eq!(e[1], entry("https://b.example/", "b.html", &["one"], &["two", "three"]));
        assert!(parse_evaldata(r#"{"u": {"with": []}}"#).unwrap_err().contains("no \"file\""));
        assert!(parse_evaldata(r#"{"u": {"file": "f", "with": [1]}}"#).unwrap_err().contains("non-string"));
        assert!(parse_evaldata("[]").is_err());
    }

    #[test]
    fn summary_lines_halves_and_problems() {
        let page = |url: &str, file: &str, c: Counts, outcome: Outcome| PageResult {
            file: file.into(),
            url: url.into(),
            half: half_of(url),
            outcome,
            counts: c,
            time: Duration::from_millis(1),
        };
        let a = "https://die-partei.net/luebeck/2012/05/31/das-ministerium-fur-club-kultur-informiert/";
        let b = "https://example.org/";
        let s = Summary::from_results(
            vec![
                page(a, "a.html", Counts { tp: 3, fn_: 1, fp: 0, tn: 2 }, Outcome::Report),
                page(b, "b.html", Counts { tp: 0, fn_: 2, fp: 0, tn: 2 }, Outcome::NoArticle),
                page(b, "c.html", Counts { tp: 2, fn_: 0, fp: 2, tn: 0 }, Outcome::Panic("boom".into())),
            ],
            Duration::from_secs(1),
        );
        assert_eq!(s.counts, Counts { tp: 5, fn_: 3, fp: 2, tn: 4 });
        assert_eq!(
            s.summary_line(),
            "quality: snippets F1 0.667, P 0.714, R 0.625 (tp 5, fn 3, fp 2, tn 4), pages 3, no article 1, \
             errors 0, panics 1"
        );
        // A: 6/7 = 0.857; B: tp 2, fn 2, fp 2 -> 0.5
        assert!(close(s.gap().unwrap(), 6.0 / 7.0 - 0.5));
        assert_eq!(
            s.split_line(),
            "quality: half A (tune) F1 0.857, P 1.000, R 0.750, pages 1, half B (held out) F1 0.500, \
             P 0.500, R 0.500, pages 2, gap 0.357"
        );
        assert_eq!(s.problems(Some(0.6), Some(0.4)), ["1 page(s) panicked: c.html"]);
        let p = s.problems(Some(0.7), Some(0.3));
        assert_eq!(p.len(), 3, "{p:?}");
        assert!(p[0].starts_with("snippet F1 0.6667 is below the threshold 0.7"), "{}", p[0]);
        assert!(p[1].starts_with("the halves' F1 differ by 0.3571"), "{}", p[1]);

        // One half only: no gap, and --max-gap has nothing to judge.
        let s = Summary::from_results(
            vec![page(b, "b.html", Counts { tp: 1, fn_: 1, fp: 0, tn: 0 }, Outcome::Report)],
            Duration::ZERO,
        );
        assert_eq!(s.gap(), None);
        assert_eq!(s.split_line(), "quality: half B (held out) F1 0.667, P 1.000, R 0.500, pages 1");
        assert!(s.problems(None, Some(0.0)).is_empty());
    }

    #[test]
    fn run_over_a_tiny_corpus() {
        let dir = std::env::temp_dir().join(format!("folio-quality-snippets-test-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join(PAGES)).unwrap();
        let article = "<html><head><title>T</title></head><body><nav>Home | Impressum</nav><article>\
                       <h1>A story</h1><p>The first paragraph of a long story, with enough words in it to \
                       count as an article, and more words, and more still, going on.</p><p>The second \
                       paragraph says something else entirely, at some length, as articles do, and ends.</p>\
                       </article></body></html>";
        fs::write(dir.join(PAGES).join("p1.html"), article).unwrap();
        fs::write(dir.join(PAGES).join("p2.html"), "").unwrap();
        let json = serde_json::json!({
            "https://example.org/": {"file": "p2.html", "with": ["x"], "without": ["y", "z"]},
            "https://die-partei.net/luebeck/2012/05/31/das-ministerium-fur-club-kultur-informiert/":
                {"file": "p1.html", "with": ["The second paragraph  says"], "without": ["Impressum"]},
            "https://example.org/missing": {"file": "gone.html", "with": ["x"], "without": []}
        });
        fs::write(dir.join(EVALDATA), json.to_string()).unwrap();
        assert!(is_snippet_corpus(&dir));

        let mut out = Vec::new();
        let s = run(&dir, None, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(s.pages, 3);
        assert!(lines[0].starts_with("gone.html  tp 0 fn 1 fp 0 tn 0  B  error: pages/gone.html"), "{text}");
        assert!(lines[1].starts_with("p1.html    tp "), "{text}");
        assert!(lines[2].starts_with("p2.html    tp 0 fn 1 fp 0 tn 2  B  error: "), "{text}");
        assert_eq!(s.errors, 2);
        assert_eq!(s.panics, 0);
        let p1 = &s.results[1];
        assert_eq!(p1.half, Half::A);
        assert_eq!(p1.counts.tp + p1.counts.fn_, 1);
        assert_eq!(p1.counts.fp + p1.counts.tn, 1);
        assert!(lines[lines.len() - 2].starts_with("quality: snippets F1 "), "{text}");
        assert!(lines[lines.len() - 1].starts_with("quality: half A (tune) F1 "), "{text}");
        assert!(lines[lines.len() - 1].contains(", gap "), "{text}");

        // The same on one thread, and one half alone.
        let entries = load(&dir).unwrap();
        let untimed = |threads| {
            let mut rs = score_all(&dir, &entries, threads);
            rs.iter_mut().for_each(|r| r.time = Duration::ZERO);
            rs
        };
        assert_eq!(untimed(1), untimed(3));
        let s = run(&dir, Some(Half::A), &mut Vec::new()).unwrap();
        assert_eq!(s.pages, 1);
        assert_eq!(s.results[0].file, "p1.html");
        let _ = fs::remove_dir_all(&dir);
    }
}
