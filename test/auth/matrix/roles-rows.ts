import { manageUsers, signedIn, type MatrixRow } from './types.js';

/** Roles (rest.md §5). Expected: [anonymous, owner, admin, manager, user, viewer, custom]. */
export const rolesRows: MatrixRow[] = [
  { route: 'GET roles', case: 'every role', request: () => ({ method: 'GET', url: '/api/roles/' }), expect: signedIn(200) },
  { route: 'GET roles/default_roles', case: 'built-in roles', request: () => ({ method: 'GET', url: '/api/roles/default_roles/' }), expect: signedIn(200) },
  { route: 'GET roles/:name', case: 'a built-in role', request: () => ({ method: 'GET', url: '/api/roles/admin/' }), expect: signedIn(200) },
  {
    route: 'POST roles', case: 'a custom role without flags',
    request: (c) => ({ method: 'POST', url: '/api/roles/', payload: { name: c.api.unique('mnew'), description: 'made by the matrix' } }),
    expect: manageUsers(201),
  },
  {
    route: 'PATCH roles/:name', case: 'a custom role',
    request: async (c) => ({ method: 'PATCH', url: `/api/roles/${await c.api.newRole()}/`, payload: { description: 'patched' } }),
    expect: manageUsers(200),
  },
  {
    route: 'PUT roles/:name', case: 'a custom role',
    request: async (c) => ({ method: 'PUT', url: `/api/roles/${await c.api.newRole()}/`, payload: { display_name: 'Put role' } }),
    expect: manageUsers(200),
  },
  {
    route: 'PATCH roles/:name', case: 'a built-in role',
    request: () => ({ method: 'PATCH', url: '/api/roles/viewer/', payload: { description: 'nope' } }),
    expect: signedIn(403),
  },
  { route: 'DELETE roles/:name', case: 'an unassigned custom role', request: async (c) => ({ method: 'DELETE', url: `/api/roles/${await c.api.newRole()}/` }), expect: manageUsers(204) },
  { route: 'DELETE roles/:name', case: 'a built-in role', request: () => ({ method: 'DELETE', url: '/api/roles/user/' }), expect: signedIn(403) },
];
