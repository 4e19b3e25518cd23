// `folio::text_of_html` (src/pipeline.rs) for Readability's expected.html, ported: parse (jsdom's
// parse5, scripting off; src/input/html/mod.rs parses with scripting on, which differs only inside
// <noscript>, and no expected.html has one), leave out what
// src/input/html/prune.rs leaves out, walk through render/article.rs's allow-list and give the
// TextSink text. Only what changes the text is ported (attributes, URLs and images do not).
// check-metrics.mjs verifies it: the CLI's text scored against it gives folio quality's rows.
import { JSDOM } from 'jsdom';
import { PLACEHOLDER_CLASS, TextSink, VOID, normalise } from './metrics.mjs';

const XHTML = 'http://www.w3.org/1999/xhtml';
const MATHML = 'http://www.w3.org/1998/Math/MathML';
const SVG = 'http://www.w3.org/2000/svg';

/** render/article.rs ALLOWED: element -> the name it has in the view. */
const ALLOWED = new Map(Object.entries({
  p: 'p', h1: 'h2', h2: 'h2', h3: 'h3', h4: 'h4', h5: 'h5', h6: 'h6', a: 'a', em: 'em', strong: 'strong', b: 'b',
  i: 'i', u: 'u', s: 's', sub: 'sub', sup: 'sup', small: 'small', mark: 'mark', q: 'q', cite: 'cite', abbr: 'abbr',
  time: 'time', code: 'code', pre: 'pre', kbd: 'kbd', samp: 'samp', var: 'var', blockquote: 'blockquote', ul: 'ul',
  ol: 'ol', li: 'li', dl: 'dl', dt: 'dt', dd: 'dd', figure: 'figure', figcaption: 'figcaption', img: 'img',
  table: 'table', thead: 'thead', tbody: 'tbody', tfoot: 'tfoot', tr: 'tr', th: 'th', td: 'td', caption: 'caption',
  br: 'br', hr: 'hr', div: 'div', section: 'section', article: 'section', main: 'div', span: 'span', del: 'del',
  ins: 'ins', details: 'details', summary: 'summary', wbr: 'wbr', bdi: 'bdi', ruby: 'ruby', rt: 'rt', rp: 'rp',
  address: 'div', center: 'div', header: 'div', dfn: 'dfn', tt: 'code', strike: 's', big: 'span', font: 'span',
}));

/** render/article.rs DROPPED (prune.rs's UNREAD and READ_EMPTY elements are all among them). */
const DROPPED = new Set([
  'script', 'style', 'noscript', 'template', 'frame', 'frameset', 'applet', 'form',
  'input', 'button', 'select', 'textarea', 'option', 'label', 'link', 'meta', 'base', 'title', 'head', 'canvas',
  'source', 'track', 'map', 'area', 'dialog', 'portal', 'nav', 'xmp', 'plaintext', 'noembed', 'noframes',
]);

/** render/article.rs EMBEDDED: what the view shows as a placeholder (no text of its own in the text). */
const EMBEDDED = new Set(['iframe', 'object', 'embed', 'video', 'audio']);

/** render/article.rs MATHML_ELEMENTS: MathML walked through (annotation and annotation-xml left out). */
const MATHML_ELEMENTS = new Set(('math mi mn mo ms mtext mspace mrow mfrac msqrt mroot mstyle merror mpadded mphantom menclose ' +
  'msub msup msubsup munder mover munderover mmultiscripts mprescripts none mtable mtr mtd mlabeledtr semantics').split(' '));

/** render/article.rs is_drawing, as a saved page reads (no layout): 150 × 100 by attributes, 4 shapes or more. */
function isDrawing(svg) {
  const px = (n) => Number.parseFloat(String(svg.getAttribute(n) ?? '').trim().replace(/px$/, ''));
  const [w, h] = [px('width'), px('height')];
  if (!(w >= 150 && h >= 100)) return false;
  const shapes = new Set(['path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'text', 'image', 'use']);
  return [...svg.getElementsByTagNameNS(SVG, '*')].filter((e) => shapes.has(e.localName)).length >= 4;
}

/** inline_style.rs: `display: none` in a style attribute (prune.rs then drops the element's children). */
export function displayNone(style) {
  for (const decl of String(style).split(';')) {
    const i = decl.indexOf(':');
    if (i < 0) continue;
    if (decl.slice(0, i).trim().toLowerCase() !== 'display') continue;
    let v = decl.slice(i + 1).trim();
    while (v.endsWith('!important')) v = v.slice(0, -'!important'.length);
    if (v.trim().toLowerCase() === 'none') return true;
  }
  return false;
}

/** The text of an HTML page or fragment in the report's text_content shape (folio::text_of_html). */
export function textOfHtml(html) {
  const { document } = new JSDOM(html).window;
  const sink = new TextSink();
  const stack = [[document, null]];
  while (stack.length) {
    const [node, leave] = stack.pop();
    if (leave) {
      sink.close(leave);
      continue;
    }
    const children = () => {
      for (let i = node.childNodes.length - 1; i >= 0; i--) stack.push([node.childNodes[i], null]);
    };
    if (node.nodeType === 9) {
      children();
      continue;
    }
    if (node.nodeType === 3) {
      sink.text(node.data);
      continue;
    }
    if (node.nodeType !== 1) continue;
    const name = node.localName;
    if (node.namespaceURI === MATHML) {
      if (MATHML_ELEMENTS.has(name)) {
        sink.open(name);
        stack.push([node, name]);
        children();
      } else if (name !== 'annotation' && name !== 'annotation-xml') {
        children();
      }
      continue;
    }
    if (node.namespaceURI === SVG) {
      if (name === 'svg' && isDrawing(node)) placeholder(sink);
      continue;
    }
    if (node.namespaceURI !== XHTML) continue;
    if (DROPPED.has(name)) continue;
    if (EMBEDDED.has(name)) {
      placeholder(sink);
      continue;
    }
    const hidden = node.hasAttribute('style') && displayNone(node.getAttribute('style'));
    const out = ALLOWED.get(name);
    if (!out) {
      if (!hidden) children();
      continue;
    }
    sink.open(out);
    if (VOID.includes(out)) continue;
    stack.push([node, out]);
    if (!hidden) children();
  }
  return sink.finish();
}

/** A placeholder as the walk gives it: a block of its own, with no text in the text. */
function placeholder(sink) {
  sink.open('figure', PLACEHOLDER_CLASS);
  sink.open('a');
  sink.text('(placeholder)');
  sink.close('a');
  sink.close('figure');
}

/** Decodes a saved page's bytes as input/html/decode.rs does for UTF-8 files (BOM, else UTF-8). */
export function decodeUtf8(bytes) {
  return new TextDecoder('utf-8').decode(bytes); // drops a UTF-8 BOM
}

export { normalise };
