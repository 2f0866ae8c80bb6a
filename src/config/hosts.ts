import { isIP } from 'node:net';
import { ConfigProblem, parseList, isHostname } from './parsers.js';

const HOST_EXPECTED = 'a comma-separated list of host names, IP addresses ([IPv6] in brackets), .domain suffixes or *';

export function parseAllowedHosts(raw: string): string[] {
  const items = parseList(raw);
  return items.map((item) => {
    if (item === '*') return item;
    if (/[\s/]|:\/\/|\*/.test(item)) throw new ConfigProblem(`"${item}" contains a scheme, path, space or *`, HOST_EXPECTED);
    if (item.startsWith('[') && item.endsWith(']') && isIP(item.slice(1, -1)) === 6) return item.toLowerCase();
    if (isIP(item) === 4) return item;
    const name = item.startsWith('.') ? item.slice(1) : item;
    if (item.includes(':') || !isHostname(name)) throw new ConfigProblem(`"${item}" is not a host name (a port is not allowed)`, HOST_EXPECTED);
    return item.toLowerCase();
  });
}

/** Host header value → host name without port, lowercase (IPv6 kept in brackets). */
export function hostWithoutPort(header: string): string {
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.lastIndexOf(':');
  return colon >= 0 && h.indexOf(':') === colon ? h.slice(0, colon) : h;
}

export function isHostAllowed(allowed: string[], header: string | undefined): boolean {
  if (allowed.includes('*')) return true;
  if (!header) return false;
  const host = hostWithoutPort(header);
  return allowed.some((pattern) =>
    pattern.startsWith('.') ? host === pattern.slice(1) || host.endsWith(pattern) : host === pattern,
  );
}

export function parseOrigins(raw: string): string[] {
  return parseList(raw).map((item) => {
    let url: URL;
    try {
      url = new URL(item);
    } catch {
      throw new ConfigProblem(`"${item}" is not an origin`, 'a comma-separated list of origins such as https://app.example.com:8443');
    }
    if (!['http:', 'https:'].includes(url.protocol) || url.origin !== item.replace(/\/$/, '').toLowerCase()) {
      throw new ConfigProblem(`"${item}" is not an origin`, 'a comma-separated list of origins such as https://app.example.com:8443');
    }
    return url.origin;
  });
}

/** Node keeps only the first of several Host headers; a request that sends more is ambiguous (RFC 9112 §3.2). */
export function hostHeaderCount(raw: readonly string[]): number {
  let count = 0;
  for (let i = 0; i < raw.length; i += 2) if (raw[i].length === 4 && raw[i].toLowerCase() === 'host') count++;
  return count;
}
