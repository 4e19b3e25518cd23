// Unit tests for extension/background/menus.js in Node, on a fake `chrome` (storage from
// fake-storage.mjs; contextMenus, tabs, permissions, runtime recorded here). What Chromium's
// automation cannot click (native menus), played through the same listeners the browser calls:
// the items made, the toggle's words following the view, the checked mode following the tab's
// site, and a choice from the menu asking for the site's permission inside the click.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fakeBrowser } from './fake-storage.mjs';

const event = () => {
  const ls = [];
  return { addListener: (l) => ls.push(l), fire: (...a) => ls.map((l) => l(...a)) };
};
const browser = fakeBrowser();
const items = new Map();
const asked = [];
let activeTab = 7;
let grant = true;
Object.assign(browser, {
  i18n: { getMessage: (k) => ({ menu_openReader: 'Open in Folio reader view', menu_closeReader: 'Close reader view' })[k] ?? '' },
  runtime: { id: 'folio', lastError: null, onInstalled: event(), onStartup: event(), onMessage: event(), openOptionsPage: async () => asked.push('options') },
  contextMenus: {
    onClicked: event(),
    removeAll: async () => items.clear(),
    create: (p, done) => { items.set(p.id, { ...p }); done?.(); return p.id; },
    update: async (id, p) => {
      if (!items.has(id)) throw new Error(`no item ${id}`);
      Object.assign(items.get(id), p);
    },
  },
  tabs: { query: async () => [{ id: activeTab }], onActivated: event(), onRemoved: event(), onUpdated: event() },
  permissions: {
    request: (p) => { asked.push(['request', p.origins]); return Promise.resolve(grant); },
    remove: async (p) => asked.push(['remove', p.origins]),
  },
});
globalThis.chrome = browser;
const { createMenus, installMenus } = await import('../../extension/background/menus.js');
const { getSiteMode } = await import('../../extension/lib/storage.js');

const settle = () => new Promise((r) => setTimeout(r, 20));
const toggled = [];
installMenus((tab) => toggled.push(tab.id));
const fromContent = (msg, tabId, url) => browser.runtime.onMessage.fire(msg, { id: 'folio', tab: { id: tabId }, frameId: 0, url });
const checked = () => ['off', 'declutter', 'reader'].filter((m) => items.get(`folio-mode-${m}`).checked);

describe('context menus', () => {
  it('makes the page item and, on the toolbar button, three radio modes and Custom rules', async () => {
    browser.runtime.onInstalled.fire();
    await settle();
    assert.deepEqual([...items.values()].map((i) => [i.id, i.contexts.join(), i.type ?? 'normal']), [
      ['folio-toggle', 'page', 'normal'],
      ['folio-mode-off', 'action', 'radio'], ['folio-mode-declutter', 'action', 'radio'], ['folio-mode-reader', 'action', 'radio'],
      ['folio-separator', 'action', 'separator'],
      ['folio-rules', 'action', 'normal'],
    ]);
    assert.deepEqual(checked(), ['off']);
    await createMenus(); // again at the next browser start: no duplicate
    assert.equal(items.size, 6);
  });

  it("the page item says what a click will do in the active tab, as the tab's view opens and closes", async () => {
    fromContent({ type: 'folio:view', open: true }, 7, 'https://www.news.example/a');
    await settle();
    assert.equal(items.get('folio-toggle').title, 'Close reader view');
    browser.tabs.onActivated.fire({ tabId: 8 });
    await settle();
    assert.equal(items.get('folio-toggle').title, 'Open in Folio reader view', 'another tab, no view there');
    browser.tabs.onActivated.fire({ tabId: 7 });
    await settle();
    assert.equal(items.get('folio-toggle').title, 'Close reader view');
    fromContent({ type: 'folio:view', open: false }, 7, 'https://www.news.example/a');
    await settle();
    assert.equal(items.get('folio-toggle').title, 'Open in Folio reader view');
    browser.contextMenus.onClicked.fire({ menuItemId: 'folio-toggle' }, { id: 7 });
    assert.deepEqual(toggled, [7]);
  });

  it("a choice asks for the site's permission inside the click, then sets the mode; the radios follow the tab's site", async () => {
    asked.length = 0;
    browser.contextMenus.onClicked.fire({ menuItemId: 'folio-mode-declutter' }, { id: 7, url: 'https://mail.web.example/x' });
    assert.deepEqual(asked, [['request', ['*://*.web.example/*']]], 'requested at once, before any await');
    await settle();
    assert.equal(await getSiteMode('web.example'), 'declutter');
    assert.deepEqual(checked(), ['declutter']);
    browser.tabs.onActivated.fire({ tabId: 9 });
    await settle();
    assert.deepEqual(checked(), ['off'], 'a tab Folio knows nothing of is on an Off site');
    // The automatic modes' script reports its site when it runs there.
    fromContent({ type: 'folio:auto' }, 9, 'https://www.web.example/other');
    await settle();
    assert.deepEqual(checked(), ['declutter']);
  });

  it('a refused permission changes nothing; Off gives the permission back; Custom rules opens the options', async () => {
    grant = false;
    browser.contextMenus.onClicked.fire({ menuItemId: 'folio-mode-reader' }, { id: 9, url: 'https://www.web.example/other' });
    await settle();
    assert.equal(await getSiteMode('web.example'), 'declutter');
    assert.deepEqual(checked(), ['declutter']);
    grant = true;
    asked.length = 0;
    browser.contextMenus.onClicked.fire({ menuItemId: 'folio-mode-off' }, { id: 9, url: 'https://www.web.example/other' });
    await settle();
    assert.equal(await getSiteMode('web.example'), 'off');
    assert.deepEqual(asked, [['remove', ['*://*.web.example/*']]]);
    assert.deepEqual(checked(), ['off']);
    browser.contextMenus.onClicked.fire({ menuItemId: 'folio-rules' }, { id: 9 });
    await settle();
    assert.deepEqual(asked.at(-1), 'options');
  });

  it("ignores what does not come from Folio's own content script in a tab's top frame", async () => {
    fromContent({ type: 'folio:view', open: true }, 9, 'https://www.web.example/other');
    await settle();
    assert.equal(items.get('folio-toggle').title, 'Close reader view');
    browser.runtime.onMessage.fire({ type: 'folio:view', open: false }, { id: 'other', tab: { id: 9 }, frameId: 0, url: 'https://www.web.example/other' });
    browser.runtime.onMessage.fire({ type: 'folio:view', open: false }, { id: 'folio', tab: { id: 9 }, frameId: 3, url: 'https://www.web.example/other' });
    await settle();
    assert.equal(items.get('folio-toggle').title, 'Close reader view');
  });
});
