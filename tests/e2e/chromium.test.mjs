// End-to-end: the built extension (dist/chrome) in Chromium, driven by Playwright (playwright-core).
// Opens the founding-example fixture, clicks the toolbar button for real (CDP Extensions.triggerAction
// on the tab target), checks the reader view, clicks again and checks the page is restored exactly.
// Run: node --test tests/e2e/   (needs ./build.sh first, and /usr/bin/chromium)
import { describe, before, after, it } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

import { CHROME_EXT_DIR, CHROMIUM_BIN, FOUNDING_FIXTURE, requireBuiltExtension, requireFile, requireFixture } from './lib/paths.mjs';
import { startServer } from './lib/server.mjs';
import { makeScratch, waitFor } from './lib/scratch.mjs';
import { stopChromium } from './lib/chromium.mjs';
import {
  FINAL_STATES, READER_URL_RE, checkFixtureText, checkReader, checkRestored,
  checkHostExposure, readHostExposure, readPageState, readPageText, readReaderFrame,
} from './lib/expectations.mjs';

const STEP = 60_000; // per test / hook: nothing may hang
const CLICK_GRACE = 5_000; // Extensions.triggerAction is ignored about once in 100: click again after this
const SCROLL_TO = 300;

describe('Chromium: the reader view on the founding example', () => {
  let server, scratch, context, page, cdp, extensionId, pageUrl, before0;
  let mainFrameNavigations = 0;
  const log = [];

  const fail = (problems, what) => {
    if (problems.length) assert.fail(`${what}:\n- ${problems.join('\n- ')}`);
  };
  // Any failure also shows the end of the browser console (page, reader frame, service worker).
  const withLog = (fn) => async () => {
    try {
      await fn();
    } catch (err) {
      if (log.length) err.message += `\nbrowser console (last 30):\n${log.slice(-30).join('\n')}`;
      throw err;
    }
  };

  const hostPresent = () => page.evaluate(() => !!document.getElementById('folio-reader-host'));
  const readerFrame = () => page.frames().find((f) => READER_URL_RE.test(f.url()));

  async function clickToolbarButton() {
    const { targetInfos } = await cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] });
    const tabs = targetInfos.filter((t) => t.type === 'tab');
    const tab = tabs.find((t) => t.url === page.url()) ?? (tabs.length === 1 ? tabs[0] : undefined);
    assert.ok(tab, `no tab target for ${page.url()} among ${JSON.stringify(tabs.map((t) => t.url))}`);
    await cdp.send('Extensions.triggerAction', { id: extensionId, targetId: tab.targetId });
  }

  /** Clicks until the host element is there (open) or gone (close); returns the number of clicks. */
  async function toggleReader(open) {
    for (let attempt = 1; attempt <= 3; attempt++) {
      await clickToolbarButton();
      const ok = await waitFor(async () => (await hostPresent()) === open, { timeout: CLICK_GRACE }).catch(() => false);
      if (ok) return attempt;
      const note = `[harness] toolbar click ${attempt} changed nothing within ${CLICK_GRACE} ms; clicking again`;
      log.push(note);
      console.error(note);
    }
    assert.fail(`three toolbar clicks did not ${open ? 'add' : 'remove'} div#folio-reader-host`);
  }

  before(async () => {
    requireBuiltExtension(CHROME_EXT_DIR);
    requireFixture();
    requireFile(CHROMIUM_BIN, 'apt-get install chromium');
    server = await startServer();
    pageUrl = server.url(FOUNDING_FIXTURE);
    scratch = makeScratch('chromium');
    context = await chromium.launchPersistentContext(scratch.profile, {
      executablePath: CHROMIUM_BIN,
      headless: false, // headless is given as --headless=new below (the old mode cannot load extensions)
      env: scratch.env,
      timeout: 30_000,
      args: [
        '--headless=new',
        `--disable-extensions-except=${CHROME_EXT_DIR}`,
        `--load-extension=${CHROME_EXT_DIR}`,
        '--enable-unsafe-extension-debugging',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    });
    context.setDefaultTimeout(15_000);
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
    extensionId = new URL(worker.url()).host;
    assert.match(extensionId, /^[a-p]{32}$/, `unexpected service worker URL ${worker.url()}`);
    worker.on('console', (m) => log.push(`[service worker ${m.type()}] ${m.text()}`));
    cdp = await context.browser().newBrowserCDPSession();

    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => log.push(`[page ${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => log.push(`[page error] ${e.message}`));
    await page.goto(pageUrl, { waitUntil: 'load' });
    page.on('framenavigated', (f) => { if (f === page.mainFrame()) mainFrameNavigations++; });
  }, { timeout: STEP });

  after(async () => {
    await stopChromium(context, scratch);
    await server?.close();
    scratch?.cleanup();
  }, { timeout: STEP });

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
});
