// The hostile corpus through the command line: `folio extract PAGE --url …` on every generated
// page, its `content` HTML parsed by jsdom (no scripts) and walked with the reader view's
// invariants (inspect.mjs). Also checks the HTML serializer: what jsdom parses back must be
// exactly what the allow-list can emit.
// Run: node --test tests/hostile/   (needs ./build.sh first: target/release/folio)
import { describe, before, after, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { JSDOM, VirtualConsole } from 'jsdom';

import { REPO_ROOT } from '../harness/paths.mjs';
import { META_IDS, loadVectors, writePages } from './pages.mjs';
import { checkReadable, describeProblems, dumpArticle, inspectArticle } from './inspect.mjs';

const FOLIO = process.env.FOLIO_BIN ?? path.join(REPO_ROOT, 'target/release/folio');
const PAGE_URL = 'http://127.0.0.1/x';

describe('native: the hostile corpus through folio extract', () => {
  let site;
  before(() => {
    if (!existsSync(FOLIO)) throw new Error(`Missing ${FOLIO}: run ./build.sh first`);
    site = writePages('folio-hostile-native-');
  });
  after(() => site?.cleanup());

  it('has at least 160 vectors, each with an id, markup and a source', () => {
    const vectors = loadVectors();
    assert.ok(vectors.length >= 160, `only ${vectors.length} vectors`);
    const planted = site.pages.flatMap((p) => p.vectors.filter((v) => !v.dynamic).map((v) => v.id));
    assert.equal(planted.length, vectors.length, 'every vector is planted exactly once');
    assert.equal(new Set(planted).size, vectors.length);
  });

  it('the checker is not blind: on the raw pages it flags nearly every vector', () => {
    const flagged = new Set();
    for (const page of site.pages) {
      const dom = new JSDOM(page.html, { virtualConsole: new VirtualConsole() });
      const r = inspectArticle(dom.window.document.querySelector('article'));
      for (const line of describeProblems(r.problems, page)) {
        const m = /vector (\S+):/.exec(line);
        if (m) flagged.add(m[1]);
      }
      dom.window.close();
    }
    // Text-only vectors (escaped markup, UTF-7, …) and plain http links are not markup to flag.
    const all = site.pages.flatMap((p) => p.vectors.filter((v) => !v.dynamic).map((v) => v.id));
    const share = flagged.size / all.length;
    assert.ok(share > 0.85, `the checker flags only ${flagged.size} of ${all.length} raw vectors; unflagged: ${all.filter((id) => !flagged.has(id)).join(' ')}`);
  });

  it('extracts every page with nothing dangerous in the article HTML, the article still readable', { timeout: 60_000 }, () => {
    const problems = [];
    for (const page of site.pages) {
      let out;
      try {
        out = execFileSync(FOLIO, ['extract', page.file, '--url', PAGE_URL], { encoding: 'utf8', timeout: 20_000, maxBuffer: 64 << 20 });
      } catch (err) {
        problems.push(`${page.name}: folio extract failed (status ${err.status}): ${String(err.stderr).slice(0, 300)}`);
        continue;
      }
      const report = JSON.parse(out);
      if (typeof report.content !== 'string' || !report.content) {
        problems.push(`${page.name}: no article content`);
        continue;
      }
      // A fragment in a scriptless document; the serializer's output must parse back to itself.
      const dom = new JSDOM('<!doctype html><body><div id="root"></div></body>', { virtualConsole: new VirtualConsole() });
      const root = dom.window.document.getElementById('root');
      root.innerHTML = report.content;
      dumpArticle('native', page, report.content);
      const r = inspectArticle(root);
      problems.push(...describeProblems(r.problems, page));
      problems.push(...checkReadable(r.leads, page).problems);
      if (!r.leads.length) problems.push(`${page.name}: no vector paragraph in the article`);
      // Header fields are text: they go in with textContent. Report dangerous URLs as the page's URL.
      for (const k of ['url', 'canonicalUrl', 'image']) {
        const v = report[k];
        if (typeof v === 'string' && /^\s*(javascript|data|vbscript):/i.test(v)) problems.push(`${page.name}: report.${k} is ${JSON.stringify(v.slice(0, 100))} (vector ${META_IDS.find((id) => v.includes(id)) ?? '?'})`);
      }
      dom.window.close();
    }
    if (problems.length) assert.fail(`${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
  });
});
