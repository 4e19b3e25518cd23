// Folio's reader view: an extension page framed over the article's tab. It gets the page's
// snapshot through the background (runtime messaging, by nonce), runs the Rust core on it, and
// shows the article, which the core renders node by node. All text goes in with textContent.
// Roles: i18n.js strings, settings.js + panel.js typography, header.js the article's header,
// removed.js what was left out.
import { afterPaint, mark, markPainted, noteMarks } from "./timing.js";
import init, { read } from "../core/folio.js";
import { localize, t } from "./i18n.js";
import { isPanelOpen, setupPanel, togglePanel } from "./panel.js";
import { httpUrl, renderHeader, renderHeaderDetails } from "./header.js";
import { renderRemoved } from "./removed.js";
import { setupSave } from "./save.js";
import { getRules } from "../lib/view-settings.js";

const api = globalThis.browser ?? globalThis.chrome;
const nonce = new URLSearchParams(location.search).get("s") ?? "";
const $ = (id) => document.getElementById(id);

function closeView() {
  api.runtime.sendMessage({ type: "folio:close", nonce }).catch(() => {});
}

document.addEventListener("keydown", (e) => {
  if (e.key === "Escape" && !e.defaultPrevented) {
    e.preventDefault();
    // Esc closes the settings panel first, then the view.
    if (isPanelOpen()) togglePanel(false);
    else closeView();
  } else if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === "p") {
    // Print this frame (the article alone), not the page under it.
    e.preventDefault();
    window.print();
  }
});

function setState(state) {
  document.documentElement.dataset.state = state;
  mark(state);
  markPainted();
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

// The per-site mode (site-panel.js, from the settings side) at the foot of the "Aa" panel; the
// view works without it.
function mountSiteMode(pageUrl) {
  import("./site-panel.js")
    .then((m) => m.mountSitePanel($("folio-site-mode"), pageUrl))
    .catch((e) => console.warn("Folio: no site panel:", e));
}

function showMessage(message, hint) {
  $("folio-message").textContent = message;
  $("folio-hint").textContent = hint ?? "";
  $("folio-message-box").hidden = false;
  $("folio-article").hidden = true;
  $("folio-cleaned-box").hidden = true;
  $("folio-message-close").focus();
}

// The core leaves a placeholder where the page embeds a video, audio, a frame or a graphic
// (figure.folio-embed[data-kind], a link inside): the view loads none of them. Name the kind.
const EMBED_KINDS = ["video", "audio", "frame", "chart"];
function labelPlaceholders(article) {
  for (const figure of article.querySelectorAll("figure.folio-embed")) {
    const kind = EMBED_KINDS.includes(figure.dataset.kind) ? figure.dataset.kind : "frame";
    const label = document.createElement("span");
    label.className = "folio-embed-kind";
    label.textContent = t(`reader_embed_${kind}`);
    figure.prepend(label);
    figure.querySelector("a")?.setAttribute("title", t("reader_embed_hint"));
  }
}

// The page lays this frame out when its own thread is free: on a huge page (its style and
// layout take seconds) that can come after the view is ready to draw. Draw once it has a width
// (10 s at most), not at width 0 first and again after.
function frameSized() {
  if (window.innerWidth > 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      window.removeEventListener("resize", check);
      clearTimeout(timer);
      resolve();
    };
    const check = () => {
      if (window.innerWidth > 0) done();
    };
    const timer = setTimeout(done, 10_000);
    window.addEventListener("resize", check);
  });
}

async function main() {
  mark("script");
  localize();
  $("folio-close").addEventListener("click", closeView);
  $("folio-message-close").addEventListener("click", closeView);
  $("folio-print").addEventListener("click", () => window.print());
  // boot.js asked for the snapshot and compiled the core while the page loaded; the settings
  // load meanwhile. The glue gets the compiled core (a WebAssembly.Module): it fetches nothing.
  const boot = globalThis.folioBoot;
  const [answer, , , rules] = await Promise.all([
    boot.snapshot,
    boot.core.then((compiled) => init({ module_or_path: compiled })).finally(() => mark("core")),
    setupPanel(),
    // The user's custom rules (options page; uBlock Origin cosmetic syntax) apply in the view too.
    getRules().catch(() => ""),
  ]);
  await frameSized();
  noteMarks(boot.at);
  noteMarks(answer?.marks);
  const snapshot = answer?.snapshot;
  if (typeof snapshot !== "string") {
    throw new Error(snapshot?.error ?? answer?.error ?? t("reader_errorNoSnapshot"));
  }
  const article = $("folio-article");
  mark("read");
  const report = read(snapshot, article, rules);
  mark("readEnd");
  const pageUrl = pageUrlOf(snapshot, report);
  // The site panel sits in the closed "Aa" panel: it loads after the view is on screen.
  afterPaint(() => mountSiteMode(pageUrl));

  // One decision, the core's: extraction found an article (report.readerable is only the
  // pre-check for automatic mode and never hides an article that extraction found).
  if (!report.hasArticle) {
    article.replaceChildren();
    $("folio-site").textContent = report.siteName?.trim() ?? "";
    showMessage(t("reader_noArticle"), t("reader_noArticleHint"));
    setState("no-article");
    return;
  }
  labelPlaceholders(article);
  renderHeader(report, pageUrl);
  renderRemoved(report, pageUrl);
  setupSave({ snapshot, rules, report, pageUrl });
  setState("ready");
  afterPaint(() => {
    renderHeaderDetails(report);
    // The view is complete (its header's date and reading time in): data-settled says so.
    document.documentElement.dataset.settled = "";
  });
}

main().catch((e) => {
  console.error("Folio:", e);
  $("folio-article").replaceChildren();
  showMessage(t("reader_error", String(e?.message || e)));
  setState("error");
});
