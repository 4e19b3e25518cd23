// Proves that this benchmark scores exactly as `folio quality` does: the CLI's own texts
// (`folio extract`, the same binary) scored by the port give `folio quality`'s page rows and its
// summary figures. Used by run.mjs (every run, on the pages it runs) and on its own:
//   node bench/quality/check-metrics.mjs [--corpus-root DIR] [--folio BIN]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORPUS_DIRS, READABILITY, TRAFILATURA, loadReadability, loadTrafilatura, scorePage } from './corpus.mjs';
import { extractNative, parseReadabilityRows, parseSnippetRows, pool, runQuality } from './cli.mjs';
import { addCounts, aggregate, countsF1, countsPrecision, countsRecall, ZERO_COUNTS } from './metrics.mjs';

const close = (a, b, places) => Math.abs(a - b) <= 0.5 * 10 ** -places + 1e-9;

/** Scores the CLI outcome of `page` (native = extractNative's result). */
export function scoreNative(page, native) {
  const outcome = native.exit === 0 ? 'article' : native.exit === 2 ? 'no-article' : 'error';
  return scorePage(page, outcome, native.text);
}

/**
 * Compares the port's scores of the CLI texts with `folio quality`'s rows for `pages` (one
 * corpus), and when `whole` is set (all the corpus's pages) also the summary line. Resolves to a
 * list of problems (empty: the port is exact).
 */
export async function checkCorpus(folio, root, corpus, pages, natives, { whole = false, allow = null } = {}) {
  const dir = path.join(root, CORPUS_DIRS[corpus]);
  const args = corpus === READABILITY && allow ? ['--allow', allow] : [];
  const { stdout } = await runQuality(folio, dir, args);
  const problems = [];
  if (corpus === READABILITY) {
    const rows = parseReadabilityRows(stdout);
    const scores = [];
    pages.forEach((p, i) => {
      const s = scoreNative(p, natives[i]).score;
      scores.push(s);
      const row = rows.get(p.name);
      if (!row) problems.push(`${p.name}: no row in folio quality's output`);
      else if (!close(s.f1, row.f1, 3) || !close(s.precision, row.p, 2) || !close(s.recall, row.r, 2)) {
        problems.push(`${p.name}: port f1=${s.f1.toFixed(3)} p=${s.precision.toFixed(2)} r=${s.recall.toFixed(2)}; folio quality: ${row.line.trim()}`);
      }
    });
    if (whole) {
      const a = aggregate(scores);
      const mine = `F1 ${a.f1.toFixed(3)}, P ${a.precision.toFixed(3)}, R ${a.recall.toFixed(3)}`;
      const last = stdout.trim().split('\n').pop() ?? '';
      if (!last.startsWith(`quality: ${mine}`)) problems.push(`summary: port "${mine}"; folio quality "${last}"`);
    }
  } else {
    const rows = parseSnippetRows(stdout);
    let total = ZERO_COUNTS;
    pages.forEach((p, i) => {
      const c = scoreNative(p, natives[i]).counts;
      total = addCounts(total, c);
      const row = rows.get(p.name);
      if (!row) problems.push(`${p.name}: no row in folio quality's output`);
      else if (row.tp !== c.tp || row.fn !== c.fn || row.fp !== c.fp || row.tn !== c.tn || row.half !== p.half) {
        problems.push(`${p.name}: port tp ${c.tp} fn ${c.fn} fp ${c.fp} tn ${c.tn} ${p.half}; folio quality: ${row.line.trim()}`);
      }
    });
    if (whole) {
      const mine = `snippets F1 ${countsF1(total).toFixed(3)}, P ${countsPrecision(total).toFixed(3)}, R ${countsRecall(total).toFixed(3)} (tp ${total.tp}, fn ${total.fn}, fp ${total.fp}, tn ${total.tn})`;
      const line = stdout.split('\n').find((l) => l.startsWith('quality: snippets')) ?? '';
      if (!line.startsWith(`quality: ${mine}`)) problems.push(`summary: port "${mine}"; folio quality "${line}"`);
    }
  }
  return problems;
}

// ---- on its own --------------------------------------------------------------------------------
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const argv = process.argv.slice(2);
  const opt = (name, dflt) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : dflt);
  const root = path.resolve(REPO, opt('--corpus-root', '../shared/corpus'));
  const folio = path.resolve(REPO, opt('--folio', 'target/release/folio'));
  let failed = false;
  for (const [corpus, load] of [[READABILITY, loadReadability], [TRAFILATURA, loadTrafilatura]]) {
    const t0 = Date.now();
    const pages = load(root);
    const natives = await pool(pages, 2, (p) => extractNative(folio, p.file, p.url));
    const problems = await checkCorpus(folio, root, corpus, pages, natives, { whole: true, allow: path.join(REPO, 'tests/quality/allowlist.txt') });
    console.log(`metric port, ${corpus}: ${problems.length ? `${problems.length} difference(s)` : `same as folio quality on all ${pages.length} pages and the summary`} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    for (const p of problems) console.log(`  ${p}`);
    failed ||= problems.length > 0;
  }
  process.exit(failed ? 1 : 0);
}
