import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { registerOwner, type Session } from '../helpers/factories.js';
import { api, waitFor } from '../metrics/helpers.js';

describe('device monitors follow the inventory', () => {
  let t: TestApp;
  let owner: Session;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    owner = await registerOwner(t.app);
  });
  afterAll(async () => t?.close());

  it('are up while the device is online and down once it is offline', async () => {
    const device = await api(t.app, 'POST', '/api/network/devices/', owner, { label: 'NAS', ip: '10.213.0.20', status: 'online' });
    expect(device.status).toBe(201);
    const created = await api(t.app, 'POST', '/api/monitors/', owner, { name: 'NAS presence', type: 'device', device_id: device.body.id, interval_s: 1 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ target: null, device_id: device.body.id });
    const status = async () => (await api(t.app, 'GET', `/api/monitors/${created.body.id}/`, owner)).body;
    await waitFor(async () => (await status()).status === 'up', 5000, 'up while online');
    expect((await api(t.app, 'PATCH', `/api/network/devices/${device.body.id}/`, owner, { status: 'offline' })).status).toBe(200);
    await waitFor(async () => (await status()).status === 'down', 5000, 'down once offline');
    expect((await status()).last_message).toMatch(/^Device offline/);
  });
});
