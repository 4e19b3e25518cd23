#!/usr/bin/env node
// Why the reader view and the CLI differ on a page: opens it in Chromium as run.mjs does (and
// again with the page's scripts off), and for every block that only one side has, looks for it
// in the live DOM and in the saved bytes: hidden (by which element and which style rule), removed
// or built by a script, decoded differently (charset), or there on both sides but chosen
// differently by the core. A first-line diagnosis; the lead reads the page to confirm.
//   node bench/quality/explain.mjs PAGE [--browser chromium|firefox] [--results FILE] [--dist DIR]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalise } from './metrics.mjs';
import { pageKey } from './page-proxy.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');
const argv = process.argv.slice(2);
const opt = (name, dflt) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : dflt);
const name = argv.find((a, i) => !a.startsWith('--') && !argv[i - 1]?.startsWith('--'));
if (!name) {
  console.error('usage: node bench/quality/explain.mjs PAGE [--browser chromium|firefox] [--results FILE] [--dist DIR]');
  process.exit(2);
}
const results = JSON.parse(readFileSync(opt('--results', path.join(HERE, 'results/latest.json')), 'utf8'));
const row = results.rows.find((r) => (r.page === name || r.page === `${name}.html`) && r.browser === opt('--browser', 'chromium'))
  ?? results.rows.find((r) => r.page === name || r.page === `${name}.html`);
if (!row) {
  console.error(`no row for ${name}`);
  process.exit(1);
}
process.env.FOLIO_E2E_CHROME_EXT = path.join(path.resolve(opt('--dist', results.dist ?? path.join(REPO, 'dist'))), 'chrome');
const { ChromiumSession } = await import('./browsers.mjs');
const { makeCertificate } = await import('../../tests/harness/server.mjs');
const { CORPUS_DIRS, serveCorpus } = await import('./corpus.mjs');

const corpusRoot = path.resolve(REPO, '../shared/corpus');
const rel = row.corpus === 'readability' ? `${CORPUS_DIRS.readability}/${row.page}/source.html` : `${CORPUS_DIRS.trafilatura}/pages/${row.page}`;
const bytes = readFileSync(path.join(corpusRoot, rel));
let utf8 = null;
try {
  utf8 = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
} catch {
  // not UTF-8
}
const metaCharset = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(bytes.toString('latin1'))?.[1] ?? null;
const cli = results.cliTexts[`${row.corpus}/${row.page}`] ?? '';
const view = row.state === 'ready' ? row.text : '';
const blocks = (t) => (t ? t.split('\n\n') : []);
const setOf = (a) => new Set(a);
const onlyCli = blocks(cli).filter((b) => !setOf(blocks(view)).has(b));
const onlyView = blocks(view).filter((b) => !setOf(blocks(cli)).has(b));
const key = (b) => normalise(b).slice(0, 60);

// Runs in the page: where each probe text is, whether it is rendered, and what hides it.
function probe(keys) {
  const norm = (s) => s.replace(/\s+/g, ' ').trim();
  const describe = (el) => `${el.localName}${el.id ? `#${el.id}` : ''}${el.classList.length ? `.${[...el.classList].slice(0, 3).join('.')}` : ''}`;
  const body = document.body;
  if (!body) return keys.map((key) => ({ key, live: false }));
  const els = [...body.querySelectorAll('*')];
  const texts = new Map();
  const textOf = (el) => {
    if (!texts.has(el)) texts.set(el, norm(el.textContent ?? ''));
    return texts.get(el);
  };
  const rendered = norm(body.innerText ?? '');
  const rulesHiding = (el) => {
    const out = [];
    const visit = (list, media, inline) => {
      for (const r of list) {
        if (r.cssRules && !r.selectorText) {
          visit(r.cssRules, r.media ? r.media.mediaText : media, inline);
          continue;
        }
        if (!r.selectorText || !r.style) continue;
        if (r.style.display !== 'none' && r.style.visibility !== 'hidden') continue;
        try {
          if (el.matches(r.selectorText)) {
            out.push(`${r.selectorText.slice(0, 90)} { ${r.style.display === 'none' ? 'display: none' : 'visibility: hidden'} }` +
              `${media ? ` @media ${media}` : ''}${inline ? ' (in a <style>)' : ''}`);
          }
        } catch {
          // a selector this browser does not take
        }
      }
    };
    for (const sheet of document.styleSheets) {
      try {
        visit(sheet.cssRules, null, !sheet.href);
      } catch {
        // cross-origin sheet
      }
    }
    return out;
  };
  // The outermost element at or below `top`'s ancestors that is not rendered, for a node.
  const hiderOf = (node) => {
    let hider = null;
    for (let el = node.parentElement; el && el !== document.documentElement; el = el.parentElement) {
      const cs = getComputedStyle(el);
      if (cs.display === 'none' || cs.visibility === 'hidden' || cs.visibility === 'collapse' || cs.contentVisibility === 'hidden') hider = el;
    }
    return hider;
  };
  return keys.map((key) => {
    const hits = els.filter((el) => textOf(el).includes(key) && ![...el.children].some((c) => textOf(c).includes(key)));
    if (!hits.length) return { key, live: false, visible: rendered.includes(key) };
    const out = { key, live: true, visible: rendered.includes(key), hits: [] };
    for (const hit of hits.slice(0, 2)) {
      const hiders = new Map();
      const walker = document.createTreeWalker(hit, NodeFilter.SHOW_TEXT);
      for (let t = walker.nextNode(); t; t = walker.nextNode()) {
        if (!t.data.trim()) continue;
        const h = hiderOf(t);
        if (h && !hiders.has(h)) hiders.set(h, { el: describe(h), text: norm(h.textContent ?? '').slice(0, 40), style: h.getAttribute('style')?.slice(0, 80) ?? null, hiddenAttr: h.hidden, rules: rulesHiding(h).slice(0, 2) });
      }
      const positioned = [];
      for (let el = hit; el && el !== document.documentElement; el = el.parentElement) {
        const cs = getComputedStyle(el);
        if (cs.position === 'fixed' || cs.position === 'sticky') positioned.push(`${describe(el)} (${cs.position})`);
      }
      out.hits.push({ el: describe(hit), hiders: [...hiders.values()].slice(0, 4), positioned });
    }
    return out;
  });
}

const certDir = mkdtempSync(path.join(os.tmpdir(), 'folio-explain-'));
const tls = results.options?.https === false ? null : makeCertificate(certDir);
rmSync(certDir, { recursive: true, force: true });
const declareCharset = results.options?.declareCharset === true;
const server = await serveCorpus(corpusRoot, { tls, declareCharset });
const strict = await serveCorpus(corpusRoot, { csp: "script-src 'none'", tls, declareCharset });
const s = new ChromiumSession();
await s.start();
try {
  const keys = [...onlyCli, ...onlyView].map(key);
  // Where the run opened the page: at its own URL (answered by the session) or on 127.0.0.1.
  const atOwnUrl = !!row.served && !/^https?:\/\/127\.0\.0\.1[:/]/.test(row.served);
  const file = path.join(corpusRoot, rel);
  const look = async (srv) => {
    if (atOwnUrl) s.target = { url: row.served, key: pageKey(row.served), response: srv.pageResponse(file) };
    await s.page.goto(atOwnUrl ? row.served : srv.fileUrl(rel), { waitUntil: 'load', timeout: 20_000 }).catch(() => {});
    return {
      charset: await s.page.evaluate(() => document.characterSet).catch(() => '?'),
      found: await s.page.evaluate(probe, keys).catch((e) => keys.map((k) => ({ key: k, error: e.message }))),
    };
  };
  const withScripts = await look(server);
  const noScripts = await look(strict);
  // The reader view with the page's scripts off: does the difference stay?
  const r = await (atOwnUrl ? s.read(row.served, strict.pageResponse(file)) : s.read(strict.fileUrl(rel)))
    .catch((e) => ({ state: 'error', error: e.message }));
  const { compareText } = await import('./metrics.mjs');
  const parityNoScripts = compareText(r.state === 'ready' ? r.text : '', cli).f1;

  console.log(`== ${row.page} (${row.corpus}, ${row.browser}): parity ${row.parity?.toFixed(3)}, view ${view.length} chars / CLI ${cli.length} chars; ` +
    `with the page's scripts off: parity ${parityNoScripts.toFixed(3)} (${r.state})`);
  console.log(`   bytes: ${utf8 != null ? (/[^\x00-\x7f]/.test(utf8) ? 'valid UTF-8 with multibyte text' : 'ASCII') : 'not UTF-8'}; <meta charset>: ${metaCharset ?? 'none'}; ` +
    `browser decoded as ${withScripts.charset} (scripts on) / ${noScripts.charset} (off)`);
  const report = (label, list, offset) => {
    if (!list.length) return;
    console.log(`   ${label} (${list.length} blocks):`);
    list.slice(0, Number(opt('--max', 15))).forEach((b, i) => {
      const on = withScripts.found[offset + i];
      const off = noScripts.found[offset + i];
      const k = key(b);
      const parts = [];
      parts.push(`scripts off: ${off?.live ? (off.visible ? 'in the page, rendered' : 'in the page, not rendered') : 'not in the page'}`);
      if (on?.live) {
        parts.push(`scripts on: in ${on.hits.map((h) => h.el).join(' and ')}${on.visible ? ', rendered' : ', NOT rendered'}`);
        for (const h of on.hits) {
          for (const x of h.hiders) {
            parts.push(`hidden: ${x.el} "${x.text}"${x.style ? ` style="${x.style}"` : ''}${x.hiddenAttr ? ' [hidden]' : ''}${x.rules.length ? ` by ${x.rules.join(' | ')}` : ''}`);
          }
          if (h.positioned.length) parts.push(`inside ${h.positioned.join(', ')}`);
        }
      } else parts.push('scripts on: not in the page');
      console.log(`     "${k.slice(0, 70)}"\n         ${parts.join('\n         ')}`);
    });
  };
  report('only in the CLI', onlyCli, 0);
  report('only in the view', onlyView, onlyCli.length);
} finally {
  await s.stop();
  await server.close();
  await strict.close();
}
process.exit(0);
