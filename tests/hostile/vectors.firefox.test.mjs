// The hostile corpus (vectors.json) in the reader view, in Firefox ESR: each generated article
// page is served on 127.0.0.1 with the strict page CSP, opened, and the reader opened by a real
// toolbar click (chrome context: browserActionFor(extension).triggerAction(window)). In the reader
// frame (an extension page): no payload ran, nothing dangerous is in the DOM (inspect.mjs), and
// the article is still there.
// Run: node --test tests/hostile/   (needs ./build.sh first, /usr/bin/firefox-esr and geckodriver)
import { describe, before, after, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Builder, By } from 'selenium-webdriver';
import firefox from 'selenium-webdriver/firefox.js';

import { FIREFOX_BIN, FIREFOX_EXT_DIR, FIREFOX_EXT_ZIP, findGeckodriver, requireBuiltExtension, requireFile } from '../e2e/lib/paths.mjs';
import { startServer } from '../e2e/lib/server.mjs';
import { makeScratch, waitFor, withTimeout } from '../e2e/lib/scratch.mjs';
import { stopFirefox } from '../e2e/lib/firefox.mjs';
import { FINAL_STATES } from '../e2e/lib/expectations.mjs';
import { writePages } from './pages.mjs';
import { dumpArticle } from './inspect.mjs';
import { READ_FRAME_EXPR, checkFrame, poke } from './inspect.mjs';

const STEP = 60_000;
const CLICK_GRACE = 5_000;
const SETTLE = 1_000;

const CLICK_SCRIPT = `
  const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
  const extension = ExtensionParent.GlobalManager.getExtension(arguments[0]);
  if (!extension) throw new Error('extension ' + arguments[0] + ' is not running');
  ExtensionParent.apiManager.global.browserActionFor(extension).triggerAction(window);
`;
// Through the prototype: the pages clobber document.getElementById (<img name=getElementById>).
const HOST_PRESENT = "return !!Document.prototype.getElementById.call(document, 'folio-reader-host');";

describe('Firefox: the hostile corpus in the reader view', () => {
  let server, scratch, driver, addonId, uuid, logFile, logFd, driverPromise;
  const site = writePages('folio-hostile-firefox-');

  const logTail = (from = 0) => {
    try {
      const lines = readFileSync(logFile, 'utf8').slice(from).split('\n')
        .filter((l) => /moz-extension:|127\.0\.0\.1|folio/i.test(l) && !/^\d+\t\S+\t(INFO|DEBUG|TRACE)\t/.test(l));
      return lines.slice(-20).join('\n');
    } catch {
      return '';
    }
  };
  const logSize = () => { try { return readFileSync(logFile, 'utf8').length; } catch { return 0; } };

  async function clickToolbarButton() {
    await driver.setContext(firefox.Context.CHROME);
    try {
      await driver.executeScript(CLICK_SCRIPT, addonId);
    } finally {
      await driver.setContext(firefox.Context.CONTENT);
    }
  }

  async function openReader() {
    for (let attempt = 1; attempt <= 3; attempt++) {
      await clickToolbarButton();
      if (await waitFor(() => driver.executeScript(HOST_PRESENT), { timeout: CLICK_GRACE }).catch(() => false)) return;
      console.error(`[harness] toolbar click ${attempt} changed nothing within ${CLICK_GRACE} ms; clicking again`);
    }
    assert.fail('three toolbar clicks did not add div#folio-reader-host');
  }

  before(async () => {
    const manifest = requireBuiltExtension(FIREFOX_EXT_DIR);
    addonId = manifest.browser_specific_settings?.gecko?.id;
    assert.ok(addonId, `${FIREFOX_EXT_DIR}/manifest.json has no browser_specific_settings.gecko.id`);
    requireFile(FIREFOX_BIN, 'apt-get install firefox-esr');
    const geckodriver = findGeckodriver();
    server = await startServer({ root: site.dir });
    scratch = makeScratch('hf');
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
    const installed = await driver.installAddon(FIREFOX_EXT_DIR, true).catch(async (err) => {
      if (!existsSync(FIREFOX_EXT_ZIP)) throw err;
      return driver.installAddon(FIREFOX_EXT_ZIP, true);
    });
    assert.equal(installed, addonId, 'installed add-on id');
  }, { timeout: STEP });

  after(async () => {
    const d = driver ?? (await withTimeout(driverPromise ?? Promise.resolve(), 10_000, 'starting Firefox').catch(() => null));
    await stopFirefox(d, logFd, scratch);
    await server?.close();
    scratch?.cleanup();
    site.cleanup();
  }, { timeout: STEP });

  for (const hostile of site.pages) {
    it(`${hostile.name}: ${hostile.vectors.length} vectors, none gets through`, { timeout: STEP }, async () => {
      const url = server.url(hostile.name);
      const mark = logSize();
      await driver.get(url);
      await openReader();
      const iframe = await waitFor(async () => {
        const host = await driver.findElement(By.id('folio-reader-host'));
        const frames = await (await host.getShadowRoot()).findElements(By.css('iframe'));
        return frames[0];
      }, { timeout: 10_000, message: 'an iframe in the shadow root of div#folio-reader-host' });
      let r;
      await driver.switchTo().frame(iframe);
      try {
        await waitFor(async () => {
          r = await driver.executeScript('return document.documentElement.dataset.state;').catch(() => null);
          return FINAL_STATES.includes(r);
        }, { timeout: 20_000, message: () => `the reader to reach a final state (last: ${r})` });
        await driver.executeScript(`return (${poke})();`);
        await new Promise((res) => setTimeout(res, SETTLE));
        r = await driver.executeScript(`return ${READ_FRAME_EXPR};`);
      } finally {
        await driver.switchTo().defaultContent();
      }
      const topPwned = await driver.executeScript('return Array.isArray(window.__pwned) ? window.__pwned : null;');
      const pageUrlAfter = await driver.getCurrentUrl();
      dumpArticle('firefox', hostile, r.articleHtml);
      const problems = checkFrame(r, hostile, { topPwned, pageUrlBefore: url, pageUrlAfter });
      if (!r.url.startsWith(`moz-extension://${uuid}/`)) problems.push(`reader frame ${r.url} is not on moz-extension://${uuid}/`);
      const handles = await driver.getAllWindowHandles();
      if (handles.length !== 1) problems.push(`${hostile.name}: ${handles.length} windows are open (a payload opened one?)`);
      if (problems.length) {
        await new Promise((res) => setTimeout(res, 200));
        assert.fail(`${problems.length} problem(s):\n- ${problems.join('\n- ')}\nFirefox console (last 20):\n${logTail(mark)}`);
      }
    });
  }
});
