// Shared pieces of the settings end-to-end tests (settings.chromium.test.mjs,
// settings.firefox.test.mjs): the options page, per-site modes, custom rules, import/export,
// and the migration from the stored copy of the version-1 settings.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES_DIR, REPO_ROOT } from './paths.mjs';

export const OPTIONS_PATH = '/options/options.html';
export const V1_SYNC = JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'storage/v1-sync.json'), 'utf8'));
/** What the v1 data becomes: modes keyed by registrable domain. */
export const V1_MIGRATED = { '127.0.0.1': 'reader', 'bbc.co.uk': 'declutter', 'cnn.com': 'declutter', 'theguardian.com': 'reader' };
export const AXE_SOURCE = () => readFileSync(path.join(REPO_ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

/** The founding example: a hide rule (its only section heading) and a keep rule (the caption credits). */
export const HIDDEN_HEADING = 'Reaction in Moscow';
export const RULES = [
  '! Folio e2e rules',
  '127.0.0.1##h2.article-body__subheading',
  '127.0.0.1#@#.article-image__credit',
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

export function sameSites(a, b) {
  const k = (o) => JSON.stringify(Object.keys(o).sort().map((x) => [x, o[x]]));
  return k(a) === k(b);
}
