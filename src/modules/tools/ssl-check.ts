import { FieldErrorCollector } from '../../errors.js';
import { formatSslReport, MIN_DAYS_LEFT } from './ssl/ssl-format.js';
import type { BuiltinResult, ToolContext, ToolDefinition } from './types.js';
import { INVALID_TARGET, isPrintableAscii, parseTarget, readInteger, readString, type Target } from './validation.js';

const INVALID_PORT = 'Enter a valid port number.';

/** `host`, `host:port`, `IPv4:port`, `[IPv6]:port` or a bare IPv6 address, after URL parts are cut off. */
function splitHostPort(text: string): { host: Target | undefined; port: string | undefined } {
  const bracketed = text.match(/^(\[[^\]]*\])(?::(.*))?$/);
  if (bracketed) return { host: parseTarget(bracketed[1]), port: bracketed[2] };
  const whole = parseTarget(text);
  if (whole) return { host: whole, port: undefined };
  const colon = text.lastIndexOf(':');
  if (colon <= 0 || text.indexOf(':') !== colon) return { host: undefined, port: undefined };
  const host = parseTarget(text.slice(0, colon));
  return { host: host?.kind === 'ipv6' ? undefined : host, port: text.slice(colon + 1) };
}

const validPort = (port: number) => Number.isInteger(port) && port >= 1 && port <= 65535;

async function check(ctx: ToolContext, host: Target, port: number, signal: AbortSignal): Promise<BuiltinResult> {
  let address = host.value;
  if (host.kind === 'hostname') {
    const found = await ctx.resolveHost(host.value, ctx.dnsServers, ctx.dnsPort);
    if (found.length === 0) return { output: `Error: Could not resolve ${host.value}.`, status: 'error' };
    address = found[0];
  }
  try {
    const probe = await ctx.tlsProbe({ host: host.value, address, port, extraCa: ctx.extraCa, signal });
    const report = formatSslReport(host.value, port, probe, new Date());
    const healthy = report.verified && report.daysLeft >= MIN_DAYS_LEFT;
    return { output: report.output, status: healthy ? 'success' : 'warning' };
  } catch (error) {
    return { output: `Error: ${error instanceof Error ? error.message : String(error)}`, status: 'error' };
  }
}

export const sslCheckTool: ToolDefinition = {
  name: 'ssl-check',
  timeoutMs: 15_000,
  async plan(body, ctx) {
    const errors = new FieldErrorCollector();
    const raw = readString(body, 'target', errors);
    const bodyPort = readInteger(body, 'port', errors);
    if (typeof bodyPort === 'number' && !validPort(bodyPort)) errors.add('port', INVALID_PORT);

    let host: Target | undefined;
    let port = typeof bodyPort === 'number' ? bodyPort : 443;
    if (raw !== undefined && !errors.has('target')) {
      const text = raw.replace(/^https?:\/\//i, '').replace(/\/.*$/s, '');
      if (text === '') errors.add('target', 'Target domain is required');
      else if (!isPrintableAscii(text)) errors.add('target', INVALID_TARGET);
      else {
        const split = splitHostPort(text);
        host = split.host;
        if (!host) errors.add('target', INVALID_TARGET);
        if (split.port !== undefined && bodyPort === undefined) {
          port = /^[0-9]{1,5}$/.test(split.port) ? Number(split.port) : NaN;
          if (!validPort(port)) errors.add('port', INVALID_PORT);
        }
      }
    } else if (raw === undefined && !errors.has('target')) {
      errors.add('target', 'Target domain is required');
    }
    errors.throwIfAny();

    const target = host as Target;
    const shown = target.kind === 'ipv6' ? `[${target.value}]` : target.value;
    return { kind: 'builtin', description: `tls-check ${shown}:${port}`, run: (signal) => check(ctx, target, port, signal) };
  },
};
