// Folio's automatic modes (content script registered by background/sites.js, only on sites
// the user put in an automatic mode and granted Folio access to; runs after content/snapshot.js
// at document_idle, top frame only).
// - "reader": on an article page, asks the background to open the reader view (the same scripts
//   as a toolbar click, so a click closes it again).
// - "declutter": snapshots the page, asks the background which of the snapshot's nodes to hide
//   (the core's declutter()), and hides them on the live page with display: none !important,
//   restoring the page's scrolling when the core says the article is all there. Then it keeps up
//   with the page: walls and overlays injected later (a vendor script, an in-page navigation)
//   get one more pass, at most one a second, while the tab is visible; a scroll lock put back
//   after the core lifted it is lifted again. Each pass reads the page in slices, so the page's
//   thread is never held for long. Undoable: globalThis[Symbol.for("folio.declutter")].undo().
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

  let hidden = 0;
  let scrollLifted = false; // the core said the article is all there: the page's scroll lock goes
  let stopped = false;

  /** One pass: read the page (in slices), ask the core, hide what it names. False: unavailable. */
  async function declutter() {
    if (typeof globalThis.folioSnapshotSliced !== "function") return false;
    const snapshot = await globalThis.folioSnapshotSliced(document, { keepNodes: true });
    const nodes = globalThis.folioSnapshotNodes;
    globalThis.folioSnapshotNodes = undefined;
    if (!Array.isArray(nodes)) {
      console.warn("Folio: this snapshot.js does not give the live nodes; Declutter in place is unavailable");
      return false;
    }
    const result = await api.runtime.sendMessage({ type: "folio:declutter", snapshot });
    if (!result || result.error) {
      console.warn("Folio: declutter:", result?.error ?? "no answer");
      return false;
    }
    if (stopped) return false;
    for (const i of Array.isArray(result.hide) ? result.hide : []) {
      const el = nodes[i];
      if (!el || el.nodeType !== 1 || !el.isConnected || el === document.documentElement || el === document.body || el === document.head) continue;
      if (el.style.getPropertyValue("display") === "none" && el.style.getPropertyPriority("display") === "important") continue;
      setImportant(el, "display", "none");
      hidden++;
    }
    scrollLifted ||= Boolean(result.unlockScroll);
    liftScrollLock();
    document.documentElement.setAttribute("data-folio-decluttered", String(hidden));
    observer?.takeRecords(); // our own changes are not the page's
    return true;
  }

  function liftScrollLock() {
    if (!scrollLifted) return;
    for (const el of [document.documentElement, document.body]) {
      if (el && getComputedStyle(el).overflowY !== "visible") setImportant(el, "overflow", "visible");
    }
  }

  // Keeping up: added elements, or a class or style put back on <html>/<body> (a scroll lock),
  // ask for one more pass; passes are a second apart at least and wait while the tab is hidden.
  const GAP_MS = 1000;
  let observer = null;
  let timer = 0;
  let busy = false;
  let again = false;
  let lastPass = 0;

  function relevant(records) {
    const root = document.documentElement;
    return records.some((r) => r.type === "attributes"
      ? r.target === root || r.target === document.body
      : [...r.addedNodes].some((n) => n.nodeType === 1 && n.id !== "folio-reader-host"));
  }

  function schedule() {
    if (stopped || timer || document.visibilityState !== "visible") return;
    if (busy) {
      again = true;
      return;
    }
    timer = setTimeout(pass, Math.max(0, lastPass + GAP_MS - performance.now()));
  }

  async function pass() {
    timer = 0;
    busy = true;
    try {
      await declutter();
    } catch (e) {
      console.warn("Folio: declutter:", e?.message ?? e);
    } finally {
      busy = false;
      lastPass = performance.now();
      if (again) {
        again = false;
        schedule();
      }
    }
  }

  function watch() {
    observer = new MutationObserver((records) => {
      if (relevant(records)) schedule();
    });
    observer.observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ["class", "style"] });
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") schedule();
      else if (timer) {
        clearTimeout(timer);
        timer = 0;
      }
    });
  }

  function stop() {
    stopped = true;
    observer?.disconnect();
    clearTimeout(timer);
    undo();
  }

  globalThis[KEY] = Object.freeze({ undo: stop });

  api.runtime.sendMessage({ type: "folio:auto" }).then(async (answer) => {
    if (answer?.mode === "reader") {
      if (looksLikeArticle()) await api.runtime.sendMessage({ type: "folio:auto-open" });
    } else if (answer?.mode === "declutter") {
      if (await declutter()) {
        lastPass = performance.now();
        watch();
      }
    }
  }).catch((e) => console.warn("Folio:", e?.message ?? e));
})();
