// The background's half of the per-site modes (imported by background.js, an ES module in
// both browsers: Chrome's module service worker, Firefox's MV3 event page with type "module").
//
// - Keeps one registered content script, "folio-auto" (content/snapshot.js + content/auto.js),
//   whose matches are the sites in an automatic mode ("declutter", "reader") for which the user
//   granted the host permission. It persists across sessions and is re-checked on install, on
//   startup and whenever the settings or the permissions change.
// - Answers content/auto.js: the mode of its page's site; "folio:auto-open" injects the reader
//   (the same scripts as a toolbar click); "folio:declutter" runs the core's declutter() on the
//   page's snapshot and returns which of the snapshot's nodes to hide.
import * as core from "../core/folio.js";
import { getRules, getSiteMode, getSites, migrate, onSettingsChanged, originsForSite, siteOfUrl } from "../lib/storage.js";

const api = globalThis.browser ?? globalThis.chrome;
const SCRIPT_ID = "folio-auto";
const AUTO_MODES = new Set(["declutter", "reader"]);

let coreReady = null;
function loadCore() {
  // wasm-bindgen's init fetches core/folio_bg.wasm next to core/folio.js (extension origin).
  coreReady ??= core.default().catch((e) => {
    coreReady = null;
    throw e;
  });
  return coreReady;
}

/** The match patterns of every site in an automatic mode whose host permission is granted. */
async function wantedMatches() {
  const sites = await getSites();
  const matches = [];
  for (const [site, mode] of Object.entries(sites)) {
    if (!AUTO_MODES.has(mode)) continue;
    const origins = originsForSite(site);
    if (await api.permissions.contains({ origins }).catch(() => false)) matches.push(...origins);
  }
  return matches.sort();
}

let reconciling = Promise.resolve();
/** Brings the registered content script in line with the settings and permissions. */
export function reconcile() {
  reconciling = reconciling.then(reconcileNow, reconcileNow);
  return reconciling;
}

async function reconcileNow() {
  try {
    const matches = await wantedMatches();
    const existing = (await api.scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] }).catch(() => []))[0];
    if (!matches.length) {
      if (existing) await api.scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
      return;
    }
    if (existing && JSON.stringify([...(existing.matches ?? [])].sort()) === JSON.stringify(matches)) return;
    if (existing) await api.scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
    await api.scripting.registerContentScripts([{
      id: SCRIPT_ID,
      matches,
      js: ["content/snapshot.js", "content/auto.js"],
      runAt: "document_idle",
      allFrames: false,
      persistAcrossSessions: true,
    }]);
  } catch (e) {
    console.warn("Folio: cannot register the automatic modes' content script:", e?.message ?? e);
  }
}

async function startup() {
  try {
    await migrate();
  } catch (e) {
    console.warn("Folio: settings migration failed:", e?.message ?? e);
  }
  await reconcile();
}

api.runtime.onInstalled.addListener(() => startup());
api.runtime.onStartup.addListener(() => startup());
onSettingsChanged(() => reconcile());
api.permissions.onAdded?.addListener(() => reconcile());
api.permissions.onRemoved?.addListener(() => reconcile());

// Only our own content script, in the top frame of a tab, on an http(s) page.
function fromAutoScript(sender) {
  return sender.id === api.runtime.id && sender.tab && sender.tab.id >= 0 && sender.frameId === 0 &&
    !/^(chrome|moz)-extension:/.test(sender.url ?? "") && siteOfUrl(sender.url ?? sender.tab.url);
}

async function answer(msg, sender) {
  const site = fromAutoScript(sender);
  const mode = await getSiteMode(site);
  if (msg.type === "folio:auto") return { mode, site };
  if (msg.type === "folio:auto-open") {
    if (mode !== "reader") return { ok: false };
    await api.scripting.executeScript({
      target: { tabId: sender.tab.id, frameIds: [0] },
      files: ["content/snapshot.js", "content/content.js"],
    });
    return { ok: true };
  }
  if (msg.type === "folio:declutter") {
    if (mode !== "declutter") return { error: "this site is not in Declutter mode" };
    await loadCore();
    if (typeof core.declutter !== "function") return { error: "this build of the core has no declutter()" };
    // The core reads the page's host (for site-specific rules) from the snapshot's url.
    return core.declutter(String(msg.snapshot ?? ""), await getRules());
  }
  return null;
}

api.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  if (!msg || !["folio:auto", "folio:auto-open", "folio:declutter"].includes(msg.type)) return false;
  if (!fromAutoScript(sender)) return false;
  answer(msg, sender).then(
    (r) => sendResponse(r ?? null),
    (e) => sendResponse({ error: String(e?.message ?? e) }),
  );
  return true;
});
