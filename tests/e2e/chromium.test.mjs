// End-to-end: the built extension (dist/chrome) in Chromium, driven by Playwright (playwright-core).
// Opens the founding-example fixture, clicks the toolbar button for real (CDP Extensions.triggerAction
// on the tab target), checks the reader view, clicks again and checks the page is restored exactly.
// Run: node --test tests/e2e/   (needs ./build.sh first, and /usr/bin/chromium)
import { describe, before, after, it } from 'node:test';
import assert from 'node:assert/strict';

import { FOUNDING_FIXTURE, requireFixture } from '../harness/paths.mjs';
import { STEP, waitFor } from '../harness/scratch.mjs';
import { PLAYWRIGHT_VIEWPORT, startChromiumRun, toggleByToolbar } from '../harness/chromium.mjs';
import { CHROMIUM_INSECURE_HOST_ARGS, atInsecureHost } from '../harness/server.mjs';
import { failOn as fail, withConsole } from '../harness/failures.mjs';
import {
  FINAL_STATES, READER_URL_RE, SCROLL_TO, checkFixtureText, checkReader, checkRestored,
  checkHostExposure, readHostExposure, readPageState, readPageText, readReaderFrame,
} from '../harness/expectations.mjs';

describe('Chromium: the reader view on the founding example', () => {
  let run, b, page, pageUrl, before0;
  let mainFrameNavigations = 0;
  const log = [];
  // Any failure also shows the end of the browser console (page, reader frame, service worker).
  const withLog = withConsole(() => log);

  const readerFrame = () => page.frames().find((f) => READER_URL_RE.test(f.url()));
  /** Clicks until the host element is there (open) or gone (close); returns the number of clicks. */
  const toggleReader = (open) => toggleByToolbar(b, open, (note) => { log.push(note); console.error(note); });

  before(async () => {
    requireFixture();
    run = await startChromiumRun('chromium', { viewport: PLAYWRIGHT_VIEWPORT, args: CHROMIUM_INSECURE_HOST_ARGS });
    b = run.b;
    pageUrl = run.server.url(FOUNDING_FIXTURE);
    b.worker.on('console', (m) => log.push(`[service worker ${m.type()}] ${m.text()}`));
    page = b.page;
    page.on('console', (m) => log.push(`[page ${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => log.push(`[page error] ${e.message}`));
    await page.goto(pageUrl, { waitUntil: 'load' });
    page.on('framenavigated', (f) => { if (f === page.mainFrame()) mainFrameNavigations++; });
  }, { timeout: STEP });

  after(() => run?.close(), { timeout: STEP });

  it('shows the article, and nothing else, in the reader view', { timeout: STEP }, withLog(async () => {
    fail(checkFixtureText(await page.evaluate(readPageText)), 'the fixture does not hold the expected texts');
    await page.evaluate(() => { window.__folioE2eMarker = Math.random(); });
    await page.evaluate((y) => window.scrollTo(0, y), SCROLL_TO);
    await waitFor(async () => (await page.evaluate(() => window.scrollY)) === SCROLL_TO, {
      timeout: 3_000, message: `the fixture to scroll to ${SCROLL_TO}`,
    });
    before0 = await page.evaluate(readPageState);
    assert.equal(before0.hasHost, false, 'div#folio-reader-host exists before any click');
    assert.equal(typeof before0.marker, 'number', 'the reload marker set on the page cannot be read back');

    await toggleReader(true);
    const frame = await waitFor(readerFrame, {
      timeout: 10_000,
      message: () => `an iframe ${READER_URL_RE} (frames: ${JSON.stringify(page.frames().map((f) => f.url()))})`,
    });
    let r;
    await waitFor(async () => {
      r = await frame.evaluate(readReaderFrame).catch((e) => ({ state: null, error: e.message }));
      return FINAL_STATES.includes(r.state);
    }, { timeout: 30_000, message: () => `the reader to reach a final state (last: ${JSON.stringify(r)})` });
    const problems = checkReader(r, pageUrl);
    problems.push(...checkHostExposure(await page.evaluate(readHostExposure)));
    fail(problems, 'the reader view is wrong');
  }));

  it('closes on a second click and restores the page exactly, without a reload', { timeout: STEP }, withLog(async () => {
    assert.ok(before0, 'the reader was never opened (see the previous test)');
    await toggleReader(false);
    await waitFor(async () => (await page.evaluate(() => window.scrollY)) === before0.scrollY, { timeout: 3_000 }).catch(() => {});
    const after0 = await page.evaluate(readPageState);
    const problems = checkRestored(before0, after0);
    if (mainFrameNavigations) problems.push(`the page navigated ${mainFrameNavigations} time(s)`);
    if (readerFrame()) problems.push('the reader frame is still attached');
    fail(problems, 'the page was not restored');
  }));

  it('opens on a page served by name over plain HTTP (not a secure context)', { timeout: STEP }, withLog(async () => {
    const insecureUrl = atInsecureHost(pageUrl);
    await page.goto(insecureUrl, { waitUntil: 'load' });
    assert.equal(await page.evaluate(() => window.isSecureContext), false, `${insecureUrl} is a secure context: this test would show nothing`);
    await toggleReader(true);
    const frame = await waitFor(readerFrame, { timeout: 10_000, message: `an iframe ${READER_URL_RE}` });
    let r;
    await waitFor(async () => {
      r = await frame.evaluate(readReaderFrame).catch((e) => ({ state: null, error: e.message }));
      return FINAL_STATES.includes(r.state);
    }, { timeout: 30_000, message: () => `the reader to reach a final state (last: ${JSON.stringify(r)})` });
    fail(checkReader(r, insecureUrl), 'the reader view is wrong on a plain-HTTP page');
    await toggleReader(false);
  }));
});
