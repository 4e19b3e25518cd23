// The snapshot's way from the content script to the reader frame of the same tab, by nonce:
// whichever of the two comes first waits for the other.

// The content script sends the snapshot as soon as the page is read; the frame asks for it when
// it runs. A frame that loads again (a page that moves the view's host) asks again and gets it
// again; when this background was restarted in between, the content script is asked, as it
// keeps its view's snapshot. Only a frame of that tab and nonce ever gets it; a tab keeps its
// newest view's snapshot, for a while.

// How long a snapshot is kept here after it came (the content script keeps its own).
const KEEP_MS = 120_000;

/** @type {Map<string, {tabId: number, at: number, answer?: object, waiting: Array<(answer: object) => void>}>} */
const pending = new Map();
const keyOf = (tabId, nonce) => `${tabId} ${nonce}`;

function sweep(now) {
  for (const [key, entry] of pending) if (now - entry.at > KEEP_MS && !entry.waiting.length) pending.delete(key);
}

function entryFor(tabId, nonce, now) {
  const key = keyOf(tabId, nonce);
  let entry = pending.get(key);
  if (!entry) {
    entry = { tabId, at: now, waiting: [] };
    pending.set(key, entry);
  }
  return entry;
}

/** From the content script of `tabId`'s top frame: the snapshot (or {error}) and its marks. */
export function offer(tabId, nonce, snapshot, marks) {
  const now = Date.now();
  sweep(now);
  // A tab's older views are closed: their snapshots go.
  for (const [key, entry] of pending) {
    if (entry.tabId === tabId && key !== keyOf(tabId, nonce) && !entry.waiting.length) pending.delete(key);
  }
  const entry = entryFor(tabId, nonce, now);
  entry.answer = { snapshot, marks: marks && typeof marks === "object" ? marks : {} };
  entry.at = now;
  for (const resolve of entry.waiting.splice(0)) resolve(entry.answer);
}

/**
 * For the reader frame in `tabId` that shows `nonce`: resolves to {snapshot, marks}. `ask()`
 * asks the content script for the snapshot it has (a promise of it, or of null while it is
 * still reading); called only when none is here.
 */
export function take(tabId, nonce, ask = null) {
  const now = Date.now();
  sweep(now);
  const entry = entryFor(tabId, nonce, now);
  if (entry.answer) return Promise.resolve(entry.answer);
  const answer = new Promise((resolve) => entry.waiting.push(resolve));
  ask?.().then(
    (snapshot) => {
      if (snapshot != null && !entry.answer) offer(tabId, nonce, snapshot, {});
    },
    () => {}, // no content script (yet): its offer will come, or the view is gone
  );
  return answer;
}

/** The tab's view closed, or the tab did: its snapshots go (not a frame's pending ask). */
export function forgetTab(tabId) {
  for (const [key, entry] of pending) if (entry.tabId === tabId && !entry.waiting.length) pending.delete(key);
}
