// The reader view's "Site" panel: the per-site mode of the page being read (Off, Declutter in
// place, Reader view automatically) and a way to the options page (all sites, custom rules).
// Owned by the settings side (lib/storage.js); the reader view mounts it:
//
//   import { mountSitePanel } from "./site-panel.js";
//   mountSitePanel(containerElement, pageUrl);   // pageUrl: the snapshot's url
//
// It renders native, labelled controls only (keyboard-usable) into `container`, replacing its
// children. Choosing an automatic mode asks for the site's host permission from the click
// itself (permissions.request needs a user gesture); the mode applies from the next page load.
import { DEFAULT_MODE, getSiteMode, onSettingsChanged, siteOfUrl } from "../lib/storage.js";
import { chooseSiteMode } from "../lib/site-mode.js";

const api = globalThis.browser ?? globalThis.chrome;
const MODES = [["off", "site_modeOff"], ["declutter", "site_modeDeclutter"], ["reader", "site_modeReader"]];

function t(key, subs) {
  const s = api.i18n.getMessage(key, subs == null ? undefined : [].concat(subs).map(String));
  return s || key;
}

function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "dataset") Object.assign(e.dataset, v);
    else if (k in e) e[k] = v;
    else e.setAttribute(k, v);
  }
  e.append(...children);
  return e;
}

/** Renders the panel for `pageUrl` into `container`. Returns {site, refresh()}. */
export async function mountSitePanel(container, pageUrl) {
  const site = siteOfUrl(pageUrl);
  container.replaceChildren();
  container.classList.add("folio-site-panel");
  if (!site) {
    container.append(el("p", {}, t("site_panelNoSite")));
    return { site: null, refresh: async () => {} };
  }
  const name = `folio-site-mode-${Math.random().toString(36).slice(2)}`;
  const status = el("p", { className: "folio-site-status", role: "status", "aria-live": "polite" });
  const fieldset = el("fieldset", {}, el("legend", {}, t("site_panelTitle", site)));
  const inputs = new Map();
  for (const [mode, key] of MODES) {
    const input = el("input", { type: "radio", name, value: mode });
    input.addEventListener("change", () => {
      if (input.checked) choose(mode);
    });
    inputs.set(mode, input);
    fieldset.append(el("label", {}, input, " ", el("span", {}, t(key))));
  }
  const options = el("button", { type: "button", className: "folio-site-options" }, t("site_openOptions"));
  // Firefox gives an extension page framed in a tab no runtime.openOptionsPage: the background
  // opens it there.
  options.addEventListener("click", () => {
    const opened = typeof api.runtime.openOptionsPage === "function"
      ? api.runtime.openOptionsPage()
      : api.runtime.sendMessage({ type: "folio:options" });
    opened?.catch?.((e) => console.warn("Folio: could not open the options page:", e));
  });
  container.append(fieldset, status, options);

  let current = DEFAULT_MODE;
  async function refresh() {
    current = await getSiteMode(site);
    for (const [mode, input] of inputs) input.checked = mode === current;
  }

  function choose(mode) {
    chooseSiteMode(site, mode).then(async (r) => {
      if (r.refused) status.textContent = t("site_permissionRefused", site);
      else status.textContent = r.ok ? t("site_nextLoad", site) : t("options_syncFallback", r.message);
      await refresh();
    });
  }

  onSettingsChanged(() => refresh());
  await refresh();
  return { site, refresh };
}
