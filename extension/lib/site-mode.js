// Choosing a site's mode from a user's gesture (the reader's Site panel, the toolbar button's
// context menu): an automatic mode needs the site's host permission, asked for first.

import { DEFAULT_MODE, originsForSite, setSiteMode } from "./storage.js";

const api = globalThis.browser ?? globalThis.chrome;

/** permissions.request, which may refuse by throwing at once as well as by rejecting: false then. */
function requestAccess(origins) {
  const refused = (e) => {
    console.warn("Folio: permissions.request:", e?.message ?? e);
    return false;
  };
  try {
    return api.permissions.request({ origins }).catch(refused);
  } catch (e) {
    return Promise.resolve(refused(e));
  }
}

/**
 * Sets `site` to `mode`. Call it straight from the gesture's handler: permissions.request runs
 * before anything is awaited (browsers grant it only inside the gesture). Off gives the
 * permission back. Resolves to {ok: true} | {ok: false, refused: true} | {ok: false, message}.
 */
export function chooseSiteMode(site, mode) {
  const origins = originsForSite(site);
  const granted = mode === DEFAULT_MODE ? Promise.resolve(true) : requestAccess(origins);
  return granted.then(async (ok) => {
    if (!ok) return { ok: false, refused: true };
    const r = await setSiteMode(site, mode);
    if (mode === DEFAULT_MODE) await api.permissions.remove({ origins }).catch(() => {});
    return r.ok ? { ok: true } : { ok: false, message: r.message };
  });
}
