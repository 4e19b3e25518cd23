// The context menus. On the page: "Open in Folio reader view" ("Close reader view" while open).
// On the toolbar button: this site's mode as three radio items (Off / Declutter in place /
// Reader view automatically), checked to match, and "Custom rules…" to the options page.
//
// Without the "tabs" permission the background does not see a tab's address, so it learns each
// tab's site from Folio's own scripts there (the reader's content script, the automatic modes'
// script, which runs on every site in a mode); a tab it knows nothing of is on an Off site. A
// click on an item grants activeTab, and with it the tab's address, which decides.
import { DEFAULT_MODE, MODES, getSiteMode, onSettingsChanged, siteOfUrl } from "../lib/storage.js";
import { chooseSiteMode } from "../lib/site-mode.js";

const api = globalThis.browser ?? globalThis.chrome;
const menus = api.menus ?? api.contextMenus;
const t = (key) => api.i18n.getMessage(key) || key;

export const TOGGLE = "folio-toggle";
export const RULES = "folio-rules";
export const modeItem = (mode) => `folio-mode-${mode}`;
const MODE_LABELS = { off: "site_modeOff", declutter: "site_modeDeclutter", reader: "site_modeReader" };

/** What Folio's scripts told about each tab: its site, and whether the reader view is open. */
const tabs = new Map(); // tabId → {site, open}

/** The items, created once per install and per browser start (they persist in between). */
export async function createMenus() {
  await menus.removeAll();
  const create = (props) => menus.create(props, () => void api.runtime.lastError);
  create({ id: TOGGLE, title: t("menu_openReader"), contexts: ["page"] });
  for (const mode of MODES) {
    create({ id: modeItem(mode), type: "radio", checked: mode === DEFAULT_MODE, title: t(MODE_LABELS[mode]), contexts: ["action"] });
  }
  create({ id: "folio-separator", type: "separator", contexts: ["action"] });
  create({ id: RULES, title: t("menu_customRules"), contexts: ["action"] });
  await refresh();
}

/** Brings the items in line with the active tab (or `tabId`): the toggle's words, the checked mode. */
async function refresh(tabId) {
  try {
    tabId ??= (await api.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id;
    const known = tabs.get(tabId) ?? {};
    const mode = known.site ? await getSiteMode(known.site) : DEFAULT_MODE;
    await Promise.all([
      menus.update(TOGGLE, { title: t(known.open ? "menu_closeReader" : "menu_openReader") }),
      ...MODES.map((m) => menus.update(modeItem(m), { checked: m === mode })),
    ]);
  } catch (e) {
    console.warn("Folio: cannot update the menus:", e?.message ?? e);
  }
}

/** What a content script of ours says about its tab (`open` undefined: the site alone). */
function noteTab(tabId, url, open) {
  const site = siteOfUrl(url);
  const was = tabs.get(tabId);
  tabs.set(tabId, { site, open: open ?? (was?.site === site ? was.open : false) });
  return refresh(tabId);
}

/** Wires the menus to `toggleReader(tab)`, the toolbar button's own action. */
export function installMenus(toggleReader) {
  menus.onClicked.addListener((info, tab) => {
    if (info.menuItemId === TOGGLE) return toggleReader(tab);
    if (info.menuItemId === RULES) return void api.runtime.openOptionsPage();
    const mode = MODES.find((m) => info.menuItemId === modeItem(m));
    if (!mode) return;
    // The click granted activeTab: the tab's address is there.
    const site = siteOfUrl(tab?.url ?? info.pageUrl);
    if (!site) return void refresh(tab?.id);
    // No await before this call: the permission request must run inside the click.
    chooseSiteMode(site, mode).then(() => {
      if (tab?.id != null) tabs.set(tab.id, { ...tabs.get(tab.id), site });
      return refresh(tab?.id);
    });
  });
  // Firefox says when a menu is about to show: the state is brought up to date just before.
  menus.onShown?.addListener(async (info, tab) => {
    if (tab?.id != null && (tab.url || info.pageUrl)) tabs.set(tab.id, { ...tabs.get(tab.id), site: siteOfUrl(tab.url || info.pageUrl) });
    await refresh(tab?.id);
    menus.refresh?.();
  });
  api.tabs.onActivated.addListener(({ tabId }) => refresh(tabId));
  api.tabs.onRemoved.addListener((tabId) => tabs.delete(tabId));
  // A new page in the tab: the view is gone, and the site may be another.
  api.tabs.onUpdated.addListener((tabId, change) => {
    if (change.status === "loading" && tabs.has(tabId)) {
      tabs.set(tabId, { site: null, open: false });
      refresh(tabId);
    }
  });
  // Folio's content scripts say where they run: the reader's (with the view's state), the
  // automatic modes' (on every site in a mode). Only listened to here; others answer them.
  api.runtime.onMessage.addListener((msg, sender) => {
    if (!["folio:view", "folio:auto"].includes(msg?.type)) return false;
    if (sender.id !== api.runtime.id || !sender.tab || sender.tab.id < 0 || sender.frameId !== 0) return false;
    if (/^(chrome|moz)-extension:/.test(sender.url ?? "")) return false;
    noteTab(sender.tab.id, sender.url ?? sender.tab.url, msg.type === "folio:view" ? Boolean(msg.open) : undefined);
    return false;
  });
  onSettingsChanged(() => refresh());
  api.runtime.onInstalled.addListener(() => createMenus());
  api.runtime.onStartup.addListener(() => createMenus());
}
