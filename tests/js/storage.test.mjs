// Unit tests for extension/lib/storage.js in Node, on fake storage areas that enforce the
// storage.sync quotas the way the browsers do. The v1 data is the stored copy in
// tests/fixtures/storage/v1-sync.json.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  SCHEMA_VERSION, SYNC_QUOTA, migrate, getSites, getSitesInfo, setSiteMode, writeSites, getRules, setRules,
  registrableDomain, siteOfUrl, siteOfInput, originsForSite, itemBytes,
} from '../../extension/lib/storage.js';

const V1 = JSON.parse(readFileSync(new URL('../fixtures/storage/v1-sync.json', import.meta.url), 'utf8'));

function fakeArea({ quota } = {}) {
  const data = new Map();
  let writes = 0;
  const pick = (keys) => {
    if (keys === null || keys === undefined) return Object.fromEntries([...data].map(([k, v]) => [k, structuredClone(v)]));
    const list = typeof keys === 'string' ? [keys] : Array.isArray(keys) ? keys : Object.keys(keys);
    const out = {};
    for (const k of list) if (data.has(k)) out[k] = structuredClone(data.get(k));
    return out;
  };
  return {
    data,
    failWrites: false,
    get: async (keys) => pick(keys),
    set: async function (items) {
      if (this.failWrites) throw new Error('MAX_WRITE_OPERATIONS_PER_MINUTE quota exceeded');
      if (quota) {
        const next = new Map(data);
        for (const [k, v] of Object.entries(items)) {
          if (itemBytes(k, v) > quota.bytesPerItem) throw new Error('QUOTA_BYTES_PER_ITEM quota exceeded');
          next.set(k, v);
        }
        const total = [...next].reduce((t, [k, v]) => t + itemBytes(k, v), 0);
        if (total > quota.bytes) throw new Error('QUOTA_BYTES quota exceeded');
        if (next.size > quota.items) throw new Error('MAX_ITEMS quota exceeded');
      }
      writes++;
      for (const [k, v] of Object.entries(items)) data.set(k, structuredClone(v));
    },
    remove: async (keys) => { for (const k of [].concat(keys)) data.delete(k); },
    get writes() { return writes; },
  };
}
const areas = () => ({ sync: fakeArea({ quota: SYNC_QUOTA }), local: fakeArea() });

describe('registrable domains', () => {
  it('takes the last two labels, three under a known second level', () => {
    assert.equal(registrableDomain('www.example.com'), 'example.com');
    assert.equal(registrableDomain('a.b.news.bbc.co.uk'), 'bbc.co.uk');
    assert.equal(registrableDomain('www.abc.net.au'), 'abc.net.au');
    assert.equal(registrableDomain('example.com.'), 'example.com');
    assert.equal(registrableDomain('127.0.0.1'), '127.0.0.1');
    assert.equal(registrableDomain('localhost'), 'localhost');
    assert.equal(registrableDomain('bad host'), null);
    assert.equal(siteOfUrl('https://edition.cnn.com/2024/a.html'), 'cnn.com');
    assert.equal(siteOfUrl('http://127.0.0.1:8080/x'), '127.0.0.1');
    assert.equal(siteOfUrl('about:blank'), null);
    assert.equal(siteOfInput(' https://www.Example.com/path '), 'example.com');
    assert.equal(siteOfInput('news.example.co.uk'), 'example.co.uk');
    assert.deepEqual(originsForSite('example.com'), ['*://*.example.com/*']);
    assert.deepEqual(originsForSite('127.0.0.1'), ['*://127.0.0.1/*']);
  });
});

describe('migration from schema version 1', () => {
  it('maps the modes, keys by registrable domain, moves the rules to local, removes v1 keys', async () => {
    const a = areas();
    await a.sync.set(V1);
    assert.deepEqual(await migrate(a), { from: 1, to: SCHEMA_VERSION });
    assert.deepEqual(await getSites(a), { 'theguardian.com': 'reader', 'cnn.com': 'declutter', 'bbc.co.uk': 'declutter', '127.0.0.1': 'reader' });
    assert.equal(await getRules(a), V1.customFilters);
    assert.equal(a.sync.data.has('siteModes'), false);
    assert.equal(a.sync.data.has('customFilters'), false);
    assert.equal(a.sync.data.get('schemaVersion'), SCHEMA_VERSION);
    // Idempotent.
    assert.deepEqual(await migrate(a), { from: SCHEMA_VERSION, to: SCHEMA_VERSION });
    assert.deepEqual(Object.keys(await getSites(a)).length, 4);
  });
  it('a fresh install is stamped with the current version', async () => {
    const a = areas();
    assert.deepEqual(await migrate(a), { from: 0, to: SCHEMA_VERSION });
    assert.deepEqual(await getSites(a), {});
    assert.equal(await getRules(a), '');
  });
});

describe('per-site modes in storage.sync', () => {
  it('sets, changes and removes a mode', async () => {
    const a = areas();
    assert.equal((await setSiteMode('www.example.com', 'reader', a)).ok, true);
    assert.deepEqual(await getSites(a), { 'example.com': 'reader' });
    await setSiteMode('example.com', 'declutter', a);
    assert.deepEqual(await getSites(a), { 'example.com': 'declutter' });
    await setSiteMode('example.com', 'off', a);
    assert.deepEqual(await getSites(a), {});
    await assert.rejects(setSiteMode('example.com', 'bogus', a));
  });
  it('shards many sites under the per-item quota, and shrinks back', async () => {
    const a = areas();
    const many = {};
    for (let i = 0; i < 1500; i++) many[`site-number-${i}.example`] = i % 2 ? 'reader' : 'declutter';
    const r = await writeSites(many, a);
    assert.equal(r.ok, true, r.message);
    assert.ok(a.sync.data.get('sitesShards') > 1);
    assert.equal(Object.keys(await getSites(a)).length, 1500);
    await writeSites({ 'a.com': 'reader' }, a);
    assert.equal(a.sync.data.get('sitesShards'), 1);
    assert.deepEqual([...a.sync.data.keys()].filter((k) => k.startsWith('sites.')), ['sites.0']);
  });
  it('over the total quota: keeps everything in storage.local and says so', async () => {
    const a = areas();
    await writeSites({ 'kept.com': 'reader' }, a);
    const huge = {};
    for (let i = 0; i < 6000; i++) huge[`a-rather-long-site-name-number-${i}.example`] = 'declutter';
    const r = await writeSites(huge, a);
    assert.equal(r.ok, false);
    assert.equal(r.fallback, true);
    assert.match(r.message, /bytes/);
    const info = await getSitesInfo(a);
    assert.equal(info.fallback, true);
    assert.equal(Object.keys(info.sites).length, 6000);
    // Back under the quota: sync again, the fallback goes.
    assert.equal((await writeSites({ 'small.com': 'reader' }, a)).ok, true);
    assert.deepEqual(await getSitesInfo(a), { sites: { 'small.com': 'reader' }, fallback: false, reason: '' });
  });
  it('a refused write (too many writes a minute) loses nothing', async () => {
    const a = areas();
    await setSiteMode('one.com', 'reader', a);
    a.sync.failWrites = true;
    const r = await setSiteMode('two.com', 'declutter', a);
    assert.equal(r.ok, false);
    assert.match(r.message, /MAX_WRITE_OPERATIONS_PER_MINUTE/);
    assert.deepEqual(await getSites(a), { 'one.com': 'reader', 'two.com': 'declutter' });
    a.sync.failWrites = false;
    assert.equal((await setSiteMode('three.com', 'reader', a)).ok, true);
    assert.deepEqual(await getSites(a), { 'one.com': 'reader', 'two.com': 'declutter', 'three.com': 'reader' });
  });
});

describe('rules in storage.local', () => {
  it('keeps a large rule list', async () => {
    const a = areas();
    const text = Array.from({ length: 20000 }, (_, i) => `site${i}.com##.promo-${i}`).join('\n');
    assert.equal((await setRules(text, a)).ok, true);
    assert.equal(await getRules(a), text);
  });
});
