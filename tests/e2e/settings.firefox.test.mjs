// End-to-end: per-site modes, the options page, custom rules, import/export and the settings
// migration, with the built extension (dist/firefox) in Firefox ESR (selenium-webdriver +
// geckodriver). The pref extensions.webextOptionalPermissionPrompts = false grants a
// permissions.request() made from a real click without a prompt, as a user accepting it would.
// Run: node --test tests/e2e/   (needs ./build.sh first, /usr/bin/firefox-esr and geckodriver)
import { describe, before, after, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Builder, By, Key } from 'selenium-webdriver';
import firefox from 'selenium-webdriver/firefox.js';

import {
  FIREFOX_BIN, FIREFOX_EXT_DIR, FIREFOX_EXT_ZIP, FOUNDING_FIXTURE,
  findGeckodriver, requireBuiltExtension, requireFile, requireFixture,
} from './lib/paths.mjs';
import { startServer } from './lib/server.mjs';
import { makeScratch, waitFor, withTimeout } from './lib/scratch.mjs';
import { firefoxConsole, stopFirefox } from './lib/firefox.mjs';
import { CLUTTER, FINAL_STATES, PARAGRAPHS, asScript, norm, readReaderFrame } from './lib/expectations.mjs';
import {
  AXE_SOURCE, HIDDEN_HEADING, IMPORT_BAD_LINE, IMPORT_FILE_TEXT, KEPT_TEXT, OPTIONS_PATH, RULES, V1_MIGRATED, V1_SYNC,
  focusInfo, readDecluttered, readOptions, sameSites,
} from './lib/settings.mjs';

const STEP = 60_000;
const CLICK_GRACE = 5_000;
const SITE = '127.0.0.1';
const CLICK_SCRIPT = `
  const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
  const extension = ExtensionParent.GlobalManager.getExtension(arguments[0]);
  if (!extension) throw new Error('extension ' + arguments[0] + ' is not running');
  ExtensionParent.apiManager.global.browserActionFor(extension).triggerAction(window);
`;

describe('Firefox: per-site modes, options page, custom rules', () => {
  let server, scratch, driver, driverPromise, addonId, uuid, pageUrl, logFile, logFd, downloads, coreHas;

  const logTail = () => {
    const lines = firefoxConsole(logFile);
    return lines.length ? `\nFirefox console (last 30):\n${lines.slice(-30).join('\n')}` : '';
  };
  const withLog = (fn) => async (t) => {
    try {
      await fn(t);
    } catch (err) {
      err.message += logTail();
      throw err;
    }
  };

  const run = (fn) => driver.executeScript(asScript(fn));
  const optionsUrl = () => `moz-extension://${uuid}${OPTIONS_PATH}`;
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

  async function clickToolbarButton() {
    await driver.setContext(firefox.Context.CHROME);
    try {
      await driver.executeScript(CLICK_SCRIPT, addonId);
    } finally {
      await driver.setContext(firefox.Context.CONTENT);
    }
  }
  const hostPresent = () => driver.executeScript("return !!document.getElementById('folio-reader-host');");
  async function toggleReader(open) {
    for (let attempt = 1; attempt <= 3; attempt++) {
      await clickToolbarButton();
      if (await waitFor(async () => (await hostPresent()) === open, { timeout: CLICK_GRACE }).catch(() => false)) return;
      console.error(`[harness] toolbar click ${attempt} changed nothing; clicking again`);
    }
    assert.fail(`three toolbar clicks did not ${open ? 'open' : 'close'} the reader`);
  }
  /** The reader frame's final state (switches back to the page afterwards). */
  async function readerReady() {
    const iframe = await waitFor(async () => {
      const host = await driver.findElement(By.id('folio-reader-host'));
      return (await (await host.getShadowRoot()).findElements(By.css('iframe')))[0];
    }, { timeout: 10_000, message: 'the reader frame' });
    await driver.switchTo().frame(iframe);
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
    const manifest = requireBuiltExtension(FIREFOX_EXT_DIR);
    addonId = manifest.browser_specific_settings?.gecko?.id;
    requireFixture();
    requireFile(FIREFOX_BIN, 'apt-get install firefox-esr');
    const geckodriver = findGeckodriver();
    server = await startServer();
    pageUrl = server.url(FOUNDING_FIXTURE);
    scratch = makeScratch('fset');
    uuid = randomUUID();
    downloads = path.join(scratch.dir, 'downloads');
    mkdirSync(downloads, { recursive: true });
    const options = new firefox.Options()
      .setBinary(FIREFOX_BIN)
      .addArguments('-headless')
      .setPreference('extensions.webextensions.uuids', JSON.stringify({ [addonId]: uuid }))
      .setPreference('extensions.webextOptionalPermissionPrompts', false)
      .setPreference('browser.download.folderList', 2)
      .setPreference('browser.download.dir', downloads)
      .setPreference('browser.download.useDownloadDir', true)
      .setPreference('browser.download.always_ask_before_handling_new_types', false)
      .setPreference('browser.download.manager.showWhenStarting', false)
      .setPreference('browser.helperApps.neverAsk.saveToDisk', 'text/plain')
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
    await openOptions();
    coreHas = await ext(`const core = await import('../core/folio.js');
      return { parseRules: typeof core.parseRules === 'function', declutter: typeof core.declutter === 'function' };`);
  }, { timeout: STEP });

  after(async () => {
    const d = driver ?? (await withTimeout(driverPromise ?? Promise.resolve(), 10_000, 'starting Firefox').catch(() => null));
    await stopFirefox(d, logFd, scratch);
    await server?.close();
    scratch?.cleanup();
  }, { timeout: STEP });

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
    assert.equal(r.ok, false, JSON.stringify(r));
    assert.equal(r.fallback, true);
    await openOptions();
    const s = await state();
    assert.match(s.syncWarning, /Nothing is lost/, `the options page shows no warning: ${JSON.stringify(s.syncWarning)}`);
    assert.equal(Object.keys(s.rows).length, 3000, 'every site is still listed');
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
    await new Promise((r) => setTimeout(r, 1500));
    const d = await run(readDecluttered);
    assert.equal(d.hasHost, false, 'the reader opened by itself on an Off site');
    assert.equal(d.marker, null, 'the page was decluttered on an Off site');
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
    await waitFor(hostPresent, { timeout: 10_000, message: 'the reader to open by itself' });
    const r = await readerReady();
    assert.equal(r.state, 'ready', r.text.slice(0, 300));
    assert.ok(r.articleText.includes(norm(PARAGRAPHS[0])), 'the article is in the automatic reader view');
    await toggleReader(false);
  }));

  it('Declutter in place: clutter hidden on the live page, the article kept', { timeout: STEP }, withLog(async () => {
    assert.ok(coreHas.declutter, 'this build of the core has no declutter() export');
    await openOptions();
    await setModeByClick(SITE, 'declutter');
    await driver.get(pageUrl);
    const d = await waitFor(async () => {
      const x = await run(readDecluttered);
      return x.marker !== null ? x : null;
    }, { timeout: 10_000, message: 'the page to be decluttered' });
    assert.ok(Number(d.marker) > 0, `nothing hidden (${d.marker})`);
    assert.equal(d.hasHost, false, 'Declutter must not open the reader view');
    for (const p of PARAGRAPHS) assert.ok(d.text.includes(norm(p)), `paragraph hidden: ${p.slice(0, 60)}`);
    const shown = CLUTTER.filter((c) => d.text.includes(norm(c)));
    assert.ok(shown.length < CLUTTER.length, `no clutter hidden: ${JSON.stringify(shown)}`);
  }));

  it('custom rules: a hide rule and a keep rule take effect in the reader view', { timeout: STEP }, withLog(async () => {
    await openOptions();
    await setModeByClick(SITE, 'off');
    await setRulesText(RULES);
    assert.deepEqual((await state()).rulesErrors, []);
    await driver.get(pageUrl);
    await toggleReader(true);
    const r = await readerReady();
    assert.equal(r.state, 'ready', r.text.slice(0, 300));
    assert.ok(!r.headings.includes(HIDDEN_HEADING), `the hide rule did not remove the heading: ${JSON.stringify(r.headings)}`);
    assert.ok(r.articleText.includes(norm(KEPT_TEXT)), 'the keep rule did not keep the caption credit');
    await toggleReader(false);
  }));

  it('import: a bad line is reported with its number, the good lines are kept', { timeout: STEP }, withLog(async () => {
    assert.ok(coreHas.parseRules, 'this build of the core has no parseRules() export');
    await openOptions();
    await setRulesText('');
    const file = path.join(scratch.dir, 'import.txt');
    writeFileSync(file, IMPORT_FILE_TEXT);
    await driver.findElement(By.id('import-file')).sendKeys(file);
    const s = await waitFor(async () => {
      const x = await state();
      return x.importErrors.length ? x : null;
    }, { timeout: 10_000, message: 'the import report' });
    assert.deepEqual(s.importErrors.map((e) => e.line), [IMPORT_BAD_LINE], JSON.stringify(s.importErrors));
    const good = IMPORT_FILE_TEXT.split('\n').filter((_, i) => i + 1 !== IMPORT_BAD_LINE).join('\n');
    assert.equal(s.rules, good);
    assert.equal((await ext("return (await browser.storage.local.get('rules')).rules;")), good, 'the good lines are saved');
  }));

  it('export: the rules download as a text file that imports back identically', { timeout: STEP }, withLog(async () => {
    await openOptions();
    const text = RULES + 'example.net##.newsletter\n';
    await setRulesText(text);
    await driver.findElement(By.id('export-rules')).click();
    const file = path.join(downloads, 'folio-rules.txt');
    await waitFor(() => existsSync(file) && readFileSync(file, 'utf8') === text, {
      timeout: 10_000, message: () => `${file} with the rules (${existsSync(file) ? JSON.stringify(readFileSync(file, 'utf8')) : 'missing'})`,
    });
    await setRulesText('');
    await driver.findElement(By.id('import-file')).sendKeys(file);
    await waitFor(async () => (await state()).rules === text, { timeout: 10_000, message: async () => `the import to restore the text: ${JSON.stringify((await state()).rules)}` });
    assert.deepEqual((await state()).importErrors, []);
  }));
});
