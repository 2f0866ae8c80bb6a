/**
 * Throughput of an app route against the bare hello-world, both measured in the same run in alternating one-second
 * slices, so that load from elsewhere on the machine weighs on both sides alike. Also the servers' CPU time per
 * request (from /proc), which other load on the machine disturbs less than req/s.
 */
import { load } from './load.js';
import { cpuMsOf, type ServerProcess } from './servers.js';

export interface Side {
  perSecond: number;
  /** Median of the slices' p50 latencies, ms. */
  p50: number;
  errors: number;
  /** Server CPU per request, µs. */
  cpuUs: number;
}

export interface Comparison {
  bare: Side;
  app: Side;
  /** app req/s ÷ bare req/s. */
  ratio: number;
  /** bare CPU per request ÷ app CPU per request. */
  cpuRatio: number;
}

export async function compareThroughput(opts: {
  bare: Pick<ServerProcess, 'base' | 'pid'>;
  app: Pick<ServerProcess, 'base' | 'pid'>;
  /** Path and query on the app, e.g. `/api/users/me/`. */
  path: string;
  headers?: Record<string, string>;
  slices: number;
  connections: number;
}): Promise<Comparison> {
  const helloUrl = `${opts.bare.base}/hello`;
  const appUrl = `${opts.app.base}${opts.path}`;
  const { connections, headers } = opts;
  await load(helloUrl, { seconds: 1, connections }); // warm-up: JIT, connection pools, caches
  await load(appUrl, { seconds: 1, connections, headers });
  const totals = [
    { server: opts.bare, url: helloUrl, headers: undefined, requests: 0, seconds: 0, cpuMs: 0, errors: 0, p50s: [] as number[] },
    { server: opts.app, url: appUrl, headers, requests: 0, seconds: 0, cpuMs: 0, errors: 0, p50s: [] as number[] },
  ];
  for (let slice = 0; slice < opts.slices; slice++) {
    for (const side of totals) {
      const cpu = cpuMsOf(side.server.pid);
      const r = await load(side.url, { seconds: 1, connections, headers: side.headers });
      side.cpuMs += cpuMsOf(side.server.pid) - cpu;
      side.requests += r.requests;
      side.seconds += r.seconds;
      side.errors += r.errors;
      side.p50s.push(r.p50);
    }
  }
  const [bare, app] = totals.map((t): Side => ({
    perSecond: t.requests / t.seconds,
    p50: [...t.p50s].sort((a, b) => a - b)[Math.floor(t.p50s.length / 2)],
    errors: t.errors,
    cpuUs: (t.cpuMs * 1000) / t.requests,
  }));
  return { bare, app, ratio: app.perSecond / bare.perSecond, cpuRatio: bare.cpuUs / app.cpuUs };
}

/** The two lines every throughput benchmark prints; `target` (a ratio) when the issue names one. */
export function describeComparison(label: string, route: string, c: Comparison, opts: { target?: number; slices: number; connections: number; detail?: string }): string[] {
  const verdict = opts.target === undefined
    ? ''
    : ` (target ≥ ${(opts.target * 100).toFixed(0)} %): ${c.ratio >= opts.target && c.app.errors === 0 ? 'ok' : 'MISSED'}`;
  return [
    `${label}: bare fastify ${c.bare.perSecond.toFixed(0)} req/s (p50 ${c.bare.p50.toFixed(2)} ms), ` +
      `${route}${opts.detail ? ` (${opts.detail})` : ''} ${c.app.perSecond.toFixed(0)} req/s (p50 ${c.app.p50.toFixed(2)} ms, errors ${c.app.errors}) ` +
      `→ ratio ${(c.ratio * 100).toFixed(1)} %${verdict}`,
    `${label}: server CPU per request: bare ${c.bare.cpuUs.toFixed(0)} µs, ${route} ${c.app.cpuUs.toFixed(0)} µs ` +
      `→ CPU ratio ${(c.cpuRatio * 100).toFixed(1)} %; ${opts.connections} keep-alive connections, ${opts.slices} alternating 1 s slices per server`,
  ];
}
