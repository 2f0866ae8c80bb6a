import { readFile } from 'node:fs/promises';

/**
 * The server the built-in DNS client asks: the first of `DNS_SERVERS`, else the first `nameserver`
 * of resolv.conf, else 127.0.0.1 (the resolver library's own default).
 */
export async function pickDnsServer(dnsServers: readonly string[], resolvConf = '/etc/resolv.conf'): Promise<string> {
  if (dnsServers.length > 0) return dnsServers[0];
  try {
    const text = await readFile(resolvConf, 'utf8');
    for (const line of text.split('\n')) {
      const match = line.match(/^\s*nameserver\s+(\S+)/);
      if (match) return match[1];
    }
  } catch {
    // No resolv.conf: fall through to the default.
  }
  return '127.0.0.1';
}
