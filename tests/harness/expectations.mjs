// What the reader view must show for the founding example (tests/fixtures/founding/aggregator-article.html),
// and the browser-independent code that reads the page / the reader frame and checks it.
// One source for both the Chromium and the Firefox test: the fixture's own expectations file,
// tests/fixtures/founding/expected.json (title, byline, siteName, paragraphs, headings, captions,
// duplicateCaptions, clutter, wallCutOff). `checkFixtureText` verifies against the fixture page
// itself that every one of those texts is really on it, so the two cannot drift apart silently.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES_DIR, FOUNDING_FIXTURE } from './paths.mjs';

export const EXPECTED_FILE = path.join(FIXTURES_DIR, path.dirname(FOUNDING_FIXTURE), 'expected.json');

function loadExpected() {
  let e;
  try {
    e = JSON.parse(readFileSync(EXPECTED_FILE, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read the fixture's expectations ${EXPECTED_FILE}: ${err.message}`);
  }
  for (const k of ['title', 'byline', 'siteName', 'paragraphs', 'headings', 'captions', 'clutter']) {
    if (e[k] === undefined) throw new Error(`${EXPECTED_FILE} lacks "${k}"`);
  }
  return e;
}
export const EXPECTED = loadExpected();

export const TITLE = EXPECTED.title;
export const SITE = EXPECTED.siteName;
export const BYLINE = EXPECTED.byline;
/** Section headings inside the body ("Reaction in Moscow"), kept as headings. */
export const HEADINGS = EXPECTED.headings;
/** The article body paragraphs, in order. */
export const PARAGRAPHS = EXPECTED.paragraphs;
/**
 * The image captions. Each is printed twice on the page (caption, then "(caption)" as the credit);
 * the reader must show each once. Occurrences are counted with `key`, the caption's first 60
 * characters: a part that occurs once per copy (the second caption repeats "Jared Kushner" inside
 * itself, and the reader may tidy that repetition, so the whole text is not required).
 */
export const CAPTIONS = EXPECTED.captions.map((text) => ({ text, key: text.slice(0, 60) }));
/** The captions' "(…)" duplicates, as printed on the page. */
export const DUPLICATE_CAPTIONS = EXPECTED.duplicateCaptions ?? [];
/** Text of the page's clutter (promotion, subscription wall, recommendation rails): none may reach the article. */
export const CLUTTER = EXPECTED.clutter;
/** The page cuts the article off with a subscription wall: the reader must say so. */
export const WALL_CUT_OFF = EXPECTED.wallCutOff !== false;

export const CLEANED_NOTE = 'cut off by a subscription wall';

/** Where the tests scroll the founding example before the reader opens (the page must be back there after it closes). */
export const SCROLL_TO = 300;

/** Reader states that end the wait. */
export const FINAL_STATES = ['ready', 'error', 'no-article'];

/**
 * Runs in the reader frame (serialised): its state, but "settling" while a ready view still
 * fills in what comes after its first paint (the header's date and reading time: data-settled).
 */
export const SETTLED_STATE = `() => {
  const d = document.documentElement.dataset;
  return d.state === 'ready' && !('settled' in d) ? 'settling' : d.state;
}`;

/** The reader frame's URL: <extension origin>/reader/reader.html?s=… */
export const READER_URL_RE = /^(chrome-extension|moz-extension):\/\/[^/]+\/reader\/reader\.html\?(.*&)?s=/;

export const norm = (s) => String(s ?? '').replace(/\s+/g, ' ').trim();

export function countOccurrences(haystack, needle) {
  let n = 0;
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + needle.length)) n++;
  return n;
}

// ---- functions that run inside the browser (self-contained: serialised with toString) ----

/** Runs in the page: what must be restored exactly when the reader closes. */
export function readPageState() {
  return {
    html: document.documentElement.outerHTML,
    scrollY: window.scrollY,
    marker: window.__folioE2eMarker ?? null,
    hasHost: !!document.getElementById('folio-reader-host'),
    url: location.href,
  };
}

/** Runs in the page while the reader is open: the page must not reach the reader frame. */
export function readHostExposure() {
  const host = document.getElementById('folio-reader-host');
  return {
    hasHost: !!host,
    openShadowRoot: !!host?.shadowRoot, // a closed root reads as null
    framesInPageDom: document.querySelectorAll('iframe').length,
  };
}

/** Runs in the page: its text, whitespace-normalised (to check the fixture holds the expected texts). */
export function readPageText() {
  return String(document.body?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Runs inside the reader frame: everything the assertions need, as plain data. */
export function readReaderFrame() {
  const n = (s) => String(s ?? '').replace(/\s+/g, ' ').trim();
  const byId = (id) => document.getElementById(id);
  const article = byId('folio-article');
  const cleaned = byId('folio-cleaned');
  return {
    url: location.href,
    state: document.documentElement.dataset.state ?? null,
    text: n(document.body?.innerText ?? document.body?.textContent),
    missingIds: ['folio-title', 'folio-site', 'folio-byline', 'folio-article', 'folio-cleaned'].filter((id) => !byId(id)),
    title: n(byId('folio-title')?.textContent),
    site: n(byId('folio-site')?.textContent),
    byline: n(byId('folio-byline')?.textContent),
    articleText: n(article?.textContent),
    headings: article ? [...article.querySelectorAll('h1,h2,h3,h4,h5,h6')].map((h) => n(h.textContent)) : [],
    cleanedText: n(cleaned?.textContent),
    cleanedLinks: cleaned ? [...cleaned.querySelectorAll('a[href]')].map((a) => a.href) : [],
  };
}

/** A page function as a script body for WebDriver's executeScript. */
export const asScript = (fn) => `return (${fn.toString()})();`;

// ---- checks (Node side) ----

/** Every expected text must be in the fixture page itself; returns a list of problems. */
export function checkFixtureText(pageText) {
  const problems = [];
  const t = norm(pageText);
  if (new Set(CAPTIONS.map((c) => c.key)).size !== CAPTIONS.length) problems.push('two captions share their first 60 characters');
  for (const s of [TITLE, SITE, BYLINE, ...HEADINGS, ...PARAGRAPHS, ...CAPTIONS.map((c) => c.text), ...DUPLICATE_CAPTIONS, ...CLUTTER]) {
    if (!t.includes(norm(s))) problems.push(`the fixture page lacks the expected text ${JSON.stringify(s.slice(0, 80))}`);
  }
  for (const c of CAPTIONS) {
    if (countOccurrences(t, c.key) < 2) problems.push(`the fixture page should print the caption twice: ${JSON.stringify(c.key)}`);
  }
  return problems;
}

/** Checks the reader frame's data (from readReaderFrame); returns a list of problems (empty = pass). */
export function checkReader(r, pageUrl) {
  const problems = [];
  const p = (msg) => problems.push(msg);
  if (!READER_URL_RE.test(r.url)) p(`reader frame URL ${r.url} is not <extension>/reader/reader.html?s=…`);
  if (r.state !== 'ready') p(`reader state is ${JSON.stringify(r.state)}, expected "ready"; reader text: ${r.text.slice(0, 500)}`);
  if (r.missingIds.length) p(`reader lacks elements: ${r.missingIds.map((id) => '#' + id).join(', ')}`);
  if (r.title !== TITLE) p(`#folio-title is ${JSON.stringify(r.title)}, expected ${JSON.stringify(TITLE)}`);
  if (!r.site.includes(SITE)) p(`#folio-site is ${JSON.stringify(r.site)}, expected it to name ${JSON.stringify(SITE)}`);
  else if (countOccurrences(r.site, SITE) > 1) p(`#folio-site names the site more than once: ${JSON.stringify(r.site)}`);
  if (!r.byline.includes(BYLINE)) p(`#folio-byline is ${JSON.stringify(r.byline)}, expected it to name ${JSON.stringify(BYLINE)}`);

  const art = r.articleText;
  let last = -1;
  PARAGRAPHS.forEach((para, i) => {
    const at = art.indexOf(norm(para));
    if (at === -1) p(`#folio-article lacks paragraph ${i + 1}: ${JSON.stringify(para.slice(0, 80))}…`);
    else if (at < last) p(`#folio-article has paragraph ${i + 1} out of order: ${JSON.stringify(para.slice(0, 60))}…`);
    else last = at;
  });
  for (const h of HEADINGS) {
    if (!r.headings.includes(norm(h))) p(`#folio-article has no heading ${JSON.stringify(h)} (its headings: ${JSON.stringify(r.headings)})`);
  }
  for (const c of CAPTIONS) {
    const n = countOccurrences(art, c.key);
    if (n !== 1) p(`#folio-article shows the caption ${JSON.stringify(c.key + '…')} ${n} times, expected exactly once`);
  }
  for (const d of DUPLICATE_CAPTIONS) {
    if (art.includes(norm(d))) p(`#folio-article contains the duplicate caption ${JSON.stringify(d.slice(0, 60) + '…')}`);
  }
  for (const s of CLUTTER) {
    if (art.includes(norm(s))) p(`#folio-article contains clutter: ${JSON.stringify(s)}`);
  }
  if (WALL_CUT_OFF && !r.cleanedText.includes(CLEANED_NOTE)) p(`#folio-cleaned does not mention ${JSON.stringify(CLEANED_NOTE)}: ${JSON.stringify(r.cleanedText)}`);
  const bare = (u) => u.replace(/#.*$/, '');
  if (!r.cleanedLinks.some((href) => bare(href) === bare(pageUrl))) {
    p(`#folio-cleaned has no link to the page ${pageUrl} (links: ${JSON.stringify(r.cleanedLinks)})`);
  }
  return problems;
}

/** Checks readHostExposure's answer; returns a list of problems. */
export function checkHostExposure(x) {
  const problems = [];
  if (!x.hasHost) problems.push('div#folio-reader-host is missing while the reader is open');
  if (x.openShadowRoot) problems.push('div#folio-reader-host has an open shadow root (the page can reach the reader frame)');
  if (x.framesInPageDom) problems.push(`the page's own DOM holds ${x.framesInPageDom} iframe(s): the reader frame must be inside the closed shadow root`);
  return problems;
}

/** Compares the page after closing the reader with the state recorded before opening it. */
export function checkRestored(before, after) {
  const problems = [];
  if (after.hasHost) problems.push('div#folio-reader-host is still in the page');
  if (after.marker !== before.marker) problems.push(`the page was reloaded (marker ${before.marker} → ${after.marker})`);
  if (after.url !== before.url) problems.push(`the page URL changed: ${before.url} → ${after.url}`);
  if (after.scrollY !== before.scrollY) problems.push(`scrollY is ${after.scrollY}, expected ${before.scrollY}`);
  if (after.html !== before.html) {
    let i = 0;
    while (i < before.html.length && before.html[i] === after.html[i]) i++;
    const ctx = (s) => JSON.stringify(s.slice(Math.max(0, i - 80), i + 120));
    problems.push(
      `document.documentElement.outerHTML differs (lengths ${before.html.length} → ${after.html.length}) from offset ${i}:\n` +
        `  before: ${ctx(before.html)}\n  after:  ${ctx(after.html)}`,
    );
  }
  return problems;
}
