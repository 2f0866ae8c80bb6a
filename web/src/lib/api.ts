import { tokens } from './tokens.ts';

/** An error answer of the API: `detail` is the human-readable text, `fields` the per-field messages. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly detail: string, readonly fields: Record<string, string[]> = {}, readonly code?: string) {
    super(detail);
  }
  /** The first message for a field, for showing next to its input. */
  field(name: string): string | undefined {
    return this.fields[name]?.join(' ');
  }
}

type Body = Record<string, unknown> | unknown[] | FormData | undefined;
export interface RequestOptions { method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; body?: Body; signal?: AbortSignal; auth?: boolean }

let refreshing: Promise<boolean> | null = null;
const expiredListeners = new Set<() => void>();

/** Called when the session can no longer be refreshed (revoked or expired refresh token). */
export function onSessionExpired(fn: () => void): () => void {
  expiredListeners.add(fn);
  return () => expiredListeners.delete(fn);
}

/** Exchanges the refresh token for a new access token; concurrent callers share one request. */
export function refreshAccess(): Promise<boolean> {
  const current = tokens.get();
  if (!current) return Promise.resolve(false);
  refreshing ??= (async () => {
    try {
      const res = await fetch('/api/auth/refresh/', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refresh: current.refresh }),
      });
      if (res.ok) {
        const body = (await res.json()) as { access: string };
        if (tokens.get()?.refresh === current.refresh) tokens.set({ access: body.access, refresh: current.refresh });
        return true;
      }
      if (res.status === 401 || res.status === 400) {
        tokens.set(null);
        for (const fn of [...expiredListeners]) fn();
      }
      return false;
    } catch {
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

function toError(status: number, body: unknown, statusText: string): ApiError {
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const record = body as Record<string, unknown>;
    const fields: Record<string, string[]> = {};
    const collect = (prefix: string, source: Record<string, unknown>) => {
      for (const [key, value] of Object.entries(source)) {
        if (Array.isArray(value) && value.every((v) => typeof v === 'string')) fields[prefix + key] = value as string[];
        // Nested objects (a monitor's `http`, `dns`) name their fields `http.method`.
        else if (value && typeof value === 'object' && !Array.isArray(value) && !prefix) collect(`${key}.`, value as Record<string, unknown>);
      }
    };
    collect('', record);
    const detail = typeof record.detail === 'string' ? record.detail : Object.values(fields)[0]?.[0] ?? `${status} ${statusText}`;
    return new ApiError(status, detail, fields, typeof record.code === 'string' ? record.code : undefined);
  }
  return new ApiError(status, status === 0 ? 'The server cannot be reached.' : `${status} ${statusText || 'Error'}`);
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const access = tokens.get()?.access;
  if (access && options.auth !== false) headers.Authorization = `Bearer ${access}`;
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  return fetch(path.startsWith('/') ? path : `/api/${path}`, { method: options.method ?? 'GET', headers, body, signal: options.signal });
}

/** Calls `/api/<path>` with the session's token, refreshing it once when it has expired. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  let res: Response;
  try {
    res = await send(path, options);
    if (res.status === 401 && options.auth !== false && tokens.get() && (await refreshAccess())) res = await send(path, options);
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'The server cannot be reached.');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!res.ok) throw toError(res.status, parsed, res.statusText);
  return parsed as T;
}

/** A human sentence for any error thrown by `api`. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 404 && e.code === 'not_found' && e.detail === 'Not found.') return 'This feature is not available on this server yet.';
    return e.detail;
  }
  return e instanceof Error ? e.message : String(e);
}

/** Fetches binary content (the profile image) with the session's token; null when there is none (404). */
export async function apiBlob(path: string, signal?: AbortSignal): Promise<Blob | null> {
  let res = await send(path, { signal });
  if (res.status === 401 && tokens.get() && (await refreshAccess())) res = await send(path, { signal });
  if (res.status === 404) return null;
  if (!res.ok) throw toError(res.status, undefined, res.statusText);
  return res.blob();
}

/**
 * What a form shows in its error line: the error itself, unless it only names fields the form shows next to its
 * inputs; field messages for anything else are kept, named by their field.
 */
export function formLevelError(e: unknown, shown: Iterable<string>): unknown {
  if (!(e instanceof ApiError) || Object.keys(e.fields).length === 0) return e;
  const known = new Set(shown);
  const other = Object.entries(e.fields).filter(([k]) => !known.has(k));
  return other.length ? new ApiError(e.status, other.map(([k, v]) => `${k}: ${v.join(' ')}`).join(' · ')) : null;
}
