// The reader view's features (header, reading time, removed-items panel, typography settings,
// print, RTL, no-article, accessibility): fixtures, the functions that run inside the reader
// frame (they must stay self-contained: they are serialised), and the Node-side checks.
// Used by reader-features.chromium.test.mjs and reader-features.firefox.test.mjs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, requireFile } from '../harness/paths.mjs';
import { EXPECTED, PARAGRAPHS, TITLE, norm } from '../harness/expectations.mjs';

export const RTL_FIXTURE = 'reader/rtl-article.html';
export const NO_ARTICLE_FIXTURE = 'reader/no-article.html';
export const SURVIVAL_FIXTURE = 'reader/survival.html';
/** A page blanked by a whole-page loading guard (body { visibility: hidden } until a script lifts it). */
export const LOADING_GUARD_FIXTURE = 'reader/loading-guard.html';
export const RTL_TITLE = 'مكتبة المدينة القديمة تفتح أبوابها من جديد بعد عامين من الترميم';
export const FOUNDING_PUBLISHED = EXPECTED.publishedTime;
export const SHORTCUT = 'Alt+Shift+F';
export const SETTINGS_KEY = 'typography'; // lib/storage.js's TYPOGRAPHY_KEY (schema version 3)

const AXE_FILE = path.join(REPO_ROOT, 'node_modules/axe-core/axe.min.js');
/** axe-core's source, evaluated in the reader frame (an extension page's CSP forbids script tags from elsewhere). */
export const axeSource = () => readFileSync(requireFile(AXE_FILE, 'npm ci (axe-core is a devDependency)'), 'utf8');

/** Runs in the reader frame: what the feature checks need, as plain data. */
export function readFeatures() {
  const byId = (id) => document.getElementById(id);
  const n = (s) => String(s ?? '').replace(/\s+/g, ' ').trim();
  const root = document.documentElement;
  const article = byId('folio-article');
  const header = byId('folio-header');
  const cs = (el) => (el ? getComputedStyle(el) : {});
  const text = article?.textContent ?? '';
  let words = 0;
  for (const s of new Intl.Segmenter(article?.lang || undefined, { granularity: 'word' }).segment(text)) if (s.isWordLike) words++;
  const date = byId('folio-date');
  const original = byId('folio-original');
  const panel = byId('folio-settings');
  return {
    state: root.dataset.state ?? null,
    text: n(document.body?.innerText).slice(0, 400),
    theme: root.dataset.theme, font: root.dataset.font, width: root.dataset.width, spacing: root.dataset.spacing,
    sizeVar: root.style.getPropertyValue('--folio-size').trim(),
    bodyFontSize: cs(document.body).fontSize,
    bodyFontFamily: cs(document.body).fontFamily,
    bodyLineHeight: cs(document.body).lineHeight,
    mainMaxWidth: cs(document.querySelector('main')).maxWidth,
    bg: cs(root).backgroundColor,
    fg: cs(root).color,
    title: n(byId('folio-title')?.textContent),
    readingTime: n(byId('folio-reading-time')?.textContent),
    minutes: Number(byId('folio-reading-time')?.dataset.minutes),
    articleWords: words,
    articleText: n(text),
    date: n(date?.textContent), dateTime: date?.getAttribute('datetime') ?? null,
    originalHref: original && !original.hidden ? original.href : null,
    cleanedText: n(byId('folio-cleaned')?.textContent),
    removedHidden: !!byId('folio-removed')?.hidden,
    removedOpen: !!byId('folio-removed')?.open,
    removedItems: [...document.querySelectorAll('#folio-removed-list > li')].map((li) => ({
      kind: li.dataset.kind, label: n(li.querySelector('.folio-kind')?.textContent), text: n(li.textContent),
    })),
    articleDir: article?.getAttribute('dir') ?? null, articleLang: article?.getAttribute('lang') ?? null,
    headerDir: header?.getAttribute('dir') ?? null, headerLang: header?.getAttribute('lang') ?? null,
    articleDirection: cs(article).direction,
    figures: article ? [...article.querySelectorAll('figure')].map((f) => ({ img: !!f.querySelector('img'), caption: n(f.querySelector('figcaption')?.textContent) })) : [],
    panelOpen: panel ? !panel.hidden : false,
    panelExpanded: byId('folio-settings-toggle')?.getAttribute('aria-expanded'),
    message: n(byId('folio-message')?.textContent),
    hint: n(byId('folio-hint')?.textContent),
    messageCloseVisible: !!byId('folio-message-close')?.offsetParent,
    activeId: document.activeElement?.id ?? null,
  };
}

/** Runs in the reader frame: what became of math, footnotes, embeds, a chart and code. */
export function readSurvival() {
  const article = document.getElementById('folio-article');
  const math = article.querySelector('math');
  const note = article.querySelector('sup a[href^="#"]');
  return {
    state: document.documentElement.dataset.state ?? null,
    mathNs: math?.namespaceURI ?? null,
    mathText: (math?.textContent ?? '').replace(/\s+/g, ''),
    mathBox: math ? Math.round(math.getBoundingClientRect().width) : 0,
    visualCopy: article.textContent.includes('VISUAL-COPY'),
    texSource: article.textContent.includes('h_0'),
    noteHref: note?.getAttribute('href') ?? null,
    noteTarget: note?.getAttribute('target') ?? null,
    noteTargetExists: !!(note && document.getElementById(note.getAttribute('href').slice(1))),
    backLinks: [...article.querySelectorAll('li a[href^="#"]')].map((a) => a.getAttribute('href')),
    placeholders: [...article.querySelectorAll('figure.folio-embed')].map((f) => ({
      kind: f.dataset.kind, label: f.querySelector('.folio-embed-kind')?.textContent ?? '', href: f.querySelector('a')?.href ?? null,
      text: f.querySelector('a')?.textContent ?? '', newTab: f.querySelector('a')?.target === '_blank',
    })),
    loaders: article.querySelectorAll('iframe, video, audio, object, embed, svg, source').length,
    codeClass: article.querySelector('pre code')?.className ?? null,
  };
}

/** Runs in the reader frame after a click on the first footnote: where it led. */
export function readAfterNoteClick() {
  const target = document.getElementById(location.hash.slice(1));
  const r = target?.getBoundingClientRect();
  return { hash: location.hash, targetTag: target?.tagName ?? null, inView: !!r && r.top >= 0 && r.top < innerHeight, scrollY: scrollY };
}

/** Checks what readSurvival found. */
export function checkSurvival(s) {
  const problems = [];
  const p = (m) => problems.push(m);
  if (s.state !== 'ready') p(`state is ${s.state}`);
  if (s.mathNs !== 'http://www.w3.org/1998/Math/MathML') p(`the formula is not MathML in the view (namespace ${s.mathNs})`);
  if (s.mathText !== 'h(t)=h0+rt') p(`the formula reads ${JSON.stringify(s.mathText)}`);
  if (!(s.mathBox > 20)) p(`the formula is not laid out (width ${s.mathBox})`);
  if (s.visualCopy) p("KaTeX's visual copy is shown beside the MathML");
  if (s.texSource) p('the TeX source (annotation) is shown');
  if (s.noteHref !== '#folio-note-fn1' || !s.noteTargetExists) p(`footnote link ${s.noteHref}, target present: ${s.noteTargetExists}`);
  if (s.noteTarget !== '_self') p(`the footnote link leaves the view (target=${s.noteTarget}; the view's <base> says _blank)`);
  if (JSON.stringify(s.backLinks) !== JSON.stringify(['#folio-note-ref1', '#folio-note-ref2'])) p(`way-back links: ${JSON.stringify(s.backLinks)}`);
  const want = [
    { kind: 'chart', label: 'Graphic', text: 'Global mean sea level, 1900 to 2020' },
    { kind: 'frame', label: 'Embedded content', text: 'How a tide gauge works', href: 'https://www.youtube.com/embed/tidegauge42' },
    { kind: 'video', label: 'Video', text: 'media.example', href: 'https://media.example/clip.mp4' },
  ];
  const got = s.placeholders.map(({ kind, label, text, href }) => ({ kind, label, text, ...(kind === 'chart' ? {} : { href }) }));
  if (JSON.stringify(got) !== JSON.stringify(want)) p(`placeholders: ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
  if (s.placeholders.some((x) => !x.newTab)) p('a placeholder link does not open a new tab');
  if (s.loaders) p(`${s.loaders} element(s) in the view that would load something (iframe, video, svg…)`);
  if (s.codeClass !== 'language-python') p(`the code block's class is ${JSON.stringify(s.codeClass)}`);
  return problems;
}

/** The files "Save .md" and "Save .html" make of the founding example (`pageUrl`: its address). */
export const SAVED_NAMES = { md: 'No-breakthrough-on-Ukraine-after-Witkoff-Putin-talks-in-Moscow.md', html: 'No-breakthrough-on-Ukraine-after-Witkoff-Putin-talks-in-Moscow.html' };
export function checkSaved(kind, text, pageUrl) {
  const problems = [];
  const p = (m) => problems.push(m);
  // The words alone: tags and Markdown's marks out, entities read.
  const flat = norm(text.replace(/<[^>]*>/g, ' ').replace(/&amp;/g, '&').replace(/&nbsp;/g, ' ').replace(/[*_\\]/g, ''));
  if (kind === 'md') {
    if (!text.startsWith(`# ${TITLE}\n`)) p(`the Markdown does not open with the title: ${JSON.stringify(text.slice(0, 120))}`);
    if (!text.includes(pageUrl)) p('the Markdown has no source link');
    if (!/!\[[^\]]*\]\(https?:\/\/[^)]+\)/.test(text)) p('the Markdown has no image by its address');
  } else {
    if (!/^<!doctype html>\n<html[^>]*>/i.test(text)) p(`not a standalone HTML document: ${JSON.stringify(text.slice(0, 80))}`);
    if (!text.includes(`<h1>${TITLE}</h1>`)) p('the HTML has no title heading');
    if (!text.includes(`href="${pageUrl}"`)) p('the HTML has no source link');
    if (/<script|\son[a-z]+=|javascript:/i.test(text)) p('the HTML carries script');
  }
  for (const para of PARAGRAPHS.slice(0, 3)) if (!flat.includes(norm(para))) p(`a paragraph is missing: ${para.slice(0, 60)}`);
  return problems;
}

/** Runs in the reader frame under print media: what is displayed. */
export function readPrintStyles() {
  const d = (sel) => { const el = document.querySelector(sel); return el ? getComputedStyle(el).display : null; };
  const root = getComputedStyle(document.documentElement);
  return {
    printMedia: matchMedia('print').matches,
    bar: d('.folio-bar'), panel: d('#folio-settings'), cleaned: d('#folio-cleaned-box'),
    title: d('#folio-title'), article: d('#folio-article'),
    bg: root.backgroundColor, fg: root.color, articleFg: getComputedStyle(document.getElementById('folio-article')).color,
  };
}

/** Runs in the reader frame after axeSource(): the violations, shortly. */
export async function runAxe() {
  // eslint-disable-next-line no-undef
  const r = await axe.run(document, { resultTypes: ['violations'] });
  return r.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map((x) => `${x.target.join(' ')}: ${x.failureSummary ?? ''}`.slice(0, 300)),
  }));
}

/** Node side: the date as the reader should print it (the article's language, long style). */
export const expectedDate = (iso, lang) => new Intl.DateTimeFormat(lang, { dateStyle: 'long' }).format(new Date(iso));

/** Checks the header, reading time and removed-items panel on the founding example. */
export function checkFoundingFeatures(f, pageUrl) {
  const problems = [];
  const p = (m) => problems.push(m);
  if (f.state !== 'ready') p(`state is ${f.state}: ${f.text}`);
  if (!/^\d+ min read$/.test(f.readingTime)) p(`reading time line is ${JSON.stringify(f.readingTime)}, expected "N min read"`);
  const want = Math.max(1, Math.ceil(f.articleWords / 230));
  // The core counts the report's text; the frame counts the rendered article: allow one minute.
  if (!(Math.abs(f.minutes - want) <= 1)) p(`reading time ${f.minutes} min, expected about ${want} (${f.articleWords} words / 230)`);
  if (f.dateTime !== FOUNDING_PUBLISHED) p(`<time datetime> is ${JSON.stringify(f.dateTime)}, expected ${FOUNDING_PUBLISHED}`);
  if (f.date !== expectedDate(FOUNDING_PUBLISHED, 'en')) p(`date is ${JSON.stringify(f.date)}, expected ${JSON.stringify(expectedDate(FOUNDING_PUBLISHED, 'en'))}`);
  if (f.originalHref?.replace(/#.*$/, '') !== pageUrl) p(`the original-page link is ${f.originalHref}, expected ${pageUrl}`);
  if (f.removedHidden) p('the Details panel is hidden although items were removed');
  if (!f.removedItems.length) p('the Details panel lists no removed item');
  const total = [...f.cleanedText.matchAll(/(\d+) [a-z]/g)].reduce((a, m) => a + Number(m[1]), 0);
  if (total !== f.removedItems.length) p(`"${f.cleanedText}" counts ${total} removals, the Details list has ${f.removedItems.length}`);
  for (const it of f.removedItems) {
    if (!it.label || !it.kind) p(`a removed item without a kind: ${JSON.stringify(it)}`);
    if (it.text.length <= it.label.length + 2) p(`a removed item without a reason or sample: ${JSON.stringify(it)}`);
  }
  if (!f.removedItems.some((it) => it.kind === 'duplicateCaption')) p(`no duplicate caption listed: ${JSON.stringify(f.removedItems.map((i) => i.kind))}`);
  if (!f.figures.length || f.figures.some((x) => !x.img || !x.caption)) p(`figures without image or caption: ${JSON.stringify(f.figures)}`);
  return problems;
}

/** Checks the right-to-left fixture. */
export function checkRtl(f, pageUrl) {
  const problems = [];
  const p = (m) => problems.push(m);
  if (f.state !== 'ready') p(`state is ${f.state}: ${f.text}`);
  if (f.title !== RTL_TITLE) p(`title is ${JSON.stringify(f.title)}`);
  if (f.articleDir !== 'rtl' || f.headerDir !== 'rtl') p(`dir is article=${f.articleDir} header=${f.headerDir}, expected rtl`);
  if (f.articleLang !== 'ar' || f.headerLang !== 'ar') p(`lang is article=${f.articleLang} header=${f.headerLang}, expected ar`);
  if (f.articleDirection !== 'rtl') p(`the article's computed direction is ${f.articleDirection}`);
  if (f.dateTime !== '2025-11-20T09:30:00+00:00') p(`datetime is ${f.dateTime}`);
  if (f.date !== expectedDate('2025-11-20T09:30:00+00:00', 'ar')) p(`date is ${JSON.stringify(f.date)}, expected ${JSON.stringify(expectedDate('2025-11-20T09:30:00+00:00', 'ar'))}`);
  if (!/^\d+ min read$/.test(f.readingTime)) p(`reading time is ${JSON.stringify(f.readingTime)}`);
  if (f.originalHref !== pageUrl) p(`original link ${f.originalHref}, expected ${pageUrl}`);
  if (f.figures.length !== 1 || !f.figures[0].caption.startsWith('قاعة القراءة')) p(`figures: ${JSON.stringify(f.figures)}`);
  return problems;
}

/** The settings the persistence test chooses by clicks, and what they must look like. */
export const CHOSEN = { theme: 'dark', font: 'sans', size: 22, width: 'wide', spacing: 'loose' };
export function checkChosen(f) {
  const problems = [];
  const p = (m) => problems.push(m);
  for (const k of ['theme', 'font', 'width', 'spacing']) if (f[k] !== CHOSEN[k]) p(`data-${k} is ${f[k]}, expected ${CHOSEN[k]}`);
  if (f.bodyFontSize !== `${CHOSEN.size}px`) p(`body font-size is ${f.bodyFontSize}, expected ${CHOSEN.size}px`);
  if (!/sans/i.test(f.bodyFontFamily) || /serif"?\s*$/i.test(f.bodyFontFamily.replace(/sans-serif/gi, ''))) p(`body font-family is ${f.bodyFontFamily}, expected a sans-serif stack`);
  if (f.bg !== 'rgb(27, 27, 29)') p(`background is ${f.bg}, expected the dark theme's rgb(27, 27, 29)`);
  if (Math.abs(parseFloat(f.bodyLineHeight) / parseFloat(f.bodyFontSize) - 1.9) > 0.02) p(`line height ${f.bodyLineHeight} at ${f.bodyFontSize} is not the loose 1.9`);
  return problems;
}

/** The article behind a whole-page loading guard is read; what the page hides itself is not. */
export function checkLoadingGuard(r) {
  const problems = [];
  if (r.state !== 'ready') problems.push(`state ${r.state}, not ready: ${r.text}`);
  for (const words of ['For more than a century', 'Automation came in the nineteen-eighties', 'nobody ever did']) {
    if (!r.articleText?.includes(words)) problems.push(`the article lacks "${words}"`);
  }
  if (r.articleText?.includes('Subscribe today')) problems.push('the paragraph the page hides (display: none) is in the view');
  return problems;
}
