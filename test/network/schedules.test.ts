import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { databaseKinds } from '../helpers/databases.js';
import { createUser, registerOwner, type Session } from '../helpers/factories.js';
import { insertScan } from '../contract/scan-fixtures.js';
import { clockedApps, type ClockedApps } from './clocked-app.js';
import { api, sleep, waitFor } from './helpers.js';

const kinds = await databaseKinds();
const SCHEDULE_KEYS = [
  'id', 'name', 'ip_range', 'scan_type', 'every_minutes', 'rrule', 'timezone', 'enabled', 'last_run_at', 'next_run_at', 'last_scan_id',
  'last_error', 'created_at', 'updated_at',
];
const MINUTE = 60_000;
const ENV = { SCAN_ALLOWED_NETWORKS: '127.0.0.0/8', SCAN_RESOLVE_NAMES: 'false', SCAN_MAX_CONCURRENT: '1' };
const at = (iso: string | null) => (iso === null ? null : Date.parse(iso));

describe.each(kinds)('scan schedules (%s)', (kind) => {
  let apps: ClockedApps;
  let app: App;
  let owner: Session, manager: Session, viewer: Session;
  const url = '/api/network/schedules/';
  const create = (body: Record<string, unknown>, who: Session = manager) => api(app, 'POST', url, who, body);
  const get = async (id: string) => (await api(app, 'GET', `${url}${id}/`, viewer)).body;

  beforeAll(async () => {
    apps = await clockedApps(kind, ENV);
    app = await apps.start();
    owner = await registerOwner(app);
    manager = await createUser(app, owner, 'manny', 'manager');
    viewer = await createUser(app, owner, 'vera', 'viewer');
  });
  afterAll(async () => {
    await app?.close();
    await apps?.cleanup();
  });

  it('none exists at first start, and the server starts no scan of its own', async () => {
    expect((await api(app, 'GET', url, viewer)).body).toEqual({ count: 0, next: null, previous: null, results: [] });
    apps.clock.advance(7 * 24 * 60);
    await sleep(400);
    expect((await api(app, 'GET', '/api/network/scans/', viewer)).body.count).toBe(0);
  });

  it.each([
    [{}, { name: ['This field is required.'], ip_range: ['This field is required.'] }],
    [{ name: 'x', ip_range: '127.0.0.1' }, { every_minutes: ['Give every_minutes (5–10080) or an rrule.'] }],
    [{ name: 'x', ip_range: '127.0.0.1', every_minutes: 5, rrule: 'FREQ=DAILY' }, { every_minutes: ['Give either every_minutes or rrule, not both.'] }],
    [{ name: 'x', ip_range: '127.0.0.1', every_minutes: 4 }, { every_minutes: ['Ensure this value is greater than or equal to 5.'] }],
    [{ name: 'x', ip_range: '127.0.0.1', every_minutes: 10_081 }, { every_minutes: ['Ensure this value is less than or equal to 10080.'] }],
    [{ name: 'x', ip_range: '127.0.0.1', every_minutes: '15' }, { every_minutes: ['A valid integer is required.'] }],
    [{ name: 'x', ip_range: '127.0.0.1', every_minutes: 7.5 }, { every_minutes: ['A valid integer is required.'] }],
    [{ name: 'x', ip_range: '10.1.2.3', every_minutes: 60 }, { ip_range: ['10.1.2.3 is outside the allowed networks.'] }],
    [{ name: 'x', ip_range: '127.0.0.0/16', every_minutes: 60 }, { ip_range: ['Too many hosts: 65534 (maximum 1024).'] }],
    [{ name: 'x', ip_range: 'my lan', every_minutes: 60 }, { ip_range: ['Enter a valid IP address, CIDR network or range.'] }],
    [{ name: ' ', ip_range: ' ', every_minutes: 60 }, { name: ['This field may not be blank.'], ip_range: ['This field may not be blank.'] }],
    [{ name: 'x'.repeat(101), ip_range: 7, every_minutes: 60 }, { name: ['Ensure this field has no more than 100 characters.'], ip_range: ['Not a valid string.'] }],
    [{ name: 'x', ip_range: '127.0.0.1', every_minutes: 60, scan_type: 'turbo' }, { scan_type: ['"turbo" is not a valid choice.'] }],
    [{ name: 'x', ip_range: '127.0.0.1', every_minutes: 60, enabled: 'yes' }, { enabled: ['Must be a valid boolean.'] }],
    [{ name: 'x', ip_range: '127.0.0.1', rrule: 'FREQ=DAILLY' }, { rrule: ['FREQ must be one of YEARLY, MONTHLY, WEEKLY, DAILY, HOURLY, MINUTELY (got "DAILLY").'] }],
    [{ name: 'x', ip_range: '127.0.0.1', rrule: 'FREQ=MINUTELY;INTERVAL=10' }, { rrule: ['FREQ=MINUTELY is not allowed here; use every_minutes for schedules of minutes.'] }],
    [{ name: 'x', ip_range: '127.0.0.1', rrule: 'FREQ=HOURLY;BYMINUTE=0,2' }, { rrule: ['The RRULE repeats more often than every 5 minutes.'] }],
    [{ name: 'x', ip_range: '127.0.0.1', rrule: 'FREQ=DAILY;UNTIL=20000101' }, { rrule: ['The RRULE has no occurrence after now.'] }],
    [{ name: 'x', ip_range: '127.0.0.1', rrule: 12 }, { rrule: ['Not a valid string.'] }],
    [{ name: 'x', ip_range: '127.0.0.1', rrule: 'FREQ=DAILY', timezone: 'Mars/Olympus' }, { timezone: ['"Mars/Olympus" is not a known time zone (e.g. Europe/Berlin, UTC).'] }],
  ])('refuses %j with field errors', async (body, fields) => {
    const res = await create(body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'invalid', ...fields });
    const [field, [message]] = Object.entries(fields)[0];
    expect(res.body.detail).toBe(`${field}: ${message}`);
  });

  it('creates, reads, changes and deletes; writes need can_manage_network', async () => {
    const created = await create({ name: 'Loopback', ip_range: ' 127.0.0.5-6 ', scan_type: 'INTENSE', every_minutes: 15 });
    expect(created.status).toBe(201);
    const s = created.body;
    expect(Object.keys(s)).toEqual(SCHEDULE_KEYS);
    expect(s).toMatchObject({
      name: 'Loopback', ip_range: '127.0.0.5-6', scan_type: 'intense', every_minutes: 15, rrule: null, timezone: 'UTC', enabled: true,
      last_run_at: null, last_scan_id: null, last_error: null,
    });
    expect(at(s.next_run_at)! - apps.clock.now().getTime()).toBeGreaterThan(14.9 * MINUTE);
    expect(at(s.next_run_at)! - at(s.created_at)!).toBe(15 * MINUTE);
    expect((await create({ name: 'LOOPBACK', ip_range: '127.0.0.7', every_minutes: 60 })).body.name).toEqual(['A schedule with this name already exists.']);
    expect((await create({ name: 'x', ip_range: '127.0.0.7', every_minutes: 60 }, viewer)).status).toBe(403);
    expect(await get(s.id)).toEqual(s);
    expect((await api(app, 'GET', url, viewer)).body).toMatchObject({ count: 1, results: [s] });

    // Giving an RRULE replaces every_minutes; it is read in its time zone.
    const patched = (await api(app, 'PATCH', `${url}${s.id}/`, manager, { rrule: 'rrule:freq=daily;byhour=3', timezone: 'Europe/Berlin' })).body;
    expect(patched).toMatchObject({ every_minutes: null, rrule: 'FREQ=DAILY;BYHOUR=3', timezone: 'Europe/Berlin', name: 'Loopback' });
    const next = new Date(patched.next_run_at);
    const berlin = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(next);
    expect(berlin).toBe('03:00:00');
    expect(next.getTime() - apps.clock.now().getTime()).toBeLessThanOrEqual(24 * 60 * MINUTE);

    const paused = (await api(app, 'PATCH', `${url}${s.id}/`, manager, { enabled: false })).body;
    expect(paused).toMatchObject({ enabled: false, next_run_at: null });
    expect((await api(app, 'PATCH', `${url}${s.id}/`, manager, { every_minutes: 30, rrule: 'FREQ=DAILY' })).status).toBe(400);
    const resumed = (await api(app, 'PATCH', `${url}${s.id}/`, manager, { enabled: true, every_minutes: 30 })).body;
    expect(resumed).toMatchObject({ enabled: true, every_minutes: 30, rrule: null });
    expect(at(resumed.next_run_at)! - apps.clock.now().getTime()).toBeGreaterThan(29.9 * MINUTE);
    expect((await api(app, 'PATCH', `${url}${s.id}/`, viewer, { enabled: false })).status).toBe(403);

    const put = await api(app, 'PUT', `${url}${s.id}/`, manager, { name: 'Loopback weekly', ip_range: '127.0.0.5', rrule: 'FREQ=WEEKLY;BYDAY=SA' });
    expect(put.body).toMatchObject({ name: 'Loopback weekly', ip_range: '127.0.0.5', scan_type: 'basic', every_minutes: null, rrule: 'FREQ=WEEKLY;BYDAY=SA', timezone: 'UTC' });
    expect(new Date(put.body.next_run_at).getUTCDay()).toBe(6);
    expect((await api(app, 'PUT', `${url}${s.id}/`, manager, { name: 'y' })).body).toMatchObject({ ip_range: ['This field is required.'] });

    expect((await api(app, 'DELETE', `${url}${s.id}/`, viewer)).status).toBe(403);
    expect((await api(app, 'DELETE', `${url}${s.id}/`, manager)).status).toBe(204);
    expect((await api(app, 'GET', `${url}${s.id}/`, viewer)).status).toBe(404);
    expect((await api(app, 'GET', `${url}12/`, viewer)).status).toBe(404);
  });

  it('starts its scans by itself through the scan queue, one at a time, and a restart keeps it', async () => {
    const s = (await create({ name: 'Loopback every 5', ip_range: '127.0.0.1', every_minutes: 5 })).body;
    const due = at(s.next_run_at)!;
    await sleep(300);
    expect((await get(s.id)).last_scan_id).toBeNull();

    apps.clock.advance(5);
    await waitFor(async () => (await get(s.id)).last_scan_id !== null, 5000, 'the first scheduled scan');
    const first = await get(s.id);
    expect(first).toMatchObject({ last_error: null, next_run_at: new Date(due + 5 * MINUTE).toISOString().replace('Z', '+00:00') });
    expect(at(first.last_run_at)).toBeGreaterThanOrEqual(due);
    const scan = (await api(app, 'GET', `/api/network/scans/${first.last_scan_id}/`, viewer)).body;
    expect(scan).toMatchObject({ ipRange: '127.0.0.1', targets: ['127.0.0.1/32'], scanType: 'basic', startedBy: null });
    await waitFor(async () => (await api(app, 'GET', `/api/network/scans/${scan.id}/`, viewer)).body.status === 'completed', 60_000, 'the scan to complete');

    // Another scan holds the only slot: the schedule's next scan waits queued, and the run after it is skipped.
    const blocker = await insertScan(app, { targets: ['127.0.0.2/32'] });
    apps.clock.advance(5);
    await waitFor(async () => (await get(s.id)).last_scan_id !== scan.id, 5000, 'the second scheduled scan');
    const second = await get(s.id);
    expect((await api(app, 'GET', `/api/network/scans/${second.last_scan_id}/`, viewer)).body.status).toBe('queued');
    apps.clock.advance(5);
    await waitFor(async () => (await get(s.id)).last_error !== null, 5000, 'the skipped run');
    const skipped = await get(s.id);
    expect(skipped).toMatchObject({ last_scan_id: second.last_scan_id, last_run_at: second.last_run_at, last_error: 'Skipped: the previous scan of this schedule was still running.' });
    expect(at(skipped.next_run_at)).toBe(at(second.next_run_at)! + 5 * MINUTE);
    await app.ctx.db.updateTable('network_scans').set({ status: 'completed', finished_at: new Date().toISOString() }).where('id', '=', blocker.id).execute();
    await waitFor(async () => (await api(app, 'GET', `/api/network/scans/${second.last_scan_id}/`, viewer)).body.status === 'completed', 60_000, 'the queued scan to run');

    // A restart keeps the schedule; a range the new SCAN_ALLOWED_NETWORKS refuses is reported, not scanned.
    await app.close();
    app = await apps.start({ SCAN_ALLOWED_NETWORKS: '127.0.0.2/32' });
    const kept = await get(s.id);
    expect(kept).toEqual(skipped);
    apps.clock.advance(5);
    await waitFor(async () => (await get(s.id)).last_error !== skipped.last_error, 5000, 'the refused run');
    expect(await get(s.id)).toMatchObject({ last_scan_id: second.last_scan_id, last_error: 'ip_range: 127.0.0.1 is outside the allowed networks.' });
    await app.close();
    app = await apps.start();
  }, 150_000);
});
