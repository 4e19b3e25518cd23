//! `folio quality DIR [--allow FILE] [--min-f1 X]`: scores the core against a corpus laid out like
//! Mozilla Readability's test pages, `DIR/<page>/{source.html, expected.html,
//! expected-metadata.json}`.
//!
//! - Text: 4-token shingles of the report's `text_content` against those of the text of
//!   `expected.html` (multiset compare). Per page tp/fp/fn are normalised to sum to 1, giving a
//!   page precision and recall; the corpus score is the mean precision and mean recall over all
//!   pages and the F1 of those two means.
//! - Metadata: per field, the share of pages whose value matches the expected one after
//!   trimming and collapsing whitespace (null, missing and empty are all equal).
//! - Failing pages (F1 below 0.5, an error or a panic) must be on the allow-list, a text file of
//!   `page-name  reason…` lines, or the run has a problem (see [`Summary::problems`]).
//!
//! A folder holding an `evaldata.json` is a snippet corpus instead (trafilatura's layout, must-have
//! and must-not-have snippets per page): see [`snippets`], which also takes `--max-gap X` and
//! `--half A|B`.
//!
//! Part of the command line (it reads files): plain std + serde_json over the core's public API.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::stdout::say;
use crate::usage_error;
use folio::{Error, Report};

/// The page address Readability's own tests use; relative links resolve against it.
pub const PAGE_URL: &str = "http://fakehost/test/page.html";

/// Shingle width, in tokens.
pub const SHINGLE: usize = 4;

/// A page whose F1 is below this fails, unless it is allow-listed.
pub const LOW_F1: f64 = 0.5;

/// The metadata fields compared, in report order (keys of `expected-metadata.json`).
pub const FIELDS: [&str; 8] = ["title", "byline", "excerpt", "siteName", "publishedTime", "lang", "dir", "readerable"];

mod snippets;

/// `folio quality DIR [--allow FILE] [--min-f1 X] [--max-gap X] [--half A|B]`: `--allow` is for
/// a Readability-layout corpus only, `--max-gap` and `--half` for a snippet corpus only.
pub fn command(args: &[String]) -> ExitCode {
    let mut dir: Option<PathBuf> = None;
    let mut allow_file: Option<PathBuf> = None;
    let mut min_f1: Option<f64> = None;
    let mut max_gap: Option<f64> = None;
    let mut half: Option<snippets::Half> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--allow" => allow_file = it.next().map(PathBuf::from),
            "--min-f1" => match it.next().and_then(|v| v.parse().ok()) {
                Some(x) => min_f1 = Some(x),
                None => return usage_error("--min-f1 needs a number"),
            },
            "--max-gap" => match it.next().and_then(|v| v.parse().ok()) {
                Some(x) => max_gap = Some(x),
                None => return usage_error("--max-gap needs a number"),
            },
            "--half" => match it.next().and_then(|v| snippets::Half::parse(v)) {
                Some(h) => half = Some(h),
                None => return usage_error("--half needs A or B"),
            },
            _ if dir.is_none() && !a.starts_with("--") => dir = Some(PathBuf::from(a)),
            _ => return usage_error(&format!("unexpected argument '{a}'")),
        }
    }
    let Some(dir) = dir else {
        return usage_error("quality needs a DIR");
    };
    if snippets::is_snippet_corpus(&dir) {
        if allow_file.is_some() {
            return usage_error(&format!(
                "--allow is for a Readability-layout corpus, not a snippet corpus ({})",
                dir.display()
            ));
        }
        if max_gap.is_some() && half.is_some() {
            return usage_error("--max-gap compares the two halves, so it cannot go with --half");
        }
        return snippets::command(&dir, min_f1, max_gap, half);
    }
    if max_gap.is_some() || half.is_some() {
        return usage_error(&format!(
            "--max-gap and --half are for a snippet corpus (a folder with {}), not {}",
            snippets::EVALDATA,
            dir.display()
        ));
    }
    let allow = match &allow_file {
        Some(f) => match Allowlist::load(f, &dir) {
            Ok(a) => a,
            Err(e) => {
                say!("folio quality: {e}");
                return ExitCode::from(2);
            }
        },
        None => Allowlist::new(),
    };
    let stdout = std::io::stdout();
    let summary = match run(&dir, &allow, &mut stdout.lock()) {
        Ok(s) => s,
        Err(e) => {
            say!("folio quality: {}: {e}", dir.display());
            return ExitCode::from(2);
        }
    };
    let problems = summary.problems(min_f1);
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
// Allow-list

/// Pages allowed to fail, each with a reason.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Allowlist {
    entries: BTreeMap<String, String>,
}

/// A bad allow-list line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowlistError {
    /// 1-based line number.
    pub line: usize,
    pub message: String,
}

impl fmt::Display for AllowlistError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for AllowlistError {}

impl Allowlist {
    /// An empty allow-list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Parses `page-name  reason…` lines. Blank lines and lines starting with `#` (after
    /// leading whitespace) are ignored; a `#` later in a line is part of the reason. Every page
    /// must be one of `known` and appear once, and every entry needs a reason.
    pub fn parse(text: &str, known: &[String]) -> Result<Self, AllowlistError> {
        let mut entries = BTreeMap::new();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let err = |message: String| AllowlistError { line: i + 1, message };
            let (name, reason) = match line.split_once(char::is_whitespace) {
                Some((name, reason)) => (name, collapse_ws(reason)),
                None => (line, String::new()),
            };
            if reason.is_empty() {
                return Err(err(format!("`{name}` has no reason (expected `page-name  reason…`)")));
            }
            if !known.iter().any(|k| k == name) {
                return Err(err(format!("unknown page `{name}`")));
            }
            if entries.insert(name.to_string(), reason).is_some() {
                return Err(err(format!("`{name}` is listed twice")));
            }
        }
        Ok(Self { entries })
    }

    /// Reads and parses an allow-list file, checking its page names against the corpus in `dir`.
    /// Errors name the file and the line.
    pub fn load(file: &Path, dir: &Path) -> io::Result<Self> {
        let text = fs::read_to_string(file)?;
        let known = page_names(dir)?;
        Self::parse(&text, &known)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("{}: {e}", file.display())))
    }

    /// The reason a page is allowed to fail, if it is.
    pub fn reason(&self, page: &str) -> Option<&str> {
        self.entries.get(page).map(String::as_str)
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

// ---------------------------------------------------------------------------------------------
// Text scoring

/// The `\w+` runs of `text` (Unicode alphanumerics and `_`), lowercased.
pub fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|t| !t.is_empty()).map(str::to_lowercase).collect()
}

/// The multiset of consecutive `SHINGLE`-token windows of `text`, each joined by a space. A
/// text with fewer tokens gives one shingle of all of them, if it has any.
pub fn shingles(text: &str) -> HashMap<String, usize> {
    let toks = tokens(text);
    let mut out = HashMap::new();
    if toks.is_empty() {
        return out;
    }
    if toks.len() < SHINGLE {
        out.insert(toks.join(" "), 1);
        return out;
    }
    for w in toks.windows(SHINGLE) {
        *out.entry(w.join(" ")).or_insert(0) += 1;
    }
    out
}

/// One page's text match: normalised counts (tp + fp + fn = 1, or all 0 when both texts are
/// empty) and the precision, recall and F1 they give.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextScore {
    pub tp: f64,
    pub fp: f64,
    pub fn_: f64,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl TextScore {
    /// Scores `got` (the extractor's text) against `want` (the reference text).
    pub fn compare(got: &str, want: &str) -> Self {
        Self::from_shingles(&shingles(got), &shingles(want))
    }

    pub fn from_shingles(got: &HashMap<String, usize>, want: &HashMap<String, usize>) -> Self {
        let n_got: usize = got.values().sum();
        let n_want: usize = want.values().sum();
        let tp: usize = got.iter().map(|(k, &n)| n.min(want.get(k).copied().unwrap_or(0))).sum();
        Self::from_counts(tp, n_got - tp, n_want - tp)
    }

    /// From raw counts: true positives, false positives (extra shingles), false negatives
    /// (missed shingles).
    pub fn from_counts(tp: usize, fp: usize, fn_: usize) -> Self {
        let total = (tp + fp + fn_) as f64;
        if total == 0.0 {
            // Both sides empty: a perfect (empty) match.
            return Self { tp: 0.0, fp: 0.0, fn_: 0.0, precision: 1.0, recall: 1.0, f1: 1.0 };
        }
        let (tp, fp, fn_) = (tp as f64 / total, fp as f64 / total, fn_ as f64 / total);
        let precision = if tp + fp > 0.0 { tp / (tp + fp) } else { 0.0 };
        let recall = if tp + fn_ > 0.0 { tp / (tp + fn_) } else { 0.0 };
        Self { tp, fp, fn_, precision, recall, f1: f1(precision, recall) }
    }
}

/// The harmonic mean of precision and recall (0 when both are 0).
pub fn f1(precision: f64, recall: f64) -> f64 {
    if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    }
}

/// Mean precision, mean recall and the F1 of those means over `(precision, recall)` pairs.
pub fn aggregate(scores: &[(f64, f64)]) -> (f64, f64, f64) {
    if scores.is_empty() {
        return (0.0, 0.0, 0.0);
    }
    let n = scores.len() as f64;
    let p = scores.iter().map(|s| s.0).sum::<f64>() / n;
    let r = scores.iter().map(|s| s.1).sum::<f64>() / n;
    (p, r, f1(p, r))
}

// ---------------------------------------------------------------------------------------------
// Metadata scoring

/// Trims and collapses whitespace runs to one space.
pub fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A metadata value as compared: `None` for null, missing or blank.
fn norm(v: Option<&str>) -> Option<String> {
    v.map(collapse_ws).filter(|s| !s.is_empty())
}

fn report_field<'a>(r: &'a Report, field: &str) -> Option<&'a str> {
    match field {
        "title" => r.title.as_deref(),
        "byline" => r.byline.as_deref(),
        "excerpt" => r.excerpt.as_deref(),
        "siteName" => r.site_name.as_deref(),
        "publishedTime" => r.published_time.as_deref(),
        "lang" => r.lang.as_deref(),
        "dir" => r.dir.as_deref(),
        _ => None,
    }
}

/// The fields of `FIELDS` on which `report` differs from `expected` (an
/// `expected-metadata.json` object).
pub fn meta_mismatches(report: &Report, expected: &Value) -> Vec<&'static str> {
    FIELDS
        .iter()
        .copied()
        .filter(|&field| {
            if field == "readerable" {
                // Missing counts as true: Readability's corpus lists it on every page.
                let want = expected.get(field).and_then(Value::as_bool).unwrap_or(true);
                return report.readerable != want;
            }
            let want = match expected.get(field) {
                Some(Value::String(s)) => Some(s.as_str()),
                _ => None,
            };
            norm(report_field(report, field)) != norm(want)
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The run

/// How the core fared on one page.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A report.
    Report,
    /// `Error::NoArticle`. On Readability's pages, on a page the corpus marks not readerable:
    /// scored as an empty, not-readerable report, not an error. On a snippet corpus: an empty
    /// text.
    NoArticle,
    /// Any other error (including missing corpus files and undecodable pages).
    Error(String),
    /// The core panicked (an empty text on a snippet corpus).
    Panic(String),
}

/// One page's row.
#[derive(Debug, Clone, PartialEq)]
pub struct PageResult {
    pub name: String,
    pub outcome: Outcome,
    pub text: TextScore,
    /// Metadata fields that did not match (all of them on an error or panic).
    pub meta_mismatches: Vec<&'static str>,
    /// Why the page may fail, if it is allow-listed.
    pub allow: Option<String>,
    /// Time spent in the core for this page.
    pub time: Duration,
}

impl PageResult {
    /// Below `LOW_F1`, or an error or panic.
    pub fn failing(&self) -> bool {
        self.text.f1 < LOW_F1 || matches!(self.outcome, Outcome::Error(_) | Outcome::Panic(_))
    }

    /// Failing and not allow-listed.
    pub fn unexcused(&self) -> bool {
        self.failing() && self.allow.is_none()
    }

    /// The page's output line.
    pub fn row(&self, width: usize) -> String {
        let mut s = format!(
            "{:<width$}  f1={:.3} p={:.2} r={:.2}  meta={}/{}",
            self.name,
            self.text.f1,
            self.text.precision,
            self.text.recall,
            FIELDS.len() - self.meta_mismatches.len(),
            FIELDS.len(),
        );
        if !self.meta_mismatches.is_empty() {
            s.push_str(&format!(" [{}]", self.meta_mismatches.join(" ")));
        }
        match &self.outcome {
            Outcome::Error(e) => s.push_str(&format!("  ERROR: {}", one_line(e))),
            Outcome::Panic(e) => s.push_str(&format!("  PANIC: {}", one_line(e))),
            Outcome::NoArticle => s.push_str("  (no article, not readerable)"),
            Outcome::Report => {}
        }
        if let Some(reason) = &self.allow {
            s.push_str(&format!("  (allow: {reason})"));
        } else if self.failing() {
            s.push_str("  <- FAIL");
        }
        s
    }
}

/// One metadata field's score over the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldScore {
    pub field: &'static str,
    pub matched: usize,
    pub total: usize,
}

impl FieldScore {
    pub fn percent(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            100.0 * self.matched as f64 / self.total as f64
        }
    }
}

/// The whole run, for the command line to print and to judge.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub pages: usize,
    /// Mean page precision.
    pub precision: f64,
    /// Mean page recall.
    pub recall: f64,
    /// F1 of the mean precision and mean recall.
    pub f1: f64,
    /// One per entry of `FIELDS`, in that order.
    pub fields: Vec<FieldScore>,
    pub errors: usize,
    pub panics: usize,
    /// Failing pages (F1 below 0.5, error or panic) that are not allow-listed.
    pub unexcused: Vec<String>,
    /// Allow-listed pages that no longer fail: candidates to take off the list.
    pub stale_allows: Vec<String>,
    pub wall_time: Duration,
    pub results: Vec<PageResult>,
}

impl Summary {
    fn from_results(results: Vec<PageResult>, wall_time: Duration) -> Self {
        let pr: Vec<(f64, f64)> = results.iter().map(|r| (r.text.precision, r.text.recall)).collect();
        let (precision, recall, f1) = aggregate(&pr);
        let fields = FIELDS
            .iter()
            .map(|&field| FieldScore {
                field,
                matched: results.iter().filter(|r| !r.meta_mismatches.contains(&field)).count(),
                total: results.len(),
            })
            .collect();
        let count = |f: fn(&Outcome) -> bool| results.iter().filter(|r| f(&r.outcome)).count();
        Summary {
            pages: results.len(),
            precision,
            recall,
            f1,
            fields,
            errors: count(|o| matches!(o, Outcome::Error(_))),
            panics: count(|o| matches!(o, Outcome::Panic(_))),
            unexcused: results.iter().filter(|r| r.unexcused()).map(|r| r.name.clone()).collect(),
            stale_allows: results
                .iter()
                .filter(|r| r.allow.is_some() && !r.failing())
                .map(|r| r.name.clone())
                .collect(),
            wall_time,
            results,
        }
    }

    /// A metadata field's score, by its `expected-metadata.json` key.
    #[cfg(test)]
    pub fn field(&self, name: &str) -> Option<&FieldScore> {
        self.fields.iter().find(|f| f.field == name)
    }

    /// Why the run should fail (empty when it passes): F1 below `min_f1`, any panic (never
    /// excused), failing pages not on the allow-list.
    pub fn problems(&self, min_f1: Option<f64>) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(min) = min_f1 {
            if self.f1 < min {
                out.push(format!("F1 {:.4} is below the threshold {min} (tests/quality/min-f1)", self.f1));
            }
        }
        if self.panics > 0 {
            out.push(format!("{} page(s) panicked", self.panics));
        }
        if !self.unexcused.is_empty() {
            out.push(format!(
                "{} failing page(s) not on the allow-list: {}",
                self.unexcused.len(),
                some(&self.unexcused)
            ));
        }
        out
    }

    /// The last line of the output, one line to grep and compare across runs:
    /// `quality: F1 0.912, P 0.930, R 0.895, title 95.4%, byline 80.0%, …, readerable 93.8%,
    /// failing 3, errors 0, panics 0`.
    pub fn last_line(&self) -> String {
        let mut s = format!("quality: F1 {:.3}, P {:.3}, R {:.3}", self.f1, self.precision, self.recall);
        for f in &self.fields {
            s.push_str(&format!(", {} {:.1}%", f.field, f.percent()));
        }
        s.push_str(&format!(", failing {}, errors {}, panics {}", self.unexcused.len(), self.errors, self.panics));
        s
    }

    fn write_block(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out)?;
        writeln!(out, "pages            {}", self.pages)?;
        writeln!(out, "mean precision   {:.3}", self.precision)?;
        writeln!(out, "mean recall      {:.3}", self.recall)?;
        writeln!(out, "F1               {:.3}", self.f1)?;
        for f in &self.fields {
            writeln!(out, "{:<16} {:5.1}%  ({}/{})", f.field, f.percent(), f.matched, f.total)?;
        }
        writeln!(out, "errors           {}", self.errors)?;
        writeln!(out, "panics           {}", self.panics)?;
        let allowed = self.results.iter().filter(|r| r.allow.is_some()).count();
        writeln!(out, "allow-listed     {allowed}")?;
        if self.unexcused.is_empty() {
            writeln!(out, "failing, not allow-listed: 0")?;
        } else {
            writeln!(out, "failing, not allow-listed: {} ({})", self.unexcused.len(), some(&self.unexcused))?;
        }
        if !self.stale_allows.is_empty() {
            writeln!(
                out,
                "allow-listed, above the failing bar (deliberate differences): {}",
                some(&self.stale_allows)
            )?;
        }
        if let Some(slow) = self.results.iter().max_by_key(|r| r.time) {
            writeln!(out, "slowest page     {} ({} ms)", slow.name, slow.time.as_millis())?;
        }
        writeln!(out, "wall time        {:.2} s", self.wall_time.as_secs_f64())?;
        writeln!(out, "{}", self.last_line())
    }
}

/// The corpus pages in `dir`: sub-folders holding a `source.html`, sorted by name.
pub fn page_names(dir: &Path) -> io::Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() && entry.path().join("source.html").is_file() {
            names.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    names.sort();
    Ok(names)
}

/// Runs the core over every page of the corpus in `dir`, writing one row per page and then the
/// summary block to `out`.
pub fn run(dir: &Path, allow: &Allowlist, out: &mut dyn Write) -> io::Result<Summary> {
    let start = Instant::now();
    let names = page_names(dir)?;
    if names.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            format!("no pages (folders with a source.html) in {}", dir.display()),
        ));
    }
    let width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    let mut results = Vec::with_capacity(names.len());
    for name in &names {
        let mut result = score_page(&dir.join(name), name);
        result.allow = allow.reason(name).map(str::to_string);
        writeln!(out, "{}", result.row(width))?;
        results.push(result);
    }
    let summary = Summary::from_results(results, start.elapsed());
    summary.write_block(out)?;
    Ok(summary)
}

/// Decodes a saved page. TODO(lead): swap in the core's charset sniffing when it exists.
fn decode(bytes: &[u8]) -> String {
    folio::input::html::decode(bytes).unwrap_or_default()
}

fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic with a non-string payload".to_string()
    }
}

/// The first ten names, then how many more.
fn some(names: &[String]) -> String {
    const SHOWN: usize = 10;
    let mut s = names.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
    if names.len() > SHOWN {
        s.push_str(&format!(" and {} more", names.len() - SHOWN));
    }
    s
}

fn one_line(s: &str) -> String {
    let s = collapse_ws(s);
    if s.chars().count() > 120 {
        s.chars().take(117).collect::<String>() + "..."
    } else {
        s
    }
}

/// Scores one page folder. Never fails: problems become an `Error` or `Panic` outcome, which
/// scores 0 on text and on every metadata field.
fn score_page(page: &Path, name: &str) -> PageResult {
    let failed = |outcome: Outcome, time: Duration| PageResult {
        name: name.to_string(),
        outcome,
        text: TextScore { tp: 0.0, fp: 0.0, fn_: 0.0, precision: 0.0, recall: 0.0, f1: 0.0 },
        meta_mismatches: FIELDS.to_vec(),
        allow: None,
        time,
    };
    let read = |file: &str| fs::read(page.join(file)).map_err(|e| format!("{file}: {e}"));
    let inputs = (|| {
        let source = decode(&read("source.html")?);
        let expected_html = decode(&read("expected.html")?);
        let meta: Value = serde_json::from_slice(&read("expected-metadata.json")?)
            .map_err(|e| format!("expected-metadata.json: {e}"))?;
        Ok::<_, String>((source, expected_html, meta))
    })();
    let (source, expected_html, meta) = match inputs {
        Ok(x) => x,
        Err(e) => return failed(Outcome::Error(e), Duration::ZERO),
    };
    let readerable = meta.get("readerable").and_then(Value::as_bool).unwrap_or(true);

    let t0 = Instant::now();
    let extracted = catch_unwind(AssertUnwindSafe(|| folio::extract(&source, Some(PAGE_URL))));
    let time = t0.elapsed();
    let (report, outcome) = match extracted {
        Err(payload) => return failed(Outcome::Panic(panic_message(payload)), time),
        Ok(Ok(report)) => (report, Outcome::Report),
        Ok(Err(Error::NoArticle(_))) if !readerable => {
            (Report { readerable: false, ..Report::default() }, Outcome::NoArticle)
        }
        Ok(Err(e)) => return failed(Outcome::Error(e.to_string()), time),
    };
    let want = match catch_unwind(AssertUnwindSafe(|| folio::text_of_html(&expected_html))) {
        Ok(Ok(text)) => text,
        Ok(Err(e)) => return failed(Outcome::Error(format!("expected.html: {e}")), time),
        Err(payload) => {
            let why = format!("in text_of_html(expected.html): {}", panic_message(payload));
            return failed(Outcome::Panic(why), time);
        }
    };
    PageResult {
        name: name.to_string(),
        outcome,
        text: TextScore::compare(&report.text_content, &want),
        meta_mismatches: meta_mismatches(&report, &meta),
        allow: None,
        time,
    }
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn tokens_are_unicode_word_runs_lowercased() {
        assert_eq!(
            tokens("Ça va? L'été_2025 — 日本語, x-y  Zoë's"),
            ["ça", "va", "l", "été_2025", "日本語", "x", "y", "zoë", "s"]
        );
        assert!(tokens("").is_empty());
        assert!(tokens("  — … !! ").is_empty());
        assert_eq!(tokens("“Not further, that’s for sure.”"), ["not", "further", "that", "s", "for", "sure"]);
    }

    #[test]
    fn shingles_are_four_token_windows() {
        let s = shingles("A b c d e");
        assert_eq!(s.len(), 2);
        assert_eq!(s["a b c d"], 1);
        assert_eq!(s["b c d e"], 1);
        // repeated windows are counted
        let s = shingles("a b c d a b c d");
        assert_eq!(s["a b c d"], 2);
        assert_eq!(s.values().sum::<usize>(), 5);
    }

    #[test]
    fn short_texts_give_one_shingle() {
        let s = shingles("Hello, world");
        assert_eq!(s.len(), 1);
        assert_eq!(s["hello world"], 1);
        assert_eq!(shingles("a b c d").len(), 1);
        assert!(shingles(" ... ").is_empty());
    }

    #[test]
    fn identical_and_disjoint_texts() {
        let t = TextScore::compare("one two three four five", "One two three, four five!");
        assert!(close(t.precision, 1.0) && close(t.recall, 1.0) && close(t.f1, 1.0));
        assert!(close(t.tp, 1.0) && close(t.fp, 0.0) && close(t.fn_, 0.0));
        let t = TextScore::compare("one two three four", "five six seven eight");
        assert!(close(t.precision, 0.0) && close(t.recall, 0.0) && close(t.f1, 0.0));
    }

    #[test]
    fn empty_sides() {
        let t = TextScore::compare("", "  ");
        assert!(close(t.precision, 1.0) && close(t.recall, 1.0) && close(t.f1, 1.0));
        let t = TextScore::compare("", "some expected text here");
        assert!(close(t.precision, 0.0) && close(t.recall, 0.0) && close(t.f1, 0.0));
        let t = TextScore::compare("some extracted text here", "");
        assert!(close(t.precision, 0.0) && close(t.recall, 0.0) && close(t.f1, 0.0));
    }

    #[test]
    fn partial_overlap_is_normalised() {
        // got {abcd, bcde}, want {abcd, bcdx}: tp 1, fp 1, fn 1 -> a third each
        let t = TextScore::compare("a b c d e", "a b c d x");
        assert!(close(t.tp, 1.0 / 3.0) && close(t.fp, 1.0 / 3.0) && close(t.fn_, 1.0 / 3.0));
        assert!(close(t.tp + t.fp + t.fn_, 1.0));
        assert!(close(t.precision, 0.5) && close(t.recall, 0.5) && close(t.f1, 0.5));
        // multiset: 5 shingles got, 1 wanted, 1 shared
        let t = TextScore::compare("a b c d a b c d", "a b c d");
        assert!(close(t.precision, 0.2) && close(t.recall, 1.0));
        assert!(close(t.f1, 2.0 * 0.2 / 1.2));
        // extra boilerplate lowers precision only
        let t = TextScore::compare("w x y z a b c d e f", "a b c d e f");
        assert!(close(t.recall, 1.0) && close(t.precision, 3.0 / 7.0));
    }

    #[test]
    fn counts_arithmetic() {
        let t = TextScore::from_counts(6, 2, 2);
        assert!(close(t.tp, 0.6) && close(t.fp, 0.2) && close(t.fn_, 0.2));
        assert!(close(t.precision, 0.75) && close(t.recall, 0.75) && close(t.f1, 0.75));
        let t = TextScore::from_counts(0, 0, 0);
        assert!(close(t.f1, 1.0));
    }

    #[test]
    fn corpus_f1_is_f1_of_the_means() {
        let (p, r, f) = aggregate(&[(1.0, 0.5), (0.5, 1.0), (0.0, 0.0), (0.5, 0.5)]);
        assert!(close(p, 0.5) && close(r, 0.5) && close(f, 0.5));
        let (p, r, f) = aggregate(&[(1.0, 0.2), (0.6, 0.4)]);
        assert!(close(p, 0.8) && close(r, 0.3));
        assert!(close(f, 2.0 * 0.8 * 0.3 / 1.1));
        assert_eq!(aggregate(&[]), (0.0, 0.0, 0.0));
    }

    fn known() -> Vec<String> {
        ["001", "ars-1", "wikipedia-2"].iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn allowlist_good_lines() {
        let text = "# pages allowed to fail\n\n001   figure captions   doubled # upstream\n  \
                    # indented comment\nars-1\tlive blog, no single article\n";
        let a = Allowlist::parse(text, &known()).unwrap();
        assert_eq!(a.len(), 2);
        assert_eq!(a.reason("001"), Some("figure captions doubled # upstream"));
        assert_eq!(a.reason("ars-1"), Some("live blog, no single article"));
        assert_eq!(a.reason("wikipedia-2"), None);
        assert!(Allowlist::parse("", &known()).unwrap().is_empty());
    }

    #[test]
    fn allowlist_bad_lines() {
        let e = Allowlist::parse("# ok\n001  fine\nnope  some reason\n", &known()).unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("unknown page `nope`"), "{e}");
        assert_eq!(e.to_string(), "line 3: unknown page `nope`");

        let e = Allowlist::parse("001\n", &known()).unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.message.contains("no reason"), "{e}");

        let e = Allowlist::parse("001   \t \n", &known()).unwrap_err();
        assert!(e.message.contains("no reason"), "{e}");

        let e = Allowlist::parse("001 a\n\nars-1 b\n001 c\n", &known()).unwrap_err();
        assert_eq!(e.line, 4);
        assert!(e.message.contains("twice"), "{e}");
    }

    #[test]
    fn metadata_compare_normalises() {
        let report = Report {
            title: Some("  Hello \n  world ".into()),
            byline: Some("".into()),
            site_name: None,
            lang: Some("en".into()),
            dir: None,
            readerable: true,
            ..Report::default()
        };
        let expected: Value = serde_json::json!({
            "title": "Hello world",
            "byline": null,
            "dir": null,
            "siteName": "",
            "publishedTime": null,
            "readerable": true
        });
        // excerpt missing on both sides: equal; lang missing in expected but "en" in report.
        assert_eq!(meta_mismatches(&report, &expected), ["lang"]);
        let expected = serde_json::json!({"title": "Other", "lang": "en", "readerable": false});
        assert_eq!(meta_mismatches(&report, &expected), ["title", "readerable"]);
    }

    #[test]
    fn summary_counts_and_last_line() {
        let page = |name: &str, f: f64, outcome: Outcome, allow: Option<&str>| PageResult {
            name: name.into(),
            outcome,
            text: TextScore { tp: 0.0, fp: 0.0, fn_: 0.0, precision: f, recall: f, f1: f },
            meta_mismatches: if name == "b" { vec!["byline"] } else { vec![] },
            allow: allow.map(str::to_string),
            time: Duration::from_millis(3),
        };
        let s = Summary::from_results(
            vec![
                page("a", 1.0, Outcome::Report, None),
                page("b", 0.4, Outcome::Report, Some("known")),
                page("c", 0.0, Outcome::Panic("boom".into()), None),
                page("d", 0.9, Outcome::Report, Some("fixed now")),
            ],
            Duration::from_secs(1),
        );
        assert_eq!(s.pages, 4);
        assert!(close(s.precision, 0.575) && close(s.f1, 0.575));
        assert_eq!(s.field("byline").unwrap().matched, 3);
        assert_eq!(s.panics, 1);
        assert_eq!(s.errors, 0);
        assert_eq!(s.unexcused, ["c"]);
        assert_eq!(s.stale_allows, ["d"]);
        assert_eq!(s.problems(Some(0.5)).len(), 2); // panic, unexcused; F1 passes
        assert_eq!(s.problems(Some(0.6)).len(), 3);
        let last = s.last_line();
        assert!(last.starts_with("quality: F1 0.575, P 0.575, R 0.575, title 100.0%, byline 75.0%"), "{last}");
        assert!(last.ends_with(", failing 1, errors 0, panics 1"), "{last}");
        assert!(s.results[2].row(3).contains("PANIC: boom  <- FAIL"), "{}", s.results[2].row(3));
        assert!(s.results[1].row(3).contains("meta=7/8 [byline]  (allow: known)"));
        let names: Vec<String> = (0..12).map(|i| format!("p{i}")).collect();
        assert_eq!(some(&names[..2]), "p0, p1");
        assert!(some(&names).ends_with("p8, p9 and 2 more"));
    }

    #[test]
    fn run_over_a_tiny_corpus() {
        let dir = std::env::temp_dir().join(format!("folio-quality-test-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        for (name, readerable) in [("p1", true), ("p2", false)] {
            let d = dir.join(name);
            fs::create_dir_all(&d).unwrap();
            fs::write(d.join("source.html"), "<html><body><p>Hello there reader friend</p></body></html>").unwrap();
            fs::write(d.join("expected.html"), "<div><p>Hello there reader friend</p></div>").unwrap();
            fs::write(
                d.join("expected-metadata.json"),
                format!(r#"{{"title": null, "byline": null, "readerable": {readerable}}}"#),
            )
            .unwrap();
        }
        fs::create_dir_all(dir.join("not-a-page")).unwrap();
        fs::write(dir.join("LICENSE.md"), "x").unwrap();
        assert_eq!(page_names(&dir).unwrap(), ["p1", "p2"]);

        let allow = Allowlist::parse("p1  whatever the core does today", &page_names(&dir).unwrap()).unwrap();
        let mut out = Vec::new();
        let s = run(&dir, &allow, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(s.pages, 2);
        assert_eq!(s.results.len(), 2);
        assert_eq!(
            s.errors
                + s.panics
                + s.results.iter().filter(|r| r.outcome == Outcome::Report || r.outcome == Outcome::NoArticle).count(),
            2
        );
        assert!(text.lines().next().unwrap().starts_with("p1  f1="), "{text}");
        assert!(text.lines().last().unwrap().starts_with("quality: F1 "), "{text}");
        let _ = fs::remove_dir_all(&dir);
    }
}
