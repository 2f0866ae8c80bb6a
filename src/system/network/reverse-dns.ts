import { Resolver } from 'node:dns/promises';
import { mapLimit } from './concurrency.js';
import { normalizeIp } from './ip-address.js';

export interface ReverseDnsOptions {
  /** `DNS_SERVERS` (port 53 unless written `a.b.c.d:port` / `[v6]:port`); empty = the system resolver's servers. */
  servers?: readonly string[];
  timeoutMs?: number;
  concurrency?: number;
  signal?: AbortSignal;
}

/** PTR name per address (§5.2): 2 s timeout, 32 at a time; addresses without a name are left out. */
export async function reverseLookup(addresses: readonly string[], options: ReverseDnsOptions = {}): Promise<Map<string, string>> {
  const { timeoutMs = 2000, concurrency = 32, signal } = options;
  const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
  if (options.servers && options.servers.length > 0) resolver.setServers([...options.servers]);
  const onAbort = () => resolver.cancel();
  signal?.addEventListener('abort', onAbort, { once: true });
  const names = new Map<string, string>();
  try {
    const valid = addresses.flatMap((a) => normalizeIp(a) ?? []);
    await mapLimit(valid, concurrency, async (address) => {
      try {
        const [name] = await resolver.reverse(address);
        if (name) names.set(address, name.replace(/\.$/, ''));
      } catch {
        // no PTR record, timeout or server failure: the host simply has no name from DNS
      }
    }, signal);
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  if (signal?.aborted) throw signal.reason;
  return names;
}
