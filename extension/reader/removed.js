// What the core left out: one "Cleaned: …" line with a count per kind, the wall's cut-off with
// a link to the original, and a Details list of every removed item. Text only (textContent).
import { plural, t } from "./i18n.js";

const $ = (id) => document.getElementById(id);
/** Display order of the kinds; an unknown kind (a future one) is counted as "other". */
const KINDS = ["promo", "ad", "duplicateCaption", "wall", "rule"];
const kindOf = (k) => (KINDS.includes(k) ? k : "other");

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text) e.textContent = text;
  return e;
}

const sample = (s, max = 160) => {
  const v = String(s ?? "").replace(/\s+/g, " ").trim();
  return v.length > max ? `${v.slice(0, max - 1)}…` : v;
};

export function renderRemoved(report, pageUrl) {
  const removed = Array.isArray(report.removed) ? report.removed : [];
  const counts = new Map();
  for (const r of removed) counts.set(kindOf(r?.kind), (counts.get(kindOf(r?.kind)) ?? 0) + 1);
  const parts = [...KINDS, "other"].filter((k) => counts.get(k)).map((k) => plural(`reader_kind_${k}`, counts.get(k)));

  const line = $("folio-cleaned");
  line.textContent = parts.length ? t("reader_cleaned", parts.join(", ")) : t("reader_cleanedNothing");
  if (report.wall?.cutOff) {
    line.append(" ", t("reader_cutOff"));
    if (pageUrl) {
      const a = el("a", "", t("reader_cutOffLink"));
      a.href = pageUrl;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      line.append(" ", a);
    }
  }

  const list = $("folio-removed-list");
  list.replaceChildren(
    ...removed.map((r) => {
      const li = el("li");
      li.dataset.kind = kindOf(r?.kind);
      li.append(el("span", "folio-kind", t(`reader_kindName_${kindOf(r?.kind)}`)));
      if (r?.reason) li.append(" ", el("span", "folio-reason", sample(r.reason, 120)));
      if (r?.text) li.append(el("q", "folio-sample", sample(r.text)));
      return li;
    }),
  );
  $("folio-removed").hidden = removed.length === 0;
}
