import { api, onSessionExpired, refreshAccess } from './api.ts';
import { createStore } from './store.ts';
import { expiresAt, tokens } from './tokens.ts';
import type { Flag, User } from './types.ts';

/**
 * `loading` until the first check is done; `setup` when no user exists yet (first run); `signed-out`;
 * `signed-in` with the current user.
 */
export type SessionState =
  | { status: 'loading' }
  | { status: 'setup' }
  | { status: 'signed-out'; reason?: string }
  | { status: 'signed-in'; user: User }
  | { status: 'offline'; message: string };

export const session = createStore<SessionState>({ status: 'loading' });

export function currentUser(): User | null {
  const s = session.get();
  return s.status === 'signed-in' ? s.user : null;
}

/** Whether the user's role has a permission flag; the server checks it again on every request. */
export function can(user: User | null, flag: Flag): boolean {
  return Boolean(user?.role_details?.[flag]);
}

export async function reloadUser(): Promise<User> {
  const user = await api<User>('users/me/');
  session.set({ status: 'signed-in', user });
  return user;
}

/** First check at page load: is this a first run, and is a stored session still valid? */
export async function startSession(): Promise<void> {
  try {
    const res = await fetch('/api/auth/first-run/', { headers: { Accept: 'application/json' } });
    if (res.status === 204) {
      tokens.set(null);
      session.set({ status: 'setup' });
      return;
    }
    if (!tokens.get() || !(await refreshAccess())) {
      session.set({ status: 'signed-out' });
      return;
    }
    await reloadUser();
  } catch {
    session.set({ status: 'offline', message: 'The Everyst server cannot be reached.' });
  }
}

interface AuthAnswer { access: string; refresh: string; user?: User }

export async function login(username: string, password: string): Promise<void> {
  const body = await api<AuthAnswer>('auth/login/', { method: 'POST', body: { username, password }, auth: false });
  tokens.set({ access: body.access, refresh: body.refresh });
  await reloadUser();
}

let ownerCreated = false;

/** True once after `register` created the owner (the first-run flow then offers a scan schedule). */
export function takeOwnerCreated(): boolean {
  const was = ownerCreated;
  ownerCreated = false;
  return was;
}

export async function register(fields: Record<string, string>): Promise<void> {
  const body = await api<AuthAnswer>('auth/register/', { method: 'POST', body: fields, auth: false });
  tokens.set({ access: body.access, refresh: body.refresh });
  ownerCreated = true;
  if (body.user) session.set({ status: 'signed-in', user: body.user });
  else await reloadUser();
}

export async function logout(everywhere = false): Promise<void> {
  const current = tokens.get();
  try {
    if (current) await api(everywhere ? 'auth/logout-all/' : 'auth/logout/', { method: 'POST', body: { refresh: current.refresh } });
  } catch {
    // The session may already be revoked; signing out locally is what matters.
  }
  tokens.set(null);
  session.set({ status: 'signed-out' });
}

/** Ends the local session after the server revoked it (socket `session_revoked`, failed refresh). */
export function endSession(reason: string): void {
  if (session.get().status !== 'signed-in') return;
  tokens.set(null);
  session.set({ status: 'signed-out', reason });
}

const REVOKED: Record<string, string> = {
  logout: 'You were signed out.', logout_all: 'You were signed out on every device.', password_changed: 'Your password was changed. Please sign in again.',
  session_revoked: 'This session was ended.', user_deactivated: 'Your account was deactivated.', user_deleted: 'Your account was deleted.',
};
export function revokedText(reason: unknown): string {
  return (typeof reason === 'string' && REVOKED[reason]) || 'Your session has ended. Please sign in again.';
}

onSessionExpired(() => endSession('Your session has expired. Please sign in again.'));

// Refreshes the access token a minute before it expires, so sockets and requests never see it lapse.
let timer: ReturnType<typeof setTimeout> | undefined;
tokens.subscribe((value) => {
  clearTimeout(timer);
  const exp = value ? expiresAt(value.access) : null;
  if (exp === null) return;
  const wait = Math.max(5_000, exp * 1000 - Date.now() - 60_000);
  timer = setTimeout(() => void refreshAccess(), Math.min(wait, 2 ** 31 - 1));
});
