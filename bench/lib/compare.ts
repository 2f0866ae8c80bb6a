/**
 * Throughput of an app route against two baselines in a bare Fastify process: the same reply served from memory
 * (the framework's own limit for that payload; replay.ts) and the hello-world. All three are measured in the same
 * run in alternating one-second slices, so that load from elsewhere on the machine weighs on each alike. Also the
 * servers' CPU time per request (from /proc), which other load on the machine disturbs less than req/s, and the
 * load generator's (wrk, load.ts).
 */
import { load } from './load.js';
import { captureReply } from './replay.js';
import { cpuMsOf, startBare, type ServerProcess } from './servers.js';

export interface Side {
  perSecond: number;
  /** Medians of the slices' latency percentiles, ms. */
  p50: number;
  p99: number;
  errors: number;
  /** Server CPU per request, µs. */
  cpuUs: number;
  /** wrk's CPU per request, µs. */
  clientCpuUs: number;
}

export interface Comparison {
  /** Bare Fastify answering `{"hello":"world"}`. */
  hello: Side;
  /** Bare Fastify answering the app's captured reply. */
  replay: Side;
  app: Side;
  /** app req/s ÷ same-reply req/s. */
  ratio: number;
  /** app req/s ÷ hello-world req/s. */
  helloRatio: number;
  /** same-reply CPU per request ÷ app CPU per request. */
  cpuRatio: number;
  /** The reply's body, bytes. */
  bodyBytes: number;
  /** The bare server serialised the body with JSON.stringify on each request (else: sent the captured text). */
  replayJson: boolean;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function compareThroughput(opts: {
  app: Pick<ServerProcess, 'base' | 'pid'>;
  /** Path and query on the app, e.g. `/api/users/me/`. */
  path: string;
  headers?: Record<string, string>;
  slices: number;
  connections: number;
}): Promise<Comparison> {
  const { connections, headers } = opts;
  const appUrl = `${opts.app.base}${opts.path}`;
  const captured = await captureReply(appUrl, headers);
  const bare = await startBare(captured);
  try {
    const sides = [
      { server: bare, url: `${bare.base}/hello`, headers: undefined },
      { server: bare, url: `${bare.base}/replay`, headers: undefined },
      { server: opts.app, url: appUrl, headers },
    ].map((side) => ({ ...side, requests: 0, seconds: 0, cpuMs: 0, clientCpuMs: 0, errors: 0, p50s: [] as number[], p99s: [] as number[] }));
    for (const side of sides) await load(side.url, { seconds: 1, connections, headers: side.headers }); // warm-up: JIT, caches
    for (let slice = 0; slice < opts.slices; slice++) {
      for (const side of sides) {
        const cpu = cpuMsOf(side.server.pid);
        const r = await load(side.url, { seconds: 1, connections, headers: side.headers });
        side.cpuMs += cpuMsOf(side.server.pid) - cpu;
        side.clientCpuMs += r.clientCpuMs;
        side.requests += r.requests;
        side.seconds += r.seconds;
        side.errors += r.errors;
        side.p50s.push(r.p50);
        side.p99s.push(r.p99);
      }
    }
    const [hello, replay, app] = sides.map((t): Side => ({
      perSecond: t.requests / t.seconds,
      p50: median(t.p50s),
      p99: median(t.p99s),
      errors: t.errors,
      cpuUs: (t.cpuMs * 1000) / t.requests,
      clientCpuUs: (t.clientCpuMs * 1000) / t.requests,
    }));
    return {
      hello, replay, app,
      ratio: app.perSecond / replay.perSecond,
      helloRatio: app.perSecond / hello.perSecond,
      cpuRatio: replay.cpuUs / app.cpuUs,
      bodyBytes: Buffer.byteLength(captured.body),
      replayJson: captured.json,
    };
  } finally {
    await bare.stop();
  }
}

export interface Target {
  ratio: number;
  /** The baseline the ratio is taken against. */
  against: 'replay' | 'hello';
}

/** The lines every throughput benchmark prints; `target` when the issue names one. */
export function describeComparison(label: string, route: string, c: Comparison, opts: { target?: Target; slices: number; connections: number; detail?: string }): string[] {
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const side = (s: Side) => `${s.perSecond.toFixed(0)} req/s (p50 ${s.p50.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms, errors ${s.errors})`;
  const t = opts.target;
  const achieved = t && (t.against === 'replay' ? c.ratio : c.helloRatio);
  const verdict = t === undefined
    ? ''
    : ` (target ≥ ${(t.ratio * 100).toFixed(0)} % of ${t.against === 'replay' ? 'the same reply' : 'hello-world'}): ` +
      `${achieved! >= t.ratio && c.app.errors === 0 ? 'ok' : 'MISSED'}`;
  const replayHow = c.replayJson ? 'JSON.stringify per request' : 'captured text';
  return [
    `${label}: ${route}${opts.detail ? ` (${opts.detail})` : ''} ${side(c.app)}`,
    `${label}: bare fastify, same reply (${c.bodyBytes} bytes, ${replayHow}) ${side(c.replay)}; bare hello-world ${side(c.hello)}`,
    `${label}: → ratio ${pct(c.ratio)} of the same reply, ${pct(c.helloRatio)} of hello-world${verdict}`,
    `${label}: server CPU per request: ${route} ${c.app.cpuUs.toFixed(0)} µs, same reply ${c.replay.cpuUs.toFixed(0)} µs, ` +
      `hello-world ${c.hello.cpuUs.toFixed(0)} µs → CPU ratio ${pct(c.cpuRatio)} of the same reply; ` +
      `wrk ${c.app.clientCpuUs.toFixed(1)} / ${c.replay.clientCpuUs.toFixed(1)} / ${c.hello.clientCpuUs.toFixed(1)} µs per request; ` +
      `${opts.connections} keep-alive connections, ${opts.slices} alternating 1 s slices per server`,
  ];
}
