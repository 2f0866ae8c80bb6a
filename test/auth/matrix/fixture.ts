import { randomBytes } from 'node:crypto';
import type { TestApp } from '../../helpers/app.js';
import { createAuthTestApp as createTestApp } from '../support/test-app.js';
import type { DbKind } from '../../helpers/databases.js';
import { OWNER_PASSWORD, USER_PASSWORD, registerOwner } from '../../helpers/factories.js';
import { call, IMAGES, multipart, type TokensBody } from '../support/http.js';
import { ACTORS, CUSTOM_ROLE, type Account, type Actor, type Cell, type FixtureApi } from './types.js';

export interface MatrixEnv {
  test: TestApp;
  cell(actor: Actor): Cell;
  close(): Promise<void>;
}

/** One app per engine with an account per column of the matrix. */
export async function createMatrixEnv(kind: DbKind): Promise<MatrixEnv> {
  const test = await createTestApp(kind);
  const app = test.app;
  let counter = 0;
  const unique = (prefix: string) => `${prefix}${++counter}`;

  const registered = await registerOwner(app, 'm-owner');
  const owner: Account = { ...registered, email: 'm-owner@example.com', password: OWNER_PASSWORD };

  async function expectStatus(what: string, status: number, expected: number, text: string) {
    if (status !== expected) throw new Error(`fixture: ${what} answered ${status}: ${text}`);
  }

  const api: FixtureApi = {
    async login(account) {
      const res = await call<TokensBody>(app, 'POST', '/api/auth/login/', { payload: { username: account.username, password: account.password } });
      await expectStatus(`login ${account.username}`, res.status, 200, res.text);
      return { access: res.body.access, refresh: res.body.refresh };
    },
    async newUser(role = 'user') {
      const username = unique('m-u');
      const email = `${username}@example.com`;
      const res = await call<{ id: number }>(app, 'POST', '/api/users/', { token: owner.access, payload: { username, email, password: USER_PASSWORD, role } });
      await expectStatus(`create ${username}`, res.status, 201, res.text);
      const account: Account = { id: res.body.id, username, email, password: USER_PASSWORD, access: '', refresh: '' };
      Object.assign(account, await api.login(account));
      return account;
    },
    async newRole() {
      const name = unique('mrole');
      const res = await call(app, 'POST', '/api/roles/', { token: owner.access, payload: { name } });
      await expectStatus(`create role ${name}`, res.status, 201, res.text);
      return name;
    },
    async giveImage(userId) {
      const form = multipart([{ name: 'image', filename: 'a.png', type: 'image/png', data: IMAGES.png() }]);
      const res = await call(app, 'POST', `/api/users/${userId}/profile-image/`, { token: owner.access, ...form });
      await expectStatus(`image of ${userId}`, res.status, 200, res.text);
    },
    async relogin(account) {
      Object.assign(account, await api.login(account));
    },
    async restoreOwner(newOwner) {
      const res = await call(app, 'POST', `/api/users/${owner.id}/transfer-ownership/`, { token: newOwner.access });
      await expectStatus('restore ownership', res.status, 200, res.text);
    },
    unique,
    freshPassword: () => `Zq-${randomBytes(6).toString('hex')}-Lw9`,
  };

  const custom = await call(app, 'POST', '/api/roles/', { token: owner.access, payload: CUSTOM_ROLE });
  await expectStatus('create the custom role', custom.status, 201, custom.text);

  const accounts = new Map<Actor, Account | null>([['anonymous', null], ['owner', owner]]);
  for (const actor of ACTORS.filter((a) => a !== 'anonymous' && a !== 'owner')) {
    accounts.set(actor, await api.newUser(actor === 'custom' ? CUSTOM_ROLE.name : actor));
  }
  const target = await api.newUser('user');

  return {
    test,
    cell: (actor) => ({ actor, me: accounts.get(actor) ?? null, owner, target, api }),
    close: () => test.close(),
  };
}
