// The scoring of `folio quality`, ported line for line (src/cli/quality.rs for Readability's
// layout, src/cli/quality/snippets.rs for snippet corpora), and the text shape of the report's
// text_content (src/render/article.rs, TextSink). check-metrics.mjs proves the port: the CLI's own
// texts scored here give exactly `folio quality`'s rows.

// ---- whitespace: Rust's char::is_whitespace (Unicode White_Space), not JavaScript's \s ------
// (\s also takes U+FEFF and leaves out U+0085.)
const WS = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const WS_RUN = new RegExp(`[${WS}]+`, 'g');
const WS_EDGES = new RegExp(`^[${WS}]+|[${WS}]+$`, 'g');

/** `s.split_whitespace().collect::<Vec<_>>().join(" ")`: snippets.rs `normalise`, quality.rs `collapse_ws`, page::text::fold_whitespace. */
export const normalise = (s) => String(s).replace(WS_EDGES, '').replace(WS_RUN, ' ');
/** Rust `str::trim`. */
export const trimWs = (s) => String(s).replace(WS_EDGES, '');

// ---- Readability layout: 4-token shingles (quality.rs) ----------------------------------------

export const SHINGLE = 4;
/** The page address Readability's own tests use (quality.rs PAGE_URL). */
export const READABILITY_PAGE_URL = 'http://fakehost/test/page.html';
/** A page whose F1 is below this fails (quality.rs LOW_F1). */
export const LOW_F1 = 0.5;

// Rust: split on !(c.is_alphanumeric() || c == '_'), i.e. runs of Alphabetic, Numeric (N*) and '_'.
const TOKEN = /[\p{Alphabetic}\p{N}_]+/gu;

/** The `\w+` runs of `text` (Unicode alphanumerics and `_`), lowercased. */
export function tokens(text) {
  return (String(text).match(TOKEN) ?? []).map((t) => t.toLowerCase());
}

/** The multiset (Map shingle -> count) of consecutive SHINGLE-token windows; fewer tokens give one shingle of all. */
export function shingles(text) {
  const toks = tokens(text);
  const out = new Map();
  if (!toks.length) return out;
  if (toks.length < SHINGLE) {
    out.set(toks.join(' '), 1);
    return out;
  }
  for (let i = 0; i + SHINGLE <= toks.length; i++) {
    const k = toks.slice(i, i + SHINGLE).join(' ');
    out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}

export const f1 = (p, r) => (p + r > 0 ? (2 * p * r) / (p + r) : 0);

/** TextScore::from_counts: counts normalised to sum to 1 (both empty: a perfect match). */
export function scoreFromCounts(tp, fp, fn) {
  const total = tp + fp + fn;
  if (total === 0) return { tp: 0, fp: 0, fn: 0, precision: 1, recall: 1, f1: 1 };
  const [t, p, n] = [tp / total, fp / total, fn / total];
  const precision = t + p > 0 ? t / (t + p) : 0;
  const recall = t + n > 0 ? t / (t + n) : 0;
  return { tp: t, fp: p, fn: n, precision, recall, f1: f1(precision, recall) };
}

/** TextScore::compare(got, want); `want` may be given as shingles already. */
export function compareText(got, want) {
  const g = got instanceof Map ? got : shingles(got);
  const w = want instanceof Map ? want : shingles(want);
  let nGot = 0, nWant = 0, tp = 0;
  for (const n of g.values()) nGot += n;
  for (const n of w.values()) nWant += n;
  for (const [k, n] of g) tp += Math.min(n, w.get(k) ?? 0);
  return scoreFromCounts(tp, nGot - tp, nWant - tp);
}

/** A failed page (error, panic, timeout): 0 on text (quality.rs score_page's `failed`). */
export const FAILED_TEXT = Object.freeze({ tp: 0, fp: 0, fn: 0, precision: 0, recall: 0, f1: 0 });

/** Mean precision, mean recall and the F1 of those means (quality.rs aggregate). */
export function aggregate(scores) {
  if (!scores.length) return { precision: 0, recall: 0, f1: 0 };
  const n = scores.length;
  const p = scores.reduce((s, x) => s + x.precision, 0) / n;
  const r = scores.reduce((s, x) => s + x.recall, 0) / n;
  return { precision: p, recall: r, f1: f1(p, r) };
}

// ---- snippet corpora (snippets.rs) ------------------------------------------------------------

/** Counts::of: `with` / `without` snippets found in the text, both whitespace-normalised, case kept. */
export function snippetCounts(text, withS, withoutS) {
  const t = normalise(text);
  const found = (s) => t.includes(normalise(s));
  const tp = withS.filter(found).length;
  const fp = withoutS.filter(found).length;
  return { tp, fn: withS.length - tp, fp, tn: withoutS.length - fp };
}

/** Counts::empty: a page with no text. */
export const emptyCounts = (withS, withoutS) => ({ tp: 0, fn: withS.length, fp: 0, tn: withoutS.length });

export function addCounts(a, b) {
  return { tp: a.tp + b.tp, fn: a.fn + b.fn, fp: a.fp + b.fp, tn: a.tn + b.tn };
}
export const ZERO_COUNTS = Object.freeze({ tp: 0, fn: 0, fp: 0, tn: 0 });
const ratio = (a, b) => (b === 0 ? 0 : a / b);
export const countsPrecision = (c) => ratio(c.tp, c.tp + c.fp);
export const countsRecall = (c) => ratio(c.tp, c.tp + c.fn);
export const countsF1 = (c) => ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn);

/** FNV-1a 64 of the bytes (UTF-8 of a string), as a BigInt. */
export function fnv1a64(input) {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  let h = 0xcbf29ce484222325n;
  for (const b of bytes) {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h;
}

/** The fixed half of a page: A when FNV-1a 64 of its URL's bytes is even, else B (snippets.rs half_of). */
export const halfOf = (url) => (fnv1a64(url) % 2n === 0n ? 'A' : 'B');

// ---- the text_content shape (render/article.rs TextSink) --------------------------------------

/**
 * Fingerprint of render/article.rs from `const BLOCKS` to the `render` fn (TextSink), whitespace
 * removed, sha256, 16 hex digits: what TextSink and readReaderView below mirror. run.mjs warns
 * when the source no longer matches (then update both mirrors and this value).
 */
export const TEXT_SINK_FINGERPRINT = '543f2c620ee354c9';

/** The fingerprint of the TextSink code in `source` (render/article.rs), or null when not found. */
export function textSinkFingerprint(source, sha256hex) {
  const a = source.indexOf('const BLOCKS');
  const b = source.indexOf('/// The HTML and the plain text');
  if (a < 0 || b < a) return null;
  return sha256hex(source.slice(a, b).replace(/\s+/g, '')).slice(0, 16);
}

/** The blocks of TextSink (render/article.rs); the reader view's DOM holds these element names. */
export const TEXT_BLOCKS = [
  'p', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'blockquote', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'figure',
  'figcaption', 'table', 'tr', 'caption', 'div', 'section', 'details', 'summary', 'hr',
];
export const VOID = ['br', 'hr', 'img', 'wbr'];

/** The class of the core's placeholders for what the view does not load (render/article.rs). */
export const PLACEHOLDER_CLASS = 'folio-embed';
const SOFT_HYPHEN = /\u00ad/g;

/**
 * TextSink: open/text/close, then finish() gives blocks joined by a blank line. Ruby annotations
 * (`<rt>`, `<rp>`) and placeholders (`figure.folio-embed`: `cls` is the class the walk gives)
 * stay out of the text, soft hyphens too. Keep in step with render/article.rs (run.mjs warns
 * when that code changes: TEXT_SINK_FINGERPRINT).
 */
export class TextSink {
  constructor() {
    this.blocks = [];
    this.current = '';
    this.preDepth = 0;
    this.annotationDepth = 0;
    this.placeholderDepth = 0;
  }
  flush() {
    const block = this.preDepth > 0 ? this.current.replace(/^\n+|\n+$/g, '') : normalise(this.current);
    if (trimWs(block) !== '') this.blocks.push(block);
    this.current = '';
  }
  finish() {
    this.flush();
    return this.blocks.join('\n\n');
  }
  open(tag, cls = null) {
    if (tag === 'br') this.current += '\n';
    else if (tag === 'td' || tag === 'th') this.current += ' ';
    else if (TEXT_BLOCKS.includes(tag)) this.flush();
    if (tag === 'pre') this.preDepth++;
    if (tag === 'rt' || tag === 'rp') this.annotationDepth++;
    if (this.placeholderDepth > 0 || cls === PLACEHOLDER_CLASS) this.placeholderDepth++;
  }
  text(t) {
    if (this.annotationDepth === 0 && this.placeholderDepth === 0) this.current += t.replace(SOFT_HYPHEN, '');
  }
  close(tag) {
    if (TEXT_BLOCKS.includes(tag)) this.flush();
    if (tag === 'pre') this.preDepth = Math.max(0, this.preDepth - 1);
    if (tag === 'rt' || tag === 'rp') this.annotationDepth = Math.max(0, this.annotationDepth - 1);
    this.placeholderDepth = Math.max(0, this.placeholderDepth - 1);
  }
}

/**
 * Runs in the reader frame (self-contained: serialised with toString). The reader's final state
 * and, when it is "ready", #folio-article's text in the report's text_content shape: the view's
 * DOM is the core's allow-listed walk (src/wasm.rs DomSink: one element per open, one text node
 * per text), so TextSink replayed over it gives exactly the report's text_content.
 */
export function readReaderView() {
  const state = document.documentElement.dataset.state ?? null;
  // The view's timeline (extension/reader/timing.js), for the click benchmark.
  const timings = globalThis.folioTimings ? { ...globalThis.folioTimings } : null;
  const out = { state, url: location.href, timings };
  if (state === 'error' || state === 'no-article') {
    out.message = document.getElementById('folio-message')?.textContent ?? '';
  }
  if (state !== 'ready') return out;
  const WS = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
  const run = new RegExp(`[${WS}]+`, 'g');
  const edges = new RegExp(`^[${WS}]+|[${WS}]+$`, 'g');
  const norm = (s) => s.replace(edges, '').replace(run, ' ');
  const BLOCKS = new Set(['p', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'blockquote', 'ul', 'ol', 'li', 'dl', 'dt', 'dd',
    'figure', 'figcaption', 'table', 'tr', 'caption', 'div', 'section', 'details', 'summary', 'hr']);
  const VOIDS = new Set(['br', 'hr', 'img', 'wbr']);
  const blocks = [];
  let current = '';
  let pre = 0;
  let ruby = 0; // inside <rt>/<rp>: out of the text
  let placeholder = 0; // inside figure.folio-embed (what the view does not load): out of the text
  const flush = () => {
    const block = pre > 0 ? current.replace(/^\n+|\n+$/g, '') : norm(current);
    if (block.replace(edges, '') !== '') blocks.push(block);
    current = '';
  };
  const root = document.getElementById('folio-article');
  let elements = 0;
  // Iterative walk: the view's nesting is bounded by the core, but not by much.
  const stack = [];
  for (let i = root.childNodes.length - 1; i >= 0; i--) stack.push([root.childNodes[i], false]);
  while (stack.length) {
    const [node, leaving] = stack.pop();
    if (node.nodeType === 3) {
      if (ruby === 0 && placeholder === 0) current += node.data.replace(/\u00ad/g, '');
      continue;
    }
    if (node.nodeType !== 1) continue;
    const tag = node.localName;
    if (leaving) {
      if (BLOCKS.has(tag)) flush();
      if (tag === 'pre') pre = Math.max(0, pre - 1);
      if (tag === 'rt' || tag === 'rp') ruby = Math.max(0, ruby - 1);
      placeholder = Math.max(0, placeholder - 1);
      continue;
    }
    elements++;
    if (tag === 'br') current += '\n';
    else if (tag === 'td' || tag === 'th') current += ' ';
    else if (BLOCKS.has(tag)) flush();
    if (tag === 'pre') pre++;
    if (tag === 'rt' || tag === 'rp') ruby++;
    if (placeholder > 0 || (tag === 'figure' && node.classList.contains('folio-embed'))) placeholder++;
    if (VOIDS.has(tag)) continue;
    stack.push([node, true]);
    for (let i = node.childNodes.length - 1; i >= 0; i--) stack.push([node.childNodes[i], false]);
  }
  flush();
  out.text = blocks.join('\n\n');
  out.elements = elements;
  out.title = document.getElementById('folio-title')?.textContent ?? '';
  return out;
}
