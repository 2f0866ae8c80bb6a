import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../helpers/databases.js';
import { createUser, type Session } from '../helpers/factories.js';
import { decodeJwt } from '../auth/support/http.js';
import { forgeJwt } from '../auth/support/world.js';
import { createWorld, type World } from '../contract/harness.js';

type Source = 'auth' | 'query' | 'header';
const SOURCES: Source[] = ['auth', 'query', 'header'];

/** The `connect_error` of a handshake carrying `token` in one of the three places of realtime.md §2.1. */
function refusal(port: number, token: string | null, source: Source, transport: 'websocket' | 'polling'): Promise<unknown> {
  const where = token === null ? {}
    : source === 'auth' ? { auth: { token } }
      : source === 'query' ? { query: { token } }
        : { extraHeaders: { Authorization: `Bearer ${token}` } };
  const socket = io(`http://127.0.0.1:${port}`, { path: '/socket.io/', transports: [transport], reconnection: false, forceNew: true, ...where });
  return new Promise((resolve) => {
    socket.once('connect', () => {
      socket.close();
      resolve('connected');
    });
    socket.once('connect_error', (e: Error & { data?: unknown }) => {
      socket.close();
      resolve({ message: e.message, data: e.data });
    });
  });
}

const REFUSED = (message: string, code: string) => ({ message, data: { detail: message, code } });
const INVALID = REFUSED('Invalid token', 'token_not_valid');

describe.each(await databaseKinds())('Socket.IO refusals (realtime.md §2.2) on %s', (kind) => {
  let w: World;
  let port: number;
  const cases: Array<[string, () => string | null, unknown]> = [];
  beforeAll(async () => {
    w = await createWorld(kind, { API_PORT: '0', API_HOST: '127.0.0.1' }, ['viewer', 'user']);
    port = await w.t.app.listen();
    const inactive: Session = await createUser(w.t.app, w.owner, 'gone-quiet', 'viewer');
    expect((await w.raw('PATCH', `/api/users/${inactive.id}/`, { as: w.owner, body: { is_active: false } })).status).toBe(200);
    const deleted: Session = await createUser(w.t.app, w.owner, 'gone-away', 'viewer');
    expect((await w.raw('DELETE', `/api/users/${deleted.id}/`, { as: w.owner })).status).toBe(204);
    const revoked: Session = await createUser(w.t.app, w.owner, 'signed-out', 'viewer');
    expect((await w.raw('POST', '/api/auth/logout/', { as: revoked })).status).toBe(200);
    const claims = decodeJwt(w.users.user.access).claims;
    const expired = forgeJwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: 1_000_000, exp: 1_000_100 });
    cases.push(
      ['no token', () => null, REFUSED('Authentication required', 'not_authenticated')],
      ['a malformed token', () => 'a.b.c', INVALID],
      ['an expired token', () => expired, INVALID],
      ['a revoked session', () => revoked.access, INVALID],
      ['a refresh token', () => w.users.viewer.refresh, INVALID],
      ['a deleted user', () => deleted.access, INVALID],
      ['a deactivated user', () => inactive.access, REFUSED('User is inactive', 'user_inactive')],
    );
  });
  afterAll(async () => w?.close());

  it('gives the connect_error of the table for every reason, whatever the token source and transport', async () => {
    for (const [what, token, expected] of cases) {
      for (const source of SOURCES) {
        for (const transport of ['websocket', 'polling'] as const) {
          expect(await refusal(port, token(), source, transport), `${what} via ${source} over ${transport}`).toEqual(expected);
        }
      }
    }
    expect(await refusal(port, w.users.user.access, 'auth', 'websocket')).toBe('connected');
  });

  it('refuses the reconnect of a socket whose user was deactivated while connected with "User is inactive"', async () => {
    const member = await createUser(w.t.app, w.owner, 'was-online', 'viewer');
    const socket = io(`http://127.0.0.1:${port}`, { path: '/socket.io/', transports: ['websocket'], query: { token: member.access }, reconnection: false, forceNew: true });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const revoked = new Promise<unknown>((resolve) => socket.once('session_revoked', resolve));
    expect((await w.raw('PATCH', `/api/users/${member.id}/`, { as: w.owner, body: { is_active: false } })).status).toBe(200);
    expect(await revoked).toEqual({ detail: 'Session revoked', reason: 'user_deactivated' });
    socket.close();
    expect(await refusal(port, member.access, 'query', 'websocket')).toEqual(REFUSED('User is inactive', 'user_inactive'));
  });
});
