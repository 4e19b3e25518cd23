// Takes a compact snapshot of the live DOM for Folio's core (format: src/input/snapshot.rs).
// A flat node list with parent indices, URLs made absolute, layout facts only where they matter.
"use strict";

// One walk, two drivers. folioSnapshot(doc, options) runs it at once and returns the JSON;
// folioSnapshotSliced(doc, options) returns a promise of it and gives the page its thread back
// every `sliceMs` (default 30): on a 100,000-element page the click then never blocks the page
// for long (issue 6). {skip: node} leaves that node out (Folio's own). With {keepNodes: true},
// the live nodes are left in globalThis.folioSnapshotNodes, index-aligned with the snapshot's
// `nodes`, so that in-place declutter can act on what the core names.
globalThis.folioSnapshot = function folioSnapshot(doc, options) {
  const walk = snapshotSteps(doc, options, Infinity);
  for (;;) {
    const r = walk.next();
    if (r.done) return r.value;
  }
};

globalThis.folioSnapshotSliced = async function folioSnapshotSliced(doc, options) {
  const walk = snapshotSteps(doc, options, (options && options.sliceMs) || 30);
  const pause = () => (globalThis.scheduler && typeof globalThis.scheduler.yield === "function"
    ? globalThis.scheduler.yield()
    : new Promise((resolve) => setTimeout(resolve, 0)));
  for (;;) {
    const r = walk.next();
    if (r.done) return r.value;
    await pause();
  }
};

// Yields (nothing) whenever a slice of `sliceMs` is used up; returns the snapshot's JSON.
function* snapshotSteps(doc, options, sliceMs) {
  const now = () => performance.now();
  let deadline = now() + sliceMs;
  let work = 0;
  // Checked every 128 nodes: cheap, and a slice overruns by little (30 ms slices: the page's
  // thread stays under 50 ms a task with room for a slow node or a loaded machine).
  const due = () => (++work & 127) === 0 && now() > deadline;
  const keep = Boolean(options && options.keepNodes);
  // A node of Folio's own (the reader view's host, put in at the click) is not the page's.
  const skip = (options && options.skip) || null;
  const live = [];
  // Never read: code, styles, inert markup. Kept empty: embedded documents, whose src tells
  // ad networks and video embeds apart.
  const SKIP = new Set(["script", "style", "noscript", "template", "link"]);
  const KEEP_EMPTY = new Set(["iframe", "object", "embed", "frame"]);
  const URL_ATTRS = new Set(["href", "src", "poster", "data-src", "data-lazy-src", "data-original", "cite"]);
  const SRCSET_ATTRS = new Set(["srcset", "data-srcset", "data-lazy-srcset"]);
  const SVG = "http://www.w3.org/2000/svg", MATH = "http://www.w3.org/1998/Math/MathML";

  // Every read goes through the prototypes' own getters: a page can shadow element properties
  // with named form controls (<form><input name=attributes>), never the prototypes.
  const getter = (proto, name) => Object.getOwnPropertyDescriptor(proto, name).get;
  const nodeTypeOf = getter(Node.prototype, "nodeType");
  const childNodesOf = getter(Node.prototype, "childNodes");
  const textOf = getter(Node.prototype, "textContent");
  const dataOf = getter(CharacterData.prototype, "data");
  const localNameOf = getter(Element.prototype, "localName");
  const namespaceOf = getter(Element.prototype, "namespaceURI");
  const attributesOf = getter(Element.prototype, "attributes");
  const firstChildOf = getter(Node.prototype, "firstChild");
  const getAttribute = Element.prototype.getAttribute;
  const rectOf = Element.prototype.getBoundingClientRect;
  const lengthOf = getter(NodeList.prototype, "length");
  const itemOf = NodeList.prototype.item;

  const view = getter(Document.prototype, "defaultView").call(doc);
  const pageUrl = doc.location ? doc.location.href : null;
  // The page's base when it resolves, else its own address; a URL neither resolves is dropped.
  const bases = [getter(Node.prototype, "baseURI").call(doc), pageUrl].filter(Boolean);
  const abs = (v) => {
    for (const b of bases) {
      try { return new URL(v.trim(), b).href; } catch (_) { /* try the next base */ }
    }
    return "";
  };
  const absSrcset = (v) => v.split(/,\s+/).map((c) => {
    const [u, ...d] = c.trim().split(/\s+/);
    return [abs(u), ...d].join(" ");
  }).join(", ");

  function layoutOf(el, name) {
    const cs = view.getComputedStyle(el);
    const l = {};
    if (cs.display === "none") l.d = 1;
    if (cs.visibility === "hidden" || cs.visibility === "collapse") l.v = 1;
    const pos = cs.position;
    if (pos !== "static") l.p = pos;
    if (cs.zIndex !== "auto") l.z = parseInt(cs.zIndex, 10) || 0;
    const o = parseFloat(cs.opacity);
    if (o < 1) l.o = o;
    if (cs.overflowX === "hidden" || cs.overflowY === "hidden" || cs.overflowY === "clip") l.ov = 1;
    if (/blur\(/.test(cs.filter) || /blur\(/.test(cs.backdropFilter || "")) l.b = 1;
    const mask = cs.maskImage || cs.webkitMaskImage || "";
    if (/gradient\(/.test(mask) || /gradient\(/.test(cs.backgroundImage)) l.f = 1;
    // Sizes where they decide something: layers (walls, overlays), images, drawings.
    if (pos === "fixed" || pos === "sticky" || pos === "absolute" || name === "img" || name === "svg") {
      const r = rectOf.call(el);
      l.w = Math.round(r.width);
      l.h = Math.round(r.height);
    }
    return Object.keys(l).length ? l : undefined;
  }

  const nodes = [];
  // Stack of [node, parentIndex, inHead]; explicit, so depth costs no call stack. Deep pages
  // are laid flat by the core (Page::flatten_deep), which also bounds the view's nesting.
  const stack = [];
  const root = getter(Document.prototype, "documentElement").call(doc);
  if (root) stack.push([root, 0, false]);
  while (stack.length) {
    if (due()) {
      yield;
      deadline = now() + sliceMs;
    }
    const [node, parent, inHead] = stack.pop();
    const type = nodeTypeOf.call(node);
    if (type === 3) {
      const x = dataOf.call(node);
      if (x) {
        nodes.push({ p: parent, x });
        if (keep) live.push(node);
      }
      continue;
    }
    if (type !== 1 || node === skip) continue;
    const el = node;
    const name = String(localNameOf.call(el)).toLowerCase();
    const ns = namespaceOf.call(el);
    if (name === "script" && /ld\+json/i.test(getAttribute.call(el, "type") || "")) {
      // Structured data (JSON-LD) is metadata and wall markup, read as text, never run.
      nodes.push({ p: parent, t: "script", a: ["type", "application/ld+json"] });
      nodes.push({ p: nodes.length, x: textOf.call(el) || "" });
      if (keep) live.push(el, firstChildOf.call(el));
      continue;
    }
    if (SKIP.has(name)) continue;
    const entry = { p: parent, t: name };
    if (ns === SVG) entry.n = 1;
    else if (ns === MATH) entry.n = 2;
    const a = [];
    for (const attr of attributesOf.call(el)) {
      const an = attr.name.toLowerCase();
      let v = attr.value;
      if (URL_ATTRS.has(an) && v && !v.startsWith("#")) v = abs(v);
      else if (SRCSET_ATTRS.has(an) && v) v = absSrcset(v);
      a.push(an, v);
    }
    if (a.length) entry.a = a;
    // <head> is never rendered (display: none), yet its title, meta tags and JSON-LD are the
    // page's metadata: read it whole, with no layout facts.
    const headish = inHead || name === "head";
    const l = headish ? undefined : layoutOf(el, name);
    if (l) entry.l = l;
    nodes.push(entry);
    if (keep) live.push(el);
    const index = nodes.length;
    // What the browser does not render is not read: hidden subtrees and embedded documents.
    if ((l && l.d) || KEEP_EMPTY.has(name)) continue;
    const kids = childNodesOf.call(el);
    for (let i = lengthOf.call(kids) - 1; i >= 0; i--) stack.push([itemOf.call(kids, i), index, headish]);
  }
  if (keep) globalThis.folioSnapshotNodes = live;
  // Serialised in pieces too: a 100,000-element page is millions of characters of JSON.
  const parts = [];
  const PIECE = 2048;
  for (let i = 0; i < nodes.length; i += PIECE) {
    parts.push(JSON.stringify(nodes.slice(i, i + PIECE)).slice(1, -1));
    if (now() > deadline) {
      yield;
      deadline = now() + sliceMs;
    }
  }
  return `{"v":1,"url":${JSON.stringify(pageUrl)},"nodes":[${parts.join(",")}]}`;
}
