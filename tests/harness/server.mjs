// A tiny static file server for the end-to-end tests: serves tests/fixtures/ on 127.0.0.1
// (ephemeral port) with the strict CSP of the founding example. No dependencies.
import http from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { FIXTURES_DIR } from './paths.mjs';

export const PAGE_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src *";

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/**
 * Starts the server on `root`. Resolves to { origin, url(relPath), close() }.
 * `close()` also drops keep-alive connections, so it never waits on a browser.
 * `types`: {path under root: Content-Type} for files whose exact type matters (a legacy charset
 * in the HTTP header, or none: an HTTP charset outranks <meta charset>); others go by extension.
 */
export async function startServer({ root = FIXTURES_DIR, types = {} } = {}) {
  const rootDir = path.resolve(root);
  const server = http.createServer(async (req, res) => {
    const send = (status, body, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, {
        'Content-Type': type,
        'Content-Security-Policy': PAGE_CSP,
        'Cache-Control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed');
      const { pathname } = new URL(req.url, 'http://127.0.0.1');
      const rel = decodeURIComponent(pathname);
      let file = path.resolve(rootDir, '.' + rel);
      if (file !== rootDir && !file.startsWith(rootDir + path.sep)) return send(403, 'forbidden');
      let st = await stat(file).catch(() => null);
      if (st?.isDirectory()) {
        file = path.join(file, 'index.html');
        st = await stat(file).catch(() => null);
      }
      if (!st?.isFile()) return send(404, 'not found');
      const name = path.relative(rootDir, file).split(path.sep).join('/');
      const type = Object.hasOwn(types, name) ? types[name] : TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
      send(200, await readFile(file), type);
    } catch (err) {
      send(500, String(err));
    }
  });
  server.keepAliveTimeout = 1000;
  server.requestTimeout = 10_000;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: (rel) => new URL(rel.replace(/^\/*/, '/'), origin).href,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// `node tests/harness/server.mjs` serves the fixtures by hand (Ctrl-C to stop).
if (import.meta.url === `file://${process.argv[1]}`) {
  const s = await startServer();
  console.log(`serving ${FIXTURES_DIR} at ${s.origin}/ (CSP: ${PAGE_CSP})`);
}
