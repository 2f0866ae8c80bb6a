import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import { createUser, registerOwner, type Session } from '../helpers/factories.js';
import { toJson } from '../../src/db/values.js';
import { api } from './helpers.js';

const HOUR = 3_600_000;

describe.each(await databaseKinds())('database keys of the metrics object: security, threats, alerts (%s)', (kind) => {
  let t: TestApp;
  let owner: Session;
  let viewer: Session;
  const current = async () => (await api(t.app, 'GET', '/api/system/metrics/current/', viewer)).body;
  const lockout = (at: number, outcome = 'locked_out') => t.app.ctx.db.insertInto('login_attempts').values({
    username: 'mallory', username_normalized: 'mallory', ip_address: '127.0.0.9', user_agent: null,
    timestamp: new Date(at).toISOString(), was_successful: false, outcome,
  }).execute();

  beforeAll(async () => {
    t = await createTestApp(kind);
    owner = await registerOwner(t.app);
    viewer = await createUser(t.app, owner, 'vera', 'viewer');
  });
  afterAll(async () => t.close());

  it('threats: up to 5 lockouts of the last 24 hours, newest first, without names or addresses', async () => {
    const now = Date.now();
    for (let i = 1; i <= 6; i++) await lockout(now - i * HOUR);
    await lockout(now - 25 * HOUR);
    await lockout(now - 10 * 60_000, 'invalid_credentials');
    t.app.ctx.services.metrics.invalidateDashboard();
    const m = await current();
    expect(m.threats).toHaveLength(5);
    expect(m.threats[0]).toEqual({ type: 'Login lockout', time: new Date(now - HOUR).toISOString().replace('Z', '+00:00'), status: 'error' });
    expect(m.threats.map((x: { time: string }) => Date.parse(x.time))).toEqual([1, 2, 3, 4, 5].map((i) => now - i * HOUR));
  });

  it('alerts: unresolved alerts newest first; security: error with a critical one, warning with others', async () => {
    expect((await current()).alerts).toEqual([]);
    const high = await api(t.app, 'POST', '/api/alerts/', owner, { title: 'Fan noisy', message: 'Loud', source: 'test', severity: 'high' });
    let m = await current();
    expect(m.alerts).toEqual([{ title: 'Fan noisy', serverId: m.server_info.hostname, severity: 'warning' }]);
    expect(m.security.status).toBe('warning');
    const critical = await api(t.app, 'POST', '/api/alerts/', owner, { title: 'PSU failed', message: 'Dead', source: 'test', severity: 'critical' });
    m = await current();
    expect(m.alerts.map((a: { title: string }) => a.title)).toEqual(['PSU failed', 'Fan noisy']);
    expect(m.alerts[0].severity).toBe('error');
    expect(m.security.status).toBe('error');
    await api(t.app, 'POST', `/api/alerts/${critical.body.id}/resolve/`, owner);
    expect((await current()).security.status).toBe('warning');
    await api(t.app, 'POST', `/api/alerts/${high.body.id}/acknowledge/`, owner);
    expect((await current()).alerts).toHaveLength(1); // acknowledged is still unresolved
    await api(t.app, 'POST', `/api/alerts/${high.body.id}/resolve/`, owner);
    m = await current();
    expect(m.alerts).toEqual([]);
    expect(m.security.status).toBe('success');
  });

  it('security: the worse of the security snapshot status (stored, or announced on the bus) and the alerts; lastScan = latest completed scan', async () => {
    const metrics = t.app.ctx.services.metrics;
    await t.app.ctx.db.insertInto('security_snapshots').values({
      id: randomUUID(), timestamp: new Date().toISOString(), host: t.app.ctx.host, score: 70, status: 'warning', checks: toJson([]), listening: toJson([]),
    }).execute();
    metrics.invalidateDashboard();
    expect((await current()).security.status).toBe('warning');
    t.app.ctx.bus.emit('securityStatusChanged', { host: t.app.ctx.host, status: 'error' });
    expect((await current()).security.status).toBe('error');
    t.app.ctx.bus.emit('securityStatusChanged', { host: t.app.ctx.host, status: null });
    expect((await current()).security).toEqual({ status: 'success', lastScan: null });

    const scan = (at: number, status: string) => t.app.ctx.db.insertInto('network_scans').values({
      id: randomUUID(), job_id: randomUUID(), timestamp: new Date(at).toISOString(), status, scan_type: 'basic', ip_range: null,
      targets: toJson([]), target_set_key: randomUUID().replace(/-/g, ''), target_device_id: null, options: toJson({}), progress: 100,
      phase: 'done', discovered_devices: 0, new_devices: 0, offline_devices: 0, duration: 1, started_at: null, finished_at: null,
      error_message: null, warning: null, scan_method: 'nmap', started_by: null, worker: null,
      created_at: new Date(at).toISOString(), updated_at: new Date(at).toISOString(),
    }).execute();
    const now = Date.now();
    await scan(now - 2 * HOUR, 'completed');
    await scan(now - HOUR, 'failed');
    metrics.invalidateDashboard();
    expect((await current()).security.lastScan).toBe(new Date(now - 2 * HOUR).toISOString().replace('Z', '+00:00'));
  });

  it('reacts to the bus: alertsChanged re-reads the alerts; a stored snapshot newer than the announced status wins', async () => {
    const metrics = t.app.ctx.services.metrics;
    const at = new Date().toISOString();
    expect((await current()).alerts).toEqual([]);
    await t.app.ctx.db.insertInto('alerts').values({
      id: randomUUID(), timestamp: at, title: 'Written elsewhere', message: 'x', severity: 'high', status: 'new', source: 'test',
      rule_id: null, instance_key: null, host: null, metric: null, target: null, value: null, threshold: null, peak_value: null,
      resolved_value: null, acknowledged_by: null, acknowledged_at: null, resolved_at: null, created_at: at, updated_at: at,
    }).execute();
    expect((await current()).alerts).toEqual([]); // cached
    t.app.ctx.bus.emit('alertsChanged');
    expect((await current()).alerts.map((a: { title: string }) => a.title)).toEqual(['Written elsewhere']);
    await t.app.ctx.db.deleteFrom('alerts').execute();
    t.app.ctx.bus.emit('alertsChanged');

    t.app.ctx.bus.emit('securityStatusChanged', { host: 'another-host', status: 'error' });
    expect((await current()).security.status).toBe('success'); // another host's status is not this one's
    t.app.ctx.bus.emit('securityStatusChanged', { host: t.app.ctx.host, status: 'warning' });
    expect((await current()).security.status).toBe('warning');
    // Another instance of this host took a later snapshot: the stored one is newer than the announcement.
    await t.app.ctx.db.insertInto('security_snapshots').values({
      id: randomUUID(), timestamp: new Date(Date.now() + 60_000).toISOString(), host: t.app.ctx.host, score: 40, status: 'error',
      checks: toJson([]), listening: toJson([]),
    }).execute();
    metrics.invalidateDashboard();
    expect((await current()).security.status).toBe('error');
  });
});
