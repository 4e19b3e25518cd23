// Unit tests for extension/lib/storage.js in Node, on fake storage areas that enforce the
// storage.sync quotas the way the browsers do (tests/js/fake-storage.mjs). The stored copies of
// earlier schemas are in tests/fixtures/storage/: v1-sync.json (version 1, Folio 0.0.x) and
// v2-store.json (version 2, with the reader view's settings under "folio.settings.v1").
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  SCHEMA_VERSION, SYNC_QUOTA, migrate, getSites, getSitesInfo, setSiteMode, writeSites, getRules, setRules,
  registrableDomain, siteOfUrl, siteOfInput, originsForSite,
  LEGACY_SETTINGS_KEY, TYPOGRAPHY_DEFAULTS, TYPOGRAPHY_KEY, cleanTypography, getTypography, getTypographyInfo, writeTypography,
} from '../../extension/lib/storage.js';
import { fakeAreas as areas, itemBytes, load, SYNC_QUOTA as BROWSER_SYNC_QUOTA } from './fake-storage.mjs';

const fixture = (name) => JSON.parse(readFileSync(new URL(`../fixtures/storage/${name}`, import.meta.url), 'utf8'));
const V1 = fixture('v1-sync.json');
const V2 = fixture('v2-store.json');
/** What the v1 sites become: modes keyed by registrable domain. */
const V1_SITES = { 'theguardian.com': 'reader', 'cnn.com': 'declutter', 'bbc.co.uk': 'declutter', '127.0.0.1': 'reader' };

it("the module's storage.sync quotas are the browsers'", () => assert.deepEqual(SYNC_QUOTA, BROWSER_SYNC_QUOTA));

describe('registrable domains', () => {
  it('goes by the Public Suffix List', () => {
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

  it("keeps each user's pages on a hosting suffix apart, and asks only for that one", () => {
    assert.equal(siteOfUrl('https://alice.github.io/post'), 'alice.github.io');
    assert.equal(siteOfUrl('https://bob.github.io/'), 'bob.github.io');
    assert.deepEqual(originsForSite('alice.github.io'), ['*://*.alice.github.io/*']);
    assert.equal(registrableDomain('someone.blogspot.com'), 'someone.blogspot.com');
    assert.equal(registrableDomain('github.io'), 'github.io', 'a suffix itself is its own site');
  });

  it('puts the hosts of one registration together', () => {
    assert.equal(registrableDomain('www.web.de'), 'web.de');
    assert.equal(registrableDomain('mail.web.de'), 'web.de');
    assert.equal(registrableDomain('www.bbc.co.uk'), 'bbc.co.uk');
    assert.equal(registrableDomain('shop.example.com.au'), 'example.com.au');
    assert.equal(registrableDomain('x.city.kawasaki.jp'), 'city.kawasaki.jp', 'an exception rule of the list');
    assert.equal(registrableDomain('www.example.xn--p1ai'), 'example.xn--p1ai');
  });

  it('takes addresses and single-label names as they are, and refuses what is no host', () => {
    assert.equal(registrableDomain('192.168.0.10'), '192.168.0.10');
    assert.equal(registrableDomain('[::1]'), '::1');
    assert.equal(siteOfUrl('http://[2001:db8::1]:8080/a'), '2001:db8::1');
    assert.equal(siteOfUrl('http://localhost:3000/a'), 'localhost');
    assert.equal(registrableDomain('intranet'), 'intranet');
    for (const bad of ['', '.', '..', 'a..b', '-a.com', 'a.com-', 'ex ample.com', 'a_b.com', null, 42]) {
      assert.equal(registrableDomain(bad), null, String(bad));
    }
  });

  it('vendors tldts exactly as npm ships it (package-lock decides the version)', () => {
    const vendored = readFileSync(new URL('../../extension/vendor/tldts.js', import.meta.url));
    const shipped = readFileSync(new URL('../../node_modules/tldts/dist/index.esm.min.js', import.meta.url));
    assert.ok(vendored.equals(shipped), 'extension/vendor/tldts.js differs from node_modules/tldts: see extension/vendor/README.md');
  });
});

describe('migration from schema version 1', () => {
  it('maps the modes, keys by registrable domain, moves the rules to local, removes v1 keys (v1 → v3)', async () => {
    const a = areas();
    await a.sync.set(V1);
    assert.equal(SCHEMA_VERSION, 3);
    assert.deepEqual(await migrate(a), { from: 1, to: SCHEMA_VERSION });
    assert.deepEqual(await getSites(a), V1_SITES);
    assert.equal(await getRules(a), V1.customFilters);
    assert.equal(a.sync.data.has('siteModes'), false);
    assert.equal(a.sync.data.has('customFilters'), false);
    assert.equal(a.sync.data.get('schemaVersion'), SCHEMA_VERSION);
    assert.equal(a.local.data.get('schemaVersion'), SCHEMA_VERSION);
    // Version 1 had no typography: the defaults, and nothing written for them.
    assert.deepEqual(await getTypographyInfo(a), { settings: { ...TYPOGRAPHY_DEFAULTS }, fallback: false, reason: '' });
    assert.equal(a.sync.data.has(TYPOGRAPHY_KEY), false);
    // Idempotent.
    assert.deepEqual(await migrate(a), { from: SCHEMA_VERSION, to: SCHEMA_VERSION });
    assert.deepEqual(await getSites(a), V1_SITES);
    assert.equal(await getRules(a), V1.customFilters);
  });
  it('v1 with the reader view\'s settings beside it: sites, rules and typography all reach v3', async () => {
    const a = areas();
    const typography = V2.sync[LEGACY_SETTINGS_KEY];
    await a.sync.set({ ...V1, [LEGACY_SETTINGS_KEY]: typography });
    assert.deepEqual(await migrate(a), { from: 1, to: SCHEMA_VERSION });
    assert.deepEqual(await getSites(a), V1_SITES);
    assert.equal(await getRules(a), V1.customFilters);
    assert.deepEqual(await getTypography(a), typography);
    assert.deepEqual(a.sync.data.get(TYPOGRAPHY_KEY), typography);
    assert.deepEqual([...a.sync.data.keys()].sort(), ['schemaVersion', 'sites.0', 'sitesShards', TYPOGRAPHY_KEY].sort());
  });
  it('the reader view writing before the migration has run does not hide the v1 data from it', async () => {
    const a = areas();
    await a.sync.set(V1);
    await writeTypography({ ...TYPOGRAPHY_DEFAULTS, theme: 'dark' }, a);
    assert.deepEqual(await migrate(a), { from: 1, to: SCHEMA_VERSION });
    assert.deepEqual(await getSites(a), V1_SITES);
    assert.equal(await getRules(a), V1.customFilters);
    assert.equal((await getTypography(a)).theme, 'dark');
  });
  it('a fresh install is stamped with the current version', async () => {
    const a = areas();
    assert.deepEqual(await migrate(a), { from: 0, to: SCHEMA_VERSION });
    assert.deepEqual(await getSites(a), {});
    assert.equal(await getRules(a), '');
    assert.deepEqual(await getTypography(a), TYPOGRAPHY_DEFAULTS);
  });
});

describe('migration from schema version 2 (the stored copy in v2-store.json)', () => {
  it('moves folio.settings.v1 to the typography key, keeps sites and rules, stamps v3', async () => {
    const a = load(areas(), V2);
    assert.deepEqual(await migrate(a), { from: 2, to: SCHEMA_VERSION });
    assert.deepEqual(await getTypographyInfo(a), { settings: V2.sync[LEGACY_SETTINGS_KEY], fallback: false, reason: '' });
    assert.deepEqual(a.sync.data.get(TYPOGRAPHY_KEY), V2.sync[LEGACY_SETTINGS_KEY]);
    assert.equal(a.sync.data.has(LEGACY_SETTINGS_KEY), false, 'the old key is left in storage.sync');
    assert.deepEqual(await getSites(a), V2.sync['sites.0']);
    assert.equal(await getRules(a), V2.local.rules);
    assert.equal(a.sync.data.get('schemaVersion'), SCHEMA_VERSION);
    assert.equal(a.local.data.get('schemaVersion'), SCHEMA_VERSION);
    assert.equal(a.local.data.has('typographyFallback'), false);
    // Idempotent: nothing more to do, nothing written.
    const writes = [a.sync.writes, a.local.writes];
    assert.deepEqual(await migrate(a), { from: SCHEMA_VERSION, to: SCHEMA_VERSION });
    assert.deepEqual([a.sync.writes, a.local.writes], writes);
    assert.deepEqual(await getTypography(a), V2.sync[LEGACY_SETTINGS_KEY]);
  });
  it('removes the old key only after the new data is written', async () => {
    const a = load(areas(), V2);
    await migrate(a);
    const ops = a.sync.log.map(([op, keys]) => `${op} ${keys.join(',')}`);
    const wrote = ops.findIndex((o) => o.startsWith('set') && o.includes(TYPOGRAPHY_KEY));
    const removed = ops.indexOf(`remove ${LEGACY_SETTINGS_KEY}`);
    assert.ok(wrote >= 0 && removed > wrote, `storage.sync operations: ${JSON.stringify(ops)}`);
  });
  it('an interrupted migration (the old key not yet removed) finishes later and keeps newer settings', async () => {
    const a = load(areas(), V2);
    a.sync.failRemoves = true;
    await assert.rejects(migrate(a), /interrupted/);
    assert.deepEqual(a.sync.data.get(TYPOGRAPHY_KEY), V2.sync[LEGACY_SETTINGS_KEY], 'the new data was written first');
    assert.ok(a.sync.data.has(LEGACY_SETTINGS_KEY));
    // The reader view changes a setting meanwhile; the old key must not overwrite it.
    const newer = { ...V2.sync[LEGACY_SETTINGS_KEY], theme: 'dark', size: 24 };
    assert.equal((await writeTypography(newer, a)).ok, true);
    assert.deepEqual(await getTypography(a), newer);
    a.sync.failRemoves = false;
    assert.deepEqual(await migrate(a), { from: 2, to: SCHEMA_VERSION });
    assert.equal(a.sync.data.has(LEGACY_SETTINGS_KEY), false);
    assert.deepEqual(await getTypography(a), newer);
  });
  it('before the migration has run, the reader view still reads the old key', async () => {
    const a = load(areas(), V2);
    assert.deepEqual(await getTypography(a), V2.sync[LEGACY_SETTINGS_KEY]);
  });
  it('storage.sync refuses the write: the settings are kept in storage.local, reported, the old key goes only then', async () => {
    const a = load(areas(), V2);
    a.sync.failWrites = true;
    await migrate(a).catch(() => {}); // stamping storage.sync fails too; the next start finishes it
    const info = await getTypographyInfo(a);
    assert.deepEqual(info.settings, V2.sync[LEGACY_SETTINGS_KEY]);
    assert.equal(info.fallback, true);
    assert.match(info.reason, /MAX_WRITE_OPERATIONS_PER_MINUTE/);
    assert.deepEqual(a.local.data.get('typographyFallback').settings, V2.sync[LEGACY_SETTINGS_KEY]);
    assert.equal(a.sync.data.has(LEGACY_SETTINGS_KEY), false);
    // Sync works again: the next start stamps v3; the next write syncs and the local copy goes.
    a.sync.failWrites = false;
    assert.deepEqual(await migrate(a), { from: 2, to: SCHEMA_VERSION });
    assert.deepEqual(await getTypography(a), V2.sync[LEGACY_SETTINGS_KEY]);
    assert.equal((await writeTypography(await getTypography(a), a)).ok, true);
    assert.deepEqual(await getTypographyInfo(a), { settings: V2.sync[LEGACY_SETTINGS_KEY], fallback: false, reason: '' });
    assert.equal(a.local.data.has('typographyFallback'), false);
  });
  it('invalid stored values are sanitised field by field; the valid ones are kept', async () => {
    const a = load(areas(), V2);
    a.sync.data.set(LEGACY_SETTINGS_KEY, { theme: 'neon', font: 3, size: '22', width: 'wide', spacing: 'loose', extra: 'x' });
    await migrate(a);
    const want = { ...TYPOGRAPHY_DEFAULTS, width: 'wide', spacing: 'loose' };
    assert.deepEqual(await getTypography(a), want);
    assert.deepEqual(a.sync.data.get(TYPOGRAPHY_KEY), want, 'only checked values are written');
    assert.deepEqual(await getSites(a), V2.sync['sites.0'], 'the rest of the store is untouched');
    assert.equal(await getRules(a), V2.local.rules);
  });
  it('an old key that is not an object at all gives the defaults and is still removed', async () => {
    const a = load(areas(), V2);
    a.sync.data.set(LEGACY_SETTINGS_KEY, 'dark');
    await migrate(a);
    assert.deepEqual(await getTypography(a), TYPOGRAPHY_DEFAULTS);
    assert.equal(a.sync.data.has(LEGACY_SETTINGS_KEY), false);
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

describe('typography (the reader view\'s settings) in storage.sync', () => {
  it('defaults when nothing is stored', async () => {
    const a = areas();
    assert.deepEqual(await getTypographyInfo(a), { settings: { ...TYPOGRAPHY_DEFAULTS }, fallback: false, reason: '' });
    assert.deepEqual(TYPOGRAPHY_DEFAULTS, { theme: 'system', font: 'serif', size: 19, width: 'medium', spacing: 'normal' });
    assert.equal(a.sync.writes + a.local.writes, 0, 'reading writes nothing');
  });
  it('writes, reads back and changes the settings', async () => {
    const a = areas();
    const chosen = { theme: 'dark', font: 'sans', size: 22, width: 'wide', spacing: 'loose' };
    assert.deepEqual(await writeTypography(chosen, a), { ok: true, fallback: false, message: '' });
    assert.deepEqual(a.sync.data.get(TYPOGRAPHY_KEY), chosen);
    assert.deepEqual(await getTypography(a), chosen);
    await writeTypography({ ...chosen, theme: 'sepia' }, a);
    assert.deepEqual(await getTypography(a), { ...chosen, theme: 'sepia' });
  });
  it('sanitises wrong types and unknown values without losing the rest', async () => {
    assert.deepEqual(cleanTypography({ theme: 'purple', font: 'sans', size: 22.5, width: null, spacing: ['loose'] }),
      { ...TYPOGRAPHY_DEFAULTS, font: 'sans' });
    assert.deepEqual(cleanTypography({ theme: 'DARK', font: 'serif', size: 32, width: 'narrow', spacing: 'tight' }),
      { theme: 'system', font: 'serif', size: 32, width: 'narrow', spacing: 'tight' });
    for (const bad of [null, undefined, 42, 'dark', true, [], ['dark']]) assert.deepEqual(cleanTypography(bad), TYPOGRAPHY_DEFAULTS);
    const a = areas();
    a.sync.data.set(TYPOGRAPHY_KEY, { theme: 'sepia', font: 7, size: '19', width: 'wide', spacing: {} });
    assert.deepEqual(await getTypography(a), { ...TYPOGRAPHY_DEFAULTS, theme: 'sepia', width: 'wide' });
    // What is written is checked too.
    await writeTypography({ theme: 'unknown', size: 1000, width: 'narrow', bogus: 1 }, a);
    assert.deepEqual(a.sync.data.get(TYPOGRAPHY_KEY), { ...TYPOGRAPHY_DEFAULTS, width: 'narrow' });
    // And a damaged local copy.
    a.local.data.set('typographyFallback', { settings: { theme: 'dark', size: 'big' }, savedAt: 0, reason: 'x' });
    assert.deepEqual((await getTypographyInfo(a)).settings, { ...TYPOGRAPHY_DEFAULTS, theme: 'dark' });
  });
  it('a refused sync write (too many writes a minute) keeps the settings locally and reports it', async () => {
    const a = areas();
    const before = { ...TYPOGRAPHY_DEFAULTS, theme: 'light' };
    await writeTypography(before, a);
    a.sync.failWrites = true;
    const chosen = { theme: 'dark', font: 'sans', size: 24, width: 'narrow', spacing: 'tight' };
    const r = await writeTypography(chosen, a);
    assert.equal(r.ok, false);
    assert.equal(r.fallback, true);
    assert.match(r.message, /MAX_WRITE_OPERATIONS_PER_MINUTE/);
    const info = await getTypographyInfo(a);
    assert.deepEqual(info.settings, chosen, 'the chosen settings are lost');
    assert.equal(info.fallback, true);
    assert.match(info.reason, /MAX_WRITE_OPERATIONS_PER_MINUTE/);
    assert.deepEqual(a.sync.data.get(TYPOGRAPHY_KEY), before, 'storage.sync keeps the last value it took');
    // Sites have their own fallback: unaffected.
    assert.equal((await getSitesInfo(a)).fallback, false);
    // Sync takes writes again: the next one syncs, the local copy goes.
    a.sync.failWrites = false;
    assert.equal((await writeTypography({ ...chosen, size: 26 }, a)).ok, true);
    assert.deepEqual(await getTypographyInfo(a), { settings: { ...chosen, size: 26 }, fallback: false, reason: '' });
    assert.equal(a.local.data.has('typographyFallback'), false);
  });
  it('storage.sync full (its total quota): kept locally, reported, nothing else lost', async () => {
    const a = areas();
    await writeSites({ 'kept.com': 'reader' }, a);
    // Another writer used up the room: 40 bytes are left, less than the typography takes.
    const used = [...a.sync.data].reduce((t, [k, v]) => t + itemBytes(k, v), 0);
    a.sync.data.set('filler', 'x'.repeat(SYNC_QUOTA.bytes - used - itemBytes('filler', '') - 40));
    const chosen = { theme: 'sepia', font: 'serif', size: 17, width: 'wide', spacing: 'normal' };
    const r = await writeTypography(chosen, a);
    assert.equal(r.ok, false);
    assert.match(r.message, /QUOTA_BYTES/);
    assert.deepEqual(await getTypographyInfo(a), { settings: chosen, fallback: true, reason: r.message });
    assert.deepEqual(await getSites(a), { 'kept.com': 'reader' });
  });
});
