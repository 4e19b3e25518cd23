//! The `folio` command line: the core on saved pages for people and scripts (`extract`), and the
//! measuring tools apart (`quality`, `detectors`). JSON out; clear messages and exit codes.

#[cfg(not(target_arch = "wasm32"))]
mod batch;
#[cfg(not(target_arch = "wasm32"))]
mod detectors;
#[cfg(not(target_arch = "wasm32"))]
mod extract;
#[cfg(not(target_arch = "wasm32"))]
mod quality;
#[cfg(not(target_arch = "wasm32"))]
mod stdout;

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
use std::process::ExitCode;

#[cfg(not(target_arch = "wasm32"))]
use stdout::say;

#[cfg(not(target_arch = "wasm32"))]
const EXTRACT_USAGE: &str =
    "  folio extract FILE|DIR... [--url URL] [--rules FILE] [--text|--html|--markdown] [--jobs N]
        the article of a saved page (- reads standard input): the report as JSON, or the
        article alone as plain text, the reader view's HTML, or Markdown.
        Several files or a folder (its .html pages, recursively): one JSON object per line,
        in the order given, read in parallel on N threads (default: every core).
        --url: the page's address, for relative links; --rules: your hide/keep rules
        (uBlock Origin syntax); after --, every argument is a file";

#[cfg(not(target_arch = "wasm32"))]
const QUALITY_USAGE: &str = "  folio quality DIR [--allow FILE] [--min-f1 X] [--max-gap X] [--half A|B]
        score extraction on Readability's test pages, or a snippet corpus
        (DIR/evaldata.json; --max-gap, --half: its two halves)";

#[cfg(not(target_arch = "wasm32"))]
const DETECTORS_USAGE: &str = "  folio detectors FIXTURES [--corpus DIR] [--max-share PCT] [--founding FILE]
                  [--scramble] [--min-precision X] [--min-recall X]
        precision/recall of the detectors on a fixture suite, and the share of reference
        text they remove; --scramble: every class and id name hashed first";

#[cfg(not(target_arch = "wasm32"))]
const EXIT_STATUSES: &str = "exit status: 0 article found, 1 unreadable input or failed output, 2 no article,
             64 usage error; several pages: the worst of them (1, then 2, then 0)";

/// Exit status for unreadable input (missing, binary, empty file) and for output that could not
/// be written (full disk, closed pipe): the command could not do its job; stderr says why.
#[cfg(not(target_arch = "wasm32"))]
const EXIT_UNREADABLE: u8 = 1;
/// Exit status for a readable page with no article.
#[cfg(not(target_arch = "wasm32"))]
const EXIT_NO_ARTICLE: u8 = 2;
/// Exit status for a command line that makes no sense (sysexits' EX_USAGE): apart from 2, so a
/// script never takes a typo for a page with no article.
#[cfg(not(target_arch = "wasm32"))]
const EXIT_USAGE: u8 = 64;

#[cfg(not(target_arch = "wasm32"))]
fn help() -> String {
    format!(
        "folio {}: the article alone, from saved pages\n\nusage:\n{EXTRACT_USAGE}\n\nmeasuring:\n{QUALITY_USAGE}\n{DETECTORS_USAGE}\n\n{EXIT_STATUSES}\n\nfolio --version; folio COMMAND --help",
        env!("CARGO_PKG_VERSION")
    )
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let wants_help = args.iter().skip(1).any(|a| a == "-h" || a == "--help");
    let command = args.first().map(String::as_str);
    let usage = match command {
        Some("extract") => EXTRACT_USAGE,
        Some("quality") => QUALITY_USAGE,
        Some("detectors") => DETECTORS_USAGE,
        _ => "",
    };
    if wants_help && !usage.is_empty() {
        return stdout::print(&format!("usage:\n{usage}\n\n{EXIT_STATUSES}\n"));
    }
    match command {
        Some("extract") => extract::command(&args[1..]),
        Some("quality") => quality::command(&args[1..]),
        Some("detectors") => detectors::command(&args[1..]),
        Some("-h" | "--help" | "help") => stdout::print(&(help() + "\n")),
        Some("-V" | "--version" | "version") => stdout::print(&format!("folio {}\n", env!("CARGO_PKG_VERSION"))),
        Some(other) => usage_error(&format!("unknown command '{other}'")),
        None => usage_error("a command is needed"),
    }
}

/// A command line that makes no sense: the reason on stderr, EX_USAGE.
#[cfg(not(target_arch = "wasm32"))]
fn usage_error(why: &str) -> ExitCode {
    say!("folio: {why} (folio --help for usage)");
    ExitCode::from(EXIT_USAGE)
}
