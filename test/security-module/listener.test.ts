import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import { api, createTeam, securityNotifications, startProbe, waitFor, type Json, type Probe, type Team } from './helpers.js';

describe.each(await databaseKinds())('security snapshots of a listening server (%s)', (kind) => {
  let t: TestApp;
  let team: Team;
  let probe: Probe | undefined;
  const count = async () => (await t.app.ctx.db.selectFrom('security_snapshots').select('id').execute()).length;

  beforeAll(async () => {
    t = await createTestApp(kind, { API_PORT: '0', API_HOST: '127.0.0.1', SECURITY_CHECK_MINUTES: '0' });
    team = await createTeam(t.app);
  });
  afterAll(async () => {
    await probe?.close();
    await t?.close();
  });

  it('takes a snapshot at start, once, with SECURITY_CHECK_MINUTES=0', async () => {
    expect(await count()).toBe(0);
    await t.app.listen();
    await waitFor(async () => (await count()) === 1, 5000, 'the start snapshot');
    const [row] = await t.app.ctx.db.selectFrom('security_snapshots').selectAll().execute();
    expect(row.host).toBe(t.app.ctx.host);
    // Run once per host: the job's lease is keyed by the host name.
    const lock = await t.app.ctx.db.selectFrom('job_locks').select('locked_by').where('name', '=', `security-snapshot:${t.app.ctx.host}`).executeTakeFirst();
    expect(lock?.locked_by).toBe(t.config.instanceName);
    // The scheduler looks again every 15 s; with a period of 0 it takes nothing more.
    expect(await count()).toBe(1);
  });

  it('lists a new 0.0.0.0 listener with its process and tells only the holders of can_manage_system', async () => {
    probe = await startProbe('0.0.0.0');
    const res = await api(t.app, 'POST', '/api/security/refresh/', team.manager);
    expect(res.status).toBe(200);
    expect(res.body.listening).toContainEqual({ protocol: 'tcp', address: '0.0.0.0', port: probe.port, process: probe.name });
    const ports = res.body.checks.find((c: Json) => c.id === 'listening_ports');
    expect(ports.status).toBe('warn');
    expect(ports.evidence.others).toContain(`tcp 0.0.0.0:${probe.port} (${probe.name})`);

    const title = `New listening port: TCP ${probe.port}`;
    for (const who of [team.owner, team.admin, team.manager]) {
      const seen = (await securityNotifications(t.app, who)).filter((n: Json) => n.title === title);
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({
        type: 'warning', source: 'security', user: who.id, is_system: false, target_role: null,
        message: `${probe.name} listens on tcp 0.0.0.0:${probe.port}`,
      });
    }
    for (const who of [team.user, team.viewer]) expect(await securityNotifications(t.app, who)).toEqual([]);

    // Viewers still get the summary, without the list of listeners.
    const forViewer = await api(t.app, 'GET', '/api/security/', team.viewer);
    expect(forViewer.body.timestamp).toBe(res.body.timestamp);
    expect(forViewer.body.listening).toBeNull();
    expect(forViewer.body.checks.find((c: Json) => c.id === 'listening_ports')).toMatchObject({ status: 'warn', evidence: null });
  });

  it('drops the listener from the next snapshot once it closes, without announcing it again', async () => {
    await probe!.close();
    const gone = await t.app.ctx.services.security.snapshot();
    expect(gone.listening.some((l) => l.port === probe!.port && l.address === '0.0.0.0')).toBe(false);
    const again = (await securityNotifications(t.app, team.manager)).filter((n: Json) => n.title.includes(`TCP ${probe!.port}`));
    expect(again).toHaveLength(1);
  });
});
