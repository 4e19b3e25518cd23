//! `folio extract`: the core on one saved page, the report as JSON (or the article as text) on
//! standard output; unreadable input and "no article" get their own exit status and a message.

use std::io::{Read, Write};
use std::process::ExitCode;

use crate::{usage_error, EXIT_NO_ARTICLE, EXIT_UNREADABLE};

/// `folio extract FILE [--url URL] [--text]`
pub fn command(args: &[String]) -> ExitCode {
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
    let html = match folio::input::html::decode(&bytes) {
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
