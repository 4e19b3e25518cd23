// Crash cases (crash.mjs) in Firefox ESR: each page served on 127.0.0.1 with the strict page CSP,
// the reader opened by a real toolbar click (chrome context: browserActionFor(extension)
// .triggerAction(window)); the view must reach the case's final state (the article, or its clear
// message) in bounded time with no uncaught error in the reader frame, and a second click must
// give the page back as it was.
// Run: node --test tests/hostile/   (needs ./build.sh first, /usr/bin/firefox-esr and geckodriver)
import { describe, before, after, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';

import { clickToolbarButton, enterReaderFrame, firefoxConsole, firefoxLogSize, hostPresent, launchFirefox, stopFirefox, toggleWith } from '../harness/firefox.mjs';
import { startServer } from '../harness/server.mjs';
import { killProcessesUsing, makeScratch, STEP as HOOK, waitFor, withTimeout } from '../harness/scratch.mjs';
import { FINAL_STATES } from '../harness/expectations.mjs';
import {
  builtState, caseUrl, checkOutcome, crashSummary, diffFingerprints, hostOnTop, openPatiently, pageFingerprint, probeReader, seconds,
  waitBuilt, writeCrashSite,
} from './crash.mjs';

const call = (fn) => `return (${fn.toString()})(arguments[0]);`;

describe('Firefox: crash cases in the reader view', () => {
  const site = writeCrashSite('folio-crash-f-');
  let server, raw, scratch, ff, driver;
  const results = [];
  const runs = []; // every Firefox started: {scratch, ff}

  async function launch() {
    scratch = makeScratch('kf');
    runs.push({ scratch });
    // A script (probe) never waits more than 30 s; a page load (the pages are small: the large
    // ones build themselves after load) 90 s.
    ff = await launchFirefox(scratch, { timeouts: { script: 30_000, pageLoad: 90_000 } });
    runs.at(-1).ff = ff;
    driver = ff.driver;
  }

  // A crashed content process shuts the whole of Firefox down (MOZ_CRASHREPORTER_SHUTDOWN, set
  // for automation): that case fails, and the next one gets a new Firefox.
  async function ensureFirefox() {
    if (await withTimeout(driver.getCurrentUrl(), 10_000, 'asking Firefox').then(() => true, () => false)) return;
    console.error('[harness] Firefox is gone (did a content process crash?); starting a new one');
    await withTimeout(driver.quit(), 10_000, 'quitting Firefox').catch(() => {});
    killProcessesUsing(scratch.dir);
    await launch();
  }

  // Firefox's console (console.* and uncaught errors, through the devtools.console.stdout prefs).
  const logLines = (from) => firefoxConsole(ff.logFile, from);
  // An uncaught error in the reader frame (or any page of the extension), or a content script
  // that failed (the background's warning).
  const uncaught = (from) => logLines(from).filter((l) => (/JavaScript error|uncaught exception/i.test(l) && l.includes(`moz-extension://${ff.uuid}`))
    || l.includes('Folio cannot run on this page'));
  const run = (fn, arg) => driver.executeScript(call(fn), arg);

  before(async () => {
    server = await startServer({ root: site.dir });
    // The legacy-charset pages, with their exact Content-Type (an HTTP charset outranks <meta>).
    raw = await startServer({ root: site.dir, types: site.types });
    await launch();
  }, { timeout: HOOK });

  after(async () => {
    await stopFirefox(driver);
    for (const run of runs) {
      await stopFirefox(null, run.ff?.logFd, run.scratch);
      run.scratch.cleanup();
    }
    await server?.close();
    await raw?.close();
    site.cleanup();
    console.log(crashSummary('firefox', results));
  }, { timeout: HOOK });

  // The harness sees an uncaught error in the reader frame (so "none seen" below means something).
  it('harness: an uncaught error thrown in the reader frame is seen', { timeout: HOOK }, async () => {
    await driver.get(server.url('empty-body.html'));
    await toggleWith(driver, () => clickToolbarButton(ff), true);
    await enterReaderFrame(driver);
    try {
      await waitFor(async () => (await driver.executeScript('return document.documentElement.dataset.state;')) !== 'loading', { timeout: 20_000, message: 'the reader to settle' });
      const mark = firefoxLogSize(ff.logFile);
      await driver.executeScript("setTimeout(() => { throw new Error('folio-crash-probe'); }, 0);");
      await waitFor(() => uncaught(mark).some((l) => l.includes('folio-crash-probe')), { timeout: 5_000, message: () => `the probe error in Firefox's log; log tail:\n${logLines(mark).slice(-10).join('\n')}` });
    } finally {
      await driver.switchTo().defaultContent();
    }
    await toggleWith(driver, () => clickToolbarButton(ff), false);
  });

  for (const c of site.cases) {
    const budget = 30_000 + (c.ready ? c.buildTimeout : 0) + c.openTimeout + c.finalTimeout;
    it(`${c.name}: ${c.expect}`, { timeout: budget }, async () => {
      const ok = { name: c.name, ok: false };
      results.push(ok);
      await ensureFirefox();
      const mark = firefoxLogSize(ff.logFile);
      try {
        await runCase(c, mark);
        ok.ok = true;
      } catch (err) {
        err.message = `${c.name}: ${err.message}\nFirefox console (last 20):\n${logLines(mark).slice(-20).join('\n')}`;
        throw err;
      } finally {
        await driver.switchTo().defaultContent().catch(() => {});
      }
    });
  }

  async function runCase(c, mark) {
    const { path, label } = caseUrl(c, 'firefox');
    const url = (c.raw ? raw : server).url(path);
    await driver.switchTo().defaultContent();
    await driver.get(url);
    if (c.ready) await waitBuilt(c, () => run(builtState, c.ready));
    const marker = randomUUID();
    await driver.executeScript('window.__folioCrashMarker = arguments[0]; window.scrollTo(0, 300);', marker);
    const before0 = await run(pageFingerprint);

    const t0 = Date.now();
    const attempts = await openPatiently({
      click: () => clickToolbarButton(ff),
      present: () => hostPresent(driver).catch(() => false),
      timeout: c.openTimeout,
      log: (m) => console.error(m),
    });
    const hostAfter = Date.now() - t0;
    let r, took, state = null;
    await enterReaderFrame(driver);
    try {
      // Each probe is bounded by the script timeout (30 s): a reader stuck in the core cannot hang the test.
      await waitFor(async () => {
        state = await driver.executeScript('return document.documentElement.dataset.state;').catch(() => null);
        return FINAL_STATES.includes(state);
      }, { timeout: c.finalTimeout, interval: 200, message: () => `the reader to reach a final state (stuck at ${JSON.stringify(state)})` });
      took = Date.now() - t0;
      r = await run(probeReader, { sentences: c.sentences, absent: c.absent, report: c.report ?? [] });
    } finally {
      await driver.switchTo().defaultContent();
    }
    const top = await run(hostOnTop);
    const extra = c.report ? `; shadow text shown: ${r.reported.join(', ') || 'none'}` : '';
    console.log(`crash: firefox: ${label} opened in ${seconds(took)} s (view after ${seconds(hostAfter)} s${attempts > 1 ? `, ${attempts} clicks` : ''}; ${r.state}${r.state === 'ready' ? `, ${r.articleParagraphs} paragraphs, ${r.articleChars} characters` : `: ${r.message}`})${extra}`);

    const problems = checkOutcome(c, r);
    if (!top.ok) problems.push(`the view does not cover the page: ${top.why}`);
    // Give a late error a moment to surface, then: nothing uncaught, and the reader logged an
    // error only when the case expects one.
    await new Promise((res) => setTimeout(res, 300));
    for (const l of uncaught(mark)) problems.push(`uncaught: ${l.slice(0, 300)}`);
    if (c.expect !== 'error') for (const l of logLines(mark).filter((x) => x.startsWith('console.error: "Folio:'))) problems.push(l.slice(0, 300));

    // The second click closes the view; the page is back as it was, not reloaded.
    await toggleWith(driver, () => clickToolbarButton(ff), false);
    const after0 = await run(pageFingerprint);
    for (const d of diffFingerprints(before0, after0)) problems.push(`after closing, ${d}`);
    if (problems.length) assert.fail(`${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
  }
});
