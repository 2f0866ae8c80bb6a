import type { App } from '../../src/app.js';

export const OWNER_PASSWORD = 'Correct-Horse-Battery-9';
export const USER_PASSWORD = 'Blue-Lantern-Orchard-42';

export interface Session { id: number; username: string; access: string; refresh: string; role: string }

export const bearer = (s: { access: string }) => ({ authorization: `Bearer ${s.access}` });

async function json<T>(app: App, method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const res = await app.http.inject({ method, url, payload: payload as Record<string, unknown>, headers });
  return { status: res.statusCode, body: res.json() as T };
}

/** Registers the owner through the first-run route. */
export async function registerOwner(app: App, username = 'owner'): Promise<Session> {
  const res = await json<{ access: string; refresh: string; user: { id: number } }>(app, 'POST', '/api/auth/register/', {
    username, email: `${username}@example.com`, password: OWNER_PASSWORD,
  });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.user.id, username, access: res.body.access, refresh: res.body.refresh, role: 'owner' };
}

export async function login(app: App, username: string, password: string): Promise<Session & { status: number }> {
  const res = await json<{ access: string; refresh: string; user: { id: number; role: string } }>(app, 'POST', '/api/auth/login/', { username, password });
  return { status: res.status, id: res.body.user?.id, username, access: res.body.access, refresh: res.body.refresh, role: res.body.user?.role };
}

/** Creates a user with a role through the API as `admin`, then logs them in. */
export async function createUser(app: App, admin: Session, username: string, role: string): Promise<Session> {
  const res = await json<{ id: number }>(app, 'POST', '/api/users/', {
    username, email: `${username}@example.com`, password: USER_PASSWORD, role,
  }, bearer(admin));
  if (res.status !== 201) throw new Error(`create user failed: ${res.status} ${JSON.stringify(res.body)}`);
  const session = await login(app, username, USER_PASSWORD);
  return { ...session, role };
}
