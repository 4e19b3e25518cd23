// End-to-end, Firefox: the reader view's features on pages served from 127.0.0.1 with a strict
// CSP. The view is opened and closed with the extension's keyboard shortcut (Alt+Shift+F: the
// <key> element Firefox builds for the command, whose handler a key press runs), and once with
// the toolbar button; settings are changed by real clicks in the "Aa" panel, Esc is a key press.
import { describe, before, after, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { By, Key } from 'selenium-webdriver';

import { FOUNDING_FIXTURE, requireFixture } from '../harness/paths.mjs';
import { STEP, waitFor } from '../harness/scratch.mjs';
import { FINAL_STATES, SCROLL_TO, SETTLED_STATE, asScript } from '../harness/expectations.mjs';
import { clickToolbarButton, enterReaderFrame, firefoxConsole, hostPresent, pressShortcut, shortcutKeys, startFirefoxRun, toggleWith } from '../harness/firefox.mjs';
import { failOn as fail } from '../harness/failures.mjs';
import {
  CHOSEN, LOADING_GUARD_FIXTURE, NO_ARTICLE_FIXTURE, RTL_FIXTURE, SAVED_NAMES, SURVIVAL_FIXTURE, axeSource, checkChosen,
  checkFoundingFeatures, checkLoadingGuard, checkRtl, checkSaved, checkSurvival, readAfterNoteClick, readFeatures, readSurvival, runAxe,
} from './reader-features.mjs';

describe('Firefox: reader view features', () => {
  let ffRun, server, ff, driver;
  let step = 'start'; // the last step begun, for failure messages

  const withLog = (fn) => async () => {
    try {
      await fn();
    } catch (err) {
      err.message += `\n(last step: ${step})`;
      const lines = firefoxConsole(ff.logFile);
      if (lines.length) err.message += `\nFirefox console (last 30):\n${lines.slice(-30).join('\n')}`;
      throw err;
    } finally {
      await driver?.switchTo().defaultContent().catch(() => {});
    }
  };
  const shortcut = () => pressShortcut(ff, 'F', 'alt,shift');
  const run = (fn) => driver.executeScript(asScript(fn));
  const features = () => run(readFeatures);
  const click = async (css) => (await driver.findElement(By.css(css))).click();
  // Esc typed into the focused element (Element Send Keys). The Actions API
  // (driver.actions().sendKeys) delivered two keydown events for one Esc in about 1 run in 3.
  const escape = async () => (await driver.switchTo().activeElement()).sendKeys(Key.ESCAPE);

  /** Opens the reader on `rel` with `gesture`, waits for a final state, and stays inside the frame. */
  async function openOn(rel, { scroll = 0, gesture = shortcut } = {}) {
    step = `openOn ${rel}: closing`;
    await driver.switchTo().defaultContent();
    if (await hostPresent(driver)) await toggleWith(driver, shortcut, false);
    step = `openOn ${rel}: loading`;
    await driver.get(server.url(rel));
    if (scroll) {
      await driver.executeScript('window.scrollTo(0, arguments[0]);', scroll);
      await waitFor(async () => (await driver.executeScript('return window.scrollY;')) === scroll, { timeout: 3_000, message: 'the page to scroll' });
    }
    step = `openOn ${rel}: opening`;
    await toggleWith(driver, gesture, true);
    await reenter();
  }
  async function reenter() {
    step = 'entering the reader frame';
    await driver.switchTo().defaultContent();
    await enterReaderFrame(driver);
    let st;
    await waitFor(async () => FINAL_STATES.includes((st = await driver.executeScript(`return (${SETTLED_STATE})();`).catch(() => null))),
      { timeout: 30_000, message: () => `a final state (last ${st})` });
  }
  async function choose(name, value) {
    step = `choosing ${name}=${value}`;
    if (!(await driver.executeScript("return !document.getElementById('folio-settings').hidden;"))) await click('#folio-settings-toggle');
    await click(`#folio-settings input[name="${name}"][value="${value}"] + span`);
    step = `waiting for ${name}=${value}`;
    await waitFor(() => driver.executeScript('return document.documentElement.dataset[arguments[0]] === arguments[1];', name, value),
      { timeout: 3_000, message: `data-${name}=${value}` });
  }

  before(async () => {
    requireFixture();
    // Downloads ("Save .md", "Save .html") go to the run's folder without a dialog.
    ffRun = await startFirefoxRun('fr', {
      prefs: (dirs) => ({
        'browser.download.folderList': 2,
        'browser.download.dir': dirs.downloads,
        'browser.download.useDownloadDir': true,
        'browser.download.always_ask_before_handling_new_types': false,
        'browser.download.manager.showWhenStarting': false,
        'browser.helperApps.neverAsk.saveToDisk': 'text/markdown,text/html',
      }),
    });
    ({ server, ff } = ffRun);
    driver = ff.driver;
  }, { timeout: STEP });

  after(() => ffRun?.close(), { timeout: STEP });

  it('registers the keyboard shortcut Alt+Shift+F', { timeout: STEP }, withLog(async () => {
    const keys = await shortcutKeys(ff);
    assert.deepEqual(keys, [{ key: 'F', modifiers: 'alt,shift' }], `the extension's shortcuts: ${JSON.stringify(keys)}`);
  }));

  it('Save .md and Save .html: the article as files made in the view, by real clicks', { timeout: STEP }, withLog(async () => {
    await openOn(FOUNDING_FIXTURE);
    for (const kind of ['md', 'html']) {
      step = `saving .${kind}`;
      await click(`#folio-save-${kind}`);
      const file = path.join(ffRun.scratch.downloads, SAVED_NAMES[kind]);
      const text = await waitFor(() => (existsSync(file) ? readFileSync(file, 'utf8') || null : null),
        { timeout: 10_000, message: `${file} to be saved` });
      fail(checkSaved(kind, text, server.url(FOUNDING_FIXTURE)), `the saved .${kind}`);
    }
  }));

  it('opened by the shortcut: header, reading time, Details lists each removed item; axe-core 0 violations', { timeout: STEP }, withLog(async () => {
    await openOn(FOUNDING_FIXTURE);
    await click('#folio-removed > summary');
    const r = await features();
    assert.ok(r.removedOpen, 'clicking "Details" did not open the panel');
    fail(checkFoundingFeatures(r, server.url(FOUNDING_FIXTURE)), 'the reader view is wrong');
    await click('#folio-settings-toggle');
    await driver.executeScript(axeSource());
    const v = await run(runAxe);
    fail(v.map((x) => `${x.id} (${x.impact}) ${x.help}: ${x.nodes.join(' | ')}`), 'axe-core violations (panel and Details open)');
  }));

  it('settings chosen by clicks persist: Esc closes the panel, then the view (scroll kept); the shortcut reopens it as chosen', { timeout: 2 * STEP }, withLog(async () => {
    await openOn(FOUNDING_FIXTURE, { scroll: SCROLL_TO, gesture: () => clickToolbarButton(ff) });
    for (const k of ['theme', 'font', 'width', 'spacing']) await choose(k, CHOSEN[k]);
    const size = () => driver.executeScript('return parseInt(getComputedStyle(document.body).fontSize, 10);');
    for (let s = await size(); s < CHOSEN.size;) {
      step = `A+ from ${s}px`;
      await click('#folio-size-up');
      const before = s;
      s = await waitFor(async () => { const n = await size(); return n > before && n; }, { timeout: 3_000, message: 'A+ to enlarge the text' });
    }
    step = 'checking the chosen settings';
    const chosen = await features();
    fail(checkChosen(chosen), 'the chosen settings are not applied');
    assert.equal(chosen.panelOpen, true, `the settings panel closed before Esc (focus on ${chosen.activeId})`);
    step = 'Esc (the panel)';
    await escape();
    const r = await features();
    assert.equal(r.panelOpen, false, 'Esc did not close the settings panel');
    assert.equal(r.activeId, 'folio-settings-toggle', 'focus did not return to "Aa"');
    await driver.switchTo().defaultContent();
    assert.equal(await hostPresent(driver), true, 'the first Esc closed the view, not the panel');
    await enterReaderFrame(driver);
    await escape();
    await driver.switchTo().defaultContent();
    await waitFor(async () => !(await hostPresent(driver)), { timeout: 5_000, message: 'the second Esc to close the view' });
    await waitFor(async () => (await driver.executeScript('return window.scrollY;')) === SCROLL_TO, { timeout: 3_000, message: `scrollY back at ${SCROLL_TO}` });

    await toggleWith(driver, shortcut, true);
    await reenter();
    fail(checkChosen(await features()), 'the settings did not persist across a reopen');
    await driver.switchTo().defaultContent();
    await toggleWith(driver, shortcut, false);
    await waitFor(async () => (await driver.executeScript('return window.scrollY;')) === SCROLL_TO, { timeout: 3_000, message: `scrollY back at ${SCROLL_TO} after the shortcut closed the view` });
  }));

  it('a right-to-left article: dir and lang kept, date in its language', { timeout: STEP }, withLog(async () => {
    await openOn(RTL_FIXTURE);
    fail(checkRtl(await features(), server.url(RTL_FIXTURE)), 'the RTL article');
  }));

  it('content that survives: MathML, footnotes that work, placeholders for embeds and a chart, code language', { timeout: STEP }, withLog(async () => {
    await openOn(SURVIVAL_FIXTURE);
    fail(checkSurvival(await run(readSurvival)), 'content through the view');
    step = 'clicking the first footnote';
    await click('sup a[href="#folio-note-fn1"]');
    let after;
    await waitFor(async () => (after = await run(readAfterNoteClick)).hash === '#folio-note-fn1' && after.inView,
      { timeout: 5_000, message: () => `the footnote click to reach its note (${JSON.stringify(after)})` });
    assert.equal(after.targetTag, 'LI');
  }));

  it('a page blanked by a loading guard (body { visibility: hidden }): the article all the same', { timeout: STEP }, withLog(async () => {
    await openOn(LOADING_GUARD_FIXTURE);
    fail(checkLoadingGuard(await features()), 'the article behind the loading guard');
  }));

  it('a page without an article: a helpful message and a Close button that closes the view', { timeout: STEP }, withLog(async () => {
    await openOn(NO_ARTICLE_FIXTURE);
    const r = await features();
    assert.equal(r.state, 'no-article', `state ${r.state}: ${r.text}`);
    assert.match(r.message, /no article/i);
    assert.ok(r.messageCloseVisible, 'no visible Close button');
    await click('#folio-message-close');
    await driver.switchTo().defaultContent();
    await waitFor(async () => !(await hostPresent(driver)), { timeout: 5_000, message: 'Close to close the view' });
  }));
});
