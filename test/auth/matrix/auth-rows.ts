import { sessionIdOf } from '../support/http.js';
import { everyone, signedIn, type Cell, type MatrixRow } from './types.js';

/** The acting account, or for `anonymous` a fresh user whose credentials it presents. */
const credentialsOf = async (c: Cell) => c.me ?? (await c.api.newUser());

/** Health, meta and documentation (roles.md §5.1, first row; `GET /api/`). */
export const metaRows: MatrixRow[] = [
  { route: 'GET health', case: 'liveness', request: () => ({ method: 'GET', url: '/api/health/' }), expect: everyone(200) },
  { route: 'GET health/ready', case: 'readiness', request: () => ({ method: 'GET', url: '/api/health/ready/' }), expect: everyone(200) },
  { route: 'GET schema', case: 'OpenAPI document', request: () => ({ method: 'GET', url: '/api/schema/' }), expect: everyone(200) },
  { route: 'GET docs', case: 'interactive docs', request: () => ({ method: 'GET', url: '/api/docs/' }), expect: everyone(200) },
  { route: 'GET ', case: 'API root', request: () => ({ method: 'GET', url: '/api/' }), expect: signedIn(200) },
];

/** Authentication and sessions (rest.md §3.2). */
export const authRows: MatrixRow[] = [
  { route: 'GET auth/first-run', case: 'users exist', request: () => ({ method: 'GET', url: '/api/auth/first-run/' }), expect: everyone(200) },
  {
    route: 'POST auth/register', case: 'a user exists already',
    request: (c) => ({ method: 'POST', url: '/api/auth/register/', payload: { username: c.api.unique('reg'), email: `${c.api.unique('reg')}@example.com`, password: c.api.freshPassword() } }),
    expect: everyone(403),
  },
  {
    route: 'POST auth/login', case: 'own credentials',
    request: async (c) => {
      const account = await credentialsOf(c);
      return { method: 'POST', url: '/api/auth/login/', payload: { username: account.username, password: account.password } };
    },
    expect: everyone(200),
  },
  {
    route: 'POST auth/refresh', case: 'own refresh token',
    request: async (c) => ({ method: 'POST', url: '/api/auth/refresh/', payload: { refresh: (await credentialsOf(c)).refresh } }),
    expect: everyone(200),
  },
  {
    route: 'POST auth/logout', case: 'refresh token (anonymous) or Bearer of a spare session',
    request: async (c) => {
      if (!c.me) return { method: 'POST', url: '/api/auth/logout/', payload: { refresh: (await c.api.newUser()).refresh } };
      return { method: 'POST', url: '/api/auth/logout/', token: (await c.api.login(c.me)).access };
    },
    expect: everyone(200),
  },
  {
    route: 'POST auth/logout-all', case: 'every session of the caller',
    request: () => ({ method: 'POST', url: '/api/auth/logout-all/' }),
    expect: signedIn(200),
    after: async (c) => { if (c.me) await c.api.relogin(c.me); },
  },
  { route: 'GET auth/check-users', case: 'count', request: () => ({ method: 'GET', url: '/api/auth/check-users/' }), expect: signedIn(200) },
  { route: 'GET auth/sessions', case: 'own sessions', request: () => ({ method: 'GET', url: '/api/auth/sessions/' }), expect: signedIn(200) },
  {
    route: 'DELETE auth/sessions/:id', case: 'own spare session',
    request: async (c) => ({ method: 'DELETE', url: `/api/auth/sessions/${sessionIdOf((await c.api.login(await credentialsOf(c))).access)}/` }),
    expect: signedIn(204),
  },
  {
    route: 'DELETE auth/sessions/:id', case: "another user's session",
    request: (c) => ({ method: 'DELETE', url: `/api/auth/sessions/${sessionIdOf(c.target.access)}/` }),
    expect: signedIn(404),
  },
  {
    route: 'GET auth/login-attempts', case: 'needs can_view_all_data',
    request: () => ({ method: 'GET', url: '/api/auth/login-attempts/' }),
    expect: [401, 200, 200, 200, 403, 403, 200],
  },
];
