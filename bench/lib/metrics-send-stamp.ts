/**
 * Loaded into the app's process by metrics-sockets.ts (app-server.ts `instrument`): every `metrics_update` gets an
 * extra key `bench_pushed_at`, the wall-clock time (epoch ms) at which the live sampler started the push round it
 * belongs to. A round pushes to every subscriber due at that moment, one after another in one synchronous loop, so
 * the rounds are told apart by the microtask checkpoint that follows them. Sockets then measure arrival − round
 * start: the server's serial work for the round plus the trip, which the sample's own `timestamp` cannot give (a
 * subscriber may be handed a reading up to one floor old, metrics.md §1).
 */
import type { App } from '../../src/app.js';

export const STAMP_KEY = 'bench_pushed_at';

export function instrument(app: App): void {
  const metrics = app.ctx.services.metrics;
  const subscribe = metrics.subscribe.bind(metrics);
  let roundStart: number | null = null;
  const stamp = (): number => {
    if (roundStart === null) {
      roundStart = Date.now();
      queueMicrotask(() => {
        roundStart = null;
      });
    }
    return roundStart;
  };
  metrics.subscribe = (id, send, intervalSeconds, groups) =>
    subscribe(id, (payload) => send(Object.assign({}, payload, { [STAMP_KEY]: stamp() })), intervalSeconds, groups);
}
