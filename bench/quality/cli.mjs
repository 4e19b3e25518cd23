// The native side: `folio extract PAGE --url URL` per page (the parity reference), and
// `folio quality DIR` rows (to prove the metric port in check-metrics.mjs).
import { execFile } from 'node:child_process';

const MAX_BUFFER = 512 * 1024 * 1024;

/**
 * Runs `folio extract FILE --url URL`. Resolves (never rejects) to {exit, hasArticle, text, title,
 * error, ms}: exit 0 an article (text = report.textContent), 2 no article, 1 unreadable.
 */
export function extractNative(folio, file, url, { timeout = 60_000 } = {}) {
  const t0 = Date.now();
  return new Promise((resolve) => {
    execFile(folio, ['extract', file, '--url', url], { maxBuffer: MAX_BUFFER, timeout, encoding: 'utf8' }, (err, stdout, stderr) => {
      const ms = Date.now() - t0;
      const exit = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      if (exit === 0) {
        try {
          const r = JSON.parse(stdout);
          resolve({ exit, hasArticle: r.hasArticle !== false, text: r.textContent ?? '', title: r.title ?? null, ms });
        } catch (e) {
          resolve({ exit, hasArticle: false, text: '', error: `bad JSON from folio extract: ${e.message}`, ms });
        }
        return;
      }
      const why = String(stderr || err?.message || '').trim().split('\n').pop();
      resolve({ exit, hasArticle: false, text: '', error: exit === 2 ? undefined : why || `exit ${exit ?? err?.signal}`, note: why, ms });
    });
  });
}

/** Maps `items` through async `fn` with at most `limit` at a time; results in order. */
export async function pool(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i], i);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

/** Runs `folio quality DIR [...args]`; resolves to {exit, stdout}. */
export function runQuality(folio, dir, args = []) {
  return new Promise((resolve) => {
    execFile(folio, ['quality', dir, ...args], { maxBuffer: MAX_BUFFER, encoding: 'utf8' }, (err, stdout) => {
      resolve({ exit: err ? err.code : 0, stdout });
    });
  });
}

/** Readability rows: `name  f1=0.987 p=0.99 r=0.98  meta=…` -> Map name -> {f1, p, r}. */
export function parseReadabilityRows(stdout) {
  const rows = new Map();
  for (const line of stdout.split('\n')) {
    const m = /^(\S+)\s+f1=([\d.]+) p=([\d.]+) r=([\d.]+)\s/.exec(line);
    if (m) rows.set(m[1], { f1: Number(m[2]), p: Number(m[3]), r: Number(m[4]), line });
  }
  return rows;
}

/** Snippet rows: `NAME.html  tp 3 fn 1 fp 0 tn 3  A…` -> Map file -> counts and half. */
export function parseSnippetRows(stdout) {
  const rows = new Map();
  for (const line of stdout.split('\n')) {
    const m = /^(.+?) +tp (\d+) fn (\d+) fp (\d+) tn (\d+)  ([AB])(?:  |$)/.exec(line);
    if (m) rows.set(m[1], { tp: +m[2], fn: +m[3], fp: +m[4], tn: +m[5], half: m[6], line });
  }
  return rows;
}
