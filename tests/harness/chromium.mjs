// Chromium with the built extension (playwright-core), and a real toolbar click
// (CDP Extensions.triggerAction on the tab target). The one Chromium launcher of every browser
// suite (tests/e2e, tests/hostile, tests/privacy).
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { CHROME_EXT_DIR, CHROMIUM_BIN, requireBuiltExtension, requireFile } from './paths.mjs';
import { killProcessesUsing, startRun, waitFor, withTimeout } from './scratch.mjs';

export const CLICK_GRACE = 5_000; // Extensions.triggerAction is ignored about once in 100: click again after this

/** Playwright's own default viewport: the founding-example, settings and vector suites run with it. */
export const PLAYWRIGHT_VIEWPORT = { width: 1280, height: 720 };

/**
 * Starts Chromium (new headless) with dist/chrome; resolves to {context, worker, extensionId, cdp, page}.
 * `viewport`: the pages' viewport (default 1100 x 820); `args`: more command-line switches, after
 * the harness's own (default none).
 */
export async function launchChromium(scratch, { viewport = { width: 1100, height: 820 }, args = [] } = {}) {
  requireBuiltExtension(CHROME_EXT_DIR);
  requireFile(CHROMIUM_BIN, 'apt-get install chromium');
  const context = await chromium.launchPersistentContext(scratch.profile, {
    executablePath: CHROMIUM_BIN,
    headless: false, // given as --headless=new below (the old mode cannot load extensions)
    env: scratch.env,
    timeout: 30_000,
    viewport,
    acceptDownloads: true, // Playwright's default, stated: the settings suite's export test saves a download
    args: [
      '--headless=new', `--disable-extensions-except=${CHROME_EXT_DIR}`, `--load-extension=${CHROME_EXT_DIR}`,
      '--enable-unsafe-extension-debugging', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync', '--hide-scrollbars', '--lang=en-US',
      ...args,
    ],
  });
  context.setDefaultTimeout(15_000);
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(worker.url()).host;
  assert.match(extensionId, /^[a-p]{32}$/, `unexpected service worker URL ${worker.url()}`);
  const cdp = await context.browser().newBrowserCDPSession();
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, worker, extensionId, cdp, page };
}

/** A real toolbar click on `page`'s tab. */
export async function clickToolbarButton({ cdp, extensionId, page }) {
  const { targetInfos } = await cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] });
  const tabs = targetInfos.filter((t) => t.type === 'tab');
  const tab = tabs.find((t) => t.url === page.url()) ?? (tabs.length === 1 ? tabs[0] : undefined);
  assert.ok(tab, `no tab target for ${page.url()} among ${JSON.stringify(tabs.map((t) => t.url))}`);
  await cdp.send('Extensions.triggerAction', { id: extensionId, targetId: tab.targetId });
}

/** Whether div#folio-reader-host is in `page`. Through the prototype: hostile pages clobber document.getElementById. */
export const hostPresent = (page) => page.evaluate(() => !!Document.prototype.getElementById.call(document, 'folio-reader-host'));

/** Clicks until the reader host is there (open) or gone (close). */
export async function toggleByToolbar(b, open, log = () => {}) {
  for (let attempt = 1; attempt <= 3; attempt++) {
    await clickToolbarButton(b);
    if (await waitFor(async () => (await hostPresent(b.page)) === open, { timeout: CLICK_GRACE }).catch(() => false)) return attempt;
    log(`[harness] toolbar click ${attempt} changed nothing within ${CLICK_GRACE} ms; clicking again`);
  }
  assert.fail(`three toolbar clicks did not ${open ? 'add' : 'remove'} div#folio-reader-host`);
}

/** Closes Chromium (20 s at most); if it will not close, kills what this run started. Never throws. */
export async function stopChromium(context, scratch) {
  await withTimeout(context?.close() ?? Promise.resolve(), 20_000, 'closing Chromium').catch((e) => {
    console.error(e.message);
    if (scratch) console.error(`killed leftover processes: ${killProcessesUsing(scratch.dir).join(' ') || 'none'}`);
  });
}

/**
 * A whole Chromium run: the test server on `root` (default: tests/fixtures), a scratch folder
 * named after `name`, and Chromium (`options` as for launchChromium). Resolves to
 * {server, scratch, b, close}; close() stops all three and never throws (see startRun).
 */
export const startChromiumRun = (name, { root, ...options } = {}) => startRun(name, {
  root, key: 'b', launch: (scratch) => launchChromium(scratch, options), stop: (b, scratch) => stopChromium(b?.context, scratch),
});
