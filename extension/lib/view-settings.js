// What the reader view reads as it opens: its typography settings and the custom rules (schema:
// lib/storage.js, which re-exports all of this). Apart so that the view opens without the Public Suffix List.
const api = globalThis.browser ?? globalThis.chrome;

// storage.sync quotas, the same in Chrome and Firefox.
export const SYNC_QUOTA = { bytesPerItem: 8192, bytes: 102400, items: 512, writesPerMinute: 120 };

// The reader view's typography settings.
export const TYPOGRAPHY_KEY = "typography";
/** Where schema version 2 (and the reader view before it) kept them, in storage.sync. */
export const LEGACY_SETTINGS_KEY = "folio.settings.v1";
export const TYPOGRAPHY_SIZES = Object.freeze([14, 15, 16, 17, 18, 19, 20, 22, 24, 26, 28, 32]);
export const TYPOGRAPHY_CHOICES = Object.freeze({
  theme: Object.freeze(["system", "light", "sepia", "dark"]),
  font: Object.freeze(["serif", "sans"]),
  width: Object.freeze(["narrow", "medium", "wide"]),
  spacing: Object.freeze(["tight", "normal", "loose"]),
});
export const TYPOGRAPHY_DEFAULTS = Object.freeze({ theme: "system", font: "serif", size: 19, width: "medium", spacing: "normal" });

// How storage.sync counts an item: the key's length plus its value as JSON (UTF-8 bytes).
export function itemBytes(key, value) {
  return new TextEncoder().encode(key + JSON.stringify(value)).length;
}

export class QuotaError extends Error {}

export async function getRules(area = { local: api.storage.local }) {
  const { rules } = await area.local.get("rules");
  return typeof rules === "string" ? rules : "";
}


// ---- typography (the reader view's settings) ------------------------------------------------

/** A complete, valid typography object from whatever was stored: each bad field gets its default. */
export function cleanTypography(raw) {
  const s = { ...TYPOGRAPHY_DEFAULTS };
  if (raw && typeof raw === "object" && !Array.isArray(raw)) {
    for (const [k, allowed] of Object.entries(TYPOGRAPHY_CHOICES)) if (allowed.includes(raw[k])) s[k] = raw[k];
    if (TYPOGRAPHY_SIZES.includes(raw.size)) s.size = raw.size;
  }
  return s;
}

export const isFallback = (fb) => !!fb && typeof fb === "object" && "settings" in fb;

/** The typography settings ({settings, fallback, reason}): the local copy when a sync write failed. */
export async function getTypographyInfo(area = { sync: api.storage.sync, local: api.storage.local }) {
  const { typographyFallback: fb } = await area.local.get("typographyFallback");
  if (isFallback(fb)) return { settings: cleanTypography(fb.settings), fallback: true, reason: String(fb.reason ?? "") };
  const got = await area.sync.get([TYPOGRAPHY_KEY, LEGACY_SETTINGS_KEY]);
  // Before the migration has run (a view opened during an update), the old key still answers.
  const raw = TYPOGRAPHY_KEY in got ? got[TYPOGRAPHY_KEY] : got[LEGACY_SETTINGS_KEY];
  return { settings: cleanTypography(raw), fallback: false, reason: "" };
}

export async function getTypography(area) {
  return (await getTypographyInfo(area)).settings;
}

/**
 * Writes the typography settings (checked) to storage.sync. When sync refuses them (a quota, too
 * many writes a minute), keeps them in storage.local instead and says so:
 * {ok: false, fallback: true, message}. Never loses data.
 */
export async function writeTypography(settings, area = { sync: api.storage.sync, local: api.storage.local }) {
  const clean = cleanTypography(settings);
  try {
    const size = itemBytes(TYPOGRAPHY_KEY, clean);
    if (size > SYNC_QUOTA.bytesPerItem) throw new QuotaError(`the typography settings would take ${size} bytes (at most ${SYNC_QUOTA.bytesPerItem})`);
    // No schemaVersion stamp here: the reader view may write before migrate() has run (during an
    // update), and a stamp would hide the older data from it.
    await area.sync.set({ [TYPOGRAPHY_KEY]: clean });
    await area.local.remove("typographyFallback");
    return { ok: true, fallback: false, message: "" };
  } catch (e) {
    const reason = String(e?.message ?? e);
    await area.local.set({ typographyFallback: { settings: clean, savedAt: Date.now(), reason } });
    return { ok: false, fallback: true, message: reason };
  }
}

/**
 * Calls `fn(settings)` when the typography settings change (another view, another device, or a
 * write from this page). Returns an unsubscribe function.
 */
export function onTypographyChanged(fn) {
  const listener = (changes, areaName) => {
    if (areaName === "sync" && changes[TYPOGRAPHY_KEY]?.newValue !== undefined) fn(cleanTypography(changes[TYPOGRAPHY_KEY].newValue));
    else if (areaName === "local" && isFallback(changes.typographyFallback?.newValue)) fn(cleanTypography(changes.typographyFallback.newValue.settings));
  };
  api.storage.onChanged.addListener(listener);
  return () => api.storage.onChanged.removeListener(listener);
}
