// End-to-end, Firefox: the context menus (issue #14). A real right-click opens the page's menu;
// the toolbar button's menu opens on the pinned button; items are chosen as a click on them
// chooses them (the menu's activateItem). Host-permission requests are granted without a prompt
// (extensions.webextOptionalPermissionPrompts off), as a user accepting them would.
import { describe, before, after, it } from 'node:test';
import assert from 'node:assert/strict';

import { By } from 'selenium-webdriver';

import { FOUNDING_FIXTURE, requireFixture } from '../harness/paths.mjs';
import { STEP, waitFor } from '../harness/scratch.mjs';
import { asScript } from '../harness/expectations.mjs';
import {
  chooseMenuItem, clickToolbarButton, closeMenus, firefoxConsole, hostPresent, openActionMenu, openPageMenu, startFirefoxRun, toggleWith,
} from '../harness/firefox.mjs';
import { withConsole } from '../harness/failures.mjs';
import { checkLeftAlone, readDecluttered } from './settings.mjs';

describe('Firefox: context menus', () => {
  let ffRun, ff, driver, pageUrl;
  const withLog = withConsole(() => (ff ? firefoxConsole(ff.logFile) : []), 'Firefox console');
  const run = (fn) => driver.executeScript(asScript(fn));
  const body = () => driver.findElement(By.css('body'));
  const labels = (m) => m.items.map((i) => `${i.label}${i.checked ? ' (checked)' : ''}`);

  before(async () => {
    requireFixture();
    ffRun = await startFirefoxRun('fmenu', { prefs: { 'extensions.webextOptionalPermissionPrompts': false } });
    ({ ff } = ffRun);
    driver = ff.driver;
    pageUrl = ffRun.server.url(FOUNDING_FIXTURE);
  }, { timeout: STEP });

  after(() => ffRun?.close(), { timeout: STEP });

  it('the page menu opens the reader view', { timeout: STEP }, withLog(async () => {
    await driver.get(pageUrl);
    let menu = await openPageMenu(ff, await body());
    assert.deepEqual(labels(menu), ['Open in Folio reader view']);
    await chooseMenuItem(ff, 'folio-toggle');
    await waitFor(() => hostPresent(driver), { timeout: 10_000, message: 'the reader view to open from the menu' });
    // The view covers the page, where Firefox shows no extension's items; closed by the toolbar
    // button, the page's menu offers to open it again.
    await toggleWith(driver, () => clickToolbarButton(ff), false);
    menu = await waitFor(async () => {
      const m = await openPageMenu(ff, await body());
      return m.items[0]?.label === 'Open in Folio reader view' ? m : null;
    }, { timeout: 10_000, message: 'the menu to offer "Open in Folio reader view" again' });
    await closeMenus(ff);
  }));

  it("the toolbar button's menu sets this site's mode, checked to match, and opens the custom rules", { timeout: 2 * STEP }, withLog(async () => {
    await driver.get(pageUrl);
    let menu = await openActionMenu(ff);
    assert.deepEqual(labels(menu), ['Off (checked)', 'Declutter in place', 'Reader view automatically', 'Custom rules…']);
    await chooseMenuItem(ff, 'folio-mode-declutter', { action: true });
    // From the next load the site is decluttered in place (the host permission was granted).
    await waitFor(async () => {
      await driver.get(pageUrl);
      return waitFor(async () => (await run(readDecluttered)).marker !== null, { timeout: 3_000 }).catch(() => false);
    }, { timeout: 20_000, message: 'the page to be decluttered after choosing Declutter in place' });
    menu = await openActionMenu(ff);
    assert.deepEqual(labels(menu), ['Off', 'Declutter in place (checked)', 'Reader view automatically', 'Custom rules…']);

    await driver.get(pageUrl);
    await openActionMenu(ff);
    await chooseMenuItem(ff, 'folio-mode-off', { action: true });
    let last;
    menu = await waitFor(async () => {
      last = await openActionMenu(ff);
      return last.items[0]?.checked ? last : null;
    }, { timeout: 10_000, message: () => `Off to be checked: ${JSON.stringify(last)}` });
    await closeMenus(ff);
    await driver.get(pageUrl);
    await checkLeftAlone(() => run(readDecluttered));

    await openActionMenu(ff);
    const before = await driver.getAllWindowHandles();
    await chooseMenuItem(ff, 'folio-rules', { action: true, waitClosed: false });
    const opened = await waitFor(async () => {
      const handles = await driver.getAllWindowHandles();
      return handles.length > before.length ? handles.find((h) => !before.includes(h)) : null;
    }, { timeout: 10_000, message: 'the options page to open in a tab' });
    await driver.switchTo().window(opened);
    await waitFor(async () => /\/options\/options\.html$/.test(await driver.getCurrentUrl()), { timeout: 10_000, message: 'the options page' });
    await driver.close();
    await driver.switchTo().window(before[0]);
    await closeMenus(ff);
  }));
});
