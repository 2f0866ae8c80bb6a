import { describe, expect, it } from 'vitest';
import { LiveSampler, type TimedSnapshot } from '../../src/modules/metrics/live-sampler.js';
import type { MetricsSnapshot, PartialMetricsSnapshot } from '../../src/system/metrics/snapshot.js';
import { sleep } from './helpers.js';

/** A reading source with MetricsService's rule: reuse the latest reading when younger than `maxAgeMs`. */
function fakeSource() {
  let latest: TimedSnapshot | undefined;
  let readings = 0;
  return {
    get readings() {
      return readings;
    },
    source: async (maxAgeMs: number): Promise<TimedSnapshot> => {
      if (latest && performance.now() - latest.at < maxAgeMs) return latest;
      readings++;
      const snapshot = { timestamp: `reading-${readings}`, extended: {} } as unknown as MetricsSnapshot;
      latest = { snapshot, at: performance.now() };
      return latest;
    },
  };
}

describe('LiveSampler', () => {
  it('serves subscribers of different phases on time from shared readings, at most one reading per floor', async () => {
    const src = fakeSource();
    const sampler = new LiveSampler({ floorMs: 100, source: src.source });
    const got = { a: [] as Array<[number, string]>, b: [] as Array<[number, string]> };
    const record = (list: Array<[number, string]>) => (p: PartialMetricsSnapshot) => list.push([performance.now(), p.timestamp]);
    sampler.subscribe('a', record(got.a), 100, []);
    await sleep(50);
    sampler.subscribe('b', record(got.b), 100, []);
    await sleep(1000);
    await sampler.stop();
    expect(sampler.running).toBe(false);
    for (const list of [got.a, got.b]) {
      expect(list.length).toBeGreaterThanOrEqual(9);
      const gaps = list.slice(1).map(([at], i) => at - list[i][0]);
      for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(98);
      expect(new Set(list.map(([, stamp]) => stamp)).size).toBe(list.length); // never the same reading twice
    }
    expect(src.readings).toBeLessThanOrEqual(12);
  });

  it('a slower subscriber and a floor subscriber: each at its own pace', async () => {
    const src = fakeSource();
    const sampler = new LiveSampler({ floorMs: 50, source: src.source });
    let fast = 0;
    let slow = 0;
    sampler.subscribe('fast', () => fast++, 50, []);
    sampler.subscribe('slow', () => slow++, 300, []);
    await sleep(720);
    await sampler.stop();
    expect(fast).toBeGreaterThanOrEqual(11);
    expect(fast).toBeLessThanOrEqual(15);
    expect(slow).toBe(3); // at 0, 300 and 600 ms (900 is after the end)
  });
});
