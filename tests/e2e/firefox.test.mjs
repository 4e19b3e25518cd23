// End-to-end: the built extension (dist/firefox) in Firefox ESR, driven by selenium-webdriver + geckodriver.
// Opens the founding-example fixture, clicks the toolbar button for real (chrome context:
// browserActionFor(extension).triggerAction(window)), checks the reader view inside the closed shadow
// root's iframe, clicks again and checks the page is restored exactly.
// Run: node --test tests/e2e/   (needs ./build.sh first, /usr/bin/firefox-esr and geckodriver: see lib/paths.mjs)
import { describe, before, after, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, openSync } from 'node:fs';
import path from 'node:path';
import { Builder, By } from 'selenium-webdriver';
import firefox from 'selenium-webdriver/firefox.js';

import {
  FIREFOX_BIN, FIREFOX_EXT_DIR, FIREFOX_EXT_ZIP, FOUNDING_FIXTURE,
  findGeckodriver, requireBuiltExtension, requireFile, requireFixture,
} from './lib/paths.mjs';
import { startServer } from './lib/server.mjs';
import { makeScratch, waitFor, withTimeout } from './lib/scratch.mjs';
import { firefoxConsole, stopFirefox } from './lib/firefox.mjs';
import {
  FINAL_STATES, asScript, checkFixtureText, checkReader, checkRestored,
  checkHostExposure, readHostExposure, readPageState, readPageText, readReaderFrame,
} from './lib/expectations.mjs';

const STEP = 60_000; // per test / hook: nothing may hang
const CLICK_GRACE = 5_000; // click again if a toolbar click changed nothing within this
const SCROLL_TO = 300;

// Runs in the browser's chrome context (`window` is the browser window): a real toolbar click.
const CLICK_SCRIPT = `
  const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
  const extension = ExtensionParent.GlobalManager.getExtension(arguments[0]);
  if (!extension) throw new Error('extension ' + arguments[0] + ' is not running');
  ExtensionParent.apiManager.global.browserActionFor(extension).triggerAction(window);
`;

describe('Firefox: the reader view on the founding example', () => {
  let server, scratch, driver, addonId, uuid, pageUrl, before0, logFile, logFd, driverPromise;

  const fail = (problems, what) => {
    if (problems.length) assert.fail(`${what}:\n- ${problems.join('\n- ')}`);
  };
  // Any failure also shows the end of Firefox's console about the page and the extension
  // (console.* and JavaScript errors reach geckodriver's output through the devtools.console.stdout prefs).
  const logTail = () => {
    const lines = firefoxConsole(logFile);
    return lines.length ? `\nFirefox console (last 30):\n${lines.slice(-30).join('\n')}` : '';
  };
  const withLog = (fn) => async () => {
    try {
      await fn();
    } catch (err) {
      err.message += logTail();
      throw err;
    }
  };

  const run = (fn) => driver.executeScript(asScript(fn));
  const hostPresent = () => driver.executeScript("return !!document.getElementById('folio-reader-host');");

  async function clickToolbarButton() {
    await driver.setContext(firefox.Context.CHROME);
    try {
      await driver.executeScript(CLICK_SCRIPT, addonId);
    } finally {
      await driver.setContext(firefox.Context.CONTENT);
    }
  }

  /** Clicks until the host element is there (open) or gone (close); returns the number of clicks. */
  async function toggleReader(open) {
    for (let attempt = 1; attempt <= 3; attempt++) {
      await clickToolbarButton();
      const ok = await waitFor(async () => (await hostPresent()) === open, { timeout: CLICK_GRACE }).catch(() => false);
      if (ok) return attempt;
      console.error(`[harness] toolbar click ${attempt} changed nothing within ${CLICK_GRACE} ms; clicking again`);
    }
    assert.fail(`three toolbar clicks did not ${open ? 'add' : 'remove'} div#folio-reader-host`);
  }

  before(async () => {
    const manifest = requireBuiltExtension(FIREFOX_EXT_DIR);
    addonId = manifest.browser_specific_settings?.gecko?.id;
    assert.ok(addonId, `${FIREFOX_EXT_DIR}/manifest.json has no browser_specific_settings.gecko.id`);
    requireFixture();
    requireFile(FIREFOX_BIN, 'apt-get install firefox-esr');
    const geckodriver = findGeckodriver();

    server = await startServer();
    pageUrl = server.url(FOUNDING_FIXTURE);
    scratch = makeScratch('firefox');
    uuid = randomUUID();

    const options = new firefox.Options()
      .setBinary(FIREFOX_BIN)
      .addArguments('-headless')
      .setPreference('extensions.webextensions.uuids', JSON.stringify({ [addonId]: uuid }))
      .setPreference('browser.shell.checkDefaultBrowser', false)
      .setPreference('datareporting.policy.dataSubmissionEnabled', false)
      .setPreference('app.update.disabledForTesting', true)
      .setPreference('devtools.console.stdout.content', true)
      .setPreference('devtools.console.stdout.chrome', true);
    logFile = path.join(scratch.dir, 'firefox.log');
    logFd = openSync(logFile, 'a');
    const service = new firefox.ServiceBuilder(geckodriver)
      .addArguments('--allow-system-access')
      .setEnvironment({ ...scratch.env, MOZ_HEADLESS: '1' })
      .setStdio(['ignore', logFd, logFd]);
    driverPromise = new Builder().forBrowser('firefox').setFirefoxOptions(options).setFirefoxService(service).build();
    driver = await withTimeout(driverPromise, 45_000, 'starting Firefox');
    await driver.manage().setTimeouts({ script: 15_000, pageLoad: 20_000, implicit: 0 });

    // A directory is zipped by selenium; the built zip is the fallback.
    const installed = await driver.installAddon(FIREFOX_EXT_DIR, true).catch(async (err) => {
      if (!existsSync(FIREFOX_EXT_ZIP)) throw err;
      return driver.installAddon(FIREFOX_EXT_ZIP, true);
    });
    assert.equal(installed, addonId, 'installed add-on id');

    await driver.get(pageUrl);
  }, { timeout: STEP });

  after(async () => {
    const d = driver ?? (await withTimeout(driverPromise ?? Promise.resolve(), 10_000, 'starting Firefox').catch(() => null));
    // Whatever does not quit (a hung Firefox or geckodriver) is killed by pid.
    await stopFirefox(d, logFd, scratch);
    await server?.close();
    scratch?.cleanup();
  }, { timeout: STEP });

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
    const iframe = await waitFor(async () => {
      const host = await driver.findElement(By.id('folio-reader-host'));
      const root = await host.getShadowRoot();
      const frames = await root.findElements(By.css('iframe'));
      return frames[0];
    }, { timeout: 10_000, message: 'an iframe in the shadow root of div#folio-reader-host' });
    await driver.switchTo().frame(iframe);
    try {
      let r;
      await waitFor(async () => {
        r = await run(readReaderFrame).catch((e) => ({ state: null, error: e.message }));
        return FINAL_STATES.includes(r.state);
      }, { timeout: 30_000, message: () => `the reader to reach a final state (last: ${JSON.stringify(r)})` });
      const problems = checkReader(r, pageUrl);
      if (!r.url.startsWith(`moz-extension://${uuid}/`)) problems.push(`reader frame ${r.url} is not on moz-extension://${uuid}/`);
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
});
