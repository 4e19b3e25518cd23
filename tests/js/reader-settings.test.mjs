// Unit tests for extension/reader/settings.js (the "Aa" panel's typography settings) in Node:
// it must read and write through extension/lib/view-settings.js (lib/storage.js's schema version 3, the
// "typography" key, the local fallback), on a fake `chrome` installed before it loads.
import { describe, it, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { fakeBrowser } from './fake-storage.mjs';

const browser = fakeBrowser();
globalThis.chrome = browser;
const settings = await import('../../extension/reader/settings.js');
const storage = await import('../../extension/lib/storage.js');

const CHOSEN = { theme: 'dark', font: 'sans', size: 22, width: 'wide', spacing: 'loose' };
const tick = () => new Promise((r) => setImmediate(r));
const { sync, local } = browser.storage;
const quietly = async (fn) => {
  const warn = console.warn;
  const warned = [];
  console.warn = (...a) => warned.push(a.join(' '));
  try {
    return { result: await fn(), warned };
  } finally {
    console.warn = warn;
  }
};

describe('reader/settings.js through lib/view-settings.js', () => {
  beforeEach(async () => {
    sync.data.clear();
    local.data.clear();
    sync.failWrites = false;
    await tick();
  });

  it('the same sizes, choices and defaults as before', () => {
    assert.deepEqual(settings.SIZES, [14, 15, 16, 17, 18, 19, 20, 22, 24, 26, 28, 32]);
    assert.deepEqual(settings.DEFAULTS, { theme: 'system', font: 'serif', size: 19, width: 'medium', spacing: 'normal' });
    assert.deepEqual(settings.clean({ theme: 'sepia', size: 99 }), { ...settings.DEFAULTS, theme: 'sepia' });
  });

  it('nothing stored: the defaults', async () => {
    assert.deepEqual(await settings.load(), settings.DEFAULTS);
  });

  it('saves under the schema-versioned typography key only', async () => {
    assert.equal((await settings.save(CHOSEN)).ok, true);
    assert.deepEqual(Object.fromEntries(sync.data), { [storage.TYPOGRAPHY_KEY]: CHOSEN });
    assert.equal(local.data.size, 0);
    assert.deepEqual(await settings.load(), CHOSEN);
  });

  it('reads the version-2 key until the migration has moved it', async () => {
    sync.data.set(storage.LEGACY_SETTINGS_KEY, { ...CHOSEN, theme: 'nope' });
    assert.deepEqual(await settings.load(), { ...CHOSEN, theme: 'system' });
    await storage.migrate();
    assert.equal(sync.data.has(storage.LEGACY_SETTINGS_KEY), false);
    assert.deepEqual(await settings.load(), { ...CHOSEN, theme: 'system' });
  });

  it('a refused sync write: kept locally, loaded from there, reported', async () => {
    await settings.save({ ...CHOSEN, theme: 'light' });
    sync.failWrites = true;
    const { result, warned } = await quietly(() => settings.save(CHOSEN));
    assert.equal(result.ok, false);
    assert.equal(result.fallback, true);
    assert.match(warned.join('\n'), /not synced.*MAX_WRITE_OPERATIONS_PER_MINUTE/);
    assert.deepEqual(await settings.load(), CHOSEN);
    assert.equal((await storage.getTypographyInfo()).fallback, true);
  });

  it('onChange: changes from elsewhere, synced or kept locally, arrive checked', async () => {
    const seen = [];
    settings.onChange((s) => seen.push(s));
    await storage.writeTypography({ ...CHOSEN, size: 'huge' });
    await tick();
    assert.deepEqual(seen, [{ ...CHOSEN, size: 19 }]);
    sync.failWrites = true;
    await storage.writeTypography({ ...CHOSEN, theme: 'sepia' });
    await tick();
    assert.deepEqual(seen.at(-1), { ...CHOSEN, theme: 'sepia' });
    // Sync recovers: one event with the value; the local copy's removal is not a change of settings.
    sync.failWrites = false;
    const n = seen.length;
    await storage.writeTypography(CHOSEN);
    await tick();
    assert.deepEqual(seen.slice(n), [CHOSEN]);
    // Unrelated keys do not call it.
    await storage.setRules('##.x');
    await storage.writeSites({ 'example.com': 'reader' });
    await tick();
    assert.equal(seen.length, n + 1);
  });
});
