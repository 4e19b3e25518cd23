// The reader view's typography settings, kept by lib/view-settings.js (schema in lib/storage.js: storage.sync
// under "typography", or storage.local when a sync write is refused; see there). Values are
// checked on the way in and out: anything unknown falls back to the default.
import {
  TYPOGRAPHY_DEFAULTS, TYPOGRAPHY_SIZES, cleanTypography, getTypography, onTypographyChanged, writeTypography,
} from "../lib/view-settings.js";

export const SIZES = TYPOGRAPHY_SIZES;
export const DEFAULTS = TYPOGRAPHY_DEFAULTS;

/** A complete, valid settings object from whatever was stored. */
export const clean = cleanTypography;

export async function load() {
  try {
    return await getTypography();
  } catch (e) {
    console.warn("Folio: cannot read settings:", e);
    return { ...DEFAULTS };
  }
}

/**
 * Saves the settings. Resolves to lib/storage.js's answer: {ok, fallback, message}; when sync
 * refused them they are kept locally (the options page says so) and nothing is lost.
 */
export async function save(settings) {
  try {
    const r = await writeTypography(settings);
    if (!r.ok) console.warn("Folio: settings kept on this computer only (not synced):", r.message);
    return r;
  } catch (e) {
    console.warn("Folio: cannot save settings:", e);
    return { ok: false, fallback: false, message: String(e?.message ?? e) };
  }
}

/** Calls `fn(settings)` when another view (or the options page) changes them. */
export function onChange(fn) {
  onTypographyChanged(fn);
}
