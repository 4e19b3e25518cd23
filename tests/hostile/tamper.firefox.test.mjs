// The tamper pages (tamper.mjs) in Firefox ESR: each page's own script attacks Folio from the page's
// world; Folio must still open the reader on a real toolbar click (chrome context:
// browserActionFor(extension).triggerAction(window)), show the article with nothing of the attack in
// it, stay open, and close on a second click with the page given back. One browser for every case.
// Run: node --test tests/hostile/   (needs ./build.sh first, /usr/bin/firefox-esr and geckodriver)
//
// WebDriver's "execute script" runs in the page's world, where the page has replaced the prototypes
// the test would use: the test reads the page through WebDriver's own commands instead (find
// elements, element attributes, shadow root: privileged code that sees the real DOM), and runs page
// script only for what those cannot tell (the page's `__pwned`, what is at the viewport centre, the
// scroll position), with prototype calls and every failure caught.
import { describe, before, after, it } from 'node:test';
import assert from 'node:assert/strict';
import { By } from 'selenium-webdriver';

import { clickToolbarButton, enterReaderFrame, firefoxConsole, firefoxLogSize, startFirefoxRun } from '../harness/firefox.mjs';
import { STEP, waitFor } from '../harness/scratch.mjs';
import { FINAL_STATES } from '../harness/expectations.mjs';
import { inspectArticle } from './inspect.mjs';
import { PAGE_PWNED_EXPR, readTamperFrame, runTamperCase, selectCases, tamperSummary, writeTamperPages } from './tamper.mjs';

const CLICK_GRACE = 5_000;
const READ_FRAME = `return (${readTamperFrame.toString()})(${inspectArticle.toString()});`;
// Page script, written for a page that overrides everything it can: Reflect.apply on prototype
// methods, every read guarded.
const CENTRE = `try {
  return Reflect.apply(Document.prototype.elementFromPoint, document, [300, 300]);
} catch (e) { return null; }`;
const SCROLL_Y = `try { var y = window.scrollY; return typeof y === 'number' ? y : null; } catch (e) { return null; }`;
const SCROLL_DOWN = `try { window.scrollTo(0, 1e6); } catch (e) { /* the page broke scrollTo */ }`;

describe('Firefox: tamper pages cannot break Folio or reach the reader view', () => {
  const site = writeTamperPages('folio-tf-');
  const pages = selectCases(site.pages);
  const results = new Map(pages.map((p) => [p.id, false]));
  let ffRun, server, ff, driver;
  const notes = [];

  const logSize = () => firefoxLogSize(ff.logFile);
  const logTail = (from = 0) => firefoxConsole(ff.logFile, from, /tamper/i).slice(-25).join('\n');

  const hostEls = () => driver.findElements(By.css('#folio-reader-host'));
  const hostPresent = async () => (await hostEls()).length > 0;
  const attrOf = async (css, name) => {
    const els = await driver.findElements(By.css(css));
    return els.length ? els[0].getDomAttribute(name) : null;
  };
  /** The page as WebDriver sees it (its own commands, not page script). */
  async function pageState() {
    const hosts = await hostEls();
    let centre = null;
    if (hosts.length) {
      const hit = await driver.executeScript(CENTRE).catch(() => null);
      if (!hit) centre = 'nothing';
      else if ((await hit.getId()) === (await hosts[0].getId())) centre = 'host';
      else centre = `${await hit.getTagName().catch(() => '?')}${(await hit.getDomAttribute('id').catch(() => null)) ? '#' + (await hit.getDomAttribute('id')) : ''}`;
    }
    return {
      ran: await attrOf('html', 'data-tamper-ran'),
      crossOrigin: await attrOf('html', 'data-tamper-cross-origin'),
      htmlStyle: await attrOf('html', 'style'),
      bodyStyle: await attrOf('body', 'style'),
      host: hosts.length > 0,
      centre,
      scrollY: await driver.executeScript(SCROLL_Y).catch(() => null),
    };
  }
  const pagePwned = () => driver.executeScript(`return ${PAGE_PWNED_EXPR};`).catch((e) => `unreadable: ${e.message}`);
  const click = () => clickToolbarButton(ff);

  /** Toolbar clicks until the host is there (open) or gone (close). */
  async function toggle(open) {
    for (let attempt = 1; attempt <= 3; attempt++) {
      await click();
      if (await waitFor(async () => (await hostPresent()) === open, { timeout: CLICK_GRACE }).catch(() => false)) return;
      notes.push(`[harness] toolbar click ${attempt} changed nothing within ${CLICK_GRACE} ms; clicking again`);
    }
    assert.fail(`three toolbar clicks did not ${open ? 'add' : 'remove'} div#folio-reader-host`);
  }

  /** After the page took the view away: ONE click (Firefox's triggerAction is not dropped) must open the reader again. */
  async function reopen() {
    await click();
    if (!(await waitFor(hostPresent, { timeout: 2 * CLICK_GRACE }).catch(() => false))) {
      assert.fail('Folio is stuck: after the page took the reader away, the next click did not open the reader');
    }
  }

  /** Reads the reader frame (entering it each time: the frame may have been reloaded). */
  async function inReader(script) {
    try {
      await enterReaderFrame(driver);
      return await driver.executeScript(script);
    } finally {
      await driver.switchTo().defaultContent();
    }
  }

  async function readReader(settle) {
    let last;
    await waitFor(async () => {
      if (!(await hostPresent())) throw new Error(`the reader was closed before it was ready: div#folio-reader-host is gone (reader state: ${last ?? 'never read'})`);
      last = await inReader('return document.documentElement.dataset.state;').catch((e) => `(unreadable: ${e.message.split('\n')[0]})`);
      return FINAL_STATES.includes(last);
    }, { timeout: 20_000, interval: 200, message: () => `the reader to reach a final state (last: ${last})` });
    await new Promise((r) => setTimeout(r, settle));
    return inReader(READ_FRAME);
  }

  before(async () => {
    ffRun = await startFirefoxRun('tf', { root: site.dir });
    ({ server, ff } = ffRun);
    driver = ff.driver;
  }, { timeout: STEP });

  after(async () => {
    console.log(tamperSummary(results, 'Firefox'));
    await ffRun?.close();
    site.cleanup();
  }, { timeout: STEP });

  const io = {
    load: (url) => driver.get(url),
    ran: () => attrOf('html', 'data-tamper-ran'),
    scrollDown: () => driver.executeScript(SCROLL_DOWN),
    pageState, hostPresent, toggle, reopen, readReader, pagePwned,
    frameProblems: (r) => (/^moz-extension:\/\//.test(r.url) ? [] : [`reader frame ${r.url} is not a moz-extension: page`]),
    // Firefox's own check: no window opened.
    endProblems: async () => {
      const handles = await driver.getAllWindowHandles();
      return handles.length !== 1 ? [`${handles.length} windows are open (the page or a payload opened one?)`] : [];
    },
  };

  for (const p of pages) {
    it(`${p.id}: ${p.what}`, { timeout: STEP }, async (t) => {
      const mark = logSize();
      const noteMark = notes.length;
      const problems = await runTamperCase(p, server.url(p.name), t, io);
      if (problems.length) {
        await new Promise((r) => setTimeout(r, 200)); // let the console reach the log file
        assert.fail(`${p.id}: ${problems.length} problem(s):\n- ${problems.join('\n- ')}\n${notes.slice(noteMark).join('\n')}\nFirefox console (last 25):\n${logTail(mark)}`);
      }
      results.set(p.id, true);
    });
  }
});
