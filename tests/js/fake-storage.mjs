// Fake browser storage areas for the unit tests, in Node: storage.sync enforces its quotas the way
// the browsers do (per item, in total, in items) and either area can be told to refuse writes.
// fakeBrowser() also gives a `storage.onChanged` that fires, after the write, as the browsers do.
// Self-contained (it does not import the code under test), so a test can install fakeBrowser()
// as globalThis.chrome before it loads extension modules.

/** storage.sync's quotas, the same in Chrome and Firefox. */
export const SYNC_QUOTA = { bytesPerItem: 8192, bytes: 102400, items: 512, writesPerMinute: 120 };
/** How storage.sync counts an item: the key's length plus its value as JSON (UTF-8 bytes). */
export const itemBytes = (key, value) => new TextEncoder().encode(key + JSON.stringify(value)).length;

export function fakeArea({ quota, name, emit } = {}) {
  const data = new Map();
  let writes = 0;
  const pick = (keys) => {
    if (keys === null || keys === undefined) return Object.fromEntries([...data].map(([k, v]) => [k, structuredClone(v)]));
    const list = typeof keys === 'string' ? [keys] : Array.isArray(keys) ? keys : Object.keys(keys);
    const out = {};
    for (const k of list) if (data.has(k)) out[k] = structuredClone(data.get(k));
    return out;
  };
  const changed = (before, keys) => {
    const changes = {};
    for (const k of keys) {
      const oldValue = before.get(k);
      const newValue = data.get(k);
      if (JSON.stringify(oldValue) === JSON.stringify(newValue)) continue;
      changes[k] = {};
      if (before.has(k)) changes[k].oldValue = structuredClone(oldValue);
      if (data.has(k)) changes[k].newValue = structuredClone(newValue);
    }
    if (emit && Object.keys(changes).length) setImmediate(() => emit(changes, name));
  };
  return {
    data,
    /** Operations in order: ['set', [keys]] or ['remove', [keys]]. */
    log: [],
    failWrites: false,
    failRemoves: false,
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
      this.log.push(['set', Object.keys(items)]);
      const before = new Map(data);
      for (const [k, v] of Object.entries(items)) data.set(k, structuredClone(v));
      changed(before, Object.keys(items));
    },
    remove: async function (keys) {
      if (this.failRemoves) throw new Error('removal interrupted');
      const list = [].concat(keys);
      this.log.push(['remove', list]);
      const before = new Map(data);
      for (const k of list) data.delete(k);
      changed(before, list);
    },
    get writes() { return writes; },
  };
}

/** {sync, local}: sync with the real quotas, local without. */
export const fakeAreas = () => ({ sync: fakeArea({ quota: SYNC_QUOTA }), local: fakeArea() });

/** A minimal `chrome`: storage.sync, storage.local and storage.onChanged. */
export function fakeBrowser() {
  const listeners = new Set();
  const emit = (changes, areaName) => { for (const l of [...listeners]) l(changes, areaName); };
  return {
    storage: {
      sync: fakeArea({ quota: SYNC_QUOTA, name: 'sync', emit }),
      local: fakeArea({ name: 'local', emit }),
      onChanged: {
        addListener: (l) => listeners.add(l),
        removeListener: (l) => listeners.delete(l),
        hasListener: (l) => listeners.has(l),
      },
    },
  };
}

/** Loads a stored copy ({sync, local}) into fake areas, as the browser would hold it. */
export function load(areas, stored) {
  for (const [name, items] of Object.entries(stored)) {
    for (const [k, v] of Object.entries(items)) areas[name].data.set(k, structuredClone(v));
  }
  return areas;
}
