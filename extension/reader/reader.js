// Folio's reader view: an extension page framed over the article's tab. It gets the page's
// snapshot through the background (runtime messaging, by nonce), runs the Rust core on it, and
// shows the article, which the core renders node by node. All text goes in with textContent.
import init, { read } from "../core/folio.js";

const api = globalThis.browser ?? globalThis.chrome;
const nonce = new URLSearchParams(location.search).get("s") ?? "";
const $ = (id) => document.getElementById(id);

const KINDS = [
  ["promo", "promotion", "promotions"],
  ["ad", "ad", "ads"],
  ["duplicateCaption", "duplicate caption", "duplicate captions"],
  ["wall", "wall", "walls"],
];

function closeView() {
  api.runtime.sendMessage({ type: "folio:close", nonce }).catch(() => {});
}

document.addEventListener("keydown", (e) => {
  if (e.key === "Escape") {
    e.preventDefault();
    closeView();
  }
});
$("folio-close").addEventListener("click", closeView);

function setState(state) {
  document.documentElement.dataset.state = state;
}

function text(id, value) {
  $(id).textContent = typeof value === "string" ? value.trim() : "";
}

// The page's address, only when it is http(s): it becomes a link.
function httpUrl(value) {
  if (typeof value !== "string") return null;
  try {
    const u = new URL(value);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch {
    return null;
  }
}

function pageUrlOf(snapshot, report) {
  try {
    const url = httpUrl(JSON.parse(snapshot)?.url);
    if (url) return url;
  } catch {
    // A malformed snapshot: the core says why.
  }
  return httpUrl(report?.url);
}

// "Cleaned: 3 promotions, 2 duplicate captions, 1 wall" (+ the wall's cut-off, with a link).
function renderCleaned(report, pageUrl) {
  const counts = new Map();
  for (const r of report.removed ?? []) counts.set(r.kind, (counts.get(r.kind) ?? 0) + 1);
  const parts = [];
  for (const [kind, one, many] of KINDS) {
    const n = counts.get(kind) ?? 0;
    if (n) parts.push(`${n} ${n === 1 ? one : many}`);
  }
  const line = $("folio-cleaned");
  line.textContent = parts.length ? `Cleaned: ${parts.join(", ")}.` : "Cleaned: nothing to remove.";
  if (report.wall?.cutOff) {
    line.append(" This article is cut off by a subscription wall");
    if (pageUrl) {
      const a = document.createElement("a");
      a.href = pageUrl;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      a.textContent = "read it on the original page";
      line.append(": ", a, ".");
    } else {
      line.append(".");
    }
  }
}

function showMessage(message) {
  const m = $("folio-message");
  m.textContent = message;
  m.hidden = false;
  $("folio-article").hidden = true;
}

async function main() {
  // Ask for the snapshot while the core compiles.
  const [snapshot] = await Promise.all([
    api.runtime.sendMessage({ type: "folio:ready", nonce }),
    init(),
  ]);
  if (typeof snapshot !== "string") {
    throw new Error(snapshot?.error ?? "the page did not send its snapshot (was the view reopened?)");
  }
  const article = $("folio-article");
  const report = read(snapshot, article);
  const pageUrl = pageUrlOf(snapshot, report);

  text("folio-site", report.siteName);
  if (!report.readerable) {
    article.replaceChildren();
    showMessage("No article found on this page.");
    setState("no-article");
    return;
  }
  text("folio-title", report.title);
  text("folio-byline", report.byline);
  if (report.title) document.title = `${report.title.trim()} · Folio`;
  if (report.lang) article.lang = report.lang;
  if (report.dir === "ltr" || report.dir === "rtl" || report.dir === "auto") article.dir = report.dir;
  renderCleaned(report, pageUrl);
  setState("ready");
}

main().catch((e) => {
  console.error("Folio:", e);
  $("folio-article").replaceChildren();
  showMessage(`Folio could not read this page: ${e?.message || e}`);
  setState("error");
});
