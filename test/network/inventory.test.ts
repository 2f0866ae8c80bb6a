import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import { createUser, registerOwner, type Session } from '../helpers/factories.js';
import { api, waitFor, type Json } from './helpers.js';

const kinds = await databaseKinds();
const EXPORT_HEADER = 'id,label,type,status,ip,mac,mac_randomized,vendor,hostname,first_seen,last_seen,reviewed,groups,tags,is_ignored,is_manually_added';

describe.each(kinds)('the inventory: review, groups, history and export (%s)', (kind) => {
  let t: TestApp;
  let owner: Session, manager: Session, viewer: Session;
  let scanned: Json;
  const devices = '/api/network/devices/';
  const list = async (query: string) => ((await api(t.app, 'GET', `${devices}?${query}`, viewer)).body.results as Json[]).map((d) => d.label).sort();
  const create = async (body: Record<string, unknown>) => (await api(t.app, 'POST', devices, manager, body)).body;
  const patch = (id: string, body: Record<string, unknown>, who: Session = manager) => api(t.app, 'PATCH', `${devices}${id}/`, who, body);
  const scanLoopback = async () => {
    const res = await api(t.app, 'POST', '/api/network/scans/start_scan/', manager, { ip_range: '127.0.0.1', include_ports: false });
    expect(res.status).toBe(200);
    await waitFor(async () => (await api(t.app, 'GET', `/api/network/scans/${res.body.scan_id}/`, viewer)).body.status === 'completed', 60_000, 'the loopback scan');
  };
  const exported = (format: string, query = '') => t.app.http.inject({
    method: 'GET', url: `/api/network/devices/export/?format=${format}${query}`, headers: { authorization: `Bearer ${viewer.access}` },
  });

  beforeAll(async () => {
    t = await createTestApp(kind, { SCAN_ALLOWED_NETWORKS: '127.0.0.1/32', SCAN_RESOLVE_NAMES: 'false' });
    owner = await registerOwner(t.app);
    manager = await createUser(t.app, owner, 'manny', 'manager');
    viewer = await createUser(t.app, owner, 'vera', 'viewer');
  });
  afterAll(() => t?.close());

  it('a device a scan discovers waits in the new-devices queue until acknowledged; one added by hand does not', async () => {
    const typed = await create({ label: 'Printer', ip: '192.168.1.30' });
    expect(typed).toMatchObject({ reviewed: true, groups: [], first_seen: typed.firstSeen });
    await scanLoopback();
    const queue = (await api(t.app, 'GET', `${devices}?reviewed=false`, viewer)).body;
    expect(queue.count).toBe(1);
    scanned = queue.results[0];
    expect(scanned).toMatchObject({ ip: '127.0.0.1', reviewed: false, isManuallyAdded: false, status: 'online' });
    expect(await list('reviewed=true')).toEqual(['Printer']);

    expect((await api(t.app, 'POST', `${devices}${scanned.id}/acknowledge/`, viewer)).status).toBe(403);
    expect((await api(t.app, 'POST', `${devices}00000000-0000-4000-8000-000000000000/acknowledge/`, manager)).status).toBe(404);
    const acknowledged = await api(t.app, 'POST', `${devices}${scanned.id}/acknowledge/`, manager);
    expect(acknowledged.body).toMatchObject({ id: scanned.id, reviewed: true });
    expect(await list('reviewed=false')).toEqual([]);
    // A PATCH the web client sends back with the old flag does not put it back in the queue.
    expect((await patch(scanned.id, { ...scanned, reviewed: false })).body.reviewed).toBe(true);

    // Scanning it again keeps the acknowledgement and its presence session.
    await scanLoopback();
    expect((await api(t.app, 'GET', `${devices}${scanned.id}/`, viewer)).body.reviewed).toBe(true);
  }, 120_000);

  it('records one online session per stretch a device is seen, and none for a device no scan saw', async () => {
    const device = (await api(t.app, 'GET', `${devices}${scanned.id}/`, viewer)).body;
    const presence = (await api(t.app, 'GET', `${devices}${scanned.id}/presence/`, viewer)).body;
    expect(presence).toEqual({ count: 1, next: null, previous: null, results: [{ started_at: device.firstSeen, ended_at: null, status: 'online' }] });
    const printer = (await api(t.app, 'GET', `${devices}?search=Printer`, viewer)).body.results[0];
    expect((await api(t.app, 'GET', `${devices}${printer.id}/presence/`, viewer)).body.count).toBe(0);
    expect((await api(t.app, 'GET', `${devices}nope/presence/`, viewer)).status).toBe(404);
  });

  it('keeps the IP and hostname changes of a device, newest first, paginated', async () => {
    const d = await create({ label: 'Laptop', ip: '192.168.1.40' });
    await patch(d.id, { ip: '192.168.1.41' });
    await patch(d.id, { hostname: 'laptop.lan', label: 'Laptop 2' });
    const page = (await api(t.app, 'GET', `${devices}${d.id}/changes/?page_size=1`, viewer)).body;
    expect(page).toMatchObject({ count: 2, previous: null, results: [{ field: 'hostname', old_value: null, new_value: 'laptop.lan', source: 'user', scan_id: null }] });
    expect(page.next).toContain('page=2');
    const all = (await api(t.app, 'GET', `${devices}${d.id}/changes/`, viewer)).body.results;
    expect(all.map((c: Json) => [c.field, c.old_value, c.new_value])).toEqual([['hostname', null, 'laptop.lan'], ['ip', '192.168.1.40', '192.168.1.41']]);
    expect(Object.keys(all[0])).toEqual(['changed_at', 'field', 'old_value', 'new_value', 'source', 'scan_id']);
    expect(Date.parse(all[0].changed_at)).toBeGreaterThanOrEqual(Date.parse(all[1].changed_at));
  });

  it('puts devices in groups, filters by group and counts the groups', async () => {
    const nas = await create({ label: 'NAS', groups: ['Office', 'office', ' Storage '] });
    expect(nas.groups).toEqual(['Office', 'Storage']);
    const printer = (await api(t.app, 'GET', `${devices}?search=Printer`, viewer)).body.results[0];
    expect((await patch(printer.id, { groups: ['office'] })).body.groups).toEqual(['office']);
    expect((await patch(scanned.id, { groups: ['Office', 'Lab'] })).body.groups).toEqual(['Office', 'Lab']);
    expect(await list('group=OFFICE')).toEqual(['NAS', 'Printer', scanned.label].sort());
    expect(await list('group=lab')).toEqual([scanned.label]);
    expect(await list('group=off')).toEqual([]);
    expect((await api(t.app, 'GET', '/api/network/groups/', viewer)).body).toEqual([
      { name: 'Lab', devices: 1, online: 1 },
      { name: 'Office', devices: 3, online: 3 },
      { name: 'Storage', devices: 1, online: 1 },
    ]);
    for (const [groups, message] of [
      ['Office', 'Expected a list of items but got type "str".'], [null, 'This field may not be null.'], [[''], 'This field may not be blank.'],
      [['x'.repeat(51)], 'Ensure this field has no more than 50 characters.'], [[3], 'Not a valid string.'],
      [Array.from({ length: 21 }, (_, i) => `g${i}`), 'Ensure this field has no more than 20 elements.'],
    ] as const) {
      const res = await patch(nas.id, { groups });
      expect([res.status, res.body.groups], JSON.stringify(groups)).toEqual([400, [message]]);
    }
    expect((await patch(nas.id, { groups: [] }, viewer)).status).toBe(403);
    expect((await patch(nas.id, { groups: [] })).body.groups).toEqual([]);
    expect((await api(t.app, 'GET', '/api/network/groups/', viewer)).body.map((g: Json) => [g.name, g.devices])).toEqual([['Lab', 1], ['Office', 2]]);
  });

  it('exports every device as CSV with a header and RFC 4180 quoting, or as JSON, as an attachment', async () => {
    const tricky = await create({ label: 'Rack "A", shelf 2', ip: '192.168.1.50', mac: '02:11:22:33:44:55', tags: ['x', 'y'] });
    const formula = await create({ label: '=HYPERLINK("http://evil")', groups: ['Lab'] });
    const res = await exported('csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="everyst-devices-\d{8}T\d{6}Z\.csv"$/);
    const lines = res.body.split('\r\n');
    expect(lines[0]).toBe(EXPORT_HEADER);
    expect(lines.at(-1)).toBe('');
    const all = (await api(t.app, 'GET', `${devices}?page_size=500`, viewer)).body;
    expect(lines).toHaveLength(all.count + 2);
    const trickyLine = lines.find((l: string) => l.startsWith(tricky.id))!;
    expect(trickyLine).toBe([
      tricky.id, '"Rack ""A"", shelf 2"', 'other', 'online', '192.168.1.50', '02:11:22:33:44:55', 'true', '', '', tricky.firstSeen, tricky.lastSeen,
      'true', '', 'x; y', 'false', 'true',
    ].join(','));
    expect(lines.find((l: string) => l.startsWith(formula.id))).toContain(`,"'=HYPERLINK(""http://evil"")",`);

    const json = await exported('JSON', '&group=lab');
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(json.headers['content-disposition']).toMatch(/^attachment; filename="everyst-devices-\d{8}T\d{6}Z\.json"$/);
    const rows = json.json() as Json[];
    expect(rows.map((r) => r.label).sort()).toEqual([formula.label, scanned.label].sort());
    expect(Object.keys(rows[0]).join(',')).toBe(EXPORT_HEADER);
    expect(rows.find((r) => r.id === formula.id)).toMatchObject({ label: '=HYPERLINK("http://evil")', groups: ['Lab'], tags: [], mac: null, reviewed: true });

    const bad = await exported('xml');
    expect([bad.statusCode, bad.json()]).toEqual([400, expect.objectContaining({ format: ['"xml" is not a valid choice.'], code: 'invalid' })]);
    expect((await t.app.http.inject({ method: 'GET', url: '/api/network/devices/export/' })).statusCode).toBe(401);
  });
});
