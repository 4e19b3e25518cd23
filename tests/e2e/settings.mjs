// Shared pieces of the settings end-to-end tests (settings.chromium.test.mjs,
// settings.firefox.test.mjs): the options page, per-site modes, custom rules, import/export,
// and the migration from the stored copy of the version-1 settings.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES_DIR, REPO_ROOT } from '../harness/paths.mjs';
import { CLUTTER, PARAGRAPHS, norm } from '../harness/expectations.mjs';
import { waitFor } from '../harness/scratch.mjs';

export const OPTIONS_PATH = '/options/options.html';
export const V1_SYNC = JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'storage/v1-sync.json'), 'utf8'));
/** What the v1 data becomes: modes keyed by registrable domain. */
export const V1_MIGRATED = { '127.0.0.1': 'reader', 'bbc.co.uk': 'declutter', 'cnn.com': 'declutter', 'theguardian.com': 'reader' };
export const AXE_SOURCE = () => readFileSync(path.join(REPO_ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

/**
 * The founding example: a hide rule (its only section heading) and a keep rule (the caption
 * credits), in the selector syntax uBlock Origin users write (:has() with a relative selector,
 * :nth-of-type(), an attribute selector, :is()).
 */
export const HIDDEN_HEADING = 'Reaction in Moscow';
export const RULES = [
  '! Folio e2e rules',
  '127.0.0.1##[data-testid="article-body"]:has(> figure) > h2:nth-of-type(1)',
  '127.0.0.1#@#figcaption > span:is(.article-image__credit)',
].join('\n') + '\n';
/** Text only the kept credit brings into the reader (the core drops it as a duplicate caption by default). */
export const KEPT_TEXT = '(Talks with U.S. special envoy Steve Witkoff';

/** An import file: two good rules around a bad line (line 3). */
export const IMPORT_FILE_TEXT = [
  'example.com##.promo',
  '! a comment',
  'example.com##div[',
  'example.org#@#.caption',
].join('\n') + '\n';
export const IMPORT_BAD_LINE = 3;

// ---- functions that run in the options page (self-contained) ----

/** The options page's state: per-site rows, rules text and messages. */
export function readOptions() {
  const rows = {};
  for (const tr of document.querySelectorAll('#sites-body tr')) {
    rows[tr.dataset.site] = tr.querySelector('input[type=radio]:checked')?.value ?? null;
  }
  const n = (s) => String(s ?? '').replace(/\s+/g, ' ').trim();
  return {
    ready: document.documentElement.dataset.ready ?? null,
    rows,
    rules: document.getElementById('rules').value,
    rulesSummary: n(document.getElementById('rules-summary').textContent),
    rulesErrors: [...document.querySelectorAll('#rules-errors li')].map((li) => ({ line: Number(li.dataset.line), text: n(li.textContent) })),
    rulesStatus: n(document.getElementById('rules-status-text').textContent),
    importErrors: [...document.querySelectorAll('#import-errors li')].map((li) => ({ line: Number(li.dataset.line), text: n(li.textContent) })),
    sitesStatus: n(document.getElementById('sites-status').textContent),
    syncWarning: document.getElementById('sync-warning').hidden ? '' : n(document.getElementById('sync-warning').textContent),
  };
}

/** In the page: whether the focused element shows a focus indicator. */
export function focusInfo() {
  const el = document.activeElement;
  const cs = el ? getComputedStyle(el) : null;
  return {
    id: el?.id ?? '', tag: el?.localName ?? '', type: el?.type ?? '', value: el?.value ?? '',
    outline: cs ? `${cs.outlineStyle} ${cs.outlineWidth}` : '',
    visible: !!cs && cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0,
  };
}

/** In the page (the founding example): what Declutter in place did. */
export function readDecluttered() {
  const n = (s) => String(s ?? '').replace(/\s+/g, ' ').trim();
  return {
    marker: document.documentElement.getAttribute('data-folio-decluttered'),
    text: n(document.body?.innerText),
    overflow: [getComputedStyle(document.documentElement).overflowY, getComputedStyle(document.body).overflowY],
    hasHost: !!document.getElementById('folio-reader-host'),
  };
}

/** The page that injects a wall 2 s after load and after an in-page navigation (tests/fixtures/reader/late-wall.js). */
export const LATE_WALL_FIXTURE = 'reader/late-wall.html';

/** In that page: its walls (shown or not), its scrolling, its story. */
export function readLateWalls() {
  return {
    walls: [...document.querySelectorAll('.late-wall')].map((w) => ({ id: w.id, shown: getComputedStyle(w).display !== 'none' })),
    overflow: [getComputedStyle(document.documentElement).overflowY, getComputedStyle(document.body).overflowY],
    story: String(document.getElementById('story')?.innerText ?? '').replace(/\s+/g, ' ').slice(0, 120),
    marker: document.documentElement.getAttribute('data-folio-decluttered'),
    hasHost: !!document.getElementById('folio-reader-host'),
    longTasks: window.longTasks ?? null,
  };
}

/**
 * Waits (on `read()`, answering readLateWalls) until the page has injected `count` walls and
 * Declutter has lifted every one of them and the scroll lock; returns the last reading.
 */
export async function waitWallsLifted(read, count) {
  let last;
  await waitFor(async () => {
    last = await read();
    return last.walls.length === count && last.walls.every((w) => !w.shown) && last.overflow.every((o) => o !== 'hidden');
  }, { timeout: 15_000, message: () => `${count} late wall(s) lifted and scrolling back: ${JSON.stringify(last)}` });
  assert.equal(last.hasHost, false, 'Declutter must not open the reader view');
  return last;
}

// ---- checks shared by both browsers (Node side) ----

/**
 * A write of 3,000 sites over storage.sync's quota (`r`: writeSites' answer) is kept in
 * storage.local, and the options page, opened again by `reopen()` and read by `state()`, says so.
 */
export async function checkQuotaFallback(r, reopen, state) {
  assert.equal(r.ok, false, JSON.stringify(r));
  assert.equal(r.fallback, true);
  await reopen();
  const s = await state();
  assert.match(s.syncWarning, /Nothing is lost/, `the options page shows no warning: ${JSON.stringify(s.syncWarning)}`);
  assert.equal(Object.keys(s.rows).length, 3000, 'every site is still listed');
}

/** Off: 1.5 s after the founding example loaded, it is neither decluttered nor in the reader (`read()` answers readDecluttered). */
export async function checkLeftAlone(read) {
  await new Promise((r) => setTimeout(r, 1500));
  const d = await read();
  assert.equal(d.hasHost, false, 'the reader opened by itself on an Off site');
  assert.equal(d.marker, null, 'the page was decluttered on an Off site');
}

/** Reader view automatically: the reader that opened by itself shows the article (`r`: readReaderFrame's answer). */
export function checkAutomaticReader(r) {
  assert.equal(r.state, 'ready', r.text.slice(0, 300));
  assert.ok(r.articleText.includes(norm(PARAGRAPHS[0])), 'the article is in the automatic reader view');
}

/** Waits until Declutter in place has run on the founding example (`read()` answers readDecluttered), then checks what it did. */
export async function checkDecluttered(read) {
  const d = await waitFor(async () => {
    const x = await read();
    return x.marker !== null ? x : null;
  }, { timeout: 10_000, message: 'the page to be decluttered' });
  assert.ok(Number(d.marker) > 0, `nothing hidden (${d.marker})`);
  assert.equal(d.hasHost, false, 'Declutter must not open the reader view');
  for (const p of PARAGRAPHS) assert.ok(d.text.includes(norm(p)), `paragraph hidden: ${p.slice(0, 60)}`);
  const shown = CLUTTER.filter((c) => d.text.includes(norm(c)));
  assert.ok(shown.length < CLUTTER.length, `no clutter hidden: ${JSON.stringify(shown)}`);
}

/** The reader view of the founding example with RULES saved (`r`: readReaderFrame's answer): both rules took effect. */
export function checkRulesApplied(r) {
  assert.equal(r.state, 'ready', r.text.slice(0, 300));
  assert.ok(!r.headings.includes(HIDDEN_HEADING), `the hide rule did not remove the heading: ${JSON.stringify(r.headings)}`);
  assert.ok(r.articleText.includes(norm(KEPT_TEXT)), 'the keep rule did not keep the caption credit');
}

/**
 * Waits for the options page's report on importing IMPORT_FILE_TEXT (`state()` answers readOptions)
 * and checks it: line IMPORT_BAD_LINE reported, the other lines kept. Returns {report, good}.
 */
export async function checkImportReport(state) {
  const report = await waitFor(async () => {
    const x = await state();
    return x.importErrors.length ? x : null;
  }, { timeout: 10_000, message: 'the import report' });
  assert.deepEqual(report.importErrors.map((e) => e.line), [IMPORT_BAD_LINE], JSON.stringify(report.importErrors));
  const good = IMPORT_FILE_TEXT.split('\n').filter((_, i) => i + 1 !== IMPORT_BAD_LINE).join('\n');
  assert.equal(report.rules, good);
  return { report, good };
}

export function sameSites(a, b) {
  const k = (o) => JSON.stringify(Object.keys(o).sort().map((x) => [x, o[x]]));
  return k(a) === k(b);
}
