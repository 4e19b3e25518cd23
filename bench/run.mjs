#!/usr/bin/env node
// Folio's speed benchmark (issue 6). In one headless Chromium run, for every page of
// ../shared/corpus/readability-test-pages served from 127.0.0.1, times:
//   folio        folioSnapshot(document) + read(json, detachedArticle)  (the click path), and apart:
//                the paint of the article, the snapshot's transfer (2 structured-clone hops)
//   readability  new Readability(document.cloneNode(true)).parse()       (@mozilla/readability)
//   floor        one TreeWalker pass over document.body summing every text node's length
// then a synthetic 100,000-element page (the longest main-thread task of the click path), the
// native `folio extract` over the same pages, and the core's size. Never asserts timings.
//
//   node bench/run.mjs                 full run (all pages, 5 runs), writes bench/results/latest.json
//                                      and docs/bench-chart.svg
//   node bench/run.mjs --quick         CI smoke: 5 pages, 2 runs, short synthetic; writes
//                                      bench/results/quick.json, no chart
//   options: --pages N (N pages spread over the corpus) --only a,b --runs N --timeout MS
//            --no-synthetic --no-native --profile (CPU profile of Folio's path instead of timing)
//            --corpus DIR --core DIR --out FILE --chart FILE --synthetic-elements N
// Needs ./build.sh first (dist/chrome/core) and /usr/bin/chromium (FOLIO_CHROMIUM overrides).
import http from 'node:http';
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync, mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { syntheticPage } from './synthetic.mjs';
import { writeChart } from './chart.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rel = (p) => path.relative(ROOT, p) || '.';

// --- Options ------------------------------------------------------------------------------
function parseArgs(argv) {
  const o = {
    quick: false, pages: 0, only: null, runs: 5, timeout: 30_000, synthetic: true, native: true,
    profile: false, corpus: path.resolve(ROOT, '../shared/corpus/readability-test-pages'),
    core: path.join(ROOT, 'dist/chrome/core'), out: null, chart: null, syntheticElements: 100_000,
  };
  const next = (i) => {
    if (i + 1 >= argv.length) usage(`${argv[i]} needs a value`);
    return argv[i + 1];
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    switch (a) {
      case '--quick': o.quick = true; break;
      case '--pages': o.pages = Number(next(i)); i++; break;
      case '--only': o.only = next(i).split(',').filter(Boolean); i++; break;
      case '--runs': o.runs = Number(next(i)); i++; break;
      case '--timeout': o.timeout = Number(next(i)); i++; break;
      case '--no-synthetic': o.synthetic = false; break;
      case '--no-native': o.native = false; break;
      case '--profile': o.profile = true; break;
      case '--corpus': o.corpus = path.resolve(next(i)); i++; break;
      case '--core': o.core = path.resolve(next(i)); i++; break;
      case '--out': o.out = path.resolve(next(i)); i++; break;
      case '--chart': o.chart = path.resolve(next(i)); i++; break;
      case '--synthetic-elements': o.syntheticElements = Number(next(i)); i++; break;
      case '-h': case '--help': usage(); break;
      default: usage(`unknown option ${a}`);
    }
  }
  if (o.quick) {
    if (!argv.includes('--runs')) o.runs = 2;
    if (!o.pages && !o.only) o.only = QUICK_PAGES;
  }
  if (!(o.runs >= 1) || !(o.timeout > 0)) usage('--runs and --timeout must be positive');
  o.out ??= path.join(ROOT, 'bench/results', o.profile ? 'profile.json' : o.quick ? 'quick.json' : 'latest.json');
  // Only a full timing run (every page) replaces the committed chart, unless asked.
  o.chart ??= !o.quick && !o.profile && !o.pages && !o.only ? path.join(ROOT, 'docs/bench-chart.svg') : null;
  return o;
}
function usage(err) {
  const text = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 18).map((l) => l.replace(/^\/\/ ?/, '')).join('\n');
  (err ? console.error : console.log)(`${err ? `error: ${err}\n\n` : ''}${text}`);
  process.exit(err ? 2 : 0);
}
const QUICK_PAGES = ['001', 'bbc-1', 'nytimes-1', 'wikipedia', 'yahoo-2'];

// --- Statistics ---------------------------------------------------------------------------
const median = (xs) => {
  const a = xs.filter((v) => Number.isFinite(v)).sort((p, q) => p - q);
  if (!a.length) return NaN;
  const h = a.length >> 1;
  return a.length % 2 ? a[h] : (a[h - 1] + a[h]) / 2;
};
/** Nearest-rank percentile. */
const pct = (xs, p) => {
  const a = xs.filter((v) => Number.isFinite(v)).sort((x, y) => x - y);
  return a.length ? a[Math.min(a.length - 1, Math.max(0, Math.ceil((p / 100) * a.length) - 1))] : NaN;
};
const sum = (xs) => xs.reduce((s, v) => s + (Number.isFinite(v) ? v : 0), 0);
const f = (v, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : '-');
const mb = (b) => (Number.isFinite(b) ? `${(b / 1048576).toFixed(1)} MB` : '-');

// --- Server -------------------------------------------------------------------------------
const TYPES = { '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm', '.css': 'text/css; charset=utf-8', '.html': 'text/html; charset=utf-8' };
const WORKER_JS = 'onmessage = (e) => postMessage(e.data);\n';

function startServer(o, synthetic) {
  const assets = {
    '/_folio/core/folio.js': path.join(o.core, 'folio.js'),
    '/_folio/core/folio_bg.wasm': path.join(o.core, 'folio_bg.wasm'),
    // With its name section (before wasm-opt): only for --profile, so wasm frames have names.
    '/_folio/core-named/folio_bg.wasm': path.join(ROOT, '.tmp/core/bindgen/folio_bg.wasm'),
    '/_folio/snapshot.js': path.join(ROOT, 'extension/content/snapshot.js'),
    '/_folio/reader.css': path.join(ROOT, 'extension/reader/reader.css'),
    '/_folio/readability.js': path.join(ROOT, 'node_modules/@mozilla/readability/Readability.js'),
  };
  const server = http.createServer(async (req, res) => {
    // No CSP (the page may compile wasm). Cross-origin isolation, so that performance.now() has
    // 5 µs resolution rather than 100 µs; every resource here is same-origin.
    const send = (status, body, type = 'text/plain; charset=utf-8', cache = 'no-store') => {
      res.writeHead(status, {
        'Content-Type': type, 'Cache-Control': cache,
        'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp',
        'Cross-Origin-Resource-Policy': 'same-origin',
      });
      res.end(body);
    };
    try {
      const { pathname } = new URL(req.url, 'http://127.0.0.1');
      if (assets[pathname]) {
        return send(200, await readFile(assets[pathname]), TYPES[path.extname(pathname)], 'max-age=3600');
      }
      if (pathname === '/_folio/worker.js') return send(200, WORKER_JS, TYPES['.js'], 'max-age=3600');
      if (pathname === '/synthetic/') return send(200, synthetic(), TYPES['.html']);
      const m = /^\/p\/([^/]+)\/$/.exec(pathname);
      if (m) {
        const name = decodeURIComponent(m[1]);
        if (!name.includes('..')) {
          const file = path.join(o.corpus, name, 'source.html');
          if (existsSync(file)) return send(200, await readFile(file), TYPES['.html']);
        }
      }
      send(404, 'not found');
    } catch (e) {
      send(500, String(e));
    }
  });
  server.keepAliveTimeout = 10_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const origin = `http://127.0.0.1:${server.address().port}`;
      resolve({ origin, close: () => new Promise((r) => { server.close(() => r()); server.closeAllConnections(); }) });
    });
  });
}

// --- In the page --------------------------------------------------------------------------
// Installed after load as window.__folioBench, in the page's main world (the extension runs the
// snapshot in the content script's isolated world, same thread, same DOM).
async function setupInPage({ origin, named }) {
  const now = () => performance.now();
  const gc = globalThis.gc ?? (() => {});
  const heapNow = () => performance.memory?.usedJSHeapSize ?? NaN;
  const heap = heapNow;
  const loadScript = (src) => new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = resolve;
    s.onerror = () => reject(new Error(`could not load ${src}`));
    (document.head ?? document.documentElement).append(s);
  });
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));

  // Not part of any timing: the page as the user sees it, before the click.
  const elements = document.getElementsByTagName('*').length;
  await loadScript(`${origin}/_folio/snapshot.js`);
  await loadScript(`${origin}/_folio/readability.js`);
  const snapshot = globalThis.folioSnapshot;
  const snapshotSliced = globalThis.folioSnapshotSliced;
  const Readability = globalThis.Readability;
  if (typeof snapshot !== 'function') throw new Error('folioSnapshot not defined after loading snapshot.js');
  if (typeof Readability !== 'function') throw new Error('Readability not defined after loading Readability.js');
  const mod = await import(`${origin}/_folio/core/folio.js`);
  const t0 = now();
  const wasm = await mod.default({ module_or_path: `${origin}/_folio/${named ? 'core-named' : 'core'}/folio_bg.wasm` });
  const initMs = now() - t0;
  const read = mod.read;

  // The reader view's stand-in: a same-origin iframe with reader.css over the page, which is
  // where the article is painted (the real one is an extension page, its own process).
  const iframe = document.createElement('iframe');
  iframe.setAttribute('style', 'position:fixed;inset:0;width:100vw;height:100vh;border:0;z-index:2147483647;background:#fff');
  iframe.srcdoc = `<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="${origin}/_folio/reader.css"></head>` +
    '<body><main><h1 id="folio-title"></h1><article id="folio-article"></article></main></body></html>';
  const loaded = new Promise((r) => iframe.addEventListener('load', r, { once: true }));
  document.documentElement.append(iframe);
  await Promise.race([loaded, new Promise((r) => setTimeout(r, 5000))]);
  const rdoc = iframe.contentDocument;
  const rwin = iframe.contentWindow;
  const rframe = () => new Promise((r) => rwin.requestAnimationFrame(() => rwin.setTimeout(r, 0)));

  const worker = new Worker(`${origin}/_folio/worker.js`);
  const echo = (data) => new Promise((resolve) => {
    worker.onmessage = (e) => resolve(e.data);
    worker.postMessage(data);
  });
  await echo('warm');

  let peakHeap = heap();
  const seen = (h) => { if (h > peakHeap) peakHeap = h; return h; };

  function floor() {
    gc();
    const t = now();
    const w = document.createTreeWalker(document.body ?? document.documentElement, NodeFilter.SHOW_TEXT);
    let chars = 0;
    for (let n = w.nextNode(); n; n = w.nextNode()) chars += n.data.length;
    return { ms: now() - t, chars };
  }

  function readability() {
    gc();
    const h0 = seen(heap());
    const t = now();
    const clone = document.cloneNode(true);
    const t1 = now();
    const article = new Readability(clone).parse();
    const t2 = now();
    const h1 = seen(heap());
    return { ms: t2 - t, cloneMs: t1 - t, heap: h1 - h0, textLength: article?.textContent?.length ?? 0, ok: !!article };
  }

  // profiling: no gc() nor heap sampling inside the profiled call (the caller collects first).
  async function folio({ paint = true, profiling = false } = {}) {
    if (!profiling) {
      gc();
      await frame();
    }
    const heap = profiling ? () => NaN : heapNow;
    const h0 = seen(heap());
    const t0 = now();
    const json = snapshot(document);
    const t1 = now();
    const h1 = seen(heap());
    const root = rdoc.createElement('article');
    root.id = 'folio-article';
    const report = read(json, root);
    const t2 = now();
    const h2 = seen(heap());
    const r = {
      ms: t2 - t0, snapshotMs: t1 - t0, coreMs: t2 - t1, heap: Math.max(h1, h2) - h0,
      snapshotChars: json.length, readerable: !!report?.readerable, textLength: root.textContent.length,
      articleElements: root.getElementsByTagName('*').length,
    };
    if (paint) {
      // Paint: put the article in the view, lay it out, and wait for the next frame.
      const t3 = now();
      rdoc.getElementById('folio-title').textContent = report?.title ?? '';
      rdoc.getElementById('folio-article').replaceWith(root);
      void rdoc.body.offsetHeight;
      const t4 = now();
      await rframe();
      r.layoutMs = t4 - t3;
      r.paintMs = now() - t3;
      // Transfer, apart from the click path's figure: the snapshot string through two
      // structured-clone hops (page → worker → page), as content → background → reader.
      const t5 = now();
      const back = await echo(json);
      r.transferMs = now() - t5;
      if (back.length !== json.length) throw new Error('transfer changed the snapshot');
      const empty = rdoc.createElement('article');
      empty.id = 'folio-article';
      root.replaceWith(empty);
      await rframe();
    }
    return r;
  }

  // The synthetic page: the click as tasks (snapshot; core; paint) with a long-task observer.
  async function click() {
    const longTasks = [];
    const po = new PerformanceObserver((l) => {
      for (const e of l.getEntries()) longTasks.push({ start: e.startTime, ms: e.duration });
    });
    po.observe({ type: 'longtask' });
    await frame();
    const start = now();
    const task = (fn) => new Promise((resolve, reject) => setTimeout(() => {
      const t = now();
      try { resolve([fn(), now() - t]); } catch (e) { reject(e); }
    }, 0));
    // As the extension reads the page: in slices, giving the page its thread between them.
    const readStart = now();
    const json = await snapshotSliced(document);
    const readEnd = now();
    const snapshotMs = readEnd - readStart;
    const root = rdoc.createElement('article');
    root.id = 'folio-article';
    const [report, coreMs] = await task(() => read(json, root));
    const [, layoutMs] = await task(() => {
      rdoc.getElementById('folio-article').replaceWith(root);
      void rdoc.body.offsetHeight;
    });
    await rframe();
    const total = now() - start;
    await new Promise((r) => setTimeout(r, 300)); // let the observer deliver
    po.disconnect();
    const r = {
      snapshotMs, coreMs, layoutMs, totalMs: total, longTasks: longTasks.filter((t) => t.start >= start - 1),
      readingTasks: longTasks.filter((t) => t.start >= readStart - 1 && t.start < readEnd),
      readerable: !!report?.readerable, textLength: root.textContent.length, title: report?.title ?? null,
      snapshotChars: json.length,
    };
    const empty = rdoc.createElement('article');
    empty.id = 'folio-article';
    root.replaceWith(empty);
    await rframe();
    return r;
  }

  window.__folioBench = {
    floor, readability, folio, click, gc: async () => { gc(); await frame(); },
    info: () => ({ peakHeap, wasmMemory: wasm.memory?.buffer?.byteLength ?? NaN }),
  };
  return { elements, initMs, crossOriginIsolated: globalThis.crossOriginIsolated === true };
}

// --- Browser ------------------------------------------------------------------------------
function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

async function launch(o) {
  const chromiumBin = process.env.FOLIO_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(chromiumBin)) throw new Error(`no Chromium at ${chromiumBin} (apt-get install chromium)`);
  // The browser's HOME and TMPDIR: a scratch folder, seen through a short link in /tmp
  // (Chromium's socket paths must stay under 107 bytes).
  const home = path.join(ROOT, '.tmp/bench-home');
  rmSync(home, { recursive: true, force: true });
  mkdirSync(path.join(home, 'tmp'), { recursive: true });
  const linkDir = mkdtempSync(path.join(os.tmpdir(), 'fb-'));
  const link = path.join(linkDir, 'h');
  symlinkSync(home, link);
  const env = { ...process.env, HOME: link, TMPDIR: path.join(link, 'tmp'), XDG_CONFIG_HOME: path.join(link, '.config'), XDG_CACHE_HOME: path.join(link, '.cache') };
  const browser = await chromium.launch({
    executablePath: chromiumBin, headless: false, env, timeout: 60_000,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync', '--enable-precise-memory-info',
      '--js-flags=--expose-gc', '--disable-extensions', '--mute-audio',
      // Nothing leaves the machine: every host but 127.0.0.1 fails to resolve, at once.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
  });
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
  // And requests that are not for 127.0.0.1 are aborted before they start.
  await context.route((url) => url.hostname !== '127.0.0.1', (route) => route.abort('blockedbyclient'));
  const close = async () => {
    await withTimeout(browser.close(), 20_000, 'closing Chromium').catch((e) => {
      console.error(`warning: ${e.message}; killing its processes`);
      killUsing(home);
    });
    rmSync(linkDir, { recursive: true, force: true });
  };
  return { browser, context, close, version: browser.version() };
}

/** Last resort: SIGKILL the browser processes this run started (their environment names `dir`). */
function killUsing(dir) {
  for (const d of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    if (Number(d) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${d}/environ`, 'latin1').includes(dir) || readFileSync(`/proc/${d}/cmdline`, 'latin1').includes(dir)) process.kill(Number(d), 'SIGKILL');
    } catch { /* gone, or not ours */ }
  }
}

/** Opens `url` in a new tab, sets the bench up; `body(call)` runs the measurements. */
async function onPage(b, origin, url, o, body, { named = false, timeout = o.timeout } = {}) {
  const page = await b.context.newPage();
  const cdp = await b.context.newCDPSession(page);
  const call = async (fn, arg, what, ms = timeout) => {
    try {
      return await withTimeout(page.evaluate(fn, arg), ms, what);
    } catch (e) {
      // A page stuck in a long script: stop it, so the tab can close.
      await withTimeout(cdp.send('Runtime.terminateExecution'), 2000, 'terminateExecution').catch(() => {});
      throw e;
    }
  };
  try {
    await page.goto(url, { waitUntil: 'load', timeout }).catch(async (e) => {
      if (!/Timeout/i.test(e.message)) throw e;
      await page.waitForLoadState('domcontentloaded', { timeout: 5000 });
    });
    const setup = await call(setupInPage, { origin, named }, 'setup');
    return await body(call, setup, { page, cdp });
  } finally {
    await withTimeout(page.close({ runBeforeUnload: false }), 10_000, 'closing the tab').catch(() => {});
  }
}

// --- Corpus pages -------------------------------------------------------------------------
function selectPages(o) {
  if (!existsSync(o.corpus)) throw new Error(`the corpus is missing: ${o.corpus}`);
  const all = readdirSync(o.corpus).filter((n) => existsSync(path.join(o.corpus, n, 'source.html'))).sort();
  if (o.only) {
    const missing = o.only.filter((n) => !all.includes(n));
    const have = o.only.filter((n) => all.includes(n));
    if (missing.length) console.error(`warning: not in the corpus: ${missing.join(', ')}`);
    return have.length ? have : all.slice(0, 5);
  }
  if (o.pages > 0 && o.pages < all.length) {
    return Array.from({ length: o.pages }, (_, i) => all[Math.floor((i * all.length) / o.pages)]);
  }
  return all;
}

async function measurePage(b, origin, name, o) {
  const url = `${origin}/p/${encodeURIComponent(name)}/`;
  return onPage(b, origin, url, o, async (call, setup) => {
    const samples = { floor: [], folio: [], readability: [] };
    const one = async (kind, keep) => {
      const r = await call(kind === 'folio'
        ? () => window.__folioBench.folio()
        : kind === 'floor' ? () => window.__folioBench.floor() : () => window.__folioBench.readability(), null, `${name}: ${kind}`);
      if (keep) samples[kind].push(r);
      return r;
    };
    // Warm-up once each (kept as the "first click": a fresh core instance, cold JITs, as in
    // the extension, where every click opens a new reader view), then interleaved runs.
    const first = {};
    for (const k of ['floor', 'folio', 'readability']) first[k] = await one(k, false);
    for (let i = 0; i < o.runs; i++) for (const k of ['floor', 'folio', 'readability']) await one(k, true);
    const info = await call(() => window.__folioBench.info(), null, `${name}: info`);
    const med = (k, field = 'ms') => median(samples[k].map((s) => s[field]));
    const folioRuns = samples.folio;
    return {
      name, elements: setup.elements, initMs: setup.initMs, crossOriginIsolated: setup.crossOriginIsolated,
      median: {
        folio: med('folio'), snapshot: med('folio', 'snapshotMs'), core: med('folio', 'coreMs'),
        layout: med('folio', 'layoutMs'), paint: med('folio', 'paintMs'), transfer: med('folio', 'transferMs'),
        readability: med('readability'), readabilityClone: med('readability', 'cloneMs'), floor: med('floor'),
      },
      folio: {
        readerable: folioRuns[0]?.readerable, textLength: folioRuns[0]?.textLength,
        articleElements: folioRuns[0]?.articleElements, snapshotChars: folioRuns[0]?.snapshotChars,
        heap: Math.max(...folioRuns.map((s) => s.heap)),
      },
      readability: { ok: samples.readability[0]?.ok, textLength: samples.readability[0]?.textLength, heap: Math.max(...samples.readability.map((s) => s.heap)) },
      floorChars: samples.floor[0]?.chars,
      first: { folio: first.folio.ms, snapshot: first.folio.snapshotMs, core: first.folio.coreMs, readability: first.readability.ms, floor: first.floor.ms },
      peakHeap: info.peakHeap, wasmMemory: info.wasmMemory,
      samples: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, v.map((s) => +s.ms.toFixed(3))])),
    };
  });
}

// --- Synthetic page -----------------------------------------------------------------------
async function measureSynthetic(b, origin, o, elementsInHtml) {
  const runs = o.quick ? 1 : 3;
  const timeout = Math.max(o.timeout, 120_000);
  return onPage(b, origin, `${origin}/synthetic/`, o, async (call, setup) => {
    const clicks = [];
    await call(() => window.__folioBench.click(), null, 'synthetic: warm-up click', timeout);
    for (let i = 0; i < runs; i++) clicks.push(await call(() => window.__folioBench.click(), null, 'synthetic: click', timeout));
    const floor = [], rd = [];
    for (let i = 0; i < runs; i++) floor.push(await call(() => window.__folioBench.floor(), null, 'synthetic: floor', timeout));
    for (let i = 0; i < (o.quick ? 1 : 2); i++) rd.push(await call(() => window.__folioBench.readability(), null, 'synthetic: readability', timeout));
    const longest = clicks.map((c) => Math.max(0, ...c.longTasks.map((t) => t.ms)));
    // The page's own thread in the extension: only the read runs there (the core runs in the
    // reader frame, the extension's process). Long tasks are those over 50 ms; none counts as 0.
    const reading = clicks.map((c) => Math.max(0, ...c.readingTasks.map((t) => t.ms)));
    return {
      elements: setup.elements, elementsInHtml, runs, initMs: setup.initMs,
      median: {
        snapshot: median(clicks.map((c) => c.snapshotMs)), core: median(clicks.map((c) => c.coreMs)),
        layout: median(clicks.map((c) => c.layoutMs)), click: median(clicks.map((c) => c.totalMs)),
        longestTask: median(longest), readingTask: median(reading), floor: median(floor.map((r) => r.ms)), readability: median(rd.map((r) => r.ms)),
      },
      longestTaskMax: Math.max(...longest),
      readingTaskMax: Math.max(...reading),
      longTasks: clicks.map((c) => c.longTasks.map((t) => +t.ms.toFixed(1))),
      readerable: clicks[0].readerable, textLength: clicks[0].textLength, title: clicks[0].title,
      snapshotChars: clicks[0].snapshotChars,
    };
  }, { timeout });
}

// --- CPU profile of Folio's path (--profile) ---------------------------------------------
async function profilePages(b, origin, names, o, { runs = o.runs, timeout = o.timeout } = {}) {
  const byFn = new Map(), byLine = new Map(), byPart = new Map(), byTotal = new Map();
  let totalUs = 0;
  for (const name of names) {
    const url = name === '(synthetic)' ? `${origin}/synthetic/` : `${origin}/p/${encodeURIComponent(name)}/`;
    try {
      await onPage(b, origin, url, o, async (call, _setup, { cdp }) => {
        await call(() => window.__folioBench.folio({ paint: false }), null, `${name}: warm-up`);
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
        for (let i = 0; i < runs; i++) {
          // A collection first, outside the profile; then one profiled click path.
          await call(() => window.__folioBench.gc(), null, `${name}: gc`);
          await cdp.send('Profiler.start');
          await call(() => window.__folioBench.folio({ paint: false, profiling: true }), null, `${name}: folio`);
          const { profile } = await cdp.send('Profiler.stop');
          totalUs += addProfile(profile, byFn, byLine, byPart, byTotal);
        }
      }, { named: true, timeout });
      process.stdout.write('.');
    } catch (e) {
      console.log(`\n${name}: ${e.message.split('\n')[0]}`);
    }
  }
  console.log();
  const top = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, us]) => ({ what: k, ms: +(us / 1000).toFixed(1), share: +(us / totalUs).toFixed(3) }));
  const snapshotSrc = readFileSync(path.join(ROOT, 'extension/content/snapshot.js'), 'utf8').split('\n');
  const lines = top(byLine, 15).map((r) => ({ ...r, code: snapshotSrc[Number(r.what.split(':')[1]) - 1]?.trim().slice(0, 90) }));
  // The core's functions with their callees' time (each function once per stack): which phase costs.
  const core = new Map([...byTotal].filter(([k]) => k.endsWith(' folio_bg.wasm')));
  return { totalMs: totalUs / 1000, parts: top(byPart, 10), functions: top(byFn, 30), snapshotLines: lines, coreTotals: top(core, 40) };
}

/**
 * Adds one CPU profile's self times (µs) by function, snapshot.js line and part, and total times
 * (self + callees) by function; returns its total.
 */
function addProfile(profile, byFn, byLine, byPart, byTotal) {
  const dt = new Map();
  for (let i = 0; i < profile.samples.length; i++) dt.set(profile.samples[i], (dt.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
  const parent = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const fileOf = (n) => n.callFrame.url.split('/').pop();
  // The part a node's time belongs to: its own script, else its nearest caller's (DOM and other
  // native calls have no script: getComputedStyle belongs to the snapshot, createTextNode to the core).
  const partOf = (n) => {
    for (let m = n; m; m = byId.get(parent.get(m.id))) {
      const file = fileOf(m);
      const own = m === n;
      if (file === 'snapshot.js') return own ? 'snapshot: JS' : 'snapshot: DOM/style calls';
      if (file === 'folio_bg.wasm') return own ? 'core: wasm' : 'core: DOM calls from wasm';
      if (file === 'folio.js') return own ? 'core: JS glue' : 'core: DOM calls from wasm';
    }
    return n.callFrame.functionName === '(garbage collector)' ? 'GC' : 'other (harness, program)';
  };
  let total = 0;
  for (const n of profile.nodes) {
    const us = dt.get(n.id) ?? 0;
    const cf = n.callFrame;
    if (!us || cf.functionName === '(idle)') continue;
    total += us;
    add(byPart, partOf(n), us);
    const file = fileOf(n) || '';
    add(byFn, `${cf.functionName || '(anonymous)'}${file ? ' ' + file : ''}`, us);
    const seen = new Set();
    for (let m = n; m; m = byId.get(parent.get(m.id))) {
      const f = fileOf(m);
      const key = `${(m.callFrame.functionName || '(anonymous)').replace(/::h[0-9a-f]{16}$/, '')}${f ? ' ' + f : ''}`;
      if (!seen.has(key)) add(byTotal, key, us);
      seen.add(key);
    }
    if (file === 'snapshot.js' && n.positionTicks) {
      const ticks = sum(n.positionTicks.map((t) => t.ticks));
      for (const t of n.positionTicks) add(byLine, `snapshot.js:${t.line}`, (us * t.ticks) / ticks);
    }
  }
  return total;
}
function add(m, k, v) { m.set(k, (m.get(k) ?? 0) + v); }

// --- Native -------------------------------------------------------------------------------
function measureNative(names, o, syntheticFile) {
  const bin = path.join(ROOT, 'target/release/folio');
  if (!existsSync(bin)) return { error: `${rel(bin)} not built (./build.sh)` };
  const run = (file) => {
    const t = process.hrtime.bigint();
    const r = spawnSync(bin, ['extract', file, '--url', 'http://fakehost/test/page.html'], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 });
    return { ms: Number(process.hrtime.bigint() - t) / 1e6, status: r.status };
  };
  const tiny = path.join(ROOT, '.tmp/bench-tiny.html');
  writeFileSync(tiny, '<!doctype html><title>t</title><p>x</p>');
  const startup = median(Array.from({ length: 11 }, () => run(tiny).ms));
  const files = names.map((n) => ({ name: n, ...run(path.join(o.corpus, n, 'source.html')) }));
  const total = sum(files.map((x) => x.ms));
  const synthetic = syntheticFile ? run(syntheticFile) : null;
  return {
    pages: files.length, totalS: total / 1000, startupMs: startup, medianMs: median(files.map((x) => x.ms)),
    exitNonZero: files.filter((x) => x.status !== 0).map((x) => x.name),
    slowest: [...files].sort((a, b) => b.ms - a.ms).slice(0, 5).map((x) => ({ name: x.name, ms: +x.ms.toFixed(1) })),
    syntheticMs: synthetic?.ms ?? null,
  };
}

// --- Main ---------------------------------------------------------------------------------
async function main() {
  const o = parseArgs(process.argv.slice(2));
  const started = Date.now();
  for (const f of ['folio.js', 'folio_bg.wasm']) {
    if (!existsSync(path.join(o.core, f))) throw new Error(`${rel(path.join(o.core, f))} is missing: run ./build.sh first`);
  }
  if (o.profile && !existsSync(path.join(ROOT, '.tmp/core/bindgen/folio_bg.wasm'))) throw new Error('.tmp/core/bindgen/folio_bg.wasm is missing: run ./build.sh first');
  const names = selectPages(o);
  const wasmBytes = readFileSync(path.join(o.core, 'folio_bg.wasm'));
  // gzip -9 as build.sh reports it (GNU gzip); node's zlib at level 9 is about 2% larger.
  const gz = spawnSync('gzip', ['-9c'], { input: wasmBytes, maxBuffer: 1 << 26 });
  const size = { raw: wasmBytes.length, gzip: gz.status === 0 ? gz.stdout.length : gzipSync(wasmBytes, { level: 9 }).length, zlib9: gzipSync(wasmBytes, { level: 9 }).length };
  let synth = null;
  const syntheticHtml = () => {
    synth ??= syntheticPage({ elements: o.syntheticElements });
    return synth.html;
  };
  const server = await startServer(o, syntheticHtml);
  const b = await launch(o);
  const command = `node bench/run.mjs${process.argv.slice(2).length ? ' ' + process.argv.slice(2).join(' ') : ''}`;
  console.log(`Folio benchmark: ${names.length} pages, ${o.runs} runs each (+1 warm-up), Chromium ${b.version}, ${origin(server)}`);
  console.log(`core: ${rel(path.join(o.core, 'folio_bg.wasm'))} ${size.raw} bytes raw, ${size.gzip} bytes gzip -9`);
  try {
    if (o.profile) {
      const prof = await profilePages(b, server.origin, names, o);
      printProfile(prof, `${names.length} corpus pages x ${o.runs} runs`);
      if (o.synthetic) {
        prof.synthetic = await profilePages(b, server.origin, ['(synthetic)'], o, { runs: 1, timeout: Math.max(o.timeout, 120_000) });
        printProfile(prof.synthetic, `the synthetic ${o.syntheticElements}-element page, 1 run`);
      }
      mkdirSync(path.dirname(o.out), { recursive: true });
      writeFileSync(o.out, JSON.stringify({ meta: meta(o, b, command, names), profile: prof }, null, 2) + '\n');
      console.log(`wrote ${rel(o.out)}`);
      return;
    }
    const rows = [];
    console.log(header());
    for (const name of names) {
      let row;
      // A page that fails is tried once more (a fetch can fail once); a timeout is not retried.
      for (let attempt = 1; attempt <= 2 && !row; attempt++) {
        try {
          row = await measurePage(b, server.origin, name, o);
          if (attempt > 1) row.retried = true;
        } catch (e) {
          if (attempt === 2 || /timed out/.test(e.message)) row = { name, error: e.message.split('\n')[0].slice(0, 200) };
          else console.error(`${name}: ${e.message.split('\n')[0].slice(0, 200)}; trying again`);
        }
      }
      rows.push(row);
      console.log(formatRow(row));
    }
    let synthetic = null;
    if (o.synthetic) {
      try {
        synthetic = await measureSynthetic(b, server.origin, o, (syntheticHtml(), synth.elements));
      } catch (e) {
        synthetic = { error: e.message.split('\n')[0].slice(0, 300) };
      }
    }
    let native = null;
    if (o.native) {
      let synFile = null;
      if (o.synthetic) {
        synFile = path.join(ROOT, '.tmp/bench-synthetic.html');
        writeFileSync(synFile, syntheticHtml());
      }
      native = measureNative(names, o, synFile);
    }
    const results = { meta: meta(o, b, command, names), size, summary: summarize(rows, size), synthetic, native, pages: rows };
    results.meta.seconds = Math.round((Date.now() - started) / 1000);
    printSummary(results);
    mkdirSync(path.dirname(o.out), { recursive: true });
    writeFileSync(o.out, JSON.stringify(results, null, 2) + '\n');
    console.log(`wrote ${rel(o.out)}`);
    if (o.chart) {
      writeChart(results, o.chart);
      console.log(`wrote ${rel(o.chart)}`);
    }
  } finally {
    await b.close();
    await server.close();
  }
}
const origin = (s) => s.origin;

function meta(o, b, command, names) {
  const cpu = (readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m) ?? [])[1] ?? 'unknown';
  let mem = '';
  try { mem = execFileSync('free', ['-h'], { encoding: 'utf8' }).split('\n')[1]?.split(/\s+/)[1] ?? ''; } catch { /* no free */ }
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    if (execFileSync('git', ['status', '--porcelain', '--', 'src', 'extension', 'Cargo.toml', 'Cargo.lock'], { cwd: ROOT, encoding: 'utf8' }).trim()) commit += ' (+ uncommitted changes in src/extension)';
  } catch { /* not a git checkout */ }
  return {
    date: new Date().toISOString(), command, commit, chromium: b.version, node: process.version,
    cpu, nproc: os.availableParallelism?.() ?? os.cpus().length, memory: mem, os: `${os.type()} ${os.release()}`,
    runs: o.runs, pages: names.length, quick: o.quick,
    readability: JSON.parse(readFileSync(path.join(ROOT, 'node_modules/@mozilla/readability/package.json'), 'utf8')).version,
  };
}

function summarize(rows, size) {
  const ok = rows.filter((r) => !r.error);
  const rr = ok.map((r) => r.median.folio / r.median.readability);
  const rf = ok.map((r) => r.median.folio / r.median.floor);
  const rs = ok.map((r) => r.median.snapshot / r.median.floor);
  return {
    pages: rows.length, errors: rows.filter((r) => r.error).map((r) => r.name),
    ratioReadability: { median: median(rr), p95: pct(rr, 95), max: Math.max(...rr) },
    ratioFloor: { median: median(rf), p95: pct(rf, 95) },
    ratioSnapshotFloor: { median: median(rs) },
    firstRun: (() => {
      const fr = ok.map((r) => r.first.folio / r.first.readability);
      return { ratioReadability: { median: median(fr), p95: pct(fr, 95) }, coreMs: sum(ok.map((r) => r.first.core)), folioMs: sum(ok.map((r) => r.first.folio)), readabilityMs: sum(ok.map((r) => r.first.readability)) };
    })(),
    totalsMs: {
      folio: sum(ok.map((r) => r.median.folio)), snapshot: sum(ok.map((r) => r.median.snapshot)), core: sum(ok.map((r) => r.median.core)),
      paint: sum(ok.map((r) => r.median.paint)), transfer: sum(ok.map((r) => r.median.transfer)),
      readability: sum(ok.map((r) => r.median.readability)), readabilityClone: sum(ok.map((r) => r.median.readabilityClone)), floor: sum(ok.map((r) => r.median.floor)),
    },
    medianMs: {
      folio: median(ok.map((r) => r.median.folio)), paint: median(ok.map((r) => r.median.paint)), init: median(ok.map((r) => r.initMs)),
      readability: median(ok.map((r) => r.median.readability)), floor: median(ok.map((r) => r.median.floor)),
    },
    worst: [...ok].sort((a, b) => b.median.folio / b.median.readability - a.median.folio / a.median.readability).slice(0, 5)
      .map((r) => ({ name: r.name, ratio: +(r.median.folio / r.median.readability).toFixed(3) })),
    peakJsHeap: Math.max(...ok.map((r) => r.peakHeap)), peakWasmMemory: Math.max(...ok.map((r) => r.wasmMemory)),
    folioHeapMax: Math.max(...ok.map((r) => r.folio.heap)), readabilityHeapMax: Math.max(...ok.map((r) => r.readability.heap)),
    notReaderable: ok.filter((r) => !r.folio.readerable).map((r) => r.name),
    crossOriginIsolated: ok.every((r) => r.crossOriginIsolated),
    wasm: size,
  };
}

function header() {
  return [
    'page'.padEnd(36), 'elems'.padStart(6), 'folio'.padStart(8), 'snap'.padStart(7), 'core'.padStart(7),
    'paint'.padStart(7), 'xfer'.padStart(6), 'readab'.padStart(8), 'floor'.padStart(7), 'F/R'.padStart(6), 'F/fl'.padStart(6), ' ok',
  ].join(' ') + '\n' + '-'.repeat(118);
}
function formatRow(r) {
  if (r.error) return `${r.name.padEnd(36)} ERROR ${r.error}`;
  const m = r.median;
  return [
    r.name.slice(0, 36).padEnd(36), String(r.elements).padStart(6), f(m.folio, 2).padStart(8), f(m.snapshot, 2).padStart(7), f(m.core, 2).padStart(7),
    f(m.paint, 1).padStart(7), f(m.transfer, 1).padStart(6), f(m.readability, 2).padStart(8), f(m.floor, 3).padStart(7),
    f(m.folio / m.readability, 3).padStart(6), f(m.folio / m.floor, 1).padStart(6), r.folio.readerable ? ' yes' : ' no',
  ].join(' ');
}

function printSummary(res) {
  const s = res.summary, syn = res.synthetic, nat = res.native;
  const L = [];
  L.push('');
  L.push(`==================== Folio benchmark: summary (${res.meta.pages} pages, ${res.meta.runs} runs, medians) ====================`);
  L.push(`pages measured: ${s.pages - s.errors.length} of ${s.pages}${s.errors.length ? ` (errors: ${s.errors.join(', ')})` : ''}; Folio found no article on: ${s.notReaderable.join(', ') || 'none'}`);
  L.push(`Folio / Readability.js: median ${f(s.ratioReadability.median, 3)}, p95 ${f(s.ratioReadability.p95, 3)}, max ${f(s.ratioReadability.max, 3)}   (goal: median <= 0.25, p95 <= 0.5)`);
  L.push(`Folio / floor:          median ${f(s.ratioFloor.median, 2)}, p95 ${f(s.ratioFloor.p95, 2)}   (goal: median <= 3); snapshot alone / floor: median ${f(s.ratioSnapshotFloor.median, 2)}`);
  L.push(`sum over pages, ms:     Folio ${f(s.totalsMs.folio)} (snapshot ${f(s.totalsMs.snapshot)} + core ${f(s.totalsMs.core)}), paint ${f(s.totalsMs.paint)}, transfer ${f(s.totalsMs.transfer)}; Readability.js ${f(s.totalsMs.readability)} (of which cloneNode ${f(s.totalsMs.readabilityClone)}); floor ${f(s.totalsMs.floor)}`);
  L.push(`median page, ms:        Folio ${f(s.medianMs.folio, 2)}, paint ${f(s.medianMs.paint, 1)}, Readability.js ${f(s.medianMs.readability, 2)}, floor ${f(s.medianMs.floor, 3)}; core init (compile + instantiate, once per view) ${f(s.medianMs.init, 1)}`);
  L.push(`first click (warm-up run: fresh core instance, cold JIT): Folio / Readability.js median ${f(s.firstRun.ratioReadability.median, 3)}, p95 ${f(s.firstRun.ratioReadability.p95, 3)}; sums: Folio ${f(s.firstRun.folioMs)} ms (core ${f(s.firstRun.coreMs)}), Readability.js ${f(s.firstRun.readabilityMs)} ms`);
  L.push(`worst Folio / Readability.js: ${s.worst.map((w) => `${w.name} ${w.ratio}`).join(', ')}`);
  L.push(`core .wasm: ${s.wasm.raw} bytes raw (${f(s.wasm.raw / 1024)} KB), ${s.wasm.gzip} bytes gzip -9 (${f(s.wasm.gzip / 1024)} KB; node zlib -9: ${s.wasm.zlib9})   (goal: <= 150 KB gzip)`);
  L.push(`peak JS heap (usedJSHeapSize, sampled around each step): ${mb(s.peakJsHeap)}; most held by Folio's step ${mb(s.folioHeapMax)}, by Readability.js's ${mb(s.readabilityHeapMax)}; wasm linear memory max ${mb(s.peakWasmMemory)}`);
  if (syn?.error) L.push(`synthetic page: ERROR ${syn.error}`);
  else if (syn) {
    L.push(`synthetic page (${syn.elements} elements, ${syn.runs} clicks): snapshot task ${f(syn.median.snapshot)} ms, core task ${f(syn.median.core)} ms, layout ${f(syn.median.layout)} ms, click to painted ${f(syn.median.click)} ms`);
    L.push(`  longest main-thread task (longtask observer): median ${f(syn.median.longestTask)} ms, max ${f(syn.longestTaskMax)} ms (the core's task included: here it shares the page's thread)`);
    L.push(`  the page's own thread in the extension (the read, in slices; ${f(syn.median.snapshot)} ms in all): longest task median ${f(syn.median.readingTask)} ms, max ${f(syn.readingTaskMax)} ms   (goal: <= 200 ms; 0 = no task over 50 ms)`);
    L.push(`  reader view: ${syn.readerable ? `article of ${syn.textLength} characters` : 'NO ARTICLE (readerable=false)'}; Readability.js ${f(syn.median.readability)} ms, floor ${f(syn.median.floor, 2)} ms`);
  }
  if (nat?.error) L.push(`native: ${nat.error}`);
  else if (nat) {
    L.push(`native folio extract over ${nat.pages} pages: ${f(nat.totalS, 2)} s total (one process per page; start-up ${f(nat.startupMs, 1)} ms each), median ${f(nat.medianMs, 1)} ms   (goal: < 2 s for 130)`);
    L.push(`  slowest: ${nat.slowest.map((x) => `${x.name} ${x.ms} ms`).join(', ')}${nat.syntheticMs ? `; synthetic page ${f(nat.syntheticMs)} ms` : ''}`);
  }
  L.push(`timer resolution: ${s.crossOriginIsolated ? 'cross-origin isolated (5 µs)' : 'NOT cross-origin isolated (100 µs)'}; run took ${res.meta.seconds} s`);
  console.log(L.join('\n'));
}

function printProfile(p, what) {
  console.log(`\nCPU profile of Folio's path (snapshot + core, no paint) on ${what}: ${f(p.totalMs)} ms sampled (50 µs interval); wasm: the named build before wasm-opt`);
  console.log('by part:');
  for (const r of p.parts) console.log(`  ${f(r.ms).padStart(8)} ms ${(100 * r.share).toFixed(1).padStart(5)}%  ${r.what}`);
  console.log('self time by function:');
  for (const r of p.functions) console.log(`  ${f(r.ms).padStart(8)} ms ${(100 * r.share).toFixed(1).padStart(5)}%  ${r.what}`);
  console.log('snapshot.js self time by line:');
  for (const r of p.snapshotLines) console.log(`  ${f(r.ms).padStart(8)} ms ${(100 * r.share).toFixed(1).padStart(5)}%  ${r.what}  ${r.code}`);
  console.log('the core: total time by function (its callees included):');
  for (const r of p.coreTotals ?? []) console.log(`  ${f(r.ms).padStart(8)} ms ${(100 * r.share).toFixed(1).padStart(5)}%  ${r.what}`);
}

main().catch((e) => {
  console.error(`bench failed: ${e.stack ?? e}`);
  process.exit(1);
});
