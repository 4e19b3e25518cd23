//! `folio extract`: the core on saved pages. One page: the report as JSON, or the article alone
//! (text, HTML, Markdown); several: JSON Lines. Each outcome has its exit status and message.

use std::io::Read;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::process::ExitCode;

use serde::Serialize;

use crate::stdout::say;
use crate::stdout::Out;
use crate::{batch, usage_error, EXIT_NO_ARTICLE, EXIT_UNREADABLE};
use folio::render::markdown;
use folio::rules::RuleSet;
use folio::Report;

/// What `extract` prints of a page.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    /// The whole report (pretty JSON for one page; flattened into each line for several).
    Report,
    Text,
    Html,
    Markdown,
}

/// What every page is read with.
struct Settings {
    url: Option<String>,
    rules: Option<RuleSet>,
    form: Form,
}

/// A page read: its report and, unless the report is what is printed, the article in `form`.
struct Extracted {
    report: Report,
    article: Option<String>,
}

/// A page that gave no article: the exit status it is worth and why (the page not named).
struct Failure {
    status: u8,
    message: String,
}

/// `folio extract FILE|DIR... [--url URL] [--rules FILE] [--text|--html|--markdown] [--jobs N]`
pub fn command(args: &[String]) -> ExitCode {
    let mut inputs: Vec<String> = Vec::new();
    let mut url: Option<String> = None;
    let mut rules_file: Option<&str> = None;
    let mut form: Option<Form> = None;
    let mut jobs: Option<usize> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let asked = match a.as_str() {
            "--text" => Form::Text,
            "--html" => Form::Html,
            "--markdown" => Form::Markdown,
            "--url" => match it.next() {
                Some(u) if url::Url::parse(u).is_ok() => {
                    url = Some(u.clone());
                    continue;
                }
                Some(u) => return usage_error(&format!("--url '{u}' is not an absolute URL")),
                None => return usage_error("--url needs a URL"),
            },
            "--rules" => match it.next() {
                Some(f) => {
                    rules_file = Some(f);
                    continue;
                }
                None => return usage_error("--rules needs a FILE"),
            },
            "--jobs" | "-j" => match it.next().and_then(|n| n.parse::<usize>().ok()).filter(|&n| n > 0) {
                Some(n) => {
                    jobs = Some(n);
                    continue;
                }
                None => return usage_error("--jobs needs a number of threads, 1 or more"),
            },
            "--" => {
                // Everything after is a file, even one whose name starts with a dash.
                inputs.extend(it.by_ref().cloned());
                continue;
            }
            _ if a == "-" || !a.starts_with('-') => {
                inputs.push(a.clone());
                continue;
            }
            _ => return usage_error(&format!("unexpected argument '{a}'")),
        };
        if form.is_some_and(|f| f != asked) {
            return usage_error("--text, --html and --markdown: one of them at a time");
        }
        form = Some(asked);
    }
    if inputs.is_empty() {
        return usage_error("extract needs a FILE (or - for standard input)");
    }
    if inputs.iter().filter(|i| *i == "-").count() > 1 {
        return usage_error("standard input (-) can be read once");
    }
    // Bad rule lines are reported and skipped; the good ones apply.
    let rules = match rules_file {
        Some(f) => match std::fs::read(f) {
            Ok(bytes) => {
                let set = folio::rules::parse(&String::from_utf8_lossy(&bytes));
                for e in &set.errors {
                    say!("folio: {f}:{}: {} (line skipped): {}", e.line, e.message, e.text);
                }
                Some(set)
            }
            Err(e) => {
                say!("folio: cannot read rules {f}: {e}");
                return ExitCode::from(EXIT_UNREADABLE);
            }
        },
        None => None,
    };
    let settings = Settings { url, rules, form: form.unwrap_or(Form::Report) };
    let several = inputs.len() > 1 || inputs.iter().any(|i| i != "-" && std::path::Path::new(i).is_dir());
    if several {
        let jobs = jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
        return several_pages(&batch::expand(&inputs), jobs, &settings);
    }
    one_page(&inputs[0], &settings)
}

/// One page: what it holds in the form asked on stdout, or the reason it has none on stderr.
fn one_page(input: &str, settings: &Settings) -> ExitCode {
    let page = match read(input, settings) {
        Ok(r) => r,
        Err(f) => {
            let name = if input == "-" { "standard input" } else { input };
            say!("folio: {name}: {}", f.message);
            return ExitCode::from(f.status);
        }
    };
    let title = page.report.title.as_deref().unwrap_or("");
    let text = match (settings.form, page.article) {
        (Form::Text, Some(text)) => format!("{title}\n\n{text}\n"),
        (Form::Html, Some(html)) => html + "\n",
        (_, Some(article)) => article,
        (_, None) => match serde_json::to_string_pretty(&page.report) {
            Ok(json) => json + "\n",
            Err(e) => {
                say!("folio: cannot write the report: {e}");
                return ExitCode::from(EXIT_UNREADABLE);
            }
        },
    };
    crate::stdout::print(&text)
}

/// One line of JSON Lines: the page, its status, then the report (its fields at the top level)
/// or the title and the article in the form asked, or the error.
#[derive(Serialize)]
struct Line<'a> {
    path: &'a str,
    status: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    report: Option<&'a Report>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    html: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    markdown: Option<&'a str>,
}

/// Several pages: one JSON object per line, in input order; the status is the worst page's.
fn several_pages(inputs: &[String], jobs: usize, settings: &Settings) -> ExitCode {
    let page = |input: &str| -> (u8, String) {
        let outcome = read(input, settings);
        let mut line = Line {
            path: input,
            status: 0,
            error: None,
            report: None,
            title: None,
            text: None,
            html: None,
            markdown: None,
        };
        match &outcome {
            Err(f) => {
                line.status = f.status;
                line.error = Some(&f.message);
            }
            Ok(Extracted { report, article: None }) => line.report = Some(report),
            Ok(Extracted { report, article: Some(article) }) => {
                line.title = report.title.as_deref();
                let slot = match settings.form {
                    Form::Html => &mut line.html,
                    Form::Markdown => &mut line.markdown,
                    Form::Text | Form::Report => &mut line.text,
                };
                *slot = Some(article);
            }
        }
        match serde_json::to_string(&line) {
            Ok(json) => (line.status, json),
            Err(e) => {
                let error = format!("cannot write the report: {e}");
                let fallback = serde_json::json!({ "path": input, "status": EXIT_UNREADABLE, "error": error });
                (EXIT_UNREADABLE, fallback.to_string())
            }
        }
    };
    let mut out = Out::new();
    match batch::run(inputs, jobs, page, &mut out).and_then(|worst| out.finish().map(|()| worst)) {
        Ok(worst) => ExitCode::from(worst),
        Err(e) => e.exit(),
    }
}

/// Reads one page (`-` is standard input) and extracts its article, in the form asked.
fn read(input: &str, settings: &Settings) -> Result<Extracted, Failure> {
    let unreadable = |message: String| Failure { status: EXIT_UNREADABLE, message };
    let bytes = if input == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).map_err(|e| unreadable(format!("cannot read: {e}")))?;
        buf
    } else {
        std::fs::read(input).map_err(|e| {
            if std::path::Path::new(input).is_dir() {
                unreadable("a folder with no .html, .htm or .xhtml page below it".into())
            } else {
                unreadable(format!("cannot read: {e}"))
            }
        })?
    };
    let html = folio::input::html::decode(&bytes).map_err(|e| unreadable(e.to_string()))?;
    let url = settings.url.as_deref();
    let opts = folio::Options { rules: settings.rules.as_ref() };
    let analysed = catch_unwind(AssertUnwindSafe(|| {
        let analysis = folio::analyse_html(&html, url, opts)?;
        let report = analysis.report;
        let article = match (settings.form, analysis.article) {
            (Form::Report, _) => None,
            (Form::Text, _) => Some(report.text_content.clone()),
            (Form::Html, _) => Some(report.content.clone()),
            (Form::Markdown, Some(root)) => Some(markdown::document(&report, url, &analysis.page, root)),
            (Form::Markdown, None) => Some(String::new()),
        };
        Ok(Extracted { report, article })
    }));
    match analysed {
        Ok(Ok(read)) => Ok(read),
        Ok(Err(e @ folio::Error::NoArticle(_))) => Err(Failure { status: EXIT_NO_ARTICLE, message: e.to_string() }),
        Ok(Err(e)) => Err(unreadable(e.to_string())),
        Err(_) => Err(unreadable("internal error while reading the page (please report it)".into())),
    }
}
