//! The `folio` command line: the core on saved pages for people and scripts (`extract`), and the
//! measuring tools apart (`quality`, `detectors`). JSON out; clear messages and exit codes.

#[cfg(not(target_arch = "wasm32"))]
mod detectors;
#[cfg(not(target_arch = "wasm32"))]
mod extract;
#[cfg(not(target_arch = "wasm32"))]
mod quality;

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
use std::process::ExitCode;

#[cfg(not(target_arch = "wasm32"))]
const USAGE: &str = "usage:
  folio extract FILE [--url URL] [--text] [--rules FILE]
                                            print the article report as JSON (- reads stdin);
                                            --rules: your hide/keep rules, uBlock Origin syntax
measuring:
  folio quality DIR [--allow FILE] [--min-f1 X] [--max-gap X] [--half A|B] score extraction on Readability's test pages, or a snippet corpus (DIR/evaldata.json; --max-gap, --half: its two halves)
  folio detectors FIXTURES [--corpus DIR] [--max-share PCT] [--founding FILE]
                [--scramble] [--min-precision X] [--min-recall X]
                                            precision/recall of the detectors on a fixture suite,
                                            and the share of reference text they remove;
                                            --scramble: every class and id name hashed first";

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
        Some("extract") => extract::command(&args[1..]),
        Some("quality") => quality::command(&args[1..]),
        Some("detectors") => detectors::command(&args[1..]),
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

#[cfg(not(target_arch = "wasm32"))]
fn usage_error(why: &str) -> ExitCode {
    eprintln!("folio: {why}\n{USAGE}");
    ExitCode::from(2)
}
