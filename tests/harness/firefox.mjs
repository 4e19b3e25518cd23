// Firefox ESR with the built extension (selenium-webdriver + geckodriver --allow-system-access),
// a real toolbar click and the extension's keyboard shortcut, both fired in the browser's chrome
// context. The one Firefox launcher of every browser suite (tests/e2e, tests/hostile, tests/privacy).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Builder, By } from 'selenium-webdriver';
import firefox from 'selenium-webdriver/firefox.js';
import { FIREFOX_BIN, FIREFOX_EXT_DIR, FIREFOX_EXT_ZIP, findGeckodriver, requireBuiltExtension, requireFile } from './paths.mjs';
import { killProcessesUsing, startRun, waitFor, withTimeout } from './scratch.mjs';

const CLICK_GRACE = 5_000;

const IMPORT = `const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
  const extension = ExtensionParent.GlobalManager.getExtension(arguments[0]);
  if (!extension) throw new Error('extension ' + arguments[0] + ' is not running');`;

// The toolbar button, clicked as a user would. Returns the time of the click (epoch ms, the
// browser's clock: performance.timeOrigin + now, as the reader view's timeline).
const CLICK_SCRIPT = `${IMPORT}
  const at = performance.timeOrigin + performance.now();
  ExtensionParent.apiManager.global.browserActionFor(extension).triggerAction(window);
  return at;`;

// The extension's shortcuts are <key> elements in a <keyset> of the browser window (one per
// command, built from the manifest's suggested_key). A key press runs the element's command
// handler, which grants activeTab and emits commands.onCommand; doCommand() runs that handler.
const SHORTCUTS_SCRIPT = `${IMPORT}
  const id = 'ext-keyset-id-' + extension.id.toLowerCase().replace(/[^a-zA-Z0-9_-]/g, '_');
  const keyset = window.document.getElementById(id);
  if (!keyset) return [];
  return [...keyset.children].map((k) => ({ key: k.getAttribute('key'), modifiers: k.getAttribute('modifiers') }));`;
const PRESS_SCRIPT = `${IMPORT}
  const keyset = window.document.getElementById('ext-keyset-id-' + extension.id.toLowerCase().replace(/[^a-zA-Z0-9_-]/g, '_'));
  const key = keyset && [...keyset.children].find((k) => k.getAttribute('key') === arguments[1] && k.getAttribute('modifiers') === arguments[2]);
  if (!key) throw new Error('no <key> ' + arguments[2] + '+' + arguments[1] + ' for the extension');
  key.doCommand();`;

/**
 * Starts Firefox with dist/firefox installed; resolves to {driver, addonId, uuid, logFile, logFd}.
 * Options: `size`, the window size (default 1100 x 820; null: Firefox's own default); `prefs`, more
 * preferences ({name: value}, or a function of the scratch folder that returns them); `timeouts`,
 * WebDriver timeouts over {script: 30 s, pageLoad: 20 s}; `unhandledPrompts`, WebDriver's
 * unhandledPromptBehavior for a page's alert() (default: WebDriver's own, "dismiss and notify");
 * `acceptInsecureCerts`, for pages served over HTTPS with a self-signed certificate (default false).
 */
export async function launchFirefox(scratch, {
  size = { width: 1100, height: 820 }, prefs = {}, timeouts = {}, unhandledPrompts = null, acceptInsecureCerts = false,
} = {}) {
  const manifest = requireBuiltExtension(FIREFOX_EXT_DIR);
  const addonId = manifest.browser_specific_settings?.gecko?.id;
  assert.ok(addonId, 'dist/firefox/manifest.json has no gecko id');
  requireFile(FIREFOX_BIN, 'apt-get install firefox-esr');
  const uuid = randomUUID();
  const options = new firefox.Options()
    .setBinary(FIREFOX_BIN)
    .addArguments('-headless', ...(size ? ['-width', String(size.width), '-height', String(size.height)] : []))
    .setPreference('extensions.webextensions.uuids', JSON.stringify({ [addonId]: uuid }))
    .setPreference('browser.shell.checkDefaultBrowser', false)
    .setPreference('datareporting.policy.dataSubmissionEnabled', false)
    .setPreference('app.update.disabledForTesting', true)
    .setPreference('intl.locale.requested', 'en-US')
    .setPreference('devtools.console.stdout.content', true)
    .setPreference('devtools.console.stdout.chrome', true);
  for (const [name, value] of Object.entries(typeof prefs === 'function' ? prefs(scratch) : prefs)) options.setPreference(name, value);
  if (unhandledPrompts) options.setAlertBehavior(unhandledPrompts);
  if (acceptInsecureCerts) options.setAcceptInsecureCerts(true);
  const logFile = path.join(scratch.dir, 'firefox.log');
  const logFd = openSync(logFile, 'a');
  const service = new firefox.ServiceBuilder(findGeckodriver())
    .addArguments('--allow-system-access')
    .setEnvironment({ ...scratch.env, MOZ_HEADLESS: '1' })
    .setStdio(['ignore', logFd, logFd]);
  const driver = await withTimeout(
    new Builder().forBrowser('firefox').setFirefoxOptions(options).setFirefoxService(service).build(),
    45_000, 'starting Firefox');
  await driver.manage().setTimeouts({ script: 30_000, pageLoad: 20_000, ...timeouts, implicit: 0 });
  const installed = await driver.installAddon(FIREFOX_EXT_DIR, true).catch(async (err) => {
    if (!existsSync(FIREFOX_EXT_ZIP)) throw err;
    return driver.installAddon(FIREFOX_EXT_ZIP, true);
  });
  assert.equal(installed, addonId, 'installed add-on id');
  return { driver, addonId, uuid, logFile, logFd };
}

/** Runs `script` in the browser's chrome context (privileged), then returns to the page's. */
export async function inChrome(driver, script, ...args) {
  await driver.setContext(firefox.Context.CHROME);
  try {
    return await driver.executeScript(script, ...args);
  } finally {
    await driver.setContext(firefox.Context.CONTENT);
  }
}

export const clickToolbarButton = ({ driver, addonId }) => inChrome(driver, CLICK_SCRIPT, addonId);
export const shortcutKeys = ({ driver, addonId }) => inChrome(driver, SHORTCUTS_SCRIPT, addonId);
/** Fires the extension's shortcut `modifiers`+`key` ("alt,shift", "F"). */
export const pressShortcut = ({ driver, addonId }, key, modifiers) => inChrome(driver, PRESS_SCRIPT, addonId, key, modifiers);

// Context menus. The page's: a real right-click (WebDriver actions) opens Firefox's own menu.
// The toolbar button's: the button is pinned to the toolbar (as a user pins it from the
// extensions panel) and a contextmenu event on it opens its menu. Either way an item is chosen
// with the menu's own activateItem(), the path a click on the item takes.
const PAGE_MENU = 'contentAreaContextMenu';
const ACTION_MENU = 'toolbar-context-menu';
// Firefox names the extension's button and menu items after its id made into a widget id.
const WIDGET = `const widgetId = extension.id.toLowerCase().replace(/[^a-z0-9_-]/g, '_');`;
const ACTION_MENU_SCRIPT = `${IMPORT} ${WIDGET}
  const button = widgetId + '-browser-action';
  if (CustomizableUI.getPlacementOfWidget(button)?.area !== CustomizableUI.AREA_NAVBAR) CustomizableUI.addWidgetToArea(button, CustomizableUI.AREA_NAVBAR);
  const node = CustomizableUI.getWidget(button).forWindow(window).node;
  node.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, cancelable: true, button: 2, view: window }));`;
// The menu's state and the extension's items in it ({key: id after "-menuitem-_", label, checked}).
const READ_MENU_SCRIPT = `${IMPORT} ${WIDGET}
  const menu = document.getElementById(arguments[1]);
  const prefix = widgetId + '-menuitem-_';
  return { state: menu.state, items: [...menu.querySelectorAll('menuitem')].filter((i) => i.id.startsWith(prefix) && !i.hidden)
    .map((i) => ({ key: i.id.slice(prefix.length), label: i.label, checked: i.getAttribute('checked') === 'true' })) };`;
const ACTIVATE_SCRIPT = `${IMPORT} ${WIDGET}
  const menu = document.getElementById(arguments[1]);
  const item = document.getElementById(widgetId + '-menuitem-_' + arguments[2]);
  if (!item || menu.state !== 'open') throw new Error('no open menu ' + arguments[1] + ' with the item ' + arguments[2]);
  menu.activateItem(item);`;

const CLOSE_MENUS_SCRIPT = `for (const id of ['${PAGE_MENU}', '${ACTION_MENU}']) document.getElementById(id)?.hidePopup();`;

async function openMenu(ff, id, open) {
  await inChrome(ff.driver, CLOSE_MENUS_SCRIPT);
  await open();
  return waitFor(async () => {
    const m = await inChrome(ff.driver, READ_MENU_SCRIPT, ff.addonId, id);
    return m.state === 'open' && m.items.length ? m : null;
  }, { timeout: 5_000, message: `the context menu ${id} to open with Folio's items` });
}

/** Right-clicks `element` (in the page) and resolves to the open menu's Folio items. */
export const openPageMenu = (ff, element) =>
  openMenu(ff, PAGE_MENU, () => ff.driver.actions().contextClick(element).perform());
/** Opens the toolbar button's context menu; resolves to its Folio items. */
export const openActionMenu = (ff) => openMenu(ff, ACTION_MENU, () => inChrome(ff.driver, ACTION_MENU_SCRIPT, ff.addonId));
/** Closes the page's and the toolbar button's context menus (as Esc would). */
export const closeMenus = (ff) => inChrome(ff.driver, CLOSE_MENUS_SCRIPT);
/**
 * Chooses the item `key` ("folio-toggle") of the open page (or `action`) menu, and waits for the
 * menu to close: the item's command runs as it closes, and closing it sooner cancels the choice.
 * `waitClosed: false` for an item whose effect the caller waits for (a tab it opens).
 */
export async function chooseMenuItem(ff, key, { action = false, waitClosed = true } = {}) {
  const id = action ? ACTION_MENU : PAGE_MENU;
  const closed = async () => !['open', 'showing'].includes((await inChrome(ff.driver, READ_MENU_SCRIPT, ff.addonId, id)).state);
  await inChrome(ff.driver, ACTIVATE_SCRIPT, ff.addonId, id, key);
  if (!waitClosed) return;
  // The extension rebuilds its items as the menu opens (the radios follow the tab's site): an
  // item replaced just as it was chosen takes no activation and the menu stays open. Then it is
  // chosen again (looked up anew), as a person would click again; three times at most.
  for (let attempt = 1; ; attempt++) {
    if (await waitFor(closed, { timeout: 5_000 }).catch(() => false)) return;
    if (attempt >= 3) throw new Error(`the menu ${id} did not close after choosing ${key} ${attempt} times`);
    await inChrome(ff.driver, ACTIVATE_SCRIPT, ff.addonId, id, key).catch(() => {});
  }
}

/** Whether div#folio-reader-host is in the page. Through the prototype: hostile pages clobber document.getElementById. */
export const hostPresent = (driver) => driver.executeScript("return !!Document.prototype.getElementById.call(document, 'folio-reader-host');");

/** Fires `gesture` until the reader host is there (open) or gone (close). */
export async function toggleWith(driver, gesture, open) {
  for (let attempt = 1; attempt <= 3; attempt++) {
    await gesture();
    if (await waitFor(async () => (await hostPresent(driver)) === open, { timeout: CLICK_GRACE }).catch(() => false)) return attempt;
    console.error(`[harness] gesture ${attempt} changed nothing within ${CLICK_GRACE} ms; again`);
  }
  assert.fail(`three gestures did not ${open ? 'add' : 'remove'} div#folio-reader-host`);
}

/** Switches the driver into the reader frame (inside the closed shadow root; Firefox's WebDriver hands it out). */
export async function enterReaderFrame(driver) {
  const iframe = await waitFor(async () => {
    const hosts = await driver.findElements(By.id('folio-reader-host'));
    if (!hosts.length) return null;
    const frames = await (await hosts[0].getShadowRoot()).findElements(By.css('iframe'));
    return frames[0];
  }, { timeout: 10_000, message: 'an iframe in the shadow root of div#folio-reader-host' });
  await driver.switchTo().frame(iframe);
}

/**
 * Quits Firefox (20 s at most; `driver` may be null), kills whatever this run left behind, and
 * closes its log. Never throws.
 */
export async function stopFirefox(driver, logFd, scratch) {
  await withTimeout(driver?.quit() ?? Promise.resolve(), 20_000, 'quitting Firefox').catch((e) => console.error(e.message));
  if (scratch) {
    const killed = killProcessesUsing(scratch.dir);
    if (killed.length) console.error(`killed leftover processes: ${killed.join(' ')}`);
  }
  if (logFd !== undefined) closeSync(logFd);
}

/**
 * A whole Firefox run: the test server on `root` (default: tests/fixtures), a scratch folder named
 * after `name`, and Firefox (`options` as for launchFirefox). Resolves to {server, scratch, ff,
 * close}; close() stops all three, kills what Firefox left behind and never throws (see startRun).
 */
export const startFirefoxRun = (name, { root, ...options } = {}) => startRun(name, {
  root, key: 'ff', launch: (scratch) => launchFirefox(scratch, options), stop: (ff, scratch) => stopFirefox(ff?.driver, ff?.logFd, scratch),
});

const readLog = (logFile) => {
  try {
    return readFileSync(logFile, 'utf8');
  } catch {
    return '';
  }
};

/** How far Firefox's log has got (a mark for firefoxConsole's `from`). */
export const firefoxLogSize = (logFile) => readLog(logFile).length;

/**
 * Firefox's console lines about the extension and the test pages (from character `from` of its
 * log), without its own chatter. `also`: a pattern for more lines to keep.
 */
export function firefoxConsole(logFile, from = 0, also = null) {
  return readLog(logFile).slice(from).split('\n')
    .filter((l) => (/moz-extension:|127\.0\.0\.1|folio/i.test(l) || also?.test(l)) && !/^\d+\t\S+\t(INFO|DEBUG|TRACE)\t/.test(l));
}
