// The benchmark's chart: per-page median times of Folio (snapshot + core), Readability.js and the
// floor (one TreeWalker pass), log-scale y, pages sorted by Readability.js's time. Plain SVG.
//   node bench/chart.mjs [bench/results/latest.json] [docs/bench-chart.svg]
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const SERIES = [
  { key: 'readability', label: 'Readability.js: new Readability(document.cloneNode(true)).parse()', color: '#c0392b' },
  { key: 'folio', label: 'Folio: snapshot + core (read live DOM → report + article DOM)', color: '#1f6fb2' },
  { key: 'floor', label: 'Floor: one TreeWalker pass over the text nodes', color: '#7f8c8d' },
];

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/** Returns the SVG text for `results` (the object run.mjs writes to bench/results/latest.json). */
export function chartSvg(results) {
  const rows = results.pages
    .filter((p) => !p.error && p.median && SERIES.every((s) => p.median[s.key] > 0))
    .sort((a, b) => a.median.readability - b.median.readability);
  const W = 960, H = 520;
  const m = { left: 64, right: 20, top: 56, bottom: 92 };
  const pw = W - m.left - m.right, ph = H - m.top - m.bottom;
  const all = rows.flatMap((p) => SERIES.map((s) => p.median[s.key]));
  const lo = Math.floor(Math.log10(Math.max(Math.min(...all, 1), 1e-3)));
  const hi = Math.ceil(Math.log10(Math.max(...all, 10)));
  const x = (i) => m.left + (rows.length <= 1 ? pw / 2 : (i * pw) / (rows.length - 1));
  const y = (v) => m.top + ph - ((Math.log10(v) - lo) / (hi - lo)) * ph;
  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="system-ui, sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  const s = results.summary ?? {};
  out.push(`<text x="${m.left}" y="22" font-size="15" font-weight="600">Time per page, ms (median of ${esc(results.meta?.runs ?? '?')} runs, log scale), ${rows.length} pages, headless Chromium ${esc(results.meta?.chromium ?? '')}</text>`);
  if (s.ratioReadability) {
    out.push(`<text x="${m.left}" y="40" fill="#333">Folio / Readability.js: median ${s.ratioReadability.median.toFixed(3)}, p95 ${s.ratioReadability.p95.toFixed(3)} · Folio / floor: median ${s.ratioFloor.median.toFixed(2)}</text>`);
  }
  // Grid: decades and their 2× and 5×.
  for (let d = lo; d <= hi; d++) {
    for (const k of [1, 2, 5]) {
      const v = k * 10 ** d;
      if (Math.log10(v) > hi + 1e-9) continue;
      const yy = y(v).toFixed(1);
      out.push(`<line x1="${m.left}" x2="${W - m.right}" y1="${yy}" y2="${yy}" stroke="${k === 1 ? '#bbb' : '#eee'}"/>`);
      if (k === 1 || hi - lo <= 3) {
        const label = v >= 1 ? String(v) : v.toPrecision(1);
        out.push(`<text x="${m.left - 6}" y="${(+yy + 4).toFixed(1)}" text-anchor="end" fill="#555">${label}</text>`);
      }
    }
  }
  out.push(`<text transform="translate(16 ${m.top + ph / 2}) rotate(-90)" text-anchor="middle" fill="#333">ms (log)</text>`);
  out.push(`<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${m.top + ph}" stroke="#333"/>`);
  out.push(`<line x1="${m.left}" x2="${W - m.right}" y1="${m.top + ph}" y2="${m.top + ph}" stroke="#333"/>`);
  out.push(`<text x="${m.left + pw / 2}" y="${m.top + ph + 18}" text-anchor="middle" fill="#333">pages of readability-test-pages, sorted by Readability.js time (hover a point for its page)</text>`);
  for (const ser of SERIES) {
    const pts = rows.map((p, i) => `${x(i).toFixed(1)},${y(p.median[ser.key]).toFixed(1)}`);
    if (pts.length > 1) out.push(`<polyline fill="none" stroke="${ser.color}" stroke-width="1.2" stroke-opacity="0.55" points="${pts.join(' ')}"/>`);
    rows.forEach((p, i) => {
      out.push(`<circle cx="${x(i).toFixed(1)}" cy="${y(p.median[ser.key]).toFixed(1)}" r="2.6" fill="${ser.color}"><title>${esc(p.name)}: ${ser.key} ${p.median[ser.key].toFixed(2)} ms</title></circle>`);
    });
  }
  SERIES.forEach((ser, i) => {
    const ly = m.top + ph + 40 + i * 16;
    out.push(`<circle cx="${m.left + 6}" cy="${ly - 4}" r="4" fill="${ser.color}"/>`);
    out.push(`<text x="${m.left + 16}" y="${ly}" fill="#222">${esc(ser.label)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}

export function writeChart(results, file) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, chartSvg(results));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
  const src = process.argv[2] ?? path.join(root, 'bench/results/latest.json');
  const dst = process.argv[3] ?? path.join(root, 'docs/bench-chart.svg');
  writeChart(JSON.parse(readFileSync(src, 'utf8')), dst);
  console.log(`wrote ${dst}`);
}
