// Crash cases (crash.mjs) in Chromium: each page served on 127.0.0.1 with the strict page CSP,
// the reader opened by a real toolbar click (CDP Extensions.triggerAction); the view must reach
// the case's final state (the article, or its clear message) in bounded time with no uncaught
// error in the reader frame, and a second click must give the page back as it was.
// Run: node --test tests/hostile/   (needs ./build.sh first, and /usr/bin/chromium)
import { describe, before, after, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';

import { clickToolbarButton, hostPresent, startChromiumRun, toggleByToolbar } from '../harness/chromium.mjs';
import { startServer } from '../harness/server.mjs';
import { STEP as HOOK, waitFor, withTimeout } from '../harness/scratch.mjs';
import { FINAL_STATES, READER_URL_RE } from '../harness/expectations.mjs';
import {
  builtState, caseUrl, checkOutcome, crashSummary, diffFingerprints, hostOnTop, openPatiently, pageFingerprint, probeReader, seconds,
  waitBuilt, writeCrashSite,
} from './crash.mjs';

describe('Chromium: crash cases in the reader view', () => {
  const site = writeCrashSite('folio-crash-c-');
  let run, server, raw, b;
  const log = [];
  const results = [];

  let crashed = false;
  function watch(page) {
    page.on('console', (m) => {
      const where = m.location()?.url?.startsWith('chrome-extension:') ? 'reader' : 'page';
      log.push(`[${where} ${m.type()}] ${m.text()}`);
    });
    page.on('pageerror', (e) => log.push(`[uncaught] ${e.message}`));
    page.on('crash', () => { crashed = true; log.push('[crash] the page crashed'); });
  }
  // After a renderer crash the next case gets a new tab (the crash itself fails its case).
  async function freshTabIfCrashed() {
    if (!crashed) return;
    crashed = false;
    const old = b.page;
    b.page = await b.context.newPage();
    watch(b.page);
    await old.close().catch(() => {});
  }

  const readerFrame = () => b.page.frames().find((f) => READER_URL_RE.test(f.url()));

  before(async () => {
    // The legacy-charset pages, with their exact Content-Type (an HTTP charset outranks <meta>).
    raw = await startServer({ root: site.dir, types: site.types });
    run = await startChromiumRun('kc', { root: site.dir });
    ({ server, b } = run);
    b.worker.on('console', (m) => log.push(`[service worker ${m.type()}] ${m.text()}`));
    watch(b.page);
  }, { timeout: HOOK });

  after(async () => {
    await run?.close();
    await raw?.close();
    site.cleanup();
    console.log(crashSummary('chromium', results));
  }, { timeout: HOOK });

  // The harness sees an uncaught error in the reader frame (so "none seen" below means something).
  it('harness: an uncaught error thrown in the reader frame is seen', { timeout: HOOK }, async () => {
    await b.page.goto(server.url('empty-body.html'), { waitUntil: 'load' });
    await toggleByToolbar(b, true);
    const frame = await waitFor(readerFrame, { timeout: 10_000, message: 'the reader frame' });
    await waitFor(() => frame.evaluate(() => document.documentElement.dataset.state !== 'loading').catch(() => false), { timeout: 20_000, message: 'the reader to settle' });
    const mark = log.length;
    await frame.evaluate(() => { setTimeout(() => { throw new Error('folio-crash-probe'); }, 0); });
    await waitFor(() => log.slice(mark).some((l) => l.startsWith('[uncaught]') && l.includes('folio-crash-probe')), { timeout: 5_000, message: 'the probe error in the log' });
    await toggleByToolbar(b, false);
  });

  for (const c of site.cases) {
    const budget = 30_000 + (c.ready ? c.buildTimeout : 0) + c.openTimeout + c.finalTimeout;
    it(`${c.name}: ${c.expect}`, { timeout: budget }, async () => {
      const ok = { name: c.name, ok: false };
      results.push(ok);
      const mark = log.length;
      try {
        await runCase(c, mark);
        ok.ok = true;
      } catch (err) {
        err.message = `${c.name}: ${err.message}\nbrowser console (last 20):\n${log.slice(mark).slice(-20).join('\n')}`;
        throw err;
      }
    });
  }

  async function runCase(c, mark) {
    await freshTabIfCrashed();
    const { path, label } = caseUrl(c, 'chromium');
    const url = (c.raw ? raw : server).url(path);
    await b.page.goto(url, { waitUntil: 'load', timeout: 60_000 });
    if (c.ready) await waitBuilt(c, () => b.page.evaluate(builtState, c.ready));
    const marker = randomUUID();
    await b.page.evaluate((m) => { window.__folioCrashMarker = m; window.scrollTo(0, 300); }, marker);
    const before0 = await b.page.evaluate(pageFingerprint);

    const t0 = Date.now();
    const attempts = await openPatiently({
      click: () => clickToolbarButton(b),
      present: () => hostPresent(b.page).catch(() => false),
      timeout: c.openTimeout,
      log: (m) => { log.push(m); console.error(m); },
    });
    const hostAfter = Date.now() - t0;
    const frame = await waitFor(readerFrame, { timeout: 10_000, message: 'the reader frame' });
    let state = null;
    await waitFor(async () => {
      // Bounded: a reader stuck in the core would hold the evaluation forever.
      state = await withTimeout(frame.evaluate(() => document.documentElement.dataset.state), 5_000, 'reading the state').catch(() => null);
      return FINAL_STATES.includes(state);
    }, { timeout: c.finalTimeout, interval: 200, message: () => `the reader to reach a final state (stuck at ${JSON.stringify(state)})` });
    const took = Date.now() - t0;
    const r = await withTimeout(frame.evaluate(probeReader, { sentences: c.sentences, absent: c.absent, report: c.report }), 30_000, 'probing the reader');
    const top = await b.page.evaluate(hostOnTop);
    const extra = c.report ? `; shadow text shown: ${r.reported.join(', ') || 'none'}` : '';
    console.log(`crash: chromium: ${label} opened in ${seconds(took)} s (view after ${seconds(hostAfter)} s${attempts > 1 ? `, ${attempts} clicks` : ''}; ${r.state}${r.state === 'ready' ? `, ${r.articleParagraphs} paragraphs, ${r.articleChars} characters` : `: ${r.message}`})${extra}`);

    const problems = checkOutcome(c, r);
    if (!top.ok) problems.push(`the view does not cover the page: ${top.why}`);
    // Give a late error a moment to surface, then: nothing uncaught, no crash.
    await new Promise((res) => setTimeout(res, 300));
    for (const l of log.slice(mark)) {
      // An uncaught error, a crash, or a content script that failed (the background's warning).
      // Not "Cannot access contents of the page": a click that reached the background without
      // activeTab's grant (a harness race, about once in 50 on a newly opened origin; a real click
      // always grants it), which the repeated click makes up for.
      const denied = attempts > 1 && l.includes('Folio cannot run on this page: Cannot access contents of the page');
      if (l.startsWith('[uncaught]') || l.startsWith('[crash]') || (l.includes('Folio cannot run on this page') && !denied)) problems.push(l);
      else if (l.startsWith('[reader error]') && !(c.expect === 'error' && l.startsWith('[reader error] Folio:'))) problems.push(l);
    }

    // The second click closes the view; the page is back as it was, not reloaded.
    await toggleByToolbar(b, false, (m) => { log.push(m); console.error(m); });
    const after0 = await b.page.evaluate(pageFingerprint);
    for (const d of diffFingerprints(before0, after0)) problems.push(`after closing, ${d}`);
    if (problems.length) assert.fail(`${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
  }
});
