import type { Account } from './accounts/users.repository.js';

export const PERMISSION_FLAGS = ['can_manage_users', 'can_manage_system', 'can_manage_network', 'can_view_all_data', 'can_run_tools', 'can_manage_monitors'] as const;
export type PermissionFlag = (typeof PERMISSION_FLAGS)[number];

/** What a route or socket event declares it needs (roles.md §2). */
export type Permission = 'public' | 'any' | 'owner' | PermissionFlag | readonly PermissionFlag[];

export interface Role {
  name: string;
  description: string;
  priority: number;
  can_manage_users: boolean;
  can_manage_system: boolean;
  can_manage_network: boolean;
  can_view_all_data: boolean;
  can_run_tools: boolean;
  can_manage_monitors: boolean;
  display_name: string;
  is_builtin: boolean;
}

/** The authenticated caller; role and flags are read from the database on each request. */
export interface Principal {
  userId: number;
  username: string;
  email: string;
  role: Role;
  sessionId: string;
  /** The account as read when this principal was authenticated (for the request that did it, not for later). */
  account?: Account;
}

export function hasPermission(principal: Principal, permission: Permission): boolean {
  if (permission === 'public' || permission === 'any') return true;
  if (permission === 'owner') return principal.role.name === 'owner';
  const flags: readonly PermissionFlag[] = typeof permission === 'string' ? [permission] : permission;
  return flags.every((flag) => principal.role[flag]);
}

/** A lower priority outranks a higher one (roles.md §4). */
export const outranks = (a: Pick<Role, 'priority'>, b: Pick<Role, 'priority'>): boolean => a.priority < b.priority;
