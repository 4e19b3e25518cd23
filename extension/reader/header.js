// The article's header: site, title, byline, date, reading time and a link to the original,
// in the article's language and direction. Text only (textContent).
import { t } from "./i18n.js";

const $ = (id) => document.getElementById(id);
export const WORDS_PER_MINUTE = 230;

/** The page's address, only when it is http(s). */
export function httpUrl(value) {
  if (typeof value !== "string") return null;
  try {
    const u = new URL(value);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch {
    return null;
  }
}

const clean = (v) => (typeof v === "string" ? v.replace(/\s+/g, " ").trim() : "");

/** Words in `text`: word-like segments where Intl.Segmenter exists (CJK too), else runs of non-space. */
export function countWords(text, lang) {
  if (!text) return 0;
  if (typeof Intl.Segmenter === "function") {
    try {
      let n = 0;
      for (const s of new Intl.Segmenter(lang || undefined, { granularity: "word" }).segment(text)) if (s.isWordLike) n++;
      return n;
    } catch {
      // an invalid language tag: count by spaces
    }
  }
  return text.split(/\s+/).filter(Boolean).length;
}

export const minutesFor = (words) => Math.max(1, Math.ceil(words / WORDS_PER_MINUTE));

/** The date in the article's language ("3 December 2025"); the raw value when it cannot be read. */
export function formatDate(raw, lang) {
  const d = new Date(raw);
  if (Number.isNaN(d.getTime())) return raw;
  for (const locale of [lang || undefined, undefined]) {
    try {
      return new Intl.DateTimeFormat(locale, { dateStyle: "long" }).format(d);
    } catch {
      // an invalid language tag: try the browser's
    }
  }
  return raw;
}

export function renderHeader(report, pageUrl) {
  const lang = typeof report.lang === "string" && report.lang.trim() ? report.lang.trim() : "";
  const dir = ["ltr", "rtl", "auto"].includes(report.dir) ? report.dir : "";
  for (const el of [$("folio-header"), $("folio-article")]) {
    if (lang) el.lang = lang;
    if (dir) el.dir = dir;
  }
  $("folio-site").textContent = clean(report.siteName);
  $("folio-title").textContent = clean(report.title);
  $("folio-byline").textContent = clean(report.byline);
  if (report.title) document.title = `${clean(report.title)} · Folio`;

  const original = $("folio-original");
  if (pageUrl) {
    original.href = pageUrl;
    original.target = "_blank";
    original.lang = document.documentElement.lang;
    original.hidden = false;
  }
}

/**
 * The date and the reading time: Intl's date formats and word segmenter, whose first use in a
 * new process takes tens of milliseconds, so the view fills them in after its first paint.
 */
export function renderHeaderDetails(report) {
  const lang = typeof report.lang === "string" && report.lang.trim() ? report.lang.trim() : "";
  const date = $("folio-date");
  const raw = clean(report.publishedTime);
  if (raw) {
    date.textContent = formatDate(raw, lang);
    if (!Number.isNaN(new Date(raw).getTime())) date.dateTime = raw;
  }
  const minutes = minutesFor(countWords(report.textContent ?? "", lang));
  const time = $("folio-reading-time");
  time.textContent = t("reader_readingTime", minutes);
  time.dataset.minutes = String(minutes);
  // UI strings stay in the UI's language inside the article's header.
  time.lang = document.documentElement.lang;
}
