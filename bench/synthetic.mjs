// A synthetic "big news site" page of about 100,000 elements, for the main-thread test of the
// benchmark: a fixed header and a huge mega-menu (hidden), one real article of about 1,200
// words, rails of teaser cards, thousands of comments, a long footer. Deterministic (seeded).
//   import { syntheticPage } from './synthetic.mjs';  syntheticPage({ elements: 100_000 })
//   node bench/synthetic.mjs [ELEMENTS] > page.html      (writes the page to stdout)

const WORDS = (
  'the of and to in a is that for it as was with be by on not he this are or his from at ' +
  'which but have an they you were her she there their one all we can been has more if would ' +
  'council river market winter budget station report people city water minister school ' +
  'hospital election village harbour railway farmers museum evening weather research court ' +
  'analysis government committee festival history engineers district coast library island'
).split(' ');

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Returns { html, elements } with `elements` the number of elements in the page (≥ target). */
export function syntheticPage({ elements: target = 100_000, seed = 7 } = {}) {
  const rand = rng(seed);
  const pick = (a) => a[Math.floor(rand() * a.length)];
  const words = (n) => {
    const w = [];
    for (let i = 0; i < n; i++) w.push(pick(WORDS));
    return w.join(' ');
  };
  const sentence = (n) => {
    const s = words(n);
    return s[0].toUpperCase() + s.slice(1) + '.';
  };
  let count = 0;
  const out = [];
  // open/close count elements; text is escaped by construction (only a-z and spaces).
  const el = (tag, attrs = '', inner = '') => {
    count++;
    out.push(`<${tag}${attrs ? ' ' + attrs : ''}>${inner}`);
    if (!['img', 'br', 'hr', 'input', 'meta', 'link'].includes(tag)) out.push(`</${tag}>`);
  };
  const open = (tag, attrs = '') => {
    count++;
    out.push(`<${tag}${attrs ? ' ' + attrs : ''}>`);
  };
  const close = (tag) => out.push(`</${tag}>`);

  out.push('<!doctype html>');
  open('html', 'lang="en"');
  open('head');
  el('meta', 'charset="utf-8"');
  el('title', '', 'Synthetic daily: the river council budget | Synthetic Daily');
  el('meta', 'property="og:site_name" content="Synthetic Daily"');
  el('meta', 'name="author" content="Ada Example"');
  el('style', '', [
    '.mega{display:none}',
    '.bar{position:fixed;top:0;left:0;right:0;height:48px;background:#fff;z-index:10}',
    '.card{display:inline-block;width:200px;vertical-align:top;overflow:hidden}',
    '.card img{width:200px;height:120px}',
    '.comment{margin:4px 0;padding:4px;border-top:1px solid #ddd}',
    '.sticky{position:sticky;top:48px}',
    'footer a{margin-right:6px}',
  ].join(''));
  close('head');
  open('body');

  // Fixed header, with a mega-menu that is display:none (about 8% of the page).
  open('header', 'class="bar"');
  open('nav');
  open('ul');
  for (let i = 0; i < 60; i++) {
    open('li');
    el('a', `href="/section/${i}"`, words(1));
    close('li');
  }
  close('ul');
  close('nav');
  open('div', 'class="mega"');
  for (let g = 0; g < 200; g++) {
    open('div', 'class="mega-group"');
    el('h4', '', words(2));
    open('ul');
    for (let i = 0; i < 12; i++) {
      open('li');
      el('a', `href="/m/${g}/${i}"`, words(2));
      close('li');
    }
    close('ul');
    close('div');
  }
  close('div');
  close('header');

  // The article, inside the deep wrapper nesting of a CMS.
  open('div', 'id="page"');
  const depth = 25;
  for (let d = 0; d < depth; d++) open('div', `class="wrap-${d}"`);
  open('main');
  open('article', 'class="story"');
  el('h1', '', 'The river council agrees a winter budget for the harbour railway');
  open('p', 'class="byline"');
  el('span', '', 'By ');
  el('a', 'href="/author/ada" rel="author"', 'Ada Example');
  el('time', 'datetime="2026-11-26T08:00:00Z"', '26 November 2026');
  close('p');
  open('figure');
  el('img', 'src="/img/lead.jpg" width="800" height="450" alt="The harbour at dusk"');
  el('figcaption', '', 'The harbour at dusk, where the railway will end.');
  close('figure');
  for (let i = 0; i < 40; i++) {
    open('p');
    out.push(sentence(12) + ' ');
    el('a', `href="/story/${i}"`, words(3));
    out.push(' ' + sentence(10) + ' ');
    el('em', '', words(2));
    out.push(' ' + sentence(8));
    close('p');
    if (i % 10 === 9) el('h2', '', sentence(5));
  }
  close('article');

  // Sticky share bar and a rail of teaser cards.
  open('aside', 'class="sticky share"');
  for (let i = 0; i < 8; i++) el('button', 'type="button"', 'share');
  close('aside');
  open('section', 'class="related"');
  el('h2', '', 'More from Synthetic Daily');
  for (let i = 0; i < 300; i++) {
    open('div', 'class="card"');
    open('a', `href="/teaser/${i}"`);
    el('img', `src="/img/t${i}.jpg" alt=""`);
    el('h3', '', sentence(6));
    close('a');
    el('p', '', sentence(14));
    el('span', 'class="tag"', words(1));
    close('div');
  }
  close('section');

  // Comments, until the page has its element count (leaving room for the footer).
  open('section', 'id="comments"');
  el('h2', '', 'Comments');
  const footerElements = 2 * 300 + 2;
  let c = 0;
  while (count + footerElements < target) {
    open('div', `class="comment" id="c${c}"`);
    open('div', 'class="meta"');
    el('a', `class="author" href="/user/${c % 977}"`, words(2));
    el('time', '', `${1 + (c % 59)} minutes ago`);
    close('div');
    el('p', '', sentence(8 + (c % 17)));
    open('div', 'class="actions"');
    el('button', 'type="button"', 'reply');
    el('button', 'type="button"', 'like');
    el('button', 'type="button"', 'report');
    close('div');
    close('div');
    c++;
  }
  close('section');
  close('main');
  for (let d = 0; d < depth; d++) close('div');
  close('div');

  open('footer');
  open('ul');
  for (let i = 0; i < 300; i++) {
    open('li');
    el('a', `href="/f/${i}"`, words(2));
    close('li');
  }
  close('ul');
  close('footer');
  close('body');
  close('html');
  return { html: out.join(''), elements: count };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { html, elements } = syntheticPage({ elements: Number(process.argv[2]) || 100_000 });
  process.stdout.write(html);
  console.error(`${elements} elements, ${html.length} characters`);
}
