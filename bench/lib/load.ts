import { Agent, request } from 'node:http';

export interface LoadResult { requests: number; seconds: number; perSecond: number; errors: number; p50: number; p95: number }

/** A bounded keep-alive load on loopback: `connections` parallel loops for `seconds`, then it stops. */
export async function load(url: string, opts: { seconds: number; connections: number; headers?: Record<string, string> }): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: opts.connections });
  const target = new URL(url);
  const deadline = performance.now() + opts.seconds * 1000;
  const latencies: number[] = [];
  let errors = 0;
  const one = () => new Promise<void>((resolve) => {
    const started = performance.now();
    const req = request({ agent, host: target.hostname, port: target.port, path: target.pathname + target.search, headers: opts.headers }, (res) => {
      res.resume();
      res.on('end', () => {
        if ((res.statusCode ?? 500) >= 400) errors++;
        latencies.push(performance.now() - started);
        resolve();
      });
    });
    req.on('error', () => {
      errors++;
      resolve();
    });
    req.end();
  });
  const started = performance.now();
  await Promise.all(Array.from({ length: opts.connections }, async () => {
    while (performance.now() < deadline) await one();
  }));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { requests: latencies.length, seconds, perSecond: latencies.length / seconds, errors, p50: at(0.5), p95: at(0.95) };
}
