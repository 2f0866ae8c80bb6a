/**
 * Alert rules on agents (monitoring.md §6): real agent processes on loopback; a rule scoped to one agent opens an
 * alert for that host only, naming it; an unscoped rule covers this server and every agent; moving a rule to
 * another host resolves the alert of the host it left; bad `hosts` are refused and change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import { registerOwner, type Session } from '../helpers/factories.js';
import { api, waitFor, type Json } from '../metrics/helpers.js';
import { startAgent, waitForLog, type AgentProcess } from './helpers.js';

// The evaluation job runs every 10 s, first one interval after listen.
const EVALUATION_WAIT_MS = 35_000;

describe.each(await databaseKinds())('alert rules on agents (%s)', (kind) => {
  let t: TestApp;
  let owner: Session;
  const agents: AgentProcess[] = [];
  const ids: Record<string, string> = {};

  const openAlerts = async () => ((await api(t.app, 'GET', '/api/alerts/?active=true&page_size=100', owner)).body.results as Json[])
    .map((a) => ({ rule: a.rule, host: a.host, title: a.title }));
  const ruleId = async (name: string) => ((await api(t.app, 'GET', '/api/alert-rules/?page_size=100', owner)).body.results as Json[])
    .find((r) => r.name === name)!.id as string;

  beforeAll(async () => {
    t = await createTestApp(kind, { API_PORT: '0', API_HOST: '127.0.0.1' });
    const port = await t.app.listen();
    owner = await registerOwner(t.app);
    // Only the rules of this test evaluate.
    for (const rule of (await api(t.app, 'GET', '/api/alert-rules/?page_size=100', owner)).body.results as Json[]) {
      expect((await api(t.app, 'PATCH', `/api/alert-rules/${rule.id}/`, owner, { enabled: false })).status).toBe(200);
    }
    for (const name of ['a-1', 'b-1']) {
      const res = await api(t.app, 'POST', '/api/agents/', owner, { name });
      expect(res.status).toBe(201);
      ids[name] = res.body.id as string;
      agents.push(startAgent(`http://127.0.0.1:${port}`, res.body.token as string));
    }
    await Promise.all(agents.map((a) => waitForLog(a, 'connected')));
  });
  afterAll(async () => {
    await Promise.all(agents.map((a) => a.stop()));
    await t?.close();
  });

  it('refuses hosts that are not a list of host ids, and stores nothing', async () => {
    const base = { metric: 'memory_usage', warning_threshold: 50 };
    for (const [hosts, message] of [
      ['a-1', 'Expected a list of host ids.'],
      [null, 'This field may not be null.'],
      [['bad host'], '"bad host" is not a valid host id.'],
      [[7], '"7" is not a valid host id.'],
    ] as const) {
      const res = await api(t.app, 'POST', '/api/alert-rules/', owner, { ...base, name: 'Refused', hosts });
      expect(res.status, JSON.stringify(hosts)).toBe(400);
      expect(res.body).toMatchObject({ hosts: [message], detail: `hosts: ${message}` });
    }
    const list = (await api(t.app, 'GET', '/api/alert-rules/?page_size=100', owner)).body.results as Json[];
    expect(list.map((r) => r.name)).not.toContain('Refused');
  });

  it('opens a scoped rule on its agent only and an unscoped one everywhere', async () => {
    const scoped = await api(t.app, 'POST', '/api/alert-rules/', owner, {
      name: 'Memory on a-1', metric: 'memory_usage', warning_threshold: 0.001, hosts: [ids['a-1'].toUpperCase()],
    });
    expect(scoped.status, JSON.stringify(scoped.body)).toBe(201);
    expect(scoped.body.hosts).toEqual([ids['a-1']]);
    const everywhere = await api(t.app, 'POST', '/api/alert-rules/', owner, { name: 'Memory anywhere', metric: 'swap_usage', warning_threshold: 0 });
    expect(everywhere.status).toBe(201);
    expect(everywhere.body.hosts).toEqual([]);

    await waitFor(async () => {
      const open = await openAlerts();
      return open.filter((a) => a.rule === everywhere.body.id).length === 3 && open.some((a) => a.rule === scoped.body.id);
    }, EVALUATION_WAIT_MS, 'the unscoped rule on three hosts and the scoped one on its agent');
    const open = await openAlerts();
    expect(open.filter((a) => a.rule === scoped.body.id)).toEqual([{ rule: scoped.body.id, host: ids['a-1'], title: 'High Memory Usage on a-1' }]);
    expect(open.filter((a) => a.rule === everywhere.body.id).map((a) => a.host).sort()).toEqual([ids['a-1'], ids['b-1'], t.app.ctx.host].sort());
    expect(open.find((a) => a.rule === everywhere.body.id && a.host === t.app.ctx.host)!.title).toBe('High Swap Usage');
  });

  it('moving a rule to another host resolves the alert of the host it left', async () => {
    const id = await ruleId('Memory on a-1');
    const res = await api(t.app, 'PATCH', `/api/alert-rules/${id}/`, owner, { hosts: [ids['b-1']], name: 'Memory on b-1' });
    expect(res.status).toBe(200);
    expect((await openAlerts()).filter((a) => a.rule === id)).toEqual([]);
    await waitFor(async () => (await openAlerts()).some((a) => a.rule === id), EVALUATION_WAIT_MS, 'the moved rule opening on b-1');
    expect((await openAlerts()).filter((a) => a.rule === id)).toEqual([{ rule: id, host: ids['b-1'], title: 'High Memory Usage on b-1' }]);
  });
});
