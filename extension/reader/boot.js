// The reader view's first steps, as soon as its page begins to parse: ask for the page's
// snapshot and compile the core while the rest of the view loads (reader.js picks both up).

// A classic script, first in reader.html's <head>; the two promises are globalThis.folioBoot.
"use strict";
(() => {
  const api = globalThis.browser ?? globalThis.chrome;
  const nonce = new URLSearchParams(location.search).get("s") ?? "";
  const now = () => performance.timeOrigin + performance.now();
  /** When each step ended (epoch ms), for the view's timeline (timing.js). */
  const at = { boot: now() };
  const stamp = (name) => (value) => {
    at[name] = now();
    return value;
  };
  // The extension's own core, next to this page's folder; never anything else.
  const coreUrl = new URL("../core/folio_bg.wasm", location.href);
  const compile = () =>
    WebAssembly.compileStreaming(fetch(coreUrl)).catch(async (e) => {
      // A browser that serves the file without the wasm MIME type: compile it from its bytes.
      if (!(e instanceof TypeError)) throw e;
      return WebAssembly.compile(await (await fetch(coreUrl)).arrayBuffer());
    });
  const snapshot = api.runtime.sendMessage({ type: "folio:ready", nonce }).then(stamp("snapshot"));
  const core = compile().then(stamp("compiled"));
  // Rejections are read by reader.js; none is reported twice meanwhile.
  snapshot.catch(() => {});
  core.catch(() => {});
  Object.defineProperty(globalThis, "folioBoot", { value: Object.freeze({ nonce, at, snapshot, core }) });
})();
