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
import { readFileSync } from 'node:fs';
import { By } from 'selenium-webdriver';

import { clickToolbarButton, enterReaderFrame, launchFirefox, stopFirefox } from '../e2e/lib/firefox.mjs';
import { startServer } from '../e2e/lib/server.mjs';
import { makeScratch, waitFor } from '../e2e/lib/scratch.mjs';
import { FINAL_STATES } from '../e2e/lib/expectations.mjs';
import { inspectArticle } from './inspect.mjs';
import { PAGE_PWNED_EXPR, checkTamperFrame, readTamperFrame, selectCases, writeTamperPages } from './tamper.mjs';

const STEP = 60_000;
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
  let server, scratch, ff, driver;
  const notes = [];

  const logSize = () => { try { return readFileSync(ff.logFile, 'utf8').length; } catch { return 0; } };
  const logTail = (from = 0) => {
    try {
      return readFileSync(ff.logFile, 'utf8').slice(from).split('\n')
        .filter((l) => /moz-extension:|127\.0\.0\.1|folio|tamper/i.test(l) && !/^\d+\t\S+\t(INFO|DEBUG|TRACE)\t/.test(l))
        .slice(-25).join('\n');
    } catch {
      return '';
    }
  };

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
    server = await startServer({ root: site.dir });
    scratch = makeScratch('tf');
    ff = await launchFirefox(scratch);
    driver = ff.driver;
  }, { timeout: STEP });

  after(async () => {
    const passed = [...results.values()].filter(Boolean).length;
    console.log(`tamper: ${results.size} cases, ${passed} passed (Firefox)`);
    await stopFirefox(driver, ff?.logFd, scratch);
    await server?.close();
    scratch?.cleanup();
    site.cleanup();
  }, { timeout: STEP });

  for (const p of pages) {
    it(`${p.id}: ${p.what}`, { timeout: STEP }, async (t) => {
      const mark = logSize();
      const noteMark = notes.length;
      const problems = [];
      try {
        await driver.get(server.url(p.name));
        await waitFor(async () => (await attrOf('html', 'data-tamper-ran')) === p.id, { timeout: 5_000, message: `the case script to run to its end (html[data-tamper-ran="${p.id}"])` });
        await driver.executeScript(SCROLL_DOWN);
        const before0 = await pageState();
        assert.equal(before0.host, false, 'div#folio-reader-host exists before any click');

        await toggle(true);
        if (p.expectation === 'reopens') {
          await waitFor(async () => !(await hostPresent()), { timeout: 10_000, message: 'the page to take the reader away by itself' });
          await reopen();
        }
        const r = await readReader(p.settle);
        problems.push(...checkTamperFrame(r, p));
        if (!/^moz-extension:\/\//.test(r.url)) problems.push(`reader frame ${r.url} is not a moz-extension: page`);
        const open = await pageState();
        if (!open.host) problems.push(`the reader did not stay open: div#folio-reader-host is gone ${p.settle} ms after the view was ready`);
        else if (open.centre !== 'host') problems.push(`the reader does not cover the page: at (300, 300) the page shows <${open.centre}>, not the host`);
        if (open.crossOrigin) t.diagnostic(`cross-origin frames the page listed in window.frames: ${open.crossOrigin}`);
        const pwnedOpen = await pagePwned();
        if (pwnedOpen) problems.push(`marker set in the page while the reader was open: ${pwnedOpen}`);

        if (open.host) {
          await toggle(false);
          await waitFor(async () => (await pageState()).scrollY === before0.scrollY, { timeout: 3_000 }).catch(() => {});
          const closed = await pageState();
          if (closed.htmlStyle !== before0.htmlStyle) problems.push(`<html style> after closing is ${JSON.stringify(closed.htmlStyle)}, was ${JSON.stringify(before0.htmlStyle)}`);
          if (closed.bodyStyle !== before0.bodyStyle) problems.push(`<body style> after closing is ${JSON.stringify(closed.bodyStyle)}, was ${JSON.stringify(before0.bodyStyle)}`);
          if (p.expectation !== 'reopens' && closed.scrollY !== null && before0.scrollY !== null && closed.scrollY !== before0.scrollY) {
            problems.push(`scroll position after closing is ${closed.scrollY}, was ${before0.scrollY}`);
          }
        }
        const pwned = await pagePwned();
        if (pwned) problems.push(`marker set in the page: ${pwned}`);
        const handles = await driver.getAllWindowHandles();
        if (handles.length !== 1) problems.push(`${handles.length} windows are open (the page or a payload opened one?)`);
      } catch (err) {
        problems.push(err.message);
      }
      if (problems.length) {
        await new Promise((r) => setTimeout(r, 200)); // let the console reach the log file
        assert.fail(`${p.id}: ${problems.length} problem(s):\n- ${problems.join('\n- ')}\n${notes.slice(noteMark).join('\n')}\nFirefox console (last 25):\n${logTail(mark)}`);
      }
      results.set(p.id, true);
    });
  }
});
