// The tamper pages (tamper.mjs) in Chromium: each page's own script attacks Folio from the page's
// world; Folio must still open the reader on a real toolbar click (CDP Extensions.triggerAction),
// show the article with nothing of the attack in it, stay open, and close on a second click with the
// page given back. One browser for every case.
// Run: node --test tests/hostile/   (needs ./build.sh first, and /usr/bin/chromium)
//
// The test never runs its own code in the page's main world, where the page has replaced the very
// prototypes it would use: it reads the page from an isolated world of its own (CDP
// Page.createIsolatedWorld) through prototype calls (DOM clobbering reaches every world), and reads
// the page's `__pwned` with a CDP evaluation that returns a plain string.
import { describe, before, after, it } from 'node:test';
import assert from 'node:assert/strict';

import { CLICK_GRACE, clickToolbarButton, startChromiumRun } from '../harness/chromium.mjs';
import { STEP, waitFor } from '../harness/scratch.mjs';
import { FINAL_STATES, READER_URL_RE } from '../harness/expectations.mjs';
import { inspectArticle } from './inspect.mjs';
import { PAGE_PWNED_EXPR, readTamperFrame, runTamperCase, selectCases, tamperSummary, writeTamperPages } from './tamper.mjs';

const READ_FRAME = `(${readTamperFrame.toString()})(${inspectArticle.toString()})`;
// The page as the test sees it (isolated world; prototype calls only).
const PAGE_STATE = `(() => {
  const get = (proto, name) => Object.getOwnPropertyDescriptor(proto, name).get;
  const root = get(Document.prototype, 'documentElement').call(document);
  const body = get(Document.prototype, 'body').call(document);
  const attr = (el, n) => (el ? Element.prototype.getAttribute.call(el, n) : null);
  const host = Document.prototype.getElementById.call(document, 'folio-reader-host');
  let centre = null;
  if (host) {
    const hit = Document.prototype.elementFromPoint.call(document, 300, 300);
    centre = hit === host ? 'host' : hit ? get(Element.prototype, 'localName').call(hit) + (get(Element.prototype, 'id').call(hit) ? '#' + get(Element.prototype, 'id').call(hit) : '') : 'nothing';
  }
  return {
    ran: attr(root, 'data-tamper-ran'), crossOrigin: attr(root, 'data-tamper-cross-origin'),
    htmlStyle: attr(root, 'style'), bodyStyle: attr(body, 'style'), host: !!host, centre, scrollY: window.scrollY,
  };
})()`;

describe('Chromium: tamper pages cannot break Folio or reach the reader view', () => {
  const site = writeTamperPages('folio-tc-');
  const pages = selectCases(site.pages);
  const results = new Map(pages.map((p) => [p.id, false]));
  let run, server, b, session;
  const log = [];

  /** Evaluates in an isolated world of the page's main frame (fresh for each call: pages navigate). */
  async function iso(expression) {
    const { frameTree } = await session.send('Page.getFrameTree');
    const { executionContextId } = await session.send('Page.createIsolatedWorld', { frameId: frameTree.frame.id, worldName: 'folio-tamper-test' });
    const r = await session.send('Runtime.evaluate', { expression, contextId: executionContextId, returnByValue: true });
    if (r.exceptionDetails) throw new Error(`isolated-world evaluation failed: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    return r.result.value;
  }
  const pageState = () => iso(PAGE_STATE);
  /** The page's own `__pwned` (main world), as a string, or null. */
  async function pagePwned() {
    const r = await session.send('Runtime.evaluate', { expression: PAGE_PWNED_EXPR, returnByValue: true });
    if (r.exceptionDetails) return `unreadable: ${r.exceptionDetails.text}`;
    return r.result.value ?? null;
  }
  const readerFrame = () => b.page.frames().find((f) => READER_URL_RE.test(f.url()));

  /** Toolbar clicks until the host is there (open) or gone (close); a click is ignored about once in 100. */
  async function toggle(open) {
    for (let attempt = 1; attempt <= 3; attempt++) {
      await clickToolbarButton(b);
      if (await waitFor(async () => (await pageState()).host === open, { timeout: CLICK_GRACE }).catch(() => false)) return;
      log.push(`[harness] toolbar click ${attempt} changed nothing within ${CLICK_GRACE} ms; clicking again`);
    }
    assert.fail(`three toolbar clicks did not ${open ? 'add' : 'remove'} div#folio-reader-host`);
  }

  // Counts the clicks the background receives, to tell a click Chromium ignored from one Folio handled
  // (null when the service worker cannot be asked: then a click that changed nothing is repeated).
  const clicksReceived = () => {
    const w = b.context.serviceWorkers().find((x) => x.url().startsWith(`chrome-extension://${b.extensionId}/`)) ?? b.worker;
    return w.evaluate(() => {
      if (globalThis.__folioTamperClicks === undefined) {
        globalThis.__folioTamperClicks = 0;
        (globalThis.browser ?? globalThis.chrome).action.onClicked.addListener(() => { globalThis.__folioTamperClicks++; });
      }
      return globalThis.__folioTamperClicks;
    }).catch(() => null);
  };

  /** After the page took the view away: ONE handled click must open the reader again. */
  async function reopen() {
    for (let attempt = 1; attempt <= 3; attempt++) {
      const n0 = await clicksReceived();
      await clickToolbarButton(b);
      if (await waitFor(async () => (await pageState()).host, { timeout: CLICK_GRACE }).catch(() => false)) return;
      const n1 = await clicksReceived();
      if (n0 !== null && n1 !== null && n1 > n0) {
        assert.fail('Folio is stuck: after the page took the reader away, the next click reached the extension and did not open the reader');
      }
      log.push(`[harness] toolbar click ${attempt} never reached the background; clicking again`);
    }
    assert.fail('three toolbar clicks did not reach the background');
  }

  /** Waits for the reader frame to reach a final state, lets the page keep attacking for `settle` ms, reads it. */
  async function readReader(settle) {
    let last;
    await waitFor(async () => {
      const f = readerFrame();
      last = f ? await f.evaluate(() => document.documentElement.dataset.state).catch((e) => `(unreadable: ${e.message.split('\n')[0]})`) : '(no reader frame)';
      if (FINAL_STATES.includes(last)) return true;
      if (!((await pageState()).host)) throw new Error(`the reader was closed before it was ready: div#folio-reader-host is gone (reader state: ${last})`);
      return false;
    }, { timeout: 20_000, interval: 150, message: () => `the reader to reach a final state (last: ${last})` });
    await new Promise((r) => setTimeout(r, settle));
    const f = await waitFor(readerFrame, { timeout: 5_000, message: 'the reader frame, after the settle time' });
    return f.evaluate(READ_FRAME);
  }

  before(async () => {
    run = await startChromiumRun('tc', { root: site.dir, viewport: { width: 1100, height: 820 } });
    ({ server, b } = run);
    session = await b.context.newCDPSession(b.page);
    const where = (m) => (m.location()?.url?.startsWith('chrome-extension:') ? 'extension' : 'page');
    b.page.on('console', (m) => log.push(`[${where(m)} ${m.type()}] ${m.text().slice(0, 300)}`));
    b.page.on('pageerror', (e) => log.push(`[page error] ${String(e.message).slice(0, 300)}`));
    b.page.on('popup', (p) => log.push(`[popup] ${p.url()}`));
    b.worker.on('console', (m) => log.push(`[worker ${m.type()}] ${m.text().slice(0, 300)}`));
  }, { timeout: STEP });

  after(async () => {
    console.log(tamperSummary(results, 'Chromium'));
    await run?.close();
    site.cleanup();
  }, { timeout: STEP });

  const io = {
    load: (url) => b.page.goto(url, { waitUntil: 'load' }),
    ran: async () => (await pageState()).ran,
    scrollDown: () => iso('window.scrollTo(0, 1e6)'),
    hostPresent: async () => (await pageState()).host,
    pageState, toggle, reopen, readReader, pagePwned,
  };

  for (const p of pages) {
    it(`${p.id}: ${p.what}`, { timeout: STEP }, async (t) => {
      const mark = log.length;
      // Chromium's own checks: no window opened, nothing refused by the reader's CSP.
      const endProblems = () => {
        const found = [];
        for (const l of log.slice(mark)) {
          if (l.startsWith('[popup]')) found.push(`a window opened: ${l}`);
          if (l.startsWith('[extension') && /Content Security Policy|Refused to/i.test(l)) found.push(`the reader refused something (did a payload try to run?): ${l}`);
        }
        return found;
      };
      const problems = await runTamperCase(p, server.url(p.name), t, { ...io, endProblems });
      if (problems.length) {
        assert.fail(`${p.id}: ${problems.length} problem(s):\n- ${problems.join('\n- ')}\nbrowser console (last 25):\n${log.slice(mark).slice(-25).join('\n')}`);
      }
      results.set(p.id, true);
    });
  }
});
