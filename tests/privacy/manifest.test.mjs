// Least privilege, statically: the built manifests (dist/chrome, dist/firefox) ask for nothing
// beyond what DEVELOPERS.md / the README allow, and the built extension's own code has no way to
// reach the network except the allow-listed, explained occurrences below. No browser.
//
//   node --test tests/privacy/manifest.test.mjs      (after ./build.sh)
//
// Every failure says what was found and where. The allow-lists are exact: an entry that no
// longer matches anything fails too, so the list cannot silently outgrow the code.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CHROME_EXT_DIR, FIREFOX_EXT_DIR, REPO_ROOT } from '../harness/paths.mjs';

const BUILDS = { chrome: CHROME_EXT_DIR, firefox: FIREFOX_EXT_DIR };
const rel = (p) => (p.startsWith(REPO_ROOT + path.sep) ? path.relative(REPO_ROOT, p) : p);

// ---- What the manifests may ask for ---------------------------------------------------------

/**
 * "The extension ... asks for activeTab, scripting, storage only", and the context menus
 * (issue #14): contextMenus, which Firefox calls menus. Neither shows a warning at install.
 */
const ALLOWED_PERMISSIONS = { chrome: ['activeTab', 'scripting', 'storage', 'contextMenus'], firefox: ['activeTab', 'scripting', 'storage', 'menus'] };

/** Top-level manifest keys that were reviewed. A new key fails until it is reviewed and listed here. */
const REVIEWED_KEYS = {
  common: [
    'manifest_version', 'name', 'version', 'description', 'default_locale', 'icons', 'action', 'commands',
    'background', 'options_ui', 'permissions', 'optional_host_permissions', 'content_security_policy',
    'web_accessible_resources',
  ],
  chrome: ['minimum_chrome_version'],
  firefox: ['browser_specific_settings'],
};
/** Keys that are tolerated only when empty (they would widen access otherwise). */
const MUST_BE_EMPTY = ['host_permissions', 'optional_permissions', 'content_scripts'];

/**
 * The reader view is an extension page framed into the article's tab, so reader.html, and only
 * it, is web-accessible (what it loads comes from its own extension origin). This is the exact entry:
 * any widening (more resources, other matches, dropping use_dynamic_url, a new entry) fails.
 */
const EXPECTED_WAR = [
  { resources: ['reader/reader.html'], matches: ['<all_urls>'], use_dynamic_url: true },
];

/** CSP sources an extension page may use: nothing remote. */
const ALLOWED_CSP_SOURCES = new Set(["'self'", "'wasm-unsafe-eval'", "'none'"]);

// A host match pattern (https://developer.chrome.com/docs/extensions/develop/concepts/match-patterns).
const HOST_PATTERN = /^(?:<all_urls>|(?:\*|https?|wss?|ftp|file|urn|data):\/\/(?:\*|\*\.[^/*:]+|[^/*:]+)?(?::\d+|:\*)?\/.*)$/;

function loadManifest(browser) {
  const file = path.join(BUILDS[browser], 'manifest.json');
  if (!existsSync(file)) {
    assert.fail(`${rel(file)} is missing: run ./build.sh first (the privacy tests check the built extension, they never build)`);
  }
  try {
    return { file, m: JSON.parse(readFileSync(file, 'utf8')) };
  } catch (e) {
    assert.fail(`${rel(file)} is not valid JSON: ${e.message}`);
  }
}

const isEmpty = (v) => v === undefined || (Array.isArray(v) && v.length === 0) ||
  (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);
const show = (v) => JSON.stringify(v);

for (const browser of Object.keys(BUILDS)) {
  describe(`${browser} manifest (least privilege)`, () => {
    it('exists and is manifest_version 3', () => {
      const { file, m } = loadManifest(browser);
      assert.equal(m.manifest_version, 3, `${rel(file)}: manifest_version is ${show(m.manifest_version)}, expected 3`);
    });

    it(`permissions ⊆ {${ALLOWED_PERMISSIONS[browser].join(', ')}}`, () => {
      const { file, m } = loadManifest(browser);
      const allowed = ALLOWED_PERMISSIONS[browser];
      assert.ok(m.permissions === undefined || Array.isArray(m.permissions), `${rel(file)}: "permissions" is not a list: ${show(m.permissions)}`);
      const extra = (m.permissions ?? []).filter((p) => !allowed.includes(p));
      assert.deepEqual(extra, [], `${rel(file)}: "permissions" asks for ${show(extra)} beyond ${show(allowed)} (all: ${show(m.permissions)})`);
    });

    it('no host_permissions, optional_permissions or static content_scripts', () => {
      const { file, m } = loadManifest(browser);
      for (const key of MUST_BE_EMPTY) {
        assert.ok(isEmpty(m[key]), `${rel(file)}: "${key}" must be absent or empty, found ${show(m[key])}`);
      }
    });

    it('optional_host_permissions holds host match patterns only (no API permissions)', () => {
      const { file, m } = loadManifest(browser);
      const list = m.optional_host_permissions ?? [];
      assert.ok(Array.isArray(list), `${rel(file)}: "optional_host_permissions" is not a list: ${show(list)}`);
      const bad = list.filter((p) => typeof p !== 'string' || !HOST_PATTERN.test(p));
      assert.deepEqual(bad, [], `${rel(file)}: "optional_host_permissions" has entries that are not host match patterns: ${show(bad)}`);
    });

    it('no externally_connectable (or one that matches nothing)', () => {
      const { file, m } = loadManifest(browser);
      const ec = m.externally_connectable;
      if (ec === undefined) return;
      const open = Object.entries(ec).filter(([k, v]) => !(['matches', 'ids'].includes(k) && isEmpty(v)));
      assert.deepEqual(open, [], `${rel(file)}: "externally_connectable" lets others connect: ${show(ec)}`);
    });

    it('web_accessible_resources is exactly what the reader view needs', () => {
      const { file, m } = loadManifest(browser);
      assert.deepEqual(m.web_accessible_resources, EXPECTED_WAR,
        `${rel(file)}: "web_accessible_resources" is ${show(m.web_accessible_resources)}, expected exactly ${show(EXPECTED_WAR)} (a widening needs a privacy review and this test updated)`);
      // Every pattern names files that exist (a pattern matching nothing would be a stale grant).
      const files = listFiles(BUILDS[browser]);
      for (const entry of m.web_accessible_resources) {
        for (const pattern of entry.resources) {
          const re = globToRegExp(pattern);
          const hit = files.filter((f) => re.test(f));
          assert.ok(hit.length, `${rel(file)}: web-accessible pattern ${show(pattern)} matches no file of ${rel(BUILDS[browser])}`);
        }
      }
    });

    it("content_security_policy.extension_pages has no remote source (only 'self', 'wasm-unsafe-eval')", () => {
      const { file, m } = loadManifest(browser);
      const csp = m.content_security_policy;
      if (csp === undefined) return; // the browser's default for MV3 extension pages has no remote source either
      assert.ok(csp && typeof csp === 'object' && !Array.isArray(csp), `${rel(file)}: MV3 "content_security_policy" must be an object, found ${show(csp)}`);
      const keys = Object.keys(csp).filter((k) => k !== 'extension_pages');
      assert.deepEqual(keys, [], `${rel(file)}: "content_security_policy" has keys beyond extension_pages: ${show(keys)}`);
      const problems = [];
      for (const directive of String(csp.extension_pages ?? '').split(';').map((d) => d.trim()).filter(Boolean)) {
        const [name, ...sources] = directive.split(/\s+/);
        for (const s of sources) if (!ALLOWED_CSP_SOURCES.has(s.toLowerCase())) problems.push(`${name}: ${s}`);
      }
      assert.deepEqual(problems, [], `${rel(file)}: content_security_policy.extension_pages ${show(csp.extension_pages)} allows ${show(problems)}`);
    });

    it('no update_url', () => {
      const { file, m } = loadManifest(browser);
      assert.equal(m.update_url, undefined, `${rel(file)}: "update_url" is ${show(m.update_url)}; the extension is updated by its store only`);
      const gecko = m.browser_specific_settings?.gecko ?? {};
      assert.equal(gecko.update_url, undefined, `${rel(file)}: browser_specific_settings.gecko.update_url is ${show(gecko.update_url)}`);
    });

    it('has only reviewed top-level keys', () => {
      const { file, m } = loadManifest(browser);
      const reviewed = new Set([...REVIEWED_KEYS.common, ...REVIEWED_KEYS[browser], ...MUST_BE_EMPTY, 'externally_connectable']);
      const unknown = Object.keys(m).filter((k) => !reviewed.has(k));
      assert.deepEqual(unknown, [], `${rel(file)}: unreviewed manifest key(s) ${show(unknown)}: review them for privacy, then list them in REVIEWED_KEYS in tests/privacy/manifest.test.mjs`);
    });

    if (browser === 'chrome') {
      it('has no browser_specific_settings (trimmed by build.sh)', () => {
        const { file, m } = loadManifest(browser);
        assert.equal(m.browser_specific_settings, undefined, `${rel(file)}: browser_specific_settings is ${show(m.browser_specific_settings)}`);
      });
    }

    if (browser === 'firefox') {
      it('data_collection_permissions: required is ["none"], nothing optional', () => {
        const { file, m } = loadManifest(browser);
        const dcp = m.browser_specific_settings?.gecko?.data_collection_permissions;
        assert.deepEqual(dcp?.required, ['none'], `${rel(file)}: browser_specific_settings.gecko.data_collection_permissions.required is ${show(dcp?.required)}, expected ["none"]`);
        assert.ok(isEmpty(dcp?.optional), `${rel(file)}: data_collection_permissions.optional is ${show(dcp?.optional)}, expected none`);
      });
    }
  });
}

// ---- The extension's own code: no network API but the explained ones ------------------------

/**
 * Network APIs in the built JavaScript. `what` names the finding in failure messages.
 * URL literals are checked separately (URL_LITERAL) so that a fetch target spelled out anywhere
 * is caught even without one of these calls next to it.
 */
const JS_NETWORK_APIS = [
  { what: 'fetch()', re: /\bfetch\s*\(/g },
  { what: 'XMLHttpRequest', re: /\bXMLHttpRequest\b/g },
  { what: 'WebSocket', re: /\bWebSocket\b/g },
  { what: 'EventSource', re: /\bEventSource\b/g },
  { what: 'navigator.sendBeacon', re: /\bsendBeacon\b/g },
  { what: 'importScripts()', re: /\bimportScripts\s*\(/g },
  { what: 'WebTransport', re: /\bWebTransport\b/g },
  { what: 'RTCPeerConnection', re: /\bRTCPeerConnection\b/g },
  { what: 'a Worker', re: /\bnew\s+(?:Shared)?Worker\s*\(/g },
  { what: 'serviceWorker.register', re: /\bserviceWorker\s*\.\s*register\b/g },
  { what: 'downloads API', re: /\b(?:chrome|browser|api)\s*\.\s*downloads\b/g },
  { what: 'a URL literal', re: /\b(?:https?|wss?|ftp):\/\/[^\s"'`)<>]*|["'`]\/\/[a-z0-9][^\s"'`)<>]*/gi },
];

/**
 * The legitimate occurrences, each with its reason. `file` is relative to the build folder ('*':
 * any file); `line` a substring of the line the finding is on, or `url` a pattern the whole URL
 * literal must match; `count` how many findings the entry must match exactly (default 1; 'any'
 * for the namespace names, which are harmless wherever they are).
 */
const JS_ALLOWED = [
  {
    file: 'core/folio.js', what: 'fetch()', line: 'module_or_path = fetch(module_or_path);',
    reason: "wasm-bindgen's generated glue fetches the core's own module; every caller passes no argument (checked below), so it is new URL('folio_bg.wasm', import.meta.url): a file of the extension, not the network",
  },
  {
    file: 'reader/reader.js', what: 'fetch()', line: 'module_or_path = fetch(module_or_path);',
    reason: "the same glue, bundled into the reader view's script (tools/bundle-reader.mjs); its one call passes the core boot.js compiled, a WebAssembly.Module, so this fetch() never runs (checked below)",
  },
  {
    file: 'reader/boot.js', what: 'fetch()', line: 'WebAssembly.compileStreaming(fetch(coreUrl))',
    reason: 'the reader view compiles its core as it loads: coreUrl is the extension\'s own core/folio_bg.wasm (checked below)',
  },
  {
    file: 'reader/boot.js', what: 'fetch()', line: 'return WebAssembly.compile(await (await fetch(coreUrl)).arrayBuffer());',
    reason: 'the same file again, read as bytes where the browser serves it without the wasm MIME type',
  },
  {
    file: 'core/folio.js', what: 'a URL literal', line: '// https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Operators/typeof#description',
    reason: "a comment in wasm-bindgen's generated glue (a documentation link); never loaded",
  },
  {
    file: '*', what: 'a URL literal',
    url: /^http:\/\/www\.w3\.org\/(?:1999\/xhtml|2000\/svg|1998\/Math\/MathML|1999\/xlink|2000\/xmlns\/|XML\/1998\/namespace)$/,
    reason: "XML namespace names (compared with elements' namespaceURI, or given to createElementNS): identifiers by specification, never fetched",
    count: 'any',
  },
  {
    file: 'lib/storage.js', what: 'a URL literal', line: 'return siteOfUrl(/^[a-z][a-z0-9+.-]*:\\/\\//i.test(t) ? t : `https://${t}`);',
    reason: 'turns what the user typed on the options page ("example.com") into a URL only to read its host name; never fetched',
  },
  {
    file: 'lib/storage.js', what: 'a URL literal', line: '/** Normalises what a user typed in the options page ("https://www.example.com/a" → "example.com"). */',
    reason: 'a comment (an example of user input)',
  },
];

/** The core module and the names under which extension code imports its init function. */
const CORE_MODULE = 'core/folio.js';
/**
 * Scripts with the glue bundled in (tools/bundle-reader.mjs), and the one argument their init
 * calls may pass: the extension's own core, relative to the script (reader/ → core/).
 */
const BUNDLED_GLUE = { 'reader/reader.js': '{ module_or_path: compiled }' };
/** Where reader/boot.js fetches from: its one URL, the extension's own core. */
const BOOT_CORE_URL = 'const coreUrl = new URL("../core/folio_bg.wasm", location.href);';

function listFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(path.relative(dir, p).split(path.sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

function globToRegExp(glob) {
  return new RegExp(`^${glob.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^]*')}$`);
}

function lineAt(text, index) {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  const start = before.lastIndexOf('\n') + 1;
  const end = text.indexOf('\n', index);
  return { line, text: text.slice(start, end < 0 ? undefined : end).trim() };
}

function builtDir(browser) {
  const dir = BUILDS[browser];
  if (!existsSync(path.join(dir, 'manifest.json'))) {
    assert.fail(`${rel(path.join(dir, 'manifest.json'))} is missing: run ./build.sh first`);
  }
  return dir;
}

/** Every finding of a network API in the build's JavaScript: {file, line, what, text}. */
function scanJs(dir) {
  const findings = [];
  for (const file of listFiles(dir).filter((f) => /\.m?js$/.test(f))) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    for (const { what, re } of JS_NETWORK_APIS) {
      for (const m of text.matchAll(re)) findings.push({ file, what, match: m[0].replace(/^["'`]/, ''), ...lineAt(text, m.index) });
    }
  }
  return findings;
}

/** URLs in the build's HTML (attributes that load or link) and CSS (url(), @import) that leave the extension. */
function scanMarkup(dir) {
  const findings = [];
  const remote = (v) => /^\s*(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(v) && !/^\s*(?:data|blob):/i.test(v) || /^\s*\/\//.test(v);
  for (const file of listFiles(dir).filter((f) => /\.(?:html?|css)$/.test(f))) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    const add = (index, what, value) => findings.push({ file, what, value, ...lineAt(text, index) });
    if (file.endsWith('.css') || /<style\b/i.test(text) || /\sstyle\s*=/i.test(text)) {
      for (const m of text.matchAll(/url\(\s*(['"]?)([^'")]*)\1\s*\)/gi)) if (remote(m[2])) add(m.index, 'CSS url()', m[2]);
      for (const m of text.matchAll(/@import\s+(['"])([^'"]*)\1/gi)) if (remote(m[2])) add(m.index, 'CSS @import', m[2]);
    }
    if (/\.html?$/.test(file)) {
      const ATTRS = /\s(src|href|srcset|poster|action|formaction|data|background|ping|manifest|content)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;
      for (const m of text.matchAll(ATTRS)) {
        const name = m[1].toLowerCase();
        const value = m[2] ?? m[3] ?? m[4] ?? '';
        if (name === 'content') {
          // <meta http-equiv="refresh" content="0; url=…">
          if (/url\s*=/i.test(value)) add(m.index, 'meta refresh', value);
          continue;
        }
        const values = name === 'srcset' ? value.split(',').map((c) => c.trim().split(/\s+/)[0]) : [value];
        for (const v of values) if (remote(v)) add(m.index, `${name}=`, v);
      }
      for (const m of text.matchAll(/<link\b[^>]*\brel\s*=\s*["']?[^"'>]*\b(?:preconnect|dns-prefetch|prefetch|prerender|modulepreload|preload)\b/gi)) {
        add(m.index, '<link rel=preconnect/prefetch…>', m[0]);
      }
    }
  }
  return findings;
}

const where = (f) => `${f.file}:${f.line}`;

for (const browser of Object.keys(BUILDS)) {
  describe(`${browser} build: no network API in the extension's own code`, () => {
    it('JavaScript: only the allow-listed network APIs and URL literals', () => {
      const dir = builtDir(browser);
      const findings = scanJs(dir);
      const used = new Map(JS_ALLOWED.map((a) => [a, 0]));
      const forbidden = [];
      for (const f of findings) {
        const entry = JS_ALLOWED.find((a) => (a.file === '*' || a.file === f.file) && a.what === f.what &&
          (a.url ? a.url.test(f.match) : f.text.includes(a.line)));
        if (entry) used.set(entry, used.get(entry) + 1);
        else forbidden.push(`${f.what} at ${rel(dir)}/${where(f)}: ${f.text.slice(0, 200)}`);
      }
      const stale = [...used].filter(([a, n]) => a.count !== 'any' && n !== (a.count ?? 1))
        .map(([a, n]) => `${a.what} in ${a.file} on a line with ${show(a.line)}: expected ${a.count ?? 1}, found ${n}`);
      for (const [a, n] of used) {
        if (n) console.log(`allowed in ${rel(dir)}: ${a.what} ×${n} in ${a.file === '*' ? 'any file' : a.file} (${a.reason})`);
      }
      assert.deepEqual(forbidden, [], `network API(s) in the extension's code, not on the allow-list of tests/privacy/manifest.test.mjs:\n- ${forbidden.join('\n- ')}`);
      assert.deepEqual(stale, [], `allow-list entries that no longer match the code exactly (update JS_ALLOWED):\n- ${stale.join('\n- ')}`);
    });

    it("the core's init is always called without an argument, or in a bundle with the extension's own core/folio_bg.wasm (so its fetch() loads nothing else)", () => {
      const dir = builtDir(browser);
      const glue = readFileSync(path.join(dir, CORE_MODULE), 'utf8');
      assert.match(glue, /module_or_path = new URL\('folio_bg\.wasm', import\.meta\.url\);/,
        `${rel(dir)}/${CORE_MODULE}: the glue no longer defaults to new URL('folio_bg.wasm', import.meta.url); review its fetch() again`);
      const calls = [];
      for (const file of listFiles(dir).filter((f) => /\.m?js$/.test(f) && f !== CORE_MODULE)) {
        const text = readFileSync(path.join(dir, file), 'utf8');
        const spec = /(['"])((?:\.\.?\/)+)core\/folio\.js\1/;
        if (!spec.test(text)) continue;
        const names = [];
        for (const m of text.matchAll(/import\s+([A-Za-z_$][\w$]*)\s*(?:,\s*\{[^}]*\})?\s*from\s*(['"])[./]*core\/folio\.js\2/g)) names.push(`(?<![.\\w$])${m[1]}`);
        for (const m of text.matchAll(/import\s*\*\s*as\s+([A-Za-z_$][\w$]*)\s*from\s*(['"])[./]*core\/folio\.js\2/g)) names.push(`\\b${m[1]}\\s*\\.\\s*default`);
        for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*(['"])[./]*core\/folio\.js\2/g)) {
          for (const part of m[1].split(',')) {
            const d = part.trim().match(/^(?:default|__wbg_init)\s+as\s+([A-Za-z_$][\w$]*)$/);
            if (d) names.push(`(?<![.\\w$])${d[1]}`);
          }
        }
        if (/import\s*\(\s*(['"])[./]*core\/folio\.js\1\s*\)/.test(text)) calls.push({ file, problem: 'imports the core dynamically (review its init call by hand and extend this check)' });
        for (const n of names) {
          for (const m of text.matchAll(new RegExp(`${n}\\s*\\(`, 'g'))) {
            const after = text.slice(m.index + m[0].length);
            const { line, text: src } = lineAt(text, m.index);
            calls.push({ file, line, src, ok: /^\s*\)/.test(after) });
          }
        }
      }
      const boot = readFileSync(path.join(dir, 'reader/boot.js'), 'utf8');
      assert.ok(boot.includes(BOOT_CORE_URL) && (boot.match(/\bcoreUrl\s*=/g) ?? []).length === 1,
        `${rel(dir)}/reader/boot.js: its fetch() URL is no longer exactly ${BOOT_CORE_URL}; review it again`);
      const reader = readFileSync(path.join(dir, 'reader/reader.js'), 'utf8');
      assert.match(reader, /boot\.core\.then\(\(compiled\) => __wbg_init\(\{ module_or_path: compiled \}\)\)/,
        `${rel(dir)}/reader/reader.js: the core handed to the glue is no longer boot.js's compiled module; review it again`);
      for (const [file, arg] of Object.entries(BUNDLED_GLUE)) {
        const text = readFileSync(path.join(dir, file), 'utf8');
        const own = [...text.matchAll(/(?<!function\s+)\b__wbg_init\s*\(/g)];
        assert.ok(own.length > 0, `${rel(dir)}/${file}: no call of the bundled glue's __wbg_init (bundle changed?)`);
        for (const m of own) {
          const { line, text: src } = lineAt(text, m.index);
          calls.push({ file, line, src, ok: text.slice(m.index + m[0].length).startsWith(`${arg})`) });
        }
      }
      const bad = calls.filter((c) => !c.ok).map((c) => (c.problem ? `${c.file}: ${c.problem}` : `${c.file}:${c.line}: ${c.src}`));
      assert.deepEqual(bad, [], `the core's init is called with an argument (its fetch() would load that instead of the extension's wasm):\n- ${bad.join('\n- ')}`);
      assert.ok(calls.length > 0, 'found no call of the core\'s init at all: the check is blind (import syntax changed?)');
      console.log(`${rel(dir)}: core init called with the extension's own core at ${calls.map((c) => `${c.file}:${c.line}`).join(', ')}`);
    });

    it('HTML and CSS: no remote URL in src/href/url()/@import, no preconnect/prefetch', () => {
      const dir = builtDir(browser);
      const found = scanMarkup(dir).map((f) => `${f.what} ${show(f.value)} at ${rel(dir)}/${where(f)}`);
      assert.deepEqual(found, [], `the extension's own pages or styles point at the network:\n- ${found.join('\n- ')}`);
    });

    it("the wasm core imports no network API from JavaScript", () => {
      const dir = builtDir(browser);
      const wasm = path.join(dir, 'core/folio_bg.wasm');
      assert.ok(existsSync(wasm), `${rel(wasm)} is missing: run ./build.sh first`);
      const imports = WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(wasm))).map((i) => `${i.module}.${i.name}`);
      const bad = imports.filter((n) => /fetch|xmlhttp|websocket|eventsource|beacon|importscripts|webtransport|rtcpeer|_open_|location|navigator|request|worker/i.test(n));
      assert.deepEqual(bad, [], `${rel(wasm)} imports network-capable JavaScript: ${show(bad)}`);
    });
  });
}
