// One browser session per browser, through the harness launchers (tests/harness/): open a page
// (at its own URL, answered by the session, or from 127.0.0.1), click the toolbar button for real,
// wait for the reader frame's final state and read the article back from the view (metrics.mjs
// readReaderView). Offline: the page's own host answers 404 for anything but the page, every other
// host fails at once (Chromium: CDP Fetch and host resolver rules; Firefox: page-proxy.mjs).
// Every wait is on a condition, each with a bound; read() never hangs (run.mjs also bounds it).
import { makeScratch, waitFor, withTimeout } from '../../tests/harness/scratch.mjs';
import { clickToolbarButton as chromiumClick, hostPresent as chromiumHost, launchChromium, stopChromium } from '../../tests/harness/chromium.mjs';
import {
  clickToolbarButton as firefoxClick, enterReaderFrame, hostPresent as firefoxHost, inChrome, launchFirefox, stopFirefox,
} from '../../tests/harness/firefox.mjs';
import { CHROMIUM_OFFLINE_ARGS, firefoxOfflinePrefs } from '../../tests/harness/offline.mjs';
import { FINAL_STATES, READER_URL_RE, asScript } from '../../tests/harness/expectations.mjs';
import { readReaderView } from './metrics.mjs';
import { pageKey } from './page-proxy.mjs';

/** Bounds of one page's steps (ms). */
export const BOUNDS = {
  load: 20_000, // the page's load event; past it the click goes ahead on what has loaded
  click: 10_000, // toolbar click -> div#folio-reader-host (then click again, 3 clicks at most)
  frame: 10_000, // host -> the reader frame
  state: 45_000, // reader frame -> data-state ready / no-article / error
};
const POLL = 40;

/** Clicks the toolbar button until the view is gone (three clicks at most). */
async function closeByToolbar(click, hostPresent) {
  for (let clicks = 1; ; clicks++) {
    await click();
    const closed = await waitFor(async () => !(await hostPresent()), { timeout: BOUNDS.click, interval: POLL }).catch(() => false);
    if (closed) return;
    if (clicks >= 3) throw new PageError(`${clicks} toolbar clicks did not close the view`);
  }
}

/** The view is final (and, from a build that keeps a timeline, painted). */
const settled = (r) => FINAL_STATES.includes(r?.state) && (!r.timings || r.timings.painted != null);

/**
 * A page that tries to leave stays (see Session), but the try itself stops what the page was
 * loading, the view's frame included (Firefox: "NetworkError when attempting to fetch
 * resource", or a frame left at about:blank). When the view then ends in an error or never
 * ends, it is closed and opened once more.
 */
const triedToLeave = (note) => note.startsWith('stayed: ');
const REOPENED = 'reopened: the view ended in an error after the page tried to leave';

/** A page-level failure (not the harness's): the row says why. */
export class PageError extends Error {}

const sameHost = (a, b) => {
  try {
    return new URL(a).host === new URL(b).host;
  } catch {
    return false;
  }
};
/** What the page's own host answers for anything but the page (both browsers). */
const NOT_FOUND_HEADERS = [{ name: 'Content-Type', value: 'text/plain' }, { name: 'Cache-Control', value: 'no-store' }];

const sameUrl = (a, b) => {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return a === b;
  }
};

class Session {
  /**
   * `stay`: a top-level navigation of the page to any other address is cancelled and the page
   * stays (offline, such a navigation is an ad-block wall's or a redirect that the live site
   * would not make); false: it is followed, and the row is "navigated itself away".
   */
  constructor(name, { stay = true } = {}) {
    this.name = name;
    this.stay = stay;
    this.pages = 0;
  }
  now() {
    return performance.now();
  }
}

export class ChromiumSession extends Session {
  constructor({ stay } = {}) {
    super('chromium', { stay });
  }

  async start() {
    this.scratch = makeScratch('qc'); // short: Chromium's singleton socket path (under TMPDIR) has at most 107 bytes
    try {
      this.b = await withTimeout(launchChromium(this.scratch, {
        // Offline but for 127.0.0.1, whose HTTPS certificate is the run's own self-signed one.
        // A page's http:// address is opened as it is (read() answers it), not tried over HTTPS first.
        args: [...CHROMIUM_OFFLINE_ARGS, '--ignore-certificate-errors', '--disable-features=HttpsUpgrades'],
      }), 60_000, 'starting Chromium');
    } catch (e) {
      this.scratch.cleanup();
      throw e;
    }
    this.page = this.b.page;
    this.page.on('dialog', (d) => d.dismiss().catch(() => {}));
    // What the extension says (its service worker; its content script in the page's console):
    // a click that changed nothing is noted with it.
    this.said = [];
    this.b.worker.on('console', (m) => this.said.push(`service worker ${m.type()}: ${m.text().slice(0, 200)}`));
    this.page.on('console', (m) => { if (/Folio/.test(m.text())) this.said.push(`page ${m.type()}: ${m.text().slice(0, 200)}`); });
    // The page being read (read() sets it): at its own URL, Chromium gets its response from
    // here, before any host resolution; with `stay`, the main frame's navigations anywhere else
    // are aborted before they start (ERR_ABORTED commits no error page). Only document requests
    // are stopped on their way (CDP Fetch; Playwright's routing would stop every request, the
    // reader frame's own included, and double the time a page takes); the rest go on, to
    // 127.0.0.1 or to fail in the host resolver.
    this.target = null;
    const cdp = await this.b.context.newCDPSession(this.page);
    const { frameTree } = await cdp.send('Page.getFrameTree');
    const mainFrameId = frameTree.frame.id;
    cdp.on('Fetch.requestPaused', ({ requestId, request, frameId, resourceType }) => {
      const t = this.target;
      const key = pageKey(request.url);
      let step;
      if (t?.response && key === t.key) {
        step = cdp.send('Fetch.fulfillRequest', {
          requestId, responseCode: t.response.status,
          responseHeaders: Object.entries(t.response.headers).map(([name, value]) => ({ name, value: String(value) })),
          body: Buffer.from(t.response.body).toString('base64'),
        });
      } else if (this.stay && t && frameId === mainFrameId && resourceType === 'Document' && key !== t.key) {
        step = cdp.send('Fetch.failRequest', { requestId, errorReason: 'Aborted' });
      } else if (t?.response && sameHost(request.url, t.url)) {
        step = cdp.send('Fetch.fulfillRequest', { requestId, responseCode: 404, responseHeaders: NOT_FOUND_HEADERS, body: '' });
      } else {
        step = cdp.send('Fetch.continueRequest', { requestId });
      }
      step.catch(() => {});
    });
    this.cdp = cdp;
    await this.interceptFor(null);
    // Pages that open windows: close them, the benchmark works in its one tab.
    this.b.context.on('page', (p) => {
      if (p !== this.page) p.close().catch(() => {});
    });
  }

  /**
   * Which requests stop on their way: every document, and with a page at its own URL every
   * request to its host (the page's own scripts and pictures get a 404 there, as from Firefox's
   * proxy; every other host stays unreachable).
   */
  interceptFor(url) {
    // Nothing to answer and nothing to keep: no request stops (the click benchmark's timings).
    if (!url && !this.stay) return this.cdp.send('Fetch.disable');
    const patterns = [{ urlPattern: '*', resourceType: 'Document', requestStage: 'Request' }];
    if (url) patterns.push({ urlPattern: `*://${new URL(url).host}/*`, requestStage: 'Request' });
    return this.cdp.send('Fetch.enable', { patterns });
  }

  /** Opens `url` (answered with `response`, {status, headers, body}, when given) and reads the view. */
  async read(url, response = null) {
    const { page } = this;
    this.target = { url, key: pageKey(url), response };
    await this.interceptFor(response ? url : null);
    const t0 = this.now();
    const notes = [];
    // The page may navigate itself away (an ad-blocker or mobile redirect: offline, its ads never
    // load): unless the session keeps it (its navigations elsewhere aborted, noted), that is the
    // page's outcome, said at once, not a wait that runs out.
    let away = null;
    let committed = false; // a navigation requested before the page is ours belongs to the previous one
    const onRequest = (r) => {
      if (away || !committed || !r.isNavigationRequest() || r.frame() !== page.mainFrame() || sameUrl(r.url(), url)) return;
      if (this.stay) {
        const note = `stayed: the page tried to leave for ${r.url()}`;
        if (!notes.includes(note)) notes.push(note);
      } else away = r.url();
    };
    const onNavigated = (f) => {
      if (f === page.mainFrame() && sameUrl(f.url(), url)) committed = true;
    };
    const check = () => {
      if (away) throw new PageError(`the page navigated itself to ${away}`);
    };
    // (No about:blank in between, unlike Firefox: in Chromium it makes Extensions.triggerAction
    // ignore one click in ten. A redirect the previous page had scheduled is told apart by
    // `committed`.)
    page.on('framenavigated', onNavigated);
    page.on('request', onRequest);
    try {
      for (let attempt = 1; attempt <= 2; attempt++) {
        try {
          await page.goto(url, { waitUntil: 'load', timeout: BOUNDS.load });
        } catch (e) {
          check();
          if (/interrupted by another navigation|ERR_ABORTED/i.test(e.message)) {
            // Playwright sometimes takes a subframe's error page (a blocked embed) for the main
            // frame's, or the previous page's own redirect overtook ours (ERR_ABORTED): where
            // the main frame really is is checked below, and the page opened once more if it is
            // elsewhere.
            notes.push(`goto: ${/ERR_ABORTED/.test(e.message) ? 'ERR_ABORTED' : 'interrupted navigation'}`);
            await page.waitForLoadState('load', { timeout: BOUNDS.load }).catch(() => {});
          } else if (/Timeout/i.test(e.message)) notes.push('no load event within the bound');
          else throw e;
        }
        if (committed && sameUrl(page.url(), url)) break;
      }
      check();
      if (!sameUrl(page.url(), url)) throw new PageError(`the main frame is at ${page.url()}, not the page`);
      const loadMs = this.now() - t0;
      const charset = await page.evaluate(() => document.characterSet).catch(() => null);
      let r = await this.openView(check, notes).catch((e) => {
        if (e instanceof PageError || !notes.some(triedToLeave)) throw e;
        return { state: 'error', message: e.message };
      });
      if (r.state === 'error' && notes.some(triedToLeave)) {
        // The page's try to leave stopped the view's own loads: the live page never tries.
        notes.push(REOPENED);
        await this.closeView();
        r = await this.openView(check, notes);
      }
      this.pages++;
      return { ...r, loadMs, ms: this.now() - t0, notes, charset };
    } catch (e) {
      if (away && !(e instanceof PageError)) throw new PageError(`the page navigated itself to ${away}`);
      throw e;
    } finally {
      page.off('request', onRequest);
      page.off('framenavigated', onNavigated);
    }
  }

  /** The browser's clock (epoch ms, as the reader view's timeline) now, from Node's and the page's offset. */
  async clockOffset() {
    const n0 = performance.timeOrigin + performance.now();
    const b = await this.page.evaluate(() => performance.timeOrigin + performance.now());
    const n1 = performance.timeOrigin + performance.now();
    return { offset: b - (n0 + n1) / 2, error: (n1 - n0) / 2 };
  }

  /**
   * Toolbar click (again if nothing happened), then the reader frame's final state and, from a build
   * that keeps a timeline, its paint. Resolves to readReaderView's answer with clickAt (the last
   * click, on the browser's clock) and clicks.
   */
  async openView(check = () => {}, notes = []) {
    const { page } = this;
    const { offset, error } = await this.clockOffset();
    let clicks = 0;
    let clickAt = null;
    const saidBefore = this.said.length;
    for (;;) {
      clicks++;
      clickAt = performance.timeOrigin + performance.now() + offset;
      const saidAtClick = this.said.length;
      await chromiumClick(this.b);
      // Open, or the extension said at once that it could not run here (then click again now,
      // not after the bound).
      const refused = () => this.said.slice(saidAtClick).some((m) => /cannot run on this page/.test(m));
      const open = await waitFor(async () => (check(), refused() ? 'refused' : chromiumHost(page).catch(() => false)), { timeout: BOUNDS.click, interval: POLL })
        .catch((e) => { if (e instanceof PageError) throw e; return false; });
      if (open === true) break;
      if (clicks >= 3) throw new PageError(`${clicks} toolbar clicks added no div#folio-reader-host`);
    }
    if (clicks > 1) notes.push(`${clicks} clicks`, ...this.said.slice(saidBefore, saidBefore + 3));
    const frame = await waitFor(() => (check(), page.frames().find((f) => READER_URL_RE.test(f.url()))), {
      timeout: BOUNDS.frame, interval: POLL, message: 'the reader frame',
    });
    let last = null;
    const r = await waitFor(async () => {
      check();
      if (frame.isDetached()) {
        const host = await chromiumHost(page).catch(() => false);
        check();
        throw new PageError(`the reader frame went away before a final state (reader host ${host ? 'still there' : 'removed by the page'})`);
      }
      last = await frame.evaluate(readReaderView).catch((e) => ({ state: null, error: e.message }));
      return settled(last) ? last : null;
    }, { timeout: BOUNDS.state, interval: POLL, message: () => `the reader's final state (last: ${JSON.stringify(last)?.slice(0, 200)})` });
    return { ...r, clickAt, clockError: error, clicks };
  }

  /** Closes the view by the toolbar button, then opens it again: a later click on the same page. */
  async reopen() {
    await this.closeView();
    return this.openView();
  }

  closeView() {
    return closeByToolbar(() => chromiumClick(this.b), () => chromiumHost(this.page));
  }

  /** Runs `script` (an expression) in the page's main world. */
  evaluate(script) {
    return this.page.evaluate(script);
  }

  async stop() {
    await stopChromium(this.b?.context, this.scratch);
    this.scratch?.cleanup();
  }
}

export class FirefoxSession extends Session {
  /**
   * `proxy`: through which Firefox reaches every host but 127.0.0.1, {port}: the run's page proxy
   * (page-proxy.mjs, which answers a page at its own URL), or the offline refuser.
   */
  constructor({ proxy, stay }) {
    super('firefox', { stay });
    this.proxy = proxy;
  }

  async start() {
    this.scratch = makeScratch('qf');
    try {
      this.ff = await withTimeout(launchFirefox(this.scratch, {
        prefs: {
          ...firefoxOfflinePrefs(this.proxy.port),
          // A page's http:// address is opened as it is (the proxy answers it), not tried over HTTPS first.
          'dom.security.https_first': false,
          'dom.security.https_first_schemeless': false,
          'dom.disable_beforeunload': true,
          'dom.disable_open_during_load': true,
        },
        timeouts: { pageLoad: BOUNDS.load, script: 30_000 },
        unhandledPrompts: 'dismiss', // a page's alert() is dismissed, as Playwright does in Chromium
        acceptInsecureCerts: true, // 127.0.0.1's certificate is the run's own self-signed one
      }), 90_000, 'starting Firefox');
    } catch (e) {
      this.scratch.cleanup();
      throw e;
    }
    this.driver = this.ff.driver;
    this.tab = await this.driver.getWindowHandle();
    // Every top-level document load of the tab, as the browser starts it (a tabs progress
    // listener in the parent process): how a page that leaves by itself is told apart from a
    // reader that failed, whatever the moment it leaves.
    await this.inChrome(`if (!window.__folioNavs) {
      window.__folioNavs = [];
      const START = 0x1, IS_DOCUMENT = 0x20000;
      window.gBrowser.addTabsProgressListener({
        onStateChange(browser, webProgress, request, flags) {
          if ((flags & START) && (flags & IS_DOCUMENT) && webProgress && webProgress.isTopLevel) {
            let name = '';
            for (const get of [() => request.URI.spec, () => request.originalURI.spec, () => request.name]) {
              try { name = name || get() || ''; } catch (e) {}
            }
            window.__folioNavs.push(name || '(unknown)');
          }
        },
      });
    }`);
    // The page stays (see Session): a top-level document request for any other address than the
    // page being read (window.__folioTarget, set by read()) is cancelled as it opens
    // (NS_BINDING_ABORTED shows no error page), in the parent process, where every channel
    // opens; the progress listener above still sees it start, so it is listed apart.
    if (this.stay) {
      await this.inChrome(`if (!window.__folioStayed) {
        window.__folioStayed = [];
        Services.obs.addObserver({
          observe(subject) {
            try {
              const channel = subject.QueryInterface(Ci.nsIHttpChannel);
              if (channel.loadInfo.externalContentPolicyType !== Ci.nsIContentPolicy.TYPE_DOCUMENT) return;
              const u = new URL(channel.URI.spec);
              if (!window.__folioTarget || u.host + u.pathname + u.search === window.__folioTarget) return;
              window.__folioStayed.push(channel.URI.spec);
              channel.cancel(Cr.NS_BINDING_ABORTED);
            } catch (e) {}
          },
        }, 'http-on-modify-request');
      }`);
    }
  }

  inChrome(script, ...args) {
    return inChrome(this.driver, script, ...args);
  }

  /** Top-level loads started since `mark` (a count), other than `url` and about:blank. */
  async navigationsSince(mark, url) {
    const all = await this.inChrome('return window.__folioNavs || [];').catch(() => []);
    const stayed = new Set(await this.inChrome('return window.__folioStayed || [];').catch(() => []));
    return all.slice(mark).filter((u) => u !== 'about:blank' && !sameUrl(u, url) && !stayed.has(u));
  }

  /** Top-level loads to another host cancelled since `mark` (a count of window.__folioStayed). */
  async stayedSince(mark) {
    const all = await this.inChrome('return window.__folioStayed || [];').catch(() => []);
    return all.slice(mark);
  }

  // A page's alert() or confirm(): WebDriver dismisses it and fails the command once; run it again.
  async retryAlert(fn) {
    for (let i = 0; ; i++) {
      try {
        return await fn();
      } catch (e) {
        if (i < 3 && /UnexpectedAlertOpen|unexpected alert/i.test(`${e.name} ${e.message}`)) continue;
        throw e;
      }
    }
  }

  /** Opens `url` (answered with `response`, {status, headers, body}, when given) and reads the view. */
  async read(url, response = null) {
    const { driver } = this;
    const t0 = this.now();
    const notes = [];
    // Each page starts from a blank one: nothing the previous page scheduled can reach it.
    await driver.get('about:blank').catch(() => {});
    this.proxy.setPage?.(url, response); // (the click benchmark gives the plain offline refuser)
    await this.inChrome('window.__folioTarget = arguments[0];', pageKey(url));
    const mark = (await this.inChrome('return (window.__folioNavs || []).length;').catch(() => 0)) ?? 0;
    const stayMark = (await this.inChrome('return (window.__folioStayed || []).length;').catch(() => 0)) ?? 0;
    try {
      let r = await this.readPage(url, t0, notes, mark).catch(async (e) => {
        if (e instanceof PageError || !(await this.stayedSince(stayMark)).length) throw e;
        await driver.switchTo().defaultContent().catch(() => {});
        return { state: 'error', message: e.message, notes };
      });
      for (const u of new Set(await this.stayedSince(stayMark))) notes.push(`stayed: the page tried to leave for ${u}`);
      if (r.state === 'error' && notes.some(triedToLeave)) {
        // The page's try to leave stopped the view's own loads: the live page never tries.
        notes.push(REOPENED);
        r = { ...r, ...(await this.reopen(url)), ms: this.now() - t0 };
      }
      // The reader's error because the page left under it ("The operation was aborted").
      if (r.state === 'error') {
        const left = await this.navigationsSince(mark, url);
        if (left.length) throw new PageError(`the page navigated itself to ${left[0]}`);
      }
      return r;
    } catch (e) {
      if (e instanceof PageError && /navigated itself/.test(e.message)) throw e;
      // Did the page leave by itself? Then that is the row, whatever failed on the way (the
      // reader frame or its host gone, a wait run out).
      await driver.switchTo().defaultContent().catch(() => {});
      const left = await this.navigationsSince(mark, url);
      if (left.length) throw new PageError(`the page navigated itself to ${left[0]}`);
      throw e;
    }
  }

  async readPage(url, t0, notes, mark) {
    const { driver } = this;
    try {
      await driver.get(url);
    } catch (e) {
      // The page left during its load for another host (offline: Firefox's error page).
      const left = /Reached error page: about:neterror\?[^ ]*?\bu=([^&\s]+)/.exec(e.message);
      if (left) throw new PageError(`the page navigated itself to ${decodeURIComponent(left[1])}`);
      if (e.name === 'TimeoutError' || /Timeout/i.test(e.message)) notes.push('no load event within the bound');
      else if (!/UnexpectedAlertOpen|unexpected alert/i.test(`${e.name} ${e.message}`)) throw e;
    }
    // A page that opened windows: back to ours, the others closed.
    const handles = await this.retryAlert(() => driver.getAllWindowHandles());
    if (handles.length > 1) {
      for (const h of handles.filter((x) => x !== this.tab)) {
        await driver.switchTo().window(h);
        await driver.close();
      }
      await driver.switchTo().window(this.tab);
    }
    const current = await this.retryAlert(() => driver.getCurrentUrl());
    if (!sameUrl(current, url)) throw new PageError(`the page navigated itself to ${current}`);
    const loadMs = this.now() - t0;
    const charset = await this.retryAlert(() => driver.executeScript('return document.characterSet;')).catch(() => null);
    const r = await this.openView(url, mark, notes);
    this.pages++;
    return { ...r, loadMs, ms: this.now() - t0, notes, charset };
  }

  /**
   * Toolbar click (again if nothing happened), then the reader frame's final state and, from a build
   * that keeps a timeline, its paint. Resolves to readReaderView's answer with clickAt (the last
   * click, on the browser's clock) and clicks.
   */
  async openView(url, mark, notes = []) {
    const { driver } = this;
    let clicks = 0;
    let clickAt = null;
    for (;;) {
      clicks++;
      clickAt = await firefoxClick(this.ff);
      const open = await waitFor(async () => {
        if (await this.retryAlert(() => firefoxHost(driver)).catch(() => false)) return true;
        const now = await this.retryAlert(() => driver.getCurrentUrl());
        if (!sameUrl(now, url)) throw new PageError(`the page navigated itself to ${now}`);
        return false;
      }, { timeout: BOUNDS.click, interval: POLL }).catch((e) => { if (e instanceof PageError) throw e; return false; });
      if (open) break;
      if (clicks >= 3) throw new PageError(`${clicks} toolbar clicks added no div#folio-reader-host`);
    }
    if (clicks > 1) notes.push(`${clicks} clicks`);
    try {
      await enterReaderFrame(driver);
      const script = asScript(readReaderView);
      let last = null;
      let failing = 0;
      let polls = 0;
      const r = await waitFor(async () => {
        // Now and then: has the tab started to leave? (A page leaving while the reader waits
        // for its snapshot can keep the old frame "loading" until the bound.)
        if (++polls % 25 === 0) {
          const left = await this.navigationsSince(mark, url);
          if (left.length) throw new PageError(`the page navigated itself to ${left[0]}`);
          await driver.switchTo().defaultContent();
          await enterReaderFrame(driver);
        }
        last = await driver.executeScript(script).catch((e) => ({ state: null, error: `${e.name}: ${e.message}` }));
        failing = last?.error ? failing + 1 : 0;
        // The frame or the page went away (or the script keeps failing): ask where the tab is.
        if (last?.error && (failing >= 10 || /no such frame|not known|discarded|stale|no such (shadow|element)|detached|unload/i.test(last.error))) {
          failing = 0;
          await this.whereAmI(url);
        }
        return settled(last) ? last : null;
      }, { timeout: BOUNDS.state, interval: POLL, message: () => `the reader's final state (last: ${JSON.stringify(last)?.slice(0, 200)})` });
      return { ...r, clickAt, clicks };
    } catch (e) {
      if (!(e instanceof PageError)) await this.whereAmI(url).catch((e2) => { if (e2 instanceof PageError) throw e2; });
      throw e;
    } finally {
      await driver.switchTo().defaultContent().catch(() => {});
    }
  }

  /** Closes the view by the toolbar button, then opens it again: a later click on the same page. */
  async reopen(url) {
    await this.closeView();
    const mark = (await this.inChrome('return (window.__folioNavs || []).length;').catch(() => 0)) ?? 0;
    return this.openView(url, mark);
  }

  closeView() {
    return closeByToolbar(() => firefoxClick(this.ff), () => firefoxHost(this.driver));
  }

  /** Runs `script` (an expression) in the page. */
  evaluate(script) {
    return this.driver.executeScript(`return (${script});`);
  }

  /** Throws a PageError when the tab is no longer on `url` or the reader host is gone. */
  async whereAmI(url) {
    const { driver } = this;
    await driver.switchTo().defaultContent();
    const current = await this.retryAlert(() => driver.getCurrentUrl());
    if (!sameUrl(current, url)) throw new PageError(`the page navigated itself to ${current}`);
    const host = await this.retryAlert(() => firefoxHost(driver)).catch(() => null);
    if (host === false) throw new PageError('the reader frame went away before a final state (reader host removed by the page)');
    await enterReaderFrame(driver);
  }

  async stop() {
    await stopFirefox(this.driver, this.ff?.logFd, this.scratch);
    this.scratch?.cleanup();
  }
}
