import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import { createUser, registerOwner, type Session } from '../helpers/factories.js';
import { api } from '../metrics/helpers.js';

const BUILTIN_NAMES = [
  'High CPU usage', 'High incoming traffic', 'High memory usage', 'High outgoing traffic', 'High swap usage', 'High system load',
  'High temperature', 'Low disk space',
];
const RULE_KEYS = [
  'id', 'name', 'metric', 'target', 'warning_threshold', 'critical_threshold', 'duration_seconds', 'hysteresis', 'cooldown_seconds',
  'enabled', 'notify', 'is_builtin', 'created_at', 'updated_at', 'channels', 'hosts',
];

describe.each(await databaseKinds())('alert rules (%s)', (kind) => {
  let t: TestApp;
  let owner: Session;
  let manager: Session;
  let user: Session;
  let viewer: Session;

  beforeAll(async () => {
    t = await createTestApp(kind);
    owner = await registerOwner(t.app);
    manager = await createUser(t.app, owner, 'mona', 'manager');
    user = await createUser(t.app, owner, 'ulf', 'user');
    viewer = await createUser(t.app, owner, 'vera', 'viewer');
  });
  afterAll(async () => t.close());

  it('lists the seeded built-in rules by name, paginated, to every role', async () => {
    expect((await api(t.app, 'GET', '/api/alert-rules/')).status).toBe(401);
    const res = await api(t.app, 'GET', '/api/alert_rules/', viewer);
    expect(res.status).toBe(200);
    expect(res.body.count).toBe(8);
    expect(res.body.results.map((r: { name: string }) => r.name)).toEqual(BUILTIN_NAMES);
    const memory = res.body.results.find((r: { name: string }) => r.name === 'High memory usage');
    expect(Object.keys(memory)).toEqual(RULE_KEYS);
    expect(memory).toMatchObject({
      metric: 'memory_usage', target: null, warning_threshold: 90, critical_threshold: 97, duration_seconds: 0, hysteresis: 5,
      cooldown_seconds: 300, enabled: true, notify: true, is_builtin: true,
    });
    const rx = res.body.results.find((r: { name: string }) => r.name === 'High incoming traffic');
    expect(rx).toMatchObject({ warning_threshold: 104857600, critical_threshold: null, hysteresis: 10485760, enabled: false });
    const page = await api(t.app, 'GET', '/api/alert-rules/?page_size=3&page=2', viewer);
    expect(page.body.results.map((r: { name: string }) => r.name)).toEqual(BUILTIN_NAMES.slice(3, 6));
    expect((await api(t.app, 'GET', `/api/alert-rules/${memory.id}/`, user)).body).toEqual(memory);
  });

  it('creates a rule with defaults (201); only can_manage_system may', async () => {
    const body = { name: 'Data disk', metric: 'filesystem_usage', target: '/data', warning_threshold: 80 };
    expect((await api(t.app, 'POST', '/api/alert-rules/', user, body)).status).toBe(403);
    expect((await api(t.app, 'POST', '/api/alert-rules/', viewer, body)).status).toBe(403);
    const res = await api(t.app, 'POST', '/api/alert-rules/', manager, body);
    expect(res.status).toBe(201);
    expect(Object.keys(res.body)).toEqual(RULE_KEYS);
    expect(res.body).toMatchObject({
      name: 'Data disk', metric: 'filesystem_usage', target: '/data', warning_threshold: 80, critical_threshold: null, duration_seconds: 0,
      hysteresis: 5, cooldown_seconds: 300, enabled: true, notify: true, is_builtin: false,
    });
    expect(res.body.created_at).toMatch(/\+00:00$/);
    expect((await api(t.app, 'POST', '/api/alert-rules/', owner, body)).body).toMatchObject({ name: ['An alert rule with this name already exists.'] });
  });

  it.each([
    [{ metric: 'cpu_usage', warning_threshold: 1 }, 'name', 'This field is required.'],
    [{ name: 'x'.repeat(101), metric: 'cpu_usage', warning_threshold: 1 }, 'name', 'Ensure this field has no more than 100 characters.'],
    [{ name: 'a', warning_threshold: 1 }, 'metric', 'This field is required.'],
    [{ name: 'a', metric: 'gpu_usage', warning_threshold: 1 }, 'metric', '"gpu_usage" is not a valid choice.'],
    [{ name: 'a', metric: 'cpu_usage' }, 'non_field_errors', 'At least one of warning_threshold and critical_threshold is required.'],
    [{ name: 'a', metric: 'cpu_usage', warning_threshold: null, critical_threshold: null }, 'non_field_errors', 'At least one of warning_threshold and critical_threshold is required.'],
    [{ name: 'a', metric: 'cpu_usage', warning_threshold: 90, critical_threshold: 80 }, 'critical_threshold', 'critical_threshold must be greater than or equal to warning_threshold.'],
    [{ name: 'a', metric: 'cpu_usage', warning_threshold: '90' }, 'warning_threshold', 'A valid number is required.'],
    [{ name: 'a', metric: 'cpu_usage', warning_threshold: 1, target: '/' }, 'target', 'Must be null for metric cpu_usage.'],
    [{ name: 'a', metric: 'filesystem_usage', warning_threshold: 1, target: 'data' }, 'target', 'Enter a mount point (an absolute path).'],
    [{ name: 'a', metric: 'network_rx', warning_threshold: 1, target: 'eth0/1' }, 'target', 'Enter an interface name (1-15 characters, no "/" or spaces).'],
    [{ name: 'a', metric: 'temperature', warning_threshold: 1, target: 'coretemp' }, 'target', 'Enter "<sensor>/<label>".'],
    [{ name: 'a', metric: 'cpu_usage', warning_threshold: 1, duration_seconds: 1.5 }, 'duration_seconds', 'A valid integer is required.'],
    [{ name: 'a', metric: 'cpu_usage', warning_threshold: 1, duration_seconds: 86_401 }, 'duration_seconds', 'Ensure this value is less than or equal to 86400.'],
    [{ name: 'a', metric: 'cpu_usage', warning_threshold: 1, cooldown_seconds: -1 }, 'cooldown_seconds', 'Ensure this value is greater than or equal to 0.'],
    [{ name: 'a', metric: 'cpu_usage', warning_threshold: 1, hysteresis: -0.5 }, 'hysteresis', 'Ensure this value is greater than or equal to 0.'],
    [{ name: 'a', metric: 'cpu_usage', warning_threshold: 1, enabled: 'yes' }, 'enabled', 'Must be a valid boolean.'],
    [{ name: 'a', metric: 'cpu_usage', warning_threshold: 1, notify: null }, 'notify', 'This field may not be null.'],
  ])('rejects %j → 400 on %s', async (body, field, message) => {
    const res = await api(t.app, 'POST', '/api/alert-rules/', owner, body);
    expect(res.status).toBe(400);
    expect(res.body[field]).toEqual([message]);
    expect(res.body.code).toBe('invalid');
  });

  it('accepts the targets each metric allows', async () => {
    for (const [metric, target] of [['network_tx', 'eth0'], ['temperature', 'coretemp/Package id 0'], ['filesystem_usage', null], ['load_per_core', null]]) {
      const res = await api(t.app, 'POST', '/api/alert-rules/', owner, { name: `ok ${metric}`, metric, target, critical_threshold: 5 });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body.target).toBe(target);
    }
  });

  it('PATCH changes only what it names (validated against the result); PUT needs name and metric; built-ins are editable', async () => {
    const created = await api(t.app, 'POST', '/api/alert-rules/', owner, { name: 'Swap watch', metric: 'swap_usage', warning_threshold: 50, critical_threshold: 70 });
    const id = created.body.id;
    const patched = await api(t.app, 'PATCH', `/api/alert-rules/${id}/`, owner, { hysteresis: 2.5, notify: false, id: 'ignored' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'Swap watch', warning_threshold: 50, critical_threshold: 70, hysteresis: 2.5, notify: false });
    expect((await api(t.app, 'PATCH', `/api/alert-rules/${id}/`, owner, { warning_threshold: 80 })).body.critical_threshold)
      .toEqual(['critical_threshold must be greater than or equal to warning_threshold.']);
    expect((await api(t.app, 'PATCH', `/api/alert-rules/${id}/`, owner, { target: '/' })).status).toBe(400);
    expect((await api(t.app, 'PUT', `/api/alert-rules/${id}/`, owner, { warning_threshold: 60 })).body).toMatchObject({ name: ['This field is required.'], metric: ['This field is required.'] });
    const put = await api(t.app, 'PUT', `/api/alert-rules/${id}/`, owner, { name: 'Swap watch 2', metric: 'swap_usage', warning_threshold: 60 });
    expect(put.body).toMatchObject({ name: 'Swap watch 2', warning_threshold: 60, critical_threshold: 70 });
    expect((await api(t.app, 'PATCH', `/api/alert-rules/${id}/`, viewer, { enabled: false })).status).toBe(403);

    const rules = (await api(t.app, 'GET', '/api/alert-rules/?page_size=100', owner)).body.results;
    const load = rules.find((r: { name: string }) => r.name === 'High system load');
    const edited = await api(t.app, 'PATCH', `/api/alert-rules/${load.id}/`, owner, { enabled: false, warning_threshold: 3 });
    expect(edited.body).toMatchObject({ enabled: false, warning_threshold: 3, is_builtin: true });
    expect((await api(t.app, 'PATCH', `/api/alert-rules/${load.id}/`, owner, { is_builtin: false })).body.is_builtin).toBe(true);
  });

  it('DELETE: custom rules go (their alerts stay, rule null); built-ins → 403', async () => {
    const rules = (await api(t.app, 'GET', '/api/alert-rules/?page_size=100', owner)).body.results;
    const builtin = rules.find((r: { name: string }) => r.name === 'High memory usage');
    const refused = await api(t.app, 'DELETE', `/api/alert-rules/${builtin.id}/`, owner);
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toBe('Built-in rules cannot be deleted');

    const rule = (await api(t.app, 'POST', '/api/alert-rules/', owner, { name: 'Cpu low bar', metric: 'cpu_usage', warning_threshold: 1 })).body;
    await t.app.ctx.services.alerts.engine.evaluate({
      cpu_usage: 50, memory_usage: 10, swap_usage: 0, load_per_core: 0, filesystems: [], network_rx: 0, network_tx: 0, interfaces: [], temperatures: [],
    });
    const alerts = (await api(t.app, 'GET', `/api/alerts/?rule=${rule.id}`, owner)).body.results;
    expect(alerts).toHaveLength(1);
    expect((await api(t.app, 'DELETE', `/api/alert-rules/${rule.id}/`, viewer)).status).toBe(403);
    expect((await api(t.app, 'DELETE', `/api/alert-rules/${rule.id}/`, owner)).status).toBe(204);
    expect((await api(t.app, 'GET', `/api/alert-rules/${rule.id}/`, owner)).status).toBe(404);
    const kept = (await api(t.app, 'GET', `/api/alerts/${alerts[0].id}/`, owner)).body;
    expect(kept).toMatchObject({ rule: null, status: 'resolved', title: 'High CPU Usage' });
    expect((await api(t.app, 'GET', '/api/alert-rules/not-a-uuid/', owner)).status).toBe(404);
  });
});
