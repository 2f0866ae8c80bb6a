import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import { api, createTeam, securityNotifications, type Json, type Team } from './helpers.js';

const CHECK_IDS = [
  'listening_ports', 'ssh_root_login', 'ssh_password_auth', 'firewall', 'reboot_required',
  'everyst_tls', 'everyst_debug', 'everyst_cors', 'failed_logins', 'weak_accounts',
];

describe.each(await databaseKinds())('security routes (%s)', (kind) => {
  let t: TestApp;
  let team: Team;
  const rows = () => t.app.ctx.db.selectFrom('security_snapshots').selectAll().execute();

  beforeAll(async () => {
    t = await createTestApp(kind, { SECURITY_CHECK_MINUTES: '0' });
    team = await createTeam(t.app);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 401 without a token', async () => {
    for (const [method, url] of [['GET', '/api/security/'], ['POST', '/api/security/refresh/'], ['GET', '/api/security/history/']] as const) {
      expect((await api(t.app, method, url)).status).toBe(401);
    }
  });

  it('GET security/ takes the first snapshot when none exists, then answers the stored one', async () => {
    expect(await rows()).toHaveLength(0);
    const first = await api(t.app, 'GET', '/api/security/', team.viewer);
    expect(first.status).toBe(200);
    expect(await rows()).toHaveLength(1);
    const again = await api(t.app, 'GET', '/api/security/', team.viewer);
    expect(again.body.timestamp).toBe(first.body.timestamp);
    expect(await rows()).toHaveLength(1);
  });

  it('shows every role the snapshot; listening and evidence only to can_view_all_data', async () => {
    for (const who of [team.owner, team.admin, team.manager, team.user, team.viewer]) {
      const res = await api(t.app, 'GET', '/api/security/', who);
      expect(res.status).toBe(200);
      const body = res.body as Json;
      expect(Object.keys(body)).toEqual(['timestamp', 'score', 'status', 'checks', 'listening']);
      expect(body.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/);
      expect(body.checks.map((c: Json) => c.id)).toEqual(CHECK_IDS);
      for (const c of body.checks) {
        expect(Object.keys(c)).toEqual(['id', 'title', 'status', 'detail', 'evidence']);
        expect(['pass', 'warn', 'fail', 'unknown']).toContain(c.status);
      }
      const warns = body.checks.filter((c: Json) => c.status === 'warn').length;
      const fails = body.checks.filter((c: Json) => c.status === 'fail').length;
      expect(body.score).toBe(Math.max(0, 100 - 10 * warns - 25 * fails));
      expect(body.status).toBe(fails ? 'error' : warns ? 'warning' : 'success');
      const full = who.role !== 'user' && who.role !== 'viewer';
      if (full) {
        expect(Array.isArray(body.listening)).toBe(true);
        for (const c of body.checks) expect(c.evidence).toBeTypeOf('object');
        expect(body.checks.find((c: Json) => c.id === 'everyst_cors').evidence).not.toBeNull();
      } else {
        expect(body.listening).toBeNull();
        for (const c of body.checks) expect(c.evidence).toBeNull();
      }
    }
  });

  it('is also reachable as system/security/', async () => {
    const direct = await api(t.app, 'GET', '/api/security/', team.manager);
    const alias = await api(t.app, 'GET', '/api/v1/system/security', team.manager);
    expect(alias.status).toBe(200);
    expect(alias.body).toEqual(direct.body);
    expect((await api(t.app, 'GET', '/api/system/security/history/', team.viewer)).status).toBe(403);
  });

  it('POST security/refresh/ needs can_manage_system, stores a new snapshot, and allows one per 10 s', async () => {
    for (const who of [team.user, team.viewer]) expect((await api(t.app, 'POST', '/api/security/refresh/', who)).status).toBe(403);
    const before = (await rows()).length;
    const res = await api(t.app, 'POST', '/api/security/refresh/', team.manager);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['timestamp', 'score', 'status', 'checks', 'listening']);
    expect(await rows()).toHaveLength(before + 1);
    const latest = await api(t.app, 'GET', '/api/security/', team.viewer);
    expect(latest.body.timestamp).toBe(res.body.timestamp);

    const throttled = await api(t.app, 'POST', '/api/security/refresh', team.owner);
    expect(throttled.status).toBe(429);
    expect(throttled.body.code).toBe('throttled');
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(throttled.headers['retry-after'])).toBeLessThanOrEqual(10);
    expect(await rows()).toHaveLength(before + 1);
  });

  it('GET security/history/ is paginated, newest first, with per-check statuses and a since filter', async () => {
    for (const who of [team.user, team.viewer]) expect((await api(t.app, 'GET', '/api/security/history/', who)).status).toBe(403);
    await t.app.ctx.services.security.snapshot();
    const stored = (await rows()).map((r) => new Date(r.timestamp).toISOString()).sort().reverse();
    expect(stored.length).toBeGreaterThanOrEqual(3);

    const page1 = await api(t.app, 'GET', '/api/security/history/?page_size=2', team.manager);
    expect(page1.status).toBe(200);
    expect(page1.body.count).toBe(stored.length);
    expect(page1.body.previous).toBeNull();
    expect(page1.body.next).toBe('http://localhost/api/security/history/?page_size=2&page=2');
    expect(page1.body.results.map((r: Json) => r.timestamp)).toEqual(stored.slice(0, 2).map((s) => s.replace('Z', '+00:00')));
    const row = page1.body.results[0];
    expect(Object.keys(row)).toEqual(['timestamp', 'score', 'status', 'checks']);
    expect(row.checks.map((c: Json) => Object.keys(c))).toEqual(CHECK_IDS.map(() => ['id', 'status']));
    expect(row.checks.map((c: Json) => c.id)).toEqual(CHECK_IDS);

    const page2 = await api(t.app, 'GET', '/api/security/history/?page_size=2&page=2', team.manager);
    expect(page2.body.results[0].timestamp).toBe(stored[2].replace('Z', '+00:00'));
    expect((await api(t.app, 'GET', '/api/security/history/?page=99', team.manager)).status).toBe(404);

    const since = encodeURIComponent(stored[1].replace('Z', '+00:00'));
    const recent = await api(t.app, 'GET', `/api/security/history/?since=${since}`, team.manager);
    expect(recent.body.count).toBe(2);
    const future = await api(t.app, 'GET', '/api/security/history/?since=2999-01-01T00:00:00Z', team.manager);
    expect(future.body).toMatchObject({ count: 0, results: [] });
    const bad = await api(t.app, 'GET', '/api/security/history/?since=2024-01-01T00:00:00', team.manager);
    expect(bad.status).toBe(400);
    expect(bad.body.since).toEqual(['Datetime has wrong format. Use an ISO 8601 date-time with a time zone.']);
  });

  it('feeds the `security` key of the live metrics with the latest snapshot status', async () => {
    const latest = await api(t.app, 'GET', '/api/security/', team.viewer);
    const summary = await t.app.ctx.services.security.liveSummary();
    expect(summary).toEqual({ status: latest.body.status, timestamp: latest.body.timestamp.replace('+00:00', 'Z') });
    const metrics = await api(t.app, 'GET', '/api/system/metrics/current/', team.viewer);
    expect(metrics.status).toBe(200);
    expect(metrics.body.security.status).toBe(latest.body.status);
  });

  it('reads failed logins, lockouts and dormant admins from the database, and notifies the worse checks', async () => {
    for (let i = 0; i < 10; i++) {
      await t.app.http.inject({ method: 'POST', url: '/api/auth/login/', payload: { username: 'ghost', password: 'wrong-password-1' } });
    }
    const longAgo = new Date(Date.now() - 200 * 86_400_000).toISOString();
    await t.app.ctx.db.updateTable('users').set({ last_login: longAgo, date_joined: longAgo }).where('username', '=', 'ada').execute();

    const snapshot = await t.app.ctx.services.security.snapshot();
    const failed = snapshot.checks.find((c) => c.id === 'failed_logins')!;
    expect(failed).toMatchObject({ status: 'fail', evidence: { failedLast24h: 10, activeLockouts: 1 } });
    const weak = snapshot.checks.find((c) => c.id === 'weak_accounts')!;
    expect(weak.status).toBe('warn');
    expect(weak.evidence).toMatchObject({ checked: 2, unused: [{ username: 'ada', role: 'admin', days: 200 }] });

    for (const who of [team.owner, team.admin, team.manager]) {
      const seen = await securityNotifications(t.app, who);
      expect(seen.find((n) => n.title === 'Security check failed: Failed logins')).toMatchObject({
        type: 'error', message: '1 lockout active now; 10 failed logins in the last 24 hours', user: who.id,
      });
      expect(seen.find((n) => n.title === 'Security check warning: Unused administrator accounts')).toMatchObject({ type: 'warning' });
    }
    for (const who of [team.user, team.viewer]) expect(await securityNotifications(t.app, who)).toEqual([]);
  });
});
