// Shared by network.chromium.test.mjs and network.firefox.test.mjs: the generated test article,
// what counts as a network request, the allowed set (the article's own images, shown in the
// reader view) and the summary line.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FOUNDING_FIXTURE, REPO_ROOT, requireFile } from '../../harness/paths.mjs';

export { FOUNDING_FIXTURE };
export const ARTICLE = 'article.html';
export const ARTICLE_IMAGE = 'photo.png';
/** The founding example's images that the reader view shows (its figures; the site logo is not part of the article). */
export const FOUNDING_IMAGES = ['founding/witkoff-putin-kremlin-talks.png', 'founding/witkoff-ushakov-kushner.png'];
/** Path prefix of the watcher self-test's requests (never made by the extension itself). */
export const PROBE_PREFIX = '/__folio-privacy-probe/';
/** Generous: a shared two-core machine. No timing is asserted anywhere. */
export const STEP = 90_000;
/** How long the run stays open after the last step, so that a late request would still be seen. */
export const SETTLE_MS = 2_000;

const PARAGRAPHS = [
  'The harbour town of Vell woke to fog on Tuesday, and by noon the ferries had stopped running. Fishermen who had left before dawn came back early, their boats riding low, and the market stalls along the quay stayed shuttered long past their usual hour.',
  'Local officials said the closure was precautionary. The coast guard reported visibility of less than fifty metres across the bay, and the port authority asked small craft to stay in harbour until the afternoon tide, when the fog was expected to lift.',
  'Residents said the fog had become more frequent in recent years. Older fishermen remember a handful of such days each winter; this year there have already been eleven, and the season is barely half over. Scientists at the regional marine institute are studying why.',
  'By evening the ferries were running again, and the first boat from the mainland brought the weekend papers, a crate of oranges and a school choir returning from a competition, which it had won. The quay filled with families waiting in the thinning mist.',
  'The port authority said it would review its fog procedures before the spring season, when the number of crossings doubles and the smaller boats return to the bay.',
];

/**
 * A temporary site folder with one article: a title, five paragraphs, one figure whose image is
 * served from the same 127.0.0.1 server, and a link. Returns {root, cleanup}.
 */
export function makeArticleSite() {
  const root = mkdtempSync(path.join(os.tmpdir(), 'folio-privacy-site-'));
  copyFileSync(requireFile(path.join(REPO_ROOT, 'extension/icons/icon-128.png'), 'the extension icons are part of the repo'), path.join(root, ARTICLE_IMAGE));
  const [p1, p2, ...rest] = PARAGRAPHS;
  writeFileSync(path.join(root, ARTICLE), `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Fog closes the harbour at Vell for a day</title>
<meta name="author" content="A. Reporter">
</head>
<body>
<article>
<h1>Fog closes the harbour at Vell for a day</h1>
<p class="byline">By A. Reporter</p>
<p>${p1}</p>
<figure>
<img src="${ARTICLE_IMAGE}" alt="The quay at Vell in the fog" width="128" height="128">
<figcaption>The quay at Vell on Tuesday morning.</figcaption>
</figure>
<p>${p2} <a href="/harbour/timetable.html">The ferry timetable</a> is published by the port authority.</p>
${rest.map((p) => `<p>${p}</p>`).join('\n')}
</article>
</body>
</html>
`);
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** Whether a request leaves the browser: anything but the extension's own files and in-memory URLs. */
export function isNetworkUrl(url) {
  return !/^(?:chrome-extension|moz-extension|data|blob|about|chrome|resource|javascript):/i.test(url);
}

/**
 * Splits the extension's network requests into allowed (exactly the article images the reader
 * view shows, requested by the reader view) and forbidden (everything else). `records`:
 * [{url, source, type, watcher, phase}].
 */
export function classify(records, allowedUrls, readerPrefixes) {
  const allowed = [];
  const forbidden = [];
  const allowedSet = new Set(allowedUrls);
  for (const r of records) {
    const fromReader = readerPrefixes.some((p) => (r.source ?? '').startsWith(p));
    if (allowedSet.has(r.url) && fromReader && /^(image|imageset)$/i.test(r.type ?? '')) allowed.push(r);
    else forbidden.push(r);
  }
  return { allowed, forbidden };
}

const uniq = (a) => [...new Set(a)];
export const describeRecord = (r) => `${r.url} (${r.type ?? '?'}; from ${r.source || '?'}; seen by ${r.watcher}; during ${r.phase})`;

/** The summary line and the details, printed by the tests. */
export function report(browser, { allowed, forbidden }, allowedUrls) {
  const lines = [
    `network (${browser}): extension requests ${allowed.length + forbidden.length} (allowed: ${allowed.length}, ${uniq(allowed.map((r) => r.url)).length} distinct article image(s)), forbidden ${forbidden.length}`,
  ];
  for (const u of allowedUrls) lines.push(`  allowed article image: ${u} (requests: ${allowed.filter((r) => r.url === u).length})`);
  for (const r of forbidden) lines.push(`  FORBIDDEN: ${describeRecord(r)}`);
  return lines.join('\n');
}

/** Asserts the run's verdict: no forbidden request, and each expected article image requested by the reader view. */
export function assertVerdict(browser, verdict, allowedUrls) {
  assert.deepEqual(verdict.forbidden.map(describeRecord), [],
    `${browser}: the extension made network requests of its own (only the article's images shown in the reader view are allowed)`);
  const got = uniq(verdict.allowed.map((r) => r.url)).sort();
  assert.deepEqual(got, [...allowedUrls].sort(),
    `${browser}: the reader view should have loaded exactly the article's images ${JSON.stringify(allowedUrls)}; it loaded ${JSON.stringify(got)} (is the watcher seeing the reader frame?)`);
}
