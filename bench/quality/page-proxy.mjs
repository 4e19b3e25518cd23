// Firefox's road to a corpus page at its own URL: a proxy that answers the one page being read
// (plain HTTP, or HTTPS through a CONNECT it ends with the run's certificate), 404 for anything
// else on the page's host, and refuses every other host.
import http from 'node:http';
import tls from 'node:tls';

/** What identifies a page's address here: host, path and query (no scheme, no fragment). */
export function pageKey(url) {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}${u.search}`;
  } catch {
    return null;
  }
}

/**
 * Starts the proxy on 127.0.0.1 (ephemeral port). `certificate`: {key, cert} to end CONNECTs to
 * the current page's host (Firefox is told to accept it). Resolves to { port, setPage(url,
 * response), close() }: setPage names the page to answer and its response {status, headers, body}
 * (null: none); any other address on its host gets a 404 (Chromium's session answers the same);
 * a request for, or a CONNECT to, another host is dropped at once, as the offline refuser does.
 */
export async function startPageProxy({ certificate = null } = {}) {
  let page = null; // { key, hostname, response }
  const answer = (url, req, res, otherwise) => {
    if (page && pageKey(url) === page.key && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(page.response.status, page.response.headers);
      res.end(req.method === 'HEAD' ? undefined : page.response.body);
    } else {
      otherwise();
    }
  };
  // Another address: through the proxy, dropped; on the page's own host, inside the tunnel, a
  // 404 on a connection that stays (dropping it would make Firefox retry and shake hands again
  // for each of the page's own scripts and pictures).
  const notFound = (res) => {
    res.writeHead(404, { 'Content-Type': 'text/plain', 'Content-Length': '0', 'Cache-Control': 'no-store' });
    res.end();
  };
  const onPageHost = (url) => {
    try {
      return !!page && new URL(url).hostname === page.hostname;
    } catch {
      return false;
    }
  };
  const proxy = http.createServer((req, res) => answer(req.url, req, res, () => (onPageHost(req.url) ? notFound(res) : req.socket.destroy())));
  const tunnelled = http.createServer((req, res) => answer(`https://${req.headers.host}${req.url}`, req, res, () => notFound(res)));
  proxy.on('clientError', (_, socket) => socket.destroy());
  tunnelled.on('clientError', (_, socket) => socket.destroy());
  proxy.on('connect', (req, socket, head) => {
    socket.on('error', () => {});
    const hostname = req.url.replace(/:\d+$/, '').replace(/^\[|\]$/g, '').toLowerCase();
    if (!certificate || !page || hostname !== page.hostname) return socket.destroy();
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head?.length) socket.unshift(head);
    const secure = new tls.TLSSocket(socket, { isServer: true, key: certificate.key, cert: certificate.cert });
    secure.on('error', () => socket.destroy());
    tunnelled.emit('connection', secure);
  });
  await new Promise((resolve, reject) => {
    proxy.once('error', reject);
    proxy.listen(0, '127.0.0.1', resolve);
  });
  return {
    port: proxy.address().port,
    setPage(url, response) {
      page = url && response ? { key: pageKey(url), hostname: new URL(url).hostname, response } : null;
    },
    close: () =>
      new Promise((resolve) => {
        proxy.close(() => resolve());
        proxy.closeAllConnections();
        tunnelled.closeAllConnections();
      }),
  };
}
