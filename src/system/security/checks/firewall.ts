import type { FileReader, SecurityCheck } from '../types.js';
import { makeCheck } from './check.js';

const lines = (text: string | null) =>
  text === null ? null : text.split('\n').map((l) => l.trim()).filter((l) => l !== '');

/**
 * Reads which netfilter tables exist. iptables-legacy lists its tables in /proc/net/ip{,6}_tables_names;
 * nftables has no procfs listing, so a loaded nf_tables module that something holds (base chains and
 * expression modules take references on it) stands for "rules loaded".
 */
export async function checkFirewall(reader: FileReader): Promise<SecurityCheck> {
  const [ipTables, ip6Tables, netfilterDir, nfModule, nfRefcnt, nfHolders, procNet] = await Promise.all([
    reader.readFile('/proc/net/ip_tables_names').then(lines),
    reader.readFile('/proc/net/ip6_tables_names').then(lines),
    reader.readDir('/proc/net/netfilter'),
    reader.readDir('/sys/module/nf_tables'),
    reader.readFile('/sys/module/nf_tables/refcnt'),
    reader.readDir('/sys/module/nf_tables/holders'),
    reader.readDir('/proc/net'),
  ]);
  const refcnt = nfRefcnt === null ? null : Number(nfRefcnt.trim());
  const nfTables = {
    loaded: nfModule !== null || (netfilterDir ?? []).some((n) => n.startsWith('nf_tables')),
    refcnt: Number.isFinite(refcnt) ? refcnt : null,
    holders: nfHolders ?? [],
  };
  const evidence = { ip_tables: ipTables, ip6_tables: ip6Tables, nf_tables: nfTables };
  if (ipTables === null && ip6Tables === null && nfModule === null && procNet === null) {
    return makeCheck('firewall', 'unknown', 'Netfilter state could not be read', evidence);
  }
  const legacy = [...(ipTables ?? []), ...(ip6Tables ?? []).map((t) => `${t} (IPv6)`)];
  const nftInUse = nfTables.loaded && ((nfTables.refcnt ?? 0) > 0 || nfTables.holders.length > 0);
  if (legacy.length > 0) {
    return makeCheck('firewall', 'pass', `iptables tables loaded: ${legacy.join(', ')}`, evidence);
  }
  if (nftInUse) return makeCheck('firewall', 'pass', 'nftables rules loaded', evidence);
  return makeCheck('firewall', 'warn', 'No firewall tables found', evidence);
}
