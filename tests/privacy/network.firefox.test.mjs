// Privacy, Firefox: a full run of the extension while every network request it makes is
// recorded; none is allowed but the article's own images, loaded by the reader view to show them.
//
// The watcher lives in the browser's parent process (chrome context, through Marionette): an
// observer of "http-on-opening-request" and "http-on-modify-request", which every http(s)
// channel of every process passes through. A channel is the extension's when its loadInfo's
// triggering or loading principal is the extension's (addonId, or a moz-extension://<uuid>
// origin, also inside an expanded principal): the reader view, the options page, the background
// page. A content script's request can carry the page's principal instead, so, as in Chromium,
// every request of the article's tab after the page went quiet and the toolbar was clicked
// counts as the extension's too (the browser's own favicon load excepted). The self-test at the
// end proves each path sees requests. moz-extension:, data: and blob: loads are not http
// channels: they never reach the observer.
import { describe, before, after, it } from 'node:test';
import assert from 'node:assert/strict';

import { By } from 'selenium-webdriver';
import firefox from 'selenium-webdriver/firefox.js';

import { FIXTURES_DIR, requireFixture } from '../harness/paths.mjs';
import { startServer } from '../harness/server.mjs';
import { waitFor } from '../harness/scratch.mjs';
import { FINAL_STATES } from '../harness/expectations.mjs';
import { clickToolbarButton, enterReaderFrame, firefoxConsole, hostPresent, startFirefoxRun, toggleWith } from '../harness/firefox.mjs';
import {
  ARTICLE, ARTICLE_IMAGE, FOUNDING_FIXTURE, FOUNDING_IMAGES, PROBE_PREFIX, SETTLE_MS, STEP,
  assertVerdict, classify, describeRecord, isNetworkUrl, makeArticleSite, report,
} from './lib/common.mjs';

// Runs in the chrome context: installs the observer once per browser window (it keeps its state
// on that window) and returns whether it is there.
const INSTALL = `
  const [addonId, uuid] = arguments;
  if (window.__folioPrivacy) return true;
  const origin = 'moz-extension://' + uuid;
  const types = {};
  for (const k of Object.keys(Ci.nsIContentPolicy)) if (k.startsWith('TYPE_')) types[Ci.nsIContentPolicy[k]] = k.slice(5).toLowerCase();
  const extOf = (p) => {
    try {
      if (!p) return null;
      if (p.addonId === addonId) return p.originNoSuffix || origin;
      if ((p.originNoSuffix || '') === origin) return origin;
      // A content script's expanded principal [page, extension] (its origin spells out both).
      if (p.isExpandedPrincipal && String(p.origin || '').includes(origin)) return 'expanded principal with ' + origin;
    } catch (e) { /* a principal without these attributes */ }
    return null;
  };
  const docOf = (li) => {
    try {
      const bc = li && li.browsingContextID ? BrowsingContext.get(li.browsingContextID) : null;
      return { doc: bc?.currentWindowGlobal?.documentURI?.spec ?? '', top: bc?.top?.currentWindowGlobal?.documentURI?.spec ?? '' };
    } catch (e) {
      return { doc: '', top: '' };
    }
  };
  const state = { records: [], byChannel: new Map(), channels: 0, lastChannelAt: 0, tab: null, pageReferers: 0 };
  state.observer = {
    observe(subject, topic) {
      let ch;
      try { ch = subject.QueryInterface(Ci.nsIHttpChannel); } catch (e) { return; }
      const id = String(ch.channelId);
      let referer = null;
      try { referer = ch.getRequestHeader('Referer'); } catch (e) { /* none */ }
      const known = state.byChannel.get(id);
      if (known) {
        if (referer) known.referer = referer;
        return;
      }
      state.channels++;
      const li = ch.loadInfo;
      const url = ch.URI.spec;
      const by = extOf(li?.triggeringPrincipal) || extOf(li?.loadingPrincipal);
      const { doc, top } = docOf(li);
      if (/^https?:/.test(top)) state.lastChannelAt = Date.now(); // a web page loading (not the browser's own traffic)
      const type = types[li?.externalContentPolicyType] ?? String(li?.externalContentPolicyType);
      const internal = types[li?.internalContentPolicyType] ?? String(li?.internalContentPolicyType);
      const rec = {
        url, by, doc, top, type, internal, topic, referer,
        triggering: li?.triggeringPrincipal?.originNoSuffix ?? null, loading: li?.loadingPrincipal?.originNoSuffix ?? null,
        tab: !by && state.tab && top === state.tab && !/favicon/.test(internal) ? state.tab : null,
      };
      if (!by && top && !top.startsWith(origin) && referer) state.pageReferers++;
      state.byChannel.set(id, rec);
      if (by || rec.tab) state.records.push(rec);
    },
  };
  Services.obs.addObserver(state.observer, 'http-on-opening-request');
  Services.obs.addObserver(state.observer, 'http-on-modify-request');
  window.__folioPrivacy = state;
  return true;`;

const READ = `const s = window.__folioPrivacy;
  if (!s) throw new Error('the privacy observer is not installed');
  return { records: s.records.map((r) => ({ ...r })), channels: s.channels, lastChannelAt: s.lastChannelAt, now: Date.now(), pageReferers: s.pageReferers };`;
const SET_TAB = `window.__folioPrivacy.tab = arguments[0]; return true;`;
const REMOVE = `const s = window.__folioPrivacy;
  if (s) { Services.obs.removeObserver(s.observer, 'http-on-opening-request'); Services.obs.removeObserver(s.observer, 'http-on-modify-request'); delete window.__folioPrivacy; }
  return true;`;
// Reloads the add-on (as about:debugging's Reload does) and resolves once it runs again, so that
// its install and start-up happen under the observer's watch.
const RELOAD = `const [addonId] = arguments;
  const { AddonManager } = ChromeUtils.importESModule('resource://gre/modules/AddonManager.sys.mjs');
  const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
  const before = ExtensionParent.GlobalManager.getExtension(addonId);
  return AddonManager.getAddonByID(addonId).then((addon) => addon.reload()).then(() => {
    const now = ExtensionParent.GlobalManager.getExtension(addonId);
    return !!now && now !== before;
  });`;
// A fetch() with the extension's own principal (what its background page has), from a sandbox.
const SANDBOX_FETCH = `const [addonId, url] = arguments;
  const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
  const extension = ExtensionParent.GlobalManager.getExtension(addonId);
  const sb = Cu.Sandbox(extension.principal, { wantGlobalProperties: ['fetch'] });
  return sb.fetch(url).then((r) => r.status, (e) => String(e));`;

describe('Firefox: the extension makes no network request of its own', () => {
  let site, ffRun, siteServer, fixtures, ff, driver, ext, articleHandle, optionsHandle;
  let phase = 'start';
  const phases = []; // [index into the observer's records where a phase begins, phase]

  async function inChrome(script, ...args) {
    await driver.setContext(firefox.Context.CHROME);
    try {
      return await driver.executeScript(script, ...args);
    } finally {
      await driver.setContext(firefox.Context.CONTENT);
    }
  }
  const readObserver = () => inChrome(READ);
  async function setPhase(p) {
    phase = p;
    phases.push([(await readObserver()).records.length, p]);
  }
  const phaseAt = (i) => phases.filter(([at]) => at <= i).at(-1)?.[1] ?? 'start';

  const withLog = (fn) => async () => {
    try {
      await fn();
    } catch (err) {
      err.message += `\n(phase: ${phase})`;
      const lines = firefoxConsole(ff.logFile);
      if (lines.length) err.message += `\nFirefox console (last 30):\n${lines.slice(-30).join('\n')}`;
      throw err;
    } finally {
      await driver?.switchTo().defaultContent().catch(() => {});
    }
  };
  const click = async (css) => (await driver.findElement(By.css(css))).click();
  const run = (script, ...args) => driver.executeScript(script, ...args);

  /** The observer's records as the verdict's records. */
  function toRecords(raw) {
    return raw.map((r, i) => ({
      watcher: r.tab ? 'tab after the toolbar click' : 'extension principal',
      url: r.url,
      source: r.tab ? `a content script? (a request of the tab ${r.tab} after the toolbar click; triggering ${r.triggering})` : (r.doc || `${r.by} (no document)`),
      type: r.type, internal: r.internal, referer: r.referer, phase: phaseAt(i), by: r.by,
    })).filter((r) => isNetworkUrl(r.url));
  }

  /** Loads `url` in the article's tab, waits until nothing loads any more, then arms the tab watcher. */
  async function loadQuietly(url) {
    await inChrome(SET_TAB, null);
    await driver.get(url);
    await waitFor(async () => { const s = await readObserver(); return s.now - s.lastChannelAt > 1_500; },
      { timeout: 30_000, interval: 250, message: `the page ${url} to stop loading` });
    await inChrome(SET_TAB, await run('return location.href;'));
  }

  async function openReader(url) {
    await driver.switchTo().defaultContent();
    if (await hostPresent(driver)) await toggleWith(driver, () => clickToolbarButton(ff), false);
    await loadQuietly(url);
    await toggleWith(driver, () => clickToolbarButton(ff), true);
    await enterReaderFrame(driver);
    let st;
    await waitFor(async () => FINAL_STATES.includes((st = await run('return document.documentElement.dataset.state;').catch(() => null))),
      { timeout: 45_000, message: () => `the reader to reach a final state (last: ${st})` });
    assert.equal(st, 'ready', `the reader view on ${url} ended in state ${st}`);
  }

  /** In the reader frame: scrolls to the end (lazy images load as a reader reads), returns the article's images. */
  async function readAllImages() {
    await run(`return (async () => {
      for (let y = 0; y <= document.documentElement.scrollHeight; y += 400) { window.scrollTo(0, y); await new Promise((r) => setTimeout(r, 50)); }
    })();`);
    await waitFor(() => run('return [...document.images].every((i) => i.complete);'), { timeout: 20_000, message: 'the reader view\'s images to load' });
    return run("return [...document.querySelectorAll('#folio-article img')].map((i) => ({ src: i.currentSrc || i.src, referrerPolicy: i.referrerPolicy }));");
  }

  before(async () => {
    requireFixture();
    site = makeArticleSite();
    fixtures = await startServer({ root: FIXTURES_DIR });
    ffRun = await startFirefoxRun('pf', { root: site.root });
    ({ server: siteServer, ff } = ffRun);
    driver = ff.driver;
    ext = `moz-extension://${ff.uuid}/`;
    assert.equal(await inChrome(INSTALL, ff.addonId, ff.uuid), true, 'installing the request observer');
    articleHandle = await driver.getWindowHandle();
    // The add-on was installed before the observer: reload it, so that its install and start-up
    // (runtime.onInstalled: settings migration, content-script registration) run under watch.
    await setPhase('extension start-up (add-on reload)');
    assert.equal(await inChrome(RELOAD, ff.addonId), true, 'reloading the add-on');
    await new Promise((r) => setTimeout(r, SETTLE_MS));
  }, { timeout: STEP });

  after(async () => {
    if (driver) await inChrome(REMOVE).catch(() => {});
    await ffRun?.close();
    await fixtures?.close();
    site?.cleanup();
  }, { timeout: STEP });

  it('a full run (start-up, reader view, its settings and site panel, options page, founding example) makes no request but the article images', { timeout: 4 * STEP }, withLog(async () => {
    // 1. A generated article: open by a real toolbar click, change the theme, look at the site panel.
    await setPhase('reader view on the generated article');
    await openReader(siteServer.url(ARTICLE));
    await click('#folio-settings-toggle');
    await click('#folio-settings input[name="theme"][value="sepia"] + span');
    await waitFor(() => run("return document.documentElement.dataset.theme === 'sepia';"), { timeout: 5_000, message: 'the sepia theme' });
    await waitFor(() => run('return !!document.querySelector(\'#folio-site-mode fieldset input[value="off"]:checked\');'), { timeout: 10_000, message: 'the site panel (mode Off)' });
    const articleImages = await readAllImages();
    assert.deepEqual(articleImages.map((i) => i.src), [siteServer.url(ARTICLE_IMAGE)], 'the reader view shows the article\'s one image');
    assert.ok(articleImages.every((i) => i.referrerPolicy === 'no-referrer'), `reader images without referrerpolicy=no-referrer: ${JSON.stringify(articleImages)}`);

    // 2. The options page, from the site panel's button (the background opens it: Firefox gives
    // the framed reader view no runtime.openOptionsPage); save a rule.
    await setPhase('options page');
    const before = new Set(await driver.getAllWindowHandles());
    await click('.folio-site-options');
    optionsHandle = await waitFor(async () => (await driver.getAllWindowHandles()).find((h) => !before.has(h)),
      { timeout: 15_000, message: 'the site panel\'s options button to open a tab' });
    await driver.switchTo().window(optionsHandle);
    await waitFor(async () => (await run('return location.href;')).startsWith(`${ext}options/`), { timeout: 15_000, message: 'the options page' });
    await waitFor(() => run('return document.documentElement.dataset.ready;'), { timeout: 15_000, message: 'the options page to be ready' });
    assert.equal(await run('return document.documentElement.dataset.ready;'), 'true', 'the options page failed to start');
    await (await driver.findElement(By.id('rules'))).sendKeys('example.org##.newsletter\n');
    await click('#save-rules');
    await waitFor(() => run("return document.getElementById('rules-status-text').textContent.trim();"), { timeout: 10_000, message: 'the rules to be saved' });

    // 3. Back to the article: close the reader with the toolbar button.
    await setPhase('closing the reader view');
    await driver.switchTo().window(articleHandle);
    await toggleWith(driver, () => clickToolbarButton(ff), false);

    // 4. The founding example: open, read to the end, open Details, close with the view's own button.
    await setPhase('reader view on the founding example');
    await openReader(fixtures.url(FOUNDING_FIXTURE));
    await click('#folio-removed > summary');
    assert.ok(await run("return document.getElementById('folio-removed').open;"), 'Details did not open');
    const foundingImages = await readAllImages();
    const expectedFounding = FOUNDING_IMAGES.map((p) => fixtures.url(p));
    assert.deepEqual(foundingImages.map((i) => i.src).sort(), [...expectedFounding].sort(), 'the reader view shows the founding example\'s figures');
    await click('#folio-close');
    await driver.switchTo().defaultContent();
    await waitFor(async () => !(await hostPresent(driver)), { timeout: 10_000, message: 'the close button to remove the reader view' });

    await setPhase('after the run (settling)');
    await new Promise((r) => setTimeout(r, SETTLE_MS));

    // Verdict.
    const observed = await readObserver();
    const records = toRecords(observed.records);
    const allowedUrls = [siteServer.url(ARTICLE_IMAGE), ...expectedFounding];
    const verdict = classify(records, allowedUrls, [`${ext}reader/reader.html`]);
    console.log(report('firefox', verdict, allowedUrls));
    console.log(`  observer: ${observed.channels} http(s) channels in all, ${records.length} the extension's ` +
      `(${records.filter((r) => r.watcher === 'tab after the toolbar click').length} of the article's tab after a toolbar click)`);
    assertVerdict('firefox', verdict, allowedUrls);
    assert.ok(observed.pageReferers > 0, 'no request of the pages themselves showed a Referer header: the Referer check below would be blind');
    assert.deepEqual(verdict.allowed.filter((r) => r.referer).map((r) => `${describeRecord(r)} Referer: ${r.referer}`), [],
      'the reader view sent a Referer with the article\'s images');
  }));

  it('the watcher is not blind: requests made from the reader view, the options page, the extension\'s principal and the article\'s tab are seen', { timeout: 2 * STEP }, withLog(async () => {
    await setPhase('self-test');
    const probe = (name) => siteServer.url(`${PROBE_PREFIX}${name}`);
    const expectSeen = async (url, what, check = () => true) => {
      const r = await waitFor(async () => toRecords((await readObserver()).records).find((x) => x.url === url),
        { timeout: 15_000, message: `the observer to see ${what} (${url})` });
      assert.ok(check(r), `${what}: recorded as ${describeRecord(r)}`);
      return r;
    };
    const fetchHere = (url) => run('return fetch(arguments[0], { cache: "no-store" }).then((r) => r.status, (e) => String(e));', url);

    // The reader view: a fetch() and an image, like the article's.
    await driver.switchTo().window(articleHandle);
    await openReader(siteServer.url(ARTICLE));
    await fetchHere(probe('reader-fetch'));
    await run('const i = new Image(); i.src = arguments[0]; document.body.append(i);', probe('reader-image.png'));
    await expectSeen(probe('reader-fetch'), 'a fetch() from the reader view', (r) => r.source.startsWith(`${ext}reader/reader.html`));
    await expectSeen(probe('reader-image.png'), 'an image loaded by the reader view', (r) => r.source.startsWith(`${ext}reader/reader.html`) && r.type === 'image');

    // The article's tab after the toolbar click (what a content script's request looks like when it
    // carries the page's principal): an image the top document loads.
    await driver.switchTo().defaultContent();
    await run('const i = new Image(); i.src = arguments[0];', probe('tab-image.png'));
    await expectSeen(probe('tab-image.png'), 'an image loaded in the article\'s tab after the toolbar click', (r) => r.watcher === 'tab after the toolbar click');

    // The options page.
    if (optionsHandle && (await driver.getAllWindowHandles()).includes(optionsHandle)) {
      await driver.switchTo().window(optionsHandle);
    } else {
      await driver.switchTo().newWindow('tab');
      await driver.get(`${ext}options/options.html`);
    }
    await fetchHere(probe('options'));
    await expectSeen(probe('options'), 'a fetch() from the options page', (r) => r.source.startsWith(`${ext}options/`));

    // The extension's principal without a document (as the background page's requests carry it).
    await inChrome(SANDBOX_FETCH, ff.addonId, probe('extension-principal'));
    await expectSeen(probe('extension-principal'), 'a fetch() with the extension\'s principal', (r) => r.by);

    const probes = toRecords((await readObserver()).records).filter((x) => x.url.includes(PROBE_PREFIX));
    const { allowed } = classify(probes, [], [`${ext}reader/reader.html`]);
    assert.deepEqual(allowed, [], 'the verdict would allow a probe');
    console.log(`watcher self-test (firefox): ${probes.length} probes seen: ` +
      probes.map((x) => `${x.url.slice(x.url.indexOf(PROBE_PREFIX) + PROBE_PREFIX.length)} (${x.type}, ${x.watcher}: ${x.by ?? 'tab'})`).join(', '));
  }));
});
