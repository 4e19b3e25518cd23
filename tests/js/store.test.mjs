// Store-ready (issue #14): what the stores check before a person does. The add-on id is final
// (Firefox keys a user's settings and permissions by it), Chrome's floor is stated, the 128 px
// icon keeps to the Chrome Web Store's safe area, and the source archive AMO asks for holds
// what builds the extension. Node only; reads the source tree, and dist/ when it is built.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';

const root = new URL('../../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('extension/manifest.json', root), 'utf8'));

/** The RGBA pixels of an 8-bit RGBA PNG without interlacing (what tools/make-icons.py writes). */
function pixels(png) {
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  assert.deepEqual([png[24], png[25], png[28]], [8, 6, 0], 'an 8-bit RGBA, non-interlaced PNG');
  const data = [];
  for (let at = 8; at < png.length;) {
    const len = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT') data.push(png.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = 1 + width * 4;
  for (let y = 0; y < height; y++) assert.equal(raw[y * stride], 0, 'rows without a filter');
  return { width, height, alpha: (x, y) => raw[y * stride + 1 + x * 4 + 3] };
}

describe('store-ready', () => {
  it('a final add-on id, not a placeholder, and stated browser floors', () => {
    const id = manifest.browser_specific_settings.gecko.id;
    assert.match(id, /^\{[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\}$/, `gecko id ${id}`);
    assert.match(manifest.minimum_chrome_version, /^\d+$/);
    assert.match(manifest.browser_specific_settings.gecko.strict_min_version, /^\d+\.\d+$/);
  });

  it('the 128 px icon draws inside the central 96 × 96 (16 px transparent on every side)', () => {
    const icon = pixels(readFileSync(new URL(`extension/${manifest.icons['128']}`, root)));
    assert.deepEqual([icon.width, icon.height], [128, 128]);
    let inside = 0;
    for (let y = 0; y < 128; y++) {
      for (let x = 0; x < 128; x++) {
        const a = icon.alpha(x, y);
        const safe = x >= 16 && x < 112 && y >= 16 && y < 112;
        if (!safe) assert.equal(a, 0, `opaque pixel at ${x},${y}, outside the safe area`);
        else if (a) inside++;
      }
    }
    assert.ok(inside > 96 * 96 * 0.4, `the artwork fills the safe area (${inside} px)`);
  });

  it('the source archive (dist/folio-source.zip) holds what builds the extension', (t) => {
    const zip = new URL('dist/folio-source.zip', root);
    if (!existsSync(zip)) return t.skip('not built (./build.sh makes it in a git checkout)');
    const names = execFileSync('python3', ['-c', 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', zip.pathname], { encoding: 'utf8' }).split('\n');
    for (const f of ['build.sh', 'Cargo.toml', 'Cargo.lock', 'package.json', 'package-lock.json', 'README.md', 'src/lib.rs', 'src/wasm.rs', 'extension/manifest.json', 'extension/vendor/tldts.js', 'tools/trim-manifest.mjs']) {
      assert.ok(names.includes(f), `${f} is not in the source archive`);
    }
    assert.ok(!names.some((n) => n.startsWith('node_modules/') || n.startsWith('target/') || n.startsWith('dist/')), 'build output in the source archive');
    assert.match(readFileSync(new URL('README.md', root), 'utf8'), /## Building from source/, "README's build steps for reviewers");
  });
});
