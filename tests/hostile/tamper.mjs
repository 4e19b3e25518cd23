// The "tamper pages": article pages whose own scripts attack Folio from the page's world. They
// override DOM prototypes and builtins, throw from getters, clobber document and form properties,
// forge postMessage traffic and DOM events, fake the extension API, watch for div#folio-reader-host
// and go after it, rewrite the article under the click, remove the host, and so on. Folio must
// neither break (the reader opens on a real toolbar click and shows the article, and a second click
// closes it and gives the page back) nor let anything into the reader view.
//
// Each case is {id, what, script, expectation, markup?, settle?}: `script` is the page JS (written
// next to the page as case-<id>.js, same origin, so the strict page CSP `script-src 'self'` lets it
// run); `markup` goes into the page (`body`: before the site header, `article`: after the prose);
// `expectation` is
//   'reader'  : one click opens the reader on the article; it stays open; a second click closes it;
//   'reopens' : the page takes the view away by itself (removes the host, document.open()); the
//               next click must open the reader again (Folio is not stuck), then a click closes it.
// `settle` is how long (ms) the reader stays open before the checks (default SETTLE), for cases that
// keep attacking while it is open.
//
// Every payload, if it ever ran in the reader view or in what Folio injects, adds its tag to
// `__pwned` on self, parent and top (as vectors.json does), and every forged text carries the token
// "TAMPERED-<tag>". The page's own breach detectors (it got hold of the closed shadow root, of the
// reader's frame, of Folio's listeners…) set `__pwned` on the page. The tests fail on any of them.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { waitFor } from '../harness/scratch.mjs';

export const SETTLE = 400;
export const TOKEN = 'TAMPERED';

/** A self-contained function as the source of a script that calls it with the page helpers. */
const src = (fn) => `"use strict";\n(${fn.toString()})(window.__tamper);\n`;

// ---- the page-side helpers (tamper-common.js), loaded before every case script ----
// Everything is captured before the case tampers with anything, and called through Reflect.apply,
// so the helpers keep working whatever the case overrides (Function.prototype.call included).
function common() {
  const R = Reflect.apply;
  const gid = Document.prototype.getElementById;
  const docEl = Object.getOwnPropertyDescriptor(Document.prototype, 'documentElement').get;
  const getAttr = Element.prototype.getAttribute;
  const setAttr = Element.prototype.setAttribute;
  const MO = MutationObserver;
  const stringify = JSON.stringify;
  const realJSON = JSON;
  const observe = MutationObserver.prototype.observe;
  const setT = setTimeout;
  const setI = setInterval;
  const later = (fn, ms) => R(setT, window, [fn, ms]);
  const every = (fn, ms) => R(setI, window, [fn, ms]);
  const html = R(docEl, document, []);
  const id = R(getAttr, html, ['data-tamper-case']);
  const P = (tag) => `[self,parent,top].map(function(w){try{w.__pwned=(w.__pwned||[]).concat('${tag}')}catch(e){}})`;
  const token = (tag) => `TAMPERED-${tag}`;
  const payloadHtml = (tag) =>
    `<img src="x" onerror="${P(tag)}">${token(tag)} <a href="javascript:${P(tag)}">${token(tag)} link</a>` +
    `<svg onload="${P(tag)}"></svg><iframe srcdoc="<script>${P(tag)}</script>"></iframe><script>${P(tag)}</script>`;
  // Imitations of Folio's own data: a snapshot (src/input/snapshot.rs format) and a report.
  const forgedSnapshot = (tag) => R(stringify, realJSON, [{
    v: 1, url: `javascript:${P(tag)}`,
    nodes: [
      { p: 0, t: 'html' }, { p: 1, t: 'head' }, { p: 2, t: 'title' }, { p: 3, x: token(tag) },
      { p: 1, t: 'body' }, { p: 5, t: 'article' }, { p: 6, t: 'h1', a: ['onclick', P(tag)] }, { p: 7, x: token(tag) },
      { p: 6, t: 'p' }, { p: 9, x: `${token(tag)} ${'forged prose '.repeat(60)}` },
      { p: 6, t: 'img', a: ['src', 'x', 'onerror', P(tag)] },
      { p: 6, t: 'a', a: ['href', `javascript:${P(tag)}`] }, { p: 12, x: token(tag) },
      { p: 6, t: 'script' }, { p: 14, x: P(tag) },
    ],
  }]);
  const forgedReport = (tag) => ({
    readerable: true, hasArticle: true, title: token(tag), byline: payloadHtml(tag), siteName: token(tag), url: `javascript:${P(tag)}`,
    content: payloadHtml(tag), html: payloadHtml(tag), text: token(tag), excerpt: token(tag), removed: [],
  });
  function mark(tag) {
    const a = window.__pwned || (window.__pwned = []);
    a[a.length] = tag;
  }
  const host = () => R(gid, document, ['folio-reader-host']);
  /** Calls cb(host) when div#folio-reader-host appears (each time, unless once). */
  function onHost(cb, once = true) {
    let seen = false;
    let done = false;
    const check = () => {
      if (done) return;
      const h = host();
      if (h && !seen) {
        seen = true;
        if (once) done = true;
        try { cb(h); } catch (e) { console.warn('tamper: onHost callback threw', e); }
      } else if (!h) {
        seen = false;
      }
    };
    const mo = new MO(check);
    R(observe, mo, [document, { childList: true, subtree: true }]);
  }
  /** The case script ran to the end: the test checks this before clicking. */
  const ran = () => R(setAttr, R(docEl, document, []), ['data-tamper-ran', id]);
  /** The attack took effect in the page's world (else the case proves nothing): throws, and ran() is never reached. */
  const expect = (ok, what) => {
    if (!ok) throw new Error(`tamper case ${id}: the attack did not take effect in the page: ${what}`);
  };
  window.__tamper = Object.freeze({ id, P, token, payloadHtml, forgedSnapshot, forgedReport, mark, host, onHost, ran, expect, later, every });
}

// The child frame of the postMessage cases: forges messages up to its parent and top, and echoes
// whatever it receives back, with a payload.
function child() {
  const P = (tag) => `[self,parent,top].map(function(w){try{w.__pwned=(w.__pwned||[]).concat('${tag}')}catch(e){}})`;
  const forged = () => ({ type: 'folio:snapshot', nonce: 'forged', snapshot: `{"v":1,"nodes":[{"p":0,"t":"p"},{"p":1,"x":"TAMPERED-child"}]}`, html: `<img src=x onerror="${P('child')}">TAMPERED-child` });
  setInterval(() => {
    for (const w of [parent, top]) {
      try { w.postMessage(forged(), '*'); } catch (e) { /* keep going */ }
    }
  }, 100);
  addEventListener('message', (e) => {
    try { if (e.source && e.source !== window) e.source.postMessage({ echo: e.data, html: `<img src=x onerror="${P('child-echo')}">TAMPERED-child-echo` }, '*'); } catch (err) { /* keep going */ }
  });
}

// ---- the cases ----
// A script's helpers come as T (tamper-common.js). Each ends with T.ran().
export const CASES = [
  // --- prototype overrides in the page's world ---
  {
    id: 'proto-getattribute',
    what: 'Element.prototype.getAttribute/setAttribute/hasAttribute/getAttributeNames/removeAttribute overridden: every attribute reads as a payload',
    script: src((T) => {
      const set = Element.prototype.setAttribute;
      Element.prototype.getAttribute = function (name) {
        const n = String(name).toLowerCase();
        if (n === 'href' || n === 'src' || n === 'action') return `javascript:${T.P(`${T.id}-${n}`)}`;
        if (n.startsWith('on')) return T.P(`${T.id}-on`);
        if (n === 'style') return 'position:fixed;inset:0;z-index:2147483647;display:block';
        if (n === 'type') return 'text/javascript';
        return `${T.token(T.id)} ${T.payloadHtml(T.id)}`;
      };
      Element.prototype.setAttribute = function (name, value) {
        // Folio never calls the page's setAttribute; if it did on its host or frame, say so.
        if (this.id === 'folio-reader-host' || /extension:/.test(String(value))) T.mark(`${T.id}-setattribute-saw-folio`);
        return Reflect.apply(set, this, [name, value]);
      };
      Element.prototype.hasAttribute = () => true;
      Element.prototype.getAttributeNames = () => ['onclick', 'href', 'src', 'style', 'srcdoc'];
      Element.prototype.removeAttribute = () => undefined;
      Element.prototype.getAttributeNode = (name) => ({ name, value: T.P(`${T.id}-node`) });
      T.expect(document.body.getAttribute('class').includes('TAMPERED'), 'getAttribute lies');
      T.ran();
    }),
  },
  {
    id: 'proto-attributes',
    what: 'the attributes getter, NamedNodeMap (item, length, iterator) and Attr name/value overridden to list event handlers and javascript: URLs',
    script: src((T) => {
      const fake = [
        { name: 'onclick', value: T.P(`${T.id}-onclick`) },
        { name: 'href', value: `javascript:${T.P(`${T.id}-href`)}` },
        { name: 'src', value: `javascript:${T.P(`${T.id}-src`)}` },
        { name: 'style', value: 'position:fixed;inset:0' },
        { name: 'srcdoc', value: T.payloadHtml(T.id) },
      ];
      Object.defineProperty(Element.prototype, 'attributes', { configurable: true, get: () => fake });
      NamedNodeMap.prototype.item = (i) => fake[i % fake.length];
      NamedNodeMap.prototype.getNamedItem = () => fake[0];
      Object.defineProperty(NamedNodeMap.prototype, 'length', { configurable: true, get: () => fake.length });
      NamedNodeMap.prototype[Symbol.iterator] = function* () { yield* fake; };
      Object.defineProperty(Attr.prototype, 'name', { configurable: true, get: () => 'onerror' });
      Object.defineProperty(Attr.prototype, 'localName', { configurable: true, get: () => 'onerror' });
      Object.defineProperty(Attr.prototype, 'value', { configurable: true, get: () => T.P(`${T.id}-attr-value`) });
      T.ran();
    }),
  },
  {
    id: 'proto-text',
    what: 'Node.prototype.textContent/nodeValue, CharacterData.data, Text.wholeText, innerText/innerHTML/outerHTML getters return markup and a token',
    script: src((T) => {
      const forged = { configurable: true, get: () => `${T.token(T.id)} ${T.payloadHtml(T.id)}`, set: () => {} };
      for (const [proto, names] of [
        [Node.prototype, ['textContent', 'nodeValue']],
        [CharacterData.prototype, ['data']],
        [Text.prototype, ['wholeText']],
        [HTMLElement.prototype, ['innerText', 'outerText']],
        [Element.prototype, ['innerHTML', 'outerHTML']],
      ]) {
        for (const n of names) Object.defineProperty(proto, n, forged);
      }
      CharacterData.prototype.substringData = () => T.token(T.id);
      T.expect(document.body.textContent.includes('TAMPERED'), 'textContent lies');
      T.ran();
    }),
  },
  {
    id: 'proto-tree',
    what: 'childNodes/firstChild/lastChild/nextSibling/previousSibling/parentNode/parentElement/children getters and NodeList item/length overridden to walk into forged nodes',
    script: src((T) => {
      const fakeText = { nodeType: 3, nodeName: '#text', data: T.token(T.id), textContent: T.payloadHtml(T.id), nodeValue: T.token(T.id) };
      const fakeEl = { nodeType: 1, nodeName: 'SCRIPT', localName: 'script', tagName: 'SCRIPT', attributes: [{ name: 'onload', value: T.P(T.id) }], childNodes: [fakeText], firstChild: fakeText };
      const list = [fakeEl, fakeText];
      const def = (proto, name, get) => Object.defineProperty(proto, name, { configurable: true, get });
      def(Node.prototype, 'childNodes', () => list);
      def(Node.prototype, 'firstChild', () => fakeEl);
      def(Node.prototype, 'lastChild', () => fakeText);
      def(Node.prototype, 'nextSibling', () => fakeText);
      def(Node.prototype, 'previousSibling', () => fakeEl);
      def(Node.prototype, 'parentNode', () => null);
      def(Node.prototype, 'parentElement', () => null);
      def(Node.prototype, 'isConnected', () => false);
      def(Element.prototype, 'children', () => list);
      def(Element.prototype, 'firstElementChild', () => fakeEl);
      def(Element.prototype, 'nextElementSibling', () => fakeEl);
      def(NodeList.prototype, 'length', () => list.length);
      NodeList.prototype.item = (i) => list[i];
      NodeList.prototype[Symbol.iterator] = function* () { yield* list; };
      Node.prototype.hasChildNodes = () => true;
      Node.prototype.contains = () => false;
      Node.prototype.getRootNode = () => fakeEl;
      T.ran();
    }),
  },
  {
    id: 'proto-nodetype',
    what: 'Node.prototype.nodeType/nodeName getters lie: every node is an element named SCRIPT, then every node is text',
    script: src((T) => {
      let flip = 0;
      Object.defineProperty(Node.prototype, 'nodeType', { configurable: true, get: () => ((flip++ % 2) ? 3 : 1) });
      Object.defineProperty(Node.prototype, 'nodeName', { configurable: true, get: () => 'SCRIPT' });
      Object.defineProperty(Node.prototype, 'baseURI', { configurable: true, get: () => `javascript:${T.P(`${T.id}-base`)}//` });
      Object.defineProperty(Node.prototype, 'ownerDocument', { configurable: true, get: () => null });
      T.ran();
    }),
  },
  {
    id: 'proto-element-names',
    what: 'tagName/localName/namespaceURI/prefix/className/id/classList getters overridden (script, svg namespace, tokens)',
    script: src((T) => {
      const def = (proto, name, get) => Object.defineProperty(proto, name, { configurable: true, get, set: () => {} });
      def(Element.prototype, 'tagName', () => 'SCRIPT');
      def(Element.prototype, 'localName', () => 'script');
      def(Element.prototype, 'namespaceURI', () => 'http://www.w3.org/2000/svg');
      def(Element.prototype, 'prefix', () => 'svg');
      def(Element.prototype, 'className', () => `${T.token(T.id)} promo ad-slot paywall`);
      def(Element.prototype, 'id', () => T.token(T.id));
      def(Element.prototype, 'classList', () => ({ contains: () => true, length: 1, value: T.token(T.id), item: () => T.token(T.id) }));
      T.ran();
    }),
  },
  {
    id: 'proto-document-query',
    what: 'Document/Element querySelector(All), getElementById, getElementsBy* return forged elements (from an inert document) carrying payloads',
    script: src((T) => {
      const inert = document.implementation.createHTMLDocument('x');
      inert.body.innerHTML = `<article><h1>${T.token(T.id)}</h1><p>${T.payloadHtml(T.id)} ${'forged prose '.repeat(40)}</p></article>`;
      const el = inert.body.firstChild;
      const all = [...inert.querySelectorAll('*')];
      for (const proto of [Document.prototype, Element.prototype, DocumentFragment.prototype]) {
        proto.querySelector = () => el;
        proto.querySelectorAll = () => all;
        proto.getElementsByTagName = () => all;
        proto.getElementsByClassName = () => all;
      }
      Document.prototype.getElementById = () => el;
      Document.prototype.getElementsByName = () => all;
      Element.prototype.closest = () => el;
      Element.prototype.matches = () => true;
      T.ran();
    }),
  },
  {
    id: 'proto-treewalker',
    what: 'createTreeWalker/createNodeIterator and TreeWalker/NodeIterator navigation (nextNode, firstChild, nextSibling, parentNode, currentNode) yield forged nodes',
    script: src((T) => {
      const inert = document.implementation.createHTMLDocument('x');
      inert.body.innerHTML = `<p>${T.payloadHtml(T.id)}</p><script>${T.P(T.id)}<\/script>`;
      const nodes = [...inert.body.querySelectorAll('*')];
      let i = 0;
      const next = () => nodes[i++ % nodes.length];
      const walker = { nextNode: next, firstChild: next, nextSibling: next, parentNode: next, previousNode: next, lastChild: next, currentNode: nodes[0], root: nodes[0] };
      Document.prototype.createTreeWalker = () => walker;
      Document.prototype.createNodeIterator = () => walker;
      for (const proto of [TreeWalker.prototype, NodeIterator.prototype]) {
        for (const m of ['nextNode', 'previousNode', 'firstChild', 'lastChild', 'nextSibling', 'previousSibling', 'parentNode']) {
          if (m in proto) proto[m] = next;
        }
      }
      Object.defineProperty(TreeWalker.prototype, 'currentNode', { configurable: true, get: next, set: () => {} });
      T.ran();
    }),
  },
  {
    id: 'json',
    what: 'JSON.parse returns a forged report, JSON.stringify returns a forged snapshot; window.JSON replaced outright; Response.prototype.json forged',
    script: src((T) => {
      const parse = () => T.forgedReport(T.id);
      const stringify = () => T.forgedSnapshot(T.id);
      JSON.parse = parse;
      JSON.stringify = stringify;
      Object.defineProperty(window, 'JSON', { configurable: true, value: { parse, stringify, [Symbol.toStringTag]: 'JSON' } });
      Response.prototype.json = async () => T.forgedReport(T.id);
      Response.prototype.text = async () => T.forgedSnapshot(T.id);
      T.expect(JSON.stringify({}).includes('TAMPERED'), 'JSON.stringify forges');
      T.ran();
    }),
  },
  {
    id: 'array',
    what: 'Array.prototype push/map/forEach/filter/join/concat/slice/indexOf/includes/reduce/splice, Array.from and Array.isArray overridden to inject forged snapshot nodes',
    script: src((T) => {
      const push = Array.prototype.push;
      const forgedNode = { p: 1, t: 'img', a: ['src', 'x', 'onerror', T.P(`${T.id}-push`)] };
      Array.prototype.push = function (...items) {
        for (const it of items) {
          if (it && typeof it === 'object' && 'p' in it) {
            if ('x' in it) it.x = `${T.token(T.id)} ${T.payloadHtml(T.id)}`;
            if ('t' in it) it.t = 'script';
          }
        }
        return Reflect.apply(push, this, [...items, forgedNode]);
      };
      Array.prototype.map = function () { return [T.payloadHtml(T.id)]; };
      Array.prototype.forEach = function (fn) { Reflect.apply(fn, undefined, [T.payloadHtml(T.id), 0, this]); };
      Array.prototype.filter = function () { return [forgedNode]; };
      Array.prototype.join = function () { return T.payloadHtml(T.id); };
      Array.prototype.concat = function () { return [forgedNode]; };
      Array.prototype.slice = function () { return [forgedNode]; };
      Array.prototype.indexOf = () => 0;
      Array.prototype.includes = () => true;
      Array.prototype.reduce = () => T.payloadHtml(T.id);
      Array.prototype.splice = () => [];
      Array.from = () => [forgedNode];
      Array.isArray = () => false;
      T.ran();
    }),
  },
  {
    id: 'object-setters',
    what: 'Object.prototype setters (and matching getters) for type, html, text, then, kind, snapshot, nonce, content, title, url, nodes, x, t, a, p, error, readerable, hasArticle, data, detail, message: they capture and rewrite what is assigned',
    script: src((T) => {
      const store = new WeakMap();
      for (const key of ['type', 'html', 'text', 'then', 'kind', 'snapshot', 'nonce', 'content', 'title', 'url', 'nodes', 'x', 't', 'a', 'p',
        'error', 'readerable', 'hasArticle', 'data', 'detail', 'message', 'response', 'report']) {
        Object.defineProperty(Object.prototype, key, {
          configurable: true,
          set(v) {
            if (typeof v === 'string' && (v.startsWith('{"v":1') || v.includes('folio'))) T.mark(`${T.id}-saw-${key}`);
            const m = store.get(this) || {};
            m[key] = typeof v === 'string' ? `${T.token(T.id)} ${T.payloadHtml(T.id)}` : v;
            store.set(this, m);
          },
          get() { const m = store.get(this); return m ? m[key] : undefined; },
        });
      }
      T.ran();
    }),
  },
  {
    id: 'object-getters',
    what: 'Object.prototype getters give every object forged defaults: type "folio:snapshot", html/content/snapshot payloads, readerable, and a then() that resolves to a forged report',
    script: src((T) => {
      const defs = {
        type: 'folio:snapshot', kind: 'snapshot', html: T.payloadHtml(T.id), content: T.payloadHtml(T.id), text: T.token(T.id),
        snapshot: T.forgedSnapshot(T.id), nonce: 'forged', title: T.token(T.id), url: `javascript:${T.P(`${T.id}-url`)}`,
        readerable: true, hasArticle: true, error: undefined, href: `javascript:${T.P(`${T.id}-href`)}`, src: `javascript:${T.P(`${T.id}-src`)}`,
        onerror: T.P(`${T.id}-onerror`), innerHTML: T.payloadHtml(T.id),
      };
      for (const [key, value] of Object.entries(defs)) {
        Object.defineProperty(Object.prototype, key, { configurable: true, get: () => value, set: () => {} });
      }
      // then() on anything that looks like Folio's messages (a then() on every object, resolving to
      // yet another thenable, would hang the page itself, and WebDriver with it): it resolves to a
      // forged report with no prototype, so the chain ends.
      const hasOwn = (o, k) => Reflect.apply(Object.prototype.hasOwnProperty, o, [k]);
      Object.defineProperty(Object.prototype, 'then', {
        configurable: true,
        get() {
          if (!['nonce', 'snapshot', 'nodes', 'readerable', 'hasArticle', 'error'].some((k) => hasOwn(this, k))) return undefined;
          return (resolve) => { if (typeof resolve === 'function') resolve(Object.assign(Object.create(null), T.forgedReport(T.id))); };
        },
      });
      T.ran();
    }),
  },
  {
    id: 'function-proto',
    what: 'Function.prototype.call/apply/bind/toString overridden: arguments that look like a snapshot are swapped for a forged one, and every bound function is wrapped',
    script: src((T) => {
      const { call, apply, bind } = Function.prototype;
      const swap = (args) => {
        const out = [];
        for (let i = 0; i < args.length; i++) {
          const a = args[i];
          out[i] = typeof a === 'string' && (a.startsWith('{"v":1') || a.startsWith('{')) ? T.forgedSnapshot(T.id) : a;
        }
        return out;
      };
      Function.prototype.call = function (thisArg, ...args) { return Reflect.apply(this, thisArg, swap(args)); };
      Function.prototype.apply = function (thisArg, args) { return Reflect.apply(this, thisArg, swap(args || [])); };
      Function.prototype.bind = function (thisArg, ...bound) {
        const fn = this;
        return function (...args) { return Reflect.apply(fn, thisArg, swap([...bound, ...args])); };
      };
      Function.prototype.toString = () => `function () { ${T.P(`${T.id}-tostring`)} }`;
      void call; void apply; void bind;
      T.ran();
    }),
  },
  {
    id: 'computed-style',
    what: 'window.getComputedStyle returns display:none/hidden/fixed for everything; CSSStyleDeclaration getPropertyValue and the display/visibility/position/opacity getters lie',
    script: src((T) => {
      const lie = { display: 'none', visibility: 'hidden', position: 'fixed', zIndex: '2147483647', opacity: '0', overflow: 'hidden', overflowX: 'hidden', overflowY: 'hidden', filter: 'blur(8px)', backgroundImage: 'linear-gradient(red, blue)', maskImage: 'linear-gradient(red, blue)' };
      window.getComputedStyle = () => ({ ...lie, getPropertyValue: (p) => lie[p] ?? 'none' });
      CSSStyleDeclaration.prototype.getPropertyValue = () => 'none';
      for (const proto of [CSSStyleDeclaration.prototype, globalThis.CSS2Properties?.prototype].filter(Boolean)) {
        for (const [k, v] of Object.entries(lie)) {
          try { Object.defineProperty(proto, k, { configurable: true, get: () => v, set: () => {} }); } catch (e) { /* not configurable here */ }
        }
      }
      T.expect(getComputedStyle(document.body).display === 'none', 'getComputedStyle lies');
      T.ran();
    }),
  },
  {
    id: 'layout-getters',
    what: 'getBoundingClientRect/getClientRects return absurd sizes or throw; offset*/client*/scroll* getters and window.innerWidth/innerHeight throw',
    script: src((T) => {
      let n = 0;
      Element.prototype.getBoundingClientRect = () => {
        if (n++ % 2) throw new Error(T.token(T.id));
        return { x: NaN, y: -1e9, width: 1e12, height: NaN, top: -1e9, left: NaN, right: Infinity, bottom: Infinity };
      };
      Element.prototype.getClientRects = () => { throw new Error(T.token(T.id)); };
      const boom = { configurable: true, get() { throw new Error(T.token(T.id)); } };
      for (const k of ['offsetWidth', 'offsetHeight', 'offsetTop', 'offsetLeft', 'offsetParent']) Object.defineProperty(HTMLElement.prototype, k, boom);
      for (const k of ['clientWidth', 'clientHeight', 'scrollWidth', 'scrollHeight', 'scrollTop']) Object.defineProperty(Element.prototype, k, boom);
      for (const k of ['innerWidth', 'innerHeight', 'devicePixelRatio']) Object.defineProperty(window, k, boom);
      T.expect((() => { try { void document.body.offsetWidth; return false; } catch (e) { return true; } })(), 'offsetWidth throws');
      T.ran();
    }),
  },
  {
    id: 'attach-shadow',
    what: 'Element.prototype.attachShadow forced to mode "open" and every root captured; shadowRoot getter and ShadowRoot innerHTML overridden; the host is probed for its root when it appears',
    script: src((T) => {
      const attach = Element.prototype.attachShadow;
      const captured = [];
      Element.prototype.attachShadow = function (init) {
        const root = Reflect.apply(attach, this, [{ ...(init || {}), mode: 'open' }]);
        captured[captured.length] = root;
        if (this.id === 'folio-reader-host' || (init && init.mode === 'closed')) T.mark(`${T.id}-captured-closed-root`);
        return root;
      };
      Object.defineProperty(ShadowRoot.prototype, 'innerHTML', { configurable: true, set: () => {}, get: () => T.payloadHtml(T.id) });
      T.onHost((host) => {
        if (host.shadowRoot) T.mark(`${T.id}-open-shadow-root`);
        try { host.attachShadow({ mode: 'open' }); T.mark(`${T.id}-second-root`); } catch (e) { /* NotSupportedError: it has one */ }
        try {
          const html = host.getHTML ? host.getHTML({ serializableShadowRoots: true, shadowRoots: captured }) : '';
          if (/iframe|extension:/.test(html)) T.mark(`${T.id}-gethtml`);
        } catch (e) { /* no getHTML */ }
        for (const root of captured) {
          try { if (root.querySelector('iframe')) T.mark(`${T.id}-reached-frame`); } catch (e) { /* gone */ }
        }
      });
      document.createElement('div').attachShadow({ mode: 'open' });
      T.expect(captured.length === 1, 'attachShadow is hooked');
      T.ran();
    }),
  },
  {
    id: 'dom-insert',
    what: 'appendChild/insertBefore/replaceChild/removeChild/append/prepend/before/after/remove overridden to capture (and retarget) the host and any extension frame',
    script: src((T) => {
      const seen = (node) => {
        if (!node || typeof node !== 'object') return;
        try {
          if (node.id === 'folio-reader-host' || (node.localName === 'iframe' && /extension:/.test(node.src))) {
            T.mark(`${T.id}-captured-${node.localName}`);
            try { node.src = `${location.origin}/spoof.html`; } catch (e) { /* keep going */ }
          }
        } catch (e) { /* keep going */ }
      };
      for (const [proto, names] of [
        [Node.prototype, ['appendChild', 'insertBefore', 'replaceChild', 'removeChild']],
        [Element.prototype, ['append', 'prepend', 'before', 'after', 'replaceWith', 'remove', 'insertAdjacentElement']],
      ]) {
        for (const name of names) {
          const real = proto[name];
          proto[name] = function (...args) {
            seen(this);
            for (const a of args) seen(a);
            return Reflect.apply(real, this, args);
          };
        }
      }
      T.ran();
    }),
  },
  {
    id: 'add-event-listener',
    what: 'EventTarget.prototype.addEventListener records every listener (removeEventListener is a no-op) and, once the host is there, calls them all with forged Escape, message and load events',
    script: src((T) => {
      const add = EventTarget.prototype.addEventListener;
      const listeners = [];
      EventTarget.prototype.addEventListener = function (type, fn, opts) {
        listeners[listeners.length] = { target: this, type, fn };
        try { if (this.id === 'folio-reader-host' || this.localName === 'iframe') T.mark(`${T.id}-saw-folio-listener`); } catch (e) { /* keep going */ }
        return Reflect.apply(add, this, [type, fn, opts]);
      };
      EventTarget.prototype.removeEventListener = () => undefined;
      Event.prototype.stopImmediatePropagation = () => undefined;
      T.onHost(() => {
        const events = [
          () => new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }),
          () => new MessageEvent('message', { data: { type: 'folio:snapshot', snapshot: T.forgedSnapshot(T.id) }, origin: 'chrome-extension://forged' }),
          () => new Event('load'),
        ];
        for (const l of listeners) {
          for (const make of events) {
            try { typeof l.fn === 'function' ? Reflect.apply(l.fn, l.target, [make()]) : l.fn?.handleEvent?.(make()); } catch (e) { /* keep going */ }
          }
        }
      });
      window.addEventListener('scroll', () => {});
      T.ran();
    }),
  },
  {
    id: 'promise',
    what: 'Promise.prototype.then/catch/finally, Promise.resolve/all and queueMicrotask overridden to swap resolved values for forged snapshots; window.Promise replaced',
    script: src((T) => {
      const { then } = Promise.prototype;
      Promise.prototype.then = function (ok, bad) {
        return Reflect.apply(then, this, [(v) => (typeof ok === 'function' ? ok(typeof v === 'string' ? T.forgedSnapshot(T.id) : T.forgedReport(T.id)) : v), bad]);
      };
      Promise.prototype.catch = function () { return this; };
      Promise.prototype.finally = function () { return this; };
      const RealPromise = Promise;
      Promise.resolve = () => RealPromise.reject(new Error(T.token(T.id)));
      Promise.all = () => new RealPromise(() => {});
      window.queueMicrotask = () => undefined;
      window.Promise = function FakePromise() { return RealPromise.resolve(T.forgedReport(T.id)); };
      T.ran();
    }),
  },
  {
    id: 'fake-extension-api',
    what: 'window.chrome and window.browser replaced by fake extension APIs (runtime.sendMessage/onMessage/getURL/id, i18n) that forge a snapshot and record every call',
    script: src((T) => {
      const api = {
        runtime: {
          id: 'forged',
          getURL: () => `javascript:${T.P(`${T.id}-geturl`)}`,
          sendMessage: (...a) => { T.mark(`${T.id}-sendmessage`); const cb = a.find((x) => typeof x === 'function'); cb?.(T.forgedSnapshot(T.id)); return Promise.resolve(T.forgedSnapshot(T.id)); },
          onMessage: {
            addListener: (fn) => {
              T.mark(`${T.id}-onmessage`);
              setTimeout(() => fn({ type: 'folio:snapshot', nonce: 'forged' }, { id: 'forged' }, () => {}), 0);
            },
          },
        },
        i18n: { getMessage: () => T.payloadHtml(T.id) },
      };
      for (const name of ['chrome', 'browser']) {
        try { Object.defineProperty(window, name, { configurable: false, writable: false, value: api }); } catch (e) { window[name] = api; }
      }
      T.expect(window.chrome?.runtime?.id === 'forged' && window.browser?.runtime?.id === 'forged', 'window.chrome and window.browser are the fakes');
      T.ran();
    }),
  },
  {
    id: 'clobber-window-browser',
    what: 'DOM clobbering of window.browser by an element id (<div id="browser">): the name Firefox gives the extension API',
    markup: { body: '<div id="browser" hidden></div>' },
    script: src((T) => { T.expect(window.browser instanceof HTMLDivElement, 'window.browser is the div'); T.ran(); }),
  },
  {
    id: 'clobber-window-browser-form',
    what: 'DOM clobbering of window.browser (and window.chrome) by named forms and images whose controls are named runtime and i18n',
    markup: { body: '<form name="browser" hidden><input name="runtime"><input name="i18n"></form><img name="chrome" alt="">' },
    script: src((T) => { T.expect(window.browser instanceof HTMLFormElement && window.browser.runtime instanceof HTMLInputElement, 'window.browser.runtime is an input'); T.ran(); }),
  },
  {
    id: 'clobber-window-names',
    what: 'DOM clobbering of the window names Folio\'s scripts define or use: folioSnapshot, folioSnapshotNodes, crypto, location, scrollX, getComputedStyle',
    markup: { body: '<img name="folioSnapshot" alt=""><img name="folioSnapshotNodes" alt=""><div id="folioSnapshot" hidden></div><img name="crypto" alt=""><img name="location" alt=""><img name="scrollX" alt=""><img name="getComputedStyle" alt="">' },
    script: src((T) => { T.expect(window.folioSnapshot instanceof HTMLCollection || window.folioSnapshot instanceof HTMLElement, 'window.folioSnapshot is the named element(s)'); T.ran(); }),
  },
  // --- getters that throw ---
  {
    id: 'throwing-element-getters',
    what: 'own throwing getters on every article element (textContent, innerHTML, attributes, childNodes, firstChild, nodeType, localName, tagName, id, className, style, getAttribute) and on innerText/style/classList prototypes',
    script: src((T) => {
      const boom = { configurable: true, get() { throw new Error(T.token(T.id)); } };
      for (const el of document.querySelectorAll('article, article *')) {
        for (const k of ['textContent', 'innerHTML', 'outerHTML', 'attributes', 'childNodes', 'firstChild', 'nextSibling', 'nodeType', 'localName', 'tagName', 'id', 'className', 'style', 'getAttribute', 'dataset']) {
          Object.defineProperty(el, k, boom);
        }
      }
      for (const k of ['innerText', 'style', 'hidden', 'title', 'lang', 'dir']) Object.defineProperty(HTMLElement.prototype, k, boom);
      Object.defineProperty(Element.prototype, 'classList', boom);
      T.expect((() => { try { void document.querySelector('article p').textContent; return false; } catch (e) { return true; } })(), 'an article paragraph\'s textContent throws');
      T.ran();
    }),
  },
  {
    id: 'throwing-document-getters',
    what: 'throwing getters on document (defineProperty on the document: title, body, head, documentElement, URL, baseURI, defaultView, readyState…) and on Document.prototype',
    script: src((T) => {
      const boom = { configurable: true, get() { throw new Error(T.token(T.id)); } };
      for (const k of ['title', 'body', 'head', 'documentElement', 'URL', 'documentURI', 'baseURI', 'defaultView', 'readyState', 'characterSet', 'contentType', 'compatMode', 'dir', 'cookie', 'referrer', 'activeElement', 'scrollingElement', 'location']) {
        try { Object.defineProperty(document, k, boom); } catch (e) { /* unforgeable (location) */ }
        try { Object.defineProperty(Document.prototype, k, boom); } catch (e) { /* unforgeable */ }
      }
      T.expect((() => { try { void document.title; return false; } catch (e) { return true; } })(), 'document.title throws');
      T.ran();
    }),
  },
  {
    id: 'throwing-window-getters',
    what: 'throwing getters on window for scrollX/scrollY/pageXOffset/pageYOffset/innerWidth/frames/length/crypto/getComputedStyle/customElements, and a throwing scrollTo',
    script: src((T) => {
      const boom = { configurable: true, get() { throw new Error(T.token(T.id)); } };
      for (const k of ['scrollX', 'scrollY', 'pageXOffset', 'pageYOffset', 'innerWidth', 'innerHeight', 'frames', 'length', 'crypto', 'getComputedStyle', 'customElements', 'visualViewport', 'screen', 'devicePixelRatio', 'location', 'document', 'top', 'parent']) {
        try { Object.defineProperty(window, k, boom); } catch (e) { /* unforgeable */ }
      }
      for (const k of ['scrollTo', 'scroll', 'scrollBy']) window[k] = () => { throw new Error(T.token(T.id)); };
      T.expect((() => { try { void window.scrollY; return false; } catch (e) { return true; } })(), 'window.scrollY throws');
      T.ran();
    }),
  },
  {
    id: 'throwing-dataset',
    what: 'the dataset getter throws (HTML, SVG and MathML elements); DOMStringMap access throws',
    script: src((T) => {
      const boom = { configurable: true, get() { throw new Error(T.token(T.id)); } };
      for (const C of [HTMLElement, globalThis.SVGElement, globalThis.MathMLElement]) {
        if (C) try { Object.defineProperty(C.prototype, 'dataset', boom); } catch (e) { /* not configurable */ }
      }
      for (const k of ['toString', 'valueOf']) DOMStringMap.prototype[k] = () => { throw new Error(T.token(T.id)); };
      T.expect((() => { try { void document.body.dataset; return false; } catch (e) { return true; } })(), 'dataset throws');
      T.ran();
    }),
    markup: { article: '<p data-role="note" data-x="1" data-state="ready">A note from the harbour office confirms that the lamp was serviced in the spring and that the lens was cleaned by hand.</p>' },
  },
  // --- DOM clobbering ---
  {
    id: 'clobber-document-body',
    what: 'DOM clobbering: <img name="body"> makes document.body an image',
    markup: { body: '<img name="body" alt="">' },
    script: src((T) => { T.expect(document.body instanceof HTMLImageElement, 'document.body is the image'); T.ran(); }),
  },
  {
    id: 'clobber-document-element',
    what: 'DOM clobbering: <form name="documentElement"> makes document.documentElement a form',
    markup: { body: '<form name="documentElement" hidden></form>' },
    script: src((T) => { T.expect(document.documentElement instanceof HTMLFormElement, 'document.documentElement is the form'); T.ran(); }),
  },
  {
    id: 'clobber-document-element-methods',
    what: 'DOM clobbering: document.documentElement is a form whose controls shadow appendChild, getAttribute, setAttribute, hasAttribute, removeAttribute and style',
    markup: { body: '<form name="documentElement" hidden><input name="appendChild"><input name="getAttribute"><input name="setAttribute"><input name="hasAttribute"><input name="removeAttribute"><input name="style"></form>' },
    script: src((T) => { T.expect(document.documentElement.appendChild instanceof HTMLInputElement && document.documentElement.style instanceof HTMLInputElement, 'document.documentElement.appendChild and .style are inputs'); T.ran(); }),
  },
  {
    id: 'clobber-body-style',
    what: 'DOM clobbering: document.body is a form whose control named style shadows its style property',
    markup: { body: '<form name="body" hidden><input name="style"></form>' },
    script: src((T) => { T.expect(document.body.style instanceof HTMLInputElement, 'document.body.style is an input'); T.ran(); }),
  },
  {
    id: 'clobber-document-methods',
    what: 'DOM clobbering of document methods and properties: createElement, getElementById, createTreeWalker, defaultView, baseURI, title, implementation, getElementsByTagName',
    markup: { body: '<img name="createElement" alt=""><img name="getElementById" alt=""><img name="createTreeWalker" alt=""><img name="defaultView" alt=""><img name="baseURI" alt=""><img name="title" alt=""><img name="implementation" alt=""><img name="getElementsByTagName" alt="">' },
    script: src((T) => { T.expect(document.createElement instanceof HTMLImageElement && document.defaultView instanceof HTMLImageElement, 'document.createElement and .defaultView are images'); T.ran(); }),
  },
  {
    id: 'clobber-form-fields',
    what: 'a form in the article whose controls are named attributes, childNodes, nodeName, tagName, id, className, getAttribute, parentNode, firstChild, nextSibling, textContent, nodeType, localName…',
    markup: {
      article: '<form id="subscribe" action="/subscribe">' +
        ['attributes', 'childNodes', 'nodeName', 'tagName', 'id', 'className', 'getAttribute', 'parentNode', 'firstChild', 'nextSibling', 'textContent',
          'nodeType', 'localName', 'namespaceURI', 'children', 'lastChild', 'hasAttribute', 'style', 'parentElement', 'ownerDocument']
          .map((n) => `<input type="hidden" name="${n}" value="TAMPERED-clobber-form-fields">`).join('') +
        '<p>The form above the tide table lets readers ask for the printed almanac, which the harbour office posts twice a year.</p></form>',
    },
    script: src((T) => { const f = Document.prototype.getElementById.call(document, 'subscribe'); T.expect(f.attributes instanceof HTMLInputElement && f.childNodes instanceof HTMLInputElement, 'the form\'s attributes and childNodes are inputs'); T.ran(); }),
  },
  // --- forged messages and events ---
  {
    id: 'postmessage-burst',
    what: 'forged postMessage bursts (at load, when the host appears, then after 50, 200, 500, 1000 ms) to self, parent, top and every window.frames[i] (the reader frame too, if listed): snapshots, reports, close/ready commands, markup',
    markup: { article: '<iframe src="tamper-child.html" title="tide widget" width="300" height="60"></iframe>' },
    settle: 1_200,
    script: src((T) => {
      const payloads = () => [
        { type: 'folio:snapshot', nonce: 'forged', snapshot: T.forgedSnapshot(T.id) },
        { type: 'folio:ready', nonce: 'forged' },
        { type: 'folio:close', nonce: 'forged' },
        { type: 'folio:report', report: T.forgedReport(T.id) },
        { command: 'render', html: T.payloadHtml(T.id), href: `javascript:${T.P(`${T.id}-cmd`)}` },
        T.forgedSnapshot(T.id),
        JSON.stringify({ type: 'folio:snapshot', snapshot: T.forgedSnapshot(T.id) }),
        T.payloadHtml(T.id),
      ];
      let crossOrigin = 0;
      const burst = () => {
        const targets = [window, parent, top];
        let n = 0;
        try { n = window.length; } catch (e) { /* keep going */ }
        for (let i = 0; i < n; i++) {
          try { targets.push(window[i]); } catch (e) { /* keep going */ }
          try { void window[i].location.href; } catch (e) { crossOrigin++; }
        }
        for (const w of targets) {
          for (const p of payloads()) {
            try { w.postMessage(p, '*'); } catch (e) { /* keep going */ }
          }
        }
        document.documentElement.dataset.tamperCrossOrigin = String(crossOrigin);
      };
      burst();
      T.onHost(() => { burst(); for (const ms of [50, 200, 500, 1000]) T.later(burst, ms); });
      T.ran();
    }),
  },
  {
    id: 'postmessage-interval',
    what: 'forged postMessage every 25 ms, the whole time, to self and every window.frames[i], with transferred MessagePorts and payloads imitating Folio\'s messages',
    markup: { article: '<iframe src="tamper-child.html" title="tide widget" width="300" height="60"></iframe>' },
    settle: 1_500,
    script: src((T) => {
      let k = 0;
      T.every(() => {
        const p = [
          { type: 'folio:snapshot', nonce: 'forged', snapshot: T.forgedSnapshot(`${T.id}`) },
          { type: 'folio:close', nonce: 'forged' },
          { type: 'folio:ready', nonce: 'forged' },
          T.forgedReport(T.id),
          `<img src=x onerror="${T.P(T.id)}">`,
        ][k++ % 5];
        let n = 0;
        try { n = window.length; } catch (e) { /* keep going */ }
        const targets = [window];
        for (let i = 0; i < n; i++) targets.push(window[i]);
        for (const w of targets) {
          try {
            const ch = new MessageChannel();
            ch.port1.onmessage = () => T.mark(`${T.id}-port-answered`);
            w.postMessage(p, '*', [ch.port2]);
          } catch (e) { /* keep going */ }
        }
      }, 25);
      T.ran();
    }),
  },
  {
    id: 'forged-dom-events',
    what: 'forged CustomEvents (folio:snapshot, folio:close, folio:ready, folio:report…) and MessageEvents with an extension origin dispatched on window, document, <html>, <body> and the host, at load and repeatedly while the reader is open',
    settle: 1_000,
    script: src((T) => {
      const fire = () => {
        const targets = [window, document, document.documentElement, document.body, T.host()].filter(Boolean);
        for (const t of targets) {
          for (const type of ['folio:snapshot', 'folio:close', 'folio:ready', 'folio:report', 'folio-snapshot', 'folio', 'snapshot']) {
            try { t.dispatchEvent(new CustomEvent(type, { bubbles: true, composed: true, detail: { nonce: 'forged', snapshot: T.forgedSnapshot(T.id), html: T.payloadHtml(T.id) } })); } catch (e) { /* keep going */ }
          }
          try { t.dispatchEvent(new MessageEvent('message', { data: { type: 'folio:snapshot', snapshot: T.forgedSnapshot(T.id) }, origin: 'chrome-extension://forged', source: window })); } catch (e) { /* keep going */ }
          try { t.dispatchEvent(new Event('load')); } catch (e) { /* keep going */ }
        }
      };
      fire();
      T.every(fire, 100);
      T.ran();
    }),
  },
  {
    id: 'forged-escape',
    what: 'forged (untrusted) Escape key presses dispatched on window, document, <html>, <body> and the host every 100 ms while the reader is open',
    settle: 1_000,
    script: src((T) => {
      T.onHost(() => {
        T.every(() => {
          for (const t of [window, document, document.documentElement, document.body, T.host()].filter(Boolean)) {
            for (const type of ['keydown', 'keyup', 'keypress']) {
              try { t.dispatchEvent(new KeyboardEvent(type, { key: 'Escape', code: 'Escape', keyCode: 27, which: 27, bubbles: true, cancelable: true, composed: true })); } catch (e) { /* keep going */ }
            }
          }
        }, 100);
      });
      T.ran();
    }),
  },
  // --- a page that watches for Folio's host ---
  {
    id: 'mo-read-host',
    what: 'a MutationObserver that, when the host appears, tries to read or enter it: shadowRoot, getHTML, innerHTML, children, activeElement, window.frames, querySelectorAll(iframe), elementFromPoint, composedPath of focus and pointer events',
    settle: 800,
    script: src((T) => {
      const probe = (host) => {
        if (host.shadowRoot) T.mark(`${T.id}-shadowroot`);
        try { if (/iframe|extension:/.test(host.getHTML?.({ serializableShadowRoots: true }) ?? '')) T.mark(`${T.id}-gethtml`); } catch (e) { /* keep going */ }
        if (/iframe|extension:/.test(host.innerHTML)) T.mark(`${T.id}-innerhtml`);
        if (host.children.length || host.childNodes.length) T.mark(`${T.id}-children`);
        for (const f of document.querySelectorAll('iframe')) {
          if (/extension:/.test(f.src)) T.mark(`${T.id}-iframe-in-dom`);
        }
        const a = document.activeElement;
        if (a && a !== host && a.localName === 'iframe' && /extension:/.test(a.src)) T.mark(`${T.id}-active-frame`);
        if (a?.shadowRoot) T.mark(`${T.id}-active-root`);
        const hit = document.elementFromPoint(innerWidth / 2, innerHeight / 2);
        if (hit && hit !== host && hit.localName === 'iframe') T.mark(`${T.id}-hit-frame`);
        for (let i = 0; i < window.length; i++) {
          try { if (window[i].document) { const d = window[i].document; if (/folio/i.test(d.documentElement.outerHTML)) T.mark(`${T.id}-frame-document`); } } catch (e) { /* cross-origin */ }
        }
      };
      for (const type of ['focusin', 'focusout', 'pointermove', 'mouseover', 'click', 'keydown', 'message']) {
        window.addEventListener(type, (e) => {
          for (const n of e.composedPath()) {
            if (n && n.localName === 'iframe' && /extension:/.test(n.src || '')) T.mark(`${T.id}-composedpath-${type}`);
            if (n instanceof ShadowRoot && n.host?.id === 'folio-reader-host') T.mark(`${T.id}-composedpath-root`);
          }
        }, true);
      }
      T.onHost((host) => { probe(host); T.later(() => probe(host), 100); T.later(() => probe(host), 600); });
      T.ran();
    }),
  },
  {
    id: 'mo-restyle-host',
    what: 'a MutationObserver that restyles the host when it appears: inline display:none/opacity 0/transform/clip-path !important, hidden, class, dir, a constructed stylesheet hiding it, and again every 100 ms',
    settle: 800,
    script: src((T) => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync('#folio-reader-host, html > div:last-child { display: none !important; opacity: 0 !important; visibility: hidden !important; transform: scale(0) !important; clip-path: inset(50%) !important; width: 0 !important; height: 0 !important; }');
      const restyle = (host) => {
        for (const [k, v] of [['display', 'none'], ['opacity', '0'], ['visibility', 'hidden'], ['transform', 'translateX(-100vw) scale(0.01)'],
          ['clip-path', 'inset(50%)'], ['width', '0'], ['height', '0'], ['position', 'static'], ['z-index', '-1'], ['filter', 'opacity(0)'], ['content-visibility', 'hidden']]) {
          host.style.setProperty(k, v, 'important');
        }
        host.hidden = true;
        host.className = `${T.token(T.id)} ad promo`;
        host.setAttribute('dir', 'rtl');
        host.setAttribute('aria-hidden', 'true');
      };
      T.onHost((host) => {
        document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
        restyle(host);
        T.every(() => { const h = T.host(); if (h) restyle(h); }, 100);
      });
      T.ran();
    }),
  },
  {
    id: 'mo-inject-host',
    what: 'a MutationObserver that injects around and into the host when it appears: siblings before and after it, light-DOM children and slots, insertAdjacentHTML, text with tokens',
    settle: 600,
    script: src((T) => {
      T.onHost((host) => {
        const note = (where) => {
          const d = document.createElement('div');
          d.textContent = `${T.token(`${T.id}-${where}`)}`;
          d.style.setProperty('position', 'fixed');
          d.style.setProperty('top', '0');
          d.style.setProperty('left', '0');
          d.style.setProperty('width', '4px');
          d.style.setProperty('height', '4px');
          d.style.setProperty('overflow', 'hidden');
          return d;
        };
        host.before(note('before'));
        host.after(note('after'));
        host.append(note('child'), document.createElement('slot'), document.createTextNode(T.token(`${T.id}-text`)));
        host.insertAdjacentHTML('afterbegin', `<p>${T.token(`${T.id}-adjacent`)}</p><slot name="x"></slot>`);
        host.setAttribute('slot', 'x');
        T.later(() => { host.prepend(note('later')); }, 200);
      });
      T.ran();
    }),
  },
  {
    id: 'mo-rewrite-article',
    what: 'a MutationObserver that rewrites the article as soon as the host appears (every paragraph, the title, document.title, the known sentence removed), and again 200 and 600 ms later',
    settle: 800,
    script: src((T) => {
      const rewrite = () => {
        for (const el of document.querySelectorAll('article p, article h1')) el.textContent = `${T.token(T.id)} ${'rewritten '.repeat(20)}`;
        document.querySelector('.ledger')?.remove();
        document.title = T.token(T.id);
        const p = document.createElement('p');
        p.textContent = `${T.token(T.id)} <img src=x onerror="${T.P(T.id)}">`;
        document.querySelector('article')?.append(p);
      };
      T.onHost(() => { rewrite(); T.later(rewrite, 200); T.later(rewrite, 600); });
      T.ran();
    }),
  },
  {
    id: 'mutate-during-snapshot',
    what: 'a page that never stops rewriting itself (setTimeout 0, MessageChannel, requestAnimationFrame and a self-feeding MutationObserver: ticker text, class and attribute churn, nodes added and removed) while the snapshot is taken, and puts tokens in once the host is there',
    settle: 800,
    script: src((T) => {
      const article = document.querySelector('article');
      const ticker = document.createElement('p');
      ticker.className = 'ticker';
      article.insertBefore(ticker, article.children[2] || null);
      let n = 0;
      let hostSeen = false;
      const churn = () => {
        n++;
        ticker.textContent = hostSeen ? `${T.token(T.id)} ${n}` : `Tide update number ${n}: the water stands at the sea wall.`;
        for (const p of article.querySelectorAll('p')) {
          p.classList.toggle('flash', n % 2 === 0);
          p.setAttribute('data-tick', String(n));
        }
        const s = document.createElement('span');
        s.textContent = hostSeen ? T.token(T.id) : ' ';
        article.lastElementChild.append(s);
        if (n % 3 === 0) s.remove();
      };
      T.onHost(() => { hostSeen = true; });
      // Every task: a churn, a short burst of MessageChannel churns, and the MutationObserver may
      // answer a few of its own mutations (bounded, or it would starve the page).
      let budget = 0;
      const ch = new MessageChannel();
      let burst = 0;
      ch.port1.onmessage = () => { churn(); if (burst-- > 0) ch.port2.postMessage(0); };
      const loop = () => { budget = 0; churn(); burst = 20; ch.port2.postMessage(0); T.later(loop, 0); };
      loop();
      const frame = () => { churn(); requestAnimationFrame(frame); };
      requestAnimationFrame(frame);
      new MutationObserver(() => { if (budget++ < 3) churn(); }).observe(article, { childList: true, subtree: true, attributes: true, characterData: true });
      T.ran();
    }),
  },
  {
    id: 'mo-move-host',
    what: 'a MutationObserver that moves the host into <body> when it appears (its frame reloads) and back to <html> 600 ms later',
    settle: 1_200,
    script: src((T) => {
      T.onHost((host) => {
        document.body.appendChild(host);
        T.later(() => { document.documentElement.appendChild(host); }, 600);
      });
      T.ran();
    }),
  },
  {
    id: 'mo-remove-host',
    what: 'a MutationObserver that removes the host 300 ms after it appears: the next click must open the reader again',
    expectation: 'reopens',
    script: src((T) => {
      T.onHost((host) => { T.later(() => host.remove(), 300); });
      T.ran();
    }),
  },
  {
    id: 'document-open',
    what: 'when the host appears, the page replaces itself with document.open()/write()/close() (same article, no scripts): the next click must open the reader again',
    expectation: 'reopens',
    script: src((T) => {
      const copy = document.documentElement.cloneNode(true);
      for (const s of copy.querySelectorAll('script')) s.remove();
      const html = `<!doctype html>${copy.outerHTML}`;
      T.onHost(() => {
        T.later(() => { document.open(); document.write(html); document.close(); }, 300);
      });
      T.ran();
    }),
  },
  // --- other page behaviour ---
  {
    id: 'custom-elements-throw',
    what: 'custom elements in the article whose constructor, connectedCallback, attributeChangedCallback, disconnectedCallback or adoptedCallback throw; a customized built-in <p is>; customElements.define/get overridden',
    markup: {
      article: '<tamper-ctor><p>Custom element one holds a paragraph about the fog signal, which sounds twice a minute in thick weather.</p></tamper-ctor>' +
        '<tamper-connected class="c" data-x="1"><p>Custom element two holds a paragraph about the supply boat, which calls on Thursdays when the sea allows.</p></tamper-connected>' +
        '<tamper-attr class="a" id="attr1" style="color: red">A note kept in a custom element with attributes.</tamper-attr>' +
        '<p is="tamper-p">A customized paragraph about the keepers\u2019 cottages and the walled garden behind them.</p>',
    },
    script: src((T) => {
      const err = () => new Error(T.token(T.id));
      const def = (name, C, opts) => { try { customElements.define(name, C, opts); } catch (e) { console.warn('tamper: define', name, e.message); } };
      def('tamper-ctor', class extends HTMLElement { constructor() { super(); throw err(); } });
      def('tamper-connected', class extends HTMLElement { connectedCallback() { throw err(); } disconnectedCallback() { throw err(); } adoptedCallback() { throw err(); } });
      def('tamper-attr', class extends HTMLElement { static get observedAttributes() { return ['class', 'id', 'style', 'data-x', 'dir', 'hidden']; } attributeChangedCallback() { throw err(); } });
      def('tamper-p', class extends HTMLParagraphElement { connectedCallback() { throw err(); } }, { extends: 'p' });
      def('folio-reader', class extends HTMLElement { constructor() { super(); T.mark(`${T.id}-folio-reader`); } });
      customElements.define = () => { throw err(); };
      customElements.get = () => class extends HTMLElement { constructor() { super(); throw err(); } };
      T.ran();
    }),
  },
  {
    id: 'history-location',
    what: 'history.pushState/replaceState/back/forward/go, window.open/close/stop/focus/blur, scrollTo/scroll/scrollBy, scrollIntoView, focus/blur and hasFocus overridden; popstate/hashchange handlers that throw',
    script: src((T) => {
      const boom = () => { throw new Error(T.token(T.id)); };
      for (const k of ['pushState', 'replaceState', 'back', 'forward', 'go']) history[k] = boom;
      for (const k of ['open', 'close', 'stop', 'focus', 'blur', 'scrollTo', 'scroll', 'scrollBy', 'print', 'alert', 'confirm', 'prompt']) window[k] = boom;
      Element.prototype.scrollIntoView = boom;
      HTMLElement.prototype.focus = boom;
      HTMLElement.prototype.blur = boom;
      Document.prototype.hasFocus = boom;
      try { Object.defineProperty(Location.prototype, 'href', { configurable: true, get: () => `javascript:${T.P(`${T.id}-href`)}` }); } catch (e) { /* unforgeable */ }
      try { location.assign = boom; } catch (e) { /* unforgeable */ }
      window.onpopstate = boom;
      window.onhashchange = boom;
      window.addEventListener('popstate', boom);
      T.ran();
    }),
  },
  {
    id: 'many-listeners',
    what: '20,000 listeners on scroll, resize, wheel, keydown, focus, blur, message, pointermove and visibilitychange (some forcing layout), plus a ResizeObserver and an IntersectionObserver on every element',
    settle: 600,
    script: src((T) => {
      let count = 0;
      const types = ['scroll', 'resize', 'wheel', 'keydown', 'focus', 'blur', 'message', 'pointermove', 'visibilitychange', 'focusin', 'focusout'];
      const paras = [...document.querySelectorAll('p')];
      for (let i = 0; i < 20_000; i++) {
        const type = types[i % types.length];
        const target = i % 3 === 0 ? document : window;
        target.addEventListener(type, i % 200 === 0 ? () => { count += paras[count % paras.length].getBoundingClientRect().height > 0 ? 1 : 0; } : () => { count++; }, { passive: i % 2 === 0 });
      }
      const ro = new ResizeObserver(() => { count++; });
      const io = new IntersectionObserver(() => { count++; });
      for (const el of document.querySelectorAll('*')) { ro.observe(el); io.observe(el); }
      T.ran();
    }),
  },
  {
    id: 'builtins',
    what: 'builtins overridden: Set/Map/WeakMap methods, String trim/toLowerCase/startsWith/split/replace, RegExp test/exec, parseInt/parseFloat/Math.round, Object.keys/assign/entries, URL, URLSearchParams, crypto.randomUUID, Math.random, console',
    script: src((T) => {
      const lie = () => T.payloadHtml(T.id);
      Set.prototype.has = () => false;
      Set.prototype.add = function () { return this; };
      Map.prototype.get = lie;
      Map.prototype.set = function () { return this; };
      WeakMap.prototype.get = lie;
      for (const k of ['trim', 'toLowerCase', 'toUpperCase', 'replace', 'replaceAll', 'slice', 'substring']) String.prototype[k] = lie;
      String.prototype.startsWith = () => true;
      String.prototype.split = () => [lie()];
      RegExp.prototype.test = () => true;
      RegExp.prototype.exec = () => null;
      window.parseInt = () => NaN;
      window.parseFloat = () => NaN;
      Math.round = () => NaN;
      Math.random = () => 0;
      Object.keys = () => ['x'];
      Object.assign = (t) => t;
      Object.entries = () => [];
      window.URL = function FakeURL() { return { href: `javascript:${T.P(`${T.id}-url`)}`, protocol: 'javascript:' }; };
      window.URLSearchParams = function FakeParams() { return { get: () => 'forged' }; };
      try { crypto.randomUUID = () => '00000000-0000-4000-8000-000000000000'; } catch (e) { /* keep going */ }
      Crypto.prototype.getRandomValues = (a) => a;
      for (const k of ['log', 'warn', 'error', 'info', 'debug']) console[k] = () => { throw new Error(T.token(T.id)); };
      T.ran();
    }),
  },
  {
    id: 'focus-steal',
    what: 'once the host is there, the page pulls focus back to its own input, window and body every 50 ms',
    settle: 800,
    markup: { body: '<input id="search" aria-label="Search" value="">' },
    script: src((T) => {
      T.onHost(() => {
        T.every(() => {
          try { window.focus(); } catch (e) { /* keep going */ }
          try { document.getElementById('search').focus(); } catch (e) { /* keep going */ }
          try { document.activeElement?.blur?.(); } catch (e) { /* keep going */ }
          try { document.getElementById('search').focus(); } catch (e) { /* keep going */ }
        }, 50);
      });
      T.ran();
    }),
  },
];

// ---- the pages ----
const PARAGRAPHS = [
  'The lamp at Skerry Point was first lit in the autumn of 1851, and for more than a century a keeper climbed the one hundred and twelve steps of the tower every evening at dusk to wind the clockwork that turned the lens.',
  'Keepers worked in pairs, four weeks on the rock and two ashore, and the logbooks they left behind record the weather at every watch, the ships that passed, the birds that struck the glass and the long evenings of repairs.',
  'The relief boat came from the harbour on the mainland once a fortnight, weather permitting, and in the worst winters the keepers went seven weeks without fresh bread, living on tinned meat, oatmeal and the fish they caught from the landing.',
  'When the light was automated in 1987 the last keeper, a quiet man from the north coast, handed over the keys to an engineer from the lighthouse board and walked down the steps for the final time without looking back.',
  'The logbooks were sent to the county archive, where a volunteer has spent three years transcribing them, page by page, into a database that anyone can now search by date, by vessel name or by the state of the sea.',
  'Reading them in order, one sees the slow change of the coast: the sailing coasters giving way to steam, the fishing fleet shrinking, and the arrival of the first pleasure yachts in the long summers after the war.',
  'The archive will show a selection of the logbooks next spring, together with the brass instruments the keepers used and a reconstruction of the small kitchen where they cooked, read and wrote up their watches by lamplight.',
];

export const titleOf = (n) => `Night watch at Skerry Point, entry ${n}`;
export const sentenceOf = (n) => `Ledger entry ${n} records a calm sea, a steady light and four passing ships before dawn.`;

function pageHtml(c, n) {
  const paras = PARAGRAPHS.map((p) => `<p>${p}</p>`);
  paras.splice(3, 0, `<p class="ledger">${sentenceOf(n)} The keeper on watch noted the barometer falling slowly and the wind backing to the south-west by morning.</p>`);
  return `<!doctype html>
<html lang="en" data-tamper-case="${c.id}">
<head>
<meta charset="utf-8">
<title>${titleOf(n)} | The Coast Review</title>
<meta name="author" content="Ines Varga">
<meta property="og:site_name" content="The Coast Review">
</head>
<body>
${c.markup?.body ?? ''}
<header class="site-header"><a href="/">The Coast Review</a> <a href="/history/">History</a> <a href="/archive/">Archive</a></header>
<main>
<article>
<h1>${titleOf(n)}</h1>
<p class="byline">By Ines Varga</p>
${paras.join('\n')}
${c.markup?.article ?? ''}
</article>
</main>
<footer><p>\u00a9 The Coast Review</p></footer>
<script src="tamper-common.js"></script>
<script src="case-${c.id}.js"></script>
</body>
</html>
`;
}

/** Checks the case list itself (ids unique and well-formed, fields present). */
export function validateCases(cases = CASES) {
  const ids = new Set();
  for (const c of cases) {
    if (!/^[a-z0-9-]+$/.test(c.id ?? '')) throw new Error(`tamper case with a bad id: ${JSON.stringify(c.id)}`);
    if (ids.has(c.id)) throw new Error(`duplicate tamper case id ${c.id}`);
    ids.add(c.id);
    if (!c.what || typeof c.script !== 'string' || !c.script.includes('T.ran()')) throw new Error(`tamper case ${c.id}: needs what and a script that calls T.ran()`);
    if (c.expectation && !['reader', 'reopens'].includes(c.expectation)) throw new Error(`tamper case ${c.id}: unknown expectation ${c.expectation}`);
  }
  return cases;
}

/**
 * Writes every case's page (case-<id>.html), its script (case-<id>.js), the shared helpers and the
 * child frame to a fresh folder. Returns {dir, pages: [{id, what, name, expectation, settle, title,
 * sentence}], cleanup}.
 */
export function writeTamperPages(prefix = 'folio-tamper-', cases = CASES) {
  validateCases(cases);
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  writeFileSync(path.join(dir, 'tamper-common.js'), `"use strict";\n(${common.toString()})();\n`);
  writeFileSync(path.join(dir, 'tamper-child.js'), `"use strict";\n(${child.toString()})();\n`);
  writeFileSync(path.join(dir, 'tamper-child.html'), '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tide widget</title></head><body><p>High water 06:12</p><script src="tamper-child.js"></script></body></html>\n');
  const pages = cases.map((c, i) => {
    const n = i + 1;
    const name = `case-${c.id}.html`;
    writeFileSync(path.join(dir, name), pageHtml(c, n));
    writeFileSync(path.join(dir, `case-${c.id}.js`), c.script);
    return { id: c.id, what: c.what, name, expectation: c.expectation ?? 'reader', settle: c.settle ?? SETTLE, title: titleOf(n), sentence: sentenceOf(n) };
  });
  return { dir, pages, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** FOLIO_TAMPER_ONLY=REGEX (debugging; CI uses none) runs only the cases whose id matches. */
export function selectCases(pages) {
  const only = process.env.FOLIO_TAMPER_ONLY;
  if (!only) return pages;
  const re = new RegExp(only);
  const chosen = pages.filter((p) => re.test(p.id));
  if (!chosen.length) throw new Error(`FOLIO_TAMPER_ONLY=${only} matches no tamper case`);
  return chosen;
}

// ---- what runs in the reader frame (self-contained: serialised with toString) ----

/** Reads the reader frame: state, header, article, and every trace of a token or marker. */
export function readTamperFrame(inspect) {
  const byId = (id) => Document.prototype.getElementById.call(document, id);
  const article = byId('folio-article');
  const text = (id) => (byId(id)?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const html = document.documentElement.outerHTML;
  const traces = [];
  for (const re of [/TAMPERED[\w-]*/g, /__pwned/g]) {
    for (const m of html.matchAll(re)) traces.push(html.slice(Math.max(0, m.index - 60), m.index + 80));
  }
  if (/TAMPERED/.test(document.title)) traces.push(`document.title: ${document.title}`);
  const insp = article ? inspect(article) : null;
  return {
    url: location.href,
    state: document.documentElement.dataset.state ?? null,
    title: text('folio-title'),
    message: `${text('folio-message')} ${text('folio-hint')}`.trim(),
    articleText: (article?.textContent ?? '').replace(/\s+/g, ' ').trim(),
    pwned: window.__pwned === undefined ? null : JSON.stringify(window.__pwned),
    traces: traces.slice(0, 10),
    problems: insp ? insp.problems.slice(0, 10) : [],
    scripts: [...document.scripts].map((s) => s.src || '(inline)'),
    frames: document.querySelectorAll('iframe,frame,object,embed').length,
  };
}

/** Runs in the page (any world): the page's own marker, as a string, or null. Uses nothing the page can override but JSON. */
export const PAGE_PWNED_EXPR = `(function () {
  var v = window.__pwned;
  if (v === undefined) return null;
  var s;
  try { s = JSON.stringify(v); } catch (e) { s = undefined; }
  return typeof s === 'string' ? s : 'set (cannot serialise)';
})()`;

/** Node side: the checks on a reader frame read by readTamperFrame. */
export function checkTamperFrame(r, page) {
  const problems = [];
  if (r.state !== 'ready') problems.push(`reader state is ${JSON.stringify(r.state)}, expected "ready" (message: ${JSON.stringify(r.message)})`);
  if (!r.title.includes(page.title)) problems.push(`#folio-title is ${JSON.stringify(r.title)}, expected it to hold ${JSON.stringify(page.title)}`);
  if (!r.articleText.includes(page.sentence)) problems.push(`#folio-article lacks the known sentence ${JSON.stringify(page.sentence)} (it begins: ${JSON.stringify(r.articleText.slice(0, 160))})`);
  if (r.pwned) problems.push(`MARKER SET IN THE READER FRAME (extension page!): ${r.pwned}`);
  for (const t of r.traces) problems.push(`token or marker in the reader document: …${t}…`);
  for (const p of r.problems) problems.push(`#folio-article: ${p.kind} <${p.tag}${p.attr ? ' ' + p.attr : ''}${p.value !== null ? '=' + JSON.stringify(p.value) : ''}>`);
  if (r.scripts.some((s) => s === '(inline)' || !/^(chrome|moz)-extension:\/\//.test(s))) problems.push(`unexpected scripts in the reader: ${JSON.stringify(r.scripts)}`);
  if (r.frames) problems.push(`${r.frames} frame/object/embed element(s) in the reader document`);
  return problems;
}

/** A tamper test file's last line: `tamper: N cases, M passed (<Browser>)`. `results`: case id -> passed. */
export function tamperSummary(results, browser) {
  const passed = [...results.values()].filter(Boolean).length;
  return `tamper: ${results.size} cases, ${passed} passed (${browser})`;
}

/**
 * Node side: one case `p` at `url`, the same steps and checks in both browsers. `io` is how the browser's test
 * reads and drives the page without running code where the page replaced the prototypes (Chromium:
 * an isolated world; Firefox: WebDriver's own commands): {load(url), ran() (html[data-tamper-ran]),
 * scrollDown(), pageState() ({host, centre, crossOrigin, htmlStyle, bodyStyle, scrollY}),
 * hostPresent(), toggle(open), reopen(), readReader(settle) (readTamperFrame's answer), pagePwned(),
 * frameProblems(r)? and endProblems()? (the browser's own extra checks)}. `t`: the test context.
 * Returns the problems (empty: passed); never throws.
 */
export async function runTamperCase(p, url, t, io) {
  const problems = [];
  try {
    await io.load(url);
    await waitFor(async () => (await io.ran()) === p.id, { timeout: 5_000, message: `the case script to run to its end (html[data-tamper-ran="${p.id}"])` });
    await io.scrollDown();
    const before0 = await io.pageState();
    assert.equal(before0.host, false, 'div#folio-reader-host exists before any click');

    await io.toggle(true);
    if (p.expectation === 'reopens') {
      await waitFor(async () => !(await io.hostPresent()), { timeout: 10_000, message: 'the page to take the reader away by itself' });
      await io.reopen();
    }
    const r = await io.readReader(p.settle);
    problems.push(...checkTamperFrame(r, p), ...(io.frameProblems?.(r) ?? []));
    const open = await io.pageState();
    if (!open.host) problems.push(`the reader did not stay open: div#folio-reader-host is gone ${p.settle} ms after the view was ready`);
    else if (open.centre !== 'host') problems.push(`the reader does not cover the page: at (300, 300) the page shows <${open.centre}>, not the host`);
    if (open.crossOrigin) t.diagnostic(`cross-origin frames the page listed in window.frames: ${open.crossOrigin}`);
    const pwnedOpen = await io.pagePwned();
    if (pwnedOpen) problems.push(`marker set in the page while the reader was open: ${pwnedOpen}`);

    if (open.host) {
      await io.toggle(false);
      await waitFor(async () => (await io.pageState()).scrollY === before0.scrollY, { timeout: 3_000 }).catch(() => {});
      const closed = await io.pageState();
      if (closed.htmlStyle !== before0.htmlStyle) problems.push(`<html style> after closing is ${JSON.stringify(closed.htmlStyle)}, was ${JSON.stringify(before0.htmlStyle)}`);
      if (closed.bodyStyle !== before0.bodyStyle) problems.push(`<body style> after closing is ${JSON.stringify(closed.bodyStyle)}, was ${JSON.stringify(before0.bodyStyle)}`);
      // (A scroll position the page made unreadable, null, is not compared.)
      if (p.expectation !== 'reopens' && closed.scrollY !== null && before0.scrollY !== null && closed.scrollY !== before0.scrollY) {
        problems.push(`scroll position after closing is ${closed.scrollY}, was ${before0.scrollY}`);
      }
    }
    const pwned = await io.pagePwned();
    if (pwned) problems.push(`marker set in the page: ${pwned}`);
    problems.push(...((await io.endProblems?.()) ?? []));
  } catch (err) {
    problems.push(err.message);
  }
  return problems;
}
