import type { HttpMethod } from '../support/http.js';

/** The columns of roles.md §5.1, plus a custom role (roles.md §3). */
export const ACTORS = ['anonymous', 'owner', 'admin', 'manager', 'user', 'viewer', 'custom'] as const;
export type Actor = (typeof ACTORS)[number];

/**
 * The role of the "custom" column: allowed exactly where it holds the flag. It has some flags and lacks others
 * (no can_manage_users, no can_manage_network), so rows of later modules can tell them apart.
 */
export const CUSTOM_ROLE = {
  name: 'auditor',
  can_manage_users: false,
  can_manage_system: true,
  can_manage_network: false,
  can_view_all_data: true,
  can_run_tools: true,
} as const;

export interface Account { id: number; username: string; email: string; password: string; access: string; refresh: string }

export interface MatrixRequest {
  method: HttpMethod;
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
  /** Bearer token to send instead of the actor's; `null` sends none. */
  token?: string | null;
  /** An account created for this call that `after` needs (e.g. the new owner, to give ownership back). */
  carry?: Account;
}

/** Setup helpers; they act as the owner, never as the actor under test. */
export interface FixtureApi {
  /** A new active user with `role` (default `user`), logged in. */
  newUser(role?: string): Promise<Account>;
  /** A new custom role without flags; returns its name. */
  newRole(): Promise<string>;
  /** Gives a user a profile image. */
  giveImage(userId: number): Promise<void>;
  /** A new session (token pair) of the account; its stored tokens are untouched. */
  login(account: Account): Promise<{ access: string; refresh: string }>;
  /** Replaces the account's stored tokens with a new session (after its sessions were revoked). */
  relogin(account: Account): Promise<void>;
  /** Gives ownership back to the fixture's owner after a row moved it to `newOwner`. */
  restoreOwner(newOwner: Account): Promise<void>;
  /** A name unique within the run: `<prefix><n>`. */
  unique(prefix: string): string;
  /** A password that passes the policy and was never used. */
  freshPassword(): string;
}

export interface Cell {
  actor: Actor;
  /** The acting account; null for `anonymous`. */
  me: Account | null;
  owner: Account;
  /** A long-lived user with role `user`, for rows that only read. */
  target: Account;
  api: FixtureApi;
}

/** Statuses per column: [anonymous, owner, admin, manager, user, viewer, custom]. */
export type Expected = readonly [number, number, number, number, number, number, number];

export interface MatrixRow {
  /** The registered route the row exercises: `METHOD path`, path relative to /api/ with `:params` (`GET users/:id`). */
  route: string;
  /** What differs between rows of the same route (the target, the body). */
  case: string;
  request(cell: Cell): Promise<MatrixRequest> | MatrixRequest;
  expect: Expected;
  /** Restores shared state after the call, whatever its outcome (ownership moved, sessions revoked). */
  after?(cell: Cell, status: number, request: MatrixRequest): Promise<void>;
}

export const everyone = (status: number): Expected => [status, status, status, status, status, status, status];
export const signedIn = (status: number): Expected => [401, status, status, status, status, status, status];
/** Allowed for `owner`, `admin`, and a custom role only when it has the flag; 403 for everyone else. */
export const manageUsers = (status: number): Expected => [401, status, status, 403, 403, 403, CUSTOM_ROLE.can_manage_users ? status : 403];
