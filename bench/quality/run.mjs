#!/usr/bin/env node
// The browser quality benchmark: what users get. The BUILT extension (dist/chrome in Chromium,
// dist/firefox in Firefox, through tests/harness/) opens each corpus page at its own URL (answered
// by the harness; a page without one from 127.0.0.1),
// its toolbar button is clicked for real, the reader view's final state is awaited and the
// article is read back from the view and scored exactly as `folio quality` scores the CLI:
//   readability      4-word-shingle F1 against expected.html (mean P, mean R, F1 of the means)
//   trafilatura-dev  snippet micro P/R/F1, and the halves A/B by FNV-1a 64 of the URL
// Per page it also runs `folio extract PAGE --url URL` and reports parity (shingle F1 between the
// view's text and the CLI's text_content) and "no article" in the browser where the CLI has one.
//
//   node bench/quality/run.mjs [--browser chromium|firefox|both] [--corpus readability|trafilatura|both]
//                              [--limit N] [--only NAME,...] [--quick] [--no-scripts] [--http] [--charset-as-saved] [--let-pages-leave] [--local-urls] [--sequential]
//                              [--restart-every N] [--out FILE] [--corpus-root DIR] [--dist DIR] [--folio BIN]
//
// --quick: 25 pages of each corpus (a fixed spread), both browsers; fails on a harness error, on
// "no article" in a browser where the CLI has an article, or when parity F1 < 0.95 on more than
// 2% of a browser's pages. No gate on the quality figures themselves. See bench/quality/README.md.
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CORPUS_DIRS, CORPUS_LABEL, READABILITY, TRAFILATURA, loadReadability, loadTrafilatura, pick, scorePage, serveCorpus, spread,
} from './corpus.mjs';
import { extractNative, pool } from './cli.mjs';
import { checkCorpus, scoreNative } from './check-metrics.mjs';
import {
  TEXT_SINK_FINGERPRINT, addCounts, aggregate, compareText, countsF1, countsPrecision, countsRecall, textSinkFingerprint, ZERO_COUNTS,
} from './metrics.mjs';
import { startPageProxy } from './page-proxy.mjs';
import { charsetDiffers, cliCharset } from './charset.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');
const QUICK_PAGES = 25;
/**
 * --quick also runs the pages that once gave "no article" in the browsers or in the CLI alone
 * (QUALITY.md, "Fixed on branch parity"): whole-page loading guards (Chartbeat, AMP, Kameleoon)
 * and a <noscript> that swallowed the page.
 */
const QUICK_ALSO = [
  'seattletimes-1', 'japantimes.co.jp.surgical.html', 'popsugar.co.uk.halloween.html',
  'Rosjanie sugerują natychmiastowe odcięcie Polski od gazu - Energetyka24.html',
  '0b5db24739704283849ca3ed20ce09d4.html', 'parcoabruzzo.it.58354.html',
];
const PARITY_OK = 0.95;
const QUICK_MAX_PARITY_MISS = 0.02;
/** The bound of one page, all steps together (each step has its own, smaller bound). */
const PAGE_BOUND = 150_000;

// ---- options -------------------------------------------------------------------------------------
function usage(msg) {
  if (msg) console.error(`run.mjs: ${msg}`);
  console.error('usage: node bench/quality/run.mjs [--browser chromium|firefox|both] [--corpus readability|trafilatura|both]\n' +
    '         [--limit N] [--only NAME,...] [--quick] [--no-scripts] [--http] [--charset-as-saved] [--let-pages-leave] [--local-urls] [--sequential] [--restart-every N] [--out FILE]\n' +
    '         [--corpus-root DIR] [--dist DIR] [--folio BIN]');
  process.exit(2);
}

function parseArgs(argv) {
  const o = {
    browsers: ['chromium', 'firefox'], corpora: [READABILITY, TRAFILATURA], limit: 0, only: null, quick: false,
    scripts: true, parallel: true, restartEvery: 100, out: null, corpusRoot: path.resolve(REPO, '../shared/corpus'),
    dist: path.join(REPO, 'dist'), folio: path.join(REPO, 'target/release/folio'), https: true, declareCharset: true, stay: true, ownUrl: true,
  };
  const value = (i) => (i + 1 < argv.length ? argv[i + 1] : usage(`${argv[i]} needs a value`));
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
    } else if (a === '--limit') {
      o.limit = Number(value(i++));
      if (!Number.isInteger(o.limit) || o.limit < 1) usage('--limit needs a positive whole number');
    } else if (a === '--only') {
      // Names separated by commas; the whole value is a name too (some file names hold a comma:
      // give such a name in an --only of its own). --only may be repeated.
      const v = value(i++);
      o.only = [...(o.only ?? []), v, ...v.split(',').map((s) => s.trim()).filter(Boolean)];
    }
    else if (a === '--quick') o.quick = true;
    else if (a === '--no-scripts') o.scripts = false;
    else if (a === '--http') o.https = false;
    else if (a === '--declare-charset') o.declareCharset = true; // the default; kept for older commands
    else if (a === '--charset-as-saved') o.declareCharset = false;
    else if (a === '--let-pages-leave') o.stay = false;
    else if (a === '--local-urls') o.ownUrl = false;
    else if (a === '--sequential') o.parallel = false;
    else if (a === '--restart-every') o.restartEvery = Math.max(1, Number(value(i++)) || 100);
    else if (a === '--out') o.out = path.resolve(value(i++));
    else if (a === '--corpus-root') o.corpusRoot = path.resolve(value(i++));
    else if (a === '--dist') o.dist = path.resolve(value(i++));
    else if (a === '--folio') o.folio = path.resolve(value(i++));
    else if (a === '-h' || a === '--help') usage();
    else usage(`unknown argument ${a}`);
  }
  if (o.quick) {
    if (o.limit || o.only) usage('--quick is a fixed selection: no --limit or --only');
    o.limit = QUICK_PAGES;
  }
  o.out ??= path.join(HERE, 'results', o.quick ? 'quick.json' : 'latest.json');
  return o;
}

const fmt = (x, d = 3) => (x == null || Number.isNaN(x) ? 'n/a' : x.toFixed(d));
const pct = (a, b) => (b ? `${((100 * a) / b).toFixed(1)}%` : 'n/a');
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16);

// ---- the build under test, copied (a rebuild during the run must not mix two builds) ------------
function snapshotBuild(dir, { dist, folio }) {
  const chrome = path.join(dist, 'chrome');
  const firefox = path.join(dist, 'firefox');
  for (const [p, what] of [[path.join(chrome, 'manifest.json'), 'dist/chrome'], [path.join(firefox, 'manifest.json'), 'dist/firefox'], [folio, 'target/release/folio']]) {
    if (!existsSync(p)) throw new Error(`No ${what} (missing ${p}): run ./build.sh first`);
  }
  const out = { chrome: path.join(dir, 'chrome'), firefox: path.join(dir, 'firefox'), folio: path.join(dir, 'folio') };
  cpSync(chrome, out.chrome, { recursive: true });
  cpSync(firefox, out.firefox, { recursive: true });
  copyFileSync(folio, out.folio);
  out.wasm = sha256(path.join(out.chrome, 'core/folio_bg.wasm'));
  out.folioSha = sha256(out.folio);
  return out;
}

function gitInfo() {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: REPO, encoding: 'utf8' }).trim() !== '';
    return { commit: head, dirty };
  } catch {
    return { commit: null, dirty: null };
  }
}

// ---- one browser over all pages ------------------------------------------------------------------
async function runBrowser(name, pages, { makeSession, server, atOwnUrl, restartEvery, log, abort }) {
  const rows = [];
  let session = null;
  let sinceStart = 0;
  let restarts = 0;
  const t0 = Date.now();
  const start = async () => {
    for (let attempt = 1; ; attempt++) {
      session = makeSession();
      try {
        await session.start();
        sinceStart = 0;
        return;
      } catch (e) {
        await session.stop().catch(() => {});
        session = null;
        if (attempt >= 3) throw new Error(`${name} would not start: ${e.message}`);
        log(`[${name}] start failed (${e.message.split('\n')[0]}); again`);
      }
    }
  };
  const restart = async (why) => {
    restarts++;
    log(`[${name}] restarting the browser (${why})`);
    await session?.stop().catch(() => {});
    session = null;
    await start();
  };
  try {
    await start();
    for (const [i, page] of pages.entries()) {
      if (abort.reason) throw new Error(`stopped: ${abort.reason}`);
      await runPage(i, page);
    }
  } finally {
    // Whatever happened, no browser of this run is left running.
    await session?.stop().catch(() => {});
  }
  return { rows, ms: Date.now() - t0, restarts };

  async function runPage(i, page) {
    if (sinceStart >= restartEvery) await restart(`${restartEvery} pages`);
    if (!session) await start();
    // At the page's own URL (the one the CLI is given), answered from the corpus; a page without
    // a web address (trafilatura's "hard::" names), or with --local-urls, at its path on 127.0.0.1.
    const ownUrl = atOwnUrl && /^https?:\/\//i.test(page.url);
    const served = ownUrl ? page.url : server.fileUrl(page.rel);
    const row = { browser: name, corpus: page.corpus, page: page.name, url: page.url, served };
    const current = session;
    const started = Date.now();
    const work = current.read(served, ownUrl ? server.pageResponse(page.file) : null);
    work.catch(() => {}); // a read abandoned by the bound below must not fail the process later
    let timer;
    try {
      const r = await Promise.race([work, new Promise((_, reject) => {
        timer = setTimeout(() => reject(Object.assign(new Error(`no result within ${PAGE_BOUND / 1000} s`), { bound: true })), PAGE_BOUND);
      })]);
      Object.assign(row, {
        state: r.state, text: r.text ?? '', title: r.title, message: r.message, elements: r.elements,
        ms: Math.round(r.ms), loadMs: Math.round(r.loadMs), notes: r.notes, charset: r.charset,
      });
    } catch (e) {
      const pageLevel = e.constructor?.name === 'PageError';
      row.state = !pageLevel ? 'harness-error' : /navigated itself/.test(e.message) ? 'navigated-away' : 'page-error';
      row.error = String(e.message ?? e).split('\n').slice(0, 3).join(' ').slice(0, 400);
      row.text = '';
      row.ms = Date.now() - started;
      if (!pageLevel) {
        log(`[${name}] ${page.name}: ${row.error}`);
        await restart(e.bound ? 'a page over its bound' : 'an error');
      }
    } finally {
      clearTimeout(timer);
    }
    sinceStart++;
    rows.push(row);
    if ((i + 1) % 50 === 0 || i + 1 === pages.length) log(`[${name}] ${i + 1}/${pages.length} pages, ${secs(Date.now() - t0)}`);
  }
}

// ---- scoring and summaries -----------------------------------------------------------------------
function outcomeOf(row) {
  if (row.state === 'ready') return 'article';
  if (row.state === 'no-article') return 'no-article';
  return 'error';
}

function scoreRows(rows, pagesByKey, natives) {
  for (const row of rows) {
    const key = `${row.corpus}\u0000${row.page}`;
    const page = pagesByKey.get(key);
    const native = natives.get(key);
    const s = scorePage(page, outcomeOf(row), row.text);
    if (s.score) row.score = { f1: s.score.f1, precision: s.score.precision, recall: s.score.recall };
    if (s.counts) {
      row.counts = s.counts;
      row.half = page.half;
    }
    row.cli = { exit: native.exit, hasArticle: native.exit === 0, textLength: native.text.length, ...(native.error ? { error: native.error } : {}) };
    const browserText = row.state === 'ready' ? row.text : '';
    row.parity = compareText(browserText, native.text).f1;
    row.identical = browserText === native.text;
    row.browserNoArticle = native.exit === 0 && row.state === 'no-article';
    row.browserOnlyArticle = native.exit !== 0 && row.state === 'ready';
    row.textLength = browserText.length;
    row.cliCharset = page.cliCharset;
    row.charsetDiffers = charsetDiffers(row.charset, page.cliCharset, page.bytes);
  }
}

/**
 * Whether the two paths read the same page, so that parity says something about the core: not
 * when the page left by itself (offline, an ad-blocker or mobile redirect fired), nor when the
 * browser decoded its bytes with another charset than the CLI (a saved page without its HTTP
 * charset header). Both kinds are reported apart.
 */
const comparable = (r) => r.state !== 'navigated-away' && !r.charsetDiffers;

function summarise(browser, corpus, rows, nativeRows) {
  const cmp = rows.filter(comparable);
  const n = cmp.length;
  const parityOk = cmp.filter((r) => r.parity >= PARITY_OK).length;
  const identical = cmp.filter((r) => r.identical).length;
  const navigated = rows.filter((r) => r.state === 'navigated-away').length;
  const charset = rows.filter((r) => r.state !== 'navigated-away' && r.charsetDiffers);
  const charsetMiss = charset.filter((r) => !(r.parity >= PARITY_OK)).length;
  const noArticle = rows.filter((r) => r.browserNoArticle).length;
  const onlyBrowser = rows.filter((r) => r.browserOnlyArticle).length;
  const readerErrors = rows.filter((r) => r.state === 'error').length;
  const pageErrors = rows.filter((r) => r.state === 'page-error').length;
  const harnessErrors = rows.filter((r) => r.state === 'harness-error').length;
  const s = {
    browser, corpus, pages: rows.length, compared: n, parityOk, identical, noArticle, onlyBrowser, readerErrors, pageErrors, harnessErrors,
    navigated, charset: charset.length, charsetMiss,
  };
  let figures;
  if (corpus === READABILITY) {
    const a = aggregate(rows.map((r) => r.score));
    Object.assign(s, a);
    figures = `F1 ${fmt(a.f1)}, P ${fmt(a.precision)}, R ${fmt(a.recall)}`;
  } else {
    const total = rows.reduce((c, r) => addCounts(c, r.counts), ZERO_COUNTS);
    const half = (h) => rows.filter((r) => r.half === h).reduce((c, r) => addCounts(c, r.counts), ZERO_COUNTS);
    const [A, B] = [half('A'), half('B')];
    Object.assign(s, { counts: total, f1: countsF1(total), precision: countsPrecision(total), recall: countsRecall(total), halfA: countsF1(A), halfB: countsF1(B) });
    figures = `snippets F1 ${fmt(s.f1)}, P ${fmt(s.precision)}, R ${fmt(s.recall)} (tp ${total.tp}, fn ${total.fn}, fp ${total.fp}, tn ${total.tn}); ` +
      `half A ${fmt(s.halfA)}, half B ${fmt(s.halfB)}`;
  }
  const errs = [];
  if (readerErrors) errs.push(`reader error ${readerErrors}`);
  if (pageErrors) errs.push(`page error ${pageErrors}`);
  if (harnessErrors) errs.push(`harness error ${harnessErrors}`);
  const apart = [];
  if (navigated) apart.push(`${navigated} navigated itself away (scored as no text)`);
  if (charset.length) apart.push(`${charset.length} decoded with another charset than the CLI's (parity < ${PARITY_OK} on ${charsetMiss})`);
  s.line = `quality (${browser}, ${CORPUS_LABEL[corpus]}): ${figures}; parity ≥ ${PARITY_OK} on ${pct(parityOk, n)} of pages (${parityOk}/${n}` +
    `${apart.length ? `; left out: ${apart.join(', ')}` : ''}), identical text ${identical}/${n}, browser no-article where the CLI has one: ${noArticle}` +
    (onlyBrowser ? `, browser article where the CLI has none: ${onlyBrowser}` : '') + (errs.length ? `; ${errs.join(', ')}` : '');
  if (nativeRows) {
    if (corpus === READABILITY) {
      const a = aggregate(nativeRows.map((r) => r.score));
      s.cli = { f1: a.f1, precision: a.precision, recall: a.recall };
      s.cliLine = `quality (cli, ${CORPUS_LABEL[corpus]}): F1 ${fmt(a.f1)}, P ${fmt(a.precision)}, R ${fmt(a.recall)}, pages ${nativeRows.length}`;
    } else {
      const total = nativeRows.reduce((c, r) => addCounts(c, r.counts), ZERO_COUNTS);
      const half = (h) => nativeRows.filter((r) => r.half === h).reduce((c, r) => addCounts(c, r.counts), ZERO_COUNTS);
      s.cli = { counts: total, f1: countsF1(total), precision: countsPrecision(total), recall: countsRecall(total), halfA: countsF1(half('A')), halfB: countsF1(half('B')) };
      s.cliLine = `quality (cli, ${CORPUS_LABEL[corpus]}): snippets F1 ${fmt(s.cli.f1)}, P ${fmt(s.cli.precision)}, R ${fmt(s.cli.recall)} ` +
        `(tp ${total.tp}, fn ${total.fn}, fp ${total.fp}, tn ${total.tn}); half A ${fmt(s.cli.halfA)}, half B ${fmt(s.cli.halfB)}, pages ${nativeRows.length}`;
    }
  }
  return s;
}

// ---- main ----------------------------------------------------------------------------------------
async function main() {
  const o = parseArgs(process.argv.slice(2));
  const tStart = Date.now();
  const log = (m) => console.log(m);

  // Pages.
  const loaders = { [READABILITY]: loadReadability, [TRAFILATURA]: loadTrafilatura };
  const all = {};
  const pages = [];
  for (const corpus of o.corpora) {
    all[corpus] = loaders[corpus](o.corpusRoot);
    let sel = all[corpus];
    if (o.only) sel = pick(sel, o.only);
    if (o.limit) sel = spread(sel, o.limit);
    if (o.quick) sel = [...sel, ...pick(all[corpus], QUICK_ALSO).filter((p) => !sel.includes(p))];
    pages.push(...sel);
  }
  if (!pages.length) usage('no pages selected');
  // --only: no summary lines for a corpus none of the names is in.
  if (o.only) o.corpora = o.corpora.filter((c) => pages.some((p) => p.corpus === c));
  const pagesByKey = new Map(pages.map((p) => [`${p.corpus}\u0000${p.name}`, p]));
  for (const p of pages) {
    Object.defineProperty(p, 'bytes', { value: readFileSync(p.file), enumerable: false });
    p.cliCharset = cliCharset(p.bytes);
  }

  // The build under test.
  const work = mkdtempSync(path.join(os.tmpdir(), 'folio-quality-'));
  const cleanup = () => rmSync(work, { recursive: true, force: true, maxRetries: 3 });
  process.on('exit', cleanup);
  const build = snapshotBuild(work, o);
  process.env.FOLIO_E2E_CHROME_EXT = build.chrome;
  process.env.FOLIO_E2E_FIREFOX_EXT = build.firefox;
  // After the environment is set: tests/harness/paths.mjs reads it when first imported.
  const { ChromiumSession, FirefoxSession } = await import('./browsers.mjs');
  const { makeCertificate } = await import('../../tests/harness/server.mjs');
  const git = gitInfo();
  log(`browser quality: ${pages.length} pages (${o.corpora.map((c) => `${CORPUS_LABEL[c]} ${pages.filter((p) => p.corpus === c).length}`).join(', ')}) ` +
    `x ${o.browsers.join(', ')}${o.quick ? ' (quick)' : ''}; scripts ${o.scripts ? 'on' : 'off'}; commit ${git.commit}${git.dirty ? ' with uncommitted changes' : ''}; ` +
    `core ${build.wasm} (${path.relative(REPO, o.dist) || o.dist}), folio ${build.folioSha} (${path.relative(REPO, o.folio)})`);

  // The view's text is read back by replaying render/article.rs's TextSink (metrics.mjs): say so
  // when that code has changed since it was mirrored.
  try {
    const fp = textSinkFingerprint(readFileSync(path.join(REPO, 'src/render/article.rs'), 'utf8'), (x) => createHash('sha256').update(x).digest('hex'));
    if (fp !== TEXT_SINK_FINGERPRINT) {
      log(`WARNING: src/render/article.rs's TextSink has changed since metrics.mjs mirrored it (fingerprint ${fp}, mirrored ` +
        `${TEXT_SINK_FINGERPRINT}): update TextSink and readReaderView in bench/quality/metrics.mjs, then TEXT_SINK_FINGERPRINT`);
    }
  } catch {
    // no source tree: nothing to compare
  }

  // The CLI on every page (the parity reference), and the metric port checked against folio quality.
  let t = Date.now();
  const nativeList = await pool(pages, Math.max(1, Math.min(2, os.availableParallelism?.() ?? 2)), (p) => extractNative(build.folio, p.file, p.url));
  const natives = new Map(pages.map((p, i) => [`${p.corpus}\u0000${p.name}`, nativeList[i]]));
  const cliMs = Date.now() - t;
  log(`folio extract on ${pages.length} pages: ${secs(cliMs)}`);
  t = Date.now();
  const portProblems = [];
  for (const corpus of o.corpora) {
    const sel = pages.filter((p) => p.corpus === corpus);
    const problems = await checkCorpus(build.folio, o.corpusRoot, corpus, sel, sel.map((p) => natives.get(`${corpus}\u0000${p.name}`)), {
      whole: sel.length === all[corpus].length, allow: path.join(REPO, 'tests/quality/allowlist.txt'),
    });
    portProblems.push(...problems.map((p) => `${CORPUS_LABEL[corpus]}: ${p}`));
  }
  log(portProblems.length
    ? `metric port: ${portProblems.length} page(s) scored differently from folio quality:\n  ${portProblems.slice(0, 10).join('\n  ')}`
    : `metric port: the CLI's texts scored here = folio quality's rows on all ${pages.length} pages (${secs(Date.now() - t)})`);

  // Serve the corpus; run the browsers.
  const tls = o.https ? makeCertificate(work) : null;
  if (o.https && !tls) log('no openssl: the pages are served over HTTP (pages that insist on HTTPS will navigate away)');
  const server = await serveCorpus(o.corpusRoot, { csp: o.scripts ? null : "script-src 'none'", tls, declareCharset: o.declareCharset });
  if (o.ownUrl && !tls) {
    o.ownUrl = false; // Firefox reaches an https:// page through the proxy's TLS, with the run's certificate
    log('no certificate (--http, or no openssl): each page is opened at its path on 127.0.0.1, not at its own URL');
  }
  const proxy = await startPageProxy({ certificate: tls });
  log(`serving ${path.relative(REPO, o.corpusRoot)} (${tls ? 'HTTPS, self-signed' : 'HTTP'}; ${o.scripts ? 'no CSP' : "CSP script-src 'none'"}; ` +
    `${o.declareCharset ? "charset= the corpus's decoding" : 'no charset parameter, as saved'}): ` +
    `${o.ownUrl ? 'each page at its own URL (the one the CLI is given), answered by the harness' : `each page at ${server.origin}/…`}; ` +
    `every other address offline${o.stay ? '; a page that tries to leave stays' : '; a page that leaves is followed'}`);
  const sessions = {
    chromium: () => new ChromiumSession({ stay: o.stay }),
    firefox: () => new FirefoxSession({ proxy, stay: o.stay }),
  };
  const runs = {};
  const tBrowsers = Date.now();
  try {
    const abort = { reason: null }; // one browser failing stops the other (and its browser)
    const one = async (b) => {
      try {
        runs[b] = await runBrowser(b, pages, { makeSession: sessions[b], server, atOwnUrl: o.ownUrl, restartEvery: o.restartEvery, log, abort });
      } catch (e) {
        abort.reason ??= `${b} failed`;
        throw e;
      }
      log(`[${b}] done: ${pages.length} pages in ${secs(runs[b].ms)} (${secs(runs[b].ms / pages.length)} a page, ${runs[b].restarts} restarts)`);
    };
    if (o.parallel) {
      const done = await Promise.allSettled(o.browsers.map(one));
      const failed = done.find((d) => d.status === 'rejected');
      if (failed) throw failed.reason;
    } else {
      for (const b of o.browsers) await one(b);
    }
  } finally {
    await server.close();
    await proxy.close();
  }
  const browsersMs = Date.now() - tBrowsers;

  // Scores, parity, summaries.
  const rows = o.browsers.flatMap((b) => runs[b].rows);
  scoreRows(rows, pagesByKey, natives);
  const nativeRows = pages.map((p) => {
    const s = scoreNative(p, natives.get(`${p.corpus}\u0000${p.name}`));
    return { corpus: p.corpus, half: p.half, score: s.score, counts: s.counts };
  });
  // A second CLI run for the pages that differ, at the address the browser saw: tells the
  // address apart from the other causes (links resolve against it; ads.rs compares hosts).
  const differing = rows.filter((r) => r.parity < PARITY_OK || r.browserNoArticle);
  await pool(differing, 2, async (r) => {
    const p = pagesByKey.get(`${r.corpus}\u0000${r.page}`);
    const n = await extractNative(build.folio, p.file, r.served);
    r.cliAtServed = { exit: n.exit, parity: compareText(r.state === 'ready' ? r.text : '', n.text).f1 };
  });

  const summaries = [];
  console.log('');
  for (const b of o.browsers) {
    for (const corpus of o.corpora) {
      const rs = rows.filter((r) => r.browser === b && r.corpus === corpus);
      const nr = nativeRows.filter((r) => r.corpus === corpus);
      summaries.push(summarise(b, corpus, rs, nr));
    }
  }
  for (const corpus of o.corpora) console.log(summaries.find((s) => s.corpus === corpus).cliLine);
  for (const s of summaries) console.log(s.line);

  if (differing.length) {
    console.log(`\npages with parity < ${PARITY_OK} or "no article" in the browser only (${differing.length}):`);
    for (const r of differing.sort((a, b) => a.corpus.localeCompare(b.corpus) || a.page.localeCompare(b.page) || a.browser.localeCompare(b.browser))) {
      const why = (r.state === 'ready' ? '' : ` [${r.state}${r.error ? `: ${r.error}` : ''}${r.message ? `: ${r.message}` : ''}]`) +
        (r.charsetDiffers ? ` [charset: the browser decoded ${r.charset}, the CLI ${r.cliCharset}]` : '');
      console.log(`  ${r.browser.padEnd(8)} ${CORPUS_LABEL[r.corpus].padEnd(15)} ${r.page}  parity ${fmt(r.parity)} ` +
        `(view ${r.textLength} chars, CLI ${r.cli.textLength}, exit ${r.cli.exit}; CLI at the served URL: parity ${fmt(r.cliAtServed?.parity)})${why}`);
    }
  }

  // Gates (--quick): the run itself and the two paths' agreement; never the quality figures.
  const failures = [];
  if (portProblems.length) failures.push(`the metric port scores ${portProblems.length} page(s) differently from folio quality`);
  for (const b of o.browsers) {
    const rs = rows.filter((r) => r.browser === b);
    const harness = rs.filter((r) => r.state === 'harness-error');
    if (harness.length) failures.push(`${b}: ${harness.length} harness error(s): ${harness.slice(0, 5).map((r) => `${r.page} (${r.error})`).join('; ')}`);
    const noArt = rs.filter((r) => r.browserNoArticle);
    if (noArt.length) failures.push(`${b}: "no article" in the browser where the CLI finds one on ${noArt.length} page(s): ${noArt.map((r) => r.page).join(', ')}`);
    // The reader's own error message is no article for the user either.
    const errors = rs.filter((r) => r.state === 'error' && r.cli?.hasArticle);
    if (errors.length) failures.push(`${b}: the reader's error where the CLI finds an article on ${errors.length} page(s): ${errors.map((r) => `${r.page} (${r.message ?? r.error})`).join(', ')}`);
    // Of all the pages the browser ran; a page that left by itself or was decoded with another
    // charset is reported above, never counted as a miss (neither is the core's doing).
    const miss = rs.filter((r) => comparable(r) && !(r.parity >= PARITY_OK));
    if (miss.length > QUICK_MAX_PARITY_MISS * rs.length) {
      failures.push(`${b}: parity F1 < ${PARITY_OK} on ${miss.length}/${rs.length} pages (${pct(miss.length, rs.length)}, more than ${QUICK_MAX_PARITY_MISS * 100}%): ${miss.map((r) => r.page).join(', ')}`);
    }
  }

  const totalMs = Date.now() - tStart;
  console.log(`\nrun time ${secs(totalMs)} (folio extract ${secs(cliMs)}, browsers ${secs(browsersMs)}${o.parallel && o.browsers.length > 1 ? ' side by side' : ''}` +
    `${o.browsers.map((b) => `; ${b} ${secs(runs[b].ms)}, ${runs[b].restarts} restarts`).join('')})`);

  mkdirSync(path.dirname(o.out), { recursive: true });
  const cliTexts = Object.fromEntries(pages.map((p) => [`${p.corpus}/${p.name}`, natives.get(`${p.corpus}\u0000${p.name}`).text]));
  writeFileSync(o.out, JSON.stringify({
    date: new Date().toISOString(), commit: git.commit, dirty: git.dirty, core: build.wasm, folio: build.folioSha, dist: o.dist, folioBin: o.folio,
    options: { browsers: o.browsers, corpora: o.corpora, limit: o.limit, only: o.only, quick: o.quick, scripts: o.scripts, parallel: o.parallel, https: !!tls, declareCharset: o.declareCharset, stay: o.stay, ownUrl: o.ownUrl },
    machine: { nproc: os.availableParallelism?.() ?? os.cpus().length, memGiB: +(os.totalmem() / 2 ** 30).toFixed(1) },
    times: { totalMs, cliMs, browsersMs, ...Object.fromEntries(o.browsers.map((b) => [b, { ms: runs[b].ms, restarts: runs[b].restarts }])) },
    metricPort: portProblems, summaries, failures: o.quick ? failures : [], rows, cliTexts,
  }, null, 1));
  console.log(`results: ${path.relative(process.cwd(), o.out)}`);

  if (o.quick) {
    if (failures.length) {
      for (const f of failures) console.error(`FAIL: ${f}`);
      process.exitCode = 1;
    } else {
      console.log('quick: no harness error; no "no article" in a browser where the CLI has one; parity within bounds');
    }
  } else if (portProblems.length || rows.some((r) => r.state === 'harness-error')) {
    process.exitCode = 1;
  }
}

// Exit when done: a page read abandoned at its bound may leave a timer behind.
main().then(
  () => process.exit(process.exitCode ?? 0),
  (e) => {
    console.error(e?.stack ?? e);
    process.exit(1);
  },
);
