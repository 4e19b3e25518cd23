// Privacy, Chromium: a full run of the extension while every network request it makes is
// recorded; none is allowed but the article's own images, loaded by the reader view to show them.
//
// Three watchers, each proven not blind by the self-test at the end of this file:
//  - Playwright's context "request" event: every page, every frame (the reader view is an
//    out-of-process iframe inside the article's tab) and the service worker (Playwright 1.65
//    reports service-worker requests). A request belongs to the extension when it comes from
//    a chrome-extension://<id>/ frame or worker.
//  - CDP on the browser session: Target.setDiscoverTargets, then Target.attachToTarget on every
//    target whose URL is the extension's (service worker, reader iframe, options page), with
//    Network.enable through Target.sendMessageToTarget (Playwright's CDPSession cannot address
//    flattened child sessions). Independent of Playwright's bookkeeping, but blind to what a
//    target does before it is attached: it corroborates.
//  - CDP on the article's tab, for content scripts: a request whose initiator stack runs through
//    the extension's code, and every request of the tab once the page has gone quiet and the
//    toolbar was clicked (an Image's load has no stack), the browser's favicon load excepted.
// Extension files (chrome-extension://), data: and blob: URLs are not network and are ignored.
import { describe, before, after, it } from 'node:test';
import assert from 'node:assert/strict';

import { CHROME_EXT_DIR, FIXTURES_DIR, requireFixture } from '../harness/paths.mjs';
import { startServer } from '../harness/server.mjs';
import { waitFor, withTimeout } from '../harness/scratch.mjs';
import { FINAL_STATES } from '../harness/expectations.mjs';
import { hostPresent, startChromiumRun, toggleByToolbar } from '../harness/chromium.mjs';
import {
  ARTICLE, ARTICLE_IMAGE, FOUNDING_FIXTURE, FOUNDING_IMAGES, PROBE_PREFIX, SETTLE_MS, STEP,
  assertVerdict, classify, describeRecord, isNetworkUrl, makeArticleSite, report,
} from './lib/common.mjs';

const EXT_HOST = /^chrome-extension:\/\/([a-p]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\//;
const WATCHED_TARGET_TYPES = new Set(['service_worker', 'page', 'iframe']);

describe('Chromium: the extension makes no network request of its own', () => {
  let site, run, siteServer, fixtures, b, ext;
  let phase = 'start';
  const records = []; // {watcher, url, source, type, phase, referer}
  const log = [];
  const extTargets = new Map(); // targetId -> {type, url, sessionId}
  const cdpSessions = new Map(); // sessionId -> target info
  const contentScriptEvidence = new Set(); // extension script URLs seen in the tab's initiator stacks
  let options; // the options page
  let nextId = 1;
  let pageSentReferer = false; // a page's own subresource request carried a Referer (so its absence below means something)

  const isExt = (u) => EXT_HOST.test(u ?? '');
  const withLog = (fn) => async () => {
    try {
      await fn();
    } catch (err) {
      err.message += `\n(phase: ${phase})`;
      if (log.length) err.message += `\nbrowser console (last 30):\n${log.slice(-30).join('\n')}`;
      throw err;
    }
  };
  const watchConsole = (p, name) => {
    p.on('console', (m) => log.push(`[${name} ${m.type()}] ${m.text()}`));
    p.on('pageerror', (e) => log.push(`[${name} error] ${e.message}`));
  };

  // ---- watcher 1: Playwright --------------------------------------------------------------
  function sourceOf(req) {
    const sw = req.serviceWorker();
    if (sw) return sw.url();
    let f;
    try {
      f = req.frame();
    } catch {
      return '';
    }
    // A frame that has not committed yet (or about:blank) belongs to its parent.
    while (f && (!f.url() || f.url().startsWith('about:')) && f.parentFrame()) f = f.parentFrame();
    return f?.url() ?? '';
  }
  function onPlaywrightRequest(req) {
    const url = req.url();
    if (!isNetworkUrl(url)) return;
    const source = sourceOf(req);
    if (!isExt(source)) {
      // The page's own request (content scripts: watcher 3). Its Referer proves the header is visible here.
      if (req.headers().referer) pageSentReferer = true;
      return;
    }
    records.push({ watcher: 'playwright', url, source, type: req.resourceType(), phase, referer: req.headers().referer ?? null });
  }

  // ---- watcher 2: CDP sessions on the extension's targets -----------------------------------
  function sendTo(sessionId, method, params = {}) {
    return b.cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: nextId++, method, params }) });
  }
  async function maybeAttach(t) {
    const known = extTargets.get(t.targetId);
    if (known) {
      if (isExt(t.url)) known.url = t.url;
      return;
    }
    if (!isExt(t.url)) return;
    const info = { type: t.type, url: t.url, sessionId: null };
    extTargets.set(t.targetId, info);
    try {
      const { sessionId } = await b.cdp.send('Target.attachToTarget', { targetId: t.targetId, flatten: false });
      info.sessionId = sessionId;
      cdpSessions.set(sessionId, info);
      await sendTo(sessionId, 'Network.enable');
    } catch (e) {
      log.push(`[harness] CDP could not attach to ${t.type} ${t.url}: ${e.message}`);
    }
  }
  function onTargetMessage({ sessionId, message }) {
    const info = cdpSessions.get(sessionId);
    if (!info) return;
    let m;
    try {
      m = JSON.parse(message);
    } catch {
      return;
    }
    if (m.method === 'Network.requestWillBeSent') {
      const url = m.params.request.url;
      if (isNetworkUrl(url)) records.push({ watcher: 'cdp-target', url, source: info.url, type: m.params.type ?? null, phase });
    } else if (m.method === 'Network.webSocketCreated') {
      records.push({ watcher: 'cdp-target', url: m.params.url, source: info.url, type: 'WebSocket', phase });
    }
  }

  // ---- watcher 3: CDP on the article's tab: requests of content scripts ----------------------
  // A content script's request is the tab's request. Its initiator stack names the script when
  // the request is made synchronously (fetch), but not always (an Image's load starts later, with
  // initiator "other"). So, once the page has loaded and gone quiet and the toolbar was clicked,
  // every request of the tab counts as the extension's, but the browser's own favicon load.
  let tabActing = false; // set after the page went quiet, right before the toolbar click
  let tabLastRequest = 0;
  let tabIcons = new Set();
  function extensionFrameOf(initiator) {
    for (let st = initiator?.stack; st; st = st.parent) {
      const f = st.callFrames?.find((c) => isExt(c.url));
      if (f) return f.url;
    }
    return isExt(initiator?.url) ? initiator.url : null;
  }
  async function watchTab(page) {
    const s = await b.context.newCDPSession(page);
    s.on('Network.requestWillBeSent', (e) => {
      tabLastRequest = Date.now();
      const url = e.request.url;
      const by = extensionFrameOf(e.initiator);
      if (by) contentScriptEvidence.add(by.replace(/[?#].*$/, ''));
      if (!isNetworkUrl(url)) return;
      const browsersOwn = e.type === 'Other' && e.initiator?.type === 'other' && tabIcons.has(url.replace(/#.*$/, ''));
      if (by || (tabActing && !browsersOwn)) {
        records.push({ watcher: 'cdp-tab', url, source: by ?? `a content script? (a request of the tab ${e.documentURL} after the toolbar click)`, type: e.type ?? null, phase });
      }
    });
    await s.send('Network.enable');
    return s;
  }
  /** Navigates the article's tab, then waits until the page has stopped loading anything. */
  async function loadQuietly(url) {
    tabActing = false;
    await b.page.goto(url, { waitUntil: 'load' });
    tabIcons = new Set(await b.page.evaluate(() => [new URL('/favicon.ico', location.href).href,
      ...[...document.querySelectorAll('link[rel~="icon" i]')].map((l) => l.href)]));
    await waitFor(() => Date.now() - tabLastRequest > 1_500, { timeout: 30_000, interval: 250, message: `the page ${url} to stop loading` });
    tabActing = true;
  }

  // ---- the run ------------------------------------------------------------------------------
  const readerFrame = () => b.page.frames().find((f) => isExt(f.url()) && new URL(f.url()).pathname === '/reader/reader.html');

  async function openReader(url) {
    if (await hostPresent(b.page)) await toggleByToolbar(b, false, (m) => log.push(m));
    await loadQuietly(url);
    await toggleByToolbar(b, true, (m) => log.push(m));
    const f = await waitFor(readerFrame, { timeout: 15_000, message: 'the reader frame' });
    let st;
    await waitFor(async () => FINAL_STATES.includes((st = await f.evaluate(() => document.documentElement.dataset.state).catch(() => null))),
      { timeout: 45_000, message: () => `the reader to reach a final state (last: ${st})` });
    assert.equal(st, 'ready', `the reader view on ${url} ended in state ${st}`);
    return f;
  }

  /** Scrolls the reader to the end (lazy images load as a reader reads) and returns its images' URLs. */
  async function readAllImages(f) {
    await f.evaluate(async () => {
      for (let y = 0; y <= document.documentElement.scrollHeight; y += 400) {
        window.scrollTo(0, y);
        await new Promise((r) => setTimeout(r, 50));
      }
    });
    await waitFor(() => f.evaluate(() => [...document.images].every((i) => i.complete)), { timeout: 20_000, message: 'the reader view\'s images to load' });
    return f.evaluate(() => [...document.querySelectorAll('#folio-article img')].map((i) => ({ src: i.currentSrc || i.src, referrerPolicy: i.referrerPolicy })));
  }

  before(async () => {
    requireFixture();
    site = makeArticleSite();
    fixtures = await startServer({ root: FIXTURES_DIR });
    run = await startChromiumRun('pc', { root: site.root });
    ({ server: siteServer, b } = run);
    ext = `chrome-extension://${b.extensionId}/`;
    watchConsole(b.page, 'page');
    b.context.on('request', onPlaywrightRequest);
    b.cdp.on('Target.receivedMessageFromTarget', onTargetMessage);
    b.cdp.on('Target.targetCreated', ({ targetInfo }) => maybeAttach(targetInfo));
    b.cdp.on('Target.targetInfoChanged', ({ targetInfo }) => maybeAttach(targetInfo));
    await b.cdp.send('Target.setDiscoverTargets', { discover: true });
    for (const t of (await b.cdp.send('Target.getTargets')).targetInfos) await maybeAttach(t);
    await watchTab(b.page);
    // The extension started with the browser, before the watchers: load it again now (CDP
    // Extensions.loadUnpacked on the same folder: the same id, a new service worker), so that its
    // install and start-up (runtime.onInstalled: settings migration, content-script registration)
    // run under watch. (runtime.reload() leaves a --load-extension extension unloaded.)
    phase = 'extension start-up (loaded again)';
    const old = b.worker;
    const { id } = await b.cdp.send('Extensions.loadUnpacked', { path: CHROME_EXT_DIR });
    assert.equal(id, b.extensionId, 'loading the extension again gave it another id');
    // The new service worker: the newest one (not the old) that answers.
    b.worker = await waitFor(async () => {
      for (const w of b.context.serviceWorkers().filter((x) => x !== old && x.url().startsWith(ext)).reverse()) {
        if ((await withTimeout(w.evaluate(() => chrome.runtime.id), 5_000, 'asking a service worker').catch(() => null)) === b.extensionId) return w;
      }
      return null;
    }, { timeout: 45_000, interval: 250, message: 'the service worker of the extension loaded again' });
    b.worker.on('console', (m) => log.push(`[service worker ${m.type()}] ${m.text()}`));
    await new Promise((r) => setTimeout(r, SETTLE_MS));
  }, { timeout: STEP });

  after(async () => {
    await run?.close();
    await fixtures?.close();
    site?.cleanup();
  }, { timeout: STEP });

  it('a full run (start-up, reader view, its settings and site panel, options page, founding example) makes no request but the article images', { timeout: 4 * STEP }, withLog(async () => {
    // 1. A generated article: open by a real toolbar click, change the theme, look at the site panel.
    phase = 'reader view on the generated article';
    const articleUrl = siteServer.url(ARTICLE);
    let f = await openReader(articleUrl);
    await f.click('#folio-settings-toggle');
    await f.click('#folio-settings label:has(> input[name="theme"][value="sepia"])');
    await waitFor(() => f.evaluate(() => document.documentElement.dataset.theme === 'sepia'), { timeout: 5_000, message: 'the sepia theme' });
    await waitFor(() => f.evaluate(() => !!document.querySelector('#folio-site-mode fieldset input[value="off"]:checked')), { timeout: 10_000, message: 'the site panel (mode Off)' });
    const articleImages = await readAllImages(f);
    assert.deepEqual(articleImages.map((i) => i.src), [siteServer.url(ARTICLE_IMAGE)], 'the reader view shows the article\'s one image');
    assert.ok(articleImages.every((i) => i.referrerPolicy === 'no-referrer'), `reader images without referrerpolicy=no-referrer: ${JSON.stringify(articleImages)}`);

    // 2. The options page, from the site panel's button (runtime.openOptionsPage); save a rule.
    phase = 'options page';
    const opened = b.context.waitForEvent('page', { predicate: (p) => p.url().startsWith(`${ext}options/`), timeout: 15_000 });
    await f.click('.folio-site-options');
    options = await opened;
    watchConsole(options, 'options');
    await waitFor(() => options.evaluate(() => document.documentElement.dataset.ready).catch(() => null), { timeout: 15_000, message: 'the options page to be ready' });
    assert.equal(await options.evaluate(() => document.documentElement.dataset.ready), 'true', 'the options page failed to start');
    await options.fill('#rules', 'example.org##.newsletter\n');
    await options.click('#save-rules');
    await waitFor(() => options.evaluate(() => document.getElementById('rules-status-text').textContent.trim()), { timeout: 10_000, message: 'the rules to be saved' });

    // 3. Back to the article: close the reader with the toolbar button.
    phase = 'closing the reader view';
    await b.page.bringToFront();
    await toggleByToolbar(b, false, (m) => log.push(m));

    // 4. The founding example: open, read to the end, open Details, close with the view's own button.
    phase = 'reader view on the founding example';
    const foundingUrl = fixtures.url(FOUNDING_FIXTURE);
    f = await openReader(foundingUrl);
    await f.click('#folio-removed > summary');
    assert.ok(await f.evaluate(() => document.getElementById('folio-removed').open), 'Details did not open');
    const foundingImages = await readAllImages(f);
    const expectedFounding = FOUNDING_IMAGES.map((p) => fixtures.url(p));
    assert.deepEqual(foundingImages.map((i) => i.src).sort(), [...expectedFounding].sort(), 'the reader view shows the founding example\'s figures');
    await f.click('#folio-close');
    await waitFor(async () => !(await hostPresent(b.page)), { timeout: 10_000, message: 'the close button to remove the reader view' });

    phase = 'after the run (settling)';
    await new Promise((r) => setTimeout(r, SETTLE_MS));

    // Verdict.
    const allowedUrls = [siteServer.url(ARTICLE_IMAGE), ...expectedFounding];
    const readerPrefixes = [`${ext}reader/reader.html`];
    // Playwright (extension frames and worker) and the tab watcher (content scripts) see disjoint
    // sets of requests; the CDP target watcher sees the extension's targets again, once attached:
    // its findings count only where Playwright missed them.
    const primary = records.filter((r) => r.watcher !== 'cdp-target');
    const verdict = classify(primary, allowedUrls, readerPrefixes);
    const second = classify(records.filter((r) => r.watcher === 'cdp-target'), allowedUrls, readerPrefixes);
    verdict.forbidden.push(...second.forbidden.filter((r) => !primary.some((p) => p.url === r.url && p.phase === r.phase)));
    console.log(report('chromium', verdict, allowedUrls));
    console.log(`  by watcher: Playwright ${records.filter((r) => r.watcher === 'playwright').length}, ` +
      `CDP on the extension's targets ${records.filter((r) => r.watcher === 'cdp-target').length} (the same requests, once attached), ` +
      `the article's tab after a toolbar click (content scripts) ${records.filter((r) => r.watcher === 'cdp-tab').length}`);
    console.log(`  extension targets watched: ${[...extTargets.values()].map((t) => `${t.type} ${t.url.replace(/\?.*$/, '')}${t.sessionId ? '' : ' (NOT ATTACHED)'}`).join(', ')}`);
    assertVerdict('chromium', verdict, allowedUrls);
    const withReferer = verdict.allowed.filter((r) => r.referer);
    assert.ok(pageSentReferer, 'no request of the pages themselves showed a Referer header: the Referer check below would be blind');
    assert.deepEqual(withReferer.map(describeRecord), [], 'the reader view sent a Referer with the article\'s images');
    const odd = [...extTargets.values()].filter((t) => !WATCHED_TARGET_TYPES.has(t.type));
    assert.deepEqual(odd.map((t) => `${t.type} ${t.url}`), [], 'an extension target of a kind the watchers are not proven on (extend the self-test)');
    for (const kind of ['service_worker', 'iframe', 'page']) {
      assert.ok([...extTargets.values()].some((t) => t.type === kind && t.sessionId), `CDP never attached to an extension ${kind} target`);
    }
  }));

  it('the watchers are not blind: requests made from the service worker, the reader view, the options page and a content script are seen', { timeout: 2 * STEP }, withLog(async () => {
    phase = 'self-test';
    const probe = (name) => siteServer.url(`${PROBE_PREFIX}${name}`);
    const seen = (url, watcher) => records.some((r) => r.url === url && r.watcher === watcher);
    const expectSeen = async (url, watchers, what) => {
      for (const w of watchers) {
        await waitFor(() => seen(url, w), { timeout: 15_000, message: `watcher ${w} to see ${what} (${url})` });
      }
    };
    const fetchIn = (target, url) => target.evaluate((u) => fetch(u, { cache: 'no-store' }).then((r) => r.status, (e) => String(e)), url);

    // The service worker (the extension's background).
    await fetchIn(b.worker, probe('service-worker'));
    await expectSeen(probe('service-worker'), ['playwright', 'cdp-target'], 'a fetch() from the service worker');

    // The reader view: a fetch() and an image, like the article's.
    const f = await openReader(siteServer.url(ARTICLE));
    await waitFor(() => [...extTargets.values()].some((t) => t.type === 'iframe' && t.sessionId && t.url === f.url()),
      { timeout: 15_000, message: 'CDP to attach to the reader view\'s target' });
    await fetchIn(f, probe('reader-fetch'));
    await f.evaluate((u) => { const i = new Image(); i.src = u; document.body.append(i); }, probe('reader-image.png'));
    await expectSeen(probe('reader-fetch'), ['playwright', 'cdp-target'], 'a fetch() from the reader view');
    await expectSeen(probe('reader-image.png'), ['playwright', 'cdp-target'], 'an image loaded by the reader view');

    // The options page.
    if (!options || options.isClosed()) {
      options = await b.context.newPage();
      await options.goto(`${ext}options/options.html`);
    }
    await fetchIn(options, probe('options'));
    await expectSeen(probe('options'), ['playwright', 'cdp-target'], 'a fetch() from the options page');

    // A content script: code running in the extension's isolated world of the article's tab
    // (opened above by a toolbar click), once with a fetch() and once with an Image, whose load
    // has no script in its initiator.
    await b.page.bringToFront();
    const s = await b.context.newCDPSession(b.page);
    const contexts = [];
    s.on('Runtime.executionContextCreated', (e) => contexts.push(e.context));
    await s.send('Runtime.enable');
    const world = await waitFor(() => contexts.find((c) => c.origin === ext.slice(0, -1) && c.auxData?.type === 'isolated'),
      { timeout: 10_000, message: 'the extension\'s content-script world in the article\'s tab' });
    const url = probe('content-script');
    const imageUrl = probe('content-script-image.png');
    const r = await s.send('Runtime.evaluate', {
      contextId: world.id, awaitPromise: true,
      expression: `new Image().src = ${JSON.stringify(imageUrl)}; fetch(${JSON.stringify(url)}).then((r) => r.status, (e) => String(e))`,
    });
    assert.ok(!r.exceptionDetails, `the probe failed in the content-script world: ${JSON.stringify(r.exceptionDetails)}`);
    await expectSeen(url, ['cdp-tab'], 'a fetch() from a content script');
    await expectSeen(imageUrl, ['cdp-tab'], 'an Image loaded by a content script');
    await s.detach().catch(() => {});
    assert.ok(contentScriptEvidence.has(`${ext}content/content.js`),
      `the tab watcher never attributed a request to content/content.js (it creates the reader frame); saw: ${JSON.stringify([...contentScriptEvidence])}`);

    // Each probe is a forbidden request by the verdict's rules.
    const probes = records.filter((x) => x.url.includes(PROBE_PREFIX));
    const { allowed } = classify(probes, [], [`${ext}reader/reader.html`]);
    assert.deepEqual(allowed, [], 'the verdict would allow a probe');
    console.log(`watcher self-test (chromium): ${new Set(probes.map((x) => x.url)).size} probes, seen ${probes.length} times: ` +
      [...new Set(probes.map((x) => `${x.url.slice(x.url.indexOf(PROBE_PREFIX) + PROBE_PREFIX.length)} by ${x.watcher}`))].join(', '));
  }));
});
