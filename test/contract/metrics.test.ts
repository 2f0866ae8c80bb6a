import { afterAll, beforeAll, describe, expect } from 'vitest';
import { databaseKinds } from '../helpers/databases.js';
import { seedMinutes } from '../metrics/seed.js';
import { contract, createWorld, expectStatus, type Json, type World } from './harness.js';
import { expectPagination } from './pagination.js';
import { arrayOf, expectError, expectShape, MetricsSample, oneOf, Page, PERMISSION_DENIED } from './shapes.js';
import { MetricsHistory, MetricsObject, SecuritySnapshot } from './shapes-host.js';

const MIN = 60_000;

describe.each(await databaseKinds())('metrics and security status (rest.md §9, metrics.md §4, security.md §3) on %s', (kind) => {
  let w: World;
  const now = Math.floor(Date.now() / MIN) * MIN;
  beforeAll(async () => {
    w = await createWorld(kind, { SECURITY_CHECK_MINUTES: '0' }, ['manager', 'user', 'viewer']);
    const repo = w.t.app.ctx.services.metrics.historyRepo;
    await seedMinutes(repo, w.t.app.ctx.host, now - 9 * MIN, 10, (i) => ({ cpu_usage: i, cpu_temperature: i % 2 ? 40 : null }));
    await seedMinutes(repo, 'other-host', now - 4 * MIN, 5);
  });
  afterAll(() => w?.close());

  contract('GET system/metrics/current/', async () => {
    const res = await w.call('GET system/metrics/current/', { as: w.users.viewer });
    expectStatus(res, 200);
    expectShape(res.body, MetricsObject());
    expect(res.body.uptime.duration).toMatch(/^\d+d \d+h \d+m$/);
    expectError((await w.call('GET system/metrics/current/')).body, 'not_authenticated');
  });

  contract('GET system/metrics/history/', async () => {
    const res = await w.call('GET system/metrics/history/', { as: w.users.viewer, query: { range: '1h', fields: 'cpu_usage,cpu_temperature' } });
    expectStatus(res, 200);
    expectShape(res.body, MetricsHistory);
    expect(res.body).toMatchObject({ resolution: 'minute', resolution_seconds: 60, count: 10 });
    expectShape(res.body.results[0], { timestamp: 'timestamp', cpu_usage: 'number', cpu_temperature: 'number?' }, 'history point');
    const other = await w.call('GET system/metrics/history/', { as: w.users.viewer, query: { host: 'other-host' } });
    expect(other.body.count).toBe(5);
    const bad = await w.call('GET system/metrics/history/', { as: w.users.viewer, query: { range: '2y' } });
    expectStatus(bad, 400);
    expectError(bad.body, 'invalid', undefined, Object.keys(bad.body).slice(0, -2));
  });

  contract('GET system/metrics/hosts/', async () => {
    const res = await w.call('GET system/metrics/hosts/', { as: w.users.viewer });
    expectStatus(res, 200);
    // monitoring.md §6: each item also says what kind of host it is (agents are listed too, none here).
    expectShape(res.body, {
      current_host: oneOf(w.t.app.ctx.host),
      hosts: arrayOf({ host: 'string', first_sample: 'timestamp', last_sample: 'timestamp', kind: oneOf('instance', 'agent'), agent_id: 'string?', name: 'string', online: 'boolean' }),
    });
    expect(res.body.hosts.map((h: Json) => h.host)).toEqual([w.t.app.ctx.host, 'other-host'].sort());
    expect(res.body.hosts.map((h: Json) => h.kind)).toEqual(['instance', 'instance']);
  });

  contract('GET metrics/', async () => {
    const res = await w.call('GET metrics/', { as: w.users.viewer, query: { host: w.t.app.ctx.host } });
    expectStatus(res, 200);
    expectShape(res.body, Page(MetricsSample));
    expect(res.body.count).toBe(10);
    const first = res.body.results[0];
    expect(first).toMatchObject({ resolution: 'minute', host: w.t.app.ctx.host, cpu_usage: 9 });
    expect(first.created_at).toBe(first.timestamp);
    expect(first.updated_at).toBe(first.timestamp);
    const since = new Date(now - 2 * MIN).toISOString();
    expect((await w.call('GET metrics/', { as: w.users.viewer, query: { since, host: w.t.app.ctx.host } })).body.count).toBe(3);
    await expectPagination(w, 'GET metrics/', { as: w.users.viewer });
  });

  contract('GET metrics/{id}/', async () => {
    const list = await w.raw('GET', '/api/metrics/', { as: w.owner });
    const res = await w.call('GET metrics/{id}/', { params: { id: list.body.results[0].id }, as: w.users.viewer });
    expectStatus(res, 200);
    expectShape(res.body, MetricsSample);
    expectStatus(await w.call('GET metrics/{id}/', { params: { id: 'abc' }, as: w.owner }), 404);
    expectStatus(await w.call('GET metrics/{id}/', { params: { id: 999999 }, as: w.owner }), 404);
  });

  contract('POST security/refresh/', async () => {
    const res = await w.call('POST security/refresh/', { as: w.users.manager });
    expectStatus(res, 200);
    expectShape(res.body, SecuritySnapshot(true));
    const throttled = await w.call('POST security/refresh/', { as: w.users.manager });
    expectStatus(throttled, 429);
    expectError(throttled.body, 'throttled');
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    const denied = await w.call('POST security/refresh/', { as: w.users.user });
    expectStatus(denied, 403);
    expectError(denied.body, 'permission_denied', PERMISSION_DENIED);
  });

  contract('GET security/', async () => {
    const full = await w.call('GET security/', { as: w.users.manager });
    expectStatus(full, 200);
    expectShape(full.body, SecuritySnapshot(true));
    const score = 100 - 10 * full.body.checks.filter((c: Json) => c.status === 'warn').length - 25 * full.body.checks.filter((c: Json) => c.status === 'fail').length;
    expect(full.body.score).toBe(Math.max(0, score));
    const redacted = await w.call('GET security/', { as: w.users.viewer });
    expectStatus(redacted, 200);
    expectShape(redacted.body, SecuritySnapshot(false));
    const alias = await w.raw('GET', '/api/system/security/', { as: w.users.viewer });
    expect(alias.body).toEqual(redacted.body);
  });

  contract('GET security/history/', async () => {
    await w.t.app.ctx.services.security.snapshot();
    const res = await w.call('GET security/history/', { as: w.users.manager });
    expectStatus(res, 200);
    expectShape(res.body, Page((v, path, errors) => {
      const item = v as Json;
      if (typeof item?.score !== 'number' || !['success', 'warning', 'error'].includes(item?.status) || typeof item?.timestamp !== 'string') {
        errors.push(`${path}: a snapshot needs score, status and timestamp, got ${JSON.stringify(item)?.slice(0, 120)}`);
      }
    }));
    expect(res.body.count).toBeGreaterThanOrEqual(1);
    await expectPagination(w, 'GET security/history/', { as: w.users.manager });
    expectStatus(await w.call('GET security/history/', { as: w.users.viewer }), 403);
  });
});
