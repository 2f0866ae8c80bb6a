import type { IncomingMessage } from 'node:http';
import type { Config } from '../config/config.js';
import { isOriginAllowed } from '../http/cors.js';

const firstValue = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.split(',')[0].trim();

/**
 * Whether the page at `origin` was served by this server: the origin's host and port equal the requested Host
 * (the proxy's X-Forwarded-Host when TRUST_PROXY is on). The scheme is not compared: behind a proxy that ends
 * TLS the page is https while the request reaching us is http.
 */
function isSameOrigin(origin: string, req: IncomingMessage, trustProxy: boolean): boolean {
  const host = (trustProxy && firstValue(req.headers['x-forwarded-host'])) || req.headers.host;
  if (!host) return false;
  try {
    const page = new URL(origin);
    // Parsed with the page's scheme, so an explicit default port (example.com:443) matches an origin without one.
    return page.host === new URL(`${page.protocol}//${host}`).host;
  } catch {
    return false;
  }
}

/** Cross-origin pages allowed to open Socket.IO (they also get the CORS headers Socket.IO's polling needs). */
export function isCrossOriginSocketAllowed(config: Config, origin: string | undefined): origin is string {
  if (!origin) return false;
  const extra = config.socketAllowedOrigins;
  if (extra.includes('*') || extra.includes(origin.toLowerCase().replace(/\/$/, ''))) return true;
  return isOriginAllowed(config.cors, origin);
}

/**
 * Browsers send `Origin` on every Socket.IO request, and a WebSocket is not subject to CORS, so the handshake
 * itself refuses pages of other origins (README.md §CORS: "Socket.IO uses the same origin rules"). Clients that
 * send no Origin (Node, the CLI, other servers) are not browsers acting for a user of another site.
 */
export function isHandshakeOriginAllowed(config: Config, req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  return isSameOrigin(origin, req, config.trustProxy) || isCrossOriginSocketAllowed(config, origin);
}
