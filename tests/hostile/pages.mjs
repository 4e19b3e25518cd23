// The hostile article pages: every vector of vectors.json planted inside a paragraph of a
// realistic, generated article (about 40 vectors per page), plus one page whose metadata
// (title, author, site name, canonical URL, JSON-LD) is hostile. Written to a folder at test
// time and served by tests/harness/server.mjs (127.0.0.1, strict page CSP).
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HOSTILE_DIR = path.dirname(fileURLToPath(import.meta.url));
export const VECTORS_FILE = path.join(HOSTILE_DIR, 'vectors.json');
export const PER_PAGE = 40;

/** The corpus: [{id, html, source, placement?, group?}]. */
export function loadVectors() {
  const { vectors } = JSON.parse(readFileSync(VECTORS_FILE, 'utf8'));
  const ids = new Set();
  for (const v of vectors) {
    if (!v.id || typeof v.html !== 'string' || !v.source) throw new Error(`vectors.json: bad entry ${JSON.stringify(v).slice(0, 120)}`);
    if (ids.has(v.id)) throw new Error(`vectors.json: duplicate id ${v.id}`);
    ids.add(v.id);
  }
  return vectors;
}

const P = (id) => `[self,parent,top].map(function(w){try{w.__pwned=(w.__pwned||[]).concat('${id}')}catch(e){}})`;

// ---- prose (deterministic) ----
const OPENERS = [
  'the harbour commission met again on Tuesday to review the restoration of the old sea wall',
  'engineers walked the length of the quay with the mayor and two members of the fishing cooperative',
  'residents of the lower town described how the winter storms had flooded their cellars three times',
  'the council published its long-delayed survey of the stonework, the first since the nineteen-sixties',
  'a retired lighthouse keeper recalled the night the northern breakwater was breached',
  'the regional archive lent a set of Victorian drawings that show how the wall was first built',
  'shopkeepers along the promenade said the scaffolding had cut their summer trade by almost a third',
  'the contractor explained why the new granite blocks must be cut from the same quarry as the old ones',
  'marine biologists asked that the rock pools at the foot of the wall be left untouched',
  'the finance committee argued for an hour about whether the budget could absorb another overrun',
];
const MIDDLES = [
  'Much of the discussion turned on the cost of lime mortar, which is slower to cure than cement but moves with the stone.',
  'Several speakers pointed out that the tide tables for the coming spring leave only a few working hours each day.',
  'The surveyors found that the foundations were sounder than feared, although the upper courses had shifted.',
  'A petition signed by more than four hundred people asked the council to keep the original iron railings.',
  'Nobody disputed that the work was necessary; the argument was about its pace and who should pay for it.',
  'The town clerk read out letters from the county and from the national heritage body, both cautiously supportive.',
  'Photographs from the nineteen-fifties, projected on the wall of the meeting room, drew murmurs from the older residents.',
  'The harbour master warned that moorings on the inner side would have to be moved for at least two seasons.',
];
const CLOSERS = [
  'The commission will publish its decision at the end of the month, after a final consultation with the cooperative.',
  'A second public meeting is planned for the autumn, once the winter programme has been costed in detail.',
  'For now the scaffolding stays, and so do the temporary barriers along the eastern end of the promenade.',
  'The full survey, with its drawings and the engineers\u2019 notes, is available at the town library.',
  'Whatever the outcome, most of those present agreed that the wall had protected the town for a century and a half.',
];
const HEADINGS = ['The state of the stonework', 'Money and time', 'Voices from the promenade', 'What the archive shows', 'The season ahead', 'Questions for the council', 'Tides and timetables'];

/** The lead phrase of vector paragraph n on a page: always before the vector, so it survives it. */
export const lead = (page, n) => `In dispatch ${page}.${n}`;
export const LEAD_RE = /In dispatch (\d+)\.(\d+)/g;

function escapeText(s) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function articlePage({ pageNo, title, vectors, head = '', tail = '' }) {
  const paras = [];
  paras.push(`<p>${escapeText('This report is the ' + ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth'][pageNo - 1] + ' in our series on the harbour. ' + MIDDLES[pageNo % MIDDLES.length] + ' ' + CLOSERS[pageNo % CLOSERS.length])}</p>`);
  vectors.forEach((v, i) => {
    if (i && i % 6 === 0) paras.push(`<h2>${HEADINGS[(i / 6 + pageNo) % HEADINGS.length]}</h2>`);
    const a = OPENERS[(i + pageNo) % OPENERS.length];
    const b = MIDDLES[(i * 3 + pageNo) % MIDDLES.length];
    const c = CLOSERS[(i + 2 * pageNo) % CLOSERS.length];
    paras.push(`<p>${lead(pageNo, i + 1)}, ${a}. ${b} ${v.html} ${c}</p>`);
  });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeText(title)} | The Harbour Gazette</title>
<meta name="author" content="Maren Holt">
<meta property="og:site_name" content="The Harbour Gazette">
${head}</head>
<body>
<header class="site-header"><a href="/">The Harbour Gazette</a> <a href="/news/">News</a> <a href="/sport/">Sport</a></header>
<main>
<article>
<h1>${escapeText(title)}</h1>
<p class="byline">By Maren Holt, harbour correspondent</p>
${paras.join('\n')}
<p>${escapeText(CLOSERS[(pageNo + 3) % CLOSERS.length])} End of dispatch ${pageNo}.</p>
</article>${tail}
</main>
<footer><p>\u00a9 The Harbour Gazette</p></footer>
</body>
</html>
`;
}

/** Hostile metadata: markup and dangerous URLs where the reader takes its header from. */
function hostileHead() {
  const ld = JSON.stringify({
    '@context': 'https://schema.org', '@type': 'NewsArticle',
    headline: `</script><img src=x onerror="${P('meta-jsonld-headline')}">`,
    author: { '@type': 'Person', name: `<svg onload="${P('meta-jsonld-author')}">`, url: `javascript:${P('meta-jsonld-url')}` },
    url: `javascript:${P('meta-jsonld-url2')}`,
    datePublished: `"><img src=x onerror="${P('meta-jsonld-date')}">`,
  }).replace(/</g, '\\u003c');
  return [
    `<meta property="og:title" content="&lt;img src=x onerror=&quot;${P('meta-og-title')}&quot;&gt; The sea wall">`,
    `<meta name="author" content="<script>${P('meta-author')}</script>">`,
    `<meta property="og:site_name" content="<svg onload=${P('meta-site-name')}>">`,
    `<meta property="og:url" content="javascript:${P('meta-og-url')}">`,
    `<link rel="canonical" href="javascript:${P('meta-canonical')}">`,
    `<meta property="article:published_time" content="&lt;img src=x onerror=${P('meta-date')}&gt;">`,
    `<script type="application/ld+json">${ld}</script>`,
  ].join('\n') + '\n';
}

/**
 * Splits the corpus into pages: ordinary vectors PER_PAGE at a time; "end" vectors (page-wide
 * effects: <base>, <meta>) after the prose of a page, one kind per page; the "last" vector
 * (<plaintext>) at the very end of the last ordinary page; the "snapshot-clobber" group on a page
 * of its own. Returns [{name, title, vectors, head?}].
 */
export function planPages(vectors = loadVectors()) {
  const normal = vectors.filter((v) => !v.placement && !v.group);
  const end = vectors.filter((v) => v.placement === 'end');
  const last = vectors.filter((v) => v.placement === 'last');
  const groups = [...new Set(vectors.filter((v) => v.group).map((v) => v.group))];
  const pages = [];
  const count = Math.ceil(normal.length / PER_PAGE);
  for (let i = 0; i < count; i++) {
    pages.push({ name: `vectors-${i + 1}.html`, title: `Harbour wall restoration, part ${i + 1}`, vectors: normal.slice(i * PER_PAGE, (i + 1) * PER_PAGE) });
  }
  end.forEach((v, i) => pages[i % pages.length].vectors.push(v));
  pages[pages.length - 1].vectors.push(...last);
  pages[0].head = hostileHead();
  // Vectors built with DOM APIs by dynamic.js (same origin, allowed by the page CSP), put in these slots.
  pages.push({
    name: 'dynamic.html', title: 'The harbour wall, as the council sees it',
    vectors: Array.from({ length: 8 }, (_, i) => ({ id: `dynamic-slot-${i + 1}`, html: '<span class="slot"></span>', source: 'dynamic.js', dynamic: true })),
    tail: '\n<script src="dynamic.js"></script>',
    // Texts dynamic.js adds: in the reader, they prove the script ran before the snapshot.
    mustContain: ['a link with two hrefs', 'odd attribute names', 'upper-case A'],
  });
  for (const g of groups) {
    pages.push({ name: `${g}.html`, title: 'The harbour wall: a reader\u2019s guide', vectors: vectors.filter((v) => v.group === g) });
  }
  return pages;
}

/** Ids of the vectors planted in the hostile metadata of page 1. */
export const META_IDS = ['meta-jsonld-headline', 'meta-jsonld-author', 'meta-jsonld-url', 'meta-jsonld-url2', 'meta-jsonld-date',
  'meta-og-title', 'meta-author', 'meta-site-name', 'meta-og-url', 'meta-canonical', 'meta-date'];

/** Writes every page to a fresh folder; returns {dir, pages: [{name, file, vectors, leads}], cleanup}. */
export function writePages(prefix = 'folio-hostile-') {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const pages = planPages().map((p, i) => {
    const html = articlePage({ pageNo: i + 1, title: p.title, vectors: p.vectors, head: p.head, tail: p.tail });
    const file = path.join(dir, p.name);
    writeFileSync(file, html);
    return { name: p.name, file, vectors: p.vectors, mustContain: p.mustContain ?? [], page: i + 1, leads: p.vectors.map((_, n) => lead(i + 1, n + 1)), html };
  });
  copyFileSync(path.join(HOSTILE_DIR, 'dynamic.js'), path.join(dir, 'dynamic.js'));
  return { dir, pages, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
