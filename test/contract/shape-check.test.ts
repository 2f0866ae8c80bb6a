import { describe, expect, it } from 'vitest';
import { check, type TypeSpec } from './shape-check.js';
import { Notification, Page, User } from './shapes.js';

const errorsOf = (value: unknown, spec: TypeSpec) => {
  const errors: string[] = [];
  check(value, spec, '', errors);
  return errors;
};

const role = {
  name: 'viewer', description: '', priority: 5, can_manage_users: false, can_manage_system: false, can_manage_network: false,
  can_view_all_data: false, can_run_tools: false, can_manage_monitors: false, display_name: 'Viewer', is_builtin: true,
};
const user = {
  id: 2, username: 'v', email: 'v@example.com', first_name: '', last_name: '', is_active: true, date_joined: '2025-07-27T10:15:30.123+00:00',
  last_login: null, profile_image: null, role: 'viewer', role_details: role, is_staff: false, is_superuser: false,
};
const jwt = (header: object) => `${Buffer.from(JSON.stringify(header)).toString('base64url')}.e30.c2ln`;

describe('the shape checker the contract suite relies on', () => {
  it('accepts a conforming representation', () => {
    expect(errorsOf(user, User)).toEqual([]);
  });

  it('reports missing, extra and reordered keys', () => {
    const { is_superuser: _, ...missing } = user;
    expect(errorsOf(missing, User)[0]).toMatch(/missing \[is_superuser\]/);
    expect(errorsOf({ ...user, password: 'x' }, User)[0]).toMatch(/extra \[password\]/);
    const { id, ...rest } = user;
    expect(errorsOf({ ...rest, id }, User)[0]).toMatch(/out of order/);
  });

  it('tells the timestamp forms apart', () => {
    expect(errorsOf({ ...user, date_joined: '2025-07-27T10:15:30.123Z' }, User)).toHaveLength(1);
    expect(errorsOf({ ...user, date_joined: '2025-07-27T10:15:30+00:00' }, User)).toHaveLength(1);
    expect(errorsOf({ ...user, last_login: '2025-07-27T10:15:30.123+00:00' }, User)).toEqual([]);
  });

  it('checks nested representations, integers and nullability', () => {
    expect(errorsOf({ ...user, role_details: { ...role, priority: '5' } }, User)).toEqual(['role_details.priority: expected integer, got "5"']);
    expect(errorsOf({ ...user, id: 2.5 }, User)).toHaveLength(1);
    expect(errorsOf({ ...user, role: null }, User)).toHaveLength(1);
  });

  it('wants epoch milliseconds, not seconds or ISO, for notification timestamps', () => {
    const n = {
      id: '6f1c0d2e-8c3b-4c1e-9a55-2f1d0e9b7a10', user: 1, title: 't', message: null, type: 'info', timestamp: 1753611330123, is_system: false,
      source: 'user', read: false, target_role: null, created_by: null, created_at: '2025-07-27T10:15:30.123+00:00',
    };
    expect(errorsOf(n, Notification)).toEqual([]);
    expect(errorsOf({ ...n, timestamp: 1753611330 }, Notification)).toHaveLength(1);
    expect(errorsOf({ ...n, timestamp: n.created_at }, Notification)).toHaveLength(1);
    expect(errorsOf({ ...n, id: n.id.toUpperCase() }, Notification)).toHaveLength(1);
    expect(errorsOf({ ...n, type: 'debug' }, Notification)).toHaveLength(1);
  });

  it('wants HS256 JWTs of three base64url segments', () => {
    expect(errorsOf(jwt({ alg: 'HS256', typ: 'JWT' }), 'jwt')).toEqual([]);
    expect(errorsOf(jwt({ alg: 'none', typ: 'JWT' }), 'jwt')).toHaveLength(1);
    expect(errorsOf('abc.def', 'jwt')).toHaveLength(1);
    expect(errorsOf(`${jwt({ alg: 'HS256', typ: 'JWT' })}=`, 'jwt')).toHaveLength(1);
  });

  it('wants the pagination envelope with absolute links', () => {
    const page = { count: 3, next: 'http://h:1/api/x/?page=2', previous: null, results: [user] };
    expect(errorsOf(page, Page(User))).toEqual([]);
    expect(errorsOf({ ...page, next: '/api/x/?page=2' }, Page(User))).toHaveLength(1);
    expect(errorsOf([user], Page(User))).toHaveLength(1);
  });
});
