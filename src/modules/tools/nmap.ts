import { isIPv6 } from 'node:net';
import { FieldErrorCollector, validationError } from '../../errors.js';
import { IpNetwork } from '../../system/network/ip-network.js';
import { addressToken } from './host-names.js';
import type { ToolContext, ToolDefinition } from './types.js';
import { INVALID_TARGET, isIPv4Literal, isIPv6Literal, readTarget, type Target } from './validation.js';

interface Network {
  address: string;
  prefix: number;
}

/** An IPv4 network with prefix ≥ 24 or an IPv6 network with prefix ≥ 120 (tools.md §3.3). */
function parseNetwork(text: string): Network | undefined {
  const match = text.match(/^([0-9A-Fa-f:.]+)\/([0-9]{1,3})$/);
  if (!match) return undefined;
  const prefix = Number(match[2]);
  if (isIPv4Literal(match[1]) && prefix >= 24 && prefix <= 32) return { address: match[1], prefix };
  if (isIPv6Literal(match[1]) && prefix >= 120 && prefix <= 128) return { address: match[1], prefix };
  return undefined;
}

const outside = (target: string) => validationError({ target: [`${target} is outside the allowed networks.`] });

/** What nmap receives: an address or network, every address of it inside the allowed networks. */
async function scanTarget(raw: string, target: Target | undefined, ctx: ToolContext): Promise<string> {
  const allowed = ctx.allowedNetworks;
  const network = target ? undefined : parseNetwork(raw);
  if (network) {
    if (!allowed.contains(IpNetwork.parse(`${network.address}/${network.prefix}`)!)) throw outside(raw);
    return `${network.address}/${network.prefix}`;
  }
  if (!target) throw validationError({ target: [INVALID_TARGET] });
  if (target.kind !== 'hostname') {
    if (!allowed.contains(target.value)) throw outside(raw);
    return target.value;
  }
  const addresses = await ctx.resolveHost(target.value, ctx.dnsServers, ctx.dnsPort);
  if (addresses.length === 0) throw validationError({ target: [`Could not resolve ${raw}.`] });
  const inside = addresses.find((a) => allowed.contains(a));
  if (!inside) throw outside(raw);
  return inside;
}

const REPORT_LINE = /^Nmap scan report for (\S+)$/gm;

/** `nmap -n` reports in plain nmap's layout: `Nmap scan report for <name> (<address>)` where DNS has a name. */
function withNames(ctx: ToolContext) {
  return async (output: string, signal?: AbortSignal) => {
    const addresses = [...output.matchAll(REPORT_LINE)].flatMap((m) => addressToken(m[1]) ?? []);
    const names = await ctx.reverseNames([...new Set(addresses)], signal).catch(() => new Map<string, string>());
    return output.replace(REPORT_LINE, (line, token: string) => {
      const name = names.get(addressToken(token) ?? '');
      return name ? `Nmap scan report for ${name} (${token})` : line;
    });
  };
}

export const nmapTool: ToolDefinition = {
  name: 'nmap',
  timeoutMs: 120_000,
  exclusive: true,
  async plan(body, ctx) {
    const errors = new FieldErrorCollector();
    const input = readTarget(body, errors, 'Target host is required');
    errors.throwIfAny();

    const target = await scanTarget(input!.raw, input!.target, ctx);
    const family = isIPv6(target.split('/')[0]) ? ['-6'] : [];
    const dns = ctx.dnsServers.length > 0 ? ['--dns-servers', ctx.dnsServers.join(',')] : [];
    // -n: nmap asks no resolver; the server names the hosts it reports (withNames).
    return {
      kind: 'process',
      command: 'nmap',
      args: ['-sT', '-T3', '--top-ports', '100', '-n', ...family, ...dns, target],
      rewriteOutput: withNames(ctx),
    };
  },
};
