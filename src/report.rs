//! The report: what Folio found on a page, one serde model for the command line, wasm and the
//! extension. Its JSON keys are camelCase and stable: other tools read them.

use serde::{Deserialize, Serialize};

/// Everything the reader view and the command line need about one page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub title: Option<String>,
    pub byline: Option<String>,
    pub site_name: Option<String>,
    pub published_time: Option<String>,
    pub lang: Option<String>,
    pub dir: Option<String>,
    pub excerpt: Option<String>,
    pub lead_image: Option<String>,
    /// The cheap pre-check on the page as delivered (enough long visible paragraphs): it decides
    /// automatic mode only, never whether an article is shown.
    pub readerable: bool,
    /// Whether extraction found an article: enough text of article shape in the chosen node.
    /// The one decision behind the command line's exit status and the view's "no article".
    pub has_article: bool,
    /// The reader view's HTML: only allow-listed elements and attributes, checked URLs.
    pub content: String,
    /// Plain text of the article: one block per paragraph, a blank line between blocks.
    pub text_content: String,
    pub wall: Wall,
    pub removed: Vec<Removal>,
}

/// A subscription wall, when one was found.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Wall {
    pub detected: bool,
    /// Which kind of wall, when detected: `truncation`, `overlay`, `fade`, `meter`, `markup`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub kind: Option<String>,
    /// Whether the article text the page delivered ends early.
    pub cut_off: bool,
    /// The signals that fired, each a short human-readable phrase.
    pub signals: Vec<String>,
}

/// One thing the reader view left out, with why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Removal {
    pub kind: RemovalKind,
    /// Which signal fired.
    pub reason: String,
    /// A short sample of the removed text.
    pub text: String,
}

/// The kinds of removal the reader view counts and lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RemovalKind {
    Ad,
    Wall,
    DuplicateCaption,
    Promo,
    /// Hidden by one of the user's own rules.
    Rule,
}
