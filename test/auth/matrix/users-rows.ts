import { IMAGES, multipart } from '../support/http.js';
import { CUSTOM_ROLE, manageUsers, signedIn, type Cell, type MatrixRequest, type MatrixRow } from './types.js';

/** The caller's own id; anonymous callers name some other user (they are refused before any lookup). */
const selfId = (c: Cell) => c.me?.id ?? c.target.id;
/** A role different from the caller's own. */
const otherRole = (c: Cell) => (c.actor === 'viewer' ? 'user' : 'viewer');
const ownRole = (c: Cell) => (c.actor === 'anonymous' ? 'user' : c.actor === 'custom' ? CUSTOM_ROLE.name : c.actor);
const upload = () => multipart([{ name: 'image', filename: 'me.png', type: 'image/png', data: IMAGES.png() }]);

/** Ownership moved to the carried account when the row succeeded: give it back to the fixture's owner. */
const restoreOwner = async (c: Cell, status: number, request: MatrixRequest) => {
  if (status === 200 && request.carry) await c.api.restoreOwner(request.carry);
};

/** Users (rest.md §4, roles.md §5.1). Expected: [anonymous, owner, admin, manager, user, viewer, custom]. */
export const usersRows: MatrixRow[] = [
  { route: 'GET users', case: 'visible users', request: () => ({ method: 'GET', url: '/api/users/' }), expect: signedIn(200) },
  {
    route: 'POST users', case: 'create a viewer',
    request: (c) => { const u = c.api.unique('m-new'); return { method: 'POST', url: '/api/users/', payload: { username: u, email: `${u}@example.com`, password: c.api.freshPassword(), role: 'viewer' } }; },
    expect: manageUsers(201),
  },
  { route: 'GET users/me', case: 'the caller', request: () => ({ method: 'GET', url: '/api/users/me/' }), expect: signedIn(200) },
  { route: 'GET users/:id', case: 'self', request: (c) => ({ method: 'GET', url: `/api/users/${selfId(c)}/` }), expect: signedIn(200) },
  { route: 'GET users/:id', case: 'another user', request: (c) => ({ method: 'GET', url: `/api/users/${c.target.id}/` }), expect: [401, 200, 200, 200, 404, 404, 200] },
  { route: 'PATCH users/:id', case: 'own names', request: (c) => ({ method: 'PATCH', url: `/api/users/${selfId(c)}/`, payload: { first_name: 'Ada', last_name: 'L' } }), expect: signedIn(200) },
  { route: 'PATCH users/:id', case: 'own role changed', request: (c) => ({ method: 'PATCH', url: `/api/users/${selfId(c)}/`, payload: { role: otherRole(c) } }), expect: signedIn(403) },
  { route: 'PATCH users/:id', case: 'own role unchanged (no-op)', request: (c) => ({ method: 'PATCH', url: `/api/users/${selfId(c)}/`, payload: { role: ownRole(c) } }), expect: signedIn(200) },
  { route: 'PATCH users/:id', case: 'own is_active false', request: (c) => ({ method: 'PATCH', url: `/api/users/${selfId(c)}/`, payload: { is_active: false } }), expect: signedIn(403) },
  { route: 'PATCH users/:id', case: 'own is_active true (no-op)', request: (c) => ({ method: 'PATCH', url: `/api/users/${selfId(c)}/`, payload: { is_active: true } }), expect: signedIn(200) },
  {
    route: 'PATCH users/:id', case: 'another user',
    request: async (c) => ({ method: 'PATCH', url: `/api/users/${(await c.api.newUser()).id}/`, payload: { first_name: 'Changed' } }),
    expect: [401, 200, 200, 403, 404, 404, 403],
  },
  {
    route: 'PATCH users/:id', case: 'the owner',
    request: (c) => ({ method: 'PATCH', url: `/api/users/${c.owner.id}/`, payload: { last_name: 'Owner' } }),
    expect: [401, 200, 403, 403, 404, 404, 403],
  },
  {
    route: 'PUT users/:id', case: 'another user',
    request: async (c) => { const t = await c.api.newUser(); return { method: 'PUT', url: `/api/users/${t.id}/`, payload: { username: t.username, email: t.email, first_name: 'Put' } }; },
    expect: [401, 200, 200, 403, 404, 404, 403],
  },
  { route: 'DELETE users/:id', case: 'another user', request: async (c) => ({ method: 'DELETE', url: `/api/users/${(await c.api.newUser()).id}/` }), expect: manageUsers(204) },
  { route: 'DELETE users/:id', case: 'self', request: (c) => ({ method: 'DELETE', url: `/api/users/${selfId(c)}/` }), expect: signedIn(403) },
  { route: 'DELETE users/:id', case: 'the owner', request: (c) => ({ method: 'DELETE', url: `/api/users/${c.owner.id}/` }), expect: signedIn(403) },
  {
    route: 'POST users/:id/set_role', case: 'another user to viewer',
    request: async (c) => ({ method: 'POST', url: `/api/users/${(await c.api.newUser()).id}/set_role/`, payload: { role: 'viewer' } }),
    expect: manageUsers(200),
  },
  {
    route: 'POST users/:id/set_role', case: 'demote the owner',
    request: (c) => ({ method: 'POST', url: `/api/users/${c.owner.id}/set_role/`, payload: { role: 'admin' } }),
    expect: [401, 403, 400, 403, 403, 403, 403],
  },
  {
    route: 'POST users/:id/set_role', case: 'owner role (transfer)',
    request: async (c) => { const carry = await c.api.newUser(); return { method: 'POST', url: `/api/users/${carry.id}/set_role/`, payload: { role: 'owner' }, carry }; },
    expect: [401, 200, 403, 403, 403, 403, 403],
    after: restoreOwner,
  },
  {
    route: 'POST users/:id/transfer-ownership', case: 'to another active user',
    request: async (c) => { const carry = await c.api.newUser(); return { method: 'POST', url: `/api/users/${carry.id}/transfer-ownership/`, carry }; },
    expect: [401, 200, 403, 403, 403, 403, 403],
    after: restoreOwner,
  },
  {
    route: 'POST users/:id/change-password', case: 'own password',
    request: (c) => ({ method: 'POST', url: `/api/users/${selfId(c)}/change-password/`, payload: { current_password: c.me?.password, new_password: c.api.freshPassword() } }),
    expect: signedIn(200),
    after: async (c, status, request) => {
      // The new password becomes the account's, so later rows can still log it in.
      if (status === 200 && c.me) c.me.password = (request.payload as { new_password: string }).new_password;
    },
  },
  {
    route: 'POST users/:id/change-password', case: 'another user',
    request: async (c) => ({ method: 'POST', url: `/api/users/${(await c.api.newUser()).id}/change-password/`, payload: { new_password: c.api.freshPassword() } }),
    expect: [401, 200, 200, 403, 404, 404, 403],
  },
  { route: 'POST users/:id/unlock', case: 'another user', request: (c) => ({ method: 'POST', url: `/api/users/${c.target.id}/unlock/` }), expect: manageUsers(200) },
  { route: 'POST users/:id/unlock', case: 'the owner', request: (c) => ({ method: 'POST', url: `/api/users/${c.owner.id}/unlock/` }), expect: [401, 200, 403, 403, 403, 403, 403] },
  { route: 'GET users/:id/profile-image', case: 'own image', request: async (c) => { await c.api.giveImage(selfId(c)); return { method: 'GET', url: `/api/users/${selfId(c)}/profile-image/` }; }, expect: signedIn(200) },
  {
    route: 'GET users/:id/profile-image', case: "another user's image",
    request: async (c) => { await c.api.giveImage(c.target.id); return { method: 'GET', url: `/api/users/${c.target.id}/profile-image/` }; },
    expect: [401, 200, 200, 200, 404, 404, 200],
  },
  { route: 'POST users/:id/profile-image', case: 'own image', request: (c) => ({ method: 'POST', url: `/api/users/${selfId(c)}/profile-image/`, ...upload() }), expect: signedIn(200) },
  {
    route: 'POST users/:id/profile-image', case: "another user's image",
    request: (c) => ({ method: 'POST', url: `/api/users/${c.target.id}/profile-image/`, ...upload() }),
    expect: [401, 200, 200, 403, 404, 404, 403],
  },
  {
    route: 'POST users/:id/profile-image', case: "the owner's image",
    request: (c) => ({ method: 'POST', url: `/api/users/${c.owner.id}/profile-image/`, ...upload() }),
    expect: [401, 200, 403, 403, 404, 404, 403],
  },
  { route: 'DELETE users/:id/profile-image', case: 'own image', request: async (c) => { await c.api.giveImage(selfId(c)); return { method: 'DELETE', url: `/api/users/${selfId(c)}/profile-image/` }; }, expect: signedIn(204) },
  {
    route: 'DELETE users/:id/profile-image', case: "another user's image",
    request: async (c) => { await c.api.giveImage(c.target.id); return { method: 'DELETE', url: `/api/users/${c.target.id}/profile-image/` }; },
    expect: [401, 204, 204, 403, 404, 404, 403],
  },
];
