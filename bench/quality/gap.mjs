#!/usr/bin/env node
// Where a browser's snippet F1 falls short of the CLI's, by kind: the corpus figure recomputed
// with one kind's pages given the CLI's text (charset read otherwise and navigated away, under
// --charset-as-saved / --let-pages-leave; the page tried to leave and stayed; any other page
// whose view differs from the CLI's text, parity < 0.95: what the page's CSS or scripts hide).
//   node bench/quality/gap.mjs [--results FILE]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { addCounts, countsF1, snippetCounts, ZERO_COUNTS } from './metrics.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const file = argv.includes('--results') ? argv[argv.indexOf('--results') + 1] : path.join(HERE, 'results/latest.json');
const results = JSON.parse(readFileSync(file, 'utf8'));
const root = results.options?.corpusRoot ?? path.join(HERE, '../../../shared/corpus');
const evaldata = JSON.parse(readFileSync(path.join(root, 'trafilatura-dev/evaldata.json'), 'utf8'));
const byFile = new Map(Object.values(evaldata).map((e) => [e.file, e]));

const stayed = (r) => (r.notes ?? []).some((n) => n.startsWith('stayed: '));
const KINDS = {
  'charset read otherwise': (r) => r.charsetDiffers === true,
  'navigated itself away': (r) => r.state === 'navigated-away',
  'tried to leave, stayed': (r) => stayed(r) && r.state !== 'navigated-away',
  'other parity < 0.95': (r) => !r.charsetDiffers && r.state !== 'navigated-away' && !stayed(r) && !(r.parity >= 0.95),
};
const f1Of = (rows, useCli) =>
  countsF1(
    rows.reduce((sum, r) => {
      const e = byFile.get(r.page);
      const text = useCli(r) ? (results.cliTexts[`${r.corpus}/${r.page}`] ?? '') : r.state === 'ready' ? r.text ?? '' : '';
      return addCounts(sum, snippetCounts(text, e.with, e.without));
    }, ZERO_COUNTS),
  );
for (const browser of ['chromium', 'firefox']) {
  const rows = results.rows.filter((r) => r.browser === browser && r.corpus.startsWith('trafilatura'));
  if (!rows.length) continue;
  const line = [`${browser}: F1 ${f1Of(rows, () => false).toFixed(4)} (CLI ${f1Of(rows, () => true).toFixed(4)})`];
  for (const [kind, is] of Object.entries(KINDS)) {
    const n = rows.filter(is).length;
    line.push(`${kind} (${n} pages) as the CLI: ${f1Of(rows, is).toFixed(4)}`);
  }
  line.push(`all: ${f1Of(rows, (r) => Object.values(KINDS).some((is) => is(r))).toFixed(4)}`);
  console.log(line.join('; '));
}
