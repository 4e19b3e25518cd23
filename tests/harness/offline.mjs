// Browsers offline but for 127.0.0.1: every other host fails at once, so a run is reproducible
// and nothing leaves the machine (Chromium: host resolver rules; Firefox: a proxy that refuses).
import net from 'node:net';

/** Chromium switches: no host resolves but 127.0.0.1. */
export const CHROMIUM_OFFLINE_ARGS = ['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'];

/** Firefox preferences: every request but 127.0.0.1's goes to the refuser on `port`, with no fallback. */
export const firefoxOfflinePrefs = (port) => ({
  'network.proxy.type': 1,
  'network.proxy.http': '127.0.0.1',
  'network.proxy.http_port': port,
  'network.proxy.ssl': '127.0.0.1',
  'network.proxy.ssl_port': port,
  'network.proxy.no_proxies_on': 'localhost, 127.0.0.1',
  'network.proxy.allow_hijacking_localhost': false,
  'network.proxy.failover_direct': false,
  'network.dns.disablePrefetch': true,
  'network.prefetch-next': false,
  'network.http.speculative-parallel-limit': 0,
});

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
