import { afterAll, beforeAll, describe, expect } from 'vitest';
import { databaseKinds } from '../helpers/databases.js';
import { contract, createWorld, expectStatus, type Json, type World } from './harness.js';
import { expectPagination } from './pagination.js';
import { Alert, AlertRule, expectError, expectInvalid, expectShape, Page, PERMISSION_DENIED } from './shapes.js';

describe.each(await databaseKinds())('alerts and alert rules (rest.md §9, metrics.md §5) on %s', (kind) => {
  let w: World;
  let alert: Json;
  let rule: Json;
  const newAlert = async (title: string, severity = 'medium') =>
    (await w.raw('POST', '/api/alerts/', { as: w.owner, body: { title, message: `${title} happened`, source: 'contract', severity } })).body;
  beforeAll(async () => {
    w = await createWorld(kind, {}, ['manager', 'viewer']);
  });
  afterAll(() => w?.close());

  contract('POST alerts/', async () => {
    const res = await w.call('POST alerts/', { as: w.users.manager, body: { title: 'Disk smells', message: 'It does', source: 'nose', severity: 'high' } });
    expectStatus(res, 201);
    expectShape(res.body, Alert);
    expect(res.body).toMatchObject({ status: 'new', severity: 'high', rule: null, host: null, acknowledged_by: null, resolved_at: null });
    alert = res.body;
    const notes = await w.raw('GET', '/api/notifications/', { as: w.users.viewer });
    expect(notes.body.results[0]).toMatchObject({ title: 'Disk smells', type: 'warning', is_system: true });
    const missing = await w.call('POST alerts/', { as: w.owner, body: { title: 'x' } });
    expectStatus(missing, 400);
    expectInvalid(missing.body, 'message');
    const denied = await w.call('POST alerts/', { as: w.users.viewer, body: { title: 'x', message: 'y', source: 'z' } });
    expectStatus(denied, 403);
    expectError(denied.body, 'permission_denied', PERMISSION_DENIED);
  });

  contract('GET alerts/', async () => {
    await newAlert('Second', 'critical');
    const res = await w.call('GET alerts/', { as: w.users.viewer });
    expectStatus(res, 200);
    expectShape(res.body, Page(Alert));
    expect(res.body.results.map((a: Json) => a.title)).toEqual(['Second', 'Disk smells']);
    expect((await w.call('GET alerts/', { as: w.users.viewer, query: { severity: 'critical' } })).body.count).toBe(1);
    await expectPagination(w, 'GET alerts/', { as: w.users.viewer, query: { active: 'true' } });
  });

  contract('GET alerts/{id}/', async () => {
    const res = await w.call('GET alerts/{id}/', { params: { id: alert.id }, as: w.users.viewer });
    expectStatus(res, 200);
    expectShape(res.body, Alert);
    expectStatus(await w.call('GET alerts/{id}/', { params: { id: 'nope' }, as: w.owner }), 404);
  });

  contract('PATCH alerts/{id}/', async () => {
    const res = await w.call('PATCH alerts/{id}/', { params: { id: alert.id }, as: w.owner, body: { message: 'Edited', status: 'acknowledged' } });
    expectStatus(res, 200);
    expectShape(res.body, Alert);
    expect(res.body).toMatchObject({ message: 'Edited', status: 'acknowledged', acknowledged_by: w.owner.id });
    const back = await w.call('PATCH alerts/{id}/', { params: { id: alert.id }, as: w.owner, body: { status: 'new' } });
    expectStatus(back, 409);
    expectError(back.body, 'conflict', 'Invalid status change');
  });

  contract('PUT alerts/{id}/', async () => {
    const partial = await w.call('PUT alerts/{id}/', { params: { id: alert.id }, as: w.owner, body: { title: 'Renamed' } });
    expectStatus(partial, 400);
    expectInvalid(partial.body, 'message');
    const body = { title: 'Renamed', message: 'Edited', source: 'nose', severity: 'low', status: 'acknowledged' };
    const res = await w.call('PUT alerts/{id}/', { params: { id: alert.id }, as: w.owner, body });
    expectStatus(res, 200);
    expectShape(res.body, Alert);
    expect(res.body).toMatchObject({ title: 'Renamed', severity: 'low', status: 'acknowledged' });
  });

  contract('POST alerts/{id}/acknowledge/', async () => {
    const fresh = await newAlert('Ack me');
    const res = await w.call('POST alerts/{id}/acknowledge/', { params: { id: fresh.id }, as: w.users.manager });
    expectStatus(res, 200);
    expectShape(res.body, Alert);
    expect(res.body).toMatchObject({ status: 'acknowledged', acknowledged_by: w.users.manager.id });
    expect(res.body.acknowledged_at).not.toBeNull();
    await w.raw('POST', `/api/alerts/${fresh.id}/resolve/`, { as: w.owner });
    const resolved = await w.call('POST alerts/{id}/acknowledge/', { params: { id: fresh.id }, as: w.users.manager });
    expectStatus(resolved, 409);
    expectError(resolved.body, 'conflict', 'Alert is already resolved');
  });

  contract('POST alerts/{id}/resolve/', async () => {
    const res = await w.call('POST alerts/{id}/resolve/', { params: { id: alert.id }, as: w.users.manager });
    expectStatus(res, 200);
    expectShape(res.body, Alert);
    expect(res.body.status).toBe('resolved');
    expect(res.body.resolved_at).not.toBeNull();
    const again = await w.call('POST alerts/{id}/resolve/', { params: { id: alert.id }, as: w.users.manager });
    expectStatus(again, 409);
    expectError(again.body, 'conflict');
  });

  contract('DELETE alerts/{id}/', async () => {
    const res = await w.call('DELETE alerts/{id}/', { params: { id: alert.id }, as: w.users.manager });
    expectStatus(res, 204);
    expect(res.text).toBe('');
    expectStatus(await w.call('DELETE alerts/{id}/', { params: { id: alert.id }, as: w.users.manager }), 404);
  });

  contract('GET alert-rules/', async () => {
    const res = await w.call('GET alert-rules/', { as: w.users.viewer });
    expectStatus(res, 200);
    expectShape(res.body, Page(AlertRule));
    const names = res.body.results.map((r: Json) => r.name);
    expect(res.body.count).toBe(8);
    expect(names).toEqual([...names].sort());
    expect(res.body.results.find((r: Json) => r.name === 'High memory usage')).toMatchObject({
      metric: 'memory_usage', target: null, warning_threshold: 90, critical_threshold: 97, duration_seconds: 0, hysteresis: 5,
      cooldown_seconds: 300, enabled: true, notify: true, is_builtin: true,
    });
    await expectPagination(w, 'GET alert-rules/', { as: w.users.viewer });
  });

  contract('POST alert-rules/', async () => {
    const res = await w.call('POST alert-rules/', { as: w.users.manager, body: { name: 'Root fills', metric: 'filesystem_usage', target: '/', warning_threshold: 80 } });
    expectStatus(res, 201);
    expectShape(res.body, AlertRule);
    expect(res.body).toMatchObject({ critical_threshold: null, duration_seconds: 0, hysteresis: 5, cooldown_seconds: 300, enabled: true, notify: true, is_builtin: false });
    rule = res.body;
    const bad = await w.call('POST alert-rules/', { as: w.users.manager, body: { name: 'No threshold', metric: 'cpu_usage' } });
    expectStatus(bad, 400);
    expectInvalid(bad.body);
    expectStatus(await w.call('POST alert-rules/', { as: w.users.viewer, body: {} }), 403);
  });

  contract('GET alert-rules/{id}/', async () => {
    const res = await w.call('GET alert-rules/{id}/', { params: { id: rule.id }, as: w.users.viewer });
    expectStatus(res, 200);
    expectShape(res.body, AlertRule);
    expectStatus(await w.call('GET alert-rules/{id}/', { params: { id: 'x' }, as: w.owner }), 404);
  });

  contract('PATCH alert-rules/{id}/', async () => {
    const res = await w.call('PATCH alert-rules/{id}/', { params: { id: rule.id }, as: w.owner, body: { enabled: false } });
    expectStatus(res, 200);
    expectShape(res.body, AlertRule);
    expect(res.body).toMatchObject({ enabled: false, warning_threshold: 80 });
  });

  contract('PUT alert-rules/{id}/', async () => {
    const body = { name: 'Root fills', metric: 'filesystem_usage', target: '/', warning_threshold: 85, critical_threshold: 95 };
    const res = await w.call('PUT alert-rules/{id}/', { params: { id: rule.id }, as: w.owner, body });
    expectStatus(res, 200);
    expectShape(res.body, AlertRule);
    expect(res.body).toMatchObject({ warning_threshold: 85, critical_threshold: 95 });
    const builtin = (await w.raw('GET', '/api/alert-rules/', { as: w.owner })).body.results.find((r: Json) => r.is_builtin);
    const edited = await w.call('PUT alert-rules/{id}/', { params: { id: builtin.id }, as: w.owner, body: { ...builtin, enabled: false } });
    expectStatus(edited, 200);
    expect(edited.body).toMatchObject({ enabled: false, is_builtin: true });
  });

  contract('DELETE alert-rules/{id}/', async () => {
    const builtin = (await w.raw('GET', '/api/alert-rules/', { as: w.owner })).body.results.find((r: Json) => r.is_builtin);
    const refused = await w.call('DELETE alert-rules/{id}/', { params: { id: builtin.id }, as: w.owner });
    expectStatus(refused, 403);
    expectError(refused.body, 'permission_denied', 'Built-in rules cannot be deleted');
    const res = await w.call('DELETE alert-rules/{id}/', { params: { id: rule.id }, as: w.owner });
    expectStatus(res, 204);
    expectStatus(await w.call('DELETE alert-rules/{id}/', { params: { id: rule.id }, as: w.owner }), 404);
  });
});
