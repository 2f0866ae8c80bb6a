import { describe, expect, it } from 'vitest';
import { ToolLimiter } from '../../src/modules/tools/limits.js';
import { apiError, recordingRunner, spiedService } from './helpers/service.js';

const BUSY = { detail: 'Too many tool runs in progress. Try again shortly.', code: 'throttled' };

/** A runner whose runs stay in progress until `open()` is called. */
function heldRunner() {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  return { ...recordingRunner({}, gate), open: () => open() };
}

describe('concurrency limits', () => {
  it('per user and for the whole instance', async () => {
    const runner = heldRunner();
    const { service } = spiedService({ runProcess: runner.run, limits: { maxConcurrent: 4, maxPerUser: 2, ratePerMinute: 30 } });
    const body = { target: '127.0.0.1' };
    const running = [service.runTool('ping', body, { userId: 1 }), service.runTool('ping', body, { userId: 1 })];

    const perUser = await apiError(service.runTool('ping', body, { userId: 1 }));
    expect([perUser.status, perUser.body(), perUser.headers]).toEqual([429, BUSY, { 'Retry-After': '5' }]);

    running.push(service.runTool('ping', body, { userId: 2 }), service.runTool('ip-route', {}, { userId: 3 }));
    const global = await apiError(service.runTool('ping', body, { userId: 4 }));
    expect([global.status, global.body(), global.headers['Retry-After']]).toEqual([429, BUSY, '5']);
    expect(runner.calls).toHaveLength(4);

    runner.open();
    expect((await Promise.all(running)).map((r) => r.status)).toEqual(['success', 'success', 'success', 'success']);
    expect((await service.runTool('ping', body, { userId: 4 })).status).toBe('success');
  });

  it.each([['nmap', { target: '127.0.0.1' }], ['tcpdump', { interface: 'lo' }]] as const)('one %s at a time', async (tool, body) => {
    const runner = heldRunner();
    const { service } = spiedService({ runProcess: runner.run });
    const first = service.runTool(tool, body, { userId: 1 });
    const second = await apiError(service.runTool(tool, body, { userId: 2 }));
    expect([second.status, second.body()]).toEqual([429, BUSY]);
    // Other tools are not held up by it.
    const other = service.runTool('ip-route', {}, { userId: 2 });
    runner.open();
    await Promise.all([first, other]);
    expect((await service.runTool(tool, body, { userId: 2 })).status).toBe('success');
  });

  it('holds with real processes too: a second ping of the same user while the first runs', async () => {
    const { service, seams } = spiedService({ limits: { maxConcurrent: 4, maxPerUser: 1, ratePerMinute: 30 } });
    const first = service.runTool('ping', { target: '127.0.0.1' }, { userId: 7 });
    const second = await apiError(service.runTool('traceroute', { target: '127.0.0.1' }, { userId: 7 }));
    expect(second.status).toBe(429);
    expect((await first).status).toBe('success');
    expect(seams.runProcess).toHaveBeenCalledTimes(1);
  });

  it('a slot is given back when the run fails', async () => {
    const runner = recordingRunner({ output: '', exitCode: null, timedOut: true });
    const { service } = spiedService({ runProcess: runner.run, limits: { maxConcurrent: 1, maxPerUser: 1, ratePerMinute: 30 } });
    for (let i = 0; i < 3; i++) expect((await service.runTool('whois', { target: 'example.com' }, { userId: 1 })).status).toBe('error');
  });
});

describe('rate limit', () => {
  it('counts runs per user per minute and says when to retry', async () => {
    let now = 1_000_000;
    const { service } = spiedService({
      runProcess: recordingRunner().run,
      limits: { maxConcurrent: 4, maxPerUser: 2, ratePerMinute: 3 },
      clock: () => now,
    });
    for (let i = 0; i < 3; i++) {
      await service.runTool('ip-route', {}, { userId: 1 });
      now += 1000;
    }
    const limited = await apiError(service.runTool('ip-route', {}, { userId: 1 }));
    expect([limited.status, limited.body(), limited.headers]).toEqual([
      429,
      { detail: 'Too many tool runs. Try again in 57 seconds.', code: 'throttled' },
      { 'Retry-After': '57' },
    ]);
    // Another user has a budget of their own.
    expect((await service.runTool('ip-route', {}, { userId: 2 })).status).toBe('success');

    now += 30_000;
    expect((await apiError(service.runTool('ip-route', {}, { userId: 1 }))).detail).toBe('Too many tool runs. Try again in 27 seconds.');
    now += 27_000;
    expect((await service.runTool('ip-route', {}, { userId: 1 })).status).toBe('success');
  });
});

describe('ToolLimiter', () => {
  it('release is idempotent and frees exactly one slot', () => {
    const limiter = new ToolLimiter({ maxConcurrent: 2, maxPerUser: 2, ratePerMinute: 100 });
    const release = limiter.acquire(1, 'ping');
    limiter.acquire(1, 'ping');
    expect(() => limiter.acquire(2, 'ping')).toThrow('Too many tool runs in progress');
    release();
    release();
    expect(limiter.inProgress).toBe(1);
    limiter.acquire(2, 'ping');
    expect(() => limiter.acquire(3, 'ping')).toThrow('Too many tool runs in progress');
  });

  it('a refused run does not count towards the rate', () => {
    const limiter = new ToolLimiter({ maxConcurrent: 1, maxPerUser: 1, ratePerMinute: 2 });
    const release = limiter.acquire(1, 'ping');
    for (let i = 0; i < 5; i++) expect(() => limiter.acquire(1, 'ping')).toThrow('in progress');
    release();
    limiter.acquire(1, 'ping')();
    expect(() => limiter.acquire(1, 'ping')).toThrow('Too many tool runs. Try again in');
  });
});
