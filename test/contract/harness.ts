import { expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import type { DbKind } from '../helpers/databases.js';
import { createUser, registerOwner, type Session } from '../helpers/factories.js';
import { routeKey } from './spec-index.js';

/** Parsed JSON of a response or event; its shape is what the assertions check. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- wire JSON, checked by expectShape
export type Json = any;

/**
 * `contract('GET users/{id}/', …)` is a test of one spec route; `contractEvent('alert', …)` of one socket event.
 * The coverage test finds these calls in the sources, and each test fails unless it really requested its route
 * (or used its event) through `World.call` / the socket helpers.
 */
let active: { key: string; hit: boolean } | null = null;

function tracked(key: string, fn: () => Promise<void>, timeout?: number): void {
  it(key, async () => {
    active = { key, hit: false };
    try {
      await fn();
      expect(active.hit, `${key} was never exercised by its own test`).toBe(true);
    } finally {
      active = null;
    }
  }, timeout);
}

export function contract(key: string, fn: () => Promise<void>, timeout?: number): void {
  const [method, path] = key.split(' ');
  tracked(routeKey(method, path), fn, timeout);
}

export function contractEvent(name: string, fn: () => Promise<void>, timeout?: number): void {
  tracked(`event ${name}`, fn, timeout);
}

export function markExercised(key: string): void {
  if (active && active.key === key) active.hit = true;
}

export interface Res {
  status: number;
  body: Json;
  text: string;
  headers: Record<string, string | string[] | number | undefined>;
}

export interface CallOptions {
  params?: Record<string, string | number>;
  query?: Record<string, string | number | boolean>;
  as?: Session | null;
  body?: unknown;
  headers?: Record<string, string>;
}

/** `users/{id}/` + params → `/api/users/5/`; `/metrics` stays outside /api/. */
export function urlOf(path: string, params: Record<string, string | number> = {}, query: CallOptions['query'] = {}): string {
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!(name in params)) throw new Error(`missing path parameter ${name} for ${path}`);
    return encodeURIComponent(String(params[name]));
  });
  const base = filled.startsWith('/') ? filled : `/api/${filled}`;
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
  return qs ? `${base}?${qs}` : base;
}

export interface World {
  kind: DbKind;
  t: TestApp;
  owner: Session;
  /** Users by role name (admin, manager, user, viewer), created on request. */
  users: Record<string, Session>;
  /** Requests a spec route: `call('GET users/{id}/', {params: {id}, as: owner})`. */
  call(key: string, opts?: CallOptions): Promise<Res>;
  /** Any request (other spellings, unknown paths), untracked. */
  raw(method: string, url: string, opts?: Omit<CallOptions, 'params' | 'query'>): Promise<Res>;
  close(): Promise<void>;
}

export type BareWorld = Omit<World, 'owner' | 'users'>;

/** The app with its owner and one user per role in `roles` (`admin1`, `viewer1`, …). */
export async function createWorld(kind: DbKind, env: Record<string, string> = {}, roles: string[] = []): Promise<World> {
  const bare = await createBareWorld(kind, env);
  const owner = await registerOwner(bare.t.app);
  const users: Record<string, Session> = {};
  for (const role of roles) users[role] = await createUser(bare.t.app, owner, `${role}1`, role);
  return { ...bare, owner, users };
}

/** The app on a fresh database with no user at all (first run). */
export async function createBareWorld(kind: DbKind, env: Record<string, string> = {}): Promise<BareWorld> {
  const t = await createTestApp(kind, env);

  async function raw(method: string, url: string, opts: Omit<CallOptions, 'params' | 'query'> = {}): Promise<Res> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.as) headers.authorization = `Bearer ${opts.as.access}`;
    let payload: string | Buffer | undefined;
    if (Buffer.isBuffer(opts.body) || typeof opts.body === 'string') payload = opts.body;
    else if (opts.body !== undefined) payload = JSON.stringify(opts.body);
    if (payload !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const res = await t.app.http.inject({ method: method as 'GET', url, headers, payload });
    const json = String(res.headers['content-type'] ?? '').startsWith('application/json') && res.body;
    return { status: res.statusCode, body: json ? JSON.parse(res.body) : res.body, text: res.body, headers: res.headers };
  }

  return {
    kind, t, raw,
    async call(key, opts = {}) {
      const [method, path] = key.split(' ');
      markExercised(routeKey(method, path));
      return raw(method, urlOf(path, opts.params, opts.query), opts);
    },
    close: () => t.close(),
  };
}

/** Asserts the status, showing the body when it differs. */
export function expectStatus(res: Res, status: number): void {
  expect(res.status, `${res.status} ${res.text.slice(0, 400)}`).toBe(status);
}
