// Crash cases for the reader view, in the browsers: pages built to break a reader (deep nesting
// built by script, 20 to 50 MB pages, invalid UTF-8, legacy charsets, empty and binary files,
// <template>, shadow roots, frames, SVG and layout tables, 20,000 siblings, one 5 MB text node).
// Written to a temporary folder at test time (never to the repo) and served on 127.0.0.1 with the
// strict page CSP, so every script is a separate same-origin file. The huge pages are small pages
// that build themselves after load and then say so (html[data-built]): loading them takes no time
// on any machine, and the tests wait for that mark, not for a page load within a time limit.
// Each case says which final state the view must reach and what it must (not) show;
// crash.{chromium,firefox}.test.mjs drive the browsers, and tests/hostile/README.md lists the cases.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { REPO_ROOT } from '../harness/paths.mjs';
import { waitFor } from '../harness/scratch.mjs';

// ---------------------------------------------------------------------------------------------
// Prose (deterministic)

const SENTENCES = [
  'the harbour commission met again on Tuesday to review the restoration of the old sea wall',
  'engineers walked the length of the quay with the mayor and two members of the fishing cooperative',
  'residents of the lower town described how the winter storms had flooded their cellars three times',
  'the council published its long-delayed survey of the stonework, the first since the nineteen-sixties',
  'a retired lighthouse keeper recalled the night the northern breakwater was breached by the spring tide',
  'the regional archive lent a set of Victorian drawings that show how the wall was first built',
  'shopkeepers along the promenade said the scaffolding had cut their summer trade by almost a third',
  'the contractor explained why the new granite blocks must be cut from the same quarry as the old ones',
  'marine biologists asked that the rock pools at the foot of the wall be left untouched by the works',
  'the finance committee argued for an hour about whether the budget could absorb another overrun',
];
const cap = (s) => s[0].toUpperCase() + s.slice(1);
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The sentence a case's article is recognised by. */
export const known = (tag) => `Known sentence for ${tag}: the sea wall has protected the town for a century and a half.`;

/** Paragraph i of an article (about 300 characters, all different). */
function paragraph(i) {
  const a = SENTENCES[i % SENTENCES.length];
  const b = SENTENCES[(i * 3 + 1) % SENTENCES.length];
  const c = SENTENCES[(i * 7 + 2) % SENTENCES.length];
  return `In part ${i + 1}, ${a}. ${cap(b)}, and ${c}.`;
}

/** An article: h1, a byline and `n` paragraphs, the first starting with known(tag). */
function article(tag, { n = 7, heading = `The sea wall, ${tag}` } = {}) {
  const ps = [];
  for (let i = 0; i < n; i++) ps.push(`<p>${i === 0 ? esc(known(tag)) + ' ' : ''}${esc(paragraph(i))}</p>`);
  return `<article><h1>${esc(heading)}</h1>\n<p class="byline">By Maren Holt</p>\n${ps.join('\n')}\n</article>`;
}

function page({ title, body, head = '', charsetMeta = '<meta charset="utf-8">', lang = 'en' }) {
  return `<!doctype html>\n<html lang="${lang}">\n<head>\n${charsetMeta}\n<title>${esc(title)}</title>\n${head}</head>\n<body>\n${body}\n</body>\n</html>\n`;
}

// ---------------------------------------------------------------------------------------------
// Legacy charsets. Node's TextDecoder (full ICU) knows every WHATWG encoding but encodes only
// UTF-8, so an encoder is built by decoding every 1- and 2-byte sequence; text it cannot encode
// is a test bug (thrown), and every page is decoded back and compared before it is served.

const encoders = new Map();
function encoderFor(label) {
  if (encoders.has(label)) return encoders.get(label);
  const dec = new TextDecoder(label, { fatal: true });
  const map = new Map();
  const tryBytes = (bytes) => {
    let s;
    try { s = dec.decode(Uint8Array.from(bytes)); } catch { return; }
    if (s.length && !map.has(s)) map.set(s, bytes);
  };
  for (let b = 0; b < 0x100; b++) tryBytes([b]);
  const single = /^(windows-125\d|iso-8859-\d+|koi8-[ru])$/.test(label);
  if (!single) for (let lead = 0x81; lead <= 0xfe; lead++) for (let trail = 0x40; trail <= 0xfe; trail++) tryBytes([lead, trail]);
  const enc = (text) => {
    const out = [];
    for (const ch of text) {
      const bytes = map.get(ch);
      if (!bytes) throw new Error(`crash.mjs: ${JSON.stringify(ch)} (U+${ch.codePointAt(0).toString(16)}) is not encodable in ${label}`);
      out.push(...bytes);
    }
    return Buffer.from(out);
  };
  encoders.set(label, enc);
  return enc;
}

/** Each language's title and sentences; the first sentence is the known one. */
const TEXTS = {
  ru: {
    title: 'Старая морская стена',
    sentences: [
      'Комиссия порта снова собралась во вторник, чтобы обсудить восстановление старой морской стены.',
      'Инженеры прошли вдоль всей набережной вместе с мэром и двумя членами рыболовецкого кооператива.',
      'Жители нижнего города рассказали, как зимние штормы трижды затапливали их подвалы.',
      'Совет опубликовал долгожданное обследование каменной кладки, первое с шестидесятых годов.',
      'Большая часть обсуждения касалась стоимости известкового раствора, который схватывается медленнее цемента, но движется вместе с камнем.',
      'Никто не спорил, что работы необходимы; спор шёл о сроках и о том, кто за них заплатит.',
      'Комиссия объявит своё решение в конце месяца, после последней консультации с кооперативом.',
    ],
  },
  cs: {
    title: 'Stará mořská zeď',
    sentences: [
      'Přístavní komise se v úterý znovu sešla, aby projednala obnovu staré mořské zdi.',
      'Inženýři prošli celé nábřeží se starostou a dvěma členy rybářského družstva.',
      'Obyvatelé dolního města popsali, jak jim zimní bouře třikrát zaplavily sklepy.',
      'Rada zveřejnila dlouho odkládaný průzkum kamenného zdiva, první od šedesátých let.',
      'Velká část diskuse se týkala ceny vápenné malty, která tuhne pomaleji než cement, ale pohybuje se spolu s kamenem.',
      'Zażółć gęślą jaźń, řekl s úsměvem polský rybář, který na schůzi přijel z Gdaňsku.',
      'Komise zveřejní své rozhodnutí na konci měsíce, po poslední konzultaci s družstvem.',
    ],
  },
  ja: {
    title: '古い防波堤の修復',
    sentences: [
      '港湾委員会は火曜日に再び集まり、古い防波堤の修復について話し合った。',
      '技術者たちは市長と漁業協同組合の二人の組合員とともに、岸壁の端から端まで歩いた。',
      '下町の住民たちは、冬の嵐で地下室が三度も浸水したことを語った。',
      '市議会は、六十年代以来初めてとなる石積みの調査結果をようやく公表した。',
      '議論の多くは石灰モルタルの費用をめぐるもので、セメントより固まるのが遅いが石と一緒に動くという。',
      '工事が必要だという点には誰も異論がなく、争点はその速さと費用の負担者だった。',
      '委員会は組合との最終協議を経て、月末に決定を公表する予定である。',
    ],
  },
  zh: {
    title: '修复旧海堤',
    sentences: [
      '港务委员会星期二再次开会，讨论修复旧海堤的问题。',
      '工程师们和市长以及渔业合作社的两名成员一起走遍了整个码头。',
      '下城区的居民讲述了冬季风暴如何三次淹没他们的地下室。',
      '市议会终于公布了拖延已久的石砌结构调查，这是六十年代以来的第一次。',
      '讨论的大部分内容围绕石灰砂浆的成本（每吨约三百€），它比水泥凝固得慢，但能随石头一起移动。',
      '没有人质疑这项工程的必要性，争论的焦点是进度以及由谁来付钱。',
      '委员会将在与合作社进行最后一次磋商后，于月底公布决定。',
    ],
  },
  el: {
    title: 'Το παλιό θαλάσσιο τείχος 🌊',
    sentences: [
      'Η λιμενική επιτροπή συνεδρίασε ξανά την Τρίτη για την αποκατάσταση του παλιού θαλάσσιου τείχους 🌊.',
      'Οι μηχανικοί περπάτησαν όλη την προκυμαία μαζί με τον δήμαρχο και δύο μέλη του αλιευτικού συνεταιρισμού.',
      'Οι κάτοικοι της κάτω πόλης περιέγραψαν πώς οι χειμωνιάτικες καταιγίδες πλημμύρισαν τρεις φορές τα υπόγειά τους.',
      'Το συμβούλιο δημοσίευσε τη μελέτη της λιθοδομής, την πρώτη από τη δεκαετία του εξήντα 🪨.',
      'Μεγάλο μέρος της συζήτησης αφορούσε το κόστος του ασβεστοκονιάματος, που πήζει πιο αργά από το τσιμέντο.',
      'Κανείς δεν αμφισβήτησε ότι τα έργα είναι αναγκαία· η διαφωνία αφορούσε τον ρυθμό και το ποιος θα πληρώσει.',
      'Η επιτροπή θα ανακοινώσει την απόφασή της στο τέλος του μήνα, μετά από μια τελευταία διαβούλευση.',
    ],
  },
};

/** A whole article page in language `lang` (text only; the charset declaration is `charsetMeta`). */
function foreignPage(lang, charsetMeta) {
  const { title, sentences } = TEXTS[lang];
  const n = sentences.length;
  const ps = [];
  // Paragraph i: five sentences from i on (CJK sentences are short; every paragraph is 140+ characters).
  for (let i = 0; i < n; i++) ps.push(`<p>${[0, 1, 2, 3, 4].map((k) => sentences[(i + k) % n]).join(' ')}</p>`);
  return page({ title, lang, charsetMeta, body: `<article><h1>${title}</h1>\n${ps.join('\n')}\n</article>` });
}

// ---------------------------------------------------------------------------------------------
// Page scripts (the CSP allows same-origin script files only)

// Runs build() once the page has loaded (a task after the load event, so the load is never held up).
const AFTER_LOAD = `if (document.readyState === 'complete') setTimeout(build, 0);
  else window.addEventListener('load', function () { setTimeout(build, 0); });`;

// Nested divs built with appendChild (the parser flattens at depth 512 in Chromium): 100,000
// levels unless the URL says ?depth=N. The article is moved to the bottom of the chain, or stays
// above it at the top; "hidden" puts the chain in a display:none subtree beside the article.
// Built after the load event (the page itself loads at once), then html[data-built] says so.
const DEEP_JS = `"use strict";
(function () {
  function build() {
    var N = Number(new URLSearchParams(location.search).get('depth')) || 100000;
    var where = document.documentElement.getAttribute('data-article');
    var art = document.getElementById('story');
    var chain = document.createElement('div');
    chain.className = 'chain';
    var cur = chain;
    for (var i = 0; i < N; i++) { var d = document.createElement('div'); cur.appendChild(d); cur = d; }
    if (where === 'bottom') {
      cur.appendChild(art);
      document.body.appendChild(chain);
    } else if (where === 'top') {
      cur.appendChild(document.createTextNode('The bottom of the chain.'));
      art.appendChild(chain);
    } else {
      cur.appendChild(document.createTextNode('HIDDEN-CHAIN-BOTTOM ' + document.title));
      var hidden = document.createElement('div');
      hidden.hidden = true;
      hidden.appendChild(chain);
      document.body.appendChild(hidden);
    }
    document.documentElement.setAttribute('data-built', String(N));
  }
  ${AFTER_LOAD}
})();
`;

// A huge page: a small page whose script, after the load event, fetches its body (the file named
// by html[data-body], same origin) and puts it in <body>, as markup or, with
// data-body-as="text", as one text node; then html[data-built] (or html[data-build-error]).
const BUILD_JS = `"use strict";
(function () {
  var root = document.documentElement;
  function build() {
    fetch(root.getAttribute('data-body')).then(function (r) {
      if (!r.ok) throw new Error('HTTP ' + r.status + ' for ' + r.url);
      return r.text();
    }).then(function (body) {
      if (root.getAttribute('data-body-as') === 'text') document.body.appendChild(document.createTextNode(body));
      else document.body.insertAdjacentHTML('beforeend', body);
      root.setAttribute('data-built', String(body.length));
    }).catch(function (e) {
      root.setAttribute('data-build-error', String(e));
    });
  }
  ${AFTER_LOAD}
})();
`;

// Script-attached shadow roots, open and closed, holding text; `data-mode="only"` puts the whole
// article in them.
const SHADOW_JS = `"use strict";
(function () {
  var only = document.documentElement.getAttribute('data-mode') === 'only';
  function fill(root, tag) {
    var h = document.createElement('h2');
    h.textContent = 'Shadow ' + tag;
    root.appendChild(h);
    for (var i = 0; i < (only ? 6 : 2); i++) {
      var p = document.createElement('p');
      p.textContent = 'SHADOW-' + tag.toUpperCase() + ' paragraph ' + (i + 1) + ': ' + ${JSON.stringify(SENTENCES.join('. ') + '.')};
      root.appendChild(p);
    }
  }
  fill(document.getElementById('open-host').attachShadow({ mode: 'open' }), 'open');
  fill(document.getElementById('closed-host').attachShadow({ mode: 'closed' }), 'closed');
  document.documentElement.setAttribute('data-built', '1');
})();
`;

// ---------------------------------------------------------------------------------------------
// The cases

const longParagraph = (i) => `${paragraph(i)} ${paragraph(i + 1)} ${paragraph(i + 2)} ${paragraph(i + 3)} ${paragraph(i + 4)} ${paragraph(i + 5)} ${paragraph(i + 6)}`;

/** A deterministic xorshift32 byte stream. */
function garbage(n, seed = 0x2545f491) {
  const out = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

const shadowBody = (only) => `<main>
${only ? '' : `<h1>Shadow roots around an article</h1>\n<p class="byline">By Maren Holt</p>\n<p>${esc(known('shadow-mixed'))} ${esc(paragraph(0))}</p>`}
<div id="dsd-host"><template shadowrootmode="open"><h2>Declarative shadow root</h2><p>SHADOW-DECLARATIVE ${esc(SENTENCES.join('. '))}.</p>${only ? [1, 2, 3, 4, 5].map((i) => `<p>SHADOW-DECLARATIVE paragraph ${i}: ${esc(paragraph(i))}</p>`).join('') : ''}<slot></slot></template>${only ? '' : `<p>Slotted into the declarative root: ${esc(paragraph(1))}</p>`}</div>
${only ? '' : [2, 3, 4, 5, 6].map((i) => `<p>${esc(paragraph(i))}</p>`).join('\n')}
<div id="open-host"></div>
<div id="closed-host"></div>
</main>
<script src="shadow.js"></script>`;

const layoutTables = `<table width="100%" border="0" cellpadding="0" cellspacing="0">
<tr><td colspan="2" bgcolor="#003366"><font color="#ffffff" size="5"><b>The Harbour Gazette</b></font><br><a href="/">Home</a> | <a href="/news/">News</a> | <a href="/sport/">Sport</a> | <a href="/weather/">Weather</a></td></tr>
<tr>
<td width="160" valign="top" bgcolor="#eeeeee"><table width="100%" cellpadding="4"><tr><td><a href="/a">Local news</a></td></tr><tr><td><a href="/b">The harbour</a></td></tr><tr><td><a href="/c">Letters</a></td></tr><tr><td><a href="/d">Archive</a></td></tr></table></td>
<td valign="top"><table width="100%" cellpadding="8"><tr><td>
<font size="5"><b>The sea wall, tables</b></font><br><font size="2">By Maren Holt</font>
<p>${esc(known('tables'))} ${esc(paragraph(0))}</p>
${[1, 2, 3, 4, 5, 6].map((i) => `<p>${esc(paragraph(i))}</p>`).join('\n')}
</td></tr></table></td>
</tr>
<tr><td colspan="2" align="center"><font size="1">&copy; The Harbour Gazette</font></td></tr>
</table>`;

const svgBody = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="700" viewBox="0 0 900 700">
<rect width="900" height="700" fill="#f4f1ea"/>
<text x="20" y="40" font-size="28">The sea wall, drawn</text>
${SENTENCES.map((s, i) => `<text x="20" y="${90 + i * 50}" font-size="14">${esc(cap(s))}. ${esc(paragraph(i))}</text>`).join('\n')}
<circle cx="800" cy="600" r="60" fill="#336699"/>
</svg>`;

/** The invalid UTF-8 page: good UTF-8 prose with broken sequences in the title and the text. */
function invalidUtf8() {
  const bad = [
    Buffer.from([0xff]), Buffer.from([0xfe, 0xfe]), Buffer.from([0xc3, 0x28]), Buffer.from([0x80, 0xbf]),
    Buffer.from([0xc0, 0xaf]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xf0, 0x9f, 0x98]), Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80]),
  ];
  const parts = [Buffer.from('<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Broken bytes ')];
  parts.push(bad[0], Buffer.from(' in the title</title></head><body><article><h1>Invalid UTF-8</h1>\n'));
  parts.push(Buffer.from(`<p>${known('invalid-utf8')} Café Zürich: crème brûlée for naïve visitors, 5 €.</p>\n`));
  for (let i = 0; i < 7; i++) {
    parts.push(Buffer.from(`<p>${esc(paragraph(i))} Broken bytes here: `), bad[i % bad.length], Buffer.from(' and here '), bad[(i + 3) % bad.length], Buffer.from(`, then the text goes on.</p>\n`));
  }
  parts.push(Buffer.from('</article></body></html>\n'));
  return Buffer.concat(parts);
}

/**
 * Writes every page; returns {dir, cases, types, cleanup}. A case:
 * {name, file, expect: 'ready'|'no-article'|'error', sentences: [...] (in the article),
 *  absent: [...] (nowhere in the view), title?, message?: RegExp, replacement?: true (U+FFFD
 *  shown), raw?: true (served with its exact Content-Type from `types`), ready?: attribute the page
 *  script sets when built, levels?: {chromium, firefox} (nesting depth, see (1)), report?: texts
 *  whose presence is only logged, buildTimeout (ms: how long a page may take to build itself,
 *  generous: a bound, not a speed requirement), openTimeout, finalTimeout (ms)}.
 */
export function writeCrashSite(prefix = 'folio-crash-') {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const types = {}; // file -> exact Content-Type (the server's `types`, for the `raw` cases)
  const cases = [];
  const put = (file, data) => writeFileSync(path.join(dir, file), data);
  const add = (c) => cases.push({ sentences: [], absent: [], buildTimeout: 30_000, openTimeout: 20_000, finalTimeout: 30_000, ...c });
  /** A huge page `file`, built after load from `bodyFile` (markup, or `as: 'text'`): see BUILD_JS. */
  const selfBuilt = (file, { title, bodyFile, as = 'html' }) => put(file, page({ title, head: '<script src="build.js"></script>\n', body: '' })
    .replace('<html lang="en">', `<html lang="en" data-body="${bodyFile}"${as === 'text' ? ' data-body-as="text"' : ''}>`));
  /** What a self-built page's case adds: wait for its mark, generously (a busy machine builds slowly). */
  const BUILT = { ready: 'data-built', buildTimeout: 180_000 };

  put('deep.js', DEEP_JS);
  put('build.js', BUILD_JS);
  put('shadow.js', SHADOW_JS);

  // (1) Deep nesting. No browser keeps a page with 100,000 levels alive: Chromium's renderer
  // crashes on about 2,500 rendered levels (its style recalc recurses), Firefox's content
  // process on about 10,000 rendered or 40,000 hidden ones, before any extension runs. So each
  // browser gets the deepest page it survives, with a margin (`levels`): the article at the
  // bottom and at the top of 2,000 (Chromium) or 5,000 (Firefox) rendered levels, and 100,000
  // (Chromium) or 15,000 (Firefox) levels in a display:none subtree beside the article.
  for (const where of ['bottom', 'top', 'hidden']) {
    const name = `deep-${where}`;
    put(`${name}.html`, page({ title: `Deep nesting, article at the ${where}`, body: `<div id="story">${article(name)}</div>\n<script src="deep.js"></script>` })
      .replace('<html lang="en">', `<html lang="en" data-article="${where}">`));
    add({
      name, file: `${name}.html`, expect: 'ready', sentences: [known(name), paragraph(6)], ...BUILT,
      absent: where === 'hidden' ? ['HIDDEN-CHAIN-BOTTOM'] : [],
      levels: where === 'hidden' ? { chromium: 100_000, firefox: 15_000 } : { chromium: 2_000, firefox: 5_000 },
      openTimeout: 40_000, finalTimeout: 60_000,
    });
  }

  // (2) Large pages, their bodies generated straight to disk and built in the page after load:
  // ~50 MB of English prose, over content.js's cap (32 MB of snapshot, in UTF-8): the view says so
  // at once, instead of loading for half a minute, or of Chromium's 64 MiB message limit. ~40 MB of
  // Japanese is 13 million characters, but over the cap in UTF-8 bytes. ~20 MB is under it and is read.
  const big = (name, { title, lead, mb, para }) => {
    const bodyFile = `${name}.body.html`;
    const fd = openSync(path.join(dir, bodyFile), 'w');
    writeSync(fd, `<article><h1>${esc(title)}</h1>\n<p>${esc(lead)}</p>\n`);
    let bytes = 0, i = 0;
    while (bytes < mb * 1e6) {
      const p = Buffer.from(`<p>${esc(para(i))}</p>\n`);
      writeSync(fd, p);
      bytes += p.length;
      i++;
    }
    const last = `The last paragraph, number ${i + 1}, of ${title.toLowerCase()}.`;
    writeSync(fd, `<p>${esc(last)}</p>\n</article>\n`);
    closeSync(fd);
    selfBuilt(`${name}.html`, { title, bodyFile });
    return last;
  };
  big('50mb', { title: 'Fifty megabytes', lead: known('50mb'), mb: 50, para: (i) => `Paragraph ${i + 1}. ${longParagraph(i)}` });
  add({ name: '50mb', file: '50mb.html', expect: 'error', message: TOO_LARGE_RE, ...BUILT, openTimeout: 60_000, finalTimeout: 60_000 });
  const ja = TEXTS.ja.sentences;
  big('ja-40mb', { title: 'Forty megabytes in Japanese', lead: known('ja-40mb'), mb: 40, para: (i) => `${i + 1}. ${[0, 1, 2, 3, 4, 5, 6].map((k) => ja[(i + k) % ja.length]).join('')}` });
  add({ name: 'ja-40mb', file: 'ja-40mb.html', expect: 'error', message: TOO_LARGE_RE, ...BUILT, openTimeout: 60_000, finalTimeout: 60_000 });
  const last20 = big('20mb', { title: 'Twenty megabytes', lead: known('20mb'), mb: 20, para: (i) => `Paragraph ${i + 1}. ${longParagraph(i)}` });
  add({ name: '20mb', file: '20mb.html', expect: 'ready', sentences: [known('20mb'), last20], ...BUILT, openTimeout: 60_000, finalTimeout: 60_000 });

  // (3) invalid UTF-8 (served as text/html; charset=utf-8 by the e2e server)
  put('invalid-utf8.html', invalidUtf8());
  add({ name: 'invalid-utf8', file: 'invalid-utf8.html', expect: 'ready', sentences: [`${known('invalid-utf8')} Café Zürich: crème brûlée for naïve visitors, 5 €.`], replacement: true });

  // (4) legacy charsets: <meta charset>, <meta http-equiv>, the HTTP header alone, a BOM.
  const charsets = [
    { name: 'cs-windows-1251', lang: 'ru', label: 'windows-1251', meta: '<meta charset="windows-1251">', type: 'text/html' },
    { name: 'cs-koi8-r-http', lang: 'ru', label: 'koi8-r', meta: '', type: 'text/html; charset=koi8-r' },
    { name: 'cs-shift_jis', lang: 'ja', label: 'shift_jis', meta: '<meta charset="shift_jis">', type: 'text/html' },
    { name: 'cs-gb18030', lang: 'zh', label: 'gb18030', meta: '<meta charset="gb18030">', type: 'text/html' },
    { name: 'cs-iso-8859-2', lang: 'cs', label: 'iso-8859-2', meta: '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2">', type: 'text/html' },
    { name: 'cs-utf-16le-bom', lang: 'el', label: 'utf-16le', meta: '<meta charset="utf-16le">', type: 'text/html' },
  ];
  for (const c of charsets) {
    const html = foreignPage(c.lang, c.meta);
    const bytes = c.label === 'utf-16le' ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(html, 'utf16le')]) : encoderFor(c.label)(html);
    // Decoded back as a browser would: the page says what the test expects.
    const back = new TextDecoder(c.label).decode(bytes);
    if (back !== html) throw new Error(`crash.mjs: ${c.name} does not decode back to its text`);
    if (c.label !== 'utf-16le' && bytes.equals(Buffer.from(html))) throw new Error(`crash.mjs: ${c.name} is plain ASCII`);
    put(`${c.name}.html`, bytes);
    types[`${c.name}.html`] = c.type;
    add({ name: c.name, file: `${c.name}.html`, expect: 'ready', raw: true, sentences: [TEXTS[c.lang].sentences[0], TEXTS[c.lang].sentences[4]], title: TEXTS[c.lang].title });
  }

  // (5) empty body, empty file, binary garbage as text/html
  put('empty-body.html', page({ title: 'Empty body', body: '' }));
  add({ name: 'empty-body', file: 'empty-body.html', expect: 'no-article' });
  put('empty-file.html', Buffer.alloc(0));
  add({ name: 'empty-file', file: 'empty-file.html', expect: 'no-article' });
  put('binary.html', garbage(256 * 1024));
  add({ name: 'binary', file: 'binary.html', expect: 'no-article' });

  // (6) <template>: article-like content that is never rendered, with and without a real article
  const tpl = `<template id="tpl"><article><h1>TEMPLATE-HEADLINE</h1>${[0, 1, 2, 3, 4, 5].map((i) => `<p>TEMPLATE-ONLY ${esc(paragraph(i + 3))}</p>`).join('')}</article></template>`;
  put('template.html', page({ title: 'Template and article', body: `${tpl}\n${article('template')}\n<template><p>TEMPLATE-ONLY tail</p></template>` }));
  add({ name: 'template', file: 'template.html', expect: 'ready', sentences: [known('template')], absent: ['TEMPLATE-ONLY', 'TEMPLATE-HEADLINE'] });
  put('template-only.html', page({ title: 'Template only', body: tpl }));
  add({ name: 'template-only', file: 'template-only.html', expect: 'no-article', absent: ['TEMPLATE-ONLY', 'TEMPLATE-HEADLINE'] });

  // (7) shadow roots: declarative (open) and script-attached open and closed. Folio reads the
  // light DOM (slotted children included), so an article only in shadow roots is no article.
  put('shadow-mixed.html', page({ title: 'Shadow roots and an article', body: shadowBody(false) }));
  add({ name: 'shadow-mixed', file: 'shadow-mixed.html', expect: 'ready', ready: 'data-built', sentences: [known('shadow-mixed'), 'Slotted into the declarative root'], absent: ['SHADOW-CLOSED'], report: ['SHADOW-DECLARATIVE', 'SHADOW-OPEN'] });
  put('shadow-only.html', page({ title: 'Shadow roots only', body: shadowBody(true) }).replace('<html lang="en">', '<html lang="en" data-mode="only">'));
  add({ name: 'shadow-only', file: 'shadow-only.html', expect: 'no-article', ready: 'data-built', absent: ['SHADOW-CLOSED'] });

  // (8) frames: the top document's article is read, never a frame's; a frameset has no article.
  put('frame-inner.html', page({ title: 'Inner frame', body: article('frame-inner').replace('<h1>', '<h1>FRAME-INNER ') }));
  put('frame-b.html', page({ title: 'Second frame', body: '<p>FRAME-B a short note.</p>' }));
  const srcdoc = esc(page({ title: 'srcdoc', body: `<article><h1>SRCDOC-HEADLINE</h1>${[0, 1, 2, 3, 4].map((i) => `<p>SRCDOC-ONLY ${esc(paragraph(i))}</p>`).join('')}</article>` }));
  put('iframes.html', page({ title: 'Frames around an article', body: `<iframe srcdoc="${srcdoc}" width="600" height="200"></iframe>\n${article('iframes')}\n<iframe src="frame-inner.html" width="600" height="300"></iframe>` }));
  add({ name: 'iframes', file: 'iframes.html', expect: 'ready', sentences: [known('iframes')], absent: ['SRCDOC-ONLY', 'SRCDOC-HEADLINE', 'FRAME-INNER', known('frame-inner')] });
  put('frameset.html', `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>A frameset</title></head>\n<frameset cols="50%,50%"><frame src="frame-inner.html"><frame src="frame-b.html"></frameset>\n</html>\n`);
  add({ name: 'frameset', file: 'frameset.html', expect: 'no-article', absent: ['FRAME-INNER', known('frame-inner'), 'FRAME-B'] });

  // (9) SVG only (inline, and a standalone .svg document), and layout tables
  put('svg-inline.html', page({ title: 'SVG only', body: svgBody }));
  // SVG text is not rendered by the allow-list: no article text, in the view as in the CLI.
  add({ name: 'svg-inline', file: 'svg-inline.html', expect: 'no-article' });
  put('svg-document.svg', `<?xml version="1.0" encoding="UTF-8"?>\n${svgBody.replace('<svg ', '<svg xmlns:xlink="http://www.w3.org/1999/xlink" ')}\n`);
  add({ name: 'svg-document', file: 'svg-document.svg', expect: 'no-article' });
  put('tables.html', page({ title: 'The sea wall, tables | The Harbour Gazette', body: layoutTables }));
  add({ name: 'tables', file: 'tables.html', expect: 'ready', sentences: [known('tables'), paragraph(6)], absent: ['Local news'] });

  // (10) 20,000 siblings (about 7 MB, built in the page after load)
  {
    const ps = [];
    for (let i = 0; i < 20_000; i++) ps.push(`<p>Sibling ${i + 1} of 20000. ${esc(paragraph(i))}</p>`);
    put('siblings.body.html', `<article><h1>Twenty thousand siblings</h1>\n<p>${esc(known('siblings'))} ${esc(paragraph(1))}</p>\n${ps.join('\n')}\n</article>`);
    selfBuilt('siblings.html', { title: '20,000 siblings', bodyFile: 'siblings.body.html' });
    add({ name: 'siblings-20k', file: 'siblings.html', expect: 'ready', sentences: [known('siblings'), `Sibling 1 of 20000. ${paragraph(0)}`, `Sibling 20000 of 20000. ${paragraph(19_999)}`], ...BUILT, openTimeout: 30_000, finalTimeout: 45_000 });
  }

  // (11) the body is one 5 MB text node (built in the page after load): no paragraphs, but text
  // and no links, so an article by the one decision the command line and the view share
  {
    const words = [];
    let n = 0;
    for (let i = 0; n < 5 * 1024 * 1024; i++) {
      const s = `${cap(SENTENCES[i % SENTENCES.length])} (${i}). `;
      words.push(s);
      n += s.length;
    }
    put('text-5mb.body.txt', words.join(''));
    selfBuilt('text-5mb.html', { title: 'One text node', bodyFile: 'text-5mb.body.txt', as: 'text' });
    add({ name: 'text-5mb', file: 'text-5mb.html', expect: 'ready', ...BUILT, openTimeout: 30_000, finalTimeout: 45_000 });
  }

  return { dir, cases, types, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

// ---------------------------------------------------------------------------------------------
// What the tests read

/** The case's URL path and its name in the log, for `browser` ('chromium' or 'firefox'). */
export function caseUrl(c, browser) {
  const levels = c.levels?.[browser];
  return levels ? { path: `${c.file}?depth=${levels}`, label: `${c.name} (${levels.toLocaleString('en')} levels)` } : { path: c.file, label: c.name };
}

/** Runs in the page: what must be the same after the view is closed (no reload, same DOM). */
export function pageFingerprint() {
  const d = document;
  const root = d.documentElement;
  return {
    marker: window.__folioCrashMarker ?? null,
    href: location.href,
    elements: d.getElementsByTagName('*').length,
    textLength: root ? root.textContent.length : -1,
    rootStyle: root ? root.getAttribute('style') : null,
    bodyStyle: d.body ? d.body.getAttribute('style') : null,
    x: Math.round(window.scrollX),
    y: Math.round(window.scrollY),
    host: !!d.getElementById('folio-reader-host'),
  };
}

/** Runs in the page: is the reader host on top of the whole window (its centre and corners)? */
export function hostOnTop() {
  const host = document.getElementById('folio-reader-host');
  if (!host) return { ok: false, why: 'no host' };
  const w = window.innerWidth, h = window.innerHeight;
  const misses = [];
  for (const [x, y] of [[w / 2, h / 2], [4, 4], [w - 4, 4], [4, h - 4], [w - 4, h - 4]]) {
    const hit = document.elementFromPoint(Math.floor(x), Math.floor(y));
    if (hit !== host) misses.push(`(${Math.floor(x)}, ${Math.floor(y)}) hits ${hit ? hit.localName + (hit.id ? '#' + hit.id : '') : 'nothing'}`);
  }
  return { ok: !misses.length, why: misses.join(', ') };
}

/** Runs in the reader frame: its state and what it shows. `args`: {sentences, absent, report}. */
export function probeReader(args) {
  const norm = (s) => String(s ?? '').replace(/\s+/g, ' ').trim();
  const $ = (id) => document.getElementById(id);
  const art = $('folio-article');
  const articleText = norm(art ? art.textContent : '');
  const all = norm(document.body ? document.body.textContent : '');
  const box = $('folio-message-box');
  const body = document.body ? document.body.getBoundingClientRect() : { width: 0, height: 0 };
  return {
    url: location.href,
    state: document.documentElement.dataset.state ?? null,
    title: norm($('folio-title') ? $('folio-title').textContent : ''),
    message: norm($('folio-message') ? $('folio-message').textContent : ''),
    hint: norm($('folio-hint') ? $('folio-hint').textContent : ''),
    messageShown: !!box && !box.hidden,
    articleShown: !!art && !art.hidden,
    articleChars: articleText.length,
    articleParagraphs: art ? art.getElementsByTagName('p').length : 0,
    missing: args.sentences.filter((s) => !articleText.includes(norm(s))),
    present: args.absent.filter((s) => all.includes(s)),
    reported: (args.report || []).filter((s) => all.includes(s)),
    replacement: articleText.includes('\uFFFD'),
    bodySize: [Math.round(body.width), Math.round(body.height)],
    start: all.slice(0, 300),
  };
}

const MESSAGES = JSON.parse(readFileSync(path.join(REPO_ROOT, 'extension/_locales/en/messages.json'), 'utf8'));
export const NO_ARTICLE = MESSAGES.reader_noArticle.message;
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** "Folio could not read this page: it is too large (N MB …; Folio reads pages of up to M MB)" */
export const TOO_LARGE_RE = new RegExp(`^${escapeRe(MESSAGES.reader_error.message)
  .replace('\\$REASON\\$', escapeRe(MESSAGES.reader_errorTooLarge.message).replace(/\\\$(SIZE|MAX)\\\$/g, '\\d+'))}$`);

/** The problems with a case's outcome (empty: passed). `r` from probeReader. */
export function checkOutcome(c, r) {
  const p = [];
  if (r.state !== c.expect) p.push(`state is ${JSON.stringify(r.state)}, expected ${JSON.stringify(c.expect)} (view text: ${JSON.stringify(r.start)})`);
  if (r.bodySize[0] < 100 || r.bodySize[1] < 50) p.push(`the reader's body is ${r.bodySize.join('x')}: a blank view`);
  if (c.expect === 'ready') {
    if (!r.articleShown || r.articleChars < 200) p.push(`the article is ${r.articleShown ? '' : 'hidden and '}${r.articleChars} characters long`);
    if (r.messageShown) p.push(`a message is shown with the article: ${JSON.stringify(r.message)}`);
    for (const s of r.missing) p.push(`the article lacks ${JSON.stringify(s.slice(0, 120))}`);
    if (c.title && r.title !== c.title) p.push(`#folio-title is ${JSON.stringify(r.title)}, expected ${JSON.stringify(c.title)}`);
    if (c.replacement && !r.replacement) p.push('the article shows no U+FFFD where the page had invalid bytes');
  } else {
    if (!r.messageShown || !r.message) p.push('no message is shown');
    if (r.articleChars) p.push(`an article (${r.articleChars} characters) is shown with the message`);
    if (c.expect === 'no-article' && r.message !== NO_ARTICLE) p.push(`the message is ${JSON.stringify(r.message)}, expected ${JSON.stringify(NO_ARTICLE)}`);
    if (c.message && !c.message.test(r.message)) p.push(`the message is ${JSON.stringify(r.message)}, expected ${c.message}`);
  }
  for (const s of r.present) p.push(`the view shows ${JSON.stringify(s.slice(0, 80))}, which the page never renders there`);
  return p;
}

/** Differences between two pageFingerprint()s. */
export function diffFingerprints(before, after) {
  const p = [];
  for (const k of Object.keys(before)) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) p.push(`${k}: ${JSON.stringify(before[k])} before, ${JSON.stringify(after[k])} after`);
  }
  return p;
}

/**
 * Opens the view with one toolbar click and waits for the host, without clicking twice while the
 * content script is still busy: on a huge page the snapshot holds the page's main thread, so a
 * probe that takes long means the click was taken (a second click would close the view). Only a
 * click that left the page idle for `grace` ms is repeated (Chromium ignores one in ~100).
 * `click()` clicks; `present()` says whether the host is in the page.
 */
export async function openPatiently({ click, present, timeout, grace = 5_000, log = () => {} }) {
  const end = Date.now() + timeout;
  for (let attempt = 1; attempt <= 3; attempt++) {
    await click();
    const start = Date.now();
    let busy = false;
    while (Date.now() < end) {
      const t = Date.now();
      const there = await present();
      if (there) return attempt;
      if (Date.now() - t > 1_000) busy = true;
      if (!busy && Date.now() - start > grace) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    if (Date.now() >= end) throw new Error(`div#folio-reader-host did not appear within ${timeout} ms of the toolbar click`);
    log(`[harness] toolbar click ${attempt} changed nothing within ${grace} ms; clicking again`);
  }
  throw new Error('three toolbar clicks did not add div#folio-reader-host');
}

export const seconds = (ms) => (ms / 1000).toFixed(1);

/** Runs in the page: whether it has built itself (html[attr]), or why it could not. */
export function builtState(attr) {
  const root = document.documentElement;
  return { built: root.hasAttribute(attr), error: root.getAttribute('data-build-error') };
}

/**
 * Waits until the case's page has built itself (`read()` answers builtState(c.ready)); fails at once
 * on a build error. A page busy building may not answer a probe: that is not an error, only a wait.
 */
export async function waitBuilt(c, read) {
  let last = null;
  await waitFor(async () => {
    last = await read().catch(() => last);
    if (last?.error) throw new Error(`${c.file} could not build itself: ${last.error}`);
    return last?.built;
  }, { timeout: c.buildTimeout, interval: 200, message: `${c.file} to build itself (html[${c.ready}])` });
}

/** A crash test file's last line: `crash: <browser>: N cases, M passed` (and which failed). */
export function crashSummary(browser, results) {
  const passed = results.filter((r) => r.ok).length;
  const failed = results.filter((r) => !r.ok).map((r) => r.name);
  return `crash: ${browser}: ${results.length} cases, ${passed} passed${failed.length ? `, failed: ${failed.join(', ')}` : ''}`;
}
