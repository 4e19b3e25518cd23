// Served with dynamic.html (same origin, so the page CSP lets it run): vectors that static HTML
// cannot express, built with DOM APIs before the reader opens, and a page that attacks the reader
// while it is open. Every payload, if it ran, adds its id to __pwned (self, parent, top).
"use strict";
(function () {
  const P = (id) => `[self,parent,top].map(function(w){try{w.__pwned=(w.__pwned||[]).concat('${id}')}catch(e){}})`;
  const HTML = 'http://www.w3.org/1999/xhtml';
  const mark = (id) => { window.__pwned = (window.__pwned || []).concat(id); };
  const slots = [...document.querySelectorAll('span.slot')];
  let n = 0;
  const put = (node) => { const s = slots[n++ % slots.length]; s.append(' ', node, ' '); };

  // Two attributes with the local name href (another namespace first), on a link and an image.
  let a = document.createElement('a');
  a.setAttributeNS('urn:folio:evil', 'href', `javascript:${P('dyn-ns-href-first')}`);
  a.setAttribute('href', 'https://example.com/ok');
  a.textContent = 'a link with two hrefs';
  put(a);
  a = document.createElement('a');
  a.setAttribute('href', 'https://example.com/ok');
  a.setAttributeNS('urn:folio:evil', 'x:href', `javascript:${P('dyn-ns-href-prefixed')}`);
  a.textContent = 'a prefixed href';
  put(a);
  let img = document.createElement('img');
  img.setAttributeNS('urn:folio:evil', 'src', `javascript:${P('dyn-ns-src')}`);
  img.setAttribute('src', 'http://127.0.0.1:1/dyn.png');
  img.alt = 'two srcs';
  put(img);
  // Upper-case local names (createElementNS keeps the case): IMG, A, SCRIPT.
  const upper = document.createElementNS(HTML, 'IMG');
  upper.setAttribute('src', 'x');
  upper.setAttribute('onerror', P('dyn-upper-img'));
  put(upper);
  const upperA = document.createElementNS(HTML, 'A');
  upperA.setAttribute('href', `javascript:${P('dyn-upper-a')}`);
  upperA.textContent = 'upper-case A';
  put(upperA);
  const upperScript = document.createElementNS(HTML, 'SCRIPT');
  upperScript.textContent = P('dyn-upper-script');
  put(upperScript);
  // HTML-namespace elements named like SVG/MathML, and SVG-namespace elements named like HTML.
  const fakeSvg = document.createElementNS(HTML, 'svg');
  fakeSvg.setAttribute('onload', P('dyn-html-svg'));
  fakeSvg.textContent = 'html svg';
  put(fakeSvg);
  const svgP = document.createElementNS('http://www.w3.org/2000/svg', 'a');
  svgP.setAttribute('href', `javascript:${P('dyn-svg-a')}`);
  svgP.textContent = 'svg-namespace a';
  put(svgP);
  const svgImg = document.createElementNS('http://www.w3.org/2000/svg', 'img');
  svgImg.setAttribute('src', 'http://127.0.0.1:1/svg-img.png');
  svgImg.setAttribute('onerror', P('dyn-svg-img'));
  put(svgImg);
  // Attribute names the parser cannot produce.
  const odd = document.createElement('span');
  odd.setAttribute('on:error', P('dyn-colon-on'));
  odd.setAttribute('ONCLICK', P('dyn-upper-onclick'));
  odd.setAttributeNS('urn:folio:evil', 'x:style', 'position:fixed');
  odd.textContent = 'odd attribute names';
  put(odd);
  // Content in a shadow root (the snapshot reads the light DOM) and a custom element.
  const host = document.createElement('span');
  host.attachShadow({ mode: 'open' }).innerHTML = `<img src=x onerror="${P('dyn-shadow')}">shadow text`;
  put(host);
  // A text node holding markup, a comment holding markup, a CDATA-like text.
  put(document.createTextNode(`<img src=x onerror="${P('dyn-text-markup')}">`));
  put(document.createComment(`--><img src=x onerror="${P('dyn-comment')}">`));
  // Prototype tampering in the page's world: the content script must not use these.
  try {
    const realAttach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (init) {
      const root = realAttach.call(this, init);
      if (init && init.mode === 'closed') { window.__folioCapturedRoot = root; mark('dyn-attachshadow-captured'); }
      return root;
    };
    const realAppend = Node.prototype.appendChild;
    Node.prototype.appendChild = function (c) {
      if (c && c.localName === 'iframe' && /extension:/.test(c.src || '')) { window.__folioCapturedFrame = c; mark('dyn-appendchild-frame'); }
      return realAppend.call(this, c);
    };
    Object.defineProperty(Element.prototype, 'attributes', { get() { return [{ name: 'onclick', value: P('dyn-proto-attributes') }]; } });
  } catch (e) { console.warn('dynamic.js: tampering failed', e); }
  // While the reader is open: try to reach its frame.
  new MutationObserver(() => {
    const host = Document.prototype.getElementById.call(document, 'folio-reader-host');
    if (!host || window.__folioTried) return;
    window.__folioTried = true;
    setTimeout(() => {
      if (host.shadowRoot) mark('dyn-open-shadow-root');
      if (window.length > 0) {
        mark('dyn-window-frames');
        try { window[0].location.href = location.origin + '/spoof.html'; } catch (e) { /* blocked */ }
      }
      try {
        const frame = window.__folioCapturedFrame || window.__folioCapturedRoot?.querySelector('iframe');
        if (frame) { mark('dyn-frame-handle'); frame.src = location.origin + '/spoof.html'; }
      } catch (e) { /* blocked */ }
    }, 200);
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
