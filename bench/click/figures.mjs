// The click benchmark's figures: one click's times from its timeline, and the summaries over pages
// (percentiles, the stage table, the ratio against Readability.js).

/**
 * The marks of the extension's timeline, in the order of the click path. A build may keep only
 * some: the reader view's (extension/reader/timing.js) since the first timed build, the
 * background's and the content script's ones since they came to the view with the snapshot.
 */
export const STAGES = [
  { key: 'clicked', label: 'background: click received' },
  { key: 'injected', label: 'content script running' },
  { key: 'frameInserted', label: 'reader frame inserted' },
  { key: 'snapshotStart', label: 'page read: start' },
  { key: 'snapshotEnd', label: 'page read: end' },
  { key: 'snapshotSent', label: 'snapshot sent' },
  { key: 'frame', label: 'reader page: navigation start' },
  { key: 'htmlResponse', label: 'reader page: response' },
  { key: 'htmlParsed', label: 'reader page: parsed' },
  { key: 'boot', label: 'reader boot.js running' },
  { key: 'script', label: 'reader script running' },
  { key: 'compiled', label: 'core compiled' },
  { key: 'core', label: 'core instantiated' },
  { key: 'snapshot', label: 'snapshot in the view' },
  { key: 'read', label: 'core read(): start' },
  { key: 'readEnd', label: 'core read(): end' },
  { key: 'ready', label: 'view ready' },
  { key: 'painted', label: 'painted' },
];

/** One click: each mark as ms since the click, and the durations that matter. */
export function clickFigures(view) {
  const t = view?.timings;
  if (!t || view.clickAt == null) return {};
  const out = {};
  for (const [k, v] of Object.entries(t)) if (typeof v === 'number') out[k] = v - view.clickAt;
  // The final state's mark stands for "ready" on a page with no article or an error.
  out.ready ??= out['no-article'] ?? out.error;
  const span = (a, b) => (t[a] != null && t[b] != null ? t[b] - t[a] : null);
  out.snapshotMs = span('snapshotStart', 'snapshotEnd');
  out.coreMs = span('read', 'readEnd');
  out.folioMs = out.snapshotMs != null && out.coreMs != null ? out.snapshotMs + out.coreMs : null;
  return out;
}

export function percentile(values, p) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  return v[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))];
}
const median = (v) => percentile(v, 50);
const ms = (x) => (x == null ? 'n/a' : x.toFixed(0));
const ratio = (x) => (x == null ? 'n/a' : x.toFixed(2));

/** "median (later median)" of mark `key` since the click, or null when no row has it. */
export function stageRow(rows, key) {
  const ok = rows.filter((r) => !r.error);
  const first = median(ok.map((r) => clickFigures(r.first)[key]));
  const later = median(ok.flatMap((r) => (r.later ?? []).map((l) => clickFigures(l)[key])));
  if (first == null && later == null) return null;
  return `${ms(first)} (${ms(later)})`;
}

/** The figures of one browser on one corpus, and their line. */
export function summary(rows) {
  const ok = rows.filter((r) => !r.error && r.first);
  const first = ok.map((r) => clickFigures(r.first).painted);
  const later = ok.flatMap((r) => (r.later ?? []).map((l) => clickFigures(l).painted));
  const s = {
    pages: rows.length, errors: rows.length - ok.length,
    first: { p50: median(first), p95: percentile(first, 95), max: percentile(first, 100) },
    later: { p50: median(later), p95: percentile(later, 95), max: percentile(later, 100) },
  };
  s.firstOverLater = s.first.p50 != null && s.later.p50 ? s.first.p50 / s.later.p50 : null;
  // Folio's read of the page + core against Readability.js in the same page: first click against
  // its first run, later clicks against its second.
  const ratios = (pick, run) => ok.map((r) => {
    const f = pick(r);
    const rd = r.readability?.[run]?.ms;
    return f != null && rd ? f / rd : null;
  });
  s.vsReadability = {
    first: median(ratios((r) => clickFigures(r.first).folioMs, 0)),
    later: median(ratios((r) => (r.later?.length ? clickFigures(r.later[0]).folioMs : null), 1)),
    folioMs: median(ok.map((r) => clickFigures(r.first).folioMs)),
    readabilityMs: median(ok.map((r) => r.readability?.[0]?.ms)),
  };
  s.line = `click -> painted: first p50 ${ms(s.first.p50)} ms, p95 ${ms(s.first.p95)}, max ${ms(s.first.max)}; ` +
    `later p50 ${ms(s.later.p50)}, p95 ${ms(s.later.p95)}, max ${ms(s.later.max)}; first/later ${ratio(s.firstOverLater)}; ` +
    `read + core / Readability.js median ${ratio(s.vsReadability.first)} (later ${ratio(s.vsReadability.later)}); ` +
    `pages ${ok.length}${s.errors ? `, errors ${s.errors}` : ''}`;
  return s;
}
