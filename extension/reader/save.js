// "Save as Markdown" and "Save as HTML": the article as a file made in the view (a Blob; no
// network). Markdown comes from the core (the same analysis as the view); HTML is the view's own
// allow-listed article, cloned, under its title, byline, date and source link.
import { toMarkdown } from "../core/folio.js";

const $ = (id) => document.getElementById(id);

/** A file name from the title: letters, digits and dashes, 80 characters at most. */
export function fileName(title, extension) {
  const base = String(title ?? "")
    .normalize("NFKC")
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/, "");
  return `${base || "article"}.${extension}`;
}

function download(text, type, name) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.target = "_self";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The view's article as a standalone HTML document (text through the DOM, never as markup). */
export function articleDocument(report, pageUrl) {
  const doc = document.implementation.createHTMLDocument(String(report.title ?? ""));
  const meta = doc.createElement("meta");
  meta.setAttribute("charset", "utf-8");
  doc.head.prepend(meta);
  const article = $("folio-article");
  if (article.lang) doc.documentElement.lang = article.lang;
  if (article.dir) doc.documentElement.dir = article.dir;
  const header = doc.createElement("header");
  const h1 = doc.createElement("h1");
  h1.textContent = report.title ?? "";
  header.append(h1);
  const facts = [report.byline, $("folio-date").textContent].map((v) => String(v ?? "").trim()).filter(Boolean);
  const line = doc.createElement("p");
  line.textContent = facts.join(" · ");
  if (pageUrl) {
    const a = doc.createElement("a");
    a.href = pageUrl;
    a.textContent = report.siteName?.trim() || pageUrl;
    line.append(facts.length ? " · " : "", a);
  }
  if (line.childNodes.length) header.append(line);
  doc.body.append(header, doc.importNode(article, true));
  return `<!doctype html>\n${doc.documentElement.outerHTML}\n`;
}

/** Wires the two buttons for the article on show. */
export function setupSave({ snapshot, rules, report, pageUrl }) {
  const markdown = $("folio-save-md");
  const html = $("folio-save-html");
  markdown.hidden = html.hidden = false;
  markdown.addEventListener("click", () => {
    download(toMarkdown(snapshot, rules), "text/markdown;charset=utf-8", fileName(report.title, "md"));
  });
  html.addEventListener("click", () => {
    download(articleDocument(report, pageUrl), "text/html;charset=utf-8", fileName(report.title, "html"));
  });
}
