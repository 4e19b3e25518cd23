//! What Folio gives back: `article`, the allow-list walk that renders the extracted article as
//! HTML, text or live DOM; `markdown`, a sink over it; `images`; `declutter`, the in-place plan.

pub mod article;
pub mod declutter;
pub mod images;
pub mod markdown;
