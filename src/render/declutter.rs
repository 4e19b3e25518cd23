//! In-place declutter: from the same findings as the reader view, which of the page's own
//! nodes to hide and whether to give scrolling back, keeping the site's layout.

use crate::page::{NodeId, Page};
use crate::report::{Removal, RemovalKind, Wall};
use crate::Options;

/// What to do to the live page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    /// Nodes to hide (outermost only).
    pub hide: Vec<NodeId>,
    /// Give back the scrolling a wall locked: only when the article is all there.
    pub unlock_scroll: bool,
    pub removed: Vec<Removal>,
    pub wall: Wall,
}

/// Plans the declutter of a page. Wall interface is lifted only where the page already holds
/// the whole article (an overlay or a meter over it); where a wall cut the article off, its
/// interface stays, since hiding it would show nothing more (label, never circumvent).
pub fn plan(page: &Page, opts: Options) -> Plan {
    let meta = crate::metadata::read(page);
    let findings = crate::findings(page, &meta, opts);
    let whole = !findings.wall.cut_off;
    let mut plan = Plan { wall: findings.wall, ..Plan::default() };
    for f in findings.removals {
        let lift = match f.removal.kind {
            RemovalKind::Wall => whole,
            RemovalKind::Ad | RemovalKind::Promo | RemovalKind::DuplicateCaption | RemovalKind::Rule => true,
        };
        if lift {
            plan.hide.push(f.node);
            plan.removed.push(f.removal);
        }
    }
    plan.unlock_scroll = plan.wall.detected && whole;
    plan
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    const PROSE: &str = "<p>This paragraph is the article text, long enough to count as prose for the guard, and it goes on a while.</p>";

    #[test]
    fn an_overlay_over_a_whole_article_is_lifted() {
        let html = format!(
            r#"<body class=tp-modal-open style="overflow:hidden"><article>{}</article><div id=ad class="ad-slot"></div>
            <div class="tp-modal" style="position:fixed;inset:0">You have reached your limit of free articles. <a href=/s>Subscribe</a></div></body>"#,
            PROSE.repeat(6)
        );
        let page = crate::input::html::parse(&html, Some("https://n.example/a")).unwrap();
        let p = plan(&page, Options::default());
        assert!(p.unlock_scroll);
        assert_eq!(p.hide.len(), 2, "{:?}", p.removed);
    }

    #[test]
    fn a_wall_that_cut_the_article_stays() {
        let html = format!(
            "<body><article>{}</article><div class=gate><h3>Sign up to read this article</h3><a href=/s>Sign up</a></div></body>",
            PROSE.repeat(3)
        );
        let page = crate::input::html::parse(&html, Some("https://n.example/a")).unwrap();
        let p = plan(&page, Options::default());
        assert!(p.wall.cut_off && !p.unlock_scroll);
        assert!(p.hide.is_empty(), "{:?}", p.removed);
    }

    #[test]
    fn user_rules_hide_and_keep() {
        let html = format!("<body><article>{}<div class=promo-box><a href=/x>Our newsletter</a></div><p class=mine>Mine.</p></article></body>", PROSE.repeat(6));
        let page = crate::input::html::parse(&html, Some("https://www.n.example/a")).unwrap();
        let rules = crate::rules::parse("n.example##.mine\n##.promo-box\nn.example#@#.promo-box");
        let p = plan(&page, Options { rules: Some(&rules) });
        let kinds: Vec<_> = p.removed.iter().map(|r| (r.kind, r.text.clone())).collect();
        assert_eq!(kinds, [(RemovalKind::Rule, "Mine.".to_string())]);
    }
}
