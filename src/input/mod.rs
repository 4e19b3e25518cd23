//! Fills the page model: `snapshot` from the live DOM (a flat JSON snapshot the extension
//! takes), `html` from saved pages (native only: bytes decoded, then parsed with html5ever).

#[cfg(not(target_arch = "wasm32"))]
pub mod html;
pub mod snapshot;
