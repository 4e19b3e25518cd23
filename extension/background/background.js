// Folio's background: a Chrome service worker and a Firefox MV3 event page (same file, an ES
// module in both: manifest background.type "module").
// It injects the content script on a toolbar click, hands the page's snapshot to the reader
// frame (handoff.js) and relays the frame's close to the content script of its tab. It makes no
// network request of its own.
"use strict";

// Per-site modes (automatic reader view, declutter in place) and settings migrations.
import "./sites.js";
// The page's and the toolbar button's context menus.
import { installMenus } from "./menus.js";
import { forgetTab, offer, take } from "./handoff.js";

const api = globalThis.browser ?? globalThis.chrome;
const READER_PATH = "/reader/reader.html";

// When each tab's last click came (epoch ms on the browser's clock), for the view's timeline.
const clickedAt = new Map();

// Chromium can run a click's handler before that click's activeTab grant has reached the tab:
// on a page opened a moment before, about one click in twenty under load failed with "Cannot
// access contents of the page", and the same injection 250 ms later succeeded (QUALITY.md).
// So a failed injection is tried again, twice, before Folio gives up on the page.
const INJECT_RETRY_MS = [150, 400];

function inject(tabId, retries = INJECT_RETRY_MS) {
  return api.scripting
    .executeScript({ target: { tabId }, files: ["content/snapshot.js", "content/content.js"] })
    .catch((e) => {
      if (!retries.length) throw e;
      return new Promise((resolve) => setTimeout(resolve, retries[0])).then(() => inject(tabId, retries.slice(1)));
    });
}

// Each injection toggles the reader view (content.js keeps its state between injections).
function toggleReader(tab) {
  if (!tab || tab.id == null || tab.id < 0) return;
  clickedAt.set(tab.id, performance.timeOrigin + performance.now());
  inject(tab.id).catch((e) => console.warn("Folio cannot run on this page:", e?.message ?? e));
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

// Folio's content script in a tab's top frame (not an extension page: the page cannot send
// runtime messages at all).
function fromContentScript(sender) {
  return sender.id === api.runtime.id && sender.tab && sender.tab.id >= 0 && sender.frameId === 0 &&
    !/^(chrome|moz)-extension:/.test(sender.url ?? "");
}

api.tabs.onRemoved.addListener((tabId) => {
  forgetTab(tabId);
  clickedAt.delete(tabId);
});

api.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  if (msg?.type === "folio:snapshot") {
    if (typeof msg.nonce !== "string" || !fromContentScript(sender)) return false;
    const marks = { ...msg.marks };
    const clicked = clickedAt.get(sender.tab.id);
    if (clicked != null && clicked <= (marks.injected ?? Infinity)) marks.clicked = clicked;
    offer(sender.tab.id, msg.nonce, msg.snapshot, marks);
    sendResponse(true);
    return false;
  }
  if (msg?.type === "folio:view" && msg.open === false && fromContentScript(sender)) {
    forgetTab(sender.tab.id);
    return false;
  }
  if (msg?.type === "folio:ready") {
    if (typeof msg.nonce !== "string" || !fromReader(sender)) return false;
    const tabId = sender.tab.id;
    const ask = () => api.tabs.sendMessage(tabId, { type: "folio:snapshot", nonce: msg.nonce }, { frameId: 0 });
    take(tabId, msg.nonce, ask).then(sendResponse);
    return true; // the answer comes when the page is read
  }
  if (msg?.type === "folio:options" && fromReader(sender)) {
    api.runtime.openOptionsPage().then(() => sendResponse(true), () => sendResponse(false));
    return true;
  }
  if (!msg || typeof msg.nonce !== "string" || !fromReader(sender)) return false;
  if (msg.type !== "folio:close") return false;
  // Tell the content script of the top frame of the reader's own tab; it acts only when the
  // nonce is the one of the view it opened.
  api.tabs
    .sendMessage(sender.tab.id, { type: "folio:close", nonce: msg.nonce }, { frameId: 0 })
    .then(
      (answer) => sendResponse(answer ?? null),
      (e) => sendResponse({ error: String(e?.message ?? e) }),
    );
  return true; // the answer comes asynchronously
});
