//! The `folio` command line: runs Folio's core on saved pages (`extract`) and measures it on a
//! corpus (`bench`). JSON out; clear messages and exit codes for bad input, never a panic.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
use std::path::PathBuf;
#[cfg(not(target_arch = "wasm32"))]
use std::process::ExitCode;

#[cfg(not(target_arch = "wasm32"))]
const USAGE: &str = "usage:
  folio extract FILE [--url URL] [--text] [--rules FILE]
                                            print the article report as JSON (- reads stdin);
                                            --rules: your hide/keep rules, uBlock Origin syntax
  folio bench DIR [--allow FILE] [--min-f1 X]   score extraction on a corpus of test pages
  folio detectors FIXTURES [--corpus DIR] [--max-share PCT]
                                            precision/recall of the detectors on a fixture suite,
                                            and the share of reference text they remove";

/// Exit status for unreadable input (missing, binary, empty file).
#[cfg(not(target_arch = "wasm32"))]
const EXIT_UNREADABLE: u8 = 1;
/// Exit status for a readable page with no article.
#[cfg(not(target_arch = "wasm32"))]
const EXIT_NO_ARTICLE: u8 = 2;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("extract") => cmd_extract(&args[1..]),
        Some("bench") => cmd_bench(&args[1..]),
        Some("detectors") => cmd_detectors(&args[1..]),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// `folio extract FILE [--url URL] [--text]`
#[cfg(not(target_arch = "wasm32"))]
fn cmd_extract(args: &[String]) -> ExitCode {
    use std::io::{Read, Write};
    let mut file: Option<&str> = None;
    let mut url: Option<&str> = None;
    let mut as_text = false;
    let mut rules_file: Option<&str> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--url" => match it.next() {
                Some(u) => url = Some(u),
                None => return usage_error("--url needs a URL"),
            },
            "--text" => as_text = true,
            "--rules" => match it.next() {
                Some(f) => rules_file = Some(f),
                None => return usage_error("--rules needs a FILE"),
            },
            _ if file.is_none() && (a == "-" || !a.starts_with("--")) => file = Some(a),
            _ => return usage_error(&format!("unexpected argument '{a}'")),
        }
    }
    let Some(file) = file else {
        return usage_error("extract needs a FILE (or - for standard input)");
    };
    let bytes = if file == "-" {
        let mut buf = Vec::new();
        if let Err(e) = std::io::stdin().read_to_end(&mut buf) {
            eprintln!("folio: cannot read standard input: {e}");
            return ExitCode::from(EXIT_UNREADABLE);
        }
        buf
    } else {
        match std::fs::read(file) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("folio: cannot read {file}: {e}");
                return ExitCode::from(EXIT_UNREADABLE);
            }
        }
    };
    let name = if file == "-" { "standard input" } else { file };
    let html = match folio::decode::decode(&bytes) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("folio: {name}: {e}");
            return ExitCode::from(EXIT_UNREADABLE);
        }
    };
    if let Some(u) = url {
        if url::Url::parse(u).is_err() {
            return usage_error(&format!("--url '{u}' is not an absolute URL"));
        }
    }
    // Bad rule lines are reported and skipped; the good ones apply.
    let rules = match rules_file {
        Some(f) => match std::fs::read(f) {
            Ok(bytes) => {
                let set = folio::rules::parse(&String::from_utf8_lossy(&bytes));
                for e in &set.errors {
                    eprintln!("folio: {f}:{}: {} (line skipped): {}", e.line, e.message, e.text);
                }
                Some(set)
            }
            Err(e) => {
                eprintln!("folio: cannot read rules {f}: {e}");
                return ExitCode::from(EXIT_UNREADABLE);
            }
        },
        None => None,
    };
    let opts = folio::Options { rules: rules.as_ref() };
    let report = match std::panic::catch_unwind(|| folio::extract_with(&html, url, opts)) {
        Ok(Ok(r)) => r,
        Ok(Err(e @ folio::Error::NoArticle(_))) => {
            eprintln!("folio: {name}: {e}");
            return ExitCode::from(EXIT_NO_ARTICLE);
        }
        Ok(Err(e)) => {
            eprintln!("folio: {name}: {e}");
            return ExitCode::from(EXIT_UNREADABLE);
        }
        Err(_) => {
            eprintln!("folio: {name}: internal error while reading the page (please report it)");
            return ExitCode::from(EXIT_UNREADABLE);
        }
    };
    let out = if as_text {
        format!("{}\n\n{}\n", report.title.as_deref().unwrap_or(""), report.text_content)
    } else {
        match serde_json::to_string_pretty(&report) {
            Ok(j) => j + "\n",
            Err(e) => {
                eprintln!("folio: cannot write the report: {e}");
                return ExitCode::from(EXIT_UNREADABLE);
            }
        }
    };
    // A closed pipe (`| head`) is not an error worth a message.
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    ExitCode::SUCCESS
}

/// `folio detectors FIXTURES [--corpus DIR] [--max-share PCT]`: fails unless every detector
/// is at precision and recall 1.0, no negative is touched, and the corpus share is under PCT.
#[cfg(not(target_arch = "wasm32"))]
fn cmd_detectors(args: &[String]) -> ExitCode {
    let mut fixtures: Option<PathBuf> = None;
    let mut corpus: Option<PathBuf> = None;
    let mut max_share: Option<f64> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--corpus" => match it.next() {
                Some(d) => corpus = Some(PathBuf::from(d)),
                None => return usage_error("--corpus needs a folder"),
            },
            "--max-share" => match it.next().and_then(|v| v.parse().ok()) {
                Some(x) => max_share = Some(x),
                None => return usage_error("--max-share needs a percentage"),
            },
            _ if fixtures.is_none() && !a.starts_with("--") => fixtures = Some(PathBuf::from(a)),
            _ => return usage_error(&format!("unexpected argument '{a}'")),
        }
    }
    let Some(fixtures) = fixtures else {
        return usage_error("detectors needs a FIXTURES folder");
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let suite = match folio::eval::run_suite(&fixtures, &mut out) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("folio detectors: {}: {e}", fixtures.display());
            return ExitCode::from(2);
        }
    };
    let mut ok = suite.perfect();
    if let Some(dir) = corpus {
        match folio::eval::corpus_share(&dir, &mut out) {
            Ok(share) => {
                if let Some(max) = max_share {
                    if share.percent() > max {
                        eprintln!(
                            "folio detectors: FAIL: {:.3}% of the reference text removed, over {max}%",
                            share.percent()
                        );
                        ok = false;
                    }
                }
            }
            Err(e) => {
                eprintln!("folio detectors: {}: {e}", dir.display());
                return ExitCode::from(2);
            }
        }
    }
    if !suite.perfect() {
        eprintln!(
            "folio detectors: FAIL: {} fixture(s) failing, {} negative(s) touched",
            suite.failed.len(),
            suite.negatives_touched.len()
        );
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn usage_error(why: &str) -> ExitCode {
    eprintln!("folio: {why}\n{USAGE}");
    ExitCode::from(2)
}

#[cfg(not(target_arch = "wasm32"))]
/// `folio bench DIR [--allow FILE] [--min-f1 X]`
fn cmd_bench(args: &[String]) -> ExitCode {
    let mut dir: Option<PathBuf> = None;
    let mut allow_file: Option<PathBuf> = None;
    let mut min_f1: Option<f64> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--allow" => allow_file = it.next().map(PathBuf::from),
            "--min-f1" => match it.next().and_then(|v| v.parse().ok()) {
                Some(x) => min_f1 = Some(x),
                None => {
                    eprintln!("folio bench: --min-f1 needs a number");
                    return ExitCode::from(2);
                }
            },
            _ if dir.is_none() && !a.starts_with("--") => dir = Some(PathBuf::from(a)),
            _ => {
                eprintln!("usage: folio bench DIR [--allow FILE] [--min-f1 X]");
                return ExitCode::from(2);
            }
        }
    }
    let Some(dir) = dir else {
        eprintln!("usage: folio bench DIR [--allow FILE] [--min-f1 X]");
        return ExitCode::from(2);
    };
    let allow = match &allow_file {
        Some(f) => match folio::bench::Allowlist::load(f, &dir) {
            Ok(a) => a,
            Err(e) => {
                eprintln!("folio bench: {e}");
                return ExitCode::from(2);
            }
        },
        None => folio::bench::Allowlist::new(),
    };
    let stdout = std::io::stdout();
    let summary = match folio::bench::run(&dir, &allow, &mut stdout.lock()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("folio bench: {}: {e}", dir.display());
            return ExitCode::from(2);
        }
    };
    let problems = summary.problems(min_f1);
    for p in &problems {
        eprintln!("folio bench: FAIL: {p}");
    }
    if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
