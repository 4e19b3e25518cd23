#!/usr/bin/env node
// What differs between the reader view's text and the CLI's text_content for one page of a
// results file: the blocks (paragraphs) only in one of the two, in order.
//   node bench/quality/diff.mjs PAGE [--browser chromium|firefox] [--results FILE] [--all]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const opt = (name, dflt) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : dflt);
const page = argv.find((a, i) => !a.startsWith('--') && !['--browser', '--results'].includes(argv[i - 1]));
if (!page) {
  console.error('usage: node bench/quality/diff.mjs PAGE [--browser chromium|firefox] [--results FILE] [--all]');
  process.exit(2);
}
const results = JSON.parse(readFileSync(opt('--results', path.join(HERE, 'results/latest.json')), 'utf8'));
const browser = opt('--browser', null);
const rows = results.rows.filter((r) => (r.page === page || r.page === `${page}.html`) && (!browser || r.browser === browser));
if (!rows.length) {
  console.error(`no row for ${page}${browser ? ` in ${browser}` : ''}`);
  process.exit(1);
}
const clip = (s, n = 160) => (s.length > n ? `${s.slice(0, n)}…` : s);
for (const r of rows) {
  const cli = results.cliTexts[`${r.corpus}/${r.page}`] ?? '';
  const view = r.state === 'ready' ? r.text : '';
  console.log(`== ${r.browser} ${r.corpus} ${r.page}: state ${r.state}${r.error ? ` (${r.error})` : ''}, parity ${r.parity?.toFixed(3)}, ` +
    `view ${view.length} chars, CLI ${cli.length} chars (exit ${r.cli.exit})`);
  const a = view ? view.split('\n\n') : [];
  const b = cli ? cli.split('\n\n') : [];
  const inA = new Map();
  const inB = new Map();
  for (const x of a) inA.set(x, (inA.get(x) ?? 0) + 1);
  for (const x of b) inB.set(x, (inB.get(x) ?? 0) + 1);
  const onlyView = a.filter((x) => !inB.has(x));
  const onlyCli = b.filter((x) => !inA.has(x));
  console.log(`   blocks: view ${a.length}, CLI ${b.length}; only in the view ${onlyView.length}, only in the CLI ${onlyCli.length}`);
  const limit = argv.includes('--all') ? Infinity : 12;
  for (const x of onlyView.slice(0, limit)) console.log(`   + view: ${clip(x)}`);
  for (const x of onlyCli.slice(0, limit)) console.log(`   - CLI:  ${clip(x)}`);
}
