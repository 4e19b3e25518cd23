// Folio's options page: per-site modes (storage.sync, see lib/storage.js) and the custom rules
// (storage.local), checked line by line by the core's parseRules(). Keyboard-usable: native
// controls only, labelled, in document order. No network: import reads a local file, export
// downloads a Blob.
import * as core from "../core/folio.js";
import {
  DEFAULT_MODE, getRules, getSitesInfo, getTypographyInfo, migrate, onSettingsChanged, onSyncFallbackChanged, setRules,
  siteOfInput,
} from "../lib/storage.js";
import { chooseSiteMode } from "../lib/site-mode.js";

const api = globalThis.browser ?? globalThis.chrome;
const $ = (id) => document.getElementById(id);
const MODE_KEYS = { off: "site_modeOff", declutter: "site_modeDeclutter", reader: "site_modeReader" };
const EXPORT_NAME = "folio-rules.txt";

function t(key, subs) {
  const s = api.i18n.getMessage(key, subs == null ? undefined : [].concat(subs).map(String));
  return s || key;
}
const modeName = (mode) => t(MODE_KEYS[mode] ?? MODE_KEYS.off);

function localize() {
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  document.documentElement.lang = api.i18n.getUILanguage?.() || "en";
  document.title = t("options_title");
}

function say(el, text, isError = false) {
  el.textContent = text;
  el.classList.toggle("error", isError);
}

// ---- core (parseRules) ---------------------------------------------------------------------

let coreLoad = null;
async function parser() {
  coreLoad ??= core.default().then(() => (typeof core.parseRules === "function" ? core.parseRules : null), (e) => {
    console.warn("Folio: the core did not load:", e);
    return null;
  });
  return coreLoad;
}

/** {rules, errors} from the core, or null when this build cannot check rules. */
async function parse(text) {
  const parseRules = await parser();
  if (!parseRules) return null;
  const r = parseRules(text);
  return { rules: Array.isArray(r?.rules) ? r.rules : [], errors: Array.isArray(r?.errors) ? r.errors : [] };
}

// ---- sites ---------------------------------------------------------------------------------

let sites = {};

function renderSites(info) {
  sites = info.sites;
  const body = $("sites-body");
  body.replaceChildren();
  const names = Object.keys(sites).sort();
  for (const site of names) {
    const tr = document.createElement("tr");
    tr.dataset.site = site;
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = site;
    tr.append(th);
    for (const mode of ["off", "declutter", "reader"]) {
      const td = document.createElement("td");
      const input = document.createElement("input");
      input.type = "radio";
      input.name = `mode:${site}`;
      input.value = mode;
      input.checked = sites[site] === mode;
      input.setAttribute("aria-label", t("options_modeFor", [site, modeName(mode)]));
      input.addEventListener("change", () => {
        if (input.checked) changeMode(site, mode, input);
      });
      td.append(input);
      tr.append(td);
    }
    const td = document.createElement("td");
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "remove";
    remove.textContent = "×";
    remove.setAttribute("aria-label", t("options_removeSite", site));
    remove.title = t("options_removeSite", site);
    remove.addEventListener("click", () => changeMode(site, DEFAULT_MODE, remove));
    td.append(remove);
    tr.append(td);
    body.append(tr);
  }
  $("sites-table").hidden = names.length === 0;
  $("sites-empty").hidden = names.length !== 0;
}

/**
 * The warning when storage.sync refused the per-site modes or the reader view's typography
 * (kept in storage.local meanwhile).
 */
function renderSyncWarning(sitesInfo, typographyInfo) {
  const reasons = [];
  if (sitesInfo.fallback) reasons.push(sitesInfo.reason || "quota");
  if (typographyInfo.fallback) reasons.push(`${t("reader_settingsTitle")}: ${typographyInfo.reason || "quota"}`);
  const warn = $("sync-warning");
  warn.hidden = reasons.length === 0;
  warn.textContent = reasons.length ? t("options_syncFallback", reasons.join("; ")) : "";
}

async function refreshSites() {
  const [info, typography] = await Promise.all([getSitesInfo(), getTypographyInfo()]);
  renderSites(info);
  renderSyncWarning(info, typography);
}

async function refreshSyncWarning() {
  const [info, typography] = await Promise.all([getSitesInfo(), getTypographyInfo()]);
  renderSyncWarning(info, typography);
}

// Must be called synchronously from the click or key handler: chooseSiteMode asks for the
// site's host permission first, and browsers allow that only during a user gesture.
async function changeMode(site, mode, control) {
  const before = sites[site] ?? DEFAULT_MODE;
  const r = await chooseSiteMode(site, mode);
  const status = $("sites-status");
  if (r.refused) {
    say(status, t("options_permissionRefused", [site, modeName(before)]), true);
    await refreshSites();
    return false;
  }
  say(status, mode === DEFAULT_MODE ? t("options_removed", site) : t("options_saved", [site, modeName(mode)]));
  if (!r.ok) say(status, t("options_syncFallback", r.message), true);
  await refreshSites();
  // Keep the keyboard where it was (the table is rebuilt).
  if (control?.name) {
    document.querySelector(`tr[data-site="${CSS.escape(site)}"] input[value="${mode}"]`)?.focus();
  } else if (control?.classList?.contains("remove")) {
    $("add-site-input").focus();
  }
  return true;
}

function onAddSite(e) {
  e.preventDefault();
  const input = $("add-site-input");
  const site = siteOfInput(input.value);
  const mode = new FormData($("add-site")).get("mode") ?? "declutter";
  if (!site) {
    say($("sites-status"), t("options_badSite", input.value.trim()), true);
    input.setAttribute("aria-invalid", "true");
    input.focus();
    return;
  }
  input.removeAttribute("aria-invalid");
  changeMode(site, mode, null).then((ok) => {
    if (ok) input.value = "";
  });
}

// ---- rules ---------------------------------------------------------------------------------

let savedRules = "";
let checkTimer = 0;

function showErrors(list, errors) {
  list.replaceChildren();
  for (const err of errors) {
    const li = document.createElement("li");
    li.dataset.line = String(err.line);
    li.textContent = t("options_ruleError", [err.line, err.message ?? "", String(err.text ?? "").slice(0, 200)]);
    list.append(li);
  }
}

async function checkRules() {
  const text = $("rules").value;
  const r = await parse(text);
  const summary = $("rules-summary");
  const textarea = $("rules");
  if (!r) {
    say(summary, t("options_rulesUnchecked"));
    showErrors($("rules-errors"), []);
    textarea.removeAttribute("aria-invalid");
    return null;
  }
  if (r.errors.length) {
    say(summary, t("options_rulesErrors", r.errors.length), true);
    textarea.setAttribute("aria-invalid", "true");
  } else {
    say(summary, t("options_rulesOk", r.rules.length));
    textarea.removeAttribute("aria-invalid");
  }
  showErrors($("rules-errors"), r.errors);
  return r;
}

function markDirty() {
  $("rules-dirty").hidden = $("rules").value === savedRules;
}

async function saveRules(text = $("rules").value) {
  const r = await setRules(text);
  const status = $("rules-status-text");
  if (!r.ok) {
    say(status, t("options_rulesNotSaved", r.message), true);
    return false;
  }
  savedRules = text;
  markDirty();
  const parsed = await checkRules();
  say(status, t("options_rulesSaved", parsed ? parsed.rules.length : text.split("\n").filter((l) => l.trim() && !l.trim().startsWith("!")).length));
  return true;
}

async function importFile(file) {
  const status = $("rules-status-text");
  const list = $("import-errors");
  list.replaceChildren();
  let text;
  try {
    text = await file.text();
  } catch (e) {
    say(status, t("options_importFailed", [file.name, e?.message ?? e]), true);
    return;
  }
  text = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const r = await parse(text);
  const bad = new Set((r?.errors ?? []).map((e) => Number(e.line)));
  const good = text.split("\n").filter((_, i) => !bad.has(i + 1)).join("\n").replace(/\n+$/, "");
  const cur = $("rules").value.replace(/\n+$/, "");
  const merged = cur ? `${cur}\n${good}\n` : `${good}\n`;
  $("rules").value = merged;
  await saveRules(merged);
  const count = r ? r.rules.length : good.split("\n").filter((l) => l.trim() && !l.trim().startsWith("!")).length;
  say(status, t("options_imported", [count, file.name]), bad.size > 0);
  for (const err of r?.errors ?? []) {
    const li = document.createElement("li");
    li.dataset.line = String(err.line);
    li.textContent = t("options_importSkipped", [err.line, err.message ?? "", String(err.text ?? "").slice(0, 200)]);
    list.append(li);
  }
}

function exportRules() {
  const text = $("rules").value;
  const blob = new Blob([text], { type: "text/plain;charset=utf-8" });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = EXPORT_NAME;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  $("import-errors").replaceChildren();
  say($("rules-status-text"), t("options_exported", [text ? text.replace(/\n$/, "").split("\n").length : 0, EXPORT_NAME]));
}

// ---- start ---------------------------------------------------------------------------------

async function main() {
  localize();
  await migrate().catch((e) => console.warn("Folio: migration:", e));
  $("add-site").addEventListener("submit", onAddSite);
  $("rules").addEventListener("input", () => {
    markDirty();
    clearTimeout(checkTimer);
    checkTimer = setTimeout(checkRules, 300);
  });
  $("save-rules").addEventListener("click", () => saveRules());
  $("import-file").addEventListener("change", (e) => {
    const file = e.target.files?.[0];
    if (file) importFile(file).finally(() => (e.target.value = ""));
  });
  $("export-rules").addEventListener("click", exportRules);
  onSettingsChanged(async (changes) => {
    if (Object.keys(changes).some((k) => k.startsWith("sites"))) await refreshSites();
    if ("rules" in changes && $("rules").value === savedRules) {
      savedRules = $("rules").value = await getRules();
      markDirty();
      checkRules();
    }
  });
  onSyncFallbackChanged(() => refreshSyncWarning());
  await refreshSites();
  savedRules = $("rules").value = await getRules();
  markDirty();
  await checkRules();
  document.documentElement.dataset.ready = "true";
}

main().catch((e) => {
  console.error("Folio options:", e);
  document.documentElement.dataset.ready = "error";
});
