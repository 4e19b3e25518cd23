//! Folio's core: input fills a page model; metadata, rules and the detectors read it; extraction
//! finds the article; render gives it back. The folders follow that flow (see ARCHITECTURE.md).

pub mod detect;
pub mod extract;
pub mod input;
pub mod metadata;
pub mod page;
mod pipeline;
pub mod render;
pub mod report;
pub mod rules;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use page::{NodeId, Page};
pub use pipeline::{analyse, analyse_with, findings, Analysis};
#[cfg(not(target_arch = "wasm32"))]
pub use pipeline::{analyse_html, extract, extract_with, text_of_html};
pub use report::{Removal, RemovalKind, Report, Wall};

/// Why a page gave no report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The input is not a readable HTML page (empty, binary, undecodable).
    Unreadable(String),
    /// The page is readable but holds no article.
    NoArticle(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Unreadable(why) => write!(f, "unreadable input: {why}"),
            Error::NoArticle(why) => write!(f, "no article: {why}"),
        }
    }
}

impl std::error::Error for Error {}

/// What the user asks of an analysis beyond the defaults.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// The user's own hide and keep rules (those for the page's host apply).
    pub rules: Option<&'a rules::RuleSet>,
}
