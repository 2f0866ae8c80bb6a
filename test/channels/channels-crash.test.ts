import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEverystProcess, type EverystProcess } from '../scale/helpers/processes.js';
import { OWNER_PASSWORD } from '../helpers/factories.js';
import { startReceiver, waitFor, type Json } from '../notifications/helpers.js';

/** JSON over real HTTP to a server process. */
async function http(server: EverystProcess, method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

describe('channel deliveries across a kill -9 of the server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'everyst-channels-crash-'));
  const env = { DATABASE_URL: `sqlite:${join(dir, 'everyst.sqlite3')}`, DELIVERY_RETRY_DELAYS: '4,4,4,4,4,4,4,4,4,4', NOTIFY_DEDUP_SECONDS: '0' };
  const servers: EverystProcess[] = [];
  afterAll(async () => {
    for (const s of servers) await s.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loses none and doubles none: pending deliveries leave, in order, from the restarted server', async () => {
    const receiver = await startReceiver([503]);
    const first = await startEverystProcess('serve', 'channels-crash-a', env);
    servers.push(first);
    const token = (await http(first, 'POST', '/api/auth/register/', undefined, { username: 'owner', email: 'owner@example.net', password: OWNER_PASSWORD })).body.access as string;
    const channel = (await http(first, 'POST', '/api/integrations/channels/', token, { name: 'Pager', kind: 'webhook', config: { url: receiver.url } })).body;
    for (let i = 1; i <= 6; i++) {
      expect((await http(first, 'POST', '/api/notifications/', token, { title: `Event ${i}`, type: 'warning', is_system: true })).status).toBe(201);
    }
    // The first delivery failed once and waits for its retry: the server dies with all six pending.
    await waitFor(async () => {
      const rows = (await http(first, 'GET', `/api/notifications/deliveries/?channel_id=${channel.id}&page_size=50`, token)).body.results as Json[];
      return rows.length === 6 && rows.every((r) => r.status === 'pending') && rows.some((r) => r.attempts === 1);
    }, 15_000);
    await first.crash();
    const attemptsBeforeCrash = receiver.requests.length;
    receiver.statuses.splice(0, receiver.statuses.length, ...Array(attemptsBeforeCrash).fill(503), 200);

    const second = await startEverystProcess('serve', 'channels-crash-b', env);
    servers.push(second);
    // The outbox job's cluster lease of the dead server runs out first (30 s at most).
    await waitFor(() => receiver.delivered().length === 6, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const delivered = receiver.delivered().map((r) => JSON.parse(r.body).title);
    expect(delivered).toEqual(['Event 1', 'Event 2', 'Event 3', 'Event 4', 'Event 5', 'Event 6']);
    const token2 = (await http(second, 'POST', '/api/auth/login/', undefined, { username: 'owner', password: OWNER_PASSWORD })).body.access;
    const rows = (await http(second, 'GET', `/api/notifications/deliveries/?channel_id=${channel.id}&page_size=50`, token2)).body.results as Json[];
    expect(rows.map((r) => r.status)).toEqual(Array(6).fill('delivered'));
    await receiver.close();
  }, 120_000);
});
