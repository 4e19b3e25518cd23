// End-to-end: per-site modes, the options page, custom rules, import/export and the settings
// migration, with the built extension (dist/firefox) in Firefox ESR (selenium-webdriver +
// geckodriver). The pref extensions.webextOptionalPermissionPrompts = false grants a
// permissions.request() made from a real click without a prompt, as a user accepting it would.
// Run: node --test tests/e2e/   (needs ./build.sh first, /usr/bin/firefox-esr and geckodriver)
import { describe, before, after, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { By, Key } from 'selenium-webdriver';

import { FOUNDING_FIXTURE, requireFixture } from '../harness/paths.mjs';
import { STEP, waitFor } from '../harness/scratch.mjs';
import { clickToolbarButton, enterReaderFrame, firefoxConsole, hostPresent, startFirefoxRun, toggleWith } from '../harness/firefox.mjs';
import { withConsole } from '../harness/failures.mjs';
import { FINAL_STATES, asScript, readReaderFrame } from '../harness/expectations.mjs';
import {
  AXE_SOURCE, IMPORT_FILE_TEXT, OPTIONS_PATH, RULES, V1_MIGRATED, V1_SYNC,
  checkAutomaticReader, checkDecluttered, checkImportReport, checkLeftAlone, checkQuotaFallback, checkRulesApplied, focusInfo, readDecluttered, readOptions, sameSites,
  LATE_WALL_FIXTURE, readLateWalls, waitWallsLifted,
} from './settings.mjs';

const SITE = '127.0.0.1';

describe('Firefox: per-site modes, options page, custom rules', () => {
  let ffRun, scratch, ff, driver, pageUrl, coreHas;
  const withLog = withConsole(() => (ff ? firefoxConsole(ff.logFile) : []), 'Firefox console');

  const run = (fn) => driver.executeScript(asScript(fn));
  const optionsUrl = () => `moz-extension://${ff.uuid}${OPTIONS_PATH}`;
  const state = () => run(readOptions);
  /** Runs an async function of the extension API in the options page (which must be open). */
  const ext = (body, arg) => driver.executeAsyncScript(
    `const done = arguments[arguments.length - 1]; const arg = arguments[0];
     (async () => { ${body} })().then((v) => done({ ok: v === undefined ? null : v }), (e) => done({ error: String(e) }));`, arg,
  ).then((r) => {
    if (r?.error) throw new Error(r.error);
    return r?.ok;
  });
  const registered = () => ext('return (await browser.scripting.getRegisteredContentScripts()).flatMap((s) => s.matches);');

  async function openOptions() {
    await driver.get(optionsUrl());
    await waitFor(async () => (await state().catch(() => ({}))).ready === 'true', { timeout: 10_000, message: 'the options page to be ready' });
  }
  const radio = (site, mode) => driver.findElement(By.css(`#sites-body tr[data-site="${site}"] input[value="${mode}"]`));

  /** Toolbar clicks until the reader is open (or closed). */
  const toggleReader = (open) => toggleWith(driver, () => clickToolbarButton(ff), open);
  /** The reader frame's final state (switches back to the page afterwards). */
  async function readerReady() {
    await enterReaderFrame(driver);
    try {
      let r;
      await waitFor(async () => {
        r = await run(readReaderFrame).catch(() => null);
        return r && FINAL_STATES.includes(r.state);
      }, { timeout: 30_000, message: () => `the reader to finish (last: ${JSON.stringify(r)})` });
      return r;
    } finally {
      await driver.switchTo().defaultContent();
    }
  }
  async function setModeByClick(site, mode) {
    await radio(site, mode).click();
    await waitFor(async () => {
      const s = await state();
      return mode === 'off' ? !(site in s.rows) : s.rows[site] === mode;
    }, { timeout: 10_000, message: async () => `${site} to show ${mode}: ${JSON.stringify(await state())}` });
  }
  async function setRulesText(text) {
    await driver.executeScript("const t = document.getElementById('rules'); t.value = arguments[0]; t.dispatchEvent(new Event('input'));", text);
    await driver.findElement(By.id('save-rules')).click();
    await waitFor(async () => {
      const s = await state();
      return /saved/i.test(s.rulesStatus) && s.rules === text;
    }, { timeout: 5_000, message: 'the rules to be saved' });
  }

  before(async () => {
    requireFixture();
    ffRun = await startFirefoxRun('fset', {
      size: null,
      timeouts: { script: 15_000 },
      prefs: (dirs) => ({
        'extensions.webextOptionalPermissionPrompts': false,
        'browser.download.folderList': 2,
        'browser.download.dir': dirs.downloads,
        'browser.download.useDownloadDir': true,
        'browser.download.always_ask_before_handling_new_types': false,
        'browser.download.manager.showWhenStarting': false,
        'browser.helperApps.neverAsk.saveToDisk': 'text/plain',
      }),
    });
    ({ scratch, ff } = ffRun);
    driver = ff.driver;
    pageUrl = ffRun.server.url(FOUNDING_FIXTURE);
    await openOptions();
    coreHas = await ext(`const core = await import('../core/folio.js');
      return { parseRules: typeof core.parseRules === 'function', declutter: typeof core.declutter === 'function' };`);
  }, { timeout: STEP });

  after(() => ffRun?.close(), { timeout: STEP });

  it('migrates settings stored by version 1', { timeout: STEP }, withLog(async () => {
    await ext('await browser.storage.sync.clear(); await browser.storage.local.clear(); await browser.storage.sync.set(arg);', V1_SYNC);
    await openOptions();
    const s = await state();
    assert.ok(sameSites(s.rows, V1_MIGRATED), `rows after migration: ${JSON.stringify(s.rows)}`);
    assert.equal(s.rules, V1_SYNC.customFilters);
    const [sync, local] = await ext('return [await browser.storage.sync.get(null), await browser.storage.local.get(null)];');
    assert.equal(sync.schemaVersion, 3);
    assert.equal('siteModes' in sync || 'customFilters' in sync, false, 'v1 keys left in storage.sync');
    assert.equal(local.rules, V1_SYNC.customFilters);
    await ext('await browser.storage.sync.clear(); await browser.storage.local.clear();');
    await openOptions();
    assert.deepEqual((await state()).rows, {});
    await waitFor(async () => (await registered()).length === 0, { timeout: 5_000, message: 'no registered content script' });
  }));

  it('a write over the storage.sync quota keeps the settings locally and says so', { timeout: STEP }, withLog(async () => {
    const r = await ext(`const m = await import('../lib/storage.js');
      const big = {};
      for (let i = 0; i < 3000; i++) big['a-rather-long-site-name-number-' + i + '.example'] = 'declutter';
      return m.writeSites(big);`);
    await checkQuotaFallback(r, openOptions, state);
    await ext('await browser.storage.sync.clear(); await browser.storage.local.clear();');
    await openOptions();
    assert.equal((await state()).syncWarning, '');
  }));

  it('the options page: 0 axe-core violations (with sites and a rule error shown), usable by keyboard with visible focus', { timeout: STEP }, withLog(async () => {
    await ext("await (await import('../lib/storage.js')).writeSites({ 'example.org': 'reader', 'example.net': 'declutter' });");
    await openOptions();
    await driver.findElement(By.id('rules')).sendKeys('example.org##div[');
    await waitFor(async () => (await state()).rulesErrors.length === 1, { timeout: 5_000, message: 'a rules error shown' });
    await driver.executeScript(AXE_SOURCE());
    const violations = await driver.executeAsyncScript(`const done = arguments[0];
      axe.run(document, { resultTypes: ['violations'] }).then((r) => done(r.violations.map((x) =>
        x.id + ': ' + x.help + ' (' + x.nodes.map((n) => n.target.join(' ')).join(', ') + ')')), (e) => done(['axe failed: ' + e]));`);
    assert.deepEqual(violations, [], 'axe-core violations');
    await ext('await browser.storage.sync.clear(); await browser.storage.local.clear();');
    await openOptions();
    await driver.executeScript('document.activeElement?.blur(); window.scrollTo(0, 0);');
    await driver.actions().sendKeys(Key.TAB).perform();
    let f = await run(focusInfo);
    assert.equal(f.id, 'add-site-input', `first Tab stop: ${JSON.stringify(f)}`);
    assert.ok(f.visible, `no visible focus on the site field: ${f.outline}`);
    await driver.actions().sendKeys('https://www.example.com/some/article', Key.TAB).perform();
    f = await run(focusInfo);
    assert.deepEqual([f.type, f.value], ['radio', 'declutter'], `second Tab stop: ${JSON.stringify(f)}`);
    assert.ok(f.visible, `no visible focus on the mode: ${f.outline}`);
    await driver.actions().sendKeys(Key.ARROW_DOWN, Key.ARROW_DOWN, Key.TAB).perform();
    f = await run(focusInfo);
    assert.equal(f.id, 'add-site-button', `third Tab stop: ${JSON.stringify(f)}`);
    await driver.actions().sendKeys(Key.ENTER).perform();
    await waitFor(async () => /example\.com/.test((await state()).sitesStatus), { timeout: 5_000, message: 'a status line about example.com' });
    assert.deepEqual((await state()).rows, {}, 'Off is the default: no row is stored');
  }));

  it('Off: the page is left alone; a toolbar click still opens the reader', { timeout: STEP }, withLog(async () => {
    await driver.get(pageUrl);
    await checkLeftAlone(() => run(readDecluttered));
    await toggleReader(true);
    assert.equal((await readerReady()).state, 'ready');
    await toggleReader(false);
  }));

  it('Reader view automatically: article pages open in the reader on load', { timeout: STEP }, withLog(async () => {
    await openOptions();
    await driver.findElement(By.id('add-site-input')).sendKeys(`http://${SITE}/`);
    await driver.findElement(By.css('#add-site input[name=mode][value=reader]')).click();
    await driver.findElement(By.id('add-site-button')).click();
    await waitFor(async () => (await state()).rows[SITE] === 'reader', { timeout: 10_000, message: async () => `the reader mode row: ${JSON.stringify(await state())}` });
    await waitFor(async () => (await registered()).includes(`*://${SITE}/*`), { timeout: 10_000, message: 'the content script to be registered' });
    await driver.get(pageUrl);
    await waitFor(() => hostPresent(driver), { timeout: 10_000, message: 'the reader to open by itself' });
    checkAutomaticReader(await readerReady());
    await toggleReader(false);
  }));

  it('Declutter in place: clutter hidden on the live page, the article kept', { timeout: STEP }, withLog(async () => {
    assert.ok(coreHas.declutter, 'this build of the core has no declutter() export');
    await openOptions();
    await setModeByClick(SITE, 'declutter');
    await driver.get(pageUrl);
    await checkDecluttered(() => run(readDecluttered));
  }));

  it('Declutter keeps up: a wall injected after load, and again after an in-page navigation, is lifted each time', { timeout: STEP }, withLog(async () => {
    await openOptions();
    await setModeByClick(SITE, 'declutter');
    await driver.get(ffRun.server.url(LATE_WALL_FIXTURE));
    const first = await waitWallsLifted(() => run(readLateWalls), 1);
    assert.match(first.story, /winter storms/);
    await driver.executeScript('window.navigateInPage();');
    const second = await waitWallsLifted(() => run(readLateWalls), 2);
    assert.match(second.story, /Lifeboat crews/, 'the new story is shown');
  }));

  it('custom rules: a hide rule and a keep rule take effect in the reader view', { timeout: STEP }, withLog(async () => {
    await openOptions();
    await setModeByClick(SITE, 'off');
    await setRulesText(RULES);
    assert.deepEqual((await state()).rulesErrors, []);
    await driver.get(pageUrl);
    await toggleReader(true);
    checkRulesApplied(await readerReady());
    await toggleReader(false);
  }));

  it('import: a bad line is reported with its number, the good lines are kept', { timeout: STEP }, withLog(async () => {
    assert.ok(coreHas.parseRules, 'this build of the core has no parseRules() export');
    await openOptions();
    await setRulesText('');
    const file = path.join(scratch.dir, 'import.txt');
    writeFileSync(file, IMPORT_FILE_TEXT);
    await driver.findElement(By.id('import-file')).sendKeys(file);
    const { good } = await checkImportReport(state);
    assert.equal((await ext("return (await browser.storage.local.get('rules')).rules;")), good, 'the good lines are saved');
  }));

  it('export: the rules download as a text file that imports back identically', { timeout: STEP }, withLog(async () => {
    await openOptions();
    const text = RULES + 'example.net##.newsletter\n';
    await setRulesText(text);
    await driver.findElement(By.id('export-rules')).click();
    const file = path.join(scratch.downloads, 'folio-rules.txt');
    await waitFor(() => existsSync(file) && readFileSync(file, 'utf8') === text, {
      timeout: 10_000, message: () => `${file} with the rules (${existsSync(file) ? JSON.stringify(readFileSync(file, 'utf8')) : 'missing'})`,
    });
    await setRulesText('');
    await driver.findElement(By.id('import-file')).sendKeys(file);
    await waitFor(async () => (await state()).rules === text, { timeout: 10_000, message: async () => `the import to restore the text: ${JSON.stringify((await state()).rules)}` });
    assert.deepEqual((await state()).importErrors, []);
  }));
});
