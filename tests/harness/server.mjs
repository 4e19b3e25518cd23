// The one static server of every browser suite and of the browser quality benchmark: a folder on
// 127.0.0.1 (ephemeral port), HTTP or HTTPS, with the page CSP, another one or none. No dependencies.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { FIXTURES_DIR } from './paths.mjs';

/**
 * A host name for 127.0.0.1 that is not a secure context (only loopback addresses and localhost
 * names are): a page served by name over plain HTTP, as on many small sites, where APIs such as
 * crypto.randomUUID do not exist. Each browser is told to resolve it (below).
 */
export const INSECURE_HOST = 'folio-insecure.test';
export const CHROMIUM_INSECURE_HOST_ARGS = [`--host-resolver-rules=MAP ${INSECURE_HOST} 127.0.0.1`];
export const FIREFOX_INSECURE_HOST_PREFS = { 'network.dns.localDomains': INSECURE_HOST };
/** `url` (on 127.0.0.1) at INSECURE_HOST instead. */
export const atInsecureHost = (url) => url.replace(/^http:\/\/127\.0\.0\.1(?=[:/])/, `http://${INSECURE_HOST}`);

/** The strict CSP of the founding example: page scripts are same-origin files. */
export const PAGE_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src *";

const TEXT = {
  '.html': 'text/html', '.htm': 'text/html', '.css': 'text/css', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.json': 'application/json', '.txt': 'text/plain',
};
const BINARY = {
  '.xhtml': 'application/xhtml+xml', '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp', '.avif': 'image/avif', '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/**
 * Starts the server on `root`. Resolves to { origin, url(relPath), fileUrl(relPath), close() }:
 * url() takes a URL path (a query or fragment stays one: `deep.html?depth=9`), fileUrl() a file's
 * name taken literally (each segment percent-encoded: saved pages' names hold spaces, '#', '?');
 * close() also drops keep-alive connections, so it never waits on a browser. Options:
 * - `csp`: the Content-Security-Policy of every response (default PAGE_CSP; null: none);
 * - `tls`: {key, cert} to serve HTTPS (see makeCertificate; default HTTP);
 * - `charset`: the charset parameter of text types (default 'utf-8'; null: none, as when a saved
 *   file is opened and its BOM or <meta charset> decides);
 * - `types`: {path under root: Content-Type} for files whose exact type matters (a legacy charset in
 *   the HTTP header, or none: an HTTP charset outranks <meta charset>);
 * - `typeOf(body, type)`: the Content-Type of each response, from its bytes and the type above.
 */
export async function startServer({ root = FIXTURES_DIR, csp = PAGE_CSP, tls = null, charset = 'utf-8', types = {}, typeOf = null } = {}) {
  const rootDir = path.resolve(root);
  const handler = async (req, res) => {
    const send = (status, body, type = 'text/plain; charset=utf-8') => {
      const headers = { 'Content-Type': type, 'Cache-Control': 'no-store' };
      if (csp) headers['Content-Security-Policy'] = csp;
      res.writeHead(status, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed');
      const { pathname } = new URL(req.url, 'http://127.0.0.1');
      let file = path.resolve(rootDir, '.' + decodeURIComponent(pathname));
      if (file !== rootDir && !file.startsWith(rootDir + path.sep)) return send(403, 'forbidden');
      let st = await stat(file).catch(() => null);
      if (st?.isDirectory()) {
        file = path.join(file, 'index.html');
        st = await stat(file).catch(() => null);
      }
      if (!st?.isFile()) return send(404, 'not found');
      const name = path.relative(rootDir, file).split(path.sep).join('/');
      const ext = path.extname(file).toLowerCase();
      const body = await readFile(file);
      let type = TEXT[ext] ? TEXT[ext] + (charset ? `; charset=${charset}` : '') : BINARY[ext] ?? 'application/octet-stream';
      if (Object.hasOwn(types, name)) type = types[name];
      send(200, body, typeOf ? typeOf(body, type) : type);
    } catch (err) {
      send(500, String(err));
    }
  };
  const server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, handler) : http.createServer(handler);
  server.keepAliveTimeout = 1000;
  server.requestTimeout = 20_000;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const origin = `${tls ? 'https' : 'http'}://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: (rel) => new URL(rel.replace(/^\/*/, '/'), origin).href,
    fileUrl: (rel) => `${origin}/${rel.replace(/^\/*/, '').split('/').map(encodeURIComponent).join('/')}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * A self-signed certificate for 127.0.0.1 in `dir` (openssl), for startServer's `tls`; null when
 * openssl is missing. (The browsers are then told to accept it.)
 */
export function makeCertificate(dir) {
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore', timeout: 30_000 });
    return { key: readFileSync(key), cert: readFileSync(cert) };
  } catch {
    return null;
  }
}

// `node tests/harness/server.mjs` serves the fixtures by hand (Ctrl-C to stop).
if (import.meta.url === `file://${process.argv[1]}`) {
  const s = await startServer();
  console.log(`serving ${FIXTURES_DIR} at ${s.origin}/ (CSP: ${PAGE_CSP})`);
}
