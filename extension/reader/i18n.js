// The reader view's strings: _locales/<lang>/messages.json through the i18n API. Static markup
// names its strings in data-i18n (text), data-i18n-aria-label and data-i18n-title attributes.
const api = globalThis.browser ?? globalThis.chrome;

/** The message `key` with its placeholders filled from `subs` (a string or an array). */
export function t(key, subs) {
  const s = api.i18n.getMessage(key, subs == null ? undefined : [].concat(subs).map(String));
  return s || key;
}

/** The UI's language (for plural rules), e.g. "en". */
export const uiLang = () => api.i18n.getUILanguage?.() || "en";

/** "3 promotions": the key `${base}_one` or `${base}_other` by the UI language's plural rules. */
export function plural(base, n) {
  let rule = "other";
  try {
    rule = new Intl.PluralRules(uiLang()).select(n);
  } catch {
    rule = n === 1 ? "one" : "other";
  }
  return t(`${base}_${rule === "one" ? "one" : "other"}`, n);
}

/** Fills every data-i18n* attribute under `root` (textContent, never HTML). */
export function localize(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-aria-label]")) el.setAttribute("aria-label", t(el.dataset.i18nAriaLabel));
  for (const el of root.querySelectorAll("[data-i18n-title]")) el.title = t(el.dataset.i18nTitle);
  document.documentElement.lang = uiLang();
}
