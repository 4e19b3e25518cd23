#!/usr/bin/env node
// The click benchmark: the built extension in Chromium and in Firefox, a real toolbar click per
// corpus page, timed from the click to the article painted; prints figures, asserts no timing.

// The stages between come from the extension's own timeline (extension/reader/timing.js);
// Readability.js runs on the same pages in the same browser for the ratio. How it measures and
// what it leaves out: bench/README.md ("The click benchmark").
//
// node bench/click/run.mjs [--browser chromium|firefox|both] [--corpus readability|trafilatura|both]
//                          [--limit N] [--only NAME,...] [--quick] [--later N] [--no-readability]
//                          [--http] [--restart-every N] [--dist DIR] [--corpus-root DIR] [--out FILE]
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import {
  CORPUS_LABEL, READABILITY, TRAFILATURA, loadReadability, loadTrafilatura, pick, serveCorpus, spread,
} from '../quality/corpus.mjs';
import { startRefuser } from '../../tests/harness/offline.mjs';
import { STAGES, clickFigures, stageRow, summary } from './figures.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');
const QUICK_PAGES = 4; // per corpus: CI's short run
const PAGE_BOUND = 120_000; // one page's load, clicks and Readability.js

function usage(problem) {
  if (problem) console.error(`bench/click/run.mjs: ${problem}`);
  console.error('usage: node bench/click/run.mjs [--browser chromium|firefox|both] [--corpus readability|trafilatura|both]\n' +
    '         [--limit N] [--only NAME,...] [--quick] [--later N] [--no-readability] [--http] [--restart-every N]\n' +
    '         [--dist DIR] [--corpus-root DIR] [--out FILE]');
  process.exit(problem ? 64 : 0);
}

function parseArgs(argv) {
  const o = {
    browsers: ['chromium', 'firefox'], corpora: [READABILITY, TRAFILATURA], limit: 0, only: null, quick: false,
    later: 1, readability: true, https: true, restartEvery: 100, out: null,
    corpusRoot: path.resolve(REPO, '../shared/corpus'), dist: path.join(REPO, 'dist'),
  };
  const value = (i) => (i + 1 < argv.length ? argv[i + 1] : usage(`${argv[i]} needs a value`));
  const whole = (v, name, min) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) usage(`${name} needs a whole number >= ${min}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--browser') {
      const v = value(i++);
      if (!['chromium', 'firefox', 'both'].includes(v)) usage(`--browser ${v}`);
      o.browsers = v === 'both' ? ['chromium', 'firefox'] : [v];
    } else if (a === '--corpus') {
      const v = value(i++);
      if (!['readability', 'trafilatura', 'both'].includes(v)) usage(`--corpus ${v}`);
      o.corpora = v === 'both' ? [READABILITY, TRAFILATURA] : [v];
    } else if (a === '--limit') o.limit = whole(value(i++), '--limit', 1);
    else if (a === '--only') o.only = [...(o.only ?? []), ...value(i++).split(',').map((s) => s.trim()).filter(Boolean)];
    else if (a === '--quick') o.quick = true;
    else if (a === '--later') o.later = whole(value(i++), '--later', 0);
    else if (a === '--no-readability') o.readability = false;
    else if (a === '--http') o.https = false;
    else if (a === '--restart-every') o.restartEvery = whole(value(i++), '--restart-every', 1);
    else if (a === '--dist') o.dist = path.resolve(value(i++));
    else if (a === '--corpus-root') o.corpusRoot = path.resolve(value(i++));
    else if (a === '--out') o.out = path.resolve(value(i++));
    else if (a === '-h' || a === '--help') usage();
    else usage(`unknown argument ${a}`);
  }
  if (o.quick) {
    if (o.limit || o.only) usage('--quick is a fixed selection: no --limit or --only');
    o.limit = QUICK_PAGES;
  }
  o.out ??= path.join(REPO, 'bench/results', o.quick ? 'click-quick.json' : 'click-latest.json');
  return o;
}

const log = (s) => console.error(s);
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

function gitInfo() {
  const git = (...args) => {
    try {
      return execFileSync('git', args, { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return null;
    }
  };
  return { commit: git('rev-parse', '--short', 'HEAD'), dirty: !!git('status', '--porcelain', '--untracked-files=no') };
}

/** Readability.js, injected as one expression: {ms, chars} of `new Readability(document.cloneNode(true)).parse()`. */
function readabilityScript() {
  const source = readFileSync(path.join(REPO, 'node_modules/@mozilla/readability/Readability.js'), 'utf8');
  return `(() => {
    const module = {};
    ${source}
    const t0 = performance.now();
    const article = new Readability(document.cloneNode(true)).parse();
    return { ms: performance.now() - t0, chars: article?.textContent?.length ?? 0 };
  })()`;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const all = {};
  if (o.corpora.includes(READABILITY)) all[READABILITY] = loadReadability(o.corpusRoot);
  if (o.corpora.includes(TRAFILATURA)) all[TRAFILATURA] = loadTrafilatura(o.corpusRoot);
  let pages = o.corpora.flatMap((c) => (o.only ? pick(all[c], o.only) : spread(all[c], o.limit)));
  if (!pages.length) usage('no pages selected');

  // The build under test, copied: a rebuild during the run must not mix two builds.
  const work = mkdtempSync(path.join(os.tmpdir(), 'folio-click-'));
  process.on('exit', () => rmSync(work, { recursive: true, force: true, maxRetries: 3 }));
  for (const b of ['chrome', 'firefox']) {
    const from = path.join(o.dist, b);
    if (!existsSync(path.join(from, 'manifest.json'))) usage(`no built extension in ${from}: run ./build.sh first`);
    cpSync(from, path.join(work, b), { recursive: true });
  }
  process.env.FOLIO_E2E_CHROME_EXT = path.join(work, 'chrome');
  process.env.FOLIO_E2E_FIREFOX_EXT = path.join(work, 'firefox');
  const { ChromiumSession, FirefoxSession } = await import('../quality/browsers.mjs');
  const { makeCertificate } = await import('../../tests/harness/server.mjs');
  const wasm = readFileSync(path.join(work, 'chrome/core/folio_bg.wasm'));
  const core = { bytes: wasm.length, gzip: zlib.gzipSync(wasm, { level: 9 }).length };
  const git = gitInfo();
  log(`click benchmark: ${pages.length} pages (${o.corpora.map((c) => `${CORPUS_LABEL[c]} ${pages.filter((p) => p.corpus === c).length}`).join(', ')}) ` +
    `x ${o.browsers.join(', ')}; 1 first + ${o.later} later click(s) a page; commit ${git.commit}${git.dirty ? ' with uncommitted changes' : ''}; ` +
    `core ${core.bytes} B, ${core.gzip} B gzip`);

  const tls = o.https ? makeCertificate(work) : null;
  const server = await serveCorpus(o.corpusRoot, { tls });
  const refuser = await startRefuser();
  const readability = o.readability ? readabilityScript() : null;
  // Pages from 127.0.0.1, and a page that leaves is followed (an error row), as when the figures
  // in BENCHMARKS.md were taken: no request is stopped on its way, which would add to the click.
  const makeSession = {
    chromium: () => new ChromiumSession({ stay: false }),
    firefox: () => new FirefoxSession({ proxy: refuser, stay: false }),
  };
  const rows = [];
  const t0 = Date.now();
  try {
    // One browser after the other: two at once would share the machine's cores.
    for (const b of o.browsers) {
      const tb = Date.now();
      rows.push(...(await runBrowser(b, pages, { makeSession: makeSession[b], server, o, readability })));
      log(`[${b}] ${pages.length} pages in ${secs(Date.now() - tb)}`);
    }
  } finally {
    await server.close();
    await refuser.close();
  }

  const summaries = [];
  console.log('');
  for (const b of o.browsers) {
    for (const c of o.corpora) {
      const s = summary(rows.filter((r) => r.browser === b && r.corpus === c));
      summaries.push({ browser: b, corpus: c, ...s });
      console.log(`${b.padEnd(8)} ${CORPUS_LABEL[c].padEnd(15)} ${s.line}`);
    }
  }
  console.log('\nstages, median ms since the click (first clicks; later clicks in brackets):');
  console.log(`${'mark'.padEnd(34)} ${summaries.map((s) => `${s.browser.slice(0, 2)} ${CORPUS_LABEL[s.corpus].slice(0, 5)}`.padStart(16)).join('')}`);
  for (const stage of STAGES) {
    const cells = summaries.map((s) => stageRow(rows.filter((r) => r.browser === s.browser && r.corpus === s.corpus), stage.key));
    if (cells.every((c) => c === null)) continue;
    console.log(`${stage.label.padEnd(34)} ${cells.map((c) => (c ?? '-').padStart(16)).join('')}`);
  }
  const errors = rows.filter((r) => r.error);
  if (errors.length) {
    console.log(`\npages with an error (${errors.length}):`);
    for (const r of errors) console.log(`  ${r.browser.padEnd(8)} ${CORPUS_LABEL[r.corpus].padEnd(15)} ${r.page}: ${r.error}`);
  }
  console.log(`\nclick benchmark: ${pages.length} pages x ${o.browsers.length} browser(s) in ${secs(Date.now() - t0)}; commit ${git.commit}${git.dirty ? '+' : ''}; ` +
    `core ${core.gzip} B gzip; results in ${path.relative(REPO, o.out)}`);

  mkdirSync(path.dirname(o.out), { recursive: true });
  writeFileSync(o.out, `${JSON.stringify({
    date: new Date().toISOString(), commit: git.commit, dirty: git.dirty, core, machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30) },
    options: { browsers: o.browsers, corpora: o.corpora, limit: o.limit, only: o.only, quick: o.quick, later: o.later, https: o.https },
    summaries: summaries.map(({ line, ...s }) => s), rows,
  }, null, 1)}\n`);
  // The short run (CI) fails when the benchmark itself could not run: a browser with no page timed.
  const failed = o.browsers.filter((b) => !rows.some((r) => r.browser === b && clickFigures(r.first).painted != null));
  if (failed.length) {
    console.error(`click benchmark: no page timed in ${failed.join(', ')}`);
    process.exit(1);
  }
}

async function runBrowser(name, pages, { makeSession, server, o, readability }) {
  const rows = [];
  let session = null;
  let since = 0;
  const start = async () => {
    for (let attempt = 1; ; attempt++) {
      session = makeSession();
      try {
        await session.start();
        since = 0;
        return;
      } catch (e) {
        await session.stop().catch(() => {});
        session = null;
        if (attempt >= 3) throw new Error(`${name} would not start: ${e.message}`);
      }
    }
  };
  try {
    for (const [i, page] of pages.entries()) {
      if (!session || since >= o.restartEvery) {
        await session?.stop().catch(() => {});
        await start();
      }
      since++;
      const row = { browser: name, corpus: page.corpus, page: page.name, afterStart: since === 1 };
      const served = server.fileUrl(page.rel);
      const work = onePage(session, served, o, readability, row);
      work.catch(() => {});
      let timer;
      try {
        await Promise.race([work, new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no result within ${PAGE_BOUND / 1000} s`)), PAGE_BOUND);
        })]);
      } catch (e) {
        row.error = String(e?.message ?? e).split('\n')[0].slice(0, 300);
        // A harness failure (not the page's): a fresh browser for the next page.
        if (e.constructor?.name !== 'PageError') {
          await session?.stop().catch(() => {});
          session = null;
        }
      } finally {
        clearTimeout(timer);
      }
      rows.push(row);
      const f = row.first ? clickFigures(row.first) : null;
      log(`[${name}] ${i + 1}/${pages.length} ${CORPUS_LABEL[page.corpus]} ${page.name}: ` +
        (row.error ? `error: ${row.error}` : `${row.first.state}, click -> painted ${f?.painted?.toFixed(0) ?? '?'} ms` +
          (row.later?.length ? `, later ${row.later.map((l) => clickFigures(l).painted?.toFixed(0) ?? '?').join('/')} ms` : '') +
          (row.readability ? `; Readability.js ${row.readability.map((x) => x.ms.toFixed(1)).join('/')} ms` : '')));
    }
  } finally {
    await session?.stop().catch(() => {});
  }
  return rows;
}

// One page: loaded, the first click, `o.later` more (closed and opened again), then Readability.js
// twice in the page with the view closed (its first and a later run).
async function onePage(session, served, o, readability, row) {
  const view = (r) => ({ state: r.state, clickAt: r.clickAt, clicks: r.clicks, timings: r.timings, chars: r.text?.length ?? 0 });
  const first = await session.read(served);
  row.first = view(first);
  row.later = [];
  for (let k = 0; k < o.later; k++) row.later.push(view(await session.reopen(served)));
  if (readability) {
    await session.closeView(served);
    row.readability = [];
    for (let k = 0; k < 2; k++) row.readability.push(await session.evaluate(readability));
  }
}

main().catch((e) => {
  console.error(e?.stack ?? e);
  process.exit(1);
});
