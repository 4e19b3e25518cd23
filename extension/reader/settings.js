// The reader view's typography settings, persisted in storage.sync under one key. Values are
// checked on the way in and out: anything unknown falls back to the default.
const api = globalThis.browser ?? globalThis.chrome;

export const STORAGE_KEY = "folio.settings.v1";
export const SIZES = [14, 15, 16, 17, 18, 19, 20, 22, 24, 26, 28, 32];
const CHOICES = {
  theme: ["system", "light", "sepia", "dark"],
  font: ["serif", "sans"],
  width: ["narrow", "medium", "wide"],
  spacing: ["tight", "normal", "loose"],
};
export const DEFAULTS = Object.freeze({ theme: "system", font: "serif", size: 19, width: "medium", spacing: "normal" });

/** A complete, valid settings object from whatever was stored. */
export function clean(raw) {
  const s = { ...DEFAULTS };
  if (raw && typeof raw === "object") {
    for (const [k, allowed] of Object.entries(CHOICES)) if (allowed.includes(raw[k])) s[k] = raw[k];
    if (SIZES.includes(raw.size)) s.size = raw.size;
  }
  return s;
}

export async function load() {
  try {
    const got = await api.storage.sync.get(STORAGE_KEY);
    return clean(got?.[STORAGE_KEY]);
  } catch (e) {
    console.warn("Folio: cannot read settings:", e);
    return { ...DEFAULTS };
  }
}

export async function save(settings) {
  try {
    await api.storage.sync.set({ [STORAGE_KEY]: clean(settings) });
  } catch (e) {
    console.warn("Folio: cannot save settings:", e);
  }
}

/** Calls `fn(settings)` when another view (or the options page) changes them. */
export function onChange(fn) {
  api.storage.onChanged.addListener((changes, area) => {
    if (area === "sync" && changes[STORAGE_KEY]) fn(clean(changes[STORAGE_KEY].newValue));
  });
}
