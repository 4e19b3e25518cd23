// Where things are, and the checks that the build exists (a missing build is a failure, never a skip).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// FOLIO_E2E_* overrides exist only for debugging the harness; CI uses the defaults.
export const FIXTURES_DIR = process.env.FOLIO_E2E_FIXTURES_DIR ?? path.join(REPO_ROOT, 'tests/fixtures');
/** Path of the founding example under FIXTURES_DIR (also its URL path on the test server). */
export const FOUNDING_FIXTURE = 'founding/aggregator-article.html';

export const CHROME_EXT_DIR = process.env.FOLIO_E2E_CHROME_EXT ?? path.join(REPO_ROOT, 'dist/chrome');
export const FIREFOX_EXT_DIR = process.env.FOLIO_E2E_FIREFOX_EXT ?? path.join(REPO_ROOT, 'dist/firefox');
export const FIREFOX_EXT_ZIP = path.join(REPO_ROOT, 'dist/folio-firefox.zip');

export const CHROMIUM_BIN = process.env.FOLIO_CHROMIUM ?? '/usr/bin/chromium';
export const FIREFOX_BIN = process.env.FOLIO_FIREFOX ?? '/usr/bin/firefox-esr';
const GECKODRIVER_CANDIDATES = [
  process.env.GECKODRIVER,
  '/root/.cache/folio-tools/geckodriver-0.37.1/bin/geckodriver',
  path.join(process.env.HOME ?? '/root', '.cache/folio-tools/geckodriver-0.37.1/bin/geckodriver'),
  ...(process.env.PATH ?? '').split(':').filter(Boolean).map((d) => path.join(d, 'geckodriver')),
];

/** Throws a clear error unless `dir` holds a built extension (manifest.json). */
export function requireBuiltExtension(dir) {
  const manifest = path.join(dir, 'manifest.json');
  if (!existsSync(manifest)) {
    throw new Error(`No built extension at ${path.relative(REPO_ROOT, dir) || dir} (missing manifest.json): run ./build.sh first`);
  }
  return JSON.parse(readFileSync(manifest, 'utf8'));
}

export function requireFile(file, hint) {
  if (!existsSync(file)) throw new Error(`Missing ${file}${hint ? `: ${hint}` : ''}`);
  return file;
}

export function requireFixture() {
  return requireFile(path.join(FIXTURES_DIR, FOUNDING_FIXTURE), 'the founding-example fixture is part of the repo');
}

export function findGeckodriver() {
  const found = GECKODRIVER_CANDIDATES.filter(Boolean).find((p) => existsSync(p));
  if (!found) {
    throw new Error('geckodriver not found: set GECKODRIVER=/path/to/geckodriver (cargo install geckodriver --version 0.37.1)');
  }
  return found;
}
