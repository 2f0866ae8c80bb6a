import { createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { App } from '../../../src/app.js';
import type { DB } from '../../../src/db/tables.js';
import { deriveKey } from '../../../src/auth/keys.js';
import { TEST_SECRET, type TestApp } from '../../helpers/app.js';
import { createAuthTestApp as createTestApp } from './test-app.js';
import type { DbKind } from '../../helpers/databases.js';
import { createUser, login, registerOwner, USER_PASSWORD, type Session } from '../../helpers/factories.js';
import { call, type CallOptions, type HttpMethod, type Res, type ErrorBody } from './http.js';

/** An app on a fresh database with its owner registered, and shortcuts the auth suites share. */
export interface World {
  t: TestApp;
  app: App;
  db: Kysely<DB>;
  owner: Session;
  /** A user created by the owner with `role`, logged in (password USER_PASSWORD). */
  user(username: string, role?: string): Promise<Session>;
  /** A new session of an existing user. */
  login(username: string, password?: string): Promise<Session & { status: number }>;
  call<T = ErrorBody>(method: HttpMethod, url: string, opts?: CallOptions): Promise<Res<T>>;
  close(): Promise<void>;
}

export async function createWorld(kind: DbKind, env: Record<string, string> = {}): Promise<World> {
  const t = await createTestApp(kind, env);
  const owner = await registerOwner(t.app);
  return {
    t,
    app: t.app,
    db: t.app.ctx.db,
    owner,
    user: (username, role = 'user') => createUser(t.app, owner, username, role),
    login: (username, password = USER_PASSWORD) => login(t.app, username, password),
    call: (method, url, opts) => call(t.app, method, url, opts),
    close: () => t.close(),
  };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const JWT_KEY = deriveKey(TEST_SECRET, 'everyst jwt v1');

/** A JWT with any header and claims, signed with the test server's key (or `key`): what an attacker holding it could make. */
export function forgeJwt(header: Record<string, unknown>, claims: Record<string, unknown>, key: Buffer = JWT_KEY): string {
  const input = `${b64(header)}.${b64(claims)}`;
  return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
}

export const TOKEN_NOT_VALID = { detail: 'Given token not valid for any token type', code: 'token_not_valid' };
export const REFRESH_NOT_VALID = { detail: 'Token is invalid or expired', code: 'token_not_valid' };
export const NOT_AUTHENTICATED = { detail: 'Authentication credentials were not provided.', code: 'not_authenticated' };
export const WWW_AUTHENTICATE = 'Bearer realm="api"';
