// Folio's settings: per-site modes, custom rules and the reader view's typography, with a schema
// version and migrations. Used by the background, the options page and the reader view (ES
// module, no dependencies).
//
// Layout (schema version 3):
//   storage.sync   schemaVersion: 3
//                  sites.0 … sites.N-1: {"<registrable domain>": "declutter" | "reader"}, shards
//                  of at most SHARD_BYTES each; sitesShards: N. Sites in "off" (the default) are
//                  not stored.
//                  typography: {theme, font, size, width, spacing}, the reader view's settings
//                  (see TYPOGRAPHY_*; under 100 bytes).
//   storage.local  schemaVersion: 3
//                  rules: the custom rules (uBlock Origin cosmetic syntax), one text, any size
//                  sitesFallback: {sites, savedAt, reason} when a sync write failed (over a quota,
//                  too many writes): the settings are kept here and read from here until a
//                  sync write succeeds again. Nothing is lost.
//                  typographyFallback: {settings, savedAt, reason}, the same for the typography.
//
// Schema version 2 (Folio 0.1): as version 3 without typography; the reader view kept its
// settings apart, in storage.sync under "folio.settings.v1" (same fields). The migration moves
// them to "typography" (checked and completed with the defaults) and removes the old key only
// once they are written. The old key is also looked for in any later version, so a migration
// interrupted halfway is finished by the next one.
//
// Schema version 1 (Folio 0.0.x; no schemaVersion key), everything in storage.sync:
//   siteModes: {"<host>": "none" | "clean" | "auto"}, customFilters: "<rules text>".
// Version 1 put the rules in sync, where one item holds at most 8 KB: the migration moves them
// to storage.local, maps the modes (none → off, clean → declutter, auto → reader) and keys hosts
// by their registrable domain.
import { getDomain } from "../vendor/tldts.js";
import {
  SYNC_QUOTA, TYPOGRAPHY_KEY, LEGACY_SETTINGS_KEY, TYPOGRAPHY_SIZES, TYPOGRAPHY_CHOICES, TYPOGRAPHY_DEFAULTS,
  itemBytes, QuotaError, getRules, cleanTypography, getTypographyInfo, getTypography, writeTypography, onTypographyChanged,
  isFallback,
} from "./view-settings.js";

// The reader view's part (typography, rules), for every importer of this module.
export {
  SYNC_QUOTA, TYPOGRAPHY_KEY, LEGACY_SETTINGS_KEY, TYPOGRAPHY_SIZES, TYPOGRAPHY_CHOICES, TYPOGRAPHY_DEFAULTS,
  itemBytes, QuotaError, getRules, cleanTypography, getTypographyInfo, getTypography, writeTypography, onTypographyChanged,
};

const api = globalThis.browser ?? globalThis.chrome;

export const SCHEMA_VERSION = 3;
export const MODES = ["off", "declutter", "reader"];
export const DEFAULT_MODE = "off";

// Room under the per-item quota for the key and JSON overhead.
export const SHARD_BYTES = 7000;

const V1_MODES = { none: "off", clean: "declutter", auto: "reader" };

// ---- sites: registrable domains ------------------------------------------------------------

/**
 * The registrable domain of a host name by the Public Suffix List (tldts, vendored from npm:
 * extension/vendor/README.md), private suffixes included: "www.bbc.co.uk" → "bbc.co.uk",
 * "alice.github.io" → "alice.github.io" (github.io is a suffix: each user's pages are a site of
 * their own), "mail.web.de" → "web.de". An IP address or a single-label name ("localhost") is
 * its own site; a host that is itself a public suffix is too. Null when the host is not one.
 */
export function registrableDomain(host) {
  if (typeof host !== "string") return null;
  let h = host.trim().toLowerCase().replace(/\.$/, "");
  if (h.startsWith("[") || h.includes(":")) return h.replace(/^\[|\]$/g, "") || null; // IPv6
  if (!h || !/^[a-z0-9.-]+$/.test(h) || h.includes("..") || /^[.-]|[.-]$/.test(h)) return null;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(h)) return h; // IPv4: the address itself
  if (!h.includes(".")) return h; // localhost, an intranet name
  return getDomain(h, { allowPrivateDomains: true, validateHostname: false }) ?? h;
}

/** The site of a page address (http/https only), or null. */
export function siteOfUrl(url) {
  try {
    const u = new URL(url);
    if (u.protocol !== "http:" && u.protocol !== "https:") return null;
    return registrableDomain(u.hostname);
  } catch {
    return null;
  }
}

/** Normalises what a user typed in the options page ("https://www.example.com/a" → "example.com"). */
export function siteOfInput(text) {
  const t = String(text ?? "").trim();
  if (!t) return null;
  return siteOfUrl(/^[a-z][a-z0-9+.-]*:\/\//i.test(t) ? t : `https://${t}`);
}

/** Host-permission match patterns covering a site (and its subdomains). */
export function originsForSite(site) {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(site) || !site.includes(".") || site.includes(":")) {
    return [`*://${site.includes(":") ? `[${site}]` : site}/*`];
  }
  return [`*://*.${site}/*`];
}

// ---- sizes and shards ----------------------------------------------------------------------

/** Splits {site: mode} into objects whose JSON stays under SHARD_BYTES. */
export function shardSites(sites) {
  const shards = [];
  let cur = {};
  let size = 2;
  for (const site of Object.keys(sites).sort()) {
    const add = itemBytes(site, sites[site]) + 4;
    if (size + add > SHARD_BYTES && Object.keys(cur).length) {
      shards.push(cur);
      cur = {};
      size = 2;
    }
    cur[site] = sites[site];
    size += add;
  }
  if (Object.keys(cur).length) shards.push(cur);
  return shards;
}

function cleanSites(obj) {
  const out = {};
  if (!obj || typeof obj !== "object") return out;
  for (const [k, v] of Object.entries(obj)) {
    const site = registrableDomain(k);
    if (site && MODES.includes(v) && v !== DEFAULT_MODE) out[site] = v;
  }
  return out;
}

// ---- migration -----------------------------------------------------------------------------

/**
 * Brings stored settings to SCHEMA_VERSION. Idempotent; safe to call from every context.
 * Returns {from, to}.
 */
export async function migrate(area = { sync: api.storage.sync, local: api.storage.local }) {
  const sync = await area.sync.get(null);
  const local = await area.local.get(["schemaVersion", "rules"]);
  const from = sync.schemaVersion ?? local.schemaVersion ?? (("siteModes" in sync || "customFilters" in sync) ? 1 : 0);
  // 2 → 3 (and any version that still has the old key: an interrupted migration).
  if (LEGACY_SETTINGS_KEY in sync) await moveLegacyTypography(sync, area);
  if (from >= SCHEMA_VERSION) return { from, to: from };
  if (from === 1) {
    const sites = {};
    for (const [host, m] of Object.entries(sync.siteModes ?? {})) {
      const site = registrableDomain(host);
      const mode = V1_MODES[m];
      if (site && mode && mode !== DEFAULT_MODE) sites[site] = mode;
    }
    const rules = typeof sync.customFilters === "string" ? sync.customFilters : "";
    // Rules first, to local (no sync quota there); then the sites; the v1 keys go last, so an
    // interrupted migration runs again from v1 without losing anything.
    const prev = typeof local.rules === "string" && local.rules.trim() ? local.rules + "\n" : "";
    await area.local.set({ rules: prev + rules, schemaVersion: SCHEMA_VERSION });
    await writeSites(sites, area);
    await area.sync.remove(["siteModes", "customFilters"]);
  } else {
    await area.local.set({ schemaVersion: SCHEMA_VERSION });
    await area.sync.set({ schemaVersion: SCHEMA_VERSION });
  }
  return { from, to: SCHEMA_VERSION };
}

/**
 * Moves the reader view's settings from the old key (schema version 2) to TYPOGRAPHY_KEY, then
 * removes the old key. Settings already stored under the new layout (synced or kept locally)
 * are newer and win; the old key only goes once the new data is written (to sync, or to local
 * when sync refuses it), so nothing is lost whenever this is interrupted.
 */
async function moveLegacyTypography(sync, area) {
  const { typographyFallback } = await area.local.get("typographyFallback");
  const stored = TYPOGRAPHY_KEY in sync || isFallback(typographyFallback);
  if (!stored) await writeTypography(sync[LEGACY_SETTINGS_KEY], area);
  await area.sync.remove(LEGACY_SETTINGS_KEY);
}

// ---- sites ---------------------------------------------------------------------------------

/** {site: mode} for every site not in the default mode; plus where they came from. */
export async function getSitesInfo(area = { sync: api.storage.sync, local: api.storage.local }) {
  const { sitesFallback } = await area.local.get("sitesFallback");
  if (sitesFallback && sitesFallback.sites) {
    return { sites: cleanSites(sitesFallback.sites), fallback: true, reason: sitesFallback.reason ?? "" };
  }
  const all = await area.sync.get(null);
  const sites = {};
  const n = Number(all.sitesShards) || 0;
  for (let i = 0; i < n; i++) Object.assign(sites, all[`sites.${i}`] ?? {});
  return { sites: cleanSites(sites), fallback: false, reason: "" };
}

export async function getSites(area) {
  return (await getSitesInfo(area)).sites;
}

export async function getSiteMode(site, area) {
  return (await getSites(area))[site] ?? DEFAULT_MODE;
}

/**
 * Writes all sites to storage.sync, sharded. When that is impossible (a quota), keeps them in
 * storage.local instead and says so: {ok: false, fallback: true, message}. Never loses data.
 */
export async function writeSites(sites, area = { sync: api.storage.sync, local: api.storage.local }) {
  const clean = cleanSites(sites);
  const shards = shardSites(clean);
  const items = { schemaVersion: SCHEMA_VERSION, sitesShards: shards.length };
  shards.forEach((s, i) => (items[`sites.${i}`] = s));
  try {
    const total = Object.entries(items).reduce((t, [k, v]) => t + itemBytes(k, v), 0);
    const big = Object.entries(items).find(([k, v]) => itemBytes(k, v) > SYNC_QUOTA.bytesPerItem);
    if (big) throw new QuotaError(`one item would take ${itemBytes(...big)} bytes (at most ${SYNC_QUOTA.bytesPerItem})`);
    if (total > SYNC_QUOTA.bytes - 1024) throw new QuotaError(`the per-site settings would take ${total} bytes of synced storage (at most ${SYNC_QUOTA.bytes})`);
    const old = await area.sync.get("sitesShards");
    await area.sync.set(items);
    const stale = [];
    for (let i = shards.length; i < (Number(old.sitesShards) || 0); i++) stale.push(`sites.${i}`);
    if (stale.length) await area.sync.remove(stale);
    await area.local.remove("sitesFallback");
    return { ok: true, fallback: false, message: "" };
  } catch (e) {
    const reason = String(e?.message ?? e);
    await area.local.set({ sitesFallback: { sites: clean, savedAt: Date.now(), reason }, schemaVersion: SCHEMA_VERSION });
    return { ok: false, fallback: true, message: reason };
  }
}

/** Sets one site's mode ("off" removes it). Returns writeSites' answer. */
export async function setSiteMode(site, mode, area) {
  if (!MODES.includes(mode)) throw new Error(`unknown mode ${mode}`);
  const d = registrableDomain(site);
  if (!d) throw new Error(`not a site: ${site}`);
  const sites = await getSites(area);
  if (mode === DEFAULT_MODE) delete sites[d];
  else sites[d] = mode;
  return writeSites(sites, area);
}

// ---- rules ---------------------------------------------------------------------------------

export async function setRules(text, area = { local: api.storage.local }) {
  try {
    await area.local.set({ rules: String(text ?? ""), schemaVersion: SCHEMA_VERSION });
    return { ok: true, message: "" };
  } catch (e) {
    return { ok: false, message: String(e?.message ?? e) };
  }
}

/** Calls `fn()` whenever sites or rules change, in any context. Returns an unsubscribe function. */
export function onSettingsChanged(fn) {
  const listener = (changes, areaName) => {
    const keys = Object.keys(changes);
    if (keys.some((k) => k.startsWith("sites") || k === "rules" || k === "sitesFallback")) fn(changes, areaName);
  };
  api.storage.onChanged.addListener(listener);
  return () => api.storage.onChanged.removeListener(listener);
}

/**
 * Calls `fn()` when a setting starts or stops being kept in storage.local because storage.sync
 * refused it (sitesFallback, typographyFallback). Returns an unsubscribe function.
 */
export function onSyncFallbackChanged(fn) {
  const listener = (changes, areaName) => {
    if (areaName === "local" && ("sitesFallback" in changes || "typographyFallback" in changes)) fn(changes);
  };
  api.storage.onChanged.addListener(listener);
  return () => api.storage.onChanged.removeListener(listener);
}
