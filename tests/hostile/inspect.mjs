// The invariants every hostile page must keep in the reader view, as one self-contained function
// that runs on a DOM subtree: in the reader frame (Chromium, Firefox) and on the command line's
// `content` HTML parsed by jsdom (native.test.mjs). Also the Node-side checks of its answers.

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Runs in a DOM (self-contained: serialised with toString). Walks every element under `root` and
 * returns {problems: [{kind, tag, attr, value, near}], leads: ["In dispatch 1.3", …], elements}.
 * `near` is the last "In dispatch P.N" phrase before the element: the vector's paragraph.
 */
export function inspectArticle(root) {
  const HTML_NS = 'http://www.w3.org/1999/xhtml';
  // Elements the sanitizer emits (src/render/article.rs ALLOWED, second names).
  const TAGS = new Set(('p h2 h3 h4 h5 h6 a em strong b i u s sub sup small mark q cite abbr time code pre kbd samp var ' +
    'blockquote ul ol li dl dt dd figure figcaption img table thead tbody tfoot tr th td caption br hr div section span ' +
    'del ins details summary wbr bdi ruby rt rp dfn').split(' '));
  // Never in the view, whatever the allow-list becomes: code, documents, forms, styles, foreign markup.
  const FORBIDDEN = new Set(('script iframe frame frameset object embed applet form input button select textarea option ' +
    'base meta link style svg template noscript noembed noframes xmp plaintext portal dialog video audio source ' +
    'track map area canvas title head body html param annotation annotation-xml maction').split(' '));
  // MathML the sanitizer emits (src/render/article.rs MATHML_ELEMENTS, MATHML_ATTRS), in the MathML namespace only.
  const MATHML_NS = 'http://www.w3.org/1998/Math/MathML';
  const MATHML_TAGS = new Set(('math mi mn mo ms mtext mspace mrow mfrac msqrt mroot mstyle merror mpadded mphantom menclose ' +
    'msub msup msubsup munder mover munderover mmultiscripts mprescripts none mtable mtr mtd mlabeledtr semantics').split(' '));
  const MATHML_ATTRS = new Set(('display mathvariant displaystyle scriptlevel stretchy fence separator largeop movablelimits ' +
    'symmetric lspace rspace accent accentunder linethickness columnalign rowalign columnspan rowspan notation width height ' +
    'depth form minsize maxsize').split(' '));
  // Attributes with one allowed shape each: the view's own names, never the page's.
  const SHAPED = {
    id: (tag, v) => /^folio-note-[A-Za-z0-9_:.-]{1,64}$/.test(v), // footnote anchors
    class: (tag, v) => ((tag === 'pre' || tag === 'code') && /^language-[a-z0-9+#_-]{1,24}$/.test(v)) // a code block's language
      || (tag === 'figure' && v === 'folio-embed') || (tag === 'span' && v === 'folio-embed-kind'), // placeholders (reader.js labels them)
    'data-kind': (tag, v) => tag === 'figure' && /^(video|audio|frame|chart)$/.test(v),
  };
  // Attributes the sanitizer emits (src/render/article.rs allowed_attrs, src/wasm.rs DomSink).
  const ATTRS = new Set(['lang', 'dir', 'href', 'src', 'srcset', 'alt', 'width', 'height', 'colspan', 'rowspan', 'start',
    'datetime', 'title', 'target', 'rel', 'loading', 'referrerpolicy']);
  const DANGEROUS = new Set(['style', 'name', 'srcdoc', 'action', 'formaction', 'xlink:href', 'background', 'poster',
    'data', 'codebase', 'ping', 'contenteditable', 'is', 'form', 'autofocus', 'tabindex', 'popover', 'values', 'to', 'from',
    'attributename', 'dynsrc', 'lowsrc', 'longdesc', 'usemap']);
  // Whitespace, C0/C1 controls, zero-width and bidi marks are dropped before looking at a scheme.
  const squeeze = (s) => String(s).replace(/[\s\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]+/g, '');
  const BAD_SCHEME = /^(javascript|data|vbscript|livescript|mocha|blob|filesystem|file|about|view-source|jar|intent|chrome|chrome-extension|moz-extension|resource):/i;
  const LEAD = /In dispatch \d+\.\d+/g;
  const problems = [];
  const leads = [];
  let near = null;
  let elements = 0;
  const doc = root.ownerDocument;
  const walker = doc.createTreeWalker(root, 1 | 4 | 128); // elements, text, comments
  const add = (kind, el, attr, value) => problems.push({ kind, tag: el.localName, attr: attr ?? null, value: value === undefined ? null : String(value).slice(0, 160), near });
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === 3) {
      for (const m of node.data.matchAll(LEAD)) { leads.push(m[0]); near = m[0]; }
      continue;
    }
    if (node.nodeType === 8) { add('comment', { localName: '#comment' }, null, node.data); continue; }
    const el = node;
    elements++;
    const tag = el.localName;
    const mathml = el.namespaceURI === MATHML_NS;
    if (el.namespaceURI !== HTML_NS && !mathml) add('foreign-namespace', el, null, el.namespaceURI);
    if (FORBIDDEN.has(tag)) add('forbidden-element', el);
    else if (!(mathml ? MATHML_TAGS : TAGS).has(tag)) add('element-not-allowed', el);
    if (tag === 'template' || el.shadowRoot) add('hidden-content', el);
    for (const attr of [...el.attributes]) {
      const name = attr.name.toLowerCase();
      const value = attr.value;
      if (name.startsWith('on')) add('event-handler', el, attr.name, value);
      else if (DANGEROUS.has(name)) add('dangerous-attribute', el, attr.name, value);
      else if (mathml) {
        if (!MATHML_ATTRS.has(name) || !/^[A-Za-z0-9 .%-]{0,40}$/.test(value)) add('attribute-not-allowed', el, attr.name, value);
      } else if (Object.hasOwn(SHAPED, name)) {
        if (!SHAPED[name](tag, value)) add('attribute-not-allowed', el, attr.name, value);
      } else if (!ATTRS.has(name)) add('attribute-not-allowed', el, attr.name, value);
      if (BAD_SCHEME.test(squeeze(value))) add('dangerous-url', el, attr.name, value);
      const v = value.trim();
      // URLs: http(s) (and mailto, in-page anchors for links), or relative with no scheme and no
      // host (they stay relative only when the page's base could not be used).
      const ok = (u, link) => /^https?:\/\//i.test(u) || (link && /^(mailto:|#)/i.test(u)) || !/^([a-z][a-z0-9+.-]*:|\/\/|\\)/i.test(squeeze(u));
      if (name === 'href' && !ok(v, true)) add('link-not-http', el, attr.name, value);
      if (name === 'src' && !ok(v, false)) add('src-not-http', el, attr.name, value);
      if (name === 'srcset') {
        for (const c of v.split(/,\s+/)) {
          if (!ok(c.trim().split(/\s+/)[0], false)) add('srcset-not-http', el, attr.name, value);
        }
      }
      const anchor = tag === 'a' && /^#folio-note-/.test(el.getAttribute('href') || '');
      if (name === 'target' && !(tag === 'a' && (value === '_blank' || (anchor && value === '_self')))) add('dangerous-attribute', el, attr.name, value);
      if (name === 'rel' && !(tag === 'a' && /\bnoopener\b/.test(value))) add('dangerous-attribute', el, attr.name, value);
    }
    if (tag === 'a' && el.hasAttribute('href') && !/^#/.test(el.getAttribute('href')) && el.getAttribute('target') === '_blank' && !/\bnoopener\b/.test(el.getAttribute('rel') || '')) {
      add('opener-link', el, 'rel', el.getAttribute('rel'));
    }
  }
  return { problems, leads, elements };
}

/**
 * Runs in the reader frame (self-contained; `inspect` is inspectArticle, passed in as source):
 * the frame's state, its marker, the article's inspection, and the header's shape.
 */
export function readHostileFrame(inspect) {
  // Through the prototype: a clobbered document.getElementById must not blind the check.
  const byId = (id) => Document.prototype.getElementById.call(document, id);
  const article = byId('folio-article');
  const header = {};
  for (const id of ['folio-title', 'folio-byline', 'folio-site', 'folio-date', 'folio-reading-time', 'folio-cleaned']) {
    const el = byId(id);
    header[id] = el ? { text: (el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 200), children: [...el.children].map((c) => c.localName) } : null;
  }
  // Every URL-bearing attribute anywhere in the reader document (its own chrome too).
  const urls = [];
  for (const el of document.querySelectorAll('[href],[src],[srcset],[action],[formaction],[data],[poster],[srcdoc]')) {
    for (const a of ['href', 'src', 'srcset', 'action', 'formaction', 'data', 'poster', 'srcdoc']) {
      const v = el.getAttribute(a);
      if (v === null) continue;
      const s = v.replace(/[\s\u0000-\u001f\u007f-\u009f\u200b-\u200f\ufeff]+/g, '');
      if (/^(javascript|data|vbscript|blob|filesystem|file):/i.test(s) || a === 'srcdoc') urls.push({ tag: el.localName, id: el.id, attr: a, value: v.slice(0, 160) });
    }
    if (el.localName === 'a' && el.hasAttribute('href') && !(el.getAttribute('href') || '').startsWith('#')) {
      let protocol = null;
      try { protocol = new URL(el.href).protocol; } catch { /* unparseable */ }
      if (!/^(https?|mailto):$/.test(protocol)) urls.push({ tag: 'a', id: el.id, attr: 'href (resolved: ' + (protocol ?? 'unparseable') + ')', value: String(el.href).slice(0, 160) });
    }
    // Images load from the web only: a relative src would load the extension's own files.
    if (el.localName === 'img' && el.closest('#folio-article')) {
      for (const u of [el.getAttribute('src'), ...(el.getAttribute('srcset') || '').split(/,\s+/).map((c) => c.trim().split(/\s+/)[0])]) {
        if (!u) continue;
        let protocol = null;
        try { protocol = new URL(u, document.baseURI).protocol; } catch { /* unparseable */ }
        if (!/^https?:$/.test(protocol)) urls.push({ tag: 'img', id: el.id, attr: 'src/srcset (resolved: ' + (protocol ?? 'unparseable') + ')', value: String(u).slice(0, 160) });
      }
    }
  }
  return {
    url: location.href,
    state: document.documentElement.dataset.state ?? null,
    pwned: window.__pwned === undefined ? null : (Array.isArray(window.__pwned) ? window.__pwned : [String(window.__pwned)]),
    text: (document.body?.innerText ?? '').replace(/\s+/g, ' ').trim().slice(0, 400),
    articleText: (article?.textContent ?? '').replace(/\s+/g, ' ').trim(),
    articleHtml: article?.innerHTML ?? '',
    inspection: article ? inspect(article) : null,
    header,
    urls,
    scripts: [...document.scripts].map((s) => s.src || '(inline)'),
    frames: document.querySelectorAll('iframe,frame,object,embed').length,
  };
}

/** Runs in the reader frame: scroll to the bottom in steps, focus every element that takes focus. */
export function poke() {
  const article = Document.prototype.getElementById.call(document, 'folio-article');
  const els = article ? [...article.querySelectorAll('*')] : [];
  for (const el of els) {
    if (typeof el.focus === 'function') el.focus({ preventScroll: true });
  }
  document.activeElement?.blur?.();
  window.scrollTo(0, document.documentElement.scrollHeight);
  return { elements: els.length, scrollY: window.scrollY, height: document.documentElement.scrollHeight };
}

/** The browser expression that reads the frame (inspectArticle passed in as source). */
export const READ_FRAME_EXPR = `(${readHostileFrame.toString()})(${inspectArticle.toString()})`;

/** Node side: every problem with the vector that caused it. `page` is from pages.mjs writePages. */
export function describeProblems(problems, page) {
  const byLead = new Map(page.leads.map((l, i) => [l, page.vectors[i]]));
  return problems.map((p) => {
    const idInValue = page.vectors.find((v) => p.value && p.value.includes(`'${v.id}'`));
    const v = idInValue ?? (p.near ? byLead.get(p.near) : undefined);
    return `${page.name}: vector ${v ? v.id : '(unknown, near ' + p.near + ')'}: ${p.kind} <${p.tag}${p.attr ? ' ' + p.attr : ''}${p.value !== null ? '=' + JSON.stringify(p.value) : ''}>`;
  });
}

/** Node side: the article must still be readable: nearly every vector paragraph's lead, in order. */
export function checkReadable(leads, page, { minShare = 0.9 } = {}) {
  const problems = [];
  const seen = new Set(leads);
  const missing = page.leads.filter((l) => !seen.has(l));
  if (page.leads.length - missing.length < Math.ceil(page.leads.length * minShare)) {
    problems.push(`${page.name}: the reader lost ${missing.length} of ${page.leads.length} paragraphs: ${missing.map((l) => `${l} (${page.vectors[page.leads.indexOf(l)].id})`).join(', ')}`);
  }
  return { problems, missing };
}

/** Node side: all the checks on one page's reader frame (readHostileFrame) and top-page marker. */
export function checkFrame(r, page, { topPwned = null, pageUrlBefore, pageUrlAfter } = {}) {
  const problems = [];
  const p = (m) => problems.push(`${page.name}: ${m}`);
  if (r.state !== 'ready') p(`reader state is ${JSON.stringify(r.state)}, expected "ready"; reader text: ${r.text}`);
  if (r.pwned) p(`MARKER SET IN THE READER FRAME (extension page!): ${JSON.stringify(r.pwned)}`);
  if (topPwned) p(`marker set in the page itself: ${JSON.stringify(topPwned)}`);
  if (pageUrlBefore && pageUrlAfter && pageUrlBefore !== pageUrlAfter) p(`the page navigated: ${pageUrlBefore} → ${pageUrlAfter}`);
  if (!r.inspection) p('the reader has no #folio-article');
  else {
    problems.push(...describeProblems(r.inspection.problems, page));
    problems.push(...checkReadable(r.inspection.leads, page).problems);
  }
  for (const t of page.mustContain ?? []) {
    if (!r.articleText.includes(t)) p(`#folio-article lacks ${JSON.stringify(t)} (did dynamic.js run?)`);
  }
  for (const [id, h] of Object.entries(r.header)) {
    if (h && h.children.length && id !== 'folio-cleaned') p(`#${id} holds elements ${JSON.stringify(h.children)} (text only expected): ${JSON.stringify(h.text)}`);
  }
  for (const u of r.urls) p(`dangerous URL in the reader document: <${u.tag}${u.id ? '#' + u.id : ''} ${u.attr}=${JSON.stringify(u.value)}>`);
  if (r.scripts.some((s) => s === '(inline)' || !/^(chrome|moz)-extension:\/\//.test(s))) p(`unexpected scripts in the reader: ${JSON.stringify(r.scripts)}`);
  if (r.frames) p(`${r.frames} frame/object/embed element(s) in the reader document`);
  return problems;
}

/** With FOLIO_HOSTILE_DUMP=DIR, writes the reader's article HTML to DIR/<browser>/<page> (for comparing parses). */
export function dumpArticle(who, page, html) {
  const dir = process.env.FOLIO_HOSTILE_DUMP;
  if (!dir) return;
  mkdirSync(path.join(dir, who), { recursive: true });
  writeFileSync(path.join(dir, who, page.name), html ?? '');
}
