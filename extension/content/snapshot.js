// Takes a compact snapshot of the live DOM for Folio's core (format: src/snapshot.rs).
// A flat node list with parent indices, URLs made absolute, layout facts only where they matter.
"use strict";
// With {keepNodes: true}, the live nodes are left in globalThis.folioSnapshotNodes, index-aligned
// with the snapshot's `nodes`, so that in-place declutter can act on what the core names.
globalThis.folioSnapshot = function folioSnapshot(doc, options) {
  const keep = Boolean(options && options.keepNodes);
  const live = [];
  // Never read: code, styles, inert markup. Kept empty: embedded documents, whose src tells
  // ad networks and video embeds apart.
  const SKIP = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "LINK"]);
  const KEEP_EMPTY = new Set(["IFRAME", "OBJECT", "EMBED", "FRAME"]);
  const URL_ATTRS = new Set(["href", "src", "poster", "data-src", "data-lazy-src", "data-original", "cite"]);
  const SRCSET_ATTRS = new Set(["srcset", "data-srcset", "data-lazy-srcset"]);
  const SVG = "http://www.w3.org/2000/svg", MATH = "http://www.w3.org/1998/Math/MathML";
  const view = doc.defaultView;
  const base = doc.baseURI;
  const abs = (v) => { try { return new URL(v.trim(), base).href; } catch (_) { return v; } };
  const absSrcset = (v) => v.split(/,\s+/).map((c) => {
    const [u, ...d] = c.trim().split(/\s+/);
    return [abs(u), ...d].join(" ");
  }).join(", ");

  function layoutOf(el) {
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
    if (pos === "fixed" || pos === "sticky" || pos === "absolute" || el.localName === "img") {
      const r = el.getBoundingClientRect();
      l.w = Math.round(r.width);
      l.h = Math.round(r.height);
    }
    return Object.keys(l).length ? l : undefined;
  }

  const nodes = [];
  // Stack of [node, parentIndex, inHead]; explicit, so depth costs no call stack.
  const stack = [];
  const root = doc.documentElement;
  if (root) stack.push([root, 0, false]);
  while (stack.length) {
    const [node, parent, inHead] = stack.pop();
    if (node.nodeType === 3) {
      const x = node.data;
      if (x) {
        nodes.push({ p: parent, x });
        if (keep) live.push(node);
      }
      continue;
    }
    if (node.nodeType !== 1) continue;
    const el = node;
    const upper = el.tagName.toUpperCase();
    if (upper === "SCRIPT" && /ld\+json/i.test(el.type || "")) {
      // Structured data (JSON-LD) is metadata and wall markup, read as text, never run.
      nodes.push({ p: parent, t: "script", a: ["type", "application/ld+json"] });
      nodes.push({ p: nodes.length, x: el.textContent || "" });
      if (keep) live.push(el, el.firstChild);
      continue;
    }
    if (SKIP.has(upper)) continue;
    const entry = { p: parent, t: el.localName };
    if (el.namespaceURI === SVG) entry.n = 1;
    else if (el.namespaceURI === MATH) entry.n = 2;
    const a = [];
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      let v = attr.value;
      if (URL_ATTRS.has(name) && v && !v.startsWith("#")) v = abs(v);
      else if (SRCSET_ATTRS.has(name) && v) v = absSrcset(v);
      a.push(name, v);
    }
    if (a.length) entry.a = a;
    // <head> is never rendered (display: none), yet its title, meta tags and JSON-LD are the
    // page's metadata: read it whole, with no layout facts.
    const headish = inHead || upper === "HEAD";
    const l = headish ? undefined : layoutOf(el);
    if (l) entry.l = l;
    nodes.push(entry);
    if (keep) live.push(el);
    const index = nodes.length;
    // What the browser does not render is not read: hidden subtrees and embedded documents.
    if ((l && l.d) || KEEP_EMPTY.has(upper)) continue;
    const kids = el.childNodes;
    for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i], index, headish]);
  }
  if (keep) globalThis.folioSnapshotNodes = live;
  return JSON.stringify({ v: 1, url: doc.location ? doc.location.href : null, nodes });
};
