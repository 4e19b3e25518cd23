// Folio's automatic modes (content script registered by background/sites.js, only on sites
// the user put in an automatic mode and granted Folio access to; runs after content/snapshot.js
// at document_idle, top frame only).
// - "reader": on an article page, asks the background to open the reader view (the same scripts
//   as a toolbar click, so a click closes it again).
// - "declutter": snapshots the page, asks the background which of the snapshot's nodes to hide
//   (the core's declutter()), and hides them on the live page with display: none !important,
//   restoring the page's scrolling when the core says the article is all there. Undoable:
//   globalThis[Symbol.for("folio.declutter")].undo().
(() => {
  "use strict";

  const api = globalThis.browser ?? globalThis.chrome;
  const KEY = Symbol.for("folio.declutter");
  if (window !== window.top || globalThis[Symbol.for("folio.auto")]) return;
  globalThis[Symbol.for("folio.auto")] = true;

  // A cheap article test on the live page (the core decides what the article is; this only
  // avoids opening the reader on home pages, listings and search results).
  function looksLikeArticle() {
    if (document.querySelector('meta[property="og:type"][content="article" i]')) return true;
    for (const s of document.querySelectorAll('script[type="application/ld+json"]')) {
      if (/"@type"\s*:\s*"(News|Blog|Scholarly|Tech)?Article"|"@type"\s*:\s*\[[^\]]*Article"/.test(s.textContent || "")) return true;
    }
    let chars = 0;
    let paragraphs = 0;
    for (const p of document.querySelectorAll("article p, main p, p")) {
      const n = (p.textContent || "").trim().length;
      if (n >= 80) {
        paragraphs++;
        chars += n;
      }
      if (paragraphs >= 4 && chars >= 1200) return true;
    }
    return false;
  }

  // What we changed, to undo it exactly.
  const changed = [];
  function setImportant(el, prop, value) {
    changed.push({ el, prop, value: el.style.getPropertyValue(prop), priority: el.style.getPropertyPriority(prop), attr: el.getAttribute("style") });
    el.style.setProperty(prop, value, "important");
  }
  function undo() {
    for (const c of changed.splice(0).reverse()) {
      if (c.value) c.el.style.setProperty(c.prop, c.value, c.priority);
      else c.el.style.removeProperty(c.prop);
      if (c.attr === null) {
        if (c.el.hasAttribute("style") && !c.el.getAttribute("style")) c.el.removeAttribute("style");
      } else if (c.el.getAttribute("style") !== c.attr) {
        c.el.setAttribute("style", c.attr);
      }
    }
    document.documentElement.removeAttribute("data-folio-decluttered");
  }

  async function declutter() {
    if (typeof globalThis.folioSnapshot !== "function") return;
    const snapshot = globalThis.folioSnapshot(document, { keepNodes: true });
    const nodes = globalThis.folioSnapshotNodes;
    globalThis.folioSnapshotNodes = undefined;
    if (!Array.isArray(nodes)) {
      console.warn("Folio: this snapshot.js does not give the live nodes; Declutter in place is unavailable");
      return;
    }
    const result = await api.runtime.sendMessage({ type: "folio:declutter", snapshot });
    if (!result || result.error) {
      console.warn("Folio: declutter:", result?.error ?? "no answer");
      return;
    }
    let hidden = 0;
    for (const i of Array.isArray(result.hide) ? result.hide : []) {
      const el = nodes[i];
      if (!el || el.nodeType !== 1 || el === document.documentElement || el === document.body || el === document.head) continue;
      setImportant(el, "display", "none");
      hidden++;
    }
    if (result.unlockScroll) {
      for (const el of [document.documentElement, document.body]) if (el) setImportant(el, "overflow", "visible");
    }
    document.documentElement.setAttribute("data-folio-decluttered", String(hidden));
  }

  globalThis[KEY] = Object.freeze({ undo });

  api.runtime.sendMessage({ type: "folio:auto" }).then(async (answer) => {
    if (answer?.mode === "reader") {
      if (looksLikeArticle()) await api.runtime.sendMessage({ type: "folio:auto-open" });
    } else if (answer?.mode === "declutter") {
      await declutter();
    }
  }).catch((e) => console.warn("Folio:", e?.message ?? e));
})();
