// Folio's background: a Chrome service worker and a Firefox MV3 event page (same file, an ES
// module in both: manifest background.type "module").
// It injects the content script on a toolbar click and relays messages between the reader
// frame and the content script of its tab. It makes no network request of its own.
"use strict";

// Per-site modes (automatic reader view, declutter in place) and settings migrations.
import "./sites.js";
// The page's and the toolbar button's context menus.
import { installMenus } from "./menus.js";

const api = globalThis.browser ?? globalThis.chrome;
const READER_PATH = "/reader/reader.html";

// Each injection toggles the reader view (content.js keeps its state between injections).
function toggleReader(tab) {
  if (!tab || tab.id == null || tab.id < 0) return;
  api.scripting
    .executeScript({ target: { tabId: tab.id }, files: ["content/snapshot.js", "content/content.js"] })
    .catch((e) => console.warn("Folio cannot run on this page:", e?.message ?? e));
}

// The toolbar button and the keyboard shortcut (commands "toggle-reader", Alt+Shift+F by
// default) do the same; both grant activeTab.
api.action.onClicked.addListener(toggleReader);
installMenus(toggleReader);
api.commands.onCommand.addListener(async (command, tab) => {
  if (command !== "toggle-reader") return;
  tab ??= (await api.tabs.query({ active: true, currentWindow: true }))[0];
  toggleReader(tab);
});

// Whether a message comes from our own reader frame inside a tab. Chromium's dynamic URLs
// (use_dynamic_url) give the frame another host than runtime.getURL here, so check the
// extension id, the scheme and the path, not a URL prefix.
function fromReader(sender) {
  if (sender.id !== api.runtime.id || !sender.tab || sender.tab.id == null) return false;
  try {
    const u = new URL(sender.url);
    return /^(chrome|moz)-extension:$/.test(u.protocol) && u.pathname === READER_PATH;
  } catch {
    return false;
  }
}

api.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  if (msg?.type === "folio:options" && fromReader(sender)) {
    api.runtime.openOptionsPage().then(() => sendResponse(true), () => sendResponse(false));
    return true;
  }
  if (!msg || typeof msg.nonce !== "string" || !fromReader(sender)) return false;
  let kind;
  if (msg.type === "folio:ready") kind = "folio:snapshot";
  else if (msg.type === "folio:close") kind = "folio:close";
  else return false;
  // Ask the content script of the top frame of the reader's own tab; it answers only when the
  // nonce is the one of the view it opened.
  api.tabs
    .sendMessage(sender.tab.id, { type: kind, nonce: msg.nonce }, { frameId: 0 })
    .then(
      (answer) => sendResponse(answer ?? null),
      (e) => sendResponse({ error: String(e?.message ?? e) }),
    );
  return true; // the answer comes asynchronously
});
