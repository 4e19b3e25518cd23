// Choosing a site's mode from a user's gesture (the reader's Site panel, the toolbar button's
// context menu): an automatic mode needs the site's host permission, asked for first.

import { DEFAULT_MODE, originsForSite, setSiteMode } from "./storage.js";

const api = globalThis.browser ?? globalThis.chrome;

/**
 * Sets `site` to `mode`. Call it straight from the gesture's handler: permissions.request runs
 * before anything is awaited (browsers grant it only inside the gesture). Off gives the
 * permission back. Resolves to {ok: true} | {ok: false, refused: true} | {ok: false, message}.
 */
export function chooseSiteMode(site, mode) {
  const origins = originsForSite(site);
  const granted = mode === DEFAULT_MODE ? Promise.resolve(true) : api.permissions.request({ origins }).catch(() => false);
  return granted.then(async (ok) => {
    if (!ok) return { ok: false, refused: true };
    const r = await setSiteMode(site, mode);
    if (mode === DEFAULT_MODE) await api.permissions.remove({ origins }).catch(() => {});
    return r.ok ? { ok: true } : { ok: false, message: r.message };
  });
}
