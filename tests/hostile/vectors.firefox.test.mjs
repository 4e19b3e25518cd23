// The hostile corpus (vectors.json) in the reader view, in Firefox ESR: each generated article
// page is served on 127.0.0.1 with the strict page CSP, opened, and the reader opened by a real
// toolbar click (chrome context: browserActionFor(extension).triggerAction(window)). In the reader
// frame (an extension page): no payload ran, nothing dangerous is in the DOM (inspect.mjs), and
// the article is still there.
// Run: node --test tests/hostile/   (needs ./build.sh first, /usr/bin/firefox-esr and geckodriver)
import { describe, before, after, it } from 'node:test';
import assert from 'node:assert/strict';

import { STEP, waitFor } from '../harness/scratch.mjs';
import { clickToolbarButton, enterReaderFrame, firefoxConsole, firefoxLogSize, startFirefoxRun, toggleWith } from '../harness/firefox.mjs';
import { FINAL_STATES, SETTLED_STATE } from '../harness/expectations.mjs';
import { writePages } from './pages.mjs';
import { dumpArticle } from './inspect.mjs';
import { READ_FRAME_EXPR, checkFrame, poke } from './inspect.mjs';

const SETTLE = 1_000;

describe('Firefox: the hostile corpus in the reader view', () => {
  let ffRun, server, ff, driver;
  const site = writePages('folio-hostile-firefox-');

  const logTail = (from = 0) => firefoxConsole(ff.logFile, from).slice(-20).join('\n');
  const openReader = () => toggleWith(driver, () => clickToolbarButton(ff), true);

  before(async () => {
    ffRun = await startFirefoxRun('hf', { root: site.dir, size: null, timeouts: { script: 15_000 } });
    ({ server, ff } = ffRun);
    driver = ff.driver;
  }, { timeout: STEP });

  after(async () => {
    await ffRun?.close();
    site.cleanup();
  }, { timeout: STEP });

  for (const hostile of site.pages) {
    it(`${hostile.name}: ${hostile.vectors.length} vectors, none gets through`, { timeout: STEP }, async () => {
      const url = server.url(hostile.name);
      const mark = firefoxLogSize(ff.logFile);
      await driver.get(url);
      await openReader();
      let r;
      await enterReaderFrame(driver);
      try {
        await waitFor(async () => {
          r = await driver.executeScript(`return (${SETTLED_STATE})();`).catch(() => null);
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
      if (!r.url.startsWith(`moz-extension://${ff.uuid}/`)) problems.push(`reader frame ${r.url} is not on moz-extension://${ff.uuid}/`);
      const handles = await driver.getAllWindowHandles();
      if (handles.length !== 1) problems.push(`${hostile.name}: ${handles.length} windows are open (a payload opened one?)`);
      if (problems.length) {
        await new Promise((res) => setTimeout(res, 200));
        assert.fail(`${problems.length} problem(s):\n- ${problems.join('\n- ')}\nFirefox console (last 20):\n${logTail(mark)}`);
      }
    });
  }
});
