// A throw-away folder per browser run (the profile, HOME/TMPDIR for the browser process, a
// downloads folder), and a run's start and stop: that folder, the test server and the browser.
// Also the waits and bounds every test uses, and the last-resort kill.
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from './server.mjs';

/** The bound of every browser test and hook (a test with more steps gives a multiple): nothing may hang. */
export const STEP = 60_000;

export function makeScratch(prefix) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `folio-e2e-${prefix}-`));
  const home = path.join(dir, 'home');
  const tmp = path.join(dir, 'tmp');
  const profile = path.join(dir, 'profile');
  const downloads = path.join(dir, 'downloads');
  for (const d of [home, tmp, profile, downloads]) mkdirSync(d, { recursive: true });
  const env = { ...process.env, HOME: home, TMPDIR: tmp, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_CACHE_HOME: path.join(home, '.cache') };
  return {
    dir, home, tmp, profile, downloads, env,
    cleanup: () => rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }),
  };
}

/**
 * One browser run: a scratch folder named after `name`, the test server on `root` (default:
 * tests/fixtures) and the browser that `launch(scratch)` starts, kept as run[key]. Resolves to
 * {server, scratch, [key], close}; close() runs `stop(browser, scratch)`, stops the server, removes
 * the folder, and never throws. A failed start stops what it started before it throws.
 * (startChromiumRun and startFirefoxRun are the two uses.)
 */
export async function startRun(name, { root, key, launch, stop }) {
  const run = { server: null, scratch: makeScratch(name), [key]: null };
  run.close = async () => {
    await stop(run[key], run.scratch);
    await run.server?.close();
    run.scratch.cleanup();
  };
  try {
    run.server = await startServer(root ? { root } : {});
    run[key] = await launch(run.scratch);
  } catch (err) {
    await run.close();
    throw err;
  }
  return run;
}

/** Polls `fn` until it returns a truthy value; returns it, or throws `message()` after `timeout` ms. */
export async function waitFor(fn, { timeout = 10_000, interval = 100, message = 'condition' } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > end) {
      throw new Error(`Timed out after ${timeout} ms waiting for ${typeof message === 'function' ? await message() : message}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** Rejects after `ms` with a message naming `what`, so no step can hang a test. */
export function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Last resort when a browser does not quit in time: SIGKILL the processes that this run started,
 * recognised by their id through the scratch folder in their command line or environment
 * (HOME/TMPDIR point into it). Returns the pids it killed. Linux only (/proc).
 */
export function killProcessesUsing(dir) {
  const killed = [];
  let pids = [];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
  } catch {
    return killed;
  }
  for (const pid of pids) {
    if (pid === process.pid) continue;
    let uses = false;
    for (const f of ['cmdline', 'environ']) {
      try {
        if (readFileSync(`/proc/${pid}/${f}`, 'latin1').includes(dir)) uses = true;
      } catch {
        // gone, or not ours to read
      }
    }
    if (!uses) continue;
    try {
      process.kill(pid, 'SIGKILL');
      killed.push(pid);
    } catch {
      // already gone
    }
  }
  return killed;
}
