// Folio's content script (classic script, isolated world, top frame). Each injection toggles
// the reader view. Opening takes a snapshot of the live page (content/snapshot.js) and covers
// the page with an extension frame (reader/reader.html) inside a closed shadow root; closing
// removes it and puts the page back exactly as it was. The reader frame fetches the snapshot
// through the background (runtime messaging, which the page cannot reach), by nonce.
(() => {
  "use strict";

  const api = globalThis.browser ?? globalThis.chrome;
  const KEY = Symbol.for("folio.reader");

  // Already injected in this page: this injection is a toolbar click, so toggle.
  if (globalThis[KEY]) {
    globalThis[KEY].toggle();
    return;
  }

  const HOST_ID = "folio-reader-host";
  const CSS = `
    :host {
      all: initial !important;
      display: block !important;
      position: fixed !important;
      inset: 0 !important;
      width: 100% !important;
      height: 100% !important;
      margin: 0 !important;
      padding: 0 !important;
      border: 0 !important;
      z-index: 2147483647 !important;
      background: #fff !important;
      opacity: 1 !important;
      visibility: visible !important;
      transform: none !important;
      filter: none !important;
    }
    iframe {
      display: block;
      position: fixed;
      inset: 0;
      width: 100%;
      height: 100%;
      border: 0;
      margin: 0;
      padding: 0;
      z-index: 2147483647;
      background: #fff;
      color-scheme: normal;
    }`;

  /** @type {null | {nonce: string, snapshot: string, host: Element, saved: object}} */
  let view = null;

  function takeSnapshot() {
    try {
      if (typeof globalThis.folioSnapshot === "function") return globalThis.folioSnapshot(document);
    } catch (e) {
      console.warn("Folio: snapshot failed:", e);
      return JSON.stringify({ error: String(e?.message ?? e), url: location.href });
    }
    return "{}";
  }

  // The exact style attribute of an element (null when absent), to restore byte for byte.
  function saveStyle(el) {
    return el ? { el, attr: el.getAttribute("style") } : null;
  }

  function lockScroll(saved) {
    if (!saved) return;
    saved.overflow = saved.el.style.getPropertyValue("overflow");
    saved.priority = saved.el.style.getPropertyPriority("overflow");
    saved.el.style.setProperty("overflow", "hidden", "important");
  }

  function restoreStyle(saved) {
    if (!saved) return;
    const { el, attr } = saved;
    // Undo through the CSSOM first (no CSP report on strict pages), then fix the exact text.
    if (saved.overflow) el.style.setProperty("overflow", saved.overflow, saved.priority);
    else el.style.removeProperty("overflow");
    if (attr === null) {
      if (el.hasAttribute("style")) el.removeAttribute("style");
    } else if (el.getAttribute("style") !== attr) {
      el.setAttribute("style", attr);
    }
  }

  function onKeyDown(e) {
    if (e.key === "Escape" && view) {
      e.stopImmediatePropagation();
      e.preventDefault();
      close();
    }
  }

  function open() {
    const html = document.documentElement;
    const saved = {
      x: window.scrollX,
      y: window.scrollY,
      html: saveStyle(html),
      body: saveStyle(document.body),
    };
    // Snapshot first: the page as it is, before we touch anything.
    const snapshot = takeSnapshot();
    const nonce = crypto.randomUUID();

    const host = document.createElement("div");
    host.id = HOST_ID;
    const root = host.attachShadow({ mode: "closed" });
    const style = document.createElement("style");
    style.textContent = CSS;
    const frame = document.createElement("iframe");
    frame.title = api.i18n.getMessage("reader_frameTitle") || "Folio reader view";
    frame.src = api.runtime.getURL("reader/reader.html") + "?s=" + nonce;
    frame.addEventListener("load", () => frame.focus(), { once: true });
    root.append(style, frame);

    view = { nonce, snapshot, host, saved };
    lockScroll(saved.html);
    lockScroll(saved.body);
    html.appendChild(host);
    window.addEventListener("keydown", onKeyDown, true);
  }

  function close() {
    if (!view) return;
    const { host, saved } = view;
    view = null;
    window.removeEventListener("keydown", onKeyDown, true);
    host.remove();
    restoreStyle(saved.html);
    restoreStyle(saved.body);
    window.scrollTo({ left: saved.x, top: saved.y, behavior: "instant" });
  }

  function toggle() {
    if (view) close();
    else open();
  }

  // Relayed by the background from our reader frame; answer only the view we opened.
  api.runtime.onMessage.addListener((msg, sender, sendResponse) => {
    if (sender.id !== api.runtime.id || !view || !msg || msg.nonce !== view.nonce) return false;
    if (msg.type === "folio:snapshot") {
      sendResponse(view.snapshot);
    } else if (msg.type === "folio:close") {
      close();
      sendResponse(true);
    }
    return false;
  });

  globalThis[KEY] = Object.freeze({ toggle });
  toggle();
})();
