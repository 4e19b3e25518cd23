// Serves the corpus folder on 127.0.0.1 (ephemeral port; HTTPS with a throw-away self-signed
// certificate, or HTTP) as a saved page is opened: the bytes as they are, `text/html` with NO
// charset parameter (the page's own BOM / <meta charset> decides, or the browser's fallback), no
// CSP unless asked (`csp`), nothing cached. Also the "refuse" port
// that Firefox is given as its proxy, so that every request to another host fails at once.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { cliCharset } from './charset.mjs';

const TYPES = {
  '.html': 'text/html', '.htm': 'text/html', '.xhtml': 'application/xhtml+xml', '.css': 'text/css', '.js': 'text/javascript',
  '.json': 'application/json', '.txt': 'text/plain', '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp',
};

/**
 * A self-signed certificate for 127.0.0.1 in `dir` (openssl), or null when openssl is missing.
 * Saved pages often say "https only" in a script (`if (location.protocol != "https:") …`): served
 * over HTTPS, as they were, they stay.
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

/**
 * Resolves to {origin, url(rel), close()}. `csp`: a Content-Security-Policy header for every
 * response (default none); `tls`: {key, cert} to serve over HTTPS (default HTTP);
 * `declareCharset`: HTML with `charset=` the encoding folio decodes it with, as the live site's
 * header would have said (default: no charset parameter, as for a saved file).
 */
export async function startCorpusServer(root, { csp = null, tls = null, declareCharset = false } = {}) {
  const rootDir = path.resolve(root);
  const handler = async (req, res) => {
    const send = (status, body, type) => {
      const headers = { 'Content-Type': type, 'Cache-Control': 'no-store' };
      if (csp) headers['Content-Security-Policy'] = csp;
      res.writeHead(status, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed', 'text/plain');
      const rel = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
      const file = path.resolve(rootDir, '.' + rel);
      if (file !== rootDir && !file.startsWith(rootDir + path.sep)) return send(403, 'forbidden', 'text/plain');
      const st = await stat(file).catch(() => null);
      if (!st?.isFile()) return send(404, 'not found', 'text/plain');
      const body = await readFile(file);
      let type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
      if (declareCharset && type === 'text/html') type += `; charset=${cliCharset(body)}`;
      send(200, body, type);
    } catch (err) {
      send(500, String(err), 'text/plain');
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
    // Each path segment percent-encoded (file names have spaces, '#', '?', non-ASCII).
    url: (rel) => `${origin}/${rel.split('/').map(encodeURIComponent).join('/')}`,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

/** A TCP port that accepts and drops every connection at once: a proxy that refuses everything. */
export async function startRefuser() {
  const server = net.createServer((s) => {
    s.on('error', () => {});
    s.destroy();
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return { port: server.address().port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
