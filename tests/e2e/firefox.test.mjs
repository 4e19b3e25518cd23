// End-to-end: the built extension (dist/firefox) in Firefox ESR, driven by selenium-webdriver + geckodriver.
// Opens the founding-example fixture, clicks the toolbar button for real (chrome context:
// browserActionFor(extension).triggerAction(window)), checks the reader view inside the closed shadow
// root's iframe, clicks again and checks the page is restored exactly.
// Run: node --test tests/e2e/   (needs ./build.sh first, /usr/bin/firefox-esr and geckodriver: see tests/harness/paths.mjs)
import { describe, before, after, it } from 'node:test';
import assert from 'node:assert/strict';

import { FOUNDING_FIXTURE, requireFixture } from '../harness/paths.mjs';
import { STEP, waitFor } from '../harness/scratch.mjs';
import { clickToolbarButton, enterReaderFrame, firefoxConsole, startFirefoxRun, toggleWith } from '../harness/firefox.mjs';
import { failOn as fail, withConsole } from '../harness/failures.mjs';
import { FIREFOX_INSECURE_HOST_PREFS, atInsecureHost } from '../harness/server.mjs';
import {
  FINAL_STATES, SCROLL_TO, asScript, checkFixtureText, checkReader, checkRestored,
  checkHostExposure, readHostExposure, readPageState, readPageText, readReaderFrame,
} from '../harness/expectations.mjs';

describe('Firefox: the reader view on the founding example', () => {
  let ffRun, ff, driver, pageUrl, before0;

  // Any failure also shows the end of Firefox's console about the page and the extension
  // (console.* and JavaScript errors reach geckodriver's output through the devtools.console.stdout prefs).
  const withLog = withConsole(() => (ff ? firefoxConsole(ff.logFile) : []), 'Firefox console');

  const run = (fn) => driver.executeScript(asScript(fn));
  /** Clicks until the host element is there (open) or gone (close); returns the number of clicks. */
  const toggleReader = (open) => toggleWith(driver, () => clickToolbarButton(ff), open);

  before(async () => {
    requireFixture();
    ffRun = await startFirefoxRun('firefox', { size: null, timeouts: { script: 15_000 }, prefs: FIREFOX_INSECURE_HOST_PREFS });
    ff = ffRun.ff;
    driver = ff.driver;
    pageUrl = ffRun.server.url(FOUNDING_FIXTURE);
    await driver.get(pageUrl);
  }, { timeout: STEP });

  // Whatever does not quit (a hung Firefox or geckodriver) is killed by pid.
  after(() => ffRun?.close(), { timeout: STEP });

  it('shows the article, and nothing else, in the reader view', { timeout: STEP }, withLog(async () => {
    fail(checkFixtureText(await run(readPageText)), 'the fixture does not hold the expected texts');
    await driver.executeScript('window.__folioE2eMarker = Math.random();');
    await driver.executeScript('window.scrollTo(0, arguments[0]);', SCROLL_TO);
    await waitFor(async () => (await driver.executeScript('return window.scrollY;')) === SCROLL_TO, {
      timeout: 3_000, message: `the fixture to scroll to ${SCROLL_TO}`,
    });
    before0 = await run(readPageState);
    assert.equal(before0.hasHost, false, 'div#folio-reader-host exists before any click');
    assert.equal(typeof before0.marker, 'number', 'the reload marker set on the page cannot be read back');

    await toggleReader(true);
    // The host's shadow root is closed; in Firefox WebDriver still hands it out.
    await enterReaderFrame(driver);
    try {
      let r;
      await waitFor(async () => {
        r = await run(readReaderFrame).catch((e) => ({ state: null, error: e.message }));
        return FINAL_STATES.includes(r.state);
      }, { timeout: 30_000, message: () => `the reader to reach a final state (last: ${JSON.stringify(r)})` });
      const problems = checkReader(r, pageUrl);
      if (!r.url.startsWith(`moz-extension://${ff.uuid}/`)) problems.push(`reader frame ${r.url} is not on moz-extension://${ff.uuid}/`);
      await driver.switchTo().defaultContent();
      problems.push(...checkHostExposure(await run(readHostExposure)));
      fail(problems, 'the reader view is wrong');
    } finally {
      await driver.switchTo().defaultContent();
    }
  }));

  it('closes on a second click and restores the page exactly, without a reload', { timeout: STEP }, withLog(async () => {
    assert.ok(before0, 'the reader was never opened (see the previous test)');
    await toggleReader(false);
    await waitFor(async () => (await driver.executeScript('return window.scrollY;')) === before0.scrollY, { timeout: 3_000 }).catch(() => {});
    const after0 = await run(readPageState);
    fail(checkRestored(before0, after0), 'the page was not restored');
  }));

  it('opens on a page served by name over plain HTTP (not a secure context)', { timeout: STEP }, withLog(async () => {
    const insecureUrl = atInsecureHost(pageUrl);
    await driver.get(insecureUrl);
    assert.equal(await driver.executeScript('return window.isSecureContext;'), false, `${insecureUrl} is a secure context: this test would show nothing`);
    await toggleReader(true);
    await enterReaderFrame(driver);
    try {
      let r;
      await waitFor(async () => {
        r = await run(readReaderFrame).catch((e) => ({ state: null, error: e.message }));
        return FINAL_STATES.includes(r.state);
      }, { timeout: 30_000, message: () => `the reader to reach a final state (last: ${JSON.stringify(r)})` });
      fail(checkReader(r, insecureUrl), 'the reader view is wrong on a plain-HTTP page');
    } finally {
      await driver.switchTo().defaultContent();
    }
    await toggleReader(false);
  }));
});
