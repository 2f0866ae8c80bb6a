import { createStore } from './store.ts';

/** The access and refresh tokens, kept in localStorage so a reload stays signed in. */
export interface Tokens { access: string; refresh: string }

const KEY = 'everyst.tokens';

function load(): Tokens | null {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<Tokens> | null;
    return raw && typeof raw.access === 'string' && typeof raw.refresh === 'string' ? { access: raw.access, refresh: raw.refresh } : null;
  } catch {
    return null;
  }
}

export const tokens = createStore<Tokens | null>(load());

tokens.subscribe((value) => {
  try {
    if (value) localStorage.setItem(KEY, JSON.stringify(value));
    else localStorage.removeItem(KEY);
  } catch {
    // Private mode without storage: the session lasts for this tab only.
  }
});

/** Seconds since the epoch at which a JWT expires, or null when it cannot be read. */
export function expiresAt(jwt: string): number | null {
  try {
    const payload = JSON.parse(atob(jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof payload.exp === 'number' ? payload.exp : null;
  } catch {
    return null;
  }
}
