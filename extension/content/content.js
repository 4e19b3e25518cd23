// Folio's content script (classic script, isolated world, top frame). Each injection toggles
// the reader view. Opening covers the page with an extension frame (reader/reader.html) inside a
// closed shadow root and, while it loads, takes a snapshot of the live page (content/snapshot.js);
// closing removes it and puts the page back exactly as it was. The snapshot goes to the reader
// frame through the background (runtime messaging, which the page cannot reach), by nonce.
(() => {
  "use strict";

  const api = globalThis.browser ?? globalThis.chrome;
  const KEY = Symbol.for("folio.reader");
  // The click's timeline (reader/timing.js has the view's part): epoch ms on the browser's clock.
  const now = () => performance.timeOrigin + performance.now();
  const injected = now();

  // Already injected in this page: this injection is a toolbar click, so toggle.
  if (globalThis[KEY]) {
    globalThis[KEY].toggle(injected);
    return;
  }

  const HOST_ID = "folio-reader-host";
  const XHTML = "http://www.w3.org/1999/xhtml";
  const SVG = "http://www.w3.org/2000/svg";
  // HTML elements in any document: createElement makes namespace-less ones in XML documents
  // (a standalone .svg), which neither render nor take a shadow root.
  const make = (name) => document.createElementNS(XHTML, name);
  // The snapshot travels to the view as one extension message (Chromium refuses messages over
  // 64 MiB), and a 50 MB page kept the view loading for half a minute: past this size the view
  // says so at once.
  const MAX_SNAPSHOT_BYTES = 32_000_000;
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

  /** @type {null | {nonce: string, host: Element, saved: object, snapshot?: string | object}} */
  let view = null;

  // A page of up to this many elements is read in one task, right after the view's frame goes in:
  // the page's scripts cannot react to the frame before the read is done (a MutationObserver
  // runs after the task), and the read is short. A larger page is read first, in slices, and
  // the frame goes in after (the page learns of Folio only once it is read).
  const SAME_TASK_MAX_ELEMENTS = 5000;

  // The page's snapshot (content/snapshot.js), or an {error} JSON the view shows. `sliced`: read
  // in slices, so a big page keeps its thread between them (a promise); else at once, in this task.
  function takeSnapshot(skip, sliced) {
    const failed = (e) => {
      console.warn("Folio: snapshot failed:", e);
      return JSON.stringify({ error: String(e?.message ?? e), url: location.href });
    };
    const read = sliced ? globalThis.folioSnapshotSliced : globalThis.folioSnapshot;
    if (typeof read !== "function") return sliced ? Promise.resolve("{}") : "{}";
    try {
      const snapshot = read(document, { skip });
      return sliced ? snapshot.catch(failed) : snapshot;
    } catch (e) {
      return sliced ? Promise.resolve(failed(e)) : failed(e);
    }
  }

  // The snapshot, or {error} (shown by the view) when it is too large to send and read.
  function capSize(snapshot) {
    // In UTF-8 a UTF-16 unit takes at most 3 bytes: most snapshots need no counting.
    if (snapshot.length * 3 <= MAX_SNAPSHOT_BYTES) return snapshot;
    const bytes = snapshot.length > MAX_SNAPSHOT_BYTES ? snapshot.length : new TextEncoder().encode(snapshot).byteLength;
    if (bytes <= MAX_SNAPSHOT_BYTES) return snapshot;
    const mb = (n) => String(Math.round(n / 1e6));
    const reason = api.i18n.getMessage("reader_errorTooLarge", [mb(bytes), mb(MAX_SNAPSHOT_BYTES)]) ||
      `it is too large (${mb(bytes)} MB of text and markup; Folio reads pages of up to ${mb(MAX_SNAPSHOT_BYTES)} MB)`;
    return { error: reason };
  }

  // A standalone SVG document renders HTML only inside <foreignObject>: one over the whole
  // window (the root's user units mapped back to CSS pixels) carries the host there.
  function svgMount(root, host) {
    const fo = document.createElementNS(SVG, "foreignObject");
    const inverse = root.getScreenCTM?.()?.inverse();
    if (inverse) {
      const { a, b, c, d, e, f } = inverse;
      fo.setAttribute("transform", `matrix(${a} ${b} ${c} ${d} ${e} ${f})`);
    }
    for (const [name, value] of [["x", 0], ["y", 0], ["width", window.innerWidth], ["height", window.innerHeight]]) {
      fo.setAttribute(name, String(value));
    }
    fo.appendChild(host);
    return fo;
  }

  // The exact style attribute of an element (null when absent), to restore byte for byte.
  function saveStyle(el) {
    return el ? { el, attr: el.getAttribute("style") } : null;
  }

  // Sets `props` (!important), keeping the values they replace.
  function lockStyle(saved, props) {
    if (!saved) return;
    const { style } = saved.el;
    saved.props = Object.entries(props).map(([name, value]) => {
      const before = [name, style.getPropertyValue(name), style.getPropertyPriority(name)];
      style.setProperty(name, value, "important");
      return before;
    });
  }

  function restoreStyle(saved) {
    if (!saved) return;
    const { el, attr } = saved;
    // Undo through the CSSOM first (no CSP report on strict pages), then fix the exact text.
    for (const [name, value, priority] of saved.props ?? []) {
      if (value) el.style.setProperty(name, value, priority);
      else el.style.removeProperty(name);
    }
    if (attr === null) {
      if (el.hasAttribute("style")) el.removeAttribute("style");
    } else if (el.getAttribute("style") !== attr) {
      el.setAttribute("style", attr);
    }
  }

  function onKeyDown(e) {
    // Only the user's own key press: the page can dispatch a synthetic Escape at any time.
    if (e.isTrusted && e.key === "Escape" && view) {
      e.stopImmediatePropagation();
      e.preventDefault();
      close();
    }
  }

  // True while a snapshot is being taken.
  let reading = false;

  // A small page: the view's frame goes in first and loads (in the extension's own process)
  // while the page is read in the same task; the read leaves the frame out and sees the page as
  // it was (the scroll lock comes after). A large page: read first, then the frame. The
  // snapshot goes to the background, which hands it to the frame that shows this nonce.
  // 128 random bits in hex. Not crypto.randomUUID(): it exists only in secure contexts, and a
  // page served over plain HTTP is not one (the view would not open there at all).
  function newNonce() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  async function open(marks) {
    const html = document.documentElement;
    const saved = {
      x: window.scrollX,
      y: window.scrollY,
      html: saveStyle(html),
      body: saveStyle(document.body),
    };
    const nonce = newNonce();

    const host = make("div");
    host.id = HOST_ID;
    const root = host.attachShadow({ mode: "closed" });
    const style = make("style");
    style.textContent = CSS;
    const frame = make("iframe");
    frame.title = api.i18n.getMessage("reader_frameTitle") || "Folio reader view";
    frame.src = api.runtime.getURL("reader/reader.html") + "?s=" + nonce;
    frame.addEventListener("load", () => frame.focus(), { once: true });
    root.append(style, frame);
    // The same rules again as a constructed sheet: when the page moves the host, Chromium applies
    // the page's CSP (style-src) to the <style> that the page's script re-inserted and drops it;
    // an adopted sheet is not subject to it. (Firefox does not apply it in SVG documents: hence both.)
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } catch {
      // the <style> alone
    }

    const svg = html.namespaceURI === SVG;
    let inserted = false;
    const insert = () => {
      inserted = true;
      // A standalone SVG's root clips to its own size: it covers the window while the view is
      // open, from before the host is placed in it (an SVG document has no article to read).
      if (svg) lockStyle(saved.html, { overflow: "hidden", width: "100vw", height: "100vh" });
      const mount = svg ? svgMount(html, host) : host;
      view = { nonce, host: mount, saved };
      html.appendChild(mount);
      marks.frameInserted = now();
      window.addEventListener("keydown", onKeyDown, true);
    };

    reading = true;
    let snapshot;
    try {
      if (document.getElementsByTagName("*").length <= SAME_TASK_MAX_ELEMENTS) {
        insert();
        marks.snapshotStart = now();
        snapshot = capSize(takeSnapshot(view.host, false));
        marks.snapshotEnd = now();
      } else {
        marks.snapshotStart = now();
        snapshot = capSize(await takeSnapshot(null, true));
        marks.snapshotEnd = now();
        insert();
      }
    } catch (e) {
      // The view says why rather than wait.
      snapshot = { error: String(e?.message ?? e) };
      if (!inserted) insert();
    } finally {
      reading = false;
    }
    // Closed (Esc) while the page was read: nothing more to do.
    if (view?.nonce !== nonce) return;
    // The scroll lock, now that the page is read.
    if (!svg) lockStyle(saved.html, { overflow: "hidden" });
    lockStyle(saved.body, { overflow: "hidden" });
    view.snapshot = snapshot;
    marks.snapshotSent = now();
    api.runtime.sendMessage({ type: "folio:snapshot", nonce, snapshot, marks }).catch((e) => {
      console.warn("Folio: the snapshot did not reach the view:", e);
    });
    tellBackground(true);
  }

  // The background's context menu says "Close reader view" while the view is open.
  function tellBackground(open) {
    try {
      api.runtime.sendMessage({ type: "folio:view", open }).catch(() => {});
    } catch {
      // the extension was reloaded: nothing to tell
    }
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
    tellBackground(false);
  }

  function toggle(injectedAt) {
    // A click while the page is still being read: the view is on its way (the read of a very
    // large page takes seconds); the next click after it appears closes it.
    if (reading) return;
    // The page may have taken the view away (removed the host, document.open()): then this click
    // opens it again, after putting back what the lost view changed (the scroll lock).
    if (view && view.host.isConnected) {
      close();
    } else {
      close();
      open({ injected: injectedAt }).catch((e) => {
        reading = false;
        console.warn("Folio: could not open the reader view:", e);
      });
    }
  }

  // Relayed by the background from our reader frame; answer only the view we opened.
  api.runtime.onMessage.addListener((msg, sender, sendResponse) => {
    if (sender.id !== api.runtime.id || !view || !msg || msg.nonce !== view.nonce) return false;
    if (msg.type === "folio:snapshot") {
      // The background lost the one it was given (it was restarted): null while still reading.
      sendResponse(view.snapshot ?? null);
    } else if (msg.type === "folio:close") {
      close();
      sendResponse(true);
    }
    return false;
  });

  globalThis[KEY] = Object.freeze({ toggle });
  toggle(injected);
})();
