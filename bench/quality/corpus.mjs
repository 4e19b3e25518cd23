// The two corpora as `folio quality` reads them, and the fixed selections (--quick, --limit, --only).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  FAILED_TEXT, READABILITY_PAGE_URL, compareText, emptyCounts, halfOf, shingles, snippetCounts,
} from './metrics.mjs';
import { decodeUtf8, textOfHtml } from './expected.mjs';
import { cliCharset } from './charset.mjs';

export const CORPUS_ROOT_DEFAULT = '../shared/corpus';
export const READABILITY = 'readability';
export const TRAFILATURA = 'trafilatura';
export const CORPUS_DIRS = { [READABILITY]: 'readability-test-pages', [TRAFILATURA]: 'trafilatura-dev' };
/** How the summary lines name the corpora. */
export const CORPUS_LABEL = { [READABILITY]: 'readability', [TRAFILATURA]: 'trafilatura-dev' };

// Rust sorts Strings by bytes; so do we.
const byBytes = (a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/**
 * Readability's layout (quality.rs page_names: folders with a source.html, by name). Each page:
 * {corpus, name, file (absolute), rel (path under the corpus root, also its URL path), url (what the
 * CLI is given), readerable, expected (shingles of text_of_html(expected.html)) or expectedError}.
 */
export function loadReadability(root) {
  const dir = path.join(root, CORPUS_DIRS[READABILITY]);
  if (!existsSync(dir)) throw new Error(`the corpus is missing: ${dir}`);
  const names = readdirSync(dir)
    .filter((n) => statSync(path.join(dir, n)).isDirectory() && existsSync(path.join(dir, n, 'source.html')))
    .sort(byBytes);
  return names.map((name) => {
    const page = {
      corpus: READABILITY, name, file: path.join(dir, name, 'source.html'),
      rel: `${CORPUS_DIRS[READABILITY]}/${name}/source.html`, url: READABILITY_PAGE_URL,
    };
    // Read when first scored (jsdom takes ~0.1 s a page): a short run reads only its pages.
    let loaded = null;
    const load = () => {
      if (loaded) return loaded;
      try {
        const meta = JSON.parse(readFileSync(path.join(dir, name, 'expected-metadata.json'), 'utf8'));
        const expected = shingles(textOfHtml(decodeUtf8(readFileSync(path.join(dir, name, 'expected.html')))));
        loaded = { readerable: typeof meta.readerable === 'boolean' ? meta.readerable : true, expected };
      } catch (e) {
        loaded = { readerable: true, expectedError: String(e?.message ?? e) };
      }
      return loaded;
    };
    for (const key of ['readerable', 'expected', 'expectedError']) {
      Object.defineProperty(page, key, { get: () => load()[key], enumerable: false });
    }
    return page;
  });
}

/** trafilatura's layout (snippets.rs parse_evaldata: sorted by file, then URL). */
export function loadTrafilatura(root) {
  const dir = path.join(root, CORPUS_DIRS[TRAFILATURA]);
  const evaldata = path.join(dir, 'evaldata.json');
  if (!existsSync(evaldata)) throw new Error(`the corpus is missing: ${evaldata}`);
  const data = JSON.parse(readFileSync(evaldata, 'utf8'));
  const list = (v, url, key) => {
    if (v == null) return [];
    if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) throw new Error(`evaldata.json: \`${url}\`: bad "${key}"`);
    return v;
  };
  return Object.entries(data)
    .map(([url, v]) => ({
      corpus: TRAFILATURA, name: v.file, file: path.join(dir, 'pages', v.file), rel: `${CORPUS_DIRS[TRAFILATURA]}/pages/${v.file}`,
      url, half: halfOf(url), with: list(v.with, url, 'with'), without: list(v.without, url, 'without'),
    }))
    .sort((a, b) => byBytes(a.name, b.name) || byBytes(a.url, b.url));
}

/** `n` pages spread evenly over `pages` (index floor(i·len/n)): a fixed selection. */
export function spread(pages, n) {
  if (!n || n >= pages.length) return pages;
  return Array.from({ length: n }, (_, i) => pages[Math.floor((i * pages.length) / n)]);
}

/** Pages whose name is in `only` (names or files; for trafilatura also without ".html"). */
export function pick(pages, only) {
  const want = new Set(only);
  return pages.filter((p) => want.has(p.name) || want.has(p.name.replace(/\.html$/, '')));
}

/**
 * Scores one page's outcome as `folio quality` does. `outcome`: 'article' (with `text`),
 * 'no-article' or 'error'. Readability: {score: TextScore} (a no-article on a page the corpus marks
 * not readerable is an empty text; on a readerable page it is an error, 0); trafilatura:
 * {counts} (no article and errors are an empty text).
 */
export function scorePage(page, outcome, text) {
  if (page.corpus === READABILITY) {
    if (page.expectedError) return { score: FAILED_TEXT };
    if (outcome === 'article') return { score: compareText(text, page.expected) };
    if (outcome === 'no-article' && !page.readerable) return { score: compareText('', page.expected) };
    return { score: FAILED_TEXT };
  }
  return { counts: outcome === 'article' ? snippetCounts(text, page.with, page.without) : emptyCounts(page.with, page.without) };
}

/**
 * Serves the corpus folder `root` as a saved page is opened: the bytes as they are, `text/html`
 * with no charset parameter (the page's BOM or <meta charset> decides, or the browser's fallback),
 * no CSP unless asked, nothing cached. `declareCharset`: HTML with `charset=` the encoding folio
 * decodes it with (the corpus's own rule: BOM, declared charset, then UTF-8), as the live site's
 * header would have said. `tls`: see makeCertificate. Besides the server's own fields it gives
 * pageResponse(file): the response it sends for a page, {status, headers, body}, for a browser that
 * opens the page at its own URL (browsers.mjs).
 * (The harness is imported late: tests/harness/paths.mjs reads the build's place when first imported.)
 */
export async function serveCorpus(root, { csp = null, tls = null, declareCharset = false } = {}) {
  const { startServer } = await import('../../tests/harness/server.mjs');
  const typeOf = declareCharset ? (body, type) => (type === 'text/html' ? `${type}; charset=${cliCharset(body)}` : type) : null;
  const server = await startServer({ root, csp, tls, charset: null, typeOf });
  const pageResponse = (file) => {
    const body = readFileSync(file);
    const headers = { 'Content-Type': typeOf ? typeOf(body, 'text/html') : 'text/html', 'Cache-Control': 'no-store' };
    if (csp) headers['Content-Security-Policy'] = csp;
    return { status: 200, headers, body };
  };
  return { ...server, pageResponse };
}
