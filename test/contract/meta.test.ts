import { afterAll, beforeAll, describe, expect } from 'vitest';
import { databaseKinds } from '../helpers/databases.js';
import { contract, createWorld, expectStatus, type World } from './harness.js';
import { expectError, expectShape, oneOf } from './shapes.js';

const API_ROOT_KEYS = ['users', 'roles', 'notifications', 'network/devices', 'network/connections', 'network/scans', 'metrics', 'alerts', 'alert-rules'];

describe.each(await databaseKinds())('health, meta and documentation (rest.md §2, metrics.md §6) on %s', (kind) => {
  let w: World;
  beforeAll(async () => {
    w = await createWorld(kind, { PROMETHEUS_ENABLED: 'true', PROMETHEUS_TOKEN: 'prom-token-0123456789' });
  });
  afterAll(() => w?.close());

  contract('GET health/', async () => {
    const res = await w.call('GET health/');
    expectStatus(res, 200);
    expectShape(res.body, { status: oneOf('ok'), timestamp: 'timestamp', service: oneOf('everyst API'), version: 'string', uptime_seconds: 'integer' });
    expect(res.headers['cache-control']).toBe('no-store');
    expect(String(res.headers['content-type'])).toBe('application/json; charset=utf-8');
  });

  contract('GET health/ready/', async () => {
    const res = await w.call('GET health/ready/');
    expectStatus(res, 200);
    expectShape(res.body, {
      status: oneOf('ok'),
      checks: {
        database: { status: oneOf('ok'), latency_ms: 'number' },
        redis: { status: oneOf('disabled') },
        workers: { status: oneOf('ok', 'none', 'disabled'), count: 'integer' },
      },
    });
  });

  contract('GET /api/', async () => {
    expectError((await w.call('GET /api/')).body, 'not_authenticated');
    const res = await w.call('GET /api/', { as: w.owner });
    expectStatus(res, 200);
    expect(Object.keys(res.body)).toEqual(API_ROOT_KEYS);
    for (const key of API_ROOT_KEYS) expect(res.body[key]).toBe(`http://localhost:80/api/${key}/`);
    const v1 = await w.raw('GET', '/api/v1/', { as: w.owner });
    expectStatus(v1, 200);
    expect(Object.keys(v1.body)).toEqual(API_ROOT_KEYS);
  });

  contract('GET schema/', async () => {
    const res = await w.call('GET schema/');
    expectStatus(res, 200);
    expect(res.body.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(res.body.paths).map((p) => p.replace(/\/$/, ''))).toContain('/api/users/me');
  });

  contract('GET docs/', async () => {
    const res = await w.call('GET docs/');
    expect([200, 302]).toContain(res.status);
    const page = res.status === 302 ? await w.raw('GET', String(res.headers.location)) : res;
    expectStatus(page, 200);
    expect(String(page.headers['content-type'])).toMatch(/^text\/html/);
  });

  contract('GET /metrics', async () => {
    const denied = await w.call('GET /metrics');
    expectStatus(denied, 401);
    expect(String(denied.headers['content-type'])).toMatch(/^application\/json/);
    const res = await w.call('GET /metrics', { headers: { authorization: 'Bearer prom-token-0123456789' } });
    expectStatus(res, 200);
    expect(String(res.headers['content-type'])).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const family of ['everyst_cpu_usage_percent', 'everyst_memory_total_bytes', 'everyst_devices', 'everyst_build_info']) {
      expect(res.text).toContain(family);
    }
  });
});

describe('GET /metrics when Prometheus export is disabled', async () => {
  const [kind] = await databaseKinds();
  let w: World;
  beforeAll(async () => {
    w = await createWorld(kind);
  });
  afterAll(() => w?.close());

  contract('GET /metrics', async () => {
    const res = await w.call('GET /metrics');
    expectStatus(res, 404);
    expectError(res.body, 'not_found', 'Not found.');
  });
});
