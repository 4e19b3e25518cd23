// End-to-end, Chromium: the reader view's features on pages served from 127.0.0.1 with a strict
// CSP. Opened by real toolbar clicks (CDP Extensions.triggerAction). The keyboard shortcut runs
// the very same background function (toggleReader), but headless Chromium does not deliver key
// presses to extension commands (neither Playwright's keyboard nor CDP Input.dispatchKeyEvent
// reach the browser's accelerators), so here the shortcut is checked as registered only; the
// Firefox test fires it. Settings are changed by real clicks in the "Aa" panel.
// Screenshots: FOLIO_E2E_SCREENSHOTS=docs node --test tests/e2e/reader-features.chromium.test.mjs
import { describe, before, after, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { FOUNDING_FIXTURE, REPO_ROOT, requireFixture } from '../harness/paths.mjs';
import { STEP, waitFor } from '../harness/scratch.mjs';
import { FINAL_STATES, READER_URL_RE, SCROLL_TO, SETTLED_STATE } from '../harness/expectations.mjs';
import { hostPresent, startChromiumRun, toggleByToolbar } from '../harness/chromium.mjs';
import { failOn as fail, withConsole } from '../harness/failures.mjs';
import {
  CHOSEN, LOADING_GUARD_FIXTURE, NO_ARTICLE_FIXTURE, RTL_FIXTURE, SETTINGS_KEY, SHORTCUT, SURVIVAL_FIXTURE,
  SAVED_NAMES, axeSource, checkChosen, checkFoundingFeatures, checkLoadingGuard, checkRtl, checkSaved, checkSurvival,
  readAfterNoteClick, readFeatures, readPrintStyles, readSurvival, runAxe,
} from './reader-features.mjs';

const THEMES = ['light', 'sepia', 'dark'];
const VIEWPORT = { width: 1100, height: 820 }; // launchChromium's default, put back after the store screenshots
/** A PNG's width and height, from its IHDR chunk. */
const pngSize = (png) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

describe('Chromium: reader view features', () => {
  let run, server, scratch, b, shotsDir;
  const log = [];
  const withLog = withConsole(() => log);
  const frame = () => b.page.frames().find((f) => READER_URL_RE.test(f.url()));
  const toggle = (open) => toggleByToolbar(b, open, (m) => { log.push(m); console.error(m); });

  /** Opens the reader on `rel` (toolbar click) and waits for a final state; returns the frame. */
  async function openOn(rel, { scroll = 0 } = {}) {
    if (await hostPresent(b.page)) await toggle(false);
    await b.page.goto(server.url(rel), { waitUntil: 'load' });
    if (scroll) {
      await b.page.evaluate((y) => window.scrollTo(0, y), scroll);
      await waitFor(async () => (await b.page.evaluate(() => window.scrollY)) === scroll, { timeout: 3_000, message: 'the page to scroll' });
    }
    await toggle(true);
    const f = await waitFor(frame, { timeout: 10_000, message: 'the reader frame' });
    let st;
    await waitFor(async () => FINAL_STATES.includes((st = await f.evaluate(`(${SETTLED_STATE})()`).catch(() => null))),
      { timeout: 30_000, message: () => `a final state (last ${st})` });
    return f;
  }

  const features = (f) => f.evaluate(readFeatures);

  async function axeViolations(f) {
    if (!(await f.evaluate(() => typeof globalThis.axe === 'object'))) await f.evaluate(axeSource());
    return f.evaluate(runAxe);
  }

  async function choose(f, name, value) {
    if (!(await f.evaluate(() => !document.getElementById('folio-settings').hidden))) await f.click('#folio-settings-toggle');
    await f.click(`#folio-settings label:has(> input[name="${name}"][value="${value}"])`);
    await waitFor(() => f.evaluate(([n, v]) => document.documentElement.dataset[n] === v, [name, value]), { timeout: 3_000, message: `data-${name}=${value}` });
  }

  before(async () => {
    requireFixture();
    run = await startChromiumRun('cr');
    ({ server, scratch, b } = run);
    b.worker.on('console', (m) => log.push(`[service worker ${m.type()}] ${m.text()}`));
    b.page.on('console', (m) => log.push(`[page ${m.type()}] ${m.text()}`));
    b.page.on('pageerror', (e) => log.push(`[page error] ${e.message}`));
    shotsDir = process.env.FOLIO_E2E_SCREENSHOTS ? path.resolve(REPO_ROOT, process.env.FOLIO_E2E_SCREENSHOTS) : path.join(scratch.dir, 'shots');
    mkdirSync(shotsDir, { recursive: true });
  }, { timeout: STEP });

  after(() => run?.close(), { timeout: STEP });

  it(`registers the keyboard shortcut ${SHORTCUT} (commands "toggle-reader")`, { timeout: STEP }, withLog(async () => {
    const cmds = await b.worker.evaluate(() => chrome.commands.getAll());
    const c = cmds.find((x) => x.name === 'toggle-reader');
    assert.ok(c, `no toggle-reader command: ${JSON.stringify(cmds)}`);
    assert.equal(c.shortcut, SHORTCUT, `the shortcut was not assigned (a clash with the browser?): ${JSON.stringify(c)}`);
    assert.ok(c.description, 'the command has no description');
  }));

  it('header: date, reading time, original link; Details lists each removed item', { timeout: STEP }, withLog(async () => {
    const pageUrl = server.url(FOUNDING_FIXTURE);
    const f = await openOn(FOUNDING_FIXTURE);
    await f.click('#folio-removed > summary');
    const r = await features(f);
    assert.ok(r.removedOpen, 'clicking "Details" did not open the panel');
    fail(checkFoundingFeatures(r, pageUrl), 'the reader view is wrong');
  }));

  it('store screenshots: 1280×800, the reader view in light and dark, the "Aa" panel and Details open (dist/store/)', { timeout: STEP }, withLog(async () => {
    const store = path.join(REPO_ROOT, 'dist/store');
    mkdirSync(store, { recursive: true });
    await b.page.setViewportSize({ width: 1280, height: 800 });
    try {
      const f = await openOn(FOUNDING_FIXTURE);
      const shots = [];
      for (const [n, theme, setup] of [[1, 'light', null], [2, 'dark', null], [3, 'sepia', 'panel'], [4, 'light', 'details']]) {
        await choose(f, 'theme', theme);
        if (setup !== 'panel') {
          await b.page.keyboard.press('Escape');
          await waitFor(() => f.evaluate(() => document.getElementById('folio-settings').hidden), { timeout: 3_000, message: 'the panel to close' });
        }
        await f.evaluate((details) => {
          const d = document.getElementById('folio-removed');
          d.open = details;
          if (details) d.scrollIntoView();
          else window.scrollTo(0, 0);
          document.activeElement?.blur();
        }, setup === 'details');
        const file = path.join(store, `screenshot-${n}.png`);
        await b.page.screenshot({ path: file });
        shots.push(pngSize(readFileSync(file)));
      }
      assert.deepEqual(shots, shots.map(() => ({ width: 1280, height: 800 })), 'the stores ask for 1280×800');
    } finally {
      await b.page.setViewportSize(VIEWPORT);
    }
  }));

  it('Save .md and Save .html: the article as files made in the view, by real clicks', { timeout: STEP }, withLog(async () => {
    const pageUrl = server.url(FOUNDING_FIXTURE);
    const f = await openOn(FOUNDING_FIXTURE);
    for (const kind of ['md', 'html']) {
      const [download] = await Promise.all([b.page.waitForEvent('download', { timeout: 10_000 }), f.click(`#folio-save-${kind}`)]);
      assert.equal(download.suggestedFilename(), SAVED_NAMES[kind]);
      fail(checkSaved(kind, readFileSync(await download.path(), 'utf8'), pageUrl), `the saved .${kind}`);
    }
  }));

  it('axe-core: 0 violations in every theme, with the settings panel and Details open; screenshots', { timeout: 2 * STEP }, withLog(async () => {
    const f = frame() ?? (await openOn(FOUNDING_FIXTURE));
    await f.click('#folio-settings-toggle');
    await waitFor(() => f.evaluate(() => !document.getElementById('folio-settings').hidden), { timeout: 3_000, message: 'the settings panel' });
    const problems = [];
    for (const theme of [...THEMES, 'system']) {
      await choose(f, 'theme', theme);
      for (const v of await axeViolations(f)) problems.push(`${theme}, panel open: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.join(' | ')}`);
      if (theme === 'light') await b.page.screenshot({ path: path.join(shotsDir, 'reader-settings.png') });
    }
    // Esc closes the panel (not the view), focus back on "Aa".
    await b.page.keyboard.press('Escape');
    let r = await features(f);
    assert.equal(r.panelOpen, false, 'Esc did not close the settings panel');
    assert.equal(await hostPresent(b.page), true, 'Esc closed the view while the panel was open');
    assert.equal(r.activeId, 'folio-settings-toggle', 'focus did not return to the "Aa" button');
    assert.equal(r.panelExpanded, 'false');
    for (const theme of THEMES) {
      await choose(f, 'theme', theme);
      await b.page.keyboard.press('Escape');
      await waitFor(() => f.evaluate(() => document.getElementById('folio-settings').hidden), { timeout: 3_000, message: 'the panel to close' });
      for (const v of await axeViolations(f)) problems.push(`${theme}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.join(' | ')}`);
      await f.evaluate(() => { document.getElementById('folio-removed').open = false; window.scrollTo(0, 0); document.activeElement?.blur(); });
      await b.page.screenshot({ path: path.join(shotsDir, `reader-${theme}.png`) });
    }
    fail(problems, 'axe-core violations');
  }));

  it('settings chosen by clicks persist: Esc closes the panel, then the view (scroll kept); reopened as chosen', { timeout: 2 * STEP }, withLog(async () => {
    const f = await openOn(FOUNDING_FIXTURE, { scroll: SCROLL_TO });
    await choose(f, 'theme', CHOSEN.theme);
    await choose(f, 'font', CHOSEN.font);
    await choose(f, 'width', CHOSEN.width);
    await choose(f, 'spacing', CHOSEN.spacing);
    let size = Number.parseInt(await f.evaluate(() => getComputedStyle(document.body).fontSize), 10);
    while (size < CHOSEN.size) {
      await f.click('#folio-size-up');
      const next = await waitFor(async () => {
        const s = Number.parseInt(await f.evaluate(() => getComputedStyle(document.body).fontSize), 10);
        return s > size && s;
      }, { timeout: 3_000, message: 'A+ to enlarge the text' });
      size = next;
    }
    fail(checkChosen(await features(f)), 'the chosen settings are not applied');
    await b.page.keyboard.press('Escape'); // the panel
    assert.equal(await hostPresent(b.page), true, 'the first Esc closed the view, not the panel');
    await b.page.keyboard.press('Escape'); // the view
    await waitFor(async () => !(await hostPresent(b.page)), { timeout: 5_000, message: 'the second Esc to close the view' });
    await waitFor(async () => (await b.page.evaluate(() => window.scrollY)) === SCROLL_TO, { timeout: 3_000, message: `scrollY back at ${SCROLL_TO}` });

    await toggle(true);
    const g = await waitFor(frame, { timeout: 10_000, message: 'the reader frame' });
    await waitFor(() => g.evaluate(() => document.documentElement.dataset.state === 'ready').catch(() => false), { timeout: 30_000, message: 'ready' });
    fail(checkChosen(await features(g)), 'the settings did not persist across a reopen');
    // Read from the reader frame: the service worker may have been stopped while idle.
    const stored = await g.evaluate((k) => chrome.storage.sync.get(k), SETTINGS_KEY);
    assert.deepEqual(stored[SETTINGS_KEY], CHOSEN, 'storage.sync does not hold the chosen settings');
  }));

  it('print: the article alone, black on white', { timeout: STEP }, withLog(async () => {
    const f = frame() ?? (await openOn(FOUNDING_FIXTURE));
    await b.page.emulateMedia({ media: 'print' });
    try {
      const p = await f.evaluate(readPrintStyles);
      const problems = [];
      if (!p.printMedia) problems.push('print media emulation did not reach the reader frame');
      if (p.bar !== 'none' || p.panel !== 'none' || p.cleaned !== 'none') problems.push(`toolbar/panels shown in print: ${JSON.stringify(p)}`);
      if (p.title === 'none' || p.article === 'none') problems.push(`the article is hidden in print: ${JSON.stringify(p)}`);
      if (p.bg !== 'rgb(255, 255, 255)' || p.fg !== 'rgb(0, 0, 0)' || p.articleFg !== 'rgb(0, 0, 0)') problems.push(`not black on white in print (dark theme chosen): ${JSON.stringify(p)}`);
      fail(problems, 'the print stylesheet');
    } finally {
      await b.page.emulateMedia({ media: null });
    }
  }));

  it('a right-to-left article: dir and lang kept, date in its language', { timeout: STEP }, withLog(async () => {
    const f = await openOn(RTL_FIXTURE);
    fail(checkRtl(await features(f), server.url(RTL_FIXTURE)), 'the RTL article');
    const v = await axeViolations(f);
    fail(v.map((x) => `${x.id} (${x.impact}) ${x.help}: ${x.nodes.join(' | ')}`), 'axe-core violations on the RTL article');
  }));

  it('content that survives: MathML, footnotes that work, placeholders for embeds and a chart, code language', { timeout: STEP }, withLog(async () => {
    const f = await openOn(SURVIVAL_FIXTURE);
    fail(checkSurvival(await f.evaluate(readSurvival)), 'content through the view');
    await f.click('sup a[href="#folio-note-fn1"]');
    let after;
    await waitFor(async () => (after = await f.evaluate(readAfterNoteClick)).hash === '#folio-note-fn1' && after.inView,
      { timeout: 5_000, message: () => `the footnote click to reach its note (${JSON.stringify(after)})` });
    assert.equal(after.targetTag, 'LI');
    const v = await axeViolations(f);
    fail(v.map((x) => `${x.id} (${x.impact}) ${x.help}: ${x.nodes.join(' | ')}`), 'axe-core violations on the survival page');
  }));

  it('a page blanked by a loading guard (body { visibility: hidden }): the article all the same', { timeout: STEP }, withLog(async () => {
    const f = await openOn(LOADING_GUARD_FIXTURE);
    fail(checkLoadingGuard(await features(f)), 'the article behind the loading guard');
  }));

  it('a page without an article: a helpful message and a Close button that closes the view', { timeout: STEP }, withLog(async () => {
    const f = await openOn(NO_ARTICLE_FIXTURE);
    const r = await features(f);
    assert.equal(r.state, 'no-article', `state ${r.state}: ${r.text}`);
    assert.match(r.message, /no article/i);
    assert.ok(r.hint.length > 20, `no hint: ${JSON.stringify(r.hint)}`);
    assert.ok(r.messageCloseVisible, 'no visible Close button');
    // Closing removes the frame the click runs in: on a busy machine Playwright can still be
    // finishing the click when its frame goes, and waits on it. A detached frame is the click
    // having worked; any other error stands.
    await f.click('#folio-message-close').catch((e) => { if (!f.isDetached()) throw e; });
    await waitFor(async () => !(await hostPresent(b.page)), { timeout: 5_000, message: 'Close to close the view' });
  }));
});
