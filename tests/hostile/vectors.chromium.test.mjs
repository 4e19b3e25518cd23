// The hostile corpus (vectors.json) in the reader view, in Chromium: each generated article page
// is served on 127.0.0.1 with the strict page CSP, opened, and the reader opened by a real toolbar
// click (CDP Extensions.triggerAction). In the reader frame (an extension page): no payload ran,
// nothing dangerous is in the DOM (inspect.mjs), and the article is still there.
// Run: node --test tests/hostile/   (needs ./build.sh first, and /usr/bin/chromium)
import { describe, before, after, it } from 'node:test';
import assert from 'node:assert/strict';

import { STEP, waitFor } from '../harness/scratch.mjs';
import { PLAYWRIGHT_VIEWPORT, startChromiumRun, toggleByToolbar } from '../harness/chromium.mjs';
import { FINAL_STATES, READER_URL_RE, SETTLED_STATE } from '../harness/expectations.mjs';
import { writePages } from './pages.mjs';
import { dumpArticle } from './inspect.mjs';
import { READ_FRAME_EXPR, checkFrame, poke } from './inspect.mjs';

const SETTLE = 1_000; // after the view is ready and poked: time for anything lazy to fire

describe('Chromium: the hostile corpus in the reader view', () => {
  let run, server, b, page, site;
  const log = [];
  const site0 = writePages('folio-hostile-chromium-');
  site = site0;

  const readerFrame = () => page.frames().find((f) => READER_URL_RE.test(f.url()));
  const openReader = () => toggleByToolbar(b, true, (note) => console.error(note));

  before(async () => {
    run = await startChromiumRun('hc', { root: site.dir, viewport: PLAYWRIGHT_VIEWPORT });
    ({ server, b } = run);
    page = b.page;
    page.on('console', (m) => log.push(`[${m.location()?.url?.startsWith('chrome-extension:') ? 'reader' : 'page'} ${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => log.push(`[page error] ${e.message}`));
    page.on('popup', (p) => log.push(`[popup] ${p.url()}`));
  }, { timeout: STEP });

  after(async () => {
    await run?.close();
    site?.cleanup();
  }, { timeout: STEP });

  for (const hostile of site0.pages) {
    it(`${hostile.name}: ${hostile.vectors.length} vectors, none gets through`, { timeout: STEP }, async () => {
      const url = server.url(hostile.name);
      const mark = log.length;
      await page.goto(url, { waitUntil: 'load' });
      await openReader();
      const frame = await waitFor(readerFrame, { timeout: 10_000, message: 'the reader frame' });
      let r;
      await waitFor(async () => {
        r = await frame.evaluate(`(${SETTLED_STATE})()`).catch(() => null);
        return FINAL_STATES.includes(r);
      }, { timeout: 20_000, message: () => `the reader to reach a final state (last: ${r})` });
      // Focus everything, scroll to the bottom, sweep the mouse over the view; then wait.
      await frame.evaluate(poke);
      const vp = page.viewportSize() ?? { width: 1280, height: 720 };
      for (let y = 40; y < vp.height; y += 80) {
        await page.mouse.move(10, y);
        await page.mouse.move(vp.width - 10, y, { steps: 4 });
      }
      await new Promise((res) => setTimeout(res, SETTLE));
      r = await frame.evaluate(READ_FRAME_EXPR);
      const topPwned = await page.evaluate(() => (Array.isArray(window.__pwned) ? window.__pwned : null));
      dumpArticle('chromium', hostile, r.articleHtml);
      const problems = checkFrame(r, hostile, { topPwned, pageUrlBefore: url, pageUrlAfter: page.url() });
      const readerCsp = log.slice(mark).filter((l) => l.startsWith('[reader') && /Content Security Policy|Refused/i.test(l));
      for (const l of readerCsp) problems.push(`${hostile.name}: the reader frame refused something (a payload tried to run?): ${l.slice(0, 300)}`);
      const popups = log.slice(mark).filter((l) => l.startsWith('[popup]'));
      for (const l of popups) problems.push(`${hostile.name}: a window opened: ${l}`);
      if (problems.length) {
        assert.fail(`${problems.length} problem(s):\n- ${problems.join('\n- ')}\nbrowser console (last 20):\n${log.slice(mark).slice(-20).join('\n')}`);
      }
    });
  }
});
